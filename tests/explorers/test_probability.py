"""The probability explorer, checked against scipy.stats and the textbook formulas: every
family's parameters and moments, the draws and their running statistics, the sample means'
exact distributions, Bayes' theorem by simulation, the beta-binomial posterior by brute-force
Bayes on a grid; and its code snippets, its controls and the data its figures carry."""

import dataclasses

import numpy as np
import pytest
from scipy import integrate, stats

from explorers import probability as ex
from figures import probability as figs
from figures.theme import TITLE_CHARS

P = ex.Params
CLT, MEDIAN, TEST, COIN = (dict(view=v) for v in ex.VIEWS[1:])

# Each family at a setting off its defaults, with the distribution written independently of
# the explorer's table (textbook parametrisation -> scipy's), and its mean and variance from
# the textbook formulas.
FAMILIES = {
    "Bernoulli": (dict(p=0.35), stats.bernoulli(0.35), 0.35, 0.35 * 0.65),
    "binomial": (dict(trials=12, p=0.25), stats.binom(12, 0.25), 3.0, 12 * 0.25 * 0.75),
    "geometric": (dict(p=0.4), stats.geom(0.4), 1 / 0.4, 0.6 / 0.4**2),
    "Poisson": (dict(rate=3.5), stats.poisson(3.5), 3.5, 3.5),
    "uniform": (dict(low=-1.0, width=3.0), stats.uniform(-1, 3), 0.5, 9 / 12),
    "normal": (dict(mu=1.5, sigma=0.7), stats.norm(1.5, 0.7), 1.5, 0.49),
    "exponential": (dict(rate=2.5), stats.expon(scale=0.4), 0.4, 0.16),
    "gamma": (dict(alpha=3.0, rate=2.0), stats.gamma(3, scale=0.5), 1.5, 0.75),
    "beta": (dict(alpha=2.0, beta=5.0), stats.beta(2, 5), 2 / 7, 10 / (49 * 8)),
    "Student t": (dict(dof=5), stats.t(5), 0.0, 5 / 3),
    "chi-square": (dict(dof=4), stats.chi2(4), 4.0, 8.0),
    "log-normal": (dict(mu=0.5, sigma=0.4), stats.lognorm(0.4, scale=np.exp(0.5)),
                   np.exp(0.5 + 0.08), (np.exp(0.16) - 1) * np.exp(1 + 0.16)),
}


def test_there_are_at_least_eight_distributions_and_some_are_discrete():
    assert set(FAMILIES) == set(ex.DISTS) and len(ex.DISTS) >= 8
    assert {name for name, f in ex.FAMILIES.items() if f.discrete} == {"Bernoulli", "binomial", "geometric",
                                                                       "Poisson"}


# ---- the distributions ----

