"""The one door to advice requests. Missing and forbidden look the same (404).

An organisation's contacts and board members see their own organisation's requests and the
messages on them, never the advisors' notes; advisors see every request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404

from socius.advice.models import AdviceRequest, Community
from socius.core.access import Viewer, user_acts_for_organisation, user_can
from socius.core.roles import Capability

if TYPE_CHECKING:
    from socius.accounts.models import User


def _get(public_id: Any) -> AdviceRequest | None:
    return (
        AdviceRequest.objects.select_related("organisation", "assigned_to", "created_by")
        .prefetch_related("themes")
        .filter(public_id=public_id)
        .first()
    )


def request_for_organisation(*, user: User, public_id: Any) -> AdviceRequest:
    """A request its organisation's contacts and board members may read and answer."""
    request = _get(public_id)
    if request is None or not user_acts_for_organisation(user, request.organisation_id):
        raise Http404
    return request


def request_for_advisor(*, user: User, public_id: Any) -> AdviceRequest:
    """Any request, for those who work the advice queue."""
    if not user_can(user, Capability.ADVICE_HANDLE):
        raise Http404
    request = _get(public_id)
    if request is None:
        raise Http404
    return request


def _community(public_id: Any) -> Community | None:
    return (
        Community.objects.select_related("organisation", "municipality")
        .filter(public_id=public_id)
        .first()
    )


def community_for_view(*, user: Viewer, public_id: Any) -> tuple[Community, bool]:
    """A listed community and whether ``user`` may manage it. Hidden entries are seen only by
    their organisation's contacts and board members; others get 404, as for a missing one."""
    community = _community(public_id)
    if community is None:
        raise Http404
    can_manage = user_acts_for_organisation(user, community.organisation_id)
    if not can_manage and not Community.objects.visible().filter(pk=community.pk).exists():
        raise Http404
    return community, can_manage


def community_for_manage(*, user: User, public_id: Any) -> Community:
    """A community its organisation's contacts and board members may change."""
    community = _community(public_id)
    if community is None or not user_acts_for_organisation(user, community.organisation_id):
        raise Http404
    return community
