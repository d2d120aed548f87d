"""Hierarchical clustering: single linkage chains, which merges blobs and follows rings;
Ward finds round groups and cuts rings; the cut's height decides the number of clusters."""

import numpy as np

from figures import hierarchical as fig
from lessons import Challenge, Claim, Step, titled


def chained(r) -> bool:
    """Two true groups ended up mostly in one cluster, and some cluster is a few stray points."""
    biggest = r.labels == 0
    groups_in_biggest = sum(np.sum(biggest & (r.true_labels == g)) > 0.5 * np.sum(r.true_labels == g)
                            for g in np.unique(r.true_labels))
    return groups_in_biggest >= 2 and r.sizes.min() <= 3


def _blobs(r) -> str:
    return "Two blobs chained together, and a stray point" if chained(r) else "The three blobs"


def _rings(r) -> str:
    return "Ring by ring" if r.ari > 0.95 else "Across the rings"


CHALLENGES = (
    Challenge(
        question="Three blobs, single linkage, cut into 3 clusters. What are the clusters?",
        options=("The three blobs", "Two blobs chained together, and a stray point"),
        state=dict(linkage="single"),
        answer=_blobs, expected="Two blobs chained together, and a stray point",
        why=lambda r: f"Cluster sizes {', '.join(str(int(n)) for n in r.sizes)}: one short hop between "
                      "two blobs joins them before the last stray point joins anything. The spanning "
                      "tree's thick black bridges are those hops.",
    ),
    Challenge(
        question="Two rings, Ward linkage, 2 clusters. Does Ward follow the rings?",
        options=("Ring by ring", "Across the rings"),
        state=dict(data="rings", linkage="ward", n_clusters=2),
        answer=_rings, expected="Across the rings",
        why=lambda r: f"Agreement with the rings {r.ari:.2f}: Ward merges whatever keeps the clusters' "
                      "variance lowest, which makes compact round groups and cuts across rings. Single "
                      "linkage, chaining along each ring, separates them perfectly.",
    ),
)

TOUR = (
    Step("Single linkage on three blobs: two blobs are chained into one cluster, and the third "
         "cluster is a single stray point.",
         dict(linkage="single"), holds=chained),
    Step("Average linkage: the three blobs, as they were drawn.",
         dict(linkage="average"), holds=lambda r: r.ari > 0.95),
    Step("Ward on the rings: compact halves that each take part of both rings.",
         dict(data="rings", linkage="ward", n_clusters=2), holds=lambda r: r.ari < 0.3),
    Step("Single linkage on the rings: its chaining follows each ring round, a perfect split.",
         dict(data="rings", linkage="single", n_clusters=2), holds=lambda r: r.ari > 0.95),
)

MAIN = titled(fig.clusters_figure)


def cuts_the_longest(r) -> bool:
    """The spanning-tree edges between two clusters are its longest: none kept is longer."""
    cut = r.labels[r.mst_edges[:, 0]] != r.labels[r.mst_edges[:, 1]]
    return cut.sum() == r.n_clusters - 1 and r.mst_lengths[cut].min() >= r.mst_lengths[~cut].max()


CLAIMS = {
    "largest": Claim(
        "Chaining shows here: single linkage often keeps one giant cluster and splits off a few "
        "stray points as clusters of their own.",
        holds=chained),
    "spanning tree": Claim(
        "Under single linkage the grey lines on the right are the edges of the minimum spanning "
        "tree that hold each cluster together; the dotted red ones are the longest edges, which "
        "the cut removed.",
        holds=cuts_the_longest),
}
