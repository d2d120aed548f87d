"""Cross-validation and model selection
=====================================

Four views of one question, how well will this model do on data it has not seen:

* **Folds.** KFold, StratifiedKFold, GroupKFold, TimeSeriesSplit, ShuffleSplit and
  leave-one-out, drawn as index maps on the data (one row per fold, each row of the data
  train or test), with the class and the group of every row beneath, as in scikit-learn's
  "Visualizing cross-validation behavior"; the chosen fold drawn on the data's scatter; and
  each fold's real score from ``cross_validate`` on a ``Pipeline``.
* **Spread.** The fold scores of a shuffled StratifiedKFold at k = 2, the chosen k and k = 10:
  their mean hardly moves, their spread grows as the test folds shrink, and most of it is the
  sampling noise of a small test fold.
* **Leakage.** Columns of pure noise, and the ``SelectKBest`` that picks the ones most
  related to the label. Picked on all the rows before cross-validation, they score far
  above chance; picked inside the pipeline, on each fold's training rows only, they score
  what noise deserves.
* **Nested.** ``GridSearchCV``'s ``best_score_`` is the best of several noisy scores, so it
  flatters the winner; ``cross_val_score`` of the whole search (nested cross-validation)
  scores it on rows the search never saw.

Only the chosen view is computed; everything random comes from ``p.seed``. The fold views'
work lives in ``explorers/_cv_folds.py``, the leakage and nested views' in
``explorers/_cv_search.py``; this module holds the page's controls, its result and its code.
"""

from __future__ import annotations

from dataclasses import dataclass

from datasets import describe
from datasets.planes import PLANES, TABLES, class_counts
from datasets.readonly import readonly
from datasets.tables import Labelled, labelled_code
from explorers import _cv_search as search
from explorers._contract import choice, knob, knobs, literal
from explorers._cv_folds import (ORDERS, SHOWN_FOLDS, SHUFFLED, SPLITTERS, Folds, Spread, clipped_k,
                                 folds, rows, spread)
from explorers._cv_search import FEATURES, MODELS, Leakage, Nested, model_code

NOTICE = (
    "Which rows a fold tests decides its score: on rows sorted by class, plain KFold tests some folds on "
    "a class the model never saw, and they score 0. Fold scores spread as the folds shrink; features "
    "picked before cross-validation, and a grid search's best_score_, flatter the model."
)
MISREADING = (
    "\"Cross-validation keeps the test rows unseen, so its score is honest whatever came before\": "
    "pick 20 of 1,000 columns of pure noise on all the rows first, and they cross-validate at over 75% "
    "accuracy where chance is 50%. Only what happens inside the pipeline, on each fold's training rows, "
    "is kept from the test rows."
)
HEADLINE = "value"

VIEWS = ("folds", "spread", "leakage", "nested")
WHAT = {  # each view's headline number, as the page and the code name it
    "folds": "mean accuracy over the folds",
    "spread": "standard deviation of the fold accuracies at the chosen k",
    "leakage": "accuracy selected outside minus inside cross-validation",
    "nested": "mean of best_score_ minus the nested score",
}
DATA = (*PLANES, *TABLES)
SYNTHETIC = tuple(PLANES)
FOLDED = ("folds", "spread")  # the views that run on the data set, or the learner's table


