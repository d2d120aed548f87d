"""The image project, checked against scikit-learn, skops, joblib and the CNN filters page.

Fits are remembered per upstream choice in the process, so the module's tests share them;
the CNN is trained for two epochs where a test trains it, to keep the file cheap.
"""

import contextlib
import io

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.metrics import confusion_matrix, f1_score
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from explorers import _image_fit as fits
from explorers import cnn_filters
from explorers import image_project as ex
from roadmap import topics

X, Y = load_digits(return_X_y=True)
CNN = dict(model="CNN", epochs=2)  # two epochs: cheap, and still far above chance


@pytest.fixture(scope="module")
def metrics():
    return ex.run(ex.Params(step="metrics"))


def _exec(p: ex.Params) -> dict:
    namespace = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(ex.code(p), "<code>", "exec"), namespace)
    return namespace


def test_the_split_is_train_test_split_of_the_flat_images():
    X_train, X_test, y_train, y_test = train_test_split(X, Y, test_size=0.25, stratify=Y, random_state=3)
    ours = fits.split(3)
    for mine, theirs in zip(ours, (X_train, X_test, y_train, y_test)):
        np.testing.assert_array_equal(mine, theirs)
    r = ex.run(ex.Params(seed=3))
    np.testing.assert_array_equal(r.split.test_counts, np.bincount(y_test))
    assert r.value == len(y_test) / len(Y)
    # The samples are the first image of each digit on each side, labelled with it.
    first = int(np.flatnonzero(y_test == 7)[0])
    np.testing.assert_array_equal(r.split.samples[17], X_test[first].reshape(8, 8))
    assert r.split.sample_labels[17] == "test 7"


@pytest.mark.parametrize("name, scaler", [("standard", StandardScaler), ("min-max", MinMaxScaler)])
def test_the_scale_step_is_the_scaler_fitted_on_the_training_images(name, scaler):
    X_train, X_test, _, _ = fits.split(0)
    fitted = scaler().fit(X_train)
    train, test = fitted.transform(X_train), fitted.transform(X_test)
    s = ex.run(ex.Params(step="scale", scaler=name)).scaled
    np.testing.assert_allclose(s.image_scaled.ravel(), test[0])
    np.testing.assert_allclose(s.train_max, train.max(axis=0))
    np.testing.assert_allclose(s.test_max, test.max(axis=0))
    assert s.largest == pytest.approx(train.max()) and s.pixel == int(train.max(axis=0).argmax())
    assert s.pixel_inked == np.mean(X_train[:, s.pixel] > 0)
    assert s.blank == int(np.sum(X_train.max(axis=0) == 0))


@pytest.mark.parametrize("model", ["logistic regression", "SVM", "MLP"])
def test_a_fit_is_the_pipeline_fitted_on_the_training_images(model):
    X_train, X_test, y_train, y_test = fits.split(0)
    p = ex.Params(step="model", model=model, scaler="min-max")
    fit = ex.run(p).fit
    pipe = fits.pipeline(model, "min-max", p.C, p.epochs, 0)
    with pytest.warns() if model == "MLP" else contextlib.nullcontext():
        pipe.fit(X_train, y_train)  # the MLP's few epochs warn, as the page's fit silences
    np.testing.assert_allclose(fit.proba, pipe.predict_proba(X_test))
    assert fit.test_accuracy == pipe.score(X_test, y_test)
    assert fit.train_accuracy == pipe.score(X_train, y_train)
    assert list(fit.estimator.named_steps) == ["scale", "model"]


def test_metrics_are_scikit_learns(metrics):
    f, s = metrics.fit, metrics.scored
    np.testing.assert_array_equal(f.confusion, confusion_matrix(f.y_test, f.predicted))
    assert s.macro_f1 == f1_score(f.y_test, f.predicted, average="macro") == metrics.value
    # The most confidently wrong images: wrong, most confident first, none surer left out.
    wrong = f.predicted[f.wrong] != f.y_test[f.wrong]
    assert wrong.all() and np.all(np.diff(f.confidence[f.wrong]) <= 0)
    others = np.setdiff1d(np.flatnonzero(f.predicted != f.y_test), f.wrong)
    assert len(f.wrong) == fits.N_WRONG and f.confidence[others].max() <= f.confidence[f.wrong].min()
    np.testing.assert_allclose(f.test_recall, np.diag(f.confusion) / np.bincount(f.y_test))


def test_every_later_step_reads_the_model_steps_fit(metrics):
    """One fit per upstream choice: steps after the model reuse it, controls of other steps
    (the splits, the format) do not refit it, and the scaler does."""
    for step in ("model", "save", "draw"):
        assert ex.run(ex.Params(step=step, splits=3, format="joblib")).fit is metrics.fit
    assert ex.run(ex.Params(step="model", scaler="none")).fit is not metrics.fit


