"""What a small CNN learns on handwritten digits
==============================================

scikit-learn's digits are 1,797 handwritten digits, each an 8×8 image of ink counts from
0 to 16. A convolutional network reads such an image through *filters*: small square
grids of weights (3×3, 5×5, …) that slide over the picture and, at every position, add
up the pixels they cover, each times its weight. Where the pixels look like the filter
the sum is large; a ReLU keeps only those positive answers, and the result is one
*feature map* per filter: where in the image that pattern occurs. Max pooling then keeps
the strongest answer of each 2×2 block, halving the map, so a second convolutional layer
looks at patterns of patterns over a wider patch of the digit. A last linear layer turns
the pooled maps into one score per digit, read through the softmax as probabilities.

Nobody designs the filters: they start as random numbers and training (Adam on the
cross-entropy, in shuffled mini-batches) moves every weight a little downhill after each
batch. Red weights add the pixel under them, blue ones subtract it, so a filter with red
on one side and blue on the other answers to an edge. On 8×8 images a first layer of
3×3 filters mostly learns such edges and strokes; the digit's identity only appears in
the combination of many maps.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets import safe_image
from datasets.readonly import readonly
from explorers._contract import knob, literal, log_knob
from explorers._memo import Memo
from explorers._torch import generator, global_rng, torch

NOTICE = (
    "The first-layer filters start as noise and, after a few epochs, many look like small "
    "edge and stroke detectors: red where ink should be, blue where it should not. Pick a test "
    "image and follow it through the layers: each feature map lights up where its filter's "
    "pattern occurs, and the confidently wrong examples are often digits a person would misread too."
)
MISREADING = (
    "\"Each filter detects one digit part, like a loop of an 8\": first-layer filters are tiny "
    "local edge and contrast detectors, no single map or filter stands for a digit, and the "
    "class only emerges from the combination of all maps in the last layer. High confidence is "
    "not correctness either: the network's most confident mistakes sit above 90%."
)
HEADLINE = "test_accuracy"

TEST_SHARE = 0.25  # a fixed share, so the test-image slider has the same range for every seed
N_TEST = 450  # ceil(0.25 × 1,797): what train_test_split holds out
BATCH = 128  # 11 steps an epoch: half the time of 64, with the same accuracy at the defaults
N_WRONG = 8  # confidently wrong test examples shown
CANVAS = 192  # the drawing pad's side in pixels: 32 × 6, so the 32×32 bitmap divides it evenly


@dataclass(frozen=True)
class Params:
    filters: int = knob(8, lo=2, hi=16, step=2, label="Filters per layer",
                        help="How many filters each convolutional layer learns: one feature map each.")
    kernel: int = knob(3, lo=3, hi=7, step=2, label="Kernel size",
                       help="Width of each square filter in pixels (3 is 3×3). On an 8×8 image a "
                            "7×7 filter sees almost the whole digit at once.")
    layers: int = knob(2, lo=1, hi=2, label="Conv layers",
                       help="One or two convolution + ReLU + 2×2 max-pool blocks before the "
                            "linear layer that scores the ten digits.")
    epochs: int = knob(10, lo=1, hi=20, label="Epochs", help="Passes over the 1,347 training images.")
    learning_rate: float = log_knob(0.01, lo=0.0001, hi=1.0, label="Learning rate",
                                    help="Adam's step size. Too small barely moves the filters in "
                                         "a few epochs; too large bounces or diverges.")
    image: int = knob(0, lo=0, hi=N_TEST - 1, label="Test image",
                      help="Which held-out test image to follow through the layers.")
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seed of the train/test split, the initial weights and the batch order.")


@dataclass(frozen=True)
class Result:
    test_accuracy: float
    train_accuracy: float
    epochs_run: int  # p.epochs, or fewer if training diverged
    diverged: bool
    epochs: np.ndarray  # (epochs_run + 1,) 0 .. epochs_run
    train_loss: np.ndarray  # cross-entropy after each epoch (index 0: the untrained network)
    test_loss: np.ndarray
    train_curve: np.ndarray  # accuracy after each epoch
    test_curve: np.ndarray
    weights: tuple  # conv1 weight, conv1 bias, [conv2 weight, conv2 bias], linear weight, bias
    filters: np.ndarray  # (filters, kernel, kernel) the first layer's learned weights
    start_filters: np.ndarray  # the same filters before training: their random start
    X_test: np.ndarray  # (N_TEST, 8, 8) test images on the digits' 0–16 scale
    y_test: np.ndarray
    predicted: np.ndarray  # (N_TEST,) predicted digit of each test image
    confidence: np.ndarray  # (N_TEST,) its probability
    confusion: np.ndarray  # (10, 10) rows true, columns predicted
    wrong: np.ndarray  # indices of the most confidently wrong test images, most confident first
    image: int  # the test image followed through the layers
    maps: tuple  # its feature maps per conv layer, (filters, side, side) after the ReLU
    probabilities: np.ndarray  # (10,) the network's probabilities for it


# ---- data ----

@lru_cache(maxsize=8)
def split(seed: int):
    """(X_train, X_test, y_train, y_test): digits as (n, 8, 8) on the 0–16 scale, stratified."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    parts = train_test_split(X.reshape(-1, 8, 8), y, test_size=TEST_SHARE, stratify=y, random_state=seed)
    return readonly(tuple(parts))


