"""Scaling, encoding & imputation
==============================

Three views of what happens to the columns before a model sees them, each done inside a
scikit-learn ``Pipeline`` so that every statistic (a mean, a quantile, a category, a
neighbour) is learnt from the training rows only:

* **Scaling.** Eight scalers (and none) in front of k-NN or an SVM, on two columns of very
  different ranges or the learner's own CSV: the data before and after, the decision
  boundary drawn live, and what a few far outliers do to each scaler.
* **Imputation.** Gaps made on purpose in one column of the diabetes table, completely at
  random (MCAR), at random given another column (MAR) or by their own value (MNAR), then
  filled by the mean, the median, the most frequent value, k-NN or an iterative model, with
  or without a missing-value indicator: the filled values against the true ones, and the
  pipeline's cross-validated R².
* **Encoding.** One-hot, ordinal and target encoding of the tips table's text columns: the
  matrix the model gets, its cross-validated accuracy, and a category never seen in fitting.

Only the chosen view is computed (the others' controls are hidden); every view's random
draws come from ``p.seed``. The parts live in ``_scaling``, ``_imputation`` and ``_encoding``.
"""

from __future__ import annotations

from dataclasses import dataclass

from datasets.readonly import readonly
from datasets.tables import Labelled
from explorers import _encoding, _imputation, _scaling
from explorers._contract import choice, knob, knobs

NOTICE = (
    "Distance-based models measure nearness in the columns' own units: unscaled, the widest column "
    "decides alone, and a few far outliers make the scalers built on a mean or a range squash the "
    "rest. How values went missing matters as much as how they are filled, and categories must become "
    "numbers without a made-up order."
)
MISREADING = (
    "\"Scaling is cosmetic, and filling gaps with the mean is harmless\": on wine's proline and "
    "hue, k-NN scores 69% unscaled and 85% standardised; and when the largest BMIs are the ones "
    "that go missing, mean-filling drags them all to the middle, which a missing-value indicator "
    "partly undoes."
)
HEADLINE = "score"

VIEWS = ("scaling", "imputation", "encoding")
WHAT = {  # each view's headline number
    "scaling": "test accuracy",
    "imputation": "cross-validated R²",
    "encoding": "cross-validated accuracy",
}
SCALING, IMPUTATION, ENCODING = (("view", (v,)) for v in VIEWS)


