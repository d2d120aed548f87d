"""Every data set the explorers use, in one registry: offline, and seeded where random.

Three kinds live here. *Curves* are noise-free functions on [-1, 1] from which the
explorers draw noisy samples with an explicit seed, so the truth is known and errors
can be split into bias, variance and noise. *Shipped* tables come inside scikit-learn's
wheel and *series* inside statsmodels', so the app never needs the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable
import numpy as np

from datasets.readonly import readonly


@dataclass(frozen=True)
class Curve:
    """A true function y = f(x) on [-1, 1], written once as a numpy expression in ``x``.

    The same text is evaluated here and pasted into the code panels, so the code a
    learner copies draws from exactly the curve the page used.
    """

    source: str
    about: str

    def f(self, x: np.ndarray) -> np.ndarray:
        return eval(self.source, {"np": np}, {"x": np.asarray(x, float)})  # our own constant text


CURVES: dict[str, Curve] = {
    "sine": Curve("np.sin(np.pi * x)", "one period of a sine wave"),
    "cubic": Curve("2.0 * x**3 - x", "a gentle S-shaped cubic"),
    "wiggly": Curve("np.sin(3 * np.pi * x) * (1 - x**2)", "fast wiggles that fade at the edges"),
    "step": Curve("np.where(x < 0.1, -0.6, 0.6)", "a jump no polynomial can follow exactly"),
    "runge": Curve("1.0 / (1.0 + 25.0 * x**2) - 0.5", "Runge's bump, where high degrees oscillate"),
}


def sample_curve(name: str, n: int, noise: float, rng: np.random.Generator):
    """``n`` points with x ~ U(-1, 1) and y = f(x) + N(0, noise²), from ``rng``.

    x is drawn before the noise, so the same seed gives the same inputs whatever
    the noise level: moving the noise slider changes only the noise.
    """
    x = rng.uniform(-1.0, 1.0, size=n)
    y = CURVES[name].f(x) + noise * rng.standard_normal(n)
    return x, y


@dataclass(frozen=True)
class Shipped:
    """A real data set that ships inside an installed package."""

    loader: str  # "module:function", imported only when asked for
    task: str
    about: str

    def load(self):
        """``(X, y, feature_names)`` as numpy arrays; no network."""
        import importlib

        module, func = self.loader.split(":")
        bunch = getattr(importlib.import_module(module), func)()
        return np.asarray(bunch.data, float), np.asarray(bunch.target), list(bunch.feature_names)


SHIPPED: dict[str, Shipped] = {
    "diabetes": Shipped("sklearn.datasets:load_diabetes", "regression",
                        "disease progression of 442 patients from 10 baseline measurements"),
    "iris": Shipped("sklearn.datasets:load_iris", "classification", "150 irises, 4 measurements, 3 species"),
    "wine": Shipped("sklearn.datasets:load_wine", "classification", "178 wines, 13 chemical measurements, 3 cultivars"),
    "breast cancer": Shipped("sklearn.datasets:load_breast_cancer", "classification",
                             "569 tumours, 30 cell-nucleus features, benign or malignant"),
    "digits": Shipped("sklearn.datasets:load_digits", "classification", "1,797 handwritten digits as 8×8 images"),
}


@dataclass(frozen=True)
class Series:
    """A real time series that ships with statsmodels, returned with a regular frequency.

    statsmodels warns on every fit when the index has no frequency, so each loader
    gives one; CO2's weekly record has gaps, filled by resampling monthly and
    interpolating (the usual treatment of this series).
    """

    module: str  # a statsmodels.datasets submodule, imported only when asked for
    about: str
    column: str | None = None  # the value column, where the table has several
    start: str | None = None  # the first period, for tables indexed by a year column
    freq: str | None = None

    def code(self, name: str = "y") -> str:
        """Snippet lines that set ``name`` to ``load()``'s values as a numpy array, with their
        import: what a page's standalone code pastes (tests/test_datasets.py runs each)."""
        head = f"from statsmodels.datasets import {self.module}\n\n# {self.about}\n"
        data = f"{self.module}.load_pandas().data"
        if self.module == "co2":  # weekly with gaps: monthly means, gaps interpolated
            return head + f'{name} = {data}["co2"].resample("MS").mean().interpolate().to_numpy(float)'
        values = f'{data}["{self.column}"]' if self.column else f"{data}.iloc[:, 0]"
        if self.start:
            return head + f"{name} = {values}.to_numpy(float)"
        return head + f'{name} = {values}.asfreq("{self.freq}").astype(float).to_numpy()'

    def load(self):
        """A pandas Series with a DatetimeIndex of fixed frequency; no network."""
        import importlib

        import pandas as pd

        data = importlib.import_module(f"statsmodels.datasets.{self.module}").load_pandas().data
        if self.module == "co2":
            return data["co2"].resample("MS").mean().interpolate().rename("co2")
        values = data[self.column] if self.column else data.iloc[:, 0]
        if self.start:
            index = pd.date_range(self.start, periods=len(values), freq=self.freq)
            return pd.Series(values.to_numpy(float), index=index, name=self.column)
        return values.asfreq(self.freq).astype(float)


