"""The k-means explorer: checked against scikit-learn's KMeans, Lloyd's invariants, the
Voronoi grid, the code snippet, and the data its figures carry."""

import dataclasses

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from datasets import sample_cloud
from explorers import kmeans as ex
from figures import kmeans as figs


def fresh_run(p):
    """run() without the memos, so a comparison between two runs really recomputes."""
    ex._history.cache_clear()
    ex._elbow.cache_clear()
    return ex.run(p)


def sklearn_fit(r):
    return KMeans(n_clusters=r.k, init=r.init_centroids, n_init=1, algorithm="lloyd", tol=0,
                  max_iter=ex.MAX_ITER).fit(r.points)


# Reference checks against scikit-learn.

# scikit-learn's fit costs ~250 ms here (thread-pool set-up), so the cases are few but
# cover every start, every data set, k = 1 and 10, and a run cut short at MAX_ITER.
@pytest.mark.parametrize("init, data, k, n_points, seed", [
    ("k-means++", "blobs", 3, 300, 0), ("k-means++", "rings", 6, 400, 7),
    ("k-means++", "uniform", 10, 1000, 1), ("random", "unequal", 4, 500, 3),
    ("random", "smiley", 10, 1000, 1), ("random", "blobs", 1, 100, 2),
    ("farthest point", "uniform", 3, 1000, 1), ("farthest point", "smiley", 5, 200, 11),
    ("farthest point", "rings", 8, 600, 4),
])
def test_lloyd_ends_where_sklearn_kmeans_ends_from_the_same_start(init, data, k, n_points, seed):
    r = ex.run(ex.Params(data=data, k=k, init=init, n_points=n_points, seed=seed))
    model = sklearn_fit(r)
    # The same start fixes the centroid order, so the labels agree exactly.
    np.testing.assert_array_equal(r.final_labels, model.labels_)
    assert r.inertia == pytest.approx(model.inertia_, rel=1e-9)
    np.testing.assert_allclose(r.final_centroids, model.cluster_centers_, rtol=0, atol=1e-9)
    assert r.n_iter == model.n_iter_
    if r.converged:  # then the last assignment recorded is the final one
        np.testing.assert_array_equal(r.history_labels[-1], r.final_labels)


def test_kmeans_plus_plus_start_is_sklearns():
    from sklearn.cluster import kmeans_plusplus

    r = ex.run(ex.Params(k=5, seed=4))
    expected, _ = kmeans_plusplus(r.points, 5, random_state=4)
    np.testing.assert_array_equal(r.init_centroids, expected)


@pytest.mark.parametrize("init", ex.INITS)
def test_every_start_is_k_distinct_data_points(init):
    r = ex.run(ex.Params(k=10, init=init, seed=5))
    assert len(np.unique(r.init_centroids, axis=0)) == 10
    for c in r.init_centroids:
        assert np.any(np.all(r.points == c, axis=1))


def test_farthest_point_picks_the_farthest_point_each_time():
    r = ex.run(ex.Params(k=6, init="farthest point", data="uniform", seed=9))
    X, c = r.points, r.init_centroids
    for j in range(1, len(c)):
        gap = ex._sq_dist(X, c[:j]).min(axis=1)
        assert ex._sq_dist(c[j:j + 1], c[:j]).min() == pytest.approx(gap.max())


def test_the_elbow_and_silhouette_are_sklearns_and_agree_with_the_run_shown():
    p = ex.Params(data="unequal", k=4, n_points=250, seed=6)
    r = ex.run(p)
    assert r.elbow[p.k - 1] == r.inertia  # the run shown is the elbow's run at this k
    for k in (2, 4, 9):
        start = ex.initial_centroids(r.points, k, p.init, p.seed)
        model = KMeans(k, init=start, n_init=1, algorithm="lloyd", tol=0, max_iter=ex.MAX_ITER).fit(r.points)
        assert r.elbow[k - 1] == pytest.approx(model.inertia_, rel=1e-9)
        assert r.silhouette[k - 2] == pytest.approx(silhouette_score(r.points, model.labels_), rel=1e-9)
    assert r.silhouette_at_k == r.silhouette[p.k - 2]
    assert list(r.elbow_ks) == list(range(1, 11)) and list(r.silhouette_ks) == list(range(2, 11))
    assert np.all(np.diff(r.elbow) < 0)  # more centroids, tighter fit, here at least
    assert ex.run(dataclasses.replace(p, k=1)).silhouette_at_k is None


# Lloyd's invariants.

@pytest.mark.parametrize("data", sorted(ex.CLOUDS))
@pytest.mark.parametrize("init", ex.INITS)
def test_inertia_never_rises_from_one_half_step_to_the_next(data, init):
    r = ex.run(ex.Params(data=data, init=init, k=7, n_points=600, seed=2))
    assert np.all(np.diff(r.history_inertia) <= 1e-12 * r.history_inertia[0])
    assert r.last_step % 2 == 0 and r.last_step <= ex.LAST_STEP


