"""The encoding view of the preprocessing page: text categories turned into numbers.

The restaurant tips table (244 bills, shipped inside plotly) with three columns of text
(the day, the payer's sex, smoker or not) and three of numbers (the bill, the tip, the
party's size). The model guesses whether a bill was paid at lunch or at dinner. A
ColumnTransformer encodes the text columns and standardises the numbers, inside the
pipeline, so each cross-validation fold learns its categories (and, for the target
encoder, their means) from its own training rows.

* **One-hot**: a 0/1 column per category. ``min_frequency`` merges rare ones into an
  "infrequent" column; ``handle_unknown`` says what a category never seen in fitting
  becomes: an error (the default), all zeros, or the infrequent column if there is one.
* **Ordinal**: one whole number per category, in alphabetical order (Fri 0, Sat 1, Sun 2,
  Thur 3), an order a linear model will read as a quantity. Unseen: -1.
* **Target**: each category's share of lunches, shrunk towards the overall share; the
  training rows get it cross-fitted (from the other folds), so a row never sees its own
  answer. Unseen: the overall share.

A bill on a Monday, a day the table never has, shows what each does with an unseen category.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler, TargetEncoder
from sklearn.tree import DecisionTreeClassifier

from datasets.readonly import readonly
from explorers._threads import one_thread, trusted_inputs

CATEGORIES = ("day", "sex", "smoker")
NUMBERS = ("total_bill", "tip", "size")
TARGET, POSITIVE = "time", "Lunch"
ENCODERS = ("one-hot", "ordinal", "target")
COMPARED = ("drop them", *ENCODERS)  # the bars: the categories left out, then each encoder
UNKNOWN = ("error", "ignore", "infrequent_if_exist")
CLASSIFIERS = ("logistic regression", "decision tree")
# Three folds: every bill is scored once, by a pipeline fitted on the other two thirds. Five
# would steady the score a little and cost a slider move two thirds more fits.
FOLDS = 3
TARGET_FOLDS = 5  # the target encoder's own cross-fitting, at its default
DEPTH = 4  # the tree's depth: enough for the day and the bill, too little to memorise
# A bill on a day the table never has: the restaurant opened on Mondays after the data.
NEW_BILL = {"day": "Mon", "sex": "Female", "smoker": "No", "total_bill": 14.0, "tip": 2.5, "size": 2}
DAYS = ("Thur", "Fri", "Sat", "Sun")  # the table's days in the week's order (the encoders sort them)
SHOWN_PER_DAY = 2


@lru_cache(maxsize=1)
def table() -> pd.DataFrame:
    import plotly.data  # the tips table ships inside plotly's wheel

    return plotly.data.tips()


@lru_cache(maxsize=1)
def arrays() -> tuple[np.ndarray, np.ndarray]:
    """The table's columns and target as plain object arrays: the same pipeline on them
    (columns by position, not by name) runs two to three times faster than on pandas'
    text columns, to the same numbers (tests/explorers/test_preprocessing.py checks)."""
    data = table()
    return readonly((data[list(CATEGORIES + NUMBERS)].to_numpy(object), data[TARGET].to_numpy(object)))


def encoder_of(name: str, unknown: str, min_frequency: int, seed: int):
    rare = {"min_frequency": min_frequency} if min_frequency > 1 else {}
    if name == "one-hot":
        return OneHotEncoder(handle_unknown=unknown, **rare)
    if name == "ordinal":
        return OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1, **rare)
    if name == "target":
        return TargetEncoder(cv=StratifiedKFold(TARGET_FOLDS, shuffle=True, random_state=seed))
    return "drop"


def classifier_of(name: str, seed: int):
    if name == "logistic regression":
        return LogisticRegression()
    return DecisionTreeClassifier(max_depth=DEPTH, random_state=seed)


def pipeline(encoder: str, unknown: str, min_frequency: int, classifier: str, seed: int, by_name: bool = False):
    """The page's pipeline; ``by_name``: columns picked by name from the DataFrame (as the
    code does), else by position from ``arrays()``."""
    categories, numbers = (list(CATEGORIES), list(NUMBERS)) if by_name else ([0, 1, 2], [3, 4, 5])
    columns = ColumnTransformer([
        ("categories", encoder_of(encoder, unknown, min_frequency, seed), categories),
        ("numbers", StandardScaler(), numbers),
    ])
    return make_pipeline(columns, classifier_of(classifier, seed))


def cross_validated(encoder: str, unknown: str, min_frequency: int, classifier: str, seed: int) -> float:
    # Memoised on what changes the score only: the unseen-category rule never meets an
    # unseen category inside the table, and rare categories matter to two encoders only.
    relevant_unknown = unknown if encoder == "one-hot" else UNKNOWN[0]
    relevant_rare = min_frequency if encoder in ("one-hot", "ordinal") else 1
    return _cross_validated(encoder, relevant_unknown, relevant_rare, classifier, seed)


@lru_cache(maxsize=1)
def parts() -> tuple[np.ndarray, np.ndarray]:
    """``arrays()``'s text columns and its numbers (as floats), apart: the two inputs of the
    pipeline's ColumnTransformer."""
    X, _ = arrays()
    return readonly((X[:, :len(CATEGORIES)], X[:, len(CATEGORIES):].astype(float)))


