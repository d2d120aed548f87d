"""RNN, LSTM and GRU: why gates let a network remember
=====================================================

A recurrent network reads a sequence one step at a time and carries a *hidden state*
h from each step to the next: h_t = tanh(W x_t + U h_{t-1} + b) for the plain (Elman)
RNN. Whatever it must remember has to survive in h through every later step, and the
gradient that teaches it to remember has to flow back through the same steps,
multiplied by U and by the slope of tanh each time. Over a long delay that product
shrinks towards zero (the *vanishing gradient*), so a plain RNN cannot learn what
happened long ago, and every step's input is written into h whether it matters or not.

An LSTM adds a *cell state* c beside h, changed only by gates: a forget gate f that
keeps or wipes it, an input gate i that decides whether this step is worth writing,
c_t = f ⊙ c_{t-1} + i ⊙ tanh(...), and an output gate that decides what of it to show
in h. A GRU folds the same idea into one *update gate* z: h_t = (1 − z) ⊙ h_{t-1} +
z ⊙ (candidate). When a gate holds the memory open, the state and its gradient pass
through the steps almost unchanged.

The *memory task* shows a sign (+1 or −1) at step 0, marked on a second input, then
``delay`` steps of noise on the same input, larger than the sign itself; the network
must say the sign at the end. The *forecasting task* reads a window of a real series
(shipped with statsmodels), scaled with the training part's mean and spread, and
predicts the next value, one step ahead, on a held-out tail it never trained on.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets import SERIES, describe
from datasets.readonly import readonly
from explorers._contract import choice, knob, literal, log_knob
from explorers._torch import global_rng, torch

NOTICE = (
    "On the memory task, watch the plain RNN's accuracy fall to a coin toss as the delay "
    "grows, while the gated LSTM and GRU keep recalling the sign. The hidden-state heatmap "
    "shows why: the gated cells hold a few units steady through the noise, the plain RNN's "
    "state is rewritten by every step."
)
MISREADING = (
    "\"An RNN remembers the whole sequence\": in principle it can, but a plain RNN trained "
    "by gradient descent forgets within a few dozen steps, because the learning signal "
    "vanishes on its way back. Gates are what make long memory learnable, and even they "
    "need enough training to find it."
)
HEADLINE = "test_error"

TASKS = ("memory", "forecast")
CELLS = ("RNN", "LSTM", "GRU")
N_TRAIN, N_TEST = 256, 256  # memory-task sequences
BATCH = 32
# The noise after step 0 is larger than the sign to remember: a plain RNN, which writes every
# step into its state, cannot keep the sign through many of them; a gate can refuse to write.
NOISE = 1.5
# Gated cells start "remembering": PyTorch's forget (LSTM) or update (GRU) gate bias is
# raised and the LSTM's input gate bias lowered, so at initialisation the state is kept and
# little noise is written (Jozefowicz et al. 2015; Tallec & Ollivier 2018, "chrono" init).
# Without it a short training often finds no memory at all, for any cell.
GATE_BIAS = 3.0  # forget gate σ(3) ≈ 0.95 per step; input gate σ(−3) ≈ 0.05
CLIP = 1.0  # gradient-norm clipping: the usual guard against an RNN's exploding gradients
TEST_SHARE = 0.2  # forecasting: the last 20% of the series is held out
SWEEP_DELAYS = (5, 10, 20, 40)
# The lesson chart trains every cell at every delay with this one budget and seed, whatever
# the sliders say: the cells compete on equal terms, and its twelve trainings are paid once
# per server (the defaults' own training is one of them).
SWEEP_HIDDEN, SWEEP_EPOCHS, SWEEP_LR, SWEEP_SEED = 16, 15, 0.02, 0


@dataclass(frozen=True)
class Params:
    task: str = choice("memory", options=TASKS, label="Task",
                       help="memory: recall the sign shown at step 0 after a delay of noisy steps. "
                            "forecast: predict a real series one step ahead from a window of its past.")
    cell: str = choice("LSTM", options=CELLS, label="Cell",
                       help="RNN: a plain tanh recurrence. LSTM: a cell state with forget, input "
                            "and output gates. GRU: one update gate and one reset gate.")
    delay: int = knob(20, lo=1, hi=40, label="Delay (noisy steps)", when=("task", ("memory",)),
                      help="Steps of noise between the sign and the moment the network must say it.")
    series: str = choice("sunspots", options=tuple(SERIES), label="Series", when=("task", ("forecast",)),
                         help="The real series to forecast (shipped with statsmodels): " + describe(SERIES))
    window: int = knob(12, lo=2, hi=24, label="Window (past steps)", when=("task", ("forecast",)),
                       help="How many past values the network reads before predicting the next one.")
    hidden: int = knob(SWEEP_HIDDEN, lo=2, hi=32, label="Hidden units",
                       help="Size of the hidden state h (and of the LSTM's cell state c).")
    epochs: int = knob(SWEEP_EPOCHS, lo=1, hi=30, label="Epochs",
                       help=f"Passes over the training sequences, in mini-batches of {BATCH}.")
    learning_rate: float = log_knob(SWEEP_LR, lo=0.001, hi=0.1, label="Learning rate",
                                    help="Adam's step size (gradients clipped to norm 1).")
    seed: int = knob(0, lo=0, hi=999, label="Seed", help="Seed of the data, the weights and the batches.")


@dataclass(frozen=True)
class Fit:
    """One trained network, reduced to what the page shows (numpy only)."""

    train_curve: np.ndarray  # mean batch loss of each epoch (index 0: the untrained network)
    test_curve: np.ndarray
    test_output: np.ndarray  # memory: P(sign = +1) per test sequence; forecast: scaled prediction
    train_output: np.ndarray
    example_hidden: np.ndarray  # (steps, hidden) h_t for the example sequence, step by step
    example_cell: np.ndarray | None  # (steps, hidden) c_t, LSTM only


@dataclass(frozen=True)
class Result:
    task: str
    cell: str
    test_error: float  # memory: share of signs recalled wrongly; forecast: RMSE in the series' units
    test_accuracy: float | None  # memory only
    baseline_error: float  # chance (0.5) or the naive forecast "same as last step"
    epochs: np.ndarray
    train_curve: np.ndarray
    test_curve: np.ndarray
    example_inputs: np.ndarray  # (steps, inputs) the example sequence the heatmaps follow
    example_hidden: np.ndarray  # (steps, hidden)
    example_cell: np.ndarray | None
    # memory task
    test_sign: np.ndarray | None = None  # (N_TEST,) ±1, the sign shown at step 0
    test_prob: np.ndarray | None = None  # (N_TEST,) P(+1)
    sweep_delays: np.ndarray | None = None
    sweep_cells: tuple = ()  # the rows of sweep_accuracy
    sweep_accuracy: np.ndarray | None = None  # (cells, delays)
    # forecast task
    time: np.ndarray | None = None  # decimal years of every value
    values: np.ndarray | None = None  # the whole series
    split_time: float | None = None  # first held-out target's time
    target_time: np.ndarray | None = None  # time of every window's target
    prediction: np.ndarray | None = None  # one-step-ahead prediction of every target
    is_test: np.ndarray | None = None  # which targets are held out


# ---- data ----

def memory_data(n: int, delay: int, rng: np.random.Generator):
    """``n`` sequences of ``delay + 1`` steps, inputs (value, marker), and the sign at step 0.

    The value input carries the sign at step 0 and N(0, NOISE²) noise afterwards; the marker
    is 1 only at step 0. The target is 1 for +1, 0 for −1.
    """
    x = np.zeros((n, delay + 1, 2), np.float32)
    x[:, :, 0] = NOISE * rng.standard_normal((n, delay + 1))
    target = rng.integers(0, 2, n)
    x[:, 0, 0] = 2 * target - 1
    x[:, 0, 1] = 1
    return x, target


@lru_cache(maxsize=8)
def series_data(name: str, window: int):
    """Scaled windows of a series: every target's inputs are the ``window`` values before it.

    Returns (time, values, X, y, target_index, n_train, mean, std); X (targets, window, 1)
    and y are scaled with the mean and spread of the training part only (the values before
    the first held-out target), so nothing about the tail leaks into training.
    """
    s = SERIES[name].load()
    values = s.to_numpy(float)
    time = (s.index.year + (s.index.month - 1) / 12).to_numpy(float)
    split = int(round(len(values) * (1 - TEST_SHARE)))
    if split - window < 8:
        raise ValueError(f"a window of {window} leaves too few training windows in '{name}'; "
                         "choose a shorter window")
    mean, std = values[:split].mean(), values[:split].std()
    z = ((values - mean) / std).astype(np.float32)
    target_index = np.arange(window, len(values))
    X = np.stack([z[i - window:i] for i in target_index])[:, :, None]
    y = z[target_index]
    return readonly((time, values, X, y, target_index)) + (split - window, mean, std)


# ---- the network and its training ----

def build(cell: str, n_in: int, hidden: int, n_out: int):
    """The recurrent layer and the linear read-out of its last hidden state."""
    nn = torch().nn
    rnn = getattr(nn, cell)(n_in, hidden, batch_first=True)
    head = nn.Linear(hidden, n_out)
    if cell != "RNN":
        with torch().no_grad():
            # PyTorch's gate order: LSTM (input, forget, cell, output); GRU (reset, update, new).
            rnn.bias_ih_l0[hidden:2 * hidden] += GATE_BIAS
            if cell == "LSTM":
                rnn.bias_ih_l0[:hidden] -= GATE_BIAS
    return rnn, head


def forward(rnn, head, x):
    out, _ = rnn(x)
    return head(out[:, -1])


def step_by_step(rnn, x):
    """h_t (and c_t for an LSTM) of one sequence x (steps, inputs), one step at a time,
    carrying the state by hand: what the heatmaps show."""
    t = torch()
    hs, cs, state = [], [], None
    with t.no_grad():
        for step in range(x.shape[0]):
            _, state = rnn(x[None, step:step + 1], state)
            h, c = state if isinstance(state, tuple) else (state, None)
            hs.append(h[0, 0].numpy().astype(float))
            if c is not None:
                cs.append(c[0, 0].numpy().astype(float))
    return np.array(hs), (np.array(cs) if cs else None)


def train(cell, X, y, X_test, y_test, hidden, epochs, lr, seed, classify):
    """Train from ``seed``; return the network (rnn, head), the losses (train, test) after
    every epoch, and its outputs on the training and test data."""
    t = torch()
    F = t.nn.functional
    X, X_test = t.tensor(X), t.tensor(X_test)  # copies: cached arrays are read-only
    y = t.tensor(np.asarray(y, np.int64 if classify else np.float32))
    y_test = t.tensor(np.asarray(y_test, np.int64 if classify else np.float32))

    def loss_of(out, target):
        return F.cross_entropy(out, target) if classify else F.mse_loss(out[:, 0], target)

    with global_rng(seed):
        rnn, head = build(cell, X.shape[2], hidden, 2 if classify else 1)
    params = [*rnn.parameters(), *head.parameters()]
    # fused: one update for all weights at once, about twice as fast on a network this small
    optimizer = t.optim.Adam(params, lr=lr, fused=True)
    batches = t.Generator().manual_seed(seed)

    def test_loss():
        with t.no_grad():
            return float(loss_of(forward(rnn, head, X_test), y_test))

    with t.no_grad():
        curves = [(float(loss_of(forward(rnn, head, X), y)), test_loss())]
    for _ in range(epochs):
        order = t.randperm(len(X), generator=batches)
        seen = 0.0
        for start in range(0, len(X), BATCH):
            rows = order[start:start + BATCH]
            loss = loss_of(forward(rnn, head, X[rows]), y[rows])
            optimizer.zero_grad()
            loss.backward()
            t.nn.utils.clip_grad_norm_(params, CLIP)
            optimizer.step()
            seen += float(loss.detach()) * len(rows)
        # The training loss is the mean over the epoch's batches (free, and what a training
        # log prints); only the test set is evaluated again, which halves the evaluation cost.
        curves.append((seen / len(X), test_loss()))
    with t.no_grad():
        out_train, out_test = forward(rnn, head, X), forward(rnn, head, X_test)
    if classify:
        out_train, out_test = t.softmax(out_train, 1)[:, 1], t.softmax(out_test, 1)[:, 1]
    else:
        out_train, out_test = out_train[:, 0], out_test[:, 0]
    curves = np.array(curves, float)
    return (rnn, head), curves, out_train.numpy().astype(float), out_test.numpy().astype(float)


def _fit(rnn, curves, out_train, out_test, example) -> Fit:
    hidden, cell = step_by_step(rnn, torch().tensor(example))
    arrays = [curves, out_train, out_test, hidden] + ([cell] if cell is not None else [])
    readonly(arrays)
    return Fit(curves[:, 0].copy(), curves[:, 1].copy(), out_test, out_train, hidden, cell)


@lru_cache(maxsize=64)
def memory_fit(cell: str, delay: int, hidden: int, epochs: int, lr: float, seed: int) -> Fit:
    rng = np.random.default_rng(seed)
    X, y = memory_data(N_TRAIN, delay, rng)
    X_test, y_test = memory_data(N_TEST, delay, rng)
    (rnn, _), curves, out_train, out_test = train(cell, X, y, X_test, y_test, hidden, epochs, lr, seed, True)
    fit = _fit(rnn, curves, out_train, out_test, X_test[0])
    readonly((fit.train_curve, fit.test_curve))
    return fit


@lru_cache(maxsize=32)
def forecast_fit(cell: str, series: str, window: int, hidden: int, epochs: int, lr: float, seed: int) -> Fit:
    _, _, X, y, _, n_train, _, _ = series_data(series, window)
    (rnn, _), curves, out_train, out_test = train(cell, X[:n_train], y[:n_train], X[n_train:], y[n_train:],
                                             hidden, epochs, lr, seed, False)
    fit = _fit(rnn, curves, out_train, out_test, X[n_train])
    readonly((fit.train_curve, fit.test_curve))
    return fit


# ---- what the page shows ----

def run(p: Params, progress=None) -> Result:
    if p.task == "memory":
        return _run_memory(p, progress)
    return _run_forecast(p)


def _run_memory(p: Params, progress) -> Result:
    jobs = [(c, d) for c in CELLS for d in SWEEP_DELAYS]
    sweep = np.empty((len(CELLS), len(SWEEP_DELAYS)))
    for n, (c, d) in enumerate(jobs):
        if progress is not None:
            progress(n / (len(jobs) + 1), f"Training {c} at delay {d} for the lesson chart ({n + 1} of {len(jobs)})…")
        f = memory_fit(c, d, SWEEP_HIDDEN, SWEEP_EPOCHS, SWEEP_LR, SWEEP_SEED)
        sweep[CELLS.index(c), SWEEP_DELAYS.index(d)] = _accuracy(f.test_output, _test_signs(d, SWEEP_SEED))
    if progress is not None:
        progress(len(jobs) / (len(jobs) + 1), f"Training your {p.cell}…")
    fit = memory_fit(p.cell, p.delay, p.hidden, p.epochs, p.learning_rate, p.seed)
    sign = _test_signs(p.delay, p.seed)
    accuracy = _accuracy(fit.test_output, sign)
    example = _test_example(p.delay, p.seed)
    delays = np.array(SWEEP_DELAYS, float)
    readonly((sweep, delays))
    return Result(
        task="memory", cell=p.cell, test_error=1.0 - accuracy, test_accuracy=accuracy, baseline_error=0.5,
        epochs=_epochs(fit), train_curve=fit.train_curve, test_curve=fit.test_curve,
        example_inputs=example, example_hidden=fit.example_hidden, example_cell=fit.example_cell,
        test_sign=sign, test_prob=fit.test_output, sweep_delays=delays, sweep_cells=CELLS,
        sweep_accuracy=sweep,
    )


def _run_forecast(p: Params) -> Result:
    time, values, X, y, target_index, n_train, mean, std = series_data(p.series, p.window)
    fit = forecast_fit(p.cell, p.series, p.window, p.hidden, p.epochs, p.learning_rate, p.seed)
    prediction = np.concatenate([fit.train_output, fit.test_output]) * std + mean
    truth = values[target_index]
    is_test = np.arange(len(target_index)) >= n_train
    rmse = float(np.sqrt(np.mean((prediction[is_test] - truth[is_test]) ** 2)))
    naive = float(np.sqrt(np.mean((values[target_index - 1][is_test] - truth[is_test]) ** 2)))
    target_time = time[target_index]
    readonly((prediction, is_test, target_time))
    return Result(
        task="forecast", cell=p.cell, test_error=rmse, test_accuracy=None, baseline_error=naive,
        epochs=_epochs(fit), train_curve=fit.train_curve, test_curve=fit.test_curve,
        example_inputs=X[n_train], example_hidden=fit.example_hidden, example_cell=fit.example_cell,
        time=time, values=values, split_time=float(target_time[n_train]), target_time=target_time,
        prediction=prediction, is_test=is_test,
    )


def _epochs(fit: Fit) -> np.ndarray:
    e = readonly(np.arange(len(fit.train_curve)))
    return e


@lru_cache(maxsize=64)
def _memory_test(delay: int, seed: int):
    rng = np.random.default_rng(seed)
    memory_data(N_TRAIN, delay, rng)  # the training draw comes first, as in memory_fit
    return readonly(tuple(memory_data(N_TEST, delay, rng)))


def _test_signs(delay: int, seed: int) -> np.ndarray:
    sign = readonly(2.0 * _memory_test(delay, seed)[1] - 1)
    return sign


def _test_example(delay: int, seed: int) -> np.ndarray:
    x = readonly(_memory_test(delay, seed)[0][0].astype(float))
    return x


def _accuracy(prob: np.ndarray, sign: np.ndarray) -> float:
    return float(np.mean((prob > 0.5) == (sign > 0)))


# ---- the code panel ----

def code(p: Params) -> str:
    """A standalone PyTorch script that trains this exact network and prints the headline."""
    if p.task == "memory":
        data = f"""rng = np.random.default_rng(SEED)


