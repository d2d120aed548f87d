"""Regularization: Ridge, Lasso and Elastic Net.

A degree-12 polynomial fitted by least squares to twenty noisy points follows the
noise: its coefficients grow large and cancel each other, and the curve swings wildly
between the samples. A penalty on the size of the coefficients trades a little
training error for a much calmer curve. Ridge penalizes the squared L2 norm and
shrinks every coefficient smoothly; the Lasso penalizes the L1 norm and sets some of
them exactly to zero; the Elastic Net mixes the two.

We compute the whole regularization path over the slider's grid of alphas (the
closed form through one SVD for Ridge, ``enet_path`` for the other two), then fit
the scikit-learn estimator at the chosen alpha. A fixed two-feature problem shows why
the L1 penalty gives exact zeros: the loss contours first touch the diamond at a
corner, where one coefficient is zero, while the circle has no corners.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge, enet_path
from sklearn.metrics import mean_squared_error
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from datasets import CURVES, SHIPPED, sample_curve
from datasets.readonly import readonly
from explorers._contract import choice, knob, knobs, log_knob

NOTICE = (
    "As alpha grows, Ridge shrinks every coefficient smoothly towards zero but never to "
    "exactly zero, while the Lasso sets them to exactly zero one after another: the corners "
    "of its diamond are why. The test error is lowest at a moderate alpha, because too "
    "little penalty follows the noise and too much flattens the curve."
)
MISREADING = (
    "“Ridge also sets coefficients to zero, so it selects features too.” It does not: ridge "
    "makes coefficients small but leaves all of them non-zero; only an L1 penalty (Lasso, "
    "Elastic Net) produces exact zeros. And a penalty does not always lower the test error: "
    "past the best alpha it only adds bias."
)
HEADLINE = "test_mse"

PENALTIES = ("ridge", "lasso", "elastic net")
CURVE_NAMES = tuple(CURVES)
DATA = CURVE_NAMES + ("diabetes",)
N_TEST = 200  # fresh test points drawn from the same curve
N_GRID = 200  # points on which the fitted curves are drawn
# Coordinate descent needs many sweeps when alpha is tiny and the polynomial features are
# nearly collinear; beyond this budget we report the duality gap instead of waiting. At
# alpha = 1e-4 about half the degree-12+ fits miss the tolerance even at 50,000 sweeps,
# so a larger budget mostly costs time (a new path stays under ~0.3 s with this one).
MAX_ITER = 30_000
TOL = 1e-4  # scikit-learn's default, so the code a learner copies behaves the same


@dataclass(frozen=True)
class Params:
    penalty: str = choice(
        "lasso", options=PENALTIES,
        help="Ridge penalizes the sum of squared coefficients (L2), the Lasso the sum of their "
             "absolute values (L1), the Elastic Net a mix of both.",
    )
    alpha: float = log_knob(
        0.01, lo=1e-4, hi=1e3, label="Alpha (penalty strength)",
        help="How strongly large coefficients are penalized, in scikit-learn's own units, which "
             "differ: Ridge minimizes ‖y − Xw‖² + alpha·‖w‖², while Lasso and ElasticNet minimize "
             "‖y − Xw‖² / (2 n_samples) + alpha·penalty. Against the squared error, the same "
             "alpha therefore weighs 2·n_samples times more for the Lasso than for Ridge.",
    )
    l1_ratio: float = knob(
        0.5, lo=0.05, hi=1.0, step=0.05, label="L1 ratio", when=("penalty", "elastic net"),
        help="The Elastic Net's mix: alpha·(l1_ratio·‖w‖₁ + (1 − l1_ratio)/2·‖w‖²). 1 is the "
             "Lasso; towards 0 it behaves like Ridge (pick Ridge itself for the pure L2 penalty).",
    )
    data: str = choice(
        "sine", options=DATA,
        help="A noisy sample of a known curve, fitted with polynomial features (x, x², …), or "
             "scikit-learn's diabetes data: 442 patients, 10 real measurements.",
    )
    degree: int = knob(
        12, lo=1, hi=15, when=("data", CURVE_NAMES),
        help="Highest power of x among the features: one coefficient per power.",
    )
    noise: float = knob(
        0.3, lo=0.0, hi=1.0, step=0.05, when=("data", CURVE_NAMES),
        help="Standard deviation of the Gaussian noise added to the curve.",
    )
    n_train: int = knob(
        20, lo=10, hi=200, label="Training points", when=("data", CURVE_NAMES),
        help="How many noisy points the models are fitted to (the test set is always 200 "
             "fresh points from the same curve).",
    )
    seed: int = knob(
        0, lo=0, hi=999,
        help="Random seed: the noisy sample, or which diabetes patients are held out for testing.",
    )


ALPHAS = np.array(knobs(Params)["alpha"].options)  # the path is computed on exactly these
ALPHAS.setflags(write=False)  # handed out in every Result: shared, so read-only


@dataclass(frozen=True)
class Geometry:
    """Two correlated standardized features: loss contours against the penalty's shapes.

    Each ``*_boundary`` is a closed curve (k × 2) of constant penalty through the matching
    solution; ``contour`` is the loss contour through the current penalty's solution,
    which touches that boundary there.
    """

    w1: np.ndarray  # grid of the first coefficient
    w2: np.ndarray  # grid of the second coefficient
    rss: np.ndarray  # residual sum of squares on the grid, shape (len(w2), len(w1))
    ols: np.ndarray  # the unpenalized solution
    lasso: np.ndarray
    ridge: np.ndarray
    enet: np.ndarray
    lasso_boundary: np.ndarray  # the L1 diamond through the Lasso solution
    ridge_boundary: np.ndarray  # the L2 circle through the Ridge solution
    enet_boundary: np.ndarray  # the Elastic Net shape through its solution
    contour: np.ndarray  # the loss contour through the current solution
    contour_level: float  # the RSS on that contour
    solution: np.ndarray  # the current penalty's solution


@dataclass(frozen=True)
class Result:
    penalty: str
    alpha: float
    is_curve: bool  # synthetic curve (draw x against y) or diabetes (predicted vs actual)
    # The fit. For a curve: the inputs, the true curve and both fits on a grid of x.
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    x_grid: np.ndarray
    y_grid_true: np.ndarray
    y_grid_fit: np.ndarray
    y_grid_unregularized: np.ndarray
    # Predictions on the test set (the diabetes figure plots these against y_test).
    pred_test: np.ndarray
    pred_test_unregularized: np.ndarray
    # The path over ALPHAS (ascending): one row per alpha.
    alphas: np.ndarray
    alpha_index: int
    feature_names: tuple[str, ...]
    coef_path: np.ndarray  # (n_alphas, n_features), on standardized features
    train_mse_path: np.ndarray
    test_mse_path: np.ndarray
    zeros_path: np.ndarray  # coefficients exactly zero at each alpha
    dual_gap_path: np.ndarray  # coordinate descent's final duality gap; 0 for Ridge's closed form
    converged_path: np.ndarray  # whether each alpha met the solver's tolerance
    best_alpha: float  # lowest test MSE on the path
    best_test_mse: float
    # The estimator fitted at the current alpha (what code(p) prints).
    coef: np.ndarray
    test_mse: float
    train_mse: float
    n_zero: int
    n_coef: int
    converged: bool
    dual_gap: float
    n_iter: int  # coordinate descent sweeps (0 for Ridge)
    unregularized_test_mse: float
    unregularized_train_mse: float
    geometry: Geometry


# ----------------------------------------------------------------------------- data


@dataclass(frozen=True)
class _Split:
    inputs_train: np.ndarray  # what the pipeline is fitted on: x as a column, or the 10 features
    y_train: np.ndarray
    inputs_test: np.ndarray
    y_test: np.ndarray
    z_train: np.ndarray  # standardized features (polynomial first, for a curve)
    z_test: np.ndarray
    z_grid: np.ndarray  # the plotting grid's features (no rows for diabetes)
    feature_names: tuple[str, ...]
    x_grid: np.ndarray
    y_grid_true: np.ndarray
    # The unregularized fit does not depend on alpha or the penalty, so it is cached here.
    pred_train_unregularized: np.ndarray
    pred_test_unregularized: np.ndarray
    y_grid_unregularized: np.ndarray


def _data_key(p: Params) -> tuple:
    """The fields the data depend on; the others are normalized so the cache is not split."""
    if p.data == "diabetes":
        return (p.data, 0, 0.0, 0, p.seed)
    return (p.data, p.degree, p.noise, p.n_train, p.seed)


def _feature_steps(data: str, degree: int) -> list:
    # A penalty compares coefficients with one another, which only makes sense when the
    # features share a scale: standardize after building the polynomial.
    if data == "diabetes":
        return [StandardScaler()]
    return [PolynomialFeatures(degree, include_bias=False), StandardScaler()]


def diabetes_split(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices ``(train, test)``: a quarter of the patients held out, chosen by the seed."""
    order = np.random.default_rng(seed).permutation(n)
    n_test = n // 4
    return order[n_test:], order[:n_test]


