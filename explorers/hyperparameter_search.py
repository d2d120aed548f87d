"""Hyperparameter search: four ways to spend the same budget of fits
=================================================================

An RBF support vector machine has two knobs that decide almost everything: ``C``, the
price of a training error, and ``gamma``, how far one training point's influence reaches.
The landscape underneath this page is real: the 5-fold cross-validated accuracy of
``StandardScaler`` then ``SVC`` on 540 of scikit-learn's digits, at 49 × 49 settings on
log scales (``explorers/_search_landscape.py`` computed it once, with ``GridSearchCV``).

Four searches get the same budget of fits (a setting cross-validated five times costs
five) and spend it differently:

* **Grid search** (``GridSearchCV``) lays out a few values of each parameter and tries
  every combination: with 20 settings, only four or five values of each.
* **Random search** (``RandomizedSearchCV`` with log-uniform draws) tries a new value of
  both parameters at every setting.
* **Successive halving** (``HalvingGridSearchCV``) screens a much larger grid on a ninth of
  the samples, keeps the best third on a third of them, and the best third of those on all
  of them; a fit on a ninth of the samples counts here as a ninth of a fit.
* **TPE** (Optuna's Tree-structured Parzen Estimator) starts with ten random trials, then
  proposes settings where good scores have been more likely than bad ones so far.

Every point a search tries is a cell of the landscape: random draws and Optuna's
proposals are rounded to the nearest of its eight values a decade, so each score is looked
up instead of refitted (the page says so). The tests check that the lookups are the scores
the real search objects find, and the printed code runs the real search.

A second view, *one parameter matters*, is Bergstra & Bengio's argument for random search:
on a score that depends mostly on one parameter, a k × k grid tries only k values of it,
while k² random draws try k² (``explorers/_coverage.py``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.model_selection import ParameterSampler

from datasets.readonly import readonly
from explorers import _coverage, _search_code
from explorers._contract import choice, knob
from explorers._search_landscape import (BUDGETS, C_CELLS, C_STEPS, GAMMA_CELLS, GAMMA_STEPS, N_SAMPLES,
    N_SPLITS, PER_DECADE, LogUniformOnCells, cell_of, grid_cells, load, stored)

NOTICE = (
    "The same budget of fits, spent four ways: a grid repeats a few values of each parameter, random "
    "search tries new ones every time, successive halving screens many settings on few samples, and "
    "TPE crowds its later trials onto high ground. Where one parameter matters most, a k × k grid "
    "tries only k values of it."
)
MISREADING = (
    "\"Grid search is the thorough choice and random search a gamble\": on the same budget a grid "
    "tries only a handful of distinct values of each parameter, repeating each one for every value "
    "of the other. When one parameter matters much more than the other, random search covers it "
    "far better, and a grid's best can be a point between its own lines."
)
HEADLINE = "best_score"

VIEWS = ("four searches", "one parameter matters")
SEARCHES, ONE = VIEWS
STRATEGIES = ("grid", "random", "halving", "TPE")
NAMES = {"grid": "grid search", "random": "random search", "halving": "successive halving",
         "TPE": "Optuna's TPE"}


@dataclass(frozen=True)
class Params:
    HIDE_INACTIVE = True  # the page hides the other view's controls (ui/controls.py)

    view: str = choice(
        SEARCHES, options=VIEWS, label="View",
        help="Four searches over a real cross-validation landscape, or Bergstra & Bengio's lesson "
             "on a made-up score where one parameter matters much more than the other.",
    )
    budget: int = knob(
        100, lo=min(BUDGETS), hi=max(BUDGETS), step=BUDGETS[1] - BUDGETS[0], label="Budget (fits)",
        when=("view", SEARCHES),
        help="Fits each search may spend. A setting cross-validated on 5 folds costs 5 fits; "
             "successive halving's fits on a ninth or a third of the samples count as a ninth or "
             "a third of a fit.",
    )
    focus: str = choice(
        "random", options=STRATEGIES, label="Search in focus", when=("view", SEARCHES),
        help="Drawn on top of the others; its best score is the headline and its code is below.",
    )
    side: int = knob(
        4, lo=2, hi=8, label="Grid side k (k × k settings)", when=("view", ONE),
        help="The grid tries k values of each parameter, k² settings; random search gets the "
             "same k² settings.",
    )
    weight: float = knob(
        0.1, lo=0.0, hi=0.5, step=0.05, label="Share the 2nd parameter sets", when=("view", ONE),
        help="How much of the made-up score the second parameter decides: 0 is none, 0.5 as much "
             "as the first.",
    )
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seed of random search's draws and of Optuna's sampler (halving and the "
                          "grid draw nothing at random).")


@dataclass(frozen=True)
class Search:
    """One search's evaluations, in the order it ran them, and what it returns."""

    name: str  # one of STRATEGIES
    c: np.ndarray  # log10 C of each evaluation
    gamma: np.ndarray  # log10 gamma
    score: np.ndarray  # its mean 5-fold CV accuracy
    samples: np.ndarray  # the samples it was cross-validated on (halving's early rounds: fewer)
    spent: np.ndarray  # fits spent once it is done, a fit on a share of the samples as that share
    best: int  # the evaluation the search returns (best_index_, study.best_trial)
    curve_x: np.ndarray  # fits spent ...
    curve_y: np.ndarray  # ... and the best score so far (halving: each round's best, at its end)

    @property
    def best_score(self) -> float:
        return float(self.score[self.best])

    @property
    def fits(self) -> float:
        return float(self.spent[-1])

    @property
    def settings(self) -> int:
        """Distinct settings tried (halving re-scores its survivors on more samples)."""
        return len(set(zip(self.c.tolist(), self.gamma.tolist())))

    @property
    def distinct_gamma(self) -> int:
        return len(np.unique(self.gamma))


