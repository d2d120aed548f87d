"""Outliers: which rules flag them, and how hard they pull a fitted line
=======================================================================

Points scattered about a straight line, plus outliers: some from the sliders (how many, how
far above the line, where along x), some placed by hand (a click on the chart, or typed as
``x,y`` pairs, which the link keeps). Six detectors look at the same points side by side:

* three rules on one number at a time, **z-score** (distance from the mean in standard
  deviations), **IQR** (beyond the quartiles by k interquartile ranges) and **median
  absolute deviation** (distance from the median in robust standard deviations), applied to
  each column or to the residuals from a robust line;
* three models of the points as a whole, each after a ``StandardScaler`` in a ``Pipeline``:
  **IsolationForest** (points that random cuts isolate quickly), **LocalOutlierFactor**
  (points far less crowded than their neighbours) and **EllipticEnvelope** (points far from
  a robust ellipse). Their ``contamination`` is the share of points they flag.

Four regressions fit the line, each in a ``Pipeline`` after a ``StandardScaler``: ordinary
least squares, which squares every residual, so a far point pulls hardest; **Huber**, which
counts large residuals only linearly; **RANSAC**, which fits on the largest consensus set of
inliers; and **Theil-Sen**, the spatial median of the slopes through pairs of points.
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import stats
from sklearn.covariance import EllipticEnvelope
from sklearn.ensemble import IsolationForest
from sklearn.linear_model import HuberRegressor, LinearRegression, RANSACRegressor, TheilSenRegressor
from sklearn.neighbors import LocalOutlierFactor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import check_random_state
from sklearn.utils.validation import validate_data

from datasets.readonly import readonly
from datasets.tables import Pair
from explorers import _iforest, _mcd, _outliers_code, _placed
from explorers._contract import choice, knob, text
from explorers._threads import trusted_inputs

# The placed outliers' text and clicks, and the code panel, live in their own modules.
MAX_PLACED, read_placed, write_placed, toggle, lattice = (
    _placed.MAX_PLACED, _placed.read_placed, _placed.write_placed, _placed.toggle, _placed.lattice)
code = _outliers_code.code

NOTICE = (
    "Points far above the line at its right end tilt least squares towards them; Huber, RANSAC "
    "and Theil-Sen move less than half as far. Rules on one column at a time miss a point far "
    "from the line but ordinary in x and in y, and a cluster of outliers inflates the SD a "
    "z-score divides by."
)
MISREADING = (
    "\"An outlier is a point with |z| > 3\": the outliers themselves inflate the standard "
    "deviation, so a few far points can each have |z| under 3 (masking), and a point far "
    "from the trend can be unremarkable in every column. Nor is \"drop whatever a detector "
    "flags\" safe: each flags a share you choose, so clean points go too."
)
HEADLINE = "ols_slope"

X_LO, X_HI = 0.0, 10.0  # the synthetic x range
INTERCEPT, SLOPE = 1.0, 2.0  # the synthetic data's true line, y = 1 + 2x
JITTER = 0.3  # the sliders' outliers scatter about their distance by this many noise SDs
# Where along x the sliders put their outliers, as shares of the x range.
PLACEMENTS = {"right end": (0.85, 1.0), "middle": (0.4, 0.6), "spread": (0.0, 1.0)}
RULES_ON = ("each column", "residuals")
PLACED_CHARS = 600
REGRESSORS = ("least squares", "Huber", "RANSAC", "Theil-Sen")
DETECTORS = ("z-score", "IQR", "MAD", "IsolationForest", "LocalOutlierFactor", "EllipticEnvelope")
SIMPLE = DETECTORS[:3]  # the rules on one number at a time


def _check_placed(text_: str) -> None:
    read_placed(text_)


# ---- the controls ----

@dataclass(frozen=True)
class _Data:
    HEADING = "Data"

    n_points: int = knob(40, lo=20, hi=100, step=10, label="Points on the line",
                         help="Points drawn about the line y = 1 + 2x before any outlier is added.")
    noise: float = knob(1.5, lo=0.5, hi=4.0, step=0.25, label="Noise σ",
                        help="Standard deviation of the points about the line; the sliders' outliers "
                             "are measured in it.")
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seed of the points, of the sliders' outliers and of the random detectors "
                          "and fits.")


@dataclass(frozen=True)
class _Knobs(_Data):
    HEADING = "Detectors and fits"

    rules_on: str = choice(
        "each column", options=RULES_ON, label="z, IQR and MAD look at",
        help="Each column on its own (a point is flagged if its x or its y is extreme), or the "
             "residuals from a robust Theil-Sen line (how far each point is from the trend).")
    z_threshold: float = knob(3.0, lo=1.0, hi=5.0, step=0.25, label="z-score: flag beyond",
                              help="Flag a value more than this many standard deviations from the mean.")
    iqr_k: float = knob(1.5, lo=0.5, hi=3.0, step=0.25, label="IQR: k",
                        help="Flag a value beyond the quartiles by more than k interquartile ranges "
                             "(Tukey's fences: 1.5).")
    mad_threshold: float = knob(3.5, lo=1.0, hi=6.0, step=0.25, label="MAD: flag beyond",
                                help="Flag a value more than this many robust standard deviations "
                                     "(1.4826 × the median absolute deviation) from the median.")
    contamination: float = knob(0.1, lo=0.01, hi=0.5, step=0.01, label="Contamination",
                                help="The share of points IsolationForest, LocalOutlierFactor and "
                                     "EllipticEnvelope flag: each flags the points it scores as most unusual.")
    n_neighbors: int = knob(20, lo=2, hi=50, label="LOF: neighbours",
                            help="How many neighbours LocalOutlierFactor compares each point's crowding "
                                 "with (at most the points less one).")
    epsilon: float = knob(1.35, lo=1.0, hi=3.0, step=0.05, label="Huber: ε",
                          help="Residuals beyond ε robust scales count linearly, not squared: smaller is "
                               "more robust, larger is closer to least squares.")


@dataclass(frozen=True)
class Params(_Knobs):
    n_outliers: int = knob(3, lo=0, hi=10, label="Outliers from the sliders",
                           help="How many outliers the sliders add (add more by clicking the chart).")
    distance: float = knob(8.0, lo=2.0, hi=20.0, step=1.0, label="How far above the line (σ)",
                           help="How far above the line the sliders' outliers sit, in noise standard "
                                "deviations.")
    placement: str = choice("right end", options=tuple(PLACEMENTS), label="Where along x",
                            help="At the right end (far from the mean x: high leverage), in the middle, or "
                                 "spread over the whole range.")
    placed: str = text(
        "", max_chars=PLACED_CHARS, label="Outliers you placed", check=_check_placed,
        examples=("9.5,40", "1,19; 2,21.5"),
        help=f"Click the faint grid on the chart to add an outlier, or click one to remove it; or type "
             f"x,y pairs apart by `;` (as `9.5,40; 1,19`), at most {MAX_PLACED}. The link keeps them.")


# ---- the result ----

@dataclass(frozen=True)
class Fit:
    name: str
    slope: float
    intercept: float


@dataclass(frozen=True)
class Detection:
    name: str
    flagged: np.ndarray  # (n,) bool
    caught: int  # added outliers flagged
    missed: int  # added outliers not flagged
    others: int  # the data's own points flagged (false alarms, on the synthetic line)
    # The simple rules' allowed range, (lower, upper) per value they look at (x and y, or the
    # residual); empty for the models, which draw no such line.
    limits: np.ndarray


@dataclass(frozen=True)
class Result:
    x: np.ndarray  # every point: the data's own, then the sliders' outliers, then the placed ones
    y: np.ndarray
    kind: np.ndarray  # 0 the data's own, 1 the sliders' outlier, 2 placed by hand
    names: tuple[str, str]  # the axes' names (escaped for Plotly on a learner's table)
    from_table: bool
    true_slope: float | None  # the synthetic line's; None on a learner's table
    true_intercept: float | None
    clean_slope: float  # least squares on the data's own points: the slope before any outlier
    clean_intercept: float
    fits: tuple[Fit, ...]  # REGRESSORS, in order
    detections: tuple[Detection, ...]  # DETECTORS, in order
    rules_on: str
    robust_line: tuple[float, float]  # (intercept, slope) of Theil-Sen, whose residuals the rules may read
    n_neighbors: int  # LocalOutlierFactor's, at most the points less one
    lattice_x: np.ndarray  # the clickable positions' columns and rows
    lattice_y: np.ndarray
    step: tuple[float, float]  # the lattice's steps across and up
    placed: tuple[tuple[float, float], ...]
    ols_slope: float

    @property
    def reference(self) -> float:
        """The slope a fit should find: the true one, or on a table the slope before outliers."""
        return self.clean_slope if self.true_slope is None else self.true_slope

    @property
    def n_added(self) -> int:
        return int(np.count_nonzero(self.kind))

    def fit(self, name: str) -> Fit:
        return self.fits[REGRESSORS.index(name)]

    def detection(self, name: str) -> Detection:
        return self.detections[DETECTORS.index(name)]

    def pull(self, name: str) -> float:
        """How far a fit's slope is from the reference slope."""
        return self.fit(name).slope - self.reference


