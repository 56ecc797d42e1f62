"""PCA by power iteration and Polis's sparsity-aware projection (Polis ``pca.clj``).

* Missing votes are imputed with the statement's mean vote, then the matrix is centred on the
  column means (``center``): imputing the mean makes a missing vote contribute nothing.
* Each component is the dominant eigenvector of ``XᵀX`` found by power iteration
  (``v <- XᵀX v / |XᵀX v|``) from a start vector of ones (or the previous components: warm start);
  the data are then deflated (``X <- X - (X v) vᵀ``) and the next component found the same way.
  Polis runs 100 iterations or stops when the eigenvalue repeats exactly; we also stop when it
  changes by less than ``tol`` relatively, which is indistinguishable at double precision.
* Projection of a participant uses only the statements they voted on and is scaled by
  ``sqrt(n_statements / n_votes)``, so sparse voters are pushed out from the centre instead of
  collapsing onto it.  Comment projections project a lone agree on one statement the same way;
  extremity is the length of that projection.
* Moderated-out statements (``Rating.zeroed``) count as answered 0 by everyone (Polis's
  ``zero-out-columns``) without being materialised: their centre is 0, they add nothing to
  ``XᵀX`` and they add one answered statement to every participant's count.

Two paths compute the same numbers:

* **Dense**, up to ``DENSE_MAX_CELLS`` participant x statement cells: the centred matrix,
  ``XᵀX`` by one BLAS call and the projection as a matrix product, exactly as before the sparse
  path existed.  Polis's clustering resolves exact ties (two points equally far from a centre)
  by the last bits of the projections, so keeping this arithmetic where it is cheap keeps small
  conversations' groups bit for bit (the group replay tests pin them).
* **Sparse**, beyond: no dense participants x statements matrix is ever formed.  With ``V`` the
  votes (0 where none) and ``M`` the mask of cast votes, ``X = V - M·diag(c)`` and
  ``XᵀX = VᵀV - VᵀM·diag(c) - diag(c)·MᵀV + diag(c)·MᵀM·diag(c)``; the three co-vote sums
  (``GramStats``) are integers from sparse products of the agree, disagree and pass indicator
  matrices.  An update iterates on ``Xᵀ(X v)`` instead (``pca_update``).  It agrees with the
  dense path to about 1e-12 (``tests/test_scale.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from socius.deliberation.engine.matrix import (
    AGREE,
    DISAGREE,
    PASS,
    BoolArray,
    FloatArray,
    IntArray,
    VoteMatrix,
    from_dense,
    moderated_columns,
)

Int32Array = npt.NDArray[np.int32]

# 2,000,000 cells are 16 MB as float64: the dense path's few copies cost little at that size.
DENSE_MAX_CELLS = 2_000_000


@dataclass(frozen=True, eq=False)
class Rating:
    """The matrix Polis runs its PCA on: the votes, with ``zeroed`` columns set to 0 for all."""

    matrix: VoteMatrix
    zeroed: BoolArray
    dense_max_cells: int = DENSE_MAX_CELLS

    @classmethod
    def of(cls, values: FloatArray | VoteMatrix | Rating, mod_out: Iterable[int] = ()) -> Rating:
        if isinstance(values, Rating):
            return values
        m = values if isinstance(values, VoteMatrix) else from_dense(values)
        return cls(m, moderated_columns(m, mod_out))

    @cached_property
    def kept(self) -> BoolArray:
        """Per entry: a vote on a statement that is not moderated out."""
        if not self.zeroed.any():
            return np.ones(self.matrix.nnz, dtype=bool)
        return ~self.zeroed[self.matrix.indices]

    @cached_property
    def center(self) -> FloatArray:
        """Mean cast vote per statement (0 with no votes, and for moderated-out statements).

        Sums of -1/0/+1 are exact integers, so the order of summation cannot change a mean."""
        counts = self.matrix.column_counts
        n = np.where(self.zeroed, 0, counts.sum(axis=1))
        sums = (counts[:, AGREE + 1] - counts[:, DISAGREE + 1]).astype(np.float64)
        return np.divide(sums, n, out=np.zeros(len(n)), where=n > 0)

    @cached_property
    def centred(self) -> sp.csr_array:
        """``X``, sparse: each kept vote minus its statement's centre (0 on zeroed columns).
        Only ever multiplied, so it shares the matrix's column array."""
        m = self.matrix
        x = m.data - self.center[m.indices]
        if self.zeroed.any():
            x[~self.kept] = 0.0
        return m.csr(x, shared_columns=True)

    @property
    def is_dense(self) -> bool:
        """Small enough for the dense path (see the module docstring)."""
        n_rows, n_cols = self.matrix.shape
        return n_rows * n_cols <= self.dense_max_cells

    def dense(self) -> FloatArray:
        """Polis's zeroed rating matrix, dense: ``NaN`` = not voted, zeroed columns all 0."""
        values = self.matrix.values
        values[:, self.zeroed] = 0.0
        return values

    @property
    def votes_per_participant(self) -> IntArray:
        """Answered statements per participant, every moderated-out statement included."""
        m = self.matrix
        if not self.zeroed.any():
            return m.votes_per_participant
        on_zeroed = np.bincount(m.row_index[~self.kept], minlength=m.shape[0])
        return m.votes_per_participant - on_zeroed + int(self.zeroed.sum())


