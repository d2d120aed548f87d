"""Hierarchical clustering: one tree of merges, cut where you choose
===================================================================

Agglomerative clustering starts with every point as its own cluster and, step by step,
merges the two clusters that are closest, until one cluster holds everything. The record
of those ``n - 1`` merges is a tree, drawn as a *dendrogram*: each U joins two clusters at
the height of the distance between them. Cutting the tree with a horizontal line gives a
flat clustering: the branches the line crosses are the clusters. A cut into ``k`` clusters
simply undoes the last ``k - 1`` merges.

What "the distance between two clusters" means is the *linkage*:

* **single**: the closest pair of points, one from each cluster;
* **complete**: the farthest pair;
* **average**: the mean over all pairs;
* **Ward**: how much the within-cluster sum of squares grows when the two merge
  (which only makes sense with Euclidean distances).

Single linkage merges two groups as soon as *one* short hop joins them, so a thin trail
of points (a *chain*) can glue well-separated groups together, while a few isolated
points stay on their own until the very end. Its merges are exactly the edges of the
minimum spanning tree of the points, taken shortest first, so cutting single linkage into
``k`` clusters removes the ``k - 1`` longest edges of that tree. Complete, average and
Ward look at whole clusters and resist chaining, at the price of preferring compact,
roundish clusters.

The tree is scipy's ``linkage``; scikit-learn's ``AgglomerativeClustering`` builds the
same tree and cuts it the same way.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.cluster.hierarchy import dendrogram, linkage
from scipy.spatial.distance import pdist, squareform
from sklearn.metrics import adjusted_rand_score

from datasets import CLOUDS, describe, frozen_cloud
from datasets.readonly import readonly
from explorers._contract import choice, knob

NOTICE = (
    "Single linkage joins two groups as soon as one short hop connects them, so on the blobs "
    "it chains two of them into one cluster and spends a cluster on a stray point, while Ward "
    "and average linkage find the three groups; on the rings the same chaining is what follows "
    "each ring round. Move the cut: every height gives a clustering, and a tall gap between "
    "merges is where a cut is stable."
)
MISREADING = (
    "\"The dendrogram shows how similar the points are, so the closer two leaves sit side by "
    "side the more alike they are.\" Only the height at which two points first meet means "
    "anything: the left-to-right order of the leaves is arbitrary, and any U can be flipped."
)
HEADLINE = "ari"

LINKAGES = ("single", "complete", "average", "ward")
# The page's names for the metrics, and scipy's (scikit-learn accepts the page's names).
METRICS = {"euclidean": "euclidean", "manhattan": "cityblock", "cosine": "cosine"}
LEAVES = 40  # leaves drawn in the dendrogram: the last 40 clusters of the tree (scipy's "lastp")
GAPS = 20  # numbers of clusters shown in the merge-gap chart: 2..GAPS+1


@dataclass(frozen=True)
class Params:
    data: str = choice(
        "blobs", options=tuple(CLOUDS), label="Data",
        help="The point cloud, with a known true grouping: " + describe(CLOUDS),
    )
    linkage: str = choice(
        "single", options=LINKAGES, label="Linkage",
        help="How far apart two clusters are: single = closest pair of points, complete = "
             "farthest pair, average = mean over all pairs, Ward = growth of the within-cluster "
             "sum of squares (Euclidean only).",
    )
    metric: str = choice(
        "euclidean", options=tuple(METRICS), label="Distance", when=("linkage", LINKAGES[:3]),
        help="How far apart two points are. Ward is defined on Euclidean distances only, so "
             "this is greyed out (and Euclidean is used) while Ward is chosen.",
    )
    cut: str = choice(
        "clusters", options=("clusters", "height"), label="Cut by",
        help="Ask for a number of clusters (the cut goes into the gap that yields it), or "
             "place the cut at a height yourself.",
    )
    n_clusters: int = knob(
        3, lo=2, hi=30, label="Number of clusters", when=("cut", "clusters"),
        help="Undo the last k − 1 merges of the tree, leaving k clusters.",
    )
    height: float = knob(
        0.5, lo=0.01, hi=1.0, step=0.01, label="Cut height (share of the tallest merge)",
        when=("cut", "height"),
        help="Where the horizontal cut sits, as a share of the height of the last merge, so "
             "it means the same for every linkage and data set (merge heights of single "
             "linkage are far lower than Ward's). Merges at or below the cut are kept.",
    )
    n_points: int = knob(300, lo=100, hi=1000, step=50, label="Points",
                         help="How many points are drawn from the cloud.")
    seed: int = knob(0, lo=0, hi=999, label="Seed", help="Seed of the random draw.")


@dataclass(frozen=True)
class Result:
    points: np.ndarray  # (n, 2)
    true_labels: np.ndarray  # (n,)
    linkage: str
    metric: str  # the page's name of the metric actually used (Ward: always euclidean)
    Z: np.ndarray  # (n - 1, 4) scipy's linkage matrix, merge heights non-decreasing
    n_merges: int  # merges kept below the cut (the first n_merges rows of Z)
    labels: np.ndarray  # (n,) clusters 0, 1, ... numbered from the largest down
    n_clusters: int
    cut_height: float  # where the cut line is drawn (in the gap, when cutting by count)
    cut_share: float  # cut_height / tallest merge
    sizes: np.ndarray  # (n_clusters,) points per cluster, descending
    ari: float  # adjusted Rand index against the true grouping
    best_k: int  # the number of clusters with the widest range of cut heights (2..GAPS+1)
    # The dendrogram, truncated to its last LEAVES clusters, as scipy's dendrogram draws it.
    link_x: np.ndarray  # (LEAVES - 1, 4) the x of each U's four corners
    link_y: np.ndarray  # (LEAVES - 1, 4)
    link_label: np.ndarray  # (LEAVES - 1,) the cluster a U lies in, -1 above the cut
    leaf_x: np.ndarray  # (LEAVES,)
    leaf_size: np.ndarray  # (LEAVES,) points under each drawn leaf
    leaf_label: np.ndarray  # (LEAVES,) its cluster, -1 if the cut runs through the leaf
    # The minimum spanning tree under the same metric: single linkage's merges.
    mst_edges: np.ndarray  # (n - 1, 2) point indices
    mst_lengths: np.ndarray  # (n - 1,)
    bridges: np.ndarray  # (n - 1,) bool: the edge joins two different true groups
    single_needs: int  # clusters single linkage needs before no cluster mixes true groups


def effective_metric(p: Params) -> str:
    return "euclidean" if p.linkage == "ward" else p.metric


def run(p: Params) -> Result:
    points, truth = _cloud(p.data, p.n_points, p.seed)
    metric = effective_metric(p)
    Z, representative = _tree(p.data, p.n_points, p.seed, p.linkage, metric)
    n, heights = len(points), Z[:, 2]
    if p.cut == "clusters":
        n_merges = n - p.n_clusters
        # Midway between the last merge kept and the first one undone.
        cut_height = float((heights[n_merges - 1] + heights[n_merges]) / 2)
    else:
        cut_height = float(p.height * heights[-1])
        # Z is sorted by height and these four linkages never merge lower than a child, so
        # "every merge at or below t" (scipy's fcluster criterion="distance") is a prefix.
        n_merges = int(np.searchsorted(heights, cut_height, side="right"))
    labels = flat_clusters(Z, n_merges)
    sizes = np.bincount(labels)
    link_x, link_y, link_node, leaf_x, leaf_node = _dendrogram(
        p.data, p.n_points, p.seed, p.linkage, metric)
    edges, lengths = _mst(p.data, p.n_points, p.seed, metric)
    bridges = truth[edges[:, 0]] != truth[edges[:, 1]]
    # Cutting single linkage into k clusters removes the k - 1 longest tree edges; the true
    # groups come apart once every bridge is among them.
    single_needs = 1 + int(np.sum(lengths >= lengths[bridges].min())) if bridges.any() else 1
    gaps = heights[::-1][:GAPS] - heights[::-1][1:GAPS + 1]  # k = 2, 3, ...: range of cuts giving k
    return Result(
        points=points, true_labels=truth, linkage=p.linkage, metric=metric, Z=Z,
        n_merges=n_merges, labels=readonly(labels), n_clusters=len(sizes),
        cut_height=cut_height, cut_share=cut_height / float(heights[-1]),
        sizes=readonly(sizes), ari=float(adjusted_rand_score(truth, labels)),
        best_k=int(np.argmax(gaps)) + 2,
        link_x=link_x, link_y=link_y,
        link_label=readonly(_node_labels(link_node, n, n_merges, labels, representative)),
        leaf_x=leaf_x, leaf_size=readonly(_leaf_sizes(leaf_node, Z)),
        leaf_label=readonly(_node_labels(leaf_node, n, n_merges, labels, representative)),
        mst_edges=edges, mst_lengths=lengths, bridges=readonly(bridges),
        single_needs=single_needs,
    )


def flat_clusters(Z: np.ndarray, n_merges: int) -> np.ndarray:
    """Flat clusters after the first ``n_merges`` merges, numbered from the largest down.

    Each point's cluster is the topmost node above it among those merges, found by pointer
    doubling in numpy rather than a Python loop over the points.
    """
    n = len(Z) + 1
    parent = np.arange(2 * n - 1)
    kept = Z[:n_merges, :2].astype(np.intp)
    parent[kept[:, 0]] = parent[kept[:, 1]] = n + np.arange(n_merges)
    while not np.array_equal(jump := parent[parent], parent):
        parent = jump
    _, labels = np.unique(parent[:n], return_inverse=True)
    order = np.argsort(-np.bincount(labels), kind="stable")  # largest first; ties by first point
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[labels]


def _node_labels(nodes, n, n_merges, labels, representative):
    """A tree node's cluster if the node lies below the cut (any of its points tells), else -1."""
    below = (nodes < n) | (nodes - n < n_merges)
    return np.where(below, labels[representative[nodes]], -1)


