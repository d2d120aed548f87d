"""Figures for the feature extraction & selection explorer: pure ``Result -> Figure``
functions, one view's figures after another (each reads its own part of the result)."""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go

from explorers._extraction import PCA_FOLDS
from explorers._selection import FOLDS as SELECTION_FOLDS
from explorers.feature_selection import Result
from figures.classify import CLASS_COLOURS, boundary_plot
from figures.theme import BLACK, BLUE, GREY, ORANGE, SKY, VERMILLION, figure

NOISE = VERMILLION  # a noise column, wherever it is drawn
REAL = BLUE
DROPPED = "#E6E6E6"
LEGEND_BELOW = dict(orientation="h", x=0.0, y=-0.25, yanchor="top")


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def pretty(name: str) -> str:
    """A polynomial feature's name as a reader writes it: "x₁^2 x₂" is x₁²x₂."""
    return re.sub(r"\^(\d+)", lambda m: m[1].translate(_SUPERSCRIPTS), name).replace(" ", "")


def _percent(x: float) -> str:
    return f"{x:.1%}"


# ---- polynomial features ----

def poly_figure(r: Result) -> go.Figure:
    """The plane, its points and the boundary the linear model draws on the new features."""
    p = r.poly
    terms = "interactions only" if p.interaction_only else "all terms"
    title = f"Degree {p.degree}, {terms}: {p.n_features} features, test accuracy {_percent(p.test_accuracy)}"
    fig = boundary_plot(p.split, p.scores, title, height=560)
    # One unit the same length on both axes: the disc's boundary is drawn as the circle it is.
    fig.update_yaxes(scaleanchor="x", scaleratio=1)
    fig.update_xaxes(constrain="domain")
    return fig.build()


def degree_figure(r: Result) -> go.Figure:
    """Test accuracy against the degree, with all terms and with interactions only."""
    p = r.poly
    fig = figure("Test accuracy by degree", "polynomial degree", "test accuracy", height=420)
    for name, accuracy, counts, colour, dash in (
            ("all terms", p.test_all, p.count_all, BLUE, "solid"),
            ("interactions only", p.test_interactions, p.count_interactions, ORANGE, "dash")):
        fig.add_scatter(x=p.degrees, y=accuracy, customdata=counts, mode="lines+markers", name=name,
                        line=dict(color=colour, dash=dash), marker=dict(size=11),
                        hovertemplate=f"{name}, degree %{{x}}: %{{y:.1%}} with %{{customdata}} features"
                                      "<extra></extra>")
    fig.add_scatter(x=[p.degree], y=[p.test_accuracy], mode="markers", name="shown above",
                    marker=dict(symbol="star", size=22, color=VERMILLION, line=dict(color=BLACK, width=1.5)),
                    cliponaxis=False)
    fig.update_xaxes(dtick=1, range=[0.7, p.degrees[-1] + 0.3])
    fig.update_yaxes(tickformat=".0%", range=[0.3, 1.04])
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=130))
    return fig.build()


def weights_figure(r: Result) -> go.Figure:
    """The logistic regression's weight on each standardised feature: which ones carry the boundary."""
    p = r.poly
    order = np.arange(p.n_features)[::-1]  # the first feature at the top
    fig = figure("Weight on each feature", "weight (on standardised features)", "", height=420)
    fig.add_trace(dict(type="bar", orientation="h", x=p.coef[order], y=[pretty(p.names[i]) for i in order],
                       marker=dict(color=[REAL if w >= 0 else ORANGE for w in p.coef[order]]),
                       hovertemplate="%{y}: %{x:.2f}<extra></extra>", name="weight", showlegend=False))
    fig.update_yaxes(type="category", showgrid=False)
    fig.update_xaxes(zeroline=True, zerolinecolor=GREY)
    return fig.build()


# ---- PCA as features ----

