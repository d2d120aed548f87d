"""Vectors & matrices: the columns are where î and ĵ land, the determinant is the square's
signed area, eigenvectors are the lines that stay put (a rotation has none), repeated
application swings onto the dominant one, and first A then B is BA, not AB."""

import numpy as np

from explorers.linear_algebra import MAX_STEPS, Result, is_circle, matrix_text, pc1_off_axis
from figures import linear_algebra as fig
from lessons import Challenge, Claim, Step

WEAK_START = 135  # degrees: the default matrix's weaker eigenvector, (1, -1)


def _lines_kept(r: Result) -> str:
    if r.kind == "scalar":
        return "Every line"
    return ("None", "One", "Two")[len(r.lines)]


def _where(r: Result) -> str:
    end = r.iterates[r.steps]
    if r.dominant >= 0 and r.angles[r.steps] < 1.0:
        return "On the dominant line"
    weak = [v for i, v in enumerate(r.lines) if i != r.dominant]
    if weak and abs(end[0] * weak[0][1] - end[1] * weak[0][0]) < 1e-6:
        return "Still on the weaker line"
    return "Somewhere in between"


def _order(r: Result) -> str:
    return "The same map" if r.commute else "Different maps"


def _area(r: Result) -> str:
    return {0.0: "0", 1.0: "1", 2.0: "2", 4.0: "4"}.get(round(abs(r.det), 12), "another")


def tangent_ratios(r: Result) -> np.ndarray:
    """How much the tangent of the angle to the dominant line shrinks each step: for a
    diagonalisable A it tends to |λ₂/λ₁|."""
    t = np.tan(np.radians(r.angles))
    return t[1:] / t[:-1]


CHALLENGES = (
    Challenge(
        question="The shear slides each row sideways. How many lines through the origin does it "
                 "leave where they were?",
        options=("None", "One", "Two", "Every line"),
        state=dict(matrix="shear"),
        answer=_lines_kept, expected="One",
        why=lambda r: f"Only the x-axis, direction ({r.lines[0][0]:.3g}, {r.lines[0][1]:.3g}). The eigenvalue "
                      f"{r.eig_real[0]:.3g} comes twice, but A − I has rank one, so there is one eigenvector "
                      "line, not two.",
    ),
    Challenge(
        question="Start the vector exactly on the default matrix's weaker eigenvector (135°, the "
                 "line λ = 0.9) and apply A twenty times. Where does it end up?",
        options=("On the dominant line", "Somewhere in between", "Still on the weaker line"),
        state=dict(steps=MAX_STEPS, start=WEAK_START),
        answer=_where, expected="Still on the weaker line",
        why=lambda r: f"A only scales vectors on that line (by {r.line_values[1]:.3g}), so they never turn: "
                      f"the angle to the dominant line stays {r.angles[-1]:.2f}°. Power iteration needs a "
                      "start with some of the dominant direction in it; a random start has some almost surely.",
    ),
    Challenge(
        question="Rotate, then shear (A = rotation, B = shear). Is that the same map as shear, then rotate?",
        options=("The same map", "Different maps"),
        state=dict(matrix="rotation", then="shear"),
        answer=_order, expected="Different maps",
        why=lambda r: f"BA = {matrix_text(r.BA)} but AB = {matrix_text(r.AB)}: different maps, so the two "
                      "shapes below differ. Both scale areas by det A × det B = "
                      f"{r.det * np.linalg.det(r.B):.3g}.",
    ),
    Challenge(
        question="The singular preset has entries 1, 2, 0.5 and 1. What area does the unit "
                 "square's image have?",
        options=("0", "1", "2", "4"),
        state=dict(matrix="singular"),
        answer=_area, expected="0",
        why=lambda r: f"det A = 1 × 1 − 2 × 0.5 = {r.det:.3g}: the columns (1, 0.5) and (2, 1) point along "
                      "the same line, so the square is flattened onto it, and no matrix can undo that.",
    ),
)


