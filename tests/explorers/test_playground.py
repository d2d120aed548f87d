"""The neural-network playground: training resumes exactly, the losses and penalties are
torch's own, the recorded surfaces are the network's, and the figures carry them."""

import contextlib
import dataclasses
import io

import numpy as np
import pytest
import torch

from explorers import playground as ex
from explorers._classify import split
from figures import playground as figs

DROPOUT_3 = ex.Params(data="three classes", dropout=0.3, regularization="L2", reg_rate=0.01, epochs=20,
                      batch_size=20.0, neurons=5, seed=4)
DIVERGES = ex.Params(activation="linear", optimizer="sgd", learning_rate=1.0, hidden_layers=4, neurons=8,
                     features="all seven", batch_size=10.0, epochs=50)


def _weights(state):
    return [w.detach().clone() for w in state.model.parameters()]


@pytest.mark.parametrize("p", [ex.Params(epochs=10), DROPOUT_3, dataclasses.replace(DROPOUT_3, optimizer="sgd",
                                                                                   regularization="L1")],
                         ids=["adam", "adam-dropout-L2-3class", "sgd-dropout-L1-3class"])
def test_training_resumes_exactly(p):
    """30 + 70 epochs in two calls is the same network as 100 in one: the optimizer's moments
    and the random stream (batch order, dropout masks) are carried in the state."""
    data = ex.tensors(p)
    start = ex.init(p, data)
    once = ex.train(p, start, 10, data)
    twice = ex.train(p, ex.train(p, start, 3, data), 7, data)
    for a, b in zip(_weights(once), _weights(twice)):
        assert torch.equal(a, b)
    assert once.train_curve == twice.train_curve and once.epoch == twice.epoch == 10
    # and the starting state was left as it was
    assert start.epoch == 0 and all(torch.equal(a, b) for a, b in zip(_weights(start), _weights(ex.init(p, data))))


def test_loss_falls_and_an_easy_set_is_learned():
    r = ex.run(ex.Params(data="linear", noise=0.1))
    assert r.train_curve[-1] < 0.3 * r.train_curve[0]
    assert r.test_accuracy > 0.95


def test_the_run_records_the_final_network_and_scrubbing_picks_checkpoints():
    p = ex.Params(epochs=40)
    r = ex.run(p)
    assert list(r.checkpoints) == list(np.linspace(0, 40, 21).round().astype(int))
    assert r.show_epoch == 40
    np.testing.assert_array_equal(r.checkpoint_class[-1], r.scores.grid_class)
    np.testing.assert_allclose(r.checkpoint_confidence[-1], r.scores.grid_confidence, atol=1e-3)
    assert r.checkpoint_test_accuracy[-1] == r.test_accuracy
    assert r.checkpoint_train_accuracy[-1] == r.train_accuracy
    half = ex.run(dataclasses.replace(p, show=50))
    assert half.show_epoch == 20 and half.test_accuracy == r.test_accuracy  # same cached training
    np.testing.assert_array_equal(half.shown.grid_class, r.checkpoint_class[10])
    # The checkpoint at epoch 20 is what training for 20 epochs gives.
    twenty = ex.run(dataclasses.replace(p, epochs=20))
    np.testing.assert_array_equal(half.shown.test_predicted, twenty.scores.test_predicted)
    assert ex.run(dataclasses.replace(p, show=0)).show_epoch == 0
    assert len(r.train_curve) == len(r.epochs) == 41


def test_three_classes_use_softmax_and_cross_entropy():
    p = ex.Params(data="three classes", epochs=10)
    data = ex.tensors(p)
    model = ex.init(p, data).model
    logits = model(data.X_train)
    assert logits.shape[1] == 3
    proba = ex.probabilities(logits)
    torch.testing.assert_close(proba.sum(dim=1), torch.ones(len(proba)))
    by_hand = -torch.log_softmax(logits, dim=1)[torch.arange(len(logits)), data.y_train].mean()
    torch.testing.assert_close(ex.data_loss(logits, data.y_train), by_hand)
    r = ex.run(p)
    assert r.scores.grid_confidence.min() >= 1 / 3 - 1e-6
    assert set(np.unique(r.scores.grid_class)) <= {0, 1, 2}


