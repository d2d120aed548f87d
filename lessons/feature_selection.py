"""Feature extraction & selection: the squares that let a line draw a circle, components as
features, noise columns each selector keeps or leaves, a random column the forest's impurity
importance rates, and the leak of choosing features before cross-validating."""

from explorers import feature_selection as ex
from figures import feature_selection as fig
from lessons import Challenge, Claim, Step, titled

LINE = dict(degree=1)
ONLY = dict(interaction="interactions only", degree=6)
XOR = dict(plane="xor", interaction="interactions only")
PCA = dict(view=ex.PCA_VIEW)
SELECT = dict(view=ex.SELECT)
LOOSE = dict(SELECT, noise_features=50, l1_c=0.1)  # a weak L1 penalty among many noise columns
CROWDED = dict(SELECT, data="wine", k=20)  # more to keep than wine has real columns
IMPORTANCE = dict(view=ex.IMPORTANCE)
BIG_LEAVES = dict(IMPORTANCE, min_leaf=20)
CONTINUOUS = dict(IMPORTANCE, survey="breast cancer")
LEAK = dict(view=ex.LEAK)


def _pct(x: float) -> str:
    return f"{x:.1%}"


# ---- what the results say, read the same way by challenges, tour and captions ----

def _circle(r) -> bool:
    """Degree 1 cannot find the disc, degree 2 can, and interactions only never can."""
    p = r.poly
    return p.test_all[0] < 0.7 and p.test_all[1] >= 0.95 and p.test_interactions.max() < 0.7


def _squares(r) -> bool:
    p = r.poly
    return p.test_accuracy >= 0.95 and {"x₁^2", "x₂^2"} <= set(p.names)


def _noise_answer(r) -> str:
    s = r.selection
    kept = s.noise_kept(s.method("L1"))
    return "None" if kept == 0 else "A few" if kept <= 10 else "More than ten"


def _leak_answer(r) -> str:
    s = r.leakage
    return "Well above chance" if s.outside_accuracy >= s.chance + 0.15 else "About chance: it is noise"


def _leaks(r) -> bool:
    s = r.leakage
    return s.outside_accuracy >= s.chance + 0.15 and abs(s.inside_accuracy - s.chance) <= 0.1


def _rank_answer(r) -> str:
    m = r.importance
    return "Above some real answers" if m.real_below(m.mdi, m.number) >= 1 else "Last, with the other noise"


def _fooled(r) -> bool:
    """MDI ranks the random number above several real columns; shuffling it on held-out rows
    costs under a point of accuracy, a thirtieth of what the most useful column's does."""
    m = r.importance
    number = m.number
    return (m.real_below(m.mdi, number) >= 4 and abs(m.test_mean[number]) < 0.01
            and abs(m.test_mean[number]) < m.test_mean.max() / 30)


def _memorised(r) -> bool:
    m = r.importance
    number = m.number
    return (m.train_accuracy >= 0.99 and abs(m.test_mean[number]) < 0.01
            and m.train_mean[number] > 2 * abs(m.test_mean[number]))


def _shape_answer(r) -> str:
    return "Yes: degree 6 is plenty" if r.poly.test_accuracy >= 0.8 else "No: it needs the squares"


CHALLENGES = (
    Challenge(
        question="100 rows of pure noise, 1,000 random columns, random labels. Choose the 20 columns that "
                 "best fit the labels on every row, then cross-validate a logistic regression on them. "
                 "Its accuracy?",
        options=("About chance: it is noise", "Well above chance"),
        state=LEAK,
        answer=_leak_answer, expected="Well above chance",
        why=lambda r: f"{_pct(r.leakage.outside_accuracy)} against a chance of {_pct(r.leakage.chance)}: "
                      "the 20 were chosen for how well they fit every row, the test rows of each fold "
                      "among them. With the choosing inside the pipeline each fold chooses on its own "
                      f"training rows, and the score is {_pct(r.leakage.inside_accuracy)}.",
    ),
    Challenge(
        question="A column of random numbers joins the 1996 election survey. Where does the random "
                 "forest's impurity-based importance (MDI) rank it among the 11 columns?",
        options=("Last, with the other noise", "Above some real answers"),
        state=IMPORTANCE,
        answer=_rank_answer, expected="Above some real answers",
        why=lambda r: f"{fig.ordinal(r.importance.rank(r.importance.mdi, r.importance.number))}, above "
                      f"{r.importance.real_below(r.importance.mdi, r.importance.number)} real answers: "
                      "each row's random value differs, so the trees, grown until every training row is "
                      "alone in its leaf, use it to split rows apart. Shuffled on the test rows it costs "
                      f"{r.importance.test_mean[r.importance.number]:+.1%} of accuracy: nothing real.",
    ),
    Challenge(
        question="Interactions only (x₁x₂, but no x₁² or x₂²) up to degree 6, on the disc inside a ring: "
                 "can the logistic regression find the disc?",
        options=("Yes: degree 6 is plenty", "No: it needs the squares"),
        state=ONLY,
        answer=_shape_answer, expected="No: it needs the squares",
        why=lambda r: f"Test accuracy {_pct(r.poly.test_accuracy)}. With two inputs, interactions only "
                      f"gives {', '.join(r.poly.names)} at every degree: no square, so no circle. All "
                      f"terms at degree 2 reach {_pct(r.poly.test_all[1])}.",
    ),
    Challenge(
        question="50 noise columns join the breast cancer table, and the L1 selector's C goes from 0.01 to "
                 "0.1, a weaker penalty. How many noise columns does it keep?",
        options=("None", "A few", "More than ten"),
        state=LOOSE,
        answer=_noise_answer, expected="More than ten",
        why=lambda r: f"{r.selection.noise_kept(r.selection.method('L1'))} of the 50, beside "
                      f"{r.selection.real_kept(r.selection.method('L1'))} real columns: a weak penalty lets "
                      "small weights on noise survive, each fitting the training rows a little. At C = 0.01 "
                      "it keeps none.",
    ),
)

