"""A commitment stops when its yearly gift stops: the gift's mandate stopped (payments'
``mandate_changed``) or the gift was cancelled (any path that saves it as cancelled: the
donor's "stop", giving's receiver of a stopped mandate). Connected in apps.py."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from socius.support.models import Gift
from socius.support.payments.signals import mandate_changed


def _mandate_changed(sender: Any, mandate: Any, **kwargs: Any) -> None:
    if mandate.status == "stopped" and mandate.gift_id:
        from socius.support.tax.services import commitment_stopped

        commitment_stopped(gift_id=mandate.gift_id, at=mandate.stopped_at)


def _gift_saved(sender: Any, instance: Gift, **kwargs: Any) -> None:
    # No query unless the gift is cancelled: gifts are saved often.
    if instance.status == Gift.Status.CANCELLED and instance.frequency == Gift.Frequency.YEARLY:
        from socius.support.tax.services import commitment_stopped

        commitment_stopped(gift_id=instance.pk, at=instance.cancelled_at)


mandate_changed.connect(_mandate_changed, dispatch_uid="support-tax-mandate-changed")
post_save.connect(_gift_saved, sender=Gift, dispatch_uid="support-tax-gift-saved")