@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_each_family_is_the_textbook_distribution_with_its_moments(name):
    fields, reference, mean, var = FAMILIES[name]
    p = P(dist=name, **fields)
    sh = ex.shape(p)
    if sh.discrete:
        np.testing.assert_allclose(sh.density, reference.pmf(sh.x), rtol=1e-12)
        assert np.all(sh.x == np.round(sh.x))
    else:
        np.testing.assert_allclose(sh.density, reference.pdf(sh.x), rtol=1e-12)
    np.testing.assert_allclose(sh.cdf, reference.cdf(sh.x), rtol=1e-12)
    m = ex.moments(p)
    assert m.mean == pytest.approx(mean, rel=1e-12, abs=1e-15)
    assert m.var == pytest.approx(var, rel=1e-12)
    assert m.skew == pytest.approx(float(reference.stats(moments="s")), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_the_chart_window_holds_nearly_all_the_mass_and_the_cdf_accumulates_the_density(name):
    p = P(dist=name, **FAMILIES[name][0])
    sh, dist = ex.shape(p), ex.frozen(p)
    if sh.discrete:
        below = dist.cdf(sh.x[0] - 1)
        np.testing.assert_allclose(below + np.cumsum(sh.density), sh.cdf, atol=1e-12)
        assert sh.density.sum() > 0.998
    else:
        # The area under the PDF between two points is the CDF's rise between them.
        area = integrate.cumulative_trapezoid(sh.density, sh.x, initial=0)
        np.testing.assert_allclose(area, sh.cdf - sh.cdf[0], atol=2e-3)
        assert sh.cdf[-1] - sh.cdf[0] > 0.99


def test_a_heavy_tail_is_cut_to_the_body_and_moments_that_do_not_exist_are_none():
    cauchy = P(dist="Student t", dof=1)
    assert ex.moments(cauchy) == ex.Moments(None, None, None)
    lo, hi = ex.shape(cauchy).x[[0, -1]]
    assert (lo, hi) == pytest.approx((-11.0, 11.0))  # five interquartile ranges (2) past the quartiles (±1)
    two = ex.moments(P(dist="Student t", dof=2))
    assert two.mean == 0.0 and two.var is None and two.sd is None
    assert ex.moments(P(dist="Student t", dof=3)).var == pytest.approx(3.0)


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_the_draws_are_scipys_and_their_running_statistics_are_numpys(name):
    p = P(dist=name, draws=2000, seed=7, **FAMILIES[name][0])
    d = ex.run(p).draws
    x = FAMILIES[name][1].rvs(size=2000, random_state=np.random.default_rng(7)).astype(float)
    for k, mean in zip(d.steps, d.running_mean):
        assert mean == pytest.approx(x[:k].mean(), rel=1e-9, abs=1e-12)
    for k, var in zip(d.var_steps, d.running_var):
        assert var == pytest.approx(x[:k].var(ddof=1), rel=1e-7, abs=1e-12)
    described = stats.describe(x)
    assert d.mean == pytest.approx(described.mean) and d.var == pytest.approx(described.variance)
    assert d.steps[0] == 1 and d.steps[-1] == 2000 and d.var_steps[0] == 2
    assert ex.run(p).value == d.mean
    # What the chart shows of them.
    sh = d.shape
    np.testing.assert_allclose(d.empirical_cdf, [np.mean(x <= v) for v in sh.x])
    inside = (x >= sh.x[0]) & (x <= sh.x[-1])
    assert d.outside == np.count_nonzero(~inside)
    if sh.discrete:
        np.testing.assert_allclose(d.frequency, [np.mean(x == v) for v in sh.x])
    else:
        assert np.sum(d.heights * np.diff(d.edges)) == pytest.approx(inside.mean())


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_the_law_of_large_numbers_holds_for_every_family(name):
    d = ex.run(P(dist=name, draws=10_000, seed=1, **FAMILIES[name][0])).draws
    m = d.moments
    assert abs(d.mean - m.mean) < 4 * m.sd / np.sqrt(d.n)
    assert d.var == pytest.approx(m.var, rel=0.15)


def test_running_statistics_keep_their_digits_far_from_zero():
    x = 1e9 + np.random.default_rng(0).standard_normal(1000)
    mean, var = ex.running(x)
    assert var[-1] == pytest.approx(x.var(ddof=1), rel=1e-6)
    assert np.isnan(var[0]) and mean[0] == x[0]


# ---- the central limit theorem ----

def test_means_of_exponential_draws_follow_their_exact_gamma_distribution():
    for n in (1, 4, 30):
        c = ex.run(P(**CLT, dist="exponential", rate=2.0, n=n)).means
        exact = stats.gamma(n, scale=1 / (2.0 * n))  # a sum of n Exponential(λ) is Gamma(n, λ)
        assert stats.kstest(c.means, exact.cdf).pvalue > 0.01
        assert c.expected_sd == pytest.approx(exact.std())


def test_means_of_normal_draws_are_normal_with_the_standard_error_as_spread():
    c = ex.run(P(**CLT, dist="normal", mu=1.0, sigma=2.0, n=16)).means
    assert stats.kstest(c.means, stats.norm(1.0, 0.5).cdf).pvalue > 0.01
    assert c.sd == pytest.approx(0.5, rel=0.05) and c.expected_sd == 0.5
    np.testing.assert_allclose(c.curve_y, stats.norm(1.0, 0.5).pdf(c.curve_x))


@pytest.mark.parametrize("n", [1, 5, 20, 50])
def test_the_skewness_of_the_means_falls_like_gamma_over_root_n(n):
    c = ex.run(P(**CLT, n=n)).means
    assert c.skew == pytest.approx(stats.skew(c.means))
    assert c.skews[n - 1] == pytest.approx(c.skew, abs=1e-9)  # the curve measures the same means
    assert c.skew == pytest.approx(c.moments.skew / np.sqrt(n), abs=0.25)
    assert c.expected_skew == pytest.approx(c.moments.skew / np.sqrt(n))


def test_the_means_are_averages_of_the_same_draws_at_every_n():
    p = P(**CLT, dist="Poisson", rate=2.0, seed=4)
    draws = stats.poisson(2.0).rvs(size=(ex.N_MEANS, ex.MAX_N), random_state=np.random.default_rng(4))
    for n in (1, 7, 50):
        np.testing.assert_allclose(ex.run(dataclasses.replace(p, n=n)).means.means, draws[:, :n].mean(axis=1))


def test_a_discrete_parents_means_sit_inside_their_histogram_bins():
    for n in (1, 3, 10, 50):
        c = ex.run(P(**CLT, dist="binomial", trials=5, p=0.5, n=n)).means
        lattice = np.unique(np.round(c.means * n)) / n
        where = np.searchsorted(c.edges, lattice)
        shown = (where > 0) & (where < len(c.edges))
        gaps = np.minimum(lattice[shown] - c.edges[where[shown] - 1], c.edges[where[shown]] - lattice[shown])
        assert gaps.min() > 0.25 / n  # no lattice point on an edge, where rounding would pick its bin
        assert np.sum(c.heights * np.diff(c.edges)) == pytest.approx(1 - c.outside / len(c.means))


def test_without_a_finite_variance_the_means_do_not_narrow():
    one = ex.run(P(**CLT, dist="Student t", dof=1, n=1)).means
    fifty = ex.run(P(**CLT, dist="Student t", dof=1, n=50)).means
    assert not one.normal and not fifty.normal and fifty.expected_sd is None
    # The mean of n Cauchy draws is Cauchy again, as spread out as one draw: IQR 2.
    iqr = [np.subtract(*np.quantile(c.means, [0.75, 0.25])) for c in (one, fifty)]
    assert iqr == pytest.approx([2.0, 2.0], rel=0.15)
    assert stats.kstest(fifty.means, stats.cauchy.cdf).pvalue > 0.01


# ---- mean against median ----

@pytest.mark.parametrize("point", [0, 40, 250, 1000])
def test_mean_median_and_trimmed_mean_are_numpys_and_scipys(point):
    inc = ex.run(P(**MEDIAN, point=point, seed=3)).incomes
    values = np.append(np.random.default_rng(3).lognormal(np.log(45), 0.3, 19).round(1), point)
    np.testing.assert_array_equal(inc.values, values)
    assert inc.mean == pytest.approx(values.mean()) and inc.median == np.median(values)
    assert inc.trimmed == pytest.approx(stats.trim_mean(values, 0.1))
    assert inc.above_mean == np.sum(values > values.mean())
    i = np.searchsorted(inc.positions, point)
    assert (inc.means[i], inc.medians[i], inc.trimmeds[i]) == pytest.approx((inc.mean, inc.median, inc.trimmed))


def test_the_mean_follows_the_point_and_the_median_stops_at_the_others():
    inc = ex.run(P(**MEDIAN)).incomes
    np.testing.assert_allclose(np.diff(inc.means), ex.POINT_STEP / 20)
    rest = np.sort(inc.values[:-1])
    past = inc.positions >= rest[-1]
    assert np.all(inc.medians[past] == (rest[9] + rest[10]) / 2)  # the 10th and 11th of twenty
    below = inc.positions <= rest[0]
    assert np.all(inc.medians[below] == (rest[8] + rest[9]) / 2)
    assert np.all(np.diff(inc.medians) >= 0) and np.all(np.diff(inc.trimmeds) >= 0)


# ---- the medical test ----

@pytest.mark.parametrize("state", [dict(), dict(tests=2), dict(base_rate=0.3, sensitivity=0.6, specificity=0.7),
                                   dict(base_rate=0.002, sensitivity=0.99, specificity=0.99, tests=3)])
def test_bayes_theorem_agrees_with_a_simulated_population(state):
    t = ex.run(P(**TEST, **state)).test
    rng = np.random.default_rng(0)
    people = 20_000_000
    sick = stats.binom(people, t.base_rate).rvs(random_state=rng)
    caught = stats.binom(sick, t.sensitivity**t.tests).rvs(random_state=rng)
    alarms = stats.binom(people - sick, (1 - t.specificity) ** t.tests).rvs(random_state=rng)
    assert caught / (caught + alarms) == pytest.approx(t.ppv, rel=0.05)
    missed, cleared = sick - caught, people - sick - alarms
    assert cleared / (cleared + missed) == pytest.approx(t.npv, rel=1e-3)


def test_two_positives_are_one_positive_with_the_first_result_as_the_base_rate():
    once = ex.run(P(**TEST)).test
    twice = ex.run(P(**TEST, tests=2)).test
    thrice = ex.run(P(**TEST, tests=3)).test
    again = ex.posterior(once.ppv, once.sensitivity, 1 - once.specificity)
    assert twice.ppv == pytest.approx(again, rel=1e-12)
    assert thrice.ppv == pytest.approx(ex.posterior(again, once.sensitivity, 1 - once.specificity), rel=1e-12)
    np.testing.assert_allclose(once.ppvs[1], ex.posterior(once.ppvs[0], 0.9, 0.09), rtol=1e-12)


@pytest.mark.parametrize("state", [dict(), dict(tests=2), dict(base_rate=0.0125, sensitivity=0.5, tests=3),
                                   dict(base_rate=0.001, sensitivity=0.5, specificity=1.0, tests=3)])
def test_the_icons_are_the_expected_counts_rounded_to_whole_people(state):
    t = ex.run(P(**TEST, **state)).test
    assert t.sick == ex.half_up(stats.binom(ex.PEOPLE, t.base_rate).mean())
    assert t.caught == ex.half_up(stats.binom(t.sick, t.p_pos_sick).mean())
    assert t.false_alarms == ex.half_up(stats.binom(ex.PEOPLE - t.sick, t.p_pos_healthy).mean())
    assert t.caught + t.missed == t.sick and t.false_alarms + t.cleared == ex.PEOPLE - t.sick
    assert min(t.caught, t.missed, t.false_alarms, t.cleared) >= 0
    assert t.counted is None if t.positives == 0 else t.counted == t.caught / t.positives


def test_the_icons_count_the_classic_example_the_misreading_names():
    t = ex.run(P(**TEST)).test  # 1% sick, 90% sensitive, 91% specific
    assert (t.sick, t.caught, t.false_alarms) == (10, 9, 89)
    assert t.ppv == pytest.approx(0.009 / (0.009 + 0.99 * 0.09))
    assert (t.base_rate, t.sensitivity, 1 - t.specificity) == pytest.approx((0.01, 0.9, 0.09))
    assert f"it is about {t.ppv:.0%}," in ex.MISREADING


# ---- the coin ----

@pytest.mark.parametrize("state", [dict(), dict(flips=0), dict(flips=100, coin_p=0.2),
                                   dict(prior_a=0.5, prior_b=0.5, flips=3),
                                   dict(prior_a=20.0, prior_b=5.0, coin_p=1.0)])
def test_the_posterior_is_prior_times_likelihood_normalised_on_a_grid(state):
    p = P(**COIN, **state)
    c = ex.run(p).coin
    flips = stats.bernoulli(p.coin_p).rvs(ex.MAX_FLIPS, random_state=np.random.default_rng(p.seed))
    np.testing.assert_array_equal(c.outcomes, flips)
    assert c.heads == flips[:p.flips].sum() and c.heads + c.tails == p.flips
    # Brute-force Bayes: prior times likelihood, divided by its integral (by quadrature,
    # which copes with a prior below 1 being infinite at the ends).
    def unnormalised(q):
        return stats.beta.pdf(q, p.prior_a, p.prior_b) * stats.binom.pmf(c.heads, p.flips, q)

    evidence = integrate.quad(unnormalised, 0, 1, limit=200)[0]
    np.testing.assert_allclose(c.posterior, unnormalised(c.grid) / evidence, rtol=1e-6)
    np.testing.assert_allclose(c.posterior, stats.beta(p.prior_a + c.heads, p.prior_b + c.tails).pdf(c.grid))
    np.testing.assert_allclose(c.prior, stats.beta(p.prior_a, p.prior_b).pdf(c.grid))
    assert c.mean == pytest.approx(integrate.quad(lambda q: q * unnormalised(q), 0, 1, limit=200)[0] / evidence)
    posterior = stats.beta(p.prior_a + c.heads, p.prior_b + c.tails)
    assert posterior.cdf(c.upper) - posterior.cdf(c.lower) == pytest.approx(ex.LEVEL)
    # The shaded band is the posterior over exactly that interval.
    assert (c.band_x[0], c.band_x[-1]) == (c.lower, c.upper) and np.all(np.diff(c.band_x) > 0)
    np.testing.assert_allclose(c.band_y, posterior.pdf(c.band_x))


def test_updating_flip_by_flip_ends_where_updating_at_once_does():
    p = P(**COIN, prior_a=2.0, prior_b=3.0, coin_p=0.35, seed=5)
    c = ex.run(dataclasses.replace(p, flips=ex.MAX_FLIPS)).coin
    a, b = p.prior_a, p.prior_b
    for k, flip in enumerate(c.outcomes, start=1):
        a, b = a + flip, b + 1 - flip  # yesterday's posterior is today's prior
        assert c.path_mean[k] == pytest.approx(a / (a + b))
        assert c.path_lower[k] == pytest.approx(stats.beta(a, b).ppf(0.025))
    assert (a, b) == (p.prior_a + c.heads, p.prior_b + c.tails)
    assert c.mean == c.path_mean[-1]


def test_the_beta_binomial_predicts_the_heads_the_prior_expects():
    # Averaged over the Beta prior, the number of heads in k flips is beta-binomial; its
    # prediction of the next flip is the posterior mean.
    p = P(**COIN, prior_a=3.0, prior_b=2.0, flips=10)
    c = ex.run(p).coin
    grid = np.linspace(0, 1, 20_001)
    mixed = integrate.trapezoid(stats.beta(3, 2).pdf(grid) * stats.binom(10, grid).pmf(c.heads), grid)
    assert mixed == pytest.approx(stats.betabinom(10, 3, 2).pmf(c.heads), rel=1e-6)
    next_heads = stats.betabinom(1, p.prior_a + c.heads, p.prior_b + c.tails).pmf(1)
    assert next_heads == pytest.approx(c.mean)


@pytest.mark.parametrize("state", [dict(), dict(prior_a=0.5, prior_b=0.5), dict(coin_p=0.0, prior_b=20.0)])
def test_the_coin_chart_is_as_tall_as_its_highest_curve_at_any_flip(state):
    c = ex.run(P(**COIN, **state)).coin
    body = np.linspace(0.02, 0.98, 4801)
    highest = 0.0
    for k in range(ex.MAX_FLIPS + 1):
        h = int(c.outcomes[:k].sum())
        highest = max(highest, stats.beta.pdf(body, c.prior_a + h, c.prior_b + k - h).max(),
                      stats.beta.pdf(body, h + 1, k - h + 1).max())
    highest = max(highest, stats.beta.pdf(body, c.prior_a, c.prior_b).max())
    assert c.top == pytest.approx(1.1 * highest, rel=1e-4)
    assert figs.coin_figure(ex.run(P(**COIN, **state, flips=3))).layout.yaxis.range == (0, c.top)


# ---- the code panel ----

CODE_CASES = [
    P(), P(dist="binomial", trials=50, p=0.95, draws=10.0), P(dist="log-normal", mu=-3.0, sigma=2.0, seed=999),
    P(dist="exponential", rate=0.5), P(dist="gamma", alpha=0.5, rate=10.0), P(dist="Student t", dof=1),
    P(**CLT), P(**CLT, dist="uniform", low=-5.0, width=0.5, n=50), P(**CLT, dist="Bernoulli", p=0.05, n=1),
    P(**CLT, dist="Student t", dof=2, n=13),
    P(**MEDIAN), P(**MEDIAN, point=0, seed=12), P(**TEST), P(**TEST, base_rate=0.5, sensitivity=1.0, tests=3),
    P(**TEST, base_rate=0.001, sensitivity=0.5, specificity=1.0, tests=3),
    P(**COIN), P(**COIN, flips=0), P(**COIN, coin_p=0.0, prior_a=0.5, prior_b=20.0, flips=100),
]


@pytest.mark.parametrize("params", CODE_CASES, ids=range(len(CODE_CASES)))
def test_the_code_reproduces_the_page(params, capsys):
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(params), "<probability code>", "exec"), namespace)
    r = ex.run(params)
    assert namespace["value"] == pytest.approx(r.value, rel=1e-9, abs=1e-12)
    if r.draws:
        draws = namespace["draws"]
        assert draws.size == r.draws.n and draws.var(ddof=1) == pytest.approx(r.draws.var)
    if r.means:
        np.testing.assert_allclose(namespace["means"], r.means.means)
    if r.incomes:
        shown = (namespace["median"], namespace["trimmed"])
        assert shown == pytest.approx((r.incomes.median, r.incomes.trimmed))
    if r.test:
        assert (namespace["caught"], namespace["false_alarms"]) == (r.test.caught, r.test.false_alarms)
    if r.coin:
        assert (namespace["heads"], namespace["tails"]) == (r.coin.heads, r.coin.tails)
        assert (namespace["lower"], namespace["upper"]) == pytest.approx((r.coin.lower, r.coin.upper))
    assert capsys.readouterr().out.strip()


