"""The three sentiment models of the sentiment page, fitted on the shipped review sentences.

The 3,000 sentences (``datasets.sentences``) are split once per seed into a training part and
a held-out quarter, stratified by source and label, so each source keeps 750 sentences to
learn from and 250 to be tested on, half of them positive. A model trained "on Amazon" sees
Amazon's 750; one trained on all sources sees all 2,250. Every test is on held-out sentences.

* **TF-IDF + logistic regression**: a ``Pipeline`` of ``TfidfVectorizer`` (words, or words and
  pairs of words) and ``LogisticRegression``. Its score is a sum over the sentence's words:
  each word's TF-IDF weight times its coefficient, plus the intercept.
* **VADER**: no training; positive when its compound score is above 0.
* **MiniLM + logistic regression**: the same classifier on the 384 numbers MiniLM gives each
  sentence (``explorers._minilm``).

Fits are memoised on everything they depend on; the learner's sentence is not among it, so
typing only predicts.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from datasets import sentences
from datasets.readonly import readonly
from explorers import _minilm, _vader

SOURCES = tuple(sentences.SOURCES)  # amazon, yelp, imdb
TRAIN_ON = ("all", *SOURCES)
NGRAMS = {"words": (1, 1), "words and pairs": (1, 2)}
TEST_SIZE = 0.25
MAX_ITER = 1000  # lbfgs at C = 100 on TF-IDF needs more than the default 100 steps


@lru_cache(maxsize=1)
def corpus():
    """(texts, labels, sources) of every shipped sentence, as read-only arrays."""
    table = sentences.load()
    return readonly((table["text"].to_numpy(dtype=object), table["label"].to_numpy(),
                     table["source"].to_numpy(dtype=object)))


@lru_cache(maxsize=16)
def split(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers of the training part and the held-out quarter, stratified by source and label."""
    from sklearn.model_selection import train_test_split

    _, labels, source = corpus()
    strata = [f"{s}{y}" for s, y in zip(source, labels)]
    train, test = train_test_split(np.arange(len(labels)), test_size=TEST_SIZE, random_state=seed,
                                   stratify=strata)
    return readonly((train, test))


def rows(part: str, on: str, seed: int) -> np.ndarray:
    """The rows of ``part`` ("train" or "test") from source ``on`` ("all" for every source)."""
    chosen = split(seed)[0 if part == "train" else 1]
    if on == "all":
        return chosen
    return chosen[corpus()[2][chosen] == on]


def tfidf_pipeline(ngrams: str, c: float):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline([("tfidf", TfidfVectorizer(ngram_range=NGRAMS[ngrams])),
                     ("classify", LogisticRegression(C=c, max_iter=MAX_ITER))])


def minilm_pipeline(c: float):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    # The embeddings come in already made (explorers._minilm): the pipeline is the classifier.
    return Pipeline([("classify", LogisticRegression(C=c, max_iter=MAX_ITER))])


@lru_cache(maxsize=16)
def _vectorised(on: str, ngrams: str, seed: int):
    """The pipeline's first step fitted on the training sentences, and what it makes of them.

    The vectorizer does not depend on C, and it is most of a fit (its vocabulary and document
    frequencies over 2,250 sentences), so a move of C refits only the classifier after it:
    the same pipeline ``Pipeline.fit`` would give (the tests compare them)."""
    texts, _, _ = corpus()
    step = tfidf_pipeline(ngrams, 1.0).named_steps["tfidf"]
    return step, step.fit_transform(list(texts[rows("train", on, seed)]))


@lru_cache(maxsize=64)
def _test_matrix(on: str, ngrams: str, seed: int, test_on: str):
    """The held-out sentences of ``test_on`` through the vectorizer fitted on ``on``."""
    return _vectorised(on, ngrams, seed)[0].transform(list(corpus()[0][rows("test", test_on, seed)]))


@lru_cache(maxsize=48)
def fitted_tfidf(on: str, ngrams: str, c: float, seed: int):
    from sklearn.pipeline import Pipeline

    step, X = _vectorised(on, ngrams, seed)
    classify = tfidf_pipeline(ngrams, c).named_steps["classify"].fit(X, corpus()[1][rows("train", on, seed)])
    return Pipeline([("tfidf", step), ("classify", classify)])


