"""IsolationForest's scores, with its trees grown by scikit-learn's own builder.

``IsolationForest.fit`` spends nearly all its time around its trees rather than in them: each
of its 100 ``ExtraTreeRegressor``s is cloned, checked and given three new ``RandomState``s
(~1.2 ms a tree, ~130 ms a fit on the outliers page's 50 points, most of a slider move),
while building one takes ~0.1 ms. ``scores`` draws every tree exactly as the forest draws it
(the same seeds, the same subsample, the same splitter stream) and builds it with the same
``RandomSplitter``, ``MSE`` and ``DepthFirstTreeBuilder`` that ``BaseDecisionTree._fit`` sets
up (in the pinned scikit-learn 1.9.1), then scores the points as ``score_samples`` does.

These are private classes: tests/explorers/test_outliers.py compares the scores with the
forest's own ``score_samples``, so an upgrade that changes them fails there, not on the page.
"""

from __future__ import annotations

import numpy as np
from sklearn.ensemble._iforest import _average_path_length
from sklearn.tree._criterion import MSE
from sklearn.tree._splitter import RandomSplitter
from sklearn.tree._tree import DepthFirstTreeBuilder, Tree
from sklearn.utils.random import sample_without_replacement

MAX_INT = np.iinfo(np.int32).max
N_ESTIMATORS = 100  # IsolationForest's default
MAX_SAMPLES = 256  # its max_samples="auto": min(256, n)


def scores(X: np.ndarray, seed: int) -> np.ndarray:
    """``IsolationForest(random_state=seed).fit(X).score_samples(X)``, for dense ``X``."""
    X = np.ascontiguousarray(X, dtype=np.float32)  # the forest's tree dtype
    n, n_features = X.shape
    max_samples = min(MAX_SAMPLES, n)
    max_depth = int(np.ceil(np.log2(max(max_samples, 2))))
    # fit: the targets the trees split (never on: a random splitter ignores them but the
    # criterion reads them), then the bagging's own seeds, each from a fresh RandomState(seed).
    y = np.random.RandomState(seed).uniform(size=n).reshape(-1, 1)
    seeds = np.random.RandomState(seed).randint(MAX_INT, size=N_ESTIMATORS)
    stream = np.random.RandomState()  # re-seeded for each draw below, as fresh as a new one
    leaf_depths, leaf_sizes = [], []  # per tree: each point's leaf depth, and its leaf's samples
    for tree_seed in seeds:
        stream.seed(tree_seed)
        splitter_seed = stream.randint(MAX_INT)  # _set_random_states: the tree's random_state
        stream.seed(tree_seed)
        # _generate_bagging_indices: the features (all of them, but drawn all the same), then
        # the rows, passed to the tree as counts.
        sample_without_replacement(n_features, n_features, random_state=stream)
        rows = sample_without_replacement(n, max_samples, random_state=stream)
        weights = np.bincount(rows, minlength=n).astype(np.float64)
        stream.seed(splitter_seed)
        # ExtraTreeRegressor(max_features=1, splitter="random"): min_samples_leaf=1,
        # min_weight_leaf=0, no monotonic constraints; min_samples_split=2, no impurity floor.
        splitter = RandomSplitter(MSE(1, n), 1, 1, 0.0, stream, None)
        tree = Tree(n_features, np.array([1], dtype=np.intp), 1)
        DepthFirstTreeBuilder(splitter, 2, 1, 0.0, max_depth, 0.0).build(tree, X, y, weights, None)
        leaves = tree.apply(X)
        leaf_depths.append(tree.compute_node_depths()[leaves])
        leaf_sizes.append(tree.n_node_samples[leaves])
    # score_samples: the depth of each point's leaf, plus the average path length of an
    # unbuilt subtree with that leaf's samples. That function works value by value, so it
    # is called once for every tree's leaves (each call validates its input: ~0.1 ms).
    extra = _average_path_length(np.concatenate(leaf_sizes)).reshape(N_ESTIMATORS, n)
    depths = np.zeros(n)
    for depth, more in zip(leaf_depths, extra):  # summed tree by tree, in the forest's order
        depths += depth + more - 1.0
    denominator = N_ESTIMATORS * _average_path_length([max_samples])
    return -(2 ** (-np.divide(depths, denominator, out=np.ones_like(depths), where=denominator != 0)))
