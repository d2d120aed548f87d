"""Logistic regression: a smaller C shrinks the weights and widens the probability band, the
threshold trades precision for recall, and the log-loss does not care about the threshold."""

import numpy as np
from scipy.special import expit

from explorers import logistic_regression as ex
from figures import logistic_regression as fig
from lessons import Challenge, Claim, Step, params_at, titled


def _at(state):
    return ex.run(params_at(ex, state))


# Fifty points of the linear data at noise 0.35: a line separates the training points
# cleanly, and a test point or two sits on the wrong side.
SEPARABLE = dict(data="linear", noise=0.35, n_points=50)
GAUSSIANS = dict(data="gaussians", C=0.01)


def _trade(r) -> str:
    """From the threshold 0.5 to ``r``'s lower one."""
    half = _at({})
    if r.recall > half.recall and r.precision < half.precision:
        return "Recall up, precision down"
    return "Precision up, recall down"


def _noticed(r) -> str:
    """Overlapping Gaussians, C from 1 down to ``r``'s 0.01."""
    one = _at(dict(GAUSSIANS, C=1.0))
    if r.test_accuracy == one.test_accuracy and r.test_log_loss > one.test_log_loss + 0.05:
        return "Only the log-loss"
    return "Test accuracy too"


def _turn(r) -> float:
    """How far the line turned from C = 1, in degrees."""
    w, w1 = r.coef[0], _at(dict(GAUSSIANS, C=1.0)).coef[0]
    return float(np.degrees(np.arccos(w @ w1 / np.linalg.norm(w) / np.linalg.norm(w1))))


def _drift(r, one) -> str:
    return (f"Test accuracy {one.test_accuracy:.1%} at C = 1 and {r.test_accuracy:.1%} at C = 0.01: "
            f"the line turned only {_turn(r):.1f}°. But ‖w‖ fell from {one.weight_norm:.2f} to "
            f"{r.weight_norm:.2f}, every probability drifted towards one half, and the log-loss "
            f"rose from {one.test_log_loss:.3f} to {r.test_log_loss:.3f}.")


def _overconfident(r) -> bool:
    """Training points separated, weights growing at every C, test log-loss up at the end."""
    norms = np.linalg.norm(r.sweep_coef, axis=(1, 2))
    loss = r.sweep_test_loss
    return (r.train_accuracy == 1.0 and bool(np.all(np.diff(norms) > 0))
            and loss[-1] > loss.min() + 0.1)


def _claims_per_point(r) -> np.ndarray:
    """One-vs-rest: how many of the models put each grid point above their own P = 0.5."""
    return (expit(r.split.grid @ r.coef.T + r.intercept) > 0.5).sum(axis=1)


def _meet_on_the_plot(r) -> bool:
    """Softmax: the ties of scores 0-1 and 1-2 cross inside the plot (the 0-2 tie follows)."""
    w, b = r.coef, r.intercept
    point = np.linalg.solve([w[0] - w[1], w[1] - w[2]], [b[1] - b[0], b[2] - b[1]])
    (x0, x1), (y0, y1) = r.split.grid_x[[0, -1]], r.split.grid_y[[0, -1]]
    return x0 < point[0] < x1 and y0 < point[1] < y1 and len(np.unique(r.scores.grid_class)) == 3


def _same_regions(r, data: str) -> float:
    """The share of the plane where ``r`` (softmax, on ``data``) and one-vs-rest predict the
    same class."""
    other = _at(dict(data=data, multiclass="one-vs-rest"))
    return float((r.scores.grid_class == other.scores.grid_class).mean())


def _norm_at(r, C: float) -> float:
    """‖w‖ at another C, from the result's own sweep over C."""
    return float(np.linalg.norm(r.sweep_coef[list(r.sweep_C).index(C)]))


def _shrunk(r) -> str:
    return "Much smaller weights, a wide band" if r.weight_norm < 0.5 else "About the same"