def test_two_classes_use_one_logit_and_binary_cross_entropy():
    p = ex.Params()
    data = ex.tensors(p)
    logits = ex.init(p, data).model(data.X_train)
    assert logits.shape[1] == 1
    q = torch.sigmoid(logits[:, 0])
    y = data.y_train.float()
    by_hand = -(y * torch.log(q) + (1 - y) * torch.log(1 - q)).mean()
    torch.testing.assert_close(ex.data_loss(logits, data.y_train), by_hand)


def test_features_are_computed_from_the_standardised_coordinates():
    p = ex.Params(features="all seven")
    s = split(p)
    Z = (s.X_train - s.X_train.mean(axis=0)) / s.X_train.std(axis=0)
    a, b = Z[:, 0], Z[:, 1]
    expected = np.column_stack([a, b, a ** 2, b ** 2, a * b, np.sin(a), np.sin(b)])
    np.testing.assert_allclose(ex.tensors(p).X_train.numpy(), expected, rtol=1e-5, atol=1e-6)
    assert ex.FEATURES["all seven"] == ("x1", "x2", "x1²", "x2²", "x1·x2", "sin x1", "sin x2")
    for name, columns in ex.FEATURES.items():
        assert ex.tensors(dataclasses.replace(p, features=name)).X_train.shape[1] == len(columns)


def test_l2_penalty_is_torch_weight_decay_on_the_weights():
    """One SGD step on loss + ½ rate |w|² equals torch's SGD with weight_decay=rate on the
    weights (biases left alone)."""
    p = ex.Params(optimizer="sgd", regularization="L2", reg_rate=0.1, learning_rate=0.5)
    data = ex.tensors(p)
    ours = ex.init(p, data).model
    theirs = ex.init(p, data).model
    opt = torch.optim.SGD(ours.parameters(), lr=0.5)
    loss = ex.data_loss(ours(data.X_train), data.y_train) + ex.penalty(p, ours)
    opt.zero_grad(), loss.backward(), opt.step()
    linears = [m for m in theirs if isinstance(m, torch.nn.Linear)]
    opt2 = torch.optim.SGD([{"params": [m.weight for m in linears], "weight_decay": 0.1},
                            {"params": [m.bias for m in linears], "weight_decay": 0.0}], lr=0.5)
    loss2 = ex.data_loss(theirs(data.X_train), data.y_train)
    opt2.zero_grad(), loss2.backward(), opt2.step()
    for a, b in zip(ours.parameters(), theirs.parameters()):
        torch.testing.assert_close(a, b)


def test_l1_penalty_gradient_is_rate_times_sign():
    p = ex.Params(regularization="L1", reg_rate=0.01)
    model = ex.init(p, ex.tensors(p)).model
    ex.penalty(p, model).backward()
    for m in model:
        if isinstance(m, torch.nn.Linear):
            torch.testing.assert_close(m.weight.grad, 0.01 * torch.sign(m.weight))
            assert m.bias.grad is None


def test_no_penalty_when_regularisation_is_off():
    p = ex.Params(regularization="none", reg_rate=0.1)
    assert ex.penalty(p, ex.init(p, ex.tensors(p)).model) is None


def test_dropout_is_on_in_training_and_off_in_evaluation():
    p = ex.Params(dropout=0.5, neurons=8)
    data = ex.tensors(p)
    model = ex.init(p, data).model
    assert any(isinstance(m, torch.nn.Dropout) for m in model)
    model.train()
    assert not torch.equal(model(data.X_train), model(data.X_train))
    model.eval()
    without = torch.nn.Sequential(*[m for m in model if not isinstance(m, torch.nn.Dropout)])
    torch.testing.assert_close(model(data.X_train), without(data.X_train))


@pytest.mark.parametrize("p", [ex.Params(activation="relu", hidden_layers=2, neurons=3),
                               ex.Params(activation="sigmoid", hidden_layers=1, features="with sines")])