@lru_cache(maxsize=48)
def fitted_minilm(on: str, c: float, seed: int):
    _, labels, _ = corpus()
    train = rows("train", on, seed)
    return minilm_pipeline(c).fit(_minilm.shipped()[train], labels[train])


@lru_cache(maxsize=1)
def vader_compounds() -> np.ndarray:
    """VADER's compound score of every shipped sentence (it does not learn: computed once)."""
    texts, _, _ = corpus()
    return readonly(np.array([_vader.compound(t) for t in texts]))


def predictions(model: str, on: str, test_on: str, ngrams: str, c: float, seed: int) -> np.ndarray:
    """0/1 predictions of ``model`` trained on ``on`` for the held-out rows of ``test_on``."""
    test = rows("test", test_on, seed)
    if model == "VADER":
        return (vader_compounds()[test] > 0).astype(int)
    if model == "TF-IDF + LR":
        classify = fitted_tfidf(on, ngrams, c, seed).named_steps["classify"]
        return classify.predict(_test_matrix(on, ngrams, seed, test_on))
    return fitted_minilm(on, c, seed).predict(_minilm.shipped()[test])


def accuracy(model: str, on: str, test_on: str, ngrams: str, c: float, seed: int) -> float:
    labels = corpus()[1][rows("test", test_on, seed)]
    return float(np.mean(predictions(model, on, test_on, ngrams, c, seed) == labels))


@lru_cache(maxsize=32)
def across(model: str, ngrams: str, c: float, seed: int) -> np.ndarray:
    """Accuracy of ``model`` trained on each of TRAIN_ON (rows), tested on each source (columns)."""
    table = np.array([[accuracy(model, on, test_on, ngrams, c, seed) for test_on in SOURCES]
                      for on in TRAIN_ON])
    return readonly(table)


def contributions(pipe, sentence: str):
    """Each feature of ``sentence`` the vectorizer knows, in the order it comes, with its
    TF-IDF weight and its push on the logit (weight × coefficient); and the features it does
    not know. The pushes plus the intercept are the pipeline's ``decision_function``."""
    vectorizer, model = pipe.named_steps["tfidf"], pipe.named_steps["classify"]
    x = vectorizer.transform([sentence]).tocsr()
    weight = dict(zip(x.indices, x.data))
    vocabulary = vectorizer.vocabulary_
    known, unknown = [], []
    for token in dict.fromkeys(vectorizer.build_analyzer()(sentence)):  # in order, once each
        if token in vocabulary:
            j = vocabulary[token]
            known.append((token, float(weight[j]), float(weight[j] * model.coef_[0, j])))
        else:
            unknown.append(token)
    return tuple(known), tuple(unknown), float(model.intercept_[0])


def top_words(pipe, n: int = 8):
    """The ``n`` features with the most negative and the most positive coefficients."""
    coef = pipe.named_steps["classify"].coef_[0]
    names = pipe.named_steps["tfidf"].get_feature_names_out()
    order = np.argsort(coef)
    chosen = np.concatenate([order[:n], order[-n:]])
    return tuple(str(names[j]) for j in chosen), readonly(coef[chosen].astype(float))


@lru_cache(maxsize=16)
def space(on: str, c: float, seed: int):
    """A map of the held-out sentences as the MiniLM classifier sees them: across, its logit
    (the one direction it uses); up, the direction of most spread left once that one is taken
    out of the training embeddings (PCA of the rest). Returns (x, y, labels, sentence -> y)."""
    from sklearn.decomposition import PCA

    model = fitted_minilm(on, c, seed).named_steps["classify"]
    embeddings, labels = _minilm.shipped(), corpus()[1]
    w = model.coef_[0] / np.linalg.norm(model.coef_[0])
    train = embeddings[rows("train", on, seed)]
    pca = PCA(n_components=1).fit(train - np.outer(train @ w, w))

    def across_axis(vectors: np.ndarray) -> np.ndarray:
        vectors = np.atleast_2d(vectors)
        return pca.transform(vectors - np.outer(vectors @ w, w))[:, 0]

    test = rows("test", on, seed)
    x = model.decision_function(embeddings[test])
    return readonly((x, across_axis(embeddings[test]), labels[test])) + (lambda v: float(across_axis(v)[0]),)
