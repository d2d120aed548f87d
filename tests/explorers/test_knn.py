"""The k-NN explorer: against scikit-learn's KNeighborsClassifier, the probe's neighbourhood,
the one-query accuracy sweep, and the data its figures carry."""

import numpy as np
import pytest
from scipy.spatial.distance import cdist
from sklearn.neighbors import KNeighborsClassifier

from explorers import knn as ex
from explorers._classify import split
from explorers._contract import knobs
from figures import knn as figs

SETTINGS = [
    ex.Params(),
    ex.Params(data="three classes", k=1, metric="manhattan", weights="distance", seed=3),
    ex.Params(data="iris", k=7, metric="chebyshev", probe_x=0.3, probe_y=0.2),
    ex.Params(data="spirals", k=100, n_points=100, balance=0.2, probe_x=1.0, probe_y=0.0),
    ex.Params(data="breast cancer", k=25, weights="distance", test_share=0.5),
]
IDS = [f"{p.data}-k{p.k}-{p.metric}-{p.weights}" for p in SETTINGS]


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_scores_are_sklearns(p):
    r = ex.run(p)
    s = split(p)
    model = KNeighborsClassifier(n_neighbors=r.k, metric=p.metric, weights=p.weights).fit(s.X_train, s.y_train)
    assert r.k == min(p.k, len(s.X_train))
    assert r.test_accuracy == model.score(s.X_test, s.y_test)
    assert r.train_accuracy == model.score(s.X_train, s.y_train)
    np.testing.assert_array_equal(r.scores.grid_class.ravel(), model.predict(s.grid))


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_the_probes_neighbours_are_the_k_nearest_in_the_chosen_metric(p):
    r = ex.run(p)
    X = r.split.X_train
    d = cdist(r.probe[None, :], X, metric={"manhattan": "cityblock"}.get(p.metric, p.metric))[0]
    assert len(r.probe_neighbours) == r.k
    assert r.probe_radius == pytest.approx(np.sort(d)[r.k - 1])
    # Every neighbour lies in the ball, and every point strictly inside it is a neighbour.
    assert np.all(d[r.probe_neighbours] <= r.probe_radius + 1e-12)
    assert set(np.flatnonzero(d < r.probe_radius - 1e-12)) <= set(r.probe_neighbours.tolist())
    # The probe's vote: the neighbours' classes, each weighted as the setting says.
    labels = r.split.y_train[r.probe_neighbours]
    w = np.ones(r.k) if p.weights == "uniform" else 1 / d[r.probe_neighbours]
    votes = np.bincount(labels, weights=w, minlength=r.split.n_classes)
    np.testing.assert_allclose(r.probe_votes, votes / votes.sum())
    assert r.probe_class == np.argmax(votes)


def test_the_probe_spans_the_plot():
    corner = ex.run(ex.Params(probe_x=0.0, probe_y=1.0))
    assert corner.probe[0] == corner.split.grid_x[0] and corner.probe[1] == corner.split.grid_y[-1]


@pytest.mark.parametrize("data, metric, weights", [
    ("moons", "euclidean", "uniform"), ("three classes", "chebyshev", "distance"),
    ("iris", "euclidean", "uniform"),  # repeated values: ties between the k-th and next neighbour
    ("wine", "manhattan", "distance"),
])
def test_accuracy_against_k_is_sklearns_at_every_k(data, metric, weights):
    r = ex.run(ex.Params(data=data, metric=metric, weights=weights, seed=2))
    s = r.split
    for k, train, test in zip(r.sweep_k, r.sweep_train, r.sweep_test):
        model = KNeighborsClassifier(int(k), metric=metric, weights=weights).fit(s.X_train, s.y_train)
        assert (train, test) == (model.score(s.X_train, s.y_train), model.score(s.X_test, s.y_test)), k
    assert r.sweep_k[-1] <= len(s.X_train)


def test_k_equal_to_one_memorises_and_a_huge_k_votes_the_majority():
    one = ex.run(ex.Params(data="gaussians", noise=1.0, k=1))
    assert one.train_accuracy == 1.0 and one.test_accuracy < 1.0
    everyone = ex.run(ex.Params(data="gaussians", noise=1.0, balance=0.3, k=100, n_points=100))
    assert everyone.k == len(everyone.split.X_train)  # clipped
    assert np.all(everyone.scores.grid_class == 0)  # the majority class, everywhere


