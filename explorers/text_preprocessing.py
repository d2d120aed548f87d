"""Text preprocessing
==================

Before a model can count words it has to decide what a word is. Four views of one pipeline,
on a shipped review sentence or on the learner's own text:

* **Tokens.** Three tokenisers side by side, each token coloured, as the tokenizer
  playgrounds draw them: scikit-learn's regular expression (runs of two or more word
  characters: "don't" loses its "t", "I" and "a" vanish), nltk's Penn Treebank rules
  ("do" + "n't", punctuation kept) and the WordPiece of the all-MiniLM-L6-v2 vocabulary,
  which lowercases, and cuts a word it does not hold into pieces that carry ``##``.
* **Steps.** The tokens through each step a ``CountVectorizer`` runs with them: lowercase,
  drop scikit-learn's stop words, stem (Porter, Snowball, Lancaster) or lemmatise
  (simplemma), and join neighbours into n-grams.
* **Matrix.** A few sentences as the bag-of-words or TF-IDF matrix that a
  ``CountVectorizer`` (+ ``TfidfTransformer``) pipeline makes of them.
* **Vocabulary.** How many distinct terms the whole 3,000-sentence corpus has under these
  choices, and under each single change of them.

Only the chosen view is computed. Nothing is downloaded: the tokenisers, stemmers, lemma
tables and the WordPiece vocabulary ship in their packages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np

from datasets.readonly import readonly
from explorers import _text
from explorers._contract import choice, knob, knobs
from explorers._contract import text as short_text
from explorers._text import NGRAMS, STEMS, TOKENIZERS, Steps, Token
from explorers._text_code import pipeline_code, tokens_code

NOTICE = (
    "A tokeniser decides what a word is before any model sees the text: the same review gives "
    "different tokens under a regular expression, the Treebank rules and WordPiece, which cuts a "
    "word it has never seen into ## pieces. Every later step (lowercasing, stop words, stemming, "
    "n-grams) merges or multiplies the columns of the bag of words: watch the vocabulary size."
)
MISREADING = (
    "\"A stemmer finds a word's dictionary form\": Porter turns \"was\" into \"wa\" and \"movie\" into "
    "\"movi\", and Lancaster cuts \"organization\" to \"org\"; only a lemmatiser gives \"be\" and "
    "\"movie\". And \"stop words are removed whatever the case\": scikit-learn's list is lowercase, "
    "so without lowercasing \"The\" and \"I\" stay in."
)
HEADLINE = "value"
# The first visit imports nltk and tokenises and stems the whole corpus, seconds once per server:
# ui/warm.py does it before the lecture.
WARM_AT_START = True

VIEWS = ("tokens", "steps", "matrix", "vocabulary")
WHAT = {  # each view's headline number, as the page and the code name it
    "tokens": "WordPiece tokens in the text",
    "steps": "terms the vectorizer counts in the text",
    "matrix": "columns of the matrix (its vocabulary)",
    "vocabulary": "distinct terms in the 3,000 sentences",
}
SOURCES = ("a shipped review", "your text")
TEXT_CHARS = 200  # a sentence or two: the tokens of three tokenisers still fit one screen
WORD_CHARS = 30
SHORT = (25, 80)  # the reviews drawn: long enough to say something, short enough to draw
DEFAULT_TEXT = "The batteries weren't lasting, but it's unbelievably overpriced!"
YES_NO = ("yes", "no")
WEIGHTINGS = ("counts", "TF-IDF")
TOP = 15  # the corpus's most frequent terms drawn


def check_text(value: str) -> None:
    if not any(c.isalnum() for c in value):
        raise ValueError("There is nothing to tokenise: write a few words.")


def check_word(value: str) -> None:
    if not value or any(c.isspace() for c in value):
        raise ValueError("Write one word, with no spaces.")
    if not any(c.isalnum() for c in value):
        raise ValueError("A word needs at least one letter or digit.")


@dataclass(frozen=True)
class Params:
    HIDE_INACTIVE = True  # the page hides the controls another view uses (ui/controls.py)

    view: str = choice(
        "tokens", options=VIEWS, label="View",
        help="*tokens*: three tokenisers side by side; *steps*: the tokens through lowercasing, stop "
             "words, stemming and n-grams; *matrix*: a few sentences as a bag-of-words or TF-IDF "
             "matrix; *vocabulary*: how each choice changes the vocabulary of the whole corpus.",
    )
    source: str = choice(
        "a shipped review", options=SOURCES, label="Text",
        help="A review sentence drawn from the 3,000 shipped ones (Amazon, Yelp and IMDb), or a "
             "sentence of your own.",
    )
    text: str = short_text(
        DEFAULT_TEXT, max_chars=TEXT_CHARS, label="Your text", check=check_text,
        when=("source", ("your text",)),
        examples=("I loved it!!! 10/10 would buy again :)",
                  "<script>alert('x')</script> [click](https://e.com) **bold** $x$ ''' \"\"\" \\",
                  "Crème brûlée in Zürich wasn't cheap"),
        help=f"One line, at most {TEXT_CHARS} characters. It stays in the link, so a shared link "
             "shows the same text.",
    )
    sentences: int = knob(
        4, lo=2, hi=6, label="Sentences", when=("view", ("matrix",)),
        help="How many sentences make the matrix: the text above and others drawn from the reviews.",
    )
    seed: int = knob(
        603, lo=0, hi=999, label="Reviews drawn",
        help="Which shipped reviews are drawn: the one tokenised (with a shipped review) and the "
             "other sentences of the matrix.",
    )
    word: str = short_text(
        "unbelievably", max_chars=WORD_CHARS, label="A word for WordPiece", check=check_word,
        when=("view", ("tokens",)), examples=("tokenisation", "Streamlit", "gr8"),
        help="Any word: WordPiece keeps it whole if its 30,522-piece vocabulary holds it, and "
             "otherwise cuts it into the longest pieces it does hold, each after the first marked ##.",
    )
    tokenizer: str = choice(
        "regular expression", options=TOKENIZERS, label="Tokeniser",
        help="*regular expression*: scikit-learn's default, runs of two or more letters or digits; "
             "*Treebank*: nltk's Penn Treebank rules (contractions split, punctuation kept); "
             "*WordPiece*: MiniLM's subword pieces (it lowercases by itself).",
    )
    lowercase: str = choice(
        "yes", options=YES_NO, label="Lowercase",
        help="Lowercase the text before tokenising (CountVectorizer's lowercase=True), so \"The\" and "
             "\"the\" are one term.",
    )
    stop_words: str = choice(
        "yes", options=YES_NO, label="Drop stop words",
        help="Drop scikit-learn's 318 English stop words (ENGLISH_STOP_WORDS: \"the\", \"is\", "
             "\"not\"...). The list is lowercase: \"The\" passes unless the text is lowercased.",
    )
    stem: str = choice(
        "Porter", options=STEMS, label="Stem or lemma",
        help="Cut each token to a stem with one of nltk's stemmers (Porter, its successor Snowball, "
             "or the aggressive Lancaster), or to its dictionary form with simplemma's lemmas.",
    )
    ngrams: str = choice(
        "1", options=tuple(NGRAMS), label="n-grams",
        help="Which n-grams are counted: single terms (1), single terms and pairs (1-2), up to "
             "triples (1-3), or pairs only (2). Pairs keep a little word order: \"not good\".",
    )
    weighting: str = choice(
        "TF-IDF", options=WEIGHTINGS, label="Weighting", when=("view", ("matrix",)),
        help="*counts*: how often each term occurs in each sentence (bag of words); *TF-IDF*: the "
             "counts times each term's inverse document frequency, each row scaled to length 1.",
    )

    def shown(self) -> tuple[str, ...]:
        return shown(self)


def shown(p: Params) -> tuple[str, ...]:
    """The controls that belong to ``p``'s view: the page shows these and hides the others."""
    on_text = p.view in ("tokens", "steps", "matrix")
    steps = p.view != "tokens"
    wordpiece = p.tokenizer == "WordPiece"
    applies = {
        "source": on_text,
        "text": on_text and p.source == "your text",
        "seed": (on_text and p.source == "a shipped review") or p.view == "matrix",
        "word": p.view == "tokens",
        "tokenizer": steps, "stop_words": steps, "ngrams": steps,
        # WordPiece lowercases by itself, and its pieces are not words a stemmer knows.
        "lowercase": steps and not wordpiece, "stem": steps and not wordpiece,
        "weighting": p.view == "matrix", "sentences": p.view == "matrix",
    }
    return tuple(name for name in knobs(Params) if applies.get(name, True))


