"""The linear-regression explorer against scikit-learn and numpy, its gradient descent, and figures.

The generic contract tests (tests/test_contract.py) already sweep every field and exec
``code(p)``; these are the checks specific to this concept.
"""

import dataclasses
import math

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from explorers import linear_regression as ex
from figures import linear_regression as fig

DEFAULT = ex.Params()


def params(**changes) -> ex.Params:
    return dataclasses.replace(DEFAULT, **changes)


def traces(figure, name: str):
    found = [t for t in figure.data if t.name == name]
    assert found, f"no trace named {name!r} in {[t.name for t in figure.data]}"
    return found[0]


def powers(x, degree):
    return np.column_stack([x**k for k in range(1, degree + 1)])


def descent_matrix(r, standardize):
    """Gradient descent's A, built here from the data rather than by the explorer."""
    Z = powers(r.x_train, r.degree)
    if standardize:
        Z = (Z - Z.mean(axis=0)) / Z.std(axis=0)
    return np.column_stack([Z, np.ones(len(Z))])


# ------------------------------------------------------------------ the closed form


@pytest.mark.parametrize("data", ex.DATA)
@pytest.mark.parametrize("degree", [1, 2, 5, 8])
def test_closed_form_is_scikit_learns_least_squares(data, degree):
    r = ex.run(params(data=data, degree=degree, outlier=2.0))
    reference = LinearRegression(tol=0).fit(powers(r.x_train, degree), r.y_train)
    if degree <= 2:  # well conditioned enough for the coefficients themselves to agree
        np.testing.assert_allclose(r.coef, reference.coef_, rtol=1e-9)
        assert r.intercept == pytest.approx(reference.intercept_, rel=1e-9, abs=1e-12)
    # Fitted values from numpy's lstsq on powers of a rescaled x (a far better-conditioned
    # basis spanning the same polynomials): independent of scikit-learn and of raw powers.
    u = (r.x_train - r.x_train.mean()) / r.x_train.std()
    basis = np.column_stack([np.ones_like(u), powers(u, degree)])
    fitted = basis @ np.linalg.lstsq(basis, r.y_train, rcond=None)[0]
    np.testing.assert_allclose(r.pred_train, fitted, atol=1e-6 * np.std(r.y_train))
    # R² and MSE written out by hand.
    residual = r.y_train - r.pred_train
    assert r.train_mse == pytest.approx(np.mean(residual**2), rel=1e-12)
    ss_tot = np.sum((r.y_train - r.y_train.mean()) ** 2)
    assert r.train_r2 == pytest.approx(1 - np.sum(residual**2) / ss_tot, rel=1e-9)
    pred_test = reference.predict(powers(r.x_test, degree))
    assert r.test_mse == pytest.approx(np.mean((r.y_test - pred_test) ** 2), rel=1e-6)
    ss_test = np.sum((r.y_test - r.y_test.mean()) ** 2)
    assert r.test_r2 == pytest.approx(1 - np.sum((r.y_test - pred_test) ** 2) / ss_test,
                                      rel=1e-6, abs=1e-9)


def test_least_squares_recovers_the_true_line_from_clean_data():
    r = ex.run(params(noise=0.0))
    assert r.coef[0] == pytest.approx(ex.LINE_SLOPE, rel=1e-10)
    assert r.intercept == pytest.approx(ex.LINE_INTERCEPT, rel=1e-10)
    assert r.train_r2 == pytest.approx(1.0)
    # And the code panel writes the same line.
    x = np.linspace(0, 10, 7)
    np.testing.assert_allclose(eval(ex.LINE_SOURCE, {}, {"x": x}),
                               ex.LINE_SLOPE * x + ex.LINE_INTERCEPT)


def test_training_r2_never_falls_as_the_degree_grows():
    # Nested models: each degree can reproduce the one below, so least squares can only improve.
    r2 = [ex.run(params(data="sine", degree=d, standardize="on")).train_r2 for d in range(1, 9)]
    assert all(b >= a - 1e-9 for a, b in zip(r2, r2[1:])), r2


