"""Classification metrics & ROC
=============================

A classifier gives each case a score, here its probability of being positive, and a
threshold turns the scores into decisions: positive at or above it, negative below. Four
views of the same test set:

* **Threshold.** The scores of the two classes as histograms, cut by one threshold: the
  four counts of the confusion matrix, precision, recall and F1, the current point on the
  ROC and precision-recall curves, and the cost of the errors when a false positive and a
  false negative cost what the learner says, with the threshold that costs least.
* **Prevalence.** The test set resampled (in expectation, by weighting each case) so that
  positives make up a chosen share of it: the precision-recall curve moves, the ROC curve
  stays exactly where it was, since its two rates are each counted within one class.
* **Averages.** Three digits, one of them made rare: per-class precision, recall and F1,
  and their macro, weighted and micro averages.
* **Calibration.** Whether a score of 0.8 is right 80% of the time: the calibration curves
  of logistic regression and naive Bayes (and of the forest when it is chosen), and the chosen
  model recalibrated by ``CalibratedClassifierCV``.

Models are fitted once per data and model setting; a threshold, cost or prevalence move
only counts again. Every number is scikit-learn's (``tests/explorers/test_metrics.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import (average_precision_score, brier_score_loss, log_loss,
                             precision_recall_curve, precision_recall_fscore_support, roc_auc_score,
                             roc_curve)

from datasets.readonly import readonly
from datasets.tables import Labelled
from explorers._contract import choice, knob
from explorers._metrics_code import code as _code
from explorers._scored import (MODELS, TASKS, THRESHOLDS, Fitted, Scored, Source, compared, counts, fit, ratio,
                               scored, table_source, task_source, three_source)

NOTICE = (
    "One threshold turns scores into decisions: slide it and the confusion matrix, precision, recall, the "
    "point on each curve and the cost all move together, while the curves stay put. Rarer positives sink "
    "the precision-recall curve and leave the ROC curve exactly where it was."
)
MISREADING = (
    "\"96% accurate, so the model is good\": when about one digit in ten is an 8, a model that never "
    "says 8 is already 90% accurate, and this one still misses nearly a third of the 8s at the default "
    "threshold. And \"a high ROC AUC means trustworthy alarms\": the ROC curve ignores how rare the "
    "positives are, and precision does not."
)
HEADLINE = "value"

VIEWS = ("threshold", "prevalence", "averages", "calibration")
TWO_CLASS_VIEWS = ("threshold", "prevalence", "calibration")
WHAT = {  # each view's headline number, as the page and the code name it
    "threshold": "F1 at the threshold",
    "prevalence": "average precision at this prevalence",
    "averages": "macro-averaged F1",
    "calibration": "Brier score of the chosen model",
}
CALIBRATIONS = ("none", "sigmoid", "isotonic")
BINS = 50  # histogram bins of the scores: 0.02 wide
SWEEP = np.round(np.arange(2, 100, 2) / 100, 2)  # prevalences the summary chart is drawn at
readonly(SWEEP)


@dataclass(frozen=True)
class Params:
    HIDE_INACTIVE = True  # the page hides the other views' controls (ui/controls.py)

    view: str = choice(
        "threshold", options=VIEWS, label="View",
        help="Threshold: one cut through the scores and every number it sets. Prevalence: the same "
             "model on a test set with more or fewer positives. Averages: three classes, one rare, and "
             "how their scores are averaged. Calibration: whether a score of 0.8 is right 80% of the time.",
    )
    data: str = choice(
        "digits: 8 or not", options=tuple(TASKS), label="Data", when=("view", TWO_CLASS_VIEWS),
        help="Two-class tasks: " + "; ".join(f"{name}: {t.about}" for name, t in TASKS.items())
             + ". Or bring your own CSV table (below the controls): its rarest class is the positive one.",
    )
    model: str = choice(
        "logistic regression", options=MODELS, label="Model",
        help="Each is a pipeline: a StandardScaler, then logistic regression, Gaussian naive Bayes, or a "
             "random forest of 100 trees. Their scores are predict_proba's probability of the positive class.",
    )
    threshold: float = knob(
        0.5, lo=0.01, hi=0.99, step=0.01, label="Threshold", when=("view", ("threshold", "prevalence")),
        help="A case is predicted positive when its score is at or above this.",
    )
    cost_fp: int = knob(
        1, lo=1, hi=20, label="Cost of a false positive", when=("view", ("threshold",)),
        help="What one false alarm costs (a negative case predicted positive), in any unit.",
    )
    cost_fn: int = knob(
        5, lo=1, hi=20, label="Cost of a false negative", when=("view", ("threshold",)),
        help="What one miss costs (a positive case predicted negative), in the same unit.",
    )
    prevalence: float = knob(
        0.5, lo=0.01, hi=0.99, step=0.01, label="Share of positives in the test set",
        when=("view", ("prevalence",)),
        help="The test set resampled so that positives make up this share of it: each positive counts "
             "for share × n / positives cases, each negative for (1 − share) × n / negatives.",
    )
    rare_share: float = knob(
        0.1, lo=0.05, hi=1.0, step=0.05, label="Share of the 8s kept", when=("view", ("averages",)),
        help="The averages view classifies the digits 3, 5 and 8; only this share of the 8s is kept, "
             "drawn at random with the seed, so the 8s become a rare class.",
    )
    calibration: str = choice(
        "sigmoid", options=CALIBRATIONS, label="Recalibrate with", when=("view", ("calibration",)),
        help="CalibratedClassifierCV around the chosen model, fitted in 5 folds of the training set: a "
             "sigmoid (Platt scaling) or an isotonic (stepwise increasing) map from score to probability.",
    )
    bins: int = knob(
        10, lo=3, hi=20, label="Bins", when=("view", ("calibration",)),
        help="calibration_curve's bins of equal width: the share of positives in each against its mean score.",
    )
    test_share: float = knob(0.3, lo=0.2, hi=0.5, step=0.05, label="Test share",
                             help="Share of the cases held out, stratified, to measure everything on.")
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seed of the split, the random forest, and the 8s kept in the averages view.")


# ---- the threshold view ----

@dataclass(frozen=True)
class Threshold:
    s: Scored
    threshold: float
    tn: int
    fp: int
    fn: int
    tp: int
    precision: float  # 0 where nothing is predicted positive (scikit-learn's zero_division=0)
    recall: float
    f1: float
    accuracy: float
    fpr: float
    cost_fp: int
    cost_fn: int
    cost: float  # cost_fp × FP + cost_fn × FN on the test set
    costs: np.ndarray  # the same at each of THRESHOLDS
    best: float  # the threshold of THRESHOLDS that costs least (the lowest, if several tie)
    best_cost: float
    ties: np.ndarray  # every threshold of THRESHOLDS that costs that least
    best_fpr: float  # where the least-cost threshold sits on the ROC curve
    best_tpr: float
    edges: np.ndarray  # (BINS + 1,) histogram edges over [0, 1]
    hist: np.ndarray  # (2 classes, 2 sides: below, at or above, BINS) counts of test cases

    @property
    def nothing_predicted(self) -> bool:
        return self.tp + self.fp == 0

    @property
    def cell_counts(self) -> np.ndarray:
        """The confusion matrix, rows true (negative, positive), columns predicted."""
        return np.array([[self.tn, self.fp], [self.fn, self.tp]])


def threshold_view(s: Scored, t: float, cost_fp: int, cost_fn: int) -> Threshold:
    tn, fp, fn, tp = (int(c) for c in counts(s, t))
    precision, recall = float(ratio(tp, tp + fp)), float(ratio(tp, tp + fn))
    _, grid_fp, grid_fn, _ = counts(s, THRESHOLDS)
    costs = (cost_fp * grid_fp + cost_fn * grid_fn).astype(float)
    best = int(np.argmin(costs))
    best_tn, best_fp, best_fn, best_tp = counts(s, THRESHOLDS[best])
    edges, hist = _histograms(s, t)
    return readonly(Threshold(
        s=s, threshold=t, tn=tn, fp=fp, fn=fn, tp=tp, precision=precision, recall=recall,
        f1=float(ratio(2 * precision * recall, precision + recall)), accuracy=(tp + tn) / len(s.y),
        fpr=float(ratio(fp, fp + tn)), cost_fp=cost_fp, cost_fn=cost_fn,
        cost=float(cost_fp * fp + cost_fn * fn), costs=costs, best=float(THRESHOLDS[best]),
        best_cost=float(costs[best]), ties=THRESHOLDS[costs == costs[best]],
        best_fpr=float(ratio(best_fp, best_fp + best_tn)), best_tpr=float(ratio(best_tp, best_tp + best_fn)),
        edges=edges, hist=hist))


def _histograms(s: Scored, t: float):
    """Counts per bin of each class's scores, below the threshold and at or above it.

    Split by the same ``score >= t`` that counts the confusion matrix, so the bars on each
    side of the line add up to its cells exactly, even for a bin the line cuts through."""
    edges = np.linspace(0.0, 1.0, BINS + 1)
    hist = np.empty((2, 2, BINS))
    for c in (0, 1):
        scores = s.scores[s.y == c]
        for side, part in enumerate((scores[scores < t], scores[scores >= t])):
            hist[c, side] = np.histogram(part, bins=edges)[0]
    return edges, hist


# ---- the prevalence view ----

@dataclass(frozen=True)
class Prevalence:
    s: Scored
    threshold: float
    prevalence: float  # the chosen share of positives
    base: float  # the test set's own share
    weights: np.ndarray  # (n,) what each test case counts for in the resampled set
    roc_fpr: np.ndarray  # the ROC curve of the resampled set (scikit-learn, with the weights)
    roc_tpr: np.ndarray
    pr_precision: np.ndarray  # its precision-recall curve
    pr_recall: np.ndarray
    auc: float
    ap: float
    precision: float  # at the threshold, on the resampled set (0 if nothing is predicted positive)
    recall: float
    fpr: float
    nothing_predicted: bool
    precision_as_is: float  # at the threshold, on the test set as it is
    sweep_auc: np.ndarray  # at each of SWEEP's prevalences
    sweep_ap: np.ndarray
    sweep_precision: np.ndarray  # at the threshold


def weights(y: np.ndarray, prevalence: float) -> np.ndarray:
    """Each case's weight in a test set of the same size with ``prevalence`` positives."""
    n, positives = len(y), int(y.sum())
    return np.where(y == 1, prevalence * n / positives, (1 - prevalence) * n / (n - positives))


