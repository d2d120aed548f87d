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
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier

from explorers._classify import (GRID, SCORES_CODE, PlaneParams, Scores, Split, confusion, data_code, evaluate,
                                 freeze, split)
from explorers._contract import knob, literal, log_knob
from explorers._threads import trusted_inputs

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
    stage: int = knob(5, lo=1, hi=200, label="Show stage",
                      help="Which tree to look at: the model before it, the residuals it is "
                           "fitted to, and its own output. Clipped to the number of stages.")
    n_stages: int = knob(50, lo=1, hi=200, label="Stages (trees)",
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


def run(p: Params) -> Result:
    s = split(p)
    fit = _boost(*_data_key(p), p.n_stages, p.learning_rate, p.max_depth)
    xgb = _xgboost(*_data_key(p), p.n_stages, p.learning_rate, p.max_depth)
    m = min(p.stage, p.n_stages)
    c = 1 if s.n_classes == 2 else 0
    column = 0 if s.n_classes == 2 else c  # scikit-learn keeps one tree per stage for two classes
    raw_before = fit.raw_grid[m - 1]  # (GRID*GRID, K): the score before tree m
    before = _scores_from_raw(raw_before, s, fit.staged_train_pred[m - 1], fit.staged_test_pred[m - 1])
    return Result(
        split=s, scores=fit.scores, xgb_scores=xgb.scores,
        train_accuracy=fit.scores.train_accuracy, test_accuracy=fit.scores.test_accuracy,
        xgb_test_accuracy=xgb.scores.test_accuracy, test_log_loss=fit.test_log_loss,
        stage=m, stage_requested=p.stage, before=before, residual_class=c,
        residuals=fit.residuals[m - 1][:, c],
        tree_grid=fit.tree_grid[m - 1][:, column].reshape(GRID, GRID),
        tree_on_train=fit.tree_train[m - 1][:, column],
        stages=np.arange(1, p.n_stages + 1), train_curve=fit.train_curve, test_curve=fit.test_curve,
        xgb_train_curve=xgb.train_curve, xgb_test_curve=xgb.test_curve,
    )


def _data_key(p: PlaneParams) -> tuple:
    return p.data, p.noise, p.balance, p.n_points, p.test_share, p.seed


def _probabilities(raw: np.ndarray) -> np.ndarray:
    """Class probabilities from scikit-learn's raw scores: sigmoid for two classes, else softmax."""
    if raw.shape[1] == 1:
        p1 = 1 / (1 + np.exp(-raw[:, 0]))
        return np.column_stack([1 - p1, p1])
    e = np.exp(raw - raw.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _scores_from_raw(raw_grid, s: Split, train_pred: np.ndarray, test_pred: np.ndarray) -> Scores:
    """Scores of a model from its raw scores on the grid and its predicted classes.

    The same numbers as ``evaluate`` (tested), without predicting the grid through every
    tree a second time, and with numpy counts instead of scikit-learn's input checks.
    """
    proba = _probabilities(raw_grid)
    scores = Scores(
        train_accuracy=float(np.mean(train_pred == s.y_train)),
        test_accuracy=float(np.mean(test_pred == s.y_test)),
        confusion=confusion(s.y_test, test_pred, s.n_classes),
        test_predicted=test_pred,
        grid_class=proba.argmax(axis=1).reshape(GRID, GRID),
        grid_confidence=proba.max(axis=1).reshape(GRID, GRID),
    )
    freeze(scores.confusion, scores.grid_class, scores.grid_confidence)
    return scores


@dataclass(frozen=True)
class _Boost:
    scores: Scores
    test_log_loss: float
    raw_grid: np.ndarray  # (n_stages + 1, GRID*GRID, K) raw score after 0..n_stages trees
    tree_grid: np.ndarray  # (n_stages, GRID*GRID, K) each tree's output on the grid
    tree_train: np.ndarray  # (n_stages, n_train, K) and at the training points
    residuals: np.ndarray  # (n_stages, n_train, classes) y - p before each tree
    staged_train_pred: np.ndarray  # (n_stages + 1, n_train) predicted class after 0..n trees
    staged_test_pred: np.ndarray
    train_curve: np.ndarray  # (n_stages,) accuracy after each stage
    test_curve: np.ndarray


# The fit depends on the data, the number of stages, the rate and the depth, not on the
# stage shown, so scrubbing through the stages reuses it.
@lru_cache(maxsize=8)
def _boost(data, noise, balance, n_points, test_share, seed, n_stages, learning_rate, max_depth) -> _Boost:
    s = split(PlaneParams(data, noise, balance, n_points, test_share, seed))
    with trusted_inputs():
        model = GradientBoostingClassifier(n_estimators=n_stages, learning_rate=learning_rate,
                                           max_depth=max_depth, random_state=seed).fit(s.X_train, s.y_train)
    trees = model.estimators_  # (n_stages, K) regression trees, K = 1 for two classes
    # Each tree's own predict() checks its input again, 100 checks a fit; tree_.predict on
    # float32 (what predict() converts to) gives the same values without them.
    grid, train = (np.ascontiguousarray(X, dtype=np.float32) for X in (s.grid, s.X_train))
    tree_grid = np.stack([[t.tree_.predict(grid)[:, 0] for t in stage] for stage in trees])
    tree_grid = tree_grid.transpose(0, 2, 1)
    tree_train = np.stack([[t.tree_.predict(train)[:, 0] for t in stage] for stage in trees])
    tree_train = tree_train.transpose(0, 2, 1)
    # The score after each stage, from scikit-learn itself; the prior (stage 0) is the first
    # stage's score minus its step, which avoids the estimator's private methods.
    staged_train = np.stack([_as_2d(f) for f in model.staged_decision_function(s.X_train)])
    prior_train = staged_train[0] - learning_rate * tree_train[0]
    raw_train = np.concatenate([prior_train[None], staged_train])
    prior = prior_train[:1]  # the same constant for every point
    raw_grid = prior + learning_rate * np.concatenate(
        [np.zeros((1, *tree_grid.shape[1:])), np.cumsum(tree_grid, axis=0)])
    staged_test = np.stack([_as_2d(f) for f in model.staged_decision_function(s.X_test)])
    raw_test = np.concatenate([np.broadcast_to(prior, staged_test[0].shape)[None], staged_test])
    onehot = np.eye(s.n_classes)[s.y_train]
    residuals = np.stack([onehot - _probabilities(r) for r in raw_train[:-1]])
    train_pred = np.stack([_probabilities(r).argmax(axis=1) for r in raw_train])
    test_pred = np.stack([_probabilities(r).argmax(axis=1) for r in raw_test])
    fit = _Boost(
        scores=_scores_from_raw(raw_grid[-1], s, train_pred[-1], test_pred[-1]),
        test_log_loss=_log_loss(s.y_test, _probabilities(raw_test[-1])),
        raw_grid=raw_grid, tree_grid=tree_grid, tree_train=tree_train, residuals=residuals,
        staged_train_pred=train_pred, staged_test_pred=test_pred,
        train_curve=(train_pred[1:] == s.y_train).mean(axis=1),
        test_curve=(test_pred[1:] == s.y_test).mean(axis=1),
    )
    freeze(raw_grid, tree_grid, tree_train, residuals, train_pred, test_pred, fit.train_curve, fit.test_curve)
    return fit


def _log_loss(y: np.ndarray, proba: np.ndarray) -> float:
    """scikit-learn's ``log_loss`` (probabilities clipped at float eps), without its checks."""
    eps = np.finfo(proba.dtype).eps
    return float(-np.mean(np.log(np.clip(proba[np.arange(len(y)), y], eps, 1 - eps))))


def _as_2d(scores: np.ndarray) -> np.ndarray:
    return scores[:, None] if scores.ndim == 1 else scores


@dataclass(frozen=True)
class _XGB:
    scores: Scores
    train_curve: np.ndarray
    test_curve: np.ndarray


@lru_cache(maxsize=8)
def _xgboost(data, noise, balance, n_points, test_share, seed, n_stages, learning_rate, max_depth) -> _XGB:
    s = split(PlaneParams(data, noise, balance, n_points, test_share, seed))
    model = xgb_model(n_stages, learning_rate, max_depth, seed, s.n_classes)
    # Labels as float32: XGBoost then takes them as they are (~10 ms a fit); read-only int64
    # labels cost it ~60 ms of conversion. The model is the same (the tests fit it on ints).
    y_train, y_test = s.y_train.astype(np.float32), s.y_test.astype(np.float32)
    model.fit(s.X_train, y_train, eval_set=[(s.X_train, y_train), (s.X_test, y_test)], verbose=False)
    history = model.evals_result()
    metric = "error" if s.n_classes == 2 else "merror"
    fit = _XGB(evaluate(model, s), 1 - np.array(history["validation_0"][metric]),
               1 - np.array(history["validation_1"][metric]))
    freeze(fit.train_curve, fit.test_curve)
    return fit


def xgb_model(n_stages, learning_rate, max_depth, seed, n_classes):
    from xgboost import XGBClassifier  # a 0.5 s import, paid only on this page

    # One thread: on small data XGBoost's threads wait more than they work, and the
    # result is then the same on every machine.
    return XGBClassifier(n_estimators=n_stages, learning_rate=learning_rate, max_depth=max_depth,
                         random_state=seed, n_jobs=1,
                         eval_metric="error" if n_classes == 2 else "merror")


def code(p: Params) -> str:
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
