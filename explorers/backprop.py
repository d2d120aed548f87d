"""Backpropagation, step by step
=============================

A network with two inputs, two hidden neurons and one output (2-2-1) sees one example
(x1, x2) with target y. Nine numbers are its parameters: w1..w4 from the inputs to the
hidden neurons, w5 and w6 from the hidden neurons to the output, and a bias for each
neuron (b1, b2 hidden, b3 output).

**Forward.** Each neuron adds up its weighted inputs and its bias, ``z = w·x + b``, then
squashes it, ``h = f(z)`` (sigmoid, tanh or ReLU in the hidden layer; the output is a
sigmoid, so it reads as a probability). The loss L compares the output a with y.

**Backward.** The chain rule, applied from the loss back to each weight, one factor per
link of the path: ``dL/dw5 = dL/da · da/dz_o · dz_o/dw5``. The product of the first two
factors, the output's *delta* ``dL/dz_o``, is shared by every weight into the output; it is
passed back through w5 and w6 (``dL/dh1 = dL/dz_o · w5``), multiplied by the hidden
activation's slope, and becomes the hidden deltas that w1..w4 use. That sharing is the
whole trick: one backward sweep gives every gradient at the cost of about one forward pass.

**Update.** Every parameter moves against its gradient, ``w ← w − η · dL/dw``, and the loss
on the same example falls (if the learning rate η is not too large).

Every intermediate value here is computed by hand in NumPy, as the formulas say, and the
tests check each one against PyTorch's autograd and ``torch.optim.SGD``. The page shows
both columns. "Mazur's example" starts from the weights of Matt Mazur's classic worked
example (*A Step by Step Backpropagation Example*), restricted to its first output: the
forward values, dL/dw5 and the updated w5 are his numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets.readonly import readonly
from explorers._contract import choice, knob, literal, log_knob
from explorers._torch import generator, torch

NOTICE = (
    "Scrub the step slider from 1 to 6: the forward pass fills in the values left to right, "
    "the backward pass fills in the gradients right to left, and each hidden weight's gradient "
    "reuses the output's delta passed back through the weight above it. With a sigmoid output "
    "and cross-entropy loss the output delta is simply a − y; with squared error it is shrunk "
    "by a(1 − a), which is why a saturated sigmoid learns slowly."
)
MISREADING = (
    "\"Backpropagation is the learning algorithm\": it only computes the gradients, exactly, "
    "by the chain rule; the learning is the separate update step (here plain gradient descent). "
    "And a gradient says which way to move for this one example, not how far: too large a "
    "learning rate overshoots."
)
HEADLINE = "loss_after"

PHASES = ("forward, layer 1", "forward, layer 2", "loss", "backward, output layer",
          "backward, hidden layer", "update")
# The nine parameters, in Mazur's naming: w1, w2 into h1; w3, w4 into h2; w5, w6 into the output.
NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")
# Mazur's starting weights; his network shares one hidden bias (0.35) and has a second output
# (w7, w8) that we leave out, which changes none of the numbers on the path to output 1.
MAZUR = (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.35, 0.35, 0.60)
ACTIVATIONS = ("sigmoid", "tanh", "ReLU")
LOSSES = ("squared error", "cross-entropy")


@dataclass(frozen=True)
class Params:
    # The scrubber comes first: it only picks which part of a cached computation to show.
    step: int = knob(1, lo=1, hi=6, label="Step",
                     help="1 forward through the hidden layer, 2 forward to the output, 3 the loss, "
                          "4 gradients of the output layer, 5 gradients of the hidden layer, 6 the update.")
    follow: str = choice("w5", options=NAMES, label="Chain rule for",
                         help="The parameter whose gradient is written out factor by factor.")
    x1: float = knob(0.05, lo=-2.0, hi=2.0, step=0.05, label="Input x1", help="The first input of the example.")
    x2: float = knob(0.10, lo=-2.0, hi=2.0, step=0.05, label="Input x2", help="The second input of the example.")
    y: float = knob(0.01, lo=0.0, hi=1.0, step=0.01, label="Target y",
                    help="What the output should be (the output is a sigmoid, between 0 and 1).")
    activation: str = choice("sigmoid", options=ACTIVATIONS, label="Hidden activation",
                             help="The hidden neurons' squashing function; the output is always a sigmoid.")
    loss: str = choice("squared error", options=LOSSES, label="Loss",
                       help="Squared error ½(a − y)², as in Mazur's example, or binary cross-entropy "
                            "−[y log a + (1 − y) log(1 − a)].")
    learning_rate: float = log_knob(0.5, lo=0.01, hi=10.0, label="Learning rate η",
                                    help="How far each update moves against the gradient.")
    iterations: int = knob(100, lo=1, hi=500, label="Repeat the update",
                           help="How many updates on the same example the loss curve shows.")
    init: str = choice("Mazur's example", options=("Mazur's example", "seeded"), label="Starting weights",
                       help="Mazur's worked example, or nine numbers drawn uniformly from [−1, 1).")
    seed: int = knob(0, lo=0, hi=99, label="Weight seed", when=("init", "seeded"),
                     help="Seeds the generator the starting weights are drawn from.")


@dataclass(frozen=True)
class Result:
    x: np.ndarray  # (2,) the inputs
    y: float
    theta: np.ndarray  # (9,) w1..w6, b1..b3 before the update
    z_hidden: np.ndarray  # (2,) w·x + b of h1, h2
    hidden: np.ndarray  # (2,) f(z): h1, h2
    z_out: float
    out: float  # a = sigmoid(z_out)
    loss: float
    dL_da: float
    da_dz: float  # sigmoid slope a(1 - a)
    delta_out: float  # dL/dz_out
    dL_dhidden: np.ndarray  # (2,) delta_out * (w5, w6)
    slope_hidden: np.ndarray  # (2,) f'(z) of h1, h2
    delta_hidden: np.ndarray  # (2,) dL/dz of h1, h2
    grad: np.ndarray  # (9,) dL/d(w1..w6, b1..b3), by hand
    theta_after: np.ndarray  # (9,) after one update
    out_after: float
    loss_after: float
    quantities: tuple[str, ...]  # names of every hand-computed number below
    by_hand: np.ndarray  # their values, by hand in NumPy
    by_autograd: np.ndarray  # the same, from torch.autograd (retain_grad on intermediates)
    curve: np.ndarray  # loss after 0, 1, ..., iterations updates (a finite prefix if it diverged)
    diverged: bool
    step: int
    follow: str
    learning_rate: float
    activation: str
    loss_name: str


def run(p: Params) -> Result:
    c = _compute(p.x1, p.x2, p.y, p.activation, p.loss, p.learning_rate, p.iterations, p.init, p.seed)
    return Result(**c, step=p.step, follow=p.follow, learning_rate=p.learning_rate,
                  activation=p.activation, loss_name=p.loss)


def start_weights(init: str, seed: int) -> np.ndarray:
    if init == "Mazur's example":
        return np.array(MAZUR)
    t = torch()
    return (t.rand(9, generator=generator(seed), dtype=t.float64) * 2 - 1).numpy()


def _f(name, z):
    if name == "sigmoid":
        return 1 / (1 + np.exp(-z))
    return np.tanh(z) if name == "tanh" else np.maximum(z, 0.0)


def _slope(name, z, h):
    if name == "sigmoid":
        return h * (1 - h)
    # ReLU's slope at exactly 0 is taken as 0, as PyTorch does.
    return 1 - h ** 2 if name == "tanh" else (z > 0).astype(float)


def _loss(kind, z_out, a, y):
    if kind == "squared error":
        return 0.5 * (a - y) ** 2
    # Cross-entropy from the score z, not from a: log(a) is -inf once a rounds to 1.
    return np.maximum(z_out, 0) - y * z_out + np.log1p(np.exp(-abs(z_out)))


def forward(theta, x, activation):
    W1, b1 = theta[:4].reshape(2, 2), theta[6:8]
    z_hidden = W1 @ x + b1
    hidden = _f(activation, z_hidden)
    z_out = theta[4:6] @ hidden + theta[8]
    return z_hidden, hidden, z_out, 1 / (1 + np.exp(-z_out))


def backward(theta, x, y, activation, kind):
    """Every intermediate of one forward and backward pass, by the formulas."""
    z_hidden, hidden, z_out, a = forward(theta, x, activation)
    da_dz = a * (1 - a)
    if kind == "squared error":
        dL_da = a - y
        delta_out = dL_da * da_dz
    else:
        # dL/da = (a - y) / (a(1 - a)); times da/dz the a(1 - a) cancels: delta = a - y exactly.
        delta_out = a - y
        dL_da = delta_out / da_dz if da_dz > 0 else np.inf
    dL_dhidden = delta_out * theta[4:6]
    slope = _slope(activation, z_hidden, hidden)
    delta_hidden = dL_dhidden * slope
    grad = np.concatenate([np.outer(delta_hidden, x).ravel(), delta_out * hidden, delta_hidden, [delta_out]])
    return dict(z_hidden=z_hidden, hidden=hidden, z_out=z_out, out=a, loss=_loss(kind, z_out, a, y),
                dL_da=dL_da, da_dz=da_dz, delta_out=delta_out, dL_dhidden=dL_dhidden,
                slope_hidden=slope, delta_hidden=delta_hidden, grad=grad)


def _quantities(b) -> tuple[tuple[str, ...], np.ndarray]:
    names = ("L", "dL/da", "dL/dz_o", "dL/dh1", "dL/dh2", "dL/dz_h1", "dL/dz_h2", *(f"dL/d{n}" for n in NAMES))
    values = [b["loss"], b["dL_da"], b["delta_out"], *b["dL_dhidden"], *b["delta_hidden"], *b["grad"]]
    return names, np.array(values, dtype=float)


# Everything but the step shown and the weight followed: scrubbing reuses it.
@lru_cache(maxsize=32)
def _compute(x1, x2, y, activation, kind, lr, iterations, init, seed) -> dict:
    x = np.array([x1, x2])
    theta = start_weights(init, seed)
    b = backward(theta, x, y, activation, kind)
    theta_after = theta - lr * b["grad"]
    *_, z_after, out_after = forward(theta_after, x, activation)
    names, by_hand = _quantities(b)
    curve, diverged, t = [], False, theta
    for _ in range(iterations):
        step = backward(t, x, y, activation, kind)
        if not (np.isfinite(step["loss"]) and np.all(np.isfinite(step["grad"]))):
            diverged = True
            break
        curve.append(step["loss"])
        t = t - lr * step["grad"]
    else:
        last = forward(t, x, activation)
        if np.isfinite(last[2]):
            curve.append(_loss(kind, last[2], last[3], y))
        else:
            diverged = True
    out = dict(x=x, y=float(y), theta=theta, **{k: (float(v) if np.ndim(v) == 0 else v) for k, v in b.items()},
               theta_after=theta_after, out_after=float(out_after),
               loss_after=float(_loss(kind, z_after, out_after, y)), quantities=names, by_hand=by_hand,
               by_autograd=autograd(theta, x, y, activation, kind), curve=np.array(curve), diverged=diverged)
    return readonly(out)


def autograd(theta, x, y, activation, kind) -> np.ndarray:
    """The same quantities as ``_quantities``, from PyTorch: retain_grad on the intermediates."""
    t = torch()
    F = t.nn.functional
    params = t.tensor(theta, dtype=t.float64, requires_grad=True)
    xs = t.tensor(x, dtype=t.float64)
    z_hidden = params[:4].reshape(2, 2) @ xs + params[6:8]
    hidden = {"sigmoid": t.sigmoid, "tanh": t.tanh, "ReLU": t.relu}[activation](z_hidden)
    z_out = params[4:6] @ hidden + params[8]
    a = t.sigmoid(z_out)
    for v in (z_hidden, hidden, z_out, a):
        v.retain_grad()  # autograd keeps only the leaves' gradients unless asked
    target = t.tensor(y, dtype=t.float64)
    loss = 0.5 * (a - target) ** 2 if kind == "squared error" else F.binary_cross_entropy(a, target)
    loss.backward()
    return np.array([loss.item(), a.grad.item(), z_out.grad.item(), *hidden.grad.tolist(),
                     *z_hidden.grad.tolist(), *params.grad.tolist()])


def code(p: Params) -> str:
    if p.init == "Mazur's example":
        start = f"theta = torch.tensor({list(MAZUR)}, dtype=torch.float64)  # Mazur's starting weights"
    else:
        start = (f"g = torch.Generator().manual_seed({p.seed})\n"
                 "theta = torch.rand(9, generator=g, dtype=torch.float64) * 2 - 1  # uniform in [-1, 1)")
    act = {"sigmoid": "torch.sigmoid", "tanh": "torch.tanh", "ReLU": "torch.relu"}[p.activation]
    loss = ("0.5 * (a - y) ** 2" if p.loss == "squared error"
            else "F.binary_cross_entropy_with_logits(z_out, y)")  # the cross-entropy of a, from z_out
    if p.loss == "squared error":
        backward = 'print(f"backward: dL/da {a.grad.item():.6f}  dL/dz_out {z_out.grad.item():.6f}")'
    else:  # computed from z_out, so a is off the loss's path and has no gradient of its own
        backward = 'print(f"backward: dL/dz_out {z_out.grad.item():.6f}  (= a - y)")'
    return f'''\
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
names = {list(NAMES)}
{start}
theta.requires_grad_(True)
x = torch.tensor([{literal(p.x1)}, {literal(p.x2)}], dtype=torch.float64)
y = torch.tensor({literal(p.y)}, dtype=torch.float64)


def loss_of(theta):
    z_hidden = theta[:4].reshape(2, 2) @ x + theta[6:8]  # w1 w2 into h1, w3 w4 into h2
    hidden = {act}(z_hidden)
    z_out = theta[4:6] @ hidden + theta[8]  # w5, w6 and b3
    a = torch.sigmoid(z_out)
    return {loss}, (z_hidden, hidden, z_out, a)


optimizer = torch.optim.SGD([theta], lr={literal(p.learning_rate)})
loss, (z_hidden, hidden, z_out, a) = loss_of(theta)
for v in (z_hidden, hidden, z_out, a):
    v.retain_grad()  # keep the gradients of the intermediate values too
r6 = lambda t: [round(v, 6) for v in t.tolist()]
print("forward:  z_hidden", r6(z_hidden), " hidden", r6(hidden), f" z_out {{z_out.item():.6f}}  a {{a.item():.6f}}")
print(f"loss {{loss.item():.6f}}")
optimizer.zero_grad()
loss.backward()
{backward}
print("          dL/dhidden", r6(hidden.grad), " dL/dz_hidden", r6(z_hidden.grad))
for name, g in zip(names, theta.grad.tolist()):
    print(f"          dL/d{{name}} = {{g:+.6f}}")
optimizer.step()  # theta <- theta - lr * grad
with torch.no_grad():
    loss_after = loss_of(theta)[0].item()
print("updated:", r6(theta.detach()))
print(f"loss after one update {{loss_after:.6f}}")

for _ in range({p.iterations - 1}):  # the same example, again and again
    optimizer.zero_grad()
    loss_of(theta)[0].backward()
    optimizer.step()
with torch.no_grad():
    print(f"loss after {p.iterations} updates {{loss_of(theta)[0].item():.6f}}")
'''
