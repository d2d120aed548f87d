"""Feature extraction, two views of the feature-selection page: polynomial features that
let a linear model draw a curved boundary, and PCA components kept as a model's features.

Everything is a scikit-learn ``Pipeline``; where a curve needs the same pipeline at many
settings, the parts that do not change between them (the split, each fold's scaling) are
computed once and the rest is what the pipeline itself does, which the tests check
against ``cross_val_score`` of the pipeline.
"""

from __future__ import annotations

import copy
import html
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.linear_model._logistic import _logistic_regression_path
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.svm._base import _fit_liblinear

from datasets.feature_table import Columns
from datasets.readonly import readonly
from explorers._classify import PlaneParams, Scores, Split, data_code, evaluate, split
from explorers._lbfgs import lbfgs_path
from explorers._threads import one_thread, trusted_inputs

MAX_DEGREE = 6
N_POINTS, TEST_SHARE = 400, 0.3  # the plane's size and held-out share
FOLDS = 5  # the leakage view's cross-validation
# The PCA view's: its curve refits the model at every number of components in every fold,
# and a first visit computes all of it. Three folds make that 24 fits instead of 45, and
# each fold's score is a little less sure.
PCA_FOLDS = 3
PCA_SEED = 0  # the PCA view's folds (its data are fixed, so the page offers no seed there)
MAX_ITER = 1000  # logistic regression on standardised features converges well inside this
# The numbers of components the curve is drawn at (and every column): a refit per fold at
# every count up to 30 would be most of a data change's cost, for a curve that is flat by 12.
PCA_GRID = (1, 2, 3, 5, 8, 12, 30)


# The page's progress bar, for the slow parts only, and only when they are computed (not
# when their cache has them): set per session thread around a view's computation.
_reporter = threading.local()


@contextmanager
def reporting(progress):
    _reporter.progress = progress
    try:
        yield
    finally:
        _reporter.progress = None


def _report(fraction: float, text: str) -> None:
    report = getattr(_reporter, "progress", None)
    if report is not None:
        report(fraction, text)


def logistic() -> LogisticRegression:
    return LogisticRegression(max_iter=MAX_ITER)


class LeanLogistic(LogisticRegression):
    """``logistic()``, fitted by the solver call its ``fit`` makes (lbfgs on the L2-penalised
    loss, the path function's own checks left off as ``fit`` leaves them) on float rows we
    made, without ``fit``'s checks of the rows, labels and settings around it: a fifth of
    each of the ~25 fits a data move in the PCA or selection view makes. A subclass, so
    RFE can clone it. tests/explorers/test_feature_selection.py compares its weights, for
    two classes and three, with ``fit``'s to the bit (pinned scikit-learn 1.9.1: an upgrade
    that changes the private call fails there, not on the page)."""

    def fit(self, X, y):
        X = np.ascontiguousarray(X, dtype=np.float64)  # fit's validate_data: C order, float64
        self.classes_ = np.unique(y)
        if self.solver == "lbfgs" and self.fit_intercept and self.class_weight is None:
            # The page's settings: the same solver call, its loss on numpy alone (explorers/_lbfgs.py).
            coefs, n_iter = lbfgs_path(X, y, self.classes_, self.C, self.tol, self.max_iter)
        else:
            coefs, _, n_iter = _logistic_regression_path(
                X, y, classes=self.classes_, Cs=[self.C], l1_ratio=self.l1_ratio,
                fit_intercept=self.fit_intercept, tol=self.tol, verbose=self.verbose, solver=self.solver,
                max_iter=self.max_iter, class_weight=self.class_weight, check_input=False,
                random_state=self.random_state, penalty="l2", n_threads=1)
        self.n_iter_ = np.asarray(n_iter, dtype=np.int32)
        coef = coefs[0]
        if len(self.classes_) == 2:  # one row of weights, the intercept last: as fit splits them
            self.intercept_, self.coef_ = coef[-1:], coef[:-1][None, :]
        else:
            self.intercept_, self.coef_ = coef[:, -1], coef[:, :-1]
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        """``predict`` without ``decision_function``'s check of the rows: the same product
        ``X @ coef_.T + intercept_``, then the class of the larger score, as its mixin does."""
        scores = X @ self.coef_.T + self.intercept_
        indices = (scores[:, 0] > 0).astype(np.intp) if scores.shape[1] == 1 else np.argmax(scores, axis=1)
        return np.take(self.classes_, indices, axis=0)

    def __sklearn_clone__(self):
        # RFE clones its model at every size in every fold (~22 clones a data move); clone's
        # own way reads the settings' names from the signature each time (~1 ms). The same
        # settings, copied as clone copies them.
        return type(self)(**{name: copy.deepcopy(getattr(self, name)) for name in _LOGISTIC_PARAMS})


