"""A neural-network playground
============================

A feed-forward network turns the two coordinates of a point into a class. The inputs are
first standardised (zero mean, unit spread on the training set) and expanded into the
chosen *features*: x₁ and x₂ themselves, their squares, their product, their sines.
Each hidden neuron takes a weighted sum of the layer before, adds a bias and bends it
with its *activation* (tanh, ReLU, sigmoid, or none at all); the output layer gives one
score per class. With two classes that is one logit, read through the sigmoid and scored
with binary cross-entropy; with three, one logit per class, read through the softmax and
scored with cross-entropy.

Training shows the network the training points in shuffled mini-batches of
``batch_size``; after each batch the optimizer (plain SGD, or Adam with its per-weight
step sizes) moves every weight a little downhill on the loss. One pass over all the
training points is an *epoch*. L1 or L2 regularisation adds a penalty on the weights'
size to the loss, and dropout silences a random share of the hidden neurons on every
batch (never when the network is evaluated), both to keep it from memorising noise.

Every neuron's own output over the plane is drawn: the first layer can only draw
straight lines (or whatever the features already bend), and each later layer combines
the shapes of the one before. A network with no hidden layer is logistic regression on
the features, so on circles it needs the squares, and on spirals it needs help.

The regression surfaces ask for a height instead of a class, as TensorFlow Playground's
do: the network ends in one output with no squashing, is trained on the mean squared
error, and is scored by R². The same hidden layers that bend a boundary bend a surface.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets import describe
from datasets.planes import PLANES, SURFACES, TABLES, sample_surface
from datasets.readonly import readonly
from explorers._classify import (GRID, SYNTHETIC, PlaneParams, Scores, Split, confusion, data_code,
                                 make_split, scores_of)
from explorers._classify import split as plane_split
from explorers._contract import choice, knob, literal, log_knob
from explorers._torch import global_rng, torch

NOTICE = (
    "Scrub through the training and watch the boundary form: the first layer's neurons are "
    "straight lines across the plane, and each later layer bends and combines them into the "
    "curves the output needs. Give the network the squares as features and circles become "
    "easy even with no hidden layer; take the hidden layers away on spirals and it cannot learn."
)
MISREADING = (
    "\"A falling training loss means the network is learning the pattern\": on noisy data a "
    "big network keeps lowering the training loss while the test loss turns and rises, which "
    "is memorising, and what L2 or dropout is there to stop. And a bigger network is not "
    "always better: on such data one layer of four neurons ends with a lower test loss than "
    "four layers of eight."
)
HEADLINE = "test_score"  # test accuracy, or R² for a regression surface

FEATURES = {  # preset name -> the input columns it feeds the network
    "x1, x2": ("x1", "x2"),
    "with squares": ("x1", "x2", "x1²", "x2²"),
    "with product": ("x1", "x2", "x1·x2"),
    "with sines": ("x1", "x2", "sin x1", "sin x2"),
    "all seven": ("x1", "x2", "x1²", "x2²", "x1·x2", "sin x1", "sin x2"),
}
# How each feature is computed from the standardised coordinates a and b (torch tensors):
# the same expression is pasted into the code snippet.
FEATURE_CODE = {"x1": "a", "x2": "b", "x1²": "a ** 2", "x2²": "b ** 2", "x1·x2": "a * b",
                "sin x1": "torch.sin(a)", "sin x2": "torch.sin(b)"}
ACTIVATIONS = {"tanh": "nn.Tanh()", "relu": "nn.ReLU()", "sigmoid": "nn.Sigmoid()", "linear": "nn.Identity()"}
REGRESSION = tuple(SURFACES)  # data sets whose target is a height, not a class
NEURON_GRID = 40  # the coarser grid of each neuron's small surface
N_CHECKPOINTS = 20  # output surfaces recorded during training (plus the initial one)


@dataclass(frozen=True)
class PlaygroundData(PlaneParams):
    """The classifier pages' data, plus TensorFlow Playground's regression surfaces."""

    HEADING = "Data"
    data: str = choice(
        "moons", options=(*PLANES, *TABLES, *SURFACES), label="Data",
        help="Classes to separate (synthetic shapes, then scikit-learn's real tables), or a "
             "height to fit (regression): " + describe(PLANES) + " " + describe(TABLES) + " "
             + describe(SURFACES),
    )
    noise: float = knob(0.25, lo=0.0, hi=1.0, step=0.05, label="Noise", when=("data", SYNTHETIC + REGRESSION),
                        help="How far points stray from their class's shape, or from the surface's height.")
    n_points: int = knob(500, lo=50, hi=1000, step=50, label="Points", when=("data", SYNTHETIC + REGRESSION),
                         help="Points drawn (real tables are used whole).")


@dataclass(frozen=True)
class Params(PlaygroundData):
    epochs: int = knob(100, lo=10, hi=300, step=10, label="Epochs",
                       help="Passes over the training points.")
    # The scrubber only picks a recorded moment of a cached training run.
    show: int = knob(100, lo=0, hi=100, step=5, label="Show training at (%)",
                     help="Scrub back through the training: the boundary and the test points as "
                          "they were after this share of the epochs (0 is the untrained network).")
    hidden_layers: int = knob(2, lo=0, hi=4, label="Hidden layers",
                              help="0 is logistic regression on the features; more layers can "
                                   "combine curves into more complicated shapes.")
    neurons: int = knob(4, lo=1, hi=8, label="Neurons per layer", help="Width of every hidden layer.")
    activation: str = choice("tanh", options=tuple(ACTIVATIONS), label="Activation",
                             help="How each hidden neuron bends its weighted sum. 'linear' does "
                                  "not bend at all, so any number of layers is still one straight line.")
    features: str = choice("x1, x2", options=tuple(FEATURES), label="Input features",
                           help="What the network is fed, computed from the standardised coordinates.")
    optimizer: str = choice("adam", options=("sgd", "adam"), label="Optimizer",
                            help="Plain stochastic gradient descent, or Adam (per-weight step sizes "
                                 "from running averages of the gradient).")
    learning_rate: float = log_knob(0.02, lo=0.001, hi=1.0, label="Learning rate",
                                    help="Step size. Too small crawls; too large bounces or diverges.")
    batch_size: float = log_knob(50.0, lo=10.0, hi=500.0, label="Batch size",
                                 help="Training points per step; 500 is the whole training set "
                                      "(full-batch gradient descent).")
    regularization: str = choice("none", options=("none", "L1", "L2"), label="Regularisation",
                                 help="A penalty on the weights' size added to the loss: L1 "
                                      "(sum of |w|) pushes weights to exactly zero, L2 (½ sum of w²) "
                                      "shrinks them all.")
    reg_rate: float = log_knob(0.001, lo=0.0001, hi=0.1, label="Regularisation rate",
                               when=("regularization", ("L1", "L2")),
                               help="How much the penalty weighs against the data's loss.")
    dropout: float = knob(0.0, lo=0.0, hi=0.5, step=0.05, label="Dropout",
                          help="Share of hidden neurons switched off at random on every training "
                               "batch (never when evaluating).")


@dataclass(frozen=True)
class Fit:
    """A regression network's scores: the counterpart of ``Scores`` for a height."""

    train_score: float  # R² on the training points
    test_score: float
    test_predicted: np.ndarray  # (n_test,) predicted height of each test point
    grid_value: np.ndarray  # (GRID, GRID) predicted height over the plane