@dataclass(frozen=True)
class Params:
    HIDE_INACTIVE = True  # the page hides the other views' controls (ui/controls.py)

    view: str = choice(
        "folds", options=VIEWS, label="View",
        help="folds: how each splitter cuts the rows, drawn on the data, and each fold's score. spread: "
             "how much the fold scores disagree, from k = 2 to 10. leakage: selecting features before "
             "cross-validation, on pure noise. nested: tuning's best_score_ against nested cross-validation.",
    )
    splitter: str = choice(
        "KFold", options=SPLITTERS, label="Splitter", when=("view", ("folds",)),
        help="KFold: k consecutive blocks. StratifiedKFold: each fold keeps the class shares. GroupKFold: "
             "a group's rows are never split between train and test. TimeSeriesSplit: train on the past, "
             "test on what follows. ShuffleSplit: k independent random splits. LeaveOneOut: every row is "
             "a test fold of its own.",
    )
    k: int = knob(4, lo=2, hi=10, label="Folds k", when=("view", ("folds", "spread")),
                  help="n_splits: how many folds (ShuffleSplit: how many random splits). Each fold tests on "
                       "about 1/k of the rows and trains on the rest.")
    fold: int = knob(1, lo=1, hi=SHOWN_FOLDS, label="Fold on the scatter", when=("view", ("folds",)),
                     help="Which fold the scatter and the fold chart pick out (clipped to the number of "
                          "folds).")
    shuffle: str = choice("off", options=("off", "on"), label="Shuffle", when=("view", ("folds",)),
                          help="KFold, StratifiedKFold and GroupKFold: shuffle the rows (or the groups) "
                               "before cutting the folds, with the seed. Off, the folds follow the row order.")
    order: str = choice(
        "by class", options=ORDERS, label="Row order", when=("view", ("folds",)),
        help="How the rows come: as the data set or your file has them, sorted by class (as iris "
             "ships), shuffled, or each group's rows together. Splitters that do not shuffle cut the "
             "rows in this order.")
    groups: int = knob(6, lo=2, hi=8, label="Groups", when=("view", ("folds",)),
                       help="The rows are put in this many groups of nearby points (k-means), standing "
                            "for patients or sites whose rows resemble each other. GroupKFold keeps each "
                            "group whole, on one side of every fold.")
    test_share: float = knob(0.2, lo=0.1, hi=0.5, step=0.05, label="Test share", when=("view", ("folds",)),
                             help="ShuffleSplit: the share of the rows each split tests on.")
    features: int = choice(
        1000, options=FEATURES, label="Noise features", when=("view", ("leakage",)),
        help="Columns of pure noise: random numbers that have nothing to do with the label. The more "
             "there are, the more of them look related to it by chance.")
    kept: int = knob(20, lo=1, hi=50, label="Features kept", when=("view", ("leakage",)),
                     help="SelectKBest keeps the columns with the highest F-statistic against the label "
                          "(clipped to the number of columns).")
    samples: int = knob(50, lo=20, hi=200, step=10, label="Rows", when=("view", ("leakage",)),
                        help="How many rows of noise, half in each class.")
    candidates: int = knob(4, lo=2, hi=len(search.GRIDS["k-NN"]), label="Candidates",
                           when=("view", ("nested",)),
                           help="How many settings GridSearchCV tries (the number of neighbours for k-NN, "
                                "the maximum depth for a tree). The more it tries, the more its best score "
                                "flatters the winner.")
    trials: int = knob(3, lo=1, hi=search.MAX_TRIALS, label="Trials", when=("view", ("nested",)),
                       help="Each trial shuffles the folds anew (random_state = trial), searches again "
                            "and scores again: the gap shows in the average over trials.")
    size: int = knob(60, lo=50, hi=200, step=10, label="Rows drawn", when=("view", ("nested",)),
                     help=f"How many of the breast cancer table's {search.CANCER_ROWS} tumours the search "
                          "sees. The smaller the data, the noisier each score, and the more the best one "
                          "flatters.")
    model: str = choice(
        "k-NN", options=tuple(MODELS), label="Model",
        help="The classifier at the end of the pipeline, after a StandardScaler: k-nearest neighbours "
             "(5 neighbours; the nested view tunes how many) or a decision tree (depth 4; the nested "
             "view tunes the depth).",
    )
    data: str = choice(
        "three classes", options=DATA, label="Data", when=("view", FOLDED),
        help="Synthetic shapes, then scikit-learn's real tables (two features each): "
             + describe(PLANES) + " " + describe(TABLES)
             + " Or bring your own CSV table: the upload is below the controls.",
    )
    noise: float = knob(0.25, lo=0.0, hi=1.0, step=0.05, label="Noise", when=("view", FOLDED),
                        help="How far points stray from their class's shape; more noise, more overlap.")
    balance: float = knob(0.5, lo=0.1, hi=1.0, step=0.05, label="Class balance", when=("view", FOLDED),
                          help="Size of every other class relative to the first: 1 is balanced, 0.1 is "
                               "ten to one. A small class is where an unstratified fold goes wrong.")
    n_points: int = knob(100, lo=50, hi=400, step=10, label="Points", when=("view", FOLDED),
                         help="Points drawn (real tables are used whole). Leave-one-out fits one model "
                              "per point.")
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seed of the data, the groups, the shuffles and the search's subsample.")

    def shown(self) -> tuple[str, ...]:
        return shown(self)


