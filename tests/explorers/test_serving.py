"""The saving-and-serving explorer: its numbers checked against joblib, skops, skl2onnx and
onnxruntime themselves, the crafted pickle read and never loaded, the generated app run from
its exact source with FastAPI's TestClient, its code snippet, and the data its figures carry.

Timings are measured by the page and never asserted here, beyond being positive numbers."""

import importlib.util
import json
import os
import pickle
import posix
import tempfile

import numpy as np
import pytest

from explorers import _pickle_danger, _serving_app, serving as ex
from explorers._contract import knobs
from figures import serving as figs

FOREST = dict(model="random forest", n_trees=8, max_depth=4)  # small: a few fits per test run


@pytest.fixture(scope="module")
def saved():
    return ex.run(ex.Params())


@pytest.fixture(scope="module")
def forest():
    return ex.run(ex.Params(**FOREST))


@pytest.fixture(scope="module")
def served():
    return ex.run(ex.Params(view=ex.SERVE))


# Saving and loading, against the libraries.

@pytest.mark.parametrize("which", ["saved", "forest"])
def test_each_format_is_measured_against_the_library_itself(which, request):
    import joblib
    import onnxruntime as ort
    import skops.io as sio
    from skl2onnx import to_onnx

    r = request.getfixturevalue(which)
    p = ex.Params() if which == "saved" else ex.Params(**FOREST)
    pipe = ex.fitted(ex._model_key(p))
    X, _ = ex.data()
    expected = pipe.predict_proba(X)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "m.joblib")
        joblib.dump(pipe, path)  # our own file
        assert r.saving.of("joblib").size == os.path.getsize(path)
        assert r.saving.of("joblib").max_diff == np.abs(joblib.load(path).predict_proba(X) - expected).max()
    data = sio.dumps(pipe)
    assert r.saving.of("skops").size == len(data)
    untrusted = sio.get_untrusted_types(data=data)
    assert r.saving.untrusted == tuple(untrusted)
    loaded = sio.loads(data, trusted=untrusted)
    assert r.saving.of("skops").max_diff == np.abs(loaded.predict_proba(X) - expected).max() == 0
    onx = to_onnx(pipe, X[:1].astype(np.float32), options={type(pipe[-1]): {"zipmap": False}})
    assert r.saving.of("ONNX").size == len(onx.SerializeToString())
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # as the page runs it: float32 sums in one order
    session = ort.InferenceSession(onx.SerializeToString(), options, providers=["CPUExecutionProvider"])
    labels, proba = session.run(None, {session.get_inputs()[0].name: X.astype(np.float32)})
    assert proba.dtype == np.float32  # what the page says: ONNX computes in float32
    assert r.saving.of("ONNX").max_diff == pytest.approx(np.abs(proba - expected).max(), rel=1e-12)
    assert r.saving.of("ONNX").agree == np.sum(labels == pipe.predict(X))
    np.testing.assert_array_equal(ex._labels(pipe, expected), pipe.predict(X))  # how agree is counted
    assert r.saving.of("joblib").agree == r.saving.of("skops").agree == len(X)
    assert r.value == r.saving.of("ONNX").max_diff
    np.testing.assert_array_equal(r.saving.sizes, [f.size / 1000 for f in r.saving.formats])
    assert np.all(r.saving.load_ms > 0)


def test_compression_shrinks_the_joblib_and_skops_files_and_changes_no_prediction(forest):
    squeezed = ex.run(ex.Params(**FOREST, compress=9)).saving
    for name in ("joblib", "skops"):
        assert squeezed.of(name).size < forest.saving.of(name).size
        assert squeezed.of(name).max_diff == 0
    assert squeezed.of("ONNX").size == forest.saving.of("ONNX").size  # ONNX is not compressed


def test_the_forest_needs_its_tree_type_approved_and_anything_else_is_refused(saved, forest):
    assert saved.saving.untrusted == ()
    assert forest.saving.untrusted == ("sklearn.tree._tree.Tree",)
    with pytest.raises(ValueError, match="not approved: posix.system"):
        ex.audit(["sklearn.tree._tree.Tree", "posix.system"])


def test_what_a_pickle_of_the_model_imports_is_read_from_its_instructions(forest):
    imports = forest.saving.pickle_imports
    assert "sklearn.pipeline.Pipeline" in imports and "sklearn.tree._tree.Tree" in imports
    assert "sklearn.ensemble._forest.RandomForestClassifier" in imports
    assert len(imports) == len(set(imports))
    # One call at least for each of the pipeline, the scaler, the forest and each tree.
    assert forest.saving.pickle_calls >= 3 + 2 * FOREST["n_trees"]


