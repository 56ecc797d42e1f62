"""Community-Notes-style matrix factorisation, fitted by alternating least squares.

Model, on agree = 1 / disagree = 0 votes (passes carry no direction and are left out):

    y_ut ≈ μ + i_u + i_t + f_u · f_t

minimising ``Σ (y - ŷ)² + λ_i (Σ i_u² + Σ i_t²) + λ_f (Σ f_u² + Σ f_t²)`` with λ_i = 5 λ_f
(Community Notes' ratio): the factor soaks up agreement *explained by the divide*, and the heavily
regularised intercept keeps only agreement left over once the divide is accounted for.  A
statement bridges when its intercept is high and ``|f_t|`` small.

ALS with one factor: holding statements fixed, each participant's (i_u, f_u) solves a 2x2 ridge
system in closed form (features [1, f_t]); then the same for statements; then μ is the mean
residual.  All systems are solved at once: every sum is a sparse product of the ratings with a
few dense vectors (one pass over the votes per half-sweep), so a sweep over 5,000,000 votes takes
tens of milliseconds.  The only randomness is the initial factors (seeded).

Uncertainty: a bootstrap that resamples participants with replacement *within each party*, so
every resample keeps the party mix; we report the 10 % quantile of each statement's intercept.
A resample is fitted as the original ratings with each participant weighted by the number of
times it was drawn: copies of a participant see the same data and get the same fit, so this is
the same fit without copying the votes.  The statement intercept does not depend on the
factor's sign, so resamples need no alignment.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from socius.deliberation.engine.matrix import AGREE, DISAGREE, FloatArray, VoteMatrix


@dataclass(frozen=True)
class MFResult:
    statements: tuple[int, ...]
    mu: float
    statement_intercept: FloatArray
    statement_factor: FloatArray
    participant_intercept: FloatArray
    participant_factor: FloatArray
    intercept_lower: FloatArray | None = None  # bootstrap 10 % quantile
    intercept_std: FloatArray | None = None
    fitted_votes: int = 0  # votes in the matrix it was fitted on
    votes_since: int = 0  # votes folded in by updates since, not yet in the fit

    def bridges(self, min_intercept: float = 0.1, max_factor: float = 0.5) -> np.ndarray:
        return np.asarray(
            (self.statement_intercept >= min_intercept)
            & (np.abs(self.statement_factor) < max_factor)
        )

    def score(self) -> FloatArray:
        """Ranking key: intercept (or its bootstrap lower bound) minus |factor| spread."""
        base = (
            self.intercept_lower if self.intercept_lower is not None else self.statement_intercept
        )
        return np.asarray(base - 0.5 * np.abs(self.statement_factor))


@dataclass(frozen=True, eq=False)
class _Ratings:
    """The agree (1) / disagree (0) votes as sparse matrices.

    Every sum ALS needs is a sparse product with a few dense vectors, one pass over the votes
    instead of a gather and a ``bincount`` per sum.  The statement-side sums use the transposes
    as views (``.T``, compressed columns), which scatter into a small output and need no copy."""

    seen: sp.csr_array  # participants x statements, 1 per agree or disagree
    agree: sp.csr_array  # 1 per agree

    @classmethod
    def of(cls, matrix: VoteMatrix) -> _Ratings:
        ones = np.ones(matrix.nnz)
        seen = matrix.csr(ones, entries=(matrix.data == AGREE) | (matrix.data == DISAGREE))
        return cls(seen, matrix.csr(ones, entries=matrix.data == AGREE))

    @property
    def n_rows(self) -> int:
        return int(self.seen.shape[0])

    @property
    def n_cols(self) -> int:
        return int(self.seen.shape[1])


def _sums(
    seen: sp.sparray, agree: sp.sparray, x: FloatArray, b: FloatArray,
    w: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:  # fmt: skip
    """Per row, over its ratings weighted by ``w`` (indexed like x and b): Σx, Σx², Σb, Σx·b,
    and Σx over the agrees only."""
    wx = x if w is None else w * x
    wb = b if w is None else w * b
    s = seen @ np.column_stack([wx, wx * x, wb, wx * b])
    return s[:, 0], s[:, 1], s[:, 2], s[:, 3], agree @ wx


def _solve2(
    cnt: FloatArray, sy: FloatArray, sums: tuple[FloatArray, ...], mu: float,
    lam_i: float, lam_f: float,
) -> tuple[FloatArray, FloatArray]:  # fmt: skip
    """Per-entity ridge solve of r ≈ b + f·x with r = y - μ - b_other (closed form 2x2).

    ``Σr = Σy - μ·n - Σb_other`` and ``Σx·r = Σx·y - μ·Σx - Σx·b_other``."""
    sx, sxx, sb, sxb, sxy = sums
    sr = sy - mu * cnt - sb
    sxr = sxy - mu * sx - sxb
    a11, a12, a22 = cnt + lam_i, sx, sxx + lam_f
    det = a11 * a22 - a12 * a12
    return (a22 * sr - a12 * sxr) / det, (a11 * sxr - a12 * sr) / det


def _fit(
    r: _Ratings,
    lam_f: float,
    iters: int,
    rng: np.random.Generator,
    init_col_factor: FloatArray | None = None,
    weights: FloatArray | None = None,
) -> tuple[float, FloatArray, FloatArray, FloatArray, FloatArray]:
    """ALS sweeps; ``weights`` counts each participant that many times (a bootstrap resample:
    copies of one participant see the same data, so they get the same fit)."""
    lam_i = 5.0 * lam_f
    w = np.ones(r.n_rows) if weights is None else weights
    cnt_u = np.diff(r.seen.indptr).astype(np.float64)
    sy_u = np.diff(r.agree.indptr).astype(np.float64)
    cnt_t = r.seen.T @ w
    sy_t = r.agree.T @ w
    n = float(w @ cnt_u)
    mu = float(w @ sy_u) / n if n else 0.0
    bu, bt = np.zeros(r.n_rows), np.zeros(r.n_cols)
    ft = rng.normal(0.0, 0.1, r.n_cols) if init_col_factor is None else init_col_factor.copy()
    fu = np.zeros(r.n_rows)
    for _ in range(iters):
        bu, fu = _solve2(cnt_u, sy_u, _sums(r.seen, r.agree, ft, bt), mu, lam_i, lam_f)
        col = _sums(r.seen.T, r.agree.T, fu, bu, w)
        bt, ft = _solve2(cnt_t, sy_t, col, mu, lam_i, lam_f)
        if n:
            # the mean residual Σ(y - b_u - b_t - f_u·f_t) / n, each sum taken by rows or columns
            fit = w @ (cnt_u * bu) + cnt_t @ bt + ft @ col[0]
            mu = (float(w @ sy_u) - fit) / n
    return mu, bu, bt, fu, ft


def factorise(
    matrix: VoteMatrix,
    party: Mapping[int, str] | None = None,
    lam_f: float = 1.0,
    iters: int = 25,
    bootstrap: int = 0,
    seed: int = 0,
    warm: MFResult | None = None,
) -> MFResult:
    """Fit the model; with ``bootstrap > 0`` add party-stratified bootstrap bounds.

    ``warm`` (the previous fit on the same statements) starts ALS from its statement factors and
    runs a third of the sweeps: after a small batch of votes the fixed point barely moves.
    """
    rng = np.random.default_rng(seed)
    r = _Ratings.of(matrix)
    n_r, n_c = matrix.shape
    init = None
    if warm is not None and warm.statements == matrix.statements:
        init, iters = warm.statement_factor, max(5, iters // 3)
    mu, bu, bt, fu, ft = _fit(r, lam_f, iters, rng, init)
    # orient: make the factor's sign canonical (largest |f_t| positive) for reproducibility
    if ft.size and ft[np.argmax(np.abs(ft))] < 0:
        ft, fu = -ft, -fu
    lower = std = None
    if bootstrap > 0:
        labels = [(party or {}).get(p, "") for p in matrix.participants]
        strata: dict[str, list[int]] = {}
        for i, lab in enumerate(labels):
            strata.setdefault(lab, []).append(i)
        samples = np.empty((bootstrap, n_c))
        for b in range(bootstrap):
            pick = np.concatenate(
                [
                    rng.choice(np.asarray(m), size=len(m), replace=True)
                    for _, m in sorted(strata.items())
                ]
            )
            weights = np.bincount(pick, minlength=n_r).astype(np.float64)
            _, _, bt_b, _, _ = _fit(r, lam_f, max(5, iters // 2), rng, ft, weights)
            samples[b] = bt_b
        lower = np.quantile(samples, 0.10, axis=0)
        std = samples.std(axis=0)
    return MFResult(matrix.statements, mu, bt, ft, bu, fu, lower, std, matrix.nnz)


def carried(previous: MFResult, matrix: VoteMatrix, folded: int, before: VoteMatrix) -> MFResult:
    """``previous`` as the fit for ``matrix`` (same statements), ``folded`` votes later.

    Participants who are new since ``before`` get intercept and factor 0, the prior's mean."""
    pos = np.searchsorted(matrix.participant_ids, before.participant_ids)
    bu, fu = np.zeros(len(matrix.participants)), np.zeros(len(matrix.participants))
    bu[pos], fu[pos] = previous.participant_intercept, previous.participant_factor
    return dataclasses.replace(
        previous,
        participant_intercept=bu,
        participant_factor=fu,
        votes_since=previous.votes_since + folded,
    )
