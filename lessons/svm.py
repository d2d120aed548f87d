"""Support vector machines: C narrows the street and thins the support vectors, only the
support vectors shape the boundary, and a large gamma wraps islands around single points."""

import numpy as np

from explorers import svm as ex
from figures import svm as fig
from lessons import Challenge, Claim, Step, titled


def share(r) -> float:
    """The share of training points that are support vectors."""
    return len(r.support) / len(r.split.y_train)


def _street(r) -> str:
    narrow, wide = r.sweep_width[-1], r.sweep_width[0]  # at the largest and the smallest C
    return "Narrower" if narrow < wide / 1.5 else "Wider or the same"


def _gamma(r) -> str:
    memorised = r.train_accuracy > 0.99 and r.test_accuracy < r.train_accuracy - 0.05
    return "Training up, test down" if memorised else "Both up"


def straight(r) -> float:
    """The share of the plane on which ``r`` predicts what the linear kernel predicts there, at
    the same C (the lessons that ask are on the default data)."""
    line = ex.run(ex.Params(kernel="linear", C=r.C))
    return float(np.mean(line.scores.grid_class == r.scores.grid_class))


CHALLENGES = (
    Challenge(
        question="A linear SVM: raise C from 0.01 to 100 (a violation of the margin costs more). "
                 "Does the street between the dashed lines get wider or narrower?",
        options=("Wider or the same", "Narrower"),
        state=dict(kernel="linear", C=100.0),
        answer=_street, expected="Narrower",
        why=lambda r: f"The margin's width falls from {r.sweep_width[0]:.2f} at C = {r.sweep_C[0]:g} to "
                      f"{r.sweep_width[-1]:.2f} at C = {r.sweep_C[-1]:g}, and the support vectors from "
                      f"{r.sweep_support_share[0]:.0%} to {r.sweep_support_share[-1]:.0%} of the training "
                      "points: a costly violation makes the street shrink to keep points out of it.",
    ),
    Challenge(
        question="RBF kernel, gamma = 100 (each point's influence reaches a very short way). What "
                 "happens to training and test accuracy?",
        options=("Both up", "Training up, test down"),
        state=dict(gamma=100.0),
        answer=_gamma, expected="Training up, test down",
        why=lambda r: f"Training {r.train_accuracy:.1%}, test {r.test_accuracy:.1%}: the boundary wraps "
                      "a small island around single training points, which new points never fall in.",
    ),
)

TOUR = (
    Step("A linear SVM at C = 0.01: a wide street, and most training points are support "
         "vectors (ringed): a cheap violation lets many points inside the margin.",
         dict(kernel="linear", C=0.01), holds=lambda r: share(r) > 0.3),
    Step("C = 100: the street narrows and the support vectors thin out; only the points on or "
         "inside the margin shape the line.",
         dict(kernel="linear", C=100.0), holds=lambda r: r.margin_width < r.sweep_width[0] / 1.5
         and share(r) < r.sweep_support_share[0]),
    Step("The RBF kernel at gamma = 1 follows the moons' curve, which no straight line can.",
         {}, holds=lambda r: r.test_accuracy > 0.9),
    Step("Gamma = 100: islands around single points, training accuracy near 100%, test "
         "accuracy down.",
         dict(gamma=100.0), holds=lambda r: _gamma(r) == "Training up, test down"),
    Step("Gamma = 0.01: each point's reach spans the plane, and the boundary is nearly a "
         "straight line again.",
         dict(gamma=0.01), holds=lambda r: r.test_accuracy < 0.9 and straight(r) > 0.98),
)

MAIN = titled(fig.boundary_figure)


def _curves(r) -> bool:
    """Against C: every point a support vector at the smallest C, the street narrowing and the
    support vectors thinning all the way, training accuracy climbing by several points, and test
    accuracy peaking before the largest C."""
    return (r.sweep_support_share[0] == 1.0 and bool(np.all(np.diff(r.sweep_width) < 0))
            and bool(np.all(np.diff(r.sweep_support_share) < 0))
            and r.sweep_train[-1] > r.sweep_train[0] + 0.03 and np.argmax(r.sweep_test) < len(r.sweep_C) - 1)


def _gamma_words(r) -> bool:
    """At gamma 0.01 the boundary is the linear kernel's on nearly all the plane; at gamma 100
    training accuracy is near 100% and test accuracy below gamma 1's."""
    islands = ex.run(ex.Params(gamma=100.0))
    return (straight(ex.run(ex.Params(gamma=0.01))) > 0.98 and islands.train_accuracy > 0.99
            and islands.test_accuracy < r.test_accuracy - 0.03)


CLAIMS = {
    "curves": Claim(
        "**Reading the curves.** Small C makes a margin violation cheap, so the fit keeps a wide street "
        "with many points inside it; every one of them is a support vector. Large C makes it dear: the "
        "street narrows until it fits the training set as well as the kernel allows, and training "
        "accuracy climbs whether or not test accuracy follows.",
        holds=_curves),
    "gamma": Claim(
        "**gamma (RBF).** It sets how far each support vector's influence reaches: at 0.01 the boundary "
        "is nearly straight, at 100 each point gets an island of its own, training accuracy nears 100% "
        "and test accuracy falls. C and gamma trade off together, which is why they are tuned as a "
        "pair (a grid search over both).",
        holds=_gamma_words),
    # Shown by the shared code panel from the explorer; the words under test are the same (that
    # deleting a point that is not a support vector leaves the boundary put is tested in
    # tests/explorers/test_svm.py).
    "misreading": Claim(
        ex.MISREADING,
        holds=lambda r: r.sweep_test[-1] < r.sweep_test.max() and r.sweep_train[-1] > r.sweep_train[0]),
}
