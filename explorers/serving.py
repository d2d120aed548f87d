"""Saving & serving models
=======================

A scikit-learn pipeline (a scaler, then logistic regression or a random forest) trained on
the iris flowers, saved three ways into a temporary folder and loaded back:

* **joblib** writes a pickle. Loading a pickle runs whatever instructions it holds, so a
  pickle is only as trustworthy as whoever wrote it (the page disassembles a crafted one
  to show why, and never loads it).
* **skops** writes a zip of plain data plus a list of the types it needs; ``load`` refuses
  any type not on its safe list unless you approve it, and ``get_untrusted_types`` lists
  those to read first (a random forest needs ``sklearn.tree._tree.Tree``).
* **ONNX** (``skl2onnx`` to write, ``onnxruntime`` to run) stores the computation itself,
  in float32, so any language with an ONNX runtime can serve it; its probabilities can
  differ from scikit-learn's float64 ones.

Each file's size, its load time (measured) and how far its predicted probabilities are
from the original pipeline's, on all 150 flowers, are the numbers of the first view.

The second view serves the model: a FastAPI app is generated for it, run in this process
and called with its ``TestClient`` (``explorers/_serving_app.py``). The learner edits the
JSON request; pydantic refuses a bad one with a 422 that says what is wrong.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from datasets.readonly import readonly
from explorers import _pickle_danger, _serving_app, _serving_code
from explorers._contract import choice, knob, log_knob, text

NOTICE = (
    "joblib and skops give back exactly the model you saved; ONNX runs it in float32, so its "
    "probabilities differ in the last digits, or by more where a tree's threshold sits between "
    "two floats. Only a skops file says what it will import before you load it; a pickle runs "
    "its instructions as it loads."
)
MISREADING = (
    "\"A model file is just data, so opening one is safe\": a pickle (and so a joblib file) is a "
    "program that imports and calls whatever it names while it loads. Load pickles you wrote "
    "yourself, and a file from anyone else with skops, after reading its audit."
)
HEADLINE = "value"

VIEWS = ("save & load", "serve")
SAVE, SERVE = VIEWS
MODELS = _serving_code.MODELS
FORMATS = ("joblib", "skops", "ONNX")
# The types this app approves in a skops file: the random forest's trees. Any other type in
# the audit is refused (run() raises), whatever the file is.
APPROVED = ("sklearn.tree._tree.Tree",)
LOADS = 3  # each load time is the best of this many loads
REQUEST_CHARS = 1000
DEFAULT_REQUEST = ('{"rows": [{"sepal_length": 5.9, "sepal_width": 3.0, '
                   '"petal_length": 5.1, "petal_width": 1.8}]}')
NEGATIVE_REQUEST = DEFAULT_REQUEST.replace('"petal_width": 1.8', '"petal_width": -1')
NOT_JSON = '{"rows": [{"sepal_length": 5.9,'
TWO_ROWS = ('{"rows": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}, '
            '{"sepal_length": 6.3, "sepal_width": 2.5, "petal_length": 4.9, "petal_width": 1.5}]}')


@dataclass(frozen=True)
class Params:
    HIDE_INACTIVE = True  # the page hides the other view's controls (ui/controls.py)

    view: str = choice(SAVE, options=VIEWS, label="View",
                       help="Save the model three ways and load it back, or serve it over HTTP.")
    model: str = choice("logistic regression", options=MODELS, label="Model",
                        help="The last step of the pipeline, after a StandardScaler. Both are fitted "
                             "on all 150 iris flowers.")
    C: float = log_knob(1.0, lo=0.01, hi=100.0, label="C (inverse regularisation)",
                        when=("model", "logistic regression"),
                        help="LogisticRegression's C: larger trusts the data more.")
    n_trees: int = knob(30, lo=1, hi=100, label="Trees", when=("model", "random forest"),
                        help="RandomForestClassifier's n_estimators: more trees, a bigger file.")
    max_depth: int = knob(5, lo=1, hi=12, label="Max depth", when=("model", "random forest"),
                          help="How deep each tree may grow: deeper trees have more nodes to store.")
    seed: int = knob(0, lo=0, hi=999, label="Seed", when=("model", "random forest"),
                     help="The forest's random_state (its bootstrap samples and feature draws).")
    compress: int = knob(0, lo=0, hi=9, label="Compression level", when=("view", SAVE),
                         help="0: written as is. 1–9: joblib's compress=level (zlib) and skops' "
                              "ZIP_DEFLATED at that level; higher is smaller and slower. ONNX has none.")
    request: str = text(
        DEFAULT_REQUEST, max_chars=REQUEST_CHARS, lines=4, label="JSON request to POST /predict",
        when=("view", SERVE), examples=(NEGATIVE_REQUEST, NOT_JSON, TWO_ROWS),
        help=f"The body sent to the app: `rows`, a list of flowers with the four measurements in cm "
             f"(above 0, at most {_serving_app.MAX_CM:g}). Break it to see a 422. At most "
             f"{REQUEST_CHARS:,} characters.")
    batch: int = knob(100, lo=10, hi=_serving_app.MAX_ROWS, step=10, label="Batch size (rows)",
                      when=("view", SERVE),
                      help="The rows of the batch request whose latency is measured against one row's.")


@dataclass(frozen=True)
class Saved:
    """One format's numbers; sizes in bytes, times in milliseconds (measured)."""

    name: str
    size: int
    save_ms: float
    load_ms: float  # the best of LOADS loads
    max_diff: float  # max |p − p_original| over all flowers and classes
    agree: int  # flowers whose predicted class is the original's


