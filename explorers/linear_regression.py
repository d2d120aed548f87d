"""Linear and polynomial regression: least squares beside gradient descent
=======================================================================

A straight line through noisy points is the model every other one builds on. Least
squares picks the slope and intercept that make the mean of the squared vertical gaps
(the *residuals*) as small as possible. Because that loss is a quadratic bowl over the
coefficients, its lowest point has a closed form, which is what scikit-learn's
``LinearRegression`` computes. Adding the powers x², x³, … as extra columns turns the
same machinery into polynomial regression: the model is still linear in its coefficients.

Gradient descent reaches the same point by walking downhill: start at zero, step against
the gradient, repeat. We re-implement it step by step in numpy so its path can be drawn on
the loss surface. How big a step it may take is set by the bowl's steepest curvature: for
the mean squared error the Hessian is 2/n·AᵀA, and any learning rate above 2/λ_max makes
the steps overshoot further each time until the loss explodes. Unscaled features stretch
the bowl into a narrow valley, where a learning rate small enough for the steep walls
crawls along the floor; standardising the features makes the bowl round.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import PolynomialFeatures

from datasets import CURVES, SHIPPED, sample_curve
from datasets.readonly import readonly
from explorers._contract import choice, knob, knobs, literal, log_knob

NOTICE = (
    "Gradient descent walks down the loss surface to the very point least squares computes "
    "in one step, but only if its learning rate stays below 2/λ_max: above it every step "
    "overshoots further and the loss explodes. Raw, unscaled x stretches the bowl into a "
    "narrow valley that gradient descent zig-zags across and crawls along; standardising x "
    "makes it round."
)
MISREADING = (
    "“A high R² means the model is right.” R² only says how much of the spread in y the fit "
    "explains: a line through curved data can score well and still be systematically wrong, "
    "which the pattern in the residuals shows. And gradient descent does not find a different "
    "answer from least squares: when it converges, it converges to the same coefficients."
)
HEADLINE = "test_r2"

# The line: the learner sees whether the fit recovers the slope and intercept it was drawn
# from. x on [0, 10], far from centred, so unscaled gradient descent meets a narrow valley.
LINE_SLOPE, LINE_INTERCEPT, LINE_X = 0.4, -2.0, (0.0, 10.0)
LINE_SOURCE = "0.4 * x - 2.0"  # the same line, as the code panel writes it (a test checks)
DIABETES = "diabetes (BMI)"
SYNTHETIC = ("line",) + tuple(CURVES)
DATA = SYNTHETIC + (DIABETES,)
BMI_COLUMN = 2  # load_diabetes' columns: age, sex, bmi, …
N_TEST = 200  # fresh test points for the synthetic data
N_GRID = 200  # points on which the fitted curves are drawn
SURFACE_GRID = 81  # the loss surface is evaluated on an 81 × 81 grid of (slope, intercept)
# Gradient descent stops when the loss passes this multiple of its starting value: the
# steps have been overshooting for a while, and going on would overflow to inf.
BLOW_UP = 1e8
EDGE = 1e-9  # learning rates this close (relative) to 2/λ_max count as on the limit
BLOCK = 50  # gradient-descent steps between checks of the loss
# Converged: the loss above the least-squares minimum is down to this share of its start.
CONVERGED_RTOL = 1e-6


@dataclass(frozen=True)
class Params:
    data: str = choice(
        "line", options=DATA, label="Data",
        help=f"line: y = {LINE_SLOPE}·x − {-LINE_INTERCEPT:g} plus noise, x from 0 to 10 (can the fit "
             "recover that slope and intercept?); "
             + "; ".join(f"{name}: {c.about} on [-1, 1]" for name, c in CURVES.items())
             + f"; {DIABETES}: disease progression against body-mass index for 442 patients "
             "(scikit-learn ships BMI already centred and scaled, so its values are about ±0.1).",
    )
    degree: int = knob(
        1, lo=1, hi=8, label="Polynomial degree",
        help="1 fits a straight line; d adds the columns x², …, x^d, still fitted by least "
             "squares because the model stays linear in its coefficients.",
    )
    n_points: int = knob(
        30, lo=10, hi=200, label="Training points", when=("data", SYNTHETIC),
        help="How many noisy points the models are fitted to (the test set is 200 fresh points).",
    )
    noise: float = knob(
        0.5, lo=0.0, hi=1.0, step=0.05, when=("data", SYNTHETIC),
        help="Standard deviation of the Gaussian noise added to y.",
    )
    outlier: float = knob(
        0.0, lo=-8.0, hi=8.0, step=1.0, label="Outlier (in SDs of y)",
        help="Moves the training point with the largest x up or down by this many standard "
             "deviations of y. Squared residuals make one far point pull the whole fit.",
    )
    learning_rate: float = log_knob(
        0.02, lo=1e-4, hi=2.0, label="Learning rate",
        help="Gradient descent's step size: each step moves the coefficients by the learning "
             "rate times the gradient of the MSE. Above 2/λ_max (shown on the page) it diverges.",
    )
    steps: int = knob(
        500, lo=10, hi=1000, step=10, label="Gradient-descent steps",
        help="How many full-batch gradient steps, starting from all coefficients at zero.",
    )
    standardize: str = choice(
        "off", options=("off", "on"), label="Standardise x for gradient descent",
        help="on: each feature column is shifted to mean 0 and scaled to standard deviation 1 "
             "before gradient descent (the coefficients are converted back afterwards). The "
             "closed form does not care; gradient descent does.",
    )
    seed: int = knob(
        0, lo=0, hi=999,
        help="Random seed: the noisy sample, or which diabetes patients are held out for testing.",
    )


LEARNING_RATES = knobs(Params)["learning_rate"].options
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹", "^")  # x^2 -> x²


@dataclass(frozen=True)
class Descent:
    """Full-batch gradient descent on the MSE, in the coordinates it runs in."""

    thetas: np.ndarray  # (k + 1, d + 1): every step's coefficients, the intercept last
    losses: np.ndarray  # (k + 1,): training MSE at each of them
    diverged_at: int  # the step at which the loss passed BLOW_UP × its start; 0 if never


@dataclass(frozen=True)
class Result:
    data: str
    degree: int
    standardize: bool
    feature_names: tuple[str, ...]
    # The data (x is the one input column), the test set, and the point moved as the outlier.
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    outlier_index: int  # into x_train; -1 when no point was moved
    x_grid: np.ndarray
    y_grid_true: np.ndarray  # the noise-free curve (empty for diabetes)
    # Least squares (LinearRegression), in the original units of x.
    coef: np.ndarray
    intercept: float
    pred_train: np.ndarray
    y_grid_fit: np.ndarray
    train_r2: float
    test_r2: float
    train_mse: float
    test_mse: float
    # Gradient descent. theta_* are in its own coordinates (standardised or raw features,
    # intercept last); gd_coef / gd_intercept are converted back to the units of x.
    gd_thetas: np.ndarray
    gd_losses: np.ndarray
    gd_diverged_at: int
    gd_converged: bool
    # "converged", "descending" (not there yet), "edge" (lr at 2/λ_max: it bounces for ever),
    # "diverging" (above the limit, loss not yet past the bound) or "diverged".
    gd_status: str
    gd_coef: np.ndarray
    gd_intercept: float
    gd_final_mse: float
    gd_test_mse: float
    y_grid_gd: np.ndarray
    theta_ls: np.ndarray  # the least-squares point in gradient descent's coordinates
    learning_rate: float
    lr_limit: float  # 2 / λ_max of the Hessian 2/n·AᵀA: the largest stable learning rate
    lr_first_diverging: float  # the smallest slider value that blows up within the steps; 0 if none
    condition: float  # λ_max / λ_min: how stretched the loss bowl is
    # The loss surface over (slope, intercept) for degree 1; empty arrays otherwise.
    surface_w: np.ndarray
    surface_b: np.ndarray
    surface_loss: np.ndarray  # (len(surface_b), len(surface_w))


# ----------------------------------------------------------------------------- data


def diabetes_split(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices ``(train, test)``: a quarter of the patients held out, chosen by the seed."""
    order = np.random.default_rng(seed).permutation(n)
    n_test = n // 4
    return order[n_test:], order[:n_test]


