"""Cross-validation and model selection
=====================================

Four views of one question, how well will this model do on data it has not seen:

* **Folds.** KFold, StratifiedKFold, GroupKFold, TimeSeriesSplit, ShuffleSplit and
  leave-one-out, drawn as index maps on the data (one row per fold, each row of the data
  train or test), with the class and the group of every row beneath, as in scikit-learn's
  "Visualizing cross-validation behavior"; the chosen fold drawn on the data's scatter; and
  each fold's real score from ``cross_validate`` on a ``Pipeline``.
* **Spread.** The fold scores of a shuffled StratifiedKFold for every k from 2 to 10: their
  mean hardly moves, their spread grows as the test folds shrink, and most of it is the
  sampling noise of a small test fold.
* **Leakage.** Columns of pure noise, and the ``SelectKBest`` that picks the ones most
  related to the label. Picked on all the rows before cross-validation, they score far
  above chance; picked inside the pipeline, on each fold's training rows only, they score
  what noise deserves.
* **Nested.** ``GridSearchCV``'s ``best_score_`` is the best of several noisy scores, so it
  flatters the winner; ``cross_val_score`` of the whole search (nested cross-validation)
  scores it on rows the search never saw.

Only the chosen view is computed; everything random comes from ``p.seed``. The leakage and
nested views live in ``explorers/_cv_search.py``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.cluster import KMeans
from sklearn.model_selection import (GroupKFold, KFold, LeaveOneOut, ShuffleSplit, StratifiedKFold,
                                     TimeSeriesSplit, cross_validate)
from sklearn.preprocessing import StandardScaler

from datasets import describe
from datasets.planes import PLANES, TABLES, class_counts, sample_plane
from datasets.readonly import readonly
from datasets.tables import Labelled, labelled_code
from explorers import _cv_search as search
from explorers._contract import choice, knob, knobs, literal
from explorers._cv_search import FEATURES, MODELS, Leakage, Nested, model_code, pipeline
from explorers._threads import trusted_inputs

NOTICE = (
    "Which rows a fold tests decides its score: on rows sorted by class, plain KFold tests some folds on "
    "a class the model never saw, and they score 0. Fold scores spread as the folds shrink; features "
    "picked before cross-validation, and a grid search's best_score_, flatter the model."
)
MISREADING = (
    "\"Cross-validation keeps the test rows unseen, so its score is honest whatever came before\": "
    "pick 20 of 1,000 columns of pure noise on all the rows first, and they cross-validate at over 75% "
    "accuracy where chance is 50%. Only what happens inside the pipeline, on each fold's training rows, "
    "is kept from the test rows."
)
HEADLINE = "value"

VIEWS = ("folds", "spread", "leakage", "nested")
WHAT = {  # each view's headline number, as the page and the code name it
    "folds": "mean accuracy over the folds",
    "spread": "standard deviation of the fold accuracies at the chosen k",
    "leakage": "accuracy selected outside minus inside cross-validation",
    "nested": "mean of best_score_ minus the nested score",
}
SPLITTERS = ("KFold", "StratifiedKFold", "GroupKFold", "TimeSeriesSplit", "ShuffleSplit", "LeaveOneOut")
SHUFFLED = ("KFold", "StratifiedKFold", "GroupKFold")  # the splitters with a shuffle switch
ORDERS = ("as given", "by class", "shuffled", "by group")
K_SWEEP = np.arange(2, 11)  # the spread view's k, every one from 2 to 10
readonly(K_SWEEP)
TRAIN, TEST, UNUSED = 1, 2, 0  # a row's role in a fold, as the index map colours it
MAX_LOO = 600  # leave-one-out fits one model per row: every shipped set, not a 1,000-row table
SHOWN_FOLDS = 10  # the fold slider's end; leave-one-out's later folds are alike
MIN_NEIGHBOURS = 5  # k-NN's n_neighbors: every training part needs at least as many rows
DATA = (*PLANES, *TABLES)
SYNTHETIC = tuple(PLANES)
FOLDED = ("folds", "spread")  # the views that run on the data set, or the learner's table


@dataclass(frozen=True)
class Params:
    HIDE_INACTIVE = True  # the page hides the other views' controls (ui/controls.py)

    view: str = choice(
        "folds", options=VIEWS, label="View",
        help="folds: how each splitter cuts the rows, drawn on the data, and each fold's score. spread: "
             "how much the fold scores disagree, for every k. leakage: selecting features before "
             "cross-validation, on pure noise. nested: tuning's best_score_ against nested cross-validation.",
    )
    splitter: str = choice(
        "KFold", options=SPLITTERS, label="Splitter", when=("view", ("folds",)),
        help="KFold: k consecutive blocks. StratifiedKFold: each fold keeps the class shares. GroupKFold: "
             "a group's rows are never split between train and test. TimeSeriesSplit: train on the past, "
             "test on what follows. ShuffleSplit: k independent random splits. LeaveOneOut: every row is "
             "a test fold of its own.",
    )
    k: int = knob(4, lo=2, hi=10, label="Folds k", when=("view", ("folds", "spread", "leakage")),
                  help="n_splits: how many folds (ShuffleSplit: how many random splits). Each fold tests on "
                       "about 1/k of the rows and trains on the rest.")
    fold: int = knob(1, lo=1, hi=SHOWN_FOLDS, label="Fold on the scatter", when=("view", ("folds",)),
                     help="Which fold the scatter and the fold chart pick out (clipped to the number of "
                          "folds).")
    shuffle: str = choice("off", options=("off", "on"), label="Shuffle", when=("view", ("folds",)),
                          help="KFold, StratifiedKFold and GroupKFold: shuffle the rows (or the groups) "
                               "before cutting the folds, with the seed. Off, the folds follow the row order.")
    order: str = choice(
        "by class", options=ORDERS, label="Row order", when=("view", ("folds",)),
        help="How the rows come: as the data set or your file has them, sorted by class (as iris "
             "ships), shuffled, or each group's rows together. Splitters that do not shuffle cut the "
             "rows in this order.")
    groups: int = knob(6, lo=2, hi=8, label="Groups", when=("view", ("folds",)),
                       help="The rows are put in this many groups of nearby points (k-means), standing "
                            "for patients or sites whose rows resemble each other. GroupKFold keeps each "
                            "group whole, on one side of every fold.")
    test_share: float = knob(0.2, lo=0.1, hi=0.5, step=0.05, label="Test share", when=("view", ("folds",)),
                             help="ShuffleSplit: the share of the rows each split tests on.")
    features: int = choice(
        1000, options=FEATURES, label="Noise features", when=("view", ("leakage",)),
        help="Columns of pure noise: random numbers that have nothing to do with the label. The more "
             "there are, the more of them look related to it by chance.")
    kept: int = knob(20, lo=1, hi=50, label="Features kept", when=("view", ("leakage",)),
                     help="SelectKBest keeps the columns with the highest F-statistic against the label "
                          "(clipped to the number of columns).")
    samples: int = knob(50, lo=20, hi=200, step=10, label="Rows", when=("view", ("leakage",)),
                        help="How many rows of noise, half in each class.")
    candidates: int = knob(4, lo=2, hi=len(search.GRIDS["k-NN"]), label="Candidates",
                           when=("view", ("nested",)),
                           help="How many settings GridSearchCV tries (the number of neighbours for k-NN, "
                                "the maximum depth for a tree). The more it tries, the more its best score "
                                "flatters the winner.")
    trials: int = knob(4, lo=1, hi=search.MAX_TRIALS, label="Trials", when=("view", ("nested",)),
                       help="Each trial shuffles the folds anew (random_state = trial), searches again "
                            "and scores again: the gap shows in the average over trials.")
    size: int = knob(60, lo=50, hi=200, step=10, label="Rows drawn", when=("view", ("nested",)),
                     help=f"How many of the breast cancer table's {search.CANCER_ROWS} tumours the search "
                          "sees. The smaller the data, the noisier each score, and the more the best one "
                          "flatters.")
    model: str = choice(
        "k-NN", options=tuple(MODELS), label="Model",
        help="The classifier at the end of the pipeline, after a StandardScaler: k-nearest neighbours "
             "(5 neighbours; the nested view tunes how many) or a decision tree (depth 4; the nested "
             "view tunes the depth).",
    )
    data: str = choice(
        "three classes", options=DATA, label="Data", when=("view", FOLDED),
        help="Synthetic shapes, then scikit-learn's real tables (two features each): "
             + describe(PLANES) + " " + describe(TABLES)
             + " Or bring your own CSV table: the upload is below the controls.",
    )
    noise: float = knob(0.25, lo=0.0, hi=1.0, step=0.05, label="Noise", when=("view", FOLDED),
                        help="How far points stray from their class's shape; more noise, more overlap.")
    balance: float = knob(0.5, lo=0.1, hi=1.0, step=0.05, label="Class balance", when=("view", FOLDED),
                          help="Size of every other class relative to the first: 1 is balanced, 0.1 is "
                               "ten to one. A small class is where an unstratified fold goes wrong.")
    n_points: int = knob(100, lo=50, hi=400, step=10, label="Points", when=("view", FOLDED),
                         help="Points drawn (real tables are used whole). Leave-one-out fits one model "
                              "per point.")
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seed of the data, the groups, the shuffles and the search's subsample.")

    def shown(self) -> tuple[str, ...]:
        return shown(self)


def shown(p: Params) -> tuple[str, ...]:
    """The controls that belong to ``p``'s view, and in the folds view to its splitter and its
    data: the page shows these and hides the others."""
    out = []
    for name, knob_ in knobs(Params).items():
        applies = knob_.when is None or getattr(p, knob_.when[0]) in knob_.when[1]
        if p.view == "folds":
            applies = applies and {
                "k": p.splitter != "LeaveOneOut",
                "shuffle": p.splitter in SHUFFLED,
                "groups": p.splitter == "GroupKFold" or p.order == "by group",
                "test_share": p.splitter == "ShuffleSplit",
            }.get(name, True)
        if name in ("noise", "balance", "n_points"):
            applies = applies and p.data in SYNTHETIC
        if applies:
            out.append(name)
    return tuple(out)


def relevant(p: Params) -> Params:
    """``p`` with every control its view hides back at its default: the same result, under
    one key whatever the hidden ones were left at."""
    return Params(**{name: getattr(p, name) for name in shown(p)})


# ---- the data ----

@dataclass(frozen=True)
class Data:
    """The rows a fold view splits, in the chosen order, with their groups."""

    X: np.ndarray  # (n, 2)
    y: np.ndarray  # (n,) class index
    groups: np.ndarray  # (n,) group index (k-means clusters)
    class_names: tuple[str, ...]  # escaped for Plotly where they are the learner's
    feature_names: tuple[str, str]
    table: Labelled | None  # the learner's table, or None for the page's own data

    @property
    def n_classes(self) -> int:
        return len(self.class_names)


def _source(p: Params, table: Labelled | None):
    """The key of the rows before they are ordered: the learner's table, or the data set's
    own settings (noise, balance and size only where they apply)."""
    if table is not None:
        return table
    if p.data in TABLES:
        return (p.data,)
    return (p.data, p.noise, p.balance, p.n_points, p.seed)


@lru_cache(maxsize=16)
def _rows(source):
    if isinstance(source, Labelled):
        escape = lambda names: tuple(html.escape(n, quote=False) for n in names)  # noqa: E731
        return source.X, source.y, escape(source.class_names), escape(source.feature_names)
    if len(source) == 1:
        X, y, classes, features = sample_plane(source[0], 0, 0.0, 1.0, 0)
        return readonly(X), readonly(y), classes, features
    name, noise, balance, n, seed = source
    X, y, classes, features = sample_plane(name, n, noise, balance, seed)
    return readonly(X), readonly(y), classes, features


@lru_cache(maxsize=16)
def _groups(source, n_groups: int, seed: int) -> np.ndarray:
    """k-means clusters of the standardised rows, numbered 0, 1, ... as k-means numbers them.

    Rows of one group sit near each other, as a patient's measurements do; a table with
    repeated rows may give fewer groups than asked for.
    """
    X = _rows(source)[0]
    scaled = StandardScaler().fit_transform(X)
    labels = KMeans(n_clusters=n_groups, n_init=1, random_state=seed).fit_predict(scaled)
    return readonly(labels)


def rows(p: Params, table: Labelled | None = None) -> Data:
    source = _source(p, table)
    return _ordered(source, p.order, p.groups, p.seed)


@lru_cache(maxsize=16)
def _ordered(source, order: str, n_groups: int, seed: int) -> Data:
    X, y, classes, features = _rows(source)
    groups = _groups(source, n_groups, seed)
    index = row_order(order, y, groups, seed)
    data = Data(X[index], y[index], groups[index], classes, features,
                source if isinstance(source, Labelled) else None)
    return readonly(data)


def row_order(order: str, y: np.ndarray, groups: np.ndarray, seed: int) -> np.ndarray:
    """The permutation that puts the rows in ``order`` (stable: rows of one class keep theirs)."""
    if order == "by class":
        return np.argsort(y, kind="stable")
    if order == "by group":
        return np.argsort(groups, kind="stable")
    if order == "shuffled":
        return np.random.default_rng(seed).permutation(len(y))
    return np.arange(len(y))


# ---- the folds view ----

def splitter(name: str, k: int, shuffle: bool = False, test_share: float = 0.2, seed: int = 0):
    """The scikit-learn splitter of this name, set as the page sets it."""
    mix = dict(shuffle=True, random_state=seed) if shuffle else {}
    return {
        "KFold": lambda: KFold(n_splits=k, **mix),
        "StratifiedKFold": lambda: StratifiedKFold(n_splits=k, **mix),
        "GroupKFold": lambda: GroupKFold(n_splits=k, **mix),
        "TimeSeriesSplit": lambda: TimeSeriesSplit(n_splits=k),
        "ShuffleSplit": lambda: ShuffleSplit(n_splits=k, test_size=test_share, random_state=seed),
        "LeaveOneOut": lambda: LeaveOneOut(),
    }[name]()


@dataclass(frozen=True)
class Folds:
    data: Data
    splitter: str
    k_asked: int
    n_splits: int  # folds made: k, clipped where the data cannot give k, or n for leave-one-out
    note: str | None  # why the folds differ from what was asked, or what the splitter warns about
    roles: np.ndarray  # (n_splits, n) int8: UNUSED, TRAIN or TEST for every row of every fold
    scores: np.ndarray  # (n_splits,) each fold's test accuracy, from cross_validate
    mean: float
    sd: float  # np.std of the fold accuracies (as scikit-learn's examples report them)
    shown: int  # the fold picked out (0-based)
    test_counts: np.ndarray  # (n_splits, classes) rows of each class in each test fold
    unseen: np.ndarray  # (n_splits,) test rows whose class has no row in that fold's training part
    shared_groups: np.ndarray  # (n_splits,) groups with rows on both sides of the fold

    @property
    def worst(self) -> int:
        return int(np.argmin(self.scores))


def _clipped_k(p: Params, d: Data) -> tuple[int, str | None]:
    """The number of folds the splitter can make on these rows, and a note if it is not ``k``."""
    n, k = len(d.y), p.k
    counts = np.bincount(d.y, minlength=d.n_classes)
    if p.splitter == "LeaveOneOut":
        if n > MAX_LOO:
            raise ValueError(f"Leave-one-out fits one model per row: {n:,} here. This page runs it on up "
                             f"to {MAX_LOO} rows; pick another splitter.")
        return n, None
    if p.splitter == "GroupKFold":
        found = len(np.unique(d.groups))
        if k > found:
            made = f"{found} groups" if found == p.groups else f"{found} groups (k-means found only {found})"
            return found, (f"GroupKFold needs a whole group per test fold: k = {k} asked, {made}, "
                           f"so {found} folds.")
    if p.splitter == "StratifiedKFold":
        if k > counts.max():
            return int(counts.max()), (f"StratifiedKFold needs as many rows of a class as folds: k = {k} "
                                       f"asked, the largest class has {counts.max()}, so {counts.max()} folds.")
        if k > counts.min():
            return k, (f"The smallest class has {counts.min()} rows, fewer than the {k} folds: some test folds "
                       "hold none of it (scikit-learn warns).")
    return k, None


def folds(p: Params, table: Labelled | None = None) -> Folds:
    d = rows(p, table)
    k, note = _clipped_k(p, d)
    key = (_source(p, table), p.order, p.groups, p.splitter, k, p.shuffle, p.test_share, p.model, p.seed)
    roles, scores = _folds(*key)
    counts = np.stack([np.bincount(d.y[r == TEST], minlength=d.n_classes) for r in roles])
    seen = [np.isin(d.y[r == TEST], d.y[r == TRAIN]) for r in roles]
    shared = [len(np.intersect1d(d.groups[r == TRAIN], d.groups[r == TEST])) for r in roles]
    folds_ = Folds(d, p.splitter, p.k, k, note, roles, scores, float(scores.mean()), float(scores.std()),
                   min(p.fold, k) - 1, counts, np.array([int((~s).sum()) for s in seen]), np.array(shared))
    return readonly(folds_)


# Moving the fold slider only picks another row of the same folds, so the folds and their
# scores are memoised on everything else.
@lru_cache(maxsize=32)
def _folds(source, order, n_groups, name, k, shuffle, test_share, model, seed):
    d = _ordered(source, order, n_groups, seed)
    cv = splitter(name, k, shuffle == "on", test_share, seed)
    # Only GroupKFold reads the groups (the others warn that they ignore them).
    grouped = dict(groups=d.groups) if name == "GroupKFold" else {}
    roles = np.zeros((k if name != "LeaveOneOut" else len(d.y), len(d.y)), np.int8)
    for i, (train, test) in enumerate(cv.split(d.X, d.y, **grouped)):
        roles[i, train], roles[i, test] = TRAIN, TEST
    smallest = int((roles == TRAIN).sum(axis=1).min())
    if model == "k-NN" and smallest < MIN_NEIGHBOURS:
        raise ValueError(f"One fold trains on only {smallest} rows, fewer than the {MIN_NEIGHBOURS} neighbours "
                         "k-NN asks for: use more folds or groups, or the decision tree.")
    with trusted_inputs():
        scores = cross_validate(pipeline(model), d.X, d.y, cv=cv, **grouped)["test_score"]
    return readonly((roles, scores))


# ---- the spread view ----

@dataclass(frozen=True)
class Spread:
    data: Data
    ks: np.ndarray  # the k swept (2..10, fewer if the largest class is smaller)
    fold_k: np.ndarray  # (sum of ks,) the k of every fold score
    fold_scores: np.ndarray  # (sum of ks,) every fold's accuracy, k by k
    means: np.ndarray  # (len(ks),)
    sds: np.ndarray  # np.std of each k's fold accuracies
    formula: np.ndarray  # √(acc (1 − acc) / test rows): a fold's sampling noise alone
    test_rows: np.ndarray  # rows in a test fold at each k (n / k)
    current: int  # index of the chosen k in ks

    @property
    def k(self) -> int:
        return int(self.ks[self.current])

    def at(self, i: int) -> np.ndarray:
        return self.fold_scores[self.fold_k == self.ks[i]]


def spread(p: Params, table: Labelled | None = None) -> Spread:
    source = _source(p, table)
    X, y, classes, features = _rows(source)
    ks, fold_k, fold_scores = _sweep(source, p.model, p.seed)
    means = np.array([fold_scores[fold_k == k].mean() for k in ks])
    sds = np.array([fold_scores[fold_k == k].std() for k in ks])
    test_rows = len(y) / ks
    current = int(np.argmin(np.abs(ks - p.k)))
    data = Data(X, y, np.zeros(len(y), int), classes, features, table)
    return readonly(Spread(data, ks, fold_k, fold_scores, means, sds,
                           np.sqrt(means * (1 - means) / test_rows), test_rows, current))


# The k slider only picks a column of the sweep, so the sweep is memoised on the rest.
@lru_cache(maxsize=16)
def _sweep(source, model, seed):
    X, y = _rows(source)[:2]
    ks = K_SWEEP[K_SWEEP <= np.bincount(y).max()]  # StratifiedKFold refuses more folds than that
    scores = []
    with trusted_inputs():
        for k in ks:
            cv = StratifiedKFold(n_splits=int(k), shuffle=True, random_state=seed)
            scores.append(cross_validate(pipeline(model), X, y, cv=cv)["test_score"])
    return readonly((ks, np.repeat(ks, ks), np.concatenate(scores)))


# ---- run ----

@dataclass(frozen=True)
class Result:
    view: str
    value: float  # the view's headline number (WHAT[view] says which)
    folds: Folds | None = None  # only the chosen view's part is computed
    spread: Spread | None = None
    leakage: Leakage | None = None
    nested: Nested | None = None

    @property
    def what(self) -> str:
        return WHAT[self.view]


def run(p: Params, table: Labelled | None = None, progress=None) -> Result:
    """The chosen view's result. ``table``: the learner's rows, for the views that split a
    data set (the others have data of their own); ``progress(fraction, text)``: called as the
    nested view's trials finish, the one computation here that takes seconds."""
    p = relevant(p)
    if p.view == "folds":
        part = folds(p, table)
        return readonly(Result(p.view, part.mean, folds=part))
    if p.view == "spread":
        part = spread(p, table)
        return readonly(Result(p.view, float(part.sds[part.current]), spread=part))
    if p.view == "leakage":
        part = search.leakage(p.samples, p.features, p.kept, p.k, p.model, p.seed)
        return readonly(Result(p.view, part.gap, leakage=part))
    part = search.nested(p.size, p.candidates, p.trials, p.model, p.seed, progress)
    return readonly(Result(p.view, part.gap, nested=part))


