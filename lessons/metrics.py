"""Classification metrics: accuracy that flatters, a threshold set by costs, a ROC curve blind to
prevalence, a macro average that notices a rare class, and scores that are not probabilities."""

import numpy as np

from explorers import metrics as ex
from figures import metrics as fig
from lessons import Challenge, Claim, Step, titled

PREVALENCE = dict(view="prevalence")
RARE = dict(view="prevalence", prevalence=0.01)
AVERAGES = dict(view="averages")
FOREST = dict(model="random forest")
BAYES = dict(view="calibration", model="naive Bayes")


def _never(r) -> float:
    """The accuracy of a model that never predicts the positive class."""
    return 1 - float(r.threshold.s.y.mean())


def _never_accuracy(r) -> str:
    share = _never(r)
    return min(("About 50%", "About 75%", "About 90%"), key=lambda o: abs(int(o[6:8]) / 100 - share))


def _least_cost_side(r) -> str:
    t = r.threshold
    return "Below 0.5" if t.best < 0.5 else "At 0.5" if t.best == 0.5 else "Above 0.5"


def _rare_effect(r) -> str:
    v = r.prevalence
    auc_same = abs(v.auc - v.s.auc) < 1e-9
    ap_fell = v.ap < v.s.ap - 0.05
    if auc_same and ap_fell:
        return "ROC AUC stays, average precision falls"
    return "Both fall" if ap_fell else "Both stay"


def _lowest_average(r) -> str:
    f1 = r.averages.averaged[:, 2]
    return ex.AVERAGES[int(np.argmin(f1))] if np.ptp(f1) > 1e-9 else "They are equal"


CHALLENGES = (
    Challenge(
        question="About one digit in ten is an 8. What accuracy does a model get that never says 8?",
        options=("About 50%", "About 75%", "About 90%"),
        state={},
        answer=_never_accuracy, expected="About 90%",
        why=lambda r: f"{_never(r):.1%}: every non-8 is right. Logistic regression's "
                      f"{r.threshold.accuracy:.1%} is {100 * (r.threshold.accuracy - _never(r)):.1f} points "
                      f"better, while it misses {r.threshold.fn} of the {r.threshold.fn + r.threshold.tp} 8s.",
    ),
    Challenge(
        question="A missed 8 costs 5, a false alarm 1. Where is the threshold with the least cost?",
        options=("Below 0.5", "At 0.5", "Above 0.5"),
        state={},
        answer=_least_cost_side, expected="Below 0.5",
        why=lambda r: f"At {r.threshold.best:.2f}, costing {r.threshold.best_cost:,.0f} against "
                      f"{r.threshold.cost:,.0f} at 0.50: when misses cost more, the model should say 8 on "
                      f"weaker evidence (for calibrated scores, at 1 / (1 + 5) ≈ 0.17).",
    ),
    Challenge(
        question="Resample the test set so that only 1% of it are 8s. What happens to ROC AUC and to "
                 "average precision?",
        options=("Both fall", "ROC AUC stays, average precision falls", "Both stay"),
        state=RARE,
        answer=_rare_effect, expected="ROC AUC stays, average precision falls",
        why=lambda r: f"ROC AUC {r.prevalence.s.auc:.3f} → {r.prevalence.auc:.3f}; average precision "
                      f"{r.prevalence.s.ap:.3f} → {r.prevalence.ap:.3f}. The same false positive rate now "
                      f"buries the few 8s: precision at 0.50 is {r.prevalence.precision:.2f}.",
    ),
    Challenge(
        question="Keep only a tenth of the 8s. Which average of F1 comes out lowest?",
        options=("macro", "weighted", "micro", "They are equal"),
        state=AVERAGES,
        answer=_lowest_average, expected="macro",
        why=lambda r: f"Macro {r.averages.averaged[0, 2]:.3f}, weighted {r.averages.averaged[1, 2]:.3f}, micro "
                      f"{r.averages.averaged[2, 2]:.3f}: the {r.averages.support[2]} test 8s have F1 "
                      f"{r.averages.f1[2]:.2f}, a third of the macro average and a sliver of the others.",
    ),
)


def _steady_roc(r) -> bool:
    """The resampled ROC curve is the original one: same points (weights within a class
    cancel), same area."""
    v = r.prevalence
    return (v.roc_fpr.shape == v.s.roc_fpr.shape and np.allclose(v.roc_fpr, v.s.roc_fpr)
            and np.allclose(v.roc_tpr, v.s.roc_tpr) and abs(v.auc - v.s.auc) < 1e-12)