@functools.lru_cache(maxsize=32)
def sample(data: str, n_points: int, noise: float, outlier: float, seed: int):
    """``(x_train, y_train, x_test, y_test, outlier_index, x_grid, y_grid_true)``, read-only.

    Depends on no gradient-descent setting, so moving those sliders reuses it.
    """
    if data == DIABETES:
        X, y, _ = SHIPPED["diabetes"].load()
        train, test = diabetes_split(len(y), seed)
        x_train, y_train = X[train, BMI_COLUMN], y[train].astype(float)
        x_test, y_test = X[test, BMI_COLUMN], y[test].astype(float)
        y_grid_true = None
    else:
        rng = np.random.default_rng(seed)
        if data == "line":
            # Same order of draws as sample_curve: inputs first, then their noise.
            def draw(n):
                x = rng.uniform(*LINE_X, size=n)
                return x, LINE_SLOPE * x + LINE_INTERCEPT + noise * rng.standard_normal(n)
        else:
            def draw(n):
                return sample_curve(data, n, noise, rng)
        x_train, y_train = draw(n_points)
        x_test, y_test = draw(N_TEST)
        y_grid_true = True
    outlier_index = -1
    if outlier:
        # The point with the largest x: the most leverage, so the pull is plain to see.
        outlier_index = int(np.argmax(x_train))
        y_train = y_train.copy()
        y_train[outlier_index] += outlier * y_train.std()
    lo, hi = float(min(x_train.min(), x_test.min())), float(max(x_train.max(), x_test.max()))
    x_grid = np.linspace(lo, hi, N_GRID)
    if y_grid_true is None:
        y_grid_true = np.empty(0)
    elif data == "line":
        y_grid_true = LINE_SLOPE * x_grid + LINE_INTERCEPT
    else:
        y_grid_true = CURVES[data].f(x_grid)
    arrays = (x_train, y_train, x_test, y_test)
    return (*readonly(arrays), outlier_index, readonly(x_grid), readonly(y_grid_true))


