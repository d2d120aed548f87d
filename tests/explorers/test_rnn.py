"""The RNN, LSTM & GRU explorer: hidden states checked against torch's own outputs, the
memory task's target, the learning claim of the lesson chart, forecasting without
looking ahead, and the data its figures carry."""

import dataclasses

import numpy as np
import pytest

from datasets import SERIES
from explorers import rnn as ex
from explorers._torch import torch
from figures import rnn as figs

SMALL = dict(hidden=8, epochs=2)  # quick trainings where learning is not the point


# Hidden states: stepping by hand equals the module on the whole sequence.

@pytest.mark.parametrize("cell", ex.CELLS)
def test_step_by_step_states_equal_the_module_on_the_whole_sequence(cell):
    t = torch()
    t.manual_seed(3)
    rnn, _ = ex.build(cell, 2, 6, 2)
    x = t.randn(12, 2)
    hidden, cell_state = ex.step_by_step(rnn, x)
    with t.no_grad():
        out, state = rnn(x[None])
    np.testing.assert_allclose(hidden, out[0].numpy(), rtol=0, atol=1e-6)
    if cell == "LSTM":
        np.testing.assert_allclose(cell_state[-1], state[1][0, 0].numpy(), rtol=0, atol=1e-6)
        assert cell_state.shape == hidden.shape
    else:
        assert cell_state is None


@pytest.mark.parametrize("cell", ex.CELLS)
def test_the_heatmap_shows_the_trained_networks_own_hidden_states(cell):
    p = ex.Params(cell=cell, delay=6, seed=4, **SMALL)
    r = ex.run(p)
    # Retrain the same network (training is deterministic) and ask the module itself.
    rng = np.random.default_rng(p.seed)
    X, y = ex.memory_data(ex.N_TRAIN, p.delay, rng)
    X_test, y_test = ex.memory_data(ex.N_TEST, p.delay, rng)
    (rnn, _), _, _, prob = ex.train(cell, X, y, X_test, y_test, p.hidden, p.epochs, p.learning_rate, p.seed, True)
    t = torch()
    with t.no_grad():
        out, _ = rnn(t.tensor(X_test[:1]))
    np.testing.assert_allclose(r.example_hidden, out[0].numpy(), rtol=0, atol=1e-6)
    np.testing.assert_array_equal(r.example_inputs, X_test[0])
    np.testing.assert_array_equal(r.test_prob, prob)
    assert (r.example_cell is not None) == (cell == "LSTM")


def test_the_gate_bias_starts_the_gated_cells_remembering():
    t = torch()
    t.manual_seed(0)
    plain, _ = ex.build("LSTM", 2, 4, 2)
    t.manual_seed(0)
    default = t.nn.LSTM(2, 4, batch_first=True)
    shift = (plain.bias_ih_l0 - default.bias_ih_l0).detach().numpy()
    # PyTorch's LSTM gates: input, forget, cell, output.
    np.testing.assert_allclose(shift, np.repeat([-ex.GATE_BIAS, ex.GATE_BIAS, 0, 0], 4), atol=1e-6)
    t.manual_seed(0)
    gru, _ = ex.build("GRU", 2, 4, 2)
    t.manual_seed(0)
    default = t.nn.GRU(2, 4, batch_first=True)
    shift = (gru.bias_ih_l0 - default.bias_ih_l0).detach().numpy()
    np.testing.assert_allclose(shift, np.repeat([0, ex.GATE_BIAS, 0], 4), atol=1e-6)  # reset, update, new


# The memory task.

def test_the_memory_target_is_the_sign_shown_at_the_marked_step():
    x, target = ex.memory_data(500, 15, np.random.default_rng(1))
    assert x.shape == (500, 16, 2)
    np.testing.assert_array_equal(x[:, 0, 0], 2 * target - 1)  # the value at step 0 is the sign
    np.testing.assert_array_equal(x[:, :, 1], np.eye(16)[0][None].repeat(500, 0))  # marker at step 0 only
    assert set(np.unique(target)) == {0, 1}
    # Nothing after step 0 tells the sign: the noise is the same whatever the target.
    later = x[:, 1:, 0]
    assert abs(later[target == 1].mean() - later[target == 0].mean()) < 0.1
    assert later.std() == pytest.approx(ex.NOISE, rel=0.05)


