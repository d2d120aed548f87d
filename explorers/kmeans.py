"""K-means, one Lloyd step at a time
===================================

K-means looks for k centroids that make the *inertia* small: the sum, over every point,
of the squared distance to its nearest centroid. Lloyd's algorithm gets there in two
alternating half-steps. **Assign**: every point joins its nearest centroid, which carves
the plane into Voronoi regions. **Update**: every centroid moves to the mean of the points
that joined it. Neither half-step can raise the inertia, so the algorithm stops, usually
after a handful of iterations, when an assignment changes nothing.

Where it stops depends on where it starts (the *initialisation*), and what it finds is
always k convex regions of roughly similar size: on rings, a smiley or plain noise it
still returns k tidy cells, whether or not the data have any such groups.
(After Naftali Harris's "Visualizing K-Means".)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.spatial.distance import cdist

from datasets import CLOUDS, describe, sample_cloud
from datasets.readonly import readonly
from explorers._contract import choice, knob
from explorers._threads import one_thread

NOTICE = (
    "K-means always finds round, similar-sized clusters: each point goes to its nearest "
    "centroid, so the plane is cut into straight-edged cells. On the blobs that is right; "
    "watch it cut the rings and the smiley into wedges, and on 'unequal' hand the edge of the "
    "big loose cluster to the two small tight ones. Scrub the step slider: every assign and "
    "every update lowers the inertia."
)
MISREADING = (
    "\"K-means finds the clusters in any data\", or \"the elbow always tells you the true k\": "
    "uniform noise still gets split into k neat clusters, and on rings or noise the elbow "
    "curve bends smoothly with no true k to find."
)
HEADLINE = "inertia"

INITS = ("k-means++", "random", "farthest point")
MAX_K = 10
MAX_ITER = 30  # Lloyd iterations (assign + update) before giving up
LAST_STEP = 2 * MAX_ITER
GRID_SIZE = 120  # the Voronoi regions are drawn on a GRID_SIZE × GRID_SIZE grid
ELBOW_KS = np.arange(1, MAX_K + 1)
SILHOUETTE_KS = np.arange(2, MAX_K + 1)
readonly((ELBOW_KS, SILHOUETTE_KS))


@dataclass(frozen=True)
class Params:
    data: str = choice(
        "blobs", options=tuple(CLOUDS), label="Data",
        help="The 2-D points to cluster: "
             + describe(CLOUDS),
    )
    k: int = knob(3, lo=1, hi=MAX_K, label="Clusters k",
                  help="How many centroids k-means places. It always uses all of them.")
    init: str = choice(
        "k-means++", options=INITS, label="Initialisation",
        help="Where the centroids start. k-means++: data points drawn one by one, far points "
             "more likely (scikit-learn's default). random: k distinct data points. "
             "farthest point: one random point, then each time the point farthest from those "
             "already chosen (it loves outliers).",
    )
    step: int = knob(
        LAST_STEP, lo=0, hi=LAST_STEP, label="Lloyd half-step",
        help="Which half-step to show: 0 is the start, odd steps assign the points to their "
             "nearest centroid, even steps move each centroid to the mean of its points. "
             "Beyond convergence the last step is shown.",
    )
    n_points: int = knob(300, lo=100, hi=1000, step=50, label="Points",
                         help="How many points are drawn.")
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seed of the data and of the initialisation.")


@dataclass(frozen=True)
class Result:
    k: int
    init_name: str
    points: np.ndarray  # (n, 2)
    true_labels: np.ndarray  # (n,) the grouping the data were drawn with
    init_centroids: np.ndarray  # (k, 2)
    history_labels: np.ndarray  # (states, n): -1 at state 0, before any assignment
    history_centroids: np.ndarray  # (states, k, 2)
    history_inertia: np.ndarray  # (states,): state 0 counts each point at its nearest centroid
    last_step: int  # the last half-step recorded (an update)
    converged: bool  # whether an assignment stopped changing before MAX_ITER
    iterations: int  # update half-steps taken
    n_iter: int  # scikit-learn's count: also the last assignment that changed nothing, if any
    requested_step: int
    step: int  # the step shown: the requested one, clamped to last_step
    labels: np.ndarray  # (n,) the assignment at the shown step (-1 at step 0)
    centroids: np.ndarray  # (k, 2) at the shown step
    step_inertia: float  # inertia at the shown step
    trails: np.ndarray  # (k, step + 1, 2) every centroid's positions up to the shown step
    grid_x: np.ndarray  # (GRID_SIZE,)
    grid_y: np.ndarray  # (GRID_SIZE,)
    regions: np.ndarray  # (GRID_SIZE, GRID_SIZE) int: index of the nearest current centroid, [y, x]
    final_labels: np.ndarray  # assignment to the final centroids
    final_centroids: np.ndarray
    inertia: float  # the final inertia (headline)
    elbow_ks: np.ndarray
    elbow: np.ndarray  # final inertia of scikit-learn's KMeans for k = 1..10
    silhouette_ks: np.ndarray
    silhouette: np.ndarray  # silhouette score of those fits for k = 2..10
    silhouette_at_k: float | None  # None for k = 1, where it is undefined

    @property
    def clamped(self) -> bool:
        return self.requested_step > self.last_step

    @property
    def phase(self) -> str:
        """What the shown step did: "start", "assign" or "update"."""
        if self.step == 0:
            return "start"
        return "assign" if self.step % 2 else "update"


def run(p: Params) -> Result:
    h = _history(p.data, p.n_points, p.seed, p.init, p.k)
    elbow, silhouette = _elbow(p.data, p.n_points, p.seed, p.init)
    last = len(h.inertia) - 1
    step = min(p.step, last)
    centroids = h.centroids[step]
    grid_x, grid_y = h.grid
    gx, gy = np.meshgrid(grid_x, grid_y)
    cells = np.column_stack([gx.ravel(), gy.ravel()])
    regions = nearest(cells, centroids).reshape(gy.shape)
    return readonly(Result(
        k=p.k,
        init_name=p.init,
        points=h.points,
        true_labels=h.true_labels,
        init_centroids=h.centroids[0],
        history_labels=h.labels,
        history_centroids=h.centroids,
        history_inertia=h.inertia,
        last_step=last,
        converged=h.converged,
        iterations=last // 2,
        n_iter=last // 2 + int(h.converged),
        requested_step=p.step,
        step=step,
        labels=h.labels[step],
        centroids=centroids,
        step_inertia=float(h.inertia[step]),
        trails=np.swapaxes(h.centroids[: step + 1], 0, 1),
        grid_x=grid_x,
        grid_y=grid_y,
        regions=regions,
        final_labels=h.final_labels,
        final_centroids=h.centroids[-1],
        inertia=h.final_inertia,
        elbow_ks=ELBOW_KS,
        elbow=elbow,
        silhouette_ks=SILHOUETTE_KS,
        silhouette=silhouette,
        silhouette_at_k=None if p.k < 2 else float(silhouette[p.k - 2]),
    ))


def nearest(X: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Index of the nearest centroid of every row of X (the first, among exact ties)."""
    return np.argmin(_sq_dist(X, centroids), axis=1)