@dataclass(frozen=True, eq=False)
class GramStats:
    """Integer co-vote sums over pairs of statements (moderated-out statements left out).

    ``vv[j, k] = Σ v_j·v_k``, ``vm[j, k] = Σ v_j`` and ``mm[j, k]`` = the number of people,
    each over the participants who voted on both ``j`` and ``k``."""

    statements: tuple[int, ...]
    zeroed: frozenset[int]
    vv: Int32Array
    vm: Int32Array
    mm: Int32Array

    @property
    def nbytes(self) -> int:
        return int(self.vv.nbytes + self.vm.nbytes + self.mm.nbytes)

    def gram(self, center: FloatArray) -> FloatArray:
        """``XᵀX`` for the centre ``center``, exactly symmetric."""
        t = self.vm * center[None, :]
        return np.asarray(self.vv - (t + t.T) + self.mm * np.outer(center, center))


# Sign of each vote kind in V (agree, disagree, pass); every kind counts 1 in M.
_KINDS = ((AGREE, 1), (DISAGREE, -1), (PASS, 0))


def gram_stats(rating: Rating) -> GramStats:
    """Co-vote sums from scratch: sparse products of the agree, disagree and pass indicators.

    With ``V = A - D`` and ``M = A + D + P`` every sum is a signed total of the nine products
    ``XᵀY`` of two indicators, and ``YᵀX = (XᵀY)ᵀ``.  The six distinct products together cost
    two thirds of one product ``XᵀX`` over all votes (each costs the sum over participants of
    their votes of one kind times their votes of the other)."""
    m = rating.matrix
    n = m.shape[1]
    ones = np.ones(m.nnz, np.int32)
    ind = [m.csr(ones, np.int32, (m.data == kind) & rating.kept) for kind, _ in _KINDS]
    vv, vm, mm = (np.zeros((n, n), np.int32) for _ in range(3))
    for i, (_, si) in enumerate(_KINDS):
        left = ind[i].T.tocsr()
        for j in range(i, 3):
            sj = _KINDS[j][1]
            prod = (left @ ind[j]).toarray()
            if i == j:
                vv += si * si * prod
                vm += si * prod
                mm += prod
            else:
                both = prod + prod.T
                vv += si * sj * both
                vm += si * prod + sj * prod.T
                mm += both
    zeroed = frozenset(np.asarray(m.statements)[rating.zeroed].tolist())
    return GramStats(m.statements, zeroed, vv, vm, mm)


@dataclass(frozen=True)
class PCAResult:
    center: FloatArray  # (n_statements,)
    comps: FloatArray  # (n_comps, n_statements), unit rows
    iterations: int


