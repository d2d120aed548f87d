"""The ARIMA explorer: checked against statsmodels (fit, forecast, ADF, ACF/PACF, Ljung-Box),
the baselines' definitions, the plain-words verdicts, bad settings, the code snippet and
the data its figures carry."""

import dataclasses

import numpy as np
import pytest
from statsmodels.stats.diagnostic import acorr_ljungbox
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.arima_process import ArmaProcess
from statsmodels.tsa.stattools import acf, adfuller, pacf

from datasets import SERIES
from explorers import arima as ex
from figures import arima as figs

SYN = ex.SYNTHETIC


def statsmodels_fit(r, p):
    train = r.y[:r.n_train]
    return ARIMA(train, order=r.order, seasonal_order=r.seasonal_order).fit()


# Reference checks against statsmodels.

def test_a_long_synthetic_arma_1_1_is_recovered_within_its_intervals():
    p = ex.Params(series=SYN, d=0, p=1, q=1, phi1=0.6, phi2=0.0, theta1=0.4, n=1000, seed=3)
    r = ex.run(p)
    for name, true in (("ar.L1", 0.6), ("ma.L1", 0.4)):
        i = r.names.index(name)
        assert r.ci_low[i] <= true <= r.ci_high[i], name
        assert r.ci_high[i] - r.ci_low[i] < 0.2  # 1,000 points pin them down
    assert r.truth["ar.L1"] == 0.6 and r.truth["ma.L1"] == 0.4
    assert r.stationary_truth is True


def test_a_short_series_has_wider_intervals_than_a_long_one():
    widths = []
    for n in (150, 1000):
        r = ex.run(ex.Params(series=SYN, d=0, n=n, seed=5))
        i = r.names.index("ar.L1")
        widths.append(r.ci_high[i] - r.ci_low[i])
    assert widths[0] > 1.5 * widths[1]


def test_the_synthetic_series_is_statsmodels_arma_process_with_the_seed():
    x, y = ex.load(SYN, 0.5, -0.3, 0.2, 200, 7)
    expected = ArmaProcess(ar=[1, -0.5, 0.3], ma=[1, 0.2]).generate_sample(
        200, distrvs=np.random.default_rng(7).standard_normal, burnin=ex.BURN_IN)
    np.testing.assert_array_equal(y, expected)
    np.testing.assert_array_equal(x, np.arange(200))


