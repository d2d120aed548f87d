"""Cross-validation: a splitter that tests a class the model never saw, stratification and
groups that fix it, fold scores that spread as the folds shrink, feature selection that leaks
the test rows' labels into pure noise, and the optimism of a grid search's best_score_."""

import numpy as np

from explorers import cross_validation as ex
from explorers._cv_folds import TEST, TRAIN, UNUSED
from figures import cross_validation as fig
from lessons import Challenge, Claim, Step, titled

STRATIFIED = dict(splitter="StratifiedKFold")
GROUPED = dict(splitter="GroupKFold")
TIME = dict(splitter="TimeSeriesSplit")
SHUFFLE_SPLIT = dict(splitter="ShuffleSplit")
LOO = dict(splitter="LeaveOneOut")
SPREAD = dict(view="spread")
LEAKAGE = dict(view="leakage")
NESTED = dict(view="nested")


# ---- what each splitter does, read from its folds ----

def _blind_folds(r) -> np.ndarray:
    """Folds whose every test row is of a class missing from their training rows."""
    f = r.folds
    return np.flatnonzero(f.unseen == f.test_counts.sum(axis=1))


def _kfold_cuts_in_order(r) -> bool:
    """Each test fold is one block of consecutive rows, and on sorted rows some fold tests a
    class its training part lacks, and scores 0 on it."""
    f = r.folds
    blocks = all(np.all(np.diff(np.flatnonzero(row == TEST)) == 1) for row in f.roles)
    blind = _blind_folds(r)
    return bool(blocks and blind.size and np.all(f.scores[blind] == 0))


def _stratified(r) -> bool:
    """Every test fold holds each class in its overall share, to within one row."""
    f = r.folds
    share = np.bincount(f.data.y) / len(f.data.y)
    expected = f.test_counts.sum(axis=1, keepdims=True) * share
    return bool(np.all(np.abs(f.test_counts - expected) < 1) and np.all(f.unseen == 0))


def _grouped(r) -> bool:
    return bool(np.all(r.folds.shared_groups == 0) and len(np.unique(r.folds.data.groups)) > 1)


def _forward(r) -> bool:
    """Training rows all come before the test block; the training part grows; in all but the
    last fold the rows after the test block are left out."""
    f = r.folds
    before = all(np.flatnonzero(row == TRAIN).max() < np.flatnonzero(row == TEST).min() for row in f.roles)
    grows = np.all(np.diff((f.roles == TRAIN).sum(axis=1)) > 0)
    left = np.all((f.roles[:-1] == UNUSED).any(axis=1))
    return bool(before and grows and left)


def _redrawn(r) -> bool:
    """Some row is tested in two splits or more, and some in none."""
    tested = (r.folds.roles == TEST).sum(axis=0)
    return bool(np.any(tested >= 2) and np.any(tested == 0))


def _one_by_one(r) -> bool:
    f = r.folds
    return bool(f.n_splits == len(f.data.y) and np.all((f.roles == TEST).sum(axis=1) == 1)
                and set(np.unique(f.scores)) <= {0.0, 1.0})


SPLITTER_WORDS = {
    "KFold": ("KFold cuts the rows into k blocks of consecutive rows, in the order they come: on rows sorted "
              "by class, a block can hold a class the other blocks lack, and that fold scores 0.",
              {}, _kfold_cuts_in_order),
    "StratifiedKFold": ("StratifiedKFold gives every test fold each class's share of the rows (to within a "
                        "row), whatever order the rows come in.", STRATIFIED, _stratified),
    "GroupKFold": ("GroupKFold keeps each group on one side of every fold: no group has rows in both the "
                   "training and the test part, so the score is for groups the model has not seen.",
                   GROUPED, _grouped),
    "TimeSeriesSplit": ("TimeSeriesSplit trains on the rows before each test block, never after: the "
                        "training part grows fold by fold and the rows after the test block are left out.",
                        TIME, _forward),
    "ShuffleSplit": ("ShuffleSplit draws every split afresh: a row can be tested in several splits, or in "
                     "none.", SHUFFLE_SPLIT, _redrawn),
    "LeaveOneOut": ("Leave-one-out tests every row on its own: each fold scores 0 or 1, so their spread "
                    "says nothing about how sure the mean is.", LOO, _one_by_one),
}