def prevalence_view(s: Scored, t: float, prevalence: float) -> Prevalence:
    w = weights(s.y, prevalence)
    fpr, tpr, _ = roc_curve(s.y, s.scores, sample_weight=w, drop_intermediate=False)
    precision, recall, _ = precision_recall_curve(s.y, s.scores, sample_weight=w)
    tn, fp, fn, tp = counts(s, t)
    sweep_auc, sweep_ap = _sweep(s)
    # Every positive weighs the same, and every negative: precision at the threshold is
    # the weighted share, at any prevalence (checked against precision_score's weights).
    pos, neg = SWEEP * len(s.y) / len(s.positives), (1 - SWEEP) * len(s.y) / len(s.negatives)
    w_pos, w_neg = prevalence * len(s.y) / len(s.positives), (1 - prevalence) * len(s.y) / len(s.negatives)
    return readonly(Prevalence(
        s=s, threshold=t, prevalence=prevalence, base=float(s.y.mean()), weights=w,
        roc_fpr=fpr, roc_tpr=tpr, pr_precision=precision, pr_recall=recall,
        auc=float(roc_auc_score(s.y, s.scores, sample_weight=w)),
        ap=float(average_precision_score(s.y, s.scores, sample_weight=w)),
        precision=float(ratio(tp * w_pos, tp * w_pos + fp * w_neg)), recall=float(ratio(tp, tp + fn)),
        fpr=float(ratio(fp, fp + tn)), nothing_predicted=bool(tp + fp == 0),
        precision_as_is=float(ratio(tp, tp + fp)), sweep_auc=sweep_auc, sweep_ap=sweep_ap,
        sweep_precision=ratio(tp * pos, tp * pos + fp * neg)))