@dataclass(frozen=True)
class Result:
    split: Split
    regression: bool  # a height to fit (R², mean squared error) rather than classes
    score_name: str  # "accuracy" or "R²"
    scores: Scores | Fit  # the trained network (at the last finite epoch)
    train_score: float  # accuracy, or R² for regression
    test_score: float
    train_loss: float  # cross-entropy (or mean squared error) without the penalty, dropout off
    test_loss: float
    feature_names: tuple[str, ...]
    epochs_run: int  # p.epochs, or fewer if training diverged
    diverged: bool
    epochs: np.ndarray  # (epochs_run + 1,) 0 .. epochs_run
    train_curve: np.ndarray  # loss after each epoch (epoch 0: the initial network)
    test_curve: np.ndarray
    checkpoints: np.ndarray  # (21,) the epoch at 0%, 5%, ... 100% of the training
    checkpoint_class: np.ndarray  # (21, GRID, GRID) predicted class; empty for regression
    checkpoint_confidence: np.ndarray  # (21, GRID, GRID) its probability (float16); the same
    checkpoint_value: np.ndarray  # (21, GRID, GRID) predicted height (float16); empty for classes
    checkpoint_test_predicted: np.ndarray  # (21, n_test) predicted class (or height) of each test point
    checkpoint_test_score: np.ndarray  # (21,) accuracy or R²
    checkpoint_train_score: np.ndarray
    show_epoch: int  # the checkpoint the scrubber picks
    shown: Scores | Fit  # the network at that checkpoint
    neuron_x: np.ndarray  # (NEURON_GRID,) the small surfaces' axes
    neuron_y: np.ndarray
    feature_surfaces: np.ndarray  # (features, NEURON_GRID, NEURON_GRID) each input feature
    neuron_surfaces: tuple  # per hidden layer, (neurons, NEURON_GRID, NEURON_GRID) activations
    weights: tuple  # per layer, (out, in) weight matrices, the output layer last
    biases: tuple


