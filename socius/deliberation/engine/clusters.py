"""Two-level k-means (Polis ``clusters.clj``): 100 base clusters, then 2-5 opinion groups.

* Base clustering: k-means with k = min(100, distinct points) on the participants' 2-D
  projections; initial centres are the first k distinct points in participant-id order (Polis
  also seeds from the data).  On an update the previous base clusters keep their members and ids
  (Polis ``clean-start-clusters``): each is re-centred on its members' new positions, clusters
  that now coincide merge, and new clusters are opened at the most distant point, one at a time,
  until there are k; Lloyd's steps then stop when no centre moves by 0.01 (Polis's tolerance).
* Group clustering: weighted k-means (weight = base-cluster size) on the base-cluster centres in
  id order for every k in 2..min(5, 2 + n_base // 12), started afresh from the first k centres
  (what Polis does after each restart of its math worker, which forgets its group clusterings);
  the k with the highest silhouette wins.
* Silhouette: mean over base clusters of ``(b - a) / max(a, b)`` with a = mean distance to the
  others of its group and b = the smallest mean distance to another group.
* Many points (more than ``CHUNK``): the same Lloyd steps, but each step re-examines only the
  points whose nearest centre may have changed (Hamerly's bounds), with distances block by
  block; for 100,000 participants and 100 base clusters this takes a tenth of the time.  Up to
  ``CHUNK`` points every step is computed as it always was, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from socius.deliberation.engine.matrix import FloatArray, IntArray


@dataclass(frozen=True)
class Clustering:
    centers: FloatArray  # (k, 2)
    labels: IntArray  # (n,) cluster index per point
    origin: IntArray | None = None  # index of each centre's starting centre (empties dropped)


def _sqdist(points: FloatArray, centers: FloatArray) -> FloatArray:
    """Squared distances, expanded as |p|² - 2 p·c + |c|² (one BLAS call, no 3-D temporary)."""
    d = (
        (points**2).sum(axis=1)[:, None]
        - 2.0 * points @ centers.T
        + (centers**2).sum(axis=1)[None, :]
    )
    return np.asarray(np.maximum(d, 0.0))


# Beyond this many points the clustering takes its large-data path (``_two_nearest``, Hamerly's
# bounds); up to it, every step is computed exactly as it always was, so the groups of every
# conversation of up to 4,096 in-conversation participants stay bit for bit what they were.
CHUNK = 4_096
# Points per block on the large-data path: a block's distances to 100 centres (1.6 MB) stay in
# cache between the passes over them, where one 100,000 x 100 matrix would not.
BLOCK = 2_048


def _two_nearest(
    points: FloatArray, centers: FloatArray, work: FloatArray | None = None
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Each point's nearest centre, the distance to it and to the second nearest (Euclidean).

    Block by block, with ``|c|² - 2 p·c`` from one matrix product (``|p|²`` does not change which
    centre is nearest and is added to the two minima only).  ``work`` (at least ``BLOCK`` times
    the centres) holds each block's distances: a k-means passes one for all its steps, so the
    steps reuse memory that is already mapped instead of faulting in a fresh megabyte each."""
    labels = np.empty(len(points), dtype=np.int64)
    first, second = np.empty(len(points)), np.full(len(points), np.inf)
    cross = -2.0 * centers.T
    norms = (centers**2).sum(axis=1)
    k = len(centers)
    if work is None:
        work = np.empty(min(len(points), BLOCK) * k)
    for start in range(0, len(points), BLOCK):
        block = points[start : start + BLOCK]
        d = work[: len(block) * k].reshape(len(block), k)
        np.matmul(block, cross, out=d)
        d += norms
        lab = np.argmin(d, axis=1)
        rows = np.arange(len(lab))
        own = (block**2).sum(axis=1)
        labels[start : start + BLOCK] = lab
        first[start : start + BLOCK] = np.sqrt(np.maximum(own + d[rows, lab], 0.0))
        if d.shape[1] > 1:
            d[rows, lab] = np.inf
            second[start : start + BLOCK] = np.sqrt(np.maximum(own + d.min(axis=1), 0.0))
    return labels, first, second


