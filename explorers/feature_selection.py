"""Feature extraction & selection
==============================

Five short lessons on one page, each a view of its own, every model a scikit-learn
``Pipeline`` (the code panel prints it):

* **Polynomial features.** A logistic regression draws a straight boundary, so a disc inside
  a ring defeats it, until ``PolynomialFeatures`` hands it x₁², x₁x₂ and x₂²: a straight
  line in those is a circle on the plane. With interactions only (x₁x₂, no squares) the
  disc stays out of reach, while the XOR pattern needs nothing else.
* **PCA as features.** Standardise, keep the first n principal components, fit on them:
  the cross-validated accuracy against n, beside the share of the variance they hold.
* **Selection among noise.** Columns of pure noise join a real table; SelectKBest (F-test or
  mutual information), RFECV and an L1 penalty each choose features inside a pipeline, and
  the page counts how many noise columns each keeps and what each scores in 3-fold
  cross-validation. RFECV draws its own curve of accuracy against the number kept.
* **Impurity against permutation.** A random number and a random category join the table; a
  random forest's impurity-based importance (MDI) ranks the random number above real
  features, permutation importance on held-out rows gives it about nothing.
* **Selection inside CV.** On pure noise, choosing the k best features on every row and then
  cross-validating scores far above chance; the same choice inside the pipeline scores chance.

Only the chosen view is computed; everything random comes from ``p.seed`` (the PCA view's
folds from a fixed one: its data do not change with a seed). The learner's
table (``run(p, table)``) takes the place of the shipped one in the PCA, selection and
importance views; the polynomial view draws its own plane and the leakage view is noise.
"""

from __future__ import annotations

from dataclasses import dataclass

from datasets.feature_table import Columns, columns_code, shipped
from datasets.planes import PLANES
from datasets.readonly import readonly
from explorers import _extraction, _importance, _leakage, _selection
from explorers._contract import choice, knob, knobs, log_knob
from explorers._extraction import Pca, Poly
from explorers._importance import Importance
from explorers._leakage import Leakage
from explorers._selection import Selection

NOTICE = (
    "A linear model draws straight lines, until the features it is given bend: with x₁² and x₂² "
    "added it draws a circle. Selecting features is choosing among columns, noise included: watch "
    "how many columns of pure noise each method keeps, and keep the choosing inside the "
    "cross-validation, or noise looks like signal."
)
MISREADING = (
    "\"The forest rates it important, so it matters\": impurity-based importance favours columns "
    "with many different values, and a column of random numbers outranks real survey answers "
    "(permutation importance on held-out rows gives it about nothing). And \"choose the best "
    "features, then cross-validate\": on pure noise that scores far above chance."
)
HEADLINE = "value"
FOLDS = _extraction.FOLDS  # the leakage view's cross-validation
PCA_FOLDS = _extraction.PCA_FOLDS  # the PCA view's: fewer, as its curve refits at every count and fold
SELECTION_FOLDS = _selection.FOLDS  # the selection view's: fewer, as RFECV refits once per size and fold

VIEWS = ("polynomial features", "PCA as features", "selection among noise", "impurity vs permutation",
         "selection inside CV")
POLY, PCA_VIEW, SELECT, IMPORTANCE, LEAK = VIEWS
WHAT = {  # each view's headline number, as the page and the code name it
    POLY: "test accuracy",
    PCA_VIEW: "cross-validated accuracy",
    SELECT: "SelectKBest's cross-validated accuracy",
    IMPORTANCE: "the random number's impurity-based importance",
    LEAK: "accuracy gained by choosing outside the cross-validation",
}
SHAPES = ("circles", "xor", "moons")
TABLED = (PCA_VIEW, SELECT)  # the views that read the `data` control (and the learner's table)
INTERACTIONS = ("all terms", "interactions only")


