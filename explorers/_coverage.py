"""Bergstra & Bengio's picture: grid against random search when one parameter matters.

A made-up score over two parameters on [0, 1], the first one important and the second
hardly at all: ``(1 - w) bump(x) + w bump(y)``, with narrow bumps of width ``WIDTH`` at
``PEAK``. A k × k grid and k² random draws cost the same, but projected onto the
important axis the grid has only k distinct values, repeated k times each, while every
random draw brings a new one (Bergstra & Bengio, "Random search for hyper-parameter
optimization", JMLR 2012, figure 1). The grid is scikit-learn's ``ParameterGrid`` over
``np.linspace(0, 1, k)`` and the draws its ``ParameterSampler`` over ``uniform(0, 1)``,
exactly as ``GridSearchCV`` and ``RandomizedSearchCV`` would lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.stats import uniform
from sklearn.model_selection import ParameterGrid, ParameterSampler

from datasets.readonly import readonly
from explorers._contract import literal

PEAK = (0.56, 0.3)  # where the score is highest: between the nodes of most small grids
WIDTH = 0.06
RESOLUTION = 121  # the drawn landscape, 121 x 121
AXIS = np.linspace(0.0, 1.0, RESOLUTION)
readonly(AXIS)


def score(x, y, weight: float):
    """The made-up score: 1 at PEAK; the second parameter sets at most ``weight`` of it."""
    def bump(v, at):
        return np.exp(-0.5 * ((np.asarray(v, dtype=float) - at) / WIDTH) ** 2)
    return (1 - weight) * bump(x, PEAK[0]) + weight * bump(y, PEAK[1])


@dataclass(frozen=True)
class Tried:
    """The points one search tried, in its order, and their scores."""

    x: np.ndarray  # the important parameter
    y: np.ndarray  # the unimportant one
    score: np.ndarray

    @property
    def distinct(self) -> int:
        """Distinct values of the important parameter: the search's shadow on its axis."""
        return len(np.unique(self.x))

    @property
    def best(self) -> int:
        return int(np.argmax(self.score))

    @property
    def best_score(self) -> float:
        return float(self.score[self.best])


@dataclass(frozen=True)
class Coverage:
    side: int
    weight: float
    axis: np.ndarray  # the drawn grid of each parameter
    surface: np.ndarray  # (y, x): the score over the square
    profile: np.ndarray  # the best score at each value of the important parameter
    grid: Tried
    random: Tried
    top: float  # the score's maximum, at PEAK


def tried(points: list[dict], weight: float) -> Tried:
    x = np.array([p["important"] for p in points], dtype=float)
    y = np.array([p["unimportant"] for p in points], dtype=float)
    return Tried(x, y, score(x, y, weight))


def grid_points(side: int) -> list[dict]:
    values = np.linspace(0.0, 1.0, side)
    return list(ParameterGrid({"important": values, "unimportant": values}))


def random_points(side: int, seed: int) -> list[dict]:
    return list(ParameterSampler({"important": uniform(0, 1), "unimportant": uniform(0, 1)},
                                 n_iter=side * side, random_state=seed))


@lru_cache(maxsize=32)
def _surface(weight: float) -> tuple[np.ndarray, np.ndarray]:
    surface = score(AXIS[None, :], AXIS[:, None], weight)
    return readonly((surface, surface.max(axis=0)))


def coverage(side: int, weight: float, seed: int) -> Coverage:
    surface, profile = _surface(weight)
    return readonly(Coverage(
        side=side, weight=weight, axis=AXIS, surface=surface, profile=profile,
        grid=tried(grid_points(side), weight), random=tried(random_points(side, seed), weight),
        top=float(score(*PEAK, weight)),
    ))


def code(side: int, weight: float, seed: int) -> str:
    return f'''\
import numpy as np
from scipy.stats import uniform
from sklearn.model_selection import ParameterGrid, ParameterSampler


def score(important, unimportant):
    """A made-up score, 1 at ({PEAK[0]}, {PEAK[1]}): the first parameter sets most of it."""
    def bump(v, at):
        return np.exp(-0.5 * ((v - at) / {WIDTH}) ** 2)
    return {literal(1 - weight)} * bump(important, {PEAK[0]}) + {literal(weight)} * bump(unimportant, {PEAK[1]})


k = {side}
# The same budget, k * k = {side * side} settings, laid out as GridSearchCV and RandomizedSearchCV do.
values = np.linspace(0, 1, k)
grid = list(ParameterGrid({{"important": values, "unimportant": values}}))
draws = list(ParameterSampler({{"important": uniform(0, 1), "unimportant": uniform(0, 1)}},
                              n_iter=k * k, random_state={seed}))

for name, points in (("grid", grid), ("random", draws)):
    scores = [score(p["important"], p["unimportant"]) for p in points]
    distinct = len({{p["important"] for p in points}})
    print(f"{{name:6}}: {{distinct:2}} distinct values of the important parameter, "
          f"best score {{max(scores):.3f}}")

best_score = max(score(p["important"], p["unimportant"]) for p in draws)
'''
