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
    AUDIT_REVIEW_EXCLUDED,
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
    excluded = reviews_exclude_conflicted(
        actor=actor,
        reviewer_id=actor.pk,
        organisation_id=organisation.pk,
        reason=ReviewAssignment.Exclusion.CONFLICT,
    )
    audit_record(
        actor=actor,
        action=AUDIT_CONFLICT_DECLARED,
        target=organisation,
        data={"removed_reviews": removed, "excluded_reviews": excluded},
    )
    return conflict


@transaction.atomic
def reviews_exclude_conflicted(
    *, actor: User | None, reviewer_id: int, organisation_id: int, reason: str
) -> int:
    """Stop counting the submitted reviews the reviewer gave ``organisation_id``'s applications.

    Threat model: a reviewer who scores an application and then declares a conflict, or joins
    the applicant's board, must not keep a say in its amount. Their scores stay (the record of
    what happened), marked excluded with the reason; selectors.application_score and the
    allocation skip them. Called when a conflict is declared and, through a signal, whenever a
    membership of the organisation is saved (a service, the admin, the shell), so ``actor`` is
    None when the change did not come through a service. Each exclusion is audited. Returns
    how many reviews stopped counting."""
    reviews = list(
        ReviewAssignment.objects.select_for_update()
        .filter(
            reviewer_id=reviewer_id,
            application__organisation_id=organisation_id,
            submitted_at__isnull=False,
            excluded_at__isnull=True,
        )
        .select_related("application")
    )
    now = timezone.now()
    for review in reviews:
        review.excluded_at, review.excluded_reason = now, reason
        review.save(update_fields=["excluded_at", "excluded_reason"])
        audit_record(
            actor=actor,
            action=AUDIT_REVIEW_EXCLUDED,
            target=review.application,
            data={"reviewer": review.reviewer_id, "reason": reason},
        )
    return len(reviews)


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
