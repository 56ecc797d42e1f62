"""Reads of the community directory (what the public sees), and of advice requests: the
queue, an organisation's own requests, guide suggestions, names to redact, and the service's
statistics."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from socius.advice.deadlines import DeadlineStatus, deadline_status, response_working_days
from socius.advice.models import AdviceMessage, AdviceRequest, Community, FollowUp, Outcome, Want
from socius.advice.workflows import OPEN_STATES, RequestState
from socius.core.access import ACTING_ROLES, users_with_capability
from socius.core.models import Municipality, Theme
from socius.core.roles import Capability
from socius.core.search_registry import registration_get
from socius.search.query import Filters, query_tokens
from socius.search.selectors import SearchHit, search_query

if TYPE_CHECKING:
    from socius.accounts.models import User


GUIDE_KINDS = ("guide",)
WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8
SUGGESTIONS = 5


def community_list_public(
    *, q: str = "", municipality: Municipality | None = None, theme: Theme | None = None
) -> QuerySet[Community]:
    """The public directory ("Find a community"): visible entries only, with the page's
    filters, ordered as the page shows them. One query plus the themes' prefetch."""
    qs = (
        Community.objects.visible()
        .select_related("municipality", "organisation")
        .prefetch_related("themes")
    )
    if q:
        qs = qs.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(audience__icontains=q)
        )
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if theme is not None:
        qs = qs.filter(themes=theme)
    return qs.order_by("municipality__name", "title")


def community_get_public(public_id: Any) -> Community | None:
    """One entry of the public directory, or None when it is unknown or hidden (inactive, or
    not confirmed within the grace period)."""
    return (
        Community.objects.visible()
        .select_related("municipality", "organisation")
        .prefetch_related("themes")
        .filter(public_id=public_id)
        .first()
    )


def request_list_for_organisations(*, user: User) -> QuerySet[AdviceRequest]:
    """Requests of every organisation ``user`` acts for, newest first."""
    return (
        AdviceRequest.objects.filter(
            organisation__memberships__user=user,
            organisation__memberships__role__in=ACTING_ROLES,
        )
        .select_related("organisation")
        .distinct()
        .order_by("-submitted_at")
    )


def community_list_for(*, user: Any) -> QuerySet[Community]:
    """The communities run by the organisations ``user`` acts for, hidden ones included (so
    the person sees what needs confirming)."""
    if not getattr(user, "is_authenticated", False):
        return Community.objects.none()
    return (
        Community.objects.filter(
            organisation__memberships__user=user,
            organisation__memberships__role__in=ACTING_ROLES,
        )
        .select_related("organisation", "municipality")
        .distinct()
        .order_by("title", "id")
    )


def request_queue(
    *,
    user: User,
    state: str = "",
    assigned: str = "",
    theme: Theme | None = None,
    want: str = "",
    flag: str = "",
    today: datetime.date | None = None,
) -> list[AdviceRequest]:
    """The advisors' queue: open requests by default, the most urgent deadline first.

    Each request carries ``deadline`` (a DeadlineStatus value) for the flags."""
    qs = AdviceRequest.objects.select_related("organisation", "assigned_to").prefetch_related(
        "themes"
    )
    if state == "all":
        pass
    elif state:
        qs = qs.filter(state=state)
    else:
        qs = qs.filter(state__in=OPEN_STATES)
    if assigned == "me":
        qs = qs.filter(assigned_to=user)
    elif assigned == "none":
        qs = qs.filter(assigned_to__isnull=True)
    if theme is not None:
        qs = qs.filter(themes=theme)
    if want:
        # JSON containment is not available on SQLite; the quoted value matches one element.
        qs = qs.filter(wants__icontains=f'"{want}"')
    today = today or timezone.localdate()
    requests = list(qs.order_by("response_due", "submitted_at", "id"))
    for request in requests:
        request.deadline = deadline_status(request, today=today)  # type: ignore[attr-defined]
    if flag:
        requests = [r for r in requests if r.deadline == flag]  # type: ignore[attr-defined]
    return requests


def guide_kind() -> str:
    """The search kind guides are registered under, or "" while no module publishes guides."""
    return next((k for k in GUIDE_KINDS if registration_get(k) is not None), "")