TOUR = (
    Step("A's columns are where î and ĵ land: the red arrow is (1.5, 0.3), the blue (0.6, 1.2). "
         "Every other point follows them, so grid lines stay straight, parallel and evenly spaced.",
         {}, holds=lambda r: np.allclose(r.square_image[1], r.A[:, 0])
         and np.allclose(r.square_image[3], r.A[:, 1])),
    Step("Two dashed lines stay put: along (2, 1) every vector is stretched by 1.8, along (1, −1) "
         "by 0.9. The square's area becomes 1.8 × 0.9 = 1.62, which is det A.",
         {}, holds=lambda r: r.kind == "distinct" and np.allclose(r.line_values, [1.8, 0.9])
         and np.isclose(r.det, 1.62) and np.allclose(r.lines[0], np.array([2, 1]) / np.sqrt(5))),
    Step("Apply A eight times: the purple vector has swung from 100° onto the dominant line. "
         "Each step the weaker direction loses ground by 0.9 / 1.8 = ½, a straight line on the "
         "log axis.",
         dict(steps=8), holds=lambda r: r.angles[8] < 1.0 and np.isclose(r.ratio, 0.5)
         and np.allclose(tangent_ratios(r)[4:], 0.5, rtol=0.05)),
    Step("A rotation turns every direction: no line stays put. Its eigenvalues are complex, "
         "0.8 ± 0.6i, and applying it again only keeps turning the vector.",
         dict(matrix="rotation"), holds=lambda r: r.kind == "complex" and not len(r.lines)
         and np.isclose(r.det, 1.0) and np.isclose(r.turn, np.degrees(np.arctan2(0.6, 0.8)))),
    Step("A shear keeps one line, the x-axis, and keeps areas (det A = 1): 1 is an eigenvalue "
         "twice over, with one eigenvector line only. Vectors creep onto it slowly, not by a "
         "fixed ratio a step.",
         dict(matrix="shear", steps=MAX_STEPS), holds=lambda r: r.kind == "repeated" and np.isclose(r.det, 1.0)
         and np.allclose(r.lines[0], [1, 0]) and 1.0 < r.angles[-1] < 10.0),
    Step("A reflection flips the plane over: det A = −1, the square's image turns purple and î, ĵ "
         "swap places. Its eigenvalues, 1 and −1, are equal in size, so neither line wins and the "
         "vector flips back and forth for ever.",
         dict(matrix="reflection", steps=6), holds=lambda r: np.isclose(r.det, -1.0) and r.dominant == -1
         and np.allclose(r.iterates[2], r.iterates[0]) and not np.allclose(r.iterates[1], r.iterates[0])),
    Step("A singular matrix squashes the plane onto one line: det A = 0, the square becomes a "
         "segment and one eigenvalue is 0. After a single step every vector lies on that line.",
         dict(matrix="singular"), holds=lambda r: r.det == 0.0 and r.line_values[1] == 0.0
         and r.angles[1] < 1e-9),
    Step("Scale, then rotate (BA) against rotate, then scale (AB): the two shapes below differ, "
         "though both have area det A × det B = 0.75.",
         dict(matrix="scaling", then="rotation"), holds=lambda r: not r.commute
         and np.isclose(np.linalg.det(r.AB), 0.75) and np.isclose(np.linalg.det(r.BA), 0.75)),
)

MAIN = fig.plane_figure  # (result, side): named by its side, without the legend

MEASURES = (
    ("det A", lambda r: r.det, "{:.4g}"),
    ("|λ₂ / λ₁|", lambda r: r.ratio, "{:.3g}"),
)


def _settles(r: Result) -> bool:
    """Whether the last two directions lie on one line (to 1e-6)."""
    a, b = r.iterates[-1], r.iterates[-2]
    return abs(a[0] * b[1] - a[1] * b[0]) < 1e-6