@dataclass(frozen=True)
class Saving:
    formats: tuple[Saved, ...]  # FORMATS, in order
    sizes: np.ndarray  # kB, by format
    load_ms: np.ndarray
    diffs: np.ndarray
    n_rows: int
    untrusted: tuple[str, ...]  # what skops' audit listed for this model
    pickle_imports: tuple[str, ...]  # what a plain pickle of this model imports while loading
    pickle_calls: int  # and how many calls it makes
    crafted: str  # the crafted pickle, disassembled (never loaded)
    crafted_imports: tuple[str, ...]

    def of(self, name: str) -> Saved:
        return self.formats[FORMATS.index(name)]


@dataclass(frozen=True)
class Serving:
    status: int
    body: str  # the reply's JSON
    message: str  # a 422's validation errors, one a line (may quote the learner's keys)
    probabilities: np.ndarray  # (rows, 3) of a 200
    labels: tuple[str, ...]
    expected: np.ndarray  # the original pipeline's probabilities for the same rows, if it parsed
    one_ms: float  # median time of a one-row request (measured)
    batch_ms: float  # median time of a request of ``batch`` rows (measured)
    batch: int
    app_source: str
    trusted: tuple[str, ...]

    @property
    def per_row_ms(self) -> float:
        return self.batch_ms / self.batch


@dataclass(frozen=True)
class Result:
    view: str
    title: str  # the model, as the app and the charts name it
    value: float  # the headline: ONNX's largest difference, or the reply's status
    saving: Saving | None
    serving: Serving | None


def _model_key(p: Params) -> tuple:
    """Only the knobs of the chosen model: moving another model's knob refits nothing."""
    if p.model == "logistic regression":
        return (p.model, p.C)
    return (p.model, p.n_trees, p.max_depth, p.seed)


def title(key: tuple) -> str:
    if key[0] == "logistic regression":
        return f"logistic regression, C = {key[1]:g}"
    return f"random forest, {key[1]} trees of depth ≤ {key[2]}"


@lru_cache(maxsize=1)
def data():
    """The iris flowers (read-only, shared)."""
    from sklearn.datasets import load_iris

    return readonly(load_iris(return_X_y=True))