def test_the_crafted_pickle_imports_os_system_and_calls_it_when_read_by_pickletools():
    data = _pickle_danger.payload()
    ops = [op.name for op, _, _ in __import__("pickletools").genops(data)]
    assert ops[0] == "GLOBAL" and "REDUCE" in ops and ops[-1] == "STOP"
    assert _pickle_danger.imports(data) == (f"{os.system.__module__}.system",)
    assert _pickle_danger.calls(data) == 1
    assert _pickle_danger.COMMAND in _pickle_danger.disassembly(data)


def test_the_page_never_loads_the_crafted_pickle(monkeypatch):
    """Loading it would import posix.system and call it: a spy in its place would hear. And
    every pickle loader is watched for its bytes. The explorer and the page both run."""
    from tests.pages.apptest import failures, open_page

    called, fed = [], []
    monkeypatch.setattr(posix, "system", lambda *a: called.append(a) or 0)
    monkeypatch.setattr(os, "system", lambda *a: called.append(a) or 0)
    payload = _pickle_danger.payload()
    for name in ("loads", "load"):
        real = getattr(pickle, name)

        def watched(data, *args, _real=real, **kwargs):
            raw = data if isinstance(data, (bytes, bytearray)) else b""
            fed.append(payload in raw)
            return _real(data, *args, **kwargs)
        monkeypatch.setattr(pickle, name, watched)
    ex.fitted.cache_clear()
    r = ex.run(ex.Params(**FOREST))
    assert "REDUCE" in r.saving.crafted
    at = open_page("views/serving.py")
    assert not failures(at)
    shown = " ".join(c.value for c in at.code)
    assert "GLOBAL     'posix system'" in shown  # the page showed it, disassembled
    assert called == [] and not any(fed)


# Serving: the generated app's exact source, run here with TestClient.

