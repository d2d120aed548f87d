"""``mutual_info_classif`` of continuous columns, as scikit-learn computes it, without the
checks it repeats for every column.

For each column, scikit-learn's ``_compute_mi_cd`` fits a ``NearestNeighbors`` once per
class and builds a ``KDTree`` on the column, and each of those checks its one-column
array again (``check_array``, ~0.3 ms a time, six times a column): on the few hundred
rows of the selection view that was half of each column's ~6 ms, and a data move under
mutual information scores every column four times (three folds and every row). Here the
same trees are built and queried on the same numbers (the k-d tree ``NearestNeighbors``
chooses, with its leaf size and metric; brute force where it would choose brute force),
so the scores are the same floats: tests/explorers/test_feature_selection.py compares
them with ``mutual_info_classif``'s to the bit (pinned scikit-learn 1.9.1: an upgrade that
changes the estimator fails there, not on the page).
"""

from __future__ import annotations

import numpy as np
from scipy.special import digamma
from sklearn.feature_selection._mutual_info import _compute_mi_cd
from sklearn.neighbors import KDTree
from sklearn.preprocessing import scale
from sklearn.utils import check_random_state

N_NEIGHBORS = 3  # mutual_info_classif's default
LEAF_SIZE = 30  # NearestNeighbors' default, whose k-d tree _compute_mi_cd queries


def mutual_info_continuous(X: np.ndarray, y: np.ndarray, random_state: int) -> np.ndarray:
    """``mutual_info_classif(X, y, random_state=random_state)`` for a float array of
    continuous columns (``discrete_features="auto"`` on a dense array) and class labels."""
    X = scale(np.array(X, dtype=np.float64), with_mean=False, copy=False)
    # The small noise Kraskov et al. advise, drawn as mutual_info_classif draws it.
    means = np.maximum(1, np.mean(np.abs(X), axis=0))
    X += 1e-10 * means * check_random_state(random_state).standard_normal(size=X.shape)
    labels, counts = np.unique(y, return_counts=True)
    k = np.minimum(N_NEIGHBORS, counts - 1)
    # NearestNeighbors' "auto" takes brute force (other arithmetic) for a class this small,
    # and a class of one row is left out: then scikit-learn's own function, as it is.
    if np.any(counts < 2) or np.any(k >= counts // 2):
        return np.array([_compute_mi_cd(X[:, i], y, N_NEIGHBORS) for i in range(X.shape[1])])
    radius = np.empty(X.shape)
    k_all = np.empty(len(y))
    label_counts = np.empty(len(y))
    for label, count, kk in zip(labels, counts, k):
        mask = y == label
        radius[mask] = np.nextafter(_kth_distance(X[mask], int(kk)), 0)
        k_all[mask] = kk
        label_counts[mask] = count
    # The same for every column: the class sizes and k, not the values.
    constant = digamma(len(y)) + np.mean(digamma(k_all)) - np.mean(digamma(label_counts))
    mi = []
    for i in range(X.shape[1]):
        c = X[:, i].reshape((-1, 1))
        # KDTree counts some points by their squared distance and others by a node's bounds,
        # so the counts are the tree's own (at the radius, the two can round apart).
        m_all = np.array(KDTree(c).query_radius(c, radius[:, i], count_only=True, return_distance=False))
        mi.append(max(0, constant - np.mean(digamma(m_all))))
    return np.array(mi)


def _kth_distance(X: np.ndarray, k: int) -> np.ndarray:
    """Each value's distance to its k-th nearest other value in its column, as the k-d tree
    of NearestNeighbors' ``kneighbors()`` gives it for a one-column array (sqrt of the
    squared difference, the same floats). On a line the k nearest values of a point are
    among the k sorted on either side of it, and the rounded difference grows with the
    gap, so the k-th smallest of those 2k distances is the k-th nearest."""
    order = np.argsort(X, axis=0, kind="stable")
    v = np.take_along_axis(X, order, axis=0)
    candidates = np.full((k * 2,) + v.shape, np.inf)
    for s in range(1, k + 1):
        candidates[2 * s - 2, s:] = v[s:] - v[:-s]  # to the s-th value below
        candidates[2 * s - 1, :-s] = v[s:] - v[:-s]  # to the s-th value above
    distance = np.sqrt(candidates * candidates)
    kth = np.sort(distance, axis=0)[k - 1]
    out = np.empty_like(kth)
    np.put_along_axis(out, order, kth, axis=0)
    return out