def sequences(n):
    \"\"\"n sequences of DELAY + 1 steps, inputs (value, marker): the sign (+1 or -1) at
    step 0, marked, then noise larger than the sign. The target: 1 for +1, 0 for -1.\"\"\"
    x = np.zeros((n, DELAY + 1, 2), np.float32)
    x[:, :, 0] = {literal(NOISE)} * rng.standard_normal((n, DELAY + 1))
    target = rng.integers(0, 2, n)
    x[:, 0, 0] = 2 * target - 1
    x[:, 0, 1] = 1
    return torch.tensor(x), torch.tensor(target)


X, y = sequences({N_TRAIN})
X_test, y_test = sequences({N_TEST})
n_in, n_out = 2, 2
loss_fn = F.cross_entropy
"""
        settings = f"DELAY = {p.delay}"
        score = f"""with torch.no_grad():
    prob = torch.softmax(predict(X_test), 1)[:, 1].numpy().astype(float)
test_accuracy = float(np.mean((prob > 0.5) == (y_test.numpy() == 1)))
test_error = 1.0 - test_accuracy
print(f"{{CELL}} after a delay of {{DELAY}} noisy steps: test accuracy {{test_accuracy:.1%}} "
      f"(chance 50%), test error {{test_error:.4f}}")
"""
    else:
        settings = f"WINDOW = {p.window}"
        data = f"""{SERIES[p.series].code("values")}