def pca_figure(r: Result) -> go.Figure:
    """Cross-validated accuracy against the number of components kept."""
    c = r.pca
    fig = figure(f"{c.components} of {c.n_features} components: {_percent(c.cv_accuracy)} accuracy",
                 "principal components kept", "cross-validated accuracy", height=520)
    upper, lower = c.curve + c.curve_sd, c.curve - c.curve_sd
    fig.add_scatter(x=np.concatenate([c.grid, c.grid[::-1]]), y=np.concatenate([upper, lower[::-1]]),
                    fill="toself", fillcolor="rgba(86,180,233,0.25)", line=dict(width=0), hoverinfo="skip",
                    mode="lines", name="± one standard deviation over the folds")
    fig.add_scatter(x=c.grid, y=c.curve, mode="lines+markers", name=f"mean over {PCA_FOLDS} folds",
                    line=dict(color=BLUE),
                    hovertemplate="%{x} components: %{y:.1%}<extra></extra>")
    fig.add_scatter(x=[c.grid[0], c.grid[-1]], y=[c.all_accuracy] * 2, mode="lines",
                    line=dict(color=GREY, dash="dash"),
                    name=f"every column, no PCA ({_percent(c.all_accuracy)})", hoverinfo="skip")
    fig.add_scatter(x=[c.components], y=[c.cv_accuracy], mode="markers", name=f"{c.components} components kept",
                    marker=dict(symbol="star", size=22, color=VERMILLION, line=dict(color=BLACK, width=1.5)),
                    cliponaxis=False)
    fig.update_xaxes(range=[0.5, c.n_features + 0.5])
    fig.update_yaxes(tickformat=".0%")
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=150))
    return fig.build()


def variance_figure(r: Result) -> go.Figure:
    """The share of the variance each component holds, and the running total."""
    c = r.pca
    n = np.arange(1, c.n_features + 1)
    each = np.diff(np.concatenate([[0.0], c.explained]))
    fig = figure(f"The first {c.components} hold {c.explained_kept:.0%} of the variance", "component",
                 "share of the variance", height=420)
    fig.add_trace(dict(type="bar", x=n, y=each, name="each component",
                       marker=dict(color=[BLUE if i <= c.components else SKY for i in n]),
                       hovertemplate="component %{x}: %{y:.1%}<extra></extra>"))
    fig.add_scatter(x=n, y=c.explained, mode="lines+markers", name="running total", line=dict(color=BLACK),
                    hovertemplate="first %{x}: %{y:.1%}<extra></extra>")
    fig.update_yaxes(tickformat=".0%", range=[0, 1.04])
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=130))
    return fig.build()


def projection_figure(r: Result) -> go.Figure:
    """Every row on the first two components, coloured by class."""
    c = r.pca
    fig = figure("The rows on the first two components", "component 1", "component 2", height=420)
    for k, name in enumerate(c.class_names):
        rows = c.y == k
        fig.add_scatter(x=c.projected[rows, 0], y=c.projected[rows, 1], mode="markers", name=name,
                        marker=dict(color=CLASS_COLOURS[k % len(CLASS_COLOURS)], size=7, opacity=0.7),
                        hoverinfo="skip")
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=130))
    return fig.build()


# ---- selection among noise ----