# ---- the other views ----

def _spreads(r) -> bool:
    """The mean moves by a few points across k; the spread at k = 10 is well above k = 2's;
    measured spreads are of the size of a fold's sampling noise."""
    s = r.spread
    ratio = s.sds[1:].mean() / s.formula[1:].mean()
    return bool(np.ptp(s.means) < 0.08 and s.sds[-1] > s.sds[0] + 0.03 and 0.5 < ratio < 1.5)


def _leaks(r) -> bool:
    g = r.leakage
    return bool(g.outside_mean > 0.5 + g.band and abs(g.inside_mean - 0.5) < g.band)


def _flatters(r) -> bool:
    m = r.nested
    return bool(m.gap > 0 and 2 * m.above > len(m.trials))


# ---- Try this ----

def _leak_answer(r) -> str:
    g = r.leakage
    return "Well above 50%" if g.outside_mean > 0.5 + g.band else "About 50%: it is noise"


def _worst_answer(r) -> str:
    return "0%" if r.folds.scores.min() == 0 else "Close to the others"


def _spread_answer(r) -> str:
    s = r.spread
    return "It grows" if s.sds[-1] > s.sds[0] + 0.03 else "It shrinks or stays"


def _nested_answer(r) -> str:
    m = r.nested
    return "best_score_ is higher" if m.gap > 0 else "The nested score is higher or equal"


CHALLENGES = (
    Challenge(
        question="1,000 columns of pure noise and coin-flip labels for 50 rows. SelectKBest picks the 20 "
                 "columns most related to the label on all 50 rows, then a k-NN is cross-validated on them. "
                 "What accuracy does cross-validation report?",
        options=("About 50%: it is noise", "Well above 50%"),
        state=LEAKAGE, answer=_leak_answer, expected="Well above 50%",
        why=lambda r: (f"{r.leakage.outside_mean:.0%}, on columns that say nothing about the label: the "
                       "selector saw every row's label, the test rows' too, and kept the columns whose noise "
                       "happens to follow it. Put SelectKBest inside the pipeline and the same folds score "
                       f"{r.leakage.inside_mean:.0%}, what noise deserves."),
    ),
    Challenge(
        question="The rows are sorted by class, as iris ships. Plain KFold with 4 folds: what does its worst "
                 "fold score?",
        options=("Close to the others", "0%"),
        state={}, answer=_worst_answer, expected="0%",
        why=lambda r: f"Folds {', '.join(str(i + 1) for i in _blind_folds(r))} test only a class missing "
                      f"from their training rows, and score {r.folds.scores.min():.0%}; the mean, "
                      f"{r.folds.mean:.0%}, averages that with the folds that did well. StratifiedKFold, or "
                      "shuffling, fixes it.",
    ),
    Challenge(
        question="More folds, more scores: from k = 2 to k = 10, what happens to the spread (standard "
                 "deviation) of the fold accuracies?",
        options=("It shrinks or stays", "It grows"),
        state=SPREAD, answer=_spread_answer, expected="It grows",
        why=lambda r: (f"From {100 * r.spread.sds[0]:.1f} pp at k = 2 to {100 * r.spread.sds[-1]:.1f} pp "
                       f"at k = 10: each test fold holds {r.spread.test_rows[-1]:.0f} rows instead of "
                       f"{r.spread.test_rows[0]:.0f}, and a small sample's accuracy is a noisy one."),
    ),
    Challenge(
        question="GridSearchCV tunes k-NN's neighbours (4 candidates) on 60 tumours. On average over the "
                 "trials, is its best_score_ above the nested score (the whole search cross-validated)?",
        options=("best_score_ is higher", "The nested score is higher or equal"),
        state=NESTED, answer=_nested_answer, expected="best_score_ is higher",
        why=lambda r: (f"By {100 * r.nested.gap:.1f} percentage points, in {r.nested.above} of "
                       f"{len(r.nested.trials)} trials: best_score_ is the best of several noisy scores, "
                       "measured on the rows that picked it. Nested cross-validation scores each pick on rows "
                       "its search never saw."),
    ),
)


