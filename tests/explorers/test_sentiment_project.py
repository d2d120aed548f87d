"""The sentiment project, checked against scikit-learn, nltk, skops and joblib.

Fits are remembered per upstream choice in the process, so the module's tests share them.
"""

import contextlib
import io

import numpy as np
import pytest
from nltk.stem import PorterStemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import StratifiedKFold, cross_val_score

from datasets import sentences
from explorers import _sentiment_fit
from explorers import _sproject_fit as fits
from explorers import sentiment_project as ex
from roadmap import topics

TABLE = sentences.load()
TEXTS, LABELS = TABLE["text"].to_numpy(dtype=object), TABLE["label"].to_numpy()


@pytest.fixture(scope="module")
def errors():
    return ex.run(ex.Params(step="errors"))


def _exec(p: ex.Params) -> dict:
    namespace = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(ex.code(p), "<code>", "exec"), namespace)
    return namespace


def _rows(part: str, source: str, seed: int = 0) -> np.ndarray:
    return _sentiment_fit.rows(part, source, seed)


def test_the_cleaner_is_lowercase_then_scikit_learns_words_less_stop_words_then_porter():
    sentence = "It is NOT the best, but the batteries lasted!"
    analyse = fits.vectoriser("lowercase", "drop", "Porter", "bag of words", "words").build_analyzer()
    porter = PorterStemmer()
    words = CountVectorizer(lowercase=True).build_analyzer()(sentence)
    assert analyse(sentence) == [porter.stem(w) for w in words if w not in ENGLISH_STOP_WORDS]
    keep_not = fits.vectoriser("lowercase", "drop, keep negations", "none", "bag of words", "words")
    assert keep_not.build_analyzer()(sentence) == ["not", "best", "batteries", "lasted"]
    # Without stemming the cleaning is scikit-learn's own stop_words; case kept, "NOT" survives it.
    cased = fits.vectoriser("keep case", "drop", "none", "bag of words", "words").build_analyzer()
    assert cased(sentence) == CountVectorizer(lowercase=False, stop_words="english").build_analyzer()(sentence)
    assert "NOT" in cased(sentence)


def test_the_clean_steps_vocabularies_are_count_vectorizers():
    r = ex.run(ex.Params(stop="drop, keep negations", stem="Porter", source="yelp"))
    train = list(TEXTS[_rows("train", "yelp")])
    stops = sorted(ENGLISH_STOP_WORDS - fits.NEGATIONS)
    porter = PorterStemmer()
    sizes = [len(CountVectorizer(lowercase=False).fit(train).vocabulary_),
             len(CountVectorizer().fit(train).vocabulary_),
             len(CountVectorizer(stop_words=stops).fit(train).vocabulary_),
             len({porter.stem(w) for w in CountVectorizer(stop_words=stops).build_analyzer()(" ".join(train))})]
    assert [size for _, size in r.cleaned.stages] == sizes
    assert r.value == sizes[-1] and sizes[0] > sizes[1] > sizes[2] > sizes[3]
    assert r.cleaned.tokens == ("not", "bad", "batteri", "terribl")
    assert set(r.cleaned.dropped) == {"at", "all", "but", "the", "is"}
    # The commonest words are the column sums of scikit-learn's bag of words, largest first.
    counts = CountVectorizer(lowercase=False).fit(train)
    total = np.asarray(counts.transform(train).sum(axis=0)).ravel()
    kept = ex.run(ex.Params(case="keep case", source="yelp")).cleaned
    assert [int(total[counts.vocabulary_[w]]) for w in kept.frequent] == list(kept.counts)
    assert kept.counts[0] == total.max() and list(kept.counts) == sorted(kept.counts, reverse=True)


@pytest.mark.parametrize("seed, source, stop, stem", [(0, "all", "keep", "none"), (3, "amazon", "drop", "none"),
                                                   (5, "imdb", "drop, keep negations", "Porter")])
