"""Random forests and bagging: many jagged trees, one smoother vote
=================================================================

A fully grown decision tree follows every noisy training point, so a slightly different
training set gives a very different tree: low bias, high variance. *Bagging* fits many
trees, each on a bootstrap sample (as many points as the training set, drawn with
replacement), and averages their class probabilities. A *random forest* adds one more
source of difference: at every split a tree may only choose among a random subset of the
features (``max_features``). The two data features here make that choice stark: with
``max_features=1`` each split is made on one feature picked at random (scikit-learn's
default ``"sqrt"`` rounds √2 down to 1, so this *is* the default forest); with
``max_features=2`` every split sees both features, and the forest is plain bagged trees.

Each tree's boundary is jagged; their average is smoother, and it wobbles less from one
seed to the next as trees are added. The vote's spread over seeds falls like one over
the square root of the number of trees (predicted from one tree's spread, and measured
across disjoint groups of the grown trees), so test accuracy settles and then stays put:
adding trees does not overfit. About a third of the training points are left out of each
bootstrap sample; scoring each point with only the trees that never saw it gives the
*out-of-bag* score, a test-like estimate that needs no held-out data.

The page grows one forest per setting and reads a forest of ``m`` trees as its first
``m`` trees: a forest fitted with ``n_estimators=m`` and the same ``random_state`` draws
exactly those trees (the tests check it), so moving the trees slider refits nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from sklearn.ensemble import RandomForestClassifier
# scikit-learn's own tree builder, as DecisionTreeClassifier.fit drives it (see _grow_trees).
from sklearn.tree._criterion import Gini
from sklearn.tree._splitter import BestSplitter
from sklearn.tree._tree import DepthFirstTreeBuilder, Tree

from datasets.readonly import readonly
from datasets.tables import Labelled
from explorers._classify import (GRID, SCORES_CODE, PlaneParams, Scores, Split, data_code, on_table,
    scores_of, split)
from explorers._contract import choice, knob
from explorers._grown import Grown

NOTICE = (
    "Each tree's boundary is jagged and each tree alone scores worse than the forest: "
    "averaging many different trees smooths the boundary and steadies the vote, so test "
    "accuracy climbs over the first few dozen trees and then stays flat. Turn bootstrap "
    "off with both features per split and the trees are all (nearly) the same tree, so "
    "adding more changes almost nothing: averaging needs trees that differ."
)
MISREADING = (
    "\"More trees means a more complex model that will overfit\": adding trees only "
    "averages away the forest's own randomness; test accuracy flattens, it does not turn "
    "down. Nor is the forest's near-perfect training accuracy a score: its trees have seen "
    "those points, which is why the out-of-bag score exists."
)
HEADLINE = "test_accuracy"

MAX_TREES = 200
GROW_STEP = 25  # the cached forest grows in steps of this many trees (see explorers/_grown.py)
SHOWN_TREES = 4  # individual trees drawn beside the forest
DEPTHS = ("2", "4", "8", "none")


@dataclass(frozen=True)
class Params(PlaneParams):
    n_trees: int = knob(50, lo=1, hi=MAX_TREES, label="Trees",
                        help="How many trees vote (n_estimators). The forest of m trees is the "
                             "first m trees of the same seed, so sliding this adds or removes "
                             "trees without refitting the others.")
    max_features: str = choice("1", options=("1", "2"), label="Features tried per split",
                               help="max_features. 1: each split uses one feature picked at random "
                                    "(a random forest; scikit-learn's default 'sqrt' is 1 here). "
                                    "2: every split may use both (plain bagging of trees).")
    bootstrap: str = choice("on", options=("on", "off"), label="Bootstrap samples",
                            help="On: each tree fits its own sample of the training set, drawn "
                                 "with replacement. Off: every tree sees every point, so only the "
                                 "random feature choice makes trees differ; and there is no "
                                 "out-of-bag score.")
    max_depth: str = choice("none", options=DEPTHS, label="Tree depth limit",
                            help="max_depth. 'none' grows each tree until its leaves are pure: "
                                 "jagged, high-variance trees, which is what averaging is for. "
                                 "Shallow trees are smoother but biased, and averaging cannot "
                                 "remove bias.")


@dataclass(frozen=True)
class TreeView:
    """One of the forest's trees on its own: its boundary and its test accuracy."""

    index: int
    grid_class: np.ndarray  # (GRID, GRID)
    grid_confidence: np.ndarray
    test_accuracy: float


