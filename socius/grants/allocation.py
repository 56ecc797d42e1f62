"""Proposed amounts for a grant round: an exact optimiser (``allocate``) and a greedy floor.

Pure Python on purpose (no models, no database): the Django side turns a round into
``Candidate``s and ``Rules`` and keeps the ``Allocation`` with its inputs, so every proposal
can be re-run and explained. Django is imported only to mark messages for translation.

``allocate`` solves a mixed-integer programme with HiGHS (``scipy.optimize.milp``). Let F be
the candidates the optimiser decides: not locked, and scored at or above the floor (the others
are fixed: locked ones as locked, the rest at 0). For i in F, x_i is kroner and y_i is 0 or 1:

    maximise    sum_i (score_i - tie_i) * x_i  -  P * sum_t s_t
    subject to  minimum_i * y_i <= x_i <= requested_i * y_i         nothing, or a viable amount
                sum_i x_i <= budget - locked                         the budget
                sum_{i of o} x_i <= cap - locked_o                   each organisation's cap
                sum_{i in t} x_i + s_t >= target_t - locked_t        theme minimum, soft: s_t >= 0
                x_a / req_a >= x_b / req_b  for a, b in F, same theme, score_a > score_b

Theme minimums. target_t = ceil(share_t * budget) kroner; the slack s_t is the shortfall,
reported instead of failing. The penalty is P = 6 * budget per krone of shortfall: two
proposals with different total shortfalls differ by at least 1 krone (whole kroner, whole-krone
targets), while their score terms differ by less than (5 + tie) * budget < 6 * budget, so less
shortfall always wins, whatever it costs in score. Because the penalty then dominates the
objective, HiGHS's relative gap would leave the score part loose; so when a shortfall remains,
a second solve maximises the score alone with the total shortfall held at the first one's.

Monotone shares, without O(n^2) pairs. Within a theme, F's candidates are sorted by score and
grouped into levels of equal score, L_1 > L_2 > ... (equal scores need no order between them).
The rule for one boundary between adjacent levels A (above) and B is either
  - pair rows x_a * req_b - x_b * req_a >= 0 for every a in A and b in B, when that is no more
    rows than the alternative (|A| * |B| <= |A| + |B|: sizes 1x1, 1x2, 2x2), or
  - one "level share" variable r in [0, 1] with x_a >= r * req_a for a in A and
    x_b <= r * req_b for b in B: |A| + |B| rows, each candidate in at most two boundaries.
Either way every share in A is at least every share in B, and the chain of boundaries gives
transitivity: share(L_1) >= share(L_2) >= share(L_3), the levels between never being empty.
It is exact, not a restriction: for any monotone proposal, r = the lowest share in A fits.
Candidates below the floor get 0 and sit below every level anyway. Locked candidates are left
out of the chain: a lock is a decision by staff and overrides the rule (otherwise it would
force or forbid amounts for others in its theme that nobody chose).

The boundaries are added lazily (constraint generation). Funding by score mostly gives
monotone shares by itself; with every boundary in the model, HiGHS needed 2.9 s on the 5,000-
application benchmark (``bench/allocation.py``), without them 0.16 s. So the first solve has no
monotone rows; the proposal is checked in exact arithmetic, the boundaries between the levels
of each broken pair are added, and it is solved again until nothing breaks. A relaxation's
optimum that keeps every rule is optimal for the full problem, so this is exact. After 4
rounds every boundary goes in, which ends it. A run without every boundary gets at most 10 %
of the time limit: when caps bind, that model can be the harder one (and one of its
proposals, mended by lowering shares, can be poor); if the run is cut short, every boundary
goes in for the rest of the time.

"Optimal" means HiGHS proved the proposal within a relative gap of 1e-6 of the best possible
objective (``MIP_REL_GAP``): on a 1 million kr budget, at most a few kroner of score-weighted
funding.

Whole kroner. Outside monotone rows, x need not be declared integer: once y (and the integer
x in monotone rows) is fixed, the rows on the remaining x (the budget with the caps inside it,
the themes beside it, shortfall slacks) form a totally unimodular matrix with whole-krone
bounds and right-hand sides, so every vertex HiGHS ends on has whole-krone amounts. The values
are rounded and made exact in any case (``_rounded`` and ``_make_monotone``): any krone over the
budget or a cap comes off the lowest-scored amounts, and a share that beats a higher score's by
a rounding error is lowered to match. Every rule is checked again in integer arithmetic, and a
proposal that breaks one is never returned.

Determinism. Candidates are ordered by key before the model is built, so the same candidates in
any order give the same model, and HiGHS is deterministic for the same model and options.
``tie_i`` (under 1e-6 per krone, larger for later keys) prefers the lower key between equal
scores and makes a score of 0 worth less than nothing, so it is funded only to meet a theme
minimum. A run that stops at
the time limit depends on the machine's speed and is not reproducible.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from itertools import groupby
from typing import TYPE_CHECKING, Any

import numpy as np
from django.utils.translation import gettext_lazy as _
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# A message for staff, kept lazy with its parameters until the Allocation is made.
Note = tuple["StrOrPromise", dict[str, object]]

MAX_KRONER = 10**10
# HiGHS stops when the proposal is provably within this fraction of the best possible one.
MIP_REL_GAP = 1e-6
TIE_BREAK = 1e-6


@dataclass(frozen=True)
class Candidate:
    key: str  # application id (unique)
    organisation: str  # organisation id
    theme: str  # the application's primary theme slug
    score: float  # aggregated score 0..5
    requested: int  # whole kroner, > 0
    minimum: int  # minimum viable amount, 0 < minimum <= requested
    locked: int | None = None  # staff-locked: 0 = locked out, else fixed in [minimum, requested]


@dataclass(frozen=True)
class Rules:
    budget: int  # whole kroner
    cap_per_organisation: int | None = None
    min_share_per_theme: Mapping[str, float | Decimal] = field(default_factory=dict)
    score_floor: float = 0.0  # below it: never funded
    time_limit: float = 30.0  # seconds


@dataclass(frozen=True)
class Allocation:
    amounts: dict[str, int]  # every candidate key -> granted kroner (0 if not funded)
    objective: float  # sum(score * amount)
    status: str  # "optimal", "time_limit" (HiGHS stopped early) or "greedy"
    theme_shortfall: dict[str, int]  # kroner missing to reach each theme's minimum (0 when met)
    solve_seconds: float  # wall time of the whole call
    messages: list[str]  # plain-language notes, in the language active during the call


class AllocationError(ValueError):
    """Input the optimiser cannot use, or a problem no proposal can solve, said plainly.

    ``message`` stays lazy and ``params`` separate, so a view can show it in the user's
    language or re-raise it as ``ValidationError(exc.message, params=exc.params)``."""

    def __init__(self, message: StrOrPromise, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass(frozen=True)
class _Plan:
    """Validated input: what is fixed, what the optimiser decides, and what is left for it."""

    rules: Rules
    candidates: tuple[Candidate, ...]  # all, by key
    fixed: dict[str, int]  # locked amounts, and 0 below the floor
    free: tuple[Candidate, ...]  # by key
    targets: dict[str, int]  # theme -> minimum in kroner
    budget_left: int
    cap_left: dict[str, int]  # organisation -> what its cap leaves; empty without a cap
    levels: dict[str, list[list[Candidate]]]  # theme -> free candidates by equal score, high first


def _kr(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    """A finite int, float or Decimal (not a bool, which Python counts as an int)."""
    if isinstance(value, Decimal):
        return value.is_finite()
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_rules(rules: Rules) -> None:
    if not _is_int(rules.budget) or not 0 < rules.budget <= MAX_KRONER:
        raise AllocationError(
            _("The budget must be whole kroner above 0 and at most %(max)s kr."),
            max=_kr(MAX_KRONER),
        )
    cap = rules.cap_per_organisation
    if cap is not None and (not _is_int(cap) or not 0 < cap <= MAX_KRONER):
        raise AllocationError(_("The cap per organisation must be whole kroner above 0."))
    if not _is_number(rules.score_floor):
        raise AllocationError(_("The score floor must be a number."))
    if not (_is_number(rules.time_limit) and rules.time_limit > 0):
        raise AllocationError(_("The time limit must be a number of seconds above 0."))
    for theme, share in rules.min_share_per_theme.items():
        if not (_is_number(share) and 0 <= share <= 1):
            raise AllocationError(
                _("The minimum share for %(theme)s must be between 0 and 1."), theme=theme
            )
    if sum(_as_decimal(s) for s in rules.min_share_per_theme.values()) > 1:
        raise AllocationError(
            _("The minimum shares for the themes add up to more than the whole budget.")
        )


def _check_candidate(c: Candidate) -> None:
    amounts = (c.requested, c.minimum)
    if not all(_is_int(a) and 0 < a <= MAX_KRONER for a in amounts):
        raise AllocationError(
            _("Application %(key)s: amounts must be whole kroner above 0 and at most %(max)s kr."),
            key=c.key,
            max=_kr(MAX_KRONER),
        )
    if c.minimum > c.requested:
        raise AllocationError(
            _("Application %(key)s: the minimum amount is larger than the amount applied for."),
            key=c.key,
        )
    if not (_is_number(c.score) and not isinstance(c.score, Decimal) and 0 <= c.score <= 5):
        raise AllocationError(_("Application %(key)s: the score must be from 0 to 5."), key=c.key)
    if c.locked is not None and not (
        _is_int(c.locked) and (c.locked == 0 or c.minimum <= c.locked <= c.requested)
    ):
        raise AllocationError(
            _(
                "Application %(key)s: a locked amount must be 0 or between the minimum "
                "and the amount applied for."
            ),
            key=c.key,
        )


def _check_locks(candidates: Sequence[Candidate], rules: Rules) -> None:
    locked = sum(c.locked or 0 for c in candidates)
    if locked > rules.budget:
        raise AllocationError(
            _("The locked amounts (%(locked)s kr) exceed the budget (%(budget)s kr)."),
            locked=_kr(locked),
            budget=_kr(rules.budget),
        )
    cap = rules.cap_per_organisation
    if cap is None:
        return
    for org, total in sorted(_locked_by(candidates, "organisation").items()):
        if total > cap:
            raise AllocationError(
                _(
                    "The locked amounts for organisation %(organisation)s (%(locked)s kr) "
                    "exceed the cap per organisation (%(cap)s kr)."
                ),
                organisation=org,
                locked=_kr(total),
                cap=_kr(cap),
            )


def _locked_by(candidates: Iterable[Candidate], attr: str) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for c in candidates:
        totals[getattr(c, attr)] += c.locked or 0
    return dict(totals)


def _fixed_by(plan: _Plan, attr: str) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for c in plan.candidates:
        totals[getattr(c, attr)] += plan.fixed.get(c.key, 0)
    return dict(totals)


def _as_decimal(share: float | Decimal) -> Decimal:
    # repr() gives the shortest decimal that is the float, i.e. what the user typed: 0.1, not
    # 0.1000000000000000055511151231257827.
    return share if isinstance(share, Decimal) else Decimal(repr(float(share)))


def _plan(candidates: Sequence[Candidate], rules: Rules) -> _Plan:
    """Check the input and split it into fixed amounts and the candidates to decide."""
    _check_rules(rules)
    ordered = tuple(sorted(candidates, key=lambda c: c.key))
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.key == b.key:
            raise AllocationError(_("Application %(key)s appears more than once."), key=a.key)
    for c in ordered:
        _check_candidate(c)
    _check_locks(ordered, rules)
    fixed = {c.key: c.locked for c in ordered if c.locked is not None}
    fixed |= {c.key: 0 for c in ordered if c.locked is None and c.score < rules.score_floor}
    locked_by_org = _locked_by(ordered, "organisation")
    free = tuple(c for c in ordered if c.key not in fixed)
    cap = rules.cap_per_organisation
    return _Plan(
        rules=rules,
        candidates=ordered,
        fixed=fixed,
        free=free,
        targets={
            theme: int((_as_decimal(share) * rules.budget).to_integral_value(ROUND_CEILING))
            for theme, share in sorted(rules.min_share_per_theme.items())
        },
        budget_left=rules.budget - sum(fixed.values()),
        cap_left={}
        if cap is None
        else {c.organisation: cap - locked_by_org.get(c.organisation, 0) for c in ordered},
        levels={t: _levels(m) for t, m in sorted(_group(free, "theme").items())},
    )


# -- The model --------------------------------------------------------------------------------

# False puts every monotone boundary in the model from the start (for benchmarks).
LAZY_MONOTONE = True
MAX_LAZY_ROUNDS = 4
LAZY_SHARE = 0.1  # of the time limit, for a run without every monotone boundary
Boundary = tuple[str, int]  # (theme, k): between levels k and k + 1 of the theme


@dataclass
class _Model:
    """Columns and rows of the MILP, added one at a time (HiGHS takes them minimising)."""

    cost: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[int] = field(default_factory=list)
    entries: list[tuple[int, int, float]] = field(default_factory=list)
    row_lower: list[float] = field(default_factory=list)
    row_upper: list[float] = field(default_factory=list)

    def column(self, cost: float, lower: float, upper: float, *, integer: bool) -> int:
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(int(integer))
        return len(self.cost) - 1

    def row(self, terms: Iterable[tuple[int, float]], lower: float, upper: float) -> None:
        index = len(self.row_lower)
        self.entries.extend((index, col, value) for col, value in terms)
        self.row_lower.append(lower)
        self.row_upper.append(upper)


def _group(candidates: Iterable[Candidate], attr: str) -> dict[str, list[Candidate]]:
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        groups[getattr(c, attr)].append(c)
    return dict(groups)


def _levels(members: Iterable[Candidate]) -> list[list[Candidate]]:
    """Candidates grouped by equal score, highest score first, each group by key."""
    ordered = sorted(members, key=lambda c: (-c.score, c.key))
    return [list(group) for _score, group in groupby(ordered, key=lambda c: c.score)]


def _add_boundary(
    model: _Model, x: dict[str, int], above: list[Candidate], below: list[Candidate]
) -> None:
    """Every share in ``above`` at least every share in ``below`` (pair rows or a level share)."""
    for c in above + below:
        model.integer[x[c.key]] = 1  # the rows below are not totally unimodular
    if len(above) * len(below) <= len(above) + len(below):
        for a in above:
            for b in below:
                m = max(a.requested, b.requested)  # keeps the coefficients at most 1
                model.row([(x[a.key], b.requested / m), (x[b.key], -a.requested / m)], 0, math.inf)
        return
    share = model.column(0.0, 0.0, 1.0, integer=False)
    for a in above:
        model.row([(x[a.key], 1.0), (share, -float(a.requested))], 0.0, math.inf)
    for b in below:
        model.row([(x[b.key], 1.0), (share, -float(b.requested))], -math.inf, 0.0)


def _build(
    plan: _Plan, boundaries: set[Boundary], *, penalty: float, max_shortfall: int | None
) -> _Model:
    """The MILP for ``plan`` (module docstring); x_i is column i, in key order."""
    model, n = _Model(), len(plan.free)
    x: dict[str, int] = {}
    for rank, c in enumerate(plan.free):
        room = min(c.requested, plan.budget_left, plan.cap_left.get(c.organisation, MAX_KRONER))
        upper = room if room >= c.minimum else 0
        x[c.key] = model.column(-(c.score - TIE_BREAK * rank / n), 0, upper, integer=False)
    for c in plan.free:
        funded = model.column(0.0, 0, 1 if model.upper[x[c.key]] else 0, integer=True)
        model.row([(x[c.key], 1.0), (funded, -float(c.minimum))], 0.0, math.inf)
        model.row([(x[c.key], 1.0), (funded, -float(c.requested))], -math.inf, 0.0)
    model.row(((x[c.key], 1.0) for c in plan.free), -math.inf, plan.budget_left)
    for org, members in sorted(_group(plan.free, "organisation").items()):
        if org in plan.cap_left and sum(c.requested for c in members) > plan.cap_left[org]:
            model.row(((x[c.key], 1.0) for c in members), -math.inf, plan.cap_left[org])
    slacks = []
    fixed_by_theme = _fixed_by(plan, "theme")
    for theme, levels in plan.levels.items():
        missing = plan.targets.get(theme, 0) - fixed_by_theme.get(theme, 0)
        if missing > 0:
            slacks.append(model.column(penalty, 0.0, missing, integer=False))
            terms = [(x[c.key], 1.0) for level in levels for c in level]
            model.row([*terms, (slacks[-1], 1.0)], missing, math.inf)
    if max_shortfall is not None and slacks:
        model.row(((s, 1.0) for s in slacks), -math.inf, max_shortfall)
    for theme, k in sorted(boundaries):
        _add_boundary(model, x, plan.levels[theme][k], plan.levels[theme][k + 1])
    return model


def _run(model: _Model, time_limit: float) -> Any:
    rows, cols, values = zip(*model.entries, strict=True)
    matrix = coo_array((values, (rows, cols)), shape=(len(model.row_lower), len(model.cost)))
    return milp(
        c=np.array(model.cost),
        integrality=np.array(model.integer),
        bounds=Bounds(model.lower, model.upper),
        constraints=LinearConstraint(matrix.tocsr(), model.row_lower, model.row_upper),
        options={"time_limit": time_limit, "mip_rel_gap": MIP_REL_GAP, "presolve": True},
    )


def _broken_boundaries(plan: _Plan, amounts: Mapping[str, int]) -> set[Boundary]:
    """The boundaries between each pair of levels whose shares break the rule."""
    broken: set[Boundary] = set()
    for theme, levels in plan.levels.items():
        lowest: Fraction | None = None
        lowest_at = 0
        for k, level in enumerate(levels):
            shares = [Fraction(amounts[c.key], c.requested) for c in level]
            if lowest is not None and max(shares) > lowest:
                broken.update((theme, j) for j in range(lowest_at, k))
            if lowest is None or min(shares) <= lowest:
                lowest, lowest_at = min(shares), k
    return broken


Solved = tuple[dict[str, int], str]  # whole-krone amounts of the free candidates, status


def _every_boundary(plan: _Plan) -> set[Boundary]:
    return {(t, k) for t, levels in plan.levels.items() for k in range(len(levels) - 1)}


def _solve_once(
    plan: _Plan,
    boundaries: set[Boundary],
    *,
    penalty: float,
    max_shortfall: int | None,
    seconds: float,
) -> Solved | None:
    """One HiGHS run; None if it found no proposal within ``seconds``."""
    model = _build(plan, boundaries, penalty=penalty, max_shortfall=max_shortfall)
    result = _run(model, seconds)
    if result.x is None:
        if result.status != 1:  # 1: time (or iteration) limit
            raise AllocationError(_("The optimiser failed: %(reason)s"), reason=result.message)
        return None
    status = "optimal" if result.status == 0 else "time_limit"
    return _rounded(plan, result.x[: len(plan.free)]), status


def _solve(
    plan: _Plan,
    boundaries: set[Boundary],
    *,
    penalty: float,
    max_shortfall: int | None,
    deadline: float,
) -> Solved | None:
    """Solve, adding monotone boundaries where the proposal breaks the rule, until it holds.

    A run without every boundary gets at most ``LAZY_SHARE`` of the time limit. If it is cut
    short, or the rule still breaks after ``MAX_LAZY_ROUNDS`` rounds, every boundary goes in
    for the rest of the time. Returns None if nothing was found in time; after a time limit,
    the best proposal found, one that keeps the rule first. ``boundaries`` keeps those added,
    for the next solve."""
    everything = _every_boundary(plan)
    stopped: list[tuple[bool, Solved]] = []  # cut short by the time limit: (breaks rule, ...)
    for round_ in range(MAX_LAZY_ROUNDS + 2):
        complete = boundaries >= everything
        seconds = deadline - time.perf_counter()
        if not complete:
            seconds = min(seconds, LAZY_SHARE * plan.rules.time_limit)
        solved = None
        if seconds > 0:
            solved = _solve_once(
                plan, boundaries, penalty=penalty, max_shortfall=max_shortfall, seconds=seconds
            )
        new: set[Boundary] = set()
        if solved is not None:
            new = _broken_boundaries(plan, solved[0]) - boundaries
            if not new and solved[1] == "optimal":
                return solved
            stopped.append((bool(new), (solved[0], "time_limit")))
        if complete or time.perf_counter() >= deadline:
            break
        lazy = solved is not None and solved[1] == "optimal" and round_ < MAX_LAZY_ROUNDS - 1
        boundaries |= new if lazy else everything
    if not stopped:
        return None
    return min(
        stopped, key=lambda s: (s[0], _free_shortfall(plan, s[1][0]), -_objective(plan, s[1][0]))
    )[1]


def _optimise(plan: _Plan, started: float) -> tuple[dict[str, int], str]:
    """Solve with the shortfall penalty; if a shortfall remains, polish the score (module doc)."""
    rules = plan.rules
    deadline = started + rules.time_limit
    boundaries = set() if LAZY_MONOTONE else _every_boundary(plan)
    first = _solve(
        plan, boundaries, penalty=6.0 * rules.budget, max_shortfall=None, deadline=deadline
    )
    if first is None:
        raise AllocationError(
            _("The optimiser found no proposal within %(seconds)s seconds. Allow more time."),
            seconds=f"{rules.time_limit:g}",
        )
    amounts, status = first
    missing = _free_shortfall(plan, amounts)
    if missing == 0 or status != "optimal":
        return amounts, status
    second = _solve(plan, boundaries, penalty=0.0, max_shortfall=missing, deadline=deadline)
    if second is None:
        return amounts, "time_limit"
    better, status = second
    if (_free_shortfall(plan, better), -_objective(plan, better)) <= (
        missing,
        -_objective(plan, amounts),
    ):
        return better, status
    return amounts, status


# -- Whole kroner, exactly --------------------------------------------------------------------


def _rounded(plan: _Plan, values: Sequence[float]) -> dict[str, int]:
    """Whole kroner from the solver's values, within each amount's range, the budget and caps."""
    amounts: dict[str, int] = {}
    for c, value in zip(plan.free, values, strict=True):
        amount = min(max(round(float(value)), 0), c.requested)
        amounts[c.key] = amount if amount >= c.minimum else 0
    groups = [(list(plan.free), plan.budget_left)]
    if plan.cap_left:
        groups += [
            (m, plan.cap_left[o]) for o, m in sorted(_group(plan.free, "organisation").items())
        ]
    for members, limit in groups:
        excess = sum(amounts[c.key] for c in members) - limit
        if excess > 0:
            _cut(members, amounts, excess)
    return amounts


def _cut(members: list[Candidate], amounts: dict[str, int], excess: int) -> None:
    """Take ``excess`` kroner from the lowest scores first: down to their minimum, then to 0."""
    by_key = sorted(members, key=lambda c: c.key, reverse=True)
    order = sorted(by_key, key=lambda c: c.score)
    for c in order:
        cut = min(excess, amounts[c.key] - c.minimum) if amounts[c.key] else 0
        amounts[c.key] -= cut
        excess -= cut
    for c in order:
        if excess > 0 and amounts[c.key]:
            excess -= amounts[c.key]
            amounts[c.key] = 0


def _make_monotone(plan: _Plan, amounts: dict[str, int]) -> dict[str, int]:
    """Lower any share above a higher score's share; lowering never breaks another hard rule.

    It mends rounding errors (HiGHS keeps the rule within its tolerance), and, after a time
    limit left only a proposal from a run without every boundary, real breaches: then the
    lowering can cascade down a theme, and the proposal is valid but poor."""
    for levels in plan.levels.values():
        bound: Fraction | None = None
        for level in levels:
            for c in level:
                if bound is not None and Fraction(amounts[c.key], c.requested) > bound:
                    amount = math.floor(bound * c.requested)
                    amounts[c.key] = amount if amount >= c.minimum else 0
            bound = min(Fraction(amounts[c.key], c.requested) for c in level)
    broken = _broken_rules(plan, amounts)
    if broken:
        raise RuntimeError(f"the proposal breaks {broken}; this is a bug")
    return amounts


def _broken_rules(plan: _Plan, amounts: Mapping[str, int]) -> list[str]:
    broken = [
        c.key
        for c in plan.free
        if amounts[c.key] and not c.minimum <= amounts[c.key] <= c.requested
    ]
    if sum(amounts.values()) > plan.budget_left:
        broken.append("budget")
    for org, members in _group(plan.free, "organisation").items():
        if plan.cap_left and sum(amounts[c.key] for c in members) > plan.cap_left[org]:
            broken.append(f"cap {org}")
    broken.extend(f"monotone {t}" for t, _k in sorted(_broken_boundaries(plan, amounts)))
    return broken


# -- Results ----------------------------------------------------------------------------------


def _all_amounts(plan: _Plan, free_amounts: Mapping[str, int]) -> dict[str, int]:
    return {c.key: plan.fixed.get(c.key, free_amounts.get(c.key, 0)) for c in plan.candidates}


def _objective(plan: _Plan, free_amounts: Mapping[str, int]) -> float:
    amounts = _all_amounts(plan, free_amounts)
    return math.fsum(c.score * amounts[c.key] for c in plan.candidates)


def _shortfall(plan: _Plan, amounts: Mapping[str, int]) -> dict[str, int]:
    granted: dict[str, int] = defaultdict(int)
    for c in plan.candidates:
        granted[c.theme] += amounts[c.key]
    return {theme: max(0, target - granted[theme]) for theme, target in plan.targets.items()}


def _free_shortfall(plan: _Plan, free_amounts: Mapping[str, int]) -> int:
    """The shortfall the model can change: in themes with candidates left to decide."""
    shortfall = _shortfall(plan, _all_amounts(plan, free_amounts))
    themes = {c.theme for c in plan.free}
    return sum(missing for theme, missing in shortfall.items() if theme in themes)


def _shortfall_note(plan: _Plan, theme: str, missing: int) -> Note:
    """Why a theme's minimum was not met, in words staff can act on."""
    members = [c for c in plan.candidates if c.theme == theme]
    params: dict[str, object] = {
        "theme": theme,
        "missing": _kr(missing),
        "target": _kr(plan.targets[theme]),
    }
    if not members:
        return _(
            "No application has the theme %(theme)s, so its minimum of %(target)s kr is not met."
        ), params
    fundable = sum(
        c.locked if c.locked is not None else c.requested
        for c in members
        if c.locked is not None or c.score >= plan.rules.score_floor
    )
    if fundable < plan.targets[theme]:
        params["available"] = _kr(fundable)
        return (
            _(
                "The theme %(theme)s is %(missing)s kr short of its minimum of %(target)s kr: "
                "the applications in it that can be funded ask for %(available)s kr in total."
            ),
            params,
        )
    return (
        _(
            "The theme %(theme)s is %(missing)s kr short of its minimum of %(target)s kr. "
            "Meeting it would break the budget, a cap per organisation, a locked amount, "
            "an application's minimum amount, another theme's minimum, or the rule that a "
            "higher score never gets a smaller share of its request."
        ),
        params,
    )