@pytest.mark.parametrize("params", [
    ex.Params(), ex.Params(series="nile", d=1, p=0, q=1, horizon=12),
    ex.Params(series=SYN, d=0, p=2, q=0, phi1=0.5, phi2=-0.4),
    ex.Params(series="us inflation", seasonal="on", P=1, D=0, Q=0, horizon=8),
])
def test_coefficients_and_forecast_equal_statsmodels_own(params):
    r = ex.run(params)
    fit = statsmodels_fit(r, params)
    assert r.names == tuple(fit.param_names)
    np.testing.assert_allclose(r.coef, fit.params, rtol=1e-6, atol=1e-9)
    forecast = fit.get_forecast(params.horizon)
    np.testing.assert_allclose(r.forecast, forecast.predicted_mean, rtol=1e-6, atol=1e-9)
    lower, upper = np.asarray(forecast.conf_int(alpha=0.05)).T
    np.testing.assert_allclose(r.lower, lower, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(r.upper, upper, rtol=1e-6, atol=1e-9)
    assert np.all(r.lower < r.forecast) and np.all(r.forecast < r.upper)
    assert r.aic == pytest.approx(fit.aic, rel=1e-6)
    test = r.y[r.n_train:]
    assert r.rmse == pytest.approx(np.sqrt(np.mean((test - forecast.predicted_mean) ** 2)), rel=1e-6)
    assert r.mae == pytest.approx(np.mean(np.abs(test - forecast.predicted_mean)), rel=1e-6)


def test_intervals_widen_with_the_horizon_on_a_differenced_model():
    r = ex.run(ex.Params(series="nile", d=1, horizon=20))
    width = r.upper - r.lower
    assert np.all(np.diff(width) >= -1e-9) and width[-1] > width[0]


@pytest.mark.parametrize("d, D, s", [(0, 0, 0), (1, 0, 0), (2, 0, 0), (1, 1, 12), (0, 1, 4)])
def test_differencing_is_what_statsmodels_differences(d, D, s):
    from statsmodels.tsa.statespace.tools import diff

    y = np.asarray(ex.load("co2", 0.6, 0.0, 0.4, 300, 0)[1][:200])
    np.testing.assert_allclose(ex.difference(y, d, D, s),
                               diff(y, k_diff=d, k_seasonal_diff=D, seasonal_periods=max(s, 1)),
                               atol=1e-9)


def test_adf_acf_pacf_and_ljung_box_are_statsmodels_on_the_right_data():
    p = ex.Params(series="electrical equipment", d=1, horizon=16)
    r = ex.run(p)
    train = np.asarray(SERIES["electrical equipment"].load().to_numpy(float))[:-16]
    assert r.n_train == len(train)
    np.testing.assert_array_equal(r.y[:r.n_train], train)
    diffed = np.diff(train)
    np.testing.assert_allclose(r.diffed, diffed)
    assert r.adf_raw == pytest.approx(adfuller(train, result_object=False)[1])
    assert r.adf_p == pytest.approx(adfuller(diffed, result_object=False)[1])
    nlags = len(r.lags)
    a, a_ci = acf(diffed, nlags=nlags, alpha=0.05, result_object=False)
    np.testing.assert_allclose(r.acf, a[1:])
    np.testing.assert_allclose(r.acf_band, a_ci[1:, 1] - a[1:])
    pa, pa_ci = pacf(diffed, nlags=nlags, alpha=0.05, method="ywm")
    np.testing.assert_allclose(r.pacf, pa[1:])
    np.testing.assert_allclose(r.pacf_band, pa_ci[1:, 1] - pa[1:])
    fit = statsmodels_fit(r, p)
    resid = np.asarray(fit.resid)[fit.loglikelihood_burn:]
    np.testing.assert_allclose(r.residuals, resid, rtol=1e-6, atol=1e-6)
    lb = acorr_ljungbox(resid, lags=[r.lb_lag], model_df=2)["lb_pvalue"].iloc[0]
    assert r.lb_p == pytest.approx(lb, rel=1e-4)


def test_the_band_is_two_standard_errors_of_white_noise_at_lag_one():
    r = ex.run(ex.Params(series=SYN, d=0, n=400))
    assert r.acf_band[0] == pytest.approx(1.959964 / np.sqrt(len(r.diffed)), rel=1e-4)


def test_the_auto_search_ranks_by_statsmodels_aic():
    p = ex.Params(series="nile", auto="on", horizon=12)
    r = ex.run(p)
    assert r.searched == (ex.AUTO_MAX + 1) ** 2
    assert len(r.ranking) == ex.TOP
    aics = [a for _, a in r.ranking]
    assert aics == sorted(aics)
    assert r.order == r.ranking[0][0]
    train = r.y[:r.n_train]
    for order, aic in r.ranking[:2]:
        assert ARIMA(train, order=order).fit().aic == pytest.approx(aic, rel=1e-6)
    # Nothing outside the top five beats the worst of it.
    every = [ARIMA(train, order=(a, 1, b)).fit().aic for a in range(3) for b in range(3)]
    assert sorted(every)[:ex.TOP] == pytest.approx(aics, rel=1e-6)


def test_progress_is_reported_for_a_seasonal_fit_and_not_for_a_quick_one():
    ex._MEMO.clear()  # a remembered result reports nothing: it takes no time
    for auto, words in (("off", "iteration"), ("on", "Auto")):
        calls = []
        r = ex.run(ex.Params(series="us inflation", seasonal="on", auto=auto, horizon=12),
                   progress=lambda f, t: calls.append((f, t)))
        assert any(words in t for _, t in calls)
        assert calls[-1][0] == 1.0
        fractions = [f for f, _ in calls]
        assert fractions == sorted(fractions) and all(0 <= f <= 1 for f in fractions)
    assert r.searched == (ex.AUTO_MAX_SEASONAL + 1) ** 2  # the smaller seasonal grid
    quick = []
    ex.run(ex.Params(series="nile", horizon=8), progress=lambda f, t: quick.append(f))
    assert quick == []


# The baselines.

def test_naive_repeats_the_last_training_value():
    r = ex.run(ex.Params(series="nile", horizon=12))
    assert np.all(r.naive == r.y[r.n_train - 1])
    assert r.naive_rmse == pytest.approx(np.sqrt(np.mean((r.test - r.y[r.n_train - 1]) ** 2)))


def test_seasonal_naive_repeats_the_last_season():
    r = ex.run(ex.Params(series="co2", horizon=28))
    assert r.period == 12
    last_season = r.y[r.n_train - 12:r.n_train]
    np.testing.assert_array_equal(r.snaive[:12], last_season)
    np.testing.assert_array_equal(r.snaive[12:24], last_season)
    np.testing.assert_array_equal(r.snaive[24:], last_season[:4])
    np.testing.assert_array_equal(ex.seasonal_naive_forecast(np.arange(10.0), 5, 3), [7, 8, 9, 7, 8])
    # A series without a period has no seasonal-naive forecast.
    nile = ex.run(ex.Params(series="nile"))
    assert nile.snaive.size == 0 and nile.snaive_rmse is None


def test_on_co2_plain_arima_barely_beats_last_year_and_the_seasonal_part_does_far_better():
    # What the NOTICE tells the learner to watch, at the page's defaults.
    plain = ex.run(ex.Params(series="co2"))
    seasonal = ex.run(ex.Params(series="co2", seasonal="on"))
    assert 0.9 * plain.snaive_rmse < plain.rmse < plain.naive_rmse
    assert seasonal.rmse < seasonal.snaive_rmse and seasonal.rmse < seasonal.naive_rmse
    assert seasonal.rmse < plain.rmse / 3
    assert plain.lb_p < 0.05 < seasonal.lb_p  # and its residuals pass for white noise
    assert seasonal.seasonal_order == (1, 1, 1, 12)


# Plain words.

def test_the_adf_wording_flips_with_the_p_value():
    assert "cannot reject a unit root (p = 0.43): difference it" in ex.adf_verdict(0.43)
    assert "rejects a unit root" in ex.adf_verdict(0.01) and "cannot" not in ex.adf_verdict(0.01)
    # And on data: a random walk is not rejected, its difference is.
    walk = ex.run(ex.Params(series=SYN, phi1=1.0, theta1=0.0, d=0, n=500, seed=2))
    assert walk.stationary_truth is False and "cannot reject" in walk.adf_text
    differenced = ex.run(ex.Params(series=SYN, phi1=1.0, theta1=0.0, d=1, n=500, seed=2))
    assert "rejects" in differenced.adf_text and "cannot" not in differenced.adf_text


def test_the_ljung_box_wording_flips_with_the_p_value():
    assert "white noise" in ex.ljung_box_verdict(0.4, 10)
    assert "still carry autocorrelation" in ex.ljung_box_verdict(0.001, 10)


def test_the_suggested_orders_count_leading_lags_outside_the_band():
    assert ex._leading(np.array([0.5, 0.3, 0.01, 0.4]), np.full(4, 0.1)) == 2
    assert ex._leading(np.array([0.05, 0.5]), np.full(2, 0.1)) == 0
    assert ex._leading(np.full(6, 0.9), np.full(6, 0.1)) == 3  # capped
    ma1 = ex.run(ex.Params(series=SYN, phi1=0.0, theta1=0.8, d=0, n=1000, seed=1))
    assert ma1.suggested_q == 1  # an MA(1)'s ACF cuts off after lag 1


def test_non_convergence_is_reported_in_words():
    r = ex.run(ex.Params(series="co2", p=3, q=3, d=2))
    assert not r.converged
    assert any("did not converge" in note for note in r.notes)


# Bad settings give a ValueError with a message.

@pytest.mark.parametrize("params, words", [
    (ex.Params(series="nile", seasonal="on"), "no seasonal period of its own"),
    (ex.Params(series="nile", seasonal="on", s="12", horizon=48), "too long"),
    (ex.Params(series=SYN, seasonal="on", s="12", n=100, horizon=48), "too long"),
    (ex.Params(series="nile", p=3, q=3, d=2, seasonal="on", s="7", horizon=48), "too few"),
])
def test_bad_settings_give_a_plain_value_error(params, words):
    with pytest.raises(ValueError, match=words):
        ex.run(params)
    with pytest.raises(ValueError, match=words):
        ex.code(params)


def test_a_fit_statsmodels_refuses_becomes_a_value_error():
    with pytest.raises(ValueError, match="could not fit"):
        ex.fit_model(np.array([1.0, 2.0, 3.0]), (0, 0, 0), (1, 0, 0, 1))


# Determinism and memo.

def test_same_seed_same_series_and_another_seed_another():
    a, b = (ex.run(ex.Params(series=SYN, d=0, seed=4)) for _ in range(2))
    np.testing.assert_array_equal(a.y, b.y)
    assert a.rmse == b.rmse
    c = ex.run(ex.Params(series=SYN, d=0, seed=5))
    assert not np.allclose(a.y, c.y)


def test_the_results_are_read_only():
    r = ex.run(ex.Params())
    for array in (r.y, r.forecast, r.acf, r.coef, r.residuals, r.diffed):
        with pytest.raises(ValueError):
            array[0] = 0.0


# The code panel.

@pytest.mark.parametrize("params", [
    ex.Params(series="sunspots", d=0, p=2, q=0, horizon=12),
    ex.Params(series=SYN, d=0, phi1=0.45, phi2=-0.35, theta1=-0.25, n=250, seed=17),
    ex.Params(series="electrical equipment", seasonal="on", s="12", P=0, Q=1),
    ex.Params(series="nile", auto="on", horizon=8),
])
def test_the_code_reproduces_the_forecast(params, capsys):
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(params), "<arima code>", "exec"), namespace)
    r = ex.run(params)
    np.testing.assert_array_equal(namespace["y"], r.y)
    assert tuple(namespace["order"]) == r.order
    np.testing.assert_allclose(namespace["mean"], r.forecast, rtol=1e-6)
    assert namespace["rmse"] == pytest.approx(r.rmse, rel=1e-6)
    out = capsys.readouterr().out
    assert "ARIMA RMSE" in out and "naive RMSE" in out


