"""Derivatives and integrals: secants, Riemann sums and gradients, computed in floating point
==========================================================================================

A derivative is the limit of a secant's slope: ``(f(x₀ + h) − f(x₀)) / h`` as h shrinks
to 0. On a computer h cannot shrink for ever. The *truncation* error of the forward
difference falls in proportion to h (the central difference ``(f(x₀ + h) − f(x₀ − h)) / 2h``
in proportion to h²), but the two values of f being subtracted agree in more and more of
their 16 significant digits, and what is left of them is rounding noise divided by h. Below
about h = 1e-8 that rounding error wins and the estimate gets *worse*. Autograd (PyTorch's,
here) differentiates the program itself, with no h at all, and is the reference every error
on this page is measured against.

An integral is the limit of a Riemann sum. Slicing [a, b] into n pieces and adding up
rectangles (left, right or midpoint heights), trapezoids or Simpson's parabolas, the error
falls as a power of n set by the rule: n⁻¹, n⁻² and n⁻⁴, straight lines of slope −1, −2 and
−4 on log axes. The slopes on the chart are measured, not assumed.

On a surface f(x, y), slicing along x at a fixed y gives a curve whose slope is the partial
derivative ∂f/∂x; slicing along y gives ∂f/∂y. Together they make the gradient ∇f, which
points uphill, and gradient descent steps against it: ``p ← p − lr · ∇f(p)``. On a bowl whose
steepest curvature is λ, a learning rate above 2/λ overshoots more every step and diverges.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets.readonly import readonly
from explorers._contract import choice, knob, literal, log_knob
from explorers._torch import torch

NOTICE = (
    "Shrink h and the secants turn into the tangent: the forward difference's error falls in "
    "step with h, the central one's with h², until rounding takes over (below about h = 1e-8 and "
    "1e-5) and the errors grow again. Riemann sums converge at a rate set by the rule (slopes −1, "
    "−2 and −4 on log axes), and gradient descent walks against the gradient that the two slices' "
    "slopes make."
)
MISREADING = (
    "\"A smaller h is always more accurate\": below about h = 1e-8, f(x₀ + h) and f(x₀) agree in "
    "almost every digit, and their difference is rounding noise divided by a tiny h. That is why "
    "PyTorch and every deep-learning library differentiate with autograd, which has no h at all."
)
HEADLINE = "forward_error"


@dataclass(frozen=True)
class Function:
    """A function of one variable, written once as a NumPy expression in ``x``.

    The same text is evaluated by ``run``, printed in the code snippet and, with ``np.``
    read as ``torch.``, differentiated by autograd. The derivative and antiderivative are the
    answers the rules of calculus give; the tests check them against autograd and
    ``scipy.integrate.quad``.
    """

    source: str
    derivative: str
    antiderivative: str
    tex: str  # the three again, typeset for the page
    derivative_tex: str
    antiderivative_tex: str


FUNCTIONS = {
    "sin 3x + x²/2": Function("np.sin(3 * x) + x**2 / 2", "3 * np.cos(3 * x) + x",
                              "-np.cos(3 * x) / 3 + x**3 / 6",
                              r"\sin 3x + x^2/2", r"3\cos 3x + x", r"-\tfrac{1}{3}\cos 3x + x^3/6"),
    "exp(x)": Function("np.exp(x)", "np.exp(x)", "np.exp(x)", r"e^x", r"e^x", r"e^x"),
    "x³ − x": Function("x**3 - x", "3 * x**2 - 1", "x**4 / 4 - x**2 / 2",
                       r"x^3 - x", r"3x^2 - 1", r"x^4/4 - x^2/2"),
    "1/(1 + x²)": Function("1 / (1 + x**2)", "-2 * x / (1 + x**2)**2", "np.arctan(x)",
                           r"1/(1 + x^2)", r"-2x/(1 + x^2)^2", r"\arctan x"),
}
RULES = ("left", "right", "midpoint", "trapezoid", "Simpson")
ORDER = dict(zip(RULES, (1, 1, 2, 2, 4)))  # the error falls as n^-order for a smooth f


@dataclass(frozen=True)
class Surface:
    """A surface f(x, y) and its two partial derivatives, as NumPy expressions in x and y."""

    source: str
    dx: str  # ∂f/∂x
    dy: str  # ∂f/∂y
    tex: str
    dx_tex: str
    dy_tex: str
    minima: tuple  # ((x, y), ...) where f is lowest; the loss chart measures f above them
    saddles: tuple  # points where the gradient is zero but f is no minimum
    about: str


SURFACES = {
    "bowl": Surface("(x**2 + 4 * y**2) / 2", "x", "4 * y", r"(x^2 + 4y^2)/2", r"x", r"4y",
                    ((0.0, 0.0),), (), "a stretched bowl: curvature 1 along x and 4 along y, so "
                    "gradient descent diverges above lr = 2/4 = 0.5"),
    "two valleys": Surface("(x**2 - 1)**2 + y**2 / 2", "4 * x * (x**2 - 1)", "y",
                           r"(x^2 - 1)^2 + y^2/2", r"4x(x^2 - 1)", r"y",
                           ((-1.0, 0.0), (1.0, 0.0)), ((0.0, 0.0),),
                           "two valleys at x = ±1 with a ridge between them, and a saddle point at (0, 0)"),
    "saddle": Surface("(x**2 - y**2) / 2", "x", "-y", r"(x^2 - y^2)/2", r"x", r"-y", (), ((0.0, 0.0),),
                      "a saddle: up along x, down along y, with no lowest point"),
}

WINDOW = 2.5  # the curve is drawn on [-WINDOW, WINDOW]; x₀ ± h stays inside it
A, B = 0.0, 2.0  # every integral is over [A, B]
PLANE = 2.0  # the surface is drawn on [-PLANE, PLANE]²
FAR = 10.0  # a walker further than this from the origin (either coordinate) has diverged
H_SWEEP = np.logspace(-16, 0, 161)  # ten h per decade
readonly(H_SWEEP)
TRUNCATION = (1e-4, 1e-2)  # the h where truncation error dominates: the slopes are fitted there
# Even, so Simpson's rule pairs every slice; about three per doubling of n.
N_SWEEP = np.array([2, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024])
readonly(N_SWEEP)
N_FIT = 32  # slopes are fitted from this n up, where every rule's error follows its power law
# An error below this share of the integral's size is rounding, not the rule's: it is left
# out of the fit (Simpson's rule is exact for a cubic, and lands there at once).
ROUNDING = 1e-13
CURVE_POINTS, GRID, ARROWS = 401, 81, 13


# The controls come in three groups, one per part of the page; the sidebar draws a base
# class's fields under its HEADING, after the page's own (ui/controls.py).
@dataclass(frozen=True)
class DescentParams:
    HEADING = "Partial derivatives & gradient descent"

    surface: str = choice("bowl", options=tuple(SURFACES), label="Surface f(x, y)",
                          help="Where gradient descent walks: "
                               + "; ".join(f"{k}: {s.about}" for k, s in SURFACES.items()) + ".")
    start_x: float = knob(-1.5, lo=-PLANE, hi=PLANE, step=0.1, label="Start x",
                          help="Where the walker starts, and where the two slices are taken.")
    start_y: float = knob(1.0, lo=-PLANE, hi=PLANE, step=0.1, label="Start y",
                          help="Where the walker starts, and where the two slices are taken.")
    lr: float = log_knob(0.1, lo=0.001, hi=1.0, label="Learning rate",
                         help="Each step moves lr × the gradient. Too small crawls; above 2 / the "
                              "steepest curvature it overshoots further every step and diverges.")
    steps: int = knob(30, lo=1, hi=100, label="Steps", help="How many gradient-descent steps.")
    noise: float = knob(0.0, lo=0.0, hi=2.0, step=0.1, label="Gradient noise σ",
                        help="Random noise added to every gradient, as a mini-batch's estimate "
                             "would carry: 0 is exact gradient descent.")
    seed: int = knob(0, lo=0, hi=999, label="Noise seed", help="Which noise (with gradient noise above 0).")


@dataclass(frozen=True)
class IntegralParams(DescentParams):
    HEADING = "Riemann sums"

    rule: str = choice("left", options=RULES, label="Riemann rule",
                       help="Rectangles at the left end, right end or middle of each slice; "
                            "trapezoids; or Simpson's parabolas through each pair of slices.")
    n: int = knob(8, lo=2, hi=100, step=2, label="Slices n",
                  help=f"How many equal slices [{A:g}, {B:g}] is cut into (even, so Simpson's "
                       "rule can pair them).")


@dataclass(frozen=True)
class Params(IntegralParams):
    function: str = choice(
        "sin 3x + x²/2", options=tuple(FUNCTIONS), label="Function f(x)",
        help="The curve to differentiate and integrate (the same one in both charts).",
    )
    x0: float = knob(0.5, lo=-1.5, hi=1.5, step=0.05, label="Point x₀",
                     help="Where the derivative is taken: the tangent touches the curve here.")
    h: float = log_knob(0.5, lo=1e-16, hi=1.0, label="Step h",
                        help="The secant runs from x₀ to x₀ + h (forward) or from x₀ − h to x₀ + h "
                             "(central). Slide it towards 1e-16 and watch the error chart.")


# ---- the derivative ----

@dataclass(frozen=True)
class Derivative:
    x: np.ndarray  # the curve, on [-WINDOW, WINDOW]
    y: np.ndarray
    x0: float
    h: float
    f0: float  # f(x₀)
    f_plus: float  # f(x₀ + h)
    f_minus: float  # f(x₀ − h)
    slope: float  # f′(x₀) by autograd: the reference
    slope_formula: float  # f′(x₀) by the derivative's formula
    forward: float  # (f(x₀ + h) − f(x₀)) / h
    central: float  # (f(x₀ + h) − f(x₀ − h)) / 2h
    forward_error: float  # |estimate − autograd|
    central_error: float
    hs: np.ndarray  # H_SWEEP
    forward_errors: np.ndarray  # the errors at every h of the sweep
    central_errors: np.ndarray
    forward_order: float | None  # the slope of log error against log h where truncation
    central_order: float | None  # dominates (TRUNCATION), or None where the estimate is exact
    best_forward_h: float  # the h of the sweep with the smallest error (see best_h)
    best_central_h: float


@lru_cache(maxsize=64)
def f_numpy(source: str, *variables: str):
    """Our own expression text (never a user's) as a NumPy function."""
    return eval(f"lambda {', '.join(variables)}: {source}", {"np": np})


def f_torch(source: str, *variables: str):
    """The same text as a torch function: ``np.sin`` read as ``torch.sin``."""
    return eval(f"lambda {', '.join(variables)}: {source.replace('np.', 'torch.')}", {"torch": torch()})


def autograd_slope(function: str, x0: float) -> float:
    """f′(x₀) by reverse-mode automatic differentiation (torch, float64)."""
    t = torch().tensor(x0, dtype=torch().float64, requires_grad=True)
    f_torch(FUNCTIONS[function].source, "x")(t).backward()
    return t.grad.item()


def differences(f, x0: float, h):
    """The forward and central difference quotients, written as the code snippet writes them."""
    return (f(x0 + h) - f(x0)) / h, (f(x0 + h) - f(x0 - h)) / (2 * h)


def fitted_slope(x: np.ndarray, y: np.ndarray) -> float | None:
    """The slope of log y against log x by least squares, over the positive y; None with
    fewer than three (an estimate that is exact there, as the central difference of an
    even function at 0 is)."""
    keep = y > 0
    if keep.sum() < 3:
        return None
    return float(np.polyfit(np.log10(x[keep]), np.log10(y[keep]), 1)[0])


def best_h(errors: np.ndarray) -> float:
    """The h where the error is smallest, read from its upper envelope (the largest error
    within half a decade either side): below the best h the rounding error is noise, and its
    lucky dips say nothing about where to work."""
    from scipy.ndimage import maximum_filter1d

    envelope = maximum_filter1d(errors, size=11, mode="nearest")  # ten sweep points a decade
    return float(H_SWEEP[np.argmin(envelope)])


@lru_cache(maxsize=64)
def _h_sweep(function: str, x0: float):
    fn = FUNCTIONS[function]
    f = f_numpy(fn.source, "x")
    slope = autograd_slope(function, x0)
    forward, central = differences(f, x0, H_SWEEP)
    errors = np.abs(forward - slope), np.abs(central - slope)
    part = (H_SWEEP >= TRUNCATION[0]) & (H_SWEEP <= TRUNCATION[1])
    orders = tuple(fitted_slope(H_SWEEP[part], e[part]) for e in errors)
    best = tuple(best_h(e) for e in errors)
    x = np.linspace(-WINDOW, WINDOW, CURVE_POINTS)
    return readonly((x, f(x), slope, float(f_numpy(fn.derivative, "x")(x0)), errors, orders, best))


# Each part of the page is memoised on its own controls, so that a move in one part does
# not recompute the others. They are pure, so caching cannot change a result.
@lru_cache(maxsize=64)
def derivative(function: str, x0: float, h: float) -> Derivative:
    x, y, slope, by_formula, errors, orders, best = _h_sweep(function, x0)
    f = f_numpy(FUNCTIONS[function].source, "x")
    forward, central = (float(d) for d in differences(f, x0, h))
    return readonly(Derivative(x=x, y=y, x0=x0, h=h, f0=float(f(x0)), f_plus=float(f(x0 + h)),
                               f_minus=float(f(x0 - h)), slope=slope, slope_formula=by_formula,
                      forward=forward, central=central, forward_error=abs(forward - slope),
                      central_error=abs(central - slope), hs=H_SWEEP, forward_errors=errors[0],
                      central_errors=errors[1], forward_order=orders[0], central_order=orders[1],
                      best_forward_h=best[0], best_central_h=best[1]))


# ---- the integral ----

@dataclass(frozen=True)
class Integral:
    rule: str
    n: int
    exact: float  # F(B) − F(A)
    estimate: float  # the rule's sum with n slices
    error: float
    x: np.ndarray  # the curve, a little beyond [A, B]
    y: np.ndarray
    nodes: np.ndarray  # where the rule evaluates f
    heights: np.ndarray  # f there
    pieces_x: np.ndarray  # (pieces, points): each slice's outline (rectangle, trapezoid), or
    pieces_y: np.ndarray  # each pair's (the area under Simpson's parabola)
    ns: np.ndarray  # N_SWEEP
    errors: np.ndarray  # (rules, ns): |sum − exact| for every rule at every n of the sweep
    orders: tuple  # per rule, the measured slope of log error against log n, or None when
    # its error is rounding alone (Simpson's rule on a cubic)


def riemann_sum(f, rule: str, n: int, a: float = A, b: float = B) -> float:
    """The rule's sum over n equal slices, written as the code snippet writes it."""
    from scipy import integrate

    x = np.linspace(a, b, n + 1)
    width = (b - a) / n
    if rule == "left":
        return float(width * np.sum(f(x[:-1])))
    if rule == "right":
        return float(width * np.sum(f(x[1:])))
    if rule == "midpoint":
        return float(width * np.sum(f((x[:-1] + x[1:]) / 2)))
    if rule == "trapezoid":
        return float(integrate.trapezoid(f(x), x=x))
    return float(integrate.simpson(f(x), x=x))  # n even: composite Simpson's 1/3 rule


def exact_integral(function: str, a: float = A, b: float = B) -> float:
    F = f_numpy(FUNCTIONS[function].antiderivative, "x")
    return float(F(b) - F(a))


@lru_cache(maxsize=16)
def _n_sweep(function: str):
    f = f_numpy(FUNCTIONS[function].source, "x")
    exact = exact_integral(function)
    errors = np.array([[abs(riemann_sum(f, rule, int(n)) - exact) for n in N_SWEEP] for rule in RULES])
    orders = []
    for e in errors:
        fit = (N_SWEEP >= N_FIT) & (e > ROUNDING * max(1.0, abs(exact)))
        slope = fitted_slope(N_SWEEP[fit], e[fit])
        orders.append(None if slope is None else -slope)
    return readonly((exact, errors, tuple(orders)))


def pieces(f, rule: str, n: int):
    """The nodes where the rule evaluates f, and the outline of each slice's piece of area:
    x and y of shape (pieces, points), each outline closed along the axis."""
    x = np.linspace(A, B, n + 1)
    width = (B - A) / n
    left, right, zero = x[:-1], x[1:], np.zeros(n)
    if rule in ("left", "right", "midpoint"):
        nodes = {"left": left, "right": right, "midpoint": (left + right) / 2}[rule]
        top = f(nodes)
        return (nodes, top, np.stack([left, left, right, right, left], axis=1),
                np.stack([zero, top, top, zero, zero], axis=1))
    if rule == "trapezoid":
        return (x, f(x), np.stack([left, left, right, right, left], axis=1),
                np.stack([zero, f(left), f(right), zero, zero], axis=1))
    # Simpson: through each pair of slices, the parabola through its three nodes.
    t = np.linspace(0.0, 2.0, 25)  # along a pair, in slice widths
    y0, y1, y2 = f(x[0:-1:2]), f(x[1::2]), f(x[2::2])
    # The parabola through (0, y0), (1, y1), (2, y2), in Lagrange's form, for every pair.
    parabola = (np.outer(y0, (t - 1) * (t - 2) / 2) - np.outer(y1, t * (t - 2))
                + np.outer(y2, t * (t - 1) / 2))
    pairs = x[0:-1:2, None]
    column = np.zeros((n // 2, 1))
    xs = np.hstack([pairs, pairs + width * t, pairs + 2 * width, pairs])
    ys = np.hstack([column, parabola, column, column])
    return x, f(x), xs, ys


@lru_cache(maxsize=64)
def integral(function: str, rule: str, n: int) -> Integral:
    exact, errors, orders = _n_sweep(function)
    f = f_numpy(FUNCTIONS[function].source, "x")
    estimate = riemann_sum(f, rule, n)
    x = np.linspace(A - 0.25, B + 0.25, CURVE_POINTS // 2)
    nodes, heights, xs, ys = pieces(f, rule, n)
    return readonly(Integral(rule=rule, n=n, exact=exact, estimate=estimate, error=abs(estimate - exact),
                             x=x, y=f(x), nodes=nodes, heights=heights, pieces_x=xs, pieces_y=ys,
                             ns=N_SWEEP, errors=errors, orders=orders))


# ---- partial derivatives and gradient descent ----

@dataclass(frozen=True)
class Descent:
    surface: str
    lr: float
    steps: int
    grid: np.ndarray  # (GRID,) coordinates along both axes
    height: np.ndarray  # (GRID, GRID) f on the grid, rows along y
    arrows: np.ndarray  # (ARROWS², 4): x, y, ∂f/∂x, ∂f/∂y on a coarser grid
    start: np.ndarray  # (2,)
    f_start: float
    dx: float  # ∂f/∂x at the start, by the formula
    dy: float  # ∂f/∂y
    autograd: np.ndarray  # (2,) the gradient at the start by autograd
    slice_x: np.ndarray  # (GRID,) f(x, start_y): the slice along x
    slice_y: np.ndarray  # (GRID,) f(start_x, y): the slice along y
    path: np.ndarray  # (steps taken + 1, 2): the walker's positions
    losses: np.ndarray  # f along the path
    floor: float | None  # f at the minima (0), or None where there is none (the saddle)
    diverged_at: int  # the step at which the walker left the FAR box, or -1
    final_loss: float  # f where the walker stopped
    final_gradient: float  # |∇f| there
    outcome: str  # in words: which minimum it reached, a saddle point, still walking, diverged


def gradient_function(surface: str):
    s = SURFACES[surface]
    fx, fy = f_numpy(s.dx, "x", "y"), f_numpy(s.dy, "x", "y")
    return lambda x, y: np.array([fx(x, y), fy(x, y)])


@lru_cache(maxsize=8)
def _plane(surface: str):
    s = SURFACES[surface]
    grid = np.linspace(-PLANE - 0.2, PLANE + 0.2, GRID)
    gx, gy = np.meshgrid(grid, grid)
    coarse = np.linspace(-PLANE, PLANE, ARROWS)
    ax, ay = (c.ravel() for c in np.meshgrid(coarse, coarse))
    dx, dy = f_numpy(s.dx, "x", "y")(ax, ay), f_numpy(s.dy, "x", "y")(ax, ay)
    arrows = np.stack([ax, ay, dx, dy], axis=1)
    return readonly((grid, f_numpy(s.source, "x", "y")(gx, gy), arrows))


def walk(surface: str, start: tuple[float, float], lr: float, steps: int, noise: float, seed: int):
    """Gradient descent from ``start``, written as the code snippet writes it: the path, and
    the step at which it left the FAR box (-1 if it never did)."""
    gradient = gradient_function(surface)
    rng = np.random.default_rng(seed)
    point = np.array(start, dtype=float)
    path = [point]
    for step in range(steps):
        g = gradient(point[0], point[1])
        if noise > 0:
            g = g + noise * rng.standard_normal(2)
        point = point - lr * g
        path.append(point)
        if np.abs(point).max() > FAR:
            return np.array(path), step + 1
    return np.array(path), -1


ARRIVED = 1e-2  # a walker this close to a minimum or saddle point has reached it
NEAR = 0.3  # and a noisy one this close wanders about it


def _outcome(s: Surface, end: np.ndarray, noisy: bool, diverged_at: int) -> str:
    """What became of the walker, as a verb phrase: "The walker <outcome>."."""
    if diverged_at >= 0:
        return f"diverged: it left the map at step {diverged_at}"
    for points, what in ((s.minima, "the minimum"), (s.saddles, "the saddle point")):
        for m in points:
            distance = np.hypot(*(end - m))
            where = f"{what} at ({m[0]:g}, {m[1]:g})"
            if distance < ARRIVED:
                return f"reached {where}" if what == "the minimum" else f"got stuck on {where}"
            if noisy and distance < NEAR:
                return f"is wandering about {where}"
    return "is still walking"


def autograd_gradient(surface: str, x: float, y: float) -> np.ndarray:
    t = torch().tensor([x, y], dtype=torch().float64, requires_grad=True)
    f_torch(SURFACES[surface].source, "x", "y")(t[0], t[1]).backward()
    return t.grad.numpy().copy()


@lru_cache(maxsize=64)
def descent(surface: str, start_x: float, start_y: float, lr: float, steps: int, noise: float,
            seed: int) -> Descent:
    s = SURFACES[surface]
    grid, height, arrows = _plane(surface)
    f = f_numpy(s.source, "x", "y")
    path, diverged_at = walk(surface, (start_x, start_y), lr, steps, noise, seed)
    end = path[-1]
    dx, dy = gradient_function(surface)(start_x, start_y)
    final_gradient = float(np.hypot(*gradient_function(surface)(end[0], end[1])))
    return readonly(Descent(
        surface=surface, lr=lr, steps=steps, grid=grid, height=height, arrows=arrows,
        start=np.array([start_x, start_y]), f_start=float(f(start_x, start_y)),
        dx=float(dx), dy=float(dy), autograd=autograd_gradient(surface, start_x, start_y),
        slice_x=f(grid, start_y), slice_y=f(start_x, grid),
        path=path, losses=f(path[:, 0], path[:, 1]), floor=0.0 if s.minima else None,
        diverged_at=diverged_at, final_loss=float(f(end[0], end[1])), final_gradient=final_gradient,
        outcome=_outcome(s, end, noise > 0, diverged_at),
    ))


@dataclass(frozen=True)
class Result:
    function: str
    derivative: Derivative
    integral: Integral
    descent: Descent

    @property
    def forward_error(self) -> float:
        return self.derivative.forward_error


def run(p: Params) -> Result:
    # Without noise the seed changes nothing: every seed shares one cache entry.
    seed = p.seed if p.noise > 0 else 0
    return Result(function=p.function, derivative=derivative(p.function, p.x0, p.h),
                  integral=integral(p.function, p.rule, p.n),
                  descent=descent(p.surface, p.start_x, p.start_y, p.lr, p.steps, p.noise, seed))


RULE_CODE = {
    "left": "width * np.sum(f(x[:-1]))  # each slice's height at its left end",
    "right": "width * np.sum(f(x[1:]))  # each slice's height at its right end",
    "midpoint": "width * np.sum(f((x[:-1] + x[1:]) / 2))  # each slice's height at its middle",
    "trapezoid": "integrate.trapezoid(f(x), x=x)  # a trapezoid on each slice",
    "Simpson": "integrate.simpson(f(x), x=x)  # a parabola through each pair of slices",
}


def _float(value: float) -> str:
    """A float for the snippet, as short as is exact, and a float even when whole (1.0)."""
    text = literal(float(value))
    return text if any(c in text for c in ".e") or "inf" in text else text + ".0"


def code(p: Params) -> str:
    fn, s = FUNCTIONS[p.function], SURFACES[p.surface]
    noise = (f"    g = g + {literal(p.noise)} * rng.standard_normal(2)  # noisy, as a mini-batch's is\n"
             if p.noise > 0 else "")
    return f'''\
import numpy as np
import torch
from scipy import integrate


def f(x):  # {p.function}
    return {fn.source}


def f_torch(x):  # the same, on a torch tensor, for autograd
    return {fn.source.replace("np.", "torch.")}


# 1. The derivative at x0: two secant slopes against autograd, which needs no h.
x0, h = {_float(p.x0)}, {_float(p.h)}
t = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
f_torch(t).backward()
exact = t.grad.item()  # by the rules of calculus, f'(x) = {fn.derivative}
forward = (f(x0 + h) - f(x0)) / h
central = (f(x0 + h) - f(x0 - h)) / (2 * h)
forward_error, central_error = abs(forward - exact), abs(central - exact)
print(f"f'(x0) by autograd {{exact:.15g}}")
print(f"forward difference {{forward:.15g}}  error {{forward_error:.3g}}")
print(f"central difference {{central:.15g}}  error {{central_error:.3g}}")

# 2. The integral over [{A:g}, {B:g}]: the {p.rule} rule with n slices, against the exact value.
a, b, n = {A!r}, {B!r}, {p.n}
x = np.linspace(a, b, n + 1)
width = (b - a) / n
riemann = {RULE_CODE[p.rule]}


def F(x):  # an antiderivative: F' = f
    return {fn.antiderivative}


exact_integral = F(b) - F(a)
riemann_error = abs(riemann - exact_integral)
print(f"{p.rule} rule, n = {{n}}: {{riemann:.12g}}  exact {{exact_integral:.12g}}  error {{riemann_error:.3g}}")
print(f"(scipy.integrate.quad: {{integrate.quad(f, a, b)[0]:.12g}})")


# 3. Gradient descent on the {p.surface}.
def surface(x, y):
    return {s.source}


def gradient(x, y):  # the partial derivatives (∂f/∂x, ∂f/∂y)
    return np.array([{s.dx}, {s.dy}])


lr, steps = {_float(p.lr)}, {p.steps}
rng = np.random.default_rng({p.seed})
point = np.array([{_float(p.start_x)}, {_float(p.start_y)}])
for step in range(steps):
    g = gradient(point[0], point[1])
{noise}    point = point - lr * g  # downhill: against the gradient
    if np.abs(point).max() > {FAR!r}:
        print(f"diverged: left the map at step {{step + 1}}")
        break
final_loss = surface(point[0], point[1])
print(f"after gradient descent: f({{point[0]:.4f}}, {{point[1]:.4f}}) = {{final_loss:.4g}}")
'''
