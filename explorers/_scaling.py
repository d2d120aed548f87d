"""The scaling view of the preprocessing page: one scaler in a Pipeline before k-NN or an SVM.

Two columns on very different scales (wine's proline, in the hundreds, against its hue,
around 1) or the learner's own two columns. A distance-based model measures "near" in the
units of the columns, so unscaled, the wide one decides alone and the boundary runs
straight across the narrow one. A few training values moved far out along the first
column (the outlier knobs) stretch the statistics a scaler learns from: the mean and
standard deviation, the minimum and maximum, the largest absolute value; the median and
interquartile range (RobustScaler) and the quantiles (QuantileTransformer) barely move.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import (MaxAbsScaler, MinMaxScaler, Normalizer, PowerTransformer,
                                   QuantileTransformer, RobustScaler, StandardScaler)
from sklearn.svm import SVC

from datasets.readonly import readonly
from datasets.tables import Labelled, labelled_code
from explorers._classify import PlaneParams, Scores, Split, evaluate, make_split, on_table, split
from explorers._threads import one_thread, trusted_inputs

TEST_SHARE = 0.3
SCALERS = ("none", "StandardScaler", "MinMaxScaler", "MaxAbsScaler", "RobustScaler",
           "QuantileTransformer", "PowerTransformer", "Normalizer")
ABOUT = {  # what each learns from the training rows and does with it
    "none": "the raw columns",
    "StandardScaler": "subtracts the mean and divides by the standard deviation",
    "MinMaxScaler": "maps the minimum to 0 and the maximum to 1",
    "MaxAbsScaler": "divides by the largest absolute value",
    "RobustScaler": "subtracts the median and divides by the interquartile range",
    "QuantileTransformer": "maps each value to its quantile, evenly spread over 0 to 1",
    "PowerTransformer": "a Yeo-Johnson power to make each column more normal, then standardises",
    "Normalizer": "scales each row (not each column) to length 1",
}
MODELS = ("k-NN", "SVM")
MODEL_CODE = {"k-NN": "KNeighborsClassifier()", "SVM": "SVC()"}  # scikit-learn's defaults: k = 5; C = 1, RBF


@dataclass(frozen=True)
class Pair:
    """Two columns of a scikit-learn table, far apart in scale."""

    loader: str
    features: tuple[str, str]
    about: str


DATA = {
    "wine": Pair("load_wine", ("proline", "hue"),
                 "wines of three cultivars: proline runs from about 280 to 1,680, hue from 0.5 to 1.7"),
    "breast cancer": Pair("load_breast_cancer", ("worst area", "worst smoothness"),
                          "tumours: the worst area runs from about 190 to 4,250, its smoothness from "
                          "0.07 to 0.22"),
}


@dataclass(frozen=True)
class Scaling:
    split: Split  # the grid covers the data as it came; X_train holds the moved outliers
    scores: Scores
    scaler: str
    model: str
    outlier_rows: np.ndarray  # indices into split.X_train of the values moved out
    outlier_at: float | None  # where the moved values sit, on average, in the first column's units
    scaled_train: np.ndarray  # the training rows as the model sees them (the scaler's output)
    scaled_test: np.ndarray
    spread: np.ndarray  # (2,) interquartile range of each scaled column over the inlying training rows
    ratio: float | None  # spread[0] / spread[1]: how much more the first column moves a distance
    accuracies: np.ndarray  # (len(SCALERS),) test accuracy with each scaler, same data and model
    clean_accuracies: np.ndarray  # the same without the outliers
    across: float  # share of the boundary's grid steps crossed left to right (the first column decides)
    gamma: float | None  # the SVM's kernel width as gamma='scale' set it from the scaled rows (None: k-NN)

    @property
    def accuracy(self) -> float:
        return self.scores.test_accuracy

    @property
    def best(self) -> str:
        return SCALERS[int(np.argmax(self.accuracies))]

    def accuracy_of(self, scaler: str) -> float:
        return float(self.accuracies[SCALERS.index(scaler)])


def scaler_of(name: str, n_train: int):
    """The scaler as the pipeline holds it ("passthrough" for none)."""
    if name == "none":
        return "passthrough"
    if name == "QuantileTransformer":
        # One quantile per training row at most: more than the rows would only warn.
        return QuantileTransformer(n_quantiles=min(1000, n_train))
    return {"StandardScaler": StandardScaler, "MinMaxScaler": MinMaxScaler, "MaxAbsScaler": MaxAbsScaler,
            "RobustScaler": RobustScaler, "PowerTransformer": PowerTransformer,
            "Normalizer": Normalizer}[name]()


def pipeline(scaler: str, model: str, n_train: int) -> Pipeline:
    estimator = KNeighborsClassifier() if model == "k-NN" else SVC()
    return Pipeline([("scale", scaler_of(scaler, n_train)), ("model", estimator)])


@lru_cache(maxsize=len(DATA))
def load(name: str):
    """The two columns and the classes, read once per process: a seed or outlier move
    would otherwise parse the table's file again."""
    import sklearn.datasets

    pair = DATA[name]
    bunch = getattr(sklearn.datasets, pair.loader)()
    columns = [list(bunch.feature_names).index(f) for f in pair.features]
    return readonly((bunch.data[:, columns].astype(float), bunch.target.astype(int),
                     tuple(str(t) for t in bunch.target_names), pair.features))


