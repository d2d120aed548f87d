"""k-nearest neighbours: from jagged to over-smooth
==================================================

A k-nearest-neighbours classifier keeps the training set and nothing else. To classify a
point it finds the ``k`` training points nearest to it and lets them vote, each with one
vote (``uniform``) or with a vote weighted by one over its distance (``distance``).

With ``k = 1`` every training point owns the cell of the plane nearest to it, so the
boundary follows every noisy point: training accuracy is perfect and the test accuracy
pays for it. As ``k`` grows the vote averages over a wider neighbourhood and the boundary
smooths out, until, with ``k`` near the size of the training set, every point gets the
majority class. The distance decides what "nearest" means: the set of points within a
given Euclidean distance is a disc, within a Manhattan distance a diamond, within a
Chebyshev distance a square, and the boundary inherits those shapes.

Pick a probe point to see its ``k`` neighbours and the ball that holds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.spatial import cKDTree
from sklearn.neighbors import KNeighborsClassifier

from datasets.readonly import readonly
from datasets.tables import Labelled
from explorers._classify import (SCORES_CODE, PlaneParams, Scores, Split, data_code, evaluate,
    on_table, split)
from explorers._contract import choice, knob, literal

NOTICE = (
    "At k = 1 the boundary wraps around every training point, so training accuracy is "
    "perfect while test accuracy suffers; as k grows the boundary smooths and the two "
    "accuracies meet, and at k = 100 both sag as the boundary stops following the data's "
    "curve. Switch the distance and watch the probe's neighbourhood change shape from disc "
    "to diamond to square."
)
MISREADING = (
    "\"k-NN learns nothing, so it cannot overfit\": k = 1 memorises every noisy point, "
    "which is overfitting at its plainest. Nor is a perfect training score evidence of "
    "a good model here: with k = 1 each training point is its own nearest neighbour."
)
HEADLINE = "test_accuracy"

METRICS = ("euclidean", "manhattan", "chebyshev")
MINKOWSKI_P = {"euclidean": 2, "manhattan": 1, "chebyshev": np.inf}  # the same metrics for SciPy
# The sweep of k for the accuracy-against-k chart: every k up to 20, then coarser.
K_SWEEP = np.array([*range(1, 21), 25, 30, 40, 50, 60, 80, 100])
GRID_DEPTHS = (21, 41, 101)  # depths of the cached grid queries; the last exceeds the largest k


@dataclass(frozen=True)
class Params(PlaneParams):
    k: int = knob(15, lo=1, hi=100, label="Neighbours k",
                  help="How many training points vote. Clipped to the training-set size.")
    metric: str = choice("euclidean", options=METRICS, label="Distance",
                         help="What 'nearest' means: straight-line (euclidean), along the axes "
                              "(manhattan), or the largest coordinate difference (chebyshev).")
    weights: str = choice("uniform", options=("uniform", "distance"), label="Votes",
                          help="One vote per neighbour, or votes weighted by 1 / distance, so "
                               "nearer neighbours count more (and k = all is no longer the "
                               "majority class).")
    probe_x: float = knob(0.5, lo=0.0, hi=1.0, step=0.02, label="Probe, across",
                          help="Where the probe point sits, as a share of the plot's width.")
    probe_y: float = knob(0.5, lo=0.0, hi=1.0, step=0.02, label="Probe, up",
                          help="Where the probe point sits, as a share of the plot's height.")


@dataclass(frozen=True)
class Result:
    split: Split
    scores: Scores
    k: int  # the k used: the slider's, clipped to the training-set size
    k_requested: int
    metric: str
    train_accuracy: float
    test_accuracy: float
    probe: np.ndarray  # (2,) the probe's coordinates
    probe_neighbours: np.ndarray  # (k,) indices into X_train, nearest first
    probe_radius: float  # distance to the k-th neighbour: the ball that holds them
    probe_votes: np.ndarray  # (classes,) the vote shares for the probe
    probe_class: int
    sweep_k: np.ndarray  # the k of the accuracy-against-k chart (up to the training size)
    sweep_train: np.ndarray
    sweep_test: np.ndarray


def _model(k: int, metric: str, weights: str) -> KNeighborsClassifier:
    return KNeighborsClassifier(n_neighbors=k, metric=metric, weights=weights)


def run(p: Params, table: Labelled | None = None) -> Result:
    p = on_table(p, table)  # the learner's table, if any, as the data
    s = split(p)
    k = min(p.k, len(s.X_train))
    model = _model(k, p.metric, p.weights).fit(s.X_train, s.y_train)
    scores = evaluate(model, s, grid_proba=_grid_proba(model, s, p))
    probe = np.array([np.interp(p.probe_x, [0, 1], s.grid_x[[0, -1]]),
                      np.interp(p.probe_y, [0, 1], s.grid_y[[0, -1]])])
    distances, neighbours = model.kneighbors(probe[None, :])
    votes = model.predict_proba(probe[None, :])[0]
    sweep_k, sweep_train, sweep_test = _sweep(p.data, p.noise, p.balance, p.n_points, p.test_share,
                                              p.seed, p.metric, p.weights)
    readonly((probe, neighbours[0], votes))
    return readonly(Result(
        split=s, scores=scores, k=k, k_requested=p.k, metric=p.metric,
        train_accuracy=scores.train_accuracy, test_accuracy=scores.test_accuracy,
        probe=probe, probe_neighbours=neighbours[0], probe_radius=float(distances[0, -1]),
        probe_votes=votes, probe_class=int(model.classes_[votes.argmax()]),
        sweep_k=sweep_k, sweep_train=sweep_train, sweep_test=sweep_test,
    ))


# The accuracy-against-k curve depends on the data and the distance, not on k or the
# probe, so dragging those sliders reuses it.
@lru_cache(maxsize=32)
def _sweep(data, noise, balance, n_points, test_share, seed, metric, weights):
    s = split(PlaneParams(data, noise, balance, n_points, test_share, seed))
    ks = K_SWEEP[K_SWEEP <= len(s.X_train)]
    model = _model(int(ks[-1]), metric, weights).fit(s.X_train, s.y_train)
    arrays = ks.copy(), *(sweep_accuracy(model, X, y, ks, s.n_classes)
                          for X, y in ((s.X_train, s.y_train), (s.X_test, s.y_test)))
    readonly(arrays)
    return arrays


def sweep_accuracy(model: KNeighborsClassifier, X, y, ks, n_classes: int) -> np.ndarray:
    """Accuracy on (X, y) of the same classifier at every k in ``ks``, from one query.

    One ``kneighbors`` call for the largest k, then each smaller k's vote is a running
    sum over the first k columns: the same votes scikit-learn counts, without 27 refits
    (which cost ~0.5 s, nearly all input checking). A tie between votes goes to the lowest
    class, as in scikit-learn's ``predict``. Where the k-th and (k+1)-th neighbours of some
    point are equally far (the real tables have repeated values), which of them is in is
    arbitrary: where that could change the vote, scikit-learn itself predicts the point
    (see ``_undecided``), to match the page's own model.
    """
    depth = min(int(ks[-1]) + 1, len(model._fit_X))
    distances, neighbours = model.kneighbors(X, n_neighbors=depth)
    votes = _running_votes(model, distances, neighbours, n_classes)
    predicted = model.classes_[votes[:, ks - 1, :].argmax(axis=2)]  # (n, len(ks))
    labels = model._y[neighbours]
    for i, k in enumerate(ks):
        rows = _undecided(distances, labels, int(k))
        if rows.size:
            refit = _model(int(k), model.metric, model.weights).fit(model._fit_X, model.classes_[model._y])
            predicted[rows, i] = refit.predict(X[rows])
    return (predicted == y[:, None]).mean(axis=0)


def _undecided(distances, labels, k) -> np.ndarray:
    """Rows whose vote over k neighbours is not settled by the sorted query alone.

    Where the k-th and (k+1)-th neighbours are equally far (the real tables repeat
    values), which of the tied points counts is arbitrary. It changes nothing when every
    point in the tie has the same class, since they also weigh the same; otherwise, or
    when the tie runs past the depth queried, scikit-learn itself is asked about that row.
    "Equally far" allows for rounding: a deep query may compute distances another way
    (brute force, through dot products) than the model's own query of k neighbours.
    """
    if k >= distances.shape[1]:
        return np.arange(0)
    rows = np.flatnonzero(_same(distances[:, k - 1], distances[:, k]))
    if rows.size == 0:
        return rows
    tie = _same(distances[rows], distances[rows, k - 1][:, None])  # the tied points of each row
    label = labels[rows]
    mixed = np.any(tie & (label != label[:, k - 1][:, None]), axis=1)
    return rows[mixed | tie[:, -1]]


def _same(a, b):
    return np.isclose(a, b, rtol=1e-9, atol=1e-12)


def _weights(model, distances) -> np.ndarray:
    """Each neighbour's say in the vote, as the model weighs it."""
    if model.weights != "distance":
        return np.ones_like(distances)
    with np.errstate(divide="ignore"):
        weight = 1.0 / distances
    # scikit-learn: a neighbour at distance 0 takes the whole vote among the zeros.
    exact = distances == 0
    return np.where(exact.any(axis=1, keepdims=True), exact.astype(float), weight)