@lru_cache(maxsize=8)
def fitted(key: tuple):
    """The pipeline for ``key``, fitted on every iris flower. Shared: never refit or changed."""
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = data()
    if key[0] == "logistic regression":
        # newton-cg: a handful of Newton steps, where lbfgs takes 10-25 iterations on iris.
        last = LogisticRegression(C=key[1], solver="newton-cg", max_iter=1000)
    else:
        _, n_trees, max_depth, seed = key
        last = RandomForestClassifier(n_estimators=n_trees, max_depth=max_depth, random_state=seed)
    return make_pipeline(StandardScaler(), last).fit(X, y)


def audit(untrusted) -> tuple[str, ...]:
    """The types skops listed, checked against ``APPROVED``: anything else is refused."""
    untrusted = tuple(untrusted)
    unknown = [t for t in untrusted if t not in APPROVED]
    if unknown:
        raise ValueError(f"the skops file needs types this app has not approved: {', '.join(unknown)}")
    return untrusted


def _best_of(load, repeats: int = LOADS):
    times, loaded = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        loaded = load()
        times.append(time.perf_counter() - start)
    return loaded, 1000 * min(times)


def _timed(save) -> float:
    start = time.perf_counter()
    save()
    return 1000 * (time.perf_counter() - start)


@lru_cache(maxsize=8)
def reference(key: tuple) -> tuple[np.ndarray, np.ndarray]:
    """The original pipeline's probabilities and labels for every flower (read-only, shared)."""
    pipe, (X, _) = fitted(key), data()
    return readonly((pipe.predict_proba(X), pipe.predict(X)))


@lru_cache(maxsize=8)
def converted(key: tuple) -> tuple[bytes, float]:
    """The pipeline in ONNX, and how long the conversion took (ms): the compression level does
    not touch it, so a move of that slider converts nothing."""
    from skl2onnx import to_onnx

    pipe, (X, _) = fitted(key), data()
    start = time.perf_counter()
    # zipmap=False: the probabilities come back as one float32 array, not a list of dicts.
    onx = to_onnx(pipe, X[:1].astype(np.float32), options={type(pipe[-1]): {"zipmap": False}})
    return onx.SerializeToString(), 1000 * (time.perf_counter() - start)


@lru_cache(maxsize=8)
def pickled(key: tuple) -> tuple[tuple[str, ...], int]:
    """What a plain pickle of the pipeline imports, and how many calls it makes, read from its
    instructions by pickletools (our own bytes, never loaded here)."""
    import pickle

    ours = pickle.dumps(fitted(key), protocol=pickle.HIGHEST_PROTOCOL)
    return _pickle_danger.imports(ours), _pickle_danger.calls(ours)


def _compare(name, size, save_ms, load_ms, proba, labels, key) -> Saved:
    expected, expected_labels = reference(key)
    return Saved(name, int(size), save_ms, load_ms, float(np.abs(proba - expected).max()),
                 int(np.sum(labels == expected_labels)))


def _labels(model, proba):
    # What predict() returns, for both models: the class of the highest probability.
    return model.classes_[proba.argmax(axis=1)]