def _sq_dist(X, centroids):
    # Summed one coordinate at a time: the same numbers as broadcasting to (n, k, 2),
    # without building that array, which was most of the elbow's cost at 1,000 points.
    return sum((X[:, [d]] - centroids[None, :, d]) ** 2 for d in range(X.shape[1]))


def initial_centroids(X: np.ndarray, k: int, init: str, seed: int) -> np.ndarray:
    """The k starting centroids, all of them data points."""
    if init == "k-means++":
        from sklearn.cluster import kmeans_plusplus

        centers, _ = kmeans_plusplus(X, k, random_state=seed)
        return centers
    rng = np.random.default_rng(seed)
    if init == "random":
        return X[rng.choice(len(X), k, replace=False)].copy()
    if init == "farthest point":
        chosen = [int(rng.integers(len(X)))]
        gap = ((X - X[chosen[0]]) ** 2).sum(axis=1)
        for _ in range(k - 1):
            chosen.append(int(np.argmax(gap)))
            gap = np.minimum(gap, ((X - X[chosen[-1]]) ** 2).sum(axis=1))
        return X[chosen].copy()
    raise ValueError(f"unknown initialisation {init!r}")


def lloyd(X: np.ndarray, init: np.ndarray, max_iter: int = MAX_ITER):
    """Lloyd's algorithm from ``init``, recording every half-step.

    Returns ``(labels, centroids, inertia, converged)``: per state (0 = start, then assign,
    update, assign, …, ending on an update), the labels (n,), centroids (k, 2) and inertia.
    It stops when an assignment changes no label (that repeated assignment is not recorded)
    or after ``max_iter`` iterations. A cluster left empty takes the point farthest from its
    own centroid, as scikit-learn does.
    """
    n, k = len(X), len(init)
    centroids = np.array(init, dtype=float)
    labels = np.full(n, -1)
    states_labels, states_centroids = [labels], [centroids]
    states_inertia = [float(_sq_dist(X, centroids).min(axis=1).sum())]
    converged = False
    for _ in range(max_iter):
        distances = _sq_dist(X, centroids)
        new_labels = np.argmin(distances, axis=1)
        if np.array_equal(new_labels, labels):
            converged = True
            break
        labels = new_labels
        states_labels.append(labels)
        states_centroids.append(centroids)
        states_inertia.append(float(np.take_along_axis(distances, labels[:, None], 1).sum()))
        centroids = _update(X, centroids, labels, k)
        states_labels.append(labels)
        states_centroids.append(centroids)
        states_inertia.append(_inertia(X, centroids, labels))
    return (np.array(states_labels), np.array(states_centroids), np.array(states_inertia), converged)