@lru_cache(maxsize=32)
def data_split(data: str | Labelled, outliers: int, distance: float, seed: int) -> Split:
    """The stratified split, with ``outliers`` training values of the first column moved
    ``distance`` times that column's range further out. The grid covers the data as it came."""
    if isinstance(data, Labelled):
        s = split(on_table(PlaneParams(test_share=TEST_SHARE, seed=seed), data))
        X, names, features = data.X, s.class_names, s.feature_names
        X_train, X_test, y_train, y_test = (np.array(a) for a in (s.X_train, s.X_test, s.y_train, s.y_test))
    else:
        X, y, names, features = load(data)
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=TEST_SHARE, stratify=y,
                                                            random_state=seed)
    rows = moved_rows(len(X_train), outliers, seed)
    X_train[rows, 0] += distance * np.ptp(X[:, 0])
    return make_split(X, X_train, X_test, y_train, y_test, names, features,
                      table=data if isinstance(data, Labelled) else None)


def moved_rows(n_train: int, outliers: int, seed: int) -> np.ndarray:
    return np.sort(np.random.default_rng(seed).choice(n_train, min(outliers, n_train), replace=False))


@dataclass(frozen=True)
class Scaled:
    """Every scaler fitted on one split's training rows, and the rows it gives the model."""

    scalers: tuple  # fitted, in the order of SCALERS ("passthrough" for none)
    train: tuple[np.ndarray, ...]  # each scaler's output for X_train
    test: tuple[np.ndarray, ...]


@lru_cache(maxsize=32)
def scaled(data, outliers: int, distance: float, seed: int) -> Scaled:
    """Each scaler fitted once per split: the bars for k-NN and for the SVM, and every
    setting of the scaler control, share them. (A PowerTransformer's fit is a numerical
    search per column, the slowest step of a slider move.) Fitted objects are only read
    afterwards, so every session may share them."""
    s = data_split(data, outliers, distance, seed)
    fitted, train, test = [], [], []
    with one_thread(), trusted_inputs():  # checks off: shipped or already checked columns
        for name in SCALERS:
            step = scaler_of(name, len(s.X_train))
            if step == "passthrough":
                fitted.append(step)
                train.append(s.X_train)
                test.append(s.X_test)
                continue
            # fit_transform, as Pipeline.fit calls it: a PowerTransformer's fit transforms
            # the rows anyway, so transforming them again would be a second pass.
            train.append(step.fit_transform(s.X_train))
            fitted.append(step)
            test.append(step.transform(s.X_test))
    return readonly(Scaled(tuple(fitted), tuple(train), tuple(test)))


def fitted_pipeline(data, scaler: str, model: str, outliers: int, distance: float, seed: int) -> Pipeline:
    """The page's pipeline, fitted: the same steps ``pipeline(...).fit`` gives (the scaler
    fitted on the training rows, the model on their scaled values), the scaler from the cache."""
    s, z = data_split(data, outliers, distance, seed), scaled(data, outliers, distance, seed)
    i = SCALERS.index(scaler)
    estimator = pipeline(scaler, model, len(s.X_train)).steps[-1][1]
    with one_thread(), trusted_inputs():
        estimator.fit(z.train[i], s.y_train)
    return Pipeline([("scale", z.scalers[i]), ("model", estimator)])


@lru_cache(maxsize=32)
def accuracies(data, outliers: int, distance: float, seed: int, model: str) -> np.ndarray:
    """Test accuracy with every scaler: the bars the current one is compared with. The share
    of right guesses in plain numpy, as ``_classify.scores_of`` counts it (the classifier's
    ``score`` checks its input again, a third of a k-NN's bar); the tests compare with
    ``Pipeline.score``."""
    s, z = data_split(data, outliers, distance, seed), scaled(data, outliers, distance, seed)
    estimator = pipeline("none", model, len(s.X_train)).steps[-1][1]
    with one_thread(), trusted_inputs():
        out = np.array([np.mean(clone(estimator).fit(z.train[i], s.y_train).predict(z.test[i]) == s.y_test)
                        for i in range(len(SCALERS))])
    return readonly(out)


def run(data, scaler: str, model: str, outliers: int, distance: float, seed: int) -> Scaling:
    # No outlier, no distance: one result for every setting of the distance slider.
    return _run(data, scaler, model, outliers, distance if outliers else 0.0, seed)


