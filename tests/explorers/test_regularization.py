"""The regularization explorer against scikit-learn, its geometry, invariants and figures.

The generic contract tests (tests/test_contract.py) already sweep every field and exec
``code(p)``; these are the checks specific to this concept.
"""

import dataclasses

import numpy as np
import pytest
from sklearn.linear_model import Ridge

from datasets import CURVES
from explorers import regularization as ex
from explorers._contract import is_active, knobs
from figures import regularization as fig

DEFAULT = ex.Params()


def params(**changes) -> ex.Params:
    return dataclasses.replace(DEFAULT, **changes)


def traces(figure, name: str):
    found = [t for t in figure.data if t.name == name]
    assert found, f"no trace named {name!r} in {[t.name for t in figure.data]}"
    return found[0]


# ------------------------------------------------------------------ against scikit-learn


@pytest.mark.parametrize("data", ["sine", "diabetes"])
def test_ridge_closed_form_path_matches_ridge_at_every_alpha(data):
    # Both are direct solves (SVD against Cholesky of XᵀX + αI); at alpha = 1e-4 on
    # degree-12 features that system's condition number is ~1e7, so agreement to ~1e-9
    # relative is expected and 1e-6 leaves room while still catching any scaling slip.
    split = ex._split(*ex._data_key(params(data=data)))
    y = split.y_train - split.y_train.mean()
    path = ex.ridge_path(split.z_train, y, ex.ALPHAS)
    for alpha, coef in zip(ex.ALPHAS, path):
        reference = Ridge(alpha=alpha).fit(split.z_train, split.y_train).coef_
        np.testing.assert_allclose(coef, reference, rtol=1e-6, atol=1e-9 * np.abs(reference).max(),
                                   err_msg=f"alpha={alpha:g}")


def test_ridge_path_row_is_the_ridge_pipeline_fitted_by_run():
    for alpha in ex.ALPHAS[::3]:
        r = ex.run(params(penalty="ridge", alpha=alpha))
        np.testing.assert_allclose(r.coef_path[r.alpha_index], r.coef, rtol=1e-6,
                                   atol=1e-9 * np.abs(r.coef).max())


@pytest.mark.parametrize("penalty, l1_ratio", [("lasso", 1.0), ("elastic net", 0.5),
                                               ("elastic net", 0.05)])
@pytest.mark.parametrize("data", ["sine", "diabetes"])
def test_coordinate_descent_path_matches_the_estimator_within_the_duality_gaps(
        penalty, l1_ratio, data):
    """The path (warm-started enet_path) and a cold Lasso/ElasticNet fit at each alpha.

    With F(w) = ‖y − Zw‖²/(2n) + α·penalty(w), strong convexity in the fitted values gives
    ‖Z(w − w*)‖²/(2n) ≤ F(w) − F(w*) ≤ gap(w). So two fits with gaps g₁, g₂ reported by the
    solver differ in fitted values by at most √(2g₁) + √(2g₂) in root mean square: a bound
    that follows from the solver's tolerance, not a guessed one.
    """
    base = params(data=data, penalty=penalty, l1_ratio=l1_ratio)
    split = ex._split(*ex._data_key(base))
    for alpha in ex.ALPHAS[::2]:
        r = ex.run(dataclasses.replace(base, alpha=alpha))
        # A converged gap can come out as -1e-17 from rounding: it is zero.
        gap_path, gap_fit = max(r.dual_gap_path[r.alpha_index], 0.0), max(r.dual_gap, 0.0)
        rms = np.sqrt(np.mean((split.z_train @ (r.coef_path[r.alpha_index] - r.coef)) ** 2))
        bound = np.sqrt(2 * gap_path) + np.sqrt(2 * gap_fit)
        assert rms <= bound + 1e-12 * np.std(split.y_train), f"alpha={alpha:g}"
        if penalty == "elastic net":
            # The L2 part adds strong convexity in w itself: ‖w − w*‖² ≤ 2 gap / (α(1 − r)).
            strength = alpha * (1 - l1_ratio)
            distance = np.linalg.norm(r.coef_path[r.alpha_index] - r.coef)
            assert distance <= (np.sqrt(2 * gap_path / strength)
                                + np.sqrt(2 * gap_fit / strength) + 1e-12)


