"""Linear regression: the learning-rate limit 2/λ_max, a round bowl after scaling, and the
pull of one outlier on least squares."""

import numpy as np

from explorers import linear_regression as ex
from explorers.linear_regression import LINE_SLOPE
from figures import linear_regression as fig
from lessons import Challenge, Claim, Step, params_at, titled


def across(r) -> np.ndarray:
    """Degree 1: how far each step of gradient descent is from the least-squares point along
    the steepest direction of the loss (the Hessian's top eigenvector), with its sign."""
    A = ex.design(r.x_train[:, None], *((r.x_train.mean(), r.x_train.std()) if r.standardize else ()))
    steepest = np.linalg.eigh(A.T @ A)[1][:, -1]
    return (r.gd_thetas - r.theta_ls) @ steepest


def zigzags(r, steps: int = 20) -> bool:
    """Every step crosses the valley floor, and lands nearer to it than the last."""
    side = across(r)[:steps + 1]
    return bool(np.all(np.sign(side[1:]) != np.sign(side[:-1]))
                and np.all(np.abs(side[1:]) < np.abs(side[:-1])))


def slides(r, steps: int = 20) -> bool:
    """Every step stays on the side of the valley floor it started on."""
    side = across(r)[:steps + 1]
    return bool(np.all(np.sign(side) == np.sign(side[0])))


def straight(r) -> bool:
    """Every point of the path lies on the line from the start (0, 0) to the minimum."""
    w, b = r.theta_ls[:2]
    return bool(np.abs(r.gd_thetas[:, 0] * b - r.gd_thetas[:, 1] * w).max() <= 1e-9 * (w * w + b * b))


SINE = dict(data="sine", degree=8)


def _lower_degree(r):
    """The same sine data at degree 3, for comparison with the challenge's degree 8."""
    return ex.run(params_at(ex, dict(SINE, degree=3)))


def _test_r2(r) -> str:
    three = _lower_degree(r)
    return "It falls" if r.test_r2 < three.test_r2 - 0.05 and r.train_r2 >= three.train_r2 else "It rises too"


def _degree_why(r, three) -> str:
    return (f"Training R² {three.train_r2:.2f} → {r.train_r2:.2f}, test R² {three.test_r2:.2f} → "
            f"{r.test_r2:.2f}: the extra powers of x bend the curve towards the noise of the "
            f"{r.x_train.size} training points, and new points do not follow.")


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
        question="On the raw line data, gradient descent is stable up to 2/λ_max ≈ 0.025 (the "
                 "'Stable below' number). What happens at learning rate 0.05?",
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
        question="Curved data (a sine), fitted at degree 3. Raise the degree to 8: training R² can "
                 "only rise. What does test R² do?",
        options=("It rises too", "It falls"),
        state=SINE, answer=_test_r2, expected="It falls",
        why=lambda r: _degree_why(r, _lower_degree(r)),
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
         "there from zero, 500 steps of size 0.02, and is not quite there yet. 0.02 lies between "
         "1/λ_max and 2/λ_max: every step overshoots the valley floor, by less each time, so the "
         "path zig-zags and still converges.",
         {}, holds=lambda r: (r.gd_status == "descending" and r.lr_limit / 2 < r.learning_rate < r.lr_limit
                              and zigzags(r))),
    Step("Learning rate 0.05, just past 2/λ_max ≈ 0.025: each step overshoots the valley floor "
         "by more than the last, and descent blows up within a few steps.",
         dict(learning_rate=0.05), holds=lambda r: r.gd_status == "diverged" and r.learning_rate > r.lr_limit),
    Step("Learning rate 0.001, far below the limit: stable, and below 1/λ_max it slides down the "
         "valley wall without crossing the floor, but after 500 steps it has covered only part of "
         "the way along the long, narrow valley of the loss surface.",
         dict(learning_rate=0.001), holds=lambda r: r.gd_final_mse > 2 * r.train_mse and slides(r)),
    Step("Standardise x: the bowl becomes round (λ_max / λ_min = 1), the limit rises to 1, "
         "and descent reaches the least-squares line.",
         dict(standardize="on"), holds=lambda r: r.condition < 2 and r.gd_status == "converged"),
    Step("Standardised, at learning rate 0.5 = 1/λ: the bowl is round, so the first step points "
         "straight at the minimum and lands on it.",
         dict(standardize="on", learning_rate=0.5),
         holds=lambda r: r.gd_losses[1] - r.train_mse <= 1e-9 * (r.gd_losses[0] - r.train_mse)),
    Step("One outlier 8 standard deviations up: the least-squares line tilts towards it, and "
         "the test R² drops, because every residual is squared.",
         dict(outlier=8.0), holds=lambda r: r.coef[0] > 1.2 * LINE_SLOPE),
)

MAIN = titled(fig.fit)

CLAIMS = {
    "valley": Claim(
        "Each contour is one level of the MSE. Gradient descent steps downhill, perpendicular to "
        "the contour it is on. In a narrow valley, at a learning rate between 1/λ_max and 2/λ_max "
        "such as the default 0.02, each step overshoots the valley floor by less than the last, so "
        "the path zig-zags across and creeps along.",
        holds=lambda r: r.condition > 100 and zigzags(r) and r.gd_status == "descending"),
    "round": Claim(
        "Standardising x makes the bowl round and the path straight.",
        state=dict(standardize="on"), holds=lambda r: r.condition < 1.01 and straight(r)),
}
