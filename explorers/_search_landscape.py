"""The cross-validation landscape the hyperparameter-search page searches, computed once.

An RBF support vector machine (``StandardScaler`` then ``SVC`` in a ``Pipeline``) on the
first 540 of scikit-learn's digits, scored by 5-fold stratified cross-validation at every
cell of a log grid: C from 10⁻² to 10⁴ and gamma from 10⁻⁵ to 10¹, eight values a
decade, 49 × 49 = 2,401 settings and 12,005 fits. That is minutes of work, so it is done
here once and shipped as ``datasets/svc_digits_landscape.npz`` with the settings that
made it; ``tests/explorers/test_hyperparameter_search.py`` recomputes cells of it with
``cross_val_score`` and checks that they are equal.

The landscape is ``GridSearchCV``'s own ``cv_results_`` over the whole grid, so a grid
search on any sub-grid of it, a random search or a TPE study whose draws land on its cells
finds exactly the scores stored here. Successive halving scores its early rounds on
subsets of the samples, which the landscape does not hold: its runs, one per budget the
page offers, are ``HalvingGridSearchCV``'s own ``cv_results_``, stored beside it.

Run ``python -m explorers._search_landscape`` to compute the file again (about ten
minutes on two cores).
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.stats import loguniform

from datasets.readonly import readonly

FILE = Path(__file__).resolve().parents[1] / "datasets" / "svc_digits_landscape.npz"

N_SAMPLES = 540  # the first 540 digits: 53 to 56 of each class, and fits of a few ms
N_SPLITS = 5
CV_SEED = 0  # StratifiedKFold(5, shuffle=True, random_state=0)
PER_DECADE = 8
C_DECADES = (-2, 4)  # C from 10^-2 to 10^4
GAMMA_DECADES = (-5, 1)  # gamma from 10^-5 to 10^1
# Every cell's value is 10 ** (k / 8), computed by Python's own power: the same float the
# printed code gets from 10 ** trial.suggest_float(..., step=0.125) in an Optuna study, or
# from the rounding of a loguniform draw (np.power may differ from it in the last bit).
C_STEPS = np.arange(C_DECADES[0] * PER_DECADE, C_DECADES[1] * PER_DECADE + 1)
GAMMA_STEPS = np.arange(GAMMA_DECADES[0] * PER_DECADE, GAMMA_DECADES[1] * PER_DECADE + 1)
C_CELLS = np.array([10 ** (int(k) / PER_DECADE) for k in C_STEPS])
GAMMA_CELLS = np.array([10 ** (int(k) / PER_DECADE) for k in GAMMA_STEPS])
readonly((C_STEPS, GAMMA_STEPS, C_CELLS, GAMMA_CELLS))

# Successive halving: a third of the candidates go on each round, on three times the
# samples, from 60 (a ninth of the 540) to all of them. Its subsamples are drawn with
# random_state=0; the budgets are those the page's slider offers.
FACTOR = 3
MIN_RESOURCES = 60
HALVING_SEED = 0
BUDGETS = tuple(range(25, 201, 25))  # fits: 5 to 40 settings cross-validated 5 times
TPE_STARTUP = 10  # Optuna's TPESampler tries this many random settings before modelling


class LogUniformOnCells:
    """scipy's loguniform, each draw rounded to the nearest cell 10^(k/8), k from first to last."""

    def __init__(self, first, last):
        self.first, self.last = first, last
        # Out to half a cell past the end cells, so that every cell is drawn as often.
        self.draw = loguniform(10 ** ((first - 0.5) / 8), 10 ** ((last + 0.5) / 8))

    def rvs(self, random_state=None):
        k = round(8 * np.log10(self.draw.rvs(random_state=random_state)))
        return 10 ** (min(max(k, self.first), self.last) / 8)


def digits():
    """The samples and labels the landscape was computed on."""
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    return X[:N_SAMPLES], y[:N_SAMPLES]


def pipeline():
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    return make_pipeline(StandardScaler(), SVC())


def folds():
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(N_SPLITS, shuffle=True, random_state=CV_SEED)


