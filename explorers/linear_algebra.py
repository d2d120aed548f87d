"""Vectors & matrices: a 2×2 matrix as a map of the plane
======================================================

A 2×2 matrix ``A = [[a, b], [c, d]]`` moves every point of the plane: ``x ↦ A x``. Its
first column ``(a, c)`` is where the unit vector î = (1, 0) lands, its second ``(b, d)``
where ĵ = (0, 1) lands, and every other vector goes along, since ``A (x, y) = x Aî + y Aĵ``.
So straight lines stay straight, the origin stays put, and the square grid becomes a grid
of parallelograms.

The **determinant** is the signed area of the unit square's image: by how much the map
scales every area, negative when it flips the plane over (î and ĵ swap sides), and zero
when it squashes the plane onto a line, so that no map can undo it. An **eigenvector** is
a direction the map does not turn: the whole line through it lands on itself, every vector
on it only scaled by its **eigenvalue** λ. A rotation has none (its eigenvalues are
complex); a shear has one; a scaling along the axes has two.

Applying ``A`` again and again turns almost every vector towards the eigenvector of the
largest |λ|, the *dominant* one, because that component grows fastest: the angle shrinks
by about |λ₂/λ₁| a step. This is **power iteration**, how the largest eigenvalues of big
matrices (PageRank's, PCA's) are found. The **product** ``BA`` is the map "first A, then
B"; ``AB`` is the other order, and the two are usually different maps, though their
determinants agree. Finally, points drawn from a round standard normal cloud and mapped by
``A`` have covariance ``A Aᵀ``: the unit circle's image is their covariance ellipse, and
PCA finds its axes. (After Setosa's "Eigenvectors and eigenvalues" and Immersive Math.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from sklearn.decomposition import PCA

from datasets.readonly import readonly
from explorers._contract import choice, follow, knob, literal

NOTICE = (
    "The columns of A are where î and ĵ land, and the grid follows them; the shaded square's "
    "image has area |det A|, and the dashed lines (eigenvectors) are the only lines A maps "
    "onto themselves. Apply A again and again and the vector swings onto the eigenvector "
    "whose |λ| is largest, when one is."
)
MISREADING = (
    "\"Every matrix has eigenvectors\" and \"matrices multiply like numbers\": a rotation turns "
    "every direction (its eigenvalues are complex), and \"first A, then B\" is BA, which is "
    "usually not AB. Nor does a small determinant mean nearly singular: 0.1 × identity has "
    "det 0.01 and only shrinks the plane evenly; det = 0 is what squashes it onto a line."
)
HEADLINE = "det"

OWN = "your own"
# Entries on a 0.1 grid, so that each preset is exact on the sliders and in a link. The
# rotation is by atan2(0.6, 0.8) = 36.87°, whose cosine and sine are both on that grid.
PRESETS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "rotation": ((0.8, -0.6), (0.6, 0.8)),
    "shear": ((1.0, 1.0), (0.0, 1.0)),
    "scaling": ((1.5, 0.0), (0.0, 0.5)),
    "projection": ((0.5, 0.5), (0.5, 0.5)),  # onto the line y = x
    "reflection": ((0.0, 1.0), (1.0, 0.0)),  # in the line y = x
    "singular": ((1.0, 2.0), (0.5, 1.0)),
}
ABOUT = {
    "rotation": "turns the plane by 36.87° (cos = 0.8, sin = 0.6)",
    "shear": "slides each row sideways in proportion to its height",
    "scaling": "stretches x by 1.5 and squeezes y to half",
    "projection": "drops every point straight onto the line y = x",
    "reflection": "mirrors the plane in the line y = x (swaps x and y)",
    "singular": "parallel columns: the plane is squashed onto one line",
}
# The default: two real eigenvalues, 1.8 along (2, 1) and 0.9 along (1, -1), directions
# that are not at right angles, and an area scaled by 1.8 × 0.9 = 1.62.
DEFAULT = ((1.5, 0.6), (0.3, 1.2))
LO, HI, STEP = -2.0, 2.0, 0.1
MAX_STEPS = 20
N_POINTS = 300  # the standard normal cloud mapped by A (its PCA)
VIEW = 4.0  # the main chart shows [-VIEW, VIEW]²: A's columns are at most 2√2 long
WIDE = 2.5  # how much wider than tall the main chart's view may be
MAX_GRID = 40  # grid lines each way at most, however much A shrinks the plane
# Eigenvalues of a matrix with a repeated eigenvalue (a shear) come out of LAPACK only to
# about the square root of the rounding error, ~1e-8, split in two or with a tiny imaginary
# part; closer than this (relative to A's largest entry) they are one repeated eigenvalue.
TIE = 1e-7
# A vector shorter than this times ‖A‖ after a step has been sent to zero (it started on a
# singular matrix's null line); only rounding is left to normalise.
ZERO = 1e-12
ROUNDING = 8 * np.finfo(float).eps  # a few units in the last place of a product


def _entry(row: int, col: int, name: str):
    corner = {(0, 0): "top left", (0, 1): "top right", (1, 0): "bottom left", (1, 1): "bottom right"}
    column = "î = (1, 0)" if col == 0 else "ĵ = (0, 1)"
    return knob(
        DEFAULT[row][col], lo=LO, hi=HI, step=STEP, label=f"{name} ({corner[row, col]})",
        when=("matrix", (OWN,)),
        follows=("matrix", {preset: m[row][col] for preset, m in PRESETS.items()}),
        help=f"Entry {name} of A = [[a, b], [c, d]]: the {'x' if row == 0 else 'y'} coordinate of "
             f"where {column} lands. Choose '{OWN}' to move it; it starts from the preset chosen last.",
    )


@dataclass(frozen=True)
class Params:
    matrix: str = choice(
        OWN, options=(OWN, *PRESETS), label="Matrix A",
        help="A preset, or your own entries on the four sliders below. "
             + "; ".join(f"{name}: {about}" for name, about in ABOUT.items()) + ".",
    )
    a: float = _entry(0, 0, "a")
    b: float = _entry(0, 1, "b")
    c: float = _entry(1, 0, "c")
    d: float = _entry(1, 1, "d")
    steps: int = knob(
        3, lo=0, hi=MAX_STEPS, label="Apply A how many times",
        help="Power iteration: the start vector multiplied by A this many times (rescaled to "
             "length 1 after each step, so only its direction is followed).",
    )
    start: int = knob(
        100, lo=0, hi=175, step=5, label="Start direction (degrees)",
        help="The direction of the vector A is applied to, anticlockwise from the x-axis "
             "(a direction and its opposite are the same line, so 0–175° covers them all).",
    )
    then: str = choice(
        "rotation", options=tuple(PRESETS), label="Then B",
        help="A second matrix, for the product: BA is 'first A, then B', AB the other order.",
    )
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seed of the standard normal points that A maps (the PCA chart).")

    def __post_init__(self):
        follow(self)  # a, b, c, d: the preset's, unless it is your own

    @property
    def A(self) -> np.ndarray:
        return np.array([[self.a, self.b], [self.c, self.d]])


@dataclass(frozen=True)
class Result:
    matrix: str  # the preset's name, or OWN
    then: str
    A: np.ndarray  # (2, 2)
    B: np.ndarray  # (2, 2)
    det: float  # np.linalg.det(A): the headline
    trace: float
    # The plane and its image.
    square: np.ndarray  # (5, 2) the unit square's corners, closed: 0, î, î + ĵ, ĵ, 0
    square_image: np.ndarray  # (5, 2) the same corners after A
    signed_area: float  # the image's area by the shoelace formula, + when î, ĵ keep their order
    circle: np.ndarray  # (n, 2) the unit circle
    circle_image: np.ndarray  # (n, 2) after A: an ellipse (or a segment, or a point)
    grid_lines: np.ndarray  # (L, 2, 2) the integer grid lines' two ends
    grid_image: np.ndarray  # (L, 2, 2) the same ends after A (a line's image is a line)
    singular_values: np.ndarray  # (2,) the ellipse's semi-axes (np.linalg.svd)
    left_vectors: np.ndarray  # (2, 2) columns: the ellipse's axes
    # Eigenvalues, sorted by |λ|, largest first.
    kind: str  # "distinct" real, "repeated" (one line), "scalar" (every line), "complex"
    eig_real: np.ndarray  # (2,)
    eig_imag: np.ndarray  # (2,) zero unless complex
    lines: np.ndarray  # (m, 2) unit directions of the lines that stay put, m = 0, 1 or 2
    line_values: np.ndarray  # (m,) each line's eigenvalue
    dominant: int  # index into ``lines`` of the dominant one, or -1 if no line wins
    # Power iteration, computed to MAX_STEPS whatever is shown.
    start: int  # degrees
    steps: int  # how many of them are shown
    iterates: np.ndarray  # (n + 1, 2) unit vectors: the start, then each step's direction
    stretch: np.ndarray  # (n,) ‖A x‖ at each step: the factor the length grew by (→ |λ₁|)
    zero_at: int  # the step at which the vector became 0 (n = zero_at - 1), or -1
    angles: np.ndarray  # (n + 1,) degrees between each iterate's line and the dominant one
    # One map after another.
    BA: np.ndarray  # first A, then B
    AB: np.ndarray  # first B, then A
    commute: bool
    # The link to PCA.
    points: np.ndarray  # (N_POINTS, 2): standard normal points mapped by A
    pca_fitted: bool  # False when every point is 0 (A = 0): nothing to find
    pca_mean: np.ndarray  # (2,)
    pca_components: np.ndarray  # (2, 2) rows: PC1, PC2 (scikit-learn's, signs as it gives)
    pca_variance: np.ndarray  # (2,) variance along each

    @property
    def shown(self) -> np.ndarray:
        """The iterates up to the step shown (fewer if the vector reached 0 before)."""
        return self.iterates[: self.steps + 1]

    @property
    def real(self) -> bool:
        return self.kind != "complex"

    @property
    def ratio(self) -> float:
        """|λ₂| / |λ₁|: how much of the weaker direction is left, relatively, after a step."""
        big = math.hypot(self.eig_real[0], self.eig_imag[0])
        return math.hypot(self.eig_real[1], self.eig_imag[1]) / big if big else 0.0

    @property
    def turn(self) -> float:
        """For complex eigenvalues a ± bi: the angle arg(λ) in degrees, in [0, 180]."""
        return math.degrees(math.atan2(abs(self.eig_imag[0]), self.eig_real[0]))

    @property
    def modulus(self) -> float:
        return math.hypot(self.eig_real[0], self.eig_imag[0])


def run(p: Params) -> Result:
    A = p.A
    B = np.array(PRESETS[p.then], dtype=float)
    scale = float(np.abs(A).max())
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float)
    t = np.linspace(0, 2 * np.pi, 121)
    circle = np.column_stack([np.cos(t), np.sin(t)])
    grid_lines = _grid(A)
    U, s, _ = np.linalg.svd(A)
    kind, values, lines, line_values, dominant = eigen(A)
    iterates, stretch, zero_at = power_iteration(A, p.start, MAX_STEPS)
    angles = (_line_angles(iterates, lines[dominant]) if dominant >= 0 else np.empty(0))
    BA, AB = B @ A, A @ B
    points, fitted, mean, components, variance = _pca(A, p.seed)
    square_image = square @ A.T
    return readonly(Result(
        matrix=p.matrix, then=p.then, A=A, B=B,
        det=determinant(A), trace=float(np.trace(A)),
        square=square, square_image=square_image, signed_area=shoelace(square_image),
        circle=circle, circle_image=circle @ A.T,
        grid_lines=grid_lines, grid_image=grid_lines @ A.T,
        singular_values=s, left_vectors=U,
        kind=kind, eig_real=values.real.copy(), eig_imag=values.imag.copy(),
        lines=lines, line_values=line_values, dominant=dominant,
        start=p.start, steps=min(p.steps, len(iterates) - 1), iterates=iterates, stretch=stretch,
        zero_at=zero_at, angles=angles,
        BA=BA, AB=AB, commute=bool(np.allclose(AB, BA, rtol=0, atol=TIE * max(scale, 1.0))),
        points=points, pca_fitted=fitted, pca_mean=mean, pca_components=components,
        pca_variance=variance,
    ))


def determinant(A: np.ndarray) -> float:
    """``np.linalg.det(A)``, with rounding error called 0.

    For a singular matrix on the sliders (the singular preset) LU gives 5.6e-17, not 0:
    the products ad and bc are each rounded, so a difference smaller than a few units of
    their last place says nothing. ``code()`` writes the same rule out.
    """
    det = float(np.linalg.det(A))
    noise = ROUNDING * (abs(A[0, 0] * A[1, 1]) + abs(A[0, 1] * A[1, 0]))
    return 0.0 if abs(det) <= noise else det


def shoelace(polygon: np.ndarray) -> float:
    """The signed area of a closed polygon (first corner repeated last), positive when its
    corners run anticlockwise. Written out because it is the picture of the determinant:
    the tests check it against ``np.linalg.det``."""
    x, y = polygon[:-1, 0], polygon[:-1, 1]
    x_next, y_next = polygon[1:, 0], polygon[1:, 1]
    return float(0.5 * np.sum(x * y_next - x_next * y))


def eigen(A: np.ndarray):
    """``(kind, eigenvalues, lines, line_values, dominant)`` from ``np.linalg.eig``.

    The eigenvalues come sorted by |λ|, largest first. ``lines`` are unit directions of
    the lines A maps onto themselves (m of them), ``line_values`` their eigenvalues, and
    ``dominant`` the index of the line repeated application turns vectors onto, or -1.
    """
    values, vectors = np.linalg.eig(A)
    scale = max(float(np.abs(A).max()), 1.0)
    # An eigenvalue of a singular matrix comes out as 1e-16, not 0: rounding, called 0.
    values = np.where(np.abs(values) <= ZERO * scale, 0, values)
    order = np.lexsort((-values.real, -np.abs(values)))  # by |λ|, then the positive first
    values, vectors = values[order], vectors[:, order]
    if abs(values[0] - values[1]) <= TIE * scale:
        # One repeated real eigenvalue, λ = trace / 2 (exactly, where LAPACK split it).
        lam = float(np.trace(A)) / 2
        values = np.array([lam, lam], dtype=complex)
        if np.abs(A - lam * np.eye(2)).max() <= TIE * scale:
            # A = λI: every line is its own image (at λ = 0, every one goes to the origin),
            # and none is singled out.
            return "scalar", values, np.empty((0, 2)), np.empty(0), -1
        # A shear-like map: A − λI has rank one, and the one line is its null space.
        _, _, vt = np.linalg.svd(A - lam * np.eye(2))
        line = _canonical(vt[-1])
        # Repeated application turns every vector onto it, slowly (the angle falls like
        # 1/k, not geometrically), unless λ = 0 and everything is sent to zero first.
        return "repeated", values, line[None, :], np.array([lam]), 0 if lam != 0 else -1
    if np.iscomplexobj(vectors) and np.abs(values.imag).max() > 0:
        return "complex", values, np.empty((0, 2)), np.empty(0), -1
    values, vectors = values.real.astype(complex), vectors.real
    lines = np.array([_canonical(v) for v in vectors.T])
    mags = np.abs(values)
    dominant = 0 if mags[0] - mags[1] > TIE * scale else -1  # |λ₁| = |λ₂|: neither wins
    return "distinct", values, lines, values.real.copy(), dominant


def _canonical(v: np.ndarray) -> np.ndarray:
    """A line's unit direction, pointing into the upper half-plane (or along +x)."""
    v = v / np.linalg.norm(v)
    return (-v if v[1] < 0 or (v[1] == 0 and v[0] < 0) else v) + 0.0  # + 0.0: no "-0" printed


