"""The gradient-boosting explorer: against scikit-learn's GradientBoostingClassifier and
XGBoost, the residuals each tree is fitted to, and the data its figures carry."""

import dataclasses

import numpy as np
import pytest
from scipy.special import expit
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import confusion_matrix, log_loss
from xgboost import XGBClassifier

from explorers import _boosting as grower, gradient_boosting as ex
from explorers._classify import split
from figures import gradient_boosting as figs

SETTINGS = [
    ex.Params(),
    ex.Params(data="three classes", n_stages=12, learning_rate=0.5, max_depth=1, stage=7, seed=3),
    ex.Params(data="breast cancer", n_stages=30, stage=30, max_depth=3),
    ex.Params(data="xor", n_stages=3, stage=200, balance=0.3, noise=0.6),
]
IDS = [f"{p.data}-n{p.n_stages}-lr{p.learning_rate:g}-d{p.max_depth}-stage{p.stage}" for p in SETTINGS]


def as_2d(scores):
    return scores[:, None] if scores.ndim == 1 else scores


def sklearn_model(p):
    s = split(p)
    return s, GradientBoostingClassifier(n_estimators=p.n_stages, learning_rate=p.learning_rate,
                                         max_depth=p.max_depth, random_state=p.seed).fit(s.X_train, s.y_train)


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_scores_and_curves_are_scikit_learns(p):
    r = ex.run(p)
    s, model = sklearn_model(p)
    assert r.test_accuracy == model.score(s.X_test, s.y_test)
    assert r.train_accuracy == model.score(s.X_train, s.y_train)
    np.testing.assert_array_equal(r.scores.grid_class.ravel(), model.predict(s.grid))
    # Scores come from the cached raw grid, not from predict_proba: the same numbers.
    np.testing.assert_allclose(r.scores.grid_confidence.ravel(), model.predict_proba(s.grid).max(axis=1),
                               rtol=1e-12)
    np.testing.assert_array_equal(r.scores.confusion,
                                  confusion_matrix(s.y_test, model.predict(s.X_test), labels=range(s.n_classes)))
    assert r.test_log_loss == pytest.approx(log_loss(s.y_test, model.predict_proba(s.X_test)), rel=1e-12)
    staged_test = [np.mean(pred == s.y_test) for pred in model.staged_predict(s.X_test)]
    staged_train = [np.mean(pred == s.y_train) for pred in model.staged_predict(s.X_train)]
    np.testing.assert_array_equal(r.test_curve, staged_test)
    np.testing.assert_array_equal(r.train_curve, staged_train)


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_the_model_before_a_stage_is_scikit_learns_with_one_tree_fewer(p):
    r = ex.run(p)
    assert r.stage == min(p.stage, p.n_stages)
    s = split(p)
    if r.stage == 1:  # before any tree: the prior, which predicts the majority class everywhere
        majority = np.bincount(s.y_train).argmax()
        assert np.all(r.before.grid_class == majority)
        return
    _, fewer = sklearn_model(dataclasses.replace(p, n_stages=r.stage - 1))
    np.testing.assert_array_equal(r.before.grid_class.ravel(), fewer.predict(s.grid))
    np.testing.assert_allclose(r.before.grid_confidence.ravel(), fewer.predict_proba(s.grid).max(axis=1),
                               rtol=1e-12, atol=1e-12)
    assert r.before.test_accuracy == fewer.score(s.X_test, s.y_test)


@pytest.mark.parametrize("p", [SETTINGS[0], SETTINGS[2]], ids=[IDS[0], IDS[2]])
def test_each_tree_is_a_newton_step_on_the_residuals(p):
    """Two classes: the residuals are y - p of the model before the tree, and every leaf's
    value is the sum of its residuals over the sum of p(1 - p), scikit-learn's leaf update."""
    r = ex.run(p)
    s, model = sklearn_model(p)
    m = r.stage
    if m == 1:  # before the first tree, the prior: the share of class 1
        prob = model.init_.predict_proba(s.X_train)[:, 1]
    else:
        prob = expit(list(model.staged_decision_function(s.X_train))[m - 2].ravel())
    np.testing.assert_allclose(r.residuals, s.y_train - prob, rtol=1e-12, atol=1e-12)
    tree = model.estimators_[m - 1, 0]
    np.testing.assert_array_equal(r.tree_grid.ravel(), tree.predict(s.grid))
    leaves = tree.apply(s.X_train)
    for leaf in np.unique(leaves):
        inside = leaves == leaf
        newton = r.residuals[inside].sum() / (prob[inside] * (1 - prob[inside])).sum()
        assert tree.tree_.value[leaf, 0, 0] == pytest.approx(newton, rel=1e-9, abs=1e-12)
        assert np.all(r.tree_on_train[inside] == tree.tree_.value[leaf, 0, 0])


