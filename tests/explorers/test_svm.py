"""The SVM explorer: against scikit-learn's SVC, the margin's invariants (support vectors on
it have |f(x)| = 1, the width is 2/‖w‖), the sweep against C, and the data its figures carry."""

import numpy as np
import pytest
from sklearn.metrics.pairwise import rbf_kernel
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from explorers import svm as ex
from explorers._classify import split
from figures import svm as figs

SETTINGS = [
    ex.Params(),
    ex.Params(data="linear", kernel="linear", C=0.01, noise=0.5),
    ex.Params(data="circles", kernel="poly", degree=2, C=10.0, seed=4),
    ex.Params(data="xor", kernel="rbf", gamma=100.0, C=100.0, n_points=100, balance=0.3),
    ex.Params(data="breast cancer", kernel="linear", C=1.0, test_share=0.5),
    ex.Params(data="wine", kernel="rbf", gamma=0.1, C=0.1),
]
IDS = [f"{p.data}-{p.kernel}-C{p.C:g}" for p in SETTINGS]
BINARY = [p for p in SETTINGS if split(p).n_classes == 2]


def _sklearn(p):
    """The same model, built here from scikit-learn's parts without the explorer's helper."""
    s = split(p)
    scaler = StandardScaler().fit(s.X_train)
    gamma = p.gamma if p.kernel == "rbf" else "scale"
    svc = SVC(kernel=p.kernel, C=p.C, gamma=gamma, degree=p.degree, coef0=1.0).fit(scaler.transform(s.X_train), s.y_train)
    return s, scaler, svc


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_scores_decision_and_support_vectors_are_sklearns(p):
    r = ex.run(p)
    s, scaler, svc = _sklearn(p)
    assert r.test_accuracy == svc.score(scaler.transform(s.X_test), s.y_test)
    assert r.train_accuracy == svc.score(scaler.transform(s.X_train), s.y_train)
    np.testing.assert_array_equal(r.scores.grid_class.ravel(), svc.predict(scaler.transform(s.grid)))
    np.testing.assert_array_equal(r.support, svc.support_)
    if s.n_classes == 2:
        np.testing.assert_allclose(r.grid_decision.ravel(), svc.decision_function(scaler.transform(s.grid)),
                                   rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(r.alpha, np.abs(svc.dual_coef_[0]))
        # The boundary is f = 0: the grid's class follows the sign of the decision function.
        np.testing.assert_array_equal(r.scores.grid_class, (r.grid_decision > 0).astype(int))
    else:
        assert r.grid_decision is None and r.margin_width is None and r.sweep_width is None


@pytest.mark.parametrize("p", BINARY, ids=[f"{p.data}-{p.kernel}-C{p.C:g}" for p in BINARY])
def test_support_vectors_below_C_sit_on_the_margin_and_the_rest_inside_it(p):
    r = ex.run(p)
    s, scaler, svc = _sklearn(p)
    f = svc.decision_function(scaler.transform(s.X_train))
    yf = np.where(s.y_train == 1, 1, -1) * f  # the signed margin y·f(x) of each training point
    sv = r.support
    assert np.all(r.alpha > 0) and np.all(r.alpha <= p.C * (1 + 1e-9))
    # KKT within libsvm's tolerance (1e-3): on the margin for 0 < alpha < C,
    # on or inside it for alpha = C, on or outside it for every other point.
    np.testing.assert_allclose(yf[sv[r.on_margin]], 1.0, atol=1e-2)
    assert np.all(yf[sv[~r.on_margin]] <= 1 + 1e-2)
    others = np.setdiff1d(np.arange(len(yf)), sv)
    assert np.all(yf[others] >= 1 - 1e-2)


@pytest.mark.parametrize("p", [p for p in BINARY if p.kernel == "linear"], ids=lambda p: p.data)
def test_the_linear_margin_width_is_two_over_the_norm_of_coef(p):
    r = ex.run(p)
    _, _, svc = _sklearn(p)
    assert r.margin_width == pytest.approx(2 / np.linalg.norm(svc.coef_), rel=1e-9)


def test_the_rbf_margin_width_uses_the_kernel_norm_of_w():
    p = ex.Params(kernel="rbf", gamma=2.0)
    r = ex.run(p)
    _, _, svc = _sklearn(p)
    a = svc.dual_coef_[0]
    K = rbf_kernel(svc.support_vectors_, gamma=2.0)
    assert r.margin_width == pytest.approx(2 / np.sqrt(a @ K @ a), rel=1e-9)


@pytest.mark.parametrize("kernel", ex.KERNELS)
def test_the_sweep_against_C_is_sklearns_and_C_narrows_the_margin(kernel):
    p = ex.Params(data="gaussians", noise=0.6, kernel=kernel, seed=1)
    r = ex.run(p)
    for i, C in enumerate(r.sweep_C):
        s, scaler, svc = _sklearn(ex.Params(data="gaussians", noise=0.6, kernel=kernel, seed=1, C=float(C)))
        assert r.sweep_train[i] == svc.score(scaler.transform(s.X_train), s.y_train)
        assert r.sweep_test[i] == svc.score(scaler.transform(s.X_test), s.y_test)
        assert r.sweep_support_share[i] == len(svc.support_) / len(s.y_train)
    # The trade the page is about: dearer violations, a narrower street, fewer support vectors.
    # (Non-increasing exactly for exact solutions; libsvm stops at tol = 1e-3, and once the
    # fit stops changing at large C the width wobbles by that much.)
    assert np.all(np.diff(r.sweep_width) <= 1e-3 * r.sweep_width[:-1])
    assert r.sweep_width[0] > 1.2 * r.sweep_width[-1]
    assert r.sweep_support_share[0] > r.sweep_support_share[-1]
    # The page's own C lies on the sweep, and the sweep agrees with it there.
    i = int(np.flatnonzero(r.sweep_C == p.C)[0])
    assert r.sweep_width[i] == pytest.approx(r.margin_width)


def test_a_large_rbf_gamma_memorises_the_training_set():
    smooth = ex.run(ex.Params(data="gaussians", noise=1.0, kernel="rbf", gamma=0.01, C=100.0))
    islands = ex.run(ex.Params(data="gaussians", noise=1.0, kernel="rbf", gamma=100.0, C=100.0))
    assert islands.train_accuracy > smooth.train_accuracy
    assert islands.train_accuracy - islands.test_accuracy > smooth.train_accuracy - smooth.test_accuracy


def test_figures_carry_the_margins_and_the_support_vectors():
    r = ex.run(ex.Params(data="linear", kernel="linear", noise=0.8, C=0.1))
    boundary = figs.boundary_figure(r)
    margins = next(t for t in boundary.data if t.name.startswith("margin"))
    assert (margins.contours.start, margins.contours.end, margins.contours.size) == (-1, 1, 2)
    np.testing.assert_array_equal(margins.z, r.grid_decision)
    boundary_line = next(t for t in boundary.data if t.name.startswith("decision boundary"))
    assert boundary_line.contours.start == boundary_line.contours.end == 0
    np.testing.assert_array_equal(boundary_line.z, r.grid_decision)
    rings = [t for t in boundary.data if t.type == "scatter" and t.marker.symbol in ("circle-open", "diamond-open")]
    shown = np.vstack([np.column_stack([t.x, t.y]) for t in rings])
    assert len(shown) == len(r.support)
    np.testing.assert_array_equal(np.sort(shown, axis=0), np.sort(r.split.X_train[r.support], axis=0))
    shade = boundary.data[0]
    np.testing.assert_array_equal(shade.customdata, r.grid_decision)
    margin = figs.margin_figure(r)
    width = next(t for t in margin.data if t.name == "margin width")
    np.testing.assert_array_equal(width.y, r.sweep_width)
    marker = next(t for t in figs.accuracy_figure(r).data if t.name.startswith("current C"))
    assert list(marker.x) == [0.1, 0.1]


def test_three_classes_draw_the_boundary_and_support_vectors_only():
    r = ex.run(ex.Params(data="iris"))
    boundary = figs.boundary_figure(r)
    assert not any(t.name.startswith("margin") for t in boundary.data)
    ring = next(t for t in boundary.data if t.name.startswith("support vector"))
    assert len(ring.x) == len(r.support)
    figs.margin_figure(r)  # no margin width to plot, still a figure


@pytest.mark.parametrize("kernel", ex.KERNELS)
def test_the_snippet_prints_the_pages_margin_width(kernel, capsys):
    p = ex.Params(kernel=kernel, C=0.1, gamma=2.0, degree=2)
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p), "<svm code>", "exec"), namespace)
    assert 2 / namespace["w_norm"] == pytest.approx(ex.run(p).margin_width, rel=1e-9)
    assert f"{len(ex.run(p).support)} support vectors" in capsys.readouterr().out


