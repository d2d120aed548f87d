"""The cross-validation page's two lessons about choosing before scoring (see
``explorers/cross_validation.py``): feature selection leaking the test rows' labels, and a
grid search's ``best_score_`` against nested cross-validation.

The leak is ``SelectKBest`` before ``cross_validate`` or as the first step of its ``Pipeline``.
The nested view's numbers are ``GridSearchCV``'s ``best_score_`` and ``cross_val_score`` of the
search, but computed from the fold-level fits the two share. Both call the pipeline's steps
directly (``_scores``): GridSearchCV's and cross_validate's own machinery cost several times
the fits on these few rows. The tests hold every number to GridSearchCV's and
cross_validate's, and the code panel prints those. Each state is memoised, and the nested
view's trials one by one, so a move of the trials slider computes only the trials not seen yet;
k-NN's fold tables hold its whole grid, so a move of the candidates computes nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Callable

import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from datasets.planes import TABLES, load_table
from datasets.readonly import readonly
from explorers._threads import trusted_inputs


@dataclass(frozen=True)
class Model:
    make: Callable[[], object]
    source: str  # the estimator as code writes it
    module: str  # where code imports it from
    param: str  # the hyperparameter the nested view tunes
    grid: tuple  # its values, from which the candidates are spread


MODELS = {
    # Brute force: on a few hundred rows, measuring every distance is quicker than building a
    # tree to search (a sixth of a fold's time), and finds the same nearest rows; only which
    # of two rows at the same distance counts can differ.
    "k-NN": Model(lambda: KNeighborsClassifier(algorithm="brute"), 'KNeighborsClassifier(algorithm="brute")',
                  "sklearn.neighbors", "n_neighbors", (1, 2, 3, 5, 7, 10, 14, 20)),
    "decision tree": Model(lambda: DecisionTreeClassifier(max_depth=4, random_state=0),
                           "DecisionTreeClassifier(max_depth=4, random_state=0)", "sklearn.tree",
                           "max_depth", (1, 2, 3, 4, 5, 6, 8, 10)),
}
GRIDS = {name: m.grid for name, m in MODELS.items()}


@lru_cache(maxsize=None)
def settings(model: str) -> MappingProxyType:
    """The model's ``get_params()``, read once: it inspects the class's signature each time,
    a sixth of a nested move when it was asked per split."""
    return MappingProxyType(MODELS[model].make().get_params())


def pipeline(model: str, *first):
    """``first`` (a feature selector), then a StandardScaler, then the model."""
    return make_pipeline(*first, StandardScaler(), MODELS[model].make())


def model_code(model: str) -> str:
    """The imports and the ``model = make_pipeline(...)`` line of a snippet."""
    m = MODELS[model]
    name = m.source.split("(")[0]
    return f'''\
import numpy as np
from {m.module} import {name}
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

model = make_pipeline(StandardScaler(), {m.source})'''


def _step(model: str) -> str:
    """The model's step name in ``make_pipeline``: its class name in lower case."""
    return MODELS[model].source.split("(")[0].lower()


# ---- leakage ----

FEATURES = (10, 100, 1000, 10000)  # the noise features' choices
# The sweep's points besides the chosen one: 10 columns, where every column is kept (one
# cross-validation), and 1,000. Each other point costs two cross-validations, 10,000 columns
# three times as much again (an F-test of every column in every fold): all four took a third
# of a second at every move of the rows, the columns kept or the seed. 100 and 10,000 are
# drawn when they are the ones chosen.
SWEEP = (10, 1000)
# Three folds, not the k of the other views: the leak does not hang on k, and each fold more
# is one more fit in each of the three cross-validations a move makes.
LEAKAGE_FOLDS = 3
CHANCE = 0.5  # two balanced classes


@dataclass(frozen=True)
class Leakage:
    samples: int
    features: int
    kept: int  # the columns SelectKBest keeps (asked for, clipped to the columns there are)
    k: int
    outside: np.ndarray  # (k,) each fold's accuracy, the columns picked on every row first
    inside: np.ndarray  # (k,) each fold's accuracy, the columns picked inside the pipeline
    sweep: np.ndarray  # the sweep's x: SWEEP and the chosen features
    sweep_outside: np.ndarray  # the mean of ``outside`` at each number of noise features
    sweep_inside: np.ndarray
    current: int  # index of ``features`` in the sweep
    band: float  # 2 √(0.25 / rows): how far from 50% chance puts a mean accuracy, 95% of the time

    @property
    def outside_mean(self) -> float:
        return float(self.outside.mean())

    @property
    def inside_mean(self) -> float:
        return float(self.inside.mean())

    @property
    def gap(self) -> float:
        return self.outside_mean - self.inside_mean

    @property
    def about(self) -> str:
        """What the page computes, in a sentence."""
        return (f"{self.samples} rows of {self.features:,} columns of random numbers, with coin-flip "
                f"labels; SelectKBest keeps {self.kept}; {self.k} stratified folds; the same model after it "
                "either way.")


