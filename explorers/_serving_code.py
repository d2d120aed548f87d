"""The code panel of the saving-and-serving explorer: runnable scripts for its two views.

The save view's script saves, loads and compares the pipeline as ``run`` does; the serve
view's script carries the generated app's exact source, writes it beside the model's skops
file and calls it with ``TestClient``. Both define ``value``, the page's headline.
"""

from __future__ import annotations

from explorers._contract import literal

MODELS = ("logistic regression", "random forest")


def model_code(p) -> tuple[str, str]:
    """The import and the pipeline for ``p``'s model, as code writes them."""
    if p.model == MODELS[0]:
        return ("from sklearn.linear_model import LogisticRegression",
                f"LogisticRegression(C={literal(p.C)}, solver=\"newton-cg\", max_iter=1000)")
    return ("from sklearn.ensemble import RandomForestClassifier",
            f"RandomForestClassifier(n_estimators={p.n_trees}, max_depth={p.max_depth}, "
            f"random_state={p.seed})")


_FIT = """from sklearn.datasets import load_iris
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

X, y = load_iris(return_X_y=True)
model = make_pipeline(StandardScaler(), {last}).fit(X, y)
"""

_SAVE = '''"""Save a fitted pipeline with joblib, skops and ONNX, load each back, compare predictions."""

import tempfile
{zip_import}from pathlib import Path

import joblib
import numpy as np
import onnxruntime as ort
import skops.io as sio
from skl2onnx import to_onnx
{imports}
{fit}expected = model.predict_proba(X)

with tempfile.TemporaryDirectory() as folder:
    folder = Path(folder)
    # joblib writes a pickle: load only files you wrote yourself.
    joblib.dump(model, folder / "model.joblib"{joblib_compress})
    from_joblib = joblib.load(folder / "model.joblib")

    # skops lists the types it would need; read the list, approve what you expect, then load.
    sio.dump(model, folder / "model.skops"{skops_compress})
    untrusted = sio.get_untrusted_types(file=folder / "model.skops")
    print("skops audit:", untrusted)
    assert set(untrusted) <= {approved!r}, "not a type we expect in this model"
    from_skops = sio.load(folder / "model.skops", trusted=untrusted)

    # ONNX computes in float32 (zipmap=False: probabilities as one array, not dicts).
    onx = to_onnx(model, X[:1].astype(np.float32), options={{type(model[-1]): {{"zipmap": False}}}})
    (folder / "model.onnx").write_bytes(onx.SerializeToString())
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # float32 sums in one order: the page's numbers to the last digit
    session = ort.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
    inputs = {{session.get_inputs()[0].name: X.astype(np.float32)}}
    _, from_onnx = session.run(["label", "probabilities"], inputs)

    for name in ("joblib", "skops", "onnx"):
        print(f"model.{{name}}: {{(folder / f'model.{{name}}').stat().st_size:,}} bytes")

for name, proba in (("joblib", from_joblib.predict_proba(X)), ("skops", from_skops.predict_proba(X)),
                    ("ONNX", from_onnx)):
    print(f"{{name:>6}}: max |Δp| = {{np.abs(proba - expected).max():.3g}}")
value = float(np.abs(from_onnx - expected).max())
'''

_SERVE = '''"""Serve a fitted pipeline with FastAPI: the generated app, called in-process by TestClient.

To serve it for real, keep model.skops and app.py (APP below) together and run `uvicorn app:app`.
"""

import importlib.util
import json
import tempfile
from pathlib import Path

import skops.io as sio
from fastapi.testclient import TestClient
{imports}
{fit}
APP = \'\'\'{app}\'\'\'

with tempfile.TemporaryDirectory() as folder:
    sio.dump(model, Path(folder) / "model.skops")
    (Path(folder) / "app.py").write_text(APP)
    spec = importlib.util.spec_from_file_location("app", Path(folder) / "app.py")
    app_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(app_module)  # loads model.skops while the folder is there

client = TestClient(app_module.app)
request = {request!r}
reply = client.post("/predict", content=request, headers={{"content-type": "application/json"}})
print(reply.status_code)
print(json.dumps(reply.json(), indent=2))
value = reply.status_code
'''


def save_code(p, approved) -> str:
    imports, last = model_code(p)
    joblib_compress = f", compress={p.compress}" if p.compress else ""
    skops_compress = f", compression=zipfile.ZIP_DEFLATED, compresslevel={p.compress}" if p.compress else ""
    return _SAVE.format(imports=imports, fit=_FIT.format(last=last), approved=set(approved),
                        joblib_compress=joblib_compress, skops_compress=skops_compress,
                        zip_import="import zipfile\n" if p.compress else "")


def serve_code(p, app: str) -> str:
    if "'''" in app or "\\" in app:  # it would not survive inside the triple quotes
        raise AssertionError("the generated app cannot be quoted as written")
    imports, last = model_code(p)
    return _SERVE.format(imports=imports, fit=_FIT.format(last=last), app=app, request=p.request)