def test_neuron_surfaces_are_the_layers_with_these_weights(p):
    r = ex.run(p)
    act = {"relu": lambda v: np.maximum(v, 0), "sigmoid": lambda v: 1 / (1 + np.exp(-v))}[p.activation]
    inputs = r.feature_surfaces.reshape(len(r.feature_names), -1)
    h = inputs
    for layer, surfaces in enumerate(r.neuron_surfaces):
        h = act(r.weights[layer] @ h + r.biases[layer][:, None])
        np.testing.assert_allclose(surfaces.reshape(len(h), -1), h, rtol=1e-4, atol=1e-5)
    logit = r.weights[-1] @ h + r.biases[-1][:, None]
    # The output at the coarse grid agrees with the class the fine grid predicts at shared corners.
    assert (logit[0, 0] > 0) == (r.scores.grid_class[0, 0] == 1)


def test_no_hidden_layer_is_logistic_regression_on_the_features():
    r = ex.run(ex.Params(hidden_layers=0, features="with squares", data="circles", noise=0.1))
    assert r.neuron_surfaces == () and len(r.weights) == 1 and r.weights[0].shape == (1, 4)
    assert r.test_accuracy > 0.9  # the squares make a circle a straight cut
    plain = ex.run(ex.Params(hidden_layers=0, data="circles", noise=0.1))
    assert plain.test_accuracy < 0.75


def test_divergence_is_reported_and_the_last_finite_network_kept():
    r = ex.run(DIVERGES)
    assert r.diverged and r.epochs_run < DIVERGES.epochs
    assert np.all(np.isfinite(r.train_curve)) and len(r.train_curve) == r.epochs_run + 1
    assert all(np.all(np.isfinite(w)) for w in r.weights)
    assert r.checkpoints[-1] == r.epochs_run


@pytest.mark.parametrize("p", [DIVERGES, DROPOUT_3, ex.Params(data="iris", hidden_layers=0, epochs=20)],
                         ids=["diverges", "dropout-3class", "iris-no-hidden"])
def test_the_snippet_reproduces_the_run(p):
    namespace = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(compile(ex.code(p), "<snippet>", "exec"), namespace)
    r = ex.run(p)
    assert namespace["test_accuracy"] == pytest.approx(r.test_accuracy, abs=1e-7)
    assert namespace["train_accuracy"] == pytest.approx(r.train_accuracy, abs=1e-7)
    if not r.diverged:  # else the snippet's last loss is the infinite one it stopped at
        assert namespace["test_loss"] == pytest.approx(float(r.test_curve[-1]), rel=1e-6)
    assert ("diverged" in out.getvalue()) == r.diverged


def test_network_figure_draws_every_weight_in_its_sign_colour():
    r = ex.run(ex.Params(hidden_layers=2, neurons=3, features="with product"))
    fig = figs.network_figure(r)
    weights = np.concatenate([w.ravel() for w in r.weights])
    for colour, sign in ((figs.VERMILLION, 1), (figs.BLUE, -1)):
        edges = [t for t in fig.data if t.mode == "lines" and t.line.color == colour]
        segments = sum(list(t.x).count(None) for t in edges)
        assert segments == int(np.sum(np.sign(weights) == sign))
    thick = [t for t in fig.data if t.mode == "lines" and t.line.width == figs.WIDTHS[-1]]
    biggest = np.abs(weights).max()
    assert sum(list(t.x).count(None) for t in thick) >= 1  # the largest |w| is in the thickest band
    assert np.sum(np.abs(weights) >= 2 / 3 * biggest) == sum(list(t.x).count(None) for t in thick)


def test_neurons_figure_tiles_carry_the_surfaces():
    r = ex.run(ex.Params(neurons=2))
    fig = figs.neurons_figure(r)
    heat = fig.data[0]
    raw = np.asarray(heat.customdata, float)
    n = r.neuron_x.size
    values = raw[~np.isnan(raw)]
    expected = np.concatenate([r.feature_surfaces.ravel()] + [h.ravel() for h in r.neuron_surfaces])
    np.testing.assert_allclose(np.sort(values), np.sort(expected))
    assert np.nanmax(np.abs(np.asarray(heat.z, float))) <= 1 + 1e-12
    assert raw.shape[0] % (n + 6) == 0 and raw.shape[0] // (n + 6) == 1 + len(r.neuron_surfaces)