def direction(degrees: float) -> np.ndarray:
    # As code() writes it (np.cos of np.radians), so the snippet starts where the page does.
    angle = np.radians(degrees)
    return np.array([np.cos(angle), np.sin(angle)])


def power_iteration(A: np.ndarray, start: float, steps: int):
    """The start direction multiplied by A ``steps`` times, rescaled to length 1 each time.

    Returns the unit vectors (start included), each step's growth factor ‖A x‖, and the
    step at which the vector was sent to zero (then the walk stops there), or -1.
    """
    x = direction(start)
    iterates, stretch = [x], []
    tiny = ZERO * float(np.linalg.norm(A, 2))
    for k in range(1, steps + 1):
        y = A @ x
        length = float(np.linalg.norm(y))
        if length <= tiny:  # on a singular matrix's null line (or A = 0): nothing is left
            return np.array(iterates), np.array(stretch), k
        x = y / length
        iterates.append(x)
        stretch.append(length)
    return np.array(iterates), np.array(stretch), -1


def _line_angles(vectors: np.ndarray, line: np.ndarray) -> np.ndarray:
    """Degrees between each vector's line and ``line`` (0 to 90: a line has no sign).
    From atan2 of the cross and dot products, accurate down to rounding."""
    cross = np.abs(vectors[:, 0] * line[1] - vectors[:, 1] * line[0])
    dot = np.abs(vectors @ line)
    return np.degrees(np.arctan2(cross, dot))


