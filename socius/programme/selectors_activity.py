"""The platform's activity on a commitment, gathered by theme and by the links editors add:
the municipality's grant rounds, events, citizen proposals and released plan outcome tables,
and national conversations, that share a theme with the commitment. Each module is read
through its own public selectors, one query per module whatever the data; links added by
hand are resolved through the thread kinds (one query per kind)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.threads import step_kind
from socius.programme.models import Commitment

LIMIT = 5

# Contracts carry no theme; a clause category stands for the themes it works on, so a
# commitment sees the contracts whose clauses match one of its themes.
CONTRACT_KIND = "contract"
CLAUSE_THEMES: dict[str, frozenset[str]] = {
    "training": frozenset({"boern-og-unge", "oekonomisk-ulighed", "integration"}),
    "social_employment": frozenset(
        {"oekonomisk-ulighed", "integration", "handicap", "psykisk-sygdom", "hjemloeshed"}
    ),
    "reserved": frozenset({"handicap", "psykisk-sygdom", "misbrug"}),
    "labour": frozenset({"oekonomisk-ulighed"}),
}


def clause_categories_for(theme_slugs: set[str]) -> list[str]:
    """The clause categories that work on any of ``theme_slugs``."""
    return sorted(c for c, themes in CLAUSE_THEMES.items() if themes & theme_slugs)


@dataclass(frozen=True)
class Activity:
    kind: str  # the group's heading
    title: str
    url: str
    date: datetime.date | None = None
    linked: bool = False  # added by hand


def _local(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(value) if value is not None else None


def commitment_activity(commitment: Commitment) -> list[tuple[str, list[Activity]]]:
    """(heading, items) per kind of activity, newest first, at most five each."""
    from socius.deliberation.selectors import conversation_list_public
    from socius.events.selectors import event_list_for_municipality
    from socius.grants.selectors import round_list_public
    from socius.plans.outcomes.selectors import release_list_for
    from socius.proposals.selectors import proposal_list_public

    municipality = commitment.programme.municipality
    themes = list(commitment.themes.all())
    theme_ids = [t.pk for t in themes]
    groups: list[tuple[str, list[Activity]]] = []
    rounds = (
        round_list_public()
        .filter(pool__municipality=municipality, theme_minimums__theme__in=theme_ids)
        .distinct()[:LIMIT]
    )
    groups.append(
        (
            _("Grant rounds"),
            [
                Activity(_("Grant rounds"), r.name, r.get_absolute_url(), _local(r.opens_at))
                for r in rounds
            ],
        )
    )
    events = event_list_for_municipality(municipality).filter(theme__in=theme_ids)[:LIMIT]
    groups.append(
        (
            _("Events"),
            [
                Activity(_("Events"), e.title, e.get_absolute_url(), _local(e.starts_at))
                for e in events
            ],
        )
    )
    proposals = proposal_list_public().filter(municipality=municipality, theme__in=theme_ids)[
        :LIMIT
    ]
    groups.append(
        (
            _("Citizen proposals"),
            [
                Activity(
                    _("Citizen proposals"), p.title, p.get_absolute_url(), _local(p.created_at)
                )
                for p in proposals
            ],
        )
    )
    conversations = conversation_list_public().filter(theme__in=theme_ids)[:LIMIT]
    groups.append(
        (
            _("Conversations"),
            [
                Activity(_("Conversations"), c.title, c.get_absolute_url(), _local(c.created_at))
                for c in conversations
            ],
        )
    )
    releases = release_list_for(municipality=municipality).filter(theme__in=theme_ids)[:LIMIT]
    groups.append(
        (
            _("Plan outcomes"),
            [
                Activity(
                    _("Plan outcomes"),
                    _("%(table)s, %(year)s") % {"table": r.get_table_display(), "year": r.year},
                    reverse("plans_outcomes:municipality", args=[municipality.code]),
                    _local(r.released_at),
                )
                for r in releases
            ],
        )
    )
    groups.append((_("Contracts with social clauses"), contract_activity(commitment, themes)))
    groups.append((_("Linked by hand"), linked_activity(commitment)))
    return [(heading, items) for heading, items in groups if items]


def contract_activity(commitment: Commitment, themes: list[Any]) -> list[Activity]:
    """The municipality's contracts with a social clause whose category works on one of the
    commitment's themes (one query; none without a space or a matching theme)."""
    from socius.procurement.clauses.selectors import contracts_with_clauses

    categories = clause_categories_for({t.slug for t in themes})
    space = getattr(commitment.programme.municipality, "space", None)
    if not categories or space is None:
        return []
    contracts = contracts_with_clauses(space=space, categories=categories)[:LIMIT]
    return [
        Activity(_("Contracts with social clauses"), c.title, c.get_absolute_url(), c.starts_on)
        for c in contracts
    ]


def contracts_linked(commitment: Commitment, keys: list[str]) -> list[Activity]:
    """Contracts with social clauses an editor linked by hand (one query)."""
    from socius.procurement.clauses.selectors import contracts_with_clauses
    from socius.programme.services_actions import parse_uuid

    space = getattr(commitment.programme.municipality, "space", None)
    ids = [u for u in (parse_uuid(k) for k in keys) if u is not None]
    if space is None or not ids:
        return []
    return [
        Activity(
            str(_("Contract with social clauses")),
            c.title,
            c.get_absolute_url(),
            c.starts_on,
            linked=True,
        )
        for c in contracts_with_clauses(space=space, public_ids=ids)
    ]


def contract_candidates(commitment: Commitment, text: str) -> list[tuple[str, str]]:
    """Contracts with social clauses in the commitment's municipality, by title (editors'
    search when linking by hand)."""
    from socius.procurement.clauses.selectors import contracts_with_clauses

    space = getattr(commitment.programme.municipality, "space", None)
    if space is None:
        return []
    return [
        (str(c.public_id), f"{c.reference}: {c.title}")
        for c in contracts_with_clauses(space=space, text=text)[:20]
    ]


def linked_activity(commitment: Commitment) -> list[Activity]:
    """The activity editors linked to the commitment, resolved as a visitor sees it (one
    query for the links, one per kind)."""
    keys: dict[str, list[str]] = defaultdict(list)
    for link in commitment.links.all():
        keys[link.kind].append(link.key)
    items: list[Activity] = []
    for kind, kind_keys in sorted(keys.items()):
        if kind == CONTRACT_KIND:
            items += contracts_linked(commitment, kind_keys)
            continue
        found = step_kind(kind)
        if found is None:
            continue
        for info in found.resolve(kind_keys, None).values():
            items.append(Activity(str(found.label), info.title, info.url, info.date, linked=True))
    return items


def commitment_decisions(actions: list[Any], measures: list[Any]) -> list[Activity]:
    """Council decisions on the threads of the commitment's actions and measures, resolved
    through the council's thread kind (two queries, one more for the council)."""
    from socius.core.models.threads import ThreadStep

    action_keys = [str(a.public_id) for a in actions]
    measure_keys = [str(v.measure.public_id) for v in measures]
    if not action_keys and not measure_keys:
        return []
    from django.db.models import Q

    threads = ThreadStep.objects.filter(
        Q(kind="action", key__in=action_keys) | Q(kind="measure", key__in=measure_keys)
    ).values("thread_id")
    council_keys = list(
        ThreadStep.objects.filter(thread_id__in=threads, kind="council_item").values_list(
            "key", flat=True
        )
    )
    found = step_kind("council_item")
    if not council_keys or found is None:
        return []
    return [
        Activity(_("Council decisions"), info.title, info.url, info.date)
        for info in found.resolve(council_keys, None).values()
    ]
