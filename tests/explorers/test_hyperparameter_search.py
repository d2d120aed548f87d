"""The hyperparameter-search explorer, checked against the libraries that do the searching:
the stored landscape against cross_val_score, every lookup against the real GridSearchCV,
RandomizedSearchCV, HalvingGridSearchCV and Optuna study it stands for, the budgets they
spend, Bergstra & Bengio's grid and draws against ParameterGrid and ParameterSampler, the
printed code, and the data the figures carry.

The real searches here are small (4 to 12 settings): the lookups' equality does not depend
on the size, and CI runs every page's tests in a few minutes.
"""

import dataclasses

import numpy as np
import pytest
from scipy.stats import chisquare
from sklearn.model_selection import (GridSearchCV, ParameterGrid, ParameterSampler, RandomizedSearchCV,
                                     cross_val_score)

from explorers import _search_landscape as land
from explorers import hyperparameter_search as ex
from figures import hyperparameter_search as figs


P = ex.Params
ONE = dict(view=ex.ONE)
X, Y = land.digits()


def cell(search, i):
    """(C, gamma) of a search's i-th evaluation, as the values the real search is given."""
    c_axis, gamma_axis, _ = ex.landscape()
    return (land.C_CELLS[int(np.argmin(np.abs(c_axis - search.c[i])))],
            land.GAMMA_CELLS[int(np.argmin(np.abs(gamma_axis - search.gamma[i])))])


def params_of(search):
    return [dict(zip(("svc__C", "svc__gamma"), cell(search, i))) for i in range(len(search.score))]


# ---- the stored landscape ----

def test_the_file_says_how_it_was_made_and_the_code_agrees():
    data = land.load()
    assert int(data["n_samples"]) == 540 and int(data["n_splits"]) == 5 and int(data["cv_seed"]) == 0
    np.testing.assert_array_equal(data["c_steps"], np.arange(-16, 33))
    np.testing.assert_array_equal(data["gamma_steps"], np.arange(-40, 9))
    assert data["scores"].shape == (49, 49)
    # Every cell is 10 ** (k / 8), as Python's power computes it (the code prints that).
    assert [10 ** (k / 8) for k in range(-16, 33)] == land.C_CELLS.tolist()
    assert land.C_CELLS[0] == 0.01 and land.C_CELLS[-1] == 10_000 and land.GAMMA_CELLS[-1] == 10


@pytest.mark.parametrize("c_at, gamma_at", [(48, 24), (0, 0), (20, 31), (30, 46)])
def test_a_cell_of_the_landscape_is_cross_val_score_of_the_pipeline(c_at, gamma_at):
    model = land.pipeline().set_params(svc__C=land.C_CELLS[c_at], svc__gamma=land.GAMMA_CELLS[gamma_at])
    expected = cross_val_score(model, X, Y, cv=land.folds()).mean()
    assert land.load()["scores"][gamma_at, c_at] == expected


def test_the_landscape_holds_the_best_cell_where_an_exhaustive_grid_search_finds_it():
    f = ex.run(P()).searches
    c_at, gamma_at = round((f.top_c + 2) * 8), round((f.top_gamma + 5) * 8)
    assert f.top == f.scores.max() == f.scores[gamma_at, c_at]
    # GridSearchCV runs C slowest and keeps the first of a tie.
    ties = np.argwhere(f.scores.T == f.top)
    assert (c_at, gamma_at) == tuple(ties[0]) and f.top_cells == len(ties)


# ---- each lookup against the real search ----

def test_grid_search_is_gridsearchcv_over_its_cells():
    budget = 25  # a 2 x 2 grid: its corners
    s = ex.grid_search(budget)
    c_at, gamma_at = ex.grid_cells(budget)
    grid = {"svc__C": land.C_CELLS[c_at], "svc__gamma": land.GAMMA_CELLS[gamma_at]}
    real = GridSearchCV(land.pipeline(), grid, cv=land.folds()).fit(X, Y)
    assert [dict(p) for p in real.cv_results_["params"]] == params_of(s)
    np.testing.assert_array_equal(real.cv_results_["mean_test_score"], s.score)
    assert real.best_index_ == s.best and real.best_score_ == s.best_score
    assert s.settings == 4 and s.fits == 20


