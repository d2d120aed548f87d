"""Transformers & attention
========================

Self-attention, first on a toy you can edit, then inside a real encoder.

* **Toy attention.** Each token has a query, a key and a value (the rows of Q, K and V).
  Token i's score for token j is the dot product of its query with j's key, divided by
  √d (the length of a key) and by the temperature. A softmax over each row turns the
  scores into weights that sum to 1, and token i's output is the weighted mean of the
  values. A causal mask (as in GPT) lets a token attend only to itself and the tokens
  before it; an encoder (as BERT) lets every token see every other.
* **Encoder heads.** ``all-MiniLM-L6-v2`` (6 layers of 12 heads) on your sentence: every
  head's weights, and the row of the tokens you pick, taken together.
* **Contextual embeddings.** The same word in three sentences: its vector at each layer,
  and how alike (cosine) the three are. At the bottom a word is the same vector wherever it
  stands; layer by layer the sentence around it pulls its senses apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import softmax

from datasets.readonly import readonly
from explorers import _attention_model as model
from explorers import _minilm
from explorers._attention_code import code as _code
from explorers._contract import choice, grid, knob, log_knob, text

NOTICE = (
    "Each row of the attention weights is a softmax, so it sums to 1: a token shares one unit of "
    "attention among the tokens it may see. Cool the softmax and each row turns into a single 1; "
    "mask it causally and the first token can only attend to itself."
)
MISREADING = (
    "\"The attention weights explain what the model thinks\": a weight says how much of another "
    "token's value is mixed in at one head of one layer; many heads mostly rest on [CLS], [SEP] or "
    "the full stop, and a token's value has already been mixed by every layer below."
)
HEADLINE = "score"
WARM_AT_START = True  # the encoder loads once per server; a class should not wait on it together

VIEWS = ("toy attention", "encoder heads", "contextual embeddings")
MASKS = ("bidirectional", "causal")
FROM = ("your sentence", "a shipped review")
TOY_TOKENS = ("the", "cat", "sat", "down", "on", "it")
LO, HI = -5, 5
MAX_CHARS = 160
SENTENCE = "The animal didn't cross the street because it was too tired."
EXAMPLES = ("[x](https://e.com) <b>bold</b> $x$ ``code``",
            "Pneumonoultramicroscopicsilicovolcanoconiosis is a word, and antidisestablishmentarianism "
            "is another; both are longer than most sentences' words.")
RIVER, MONEY, CASH = ("We sat on the bank of the river.", "I paid the money into the bank.",
                      "She deposited cash at the bank.")


def _check_sentence(value: str) -> None:
    if not any(ch.isalnum() for ch in value):
        raise ValueError("Write a sentence with at least one word in it.")


def _check_word(value: str) -> None:
    if not value or len(value.split()) != 1 or not any(ch.isalnum() for ch in value):
        raise ValueError("Write one word, with no spaces.")


def _check_focus(value: str) -> None:
    if not value.replace(",", " ").split():
        raise ValueError("Name at least one word of the sentence.")


def _matrix(default, name: str, what: str, example):
    return grid(default, rows=(2, len(TOY_TOKENS)), cols=(1, 4), lo=LO, hi=HI, label=name, examples=(example,),
                when=("view", ("toy attention",)),
                help=f"{what}: one row per token (2 to {len(TOY_TOKENS)} tokens: "
                     f"{', '.join(TOY_TOKENS)}), 1 to 4 whole numbers from {LO} to {HI} each, apart by "
                     "spaces. Q, K and V need as many rows; Q and K as many columns. Ctrl+Enter applies.")


@dataclass(frozen=True)
class Params:
    HIDE_INACTIVE = True  # the page shows only the chosen view's controls (ui/controls.py)

    view: str = choice(
        "toy attention", options=VIEWS, label="View",
        help="*toy attention*: Q, K and V you type, step by step; *encoder heads*: every head of "
             "MiniLM on a sentence; *contextual embeddings*: one word in three sentences, layer by layer.",
    )
    temperature: float = log_knob(
        1.0, lo=0.01, hi=10.0, label="Softmax temperature", when=("view", ("toy attention",)),
        help="The scores are divided by this before the softmax: below 1 the largest score in each "
             "row takes almost all the weight; above 1 the weights even out.")
    mask: str = choice(
        "bidirectional", options=MASKS, label="Mask", when=("view", ("toy attention",)),
        help="*bidirectional* (an encoder, as BERT): every token sees every token; *causal* (a "
             "decoder, as GPT): a token sees only itself and the tokens before it.")
    q: tuple = _matrix(((2, 0), (0, 2), (1, 1), (2, 1)), "Queries Q", "What each token looks for",
                       ((1, 0), (1, 0), (0, 1), (0, 1)))
    k: tuple = _matrix(((2, 0), (1, 2), (1, 3), (-1, 1)), "Keys K", "What each token offers to be found by",
                       ((5, 0), (0, 5), (-5, 0), (0, -5)))
    v: tuple = _matrix(((1, 0), (0, 1), (1, 1), (-1, 2)), "Values V", "What each token passes on",
                       ((1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 1)))
    query: int = knob(
        1, lo=1, hi=len(TOY_TOKENS), label="Query token", when=("view", ("toy attention",)),
        help="Which token's row is spelled out below the chart (outlined in red): its scores, weights "
             "and output. Past the last token, the last.")
    source: str = choice(
        "your sentence", options=FROM, label="Sentence from", when=("view", ("encoder heads",)),
        help="Your own sentence, or one of the shipped review sentences (some are longer than the cap).")
    sentence: str = text(
        SENTENCE, max_chars=MAX_CHARS, label="Your sentence", check=_check_sentence, examples=EXAMPLES,
        when=("view", ("encoder heads",)),
        help=f"One line, at most {MAX_CHARS} characters; the model is given its first "
             f"{model.MAX_TOKENS} word pieces, [CLS] and [SEP] included, and the page says what was cut.")
    seed: int = knob(0, lo=0, hi=999, label="Review drawn", when=("view", ("encoder heads",)),
                     help="Which shipped review sentence is drawn (with 'a shipped review').")
    focus: str = text(
        "it", max_chars=60, label="Tokens to follow", check=_check_focus, when=("view", ("encoder heads",)),
        examples=("animal it", "[CLS]", "the"),
        help="Words of the sentence (or pieces such as [SEP] or ##ing), apart by spaces: their rows "
             "of the chosen head are averaged and drawn beside the map. A word met twice counts twice.")
    layer: int = knob(4, lo=1, hi=model.LAYERS, label="Layer", when=("view", ("encoder heads",)),
                      help="Which of the 6 layers the large map shows (1 is nearest the words).")
    head: int = knob(2, lo=1, hi=model.HEADS, label="Head", when=("view", ("encoder heads",)),
                     help="Which of the layer's 12 heads the large map shows.")
    word: str = text(
        "bank", max_chars=30, label="Word to follow", check=_check_word,
        when=("view", ("contextual embeddings",)), examples=("the",),
        help="A word that is in all three sentences below (its first occurrence is taken).")
    sentence_a: str = text(RIVER, max_chars=MAX_CHARS, label="Sentence A", check=_check_sentence,
                           when=("view", ("contextual embeddings",)), help="The word in one sense.",
                           examples=("The river burst its bank after the storm.",))
    sentence_b: str = text(MONEY, max_chars=MAX_CHARS, label="Sentence B", check=_check_sentence,
                           when=("view", ("contextual embeddings",)), help="The word in another sense.",
                           examples=("The bank raised its interest rates.",))
    sentence_c: str = text(CASH, max_chars=MAX_CHARS, label="Sentence C", check=_check_sentence,
                           when=("view", ("contextual embeddings",)), help="The word in B's sense again.",
                           examples=("My bank account is empty.",))

    def shown(self) -> tuple[str, ...]:
        """The controls that apply (the page hides the rest): the view's own, and of the two
        sources of a sentence only the one in use."""
        if self.view == "toy attention":
            return ("view", "temperature", "mask", "q", "k", "v", "query")
        if self.view == "encoder heads":
            own = "sentence" if self.source == "your sentence" else "seed"
            return ("view", "source", own, "focus", "layer", "head")
        return ("view", "word", "sentence_a", "sentence_b", "sentence_c")

    def sentence_used(self) -> str:
        """The sentence the encoder-heads view reads."""
        if self.source == "your sentence":
            return self.sentence
        from datasets.sentences import load

        texts = load()["text"]
        return str(texts.iloc[self.seed % len(texts)])


@dataclass(frozen=True)
class Toy:
    tokens: tuple[str, ...]
    q: np.ndarray
    k: np.ndarray
    v: np.ndarray
    scores: np.ndarray  # Q Kᵀ / √d, before the temperature and the mask
    logits: np.ndarray  # scores / temperature
    allowed: np.ndarray  # (query, key): False where the mask hides the key
    weights: np.ndarray  # softmax of each row's allowed logits (hidden ones weigh 0): rows sum to 1
    output: np.ndarray  # weights @ V
    causal: bool
    temperature: float
    query: int  # the row spelled out, 0-based

    @property
    def root_d(self) -> float:
        return math.sqrt(self.k.shape[1])

    @property
    def looks_at(self) -> int:
        """The key the spelled-out query weighs most."""
        return int(np.argmax(self.weights[self.query]))


@dataclass(frozen=True)
class Heads:
    sentence: str  # the learner's text or a review: escape it wherever it is shown
    tokens: tuple[str, ...]
    attentions: np.ndarray  # (layer, head, query, key), the model's own weights
    layer: int  # 1-based, as on the page
    head: int
    focus: tuple[int, ...]  # positions of the tokens followed
    unmatched: tuple[str, ...]  # names the learner typed that match no token (escape them)
    fell_back: bool  # none matched: the first word piece is followed, and the page says so
    row: np.ndarray  # the followed tokens' rows of the chosen head, averaged: sums to 1
    dropped: int  # word pieces cut at the cap
    total: int

    @property
    def chosen(self) -> np.ndarray:
        return self.attentions[self.layer - 1, self.head - 1]

    @property
    def top(self) -> int:
        """Where the followed tokens look most, at the chosen head."""
        return int(np.argmax(self.row))


@dataclass(frozen=True)
class Drift:
    word: str
    sentences: tuple[str, str, str]
    cosine: np.ndarray  # (3 pairs: A–B, A–C, B–C; 7 depths: the embeddings, then layers 1–6)


PAIRS = ("A–B", "A–C", "B–C")


@dataclass(frozen=True)
class Result:
    view: str
    score: float  # toy: the largest weight; heads: the followed rows' largest weight; drift: A–B at layer 6
    toy: Toy | None = None
    heads: Heads | None = None
    drift: Drift | None = None


def run(p: Params, progress=None) -> Result:
    """``progress(fraction, text)`` hears of the encoder's first load (seconds, once per server)."""
    if p.view == "toy attention":
        t = toy(p)
        return readonly(Result(p.view, float(t.weights.max()), toy=t))
    if progress is not None and not _minilm.loaded():
        progress(0.1, "Loading the MiniLM encoder (once per server)…")
    if p.view == "encoder heads":
        h = heads(p)
        return readonly(Result(p.view, float(h.row.max()), heads=h))
    d = drift(p)
    return readonly(Result(p.view, float(d.cosine[0, -1]), drift=d))