@lru_cache(maxsize=4)
def noise(samples: int, seed: int, columns: int = FEATURES[-1]):
    """Labels, then ``columns`` noise columns. Drawn a column at a time, as the snippet draws
    them, so the first p columns of more are the data with p columns."""
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(samples) % 2)
    X = rng.standard_normal((columns, samples)).T
    return readonly((X, y))


@lru_cache(maxsize=64)
def _leak(samples: int, features: int, kept: int, k: int, model: str, seed: int):
    # The sweep's columns are the first columns of the chosen ones (or of SWEEP's last).
    X_all, y = noise(samples, seed, max(features, SWEEP[-1]))
    X = X_all[:, :features]
    # cross_validate's folds, its fits and its scores, through the pipeline's steps
    # (``default_scores``): its machinery cost more than these fits.
    splits = list(StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(X, y))
    with trusted_inputs():
        if kept >= features:
            # Every column kept: both ways the selector passes X through whole, so both
            # are this one pipeline (the tests check it against the two written out).
            scores = default_scores(X, y, splits, model)
            return readonly((scores, scores))
        picked = SelectKBest(f_classif, k=kept).fit_transform(X, y)
        outside = default_scores(picked, y, splits, model)
        inside = default_scores(X, y, splits, model, select=kept)
    return readonly((outside, inside))


def leakage(samples: int, features: int, kept: int, k: int, model: str, seed: int) -> Leakage:
    sweep = sorted({*SWEEP, features})
    states = [_leak(samples, f, min(kept, f), k, model, seed) for f in sweep]
    outside, inside = states[sweep.index(features)]
    return readonly(Leakage(
        samples, features, min(kept, features), k, outside, inside, np.array(sweep),
        np.array([o.mean() for o, _ in states]), np.array([i.mean() for _, i in states]),
        sweep.index(features), 2 * np.sqrt(CHANCE * (1 - CHANCE) / samples)))


def leakage_code(samples: int, features: int, kept: int, k: int, model: str, seed: int) -> str:
    m = MODELS[model]
    kept = min(kept, features)
    return f'''\
import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.model_selection import StratifiedKFold, cross_validate
from {m.module} import {m.source.split("(")[0]}
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

rng = np.random.default_rng({seed})
y = rng.permutation(np.arange({samples}) % 2)  # two classes of {samples // 2} rows, in random order
X = rng.standard_normal(({features}, {samples})).T  # {features:,} columns of pure noise, a column at a time

cv = StratifiedKFold(n_splits={k}, shuffle=True, random_state={seed})

# Wrong: the {kept} columns are picked looking at every row's label, the test rows' too.
picked = SelectKBest(f_classif, k={kept}).fit_transform(X, y)
outside = cross_validate(make_pipeline(StandardScaler(), {m.source}), picked, y, cv=cv)["test_score"]

# Right: the selection is the pipeline's first step, fitted on each fold's training rows only.
model = make_pipeline(SelectKBest(f_classif, k={kept}), StandardScaler(), {m.source})
inside = cross_validate(model, X, y, cv=cv)["test_score"]

print(f"selected outside cross-validation: accuracy {{outside.mean():.3f}} ± {{outside.std():.3f}}")
print(f"selected inside the pipeline:      accuracy {{inside.mean():.3f}} ± {{inside.std():.3f}}")
print("chance: 0.500 (the labels are random)")

value = outside.mean() - inside.mean()  # the page's headline: the leak, in accuracy
'''


# ---- nested against non-nested ----

CANCER = "breast cancer"
CANCER_ROWS = 569
MAX_TRIALS = 8
FOLDS = 3  # inner and outer: three keep a trial to about fifty fits at the default four candidates