def relevant(p: Params) -> Params:
    """``p`` with every control its view hides back at its default: the same result under one
    key, whatever the hidden ones were left at."""
    return Params(**{name: getattr(p, name) for name in shown(p)})


# ---- the data ----

@lru_cache(maxsize=1)
def pool() -> tuple[str, ...]:
    """The shipped review sentences of 25 to 80 characters (1,651 of the 3,000)."""
    lo, hi = SHORT
    return tuple(t for t in _text.corpus() if lo <= len(t) <= hi)


def drawn(p: Params) -> tuple[str, ...]:
    """The texts a state works on: the one tokenised first (the review drawn, or the learner's),
    then the matrix's other sentences, drawn from the reviews with ``p.seed``."""
    sentences = pool()
    order = np.random.default_rng(p.seed).permutation(len(sentences))[: max(p.sentences, 1)]
    texts = [sentences[i] for i in order]
    if p.source == "your text":
        texts[0] = p.text
    return tuple(texts)


def settings(p: Params) -> tuple:
    """The pipeline's steps as ``_text`` takes them (WordPiece: lowercased by itself, no stems)."""
    wordpiece = p.tokenizer == "WordPiece"
    return (p.tokenizer, True if wordpiece else p.lowercase == "yes", p.stop_words == "yes",
            "none" if wordpiece else p.stem, p.ngrams)