@lru_cache(maxsize=32)
def folds(seed: int) -> tuple:
    """Each fold's rows and its numbers standardised, as the pipeline's scaler does it on the
    fold's training rows: the same for every encoder, so fitted once per fold."""
    X, y = arrays()
    _, numbers = parts()
    out = []
    with one_thread(), trusted_inputs():
        for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(X, y):
            scale = StandardScaler().fit(numbers[train])
            out.append((train, test, scale.transform(numbers[train]), scale.transform(numbers[test])))
    return readonly(tuple(out))


@lru_cache(maxsize=256)
def _cross_validated(encoder, unknown, min_frequency, classifier, seed) -> float:
    """``cross_val_score`` of the page's pipeline, fold by fold, as the pipeline does it: the
    encoder and the scaler fitted on the fold's training rows (the target encoder by its
    own cross-fitting, ``fit_transform``), their columns side by side (dense, as the
    ColumnTransformer gives them: six of eleven one-hot entries are non-zero), then the
    model. Without the ColumnTransformer's, the Pipeline's and cross_validate's bookkeeping,
    two to three times faster; tests/explorers/test_preprocessing.py compares the scores
    with cross_val_score of the DataFrame pipeline."""
    _, y = arrays()
    words, _ = parts()
    scores = []
    with one_thread(), trusted_inputs():
        for train, test, scaled_train, scaled_test in folds(seed):
            blocks_train, blocks_test = [scaled_train], [scaled_test]
            step = encoder_of(encoder, unknown, min_frequency, seed)
            if step != "drop":
                blocks_train.insert(0, dense(step.fit_transform(words[train], y[train])))
                blocks_test.insert(0, dense(step.transform(words[test])))
            model = classifier_of(classifier, seed).fit(np.hstack(blocks_train), y[train])
            # The classifier's score is its accuracy: the share of right guesses.
            scores.append(np.mean(model.predict(np.hstack(blocks_test)) == y[test]))
    return float(np.mean(scores))


def dense(matrix) -> np.ndarray:
    return matrix.toarray() if hasattr(matrix, "toarray") else matrix  # sparse if mostly zeros


def shown_rows() -> np.ndarray:
    """The first bills of each day, in the week's order: a few rows of the encoded matrix."""
    days = table()["day"].to_numpy()
    return np.concatenate([np.flatnonzero(days == d)[:SHOWN_PER_DAY] for d in DAYS])


@dataclass(frozen=True)
class Encoding:
    encoder: str
    unknown: str
    min_frequency: int
    classifier: str
    columns: tuple[str, ...]  # the encoded categories' columns, as the encoder names them
    rows: np.ndarray  # indices of the bills shown
    labels: tuple[str, ...]  # each shown bill's categories, as written in the table
    matrix: np.ndarray  # (shown bills, columns): what the model gets for their categories
    new_row: np.ndarray | None  # the Monday bill's encoded categories; None if refused
    refusal: str | None  # the encoder's own message when it refuses the Monday bill
    new_lunch: float | None  # the fitted pipeline's chance that the Monday bill was a lunch
    accuracies: np.ndarray  # (len(COMPARED),) cross-validated accuracy of each
    score: float  # the chosen pipeline's cross-validated accuracy
    n_columns: int  # columns the three categories become

    @property
    def dropped(self) -> float:
        return float(self.accuracies[0])

    def accuracy_of(self, name: str) -> float:
        return float(self.accuracies[COMPARED.index(name)])


def run(encoder: str, unknown: str, min_frequency: int, classifier: str, seed: int) -> Encoding:
    return _run(encoder, unknown if encoder == "one-hot" else UNKNOWN[0],
                min_frequency if encoder in ("one-hot", "ordinal") else 1, classifier, seed)