@lru_cache(maxsize=32)
def _run(data, scaler: str, model: str, outliers: int, distance: float, seed: int) -> Scaling:
    s = data_split(data, outliers, distance, seed)
    fitted = fitted_pipeline(data, scaler, model, outliers, distance, seed)
    with one_thread(), trusted_inputs():
        scores = evaluate(fitted, s)
    z = scaled(data, outliers, distance, seed)
    scaled_train, scaled_test = z.train[SCALERS.index(scaler)], z.test[SCALERS.index(scaler)]
    rows = moved_rows(len(s.X_train), outliers, seed)
    inliers = np.delete(scaled_train, rows, axis=0)
    q1, q3 = np.percentile(inliers, [25, 75], axis=0)
    spread = q3 - q1
    grid = scores.grid_class
    across = np.count_nonzero(np.diff(grid, axis=1))  # a change left to right: x decides there
    up = np.count_nonzero(np.diff(grid, axis=0))
    return readonly(Scaling(
        split=s, scores=scores, scaler=scaler, model=model, outlier_rows=rows,
        outlier_at=float(s.X_train[rows, 0].mean()) if rows.size else None,
        scaled_train=scaled_train, scaled_test=scaled_test, spread=spread,
        ratio=float(spread[0] / spread[1]) if spread[1] > 0 else None,
        accuracies=accuracies(data, outliers, distance, seed, model),
        clean_accuracies=accuracies(data, 0, 0.0, seed, model),
        across=across / (across + up) if across + up else 0.5,
        # gamma="scale" is documented as 1 / (n_features * X.var()), X the scaled training rows.
        gamma=float(1 / (scaled_train.shape[1] * scaled_train.var())) if model == "SVM" else None,
    ))


def code(data, scaler: str, model: str, outliers: int, distance: float, seed: int) -> str:
    n_train = len(data_split(data, outliers, distance, seed).X_train)
    split_lines = (f"X_train, X_test, y_train, y_test = train_test_split(\n"
                   f"    X, y, test_size={TEST_SHARE}, stratify=y, random_state={seed})")
    if isinstance(data, Labelled):
        loading = (f"{labelled_code(data)}\nfrom sklearn.model_selection import train_test_split\n\n"
                   f"{split_lines}")
    else:
        pair = DATA[data]
        loading = f'''\
import numpy as np
from sklearn.datasets import {pair.loader}
from sklearn.model_selection import train_test_split

# {pair.about[0].upper() + pair.about[1:]}.
data = {pair.loader}()
columns = [list(data.feature_names).index(f) for f in {list(pair.features)!r}]
X, y = data.data[:, columns], data.target
{split_lines}'''
    moved = "" if not outliers else f'''
# {outliers} outlier{"s" if outliers > 1 else ""}: training values of the first column moved {distance:g} times
# its range further out (a slip of the keyboard, say). Only the training rows: the scaler
# learns its statistics from them.
rows = np.random.default_rng({seed}).choice(len(X_train), {min(outliers, n_train)}, replace=False)
X_train[rows, 0] += {distance:g} * np.ptp(X[:, 0])
'''
    scaler_code = {"none": '"passthrough"',
                   "QuantileTransformer": f"QuantileTransformer(n_quantiles={min(1000, n_train)})"}
    chosen = scaler_code.get(scaler, f"{scaler}()")
    every = ", ".join(f'"{name}": {scaler_code.get(name, f"{name}()")}' for name in SCALERS)
    estimator = "KNeighborsClassifier" if model == "k-NN" else "SVC"
    imports = ("from sklearn.neighbors import KNeighborsClassifier" if model == "k-NN"
               else "from sklearn.svm import SVC")
    return f'''\
{loading}
{moved}
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import (MaxAbsScaler, MinMaxScaler, Normalizer, PowerTransformer,
                                   QuantileTransformer, RobustScaler, StandardScaler)
{imports}

# The scaler learns from the training rows only, inside the pipeline.
model = Pipeline([("scale", {chosen}), ("model", {MODEL_CODE[model]})])
model.fit(X_train, y_train)
print(model)
score = model.score(X_test, y_test)  # the page's headline: test accuracy
print(f"test accuracy {{score:.3f}}")

# What the model sees: the spread (interquartile range) of each column after scaling,
# over the training rows{" that were not moved" if outliers else ""}.
scaled = model[:-1].transform({"np.delete(X_train, rows, axis=0)" if outliers else "X_train"})
q1, q3 = np.percentile(scaled, [25, 75], axis=0)
print(f"spread of the first column over the second's: {{(q3 - q1)[0] / (q3 - q1)[1]:.3g}}")

# Every scaler in the same pipeline, on the same rows.
for name, scaler in {{{every}}}.items():
    other = Pipeline([("scale", scaler), ("model", {estimator}())]).fit(X_train, y_train)
    print(f"{{name:>20}}  test accuracy {{other.score(X_test, y_test):.3f}}")
'''

