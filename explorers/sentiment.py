"""Sentiment analysis
==================

Three ways to say whether a review sentence is positive, on the UCI "Sentiment Labelled
Sentences" (1,000 each from Amazon phone reviews, Yelp restaurants and IMDb films):

* **TF-IDF + logistic regression** learns one weight per word (or pair of words). A
  sentence's score is the sum of its words' pushes, each its TF-IDF weight times the word's
  coefficient, plus the intercept; the sigmoid of that sum is P(positive).
* **VADER** learns nothing: it looks each word up in a lexicon people rated, then applies
  hand-written rules for negation ("not good"), boosters ("very good"), capitals and "but".
* **MiniLM + logistic regression** encodes the whole sentence with a small transformer into
  384 numbers, and learns the same kind of classifier on those.

Each is scored on held-out sentences, and on the learner's own sentence. Trained on one
source and tested on another (Amazon phones to IMDb films), the trained models lose accuracy:
the words that praise a phone are not those that praise a film.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from datasets.readonly import readonly
from explorers import _minilm, _vader
from explorers import _sentiment_fit as fit
from explorers._contract import choice, knob, log_knob, text
from explorers._sentiment_code import code as _code
from explorers._text import check_sentence

NOTICE = (
    "A bag of words adds up its words' pushes, so \"not\" and \"good\" each push on their own; "
    "VADER's rules catch \"not good\" and weigh what follows \"but\" more. Trained on one source "
    "and tested on another, the learned models lose accuracy: words that praise a phone are not "
    "those that praise a film."
)
MISREADING = (
    "\"The model understands the sentence\": the TF-IDF model only adds up word weights, so a word "
    "it never saw counts for nothing and word order is invisible to it; VADER only knows its "
    "lexicon and its rules; and none of the three can tell sarcasm from praise."
)
HEADLINE = "accuracy"

VIEWS = ("words", "lexicon rules", "embeddings", "across sources")
MODELS = ("TF-IDF + LR", "VADER", "MiniLM + LR")
MAX_CHARS = 200
SENTENCE = "Not bad at all, but the battery is terrible."
EXAMPLES = ("The food was not good.", "The plot was great, but the acting was awful.",
            "Oh great, another phone that dies after a day.", "I LOVE this phone!!!",
            "[x](https://e.com) <b>bold</b> $x$")
NEIGHBOURS = 5


@dataclass(frozen=True)
class Params:
    HIDE_INACTIVE = True  # the page hides the other views' controls (ui/controls.py)

    view: str = choice(
        "words", options=VIEWS, label="View",
        help="*words*: each word's push on the TF-IDF model's score; *lexicon rules*: VADER's "
             "valence of each word and the rules that changed it; *embeddings*: where MiniLM puts "
             "your sentence among the held-out reviews; *across sources*: train on one source, "
             "test on another.",
    )
    sentence: str = text(
        SENTENCE, max_chars=MAX_CHARS, label="Your sentence", check=check_sentence, examples=EXAMPLES,
        help=f"Scored by all three models (at most {MAX_CHARS} characters, on one line). Try a "
             "negation, a \"but\", or sarcasm.",
    )
    train_on: str = choice(
        "all", options=fit.TRAIN_ON, label="Train on",
        help="The sentences the two learned models are fitted on: three quarters of every source "
             "(2,250), or of one (750). They are tested on the held-out quarter of the same source(s).",
    )
    test_on: str = choice(
        "imdb", options=fit.SOURCES, label="Test on", when=("view", ("across sources",)),
        help="The held-out source the headline accuracy is measured on (the heat map shows every pair).",
    )
    model: str = choice(
        "TF-IDF + LR", options=MODELS, label="Model", when=("view", ("across sources",)),
        help="Whose accuracies the heat map shows. VADER learns nothing, so its rows are all alike.",
    )
    ngrams: str = choice(
        "words", options=tuple(fit.NGRAMS), label="TF-IDF features",
        when=("view", ("words", "across sources")),
        help="Single words, or words and pairs of neighbouring words (\"not good\" becomes a "
             "feature of its own).",
    )
    c: float = log_knob(
        10.0, lo=0.01, hi=100.0, label="Regularisation C",
        when=("view", ("words", "embeddings", "across sources")),
        help="The inverse regularisation strength of both logistic regressions: a small C keeps "
             "every weight near zero, a large C lets them grow to fit the training sentences.",
    )
    top: int = knob(8, lo=3, hi=15, label="Strongest features shown", when=("view", ("words",)),
                    help="How many of the model's most negative, and most positive, features the "
                         "lower chart lists.")
    seed: int = knob(0, lo=0, hi=999, label="Seed", help="Which quarter of each source is held out.")


@dataclass(frozen=True)
class Words:
    known: tuple[tuple[str, float, float], ...]  # (feature, TF-IDF weight, push on the logit)
    unknown: tuple[str, ...]  # the sentence's features the vocabulary does not hold
    intercept: float
    logit: float
    top_names: tuple[str, ...]  # the most negative, then the most positive coefficients
    top_coef: np.ndarray
    vocabulary: int


@dataclass(frozen=True)
class Space:
    x: np.ndarray  # held-out sentences: the classifier's logit
    y: np.ndarray  # and their coordinate across it (the first principal component left)
    label: np.ndarray  # their true labels
    point: tuple[float, float]  # the learner's sentence
    neighbours: tuple[tuple[str, int, float], ...]  # nearest training sentences (text, label, cosine)


@dataclass(frozen=True)
class Across:
    model: str
    table: np.ndarray  # accuracy, rows TRAIN_ON, columns SOURCES
    row: int  # the train_on and test_on cell
    col: int
    within: float  # mean of the one-source diagonal
    cross: float  # mean of the one-source off-diagonal cells
    own: float  # the column's source trained on itself: what the chosen cell is compared with


@dataclass(frozen=True)
class Result:
    view: str
    sentence: str  # the learner's text: escape it wherever it is shown
    train_on: str
    tfidf_p: float  # P(positive) of the TF-IDF model for the sentence
    vader: float  # VADER's compound score of the sentence
    minilm_p: float  # P(positive) of the MiniLM model
    accuracies: np.ndarray  # held-out accuracy of each of MODELS (trained and tested on train_on)
    vader_zero: float  # share of those held-out sentences VADER scores exactly 0
    n_test: int
    accuracy: float  # the headline: the view's model, or the across cell
    words: Words | None = None
    trace: _vader.Trace | None = None
    space: Space | None = None
    across: Across | None = None

    def verdict(self, model: str) -> str:
        score = {"TF-IDF + LR": self.tfidf_p - 0.5, "VADER": self.vader,
                 "MiniLM + LR": self.minilm_p - 0.5}[model]
        return "positive" if score > 0 else "neutral" if score == 0 and model == "VADER" else "negative"


def run(p: Params, progress=None) -> Result:
    """``progress(fraction, text)``, if given, hears of the slow first steps: loading the
    encoder (seconds, once per server) and fitting the two classifiers."""
    report = progress or (lambda fraction, text: None)
    if not _minilm.loaded():
        report(0.1, "Loading the MiniLM encoder (once per server)…")
    vector = _minilm.embed(p.sentence)
    report(0.5, "Fitting the two logistic regressions…")
    tfidf = fit.fitted_tfidf(p.train_on, p.ngrams, p.c, p.seed)
    minilm = fit.fitted_minilm(p.train_on, p.c, p.seed)
    test = fit.rows("test", p.train_on, p.seed)
    accuracies = np.array([_held_out(m, p) for m in MODELS])
    extra = {}
    if p.view == "words":
        extra["words"] = _words(tfidf, p.sentence, p.top)
    elif p.view == "lexicon rules":
        extra["trace"] = _vader.trace(p.sentence)
    elif p.view == "embeddings":
        extra["space"] = _space(p, minilm, vector)
    else:
        extra["across"] = _across(p)
    headline = (extra["across"].table[extra["across"].row, extra["across"].col] if p.view == "across sources"
                else accuracies[{"words": 0, "lexicon rules": 1, "embeddings": 2}[p.view]])
    return readonly(Result(
        view=p.view, sentence=p.sentence, train_on=p.train_on,
        tfidf_p=float(tfidf.predict_proba([p.sentence])[0, 1]),
        vader=_vader.compound(p.sentence),
        minilm_p=float(minilm.predict_proba(vector[None, :])[0, 1]),
        accuracies=accuracies,
        vader_zero=float(np.mean(fit.vader_compounds()[test] == 0)),
        n_test=len(test), accuracy=float(headline), **extra,
    ))


def _held_out(model: str, p: Params) -> float:
    return fit.accuracy(model, p.train_on, p.train_on, p.ngrams, p.c, p.seed)


def _words(pipe, sentence: str, top: int) -> Words:
    known, unknown, intercept = fit.contributions(pipe, sentence)
    names, coef = fit.top_words(pipe, top)
    return Words(known, unknown, intercept, intercept + sum(push for _, _, push in known), names, coef,
                 len(pipe.named_steps["tfidf"].vocabulary_))


def _space(p: Params, pipe, vector: np.ndarray) -> Space:
    x, y, label, axis = fit.space(p.train_on, p.c, p.seed)
    model = pipe.named_steps["classify"]
    embeddings = _minilm.shipped()
    train = fit.rows("train", p.train_on, p.seed)
    cosine = embeddings[train] @ vector  # both of length 1 (up to float16 rounding)
    nearest = train[np.argsort(-cosine, kind="stable")[:NEIGHBOURS]]
    texts, labels, _ = fit.corpus()
    return Space(x, y, label, (float(model.decision_function(vector[None, :])[0]), float(axis(vector))),
                 tuple((str(texts[j]), int(labels[j]), float(embeddings[j] @ vector)) for j in nearest))


def _across(p: Params) -> Across:
    table = fit.across(p.model, p.ngrams, p.c, p.seed)
    one = table[1:]  # the rows trained on one source, in the columns' order
    off = one[~np.eye(len(fit.SOURCES), dtype=bool)]
    col = fit.SOURCES.index(p.test_on)
    return Across(p.model, table, fit.TRAIN_ON.index(p.train_on), col, float(np.diag(one).mean()),
                  float(off.mean()), float(one[col, col]))


def code(p: Params) -> str:
    return _code(p)
