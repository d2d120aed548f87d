"""Labelled 2-D data sets for the classifier pages: shapes that teach, and real tables.

Every synthetic maker takes the number of points of each class, a noise level and a seed,
so a page can ask for class imbalance without subsampling, and a code snippet can paste
the maker's source and call it with the same three arguments. Where scikit-learn has the
shape (moons, circles, blobs) the maker is a one-line call to it.

The real tables are scikit-learn's, shipped in the wheel (no network): two named
features each, chosen so that the classes overlap in an instructive way.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable

import numpy as np
from sklearn.datasets import make_blobs, make_circles, make_moons

# Not re-exported by ``datasets``: the home page imports that package and must not pay for
# scikit-learn. The classifier explorers import this module directly.


@dataclass(frozen=True)
class Plane:
    """A synthetic labelled 2-D set: ``make(counts, noise, seed) -> (X, y)``."""

    make: Callable[[tuple, float, int], tuple[np.ndarray, np.ndarray]]
    about: str
    n_classes: int = 2
    imports: str = "import numpy as np"

    def source(self) -> str:
        """The maker's own code, to paste into a runnable snippet."""
        return inspect.getsource(self.make).rstrip()


def linear(counts, noise, seed):
    """Two Gaussian blobs a straight line can separate (they touch as noise grows)."""
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(2), counts)
    centres = np.array([[-1.2, -1.2], [1.2, 1.2]])
    return centres[y] + (0.35 + 1.2 * noise) * rng.standard_normal((len(y), 2)), y


def xor(counts, noise, seed):
    """Opposite quadrants share a class: no single line works, two do."""
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(2), counts)
    signs = rng.choice([-1.0, 1.0], len(y))  # which of the class's two quadrants
    X = rng.uniform(0.15, 2.5, (len(y), 2))
    X[:, 0] *= signs
    X[:, 1] *= np.where(y == 0, signs, -signs)
    return X + noise * rng.standard_normal(X.shape), y


def spirals(counts, noise, seed):
    """Two interleaved spiral arms, the hardest shape for axis-aligned or linear models."""
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(2), counts)
    t = np.sqrt(rng.uniform(0.02, 1, len(y))) * 3 * np.pi
    X = np.column_stack([t * np.cos(t + np.pi * y), t * np.sin(t + np.pi * y)]) / 3
    return X + noise * rng.standard_normal(X.shape), y


def moons(counts, noise, seed):
    """Two interlocking half circles (scikit-learn's make_moons)."""
    return make_moons(n_samples=tuple(counts), noise=noise, random_state=seed)


def circles(counts, noise, seed):
    """A disc inside a ring (scikit-learn's make_circles)."""
    return make_circles(n_samples=tuple(counts), noise=0.5 * noise, factor=0.45, random_state=seed)


def gaussians(counts, noise, seed):
    """Two overlapping Gaussian classes: some error is unavoidable (the Bayes error)."""
    return make_blobs(n_samples=list(counts), centers=[[-1, 0], [1, 0]],
                      cluster_std=0.6 + 1.2 * noise, random_state=seed)


def three_classes(counts, noise, seed):
    """Three Gaussian classes, for one-vs-rest against softmax and a 3 x 3 confusion matrix."""
    return make_blobs(n_samples=list(counts), centers=[[-1.5, -1], [1.5, -1], [0, 1.6]],
                      cluster_std=0.5 + 1.2 * noise, random_state=seed)


_SKLEARN = "import numpy as np\nfrom sklearn.datasets import {}"
PLANES: dict[str, Plane] = {
    "moons": Plane(moons, "two interlocking half circles", imports=_SKLEARN.format("make_moons")),
    "circles": Plane(circles, "a disc inside a ring", imports=_SKLEARN.format("make_circles")),
    "linear": Plane(linear, "two blobs a straight line separates"),
    "xor": Plane(xor, "opposite quadrants share a class"),
    "spirals": Plane(spirals, "two interleaved spiral arms"),
    "gaussians": Plane(gaussians, "two overlapping Gaussians, so some error is unavoidable",
                       imports=_SKLEARN.format("make_blobs")),
    "three classes": Plane(three_classes, "three Gaussian classes", n_classes=3,
                           imports=_SKLEARN.format("make_blobs")),
}


