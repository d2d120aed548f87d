"""The image project's models: one fit per upstream choice, shared by every later step.

A fit depends on the split's seed, the scaler and the model with its one knob, and on
nothing a later step sets, so the model, cross-validation, metrics, save and draw steps
all read the same remembered fit (``_FITS``). Cross-validation refits the same model on
other seeds' splits, so its first split is the model step's fit and costs nothing.

The scikit-learn models are ``Pipeline``s: scaler, then the classifier. The CNN is the CNN
filters page's own network (``explorers.cnn_filters``), trained by that page's code and
shared with it through its memo: torch code, not a scikit-learn estimator, since no
scikit-learn wrapper of it exists in the app. It reads the images divided by 16 (its
``as_input``), so the scaler does not apply to it.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass

import numpy as np

from datasets.readonly import readonly
from explorers import cnn_filters as cnn
from explorers._memo import Memo

MODELS = ("logistic regression", "SVM", "MLP", "CNN")
SCALERS = ("standard", "min-max", "none")
SCALER_CODE = {"standard": "StandardScaler()", "min-max": "MinMaxScaler()", "none": '"passthrough"'}
WITH_C = ("logistic regression", "SVM")
WITH_EPOCHS = ("MLP", "CNN")
CALIBRATION_FOLDS = 3  # the SVM's probabilities: CalibratedClassifierCV's folds
N_WRONG = cnn.N_WRONG  # confidently wrong test images shown
HIDDEN = 64  # the MLP's hidden units
SHOWN_UNITS = 16  # of them, drawn as images
LAYERS = cnn.Params().layers  # the CNN as the CNN filters page trains it by default


def split(seed: int):
    """(X_train, X_test, y_train, y_test), the images flat: (n, 64) on the 0–16 scale.

    The CNN filters page's own split (stratified, a quarter held out), so the CNN trained
    here is that page's network, and every model is scored on the same 450 test images."""
    X_train, X_test, y_train, y_test = cnn.split(seed)
    return X_train.reshape(-1, 64), X_test.reshape(-1, 64), y_train, y_test


def scaler(name: str):
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    return {"standard": StandardScaler, "min-max": MinMaxScaler}[name]() if name != "none" else "passthrough"


def pipeline(model: str, scaler_name: str, C: float, epochs: int, seed: int):
    """The scikit-learn pipeline for a model other than the CNN, unfitted."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.svm import SVC

    if model == "logistic regression":
        clf = LogisticRegression(C=C, max_iter=5000)
    elif model == "SVM":
        # SVC(probability=True) is deprecated in scikit-learn 1.9: this is its replacement.
        clf = CalibratedClassifierCV(SVC(C=C), ensemble=False, cv=CALIBRATION_FOLDS)
    elif model == "MLP":
        clf = MLPClassifier(hidden_layer_sizes=(HIDDEN,), max_iter=epochs, learning_rate_init=0.01,
                            random_state=0)  # Adam at 0.01, as the CNN trains
    else:
        raise ValueError(f"{model} is not a scikit-learn pipeline here")
    return Pipeline([("scale", scaler(scaler_name)), ("model", clf)])


@dataclass(frozen=True)
class Fit:
    """One model fitted on one split, and what every later step reads from it."""

    model: str
    seed: int
    scaler: str  # the upstream choices it was fitted under (key() says which matter)
    C: float | None
    epochs: int | None
    estimator: object  # the fitted Pipeline, or the CNN's fit (cnn_filters' dict)
    X_test: np.ndarray  # (450, 64) on 0–16
    y_test: np.ndarray
    proba: np.ndarray  # (450, 10) predict_proba on the test images
    predicted: np.ndarray
    confidence: np.ndarray  # the predicted digit's probability
    train_accuracy: float
    test_accuracy: float
    seconds: float  # the fit's wall time, as measured when it ran (0 if reused)
    reused: bool  # the CNN: trained before by the CNN filters page, whose memo shares it
    confusion: np.ndarray  # (10, 10) rows true, columns predicted
    wrong: np.ndarray  # the most confidently wrong test images, most confident first
    test_recall: np.ndarray  # (10,) share of each digit's test images right
    train_recall: np.ndarray
    tiles: np.ndarray  # (n, h, w) what the model learned, drawn as images
    tile_labels: tuple[str, ...]
    tiles_are_ink: bool  # training images (ink 0–16) rather than weights
    tiles_title: str
    epochs_run: int  # CNN and MLP: epochs trained (others: 0)


_FITS = Memo(24)


def key(model: str, seed: int, scaler_name: str, C: float, epochs: int) -> tuple:
    """The fit's key: only what changes the model (the CNN ignores the scaler and C)."""
    return (model, seed, scaler_name if model != "CNN" else "/16",
            C if model in WITH_C else None, epochs if model in WITH_EPOCHS else None)