@pytest.mark.parametrize("kernel", ex.KERNELS)
def test_the_sweep_on_three_classes_is_sklearns_one_vs_one_vote(kernel):
    """Three classes are scored by ``predict``'s one-vs-one vote from one kernel matrix."""
    r = ex.run(ex.Params(data="three classes", kernel=kernel, seed=2))
    for i, C in enumerate(r.sweep_C):
        s, scaler, svc = _sklearn(ex.Params(data="three classes", kernel=kernel, seed=2, C=float(C)))
        assert r.sweep_train[i] == svc.score(scaler.transform(s.X_train), s.y_train)
        assert r.sweep_test[i] == svc.score(scaler.transform(s.X_test), s.y_test)


GRID_CASES = [("moons", "rbf", 1.0), ("xor", "rbf", 100.0), ("spirals", "rbf", 0.01), ("three classes", "rbf", 3.0),
              ("iris", "rbf", 10.0), ("wine", "poly", 1.0), ("three classes", "linear", 1.0)]


@pytest.mark.parametrize("data, kernel, gamma", GRID_CASES, ids=[f"{d}-{k}-g{g:g}" for d, k, g in GRID_CASES])
def test_grid_predictions_are_libsvms_cell_by_cell(data, kernel, gamma):
    """The RBF kernel's product form on the grid (two factors of one feature each) gives
    libsvm's predict in every cell, two classes or three, broad or narrow kernels; other
    kernels take the point-by-point path."""
    for seed in (0, 1):
        s = split(ex.Params(data=data, seed=seed))
        model = ex._model(kernel, 10.0, gamma, 3).fit(s.X_train, s.y_train)
        every, odd = (s.grid_x, s.grid_y), (s.grid_x[::3], s.grid_y[1::7])  # and a grid that is not square
        for grid_x, grid_y in (every, odd):
            gx, gy = np.meshgrid(grid_x, grid_y)
            cells = np.column_stack([gx.ravel(), gy.ravel()])
            predicted = ex.predict_grid(model, grid_x, grid_y)
            assert predicted.shape == (len(grid_y), len(grid_x))
            np.testing.assert_array_equal(predicted.ravel(), model.predict(cells))
            if s.n_classes == 2:
                np.testing.assert_allclose(ex.decision_grid(model, grid_x, grid_y).ravel(),
                                           model.decision_function(cells), rtol=1e-9, atol=1e-9)


# Every setting with points that are not support vectors (on the xor one, gamma 100, all are).
PRUNABLE = [p for p in BINARY if p.data != "xor"]


@pytest.mark.parametrize("p", PRUNABLE, ids=[f"{p.data}-{p.kernel}-C{p.C:g}" for p in PRUNABLE])
def test_deleting_every_point_but_the_support_vectors_leaves_the_boundary_put(p):
    """The misreading's answer: refitted on the support vectors alone (same scaling, and the same
    gamma: 'scale' would be recomputed from the fewer points), the SVM's decision function is the
    same, up to libsvm's stopping tolerance."""
    s, scaler, svc = _sklearn(p)
    X = scaler.transform(s.X_train)
    assert len(svc.support_) < len(s.y_train), "some points are deleted"
    kept = SVC(**{**svc.get_params(), "gamma": svc._gamma}).fit(X[svc.support_], s.y_train[svc.support_])
    probe = scaler.transform(np.vstack([s.X_test, s.X_train]))
    np.testing.assert_allclose(kept.decision_function(probe), svc.decision_function(probe), atol=2e-2)
