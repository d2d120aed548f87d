"""Logistic regression: a smaller C shrinks the weights and widens the probability band, the
threshold trades precision for recall, and the log-loss does not care about the threshold."""

import numpy as np

from figures import logistic_regression as fig
from lessons import Challenge, Step, titled


def _trade(r) -> str:
    return "Recall up, precision down" if r.recall > r.precision else "Precision up, recall down"


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
        why=lambda r: f"Recall {r.recall:.0%}, precision {r.precision:.0%}: with t = 0.2 every point "
                      "the model gives even a one-in-five chance is called positive, so fewer "
                      "positives are missed and more negatives are called positive.",
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
)

MAIN = titled(fig.boundary_figure)