def guide_suggestions(*, title: str, description: str, themes: list[Theme]) -> list[SearchHit]:
    """Public guides (or, before there are guides, any public content) that may answer a
    request, best first. Search needs every word of a query, so a whole heading rarely
    matches; we ask for the heading, then each of its words and each theme on its own, and
    rank what comes back by how many of those it answered (the heading counts most)."""
    kind = guide_kind()
    words = list(dict.fromkeys(w for w in WORD.findall(title.lower()) if query_tokens(w)))
    if not words:
        words = [w for w in WORD.findall(description.lower()) if query_tokens(w)][:MAX_WORDS]
    queries = [(title, len(words) + 1)] + [(w, 1) for w in words[:MAX_WORDS]]
    queries += [(t.name, 1) for t in themes]
    found: dict[int, SearchHit] = {}
    score: Counter[int] = Counter()
    for q, weight in queries:
        hits = search_query(q=q, filters=Filters(kind=kind), limit=SUGGESTIONS).hits
        for hit in hits:
            found.setdefault(hit.document.pk, hit)
            score[hit.document.pk] += weight
    ranked = sorted(score, key=lambda pk: (-score[pk], found[pk].rank))
    return [found[pk] for pk in ranked[:SUGGESTIONS]]


def names_to_redact(request: AdviceRequest) -> tuple[list[str], list[str]]:
    """The organisation's name, and the names of the people the platform knows on the case."""
    people = {m.user.name for m in request.organisation.memberships.select_related("user")}
    authors = AdviceMessage.objects.filter(request=request, author__isnull=False).select_related(
        "author"
    )
    people.update(m.author.name for m in authors if m.author is not None)
    for person in (request.created_by, request.assigned_to):
        if person is not None:
            people.add(person.name)
    return [request.organisation.name], sorted(p for p in people if p)


@dataclass
class Statistics:
    total: int = 0
    open: int = 0
    by_theme: list[tuple[str, int]] = field(default_factory=list)
    by_want: list[tuple[str, int]] = field(default_factory=list)
    by_deadline: list[tuple[str, int]] = field(default_factory=list)
    by_outcome: list[tuple[str, int]] = field(default_factory=list)
    by_follow_up: list[tuple[str, int]] = field(default_factory=list)
    median_response_days: float | None = None
    people_reached: int = 0
    follow_ups_sent: int = 0
    follow_ups_answered: int = 0
    follow_up_helped: int = 0


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def advice_statistics(
    *, since: datetime.date | None = None, today: datetime.date | None = None
) -> Statistics:
    """The numbers behind the service's dashboard and its CSV export."""
    qs = AdviceRequest.objects.prefetch_related("themes")
    if since is not None:
        qs = qs.filter(submitted_at__date__gte=since)
    requests = list(qs)
    stats = Statistics(total=len(requests))
    stats.open = sum(1 for r in requests if r.state in OPEN_STATES)
    themes: Counter[str] = Counter()
    wants: Counter[str] = Counter()
    deadlines: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    days: list[int] = []
    for r in requests:
        themes.update(t.name for t in r.themes.all())
        wants.update(r.wants)
        if r.state != RequestState.WITHDRAWN:
            deadlines[deadline_status(r, today=today)] += 1
        if r.state == RequestState.CLOSED and r.outcome:
            outcomes[r.outcome] += 1
            stats.people_reached += r.people_reached or 0
        worked = response_working_days(r)
        if worked is not None:
            days.append(worked)
    stats.by_theme = sorted(themes.items(), key=lambda kv: (-kv[1], kv[0]))
    stats.by_want = [(str(label), wants[value]) for value, label in Want.choices]
    stats.by_deadline = [(str(label), deadlines[value]) for value, label in DeadlineStatus.choices]
    stats.by_outcome = [(str(label), outcomes[value]) for value, label in Outcome.choices]
    stats.median_response_days = _median(days)
    follow_ups = FollowUp.objects.filter(request__in=qs.values("pk"))
    stats.follow_ups_sent = follow_ups.filter(sent_at__isnull=False).count()
    answered = list(follow_ups.filter(answered_at__isnull=False))
    stats.follow_ups_answered = len(answered)
    stats.follow_up_helped = sum(1 for f in answered if f.advice_helped)
    statuses = Counter(f.community_status for f in answered)
    stats.by_follow_up = [(str(label), statuses[value]) for value, label in FollowUp.Status.choices]
    return stats


def advisor_choices() -> QuerySet[Any]:
    """People who can be given a request."""
    from socius.core.access import users_with_capability

    return users_with_capability(Capability.ADVICE_HANDLE).order_by("name", "email")


def request_followers(request: AdviceRequest) -> list[Any]:
    """Whoever asked, and the organisation's contacts and board members: they follow the case."""
    people = {
        m.user.pk: m.user
        for m in request.organisation.memberships.filter(
            role__in=ACTING_ROLES, user__is_active=True
        ).select_related("user")
    }
    if request.created_by is not None and request.created_by.is_active:
        people.setdefault(request.created_by.pk, request.created_by)
    return list(people.values())


def advisors() -> list[Any]:
    """Everyone who works the queue."""
    return list(users_with_capability(Capability.ADVICE_HANDLE))
