"""Linear regression: the learning-rate limit 2/λ_max, a round bowl after scaling, and the
pull of one outlier on least squares."""

from explorers.linear_regression import LINE_SLOPE
from figures import linear_regression as fig
from lessons import Challenge, Step, titled


def _descent(r) -> str:
    if r.gd_status in ("diverged", "diverging"):
        return "It diverges"
    return "It converges, faster" if r.gd_status == "converged" else "It is still on its way"


def _bowl(r) -> str:
    if r.condition < 2:
        return "About 1: a round bowl"
    return "Still far from round" if r.condition < 1000 else "More stretched than before"


def _pulled(r) -> str:
    return "Yes, by a fifth or more" if abs(r.coef[0] - LINE_SLOPE) >= 0.2 * LINE_SLOPE else "Hardly"


CHALLENGES = (
    Challenge(
        question="On the raw line data, gradient descent is stable up to 2/λ_max ≈ 0.025 (shown "
                 "under the charts). What happens at learning rate 0.05?",
        options=("It converges, faster", "It is still on its way", "It diverges"),
        state=dict(learning_rate=0.05),
        answer=_descent, expected="It diverges",
        why=lambda r: f"The limit is 2/λ_max = {r.lr_limit:.3g}; at {r.learning_rate:g} every step "
                      "overshoots along the steepest direction by more than it corrects, so the loss "
                      f"grows from step to step and passes the page's bound at step {r.gd_diverged_at}.",
    ),
    Challenge(
        question="Standardise x for gradient descent. How stretched is the loss bowl now "
                 "(λ_max / λ_min, about 150 on the raw x)?",
        options=("More stretched than before", "Still far from round", "About 1: a round bowl"),
        state=dict(standardize="on"),
        answer=_bowl, expected="About 1: a round bowl",
        why=lambda r: f"λ_max / λ_min = {r.condition:.3g}: with x centred, the slope and the intercept "
                      f"no longer pull against each other. The stable limit rises to {r.lr_limit:.3g}, "
                      f"and at the same learning rate gradient descent has {r.gd_status} "
                      f"(training MSE {r.gd_final_mse:.3f}, least squares {r.train_mse:.3f}).",
    ),
    Challenge(
        question=f"Move one training point 8 standard deviations up. Does the least-squares slope "
                 f"move away from the true {LINE_SLOPE}?",
        options=("Hardly", "Yes, by a fifth or more"),
        state=dict(outlier=8.0),
        answer=_pulled, expected="Yes, by a fifth or more",
        why=lambda r: f"The slope is {r.coef[0]:.3f} against the true {LINE_SLOPE}, and the test R² "
                      f"falls to {r.test_r2:.2f}: squared residuals let one far point pull the whole "
                      "line towards it.",
    ),
)

TOUR = (
    Step("Least squares finds the line in one step (the closed form); gradient descent walks "
         "there from zero, 500 steps of size 0.02, and is not quite there yet.",
         {}, holds=lambda r: r.gd_status == "descending" and r.learning_rate < r.lr_limit),
    Step("Learning rate 0.05, just past 2/λ_max ≈ 0.025: each step overshoots the valley floor "
         "by more than the last, and descent blows up within a few steps.",
         dict(learning_rate=0.05), holds=lambda r: r.gd_status == "diverged" and r.learning_rate > r.lr_limit),
    Step("Learning rate 0.001, far below the limit: stable, but after 500 steps it has covered "
         "only part of the way along the long, narrow valley of the loss surface.",
         dict(learning_rate=0.001), holds=lambda r: r.gd_final_mse > 2 * r.train_mse),
    Step("Standardise x: the bowl becomes round (λ_max / λ_min = 1), the limit rises to 1, "
         "and descent reaches the least-squares line.",
         dict(standardize="on"), holds=lambda r: r.condition < 2 and r.gd_status == "converged"),
    Step("One outlier 8 standard deviations up: the least-squares line tilts towards it, and "
         "the test R² drops, because every residual is squared.",
         dict(outlier=8.0), holds=lambda r: r.coef[0] > 1.2 * LINE_SLOPE),
)

MAIN = titled(fig.fit)
