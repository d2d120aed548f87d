"""Feature selection among noise, a view of the feature-selection page: methods that choose
among a table's features and pure-noise ones added to it.

Every method is a scikit-learn ``Pipeline`` scored by 3-fold cross-validation with the
selection inside it: each fold selects on its own training rows. A pipeline's fit is
cached in parts: each fold's scaling and each fold's univariate scores depend on the
data, not on how many features are kept, so moving the *k* slider refits only the final
models (the tests check every number against ``cross_val_score`` of the pipeline).
"""

from __future__ import annotations

import copy
import html
import warnings
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_selection import RFE, SelectFromModel, SelectKBest, f_classif
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from datasets.feature_table import Columns
from datasets.readonly import readonly
from explorers._extraction import MAX_ITER, _report, accuracy, lean_logistic, reporting
from explorers._mutual_info import mutual_info_continuous
from explorers._threads import one_thread, trusted_inputs

METHODS = ("SelectKBest", "RFECV", "L1")
SCORES = {"F-test": "f_classif", "mutual information": "mutual_info_classif"}
# A data move refits every method in every fold, and RFECV refits its model once per size
# it tries, in every fold and then on every row: (FOLDS + 1) x (1 / RFE_STEP) fits at the
# least, ~5 ms each. Three folds and a fifth of the columns a step make that ~25 fits,
# against ~65 with five folds and a tenth; each fold's score is a little less sure.
FOLDS = 3
RFE_STEP = 0.2  # RFECV drops a fifth of the columns at each step: about five refits per fold
SVC_ITER = 5000


def folds(seed: int) -> StratifiedKFold:
    return StratifiedKFold(FOLDS, shuffle=True, random_state=seed)


def score_func(score: str, seed: int):
    if score == "F-test":
        return f_classif
    # Mutual information adds a little noise to break ties: seeded, so it is repeatable.
    # mutual_info_classif's numbers, computed without its checks of every column (the
    # code panel prints mutual_info_classif: explorers/_mutual_info.py).
    return partial(mutual_info_continuous, random_state=seed)


def l1_selector(C: float) -> SelectFromModel:
    # A linear SVM with an L1 penalty (the user guide's L1-based selection): it drives the
    # weights of features it can do without to exactly zero, for two classes or several.
    return SelectFromModel(LinearSVC(penalty="l1", dual=False, C=C, max_iter=SVC_ITER))


# RFE ranks features by the weights of the pipeline's model, scaled inside every fit.
RFE_IMPORTANCE = "named_steps.logisticregression.coef_"


@dataclass(frozen=True)
class Noisy:
    """A table with pure-noise columns appended."""

    X: np.ndarray
    y: np.ndarray
    names: tuple[str, ...]  # escaped for Plotly: the table's, then "noise 1", "noise 2", ...
    n_real: int


@lru_cache(maxsize=8)
def noisy(data: Columns, n_noise: int, seed: int) -> Noisy:
    rng = np.random.default_rng(seed)
    X = np.hstack([data.X, rng.standard_normal((len(data.X), n_noise))])
    names = tuple(html.escape(n, quote=False) for n in data.feature_names)
    return readonly(Noisy(X, data.y, names + tuple(f"noise {i}" for i in range(1, n_noise + 1)), len(names)))


@dataclass(frozen=True)
class Method:
    name: str  # as the page writes it: "SelectKBest (F-test, k = 10)"
    kept: np.ndarray  # (features,) bool: what the pipeline fitted on every row keeps
    fold_scores: np.ndarray  # (FOLDS,) accuracy of each fold, selection inside; empty if not defined
    cv_accuracy: float | None  # their mean; None where some fold kept no feature at all

    @property
    def n_kept(self) -> int:
        return int(self.kept.sum())


@dataclass(frozen=True)
class Selection:
    names: tuple[str, ...]
    n_real: int
    n_noise: int
    k: int  # SelectKBest's k, clipped to the number of features
    k_asked: int
    C: float
    score: str
    every: Method  # no selection: the baseline
    methods: tuple[Method, ...]  # SelectKBest, RFECV, L1
    rfecv_sizes: np.ndarray  # numbers of features RFECV scored
    rfecv_mean: np.ndarray  # mean cross-validated accuracy at each
    rfecv_sd: np.ndarray
    rfecv_best: int  # the number it keeps

    @property
    def n_features(self) -> int:
        return len(self.names)

    def noise_kept(self, method: Method) -> int:
        return int(method.kept[self.n_real:].sum())

    def real_kept(self, method: Method) -> int:
        return int(method.kept[:self.n_real].sum())

    def method(self, name: str) -> Method:
        return next(m for m in self.methods if m.name.startswith(name))


