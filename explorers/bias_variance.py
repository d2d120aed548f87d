"""Overfitting and the bias-variance trade-off
============================================

We draw many training sets from the same noisy curve, fit the same model to each, and
compare the fits on a fixed grid of test inputs. The squared gap between the average fit
and the true curve is the *bias²*; the spread of the fits around their average is the
*variance*; the noise in the targets is an error no model can remove. For squared error
these three add up to the expected test error, which we also measure directly on fresh
noisy targets.

A rigid model (a low-degree polynomial, or k-nearest neighbours with a large k) misses the
curve in the same way whatever the training set: high bias, low variance. A flexible one
(a high degree, or a small k) follows each training set's noise, so its fits disagree
with one another: low bias, high variance. The training error keeps falling as the model
grows more flexible, while the test error falls and then rises again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.polynomial import legendre

from datasets import CURVES, describe, sample_curve
from datasets.readonly import readonly
from explorers._contract import choice, knob

NOTICE = (
    "As the model grows more flexible the training error keeps falling, but the test error "
    "falls and then rises again: bias² shrinks while variance grows. "
    "Bias², variance and noise, each computed from the fits, add up to the test error "
    "measured on fresh data, and the noise is a floor that no model gets below."
)
MISREADING = (
    "\"A lower training error means a better model\", or \"more complex is always better\": "
    "a degree-15 polynomial fits its training points more closely than any lower degree and "
    "predicts new points worst of all; 1-nearest neighbour fits its training points exactly "
    "and predicts new points worse than a few neighbours averaged."
)
HEADLINE = "test_error"

MODELS = ("polynomial", "k-NN")
MAX_DEGREE = 15
MIN_TRAIN = 20  # > MAX_DEGREE + 1, so every polynomial fit is a full-rank least-squares problem
MAX_K = MIN_TRAIN  # k-NN needs at least k training points in every set
N_SHOWN = 20  # fits drawn on the chart; more only add ink
# The test inputs, also used to draw the fits: evenly spaced, so the errors are averages
# over the whole interval, and fixed, so every training set is judged on the same points.
GRID = np.linspace(-1.0, 1.0, 101)
readonly(GRID)  # handed out in every Result
# Squared errors this small are rounding (fits agreeing to ~1e-6 on a curve of size ~1):
# without noise, every degree from the true one up fits exactly and they tie.
NEGLIGIBLE = 1e-12


@dataclass(frozen=True)
class Params:
    model: str = choice(
        "polynomial", options=MODELS, label="Model",
        help="A polynomial fitted by least squares, or k-nearest-neighbours regression "
             "(the average of the k closest training targets).",
    )
    degree: int = knob(
        3, lo=0, hi=MAX_DEGREE, label="Polynomial degree", when=("model", "polynomial"),
        help="Higher degrees bend more: less bias, more variance.",
    )
    k: int = knob(
        5, lo=1, hi=MAX_K, label="Neighbours k", when=("model", "k-NN"),
        help="How many nearest training points are averaged. A smaller k follows the data "
             "more closely: less bias, more variance.",
    )
    true_fn: str = choice(
        "sine", options=tuple(CURVES), label="True function",
        help="The curve the data are drawn from: "
             + describe(CURVES),
    )
    noise: float = knob(
        0.3, lo=0.0, hi=1.0, step=0.05, label="Noise σ",
        help="Standard deviation of the noise added to every target; σ² is the error no "
             "model can remove.",
    )
    n_train: int = knob(
        30, lo=MIN_TRAIN, hi=200, step=10, label="Training-set size",
        help="Points in each training set. More data tames the variance of flexible models.",
    )
    n_sets: int = knob(
        50, lo=10, hi=200, step=10, label="Resampled training sets",
        help="How many independent training sets the model is refitted on to estimate bias² "
             "and variance. More sets give steadier estimates.",
    )
    seed: int = knob(0, lo=0, hi=999, label="Seed", help="Seed of the random draws.")


@dataclass(frozen=True)
class Result:
    model: str
    complexity_name: str  # "degree" or "k": what the complexity axis counts
    n_sets: int
    grid: np.ndarray  # test inputs, also where the fits are drawn
    truth: np.ndarray  # f(grid)
    fits: np.ndarray  # (up to N_SHOWN, grid): the current model fitted on the first training sets
    mean_fit: np.ndarray  # the average fit over all n_sets training sets
    x_train: np.ndarray  # the first training set
    y_train: np.ndarray
    complexity: np.ndarray  # every degree 0..15, or every k 1..20
    train_curve: np.ndarray  # training error at each complexity
    test_curve: np.ndarray  # measured test error (fresh noisy targets) at each complexity
    bias2_curve: np.ndarray
    variance_curve: np.ndarray
    current: int  # index of the current setting in ``complexity``
    best: int  # index of the lowest measured test error (the simplest, if several tie)
    test_error: float  # the headline numbers at the current setting
    train_error: float
    bias2: float
    variance: float
    noise: float  # σ², the same at every complexity
    decomposition: float  # bias² + variance + noise: what test_error should be, up to sampling

    @property
    def setting(self) -> int:
        """The current degree or k."""
        return int(self.complexity[self.current])

    @property
    def best_setting(self) -> int:
        return int(self.complexity[self.best])

    def _simple_to_complex(self, curve: np.ndarray) -> np.ndarray:
        # k-NN grows more complex as k falls.
        return curve if self.complexity_name == "degree" else curve[::-1]

    @property
    def train_keeps_falling(self) -> bool:
        """Whether the training error never rises as the model grows more complex (always,
        for nested least-squares polynomials; not always for k-NN)."""
        return bool(np.all(np.diff(self._simple_to_complex(self.train_curve)) <= NEGLIGIBLE))

    @property
    def test_turns_up(self) -> bool:
        """Whether some model more complex than the best has a higher test error."""
        later = self._simple_to_complex(self.test_curve)
        best = len(later) - 1 - self.best if self.complexity_name == "k" else self.best
        return bool(np.any(later[best + 1:] > later[best] + NEGLIGIBLE))

    def label(self, index: int) -> str:
        """A setting as a learner reads it: "degree 3" or "k = 3"."""
        value = int(self.complexity[index])
        return f"degree {value}" if self.complexity_name == "degree" else f"k = {value}"


def run(p: Params) -> Result:
    sweep = _sweep(p.model, p.true_fn, p.noise, p.n_train, p.n_sets, p.seed)
    i = p.degree if p.model == "polynomial" else p.k - 1
    bias2, variance, noise = sweep.bias2[i], sweep.variance[i], p.noise**2
    return Result(
        model=p.model,
        complexity_name="degree" if p.model == "polynomial" else "k",
        n_sets=p.n_sets,
        grid=GRID,
        truth=sweep.truth,
        fits=sweep.shown_fits[i],
        mean_fit=sweep.mean_fits[i],
        x_train=sweep.x_train,
        y_train=sweep.y_train,
        complexity=sweep.complexity,
        train_curve=sweep.train,
        test_curve=sweep.test,
        bias2_curve=sweep.bias2,
        variance_curve=sweep.variance,
        current=i,
        best=_best(sweep.test, simplest_first=p.model == "polynomial"),
        test_error=float(sweep.test[i]),
        train_error=float(sweep.train[i]),
        bias2=float(bias2),
        variance=float(variance),
        noise=float(noise),
        decomposition=float(bias2 + variance + noise),
    )


def _best(test: np.ndarray, simplest_first: bool) -> int:
    """Index of the lowest test error; among ties, the simplest model."""
    ties = np.flatnonzero(test <= test.min() + NEGLIGIBLE)
    return int(ties[0] if simplest_first else ties[-1])


@dataclass(frozen=True)
class _Sweep:
    """Everything that does not depend on the current degree or k, at every complexity."""

    complexity: np.ndarray
    truth: np.ndarray
    x_train: np.ndarray
    y_train: np.ndarray
    shown_fits: np.ndarray  # (complexities, N_SHOWN, grid)
    mean_fits: np.ndarray  # (complexities, grid)
    train: np.ndarray
    test: np.ndarray
    bias2: np.ndarray
    variance: np.ndarray


# Moving the degree or k slider only picks another row of the same sweep, so the sweep is
# memoised on the fields that change the data. It is pure, so caching cannot change a result.
@lru_cache(maxsize=16)
def _sweep(model: str, true_fn: str, noise: float, n_train: int, n_sets: int, seed: int) -> _Sweep:
    truth = CURVES[true_fn].f(GRID)
    x, y, y_test = draw(true_fn, noise, n_train, n_sets, seed)
    if model == "polynomial":
        complexity = np.arange(MAX_DEGREE + 1)
        on_grid, on_train = polynomial_fits(x, y, GRID)
    else:
        complexity = np.arange(1, MAX_K + 1)
        on_grid, on_train = knn_fits(x, y, GRID)

    mean_fits = on_grid.mean(axis=1)
    sweep = _Sweep(
        complexity=complexity,
        truth=truth,
        x_train=x[0],
        y_train=y[0],
        shown_fits=on_grid[:, :N_SHOWN],
        mean_fits=mean_fits,
        train=np.mean((on_train - y) ** 2, axis=(1, 2)),
        test=np.mean((on_grid - y_test) ** 2, axis=(1, 2)),
        bias2=np.mean((mean_fits - truth) ** 2, axis=1),
        variance=np.mean(on_grid.var(axis=1), axis=1),
    )
    return readonly(sweep)  # shared by every caller through the cache


def draw(true_fn: str, noise: float, n_train: int, n_sets: int, seed: int):
    """``n_sets`` training sets ``x, y`` (sets, n_train), and fresh noisy targets at GRID.

    Each set is drawn whole before the next (its inputs, their noise, then its test
    noise), in the order code() writes out, so the snippet reproduces these numbers.
    """
    rng = np.random.default_rng(seed)
    truth = CURVES[true_fn].f(GRID)
    x = np.empty((n_sets, n_train))
    y = np.empty((n_sets, n_train))
    y_test = np.empty((n_sets, GRID.size))
    for s in range(n_sets):
        x[s], y[s] = sample_curve(true_fn, n_train, noise, rng)
        y_test[s] = truth + noise * rng.standard_normal(GRID.size)
    return x, y, y_test


def polynomial_fits(x: np.ndarray, y: np.ndarray, grid: np.ndarray):
    """Least-squares polynomials of every degree 0..15, fitted to each row of ``x, y``.

    Returns the predictions on ``grid``, shape (degrees, sets, grid), and on the training
    inputs, shape (degrees, sets, n). Works in the Legendre basis, which is far better
    conditioned on [-1, 1] than plain powers of x, and spans the same polynomials, so the
    fits are the ones ``PolynomialFeatures + LinearRegression(tol=0)`` finds.
    """
    vander = legendre.legvander(x, MAX_DEGREE)  # (sets, n, 16)
    q, r = np.linalg.qr(vander)
    coef = np.einsum("snj,sn->sj", q, y)  # y in the orthonormal basis q
    # The columns of q are the basis polynomials made orthonormal on each training set; on
    # the grid they are V_grid R⁻¹. Because the bases are nested (R is upper triangular),
    # the degree-d fit is the sum of the first d + 1 terms: one cumulative sum gives every
    # degree from a single QR.
    grid_vander = legendre.legvander(grid, MAX_DEGREE).T  # (16, grid), the same for every set
    grid_vander = np.broadcast_to(grid_vander, (len(x), *grid_vander.shape))
    q_grid = np.linalg.solve(r.transpose(0, 2, 1), grid_vander).transpose(0, 2, 1)
    on_grid = np.cumsum(q_grid * coef[:, None, :], axis=2)
    on_train = np.cumsum(q * coef[:, None, :], axis=2)
    return np.moveaxis(on_grid, 2, 0), np.moveaxis(on_train, 2, 0)


def knn_fits(x: np.ndarray, y: np.ndarray, grid: np.ndarray):
    """k-nearest-neighbour regression for every k 1..20, fitted to each row of ``x, y``.

    Returns predictions on ``grid`` (k, sets, grid) and on the training inputs (k, sets, n);
    a training point is its own nearest neighbour, as in scikit-learn's ``predict``.
    """
    order = np.argsort(x, axis=1)
    xs, ys = np.take_along_axis(x, order, 1), np.take_along_axis(y, order, 1)
    on_grid = _neighbour_means(xs, ys, np.broadcast_to(grid, (len(x), grid.size)))
    on_sorted = _neighbour_means(xs, ys, xs)
    on_train = np.empty_like(on_sorted)
    np.put_along_axis(on_train, np.broadcast_to(order, on_sorted.shape), on_sorted, axis=2)
    return on_grid, on_train


def _neighbour_means(xs: np.ndarray, ys: np.ndarray, queries: np.ndarray) -> np.ndarray:
    # In one dimension the k nearest neighbours of a point are a contiguous run of the
    # sorted inputs, so they can be collected in order of distance by growing a window
    # from the query's position, taking the nearer of its two edges each time. Adding up
    # the targets as they come gives the mean for every k at once, with no sorting of
    # distances: k_max vectorised steps instead of an n-by-n sort per query.
    n_sets = len(xs)
    inf = np.full((n_sets, 1), np.inf)
    padded_x = np.concatenate([-inf, xs, inf], axis=1)  # sentinels: never the nearer edge
    padded_y = np.concatenate([np.zeros((n_sets, 1)), ys, np.zeros((n_sets, 1))], axis=1)
    right = np.stack([np.searchsorted(row, q) for row, q in zip(xs, queries)]) + 1
    left = right - 1
    total = np.zeros(queries.shape)
    means = np.empty((MAX_K, *queries.shape))
    for k in range(1, MAX_K + 1):
        gap_left = queries - np.take_along_axis(padded_x, left, 1)
        gap_right = np.take_along_axis(padded_x, right, 1) - queries
        take_right = gap_right < gap_left
        total += np.take_along_axis(padded_y, np.where(take_right, right, left), 1)
        means[k - 1] = total / k
        right = right + take_right
        left = left - ~take_right
    return means


def code(p: Params) -> str:
    if p.model == "polynomial":
        imports = (
            "from sklearn.linear_model import LinearRegression\n"
            "from sklearn.pipeline import make_pipeline\n"
            "from sklearn.preprocessing import PolynomialFeatures"
        )
        # Why tol=0 is in the snippet's own comment. Degree 0 keeps PolynomialFeatures'
        # constant column (it refuses to output nothing); above that the column is left
        # out, since LinearRegression fits the intercept.
        features = f"{p.degree}, include_bias=False" if p.degree else "0"
        model = (
            "    # The least-squares polynomial. tol=0 keeps every direction: the powers of x are\n"
            "    # nearly collinear at high degrees, and the default tol=1e-6 would drop some.\n"
            f"    model = make_pipeline(PolynomialFeatures({features}), LinearRegression(tol=0))"
        )
    else:
        imports = "from sklearn.neighbors import KNeighborsRegressor"
        model = f"    model = KNeighborsRegressor(n_neighbors={p.k})"
    return f'''\
import numpy as np
{imports}


def f(x):  # the true function: {CURVES[p.true_fn].about}
    return {CURVES[p.true_fn].source}


rng = np.random.default_rng({p.seed})
sigma, n_train, n_sets = {p.noise:g}, {p.n_train}, {p.n_sets}
x_test = np.linspace(-1, 1, {GRID.size})  # fixed test inputs

predictions, train_errors, test_errors = [], [], []
for _ in range(n_sets):
    # A fresh training set: inputs first, then their noise.
    x = rng.uniform(-1, 1, n_train)
    y = f(x) + sigma * rng.standard_normal(n_train)
    # Fresh noisy targets at the test inputs, to measure the test error directly.
    y_test = f(x_test) + sigma * rng.standard_normal(x_test.size)

{model}
    model.fit(x[:, None], y)
    prediction = model.predict(x_test[:, None])
    predictions.append(prediction)
    train_errors.append(np.mean((model.predict(x[:, None]) - y) ** 2))
    test_errors.append(np.mean((prediction - y_test) ** 2))

predictions = np.array(predictions)  # (n_sets, test inputs)
average_fit = predictions.mean(axis=0)
bias2 = np.mean((average_fit - f(x_test)) ** 2)  # how far the average fit is from the truth
variance = np.mean(predictions.var(axis=0))  # how much the fits disagree with one another
noise = sigma**2  # the error no model can remove
train_error = np.mean(train_errors)
test_error = np.mean(test_errors)

print(f"train error               {{train_error:.4g}}")
print(f"test error (measured)     {{test_error:.4g}}")
print(f"bias² + variance + noise  {{bias2:.4g}} + {{variance:.4g}} + {{noise:.4g}}")
print(f"                        = {{bias2 + variance + noise:.4g}}")
'''