def _nearest(points: FloatArray, centers: FloatArray) -> tuple[IntArray, FloatArray]:
    """Each point's nearest centre (the first on a tie) and its squared distance.

    Up to ``CHUNK`` points this is one ``_sqdist`` call, bit for bit what the clustering always
    computed; beyond, ``_two_nearest``."""
    if len(points) > CHUNK:
        labels, first, _ = _two_nearest(points, centers)
        return labels, first**2
    d = _sqdist(points, centers)
    labels = np.argmin(d, axis=1).astype(np.int64)
    return labels, d[np.arange(len(labels)), labels]


def _reassign(
    points: FloatArray, centers: FloatArray, labels: IntArray, upper: FloatArray,
    lower: FloatArray, work: FloatArray | None = None,
) -> tuple[IntArray, FloatArray, FloatArray]:  # fmt: skip
    """Nearest centres after the centres moved, checking only the points that could change.

    ``upper`` bounds the distance to the assigned centre and ``lower`` the distance to any other
    (Hamerly's bounds, already moved by the centres' shifts); where ``upper < lower`` the
    assignment cannot have changed.  Nor can it where ``upper`` is under half the distance from
    the assigned centre to its nearest other centre (Elkan's first lemma: any other centre is
    then farther than the assigned one).  The margin keeps rounding from deciding a near tie."""
    margin = 1e-9 * (1.0 + upper)
    half_gap = np.full(len(centers), np.inf)
    if len(centers) > 1:
        gaps = np.sqrt(_sqdist(centers, centers))
        np.fill_diagonal(gaps, np.inf)
        half_gap = gaps.min(axis=1) / 2.0
    unsure = np.flatnonzero(upper + margin >= np.maximum(lower, half_gap[labels]))
    if len(unsure):
        exact = np.sqrt(((points[unsure] - centers[labels[unsure]]) ** 2).sum(axis=1))
        upper[unsure] = exact
        still = unsure[exact + margin[unsure] >= lower[unsure]]
        if len(still):
            labels[still], upper[still], lower[still] = _two_nearest(points[still], centers, work)
    return labels, upper, lower