@dataclass(frozen=True)
class Params:
    HIDE_INACTIVE = True  # the page hides the other views' controls (ui/controls.py)

    view: str = choice(
        "scaling", options=VIEWS, label="View",
        help="Scaling: eight scalers in front of a distance-based model. Imputation: gaps made on "
             "purpose, then filled. Encoding: text categories turned into numbers.",
    )
    # ---- scaling ----
    scaler: str = choice(
        "none", options=_scaling.SCALERS, label="Scaler", when=SCALING,
        help="What the pipeline does to the two columns before the model: "
             + "; ".join(f"{name}: {about}" for name, about in _scaling.ABOUT.items()) + ".",
    )
    model: str = choice(
        "k-NN", options=_scaling.MODELS, label="Model", when=SCALING,
        help="k-nearest neighbours (k = 5) or a support vector machine (RBF kernel, C = 1, "
             "gamma='scale'), both at scikit-learn's defaults, both measuring distances.",
    )
    data: str = choice(
        "wine", options=tuple(_scaling.DATA), label="Data", when=SCALING,
        help="Two columns far apart in range: " + "; ".join(
            f"{name}: {pair.about}" for name, pair in _scaling.DATA.items())
        + ". Or bring your own CSV table: the upload is below the controls.",
    )
    outliers: int = knob(
        0, lo=0, hi=10, label="Outliers", when=SCALING,
        help="Training values of the first column (the x axis) moved far out, as a slip of the "
             "keyboard would: they stretch the statistics a scaler learns.",
    )
    distance: int = knob(
        20, lo=2, hi=50, label="Outliers' distance (× range)", when=SCALING,
        help="How far out the outliers go, in multiples of the first column's range.",
    )
    # ---- imputation ----
    mechanism: str = choice(
        "MNAR", options=_imputation.MECHANISMS, label="How values go missing", when=IMPUTATION,
        help="MCAR: completely at random. MAR: at random given another column (older patients' "
             "values go more often). MNAR: not at random (the larger the value, the likelier it goes).",
    )
    share: float = knob(
        0.4, lo=0.05, hi=0.6, step=0.05, label="Share missing", when=IMPUTATION,
        help="The share of the column's 442 values that go missing.",
    )
    column: str = choice(
        "bmi", options=_imputation.COLUMNS, label="Column with gaps", when=IMPUTATION,
        help="Which measurement loses values: " + "; ".join(
            f"{name}: {about}" for name, about in _imputation.ABOUT.items()) + ".",
    )
    imputer: str = choice(
        "mean", options=_imputation.IMPUTERS, label="Imputer", when=IMPUTATION,
        help="SimpleImputer with the column's mean, median or most frequent value; KNNImputer "
             "(the mean of the 5 nearest complete rows); IterativeImputer (a regression on the "
             "other columns, repeated until it settles).",
    )
    indicator: str = choice(
        "without", options=_imputation.INDICATOR, label="Missing indicator", when=IMPUTATION,
        help="add_indicator=True: a 0/1 column saying which values were filled in, so the model "
             "can learn that a gap itself means something.",
    )
    # ---- encoding ----
    encoder: str = choice(
        "one-hot", options=_encoding.ENCODERS, label="Encoder", when=ENCODING,
        help="One-hot: a 0/1 column per category. Ordinal: one whole number per category, in "
             "alphabetical order. Target: each category's share of lunches, cross-fitted.",
    )
    unknown: str = choice(
        "error", options=_encoding.UNKNOWN, label="Unseen category (one-hot)", when=ENCODING,
        help="OneHotEncoder's handle_unknown for the Monday bill: error (the default) refuses it, "
             "ignore encodes it as all zeros, infrequent_if_exist puts it in the infrequent "
             "column when there is one (see the minimum frequency).",
    )
    min_frequency: int = knob(
        1, lo=1, hi=40, label="Minimum frequency", when=ENCODING,
        help="One-hot and ordinal: a category with fewer training rows than this is merged into "
             "one 'infrequent' category (Friday has 19 bills). 1 merges nothing.",
    )
    classifier: str = choice(
        "logistic regression", options=_encoding.CLASSIFIERS, label="Model", when=ENCODING,
        help=f"Logistic regression (reads a code as a quantity: twice the code, twice the push) or "
             f"a decision tree of depth {_encoding.DEPTH} (only cuts codes into ranges).",
    )
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seed of the split and the outliers (scaling), the gaps and the folds "
                          "(imputation), the folds (encoding).")

    def shown(self) -> tuple[str, ...]:
        return shown(self)


def shown(p: Params) -> tuple[str, ...]:
    """The controls of ``p``'s view: the page shows these and hides the others."""
    out = []
    for name, knob_ in knobs(Params).items():
        if name == "unknown":
            applies = p.view == "encoding" and p.encoder == "one-hot"
        elif name == "min_frequency":
            applies = p.view == "encoding" and p.encoder != "target"
        else:
            applies = knob_.when is None or p.view in knob_.when[1]
        if applies:
            out.append(name)
    return tuple(out)


@dataclass(frozen=True)
class Result:
    view: str
    score: float  # the view's headline (WHAT[view])
    scaling: _scaling.Scaling | None = None  # only the chosen view's part is computed
    imputation: _imputation.Imputation | None = None
    encoding: _encoding.Encoding | None = None

    @property
    def what(self) -> str:
        return WHAT[self.view]


def _scaling_args(p: Params, table: Labelled | None):
    return (p.data if table is None else table, p.scaler, p.model, p.outliers, float(p.distance), p.seed)


def _imputation_args(p: Params):
    return p.column, p.mechanism, p.share, p.imputer, p.indicator == "with", p.seed


def _encoding_args(p: Params):
    return p.encoder, p.unknown, p.min_frequency, p.classifier, p.seed


def run(p: Params, table: Labelled | None = None) -> Result:
    """The chosen view. The learner's table (two numeric columns and a class) is the
    scaling view's data; the other views have tables of their own and ignore it."""
    if p.view == "scaling":
        part = _scaling.run(*_scaling_args(p, table))
        return readonly(Result(p.view, part.accuracy, scaling=part))
    if p.view == "imputation":
        part = _imputation.run(*_imputation_args(p))
        return readonly(Result(p.view, part.score, imputation=part))
    part = _encoding.run(*_encoding_args(p))
    return readonly(Result(p.view, part.score, encoding=part))


def code(p: Params, table: Labelled | None = None) -> str:
    if p.view == "scaling":
        return _scaling.code(*_scaling_args(p, table))
    if p.view == "imputation":
        return _imputation.code(*_imputation_args(p))
    return _encoding.code(*_encoding_args(p))