def test_the_clean_step_reads_the_same_words_as_a_fit_on_the_training_rows(seed, source, stop, stem):
    # Counted once over the corpus and summed over the training rows: the same words, order
    # and counts as a CountVectorizer fitted on those rows alone, so the commonest ties alike.
    train = list(TEXTS[_rows("train", source, seed)])
    step = fits.vectoriser("lowercase", stop, stem, "bag of words", "words")
    total = np.asarray(step.fit_transform(train).sum(axis=0)).ravel()
    names, counts = fits.word_totals("lowercase", stop, stem, source, seed)
    assert list(names) == list(step.get_feature_names_out()) and np.array_equal(counts, total)
    r = ex.run(ex.Params(seed=seed, source=source, stop=stop, stem=stem, top=20))
    top = np.argsort(-total, kind="stable")[:20]
    assert r.cleaned.frequent == tuple(step.get_feature_names_out()[top]) and list(r.cleaned.counts) == list(total[top])


def test_the_vectorise_step_shows_the_vectorizers_own_numbers():
    p = ex.Params(step="vectorise", ngrams="words and pairs")
    r = ex.run(p)
    tfidf = TfidfVectorizer(ngram_range=(1, 2)).fit(list(TEXTS[_rows("train", "all")]))
    row = tfidf.transform([p.sentence])
    v = r.vectors
    assert v.n_features == len(tfidf.vocabulary_) == r.value
    np.testing.assert_allclose(v.matrix[0], [row[0, tfidf.vocabulary_[c]] for c in v.columns])
    assert "not bad" in v.columns and all(c not in tfidf.vocabulary_ for c in v.unknown)
    # Each training row shown is that sentence's own TF-IDF row.
    second = tfidf.transform([v.rows[1]])
    np.testing.assert_allclose(v.matrix[1], [second[0, tfidf.vocabulary_[c]] for c in v.columns])


@pytest.mark.parametrize("state", [
    dict(), dict(model="linear SVM", vectoriser="bag of words", C=0.1),
    dict(model="naive Bayes", stem="Snowball", stop="drop", ngrams="words and pairs"),
    dict(model="logistic regression", vectoriser="MiniLM", source="imdb", test_on="amazon"),
], ids=["default", "svm-counts", "nb-snowball", "minilm-across"])
def test_a_fit_is_the_pipeline_fitted_from_scratch(state):
    p = ex.Params(step="model", **state)
    f = ex.run(p).fit
    pipe = fits.pipeline(p.case, p.stop, p.stem, p.vectoriser, p.ngrams, p.model, p.C)
    train, test = _rows("train", p.source), _rows("test", p.source if p.test_on == "same" else p.test_on)
    X = (lambda rows: fits._minilm.shipped()[rows]) if p.vectoriser == "MiniLM" else \
        (lambda rows: list(TEXTS[rows]))
    pipe.fit(X(train), LABELS[train])
    np.testing.assert_allclose(f.proba, pipe.predict_proba(X(test))[:, 1])
    assert f.test_accuracy == pipe.score(X(test), LABELS[test])
    assert f.train_accuracy == pipe.score(X(train), LABELS[train])
    assert list(f.estimator.named_steps) == list(pipe.named_steps)


def test_cross_validation_is_cross_val_score_of_the_pipeline():
    p = ex.Params(step="cross-validate", folds=4, seed=7, stop="drop")
    seen = []
    r = ex.run(p, progress=lambda fraction, text: seen.append((fraction, text)))
    train = _rows("train", "all", 7)
    pipe = fits.pipeline(p.case, p.stop, p.stem, p.vectoriser, p.ngrams, p.model, p.C)
    scores = cross_val_score(pipe, list(TEXTS[train]), LABELS[train],
                             cv=StratifiedKFold(n_splits=4, shuffle=True, random_state=7))
    np.testing.assert_allclose(r.crossed.scores, scores)
    assert r.value == pytest.approx(scores.mean()) and r.crossed.std == pytest.approx(scores.std())
    assert r.crossed.sizes.sum() == len(train)
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and any("Fold 4 of 4" in t for _, t in seen)


