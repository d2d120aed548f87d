"""The metrics page's code panel: runnable scikit-learn for the exact state on screen.

Each view's snippet loads the same data, splits it the same way, fits the same pipeline and
computes the page's numbers with ``sklearn.metrics``; it ends by setting ``value`` to the
view's headline, which a test compares with the page's.
"""

from __future__ import annotations

from datasets.tables import Labelled, labelled_code
from explorers._contract import literal
from explorers._scored import FOLDS, TASKS, THREE, TREES, compared, rarest

MODEL_IMPORTS = {
    "logistic regression": "from sklearn.linear_model import LogisticRegression",
    "naive Bayes": "from sklearn.naive_bayes import GaussianNB",
    "random forest": "from sklearn.ensemble import RandomForestClassifier",
}


def model_code(name: str, seed: int) -> str:
    """The pipeline's expression, as ``explorers._scored.make_model`` builds it."""
    last = {"logistic regression": "LogisticRegression(max_iter=1000)", "naive Bayes": "GaussianNB()",
            "random forest": f"RandomForestClassifier(n_estimators={TREES}, random_state={seed})"}[name]
    return f"make_pipeline(StandardScaler(), {last})"


def data_code(p, table: Labelled | None) -> str:
    """Lines that end with ``X`` and ``y`` (two-class views: 1 for the positive class) and
    the stratified split into ``X_train, X_test, y_train, y_test``."""
    split = ("\nfrom sklearn.model_selection import train_test_split\n\n"
             "X_train, X_test, y_train, y_test = train_test_split(\n"
             f"    X, y, test_size={literal(p.test_share)}, stratify=y, random_state={p.seed})")
    if table is not None:
        lines = labelled_code(table)
        if p.view != "averages":
            lines += (f"\npositive = {rarest(table)}  # the rarest class: the positive one, against the rest\n"
                      'print("positive class:", class_names[positive])\n'
                      "y = (y == positive).astype(int)")
        return f"{lines}\n{split}"
    if p.view == "averages":
        rare = THREE[-1]
        return f'''\
import numpy as np
from sklearn.datasets import load_digits

# The handwritten 3s, 5s and 8s, with only {literal(p.rare_share)} of the {rare}s kept (drawn with the seed).
X, y = load_digits(return_X_y=True)
keep = np.isin(y, {list(THREE)})
X, y = X[keep], y[keep]
rare = np.flatnonzero(y == {rare})
dropped = np.random.default_rng({p.seed}).choice(
    rare, size=len(rare) - round({literal(p.rare_share)} * len(rare)), replace=False)
X, y = np.delete(X, dropped, axis=0), np.delete(y, dropped)
{split}'''
    task = TASKS[p.data]
    keep = (f"keep = np.isin(target, {list(task.keep)})\nX, target = X[keep], target[keep]\n"
            if task.keep else "")
    return f'''\
import numpy as np
from sklearn.datasets import {task.loader}

# {task.about}.
data = {task.loader}()
X, target = data.data, data.target
# 1: {task.positive_name} (the positive class), 0: {task.negative_name}.
{keep}y = (target == {task.positive}).astype(int)
{split}'''


PIPELINE_IMPORTS = ("from sklearn.pipeline import make_pipeline\n"
                    "from sklearn.preprocessing import StandardScaler")


def code(p, table: Labelled | None = None) -> str:
    body = {"threshold": _threshold, "prevalence": _prevalence, "averages": _averages,
            "calibration": _calibration}[p.view](p)
    return f"{data_code(p, table)}\n\n{body}\n"


def _fitted(p) -> str:
    return f'''\
{PIPELINE_IMPORTS}
{MODEL_IMPORTS[p.model]}

model = {model_code(p.model, p.seed)}
model.fit(X_train, y_train)
scores = model.predict_proba(X_test)[:, 1]  # each test case's probability of being positive'''


