"""Gradient boosting: each tree is fitted to the residuals left so far, and many large
steps overfit: training accuracy reaches 100% while test accuracy stops climbing."""

import numpy as np

from figures import gradient_boosting as fig
from lessons import Challenge, Claim, Step, titled


def shrink(r) -> float:
    """The mean size of the residuals the shown stage's tree is fitted to."""
    return float(np.abs(r.residuals).mean())


def _overfit(r) -> str:
    if r.train_accuracy == 1.0 and r.test_accuracy < r.train_accuracy - 0.03:
        return "Training reaches 100%, test falls behind"
    return "Both keep rising together"


NOISY = dict(data="circles", noise=0.5, learning_rate=1.0, n_stages=200)


def leans(r) -> bool:
    """Every region of the shown tree has the sign of the residuals inside it, summed: a
    leaf's value is their sum over a sum of p(1 - p), which is positive."""
    for value in np.unique(r.tree_on_train):
        total = r.residuals[r.tree_on_train == value].sum()
        if abs(total) > 1e-9 and np.sign(value) != np.sign(total):
            return False
    return True


def overfits(r) -> bool:
    peak = int(np.argmax(r.test_curve))
    return r.train_curve[-1] == 1.0 and peak < 50 and r.test_curve[-1] <= r.test_curve[peak] - 0.03


CHALLENGES = (
    Challenge(
        question="Learning rate 1, 200 stages of depth-2 trees. What happens to training and test "
                 "accuracy?",
        options=("Both keep rising together", "Training reaches 100%, test falls behind"),
        state=dict(learning_rate=1.0, n_stages=200),
        answer=_overfit, expected="Training reaches 100%, test falls behind",
        why=lambda r: f"Training {r.train_accuracy:.0%}, test {r.test_accuracy:.1%} (its best, "
                      f"{r.test_curve.max():.1%}, came at stage {int(r.stages[np.argmax(r.test_curve)])}): "
                      "each tree chases the residuals of the last few noisy training points.",
    ),
    Challenge(
        question="Scrub to stage 50. Compared with stage 1, how large are the residuals y − p the "
                 "next tree is fitted to?",
        options=("About the same", "Less than a third as large"),
        state=dict(stage=50),
        answer=lambda r: "Less than a third as large" if shrink(r) < 0.5 / 3
        else "About the same",
        expected="Less than a third as large",
        why=lambda r: f"Their mean size is {shrink(r):.3f}, against 0.5 before the first "
                      "tree (a constant guess of p = 0.5 for two balanced classes): each tree takes "
                      "away part of what the model still gets wrong.",
    ),
)

TOUR = (
    Step("Stage 1: the first tree is fitted to the residuals of a constant guess, y − 0.5 "
         "everywhere: red points should be more of the class, blue ones less.",
         dict(stage=1), holds=lambda r: abs(shrink(r) - 0.5) < 0.02),
    Step("Stage 5: the residuals have shrunk where the model is already right, and the new tree "
         "works on what is left.",
         {}, holds=lambda r: shrink(r) < 0.45),
    Step("Fifty stages at rate 0.1: test accuracy climbed with the stages and is at its best.",
         {}, holds=lambda r: r.test_accuracy >= r.test_curve.max() - 0.01),
    Step("Rate 1, 200 stages: training accuracy reaches 100% and test accuracy falls behind: "
         "boosting overfits too.",
         dict(learning_rate=1.0, n_stages=200), holds=lambda r: _overfit(r).startswith("Training")),
    Step("Noisy circles at rate 1: the test curve peaks within a few trees and falls for the rest "
         "of the 200, while the train curve climbs to 100%.",
         NOISY, holds=overfits),
)

MAIN = titled(fig.before_figure)

CLAIMS = {
    "tree": Claim(
        "Each of the tree's regions leans the way the residuals inside it add up: red where they "
        "sum to more of the class, blue where they sum to less.",
        holds=leans),
    "curves": Claim(
        "Solid: scikit-learn; dotted: XGBoost. Noisy circles at learning rate 1 and 200 stages (the "
        "tour's last step) overfit: the train curve climbs to 100% while the test curve peaks within "
        "the first few dozen trees and then falls.",
        state=NOISY, holds=overfits),
}
