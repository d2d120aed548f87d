"""The optimizers explorer: every path against a plain torch.optim loop, SGD and momentum
against their update rules written in numpy, divergence where theory puts it, the surfaces'
minima, Distill's optimum, and the data the figures carry."""

import dataclasses
import math

import numpy as np
import pytest
import torch

from explorers import optimizers as ex
from figures import optimizers as figs

SETTINGS = [
    ex.Params(),
    ex.Params(surface="Rosenbrock", steps=200, lr=0.02, adaptive_lr=0.1, momentum=0.8),
    ex.Params(surface="saddle", noise=0.5, seed=3, start_x=0.3),
    ex.Params(surface="local minima", momentum=0.0, steps=60, highlight="Adam"),
    ex.Params(surface="bowl", kappa=40, lr=0.1, steps=80),  # SGD past 2/λ_max: diverges
    ex.Params(surface="bowl", tuning="Distill's optimum", kappa=100, steps=50),
]
IDS = [f"{p.surface}-lr{p.lr:g}-noise{p.noise:g}-{p.tuning}" for p in SETTINGS]


def plain_loop(p, name):
    """One optimizer on its own, as a learner would write it: positions and losses."""
    f = ex.loss_function(p.surface, p.kappa)
    sgd_lr, momentum_lr, beta = ex.settings(p)
    w = torch.tensor(ex.start_point(p), dtype=torch.float64, requires_grad=True)
    opt = {
        "SGD": lambda: torch.optim.SGD([w], lr=sgd_lr),
        "Momentum": lambda: torch.optim.SGD([w], lr=momentum_lr, momentum=beta),
        "Nesterov": lambda: torch.optim.SGD([w], lr=momentum_lr, momentum=beta, nesterov=beta > 0),
        "RMSprop": lambda: torch.optim.RMSprop([w], lr=p.adaptive_lr),
        "Adam": lambda: torch.optim.Adam([w], lr=p.adaptive_lr),
    }[name]()
    noise = torch.Generator().manual_seed(p.seed)
    path, losses = [w.detach().numpy().copy()], []
    for _ in range(p.steps):
        opt.zero_grad()
        loss = f(w[0], w[1])
        losses.append(loss.item())
        loss.backward()
        if p.noise > 0:
            w.grad += p.noise * torch.randn(2, generator=noise, dtype=torch.float64)
        opt.step()
        path.append(w.detach().numpy().copy())  # on past divergence too: the test cuts it
    losses.append(f(w[0], w[1]).item())
    return np.array(path), np.array(losses)


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_every_path_is_a_plain_torch_optim_loop(p):
    r = ex.run(p)
    for i, name in enumerate(r.names):
        path, losses = plain_loop(p, name)
        n = len(r.paths[i])
        if r.diverged_at[i] < 0:
            assert n == p.steps + 1
        else:
            assert n == r.diverged_at[i]
            np.testing.assert_allclose(r.escapes[i], path[n], rtol=1e-12)
        np.testing.assert_allclose(r.paths[i], path[:n], rtol=1e-12, atol=1e-300, err_msg=name)
        np.testing.assert_allclose(r.losses[i], losses[:n], rtol=1e-12, atol=1e-300, err_msg=name)
        assert r.final_losses[i] == r.losses[i][-1]
    assert r.final_loss == r.final_losses[r.names.index(p.highlight)]


def test_sgd_momentum_and_nesterov_are_their_numpy_update_rules_on_the_bowl():
    """torch.optim's conventions: velocity v = βv + g (no 1 − β damping), the step is lr·v,
    and Nesterov steps along g + βv."""
    p = ex.Params(kappa=30, lr=0.03, momentum=0.85, steps=120)
    r = ex.run(p)
    assert np.all(r.diverged_at == -1)
    curv = np.array([1.0, p.kappa])
    w = {k: np.array(ex.start_point(p)) for k in ("SGD", "Momentum", "Nesterov")}
    v = {k: np.zeros(2) for k in ("Momentum", "Nesterov")}
    paths = {k: [w[k].copy()] for k in w}
    for _ in range(p.steps):
        w["SGD"] = w["SGD"] - p.lr * curv * w["SGD"]
        for k in v:
            g = curv * w[k]
            v[k] = p.momentum * v[k] + g
            w[k] = w[k] - p.lr * (g + p.momentum * v[k] if k == "Nesterov" else v[k])
        for k in w:
            paths[k].append(w[k].copy())
    for k in w:
        np.testing.assert_allclose(r.paths[r.names.index(k)], paths[k], rtol=1e-10, atol=1e-14, err_msg=k)


def first_escape(p):
    """The step at which SGD's coordinates, each multiplied by (1 - lr·λ) per step, leave the box."""
    x, y = ex.start_point(p)
    for step in range(1, p.steps + 1):
        x, y = x * (1 - p.lr), y * (1 - p.lr * p.kappa)
        if abs(x) > ex.FAR * 3 or abs(y) > ex.FAR * 2:  # the bowl's plot is 6 wide, 4 high
            return step
    return -1


