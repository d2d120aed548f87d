"""The imputation view of the preprocessing page: gaps made on purpose, filled in a Pipeline.

scikit-learn's diabetes table (442 patients, ten measurements, in their own units) with one
column losing a share of its values, by one of three mechanisms:

* **MCAR**, missing completely at random: every value equally likely to go.
* **MAR**, missing at random given what is seen: older patients' values go more often
  (the chance grows with age, which stays in the table).
* **MNAR**, missing not at random: the larger a value, the likelier it is to go, so what is
  left hides its own upper tail.

Because the gaps are made, the true values are known: the view draws what each imputer puts
in their place over what was there, and scores the whole pipeline (scale, impute, linear
regression) by 3-fold cross-validated R², with and without a missing-value indicator.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.experimental import enable_iterative_imputer
from sklearn.impute import IterativeImputer, KNNImputer, SimpleImputer
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from datasets.readonly import readonly
from explorers._threads import one_thread, trusted_inputs

# IterativeImputer is still experimental: importing this module is what makes it importable.
ENABLED = enable_iterative_imputer

COLUMNS = ("bmi", "bp", "s1", "s5")
ABOUT = {
    "bmi": "body mass index", "bp": "average blood pressure (mm Hg)",
    "s1": "total serum cholesterol (mg/dl), which moves with s2 (LDL)", "s5": "log of serum triglycerides",
}
DRIVER = "age"  # MAR: the column whose value makes a gap likelier
MECHANISMS = ("MCAR", "MAR", "MNAR")
IMPUTERS = ("mean", "median", "most frequent", "k-NN", "iterative")
INDICATOR = ("without", "with")
# Three folds: every patient is scored once, by a pipeline fitted on the other two thirds.
# Five would steady the scores a little and cost a slider move two thirds more fits.
FOLDS = 3
PULL = 2.0  # MAR and MNAR: a value one standard deviation higher is e² ≈ 7 times likelier to go


@lru_cache(maxsize=1)
def load():
    from sklearn.datasets import load_diabetes

    data = load_diabetes(scaled=False)
    return readonly((data.data.astype(float), data.target.astype(float), tuple(data.feature_names)))


def imputer(name: str, indicator: bool, seed: int):
    if name == "k-NN":
        return KNNImputer(add_indicator=indicator)
    if name == "iterative":
        # Only one column has gaps: the complete ones need no model of their own.
        return IterativeImputer(skip_complete=True, random_state=seed, add_indicator=indicator)
    strategy = {"mean": "mean", "median": "median", "most frequent": "most_frequent"}[name]
    return SimpleImputer(strategy=strategy, add_indicator=indicator)


def pipeline(name: str, indicator: bool, seed: int):
    # Scaled first: k-NN's distances (and the iterative imputer's regressions) then weigh
    # every column alike instead of in their own units. StandardScaler leaves gaps as gaps.
    return make_pipeline(StandardScaler(), imputer(name, indicator, seed), LinearRegression())


def gaps(column: str, mechanism: str, share: float, seed: int) -> np.ndarray:
    """The rows whose ``column`` goes missing, sorted: ``round(share * n)`` of them, drawn
    without replacement with chances by mechanism."""
    X, _, names = load()
    n = len(X)
    if mechanism == "MCAR":
        weight = np.ones(n)
    else:
        driver = X[:, names.index(DRIVER if mechanism == "MAR" else column)]
        weight = np.exp(PULL * (driver - driver.mean()) / driver.std())
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, round(share * n), replace=False, p=weight / weight.sum()))


def damaged(column: str, mechanism: str, share: float, seed: int) -> np.ndarray:
    X, _, names = load()
    X = X.copy()
    X[gaps(column, mechanism, share, seed), names.index(column)] = np.nan
    return X


@dataclass(frozen=True)
class Scores:
    """Cross-validated R² of every imputer, with and without the indicator."""

    with_indicator: np.ndarray  # (len(IMPUTERS),) mean over the folds
    without: np.ndarray
    folds_with: np.ndarray  # (len(IMPUTERS), FOLDS)
    folds_without: np.ndarray
    complete: float  # the same pipeline's R² on the table before any value went missing


@lru_cache(maxsize=32)
def scores(column: str, mechanism: str, share: float, seed: int) -> Scores:
    """``cross_val_score`` of every pipeline, fold by fold. Each fold's imputer is fitted
    once, with the indicator: without it, the imputer fills the same values and only the
    indicator's column is missing, so the regression is refitted on the columns before it."""
    _, y, names = load()
    X = damaged(column, mechanism, share, seed)
    width, j = X.shape[1], names.index(column)
    cv = KFold(FOLDS, shuffle=True, random_state=seed)
    folds = np.empty((2, len(IMPUTERS), FOLDS))
    with one_thread(), trusted_inputs():  # checks off: our own table, our own gaps
        for f, (train, test) in enumerate(cv.split(X)):
            # The scaler is the same for every imputer: fitted once per fold, as each
            # pipeline's first step would be.
            scaler = StandardScaler().fit(X[train])
            S_train, S_test = scaler.transform(X[train]), scaler.transform(X[test])
            for i, name in enumerate(IMPUTERS):
                filling = imputer(name, True, seed)
                if isinstance(filling, SimpleImputer):
                    Z_train, Z_test = one_column(filling, S_train, S_test, j)
                else:  # k-NN and the iterative model fill from the other columns
                    Z_train, Z_test = filling.fit_transform(S_train), filling.transform(S_test)
                for k, kept in enumerate((width, Z_train.shape[1])):
                    fitted = LinearRegression().fit(Z_train[:, :kept], y[train])
                    folds[k, i, f] = r2(y[test], fitted.predict(Z_test[:, :kept]))
    return readonly(Scores(folds[1].mean(axis=1), folds[0].mean(axis=1), folds[1], folds[0],
                           complete(seed)))