# ---- the controls each view shows ----

def test_each_view_shows_its_own_controls_and_a_distribution_its_own_parameters():
    assert ex.shown(P()) == ("view", "dist", "p", "draws", "seed")
    assert ex.shown(P(dist="binomial")) == ("view", "dist", "p", "trials", "draws", "seed")
    assert ex.shown(P(**CLT, dist="gamma")) == ("view", "dist", "rate", "alpha", "n", "seed")
    assert ex.shown(P(**MEDIAN, dist="gamma")) == ("view", "point", "seed")
    assert ex.shown(P(**TEST)) == ("view", "base_rate", "sensitivity", "specificity", "tests")
    assert ex.shown(P(**COIN)) == ("view", "coin_p", "prior_a", "prior_b", "flips", "seed")


def test_every_field_is_shown_by_some_view_and_every_family_reads_only_fields_it_declares():
    fields = {f.name for f in dataclasses.fields(P)}
    seen = {name for view in ex.VIEWS for dist in ex.DISTS for name in ex.shown(P(view=view, dist=dist))}
    assert seen == fields
    for name, family in ex.FAMILIES.items():
        base = P(dist=name)
        for other in set(ex.PARAMETERS) - set(family.fields):  # moving another family's knob...
            value = ex.knobs(P)[other].hi
            moved = dataclasses.replace(base, **{other: value})
            assert ex.written(moved) == ex.written(base)  # ...changes nothing