@dataclass(frozen=True)
class Result:
    split: Split
    scores: Scores  # the forest of n_trees trees
    n_trees: int
    kind: str  # "random forest" (one random feature per split) or "bagged trees"
    train_accuracy: float
    test_accuracy: float
    oob_score: float | None  # scikit-learn's oob_score_ for this forest; None without bootstrap
    oob_missing: int  # training points no tree has left out yet (scikit-learn counts them as class 0)
    trees: tuple[TreeView, ...]  # the first few trees
    mean_tree_accuracy: float  # test accuracy of one tree, averaged over the forest's trees
    curve_trees: np.ndarray  # 1..n_trees
    curve_train: np.ndarray  # accuracy of the forest of its first j trees
    curve_test: np.ndarray
    oob_trees: np.ndarray  # the j at which every training point has an out-of-bag vote
    oob_curve: np.ndarray  # the OOB score of the first j trees, at those j
    spread: np.ndarray  # (n_trees,) predicted std over seeds of a j-tree forest's vote: one tree's / √j
    tree_spread: float  # the same for one tree: spread[0]
    measured_trees: np.ndarray  # forest sizes j at which the spread is also measured
    measured_spread: np.ndarray  # the std of the vote across disjoint forests of j grown trees


def model(p: Params, n_trees: int | None = None) -> RandomForestClassifier:
    """The forest the page shows (n_jobs=1: on two shared cores threads only add overhead)."""
    return RandomForestClassifier(
        n_estimators=n_trees or p.n_trees, max_features=int(p.max_features),
        bootstrap=p.bootstrap == "on", max_depth=None if p.max_depth == "none" else int(p.max_depth),
        random_state=p.seed, n_jobs=1)


def run(p: Params, table: Labelled | None = None) -> Result:
    p = on_table(p, table)  # the learner's table, if any, as the data
    s = split(p)
    m = p.n_trees
    grove = _grove(p.data, p.noise, p.balance, p.n_points, p.test_share, p.seed,
                   p.max_features, p.bootstrap, p.max_depth)
    grove.grow(m)

    # The forest of m trees averages its trees' probabilities in tree order, as
    # scikit-learn's predict_proba does (so the floats, and the ties, are the same).
    grid_proba = grove.grid_sum(m) / m
    test_proba = np.stack(grove.test_proba[:m])  # (m, n_test, k)
    train_proba = np.stack(grove.train_proba[:m])
    trees = np.arange(1, m + 1)
    test_mean = np.cumsum(test_proba, axis=0) / trees[:, None, None]
    train_mean = np.cumsum(train_proba, axis=0) / trees[:, None, None]
    curve_test = (test_mean.argmax(axis=2) == s.y_test).mean(axis=1)
    curve_train = (train_mean.argmax(axis=2) == s.y_train).mean(axis=1)

    scores = scores_of(s, train_mean[-1].argmax(axis=1), test_mean[-1].argmax(axis=1),
                       grid_proba.argmax(axis=1).reshape(GRID, GRID), grid_proba.max(axis=1))

    views = []
    for i in range(min(m, SHOWN_TREES)):
        proba = grove.tables[i][grove.grid_leaves[i]]
        views.append(TreeView(i + 1, proba.argmax(axis=1).reshape(GRID, GRID),
                              proba.max(axis=1).reshape(GRID, GRID),
                              float(np.mean(test_proba[i].argmax(axis=1) == s.y_test))))
        readonly((views[-1].grid_class, views[-1].grid_confidence))

    oob_score, oob_missing, oob_trees, oob_curve = None, 0, np.arange(0), np.zeros(0)
    if p.bootstrap == "on":
        oob_score, oob_missing, oob_trees, oob_curve = _oob(
            train_proba, np.stack(grove.oob[:m]), s.y_train)

    grown = np.stack(grove.test_proba[:max(m, GROW_STEP)])
    spread = _spread(grown, s.y_test, m)
    measured_trees, measured_spread = measured_spread_of(grown, s.y_test)
    arrays = (trees, curve_train, curve_test, oob_trees, oob_curve, spread, measured_trees, measured_spread)
    readonly(arrays)
    return Result(
        split=s, scores=scores, n_trees=m, kind="random forest" if p.max_features == "1" else "bagged trees",
        train_accuracy=scores.train_accuracy, test_accuracy=scores.test_accuracy,
        oob_score=oob_score, oob_missing=oob_missing, trees=tuple(views),
        mean_tree_accuracy=float(np.mean(test_proba.argmax(axis=2) == s.y_test)),
        curve_trees=trees, curve_train=curve_train, curve_test=curve_test,
        oob_trees=oob_trees, oob_curve=oob_curve, spread=spread, tree_spread=float(spread[0]),
        measured_trees=measured_trees, measured_spread=measured_spread,
    )