@functools.lru_cache(maxsize=16)
def _split(data: str, degree: int, noise: float, n_train: int, seed: int) -> _Split:
    if data == "diabetes":
        X, y, names = SHIPPED["diabetes"].load()
        train, test = diabetes_split(len(y), seed)
        inputs_train, y_train, inputs_test, y_test = X[train], y[train], X[test], y[test]
        x_grid = y_grid_true = np.empty(0)
    else:
        rng = np.random.default_rng(seed)
        x_train, y_train = sample_curve(data, n_train, noise, rng)
        x_test, y_test = sample_curve(data, N_TEST, noise, rng)
        inputs_train, inputs_test = x_train[:, None], x_test[:, None]
        x_grid = np.linspace(-1.0, 1.0, N_GRID)
        y_grid_true = CURVES[data].f(x_grid)
    features = make_pipeline(*_feature_steps(data, degree)).fit(inputs_train)
    if data != "diabetes":  # x, x^2, … rather than scikit-learn's x0, x0^2, …
        names = [n.replace("x0", "x") for n in features[0].get_feature_names_out()]
    z_train, z_test = features.transform(inputs_train), features.transform(inputs_test)
    z_grid = features.transform(x_grid[:, None]) if x_grid.size else np.empty((0, len(names)))
    # Plain least squares on the same features: the pipeline code(p) writes, fitted once.
    unregularized = LinearRegression().fit(z_train, y_train)
    arrays = dict(
        inputs_train=inputs_train, y_train=y_train, inputs_test=inputs_test, y_test=y_test,
        z_train=z_train, z_test=z_test, z_grid=z_grid, x_grid=x_grid, y_grid_true=y_grid_true,
        pred_train_unregularized=unregularized.predict(z_train),
        pred_test_unregularized=unregularized.predict(z_test),
        y_grid_unregularized=unregularized.predict(z_grid) if x_grid.size else np.empty(0),
    )
    return _Split(feature_names=tuple(names), **{k: readonly(v) for k, v in arrays.items()})