# ---- the result ----

@dataclass(frozen=True)
class Tokenised:
    rows: tuple[tuple[str, tuple[Token, ...]], ...]  # (tokeniser, its tokens), in TOKENIZERS order
    word: str
    pieces: tuple[str, ...]  # the word's WordPiece pieces
    split: tuple[tuple[str, tuple[str, ...]], ...]  # the text's words WordPiece cut, and their pieces
    # Tokens per sentence in the 3,000 reviews, per tokeniser: (5%, 25%, 50%, 75%, 95%) and mean.
    spread: np.ndarray  # (tokenisers, 5)
    means: np.ndarray  # (tokenisers,)

    def count(self, name: str) -> int:
        return len(dict(self.rows)[name])


@dataclass(frozen=True)
class Stepped:
    steps: Steps
    stemmer: str
    n_range: tuple[int, int]
    # Each distinct token left after the stop words, and its stem under every stemmer in STEMS
    # (the first column is the token itself).
    table: tuple[tuple[str, ...], ...]
    # The same steps on the 3,000 sentences: the distinct terms after each, as the chips' rows.
    funnel: np.ndarray  # (5,)


@dataclass(frozen=True)
class Matrix:
    sentences: tuple[str, ...]
    terms: tuple[str, ...]  # the columns, as get_feature_names_out() gives them
    counts: np.ndarray  # (sentences, terms): the bag of words
    tfidf: np.ndarray  # the same rows, TF-IDF weighted and L2-normalised
    idf: np.ndarray  # each term's inverse document frequency
    weighting: str

    @property
    def values(self) -> np.ndarray:
        return self.tfidf if self.weighting == "TF-IDF" else self.counts


@dataclass(frozen=True)
class Vocabulary:
    labels: tuple[str, ...]  # "as set", then each single change of the settings
    changes: tuple[str, ...]  # which control each bar changes ("" for the settings as set)
    sizes: np.ndarray  # distinct terms in the corpus for each
    top: tuple[tuple[str, int], ...]  # the most frequent terms as set, and their counts
    tokens: float  # the corpus's terms in all, as set (every n-gram occurrence)

    @property
    def size(self) -> int:
        return int(self.sizes[0])


@dataclass(frozen=True)
class Result:
    view: str
    value: float  # the view's headline number (WHAT[view] says which)
    text: str  # the text tokenised (the review drawn, or the learner's)
    tokenised: Tokenised | None = None  # only the chosen view's part is computed
    stepped: Stepped | None = None
    matrix: Matrix | None = None
    vocabulary: Vocabulary | None = None


def run(p: Params) -> Result:
    p = relevant(p)
    texts = drawn(p)
    if p.view == "tokens":
        t = tokenised(texts[0], p.word)
        return Result("tokens", float(t.count("WordPiece")), texts[0], tokenised=t)
    if p.view == "steps":
        s = stepped(texts[0], settings(p))
        return Result("steps", float(len(s.steps.terms)), texts[0], stepped=s)
    if p.view == "matrix":
        m = matrix(texts, settings(p), p.weighting)
        return Result("matrix", float(len(m.terms)), texts[0], matrix=m)
    v = vocabulary(settings(p))
    return Result("vocabulary", float(v.size), texts[0], vocabulary=v)


def tokenised(text_: str, word: str) -> Tokenised:
    rows = tuple((name, _text.tokenize(name, text_)) for name in TOKENIZERS)
    pieces = _text.words_of("WordPiece", word)
    by_word: dict[int, list[Token]] = {}
    for token in dict(rows)["WordPiece"]:
        by_word.setdefault(token.word, []).append(token)
    split = tuple((text_[group[0].start:group[-1].end], tuple(t.text for t in group))
                  for group in by_word.values() if len(group) > 1)
    per = [_text.tokens_per_sentence(name) for name in TOKENIZERS]
    spread = np.array([np.percentile(c, [5, 25, 50, 75, 95]) for c in per])
    return readonly(Tokenised(rows, word, tuple(pieces), split, spread, np.array([c.mean() for c in per])))


