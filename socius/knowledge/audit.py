"""The knowledge hub's audit actions, with their readable names for the audit log page.

Publishing itself is logged by Wagtail's own history; these are the drafts other modules hand
to the editors."""

from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("knowledge", _("Knowledge hub"))
AUDIT_GUIDE_DRAFT_CREATED = audit_action(
    "knowledge.guide_draft_create", _("Guide draft handed to the editors"), module=MODULE
)
AUDIT_RECOMMENDATION_DRAFT_CREATED = audit_action(
    "knowledge.recommendation_draft_create",
    _("Recommendation draft handed to the editors"),
    module=MODULE,
)