def test_loss_and_surface_figures_carry_the_shown_epoch():
    r = ex.run(ex.Params(show=25))
    loss = figs.loss_figure(r)
    assert [s.x0 for s in loss.layout.shapes] == [r.show_epoch] == [25]
    np.testing.assert_array_equal(next(t for t in loss.data if t.name == "test").y, r.test_curve)
    surface = figs.surface_figure(r)
    heat = next(t for t in surface.data if t.type == "heatmap")
    np.testing.assert_array_equal(np.floor(np.asarray(heat.z)), r.checkpoint_class[5])
    assert "epoch 25 of 100" in surface.layout.title.text


def test_trainings_on_two_threads_at_once_stay_repeatable():
    """Streamlit serves sessions on threads: dropout draws from torch's global generator,
    so concurrent trainings must not interleave their draws."""
    import threading

    p = DROPOUT_3
    data = ex.tensors(p)
    alone = _weights(ex.train(p, ex.init(p, data), 20, data))
    results = [None, None]

    def work(i):
        results[i] = _weights(ex.train(p, ex.init(p, data), 20, data))

    threads = [threading.Thread(target=work, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for got in results:
        assert all(torch.equal(a, b) for a, b in zip(alone, got))


# ---- live training ----

def test_live_steps_resume_exactly_and_leave_the_state_alone():
    start = ex.live_start(ex.Params())
    split_steps = ex.step(ex.step(start, 10), 20)
    one_go = ex.step(start, 30)
    assert split_steps.state.epoch == one_go.state.epoch == 30
    assert split_steps.state.train_curve == one_go.state.train_curve
    for a, b in zip(_weights(split_steps.state), _weights(one_go.state)):
        assert torch.equal(a, b)
    assert start.state.epoch == 0 and len(start.state.train_curve) == 1


def test_live_training_is_the_recorded_run():
    """The same start and the same random stream: live epoch 20 is the recorded run's epoch 20."""
    p = dataclasses.replace(DROPOUT_3, epochs=20)
    live = ex.step(ex.live_start(p), 20)
    r = ex.run(p)
    assert live.state.train_curve == tuple(r.train_curve)
    view = ex.live_view(live)
    assert view.test_accuracy == r.test_accuracy and view.show_epoch == 20
    np.testing.assert_array_equal(view.shown.grid_class, r.scores.grid_class)


def test_live_key_ignores_only_the_recorded_run_knobs():
    p = ex.Params()
    assert ex.live_key(dataclasses.replace(p, epochs=300, show=5)) == ex.live_key(p)
    for change in (dict(hidden_layers=3), dict(learning_rate=0.1), dict(seed=1), dict(data="circles")):
        other = dataclasses.replace(p, **change)
        assert ex.live_key(other) != ex.live_key(p)
        assert ex.changed(ex.live_key(p), ex.live_key(other)) == list(change)
    assert ex.changed(p, dataclasses.replace(p, epochs=300, show=5)) == []


def test_chunks_reach_the_cap_exactly():
    assert ex.chunks(0, cap=23, size=10) == [10, 10, 3]
    assert ex.chunks(20, cap=20, size=10) == [] and ex.chunks(25, cap=20, size=10) == []
    assert sum(ex.chunks(7, cap=1000, size=10)) == 993


def test_steps_stop_at_the_cap_and_after_divergence():
    live = ex.step(ex.live_start(ex.Params()), 15, cap=12)
    assert live.state.epoch == 12 and ex.room(live, 12) == 0
    assert ex.step(live, 5, cap=12) is live
    diverged = ex.step(ex.live_start(DIVERGES), 50)
    assert diverged.state.diverged and ex.room(diverged) == 0
    assert ex.step(diverged, 10) is diverged