CLAIMS = {
    "area": Claim(
        "The axes' grey grid is the plane before A; the light blue grid is the plane after it. "
        "The shaded parallelogram is where the unit square lands: its area is |det A|, and it "
        "turns purple when det A is negative (the plane flipped over).",
        holds=lambda r: abs(r.signed_area - r.det) < 1e-12 and r.det > 0),
    # Under the power-iteration row, one of these, as power_claim picks for the result.
    "power": Claim(
        "Each purple dot is the vector's direction after one more application of A (rescaled to "
        "length 1). Unless it starts exactly on the other eigenvector's line, it swings onto the "
        "dominant one, and the angle shrinks by about |λ₂/λ₁| a step: a straight line on the log axis.",
        state=dict(steps=MAX_STEPS),
        holds=lambda r: r.dominant == 0 and r.angles[-1] < 1e-3
        and np.allclose(tangent_ratios(r)[5:], r.ratio, rtol=0.02)),
    "power_slow": Claim(
        "Each purple dot is the vector's direction after one more application of A. With one "
        "eigenvalue repeated and a single line, the vector creeps onto that line, but slowly: the "
        "angle falls like 1/k, not by a fixed ratio a step.",
        state=dict(matrix="shear", steps=MAX_STEPS),
        holds=lambda r: r.kind == "repeated" and r.dominant == 0
        and abs(np.tan(np.radians(r.angles[20])) * 20 / (np.tan(np.radians(r.angles[10])) * 10) - 1) < 0.1),
    "power_none": Claim(
        "Each purple dot is the vector's direction after one more application of A. No eigenvalue "
        "is strictly largest in size (two of the same size, or a complex pair), so no line wins: "
        "the direction keeps flipping or turning and never settles.",
        state=dict(matrix="reflection", steps=MAX_STEPS),
        holds=lambda r: r.dominant == -1 and not _settles(r)),
    "power_still": Claim(
        "A is a multiple of the identity, so it scales every vector by the same λ and turns none: "
        "the vector's direction never moves.",
        state=dict(a=1.5, b=0.0, c=0.0, d=1.5, steps=MAX_STEPS),
        holds=lambda r: r.kind == "scalar" and np.allclose(r.iterates, r.iterates[0], atol=1e-15)),
    "power_zero": Claim(
        "A sent the vector to 0 (it started on, or was carried onto, the line A squashes to the "
        "origin): after that step there is no direction left to follow, so the walk stops.",
        state=dict(matrix="projection", start=135, steps=MAX_STEPS),
        holds=lambda r: r.zero_at == 1 and len(r.iterates) == 1),
    "order": Claim(
        "The dashed outline is the square after the first map, the shaded shape after both. The "
        "two orders give different shapes, yet the same area: det(BA) = det(AB) = det A × det B.",
        holds=lambda r: not r.commute and np.isclose(np.linalg.det(r.BA), np.linalg.det(r.AB))
        and np.isclose(np.linalg.det(r.BA), r.det * np.linalg.det(r.B))),
    "order_same": Claim(
        "The dashed outline is the square after the first map, the shaded shape after both. Here "
        "the two orders happen to give the same map, AB = BA (two rotations do); most pairs of "
        "matrices do not commute.",
        state=dict(matrix="rotation"),
        holds=lambda r: r.commute and np.allclose(r.AB, r.BA)),
    "pca": Claim(
        "Round standard normal points mapped by A have covariance A Aᵀ, so the circle's image "
        "(green) is their covariance ellipse. PCA, fitted to the points alone, finds nearly the "
        "same ellipse (dashed), up to the sampling noise of a few hundred points.",
        holds=lambda r: not is_circle(r) and pc1_off_axis(r) < 5.0
        and np.allclose(r.pca_variance, r.singular_values ** 2, rtol=0.25)),
}


def power_claim(r: Result) -> str:
    """The name of the claim that describes the power-iteration row for this result."""
    if r.zero_at >= 0:
        return "power_zero"
    if r.kind == "scalar":
        return "power_still"
    if r.dominant < 0:
        return "power_none"
    return "power_slow" if r.kind == "repeated" else "power"


def order_claim(r: Result) -> str:
    return "order_same" if r.commute else "order"