# ---- the network and one training run, resumable ----

def build(p: Params, n_classes: int):
    """The network for ``p``, initialised from torch's global generator (seeded by the caller)."""
    t = torch()
    nn = t.nn
    layers, width = [], len(FEATURES[p.features])
    for _ in range(p.hidden_layers):
        layers += [nn.Linear(width, p.neurons), _activation(p.activation)]
        if p.dropout > 0:
            layers.append(nn.Dropout(p.dropout))
        width = p.neurons
    layers.append(nn.Linear(width, outputs(n_classes)))
    return nn.Sequential(*layers)


def outputs(n_classes: int) -> int:
    """One output for a height (no classes) or two classes (one logit), else one per class."""
    return n_classes if n_classes > 2 else 1


def split(p: PlaneParams) -> Split:
    """The classifier pages' split, or a regression surface's (no classes: ``n_classes`` 0)."""
    if p.data in SURFACES:
        return _surface_split(p.data, p.noise, p.n_points, p.test_share, p.seed)
    return plane_split(p)


@lru_cache(maxsize=16)
def _surface_split(data, noise, n_points, test_share, seed) -> Split:
    from sklearn.model_selection import train_test_split

    X, y = sample_surface(data, n_points, noise, seed)
    parts = train_test_split(X, y, test_size=test_share, random_state=seed)
    return make_split(X, *parts, (), ("x₁", "x₂"))


def _activation(name):
    nn = torch().nn
    return {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid, "linear": nn.Identity}[name]()


def make_optimizer(p: Params, model):
    optim = torch().optim
    if p.optimizer == "sgd":
        return optim.SGD(model.parameters(), lr=p.learning_rate)
    # fused: one update for all weights at once, twice as fast as the default on a tiny network
    return optim.Adam(model.parameters(), lr=p.learning_rate, fused=True)


def data_loss(logits, y):
    """Mean squared error for a height (float targets); for classes, binary cross-entropy on
    one logit for two classes, cross-entropy on the softmax else."""
    F = torch().nn.functional
    if y.is_floating_point():
        return F.mse_loss(logits[:, 0], y)
    if logits.shape[1] == 1:
        return F.binary_cross_entropy_with_logits(logits[:, 0], y.float())
    return F.cross_entropy(logits, y)


def penalty(p: Params, model):
    """The regularisation term on the weights (not the biases): L1 sum |w|, L2 ½ sum w²."""
    weights = [m.weight for m in model if isinstance(m, torch().nn.Linear)]
    if p.regularization == "L1":
        return p.reg_rate * sum(w.abs().sum() for w in weights)
    if p.regularization == "L2":  # ½, so its gradient is reg_rate * w: torch's weight_decay
        return 0.5 * p.reg_rate * sum((w ** 2).sum() for w in weights)
    return None


