"""Figures for the probability explorer: pure ``Result -> plotly Figure`` functions.

Throughout, the distribution's own curves (theory) are blue and what the draws show
(a sample) is orange, so a learner reads "model against data" the same way in every view.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.probability import COLUMNS, LEVEL, MAX_FLIPS, OTHERS, PEOPLE, Result
from figures.theme import BLACK, BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILLION, figure

THEORY, SAMPLE = BLUE, ORANGE
FOOT = dict(orientation="h", y=-0.2, x=0.0)  # a legend under the plot (theme pins it to the foot)


def main_figure(r: Result) -> go.Figure:
    """The view's main chart."""
    return {"distributions": distribution_figure, "central limit": means_figure,
            "mean vs median": incomes_figure, "medical test": icons_figure,
            "coin flips": coin_figure}[r.view](r)


# ---- distributions and the law of large numbers ----

def distribution_figure(r: Result) -> go.Figure:
    """The PMF (bars) or PDF (a curve) beside the CDF, each with what the draws show."""
    d, s = r.draws, r.draws.shape
    fig = figure(f"{s.title}: {d.n:,} draws", "x", "probability P(X = x)" if s.discrete else "density",
                 height=460)
    notes = [f"{d.outside:,} draws lie beyond the chart"] if d.outside else []
    if s.discrete:
        fig.add_trace(dict(type="bar", x=s.x, y=s.density, name="PMF (theory)", marker_color=THEORY,
                           opacity=0.75, hovertemplate="P(X = %{x}) = %{y:.4f}<extra>PMF</extra>"))
        fig.add_scatter(x=s.x, y=d.frequency, mode="markers", name="share of the draws",
                        marker=dict(symbol="diamond", size=11, color=SAMPLE, line=dict(color=BLACK, width=1)),
                        hovertemplate="%{y:.4f} of the draws at %{x}<extra></extra>")
    else:
        centres = (d.edges[:-1] + d.edges[1:]) / 2
        fig.add_trace(dict(type="bar", x=centres, y=d.heights, width=np.diff(d.edges),
                           name="histogram of the draws",
                           marker=dict(color=SAMPLE, line=dict(color="white", width=1)), opacity=0.7,
                           hovertemplate="%{y:.4f}<extra>histogram (density)</extra>"))
        fig.add_scatter(x=s.x, y=s.density, mode="lines", name="PDF (theory)", line=dict(color=THEORY, width=4),
                        hovertemplate="f(%{x:.3g}) = %{y:.4f}<extra>PDF</extra>")
        top = 1.2 * max(d.heights.max(), np.quantile(s.density, 0.9))
        if s.density.max() > top:  # a density that shoots up at an edge would flatten the rest
            fig.update_yaxes(range=[0, top])
            notes.append(f"the density runs off the top near x = {float(s.x[np.argmax(s.density)]):.2g}")
    # The CDF in its own panel, on the right.
    shape = "hv" if s.discrete else "linear"
    fig.add_scatter(x=s.x, y=s.cdf, mode="lines", name="CDF (theory)",
                    line=dict(color=THEORY, width=4, shape=shape),
                    xaxis="x2", yaxis="y2", hovertemplate="P(X ≤ %{x:.3g}) = %{y:.4f}<extra>CDF</extra>")
    fig.add_scatter(x=s.x, y=d.empirical_cdf, mode="lines", name="share of draws ≤ x",
                    line=dict(color=SAMPLE, width=3, dash="dash", shape="hv"), xaxis="x2", yaxis="y2",
                    hovertemplate="%{y:.4f} of the draws ≤ %{x:.3g}<extra></extra>")
    fig.update_xaxes(domain=[0, 0.6])
    fig.update_layout(xaxis2=dict(domain=[0.7, 1], anchor="y2", title=dict(text="x"), automargin=True),
                      yaxis2=dict(anchor="x2", range=[0, 1.02], title=dict(text="P(X ≤ x), the CDF"),
                                  automargin=True),
                      bargap=0.15 if s.discrete else 0, legend=FOOT)
    if notes:  # one block in the left panel's top right corner, a line each
        fig.add_annotation(text="<br>".join(notes), xref="paper", yref="paper", x=0.6, y=1.0, xanchor="right",
                           yanchor="top", align="right", showarrow=False, font=dict(color=GREY, size=14))
    return fig.build()