def test_random_search_is_randomizedsearchcv_with_the_same_draws():
    budget, seed = 25, 7
    s = ex.random_search(budget, seed)
    real = RandomizedSearchCV(land.pipeline(), ex.distributions(), n_iter=budget // 5, cv=land.folds(),
                              random_state=seed).fit(X, Y)
    assert [dict(p) for p in real.cv_results_["params"]] == params_of(s)
    np.testing.assert_array_equal(real.cv_results_["mean_test_score"], s.score)
    assert real.best_index_ == s.best and real.best_score_ == s.best_score


def test_halving_is_the_stored_halvinggridsearchcv_run():
    budget = 25
    s = ex.halving(budget)
    real = land.run_halving(budget)
    results = real.cv_results_
    assert [dict(p) for p in results["params"]] == params_of(s)
    np.testing.assert_array_equal(results["mean_test_score"], s.score)
    np.testing.assert_array_equal(results["n_resources"], s.samples)
    assert real.best_index_ == s.best and real.best_score_ == s.best_score
    # The schedule used to fit a grid to a budget is the one the search ran.
    rounds = land.halving_rounds(len(ParameterGrid(real.param_grid)))
    assert [n for n, _ in rounds] == real.n_candidates_ and [r for _, r in rounds] == real.n_resources_


def test_tpe_is_an_optuna_study_whose_objective_cross_validates():
    import optuna

    n, seed = 12, 3  # two trials past the ten random ones
    values = []

    def objective(trial):
        C = 10 ** trial.suggest_float("log10_C", -2, 4, step=0.125)
        gamma = 10 ** trial.suggest_float("log10_gamma", -5, 1, step=0.125)
        values.append((C, gamma))
        model = land.pipeline().set_params(svc__C=C, svc__gamma=gamma)
        return cross_val_score(model, X, Y, cv=land.folds()).mean()

    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=seed))
    study.optimize(objective, n_trials=n)
    s = ex.tpe(n * 5, seed)
    assert values == [tuple(p.values()) for p in params_of(s)]  # bit for bit: 10 ** (k / 8)
    np.testing.assert_array_equal([t.value for t in study.trials], s.score)
    assert study.best_trial.number == s.best and study.best_value == s.best_score


def test_a_shorter_tpe_study_is_the_start_of_a_longer_one_and_a_study_run_on_is_the_longer_one():
    for seed in (0, 5):
        long = ex._Study(seed).first(40)
        short = ex._Study(seed).first(15)
        run_on = ex._Study(seed)
        run_on.first(12)
        for part in range(2):
            np.testing.assert_array_equal(short[part], long[part][:15])
            np.testing.assert_array_equal(run_on.first(40)[part], long[part])
            np.testing.assert_array_equal(ex.tpe_trials(seed, 33)[part], long[part][:33])  # the kept one


def test_log_uniform_on_cells_draws_every_cell_equally_and_only_cells():
    dist = land.LogUniformOnCells(-16, 32)
    rng = np.random.RandomState(0)
    draws = [dist.rvs(random_state=rng) for _ in range(9_800)]
    at = land.cell_of(draws, land.C_CELLS)  # refuses anything not a cell, bit for bit
    counts = np.bincount(at, minlength=len(land.C_CELLS))
    assert chisquare(counts).pvalue > 0.01  # the end cells as likely as the rest


@pytest.mark.parametrize("seed", [0, 1, 17, 256, 999])
def test_tpe_starts_with_random_searchs_draws_as_the_page_says(seed):
    # Both draw a uniform number per parameter from RandomState(seed), C first, and map it
    # linearly onto the same span of exponents, so the same cells come out.
    from lessons.hyperparameter_search import _same_start

    assert _same_start(ex.run(P(seed=seed, budget=200)))
    random_, tpe = ex.random_search(200, seed), ex.tpe(200, seed)
    assert not np.array_equal(random_.c, tpe.c)  # after the start-up they part


# ---- budgets ----

