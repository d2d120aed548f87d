"""Every data set the explorers use, in one registry: offline, and seeded where random.

Two kinds live here. *Curves* are noise-free functions on [-1, 1] from which the
explorers draw noisy samples with an explicit seed, so the truth is known and errors
can be split into bias, variance and noise. *Shipped* sets come inside scikit-learn
or statsmodels wheels, so the app never needs the network.
"""

from __future__ import annotations

from dataclasses import dataclass
import numpy as np


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