# ----------------------------------------------------------------------------- models


def design(Z: np.ndarray, mean=None, scale=None) -> np.ndarray:
    """Gradient descent's matrix A = [features, 1], the features standardised if ``mean`` and
    ``scale`` (the training columns') are given."""
    if mean is not None:
        Z = (Z - mean) / scale
    return np.column_stack([Z, np.ones(len(Z))])


def gradient_descent(A: np.ndarray, y: np.ndarray, learning_rate: float, steps: int) -> Descent:
    """Full-batch gradient descent on MSE(θ) = ‖Aθ − y‖²/n from θ = 0.

    The gradient is 2/n·(AᵀAθ − Aᵀy), so each step is θ ← θ − lr·2/n·(AᵀAθ − Aᵀy): with AᵀA
    and Aᵀy formed once, a step costs a (d+1)² product, not two passes over the n points.
    The loss of every step is then computed from its residuals, a block of steps at a time.
    Stops, and says at which step, once the loss has passed BLOW_UP times its start: every
    later number would only be larger, then inf. That step is kept, as the code panel's
    loop keeps it.
    """
    n = len(y)
    rate = learning_rate * 2.0 / n
    step_matrix = np.eye(A.shape[1]) - rate * (A.T @ A)  # θ ← (I − rate·AᵀA)θ + rate·Aᵀy
    shift = rate * (A.T @ y)
    thetas = np.zeros((steps + 1, A.shape[1]))  # row k: θ after k steps; θ₀ = 0
    losses = np.empty(steps + 1)
    losses[0] = float(y @ y) / n
    done = 0
    # Past the bound the numbers may overflow before the block's check: that is expected.
    with np.errstate(over="ignore", invalid="ignore"):
        while done < steps:
            end = min(done + BLOCK, steps)
            for k in range(done, end):
                np.dot(step_matrix, thetas[k], out=thetas[k + 1])
                thetas[k + 1] += shift
            residuals = thetas[done + 1:end + 1] @ A.T - y
            losses[done + 1:end + 1] = np.einsum("ij,ij->i", residuals, residuals) / n
            bad = np.flatnonzero(~(losses[done + 1:end + 1] <= BLOW_UP * losses[0]))
            if bad.size:
                at = done + 1 + int(bad[0])
                keep = at + 1 if np.isfinite(losses[at]) else at  # never hand out inf
                return Descent(readonly(thetas[:keep]), readonly(losses[:keep]), at)
            done = end
    return Descent(readonly(thetas), readonly(losses), 0)


def hessian_eigenvalues(A: np.ndarray) -> np.ndarray:
    """Eigenvalues (ascending) of the MSE's Hessian 2/n·AᵀA, the same at every θ.

    From the singular values of A (λ = 2s²/n) rather than from AᵀA itself, whose rounding
    can turn the smallest eigenvalue of unscaled high powers of x negative.
    """
    s = np.linalg.svd(A, compute_uv=False)
    return np.sort(2.0 * s**2 / len(A))