split = int(round(len(values) * (1 - {literal(TEST_SHARE)})))  # the last {TEST_SHARE:.0%} is held out
mean, std = values[:split].mean(), values[:split].std()  # from the training part only
z = ((values - mean) / std).astype(np.float32)
# Every target's window is the WINDOW values before it: no value from its future.
targets = np.arange(WINDOW, len(values))
windows = np.stack([z[i - WINDOW:i] for i in targets])[:, :, None]
n_train = split - WINDOW
X, y = torch.tensor(windows[:n_train]), torch.tensor(z[targets][:n_train])
X_test, y_test = torch.tensor(windows[n_train:]), torch.tensor(z[targets][n_train:])
n_in, n_out = 1, 1


def loss_fn(out, target):
    return F.mse_loss(out[:, 0], target)

"""
        score = """with torch.no_grad():
    prediction = predict(X_test)[:, 0].numpy().astype(float) * std + mean
truth = values[targets][n_train:]
test_error = float(np.sqrt(np.mean((prediction - truth) ** 2)))
naive = float(np.sqrt(np.mean((values[targets - 1][n_train:] - truth) ** 2)))
print(f"{CELL}, one step ahead on the held-out tail: RMSE {test_error:.4f} "
      f"(naive 'same as last step': {naive:.4f})")
