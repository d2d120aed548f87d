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


@lru_cache(maxsize=16)
def importance(data: Columns, min_leaf: int, seed: int) -> Importance:
    X = with_random_columns(data, seed)
    X_train, X_test, y_train, y_test = train_test_split(X, data.y, test_size=TEST_SHARE, stratify=data.y,
                                                        random_state=seed)
    with one_thread(), trusted_inputs():
        model = forest(min_leaf, seed).fit(X_train, y_train)
        test_accuracy, test = _permuted(model, X_test, y_test, REPEATS, seed)
        train_accuracy, train = _permuted(model, X_train, y_train, REPEATS, seed)
    names = tuple(html.escape(n, quote=False) for n in data.feature_names) + RANDOM
    return readonly(Importance(names, model[-1].feature_importances_.copy(), test, train,
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


def _permuted(model, X: np.ndarray, y: np.ndarray, n_repeats: int, random_state: int) -> tuple[float, np.ndarray]:
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