def least_squares():
    """The closed form, as ``code(p)`` writes it. tol=0 keeps every direction: at high degrees
    the powers of x are nearly collinear and the default tol=1e-6 could drop some."""
    return LinearRegression(tol=0)


def _surface(x: np.ndarray, y: np.ndarray, theta_ls, thetas):
    """MSE over a grid of (slope, intercept) around the start, the minimum and the path.

    The MSE is a quadratic in (w, b), so it is evaluated from five averages rather than
    from the n residuals at each of the 81² grid points.
    """
    start, best = np.zeros(2), np.asarray(theta_ls)
    # Centred between the start and the minimum, wide enough for the path's excursions but
    # at most 2.5 times that distance, so a diverging path cannot shrink the picture to a dot.
    # Equal half-widths on both axes (the figure is square in units), so the gradient is drawn
    # perpendicular to the contours.
    centre = (start + best) / 2
    reach = max(float(np.abs(best - centre).max()), 1e-9)
    excursion = float(np.abs(thetas - centre).max()) if len(thetas) else 0.0
    half = max(1.2 * reach, min(1.1 * excursion, 2.5 * reach))
    w = np.linspace(centre[0] - half, centre[0] + half, SURFACE_GRID)
    b = np.linspace(centre[1] - half, centre[1] + half, SURFACE_GRID)
    W, B = np.meshgrid(w, b)
    mx, mxx, my, mxy, myy = x.mean(), (x * x).mean(), y.mean(), (x * y).mean(), (y * y).mean()
    loss = W**2 * mxx + 2 * W * B * mx + B**2 - 2 * W * mxy - 2 * B * my + myy
    # Rounding can take the quadratic a hair below zero right at an exact fit.
    return w, b, np.maximum(loss, 0.0)


@dataclass(frozen=True)
class _Fit:
    """Least squares and its scores: independent of every gradient-descent setting."""

    Z_train: np.ndarray  # the powers of x, as PolynomialFeatures makes them
    Z_test: np.ndarray
    Z_grid: np.ndarray
    coef: np.ndarray
    intercept: float
    pred_train: np.ndarray
    y_grid_fit: np.ndarray
    train_r2: float
    test_r2: float
    train_mse: float
    test_mse: float
    feature_names: tuple[str, ...]


def _mse(y, pred) -> float:
    return float(np.mean((y - pred) ** 2))


def _r2(y, pred) -> float:
    # scikit-learn's r2_score, written out: its input checks cost more than the sum here.
    return float(1.0 - np.sum((y - pred) ** 2) / np.sum((y - y.mean()) ** 2))


@functools.lru_cache(maxsize=32)
def _least_squares(sample_key: tuple, degree: int) -> _Fit:
    x_train, y_train, x_test, y_test, _, x_grid, _ = sample(*sample_key)
    features = PolynomialFeatures(degree, include_bias=False).fit(x_train.reshape(-1, 1))
    # One transform for all three sets (row by row, so the same numbers as three calls), and
    # predictions as Z @ coef + intercept, which is LinearRegression.predict without its checks.
    Z = features.transform(np.concatenate([x_train, x_test, x_grid]).reshape(-1, 1))
    Z_train, Z_test, Z_grid = np.split(Z, [x_train.size, x_train.size + x_test.size])
    model = least_squares().fit(Z_train, y_train)
    coef, intercept = model.coef_, float(model.intercept_)
    pred_train, pred_test = Z_train @ coef + intercept, Z_test @ coef + intercept
    names = tuple(n.replace("x0", "x").translate(SUPERSCRIPTS)
                  for n in features.get_feature_names_out())
    return _Fit(
        *readonly((Z_train, Z_test, Z_grid, coef)), intercept,
        readonly(pred_train), readonly(Z_grid @ coef + intercept),
        _r2(y_train, pred_train), _r2(y_test, pred_test),
        _mse(y_train, pred_train), _mse(y_test, pred_test), names,
    )


@dataclass(frozen=True)
class _Setup:
    """Gradient descent's matrix, its least-squares point and its curvature (no learning rate)."""

    A: np.ndarray
    mean: np.ndarray | None
    scale: np.ndarray | None
    theta_ls: np.ndarray
    eigenvalues: np.ndarray


