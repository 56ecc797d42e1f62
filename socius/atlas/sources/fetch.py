"""Fetching an indicator's figures from StatBank and importing them as a new source version.

An indicator's ``query`` holds the ``/data`` request bodies that reproduce it:
``{"value": body}`` when the table gives the figure itself, or ``{"numerator": body,
"denominator": body}`` when the figure is a rate computed from two counts (cells are added up
per area and period, then divided and multiplied by the indicator's rate scale). Before asking
for data, each body is checked against ``/tableinfo``: every variable and code must exist in
the table, every variable of the table must be named (BULK needs them all), and ``*`` on the
area variable becomes the table's codes for all Denmark, the regions and the 98
municipalities (so Christiansø and the provinces are not asked for). The answer must then
hold only what was asked for.

Threat model: see ``statbank`` (the answers) and ``services`` (the cells).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from socius.atlas.models import Indicator, Status
from socius.atlas.services import ImportResult, area_aliases, observations_import
from socius.atlas.sources.parsers import (
    Allowed,
    Cell,
    SourceCell,
    bulk_cells,
    data_error,
    jsonstat_cells,
)
from socius.atlas.sources.statbank import StatBankClient, TableInfo

if TYPE_CHECKING:
    from socius.accounts.models import User

FORMATS = ("BULK", "JSONSTAT")
# Area variables of the tables in the shipped queries (StatBank marks most with a map).
AREA_NAMES = {"OMRÅDE", "KOMK", "BOPKOMMUNEKODE", "BOPOMR", "KOMMUNEDK", "REGION"}
# Characters of StatBank's value expressions ("*", ">=2020", "(1)"): any code may come back.
_EXPRESSION = set("*<>()")


@dataclass
class Plan:
    """A checked request: the body to send and what the answer may contain."""

    body: dict[str, Any]
    area_variable: str
    time_variable: str
    allowed: Allowed = field(default_factory=dict)

    @property
    def origin(self) -> str:
        digest = hashlib.sha256(json.dumps(self.body, sort_keys=True).encode()).hexdigest()
        return f"StatBank {self.body['table']} /data {digest[:16]}"


def plan_make(body: dict[str, Any], info: TableInfo, aliases: dict[str, tuple[str, str]]) -> Plan:
    """Check ``body`` against the table's information and make the request to send."""
    named = body.get("variables")
    if not isinstance(named, list) or not named:
        raise data_error(_("The query for %(table)s names no variables."), table=info.id)
    variables: list[dict[str, Any]] = []
    allowed: Allowed = {}
    area_variable = time_variable = ""
    for entry in named:
        variable = info.variable(str(entry.get("code", "")))
        if variable is None:
            raise data_error(
                _("Table %(table)s has no variable %(code)s; it has %(known)s."),
                table=info.id,
                code=str(entry.get("code"))[:40],
                known=", ".join(v.id for v in info.variables),
            )
        values = [str(v) for v in entry.get("values", [])]
        if variable.time:
            time_variable = variable.id
        elif variable.is_map or variable.id.upper() in AREA_NAMES:
            if area_variable:
                raise data_error(
                    _("The query for %(table)s has two area variables."), table=info.id
                )
            area_variable = variable.id
            if values == ["*"]:
                values = [code for code in variable.values if code in aliases]
        wildcard = any(_EXPRESSION & set(v) for v in values)
        known = frozenset(variable.values)
        unknown = [v for v in values if not wildcard and v not in known]
        if unknown or not values:
            raise data_error(
                _("Table %(table)s's variable %(code)s has no code “%(value)s”."),
                table=info.id,
                code=variable.id,
                value=(unknown or [""])[0][:40],
            )
        variables.append({"code": variable.id, "values": values})
        allowed[variable.id] = None if wildcard else frozenset(values)
    missing = [v.id for v in info.variables if v.id not in allowed]
    if missing:
        raise data_error(
            _(
                "The query for %(table)s must choose codes for every variable; it lacks %(missing)s."
            ),
            table=info.id,
            missing=", ".join(missing),
        )
    if not area_variable or not time_variable:
        raise data_error(_("Table %(table)s has no area or no time variable."), table=info.id)
    request = {"table": info.id, "valuePresentation": "Code", "variables": variables}
    return Plan(request, area_variable, time_variable, allowed)


def _plan(client: StatBankClient, body: Any, aliases: dict[str, tuple[str, str]]) -> Plan:
    if not isinstance(body, dict) or not isinstance(body.get("table"), str):
        raise data_error(_("A StatBank query must name its table."))
    return plan_make(body, client.tableinfo(body["table"]), aliases)


