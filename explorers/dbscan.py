"""DBSCAN: clusters grown from dense cores
=======================================

DBSCAN (after Naftali Harris's "Visualizing DBSCAN") has two settings: a radius ``eps``
and a count ``min_samples``. A point with at least ``min_samples`` points within ``eps``
of it (itself included) is a *core* point. Core points within ``eps`` of one another
belong to the same cluster, and so does every point within ``eps`` of one of its core
points (a *border* point). Whatever no core point reaches is *noise* (label -1).

Because a cluster is grown from neighbour to neighbour it can take any shape: rings and
a curved mouth are found whole, where k-means cuts them into convex pieces. But one
``eps`` has to suit every cluster: a loose cluster next to tight ones is either broken up
into noise or merged with its neighbours.

The k-distance plot helps to choose ``eps``: each point's distance to its k-th nearest
neighbour (k = ``min_samples``, counting the point itself, as scikit-learn does), sorted.
A point is core exactly when that distance is at most ``eps``, so the points above the
line are the non-core ones, noise and border.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.cluster import DBSCAN, KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.neighbors import NearestNeighbors

from datasets import CLOUDS, describe, frozen_cloud
from datasets.readonly import readonly
from explorers._contract import choice, knob, literal
from explorers._threads import one_thread

NOTICE = (
    "DBSCAN grows clusters outward from dense core points, so it follows any shape (rings, "
    "a curved mouth) and leaves sparse points out as noise, where k-means can only cut the "
    "plane into convex pieces. But a single eps must suit every cluster at once: on the "
    "unequal blobs, an eps loose enough for the big cluster merges or swallows the small ones."
)
MISREADING = (
    "\"DBSCAN needs no parameters because it finds the number of clusters itself\": it trades "
    "k for eps and min_samples, and the clusters change completely as eps moves. Nor are noise "
    "points errors: they are points in regions sparser than the density you asked for."
)
HEADLINE = "ari_dbscan"

CORE, BORDER, NOISE = 0, 1, 2
KIND_NAMES = ("core", "border", "noise")
MAX_KMEANS = 10  # k-means is given DBSCAN's cluster count, clipped to 2..MAX_KMEANS


@dataclass(frozen=True)
class Params:
    data: str = choice(
        "smiley", options=tuple(CLOUDS), label="Data",
        help="The point cloud, with a known true grouping: "
             + describe(CLOUDS),
    )
    eps: float = knob(
        0.4, lo=0.05, hi=2.0, step=0.05, label="Radius eps",
        help="How far apart two points may be and still count as neighbours. Too small and "
             "everything is noise; too large and the clusters merge.",
    )
    min_samples: int = knob(
        5, lo=1, hi=30, label="min_samples",
        help="How many points (itself included) must lie within eps of a point for it to be a "
             "core point. Larger values demand denser clusters and call more points noise.",
    )
    n_points: int = knob(300, lo=100, hi=1000, step=50, label="Points",
                         help="How many points are drawn from the cloud.")
    seed: int = knob(0, lo=0, hi=999, label="Seed", help="Seed of the random draw (and of k-means).")


@dataclass(frozen=True)
class Result:
    points: np.ndarray  # (n, 2)
    true_labels: np.ndarray  # (n,) the grouping the cloud was drawn with
    labels: np.ndarray  # (n,) DBSCAN's clusters, -1 for noise, exactly as scikit-learn's labels_
    kind: np.ndarray  # (n,) CORE, BORDER or NOISE
    n_clusters: int
    n_noise: int
    n_core: int
    n_border: int
    k_distances: np.ndarray  # distance to the min_samples-th neighbour (itself counted), descending
    n_above_eps: int  # k-distances above eps: exactly the points that are not core
    kmeans_k: int
    kmeans_labels: np.ndarray
    kmeans_centres: np.ndarray  # (kmeans_k, 2)
    ari_dbscan: float  # adjusted Rand index against the true labels (noise counts as one group)
    ari_kmeans: float
    eps: float
    min_samples: int


def run(p: Params) -> Result:
    points, truth = _cloud(p.data, p.n_points, p.seed)
    model = DBSCAN(eps=p.eps, min_samples=p.min_samples).fit(points)
    labels = model.labels_
    kind = classify(labels, model.core_sample_indices_)
    n_clusters = int(labels.max() + 1)
    k = int(min(max(n_clusters, 2), MAX_KMEANS))
    kmeans_labels, centres = _kmeans(p.data, p.n_points, p.seed, k)
    k_distances = _k_distances(p.data, p.n_points, p.seed, p.min_samples)
    return readonly(Result(
        points=points,
        true_labels=truth,
        labels=labels,
        kind=kind,
        n_clusters=n_clusters,
        n_noise=int(np.sum(kind == NOISE)),
        n_core=int(np.sum(kind == CORE)),
        n_border=int(np.sum(kind == BORDER)),
        k_distances=k_distances,
        n_above_eps=int(np.sum(k_distances > p.eps)),
        kmeans_k=k,
        kmeans_labels=kmeans_labels,
        kmeans_centres=centres,
        ari_dbscan=float(adjusted_rand_score(truth, labels)),
        ari_kmeans=float(adjusted_rand_score(truth, kmeans_labels)),
        eps=float(p.eps),
        min_samples=p.min_samples,
    ))


def classify(labels: np.ndarray, core_indices: np.ndarray) -> np.ndarray:
    """CORE for scikit-learn's core samples, BORDER for the rest of a cluster, NOISE for -1."""
    kind = np.where(labels == -1, NOISE, BORDER)
    kind[core_indices] = CORE
    return kind