def running_mean_figure(r: Result) -> go.Figure:
    """The mean of the first n draws against n, with the distribution's mean and the
    ±2σ/√n funnel it should stay in about 95% of the time."""
    d, m = r.draws, r.draws.moments
    fig = figure("Sample mean as draws pile up", "draws n (log scale)", "mean of the first n draws", height=400)
    if m.mean is not None and m.sd is not None:
        half = 2 * m.sd / np.sqrt(d.steps)
        fig.add_scatter(x=np.concatenate([d.steps, d.steps[::-1]]),
                        y=np.concatenate([m.mean + half, (m.mean - half)[::-1]]), fill="toself",
                        fillcolor="rgba(86, 180, 233, 0.25)", line=dict(width=0),
                        name="μ ± 2σ/√n (formula)",
                        hoverinfo="skip")
    _settles(fig, d.steps, d.running_mean, m.mean, "μ", "running mean")
    return _log_draws(fig, d.n)


def running_variance_figure(r: Result) -> go.Figure:
    """The sample variance (ddof=1) of the first n draws against n, and σ²."""
    d, m = r.draws, r.draws.moments
    fig = figure("Sample variance as draws pile up", "draws n (log scale)", "variance of the first n draws",
                 height=400)
    _settles(fig, d.var_steps, d.running_var, m.var, "σ²", "running variance")
    if m.var is None:
        fig.add_annotation(text="no finite σ² to settle on", xref="paper",
                           yref="paper", x=0.02, y=0.98, xanchor="left", yanchor="top", showarrow=False,
                           font=dict(color=BLACK, size=15), bgcolor="rgba(255,255,255,0.8)")
    return _log_draws(fig, d.n)


def _settles(fig, steps, values, truth, symbol: str, name: str) -> None:
    fig.add_scatter(x=steps, y=values, mode="lines", name=name, line=dict(color=SAMPLE, width=3),
                    hovertemplate="after %{x:,} draws: %{y:.4g}<extra></extra>")
    if truth is not None:
        fig.add_scatter(x=[steps[0], steps[-1]], y=[truth, truth], mode="lines", name=f"{symbol} = {truth:.4g}",
                        line=dict(color=THEORY, width=3, dash="dash"), hoverinfo="skip")


def _log_draws(fig, n: int) -> go.Figure:
    fig.update_xaxes(type="log", range=[0, np.log10(max(n, 10))])
    fig.update_layout(legend=FOOT)
    return fig.build()


# ---- the central limit theorem ----

def means_figure(r: Result) -> go.Figure:
    """The histogram of the sample means, with the normal curve the theorem predicts."""
    c = r.means
    fig = figure(f"Means of n = {c.n} draws ({len(c.means):,} of them)", "sample mean", "density", height=460)
    centres = (c.edges[:-1] + c.edges[1:]) / 2
    fig.add_trace(dict(type="bar", x=centres, y=c.heights, width=np.diff(c.edges),
                       name="histogram of the means",
                       marker=dict(color=SAMPLE, line=dict(color="white", width=1)), opacity=0.75,
                       hovertemplate="%{y:.4f}<extra>histogram (density)</extra>"))
    if c.normal:
        fig.add_scatter(x=c.curve_x, y=c.curve_y, mode="lines", line=dict(color=THEORY, width=4),
                        name=f"normal N(μ, σ²/n) (formula), sd {c.expected_sd:.3g}",
                        hovertemplate="%{y:.4f}<extra>normal</extra>")
    if c.moments.mean is not None:
        fig.add_shape(type="line", x0=c.moments.mean, x1=c.moments.mean, y0=0, y1=1, yref="paper",
                      line=dict(color=BLACK, width=2, dash="dot"))
        fig.add_annotation(text=f"μ = {c.moments.mean:.3g}", x=c.moments.mean, y=1, yref="paper",
                           xanchor="left", yanchor="top", showarrow=False, font=dict(size=15))
    if c.outside:
        fig.add_annotation(text=f"{c.outside:,} means lie beyond the chart", xref="paper", yref="paper",
                           x=1, y=1, xanchor="right", yanchor="top", showarrow=False,
                           font=dict(color=GREY, size=14))
    fig.update_xaxes(range=[c.edges[0], c.edges[-1]])
    fig.update_layout(bargap=0, legend=FOOT)
    return fig.build()