def _leaf_sizes(nodes, Z):
    n = len(Z) + 1
    return np.where(nodes < n, 1, Z[np.maximum(nodes - n, 0), 3]).astype(int)



# Everything that does not depend on the cut is memoised, so moving the cut only re-labels
# the points. All of it is pure, so caching cannot change a result.
_cloud = frozen_cloud  # the draw, shared with the other clustering pages


@lru_cache(maxsize=32)
def _tree(data, n_points, seed, method, metric):
    """scipy's linkage matrix, and for every node one point beneath it (its leftmost leaf)."""
    points, _ = _cloud(data, n_points, seed)
    Z = linkage(points, method=method, metric=METRICS[metric])
    n = len(points)
    representative = np.arange(2 * n - 1)
    left = Z[:, 0].astype(np.intp)
    for row in range(n - 1):  # children always precede their parent, so one pass suffices
        representative[n + row] = representative[left[row]]
    return readonly((Z, representative))


@lru_cache(maxsize=32)
def _dendrogram(data, n_points, seed, method, metric):
    """scipy's dendrogram coordinates, truncated to the last LEAVES clusters, with node ids."""
    Z, _ = _tree(data, n_points, seed, method, metric)
    nodes: list[int] = []
    # link_color_func is called once per U, in drawing order, with that U's node id.
    d = dendrogram(Z, no_plot=True, truncate_mode="lastp", p=LEAVES,
                   link_color_func=lambda node: nodes.append(node) or "k")
    leaf_node = np.asarray(d["leaves"])
    return readonly((np.asarray(d["icoord"]), np.asarray(d["dcoord"]), np.asarray(nodes),
                     5.0 + 10.0 * np.arange(len(leaf_node)), leaf_node))