def candidates(model: str, count: int) -> tuple:
    """``count`` values spread along the model's grid, from its smallest to its largest."""
    grid = MODELS[model].grid
    picks = np.unique(np.round(np.linspace(0, len(grid) - 1, count)).astype(int))
    return tuple(grid[i] for i in picks)


@lru_cache(maxsize=8)
def cancer(size: int, seed: int):
    """``size`` tumours of the breast cancer table, stratified, drawn with the seed."""
    X, y = load_table(CANCER)[:2]
    X, _, y, _ = train_test_split(X, y, train_size=size, stratify=y, random_state=seed)
    return readonly((X, y))


@dataclass(frozen=True)
class Trial:
    best_score: float  # GridSearchCV(...).fit(X, y).best_score_
    nested: np.ndarray  # (FOLDS,) cross_val_score(GridSearchCV(...), X, y): each outer fold's accuracy
    mean_test: np.ndarray  # (candidates,) each candidate's mean cross-validated accuracy
    best: int  # index of the candidate best_score_ belongs to
    picks: np.ndarray  # (FOLDS,) the value each outer fold's search picked


def _scores(X, y, splits, model: str, values: tuple, select: int | None = None) -> np.ndarray:
    """(candidates, splits): each candidate's accuracy on each split's test rows, the pipeline
    fitted on its training rows: GridSearchCV's ``split<i>_test_score``, without its machinery.
    ``select``: the pipeline starts with ``SelectKBest(f_classif, k=select)``.

    On fifty rows of two features, a pipeline's fit and score are almost all scikit-learn's
    per-call checks (clone, parameters, dataframe tests), not arithmetic; so the scaler is
    fitted once per split for every candidate and transforms every row in one call (it works
    element by element, so a row comes out as it would alone), k-NN is asked once for the
    most neighbours (``_knn_predictions``), and the tree gets float32 data checked once (what
    its own check makes of them) and is grown only as deep as it goes (``_tree_predictions``).
    The tests compare every number with GridSearchCV and cross_validate, to the bit.
    """
    predictions = _knn_predictions if model == "k-NN" else _tree_predictions
    out = np.empty((len(values), len(splits)))
    for j, (train, test) in enumerate(splits):
        kept = X if select is None else SelectKBest(f_classif, k=select).fit(X[train], y[train]).transform(X)
        scaled = StandardScaler().fit(kept[train]).transform(kept)
        if model != "k-NN":
            scaled = scaled.astype(np.float32)
        predicted = predictions(scaled[train], y[train], scaled[test], values)
        out[:, j] = [np.mean(pred == y[test]) for pred in predicted]
    return out


# Two squared distances closer than this are treated as a tie, and left to KNeighborsClassifier:
# the scaled rows' squared distances are at most a few hundred, so both of its ways of computing
# them (kneighbors' and predict's) agree far more closely than this.
TIE = 1e-8


def _knn_predictions(X_train, y_train, X_test, values) -> list:
    """KNeighborsClassifier(algorithm="brute", n_neighbors=v).fit(X_train, y_train).predict(X_test)
    for each v of ``values``, from one ``kneighbors`` query for the most neighbours.

    The query is NearestNeighbors', which finds the neighbours by the same code as the
    classifier's without checking the labels. The v nearest training rows are the first v of
    that query wherever the v-th and the next are not tied; then the prediction is their
    majority class, the first class on a tied vote, as predict counts it. A test row with a tie
    at v (duplicated tumours are common) is predicted by KNeighborsClassifier itself. The tests
    compare every value with predict.
    """
    finder = NearestNeighbors(**{k: settings("k-NN")[k] for k in NEIGHBOUR_SETTINGS}).fit(X_train)
    most = min(max(values) + 1, len(X_train))  # one more, to see a tie at the largest v
    distances, neighbours = finder.kneighbors(X_test, n_neighbors=most)
    squared = distances ** 2
    classes, labels = np.unique(y_train, return_inverse=True)  # the classifier's classes_ and codes
    votes = labels[neighbours]  # class index of each neighbour
    fitted = None
    out = []
    for v in values:
        counts = (votes[:, :v, None] == np.arange(len(classes))).sum(axis=1)
        predicted = classes[np.argmax(counts, axis=1)]
        tied = squared[:, v] - squared[:, v - 1] <= TIE if v < most else np.zeros(len(X_test), bool)
        if tied.any():
            if fitted is None:
                fitted = MODELS["k-NN"].make().fit(X_train, y_train)
            predicted[tied] = fitted.set_params(n_neighbors=v).predict(X_test[tied])
        out.append(predicted)
    return out


