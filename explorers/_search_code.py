"""The code panel of the hyperparameter-search page: the real search, runnable as printed.

Each snippet loads the same 540 digits, builds the same pipeline and folds, and runs the
search in focus on the landscape's cells, so that it finds and prints the best score the
page shows (``tests/test_contract.py`` and the explorer's tests run them).
"""

from __future__ import annotations

import inspect

from explorers._contract import literal
from explorers._search_landscape import (C_STEPS, FACTOR, GAMMA_STEPS, HALVING_SEED, MIN_RESOURCES, N_SAMPLES,
                                         N_SPLITS, PER_DECADE, TPE_STARTUP, LogUniformOnCells, grid_cells,
                                         halving_cost, halving_grid, stored)

C_FIRST, C_LAST = int(C_STEPS[0]), int(C_STEPS[-1])
GAMMA_FIRST, GAMMA_LAST = int(GAMMA_STEPS[0]), int(GAMMA_STEPS[-1])

IMPORTS = """\
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
"""
SETUP = f'''
X, y = load_digits(return_X_y=True)
X, y = X[:{N_SAMPLES}], y[:{N_SAMPLES}]  # the first {N_SAMPLES} digits: 53 to 56 of each class
model = make_pipeline(StandardScaler(), SVC())  # the scaler is fitted on each training fold alone
cv = StratifiedKFold({N_SPLITS}, shuffle=True, random_state=0)
# The landscape's cells, 10^(k/{PER_DECADE}): every setting searched below is one of them.
C_cells = np.array([10 ** (k / {PER_DECADE}) for k in range({C_FIRST}, {C_LAST + 1})])
gamma_cells = np.array([10 ** (k / {PER_DECADE}) for k in range({GAMMA_FIRST}, {GAMMA_LAST + 1})])
'''

_DISTRIBUTION = inspect.getsource(LogUniformOnCells)  # read once: 10 ms a call


def code(focus: str, budget: int, seed: int) -> str:
    imports, search = {"grid": grid, "random": random, "halving": halving, "TPE": tpe}[focus](budget, seed)
    return IMPORTS + imports + SETUP + search


def _param_grid(c_at, gamma_at) -> str:
    return (f'{{"svc__C": C_cells[{list(map(int, c_at))}],\n'
            f'              "svc__gamma": gamma_cells[{list(map(int, gamma_at))}]}}')


def grid(budget: int, seed: int) -> str:
    c_at, gamma_at = grid_cells(budget)
    n = len(c_at) * len(gamma_at)
    return "from sklearn.model_selection import GridSearchCV\n", f'''
# {len(c_at)} values of C times {len(gamma_at)} of gamma: {n} settings, {n * N_SPLITS} fits.
param_grid = {_param_grid(c_at, gamma_at)}
search = GridSearchCV(model, param_grid, cv=cv).fit(X, y)
best_score = search.best_score_
print(f"{{len(search.cv_results_['params'])}} settings tried; best {{search.best_params_}}")
print(f"best cross-validated accuracy {{best_score:.4f}}")
'''


def random(budget: int, seed: int) -> str:
    n = budget // N_SPLITS
    imports = "from scipy.stats import loguniform\nfrom sklearn.model_selection import RandomizedSearchCV\n"
    return imports, f'''

# Log-uniform draws, each rounded to its nearest cell (so that the page has its score).
{_DISTRIBUTION}

distributions = {{"svc__C": LogUniformOnCells({C_FIRST}, {C_LAST}),
                 "svc__gamma": LogUniformOnCells({GAMMA_FIRST}, {GAMMA_LAST})}}
search = RandomizedSearchCV(model, distributions, n_iter={n}, cv=cv, random_state={seed}).fit(X, y)
best_score = search.best_score_
print(f"{n} draws ({n * N_SPLITS} fits); best {{search.best_params_}}")
print(f"best cross-validated accuracy {{best_score:.4f}}")
'''


def halving(budget: int, seed: int) -> str:
    c_at, gamma_at = halving_grid(stored(budget))
    n = len(c_at) * len(gamma_at)
    imports = ("from sklearn.experimental import enable_halving_search_cv  # noqa: F401 (enables the halving "
               "searches)\nfrom sklearn.model_selection import HalvingGridSearchCV\n")
    return imports, f'''
# {len(c_at)} x {len(gamma_at)} = {n} settings on {MIN_RESOURCES} samples, the best third of them on \
{MIN_RESOURCES * FACTOR}, the best
# third of those on all {N_SAMPLES}: {halving_cost(n):.1f} fits' worth, a fit on a share of the samples \
counting as that share.
param_grid = {_param_grid(c_at, gamma_at)}
search = HalvingGridSearchCV(model, param_grid, factor={FACTOR}, min_resources={MIN_RESOURCES}, cv=cv,
                             random_state={HALVING_SEED}).fit(X, y)
best_score = search.best_score_  # the best of the last round, on all the samples
print(f"settings per round {{search.n_candidates_}}, samples per round {{search.n_resources_}}")
print(f"best {{search.best_params_}}: cross-validated accuracy {{best_score:.4f}}")
'''


def tpe(budget: int, seed: int) -> str:
    n = budget // N_SPLITS
    step = 1 / PER_DECADE
    c_range = f"{literal(C_FIRST * step)}, {literal(C_LAST * step)}, step={literal(step)}"
    gamma_range = f"{literal(GAMMA_FIRST * step)}, {literal(GAMMA_LAST * step)}, step={literal(step)}"
    imports = "import optuna\nfrom sklearn.model_selection import cross_val_score\n"
    return imports, f'''
optuna.logging.set_verbosity(optuna.logging.WARNING)


def objective(trial):
    # Exponents in steps of an eighth of a decade: the landscape's cells.
    C = 10 ** trial.suggest_float("log10_C", {c_range})
    gamma = 10 ** trial.suggest_float("log10_gamma", {gamma_range})
    return cross_val_score(model.set_params(svc__C=C, svc__gamma=gamma), X, y, cv=cv).mean()


# The first {TPE_STARTUP} trials are random; after them TPE proposes where good scores were likelier.
study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed={seed}))
study.optimize(objective, n_trials={n})  # {n * N_SPLITS} fits
best_score = study.best_value
print(f"best {{study.best_params}}: cross-validated accuracy {{best_score:.4f}}")
'''
