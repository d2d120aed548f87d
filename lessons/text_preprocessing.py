"""Text preprocessing: what a tokeniser drops, a lowercase stop list, stems that are not words,
idf, and how each choice moves the vocabulary."""

import numpy as np

from explorers import _text
from explorers import text_preprocessing as ex
from figures import text_preprocessing as fig
from lessons import Challenge, Claim, Step, titled

STEPS = dict(view="steps")
MATRIX = dict(view="matrix")
VOCABULARY = dict(view="vocabulary")
OWN = dict(source="your text")  # the page's own example sentence, "The batteries weren't..."
CASE_KEPT = dict(STEPS, **OWN, lowercase="no")


def _tokens(r, name: str) -> list[str]:
    return [t.text for t in dict(r.tokenised.rows)[name]]


def _the_dropped(r) -> str:
    s = r.stepped.steps
    first = s.lowered[0]
    return "Yes, it is dropped" if not s.kept[0] and first.lower() == "the" else "No, it stays"


def _bar(r, label: str) -> float:
    v = r.vocabulary
    return float(v.sizes[v.labels.index(label)])


def _stem_sizes(r) -> dict:
    """The corpus's vocabulary under each stemmer, from the vocabulary view's bars."""
    as_set = _bar(r, "as set")
    return {"Porter": as_set, "Snowball": _bar(r, "Snowball stems"),
            "Lancaster": _bar(r, "Lancaster stems"), "lemma": _bar(r, "lemmas")}


def _fewest(r) -> str:
    sizes = _stem_sizes(r)
    return min(sizes, key=sizes.get)


def _pairs(r) -> str:
    ratio = _bar(r, "1-2-grams") / _bar(r, "as set")
    if ratio < 1.5:
        return "About the same"
    return "Up by half to double" if ratio < 3 else "More than three times"


def _pieces(r) -> str:
    n = len(r.tokenised.pieces)
    return "Kept whole" if n == 1 else ("2 or 3 pieces: un + believ + ably" if n <= 3 else "4 or more pieces")


CHALLENGES = (
    Challenge(
        question="Stop words dropped, but the text not lowercased: will the \"The\" that starts the "
                 "sentence be dropped?",
        options=("Yes, it is dropped", "No, it stays"),
        state=CASE_KEPT, answer=_the_dropped, expected="No, it stays",
        why=lambda r: f"The first token is {r.stepped.steps.lowered[0]!r}, and scikit-learn's stop list "
                      "holds only lowercase words: \"the\" is on it, \"The\" is not. Lowercase first.",
    ),
    Challenge(
        question="WordPiece and the word \"unbelievably\": its vocabulary holds \"un\" and \"believe\". "
                 "How does it cut the word?",
        options=("Kept whole", "2 or 3 pieces: un + believ + ably", "4 or more pieces"),
        state={}, answer=_pieces, expected="4 or more pieces",
        why=lambda r: f"{' '.join(r.tokenised.pieces)}: WordPiece takes the longest piece it holds from the "
                      "left, again and again. The pieces are not the word's parts of meaning.",
    ),
    Challenge(
        question="Which of nltk's three stemmers and simplemma's lemmas leaves the fewest distinct terms "
                 "in the 3,000 sentences?",
        options=("Porter", "Snowball", "Lancaster", "lemma"),
        state=VOCABULARY, answer=_fewest, expected="Lancaster",
        why=lambda r: "Distinct terms: " + ", ".join(f"{k} {int(v):,}" for k, v in _stem_sizes(r).items())
                      + ". Lancaster cuts hardest (\"organization\" to \"org\"); lemmas merge the least.",
    ),
    Challenge(
        question="Count pairs of neighbouring terms too (n-grams 1-2). What happens to the corpus's "
                 "vocabulary?",
        options=("About the same", "Up by half to double", "More than three times"),
        state=VOCABULARY, answer=_pairs, expected="More than three times",
        why=lambda r: f"{int(_bar(r, 'as set')):,} single terms, {int(_bar(r, '1-2-grams')):,} with the pairs: "
                      "most pairs occur once, so each is a new, nearly empty column.",
    ),
)


def _ordered(r) -> bool:
    t = r.tokenised
    return t.count("regular expression") < t.count("Treebank") < t.count("WordPiece")


def _contractions(r) -> bool:
    return ("weren" in _tokens(r, "regular expression") and "t" not in _tokens(r, "regular expression")
            and "n't" in _tokens(r, "Treebank") and "'" in _tokens(r, "WordPiece"))