@pytest.mark.parametrize("data", ["sine", "diabetes"])
@pytest.mark.parametrize("penalty, l1_ratio", [("lasso", 1.0), ("elastic net", 0.5)])
def test_every_coefficient_is_zero_exactly_from_alpha_max_up(data, penalty, l1_ratio):
    # The L1 penalty zeroes all coefficients iff alpha >= max|Zᵀy| / (n · l1_ratio). (The
    # count of zeros below that is *not* monotone: a feature can leave the model and come
    # back with the other sign, as x³ does on the default data.)
    r = ex.run(params(data=data, penalty=penalty, l1_ratio=l1_ratio))
    split = ex._split(*ex._data_key(params(data=data)))
    y = split.y_train - split.y_train.mean()
    alpha_max = np.max(np.abs(split.z_train.T @ y)) / (len(y) * l1_ratio)
    assert ex.ALPHAS[0] < alpha_max < ex.ALPHAS[-1], "the slider should cross alpha_max"
    all_zero = r.zeros_path == r.n_coef
    np.testing.assert_array_equal(all_zero, r.alphas >= alpha_max)


@pytest.mark.parametrize("data", ex.DATA)
def test_ridge_never_sets_a_coefficient_to_exactly_zero(data):
    r = ex.run(params(data=data, penalty="ridge", alpha=ex.ALPHAS[-1]))
    assert r.n_zero == 0 and np.all(r.zeros_path == 0)
    assert np.all(r.coef != 0)


def test_lasso_does_set_coefficients_to_exactly_zero_at_the_default():
    r = ex.run(DEFAULT)
    assert 0 < r.n_zero < r.n_coef
    assert r.n_zero == np.sum(r.coef == 0.0)


# ------------------------------------------------------------------ invariants


def test_same_seed_gives_an_identical_result_and_another_seed_does_not():
    def fresh(p):
        ex._split.cache_clear()
        ex._path.cache_clear()
        return ex.run(p)

    first, second = fresh(DEFAULT), fresh(DEFAULT)
    for field in dataclasses.fields(ex.Result):
        a, b = getattr(first, field.name), getattr(second, field.name)
        if dataclasses.is_dataclass(a):
            for sub in dataclasses.fields(a):
                np.testing.assert_array_equal(getattr(a, sub.name), getattr(b, sub.name))
        else:
            np.testing.assert_array_equal(a, b, err_msg=field.name)
    other = fresh(params(seed=DEFAULT.seed + 1))
    assert not np.array_equal(first.y_train, other.y_train)


def test_ridge_coefficient_norm_shrinks_as_alpha_grows():
    for data in ("sine", "diabetes"):
        r = ex.run(params(data=data, penalty="ridge"))
        norms = np.linalg.norm(r.coef_path, axis=1)
        assert np.all(np.diff(norms) < 0), data


def test_ridge_with_a_tiny_alpha_is_least_squares_on_well_conditioned_features():
    # Degree 3: XᵀX is well conditioned, so alpha = 1e-4 barely moves the solution. (At
    # degree 12 it does not hold: even 1e-4 tames the near-collinear directions.)
    # The predictions move by about alpha / (smallest eigenvalue of ZᵀZ ≈ 2.5 here), relative.
    r = ex.run(params(penalty="ridge", alpha=ex.ALPHAS[0], degree=3, n_train=50))
    shift = np.max(np.abs(r.pred_test - r.pred_test_unregularized))
    assert shift <= 2e-4 * np.std(r.y_test)
    assert r.test_mse == pytest.approx(r.unregularized_test_mse, rel=1e-3)
    # and a large alpha moves them a lot, so the check above can tell the two apart
    far = ex.run(params(penalty="ridge", alpha=ex.ALPHAS[-1], degree=3, n_train=50))
    assert np.max(np.abs(far.pred_test - far.pred_test_unregularized)) > 0.1 * np.std(r.y_test)


