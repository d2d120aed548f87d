"""Derivatives and integrals: the h where rounding wins, the slopes of the Riemann rules, and a
learning rate that walks, bounces or flies off."""

import numpy as np

from explorers.calculus import ORDER, RULES
from figures import calculus as fig
from lessons import Challenge, Claim, Step, titled


def _order(r, rule: str):
    return r.integral.orders[RULES.index(rule)]


def _error_at(r, rule: str, n: int) -> float:
    s = r.integral
    return float(s.errors[RULES.index(rule), list(s.ns).index(n)])


def _smaller_h(r) -> str:
    """At h = 1e-12, against h = 1e-8 on the same sweep."""
    d = r.derivative
    at_8 = float(np.interp(-8, np.log10(d.hs), d.forward_errors))
    if d.forward_error > 10 * at_8:
        return "Worse"
    return "Better" if d.forward_error < at_8 / 10 else "About the same"


def _halving(r) -> str:
    ratio = _error_at(r, "Simpson", 32) / _error_at(r, "Simpson", 64)
    # The option nearest on a log scale: a factor of 14 is "16 times", not "4 times".
    return min(("2 times", "4 times", "16 times"), key=lambda o: abs(np.log2(ratio / int(o.split()[0]))))


def _bounce(r) -> str:
    g = r.descent
    if g.diverged_at >= 0:
        return "It diverges"
    y = g.path[:, 1]
    if np.all(np.abs(np.abs(y) - abs(y[0])) < 1e-12) and np.all(y[1:] * y[:-1] < 0):
        return "It bounces between y = 1 and y = −1 for ever"
    return "It settles at the minimum"


def _valley(r) -> str:
    outcome = r.descent.outcome
    if "saddle" in outcome:
        return "Stuck on the saddle point between them"
    return "In the right-hand valley" if r.descent.path[-1, 0] > 0 else "In the left-hand valley"


CHALLENGES = (
    Challenge(
        question="The forward difference at h = 1e-8 is good to about 8 digits. Make h 10,000 times "
                 "smaller (1e-12): what happens to its error?",
        options=("Better", "About the same", "Worse"),
        state=dict(h=1e-12),
        answer=_smaller_h, expected="Worse",
        why=lambda r: f"{r.derivative.forward_error:.1e} at h = 1e-12 against "
                      f"{np.interp(-8, np.log10(r.derivative.hs), r.derivative.forward_errors):.1e} at 1e-8: "
                      "f(x₀ + h) and f(x₀) now agree in their first 12 digits, and only rounding noise is "
                      "left of their difference, divided by a tiny h.",
    ),
    Challenge(
        question="With Simpson's rule, double the slices from 32 to 64. The error shrinks by about…",
        options=("2 times", "4 times", "16 times"),
        state=dict(rule="Simpson", n=64),
        answer=_halving, expected="16 times",
        why=lambda r: f"{_error_at(r, 'Simpson', 32):.2e} at n = 32, {_error_at(r, 'Simpson', 64):.2e} at "
                      f"n = 64: a factor {_error_at(r, 'Simpson', 32) / _error_at(r, 'Simpson', 64):.1f}, "
                      f"2⁴. The measured slope is −{_order(r, 'Simpson'):.2f}.",
    ),
    Challenge(
        question="The bowl's steepest curvature is 4 (along y). At learning rate 0.5 = 2/4, what does "
                 "gradient descent do?",
        options=("It settles at the minimum", "It bounces between y = 1 and y = −1 for ever", "It diverges"),
        state=dict(lr=0.5),
        answer=_bounce, expected="It bounces between y = 1 and y = −1 for ever",
        why=lambda r: "Each step multiplies y by 1 − 0.5 × 4 = −1: the walker jumps across the valley to "
                      f"the same height every time, while x (curvature 1) halves each step to "
                      f"{r.descent.path[-1, 0]:.1e}. f stays at {r.descent.final_loss:.3g}.",
    ),
    Challenge(
        question="On the two valleys, start exactly on the ridge (x = 0) and take 100 steps. Where does "
                 "the walker end?",
        options=("In the left-hand valley", "In the right-hand valley",
                 "Stuck on the saddle point between them"),
        state=dict(surface="two valleys", start_x=0.0, steps=100),
        answer=_valley, expected="Stuck on the saddle point between them",
        why=lambda r: "∂f/∂x = 4x(x² − 1) is 0 all along x = 0, so it never moves sideways; it slides "
                      f"down to (0, 0), where |∇f| = {r.descent.final_gradient:.1e} and f = "
                      f"{r.descent.final_loss:.3g}, not 0. Add gradient noise and it falls off the ridge.",
    ),
)