def _inertia(X, centroids, labels) -> float:
    return float(((X - centroids[labels]) ** 2).sum())


def _update(X, old, labels, k):
    counts = np.bincount(labels, minlength=k).astype(float)
    # bincount with weights is ~10x faster than np.add.at for these sizes.
    sums = np.column_stack([np.bincount(labels, weights=column, minlength=k) for column in X.T])
    empty = np.flatnonzero(counts == 0)
    if empty.size:
        # scikit-learn's relocation: the points farthest from their own centroid each
        # leave their cluster and become the centroid of an empty one.
        far = np.argsort(((X - old[labels]) ** 2).sum(axis=1))[::-1][: empty.size]
        for cluster, i in zip(empty, far):
            sums[labels[i]] -= X[i]
            counts[labels[i]] -= 1
            sums[cluster] = X[i]
            counts[cluster] = 1
    return sums / np.maximum(counts, 1)[:, None]


@dataclass(frozen=True)
class _History:
    points: np.ndarray
    true_labels: np.ndarray
    labels: np.ndarray
    centroids: np.ndarray
    inertia: np.ndarray
    converged: bool
    final_labels: np.ndarray
    final_inertia: float
    grid: tuple


# Moving the step slider only picks another state of the same history, so the whole run of
# Lloyd's algorithm is memoised on everything else. It is pure, so caching changes nothing.
@lru_cache(maxsize=32)
def _history(data: str, n_points: int, seed: int, init: str, k: int) -> _History:
    X, true_labels = sample_cloud(data, n_points, seed)
    labels, centroids, inertia, converged = lloyd(X, initial_centroids(X, k, init, seed))
    final_labels = nearest(X, centroids[-1])  # as scikit-learn, a last assignment if cut short
    lo, hi = X.min(axis=0), X.max(axis=0)
    margin = 0.08 * (hi - lo)
    grid = tuple(np.linspace(lo[d] - margin[d], hi[d] + margin[d], GRID_SIZE) for d in (0, 1))
    # Shared by every caller through the cache.
    return readonly(_History(X, true_labels, labels, centroids, inertia, converged, final_labels,
                             _inertia(X, centroids[-1], final_labels), grid))


