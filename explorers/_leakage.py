"""Selection inside against outside the cross-validation, a view of the feature-selection
page: on pure noise, the k columns that best fit the labels on every row, then
cross-validated, score far above chance; chosen inside each fold, as a pipeline step, they
score chance. Both are checked against ``cross_val_score`` in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.pipeline import make_pipeline

from datasets.readonly import readonly
from explorers._extraction import FOLDS, TWO_CLASS_SOLVER, accuracy, fit_two_class, folds, two_class_logistic
from explorers._selection import with_k
from explorers._threads import one_thread, trusted_inputs

@dataclass(frozen=True)
class Leakage:
    samples: int
    features: int
    k: int
    chance: float  # the share of the larger class: what guessing it scores
    outside: np.ndarray  # (FOLDS,) accuracy per fold, features chosen on every row first
    inside: np.ndarray  # (FOLDS,) the same pipeline with the choosing inside each fold
    ks: np.ndarray  # the k of the curve
    outside_curve: np.ndarray  # mean accuracy at each k
    inside_curve: np.ndarray

    @property
    def outside_accuracy(self) -> float:
        return float(self.outside.mean())

    @property
    def inside_accuracy(self) -> float:
        return float(self.inside.mean())

    @property
    def gap(self) -> float:
        return self.outside_accuracy - self.inside_accuracy


# The curve's k, the default's among them: each k costs ten fits on a data move (twice as
# long at 100 columns), so three of them: one column, the default, and many.
LEAK_KS = (1, 20, 100)


@lru_cache(maxsize=4)
def pure_noise(samples: int, features: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels that have nothing to do with one another: half of each class."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((samples, features))
    y = rng.permutation(np.arange(samples) % 2)
    return readonly((X, y))


def leak_pipeline(k: int):
    return make_pipeline(SelectKBest(f_classif, k=k), two_class_logistic())


@lru_cache(maxsize=8)
def _leak_parts(samples: int, features: int, seed: int) -> tuple:
    """F-test scores on every row (the leak) and on each fold's training rows."""
    X, y = pure_noise(samples, features, seed)
    with one_thread(), trusted_inputs():
        whole = SelectKBest(f_classif, k="all").fit(X, y)
        parts = [(train, test, SelectKBest(f_classif, k="all").fit(X[train], y[train]))
                 for train, test in folds(seed).split(X, y)]
    return whole, tuple(parts)


@lru_cache(maxsize=64)
def _leak_scores(samples: int, features: int, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    X, y = pure_noise(samples, features, seed)
    whole, parts = _leak_parts(samples, features, seed)
    outside_mask = with_k(whole, k)
    outside, inside = [], []
    X_out = X[:, outside_mask]
    with one_thread(), trusted_inputs():
        for train, test, selector in parts:
            outside.append(accuracy(fit_two_class(X_out[train], y[train]), X_out[test], y[test]))
            X_in = X[:, with_k(selector, k)]  # the k columns first: a copy of k columns, not of 1,000
            inside.append(accuracy(fit_two_class(X_in[train], y[train]), X_in[test], y[test]))
    return readonly((np.array(outside), np.array(inside)))


def leakage(samples: int, features: int, k: int, seed: int) -> Leakage:
    _, y = pure_noise(samples, features, seed)
    outside, inside = _leak_scores(samples, features, k, seed)
    ks = np.array([kk for kk in LEAK_KS if kk <= features])
    curves = [_leak_scores(samples, features, int(kk), seed) for kk in ks]
    return readonly(Leakage(
        samples=samples, features=features, k=k, chance=float(np.bincount(y).max() / len(y)),
        outside=outside, inside=inside, ks=ks, outside_curve=np.array([c[0].mean() for c in curves]),
        inside_curve=np.array([c[1].mean() for c in curves]),
    ))


def leakage_code(samples: int, features: int, k: int, seed: int) -> str:
    return f'''\
import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline

# Pure noise: {features} random features and random labels, half of each class.
rng = np.random.default_rng({seed})
X = rng.standard_normal(({samples}, {features}))
y = rng.permutation(np.arange({samples}) % 2)
cv = StratifiedKFold({FOLDS}, shuffle=True, random_state={seed})

# Wrong: the {k} features that look best on every row, chosen before the cross-validation.
# The test rows of every fold helped choose them, so they look useful there too.
X_chosen = SelectKBest(f_classif, k={k}).fit_transform(X, y)
outside = cross_val_score(LogisticRegression(solver="{TWO_CLASS_SOLVER}"), X_chosen, y, cv=cv)

# Right: the choosing is a step of the pipeline, redone on each fold's training rows.
model = make_pipeline(SelectKBest(f_classif, k={k}), LogisticRegression(solver="{TWO_CLASS_SOLVER}"))
print(model)
inside = cross_val_score(model, X, y, cv=cv)

print(f"chosen outside the cross-validation: {{outside.mean():.3f}}  (folds {{outside.round(2)}})")
print(f"chosen inside it, as a pipeline:     {{inside.mean():.3f}}  (folds {{inside.round(2)}})")
print(f"chance (the larger class):           {{np.bincount(y).max() / len(y):.3f}}")
value = outside.mean() - inside.mean()  # the page's headline: the gap the leak makes
'''