def probabilities(logits):
    """(n, classes) class probabilities: the sigmoid of one logit, or the softmax."""
    t = torch()
    if logits.shape[1] == 1:
        p1 = t.sigmoid(logits[:, 0])
        return t.stack([1 - p1, p1], dim=1)
    return t.softmax(logits, dim=1)


@dataclass(frozen=True)
class State:
    """Everything training needs to carry on: the network, the optimizer and the random stream."""

    model: object
    optimizer: object
    rng: object  # torch's generator state: batch order and dropout masks
    epoch: int
    diverged: bool
    train_curve: tuple  # loss after each epoch so far (index 0: before training)
    test_curve: tuple


@dataclass(frozen=True)
class Tensors:
    X_train: object
    y_train: object
    X_test: object
    y_test: object
    n_classes: int


def tensors(p: Params) -> Tensors:
    s = split(p)
    mean, std = standardiser(s)
    t = torch()
    # Heights as float32, the network's own dtype; class labels stay integers.
    dtype = t.float32 if s.y_train.dtype.kind == "f" else None
    return Tensors(features(p, (s.X_train - mean) / std), t.tensor(s.y_train, dtype=dtype),
                   features(p, (s.X_test - mean) / std), t.tensor(s.y_test, dtype=dtype), s.n_classes)


def standardiser(s: Split):
    return s.X_train.mean(axis=0), s.X_train.std(axis=0)


def features(p: Params, Z: np.ndarray):
    """The network's input columns from standardised coordinates Z (n, 2), as float32."""
    t = torch()
    a, b = t.tensor(Z[:, 0], dtype=t.float32), t.tensor(Z[:, 1], dtype=t.float32)
    return t.stack([eval(FEATURE_CODE[f], {"torch": t, "a": a, "b": b}) for f in FEATURES[p.features]], dim=1)


def init(p: Params, data: Tensors) -> State:
    t = torch()
    with global_rng(p.seed):
        model = build(p, data.n_classes)
        rng = t.get_rng_state()
    loss_train, loss_test = _losses(model, data)
    return State(model, make_optimizer(p, model), rng, 0, False, (loss_train,), (loss_test,))


def train(p: Params, state: State, n_epochs: int, data: Tensors) -> State:
    """``n_epochs`` more epochs from ``state`` (left untouched): training resumes exactly."""
    t = torch()
    model, optimizer = copy.deepcopy((state.model, state.optimizer))
    train_curve, test_curve = list(state.train_curve), list(state.test_curve)
    epoch, diverged = state.epoch, state.diverged
    n = len(data.y_train)
    batch = int(p.batch_size)
    with global_rng(state=state.rng):
        for _ in range(n_epochs if not diverged else 0):
            saved = [w.detach().clone() for w in model.parameters()]
            model.train()
            order = t.randperm(n)
            for start in range(0, n, batch):
                rows = order[start:start + batch]
                loss = data_loss(model(data.X_train[rows]), data.y_train[rows])
                extra = penalty(p, model)
                if extra is not None:
                    loss = loss + extra
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            loss_train, loss_test = _losses(model, data)
            if not (np.isfinite(loss_train) and np.isfinite(loss_test)):
                # Diverged: keep the last finite network and stop, as the snippet does.
                with t.no_grad():
                    for w, kept in zip(model.parameters(), saved):
                        w.copy_(kept)
                diverged = True
                break
            epoch += 1
            train_curve.append(loss_train)
            test_curve.append(loss_test)
        rng = t.get_rng_state()
    return State(model, optimizer, rng, epoch, diverged, tuple(train_curve), tuple(test_curve))


def _losses(model, data: Tensors) -> tuple[float, float]:
    t = torch()
    model.eval()
    with t.no_grad():
        return (float(data_loss(model(data.X_train), data.y_train)),
                float(data_loss(model(data.X_test), data.y_test)))


# ---- what the page shows ----

