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


def _initial_centers(points: FloatArray, k: int) -> FloatArray:
    _, first = np.unique(points, axis=0, return_index=True)
    order = np.sort(first)[:k]
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
    for _ in range(max_iters):
        labels = np.argmin(_sqdist(points, centers), axis=1).astype(np.int64)
        wsum = np.bincount(labels, weights=w, minlength=len(centers))
        keep = wsum > 0
        new = np.empty_like(centers)
        for dim in range(points.shape[1]):
            s = np.bincount(labels, weights=w * points[:, dim], minlength=len(centers))
            new[:, dim] = np.divide(s, wsum, out=centers[:, dim].copy(), where=keep)
        new, origin = new[keep], origin[keep]
        done = _same_centers(new, centers, tol)
        centers = new
        if done:
            break
    labels = np.argmin(_sqdist(points, centers), axis=1).astype(np.int64)
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
    target = min(k, len(np.unique(points, axis=0)))
    while len(ids_list) < target:
        centres, cnt = _member_centers(points, lab, len(ids_list))
        far = _sqdist(points, centres[cnt > 0]).min(axis=1)
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
    k = min(k, len(np.unique(points, axis=0)))
    if carried is None or ids is None or not np.any(carried >= 0):
        base = kmeans(points, k, tol=POLIS_TOL)
        return base, np.arange(len(base.centers), dtype=np.int64)
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
