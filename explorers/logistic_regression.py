"""Logistic regression: a straight line, a sigmoid, and a threshold
==================================================================

Logistic regression scores every point with a straight-line formula,
``z = w₁·x₁ + w₂·x₂ + b``, and squashes the score into a probability with the sigmoid,
``P(class 1) = 1 / (1 + e^(−z))``. A score of 0 is a probability of one half, so the
model's 0.5 boundary is the straight line ``w·x + b = 0``; the weights ``w`` set its
direction and how steeply the probability climbs across it.

Fitting minimises the log-loss (the average of ``−log`` of the probability given to each
point's true class) plus a penalty ``‖w‖² / (2C)``. A small ``C`` penalises large weights
hard: the probability climbs slowly and the shading spreads wide. A large ``C`` lets the
weights grow until the climb is nearly a step, and on data a line separates cleanly the
weights would grow without end if nothing held them back.

The model only gives probabilities; turning them into classes is a separate decision.
Predicting class 1 wherever ``P ≥ t`` moves the boundary to the parallel line
``w·x + b = log(t / (1 − t))``, trading missed positives against false alarms; the
probabilities, and so the log-loss, do not change. With three classes the model either
scores every class at once and normalises with the softmax (multinomial), or fits one
"this class against the rest" model per class (one-vs-rest), each with its own line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from scipy.special import expit, softmax

from datasets.readonly import readonly
from datasets.tables import Labelled
from explorers._classify import (GRID, MULTI_CLASS, SCORES_CODE, TWO_CLASS, PlaneParams, Scores, Split,
    data_code, on_table, scores_of, split)
from explorers._contract import choice, knob, literal, log_knob
from explorers._threads import one_thread

NOTICE = (
    "The 0.5 boundary is a straight line, and the shading is the sigmoid laid across it: "
    "turn C down and the weights shrink, so the probability climbs slowly and the shaded "
    "band widens. Move the threshold and the line slides parallel to itself, trading "
    "missed positives for false alarms in the confusion matrix while the log-loss stays put."
)
MISREADING = (
    "\"A probability of 0.5 is where the model must draw the line.\" The model only gives "
    "probabilities; the 0.5 cut-off is a default, and on imbalanced data or when one "
    "mistake costs more than the other a different threshold is often the better decision. "
    "And accuracy hides what C does: shrinking the weights can leave the line nearly where "
    "it was while every probability drifts towards one half, which only the log-loss sees."
)
HEADLINE = "test_accuracy"

STRATEGIES = ("softmax", "one-vs-rest")
# Values of C for the curves against C: every decade of the slider's range. The page's own
# model is fitted on its own (and cached), so the slider's 2s and 5s are exact too.
C_KNOB = log_knob(1.0, lo=0.001, hi=1000.0, label="Regularisation C",
                  help="Inverse strength of the L2 penalty ‖w‖² / (2C): small C, small weights "
                       "and a gentle slope; large C, weights free to grow (nearly no penalty).")
SWEEP_C = np.array([c for c in C_KNOB.metadata["knob"].options if f"{c:e}".startswith("1.")])


@dataclass(frozen=True)
class Params(PlaneParams):
    C: float = C_KNOB
    threshold: float = knob(0.5, lo=0.05, hi=0.95, step=0.05, label="Decision threshold t",
                            when=("data", TWO_CLASS),
                            help="Two classes: predict class 1 where P(class 1) ≥ t. It moves "
                                 "the boundary, not the probabilities. (Three classes: the most "
                                 "probable class wins, so t is not used.)")
    multiclass: str = choice("softmax", options=STRATEGIES, label="Three classes",
                             when=("data", MULTI_CLASS),
                             help="Softmax (multinomial): one model scores every class and the "
                                  "softmax turns the scores into probabilities. One-vs-rest: one "
                                  "two-class model per class, each with its own line. With two "
                                  "classes both are the same model.")


@dataclass(frozen=True)
class Result:
    split: Split
    scores: Scores  # at the threshold (two classes) or the most probable class (three)
    strategy: str  # "two classes", "softmax" or "one-vs-rest"
    C: float
    threshold: float  # the slider's t; used only when binary
    binary: bool
    train_accuracy: float
    test_accuracy: float
    train_log_loss: float
    test_log_loss: float
    precision: float  # test, of class 1 at the threshold (three classes: macro average)
    recall: float
    coef: np.ndarray  # (lines, 2) one line per row: the binary model, or each class's score
    intercept: np.ndarray  # (lines,)
    train_z: np.ndarray  # (n_train,) the score w·x + b of each training point (binary; else empty)
    grid_p1: np.ndarray  # (GRID, GRID) P(class 1) over the grid (binary; else empty)
    sweep_C: np.ndarray  # the C of the curves against C
    sweep_train_loss: np.ndarray
    sweep_test_loss: np.ndarray
    sweep_coef: np.ndarray  # (len(sweep_C), lines, 2)

    @property
    def weight_norm(self) -> float:
        return float(np.linalg.norm(self.coef))


def logit(t: float) -> float:
    """The score at which the sigmoid reaches t: the threshold line is w·x + b = logit(t)."""
    return float(np.log(t / (1 - t)))


def sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, float)))


def strategy_of(p: Params) -> str:
    return p.multiclass if split(p).n_classes > 2 else "two classes"


def run(p: Params, table: Labelled | None = None) -> Result:
    p = on_table(p, table)  # the learner's table, if any, as the data
    s = split(p)
    strategy = strategy_of(p)
    key = _data_key(p)
    model = _fit(*key, p.C, strategy)
    binary = strategy == "two classes"
    coef, intercept = lines(model)
    P_train, P_test, P_grid = (probabilities(model, X) for X in (s.X_train, s.X_test, s.grid))

    def predict(P):
        # Two classes: class 1 where P(class 1) >= t, as FixedThresholdClassifier does.
        return (P[:, 1] >= p.threshold).astype(int) if binary else P.argmax(axis=1)

    grid_class = predict(P_grid)
    # The shading is the probability of the class predicted there.
    scores = scores_of(s, predict(P_train), predict(P_test), grid_class.reshape(GRID, GRID),
                       P_grid[np.arange(len(P_grid)), grid_class])
    precision, recall = precision_recall(scores.confusion)
    train_z = s.X_train @ coef[0] + intercept[0] if binary else np.empty(0)
    grid_p1 = P_grid[:, 1].reshape(GRID, GRID) if binary else np.empty(0)
    readonly((train_z, grid_p1))
    return Result(
        split=s, scores=scores, strategy=strategy, C=p.C, threshold=p.threshold, binary=binary,
        train_accuracy=scores.train_accuracy, test_accuracy=scores.test_accuracy,
        train_log_loss=log_loss(s.y_train, P_train), test_log_loss=log_loss(s.y_test, P_test),
        precision=precision[1] if binary else float(np.mean(precision)),
        recall=recall[1] if binary else float(np.mean(recall)),
        coef=coef, intercept=intercept, train_z=train_z, grid_p1=grid_p1,
        **_sweep(*key, strategy),
    )


# The page's numbers come from the fitted weights with NumPy: scikit-learn's predict_proba
# and metrics check their inputs on every call, which cost most of a threshold move (~100 ms
# under load). The tests check every number here against scikit-learn's own.

def probabilities(model, X: np.ndarray) -> np.ndarray:
    """``model.predict_proba(X)`` from the weights: the sigmoid of the score (two
    classes), the softmax of the three scores, or one-vs-rest's sigmoids rescaled to sum to 1."""
    coef, intercept = lines(model)
    z = X @ coef.T + intercept
    if isinstance(model, OneVsRestClassifier):
        p = expit(z)
        return p / p.sum(axis=1, keepdims=True)
    if z.shape[1] == 1:
        p1 = expit(z[:, 0])
        return np.column_stack([1 - p1, p1])
    return softmax(z, axis=1)