# The figures carry the data.

def test_figures_carry_the_result():
    r = ex.run(ex.Params(series=SYN, d=0, n=300))
    series = figs.series_figure(r)
    by_name = {t.name: t for t in series.data}
    np.testing.assert_array_equal(by_name["training part"].y, r.y[:r.n_train])
    np.testing.assert_array_equal(by_name["held out"].y, r.test)
    assert series.data[2].yaxis == "y2"
    np.testing.assert_array_equal(series.data[2].y, r.diffed)

    forecast = {t.name: t for t in figs.forecast_figure(r).data}
    np.testing.assert_array_equal(forecast["ARIMA forecast"].y, r.forecast)
    np.testing.assert_array_equal(forecast["held-out truth"].y, r.test)
    band = forecast["95% prediction interval"].y
    np.testing.assert_array_equal(band[:len(r.upper)], r.upper)
    assert "seasonal naive" not in " ".join(forecast)  # no period, no seasonal naive

    coef = {t.name: t for t in figs.coefficient_figure(r).data}
    assert list(coef["fitted"].x) == ["φ1", "θ1"]
    assert list(coef["true"].y) == [r.truth["ar.L1"], r.truth["ma.L1"]]
    np.testing.assert_allclose(coef["fitted"].error_y.array, r.ci_high[[1, 2]] - r.coef[[1, 2]])

    acf_fig = figs.correlogram_figure(r, "ACF")
    heads = next(t for t in acf_fig.data if t.name == "ACF")
    np.testing.assert_array_equal(heads.y, r.acf)
    assert f"q ≈ {r.suggested_q}" in acf_fig.layout.title.text

    bars = figs.errors_figure(r).data
    assert list(bars[0].y) == [r.rmse, r.naive_rmse]


