"""Reads for the atlas pages, downloads and API: figures, ranks, national values and averages.

Every page reads the same snapshot of the published figures (``atlas_data``): the active
indicators with their theme and source, and every observation, held in the web process's own
memory and keyed by a stamp of the tables (row counts, highest id, latest change), so a page
costs one small query for the stamp and a new load of figures (``atlas_load``), a revised value
or an edited indicator shows on the next request. The snapshot holds area-level figures only:
no person is ever in it.

Small cells (threat model): a figure that counts people (``Indicator.counts_people``) and counts
fewer than 5 could point at identifiable people in a small municipality. Such a cell becomes
status ``fewer_than_5`` here, before any page, download or API answer sees it: its value, numerator and
denominator are dropped from the snapshot, it gets no rank (a rank would place it among the
others), and an average over a group that holds one is not computed (subtracting the shown
members from the group's total would give it back).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet

from socius.atlas.models import ALL_DENMARK, Direction, Indicator, Observation, Source, Status
from socius.core.disclosure import is_small_count
from socius.core.models import Municipality, Theme
from socius.deliberation.selectors import conversation_list_with_votes
from socius.grants.selectors import round_list_public
from socius.knowledge.selectors import published_publications
from socius.proposals.selectors import proposal_list_public

# The status of a cell hidden because it counts too few people (core.disclosure).
SMALL = "fewer_than_5"


@dataclass(frozen=True)
class Cell:
    """One figure as the atlas may show it: ``value`` is None unless ``status`` is "value"."""

    area_code: str
    period: str
    status: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @property
    def shown(self) -> bool:
        return self.status == Status.VALUE and self.value is not None


@dataclass(frozen=True)
class Area:
    pk: int
    code: str
    name: str
    region: str


@dataclass
class AtlasData:
    """The published figures, as every page reads them (see the module docstring)."""

    indicators: list[Indicator]
    by_code: dict[str, Indicator]
    areas: dict[str, Area]  # the 98 municipalities by code, in name order
    # indicator id -> area code -> that area's cells, oldest period first
    series: dict[int, dict[str, list[Cell]]]
    # indicator id -> the latest period any municipality has a figure for
    latest_period: dict[int, str]
    # indicator id -> area code -> the municipality's cell in the latest period
    latest: dict[int, dict[str, Cell]] = field(default_factory=dict)
    # indicator id -> area code -> rank (1 = best) among the shown cells of the latest period
    ranks: dict[int, dict[str, int]] = field(default_factory=dict)
    # Parts of pages drawn from this snapshot alone (an indicator's definition and source, per
    # language): kept with it, so they are drawn again exactly when the figures change.
    drawn: dict[tuple[str, ...], Any] = field(default_factory=dict)

    def national(self, indicator: Indicator) -> Cell | None:
        """The all-Denmark figure of the latest period, if the source gives one."""
        cells = self.series.get(indicator.pk, {}).get(ALL_DENMARK, [])
        period = self.latest_period.get(indicator.pk)
        for cell in cells:
            if cell.period == period:
                return cell
        return cells[-1] if cells else None

    def ranked_count(self, indicator: Indicator) -> int:
        return len(self.ranks.get(indicator.pk, {}))


def is_small_cell(indicator: Indicator, value: Decimal | None, numerator: Decimal | None) -> bool:
    """Whether a figure counts fewer than 5 people. Only for indicators that count people: for
    a rate (the indicator names a denominator) the numerator is the number of people, and a
    rate whose source gives no numerator is shown as published (a percentage says nothing of
    the count); for a count the value itself is the number of people."""
    if not indicator.counts_people:
        return False
    counted = numerator if indicator.denominator else value
    return counted is not None and is_small_count(counted)


def cell_from(indicator: Indicator, obs: Observation | Mapping[str, Any]) -> Cell:
    """An observation (or its ``values()`` row) as a cell, with the small-cell rule applied."""
    row = obs.__dict__ if isinstance(obs, Observation) else obs
    status = row["status"]
    value, numerator = row["value"], row["numerator"]
    small = (status == Status.VALUE and is_small_cell(indicator, value, numerator)) or (
        # "Nothing counted" of a count of people is also fewer than 5.
        status == Status.ZERO and indicator.counts_people
    )
    if small:
        return Cell(row["area_code"], row["period"], SMALL)
    if status != Status.VALUE:
        return Cell(row["area_code"], row["period"], status)
    return Cell(row["area_code"], row["period"], status, value, numerator, row["denominator"])


def rank_cells(cells: dict[str, Cell], direction: str) -> dict[str, int]:
    """Competition ranks (1, 2, 2, 4) of the shown cells: 1 is the best value given
    ``direction``; for a neutral indicator rank 1 is the highest value. Equal values share a
    rank. Small cells and cells without a value get none."""
    shown = [(c.value, code) for code, c in cells.items() if c.shown and c.value is not None]
    lowest_first = direction == Direction.HIGHER_WORSE
    shown.sort(key=lambda vc: vc[0], reverse=not lowest_first)
    ranks: dict[str, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (value, code) in enumerate(shown, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[code] = rank
    return ranks


def _stamp() -> tuple[Any, ...]:
    """What changes when any figure, indicator, source or theme does: one query."""
    tables = {
        "o": Observation._meta.db_table,
        "i": Indicator._meta.db_table,
        "s": Source._meta.db_table,
        "t": Theme._meta.db_table,
    }
    sql = (  # noqa: S608 - the quoted table names of our own models, no input
        "SELECT (SELECT COUNT(*) FROM {o}), (SELECT MAX(id) FROM {o}), "
        "(SELECT MAX(updated_at) FROM {o}), (SELECT COUNT(*) FROM {i}), "
        "(SELECT MAX(updated_at) FROM {i}), (SELECT MAX(updated_at) FROM {s}), "
        "(SELECT MAX(updated_at) FROM {t})"
    ).format(**{k: connection.ops.quote_name(v) for k, v in tables.items()})
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return (connection.alias, connection.settings_dict["NAME"], *(str(v) for v in row))


_LOCK = threading.Lock()
_SNAPSHOT: dict[str, Any] = {}


def atlas_data() -> AtlasData:
    """The snapshot of the published figures (one query when it is current; see the module
    docstring)."""
    stamp = _stamp()
    with _LOCK:
        if _SNAPSHOT.get("stamp") == stamp:
            return _SNAPSHOT["data"]
    data = _load()
    with _LOCK:
        _SNAPSHOT.update(stamp=stamp, data=data)
    return data


def _load() -> AtlasData:
    indicators = list(indicator_list_active())
    by_id = {i.pk: i for i in indicators}
    areas = {
        m.code: Area(m.pk, m.code, m.name, m.region.name)
        for m in Municipality.objects.select_related("region").order_by("name")
    }
    series: dict[int, dict[str, list[Cell]]] = defaultdict(lambda: defaultdict(list))
    rows = (
        Observation.objects.filter(indicator__in=list(by_id))
        .order_by("indicator_id", "area_code", "period")
        .values(
            "indicator_id", "area_code", "period", "status", "value", "numerator", "denominator"
        )
    )
    for row in rows.iterator(chunk_size=5000):
        code = row["area_code"]
        if code != ALL_DENMARK and code not in areas:
            continue  # regions: not shown by these pages
        series[row["indicator_id"]][code].append(cell_from(by_id[row["indicator_id"]], row))
    data = AtlasData(
        indicators=indicators,
        by_code={i.code: i for i in indicators},
        areas=areas,
        series={k: dict(v) for k, v in series.items()},
        latest_period={},
    )
    for indicator in indicators:
        per_area = data.series.get(indicator.pk, {})
        periods = {
            c.period for code, cells in per_area.items() if code != ALL_DENMARK for c in cells
        }
        if not periods:
            continue
        latest = max(periods, key=period_key)
        data.latest_period[indicator.pk] = latest
        data.latest[indicator.pk] = {
            code: next((c for c in per_area.get(code, []) if c.period == latest), None)
            or Cell(code, latest, Status.MISSING)
            for code in areas
        }
        data.ranks[indicator.pk] = rank_cells(data.latest[indicator.pk], indicator.direction)
    return data


def period_key(period: str) -> tuple[str, str]:
    """Sorts periods as DST writes them ("2024", "2026K1", "2021-2025") by their last year,
    then the rest of the text."""
    last = period.split("-")[-1]
    return (last[:4], period)


def indicator_list_active() -> QuerySet[Indicator]:
    """The active indicators in their order, each with its theme and source (one query)."""
    return Indicator.objects.filter(is_active=True).select_related("theme", "source")


# --- What a page shows -------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One indicator's figure for one municipality, with what the pages put beside it."""

    indicator: Indicator
    cell: Cell
    national: Cell | None
    rank: int | None
    ranked: int
    series: list[Cell]