# ----------------------------------------------------------------------------- path


@dataclass(frozen=True)
class _Path:
    coefs: np.ndarray  # (n_alphas, n_features), alphas ascending
    intercept: float
    dual_gaps: np.ndarray
    converged: np.ndarray


def ridge_path(z: np.ndarray, y: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    """Ridge coefficients for every alpha from one SVD: w = V diag(s / (s² + alpha)) Uᵀ y.

    ``z`` must have centred columns and ``y`` be centred (what ``Ridge`` does with an
    intercept), so no intercept enters the penalty.
    """
    u, s, vt = np.linalg.svd(z, full_matrices=False)
    shrink = s[None, :] / (s[None, :] ** 2 + alphas[:, None])  # (n_alphas, rank)
    return (shrink * (u.T @ y)[None, :]) @ vt


@functools.lru_cache(maxsize=16)
def _path(data_key: tuple, penalty: str, l1_ratio: float) -> _Path:
    split = _split(*data_key)
    z = split.z_train  # centred by StandardScaler on the training set
    y_mean = split.y_train.mean()
    y = split.y_train - y_mean
    if penalty == "ridge":
        coefs = ridge_path(z, y, ALPHAS)
        gaps, converged = np.zeros(len(ALPHAS)), np.ones(len(ALPHAS), bool)
    else:
        # enet_path fits no intercept and scales the loss by 1/(2 n_samples), exactly like
        # Lasso/ElasticNet after they centre X and y. It walks alphas from large to small,
        # warm-starting each from the last, and reports its final duality gap.
        ratio = 1.0 if penalty == "lasso" else l1_ratio
        _, coefs, gaps = enet_path(
            z, y, l1_ratio=ratio, alphas=ALPHAS[::-1], max_iter=MAX_ITER, tol=TOL,
            precompute=True,  # the Gram matrix, as in make_estimator
        )
        coefs, gaps = coefs.T[::-1], gaps[::-1]
        # The solver's own stopping rule: gap <= tol * ||y||² / n_samples.
        converged = gaps <= TOL * np.mean(y**2)
    return _Path(readonly(coefs), float(y_mean), readonly(gaps), readonly(converged))


# ----------------------------------------------------------------------------- model


def make_estimator(p: Params):
    """The estimator at the current alpha: the last step of the pipeline ``code(p)`` writes.

    ``precompute=True`` runs coordinate descent on the Gram matrix XᵀX: each sweep then
    costs n_features² instead of n_samples × n_features, several times faster here.
    """
    if p.penalty == "ridge":
        return Ridge(alpha=p.alpha)
    if p.penalty == "lasso":
        return Lasso(alpha=p.alpha, max_iter=MAX_ITER, tol=TOL, precompute=True)
    return ElasticNet(
        alpha=p.alpha, l1_ratio=p.l1_ratio, max_iter=MAX_ITER, tol=TOL, precompute=True
    )


def run(p: Params) -> Result:
    if p.alpha not in ALPHAS:
        raise ValueError(f"alpha must be one of the slider's values, not {p.alpha:g}.")
    if p.penalty not in PENALTIES or p.data not in DATA:
        raise ValueError(f"unknown penalty {p.penalty!r} or data set {p.data!r}.")
    key = _data_key(p)
    split = _split(*key)
    path = _path(key, p.penalty, p.l1_ratio if p.penalty == "elastic net" else 1.0)

    train_pred = split.z_train @ path.coefs.T + path.intercept
    test_pred = split.z_test @ path.coefs.T + path.intercept
    train_mse_path = np.mean((train_pred - split.y_train[:, None]) ** 2, axis=0)
    test_mse_path = np.mean((test_pred - split.y_test[:, None]) ** 2, axis=0)
    best = int(np.argmin(test_mse_path))

    # The pipeline's feature steps, fitted on the same training inputs, give exactly the
    # cached features z, so only its last step is fitted here: the estimator code(p) ends with.
    estimator = make_estimator(p).fit(split.z_train, split.y_train)
    coef = estimator.coef_
    pred_train, pred_test = estimator.predict(split.z_train), estimator.predict(split.z_test)
    if p.penalty == "ridge":
        dual_gap, n_iter, converged = 0.0, 0, True
    else:
        y_centred = split.y_train - split.y_train.mean()
        dual_gap, n_iter = float(estimator.dual_gap_), int(estimator.n_iter_)
        converged = dual_gap <= TOL * float(np.mean(y_centred**2))
    is_curve = p.data != "diabetes"
    return readonly(Result(
        penalty=p.penalty,
        alpha=p.alpha,
        is_curve=is_curve,
        x_train=split.inputs_train[:, 0] if is_curve else np.empty(0),
        y_train=split.y_train,
        x_test=split.inputs_test[:, 0] if is_curve else np.empty(0),
        y_test=split.y_test,
        x_grid=split.x_grid,
        y_grid_true=split.y_grid_true,
        y_grid_fit=estimator.predict(split.z_grid) if is_curve else np.empty(0),
        y_grid_unregularized=split.y_grid_unregularized,
        pred_test=pred_test,
        pred_test_unregularized=split.pred_test_unregularized,
        alphas=ALPHAS,
        alpha_index=int(np.flatnonzero(ALPHAS == p.alpha)[0]),
        feature_names=split.feature_names,
        coef_path=path.coefs,
        train_mse_path=train_mse_path,
        test_mse_path=test_mse_path,
        zeros_path=np.sum(path.coefs == 0.0, axis=1),
        dual_gap_path=path.dual_gaps,
        converged_path=path.converged,
        best_alpha=float(ALPHAS[best]),
        best_test_mse=float(test_mse_path[best]),
        coef=coef,
        test_mse=float(mean_squared_error(split.y_test, pred_test)),
        train_mse=float(mean_squared_error(split.y_train, pred_train)),
        n_zero=int(np.sum(coef == 0.0)),
        n_coef=int(coef.size),
        converged=bool(converged),
        dual_gap=dual_gap,
        n_iter=n_iter,
        unregularized_test_mse=float(
            mean_squared_error(split.y_test, split.pred_test_unregularized)
        ),
        unregularized_train_mse=float(
            mean_squared_error(split.y_train, split.pred_train_unregularized)
        ),
        geometry=geometry(p.penalty, p.alpha, p.l1_ratio),
    ))


# ----------------------------------------------------------------------------- geometry

# The two-feature problem: standardized features with correlation 0.5 and a least-squares
# solution whose second coefficient is small. Chosen so that, on the slider's grid, the
# Lasso solution sits on the w1 axis (a corner of the diamond) at alpha 0.01 and 0.02,
# the Elastic Net's (l1_ratio 0.5) at 0.02 and 0.05, and Ridge's never touches an axis.
GEO_N = 20
GEO_CORRELATION = 0.5
GEO_OLS = (0.03, 0.006)
GEO_RESIDUAL = 0.02  # root-mean-square residual at the least-squares solution
GEO_TOL = 1e-12  # two features: coordinate descent converges to machine precision at once


@functools.lru_cache(maxsize=1)
def geometry_problem() -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)`` with exactly the correlation and least-squares solution above.

    Built from orthonormal columns (no randomness): x1, x2 have mean 0, variance 1 and
    correlation GEO_CORRELATION, and the residual is orthogonal to both.
    """
    t = np.linspace(-1.0, 1.0, GEO_N)
    q, _ = np.linalg.qr(np.column_stack([np.ones(GEO_N), t, t**2, t**3]))
    root_n, r = np.sqrt(GEO_N), GEO_CORRELATION
    X = root_n * np.column_stack([q[:, 1], r * q[:, 1] + np.sqrt(1 - r**2) * q[:, 2]])
    y = X @ np.array(GEO_OLS) + GEO_RESIDUAL * root_n * q[:, 3]
    return readonly(X), readonly(y)


def rss(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Residual sum of squares for one (2,) or many (..., 2) coefficient vectors."""
    w = np.asarray(w, float)
    residuals = y - w @ X.T if w.ndim > 1 else y - X @ w
    return np.sum(residuals**2, axis=-1)


