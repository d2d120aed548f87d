"""DBSCAN: dense cores follow any shape where k-means cuts convex pieces, and one eps has
to suit every cluster at once."""

import numpy as np

from explorers import dbscan as ex
from figures import dbscan as fig
from lessons import Challenge, Claim, Step, titled

KNEE = dict(eps=0.2)  # where the smiley's k-distance curve bends (min_samples 5)
RINGS_KNEE = dict(data="rings", eps=0.4)  # where the rings' curve bends
UNEQUAL = dict(data="unequal", eps=0.6)


def knee(r) -> float:
    """The k-distance where the sorted curve bends: the point farthest from the straight
    line between its two ends, both axes scaled to [0, 1] (the "kneedle" idea)."""
    y = np.asarray(r.k_distances, float)
    x = np.linspace(0.0, 1.0, len(y))
    scaled = (y - y.min()) / (y.max() - y.min())
    return float(y[np.argmax(np.abs(x + scaled - 1))])


def at_knee(r) -> bool:
    return abs(knee(r) - r.eps) < 0.05


def _true_group_sizes(r) -> np.ndarray:
    return np.bincount(r.true_labels)


def _noise_from_the_big_cluster(r) -> bool:
    big = int(np.argmax(_true_group_sizes(r)))
    noise = r.labels == -1
    return bool(noise.any() and np.all(r.true_labels[noise] == big))


def _mouth_cut(r) -> bool:
    """k-means spreads the mouth (the largest true group) over two clusters or more."""
    mouth = r.true_labels == int(np.argmax(_true_group_sizes(r)))
    return len(np.unique(r.kmeans_labels[mouth])) >= 2


def _rings(r) -> str:
    return "Yes, ring by ring" if r.ari_dbscan > 0.95 else "No"


def _unequal(r) -> str:
    return "Yes, all three" if r.n_clusters == 3 else "No, clusters merge"


def _tiny(r) -> str:
    return "Almost every point is noise" if r.n_noise > 0.9 * len(r.labels) else "Small, tight clusters"


CHALLENGES = (
    Challenge(
        question="Two rings, one inside the other, eps = 0.8. Will DBSCAN put each ring in its "
                 "own cluster?",
        options=("Yes, ring by ring", "No"),
        state=dict(data="rings", eps=0.8),
        answer=_rings, expected="Yes, ring by ring",
        why=lambda r: f"Agreement with the rings {r.ari_dbscan:.2f} (k-means on the same points: "
                      f"{r.ari_kmeans:.2f}): a cluster grows from core point to core point along the "
                      "ring, whatever its shape.",
    ),
    Challenge(
        question="One big loose cluster and two small tight ones, eps = 0.8. Does one eps find all "
                 "three?",
        options=("Yes, all three", "No, clusters merge"),
        state=dict(data="unequal", eps=0.8),
        answer=_unequal, expected="No, clusters merge",
        why=lambda r: f"{r.n_clusters} clusters: an eps loose enough to hold the big cluster together "
                      "also bridges the gap to a small one. A single density threshold has to suit "
                      "every cluster at once.",
    ),
    Challenge(
        question="eps = 0.05, far below the distance between neighbours. What does DBSCAN report?",
        options=("Small, tight clusters", "Almost every point is noise"),
        state=dict(eps=0.05),
        answer=_tiny, expected="Almost every point is noise",
        why=lambda r: f"{r.n_noise} of {len(r.labels)} points are noise: hardly any has {r.min_samples} "
                      "points within 0.05, so there are no core points to grow clusters from.",
    ),
)

TOUR = (
    Step("The smiley: DBSCAN finds the eyes and the curved mouth; k-means, beside it, cuts the "
         "mouth into straight-edged pieces.",
         {}, holds=lambda r: r.ari_dbscan > 0.95 and r.ari_kmeans < r.ari_dbscan - 0.3 and _mouth_cut(r)),
    Step("eps = 0.05: no point has enough neighbours that close, so nearly everything is noise. "
         "The k-distance plot shows where eps should sit.",
         dict(eps=0.05), holds=lambda r: r.n_noise > 0.9 * len(r.labels)),
    Step("eps = 0.2, where the k-distance curve bends: below the bend the dense points of the "
         "eyes and mouth, above it a few sparse ones, left as noise. All three parts are found.",
         KNEE, holds=lambda r: at_knee(r) and r.n_clusters == 3 and r.ari_dbscan > 0.9 and r.n_noise > 0),
    Step("Rings at eps = 0.8: each ring is one cluster, which no convex cut can give.",
         dict(data="rings", eps=0.8), holds=lambda r: r.ari_dbscan > 0.95 and r.ari_kmeans < 0.1),
    Step("Unequal clusters at eps = 0.6: all three are found, with the big cluster's sparse "
         "edge left out as noise.",
         UNEQUAL, holds=lambda r: r.n_clusters == 3 and _noise_from_the_big_cluster(r)),
    Step("eps = 1.0: the big cluster's eps bridges every gap, and all three merge into one.",
         dict(data="unequal", eps=1.0), holds=lambda r: r.n_clusters == 1),
)

MAIN = titled(fig.clusters_figure)

CLAIMS = {
    # The caption under the k-distance plot, sentence by sentence.
    "above_the_line": Claim(
        "so the points above the dashed line are the noise and border points.",
        state=UNEQUAL, holds=lambda r: (r.n_noise > 0 and r.n_border > 0
                                        and r.n_above_eps == r.n_noise + r.n_border)),
    "knee": Claim(
        "A knee in the curve is a natural first guess for eps: below it the dense clusters, above "
        "it the sparse points. On the smiley the curve bends near 0.2, and that eps finds all "
        "three parts;", state=KNEE, holds=lambda r: at_knee(r) and r.n_clusters == 3 and r.ari_dbscan > 0.9),
    "knee_rings": Claim(
        "on the rings the bend (near 0.4) is too tight, and each ring falls into pieces.",
        state=RINGS_KNEE, holds=lambda r: at_knee(r) and r.n_clusters > 2 and r.ari_dbscan < 0.6),
    # The DBSCAN ARI's help: on the uniform cloud, all noise or all one cluster scores 1.
    "ari_uniform": Claim(
        "Adjusted Rand index against the true grouping: 1 is perfect, about 0 is chance. Noise "
        "counts as one more group, so on the uniform cloud (one true group) calling every point "
        "noise, or all one cluster, scores 1.",
        state=dict(data="uniform", eps=0.05),
        holds=lambda r: r.n_noise == len(r.labels) and r.ari_dbscan == 1.0),
    "ari_uniform_one_cluster": Claim(
        "Adjusted Rand index against the true grouping: 1 is perfect, about 0 is chance. Noise "
        "counts as one more group, so on the uniform cloud (one true group) calling every point "
        "noise, or all one cluster, scores 1.",
        state=dict(data="uniform", eps=2.0),
        holds=lambda r: r.n_clusters == 1 and r.n_noise == 0 and r.ari_dbscan == 1.0),
    # The misreading: the clusters change completely as eps moves (unequal blobs at 1.0: one).
    "misreading": Claim(ex.MISREADING, state=dict(data="unequal", eps=1.0),
                        holds=lambda r: r.n_clusters == 1 and len(_true_group_sizes(r)) == 3),
}