@dataclass(frozen=True)
class Table:
    """Two columns of a scikit-learn table: ``loader`` is ``load_iris`` and the like."""

    loader: str
    features: tuple[str, str]
    about: str


TABLES: dict[str, Table] = {
    "iris": Table("load_iris", ("petal length (cm)", "petal width (cm)"),
                  "iris flowers, three species, by petal length and width"),
    "wine": Table("load_wine", ("alcohol", "flavanoids"), "three wine cultivars, by alcohol and flavanoids"),
    "breast cancer": Table("load_breast_cancer", ("mean radius", "mean texture"),
                           "tumours, malignant or benign, by mean radius and texture"),
}


def class_counts(n: int, n_classes: int, balance: float) -> tuple[int, ...]:
    """Points per class summing to n: every class after the first has ``balance`` times
    the first one's share (1 is balanced, 0.1 is ten to one), and at least 2 points."""
    if not 0 < balance <= 1:
        raise ValueError("balance must be in (0, 1]")
    shares = np.array([1.0] + [balance] * (n_classes - 1))
    counts = np.maximum(np.floor(n * shares / shares.sum()).astype(int), 2)
    counts[0] = n - counts[1:].sum()
    return tuple(int(c) for c in counts)


def sample_plane(name: str, n: int, noise: float, balance: float, seed: int):
    """``(X (n, 2), y (n,), class names, feature names)`` for a synthetic or real set.

    Real tables ignore noise and balance (the page greys those out) and n: they are
    used whole, as shipped.
    """
    if name in TABLES:
        return load_table(name)
    plane = PLANES[name]
    X, y = plane.make(class_counts(n, plane.n_classes, balance), noise, seed)
    names = tuple(f"class {c}" for c in range(plane.n_classes))
    return np.asarray(X, float), np.asarray(y, int), names, ("x₁", "x₂")


def load_table(name: str):
    import sklearn.datasets

    table = TABLES[name]
    bunch = getattr(sklearn.datasets, table.loader)()
    columns = [list(bunch.feature_names).index(f) for f in table.features]
    return (bunch.data[:, columns].astype(float), bunch.target.astype(int),
            tuple(str(t) for t in bunch.target_names), table.features)


@dataclass(frozen=True)
class Surface:
    """A synthetic regression set: a target height over the plane, ``make(n, noise, seed) -> (X, y)``.

    TensorFlow Playground's two regression sets (a tilted plane, Gaussian bumps) and a
    ripple that only a network with curved features or enough neurons can follow.
    """

    make: Callable[[int, float, int], tuple[np.ndarray, np.ndarray]]
    about: str
    imports: str = "import numpy as np"

    def source(self) -> str:
        return inspect.getsource(self.make).rstrip()


def tilted_plane(n, noise, seed):
    """y = (x₁ + x₂) / 6 over the square [-3, 3]², plus Gaussian noise."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-3, 3, (n, 2))
    return X, (X[:, 0] + X[:, 1]) / 6 + 0.5 * noise * rng.standard_normal(n)


def bumps(n, noise, seed):
    """A hill and a hollow: two Gaussian bumps of opposite sign."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-3, 3, (n, 2))
    hill = np.exp(-((X[:, 0] - 1.2) ** 2 + (X[:, 1] - 1.2) ** 2) / 1.5)
    hollow = np.exp(-((X[:, 0] + 1.2) ** 2 + (X[:, 1] + 1.2) ** 2) / 1.5)
    return X, hill - hollow + 0.5 * noise * rng.standard_normal(n)


def ripple(n, noise, seed):
    """Rings of height rising and falling with the distance from the centre."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-3, 3, (n, 2))
    return X, np.cos(2 * np.hypot(X[:, 0], X[:, 1])) + 0.5 * noise * rng.standard_normal(n)


SURFACES: dict[str, Surface] = {
    "regression: plane": Surface(tilted_plane, "a tilted plane, y = (x₁ + x₂) / 6"),
    "regression: bumps": Surface(bumps, "a hill and a hollow (two Gaussian bumps)"),
    "regression: ripple": Surface(ripple, "rings, y = cos(2 · distance from the centre)"),
}


def sample_surface(name: str, n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    X, y = SURFACES[name].make(n, noise, seed)
    return np.asarray(X, float), np.asarray(y, float)