def r2(true: np.ndarray, predicted: np.ndarray) -> float:
    """R², as the regression's ``score`` gives it (r2_score): one less the squared error over
    the squared spread around the mean. In numpy, because r2_score's input checks cost more
    than the fit they follow; tests/explorers/test_preprocessing.py compares the two."""
    return float(1 - np.sum((true - predicted) ** 2) / np.sum((true - np.mean(true)) ** 2))


def one_column(filling: SimpleImputer, S_train: np.ndarray, S_test: np.ndarray, j: int):
    """A SimpleImputer fills each column from that column's own training values, and only
    column ``j`` has gaps: fitted on that column alone, it gives the matrix it gives when
    fitted on all of them (the complete columns pass through, the indicator comes last), at
    a fraction of the cost for the most frequent value, which it counts column by column.
    tests/explorers/test_preprocessing.py compares the scores with cross_val_score."""
    out = []
    for rows, part in ((S_train, filling.fit_transform(S_train[:, [j]])),
                       (S_test, filling.transform(S_test[:, [j]]))):
        Z = np.hstack([rows, part[:, 1:]])
        Z[:, j] = part[:, 0]
        out.append(Z)
    return out


@lru_cache(maxsize=32)
def complete(seed: int) -> float:
    """The same pipeline's R² on the table before any value went missing: the folds depend
    on the seed only, so a move of the column, the mechanism or the share reuses it."""
    X, y, _ = load()
    cv = KFold(FOLDS, shuffle=True, random_state=seed)
    with one_thread(), trusted_inputs():
        return float(np.mean([make_pipeline(StandardScaler(), LinearRegression()).fit(X[train], y[train])
                              .score(X[test], y[test]) for train, test in cv.split(X)]))


@dataclass(frozen=True)
class Imputation:
    column: str
    mechanism: str
    share: float
    imputer: str
    indicator: bool
    scores: Scores
    rows: np.ndarray  # the rows that lost their value
    observed: np.ndarray  # the column's values that stayed
    true: np.ndarray  # the lost values, as they were
    filled: np.ndarray  # what the imputer put in their place (fitted on the whole damaged table)
    target: np.ndarray  # disease progression of every patient
    score: float  # the chosen pipeline's cross-validated R²
    rmse: float  # root mean squared error of the filled values against the true ones
    bias: float  # mean of the filled values less the mean of the true ones

    @property
    def complete(self) -> float:
        return self.scores.complete

    def score_of(self, imputer: str, indicator: bool) -> float:
        row = self.scores.with_indicator if indicator else self.scores.without
        return float(row[IMPUTERS.index(imputer)])

    @property
    def indicator_gain(self) -> float:
        """What the indicator adds to the chosen imputer's R²."""
        return self.score_of(self.imputer, True) - self.score_of(self.imputer, False)


@lru_cache(maxsize=32)
def filled(column: str, mechanism: str, share: float, seed: int, name: str) -> np.ndarray:
    """The values the imputer puts in the gaps, fitted on the whole damaged table (in the
    column's own units)."""
    X = damaged(column, mechanism, share, seed)
    filling = make_pipeline(StandardScaler(), imputer(name, False, seed))
    with one_thread(), trusted_inputs():
        Z = filling[0].inverse_transform(filling.fit_transform(X))
    j = load()[2].index(column)
    return readonly(Z[gaps(column, mechanism, share, seed), j])