@dataclass(frozen=True)
class Params:
    HIDE_INACTIVE = True  # the page hides the other views' controls (ui/controls.py)

    view: str = choice(
        POLY, options=VIEWS, label="View",
        help="Which lesson the page shows: polynomial features for a linear model, PCA components "
             "as features, selectors among pure-noise columns, a forest's impurity importance against "
             "permutation importance, or selection done outside the cross-validation.",
    )
    plane: str = choice("circles", options=SHAPES, label="Shape", when=("view", POLY),
                        help="The two classes on the plane: " + "; ".join(
                            f"{name}: {PLANES[name].about}" for name in SHAPES) + ".")
    degree: int = knob(2, lo=1, hi=_extraction.MAX_DEGREE, label="Polynomial degree", when=("view", POLY),
                       help="PolynomialFeatures' degree: every product of x₁ and x₂ up to this many "
                            "factors. Degree 1 is the plain inputs, a straight boundary.")
    interaction: str = choice("all terms", options=INTERACTIONS, label="Terms", when=("view", POLY),
                              help="All terms (x₁², x₁x₂, x₂², …), or interactions only "
                                   "(interaction_only=True: products of different inputs, no powers).")
    plane_noise: float = knob(0.3, lo=0.0, hi=1.0, step=0.05, label="Noise", when=("view", POLY),
                              help="How far points stray from their class's shape.")
    data: str = choice("breast cancer", options=("breast cancer", "wine"), label="Data", when=("view", TABLED),
                       help="A table shipped with scikit-learn, every column a feature. Or bring your own "
                            "CSV table: the upload is below the controls.")
    components: int = knob(5, lo=1, hi=30, label="Components kept", when=("view", PCA_VIEW),
                           help="PCA's n_components: how many new features, each a weighted mix of all the "
                                "standardised columns, the model sees. Clipped to the number of columns.")
    noise_features: int = knob(20, lo=0, hi=50, step=5, label="Noise columns added", when=("view", SELECT),
                               help="Columns of standard normal noise appended to the table: nothing in them "
                                    "says anything about the class.")
    k: int = knob(10, lo=1, hi=30, label="SelectKBest's k", when=("view", SELECT),
                  help="How many features SelectKBest keeps: the k with the best scores.")
    score: str = choice("F-test", options=tuple(_selection.SCORES), label="SelectKBest's score",
                        when=("view", SELECT),
                        help="How SelectKBest scores a feature: the ANOVA F-test (f_classif: do the class "
                             "means differ?) or mutual information (any dependence; slower).")
    l1_c: float = log_knob(0.01, lo=0.001, hi=1.0, label="L1 strength C", when=("view", SELECT),
                           help="The L1 selector's C: a smaller C penalises weights harder and keeps fewer "
                                "features; a large one keeps noise too.")
    survey: str = choice("election survey", options=("election survey", "breast cancer", "wine"), label="Data",
                         when=("view", IMPORTANCE),
                         help="The 1996 US election survey (answers on scales of a few steps), or a table of "
                              "measurements (every column continuous). Or your own CSV table.")
    min_leaf: int = knob(1, lo=1, hi=20, label="Min samples per leaf", when=("view", IMPORTANCE),
                         help="The forest's min_samples_leaf: 1 grows every tree until its leaves are pure, "
                              "memorising the training rows; larger leaves cannot.")
    samples: int = knob(100, lo=40, hi=400, step=20, label="Rows", when=("view", LEAK),
                        help="Rows of pure noise, half of each class.")
    features: int = knob(1000, lo=100, hi=5000, step=100, label="Noise features", when=("view", LEAK),
                         help="Columns of pure noise to choose from. The more there are, the better the best "
                              "of them fit the labels by luck.")
    leak_k: int = knob(20, lo=1, hi=100, label="Features chosen k", when=("view", LEAK),
                       help="How many of the noise features SelectKBest keeps.")
    # Not in the PCA view, whose data are fixed: there a seed would only deal the rows to other
    # folds, and each deal costs the whole curve again (~45 fits), far over a slider's time.
    seed: int = knob(0, lo=0, hi=999, label="Seed", when=("view", (POLY, SELECT, IMPORTANCE, LEAK)),
                     help="Seed of the noise, the splits and the folds: the same seed gives the same numbers.")