def penalty_boundary(level: float, l1_ratio: float, n: int = 361) -> np.ndarray:
    """Closed curve of r‖w‖₁ + (1 − r)/2‖w‖² = level (r = 1: the L1 diamond; r = 0: a circle).

    Along the direction u = (cos θ, sin θ) the penalty of ρu is r‖u‖₁ρ + (1 − r)ρ²/2, so ρ
    solves a quadratic; this root form stays exact at r = 1, where the quadratic term
    vanishes. θ steps by 1°, so the diamond's corners are points of the curve.
    """
    theta = np.linspace(0.0, 2.0 * np.pi, n)
    u = np.column_stack([np.cos(theta), np.sin(theta)])
    a = l1_ratio * np.abs(u).sum(axis=1)
    radius = 2.0 * level / (a + np.sqrt(a**2 + 2.0 * (1.0 - l1_ratio) * level))
    return radius[:, None] * u


def _contour_through(X, w_ols, level_excess: float, n: int = 361) -> np.ndarray:
    """The ellipse RSS(w) = RSS(ols) + level_excess: (w − ols)ᵀ XᵀX (w − ols) = level_excess."""
    theta = np.linspace(0.0, 2.0 * np.pi, n)
    circle = np.column_stack([np.cos(theta), np.sin(theta)])
    chol = np.linalg.cholesky(X.T @ X)  # XᵀX = L Lᵀ, so w − ols = L⁻ᵀ(√excess · u)
    return w_ols + np.sqrt(max(level_excess, 0.0)) * np.linalg.solve(chol.T, circle.T).T