def _blocked_notes(plan: _Plan, amounts: Mapping[str, int]) -> list[Note]:
    """Say when the share rule leaves money unspent: an unfunded application holds every
    lower score in its theme at 0, even where the rest of the budget would fit one of them."""
    unspent = plan.budget_left - sum(amounts.values())
    room = dict(plan.cap_left)
    for c in plan.free:
        if c.organisation in room:
            room[c.organisation] -= amounts[c.key]
    notes: list[Note] = []
    for theme, levels in plan.levels.items():
        stop = next((k for k, lv in enumerate(levels) if not all(amounts[c.key] for c in lv)), None)
        if stop is None:
            continue
        blocked = [
            c
            for level in levels[stop + 1 :]
            for c in level
            if c.score > 0 and c.minimum <= min(unspent, room.get(c.organisation, MAX_KRONER))
        ]
        if blocked:
            unfunded = next(c for c in levels[stop] if not amounts[c.key])
            params = {"theme": theme, "count": len(blocked), "unspent": _kr(unspent)}
            params |= {"key": unfunded.key, "score": f"{unfunded.score:g}"}
            message = _(
                "Applications with a lower score in the theme %(theme)s get nothing, although "
                "%(unspent)s kr is left and would fit %(count)s of them: application %(key)s "
                "(score %(score)s) gets nothing, and a lower score may not get a larger share "
                "of its request."
            )
            notes.append((message, params))
    return notes


