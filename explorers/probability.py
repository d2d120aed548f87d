"""Probability & Bayes
===================

Five short lessons on one page, each a view of its own:

* **Distributions.** Twelve families from ``scipy.stats`` (discrete ones drawn as bars), their
  PMF or PDF and CDF, and seeded draws from them. As the draws pile up, the sample mean and
  the sample variance settle on the distribution's own (the law of large numbers), inside a
  funnel that narrows like σ/√n, unless there is no mean to settle on (Student's t with one
  degree of freedom is the Cauchy distribution).
* **Central limit theorem.** Means of n draws from a skewed parent: their histogram loses the
  parent's skew (its skewness falls like γ/√n) and hugs the normal curve N(μ, σ²/n).
* **Mean against median.** Twenty incomes, one of which moves out: the mean follows it all
  the way, the median hardly moves.
* **A medical test.** Bayes' theorem with sensitivity, specificity and base rate, drawn as
  natural frequencies: 1,000 people, each an icon, so the false alarms can be counted.
* **Coin flips.** A Beta prior on a coin's chance of heads updated one flip at a time: the
  posterior is Beta(α + heads, β + tails), a compromise between prior and data that narrows
  as the flips pile up.

Only the chosen view is computed; everything random comes from ``p.seed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np
from scipy import stats

from datasets.readonly import readonly
from explorers._contract import choice, knob, knobs, literal, log_knob

NOTICE = (
    "Averages of random draws settle down: a sample's mean and variance close in on the "
    "distribution's own, and means of many draws pile up into a bell even from a skewed parent. "
    "Bayes' theorem is bookkeeping: count 1,000 people and a rare disease makes most positive "
    "tests false alarms; count heads and tails and a prior belief about a coin sharpens flip by flip."
)
MISREADING = (
    "\"The test is 90% accurate, so a positive result means a 90% chance of being sick\": with 1 in "
    "100 sick and 9% of the healthy testing positive it is about 9%, since the healthy are so many "
    "more. And \"with enough data everything looks normal\": the means of many draws do, the draws "
    "themselves keep their own shape."
)
HEADLINE = "value"

VIEWS = ("distributions", "central limit", "mean vs median", "medical test", "coin flips")
WHAT = {  # each view's headline number, as the page and the code name it
    "distributions": "sample mean",
    "central limit": "standard deviation of the sample means",
    "mean vs median": "mean income",
    "medical test": "P(sick | positive)",
    "coin flips": "posterior mean of the chance of heads",
}
SEEDED = tuple(v for v in VIEWS if v != "medical test")  # the test's arithmetic draws nothing


# ---- the distribution families ----

@dataclass(frozen=True)
class Family:
    """One family of ``scipy.stats``, with the Params fields that set it."""

    scipy: str  # its name in scipy.stats
    discrete: bool
    fields: tuple[str, ...]  # the Params fields it reads
    # The keyword arguments of the scipy call: (keyword, value, the value as code writes it).
    args: Callable[["Params"], tuple[tuple[str, float, str], ...]]
    title: Callable[["Params"], str]  # how the page names it, with its parameters
    about: str  # what it models


def _kw(name, value):
    return name, value, literal(value)


FAMILIES = {
    "Bernoulli": Family("bernoulli", True, ("p",), lambda p: (_kw("p", p.p),),
                        lambda p: f"Bernoulli(p = {p.p:g})", "one trial: 1 with chance p, else 0"),
    "binomial": Family("binom", True, ("trials", "p"), lambda p: (_kw("n", p.trials), _kw("p", p.p)),
                       lambda p: f"Binomial(n = {p.trials}, p = {p.p:g})",
                       "successes in n independent trials"),
    "geometric": Family("geom", True, ("p",), lambda p: (_kw("p", p.p),),
                        lambda p: f"Geometric(p = {p.p:g})", "tries until the first success"),
    "Poisson": Family("poisson", True, ("rate",), lambda p: (_kw("mu", p.rate),),
                      lambda p: f"Poisson(λ = {p.rate:g})", "events in an interval, λ expected"),
    "uniform": Family("uniform", False, ("low", "width"),
                      lambda p: (_kw("loc", p.low), _kw("scale", p.width)),
                      lambda p: f"Uniform(a = {p.low:g}, b = {p.low + p.width:g})",
                      "any value between a and b equally likely"),
    "normal": Family("norm", False, ("mu", "sigma"), lambda p: (_kw("loc", p.mu), _kw("scale", p.sigma)),
                     lambda p: f"Normal(μ = {p.mu:g}, σ = {p.sigma:g})", "the bell curve"),
    "exponential": Family("expon", False, ("rate",),
                          lambda p: (("scale", 1 / p.rate, f"1 / {literal(p.rate)}"),),
                          lambda p: f"Exponential(λ = {p.rate:g})", "waiting time between Poisson events"),
    "gamma": Family("gamma", False, ("alpha", "rate"),
                    lambda p: (_kw("a", p.alpha), ("scale", 1 / p.rate, f"1 / {literal(p.rate)}")),
                    lambda p: f"Gamma(α = {p.alpha:g}, λ = {p.rate:g})",
                    "waiting time for α Poisson events"),
    "beta": Family("beta", False, ("alpha", "beta"), lambda p: (_kw("a", p.alpha), _kw("b", p.beta)),
                   lambda p: f"Beta(α = {p.alpha:g}, β = {p.beta:g})", "a chance between 0 and 1"),
    "Student t": Family("t", False, ("dof",), lambda p: (_kw("df", p.dof),),
                        lambda p: f"Student t(ν = {p.dof})", "a heavier-tailed bell (ν = 1: Cauchy)"),
    "chi-square": Family("chi2", False, ("dof",), lambda p: (_kw("df", p.dof),),
                         lambda p: f"Chi-square(k = {p.dof})", "a sum of k squared standard normals"),
    "log-normal": Family("lognorm", False, ("mu", "sigma"),
                         lambda p: (_kw("s", p.sigma),
                                    ("scale", float(np.exp(p.mu)), f"np.exp({literal(p.mu)})")),
                         lambda p: f"Log-normal(μ = {p.mu:g}, σ = {p.sigma:g})",
                         "a quantity whose logarithm is normal"),
}
DISTS = tuple(FAMILIES)
PARAMETERS = tuple(dict.fromkeys(f for family in FAMILIES.values() for f in family.fields))


def _using(*fields_):
    """The families that read any of ``fields_`` (a control's ``when``)."""
    return ("dist", tuple(name for name, family in FAMILIES.items() if set(family.fields) & set(fields_)))


MAX_N = 50  # the largest n whose means the central-limit view draws
N_MEANS = 2_000  # sample means per histogram
OTHERS = 19  # incomes that stay put; the twentieth moves
POINT_MAX = 1_000
POINT_STEP = 10
PEOPLE = 1_000  # the icon array of the medical test
COLUMNS = 40  # icons per row: 25 rows of 40
MAX_FLIPS = 100
LEVEL = 0.95  # the coin's credible interval


@dataclass(frozen=True)
class Params:
    HIDE_INACTIVE = True  # the page hides the other views' controls (ui/controls.py)

    view: str = choice(
        "distributions", options=VIEWS, label="View",
        help="Which lesson the page shows: distributions and the law of large numbers, the "
             "central limit theorem, mean against median, Bayes' theorem on a medical test, or "
             "a coin's chance of heads learnt flip by flip.",
    )
    dist: str = choice(
        "geometric", options=DISTS, label="Distribution", when=("view", ("distributions", "central limit")),
        help="The distribution drawn from (the parent, for the central limit theorem): "
             + "; ".join(f"{name}: {f.about}" for name, f in FAMILIES.items()) + ".",
    )
    p: float = knob(0.2, lo=0.05, hi=0.95, step=0.05, label="Chance of success p", when=_using("p"),
                    help="Each trial's chance of success (Bernoulli, binomial, geometric).")
    trials: int = knob(10, lo=1, hi=50, label="Trials n", when=_using("trials"),
                       help="How many trials the binomial counts the successes of.")
    rate: float = knob(1.0, lo=0.5, hi=10.0, step=0.5, label="Rate λ", when=_using("rate"),
                       help="Events expected per unit of time (Poisson: its mean; exponential and "
                            "gamma: the mean waiting time is 1/λ and α/λ).")
    mu: float = knob(0.0, lo=-3.0, hi=3.0, step=0.5, label="Location μ", when=_using("mu"),
                     help="The normal's mean; for the log-normal, the mean of log X.")
    sigma: float = knob(1.0, lo=0.2, hi=2.0, step=0.1, label="Scale σ", when=_using("sigma"),
                        help="The normal's standard deviation; for the log-normal, that of log X "
                             "(a larger σ gives a far longer right tail).")
    low: float = knob(0.0, lo=-5.0, hi=5.0, step=0.5, label="Left end a", when=_using("low"),
                      help="Where the uniform starts.")
    width: float = knob(1.0, lo=0.5, hi=10.0, step=0.5, label="Width b − a", when=_using("width"),
                        help="How wide the uniform is.")
    alpha: float = knob(2.0, lo=0.5, hi=10.0, step=0.5, label="Shape α", when=_using("alpha"),
                        help="Gamma: how many events are waited for. Beta: successes imagined, "
                             "plus one (below 1 the density shoots up at 0).")
    beta: float = knob(2.0, lo=0.5, hi=10.0, step=0.5, label="Shape β", when=_using("beta"),
                       help="Beta: failures imagined, plus one (below 1 the density shoots up at 1).")
    dof: int = knob(3, lo=1, hi=30, label="Degrees of freedom ν", when=_using("dof"),
                    help="Student t: 1 is the Cauchy distribution (no mean), 2 has a mean but no "
                         "finite variance; chi-square: how many squared normals are added.")
    draws: int = log_knob(
        1000, lo=10, hi=10_000, label="Draws", when=("view", ("distributions",)),
        help="How many values are drawn: the histogram, and the running mean and variance, use them all.",
    )
    n: int = knob(5, lo=1, hi=MAX_N, label="Draws per mean n", when=("view", ("central limit",)),
                  help=f"Each of the {N_MEANS:,} sample means averages this many draws. n = 1 is the "
                       "parent distribution itself.")
    point: int = knob(250, lo=0, hi=POINT_MAX, step=POINT_STEP, label="The 20th income (thousands)",
                      when=("view", ("mean vs median",)),
                      help=f"{OTHERS} incomes stay where they are; move this one out and watch the "
                           "mean and the median.")
    base_rate: float = knob(0.01, lo=0.001, hi=0.5, step=0.001, label="Base rate (share sick)",
                            when=("view", ("medical test",)),
                            help="The share of the people tested who have the disease, before any test.")
    sensitivity: float = knob(0.9, lo=0.5, hi=1.0, step=0.01, label="Sensitivity",
                              when=("view", ("medical test",)),
                              help="P(positive | sick): the share of sick people the test catches.")
    specificity: float = knob(0.91, lo=0.5, hi=1.0, step=0.01, label="Specificity",
                              when=("view", ("medical test",)),
                              help="P(negative | healthy): the share of healthy people the test clears. "
                                   "One minus it is the false-alarm rate.")
    tests: int = knob(1, lo=1, hi=3, label="Positive results in a row", when=("view", ("medical test",)),
                      help="How many independent tests in a row came back positive (each result "
                           "independent of the others given the person's state).")
    coin_p: float = knob(0.7, lo=0.0, hi=1.0, step=0.05, label="Coin's true chance of heads",
                         when=("view", ("coin flips",)),
                         help="What the flips are drawn with, hidden from the learner who only sees them.")
    prior_a: float = knob(2.0, lo=0.5, hi=20.0, step=0.5, label="Prior α (heads imagined)",
                          when=("view", ("coin flips",)),
                          help="The prior is Beta(α, β): as if α heads and β tails had been seen "
                               "already. α = β = 1 is flat: every chance equally believable; α = β = 2 "
                               "leans mildly towards a fair coin.")
    prior_b: float = knob(2.0, lo=0.5, hi=20.0, step=0.5, label="Prior β (tails imagined)",
                          when=("view", ("coin flips",)),
                          help="Large equal α and β: a strong belief that the coin is fair.")
    flips: int = knob(20, lo=0, hi=MAX_FLIPS, label="Flips seen", when=("view", ("coin flips",)),
                      help="Scrub through the flips one at a time, or press ▶ Play on the chart.")
    seed: int = knob(0, lo=0, hi=999, label="Seed", when=("view", SEEDED),
                     help="Seed of the random draws: the same seed gives the same draws.")

    def shown(self) -> tuple[str, ...]:
        return shown(self)


def shown(p: Params) -> tuple[str, ...]:
    """The controls that belong to ``p``'s view (and, for a distribution, to its family):
    the page shows these and hides the others."""
    out = []
    for name, knob_ in knobs(Params).items():
        if name in PARAMETERS:
            applies = p.view in ("distributions", "central limit") and name in FAMILIES[p.dist].fields
        else:
            applies = knob_.when is None or getattr(p, knob_.when[0]) in knob_.when[1]
        if applies:
            out.append(name)
    return tuple(out)


def family_of(p: Params) -> Params:
    """``p`` with only the distribution and its own parameters kept (the rest at their
    defaults): the key of everything that depends on the distribution alone."""
    return Params(dist=p.dist, **{name: getattr(p, name) for name in FAMILIES[p.dist].fields})


def relevant(p: Params) -> Params:
    """``p`` with every control its view hides back at its default: the same result (the
    hidden ones change nothing), under one key for whatever the hidden ones were left at."""
    return Params(**{name: getattr(p, name) for name in shown(p)})


def frozen(p: Params):
    """The chosen distribution as a frozen ``scipy.stats`` object."""
    return _frozen(family_of(p))


# Freezing a scipy distribution costs ~4 ms (it writes its docstring), as much as drawing
# 100,000 values from it: frozen objects are kept. Sharing one is safe, since every draw
# passes its own random_state (scipy leaves the object's own generator alone).
@lru_cache(maxsize=64)
def _frozen(key: Params):
    family = FAMILIES[key.dist]
    return getattr(stats, family.scipy)(**{k: v for k, v, _ in family.args(key)})


def written(p: Params) -> str:
    """The same distribution as code writes it: ``stats.binom(n=10, p=0.3)``."""
    family = FAMILIES[p.dist]
    return f"stats.{family.scipy}({', '.join(f'{k}={text}' for k, _, text in family.args(p))})"


def _defined(x) -> float | None:
    """A moment as a number, or None where it is undefined (nan) or infinite."""
    x = float(x)
    return x if np.isfinite(x) else None


@dataclass(frozen=True)
class Moments:
    mean: float | None  # None: undefined (Cauchy)
    var: float | None  # None: undefined or infinite
    skew: float | None

    @property
    def sd(self) -> float | None:
        return None if self.var is None else float(np.sqrt(self.var))


def moments(p: Params) -> Moments:
    return _moments(family_of(p))


@lru_cache(maxsize=64)
def _moments(key: Params) -> Moments:
    mean, var, skew = frozen(key).stats(moments="mvs")
    # A distribution without spread (none of ours) would have no skewness either.
    return Moments(_defined(mean), _defined(var), _defined(skew) if _defined(var) else None)


@dataclass(frozen=True)
class Shape:
    """A distribution drawn: its PMF at each value (discrete) or PDF on a grid, and its CDF."""

    title: str
    discrete: bool
    x: np.ndarray  # the values (discrete) or grid (continuous) in view
    density: np.ndarray  # PMF or PDF at x
    cdf: np.ndarray


def shape(p: Params) -> Shape:
    return _shape(family_of(p))


@lru_cache(maxsize=64)
def _shape(p: Params) -> Shape:
    dist, discrete = frozen(p), FAMILIES[p.dist].discrete
    lo, hi = _window(dist, discrete)
    if discrete:
        x = np.arange(np.floor(lo), np.ceil(hi) + 1)
        density = dist.pmf(x)
    else:
        x = np.linspace(lo, hi, 301)
        density = dist.pdf(x)
    return readonly(Shape(FAMILIES[p.dist].title(p), discrete, x, density, dist.cdf(x)))


def _window(dist, discrete: bool) -> tuple[float, float]:
    """The values worth drawing: the middle 99.9% of the distribution. A continuous one is
    also cut to five interquartile ranges past the quartiles, so that a heavy tail
    (Cauchy's) does not squeeze the body into a spike; none of the discrete ones has such
    a tail, and each of their bars is drawn."""
    q_lo, q1, q3, q_hi = dist.ppf([0.0005, 0.25, 0.75, 0.9995])
    if discrete:
        return float(q_lo), float(q_hi)
    reach = 5 * (q3 - q1)
    return float(max(q_lo, q1 - reach)), float(min(q_hi, q3 + reach))


# ---- the views ----

@dataclass(frozen=True)
class Draws:
    """Distributions: the shape, seeded draws from it, and their running mean and variance."""

    shape: Shape
    moments: Moments
    n: int
    frequency: np.ndarray  # discrete: the share of draws at each value of shape.x
    edges: np.ndarray  # continuous: histogram bin edges (discrete: empty)
    heights: np.ndarray  # continuous: draws per bin / (n × bin width), a density
    empirical_cdf: np.ndarray  # share of draws at or below each shape.x
    outside: int  # draws beyond the chart's window
    steps: np.ndarray  # draw counts 1..n where the running statistics are recorded
    running_mean: np.ndarray
    var_steps: np.ndarray  # from 2 on: a sample variance needs two draws
    running_var: np.ndarray  # with ddof=1
    mean: float  # of all n draws
    var: float  # ddof=1


def _draws(p: Params) -> Draws:
    dist, sh = frozen(p), shape(p)
    rng = np.random.default_rng(p.seed)
    x = dist.rvs(size=int(p.draws), random_state=rng).astype(float)  # a log knob's values are floats
    n = x.size
    if sh.discrete:
        inside = (x >= sh.x[0]) & (x <= sh.x[-1])
        frequency = np.bincount((x[inside] - sh.x[0]).astype(int), minlength=sh.x.size) / n
        edges = heights = np.empty(0)
    else:
        frequency = np.empty(0)
        bins = int(np.clip(round(2 * n ** (1 / 3)), 10, 60))  # the Rice rule
        edges = np.linspace(sh.x[0], sh.x[-1], bins + 1)
        counts, _ = np.histogram(x, edges)
        heights = counts / (n * np.diff(edges))  # over all n draws: the bars' area is the share in view
    ordered = np.sort(x)
    empirical_cdf = np.searchsorted(ordered, sh.x, side="right") / n
    outside = int(np.count_nonzero((x < sh.x[0]) | (x > sh.x[-1])))
    running_mean, running_var = running(x)
    steps = np.unique(np.geomspace(1, n, 300).round().astype(int))
    var_steps = steps[steps >= 2]
    return Draws(sh, moments(p), n, frequency, edges, heights, empirical_cdf, outside, steps,
                 running_mean[steps - 1], var_steps, running_var[var_steps - 1],
                 float(x.mean()), float(x.var(ddof=1)))


def running(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mean and the sample variance (ddof=1) of the first k values, for every k
    (the variance is NaN at k = 1). Sums of the values less the first one keep the
    subtraction in the variance from losing digits when the values sit far from zero."""
    k = np.arange(1, x.size + 1)
    shifted = x - x[0]
    s1, s2 = np.cumsum(shifted), np.cumsum(shifted**2)
    mean = x[0] + s1 / k
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.maximum(s2 - s1**2 / k, 0.0) / (k - 1)
    return mean, var


@dataclass(frozen=True)
class Means:
    """The central limit theorem: N_MEANS sample means of n draws each."""

    parent: Shape
    moments: Moments
    n: int
    means: np.ndarray  # N_MEANS of them
    edges: np.ndarray  # histogram bins (on the lattice of a discrete parent)
    heights: np.ndarray  # a density
    outside: int  # means beyond the bins
    curve_x: np.ndarray  # the normal N(μ, σ²/n), where σ is finite (else empty)
    curve_y: np.ndarray
    mean: float  # of the sample means
    sd: float  # of the sample means (ddof=1)
    skew: float  # of the sample means (scipy.stats.skew)
    ns: np.ndarray  # 1..MAX_N
    skews: np.ndarray  # measured skewness of the means at every n
    expected_sd: float | None  # σ/√n
    expected_skew: float | None  # γ/√n

    @property
    def normal(self) -> bool:
        return self.curve_x.size > 0


@lru_cache(maxsize=16)
def _parent_draws(family: Params, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """N_MEANS rows of MAX_N draws, and the skewness of the means at every n from 1 to
    MAX_N. Neither depends on n, so moving n only averages another number of columns."""
    rng = np.random.default_rng(seed)
    draws = frozen(family).rvs(size=(N_MEANS, MAX_N), random_state=rng).astype(float)
    sums = np.cumsum(draws, axis=1)
    # A column of equal means has no skewness: scipy says NaN, the chart 0.
    with np.errstate(invalid="ignore", divide="ignore"):
        skews = np.nan_to_num(stats.skew(sums / np.arange(1, MAX_N + 1), axis=0))
    return readonly((draws, skews))


def _means(p: Params) -> Means:
    draws, skews = _parent_draws(family_of(p), p.seed)
    means = draws[:, :p.n].mean(axis=1)  # as the code does, so the numbers match to the last digit
    m, discrete = moments(p), FAMILIES[p.dist].discrete
    lo, hi = _window_of(means, m, p.n, frozen(p).support())
    if discrete:
        # Means of whole numbers sit on a lattice of step 1/n: bins centred on it, a whole
        # number of steps wide, so no bin catches more lattice points than its neighbours.
        step = 1 / p.n
        width = step * max(1, int(np.ceil((hi - lo) / 40 / step)))
        start = np.floor(lo / step) * step - step / 2
        edges = np.arange(start, hi + width, width)
    else:
        edges = np.linspace(lo, hi, 41)
    counts, _ = np.histogram(means, edges)
    heights = counts / (means.size * np.diff(edges))
    outside = int(np.count_nonzero((means < edges[0]) | (means > edges[-1])))
    expected_sd = None if m.sd is None else m.sd / np.sqrt(p.n)
    if expected_sd:
        curve_x = np.linspace(edges[0], edges[-1], 201)
        curve_y = stats.norm.pdf(curve_x, m.mean, expected_sd)  # unfrozen: freezing costs ms
    else:
        curve_x = curve_y = np.empty(0)
    return Means(shape(p), m, p.n, means, edges, heights, outside, curve_x, curve_y,
                 float(means.mean()), float(means.std(ddof=1)), float(np.nan_to_num(stats.skew(means))),
                 np.arange(1, MAX_N + 1), skews, expected_sd, None if m.skew is None else m.skew / np.sqrt(p.n))


def _window_of(means: np.ndarray, m: Moments, n: int, support) -> tuple[float, float]:
    """Where the histogram of the means is drawn: four standard errors either side of μ
    with the middle 99.8% of the means, cut (for a parent without a finite variance) to
    three interquartile ranges past the quartiles, and to where a mean can be at all."""
    q_lo, q1, q3, q_hi = np.quantile(means, [0.001, 0.25, 0.75, 0.999])
    reach = 3 * (q3 - q1)
    lo, hi = max(q_lo, q1 - reach), min(q_hi, q3 + reach)
    if m.sd is not None:
        lo, hi = min(lo, m.mean - 4 * m.sd / np.sqrt(n)), max(hi, m.mean + 4 * m.sd / np.sqrt(n))
    lo, hi = max(lo, support[0]), min(hi, support[1])
    if hi <= lo:  # every mean the same (a degenerate parent): a window around it
        lo, hi = lo - 0.5, hi + 0.5
    return float(lo), float(hi)


@dataclass(frozen=True)
class Incomes:
    """Mean against median: OTHERS incomes and one that moves."""

    values: np.ndarray  # all twenty, the moved one last
    point: float
    mean: float
    median: float
    trimmed: float  # the 10% trimmed mean (scipy.stats.trim_mean)
    positions: np.ndarray  # every position of the moved income
    means: np.ndarray  # the mean at each position
    medians: np.ndarray
    trimmeds: np.ndarray
    above_mean: int  # incomes above the mean


def others(seed: int) -> np.ndarray:
    """The incomes that stay put, in thousands: log-normal around 45 (incomes are skewed)."""
    rng = np.random.default_rng(seed)
    return rng.lognormal(np.log(45), 0.3, size=OTHERS).round(1)


def _incomes(p: Params) -> Incomes:
    rest = others(p.seed)
    values = np.append(rest, float(p.point))
    positions = np.arange(0, POINT_MAX + 1, POINT_STEP).astype(float)
    every = np.column_stack([np.tile(rest, (positions.size, 1)), positions])
    mean = float(values.mean())
    return Incomes(values, float(p.point), mean, float(np.median(values)),
                   float(stats.trim_mean(values, 0.1)), positions, every.mean(axis=1),
                   np.median(every, axis=1), stats.trim_mean(every, 0.1, axis=1),
                   int(np.count_nonzero(values > mean)))


@dataclass(frozen=True)
class Test:
    """A medical test by Bayes' theorem, and as natural frequencies in PEOPLE people."""

    base_rate: float
    sensitivity: float
    specificity: float
    tests: int
    p_pos_sick: float  # P(all positive | sick) = sensitivity^tests
    p_pos_healthy: float  # P(all positive | healthy) = (1 - specificity)^tests
    ppv: float  # P(sick | all positive), exact
    npv: float  # P(healthy | not all positive), exact
    sick: int  # of PEOPLE, rounded half up; the rest are healthy
    caught: int  # sick and positive
    missed: int  # sick, not positive
    false_alarms: int  # healthy and positive
    cleared: int  # healthy, not positive
    rates: np.ndarray  # base rates for the curve
    ppvs: np.ndarray  # (3, rates): P(sick | positive) after 1, 2 and 3 positives

    @property
    def positives(self) -> int:
        return self.caught + self.false_alarms

    @property
    def counted(self) -> float | None:
        """P(sick | positive) as the icons count it, or None when nobody tests positive."""
        return self.caught / self.positives if self.positives else None


def half_up(x: float) -> int:
    # Counts of people are rounded half up (0.5 person is one), as a reader would.
    return int(np.floor(x + 0.5))


def posterior(prior, p_pos_sick, p_pos_healthy):
    """Bayes' theorem: P(sick | positive) = P(positive | sick) P(sick) / P(positive)."""
    return prior * p_pos_sick / (prior * p_pos_sick + (1 - prior) * p_pos_healthy)


def _test(p: Params) -> Test:
    a, b = p.sensitivity**p.tests, (1 - p.specificity) ** p.tests
    sick = half_up(PEOPLE * p.base_rate)
    caught = half_up(sick * a)
    false_alarms = half_up((PEOPLE - sick) * b)
    rates = np.geomspace(0.001, 0.5, 61)
    ppvs = np.array([posterior(rates, p.sensitivity**k, (1 - p.specificity) ** k) for k in (1, 2, 3)])
    npv = (1 - p.base_rate) * (1 - b) / ((1 - p.base_rate) * (1 - b) + p.base_rate * (1 - a))
    return Test(p.base_rate, p.sensitivity, p.specificity, p.tests, a, b,
                float(posterior(p.base_rate, a, b)), float(npv), sick, caught, sick - caught,
                false_alarms, PEOPLE - sick - false_alarms, rates, ppvs)


@dataclass(frozen=True)
class Coin:
    """Beta-binomial updating of a coin's chance of heads, one flip at a time."""

    coin_p: float
    prior_a: float
    prior_b: float
    outcomes: np.ndarray  # all MAX_FLIPS flips, 1 = heads
    flips: int  # how many are seen
    heads: int
    tails: int
    grid: np.ndarray  # chances of heads in (0, 1)
    prior: np.ndarray  # Beta(α, β) density on the grid
    likelihood: np.ndarray  # the flips' likelihood, scaled to area 1: Beta(heads + 1, tails + 1)
    posterior: np.ndarray  # Beta(α + heads, β + tails) density
    mean: float  # posterior mean = P(next flip is heads)
    lower: float  # the central LEVEL credible interval
    upper: float
    path_mean: np.ndarray  # the posterior mean after 0..MAX_FLIPS flips
    path_lower: np.ndarray
    path_upper: np.ndarray
    top: float  # the highest any of the three curves gets after any number of flips
    band_x: np.ndarray  # the credible interval, its ends exactly, and the grid between them
    band_y: np.ndarray  # the posterior density there


# Chances of heads, every 0.01: open at both ends, where a prior below 1 is infinite. Finer
# grids cost a played chart's frames more than they show.
GRID = readonly(np.linspace(0, 1, 101)[1:-1])


# Everything about a run of flips, at every number of them seen: moving the flips scrubber,
# or playing it (a frame per step), only picks a row. scipy's functions are called unfrozen
# throughout, since freezing a distribution costs milliseconds a time.
@lru_cache(maxsize=32)
def _flips(coin_p: float, prior_a: float, prior_b: float, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    # The same draws as stats.bernoulli(coin_p).rvs(...) in the code.
    outcomes = stats.bernoulli.rvs(coin_p, size=MAX_FLIPS, random_state=rng).astype(np.int8)
    seen = np.arange(MAX_FLIPS + 1)
    heads = np.concatenate([[0], np.cumsum(outcomes)])
    a, b = prior_a + heads, prior_b + seen - heads  # the posterior after each number of flips
    tail = (1 - LEVEL) / 2
    beta = stats.beta
    lower, upper = beta.ppf(tail, a, b), beta.ppf(1 - tail, a, b)
    # One height for the chart at every number of flips, so that played flip by flip the
    # curves rise against a fixed axis (a played chart keeps its first frame's axes).
    top = max(_peak(a, b), _peak(heads + 1.0, seen - heads + 1.0),
              _peak(np.array([prior_a]), np.array([prior_b])))
    return readonly(dict(
        outcomes=outcomes, heads=heads, prior=beta.pdf(GRID, prior_a, prior_b),
        posterior=beta.pdf(GRID, a[:, None], b[:, None]),
        likelihood=beta.pdf(GRID, heads[:, None] + 1, (seen - heads)[:, None] + 1),
        mean=beta.mean(a, b), lower=lower, upper=upper,
        at_ends=beta.pdf(np.column_stack([lower, upper]), a[:, None], b[:, None]), top=1.1 * top))


def _coin(p: Params) -> Coin:
    run, k = _flips(p.coin_p, p.prior_a, p.prior_b, p.seed), p.flips
    heads = int(run["heads"][k])
    lower, upper = float(run["lower"][k]), float(run["upper"][k])
    inside = (GRID > lower) & (GRID < upper)
    band_x = np.concatenate([[lower], GRID[inside], [upper]])
    band_y = np.concatenate([run["at_ends"][k, :1], run["posterior"][k, inside], run["at_ends"][k, 1:]])
    return Coin(p.coin_p, p.prior_a, p.prior_b, run["outcomes"], k, heads, k - heads, GRID, run["prior"],
                run["likelihood"][k], run["posterior"][k], float(run["mean"][k]), lower, upper,
                run["mean"], run["lower"], run["upper"], run["top"], band_x, band_y)


def _peak(a: np.ndarray, b: np.ndarray, lo: float = 0.02, hi: float = 0.98) -> float:
    """The highest of the Beta(a, b) densities between ``lo`` and ``hi`` (away from the
    ends, where a density with a or b below 1 shoots up). A Beta density rises to its mode
    and falls after it, or (a and b below 1) falls and rises again, so on an interval its
    highest point is at an end or at the mode: three values each, not a grid."""
    with np.errstate(invalid="ignore", divide="ignore"):
        mode = np.where(a + b > 2, (a - 1) / (a + b - 2), 0.5)
    where = np.stack([np.full_like(a, lo), np.full_like(a, hi), np.clip(mode, lo, hi)])
    return float(stats.beta.pdf(where, a, b).max())


# ---- run ----

@dataclass(frozen=True)
class Result:
    view: str
    value: float  # the view's headline number (WHAT[view] says which)
    draws: Draws | None = None  # only the chosen view's part is computed
    means: Means | None = None
    incomes: Incomes | None = None
    test: Test | None = None
    coin: Coin | None = None

    @property
    def what(self) -> str:
        return WHAT[self.view]


def run(p: Params) -> Result:
    if p.view == "distributions":
        part = _draws(p)
        return readonly(Result(p.view, part.mean, draws=part))
    if p.view == "central limit":
        part = _means(p)
        return readonly(Result(p.view, part.sd, means=part))
    if p.view == "mean vs median":
        part = _incomes(p)
        return readonly(Result(p.view, part.mean, incomes=part))
    if p.view == "medical test":
        part = _test(p)
        return readonly(Result(p.view, part.ppv, test=part))
    part = _coin(p)
    return readonly(Result(p.view, part.mean, coin=part))


# ---- code ----

def code(p: Params) -> str:
    return {"distributions": _code_draws, "central limit": _code_means, "mean vs median": _code_incomes,
            "medical test": _code_test, "coin flips": _code_coin}[p.view](p)


def _code_draws(p: Params) -> str:
    family = FAMILIES[p.dist]
    density = "pmf" if family.discrete else "pdf"
    return f'''\
import numpy as np
from scipy import stats

# {family.title(p)}: {family.about}.
dist = {written(p)}
rng = np.random.default_rng({p.seed})
draws = dist.rvs(size={int(p.draws)}, random_state=rng)

# The distribution's own mean and variance (nan: it has none; inf: it is infinite).
mean, var = (float(m) for m in dist.stats(moments="mv"))
print(f"distribution: mean {{mean:.4g}}, variance {{var:.4g}}")
# The law of large numbers: the sample's mean and variance settle as draws pile up.
for n in sorted({{10, 100, 1000, draws.size}} & set(range(2, draws.size + 1))):
    print(f"after {{n:>5}} draws: sample mean {{draws[:n].mean():.4g}}, "
          f"sample variance {{draws[:n].var(ddof=1):.4g}}")

# The {density.upper()} and the CDF the chart draws, at a few values.
x = np.quantile(draws, [0.1, 0.5, 0.9])
print("x  ", np.round(x, 3))
print("{density}", np.round(dist.{density}(x), 4))
print("cdf", np.round(dist.cdf(x), 4))

value = draws.mean()  # the page's headline: the {WHAT["distributions"]} of all the draws
'''


def _code_means(p: Params) -> str:
    family = FAMILIES[p.dist]
    return f'''\
import numpy as np
from scipy import stats

# The parent: {family.title(p)}, {family.about}.
dist = {written(p)}
n = {p.n}  # draws averaged in each sample mean
rng = np.random.default_rng({p.seed})
# {N_MEANS:,} rows of {MAX_N} draws; each mean averages the first n of a row, so every n the
# page shows uses the same draws.
draws = dist.rvs(size=({N_MEANS}, {MAX_N}), random_state=rng)
means = draws[:, :n].mean(axis=1)

mu, var, skew = (float(m) for m in dist.stats(moments="mvs"))  # nan or inf: none
print(f"mean of the means      {{means.mean():.4g}}  (μ = {{mu:.4g}})")
print(f"sd of the means        {{means.std(ddof=1):.4g}}  (σ/√n = {{np.sqrt(var / n):.4g}})")
print(f"skewness of the means  {{stats.skew(means):.3f}}  (γ/√n = {{skew / np.sqrt(n):.3f}})")

value = means.std(ddof=1)  # the page's headline: the {WHAT["central limit"]}
'''


def _code_incomes(p: Params) -> str:
    return f'''\
import numpy as np
from scipy import stats

rng = np.random.default_rng({p.seed})
# {OTHERS} incomes in thousands, log-normal around 45 as incomes are, and one more.
incomes = np.append(rng.lognormal(np.log(45), 0.3, size={OTHERS}).round(1), {p.point})

mean, median = incomes.mean(), np.median(incomes)
trimmed = stats.trim_mean(incomes, 0.1)  # the mean of what is left with 10% cut from each end
print(f"mean {{mean:.4g}}, median {{median:.4g}}, 10% trimmed mean {{trimmed:.4g}}")
print(f"{{np.sum(incomes > mean)}} of {{incomes.size}} incomes are above the mean")

value = mean  # the page's headline: the {WHAT["mean vs median"]}
'''


def _code_test(p: Params) -> str:
    return f'''\
import math

base_rate, sensitivity, specificity = {literal(p.base_rate)}, {literal(p.sensitivity)}, {literal(p.specificity)}
tests = {p.tests}  # positive results in a row, independent given the person's state

# Bayes' theorem: P(sick | positive) = P(positive | sick) P(sick) / P(positive).
p_pos_sick = sensitivity**tests
p_pos_healthy = (1 - specificity) ** tests
ppv = base_rate * p_pos_sick / (base_rate * p_pos_sick + (1 - base_rate) * p_pos_healthy)
print(f"P(sick | positive) = {{ppv:.4f}}")

# The same as natural frequencies: {PEOPLE:,} people, counts rounded half up.
sick = math.floor({PEOPLE} * base_rate + 0.5)
caught = math.floor(sick * p_pos_sick + 0.5)
false_alarms = math.floor(({PEOPLE} - sick) * p_pos_healthy + 0.5)
print(f"{{sick}} of {PEOPLE:,} are sick and {{caught}} of them test positive;")
print(f"{{false_alarms}} of the {{{PEOPLE} - sick}} healthy test positive too,")
if caught + false_alarms:
    print(f"so {{caught}} of the {{caught + false_alarms}} positives are sick "
          f"({{caught / (caught + false_alarms):.1%}}).")

value = ppv  # the page's headline: {WHAT["medical test"]}
'''


def _code_coin(p: Params) -> str:
    return f'''\
import numpy as np
from scipy import stats

rng = np.random.default_rng({p.seed})
outcomes = stats.bernoulli({literal(p.coin_p)}).rvs({MAX_FLIPS}, random_state=rng)  # 1 = heads
seen = outcomes[:{p.flips}]
heads = int(seen.sum())
tails = seen.size - heads

# A Beta(α, β) prior and binomial flips give a Beta posterior: add the heads to α and
# the tails to β (the beta-binomial model).
prior_a, prior_b = {literal(p.prior_a)}, {literal(p.prior_b)}
posterior = stats.beta(prior_a + heads, prior_b + tails)
lower, upper = posterior.ppf([{(1 - LEVEL) / 2:g}, {1 - (1 - LEVEL) / 2:g}])
print(f"{{heads}} heads, {{tails}} tails: posterior Beta({{prior_a + heads:g}}, {{prior_b + tails:g}})")
print(f"posterior mean {{posterior.mean():.4f}}, {LEVEL:.0%} credible interval "
      f"{{lower:.3f}} to {{upper:.3f}}")

value = posterior.mean()  # the page's headline: the {WHAT["coin flips"]}
'''