@pytest.mark.parametrize("budget", [*land.BUDGETS, 60, 199])  # and between the slider's steps
def test_no_search_spends_more_than_its_budget(budget):
    f = ex.searches(budget, "grid", 1)
    for s in f.runs:
        assert s.fits <= budget + 1e-9, s.name
        assert np.all(np.diff(s.spent) > 0)
    assert f.run("random").fits == f.run("TPE").fits == budget - budget % 5
    grid = f.run("grid")
    assert budget - grid.fits < 5 * 2 * np.sqrt(budget / 5)  # at most a row's worth left over
    # Halving screens more settings than the others try, and its rounds grow 60 -> 540 samples.
    halving = f.run("halving")
    assert halving.settings > 2 * grid.settings
    assert sorted(set(halving.samples.tolist())) == [60, 180, 540]
    assert np.all(halving.samples[halving.best] == 540)
    assert halving.fits == pytest.approx(land.halving_cost(halving.settings))  # as the code says


def test_halving_fills_its_budget_as_far_as_a_grid_can():
    for budget in land.BUDGETS:
        c_at, gamma_at = land.halving_grid(budget)
        n = len(c_at) * len(gamma_at)
        bigger = next(m for m in range(n + 1, 10 * n) if np.prod(land.grid_shape(m)) == m)
        assert land.halving_cost(n) <= budget < land.halving_cost(bigger), budget


# ---- the result ----

def test_the_headline_is_the_best_score_of_the_search_in_focus():
    for focus in ex.STRATEGIES:
        r = ex.run(P(focus=focus, budget=75, seed=2))
        assert r.best_score == r.searches.run(focus).best_score == r.searches.in_focus.best_score


def test_the_same_seed_gives_the_same_searches_and_another_seed_other_draws():
    a, b, c = (ex.run(P(seed=s)).searches for s in (4, 4, 5))
    for first, again in zip(a.runs, b.runs):
        for field in dataclasses.fields(first):
            np.testing.assert_array_equal(getattr(first, field.name), getattr(again, field.name))
    assert not np.array_equal(a.run("random").c, c.run("random").c)
    assert not np.array_equal(a.run("TPE").c, c.run("TPE").c)
    np.testing.assert_array_equal(a.run("grid").c, c.run("grid").c)  # the grid draws nothing
    np.testing.assert_array_equal(a.run("halving").score, c.run("halving").score)


def test_best_so_far_curves_read_the_scores_in_order():
    f = ex.run(P(budget=150)).searches
    for name in ("grid", "random", "TPE"):
        s = f.run(name)
        np.testing.assert_array_equal(s.curve_y, [s.score[:i + 1].max() for i in range(len(s.score))])
        np.testing.assert_array_equal(s.curve_x, 5 * np.arange(1, len(s.score) + 1))
    h = f.run("halving")
    for x, y, n in zip(h.curve_x, h.curve_y, (60, 180, 540)):
        assert y == h.score[h.samples == n].max()
        assert x == pytest.approx(h.spent[np.flatnonzero(h.samples == n)[-1]])


def test_the_result_is_read_only():
    r = ex.run(P())
    with pytest.raises(ValueError):
        r.searches.scores[0, 0] = 1.0
    with pytest.raises(ValueError):
        r.searches.run("TPE").c[0] = 0.0


# ---- one parameter matters ----

@pytest.mark.parametrize("side, weight, seed", [(4, 0.1, 0), (2, 0.0, 9), (7, 0.5, 123)])
def test_the_grid_and_the_draws_are_parametergrid_and_parametersampler(side, weight, seed):
    from scipy.stats import uniform

    c = ex.run(P(**ONE, side=side, weight=weight, seed=seed)).coverage
    grid = list(ParameterGrid({"important": np.linspace(0, 1, side), "unimportant": np.linspace(0, 1, side)}))
    draws = list(ParameterSampler({"important": uniform(0, 1), "unimportant": uniform(0, 1)},
                                  n_iter=side * side, random_state=seed))
    np.testing.assert_array_equal(c.grid.x, [p["important"] for p in grid])
    np.testing.assert_array_equal(c.random.y, [p["unimportant"] for p in draws])
    assert c.grid.distinct == side and c.random.distinct == side * side
    # The score, written out again: 1 at the peak, the second parameter at most `weight` of it.
    def f(x, y):
        def bump(v, at):
            return np.exp(-0.5 * ((v - at) / 0.06) ** 2)
        return (1 - weight) * bump(x, 0.56) + weight * bump(y, 0.3)
    np.testing.assert_allclose(c.random.score, f(c.random.x, c.random.y), rtol=1e-12)
    np.testing.assert_allclose(c.surface[40, 70], f(c.axis[70], c.axis[40]), rtol=1e-12)
    assert c.top == pytest.approx(1.0) and c.surface.max() <= c.top + 1e-12
    np.testing.assert_allclose(c.profile, c.surface.max(axis=0))


