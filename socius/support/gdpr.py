"""Supporters in a person's data export and account deletion (core.personal_data).

Export: the supporter row, memberships, gifts and newsletter subscription. Erasure anonymises
the supporter (name, e-mail and postal address cleared, ``anonymised_at`` set) but keeps the
amounts, memberships, gifts and the ledger: the bookkeeping law (bogføringsloven § 10) keeps
vouchers for five years. The newsletter row for the person's address is deleted."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from socius.core.audit import audit_record
from socius.core.personal_data import personal_data_register


def _export(user: Any) -> dict[str, Any]:
    from socius.support.models import NewsletterSubscription, Supporter

    supporter = Supporter.objects.filter(user=user).first()
    newsletter = NewsletterSubscription.objects.filter(email__iexact=user.email).first()
    data: dict[str, Any] = {"supporter": None, "memberships": [], "gifts": [], "newsletter": None}
    if newsletter:
        data["newsletter"] = {
            "email": newsletter.email,
            "confirmed_at": newsletter.confirmed_at.isoformat() if newsletter.confirmed_at else None,
            "unsubscribed_at": newsletter.unsubscribed_at.isoformat() if newsletter.unsubscribed_at else None,
        }  # fmt: skip
    if supporter is None:
        return data
    data["supporter"] = {
        "name": supporter.name, "email": supporter.email, "address": supporter.address,
        "postcode": supporter.postcode, "town": supporter.town, "language": supporter.language,
        "created_at": supporter.created_at.isoformat(),
    }  # fmt: skip
    data["memberships"] = [
        {"tier": m.tier.name, "status": m.status, "joined_at": m.joined_at.isoformat(),
         "paid_until": m.paid_until.isoformat() if m.paid_until else None}
        for m in supporter.memberships.select_related("tier")
    ]  # fmt: skip
    data["gifts"] = [
        {"amount_ore": g.amount_ore, "frequency": g.frequency, "status": g.status,
         "deductible": g.deductible, "campaign": g.campaign.title if g.campaign else None,
         "created_at": g.created_at.isoformat()}
        for g in supporter.gifts.select_related("campaign")
    ]  # fmt: skip
    return data


def _erase(user: Any) -> None:
    from socius.support import audit
    from socius.support.models import NewsletterSubscription, Supporter

    NewsletterSubscription.objects.filter(email__iexact=user.email).delete()
    supporter = Supporter.objects.filter(user=user).first()
    if supporter is None:
        return
    supporter.name = ""
    supporter.email = ""
    supporter.address = supporter.postcode = supporter.town = ""
    # The link to the (anonymised, kept) account stays, so the tax deduction's eraser, which
    # runs after this one, still finds the supporter and deletes the CPR number.
    supporter.anonymised_at = timezone.now()
    supporter.save(update_fields=["name", "email", "address", "postcode", "town",
                                  "anonymised_at", "updated_at"])  # fmt: skip
    audit_record(actor=None, action=audit.AUDIT_SUPPORTER_ANONYMISED, target=supporter)


personal_data_register("support", export=_export, erase=_erase)