def municipality_figures(data: AtlasData, code: str) -> list[Figure]:
    """Every active indicator's figure for the municipality ``code``, in indicator order."""
    figures = []
    for indicator in data.indicators:
        period = data.latest_period.get(indicator.pk)
        cell = data.latest.get(indicator.pk, {}).get(code) or Cell(code, period or "", "missing")
        figures.append(
            Figure(
                indicator=indicator,
                cell=cell,
                national=data.national(indicator),
                rank=data.ranks.get(indicator.pk, {}).get(code),
                ranked=data.ranked_count(indicator),
                series=data.series.get(indicator.pk, {}).get(code, []),
            )
        )
    return figures


@dataclass(frozen=True)
class Placed:
    area: Area
    cell: Cell
    rank: int | None


def indicator_ranking(data: AtlasData, indicator: Indicator) -> list[Placed]:
    """The 98 municipalities' latest figures, best first; cells without a rank (no value,
    fewer than 5) last, by name."""
    cells = data.latest.get(indicator.pk, {})
    ranks = data.ranks.get(indicator.pk, {})
    placed = [
        Placed(area, cells.get(code) or Cell(code, "", Status.MISSING), ranks.get(code))
        for code, area in data.areas.items()
    ]
    placed.sort(key=lambda p: (p.rank is None, p.rank or 0, p.area.code))
    return placed