# Three small fits; the picture depends on nothing else, so moving any data slider reuses it.
@functools.lru_cache(maxsize=64)
def geometry(penalty: str, alpha: float, l1_ratio: float) -> Geometry:
    X, y = geometry_problem()
    fit = dict(fit_intercept=False)
    cd = dict(fit, max_iter=MAX_ITER, tol=GEO_TOL)
    ols = np.linalg.lstsq(X, y, rcond=None)[0]
    lasso = Lasso(alpha=alpha, **cd).fit(X, y).coef_
    ridge = Ridge(alpha=alpha, **fit).fit(X, y).coef_
    enet = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, **cd).fit(X, y).coef_
    solution = {"ridge": ridge, "lasso": lasso, "elastic net": enet}[penalty]
    level = float(rss(X, y, solution))

    # Grid: a square centred on the origin (for an equal aspect ratio). Every shape lies
    # within radius ‖ols‖₁, since no solution has a larger penalty than the OLS point.
    span = 1.1 * float(np.abs(ols).sum())
    axis = np.linspace(-span, span, 61)  # smooth enough for contours, light to send
    w1, w2 = np.meshgrid(axis, axis)
    grid_rss = rss(X, y, np.stack([w1, w2], axis=-1))

    def l1l2(w, r):
        return r * np.abs(w).sum() + 0.5 * (1.0 - r) * np.dot(w, w)

    return Geometry(**{name: readonly(a) if isinstance(a, np.ndarray) else a for name, a in dict(
        w1=axis, w2=axis, rss=grid_rss, ols=ols, lasso=lasso, ridge=ridge, enet=enet,
        lasso_boundary=penalty_boundary(l1l2(lasso, 1.0), 1.0),
        # r = 0 gives ‖w‖²/2 = level, a circle of radius ‖ridge‖.
        ridge_boundary=penalty_boundary(l1l2(ridge, 0.0), 0.0),
        enet_boundary=penalty_boundary(l1l2(enet, l1_ratio), l1_ratio),
        contour=_contour_through(X, ols, level - float(rss(X, y, ols))),
        contour_level=level,
        solution=solution,
    ).items()})