def test_the_headline_of_one_parameter_is_random_searchs_best():
    r = ex.run(P(**ONE, side=5))
    assert r.best_score == r.coverage.random.best_score == r.coverage.random.score.max()


# ---- the printed code ----

@pytest.mark.parametrize("params", [P(focus="halving", budget=25), P(focus="TPE", budget=60, seed=1),
                                    P(focus="halving", budget=60),
                                    P(focus="grid", budget=25), P(**ONE, side=6, weight=0.35, seed=11)])
def test_the_code_runs_the_real_search_and_prints_the_headline(params, capsys):
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(params), "<hyperparameter search code>", "exec"), namespace)
    assert namespace["best_score"] == pytest.approx(ex.run(params).best_score, rel=1e-12)
    value = ex.run(params).best_score
    assert (f"{value:.3f}" if params.view == ex.ONE else f"{value:.4f}") in capsys.readouterr().out


def test_the_printed_distribution_is_the_one_the_page_draws_with():
    text = ex.code(P(focus="random"))
    assert "class LogUniformOnCells" in text and "loguniform(" in text
    assert "RandomizedSearchCV(model, distributions, n_iter=20, cv=cv, random_state=0)" in text


# ---- the figures ----

def trace(fig, start):
    return next(t for t in fig.data if (t.name or "").startswith(start))


def test_the_landscape_figure_draws_the_map_and_every_searchs_points():
    r = ex.run(P(focus="TPE", budget=50))
    f = r.searches
    fig = figs.landscape_figure(r)
    heat = next(t for t in fig.data if t.type == "heatmap")
    np.testing.assert_array_equal(heat.z, f.scores)
    np.testing.assert_array_equal(heat.x, f.c_axis)
    for name in ("grid", "random", "TPE"):
        drawn = trace(fig, ex.NAMES[name])
        np.testing.assert_array_equal(drawn.x, f.run(name).c)
        np.testing.assert_array_equal(drawn.y, f.run(name).gamma)
    halving = trace(fig, "successive halving")
    assert len(halving.x) == f.run("halving").settings  # each candidate once
    assert fig.data[-3].name.startswith("Optuna's TPE")  # the search in focus on top
    star = trace(fig, "best of Optuna's TPE")
    s = f.run("TPE")
    assert (star.x[0], star.y[0]) == (s.c[s.best], s.gamma[s.best])
    assert f"{s.best_score:.1%}" in star.name


def test_the_progress_figure_draws_each_curve_as_an_error():
    r = ex.run(P(budget=125))
    fig = figs.progress_figure(r)
    for name in ex.STRATEGIES:
        s = r.searches.run(name)
        drawn = trace(fig, ex.NAMES[name])
        np.testing.assert_array_equal(drawn.x, s.curve_x)
        np.testing.assert_allclose(drawn.y, 1 - s.curve_y)
    assert fig.layout.yaxis.type == "log"
    assert np.log10(1 - r.searches.top) >= fig.layout.yaxis.range[0]


def test_the_coverage_figure_draws_the_rugs_on_the_important_axis():
    r = ex.run(P(**ONE, side=3))
    c = r.coverage
    fig = figs.coverage_figure(r)
    rugs = [t for t in fig.data if t.type == "scatter" and t.marker.symbol == "line-ns-open"]
    assert [len(set(t.x)) for t in rugs] == [3, 9]
    assert all(np.all(np.asarray(t.y) < 0) for t in rugs)  # beneath the square
    np.testing.assert_array_equal(rugs[1].x, c.random.x)
    texts = [a.text for a in fig.layout.annotations]
    assert "grid: 3 values" in texts and "random: 9 values" in texts
    projection = figs.projection_figure(r)
    np.testing.assert_array_equal(trace(projection, "random search").y, c.random.score)