def selection(data: Columns, n_noise: int, k: int, score: str, C: float, seed: int, progress=None) -> Selection:
    d = noisy(data, n_noise, seed)
    n_features = d.X.shape[1]
    kk = min(k, n_features)
    with reporting(progress):
        kbest = _kbest(data, n_noise, score, kk, seed)
        rfecv = _rfecv(data, n_noise, seed)
        l1 = _l1(data, n_noise, C, seed)
    every = rfecv["every"]
    return readonly(Selection(
        names=d.names, n_real=d.n_real, n_noise=n_noise, k=kk, k_asked=k, C=C, score=score, every=every,
        methods=(kbest, rfecv["method"], l1), rfecv_sizes=rfecv["sizes"], rfecv_mean=rfecv["mean"],
        rfecv_sd=rfecv["sd"], rfecv_best=rfecv["best"],
    ))


@lru_cache(maxsize=8)
def _scaled(data: Columns, n_noise: int, seed: int) -> tuple:
    """Each fold's rows scaled by a StandardScaler fitted on its training rows, and every
    row scaled by one fitted on all of them (the pipelines' first step, fitted on all the
    data to say which features they keep)."""
    d = noisy(data, n_noise, seed)
    parts = []
    for train, test in folds(seed).split(d.X, d.y):
        scaler = StandardScaler().fit(d.X[train])
        parts.append((scaler.transform(d.X[train]), scaler.transform(d.X[test]), d.y[train], d.y[test]))
    return readonly((tuple(parts), StandardScaler().fit_transform(d.X)))


@lru_cache(maxsize=32)  # a few short arrays each; ui/warm.py's states (WARM_STATES) stay
def _univariate(data: Columns, n_noise: int, score: str, seed: int) -> tuple:
    """SelectKBest(k="all") fitted on each fold's training rows, and on every row: the
    scores do not depend on k, so a k move only reads them again."""
    parts, scaled = _scaled(data, n_noise, seed)
    d = noisy(data, n_noise, seed)
    func = score_func(score, seed)
    if score != "F-test":
        _report(0.05, "Mutual information of every column, in every fold…")
    with one_thread(), trusted_inputs():
        per_fold = tuple(SelectKBest(func, k="all").fit(X_tr, y_tr) for X_tr, _, y_tr, _ in parts)
        whole = SelectKBest(func, k="all").fit(scaled, d.y)
    return per_fold, whole


def with_k(selector: SelectKBest, k: int) -> np.ndarray:
    """The mask SelectKBest(k) keeps, from one fitted with k="all" (a copy, set to k)."""
    mine = copy.copy(selector)
    mine.k = k
    return mine.get_support()


@lru_cache(maxsize=64)
def _kbest(data: Columns, n_noise: int, score: str, k: int, seed: int) -> Method:
    parts, _ = _scaled(data, n_noise, seed)
    per_fold, whole = _univariate(data, n_noise, score, seed)
    scores = []
    with one_thread(), trusted_inputs():
        for (X_tr, X_te, y_tr, y_te), selector in zip(parts, per_fold):
            mask = with_k(selector, k)
            scores.append(accuracy(lean_logistic().fit(X_tr[:, mask], y_tr), X_te[:, mask], y_te))
    scores = np.array(scores)
    name = f"SelectKBest ({score}, k = {k})"
    return readonly(Method(name, with_k(whole, k), scores, float(scores.mean())))


def rfe_on_scaled(n_features_to_select: int) -> RFE:
    """RFE of the pipeline (scaler, logistic regression) on columns scaled already: each
    column is scaled on its own, so scaling every column once gives the numbers the
    pipeline's scaler gives each subset of them, and the model is fitted alone."""
    return RFE(lean_logistic(), n_features_to_select=n_features_to_select, step=RFE_STEP,
               importance_getter="coef_")


# RFECV(make_pipeline(StandardScaler(), logistic()), step=RFE_STEP, cv=folds(seed)), as it
# computes it, on the folds' rows scaled once (`_scaled`). RFECV runs an RFE down to one
# column on each fold's training rows, scoring each size on the fold's test rows, keeps the
# size with the best summed score, and runs RFE down to that size on every row. Here the
# pipeline's scaler is not refitted at every size (its fit and the pipeline's checks were a
# fifth of each fit), and RFECV's last refit, which the page does not read, is skipped.
# RFE's ``_fit(X, y, step_score)`` is the call RFECV makes for each fold;
# tests/explorers/test_feature_selection.py checks the curve and the columns kept against
# RFECV's own, so an upgrade that changes it fails there. Its results are a few short arrays,
# so it keeps many: the data moves ui/warm.py computes (explorers/feature_selection.py's
# WARM_STATES) and the lessons' stay, and a k or C move after any of them refits no RFECV.
@lru_cache(maxsize=32)
def _rfecv(data: Columns, n_noise: int, seed: int) -> dict:
    d = noisy(data, n_noise, seed)
    parts, scaled = _scaled(data, n_noise, seed)
    _report(0.3, "RFECV: dropping a fifth of the columns at a time, in every fold…")
    scores, sizes = [], None
    with one_thread(), trusted_inputs():
        for X_tr, X_te, y_tr, y_te in parts:
            rfe = rfe_on_scaled(1)
            rfe._fit(X_tr, y_tr, lambda model, features, X_te=X_te, y_te=y_te:
                     accuracy(model, X_te[:, features], y_te))
            scores.append(rfe.step_scores_[::-1])
            sizes = np.array(rfe.step_n_features_[::-1])
        scores = np.array(scores)  # (FOLDS, sizes), fewest columns first, as RFECV's cv_results_
        best = int(sizes[np.argmax(np.sum(scores, axis=0))])
        kept = rfe_on_scaled(best).fit(scaled, d.y).support_
    at = int(np.flatnonzero(sizes == best)[0])
    method = Method(f"RFECV (keeps {best})", kept, scores[:, at].copy(), float(np.mean(scores, axis=0)[at]))
    # RFE's first step fits the pipeline on every column of each fold's training rows and
    # scores it: the model without selection, already cross-validated.
    every_folds = scores[:, -1].copy()
    every = Method("every feature", np.ones(d.X.shape[1], bool), every_folds, float(every_folds.mean()))
    return readonly({"method": method, "every": every, "sizes": sizes, "best": best,
                     "mean": np.mean(scores, axis=0), "sd": np.std(scores, axis=0)})