def kept_figure(r: Result) -> go.Figure:
    """Which columns each method keeps: the table's real ones, then the noise."""
    s = r.selection
    rows = [f"{m.name.split(' (')[0]}: {s.noise_kept(m)} noise" for m in s.methods]
    kept = np.array([m.kept for m in s.methods], float)
    noise = np.arange(s.n_features) >= s.n_real
    z = np.where(kept == 0, 0.0, np.where(noise, 2.0, 1.0))[::-1]  # the first method at the top
    counts = [s.noise_kept(m) for m in s.methods]
    title = (f"Noise columns kept, of {s.n_noise}: " + ", ".join(map(str, counts))
             if s.n_noise else "Which columns each method keeps")
    fig = figure(title, f"column: the table's {s.n_real}, then {s.n_noise} of noise", "", height=420)
    fig.add_trace(dict(
        type="heatmap", z=z, x=np.arange(1, s.n_features + 1), y=rows[::-1], zmin=0, zmax=2, showscale=False,
        colorscale=[[0, DROPPED], [1 / 3, DROPPED], [1 / 3, REAL], [2 / 3, REAL], [2 / 3, NOISE], [1, NOISE]],
        xgap=1, ygap=4, customdata=np.tile(np.array(s.names, dtype=object), (len(rows), 1)),
        hovertemplate="%{customdata}<extra>%{y}</extra>", name="kept",
    ))
    if s.n_noise:
        fig.add_shape(type="line", x0=s.n_real + 0.5, x1=s.n_real + 0.5, y0=0, y1=1, yref="paper",
                      line=dict(color=BLACK, width=3))
    for name, colour in (("kept, real", REAL), ("kept, noise", NOISE), ("left out", DROPPED)):
        fig.add_scatter(x=[None], y=[None], mode="markers", name=name,
                        marker=dict(symbol="square", size=16, color=colour, line=dict(color=GREY, width=1)))
    fig.update_xaxes(showgrid=False, range=[0.5, s.n_features + 0.5])
    fig.update_yaxes(showgrid=False, type="category")
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=130))
    return fig.build()


def rfecv_figure(r: Result) -> go.Figure:
    """RFECV's curve: cross-validated accuracy against the number of features kept."""
    s = r.selection
    fig = figure(f"RFECV keeps {s.rfecv_best} of {s.n_features}", "features kept", "cross-validated accuracy",
                 height=420)
    sizes = s.rfecv_sizes
    upper, lower = s.rfecv_mean + s.rfecv_sd, s.rfecv_mean - s.rfecv_sd
    fig.add_scatter(x=np.concatenate([sizes, sizes[::-1]]), y=np.concatenate([upper, lower[::-1]]),
                    fill="toself", fillcolor="rgba(86,180,233,0.25)", line=dict(width=0), hoverinfo="skip",
                    mode="lines", name="± one standard deviation")
    fig.add_scatter(x=sizes, y=s.rfecv_mean, mode="lines+markers", name=f"mean over {SELECTION_FOLDS} folds",
                    line=dict(color=BLUE),
                    hovertemplate="%{x} features: %{y:.1%}<extra></extra>")
    best = s.method("RFECV")
    fig.add_scatter(x=[s.rfecv_best], y=[best.cv_accuracy], mode="markers", name="the size it keeps",
                    marker=dict(symbol="star", size=22, color=VERMILLION, line=dict(color=BLACK, width=1.5)),
                    cliponaxis=False)
    fig.update_yaxes(tickformat=".0%")
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=130))
    return fig.build()


def scores_figure(r: Result) -> go.Figure:
    """Each pipeline's cross-validated accuracy, the selection inside every fold."""
    s = r.selection
    methods = (s.every, *s.methods)[::-1]  # plotly draws the first bar at the bottom
    names = [m.name.split(" (")[0] for m in methods]
    scored = [m.cv_accuracy for m in methods if m.cv_accuracy is not None]
    fig = figure(f"Cross-validated accuracy, {SELECTION_FOLDS} folds", "accuracy", "", height=420)
    fig.add_trace(dict(
        type="bar", orientation="h", y=names, x=[m.cv_accuracy or 0.0 for m in methods],
        text=[f"{_percent(m.cv_accuracy)}, {s.noise_kept(m)} noise" if m.cv_accuracy is not None
              else "no column kept" for m in methods],
        textposition="inside", insidetextanchor="end", textfont=dict(color="white", size=16),
        marker=dict(color=[GREY if m is s.every else BLUE for m in methods]),
        customdata=[m.n_kept for m in methods], showlegend=False, name="accuracy",
        hovertemplate="%{y}: %{text}, %{customdata} columns kept<extra></extra>",
    ))
    low = min(scored)
    fig.update_xaxes(tickformat=".0%", range=[max(0.0, low - 0.15), 1.0])
    fig.update_yaxes(type="category", showgrid=False)
    return fig.build()