def test_the_result_scores_the_sign_it_was_shown():
    r = ex.run(ex.Params(delay=3, seed=2, **SMALL))
    assert r.test_sign[0] == r.example_inputs[0, 0]
    assert r.test_accuracy == pytest.approx(np.mean((r.test_prob > 0.5) == (r.test_sign > 0)))
    assert r.test_error == pytest.approx(1 - r.test_accuracy)


def test_a_short_delay_is_learned():
    r = ex.run(ex.Params(cell="RNN", delay=2))
    assert r.test_accuracy > 0.95
    assert r.train_curve[-1] < r.train_curve[0]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lstm_beats_the_plain_rnn_at_a_long_delay(seed):
    """The lesson: at the defaults and the longest delay, the plain RNN stays near chance
    while the LSTM learns to remember."""
    rnn = ex.run(ex.Params(cell="RNN", delay=40, seed=seed))
    lstm = ex.run(ex.Params(cell="LSTM", delay=40, seed=seed))
    assert rnn.test_accuracy < 0.65
    assert lstm.test_accuracy > 0.9


def test_the_lesson_sweep_is_the_fixed_budget_training_of_each_cell():
    r = ex.run(ex.Params(delay=5, seed=7, **SMALL))
    assert r.sweep_cells == ex.CELLS
    np.testing.assert_array_equal(r.sweep_delays, ex.SWEEP_DELAYS)
    for i, cell in enumerate(ex.CELLS):
        for j, delay in enumerate(ex.SWEEP_DELAYS):
            own = ex.run(ex.Params(cell=cell, delay=delay, seed=ex.SWEEP_SEED))  # the defaults' budget
            assert r.sweep_accuracy[i, j] == own.test_accuracy
    # The gated cells end above the plain RNN at the longest delay.
    last = r.sweep_accuracy[:, -1]
    assert last[ex.CELLS.index("RNN")] < min(last[ex.CELLS.index("LSTM")], last[ex.CELLS.index("GRU")])


