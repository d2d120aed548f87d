"""Tables of many columns for the feature-selection page: shipped ones, and the learner's.

A classifier page plots two columns (``datasets.tables.Labelled``); selecting features
needs all of them. ``Columns`` holds a class column and every numeric column chosen, read
from a shipped table (scikit-learn's breast cancer and wine, the 1996 American National
Election Study that ships with statsmodels) or from a learner's CSV file, which
``datasets.tables.read_table`` has already read and checked. ``choose_columns`` checks a
choice of a learner's columns in words, as ``tables.choose`` does for two.

The election survey is read from the CSV file inside the statsmodels package, found
without importing statsmodels (0.7 s); the code a page shows loads it through statsmodels,
and a test checks that both give the same numbers.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from datasets import tables
from datasets.readonly import readonly
from ui.safe import shown


@dataclass(frozen=True, eq=False)
class Columns:
    """A class column and several numeric columns, rows with a missing value dropped.

    Hashed and compared by ``digest`` (the file's and the chosen columns', or the shipped
    table's name), so it keys a cache cheaply. Arrays are read-only.
    """

    X: np.ndarray  # (n, features) float
    y: np.ndarray  # (n,) int, index of each row's class in ``class_names``
    class_names: tuple[str, ...]
    feature_names: tuple[str, ...]  # as written in the file
    target: str
    dropped: int  # rows left out for a missing value
    options: tuple  # the file's read_csv arguments (for the code panel); () for a shipped table
    digest: str
    shipped: str = ""  # the shipped table's name, or "" for a learner's file

    def __eq__(self, other):
        return isinstance(other, Columns) and other.digest == self.digest

    def __hash__(self):
        return hash(self.digest)


# The shipped tables: how to load each, and in what words.
SHIPPED = {
    "breast cancer": "569 tumours, 30 measurements of their cells; benign or malignant",
    "wine": "178 wines, 13 chemical measurements; three cultivars",
    "election survey": "944 voters in the 1996 American National Election Study, 9 answers "
                       "(most on scales of a few steps); Clinton or Dole",
}
ELECTION_COLUMNS = ("popul", "TVnews", "selfLR", "ClinLR", "DoleLR", "PID", "age", "educ", "income")


@lru_cache(maxsize=4)
def shipped(name: str) -> Columns:
    """A shipped table as Columns (loaded once per process)."""
    if name == "election survey":
        import pandas as pd

        frame = pd.read_csv(_anes96_path(), sep="\t", quotechar="'")
        X = frame[list(ELECTION_COLUMNS)].to_numpy(float)
        y = frame["vote"].to_numpy().astype(int)
        return _readonly_columns(X, y, ("Clinton", "Dole"), ELECTION_COLUMNS, "vote", name)
    from sklearn import datasets

    data = getattr(datasets, LOADERS[name])()
    return _readonly_columns(data.data.astype(float), data.target.astype(int),
                             tuple(str(c) for c in data.target_names), tuple(data.feature_names), "target",
                             name)


LOADERS = {"breast cancer": "load_breast_cancer", "wine": "load_wine"}


def _anes96_path() -> Path:
    spec = importlib.util.find_spec("statsmodels")
    return Path(spec.origin).parent / "datasets" / "anes96" / "anes96.csv"


def _readonly_columns(X, y, class_names, feature_names, target, name) -> Columns:
    readonly((X, y))
    return Columns(X, y, tuple(class_names), tuple(feature_names), target, 0, (), f"shipped:{name}", name)


def shipped_code(name: str) -> str:
    """Snippet lines that load a shipped table as ``X``, ``y``, ``feature_names`` and
    ``class_names``."""
    if name == "election survey":
        return f'''\
import numpy as np
from statsmodels.datasets import anes96

# {SHIPPED[name]}.
survey = anes96.load_pandas().data
feature_names = {list(ELECTION_COLUMNS)!r}
X = survey[feature_names].to_numpy(float)
y = survey["vote"].to_numpy().astype(int)
class_names = ["Clinton", "Dole"]'''
    return f'''\
import numpy as np
from sklearn.datasets import {LOADERS[name]}

# {SHIPPED[name]}.
data = {LOADERS[name]}()
X, y = data.data, data.target
feature_names, class_names = list(data.feature_names), list(data.target_names)'''


def default_features(table: tables.Table, target: str) -> list[str]:
    """The numeric columns besides the class that vary (a constant column carries nothing)."""
    return [c for c in table.numeric if c != target and table.distinct(c) > 1]


def choose_columns(table: tables.Table, target: str, features) -> Columns:
    """``features`` (numeric columns) and ``target`` (the class) of a learner's table, or a
    ``ValueError`` saying in words why they cannot be used. Rows missing any of them are
    dropped and counted."""
    features = list(dict.fromkeys(features))
    if target not in table.frame.columns:
        raise ValueError(f"The table has no column {shown(target)}.")
    if target in features:
        raise ValueError(f"{shown(target)} cannot be both the class and a feature: leave it out of the "
                         "features.")
    if len(features) < 2:
        raise ValueError("Pick at least two numeric columns as features: selection chooses among them.")
    for column in features:
        if column not in table.numeric:
            raise ValueError(f"{shown(column)} does not hold numbers, so it cannot be a feature here: "
                             "leave it out.")
    chosen = table.frame[[*features, target]].dropna()
    X = chosen[features].to_numpy(float)
    for j, column in enumerate(features):
        values = X[:, j]
        if not np.all(np.isfinite(values)):
            raise ValueError(f"{shown(column)} holds a value too large to be a number (like 1e400).")
        if values.size and np.abs(values).max() > tables.MAX_MAGNITUDE:
            raise ValueError(f"{shown(column)} holds values beyond ±{tables.MAX_MAGNITUDE:.0e}: "
                             "rescale it (divide by a power of ten) first.")
        if values.size and values.min() == values.max():
            raise ValueError(f"{shown(column)} has the same value in every row used, so it carries "
                             "nothing to select: leave it out.")
    values, codes = np.unique(chosen[target].to_numpy(), return_inverse=True)
    n_rows, n_classes = len(chosen), len(values)
    dropped = len(table.frame) - n_rows
    left_out = f" ({dropped:,} of {len(table.frame):,} rows left out for a missing value)" if dropped else ""
    if n_rows < tables.MIN_ROWS:
        raise ValueError(f"Only {n_rows} rows have every chosen column filled{left_out}; "
                         f"the page needs at least {tables.MIN_ROWS}. Choose fewer columns.")
    if n_classes < 2:
        raise ValueError(f"{shown(target)} holds a single class{left_out}: a classifier needs at least "
                         "two. Pick another class column.")
    if n_classes > tables.MAX_CLASSES:
        raise ValueError(f"{shown(target)} holds {n_classes} different values; a class column here has "
                         f"2 to {tables.MAX_CLASSES}. Pick another column, or group the values first.")
    counts = np.bincount(codes, minlength=n_classes)
    if counts.min() < tables.MIN_PER_CLASS:
        rare = tables._class_name(values[counts.argmin()])
        raise ValueError(f"Class {shown(rare)} of {shown(target)} has only {counts.min()} "
                         f"row{'s' if counts.min() > 1 else ''}{left_out}; every class needs at least "
                         f"{tables.MIN_PER_CLASS}, so that each of the five cross-validation folds can "
                         "hold some of it.")
    key = "\x00".join((table.digest, target, *features))
    y = codes.astype(int)
    readonly((X, y))
    return Columns(X, y, tables._class_names(values), tuple(features), target, dropped, table.options,
                   hashlib.sha256(key.encode()).hexdigest())


def columns_code(c: Columns, path: str = "your_file.csv") -> str:
    """Snippet lines that make ``X``, ``y``, ``feature_names`` and ``class_names`` as the
    page did: a shipped table's loader, or the learner's file read as ``read_table`` read
    it (rows with a missing value dropped, classes numbered in sorted order)."""
    if c.shipped:
        return shipped_code(c.shipped)
    literal = tables._literal
    return f'''\
import numpy as np
import pandas as pd

# Your table: save the file you uploaded as {path} next to this code.
table = {tables.read_code(c.options, path)}
feature_names = {literal(list(c.feature_names))}
table = table[feature_names + [{literal(c.target)}]].dropna()  # rows with a missing value left out
X = table[feature_names].to_numpy(float)
class_names, y = np.unique(table[{literal(c.target)}].to_numpy(), return_inverse=True)'''
