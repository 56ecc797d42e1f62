"""The council's public pages: the councils of the participating municipalities, one
council (composition by party and bloc, committees, meetings, decisions) and one item."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from socius.core.access import user_can
from socius.core.cache import public_page
from socius.core.roles import Capability
from socius.core.threads import step_kind
from socius.council import charts, selectors
from socius.council.models import CouncilItem


@require_GET
@public_page()
def council_list(request: HttpRequest) -> HttpResponse:
    """Every participating municipality's council; one query."""
    return render(
        request,
        "council/council_list.html",
        {
            "councils": list(selectors.council_list_public()),
            "is_secretariat": user_can(request.user, Capability.COUNCIL_SECRETARIAT),
        },
    )


@require_GET
@public_page()
def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A council: seats by party and bloc (charts with tables), committees, upcoming meetings
    and the latest decisions; a fixed number of queries."""
    council = selectors.council_public(slug)
    if council is None:
        raise Http404
    groups = selectors.council_groups(council)
    blocs = selectors.seats_by_bloc(groups)
    return render(
        request,
        "council/council_detail.html",
        {
            "council": council,
            "space": council.municipality.space,
            "groups": groups,
            "blocs": blocs,
            "seats_taken": sum(g.seats for g in groups),
            "party_chart": charts.seats_by_party_chart(council, groups),
            "bloc_chart": charts.seats_by_bloc_chart(council, blocs),
            "committees": selectors.council_committees(council),
            "meetings": selectors.meetings_upcoming(council),
            "decisions": selectors.decisions_latest(council=council, limit=10),
            "open_items": list(selectors.items_for_secretariat(council)[:10]),
            "is_secretariat": user_can(request.user, Capability.COUNCIL_SECRETARIAT),
        },
    )


def item_source(item: CouncilItem, viewer: Any) -> Any:
    """What the item came from, as the thread shows it (title, link), or None."""
    kind = step_kind(item.source_kind) if item.source_kind else None
    if kind is None or not item.source_key:
        return None
    return kind.resolve([item.source_key], viewer).get(item.source_key)


@require_GET
@public_page()
def item_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """An item: its source, meeting, decision, the votes by party and bloc, follow-up."""
    item = selectors.item_public(public_id)
    if item is None:
        raise Http404
    groups = selectors.council_groups(item.council)
    rows = selectors.vote_rows(item, groups)
    viewer = request.user if request.user.is_authenticated else None
    return render(
        request,
        "council/item_detail.html",
        {
            "item": item,
            "council": item.council,
            "space": item.council.municipality.space,
            "source": item_source(item, viewer),
            "vote_rows": rows,
            "votes_chart": charts.votes_chart(rows),
            "is_secretariat": user_can(request.user, Capability.COUNCIL_SECRETARIAT),
        },
    )
