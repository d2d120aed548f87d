"""The bias-variance explorer: checked against scikit-learn, the decomposition's identity,
its invariants, its code snippet, and the data its figures carry."""

import dataclasses

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from datasets import CURVES, sample_curve
from explorers import bias_variance as ex
from figures import bias_variance as figs

KNN = dict(model="k-NN")


def fresh_run(p):
    """run() without the memo, so a comparison between two runs really recomputes."""
    ex._sweep.cache_clear()
    return ex.run(p)


def sklearn_polynomial(degree, x, y):
    # include_bias=False (LinearRegression fits the intercept) refuses degree 0; tol=0 is plain
    # least squares (scikit-learn >= 1.9 otherwise cuts singular values below 1e-6).
    features = PolynomialFeatures(degree, include_bias=degree == 0)
    model = make_pipeline(features, LinearRegression(tol=0))
    return model.fit(x[:, None], y)


# Reference checks against scikit-learn.

@pytest.mark.parametrize("degree", [0, 1, 3, 8, 12, 15])
def test_polynomial_fits_are_the_least_squares_fits_sklearn_finds(degree):
    p = ex.Params(degree=degree, seed=3)
    r = ex.run(p)
    x, y, _ = ex.draw(p.true_fn, p.noise, p.n_train, p.n_sets, p.seed)
    on_grid, on_train = ex.polynomial_fits(x[:5], y[:5], ex.GRID)
    for s in range(5):
        model = sklearn_polynomial(degree, x[s], y[s])
        expected_grid = model.predict(ex.GRID[:, None])
        scale = max(1.0, np.abs(expected_grid).max())  # degree-15 fits reach far beyond 1
        np.testing.assert_allclose(on_grid[degree, s], expected_grid, rtol=0, atol=1e-6 * scale)
        np.testing.assert_allclose(on_train[degree, s], model.predict(x[s, :, None]), rtol=0, atol=1e-6 * scale)
    # The fits the chart draws are those same fits, on the first training sets.
    np.testing.assert_allclose(r.fits[:5], on_grid[degree, :5], rtol=0, atol=1e-12 * scale)


@pytest.mark.parametrize("k", [1, 2, 5, 20])
def test_knn_fits_match_kneighbors_regressor(k):
    p = ex.Params(**KNN, k=k, n_train=40, seed=5)
    x, y, _ = ex.draw(p.true_fn, p.noise, p.n_train, 4, p.seed)
    on_grid, on_train = ex.knn_fits(x, y, ex.GRID)
    for s in range(4):
        model = KNeighborsRegressor(n_neighbors=k).fit(x[s, :, None], y[s])
        np.testing.assert_allclose(on_grid[k - 1, s], model.predict(ex.GRID[:, None]), atol=1e-12)
        np.testing.assert_allclose(on_train[k - 1, s], model.predict(x[s, :, None]), atol=1e-12)
    np.testing.assert_allclose(ex.run(p).fits[0], on_grid[k - 1, 0], atol=1e-12)


# The decomposition.

@pytest.mark.parametrize("params", [ex.Params(), ex.Params(degree=12, true_fn="runge"),
                                    ex.Params(**KNN, k=1, true_fn="step", noise=0.8)])
def test_bias2_plus_variance_is_exactly_the_mean_squared_distance_to_the_truth(params):
    r = ex.run(params)
    x, y, _ = ex.draw(params.true_fn, params.noise, params.n_train, params.n_sets, params.seed)
    fits = ex.polynomial_fits if params.model == "polynomial" else ex.knn_fits
    on_grid, _ = fits(x, y, ex.GRID)
    distance = np.mean((on_grid - r.truth) ** 2, axis=(1, 2))
    np.testing.assert_allclose(r.bias2_curve + r.variance_curve, distance, rtol=1e-10)


@pytest.mark.parametrize("params", [
    ex.Params(degree=1, n_sets=200), ex.Params(degree=3, n_sets=200), ex.Params(degree=7, n_sets=200),
    ex.Params(**KNN, k=1, n_sets=200), ex.Params(**KNN, k=20, n_sets=200, true_fn="wiggly"),
])
def test_bias2_variance_and_noise_add_up_to_the_measured_test_error(params):
    r = ex.run(params)
    assert r.decomposition == pytest.approx(r.bias2 + r.variance + r.noise)
    assert r.test_error == pytest.approx(r.decomposition, rel=0.05)
    # And along the whole curve, where the variance is not wild.
    tame = r.variance_curve < 10
    parts = r.bias2_curve + r.variance_curve + r.noise
    np.testing.assert_allclose(r.test_curve[tame], parts[tame], rtol=0.05)