def impute_and_center(values: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Return (centred matrix with missing -> 0, column means over cast votes)."""
    missing = np.isnan(values)
    n = values.shape[0] - missing.sum(axis=0)
    sums = np.nansum(values, axis=0)
    center = np.divide(sums, n, out=np.zeros(values.shape[1]), where=n > 0)
    centred = values - center
    centred[missing] = 0.0
    return centred, center


Operator = Callable[[FloatArray], FloatArray]


def _power_iteration(
    gram: Operator, start: FloatArray, iters: int, tol: float
) -> tuple[FloatArray, int]:
    vec = start
    last = 0.0
    for i in range(1, iters + 1):
        prod = gram(vec)
        eig = float(np.linalg.norm(prod))
        if eig == 0.0:
            return np.zeros_like(vec), i
        vec = prod / eig
        if eig == last or abs(eig - last) <= tol * eig:
            return vec, i
        last = eig
    return vec, iters


def _start(start: FloatArray | None, c: int, n_cols: int) -> FloatArray:
    sv = np.ones(n_cols)
    if start is not None and c < start.shape[0] and np.any(start[c]):
        m = min(n_cols, start.shape[1])
        sv[:m] = start[c, :m]  # new statements start at 1, as in Polis
    return sv


def _dense_components(
    gram: FloatArray, n_comps: int, k: int, iters: int, start: FloatArray | None, tol: float
) -> tuple[FloatArray, int]:
    """Power iteration on an explicit ``XᵀX``, deflating the matrix itself after each component.

    Deflating ``X <- X(I - vvᵀ)`` is exactly ``C <- (I - vvᵀ) C (I - vvᵀ)`` on ``C = XᵀX``."""
    n_cols = gram.shape[0]
    comps = np.zeros((n_comps, n_cols))
    total = 0
    for c in range(k):
        pc, used = _power_iteration(functools.partial(np.matmul, gram), _start(start, c, n_cols),
                                    iters, tol)  # fmt: skip
        total += used
        comps[c] = pc
        if c + 1 < k and float(pc @ pc) > 0:  # the last component needs no deflation
            cv = gram @ pc
            gram = gram - np.outer(pc, cv) - np.outer(cv, pc) + float(pc @ cv) * np.outer(pc, pc)
    return comps, total


def _operator_components(
    gram: Operator, n_cols: int, n_comps: int, k: int, iters: int, start: FloatArray | None,
    tol: float,
) -> tuple[FloatArray, int]:  # fmt: skip
    """``_dense_components`` for ``gram(v) = XᵀX v`` given as a function: the deflation is
    applied to the products, ``C'v = Cv - v₁(Cv₁·v) - Cv₁(v₁·v) + (v₁·Cv₁) v₁(v₁·v)``."""
    comps = np.zeros((n_comps, n_cols))
    total = 0
    for c in range(k):
        pc, used = _power_iteration(gram, _start(start, c, n_cols), iters, tol)
        total += used
        comps[c] = pc
        if c + 1 < k and float(pc @ pc) > 0:  # the last component needs no deflation
            gram = _deflated(gram, pc)
    return comps, total


def _deflated(gram: Operator, pc: FloatArray) -> Operator:
    cv = gram(pc)
    pcv = float(pc @ cv)

    def deflated(v: FloatArray) -> FloatArray:
        along = float(pc @ v)
        return gram(v) - pc * float(cv @ v) - cv * along + pcv * along * pc

    return deflated


def powerit_pca(
    values: FloatArray | VoteMatrix | Rating,
    n_comps: int = 2,
    iters: int = 100,
    start: FloatArray | None = None,
    tol: float = 1e-13,
) -> PCAResult:
    """First ``n_comps`` principal components of the mean-imputed vote matrix.

    ``values`` is a dense matrix (``NaN`` = not voted), a ``VoteMatrix`` or a ``Rating``."""
    rating = Rating.of(values)
    n_rows, n_cols = rating.matrix.shape
    k = min(n_comps, n_rows, n_cols)
    if rating.is_dense:
        centred, center = impute_and_center(rating.dense())
        comps, total = _dense_components(centred.T @ centred, n_comps, k, iters, start, tol)
    else:
        center = rating.center
        gram = gram_stats(rating).gram(center)
        comps, total = _dense_components(gram, n_comps, k, iters, start, tol)
    return PCAResult(center=center, comps=comps, iterations=total)


def pca_update(
    rating: Rating, iters: int, update_iters: int, previous: PCAResult | None = None
) -> PCAResult:
    """``powerit_pca``, warm-started from ``previous`` when there is one.

    On the sparse path an update runs at most ``update_iters`` iterations per component, each a
    product with the sparse centred matrix, ``Xᵀ(X v)``, so that no ``XᵀX`` is formed: where the
    leading eigenvalues are close, the components of a full run (up to 100 iterations from ones)
    are themselves not converged, and further iterations from the previous components move away
    from them rather than towards them (measured in ``bench/deliberation.py``).  On the dense
    path (small conversations) an update iterates as a full run does, as Polis does."""
    start = previous.comps if previous is not None else None
    if previous is None or rating.is_dense:
        return powerit_pca(rating, iters=iters, start=start)
    m = rating.matrix
    center = rating.center
    x = rating.centred
    xt = x.T

    def gram(v: FloatArray) -> FloatArray:
        return np.asarray(xt @ (x @ v))

    k = min(2, m.shape[0], m.shape[1])
    comps, total = _operator_components(gram, m.shape[1], 2, k, min(iters, update_iters), start,
                                        1e-13)  # fmt: skip
    return PCAResult(center=center, comps=comps, iterations=total)


def project_participants(values: FloatArray | VoteMatrix | Rating, pca: PCAResult) -> FloatArray:
    """Sparsity-aware projection: ``sqrt(n_cols / max(n_votes, 1)) * Σ_voted (x - center)·pc``."""
    rating = Rating.of(values)
    if rating.is_dense:
        dense = rating.dense()
        voted = ~np.isnan(dense)
        dev = np.where(voted, dense - pca.center, 0.0)
        n_votes = voted.sum(axis=1)
        scale = np.sqrt(dense.shape[1] / np.maximum(n_votes, 1))
        return np.asarray((dev @ pca.comps[:2].T) * scale[:, None])
    m = rating.matrix
    if pca.center is rating.center:  # the PCA of this rating: its centred matrix is at hand
        raw = rating.centred @ pca.comps[:2].T
    else:
        raw = m.csr(np.where(rating.kept, m.data - pca.center[m.indices], 0.0)) @ pca.comps[:2].T
    scale = np.sqrt(m.shape[1] / np.maximum(rating.votes_per_participant, 1))
    return np.asarray(raw * scale[:, None])


def comment_projection(pca: PCAResult) -> tuple[FloatArray, FloatArray]:
    """Projection (2 x n_statements) of a single agree on each statement, and its length.

    Polis projects ``-1`` (its agree) with its components; with agree = +1 and components of the
    opposite sign the result is identical up to the (arbitrary) sign of each component.
    """
    n = pca.center.shape[0]
    proj = (1.0 - pca.center)[None, :] * pca.comps[:2] * np.sqrt(n)
    extremity = np.sqrt((proj**2).sum(axis=0))
    return proj, extremity