# ---- code ----

def code(p: Params, table: Labelled | None = None) -> str:
    p = relevant(p)
    if p.view == "leakage":
        return search.leakage_code(p.samples, p.features, p.kept, p.k, p.model, p.seed)
    if p.view == "nested":
        return search.nested_code(p.size, p.candidates, p.trials, p.model, p.seed)
    return (_folds_code if p.view == "folds" else _spread_code)(p, table)


def data_code(p: Params, table: Labelled | None) -> str:
    """Snippet lines that make the page's rows ``X, y`` (before they are ordered)."""
    if table is not None:
        return labelled_code(table)
    if p.data in TABLES:
        t = TABLES[p.data]
        return f'''\
import numpy as np
from sklearn.datasets import {t.loader}

# {t.about}.
data = {t.loader}()
columns = [list(data.feature_names).index(f) for f in {list(t.features)!r}]
X, y = data.data[:, columns], data.target'''
    plane = PLANES[p.data]
    counts = class_counts(p.n_points, plane.n_classes, p.balance)
    return f'''\
{plane.imports}


{plane.source()}


# {plane.about}: {" + ".join(map(str, counts))} points per class.
X, y = {plane.make.__name__}({counts}, noise={literal(p.noise)}, seed={p.seed})'''


ORDER_CODE = {
    "as given": None,
    "by class": "np.argsort(y, kind=\"stable\")  # sorted by class, as many data sets come (iris does)",
    "shuffled": "np.random.default_rng({seed}).permutation(len(y))  # shuffled",
    "by group": "np.argsort(groups, kind=\"stable\")  # each group's rows together",
}


