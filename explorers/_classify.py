"""What every classifier page shares: the data controls, the split, the scores, the grid.

A classifier explorer's ``Params`` subclasses :class:`PlaneParams`, so the data controls
(set, noise, class balance, size, test share, seed) come first on every page and read the
same everywhere. ``split`` draws and splits the data once per data setting, so moving a
model's slider refits on cached data. ``evaluate`` turns any fitted scikit-learn-style
classifier into a :class:`Scores`: train and test accuracy, the test confusion matrix,
and the predicted class and its probability over a 100 x 100 grid for the boundary plot.

A learner's own table (``datasets.tables.Labelled``, from a CSV upload) takes the place of
the data set: ``on_table(p, table)`` puts it in ``p.data``, so every cache keyed on the data
setting keys on the table's digest instead, and each explorer only needs
``run(p, table=None)`` and ``code(p, table=None)`` to begin with that call.
"""

from __future__ import annotations

import dataclasses
import html
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.model_selection import train_test_split

from datasets import describe
from datasets.planes import PLANES, SURFACES, TABLES, sample_plane
from datasets.readonly import readonly
from datasets.tables import Labelled, labelled_code
from explorers._contract import choice, knob, literal

GRID = 100  # boundary resolution: 10,000 predictions, a few ms for most models
SYNTHETIC = tuple(PLANES)
# Data sets by number of classes, for knobs that only apply to one kind (``when=``).
TWO_CLASS = (*(n for n, p in PLANES.items() if p.n_classes == 2), "breast cancer")
MULTI_CLASS = tuple(n for n in (*PLANES, *TABLES) if n not in TWO_CLASS)


@dataclass(frozen=True)
class PlaneParams:
    HEADING = "Data"  # the page draws these controls below its own, under this heading (ClassVar)

    data: str = choice(
        "moons", options=(*PLANES, *TABLES), label="Data",
        help="Synthetic shapes that teach, then scikit-learn's real tables (two features each): "
             + describe(PLANES) + " " + describe(TABLES)
             + " Or bring your own CSV table: the upload is below the controls.",
    )
    noise: float = knob(0.25, lo=0.0, hi=1.0, step=0.05, label="Noise", when=("data", SYNTHETIC),
                        help="How far points stray from their class's shape; more noise, more overlap.")
    balance: float = knob(1.0, lo=0.1, hi=1.0, step=0.05, label="Class balance", when=("data", SYNTHETIC),
                          help="Size of every other class relative to the first: 1 is balanced, "
                               "0.1 is ten to one. Watch accuracy flatter a model that ignores the "
                               "small class, and the confusion matrix give it away.")
    n_points: int = knob(500, lo=50, hi=1000, step=50, label="Points", when=("data", SYNTHETIC),
                         help="Points drawn (real tables are used whole).")
    test_share: float = knob(0.3, lo=0.1, hi=0.5, step=0.05, label="Test share",
                             help="Share of points held out, never seen in fitting, to score the model.")
    seed: int = knob(0, lo=0, hi=999, label="Seed", help="Seed of the data, the split and the model.")


@dataclass(frozen=True)
class Split:
    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    feature_names: tuple[str, str]
    grid_x: np.ndarray  # (GRID,) the boundary grid's axes, covering the data with a margin
    grid_y: np.ndarray
    grid: np.ndarray  # (GRID * GRID, 2) its points, x varying fastest
    # The learner's table these points come from, or None for the page's own data. Its
    # names reach class_names and feature_names escaped for Plotly (which reads <b>, <a>
    # and the like as markup); pages show the table's own names, through ui.safe.shown.
    table: Labelled | None = None

    @property
    def n_classes(self) -> int:
        return len(self.class_names)


@dataclass(frozen=True)
class Scores:
    train_accuracy: float
    test_accuracy: float
    confusion: np.ndarray  # (classes, classes) test counts, rows true, columns predicted
    test_predicted: np.ndarray  # (n_test,) the model's class for each test point
    grid_class: np.ndarray  # (GRID, GRID) predicted class, rows along y
    grid_confidence: np.ndarray  # (GRID, GRID) probability of that class (1 without predict_proba)