def parent_figure(r: Result) -> go.Figure:
    """The parent distribution the means are drawn from."""
    s, m = r.means.parent, r.means.moments
    skew = "none" if m.skew is None else f"{m.skew:.2f}"
    fig = figure(f"The parent: {s.title}", "x", "probability" if s.discrete else "density", height=400)
    if s.discrete:
        fig.add_trace(dict(type="bar", x=s.x, y=s.density, marker_color=THEORY, opacity=0.75,
                           name=f"PMF, skewness {skew}", hovertemplate="P(X = %{x}) = %{y:.4f}<extra></extra>"))
    else:
        fig.add_scatter(x=s.x, y=s.density, mode="lines", line=dict(color=THEORY, width=4), fill="tozeroy",
                        fillcolor="rgba(0, 114, 178, 0.15)", name=f"PDF, skewness {skew}",
                        hovertemplate="f(%{x:.3g}) = %{y:.4f}<extra></extra>")
        top = 1.2 * np.quantile(s.density, 0.95)
        if s.density.max() > 1.5 * top:
            fig.update_yaxes(range=[0, top])
    fig.update_layout(legend=FOOT, showlegend=True)
    return fig.build()


def skew_figure(r: Result) -> go.Figure:
    """The skewness of the means at every n, measured, against the formula γ/√n."""
    c, m = r.means, r.means.moments
    fig = figure("Skewness of the means against n", "draws per mean n", "skewness", height=400)
    if m.skew is not None:
        fig.add_scatter(x=c.ns, y=m.skew / np.sqrt(c.ns), mode="lines", name="γ/√n (formula)",
                        line=dict(color=THEORY, width=3, dash="dash"), hoverinfo="skip")
    fig.add_scatter(x=c.ns, y=c.skews, mode="lines+markers", name="measured on the means",
                    line=dict(color=SAMPLE, width=2), marker=dict(size=6),
                    hovertemplate="n = %{x}: %{y:.3f}<extra>measured</extra>")
    fig.add_scatter(x=[0.5, c.ns[-1] + 0.5], y=[0, 0], mode="lines", name="0: symmetric, as a normal is",
                    line=dict(color=GREY, width=2), hoverinfo="skip")
    _mark(fig, c.n, f"n = {c.n}", c.n > c.ns[-1] / 2)
    fig.update_xaxes(range=[0.5, c.ns[-1] + 0.5])
    fig.update_layout(legend=FOOT)
    return fig.build()


def _mark(fig, x: float, text: str, left: bool) -> None:
    fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper",
                  line=dict(color=BLACK, width=2, dash="dot"))
    fig.add_annotation(text=text, x=x, y=1, yref="paper", xanchor="right" if left else "left", yanchor="top",
                       showarrow=False, font=dict(size=15))


# ---- mean against median ----

def incomes_figure(r: Result) -> go.Figure:
    """The twenty incomes as stacked dots, the moved one in red, and where the mean,
    the median and the trimmed mean fall."""
    inc = r.incomes
    hi = max(100.0, inc.point) * 1.05
    fig = figure("Twenty incomes, one of them moving", "income (thousands)", "", height=440)
    # Dots in columns a fortieth of the axis wide, stacked where they would overlap.
    width = hi / 40
    column = np.floor(inc.values / width).astype(int)
    height = np.array([np.count_nonzero(column[:i] == c) for i, c in enumerate(column)]) + 1
    fig.add_scatter(x=inc.values[:-1], y=height[:-1], mode="markers", name=f"{OTHERS} incomes that stay",
                    marker=dict(size=16, color=GREY, line=dict(color=BLACK, width=1)),
                    hovertemplate="%{x:.1f}<extra></extra>")
    fig.add_scatter(x=[inc.point], y=[height[-1]], mode="markers", name="the income that moves",
                    marker=dict(size=20, color=VERMILLION, line=dict(color=BLACK, width=1.5)),
                    hovertemplate="%{x:.0f}<extra>moved</extra>")
    top = max(height) + 2.5
    for x, name, colour, dash in ((inc.mean, "mean", ORANGE, "solid"), (inc.median, "median", GREEN, "solid"),
                                  (inc.trimmed, "10% trimmed mean", PURPLE, "dot")):
        fig.add_scatter(x=[x, x], y=[0, top], mode="lines", name=f"{name} {x:.1f}",
                        line=dict(color=colour, width=4, dash=dash), hoverinfo="skip")
    fig.update_xaxes(range=[0, hi])
    fig.update_yaxes(range=[0, top], showticklabels=False, showgrid=False, ticks="")
    fig.update_layout(legend=FOOT)
    return fig.build()


