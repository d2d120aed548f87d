"""Overfitting: the U of the test error, variance tamed by data, and k-NN's reversed axis."""

from explorers import bias_variance as ex
from figures import bias_variance as fig
from lessons import Challenge, Claim, Step, titled

KNN = dict(model="k-NN")


def _gap(r) -> str:
    if r.test_error > 10 * r.train_error:
        return "The test error, many times over"
    return "The training error" if r.train_error > r.test_error else "About the same"


def _where_best(r) -> str:
    if r.best == 0:
        return "The simplest model"
    return "The most flexible" if r.best == len(r.complexity) - 1 else "One in between"


def _near_best(r) -> str:
    best = float(r.test_curve[r.best])
    return "Within a quarter of the best degree's" if r.test_error <= 1.25 * best else "Still many times worse"


CHALLENGES = (
    Challenge(
        question="A degree-15 polynomial on 30 noisy points: which error will be larger?",
        options=("The training error", "About the same", "The test error, many times over"),
        state=dict(degree=15),
        answer=_gap, expected="The test error, many times over",
        why=lambda r: f"Training error {r.train_error:.3f}, test error {r.test_error:,.3g}: the curve "
                      "passes near every training point and swings wildly between them. Its variance "
                      f"({r.variance:,.3g}) is nearly all of the test error.",
    ),
    Challenge(
        question="Which degree gives the lowest test error on the sine curve?",
        options=("The simplest model", "One in between", "The most flexible"),
        state={},
        answer=_where_best, expected="One in between",
        why=lambda r: f"The lowest test error, {float(r.test_curve[r.best]):.3f}, is at {r.label(r.best)}: "
                      f"{float(r.test_curve[0]):.3f} at {r.label(0)} (bias) and "
                      f"{float(r.test_curve[-1]):,.3g} at {r.label(len(r.complexity) - 1)} (variance).",
    ),
    Challenge(
        question="Give the degree-15 polynomial 200 training points instead of 30. How does its "
                 "test error compare with the best degree's now?",
        options=("Still many times worse", "Within a quarter of the best degree's"),
        state=dict(degree=15, n_train=200),
        answer=_near_best, expected="Within a quarter of the best degree's",
        why=lambda r: f"Test error {r.test_error:.3f} against {float(r.test_curve[r.best]):.3f} at "
                      f"{r.label(r.best)}: more data tames the variance ({r.variance:.3f} now) of a "
                      "flexible model.",
    ),
)

TOUR = (
    Step("Degree 0, a constant: it cannot bend, so it misses the curve's rise and fall. Its bias² is "
         "far larger than its variance: it underfits.",
         dict(degree=0), holds=lambda r: r.bias2 > 10 * r.variance),
    Step("Degree 3: the test error is at its lowest. Bias² and variance are both small, and most "
         "of what is left is the noise, which no model removes.",
         dict(degree=3), holds=lambda r: r.current == r.best and r.noise > r.bias2 + r.variance),
    Step("Degree 15: the lowest training error of all, and a test error more than ten thousand "
         "times the best degree's. The twenty fits drawn disagree wildly: that spread is the variance.",
         dict(degree=15),
         holds=lambda r: (r.train_error == r.train_curve.min() and r.test_error > 1e4 * r.test_curve[r.best]
                          and len(r.fits) == 20 and r.variance > 0.9 * (r.test_error - r.noise))),
    Step("The same degree 15 with 200 training points: the fits agree again and the test error is "
         "back near the best. More data, not a simpler model, cured the variance here.",
         dict(degree=15, n_train=200),
         holds=lambda r: r.test_error <= 1.25 * r.test_curve[r.best] and r.variance < r.noise),
    Step("k-nearest neighbours runs the other way: k = 1 is the most flexible (each training point "
         "predicts itself, so its training error is zero), and a larger k is simpler.",
         dict(KNN, k=1),
         holds=lambda r: r.train_error < 1e-12 and r.test_error > r.test_curve[r.best]),
)

MAIN = titled(fig.fits_figure)

MEASURES = (
    ("Test error", lambda r: r.test_error, "{:.4g}"),
    ("Training error", lambda r: r.train_error, "{:.4g}"),
)


def _degree_15_misleads(r) -> bool:
    top = len(r.complexity) - 1  # degree 15
    return (int(r.complexity[top]) == 15 and r.train_curve[top] == r.train_curve.min()
            and r.test_curve[top] == r.test_curve.max())


def _one_neighbour_misleads(r) -> bool:
    one = 0  # k = 1
    return (int(r.complexity[one]) == 1 and r.train_curve[one] < 1e-12
            and r.test_curve[one] > r.test_curve[1:5].min())


CLAIMS = {
    # The misreading the page names, checked on both models (one sentence, two states).
    "misreading": Claim(ex.MISREADING, holds=_degree_15_misleads),
    "misreading_knn": Claim(ex.MISREADING, state=KNN, holds=_one_neighbour_misleads),
}
