"""The DBSCAN explorer: checked against the definition by brute force, against
scikit-learn, its invariants, its code snippet, and the data its figures carry."""

import dataclasses
import inspect

import numpy as np
import pytest
from scipy.spatial.distance import cdist
from sklearn.cluster import DBSCAN, KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.neighbors import NearestNeighbors

from datasets import CLOUDS, sample_cloud
from explorers import dbscan as ex
from figures import dbscan as figs

SETTINGS = [
    ex.Params(),
    ex.Params(data="blobs", eps=0.3, min_samples=10, seed=1),
    ex.Params(data="unequal", eps=0.5, min_samples=5, n_points=500, seed=2),
    ex.Params(data="rings", eps=0.6, min_samples=8, seed=3),
    ex.Params(data="uniform", eps=0.35, min_samples=4, n_points=200, seed=4),
    ex.Params(data="smiley", eps=0.1, min_samples=30, seed=5),  # almost all noise
    ex.Params(data="blobs", eps=2.0, min_samples=1, n_points=100),  # every point core
    ex.Params(data="unequal", eps=0.05, min_samples=2, n_points=1000, seed=7),
]
IDS = [f"{p.data}-eps{p.eps:g}-m{p.min_samples}-n{p.n_points}" for p in SETTINGS]


def fresh_run(p):
    """run() without the memos, so a comparison between two runs really recomputes."""
    for cached in (ex._cloud, ex._k_distances, ex._kmeans):
        cached.cache_clear()
    return ex.run(p)


def brute_force_kinds(points, eps, min_samples):
    """Core / border / noise straight from the definition, with all pairwise distances."""
    near = cdist(points, points) <= eps
    core = near.sum(axis=1) >= min_samples  # the point itself counts
    border = ~core & (near & core[None, :]).any(axis=1)
    return np.where(core, ex.CORE, np.where(border, ex.BORDER, ex.NOISE))


def brute_force_clusters(points, eps, kinds):
    """Clusters as the connected components of core points within eps of one another."""
    core = np.flatnonzero(kinds == ex.CORE)
    near = cdist(points[core], points[core]) <= eps
    component = np.full(len(core), -1)
    for start in range(len(core)):
        if component[start] >= 0:
            continue
        component[start], frontier = start, [start]
        while frontier:
            i = frontier.pop()
            for j in np.flatnonzero(near[i] & (component < 0)):
                component[j] = start
                frontier.append(j)
    return core, component


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_core_border_noise_match_the_definition(p):
    r = ex.run(p)
    expected = brute_force_kinds(r.points, p.eps, p.min_samples)
    np.testing.assert_array_equal(r.kind, expected)
    assert r.n_core + r.n_border + r.n_noise == p.n_points
    assert r.n_core == np.sum(expected == ex.CORE) and r.n_border == np.sum(expected == ex.BORDER)


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_labels_are_scikit_learns_and_core_points_group_as_the_definition_says(p):
    r = ex.run(p)
    points, truth = sample_cloud(p.data, p.n_points, p.seed)
    model = DBSCAN(eps=p.eps, min_samples=p.min_samples).fit(points)
    np.testing.assert_array_equal(r.points, points)
    np.testing.assert_array_equal(r.true_labels, truth)
    np.testing.assert_array_equal(r.labels, model.labels_)
    assert r.n_clusters == len(set(model.labels_) - {-1})
    assert r.n_noise == np.sum(model.labels_ == -1) == np.sum(r.kind == ex.NOISE)
    # Two core points share a label exactly when they are connected through core points.
    core, component = brute_force_clusters(r.points, p.eps, r.kind)
    same_label = r.labels[core][:, None] == r.labels[core][None, :]
    np.testing.assert_array_equal(same_label, component[:, None] == component[None, :])
    # A border point's cluster is that of some core point within eps of it.
    near = cdist(r.points, r.points) <= p.eps
    for i in np.flatnonzero(r.kind == ex.BORDER):
        assert r.labels[i] in r.labels[near[i] & (r.kind == ex.CORE)]


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_k_distances_are_nearest_neighbours_and_count_the_non_core_points(p):
    r = ex.run(p)
    distances, _ = NearestNeighbors(n_neighbors=p.min_samples).fit(r.points).kneighbors(r.points)
    np.testing.assert_allclose(r.k_distances, np.sort(distances[:, -1])[::-1], rtol=0, atol=1e-12)
    assert np.all(np.diff(r.k_distances) <= 0)
    # A point is core exactly when its k-distance is at most eps.
    assert r.n_above_eps == p.n_points - r.n_core


@pytest.mark.parametrize("p", SETTINGS[:4], ids=IDS[:4])
def test_kmeans_and_both_adjusted_rand_indices(p):
    r = ex.run(p)
    k = min(max(r.n_clusters, 2), ex.MAX_KMEANS)
    model = KMeans(n_clusters=k, n_init=10, random_state=p.seed).fit(r.points)
    assert r.kmeans_k == k
    np.testing.assert_array_equal(r.kmeans_labels, model.labels_)
    assert r.ari_dbscan == pytest.approx(adjusted_rand_score(r.true_labels, r.labels))
    assert r.ari_kmeans == pytest.approx(adjusted_rand_score(r.true_labels, model.labels_))


@pytest.mark.parametrize("data", ["smiley", "rings"])
def test_on_non_convex_shapes_dbscan_beats_kmeans_at_a_good_eps(data):
    r = ex.run(ex.Params(data=data, eps=0.6 if data == "rings" else 0.4))
    assert r.ari_dbscan > 0.9 > r.ari_kmeans


