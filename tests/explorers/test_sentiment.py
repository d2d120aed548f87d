"""The sentiment explorer, checked against the libraries: VADER's rules against its own
polarity_scores, the TF-IDF pipeline's pushes against its decision_function and predict_proba,
the shipped MiniLM embeddings against the model, every accuracy against a fresh fit on a fresh
split; the learner's hostile text; its code snippets and the data its figures carry."""

import math

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from vaderSentiment import vaderSentiment as vs

from datasets import sentences
from explorers import _minilm, _vader
from explorers import _sentiment_fit as fit
from explorers import sentiment as ex
from explorers._contract import knobs
from figures import sentiment as figs

P = ex.Params
VADER_CASES = [
    "The food was not good.", "not bad at all", "The plot was VERY great, but the acting was terrible!",
    "good but good", "It was kind of good", "This is the least bad phone", "no good or nice service",
    "Never so happy!!", "I hate it ??", "Without doubt the best", "The food was the bomb",
    "I LOVE this phone, it is SO good", "I love it 😀", "sort of ok but hardly great", "", ":)",
    "He is not a bad guy but not a good one either.", "Absolutely TERRIBLE, but the staff were kind.",
]


def library_valences(text):
    """polarity_scores' per-word valences, by the library's own loop and methods."""
    a = _vader.analyzer()
    senti = vs.SentiText(_vader.without_emoji(text))
    words, out = senti.words_and_emoticons, []
    for i, item in enumerate(words):
        if item.lower() in vs.BOOSTER_DICT or (
                i < len(words) - 1 and item.lower() == "kind" and words[i + 1].lower() == "of"):
            out.append(0)
            continue
        out = a.sentiment_valence(0, senti, item, i, out)
    return a._but_check(words, out)


@pytest.fixture(scope="module")
def split():
    labels, source = sentences.load()["label"].to_numpy(), sentences.load()["source"].to_numpy()
    return train_test_split(np.arange(len(labels)), test_size=0.25, random_state=0,
                            stratify=[s + str(y) for s, y in zip(source, labels)])


@pytest.fixture(scope="module")
def default():
    return ex.run(P())


# VADER, rule by rule, against the library.

@pytest.mark.parametrize("text", VADER_CASES)
def test_the_trace_is_vaders_own_scoring(text):
    t = _vader.trace(text)
    assert t.compound == vs.SentimentIntensityAnalyzer().polarity_scores(text)["compound"]
    assert [w.valence for w in t.words] == pytest.approx(library_valences(text), abs=1e-12)
    scores = _vader.analyzer().polarity_scores(text)
    assert (t.pos, t.neu, t.neg) == (scores["pos"], scores["neu"], scores["neg"])
    for w in t.words:  # each rule takes the valence where the last one left it
        start = w.lexicon
        for _, before, after in w.rules:
            assert before == pytest.approx(start) and after != before
            start = after
        assert start is None or start == pytest.approx(w.valence)


def test_each_rule_is_named_with_what_it_did():
    not_good = {w.text: w for w in _vader.trace("The food was not good.").words}["good"]
    assert not_good.lexicon == 1.9 and not_good.rules[0][0].startswith("negated by 'not'")
    assert not_good.valence == pytest.approx(1.9 * vs.N_SCALAR)
    very = {w.text: w for w in _vader.trace("very good").words}
    assert very["very"].kind == "booster" and very["good"].valence == pytest.approx(1.9 + vs.B_INCR)
    but = _vader.trace("The plot was great, but the acting was awful.").words
    great, awful = (next(w for w in but if w.text == name) for name in ("great", "awful"))
    assert great.rules[-1][0] == "before 'but' ×0.5" and great.valence == pytest.approx(0.5 * great.lexicon)
    assert awful.rules[-1][0] == "after 'but' ×1.5" and awful.valence == pytest.approx(1.5 * awful.lexicon)
    assert next(w for w in but if w.text == "but").kind == "contrast"


# The TF-IDF pipeline: its pushes are its score.

def test_the_pushes_and_intercept_are_the_decision_function(default):
    pipe = fit.fitted_tfidf("all", "words", P().c, 0)
    w = default.words
    assert w.logit == pytest.approx(pipe.decision_function([default.sentence])[0], abs=1e-10)
    assert default.tfidf_p == pytest.approx(pipe.predict_proba([default.sentence])[0, 1], abs=1e-12)
    assert 1 / (1 + math.exp(-w.logit)) == pytest.approx(default.tfidf_p, abs=1e-12)
    assert [t for t, _, _ in w.known] == ["not", "bad", "at", "all", "but", "the", "battery", "is", "terrible"][
        :len(w.known)] or {t for t, _, _ in w.known} <= set(default.sentence.lower().replace(",", "").split())