def splitter_code(name: str, k: int, shuffle: bool, test_share: float, seed: int) -> str:
    mix = f", shuffle=True, random_state={seed}" if shuffle else ""
    return {
        "KFold": f"KFold(n_splits={k}{mix})",
        "StratifiedKFold": f"StratifiedKFold(n_splits={k}{mix})",
        "GroupKFold": f"GroupKFold(n_splits={k}{mix})",
        "TimeSeriesSplit": f"TimeSeriesSplit(n_splits={k})",
        "ShuffleSplit": f"ShuffleSplit(n_splits={k}, test_size={literal(test_share)}, random_state={seed})",
        "LeaveOneOut": "LeaveOneOut()",
    }[name]


def _folds_code(p: Params, table: Labelled | None) -> str:
    d = rows(p, table)
    k, _ = _clipped_k(p, d)
    order = ORDER_CODE[p.order]
    reorder = "" if order is None else f'''
order = {order.format(seed=p.seed)}
X, y, groups = X[order], y[order], groups[order]'''
    cv = splitter_code(p.splitter, k, p.shuffle == "on", p.test_share, p.seed)
    grouped = "groups=groups, " if p.splitter == "GroupKFold" else ""
    return f'''\
{data_code(p, table)}

from sklearn.cluster import KMeans
from sklearn.model_selection import {p.splitter}, cross_validate
{model_code(p.model)}

# Groups: {p.groups} clusters of nearby rows, standing for patients or sites.
groups = KMeans(n_clusters={p.groups}, n_init=1, random_state={p.seed}).fit_predict(
    StandardScaler().fit_transform(X)){reorder}

cv = {cv}
scores = cross_validate(model, X, y, {grouped}cv=cv)["test_score"]
for i, (train, test) in enumerate(cv.split(X, y{", groups" if grouped else ""})):
    if i < {SHOWN_FOLDS}:
        print(f"fold {{i + 1}}: {{len(train)}} training rows, {{len(test)}} test rows "
              f"(classes {{np.unique(y[test])}}), accuracy {{scores[i]:.3f}}")
print(f"{{len(scores)}} folds: accuracy {{scores.mean():.3f}} ± {{scores.std():.3f}}")

value = scores.mean()  # the page's headline: the {WHAT["folds"]}
'''


def _spread_code(p: Params, table: Labelled | None) -> str:
    k = spread(p, table).k
    return f'''\
{data_code(p, table)}

from sklearn.model_selection import StratifiedKFold, cross_validate
{model_code(p.model)}

for k in range(2, {int(K_SWEEP[-1]) + 1}):
    if k > np.bincount(y).max():  # StratifiedKFold needs as many rows of some class as folds
        break
    cv = StratifiedKFold(n_splits=k, shuffle=True, random_state={p.seed})
    scores = cross_validate(model, X, y, cv=cv)["test_score"]
    test_rows = len(y) / k
    noise = np.sqrt(scores.mean() * (1 - scores.mean()) / test_rows)  # a test fold's sampling noise
    print(f"k = {{k:2d}}: mean {{scores.mean():.3f}}, sd {{scores.std():.3f}} "
          f"(√(acc (1 − acc) / {{test_rows:.0f}} rows) = {{noise:.3f}})")
    if k == {k}:
        value = scores.std()  # the page's headline: the {WHAT["spread"]}
'''