@pytest.mark.parametrize("kappa, lr", [(25, 0.1), (10, 0.5), (40, 0.1), (100, 0.05), (5, 1.0)])
def test_sgd_diverges_above_two_over_lambda_max_and_says_when(kappa, lr):
    assert lr > 2 / kappa
    p = ex.Params(kappa=kappa, lr=lr, steps=200)
    r = ex.run(p)
    sgd = r.names.index("SGD")
    assert r.diverged_at[sgd] == first_escape(p) > 0
    assert all(np.all(np.isfinite(path)) for path in r.paths)


@pytest.mark.parametrize("kappa, lr", [(25, 0.05), (10, 0.1), (40, 0.02), (100, 0.01), (1, 1.0)])
def test_sgd_converges_below_two_over_lambda_max(kappa, lr):
    assert lr < 2 / kappa
    r = ex.run(ex.Params(kappa=kappa, lr=lr, steps=500))
    sgd = r.names.index("SGD")
    assert r.diverged_at[sgd] == -1
    assert r.final_losses[sgd] < 1e-3 * r.losses[sgd][0]


@pytest.mark.parametrize("surface", list(ex.SURFACES))
def test_each_surface_minimum_has_zero_gradient_and_zero_loss(surface):
    f = ex.loss_function(surface, 25)
    w = torch.tensor(ex.SURFACES[surface].minimum, dtype=torch.float64, requires_grad=True)
    loss = f(w[0], w[1])
    loss.backward()
    assert loss.item() == pytest.approx(0, abs=1e-12)
    np.testing.assert_allclose(w.grad.numpy(), 0, atol=1e-12)
    hessian = torch.autograd.functional.hessian(lambda v: f(v[0], v[1]), w.detach())
    assert np.all(np.linalg.eigvalsh(hessian.numpy()) > 0), "a minimum curves up every way"
    r = ex.run(ex.Params(surface=surface))
    assert r.grid_loss.min() >= -1e-12


def test_the_saddle_is_flat_but_not_a_minimum_and_noise_escapes_it():
    f = ex.loss_function("saddle", 1)
    origin = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    f(origin[0], origin[1]).backward()
    np.testing.assert_allclose(origin.grad.numpy(), 0, atol=1e-15)
    eigen = np.linalg.eigvalsh(torch.autograd.functional.hessian(lambda v: f(v[0], v[1]), origin.detach()).numpy())
    assert eigen[0] < 0 < eigen[1]
    stuck = ex.run(ex.Params(surface="saddle"))  # the default start is on the ridge x = -y
    assert np.all(stuck.final_losses > 0.24)
    shaken = ex.run(ex.Params(surface="saddle", noise=0.5, steps=300))
    assert shaken.final_losses[shaken.names.index("SGD")] < 0.1


def test_distill_optimum_is_computed_from_the_bowls_curvatures_and_sgd_contracts_at_its_rate():
    kappa = 50
    f = ex.loss_function("bowl", kappa)
    hessian = torch.autograd.functional.hessian(lambda v: f(v[0], v[1]), torch.zeros(2, dtype=torch.float64))
    lo, hi = np.linalg.eigvalsh(hessian.numpy())
    sgd_lr, momentum_lr, beta = ex.distill_optimum(kappa)
    assert sgd_lr == pytest.approx(2 / (hi + lo))
    assert momentum_lr == pytest.approx((2 / (math.sqrt(hi) + math.sqrt(lo))) ** 2)
    assert beta == pytest.approx(((math.sqrt(hi / lo) - 1) / (math.sqrt(hi / lo) + 1)) ** 2)
    r = ex.run(ex.Params(kappa=kappa, tuning="Distill's optimum", steps=100))
    assert (r.sgd_lr, r.momentum_lr, r.momentum) == (sgd_lr, momentum_lr, beta)
    sgd, momentum = r.losses[r.names.index("SGD")], r.losses[r.names.index("Momentum")]
    # At its best rate SGD shrinks both coordinates by (κ - 1)/(κ + 1) a step, the loss by its square.
    np.testing.assert_allclose(sgd[1:] / sgd[:-1], ((kappa - 1) / (kappa + 1)) ** 2, rtol=1e-9)
    assert momentum[-1] < 1e-6 * sgd[-1], "momentum's rate has √κ where SGD's has κ"
    # The sliders are ignored while the optimum is chosen, and on other surfaces the choice is ignored.
    assert ex.run(dataclasses.replace(ex.Params(kappa=kappa, tuning="Distill's optimum"), lr=0.001)).sgd_lr == sgd_lr
    assert ex.run(ex.Params(surface="saddle", tuning="Distill's optimum")).sgd_lr == ex.Params().lr


def test_momentum_rolls_through_a_dip_that_traps_sgd():
    r = ex.run(ex.Params(surface="local minima"))
    final = dict(zip(r.names, r.final_losses))
    assert final["Momentum"] < 1e-2 < 0.5 < final["SGD"]