def run(p: Params) -> Result:
    fit = _fit(dataclasses.replace(p, show=100))  # scrubbing never retrains
    i = checkpoint_index(p)
    shown = checkpoint_scores(fit, i)
    return readonly(dataclasses.replace(fit, show_epoch=int(fit.checkpoints[i]), shown=shown))


def checkpoint_index(p: Params) -> int:
    """Which recorded checkpoint the scrubber picks: one every 5% of the training."""
    return int(round(p.show / 100 * N_CHECKPOINTS))


def checkpoint_scores(r: Result, i: int) -> Scores | Fit:
    """The network as it was at checkpoint ``i``, as the surface figure wants it."""
    if r.regression:
        return Fit(train_score=float(r.checkpoint_train_score[i]), test_score=float(r.checkpoint_test_score[i]),
                   test_predicted=r.checkpoint_test_predicted[i].astype(float),
                   grid_value=r.checkpoint_value[i].astype(float))
    s, k = r.split, r.split.n_classes
    predicted = r.checkpoint_test_predicted[i].astype(int)
    return Scores(
        train_accuracy=float(r.checkpoint_train_score[i]),
        test_accuracy=float(r.checkpoint_test_score[i]),
        confusion=confusion(s.y_test, predicted, k),
        test_predicted=predicted, grid_class=r.checkpoint_class[i].astype(int),
        grid_confidence=r.checkpoint_confidence[i].astype(float),
    )


def score_of(scores: Scores | Fit, part: str) -> float:
    """Train or test accuracy of a classifier's Scores, or R² of a regression's Fit."""
    return getattr(scores, f"{part}_accuracy" if isinstance(scores, Scores) else f"{part}_score")


@lru_cache(maxsize=16)
def _fit(p: Params) -> Result:
    s = split(p)
    data = tensors(p)
    mean, std = standardiser(s)
    grid = features(p, (s.grid - mean) / std)
    state = init(p, data)
    regression = s.n_classes == 0
    # Epochs at 0%, 5%, ... 100% of the training (repeats when there are fewer than 20
    # epochs, or after a divergence: the same network is recorded again).
    marks = np.linspace(0, p.epochs, N_CHECKPOINTS + 1).round().astype(int)
    checkpoints, shots = [], []
    for mark in marks:
        if mark > state.epoch and not state.diverged:
            state = train(p, state, int(mark - state.epoch), data)
        checkpoints.append(state.epoch)
        shots.append(snapshot(state.model, grid, data, s))
    model, scores = state.model, shots[-1]  # the last checkpoint is the trained network
    # 21 surfaces are kept in compact types: classes as int8, probabilities and heights as
    # float16 (half the memory, and more precision than a colour shows).
    empty = np.zeros((0, GRID, GRID))
    if regression:
        classes = confidences = empty
        values = np.stack([f.grid_value for f in shots]).astype(np.float16)
        test_predicted = np.stack([f.test_predicted for f in shots]).astype(np.float32)
    else:
        values = empty
        classes = np.stack([f.grid_class for f in shots]).astype(np.int8)
        confidences = np.stack([f.grid_confidence for f in shots]).astype(np.float16)
        test_predicted = np.stack([f.test_predicted for f in shots]).astype(np.int8)
    nx = np.linspace(s.grid_x[0], s.grid_x[-1], NEURON_GRID)
    ny = np.linspace(s.grid_y[0], s.grid_y[-1], NEURON_GRID)
    gx, gy = np.meshgrid(nx, ny)
    small = features(p, (np.column_stack([gx.ravel(), gy.ravel()]) - mean) / std)
    linears = [m for m in model if isinstance(m, torch().nn.Linear)]
    result = Result(
        split=s, regression=regression, score_name="R²" if regression else "accuracy", scores=scores,
        train_score=score_of(scores, "train"), test_score=score_of(scores, "test"),
        train_loss=state.train_curve[-1], test_loss=state.test_curve[-1],
        feature_names=FEATURES[p.features], epochs_run=state.epoch, diverged=state.diverged,
        epochs=np.arange(state.epoch + 1), train_curve=np.array(state.train_curve),
        test_curve=np.array(state.test_curve), checkpoints=np.array(checkpoints),
        checkpoint_class=classes, checkpoint_confidence=confidences, checkpoint_value=values,
        checkpoint_test_predicted=test_predicted,
        checkpoint_test_score=np.array([score_of(f, "test") for f in shots]),
        checkpoint_train_score=np.array([score_of(f, "train") for f in shots]),
        show_epoch=state.epoch, shown=scores, neuron_x=nx, neuron_y=ny,
        feature_surfaces=small.numpy().T.reshape(-1, NEURON_GRID, NEURON_GRID).astype(float),
        neuron_surfaces=tuple(h.reshape(-1, NEURON_GRID, NEURON_GRID) for h in hidden_outputs(model, small)),
        weights=tuple(m.weight.detach().numpy().astype(float) for m in linears),
        biases=tuple(m.bias.detach().numpy().astype(float) for m in linears),
    )
    return readonly(result)