def log_loss(y: np.ndarray, P: np.ndarray) -> float:
    """The mean of −log(probability of the true class), clipped as scikit-learn's log_loss is."""
    eps = np.finfo(P.dtype).eps
    return float(-np.mean(np.log(np.clip(P[np.arange(len(y)), y], eps, 1 - eps))))


def precision_recall(confusion: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per class, from the confusion matrix (rows true, columns predicted); 0 where undefined."""
    hits = np.diag(confusion).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.nan_to_num(hits / confusion.sum(axis=0))
        recall = np.nan_to_num(hits / confusion.sum(axis=1))
    return precision, recall


def _data_key(p: PlaneParams) -> tuple:
    return p.data, p.noise, p.balance, p.n_points, p.test_share, p.seed


def make_model(C: float, strategy: str):
    if strategy == "one-vs-rest":
        return OneVsRestClassifier(LogisticRegression(C=C))
    return LogisticRegression(C=C)  # multinomial (softmax) for three classes, binomial for two


# Moving the threshold must not refit: the model depends on the data and C only.
@lru_cache(maxsize=64)
def _fit(data, noise, balance, n_points, test_share, seed, C, strategy):
    s = split(PlaneParams(data, noise, balance, n_points, test_share, seed))
    with one_thread("blas"):
        return make_model(C, strategy).fit(s.X_train, s.y_train)


def lines(model) -> tuple[np.ndarray, np.ndarray]:
    """(weights (lines, 2), intercepts (lines,)): one score w·x + b per row."""
    fitted = model.estimators_ if isinstance(model, OneVsRestClassifier) else [model]
    coef = np.vstack([m.coef_ for m in fitted])
    intercept = np.concatenate([m.intercept_ for m in fitted])
    readonly((coef, intercept))
    return coef, intercept


# The curves against C depend on the data and the strategy, not on C or the threshold.
@lru_cache(maxsize=32)
def _sweep(data, noise, balance, n_points, test_share, seed, strategy) -> dict:
    s = split(PlaneParams(data, noise, balance, n_points, test_share, seed))
    train, test, coefs = [], [], []
    for C in SWEEP_C:
        model = _fit(data, noise, balance, n_points, test_share, seed, float(C), strategy)
        train.append(log_loss(s.y_train, probabilities(model, s.X_train)))
        test.append(log_loss(s.y_test, probabilities(model, s.X_test)))
        coefs.append(lines(model)[0])
    sweep = dict(sweep_C=SWEEP_C.copy(), sweep_train_loss=np.array(train),
                 sweep_test_loss=np.array(test), sweep_coef=np.array(coefs))
    readonly(sweep)
    return sweep


def code(p: Params, table: Labelled | None = None) -> str:
    p = on_table(p, table)
    strategy = strategy_of(p)
    C = literal(p.C)
    if strategy == "two classes" and p.threshold != 0.5:
        imports = "from sklearn.model_selection import FixedThresholdClassifier\n"
        model = (f"# Class 1 wherever P(class 1) >= {literal(p.threshold)}, not the default 0.5.\n"
                 f"model = FixedThresholdClassifier(LogisticRegression(C={C}), "
                 f"threshold={literal(p.threshold)}, response_method=\"predict_proba\")")
        fitted = "model.estimator_"
    elif strategy == "one-vs-rest":
        imports = "from sklearn.multiclass import OneVsRestClassifier\n"
        model = f"# One two-class model per class, each against the rest.\nmodel = OneVsRestClassifier(LogisticRegression(C={C}))"
        fitted = None
    else:
        imports = ""
        which = "binomial, two classes" if strategy == "two classes" else "multinomial: softmax over three scores"
        model = f"model = LogisticRegression(C={C})  # {which}"
        fitted = "model"
    if strategy == "two classes":
        lines_code = f'''\
fitted = {fitted}
w, b = fitted.coef_[0], fitted.intercept_[0]
print(f"score z = {{w[0]:.3f}}*x1 {{w[1]:+.3f}}*x2 {{b:+.3f}}   P(class 1) = 1 / (1 + exp(-z))")
t = {literal(p.threshold)}
print(f"boundary: class 1 where z >= log(t / (1 - t)) = {{np.log(t / (1 - t)):.3f}}")'''
    elif strategy == "one-vs-rest":
        lines_code = '''\
for k, fitted in enumerate(model.estimators_):
    w, b = fitted.coef_[0], fitted.intercept_[0]
    print(f"class {k} against the rest: z = {w[0]:.3f}*x1 {w[1]:+.3f}*x2 {b:+.3f}")'''
    else:
        lines_code = '''\
for k, (w, b) in enumerate(zip(model.coef_, model.intercept_)):
    print(f"class {k} score: z = {w[0]:.3f}*x1 {w[1]:+.3f}*x2 {b:+.3f}  (softmax over the scores)")'''
    return f'''\
{data_code(p)}

from sklearn.linear_model import LogisticRegression
{imports}from sklearn.metrics import log_loss

{model}
model.fit(X_train, y_train)

{SCORES_CODE}

# The log-loss scores the probabilities themselves; the threshold does not change it.
print(f"log-loss: train {{log_loss(y_train, model.predict_proba(X_train)):.3f}}   "
      f"test {{log_loss(y_test, model.predict_proba(X_test)):.3f}}")
{lines_code}
'''