@lru_cache(maxsize=32)
def _mst(data, n_points, seed, metric):
    """The minimum spanning tree by Prim's algorithm on the full distance matrix.

    One numpy step per point (about 15 ms at 1,000 points); scipy's csgraph version needs a
    sparse copy of the dense matrix first and took 250 ms here.
    """
    points, _ = _cloud(data, n_points, seed)
    distance = squareform(pdist(points, METRICS[metric]))
    n = len(points)
    best, nearest = distance[0].copy(), np.zeros(n, np.intp)
    done = np.zeros(n, bool)
    done[0], best[0] = True, np.inf
    edges, lengths = np.empty((n - 1, 2), np.intp), np.empty(n - 1)
    for step in range(n - 1):
        j = int(np.argmin(best))
        edges[step], lengths[step] = (nearest[j], j), best[j]
        done[j], best[j] = True, np.inf
        closer = (distance[j] < best) & ~done
        best[closer], nearest[closer] = distance[j, closer], j
    return readonly((edges, lengths))


def _number(value: float) -> str:
    """Short when that is exact (0.35), the full repr when the slider gave 0.35000000000000003."""
    return f"{value:g}" if float(f"{value:g}") == value else repr(value)


def code(p: Params) -> str:
    make = CLOUDS[p.data].make
    source = inspect.getsource(make).rstrip()
    metric = effective_metric(p)
    if p.cut == "clusters":
        k = p.n_clusters
        cut = f'''\
# Cut into {k} clusters: scikit-learn builds the same tree and undoes its last {k - 1} merges.
model = AgglomerativeClustering(n_clusters={k}, linkage="{p.linkage}", metric="{metric}")
labels = model.fit(points).labels_
# That cut lies in the gap between the last merge kept and the first one undone.
cut_height = (heights[-{k}] + heights[-{k - 1}]) / 2'''
    else:
        cut = f'''\
# Cut at {_number(p.height)} of the tallest merge: keep every merge at or below that height.
cut_height = {_number(p.height)} * heights.max()
labels = fcluster(Z, cut_height, criterion="distance")'''
    return f'''\
import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_array
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial.distance import pdist, squareform
from sklearn.cluster import AgglomerativeClustering
from sklearn.metrics import adjusted_rand_score


{source}


# The data: {CLOUDS[p.data].about}.
rng = np.random.default_rng({p.seed})
points, true_labels = {make.__name__}({p.n_points}, rng)

# The whole tree: row i of Z merges clusters Z[i, 0] and Z[i, 1] at height Z[i, 2].
Z = linkage(points, method="{p.linkage}", metric="{METRICS[metric]}")
heights = Z[:, 2]

{cut}
sizes = np.unique(labels, return_counts=True)[1]
ari = adjusted_rand_score(true_labels, labels)  # 1 is perfect, about 0 is chance
print(f"{p.linkage} linkage: {{len(sizes)}} clusters below the cut at {{cut_height:.3f}}, "
      f"largest {{sizes.max()}} of {{len(points)}} points, ARI {{ari:.3f}}")

# Single linkage's merges are the minimum spanning tree's edges, shortest first. Edges that
# join two true groups are the chain; it breaks once all of them are among the cut edges.
# (As a sparse matrix: given a dense one, scipy drops distances below 1e-8 as "no edge".)
distances = csr_array(squareform(pdist(points, "{METRICS[metric]}")))
tree = minimum_spanning_tree(distances).tocoo()
bridges = true_labels[tree.row] != true_labels[tree.col]
if bridges.any():
    needed = 1 + np.sum(tree.data >= tree.data[bridges].min())
    print(f"single linkage needs {{needed}} clusters before no cluster mixes two true groups")
'''
