"""PCA and LDA: the directions of most variance, and the directions that separate classes
=====================================================================================

Principal component analysis (PCA) turns the axes of a data set until the first one
points along the direction in which the points spread the most, the second along the
most spread left at right angles to the first, and so on. The variance along each of
these *principal axes* is an eigenvalue of the covariance matrix; its share of the
total is the axis' *explained variance ratio*. Keeping the first ``k`` axes and
dropping the rest compresses the data: each point is replaced by its projection onto
the ``k``-dimensional subspace, and the squared lengths of the dropped parts add up
exactly to the variance the dropped axes carried.

PCA never looks at the class labels. Linear discriminant analysis (LDA) does: it
looks for the directions along which the class means are far apart *relative to the
spread within each class*. With ``c`` classes there are at most ``c - 1`` such
directions, so two classes give a single discriminant axis.

Most of the time the two agree roughly, because classes that differ also add
variance. The second toy set is built so they disagree: the classes are split along
the cloud's short axis, so PC1 (the long axis) carries no class information at all,
while LDA finds the short axis at once. How well each projection separates the
classes is measured the same way for both: five-fold cross-validated accuracy of a
nearest-centroid classifier in the projected space (the projection is refitted on
each training fold, so LDA does not get to see the held-out labels).

Scale matters to PCA but not to LDA: on the raw wine data, proline (in the hundreds)
dominates the variance and therefore PC1; standardized, all thirteen measurements
count equally.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn import datasets as sk_datasets  # not our datasets package
from sklearn.decomposition import PCA
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

from datasets import SHIPPED
from datasets.readonly import readonly
from explorers._contract import choice, knob
from explorers._threads import one_thread

NOTICE = (
    "The principal axes point where the points spread most, whatever the classes: when the "
    "two classes are split along the cloud's short axis, PC1 mixes them completely while "
    "LDA's single axis pulls them apart. The scree chart says how much of the spread the "
    "first k axes keep, and the digits show what is lost when the rest are dropped."
)
MISREADING = (
    "\"The first principal component is the direction that best separates the classes.\" It "
    "is the direction of most variance, which may carry no class information at all; PCA "
    "never sees the labels. Finding the separating direction is what LDA, which does use "
    "them, is for."
)
HEADLINE = "explained_k"

LONG, SHORT = "2-D, split on long axis", "2-D, split on short axis"
TOYS = (LONG, SHORT)
REAL = ("iris", "wine", "digits")
DATA = TOYS + REAL
SCALES = ("raw", "standardized")
N_FOLDS = 5
N_SHOWN = 10  # digits reconstructed on the page: one of each class
DEFAULT_TOY = dict(angle=30.0, stretch=3.0, gap=3.0, n_points=300)


def two_classes(n, angle, stretch, gap, along_short, rng):
    """n points of two classes in one elongated Gaussian cloud, turned by `angle` degrees.

    The cloud has standard deviation `stretch` along its long axis and 1 along its short
    one; the class means sit `gap` apart along the long axis, or along the short one.
    """
    labels = rng.integers(0, 2, n)
    local = rng.standard_normal((n, 2)) * np.array([stretch, 1.0])
    local[:, 1 if along_short else 0] += (labels - 0.5) * gap
    theta = np.deg2rad(angle)
    rotation = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    return local @ rotation.T, labels


@dataclass(frozen=True)
class Params:
    data: str = choice(
        SHORT, options=DATA, label="Data",
        help="Two 2-D toy clouds whose two classes differ along the long axis (PCA and LDA "
             "agree) or along the short axis (PCA fails, LDA succeeds); or scikit-learn's "
             "iris (4 measurements, 3 species), wine (13 chemical measurements, 3 cultivars) "
             "or digits (8×8 images, 10 digits).",
    )
    k: int = knob(
        1, lo=1, hi=64, label="Components kept, k",
        help="How many principal components are kept for the cumulative explained variance and "
             "the reconstruction. Capped at the number of features (2 for the toy sets, 4 for "
             "iris, 13 for wine, 64 for digits).",
    )
    scale: str = choice(
        "raw", options=SCALES, label="Scale",
        help="Standardized: every feature shifted and scaled to mean 0 and variance 1 before "
             "PCA. Raw: as measured, so a feature in large units dominates the variance.",
    )
    angle: float = knob(
        30.0, lo=0.0, hi=180.0, step=5.0, label="Angle of the long axis (°)", when=("data", TOYS),
        help="How far the toy cloud's long axis is turned from the x-axis.",
    )
    stretch: float = knob(
        3.0, lo=1.0, hi=5.0, step=0.25, label="Stretch", when=("data", TOYS),
        help="Standard deviation along the long axis, against 1 along the short one. At 1 the "
             "cloud is round and its principal axes are arbitrary.",
    )
    gap: float = knob(
        3.0, lo=0.0, hi=6.0, step=0.5, label="Gap between the classes", when=("data", TOYS),
        help="Distance between the two class means, along the long or the short axis. A large "
             "gap along the short axis adds so much variance there that it becomes PC1.",
    )
    n_points: int = knob(300, lo=100, hi=1000, step=50, label="Points", when=("data", TOYS),
                         help="How many toy points are drawn.")
    seed: int = knob(
        0, lo=0, hi=999, label="Seed",
        help="Seed of the toy draw, of the cross-validation folds, and of which digits are shown.",
    )


@dataclass(frozen=True)
class Result:
    data: str
    is_toy: bool
    is_image: bool
    standardized: bool
    feature_names: tuple
    class_names: tuple  # one per label 0, 1, ...
    X: np.ndarray  # (n, p) the data PCA and LDA were fitted to (standardized if asked)
    y: np.ndarray  # (n,) class labels
    mean: np.ndarray  # (p,)
    components: np.ndarray  # (p, p) scikit-learn's components_, one principal axis a row
    explained_variance: np.ndarray  # (p,)
    explained_variance_ratio: np.ndarray  # (p,)
    cumulative: np.ndarray  # (p,) running sum of the ratios, ending at 1
    k: int  # components kept (the slider, capped at p)
    explained_k: float  # share of the variance the first k components keep
    reconstruction_error: float  # mean squared difference between X and its k-reconstruction
    d: int  # dimensions compared between PCA and LDA: min(2, classes - 1)
    pca_proj: np.ndarray  # (n, d) scores on the first d principal components
    lda_proj: np.ndarray  # (n, d) LDA's transform
    lda_direction: np.ndarray  # (p,) LDA's first axis in the input space, unit length
    sep_pca: float  # cross-validated nearest-centroid accuracy in the PCA projection
    sep_lda: float  # the same in the LDA projection
    pc1_foot: np.ndarray  # (n, p) each point's projection onto the PC1 line (toy figure)
    shown: np.ndarray  # indices of the digits shown (empty unless images)
    originals: np.ndarray  # (N_SHOWN, 64) those digits in pixel units
    reconstructions: np.ndarray  # (N_SHOWN, 64) from the first k components, in pixel units


def run(p: Params) -> Result:
    toy, seed = _toy_key(p), _data_seed(p)
    X, y, names, offset, scale, classes = _data(p.data, p.scale, seed, toy)
    mean, components, variance, ratio, scores, foot = _pca(p.data, p.scale, seed, toy)
    lda_proj, direction, d = _lda(p.data, p.scale, seed, toy)
    sep_pca, sep_lda = _separation(p.data, p.scale, seed, toy, p.seed)
    n, n_features = X.shape
    k = min(p.k, n_features)
    # The squared residual of the k-reconstruction is the variance of the dropped components
    # (the tests check it against scikit-learn's inverse_transform), so only the digits on
    # screen are actually rebuilt: the mean plus the first k scores times their axes.
    error = float(variance[k:].sum() * (n - 1) / n / n_features)
    shown = _shown(p.data, p.seed) if p.data == "digits" else np.array([], int)
    originals = X[shown] * scale + offset
    reconstructions = (mean + scores[shown, :k] @ components[:k]) * scale + offset
    return Result(
        data=p.data, is_toy=p.data in TOYS, is_image=p.data == "digits",
        standardized=p.scale == "standardized", feature_names=names, class_names=classes, X=X, y=y, mean=mean,
        components=components, explained_variance=variance, explained_variance_ratio=ratio,
        cumulative=readonly(np.cumsum(ratio)), k=k, explained_k=float(ratio[:k].sum()),
        reconstruction_error=error, d=d,
        pca_proj=scores[:, :d], lda_proj=lda_proj, lda_direction=direction,
        sep_pca=sep_pca, sep_lda=sep_lda, pc1_foot=foot, shown=readonly(shown),
        originals=readonly(originals), reconstructions=readonly(reconstructions),
    )


def _toy_key(p: Params) -> tuple:
    """The toy knobs, or fixed values for the real data, so moving a greyed-out knob
    on iris does not miss the caches."""
    if p.data in TOYS:
        return (p.angle, p.stretch, p.gap, p.n_points)
    return tuple(DEFAULT_TOY.values())


def _data_seed(p: Params) -> int:
    """The seed draws the toy sets only: a real set's fits are shared by every seed (which
    still shuffles its folds and picks its digits)."""
    return p.seed if p.data in TOYS else 0



# Everything but the k-reconstruction depends only on the data, its scale and the seed:
# the k slider reuses the fits. All are pure, so caching cannot change a result.
# Each fit runs on one BLAS/OpenMP thread: on this busy two-core server, LDA's SVDs on
# digits took 7 s with the default threads fighting for cores and 0.1 s with one.
@lru_cache(maxsize=32)
def _data(data: str, scale: str, seed: int, toy: tuple):
    if data in TOYS:
        angle, stretch, gap, n = toy
        X, y = two_classes(n, angle, stretch, gap, data == SHORT, np.random.default_rng(seed))
        names, classes = ("x₁", "x₂"), ("class 0", "class 1")
    else:
        X, y, names = SHIPPED[data].load()
        classes = tuple(str(c) for c in getattr(sk_datasets, f"load_{data}")().target_names)
    offset, spread = np.zeros(X.shape[1]), np.ones(X.shape[1])
    if scale == "standardized":
        scaler = StandardScaler().fit(X)
        X, offset, spread = scaler.transform(X), scaler.mean_, scaler.scale_
    return (*readonly((np.asarray(X, float), np.asarray(y))), tuple(names),
            *readonly((np.asarray(offset, float), np.asarray(spread, float))), classes)


@lru_cache(maxsize=32)
def _pca(data: str, scale: str, seed: int, toy: tuple):
    X = _data(data, scale, seed, toy)[0]
    with one_thread():
        pca = PCA().fit(X)
    scores = pca.transform(X)
    foot = pca.mean_ + np.outer(scores[:, 0], pca.components_[0])
    return readonly((pca.mean_, pca.components_, pca.explained_variance_, pca.explained_variance_ratio_,
                     scores, foot))


@lru_cache(maxsize=32)
def _lda(data: str, scale: str, seed: int, toy: tuple):
    X, y = _data(data, scale, seed, toy)[:2]
    d = _compared_dims(y)
    with one_thread():
        lda = LinearDiscriminantAnalysis(n_components=d).fit(X, y)
    direction = lda.scalings_[:, 0] / np.linalg.norm(lda.scalings_[:, 0])
    return (*readonly((lda.transform(X), direction)), d)


@lru_cache(maxsize=32)
def _separation(data: str, scale: str, seed: int, toy: tuple, fold_seed: int):
    X, y = _data(data, "raw", seed, toy)[:2]
    with one_thread():
        return separation(X, y, scale == "standardized", fold_seed)


def separation(X, y, standardize: bool, seed: int) -> tuple[float, float]:
    """Cross-validated nearest-centroid accuracy in the PCA and in the LDA projection.

    What ``cross_val_score(make_pipeline([StandardScaler()], PCA(d) or LDA(d),
    NearestCentroid()), X, y, cv=StratifiedKFold(5, shuffle=True, random_state=seed))``
    gives (the tests check it), written as a loop because the pipeline's per-call
    checks cost ~10x the arithmetic on these small sets, and a toy slider refits it all.
    The scaler and the projection are fitted on each training fold only, so no
    projection sees the held-out labels.
    """
    d = _compared_dims(y)
    folds = StratifiedKFold(N_FOLDS, shuffle=True, random_state=seed)
    hits = np.zeros((2, N_FOLDS))
    for fold, (train, test) in enumerate(folds.split(X, y)):
        X_train, X_test = X[train], X[test]
        if standardize:
            scaler = StandardScaler().fit(X_train)
            X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
        for m, projection in enumerate((PCA(n_components=d), LinearDiscriminantAnalysis(n_components=d))):
            Z_train = projection.fit_transform(X_train, y[train])
            Z_test = projection.transform(X_test)
            classes = np.unique(y[train])
            centroids = np.array([Z_train[y[train] == c].mean(axis=0) for c in classes])
            nearest = np.argmin(((Z_test[:, None, :] - centroids[None]) ** 2).sum(axis=2), axis=1)
            hits[m, fold] = np.mean(classes[nearest] == y[test])
    return float(hits[0].mean()), float(hits[1].mean())


def _compared_dims(y) -> int:
    """LDA gives at most classes - 1 axes; compare both methods in that many (at most 2)."""
    return int(min(2, len(np.unique(y)) - 1))


@lru_cache(maxsize=32)
def _shown(data: str, seed: int) -> np.ndarray:
    """One digit of each class, picked by the seed."""
    y = _data(data, "raw", 0, tuple(DEFAULT_TOY.values()))[1]
    rng = np.random.default_rng(seed)
    return np.array([rng.choice(np.flatnonzero(y == c)) for c in range(N_SHOWN)])


def code(p: Params) -> str:
    k = min(p.k, 2 if p.data in TOYS else _data(p.data, "raw", 0, _toy_key(p))[0].shape[1])
    if p.data in TOYS:
        source = inspect.getsource(two_classes).rstrip()
        load = (f"{source}\n\n\nrng = np.random.default_rng({p.seed})\n"
                f"X, y = two_classes({p.n_points}, {p.angle!r}, {p.stretch!r}, {p.gap!r}, "
                f"along_short={p.data == SHORT}, rng=rng)")
        about = "two classes in one stretched Gaussian cloud"
    else:
        load = f"from sklearn.datasets import load_{p.data}\n\nX, y = load_{p.data}(return_X_y=True)"
        about = SHIPPED[p.data].about
    standardize = p.scale == "standardized"
    scaled = ("X_fit = StandardScaler().fit_transform(X)  # each feature to mean 0, variance 1"
              if standardize else "X_fit = X  # raw: features in large units dominate the variance")
    scaler = "StandardScaler(), " if standardize else ""
    return f'''\
import numpy as np
from sklearn.decomposition import PCA
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.neighbors import NearestCentroid
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

# The data: {about}.
{load}
{scaled}

# PCA with every component: how much of the total variance each one carries.
pca = PCA().fit(X_fit)
k = {k}
explained_k = pca.explained_variance_ratio_[:k].sum()

# Keep the first k components and map back: what is lost is the reconstruction error.
pca_k = PCA(n_components=k).fit(X_fit)
X_hat = pca_k.inverse_transform(pca_k.transform(X_fit))
reconstruction_error = np.mean((X_fit - X_hat) ** 2)

# PCA against LDA in d dimensions (LDA has at most classes - 1 of them): how well a
# nearest-centroid classifier separates held-out points in each projection.
d = min(2, len(np.unique(y)) - 1)
folds = StratifiedKFold({N_FOLDS}, shuffle=True, random_state={p.seed})
sep_pca = cross_val_score(make_pipeline({scaler}PCA(n_components=d), NearestCentroid()),
                          X, y, cv=folds).mean()
sep_lda = cross_val_score(make_pipeline({scaler}LinearDiscriminantAnalysis(n_components=d),
                                        NearestCentroid()), X, y, cv=folds).mean()

print("explained variance ratio:", np.round(pca.explained_variance_ratio_, 3))
print(f"first {{k}} components keep {{explained_k:.1%}} of the variance; "
      f"reconstruction error {{reconstruction_error:.4g}}")
print(f"nearest-centroid accuracy in {{d}}-D:  PCA {{sep_pca:.3f}}   LDA {{sep_lda:.3f}}")
'''