def test_the_best_alpha_is_the_minimum_of_the_test_error_on_the_path():
    for penalty in ex.PENALTIES:
        r = ex.run(params(penalty=penalty))
        assert r.best_alpha == r.alphas[np.argmin(r.test_mse_path)]
        assert r.best_test_mse == r.test_mse_path.min()
        assert r.alphas[r.alpha_index] == r.alpha
        # A penalty helps on the default data: too few points for a degree-12 polynomial.
        assert r.best_test_mse < r.unregularized_test_mse


def test_a_penalty_raises_the_training_error_above_least_squares():
    for penalty in ex.PENALTIES:
        r = ex.run(params(penalty=penalty, degree=5, n_train=50))
        assert r.train_mse >= r.unregularized_train_mse * (1 - 1e-9)
        assert np.all(np.diff(r.train_mse_path) > -1e-9 * r.train_mse_path[:-1]), penalty


def test_non_convergence_is_reported_not_hidden():
    # Tiny alpha, degree 15, ten noisy points: coordinate descent crawls. The flag must agree
    # with the independent signal that the iteration budget ran out.
    stuck = ex.run(params(alpha=ex.ALPHAS[0], degree=15, n_train=10, noise=1.0))
    assert not stuck.converged and stuck.n_iter == ex.MAX_ITER
    fine = ex.run(DEFAULT)
    assert fine.converged and fine.n_iter < ex.MAX_ITER
    assert fine.converged_path[fine.alpha_index]


def test_alpha_off_the_slider_grid_is_refused_in_plain_words():
    with pytest.raises(ValueError, match="alpha"):
        ex.run(params(alpha=0.03))


def test_knobs_grey_out_what_does_not_apply():
    meta = knobs(ex.Params)
    assert not is_active(meta["l1_ratio"], {"penalty": "lasso"})
    assert is_active(meta["l1_ratio"], {"penalty": "elastic net"})
    for name in ("degree", "noise", "n_train"):
        assert not is_active(meta[name], {"data": "diabetes"})
        assert is_active(meta[name], {"data": "sine"})
    np.testing.assert_array_equal(ex.ALPHAS, meta["alpha"].options)


# ------------------------------------------------------------------ the code snippet


@pytest.mark.parametrize("p", [params(data="diabetes", penalty="lasso", alpha=1.0),
                               params(penalty="elastic net", l1_ratio=0.15000000000000002),
                               params(penalty="ridge", data="runge", noise=0.0)],
                         ids=["diabetes-lasso", "enet-slider-float", "ridge-no-noise"])
def test_code_reproduces_the_headline_numbers(p, capsys):
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p), "<snippet>", "exec"), namespace)
    r = ex.run(p)
    assert namespace["test_mse"] == pytest.approx(r.test_mse, rel=1e-9)
    assert namespace["train_mse"] == pytest.approx(r.train_mse, rel=1e-9)
    assert namespace["unregularized_test_mse"] == pytest.approx(r.unregularized_test_mse, rel=1e-9)
    assert namespace["n_zero"] == r.n_zero
    assert f"{r.n_zero} of {r.n_coef}" in capsys.readouterr().out


# ------------------------------------------------------------------ the two-feature geometry


def l1l2(w, r):
    w = np.atleast_2d(w)
    return r * np.abs(w).sum(axis=1) + 0.5 * (1 - r) * (w**2).sum(axis=1)


def test_the_geometry_problem_is_what_it_claims():
    X, y = ex.geometry_problem()
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-14)
    np.testing.assert_allclose(X.std(axis=0), 1, rtol=1e-12)
    assert np.corrcoef(X.T)[0, 1] == pytest.approx(ex.GEO_CORRELATION, rel=1e-12)
    np.testing.assert_allclose(np.linalg.lstsq(X, y, rcond=None)[0], ex.GEO_OLS, rtol=1e-10)