# ---- the data ----

@dataclass(frozen=True)
class _Points:
    x: np.ndarray
    y: np.ndarray
    kind: np.ndarray
    line: tuple[float, float]  # (intercept, slope) the sliders' outliers are placed from
    sigma: float  # the noise they are measured in
    clean: tuple[float, float]  # least squares on the data's own points


def _line_of(x, y) -> tuple[float, float, float]:
    """Least squares on a learner's points: intercept, slope, and the residuals' SD."""
    fit = LinearRegression().fit(x.reshape(-1, 1), y)
    return float(fit.intercept_), float(fit.coef_[0]), float(np.std(y - fit.predict(x.reshape(-1, 1))))


@lru_cache(maxsize=64)
def _points(table: Pair | None, n_points: int, noise: float, seed: int, n_outliers: int,
            distance: float, placement: str, placed: tuple) -> _Points:
    """The points, drawn in the order ``code`` writes out, so the snippet reproduces them."""
    rng = np.random.default_rng(seed)
    if table is None:
        x = rng.uniform(X_LO, X_HI, n_points)
        y = INTERCEPT + SLOPE * x + rng.normal(0, noise, n_points)
        a, b, sigma = INTERCEPT, SLOPE, noise
        lo, hi = X_LO, X_HI
    else:
        x, y = table.x, table.y
        a, b, sigma = _line_of(x, y)
        lo, hi = float(x.min()), float(x.max())
    clean = _line_of(x, y)[:2]
    share = PLACEMENTS[placement]
    x_out = rng.uniform(lo + share[0] * (hi - lo), lo + share[1] * (hi - lo), n_outliers)
    y_out = a + b * x_out + sigma * (distance + JITTER * rng.standard_normal(n_outliers))
    hand = np.array(placed, dtype=float).reshape(-1, 2)
    points = _Points(
        x=np.concatenate([x, x_out, hand[:, 0]]), y=np.concatenate([y, y_out, hand[:, 1]]),
        kind=np.repeat(np.array([0, 1, 2], dtype=np.int8), [len(x), n_outliers, len(hand)]),
        line=(a, b), sigma=sigma, clean=clean)
    return readonly(points)