def stepped(text_: str, steps: tuple) -> Stepped:
    tokenizer, lowercase, stop, stemmer, ngram = steps
    s = _text.steps(text_, tokenizer, lowercase, stop, stemmer, NGRAMS[ngram])
    kept = dict.fromkeys(t for t, k in zip(s.lowered, s.kept) if k)
    table = tuple((w, *(_text.stem(name, w) for name in STEMS[1:])) for w in kept)
    funnel = np.array([_text.vocabulary_size(tokenizer, False, False, "none", "1"),
                       _text.vocabulary_size(tokenizer, lowercase, False, "none", "1"),
                       _text.vocabulary_size(tokenizer, lowercase, stop, "none", "1"),
                       _text.vocabulary_size(tokenizer, lowercase, stop, stemmer, "1"),
                       _text.vocabulary_size(tokenizer, lowercase, stop, stemmer, ngram)], dtype=float)
    return readonly(Stepped(s, stemmer, NGRAMS[ngram], table, funnel))


def tokenizer_of(steps: tuple):
    """The ``tokenizer`` a CountVectorizer is given: tokenise, drop stop words, stem."""
    tokenizer, _, stop, stemmer, _ = steps
    return partial(_tokens, tokenizer, stop, stemmer)


def _tokens(tokenizer: str, stop: bool, stemmer: str, text_: str) -> list[str]:
    stops = _text.stop_words() if stop else ()
    return [_text.stem(stemmer, w) for w in _text.words_of(tokenizer, text_) if w not in stops]


def pipeline(steps: tuple):
    """The scikit-learn pipeline that makes the matrix: counts, then TF-IDF weights."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
    from sklearn.pipeline import Pipeline

    _, lowercase, _, _, ngram = steps
    return Pipeline([
        ("counts", CountVectorizer(tokenizer=tokenizer_of(steps), token_pattern=None,
                                   lowercase=lowercase, ngram_range=NGRAMS[ngram])),
        ("tfidf", TfidfTransformer()),
    ])


def matrix(texts: tuple[str, ...], steps: tuple, weighting: str) -> Matrix:
    model = pipeline(steps)
    try:
        tfidf = model.fit_transform(texts).toarray()
    except ValueError:  # "empty vocabulary": every token was a stop word or too short
        raise ValueError("no term is left in these sentences once the stop words are dropped: "
                         "keep the stop words, or count single terms.") from None
    counts = model.named_steps["counts"]
    return readonly(Matrix(
        sentences=texts, terms=tuple(counts.get_feature_names_out()),
        counts=counts.transform(texts).toarray().astype(float), tfidf=tfidf,
        idf=model.named_steps["tfidf"].idf_.copy(), weighting=weighting))


CHANGES = {  # the controls each bar of the vocabulary chart changes, and how it names a value
    "tokenizer": lambda v: f"{v} tokens",
    "lowercase": lambda v: "lowercased" if v else "case kept",
    "stop_words": lambda v: "stop words dropped" if v else "stop words kept",
    "stem": lambda v: "no stems" if v == "none" else ("lemmas" if v == "lemma" else f"{v} stems"),
    "ngrams": lambda v: f"{v}-grams" if v != "1" else "single terms",
}
_OPTIONS = {"tokenizer": TOKENIZERS, "lowercase": (True, False), "stop_words": (True, False),
            "stem": STEMS, "ngrams": tuple(NGRAMS)}


@lru_cache(maxsize=32)
def vocabulary(steps: tuple) -> Vocabulary:
    """The corpus's vocabulary with ``steps``, and with each single change of them."""
    labels, changes, sizes = ["as set"], [""], [_text.vocabulary_size(*steps)]
    for i, (name, options) in enumerate(_OPTIONS.items()):
        for option in options:
            if option == steps[i]:
                continue
            if steps[0] == "WordPiece" and name in ("lowercase", "stem"):
                continue  # no such change applies to WordPiece
            changed = list(steps)
            changed[i] = option
            if changed[0] == "WordPiece":  # lowercased by itself, no stems (as the page says)
                changed[1], changed[3] = True, "none"
            labels.append(CHANGES[name](option))
            changes.append(name)
            sizes.append(_text.vocabulary_size(*changed))
    total = _text.occurrences(*steps)
    return readonly(Vocabulary(tuple(labels), tuple(changes), np.array(sizes, dtype=float),
                               _text.top_terms(*steps, TOP), float(total)))


# ---- the code ----

def code(p: Params) -> str:
    p = relevant(p)
    texts = drawn(p)
    if p.view == "tokens":
        return tokens_code(texts[0], p.word, WHAT["tokens"])
    return pipeline_code(p.view, settings(p), texts, p.weighting, WHAT[p.view])
