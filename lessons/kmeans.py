"""K-means: straight boundaries cut rings into halves, k clusters whatever the data, and a
start that decides where Lloyd's iterations end."""

import numpy as np
from sklearn.metrics import adjusted_rand_score

from figures import kmeans as fig
from lessons import Challenge, Claim, Step, titled


def agreement(r) -> float:
    """How well the final clusters match the groups the data were drawn from: the adjusted
    Rand index (1: the same grouping, about 0: no better than chance)."""
    return float(adjusted_rand_score(r.true_labels, r.final_labels))


def given_away(r) -> float:
    """The share of the largest true group's points that k-means puts in other clusters."""
    big = r.true_labels == np.bincount(r.true_labels).argmax()
    return float(1 - np.bincount(r.final_labels[big]).max() / big.sum())


def _rings(r) -> str:
    return "Yes, ring by ring" if agreement(r) > 0.9 else "No, it cuts them into halves"


def _clusters(r) -> str:
    found = len(np.unique(r.final_labels))
    return f"Yes, {r.k} clusters" if found == r.k else "No, it finds none"


def _start(r) -> str:
    return "Yes, the three groups" if agreement(r) > 0.9 else "No, a worse split"


CHALLENGES = (
    Challenge(
        question="Two rings, one inside the other, and k = 2: will k-means put each ring in its "
                 "own cluster?",
        options=("Yes, ring by ring", "No, it cuts them into halves"),
        state=dict(data="rings", k=2),
        answer=_rings, expected="No, it cuts them into halves",
        why=lambda r: f"The agreement with the rings is {agreement(r):.2f} (0 is chance): every point goes "
                      "to its nearest centroid, so the boundary is the straight line halfway between "
                      "the two, and each side gets half of both rings.",
    ),
    Challenge(
        question="Points spread evenly over a square, with no groups at all, and k = 3. Does "
                 "k-means report clusters?",
        options=("Yes, 3 clusters", "No, it finds none"),
        state=dict(data="uniform", k=3),
        answer=_clusters, expected="Yes, 3 clusters",
        why=lambda r: f"It always uses all {r.k} centroids, groups or not. Only the silhouette "
                      f"({r.silhouette_at_k:.2f} here; well-separated groups score near 1) hints "
                      "that the clusters are cut out of one even cloud.",
    ),
    Challenge(
        question="Unequal clusters, random initialisation, seed 3. Will k-means find the three "
                 "groups the data were drawn from?",
        options=("Yes, the three groups", "No, a worse split"),
        state=dict(data="unequal", init="random", seed=3),
        answer=_start, expected="No, a worse split",
        why=lambda r: f"Agreement {agreement(r):.2f}, inertia {r.inertia:.0f}: each of Lloyd's steps can "
                      "only lower the inertia from where it starts, so a poor start ends in a poor "
                      "local minimum. Try k-means++ on the same seed.",
    ),
)

TOUR = (
    Step("Half-step 0: k-means++ has placed three centroids, spread out on purpose, before any "
         "point is assigned.", dict(step=0), holds=lambda r: r.step == 0 and r.phase == "start"),
    Step("Half-step 1, assign: every point takes the colour of its nearest centroid. The regions "
         "are cut by straight lines halfway between centroids.",
         dict(step=1), holds=lambda r: r.phase == "assign"),
    Step("Half-step 2, update: each centroid moves to the mean of its points, and the inertia "
         "drops. Assign and update repeat until nothing changes.",
         dict(step=2), holds=lambda r: r.phase == "update" and r.history_inertia[2] <= r.history_inertia[1]),
    Step("On three separate blobs the final clusters match the true groups almost exactly.",
         {}, holds=lambda r: agreement(r) > 0.95),
    Step("Unequal sizes and spreads: the boundaries sit halfway between centroids, not where the "
         "points thin out, so the small tight clusters take a slice (a sixth or more) of the big "
         "loose one's edge.",
         dict(data="unequal"), holds=lambda r: given_away(r) > 1 / 7 and agreement(r) < 0.9),
    Step("Rings with k = 2: two halves, each with parts of both rings. K-means looks for round "
         "groups around centres; rings have none.",
         dict(data="rings", k=2), holds=lambda r: agreement(r) < 0.1),
    Step("Random starts on the blobs: the elbow curve rises from k = 6 to k = 7. Each k is one run "
         "that stops in a local minimum, and this one with seven centroids ended above the one "
         "with six.",
         dict(init="random"), holds=lambda r: r.elbow[6] > r.elbow[5]),
)

MAIN = titled(fig.clusters_figure)

CLAIMS = {
    "inertia": Claim(
        "Sum of squared distances from every point to its centroid, once Lloyd's algorithm has "
        "stopped. Lower is tighter. The best possible inertia falls as k grows, but each k's run "
        "stops in a local minimum, so the elbow curve can rise from one k to the next (random "
        "starts on the blobs: the tour's last step).",
        state=dict(init="random"), holds=lambda r: bool(np.any(np.diff(r.elbow) > 0))),
}
