"""The hierarchical clustering explorer: checked against scipy and scikit-learn, against the
minimum spanning tree, through its code snippet, and by the data its figures carry."""

import dataclasses

import numpy as np
import pytest
from scipy.cluster.hierarchy import dendrogram, fcluster, linkage
from scipy.sparse import csr_array
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial.distance import pdist, squareform
from sklearn.cluster import AgglomerativeClustering
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.cluster import contingency_matrix

from datasets import sample_cloud
from explorers import hierarchical as ex
from figures import hierarchical as figs

CASES = [  # (linkage, metric): Ward only with Euclidean distances
    (link, metric) for link in ex.LINKAGES for metric in ex.METRICS
    if link != "ward" or metric == "euclidean"
]


def fresh_run(p):
    """run() without the memos, so a comparison between two runs really recomputes."""
    for cached in (ex._cloud, ex._tree, ex._dendrogram, ex._mst):
        cached.cache_clear()
    return ex.run(p)


def same_partition(a, b):
    """True when two labelings are the same partition up to renaming the clusters."""
    table = contingency_matrix(a, b)
    return bool(np.all((table > 0).sum(axis=0) == 1) and np.all((table > 0).sum(axis=1) == 1))


@pytest.mark.parametrize("link, metric", CASES)
def test_tree_is_scipys_and_the_cut_is_scikit_learns(link, metric):
    p = ex.Params(data="unequal", linkage=link, metric=metric, n_clusters=4, n_points=200, seed=3)
    r = ex.run(p)
    points, truth = sample_cloud(p.data, p.n_points, p.seed)
    np.testing.assert_array_equal(r.points, points)
    np.testing.assert_array_equal(r.Z, linkage(points, method=link, metric=ex.METRICS[metric]))
    assert np.all(np.diff(r.Z[:, 2]) >= 0), "the cut relies on merge heights that never decrease"
    model = AgglomerativeClustering(n_clusters=4, linkage=link, metric=metric).fit(points)
    assert same_partition(r.labels, model.labels_)
    assert r.n_clusters == 4 and r.ari == pytest.approx(adjusted_rand_score(truth, model.labels_))
    # The line is drawn strictly inside the gap that yields four clusters.
    assert r.Z[-4, 2] < r.cut_height < r.Z[-3, 2]


@pytest.mark.parametrize("link", ex.LINKAGES)
@pytest.mark.parametrize("height", [0.01, 0.2, 0.55, 1.0])
def test_a_height_cut_is_fclusters_distance_criterion(link, height):
    p = ex.Params(data="smiley", linkage=link, cut="height", height=height, n_points=150, seed=5)
    r = ex.run(p)
    t = height * r.Z[:, 2].max()
    assert r.cut_height == t
    expected = fcluster(r.Z, t, criterion="distance")
    assert same_partition(r.labels, expected)
    assert r.n_clusters == len(np.unique(expected)) == len(r.points) - r.n_merges


def test_clusters_are_numbered_from_the_largest_down_and_sizes_add_up():
    r = ex.run(ex.Params(data="unequal", linkage="single", n_clusters=6))
    assert r.sizes.sum() == len(r.points)
    assert np.all(np.diff(r.sizes) <= 0)
    np.testing.assert_array_equal(np.bincount(r.labels), r.sizes)


