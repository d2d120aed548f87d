"""Probability & Bayes: distributions and the law of large numbers, the central limit
theorem, mean against median, Bayes' theorem on a medical test and on a coin."""

import streamlit as st

from explorers import probability as ex
from figures import probability as fig
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header
from ui.play import played


def number(x, missing: str = "none") -> str:
    return missing if x is None else f"{x:.4g}"


def spread(x, m) -> str:
    """A variance or standard error: infinite where the mean exists (Student t, ν = 2), else none."""
    return number(x, "∞" if m.mean is not None else "none")


OFF = dict(delta_color="off", delta_arrow="off", border=True)  # a delta that states the theory


def distributions(p, r) -> None:
    d, m = r.draws, r.draws.moments
    se = None if m.mean is None or m.sd is None else m.sd / d.n**0.5
    mean, var, gap, beyond = st.columns(4)
    mean.metric("Sample mean", f"{d.mean:.4g}", delta=f"μ = {number(m.mean)}", **OFF,
                help="The mean of all the draws, against the distribution's own mean μ.")
    var.metric("Variance s²", f"{d.var:.4g}", delta=f"σ² = {spread(m.var, m)}", **OFF,
               help="The sample variance (divided by n − 1), against the distribution's σ².")
    gap.metric("Off μ by", "—" if se is None else f"{abs(d.mean - m.mean) / se:.2f} SE", border=True,
               help="How far the sample mean is from μ, in standard errors σ/√n. About 95% of "
                    "samples land within 2.")
    beyond.metric("Off the chart", f"{d.outside:,}", border=True,
                  help="Draws beyond the values charted (the middle 99.9% of the distribution, or less "
                       "for a heavy tail).")
    chart(fig.distribution_figure(r))
    # Below the chart, so the chart keeps its place on the first screen.
    aside(None if m.mean is not None else
          "Student t with ν = 1 is the Cauchy distribution: it has no mean, so the running mean has "
          "nothing to settle on, however many draws pile up.", "warning", icon=":material/warning:")
    st.caption(said(ex, "lln"))
    chart_row(fig.running_mean_figure(r), fig.running_variance_figure(r))


def central_limit(p, r) -> None:
    c, m = r.means, r.means.moments
    mean, sd, skew, parent = st.columns(4)
    mean.metric("Their mean", f"{c.mean:.4g}", delta=f"μ = {number(m.mean)}", **OFF,
                help=f"The average of the {len(c.means):,} sample means, against μ.")
    sd.metric("Their SD", f"{c.sd:.4g}", delta=f"σ/√n = {spread(c.expected_sd, m)}", **OFF,
              help="The spread of the sample means (divided by n − 1): the standard error, σ/√n "
                   "in theory.")
    skew.metric("Their skewness", f"{c.skew:.3f}", delta=f"γ/√n = {number(c.expected_skew)}", **OFF,
                help="0 for a symmetric histogram, as a normal curve is (scipy.stats.skew).")
    parent.metric("Parent's γ", number(m.skew), border=True,
                  help="The skewness of the distribution the draws come from: how lopsided it is.")
    chart(fig.means_figure(r))
    aside(None if c.normal else
          "This parent has no finite variance, so the central limit theorem does not apply: the means "
          "do not narrow like σ/√n, and no normal curve is drawn.", "warning", icon=":material/warning:")
    st.caption(said(ex, "clt"))
    chart_row(fig.parent_figure(r), fig.skew_figure(r))


def mean_vs_median(p, r) -> None:
    inc = r.incomes
    mean, median, trimmed, above = st.columns(4)
    mean.metric("Mean", f"{inc.mean:.1f}", border=True, help="The sum of the twenty incomes over twenty.")
    median.metric("Median", f"{inc.median:.1f}", border=True,
                  help="The middle: the average of the 10th and 11th incomes in order.")
    trimmed.metric("Trimmed mean", f"{inc.trimmed:.1f}", border=True,
                   help="The mean of what is left after cutting the two lowest and the two highest "
                        "incomes, 10% from each end (scipy.stats.trim_mean).")
    above.metric("Above mean", f"{inc.above_mean} of {len(inc.values)}", border=True,
                 help="Incomes above the mean. A mean pulled up by one large value sits above most of them.")
    chart(fig.incomes_figure(r))
    st.caption(said(ex, "median"))
    chart(fig.incomes_sweep_figure(r))


def medical_test(p, r) -> None:
    t = r.test
    ppv, counted, npv = st.columns(3)
    ppv.metric("P(sick | positive)", f"{t.ppv:.1%}", border=True,
               help="Bayes' theorem: P(positive | sick) × base rate ÷ P(positive), exactly.")
    counted.metric("Sick among positives", f"{t.caught} of {t.positives}", border=True,
                   help=f"The same, counted in {ex.PEOPLE:,} people (counts rounded to whole people).")
    npv.metric("P(healthy | negative)", f"{t.npv:.2%}", border=True,
               help="A negative result is far more trustworthy when the disease is rare.")
    chart(fig.icons_figure(r))
    aside(None if t.positives else f"Nobody of the {ex.PEOPLE:,} tests positive at these settings.",
          icon=":material/info:")
    st.caption(said(ex, "bayes"))
    chart(fig.ppv_figure(r))


def coin_flips(p, r) -> None:
    c = r.coin
    mean, interval, share, flips = st.columns(4)
    mean.metric("Posterior mean", f"{c.mean:.3f}", delta=f"true {c.coin_p:g}", **OFF,
                help="(α + heads) / (α + β + flips): also the chance that the next flip is heads.")
    interval.metric(f"{ex.LEVEL:.0%} interval", f"{c.lower:.2f} – {c.upper:.2f}", border=True,
                    help=f"The credible interval: the chance of heads lies here with {ex.LEVEL:.0%} "
                         "posterior probability.")
    share.metric("Heads so far", "—" if not c.flips else f"{c.heads / c.flips:.3f}", border=True,
                 help="The share of heads: what the flips alone say. The posterior mean is pulled from it "
                      "towards the prior's.")
    flips.metric("Flips seen", f"{c.flips} of {ex.MAX_FLIPS}", border=True)
    # Keyed on the coin's own settings: a control of another view, hidden, rebuilds no frames.
    chart(played(ex, ex.relevant(p), "flips", fig.coin_figure, r, last=ex.MAX_FLIPS))
    st.caption(said(ex, "coin"))
    chart(fig.coin_path_figure(r))


header(ex, "Probability & Bayes")
params, result = explore(ex)  # each view shows its own controls only (Params.HIDE_INACTIVE)

{"distributions": distributions, "central limit": central_limit, "mean vs median": mean_vs_median,
 "medical test": medical_test, "coin flips": coin_flips}[result.view](params, result)

code_panel(ex, params)