# KNeighborsClassifier's settings that decide which rows are nearest, as NearestNeighbors takes them.
NEIGHBOUR_SETTINGS = ("algorithm", "leaf_size", "metric", "metric_params", "p", "n_jobs")


def _tree_predictions(X_train, y_train, X_test, depths) -> list:
    """The tree's ``fit(X_train, y_train).predict(X_test)`` at ``max_depth = d`` for each d of
    ``depths`` (float32 data, as the tree's own check leaves them).

    ``max_depth`` only decides which nodes become leaves for being that deep: a tree that
    stopped short of its limit (``get_depth() < d``) never met it, and every larger limit
    grows it again node for node, the same splits from the same random draws. So the depths
    are grown in increasing order until one stops short, and the larger ones take its
    predictions. A stump is read off the first deeper tree (``_stump``). The tests compare
    every value with a tree of that depth.
    """
    grown, final, deeper = {}, None, None
    for depth in sorted(depths):
        if depth == 1 and len(depths) > 1:
            continue  # the stump: from the next tree's root, below
        if final is None:
            tree = DecisionTreeClassifier(**{**settings("decision tree"), "max_depth": depth})
            grown[depth] = tree.fit(X_train, y_train, check_input=False).predict(X_test, check_input=False)
            deeper = tree if deeper is None else deeper
            if tree.get_depth() < depth:
                final = grown[depth]
        else:
            grown[depth] = final
    if 1 in depths and 1 not in grown:
        grown[1] = _stump(deeper, X_test)
    return [grown[d] for d in depths]


def _stump(tree, X_test) -> np.ndarray:
    """What ``max_depth=1`` predicts, from a deeper ``tree`` grown on the same rows.

    The builder splits the root first, before any limit on depth is consulted below it, from
    the splitter's first random draws: a stump's one split is every deeper tree's root split,
    and its two leaves hold the class weights of that split's two children (the builder keeps
    them for every node). So each test row takes the majority class of the depth-1 node its
    path goes through, as predict takes a leaf's (the first class on a tie). Only the root
    is shared so surely: below it, a deeper tree's extra splits use random draws that the
    shallower tree's later nodes would have had, and a tie between features can go the
    other way, so no other depth is read off.
    """
    if tree.tree_.node_count == 1:  # the root is pure: a single leaf at any depth
        nodes = np.zeros(len(X_test), dtype=np.intp)
    else:
        path = tree.decision_path(X_test)  # each row's nodes from the root down
        nodes = path.indices[path.indptr[:-1] + 1]
    return tree.classes_.take(np.argmax(tree.tree_.value[nodes, 0], axis=1), axis=0)


def default_scores(X, y, splits, model: str, select: int | None = None) -> np.ndarray:
    """``cross_validate(pipeline(model), X, y, cv=splits)["test_score"]`` by ``_scores``: the
    model at its own setting (5 neighbours, depth 4); with ``select``, the pipeline starts with
    ``SelectKBest(f_classif, k=select)``."""
    value = settings(model)[MODELS[model].param]
    return _scores(X, y, list(splits), model, (value,), select)[0]


def _best(scores: np.ndarray) -> tuple[np.ndarray, int]:
    """GridSearchCV's ``mean_test_score`` and ``best_index_``: the first of the best means."""
    means = np.average(scores, axis=1)
    return means, int(np.argmax(means))


@lru_cache(maxsize=256)
def _tables(size: int, model: str, seed: int, trial: int, values: tuple) -> tuple[np.ndarray, ...]:
    """One trial's fold-level scores for ``values`` (``_scores``): first on its outer folds,
    then on each outer fold's training rows split again by the same splitter, as that fold's
    own GridSearchCV splits them."""
    X, y = cancer(size, seed)
    cv = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=trial)
    with trusted_inputs():
        outer = list(cv.split(X, y))
        inner = [_scores(X[train], y[train], list(cv.split(X[train], y[train])), model, values)
                 for train, _ in outer]
        return readonly((_scores(X, y, outer, model, values), *inner))


def scored(model: str, count: int) -> tuple:
    """The values a trial's tables hold: k-NN's whole grid, which its one query per split
    answers at the price of a few, so that a move of the candidates fits nothing; the tree's
    candidates, each depth a fit of its own."""
    return MODELS[model].grid if model == "k-NN" else candidates(model, count)


