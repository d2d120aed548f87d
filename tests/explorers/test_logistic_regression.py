"""The logistic-regression explorer: against scikit-learn's LogisticRegression,
FixedThresholdClassifier, OneVsRestClassifier and log_loss; the boundary on w·x + b =
logit(t); the curves against C; and the data its figures carry."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, log_loss, precision_score, recall_score
from sklearn.model_selection import FixedThresholdClassifier
from sklearn.multiclass import OneVsRestClassifier

from explorers import logistic_regression as ex
from explorers._classify import split
from figures import logistic_regression as figs

SETTINGS = [
    ex.Params(),
    ex.Params(data="gaussians", noise=0.6, balance=0.2, C=0.01, threshold=0.2, seed=4),
    ex.Params(data="breast cancer", C=100.0, threshold=0.7),
    ex.Params(data="linear", noise=0.0, C=1000.0, threshold=0.95, n_points=100),
    ex.Params(data="three classes", C=0.05, multiclass="one-vs-rest", seed=2),
    ex.Params(data="iris", C=2.0),
    ex.Params(data="wine", C=0.5, multiclass="one-vs-rest", threshold=0.1),
]
IDS = [f"{p.data}-C{p.C:g}-t{p.threshold:g}-{p.multiclass}" for p in SETTINGS]
BINARY = [p for p in SETTINGS if split(p).n_classes == 2]


def sklearn_model(p):
    s = split(p)
    model = LogisticRegression(C=p.C)
    if s.n_classes > 2 and p.multiclass == "one-vs-rest":
        model = OneVsRestClassifier(model)
    return model.fit(s.X_train, s.y_train)


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_weights_probabilities_and_log_loss_are_sklearns(p):
    r, s, model = ex.run(p), split(p), sklearn_model(p)
    fitted = model.estimators_ if isinstance(model, OneVsRestClassifier) else [model]
    np.testing.assert_array_equal(r.coef, np.vstack([m.coef_ for m in fitted]))
    np.testing.assert_array_equal(r.intercept, np.concatenate([m.intercept_ for m in fitted]))
    assert r.binary == (s.n_classes == 2) and r.coef.shape[0] == (1 if r.binary else s.n_classes)
    assert r.train_log_loss == pytest.approx(log_loss(s.y_train, model.predict_proba(s.X_train)), rel=1e-12)
    assert r.test_log_loss == pytest.approx(log_loss(s.y_test, model.predict_proba(s.X_test)), rel=1e-12)
    if r.binary:
        # The probability is the sigmoid of the linear score.
        np.testing.assert_allclose(r.grid_p1.ravel(), model.predict_proba(s.grid)[:, 1], rtol=1e-12)
        np.testing.assert_allclose(r.train_z, s.X_train @ r.coef[0] + r.intercept[0], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(ex.sigmoid(r.train_z), model.predict_proba(s.X_train)[:, 1], rtol=1e-10)
    else:
        np.testing.assert_array_equal(r.scores.grid_class.ravel(), model.predict(s.grid))
        predicted = model.predict(s.X_test)
        np.testing.assert_array_equal(r.scores.test_predicted, predicted)
        assert r.test_accuracy == model.score(s.X_test, s.y_test)
        assert r.train_accuracy == model.score(s.X_train, s.y_train)
        np.testing.assert_array_equal(r.scores.confusion, confusion_matrix(s.y_test, predicted))
        assert r.precision == pytest.approx(precision_score(s.y_test, predicted, average="macro", zero_division=0))
        assert r.recall == pytest.approx(recall_score(s.y_test, predicted, average="macro", zero_division=0))
        np.testing.assert_allclose(r.scores.grid_confidence.ravel(), model.predict_proba(s.grid).max(axis=1))
    # The page computes probabilities from the weights; they must be scikit-learn's.
    for X in (s.X_train, s.X_test, s.grid):
        np.testing.assert_allclose(ex.probabilities(model, X), model.predict_proba(X), rtol=1e-12, atol=1e-15)


def test_log_loss_and_precision_agree_with_sklearn_at_the_edges():
    # Probabilities of exactly 0 and 1 are clipped as scikit-learn clips them; a class never
    # predicted has precision 0 (scikit-learn's zero_division=0).
    y = np.array([0, 1, 1, 2])
    P = np.array([[1.0, 0, 0], [0.2, 0.8, 0], [1.0, 0, 0], [0.1, 0.1, 0.8]])
    assert ex.log_loss(y, P) == pytest.approx(log_loss(y, P), rel=1e-12)
    predicted = np.array([0, 1, 0, 0])
    precision, recall = ex.precision_recall(confusion_matrix(y, predicted))
    np.testing.assert_allclose(precision, precision_score(y, predicted, average=None, zero_division=0))
    np.testing.assert_allclose(recall, recall_score(y, predicted, average=None, zero_division=0))


@pytest.mark.parametrize("p", BINARY, ids=lambda p: f"{p.data}-t{p.threshold:g}")
def test_threshold_scores_are_fixed_threshold_classifiers(p):
    r, s = ex.run(p), split(p)
    fixed = FixedThresholdClassifier(LogisticRegression(C=p.C), threshold=p.threshold,
                                     response_method="predict_proba").fit(s.X_train, s.y_train)
    predicted = fixed.predict(s.X_test)
    np.testing.assert_array_equal(r.scores.test_predicted, predicted)
    np.testing.assert_array_equal(predicted, fixed.predict_proba(s.X_test)[:, 1] >= p.threshold)
    assert r.test_accuracy == fixed.score(s.X_test, s.y_test)
    assert r.train_accuracy == fixed.score(s.X_train, s.y_train)
    np.testing.assert_array_equal(r.scores.confusion, confusion_matrix(s.y_test, predicted))
    assert r.precision == precision_score(s.y_test, predicted, zero_division=0)
    assert r.recall == recall_score(s.y_test, predicted, zero_division=0)
    np.testing.assert_array_equal(r.scores.grid_class.ravel(), fixed.predict(s.grid))


@pytest.mark.parametrize("p", BINARY, ids=lambda p: f"{p.data}-t{p.threshold:g}")
def test_the_boundary_is_the_line_w_x_plus_b_equals_logit_t(p):
    r = ex.run(p)
    s = r.split
    z = (s.grid @ r.coef[0] + r.intercept[0]).reshape(r.scores.grid_class.shape)
    cut = ex.logit(p.threshold)
    clear = np.abs(z - cut) > 1e-9 * (1 + np.abs(z))  # cells not on the line itself
    np.testing.assert_array_equal(r.scores.grid_class[clear], (z >= cut)[clear])
    # Wherever the class changes between neighbouring cells, the line runs between them.
    for axis in (0, 1):
        flips = np.diff(r.scores.grid_class, axis=axis) != 0
        side = np.diff(np.sign(z - cut), axis=axis) != 0
        assert flips.any() <= side.any() and np.all(side[flips])


def test_the_threshold_does_not_move_the_probabilities_and_slides_the_line():
    low, mid, high = (ex.run(ex.Params(data="gaussians", threshold=t)) for t in (0.2, 0.5, 0.8))
    np.testing.assert_array_equal(low.grid_p1, high.grid_p1)
    assert low.test_log_loss == mid.test_log_loss == high.test_log_loss
    # Class 1 is predicted more often as t falls: recall cannot fall, predicted positives grow.
    positives = [r.scores.confusion[:, 1].sum() for r in (low, mid, high)]
    assert positives == sorted(positives, reverse=True) and positives[0] > positives[-1]
    assert low.recall >= mid.recall >= high.recall


def test_three_classes_ignore_the_threshold():
    a, b = (ex.run(ex.Params(data="iris", threshold=t)) for t in (0.1, 0.9))
    np.testing.assert_array_equal(a.scores.test_predicted, b.scores.test_predicted)
    assert a.strategy == "softmax" and a.grid_p1.size == 0


def test_two_classes_are_one_model_whatever_the_strategy():
    a, b = (ex.run(ex.Params(multiclass=m)) for m in ex.STRATEGIES)
    assert a.strategy == b.strategy == "two classes"
    np.testing.assert_array_equal(a.coef, b.coef)


@pytest.mark.parametrize("data, multiclass", [("moons", "softmax"), ("three classes", "one-vs-rest"),
                                              ("wine", "softmax")])
def test_curves_against_c_are_fresh_fits_and_the_weights_shrink_as_c_falls(data, multiclass):
    r = ex.run(ex.Params(data=data, multiclass=multiclass, seed=1))
    s = r.split
    for i, C in enumerate(r.sweep_C):
        model = sklearn_model(ex.Params(data=data, multiclass=multiclass, seed=1, C=float(C)))
        assert r.sweep_train_loss[i] == pytest.approx(log_loss(s.y_train, model.predict_proba(s.X_train)))
        assert r.sweep_test_loss[i] == pytest.approx(log_loss(s.y_test, model.predict_proba(s.X_test)))
    assert r.sweep_C[0] == 0.001 and r.sweep_C[-1] == 1000 and np.all(np.diff(np.log10(r.sweep_C)) == 1)
    norms = np.linalg.norm(r.sweep_coef.reshape(len(r.sweep_C), -1), axis=1)
    # An L2 penalty's solution grows with C (up to the solver's tolerance).
    assert np.all(np.diff(norms) >= -1e-3 * norms[1:]) and norms[0] < 0.2 * norms[-1]
    # The penalised fit can only be worse on the data it was fitted to.
    assert np.all(np.diff(r.sweep_train_loss) <= 1e-6)


def test_the_threshold_line_in_the_figure_is_where_p_equals_t():
    p = ex.Params(data="gaussians", threshold=0.25, C=0.1)
    r, model = ex.run(p), sklearn_model(p)
    figure = figs.boundary_figure(r)
    for name, level in [("P = 0.25", 0.25), ("P = 0.5", 0.5), ("P = 0.1 and 0.9", None)]:
        trace = next(t for t in figure.data if t.name.startswith(name))
        ends = np.array([(x, y) for x, y in zip(trace.x, trace.y) if x is not None], float)
        probabilities = model.predict_proba(ends)[:, 1]
        expected = [level] * len(ends) if level else [0.1, 0.1, 0.9, 0.9]
        np.testing.assert_allclose(sorted(probabilities), sorted(expected), rtol=1e-9)
        # The ends lie on the plot's edges.
        on_x = np.isclose(ends[:, 0], r.split.grid_x[0]) | np.isclose(ends[:, 0], r.split.grid_x[-1])
        on_y = np.isclose(ends[:, 1], r.split.grid_y[0]) | np.isclose(ends[:, 1], r.split.grid_y[-1])
        assert np.all(on_x | on_y)
    # The caption: "The thick line is the threshold's boundary; the dashed one ... is P = 0.5."
    lines = {t.name.split(":")[0]: t.line for t in figure.data if t.type == "scatter" and t.mode == "lines"}
    assert lines["P = 0.25"].width > lines["P = 0.5"].width and lines["P = 0.25"].dash is None
    assert lines["P = 0.5"].dash == "dash" and lines["P = 0.1 and 0.9"].dash == "dot"


def test_one_vs_rest_draws_each_class_models_own_line():
    p = ex.Params(data="three classes", multiclass="one-vs-rest")
    r, model = ex.run(p), sklearn_model(p)
    figure = figs.boundary_figure(r)
    for k, estimator in enumerate(model.estimators_):
        trace = next(t for t in figure.data if t.name.startswith(f"{r.split.class_names[k]} vs rest"))
        ends = np.array([(x, y) for x, y in zip(trace.x, trace.y) if x is not None], float)
        np.testing.assert_allclose(estimator.predict_proba(ends)[:, 1], 0.5, rtol=1e-9)


@pytest.mark.parametrize("w, level, expected", [
    ((1.0, 1.0), 0.0, [(-1, 1), (1, -1)]),  # the diagonal, through two corners
    ((0.0, 2.0), 1.0, [(-1, 0.5), (1, 0.5)]),  # horizontal
    ((1.0, 0.0), -0.5, [(-0.5, -1), (-0.5, 1)]),  # vertical
    ((1.0, 1.0), 5.0, None),  # misses the box
    ((0.0, 0.0), 0.0, None),  # no line at all
])
def test_line_in_box(w, level, expected):
    ends = figs.line_in_box(np.array(w), level, ((-1, 1), (-1, 1)))
    if expected is None:
        assert ends is None
    else:
        assert sorted(map(tuple, ends.tolist())) == sorted(expected)


def test_sigmoid_figure_carries_the_scores_and_the_cut():
    r = ex.run(ex.Params(data="breast cancer", threshold=0.3))
    figure = figs.sigmoid_figure(r)
    curve = next(t for t in figure.data if t.name == "fitted sigmoid")
    np.testing.assert_allclose(curve.y, 1 / (1 + np.exp(-np.asarray(curve.x))))
    points = [t for t in figure.data if t.name.endswith(", train")]
    np.testing.assert_array_equal(np.sort(np.concatenate([t.x for t in points])), np.sort(r.train_z))
    cut = next(t for t in figure.data if t.name.startswith("z = logit"))
    assert list(cut.x) == pytest.approx([np.log(0.3 / 0.7)] * 2)


@pytest.mark.parametrize("p", [SETTINGS[1], SETTINGS[4], SETTINGS[6]], ids=["threshold", "ovr", "wine"])
def test_code_prints_the_same_log_loss(p, capsys):
    namespace = {"__name__": "__main__"}
    exec(ex.code(p), namespace)
    r = ex.run(p)
    assert namespace["test_accuracy"] == r.test_accuracy
    assert f"test {r.test_log_loss:.3f}" in capsys.readouterr().out
