"""Support's audit actions (memberships, gifts, campaigns, the newsletter), with their readable
names for the audit log page. Payments, the tax deduction and the treasury have their own."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("support", _("Support"), prefixes=("support.",))


def _action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)


AUDIT_MEMBERSHIP_JOINED = _action("support.membership.join", _("Membership started"))
AUDIT_MEMBERSHIP_PAID = _action("support.membership.paid", _("Membership fee paid"))
AUDIT_MEMBERSHIP_RESIGNED = _action("support.membership.resign", _("Membership resigned"))
AUDIT_MEMBERSHIP_LAPSED = _action("support.membership.lapse", _("Membership lapsed"))
AUDIT_GIFT_CREATED = _action("support.gift.create", _("Gift started"))
AUDIT_GIFT_CANCELLED = _action("support.gift.cancel", _("Recurring gift stopped"))
AUDIT_CAMPAIGN_SAVED = _action("support.campaign.save", _("Campaign saved"))
AUDIT_CAMPAIGN_ENDED = _action("support.campaign.end", _("Campaign ended"))
AUDIT_ACCOUNTS_REMINDED = _action(
    "support.campaign.accounts_remind", _("Treasurer reminded of campaign accounts")
)
AUDIT_SUPPORTER_ANONYMISED = _action("support.supporter.anonymise", _("Supporter anonymised"))
AUDIT_TIER_CREATED = _action("support.tier.create", _("Membership tier created"))
AUDIT_TIER_UPDATED = _action("support.tier.update", _("Membership tier changed"))
AUDIT_NEWSLETTER_ISSUE_SAVED = _action("support.newsletter.issue_save", _("Newsletter issue saved"))
AUDIT_NEWSLETTER_ISSUE_SENT = _action("support.newsletter.issue_send", _("Newsletter issue sent"))