# Computed by ui/warm.py after the lessons' states: the selection view's first data moves on
# the default table. Each refits every method in every fold (~90 ms of CPU, RFECV's ~22 fits
# most of it; ~0.15 s more with mutual information, four calls over every column), with the
# page's own ~45 ms at or over a slider's time on a shared server. The L1 selector's C too:
# at the larger C its four LinearSVC fits take up to ~0.1 s of CPU. Warmed, the noise slider
# under either score, C, the other table and the score switch are read from the store (~4 s
# of CPU once per server, at the warm-up's low priority), and a k or C move after them
# reuses their folds' fits.
WARM_STATES = (*(dict(view=SELECT, noise_features=n) for n in range(0, 51, 5)),
               dict(view=SELECT, data="wine"),
               *(dict(view=SELECT, l1_c=c) for c in knobs(Params)["l1_c"].options),
               *(dict(view=SELECT, score="mutual information", noise_features=n) for n in range(20, -1, -5)),
               *(dict(view=SELECT, score="mutual information", noise_features=n) for n in range(25, 51, 5)))


@dataclass(frozen=True)
class Result:
    view: str
    value: float  # the view's headline number (WHAT[view] says which)
    poly: Poly | None = None  # only the chosen view's part is computed
    pca: Pca | None = None
    selection: Selection | None = None
    importance: Importance | None = None
    leakage: Leakage | None = None
    own_table: bool = False  # whether the learner's table is the data of this view

    @property
    def what(self) -> str:
        return WHAT[self.view]


def uses_table(view: str) -> bool:
    return view in (*TABLED, IMPORTANCE)


def columns(p: Params, table: Columns | None = None) -> Columns:
    """The table a view reads: the learner's if given, else the shipped one chosen."""
    if table is not None:
        return table
    return shipped(p.survey if p.view == IMPORTANCE else p.data)


def run(p: Params, table: Columns | None = None, progress=None) -> Result:
    table = table if uses_table(p.view) else None
    own = table is not None
    if p.view == POLY:
        only = p.interaction == INTERACTIONS[1]
        part = _extraction.polynomial(p.plane, p.plane_noise, p.degree, only, p.seed)
        return readonly(Result(p.view, part.test_accuracy, poly=part))
    if p.view == PCA_VIEW:
        with _extraction.reporting(progress):
            part = _extraction.pca_view(columns(p, table), p.components, _extraction.PCA_SEED)
        return readonly(Result(p.view, part.cv_accuracy, pca=part, own_table=own))
    if p.view == SELECT:
        part = _selection.selection(columns(p, table), p.noise_features, p.k, p.score, p.l1_c, p.seed, progress)
        return readonly(Result(p.view, part.methods[0].cv_accuracy, selection=part, own_table=own))
    if p.view == IMPORTANCE:
        part = _importance.importance(columns(p, table), p.min_leaf, p.seed)
        return readonly(Result(p.view, float(part.mdi[part.number]), importance=part, own_table=own))
    part = _leakage.leakage(p.samples, p.features, p.leak_k, p.seed)
    return readonly(Result(p.view, part.gap, leakage=part))


def code(p: Params, table: Columns | None = None) -> str:
    table = table if uses_table(p.view) else None
    if p.view == POLY:
        return _extraction.polynomial_code(p.plane, p.plane_noise, p.degree, p.interaction == INTERACTIONS[1],
                                           p.seed)
    if p.view == LEAK:
        return _leakage.leakage_code(p.samples, p.features, p.leak_k, p.seed)
    data = columns(p, table)
    lines = columns_code(data)
    if p.view == PCA_VIEW:
        return _extraction.pca_code(lines, min(p.components, data.X.shape[1]), data.X.shape[1],
                                    _extraction.PCA_SEED)
    if p.view == SELECT:
        n_features = data.X.shape[1] + p.noise_features
        return _selection.selection_code(lines, p.noise_features, min(p.k, n_features), p.score, p.l1_c, p.seed)
    return _importance.importance_code(lines, p.min_leaf, p.seed)