def line_direction(v: np.ndarray) -> float:
    """A vector's line as an angle in [0, 180) degrees."""
    return float(np.degrees(np.arctan2(v[1], v[0])) % 180.0)


def _grid(A: np.ndarray) -> np.ndarray:
    """The integer grid lines x = i and y = j whose images can reach the chart.

    A map that shrinks the plane brings far-away grid lines into view, so the grid reaches
    as far as the chart's corners come from (their preimage under A), up to MAX_GRID; a
    singular A has no preimage, and the lines out to VIEW already draw the line it keeps.
    """
    # The chart is wider than tall, and shows more of the plane sideways (up to WIDE × VIEW).
    corners = VIEW * np.array([[WIDE, 1], [WIDE, -1], [-WIDE, 1], [-WIDE, -1]], dtype=float)
    reach = WIDE * VIEW
    if abs(np.linalg.det(A)) > 1e-9:
        reach = max(reach, float(np.abs(np.linalg.solve(A, corners.T)).max()))
    n = int(min(math.ceil(reach), MAX_GRID))
    i = np.arange(-n, n + 1, dtype=float)
    ends = np.full(i.shape, float(n))
    vertical = np.stack([np.column_stack([i, -ends]), np.column_stack([i, ends])], axis=1)
    horizontal = np.stack([np.column_stack([-ends, i]), np.column_stack([ends, i])], axis=1)
    return np.concatenate([vertical, horizontal])