def _key(p: Params, table: Pair | None) -> tuple:
    # A table takes the place of the synthetic line: its size and noise then change nothing,
    # so they are left out of the key, and moving them reuses every cache.
    synthetic = table is None
    return (table, p.n_points if synthetic else 0, p.noise if synthetic else 0.0, p.seed, p.n_outliers,
            p.distance, p.placement, read_placed(p.placed))


# ---- the fits, each cached on what it depends on ----

def regressor(name: str, p: Params):
    """The pipeline of one of REGRESSORS, as ``code`` writes it."""
    model = {"least squares": lambda: LinearRegression(),
             "Huber": lambda: HuberRegressor(epsilon=p.epsilon),
             "RANSAC": lambda: RANSACRegressor(random_state=p.seed),
             "Theil-Sen": lambda: TheilSenRegressor(random_state=p.seed)}[name]()
    return make_pipeline(StandardScaler(), model)


def _line(pipeline) -> tuple[float, float]:
    """(intercept, slope) of a fitted linear pipeline (or its (scaler, model) pair) in x's own
    units: the model's weight on the standardised x over the scaler's scale (RANSAC keeps its
    model inside). What its predictions at x = 0 and 1 give, without a prediction's checks."""
    scaler, model = pipeline[0], pipeline[-1]
    model = getattr(model, "estimator_", model)
    slope = float(model.coef_[0] / scaler.scale_[0])
    return float(model.intercept_ - slope * scaler.mean_[0]), slope