_LOGISTIC_PARAMS = tuple(LogisticRegression._get_param_names())


def lean_logistic() -> LeanLogistic:
    return LeanLogistic(max_iter=MAX_ITER)


# Where there are two classes only (the planes, the leakage view's noise), liblinear: a
# logistic regression fitted in one call to its solver, ~1 ms on these few hundred rows
# against lbfgs' ~2.5 ms of Python steps (it penalises the intercept too, which on these
# standardised or centred features changes no accuracy the page shows by a point).
TWO_CLASS_SOLVER = "liblinear"


def two_class_logistic() -> LogisticRegression:
    return LogisticRegression(solver=TWO_CLASS_SOLVER)


def fit_two_class(X: np.ndarray, y: np.ndarray) -> LogisticRegression:
    """``two_class_logistic().fit(X, y)`` on float rows of two classes, the solver called as
    ``fit`` calls it. Around its ~0.6 ms of liblinear, ``fit`` spends ~1.2 ms checking the
    rows, the labels and its settings, two thirds of a fit: the leakage view makes 30 of
    them on a data move. tests/explorers/test_feature_selection.py compares the weights
    with ``fit``'s, to the bit (pinned scikit-learn 1.9.1: an upgrade that changes the
    private call fails there, not on the page)."""
    model = two_class_logistic()
    X = np.ascontiguousarray(X, dtype=np.float64)  # fit's validate_data: C order, float64
    model.coef_, model.intercept_, model.n_iter_ = _fit_liblinear(
        X, y, model.C, model.fit_intercept, model.intercept_scaling, model.class_weight, "l2", model.dual,
        model.verbose, model.max_iter, model.tol, model.random_state)
    model.classes_, model.n_features_in_ = np.unique(y), X.shape[1]
    return model


def folds(seed: int, n_folds: int = FOLDS) -> StratifiedKFold:
    return StratifiedKFold(n_folds, shuffle=True, random_state=seed)


def accuracy(model, X: np.ndarray, y: np.ndarray) -> float:
    """``model.score(X, y)`` of a classifier: the share of rows it predicts right. Written
    out because ``score`` checks the labels' type on every call, which took as long as
    the prediction itself (accuracy_score gives the same float: the mean of the matches)."""
    return float(np.mean(model.predict(X) == y))


# ---- polynomial features ----

@dataclass(frozen=True)
class Poly:
    split: Split
    scores: Scores
    degree: int
    interaction_only: bool
    names: tuple[str, ...]  # the features the model sees, as get_feature_names_out writes them
    coef: np.ndarray  # (features,) weights on the standardised features (class 1 against 0)
    train_accuracy: float
    test_accuracy: float
    degrees: np.ndarray  # 1..MAX_DEGREE
    test_all: np.ndarray  # test accuracy at each degree, all terms
    test_interactions: np.ndarray  # and interactions only
    count_all: np.ndarray  # features at each degree, all terms
    count_interactions: np.ndarray

    @property
    def n_features(self) -> int:
        return len(self.names)


def plane_params(plane: str, noise: float, seed: int) -> PlaneParams:
    return PlaneParams(data=plane, noise=noise, balance=1.0, n_points=N_POINTS, test_share=TEST_SHARE,
                       seed=seed)