def shown(p: Params) -> tuple[str, ...]:
    """The controls that belong to ``p``'s view, and in the folds view to its splitter and its
    data: the page shows these and hides the others."""
    out = []
    for name, knob_ in knobs(Params).items():
        applies = knob_.when is None or getattr(p, knob_.when[0]) in knob_.when[1]
        if p.view == "folds":
            applies = applies and {
                "k": p.splitter != "LeaveOneOut",
                "shuffle": p.splitter in SHUFFLED,
                "groups": p.splitter == "GroupKFold" or p.order == "by group",
                "test_share": p.splitter == "ShuffleSplit",
            }.get(name, True)
        if name in ("noise", "balance", "n_points"):
            applies = applies and p.data in SYNTHETIC
        if applies:
            out.append(name)
    return tuple(out)


def relevant(p: Params) -> Params:
    """``p`` with every control its view hides back at its default: the same result, under
    one key whatever the hidden ones were left at."""
    return Params(**{name: getattr(p, name) for name in shown(p)})


# Computed by ui/warm.py after the lessons' states (which hold each view's defaults): the
# model switched to the tree in the views that fit on a move (the nested view's three trials
# grow about a hundred trees, over a slider's time on a shared server), and the nested view
# at its most trials, whose trials every later trials move and, for k-NN, every candidates
# move at the default seed and rows reads from the memo. About a second of CPU once per
# server, at the warm-up's low priority.
WARM_STATES = (dict(view="nested", model="decision tree"), dict(view="nested", trials=search.MAX_TRIALS),
               dict(view="leakage", model="decision tree"), dict(view="spread", model="decision tree"))


# ---- run ----

@dataclass(frozen=True)
class Result:
    view: str
    value: float  # the view's headline number (WHAT[view] says which)
    folds: Folds | None = None  # only the chosen view's part is computed
    spread: Spread | None = None
    leakage: Leakage | None = None
    nested: Nested | None = None

    @property
    def what(self) -> str:
        return WHAT[self.view]


def run(p: Params, table: Labelled | None = None, progress=None) -> Result:
    """The chosen view's result. ``table``: the learner's rows, for the views that split a
    data set (the others have data of their own); ``progress(fraction, text)``: called as the
    nested view's trials finish, the slowest computation here (a tenth of a second for three)."""
    p = relevant(p)
    if p.view == "folds":
        part = folds(p, table)
        return readonly(Result(p.view, part.mean, folds=part))
    if p.view == "spread":
        part = spread(p, table)
        return readonly(Result(p.view, float(part.sds[part.current]), spread=part))
    if p.view == "leakage":
        part = search.leakage(p.samples, p.features, p.kept, search.LEAKAGE_FOLDS, p.model, p.seed)
        return readonly(Result(p.view, part.gap, leakage=part))
    part = search.nested(p.size, p.candidates, p.trials, p.model, p.seed, progress)
    return readonly(Result(p.view, part.gap, nested=part))


# ---- code ----

def code(p: Params, table: Labelled | None = None) -> str:
    p = relevant(p)
    if p.view == "leakage":
        return search.leakage_code(p.samples, p.features, p.kept, search.LEAKAGE_FOLDS, p.model, p.seed)
    if p.view == "nested":
        return search.nested_code(p.size, p.candidates, p.trials, p.model, p.seed)
    return (_folds_code if p.view == "folds" else _spread_code)(p, table)