def _same(a, b) -> bool:
    if dataclasses.is_dataclass(a):
        return type(a) is type(b) and all(_same(getattr(a, f.name), getattr(b, f.name))
                                          for f in dataclasses.fields(a))
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b)
    return a == b


@pytest.mark.parametrize("view", ex.VIEWS)
def test_the_controls_a_view_hides_change_nothing_in_it(view):
    base = P(view=view, dist="gamma")
    result = ex.run(base)
    for name, k in ex.knobs(P).items():
        if name in ex.shown(base):
            continue
        other = k.options[-1] if k.kind in ("choice", "log") else k.hi
        moved = dataclasses.replace(base, **{name: other if other != getattr(base, name) else k.lo})
        assert ex.relevant(moved) == ex.relevant(base) and _same(ex.run(moved), result), name
    assert not _same(ex.run(dataclasses.replace(base, seed=1)), result) or view == "medical test"


# ---- the figures, on the data they carry ----

def trace(fig, name_start):
    return next(t for t in fig.data if (t.name or "").startswith(name_start))


def test_the_distribution_figure_draws_the_pmf_as_bars_and_the_draws_on_them():
    r = ex.run(P(dist="binomial"))
    fig = figs.distribution_figure(r)
    bars = trace(fig, "PMF")
    assert bars.type == "bar"
    np.testing.assert_array_equal(bars.y, r.draws.shape.density)
    np.testing.assert_array_equal(trace(fig, "share of the draws").y, r.draws.frequency)
    cdf = trace(fig, "CDF")
    assert cdf.xaxis == "x2" and cdf.line.shape == "hv"
    np.testing.assert_array_equal(cdf.y, r.draws.shape.cdf)


