"""DBSCAN: dense cores follow any shape where k-means cuts convex pieces, and one eps has
to suit every cluster at once."""

from figures import dbscan as fig
from lessons import Challenge, Step, titled


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
         {}, holds=lambda r: r.ari_dbscan > 0.95 and r.ari_kmeans < r.ari_dbscan - 0.3),
    Step("eps = 0.05: no point has enough neighbours that close, so nearly everything is noise. "
         "The k-distance plot shows where eps should sit.",
         dict(eps=0.05), holds=lambda r: r.n_noise > 0.9 * len(r.labels)),
    Step("Rings at eps = 0.8: each ring is one cluster, which no convex cut can give.",
         dict(data="rings", eps=0.8), holds=lambda r: r.ari_dbscan > 0.95 and r.ari_kmeans < 0.1),
    Step("Unequal clusters at eps = 0.6: all three are found, with the big cluster's sparse "
         "edge left out as noise.",
         dict(data="unequal", eps=0.6), holds=lambda r: r.n_clusters == 3 and r.n_noise > 0),
    Step("eps = 1.0: the big cluster's eps bridges every gap, and all three merge into one.",
         dict(data="unequal", eps=1.0), holds=lambda r: r.n_clusters == 1),
)

MAIN = titled(fig.clusters_figure)
