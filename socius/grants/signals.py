"""Grants' reactions to changes elsewhere: a reviewer who joins an applicant stops counting.

The membership may be saved by the core services, the Django admin or a shell; a signal on the
model catches all of them, so a reviewer cannot keep a counted score by joining an applying
organisation's board after scoring it (see services.reviews.reviews_exclude_conflicted)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from socius.core.models import Membership


def _membership_saved(sender: Any, instance: Membership, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading fixtures
        return
    from socius.grants.models import ReviewAssignment
    from socius.grants.services.reviews import reviews_exclude_conflicted

    reviews_exclude_conflicted(
        actor=None,
        reviewer_id=instance.user_id,
        organisation_id=instance.organisation_id,
        reason=ReviewAssignment.Exclusion.MEMBERSHIP,
    )


post_save.connect(_membership_saved, sender=Membership, dispatch_uid="grants-membership-conflict")