def test_a_density_that_shoots_up_is_cut_and_said_to_be():
    fig = figs.distribution_figure(ex.run(P(dist="chi-square", dof=1)))
    assert fig.layout.yaxis.range is not None
    assert any("runs off the top" in a.text for a in fig.layout.annotations)
    calm = figs.distribution_figure(ex.run(P(dist="normal")))
    assert calm.layout.yaxis.range is None and trace(calm, "histogram").type == "bar"


def test_the_running_figures_draw_the_recorded_statistics_and_the_truth():
    r = ex.run(P())
    mean = figs.running_mean_figure(r)
    np.testing.assert_array_equal(trace(mean, "running mean").y, r.draws.running_mean)
    assert trace(mean, "μ = 5").y == (5.0, 5.0) and "formula" in trace(mean, "μ ± 2σ/√n").name
    var = figs.running_variance_figure(r)
    np.testing.assert_array_equal(trace(var, "running variance").x, r.draws.var_steps)
    cauchy = figs.running_mean_figure(ex.run(P(dist="Student t", dof=1)))
    assert [t.name for t in cauchy.data] == ["running mean"]  # no μ, no funnel


def test_the_means_figure_draws_the_normal_only_where_the_theorem_applies():
    r = ex.run(P(**CLT))
    fig = figs.means_figure(r)
    np.testing.assert_array_equal(trace(fig, "histogram").y, r.means.heights)
    np.testing.assert_array_equal(trace(fig, "normal").y, r.means.curve_y)
    cauchy = figs.means_figure(ex.run(P(**CLT, dist="Student t", dof=1)))
    assert not any((t.name or "").startswith("normal") for t in cauchy.data)