def run(column: str, mechanism: str, share: float, imputer_: str, indicator: bool, seed: int) -> Imputation:
    X, y, names = load()
    j = names.index(column)
    rows = gaps(column, mechanism, share, seed)
    kept = np.ones(len(X), bool)
    kept[rows] = False
    true = X[rows, j]
    put = filled(column, mechanism, share, seed, imputer_)
    s = scores(column, mechanism, share, seed)
    row = s.with_indicator if indicator else s.without
    return readonly(Imputation(
        column=column, mechanism=mechanism, share=share, imputer=imputer_, indicator=indicator, scores=s,
        rows=rows, observed=X[kept, j], true=true, filled=put, target=y,
        score=float(row[IMPUTERS.index(imputer_)]),
        rmse=float(np.sqrt(np.mean((put - true) ** 2))), bias=float(put.mean() - true.mean()),
    ))


def imputer_code(name: str, indicator: str | None, seed: int) -> str:
    """The imputer as the code writes it; ``indicator``: what add_indicator is set to, or
    None to leave it at its default (False)."""
    args = {"mean": ['strategy="mean"'], "median": ['strategy="median"'],
            "most frequent": ['strategy="most_frequent"'], "k-NN": [],
            "iterative": ["skip_complete=True", f"random_state={seed}"]}[name]
    if indicator is not None:
        args = [*args, f"add_indicator={indicator}"]
    kind = {"k-NN": "KNNImputer", "iterative": "IterativeImputer"}.get(name, "SimpleImputer")
    return f"{kind}({', '.join(args)})"


def code(column: str, mechanism: str, share: float, imputer_: str, indicator: bool, seed: int) -> str:
    chances = {
        "MCAR": "weight = np.ones(len(X))  # every value equally likely to go",
        "MAR": f'age = X[:, names.index("{DRIVER}")]  # older patients\' values go more often\n'
               f"weight = np.exp({PULL:g} * (age - age.mean()) / age.std())",
        "MNAR": "value = X[:, column]  # the larger the value, the likelier it goes\n"
                f"weight = np.exp({PULL:g} * (value - value.mean()) / value.std())",
    }[mechanism]
    every = ",\n".join(f'    "{name}": lambda flag: {imputer_code(name, "flag", seed)}' for name in IMPUTERS)
    return f'''\
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.experimental import enable_iterative_imputer
from sklearn.impute import IterativeImputer, KNNImputer, SimpleImputer
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

data = load_diabetes(scaled=False)  # 442 patients, ten measurements in their own units
X, y, names = data.data.copy(), data.target, list(data.feature_names)
column = names.index("{column}")  # {ABOUT[column]}
true_X = X.copy()

# {mechanism}: {round(share * 442)} of the 442 values of {column} go missing.
{chances}
rng = np.random.default_rng({seed})
rows = np.sort(rng.choice(len(X), {round(share * 442)}, replace=False, p=weight / weight.sum()))
X[rows, column] = np.nan

# Scale, fill the gaps, then fit: all inside the pipeline, so each fold's imputer learns
# from that fold's training rows only.
model = make_pipeline(StandardScaler(), {imputer_code(imputer_, 'True' if indicator else None, seed)},
                      LinearRegression())
print(model)
cv = KFold({FOLDS}, shuffle=True, random_state={seed})
score = cross_val_score(model, X, y, cv=cv).mean()  # the page's headline: cross-validated R²
complete = cross_val_score(make_pipeline(StandardScaler(), LinearRegression()), true_X, y, cv=cv).mean()
print(f"cross-validated R² {{score:.3f}}   (before any value went missing: {{complete:.3f}})")

# What the imputer puts in the gaps, fitted on the whole table, against the true values.
filling = make_pipeline(StandardScaler(), {imputer_code(imputer_, None, seed)})
filled = filling[0].inverse_transform(filling.fit_transform(X))[rows, column]
true = true_X[rows, column]
print(f"filled values: RMSE {{np.sqrt(np.mean((filled - true) ** 2)):.3g}}, "
      f"mean {{filled.mean():.4g}} against the true {{true.mean():.4g}}")

# Every imputer, without and with the missing-value indicator.
imputers = {{
{every},
}}
for name, make in imputers.items():
    without, with_ = (cross_val_score(make_pipeline(StandardScaler(), make(flag), LinearRegression()),
                                      X, y, cv=cv).mean() for flag in (False, True))
    print(f"{{name:>14}}  R² {{without:.3f}} without the indicator, {{with_:.3f}} with it")
'''