def _oob(train_proba, left_out, y):
    """Out-of-bag score of the forest of the first j trees, for every j.

    scikit-learn's definition: each training point's probabilities averaged over the
    trees whose bootstrap sample missed it, then the accuracy of their argmax. A point no
    tree has missed yet gets all zeros, so argmax calls it class 0 (and scikit-learn
    warns); the curve starts where that no longer happens, so it is never that artefact.
    """
    votes = np.cumsum(train_proba * left_out[:, :, None], axis=0)  # (m, n_train, k)
    counts = np.cumsum(left_out, axis=0)  # (m, n_train)
    scores = (np.argmax(votes / np.maximum(counts, 1)[:, :, None], axis=2) == y).mean(axis=1)
    covered = np.flatnonzero(counts.min(axis=1) > 0)
    return float(scores[-1]), int(np.sum(counts[-1] == 0)), covered + 1, scores[covered]


def _spread(test_proba, y, m):
    """How much a forest of j trees' vote for the true class varies from seed to seed.

    Given the training set, a forest's trees are independent draws of one random tree
    (each has its own bootstrap sample and feature choices), so the variance over seeds
    of the average of j trees is a single tree's variance over j. A single tree's
    variance at each test point is estimated across the trees grown for this setting
    (at least ``GROW_STEP`` of them); the curve is the root of its mean over test points.
    """
    true_class = test_proba[:, np.arange(len(y)), y]  # (trees, n_test)
    tree_variance = true_class.var(axis=0, ddof=1).mean()
    return np.sqrt(tree_variance / np.arange(1, m + 1))


MEASURED_SIZES = (1, 2, 3, 5, 8, 12, 20, 30, 50)
MIN_FORESTS = 4  # disjoint forests needed to measure a spread at one size


def measured_spread_of(test_proba, y) -> tuple[np.ndarray, np.ndarray]:
    """The seed-to-seed spread of a j-tree forest's vote, measured rather than predicted.

    Given the training set, the grown trees are independent draws (each its own bootstrap
    and feature picks), so disjoint groups of j of them are j-tree forests grown with
    different randomness, as other seeds would grow them. The spread at j is the std of the
    vote for the true class across those forests, root-mean-squared over the test points,
    at every size with at least ``MIN_FORESTS`` disjoint forests.
    """
    true_class = test_proba[:, np.arange(len(y)), y]  # (trees, n_test)
    sizes, spreads = [], []
    for j in MEASURED_SIZES:
        forests = len(true_class) // j
        if forests < MIN_FORESTS:
            break
        votes = true_class[:forests * j].reshape(forests, j, -1).mean(axis=1)
        sizes.append(j)
        spreads.append(float(np.sqrt(votes.var(axis=0, ddof=1).mean())))
    return np.array(sizes), np.array(spreads)