TOUR = (
    Step("The rows come sorted by class and KFold cuts them in order: the last two folds test a class "
         "that has no row in their training part, and score 0.", {},
         holds=lambda r: _kfold_cuts_in_order(r) and len(_blind_folds(r)) == 2),
    Step("StratifiedKFold: every test fold holds each class in its share, and no fold scores 0.",
         STRATIFIED, holds=lambda r: _stratified(r) and r.folds.scores.min() > 0.5),
    Step("GroupKFold: the rows are in groups of nearby points (think patients), and each group stays on "
         "one side of every fold, so the model is tested on groups it has not seen.",
         GROUPED, holds=_grouped),
    Step("TimeSeriesSplit: train on the past, test on what comes next. Early folds train on few rows; "
         "the later rows wait their turn (light grey).", TIME, holds=_forward),
    Step("Leave-one-out: one fold per row, each scoring 0 or 1. Their mean is the accuracy; their spread "
         "is not how sure it is.", LOO, holds=_one_by_one),
    Step("From k = 2 to k = 10: the mean moves by a few points, the spread of the folds grows as each test "
         "fold shrinks, about as much as a small sample's noise (the dashed line).", SPREAD, holds=_spreads),
    Step("Four times the rows: at k = 10 each fold now tests 40 of them, and the folds' spread stays under "
         "6 pp at each k drawn. More data, not more folds, is what makes fold scores agree.",
         dict(SPREAD, n_points=400),
         holds=lambda r: r.spread.test_rows[-1] == 40 and r.spread.sds.max() < 0.06),
    Step("Pure noise: picked on all the rows before cross-validation, 20 columns score far above chance; "
         "picked inside the pipeline, they score chance.", LEAKAGE, holds=_leaks),
    Step("Nested against non-nested: the search's best_score_ is above the nested score on average, the "
         "optimism of picking the best of several noisy scores.", NESTED, holds=_flatters),
)

MAIN = titled(fig.main_figure)

MEASURES = (("Headline number", lambda r: r.value, "{:.4g}"),)  # the view says which (WHAT)


CLAIMS = {
    **{f"splitter_{name}": Claim(words, holds=check, state=state)
       for name, (words, state, check) in SPLITTER_WORDS.items()},
    "spread": Claim(
        "The mean moves by a few points from k to k, while the folds spread more as each test fold "
        "shrinks, about as much as the accuracy of that few rows varies by chance (the dashed line). "
        "The spread of k fold scores is not the error of their mean.", state=SPREAD, holds=_spreads),
    "leakage": Claim(
        "Picked outside cross-validation, the columns were chosen with the test rows' labels in view, so "
        "their noise passes for signal. Picked inside the pipeline, each fold chooses on its training rows "
        "alone, and the score is what noise deserves: chance.", state=LEAKAGE, holds=_leaks),
    "nested": Claim(
        "best_score_ is the highest of several noisy scores, measured on the rows that chose it; on average "
        "it sits above the nested score, which tests each outer fold's pick on rows its search never saw.",
        state=NESTED, holds=_flatters),
    # What the page says to notice, at the defaults: KFold on sorted rows scores 0 on some folds.
    "notice": Claim(ex.NOTICE, holds=_kfold_cuts_in_order),
    # The misreading the page names: noise selected on every row cross-validates far above 50%.
    "misreading": Claim(ex.MISREADING, state=LEAKAGE,
                        holds=lambda r: r.leakage.outside_mean > 0.75 and _leaks(r) and r.leakage.kept == 20),
}
