"""The one door to grant objects. Missing and forbidden look the same (404)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404

from socius.core.access import ACTING_ROLES, user_acts_for_organisation, user_can
from socius.core.roles import Capability
from socius.grants.models import Application, ReviewAssignment, Round

if TYPE_CHECKING:
    from socius.accounts.models import User


APPLICANT_ROLES = ACTING_ROLES
# Contacts and board members apply for their organisation.
user_can_apply_for = user_acts_for_organisation


def application_for_applicant(*, user: User, public_id: Any) -> Application:
    """An application its organisation's contacts and board members may see and change."""
    app = (
        Application.objects.select_related("round__pool", "organisation", "theme")
        .filter(public_id=public_id)
        .first()
    )
    if app is None or not user_can_apply_for(user, app.organisation_id):
        raise Http404
    return app


def application_for_staff(*, user: User, public_id: Any) -> Application:
    """Any application, for those who run grant rounds."""
    if not user_can(user, Capability.GRANTS_MANAGE):
        raise Http404
    app = (
        Application.objects.select_related("round__pool", "organisation", "theme")
        .filter(public_id=public_id)
        .first()
    )
    if app is None:
        raise Http404
    return app


def round_for_manage(*, user: User, slug: str) -> Round:
    if not user_can(user, Capability.GRANTS_MANAGE):
        raise Http404
    round_ = Round.objects.select_related("pool").filter(slug=slug).first()
    if round_ is None:
        raise Http404
    return round_


def assignment_for_reviewer(*, user: User, assignment_id: int) -> ReviewAssignment:
    """A review assigned to ``user``; nobody else's."""
    assignment = (
        ReviewAssignment.objects.select_related("application__round", "application__organisation")
        .filter(pk=assignment_id, reviewer=user)
        .first()
    )
    if assignment is None or not user_can(user, Capability.GRANTS_REVIEW):
        raise Http404
    return assignment