def snapshot(model, grid, data: Tensors, s: Split) -> Scores | Fit:
    """The network's scores as it is now (dropout off): over the grid, on the test points
    and on the training points."""
    t = torch()
    model.eval()
    with t.no_grad():
        out_grid, out_test, out_train = (model(X) for X in (grid, data.X_test, data.X_train))
    if data.n_classes == 0:
        test_pred, train_pred = (out[:, 0].numpy().astype(float) for out in (out_test, out_train))
        fit = Fit(train_score=r2(s.y_train, train_pred), test_score=r2(s.y_test, test_pred),
                  test_predicted=test_pred, grid_value=out_grid[:, 0].numpy().astype(float).reshape(GRID, GRID))
        readonly((fit.test_predicted, fit.grid_value))
        return fit
    proba = probabilities(out_grid).numpy()
    test_pred, train_pred = (probabilities(out).numpy().argmax(axis=1) for out in (out_test, out_train))
    return scores_of(s, train_pred, test_pred, proba.argmax(axis=1).reshape(GRID, GRID), proba.max(axis=1))


def r2(y: np.ndarray, predicted: np.ndarray) -> float:
    """The coefficient of determination, scikit-learn's ``r2_score``: 1 is a perfect fit,
    0 is no better than predicting the mean height everywhere, and it can go below 0."""
    return float(1 - np.sum((y - predicted) ** 2) / np.sum((y - np.mean(y)) ** 2))


def hidden_outputs(model, X) -> list[np.ndarray]:
    """Each hidden layer's activations (neurons, n) in eval mode (dropout off)."""
    t = torch()
    model.eval()
    outputs, h = [], X
    with t.no_grad():
        for module in model:
            h = module(h)
            if not isinstance(module, (t.nn.Linear, t.nn.Dropout)) and module is not model[-1]:
                outputs.append(h.numpy().T.astype(float))
    return outputs