def as_input(images: np.ndarray):
    """(n, 8, 8) images on the 0–16 scale -> a float32 (n, 1, 8, 8) tensor on 0–1."""
    t = torch()
    return t.tensor(np.asarray(images, float).reshape(-1, 1, 8, 8) / 16.0, dtype=t.float32)


# ---- the network ----

def build(p: Params):
    """The CNN for ``p``, initialised from torch's global generator (seeded by the caller)."""
    nn = torch().nn
    blocks, channels, side = [], 1, 8
    for _ in range(p.layers):
        blocks += [nn.Conv2d(channels, p.filters, p.kernel, padding=p.kernel // 2), nn.ReLU(), nn.MaxPool2d(2)]
        channels, side = p.filters, side // 2
    return nn.Sequential(*blocks, nn.Flatten(), nn.Linear(channels * side * side, 10))


def forward(weights: tuple, x, layers: int):
    """The network written out as F.conv2d -> ReLU -> max-pool per layer, then the linear
    layer: ``(feature maps after each ReLU, logits)``. The page draws these maps; a test
    checks they are the nn.Sequential's own intermediate outputs."""
    t = torch()
    F = t.nn.functional
    w = [t.tensor(a) for a in weights]  # copies: the stored weights are read-only
    maps, h = [], x
    with t.no_grad():
        for i in range(layers):
            kernel = w[2 * i]
            h = F.relu(F.conv2d(h, kernel, w[2 * i + 1], padding=kernel.shape[-1] // 2))
            maps.append(h)
            h = F.max_pool2d(h, 2)
        logits = F.linear(h.flatten(1), w[-2], w[-1])
    return maps, logits




def train(p: Params, progress=None):
    """Train the CNN for ``p``: ``(model, history dict)``. Batches come from a seeded
    torch.Generator; a non-finite loss stops training and keeps the last finite network."""
    t = torch()
    F = t.nn.functional
    X_train, X_test, y_train, y_test = split(p.seed)
    xs, xt = as_input(X_train), as_input(X_test)
    ys, yt = t.tensor(y_train), t.tensor(y_test)  # copies: the split is read-only
    with global_rng(p.seed):
        model = build(p)
    optimizer = t.optim.Adam(model.parameters(), lr=p.learning_rate)
    batches = generator(p.seed)
    history = {k: [] for k in ("train_loss", "test_loss", "train_acc", "test_acc")}

    def record():
        model.eval()
        with t.no_grad():
            for x, y, name in ((xs, ys, "train"), (xt, yt, "test")):
                logits = model(x)
                history[f"{name}_loss"].append(float(F.cross_entropy(logits, y)))
                history[f"{name}_acc"].append(float((logits.argmax(dim=1) == y).float().mean()))

    record()
    diverged = False
    for epoch in range(p.epochs):
        saved = [w.detach().clone() for w in model.parameters()]
        model.train()
        order = t.randperm(len(ys), generator=batches)
        for start in range(0, len(ys), BATCH):
            rows = order[start:start + BATCH]
            loss = F.cross_entropy(model(xs[rows]), ys[rows])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        record()
        if not all(np.isfinite(v[-1]) for v in history.values()):
            with t.no_grad():  # diverged: keep the last finite network, as the snippet does
                for w, kept in zip(model.parameters(), saved):
                    w.copy_(kept)
            for v in history.values():
                v.pop()
            diverged = True
            break
        if progress is not None:
            progress((epoch + 1) / p.epochs, f"Training: epoch {epoch + 1} of {p.epochs}")
    model.eval()
    return model, history, diverged


def parameters(model) -> tuple:
    """The network's weights as read-only float32 numpy arrays, in :func:`forward`'s order."""
    return readonly(tuple(w.detach().numpy().copy() for w in model.parameters()))


# ---- what the page shows ----

def run(p: Params, progress=None) -> Result:
    key = (p.filters, p.kernel, p.layers, p.epochs, p.learning_rate, p.seed)
    fit = _FITS.get(key, lambda report: _fit(*key, progress=report), progress=progress)
    maps, probs = predict(fit, fit["X_test"][p.image], p.layers)
    return Result(image=p.image, maps=maps, probabilities=probs, **fit)


def predict(fit, image: np.ndarray, layers: int):
    """Feature maps of one 8×8 image (0–16 scale) and the ten class probabilities."""
    weights = fit.weights if isinstance(fit, Result) else fit["weights"]
    maps, logits = forward(weights, as_input(image), layers)
    probs = torch().softmax(logits, dim=1)[0].numpy().astype(float)
    return readonly(tuple(m[0].numpy().astype(float) for m in maps)), readonly(probs)


# The image slider only picks another test image of the same training, so trainings are
# remembered on the rest.
_FITS = Memo(8)


def _fit(filters, kernel, layers, epochs, learning_rate, seed, progress=None) -> dict:
    p = Params(filters=filters, kernel=kernel, layers=layers, epochs=epochs,
               learning_rate=learning_rate, seed=seed)
    _, X_test, _, y_test = split(seed)
    model, h, diverged = train(p, progress)
    weights = parameters(model)
    with global_rng(seed):  # the start train() drew from the same seeded stream
        start = build(p)[0].weight.detach().numpy()[:, 0].astype(float)
    with torch().no_grad():
        proba = torch().softmax(model(as_input(X_test)), dim=1).numpy().astype(float)
    predicted, confidence = proba.argmax(axis=1), proba.max(axis=1)
    wrong = np.flatnonzero(predicted != y_test)
    wrong = wrong[np.argsort(-confidence[wrong], kind="stable")][:N_WRONG]
    confusion = np.bincount(y_test * 10 + predicted, minlength=100).reshape(10, 10)
    fit = dict(
        test_accuracy=h["test_acc"][-1], train_accuracy=h["train_acc"][-1],
        epochs_run=len(h["test_acc"]) - 1, diverged=diverged,
        epochs=np.arange(len(h["test_acc"])), train_loss=np.array(h["train_loss"]),
        test_loss=np.array(h["test_loss"]), train_curve=np.array(h["train_acc"]),
        test_curve=np.array(h["test_acc"]), weights=weights,
        filters=weights[0][:, 0].astype(float), start_filters=start, X_test=X_test, y_test=y_test,
        predicted=predicted, confidence=confidence, confusion=confusion, wrong=wrong,
    )
    return readonly(fit)


# ---- a digit drawn by the learner ----

# The pad sends its picture as a PNG data URL of exactly CANVAS × CANVAS pixels (fabric.js's
# toDataURL at multiplier 1). Room is left for twice that a side, should a browser export at
# its pixel ratio; anything larger is no drawing of this pad, and is refused before a pixel
# of it is decoded: a scripted client can send a 4000 × 4000 PNG in a 94 kB message.
DRAWING = safe_image.Limits(max_bytes=5 * (2 * CANVAS) ** 2, max_pixels=(2 * CANVAS) ** 2,
                            side=CANVAS, max_aspect=2.0, min_side=8)


def drawn_digit(data_url: object) -> np.ndarray:
    """The pad's ``data:image/png;base64,...`` value -> the 8×8 image the network reads.

    Raises ``safe_image.ImageRefused`` (a message for a person) for anything that is not a
    drawing of this pad. Stays in uint8 until the 8×8 counts.
    """
    return downscale(ink_from_grey(safe_image.decode_data_url(data_url, DRAWING)))


def ink_from_grey(grey: np.ndarray) -> np.ndarray:
    """Grey pixels (strokes on white; transparency already laid over white) -> ink, 0–255."""
    return 255 - np.asarray(grey, np.uint8)


def downscale(ink: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """An (h, w) drawing's ink (0–255 as uint8, or 0–1) -> an 8×8 image on the digits' 0–16 scale.

    The way the digits themselves were made: the ink's bounding box, centred in a square,
    becomes a 32×32 bitmap, and each 4×4 block of it counts its inked pixels (0–16).
    An empty drawing gives an all-zero image.
    """
    ink = np.asarray(ink)
    inked = ink >= threshold * (255 if ink.dtype == np.uint8 else 1.0)  # bits first: no float copy
    rows, cols = np.flatnonzero(inked.any(axis=1)), np.flatnonzero(inked.any(axis=0))
    if rows.size == 0:
        return np.zeros((8, 8))
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    size = max(bottom - top, right - left)
    square = np.zeros((size, size), bool)
    dy, dx = (size - (bottom - top)) // 2, (size - (right - left)) // 2
    square[dy:dy + bottom - top, dx:dx + right - left] = inked[top:bottom, left:right]
    # 32×32 cells, each read at its centre (nearest neighbour).
    centres = ((np.arange(32) + 0.5) * size / 32).astype(int)
    bits = square[np.ix_(centres, centres)]
    return bits.reshape(8, 4, 8, 4).sum(axis=(1, 3)).astype(float)


# ---- the code a learner copies ----

def code(p: Params) -> str:
    blocks, channels, side = [], 1, 8
    for _ in range(p.layers):
        blocks.append(f"nn.Conv2d({channels}, {p.filters}, kernel_size={p.kernel}, padding={p.kernel // 2}), "
                      "nn.ReLU(), nn.MaxPool2d(2),")
        channels, side = p.filters, side // 2
    body = "\n    ".join(blocks)
    return f'''\
import numpy as np
import torch
from torch import nn
from torch.nn import functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

torch.set_num_threads(1)  # a tiny network: one thread is faster, and repeatable

X, y = load_digits(return_X_y=True)  # 1,797 images of 8x8 ink counts 0-16
X_train, X_test, y_train, y_test = train_test_split(
    X.reshape(-1, 8, 8), y, test_size={TEST_SHARE}, stratify=y, random_state={p.seed})


def as_input(images):  # (n, 8, 8) on 0-16 -> (n, 1, 8, 8) float32 on 0-1
    return torch.tensor(np.asarray(images, float).reshape(-1, 1, 8, 8) / 16.0, dtype=torch.float32)


xs, xt = as_input(X_train), as_input(X_test)
ys, yt = torch.as_tensor(y_train), torch.as_tensor(y_test)

torch.manual_seed({p.seed})  # the initial weights
model = nn.Sequential(
    {body}
    nn.Flatten(), nn.Linear({channels * side * side}, 10),
)
optimizer = torch.optim.Adam(model.parameters(), lr={literal(p.learning_rate)})
batches = torch.Generator().manual_seed({p.seed})  # the batch order


def evaluate(x, y):
    model.eval()
    with torch.no_grad():
        logits = model(x)
        return float(F.cross_entropy(logits, y)), float((logits.argmax(dim=1) == y).float().mean())


for epoch in range({p.epochs}):
    saved = [w.detach().clone() for w in model.parameters()]
    model.train()
    order = torch.randperm(len(ys), generator=batches)
    for start in range(0, len(ys), {BATCH}):
        rows = order[start:start + {BATCH}]
        loss = F.cross_entropy(model(xs[rows]), ys[rows])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    train_loss, train_accuracy = evaluate(xs, ys)
    test_loss, test_accuracy = evaluate(xt, yt)
    if not np.isfinite([train_loss, test_loss]).all():
        with torch.no_grad():  # diverged: keep the last finite network
            for w, kept in zip(model.parameters(), saved):
                w.copy_(kept)
        print(f"training diverged in epoch {{epoch + 1}}")
        break
    print(f"epoch {{epoch + 1}}: train loss {{train_loss:.4f}}, test loss {{test_loss:.4f}}")

train_loss, train_accuracy = evaluate(xs, ys)
test_loss, test_accuracy = evaluate(xt, yt)
print(f"train accuracy {{train_accuracy:.4f}}   test accuracy {{test_accuracy:.4f}}")
'''