def _pca(A: np.ndarray, seed: int):
    """Standard normal points mapped by A, and scikit-learn's PCA of them."""
    rng = np.random.default_rng(seed)
    points = rng.standard_normal((N_POINTS, 2)) @ A.T
    if not points.any():
        # A = 0 sends every point to the origin: no spread, and no direction to find
        # (PCA would divide 0 by 0).
        return points, False, np.zeros(2), np.eye(2), np.zeros(2)
    pca = PCA(n_components=2).fit(points)
    return points, True, pca.mean_, pca.components_, pca.explained_variance_


def is_circle(r: Result) -> bool:
    """Whether the unit circle's image is a circle (or a point): no long axis to find."""
    return bool(r.singular_values[0] - r.singular_values[1] <= 1e-9 * max(r.singular_values[0], 1.0))


def pc1_off_axis(r: Result) -> float:
    """Degrees between PCA's first axis and the ellipse's long axis."""
    return float(np.degrees(np.arccos(min(1.0, abs(float(r.pca_components[0] @ r.left_vectors[:, 0]))))))


def matrix_text(M: np.ndarray) -> str:
    """A 2×2 matrix on one line, as numpy would take it: [[1.5, 0.6], [0.3, 1.2]]."""
    return "[" + ", ".join("[" + ", ".join(f"{v:.4g}" for v in row) + "]" for row in np.asarray(M)) + "]"