def _fits(key: tuple, epsilon: float, seed: int) -> tuple[Fit, ...]:
    # Only Huber reads epsilon: moving it refits Huber alone.
    return tuple(_fit(key, name, epsilon if name == "Huber" else 0.0, seed) for name in REGRESSORS)


# scikit-learn's per-call checks are off for these fits (explorers/_threads.trusted_inputs): the
# points are our own draws, or a learner's table that datasets.tables has checked finite.
@lru_cache(maxsize=256)
def _fit(key: tuple, name: str, epsilon: float, seed: int) -> Fit:
    pts = _points(*key)
    try:
        with warnings.catch_warnings(), trusted_inputs():
            # Huber's solver can stop at its 100 iterations on wild outliers, close enough to draw.
            warnings.simplefilter("ignore")
            scaler, xs = _scaled(key, "x")
            model = regressor(name, Params(epsilon=epsilon or 1.35, seed=seed))[-1].fit(xs, pts.y)
    except ValueError as err:  # RANSAC finding no consensus set
        raise ValueError(f"{name} cannot fit these points ({err}).") from None
    intercept, slope = _line((scaler, model))
    return Fit(name, slope, intercept)


# Every pipeline starts with the same StandardScaler on the same points: fitted once per data,
# its output goes to each model, which is what each pipeline's fit hands its model (the
# tests compare with the pipelines themselves). A third of a least-squares fit was the scaler.
@lru_cache(maxsize=64)
def _scaled(key: tuple, columns: str) -> tuple[StandardScaler, np.ndarray]:
    """The fitted scaler and the scaled points: x alone (``"x"``, for the fits) or x and y
    (``"xy"``, for the model detectors)."""
    pts = _points(*key)
    X = pts.x.reshape(-1, 1) if columns == "x" else np.column_stack([pts.x, pts.y])
    with trusted_inputs():
        scaler = StandardScaler().fit(X)
        return readonly((scaler, scaler.transform(X)))


def detector(name: str, p: Params, n_neighbors: int | None = None):
    """The pipeline of one of the three model detectors, as ``code`` writes it."""
    model = {"IsolationForest": lambda: IsolationForest(contamination=p.contamination, random_state=p.seed),
             "LocalOutlierFactor": lambda: LocalOutlierFactor(n_neighbors=n_neighbors or p.n_neighbors,
                                                              contamination=p.contamination),
             "EllipticEnvelope": lambda: EllipticEnvelope(contamination=p.contamination,
                                                          random_state=p.seed)}[name]()
    return make_pipeline(StandardScaler(), model)


class _Envelope(EllipticEnvelope):
    """EllipticEnvelope, whose MinCovDet runs about a hundred C-steps per fit, each
    inverting a 2 x 2 covariance through wrappers that cost more than the inversion:
    ``fit`` is ``MinCovDet.fit`` then ``EllipticEnvelope.fit``, with the C-steps of
    explorers/_mcd.py (the same steps, LAPACK called directly). For the defaults only
    (``support_fraction=None``, not ``assume_centered``), which is how the page builds it;
    tests/explorers/test_outliers.py checks the fit against EllipticEnvelope's own, to the
    last bit."""

    def fit(self, X, y=None):
        X = validate_data(self, X, ensure_min_samples=2)
        location, covariance, support, dist = _mcd.fast_mcd(X, check_random_state(self.random_state))
        self.raw_location_ = self.location_ = location
        self.raw_covariance_ = covariance
        self.raw_support_ = self.support_ = support
        self.dist_ = dist
        self.correct_covariance(X)
        self.reweight_covariance(X)
        self.offset_ = np.percentile(-self.dist_, 100.0 * self.contamination)
        return self


# Each model detector scores every point once per data (and neighbours, for LOF); its
# contamination only sets the threshold on those scores, as fit does it (offset_ is the
# contamination's percentile of the training scores, and a point is flagged where its score
# is below it). So the contamination slider refits nothing; tests check the flags against
# each pipeline's own fit_predict.
@lru_cache(maxsize=64)
def _model_scores(key: tuple, seed: int) -> tuple[np.ndarray, np.ndarray]:
    _, X = _scaled(key, "xy")
    # The forest's trees grown without the estimator around each (explorers/_iforest.py):
    # the same scores as the pipeline's, a tenth of the time.
    forest = _iforest.scores(X, seed)
    with warnings.catch_warnings(), trusted_inputs():
        # MinCovDet warns when the points are nearly on a line (a singular covariance).
        warnings.simplefilter("ignore")
        envelope = _Envelope(random_state=seed).fit(X)
        return readonly((forest, envelope.score_samples(X)))