def poly_model(degree: int, interaction_only: bool):
    return make_pipeline(PolynomialFeatures(degree, interaction_only=interaction_only, include_bias=False),
                         StandardScaler(), two_class_logistic())


def polynomial(plane: str, noise: float, degree: int, interaction_only: bool, seed: int) -> Poly:
    s = split(plane_params(plane, noise, seed))
    model = _poly_model(plane, noise, degree, interaction_only, seed)
    sweep = _poly_sweep(plane, noise, seed)[1]
    with one_thread(), trusted_inputs():
        scores = evaluate(model, s)
    names = tuple(model[0].get_feature_names_out(list(s.feature_names)))
    return readonly(Poly(
        split=s, scores=scores, degree=degree, interaction_only=interaction_only, names=names,
        coef=model[-1].coef_[0].copy(), train_accuracy=scores.train_accuracy,
        test_accuracy=scores.test_accuracy, **sweep,
    ))


@lru_cache(maxsize=64)
def _poly_model(plane: str, noise: float, degree: int, interaction_only: bool, seed: int):
    """``poly_model(degree, interaction_only)`` fitted on the training points, assembled from
    its fitted steps: the polynomial step, a scaler fitted on what it makes, and the model
    the degree curve fitted already (on the same numbers, to the bit). A degree move fits
    no model. (Shared between sessions: a fitted pipeline's predict changes nothing in it.)"""
    s = split(plane_params(plane, noise, seed))
    with one_thread(), trusted_inputs():
        poly = PolynomialFeatures(degree, interaction_only=interaction_only, include_bias=False).fit(s.X_train)
        scaler = StandardScaler().fit(poly.transform(s.X_train))
    return make_pipeline(poly, scaler, _poly_sweep(plane, noise, seed)[0][degree, interaction_only])


# The test accuracy at every degree depends on the data, not on the degree chosen: it is
# computed once per data setting, and the fitted models kept for `_poly_model`.
#
# Every degree's features are columns of the highest degree's: PolynomialFeatures orders
# them by degree, keeps every product of at most `degree` factors (of distinct inputs only,
# with interaction_only), and x₁x₂ is x₁ times x₂ whatever the degree. A column's mean and
# scale are its own too, so one scaler serves them all. They are made and scaled once, and
# each degree's model is fitted on its columns: what each pipeline's fit computes, to the
# bit (tests/explorers/test_feature_selection.py checks it against the pipelines), at
# three fifths of the cost, the steps' checks and scoring having been two fifths of it.
@lru_cache(maxsize=16)
def _poly_sweep(plane: str, noise: float, seed: int) -> tuple[dict, dict]:
    s = split(plane_params(plane, noise, seed))
    with one_thread(), trusted_inputs():
        highest = PolynomialFeatures(MAX_DEGREE, include_bias=False).fit(s.X_train)
        scaler = StandardScaler().fit(highest.transform(s.X_train))
        S_train, S_test = (scaler.transform(highest.transform(X)) for X in (s.X_train, s.X_test))
        powers = highest.powers_  # (features, 2): the power of x₁ and of x₂ in each
        fitted: dict[tuple, tuple] = {}  # the same columns make the same fit: fitted once
        models, out = {}, {"test_all": [], "test_interactions": [], "count_all": [], "count_interactions": []}
        for degree in range(1, MAX_DEGREE + 1):
            for only, suffix in ((False, "all"), (True, "interactions")):
                keep = powers.sum(axis=1) <= degree
                if only:
                    keep &= (powers <= 1).all(axis=1)
                columns = tuple(np.flatnonzero(keep))
                if columns not in fitted:
                    # Copies in C order, as the steps return them (the model's sums then run
                    # in the same order).
                    train, test = (np.ascontiguousarray(S[:, columns]) for S in (S_train, S_test))
                    model = two_class_logistic().fit(train, s.y_train)
                    fitted[columns] = model, accuracy(model, test, s.y_test)
                models[degree, only], score = fitted[columns]
                out[f"test_{suffix}"].append(score)
                out[f"count_{suffix}"].append(len(columns))
    arrays = {key: np.array(values) for key, values in out.items()}
    arrays["degrees"] = np.arange(1, MAX_DEGREE + 1)
    return models, readonly(arrays)