@lru_cache(maxsize=32)
def _l1(data: Columns, n_noise: int, C: float, seed: int) -> Method:
    parts, scaled = _scaled(data, n_noise, seed)
    d = noisy(data, n_noise, seed)
    scores = []
    with one_thread(), trusted_inputs(), warnings.catch_warnings():
        # At the largest C the solver may stop short; the weights it reaches still say
        # which features it leans on, and that is what is shown.
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", message="No features were selected")
        for X_tr, X_te, y_tr, y_te in parts:
            mask = l1_selector(C).fit(X_tr, y_tr).get_support()
            if not mask.any():  # the pipeline's model would have no feature to fit on
                scores = None
                break
            scores.append(accuracy(lean_logistic().fit(X_tr[:, mask], y_tr), X_te[:, mask], y_te))
        kept = l1_selector(C).fit(scaled, d.y).get_support()
    fold_scores = np.array([] if scores is None else scores)
    mean = None if scores is None else float(fold_scores.mean())
    return readonly(Method(f"L1 (C = {C:g})", kept, fold_scores, mean))


def selection_code(data_lines: str, n_noise: int, k: int, score: str, C: float, seed: int) -> str:
    func = "f_classif" if score == "F-test" else f"partial(mutual_info_classif, random_state={seed})"
    imports = "f_classif" if score == "F-test" else "mutual_info_classif"
    partial_import = "" if score == "F-test" else "from functools import partial\n"
    return f'''\
{partial_import}{data_lines}

from sklearn.feature_selection import RFECV, SelectFromModel, SelectKBest, {imports}
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

# {n_noise} columns of pure noise after the real ones: a good selector leaves them out.
n_real = X.shape[1]
rng = np.random.default_rng({seed})
X = np.hstack([X, rng.standard_normal((len(X), {n_noise}))])

cv = StratifiedKFold({FOLDS}, shuffle=True, random_state={seed})
pipelines = {{
    "every feature": make_pipeline(StandardScaler(), LogisticRegression(max_iter={MAX_ITER})),
    "SelectKBest": make_pipeline(StandardScaler(), SelectKBest({func}, k={k}),
                                 LogisticRegression(max_iter={MAX_ITER})),
    "L1": make_pipeline(StandardScaler(),
                        SelectFromModel(LinearSVC(penalty="l1", dual=False, C={C:g}, max_iter={SVC_ITER})),
                        LogisticRegression(max_iter={MAX_ITER})),
}}
print(pipelines["SelectKBest"])
accuracy = {{}}
for name, pipeline in pipelines.items():
    # The selection is a step of the pipeline: each fold selects on its own training rows.
    try:
        accuracy[name] = cross_val_score(pipeline, X, y, cv=cv).mean()  # nan if some fold failed
        pipeline.fit(X, y)  # on every row, to see what it keeps
    except ValueError:  # an L1 penalty so strong it keeps no column: the model has nothing to fit
        accuracy[name] = float("nan")
        print(f"{{name:14}} keeps no column at all")
        continue
    kept = pipeline[1].get_support() if len(pipeline) == 3 else np.ones(X.shape[1], bool)
    print(f"{{name:14}} keeps {{kept[:n_real].sum():2}} real and {{kept[n_real:].sum():2}} noise "
          f"features; cross-validated accuracy {{accuracy[name]:.3f}}")

# RFECV: recursive feature elimination, a fifth of the features at a time, scored by the
# same folds at every size; it keeps the size that scores best.
rfecv = RFECV(make_pipeline(StandardScaler(), LogisticRegression(max_iter={MAX_ITER})), step={RFE_STEP},
              cv=cv, importance_getter="{RFE_IMPORTANCE}")
print(rfecv)
rfecv.fit(X, y)
at = list(rfecv.cv_results_["n_features"]).index(rfecv.n_features_)
accuracy["RFECV"] = rfecv.cv_results_["mean_test_score"][at]
kept = rfecv.support_
print(f"RFECV          keeps {{kept[:n_real].sum():2}} real and {{kept[n_real:].sum():2}} noise "
      f"features; cross-validated accuracy at that size {{accuracy['RFECV']:.3f}}")

value = accuracy["SelectKBest"]  # the page's headline
'''
