"""The classifier pages' shared parts: data sets, split, scores, snippets and figures."""

import contextlib
import dataclasses
import io

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from datasets.planes import PLANES, TABLES, class_counts, sample_plane
from explorers import _classify as cl
from figures import classify as figs

NAMES = [*PLANES, *TABLES]


@pytest.mark.parametrize("n, classes, balance", [(500, 2, 1.0), (500, 2, 0.1), (51, 3, 0.35), (50, 3, 0.1)])
def test_class_counts_sum_to_n_and_follow_the_balance(n, classes, balance):
    counts = class_counts(n, classes, balance)
    assert sum(counts) == n and len(counts) == classes and min(counts) >= 2
    if balance == 1.0:
        assert max(counts) - min(counts) <= classes
    else:  # every other class is about `balance` times the first
        assert all(abs(c / counts[0] - balance) < 0.1 for c in counts[1:])


@pytest.mark.parametrize("name", NAMES)
def test_every_data_set_is_labelled_2d_and_reproducible(name):
    X, y, classes, features = sample_plane(name, 300, 0.3, 0.5, seed=4)
    again = sample_plane(name, 300, 0.3, 0.5, seed=4)
    np.testing.assert_array_equal(X, again[0])
    np.testing.assert_array_equal(y, again[1])
    assert X.shape == (len(y), 2) and np.all(np.isfinite(X))
    assert set(np.unique(y)) == set(range(len(classes))) and len(features) == 2
    if name in PLANES:
        assert np.bincount(y).tolist() == list(class_counts(300, PLANES[name].n_classes, 0.5))
        other = sample_plane(name, 300, 0.3, 0.5, seed=5)[0]
        assert not np.array_equal(X, other), "the seed must matter"


def test_noise_blurs_the_shapes():
    # A nearest-neighbour classifier's cross-validated error grows with noise on every shape.
    from sklearn.model_selection import cross_val_score

    for name in PLANES:
        clean, noisy = (sample_plane(name, 400, noise, 1.0, 0)[:2] for noise in (0.0, 1.0))
        scores = [cross_val_score(KNeighborsClassifier(5), X, y, cv=4).mean() for X, y in (clean, noisy)]
        assert scores[0] > scores[1], name


def test_real_tables_are_the_named_columns():
    from sklearn.datasets import load_iris

    X, y, classes, features = sample_plane("iris", 0, 0, 1, 0)
    iris = load_iris()
    np.testing.assert_array_equal(X, iris.data[:, 2:4])
    assert features == ("petal length (cm)", "petal width (cm)") and classes[0] == "setosa"


@pytest.mark.parametrize("name", ["moons", "three classes", "wine"])
def test_split_is_stratified_and_the_grid_covers_the_data(name):
    p = cl.PlaneParams(data=name, balance=0.3, test_share=0.25, seed=2)
    s = cl.split(p)
    X = np.vstack([s.X_train, s.X_test])
    assert len(s.X_test) == pytest.approx(0.25 * len(X), abs=1)
    for c in range(s.n_classes):  # each class's share is the same in both parts
        assert np.mean(s.y_train == c) == pytest.approx(np.mean(s.y_test == c), abs=0.05)
    assert s.grid.shape == (cl.GRID ** 2, 2)
    assert s.grid_x[0] < X[:, 0].min() and s.grid_x[-1] > X[:, 0].max()
    assert s.grid_y[0] < X[:, 1].min() and s.grid_y[-1] > X[:, 1].max()
    with pytest.raises(ValueError):
        s.X_train[0, 0] = 1.0  # shared through the cache, so read-only


@pytest.mark.parametrize("model", [LogisticRegression(), SVC(), KNeighborsClassifier(1)],
                         ids=["proba", "no-proba", "1-NN"])
