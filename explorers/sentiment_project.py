"""Project: sentiment analysis, end to end
=======================================

The 3,000 UCI review sentences (Amazon phones, Yelp restaurants, IMDb films; half of each
positive) taken from raw text to a saved model that scores a sentence the learner types,
one step at a time:

* **Clean.** Lowercasing, stop words (scikit-learn's list, or that list less its negations)
  and a stemmer, and what each does to the vocabulary of the training sentences.
* **Vectorise.** A bag of word counts, TF-IDF weights, with or without pairs of words; or
  the 384 numbers the MiniLM encoder gives a sentence (shipped, computed once).
* **Model.** Logistic regression, a linear SVM or naive Bayes, fitted inside one
  ``Pipeline`` with the cleaning and the vectoriser, and scored on the held-out quarter.
* **Cross-validate.** The whole pipeline refitted on k folds of the training sentences.
* **Errors.** The confusion matrix and the held-out sentences it gets wrong most surely.
* **Save.** The fitted pipeline written with skops or joblib, loaded back, and checked to
  give the same answers.
* **Serve.** The learner's sentence scored by the loaded pipeline.

Only the current step is computed; a fit is remembered per upstream choice, so every step
after the model step reads the same fit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from datasets.readonly import readonly
from explorers import _minilm
from explorers import _sproject_fit as fits
from explorers._contract import choice, knob, knobs, log_knob, text
from explorers._sproject_fit import CASES, MODELS, STEMS, STOPS, TEST_ON, TRAIN_ON, VECTORISERS, WITH_C
from explorers._text import check_sentence

NOTICE = (
    "The cleaning is part of the model: the vectoriser that lowercases, drops stop words and stems "
    "is saved inside the pipeline, so a served sentence is cleaned exactly as the training ones were. "
    "Cross-validation refits all of it on each fold, and the surest mistakes show what a bag of "
    "words cannot read: \"not bad\" is \"not\" plus \"bad\"."
)
MISREADING = (
    "\"Stop words are noise, so dropping them can only help\": scikit-learn's list holds \"not\", "
    "\"no\", \"never\" and \"but\", the very words that turn a review around; and a model that "
    "scores 80% on reviews of one kind can drop well below that on another."
)
HEADLINE = "value"

STEPS = ("clean", "vectorise", "model", "cross-validate", "errors", "save", "serve")
WHAT = {  # each step's headline number, as the page and the code name it
    "clean": "distinct words in the training sentences after cleaning",
    "vectorise": "features (columns) the vectoriser makes",
    "model": "accuracy on the held-out sentences",
    "cross-validate": "mean accuracy over the folds",
    "errors": "held-out sentences it gets wrong",
    "save": "size of the saved file in bytes",
    "serve": "P(positive) of your sentence, from the loaded model",
}
FORMATS = ("skops", "joblib")
MAX_CHARS = 200
SENTENCE = "Not bad at all, but the battery is terrible."
EXAMPLES = ("The food was not good.", "I LOVE this phone!!!", "[x](https://e.com) <b>bold</b> $x$")
N_SHOWN = 4  # training sentences beside the learner's in the vectorise step's matrix
N_COLUMNS = 14  # features shown there at most
# The pages that explain each step, by their roadmap titles; the page links only those that
# are live (roadmap.live_topics), so a page still to come is never linked.
EXPLAINED = {
    "clean": ("Text preprocessing",),
    "vectorise": ("Text preprocessing", "Transformers & attention"),
    "cross-validate": ("Cross-validation",),
    "errors": ("Classification metrics & ROC", "Sentiment analysis"),
    "save": ("Saving & serving models",),
    "serve": ("Saving & serving models", "Sentiment analysis"),
}
MODEL_PAGES = {"logistic regression": "Logistic regression", "linear SVM": "Support vector machines",
               "naive Bayes": "Probability & Bayes"}


@dataclass(frozen=True)
class Params:
    HIDE_INACTIVE = True  # the page hides the other steps' controls (ui/controls.py)

    step: str = choice(
        "clean", options=STEPS, label="Step",
        help="Where in the project you are: clean the text, turn it into numbers, choose a model, "
             "cross-validate it, read its errors, save it, and serve your own sentence. Each step "
             "reads the choices of the steps before it.",
    )
    sentence: str = text(
        SENTENCE, max_chars=MAX_CHARS, label="Your sentence", check=check_sentence, examples=EXAMPLES,
        help=f"Followed through the project: cleaned, vectorised, and scored by the saved model "
             f"(at most {MAX_CHARS} characters, on one line).",
    )
    source: str = choice(
        "all", options=TRAIN_ON, label="Train on",
        help="The training sentences: three quarters of every source (2,250), or of one (750).",
    )
    case: str = choice("lowercase", options=CASES, label="Case",
                       help="Lowercase every sentence first, so \"Great\" and \"great\" are one word.")
    stop: str = choice(
        "keep", options=STOPS, label="Stop words",
        help="Drop scikit-learn's 318 English stop words, or all of them but the negations "
             "(not, no, nor, never, nothing, none, cannot).",
    )
    stem: str = choice("none", options=STEMS, label="Stemming",
                       help="Cut each word to its stem (nltk's Porter, Snowball, Lancaster) or its "
                            "dictionary form (simplemma), so \"loved\" and \"loves\" become one feature.")
    top: int = knob(10, lo=5, hi=20, label="Commonest words shown",
                    help="How many of the training sentences' commonest words (after cleaning) the "
                         "second chart lists.")
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Which quarter of each source is held out, and how the folds are shuffled.")
    vectoriser: str = choice(
        "TF-IDF", options=VECTORISERS, label="Features",
        help="A bag of word counts; TF-IDF (counts weighted down for words most sentences use, "
             "each row scaled to length 1); or MiniLM's 384 numbers per raw sentence, which no "
             "cleaning reaches.",
    )
    ngrams: str = choice("words", options=tuple(fits.NGRAMS), label="n-grams",
                         when=("vectoriser", ("bag of words", "TF-IDF")),
                         help="Single words, or words and pairs of neighbours (\"not good\" becomes a "
                              "feature of its own).")
    model: str = choice(
        "logistic regression", options=MODELS, label="Model",
        help="Fitted at the end of the pipeline. The linear SVM's probabilities come from "
             "CalibratedClassifierCV; naive Bayes is multinomial on words, Gaussian on MiniLM.",
    )
    C: float = log_knob(1.0, lo=0.01, hi=100.0, label="C (inverse regularisation)", when=("model", WITH_C),
                        help="Smaller C: every weight held nearer zero. Logistic regression and the SVM.")
    test_on: str = choice(
        "same", options=TEST_ON, label="Test on",
        help="The held-out quarter the model is scored on: of the source(s) it was trained on, or "
             "of one source (train on Amazon, test on IMDb).",
    )
    folds: int = knob(5, lo=2, hi=10, label="Folds",
                      help="k of the stratified k-fold cross-validation on the training sentences.")
    format: str = choice(
        "skops", options=FORMATS, label="File format",
        help="skops writes no pickle and lists the types a file needs before loading it; joblib "
             "pickles (loading a pickle can run code: only load your own).",
    )

    def shown(self) -> tuple[str, ...]:
        return shown(self)


def shown(p: Params) -> tuple[str, ...]:
    """The controls of ``p``'s step: its own, and the model choice from the model step on."""
    own = {"clean": ("sentence", "source", "case", "stop", "stem", "top", "seed"),
           "vectorise": ("sentence", "vectoriser", "ngrams"),
           "model": ("model", "C", "test_on"), "cross-validate": ("model", "folds"),
           "errors": ("model", "test_on"), "save": ("model", "format"),
           "serve": ("sentence", "model", "format")}[p.step]
    out = ["step", *own]
    if "C" in out and p.model not in WITH_C:
        out.remove("C")
    if "ngrams" in out and p.vectoriser == "MiniLM":
        out.remove("ngrams")
    return tuple(name for name in knobs(Params) if name in out)


