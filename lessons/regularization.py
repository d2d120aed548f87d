"""Regularization: the Lasso's exact zeros, Ridge's none, and the U of the test error."""

import numpy as np

from explorers import regularization as ex
from figures import regularization as fig
from lessons import Challenge, Claim, Step, titled


def _zeros(r) -> str:
    if r.n_zero == 0:
        return "None"
    if r.n_zero == r.n_coef:
        return f"All {r.n_coef}"
    return "Fewer than half" if r.n_zero < r.n_coef / 2 else "Half or more, not all"


def _where_best(r) -> str:
    if r.best_alpha == r.alphas[0]:
        return "At the smallest alpha"
    return "At the largest alpha" if r.best_alpha == r.alphas[-1] else "Somewhere in between"


CHALLENGES = (
    Challenge(
        question="Turn the Lasso's alpha up to 0.1 on the sine curve. How many of the 12 "
                 "coefficients will be exactly zero?",
        options=("None", "Fewer than half", "Half or more, not all", "All 12"),
        state=dict(penalty="lasso", alpha=0.1),
        answer=_zeros, expected="Half or more, not all",
        why=lambda r: f"At alpha = {r.alpha:g} the Lasso sets {r.n_zero} of its {r.n_coef} "
                      "coefficients to exactly zero: the corners of the L1 diamond lie on the axes, "
                      "and the loss contours meet it there.",
    ),
    Challenge(
        question="Same alpha, but Ridge. How many coefficients are exactly zero now?",
        options=("None", "Fewer than half", "Half or more, not all", "All 12"),
        state=dict(penalty="ridge", alpha=0.1),
        answer=_zeros, expected="None",
        why=lambda r: f"None: Ridge shrinks all {r.n_coef}, the smallest to "
                      f"|w| = {np.abs(r.coef).min():.2g}, small but not zero. The L2 circle has no "
                      "corners for the contours to meet.",
    ),
    Challenge(
        question="With the Lasso on the sine curve, where along alpha is the test error lowest?",
        options=("At the smallest alpha", "Somewhere in between", "At the largest alpha"),
        state=dict(penalty="lasso"),
        answer=_where_best, expected="Somewhere in between",
        why=lambda r: f"The test MSE is {r.test_mse_path[0]:.3f} at alpha = {r.alphas[0]:g} (the "
                      f"curve follows the noise), lowest, {r.best_test_mse:.3f}, at alpha = "
                      f"{r.best_alpha:g}, and {r.test_mse_path[-1]:.3f} at {r.alphas[-1]:g} (a flat "
                      "line): too little penalty is variance, too much is bias.",
    ),
)

TOUR = (
    Step("Almost no penalty (alpha = 0.0001): the degree-12 polynomial bends to chase the noise. "
         "Its training error is tiny and its test error several times larger.",
         dict(penalty="lasso", alpha=0.0001), holds=lambda r: r.test_mse > 5 * r.train_mse),
    Step("Ten times the penalty: the wild swings are gone and the test error is the lowest "
         "anywhere on the path (the dot on the error chart).",
         dict(penalty="lasso", alpha=0.001), holds=lambda r: r.alpha == r.best_alpha),
    Step("A hundred times more: the Lasso has set most coefficients to exactly zero (the count "
         "of zeros, and the flat lines in the path chart). The curve keeps only its broad shape.",
         dict(penalty="lasso", alpha=0.1), holds=lambda r: r.n_zero > r.n_coef / 2),
    Step("At alpha = 1 every coefficient is zero: the model predicts the mean, a flat line. Too "
         "much penalty is all bias, and the test error is back up.",
         dict(penalty="lasso", alpha=1.0),
         holds=lambda r: r.n_zero == r.n_coef and r.test_mse > r.best_test_mse),
    Step("Ridge at alpha = 0.1: every coefficient is smaller, none is zero. The geometry chart "
         "shows why: the contours touch the circle where neither coefficient vanishes.",
         dict(penalty="ridge", alpha=0.1), holds=lambda r: r.n_zero == 0),
)


MAIN = titled(fig.fit)
MEASURES = (
    ("Test MSE", lambda r: r.test_mse, "{:.4g}"),
    ("Coefficients exactly zero", lambda r: float(r.n_zero), "{:.0f}"),
)


def _corner(r) -> bool:
    """On the two-feature problem at the default alpha the Lasso's solution is a corner of its
    diamond (w₂ exactly 0, w₁ not), and Ridge's keeps both coefficients."""
    g = r.geometry
    return g.lasso[1] == 0 and g.lasso[0] != 0 and bool(np.all(g.ridge != 0))


def _misread(r) -> bool:
    """Ridge: no exact zero anywhere on its path, while the Lasso's path has them; and past its
    best alpha Ridge's test error climbs above no penalty's."""
    lasso = ex.run(ex.Params(penalty="lasso"))
    return (r.penalty == "ridge" and r.zeros_path.max() == 0 and lasso.zeros_path.max() > 0
            and r.test_mse_path[-1] > r.unregularized_test_mse > r.best_test_mse)


CLAIMS = {
    "geometry": Claim(
        "A separate two-feature problem. The loss grows on ellipses around the least-squares point "
        "(×); each penalty's solution is where the smallest ellipse meets its shape. The diamond's "
        "corners lie on the axes, so the meeting point is often a corner, with a coefficient of "
        "exactly 0: at the default alpha the Lasso's w₂ is 0, while Ridge's circle keeps both.",
        holds=_corner),
    # Shown by the shared code panel from the explorer; the words under test are the same.
    "misreading": Claim(ex.MISREADING, state=dict(penalty="ridge"), holds=_misread),
}