def _threshold(p) -> str:
    t = literal(p.threshold)
    return f'''\
{_fitted(p)}

from sklearn.metrics import (accuracy_score, average_precision_score, confusion_matrix,
                             precision_recall_fscore_support, roc_auc_score)

# Positive at or above the threshold: what FixedThresholdClassifier(model, threshold={t}) predicts.
threshold = {t}
predicted = (scores >= threshold).astype(int)
tn, fp, fn, tp = confusion_matrix(y_test, predicted, labels=[0, 1]).ravel()
precision, recall, f1, _ = precision_recall_fscore_support(y_test, predicted, average="binary",
                                                           zero_division=0)
print(f"threshold {{threshold}}: TN {{tn}}  FP {{fp}}  FN {{fn}}  TP {{tp}}")
print(f"precision {{precision:.3f}}  recall {{recall:.3f}}  F1 {{f1:.3f}}  "
      f"accuracy {{accuracy_score(y_test, predicted):.3f}}")
# The curves do not depend on the threshold: roc_curve and precision_recall_curve draw them.
print(f"ROC AUC {{roc_auc_score(y_test, scores):.3f}}  "
      f"average precision {{average_precision_score(y_test, scores):.3f}}")

# What the errors cost, at each of the slider's thresholds.
cost_fp, cost_fn = {p.cost_fp}, {p.cost_fn}
thresholds = np.round(np.arange(1, 100) / 100, 2)
costs = np.array([cost_fp * np.sum((scores >= t) & (y_test == 0))
                  + cost_fn * np.sum((scores < t) & (y_test == 1)) for t in thresholds])
best = thresholds[np.argmin(costs)]
print(f"cost at {{threshold}}: {{cost_fp * fp + cost_fn * fn}}; the least, {{costs.min()}}, at {{best}}")
value = f1  # the page's headline: F1 at the threshold'''


def _prevalence(p) -> str:
    return f'''\
{_fitted(p)}

from sklearn.metrics import average_precision_score, precision_score, recall_score, roc_auc_score

# The test set resampled to a share {literal(p.prevalence)} of positives, in expectation: every case
# keeps its score and counts for a weight, the same within each class.
prevalence = {literal(p.prevalence)}
n, positives = len(y_test), y_test.sum()
weight = np.where(y_test == 1, prevalence * n / positives, (1 - prevalence) * n / (n - positives))
print(f"positives: {{positives / n:.3f}} of the test set, resampled to {{prevalence}}")
for name, w in (("as it is", None), ("resampled", weight)):
    print(f"{{name:>10}}: ROC AUC {{roc_auc_score(y_test, scores, sample_weight=w):.4f}}  "
          f"average precision {{average_precision_score(y_test, scores, sample_weight=w):.4f}}")

threshold = {literal(p.threshold)}
predicted = (scores >= threshold).astype(int)
precision = precision_score(y_test, predicted, sample_weight=weight, zero_division=0)
recall = recall_score(y_test, predicted, sample_weight=weight, zero_division=0)
print(f"at threshold {{threshold}}, resampled: precision {{precision:.3f}}  recall {{recall:.3f}}")
value = average_precision_score(y_test, scores, sample_weight=weight)  # the page's headline'''


def _averages(p) -> str:
    return f'''\
{PIPELINE_IMPORTS}
{MODEL_IMPORTS[p.model]}
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

model = {model_code(p.model, p.seed)}
model.fit(X_train, y_train)
predicted = model.predict(X_test)
print("confusion matrix (rows: true class, columns: predicted):")
print(confusion_matrix(y_test, predicted))
precision, recall, f1, support = precision_recall_fscore_support(y_test, predicted, zero_division=0)
for k in range(len(support)):
    print(f"class {{k}}: precision {{precision[k]:.3f}}  recall {{recall[k]:.3f}}  F1 {{f1[k]:.3f}}  "
          f"({{support[k]}} test cases)")
for average in ("macro", "weighted", "micro"):
    averaged = precision_recall_fscore_support(y_test, predicted, average=average, zero_division=0)
    print(f"{{average:>8}} average: precision {{averaged[0]:.3f}}  recall {{averaged[1]:.3f}}  "
          f"F1 {{averaged[2]:.3f}}")
value = precision_recall_fscore_support(y_test, predicted, average="macro", zero_division=0)[2]'''


def _calibration(p) -> str:
    imports = "\n".join(MODEL_IMPORTS[m] for m in compared(p.model))
    models = "\n".join(f'    "{m}": {model_code(m, p.seed)},' for m in compared(p.model))
    recalibrated = ""
    chosen = p.model
    if p.calibration != "none":
        chosen = f"{p.model}, {p.calibration}"
        recalibrated = (f"# The chosen model again, its scores remapped by a {p.calibration} fitted in "
                        f"{FOLDS} folds of the training set.\n"
                        f'models["{chosen}"] = CalibratedClassifierCV(\n'
                        f'    {model_code(p.model, p.seed)}, method="{p.calibration}", cv={FOLDS})\n')
    return f'''\
{PIPELINE_IMPORTS}
{imports}
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.metrics import brier_score_loss

models = {{
{models}
}}
{recalibrated}brier = {{}}
for name, model in models.items():
    scores = model.fit(X_train, y_train).predict_proba(X_test)[:, 1]
    share, mean_score = calibration_curve(y_test, scores, n_bins={p.bins})
    brier[name] = brier_score_loss(y_test, scores)
    print(f"{{name}}: Brier score {{brier[name]:.4f}}")
    print("  mean score in each bin:", np.round(mean_score, 2))
    print("  share of positives:    ", np.round(share, 2))
value = brier["{chosen}"]  # the page's headline'''