# The data, the k-distances and k-means depend on fewer fields than the whole Params, so
# moving the eps slider reuses them; all three are pure, so caching cannot change a result.
_cloud = frozen_cloud  # the draw, shared with the other clustering pages


@lru_cache(maxsize=64)
def _k_distances(data: str, n_points: int, seed: int, min_samples: int) -> np.ndarray:
    points, _ = _cloud(data, n_points, seed)
    distances, _ = NearestNeighbors(n_neighbors=min_samples).fit(points).kneighbors(points)
    return readonly(np.sort(distances[:, -1])[::-1].copy())


@lru_cache(maxsize=64)
def _kmeans(data: str, n_points: int, seed: int, k: int):
    points, _ = _cloud(data, n_points, seed)
    # One thread: on 1,000 points the fit takes ~10 ms, and on a busy server OpenMP threads
    # waiting for a core were seen to stretch that to 1-3 s. scikit-learn's k-means gives
    # the same result whatever the number of threads, so the snippet still reproduces it.
    with one_thread("openmp"):
        model = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(points)
    return readonly((model.labels_, model.cluster_centers_))


def code(p: Params) -> str:
    make = CLOUDS[p.data].make
    source = inspect.getsource(make).rstrip()
    return f'''\
import numpy as np
from sklearn.cluster import DBSCAN, KMeans
from sklearn.metrics import adjusted_rand_score


{source}


# The data: {CLOUDS[p.data].about}.
rng = np.random.default_rng({p.seed})
points, true_labels = {make.__name__}({p.n_points}, rng)

dbscan = DBSCAN(eps={literal(p.eps)}, min_samples={p.min_samples}).fit(points)
labels = dbscan.labels_  # -1 marks noise
is_core = np.zeros(len(points), dtype=bool)
is_core[dbscan.core_sample_indices_] = True
n_clusters = labels.max() + 1
n_noise = np.sum(labels == -1)
n_border = np.sum((labels != -1) & ~is_core)

# k-means on the same points, told how many clusters DBSCAN found (at least 2, at most 10).
k = min(max(n_clusters, 2), {MAX_KMEANS})
kmeans = KMeans(n_clusters=k, n_init=10, random_state={p.seed}).fit(points)

# How well each recovers the true grouping: 1 is perfect, about 0 is chance.
ari_dbscan = adjusted_rand_score(true_labels, labels)
ari_kmeans = adjusted_rand_score(true_labels, kmeans.labels_)

print(f"DBSCAN: {{n_clusters}} clusters, {{is_core.sum()}} core, {{n_border}} border, {{n_noise}} noise")
print(f"adjusted Rand index  DBSCAN {{ari_dbscan:.3f}}   k-means (k={{k}}) {{ari_kmeans:.3f}}")
'''