@pytest.mark.parametrize("alpha", [1e-3, 0.01, 0.02, 1.0, 50.0])
@pytest.mark.parametrize("l1_ratio", [0.3, 0.8])
def test_each_boundary_has_the_solutions_penalty_and_the_solution_minimizes_the_loss_on_it(
        alpha, l1_ratio):
    X, y = ex.geometry_problem()
    g = ex.geometry("lasso", alpha, l1_ratio)
    cases = [(g.lasso, g.lasso_boundary, 1.0), (g.ridge, g.ridge_boundary, 0.0),
             (g.enet, g.enet_boundary, l1_ratio)]
    for solution, boundary, r in cases:
        level = l1l2(solution, r)[0]
        np.testing.assert_allclose(l1l2(boundary, r), level, rtol=1e-12, atol=1e-18)
        # The solution minimizes the loss over {penalty ≤ level}, which holds the boundary:
        # no boundary point may do better, and the best one (1° apart) is almost as good.
        on_boundary = ex.rss(X, y, boundary)
        at_solution = ex.rss(X, y, solution)
        assert at_solution <= on_boundary.min() * (1 + 1e-9)
        loss_range = ex.rss(X, y, np.zeros(2)) - ex.rss(X, y, g.ols)
        assert on_boundary.min() - at_solution <= 1e-3 * loss_range


def test_the_drawn_contour_is_the_loss_level_through_the_current_solution():
    X, y = ex.geometry_problem()
    for penalty in ex.PENALTIES:
        g = ex.geometry(penalty, 0.01, 0.5)
        assert g.contour_level == pytest.approx(ex.rss(X, y, g.solution), rel=1e-12)
        np.testing.assert_allclose(ex.rss(X, y, g.contour), g.contour_level, rtol=1e-9)
        # The grid holds the same loss as the function, at its corners for instance.
        assert g.rss[0, -1] == pytest.approx(ex.rss(X, y, np.array([g.w1[-1], g.w2[0]])))


def test_the_two_feature_lasso_solution_satisfies_its_optimality_conditions():
    # Subgradient (KKT) conditions of ‖y − Xw‖²/(2n) + α‖w‖₁, checked independently of
    # scikit-learn: the correlation of each feature with the residual is ±α where w ≠ 0,
    # and at most α in size where w = 0.
    X, y = ex.geometry_problem()
    for alpha in ex.ALPHAS:
        w = ex.geometry("lasso", alpha, 0.5).lasso
        grad = X.T @ (y - X @ w) / len(y)
        for j in range(2):
            if w[j] != 0:
                assert grad[j] == pytest.approx(alpha * np.sign(w[j]), rel=1e-6, abs=1e-12)
            else:
                assert abs(grad[j]) <= alpha * (1 + 1e-6)


def test_lasso_lands_on_an_axis_where_ridge_never_does():
    one_zero = []
    for alpha in ex.ALPHAS:
        g = ex.geometry("lasso", alpha, 0.5)
        assert np.all(g.ridge != 0), f"ridge hit an axis at alpha={alpha:g}"
        if np.sum(g.lasso == 0) == 1:
            one_zero.append(alpha)
    assert one_zero, "the lasso never sits on a corner of its diamond on the slider"
    # The default view already shows it.
    assert DEFAULT.alpha in one_zero


def test_geometry_arrays_are_finite_over_the_whole_slider():
    for penalty in ex.PENALTIES:
        for alpha in (ex.ALPHAS[0], ex.ALPHAS[-1]):
            g = ex.run(params(penalty=penalty, alpha=alpha)).geometry
            for field in dataclasses.fields(g):
                assert np.all(np.isfinite(getattr(g, field.name))), (penalty, alpha, field.name)


