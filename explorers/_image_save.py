"""The image project's save step: a fitted model written to bytes and loaded back.

Everything is written to memory (``io.BytesIO``), never to the server's disk, and only
bytes written here, a moment before, are loaded: loading a pickle (joblib's format) runs
whatever code the file names, so a page never loads one it did not write itself. skops
writes no pickle: ``get_untrusted_types`` lists the types its file needs beyond the ones
it trusts by default, and ``loads`` refuses the file unless they are passed as trusted,
which is the audit a person does before loading someone else's model.

``skops.io`` walks scikit-learn (and torch) on import, 2–4 s: imported here, on the save
step only.
"""

from __future__ import annotations

import io
import time

import numpy as np

from explorers import cnn_filters as cnn
from explorers._image_fit import Fit
from explorers._memo import Memo


def saved(fit: Fit, format: str):
    """The chosen format's round trip. Both formats are written once per fit (the chart
    compares their sizes), so the format control only picks one."""
    key = (fit.model, fit.seed, fit.scaler, fit.C, fit.epochs)
    return _SAVED.get(key, lambda: _both(fit))[format if fit.model != "CNN" else "torch.save"]


_SAVED = Memo(8)


def _both(fit: Fit) -> dict:
    from explorers.image_project import Saved

    if fit.model == "CNN":
        data, same, same_proba, seconds = _torch_round_trip(fit)
        return {"torch.save": Saved("torch.save", (("torch.save", len(data)),), len(data), same, same_proba,
                                    (), seconds)}
    results = {name: _round_trip(fit.estimator, name) for name in ("skops", "joblib")}
    sizes = tuple((name, len(data)) for name, (data, *_) in results.items())
    out = {}
    for name, (data, loaded, untrusted, seconds) in results.items():
        proba = loaded.predict_proba(fit.X_test)
        out[name] = Saved(name, sizes, len(data), int(np.sum(proba.argmax(axis=1) == fit.predicted)),
                          bool(np.array_equal(proba, fit.proba)), tuple(untrusted), seconds)
    return out


def _round_trip(pipe, format: str):
    """(bytes, the model loaded back from them, the types skops asked to trust, load seconds)."""
    if format == "skops":
        import skops.io as sio

        data = sio.dumps(pipe)
        start = time.perf_counter()
        untrusted = sio.get_untrusted_types(data=data)
        # Our own file, written a line above: its types are the ones the page shows.
        loaded = sio.loads(data, trusted=untrusted)
        return data, loaded, untrusted, time.perf_counter() - start
    import joblib

    buffer = io.BytesIO()
    joblib.dump(pipe, buffer)
    data = buffer.getvalue()
    start = time.perf_counter()
    loaded = joblib.load(io.BytesIO(data))  # our own bytes, never a file from elsewhere
    return data, loaded, [], time.perf_counter() - start


def network(weights: tuple):
    """The CNN as an ``nn.Sequential`` holding these weights (cnn_filters' order)."""
    torch = cnn.torch()
    with cnn.global_rng(0):  # its random start is overwritten: keep others' streams untouched
        model = cnn.build(cnn.Params())
    with torch.no_grad():
        for w, kept in zip(model.parameters(), weights):
            w.copy_(torch.tensor(kept))
    return model.eval()


def _torch_round_trip(fit: Fit):
    """The CNN's weights through ``torch.save`` and ``torch.load(weights_only=True)``."""
    torch = cnn.torch()
    model = network(fit.estimator.weights)
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    data = buffer.getvalue()
    start = time.perf_counter()
    loaded = network(tuple(np.zeros_like(w) for w in fit.estimator.weights))
    loaded.load_state_dict(torch.load(io.BytesIO(data), weights_only=True))
    seconds = time.perf_counter() - start
    x = cnn.as_input(fit.X_test.reshape(-1, 8, 8))
    with torch.no_grad():
        before, after = torch.softmax(model(x), dim=1).numpy(), torch.softmax(loaded(x), dim=1).numpy()
    same = int(np.sum(after.argmax(axis=1) == fit.predicted))
    return data, same, bool(np.array_equal(before, after)), seconds
