"""Two-level k-means (Polis ``clusters.clj``): 100 base clusters, then 2-5 opinion groups.

* Base clustering: k-means with k = min(100, distinct points) on the participants' 2-D
  projections; initial centres are the first k distinct points in participant-id order (Polis
  also seeds from the data) or the previous centres (warm start, so incremental updates move
  clusters smoothly instead of relabelling them).
* Group clustering: weighted k-means (weight = base-cluster size) on the base-cluster centres for
  every k in 2..min(5, 2 + n_base // 12); the k with the highest silhouette wins.
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


def kmeans(
    points: FloatArray,
    k: int,
    weights: FloatArray | None = None,
    init: FloatArray | None = None,
    max_iters: int = 20,
) -> Clustering:
    """Lloyd's algorithm, deterministic given ``init``; empty clusters are dropped."""
    w = np.ones(len(points)) if weights is None else weights
    centers = _initial_centers(points, k) if init is None or len(init) == 0 else init.copy()
    labels = np.zeros(len(points), dtype=np.int64)
    for _ in range(max_iters):
        labels = np.argmin(_sqdist(points, centers), axis=1).astype(np.int64)
        wsum = np.bincount(labels, weights=w, minlength=len(centers))
        keep = wsum > 0
        new = np.empty_like(centers)
        for dim in range(points.shape[1]):
            s = np.bincount(labels, weights=w * points[:, dim], minlength=len(centers))
            new[:, dim] = np.divide(s, wsum, out=centers[:, dim].copy(), where=keep)
        new = new[keep]
        if new.shape == centers.shape and np.allclose(new, centers, rtol=0, atol=1e-12):
            centers = new
            break
        centers = new
    labels = np.argmin(_sqdist(points, centers), axis=1).astype(np.int64)
    return Clustering(centers=centers, labels=labels)


def silhouette(points: FloatArray, labels: IntArray) -> float:
    """Mean silhouette coefficient over points (0 when there is a single cluster)."""
    uniq = np.unique(labels)
    if len(uniq) < 2:
        return 0.0
    dist = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    scores = np.zeros(len(points))
    for i in range(len(points)):
        same = labels == labels[i]
        n_same = same.sum() - 1
        if n_same == 0:
            continue
        a = dist[i, same].sum() / n_same
        b = min(dist[i, labels == g].mean() for g in uniq if g != labels[i])
        denom = max(a, b)
        scores[i] = (b - a) / denom if denom > 0 else 0.0
    return float(scores.mean())


@dataclass(frozen=True)
class GroupClustering:
    base: Clustering  # over in-conv participants
    base_sizes: FloatArray  # participants per base cluster
    groups: Clustering  # over base-cluster centres
    silhouettes: dict[int, float]

    @property
    def participant_groups(self) -> IntArray:
        """Group label for each in-conv participant (through their base cluster)."""
        return self.groups.labels[self.base.labels]


def cluster(
    projections: FloatArray,
    base_k: int = 100,
    max_k: int = 5,
    previous: GroupClustering | None = None,
) -> GroupClustering:
    """Base clusters then groups; ``previous`` warm-starts both levels."""
    base = kmeans(
        projections,
        min(base_k, len(np.unique(projections, axis=0))),
        init=None if previous is None else previous.base.centers,
    )
    sizes = np.bincount(base.labels, minlength=len(base.centers)).astype(np.float64)
    top = min(max_k, 2 + len(base.centers) // 12, len(base.centers))
    best: Clustering | None = None
    best_sil = -np.inf
    sils: dict[int, float] = {}
    for k in range(2, top + 1):
        init = None
        if previous is not None and len(previous.groups.centers) == k:
            init = previous.groups.centers
        c = kmeans(base.centers, k, weights=sizes, init=init)
        sils[k] = silhouette(base.centers, c.labels)
        if sils[k] > best_sil:
            best, best_sil = c, sils[k]
    if best is None:  # one base cluster: everybody is one group
        best = Clustering(centers=base.centers.copy(), labels=np.zeros(len(base.centers), np.int64))
    return GroupClustering(base=base, base_sizes=sizes, groups=best, silhouettes=sils)
