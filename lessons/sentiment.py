"""Sentiment: negation, contrast and sarcasm, each breaking a model, and a model moved to another source."""

from explorers import sentiment as ex
from figures import sentiment as fig
from lessons import Challenge, Claim, Step, titled
from figures.theme import pp

NEGATION = "The food was not bad at all."
CONTRAST = "The acting was awful, but the plot was great."
SARCASM = "Oh great, another phone that dies after a day."
ACROSS = dict(view="across sources", train_on="amazon", test_on="imdb")


def _verdicts(r) -> str:
    return ", ".join(f"{m} {r.verdict(m)}" for m in ex.MODELS)


def _push(r, word: str) -> float:
    return next(push for token, _, push in r.words.known if token == word)


def _rules(r, word: str) -> tuple:
    return next(w.rules for w in r.trace.words if w.text.lower() == word)


def _who_is_right(r) -> str:
    right = [m for m in ("TF-IDF + LR", "VADER") if r.verdict(m) == "positive"]
    return {0: "Neither", 2: "Both"}.get(len(right), f"{right[0]} only" if right else "Neither")


def _fooled(r) -> str:
    count = sum(r.verdict(m) == "positive" for m in ex.MODELS)
    return ("None of them", "One", "Two", "All three")[count]


def _gap(r) -> str:
    drop = r.accuracy - r.across.own
    return "Worse by 5 pp or more" if drop <= -0.05 else "Better" if drop > 0.05 else "About as good"


CHALLENGES = (
    Challenge(
        question=f"Negation: \"{NEGATION}\" is praise. What does the TF-IDF model call it?",
        options=("positive", "negative"),
        state=dict(sentence=NEGATION),
        answer=lambda r: r.verdict("TF-IDF + LR"), expected="negative",
        why=lambda r: f"P(positive) = {r.tfidf_p:.2f}: \"not\" pushes {_push(r, 'not'):+.2f} and \"bad\" "
                      f"{_push(r, 'bad'):+.2f}, each on its own; a bag of words cannot see that one "
                      f"cancels the other. VADER's negation rule flips \"bad\": compound {r.vader:+.2f}.",
    ),
    Challenge(
        question=f"Contrast: in \"{CONTRAST}\" the part after \"but\" wins, so it is positive. Which of "
                 "TF-IDF and VADER call it positive?",
        options=("TF-IDF + LR only", "VADER only", "Both", "Neither"),
        state=dict(view="lexicon rules", sentence=CONTRAST),
        answer=_who_is_right, expected="VADER only",
        why=lambda r: f"VADER halves the valences before \"but\" and multiplies those after it by 1.5: "
                      f"compound {r.vader:+.2f}. TF-IDF gives P(positive) = {r.tfidf_p:.2f}, the same as for "
                      "the two halves the other way round: word order is invisible to a bag of words.",
    ),
    Challenge(
        question=f"Sarcasm: \"{SARCASM}\" How many of the three models are fooled into calling it positive?",
        options=("None of them", "One", "Two", "All three"),
        state=dict(sentence=SARCASM),
        answer=_fooled, expected="All three",
        why=lambda r: f"{_verdicts(r)}. \"great\" is positive in VADER's lexicon and in the reviews, and "
                      "nothing in the words says it is meant the other way.",
    ),
    Challenge(
        question="Train the TF-IDF model on Amazon phone reviews and test it on IMDb film reviews. Compared "
                 "with training it on IMDb itself?",
        options=("Better", "About as good", "Worse by 5 pp or more"),
        state=ACROSS,
        answer=_gap, expected="Worse by 5 pp or more",
        why=lambda r: f"{r.accuracy:.1%} against {r.across.own:.1%} ({pp(r.accuracy - r.across.own)}): the "
                      "words that praise a phone (\"works\", \"battery\") say nothing about a film.",
    ),
)

TOUR = (
    Step("Each word pushes the TF-IDF model's score: here \"not\" and \"bad\" both push it negative, "
         "so \"not bad at all\" adds up to a negative review.",
         dict(sentence=NEGATION),
         holds=lambda r: (_push(r, "not") < 0 and _push(r, "bad") < 0
                          and r.verdict("TF-IDF + LR") == "negative")),
    Step("With pairs of words as features too, \"not bad\" has a weight of its own, and it pushes "
         "positive; but \"not\" and \"bad\" still push negative and outweigh it.",
         dict(sentence=NEGATION, ngrams="words and pairs"),
         holds=lambda r: _push(r, "not bad") > 0 and _push(r, "not") + _push(r, "bad") < -_push(r, "not bad")),
    Step("VADER looks \"bad\" up (−2.5) and its negation rule multiplies it by −0.74 because \"not\" comes "
         "just before it: a positive valence, and a positive compound score.",
         dict(view="lexicon rules", sentence=NEGATION),
         holds=lambda r: _rules(r, "bad")[0][0].startswith("negated by 'not'") and r.vader > 0),
    Step("MiniLM reads the whole sentence at once, yet it too calls this praise negative: the star "
         "lands left of the dashed line, among the negative reviews.",
         dict(view="embeddings", sentence=NEGATION),
         holds=lambda r: r.space.point[0] < 0 and r.verdict("MiniLM + LR") == "negative"),
    Step("Trained on Amazon's phone reviews, the TF-IDF model does much worse on IMDb's film reviews than "
         "one trained on IMDb itself: what it learnt does not travel.",
         ACROSS, holds=lambda r: r.accuracy <= r.across.own - 0.05),
)

MAIN = titled(fig.main_figure)

MEASURES = (
    ("Held-out accuracy", lambda r: r.accuracy, "{:.3f}"),
    ("TF-IDF P(positive)", lambda r: r.tfidf_p, "{:.2f}"),
    ("VADER compound", lambda r: r.vader, "{:+.2f}"),
    ("MiniLM P(positive)", lambda r: r.minilm_p, "{:.2f}"),
)


def _pushes_add_up(r) -> bool:
    w = r.words
    return abs(w.intercept + sum(p for _, _, p in w.known) - w.logit) < 1e-9 and bool(w.known)


def _a_rule_fired(r) -> bool:
    return any(w.lexicon is not None and w.valence != w.lexicon for w in r.trace.words)


def _space_sides(r) -> bool:
    s = r.space
    return (s.x[s.label == 1] > 0).mean() > 0.75 and (s.x[s.label == 0] < 0).mean() > 0.75


def _travels_badly(r) -> bool:
    return r.across.cross < r.across.within - 0.05


CLAIMS = {
    "words": Claim("Each bar is a word's TF-IDF weight times its coefficient; with the intercept they add "
                   "up to the score, whose sigmoid is P(positive). A word the model never saw pushes nothing, "
                   "and the order of the words changes nothing.", holds=_pushes_add_up),
    "lexicon": Claim("Hollow diamonds: each word's valence in VADER's lexicon. Bars: the valence after its "
                     "rules (negation, boosters, capitals, \"but\"), as the notes on the right say.",
                     state=dict(view="lexicon rules"), holds=_a_rule_fired),
    "space": Claim("Most positive reviews (blue) lie right of the dashed line and most negative ones (red) "
                   "left of it: the classifier's score separates them along one direction of the 384.",
                   state=dict(view="embeddings"), holds=_space_sides),
    "across": Claim("Trained on one source, a learned model scores the other two sources well below its own "
                    "held-out sentences (the diagonal). VADER learns nothing, so all its rows are the same.",
                    state=dict(view="across sources"), holds=_travels_badly),
}