@pytest.fixture(scope="module")
def app_module(served, tmp_path_factory):
    import skops.io as sio

    folder = tmp_path_factory.mktemp("app")
    (folder / "app.py").write_text(served.serving.app_source)
    sio.dump(ex.fitted(ex._model_key(ex.Params())), folder / "model.skops")
    spec = importlib.util.spec_from_file_location("generated_app", folder / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def client(app_module):
    from fastapi.testclient import TestClient

    return TestClient(app_module.app)


def _post(client, body):
    return client.post("/predict", content=body, headers={"content-type": "application/json"})


def test_the_generated_app_predicts_what_the_pipeline_does(client, served):
    X, _ = ex.data()
    reply = _post(client, _serving_app.rows_body(X[::10]))
    assert reply.status_code == 200
    got = np.array([[p["probabilities"][c] for c in _serving_app.CLASSES] for p in reply.json()["predictions"]])
    pipe = ex.fitted(ex._model_key(ex.Params()))
    np.testing.assert_array_equal(got, pipe.predict_proba(X[::10]))
    assert [p["label"] for p in reply.json()["predictions"]] == [
        _serving_app.CLASSES[k] for k in pipe.predict(X[::10])]
    assert client.get("/health").json() == {"status": "ok", "model": "LogisticRegression"}
    # The page's reply to its default request is the same app's.
    default = _post(client, ex.DEFAULT_REQUEST).json()["predictions"][0]["probabilities"]
    np.testing.assert_array_equal(served.serving.probabilities[0], [default[c] for c in _serving_app.CLASSES])
    np.testing.assert_array_equal(served.serving.probabilities, served.serving.expected)
    assert served.value == 200 == served.serving.status and served.serving.message == ""


@pytest.mark.parametrize("body, words", [
    (ex.NEGATIVE_REQUEST, "greater than 0"),
    (ex.NOT_JSON, "JSON decode error"),
    ('{"rows": []}', "at least 1 item"),
    ('{"rows": [{"sepal_length": NaN, "sepal_width": 3, "petal_length": 5, "petal_width": 1}]}', "finite"),
    ('{"rows": [{"sepal_length": 5, "sepal_width": 3, "petal_length": 5, "petal_width": 1, "x": 1}]}',
     "Extra inputs are not permitted"),
    ('{"rows": [{"sepal_length": "five", "sepal_width": 3, "petal_length": 5, "petal_width": 1}]}',
     "valid number"),
])
def test_bad_requests_get_a_422_that_says_what_is_wrong(client, body, words):
    reply = _post(client, body)
    assert reply.status_code == 422
    assert words in _serving_app.message(422, reply.json())


def test_a_batch_past_the_apps_limit_is_refused(client):
    X, _ = ex.data()
    most = _serving_app.MAX_ROWS
    assert _post(client, _serving_app.rows_body(np.resize(X, (most, 4)))).status_code == 200
    assert _post(client, _serving_app.rows_body(np.resize(X, (most + 1, 4)))).status_code == 422


def test_the_page_serves_the_learners_request_and_measures_both_latencies():
    r = ex.run(ex.Params(view=ex.SERVE, request=ex.TWO_ROWS, batch=30, **FOREST))
    s = r.serving
    assert s.status == 200 and s.labels[0] == "setosa" and s.probabilities.shape == (2, 3)
    np.testing.assert_array_equal(s.probabilities, s.expected)
    assert s.trusted == ("sklearn.tree._tree.Tree",) and "'sklearn.tree._tree.Tree'" in s.app_source
    assert s.batch == 30 and s.one_ms > 0 and s.batch_ms > 0 and s.per_row_ms == s.batch_ms / 30
    assert json.loads(s.body)["predictions"][1]["label"] == s.labels[1]


def test_hostile_text_is_capped_and_a_hostile_key_comes_back_only_in_the_message():
    request = knobs(ex.Params)["request"]
    with pytest.raises(ValueError, match="Too long"):
        request.read("{" * (ex.REQUEST_CHARS + 1))
    hostile = '{"rows": [{"[click](http://evil.example)": 1}]}'
    r = ex.run(ex.Params(view=ex.SERVE, request=request.read(hostile)))
    assert r.serving.status == 422 and "[click](http://evil.example)" in r.serving.message


def test_the_page_shows_a_422_message_escaped(monkeypatch):
    from tests.pages.apptest import open_page

    hostile = '{"rows": [{"[x](http://e.example)": 1}]}'
    at = open_page("views/serving.py", {"view": ex.SERVE, "request": hostile})
    assert not at.exception
    warning = next(w.value for w in at.info if "Validation message" in w.value)
    assert "`body → rows → 0 → [x](http://e.example): Extra inputs are not permitted`" in warning
    assert at.metric[0].value == "422"
    assert any(b.label == "Download app.py" for b in at.get("download_button"))


def test_no_temporary_folder_is_left_behind(monkeypatch, tmp_path):
    # A temporary folder of this test's own: the shared one also holds other test processes'
    # folders, which come and go while this runs (one made the old before/after check fail).
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    made = []
    real = tempfile.TemporaryDirectory

    def watched(*args, **kwargs):
        folder = real(*args, **kwargs)
        made.append(folder.name)
        return folder

    monkeypatch.setattr(tempfile, "TemporaryDirectory", watched)
    ex.save_and_load(ex._model_key(ex.Params(C=10.0)))
    ex.served.cache_clear()
    ex.served(ex._model_key(ex.Params(C=10.0)))
    assert [os.path.basename(f)[:6] for f in made] == ["saved-", "served"]
    assert all(f.startswith(str(tmp_path)) for f in made) and list(tmp_path.iterdir()) == []


# The code panel.

@pytest.mark.parametrize("params", [ex.Params(**FOREST, compress=3),
                                    ex.Params(view=ex.SERVE, request=ex.NEGATIVE_REQUEST)])
def test_the_code_reproduces_the_headline(params, capsys):
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(params), "<serving code>", "exec"), namespace)
    assert namespace["value"] == pytest.approx(ex.run(params).value, rel=1e-9, abs=0)
    assert capsys.readouterr().out.strip()


def test_the_serve_code_carries_the_pages_app_source_exactly(served):
    assert served.serving.app_source in ex.code(ex.Params(view=ex.SERVE))


# The figures, on the data they carry.

def test_the_save_figures_draw_the_measured_numbers(saved):
    size, load = figs.size_figure(saved), figs.load_figure(saved)
    np.testing.assert_array_equal(size.data[0].x, saved.saving.sizes)
    np.testing.assert_array_equal(load.data[0].x, saved.saving.load_ms)
    assert list(size.data[0].y) == list(ex.FORMATS)
    assert "measured" in load.layout.title.text


def test_the_serve_figures_draw_the_reply_and_the_latencies(served):
    s = served.serving
    reply = figs.reply_figure(served)
    bars = [t for t in reply.data if t.type == "bar"]
    assert [t.name for t in bars] == list(_serving_app.CLASSES)
    for c, trace in enumerate(bars):
        np.testing.assert_array_equal(trace.x, s.probabilities[:, c])
    marks = next(t for t in reply.data if t.type == "scatter")
    np.testing.assert_allclose(marks.x, np.cumsum(s.expected[0, :-1]))
    latency = figs.latency_figure(served)
    np.testing.assert_array_equal(latency.data[0].x, [s.one_ms, s.batch_ms])
    assert "measured" in latency.layout.title.text
    refused = figs.reply_figure(ex.run(ex.Params(view=ex.SERVE, request=ex.NOT_JSON)))
    assert refused.layout.title.text.startswith("The app answered 422")
    assert not [t for t in refused.data if t.type == "bar"]