@lru_cache(maxsize=32)
def _sweep(s: Scored):
    """ROC AUC and average precision at every prevalence of SWEEP at once: the counts above
    each distinct score, weighted as the resampled set weighs them, then the areas the way
    scikit-learn's ``roc_auc_score`` (trapezoids) and ``average_precision_score`` (steps)
    take them. 49 calls of those cost ~150 ms, most of opening the view; the tests compare
    every value with theirs."""
    order = np.argsort(-s.scores, kind="mergesort")
    scores, y = s.scores[order], s.y[order]
    last = np.r_[np.flatnonzero(np.diff(scores)), len(y) - 1]  # the last case at each distinct score
    tps = np.cumsum(y)[last].astype(float)
    fps = (last + 1) - tps
    w_pos = SWEEP[:, None] * len(y) / len(s.positives)  # (shares, 1): a positive's weight
    w_neg = (1 - SWEEP[:, None]) * len(y) / len(s.negatives)
    tp, fp = tps * w_pos, fps * w_neg  # (shares, distinct scores), weighted
    tpr = np.hstack([np.zeros((len(SWEEP), 1)), tp / tp[:, -1:]])
    fpr = np.hstack([np.zeros((len(SWEEP), 1)), fp / fp[:, -1:]])
    auc = np.trapezoid(tpr, fpr, axis=1)
    precision = tp / (tp + fp)
    ap = np.sum(np.diff(tpr, axis=1) * precision, axis=1)  # recall is the true positive rate
    return readonly((auc, ap))


