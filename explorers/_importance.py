"""Impurity-based importance against permutation importance, a view of the feature-selection
page, after scikit-learn's example "Permutation Importance vs Random Forest Feature
Importance (MDI)".

Two columns of pure noise join the table: a random number (a different value in every
row) and a random category (three values). A random forest grown to pure leaves uses the
random number to split its training rows apart, so impurity-based importance (MDI, read
off the trees, on the training rows) ranks it above real features. Permutation importance
shuffles one column of held-out rows at a time and measures how much the accuracy drops:
for noise, about nothing. On the training rows the forest has memorised, the random
number's shuffling costs accuracy too, so permutation importance there is fooled the same way.

``permutation_scores`` gives exactly what ``sklearn.inspection.permutation_importance``
does (the same shuffles, from the same seed), with one prediction over every shuffled copy
at once instead of one per column and repeat, which was four fifths of the view's time.
The rows as they are ride along in that prediction: their accuracy is the baseline the
shuffles lose from, and the forest's train and test accuracy on the page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.tree._criterion import Gini
from sklearn.tree._splitter import BestSplitter
from sklearn.tree._tree import DepthFirstTreeBuilder, Tree

from datasets.feature_table import Columns
from datasets.readonly import readonly
from explorers._threads import one_thread, trusted_inputs

# A small forest: 20 trees rank the random number as 40 did (every lesson holds, and across
# seeds 0-3 all but one check), in half the time; fitting and predicting are the view's cost.
TREES = 20
REPEATS = 5  # shuffles of each column
TEST_SHARE = 0.3
RANDOM = ("random number", "random category")
CATEGORIES = 3
CHUNK = 40_000  # shuffled rows predicted in one call of the permutation scores


@dataclass(frozen=True)
class Importance:
    names: tuple[str, ...]  # escaped for Plotly; the last two are the random columns
    mdi: np.ndarray  # (features,) impurity-based importance, the forest's feature_importances_
    test: np.ndarray  # (features, REPEATS) accuracy lost when each column of the test rows is shuffled
    train: np.ndarray  # (features, REPEATS) the same on the training rows
    train_accuracy: float
    test_accuracy: float
    min_leaf: int

    @property
    def test_mean(self) -> np.ndarray:
        return self.test.mean(axis=1)

    @property
    def train_mean(self) -> np.ndarray:
        return self.train.mean(axis=1)

    @property
    def n_real(self) -> int:
        return len(self.names) - len(RANDOM)

    def rank(self, scores: np.ndarray, column: int) -> int:
        """1 for the most important column by ``scores``; ties share the better rank."""
        return int(np.sum(scores > scores[column])) + 1

    @property
    def number(self) -> int:
        return len(self.names) - 2  # the random number's column

    @property
    def category(self) -> int:
        return len(self.names) - 1

    def real_below(self, scores: np.ndarray, column: int) -> int:
        """How many real columns ``scores`` ranks below ``column``."""
        return int(np.sum(scores[:self.n_real] < scores[column]))


def with_random_columns(data: Columns, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = len(data.X)
    return np.column_stack([data.X, rng.standard_normal(n), rng.integers(0, CATEGORIES, n)])


def forest(min_leaf: int, seed: int) -> Pipeline:
    return Pipeline([("forest", RandomForestClassifier(TREES, min_samples_leaf=min_leaf, random_state=seed))])


class GrownForest:
    """``forest(min_leaf, seed).fit(X, y)``'s trees, built by scikit-learn's own tree builder
    without the estimators around them, and what the page reads of that forest: its
    ``feature_importances_`` and its ``predict``.

    A fit of the forest spends ~1.8 ms on each tree's estimator (cloned, handed a seed, its
    targets checked) around a ~0.3 ms build: two fifths of a data move here. Each tree is
    drawn exactly as ``RandomForestClassifier.fit`` draws it (pinned scikit-learn 1.9.1: the
    forest's ``RandomState(seed)`` gives each tree a seed; a bootstrap sample from a fresh
    ``RandomState`` of it, passed as counts; the splitter's stream from another) and built
    with the ``Gini``, ``BestSplitter`` and ``DepthFirstTreeBuilder`` that
    ``DecisionTreeClassifier._fit`` sets up; explorers/random_forest.py grows its forests so
    too. tests/explorers/test_feature_selection.py compares the importances and predictions
    with the forest's own, to the bit, so an upgrade that changes these private classes
    fails there, not on the page.
    """

    def __init__(self, X: np.ndarray, y: np.ndarray, min_leaf: int, seed: int, n_trees: int = TREES):
        self.classes_, codes = np.unique(y, return_inverse=True)
        targets = np.ascontiguousarray(codes, dtype=np.float64).reshape(-1, 1)
        X = np.asarray(X, dtype=np.float32)  # the trees' dtype, as the forest converts it
        n_samples, n_features = X.shape
        n_classes = np.array([len(self.classes_)], dtype=np.intp)
        max_features = max(1, int(np.sqrt(n_features)))  # max_features="sqrt"
        # min_samples_split=2 raised to twice the leaf; no depth limit, weight floor or
        # impurity floor, and no monotonic constraints: the forest's defaults.
        min_split, no_depth_limit = max(2, 2 * min_leaf), np.iinfo(np.int32).max
        forest_stream = np.random.RandomState(seed)
        stream = np.random.RandomState()  # re-seeded for each draw below, as fresh as a new one
        self.trees = []
        for _ in range(n_trees):
            tree_seed = forest_stream.randint(np.iinfo(np.int32).max)
            stream.seed(tree_seed)
            counts = np.bincount(stream.randint(0, n_samples, n_samples), minlength=n_samples)
            stream.seed(tree_seed)
            splitter = BestSplitter(Gini(1, n_classes), max_features, min_leaf, 0.0, stream, None)
            tree = Tree(n_features, n_classes, 1)
            DepthFirstTreeBuilder(splitter, min_split, min_leaf, 0.0, no_depth_limit, 0.0).build(
                tree, X, targets, counts.astype(np.float64), None)
            self.trees.append(tree)

    @property
    def feature_importances_(self) -> np.ndarray:
        """The mean of the trees' normalised impurity decreases (trees with a split only),
        normalised again: ``RandomForestClassifier.feature_importances_``."""
        each = [tree.compute_feature_importances() for tree in self.trees if tree.node_count > 1]
        if not each:
            return np.zeros(self.trees[0].n_features)
        mean = np.mean(each, axis=0, dtype=np.float64)
        return mean / np.sum(mean)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The class with the highest mean of the trees' leaf fractions, summed tree by tree
        as the forest sums them: ``RandomForestClassifier.predict``."""
        X = np.asarray(X, dtype=np.float32)
        proba = np.zeros((len(X), len(self.classes_)))
        for tree in self.trees:
            proba += tree.predict(X)[:, :len(self.classes_)]
        proba /= len(self.trees)
        return self.classes_.take(np.argmax(proba, axis=1), axis=0)


@lru_cache(maxsize=16)
def importance(data: Columns, min_leaf: int, seed: int) -> Importance:
    X = with_random_columns(data, seed)
    X_train, X_test, y_train, y_test = train_test_split(X, data.y, test_size=TEST_SHARE, stratify=data.y,
                                                        random_state=seed)
    with one_thread(), trusted_inputs():
        model = GrownForest(X_train, y_train, min_leaf, seed)  # forest(min_leaf, seed), fitted
        test_accuracy, test = _permuted(model, X_test, y_test, REPEATS, seed)
        train_accuracy, train = _permuted(model, X_train, y_train, REPEATS, seed)
    names = tuple(html.escape(n, quote=False) for n in data.feature_names) + RANDOM
    return readonly(Importance(names, model.feature_importances_, test, train,
                               float(train_accuracy), float(test_accuracy), min_leaf))


def permutation_scores(model, X: np.ndarray, y: np.ndarray, n_repeats: int, random_state: int) -> np.ndarray:
    """``permutation_importance(model, X, y, n_repeats=..., random_state=...).importances``:
    the accuracy lost in each repeat when each column is shuffled.

    scikit-learn draws one seed from ``random_state`` and, for every column, shuffles the
    same index array in place once per repeat, each shuffle applied to the column as the
    previous one left it. The same shuffles are made here, every shuffled copy stacked,
    and the model predicts them all in one call.
    """
    return _permuted(model, X, y, n_repeats, random_state)[1]


def _permuted(model, X: np.ndarray, y: np.ndarray, n_repeats: int,
              random_state: int) -> tuple[float, np.ndarray]:
    """The model's accuracy on ``X`` (``model.score``: the baseline), and ``permutation_scores``."""
    seed = np.random.RandomState(random_state).randint(np.iinfo(np.int32).max + 1)
    order = np.arange(len(X))
    rng = np.random.RandomState(seed)
    columns = []  # where each row of the column comes from, after each repeat
    current = np.arange(len(X))
    for _ in range(n_repeats):
        rng.shuffle(order)
        current = current[order]
        columns.append(current.copy())
    n_rows, n_features = X.shape
    # A few columns' copies per call, so that a wide table of the learner's does not stack
    # hundreds of copies at once (the shuffled rows of one call stay under CHUNK).
    per_call = max(1, CHUNK // (n_rows * n_repeats))
    permuted = np.empty((n_features, n_repeats))
    baseline = None
    for first in range(0, n_features, per_call):
        block = range(first, min(first + per_call, n_features))
        copies = len(block) * n_repeats
        # The first call predicts the rows as they are too, one more copy at the end: a
        # forest predicts each row on its own, so they come out as in a call of their own.
        stacked = np.repeat(X[None], copies + (baseline is None), axis=0)  # (copies, rows, features)
        for b, j in enumerate(block):
            for r, rows in enumerate(columns):
                stacked[b * n_repeats + r, :, j] = X[rows, j]
        predicted = model.predict(stacked.reshape(-1, n_features)).reshape(len(stacked), n_rows)
        if baseline is None:
            baseline = float(np.mean(predicted[-1] == y))
        permuted[first:block.stop] = (predicted[:copies] == y).mean(axis=1).reshape(len(block), n_repeats)
    return baseline, baseline - permuted


def importance_code(data_lines: str, min_leaf: int, seed: int) -> str:
    return f'''\
{data_lines}

from sklearn.ensemble import RandomForestClassifier
from sklearn.inspection import permutation_importance
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.tree._criterion import Gini
from sklearn.tree._splitter import BestSplitter
from sklearn.tree._tree import DepthFirstTreeBuilder, Tree

# Two columns of pure noise: a random number (every row different) and a random category.
rng = np.random.default_rng({seed})
X = np.column_stack([X, rng.standard_normal(len(X)), rng.integers(0, {CATEGORIES}, len(X))])
feature_names = list(feature_names) + {list(RANDOM)!r}
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size={TEST_SHARE}, stratify=y, random_state={seed})

forest = RandomForestClassifier({TREES}, min_samples_leaf={min_leaf}, random_state={seed})
model = Pipeline([("forest", forest)])
model.fit(X_train, y_train)
print(model)
print(f"train accuracy {{model.score(X_train, y_train):.3f}}   "
      f"test accuracy {{model.score(X_test, y_test):.3f}}")

mdi = model[-1].feature_importances_  # impurity-based: from the trees, on the training rows
# Permutation importance: the accuracy lost when one column is shuffled, on rows of either part.
test = permutation_importance(model, X_test, y_test, n_repeats={REPEATS}, random_state={seed})
train = permutation_importance(model, X_train, y_train, n_repeats={REPEATS}, random_state={seed})
test, train = test.importances_mean, train.importances_mean
print(f"{{'feature':24}} {{'MDI':>6}} {{'perm. test':>10}} {{'perm. train':>11}}")
for i in np.argsort(-mdi):
    print(f"{{feature_names[i][:24]:24}} {{mdi[i]:6.3f}} {{test[i]:10.3f}} {{train[i]:11.3f}}")

value = mdi[-2]  # the page's headline: the random number's impurity-based importance
'''