def test_same_seed_same_result_and_another_seed_another():
    first, again = fresh_run(ex.Params(seed=11)), fresh_run(ex.Params(seed=11))
    for field in dataclasses.fields(first):
        np.testing.assert_array_equal(getattr(first, field.name), getattr(again, field.name))
    other = fresh_run(ex.Params(seed=12))
    assert not np.allclose(first.points, other.points)


def test_the_memo_returns_what_a_fresh_computation_does_and_is_read_only():
    p = ex.Params(data="rings", eps=0.5)
    cached = [ex.run(p), ex.run(p)][1]
    fresh = fresh_run(p)
    for name in ("points", "k_distances", "kmeans_labels"):
        np.testing.assert_array_equal(getattr(cached, name), getattr(fresh, name))
    with pytest.raises(ValueError):
        cached.k_distances[0] = 0.0
    with pytest.raises(ValueError):
        cached.points[0, 0] = 0.0


# The code panel.

@pytest.mark.parametrize("data", sorted(CLOUDS))
def test_the_snippet_reproduces_the_points_and_every_number(data, capsys):
    p = ex.Params(data=data, eps=0.45, min_samples=7, n_points=250, seed=9)
    namespace = {"__name__": "__main__"}
    source = ex.code(p)
    assert inspect.getsource(CLOUDS[data].make).strip() in source
    exec(compile(source, "<dbscan code>", "exec"), namespace)
    r = ex.run(p)
    np.testing.assert_array_equal(namespace["points"], r.points)
    np.testing.assert_array_equal(namespace["true_labels"], r.true_labels)
    np.testing.assert_array_equal(namespace["labels"], r.labels)
    np.testing.assert_array_equal(namespace["kmeans"].labels_, r.kmeans_labels)
    assert namespace["n_noise"] == r.n_noise and namespace["n_border"] == r.n_border
    assert namespace["ari_dbscan"] == pytest.approx(r.ari_dbscan, rel=1e-12)
    assert namespace["ari_kmeans"] == pytest.approx(r.ari_kmeans, rel=1e-12)
    assert "adjusted Rand index" in capsys.readouterr().out


def test_the_snippet_keeps_an_eps_that_is_not_short():
    p = ex.Params(eps=0.1 + 0.2)  # 0.30000000000000004, as a float slider can deliver
    namespace = {"__name__": "__main__"}
    exec(ex.code(p), namespace)
    assert namespace["dbscan"].eps == p.eps
    assert "eps=0.4," in ex.code(ex.Params())


# Figures carry the Result's arrays.

def trace(fig, prefix):
    (found,) = [t for t in fig.data if t.name and t.name.startswith(prefix)]
    return found


def test_clusters_figure_draws_each_kind_and_a_circle_per_core_point():
    r = ex.run(ex.Params(data="unequal", eps=0.3))
    fig = figs.clusters_figure(r)
    for kind, name in ((ex.CORE, "core"), (ex.BORDER, "border"), (ex.NOISE, "noise")):
        t = trace(fig, name)
        chosen = r.kind == kind
        np.testing.assert_array_equal(t.x, r.points[chosen, 0])
        np.testing.assert_array_equal(t.y, r.points[chosen, 1])
        np.testing.assert_array_equal(t.customdata, r.labels[chosen])
    assert all(c == figs.GREY for c in trace(fig, "noise").marker.color)
    circles = trace(fig, "eps-neighbourhood")
    x = np.asarray(circles.x, float)
    assert np.isnan(x).sum() == r.n_core
    # Every outline point is exactly eps from its core point.
    centres = np.repeat(r.points[r.kind == ex.CORE], figs.CIRCLE_SIDES + 2, axis=0)
    xy = np.column_stack([x, np.asarray(circles.y, float)])
    ok = ~np.isnan(xy[:, 0])
    np.testing.assert_allclose(np.hypot(*(xy[ok] - centres[ok]).T), r.eps, rtol=1e-9)
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1


def test_clusters_figure_with_no_core_points_has_no_circles():
    r = ex.run(ex.Params(eps=0.05, min_samples=30))
    assert r.n_core == 0 and r.n_clusters == 0
    fig = figs.clusters_figure(r)
    assert not any(t.name.startswith("eps-neighbourhood") for t in fig.data)
    assert len(trace(fig, "noise").x) == r.n_noise == len(r.points)


def test_k_distance_figure_carries_the_distances_and_the_eps_line():
    r = ex.run(ex.Params(data="blobs", min_samples=12, eps=0.5))
    fig = figs.k_distance_figure(r)
    np.testing.assert_array_equal(fig.data[0].y, r.k_distances)
    (line,) = fig.layout.shapes
    assert line.y0 == line.y1 == r.eps and line.line.dash == "dash"  # the caption's dashed line
    assert f"{r.n_above_eps} points above" in fig.layout.annotations[0].text


def test_kmeans_and_truth_figures_carry_their_labels():
    r = ex.run(ex.Params(data="rings", eps=0.6))
    k = figs.kmeans_figure(r)
    np.testing.assert_array_equal(trace(k, "points").customdata, r.kmeans_labels)
    np.testing.assert_array_equal(trace(k, "centroids").x, r.kmeans_centres[:, 0])
    t = figs.truth_figure(r)
    np.testing.assert_array_equal(trace(t, "points").customdata, r.true_labels)