def toy(p: Params) -> Toy:
    q, k, v = (np.array(m, dtype=float) for m in (p.q, p.k, p.v))
    if not len(q) == len(k) == len(v):
        raise ValueError(f"Q, K and V need one row per token each; they have {len(q)}, {len(k)} and "
                         f"{len(v)} rows.")
    if q.shape[1] != k.shape[1]:
        raise ValueError(f"A query is compared with a key by a dot product, so Q and K need as many "
                         f"columns; they have {q.shape[1]} and {k.shape[1]}.")
    n = len(q)
    scores = q @ k.T / math.sqrt(k.shape[1])
    logits = scores / p.temperature
    causal = p.mask == "causal"
    allowed = np.tril(np.ones((n, n), dtype=bool)) if causal else np.ones((n, n), dtype=bool)
    weights = softmax(np.where(allowed, logits, -np.inf), axis=1)  # a hidden key: exp(-inf) = 0
    return Toy(TOY_TOKENS[:n], q, k, v, scores, logits, allowed, weights, weights @ v, causal, p.temperature,
               min(p.query, n) - 1)


def heads(p: Params) -> Heads:
    sentence = p.sentence_used()
    e = model.encoded(sentence)
    focus, unmatched = model.pieces_of(e, p.focus)
    fell_back = not focus
    if fell_back:  # a review drawn, or a sentence edited, may not hold them: its first word then
        focus = (1,)
    row = e.attentions[p.layer - 1, p.head - 1][list(focus)].mean(axis=0)
    return Heads(sentence, e.tokens, e.attentions, p.layer, p.head, focus, unmatched, fell_back, row,
                 e.dropped, e.total)


def drift(p: Params) -> Drift:
    sentences = (p.sentence_a, p.sentence_b, p.sentence_c)
    vectors = []
    for name, sentence in zip("ABC", sentences):
        found = model.word_vectors(model.encoded(sentence), p.word)
        if found is None:
            raise ValueError(f"The word to follow is not in sentence {name} (or comes after the "
                             f"{model.MAX_TOKENS}-piece cap): write it into all three.")
        vectors.append(found.astype(np.float64))
    a, b, c = vectors
    cosine = np.array([_cosine(x, y) for x, y in ((a, b), (a, c), (b, c))])
    return Drift(p.word, sentences, cosine)


def _cosine(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Row by row (one row per depth)."""
    return (x * y).sum(axis=1) / (np.linalg.norm(x, axis=1) * np.linalg.norm(y, axis=1))


def code(p: Params) -> str:
    return _code(p)
