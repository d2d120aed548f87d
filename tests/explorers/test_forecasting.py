"""The forecasting explorer: walk-forward forecasts never see the future (checked by
poisoning it), naive and ARIMA against their definitions and statsmodels, each leak caught
leaking, the scores against scikit-learn's metrics, and the data the figures carry."""

import dataclasses

import numpy as np
import pytest
from sklearn.metrics import mean_absolute_error, root_mean_squared_error

from datasets import SERIES
from explorers import forecasting as ex
from figures import forecasting as figs

SMALL = dict(lookback=8, hidden=8, epochs=10)  # a quick LSTM: these tests are about the data flow


def walk(seed, n=300, drift=0.0):
    y = np.array(ex.series(ex.RANDOM_WALK, n, drift, seed))
    return y, ex.split_point(n, 0.3)


def poisoned(y, day):
    """y with every value from ``day`` on replaced by something wild."""
    z = y.copy()
    z[day:] = 1e4 * (1 + np.arange(len(y) - day) % 7)
    return z


# Walk-forward: a forecast for day t uses nothing from day t on.

FORECASTERS = {
    "naive": lambda y, n_train: ex.naive_forecast(y, n_train),
    "ARIMA": lambda y, n_train: ex.arima_forecast(y, n_train, (1, 1, 1)),
    "LSTM": lambda y, n_train: ex.lstm_forecast(y, n_train, seed=3, **SMALL).forecast,
}


@pytest.mark.parametrize("name", FORECASTERS)
def test_changing_the_future_never_changes_an_honest_forecast(name):
    y, n_train = walk(seed=4)
    before = FORECASTERS[name](y, n_train)
    for k in (0, 17, len(y) - n_train - 1):  # poison from test day k (its own value) on
        after = FORECASTERS[name](poisoned(y, n_train + k), n_train)
        np.testing.assert_allclose(after[:k + 1], before[:k + 1], rtol=1e-12, atol=0)
        if k + 1 < len(before):  # and the poison really reaches the later forecasts
            assert not np.allclose(after[k + 1:], before[k + 1:])


@pytest.mark.parametrize("leak", ex.LEAKS[1:])
def test_every_leak_is_caught_by_the_poisoned_future(leak):
    """The definition of a leak: some forecast changes when a value at or after its own
    day changes. The same check passes for the honest LSTM above."""
    y, n_train = walk(seed=4)
    run = ex.lstm_forecast(y, n_train, seed=3, leak=leak, **SMALL)
    day = n_train + 40
    again = ex.lstm_forecast(poisoned(y, day), n_train, seed=3, leak=leak, **SMALL)
    np.testing.assert_array_equal(again.index, run.index)
    not_yet_poisoned = run.index <= day  # forecasts for days whose own value is still true
    assert not_yet_poisoned.any()
    assert not np.allclose(again.forecast[not_yet_poisoned], run.forecast[not_yet_poisoned])


def test_naive_is_the_day_before():
    y, n_train = walk(seed=1)
    np.testing.assert_array_equal(ex.naive_forecast(y, n_train), y[n_train - 1:-1])
    r = ex.run(ex.Params(n_points=300, seed=1, leak="none", **SMALL))
    np.testing.assert_array_equal(r.forecasts[0], r.y[r.test_index - 1])


@pytest.mark.parametrize("order", list(ex.ORDERS.values()))
def test_arima_one_step_forecasts_are_statsmodels_own(order):
    """Each test day's forecast equals statsmodels forecasting one step from the days before
    it alone, with the parameters fitted on the training part."""
    from statsmodels.tsa.arima.model import ARIMA

    y, n_train = walk(seed=2, n=200)
    ours = ex.arima_forecast(y, n_train, order)
    params = ARIMA(y[:n_train], order=order).fit().params
    for t in (n_train, n_train + 1, n_train + 23, len(y) - 1):
        own = ARIMA(y[:t], order=order).filter(params).forecast(1)[0]
        assert ours[t - n_train] == pytest.approx(own, rel=1e-8)