@pytest.mark.parametrize("on, ngrams, c", [("all", "words", 0.01), ("yelp", "words and pairs", 100.0)])
def test_the_memoised_vectorizer_gives_the_pipeline_fit_would(on, ngrams, c):
    texts, labels, _ = fit.corpus()
    train, test = fit.rows("train", on, 2), fit.rows("test", "imdb", 2)
    fresh = fit.tfidf_pipeline(ngrams, c).fit(list(texts[train]), labels[train])
    ours = fit.fitted_tfidf(on, ngrams, c, 2)
    np.testing.assert_allclose(ours.predict_proba(list(texts[test])), fresh.predict_proba(list(texts[test])),
                               rtol=0, atol=1e-12)
    assert fit.accuracy("TF-IDF + LR", on, "imdb", ngrams, c, 2) == fresh.score(list(texts[test]), labels[test])


def test_a_word_never_seen_pushes_nothing_and_is_listed():
    r = ex.run(P(sentence="The zorblax was bad"))
    assert "zorblax" in r.words.unknown and "zorblax" not in [t for t, _, _ in r.words.known]
    again = ex.run(P(sentence="The was bad"))
    assert again.tfidf_p == pytest.approx(r.tfidf_p, abs=1e-12)  # an unseen word: the same score


def test_word_order_is_invisible_to_the_bag_of_words():
    one = ex.run(P(sentence="The plot was great, but the acting was awful."))
    two = ex.run(P(sentence="The acting was awful, but the plot was great."))
    assert one.tfidf_p == pytest.approx(two.tfidf_p, abs=1e-12)
    assert one.vader != two.vader  # VADER's "but" reads the order


def test_accuracies_are_fresh_fits_on_a_fresh_split(split, default):
    train, test = split
    table = sentences.load()
    texts, labels = table["text"].to_numpy(dtype=object), table["label"].to_numpy()
    model = make_pipeline(TfidfVectorizer(), LogisticRegression(C=P().c, max_iter=1000))
    model.fit(list(texts[train]), labels[train])
    assert default.accuracy == model.score(list(texts[test]), labels[test])
    assert default.accuracies[0] == default.accuracy
    compound = np.array([vs.SentimentIntensityAnalyzer().polarity_scores(t)["compound"] for t in texts[test]])
    assert default.accuracies[1] == np.mean((compound > 0) == labels[test])
    assert default.vader_zero == np.mean(compound == 0)
    X = _minilm.shipped()
    lr = LogisticRegression(C=P().c, max_iter=1000).fit(X[train], labels[train])
    assert default.accuracies[2] == lr.score(X[test], labels[test])
    vector = _minilm.embed(default.sentence)[None]
    assert default.minilm_p == pytest.approx(lr.predict_proba(vector)[0, 1], abs=1e-9)


def test_the_split_holds_out_a_quarter_of_every_source_and_label():
    train, test = fit.split(3)
    _, labels, source = fit.corpus()
    assert len(set(train) | set(test)) == 3000 and not set(train) & set(test)
    for s in fit.SOURCES:
        rows = fit.rows("test", s, 3)
        assert len(rows) == 250 and labels[rows].sum() == 125 and set(source[rows]) == {s}


# MiniLM: the shipped embeddings are the model's.

def test_the_shipped_embeddings_are_what_the_model_gives():
    texts = sentences.load()["text"].tolist()
    picks = [0, 1, 999, 1000, 1999, 2000, 2500, 2999]
    fresh = _minilm.encoder().encode([texts[i] for i in picks], convert_to_numpy=True)
    shipped = _minilm.shipped()
    assert shipped.shape == (3000, _minilm.DIM)
    np.testing.assert_allclose(shipped[picks], fresh, atol=2e-3)
    np.testing.assert_allclose(np.linalg.norm(shipped, axis=1), 1.0, atol=5e-3)
    # Alone, not in a batch: the same numbers up to padding, rounded the same way.
    np.testing.assert_allclose(_minilm.embed(texts[2500]), shipped[2500], atol=1e-3)


# Across sources.

