"""The random-forest explorer: against scikit-learn's RandomForestClassifier refitted at each
size, its oob_score_, the trees' own predictions, and the data its figures carry."""

import warnings

import numpy as np
import pytest
from sklearn.ensemble import RandomForestClassifier

from explorers import random_forest as ex
from explorers._classify import split
from figures import random_forest as figs

SETTINGS = [
    ex.Params(),
    ex.Params(n_trees=1),
    ex.Params(n_trees=37, data="three classes", max_features="2", max_depth="4", seed=3),
    ex.Params(n_trees=120, data="iris", bootstrap="off"),
    ex.Params(n_trees=200, data="xor", max_features="2", bootstrap="off", n_points=100),
]
IDS = [f"{p.data}-{p.n_trees}-mf{p.max_features}-bs{p.bootstrap}-d{p.max_depth}" for p in SETTINGS]


def fresh(p, n_trees=None):
    """A forest fitted from scratch with n_estimators = n_trees, as the snippet fits it."""
    s = split(p)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "some inputs do not have OOB scores"
        return ex.model(p, n_trees).set_params(oob_score=p.bootstrap == "on").fit(s.X_train, s.y_train)


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_the_forest_is_sklearns_forest_of_that_many_trees(p):
    r = ex.run(p)
    s, forest = r.split, fresh(p)
    proba = forest.predict_proba(s.grid)
    np.testing.assert_array_equal(r.scores.grid_class.ravel(), forest.predict(s.grid))
    np.testing.assert_array_equal(r.scores.grid_confidence.ravel(), proba.max(axis=1))
    np.testing.assert_array_equal(r.scores.test_predicted, forest.predict(s.X_test))
    assert r.test_accuracy == forest.score(s.X_test, s.y_test)
    assert r.train_accuracy == forest.score(s.X_train, s.y_train)
    if p.bootstrap == "on":
        assert r.oob_score == forest.oob_score_
    else:
        assert r.oob_score is None and len(r.oob_curve) == 0


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_the_grown_trees_are_the_forests_trees_node_for_node(p):
    """The page fits its trees itself (without the forest's per-tree overhead): each must
    be the very tree RandomForestClassifier grows, split for split, and leave out the
    very points its bootstrap sample missed."""
    s = split(p)
    forest = fresh(p)
    grove = ex._grove(p.data, p.noise, p.balance, p.n_points, p.test_share, p.seed,
                      p.max_features, p.bootstrap, p.max_depth)
    grove.grow(p.n_trees)
    assert len(grove.tables) >= p.n_trees
    for i, tree in enumerate(forest.estimators_):
        np.testing.assert_array_equal(grove.tables[i], tree.tree_.value[:, 0, :])
        if p.bootstrap == "on":
            sampled = np.unique(forest.estimators_samples_[i])
            np.testing.assert_array_equal(np.flatnonzero(~grove.oob[i]), sampled)
    ours = ex._grow_trees(p, s.X_train.astype(np.float32), s.y_train, np.random.RandomState(p.seed),
                          len(forest.estimators_))
    for (tree, left_out), theirs in zip(ours, forest.estimators_):
        for name in ("feature", "threshold", "children_left", "children_right", "value",
                     "n_node_samples", "weighted_n_node_samples", "impurity"):
            np.testing.assert_array_equal(getattr(tree, name), getattr(theirs.tree_, name), err_msg=name)


@pytest.mark.parametrize("p", SETTINGS[:3], ids=IDS[:3])
def test_single_trees_are_the_forests_first_trees(p):
    r = ex.run(p)
    s, forest = r.split, fresh(p)
    assert len(r.trees) == min(p.n_trees, ex.SHOWN_TREES)
    for view, tree in zip(r.trees, forest.estimators_):
        proba = tree.predict_proba(s.grid)
        np.testing.assert_array_equal(view.grid_class.ravel(), proba.argmax(axis=1))
        np.testing.assert_array_equal(view.grid_confidence.ravel(), proba.max(axis=1))
        assert view.test_accuracy == tree.score(s.X_test, s.y_test)
    each = [tree.score(s.X_test, s.y_test) for tree in forest.estimators_]
    assert r.mean_tree_accuracy == pytest.approx(np.mean(each), abs=1e-12)


def test_averaging_the_trees_probabilities_is_the_forest():
    p = ex.Params(n_trees=30, data="circles")
    s, forest = split(p), fresh(p)
    mean = np.mean([tree.predict_proba(s.grid) for tree in forest.estimators_], axis=0)
    np.testing.assert_allclose(forest.predict_proba(s.grid), mean, rtol=0, atol=1e-12)


@pytest.mark.parametrize("p", [SETTINGS[0], SETTINGS[2], SETTINGS[3]], ids=[IDS[0], IDS[2], IDS[3]])
def test_curves_are_refits_at_every_probed_size(p):
    """The curve's j-th point is a forest fitted from scratch with n_estimators = j."""
    r = ex.run(p)
    s = r.split
    np.testing.assert_array_equal(r.curve_trees, np.arange(1, p.n_trees + 1))
    for j in sorted({1, 2, 7, 26, p.n_trees} & set(range(1, p.n_trees + 1))):
        forest = fresh(p, j)
        assert r.curve_test[j - 1] == forest.score(s.X_test, s.y_test), j
        assert r.curve_train[j - 1] == forest.score(s.X_train, s.y_train), j
        if p.bootstrap == "on" and j in r.oob_trees:
            assert r.oob_curve[list(r.oob_trees).index(j)] == forest.oob_score_, j


