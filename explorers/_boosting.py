"""Gradient boosting grown stage by stage, for scikit-learn and XGBoost alike.

Boosting only ever adds trees: the model of ``m`` stages is the first ``m`` stages of any
longer fit with the same settings. So the boosting page grows one model per setting of
the data, learning rate and depth, in steps of ``GROW_STEP`` stages, keeps what each
stage adds, and reads any smaller model off it. Moving the stages slider within what has
been grown refits nothing; moving it further fits only the new stages.

scikit-learn's stages are fitted here, one at a time, exactly as
``GradientBoostingClassifier`` fits them but without its per-tree checks of the sample
weights. On these few hundred points that takes 55-80% of the time of the estimator's
fit alone, with what the page keeps of every tree included, and gives the same trees to
the last bit (tests/explorers/test_gradient_boosting.py compares every tree).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy.special import logit
from scipy.stats import gmean
# scikit-learn's private loss module: its gradient is what the estimator's fit uses, to
# the last bit. requirements.txt pins scikit-learn, and the tests catch any change.
from sklearn._loss.loss import HalfBinomialLoss, HalfMultinomialLoss
from sklearn.dummy import DummyClassifier
from sklearn.tree import DecisionTreeRegressor

from datasets.readonly import readonly
from explorers._classify import GRID, PlaneParams, Scores, Split, scores_of, split
from explorers._grown import Grown
from explorers._threads import trusted_inputs

MAX_STAGES = 200  # the stages slider's end
GROW_STEP = 25  # models grow in steps of this many stages (see explorers/_grown.py)


def probabilities(raw: np.ndarray) -> np.ndarray:
    """Class probabilities from scikit-learn's raw scores: sigmoid for two classes, else softmax."""
    if raw.shape[1] == 1:
        p1 = 1 / (1 + np.exp(-raw[:, 0]))
        return np.column_stack([1 - p1, p1])
    e = np.exp(raw - raw.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def predicted(raw: np.ndarray) -> np.ndarray:
    """scikit-learn's ``predict`` from raw scores: class 1 where the score is >= 0, else the largest."""
    return (raw[:, 0] >= 0).astype(np.intp) if raw.shape[1] == 1 else raw.argmax(axis=1)


def scores_from_raw(raw_grid, s: Split, train_pred: np.ndarray, test_pred: np.ndarray) -> Scores:
    """Scores of a model from its raw scores on the grid and its predicted classes.

    The same numbers as ``evaluate`` (tested), without predicting the grid through every
    tree a second time, and with numpy counts instead of scikit-learn's input checks.
    """
    return scores_of(s, train_pred, test_pred, predicted(raw_grid).reshape(GRID, GRID),
                     probabilities(raw_grid).max(axis=1))


def _accuracies(raws: list, y: np.ndarray) -> np.ndarray:
    """The accuracy of each of a list of raw scores, all at once."""
    raw = np.stack(raws)  # (scores, points, K)
    classes = (raw[..., 0] >= 0) if raw.shape[2] == 1 else raw.argmax(axis=2)  # as ``predicted``
    return (classes == y).mean(axis=1)


@dataclass
class Boosting(Grown):
    """scikit-learn's gradient boosting, grown on demand, with what each stage adds.

    Its stages are scikit-learn's own, fitted one after another as
    ``GradientBoostingClassifier._fit_stage`` fits them (see ``_add_stage``), so a model
    of m stages is the first m stages of a longer one, and moving the stages slider
    within what has been grown refits nothing. Only stages are added (``Grown``).
    """

    split: Split
    learning_rate: float
    max_depth: int
    rng: np.random.RandomState  # every tree draws from it in turn, as in scikit-learn's fit
    points: tuple  # the grid, train and test points in float32, as the trees compare them
    values: list = field(default_factory=list)  # per stage: each tree's node values
    grid_leaves: list = field(default_factory=list)  # per stage: (K, GRID*GRID) leaf of every grid point
    train_leaves: list = field(default_factory=list)  # per stage: (K, n_train)
    raw_train: list = field(default_factory=list)  # raw score (n, K) after 0, 1, ... stages
    raw_test: list = field(default_factory=list)
    train_accuracy: np.ndarray = field(default_factory=lambda: np.zeros(0))  # after 0, 1, ... stages
    test_accuracy: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # The raw score on the grid after every GROW_STEP stages (10,000 x K floats each), so
    # the score after any stage adds fewer than GROW_STEP trees to one of them, where
    # keeping it after every stage took 16 MB a fit (48 MB with three classes).
    grid_sums: list = field(default_factory=list)
    STEP, MOST = GROW_STEP, MAX_STAGES

    def extend(self, target: int) -> None:
        s = self.split
        if not self.raw_train:
            self._start()
        with trusted_inputs():
            while len(self.values) < target:
                self._add_stage()
        while len(self.grid_sums) <= target // GROW_STEP:
            done = (len(self.grid_sums) - 1) * GROW_STEP
            self.grid_sums.append(self._add_trees(self.grid_sums[-1], done, done + GROW_STEP))
            readonly(self.grid_sums[-1])
        done = len(self.train_accuracy)
        train_accuracy, test_accuracy = (np.concatenate([old, _accuracies(raws[done:], y)]) for old, raws, y in (
            (self.train_accuracy, self.raw_train, s.y_train), (self.test_accuracy, self.raw_test, s.y_test)))
        readonly((train_accuracy, test_accuracy))
        self.train_accuracy, self.test_accuracy = train_accuracy, test_accuracy

    def _start(self) -> None:
        """The raw score before any tree: the link of the class shares, as scikit-learn's
        ``init_`` (a DummyClassifier) gives them, clipped away from 0 and 1."""
        s = self.split
        eps = np.finfo(np.float64).eps
        shares = DummyClassifier(strategy="prior").fit(s.X_train, s.y_train).predict_proba(s.X_train[:1])[0]
        shares = np.clip(shares, eps, 1 - eps)
        prior = logit(shares[1:]) if len(shares) == 2 else np.log(shares / gmean(shares))
        for points, raws in zip(self.points, (self.grid_sums, self.raw_train, self.raw_test)):
            raws.append(np.tile(prior, (len(points), 1)))
            readonly(raws[-1])

    def _add_stage(self) -> None:
        """One more stage of trees, as ``GradientBoostingClassifier`` fits it.

        Its fit passes a weight of 1 for every point to every tree, and checking those
        weights is almost half of a tree's fit on these few hundred points; a tree fitted
        without weights is the same tree. The leaf values are scikit-learn's Newton step
        (``_newton_step``). The tests compare every tree and score with the estimator's.
        """
        s, lr = self.split, self.learning_rate
        grid, train, test = self.points
        n_trees = self.raw_train[0].shape[1]
        y = s.y_train.astype(np.float64)
        raw_train, raw_test = self.raw_train[-1].copy(), self.raw_test[-1].copy()
        # The negative gradient of the log-loss, y - p for each class, from the loss
        # scikit-learn's fit uses (its own floats: numpy's exp can differ in the last bit).
        loss = HalfBinomialLoss() if n_trees == 1 else HalfMultinomialLoss(n_classes=n_trees)
        neg_gradient = -loss.gradient(y_true=y, raw_prediction=self.raw_train[-1]).reshape(len(y), n_trees)
        values, grid_leaves, train_leaves = [], [], []
        for k in range(n_trees):
            tree = DecisionTreeRegressor(max_depth=self.max_depth, random_state=self.rng)
            t = tree.fit(train, neg_gradient[:, k], check_input=False).tree_
            leaves = t.apply(train)
            _newton_step(t, leaves, neg_gradient[:, k], y if n_trees == 1 else (s.y_train == k) * 1.0, n_trees)
            v = np.array(t.value[:, 0, 0])
            # The score after this tree, added as scikit-learn adds it (raw += learning
            # rate * leaf value, tree by tree), so the floats are its own.
            raw_train[:, k] += lr * v[leaves]
            raw_test[:, k] += lr * v[t.apply(test)]
            # Leaf numbers as small as the tree allows (uint8 up to depth 6): 10 kB a
            # tree on the grid instead of 80 kB of float64 outputs.
            kind = np.min_scalar_type(t.node_count - 1)
            grid_leaves.append(t.apply(grid).astype(kind))
            train_leaves.append(leaves.astype(kind))
            values.append(v)
        stage = (values, np.stack(grid_leaves), np.stack(train_leaves), raw_train, raw_test)
        readonly((*values, *stage[1:]))
        for kept, new in zip((self.values, self.grid_leaves, self.train_leaves, self.raw_train, self.raw_test),
                             stage):
            kept.append(new)

    def _add_trees(self, raw: np.ndarray, start: int, stop: int) -> np.ndarray:
        raw = raw.copy()
        for values, leaves in zip(self.values[start:stop], self.grid_leaves[start:stop]):
            for k, v in enumerate(values):
                raw[:, k] += self.learning_rate * v[leaves[k]]
        return raw

    def grid_raw(self, m: int) -> np.ndarray:
        """The raw score on the grid after m stages, summed in scikit-learn's order."""
        done = m // GROW_STEP
        return self._add_trees(self.grid_sums[done], done * GROW_STEP, m)

    def scores(self, m: int) -> Scores:
        return scores_from_raw(self.grid_raw(m), self.split, predicted(self.raw_train[m]),
                               predicted(self.raw_test[m]))

    def tree_output(self, i: int, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Tree k of stage i (from 0) on the grid and at the training points."""
        v = self.values[i][k]
        return v[self.grid_leaves[i][k]], v[self.train_leaves[i][k]]


def _newton_step(tree, leaves: np.ndarray, neg_gradient: np.ndarray, y: np.ndarray, n_classes: int) -> None:
    """Set every leaf's value to scikit-learn's: the mean residual y - p in the leaf over
    the mean p(1 - p), times (K - 1) / K for K > 2 classes, 0 where p(1 - p) vanishes.

    Each leaf's sums run over its points in their order, as ``np.average`` sums them in
    ``sklearn.ensemble._gb._update_terminal_regions``, so every value is the same float;
    one sort replaces its search and two ``np.average`` calls a leaf.
    """
    prob = y - neg_gradient
    hessian = prob * (1 - prob)
    order = np.argsort(leaves, kind="stable")
    residual, hessian = neg_gradient[order], hessian[order]
    counts = np.bincount(leaves)
    nodes = np.flatnonzero(counts)
    scale = 1.0 if n_classes <= 2 else (n_classes - 1) / n_classes
    value, start = tree.value, 0
    for node, stop in zip(nodes.tolist(), np.cumsum(counts[nodes]).tolist()):
        n = float(stop - start)
        numerator = residual[start:stop].sum() / n * scale
        denominator = hessian[start:stop].sum() / n
        value[node, 0, 0] = 0.0 if abs(denominator) < 1e-150 else float(numerator) / float(denominator)
        start = stop


# Grown models depend on the data, the rate and the depth, not on the number of stages
# or the stage shown: moving either reads the same one.
@lru_cache(maxsize=8)
def boosting(data, noise, balance, n_points, test_share, seed, learning_rate, max_depth) -> Boosting:
    s = split(PlaneParams(data, noise, balance, n_points, test_share, seed))
    # Trees compare float32 features (what their fit and predict convert to).
    points = tuple(np.ascontiguousarray(X, dtype=np.float32) for X in (s.grid, s.X_train, s.X_test))
    return Boosting(s, learning_rate, max_depth, np.random.RandomState(seed), points)


def log_loss(y: np.ndarray, proba: np.ndarray) -> float:
    """scikit-learn's ``log_loss`` (probabilities clipped at float eps), without its checks."""
    eps = np.finfo(proba.dtype).eps
    return float(-np.mean(np.log(np.clip(proba[np.arange(len(y)), y], eps, 1 - eps))))


@dataclass
class XGBoosting(Grown):
    """XGBoost grown the same way, one round at a time on one Booster.

    ``XGBClassifier.fit`` runs ``xgboost.train``: ``Booster.update`` once a round on a
    QuantileDMatrix of the training set, then the error on each evaluation set. The page
    makes the same calls on one Booster it keeps, so growing adds rounds in place, where
    continuing a fit (``xgb_model=``) copied the model and predicted every old tree
    again (100 more rounds: ~16 ms against ~39). The tests compare it with fresh fits of
    XGBClassifier, the snippet's model.
    """

    split: Split
    booster: object
    train: object  # the training and test sets as XGBClassifier.fit makes them
    test: object
    train_curve: np.ndarray = field(default_factory=lambda: np.zeros(0))  # accuracy after 1, 2, ... rounds
    test_curve: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # The lock (``Grown``) is also held while predicting: a Booster must not predict while
    # it is being updated.
    STEP, MOST = GROW_STEP, MAX_STAGES

    def extend(self, target: int) -> None:
        errors = []
        for i in range(self.size, target):
            self.booster.update(self.train, i)
            # "[i]\tvalidation_0-error:0.12\tvalidation_1-error:0.2", read as
            # xgboost.train's evaluation callback reads it for evals_result().
            line = self.booster.eval_set([(self.train, "validation_0"), (self.test, "validation_1")], i)
            errors.append([float(part.split(":")[1]) for part in line.split()[1:]])
        train_curve, test_curve = (np.concatenate([old, 1 - np.array(new)]) for old, new in
                                   zip((self.train_curve, self.test_curve), np.transpose(errors)))
        readonly((train_curve, test_curve))
        self.train_curve, self.test_curve = train_curve, test_curve

    def scores(self, m: int) -> Scores:
        """``evaluate`` for the model of the first m rounds, as XGBClassifier predicts:
        probabilities from the Booster, 1 - p beside p for two classes, class 1 where p > 0.5
        (which is the larger column, so argmax), the largest column for more classes."""
        s = self.split
        points = np.concatenate([s.grid, s.X_train, s.X_test])  # one call: rows are predicted alone
        with self.lock:
            proba = self.booster.inplace_predict(points, iteration_range=(0, m))
        if proba.ndim == 1:
            proba = np.column_stack([1 - proba, proba])
        classes = proba.argmax(axis=1)
        n_grid, n_train = len(s.grid), len(s.X_train)
        return scores_of(s, classes[n_grid:n_grid + n_train], classes[n_grid + n_train:],
                         classes[:n_grid].reshape(GRID, GRID), proba[:n_grid].max(axis=1))


@lru_cache(maxsize=8)
def xgboost(data, noise, balance, n_points, test_share, seed, learning_rate, max_depth) -> XGBoosting:
    from xgboost import Booster, QuantileDMatrix  # a 0.5 s import, paid only on this page

    s = split(PlaneParams(data, noise, balance, n_points, test_share, seed))
    model = xgb_model(0, learning_rate, max_depth, seed, s.n_classes)
    # What XGBClassifier.fit hands xgboost.train: its parameters, the multi-class
    # objective for more than two classes, and QuantileDMatrix sets (labels as float32,
    # which it takes as they are: read-only int64 labels cost it ~60 ms of conversion).
    params = model.get_xgb_params()
    if s.n_classes > 2:
        params.update(objective="multi:softprob", num_class=s.n_classes)
    train = QuantileDMatrix(s.X_train, label=s.y_train.astype(np.float32), nthread=model.n_jobs)
    test = QuantileDMatrix(s.X_test, label=s.y_test.astype(np.float32), ref=train, nthread=model.n_jobs)
    return XGBoosting(s, Booster(params, [train, test]), train, test)


# Kept apart from the model: scrubbing through the stages asks for the same scores again,
# and so does building the stages' frames to play (every stage's run scores all n trees).
@lru_cache(maxsize=16)
def boosting_scores(data, noise, balance, n_points, test_share, seed, learning_rate, max_depth, m) -> Scores:
    grown = boosting(data, noise, balance, n_points, test_share, seed, learning_rate, max_depth)
    grown.grow(m)
    return grown.scores(m)


@lru_cache(maxsize=16)
def xgboost_scores(data, noise, balance, n_points, test_share, seed, learning_rate, max_depth, m) -> Scores:
    grown = xgboost(data, noise, balance, n_points, test_share, seed, learning_rate, max_depth)
    grown.grow(m)
    return grown.scores(m)


def xgb_model(n_stages, learning_rate, max_depth, seed, n_classes):
    """The XGBClassifier of the page's snippet (and, through its parameters, the page's).

    One thread: on small data XGBoost's threads wait more than they work, and the
    result is then the same on every machine.
    """
    from xgboost import XGBClassifier

    return XGBClassifier(n_estimators=n_stages, learning_rate=learning_rate, max_depth=max_depth,
                         random_state=seed, n_jobs=1,
                         eval_metric="error" if n_classes == 2 else "merror")