def code(p: Params) -> str:
    s = split(p)
    cols = ", ".join(FEATURE_CODE[f] for f in FEATURES[p.features])
    layers, width = [], len(FEATURES[p.features])
    for _ in range(p.hidden_layers):
        layers.append(f"nn.Linear({width}, {p.neurons}), {ACTIVATIONS[p.activation]},")
        if p.dropout > 0:
            layers.append(f"nn.Dropout({literal(p.dropout)}),")
        width = p.neurons
    two, regression = s.n_classes == 2, s.n_classes == 0
    layers.append(f"nn.Linear({width}, {outputs(s.n_classes)}),")
    body = "\n    ".join(layers)
    opt = "SGD" if p.optimizer == "sgd" else "Adam"
    fused = "" if p.optimizer == "sgd" else ", fused=True"
    if regression:
        loss_def = ("def data_loss(out, y):  # one output, the height: mean squared error\n"
                    "    return F.mse_loss(out[:, 0], y)")
    elif two:
        loss_def = ("def data_loss(logits, y):  # one logit: sigmoid + binary cross-entropy\n"
                    "    return F.binary_cross_entropy_with_logits(logits[:, 0], y.float())\n\n\n"
                    "def predict(logits):\n"
                    "    p1 = torch.sigmoid(logits[:, 0])\n"
                    "    return torch.stack([1 - p1, p1], dim=1).argmax(dim=1)")
    else:
        loss_def = ("def data_loss(logits, y):  # one logit per class: softmax + cross-entropy\n"
                    "    return F.cross_entropy(logits, y)\n\n\n"
                    "def predict(logits):\n"
                    "    return torch.softmax(logits, dim=1).argmax(dim=1)")
    if p.regularization == "none":
        reg = ""
    else:
        term = ("w.abs().sum()" if p.regularization == "L1" else "(w ** 2).sum()")
        scale = literal(p.reg_rate) if p.regularization == "L1" else f"0.5 * {literal(p.reg_rate)}"
        reg = (f"\n        # {p.regularization} penalty on the weights (not the biases)\n"
               f"        loss = loss + {scale} * sum({term} for w in weights)")
    return f'''\
{data_code(p)}

import torch
from torch import nn
from torch.nn import functional as F

torch.set_num_threads(1)  # tiny network: one thread is faster, and repeatable

# Standardise on the training set, then compute the input features.
mean, std = X_train.mean(axis=0), X_train.std(axis=0)


def features(X):
    Z = (X - mean) / std
    a = torch.as_tensor(Z[:, 0], dtype=torch.float32)
    b = torch.as_tensor(Z[:, 1], dtype=torch.float32)
    return torch.stack([{cols}], dim=1)


X_tr, X_te = features(X_train), features(X_test)
y_tr, y_te = torch.as_tensor(y_train{", dtype=torch.float32" if regression else ""}), torch.as_tensor(y_test{", dtype=torch.float32" if regression else ""})

torch.manual_seed({p.seed})  # the initial weights, the batch order and the dropout masks
model = nn.Sequential(
    {body}
)
weights = [m.weight for m in model if isinstance(m, nn.Linear)]
optimizer = torch.optim.{opt}(model.parameters(), lr={literal(p.learning_rate)}{fused})


{loss_def}


for epoch in range({p.epochs}):
    saved = [w.detach().clone() for w in model.parameters()]
    model.train()  # dropout on
    order = torch.randperm(len(y_tr))
    for start in range(0, len(y_tr), {int(p.batch_size)}):
        rows = order[start:start + {int(p.batch_size)}]
        loss = data_loss(model(X_tr[rows]), y_tr[rows]){reg}
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()  # dropout off
    with torch.no_grad():
        train_loss = float(data_loss(model(X_tr), y_tr))
        test_loss = float(data_loss(model(X_te), y_te))
    if not (np.isfinite(train_loss) and np.isfinite(test_loss)):
        with torch.no_grad():  # diverged: keep the last finite network
            for w, kept in zip(model.parameters(), saved):
                w.copy_(kept)
        print(f"training diverged in epoch {{epoch + 1}}")
        break
    if (epoch + 1) % max(1, {p.epochs} // 5) == 0:
        print(f"epoch {{epoch + 1}}: train loss {{train_loss:.4f}}, test loss {{test_loss:.4f}}")

{REGRESSION_SCORES if regression else CLASS_SCORES}
'''


CLASS_SCORES = """\
model.eval()
with torch.no_grad():
    train_accuracy = float((predict(model(X_tr)) == y_tr).float().mean())
    test_accuracy = float((predict(model(X_te)) == y_te).float().mean())
print(f"train accuracy {train_accuracy:.3f}   test accuracy {test_accuracy:.3f}")
test_score = test_accuracy  # the page's headline number"""

REGRESSION_SCORES = """\
from sklearn.metrics import r2_score

model.eval()
with torch.no_grad():
    train_score = r2_score(y_train, model(X_tr)[:, 0].numpy().astype(float))
    test_score = r2_score(y_test, model(X_te)[:, 0].numpy().astype(float))
print(f"train R² {train_score:.3f}   test R² {test_score:.3f}")"""