@lru_cache(maxsize=16)
def _elbow(data: str, n_points: int, seed: int, init: str):
    """The final inertia for k = 1..10, and the silhouette score for k = 2..10.

    Each k runs from this page's own initialisation for that k, so the elbow at the
    current k is exactly the run shown. The runs are this module's Lloyd, which the tests
    check against scikit-learn's ``KMeans`` (same labels, inertia to 1e-9): scikit-learn's
    fit costs ~250 ms here, mostly thread-pool set-up, against a few ms in numpy.
    """
    X, _ = sample_cloud(data, n_points, seed)
    # One distance matrix serves the silhouette of every k: at 1,000 points that is half
    # the cost of calling scikit-learn's silhouette_score nine times.
    distances = cdist(X, X)
    inertia, silhouette = [], []
    # One BLAS thread: these products are too small to gain from threads, and waking them
    # took 4x the arithmetic here.
    with one_thread("blas"):
        for k in ELBOW_KS:
            k = int(k)
            _, centroids, _, _ = lloyd(X, initial_centroids(X, k, init, seed))
            final = nearest(X, centroids[-1])
            inertia.append(_inertia(X, centroids[-1], final))
            if k >= 2:
                silhouette.append(silhouette_score(distances, final))
    return readonly((np.array(inertia), np.array(silhouette)))


def silhouette_score(distances: np.ndarray, labels: np.ndarray) -> float:
    """The mean silhouette from a precomputed distance matrix, as scikit-learn defines it.

    For each point, a is its mean distance to the rest of its own cluster and b its mean
    distance to the nearest other cluster; its silhouette is (b - a) / max(a, b), and 0 in
    a cluster of one. One matrix product gives every point's distance sum to every cluster.
    """
    present, labels = np.unique(labels, return_inverse=True)
    if not 2 <= len(present) < len(labels):
        raise ValueError("the silhouette needs between 2 and n - 1 clusters")
    counts = np.bincount(labels).astype(float)
    sums = distances @ np.eye(len(present))[labels]  # (n, clusters)
    rows = np.arange(len(labels))
    own = counts[labels]
    a = sums[rows, labels] / np.maximum(own - 1, 1)
    means = sums / counts
    means[rows, labels] = np.inf
    b = means.min(axis=1)
    with np.errstate(invalid="ignore"):
        s = np.where(own > 1, (b - a) / np.maximum(a, b), 0.0)
    return float(np.nan_to_num(s).mean())


def _generator_source(data: str) -> str:
    import inspect
    import textwrap

    make = CLOUDS[data].make
    source = textwrap.dedent(inspect.getsource(make))
    return source.replace(f"def {make.__name__}(", "def make_points(", 1)


def _literal(array: np.ndarray) -> str:
    rows = ",\n".join("    [" + ", ".join(repr(float(v)) for v in row) + "]" for row in array)
    return "np.array([\n" + rows + ",\n])"


HOW_CHOSEN = {
    "k-means++": "by sklearn.cluster.kmeans_plusplus(X, {k}, random_state={seed})",
    "random": "as {k} distinct data points picked at random (seed {seed})",
    "farthest point": "by farthest-point traversal: a random data point (seed {seed}), then "
                      "each time the point farthest from those already chosen",
}


def code(p: Params) -> str:
    X, _ = sample_cloud(p.data, p.n_points, p.seed)
    init = initial_centroids(X, p.k, p.init, p.seed)
    how = HOW_CHOSEN[p.init].format(k=p.k, seed=p.seed)
    return f'''\
import numpy as np
from sklearn.cluster import KMeans


# The "{p.data}" points: {CLOUDS[p.data].about}.
{_generator_source(p.data)}

X, true_labels = make_points({p.n_points}, np.random.default_rng({p.seed}))

# The starting centroids on the page, chosen {how}.
init = {_literal(init)}

# Plain Lloyd iterations from exactly those centroids, until no label changes.
model = KMeans(n_clusters={p.k}, init=init, n_init=1, algorithm="lloyd", tol=0, max_iter={MAX_ITER})
model.fit(X)
inertia = model.inertia_  # sum of squared distances of the points to their centroid

print(f"inertia     {{inertia:.6g}}")
print(f"iterations  {{model.n_iter_}}")  # the last one changed no label, if it converged
print("centroids\\n", np.round(model.cluster_centers_, 3))
'''