def test_filled_dots_are_the_lags_outside_the_band_as_the_caption_says():
    r = ex.run(ex.Params())
    for which, values, band, colour in (("ACF", r.acf, r.acf_band, figs.BLUE),
                                        ("PACF", r.pacf, r.pacf_band, figs.GREEN)):
        heads = next(t for t in figs.correlogram_figure(r, which).data if t.name == which)
        filled = np.array(heads.marker.color) == colour
        np.testing.assert_array_equal(filled, np.abs(values) > band)
        assert 0 < filled.sum() < len(filled)  # both kinds of dot are drawn at the defaults
        assert set(heads.marker.color) == {colour, "white"}


def test_the_coefficient_figure_without_coefficients_says_so():
    r = ex.run(ex.Params(series="nile", p=0, q=0))
    fig = figs.coefficient_figure(r)
    assert "no AR or MA" in fig.layout.annotations[0].text


def test_labels_use_the_usual_symbols():
    assert [figs.label(n) for n in ("ar.L1", "ma.L2", "ar.S.L12", "ma.S.L4", "sigma2")] == \
        ["φ1", "θ2", "Φ12", "Θ4", "sigma2"]


@pytest.mark.parametrize("series", ex.SERIES_NAMES)
@pytest.mark.parametrize("d", [0, 1])
def test_correlations_stay_within_minus_one_and_one(series, d):
    r = ex.run(ex.Params(series=series, d=d, p=0, q=0, horizon=8))
    for values in (r.acf, r.pacf, r.resid_acf):
        assert np.all(np.abs(values) <= 1 + 1e-12)
    assert np.all(r.acf_band > 0) and np.all(r.pacf_band > 0)


def test_knobs_that_cannot_change_the_model_share_one_result():
    base = ex.Params(series="nile", horizon=12)
    r = ex.run(base)
    # The seed and the synthetic knobs under a real series; p, q under auto; seasonal knobs off.
    assert ex.run(dataclasses.replace(base, seed=7, phi1=0.1, n=500)) is r
    assert ex.run(dataclasses.replace(base, P=0, s="4")) is r
    auto = ex.run(dataclasses.replace(base, auto="on"))
    assert ex.run(dataclasses.replace(base, auto="on", p=3, q=0)) is auto
    # And knobs that do change it do not share.
    assert ex.run(dataclasses.replace(base, p=2)).order == (2, 1, 1)
    syn = ex.Params(series=SYN, d=0)
    assert not np.array_equal(ex.run(syn).y, ex.run(dataclasses.replace(syn, seed=1)).y)
    # The memo changes nothing: a fresh computation gives the same numbers.
    fresh = ex._run(ex.canonical(base))
    assert fresh.rmse == r.rmse and np.array_equal(fresh.forecast, r.forecast)