def test_errors_are_scikit_learns_and_the_surest_come_first(errors):
    f, e = errors.fit, errors.errors
    np.testing.assert_array_equal(e.confusion, confusion_matrix(f.y_test, f.predicted))
    assert e.mistakes == int((f.predicted != f.y_test).sum()) == errors.value
    sure = [q if q > 0.5 else 1 - q for _, _, q in e.wrong]
    assert sure == sorted(sure, reverse=True) and len(e.wrong) == fits.N_WRONG
    wrong = np.flatnonzero(f.predicted != f.y_test)
    all_sure = np.where(f.predicted == 1, f.proba, 1 - f.proba)[wrong]
    assert np.sort(all_sure)[::-1][:fits.N_WRONG] == pytest.approx(sure)
    for text, truth, q in e.wrong:  # each really is a held-out sentence the model gets wrong
        j = int(np.flatnonzero(TEXTS[f.test_rows] == text)[0])
        assert LABELS[f.test_rows][j] == truth and (q > 0.5) != bool(truth)


def test_every_later_step_reads_the_model_steps_fit(errors):
    for step in ("model", "save"):  # the other steps' controls (the format) refit nothing
        assert ex.run(ex.Params(step=step, format="joblib")).fit is errors.fit
    # Moving C does not refit naive Bayes (it has none); cleaning does not reach MiniLM.
    nb = ex.run(ex.Params(step="model", model="naive Bayes")).fit
    assert ex.run(ex.Params(step="model", model="naive Bayes", C=50.0)).fit is nb
    minilm = ex.features(ex.Params(vectoriser="MiniLM"))
    assert ex.features(ex.Params(vectoriser="MiniLM", stem="Porter")) == minilm


def test_saving_round_trips_and_skops_asks_to_trust_the_stemmer():
    import skops.io as sio

    r = ex.run(ex.Params(step="save", stem="Porter"))
    s = r.saved
    assert s.same_predictions == len(r.fit.y_test) and s.same_probabilities
    assert s.untrusted == ("explorers._sproject_fit.Cleaner",)
    data = sio.dumps(r.fit.estimator)
    assert sio.get_untrusted_types(data=data) == list(s.untrusted) and len(data) == s.size == r.value
    with pytest.raises(Exception):  # refused until the type is approved
        sio.loads(data)
    joblib_size = dict(s.sizes)["joblib"]
    assert ex.run(ex.Params(step="save", stem="Porter", format="joblib")).value == joblib_size


def test_the_served_sentence_is_scored_by_the_loaded_pipeline():
    p = ex.Params(step="serve", sentence="The food was not good.", stop="drop")
    r = ex.run(p)
    import skops.io as sio

    data = sio.dumps(r.fit.estimator)
    loaded = sio.loads(data, trusted=sio.get_untrusted_types(data=data))
    assert r.served.loaded == loaded.predict_proba([p.sentence])[0, 1] == r.value
    assert r.served.fitted == r.fit.estimator.predict_proba([p.sentence])[0, 1]
    # "not" is a stop word here: the sentence reads as "food good".
    assert r.served.loaded == r.fit.estimator.predict_proba(["food good"])[0, 1]


@pytest.mark.parametrize("state", [
    dict(stem="lemma", stop="drop", case="keep case"), dict(step="vectorise", vectoriser="bag of words"),
    dict(step="model", model="naive Bayes", ngrams="words and pairs"),
    dict(step="cross-validate", model="linear SVM", folds=3),
    dict(step="errors", source="amazon", test_on="imdb"),
    dict(step="save", format="joblib", stop="drop, keep negations"),
    dict(step="serve", model="linear SVM", C=10.0),
], ids=lambda s: "-".join(str(v) for v in s.values()))
def test_the_code_reproduces_the_steps_headline(state):
    """Beyond the contract test's defaults and extremes: stemming, other models and sources."""
    p = ex.Params(**state)
    assert float(_exec(p)["value"]) == pytest.approx(ex.run(p).value, rel=1e-9)


def test_each_step_shows_its_own_controls_and_names_real_pages():
    titles = {topic.title for _, topic in topics()}
    for step in ex.STEPS:
        for model in ex.MODELS:
            p = ex.Params(step=step, model=model)
            shown = ex.shown(p)
            assert shown[0] == "step"
            assert ("C" in shown) == (step == "model" and model in fits.WITH_C)
            assert ("model" in shown) == (ex.STEPS.index(step) >= ex.STEPS.index("model"))
            assert set(ex.explained(p)) <= titles, ex.explained(p)
    assert "ngrams" not in ex.shown(ex.Params(step="vectorise", vectoriser="MiniLM"))
