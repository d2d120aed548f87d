"""The calculus explorer: derivatives checked against PyTorch's autograd, integrals against
scipy.integrate, gradient descent against torch.optim.SGD; the rates of convergence the page
claims; its code snippet; and the data its figures carry."""

import dataclasses
import math

import numpy as np
import pytest
import torch
from numpy.polynomial import Polynomial
from scipy import integrate

from explorers import calculus as ex
from figures import calculus as figs

XS = np.linspace(-2.4, 2.4, 97)


def fresh_run(p):
    """run() without its memos, so that a comparison between two runs really recomputes."""
    for memo in (ex._h_sweep, ex._n_sweep, ex._plane, ex.derivative, ex.integral, ex.descent):
        memo.cache_clear()
    return ex.run(p)


def torch_grad(source, *points):
    """The gradient of the expression at each point, by autograd on one batched tensor."""
    tensors = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in points]
    values = ex.f_torch(source, *"xy"[:len(points)])(*tensors)
    grads = torch.autograd.grad(values.sum(), tensors)
    return [g.numpy() for g in grads]


# Derivatives against autograd.

@pytest.mark.parametrize("name", ex.FUNCTIONS)
def test_each_derivative_formula_is_what_autograd_finds(name):
    fn = ex.FUNCTIONS[name]
    by_formula = ex.f_numpy(fn.derivative, "x")(XS)
    (by_autograd,) = torch_grad(fn.source, XS)
    np.testing.assert_allclose(by_formula, by_autograd, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("name", ex.SURFACES)
def test_each_partial_derivative_formula_is_what_autograd_finds(name):
    s = ex.SURFACES[name]
    x, y = (c.ravel() for c in np.meshgrid(np.linspace(-2, 2, 17), np.linspace(-2, 2, 17)))
    dx, dy = torch_grad(s.source, x, y)
    np.testing.assert_allclose(ex.f_numpy(s.dx, "x", "y")(x, y) + 0 * x, dx, rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(ex.f_numpy(s.dy, "x", "y")(x, y) + 0 * y, dy, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("params", [ex.Params(), ex.Params(function="exp(x)", x0=-1.5),
                                    ex.Params(function="1/(1 + x²)", x0=1.5, surface="saddle", start_x=0.3)])
def test_the_page_reference_slope_and_gradient_are_autograd_and_the_formulas_agree(params):
    r = ex.run(params)
    (slope,) = torch_grad(ex.FUNCTIONS[params.function].source, np.array([params.x0]))
    assert r.derivative.slope == slope[0]
    assert r.derivative.slope_formula == pytest.approx(r.derivative.slope, rel=1e-14, abs=1e-15)
    g = r.descent
    dx, dy = torch_grad(ex.SURFACES[params.surface].source, np.array([params.start_x]),
                        np.array([params.start_y]))
    np.testing.assert_array_equal(g.autograd, [dx[0], dy[0]])
    np.testing.assert_allclose([g.dx, g.dy], g.autograd, rtol=1e-14, atol=1e-15)


# Finite differences: the rates, and where rounding wins.

@pytest.mark.parametrize("name", ex.FUNCTIONS)
def test_forward_error_falls_like_h_and_central_like_h_squared(name):
    d = ex.run(ex.Params(function=name, x0=0.5)).derivative
    assert d.forward_order == pytest.approx(1, abs=0.05)
    assert d.central_order == pytest.approx(2, abs=0.05)
    # Checked directly too: a tenfold smaller h, in the truncation range, cuts them by 10 and 100.
    i, j = np.searchsorted(d.hs, [1e-3, 1e-2])
    assert d.forward_errors[j] / d.forward_errors[i] == pytest.approx(10, rel=0.1)
    assert d.central_errors[j] / d.central_errors[i] == pytest.approx(100, rel=0.1)


@pytest.mark.parametrize("name", ex.FUNCTIONS)
@pytest.mark.parametrize("x0", [-1.0, 0.5, 1.5])
def test_below_its_best_h_rounding_makes_the_forward_difference_worse(name, x0):
    d = ex.run(ex.Params(function=name, x0=x0)).derivative
    # Theory: the best h is about 2√(ε |f| / |f''|), near 1e-8 unless f'' is tiny.
    assert 1e-10 <= d.best_forward_h <= 1e-6
    assert 1e-7 <= d.best_central_h <= 1e-3
    best = d.forward_errors.min()
    assert d.forward_errors[d.hs <= 1e-12].min() > 100 * best
    # And across the h worth using, the central difference does far better.
    useful = (d.hs >= 1e-7) & (d.hs <= 1e-3)
    assert np.median(d.central_errors[useful]) < np.median(d.forward_errors[useful]) / 100


def test_where_f_is_zero_nothing_cancels_and_rounding_never_wins():
    # f(0) = 0 for x³ − x: f(h) − f(0) is f(h) itself, with no digits lost to a subtraction.
    d = ex.run(ex.Params(function="x³ − x", x0=0.0)).derivative
    assert d.best_forward_h == d.hs[0] and d.forward_errors[0] == 0.0


def test_at_h_below_half_an_ulp_x0_plus_h_is_x0_and_the_forward_slope_is_zero():
    p = ex.Params(x0=1.0, h=1e-16)
    assert p.x0 + p.h == p.x0  # 1e-16 is less than half the spacing of doubles near 1
    d = ex.run(p).derivative
    assert d.forward == 0.0 and d.forward_error == abs(d.slope)


def test_the_best_h_reads_the_envelope_not_a_lucky_dip():
    errors = np.ones_like(ex.H_SWEEP)
    errors[80] = 1e-3  # a single low point: its neighbours within half a decade are high
    errors[120:131] = 1e-2  # a whole decade low: that is where to work
    assert ex.best_h(errors) == ex.H_SWEEP[125]


# Integrals against scipy.integrate.

@pytest.mark.parametrize("name", ex.FUNCTIONS)
@pytest.mark.parametrize("a, b", [(ex.A, ex.B), (-1.3, 0.4), (0.5, 2.5)])
def test_each_antiderivative_gives_the_integral_scipy_quad_finds(name, a, b):
    f = ex.f_numpy(ex.FUNCTIONS[name].source, "x")
    value, _ = integrate.quad(f, a, b, epsabs=0, epsrel=1e-12)
    assert ex.exact_integral(name, a, b) == pytest.approx(value, rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("name", ex.FUNCTIONS)
@pytest.mark.parametrize("n", [2, 6, 50])
def test_each_rule_is_the_textbook_sum(name, n):
    f = ex.f_numpy(ex.FUNCTIONS[name].source, "x")
    w = (ex.B - ex.A) / n
    x = [ex.A + k * w for k in range(n + 1)]
    y = [float(f(v)) for v in x]
    textbook = {
        "left": w * math.fsum(y[:-1]), "right": w * math.fsum(y[1:]),
        "midpoint": w * math.fsum(float(f(ex.A + (k + 0.5) * w)) for k in range(n)),
        "trapezoid": w * (math.fsum(y) - (y[0] + y[-1]) / 2),
        "Simpson": w / 3 * math.fsum(c * v for c, v in zip([1] + [4, 2] * (n // 2 - 1) + [4, 1], y)),
    }
    for rule, value in textbook.items():
        assert ex.riemann_sum(f, rule, n) == pytest.approx(value, rel=1e-13, abs=1e-14), rule
    assert ex.riemann_sum(f, "trapezoid", n) == pytest.approx(np.trapezoid(f(np.array(x)), x), rel=1e-14)


@pytest.mark.parametrize("name", ex.FUNCTIONS)
def test_the_orders_are_one_two_and_four_and_simpson_is_exact_on_a_cubic(name):
    s = ex.run(ex.Params(function=name)).integral
    orders = dict(zip(ex.RULES, s.orders))
    for rule in ("left", "right", "midpoint", "trapezoid"):
        assert orders[rule] == pytest.approx(ex.ORDER[rule], abs=0.1), rule
    if name == "x³ − x":
        assert orders["Simpson"] is None and s.errors[ex.RULES.index("Simpson")].max() < 1e-14
    else:
        assert orders["Simpson"] == pytest.approx(4, abs=0.1)
    # The midpoint rule's leading error is minus half the trapezoid's.
    i = list(s.ns).index(256)
    mid, trap = s.errors[ex.RULES.index("midpoint"), i], s.errors[ex.RULES.index("trapezoid"), i]
    assert mid / trap == pytest.approx(0.5, rel=0.01)


@pytest.mark.parametrize("rule", ex.RULES)
@pytest.mark.parametrize("n", [2, 8, 100])
def test_the_drawn_pieces_hold_the_area_the_rule_adds_up(rule, n):
    r = ex.run(ex.Params(rule=rule, n=n))
    s = r.integral
    f = ex.f_numpy(ex.FUNCTIONS[r.function].source, "x")
    assert s.estimate == ex.riemann_sum(f, rule, n) and s.error == abs(s.estimate - s.exact)
    np.testing.assert_allclose(s.heights, f(s.nodes))
    if rule == "Simpson":
        # Each pair's parabola passes through its three nodes, and their exact areas add up to
        # Simpson's sum.
        parabolas_x, parabolas_y = s.pieces_x[:, 1:26], s.pieces_y[:, 1:26]  # t = 0 … 2 slices
        triples = np.stack([s.nodes[0:-1:2], s.nodes[1::2], s.nodes[2::2]], axis=1)
        np.testing.assert_allclose(parabolas_x[:, [0, 12, 24]], triples, rtol=1e-14)
        np.testing.assert_allclose(parabolas_y[:, [0, 12, 24]], f(triples), rtol=1e-12, atol=1e-14)
        areas = []
        for px, py in zip(parabolas_x, parabolas_y):
            antiderivative = Polynomial.fit(px, py, 2).integ()
            areas.append(antiderivative(px[-1]) - antiderivative(px[0]))
        assert math.fsum(areas) == pytest.approx(s.estimate, rel=1e-12)
    else:
        # Shoelace: the signed area of each closed outline.
        x, y = s.pieces_x, s.pieces_y
        areas = 0.5 * np.sum(x[:, :-1] * y[:, 1:] - x[:, 1:] * y[:, :-1], axis=1)
        assert -math.fsum(areas) == pytest.approx(s.estimate, rel=1e-12)


# Gradient descent against torch.optim.SGD.

def sgd_path(surface, start, lr, steps):
    w = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr)
    f = ex.f_torch(ex.SURFACES[surface].source, "x", "y")
    path = [w.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        f(w[0], w[1]).backward()
        opt.step()
        path.append(w.detach().numpy().copy())
        if np.abs(path[-1]).max() > ex.FAR:
            break
    return np.array(path)


@pytest.mark.parametrize("params", [
    ex.Params(), ex.Params(lr=0.5), ex.Params(lr=1.0), ex.Params(surface="two valleys", lr=0.05, steps=60),
    ex.Params(surface="two valleys", lr=0.5), ex.Params(surface="saddle", start_y=0.2, lr=0.2),
])
def test_the_walk_is_the_path_torch_optim_sgd_takes(params):
    g = ex.run(params).descent
    expected = sgd_path(params.surface, [params.start_x, params.start_y], params.lr, params.steps)
    assert g.path.shape == expected.shape
    np.testing.assert_allclose(g.path, expected, rtol=1e-12, atol=1e-12)
    assert (g.diverged_at >= 0) == (np.abs(expected[-1]).max() > ex.FAR)


@pytest.mark.parametrize("lr", [0.01, 0.1, 0.2, 0.4, 0.5])
def test_on_the_bowl_each_coordinate_shrinks_by_its_own_factor(lr):
    # Curvatures 1 and 4: each step multiplies x by 1 − lr and y by 1 − 4 lr.
    p = ex.Params(lr=lr, steps=20)
    path = ex.run(p).descent.path
    k = np.arange(21)
    np.testing.assert_allclose(path[:, 0], p.start_x * (1 - lr) ** k, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(path[:, 1], p.start_y * (1 - 4 * lr) ** k, rtol=1e-12, atol=1e-15)


def test_above_two_over_the_curvature_the_walk_diverges():
    assert ex.run(ex.Params(lr=0.5)).descent.diverged_at == -1  # 1 − 4 × 0.5 = −1: it bounces
    g = ex.run(ex.Params(lr=1.0)).descent  # −3: it triples each step
    assert g.diverged_at == 3 and np.abs(g.path[-1]).max() > ex.FAR and "diverged" in g.outcome


def test_noise_is_drawn_from_the_seed_and_zero_noise_ignores_it():
    noisy = ex.Params(surface="two valleys", start_x=0.0, noise=0.5, steps=5, seed=7)
    rng = np.random.default_rng(7)
    point, gradient = np.array([0.0, 1.0]), ex.gradient_function("two valleys")
    for _ in range(5):
        point = point - noisy.lr * (gradient(*point) + 0.5 * rng.standard_normal(2))
    np.testing.assert_array_equal(ex.run(noisy).descent.path[-1], point)
    other = ex.run(dataclasses.replace(noisy, seed=8)).descent.path
    assert not np.allclose(other, ex.run(noisy).descent.path)
    quiet = [ex.run(ex.Params(seed=seed)).descent.path for seed in (1, 2)]
    np.testing.assert_array_equal(*quiet)


@pytest.mark.parametrize("params, outcome", [
    (ex.Params(steps=100), "reached the minimum at (0, 0)"),
    (ex.Params(surface="two valleys", start_x=0.0, steps=100), "got stuck on the saddle point at (0, 0)"),
    (ex.Params(surface="two valleys", start_x=0.3, steps=100), "reached the minimum at (1, 0)"),
    (ex.Params(surface="two valleys", start_x=0.0, steps=100, noise=0.3), "is wandering about the minimum at"),
    (ex.Params(surface="saddle"), "diverged: it left the map at step 25"),
    (ex.Params(lr=0.001), "is still walking"),
])
def test_the_outcome_says_where_the_walk_ended(params, outcome):
    g = ex.run(params).descent
    assert g.outcome.startswith(outcome)
    if "reached" in outcome or "stuck" in outcome:
        assert g.final_gradient < 0.05


# Invariants of the result.

def test_same_params_same_result_and_the_memo_changes_nothing():
    p = ex.Params(function="exp(x)", x0=-0.35, rule="Simpson", n=12, surface="two valleys", noise=0.4, seed=3)
    cached, fresh = [ex.run(p), ex.run(p)][1], fresh_run(p)
    for part in ("derivative", "integral", "descent"):
        a, b = getattr(cached, part), getattr(fresh, part)
        for field in dataclasses.fields(a):
            np.testing.assert_array_equal(getattr(a, field.name), getattr(b, field.name), err_msg=field.name)
    with pytest.raises(ValueError):
        cached.derivative.forward_errors[0] = 0.0


def test_the_slices_cross_at_the_start_with_the_partial_derivatives_as_slopes():
    g = ex.run(ex.Params(surface="two valleys", start_x=0.6, start_y=-0.8)).descent
    f = ex.f_numpy(ex.SURFACES["two valleys"].source, "x", "y")
    np.testing.assert_array_equal(g.slice_x, f(g.grid, -0.8))
    np.testing.assert_array_equal(g.slice_y, f(0.6, g.grid))
    # The slope of each slice at the start, by a central difference on the slice itself.
    h = 1e-5
    assert (f(0.6 + h, -0.8) - f(0.6 - h, -0.8)) / (2 * h) == pytest.approx(g.dx, rel=1e-8)
    assert (f(0.6, -0.8 + h) - f(0.6, -0.8 - h)) / (2 * h) == pytest.approx(g.dy, rel=1e-8)


# The code panel.

@pytest.mark.parametrize("params", [
    ex.Params(), ex.Params(x0=1.0, h=1e-16, rule="Simpson", n=100),
    ex.Params(function="x³ − x", x0=-1.5, h=1e-8, rule="trapezoid", surface="two valleys", lr=1.0),
    ex.Params(function="1/(1 + x²)", h=1e-5, rule="midpoint", n=2, surface="saddle", noise=2.0, seed=999),
    ex.Params(function="exp(x)", rule="right", start_x=0.0, start_y=0.0, steps=1),
])
def test_the_code_reproduces_every_printed_number(params, capsys):
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(params), "<calculus code>", "exec"), namespace)
    r = ex.run(params)
    d, s, g = r.derivative, r.integral, r.descent
    expected = {"exact": d.slope, "forward": d.forward, "central": d.central, "forward_error": d.forward_error,
                "central_error": d.central_error, "riemann": s.estimate, "exact_integral": s.exact,
                "riemann_error": s.error, "final_loss": g.final_loss}
    for name, value in expected.items():
        assert namespace[name] == value, name  # the same operations: the same bits
    np.testing.assert_array_equal(namespace["point"], g.path[-1])
    out = capsys.readouterr().out
    assert "forward difference" in out and "scipy.integrate.quad" in out
    assert ("diverged" in out) == (g.diverged_at >= 0)


# The figures, on the data they carry.

def trace(fig, start):
    return next(t for t in fig.data if (t.name or "").startswith(start))


def test_secant_figure_draws_lines_with_the_result_slopes_through_its_points():
    r = ex.run(ex.Params(h=0.2))
    d = r.derivative
    fig = figs.secant_figure(r)
    for name, slope, (x0, y0) in (("tangent", d.slope, (d.x0, d.f0)), ("forward", d.forward, (d.x0, d.f0)),
                                  ("central", d.central, (d.x0 - d.h, d.f_minus))):
        line = trace(fig, name)
        (xa, xb), (ya, yb) = line.x, line.y
        assert (yb - ya) / (xb - xa) == pytest.approx(slope)
        assert ya + slope * (x0 - xa) == pytest.approx(y0)
        assert f"{slope:.6g}" in line.name
    # The forward secant passes through x₀ + h, the central one through x₀ − h and x₀ + h.
    assert d.f0 + d.forward * d.h == pytest.approx(d.f_plus)
    assert d.f_minus + d.central * 2 * d.h == pytest.approx(d.f_plus)


def test_difference_error_figure_carries_both_sweeps_and_marks_this_h():
    r = ex.run(ex.Params(h=1e-12))
    d = r.derivative
    fig = figs.difference_error_figure(r)
    np.testing.assert_array_equal(trace(fig, "forward difference").customdata, d.forward_errors)
    np.testing.assert_array_equal(trace(fig, "central difference").customdata, d.central_errors)
    assert f"slope {d.forward_order:.2f}" in trace(fig, "forward difference").name
    marked = [t for t in fig.data if t.x is not None and list(t.x) == [d.h] and t.customdata is not None]
    assert sorted(t.customdata[0] for t in marked) == sorted([d.forward_error, d.central_error])
    assert [s.x0 for s in fig.layout.shapes] == [d.h]
    assert fig.layout.xaxis.type == fig.layout.yaxis.type == "log"


def test_riemann_figures_show_the_sum_and_every_rule_with_its_measured_slope():
    r = ex.run(ex.Params(rule="midpoint", n=10))
    s = r.integral
    picture = figs.riemann_figure(r)
    assert f"{s.estimate:.6g}" in picture.layout.title.text and f"{s.exact:.6g}" in picture.layout.title.text
    errors = figs.riemann_error_figure(r)
    for rule, row, order in zip(ex.RULES, s.errors, s.orders):
        line = trace(errors, f"{rule}:")
        np.testing.assert_array_equal(line.customdata, row)
        assert f"−{order:.2f}" in line.name
    star = trace(errors, "this sum")
    assert list(star.x) == [10] and star.customdata[0] == s.error


def test_riemann_error_figure_keeps_an_exact_sum_on_the_log_axis():
    r = ex.run(ex.Params(function="x³ − x", rule="Simpson"))
    line = trace(figs.riemann_error_figure(r), "Simpson")
    assert "exact to rounding" in line.name and min(line.y) >= figs.FLOOR


@pytest.mark.parametrize("params", [ex.Params(), ex.Params(surface="saddle"),
                                    ex.Params(surface="two valleys", lr=1.0)])
def test_descent_figures_draw_the_path_and_its_losses(params):
    r = ex.run(params)
    g = r.descent
    walk = figs.gradient_figure(r)
    path = trace(walk, "descent")
    np.testing.assert_array_equal(np.column_stack([path.x, path.y]), g.path)
    # The start's arrow points along the gradient: uphill, against the walk.
    arrow = trace(walk, "∇f at start")
    shaft = np.array([arrow.x[1] - arrow.x[0], arrow.y[1] - arrow.y[0]])
    assert np.allclose(shaft / np.hypot(*shaft), [g.dx, g.dy] / np.hypot(g.dx, g.dy))
    loss = figs.descent_loss_figure(r)
    np.testing.assert_array_equal(trace(loss, "lr").customdata, g.losses)
    assert (loss.layout.yaxis.type == "log") == (g.floor is not None)
    assert any((t.name or "").startswith("left the map") for t in loss.data) == (g.diverged_at >= 0)


def test_slices_figure_draws_tangents_with_the_partial_derivatives_as_slopes():
    r = ex.run(ex.Params(surface="two valleys", start_x=0.6, start_y=-0.8))
    g = r.descent
    fig = figs.slices_figure(r)
    for along, values, slope, at, axis in (("x", g.slice_x, g.dx, g.start[0], "x"),
                                           ("y", g.slice_y, g.dy, g.start[1], "x2")):
        curve = trace(fig, f"f along {along}")
        np.testing.assert_array_equal(curve.y, values)
        line = trace(fig, f"slope ∂f/∂{along}")
        assert curve.xaxis == line.xaxis == axis
        (xa, xb), (ya, yb) = line.x, line.y
        assert (yb - ya) / (xb - xa) == pytest.approx(slope)
        assert ya + slope * (at - xa) == pytest.approx(g.f_start)
