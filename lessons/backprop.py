"""Backpropagation by hand: forward left to right, deltas right to left, each hidden delta
reusing the one above it; cross-entropy's output delta a − y against squared error's, shrunk
by a(1 − a); and every number checked against PyTorch's autograd."""

import numpy as np

from figures import backprop as fig
from lessons import Challenge, Step, titled

W5, W6 = 4, 5  # positions of w5 and w6 in theta (w1..w6, b1..b3)


def _cross_entropy_delta(r) -> str:
    return "a − y" if abs(r.delta_out - (r.out - r.y)) < 1e-12 else "(a − y) · a(1 − a)"


def _squared_delta(r) -> str:
    shrunk = (r.out - r.y) * r.out * (1 - r.out)
    return "Shrunk by a(1 − a)" if abs(r.delta_out - shrunk) < 1e-12 else "a − y"


CHALLENGES = (
    Challenge(
        question="Sigmoid output with cross-entropy loss: what is the output delta dL/dz?",
        options=("a − y", "(a − y) · a(1 − a)"),
        state=dict(loss="cross-entropy"),
        answer=_cross_entropy_delta, expected="a − y",
        why=lambda r: f"dL/dz = {r.delta_out:.4f} = a − y = {r.out:.4f} − {r.y:g}: the sigmoid's slope "
                      "a(1 − a) cancels against the loss's 1 / (a(1 − a)).",
    ),
    Challenge(
        question="Same network with squared error: what becomes of the output delta?",
        options=("a − y", "Shrunk by a(1 − a)"),
        state={},
        answer=_squared_delta, expected="Shrunk by a(1 − a)",
        why=lambda r: f"dL/dz = {r.delta_out:.4f} = (a − y) · a(1 − a) = {r.out - r.y:.4f} × "
                      f"{r.out * (1 - r.out):.4f}: near a = 0 or 1 that slope is tiny, so a saturated "
                      "sigmoid learns slowly.",
    ),
)

TOUR = (
    Step("Step 1, forward: each hidden unit is its activation of w·x + b.",
         dict(step=1), holds=lambda r: np.allclose(r.hidden, 1 / (1 + np.exp(-r.z_hidden)))),
    Step("The output delta: the loss's slope times the sigmoid's, dL/da · a(1 − a).",
         dict(step=4), holds=lambda r: abs(r.delta_out - r.dL_da * r.da_dz) < 1e-12),
    Step("Backwards: each hidden unit's share of the blame is the output delta passed back "
         "through its weight to the output, w5 or w6.",
         dict(step=6),
         holds=lambda r: np.allclose(r.dL_dhidden, r.delta_out * r.theta[[W5, W6]])),
    Step("Every one of these numbers, computed by hand in NumPy, matches PyTorch's autograd.",
         dict(step=6), holds=lambda r: np.abs(r.by_hand - r.by_autograd).max() < 1e-12),
    Step("Repeat the update 100 times: the loss falls by two orders of magnitude.",
         {}, holds=lambda r: r.curve[-1] < r.curve[0] / 50),
)

MAIN = titled(fig.network_figure)