def incomes_sweep_figure(r: Result) -> go.Figure:
    """The mean, median and trimmed mean at every position of the moving income."""
    inc = r.incomes
    fig = figure("As the 20th income moves out", "the 20th income (thousands)", "summary (thousands)",
                 height=400)
    for values, name, colour, dash in ((inc.means, "mean", ORANGE, "solid"),
                                       (inc.medians, "median", GREEN, "solid"),
                                       (inc.trimmeds, "10% trimmed mean", PURPLE, "dot")):
        fig.add_scatter(x=inc.positions, y=values, mode="lines", name=name,
                        line=dict(color=colour, width=4, dash=dash),
                        hovertemplate=f"%{{y:.1f}}<extra>{name}</extra>")
    _mark(fig, inc.point, f"now {inc.point:.0f}", inc.point > inc.positions[-1] / 2)
    fig.update_layout(legend=FOOT, hovermode="x unified")
    return fig.build()


# ---- the medical test ----

OUTLINED = dict(color=BLACK, width=1)
# In the icon array's order: the sick together, the positives together. Filled is positive,
# red is sick.
GROUPS = (
    ("missed", "sick, tested negative", dict(symbol="circle-open", color=VERMILLION, line=dict(width=2.5))),
    ("caught", "sick, tested positive", dict(symbol="circle", color=VERMILLION, line=OUTLINED)),
    ("false_alarms", "healthy, tested positive", dict(symbol="circle", color=BLUE, line=OUTLINED)),
    ("cleared", "healthy, tested negative", dict(symbol="circle-open", color="#BBBBBB", line=dict(width=1.5))),
)