def eigen_text(r: Result) -> str:
    """The eigenvalues as a learner reads them: "1.8 and 0.9", "1 (twice)", "0.8 ± 0.6i"."""
    if r.kind == "complex":
        return f"{r.eig_real[0]:.3g} ± {abs(r.eig_imag[0]):.3g}i"
    if r.kind in ("repeated", "scalar"):
        return f"{r.eig_real[0]:.3g} (twice)"
    return f"{r.eig_real[0]:.3g} and {r.eig_real[1]:.3g}"


def code(p: Params) -> str:
    rows = ", ".join("[" + ", ".join(literal(float(v)) for v in row) + "]" for row in p.A)
    name = "your own entries" if p.matrix == OWN else f"the {p.matrix} preset: {ABOUT[p.matrix]}"
    b_rows = ", ".join("[" + ", ".join(literal(v) for v in row) + "]" for row in PRESETS[p.then])
    return f'''\
import numpy as np
from sklearn.decomposition import PCA

A = np.array([{rows}])  # {name}
B = np.array([{b_rows}])  # the {p.then} preset

# Where î and ĵ land: the columns of A. The determinant is the signed area of the
# unit square's image: how A scales every area (negative: the plane is flipped).
print("A î =", A[:, 0], " A ĵ =", A[:, 1])
det = np.linalg.det(A)
# A singular matrix's determinant can come out as 5.6e-17 rather than 0: ad and bc are
# each rounded, and a difference within a few units of their last place is rounding.
if abs(det) <= {ROUNDING!r} * (abs(A[0, 0] * A[1, 1]) + abs(A[0, 1] * A[1, 0])):
    det = 0.0
print(f"det A = {{det:.4g}}")

# Eigenvectors are the directions A only stretches: A v = λ v. A real matrix with no
# real eigenvector (a rotation) has a pair of complex eigenvalues a ± bi instead.
# (A singular matrix's eigenvalue 0 may print as 1e-16: rounding, as for det.)
eigenvalues, eigenvectors = np.linalg.eig(A)
print("eigenvalues:", eigenvalues)
print("eigenvectors (columns):", eigenvectors, sep="\\n")

# Power iteration: apply A again and again, rescaling to length 1 each time. The vector
# turns towards the eigenvector of the largest |λ|, if one eigenvalue is strictly largest.
angle = np.radians({p.start})
x = np.array([np.cos(angle), np.sin(angle)])
for step in range(1, {p.steps} + 1):
    y = A @ x
    if np.linalg.norm(y) <= {ZERO:g} * np.linalg.norm(A, 2):
        print(f"step {{step}}: the vector was sent to zero")
        break
    stretch = np.linalg.norm(y)  # tends to the largest |λ|: power iteration's estimate of it
    x = y / stretch
print("direction after {p.steps} steps:", x)

# One map after another: "first A, then B" is the product B @ A. The other order differs,
# in general, though both scale areas by det A × det B.
print("BA =", B @ A, "AB =", A @ B, sep="\\n")
print("AB == BA:", np.allclose(A @ B, B @ A), " det(BA) =", np.linalg.det(B @ A))

# The link to PCA: round standard normal points mapped by A have covariance A Aᵀ, so the
# image of the unit circle is their covariance ellipse. PCA finds its axes: the left
# singular vectors of A, with variances the squared singular values.
rng = np.random.default_rng({p.seed})
points = rng.standard_normal(({N_POINTS}, 2)) @ A.T
U, s, _ = np.linalg.svd(A)
print("ellipse axes (columns of U):", U, "variances s²:", s**2, sep="\\n")
if points.any():  # A = 0 sends every point to the origin: no spread for PCA to find
    pca = PCA(n_components=2).fit(points)
    print("PCA's axes (rows):", pca.components_, "variances:", pca.explained_variance_, sep="\\n")
'''
