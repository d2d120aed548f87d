"""Project: image classification, end to end
==========================================

scikit-learn's 1,797 handwritten digits (8×8 images of ink counts 0–16) taken from loading
to a model that answers a digit the learner draws, one step at a time:

* **Split.** A quarter of the images held out, stratified, so every digit keeps its share.
* **Scale.** A scaler fitted on the training images only; what it does to a blank corner.
* **Model.** Logistic regression, an SVM, an MLP or the small CNN of the CNN filters page,
  fitted on the training images, with what each learned drawn as images.
* **Cross-validate.** The same model refitted on other seeds' splits: how much the test
  accuracy moves with nothing but the split changed.
* **Metrics.** The confusion matrix and the test images the model gets wrong most confidently.
* **Save.** The fitted model written to bytes (joblib and skops; the CNN's weights with
  ``torch.save``), its size, and its predictions after loading it back.
* **Draw.** A digit the learner draws, downscaled to 8×8 the way the digits were made, and
  the model's ten probabilities for it.

Only the current step is computed; a fit is remembered per upstream choice (seed, scaler,
model and its knob), so every step after the model step reads the same fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets.readonly import readonly
from explorers import _image_fit as fits
from explorers._contract import choice, knob, knobs, log_knob
from explorers._memo import Memo
from explorers._image_code import code as _code
from explorers._image_fit import MODELS, SCALERS, WITH_C, WITH_EPOCHS, Fit

NOTICE = (
    "Everything the pipeline learns, it learns from the training images only: the scaler's means and "
    "spreads, the model's weights. Cross-validation shows how far the test accuracy moves with the split "
    "alone, the confusion matrix which digits are mixed up; a saved model must answer exactly as before "
    "once loaded, and then it answers a digit you draw."
)
MISREADING = (
    "\"97% on the test set, so it reads handwriting\": the digits were all written, cropped and "
    "downscaled the same way, and a digit drawn with a mouse is not; another split alone moves the "
    "score by a point or more, and the model's most confident mistakes sit above 90%."
)
HEADLINE = "value"

STEPS = ("split", "scale", "model", "cross-validate", "metrics", "save", "draw")
WHAT = {  # each step's headline number, as the page and the code name it
    "split": "share of the images held out for testing",
    "scale": "largest scaled pixel value in the training images",
    "model": "test accuracy",
    "cross-validate": "mean test accuracy over the splits",
    "metrics": "macro-averaged F1 on the test set",
    "save": "size of the saved file in bytes",
    "draw": "probability of the digit predicted for the chosen test image",
}
FORMATS = ("skops", "joblib")
N_IMAGES = 1_797
TEST_SHARE = fits.cnn.TEST_SHARE
N_TEST = fits.cnn.N_TEST
# The pages that explain each step, by their roadmap titles; the page links only those
# that are live (roadmap.live_topics), so a page still to come is never linked.
EXPLAINED = {
    "split": ("Cross-validation",),
    "scale": ("Scaling, encoding & imputation",),
    "cross-validate": ("Cross-validation", "Hyperparameter search"),
    "metrics": ("Classification metrics & ROC",),
    "save": ("Saving & serving models",),
    "draw": ("Saving & serving models", "CNN filters"),
}
MODEL_PAGES = {"logistic regression": "Logistic regression", "SVM": "Support vector machines",
               "MLP": "Neural-network playground", "CNN": "CNN filters"}


@dataclass(frozen=True)
class Params:
    HIDE_INACTIVE = True  # the page hides the other steps' controls (ui/controls.py)

    step: str = choice(
        "split", options=STEPS, label="Step",
        help="Where in the project you are: split the images, scale them, choose a model, "
             "cross-validate it, read its metrics, save it, and send it a digit you draw. "
             "Each step reads the choices of the steps before it.",
    )
    image: int = knob(0, lo=0, hi=N_TEST - 1, label="Test image",
                      help="Which of the 450 held-out test images to follow through the project: its 64 "
                           "numbers, the same scaled, and the model's answer for it.")
    seed: int = knob(0, lo=0, hi=999, label="Split seed",
                     help="Seed of the train/test split (and of the CNN's starting "
                          "weights and batches).")
    scaler: str = choice(
        "standard", options=SCALERS, label="Scaler",
        help="Fitted on the training images only, inside the pipeline: standard (each pixel to mean 0 "
             "and variance 1), min-max (each pixel to 0–1), or none. The CNN divides by 16 itself.",
    )
    model: str = choice(
        "logistic regression", options=MODELS, label="Model",
        help="Pipelines of the scaler and logistic regression, an SVM (RBF kernel, probabilities by "
             "CalibratedClassifierCV) or an MLP (64 hidden units); or the CNN filters page's small CNN "
             "(PyTorch code, not a pipeline).",
    )
    C: float = log_knob(1.0, lo=0.001, hi=100.0, label="C (inverse regularisation)", when=("model", WITH_C),
                        help="Smaller C: a simpler, more regularised model. Logistic regression and SVM.")
    epochs: int = knob(10, lo=1, hi=20, label="Epochs", when=("model", WITH_EPOCHS),
                       help="Passes over the 1,347 training images (MLP and CNN).")
    splits: int = knob(5, lo=2, hi=10, label="Splits",
                       help="How many splits the model is refitted on: the seeds seed, seed + 1, … "
                            "each holding out another stratified quarter.")
    format: str = choice(
        "skops", options=FORMATS, label="File format",
        help="skops writes no pickle and lists the types a file needs before loading it; joblib "
             "pickles (loading a pickle can run code: only load your own). The CNN's weights "
             "are saved with torch.save either way.",
    )

    def shown(self) -> tuple[str, ...]:
        return shown(self)


def shown(p: Params) -> tuple[str, ...]:
    """The controls of ``p``'s step: its own, and the model choice from the model step on."""
    own = {"split": ("image", "seed"), "scale": ("image", "scaler"), "model": ("model", "C", "epochs"),
           "cross-validate": ("model", "splits"), "metrics": ("model",),
           "save": ("model", "format"), "draw": ("model", "image")}[p.step]
    out = ["step", *own]
    if "C" in out and p.model not in WITH_C:
        out.remove("C")
    if "epochs" in out and p.model not in WITH_EPOCHS:
        out.remove("epochs")
    return tuple(name for name in knobs(Params) if name in out)