def _distinct_first(points: FloatArray) -> IntArray:
    """Index of the first occurrence of each distinct point, ascending.

    ``np.unique(axis=0)`` sorts rows as structured records, slowly; beyond ``CHUNK`` points the
    rows' bit patterns (with -0.0 made 0.0, which ``np.unique`` treats as equal) are sorted as
    integer pairs instead, which finds the same distinct points."""
    if len(points) <= CHUNK:
        _, first = np.unique(points, axis=0, return_index=True)
        return np.sort(first)
    bits = np.ascontiguousarray(points + 0.0).view(np.int64).reshape(len(points), -1)
    order = np.lexsort(bits.T[::-1])
    ordered = bits[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    # within a run of equal rows lexsort keeps the original order, so its head is the first
    return np.sort(order[new])


def _initial_centers(points: FloatArray, k: int) -> FloatArray:
    order = _distinct_first(points)[:k]
    return points[order].copy()


# Polis stops k-means once no (sorted) centre moves by this much (``same-clustering?``).
POLIS_TOL = 0.01


def _same_centers(a: FloatArray, b: FloatArray, tol: float) -> bool:
    if a.shape != b.shape:
        return False
    if tol <= 0:
        return bool(np.allclose(a, b, rtol=0, atol=1e-12))
    sa, sb = a[np.lexsort(a.T[::-1])], b[np.lexsort(b.T[::-1])]
    return bool(np.all(np.sqrt(((sa - sb) ** 2).sum(axis=1)) < tol))


def kmeans(
    points: FloatArray,
    k: int,
    weights: FloatArray | None = None,
    init: FloatArray | None = None,
    max_iters: int = 20,
    tol: float = 0.0,
) -> Clustering:
    """Lloyd's algorithm, deterministic given ``init``; empty clusters are dropped.

    ``tol`` > 0 stops, as Polis does, once no sorted centre moved by ``tol``; 0 runs to a fixed
    point (or ``max_iters``)."""
    w = np.ones(len(points)) if weights is None else weights
    centers = _initial_centers(points, k) if init is None or len(init) == 0 else init.copy()
    labels = np.zeros(len(points), dtype=np.int64)
    origin = np.arange(len(centers))
    weighted = [w * points[:, dim] for dim in range(points.shape[1])]
    # Many points: Lloyd's steps with Hamerly's bounds, so that a step re-examines only the
    # points near a boundary; the assignments are Lloyd's (ties aside, which have no order here).
    bounded = len(points) > CHUNK
    if bounded:
        work = np.empty(BLOCK * len(centers))
        labels, upper, lower = _two_nearest(points, centers, work)
    for _ in range(max_iters):
        if not bounded:
            labels = _nearest(points, centers)[0]
        wsum = np.bincount(labels, weights=w, minlength=len(centers))
        keep = wsum > 0
        new = np.empty_like(centers)
        for dim, wp in enumerate(weighted):
            s = np.bincount(labels, weights=wp, minlength=len(centers))
            new[:, dim] = np.divide(s, wsum, out=centers[:, dim].copy(), where=keep)
        new, origin = new[keep], origin[keep]
        done = _same_centers(new, centers, tol)
        if bounded:
            moved = np.sqrt(((new - centers[keep]) ** 2).sum(axis=1))
            if not keep.all():
                labels = (np.cumsum(keep) - 1)[labels]  # every assigned cluster is kept
            # the nearest other centre came closer by at most the largest move of another centre
            top = np.argsort(moved)[::-1][:2]
            other = np.where(labels == top[0], moved[top[-1]], moved[top[0]])
            upper, lower = upper + moved[labels], lower - other
            labels, upper, lower = _reassign(points, new, labels, upper, lower, work)
        centers = new
        if done:
            break
    if not bounded:
        labels = _nearest(points, centers)[0]
    return Clustering(centers=centers, labels=labels, origin=origin)


def silhouette(points: FloatArray, labels: IntArray) -> float:
    """Mean silhouette coefficient over points (0 when there is a single cluster)."""
    uniq, inv = np.unique(labels, return_inverse=True)
    if len(uniq) < 2:
        return 0.0
    dist = np.sqrt(_sqdist(points, points))
    np.fill_diagonal(dist, 0.0)
    member = np.eye(len(uniq))[inv]
    sums = dist @ member  # distance from each point to each cluster, summed
    sizes = member.sum(axis=0)
    idx = np.arange(len(points))
    n_same = sizes[inv] - 1
    a = sums[idx, inv] / np.maximum(n_same, 1)
    others = sums / sizes
    others[idx, inv] = np.inf
    b = others.min(axis=1)
    denom = np.maximum(a, b)
    ok = (n_same > 0) & (denom > 0)
    scores = np.where(ok, (b - a) / np.where(ok, denom, 1.0), 0.0)
    return float(scores.mean())


def _member_centers(points: FloatArray, lab: IntArray, n: int) -> tuple[FloatArray, FloatArray]:
    ok = lab >= 0
    cnt = np.bincount(lab[ok], minlength=n).astype(np.float64)
    sums = np.stack([np.bincount(lab[ok], points[ok, d], minlength=n) for d in range(2)], 1)
    return sums / np.maximum(cnt, 1)[:, None], cnt


def _carried_centers(
    points: FloatArray, carried: IntArray, ids: IntArray, k: int
) -> tuple[FloatArray, IntArray]:
    """Starting centres and ids from the previous base clusters (Polis ``clean-start-clusters``).

    ``carried`` is each point's previous base cluster (-1 for a newcomer).  A cluster is
    re-centred on its members' new positions; clusters that now coincide merge under the larger
    one's id; then, while fewer than k, the point farthest from every centre leaves its cluster
    and opens a new one with the next id."""
    centres, cnt = _member_centers(points, carried, len(ids))
    present = np.flatnonzero(cnt > 0)
    if len(present) == 0:
        return np.empty((0, points.shape[1])), np.empty(0, np.int64)
    _, first, inv = np.unique(centres[present], axis=0, return_index=True, return_inverse=True)
    order = np.argsort(first)  # merged clusters keep the place of the first of them
    slot = np.empty_like(order)
    slot[order] = np.arange(len(order))
    merged = slot[inv.ravel()]  # present cluster -> merged index
    new_ids = np.empty(len(order), np.int64)
    for m in range(len(order)):
        same = present[merged == m]
        # the larger cluster's id; on a tie the later one's, as Polis's ``max-key``
        new_ids[m] = ids[same[::-1][np.argmax(cnt[same][::-1])]]
    remap = np.full(len(ids), -1, np.int64)
    remap[present] = merged
    lab = np.where(carried >= 0, remap[np.maximum(carried, 0)], -1)
    ids_list = new_ids.tolist()
    next_id = int(ids.max()) + 1
    target = k  # base_clusters caps k at the number of distinct points
    while len(ids_list) < target:
        centres, cnt = _member_centers(points, lab, len(ids_list))
        far = _nearest(points, centres[cnt > 0])[1]
        j = int(np.argmax(far))
        if far[j] <= 0:
            break
        lab[j] = len(ids_list)
        ids_list.append(next_id)
        next_id += 1
    centres, cnt = _member_centers(points, lab, len(ids_list))
    keep = cnt > 0  # a cluster whose only member left for a new one is gone
    return centres[keep], np.array(ids_list, dtype=np.int64)[keep]


@dataclass(frozen=True)
class GroupClustering:
    base: Clustering  # over in-conv participants, centres in id order
    base_sizes: FloatArray  # participants per base cluster
    groups: Clustering  # over base-cluster centres
    silhouettes: dict[int, float]
    base_ids: IntArray | None = None  # Polis-style base-cluster ids, increasing

    @property
    def participant_groups(self) -> IntArray:
        """Group label for each in-conv participant (through their base cluster)."""
        return self.groups.labels[self.base.labels]


def base_clusters(
    points: FloatArray, k: int, carried: IntArray | None = None, ids: IntArray | None = None
) -> tuple[Clustering, IntArray]:
    """Base clusters and their ids, carried over from the previous ones when ``carried`` is set."""
    if carried is None or ids is None or not np.any(carried >= 0):
        distinct = _distinct_first(points)
        k = min(k, len(distinct))
        # the first k distinct points in participant order, as ``_initial_centers`` takes them
        base = kmeans(points, k, init=points[distinct[:k]].copy(), tol=POLIS_TOL)
        return base, np.arange(len(base.centers), dtype=np.int64)
    # at least k distinct points when the first few already hold k distinct first coordinates
    if len(np.unique(points[: 4 * k, 0])) < k:
        k = min(k, len(_distinct_first(points)))
    init, start_ids = _carried_centers(points, carried, ids, k)
    base = kmeans(points, k, init=init, tol=POLIS_TOL)
    kept = np.arange(len(base.centers)) if base.origin is None else base.origin
    base_ids = start_ids[kept]
    order = np.argsort(base_ids, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    sorted_base = Clustering(base.centers[order], rank[base.labels], np.arange(len(order)))
    return sorted_base, base_ids[order]


def cluster(
    projections: FloatArray,
    base_k: int = 100,
    max_k: int = 5,
    previous: GroupClustering | None = None,
    carried: IntArray | None = None,
) -> GroupClustering:
    """Base clusters (carried over from ``previous`` through ``carried``), then groups afresh.

    ``carried`` gives each point's base-cluster index in ``previous`` (-1 for a newcomer)."""
    prev_ids = None if previous is None else previous.base_ids
    base, ids = base_clusters(projections, base_k, carried, prev_ids)
    sizes = np.bincount(base.labels, minlength=len(base.centers)).astype(np.float64)
    top = min(max_k, 2 + len(base.centers) // 12, len(base.centers))
    best: Clustering | None = None
    best_sil = -np.inf
    sils: dict[int, float] = {}
    for k in range(2, top + 1):
        c = kmeans(base.centers, k, weights=sizes, tol=POLIS_TOL)
        sils[k] = silhouette(base.centers, c.labels)
        if sils[k] > best_sil:
            best, best_sil = c, sils[k]
    if best is None:  # one base cluster: everybody is one group
        best = Clustering(centers=base.centers.copy(), labels=np.zeros(len(base.centers), np.int64))
    return GroupClustering(base, sizes, best, sils, ids)


def adjusted_rand(a: IntArray, b: IntArray) -> float:
    """Adjusted Rand index of two labellings of the same points (1 = identical partitions)."""
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    table = np.zeros((ia.max(initial=-1) + 1, ib.max(initial=-1) + 1))
    np.add.at(table, (ia, ib), 1)

    def pairs(x: FloatArray) -> float:
        return float((x * (x - 1) / 2).sum())

    both, rows, cols = pairs(table), pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    n = len(ia) * (len(ia) - 1) / 2
    expected = rows * cols / n if n else 0.0
    top = (rows + cols) / 2
    return 1.0 if top == expected else (both - expected) / (top - expected)