def icons_figure(r: Result) -> go.Figure:
    """Natural frequencies: every one of 1,000 people as an icon, by health and result."""
    t = r.test
    positive = "positive" if t.tests == 1 else f"positive {t.tests} times"
    fig = figure(f"{t.positives} of {PEOPLE:,} test {positive}; {t.caught} are sick", "", "", height=470)
    start = 0
    for field, label, marker in GROUPS:
        count = getattr(t, field)
        index = np.arange(start, start + count)
        start += count
        label = label if t.tests == 1 else label.replace("tested positive", f"positive {t.tests} times")
        fig.add_scatter(x=index % COLUMNS, y=-(index // COLUMNS), mode="markers", name=f"{label}: {count}",
                        marker=dict(size=11, **marker), hovertemplate=f"{label}<extra></extra>")
    rows = PEOPLE // COLUMNS
    fig.update_xaxes(range=[-0.7, COLUMNS - 0.3], visible=False)
    fig.update_yaxes(range=[-rows + 0.4, 0.6], visible=False)
    fig.update_layout(legend=FOOT, margin=dict(l=20, r=20))
    return fig.build()


def ppv_figure(r: Result) -> go.Figure:
    """P(sick | positive) against the base rate, after one, two and three positives."""
    t = r.test
    fig = figure("P(sick | positive) against the base rate", "base rate (log scale)", "P(sick | positive)",
                 height=400)
    for k, values in enumerate(t.ppvs, start=1):
        current = k == t.tests
        fig.add_scatter(x=t.rates, y=values, mode="lines", name=f"{k} positive{'s' if k > 1 else ''} in a row",
                        line=dict(color=(BLUE, SKY, PURPLE)[k - 1], width=5 if current else 2,
                                  dash="solid" if current else "dot"),
                        hovertemplate="base rate %{x:.2%}: %{y:.1%}<extra></extra>")
    fig.add_scatter(x=[t.base_rate], y=[t.ppv], mode="markers", name=f"now: {t.ppv:.1%}",
                    marker=dict(symbol="star", size=22, color=VERMILLION, line=dict(color=BLACK, width=1.5)),
                    cliponaxis=False)
    fig.update_xaxes(type="log", tickvals=[0.001, 0.01, 0.1, 0.5], ticktext=["0.1%", "1%", "10%", "50%"])
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%")
    fig.update_layout(legend=FOOT)
    return fig.build()


# ---- the coin ----

def coin_figure(r: Result) -> go.Figure:
    """The prior, the flips' likelihood and the posterior over the coin's chance of heads."""
    c = r.coin
    fig = figure(f"After {c.flips} flips: {c.heads} heads, {c.tails} tails", "chance of heads",
                 "density", height=460)
    fig.add_scatter(x=c.band_x, y=c.band_y, mode="lines", line=dict(width=0), fill="tozeroy",
                    fillcolor="rgba(0, 114, 178, 0.2)", name=f"{LEVEL:.0%} credible interval",
                    hoverinfo="skip")
    fig.add_scatter(x=c.grid, y=c.prior, mode="lines", name=f"prior Beta({c.prior_a:g}, {c.prior_b:g})",
                    line=dict(color=GREY, width=3, dash="dash"), hovertemplate="%{y:.3f}<extra>prior</extra>")
    fig.add_scatter(x=c.grid, y=c.posterior, mode="lines", line=dict(color=THEORY, width=4),
                    name=f"posterior Beta({c.prior_a + c.heads:g}, {c.prior_b + c.tails:g})",
                    hovertemplate="%{y:.3f}<extra>posterior</extra>")
    # On top: under a flat prior it is the posterior itself, and would vanish beneath it.
    fig.add_scatter(x=c.grid, y=c.likelihood, mode="lines", name="likelihood of the flips (scaled)",
                    line=dict(color=SAMPLE, width=3, dash="dot"),
                    hovertemplate="%{y:.3f}<extra>likelihood</extra>")
    fig.add_shape(type="line", x0=c.coin_p, x1=c.coin_p, y0=0, y1=1, yref="paper",
                  line=dict(color=BLACK, width=2, dash="dot"))
    fig.add_annotation(text=f"true {c.coin_p:g}", x=c.coin_p, y=1, yref="paper", yanchor="top",
                       xanchor="right" if c.coin_p > 0.5 else "left", showarrow=False, font=dict(size=15))
    fig.update_xaxes(range=[0, 1])
    fig.update_yaxes(range=[0, c.top])  # the same at every flip: Play keeps the first frame's axes
    fig.update_layout(legend=FOOT)
    return fig.build()


def coin_path_figure(r: Result) -> go.Figure:
    """The posterior mean and its credible interval after every flip, against the share of
    heads so far and the truth."""
    c = r.coin
    seen = np.arange(MAX_FLIPS + 1)
    fig = figure("The estimate flip by flip", "flips seen", "chance of heads", height=400)
    fig.add_scatter(x=np.concatenate([seen, seen[::-1]]), y=np.concatenate([c.path_upper, c.path_lower[::-1]]),
                    fill="toself", fillcolor="rgba(0, 114, 178, 0.15)", line=dict(width=0),
                    name=f"{LEVEL:.0%} credible interval", hoverinfo="skip")
    fig.add_scatter(x=seen, y=c.path_mean, mode="lines", name="posterior mean",
                    line=dict(color=THEORY, width=4),
                    hovertemplate="after %{x} flips: %{y:.3f}<extra>posterior mean</extra>")
    share = np.cumsum(c.outcomes) / seen[1:]
    fig.add_scatter(x=seen[1:], y=share, mode="markers", name="share of heads so far",
                    marker=dict(color=SAMPLE, size=6), hovertemplate="%{y:.3f}<extra>share of heads</extra>")
    fig.add_scatter(x=[0, MAX_FLIPS], y=[c.coin_p, c.coin_p], mode="lines", name=f"true chance {c.coin_p:g}",
                    line=dict(color=BLACK, width=2, dash="dash"), hoverinfo="skip")
    _mark(fig, c.flips, f"{c.flips} seen", c.flips > MAX_FLIPS / 2)
    fig.update_xaxes(range=[0, MAX_FLIPS])
    fig.update_yaxes(range=[0, 1])
    fig.update_layout(legend=FOOT)
    return fig.build()