def test_residuals_shrink_as_stages_are_added():
    first, later = (ex.run(ex.Params(n_stages=100, stage=m)) for m in (1, 100))
    assert np.abs(later.residuals).mean() < 0.5 * np.abs(first.residuals).mean()


@pytest.mark.parametrize("p", SETTINGS[:2], ids=IDS[:2])
def test_xgboost_side_is_xgboosts(p):
    r = ex.run(p)
    s = split(p)
    model = XGBClassifier(n_estimators=p.n_stages, learning_rate=p.learning_rate, max_depth=p.max_depth,
                          random_state=p.seed, n_jobs=1).fit(s.X_train, s.y_train)
    assert r.xgb_test_accuracy == model.score(s.X_test, s.y_test)
    np.testing.assert_array_equal(r.xgb_scores.grid_class.ravel(), model.predict(s.grid))
    for m in (1, p.n_stages // 2 + 1, p.n_stages):
        pred = model.predict(s.X_test, iteration_range=(0, m))
        assert r.xgb_test_curve[m - 1] == pytest.approx(np.mean(pred == s.y_test), abs=1e-6)


def test_figures_carry_the_residuals_the_tree_and_the_stage():
    r = ex.run(ex.Params(stage=9))
    residual = figs.residual_figure(r)
    heat = next(t for t in residual.data if t.type == "heatmap")
    # sent as float32 (half the bytes a frame when the stages play): exact to that
    np.testing.assert_array_equal(np.asarray(heat.z), r.tree_grid.astype(np.float32))
    dots = next(t for t in residual.data if t.type == "scatter")
    np.testing.assert_array_equal(dots.marker.color, r.residuals)
    curves = figs.curves_figure(r)
    assert [s.x0 for s in curves.layout.shapes] == [9]
    test = next(t for t in curves.data if t.name == "scikit-learn, test")
    np.testing.assert_array_equal(test.y, r.test_curve)
    assert "Before tree 9: 8 trees" in figs.before_figure(r).layout.title.text


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_every_region_of_the_tree_leans_the_way_its_residuals_add_up(p):
    """The caption under the residuals (lessons' "tree" claim) at every stage and class count."""
    from lessons.gradient_boosting import leans

    assert leans(ex.run(p))


def test_red_is_a_positive_residual_or_tree_output_and_dotted_is_xgboost():
    """The encoding the captions name: red should be more of the class, bigger dots wronger;
    solid lines scikit-learn, dotted XGBoost."""
    from figures.classify import _rgba
    from figures.theme import BLUE, VERMILLION

    r = ex.run(ex.Params(stage=3))
    residual = figs.residual_figure(r)
    dots = next(t for t in residual.data if t.type == "scatter")
    scale = dots.marker.colorscale
    assert (dots.marker.cmin, dots.marker.cmax) == (-1, 1)
    assert scale[0][1] == BLUE and scale[-1][1] == VERMILLION
    size = np.asarray(dots.marker.size)
    assert np.all(np.diff(size[np.argsort(np.abs(r.residuals))]) >= 0)
    heat = next(t for t in residual.data if t.type == "heatmap")
    assert heat.zmin == -heat.zmax
    assert heat.colorscale[0][1] == _rgba(BLUE, 0.45) and heat.colorscale[-1][1] == _rgba(VERMILLION, 0.45)
    dashes = {t.name: t.line.dash for t in figs.curves_figure(r).data}
    assert {n: d for n, d in dashes.items() if n.startswith("scikit")} == {
        "scikit-learn, train": "solid", "scikit-learn, test": "solid"}
    assert {d for n, d in dashes.items() if n.startswith("XGBoost")} == {"dot"}


GROWN = [
    ex.Params(n_stages=60),
    ex.Params(data="three classes", n_stages=60, learning_rate=0.5, max_depth=1, seed=3),
    ex.Params(data="breast cancer", n_stages=60, max_depth=3),
    # Deep trees at rate 1 on noisy data: probabilities near 0 and 1, the Newton step's edge.
    ex.Params(data="xor", n_stages=200, learning_rate=1.0, max_depth=6, noise=0.6, n_points=1000, seed=7),
]


@pytest.mark.parametrize("p", GROWN, ids=[f"{p.data}-d{p.max_depth}-lr{p.learning_rate:g}" for p in GROWN])
def test_every_tree_is_scikit_learns(p):
    """The page fits its stages itself, in steps (see explorers/_boosting.py): every tree,
    leaf value and score must be GradientBoostingClassifier's, float for float."""
    grower.boosting.cache_clear()
    boost = grower.boosting(*ex._data_key(p), p.learning_rate, p.max_depth)
    boost.grow(grower.GROW_STEP - 3)
    boost.grow(p.n_stages)
    s, model = sklearn_model(p)
    grid = s.grid.astype(np.float32)
    for i, stage in enumerate(model.estimators_):
        for k, tree in enumerate(stage):
            np.testing.assert_array_equal(boost.values[i][k], tree.tree_.value[:, 0, 0], err_msg=f"stage {i}")
            np.testing.assert_array_equal(boost.grid_leaves[i][k], tree.apply(grid), err_msg=f"stage {i}")
    np.testing.assert_array_equal(boost.grid_raw(p.n_stages), as_2d(model.decision_function(s.grid)))
    np.testing.assert_array_equal(boost.raw_train[p.n_stages], as_2d(model.decision_function(s.X_train)))
    np.testing.assert_array_equal(boost.raw_test[p.n_stages], as_2d(model.decision_function(s.X_test)))


@pytest.mark.parametrize("p", [SETTINGS[0], SETTINGS[1]], ids=IDS[:2])
def test_a_model_grown_in_steps_is_a_fresh_fit_of_its_size(p):
    """The cached model grows in steps; a model of m stages is read off its first m. Each
    must be scikit-learn's fresh fit with n_estimators=m, float for float."""
    key = (*ex._data_key(p), p.learning_rate, p.max_depth)
    grower.boosting.cache_clear()
    boost = grower.boosting(*key)
    boost.grow(grower.GROW_STEP - 3)
    boost.grow(grower.GROW_STEP + 1)  # a second, warm-started step
    assert boost.size == 2 * grower.GROW_STEP
    s = split(p)
    for m in (1, grower.GROW_STEP - 1, grower.GROW_STEP, grower.GROW_STEP + 7, 2 * grower.GROW_STEP):
        _, fresh = sklearn_model(dataclasses.replace(p, n_stages=m))
        np.testing.assert_array_equal(as_2d(fresh.decision_function(s.grid)), boost.grid_raw(m))
        np.testing.assert_array_equal(as_2d(fresh.decision_function(s.X_train)), boost.raw_train[m])
        np.testing.assert_array_equal(as_2d(fresh.decision_function(s.X_test)), boost.raw_test[m])
        np.testing.assert_array_equal(boost.scores(m).grid_class.ravel(), fresh.predict(s.grid))


@pytest.mark.parametrize("p", [SETTINGS[0], SETTINGS[1]], ids=IDS[:2])
def test_xgboost_grown_in_steps_is_a_fresh_fit_of_its_size(p):
    """The page grows one Booster round by round and reads m rounds off it; each must
    score as a fresh XGBClassifier(n_estimators=m) (the snippet's model) does."""
    key = (*ex._data_key(p), p.learning_rate, p.max_depth)
    grower.xgboost.cache_clear()
    grower.xgboost_scores.cache_clear()
    grown = grower.xgboost(*key)
    grown.grow(grower.GROW_STEP)
    grown.grow(grower.GROW_STEP + 1)
    assert grown.size == 2 * grower.GROW_STEP
    s = split(p)
    metric = "error" if s.n_classes == 2 else "merror"
    for m in (1, grower.GROW_STEP + 7, 2 * grower.GROW_STEP):
        fresh = XGBClassifier(n_estimators=m, learning_rate=p.learning_rate, max_depth=p.max_depth,
                              random_state=p.seed, n_jobs=1, eval_metric=metric)
        fresh.fit(s.X_train, s.y_train, eval_set=[(s.X_train, s.y_train), (s.X_test, s.y_test)], verbose=False)
        scores = grower.xgboost_scores(*key, m)
        proba = fresh.predict_proba(s.grid)
        np.testing.assert_array_equal(scores.grid_confidence.ravel(), proba.max(axis=1))
        np.testing.assert_array_equal(scores.grid_class.ravel(), fresh.predict(s.grid))
        np.testing.assert_array_equal(scores.test_predicted, fresh.predict(s.X_test))
        assert scores.test_accuracy == fresh.score(s.X_test, s.y_test)
        assert scores.train_accuracy == fresh.score(s.X_train, s.y_train)
        history = fresh.evals_result()
        np.testing.assert_allclose(grown.train_curve[:m], 1 - np.array(history["validation_0"][metric]), atol=1e-12)
        np.testing.assert_allclose(grown.test_curve[:m], 1 - np.array(history["validation_1"][metric]), atol=1e-12)