SERIES: dict[str, Series] = {
    "co2": Series("co2", "monthly CO2 at Mauna Loa, ppm, 1958-2001"),
    "sunspots": Series("sunspots", "yearly sunspot activity, 1700-2008", "SUNACTIVITY", "1700", "YS"),
    "nile": Series("nile", "yearly flow of the Nile at Aswan, 1871-1970", "volume", "1871", "YS"),
    "electrical equipment": Series("elec_equip", "monthly euro-area orders of electrical equipment",
                                   freq="MS"),
    "us inflation": Series("macrodata", "quarterly US CPI inflation, annualised %, 1959-2009", "infl",
                           "1959", "QS"),
}


@dataclass(frozen=True)
class Cloud:
    """A 2-D point set whose true grouping is known, for the clustering pages."""

    make: Callable[[int, np.random.Generator], tuple[np.ndarray, np.ndarray]]
    about: str


def _blobs(n, rng):
    centres = np.array([[-2.0, -1.5], [2.0, -1.0], [0.0, 2.0]])
    labels = rng.integers(0, 3, n)
    return centres[labels] + 0.6 * rng.standard_normal((n, 2)), labels


def _unequal(n, rng):
    # One big loose cluster and two small tight ones: k-means splits the big one.
    sizes = np.array([0.7, 0.15, 0.15])
    labels = rng.choice(3, n, p=sizes)
    centres = np.array([[-1.0, 0.0], [2.5, 1.8], [2.5, -1.8]])
    spread = np.array([1.3, 0.3, 0.3])[labels, None]
    return centres[labels] + spread * rng.standard_normal((n, 2)), labels


def _rings(n, rng):
    labels = rng.integers(0, 2, n)
    angle = rng.uniform(0, 2 * np.pi, n)
    radius = np.where(labels == 0, 1.0, 3.0) + 0.15 * rng.standard_normal(n)
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), labels


def _smiley(n, rng):
    # Two eyes and a mouth: non-convex, so centroids cut the mouth apart.
    labels = rng.choice(3, n, p=[0.2, 0.2, 0.6])
    eyes = np.array([[-1.2, 1.5], [1.2, 1.5]])
    points = np.empty((n, 2))
    for eye in (0, 1):
        idx = labels == eye
        points[idx] = eyes[eye] + 0.25 * rng.standard_normal((idx.sum(), 2))
    mouth = labels == 2
    t = rng.uniform(np.pi * 1.15, np.pi * 1.85, mouth.sum())
    points[mouth] = np.column_stack([2.2 * np.cos(t), 2.2 * np.sin(t) + 0.6])
    points[mouth] += 0.12 * rng.standard_normal((mouth.sum(), 2))
    return points, labels


def _uniform(n, rng):
    # No clusters at all: every clustering of it is an artefact.
    return rng.uniform(-3, 3, (n, 2)), np.zeros(n, int)


CLOUDS: dict[str, Cloud] = {
    "blobs": Cloud(_blobs, "three well-separated round clusters"),
    "unequal": Cloud(_unequal, "one large loose cluster beside two small tight ones"),
    "rings": Cloud(_rings, "a ring inside a ring: not separable by centroids"),
    "smiley": Cloud(_smiley, "two eyes and a curved mouth: non-convex"),
    "uniform": Cloud(_uniform, "uniform noise with no clusters at all"),
}


@lru_cache(maxsize=32)
def frozen_cloud(name: str, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``sample_cloud`` memoised, as read-only float points and labels, for the clustering
    explorers: every slider that does not change the data reuses the same draw."""
    points, labels = sample_cloud(name, n, seed)
    return readonly((np.asarray(points, float), np.asarray(labels)))


def sample_cloud(name: str, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(points (n, 2), true labels (n,))`` drawn with ``np.random.default_rng(seed)``."""
    return CLOUDS[name].make(n, np.random.default_rng(seed))


def describe(registry: dict) -> str:
    """"name: about; name: about." for a select box's help text."""
    return "; ".join(f"{name}: {item.about}" for name, item in registry.items()) + "."
