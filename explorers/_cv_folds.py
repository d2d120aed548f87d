"""The cross-validation page's fold views (see ``explorers/cross_validation.py``): the rows
in their order with their groups, each splitter's folds as a map of roles with the folds' real
``cross_validate`` scores (through the pipeline's steps, ``default_scores``: equal to the bit),
and the spread of the fold scores as k grows.

Everything is memoised on the settings it depends on, so moving the fold slider picks from
a computation already made, and moving the spread view's k computes that one k's folds.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.cluster import KMeans
from sklearn.model_selection import (GroupKFold, KFold, LeaveOneOut, ShuffleSplit, StratifiedKFold,
                                     TimeSeriesSplit)
from sklearn.preprocessing import StandardScaler

from datasets.planes import TABLES, sample_plane
from datasets.readonly import readonly
from datasets.tables import Labelled
from explorers._cv_search import default_scores
from explorers._threads import trusted_inputs

SPLITTERS = ("KFold", "StratifiedKFold", "GroupKFold", "TimeSeriesSplit", "ShuffleSplit", "LeaveOneOut")
SHUFFLED = ("KFold", "StratifiedKFold", "GroupKFold")  # the splitters with a shuffle switch
ORDERS = ("as given", "by class", "shuffled", "by group")
# The spread view's k besides the chosen one: the ends of the slider. A k costs k fits of a
# few milliseconds each, mostly scikit-learn's fixed cost per fit, so all nine from 2 to 10
# (54 fits) took a third of a second at every move of the data; the ends and the chosen k
# take 12 to 21 fits (16 at the default k = 4) and tell the same story.
SPREAD_KS = (2, 10)
TRAIN, TEST, UNUSED = 1, 2, 0  # a row's role in a fold, as the index map colours it
MAX_LOO = 600  # leave-one-out fits one model per row: every shipped set, not a 1,000-row table
SHOWN_FOLDS = 10  # the fold slider's end; leave-one-out's later folds are alike
MIN_NEIGHBOURS = 5  # k-NN's n_neighbors: every training part needs at least as many rows


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


def _source(p, table: Labelled | None):
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


def rows(p, table: Labelled | None = None) -> Data:
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


def clipped_k(p, d: Data) -> tuple[int, str | None]:
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


def folds(p, table: Labelled | None = None) -> Folds:
    d = rows(p, table)
    k, note = clipped_k(p, d)
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
    splits = list(cv.split(d.X, d.y, **grouped))
    roles = np.zeros((len(splits), len(d.y)), np.int8)
    for i, (train, test) in enumerate(splits):
        roles[i, train], roles[i, test] = TRAIN, TEST
    smallest = int((roles == TRAIN).sum(axis=1).min())
    if model == "k-NN" and smallest < MIN_NEIGHBOURS:
        raise ValueError(f"One fold trains on only {smallest} rows, fewer than the {MIN_NEIGHBOURS} neighbours "
                         "k-NN asks for: use more folds or groups, or the decision tree.")
    with trusted_inputs():  # cross_validate's scores on these splits, through the pipeline's steps
        scores = default_scores(d.X, d.y, splits, model)
    return readonly((roles, scores))


# ---- the spread view ----

@dataclass(frozen=True)
class Spread:
    data: Data
    ks: np.ndarray  # the k drawn: SPREAD_KS and the chosen k, none above the largest class's rows
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


def spread(p, table: Labelled | None = None) -> Spread:
    source = _source(p, table)
    X, y, classes, features = _rows(source)
    most = int(np.bincount(y).max())  # StratifiedKFold refuses more folds than the largest class has rows
    chosen = min(p.k, most)
    ks = np.array(sorted({min(k, most) for k in SPREAD_KS} | {chosen}))
    scores = [_fold_scores(source, p.model, p.seed, int(k)) for k in ks]
    fold_scores = np.concatenate(scores)
    means = np.array([s.mean() for s in scores])
    sds = np.array([s.std() for s in scores])
    test_rows = len(y) / ks
    current = int(np.flatnonzero(ks == chosen)[0])
    data = Data(X, y, np.zeros(len(y), int), classes, features, table)
    return readonly(Spread(data, ks, np.repeat(ks, ks), fold_scores, means, sds,
                           np.sqrt(means * (1 - means) / test_rows), test_rows, current))


# One k's fold scores, memoised on the rest: the k slider computes only a k not seen yet,
# and a move of the data computes the ends and the chosen k anew.
@lru_cache(maxsize=64)
def _fold_scores(source, model, seed, k):
    X, y = _rows(source)[:2]
    cv = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    # The pipeline's steps called directly (explorers/_cv_search.py): cross_validate's own
    # machinery cost more than the fits; the tests hold the scores to cross_val_score's.
    with trusted_inputs():
        return readonly(default_scores(X, y, cv.split(X, y), model))