def save_and_load(key: tuple, compress: int = 0, progress=None) -> Saving:
    import zipfile

    import joblib
    import onnxruntime as ort
    import skops.io as sio

    pipe, (X, _) = fitted(key), data()
    say = progress or (lambda fraction, text: None)
    saved = []
    with tempfile.TemporaryDirectory(prefix="saved-") as folder:
        path = Path(folder) / "model.joblib"
        save_ms = _timed(lambda: joblib.dump(pipe, path, compress=compress))
        loaded, load_ms = _best_of(lambda: joblib.load(path))  # our own file, written just above
        proba = loaded.predict_proba(X)
        saved.append(_compare("joblib", path.stat().st_size, save_ms, load_ms, proba,
                              _labels(loaded, proba), key))

        say(0.4, "Saving with skops")
        path = Path(folder) / "model.skops"
        zipped = dict(compression=zipfile.ZIP_DEFLATED, compresslevel=compress) if compress else {}
        save_ms = _timed(lambda: sio.dump(pipe, path, **zipped))
        untrusted = audit(sio.get_untrusted_types(file=path))
        loaded, load_ms = _best_of(lambda: sio.load(path, trusted=list(untrusted)))
        proba = loaded.predict_proba(X)
        saved.append(_compare("skops", path.stat().st_size, save_ms, load_ms, proba,
                              _labels(loaded, proba), key))

        say(0.7, "Converting to ONNX")
        path = Path(folder) / "model.onnx"
        onx, save_ms = converted(key)
        path.write_bytes(onx)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # the server's cores are shared by every session
        session, load_ms = _best_of(lambda: ort.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]))
        inputs = {session.get_inputs()[0].name: X.astype(np.float32)}
        labels, proba = session.run(["label", "probabilities"], inputs)
        saved.append(_compare("ONNX", path.stat().st_size, save_ms, load_ms, proba, labels, key))

    imports, calls = pickled(key)
    crafted = _pickle_danger.payload()
    return Saving(
        formats=tuple(saved),
        sizes=np.array([s.size / 1000 for s in saved]),
        load_ms=np.array([s.load_ms for s in saved]),
        diffs=np.array([s.max_diff for s in saved]),
        n_rows=len(X),
        untrusted=untrusted,
        pickle_imports=imports,
        pickle_calls=calls,
        crafted=_pickle_danger.disassembled(),
        crafted_imports=_pickle_danger.imports(crafted),
    )


@lru_cache(maxsize=4)
def served(key: tuple) -> _serving_app.Served:
    """The app generated for ``key``'s model, running in this process (read-only, shared)."""
    import skops.io as sio

    model_file = sio.dumps(fitted(key))
    trusted = audit(sio.get_untrusted_types(data=model_file))
    return _serving_app.Served(_serving_app.source(title(key), trusted), model_file, trusted)


def expected_for(request: str, key: tuple) -> np.ndarray:
    """The original pipeline's probabilities for the rows of a request that parses, else none."""
    try:
        rows = json.loads(request)["rows"]
        X = np.array([[float(row[name]) for name in _serving_app.FEATURES] for row in rows], dtype=float)
        return fitted(key).predict_proba(X.reshape(-1, len(_serving_app.FEATURES)))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return np.zeros((0, len(_serving_app.CLASSES)))


def serve(p: Params, key: tuple, progress=None) -> Serving:
    if progress:
        progress(0.5, "Generating the app and starting it in-process")
    app = served(key)
    X, _ = data()
    status, reply, (one, batch) = app.exchange(
        p.request, _serving_app.rows_body(X[:1]), _serving_app.rows_body(np.resize(X, (p.batch, X.shape[1]))))
    answer = _serving_app.answer(status, reply)
    return Serving(status=status, body=answer.body, message=answer.message, probabilities=answer.probabilities,
                   labels=answer.labels, expected=expected_for(p.request, key) if status == 200 else
                   np.zeros((0, 3)), one_ms=1000 * one, batch_ms=1000 * batch, batch=p.batch,
                   app_source=app.source, trusted=app.trusted)


def run(p: Params, progress=None) -> Result:
    key = _model_key(p)
    if progress:
        progress(0.1, "Training the pipeline (the first visit also imports skops and skl2onnx)")
    if p.view == SAVE:
        saving = save_and_load(key, p.compress, progress)
        return readonly(Result(p.view, title(key), saving.of("ONNX").max_diff, saving, None))
    serving = serve(p, key, progress)
    return readonly(Result(p.view, title(key), float(serving.status), None, serving))


def code(p: Params) -> str:
    if p.view == SAVE:
        return _serving_code.save_code(p, APPROVED)
    return _serving_code.serve_code(p, served(_model_key(p)).source)
