"""A JSON-stat 2.0 writer (https://json-stat.org/format/) for the atlas's downloads.

A dataset is a cube: ``id`` names the dimensions in order, ``size`` gives each one's number of
categories, and ``value`` lists the cells in row-major order (the last dimension changes
fastest), with ``null`` where there is no figure. ``status`` says why a cell has none, keyed by
the cell's position. Dimension categories keep their order in ``category.index`` and their
names in ``category.label``; the metric dimension's categories carry their unit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product
from typing import Any

VERSION = "2.0"


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    categories: Sequence[tuple[str, str]]  # (id, label), in order
    # The role the dimension plays: "time", "geo" or "metric" (or "" for none).
    role: str = ""
    # For a metric dimension: category id -> {"label": unit, "decimals": n}
    units: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def number(value: Decimal | float | int | None) -> float | int | None:
    """A figure as a JSON number (integers stay integers)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        normal = value.normalize()
        return int(normal) if normal == normal.to_integral_value() else float(normal)
    return value


def dataset(
    *,
    label: str,
    dimensions: Sequence[Dimension],
    values: Mapping[tuple[str, ...], Decimal | float | int | None],
    status: Mapping[tuple[str, ...], str] | None = None,
    source: str = "",
    updated: str = "",
    note: Sequence[str] = (),
    href: str = "",
) -> dict[str, Any]:
    """The dataset: ``values`` and ``status`` are keyed by one category id per dimension, in
    the order of ``dimensions``; cells not in ``values`` are null."""
    status = status or {}
    out: dict[str, Any] = {"version": VERSION, "class": "dataset", "label": label}
    if href:
        out["href"] = href
    if source:
        out["source"] = source
    if updated:
        out["updated"] = updated
    if note:
        out["note"] = list(note)
    out["id"] = [d.id for d in dimensions]
    out["size"] = [len(d.categories) for d in dimensions]
    roles: dict[str, list[str]] = {}
    out["dimension"] = {}
    for d in dimensions:
        category: dict[str, Any] = {
            "index": {cid: i for i, (cid, _label) in enumerate(d.categories)},
            "label": {cid: clabel for cid, clabel in d.categories},
        }
        if d.units:
            category["unit"] = {cid: dict(u) for cid, u in d.units.items()}
        out["dimension"][d.id] = {"label": d.label, "category": category}
        if d.role:
            roles.setdefault(d.role, []).append(d.id)
    if roles:
        out["role"] = roles
    cells: list[float | int | None] = []
    statuses: dict[str, str] = {}
    keys = product(*[[cid for cid, _label in d.categories] for d in dimensions])
    for position, key in enumerate(keys):
        cells.append(number(values.get(key)))
        if key in status:
            statuses[str(position)] = status[key]
    out["value"] = cells
    if statuses:
        out["status"] = statuses
    return out