@lru_cache(maxsize=64)
def _lof_scores(key: tuple, n_neighbors: int) -> np.ndarray:
    _, X = _scaled(key, "xy")
    with trusted_inputs():
        lof = detector("LocalOutlierFactor", Params(), n_neighbors)[-1].fit(X)
    return readonly(lof.negative_outlier_factor_.copy())


def flag_by_share(scores: np.ndarray, contamination: float) -> np.ndarray:
    """The points a fitted detector with this contamination flags: scores below the
    contamination's percentile of the training scores (scikit-learn's ``offset_``)."""
    return scores < np.percentile(scores, 100.0 * contamination)


# ---- the simple rules ----

def simple_rule(name: str, values: np.ndarray, p: Params) -> tuple[np.ndarray, np.ndarray]:
    """(flagged, limits) of a rule on ``values`` (n, columns): a point is flagged when any of
    its values is outside that column's (lower, upper) limits."""
    if name == "z-score":
        mean, sd = values.mean(axis=0), values.std(axis=0)
        limits = np.column_stack([mean - p.z_threshold * sd, mean + p.z_threshold * sd])
        flagged = (np.abs(stats.zscore(values, axis=0)) > p.z_threshold).any(axis=1)
    elif name == "IQR":
        q1, q3 = np.percentile(values, [25, 75], axis=0)
        iqr = q3 - q1
        limits = np.column_stack([q1 - p.iqr_k * iqr, q3 + p.iqr_k * iqr])
        flagged = ((values < limits[:, 0]) | (values > limits[:, 1])).any(axis=1)
    else:
        median = np.median(values, axis=0)
        mad = stats.median_abs_deviation(values, axis=0, scale="normal")
        limits = np.column_stack([median - p.mad_threshold * mad, median + p.mad_threshold * mad])
        # Multiplied out rather than divided: a column whose values are mostly equal has a
        # MAD of 0, and then every other value is extreme, as it should be.
        flagged = (np.abs(values - median) > p.mad_threshold * mad).any(axis=1)
    return flagged, limits


# ---- run ----

def run(p: Params, table: Pair | None = None) -> Result:
    key = _key(p, table)
    pts = _points(*key)
    n = len(pts.x)
    fits = _fits(key, p.epsilon, p.seed)
    robust = fits[REGRESSORS.index("Theil-Sen")]
    if p.rules_on == "each column":
        values = np.column_stack([pts.x, pts.y])
    else:
        values = (pts.y - (robust.intercept + robust.slope * pts.x)).reshape(-1, 1)
    added = pts.kind > 0
    detections = []
    forest, envelope = _model_scores(key, p.seed)
    k = min(p.n_neighbors, n - 1)
    for name in DETECTORS:
        limits = np.zeros((0, 2))
        if name in SIMPLE:
            flagged, limits = simple_rule(name, values, p)
        else:
            scores = {"IsolationForest": forest, "EllipticEnvelope": envelope}.get(name)
            flagged = flag_by_share(_lof_scores(key, k) if scores is None else scores, p.contamination)
        detections.append(Detection(name, flagged, int(np.sum(flagged & added)), int(np.sum(~flagged & added)),
                                    int(np.sum(flagged & ~added)), limits))
    clean = pts.kind == 0
    lx, ly, step = lattice(pts.x[clean], pts.y[clean])
    names = ("x", "y") if table is None else tuple(_escaped(c) for c in table.names)
    return readonly(Result(
        x=pts.x, y=pts.y, kind=pts.kind, names=names, from_table=table is not None,
        true_slope=SLOPE if table is None else None, true_intercept=INTERCEPT if table is None else None,
        clean_intercept=pts.clean[0], clean_slope=pts.clean[1], fits=fits, detections=tuple(detections),
        rules_on=p.rules_on, robust_line=(robust.intercept, robust.slope), n_neighbors=k,
        lattice_x=lx, lattice_y=ly, step=step, placed=key[-1], ols_slope=fits[0].slope,
    ))


def _escaped(name: str) -> str:
    return html.escape(name, quote=False)  # Plotly reads <b> and the like in names as markup