def test_the_highlight_only_redraws_and_results_are_read_only():
    a = ex.run(ex.Params(highlight="SGD"))
    hits = ex._walkers.cache_info().hits
    b = ex.run(ex.Params(highlight="Adam"))
    assert ex._walkers.cache_info().hits == hits + 1
    for x, y in zip(a.paths, b.paths):
        np.testing.assert_array_equal(x, y)
    assert a.final_loss == a.final_losses[0] and b.final_loss == b.final_losses[4]
    for array in (a.grid_loss, a.paths[0], a.losses[0], a.final_losses, a.diverged_at):
        with pytest.raises(ValueError):
            array[0] = 1


def test_figures_carry_the_paths_losses_and_divergence():
    r = ex.run(ex.Params(kappa=40, lr=0.1, steps=80, highlight="SGD"))
    assert r.diverged_at[0] > 0 and r.diverged_at[4] == -1
    paths = figs.paths_figure(r)
    contour = next(t for t in paths.data if t.type == "contour")
    np.testing.assert_allclose(10 ** np.asarray(contour.z, dtype=float) - 1e-3, r.grid_loss, rtol=1e-5, atol=1e-8)
    for i, name in enumerate(r.names):
        line = next(t for t in paths.data if t.name and t.name.startswith(name))
        np.testing.assert_array_equal(line.x, r.paths[i][:, 0])
        np.testing.assert_array_equal(line.y, r.paths[i][:, 1])
        assert line.line.width == (4 if name == "SGD" else 2)
    assert "SGD (diverged, step" in paths.data[1].name
    exit_mark = next(t for t in paths.data if t.text and t.text[0] == "SGD leaves")
    x, y = exit_mark.x[0], exit_mark.y[0]
    on_edge = np.isclose(abs(x), 3) or np.isclose(abs(y), 2)
    assert on_edge and abs(x) <= 3 + 1e-9 and abs(y) <= 2 + 1e-9, "the ✕ sits where the path crosses the edge"
    losses = figs.loss_figure(r)
    for i, name in enumerate(r.names):
        line = next(t for t in losses.data if t.name and t.name.startswith(name))
        np.testing.assert_array_equal(line.y, np.maximum(r.losses[i], figs.FLOOR))
    assert losses.layout.yaxis.type == "log"


@pytest.mark.parametrize("p", [SETTINGS[2], SETTINGS[4]], ids=[IDS[2], IDS[4]])
def test_moving_the_steps_slider_continues_or_cuts_the_cached_walk_exactly(p):
    """A walk extended from a shorter cached one, or cut from a longer one, is a fresh run."""
    seen = {}
    for steps in (30, 200, 5, 120):
        seen[steps] = ex.run(dataclasses.replace(p, steps=steps))
    ex._walkers.cache_clear()
    for steps, r in seen.items():
        fresh = ex.run(dataclasses.replace(p, steps=steps))
        ex._walkers.cache_clear()
        np.testing.assert_array_equal(r.diverged_at, fresh.diverged_at)
        for a, b in zip(r.paths + r.losses, fresh.paths + fresh.losses):
            np.testing.assert_array_equal(a, b)
        for a, b in zip(r.escapes, fresh.escapes):
            assert (a is None and b is None) or np.array_equal(a, b)


def test_nesterov_has_its_own_limit_and_overshoots_at_heavy_balls_optimum():
    """Nesterov's step looks ahead: on curvature λ it is stable only for lr·λ < 2(1 + β)/(1 + 2β)."""
    kappa, beta = 50, 0.5  # limit: lr·50 < 1.5
    nesterov = ex.OPTIMIZERS.index("Nesterov")
    assert ex.run(ex.Params(kappa=kappa, momentum=beta, lr=0.02, steps=300)).diverged_at[nesterov] == -1
    assert ex.run(ex.Params(kappa=kappa, momentum=beta, lr=0.05, steps=300)).diverged_at[nesterov] > 0
    r = ex.run(ex.Params(kappa=kappa, tuning="Distill's optimum"))
    assert r.momentum_lr * kappa > 2 * (1 + r.momentum) / (1 + 2 * r.momentum)
    assert r.diverged_at[nesterov] > 0 and r.diverged_at[ex.OPTIMIZERS.index("Momentum")] == -1


@pytest.mark.parametrize("kappa", [10, 60, 100])
def test_momentum_at_distills_optimum_loses_the_factor_the_page_states(kappa):
    """The page's Distill box: momentum at its best β and rate shrinks the distance to the
    minimum by (√κ − 1)/(√κ + 1) a step, against SGD's best (κ − 1)/(κ + 1). At the optimum the
    two roots coincide (critical damping), so the distance goes as k·rate^k: measured over steps
    60 to 150, the factor is the rate times (150/60)^(1/90) ≈ 1.01 at most."""
    r = ex.run(ex.Params(kappa=kappa, tuning="Distill's optimum", steps=150))
    distance = np.linalg.norm(r.paths[r.names.index("Momentum")], axis=1)
    measured = (distance[150] / distance[60]) ** (1 / 90)
    rate = (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)
    assert rate < measured < rate * 1.015 < (kappa - 1) / (kappa + 1)