def polynomial_code(plane: str, noise: float, degree: int, interaction_only: bool, seed: int) -> str:
    s = split(plane_params(plane, noise, seed))
    return f'''\
{data_code(plane_params(plane, noise, seed))}

from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

# The features first, then a linear model on them: its boundary is a straight line in the
# new features, and whatever curve they make of it back on the plane.
model = make_pipeline(
    PolynomialFeatures(degree={degree}, interaction_only={interaction_only}, include_bias=False),
    StandardScaler(),
    LogisticRegression(solver="{TWO_CLASS_SOLVER}"),  # two classes: its fastest solver
)
model.fit(X_train, y_train)
print(model)

names = model[0].get_feature_names_out({list(s.feature_names)!r})
print(f"{{len(names)}} features:", ", ".join(names))
print("weights:", dict(zip(names, model[-1].coef_[0].round(2))))

train_accuracy = model.score(X_train, y_train)
test_accuracy = model.score(X_test, y_test)
print(f"train accuracy {{train_accuracy:.3f}}   test accuracy {{test_accuracy:.3f}}")
value = test_accuracy  # the page's headline
'''


# ---- PCA as extraction ----

@dataclass(frozen=True)
class Pca:
    n_features: int
    components: int  # kept: the slider's, clipped to the number of features
    components_asked: int
    grid: np.ndarray  # the numbers of components the curve is drawn at
    curve: np.ndarray  # mean cross-validated accuracy at each
    curve_sd: np.ndarray  # its spread over the folds
    fold_scores: np.ndarray  # (PCA_FOLDS,) at the current number of components
    cv_accuracy: float  # their mean
    all_accuracy: float  # the same pipeline without PCA, every feature kept
    explained: np.ndarray  # (features,) cumulative share of variance of the first 1, 2, ... components
    projected: np.ndarray  # (n, 2) every row on the first two components (for the picture)
    y: np.ndarray
    class_names: tuple[str, ...]  # escaped for Plotly

    @property
    def explained_kept(self) -> float:
        return float(self.explained[self.components - 1])


def pca_model(n: int):
    # svd_solver="full": the exact decomposition, so the components do not depend on a seed.
    return make_pipeline(StandardScaler(), PCA(n_components=n, svd_solver="full"), logistic())


def pca_view(data: Columns, components: int, seed: int) -> Pca:
    n_features = data.X.shape[1]
    n = min(components, n_features)
    base = _pca_base(data, seed)
    fold_scores = base["scores"].get(n)
    if fold_scores is None:
        fold_scores = _pca_fold_scores(data, n, seed)
    return readonly(Pca(
        n_features=n_features, components=n, components_asked=components,
        grid=base["grid"], curve=base["curve"], curve_sd=base["curve_sd"],
        fold_scores=fold_scores, cv_accuracy=float(fold_scores.mean()), all_accuracy=base["all"],
        explained=base["explained"], projected=base["projected"], y=data.y,
        class_names=tuple(html.escape(c, quote=False) for c in data.class_names),
    ))


def _pca_fold_scores(data: Columns, n: int, seed: int) -> np.ndarray:
    """Each fold's accuracy of ``pca_model(n)``: what cross_val_score of it gives."""
    scores = []
    with one_thread(), trusted_inputs():
        for Z_train, Z_test, y_train, y_test in _projected_folds(data, seed):
            if n > Z_train.shape[1]:  # a learner's table wider than a fold's rows: PCA(n) refuses
                raise ValueError(f"n_components={n} must be between 0 and min(n_samples, n_features)="
                                 f"{Z_train.shape[1]} with svd_solver='full'")
            train, test = (np.ascontiguousarray(Z[:, :n]) for Z in (Z_train, Z_test))
            scores.append(accuracy(lean_logistic().fit(train, y_train), test, y_test))
    return np.array(scores)