@pytest.mark.parametrize("metric", list(ex.METRICS))
@pytest.mark.parametrize("data", ["blobs", "rings"])
def test_single_linkage_merges_are_the_minimum_spanning_tree(data, metric):
    p = ex.Params(data=data, linkage="single", metric=metric, n_points=250, seed=8)
    r = ex.run(p)
    distance = squareform(pdist(r.points, ex.METRICS[metric]))
    mst = minimum_spanning_tree(csr_array(distance))  # dense input would drop lengths < 1e-8
    np.testing.assert_allclose(np.sort(mst.data), r.Z[:, 2], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(np.sort(r.mst_lengths), r.Z[:, 2], rtol=1e-12, atol=1e-14)
    # Each recorded edge has the length it claims, and together they connect every point.
    i, j = r.mst_edges.T
    np.testing.assert_array_equal(r.mst_lengths, distance[i, j])
    assert len(np.unique(r.mst_edges)) == len(r.points)
    np.testing.assert_array_equal(r.bridges, r.true_labels[i] != r.true_labels[j])


def test_single_linkage_needs_exactly_the_clusters_it_says_to_stop_mixing_groups():
    base = dict(data="blobs", linkage="single", n_points=300, seed=2)
    r = ex.run(ex.Params(**base))
    assert r.bridges.any()

    def pure(k):  # no cluster holds points of two true groups
        labels = ex.run(ex.Params(**base, n_clusters=k)).labels
        return all(len(np.unique(r.true_labels[labels == c])) == 1 for c in np.unique(labels))

    k = r.single_needs
    assert 2 <= k <= 30, "choose a setting whose answer the slider can reach"
    assert pure(k) and not pure(k - 1)


def test_chaining_single_linkage_leaves_a_giant_cluster_where_ward_does_not():
    single = ex.run(ex.Params(data="blobs", linkage="single", n_points=600, seed=1))
    ward = ex.run(ex.Params(data="blobs", linkage="ward", n_points=600, seed=1))
    # One true group swallows another through a chain, while a stray point is a "cluster".
    assert single.sizes[0] > 1.3 * ward.sizes[0] and single.sizes[-1] <= 2 < ward.sizes[-1]
    assert ward.ari > 0.9 > single.ari


def test_ward_ignores_a_non_euclidean_metric():
    r = ex.run(ex.Params(linkage="ward", metric="cosine"))
    assert r.metric == "euclidean"
    np.testing.assert_array_equal(r.Z, linkage(r.points, "ward"))
    assert 'metric="euclidean"' in ex.code(ex.Params(linkage="ward", metric="cosine"))


def test_best_k_has_the_widest_range_of_cut_heights():
    r = ex.run(ex.Params(data="blobs", linkage="ward"))
    h = r.Z[::-1, 2]
    widths = {k: h[k - 2] - h[k - 1] for k in range(2, ex.GAPS + 2)}
    assert r.best_k == max(widths, key=widths.get) == 3


# The dendrogram arrays.

@pytest.mark.parametrize("link", ex.LINKAGES)
def test_dendrogram_is_scipys_and_each_link_knows_its_cluster(link):
    p = ex.Params(data="unequal", linkage=link, n_clusters=5, n_points=400, seed=4)
    r = ex.run(p)
    d = dendrogram(r.Z, no_plot=True, truncate_mode="lastp", p=ex.LEAVES)
    np.testing.assert_array_equal(r.link_x, d["icoord"])
    np.testing.assert_array_equal(r.link_y, d["dcoord"])
    assert len(r.leaf_x) == ex.LEAVES and r.leaf_size.sum() == len(r.points)
    # Links below the cut carry one cluster each: the clusters shown are exactly the cut's.
    below = r.link_y[:, 1] <= r.cut_height
    np.testing.assert_array_equal(r.link_label >= 0, below)
    assert set(r.leaf_label.tolist()) == set(range(r.n_clusters))
    # Points under a leaf all carry the leaf's cluster: check by the sizes.
    for c in range(r.n_clusters):
        assert r.leaf_size[r.leaf_label == c].sum() == r.sizes[c]


def test_a_cut_below_the_drawn_leaves_leaves_them_uncoloured():
    r = ex.run(ex.Params(linkage="ward", cut="height", height=0.01))
    assert r.n_clusters > ex.LEAVES
    assert np.all(r.link_label == -1)
    assert np.any(r.leaf_label == -1)


# The code panel (tests/test_contract.py checks the headline for every edge of every knob).

@pytest.mark.parametrize("p", [
    ex.Params(),
    ex.Params(data="smiley", linkage="average", metric="manhattan", cut="height", height=0.1 + 0.2),
    ex.Params(data="uniform", linkage="complete", metric="cosine", n_clusters=7, n_points=150),
])
def test_the_snippet_reproduces_the_clusters_and_the_chain(p, capsys):
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p), "<hierarchical code>", "exec"), namespace)
    r = ex.run(p)
    np.testing.assert_array_equal(namespace["points"], r.points)
    np.testing.assert_array_equal(namespace["Z"], r.Z)
    assert same_partition(namespace["labels"], r.labels)
    assert namespace["cut_height"] == r.cut_height
    assert namespace["ari"] == pytest.approx(r.ari, rel=1e-12)
    out = capsys.readouterr().out
    assert f"{r.n_clusters} clusters below the cut" in out
    if r.bridges.any():
        assert namespace["needed"] == r.single_needs
        assert f"needs {r.single_needs} clusters" in out


def test_same_seed_same_result_and_the_memo_is_read_only():
    first, again = fresh_run(ex.Params(seed=11)), fresh_run(ex.Params(seed=11))
    for field in dataclasses.fields(first):
        np.testing.assert_array_equal(getattr(first, field.name), getattr(again, field.name))
    assert not np.allclose(first.points, fresh_run(ex.Params(seed=12)).points)
    cached = ex.run(ex.Params(seed=11))
    for name in ("Z", "labels", "link_x", "mst_edges", "points"):
        with pytest.raises(ValueError):
            getattr(cached, name).flat[0] = 0