def test_the_outlier_moves_the_point_with_the_largest_x_by_that_many_sds():
    clean, moved = ex.run(params(outlier=0.0)), ex.run(params(outlier=-4.0))
    i = moved.outlier_index
    assert clean.outlier_index == -1 and i == int(np.argmax(clean.x_train))
    changed = np.flatnonzero(moved.y_train != clean.y_train)
    assert changed.tolist() == [i]
    assert moved.y_train[i] - clean.y_train[i] == pytest.approx(-4.0 * clean.y_train.std())
    assert moved.coef[0] < clean.coef[0]  # pulled down at the right-hand end


# ------------------------------------------------------------------ gradient descent


def steps_to_converge(A, lr, shrink=1e-12):
    """Steps after which the slowest direction's error is below ``shrink`` of its start."""
    lam = np.linalg.eigvalsh(2 / len(A) * A.T @ A)
    # A round bowl at lr = 1/λ gives 0: one step lands on the minimum.
    slowest = max(abs(1 - lr * lam[0]), abs(1 - lr * lam[-1]), 1e-16)
    return math.ceil(math.log(shrink) / math.log(slowest))


# Unscaled diabetes BMI (values ~0.05), or x and x² on [0, 10], would need ~10⁶ steps: that is
# the page's lesson, not something to wait for here.
@pytest.mark.parametrize("data, standardize, degree", [
    ("line", False, 1), ("line", True, 1), ("line", True, 2), ("cubic", False, 1),
    ("cubic", False, 2), ("cubic", True, 2), (ex.DIABETES, True, 1), (ex.DIABETES, True, 2)])
def test_gradient_descent_converges_to_linear_regression_at_a_safe_learning_rate(
        data, standardize, degree):
    r = ex.run(params(data=data, degree=degree))
    A = descent_matrix(r, standardize)
    lam_max = np.linalg.eigvalsh(2 / len(A) * A.T @ A)[-1]
    lr = 1.0 / lam_max  # half the limit: the fastest safe choice along the steepest direction
    steps = steps_to_converge(A, lr)
    assert steps < 100_000, "pick cases that converge in a test's time"
    descent = ex.gradient_descent(A, r.y_train, lr, steps)
    assert descent.diverged_at == 0
    reference = LinearRegression(tol=0).fit(A[:, :-1], r.y_train)
    np.testing.assert_allclose(descent.thetas[-1][:-1], reference.coef_, rtol=1e-6)
    assert descent.thetas[-1][-1] == pytest.approx(reference.intercept_, rel=1e-6)
    assert descent.losses[-1] == pytest.approx(r.train_mse, rel=1e-9)


@pytest.mark.parametrize("data", ["line", ex.DIABETES])
def test_run_reports_gradient_descent_in_the_units_of_x(data):
    # Standardised, degree 1: the Hessian is 2·I, so lr 0.5 lands on the minimum at once.
    r = ex.run(params(data=data, standardize="on", learning_rate=0.5, steps=20))
    assert r.gd_status == "converged" and r.gd_converged
    np.testing.assert_allclose(r.gd_coef, r.coef, rtol=1e-9)
    assert r.gd_intercept == pytest.approx(r.intercept, rel=1e-9)
    assert r.gd_final_mse == pytest.approx(r.train_mse, rel=1e-9)
    np.testing.assert_allclose(r.y_grid_gd, r.y_grid_fit, rtol=1e-7, atol=1e-9)


def test_each_recorded_loss_is_the_mse_of_its_coefficients():
    r = ex.run(params(data="cubic", degree=3, steps=50))
    A = descent_matrix(r, standardize=False)
    np.testing.assert_allclose(
        [np.mean((A @ t - r.y_train) ** 2) for t in r.gd_thetas], r.gd_losses, rtol=1e-12)
    np.testing.assert_array_equal(r.gd_thetas[0], 0.0)
    # One step by hand: θ₁ = θ₀ − lr·2/n·Aᵀ(Aθ₀ − y).
    step = -r.learning_rate * 2 / len(A) * A.T @ (A @ r.gd_thetas[0] - r.y_train)
    np.testing.assert_allclose(r.gd_thetas[1], step, rtol=1e-12)


