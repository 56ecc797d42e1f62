"""The one door to advice requests. Missing and forbidden look the same (404).

An organisation's contacts and board members see their own organisation's requests and the
messages on them, never the advisors' notes; advisors see every request."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from socius.advice.models import AdviceRequest
from socius.core.access import user_acts_for_organisation, user_can


def _get(public_id: Any) -> AdviceRequest | None:
    return (
        AdviceRequest.objects.select_related("organisation", "assigned_to", "created_by")
        .prefetch_related("themes")
        .filter(public_id=public_id)
        .first()
    )


def request_for_organisation(*, user: Any, public_id: Any) -> AdviceRequest:
    """A request its organisation's contacts and board members may read and answer."""
    request = _get(public_id)
    if request is None or not user_acts_for_organisation(user, request.organisation_id):
        raise Http404
    return request


def request_for_advisor(*, user: Any, public_id: Any) -> AdviceRequest:
    """Any request, for those who work the advice queue."""
    if not user_can(user, "advice.handle"):
        raise Http404
    request = _get(public_id)
    if request is None:
        raise Http404
    return request