# ---- impurity against permutation ----

def importance_figure(r: Result) -> go.Figure:
    """Three rankings of the same columns, sorted by impurity-based importance."""
    m = r.importance
    order = np.argsort(m.mdi)  # plotly draws the first bar at the bottom: the largest ends on top
    names = [m.names[i] for i in order]
    colours = [NOISE if i >= m.n_real else REAL for i in order]
    rank = m.rank(m.mdi, m.number)
    fig = figure(f"MDI ranks the random number {ordinal(rank)} of {len(m.names)}", "", "", height=560)
    panels = (("impurity (MDI)", "share of the impurity removed", m.mdi[order], None),
              ("shuffled: test rows", "accuracy lost", m.test_mean[order], m.test.std(axis=1)[order]),
              ("shuffled: training rows", "accuracy lost", m.train_mean[order], m.train.std(axis=1)[order]))
    for i, (label, units, values, spread) in enumerate(panels):
        axis = "" if i == 0 else str(i + 1)
        trace = dict(type="bar", orientation="h", x=values, y=names, marker=dict(color=colours),
                     xaxis=f"x{axis}", yaxis=f"y{axis}", showlegend=False, name=label,
                     hovertemplate=f"%{{y}}: %{{x:.3f}}<extra>{label}</extra>")
        if spread is not None:
            trace["error_x"] = dict(type="data", array=spread, color=GREY, thickness=1.5)
        fig.add_trace(trace)
        lo, hi = 0.34 * i, 0.34 * i + 0.3
        # Each panel named above it, where a reader looks first (its axis title is below).
        fig.add_annotation(text=f"<b>{label}</b>", xref="paper", yref="paper", x=(lo + hi) / 2, y=1.0,
                           xanchor="center", yanchor="bottom", showarrow=False, font=dict(size=15))
        fig.update_layout(**{f"xaxis{axis}": dict(domain=[lo, hi], anchor=f"y{axis}", zeroline=True,
                                                  zerolinecolor=GREY,
                                                  title=dict(text=units, font=dict(size=15))),
                             f"yaxis{axis}": dict(anchor=f"x{axis}", type="category", showgrid=False,
                                                  showticklabels=i == 0,
                                                  **({} if i == 0 else {"matches": "y"}))})
    for name, colour in (("real column", REAL), ("random column", NOISE)):
        fig.add_scatter(x=[None], y=[None], mode="markers", name=name,
                        marker=dict(symbol="square", size=16, color=colour))
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=140, t=100))
    return fig.build()


def repeats_figure(r: Result) -> go.Figure:
    """Every shuffle's accuracy loss on the test rows, column by column: how far from zero
    chance alone carries a column that does nothing."""
    m = r.importance
    order = np.argsort(m.test_mean)
    fig = figure("Each shuffle of the test rows", "test accuracy lost when the column is shuffled", "",
                 height=460)
    for name, colour, noise in (("real column", REAL, False), ("random column", NOISE, True)):
        rows = [i for i in order if (i >= m.n_real) == noise]
        fig.add_scatter(x=m.test[rows].ravel(), y=np.repeat([m.names[i] for i in rows], m.test.shape[1]),
                        mode="markers", name=name, marker=dict(color=colour, size=11, opacity=0.8,
                                                               line=dict(color=BLACK, width=1)),
                        hovertemplate="%{y}: %{x:.3f}<extra>one shuffle</extra>")
    fig.add_shape(type="line", x0=0, x1=0, y0=0, y1=1, yref="paper",
                  line=dict(color=GREY, dash="dash", width=2))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=[m.names[i] for i in order],
                     showgrid=False)
    fig.update_xaxes(tickformat=".0%")
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=130))
    return fig.build()


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---- selection inside against outside cross-validation ----

