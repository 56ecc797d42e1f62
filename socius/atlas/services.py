"""Every write of the atlas's indicators: their definitions, and the figures imported from a
source with the history of values the source later changed.

Threat model: the rows come from outside (a shipped or uploaded file, an answer from
StatBank), so every cell is checked here against the database, whatever the parser already
did: the indicator must belong to the source, the area must be Denmark (``000``), a region or
one of the 98 municipalities, figures must be finite, counts and rates not negative, per cents
not above 100, and no indicator, area and period may come twice. The first bad cell stops the
import with a translated message naming it, and the whole import is one transaction, so
nothing is half imported. Only the platform itself (a management command, ``actor=None``) or a
holder of ``atlas.manage`` may import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.atlas import audit
from socius.atlas.models import (
    ALL_DENMARK,
    AreaLevel,
    Indicator,
    Observation,
    ObservationRevision,
    Source,
    SourceVersion,
    Status,
)
from socius.atlas.sources.parsers import Cell, batched, data_error
from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.models import Municipality, Region, Theme
from socius.core.roles import Capability

if TYPE_CHECKING:
    from socius.accounts.models import User

BATCH_SIZE = 5_000
_SIX_PLACES = Decimal("0.000001")
# DecimalField(max_digits=20, decimal_places=6): 14 digits before the point.
_LIMIT = Decimal(10) ** 14
_STATUSES = frozenset(Status.values)
_PERIOD = re.compile(r"[0-9]{4}[0-9A-Za-z:\-]{0,15}")

type Checksum = str | Callable[[], str]
# indicator id, level, area code, period, value, numerator, denominator, status
type Prepared = tuple[int, str, str, str, Decimal | None, Decimal | None, Decimal | None, str]


@dataclass
class ImportResult:
    """What an import did. ``version`` is None when the data were already imported."""

    version: SourceVersion | None
    created: int = 0
    revised: int = 0
    unchanged: int = 0

    @property
    def skipped(self) -> bool:
        return self.version is None


def _may_write(actor: User | None) -> None:
    # None is the platform itself: a management command or the demo set-up.
    if actor is not None:
        require(actor, Capability.ATLAS_MANAGE)


def area_aliases() -> dict[str, tuple[str, str]]:
    """Every way a source writes an area, to its code here and its level: ``000`` Denmark,
    regions as ``1084`` (also StatBank's ``084`` and ``84``), municipalities as ``101``."""
    aliases: dict[str, tuple[str, str]] = {ALL_DENMARK: (ALL_DENMARK, AreaLevel.COUNTRY)}
    for number in Region.objects.values_list("code", flat=True):
        region = (f"10{number:02d}", AreaLevel.REGION)
        for alias in (f"10{number:02d}", f"{number:03d}", str(number)):
            aliases[alias] = region
    for code in Municipality.objects.values_list("code", flat=True):
        aliases[code] = (code, AreaLevel.MUNICIPALITY)
    return aliases


def _bounds(indicator: Indicator) -> tuple[Decimal | None, Decimal | None]:
    if indicator.unit.strip() == "%":
        return Decimal(0), Decimal(100)
    if indicator.counts_people or indicator.denominator or indicator.rate_scale > 1:
        return Decimal(0), None
    return None, None


def _exact(value: Decimal | None, where: str) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite():
        raise data_error(_("%(where)s is not a number."), where=where)
    if abs(value) >= _LIMIT:
        raise data_error(_("%(where)s is too large a number."), where=where)
    return value.quantize(_SIX_PLACES)


class _Importer:
    """Checks cells and writes them in batches: inserts for new figures, revisions and updates
    for changed ones, nothing for unchanged ones."""

    def __init__(self, source: Source, version: SourceVersion) -> None:
        self.version = version
        self.indicators = {i.code: i for i in Indicator.objects.filter(source=source)}
        self.bounds = {code: _bounds(i) for code, i in self.indicators.items()}
        self.ids = {code: int(i.pk) for code, i in self.indicators.items()}
        self.areas = area_aliases()
        codes = sorted({code for code, _level in self.areas.values()})
        self.area_index = {code: n for n, code in enumerate(codes)}
        # (indicator id, period) -> one byte per area: a compact record of the keys seen, so a
        # million cells cost kilobytes, not a set of a million tuples.
        self.seen: dict[tuple[int, str], bytearray] = {}
        self.fresh = not Observation.objects.filter(indicator__source=source).exists()
        self.now = timezone.now()
        self.created = self.revised = self.unchanged = 0

    def checked(self, cell: Cell) -> Prepared:
        where = cell.where
        indicator = self.indicators.get(cell.indicator)
        if indicator is None:
            raise data_error(
                _("%(where)s: “%(code)s” is not an indicator of this source."),
                where=where,
                code=cell.indicator[:80],
            )
        area = self.areas.get(cell.area.strip())
        if area is None:
            raise data_error(
                _(
                    "%(where)s: the area code “%(code)s” is not all Denmark (000), a region "
                    "or one of the 98 municipalities."
                ),
                where=where,
                code=cell.area[:20],
            )
        period = cell.period.strip().replace(":", "-")
        if not _PERIOD.fullmatch(period):
            raise data_error(
                _("%(where)s: “%(period)s” is not a period."), where=where, period=period[:20]
            )
        value, numerator, denominator = (
            _exact(cell.value, where),
            _exact(cell.numerator, where),
            _exact(cell.denominator, where),
        )
        status = cell.status
        if status not in _STATUSES:
            raise data_error(_("%(where)s has an unknown status."), where=where)
        if status == Status.VALUE and value is None:
            if numerator is None or not denominator:
                raise data_error(_("%(where)s has no value."), where=where)
            value = (numerator / denominator * indicator.rate_scale).quantize(_SIX_PLACES)
        if status != Status.VALUE:
            value = numerator = denominator = None
        self._check_range(indicator, value, numerator, denominator, where)
        pk = self.ids[indicator.code]
        self._check_unique(pk, indicator.code, area[0], period, where)
        return (pk, area[1], area[0], period, value, numerator, denominator, status)

    def _check_range(
        self,
        indicator: Indicator,
        value: Decimal | None,
        numerator: Decimal | None,
        denominator: Decimal | None,
        where: str,
    ) -> None:
        low, high = self.bounds[indicator.code]
        if value is not None and low is not None and value < low:
            raise data_error(
                _("%(where)s: %(title)s cannot be negative (%(value)s)."),
                where=where,
                title=indicator.title,
                value=value.normalize(),
            )
        if value is not None and high is not None and value > high:
            raise data_error(
                _("%(where)s: %(title)s is a per cent and cannot be above 100 (%(value)s)."),
                where=where,
                title=indicator.title,
                value=value.normalize(),
            )
        if (numerator is not None and numerator < 0) or (
            denominator is not None and denominator <= 0
        ):
            raise data_error(
                _("%(where)s: the count must not be negative and the total must be above 0."),
                where=where,
            )

    def _check_unique(self, pk: int, code: str, area: str, period: str, where: str) -> None:
        row = self.seen.get((pk, period))
        if row is None:
            row = self.seen[(pk, period)] = bytearray(len(self.area_index))
        at = self.area_index[area]
        if row[at]:
            raise data_error(
                _("%(where)s: %(code)s for area %(area)s in %(period)s comes twice."),
                where=where,
                code=code,
                area=area,
                period=period,
            )
        row[at] = 1

    def write(self, cells: list[Cell]) -> None:
        prepared = [self.checked(cell) for cell in cells]
        existing = {} if self.fresh else self._existing(prepared)
        inserts: list[Prepared] = []
        revisions: list[ObservationRevision] = []
        updates: list[Observation] = []
        for row in prepared:
            old = existing.get((row[0], row[2], row[3]))
            if old is None:
                inserts.append(row)
            elif (old[1], old[2], old[3], old[4]) == (row[4], row[5], row[6], row[7]):
                self.unchanged += 1
            else:
                revisions.append(
                    ObservationRevision(
                        observation_id=old[0],
                        value=old[1],
                        numerator=old[2],
                        denominator=old[3],
                        status=old[4],
                        source_version_id=old[5],
                        replaced_by=self.version,
                    )
                )
                updates.append(
                    Observation(
                        pk=old[0],
                        value=row[4],
                        numerator=row[5],
                        denominator=row[6],
                        status=row[7],
                        source_version=self.version,
                        updated_at=self.now,
                    )
                )
        self._insert(inserts)
        if revisions:
            ObservationRevision.objects.bulk_create(revisions, batch_size=1_000)
            Observation.objects.bulk_update(
                updates,
                ["value", "numerator", "denominator", "status", "source_version", "updated_at"],
                batch_size=500,
            )
        self.created += len(inserts)
        self.revised += len(revisions)

    def _existing(self, prepared: list[Prepared]) -> dict[tuple[int, str, str], tuple[Any, ...]]:
        # One query per batch: the rows of the batch's indicators, areas and periods (a small
        # superset, since a source lists its cells in order), matched in Python.
        if not prepared:
            return {}
        rows = Observation.objects.filter(
            indicator_id__in={p[0] for p in prepared},
            area_code__in={p[2] for p in prepared},
            period__in={p[3] for p in prepared},
        ).values_list(
            "indicator_id",
            "area_code",
            "period",
            "id",
            "value",
            "numerator",
            "denominator",
            "status",
            "source_version_id",
        )
        return {(r[0], r[1], r[2]): r[3:] for r in rows}

    def _insert(self, rows: list[Prepared]) -> None:
        # A plain INSERT with many parameter sets: building a million model instances for
        # bulk_create costs more than the database's own work (bench/atlas_import.py).
        if not rows:
            return
        ops = connection.ops
        now = ops.adapt_datetimefield_value(self.now)
        version = self.version.pk

        def number(value: Decimal | None) -> Any:
            return None if value is None else ops.adapt_decimalfield_value(value, 20, 6)

        params = [
            (
                r[0],
                r[1],
                r[2],
                r[3],
                number(r[4]),
                number(r[5]),
                number(r[6]),
                r[7],
                version,
                now,
                now,
            )
            for r in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(_insert_sql(), params)


def _insert_sql() -> str:
    fields = [
        "indicator",
        "level",
        "area_code",
        "period",
        "value",
        "numerator",
        "denominator",
        "status",
        "source_version",
        "created_at",
        "updated_at",
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(str(cast("Field[Any, Any]", Observation._meta.get_field(f)).column)) for f in fields
    )
    marks = ", ".join(["%s"] * len(fields))
    table = quote(Observation._meta.db_table)
    # Table and column names come from the model, never from input.
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608


@transaction.atomic
def observations_import(
    *,
    actor: User | None,
    source: Source,
    rows: Iterable[Cell],
    fetched_at: datetime,
    origin: str,
    checksum: Checksum,
    progress: Callable[[int], object] | None = None,
) -> ImportResult:
    """Import one version of ``source``'s figures from ``rows`` (read lazily, in batches).

    New figures are created; a changed figure keeps its old value as an
    ``ObservationRevision``; unchanged figures are not touched. ``checksum`` is the SHA-256 of
    the data, or a function giving it once ``rows`` are read (for streams). When the last
    version from the same ``origin`` has the same checksum, nothing is written and the result
    is ``skipped``. Raises ``ValidationError`` naming the first bad cell; nothing is kept then.
    """
    _may_write(actor)
    if timezone.is_naive(fetched_at):
        raise ValueError("fetched_at must be timezone-aware")
    latest = (
        SourceVersion.objects.filter(source=source, origin=origin[:500])
        .order_by("-fetched_at", "-pk")
        .values_list("checksum", flat=True)
        .first()
    )
    if isinstance(checksum, str) and checksum == latest:
        return ImportResult(None)
    version = SourceVersion.objects.create(
        source=source,
        fetched_at=fetched_at,
        checksum=checksum if isinstance(checksum, str) else "",
        origin=origin[:500],
    )
    importer = _Importer(source, version)
    for batch in batched(rows, BATCH_SIZE):
        importer.write(batch)
        if progress is not None:
            progress(len(batch))
    final = checksum if isinstance(checksum, str) else checksum()
    if final == latest and importer.created == importer.revised == 0:
        version.delete()  # the same bytes again: nothing refers to this version
        return ImportResult(None, unchanged=importer.unchanged)
    version.checksum = final
    version.observations_created = importer.created
    version.observations_revised = importer.revised
    version.save(update_fields=["checksum", "observations_created", "observations_revised"])
    audit_record(
        actor=actor,
        action=audit.AUDIT_OBSERVATIONS_IMPORTED,
        target=version,
        data={
            "source": source.key,
            "origin": version.origin,
            "checksum": final,
            "created": importer.created,
            "revised": importer.revised,
            "unchanged": importer.unchanged,
        },
    )
    return ImportResult(version, importer.created, importer.revised, importer.unchanged)


_SOURCE_FIELDS = ("title", "publisher", "licence", "url", "attribution")
_INDICATOR_FIELDS = (
    "title",
    "title_en",
    "unit",
    "unit_en",
    "decimals",
    "direction",
    "definition",
    "definition_en",
    "numerator",
    "denominator",
    "rate_scale",
    "source_table",
    "query",
    "is_structural",
    "counts_people",
    "position",
)


def _saved(model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> bool:
    """Create or update one row from ``values``; True when anything changed."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save(update_fields=[*changed, "updated_at"])
    return bool(changed)


@transaction.atomic
def indicators_sync(
    *, actor: User | None, sources: list[dict[str, Any]], indicators: list[dict[str, Any]]
) -> list[str]:
    """Create or update sources and indicators from their definitions (``data/indicators.json``
    as read by ``socius.atlas.sources.embedded``); returns the keys and codes that changed.
    Idempotent: definitions already in the database write nothing, not even an audit entry."""
    _may_write(actor)
    changed: list[str] = []
    by_key: dict[str, Source] = {}
    for definition in sources:
        key = definition["key"]
        if _saved(Source, {"key": key}, {f: definition[f] for f in _SOURCE_FIELDS}):
            changed.append(key)
        by_key[key] = Source.objects.get(key=key)
    themes = {t.slug: t for t in Theme.objects.all()}
    for position, definition in enumerate(indicators, start=1):
        theme_slug = definition.get("theme")
        if theme_slug is not None and theme_slug not in themes:
            raise ValidationError(
                _("The indicator %(code)s names an unknown theme “%(theme)s”."),
                params={"code": definition["code"], "theme": theme_slug},
            )
        values = {f: definition[f] for f in _INDICATOR_FIELDS if f != "position"}
        values.update(
            position=position,
            theme=themes.get(theme_slug) if theme_slug else None,
            source=by_key[definition["source"]],
        )
        if _saved(Indicator, {"code": definition["code"]}, values):
            changed.append(definition["code"])
    if changed:
        audit_record(actor=actor, action=audit.AUDIT_INDICATORS_SYNCED, data={"changed": changed})
    return changed
