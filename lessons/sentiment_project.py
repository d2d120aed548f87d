"""The sentiment project: a stop list that deletes "not", a source the model never read, and a
pipeline that survives saving."""

import re

import numpy as np

from explorers import _sproject_fit as fits
from explorers import sentiment_project as ex
from figures import sentiment_project as fig
from lessons import Challenge, Claim, Step, titled

NEGATED = "The food was not good."
TURNS = re.compile(r"\b(not|never|no|but)\b|n't\b", re.IGNORECASE)  # words that turn a review around


def _verdict(r) -> str:
    return "Positive" if r.served.loaded > 0.5 else "Negative"


def _same_words(stop: str) -> bool:
    """Whether "not good" and "good" leave the cleaning as the same words."""
    analyse = fits.vectoriser("lowercase", stop, "none", "bag of words", "words").build_analyzer()
    return analyse("not good") == analyse("good")


def _negations(r) -> bool:
    return (fits.NEGATIONS <= set(fits.stop_list("drop")) and _same_words("drop")
            and not _same_words("drop, keep negations") and not _same_words("keep"))


def _own(r) -> float:
    """The held-out accuracy on the training source itself, the rest of ``r``'s state alike."""
    p = ex.Params(step="model", source="amazon")
    return ex.run(p).fit.test_accuracy


def _drop(r) -> str:
    gap = _own(r) - r.fit.test_accuracy
    if gap < 0.02:
        return "Within 2 points"
    return "2 to 10 points lower" if gap <= 0.10 else "More than 10 points lower"


def _round_trip(r) -> bool:
    s = r.saved
    return s.same_predictions == len(r.fit.y_test) and s.same_probabilities


def _larger(r) -> str:
    sizes = dict(r.saved.sizes)
    ratio = sizes["skops"] / sizes["joblib"]
    return "skops, many times" if ratio > 3 else "joblib, many times" if ratio < 1 / 3 else "About the same"


def _turned(r) -> int:
    return sum(bool(TURNS.search(text)) for text, _, _ in r.errors.wrong)


def _misreading(r) -> bool:
    across = ex.run(ex.Params(step="model", source="amazon", test_on="imdb")).fit.test_accuracy
    return _negations(r) and "but" in fits.stop_list("drop") and across < 0.70 < _own(r)


NEGATION = dict(step="serve", stop="drop", sentence=NEGATED)
ACROSS = dict(step="model", source="amazon", test_on="imdb")

CHALLENGES = (
    Challenge(
        question=f"Stop words dropped with scikit-learn's list, then served: what does the model say "
                 f"to \"{NEGATED}\"?",
        options=("Negative", "Positive"),
        state=NEGATION,
        answer=_verdict, expected="Positive",
        why=lambda r: f"P(positive) {r.served.loaded:.2f}: \"not\" is on the stop list, so the model reads "
                      "\"food good\". Keep the negations (the third stop-word choice) and it says negative.",
    ),
    Challenge(
        question="Trained on Amazon phone reviews, tested on IMDb film reviews: how does its held-out "
                 "accuracy compare with Amazon's own held-out sentences?",
        options=("Within 2 points", "2 to 10 points lower", "More than 10 points lower"),
        state=ACROSS,
        answer=_drop, expected="More than 10 points lower",
        why=lambda r: f"{r.fit.test_accuracy:.1%} on IMDb against {_own(r):.1%} on Amazon: the words that "
                      "praise a phone (\"battery\", \"works\") are not those that praise a film.",
    ),
    Challenge(
        question="The same fitted pipeline saved with skops and with joblib: which file is larger?",
        options=("skops, many times", "About the same", "joblib, many times"),
        state=dict(step="save"),
        answer=_larger, expected="skops, many times",
        why=lambda r: f"skops {dict(r.saved.sizes)['skops'] / 1000:,.0f} kB, joblib "
                      f"{dict(r.saved.sizes)['joblib'] / 1000:,.0f} kB: skops writes the vocabulary's "
                      "thousands "
                      "of words as plain, inspectable data instead of one pickled dict.",
    ),
)

