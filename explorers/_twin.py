"""One small network written twice, in PyTorch and in Keras 3 running on PyTorch, trained
from the same first weights on the same data with the same optimizer.

The two losses per epoch agree to float32 rounding: Keras 3's ``Dense`` on the torch backend
is a ``torch.matmul`` and an add, and its SGD is PyTorch's step. Its Adam differs only in where
epsilon enters (before the bias correction, where PyTorch adds it after; both set to 1e-7
here, PyTorch's default being 1e-8). With a large step, training amplifies such tiny
differences, and the curves part: that is chaos in the training, not a bug in either. The listings are the code
this module runs: ``listings`` writes them and ``_train`` executes them, so the page cannot
show one thing and train another.

Keras is imported only here, and only when this view is chosen (``KERAS_BACKEND`` must be
set before its import; there is no TensorFlow). Its first import costs seconds, which the
progress bar says.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets.readonly import readonly
from explorers._contract import literal
from explorers._memo import Memo

N_POINTS = 200
NOISE = 0.25
OPTIMIZERS = ("Adam", "SGD")


def data_code(seed: int) -> str:
    return f'''\
import os
os.environ["KERAS_BACKEND"] = "torch"  # before Keras is imported: Keras 3 on PyTorch, no TensorFlow
import keras
import numpy as np
import torch
from sklearn.datasets import make_moons

torch.set_num_threads(1)
X, y = make_moons({N_POINTS}, noise={NOISE}, random_state={seed})  # two interleaved half-moons
X, y = X.astype("float32"), y.astype("float32").reshape(-1, 1)
'''


def torch_code(hidden: int, lr: float, epochs: int, optimizer: str, seed: int) -> str:
    opt = (f"torch.optim.Adam(net.parameters(), lr={literal(lr)}, eps=1e-7)  # Keras's epsilon"
           if optimizer == "Adam" else f"torch.optim.SGD(net.parameters(), lr={literal(lr)})")
    return f'''\
# PyTorch: the layers draw their first weights from torch's global generator.
torch.manual_seed({seed})
net = torch.nn.Sequential(torch.nn.Linear(2, {hidden}), torch.nn.Tanh(), torch.nn.Linear({hidden}, 1))
start = [w.detach().clone() for w in net.parameters()]  # the same start, for Keras
optimizer = {opt}
loss_fn = torch.nn.BCEWithLogitsLoss()
inputs, targets = torch.from_numpy(X), torch.from_numpy(y)
torch_losses = []
for epoch in range({epochs}):  # one full batch per epoch
    optimizer.zero_grad()
    loss = loss_fn(net(inputs), targets)
    loss.backward()
    optimizer.step()
    torch_losses.append(loss.item())
with torch.no_grad():
    torch_accuracy = ((net(inputs) > 0).float() == targets).float().mean().item()
'''


def keras_code(hidden: int, lr: float, epochs: int, optimizer: str, reporting: bool = False) -> str:
    opt = f"keras.optimizers.{optimizer}(learning_rate={literal(lr)})"
    # The page's own run passes a callback that moves its progress bar; the listing has none.
    callbacks = ",\n                    callbacks=CALLBACKS" if reporting else ""
    return f'''\
# Keras 3: the same layers, given PyTorch's first weights. A torch Linear keeps its
# weight as (out, in), a Keras Dense its kernel as (in, out): transpose the matrices.
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense({hidden}, activation="tanh"),
                          keras.layers.Dense(1)])
model.set_weights([w.numpy().T if w.ndim == 2 else w.numpy() for w in start])
model.compile(optimizer={opt},
              loss=keras.losses.BinaryCrossentropy(from_logits=True))
history = model.fit(X, y, batch_size=len(X), epochs={epochs}, shuffle=False, verbose=0{callbacks})
keras_losses = history.history["loss"]
keras_accuracy = float(np.mean((model.predict(X, verbose=0) > 0) == y))
'''


@dataclass(frozen=True)
class Twin:
    epochs: np.ndarray  # 1..E
    torch_loss: np.ndarray  # the loss of each epoch's batch, before its step
    keras_loss: np.ndarray  # Keras's history["loss"]: the same
    torch_accuracy: float  # training accuracy after the last step
    keras_accuracy: float

    @property
    def gap(self) -> float:
        """The largest difference between the two curves at any epoch."""
        return float(np.max(np.abs(self.torch_loss - self.keras_loss)))


_TRAINED = Memo(16, max_bytes=2**20)  # a revisit, or a move of another view's control, is instant


def twin(hidden: int, lr: float, epochs: int, optimizer: str, seed: int, progress=None) -> Twin:
    key = (hidden, lr, epochs, optimizer, seed)
    return _TRAINED.get(key, lambda report: _train(*key, report), progress=progress)


@lru_cache(maxsize=1)
def keras():
    """Keras 3 on the PyTorch backend (the variable must be set before its first import)."""
    os.environ["KERAS_BACKEND"] = "torch"
    import keras as _keras

    return _keras


def _unlisted() -> None:
    # While "keras" is in sys.modules, Streamlit calls keras.backend.clear_session() after
    # every script run of every session (script_runner._clean_problem_modules), and that runs
    # gc.collect(): 100-400 ms added to every slider move on every page, measured, and a
    # session cleared in the middle of another's training. Our models live in one function
    # call and keep no Keras session state, so the package is kept here (``keras()`` holds
    # it) and taken out of the list Streamlit looks in; its submodules stay imported.
    sys.modules.pop("keras", None)


def _train(hidden: int, lr: float, epochs: int, optimizer: str, seed: int, report) -> Twin:
    from explorers._torch import global_rng, torch

    say = report or (lambda fraction, text: None)
    say(0.02, "Loading Keras (the first time only)…")
    k = keras()

    class Progress(k.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            say(0.3 + 0.7 * (epoch + 1) / epochs, f"Keras: epoch {epoch + 1} of {epochs}")

    say(0.1, f"PyTorch: {epochs} epochs")
    space = {"CALLBACKS": [Progress()], "__name__": "twin"}
    source = (data_code(seed) + torch_code(hidden, lr, epochs, optimizer, seed)
              + keras_code(hidden, lr, epochs, optimizer, reporting=True))
    torch()  # one thread, as the listing sets too
    # The listing seeds torch's global generator (so a learner's copy runs as is), and Keras
    # may draw from it when it builds layers: one training at a time in the process, and the
    # generator put back as it was.
    with global_rng():
        try:
            sys.modules["keras"] = k  # for the listing's own "import keras"
            exec(compile(source, "<tensors: PyTorch and Keras>", "exec"), space)
        finally:
            _unlisted()
    return readonly(Twin(np.arange(1, epochs + 1), np.array(space["torch_losses"]),
                         np.array(space["keras_losses"], dtype=float),
                         float(space["torch_accuracy"]), float(space["keras_accuracy"])))