OUTSIDE, INSIDE = "chosen on every row, then CV", "chosen inside each fold"


def leak_figure(r: Result) -> go.Figure:
    """Each fold's accuracy on pure noise, with the features chosen before the folds or in them."""
    s = r.leakage
    fig = figure(f"Pure noise: {_percent(s.outside_accuracy)} outside, {_percent(s.inside_accuracy)} inside",
                 "", "accuracy on the fold's test rows", height=520)
    # The folds side by side within their bar: folds with the same score stay apart.
    spread = np.linspace(-0.16, 0.16, len(s.outside))
    for x, (name, scores, colour) in enumerate(((OUTSIDE, s.outside, VERMILLION), (INSIDE, s.inside, BLUE))):
        fig.add_trace(dict(type="bar", x=[x], y=[scores.mean()], width=0.55,
                           marker=dict(color=colour, opacity=0.3), text=[f"mean {_percent(scores.mean())}"],
                           textposition="inside", insidetextanchor="start",
                           textfont=dict(size=17, color=BLACK), name=f"{name}: mean", showlegend=False,
                           hovertemplate="mean %{y:.1%}<extra></extra>"))
        fig.add_scatter(x=x + spread, y=scores, mode="markers", name=f"{name}: each fold",
                        marker=dict(color=colour, size=15, line=dict(color=BLACK, width=1)), showlegend=False,
                        hovertemplate="a fold: %{y:.1%}<extra></extra>")
    fig.add_shape(type="line", x0=0, x1=1, xref="paper", y0=s.chance, y1=s.chance,
                  line=dict(color=BLACK, dash="dash", width=3))
    fig.add_scatter(x=[None], y=[None], mode="lines", line=dict(color=BLACK, dash="dash", width=3),
                    name=f"chance: the larger class, {_percent(s.chance)}")
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    fig.update_xaxes(tickvals=[0, 1], ticktext=[OUTSIDE, INSIDE], range=[-0.5, 1.5], showgrid=False)
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=130))
    return fig.build()


def leak_curve_figure(r: Result) -> go.Figure:
    """Mean accuracy against the number of noise features chosen (a few k), both ways."""
    s = r.leakage
    fig = figure(f"The gap as k grows ({s.features:,} columns)", "features chosen k (log scale)",
                 "cross-validated accuracy", height=420)
    for name, curve, colour in ((OUTSIDE, s.outside_curve, VERMILLION), (INSIDE, s.inside_curve, BLUE)):
        fig.add_scatter(x=s.ks, y=curve, mode="lines+markers", name=name, line=dict(color=colour),
                        hovertemplate=f"k = %{{x}}: %{{y:.1%}}<extra>{name}</extra>")
    fig.add_scatter(x=[s.ks[0], s.ks[-1]], y=[s.chance] * 2, mode="lines", name="chance",
                    line=dict(color=BLACK, dash="dash"), hoverinfo="skip")
    # The current k as a line of data points: shapes and annotations on a log axis take
    # the logarithm of their position, a trace takes the value itself.
    fig.add_scatter(x=[s.k, s.k], y=[0.2, 1.04], mode="lines", name=f"current k = {s.k}",
                    line=dict(color=GREY, dash="dot", width=2), hoverinfo="skip")
    fig.update_xaxes(type="log", tickvals=s.ks, ticktext=[str(k) for k in s.ks])
    fig.update_yaxes(tickformat=".0%", range=[0.2, 1.04])
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=130))
    return fig.build()



def main_figure(r: Result) -> go.Figure:
    """The view's main chart."""
    return {"polynomial features": poly_figure, "PCA as features": pca_figure,
            "selection among noise": kept_figure, "impurity vs permutation": importance_figure,
            "selection inside CV": leak_figure}[r.view](r)