def test_the_heat_map_cells_are_fresh_fits(split):
    train, test = split
    table = sentences.load()
    texts, labels, source = (table[c].to_numpy() for c in ("text", "label", "source"))
    r = ex.run(P(view="across sources", train_on="amazon", test_on="imdb"))
    fit_rows = train[source[train] == "amazon"]
    test_rows = test[source[test] == "imdb"]
    model = make_pipeline(TfidfVectorizer(), LogisticRegression(C=P().c, max_iter=1000))
    model.fit(list(texts[fit_rows]), labels[fit_rows])
    assert r.accuracy == model.score(list(texts[test_rows]), labels[test_rows])
    assert r.across.table[1, 2] == r.accuracy and r.across.own == r.across.table[3, 2]
    assert r.across.cross < r.across.within


def test_vader_learns_nothing_so_its_rows_agree():
    table = ex.run(P(view="across sources", model="VADER")).across.table
    assert np.all(table == table[0])


# The learner's text, hostile or not.

@pytest.mark.parametrize("bad", ["x" * (ex.MAX_CHARS + 1), "one\ntwo", "123 !!!", "   "])
def test_the_sentence_is_refused_in_words_without_quoting_it(bad):
    k = knobs(P)["sentence"]
    with pytest.raises(ValueError) as err:
        k.read(bad)
    assert bad.strip() not in str(err.value) or not bad.strip()


HOSTILE = '<a href="https://e.com">x</a> <img src=x onerror=alert(1)> VERY <b>bad</b>, but good'


@pytest.mark.parametrize("view", ex.VIEWS)
def test_hostile_text_is_scored_and_escaped_in_every_chart(view):
    r = ex.run(P(view=view, sentence=HOSTILE))
    text = str(figs.main_figure(r).to_plotly_json())
    assert "<a href" not in text and "<img" not in text
    if view == "lexicon rules":  # the only chart that shows the words as typed: escaped
        assert "&lt;/b" in text


# The code panel.

@pytest.mark.parametrize("state", [
    dict(), dict(view="lexicon rules", train_on="yelp"), dict(view="embeddings", c=1.0, seed=4),
    dict(view="across sources", model="VADER"), dict(view="across sources", model="MiniLM + LR"),
    dict(ngrams="words and pairs", sentence='Say "hi" \\ it\'s {not} good'),
])
def test_the_code_reproduces_the_headline(state, capsys):
    p = P(**state)
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p), "<sentiment code>", "exec"), namespace)
    assert namespace["accuracy"] == pytest.approx(ex.run(p).accuracy, abs=1e-12)
    assert capsys.readouterr().out.strip()


# The figures, on the data they carry.

def test_the_words_figure_draws_each_push_and_the_intercept(default):
    bar = figs.words_figure(default).data[0]
    w = default.words
    assert list(bar.x) == pytest.approx([push for _, _, push in w.known] + [w.intercept])


def test_the_vader_figure_draws_lexicon_and_final_valences():
    r = ex.run(P(view="lexicon rules"))
    bars, marks = figs.vader_figure(r).data[:2]
    assert list(bars.x) == [w.valence for w in r.trace.words]
    assert [None if math.isnan(v) else v for v in marks.x] == [w.lexicon for w in r.trace.words]


def test_the_heat_map_draws_the_table_and_marks_the_cell():
    r = ex.run(P(view="across sources", train_on="amazon", test_on="imdb"))
    drawn = figs.across_figure(r)
    np.testing.assert_array_equal(np.asarray(drawn.data[0].z), 100 * r.across.table)
    box = drawn.layout.shapes[0]
    assert (box.x0 + box.x1) / 2 == 2 and (box.y0 + box.y1) / 2 == 1


def test_the_map_places_the_sentence_at_its_logit():
    r = ex.run(P(view="embeddings"))
    drawn = figs.space_figure(r)
    star = drawn.data[-1]
    logit = math.log(r.minilm_p / (1 - r.minilm_p))
    assert star.x[0] == pytest.approx(logit, abs=1e-6) and star.x[0] == r.space.point[0]
    assert sum(len(t.x) for t in drawn.data[:2]) == r.n_test


def test_the_strongest_features_are_the_pipelines_extreme_coefficients():
    r = ex.run(P(top=5))
    pipe = fit.fitted_tfidf("all", "words", P().c, 0)
    coef = pipe["classify"].coef_[0]
    names = pipe["tfidf"].get_feature_names_out()
    order = np.argsort(coef)
    assert list(r.words.top_names) == [*names[order[:5]], *names[order[-5:]]]
    assert list(r.words.top_coef) == [*coef[order[:5]], *coef[order[-5:]]]
