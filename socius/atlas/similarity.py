"""Similar municipalities: a published distance over standardised structural indicators.

The method, as the compare page shows it:

1. Inputs: every active indicator marked structural (``Indicator.is_structural``), its latest
   figure for each municipality. A municipality without a shown figure for one of them is left
   out of the method (the page names it).
2. Counts of people (population) are taken as their natural logarithm first, so that
   København's size does not swamp every other difference.
3. Each input is standardised over the municipalities in the method: z = (x − mean) / standard
   deviation (the population standard deviation). An input with no spread is left out.
4. The distance between two municipalities is the Euclidean distance between their z-scores:
   the square root of the sum of squared differences, every input weighted equally.
5. The most similar municipalities are the ones nearest; equal distances are broken by the
   municipality code, lowest first.

Pure functions over arrays (``standardise``, ``distances``, ``nearest``) hold the maths and are
tested with hypothesis; ``similar_to`` reads the atlas snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from socius.atlas.models import Indicator
from socius.atlas.selectors import Area, AtlasData

DEFAULT_COUNT = 5
# Distances are compared after rounding, so that two distances equal but for the last bits of a
# float are a tie (and the code decides), the same on every machine.
DISTANCE_DIGITS = 9


def takes_log(indicator: Indicator) -> bool:
    """Whether an input is used as its logarithm: a count of people (no denominator)."""
    return indicator.counts_people and not indicator.denominator


def standardise(matrix: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """z-scores per column (population standard deviation), and which columns were kept:
    a column without spread says nothing about difference and is dropped (its z is 0)."""
    mean = matrix.mean(axis=0)
    sd = matrix.std(axis=0)
    kept = sd > 0
    z = np.zeros_like(matrix)
    z[:, kept] = (matrix[:, kept] - mean[kept]) / sd[kept]
    return z, kept


def distances(z: NDArray[np.float64], row: int) -> NDArray[np.float64]:
    """Euclidean distance from row ``row`` to every row of ``z``."""
    return np.sqrt(((z - z[row]) ** 2).sum(axis=1))


def nearest(
    z: NDArray[np.float64], codes: Sequence[str], target: str, count: int
) -> list[tuple[str, float]]:
    """The ``count`` rows nearest to ``target`` (itself excluded), ties broken by code."""
    row = list(codes).index(target)
    found = distances(z, row)
    order = sorted(
        (i for i in range(len(codes)) if i != row),
        key=lambda i: (round(float(found[i]), DISTANCE_DIGITS), codes[i]),
    )
    return [(codes[i], float(found[i])) for i in order[:count]]


@dataclass(frozen=True)
class Input:
    indicator: Indicator
    log: bool
    mean: float
    sd: float
    used: bool


@dataclass(frozen=True)
class Neighbour:
    area: Area
    distance: float
    values: list[float]  # the inputs' raw figures, in the order of ``Similarity.inputs``
    z: list[float]


@dataclass(frozen=True)
class Similarity:
    target: Neighbour
    neighbours: list[Neighbour]
    inputs: list[Input]
    left_out: list[Area]  # municipalities without a figure for every input

    @property
    def codes(self) -> list[str]:
        return [self.target.area.code, *(n.area.code for n in self.neighbours)]


def structural_inputs(data: AtlasData) -> list[Indicator]:
    return [i for i in data.indicators if i.is_structural]


def similar_to(data: AtlasData, code: str, count: int = DEFAULT_COUNT) -> Similarity | None:
    """The ``count`` municipalities most similar to ``code`` by the method above; None when
    there are no structural inputs or ``code`` lacks a figure for one of them."""
    inputs = structural_inputs(data)
    if not inputs:
        return None
    codes: list[str] = []
    raw: list[list[float]] = []
    left_out: list[Area] = []
    for area_code, area in data.areas.items():
        cells = [data.latest.get(i.pk, {}).get(area_code) for i in inputs]
        values = [float(c.value) if c is not None and c.value is not None else None for c in cells]
        usable = all(
            v is not None and (v > 0 or not takes_log(i))
            for v, i in zip(values, inputs, strict=True)
        )
        if not usable:
            left_out.append(area)
            continue
        codes.append(area_code)
        raw.append([float(v) for v in values if v is not None])
    if code not in codes or len(codes) < 2:
        return None
    matrix = np.array(raw, dtype=np.float64)
    transformed = matrix.copy()
    for col, indicator in enumerate(inputs):
        if takes_log(indicator):
            transformed[:, col] = np.log(transformed[:, col])
    z, kept = standardise(transformed)
    mean, sd = transformed.mean(axis=0), transformed.std(axis=0)
    row = codes.index(code)
    found = distances(z, row)

    def neighbour(i: int) -> Neighbour:
        return Neighbour(
            data.areas[codes[i]],
            float(found[i]),
            [float(v) for v in matrix[i]],
            [float(v) for v in z[i]],
        )

    chosen = nearest(z, codes, code, count)
    return Similarity(
        target=neighbour(row),
        neighbours=[neighbour(codes.index(c)) for c, _d in chosen],
        inputs=[
            Input(ind, takes_log(ind), float(mean[c]), float(sd[c]), bool(kept[c]))
            for c, ind in enumerate(inputs)
        ],
        left_out=left_out,
    )
