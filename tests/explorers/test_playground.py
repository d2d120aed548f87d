"""The neural-network playground: training resumes exactly, the losses and penalties are
torch's own, the recorded surfaces are the network's, and the figures carry them."""

import contextlib
import dataclasses
import io

import numpy as np
import pytest
import torch

from explorers import _live, _playground_live as px, playground as ex
from explorers.playground import split
from figures import playground as figs

DROPOUT_3 = ex.Params(data="three classes", dropout=0.3, regularization="L2", reg_rate=0.01, epochs=20,
                      batch_size=20.0, neurons=5, seed=4)
BUMPS = ex.Params(data="regression: bumps", epochs=30, hidden_layers=1, neurons=6, dropout=0.1, seed=2)
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
    assert r.test_score > 0.95


def test_the_run_records_the_final_network_and_scrubbing_picks_checkpoints():
    p = ex.Params(epochs=40)
    r = ex.run(p)
    assert list(r.checkpoints) == list(np.linspace(0, 40, 21).round().astype(int))
    assert r.show_epoch == 40
    np.testing.assert_array_equal(r.checkpoint_class[-1], r.scores.grid_class)
    np.testing.assert_allclose(r.checkpoint_confidence[-1], r.scores.grid_confidence, atol=1e-3)
    assert r.checkpoint_test_score[-1] == r.test_score
    assert r.checkpoint_train_score[-1] == r.train_score
    half = ex.run(dataclasses.replace(p, show=50))
    assert half.show_epoch == 20 and half.test_score == r.test_score  # same cached training
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
    assert r.test_score > 0.9  # the squares make a circle a straight cut
    plain = ex.run(ex.Params(hidden_layers=0, data="circles", noise=0.1))
    assert plain.test_score < 0.75


def test_divergence_is_reported_and_the_last_finite_network_kept():
    r = ex.run(DIVERGES)
    assert r.diverged and r.epochs_run < DIVERGES.epochs
    assert np.all(np.isfinite(r.train_curve)) and len(r.train_curve) == r.epochs_run + 1
    assert all(np.all(np.isfinite(w)) for w in r.weights)
    assert r.checkpoints[-1] == r.epochs_run


@pytest.mark.parametrize("p", [DIVERGES, DROPOUT_3, ex.Params(data="iris", hidden_layers=0, epochs=20), BUMPS],
                         ids=["diverges", "dropout-3class", "iris-no-hidden", "regression-bumps"])
def test_the_snippet_reproduces_the_run(p):
    namespace = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(compile(ex.code(p), "<snippet>", "exec"), namespace)
    r = ex.run(p)
    assert namespace["test_score"] == pytest.approx(r.test_score, abs=1e-7)
    train = namespace["train_score" if r.regression else "train_accuracy"]
    assert train == pytest.approx(r.train_score, abs=1e-7)
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
    start = px.live_start(ex.Params())
    split_steps = _live.step(_live.step(start, 10), 20)
    one_go = _live.step(start, 30)
    assert split_steps.state.epoch == one_go.state.epoch == 30
    assert split_steps.state.train_curve == one_go.state.train_curve
    for a, b in zip(_weights(split_steps.state), _weights(one_go.state)):
        assert torch.equal(a, b)
    assert start.state.epoch == 0 and len(start.state.train_curve) == 1


def test_live_training_is_the_recorded_run():
    """The same start and the same random stream: live epoch 20 is the recorded run's epoch 20."""
    p = dataclasses.replace(DROPOUT_3, epochs=20)
    live = _live.step(px.live_start(p), 20)
    r = ex.run(p)
    assert live.state.train_curve == tuple(r.train_curve)
    view = px.live_view(live)
    assert view.test_score == r.test_score and view.show_epoch == 20
    np.testing.assert_array_equal(view.shown.grid_class, r.scores.grid_class)


def test_live_key_ignores_only_the_recorded_run_knobs():
    p = ex.Params()
    assert px.live_key(dataclasses.replace(p, epochs=300, show=5)) == px.live_key(p)
    for change in (dict(hidden_layers=3), dict(learning_rate=0.1), dict(seed=1), dict(data="circles")):
        other = dataclasses.replace(p, **change)
        assert px.live_key(other) != px.live_key(p)
        assert _live.changed(px.live_key(p), px.live_key(other)) == list(change)
    assert _live.changed(px.live_key(p), px.live_key(dataclasses.replace(p, epochs=300, show=5))) == []


def test_chunks_reach_the_cap_exactly():
    assert _live.chunks(0, cap=23, size=10) == [10, 10, 3]
    assert _live.chunks(20, cap=20, size=10) == [] and _live.chunks(25, cap=20, size=10) == []
    assert sum(_live.chunks(7, cap=1000, size=10)) == 993