@pytest.mark.parametrize("data, standardize, degree", [
    ("line", False, 1), ("line", True, 2), ("sine", False, 3), (ex.DIABETES, False, 1),
    (ex.DIABETES, True, 1)])
def test_the_learning_rate_limit_is_two_over_the_largest_eigenvalue(data, standardize, degree):
    r = ex.run(params(data=data, degree=degree, standardize="on" if standardize else "off"))
    A = descent_matrix(r, standardize)
    lam_max = np.linalg.eigvalsh(2 / len(A) * A.T @ A)[-1]
    assert r.lr_limit == pytest.approx(2 / lam_max, rel=1e-9)
    # Just below the limit the loss ends at the least-squares minimum; just above it explodes.
    below = ex.gradient_descent(A, r.y_train, 0.98 * r.lr_limit,
                                min(steps_to_converge(A, 0.98 * r.lr_limit, 1e-8), 100_000))
    above = ex.gradient_descent(A, r.y_train, 1.02 * r.lr_limit, 5_000)
    assert below.diverged_at == 0
    start = below.losses[0]
    assert below.losses[-1] - r.train_mse <= 1e-6 * (start - r.train_mse)
    assert above.diverged_at > 0
    assert above.losses[-1] > ex.BLOW_UP * above.losses[0]
    assert np.all(np.isfinite(above.thetas))


@pytest.mark.parametrize("change", [{}, {"standardize": "on"}, {"data": ex.DIABETES},
                                    {"steps": 10}])
def test_the_first_diverging_slider_value_diverges_and_the_one_below_does_not(change):
    base = params(**change)
    r = ex.run(base)
    first = r.lr_first_diverging
    below = max(lr for lr in ex.LEARNING_RATES if lr < first)
    assert first > r.lr_limit
    assert ex.run(dataclasses.replace(base, learning_rate=first)).gd_status == "diverged"
    assert ex.run(dataclasses.replace(base, learning_rate=below)).gd_diverged_at == 0


def test_standardising_makes_the_bowl_round_and_raises_the_limit():
    raw, scaled = ex.run(params()), ex.run(params(standardize="on"))
    assert raw.condition > 50  # x on [0, 10]: a narrow valley
    assert scaled.condition == pytest.approx(1.0, rel=1e-9)  # Hessian 2·I
    assert scaled.lr_limit == pytest.approx(1.0, rel=1e-9)
    assert raw.lr_limit < scaled.lr_limit
    # The slider's 1.0 sits on the limit: it bounces, neither converging nor diverging.
    edge = ex.run(params(standardize="on", learning_rate=1.0))
    assert edge.gd_status == "edge"
    np.testing.assert_allclose(edge.gd_thetas[2], edge.gd_thetas[0], atol=1e-9)


def test_divergence_stops_with_finite_numbers_and_names_the_step():
    r = ex.run(params(degree=8, learning_rate=2.0))  # unscaled x⁸ reaches 10⁸
    assert r.gd_status == "diverged" and r.gd_diverged_at == 1
    assert len(r.gd_losses) == len(r.gd_thetas) == r.gd_diverged_at + 1
    for name in ("gd_losses", "gd_thetas", "gd_coef", "y_grid_gd"):
        assert np.all(np.isfinite(getattr(r, name))), name


# ------------------------------------------------------------------ the loss surface


@pytest.mark.parametrize("change", [{}, {"standardize": "on"}, {"data": ex.DIABETES},
                                    {"learning_rate": 0.05}])