def explained(p: Params) -> tuple[str, ...]:
    """Roadmap titles of the pages that explain ``p``'s step (the page links the live ones)."""
    return (MODEL_PAGES[p.model],) if p.step == "model" else EXPLAINED[p.step]


def features(p: Params) -> fits.Features:
    return fits.features(p.case, p.stop, p.stem, p.vectoriser, p.ngrams, p.source, p.seed)


def fit(p: Params) -> fits.Fit:
    return fits.fitted(features(p), p.model, p.C, p.test_on)


# ---- the steps ----

@dataclass(frozen=True)
class Cleaned:
    stages: tuple[tuple[str, int], ...]  # (stage, distinct training words after it), in order
    tokens: tuple[str, ...]  # the learner's sentence as the vectoriser's words
    dropped: tuple[str, ...]  # its words the stop list removed
    frequent: tuple[str, ...]  # the training sentences' commonest words after cleaning
    counts: np.ndarray  # how many times each occurs in them


def _cleaned(p: Params) -> Cleaned:
    case = p.case == "lowercase"
    size = [fits.vocabulary(CASES[1], STOPS[0], STEMS[0], p.source, p.seed),
            fits.vocabulary(p.case, STOPS[0], STEMS[0], p.source, p.seed),
            fits.vocabulary(p.case, p.stop, STEMS[0], p.source, p.seed),
            fits.vocabulary(p.case, p.stop, p.stem, p.source, p.seed)]
    names = ("as written", "lowercased" if case else "case kept", f"stop words: {p.stop}", f"stemmed: {p.stem}")
    analyse = fits.vectoriser(p.case, p.stop, p.stem, "bag of words", "words").build_analyzer()
    words = fits._WORDS.findall(p.sentence.lower() if case else p.sentence)
    stop = set(fits.stop_list(p.stop) or ())
    names_out, total = fits.word_totals(p.case, p.stop, p.stem, p.source, p.seed)
    top = np.argsort(-total, kind="stable")[:p.top]
    return Cleaned(tuple(zip(names, size)), tuple(analyse(p.sentence)), tuple(w for w in words if w in stop),
                   tuple(str(names_out[j]) for j in top), total[top].astype(float))


