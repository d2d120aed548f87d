"""Backpropagation by hand: forward left to right, deltas right to left, each hidden delta
reusing the one above it; cross-entropy's output delta a − y against squared error's, shrunk
by a(1 − a); and every number checked against PyTorch's autograd."""

import numpy as np

from explorers import backprop as ex
from figures import backprop as fig
from lessons import Challenge, Claim, Step, titled

W5, W6 = 4, 5  # positions of w5 and w6 in theta (w1..w6, b1..b3)
# One update too far: cross-entropy towards y = 0.5 at η = 10 throws the output past y.
OVERSHOOT = dict(loss="cross-entropy", y=0.5, learning_rate=10.0)
# Mazur's weights are all positive, so negative inputs give both hidden neurons a negative z.
DEAD_RELU = dict(activation="ReLU", x1=-2.0, x2=-2.0)


def _overshoots(r) -> bool:
    """The first update lowers the loss no more: it carries the output from one side of y
    to the other, and the loss rises."""
    return r.loss_after > r.loss and (r.out - r.y) * (r.out_after - r.y) < 0


def _dead_pass_nothing_back(r) -> bool:
    dead = r.z_hidden < 0
    return bool(dead.any() and np.all(r.delta_hidden[dead] == 0)
                and np.all(r.grad[:4].reshape(2, 2)[dead] == 0))


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
    Step("Repeat the update 100 times: the loss falls more than fifty-fold.",
         {}, holds=lambda r: r.curve[-1] < r.curve[0] / 50),
    Step("Cross-entropy towards y = 0.5 with η = 10: one update throws the output from one side of "
         "y far past the other, and the loss rises. The step was too long.",
         OVERSHOOT, holds=_overshoots),
    Step("ReLU with both inputs at −2: both hidden z are negative, so both neurons pass back no "
         "gradient and only the output bias b3 still learns.",
         DEAD_RELU, holds=lambda r: _dead_pass_nothing_back(r) and r.grad[8] != 0),
)

MAIN = titled(fig.network_figure)

CLAIMS = {
    # Under the update table, after the computed ratio of the two layers' gradients.
    "layers": Claim(
        "the second layer's gradients are δ_o·h, the first layer's δ_o·w·f′(z)·x: a weight, an "
        "activation slope (at most 0.25 for a sigmoid) and an input in place of the hidden value h.",
        holds=lambda r: (np.allclose(r.grad[[W5, W6]], r.delta_out * r.hidden, rtol=1e-12)
                         and np.allclose(r.grad[:4].reshape(2, 2),
                                         np.outer(r.delta_out * r.theta[[W5, W6]] * r.slope_hidden, r.x),
                                         rtol=1e-12)
                         and bool(np.all(r.slope_hidden <= 0.25)))),
    # Under the loss curve, one sentence at a time, each where it shows.
    "curve": Claim(
        "Repeating the update on the one example keeps pushing the output towards y;",
        holds=lambda r: bool(np.all(np.diff(r.curve) < 0)) and abs(r.out_after - r.y) < abs(r.out - r.y)),
    "overshoot": Claim("with a large learning rate it can overshoot,", state=OVERSHOOT, holds=_overshoots),
    "dead_relu": Claim(
        "and with ReLU a hidden neuron whose z is negative passes back no gradient at all.",
        state=DEAD_RELU, holds=_dead_pass_nothing_back),
    # The misreading the page names: exact gradients, and still an update that goes too far.
    "misreading": Claim(ex.MISREADING, state=OVERSHOOT,
                        holds=lambda r: np.abs(r.by_hand - r.by_autograd).max() < 1e-12 and _overshoots(r)),
}
