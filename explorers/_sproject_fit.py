"""The sentiment project's cleaning, features and models, fitted once per upstream choice.

The sentences, their split (a stratified quarter of every source held out) and the MiniLM
embeddings are the sentiment page's own (``explorers._sentiment_fit``, ``explorers._minilm``),
so a model here is scored on the very sentences that page scores on.

Cleaning lives inside the vectoriser, and so inside the saved pipeline: lowercasing is its
``lowercase``, stop words its ``stop_words``, and stemming a ``tokenizer`` (``Cleaner``) that
drops the stop words before it stems them (scikit-learn would compare its list with the
stems otherwise, and warn). A model that cleaned its training text one way and a served
sentence another would read words it never learned.

A fit depends on the cleaning, the features, the model and its C, the source and the seed,
and on nothing a later step sets, so cross-validation, errors, save and serve all read the
model step's fit. The vectoriser does not depend on the model, and it is most of a fit: it is
fitted once per cleaning and features, and only the classifier after it is refitted when
the model or C moves (the same pipeline ``Pipeline.fit`` gives; the tests compare them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets.readonly import readonly
from explorers import _minilm, _text
from explorers import _sentiment_fit as data
from explorers._memo import Memo

SOURCES = data.SOURCES
TRAIN_ON = data.TRAIN_ON
TEST_ON = ("same", *SOURCES)
CASES = ("lowercase", "keep case")
STOPS = ("keep", "drop", "drop, keep negations")
# scikit-learn's list holds the words that turn a review around: dropping them all makes
# "not good" and "good" the same sentence to the model.
NEGATIONS = frozenset({"not", "no", "nor", "never", "nothing", "none", "cannot"})
STEMS = _text.STEMS
VECTORISERS = ("bag of words", "TF-IDF", "MiniLM")
NGRAMS = {"words": (1, 1), "words and pairs": (1, 2)}
MODELS = ("logistic regression", "linear SVM", "naive Bayes")
WITH_C = ("logistic regression", "linear SVM")
MAX_ITER = 1000
CALIBRATION_FOLDS = 3  # the linear SVM's probabilities: CalibratedClassifierCV's folds
N_WRONG = 8  # confidently wrong held-out sentences listed
_WORDS = re.compile(_text.TOKEN_PATTERN)


def stop_list(stop: str) -> list[str] | None:
    """The stop words dropped, sorted (a list prints and saves the same every time)."""
    if stop == "keep":
        return None
    words = _text.stop_words()
    return sorted(words - NEGATIONS if stop == "drop, keep negations" else words)


class Cleaner:
    """The vectoriser's tokenizer when it stems: scikit-learn's own word pattern, the stop
    words dropped, then each word stemmed. Only the two names are its state, so a saved
    pipeline holds two strings here, not a stemmer object."""

    def __init__(self, stop: str = "keep", stem: str = "Porter"):
        self.stop, self.stem = stop, stem

    def __call__(self, text: str) -> list[str]:
        dropped = _stopset(self.stop)
        return [_text.stem(self.stem, w) for w in _WORDS.findall(text) if w not in dropped]

    def __getstate__(self):
        return {"stop": self.stop, "stem": self.stem}

    def __setstate__(self, state):
        self.stop, self.stem = state["stop"], state["stem"]


@lru_cache(maxsize=None)
def _stopset(stop: str) -> frozenset:
    return frozenset(stop_list(stop) or ())


def vectoriser(case: str, stop: str, stem: str, kind: str, ngrams: str):
    """The unfitted vectoriser for these cleaning and feature choices (not for MiniLM)."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    make = TfidfVectorizer if kind == "TF-IDF" else CountVectorizer
    words = dict(lowercase=case == "lowercase", ngram_range=NGRAMS[ngrams])
    if stem == "none":
        return make(stop_words=stop_list(stop), **words)
    return make(tokenizer=Cleaner(stop, stem), token_pattern=None, **words)


def classifier(model: str, C: float, kind: str):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB, MultinomialNB
    from sklearn.svm import LinearSVC

    if model == "logistic regression":
        # liblinear: two classes on sparse counts, about ten times faster here than lbfgs.
        return LogisticRegression(C=C, solver="liblinear", max_iter=MAX_ITER, random_state=0)
    if model == "linear SVM":
        # A linear SVM gives a margin, not a probability: calibrated on the training folds, as
        # the image project does, so every model here answers P(positive).
        return CalibratedClassifierCV(LinearSVC(C=C, random_state=0), ensemble=False, cv=CALIBRATION_FOLDS)
    # Counts for the multinomial model; MiniLM's coordinates are signed, so Gaussian there.
    return GaussianNB() if kind == "MiniLM" else MultinomialNB()