def _running_votes(model, distances, neighbours, n_classes) -> np.ndarray:
    """(n, depth, classes): the vote of the first 1, 2, ... neighbours, weighted as the model says."""
    labels = model._y[neighbours]  # class indices of the neighbours, nearest first
    weight = _weights(model, distances)
    return np.cumsum(weight[:, :, None] * (labels[:, :, None] == np.arange(n_classes)), axis=1)


def _votes(model, distances, neighbours, n_classes) -> np.ndarray:
    """(n, classes): the vote of all the given neighbours, added nearest first as
    scikit-learn adds them (so the floats are its floats)."""
    labels = model._y[neighbours]
    weight = _weights(model, distances)
    votes = np.zeros((len(labels), n_classes))
    rows = np.arange(len(labels))
    for j in range(labels.shape[1]):
        votes[rows, labels[:, j]] += weight[:, j]
    return votes


def _grid_proba(model, s: Split, p: Params) -> np.ndarray:
    """The model's predict_proba on the grid, from one cached neighbour query for every k.

    Moving the k slider then costs a running sum, not a 10,000-point query. Grid points
    whose k-th and (k+1)-th neighbours are equally far (repeated values in the real tables)
    are asked of scikit-learn itself, so the result is its predict_proba exactly.
    """
    k = model.n_neighbors
    # Queried as deep as the next of a few fixed depths: a small k stays a small query,
    # and moving k within the same depth reuses it.
    depth = next(d for d in GRID_DEPTHS if d > k)
    distances, neighbours = _grid_neighbours(p.data, p.noise, p.balance, p.n_points, p.test_share,
                                             p.seed, p.metric, depth)
    votes = _votes(model, distances[:, :k], neighbours[:, :k], s.n_classes)
    proba = votes / votes.sum(axis=1, keepdims=True)
    undecided = _undecided(distances, model._y[neighbours], k)
    if undecided.size:
        proba[undecided] = model.predict_proba(s.grid[undecided])
    return proba