def fitted(model: str, seed: int, scaler_name: str, C: float, epochs: int, progress=None) -> Fit:
    k = key(model, seed, scaler_name, C, epochs)
    return _FITS.get(k, lambda report: _fit(*k, progress=report), progress=progress)


def _fit(model, seed, scaler_name, C, epochs, progress=None) -> Fit:
    X_train, X_test, y_train, y_test = split(seed)
    start = time.perf_counter()
    reused = False
    if model == "CNN":
        p = cnn.Params(epochs=epochs, seed=seed)
        # The CNN filters page keys its trainings on these fields (cnn_filters.run).
        reused = (p.filters, p.kernel, p.layers, p.epochs, p.learning_rate, p.seed) in cnn._FITS
        result = cnn.run(p, progress=progress)
        seconds = 0.0 if reused else time.perf_counter() - start
        torch = cnn.torch()
        _, logits = cnn.forward(result.weights, cnn.as_input(X_test), LAYERS)
        proba = torch.softmax(logits, dim=1).numpy().astype(float)
        _, train_logits = cnn.forward(result.weights, cnn.as_input(X_train), LAYERS)
        train_pred = train_logits.argmax(dim=1).numpy()
        estimator = result
        tiles, labels = result.filters, tuple(str(i + 1) for i in range(len(result.filters)))
        ink, title = False, f"What the CNN learned: its {len(tiles)} first-layer filters"
        epochs_run = result.epochs_run
    else:
        if progress is not None:
            progress(0.0, f"Fitting the {model} on {len(y_train):,} training images…")
        estimator = pipeline(model, scaler_name, C, epochs, seed)
        with warnings.catch_warnings():
            # A few epochs of the MLP stop before Adam converges, as the knob asks.
            warnings.filterwarnings("ignore", message=".*Maximum iterations.*")
            estimator.fit(X_train, y_train)
        seconds = time.perf_counter() - start
        proba = estimator.predict_proba(X_test)
        train_pred = estimator.predict(X_train)
        tiles, labels, ink, title = _learned(estimator, model, X_train, y_train)
        epochs_run = epochs if model == "MLP" else 0
    predicted = proba.argmax(axis=1)
    confidence = proba.max(axis=1)
    wrong = np.flatnonzero(predicted != y_test)
    wrong = wrong[np.argsort(-confidence[wrong], kind="stable")][:N_WRONG]
    confusion = np.bincount(y_test * 10 + predicted, minlength=100).reshape(10, 10)
    train_confusion = np.bincount(y_train * 10 + train_pred, minlength=100).reshape(10, 10)
    fit = Fit(model=model, seed=seed, scaler=scaler_name, C=C, epochs=epochs, estimator=estimator,
              X_test=np.asarray(X_test), y_test=y_test,
              proba=proba, predicted=predicted, confidence=confidence,
              train_accuracy=float(np.mean(train_pred == y_train)),
              test_accuracy=float(np.mean(predicted == y_test)), seconds=seconds, reused=reused,
              confusion=confusion, wrong=wrong,
              test_recall=np.diag(confusion) / confusion.sum(axis=1),
              train_recall=np.diag(train_confusion) / train_confusion.sum(axis=1),
              tiles=np.asarray(tiles, float), tile_labels=labels, tiles_are_ink=ink, tiles_title=title,
              epochs_run=epochs_run)
    return readonly(fit)


def _learned(pipe, model: str, X_train, y_train):
    """What a fitted pipeline learned, as (images, labels, are they ink, title)."""
    clf = pipe.named_steps["model"]
    if model == "logistic regression":
        return (clf.coef_.reshape(10, 8, 8), tuple(str(d) for d in range(10)), False,
                "What logistic regression learned: each digit's 64 weights")
    if model == "MLP":
        units = clf.coefs_[0][:, :SHOWN_UNITS].T.reshape(-1, 8, 8)
        return (units, tuple(str(i + 1) for i in range(len(units))), False,
                f"What the MLP learned: {SHOWN_UNITS} of its {HIDDEN} hidden units' input weights")
    svc = clf.calibrated_classifiers_[0].estimator
    # support_ lists the support vectors digit by digit: the first of each digit.
    first = svc.support_[np.concatenate([[0], np.cumsum(svc.n_support_)[:-1]])]
    return (X_train[first].reshape(-1, 8, 8), tuple(f"{d}: {n}" for d, n in enumerate(svc.n_support_)), True,
            f"What the SVM keeps: {int(svc.n_support_.sum())} support vectors (one of each digit, "
            "with their count)")


def probabilities(fit: Fit, image: np.ndarray) -> np.ndarray:
    """The model's ten probabilities for one 8×8 image on the 0–16 scale."""
    image = np.asarray(image, float).reshape(8, 8)
    if fit.model == "CNN":
        return cnn.predict(fit.estimator, image, LAYERS)[1]
    return readonly(fit.estimator.predict_proba(image.reshape(1, 64))[0])