# Figures carry the Result's data.

def trace(fig, prefix):
    (found,) = [t for t in fig.data if t.name and t.name.startswith(prefix)]
    return found


def test_dendrogram_figure_draws_the_cut_and_one_colour_per_cluster():
    r = ex.run(ex.Params(data="blobs", linkage="ward", n_clusters=4))
    fig = figs.dendrogram_figure(r)
    (line,) = fig.layout.shapes
    assert line.y0 == line.y1 == r.cut_height
    coloured = [t for t in fig.data if t.name.startswith("cluster")]
    assert len(coloured) == 4
    assert len({t.line.color for t in coloured}) == 4 and figs.BLACK not in {t.line.color for t in coloured}
    # Every U appears once, as four corners and a NaN break.
    links = sum(np.isnan(np.asarray(t.x, float)).sum() for t in fig.data if t.mode == "lines")
    assert links == len(r.link_x) == ex.LEAVES - 1
    np.testing.assert_array_equal(trace(fig, "leaves").customdata, r.leaf_size)


def test_clusters_figure_shows_every_point_once_and_the_edges_the_cut_removed():
    r = ex.run(ex.Params(data="blobs", linkage="single", n_clusters=5))
    fig = figs.clusters_figure(r)
    markers = [t for t in fig.data if t.mode == "markers"]
    assert sum(len(t.x) for t in markers) == len(r.points)
    np.testing.assert_array_equal(trace(fig, "cluster 1").x, r.points[r.labels == 0, 0])
    removed = trace(fig, "edges the cut removed")
    assert np.isnan(np.asarray(removed.x, float)).sum() == r.n_clusters - 1
    assert not any(t.name.startswith("edges") for t in figs.clusters_figure(
        ex.run(ex.Params(linkage="average"))).data)


def test_gaps_figure_bars_span_the_heights_that_give_each_k():
    r = ex.run(ex.Params(data="smiley", linkage="complete", n_clusters=5))
    (bars,) = figs.gaps_figure(r).data
    h = r.Z[::-1, 2]
    np.testing.assert_array_equal(bars.x, np.arange(2, ex.GAPS + 2))
    np.testing.assert_allclose(np.asarray(bars.base, float) + np.asarray(bars.y, float), h[:ex.GAPS])
    assert bars.marker.color[5 - 2] == figs.VERMILLION


def test_chain_figure_draws_each_bridge():
    r = ex.run(ex.Params(data="blobs", linkage="single"))
    fig = figs.chain_figure(r)
    bridges = trace(fig, "bridges")
    x = np.asarray(bridges.x, float)
    assert np.isnan(x).sum() == r.bridges.sum()
    ends = r.points[r.mst_edges[r.bridges]].reshape(-1, 2)
    np.testing.assert_array_equal(x[~np.isnan(x)], ends[:, 0])
    uniform = figs.chain_figure(ex.run(ex.Params(data="uniform")))
    assert not any(t.name.startswith("bridges") for t in uniform.data)


def test_dendrogram_branches_wear_their_clusters_colours_and_black_is_above_the_cut():
    """The dendrogram caption: below the cut each branch is coloured as its cluster is on the
    right, black Us are the merges the cut undoes, and the numbers under it count points."""
    r = ex.run(ex.Params(data="smiley", linkage="average", n_clusters=4))
    dendrogram, clusters = figs.dendrogram_figure(r), figs.clusters_figure(r)
    for label in range(r.n_clusters):
        assert (trace(dendrogram, f"cluster {label + 1}").line.color
                == trace(clusters, f"cluster {label + 1} (").marker.color)
    assert trace(dendrogram, "above the cut").line.color == figs.BLACK
    tops = r.link_y.max(axis=1)
    assert np.all(tops[r.link_label < 0] > r.cut_height) and np.all(tops[r.link_label >= 0] <= r.cut_height)
    assert list(dendrogram.layout.xaxis.ticktext) == [str(n) for n in r.leaf_size]


@pytest.mark.parametrize("p", [
    ex.Params(), ex.Params(cut="height"), ex.Params(data="rings", n_clusters=10),
    ex.Params(data="unequal", cut="height", height=0.2), ex.Params(metric="cosine", n_clusters=7),
], ids=["default", "height", "rings-10", "unequal-height", "cosine-7"])
def test_the_red_dotted_edges_single_linkage_cut_are_the_longest(p):
    from lessons.hierarchical import cuts_the_longest

    r = ex.run(p)
    assert cuts_the_longest(r)
    removed = trace(figs.clusters_figure(r), "edges the cut removed")
    assert removed.line.color == figs.VERMILLION and removed.line.dash == "dot"