def grid_shape(settings: int) -> tuple[int, int]:
    """The grid of at most ``settings`` points a search lays out: (values of C, of gamma),
    as square as it goes, any extra value going to gamma."""
    across = max(1, math.isqrt(settings))
    return across, max(1, settings // across)


def spread(n: int, cells: int) -> np.ndarray:
    """``n`` cell indices spread evenly from the first cell to the last: the cells nearest
    to ``np.logspace(lo, hi, n)``, on the grid of eight a decade."""
    if n == 1:
        return np.array([cells // 2])
    return np.round(np.linspace(0, cells - 1, n)).astype(int)


def grid_cells(budget: int) -> tuple[np.ndarray, np.ndarray]:
    across, up = grid_shape(budget // N_SPLITS)
    return spread(across, len(C_CELLS)), spread(up, len(GAMMA_CELLS))


def stored(budget: int) -> int:
    """The budget of the halving run used for ``budget``: its own, or for a budget between the
    slider's steps (a hand-edited link), the largest stored run that fits in it."""
    return max([b for b in BUDGETS if b <= budget], default=BUDGETS[0])


def halving_rounds(candidates: int) -> list[tuple[int, int]]:
    """(candidates, samples) of each round HalvingGridSearchCV runs with FACTOR and
    MIN_RESOURCES on N_SAMPLES: its own schedule, checked against its ``n_candidates_`` and
    ``n_resources_`` in the tests. Used only to choose a grid that fits a budget."""
    # The same expressions as scikit-learn's, rounding of the logarithm included.
    possible = 1 + math.floor(math.log(N_SAMPLES // MIN_RESOURCES, FACTOR))
    required = 1 + math.floor(math.log(candidates, FACTOR))
    rounds, n = [], candidates
    for i in range(min(possible, required)):
        rounds.append((n, MIN_RESOURCES * FACTOR**i))
        n = math.ceil(n / FACTOR)
    return rounds


def halving_cost(candidates: int) -> float:
    """The fits a halving run costs, a fit on a share of the samples counting as that share."""
    return sum(n * N_SPLITS * samples / N_SAMPLES for n, samples in halving_rounds(candidates))


def halving_grid(budget: int) -> tuple[np.ndarray, np.ndarray]:
    """The cells (C, gamma indices) of the largest grid whose halving fits in ``budget`` fits."""
    for settings in range(budget * FACTOR**2, 0, -1):
        a, b = grid_shape(settings)
        if a * b == settings and halving_cost(settings) <= budget:
            return spread(a, len(C_CELLS)), spread(b, len(GAMMA_CELLS))
    raise ValueError(f"no halving run fits in {budget} fits")


def run_halving(budget: int):
    """HalvingGridSearchCV on the grid that fits ``budget``, fitted for real."""
    import importlib

    # The halving searches are experimental: importing this module is what enables them.
    importlib.import_module("sklearn.experimental.enable_halving_search_cv")
    from sklearn.model_selection import HalvingGridSearchCV

    c_at, gamma_at = halving_grid(budget)
    search = HalvingGridSearchCV(
        pipeline(), {"svc__C": list(C_CELLS[c_at]), "svc__gamma": list(GAMMA_CELLS[gamma_at])},
        factor=FACTOR, min_resources=MIN_RESOURCES, cv=folds(), random_state=HALVING_SEED)
    return search.fit(*digits())


def cell_of(values, cells: np.ndarray) -> np.ndarray:
    """The index of each value among ``cells`` (it must be one of them, bit for bit)."""
    values = np.asarray(values, dtype=float)
    at = np.searchsorted(cells, values)
    if not np.all((at < len(cells)) & (cells[np.minimum(at, len(cells) - 1)] == values)):
        raise ValueError("a value that is not one of the landscape's cells")
    return at


def compute(progress=print) -> dict:
    """Everything the file holds, computed from scratch."""
    import sklearn
    from sklearn.model_selection import GridSearchCV

    X, y = digits()
    progress(f"landscape: {len(C_CELLS) * len(GAMMA_CELLS):,} settings x {N_SPLITS} folds")
    grid = GridSearchCV(pipeline(), {"svc__C": list(C_CELLS), "svc__gamma": list(GAMMA_CELLS)},
                        cv=folds()).fit(X, y)
    # ParameterGrid runs the last key (gamma) fastest: rows C, columns gamma.
    scores = grid.cv_results_["mean_test_score"].reshape(len(C_CELLS), len(GAMMA_CELLS))
    runs = []
    for budget in BUDGETS:
        progress(f"halving at {budget} fits")
        search = run_halving(budget)
        results, params = search.cv_results_, search.cv_results_["params"]
        runs.append(dict(
            budget=np.full(len(params), budget),
            best=np.arange(len(params)) == search.best_index_,  # the one it returns
            iteration=np.asarray(results["iter"]),
            resources=np.asarray(results["n_resources"]),
            c=cell_of([p["svc__C"] for p in params], C_CELLS),
            gamma=cell_of([p["svc__gamma"] for p in params], GAMMA_CELLS),
            score=np.asarray(results["mean_test_score"], dtype=float),
        ))
    halving = {f"halving_{key}": np.concatenate([run[key] for run in runs]) for key in runs[0]}
    return dict(
        scores=scores.T,  # rows gamma (the chart's y), columns C
        c_steps=C_STEPS, gamma_steps=GAMMA_STEPS, per_decade=PER_DECADE,
        n_samples=N_SAMPLES, n_splits=N_SPLITS, cv_seed=CV_SEED,
        factor=FACTOR, min_resources=MIN_RESOURCES, halving_seed=HALVING_SEED,
        sklearn_version=sklearn.__version__, **halving,
    )


SETTINGS = ("c_steps", "gamma_steps", "per_decade", "n_samples", "n_splits", "cv_seed", "factor",
            "min_resources", "halving_seed")


@lru_cache(maxsize=1)
def load() -> dict:
    """The stored landscape, read once per process; refused if it was made with settings
    other than this module's (the file and the code that reads it must agree)."""
    with np.load(FILE) as stored:
        data = {key: stored[key] for key in stored.files}
    ours = dict(c_steps=C_STEPS, gamma_steps=GAMMA_STEPS, per_decade=PER_DECADE, n_samples=N_SAMPLES,
                n_splits=N_SPLITS, cv_seed=CV_SEED, factor=FACTOR, min_resources=MIN_RESOURCES,
                halving_seed=HALVING_SEED)
    for key in SETTINGS:
        if not np.array_equal(data[key], ours[key]):
            raise RuntimeError(f"{FILE.name} was made with {key}={data[key]}, not {ours[key]}: "
                               "run python -m explorers._search_landscape")
    if sorted(set(data["halving_budget"].tolist())) != list(BUDGETS):
        raise RuntimeError(f"{FILE.name} holds halving runs for other budgets")
    return readonly(data)


if __name__ == "__main__":
    import time

    start = time.perf_counter()
    data = compute(progress=lambda text: print(f"{time.perf_counter() - start:7.1f} s  {text}", flush=True))
    np.savez_compressed(FILE, **data)
    print(f"wrote {FILE} ({FILE.stat().st_size:,} bytes) in {time.perf_counter() - start:.0f} s")