# ---- the averages view ----

AVERAGES = ("macro", "weighted", "micro")


@dataclass(frozen=True)
class Averages:
    fitted: Fitted
    confusion: np.ndarray  # (k, k) rows true, columns predicted
    precision: np.ndarray  # (k,) per class
    recall: np.ndarray
    f1: np.ndarray
    support: np.ndarray  # (k,) test cases of each class
    averaged: np.ndarray  # (3 averages: macro, weighted, micro; 3: precision, recall, F1)
    accuracy: float


def averages_view(fitted: Fitted) -> Averages:
    y, predicted, k = fitted.y, fitted.predicted, len(fitted.source.class_names)
    labels = np.arange(k)
    per_class = precision_recall_fscore_support(y, predicted, labels=labels, zero_division=0)
    averaged = np.array([precision_recall_fscore_support(y, predicted, labels=labels, average=a,
                                                         zero_division=0)[:3] for a in AVERAGES], float)
    confusion = np.bincount(y * k + predicted, minlength=k * k).reshape(k, k)
    return readonly(Averages(fitted, confusion, *(np.asarray(a, float) for a in per_class[:3]),
                             np.asarray(per_class[3]), averaged, float(np.mean(y == predicted))))


# ---- the calibration view ----

@dataclass(frozen=True)
class Curve:
    name: str
    prob_true: np.ndarray  # calibration_curve's share of positives in each non-empty bin
    prob_pred: np.ndarray  # and the mean score there
    brier: float
    log_loss: float
    auc: float
    hist: np.ndarray  # (bins,) test cases per bin of score


@dataclass(frozen=True)
class Calibration:
    bins: int
    model: str  # the one recalibrated
    method: str
    raw: tuple[Curve, ...]  # the models compared (``_scored.compared``), as fitted
    calibrated: Curve | None  # the chosen model through CalibratedClassifierCV (None: "none")
    edges: np.ndarray  # (bins + 1,)
    base: float  # share of positives in the test set
    recalibrated: Fitted | None  # the CalibratedClassifierCV, fitted (None: "none")

    @property
    def fitted_curve(self) -> Curve:
        """The chosen model's curve as fitted."""
        return next(c for c in self.raw if c.name == self.model)

    @property
    def chosen(self) -> Curve:
        """The curve the page's headline is about: the recalibrated model, else the raw one."""
        return self.calibrated or self.fitted_curve


def curve(name: str, s: Scored, bins: int) -> Curve:
    prob_true, prob_pred = calibration_curve(s.y, s.scores, n_bins=bins)
    hist = np.histogram(s.scores, bins=np.linspace(0, 1, bins + 1))[0]
    return Curve(name, prob_true, prob_pred, float(brier_score_loss(s.y, s.scores)),
                 float(log_loss(s.y, s.scores, labels=[0, 1])), s.auc, hist)