TOUR = (
    Step("Clean: lowercasing merges \"Great\" and \"great\", and the vocabulary of the training "
         "sentences shrinks.", dict(step="clean"),
         holds=lambda r: r.cleaned.stages[1][1] < r.cleaned.stages[0][1]),
    Step("Vectorise: each sentence becomes a row of thousands of TF-IDF features, almost all zero.",
         dict(step="vectorise"), holds=lambda r: r.vectors.n_features > 1000 and r.vectors.density < 0.01),
    Step("Model: logistic regression gets about four in five held-out sentences right, and more of its "
         "training sentences.", dict(step="model"),
         holds=lambda r: 0.75 < r.fit.test_accuracy < 0.9 and r.fit.train_accuracy > r.fit.test_accuracy),
    Step("Cross-validate: the same pipeline refitted on five folds; the scores move by more than a point.",
         dict(step="cross-validate"), holds=lambda r: np.ptp(r.crossed.scores) > 0.01),
    Step("Errors: its surest mistakes are full of \"not\", \"never\" and \"but\".",
         dict(step="errors"), holds=lambda r: _turned(r) >= 3),
    Step("Serve: drop the stop words and \"The food was not good.\" comes back positive.",
         NEGATION, holds=lambda r: r.served.loaded > 0.5),
)

MAIN = titled(fig.main_figure)

MEASURES = (("Headline number", lambda r: r.value, "{:.4g}"),)  # the step says which (ex.WHAT)

CLAIMS = {
    "negations": Claim("scikit-learn's stop list holds \"not\", \"no\" and \"never\": dropping it makes "
                       "\"not good\" and \"good\" the same words. \"Drop, keep negations\" keeps them apart.",
                       state=dict(step="clean"), holds=_negations),
    "sparse": Claim("Each sentence uses a handful of the thousands of features: under 1% of the training "
                    "matrix's cells are not zero, so scikit-learn stores it sparse.",
                    state=dict(step="vectorise"), holds=lambda r: r.vectors.density < 0.01),
    "minilm_raw": Claim("MiniLM reads the raw sentence: the cleaning choices do not reach it, and every one "
                        "of its 384 numbers is filled in.",
                        state=dict(step="vectorise", vectoriser="MiniLM"),
                        holds=lambda r: r.vectors.n_features == 384 and r.vectors.density > 0.99
                        and ex.features(ex.Params(vectoriser="MiniLM", stop="drop", stem="Porter"))
                        == ex.features(ex.Params(vectoriser="MiniLM"))),
    "overfit": Claim("Every model gets more of its training sentences right than of the held-out ones: "
                     "the gap is what it memorised.", state=dict(step="model"),
                     holds=lambda r: bool((r.compared.train > r.compared.test).all())),
    "folds": Claim("The whole pipeline, vocabulary included, is refitted on each fold; the fold scores move "
                   "by more than a point, and the held-out quarter's accuracy falls within their range.",
                   state=dict(step="cross-validate"),
                   holds=lambda r: np.ptp(r.crossed.scores) > 0.01
                   and r.crossed.scores.min() <= r.fit.test_accuracy <= r.crossed.scores.max()),
    "surest": Claim("Among its surest mistakes are sentences a bag of words cannot read: a negation "
                    "(\"not bad\") or a contrast (\"but\") turns the words' sum around.",
                    state=dict(step="errors"), holds=lambda r: _turned(r) >= 3),
    "round_trip": Claim("Loaded back from the bytes, the pipeline gives every held-out sentence the same "
                        "probability, bit for bit.", state=dict(step="save"), holds=_round_trip),
    "served": Claim("The cleaning and the vectoriser are inside the saved pipeline, so your sentence is "
                    "cleaned as the training ones were, and the loaded model's answer equals the fitted one's.",
                    state=dict(step="serve"), holds=lambda r: r.served.loaded == r.served.fitted),
    "misreading": Claim(ex.MISREADING, state=dict(step="model"), holds=_misreading),
}