def test_evaluate_scores_as_sklearn_does(model):
    s = cl.split(cl.PlaneParams(data="three classes", noise=0.6))
    model.fit(s.X_train, s.y_train)
    scores = cl.evaluate(model, s)
    assert scores.test_accuracy == accuracy_score(s.y_test, model.predict(s.X_test))
    assert scores.train_accuracy == accuracy_score(s.y_train, model.predict(s.X_train))
    np.testing.assert_array_equal(scores.confusion, confusion_matrix(s.y_test, model.predict(s.X_test)))
    # The grid's class is the model's prediction at each grid point, x varying fastest.
    np.testing.assert_array_equal(scores.grid_class.ravel(), model.predict(s.grid))
    assert scores.grid_class[0, 1] == model.predict([[s.grid_x[1], s.grid_y[0]]])[0]
    assert np.all((scores.grid_confidence >= 1 / 3 - 1e-12) & (scores.grid_confidence <= 1))


@pytest.mark.parametrize("p", [
    cl.PlaneParams(),
    cl.PlaneParams(data="spirals", noise=0.35000000000000003, balance=0.15000000000000002, n_points=350),
    cl.PlaneParams(data="three classes", test_share=0.5, seed=9),
    cl.PlaneParams(data="xor", n_points=50, balance=0.1),
    cl.PlaneParams(data="breast cancer", test_share=0.1),
], ids=["default", "odd-floats", "three", "tiny", "table"])
def test_data_code_makes_exactly_the_split_the_page_uses(p):
    source = cl.data_code(p) + "\nfrom sklearn.neighbors import KNeighborsClassifier\n" \
        "model = KNeighborsClassifier(3).fit(X_train, y_train)\n" + cl.SCORES_CODE
    namespace = {}
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(compile(source, "<snippet>", "exec"), namespace)
    s = cl.split(p)
    for name in ("X_train", "X_test", "y_train", "y_test"):
        np.testing.assert_array_equal(namespace[name], getattr(s, name), err_msg=name)
    scores = cl.evaluate(KNeighborsClassifier(3).fit(s.X_train, s.y_train), s)
    assert namespace["test_accuracy"] == scores.test_accuracy
    assert f"test accuracy {scores.test_accuracy:.3f}" in out.getvalue()


def _traces(fig, kind):
    return [t for t in fig.data if t.type == kind]


def test_boundary_figure_shades_predictions_and_crosses_the_mistakes():
    s = cl.split(cl.PlaneParams(data="gaussians", noise=0.8))
    scores = cl.evaluate(LogisticRegression().fit(s.X_train, s.y_train), s)
    fig = figs.boundary_figure(s, scores, "title")
    heat = _traces(fig, "heatmap")[0]
    z = np.asarray(heat.z)
    # The integer part of each shade is the predicted class; the rest grows with certainty.
    np.testing.assert_array_equal(np.floor(z).astype(int), scores.grid_class)
    sure = scores.grid_confidence > 0.95
    assert np.all(z[sure] - np.floor(z[sure]) > 0.85)
    crosses = next(t for t in fig.data if t.name.startswith("misclassified"))
    assert len(crosses.x) == scores.confusion.sum() - np.trace(scores.confusion) > 0
    points = sum(len(t.x) for t in fig.data if t.type == "scatter" and "misclassified" not in t.name)
    assert points == len(s.X_train) + len(s.X_test)


def test_confusion_figure_labels_every_cell():
    s = cl.split(cl.PlaneParams(data="iris"))
    scores = cl.evaluate(LogisticRegression().fit(s.X_train, s.y_train), s)
    heat = _traces(figs.confusion_figure(s, scores), "heatmap")[0]
    np.testing.assert_array_equal(np.asarray(heat.z), scores.confusion)
    assert list(heat.x) == list(s.class_names) and np.asarray(heat.text).ravel().tolist() == \
        scores.confusion.astype(str).ravel().tolist()


def test_plane_params_fields_come_first_for_a_subclass():
    @dataclasses.dataclass(frozen=True)
    class Params(cl.PlaneParams):
        C: float = 1.0

    assert [f.name for f in dataclasses.fields(Params)][:6] == [
        "data", "noise", "balance", "n_points", "test_share", "seed"]


def test_two_class_and_multi_class_names_split_every_data_set_by_its_classes():
    assert set(cl.TWO_CLASS) | set(cl.MULTI_CLASS) == set(NAMES)
    for name in NAMES:
        n_classes = len(sample_plane(name, 60, 0.1, 1.0, 0)[2])
        assert (name in cl.TWO_CLASS) == (n_classes == 2), name