def test_arima_runs_on_every_real_series_as_loaded():
    for name in SERIES:
        y = ex.series(name, 0, 0.0, 0)
        np.testing.assert_array_equal(y, SERIES[name].load().to_numpy(float))
        assert np.all(np.isfinite(y))


# The scores.

def test_scores_are_sklearns_and_direction_counts_moves():
    y = np.array([10.0, 11.0, 11.0, 9.0, 12.0, 12.0])
    days = np.arange(1, 6)
    forecast = np.array([10.5, 12.0, 8.0, 11.0, 11.0])
    mae, rmse, direction = ex.score(y, days, forecast)
    assert mae == pytest.approx(mean_absolute_error(y[days], forecast))
    assert rmse == pytest.approx(root_mean_squared_error(y[days], forecast))
    # Moves on days 1 (up), 3 (down), 4 (up); days 2 and 5 did not move and do not count.
    # The forecasts call up (10.5 > 10), down (8 < 11), up (11 > 9): all three right.
    assert direction == 1.0
    mirrored = 2 * y[days - 1] - forecast  # every call turned the other way
    assert ex.score(y, days, mirrored)[2] == 0.0
    assert ex.score(y, days, y[days - 1])[2] == 0.0  # naive calls no direction


def test_result_is_consistent_and_read_only():
    r = ex.run(ex.Params(n_points=300, seed=5, leak="target shifted", **SMALL))
    assert r.forecasts.shape == (3, len(r.test_index)) and r.test_index[0] == r.n_train
    for i in range(3):
        mae, rmse, direction = ex.score(r.y, r.test_index, r.forecasts[i])
        assert (r.mae[i], r.rmse[i], r.direction[i]) == pytest.approx((mae, rmse, direction))
    np.testing.assert_allclose(r.skill, 1 - r.rmse / r.rmse[0])
    assert r.arima_ratio == pytest.approx(r.rmse[1] / r.rmse[0])
    assert r.lstm_ratio == pytest.approx(r.rmse[2] / r.rmse[0])
    leak_rmse = ex.score(r.y, r.leak_index, r.leak_forecast)[1]
    naive_rmse = ex.score(r.y, r.leak_index, r.y[r.leak_index - 1])[1]
    assert r.leak_ratio == pytest.approx(leak_rmse / naive_rmse)
    for array in (r.y, r.forecasts, r.rmse, r.leak_forecast, r.lstm_loss):
        with pytest.raises(ValueError):
            array[0] = 0


def test_same_seed_same_run_and_no_leak_means_the_honest_lstm():
    p = ex.Params(n_points=250, seed=8, leak="none", **SMALL)
    ex._LSTM_MEMO.clear()
    first = ex.run(p)
    ex._LSTM_MEMO.clear()
    again = ex.run(p)
    np.testing.assert_array_equal(first.forecasts, again.forecasts)
    np.testing.assert_array_equal(first.lstm_loss, again.lstm_loss)
    np.testing.assert_array_equal(first.leak_forecast, first.forecasts[2])
    assert first.leak_ratio == first.lstm_ratio


def test_a_training_part_too_short_for_the_window_is_refused():
    y, _ = walk(seed=0, n=150)
    with pytest.raises(ValueError, match="training windows"):
        ex.lstm_forecast(y, 30, lookback=20, hidden=8, epochs=5, seed=0)


def test_the_shuffled_split_scatters_as_many_test_days():
    train, test = ex.lstm_days(300, 210, 10, "shuffled split", seed=1)
    honest_train, honest_test = ex.lstm_days(300, 210, 10, "none", seed=1)
    assert len(test) == len(honest_test) == 90 and len(np.intersect1d(train, test)) == 0
    assert test.min() < 210  # test days among the training days
    np.testing.assert_array_equal(honest_test, np.arange(210, 300))


def test_the_shifted_window_ends_on_the_day_it_predicts():
    z = np.arange(20.0)
    days = np.array([5, 9])
    np.testing.assert_array_equal(ex.windows(z, days, 3, "none"), [[2, 3, 4], [6, 7, 8]])
    np.testing.assert_array_equal(ex.windows(z, days, 3, "target shifted"), [[3, 4, 5], [7, 8, 9]])