TOUR = (
    Step("h = 0.5: the red forward secant, from x₀ to x₀ + h, is far off the green tangent; the blue "
         "central one, from x₀ − h to x₀ + h, is already close to parallel.",
         {}, holds=lambda r: r.derivative.central_error < r.derivative.forward_error / 10),
    Step("h = 0.01: both secants lie on the tangent. Every tenfold cut in h has cut the forward error "
         "tenfold and the central error a hundredfold: slopes 1 and 2 on the error chart.",
         dict(h=0.01), holds=lambda r: (abs(r.derivative.forward_order - 1) < 0.05
                                        and abs(r.derivative.central_order - 2) < 0.05)),
    Step("h = 1e-8: near the forward difference's best, about 8 correct digits. The central "
         "difference did better at a larger h (its best is near 1e-5).",
         dict(h=1e-8), holds=lambda r: (1e-9 <= r.derivative.best_forward_h <= 1e-7
                                        and 1e-6 <= r.derivative.best_central_h <= 1e-4)),
    Step("h = 1e-12: rounding wins. The two values of f agree in 12 digits, and the error is over a "
         "thousand times the best one: a smaller h made it worse.",
         dict(h=1e-12), holds=lambda r: r.derivative.forward_error > 1e3 * r.derivative.forward_errors.min()),
    Step("The Riemann sums: left rectangles, n = 8, miss by 0.2. Each rule's error falls as a power of n; "
         "on the log axes left and right have slope −1, midpoint and trapezoid −2, Simpson −4.",
         {}, holds=lambda r: all(abs(_order(r, rule) - ORDER[rule]) < 0.1 for rule in RULES)),
    Step("Simpson's rule on a cubic is exact: its parabolas miss by a cubic term whose area over each "
         "pair of slices is zero. What is left is rounding.",
         dict(function="x³ − x", rule="Simpson"),
         holds=lambda r: _order(r, "Simpson") is None and r.integral.error < 1e-14),
    Step("Gradient descent at lr 0.1 on the stretched bowl: it drops quickly across the steep y "
         "direction, then crawls along the shallow x direction (each step keeps 90% of x).",
         {}, holds=lambda r: abs(r.descent.path[-1, 1]) < 1e-5 < abs(r.descent.path[-1, 0])),
    Step("lr 1: above 2/4 = 0.5 each step triples the distance across the valley, and the walker "
         "leaves the map in three steps.",
         dict(lr=1.0), holds=lambda r: r.descent.diverged_at == 3),
)

MAIN = titled(fig.secant_figure)

MEASURES = (
    ("Forward difference error", lambda r: r.derivative.forward_error, "{:.2g}"),
    ("Central difference error", lambda r: r.derivative.central_error, "{:.2g}"),
    ("Riemann sum error", lambda r: r.integral.error, "{:.2g}"),
    ("f after gradient descent", lambda r: r.descent.final_loss, "{:.3g}"),
)

CLAIMS = {
    "rounding": Claim(
        "Cut h and the truncation error falls (slope 1 forward, 2 central), until the two values of f "
        "agree in nearly all their 16 digits: then rounding noise divided by h takes over, and the "
        "errors grow again below about h = 1e-8 (forward) and 1e-5 (central).",
        holds=lambda r: (abs(r.derivative.forward_order - 1) < 0.05
                         and abs(r.derivative.central_order - 2) < 0.05
                         and 1e-9 <= r.derivative.best_forward_h <= 1e-7
                         and 1e-6 <= r.derivative.best_central_h <= 1e-4
                         and r.derivative.forward_errors[0] > 1e3 * r.derivative.forward_errors.min())),
    "orders": Claim(
        "On log axes each rule's error falls along a straight line: slope −1 for left and right "
        "rectangles, −2 for midpoints and trapezoids, −4 for Simpson's parabolas. The midpoint "
        "rule's error is about half the trapezoid's, for about the same work.",
        holds=lambda r: (all(abs(_order(r, rule) - ORDER[rule]) < 0.1 for rule in RULES)
                         and 0.4 < _error_at(r, "midpoint", 64) / _error_at(r, "trapezoid", 64) < 0.6)),
    "descent": Claim(
        "The gradient points uphill, across the contours; gradient descent steps the other way, "
        "and on the stretched bowl it drops fast across the steep direction and crawls along the "
        "shallow one.",
        holds=lambda r: (r.descent.diverged_at < 0 and r.descent.final_loss < r.descent.f_start / 100
                         and abs(r.descent.path[-1, 1]) < abs(r.descent.path[-1, 0]) / 100)),
}
