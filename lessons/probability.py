"""Probability & Bayes: the law of large numbers (and the Cauchy distribution that has none to
obey), the central limit theorem on a skewed parent, a median one outlier cannot drag, the
base-rate fallacy counted in 1,000 people, and a strong prior that a coin has to overcome."""

import numpy as np

from figures import probability as fig
from lessons import Challenge, Claim, Step, titled

DISTRIBUTIONS = dict(view="distributions")
CLT = dict(view="central limit")
MEDIAN = dict(view="mean vs median")
TEST = dict(view="medical test")
COIN = dict(view="coin flips")
STUBBORN = dict(COIN, prior_a=20.0, prior_b=20.0, coin_p=0.9)  # sure it is fair; it is not


def _standard_errors(r) -> float:
    """How far the sample mean of all the draws is from μ, in standard errors σ/√n."""
    d, m = r.draws, r.draws.moments
    return abs(d.mean - m.mean) / (m.sd / np.sqrt(d.n))


def _settles(r) -> bool:
    """The running mean ends within two standard errors of μ, after straying further early
    on, and the sample variance ends within 10% of σ²."""
    d, m = r.draws, r.draws.moments
    early = np.abs(d.running_mean[d.steps <= d.n // 10] - m.mean).max()
    return (_standard_errors(r) < 2 and early > abs(d.mean - m.mean)
            and abs(d.var - m.var) < 0.1 * m.var)


def _wanders(r) -> bool:
    """Past a thousand draws the running mean still moves by more than one unit."""
    d = r.draws
    late = d.running_mean[d.steps >= 1000]
    return r.draws.moments.mean is None and late.max() - late.min() > 1


def _skew_answer(r) -> str:
    s = r.means.skew
    return "Under 0.5" if s < 0.5 else "About 1" if s < 1.5 else "Still about 2"


def _median_at(r, position: float) -> float:
    return float(r.incomes.medians[np.searchsorted(r.incomes.positions, position)])


def _mean_at(r, position: float) -> float:
    return float(r.incomes.means[np.searchsorted(r.incomes.positions, position)])


def _median_moves(r) -> str:
    moved = abs(r.incomes.median - _median_at(r, 250))
    pulled = abs(r.incomes.mean - _mean_at(r, 250))
    return "Not at all" if moved == 0 else "A little" if moved < pulled / 4 else "About as far as the mean"


def _ppv_answer(r) -> str:
    ppv = r.test.ppv
    return "About 90%" if ppv > 0.75 else "About 50%" if ppv > 0.3 else "About 10%"


def _nearer(r) -> str:
    c = r.coin
    return "Nearer 0.5" if abs(c.mean - 0.5) < abs(c.mean - c.coin_p) else f"Nearer {c.coin_p:g}"


CHALLENGES = (
    Challenge(
        question="1 in 100 people tested has the disease. The test catches 90% of the sick and clears "
                 "91% of the healthy. You test positive: how likely is it that you are sick?",
        options=("About 90%", "About 50%", "About 10%"),
        state=TEST,
        answer=_ppv_answer, expected="About 10%",
        why=lambda r: f"{r.test.ppv:.1%}. Of 1,000 people, {r.test.sick} are sick and {r.test.caught} of them "
                      f"test positive; but {r.test.false_alarms} of the {1000 - r.test.sick} healthy test "
                      f"positive too, so only {r.test.caught} of the {r.test.positives} positives are sick.",
    ),
    Challenge(
        question="Average 30 draws from the geometric distribution (skewness 2.0), 2,000 times. How "
                 "skewed is the histogram of those means?",
        options=("Still about 2", "About 1", "Under 0.5"),
        state=dict(CLT, n=30),
        answer=_skew_answer, expected="Under 0.5",
        why=lambda r: f"Skewness {r.means.skew:.2f}, against γ/√n = 2.01/√30 = "
                      f"{r.means.expected_skew:.2f} "
                      f"from the formula. The means' spread is {r.means.sd:.3f}, near σ/√n = "
                      f"{r.means.expected_sd:.3f}.",
    ),
    Challenge(
        question="The 20th income jumps from 250 to 1,000 (thousand). How far does the median move?",
        options=("Not at all", "A little", "About as far as the mean"),
        state=dict(MEDIAN, point=1000),
        answer=_median_moves, expected="Not at all",
        why=lambda r: f"The median stays at {r.incomes.median:.1f}: the middle two incomes are the same ones. "
                      f"The mean goes from {_mean_at(r, 250):.1f} to {r.incomes.mean:.1f}, above "
                      f"{len(r.incomes.values) - r.incomes.above_mean} of the 20 incomes.",
    ),
    Challenge(
        question="A prior Beta(20, 20) is sure the coin is fair; the coin really gives heads 90% of the "
                 "time. After 20 flips, where is the posterior mean?",
        options=("Nearer 0.5", "Nearer 0.9"),
        state=STUBBORN,
        answer=_nearer, expected="Nearer 0.5",
        why=lambda r: f"{r.coin.heads} heads in 20 flips, but the prior counts as 40 flips already seen: "
                      f"(20 + {r.coin.heads}) / (40 + 20) = {r.coin.mean:.3f}. Scrub to 100 flips to see the "
                      "data win.",
    ),
)

TOUR = (
    Step("A discrete distribution is drawn as bars: Binomial(10, 0.3) counts the successes in 10 trials. "
         "The orange diamonds, the share of 1,000 draws at each count, sit on the blue bars of the PMF.",
         dict(DISTRIBUTIONS, dist="binomial", p=0.3),
         holds=lambda r: np.abs(r.draws.frequency - r.draws.shape.density).max() < 0.03),
    Step("The geometric distribution: tries until a first success at 20% each. Below, the running mean "
         "strays early, then settles on μ = 5 inside the funnel μ ± 2σ/√n; the variance settles too.",
         DISTRIBUTIONS, holds=_settles),
    Step("Student t with one degree of freedom is the Cauchy distribution: it has no mean. Its running "
         "mean still jumps after thousands of draws; there is nothing to settle on.",
         dict(DISTRIBUTIONS, dist="Student t", dof=1, draws=10_000), holds=_wanders),
    Step("The central limit theorem. With n = 1 the 'means' are single draws from the parent, as "
         "skewed as it is (skewness about 2).",
         dict(CLT, n=1), holds=lambda r: abs(r.means.skew - r.means.moments.skew) < 0.3),
    Step("Means of 30 draws: the skewness has fallen to about γ/√30, the spread to σ/√30, and the "
         "histogram hugs the normal curve.",
         dict(CLT, n=30),
         holds=lambda r: r.means.skew < 0.5 and abs(r.means.sd / r.means.expected_sd - 1) < 0.05),
    Step("One income moves out to a million: the mean is dragged above 19 of the 20 incomes; the "
         "median does not move at all.",
         dict(MEDIAN, point=1000),
         holds=lambda r: r.incomes.above_mean == 1 and r.incomes.median == _median_at(r, 250)),
    Step("A test that catches 90% of the sick and clears 91% of the healthy, for a disease 1 in 100 "
         "have: 9 of 1,000 are caught, and 89 healthy people are false alarms. 9 of 98 positives are sick.",
         TEST, holds=lambda r: (r.test.caught, r.test.false_alarms, r.test.positives) == (9, 89, 98)),
    Step("Positive twice in a row: the false alarms fall to 8 and the chance of being sick jumps to "
         "about a half. The first result is the second one's base rate.",
         dict(TEST, tests=2), holds=lambda r: r.test.false_alarms == 8 and 0.45 < r.test.ppv < 0.55),
    Step("A coin, before any flip, under the flat prior Beta(1, 1): every chance of heads is believed "
         "alike.", dict(COIN, flips=0, prior_a=1.0, prior_b=1.0),
         holds=lambda r: r.coin.mean == 0.5 and np.ptp(r.coin.prior) < 1e-9),
    Step("Twenty flips later, under the same flat prior, the posterior is the likelihood itself (the "
         "dotted curve lies on it); a prior that leans, like the default Beta(2, 2), pulls it aside.",
         dict(COIN, prior_a=1.0, prior_b=1.0),
         holds=lambda r: np.allclose(r.coin.posterior, r.coin.likelihood)),
    Step("After 100 flips the posterior is narrow and holds the true chance 0.7. Press ▶ Play to watch "
         "it form flip by flip.",
         dict(COIN, flips=100),
         holds=lambda r: r.coin.lower < r.coin.coin_p < r.coin.upper and r.coin.upper - r.coin.lower < 0.2),
)

MAIN = titled(fig.main_figure)

MEASURES = (("Headline number", lambda r: r.value, "{:.4g}"),)  # the view says which (WHAT)


def _coin_between(r) -> bool:
    c = r.coin
    prior = c.prior_a / (c.prior_a + c.prior_b)
    share = c.heads / c.flips
    # Narrower like 1/√flips: from 25 to 100 flips the interval about halves.
    width = c.path_upper - c.path_lower
    return min(prior, share) < c.mean < max(prior, share) and 0.4 < width[100] / width[25] < 0.6


CLAIMS = {
    "lln": Claim(
        "Blue is the distribution, orange what the draws show. The more draws, the closer orange "
        "follows blue, and below, the closer the running mean and variance stay to μ and σ², where "
        "they exist: the law of large numbers.",
        holds=_settles, state=DISTRIBUTIONS),
    "clt": Claim(
        "The histogram of the means is less lopsided than the parent: its skewness falls like γ/√n "
        "and its spread like σ/√n, as the metrics show. The larger n, the closer it hugs the normal "
        "curve, whatever the parent's shape, if its variance is finite.",
        holds=lambda r: (r.means.skew < r.means.moments.skew / 2
                         and abs(r.means.skew - r.means.expected_skew) < 0.15
                         and abs(r.means.sd / r.means.expected_sd - 1) < 0.05),
        state=CLT),
    "median": Claim(
        "The mean moves a twentieth of every step the red income takes, wherever it goes. The median "
        "stops once the red income is past the middle of the others: one outlier can drag the mean "
        "above nearly everyone and leave the median where it was.",
        holds=lambda r: (np.allclose(np.diff(r.incomes.means), 10 / 20)
                         and np.ptp(r.incomes.medians[r.incomes.positions >= r.incomes.values[:-1].max()])
                         == 0),
        state=MEDIAN),
    "bayes": Claim(
        "Filled icons tested positive; red ones are sick. When the disease is rare the healthy far "
        "outnumber the sick, so even a small false-alarm rate makes more blue icons than filled red "
        "ones: most positives are false alarms.",
        holds=lambda r: r.test.false_alarms > r.test.caught and r.test.ppv < 0.5,
        state=TEST),
    "coin": Claim(
        "The posterior (blue) is the prior times the likelihood, rescaled to area 1: its mean lies "
        "between the prior's and the share of heads, and it narrows as flips pile up, like 1/√flips.",
        holds=_coin_between, state=COIN),
}
