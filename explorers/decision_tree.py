"""Decision trees: twenty questions about the coordinates
=======================================================

A decision tree classifies a point by asking it yes-or-no questions, one coordinate at a
time: *is x₁ ≤ 0.53?* If yes, go left and ask the next question there; if no, go right.
The answer at the bottom (a *leaf*) is the majority class of the training points that
ended up there.

Each question is chosen greedily, while growing the tree: of every feature and every
threshold between two training values, take the split that makes the two children
purest. Purity is measured by the *criterion*: Gini impurity (the chance that two points
drawn from the node disagree) or entropy (the bits needed to name a point's class;
scikit-learn's ``log_loss`` is the same number). They rarely pick different splits.

Because every question looks at one coordinate, every split is a straight cut parallel
to an axis, and each cut only divides the rectangle of the node it belongs to. The tree
*is* a nested set of rectangles, and its boundary is a staircase.

Depth is the model's complexity. A stump (depth 1) makes one cut; depth 2, up to four
boxes; and a tree grown until every leaf is pure has carved a box around every noisy
point, so training accuracy is 100 % while the test accuracy pays. A minimum number of
samples per leaf stops the carving earlier, from below.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.tree import DecisionTreeClassifier, export_text

from datasets.readonly import readonly
from datasets.tables import Labelled
from explorers._classify import (SCORES_CODE, PlaneParams, Scores, Split, data_code, evaluate,
    on_table, split)
from explorers._contract import choice, knob, literal

NOTICE = (
    "Every split is a cut parallel to an axis, and each cut only divides the box of its own "
    "node, so the regions are nested rectangles and the boundary a staircase. Add depth and "
    "training accuracy climbs to 100 % while test accuracy peaks early and then sags: the "
    "extra boxes are wrapped around single noisy points."
)
MISREADING = (
    "\"A deeper tree is a better tree\": a tree grown until its leaves are pure memorises "
    "the training set, and its perfect training score says nothing about new points. Nor is "
    "the top split the 'most important feature' in general: it is only the best first cut, "
    "chosen greedily."
)
HEADLINE = "test_accuracy"

DEPTH_MAX = 20  # deeper than most trees here grow before every leaf is pure
CRITERIA = ("gini", "entropy")


@dataclass(frozen=True)
class Params(PlaneParams):
    max_depth: int = knob(3, lo=1, hi=DEPTH_MAX, label="Max depth",
                          help="How many questions in a row the tree may ask. Past the depth at "
                               "which every leaf is pure (or too small to split) nothing changes: "
                               "that is max_depth=None.")
    min_samples_leaf: int = knob(1, lo=1, hi=50, label="Min samples per leaf",
                                 help="No split may leave fewer training points than this in a "
                                      "leaf: a brake on carving boxes around single points.")
    criterion: str = choice("gini", options=CRITERIA, label="Criterion",
                            help="How purity is measured when choosing a split: Gini impurity or "
                                 "entropy (scikit-learn's 'log_loss' is the same as entropy).")
    probe_x: float = knob(0.3, lo=0.0, hi=1.0, step=0.02, label="Follow a point, across",
                          help="A point to send down the tree, as a share of the plot's width: its "
                               "path is highlighted in the diagram and its boxes on the plane.")
    probe_y: float = knob(0.7, lo=0.0, hi=1.0, step=0.02, label="Follow a point, up",
                          help="Where the followed point sits, as a share of the plot's height.")


@dataclass(frozen=True)
class Tree:
    """The fitted tree as arrays indexed by node id (0 is the root), with each node's box.

    ``lo``/``hi`` bound the region of the plot (the boundary grid's extent) that reaches the
    node: the root's box is the whole plot, and a split on feature f at t gives the left
    child ``x_f ≤ t`` and the right child ``x_f > t`` of its parent's box.
    """

    left: np.ndarray  # child ids, -1 at a leaf
    right: np.ndarray
    feature: np.ndarray  # 0 or 1; -2 at a leaf
    threshold: np.ndarray  # go left if x[feature] <= threshold
    depth: np.ndarray
    samples: np.ndarray  # training points reaching the node
    counts: np.ndarray  # (nodes, classes) their classes
    impurity: np.ndarray
    lo: np.ndarray  # (nodes, 2) the node's box
    hi: np.ndarray

    @property
    def is_leaf(self) -> np.ndarray:
        return self.left < 0

    @property
    def n_nodes(self) -> int:
        return len(self.left)


@dataclass(frozen=True)
class Result:
    split: Split
    scores: Scores
    train_accuracy: float
    test_accuracy: float
    tree: Tree
    depth: int  # the depth the tree really reached (at most max_depth)
    n_leaves: int
    max_depth: int
    min_samples_leaf: int
    criterion: str
    probe: np.ndarray  # (2,) the followed point
    probe_path: np.ndarray  # node ids from the root to its leaf
    probe_class: int
    sweep_depth: np.ndarray  # 1 .. DEPTH_MAX
    sweep_train: np.ndarray
    sweep_test: np.ndarray
    full_depth: int  # depth of the tree grown without a depth limit
    rules: str  # scikit-learn's export_text of the tree


def _model(max_depth: int | None, min_samples_leaf: int, criterion: str, seed: int) -> DecisionTreeClassifier:
    # random_state matters even with both features tried at every node: the order they are
    # tried in is random, and it breaks ties between equally good splits.
    return DecisionTreeClassifier(max_depth=max_depth, min_samples_leaf=min_samples_leaf,
                                  criterion=criterion, random_state=seed)


def run(p: Params, table: Labelled | None = None) -> Result:
    p = on_table(p, table)  # the learner's table, if any, as the data
    s = split(p)
    model = _model(p.max_depth, p.min_samples_leaf, p.criterion, p.seed).fit(s.X_train, s.y_train)
    scores = evaluate(model, s)
    tree = tree_arrays(model, s)
    probe = np.array([np.interp(p.probe_x, [0, 1], s.grid_x[[0, -1]]),
                      np.interp(p.probe_y, [0, 1], s.grid_y[[0, -1]])])
    path = model.decision_path(probe[None, :]).indices  # ascending ids: root first (children > parents)
    leaf = path[-1]
    depths, train, test, full_depth = _sweep(p.data, p.noise, p.balance, p.n_points, p.test_share,
                                             p.seed, p.min_samples_leaf, p.criterion)
    readonly((probe, path))
    return Result(
        split=s, scores=scores, train_accuracy=scores.train_accuracy, test_accuracy=scores.test_accuracy,
        tree=tree, depth=int(model.get_depth()), n_leaves=int(model.get_n_leaves()),
        max_depth=p.max_depth, min_samples_leaf=p.min_samples_leaf, criterion=p.criterion,
        probe=probe, probe_path=path, probe_class=int(tree.counts[leaf].argmax()),
        sweep_depth=depths, sweep_train=train, sweep_test=test, full_depth=full_depth,
        rules=export_text(model, feature_names=list(column_names(s)), show_weights=True),
    )


def column_names(s: Split) -> tuple[str, str]:
    """The two features' names as written: a learner's table's own, not the Plotly-escaped ones."""
    return s.feature_names if s.table is None else s.table.feature_names


def tree_arrays(model: DecisionTreeClassifier, s: Split) -> Tree:
    t = model.tree_
    n = t.node_count
    left, right = t.children_left.copy(), t.children_right.copy()
    depth = np.zeros(n, int)
    lo = np.tile([s.grid_x[0], s.grid_y[0]], (n, 1))
    hi = np.tile([s.grid_x[-1], s.grid_y[-1]], (n, 1))
    # Children always have larger ids than their parent, so one pass in id order sees
    # every parent's box before its children's.
    for node in range(n):
        if left[node] < 0:
            continue
        f, cut = t.feature[node], t.threshold[node]
        for child in (left[node], right[node]):
            depth[child] = depth[node] + 1
            lo[child], hi[child] = lo[node], hi[node]
        hi[left[node], f] = cut
        lo[right[node], f] = cut
    # tree_.value holds class shares since scikit-learn 1.4; times the node's (unweighted)
    # sample count they are the counts, up to rounding.
    counts = np.rint(t.value[:, 0, :] * t.weighted_n_node_samples[:, None]).astype(int)
    tree = Tree(left=left, right=right, feature=t.feature.copy(), threshold=t.threshold.copy(),
                depth=depth, samples=t.n_node_samples.copy(), counts=counts,
                impurity=t.impurity.copy(), lo=lo, hi=hi)
    readonly((left, right, tree.feature, tree.threshold, depth, tree.samples, counts, tree.impurity, lo, hi))
    return tree


# Accuracy against depth depends on the data, the leaf minimum and the criterion, not on
# the depth slider or the followed point, so dragging those reuses it.
@lru_cache(maxsize=32)
def _sweep(data, noise, balance, n_points, test_share, seed, min_samples_leaf, criterion):
    s = split(PlaneParams(data, noise, balance, n_points, test_share, seed))
    # scikit-learn grows trees on float32 copies of X; making them once, and fitting with
    # check_input=False, halves the cost of each of the refits (their input checks were
    # most of it), and scoring through tree_.apply skips accuracy_score's checks as well.
    X_train, X_test = (np.ascontiguousarray(X, np.float32) for X in (s.X_train, s.X_test))

    def fit(max_depth):
        return _model(max_depth, min_samples_leaf, criterion, seed).fit(X_train, s.y_train, check_input=False)

    full = fit(None)
    full_depth = int(full.get_depth())
    depths = np.arange(1, DEPTH_MAX + 1)
    train, test = np.empty(DEPTH_MAX), np.empty(DEPTH_MAX)
    # Past full_depth + 1 every max_depth grows the same tree as None: no node reaches the
    # limit, so none is stopped by it (at full_depth itself a leaf that could not be split
    # skips the random draw it would otherwise make, which can change a later tie).
    for d in depths:
        model = full if d > full_depth + 1 else fit(int(d))
        train[d - 1], test[d - 1] = _accuracy(model, X_train, s.y_train), _accuracy(model, X_test, s.y_test)
    readonly((depths, train, test))
    return depths, train, test, full_depth


def _accuracy(model: DecisionTreeClassifier, X32: np.ndarray, y: np.ndarray) -> float:
    """``model.score(X, y)`` for float32 X: each point's leaf, the leaf's majority class."""
    leaf = model.tree_.apply(X32)
    predicted = model.classes_[model.tree_.value[leaf, 0].argmax(axis=1)]
    return float(np.mean(predicted == y))


def code(p: Params, table: Labelled | None = None) -> str:
    p = on_table(p, table)
    names = list(column_names(split(p)))
    return f'''\
{data_code(p)}

from sklearn.tree import DecisionTreeClassifier, export_text

model = DecisionTreeClassifier(max_depth={p.max_depth}, min_samples_leaf={p.min_samples_leaf},
                               criterion="{p.criterion}", random_state={p.seed})
model.fit(X_train, y_train)
print(f"depth {{model.get_depth()}}, {{model.get_n_leaves()}} leaves")

{SCORES_CODE}

# The tree as rules: each line a question, "class" at a leaf, [counts] of training points.
print(export_text(model, feature_names={names!r}, show_weights=True))

# The followed point's path from the root to its leaf.
grid_lo, grid_hi = X.min(axis=0), X.max(axis=0)
margin = 0.08 * (grid_hi - grid_lo)
probe = grid_lo - margin + np.array([{literal(p.probe_x)}, {literal(p.probe_y)}]) * (grid_hi - grid_lo + 2 * margin)
path = model.decision_path([probe]).indices
print(f"point {{probe.round(2)}} passes nodes {{path.tolist()}} and is classed {{model.predict([probe])[0]}}")
'''