# ----------------------------------------------------------------------------- code

# What each estimator minimizes, in scikit-learn's own scaling (written into the code).
OBJECTIVES = {
    "ridge": "# Ridge minimizes ||y - Xw||² + alpha * ||w||².",
    "lasso": "# Lasso minimizes ||y - Xw||² / (2 n_samples) + alpha * ||w||_1.",
    "elastic net": "# ElasticNet minimizes ||y - Xw||² / (2 n_samples)\n"
                   "#     + alpha * (l1_ratio * ||w||_1 + (1 - l1_ratio) / 2 * ||w||²).",
}
CD_NOTE = (
    "# Coordinate descent may need many sweeps at a small alpha (a ConvergenceWarning says\n"
    "# when max_iter was not enough); precompute=True works on XᵀX, which is faster here."
)


def code(p: Params) -> str:
    """Standalone scikit-learn code for exactly this state; it prints the headline numbers."""
    cd = f"max_iter={MAX_ITER}, precompute=True"
    estimator, name = {
        "ridge": (f"Ridge(alpha={p.alpha!r})", "Ridge"),
        "lasso": (f"Lasso(alpha={p.alpha!r}, {cd})", "Lasso"),
        "elastic net": (f"ElasticNet(alpha={p.alpha!r}, l1_ratio={p.l1_ratio!r}, {cd})",
                        "ElasticNet"),
    }[p.penalty]
    note = OBJECTIVES[p.penalty] + ("" if p.penalty == "ridge" else "\n" + CD_NOTE)
    if p.data == "diabetes":
        imports = "from sklearn.datasets import load_diabetes\n"
        preprocessing = "StandardScaler"
        data = f'''\
X, y = load_diabetes(return_X_y=True)
# Hold out a quarter of the patients, chosen by the seed.
order = np.random.default_rng({p.seed}).permutation(len(y))
n_test = len(y) // 4
X_train, y_train = X[order[n_test:]], y[order[n_test:]]
X_test, y_test = X[order[:n_test]], y[order[:n_test]]
'''
        features = "StandardScaler(),  # one scale for all, so the penalty treats them alike"
    else:
        imports = ""
        preprocessing = "PolynomialFeatures, StandardScaler"
        data = f'''\
rng = np.random.default_rng({p.seed})


def sample(n):
    """n points with x ~ U(-1, 1) and y = f(x) + Gaussian noise."""
    x = rng.uniform(-1.0, 1.0, size=n)
    y = {CURVES[p.data].source} + {p.noise!r} * rng.standard_normal(n)
    return x.reshape(-1, 1), y


X_train, y_train = sample({p.n_train})
X_test, y_test = sample({N_TEST})  # a fresh sample from the same curve
'''
        features = (
            f"PolynomialFeatures(degree={p.degree}, include_bias=False),"
            f"  # x, x², …, x^{p.degree}\n"
            "    StandardScaler(),  # one scale for all, so the penalty treats them alike"
        )
    return f'''\
"""{name} with alpha = {p.alpha:g} on the {p.data} data, against plain least squares."""
import numpy as np
{imports}from sklearn.linear_model import {name}, LinearRegression
from sklearn.metrics import mean_squared_error
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import {preprocessing}

{data}
{note}
model = make_pipeline(
    {features}
    {estimator},
)
model.fit(X_train, y_train)
unregularized = make_pipeline(
    {features}
    LinearRegression(),
)
unregularized.fit(X_train, y_train)

test_mse = mean_squared_error(y_test, model.predict(X_test))
train_mse = mean_squared_error(y_train, model.predict(X_train))
unregularized_test_mse = mean_squared_error(y_test, unregularized.predict(X_test))
coef = model[-1].coef_
n_zero = int(np.sum(coef == 0.0))

print(f"test MSE  {{test_mse:.4f}} (unregularized: {{unregularized_test_mse:.4f}})")
print(f"train MSE {{train_mse:.4f}}")
print(f"coefficients exactly zero: {{n_zero}} of {{coef.size}}")
'''