def _lowest_idf_is_shared(r) -> bool:
    m = r.matrix
    docs = (m.counts > 0).sum(axis=0)
    return bool(docs[np.argmin(m.idf)] >= 2 and np.allclose(np.linalg.norm(m.tfidf, axis=1), 1))


def _steps_change(r) -> bool:
    s = r.stepped.steps
    kept = [t for t, k in zip(s.lowered, s.kept) if k]
    return s.kept.count(False) > 0 and any(a != b for a, b in zip(kept, s.stemmed))


TOUR = (
    Step("One review, three tokenisers. The regular expression gives the fewest tokens (no punctuation, "
         "no one-letter words), WordPiece the most: it cuts the words it does not hold into ## pieces.",
         {}, holds=_ordered),
    Step("A contraction, three ways: the regular expression keeps \"weren\" and loses the \"t\"; Treebank "
         "splits \"were\" + \"n't\"; WordPiece makes the apostrophe a token of its own.",
         OWN, holds=_contractions),
    Step("Step by step: stop words (grey) leave, and the Porter stemmer rewrites what is left (orange) "
         "into stems that need not be words.",
         STEPS, holds=_steps_change),
    Step("A few sentences as TF-IDF: the term found in most sentences has the lowest idf, so it weighs "
         "less, and each row is scaled to length 1.",
         MATRIX, holds=_lowest_idf_is_shared),
    Step("The whole corpus: each stemmer shrinks the vocabulary; pairs of words multiply it.",
         VOCABULARY, holds=lambda r: (_bar(r, "no stems") > max(_stem_sizes(r).values())
                                      and _bar(r, "1-2-grams") > 3 * _bar(r, "as set"))),
)

MAIN = titled(fig.main_figure)

MEASURES = (("The view's number", lambda r: r.value, "{:,.0f}"),)


def _tokeniser_claim(r) -> bool:
    regex, treebank, wordpiece = (_tokens(r, name) for name in _text.TOKENIZERS)
    return (all(len(t) >= 2 and t.isalnum() for t in regex) and "'s" in treebank and "." in treebank
            and any(t.startswith("##") for t in wordpiece) and all(t == t.lower() for t in wordpiece))


def _stems_not_words(r) -> bool:
    rows = r.stepped.table  # token, Porter, Snowball, Lancaster, lemma
    porter_not_lemma = [row for row in rows if row[1] != row[4]]
    return r.stepped.stemmer == "Porter" and bool(porter_not_lemma) and _steps_change(r)


def _vocabulary_claim(r) -> bool:
    sizes = _stem_sizes(r)
    return (_bar(r, "no stems") > max(sizes.values()) and min(sizes, key=sizes.get) == "Lancaster"
            and _bar(r, "1-2-grams") > 2 * _bar(r, "as set") and _bar(r, "1-3-grams") > _bar(r, "1-2-grams"))


def _misreading(r) -> bool:
    case_kept = r.stepped.steps
    return (_text.stem("Porter", "was") == "wa" and _text.stem("Porter", "movie") == "movi"
            and _text.stem("Lancaster", "organization") == "org"
            and _text.stem("lemma", "was") == "be" and _text.stem("lemma", "movie") == "movie"
            and case_kept.lowered[0] == "The" and case_kept.kept[0])


CLAIMS = {
    "tokens": Claim(
        "The regular expression keeps runs of two or more letters or digits, so one-letter words, "
        "punctuation and the \"s\" of \"it's\" vanish. Treebank keeps punctuation and splits "
        "contractions (\"do\" + \"n't\"). WordPiece lowercases and cuts each word it does not hold "
        "into pieces, the later ones marked ##.",
        holds=_tokeniser_claim),
    "steps": Claim(
        "Orange chips are what a step changed, grey ones what it dropped. The stop list is "
        "lowercase, so lowercasing comes first. A stemmer cuts words to stems that need not be "
        "words; the lemmatiser (the table's last column) gives dictionary forms.",
        holds=_stems_not_words, state=STEPS),
    "matrix": Claim(
        "Darker cells weigh more. A term found in more of the sentences gets a lower idf (below), "
        "so under TF-IDF it weighs less than a rarer term used as often; each row is scaled to length 1.",
        holds=_lowest_idf_is_shared, state=MATRIX),
    "vocabulary": Claim(
        "Every stemmer and the lemmatiser merge words, so each leaves fewer distinct terms than no "
        "stems, and Lancaster, the most aggressive, the fewest. Pairs and triples of words multiply "
        "the vocabulary: most of them occur once.",
        holds=_vocabulary_claim, state=VOCABULARY),
    "misreading": Claim(ex.MISREADING, holds=_misreading, state=CASE_KEPT),
}