def test_without_noise_the_noise_term_is_zero_and_the_test_error_is_bias2_plus_variance():
    r = ex.run(ex.Params(noise=0.0, degree=5))
    assert r.noise == 0.0
    # At high degrees both sides are rounding noise (~1e-17), summed in different orders;
    # below NEGLIGIBLE the page itself reports "≈ 0", so that is where equality is judged.
    np.testing.assert_allclose(r.test_curve, r.bias2_curve + r.variance_curve, rtol=1e-10,
                               atol=ex.NEGLIGIBLE)


# Invariants.

@pytest.mark.parametrize("model", ex.MODELS)
def test_same_seed_same_result_and_another_seed_another(model):
    first, again = fresh_run(ex.Params(model=model, seed=11)), fresh_run(ex.Params(model=model, seed=11))
    for field in dataclasses.fields(first):
        np.testing.assert_array_equal(getattr(first, field.name), getattr(again, field.name))
    other = fresh_run(ex.Params(model=model, seed=12))
    assert not np.allclose(first.test_curve, other.test_curve)
    assert not np.allclose(first.x_train, other.x_train)


def test_the_memo_returns_what_a_fresh_computation_does():
    p = ex.Params(degree=9, true_fn="wiggly")
    cached = [ex.run(p), ex.run(p)][1]
    fresh = fresh_run(p)
    np.testing.assert_array_equal(cached.test_curve, fresh.test_curve)
    with pytest.raises(ValueError):  # shared through the memo, so nobody may write to it
        cached.test_curve[0] = 0.0


def test_training_data_are_drawn_as_the_datasets_module_draws_them():
    p = ex.Params(true_fn="runge", noise=0.45, n_train=60, seed=42)
    x, y = sample_curve(p.true_fn, p.n_train, p.noise, np.random.default_rng(p.seed))
    r = ex.run(p)
    np.testing.assert_array_equal(r.x_train, x)
    np.testing.assert_array_equal(r.y_train, y)
    np.testing.assert_array_equal(r.truth, CURVES[p.true_fn].f(r.grid))


@pytest.mark.parametrize("true_fn", sorted(CURVES))
def test_polynomial_training_error_never_rises_with_the_degree(true_fn):
    train = ex.run(ex.Params(true_fn=true_fn, n_train=20)).train_curve
    # Each degree's polynomials contain the previous degree's: least squares cannot do worse.
    assert np.all(np.diff(train) <= 1e-12 * train[0])


def test_one_nearest_neighbour_has_zero_training_error():
    r = ex.run(ex.Params(**KNN, k=1, noise=1.0))
    assert r.train_error == 0.0 and r.train_curve[0] == 0.0
    assert np.all(r.train_curve[1:] > 0)


def test_current_and_best_settings_index_the_curves():
    r = ex.run(ex.Params(degree=7))
    assert r.setting == 7 and r.test_error == r.test_curve[r.current]
    assert r.test_curve[r.best] == r.test_curve.min()
    rk = ex.run(ex.Params(**KNN, k=4))
    assert rk.setting == 4 and rk.complexity[0] == 1 and rk.complexity[-1] == ex.MAX_K


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ties_at_rounding_level_pick_the_simplest_model(seed):
    # No noise and a cubic truth: every degree from 3 up fits exactly, up to rounding (which
    # on 20 points is big enough that a plain argmin would land on some higher degree).
    assert ex.run(ex.Params(true_fn="cubic", noise=0.0, n_train=20, seed=seed)).best_setting == 3


# The code panel.

@pytest.mark.parametrize("params", [
    ex.Params(), ex.Params(degree=15), ex.Params(degree=0, noise=0.0, true_fn="cubic"),
    ex.Params(degree=10, true_fn="step", n_train=200, n_sets=10, seed=999),
    ex.Params(**KNN, k=1), ex.Params(**KNN, k=20, true_fn="wiggly", noise=1.0, n_train=20),
])
def test_the_code_reproduces_every_printed_number(params, capsys):
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(params), "<bias-variance code>", "exec"), namespace)
    r = ex.run(params)
    for name in ("test_error", "train_error", "bias2", "variance", "noise"):
        assert namespace[name] == pytest.approx(getattr(r, name), rel=1e-6, abs=1e-12), name
    assert getattr(r, ex.HEADLINE) == r.test_error
    assert "test error" in capsys.readouterr().out


# The figures, on the data they carry.

def trace(fig, name_start):
    return next(t for t in fig.data if (t.name or "").startswith(name_start))


def test_fits_figure_draws_the_result():
    r = ex.run(ex.Params(degree=15, n_train=20))
    fig = figs.fits_figure(r)
    np.testing.assert_array_equal(trace(fig, "true function").y, r.truth)
    np.testing.assert_array_equal(trace(fig, "average").y, r.mean_fit)
    np.testing.assert_array_equal(trace(fig, "one training set").x, r.x_train)
    faint = np.asarray(trace(fig, "fit on each").y, dtype=float).reshape(len(r.fits), -1)
    np.testing.assert_array_equal(faint[:, :-1], r.fits)  # each fit, then a NaN break
    lo, hi = fig.layout.yaxis.range
    assert lo <= min(r.truth.min(), r.y_train.min()) and hi >= max(r.truth.max(), r.y_train.max())
    assert hi < np.abs(r.fits).max()  # wild degree-15 fits are clipped, not allowed to squash the view
    assert any("off the chart" in a.text for a in fig.layout.annotations)