@dataclass(frozen=True)
class Vectors:
    columns: tuple[str, ...]  # the features shown: your sentence's known ones (or MiniLM's first)
    rows: tuple[str, ...]  # your sentence, then the training sentences sharing most with it
    matrix: np.ndarray  # (rows, columns) the vectoriser's values
    n_features: int
    unknown: tuple[str, ...]  # your sentence's features the vocabulary does not hold
    density: float  # share of the training matrix's cells that are not zero


def _vectors(p: Params) -> Vectors:
    f = features(p)
    step, X = fits.train_matrix(f)
    texts = fits.data.corpus()[0][fits.data.rows("train", p.source, p.seed)]
    if step is None:  # MiniLM: dense, every cell a number
        x = _minilm.embed(p.sentence)
        near = np.argsort(-(X @ x), kind="stable")[:N_SHOWN]
        matrix = np.vstack([x[None, :N_COLUMNS], X[near, :N_COLUMNS]])
        columns = tuple(f"dim {j}" for j in range(N_COLUMNS))
        unknown, density, n = (), float(np.mean(X != 0)), X.shape[1]
    else:
        x = step.transform([p.sentence])
        analyse = step.build_analyzer()
        vocabulary = step.vocabulary_
        grams = list(dict.fromkeys(analyse(p.sentence)))
        known = [g for g in grams if g in vocabulary][:N_COLUMNS]
        unknown = tuple(g for g in grams if g not in vocabulary)
        cols = [vocabulary[g] for g in known]
        shared = np.asarray((X[:, cols] != 0).sum(axis=1)).ravel() if cols else np.zeros(X.shape[0])
        near = np.argsort(-shared, kind="stable")[:N_SHOWN]
        matrix = np.vstack([x[:, cols].toarray(), X[near][:, cols].toarray()]) if cols \
            else np.zeros((N_SHOWN + 1, 0))
        columns, n = tuple(known), X.shape[1]
        density = float(X.nnz / (X.shape[0] * X.shape[1]))
    rows = ("your sentence", *(str(texts[j]) for j in near))
    return Vectors(columns, rows, np.asarray(matrix, float), int(n), unknown, density)


@dataclass(frozen=True)
class Compared:
    models: tuple[str, ...]
    train: np.ndarray  # training accuracy of each model, same features
    test: np.ndarray  # held-out accuracy
    top_names: tuple[str, ...]  # the chosen model's most negative then most positive word features
    top_values: np.ndarray  # their weights (naive Bayes: log P(word | +) − log P(word | −))