@lru_cache(maxsize=64)
def _run(encoder, unknown, min_frequency, classifier, seed) -> Encoding:
    X, y = arrays()
    fitted = pipeline(encoder, unknown, min_frequency, classifier, seed)
    with one_thread(), trusted_inputs():
        # What the model is trained on: for the target encoder, fit_transform's cross-fitted
        # values (what Pipeline.fit passes on), not what transform gives the same rows later.
        encoded = fitted[0].fit_transform(X, y)
        encoded = dense(encoded)
        fitted[-1].fit(encoded, y)
        mine = fitted[0].output_indices_["categories"]
        columns = tuple(fitted[0].named_transformers_["categories"].get_feature_names_out(list(CATEGORIES)))
        new = np.array([[NEW_BILL[c] for c in CATEGORIES + NUMBERS]], dtype=object)
        try:
            new_encoded = fitted[0].transform(new)
        except ValueError as err:  # handle_unknown="error": the encoder's own words
            new_row, refusal, new_lunch = None, str(err), None
        else:
            new_row, refusal = new_encoded[0, mine], None
            proba = fitted[-1].predict_proba(new_encoded)[0]
            new_lunch = float(proba[list(fitted[-1].classes_).index(POSITIVE)])
    accuracies = np.array([cross_validated(name, unknown, min_frequency, classifier, seed)
                           for name in ("drop", *ENCODERS)])
    rows = shown_rows()
    labels = tuple(", ".join(str(v) for v in X[r, :len(CATEGORIES)]) for r in rows)
    return readonly(Encoding(
        encoder=encoder, unknown=unknown, min_frequency=min_frequency, classifier=classifier,
        columns=columns, rows=rows, labels=labels, matrix=np.asarray(encoded[rows][:, mine], float),
        new_row=None if new_row is None else np.asarray(new_row, float), refusal=refusal,
        new_lunch=new_lunch, accuracies=accuracies, score=float(accuracies[1 + ENCODERS.index(encoder)]),
        n_columns=len(columns),
    ))


def encoder_code(name: str, unknown: str, min_frequency: int, seed: int) -> str:
    rare = f", min_frequency={min_frequency}" if min_frequency > 1 else ""
    if name == "one-hot":
        return f'OneHotEncoder(handle_unknown="{unknown}"{rare})'
    if name == "ordinal":
        return f'OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1{rare})'
    if name == "target":
        # Its own folds: each training row is encoded from the other folds' targets.
        return f"TargetEncoder(cv=StratifiedKFold({TARGET_FOLDS}, shuffle=True, random_state={seed}))"
    return '"drop"'


def classifier_code(name: str, seed: int) -> str:
    if name == "logistic regression":
        return "LogisticRegression()"
    return f"DecisionTreeClassifier(max_depth={DEPTH}, random_state={seed})"


def code(encoder: str, unknown: str, min_frequency: int, classifier: str, seed: int) -> str:
    if encoder != "one-hot":
        unknown = UNKNOWN[0]
    if encoder not in ("one-hot", "ordinal"):
        min_frequency = 1
    every = ",\n".join(f'    "{name}": {encoder_code(name, unknown, min_frequency, seed)}'
                       for name in ("drop", *ENCODERS))
    return f'''\
import numpy as np
import pandas as pd
import plotly.data  # the tips table ships inside plotly
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler, TargetEncoder
from sklearn.tree import DecisionTreeClassifier

tips = plotly.data.tips()  # 244 bills
categories, numbers = {list(CATEGORIES)!r}, {list(NUMBERS)!r}
X, y = tips[categories + numbers], tips["{TARGET}"]  # was the bill paid at lunch or at dinner?


def pipeline(encoder):
    # The text columns are encoded and the numbers standardised inside the pipeline, so
    # each fold learns its categories from its own training rows.
    columns = ColumnTransformer([("categories", encoder, categories), ("numbers", StandardScaler(), numbers)])
    return make_pipeline(columns, {classifier_code(classifier, seed)})


model = pipeline({encoder_code(encoder, unknown, min_frequency, seed)})
print(model)
cv = StratifiedKFold({FOLDS}, shuffle=True, random_state={seed})
score = cross_val_score(model, X, y, cv=cv).mean()  # the page's headline: cross-validated accuracy
print(f"cross-validated accuracy {{score:.3f}}")

# The encoded categories of the first bills of each day: what the model is trained on
# instead of the words (for the target encoder, cross-fitted: from the other rows' targets).
model.fit(X, y)
encoded = pd.DataFrame(model[0].fit_transform(X, y), columns=model[0].get_feature_names_out())
shown = [i for day in {list(DAYS)!r} for i in np.flatnonzero(X["day"] == day)[:{SHOWN_PER_DAY}]]
print(encoded.filter(like="categories").iloc[shown].round(3))

# A bill on a Monday, a day the table never has.
monday = pd.DataFrame([{NEW_BILL!r}])
try:
    lunch = model.predict_proba(monday[categories + numbers])[0, list(model.classes_).index("{POSITIVE}")]
    print(f"Monday bill: chance of a lunch {{lunch:.3f}}")
except ValueError as err:  # handle_unknown="error" refuses a category it has never seen
    print(f"Monday bill refused: {{err}}")

# Every encoder, and the categories left out altogether, in the same pipeline.
for name, encoder in {{
{every},
}}.items():
    print(f"{{name:>8}}  accuracy {{cross_val_score(pipeline(encoder), X, y, cv=cv).mean():.3f}}")
'''