TOUR = (
    Step("On x₁ and x₂ alone a logistic regression draws a straight line: on a disc inside a ring it "
         "does no better than guessing.", LINE,
         holds=lambda r: r.poly.test_accuracy < 0.7 and r.poly.names == ("x₁", "x₂")),
    Step("Degree 2 adds x₁², x₁x₂ and x₂². The model is still linear, in five features now, and a "
         "straight line in x₁² and x₂² is a circle on the plane: the disc is found.", {},
         holds=_squares),
    Step("The XOR pattern needs only the product: the sign of x₁x₂ is the class. Interactions only is "
         "enough here.", XOR,
         holds=lambda r: r.poly.names == ("x₁", "x₂", "x₁ x₂") and r.poly.test_accuracy >= 0.95),
    Step("PCA as extraction: 5 components of the 30 standardised columns hold most of the variance, and "
         "a model on them scores within a point of one on every column.", PCA,
         holds=lambda r: r.pca.explained_kept >= 0.8 and r.pca.cv_accuracy >= r.pca.all_accuracy - 0.01),
    Step("20 columns of pure noise join the table. SelectKBest and L1 keep none of them; RFECV, trying "
         "sizes a fifth of the columns apart, keeps a few inside the size that scores best.", SELECT,
         holds=lambda r: (r.selection.noise_kept(r.selection.methods[0]) == 0
                          and r.selection.noise_kept(r.selection.method("L1")) == 0
                          and r.selection.noise_kept(r.selection.method("RFECV")) >= 1)),
    Step("Wine has 13 real columns: asked for 20, SelectKBest has to take 7 noise columns, whatever "
         "its score.", CROWDED,
         holds=lambda r: r.selection.noise_kept(r.selection.methods[0]) == 20 - r.selection.n_real),
    Step("A weaker L1 penalty among 50 noise columns keeps more noise than real columns.", LOOSE,
         holds=lambda r: (r.selection.noise_kept(r.selection.method("L1"))
                          > r.selection.real_kept(r.selection.method("L1")))),
    Step("A random number and a random category join the election survey. The forest's impurity "
         "importance ranks the random number above several real answers; shuffling it on held-out rows "
         "costs next to nothing.", IMPORTANCE, holds=_fooled),
    Step("Leaves of at least 20 rows cannot single out a row: the random number's impurity importance "
         "falls to a fraction of what it was.", BIG_LEAVES,
         holds=lambda r: r.importance.mdi[r.importance.number] < 0.02 and r.importance.train_accuracy < 1),
    Step("On the breast cancer table every column is continuous, so the random number has no edge "
         "over them: MDI ranks it among the last.", CONTINUOUS,
         holds=lambda r: r.importance.rank(r.importance.mdi, r.importance.number) > 20),
    Step("Pure noise. The 20 columns chosen on every row score far above chance in cross-validation; "
         "chosen inside each fold, they score chance.", LEAK, holds=_leaks),
)

MAIN = titled(fig.main_figure)

MEASURES = (("Headline number", lambda r: r.value, "{:.4g}"),)  # the view says which (ex.WHAT)

CLAIMS = {
    "notice": Claim(ex.NOTICE, holds=_squares),
    "poly": Claim(
        "Degree 1 is a straight line; degree 2 adds the squares, and a straight line in x₁² and x₂² "
        "is a circle on the plane. Interactions only never adds a square, so on the disc inside a ring "
        "it fails at every degree.", holds=_circle),
    "pca": Claim(
        "Each fold fits the scaler and PCA on its own training rows, as the pipeline does. A few "
        "components hold most of the variance, and a model on them scores close to one on every column.",
        state=PCA,
        holds=lambda r: r.pca.explained_kept >= 0.8 and r.pca.cv_accuracy >= r.pca.all_accuracy - 0.02),
    "select": Claim(
        "Blue: a real column kept; red: a noise column kept. Every score is cross-validated with the "
        "selection inside the pipeline. SelectKBest keeps exactly k; RFECV keeps the size at the top of "
        "its curve (chosen on the same folds that score it); L1 keeps the columns its penalty leaves a "
        "weight.", state=SELECT,
        holds=lambda r: (r.selection.methods[0].n_kept == r.selection.k
                         and r.selection.method("RFECV").n_kept == r.selection.rfecv_best
                         and r.selection.method("RFECV").cv_accuracy == r.selection.rfecv_mean.max())),
    "importance": Claim(
        "MDI is read off trees grown on the training rows until each leaf is pure: a column with a "
        "different value in every row helps split them apart, even a random one. Shuffling it on held-out "
        "rows costs next to nothing; on the memorised training rows it costs more, so permutation "
        "importance on training rows is fooled too.", state=IMPORTANCE, holds=_memorised),
    "leak": Claim(
        "Each fold is scored on rows it was not fitted on, yet columns chosen on every row were chosen "
        "for how well they fit those very rows. Chosen inside each fold, noise scores what it is: chance.",
        state=LEAK, holds=_leaks),
    # The misreading the page names, on both of its halves.
    "misreading": Claim(ex.MISREADING, state=IMPORTANCE, holds=_fooled),
    "misreading_leak": Claim(ex.MISREADING, state=LEAK, holds=_leaks),
}