@contextmanager
def _answer(
    client: StatBankClient, plan: Plan, fmt: str
) -> Iterator[tuple[Iterator[SourceCell], str]]:
    """The answer's cells and its SHA-256. A BULK answer is first copied to a temporary file
    (bounded by the client's limit), so the import's transaction does not wait on the
    network and memory stays flat however large the table."""
    names = {"area_variable": plan.area_variable, "time_variable": plan.time_variable}
    if fmt == "JSONSTAT":
        data, digest = client.data_jsonstat(plan.body)
        yield jsonstat_cells(data, allowed=plan.allowed, **names), digest
        return
    with tempfile.TemporaryFile() as spool:
        with client.data_bulk(plan.body) as stream:
            shutil.copyfileobj(io.BufferedReader(stream), spool, 1024 * 1024)
            digest = stream.hexdigest()
        spool.seek(0)
        yield bulk_cells(spool, allowed=plan.allowed, **names), digest


def _sums(
    client: StatBankClient, plan: Plan, fmt: str
) -> tuple[dict[tuple[str, str], Decimal | None], str]:
    """Cells added up per area and period; an area with any cell without a value has none."""
    totals: dict[tuple[str, str], Decimal | None] = {}
    with _answer(client, plan, fmt) as (cells, digest):
        for cell in cells:
            key = (cell.area, cell.period)
            if key in totals and totals[key] is None:
                continue
            if cell.status == Status.MISSING:
                totals[key] = None
            else:
                totals[key] = (totals.get(key) or Decimal(0)) + (cell.value or Decimal(0))
    return totals, digest


def _rates(
    indicator: Indicator,
    numerators: dict[tuple[str, str], Decimal | None],
    denominators: dict[tuple[str, str], Decimal | None],
) -> list[Cell]:
    periods = {p for _a, p in numerators}
    if len(periods) == 1 and len({p for _a, p in denominators}) == 1:
        # One period each (UND2's 2025 over FOLK1A's 2025K1): the numerator's names it.
        period = next(iter(periods))
        denominators = {(area, period): v for (area, _p), v in denominators.items()}
    cells = []
    for (area, period), numerator in sorted(numerators.items()):
        where = _("Area %(area)s, period %(period)s") % {"area": area, "period": period}
        denominator = denominators.get((area, period))
        if numerator is None or not denominator:
            cells.append(Cell(indicator.code, area, period, None, Status.MISSING, where))
        else:
            cells.append(
                Cell(
                    indicator.code, area, period, None, Status.VALUE, where, numerator, denominator
                )
            )
    return cells


def indicator_fetch(
    *,
    actor: User | None,
    indicator: Indicator,
    client: StatBankClient,
    fmt: str = "BULK",
    progress: Callable[[int], object] | None = None,
) -> ImportResult:
    """Fetch ``indicator``'s figures from StatBank and import them (one transaction). An
    answer identical to the last one imported from the same query writes nothing."""
    query = indicator.query or {}
    if fmt not in FORMATS:
        raise data_error(_("Unknown format %(format)s."), format=fmt[:20])
    aliases = area_aliases()
    fetched_at = timezone.now()
    if set(query) == {"value"}:
        plan = _plan(client, query["value"], aliases)
        with _answer(client, plan, fmt) as (cells, digest):
            rows = (
                Cell(indicator.code, c.area, c.period, c.value, c.status, c.where) for c in cells
            )
            return observations_import(
                actor=actor,
                source=indicator.source,
                rows=rows,
                fetched_at=fetched_at,
                origin=plan.origin,
                checksum=digest,
                progress=progress,
            )
    if set(query) == {"numerator", "denominator"}:
        numerator_plan = _plan(client, query["numerator"], aliases)
        denominator_plan = _plan(client, query["denominator"], aliases)
        numerators, first = _sums(client, numerator_plan, fmt)
        denominators, second = _sums(client, denominator_plan, fmt)
        return observations_import(
            actor=actor,
            source=indicator.source,
            rows=_rates(indicator, numerators, denominators),
            fetched_at=fetched_at,
            origin=f"{numerator_plan.origin} ÷ {denominator_plan.origin}",
            checksum=hashlib.sha256(f"{first}:{second}".encode()).hexdigest(),
            progress=progress,
        )
    raise data_error(
        _("The indicator %(code)s has no StatBank query (its source has no API)."),
        code=indicator.code,
    )