@lru_cache(maxsize=8)
def _grid_neighbours(data, noise, balance, n_points, test_share, seed, metric, depth):
    """Every grid point's ``depth`` nearest training points (fewer if the set is smaller)."""
    s = split(PlaneParams(data, noise, balance, n_points, test_share, seed))
    depth = min(depth, len(s.X_train))
    # SciPy's k-d tree, on both cores: the deepest query (101 neighbours of 10,000 points)
    # is most of a k move's cost, and it splits cleanly over the points. Its distances
    # may differ from scikit-learn's in the last bits, which ``_undecided`` allows for.
    distances, neighbours = cKDTree(s.X_train).query(s.grid, k=depth, p=MINKOWSKI_P[metric], workers=2)
    distances, neighbours = distances.reshape(len(s.grid), -1), neighbours.reshape(len(s.grid), -1)
    neighbours = neighbours.astype(np.int32)  # half the memory; indices are below 1,000
    readonly((distances, neighbours))
    return distances, neighbours


def code(p: Params, table: Labelled | None = None) -> str:
    p = on_table(p, table)
    k = min(p.k, len(split(p).X_train))
    clipped = f"  # {p.k} asked, clipped to the training-set size" if k != p.k else ""
    return f'''\
{data_code(p)}

from sklearn.neighbors import KNeighborsClassifier

model = KNeighborsClassifier(n_neighbors={k}, metric="{p.metric}", weights="{p.weights}"){clipped}
model.fit(X_train, y_train)

{SCORES_CODE}

# The probe point's neighbours: the training points that vote on it, nearest first.
grid_lo, grid_hi = X.min(axis=0), X.max(axis=0)
margin = 0.08 * (grid_hi - grid_lo)
probe = grid_lo - margin + np.array([{literal(p.probe_x)}, {literal(p.probe_y)}]) * (grid_hi - grid_lo + 2 * margin)
distances, neighbours = model.kneighbors([probe])
print(f"probe at {{probe.round(2)}}: class {{model.predict([probe])[0]}}, "
      f"votes {{model.predict_proba([probe])[0].round(2)}}, ball radius {{distances[0, -1]:.3f}}")
'''