CHALLENGES = (
    Challenge(
        question="Lower the decision threshold from 0.5 to 0.2. What happens to precision and "
                 "recall on the test points?",
        options=("Recall up, precision down", "Precision up, recall down"),
        state=dict(threshold=0.2),
        answer=_trade, expected="Recall up, precision down",
        why=lambda r: (f"Recall {_at({}).recall:.0%} → {r.recall:.0%}, precision {_at({}).precision:.0%} → "
                       f"{r.precision:.0%}: with t = 0.2 every point the model gives even a one-in-five "
                       "chance is called positive, so fewer positives are missed and more negatives "
                       "are called positive."),
    ),
    Challenge(
        question="Turn C down to 0.001 (a strong penalty on the weights). What becomes of the "
                 "model?",
        options=("About the same", "Much smaller weights, a wide band"),
        state=dict(C=0.001),
        answer=_shrunk, expected="Much smaller weights, a wide band",
        why=lambda r: f"‖w‖ = {r.weight_norm:.3f}: the score w·x + b barely changes across the plane, so "
                      "the sigmoid climbs slowly and most points get probabilities near 0.5 "
                      f"(test log-loss {r.test_log_loss:.3f}, close to log 2 = 0.693).",
    ),
    Challenge(
        question="Two overlapping Gaussians: turn C from 1 down to 0.01. Which of the test numbers "
                 "notices?",
        options=("Test accuracy too", "Only the log-loss"),
        state=GAUSSIANS,
        answer=_noticed, expected="Only the log-loss",
        why=lambda r: _drift(r, _at(dict(GAUSSIANS, C=1.0))),
    ),
)

TOUR = (
    Step("C = 1, threshold 0.5: a straight boundary, with the sigmoid's shading across it.",
         {}, holds=lambda r: r.binary and 0.3 < r.test_log_loss < 0.5),
    Step("Threshold 0.2: the line slides towards the negatives, recall climbs and precision "
         "falls. The probabilities, and so the log-loss, have not changed.",
         dict(threshold=0.2), holds=lambda r: r.recall > 0.9 > r.precision),
    Step("Threshold 0.8: the other way: every positive call is right, and a third of the "
         "positives are missed.",
         dict(threshold=0.8), holds=lambda r: r.precision > 0.95 and r.recall < 0.75),
    Step("C = 0.001: the weights shrink towards zero, the shaded band spreads over the whole "
         "plane, and the log-loss rises towards log 2.",
         dict(C=0.001), holds=lambda r: r.weight_norm < 0.5 and r.test_log_loss > 0.6),
    Step("C = 1000: almost no penalty. The weights grow only a little past C = 1: on "
         "overlapping moons there is no perfect line to chase.",
         dict(C=1000.0), holds=lambda r: r.weight_norm < 2 * _norm_at(r, 1.0) and r.test_accuracy > 0.8),
    Step("Fifty points a line separates: the weights grow at every C, the probabilities turn into "
         "0s and 1s, and the test log-loss climbs again at large C, paid on the test points that "
         "sit on the wrong side.",
         SEPARABLE, holds=_overconfident),
)

MAIN = titled(fig.boundary_figure)

CLAIMS = {
    "threshold": Claim(
        "Lower the threshold and the line moves left: more positives found (recall up), more "
        "false alarms (precision down).",
        state=dict(threshold=0.2), holds=lambda r: _trade(r) == "Recall up, precision down"),
    "one-vs-rest": Claim(
        "Dashed lines: each one-vs-rest model's own P = 0.5 line. Between them are regions that no "
        "model claims, or two do; the most probable class settles those.",
        state=dict(data="three classes", multiclass="one-vs-rest"),
        holds=lambda r: bool(np.any(_claims_per_point(r) == 0) and np.any(_claims_per_point(r) >= 2))),
    "softmax": Claim(
        "Softmax compares the three scores, so each boundary is where two scores tie: straight "
        "lines meeting at one point (off the plot on some data).",
        state=dict(data="three classes"), holds=_meet_on_the_plot),
    "strategies": Claim(
        "**Softmax or one-vs-rest?** Softmax fits one model whose three scores compete: the "
        "probabilities come from e^(z_k) / Σ e^(z_j) and always sum to 1. One-vs-rest fits three "
        "separate two-class models, each blind to how the others split the rest, and rescales "
        "their three sigmoids to sum to 1 afterwards. On well-separated classes, such as the three "
        "blobs, they draw nearly the same regions.",
        state=dict(data="three classes"), holds=lambda r: _same_regions(r, "three classes") > 0.98),
    "overlap": Claim(
        "Where classes overlap, as two of the iris species do, the regions part: compare the "
        "log-loss.",
        state=dict(data="iris"), holds=lambda r: _same_regions(r, "iris") < 0.95),
    "curves": Claim(
        "Read the curves against C from left to right: tiny C holds the weights near zero (the "
        "model barely leans, the log-loss is high), large C lets them grow.",
        holds=lambda r: (np.linalg.norm(r.sweep_coef[0]) < 0.2 and r.sweep_test_loss[0] > 0.6
                         and bool(np.all(np.diff(np.linalg.norm(r.sweep_coef, axis=(1, 2))) > 0)))),
    "separable": Claim(
        "On data a line separates cleanly, the weights keep growing with C and the probabilities "
        "turn into 0s and 1s: overconfident, and the test log-loss can rise (the tour's last step).",
        state=SEPARABLE, holds=_overconfident),
}