def test_progress_is_reported_and_ends_with_your_network():
    seen = []
    ex.run(ex.Params(delay=1, epochs=1), progress=lambda f, text: seen.append((f, text)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and all(0 <= f < 1 for f in fractions)
    assert len(seen) == len(ex.CELLS) * len(ex.SWEEP_DELAYS) + 1
    assert "your LSTM" in seen[-1][1]


def test_same_seed_same_result_and_another_seed_differs():
    p = ex.Params(delay=4, seed=5, **SMALL)
    first = ex.run(p)
    again = ex.memory_fit.__wrapped__(p.cell, p.delay, p.hidden, p.epochs, p.learning_rate, p.seed)  # no memo
    np.testing.assert_array_equal(first.test_prob, again.test_output)
    np.testing.assert_array_equal(first.train_curve, again.train_curve)
    other = ex.run(dataclasses.replace(p, seed=6))
    assert not np.array_equal(first.test_prob, other.test_prob)


# Forecasting.

@pytest.mark.parametrize("name", list(SERIES))
def test_every_window_ends_before_its_target(name):
    time, values, X, y, target_index, n_train, mean, std = ex.series_data(name, 7)
    split = int(round(len(values) * (1 - ex.TEST_SHARE)))
    z = (values - mean) / std
    for k in (0, n_train - 1, n_train, len(y) - 1):
        i = target_index[k]
        np.testing.assert_allclose(X[k, :, 0], z[i - 7:i], rtol=1e-6)  # the 7 values just before
        assert y[k] == pytest.approx(z[i], rel=1e-6)
    assert np.all(target_index[:n_train] < split) and np.all(target_index[n_train:] >= split)
    # The scaling knows nothing of the held-out tail.
    assert mean == pytest.approx(values[:split].mean()) and std == pytest.approx(values[:split].std())


def test_every_forecast_is_rebuilt_from_the_values_before_its_target_alone():
    """Retrain the same network, then predict each held-out target from the raw values that
    precede it, cut from the series by hand: the page's forecasts are exactly these."""
    p = ex.Params(task="forecast", series="nile", window=5, hidden=6, epochs=3)
    r = ex.run(p)
    time, values, X, y, target_index, n_train, mean, std = ex.series_data(p.series, p.window)
    (rnn, head), *_ = ex.train(p.cell, X[:n_train], y[:n_train], X[n_train:], y[n_train:], p.hidden,
                               p.epochs, p.learning_rate, p.seed, False)
    t = torch()
    for k in np.flatnonzero(r.is_test)[[0, 5, -1]]:
        i = target_index[k]
        past = ((values[i - p.window:i] - mean) / std).astype(np.float32)  # nothing from i on
        with t.no_grad():
            z = float(ex.forward(rnn, head, t.tensor(past)[None, :, None])[0, 0])
        assert r.prediction[k] == pytest.approx(z * std + mean, rel=1e-5)


def test_forecast_scores_against_the_truth_and_the_naive_forecast():
    r = ex.run(ex.Params(task="forecast", series="sunspots", **SMALL))
    truth = r.values[np.searchsorted(r.time, r.target_time)]
    rmse = np.sqrt(np.mean((r.prediction[r.is_test] - truth[r.is_test]) ** 2))
    assert r.test_error == pytest.approx(rmse)
    index = np.searchsorted(r.time, r.target_time[r.is_test])
    naive = np.sqrt(np.mean((r.values[index - 1] - r.values[index]) ** 2))
    assert r.baseline_error == pytest.approx(naive)
    assert r.split_time == r.target_time[r.is_test][0]
    assert r.test_accuracy is None


def test_the_default_forecast_beats_the_naive_one_on_sunspots():
    r = ex.run(ex.Params(task="forecast", series="sunspots"))
    assert r.test_error < r.baseline_error


# Figures carry the result's data.

def test_lesson_figure_carries_the_sweep_and_your_network():
    r = ex.run(ex.Params(delay=3, **SMALL))
    fig = figs.lesson_figure(r, delay=3)
    for i, cell in enumerate(r.sweep_cells):
        trace = next(t for t in fig.data if t.name == cell)
        np.testing.assert_array_equal(trace.y, r.sweep_accuracy[i])
        np.testing.assert_array_equal(trace.x, ex.SWEEP_DELAYS)
    star = fig.data[-1]
    assert list(star.x) == [3] and list(star.y) == [r.test_accuracy]
    assert any(s.y0 == 0.5 for s in fig.layout.shapes)  # chance


@pytest.mark.parametrize("cell", ["RNN", "LSTM"])
def test_state_figures_carry_the_states(cell):
    r = ex.run(ex.Params(cell=cell, delay=5, **SMALL))
    np.testing.assert_array_equal(figs.state_figure(r, "hidden").data[0].z, r.example_hidden.T)
    if cell == "LSTM":
        np.testing.assert_array_equal(figs.state_figure(r, "cell").data[0].z, r.example_cell.T)
    np.testing.assert_array_equal(figs.input_figure(r).data[0].y, r.example_inputs[:, 0])
    loss = figs.loss_figure(r)
    np.testing.assert_array_equal(loss.data[0].y, r.train_curve)
    np.testing.assert_array_equal(loss.data[1].y, r.test_curve)
    recall = figs.recall_figure(r)
    shown = np.concatenate([recall.data[0].x, recall.data[1].x])
    assert sorted(shown) == list(range(80))
    assert np.all(r.test_sign[np.asarray(recall.data[0].x, int)] == 1)


def test_forecast_figure_carries_truth_and_predictions():
    r = ex.run(ex.Params(task="forecast", series="nile", **SMALL))
    fig = figs.forecast_figure(r, "nile")
    np.testing.assert_array_equal(fig.data[0].y, r.values)
    np.testing.assert_array_equal(fig.data[2].y, r.prediction[r.is_test])
    np.testing.assert_array_equal(fig.data[2].x, r.target_time[r.is_test])
    assert fig.layout.shapes[0].x0 == r.split_time


def test_result_arrays_are_read_only():
    r = ex.run(ex.Params(delay=3, **SMALL))
    for name in ("test_prob", "test_sign", "train_curve", "example_hidden", "sweep_accuracy", "epochs"):
        assert not getattr(r, name).flags.writeable, name