def on_table(p: PlaneParams, table: Labelled | None) -> PlaneParams:
    """``p`` with the learner's table as its data, or ``p`` itself when there is none.

    The synthetic sets' noise, balance and size do not apply to a table, so they go back
    to their defaults: moving those (greyed-out in spirit) sliders then reuses every cache.
    """
    if table is None:
        return p
    base = PlaneParams()
    return dataclasses.replace(p, data=table, noise=base.noise, balance=base.balance, n_points=base.n_points)


def split(p: PlaneParams) -> Split:
    return _split(p.data, p.noise, p.balance, p.n_points, p.test_share, p.seed)


@lru_cache(maxsize=32)
def _split(data, noise, balance, n_points, test_share, seed) -> Split:
    if isinstance(data, Labelled):
        return _table_split(data, test_share, seed)
    X, y, class_names, feature_names = sample_plane(data, n_points, noise, balance, seed)
    # Stratified, so a small class is in both parts and the test share means the same
    # thing for every class.
    parts = train_test_split(X, y, test_size=test_share, stratify=y, random_state=seed)
    return make_split(X, *parts, class_names, feature_names)


def _table_split(table: Labelled, test_share: float, seed: int) -> Split:
    """The learner's points, split as the page's own data is (stratified, seeded)."""
    n, k = len(table.y), len(table.class_names)
    n_test = math.ceil(test_share * n)  # as train_test_split counts it
    if min(n_test, n - n_test) < k:
        raise ValueError(f"With {n} rows and a test share of {test_share:.0%}, the test part would hold "
                         f"{n_test} rows, fewer than the {k} classes: raise the test share.")
    parts = train_test_split(table.X, table.y, test_size=test_share, stratify=table.y, random_state=seed)
    return make_split(table.X, *parts, tuple(html.escape(c, quote=False) for c in table.class_names),
                      tuple(html.escape(c, quote=False) for c in table.feature_names), table=table)


def make_split(X, X_train, X_test, y_train, y_test, class_names, feature_names, table=None) -> Split:
    """A Split with the boundary grid over X, all arrays read-only (it is cached)."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    margin = 0.08 * (hi - lo)
    grid_x, grid_y = (np.linspace(lo[d] - margin[d], hi[d] + margin[d], GRID) for d in (0, 1))
    gx, gy = np.meshgrid(grid_x, grid_y)
    s = Split(X_train, X_test, y_train, y_test, class_names, feature_names, grid_x, grid_y,
              np.column_stack([gx.ravel(), gy.ravel()]), table)
    readonly((X_train, X_test, y_train, y_test, s.grid_x, s.grid_y, s.grid))
    return s


def coarse_grid(s: Split, step: int = 1) -> np.ndarray:
    """Every ``step``-th row and column of the boundary grid, as points (x varying fastest).

    Small multiples of many models need fewer cells than a full-size chart: step 2 is a
    quarter of the predictions, on points of the same grid.
    """
    if step == 1:
        return s.grid
    return s.grid.reshape(GRID, GRID, 2)[::step, ::step].reshape(-1, 2)


def evaluate(model, s: Split, grid_proba: np.ndarray | None = None, step: int = 1) -> Scores:
    """Scores of a classifier already fitted on ``s.X_train``.

    ``grid_proba``: the model's ``predict_proba`` on ``coarse_grid(s, step)`` if the page has
    a faster way to the same numbers (k-NN from a cached neighbour query); tested against
    the model. ``step`` > 1 scores a coarser grid (see :func:`coarse_grid`).
    """
    grid = coarse_grid(s, step)
    side = len(range(0, GRID, step))
    if grid_proba is not None or hasattr(model, "predict_proba"):
        proba = model.predict_proba(grid) if grid_proba is None else grid_proba
        grid_class = np.asarray(model.classes_)[proba.argmax(axis=1)]
        confidence = proba.max(axis=1)
    else:
        grid_class = model.predict(grid)
        confidence = np.ones(len(grid))
    return scores_of(s, model.predict(s.X_train), model.predict(s.X_test),
                     np.asarray(grid_class).reshape(side, side), confidence)


def scores_of(s: Split, train_predicted, test_predicted, grid_class: np.ndarray,
              grid_confidence: np.ndarray | None = None) -> Scores:
    """Scores from a model's predicted classes on the training points, the test points and
    the grid (shaped as the grid), and how sure it is on the grid (1 everywhere if None, as
    for a model without probabilities).

    Plain numpy rather than accuracy_score and confusion_matrix: their input checks were two
    thirds of a tree page's slider move. tests/test_classify.py compares them.
    """
    test_predicted = np.asarray(test_predicted, int)
    grid_class = np.asarray(grid_class, int)
    scores = Scores(
        train_accuracy=float(np.mean(np.asarray(train_predicted) == s.y_train)),
        test_accuracy=float(np.mean(test_predicted == s.y_test)),
        confusion=confusion(s.y_test, test_predicted, s.n_classes),
        test_predicted=test_predicted,
        grid_class=grid_class,
        grid_confidence=(np.ones(grid_class.shape) if grid_confidence is None
                         else np.asarray(grid_confidence, float).reshape(grid_class.shape)),
    )
    readonly((scores.confusion, test_predicted, scores.grid_class, scores.grid_confidence))
    return scores


def confusion(y_true: np.ndarray, predicted: np.ndarray, n_classes: int) -> np.ndarray:
    """scikit-learn's ``confusion_matrix`` for labels 0..n_classes-1, without its input checks."""
    k = n_classes
    return np.bincount(y_true * k + predicted, minlength=k * k).reshape(k, k)