def _vline_x(fig):
    return [s.x0 for s in fig.layout.shapes if s.type == "line" and s.x0 == s.x1]


@pytest.mark.parametrize("params", [ex.Params(degree=9), ex.Params(**KNN, k=12)])
def test_error_curves_figure_marks_current_best_and_both_regions(params):
    r = ex.run(params)
    fig = figs.error_curves_figure(r)
    np.testing.assert_array_equal(trace(fig, "training error").customdata, r.train_curve)
    np.testing.assert_array_equal(trace(fig, "test error").customdata, r.test_curve)
    assert _vline_x(fig) == [r.setting]
    best = trace(fig, "lowest test error")
    assert list(best.x) == [r.best_setting] and best.y[0] == pytest.approx(r.test_curve[r.best])
    names = {t.name for t in fig.data}
    assert {"underfitting (high bias)", "overfitting (high variance)"} <= names
    assert fig.layout.yaxis.type == "log"
    x0, x1 = fig.layout.xaxis.range
    assert (x0 > x1) == (r.model == "k-NN")  # k runs backwards, so complexity grows to the right


def test_error_curves_figure_names_no_overfitting_where_the_error_does_not_rise():
    fig = figs.error_curves_figure(ex.run(ex.Params(true_fn="cubic", noise=0.0, n_train=20)))
    assert "overfitting (high variance)" not in {t.name for t in fig.data}


def test_the_error_chart_title_says_what_its_two_curves_do():
    classic = ex.run(ex.Params())
    assert figs.error_title(classic) == "Training error keeps falling; test error turns back up"
    assert figs.error_curves_figure(classic).layout.title.text.replace("<br>", " ") == figs.error_title(classic)
    # k-NN's training error can rise on the way from k = 20 to k = 1 (here on the wiggly curve).
    bumpy = ex.run(ex.Params(**KNN, true_fn="wiggly"))
    assert np.any(np.diff(bumpy.train_curve[::-1]) > 1e-6) and not bumpy.train_keeps_falling
    assert figs.error_title(bumpy).startswith("Training error falls overall;")
    # Without noise the exact cubic has nothing to overfit.
    exact = ex.run(ex.Params(true_fn="cubic", noise=0.0, n_train=20))
    assert not exact.test_turns_up and figs.error_title(exact).endswith("never climbs back up")


@pytest.mark.parametrize("params", [ex.Params(), ex.Params(**KNN)])
def test_each_shaded_side_is_what_its_name_says(params):
    # "Underfitting (high bias)": simpler than the best, the error grown since the best is
    # mostly bias²; "overfitting (high variance)": more complex, mostly variance.
    r = ex.run(params)
    grown_bias = r.bias2_curve - r.bias2_curve[r.best]
    grown_variance = r.variance_curve - r.variance_curve[r.best]
    simpler = r.complexity > r.best_setting if r.model == "k-NN" else r.complexity < r.best_setting
    more_complex = (r.complexity != r.best_setting) & ~simpler
    assert simpler.any() and more_complex.any()
    assert np.all(grown_bias[simpler] > grown_variance[simpler])
    assert np.all(grown_variance[more_complex] > grown_bias[more_complex])


def test_error_curves_figure_keeps_a_zero_training_error_on_the_log_axis():
    r = ex.run(ex.Params(**KNN, k=1))
    fig = figs.error_curves_figure(r)
    drawn = trace(fig, "training error").y[0]
    assert drawn > 0 and np.log10(drawn) >= fig.layout.yaxis.range[0]


def test_decomposition_figure_stacks_the_parts_under_the_measured_error():
    r = ex.run(ex.Params(degree=15))
    fig = figs.decomposition_figure(r)
    np.testing.assert_array_equal(trace(fig, "bias²").y, r.bias2_curve)
    np.testing.assert_array_equal(trace(fig, "variance").y, r.variance_curve)
    np.testing.assert_array_equal(trace(fig, "noise").y, np.full(len(r.complexity), r.noise))
    assert all(trace(fig, n).stackgroup == "parts" for n in ("bias²", "variance", "noise"))
    np.testing.assert_array_equal(trace(fig, "measured test error").y, r.test_curve)
    assert _vline_x(fig) == [r.setting]
    ceiling = fig.layout.yaxis.range[1]
    assert ceiling >= r.test_curve[r.best] and ceiling < r.test_curve.max()
    assert any("off the chart" in a.text for a in fig.layout.annotations)