def test_the_icon_array_is_a_thousand_people_in_their_four_groups():
    t = ex.run(P(**TEST)).test
    fig = figs.icons_figure(ex.run(P(**TEST)))
    counts = [len(tr.x) for tr in fig.data]
    assert counts == [t.missed, t.caught, t.false_alarms, t.cleared] and sum(counts) == ex.PEOPLE
    places = {(x, y) for tr in fig.data for x, y in zip(tr.x, tr.y)}
    assert len(places) == ex.PEOPLE  # no two icons on one spot
    assert [tr.name for tr in fig.data][1] == f"sick, tested positive: {t.caught}"


def test_the_coin_figure_draws_the_three_curves_with_the_likelihood_on_top():
    r = ex.run(P(**COIN))
    fig = figs.coin_figure(r)
    np.testing.assert_array_equal(trace(fig, "posterior").y, r.coin.posterior)
    names = [t.name for t in fig.data]
    assert names.index("likelihood of the flips (scaled)") > names.index(trace(fig, "posterior").name)
    path = figs.coin_path_figure(r)
    np.testing.assert_array_equal(trace(path, "posterior mean").y, r.coin.path_mean)


@pytest.mark.parametrize("view", ex.VIEWS)
def test_every_figure_of_every_view_keeps_the_chart_rules(view):
    r = ex.run(P(view=view))
    builders = {"distributions": (figs.distribution_figure, figs.running_mean_figure,
                                  figs.running_variance_figure),
                "central limit": (figs.means_figure, figs.parent_figure, figs.skew_figure),
                "mean vs median": (figs.incomes_figure, figs.incomes_sweep_figure),
                "medical test": (figs.icons_figure, figs.ppv_figure),
                "coin flips": (figs.coin_figure, figs.coin_path_figure)}[view]
    assert figs.main_figure(r).to_plotly_json() == builders[0](r).to_plotly_json()
    for build in builders:
        layout = build(r).to_plotly_json()["layout"]
        title = layout["title"]["text"]
        assert all(len(line) <= TITLE_CHARS for line in title.split("<br>")), title
        assert layout["legend"]["yref"] == "container" and layout["legend"]["y"] == 0  # under the x title