def test_the_loss_surface_is_the_mse_and_its_minimum_is_least_squares(change):
    r = ex.run(params(**change))
    A = descent_matrix(r, r.standardize)
    # Every 10th grid point against the MSE computed from the residuals.
    for i in range(0, ex.SURFACE_GRID, 10):
        for j in range(0, ex.SURFACE_GRID, 10):
            theta = np.array([r.surface_w[j], r.surface_b[i]])
            mse = np.mean((A @ theta - r.y_train) ** 2)
            assert r.surface_loss[i, j] == pytest.approx(mse, rel=1e-9, abs=1e-12 * r.train_mse)
    # The bowl's lowest point is the least-squares point: fit a quadratic to the grid values
    # and solve for where its gradient vanishes. (The grid's own argmin can sit several cells
    # away along a flat valley floor, so it is not the test.)
    W, B = np.meshgrid(r.surface_w, r.surface_b)
    w, b, z = W.ravel(), B.ravel(), r.surface_loss.ravel()
    q = np.linalg.lstsq(np.column_stack([np.ones_like(w), w, b, w * w, w * b, b * b]), z,
                        rcond=None)[0]
    hessian = np.array([[2 * q[3], q[4]], [q[4], 2 * q[5]]])
    np.testing.assert_allclose(np.linalg.solve(hessian, -q[1:3]), r.theta_ls, rtol=1e-6,
                               atol=1e-9 * np.abs(r.theta_ls).max())
    assert r.surface_loss.min() >= r.train_mse * (1 - 1e-9)
    cell = r.surface_w[1] - r.surface_w[0]
    assert r.surface_w[0] <= r.theta_ls[0] <= r.surface_w[-1]
    assert r.surface_b[0] <= r.theta_ls[1] <= r.surface_b[-1]
    # Equal units on both axes, and the start (0, 0) in view.
    assert r.surface_b[1] - r.surface_b[0] == pytest.approx(cell)
    assert r.surface_w[0] <= 0 <= r.surface_w[-1] and r.surface_b[0] <= 0 <= r.surface_b[-1]


def test_there_is_no_surface_above_degree_one():
    r = ex.run(params(degree=3))
    assert r.surface_loss.size == 0 and r.surface_w.size == 0


# ------------------------------------------------------------------ figures


def test_fit_figure_draws_residuals_as_y_minus_the_fit():
    r = ex.run(params(outlier=3.0))
    f = fig.fit(r)
    segments = traces(f, "residuals (y − ŷ)")
    x, y = np.asarray(segments.x, float), np.asarray(segments.y, float)
    assert np.all(np.isnan(x[2::3])) and np.all(np.isnan(y[2::3]))
    np.testing.assert_array_equal(x[0::3], r.x_train)
    np.testing.assert_array_equal(x[1::3], r.x_train)
    # Each segment runs from the point to the fit: its length is the residual y − ŷ.
    np.testing.assert_array_equal(y[0::3], r.y_train)
    fitted = r.intercept + powers(r.x_train, r.degree) @ r.coef
    np.testing.assert_allclose(y[0::3] - y[1::3], r.y_train - fitted, atol=1e-12)
    np.testing.assert_array_equal(traces(f, "training points").y, r.y_train)
    np.testing.assert_array_equal(traces(f, "least squares").y, r.y_grid_fit)
    outlier = traces(f, "the outlier")
    assert (outlier.x[0], outlier.y[0]) == (r.x_train[r.outlier_index], r.y_train[r.outlier_index])
    assert segments.line.color == fig.ORANGE  # "Orange segments are the residuals y − ŷ"


def test_unscaled_high_powers_put_the_limit_below_every_slider_value_and_standardising_cures_it():
    """The page's advice when that happens: "No learning rate on the slider is that small ...
    Standardise x." """
    raw, scaled = ex.run(params(degree=8)), ex.run(params(degree=8, standardize="on"))
    assert raw.lr_limit < ex.LEARNING_RATES[0] and raw.gd_diverged_at
    assert scaled.learning_rate < scaled.lr_limit and not scaled.gd_diverged_at