def test_cross_validation_is_cross_val_score_on_the_seeds_splits():
    p = ex.Params(step="cross-validate", seed=998, splits=3)
    r = ex.run(p)
    seeds = [998, 999, 0]  # seeds wrap at 1,000, as the seed control's range
    splits = [train_test_split(np.arange(len(Y)), test_size=0.25, stratify=Y, random_state=s) for s in seeds]
    scores = cross_val_score(fits.pipeline(p.model, p.scaler, p.C, p.epochs, 0), X, Y, cv=splits)
    np.testing.assert_array_equal(r.crossed.seeds, seeds)
    np.testing.assert_allclose(r.crossed.scores, scores)
    assert r.value == pytest.approx(scores.mean()) and r.crossed.std == pytest.approx(scores.std())
    # Its first split is the model step's fit at the same seed.
    assert ex.run(ex.Params(step="model", seed=998)).fit.test_accuracy == r.crossed.scores[0]


def test_progress_is_reported_per_split_and_rises_to_the_end():
    seen = []
    ex.run(ex.Params(step="cross-validate", seed=41, splits=2, model="MLP", epochs=3),
           progress=lambda fraction, text: seen.append((fraction, text)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and 0.5 <= fractions[-1] <= 1.0
    assert any("Split 2 of 2" in text for _, text in seen)


def test_the_cnn_is_the_cnn_filters_pages_network():
    fit = ex.run(ex.Params(step="metrics", **CNN)).fit
    theirs = cnn_filters.run(cnn_filters.Params(epochs=2, seed=0))
    np.testing.assert_array_equal(fit.predicted, theirs.predicted)
    np.testing.assert_array_equal(fit.confusion, theirs.confusion)
    assert fit.test_accuracy == pytest.approx(theirs.test_accuracy, rel=1e-6)
    np.testing.assert_allclose(fit.proba.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(fit.tiles, theirs.filters)
    # Once the CNN filters page holds that training, a fit here reuses it and says so.
    fits._FITS.clear()
    again = ex.run(ex.Params(step="model", **CNN)).fit
    assert again.reused and again.seconds == 0.0 and again.test_accuracy == fit.test_accuracy


def test_the_cnns_cross_validation_trains_it_on_each_seeds_split():
    r = ex.run(ex.Params(step="cross-validate", splits=2, **CNN))
    for seed, score in zip(r.crossed.seeds, r.crossed.scores):
        theirs = cnn_filters.run(cnn_filters.Params(epochs=2, seed=int(seed)))
        assert score == pytest.approx(theirs.test_accuracy, rel=1e-6)


@pytest.mark.parametrize("state", [
    dict(step="model", model="SVM", C=0.1), dict(step="model", model="MLP", scaler="none", epochs=5),
    dict(step="cross-validate", model="MLP", splits=2, epochs=3), dict(step="save", format="joblib"),
    dict(step="scale", scaler="none"), dict(step="model", **CNN), dict(step="metrics", **CNN),
    dict(step="cross-validate", splits=2, **CNN), dict(step="save", **CNN), dict(step="draw", **CNN),
], ids=lambda s: "-".join(str(v) for v in s.values()))
def test_the_code_reproduces_the_steps_headline(state):
    """Beyond the contract test's defaults: the CNN's code, the other models and formats."""
    p = ex.Params(**state)
    assert float(_exec(p)["value"]) == pytest.approx(ex.run(p).value, rel=1e-6)


def test_saving_round_trips_and_skops_lists_what_it_needs_trusted():
    import skops.io as sio

    r = ex.run(ex.Params(step="save", model="SVM"))
    s = r.saved
    assert s.same_predictions == len(r.fit.y_test) and s.same_probabilities
    data = sio.dumps(r.fit.estimator)
    assert list(s.untrusted) == sio.get_untrusted_types(data=data) and s.untrusted
    with pytest.raises(Exception):  # untrusted types are refused unless approved
        sio.loads(data)
    assert dict(s.sizes)["skops"] == s.size == r.value and set(dict(s.sizes)) == {"skops", "joblib"}
    cnn = ex.run(ex.Params(step="save", **CNN)).saved
    assert cnn.format == "torch.save" and cnn.same_probabilities and cnn.untrusted == ()


def test_a_drawing_is_answered_by_the_fitted_model(metrics):
    digit = fits.split(0)[1][5].reshape(8, 8)
    ink = np.kron(digit / 16 * 255, np.ones((24, 24))).astype(np.uint8)  # a 192-pixel "drawing"
    image = cnn_filters.downscale(ink)
    r = ex.run(ex.Params(step="draw"))
    probabilities = ex.probabilities(r, image)
    np.testing.assert_allclose(probabilities, r.fit.estimator.predict_proba(image.reshape(1, 64))[0])
    assert r.value == r.stand_in.max() and r.stand_in.argmax() == r.fit.predicted[0]
    chosen = ex.run(ex.Params(step="draw", image=7))
    assert chosen.fit is r.fit and chosen.stand_in.argmax() == r.fit.predicted[7]


def test_each_step_shows_its_own_controls_and_names_real_pages():
    titles = {topic.title for _, topic in topics()}
    for step in ex.STEPS:
        for model in ex.MODELS:
            p = ex.Params(step=step, model=model)
            shown = ex.shown(p)
            assert shown[0] == "step"
            assert ("C" in shown) == (step == "model" and model in fits.WITH_C)
            assert ("epochs" in shown) == (step == "model" and model in fits.WITH_EPOCHS)
            assert ("model" in shown) == (ex.STEPS.index(step) >= ex.STEPS.index("model"))
            assert set(ex.explained(p)) <= titles, ex.explained(p)