def _finish(
    plan: _Plan,
    free_amounts: Mapping[str, int],
    status: str,
    started: float,
    notes: list[Note],
    *,
    explain_shortfall: bool = True,
) -> Allocation:
    amounts = _all_amounts(plan, free_amounts)
    shortfall = _shortfall(plan, amounts)
    if explain_shortfall:
        notes = notes + [_shortfall_note(plan, t, m) for t, m in shortfall.items() if m > 0]
    return Allocation(
        amounts=amounts,
        objective=_objective(plan, free_amounts),
        status=status,
        theme_shortfall=shortfall,
        solve_seconds=time.perf_counter() - started,
        messages=[str(message) % params for message, params in notes],
    )


def allocate(candidates: Sequence[Candidate], rules: Rules) -> Allocation:
    """The proposal with the most score-weighted funding (sum of score * kroner) that keeps
    every rule, so money follows the reviewers' scores as far as the rules allow.

    Rules: the budget; each application gets nothing or an amount between its minimum and
    what it asked for; the cap per organisation; no money below the score floor; locked
    amounts as locked; a higher score in a theme never gets a smaller share of its request;
    and the theme minimums as far as they can be met (the shortfall is reported, not refused).
    ``status`` is "optimal", or "time_limit" when HiGHS was stopped at ``rules.time_limit``
    (the proposal still keeps every rule). ``messages`` explain unmet theme minimums and money
    the share rule leaves unspent. See the module docstring for the model. Raises
    AllocationError for unusable input.
    """
    started = time.perf_counter()
    plan = _plan(candidates, rules)
    if not plan.free:
        return _finish(plan, {}, "optimal", started, [])
    amounts, status = _optimise(plan, started)
    amounts = _make_monotone(plan, amounts)
    notes = _blocked_notes(plan, amounts)
    if status == "time_limit":
        notes.append(
            (
                _(
                    "The optimiser stopped at its time limit of %(seconds)s seconds. The "
                    "proposal keeps every rule but may not be the best possible."
                ),
                {"seconds": f"{rules.time_limit:g}"},
            )
        )
    return _finish(plan, amounts, status, started, notes)


def allocate_greedy(candidates: Sequence[Candidate], rules: Rules) -> Allocation:
    """A simple baseline to measure ``allocate`` against: fund by score per krone requested.

    Each application (ties by key) gets its full request while the budget and its
    organisation's cap allow, otherwise what is left if that reaches its minimum. It keeps the
    floor, caps and locks, but ignores theme minimums (shortfalls are reported, without notes)
    and the share rule; so where its proposal breaks that rule, its objective can beat
    ``allocate``'s. It does not fund a score of 0, which adds nothing.
    """
    started = time.perf_counter()
    plan = _plan(candidates, rules)
    budget_left, cap_left = plan.budget_left, dict(plan.cap_left)
    amounts: dict[str, int] = {}
    for c in sorted(plan.free, key=lambda c: (-c.score / c.requested, c.key)):
        room = min(budget_left, cap_left.get(c.organisation, MAX_KRONER))
        amount = min(c.requested, room) if c.score > 0 else 0
        amounts[c.key] = amount if amount >= c.minimum else 0
        budget_left -= amounts[c.key]
        if c.organisation in cap_left:
            cap_left[c.organisation] -= amounts[c.key]
    return _finish(plan, amounts, "greedy", started, [], explain_shortfall=False)