def test_surface_figure_carries_the_path_the_minimum_and_equal_axes():
    r = ex.run(params())
    f = fig.surface(r)
    path = traces(f, fig.descent_label(r))
    np.testing.assert_array_equal(path.x, r.gd_thetas[:, 0])
    np.testing.assert_array_equal(path.y, r.gd_thetas[:, 1])
    minimum = traces(f, "least-squares minimum")
    assert (minimum.x[0], minimum.y[0]) == tuple(r.theta_ls)
    assert f.layout.yaxis.scaleanchor == "x" and f.layout.yaxis.scaleratio == 1
    contour = traces(f, "loss contours")
    np.testing.assert_allclose(np.asarray(contour.z) ** 2,
                               r.surface_loss - r.surface_loss.min(), atol=1e-12)


def test_loss_figure_is_log_scaled_and_marks_a_divergence():
    r = ex.run(params(learning_rate=0.05))
    f = fig.losses(r)
    assert f.layout.yaxis.type == "log"
    np.testing.assert_array_equal(traces(f, "gradient descent").y, r.gd_losses)
    star = traces(f, f"diverged at step {r.gd_diverged_at}")
    assert (star.x[0], star.y[0]) == (r.gd_diverged_at, r.gd_losses[-1])
    assert set(traces(f, "least squares (the minimum)").y) == {r.train_mse}


def test_coefficient_figure_has_every_coefficient_and_its_target():
    r = ex.run(params(data="sine", degree=3, standardize="on", learning_rate=0.2))
    f = fig.coefficients(r)
    for j, name in enumerate((*r.feature_names, "intercept")):
        np.testing.assert_array_equal(traces(f, name).y, r.gd_thetas[:, j])
        assert set(traces(f, f"{name}, least squares").y) == {r.theta_ls[j]}


# ------------------------------------------------------------------ invariants


def test_same_seed_same_data_and_another_seed_not():
    ex.sample.cache_clear()
    first = ex.run(DEFAULT)
    ex.sample.cache_clear()
    again = ex.run(DEFAULT)
    np.testing.assert_array_equal(first.y_train, again.y_train)
    np.testing.assert_array_equal(first.gd_thetas, again.gd_thetas)
    other = ex.run(params(seed=1))
    assert not np.array_equal(first.y_train, other.y_train)


def test_result_arrays_are_read_only():
    r = ex.run(params(outlier=1.0))
    for field in dataclasses.fields(r):
        value = getattr(r, field.name)
        if isinstance(value, np.ndarray):
            assert not value.flags.writeable, field.name


def test_learning_rate_off_the_slider_grid_is_refused():
    with pytest.raises(ValueError, match="learning rate"):
        ex.run(params(learning_rate=0.03))


# ------------------------------------------------------------------ the code snippet


@pytest.mark.parametrize("p", [params(), params(learning_rate=0.05, outlier=-3.0),
                               params(data=ex.DIABETES, degree=3, standardize="on",
                                      learning_rate=0.2),
                               params(data="sine", noise=0.35000000000000003)],
                         ids=["default", "diverging-outlier", "diabetes-scaled", "slider-float"])
def test_code_reproduces_least_squares_and_the_descent(p, capsys):
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p), "<snippet>", "exec"), namespace)
    r = ex.run(p)
    assert namespace["test_r2"] == pytest.approx(r.test_r2, rel=1e-9)
    assert namespace["train_mse"] == pytest.approx(r.train_mse, rel=1e-9)
    np.testing.assert_allclose(namespace["model"].coef_, r.coef, rtol=1e-9)
    # The snippet steps with Aᵀ(Aθ − y), the explorer with AᵀAθ − Aᵀy: equal up to rounding.
    np.testing.assert_allclose(namespace["coef"], r.gd_coef, rtol=1e-7)
    assert namespace["intercept"] == pytest.approx(r.gd_intercept, rel=1e-7)
    out = capsys.readouterr().out
    assert (f"diverged at step {r.gd_diverged_at}" in out) == bool(r.gd_diverged_at)
