from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import user_can
from socius.core.audit import audit_record
from socius.core.models import Membership, Organisation
from socius.core.roles import Capability
from socius.grants.audit import (
    AUDIT_CONFLICT_DECLARED,
    AUDIT_REVIEW_ASSIGNED,
    AUDIT_REVIEW_SUBMITTED,
)
from socius.grants.models import Application, ConflictOfInterest, ReviewAssignment, Score
from socius.grants.scoring import ScoringError, weighted_score
from socius.grants.workflows import ApplicationState, RoundState

if TYPE_CHECKING:
    from socius.accounts.models import User


def _conflicted(reviewer: User, organisation_id: int) -> bool:
    """Declared conflicts, and membership of the applying organisation, block a review."""
    return (
        ConflictOfInterest.objects.filter(
            reviewer=reviewer, organisation_id=organisation_id
        ).exists()
        or Membership.objects.filter(user=reviewer, organisation_id=organisation_id).exists()
    )


@transaction.atomic
def review_assign(*, actor: User, app: Application, reviewer: User) -> ReviewAssignment:
    """Assign a reviewer; refused for people without the reviewer role or with a conflict."""
    if not user_can(actor, Capability.GRANTS_MANAGE):
        raise PermissionDenied
    if not user_can(reviewer, Capability.GRANTS_REVIEW):
        raise ValidationError(_("That person cannot review applications."))
    if app.state != ApplicationState.SUBMITTED or app.round.state not in {
        RoundState.OPEN,
        RoundState.CLOSED,
    }:
        raise ValidationError(
            _("Only submitted applications in a round being assessed can get reviewers.")
        )
    if _conflicted(reviewer, app.organisation_id):
        raise ValidationError(_("The reviewer has a conflict of interest with this organisation."))
    assignment, created = ReviewAssignment.objects.get_or_create(application=app, reviewer=reviewer)
    if created:
        audit_record(
            actor=actor, action=AUDIT_REVIEW_ASSIGNED, target=app, data={"reviewer": reviewer.pk}
        )
    return assignment


@transaction.atomic
def conflict_declare(*, actor: User, organisation: Organisation, reason: str) -> ConflictOfInterest:
    """A reviewer declares a conflict; their unfinished reviews of that organisation are removed."""
    if not user_can(actor, Capability.GRANTS_REVIEW):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say what the conflict of interest is."))
    conflict, _created = ConflictOfInterest.objects.update_or_create(
        reviewer=actor, organisation=organisation, defaults={"reason": reason.strip()}
    )
    removed, _detail = ReviewAssignment.objects.filter(
        reviewer=actor, application__organisation=organisation, submitted_at__isnull=True
    ).delete()
    audit_record(
        actor=actor,
        action=AUDIT_CONFLICT_DECLARED,
        target=organisation,
        data={"removed_reviews": removed},
    )
    return conflict


@transaction.atomic
def review_submit(
    *, actor: User, assignment: ReviewAssignment, scores: dict[str, int | None], comment: str = ""
) -> float | None:
    """Store a reviewer's scores (0-5, or None for "not applicable"); returns the weighted score."""
    if assignment.reviewer_id != actor.pk or not user_can(actor, Capability.GRANTS_REVIEW):
        raise PermissionDenied
    app = assignment.application
    if app.round.state not in {RoundState.OPEN, RoundState.CLOSED}:
        raise ValidationError(_("Scores can no longer be changed: amounts have been proposed."))
    if _conflicted(actor, app.organisation_id):
        raise ValidationError(_("You have a conflict of interest with this organisation."))
    criteria = {c.key: c for c in app.round.criteria.all()}
    if set(scores) != set(criteria):
        raise ValidationError(_("Score every criterion, or mark it not applicable."))
    try:
        result = weighted_score(scores, {k: c.weight for k, c in criteria.items()})
    except ScoringError as exc:
        raise ValidationError(str(exc)) from exc
    for key, value in scores.items():
        Score.objects.update_or_create(
            assignment=assignment, criterion=criteria[key], defaults={"value": value}
        )
    assignment.comment = comment.strip()
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["comment", "submitted_at"])
    audit_record(actor=actor, action=AUDIT_REVIEW_SUBMITTED, target=app, data={"score": result})
    return result