def test_the_oob_curve_starts_where_every_point_has_an_out_of_bag_tree():
    p = ex.Params(n_trees=40)
    r = ex.run(p)
    first = int(r.oob_trees[0])
    np.testing.assert_array_equal(r.oob_trees, np.arange(first, 41))
    # Before it, some training point was in every tree's sample: scikit-learn warns.
    with pytest.warns(UserWarning, match="OOB"):
        ex.model(p, first - 1).set_params(oob_score=True).fit(r.split.X_train, r.split.y_train)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        ex.model(p, first).set_params(oob_score=True).fit(r.split.X_train, r.split.y_train)
    small = ex.run(ex.Params(n_trees=2))
    assert small.oob_missing > 0 and len(small.oob_trees) == 0


def test_the_slider_path_does_not_depend_on_history():
    """Growing the cached forest 1 -> 200 trees, or straight to 200, gives the same results."""
    ex._grove.cache_clear()
    direct = ex.run(ex.Params(data="gaussians", seed=11, n_trees=60))
    ex._grove.cache_clear()
    for m in (1, 3, 26, 60, 200):
        stepped = ex.run(ex.Params(data="gaussians", seed=11, n_trees=m))
    assert stepped.n_trees == 200
    again = ex.run(ex.Params(data="gaussians", seed=11, n_trees=60))
    np.testing.assert_array_equal(again.curve_test, direct.curve_test)
    np.testing.assert_array_equal(again.scores.grid_confidence, direct.scores.grid_confidence)
    np.testing.assert_array_equal(again.spread, direct.spread)


def test_the_spread_over_seeds_matches_real_refits():
    """Fit 5-tree forests with 40 seeds on the same data: their vote for the true class
    varies across seeds as much as the page says (a single tree's variance over 5)."""
    base = ex.Params(n_trees=5, noise=0.35)
    r = ex.run(base)
    s = r.split
    votes = []
    for seed in range(40):
        forest = ex.model(base, 5).set_params(random_state=1000 + seed).fit(s.X_train, s.y_train)
        votes.append(forest.predict_proba(s.X_test)[np.arange(len(s.y_test)), s.y_test])
    measured = np.sqrt(np.var(votes, axis=0, ddof=1).mean())
    assert measured == pytest.approx(r.spread[4], rel=0.25)
    np.testing.assert_allclose(r.spread, r.tree_spread / np.sqrt(np.arange(1, 6)))
    # The page's diamonds: measured across disjoint groups of its own grown trees.
    at_five = r.measured_spread[list(r.measured_trees).index(5)]
    assert at_five == pytest.approx(measured, rel=0.25)


def test_the_measured_spread_is_a_std_across_disjoint_forests():
    proba = np.random.default_rng(0).random((40, 30, 2))
    y = np.zeros(30, dtype=int)
    sizes, spreads = ex.measured_spread_of(proba, y)
    assert list(sizes) == [1, 2, 3, 5, 8]  # 40 trees: at least 4 forests of each size
    by_hand = proba[:40, :, 0].reshape(5, 8, 30).mean(axis=1).var(axis=0, ddof=1).mean() ** 0.5
    assert spreads[-1] == pytest.approx(by_hand)


def test_without_bootstrap_and_with_both_features_the_trees_differ_only_by_ties():
    # Shallow: no two splits tie, so every tree is the same tree and nothing averages.
    same = ex.run(ex.Params(n_trees=20, max_features="2", bootstrap="off", max_depth="4"))
    assert np.all(same.curve_test == same.curve_test[0])
    assert same.tree_spread < 1e-12  # the variance of equal numbers, up to rounding
    for tree in same.trees[1:]:
        np.testing.assert_array_equal(tree.grid_confidence, same.trees[0].grid_confidence)
    # Fully grown: deep, tiny nodes have splits that score exactly the same, and which one a
    # tree takes is random; still far less spread than with a random feature per split.
    grown = ex.run(ex.Params(n_trees=20, max_features="2", bootstrap="off"))
    randomised = ex.run(ex.Params(n_trees=20, max_features="1", bootstrap="off"))
    assert 0 < grown.tree_spread < randomised.tree_spread / 1.5


def test_many_trees_beat_the_average_single_tree_on_noisy_data():
    r = ex.run(ex.Params(n_trees=100, data="moons", noise=0.4, seed=5))
    assert r.test_accuracy > r.mean_tree_accuracy
    assert r.spread[-1] < r.spread[0] / 5  # 1/sqrt(100) = 1/10


def test_code_names_the_pages_forest():
    p = ex.Params(n_trees=17, max_features="2", bootstrap="off", max_depth="8", seed=4)
    source = ex.code(p)
    for text in ("n_estimators=17", "max_features=2", "bootstrap=False", "max_depth=8",
                 "oob_score=False", "random_state=4"):
        assert text in source


def test_figures_carry_the_curves_and_the_trees():
    r = ex.run(ex.Params(n_trees=30))
    accuracy = figs.accuracy_figure(r)
    test = next(t for t in accuracy.data if t.name == "test")
    np.testing.assert_array_equal(test.y, r.curve_test)
    oob = next(t for t in accuracy.data if t.name == "out-of-bag")
    np.testing.assert_array_equal(oob.x, r.oob_trees)
    marker = next(t for t in accuracy.data if t.name.startswith("now"))
    assert list(marker.x) == [30, 30]
    trees = figs.trees_figure(r)
    heatmaps = [t for t in trees.data if t.type == "heatmap"]
    assert len(heatmaps) == ex.SHOWN_TREES
    assert heatmaps[1].xaxis == "x2"
    spread = figs.spread_figure(r)
    np.testing.assert_array_equal(spread.data[0].y, r.spread)
    off = figs.accuracy_figure(ex.run(ex.Params(n_trees=30, bootstrap="off")))
    assert not any(t.name == "out-of-bag" for t in off.data)
    assert figs.forest_figure(r).layout.title.text.startswith("The forest (random forest, 30 trees)")