def data_code(p: Params, table: Labelled | None) -> str:
    """Snippet lines that make the page's rows ``X, y`` (before they are ordered)."""
    if table is not None:
        return labelled_code(table)
    if p.data in TABLES:
        t = TABLES[p.data]
        return f'''\
import numpy as np
from sklearn.datasets import {t.loader}

# {t.about}.
data = {t.loader}()
columns = [list(data.feature_names).index(f) for f in {list(t.features)!r}]
X, y = data.data[:, columns], data.target'''
    plane = PLANES[p.data]
    counts = class_counts(p.n_points, plane.n_classes, p.balance)
    return f'''\
{plane.imports}


{plane.source()}


# {plane.about}: {" + ".join(map(str, counts))} points per class.
X, y = {plane.make.__name__}({counts}, noise={literal(p.noise)}, seed={p.seed})'''


ORDER_CODE = {
    "as given": None,
    "by class": "np.argsort(y, kind=\"stable\")  # sorted by class, as many data sets come (iris does)",
    "shuffled": "np.random.default_rng({seed}).permutation(len(y))  # shuffled",
    "by group": "np.argsort(groups, kind=\"stable\")  # each group's rows together",
}


def splitter_code(name: str, k: int, shuffle: bool, test_share: float, seed: int) -> str:
    mix = f", shuffle=True, random_state={seed}" if shuffle else ""
    return {
        "KFold": f"KFold(n_splits={k}{mix})",
        "StratifiedKFold": f"StratifiedKFold(n_splits={k}{mix})",
        "GroupKFold": f"GroupKFold(n_splits={k}{mix})",
        "TimeSeriesSplit": f"TimeSeriesSplit(n_splits={k})",
        "ShuffleSplit": f"ShuffleSplit(n_splits={k}, test_size={literal(test_share)}, random_state={seed})",
        "LeaveOneOut": "LeaveOneOut()",
    }[name]


def _folds_code(p: Params, table: Labelled | None) -> str:
    d = rows(p, table)
    k, _ = clipped_k(p, d)
    order = ORDER_CODE[p.order]
    reorder = "" if order is None else f'''
order = {order.format(seed=p.seed)}
X, y, groups = X[order], y[order], groups[order]'''
    cv = splitter_code(p.splitter, k, p.shuffle == "on", p.test_share, p.seed)
    grouped = "groups=groups, " if p.splitter == "GroupKFold" else ""
    return f'''\
{data_code(p, table)}

from sklearn.cluster import KMeans
from sklearn.model_selection import {p.splitter}, cross_validate
{model_code(p.model)}

# Groups: {p.groups} clusters of nearby rows, standing for patients or sites.
groups = KMeans(n_clusters={p.groups}, n_init=1, random_state={p.seed}).fit_predict(
    StandardScaler().fit_transform(X)){reorder}

cv = {cv}
scores = cross_validate(model, X, y, {grouped}cv=cv)["test_score"]
for i, (train, test) in enumerate(cv.split(X, y{", groups" if grouped else ""})):
    if i < {SHOWN_FOLDS}:
        print(f"fold {{i + 1}}: {{len(train)}} training rows, {{len(test)}} test rows "
              f"(classes {{np.unique(y[test])}}), accuracy {{scores[i]:.3f}}")
print(f"{{len(scores)}} folds: accuracy {{scores.mean():.3f}} ± {{scores.std():.3f}}")

value = scores.mean()  # the page's headline: the {WHAT["folds"]}
'''


def _spread_code(p: Params, table: Labelled | None) -> str:
    s = spread(p, table)
    return f'''\
{data_code(p, table)}

from sklearn.model_selection import StratifiedKFold, cross_validate
{model_code(p.model)}

for k in {[int(k) for k in s.ks]!r}:  # the k the page draws
    cv = StratifiedKFold(n_splits=k, shuffle=True, random_state={p.seed})
    scores = cross_validate(model, X, y, cv=cv)["test_score"]
    test_rows = len(y) / k
    noise = np.sqrt(scores.mean() * (1 - scores.mean()) / test_rows)  # a test fold's sampling noise
    print(f"k = {{k:2d}}: mean {{scores.mean():.3f}}, sd {{scores.std():.3f}} "
          f"(√(acc (1 − acc) / {{test_rows:.0f}} rows) = {{noise:.3f}})")
    if k == {s.k}:
        value = scores.std()  # the page's headline: the {WHAT["spread"]}
'''