@dataclass(frozen=True)
class GroupFigure:
    """A row of a comparison: the compared municipalities' cells, and the group's average."""

    indicator: Indicator
    cells: list[Cell]
    national: Cell | None
    average: Decimal | None
    # Why there is no average, when there is none: "rate" (not a rate with numerator and
    # denominator for every member), "small" (a member's figure, or the total, counts fewer
    # than 5 people)
    no_average: str = ""


def group_average(indicator: Indicator, cells: Sequence[Cell]) -> tuple[Decimal | None, str]:
    """The group's figure as the sum of numerators over the sum of denominators (times the
    indicator's rate scale), never a mean of rates; None with a reason where that cannot be
    done honestly (see the module docstring on small cells)."""
    if any(c.status == SMALL for c in cells):
        return None, "small"
    if not cells or not indicator.denominator:
        return None, "rate"
    if any(c.numerator is None or c.denominator is None for c in cells):
        return None, "rate"
    numerator = sum((c.numerator for c in cells if c.numerator is not None), Decimal(0))
    denominator = sum((c.denominator for c in cells if c.denominator is not None), Decimal(0))
    if denominator == 0:
        return None, "rate"
    if is_small_cell(indicator, None, numerator):
        return None, "small"
    return numerator / denominator * indicator.rate_scale, ""


def comparison_figures(data: AtlasData, codes: Sequence[str]) -> list[GroupFigure]:
    """Every active indicator's latest figure for each of ``codes``, with the group average."""
    rows = []
    for indicator in data.indicators:
        latest = data.latest.get(indicator.pk, {})
        period = data.latest_period.get(indicator.pk, "")
        cells = [latest.get(code) or Cell(code, period, Status.MISSING) for code in codes]
        average, reason = group_average(indicator, cells)
        rows.append(GroupFigure(indicator, cells, data.national(indicator), average, reason))
    return rows


def themes_of(indicators: Iterable[Indicator]) -> list[tuple[Theme | None, list[Indicator]]]:
    """The indicators grouped by theme, in the themes' order (indicators without one last)."""
    groups: dict[int | None, list[Indicator]] = defaultdict(list)
    themes: dict[int | None, Theme | None] = {None: None}
    for indicator in indicators:
        groups[indicator.theme_id].append(indicator)
        themes[indicator.theme_id] = indicator.theme
    order = sorted(
        groups,
        key=lambda k: (k is None, (themes[k].position, themes[k].name) if themes[k] else (0, "")),  # type: ignore[union-attr]
    )
    return [(themes[k], groups[k]) for k in order]


# --- The same theme elsewhere on the platform -------------------------------------------------
RELATED_PER_KIND = 3
# Rows read per kind for all the themes of a page together: a bound on the work whatever the
# data, so a page's queries stay fixed.
RELATED_ROWS = 60


@dataclass(frozen=True)
class Related:
    kind: str  # "conversation", "publication", "proposal", "grant_round"
    title: str
    url: str


RELATED_SECONDS = 30


def theme_related(themes: Sequence[Theme]) -> dict[int, list[Related]]:
    """Public conversations, publications, citizen proposals and grant rounds on each of
    ``themes``, at most ``RELATED_PER_KIND`` of each per theme, read through the owning
    modules' selectors in a fixed number of queries (seven) however many themes there are.
    Public content only, so it is kept for 30 seconds in the shared cache, as the public pages
    that show it are (a new conversation shows within that time)."""
    key = "atlas-related:" + ",".join(str(t.pk) for t in sorted(themes, key=lambda t: t.pk))
    found: dict[int, list[Related]] | None = cache.get(key)
    if found is None:
        found = _theme_related(themes)
        cache.set(key, found, RELATED_SECONDS)
    return found


def _theme_related(themes: Sequence[Theme]) -> dict[int, list[Related]]:
    found: dict[int, list[Related]] = {}
    ids = [t.pk for t in themes]
    if not ids:
        return found
    counts: dict[tuple[int, str], int] = defaultdict(int)

    def add(theme_id: int | None, kind: str, title: str, url: str) -> None:
        if theme_id in ids and counts[(theme_id, kind)] < RELATED_PER_KIND:
            counts[(theme_id, kind)] += 1
            found.setdefault(theme_id, []).append(Related(kind, title, url))

    for c in conversation_list_with_votes().filter(theme__in=ids)[:RELATED_ROWS]:
        add(c.theme_id, "conversation", c.title, c.get_absolute_url())
    for p in published_publications().filter(themes__in=ids)[:RELATED_ROWS]:
        for theme in p.themes.all():
            add(theme.pk, "publication", p.title, p.url or "")
    for proposal in proposal_list_public().filter(theme__in=ids)[:RELATED_ROWS]:
        add(proposal.theme_id, "proposal", proposal.title, proposal.get_absolute_url())
    rounds = (
        round_list_public()
        .filter(theme_minimums__theme__in=ids)
        .distinct()
        .prefetch_related("theme_minimums")
    )
    for round_ in rounds[:RELATED_ROWS]:
        for minimum in round_.theme_minimums.all():
            add(minimum.theme_id, "grant_round", round_.name, round_.get_absolute_url())
    return found