def explained(p: Params) -> tuple[str, ...]:
    """Roadmap titles of the pages that explain ``p``'s step (the page links the live ones)."""
    return (MODEL_PAGES[p.model],) if p.step == "model" else EXPLAINED[p.step]


# ---- the steps ----

@dataclass(frozen=True)
class Split:
    n_train: int
    n_test: int
    train_counts: np.ndarray  # (10,) images of each digit
    test_counts: np.ndarray
    samples: np.ndarray  # (20, 8, 8): the first training and the first test image of each digit
    sample_labels: tuple[str, ...]
    image: np.ndarray  # (8, 8) the chosen test image, as loaded (0–16)
    label: int  # its digit


def _split(p: Params) -> Split:
    X_train, X_test, y_train, y_test = fits.split(p.seed)
    first = [int(np.flatnonzero(y == d)[0]) for y in (y_train, y_test) for d in range(10)]
    images = np.concatenate([X_train[first[:10]], X_test[first[10:]]]).reshape(-1, 8, 8)
    labels = tuple(f"{part} {d}" for part in ("train", "test") for d in range(10))
    return Split(len(y_train), len(y_test), np.bincount(y_train, minlength=10),
                 np.bincount(y_test, minlength=10), images, labels,
                 np.asarray(X_test[p.image], float).reshape(8, 8), int(y_test[p.image]))


@dataclass(frozen=True)
class Scaled:
    scaler: str
    image: np.ndarray  # (8, 8) the chosen test image, raw (0–16)
    image_scaled: np.ndarray  # (8, 8) the same after the scaler fitted on the training images
    train_max: np.ndarray  # (64,) each pixel's largest value over the training images, scaled
    test_max: np.ndarray  # (64,) and over the test images
    train_min: np.ndarray
    blank: int  # pixels with no ink in any training image
    largest: float  # the largest scaled value in the training images
    largest_test: float
    pixel: int  # the pixel with the largest scaled training value
    pixel_inked: float  # the share of training images with any ink at that pixel


def _scaled(p: Params) -> Scaled:
    X_test = fits.split(p.seed)[1]
    test, summary = _scaling(p.seed, p.scaler)
    return Scaled(p.scaler, np.asarray(X_test[p.image], float).reshape(8, 8), test[p.image].reshape(8, 8),
                  **summary)


# The image control only picks another row: the scaler is fitted once per seed and scaler.
@lru_cache(maxsize=16)
def _scaling(seed: int, name: str):
    """(the scaled test images, the per-pixel summary of the scaled training and test images)."""
    X_train, X_test, _, _ = fits.split(seed)
    scaler = fits.scaler(name)
    if scaler == "passthrough":
        train, test = np.asarray(X_train, float), np.asarray(X_test, float)
    else:
        train, test = scaler.fit_transform(X_train), scaler.transform(X_test)
    pixel = int(train.max(axis=0).argmax())
    summary = dict(train_max=train.max(axis=0), test_max=test.max(axis=0), train_min=train.min(axis=0),
                   blank=int(np.count_nonzero(X_train.max(axis=0) == 0)), largest=float(train.max()),
                   largest_test=float(test.max()), pixel=pixel,
                   pixel_inked=float(np.mean(X_train[:, pixel] > 0)))
    return readonly((test, summary))