@lru_cache(maxsize=256)
def _trial(size: int, count: int, model: str, seed: int, trial: int) -> Trial:
    """One trial's searches, from the fold-level fits they share.

    The outer folds of ``cross_validate(search, X, y, cv=cv)`` are the folds of
    ``search.fit(X, y)``: the same splitter on the same rows. So the search refitted on an
    outer fold's training rows with the candidate it picked, and scored on that fold's test
    rows, is the very fit the plain search scored for that candidate on that split: one
    table of scores gives ``best_score_`` and every outer fold's nested score. Only each
    outer fold's own inner search (its training rows split again) needs fits of its own.
    """
    values, held = candidates(model, count), scored(model, count)
    rows = [held.index(v) for v in values]  # each candidate's row is its own: the others change nothing
    scores, *inner = (table[rows] for table in _tables(size, model, seed, trial, held))
    picked = [_best(table)[1] for table in inner]
    means, best = _best(scores)
    return readonly(Trial(float(means[best]), scores[picked, np.arange(FOLDS)], means, best,
                          np.asarray([values[i] for i in picked])))


@dataclass(frozen=True)
class Nested:
    model: str
    param: str  # the hyperparameter searched
    values: tuple  # its candidates
    size: int
    trials: tuple[Trial, ...]
    best_scores: np.ndarray  # (trials,) non-nested: best_score_
    nested_scores: np.ndarray  # (trials,) nested: the mean of the outer folds

    @property
    def gap(self) -> float:
        return float(self.best_scores.mean() - self.nested_scores.mean())

    @property
    def about(self) -> str:
        """What the page computes, in a sentence."""
        values = ", ".join(map(str, self.values))
        return (f"{self.size} of the breast cancer table's {CANCER_ROWS} tumours (mean radius and "
                f"texture); GridSearchCV tries {self.param} = {values} with {FOLDS} folds, on all of them for "
                f"best_score_ and inside each of {FOLDS} outer folds for the nested score.")

    @property
    def above(self) -> int:
        """Trials whose best_score_ is above their nested score."""
        return int(np.sum(self.best_scores > self.nested_scores))


def nested(size: int, count: int, trials: int, model: str, seed: int, progress=None) -> Nested:
    done = []
    for t in range(trials):
        if progress is not None:
            progress(t / trials, f"Trial {t + 1} of {trials}: a grid search inside each outer fold…")
        done.append(_trial(size, count, model, seed, t))
    return readonly(Nested(model, MODELS[model].param, candidates(model, count), size, tuple(done),
                           np.array([t.best_score for t in done]), np.array([t.nested.mean() for t in done])))


def nested_code(size: int, count: int, trials: int, model: str, seed: int) -> str:
    m = MODELS[model]
    table = TABLES[CANCER]
    return f'''\
import numpy as np
from sklearn.datasets import {table.loader}
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score, train_test_split
from {m.module} import {m.source.split("(")[0]}
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

# {table.about}: a random {size} of the {CANCER_ROWS}.
data = {table.loader}()
columns = [list(data.feature_names).index(f) for f in {list(table.features)!r}]
X, y = data.data[:, columns], data.target
X, _, y, _ = train_test_split(X, y, train_size={size}, stratify=y, random_state={seed})

model = make_pipeline(StandardScaler(), {m.source})
grid = {{"{_step(model)}__{m.param}": {list(candidates(model, count))}}}

best_scores, nested_scores = [], []
for trial in range({trials}):
    cv = StratifiedKFold(n_splits={FOLDS}, shuffle=True, random_state=trial)
    search = GridSearchCV(model, grid, cv=cv)
    # Non-nested: the best candidate's cross-validated score, on the rows that chose it.
    best_scores.append(search.fit(X, y).best_score_)
    # Nested: the whole search cross-validated; each outer fold searches its own training rows.
    nested_scores.append(cross_val_score(search, X, y, cv=cv).mean())
    print(f"trial {{trial + 1}}: best_score_ {{best_scores[-1]:.3f}}, nested {{nested_scores[-1]:.3f}}")

gap = np.mean(best_scores) - np.mean(nested_scores)
print(f"best_score_ is {{100 * gap:+.1f}} percentage points above the nested score on average")

value = gap  # the page's headline: the optimism of best_score_
'''