def test_the_history_alternates_assign_and_update():
    r = ex.run(ex.Params(data="smiley", k=5, seed=3))
    X = r.points
    assert np.all(r.history_labels[0] == -1)
    np.testing.assert_array_equal(r.history_centroids[0], r.init_centroids)
    for s in range(1, r.last_step + 1):
        labels, centroids = r.history_labels[s], r.history_centroids[s]
        if s % 2:  # assign: nearest centroid, centroids unmoved
            np.testing.assert_array_equal(centroids, r.history_centroids[s - 1])
            np.testing.assert_array_equal(labels, ex.nearest(X, centroids))
        else:  # update: labels unchanged, each centroid the mean of its points
            np.testing.assert_array_equal(labels, r.history_labels[s - 1])
            for j in range(r.k):
                np.testing.assert_allclose(centroids[j], X[labels == j].mean(axis=0), atol=1e-12)
        assert r.history_inertia[s] == pytest.approx(((X - centroids[labels]) ** 2).sum(), rel=1e-12)


def test_step_is_clamped_to_the_last_step_and_picks_that_state():
    p = ex.Params(data="blobs", k=3, seed=0)
    end = ex.run(dataclasses.replace(p, step=ex.LAST_STEP))
    assert end.converged and end.clamped and end.step == end.last_step < ex.LAST_STEP
    assert end.step_inertia == end.inertia
    for step in range(end.last_step + 1):
        r = ex.run(dataclasses.replace(p, step=step))
        assert r.step == step and not r.clamped
        np.testing.assert_array_equal(r.labels, r.history_labels[step])
        np.testing.assert_array_equal(r.centroids, r.history_centroids[step])
        assert r.trails.shape == (3, step + 1, 2)
        np.testing.assert_array_equal(r.trails[:, -1], r.centroids)
        np.testing.assert_array_equal(r.trails[:, 0], r.init_centroids)
        assert r.inertia == end.inertia  # the headline is the final inertia at every step


def test_empty_clusters_take_the_farthest_point_as_sklearn_does():
    # Two tight pairs and a far centroid that wins no point: it must be relocated.
    X = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 0.0], [5.1, 0.0], [9.0, 0.0]])
    init = np.array([[0.0, 0.0], [5.0, 0.0], [100.0, 100.0]])
    labels, centroids, inertia, _ = ex.lloyd(X, init)
    model = KMeans(3, init=init, n_init=1, algorithm="lloyd", tol=0, max_iter=ex.MAX_ITER).fit(X)
    np.testing.assert_allclose(centroids[-1], model.cluster_centers_, atol=1e-12)
    assert np.all(np.diff(inertia) <= 1e-12)


@pytest.mark.parametrize("step", [0, 3, ex.LAST_STEP])
def test_every_grid_cell_is_labelled_with_its_nearest_centroid(step):
    r = ex.run(ex.Params(data="rings", k=6, step=step, seed=8))
    assert r.regions.shape == (ex.GRID_SIZE, ex.GRID_SIZE)
    for i in range(0, ex.GRID_SIZE, 7):
        for j in range(0, ex.GRID_SIZE, 11):
            cell = np.array([r.grid_x[j], r.grid_y[i]])
            assert r.regions[i, j] == np.argmin(((r.centroids - cell) ** 2).sum(axis=1))
    assert set(np.unique(r.regions)) <= set(range(6))
    # The grid covers every point.
    assert r.grid_x[0] < r.points[:, 0].min() and r.grid_x[-1] > r.points[:, 0].max()
    assert r.grid_y[0] < r.points[:, 1].min() and r.grid_y[-1] > r.points[:, 1].max()


def test_same_seed_same_result_and_another_seed_another():
    p = ex.Params(data="unequal", k=4, init="random", seed=21)
    first, again = fresh_run(p), fresh_run(p)
    for field in dataclasses.fields(first):
        a, b = getattr(first, field.name), getattr(again, field.name)
        if isinstance(a, np.ndarray):
            np.testing.assert_array_equal(a, b)
        else:
            assert a == b, field.name
    other = fresh_run(dataclasses.replace(p, seed=22))
    assert not np.allclose(first.points, other.points)


def test_the_memo_is_read_only():
    r = ex.run(ex.Params())
    with pytest.raises(ValueError):
        r.history_inertia[0] = 0.0
    with pytest.raises(ValueError):
        r.points[0, 0] = 0.0


def test_points_are_the_datasets_modules_points():
    r = ex.run(ex.Params(data="smiley", n_points=450, seed=17))
    X, y = sample_cloud("smiley", 450, 17)
    np.testing.assert_array_equal(r.points, X)
    np.testing.assert_array_equal(r.true_labels, y)


# The code panel.

@pytest.mark.parametrize("params", [
    ex.Params(), ex.Params(data="rings", k=10, init="random", n_points=1000, seed=999),
    ex.Params(data="smiley", k=4, init="farthest point", seed=5),
    ex.Params(data="unequal", k=1), ex.Params(data="uniform", k=7, n_points=100),
])
def test_the_code_reproduces_the_points_and_the_inertia(params, capsys):
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(params), "<k-means code>", "exec"), namespace)
    r = ex.run(params)
    np.testing.assert_array_equal(namespace["X"], r.points)
    np.testing.assert_array_equal(namespace["true_labels"], r.true_labels)
    np.testing.assert_array_equal(namespace["init"], r.init_centroids)
    assert namespace["inertia"] == pytest.approx(r.inertia, rel=1e-9)
    np.testing.assert_array_equal(namespace["model"].labels_, r.final_labels)
    assert "inertia" in capsys.readouterr().out