@dataclass(frozen=True)
class Searches:
    budget: int
    c_axis: np.ndarray  # log10 of the landscape's C values
    gamma_axis: np.ndarray
    scores: np.ndarray  # (gamma, C): the mean 5-fold CV accuracy at every cell
    runs: tuple[Search, ...]  # in STRATEGIES order
    focus: str
    top: float  # the landscape's best accuracy: what an exhaustive grid search returns
    top_c: float  # where GridSearchCV over every cell finds it (the first of any tie)
    top_gamma: float
    top_cells: int  # cells that tie at the top

    def run(self, name: str) -> Search:
        return self.runs[STRATEGIES.index(name)]

    @property
    def in_focus(self) -> Search:
        return self.run(self.focus)

    @property
    def cells(self) -> int:
        return self.scores.size


@dataclass(frozen=True)
class Result:
    view: str
    # The headline: the best CV accuracy the search in focus returns, or on the view "one
    # parameter matters", the best score random search finds.
    best_score: float
    searches: Searches | None  # the view "four searches"
    coverage: _coverage.Coverage | None  # the view "one parameter matters"


def run(p: Params) -> Result:
    if p.view == ONE:
        covered = _coverage.coverage(p.side, p.weight, p.seed)
        return Result(ONE, covered.random.best_score, None, covered)
    found = searches(p.budget, p.focus, p.seed)
    return Result(SEARCHES, found.in_focus.best_score, found, None)


# ---- the landscape and the four searches on it ----

@lru_cache(maxsize=1)
def landscape():
    """(log10 C, log10 gamma, scores (gamma, C)), as stored."""
    data = load()
    return readonly((C_STEPS / PER_DECADE, GAMMA_STEPS / PER_DECADE, data["scores"]))