@dataclass(frozen=True)
class Crossed:
    seeds: np.ndarray  # the splits' seeds
    scores: np.ndarray  # test accuracy on each split
    mean: float
    std: float  # ddof=0, as scikit-learn's reports do


def _crossed(p: Params, progress=None) -> Crossed:
    seeds = np.array([(p.seed + i) % 1000 for i in range(p.splits)])
    scores = []
    for i, seed in enumerate(seeds):
        def report(fraction, text, i=i):
            if progress is not None:
                progress((i + fraction) / len(seeds), f"Split {i + 1} of {len(seeds)}: {text}")
        scores.append(_fit(p, int(seed), report).test_accuracy)
    scores = np.array(scores)
    return Crossed(seeds, scores, float(scores.mean()), float(scores.std()))


@dataclass(frozen=True)
class Scored:
    f1: np.ndarray  # (10,) per digit
    macro_f1: float
    precision: np.ndarray
    recall: np.ndarray


def _scored(fit: Fit) -> Scored:
    return _SCORED.get(fits.key(fit.model, fit.seed, fit.scaler, fit.C, fit.epochs), lambda: _score(fit))


_SCORED = Memo(24)  # per fit, as the fits are: a revisit of the metrics step counts nothing again


def _score(fit: Fit) -> Scored:
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    precision, recall, f1, _ = precision_recall_fscore_support(fit.y_test, fit.predicted, zero_division=0)
    return Scored(f1, float(f1_score(fit.y_test, fit.predicted, average="macro")), precision, recall)


@dataclass(frozen=True)
class Saved:
    format: str  # "skops", "joblib" or "torch.save"
    sizes: tuple[tuple[str, int], ...]  # (format, bytes) of every format the model is written in
    size: int  # bytes of the chosen format
    same_predictions: int  # test images the loaded model predicts as the fitted one did
    same_probabilities: bool  # and with exactly the same probabilities
    untrusted: tuple[str, ...]  # skops: the types its file asks to trust (none for the others)
    load_seconds: float


def _saved(p: Params, fit: Fit) -> Saved:
    from explorers import _image_save

    return _image_save.saved(fit, p.format)


@dataclass(frozen=True)
class Result:
    step: str
    model: str
    split_seed: int
    value: float  # the step's headline number (WHAT[step])
    split: Split
    scaled: Scaled | None = None
    fit: Fit | None = None  # model, cross-validate, metrics, save, draw
    crossed: Crossed | None = None
    scored: Scored | None = None
    saved: Saved | None = None
    stand_in: np.ndarray | None = None  # draw: the chosen test image's probabilities, before a drawing


def _fit(p: Params, seed: int | None = None, progress=None) -> Fit:
    return fits.fitted(p.model, p.seed if seed is None else seed, p.scaler, p.C, p.epochs, progress)


def run(p: Params, progress=None) -> Result:
    split = _split(p)
    parts: dict = {}
    if p.step == "split":
        value = split.n_test / (split.n_train + split.n_test)
    elif p.step == "scale":
        parts["scaled"] = _scaled(p)
        value = parts["scaled"].largest
    elif p.step == "cross-validate":
        parts["crossed"] = _crossed(p, progress)
        parts["fit"] = _fit(p)  # the first split's: remembered, so free
        value = parts["crossed"].mean
    else:
        fit = parts["fit"] = _fit(p, progress=progress)
        value = fit.test_accuracy
        if p.step == "metrics":
            parts["scored"] = _scored(fit)
            value = parts["scored"].macro_f1
        elif p.step == "save":
            if progress is not None:
                progress(1.0, "Saving and loading the model back…")
            parts["saved"] = _saved(p, fit)
            value = float(parts["saved"].size)
        elif p.step == "draw":
            parts["stand_in"] = fits.probabilities(fit, fit.X_test[p.image])
            value = float(parts["stand_in"].max())
    return readonly(Result(step=p.step, model=p.model, split_seed=p.seed, value=float(value), split=split,
                           **parts))


def probabilities(r: Result, image: np.ndarray) -> np.ndarray:
    """The fitted model's ten probabilities for an 8×8 image (a drawing) on the 0–16 scale."""
    return fits.probabilities(r.fit, image)


def code(p: Params) -> str:
    return _code(p)