@lru_cache(maxsize=16)
def _scaled_folds(data: Columns, seed: int) -> tuple:
    """Each fold's training and test rows, scaled by a StandardScaler fitted on the
    training rows: the pipeline's first step, which no later step changes."""
    out = []
    for train, test in folds(seed, PCA_FOLDS).split(data.X, data.y):
        scaler = StandardScaler().fit(data.X[train])
        out.append((scaler.transform(data.X[train]), scaler.transform(data.X[test]),
                    data.y[train], data.y[test]))
    return readonly(tuple(out))


# PCA(n, svd_solver="full") computes the whole decomposition and keeps its first n
# components, so the first n columns of every component's projection are PCA(n)'s
# features: one decomposition per fold serves every number of components (the tests
# check the scores against cross_val_score of each pipeline).
@lru_cache(maxsize=16)
def _projected_folds(data: Columns, seed: int) -> tuple:
    """Each fold's scaled rows on all of the components of its training rows."""
    out = []
    with one_thread(), trusted_inputs():
        for X_train, X_test, y_train, y_test in _scaled_folds(data, seed):
            full = PCA(svd_solver="full").fit(X_train)
            out.append((full.transform(X_train), full.transform(X_test), y_train, y_test))
    return readonly(tuple(out))


@lru_cache(maxsize=16)
def _pca_base(data: Columns, seed: int) -> dict:
    _report(0.1, "Cross-validating the pipeline at every number of components…")
    n_features = data.X.shape[1]
    grid = [n for n in PCA_GRID if n < n_features] + [n_features]
    scores = {n: _pca_fold_scores(data, n, seed) for n in grid}
    with one_thread(), trusted_inputs():
        all_scores = [accuracy(lean_logistic().fit(X_tr, y_tr), X_te, y_te) for X_tr, X_te, y_tr, y_te in
                      _scaled_folds(data, seed)]
        scaled = StandardScaler().fit_transform(data.X)
        full = PCA(svd_solver="full").fit(scaled)
    explained = np.cumsum(full.explained_variance_ratio_)
    # Rounding can leave the last share a hair above 1; it is all of the variance.
    explained = np.minimum(explained, 1.0)
    return readonly({
        "grid": np.array(grid), "scores": scores,
        "curve": np.array([scores[n].mean() for n in grid]),
        "curve_sd": np.array([scores[n].std() for n in grid]),
        "all": float(np.mean(all_scores)), "explained": explained[:n_features],
        "projected": full.transform(scaled)[:, :2].copy(),
    })


def pca_code(data_lines: str, n: int, n_features: int, seed: int) -> str:
    return f'''\
{data_lines}

from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

# PCA as extraction: {n} new features, each a weighted mix of all {n_features}, fitted inside
# every fold on that fold's training rows only.
model = make_pipeline(StandardScaler(), PCA(n_components={n}, svd_solver="full"),
                      LogisticRegression(max_iter={MAX_ITER}))
print(model)
cv = StratifiedKFold({PCA_FOLDS}, shuffle=True, random_state={seed})
scores = cross_val_score(model, X, y, cv=cv)
print("accuracy in each fold:", scores.round(3))

every = make_pipeline(StandardScaler(), LogisticRegression(max_iter={MAX_ITER}))
print(f"with {n} components: {{scores.mean():.3f}}   with all {n_features} features: "
      f"{{cross_val_score(every, X, y, cv=cv).mean():.3f}}")
shares = make_pipeline(StandardScaler(), PCA(svd_solver="full")).fit(X)[-1].explained_variance_ratio_
print(f"the first {n} components hold {{shares[:{n}].sum():.1%}} of the variance")
value = scores.mean()  # the page's headline
'''