@pytest.mark.parametrize("metric, corner", [("euclidean", 1 / np.sqrt(2)), ("manhattan", 0.5), ("chebyshev", 1.0)])
def test_the_ball_has_the_metrics_shape(metric, corner):
    outline = figs.ball(np.zeros(2), 1.0, metric, sides=8)
    norm = {"euclidean": 2, "manhattan": 1, "chebyshev": np.inf}[metric]
    np.testing.assert_allclose(np.linalg.norm(outline, ord=norm, axis=1), 1.0)
    assert outline[1] == pytest.approx([corner, corner])  # the 45° direction


def test_figures_carry_the_neighbours_and_mark_k():
    r = ex.run(ex.Params(k=5))
    boundary = figs.boundary_figure(r)
    spokes = next(t for t in boundary.data if t.name.startswith("the probe's"))
    ends = np.column_stack([spokes.x, spokes.y])[1::3]
    np.testing.assert_array_equal(ends, r.split.X_train[r.probe_neighbours])
    accuracy = figs.accuracy_figure(r)
    marker = next(t for t in accuracy.data if t.name.startswith("current k"))
    assert list(marker.x) == [5, 5]
    test = next(t for t in accuracy.data if t.name == "test")
    np.testing.assert_array_equal(test.y, r.sweep_test)


@pytest.mark.parametrize("p", SETTINGS + [ex.Params(data="wine", k=40, weights="distance", metric="manhattan")],
                         ids=IDS + ["wine-k40-manhattan-distance"])
def test_grid_probabilities_from_the_cached_query_are_predict_probas(p):
    r = ex.run(p)
    s = split(p)
    model = KNeighborsClassifier(n_neighbors=r.k, metric=p.metric, weights=p.weights).fit(s.X_train, s.y_train)
    proba = model.predict_proba(s.grid)
    np.testing.assert_allclose(r.scores.grid_confidence.ravel(), proba.max(axis=1), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(r.scores.grid_class.ravel(), proba.argmax(axis=1))


def test_the_deepest_grid_query_covers_the_largest_k():
    assert ex.GRID_DEPTHS[-1] > knobs(ex.Params)["k"].hi


def test_the_tie_rule_is_needed_on_a_table_with_repeated_values():
    """Without asking scikit-learn about tied grid points, iris would differ: the test above
    would not be checking the fallback unless some grid point has such a tie."""
    p = ex.Params(data="iris", k=7, metric="chebyshev")
    distances, _ = ex._grid_neighbours(p.data, p.noise, p.balance, p.n_points, p.test_share, p.seed,
                                       p.metric, 21)
    assert np.any(distances[:, p.k - 1] == distances[:, p.k])


def test_only_ties_that_could_change_the_vote_are_asked_of_sklearn():
    d = np.array([
        [0.0, 0.1, 0.2, 0.3],  # no tie at k = 2
        [0.0, 0.1, 0.1, 0.3],  # a tie between points of one class: the vote is the same
        [0.0, 0.1, 0.1, 0.3],  # a tie between classes: arbitrary, ask
        [0.0, 0.1, 0.1 + 1e-15, 0.3],  # the same, but rounded differently by a deep query
        [0.0, 0.1, 0.1, 0.1],  # a tie running past the depth queried: unknown
    ])
    labels = np.array([[0, 1, 0, 0], [0, 1, 1, 0], [0, 1, 0, 0], [0, 0, 1, 1], [0, 1, 1, 1]])
    np.testing.assert_array_equal(ex._undecided(d, labels, 2), [2, 3, 4])
    assert ex._undecided(d, labels, 4).size == 0  # the whole depth is in: nothing to choose


@pytest.mark.parametrize("p", [ex.Params(n_points=50, k=20), ex.Params(data="iris", k=60, seed=2)],
                         ids=["brute-force-small-set", "iris-k60"])
def test_deep_brute_force_queries_still_give_sklearns_scores(p):
    """With k near half the training set scikit-learn queries by brute force, whose
    distances are rounded differently: near-ties must still be settled its way."""
    r = ex.run(p)
    s = r.split
    model = KNeighborsClassifier(r.k).fit(s.X_train, s.y_train)
    np.testing.assert_array_equal(r.scores.grid_class.ravel(), model.predict(s.grid))
    for k, train, test in zip(r.sweep_k, r.sweep_train, r.sweep_test):
        model = KNeighborsClassifier(int(k)).fit(s.X_train, s.y_train)
        assert (train, test) == (model.score(s.X_train, s.y_train), model.score(s.X_test, s.y_test)), k