def pipeline(case: str, stop: str, stem: str, kind: str, ngrams: str, model: str, C: float):
    from sklearn.pipeline import Pipeline

    steps = [] if kind == "MiniLM" else [("vectorise", vectoriser(case, stop, stem, kind, ngrams))]
    return Pipeline(steps + [("classify", classifier(model, C, kind))])


def inputs(kind: str, rows: np.ndarray):
    """What a pipeline reads for these rows: their sentences, or their MiniLM embeddings."""
    return _minilm.shipped()[rows] if kind == "MiniLM" else list(data.corpus()[0][rows])


def vocabulary(case: str, stop: str, stem: str, on: str, seed: int) -> int:
    """Distinct words in the training sentences after this cleaning (words only, no pairs)."""
    return len(word_totals(case, stop, stem, on, seed)[0])


def word_totals(case: str, stop: str, stem: str, on: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(words, counts): the bag of words a CountVectorizer fitted on the training sentences
    holds, in its order, and each word's count in them.

    A seed or source picks training rows out of the same sentences, and CountVectorizer keeps
    every word it meets (min_df=1, max_df=1.0): its vocabulary is the words these rows count,
    in sorted order. So the whole corpus is counted once per cleaning and each choice of rows
    reads its sums, rather than fitting again on every seed move (~45 ms a fit)."""
    names, counts = _corpus_counts(case, stop, stem)
    total = np.asarray(counts[data.rows("train", on, seed)].sum(axis=0)).ravel()
    met = total > 0
    return names[met], total[met]


@lru_cache(maxsize=16)
def _corpus_counts(case: str, stop: str, stem: str):
    step = vectoriser(case, stop, stem, "bag of words", "words")
    counts = step.fit_transform(list(data.corpus()[0])).tocsr()
    return readonly((step.get_feature_names_out(), counts))


@lru_cache(maxsize=24)
def _vectorised(case: str, stop: str, stem: str, kind: str, ngrams: str, on: str, seed: int):
    step = vectoriser(case, stop, stem, kind, ngrams)
    X = step.fit_transform(inputs(kind, data.rows("train", on, seed)))
    return readonly((step, X))


@dataclass(frozen=True)
class Features:
    key: tuple  # (case, stop, stem, kind, ngrams, on, seed)
    kind: str


def features(case, stop, stem, kind, ngrams, on, seed) -> Features:
    """The feature choices, normalised: MiniLM reads the raw sentence, so cleaning and n-grams
    do not reach it and are left out of its key (moving them refits nothing)."""
    if kind == "MiniLM":
        case, stop, stem, ngrams = CASES[0], STOPS[0], STEMS[0], "words"
    return Features((case, stop, stem, kind, ngrams, on, seed), kind)


def train_matrix(f: Features):
    """(fitted vectoriser or None, the training rows' features)."""
    if f.kind == "MiniLM":
        on, seed = f.key[5:]
        return None, _minilm.shipped()[data.rows("train", on, seed)]
    return _vectorised(*f.key)


@lru_cache(maxsize=48)
def test_matrix(f: Features, test_on: str):
    on, seed = f.key[5:]
    rows = data.rows("test", test_on, seed)
    step = train_matrix(f)[0]
    return _minilm.shipped()[rows] if step is None else step.transform(inputs(f.kind, rows))


@dataclass(frozen=True)
class Fit:
    """One pipeline fitted on the training sentences, and its answers on the held-out ones."""

    estimator: object  # the fitted Pipeline
    train_accuracy: float
    test_accuracy: float
    y_test: np.ndarray
    proba: np.ndarray  # (n_test,) P(positive)
    predicted: np.ndarray
    test_rows: np.ndarray  # corpus rows of the held-out sentences


def fitted(f: Features, model: str, C: float, test_on: str) -> Fit:
    C = C if model in WITH_C else 1.0  # naive Bayes has no C: one fit for every C
    test_on = f.key[5] if test_on == "same" else test_on
    return _FITS.get((f, model, C, test_on), lambda: _fit(f, model, C, test_on))


_FITS = Memo(32)


def _fit(f: Features, model: str, C: float, test_on: str) -> Fit:
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.pipeline import Pipeline

    on, seed = f.key[5:]
    labels = data.corpus()[1]
    step, X = train_matrix(f)
    y = labels[data.rows("train", on, seed)]
    with warnings.catch_warnings():
        # LinearSVC at a large C stops at its iteration cap; the page reports its accuracy as is.
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = classifier(model, C, f.kind).fit(X, y)
    pipe = Pipeline(([] if step is None else [("vectorise", step)]) + [("classify", clf)])
    X_test = test_matrix(f, test_on)
    rows = data.rows("test", test_on, seed)
    y_test = labels[rows]
    proba = clf.predict_proba(X_test)[:, 1]
    predicted = clf.predict(X_test)
    return readonly(Fit(pipe, float(clf.score(X, y)), float(np.mean(predicted == y_test)), y_test, proba,
                        predicted, rows))


@dataclass(frozen=True)
class Crossed:
    scores: np.ndarray  # accuracy on each fold's held-back sentences
    sizes: np.ndarray  # sentences in each fold's held-back part
    mean: float
    std: float  # ddof=0, as scikit-learn's reports do


def folds(seed: int, n: int):
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(n_splits=n, shuffle=True, random_state=seed)


def crossed(f: Features, model: str, C: float, n: int, progress=None) -> Crossed:
    C = C if model in WITH_C else 1.0
    return _CROSSED.get((f, model, C, n), lambda report: _cross(f, model, C, n, report), progress=progress)


_CROSSED = Memo(32)


def _cross(f: Features, model: str, C: float, n: int, progress) -> Crossed:
    """The whole pipeline, cleaning included, refitted on each fold's other folds of the
    training sentences: a vocabulary learned from the held-back fold would leak its words."""
    import warnings

    from sklearn.base import clone
    from sklearn.exceptions import ConvergenceWarning

    case, stop, stem, kind, ngrams, on, seed = f.key
    rows = data.rows("train", on, seed)
    X, y = inputs(kind, rows), data.corpus()[1][rows]
    pipe = pipeline(case, stop, stem, kind, ngrams, model, C)
    scores, sizes = [], []
    for i, (fit_part, held) in enumerate(folds(seed, n).split(np.zeros(len(y)), y)):
        if progress is not None:
            progress(i / n, f"Fold {i + 1} of {n}: fitting the pipeline on the other folds…")
        pick = (lambda part: X[part]) if kind == "MiniLM" else (lambda part: [X[j] for j in part])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            fold = clone(pipe).fit(pick(fit_part), y[fit_part])
        scores.append(fold.score(pick(held), y[held]))
        sizes.append(len(held))
    scores = np.array(scores)
    return readonly(Crossed(scores, np.array(sizes), float(scores.mean()), float(scores.std())))


@dataclass(frozen=True)
class Errors:
    confusion: np.ndarray  # (2, 2) rows true negative/positive, columns predicted
    wrong: tuple[tuple[str, int, float], ...]  # surest mistakes first: (sentence, true label, P(positive))
    mistakes: int
    precision: float  # of "positive"
    recall: float


def errors(fit: Fit) -> Errors:
    from sklearn.metrics import confusion_matrix, precision_score, recall_score

    confidence = np.where(fit.predicted == 1, fit.proba, 1 - fit.proba)
    wrong = np.flatnonzero(fit.predicted != fit.y_test)
    surest = wrong[np.argsort(-confidence[wrong], kind="stable")[:N_WRONG]]
    texts = data.corpus()[0]
    return readonly(Errors(
        confusion_matrix(fit.y_test, fit.predicted, labels=[0, 1]),
        tuple((str(texts[fit.test_rows[i]]), int(fit.y_test[i]), float(fit.proba[i])) for i in surest),
        int(len(wrong)), float(precision_score(fit.y_test, fit.predicted, zero_division=0)),
        float(recall_score(fit.y_test, fit.predicted, zero_division=0))))


@dataclass(frozen=True)
class Saved:
    format: str
    sizes: tuple[tuple[str, int], ...]  # (format, bytes) of both formats
    size: int
    same_predictions: int  # held-out sentences the loaded model labels as the fitted one did
    same_probabilities: bool  # bit for bit
    untrusted: tuple[str, ...]  # skops: the types its file asks to trust


def saved(fit: Fit, key: tuple, format: str):
    """(Saved, the loaded pipeline) for ``format``; both formats are written once per fit."""
    return _SAVED.get(key, lambda: _both(fit))[format]


_SAVED = Memo(8)


def _both(fit: Fit) -> dict:
    # The image project's round trip: in memory, and only bytes written a moment before are
    # loaded (a joblib file is a pickle, which runs what it names as it loads).
    from explorers._image_save import _round_trip

    trips = {name: _round_trip(fit.estimator, name) for name in ("skops", "joblib")}
    sizes = tuple((name, len(trip[0])) for name, trip in trips.items())
    kind_rows = fit.test_rows
    out = {}
    for name, (blob, loaded, untrusted, _) in trips.items():
        X = _minilm.shipped()[kind_rows] if "vectorise" not in loaded.named_steps \
            else list(data.corpus()[0][kind_rows])
        proba = loaded.predict_proba(X)[:, 1]
        out[name] = (Saved(name, sizes, len(blob), int(np.sum(loaded.predict(X) == fit.predicted)),
                           bool(np.array_equal(proba, fit.proba)), tuple(untrusted)), loaded)
    return out


def score(pipe, sentence: str) -> float:
    """P(positive) of one sentence by a pipeline (MiniLM's embeds the sentence first)."""
    x = [sentence] if "vectorise" in pipe.named_steps else _minilm.embed(sentence)[None, :]
    return float(pipe.predict_proba(x)[0, 1])