@dataclass
class _Grove(Grown):
    """A forest that grows on demand, with each tree's predictions kept.

    Trees are only added, each drawn as ``RandomForestClassifier.fit`` draws it (see
    ``_grow_trees``), so a forest of m trees is always the first m trees of a forest
    fitted with ``n_estimators=m`` (see ``explorers/_grown.py``).
    """

    split: Split
    params: Params
    # The forest's random stream: one draw per tree gives that tree's random_state.
    random_state: np.random.RandomState
    tables: list = field(default_factory=list)  # per tree: (nodes, classes) probability of each node
    grid_leaves: list = field(default_factory=list)  # per tree: the leaf of each grid point
    test_proba: list = field(default_factory=list)  # per tree: (n_test, classes)
    train_proba: list = field(default_factory=list)
    oob: list = field(default_factory=list)  # per tree: (n_train,) True where left out of its sample
    # The running sum of the trees' grid probabilities after every GROW_STEP trees, so a
    # forest of m trees adds fewer than GROW_STEP trees to one of them (200 cost ~40 ms).
    grid_sums: list = field(default_factory=list)
    STEP, MOST = GROW_STEP, MAX_TREES

    def grid_sum(self, m: int) -> np.ndarray:
        """The sum of the first m trees' grid probabilities, added in tree order."""
        done = m // GROW_STEP * GROW_STEP
        total = self.grid_sums[done // GROW_STEP - 1].copy() if done else 0.0
        return self._add(total, done, m)

    def extend(self, target: int) -> None:
        s = self.split
        # A forest fits and predicts in float32, the dtype its trees' thresholds are stored in.
        grid, X_test, X_train = (a.astype(np.float32) for a in (s.grid, s.X_test, s.X_train))
        for tree, left_out in _grow_trees(self.params, X_train, s.y_train, self.random_state,
                                          target - len(self.tables)):
            # A tree's predict_proba is its leaf's row of this table.
            table = tree.value[:, 0, :]
            # int16: a tree has fewer than 2 x (at most 900) training points nodes, and
            # 200 trees' leaves on the grid then take 4 MB instead of 8.
            self.grid_leaves.append(tree.apply(grid).astype(np.int16))
            self.test_proba.append(table[tree.apply(X_test)])
            self.train_proba.append(table[tree.apply(X_train)])
            if left_out is not None:
                self.oob.append(left_out)
            self.tables.append(table)
        while len(self.grid_sums) < target // GROW_STEP:
            done = len(self.grid_sums) * GROW_STEP
            total = self.grid_sums[-1].copy() if self.grid_sums else 0.0
            self.grid_sums.append(self._add(total, done, done + GROW_STEP))

    def _add(self, total, start: int, stop: int):
        """``total`` plus trees ``start`` to ``stop``'s grid probabilities, one tree at a time
        (the order predict_proba adds them in), into one buffer rather than a new array a tree."""
        if start == stop:
            return total
        if not isinstance(total, np.ndarray):
            total = np.zeros((len(self.grid_leaves[start]), self.tables[start].shape[1]))
        rows = np.empty_like(total)
        for i in range(start, stop):
            np.take(self.tables[i], self.grid_leaves[i], axis=0, out=rows)
            total += rows
        return total


def _grow_trees(p: Params, X: np.ndarray, y: np.ndarray, random_state: np.random.RandomState, n: int):
    """The forest's next ``n`` trees (scikit-learn ``Tree`` objects, a fitted estimator's
    ``tree_``) and the training points each one left out (None without bootstrap), drawn
    exactly as ``RandomForestClassifier.fit`` draws them.

    The forest gives each tree ``random_state.randint(2**31 - 1)`` as its own seed; a
    tree's bootstrap sample is ``RandomState(that seed).randint(0, n, n)``, passed to the
    tree as counts (sample weights), and the tree's splitter draws its own stream from a
    fresh ``RandomState(that seed)`` too.

    The trees are built by scikit-learn's own builder, set up as ``DecisionTreeClassifier.fit``
    sets it up (``BaseDecisionTree._fit`` in the pinned 1.9.1), but without the estimator
    around it. On these few hundred points a tree builds in ~0.1 ms; the estimator's checks
    of its target and weights took ~0.5 ms more, and a new ``RandomState`` ~0.12 ms each
    (re-seeding one takes 2 µs), so a 50-tree data move went from ~40 to ~8 ms. The tests
    compare every tree with the forest's, node for node, so an upgrade that changes these
    private classes fails there, not on the page.
    """
    # The forest encodes the labels as float64 column indices of its classes.
    classes, codes = np.unique(y, return_inverse=True)
    y = np.ascontiguousarray(codes, dtype=np.float64).reshape(-1, 1)
    X = np.asfortranarray(X, dtype=np.float32)  # what the builder would copy it to
    n_classes = np.array([len(classes)], dtype=np.intp)
    max_features = int(p.max_features)
    max_depth = np.iinfo(np.int32).max if p.max_depth == "none" else int(p.max_depth)
    n_samples = len(X)
    stream = np.random.RandomState()  # re-seeded for each draw below, as fresh as a new one
    grown = []
    for _ in range(n):
        seed = random_state.randint(np.iinfo(np.int32).max)
        weights, left_out = None, None
        if p.bootstrap == "on":
            stream.seed(seed)
            counts = np.bincount(stream.randint(0, n_samples, n_samples), minlength=n_samples)
            weights, left_out = counts.astype(np.float64), counts == 0
        stream.seed(seed)
        # min_samples_leaf=1, min_weight_leaf=0, no monotonic constraints; then
        # min_samples_split=2 and min_impurity_decrease=0, scikit-learn's defaults.
        splitter = BestSplitter(Gini(1, n_classes), max_features, 1, 0.0, stream, None)
        tree = Tree(X.shape[1], n_classes, 1)
        DepthFirstTreeBuilder(splitter, 2, 1, 0.0, max_depth, 0.0).build(tree, X, y, weights, None)
        grown.append((tree, left_out))
    return grown


@lru_cache(maxsize=8)
def _grove(data, noise, balance, n_points, test_share, seed, max_features, bootstrap, max_depth):
    p = Params(data, noise, balance, n_points, test_share, seed, max_features=max_features,
               bootstrap=bootstrap, max_depth=max_depth)
    return _Grove(split(p), p, np.random.RandomState(seed))


def code(p: Params, table: Labelled | None = None) -> str:
    p = on_table(p, table)
    f = model(p)
    oob = f.bootstrap
    sizes = sorted({m for m in (1, 5, 20, p.n_trees) if m <= p.n_trees})
    features = "one feature picked at random per split" if p.max_features == "1" else \
        "both features at every split: plain bagging"
    return f'''\
{data_code(p)}

from sklearn.ensemble import RandomForestClassifier

model = RandomForestClassifier(
    n_estimators={f.n_estimators},
    max_features={f.max_features},  # {features}
    bootstrap={f.bootstrap},
    max_depth={f.max_depth},
    oob_score={oob},  # needs bootstrap samples
    random_state={p.seed},
    n_jobs=1,
)
model.fit(X_train, y_train)

{SCORES_CODE}
{"print(f'out-of-bag score {model.oob_score_:.3f}')" if oob else "# No out-of-bag score without bootstrap samples."}

# Each tree alone, and the forest of its first m trees (the same trees a forest with
# n_estimators=m and this random_state would grow).
for i, tree in enumerate(model.estimators_[:{SHOWN_TREES}]):
    print(f"tree {{i + 1}}: test accuracy {{tree.score(X_test, y_test):.3f}}")
for m in {sizes}:
    proba = np.mean([tree.predict_proba(X_test) for tree in model.estimators_[:m]], axis=0)
    print(f"forest of the first {{m}} trees: test accuracy {{np.mean(proba.argmax(axis=1) == y_test):.3f}}")
'''
