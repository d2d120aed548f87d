"""The backpropagation explorer: every hand-computed number against torch.autograd, the
update and the loss curve against torch.optim.SGD, Mazur's published numbers, and the
data the figures and tables carry."""

import dataclasses
import itertools

import numpy as np
import pytest
import torch

from explorers import backprop as ex
from figures import backprop as figs
from figures.theme import COLOUR_NAMES

SETTINGS = [
    ex.Params(),
    *[ex.Params(activation=a, loss=l, init="seeded", seed=s, x1=x1, x2=x2, y=y, learning_rate=lr, iterations=30)
      for (a, l), (s, x1, x2, y, lr) in zip(
          itertools.product(ex.ACTIVATIONS, ex.LOSSES),
          [(1, 0.5, -1.0, 1.0, 0.5), (2, -2.0, 2.0, 0.0, 2.0), (3, 1.5, 0.3, 0.7, 0.1),
           (4, -0.5, -1.5, 0.2, 5.0), (5, 2.0, -2.0, 1.0, 10.0), (6, 0.0, 0.05, 0.5, 1.0)])],
]
IDS = [f"{p.activation}-{p.loss}-{p.init}-s{p.seed}" for p in SETTINGS]
ACT = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "ReLU": torch.relu}


def torch_step(p):
    """The same network in plain PyTorch: autograd for the gradients, SGD for the updates."""
    theta = torch.tensor(ex.start_weights(p.init, p.seed), dtype=torch.float64, requires_grad=True)
    x = torch.tensor([p.x1, p.x2], dtype=torch.float64)
    y = torch.tensor(p.y, dtype=torch.float64)

    def loss_of(t):
        z_h = t[:4].reshape(2, 2) @ x + t[6:8]
        h = ACT[p.activation](z_h)
        z_o = t[4:6] @ h + t[8]
        a = torch.sigmoid(z_o)
        if p.loss == "squared error":
            return 0.5 * (a - y) ** 2, (z_h, h, z_o, a)
        return torch.nn.functional.binary_cross_entropy_with_logits(z_o, y), (z_h, h, z_o, a)

    return theta, loss_of


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_every_intermediate_and_gradient_is_autograds(p):
    """The hand-computed forward values and gradients against an independent autograd graph
    (loss from the logits, as in the page's code), and the Result's own autograd column."""
    r = ex.run(p)
    theta, loss_of = torch_step(p)
    loss, (z_h, h, z_o, a) = loss_of(theta)
    for v in (z_h, h, z_o, a):
        v.retain_grad()
    loss.backward()
    close = dict(rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(r.z_hidden, z_h.detach().numpy(), **close)
    np.testing.assert_allclose(r.hidden, h.detach().numpy(), **close)
    np.testing.assert_allclose([r.z_out, r.out, r.loss], [z_o.item(), a.item(), loss.item()], **close)
    np.testing.assert_allclose(r.delta_out, z_o.grad.item(), **close)
    np.testing.assert_allclose(r.dL_dhidden, h.grad.numpy(), **close)
    np.testing.assert_allclose(r.delta_hidden, z_h.grad.numpy(), **close)
    np.testing.assert_allclose(r.grad, theta.grad.numpy(), **close)
    if p.loss == "squared error":  # from the logits, a is off the cross-entropy's path
        np.testing.assert_allclose(r.dL_da, a.grad.item(), **close)
    np.testing.assert_allclose(r.dL_da * r.da_dz, r.delta_out, rtol=1e-10)
    # The page's two columns agree too (autograd's dL/da through binary_cross_entropy on a).
    np.testing.assert_allclose(r.by_hand, r.by_autograd, rtol=1e-9, atol=1e-13)
    assert len(r.quantities) == len(r.by_hand) == 16


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_the_update_and_the_curve_are_sgds(p):
    r = ex.run(p)
    theta, loss_of = torch_step(p)
    optimizer = torch.optim.SGD([theta], lr=p.learning_rate)
    losses = []
    for i in range(p.iterations):
        optimizer.zero_grad()
        loss = loss_of(theta)[0]
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
        if i == 0:
            np.testing.assert_allclose(r.theta_after, theta.detach().numpy(), rtol=1e-10, atol=1e-13)
            with torch.no_grad():
                assert r.loss_after == pytest.approx(loss_of(theta)[0].item(), rel=1e-9, abs=1e-14)
    with torch.no_grad():
        losses.append(loss_of(theta)[0].item())
    assert not r.diverged and len(r.curve) == p.iterations + 1
    np.testing.assert_allclose(r.curve, losses, rtol=1e-7, atol=1e-12)
    assert r.curve[0] == r.loss and r.curve[1] == pytest.approx(r.loss_after, rel=1e-12)


def test_mazurs_published_numbers():
    """Matt Mazur's 'A Step by Step Backpropagation Example', output o1: his forward values,
    E_o1, dE/dw5 and the updated w5 (his hidden-layer gradients also include o2, ours cannot)."""
    r = ex.run(ex.Params())
    assert r.z_hidden[0] == pytest.approx(0.3775, abs=1e-12)
    np.testing.assert_allclose(r.hidden, [0.593269992, 0.596884378], atol=1e-9)
    assert r.z_out == pytest.approx(1.105905967, abs=1e-9)
    assert r.out == pytest.approx(0.75136507, abs=1e-8)
    assert r.loss == pytest.approx(0.274811083, abs=1e-9)
    assert r.grad[4] == pytest.approx(0.082167041, abs=1e-9)
    assert r.theta_after[4] == pytest.approx(0.35891648, abs=1e-8)


def test_cross_entropy_output_delta_is_a_minus_y_and_squared_error_shrinks_it():
    se = ex.run(ex.Params(y=1.0))
    ce = ex.run(ex.Params(y=1.0, loss="cross-entropy"))
    assert ce.delta_out == pytest.approx(ce.out - 1.0, rel=1e-12)
    assert se.delta_out == pytest.approx((se.out - 1.0) * se.out * (1 - se.out), rel=1e-12)
    assert abs(se.delta_out) < abs(ce.delta_out)


def test_a_dead_relu_passes_back_no_gradient():
    # Mazur's weights are all positive, so negative inputs make both hidden z negative.
    r = ex.run(ex.Params(activation="ReLU", x1=-2.0, x2=-2.0))
    assert np.all(r.z_hidden < 0)
    assert np.all(r.grad[:4] == 0) and np.all(r.grad[6:8] == 0) and np.all(r.grad[4:6] == 0)
    assert r.grad[8] != 0  # only the output bias still learns


def test_seeded_weights_come_from_the_generator_and_the_seed_matters():
    a, b = ex.start_weights("seeded", 3), ex.start_weights("seeded", 4)
    expected = torch.rand(9, generator=torch.Generator().manual_seed(3), dtype=torch.float64) * 2 - 1
    np.testing.assert_array_equal(a, expected.numpy())
    assert not np.allclose(a, b) and np.all(np.abs(a) <= 1)


def test_scrubbing_and_following_reuse_the_computation():
    r1 = ex.run(ex.Params(step=1))
    r6 = ex.run(ex.Params(step=6, follow="w2"))
    assert r1.by_hand is r6.by_hand  # the same cached arrays
    assert not r1.by_hand.flags.writeable and not r1.curve.flags.writeable


def test_divergence_is_reported_with_a_finite_curve():
    # Find a setting that overflows, if any does, and check the report; the swept corners must stay finite.
    for act, loss, x in itertools.product(ex.ACTIVATIONS, ex.LOSSES, (-2.0, 2.0)):
        r = ex.run(ex.Params(activation=act, loss=loss, x1=x, x2=x, y=1.0, learning_rate=10.0, iterations=500,
                             init="seeded", seed=1))
        assert np.all(np.isfinite(r.curve))
        assert r.diverged == (len(r.curve) < 501)


@pytest.mark.parametrize("follow", ex.NAMES)
def test_the_chain_rule_factors_multiply_to_the_gradient(follow):
    r = ex.run(ex.Params(follow=follow, activation="tanh", init="seeded", seed=7, x1=0.7, x2=-1.2, y=0.9))
    factors = figs.chain_factors(r)
    assert len(factors) == (3 if follow in ("w5", "w6", "b3") else 5)
    product = np.prod([v for _, v in factors])
    assert product == pytest.approx(r.grad[ex.NAMES.index(follow)], rel=1e-12, abs=1e-15)
    assert figs.fmt(r.grad[ex.NAMES.index(follow)]) in figs.chain_latex(r)


def test_fmt_is_short_exact_enough_and_never_scientific():
    assert figs.fmt(0.05) == "0.05" and figs.fmt(0.0006683960) == "0.0006684" and figs.fmt(0) == "0"
    assert figs.fmt(-1.105905967) == "-1.106" and figs.fmt(1234.4) == "1234"
    assert "e" not in figs.fmt(3e-9)


def test_the_network_figure_carries_weights_values_and_gradients_by_step():
    p = ex.Params()
    for step in range(1, 7):
        r = ex.run(dataclasses.replace(p, step=step))
        f = figs.network_figure(r)
        edges = {t.name: t for t in f.data if t.name in figs.EDGES}
        assert set(edges) == set(figs.EDGES)
        for i, name in enumerate(figs.EDGES):
            assert edges[name].customdata[0][0] == r.theta[i] and edges[name].customdata[0][1] == r.grad[i]
        text = " ".join(a.text for a in f.layout.annotations)
        assert (f"∂L/∂w5 = {figs.fmt(r.grad[4])}" in text) == (step in (4, 5))
        assert (f"∂L/∂w1 = {figs.fmt(r.grad[0])}" in text) == (step == 5)
        assert (f"L = {figs.fmt(r.loss)}" in text) == (step >= 3)
        if step == 6:
            assert f"{figs.fmt(r.theta[4])} → {figs.fmt(r.theta_after[4])}" in text
        nodes = next(t for t in f.data if t.name == "nodes")
        orange = [n for n, c in zip(nodes.text, nodes.marker.color) if c != "#FFFFFF"]
        assert orange == {1: ["h1", "h2"], 2: ["o"], 3: ["L"], 4: ["o"], 5: ["h1", "h2"], 6: ["L"]}[step]


def test_the_network_caption_reads_true_red_positive_thicker_larger_and_question_marks_until_filled():
    # Seeded weights have both signs (Mazur's are all positive).
    r = ex.run(ex.Params(init="seeded", seed=3))
    assert (r.theta[:6] > 0).any() and (r.theta[:6] < 0).any()
    f = figs.network_figure(r)
    edges = [next(t for t in f.data if t.name == name) for name in figs.EDGES]
    colours = [e.line.color for e in edges]
    assert colours == [figs.VERMILLION if w >= 0 else figs.BLUE for w in r.theta[:6]]
    assert COLOUR_NAMES[figs.VERMILLION] == "red" and COLOUR_NAMES[figs.BLUE] == "blue"
    widths = np.array([e.line.width for e in edges])
    order = np.argsort(np.abs(r.theta[:6]))
    assert np.all(np.diff(widths[order]) > 0)  # thicker is larger
    for step in range(1, 7):
        drawn = figs.network_figure(dataclasses.replace(r, step=step))
        text = " ".join(a.text for a in drawn.layout.annotations)
        assert ("?" in text) == (step < 3)  # a and then L are the last forward values filled in


def test_the_orange_marks_on_the_curve_are_the_loss_before_and_after_the_update():
    r = ex.run(ex.Params())
    marks = figs.curve_figure(r).data[1]
    assert marks.marker.color == figs.ORANGE and COLOUR_NAMES[figs.ORANGE] == "orange"
    assert list(marks.x) == [0, 1] and list(marks.y) == [r.loss, r.loss_after]
    assert r.curve[0] == r.loss and r.curve[1] == pytest.approx(r.loss_after, rel=1e-12)


def test_step_latex_and_tables_carry_the_numbers():
    r = ex.run(ex.Params(step=4))
    assert any(figs.fmt(r.delta_out) in line for line in figs.step_latex(r))
    for step in range(1, 7):
        assert figs.step_latex(dataclasses.replace(r, step=step))
    grads = figs.gradient_table(r)
    np.testing.assert_array_equal(grads["torch.autograd"], r.by_autograd)
    update = figs.update_table(r)
    np.testing.assert_allclose(update["before"] - r.learning_rate * update["∂L/∂parameter"],
                               update[next(k for k in update if k.startswith("after"))], rtol=1e-12)
    curve = figs.curve_figure(ex.run(ex.Params(iterations=20)))
    np.testing.assert_array_equal(curve.data[0].y, ex.run(ex.Params(iterations=20)).curve)