def _compared(p: Params, chosen: fits.Fit) -> Compared:
    f = features(p)
    others = [chosen if m == p.model else fits.fitted(f, m, p.C, p.test_on) for m in MODELS]
    names, values = _top(chosen.estimator, p.vectoriser)
    return Compared(MODELS, np.array([o.train_accuracy for o in others]),
                    np.array([o.test_accuracy for o in others]), names, values)


def _top(pipe, kind: str, n: int = 6):
    """The word features pushing hardest each way, or none for MiniLM (its 384 have no names)."""
    if kind == "MiniLM":
        return (), np.zeros(0)
    clf = pipe.named_steps["classify"]
    if hasattr(clf, "feature_log_prob_"):
        weight = clf.feature_log_prob_[1] - clf.feature_log_prob_[0]
    elif hasattr(clf, "calibrated_classifiers_"):
        weight = clf.calibrated_classifiers_[0].estimator.coef_[0]
    else:
        weight = clf.coef_[0]
    order = np.argsort(weight, kind="stable")
    chosen = np.concatenate([order[:n], order[-n:]])
    names = pipe.named_steps["vectorise"].get_feature_names_out()
    return tuple(str(names[j]) for j in chosen), weight[chosen].astype(float)


@dataclass(frozen=True)
class Served:
    format: str
    loaded: float  # P(positive) of the sentence by the pipeline loaded back from the file
    fitted: float  # and by the pipeline in memory, before saving


@dataclass(frozen=True)
class Result:
    step: str
    model: str
    vectoriser: str
    sentence: str  # the learner's text: escape it wherever it is shown
    value: float  # the step's headline number (WHAT[step])
    cleaned: Cleaned | None = None
    vectors: Vectors | None = None
    fit: fits.Fit | None = None  # model, cross-validate, errors, save, serve
    compared: Compared | None = None
    crossed: fits.Crossed | None = None
    errors: fits.Errors | None = None
    saved: fits.Saved | None = None
    served: Served | None = None


def run(p: Params, progress=None) -> Result:
    """``progress(fraction, text)``, if given, hears of the slow parts: loading the encoder,
    each fold's fit, and writing the files."""
    report = progress or (lambda fraction, text: None)
    parts: dict = {}
    needs_encoder = p.vectoriser == "MiniLM" and p.step in ("vectorise", "serve")
    if needs_encoder and not _minilm.loaded():
        report(0.05, "Loading the MiniLM encoder (once per server)…")
    if p.step == "clean":
        if p.stem != "none":
            report(0.1, f"Cleaning the training sentences ({p.stem})…")
        parts["cleaned"] = _cleaned(p)
        value = parts["cleaned"].stages[-1][1]
    elif p.step == "vectorise":
        parts["vectors"] = _vectors(p)
        value = parts["vectors"].n_features
    elif p.step == "cross-validate":
        parts["crossed"] = fits.crossed(features(p), p.model, p.C, p.folds, progress)
        parts["fit"] = fit(p)
        value = parts["crossed"].mean
    else:
        report(0.1, "Fitting the pipeline…")
        chosen = parts["fit"] = fit(p)
        value = chosen.test_accuracy
        if p.step == "model":
            report(0.4, "Fitting the other two models for comparison…")
            parts["compared"] = _compared(p, chosen)
        elif p.step == "errors":
            parts["errors"] = fits.errors(chosen)
            value = parts["errors"].mistakes
        elif p.step in ("save", "serve"):
            report(0.5, "Saving the pipeline and loading it back…")
            saved, loaded = fits.saved(chosen, _key(p), p.format)
            parts["saved"] = saved
            value = saved.size
            if p.step == "serve":
                parts["served"] = Served(p.format, fits.score(loaded, p.sentence),
                                         fits.score(chosen.estimator, p.sentence))
                value = parts["served"].loaded
    return readonly(Result(step=p.step, model=p.model, vectoriser=p.vectoriser, sentence=p.sentence,
                           value=float(value), **parts))


def _key(p: Params) -> tuple:
    return (features(p), p.model, p.C if p.model in WITH_C else 1.0, p.test_on)


def code(p: Params) -> str:
    from explorers._sproject_code import code as _code

    return _code(p)