def test_steps_stop_at_the_cap_and_after_divergence():
    live = _live.step(px.live_start(ex.Params(), cap=12), 15)
    assert live.state.epoch == 12 and _live.room(live) == 0
    assert _live.step(live, 5) is live
    diverged = _live.step(px.live_start(DIVERGES), 50)
    assert diverged.state.diverged and _live.room(diverged) == 0
    assert _live.step(diverged, 10) is diverged


# ---- regression surfaces ----

def test_a_regression_surface_has_one_unsquashed_output_trained_on_mean_squared_error():
    r = ex.run(BUMPS)
    s = split(BUMPS)
    assert r.regression and r.score_name == "R²" and s.n_classes == 0
    assert s.y_train.dtype.kind == "f"
    data = ex.tensors(BUMPS)
    model = ex.build(BUMPS, s.n_classes)
    assert model[-1].out_features == 1 and isinstance(model[-1], torch.nn.Linear)  # nothing after it
    out = model(data.X_train)
    assert ex.data_loss(out, data.y_train).item() == pytest.approx(
        torch.nn.functional.mse_loss(out[:, 0], data.y_train).item(), rel=1e-7)
    assert r.train_loss == r.train_curve[-1] and r.test_loss == r.test_curve[-1]


def test_regression_scores_are_r2_of_the_networks_own_predictions():
    from sklearn.metrics import r2_score

    r = ex.run(BUMPS)
    s = split(BUMPS)
    assert r.test_score == pytest.approx(r2_score(s.y_test, r.scores.test_predicted), rel=1e-12)
    assert r.scores.grid_value.shape == (ex.GRID, ex.GRID)
    # The recorded last checkpoint is the trained network (heights kept in float16).
    last = ex.checkpoint_scores(r, len(r.checkpoints) - 1)
    np.testing.assert_allclose(last.grid_value, r.scores.grid_value, atol=2e-3)
    assert last.test_score == r.test_score
    # Scrubbing back shows an earlier, worse network.
    assert ex.checkpoint_scores(r, 0).test_score < r.test_score


def test_with_no_hidden_layer_a_plane_is_fitted_as_well_as_least_squares():
    """One linear output on x1, x2 is linear regression: trained long enough, its test R²
    matches scikit-learn's LinearRegression on the same split."""
    from sklearn.linear_model import LinearRegression

    p = ex.Params(data="regression: plane", hidden_layers=0, epochs=200, noise=0.3)
    s = split(p)
    least_squares = LinearRegression().fit(s.X_train, s.y_train).score(s.X_test, s.y_test)
    assert ex.run(p).test_score == pytest.approx(least_squares, abs=0.01)


def test_the_ripple_needs_hidden_neurons():
    flat = ex.run(ex.Params(data="regression: ripple", hidden_layers=0, noise=0.0))
    deep = ex.run(ex.Params(data="regression: ripple", hidden_layers=2, neurons=8, noise=0.0, epochs=300))
    assert flat.test_score < 0.1 < 0.6 < deep.test_score


def test_surface_makers_are_the_pasted_code():
    """The snippet pastes each maker's source: running it gives the same points."""
    from datasets.planes import SURFACES, sample_surface

    for name, surface in SURFACES.items():
        namespace = {}
        exec(surface.imports + "\n" + surface.source(), namespace)
        X, y = namespace[surface.make.__name__](40, 0.3, 7)
        X2, y2 = sample_surface(name, 40, 0.3, 7)
        np.testing.assert_array_equal(X, X2)
        np.testing.assert_array_equal(y, y2)


def test_height_and_fit_figures_carry_the_predictions():
    r = ex.run(BUMPS)
    surface = figs.surface_figure(r)
    heat = next(t for t in surface.data if t.type == "heatmap")
    np.testing.assert_allclose(np.asarray(heat.z, float), r.shown.grid_value, atol=1e-6)
    assert heat.zmin == -heat.zmax == -figs.height_range(r.split)
    assert "R²" in surface.layout.title.text
    points = next(t for t in figs.fit_figure(r).data if t.name == "test point")
    np.testing.assert_array_equal(points.x, r.split.y_test)
    np.testing.assert_array_equal(points.y, r.scores.test_predicted)
    assert "mean squared error" in figs.loss_figure(r).layout.yaxis.title.text


def test_live_training_on_a_surface_is_the_recorded_run():
    p = dataclasses.replace(BUMPS, epochs=20)
    r = ex.run(p)
    view = px.live_view(_live.step(px.live_start(p), 20))
    assert view.regression and view.test_score == r.test_score and view.show_epoch == 20
