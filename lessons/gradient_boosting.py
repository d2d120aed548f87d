"""Gradient boosting: each tree is fitted to the residuals left so far, and many large
steps overfit: training accuracy reaches 100% while test accuracy stops climbing."""

import numpy as np

from figures import gradient_boosting as fig
from lessons import Challenge, Step, titled


def shrink(r) -> float:
    """The mean size of the residuals the shown stage's tree is fitted to."""
    return float(np.abs(r.residuals).mean())


def _overfit(r) -> str:
    if r.train_accuracy == 1.0 and r.test_accuracy < r.train_accuracy - 0.03:
        return "Training reaches 100%, test falls behind"
    return "Both keep rising together"


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
)

MAIN = titled(fig.before_figure)