# ------------------------------------------------------------------ figures


def test_fit_figure_carries_the_curve_data_and_keeps_wild_fits_in_view():
    r = ex.run(params(degree=15, n_train=10, alpha=1.0))
    f = fig.fit(r)
    np.testing.assert_array_equal(traces(f, "training points").x, r.x_train)
    np.testing.assert_array_equal(traces(f, "training points").y, r.y_train)
    np.testing.assert_array_equal(traces(f, f"lasso, alpha = {r.alpha:g}").y, r.y_grid_fit)
    np.testing.assert_array_equal(traces(f, "no penalty").y, r.y_grid_unregularized)
    lo, hi = f.layout.yaxis.range
    data = np.concatenate([r.y_train, r.y_test])
    assert lo < data.min() and data.max() < hi
    # A degree-15 least-squares fit through ten points leaves the data range: clamped.
    assert np.ptp(r.y_grid_unregularized) > hi - lo


def test_fit_figure_for_diabetes_is_predicted_against_actual():
    r = ex.run(params(data="diabetes"))
    f = fig.fit(r)
    ours = traces(f, f"lasso, alpha = {r.alpha:g}")
    np.testing.assert_array_equal(ours.x, r.y_test)
    np.testing.assert_array_equal(ours.y, r.pred_test)
    diagonal = traces(f, "perfect prediction")
    assert list(diagonal.x) == list(diagonal.y)


def test_path_figure_has_one_line_per_feature_the_current_alpha_and_the_zero_count():
    r = ex.run(DEFAULT)
    f = fig.paths(r)
    for j, name in enumerate(r.feature_names):
        line = traces(f, name)
        np.testing.assert_array_equal(line.x, r.alphas)
        np.testing.assert_array_equal(line.y, r.coef_path[:, j])
    marker = traces(f, f"alpha = {r.alpha:g}")
    assert set(marker.x) == {r.alpha}
    zeros = traces(f, "exactly zero (right axis)")
    assert zeros.yaxis == "y2"
    np.testing.assert_array_equal(zeros.y, r.zeros_path)
    assert f.layout.xaxis.type == "log"


def test_error_figure_marks_the_current_and_the_best_alpha():
    r = ex.run(params(alpha=0.5))
    f = fig.errors(r)
    np.testing.assert_array_equal(traces(f, "test").y, r.test_mse_path)
    np.testing.assert_array_equal(traces(f, "training").y, r.train_mse_path)
    current = traces(f, f"alpha = {r.alpha:g}")
    assert (current.x[0], current.y[0]) == (r.alpha, r.test_mse)
    best = traces(f, f"best alpha = {r.best_alpha:g}")
    assert (best.x[0], best.y[0]) == (r.best_alpha, r.best_test_mse)
    assert f.layout.xaxis.type == "log"


def test_geometry_figure_is_square_and_highlights_the_current_penalty():
    for penalty, label in [("lasso", "lasso (L1 diamond)"), ("ridge", "ridge (L2 circle)"),
                           ("elastic net", "elastic net")]:
        r = ex.run(params(penalty=penalty))
        f = fig.geometry(r)
        assert f.layout.yaxis.scaleanchor == "x" and f.layout.yaxis.scaleratio == 1
        shapes = [t for t in f.data if t.name in ("lasso (L1 diamond)", "ridge (L2 circle)",
                                                  "elastic net")]
        widest = max(shapes, key=lambda t: t.line.width)
        assert widest.name == label
        np.testing.assert_array_equal(widest.x, {
            "lasso": r.geometry.lasso_boundary, "ridge": r.geometry.ridge_boundary,
            "elastic net": r.geometry.enet_boundary}[penalty][:, 0])
        np.testing.assert_array_equal(traces(f, "the loss contour it touches").y,
                                      r.geometry.contour[:, 1])
        ols = traces(f, "least squares")
        assert (ols.x[0], ols.y[0]) == tuple(r.geometry.ols)