@functools.lru_cache(maxsize=32)
def _setup(sample_key: tuple, degree: int, standardize: bool) -> _Setup:
    y_train = sample(*sample_key)[1]
    Z = _least_squares(sample_key, degree).Z_train
    mean, scale = (Z.mean(axis=0), Z.std(axis=0)) if standardize else (None, None)
    A = design(Z, mean, scale)
    # The least-squares point in gradient descent's own coordinates, for the surface and paths.
    fit = LinearRegression(tol=0).fit(A[:, :-1], y_train)
    theta_ls = np.append(fit.coef_, fit.intercept_)
    return _Setup(readonly(A), mean, scale, readonly(theta_ls), readonly(hessian_eigenvalues(A)))


@functools.lru_cache(maxsize=64)
def _first_diverging(sample_key: tuple, degree: int, standardize: bool, steps: int) -> float:
    """The smallest slider learning rate whose descent blows up within ``steps``; 0 if none.

    Found by running them, from the limit up: just above 2/λ_max each step overshoots by
    only a little more than the last, and the loss can take longer than the steps to explode.
    """
    setup = _setup(sample_key, degree, standardize)
    y_train = sample(*sample_key)[1]
    limit = 2.0 / setup.eigenvalues[-1]
    for lr in LEARNING_RATES:
        if lr > limit * (1 + EDGE) and gradient_descent(setup.A, y_train, lr, steps).diverged_at:
            return float(lr)
    return 0.0


def run(p: Params) -> Result:
    if p.data not in DATA or p.standardize not in ("off", "on"):
        raise ValueError(f"unknown data set {p.data!r} or standardize {p.standardize!r}.")
    if p.learning_rate not in LEARNING_RATES:
        raise ValueError(f"the learning rate must be one of the slider's values, not {p.learning_rate:g}.")
    synthetic = p.data != DIABETES
    # Fields that do not apply are normalised, so they do not split the caches.
    key = (p.data, p.n_points if synthetic else 0, p.noise if synthetic else 0.0, p.outlier, p.seed)
    x_train, y_train, x_test, y_test, outlier_index, x_grid, y_grid_true = sample(*key)
    fit = _least_squares(key, p.degree)
    standardize = p.standardize == "on"
    setup = _setup(key, p.degree, standardize)
    descent = gradient_descent(setup.A, y_train, p.learning_rate, p.steps)

    # Gradient descent's coefficients back in the units of x: w·(z − μ)/σ + b.
    theta = descent.thetas[-1]
    gd_coef, gd_intercept = theta[:-1].copy(), float(theta[-1])
    if standardize:
        gd_coef = gd_coef / setup.scale
        gd_intercept -= float(gd_coef @ setup.mean)

    eigenvalues = setup.eigenvalues
    # Along the steepest direction each step multiplies the error by 1 − lr·λ_max, which
    # grows in size once lr > 2/λ_max.
    lr_limit = float(2.0 / eigenvalues[-1])
    final, start = float(descent.losses[-1]), float(descent.losses[0])
    # Converged: all but a millionth of the loss above the minimum is gone. (Relative to the
    # minimum itself would fail on noise-free data, where the minimum is ~0.)
    converged = (not descent.diverged_at
                 and final - fit.train_mse <= CONVERGED_RTOL * (start - fit.train_mse))
    if descent.diverged_at:
        status = "diverged"
    elif converged:
        status = "converged"
    elif p.learning_rate > lr_limit * (1 + EDGE):
        status = "diverging"
    elif p.learning_rate >= lr_limit * (1 - EDGE):
        status = "edge"
    else:
        status = "descending"
    if p.degree == 1:
        surface = _surface(setup.A[:, 0], y_train, setup.theta_ls, descent.thetas)
    else:
        surface = (np.empty(0), np.empty(0), np.empty((0, 0)))
    return Result(
        data=p.data, degree=p.degree, standardize=standardize, feature_names=fit.feature_names,
        x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test,
        outlier_index=outlier_index, x_grid=x_grid, y_grid_true=y_grid_true,
        coef=fit.coef, intercept=fit.intercept, pred_train=fit.pred_train,
        y_grid_fit=fit.y_grid_fit, train_r2=fit.train_r2, test_r2=fit.test_r2,
        train_mse=fit.train_mse, test_mse=fit.test_mse,
        gd_thetas=descent.thetas, gd_losses=descent.losses, gd_diverged_at=descent.diverged_at,
        gd_converged=bool(converged), gd_status=status, gd_coef=readonly(gd_coef),
        gd_intercept=gd_intercept, gd_final_mse=final,
        gd_test_mse=_mse(y_test, fit.Z_test @ gd_coef + gd_intercept),
        y_grid_gd=readonly(fit.Z_grid @ gd_coef + gd_intercept),
        theta_ls=setup.theta_ls, learning_rate=p.learning_rate, lr_limit=lr_limit,
        lr_first_diverging=_first_diverging(key, p.degree, standardize, p.steps),
        condition=float(eigenvalues[-1] / max(eigenvalues[0], 1e-300)),
        surface_w=readonly(surface[0]), surface_b=readonly(surface[1]),
        surface_loss=readonly(surface[2]),
    )