# The lesson, on random walks across seeds.

SEEDS = (0, 1, 2, 3)


def test_honest_models_do_not_beat_naive_by_much_on_a_random_walk():
    for seed in SEEDS:
        r = ex.run(ex.Params(seed=seed, leak="none"))
        assert r.arima_ratio > 0.97, seed
        assert r.lstm_ratio > 0.95, seed
        assert np.all(np.abs(r.direction[1:] - 0.5) < 0.15), seed  # a coin toss, give or take


def test_leaks_raise_the_apparent_score_on_a_random_walk():
    honest, shifted, shuffled = [], [], []
    for seed in SEEDS:
        p = ex.Params(seed=seed, leak="target shifted")
        r = ex.run(p)
        honest.append(r.lstm_ratio)
        shifted.append(r.leak_ratio)
        shuffled.append(ex.run(dataclasses.replace(p, leak="shuffled split")).leak_ratio)
    # Given the answer, the LSTM copies it: far below naive on every seed.
    assert all(s < 0.5 * h for s, h in zip(shifted, honest))
    # Trained around every test day and never off its training range: better on average.
    assert np.mean(shuffled) < np.mean(honest)


# The code panel, beyond the headline (tests/test_contract.py checks that).

@pytest.mark.parametrize("data", ex.DATA)
def test_the_code_reproduces_the_naive_and_arima_forecasts(data, capsys):
    p = ex.Params(data=data, order="(0,1,1)", test_share=0.2, leak="none", **SMALL)
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p), "<forecasting code>", "exec"), namespace)
    r = ex.run(p)
    np.testing.assert_array_equal(namespace["y"], r.y)
    np.testing.assert_array_equal(namespace["naive"], r.forecasts[0])
    np.testing.assert_allclose(namespace["arima"], r.forecasts[1], rtol=1e-7)
    assert "ARIMA / naive" in capsys.readouterr().out


# The figures, on the data they carry.

def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


@pytest.mark.parametrize("leak", ["none", "shuffled split"])
def test_figures_carry_the_series_the_forecasts_and_the_ratios(leak):
    r = ex.run(ex.Params(n_points=300, seed=6, leak=leak, **SMALL))
    series = figs.series_figure(r)
    train, test = trace(series, "training part"), trace(series, "test part")
    np.testing.assert_array_equal(train.y, r.y[:r.n_train])
    np.testing.assert_array_equal(test.y, r.y[r.n_train - 1:])
    assert [s.x0 for s in series.layout.shapes] == [r.n_train - 0.5]

    forecasts = figs.forecasts_figure(r)
    np.testing.assert_array_equal(trace(forecasts, "truth").y, r.truth)
    for i, name in enumerate(ex.MODELS):
        np.testing.assert_array_equal(trace(forecasts, name).y, r.forecasts[i])
        np.testing.assert_array_equal(trace(forecasts, name).x, r.test_index)
    leaky = [t for t in forecasts.data if t.name.startswith("leaky")]
    assert len(leaky) == (leak != "none")
    if leaky:
        np.testing.assert_array_equal(leaky[0].x, r.leak_index)
        np.testing.assert_array_equal(leaky[0].y, r.leak_forecast)

    ratio = figs.ratio_figure(r)
    np.testing.assert_allclose(ratio.data[0].y, r.rmse / r.rmse[0])
    assert ratio.data[0].y[0] == 1.0
    direction = figs.direction_figure(r)
    np.testing.assert_array_equal(direction.data[0].y, r.direction[1:])
    bars = figs.leak_figure(r).data[0]
    expected = [1.0, r.lstm_ratio] + ([r.leak_ratio] if leak != "none" else [])
    np.testing.assert_allclose(bars.y, expected)

    table = figs.error_table(r)
    assert len(table["model"]) == 3 + (leak != "none")
    np.testing.assert_allclose(table["RMSE / naive"][:3], r.rmse / r.rmse[0])