"""
    gates = ""
    if p.cell != "RNN":
        gates = f"""with torch.no_grad():  # start "remembering": gate biases of PyTorch's order
    rnn.bias_ih_l0[HIDDEN:2 * HIDDEN] += {literal(GATE_BIAS)}  # LSTM forget / GRU update gate
""" + (f"    rnn.bias_ih_l0[:HIDDEN] -= {literal(GATE_BIAS)}  # LSTM input gate\n" if p.cell == "LSTM" else "")
    return f"""import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

torch.set_num_threads(1)  # one thread: repeatable to the last digit
SEED, CELL, HIDDEN, EPOCHS, LR = {p.seed}, "{p.cell}", {p.hidden}, {p.epochs}, {literal(p.learning_rate)}
{settings}
{data}
torch.manual_seed(SEED)
rnn = getattr(nn, CELL)(n_in, HIDDEN, batch_first=True)
head = nn.Linear(HIDDEN, n_out)  # reads the last hidden state
{gates}

def predict(x):
    out, _ = rnn(x)  # out: the hidden state h_t at every step
    return head(out[:, -1])


params = [*rnn.parameters(), *head.parameters()]
optimizer = torch.optim.Adam(params, lr=LR, fused=True)
batches = torch.Generator().manual_seed(SEED)
for epoch in range(EPOCHS):
    order = torch.randperm(len(X), generator=batches)
    for start in range(0, len(X), {BATCH}):
        rows = order[start:start + {BATCH}]
        loss = loss_fn(predict(X[rows]), y[rows])
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(params, {literal(CLIP)})  # tames exploding gradients
        optimizer.step()

{score}"""