# The figures, on the data they carry.

def trace(fig, name_start):
    return next(t for t in fig.data if (t.name or "").startswith(name_start))


def _vline_x(fig):
    return [s.x0 for s in fig.layout.shapes if s.type == "line" and s.x0 == s.x1]


@pytest.mark.parametrize("step", [0, 2, ex.LAST_STEP])
def test_clusters_figure_draws_points_regions_centroids_and_trails(step):
    r = ex.run(ex.Params(data="smiley", k=4, step=step, seed=1))
    fig = figs.clusters_figure(r)
    points = trace(fig, "points")
    np.testing.assert_array_equal(points.x, r.points[:, 0])
    np.testing.assert_array_equal(points.y, r.points[:, 1])
    np.testing.assert_array_equal(points.customdata, r.labels)
    assert list(points.marker.color) == figs.colour_of(r.labels)
    if step == 0:
        assert set(points.marker.color) == {figs.UNASSIGNED}
    regions = next(t for t in fig.data if t.type == "heatmap")
    np.testing.assert_array_equal(np.asarray(regions.z), r.regions)
    np.testing.assert_array_equal(regions.x, r.grid_x)
    centroids = trace(fig, "centroids")
    np.testing.assert_array_equal(centroids.x, r.centroids[:, 0])
    np.testing.assert_array_equal(centroids.y, r.centroids[:, 1])
    assert centroids.marker.symbol == "x"
    trails = np.asarray(trace(fig, "centroid trails").x, dtype=float).reshape(r.k, -1)
    np.testing.assert_array_equal(trails[:, :-1], r.trails[:, :, 0])  # each trail, then a NaN break
    assert ("converged" in fig.layout.title.text) == r.clamped


def test_inertia_figure_draws_every_half_step_and_marks_the_shown_one():
    r = ex.run(ex.Params(data="unequal", k=5, step=5, seed=2))
    fig = figs.inertia_figure(r)
    np.testing.assert_array_equal(trace(fig, "inertia").y, r.history_inertia[1:])
    np.testing.assert_array_equal(trace(fig, "after assign").x, np.arange(1, r.last_step + 1, 2))
    np.testing.assert_array_equal(trace(fig, "after update").y, r.history_inertia[2::2])
    assert _vline_x(fig) == [5]


@pytest.mark.parametrize("k", [1, 6])
def test_elbow_and_silhouette_figures_carry_the_curves_and_mark_k(k):
    r = ex.run(ex.Params(data="blobs", k=k))
    elbow, silhouette = figs.elbow_figure(r), figs.silhouette_figure(r)
    np.testing.assert_array_equal(trace(elbow, "final inertia").y, r.elbow)
    np.testing.assert_array_equal(trace(silhouette, "silhouette").y, r.silhouette)
    np.testing.assert_array_equal(trace(silhouette, "silhouette").x, r.silhouette_ks)
    assert _vline_x(elbow) == [k] and _vline_x(silhouette) == [k]
    assert trace(silhouette, "highest").x[0] == 3  # the blobs are three clusters


@pytest.mark.parametrize("k", [2, 3, 7, 25])
def test_silhouette_from_distances_equals_sklearns_with_singletons_and_gaps(k):
    X, _ = sample_cloud("unequal", 400, 3)
    labels = np.random.default_rng(k).integers(0, k, len(X)) * 3  # label values with gaps
    labels[0] = 999  # a cluster of one point, whose silhouette is 0 by definition
    ours = ex.silhouette_score(ex.cdist(X, X), labels)
    assert ours == pytest.approx(silhouette_score(X, labels), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("labels", [np.zeros(5, int), np.arange(5)])
def test_silhouette_refuses_one_cluster_or_all_singletons_as_sklearn_does(labels):
    X = np.arange(10.0).reshape(5, 2)
    with pytest.raises(ValueError):
        silhouette_score(X, labels)
    with pytest.raises(ValueError):
        ex.silhouette_score(ex.cdist(X, X), labels)


def test_the_elbow_bends_sharply_on_blobs_and_smoothly_on_rings_and_noise():
    """The misreading: on rings or noise the elbow curve bends smoothly, with no true k.
    Sharpness is the largest ratio of one drop in inertia to the next."""
    def sharpness(data):
        drops = -np.diff(ex.run(ex.Params(data=data)).elbow)
        return float((drops[:-1] / drops[1:]).max())

    assert "on rings or noise the elbow curve bends smoothly" in ex.MISREADING
    assert sharpness("blobs") > 15
    assert sharpness("rings") < 6 and sharpness("uniform") < 6


def test_with_k_means_plus_plus_the_elbow_falls_at_every_k_on_the_defaults():
    assert np.all(np.diff(ex.run(ex.Params()).elbow) < 0)