def data_code(p: PlaneParams) -> str:
    """Snippet lines that make the same data and split, ending with X_train ... y_test."""
    split_lines = (
        "X_train, X_test, y_train, y_test = train_test_split(\n"
        f"    X, y, test_size={literal(p.test_share)}, stratify=y, random_state={p.seed})"
    )
    if isinstance(p.data, Labelled):
        return f'''\
{labelled_code(p.data)}
from sklearn.model_selection import train_test_split

{split_lines}'''
    if p.data in SURFACES:  # a regression target: nothing to stratify by
        surface = SURFACES[p.data]
        return f'''\
{surface.imports}
from sklearn.model_selection import train_test_split


{surface.source()}


# {surface.about}.
X, y = {surface.make.__name__}({p.n_points}, noise={literal(p.noise)}, seed={p.seed})
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size={literal(p.test_share)}, random_state={p.seed})'''
    if p.data in TABLES:
        table = TABLES[p.data]
        return f'''\
import numpy as np
from sklearn.datasets import {table.loader}
from sklearn.model_selection import train_test_split

# {table.about}.
data = {table.loader}()
columns = [list(data.feature_names).index(f) for f in {list(table.features)!r}]
X, y = data.data[:, columns], data.target
{split_lines}'''
    from datasets.planes import class_counts

    plane = PLANES[p.data]
    counts = class_counts(p.n_points, plane.n_classes, p.balance)
    return f'''\
{plane.imports}
from sklearn.model_selection import train_test_split


{plane.source()}


# {plane.about}: {" + ".join(map(str, counts))} points per class.
X, y = {plane.make.__name__}({counts}, noise={literal(p.noise)}, seed={p.seed})
{split_lines}'''


SCORES_CODE = '''\
from sklearn.metrics import accuracy_score, confusion_matrix

train_accuracy = accuracy_score(y_train, model.predict(X_train))
test_accuracy = accuracy_score(y_test, model.predict(X_test))
print(f"train accuracy {train_accuracy:.3f}   test accuracy {test_accuracy:.3f}")
print("confusion matrix on the test set (rows: true class, columns: predicted):")
print(confusion_matrix(y_test, model.predict(X_test)))'''