TOUR = (
    Step("Logistic regression's scores for \"is it an 8?\": the non-8s pile up near 0, the 8s spread out. "
         "At 0.50, nine in ten of its 8-calls are right (precision), but it catches only about 70% of the "
         "8s (recall).",
         {}, holds=lambda r: r.threshold.precision >= 0.88 and 0.65 < r.threshold.recall < 0.72),
    Step("Threshold 0.20: more cases are called 8. Recall climbs past 0.8 and precision drops below 0.8; the "
         "point slides up the ROC curve and along the precision-recall curve, which do not move.",
         dict(threshold=0.2), holds=lambda r: r.threshold.recall > 0.8 and r.threshold.precision < 0.8),
    Step("A random forest ranks the 8s almost perfectly (ROC AUC above 0.99), yet at 0.50 it misses about a "
         "third of them: its votes for an 8 seldom reach half. A good ranking needs its own threshold.",
         FOREST, holds=lambda r: r.threshold.s.auc > 0.99 and r.threshold.recall < 0.7),
    Step("The forest at 0.25: recall above 0.9, and the errors cost less than half what they cost at 0.50.",
         dict(FOREST, threshold=0.25),
         holds=lambda r: (r.threshold.recall > 0.9
                          and r.threshold.cost < ex.run(ex.Params(**FOREST)).threshold.cost / 2)),
    Step("Resample the test set to half 8s, half not: the ROC curve lies exactly on the original, while "
         "precision-recall rises, since the same false positive rate now meets far fewer negatives.",
         PREVALENCE, holds=lambda r: _steady_roc(r) and r.prevalence.ap > r.prevalence.s.ap + 0.05),
    Step("Three digits with the 8s made rare: micro-averaged F1 is the accuracy, and stays high; macro gives "
         "the few 8s a third of the say, and drops.",
         AVERAGES, holds=lambda r: r.averages.averaged[0, 2] < r.averages.averaged[2, 2] - 0.1),
    Step("Naive Bayes scores nearly every case 0 or 1, and many of its confident 8s are not 8s: its curve "
         "sags far below the diagonal. Recalibrated (a sigmoid fitted in five folds), its Brier score falls "
         "more than fivefold.",
         BAYES, holds=lambda r: (r.calibration.fitted_curve.name == "naive Bayes"
                                 and r.calibration.calibrated.brier * 5 < r.calibration.fitted_curve.brier)),
)

MAIN = titled(fig.main_figure)

MEASURES = (("Headline number", lambda r: r.value, "{:.4g}"),)  # the view says which (ex.WHAT)


def _linked(r) -> bool:
    """Each colour's bars add up to its cell of the confusion matrix."""
    t = r.threshold
    return (t.hist[1, 1].sum() == t.tp and t.hist[1, 0].sum() == t.fn
            and t.hist[0, 1].sum() == t.fp and t.hist[0, 0].sum() == t.tn)


def _misread(r) -> bool:
    t = r.threshold
    return (round(100 * t.accuracy) == 96 and round(100 * _never(r)) == 90
            and 0.28 < 1 - t.recall < 1 / 3 + 1e-9)


def _rare_alarms(r) -> bool:
    v = r.prevalence
    return abs(v.auc - v.s.auc) < 1e-12 and v.auc > 0.95 and v.precision < 0.5


def _averages_defined(r) -> bool:
    a = r.averages
    macro, weighted, micro = a.averaged
    return (np.allclose(micro, a.accuracy) and np.allclose(macro, [a.precision.mean(), a.recall.mean(),
                                                                   macro[2]])
            and np.isclose(macro[2], a.f1.mean())
            and np.allclose(weighted, [np.average(m, weights=a.support)
                                       for m in (a.precision, a.recall, a.f1)]))


def _recalibrated(r) -> bool:
    c = r.calibration
    if c.calibrated is None:
        return False
    model = c.recalibrated.model
    return ( len(model.calibrated_classifiers_) == 5 and model.ensemble
            and all(np.all((k.prob_true >= 0) & (k.prob_true <= 1)) for k in (*c.raw, c.calibrated)))


def _least_cost(r) -> bool:
    t = r.threshold
    return t.best_cost == t.costs.min() and t.best == t.ties.min() and t.best_cost <= t.cost


CLAIMS = {
    "misreading": Claim(ex.MISREADING, holds=_misread),
    "misreading_prevalence": Claim(ex.MISREADING, state=RARE, holds=_rare_alarms),
    "linked": Claim(
        "Right of the dashed line, every case is predicted positive: blue bars are true positives, red false "
        "positives; left of it, orange are missed positives and light blue true negatives. Each colour's bars "
        "add up to its cell of the confusion matrix below.", holds=_linked),
    "cost": Claim(
        "The green star is the threshold, of the slider's 99, with the least total cost on this test set. "
        "Picked on the test set itself it flatters the model a little; scikit-learn's "
        "TunedThresholdClassifierCV picks it by cross-validation on the training set instead.",
        holds=_least_cost),
    "prevalence": Claim(
        "Grey: the test set as it is; blue: resampled. On the left the two ROC curves coincide, because the "
        "true and false positive rates are each counted within one class. On the right, precision mixes the "
        "two classes, so the curve moves with their shares.", state=PREVALENCE, holds=_steady_roc),
    "averages": Claim(
        "Micro-averaged precision, recall and F1 all equal the accuracy: with one label per case, every "
        "mistake is a false positive of one class and a false negative of another. Macro averages the "
        "classes with equal say; weighted, by their numbers of test cases.", state=AVERAGES,
        holds=_averages_defined),
    "calibration": Claim(
        "A calibrated model's curve follows the diagonal: of the cases it scores near 0.8, about 8 in 10 are "
        "positive; below the diagonal its scores are too high, above it too low. CalibratedClassifierCV fits "
        "the model on four fifths of the training set five times, maps each one's scores through a sigmoid "
        "or an isotonic step learnt on the fifth left out, and averages the five.",
        state=dict(view="calibration"), holds=_recalibrated),
}