# ----------------------------------------------------------------------------- code


def code(p: Params) -> str:
    """Standalone code for exactly this state: scikit-learn's closed form, then the same
    gradient descent in plain numpy. It prints the page's numbers."""
    if p.data == DIABETES:
        imports = "from sklearn.datasets import load_diabetes\n"
        data = f'''\
X, y = load_diabetes(return_X_y=True)
X = X[:, [{BMI_COLUMN}]]  # body-mass index only (scikit-learn ships it centred and scaled)
# Hold out a quarter of the patients, chosen by the seed.
order = np.random.default_rng({p.seed}).permutation(len(y))
n_test = len(y) // 4
X_train, y_train = X[order[n_test:]], y[order[n_test:]]
X_test, y_test = X[order[:n_test]], y[order[:n_test]]
'''
    else:
        imports = ""
        if p.data == "line":
            low, high, truth = *LINE_X, LINE_SOURCE
        else:
            low, high, truth = -1.0, 1.0, CURVES[p.data].source
        data = f'''\
rng = np.random.default_rng({p.seed})


def sample(n):
    """n points with x ~ U({low:g}, {high:g}) and y = f(x) + Gaussian noise."""
    x = rng.uniform({low!r}, {high!r}, size=n)
    y = {truth} + {literal(p.noise)} * rng.standard_normal(n)
    return x.reshape(-1, 1), y


X_train, y_train = sample({p.n_points})
X_test, y_test = sample({N_TEST})  # a fresh sample from the same curve
'''
    if p.outlier:
        data += f'''\
# The outlier: the point with the largest x, moved by {p.outlier:g} standard deviations of y.
spread = y_train.std()
y_train[np.argmax(X_train[:, 0])] += {literal(p.outlier)} * spread
'''
    scaling = (
        "mean, scale = Z.mean(axis=0), Z.std(axis=0)\n"
        "Z = (Z - mean) / scale  # standardised: a round loss bowl\n"
        if p.standardize == "on" else "# x is left unscaled: see what that does to the loss surface.\n"
    )
    back = (
        "coef = theta[:-1] / scale  # back to the units of x\n"
        "intercept = theta[-1] - coef @ mean\n"
        if p.standardize == "on" else "coef, intercept = theta[:-1], theta[-1]\n"
    )
    return f'''\
"""Least squares and gradient descent, degree {p.degree}, on the {p.data} data."""
import numpy as np
{imports}from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.preprocessing import PolynomialFeatures

{data}
# The closed form. Degree 1 is a straight line; higher degrees add x², x³, … as columns.
# tol=0 keeps every direction (high powers of x are nearly collinear).
features = PolynomialFeatures(degree={p.degree}, include_bias=False)
Z = features.fit_transform(X_train)
model = LinearRegression(tol=0).fit(Z, y_train)
test_r2 = r2_score(y_test, model.predict(features.transform(X_test)))
train_mse = mean_squared_error(y_train, model.predict(Z))
print("least squares: coef", model.coef_, "intercept", model.intercept_)
print(f"R² test {{test_r2:.4f}}, training MSE {{train_mse:.6g}}")

# Gradient descent on the same mean squared error, from all coefficients at zero.
{scaling}A = np.column_stack([Z, np.ones(len(Z))])  # the last coefficient is the intercept
n = len(y_train)
hessian = 2 / n * A.T @ A  # the MSE's curvature, the same everywhere
print("largest stable learning rate 2/λ_max:", 2 / np.linalg.eigvalsh(hessian)[-1])
learning_rate, steps = {p.learning_rate!r}, {p.steps}
theta = np.zeros(A.shape[1])
start = np.mean(y_train**2)  # the loss at theta = 0
for step in range(steps):
    residual = A @ theta - y_train
    if step and residual @ residual / n > {BLOW_UP:g} * start:
        print(f"diverged at step {{step}}: each step overshoots further")
        break
    theta = theta - learning_rate * 2 / n * (A.T @ residual)
{back}print("gradient descent: coef", coef, "intercept", intercept)
print("its training MSE", np.mean((A @ theta - y_train) ** 2))
'''