def calibration_view(source: Source, p: Params) -> Calibration:
    raw = tuple(curve(m, scored(source, m, p.test_share, p.seed), p.bins) for m in compared(p.model))
    calibrated = recalibrated = None
    if p.calibration != "none":
        recalibrated = scored(source, p.model, p.test_share, p.seed, p.calibration)
        calibrated = curve(f"{p.model}, {p.calibration}", recalibrated, p.bins)
    first = scored(source, MODELS[0], p.test_share, p.seed)
    return readonly(Calibration(p.bins, p.model, p.calibration, raw, calibrated,
                                np.linspace(0, 1, p.bins + 1), float(first.y.mean()),
                                recalibrated and recalibrated.fitted))


# ---- the page's run ----

@dataclass(frozen=True)
class Result:
    view: str
    value: float  # the view's headline number (WHAT[view] says which)
    source: Source
    threshold: Threshold | None = None
    prevalence: Prevalence | None = None
    averages: Averages | None = None
    calibration: Calibration | None = None


def source_of(p: Params, table: Labelled | None = None) -> Source:
    """The data a view uses: the learner's table (every class for the averages view, else
    its rarest class against the rest), the three digits, or a two-class task."""
    if table is not None:
        return table_source(table, binary=p.view != "averages")
    return three_source(p.rare_share, p.seed) if p.view == "averages" else task_source(p.data)


def run(p: Params, table: Labelled | None = None) -> Result:
    source = source_of(p, table)
    if p.view == "averages":
        a = averages_view(fit(source, p.model, p.test_share, p.seed))
        return Result(p.view, float(a.averaged[0, 2]), source, averages=a)
    if p.view == "calibration":
        c = calibration_view(source, p)
        return Result(p.view, c.chosen.brier, source, calibration=c)
    s = scored(source, p.model, p.test_share, p.seed)
    if p.view == "prevalence":
        v = prevalence_view(s, p.threshold, p.prevalence)
        return Result(p.view, v.ap, source, prevalence=v)
    t = threshold_view(s, p.threshold, p.cost_fp, p.cost_fn)
    return Result(p.view, t.f1, source, threshold=t)


def cell(r: Result, true: int, predicted: int, limit: int = 24) -> np.ndarray:
    """The test cases in one cell of the confusion matrix (indices into the test set), the
    most confident first: by the probability of the class they were predicted."""
    if r.averages is not None:
        fitted = r.averages.fitted
        chosen = np.flatnonzero((fitted.y == true) & (fitted.predicted == predicted))
        confidence = fitted.proba[chosen, predicted]
    else:
        s, t = r.threshold.s, r.threshold.threshold
        chosen = np.flatnonzero((s.y == true) & ((s.scores >= t) == bool(predicted)))
        confidence = s.scores[chosen] if predicted else 1 - s.scores[chosen]
    return chosen[np.argsort(-confidence, kind="stable")][:limit]


def code(p: Params, table: Labelled | None = None) -> str:
    """Runnable scikit-learn for this state (``explorers/_metrics_code.py``)."""
    return _code(p, table)


def worst_mixup(confusion: np.ndarray) -> int:
    """The cell (index row by row) off the diagonal with the most cases: the commonest mistake."""
    off = np.where(np.eye(len(confusion), dtype=bool), -1, confusion)
    return int(np.argmax(off))


def cases_table(r: Result, chosen: np.ndarray):
    """The test cases ``chosen`` as a table for a data set without images: the probability of
    the class predicted, then every feature (names as the file wrote them)."""
    import html

    import pandas as pd

    if r.averages is not None:
        fitted = r.averages.fitted
        confidence = fitted.proba[chosen, fitted.predicted[chosen]]
    else:
        fitted, t = r.threshold.s.fitted, r.threshold.threshold
        scores = fitted.proba[chosen, 1]
        confidence = np.where(scores >= t, scores, 1 - scores)
    names = [html.unescape(n) for n in r.source.feature_names]
    table = pd.DataFrame(r.source.X[fitted.test[chosen]], columns=names).round(4)
    table.insert(0, "P(predicted class)", np.round(confidence, 3))
    return table