def searches(budget: int, focus: str, seed: int) -> Searches:
    c_axis, gamma_axis, scores = landscape()
    # GridSearchCV over every cell runs C slowest and returns the first of any tie.
    flat = scores.T.ravel()
    top = int(np.argmax(flat))
    runs = (grid_search(budget), random_search(budget, seed), halving(budget), tpe(budget, seed))
    return readonly(Searches(
        budget=budget, c_axis=c_axis, gamma_axis=gamma_axis, scores=scores, runs=runs, focus=focus,
        top=float(flat[top]), top_c=float(c_axis[top // len(gamma_axis)]),
        top_gamma=float(gamma_axis[top % len(gamma_axis)]), top_cells=int(np.sum(flat == flat[top])),
    ))


def _search(name, c_at, gamma_at, score=None, samples=None, best=None) -> Search:
    """A Search from the cells it tried, in order; scored from the landscape unless given."""
    c_axis, gamma_axis, scores = landscape()
    c_at, gamma_at = np.asarray(c_at), np.asarray(gamma_at)
    score = scores[gamma_at, c_at] if score is None else np.asarray(score, dtype=float)
    samples = np.full(len(score), N_SAMPLES) if samples is None else np.asarray(samples)
    spent = np.cumsum(N_SPLITS * samples / N_SAMPLES)
    if best is None:  # every evaluation on all the samples: the first best, as the searches pick
        best = int(np.argmax(score))
        curve_x, curve_y = spent, np.maximum.accumulate(score)
    else:  # halving: the best of each round, on that round's samples, when the round is done
        ends = np.flatnonzero(np.append(np.diff(samples) != 0, True))
        starts = np.append(0, ends[:-1] + 1)
        curve_x = spent[ends]
        curve_y = np.array([score[a:b + 1].max() for a, b in zip(starts, ends)])
    return Search(name, c_axis[c_at], gamma_axis[gamma_at], score, samples, spent, best, curve_x, curve_y)


@lru_cache(maxsize=16)
def grid_search(budget: int) -> Search:
    """GridSearchCV over the largest grid of cells the budget pays for, C slowest."""
    c_at, gamma_at = grid_cells(budget)
    cc, gg = np.meshgrid(c_at, gamma_at, indexing="ij")
    return readonly(_search("grid", cc.ravel(), gg.ravel()))


def distributions() -> dict:
    """RandomizedSearchCV's param_distributions: log-uniform over each axis, on its cells."""
    return {"svc__C": LogUniformOnCells(int(C_STEPS[0]), int(C_STEPS[-1])),
            "svc__gamma": LogUniformOnCells(int(GAMMA_STEPS[0]), int(GAMMA_STEPS[-1]))}


@lru_cache(maxsize=64)
def random_search(budget: int, seed: int) -> Search:
    """RandomizedSearchCV's own draws (its ParameterSampler), scored at their cells."""
    draws = list(ParameterSampler(distributions(), n_iter=budget // N_SPLITS, random_state=seed))
    return readonly(_search("random", cell_of([d["svc__C"] for d in draws], C_CELLS),
                            cell_of([d["svc__gamma"] for d in draws], GAMMA_CELLS)))


@lru_cache(maxsize=16)
def halving(budget: int) -> Search:
    """HalvingGridSearchCV's own cv_results_ at this budget, as stored with the landscape."""
    data = load()
    mine = data["halving_budget"] == stored(budget)
    return readonly(_search("halving", data["halving_c"][mine], data["halving_gamma"][mine],
                            score=data["halving_score"][mine], samples=data["halving_resources"][mine],
                            best=int(np.flatnonzero(data["halving_best"][mine])[0])))


def tpe(budget: int, seed: int) -> Search:
    """The first budget / 5 trials of an Optuna TPE study seeded with ``seed``."""
    c_at, gamma_at = tpe_trials(seed, budget // N_SPLITS)
    return readonly(_search("TPE", c_at, gamma_at))


class _Study:
    """An Optuna TPE study whose trials are scored by looking the landscape up, and the cells
    it proposed, in order. Optuna is imported here, on the first study, not with the page."""

    def __init__(self, seed: int):
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        self.study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=seed))
        self.tried: list[tuple[int, int]] = []
        self.lock = threading.Lock()

    def objective(self, trial) -> float:
        c_axis, gamma_axis, scores = landscape()
        c = trial.suggest_float("log10_C", c_axis[0], c_axis[-1], step=1 / PER_DECADE)
        gamma = trial.suggest_float("log10_gamma", gamma_axis[0], gamma_axis[-1], step=1 / PER_DECADE)
        # An exponent on the grid of eighths is exact in binary: this is its cell, not a rounding.
        at = (round((c - c_axis[0]) * PER_DECADE), round((gamma - gamma_axis[0]) * PER_DECADE))
        self.tried.append(at)
        return float(scores[at[1], at[0]])

    def first(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The cells of the first ``n`` trials, running the study on as far as that."""
        with self.lock:  # two sessions on one seed: one runs the study on, the other waits
            if len(self.tried) < n:
                self.study.optimize(self.objective, n_trials=n - len(self.tried))
            c_at, gamma_at = (np.array(a) for a in zip(*self.tried[:n]))
        return readonly((c_at, gamma_at))


# A study of fewer trials is the start of a longer one (TPE's proposals do not depend on how
# many trials are to come; the tests check it), so one study per seed serves every budget: a
# larger budget runs it on by the trials it lacks, a smaller one reads its start. The studies
# of the seeds used last are kept.
_STUDIES: OrderedDict[int, _Study] = OrderedDict()
_STUDIES_LOCK = threading.Lock()
KEPT_STUDIES = 32


def tpe_trials(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(C, gamma) cell indices of the first ``n`` trials of the TPE study seeded ``seed``."""
    with _STUDIES_LOCK:
        study = _STUDIES.pop(seed, None) or _Study(seed)
        _STUDIES[seed] = study  # now the most recently used
        while len(_STUDIES) > KEPT_STUDIES:
            _STUDIES.popitem(last=False)
    return study.first(n)


# ---- the code for the state on screen ----

def code(p: Params) -> str:
    if p.view == ONE:
        return _coverage.code(p.side, p.weight, p.seed)
    return _search_code.code(p.focus, p.budget, p.seed)
