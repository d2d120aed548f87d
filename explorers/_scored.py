"""The metrics page's data and models: a test set scored once per data and model setting.

Everything the page measures is read from a model's scores on the test set, so the model
is fitted once per data, model, split and seed (memoised here), and moving the threshold,
the costs or the prevalence only counts again. Every model is a scikit-learn ``Pipeline``
(a scaler, then the classifier), so the code panel prints the same pipeline.

Three two-class tasks ship (two on the digits, whose test cases can be shown as images,
and the breast-cancer table); the averages view uses three digits, with the share of the
8s kept as its knob. A learner's table (``datasets.tables.Labelled``) takes their place:
for a two-class view its rarest class is the positive one, against all the others.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve
from sklearn.model_selection import train_test_split

from datasets.readonly import readonly
from datasets.tables import Labelled
from explorers._threads import one_thread


@dataclass(frozen=True)
class Task:
    """A two-class task built from a data set that ships with scikit-learn."""

    loader: str  # the sklearn.datasets function
    positive: int  # the target value that is the positive class
    positive_name: str
    negative_name: str
    about: str
    keep: tuple[int, ...] = ()  # only these targets (empty: all of them)


TASKS = {
    "digits: 8 or not": Task("load_digits", 8, "8", "not 8",
                             "1,797 handwritten digits, 8×8 pixels; about one in ten is an 8"),
    "digits: 3 or 8": Task("load_digits", 8, "8", "3", "the 357 handwritten 3s and 8s, a near-even task",
                           keep=(3, 8)),
    "breast cancer": Task("load_breast_cancer", 0, "malignant", "benign",
                          "569 tumours, 30 cell-nucleus measurements; 37% malignant"),
}
THREE = (3, 5, 8)  # the averages view's digits; the last is the one made rare
MODELS = ("logistic regression", "naive Bayes", "random forest")
COMPARED = MODELS[:2]  # the calibration view's curves always (the forest's too when it is chosen)


def compared(model: str) -> tuple[str, ...]:
    """The models whose calibration curves the page draws: logistic regression against naive
    Bayes, and the chosen model if it is neither (a forest's 0.3 s fit only when asked for)."""
    return COMPARED + ((model,) if model not in COMPARED else ())
TREES = 100  # the forest's trees: its probabilities are multiples of 1/100
FOLDS = 5  # CalibratedClassifierCV's cross-validation


@dataclass(frozen=True, eq=False)
class Source:
    """A data set as the page uses it: features, classes and how to show a case."""

    X: np.ndarray  # (n, features)
    y: np.ndarray  # (n,) class index into class_names (two-class: 1 is the positive class)
    class_names: tuple[str, ...]  # for Plotly (a table's names escaped)
    feature_names: tuple[str, ...]
    images: np.ndarray | None  # (n, 8, 8) for the digits, else None
    about: str
    table: Labelled | None = None


def _bunch(loader: str):
    import sklearn.datasets

    return getattr(sklearn.datasets, loader)()


@lru_cache(maxsize=8)
def task_source(name: str) -> Source:
    task = TASKS[name]
    data = _bunch(task.loader)
    X, target = np.asarray(data.data, float), np.asarray(data.target)
    rows = np.isin(target, task.keep) if task.keep else np.ones(len(target), bool)
    images = np.asarray(data.images, float)[rows] if hasattr(data, "images") else None
    y = (target[rows] == task.positive).astype(int)
    return readonly(Source(X[rows], y, (task.negative_name, task.positive_name),
                           tuple(map(str, data.feature_names)), images, task.about))


@lru_cache(maxsize=8)
def three_source(rare_share: float, seed: int) -> Source:
    """The 3s, 5s and 8s of the digits, with only ``rare_share`` of the 8s kept (drawn with
    ``seed``, as ``code`` writes it out)."""
    data = _bunch("load_digits")
    keep = np.isin(data.target, THREE)
    X, y, images = np.asarray(data.data, float)[keep], data.target[keep], data.images[keep]
    rare = np.flatnonzero(y == THREE[-1])
    dropped = np.random.default_rng(seed).choice(rare, size=len(rare) - round(rare_share * len(rare)),
                                                 replace=False)
    X, y, images = (np.delete(a, dropped, axis=0) for a in (X, y, images))
    y = np.searchsorted(THREE, y)  # 0, 1, 2
    about = f"the digits 3, 5 and 8, with {rare_share:.0%} of the 8s kept"
    return readonly(Source(X, y, tuple(map(str, THREE)), tuple(map(str, data.feature_names)),
                           np.asarray(images, float), about))


def rarest(table: Labelled) -> int:
    """The class a two-class view calls positive: the rarest (the last of those tied)."""
    counts = np.bincount(table.y, minlength=len(table.class_names))
    return int(np.flatnonzero(counts == counts.min())[-1])


def _escaped(names) -> tuple[str, ...]:
    return tuple(html.escape(n, quote=False) for n in names)


@lru_cache(maxsize=8)
def table_source(table: Labelled, binary: bool) -> Source:
    """The learner's points: every class, or (``binary``) the rarest against the rest."""
    names = _escaped(table.class_names)
    if binary:
        positive = rarest(table)
        y = (table.y == positive).astype(int)
        names = (f"not {names[positive]}", names[positive])
    else:
        y = table.y
    return readonly(Source(table.X, y, names, _escaped(table.feature_names), None,
                           "your table", table))


def make_model(name: str, seed: int):
    """The pipeline for a model name: a scaler, then the classifier."""
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if name == "logistic regression":
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(max_iter=1000)
    elif name == "naive Bayes":
        from sklearn.naive_bayes import GaussianNB

        model = GaussianNB()
    else:
        from sklearn.ensemble import RandomForestClassifier

        model = RandomForestClassifier(n_estimators=TREES, random_state=seed)
    return make_pipeline(StandardScaler(), model)


def split(source: Source, test_share: float, seed: int):
    """Train and test row indices, stratified and seeded; a plain message if a class would
    be missing from either part."""
    n, k = len(source.y), len(source.class_names)
    counts = np.bincount(source.y, minlength=k)
    n_test = int(np.ceil(test_share * n))
    if min(n_test, n - n_test) < k or counts.min() < 2:
        raise ValueError(f"With {n} rows and a test share of {test_share:.0%}, some class would be "
                         "missing from the training or the test part: raise the test share or use more rows.")
    return train_test_split(np.arange(n), test_size=test_share, stratify=source.y, random_state=seed)


@dataclass(frozen=True, eq=False)
class Fitted:
    """A model fitted on the training part, and its probabilities on the test part."""

    source: Source
    test: np.ndarray  # (n_test,) row indices of the test cases in the source
    y: np.ndarray  # (n_test,) their classes
    proba: np.ndarray  # (n_test, classes) predict_proba
    predicted: np.ndarray  # (n_test,) predict
    model: object  # the fitted pipeline


def fit(source: Source, model: str, test_share: float, seed: int, calibration: str = "none") -> Fitted:
    return _fit(source, model, test_share, seed, calibration)


@lru_cache(maxsize=48)
def _fit(source: Source, model: str, test_share: float, seed: int, calibration: str) -> Fitted:
    train, test = split(source, test_share, seed)
    estimator = make_model(model, seed)
    if calibration != "none":
        from sklearn.calibration import CalibratedClassifierCV

        estimator = CalibratedClassifierCV(estimator, method=calibration, cv=FOLDS)
    with one_thread():
        estimator.fit(source.X[train], source.y[train])
        proba = estimator.predict_proba(source.X[test])
        predicted = estimator.predict(source.X[test])
    return readonly(Fitted(source, test, source.y[test], proba, predicted, estimator))


# ---- two classes: a score per case, counted at a threshold ----

THRESHOLDS = np.round(np.arange(1, 100) / 100, 2)  # the threshold slider's values
readonly(THRESHOLDS)


@dataclass(frozen=True, eq=False)
class Scored:
    """The positive class's probability on every test case, and what does not depend on
    the threshold: the ROC and precision-recall curves and their areas."""

    fitted: Fitted
    y: np.ndarray  # (n,) 1 for a positive case
    scores: np.ndarray  # (n,) P(positive)
    positives: np.ndarray  # the positives' scores, sorted
    negatives: np.ndarray  # the negatives' scores, sorted
    roc_fpr: np.ndarray
    roc_tpr: np.ndarray
    pr_precision: np.ndarray
    pr_recall: np.ndarray
    auc: float
    ap: float


@lru_cache(maxsize=48)
def scored(source: Source, model: str, test_share: float, seed: int, calibration: str = "none") -> Scored:
    fitted = fit(source, model, test_share, seed, calibration)
    y, scores = fitted.y, fitted.proba[:, 1]
    fpr, tpr, _ = roc_curve(y, scores, drop_intermediate=False)  # every point: compared across weights
    precision, recall, _ = precision_recall_curve(y, scores)
    return readonly(Scored(fitted, y, scores, np.sort(scores[y == 1]), np.sort(scores[y == 0]),
                           fpr, tpr, precision, recall, float(roc_auc_score(y, scores)),
                           float(average_precision_score(y, scores))))


def at_or_above(sorted_scores: np.ndarray, threshold) -> np.ndarray | int:
    """How many of the sorted scores are at or above ``threshold`` (a number or an array):
    the cases predicted positive, as ``scores >= threshold`` decides (and as scikit-learn's
    ``FixedThresholdClassifier`` and ``roc_curve`` do)."""
    return len(sorted_scores) - np.searchsorted(sorted_scores, threshold, side="left")


def counts(s: Scored, threshold) -> tuple:
    """(tn, fp, fn, tp) at ``threshold`` (a number, or an array of thresholds)."""
    tp = at_or_above(s.positives, threshold)
    fp = at_or_above(s.negatives, threshold)
    return len(s.negatives) - fp, fp, len(s.positives) - tp, tp


def ratio(top, bottom):
    """top / bottom, 0 where bottom is 0: scikit-learn's ``zero_division=0``."""
    top, bottom = np.asarray(top, float), np.asarray(bottom, float)
    return np.divide(top, bottom, out=np.zeros(np.broadcast(top, bottom).shape), where=bottom != 0)
