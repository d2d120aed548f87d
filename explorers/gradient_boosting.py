"""Gradient boosting, stage by stage, beside XGBoost
===================================================

Gradient boosting builds a model as a sum of small trees, each one fitted to what the
sum so far gets wrong. For classification the sum is a score F in log-odds; the
probability of class 1 is the sigmoid of F. At stage m every training point has a
*residual*, its label minus the current probability, y - p: large and positive where the
model is too sure of the wrong class, near zero where it is already right. The m-th tree
is a regression tree fitted to those residuals (they are the negative gradient of the
log-loss, hence the name), and the model takes a step of ``learning_rate`` times that
tree. scikit-learn then sets each leaf's value by one Newton step, the sum of the
residuals in the leaf over the sum of p(1 - p), rather than their plain mean.

A small learning rate takes many small steps: more trees are needed, but the result
generalises better. Too many stages at a large rate fit the noise: the training accuracy
keeps climbing while the test accuracy falls.

XGBoost is the same idea with second-order leaf values, an L2 penalty on them
(``reg_lambda=1`` by default) and a faster tree builder. It is fitted here with the same
number of trees, learning rate and depth on the same split.

The page grows one model of each kind per setting of the data, rate and depth, and reads
a model of ``m`` stages as its first ``m`` stages: boosting only ever adds trees, so a
fit with ``n_estimators=m`` has exactly those (the tests check it for both libraries),
and moving the stages slider refits nothing it has grown before (explorers/_boosting.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorers._boosting import (MAX_STAGES, boosting, boosting_scores, log_loss, probabilities, xgboost,
                                 xgboost_scores)
from datasets.readonly import readonly
from datasets.tables import Labelled
from explorers._classify import (GRID, SCORES_CODE, PlaneParams, Scores, Split, data_code, on_table,
    split)
from explorers._contract import knob, literal, log_knob

NOTICE = (
    "Each new tree is fitted to the residuals of the model so far, the points it still gets "
    "wrong, so scrub through the stages and watch the tree's regions line up with the "
    "red and blue points. With a large learning rate and many stages the training accuracy "
    "keeps rising while the test accuracy stalls or falls: boosting overfits too."
)
MISREADING = (
    "\"Boosting cannot overfit, because each tree is weak\": enough weak trees fitted to "
    "the residuals will fit the noise, which is why the learning rate and the number of "
    "stages are tuned together (or stopped early). And XGBoost is not a different algorithm: "
    "it is gradient boosting with a penalty and a faster tree builder."
)
HEADLINE = "test_accuracy"


@dataclass(frozen=True)
class Params(PlaneParams):
    # The scrubber comes first: it is the control this page is about, and it only picks a
    # stage of a fit that is already cached.
    stage: int = knob(5, lo=1, hi=MAX_STAGES, label="Show stage",
                      help="Which tree to look at: the model before it, the residuals it is "
                           "fitted to, and its own output. Clipped to the number of stages.")
    n_stages: int = knob(50, lo=1, hi=MAX_STAGES, label="Stages (trees)",
                         help="How many trees are added, one after another (n_estimators).")
    learning_rate: float = log_knob(0.1, lo=0.01, hi=1.0, label="Learning rate",
                                    help="How much of each tree is added. Smaller steps need more "
                                         "trees but usually generalise better.")
    max_depth: int = knob(2, lo=1, hi=6, label="Tree depth",
                          help="Depth of every tree: 1 is a stump (one split), so the model "
                               "can only add up one feature at a time.")


@dataclass(frozen=True)
class Result:
    split: Split
    scores: Scores  # scikit-learn's model after all its stages
    xgb_scores: Scores  # XGBoost's, with the same trees, rate and depth
    train_accuracy: float
    test_accuracy: float
    xgb_test_accuracy: float
    test_log_loss: float
    stage: int  # the stage shown (the slider's, clipped to n_stages)
    stage_requested: int
    before: Scores  # the model before the shown stage's tree (stage - 1 trees)
    residual_class: int  # whose residuals are shown: class 1 for two classes, else class 0
    residuals: np.ndarray  # (n_train,) y - p for that class, before the shown tree
    tree_grid: np.ndarray  # (GRID, GRID) the shown tree's output, before the learning rate
    tree_on_train: np.ndarray  # (n_train,) the same tree at the training points
    stages: np.ndarray  # 1..n_stages
    train_curve: np.ndarray  # accuracy after each stage
    test_curve: np.ndarray
    xgb_train_curve: np.ndarray
    xgb_test_curve: np.ndarray


def run(p: Params, table: Labelled | None = None) -> Result:
    p = on_table(p, table)  # the learner's table, if any, as the data
    s = split(p)
    key = (*_data_key(p), p.learning_rate, p.max_depth)
    n = p.n_stages
    boost, xgb = boosting(*key), xgboost(*key)
    boost.grow(n)
    xgb.grow(n)
    m = min(p.stage, n)
    c = 1 if s.n_classes == 2 else 0
    column = 0 if s.n_classes == 2 else c  # scikit-learn keeps one tree per stage for two classes
    scores, xgb_scores = boosting_scores(*key, n), xgboost_scores(*key, n)
    residuals = (s.y_train == c) - probabilities(boost.raw_train[m - 1])[:, c]
    tree_grid, tree_on_train = boost.tree_output(m - 1, column)
    curves = (boost.train_accuracy[1:n + 1], boost.test_accuracy[1:n + 1],
              xgb.train_curve[:n], xgb.test_curve[:n])
    stages = np.arange(1, n + 1)
    readonly((residuals, tree_grid, tree_on_train, stages))
    return Result(
        split=s, scores=scores, xgb_scores=xgb_scores,
        train_accuracy=scores.train_accuracy, test_accuracy=scores.test_accuracy,
        xgb_test_accuracy=xgb_scores.test_accuracy,
        test_log_loss=log_loss(s.y_test, probabilities(boost.raw_test[n])),
        stage=m, stage_requested=p.stage, before=boost.scores(m - 1), residual_class=c,
        residuals=residuals, tree_grid=tree_grid.reshape(GRID, GRID), tree_on_train=tree_on_train,
        stages=stages, train_curve=curves[0], test_curve=curves[1],
        xgb_train_curve=curves[2], xgb_test_curve=curves[3],
    )


def _data_key(p: PlaneParams) -> tuple:
    return p.data, p.noise, p.balance, p.n_points, p.test_share, p.seed


def code(p: Params, table: Labelled | None = None) -> str:
    p = on_table(p, table)
    s = split(p)
    metric = "error" if s.n_classes == 2 else "merror"
    return f'''\
{data_code(p)}

from sklearn.ensemble import GradientBoostingClassifier
from xgboost import XGBClassifier

model = GradientBoostingClassifier(n_estimators={p.n_stages}, learning_rate={literal(p.learning_rate)},
                                   max_depth={p.max_depth}, random_state={p.seed})
model.fit(X_train, y_train)

{SCORES_CODE}

# Accuracy after each stage: how the test score moves as trees are added.
staged = [accuracy_score(y_test, pred) for pred in model.staged_predict(X_test)]
print(f"best test accuracy {{max(staged):.3f}} after {{1 + staged.index(max(staged))}} trees")

# XGBoost with the same number of trees, rate and depth, on the same split.
xgb = XGBClassifier(n_estimators={p.n_stages}, learning_rate={literal(p.learning_rate)},
                    max_depth={p.max_depth}, random_state={p.seed}, n_jobs=1, eval_metric="{metric}")
xgb.fit(X_train, y_train)
xgb_test_accuracy = accuracy_score(y_test, xgb.predict(X_test))
print(f"XGBoost test accuracy {{xgb_test_accuracy:.3f}}")
'''
