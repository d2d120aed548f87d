"""Classifier comparison: every model on the same data
======================================================

After scikit-learn's gallery example "Classifier comparison": the same training points
go to eight classifiers, each with its usual default settings, and each one's decision
boundary is drawn over the same plane. The shapes tell the models apart more quickly
than any table: logistic regression and the linear SVM can only draw a straight line,
a single tree only axis-aligned steps, the forest and boosting smoother staircases,
k-NN and the RBF kernel any curve the data suggests.

No model wins everywhere. On the linear blobs the straight line is as good as anything
and the most complex models merely add wiggles; on the spirals the linear models are
at chance. Fit times are measured on this server as the page is computed, so they vary
from run to run; their ratios are what to read.

Every model is fitted behind a ``StandardScaler``, as the gallery example does: models
that depend on distances (the SVMs, k-NN, the penalised logistic regression) care about
the scale of the features, and it costs the trees nothing, so the comparison is fair.

The ensembles are small, as in the gallery example: ten trees of depth five for the
forest, ten rounds at learning rate 0.5 for each booster (on these sets they score within a
point of twenty rounds at 0.3, in half the time). Their own pages show what more trees
change; here they let eight models refit within a blink of a slider move.
The eight small panels are drawn on every other cell of the boundary grid; the model
looked at closer gets the full 100 x 100.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from explorers import svm
from datasets.tables import Labelled
from explorers._classify import (GRID, PlaneParams, Scores, Split, coarse_grid, data_code, on_table,
    scores_of, split)
from explorers._contract import choice
from explorers._threads import one_thread, trusted_inputs

NOTICE = (
    "Each model's boundary has a family shape: straight lines for logistic regression and "
    "the linear SVM, axis-aligned steps for the tree, forest and boosting, free curves for "
    "k-NN and the RBF SVM. The best model depends on the data: switch from the linear blobs "
    "to the spirals or circles and watch the ranking turn over."
)
MISREADING = (
    "\"The most complex model is always the most accurate\": on simple or noisy data the "
    "flexible models fit noise and the straight line ties or wins. And a fit time measured on "
    "one small data set says little about how the models scale to large ones."
)
HEADLINE = "best_test_accuracy"


def _xgboost(seed):
    from xgboost import XGBClassifier  # imported only when this page computes

    return XGBClassifier(n_estimators=10, learning_rate=0.5, n_jobs=1, random_state=seed)


# name -> (how the snippet writes it, a factory of seed). Defaults, except a fixed depth for
# the single tree, small ensembles, and one thread where a model would start threads.
MODELS: dict[str, tuple[str, object]] = {
    "Logistic regression": ("LogisticRegression()", lambda seed: LogisticRegression()),
    "Linear SVM": ('SVC(kernel="linear")', lambda seed: SVC(kernel="linear")),
    "RBF SVM": ('SVC(kernel="rbf")', lambda seed: SVC(kernel="rbf")),
    "k-NN, k = 15": ("KNeighborsClassifier(n_neighbors=15)", lambda seed: KNeighborsClassifier(15)),
    "Decision tree, depth 5": ("DecisionTreeClassifier(max_depth=5, random_state={seed})",
                               lambda seed: DecisionTreeClassifier(max_depth=5, random_state=seed)),
    "Random forest": ("RandomForestClassifier(n_estimators=10, max_depth=5, random_state={seed}, n_jobs=1)",
                      lambda seed: RandomForestClassifier(n_estimators=10, max_depth=5,
                                                          random_state=seed, n_jobs=1)),
    "Gradient boosting": ("GradientBoostingClassifier(n_estimators=10, learning_rate=0.5, random_state={seed})",
                          lambda seed: GradientBoostingClassifier(n_estimators=10, learning_rate=0.5,
                                                                  random_state=seed)),
    "XGBoost": ("XGBClassifier(n_estimators=10, learning_rate=0.5, n_jobs=1, random_state={seed})",
                _xgboost),
}


@dataclass(frozen=True)
class Params(PlaneParams):
    focus: str = choice("RBF SVM", options=tuple(MODELS), label="Look closer at",
                        help="The model drawn large, with its confusion matrix.")


@dataclass(frozen=True)
class Fitted:
    name: str
    scores: Scores
    fit_seconds: float  # measured, so it varies between runs


@dataclass(frozen=True)
class Result:
    split: Split
    models: tuple[Fitted, ...]
    focus: Fitted
    best_test_accuracy: float
    best: str  # the model with the best test accuracy (the first, if several tie)


def make_model(name: str, seed: int):
    """The model behind a scaler learnt on the training set (zero mean, unit variance)."""
    return make_pipeline(StandardScaler(), MODELS[name][1](seed))


def run(p: Params, table: Labelled | None = None) -> Result:
    p = on_table(p, table)  # the learner's table, if any, as the data
    key = (p.data, p.noise, p.balance, p.n_points, p.test_share, p.seed)
    fitted = tuple(f for f, _ in _fit_all(*key))
    accuracies = [f.scores.test_accuracy for f in fitted]
    best = int(np.argmax(accuracies))
    return Result(split=split(p), models=fitted, focus=_focus(*key, p.focus),
                  best_test_accuracy=accuracies[best], best=fitted[best].name)


PANEL_STEP = 2  # the small panels score every other grid cell: a quarter of the predictions


# Every model is fitted once per data setting; choosing which to look at closer reuses them.
# As many settings as the split cache keeps (~0.5 MB each): with only 8, a learner who tried
# a few noise levels and came back to look closer at another model waited for all 8 refits.
@lru_cache(maxsize=32)
def _fit_all(data, noise, balance, n_points, test_share, seed) -> tuple[tuple[Fitted, object], ...]:
    s = split(PlaneParams(data, noise, balance, n_points, test_share, seed))
    fitted = []
    with one_thread(), trusted_inputs():
        for name in MODELS:
            model = make_model(name, seed)
            # XGBoost takes float32 labels as they are; read-only int64 ones cost it ~60 ms
            # of conversion for the same model (tests/explorers/test_comparison.py fits on ints).
            y = s.y_train.astype(np.float32) if name == "XGBoost" else s.y_train
            start = time.perf_counter()
            model.fit(s.X_train, y)
            seconds = time.perf_counter() - start
            fitted.append((Fitted(name, _scores(model, s, PANEL_STEP), seconds), model))
    return tuple(fitted)


@lru_cache(maxsize=32)
def _focus(data, noise, balance, n_points, test_share, seed, name) -> Fitted:
    """The model looked at closer, scored on the full grid."""
    panel, model = _fit_all(data, noise, balance, n_points, test_share, seed)[list(MODELS).index(name)]
    s = split(PlaneParams(data, noise, balance, n_points, test_share, seed))
    with one_thread():
        return Fitted(name, _scores(model, s), panel.fit_seconds)


def _scores(model, s: Split, step: int = 1) -> Scores:
    """``evaluate``'s numbers from one prediction over the training points, the test points
    and ``coarse_grid(s, step)`` stacked together, instead of three calls.

    Every one of these models predicts each point on its own, so stacking changes no number
    (tests/explorers/test_comparison.py compares with ``evaluate``), but each call through a
    pipeline pays its input checks and set-up again: two thirds of the calls were overhead.
    The SVMs vote from one kernel matrix (``svm.predict``), and on the grid from its RBF kernel's
    product form (``svm.predict_grid``).
    """
    n_train, n_test = len(s.y_train), len(s.y_test)
    points = np.concatenate([s.X_train, s.X_test, coarse_grid(s, step)])
    confidence = None  # 1 everywhere for a model without probabilities, as in ``evaluate``
    if isinstance(model[-1], SVC):
        predicted = np.concatenate([svm.predict(model, points[:n_train + n_test]),
                                    svm.predict_grid(model, s.grid_x[::step], s.grid_y[::step]).ravel()])
    elif hasattr(model, "predict_proba"):
        proba = model.predict_proba(points)
        predicted = np.asarray(model.classes_)[proba.argmax(axis=1)]
        confidence = proba[n_train + n_test:].max(axis=1)
    else:
        predicted = model.predict(points)
    side = len(range(0, GRID, step))
    return scores_of(s, predicted[:n_train], predicted[n_train:n_train + n_test],
                     np.asarray(predicted[n_train + n_test:]).reshape(side, side), confidence)


def code(p: Params, table: Labelled | None = None) -> str:
    p = on_table(p, table)
    rows = ",\n".join(f'    "{name}": {write.format(seed=p.seed)}' for name, (write, _) in MODELS.items())
    return f'''\
{data_code(p)}

import time

from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
from xgboost import XGBClassifier

models = {{
{rows},
}}
test_accuracies = {{}}
for name, model in models.items():
    model = make_pipeline(StandardScaler(), model)  # distances need features on one scale
    start = time.perf_counter()
    model.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    train_accuracy = accuracy_score(y_train, model.predict(X_train))
    test_accuracies[name] = accuracy_score(y_test, model.predict(X_test))
    print(f"{{name:24}} train {{train_accuracy:.3f}}  test {{test_accuracies[name]:.3f}}  fit {{1000 * seconds:6.1f}} ms")
    if name == "{p.focus}":
        print(confusion_matrix(y_test, model.predict(X_test)))

best_test_accuracy = max(test_accuracies.values())
print(f"best test accuracy {{best_test_accuracy:.3f}}: {{max(test_accuracies, key=test_accuracies.get)}}")
'''
