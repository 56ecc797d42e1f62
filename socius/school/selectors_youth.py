"""Reads of class projects and of the municipality's numbers for the elective.

The numbers count schools, classes, pupils and the classes' youth proposals; every count under
``SMALL_CELL_LIMIT`` (core.disclosure) is shown as "fewer than 5", and within each column of a
table (one row per school year, then the total) one more cell is hidden when a single hidden
cell could otherwise be worked out from the total."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from socius.core.disclosure import is_small_count
from socius.core.models import Municipality
from socius.proposals.workflows import ProposalState
from socius.school.models import (
    ClassProject,
    ProjectContribution,
    ProjectStatus,
    SchoolClass,
)

PUBLIC_STATUSES = (ProjectStatus.PUBLISHED, ProjectStatus.PROPOSED)


def projects_for_class(school_class: SchoolClass) -> QuerySet[ClassProject]:
    """The class's projects with their number of contributions (one query)."""
    return (
        ClassProject.objects.filter(school_class=school_class)
        .select_related("proposal")
        .annotate(contributions_count=Count("contributions"))
        .order_by("-created_at", "-id")
    )


def project_contributions(project: ClassProject) -> QuerySet[ProjectContribution]:
    return ProjectContribution.objects.filter(project=project).select_related("pupil")


def projects_published(municipality: Municipality) -> QuerySet[ClassProject]:
    """The municipality's published projects, under their classes' names (never a pupil)."""
    return (
        ClassProject.objects.filter(
            school_class__school__municipality=municipality, status__in=PUBLIC_STATUSES
        )
        .select_related("school_class__school", "proposal")
        .order_by("-published_at", "-id")
    )


# ---- The municipality's numbers ----

# The youth proposals' states as the numbers page groups them.
STATE_GROUPS: dict[str, str] = {
    ProposalState.SUBMITTED: "review",
    ProposalState.PUBLISHED: "signing",
    ProposalState.THRESHOLD: "council",
    ProposalState.COUNCIL: "council",
    ProposalState.CLOSED: "decided",
}


@dataclass
class Cell:
    value: int
    hidden: bool = False

    @property
    def shown(self) -> str:
        return _("fewer than 5") if self.hidden else str(self.value)


@dataclass
class Row:
    label: str
    cells: list[Cell] = field(default_factory=list)


def suppress_columns(rows: list[list[int]]) -> list[list[Cell]]:
    """The rows (the last is the total of the others) as cells, small ones hidden.

    Threat model: the page shows each school year and the total; a reader who sees all the
    cells of a column but one, and the total, knows the one. So in each column a count under
    the limit is hidden, and when exactly one year's cell is hidden, the next smallest year's
    cell is hidden too (the total then covers at least two hidden cells, whose split is not
    shown). The total itself is hidden only when it is small."""
    cells = [[Cell(v, is_small_count(v)) for v in row] for row in rows]
    if not cells:
        return cells
    years, total = cells[:-1], cells[-1]
    for column in range(len(total)):
        hidden = [r for r in years if r[column].hidden]
        if len(hidden) == 1 and not total[column].hidden:
            shown = [r for r in years if not r[column].hidden]
            if shown:
                min(shown, key=lambda r: r[column].value)[column].hidden = True
            else:  # one year only: its count is the total
                total[column].hidden = True
    return cells


@dataclass
class Numbers:
    municipality: Municipality
    columns: list[str]
    rows: list[Row]
    total: Row
    visits: Cell | None
    states: list[tuple[str, Cell]]
    pupils_by_year: list[tuple[str, Cell]]


def _school_year(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def municipality_numbers(municipality: Municipality) -> Numbers:
    """Schools, classes, pupils and youth proposals per school year, suppressed (four queries
    and the visits part's count)."""
    base = SchoolClass.objects.filter(school__municipality=municipality)
    per_year = list(
        base.values("school_year")
        .annotate(
            n_schools=Count("school", distinct=True),
            n_classes=Count("id", distinct=True),
            n_pupils=Count("pupils", distinct=True),
        )
        .order_by("school_year")
    )
    overall = base.aggregate(
        schools=Count("school", distinct=True),
        classes=Count("id", distinct=True),
        pupils=Count("pupils", distinct=True),
    )
    raised = list(
        ClassProject.objects.filter(
            school_class__school__municipality=municipality, proposal__isnull=False
        )
        .values("school_class__school_year", "proposal__state")
        .annotate(n=Count("id"))
    )
    proposals_by_year: dict[int, int] = {}
    by_group: dict[str, int] = {}
    for item in raised:
        year = item["school_class__school_year"]
        proposals_by_year[year] = proposals_by_year.get(year, 0) + item["n"]
        group = STATE_GROUPS.get(item["proposal__state"], "other")
        by_group[group] = by_group.get(group, 0) + item["n"]
    years = [r["school_year"] for r in per_year]
    values = [
        [r["n_schools"], r["n_classes"], r["n_pupils"], proposals_by_year.get(r["school_year"], 0)]
        for r in per_year
    ]
    values.append(
        [overall["schools"], overall["classes"], overall["pupils"], sum(by_group.values())]
    )
    cells = suppress_columns(values)
    rows = [Row(_school_year(y), c) for y, c in zip(years, cells[:-1], strict=True)]
    total = Row(_("All school years"), cells[-1] if cells else [])
    labels = {
        "review": _("Being reviewed"),
        "signing": _("Collecting signatures"),
        "council": _("With the city council"),
        "decided": _("Decided by the city council"),
        "other": _("Rejected, withdrawn or expired"),
    }
    group_values = [by_group.get(key, 0) for key in labels]
    group_cells = suppress_columns([[v] for v in group_values] + [[sum(group_values)]])
    states = [
        (str(label), row[0]) for label, row in zip(labels.values(), group_cells, strict=False)
    ]
    return Numbers(
        municipality=municipality,
        columns=[_("Schools"), _("Classes"), _("Pupils"), _("Youth proposals")],
        rows=rows,
        total=total,
        visits=_visits(municipality),
        states=states,
        pupils_by_year=[(row.label, row.cells[2]) for row in rows],
    )


def _visits(municipality: Municipality) -> Cell | None:
    """Visits held in the municipality, from the visits part (None until it is there)."""
    try:
        from socius.school.selectors_visits import visits_held_count
    except ImportError:
        return None
    count = int(visits_held_count(municipality))
    return Cell(count, is_small_count(count))


def municipalities_taking_part() -> list[dict[str, Any]]:
    """Municipalities with at least one school class, with their number of schools (one
    query; the counts are suppressed like every other)."""
    rows = (
        SchoolClass.objects.values("school__municipality__code", "school__municipality__name")
        .annotate(schools=Count("school", distinct=True))
        .order_by("school__municipality__name")
    )
    return [
        {
            "code": r["school__municipality__code"],
            "name": r["school__municipality__name"],
            "schools": Cell(r["schools"], is_small_count(r["schools"])),
        }
        for r in rows
    ]


def municipality_headline(municipality: Municipality) -> dict[str, Any] | None:
    """The headline counts for the municipality's page, or None when no class takes part
    (one query)."""
    counts = SchoolClass.objects.filter(school__municipality=municipality).aggregate(
        schools=Count("school", distinct=True),
        classes=Count("id", distinct=True),
        pupils=Count("pupils", distinct=True),
        proposals=Count("projects", filter=Q(projects__proposal__isnull=False), distinct=True),
    )
    if not counts["classes"]:
        return None
    return {
        "code": municipality.code,
        **{k: Cell(v, is_small_count(v)) for k, v in counts.items()},
    }
