"""Choropleth maps of the 98 municipalities, drawn on the server as SVG.

The boundaries are DAGI's, as TopoJSON (``data/kommuner.topojson``): 311 features, several per
municipality for its islands, keyed by ``KOMKODE`` ("0101"); they are joined to the figures by
the three-digit code. The arcs are decoded once per process, projected (longitude scaled by the
cosine of Denmark's middle latitude, which keeps shapes true at this size), simplified
(Douglas-Peucker, a third of a pixel, per shared arc so neighbours still meet) and kept as one
path per municipality. A map is then those paths with a fill each: the SVG is kept by a hash of
its content (the fills and the texts), in this process and in the shared cache, as charts are
(``socius/core/charts.py``), so a map whose numbers did not change is never drawn again.

Vega-Lite's geoshape through vl-convert drew the same map in ~140 ms as a 650 kB SVG; this is
~3 ms and about a sixth of the size, which is why the atlas draws it itself.

The SVG goes inline in the page with ``role="img"``, a title and a generated description; the
colours are a five-step single-hue scale that is also readable in greyscale, every municipality
has a dark outline (3:1 against the page), municipalities without a figure are hatched, and the
table beside the map carries every number, so nothing depends on seeing colour.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.cache import cache
from django.utils.html import escape

DATA_DIR = Path(__file__).parent / "data"
SHARED_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "dk"
WIDTH = 560.0
MARGIN = 4.0
TOLERANCE = 0.35  # pixels
# Five steps of blue, light to dark (ColorBrewer "Blues"), distinct in greyscale too.
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#2171b5", "#08306b")
OUTLINE = "#1a1a1a"
INSET = "400"  # Bornholm
# Christiansø has a code in DAGI but is run by the state, not a municipality.
NOT_SHOWN = frozenset({"411"})
CACHE_SECONDS = 24 * 3600
_MEMO_SIZE = 64


def topology_path(name: str = "kommuner.topojson") -> Path:
    """The boundaries file: the atlas's copy, or the shared data set's until it is copied."""
    own = DATA_DIR / name
    return own if own.exists() else SHARED_DIR / name


@dataclass(frozen=True)
class Shapes:
    width: float
    height: float
    paths: dict[str, str]  # municipality code -> SVG path data
    # The inset's frame (x, y, width, height), or None without an inset.
    inset: tuple[float, float, float, float] | None = None


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on one arc; both ends always stay (arcs meet there)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                d = math.hypot(px - x1, py - y1)
            else:
                d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            if d > worst:
                worst, index = d, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


@functools.cache
def shapes() -> Shapes:
    """Every municipality's outline as SVG path data, read and projected once per process.
    Bornholm is moved into a framed inset in the upper right corner, as Danish maps do."""
    topology = json.loads(topology_path().read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs_lonlat = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for position in arc:
            x, y = x + position[0], y + position[1]
            points.append((x * sx + tx, y * sy + ty))
        arcs_lonlat.append(points)
    (objects,) = topology["objects"].values()
    geometries = [
        (
            str(int(g["properties"]["KOMKODE"])),
            g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]],
        )
        for g in objects["geometries"]
    ]
    geometries = [(code, polygons) for code, polygons in geometries if code not in NOT_SHOWN]

    def arcs_of(codes: set[str]) -> set[int]:
        return {
            (i if i >= 0 else ~i)
            for code, polygons in geometries
            if code in codes
            for polygon in polygons
            for ring_ in polygon
            for i in ring_
        }

    inset_arcs = arcs_of({INSET})
    main_arcs = arcs_of({code for code, _p in geometries}) - inset_arcs
    main = [p for n in main_arcs for p in arcs_lonlat[n]]
    lons, lats = [p[0] for p in main], [p[1] for p in main]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    min_x, max_x, top = min(lons) * k, max(lons) * k, max(lats)
    scale = (WIDTH - 2 * MARGIN) / (max_x - min_x)
    height = (top - min(lats)) * scale + 2 * MARGIN

    def plain(p: tuple[float, float]) -> tuple[float, float]:
        return ((p[0] * k - min_x) * scale + MARGIN, (top - p[1]) * scale + MARGIN)

    # The inset: Bornholm's own box, moved to the upper right corner with a margin inside
    # its frame.
    inset = [plain(p) for n in inset_arcs for p in arcs_lonlat[n]]
    frame = None
    shift = (0.0, 0.0)
    if inset:
        left, right = min(p[0] for p in inset), max(p[0] for p in inset)
        upper, lower = min(p[1] for p in inset), max(p[1] for p in inset)
        pad = 6.0
        shift = (WIDTH - MARGIN - pad - right, MARGIN + pad - upper)
        frame = (
            round(WIDTH - MARGIN - 2 * pad - (right - left), 1),
            MARGIN,
            round(right - left + 2 * pad, 1),
            round(lower - upper + 2 * pad, 1),
        )

    def project(p: tuple[float, float], moved: bool) -> tuple[float, float]:
        x, y = plain(p)
        if moved:
            x, y = x + shift[0], y + shift[1]
        return (round(x, 1), round(y, 1))

    arcs = [
        _simplify([project(p, n in inset_arcs) for p in arc], TOLERANCE)
        for n, arc in enumerate(arcs_lonlat)
    ]

    def ring(indexes: list[int]) -> str:
        points: list[tuple[float, float]] = []
        for i in indexes:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(arc[1:] if points else arc)
        deduped = [p for j, p in enumerate(points) if j == 0 or p != points[j - 1]]
        if len(deduped) < 3:
            return ""
        return "M" + "L".join(f"{x:g} {y:g}" for x, y in deduped) + "Z"

    parts: dict[str, list[str]] = defaultdict(list)
    for code, polygons in geometries:
        for polygon in polygons:
            parts[code].extend(r for r in (ring(rg) for rg in polygon) if r)
    return Shapes(WIDTH, round(height, 1), {code: "".join(p) for code, p in parts.items()}, frame)


# --- Classes and colours -----------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    colour: str
    low: Decimal
    high: Decimal


def steps(values: Sequence[Decimal], count: int = len(PALETTE)) -> list[Step]:
    """Up to ``count`` classes by quantile of ``values`` (fewer when values repeat), lowest
    first, each with its colour and the lowest and highest value in it."""
    ordered = sorted(values)
    if not ordered:
        return []
    n = len(ordered)
    bounds: list[tuple[Decimal, Decimal]] = []
    start = 0
    for i in range(1, count + 1):
        end = max(start + 1, round(i * n / count))
        # Keep equal values in one class.
        while end < n and ordered[end] == ordered[end - 1]:
            end += 1
        if start >= n:
            break
        bounds.append((ordered[start], ordered[min(end, n) - 1]))
        start = end
    palette = _palette_for(len(bounds))
    return [Step(colour, low, high) for colour, (low, high) in zip(palette, bounds, strict=True)]


def _palette_for(count: int) -> tuple[str, ...]:
    if count >= len(PALETTE):
        return PALETTE
    # Spread fewer classes over the whole scale, light to dark.
    if count == 1:
        return (PALETTE[2],)
    return tuple(PALETTE[round(i * (len(PALETTE) - 1) / (count - 1))] for i in range(count))


def colour_of(value: Decimal, classes: Sequence[Step]) -> str:
    for step in classes:
        if value <= step.high:
            return step.colour
    return classes[-1].colour


# --- The SVG -------------------------------------------------------------------------------
_MEMO: OrderedDict[str, str] = OrderedDict()
_MEMO_LOCK = threading.Lock()


def _cached(key: str, draw: functools.partial[str]) -> str:
    with _MEMO_LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return _MEMO[key]
    svg = cache.get(key)
    if svg is None:
        svg = draw()
        cache.set(key, svg, CACHE_SECONDS)
    with _MEMO_LOCK:
        _MEMO[key] = svg
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)
    return str(svg)


def choropleth_svg(*, fills: dict[str, str | None], title: str, description: str) -> str:
    """The map as inline SVG: ``fills`` gives each municipality's colour (None: hatched, no
    figure); ``title`` and ``description`` are its accessible name and description. Kept by a
    hash of its content."""
    content = json.dumps([sorted(fills.items()), title, description], separators=(",", ":"))
    key = "atlas-map:" + hashlib.sha256(content.encode()).hexdigest()
    return _cached(key, functools.partial(_draw, fills, title, description))


def _draw(fills: dict[str, str | None], title: str, description: str) -> str:
    geo = shapes()
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {geo.width:g} {geo.height:g}" '
        'class="atlas-map" role="img" aria-labelledby="atlas-map-title atlas-map-desc" '
        'focusable="false">',
        f'<title id="atlas-map-title">{escape(title)}</title>',
        f'<desc id="atlas-map-desc">{escape(description)}</desc>',
        '<defs><pattern id="atlas-map-none" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="4" height="4" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="4" stroke="#595959" stroke-width="1.5"/></pattern></defs>',
        f'<g stroke="{OUTLINE}" stroke-width="0.4" stroke-linejoin="round">',
    ]
    for code in sorted(geo.paths):
        if code not in fills:
            continue  # not a municipality (Christiansø)
        fill = fills[code] or "url(#atlas-map-none)"
        out.append(f'<path d="{geo.paths[code]}" fill="{fill}"/>')
    out.append("</g>")
    if geo.inset is not None:
        x, y, w, h = geo.inset
        out.append(
            f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" fill="none" '
            'stroke="#595959" stroke-width="0.8"/>'
        )
    out.append("</svg>")
    return "".join(out)


def sparkline_svg(values: Sequence[float], *, width: int = 96, height: int = 24) -> str:
    """A small line of a series (oldest first), for beside a figure; decorative (the page gives
    the numbers in words), so hidden from screen readers."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 4) / (len(values) - 1)
    points = " ".join(
        f"{2 + i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}"
        for i, v in enumerate(values)
    )
    last_x, last_y = points.rsplit(" ", 1)[-1].split(",")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-hidden="true" focusable="false" class="atlas-spark">'
        f'<polyline points="{points}" fill="none" stroke="#0059b3" stroke-width="1.5"/>'
        f'<circle cx="{last_x}" cy="{last_y}" r="2" fill="#0059b3"/></svg>'
    )
