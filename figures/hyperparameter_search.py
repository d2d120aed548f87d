"""Figures for the hyperparameter-search explorer: pure ``Result -> plotly Figure`` functions."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.hyperparameter_search import NAMES, ONE, STRATEGIES, Result, Search
from figures.theme import BLACK, BLUE, GREEN, ORANGE, VERMILLION, figure

COLOURS = {"grid": BLUE, "random": ORANGE, "halving": GREEN, "TPE": VERMILLION}
SYMBOLS = {"grid": "square", "random": "circle", "halving": "diamond", "TPE": "triangle-up"}
# Greys from white (a tenth right: chance, for ten classes) to a mid grey (all right): light
# enough that every search's coloured markers stand out on the best of it.
ACCURACY_SCALE = [[0.0, "#FFFFFF"], [1.0, "#6E6E6E"]]
SCORE_SCALE = ACCURACY_SCALE


def _decades(lo: float, hi: float) -> dict:
    """Ticks at whole decades of an axis drawn in log10 units: 10⁻², 10⁻¹, 1, 10 ..."""
    ticks = list(range(int(np.ceil(lo)), int(np.floor(hi)) + 1))
    text = {0: "1", 1: "10"}
    return dict(tickvals=ticks, ticktext=[text.get(k, f"10<sup>{k}</sup>".replace("-", "−")) for k in ticks])


def _name(s: Search) -> str:
    if s.name == "halving":
        counts = [int(np.sum(s.samples == n)) for n in np.unique(s.samples)]
        return f"{NAMES[s.name]} ({' → '.join(map(str, counts))} settings)"
    return f"{NAMES[s.name]} ({s.settings} settings)"


def landscape_figure(r: Result) -> go.Figure:
    """The cross-validation landscape, and the settings each search tried on it."""
    f = r.searches
    fig = figure("Where each search looked, on the CV map",
                 "C (log scale)", "gamma (log scale)", height=560)
    fig.add_trace(dict(
        type="heatmap", x=f.c_axis, y=f.gamma_axis, z=f.scores, zmin=0.1, zmax=1.0,
        colorscale=ACCURACY_SCALE, name="CV accuracy",
        colorbar=dict(title=dict(text="CV accuracy", side="right"), thickness=14, len=0.9, tickformat=".0%"),
        hovertemplate="C 10<sup>%{x:.3g}</sup>, gamma 10<sup>%{y:.3g}</sup>: %{z:.1%}<extra></extra>",
    ))
    # The search in focus last, so that it is drawn on top of the others.
    order = [name for name in STRATEGIES if name != f.focus] + [f.focus]
    for name in order:
        s, on = f.run(name), name == f.focus
        size = 14 if on else 11
        if name == "halving":  # each candidate once, larger the further it got
            rounds = {n: i for i, n in enumerate(np.unique(s.samples).tolist())}
            reached = {}
            for c, g, n in zip(s.c.tolist(), s.gamma.tolist(), s.samples.tolist()):
                reached[(c, g)] = rounds[n]
            xs, ys = zip(*reached)
            sizes = [size * (0.55 + 0.45 * i / max(1, len(rounds) - 1)) for i in reached.values()]
        else:
            xs, ys, sizes = s.c, s.gamma, size
        fig.add_scatter(
            x=np.asarray(xs), y=np.asarray(ys), mode="markers", name=_name(s),
            opacity=1.0 if on else 0.75,
            marker=dict(symbol=SYMBOLS[name], size=sizes, color=COLOURS[name],
                        line=dict(color=BLACK, width=1.5 if on else 0.8)),
            hovertemplate=f"{NAMES[name]}<br>C 10<sup>%{{x:.3g}}</sup>, gamma 10<sup>%{{y:.3g}}</sup>"
                          "<extra></extra>",
        )
    best = f.in_focus
    fig.add_scatter(x=[best.c[best.best]], y=[best.gamma[best.best]], mode="markers",
                    name=f"best of {NAMES[best.name]}: {best.best_score:.1%}",
                    marker=dict(symbol="star", size=24, color=COLOURS[best.name],
                                line=dict(color=BLACK, width=2)),
                    hoverinfo="skip")
    fig.add_scatter(x=[f.top_c], y=[f.top_gamma], mode="markers",
                    name=f"best of all {f.cells:,} cells: {f.top:.1%}", hoverinfo="skip",
                    marker=dict(symbol="circle-open", size=26, color=BLACK, line=dict(width=3)))
    fig.update_xaxes(range=[f.c_axis[0] - 0.2, f.c_axis[-1] + 0.2], **_decades(f.c_axis[0], f.c_axis[-1]))
    fig.update_yaxes(range=[f.gamma_axis[0] - 0.2, f.gamma_axis[-1] + 0.2],
                     **_decades(f.gamma_axis[0], f.gamma_axis[-1]))
    fig.update_layout(legend=dict(orientation="h", y=-0.2, x=0.0))
    return fig.build()


def progress_figure(r: Result) -> go.Figure:
    """The best cross-validated accuracy each search has found, against the fits it spent,
    drawn as its error (1 − accuracy) on a log scale: near the top of the map the searches
    differ by tenths of a point, which a linear accuracy axis from chance up would flatten."""
    f = r.searches
    fig = figure("Best CV error so far (1 − accuracy)", "fits spent", "CV error (log scale)", height=440)
    for name in STRATEGIES:
        s, on = f.run(name), name == f.focus
        halving = name == "halving"
        error = 1 - s.curve_y
        label = f"{NAMES[name]}: each round's best, on its samples" if halving else NAMES[name]
        fig.add_scatter(
            x=s.curve_x, y=error, customdata=np.column_stack([s.curve_y, _round_samples(s)]),
            mode="lines+markers" if halving else "lines", name=label,
            line=dict(color=COLOURS[name], width=5 if on else 3, shape="linear" if halving else "hv"),
            marker=dict(symbol=SYMBOLS[name], size=12, color=COLOURS[name], line=dict(color=BLACK, width=1)),
            hovertemplate=("error %{y:.1%} (accuracy %{customdata[0]:.1%}) on %{customdata[1]} samples, "
                           f"%{{x:.0f}} fits<extra>{NAMES[name]}</extra>"),
        )
    # A trace, not a shape, so that the legend names it: no label can sit on the lines.
    fig.add_scatter(x=[0, f.budget * 1.03], y=[1 - f.top] * 2, mode="lines", hoverinfo="skip",
                    name=f"best of all {f.cells:,} cells: error {1 - f.top:.1%}",
                    line=dict(color=BLACK, width=2, dash="dash"))
    fig.update_xaxes(range=[0, f.budget * 1.03])
    # 1-2-5 ticks written as percentages: the errors span two decades, from 1% to 100%.
    fig.update_yaxes(type="log", range=[np.log10(0.8 * (1 - f.top)), 0], dtick="D2", tickformat=".0%")
    fig.update_layout(legend=dict(orientation="h", y=-0.2, x=0.0))
    return fig.build()


def _round_samples(s: Search) -> np.ndarray:
    """The samples behind each point of a search's curve (halving: each round's)."""
    if s.name != "halving":
        return s.samples
    return s.samples[np.flatnonzero(np.append(np.diff(s.samples) != 0, True))]


def coverage_figure(r: Result) -> go.Figure:
    """Bergstra & Bengio: a k × k grid and k² random draws on a score set mostly by one
    parameter, with each search's shadow on that parameter's axis as a rug beneath."""
    c = r.coverage
    fig = figure(f"{c.side} × {c.side} grid against {c.side * c.side} random draws",
                 "parameter 1 (important)", "parameter 2", height=560)
    fig.add_trace(dict(
        type="heatmap", x=c.axis, y=c.axis, z=c.surface, zmin=0.0, zmax=1.0, colorscale=SCORE_SCALE,
        name="score", colorbar=dict(title=dict(text="score", side="right"), thickness=14, len=0.75, y=0.6),
        hovertemplate="parameter 1 %{x:.2f}, parameter 2 %{y:.2f}: score %{z:.2f}<extra></extra>",
    ))
    for name, t in (("grid", c.grid), ("random", c.random)):
        fig.add_scatter(x=t.x, y=t.y, mode="markers", name=f"{NAMES[name]}: best {t.best_score:.2f}",
                        marker=dict(symbol=SYMBOLS[name], size=12, color=COLOURS[name],
                                    line=dict(color=BLACK, width=1)),
                        hovertemplate=f"{NAMES[name]}: score %{{customdata:.2f}}<extra></extra>",
                        customdata=t.score)
    # The rugs: each search's values of the important parameter, below the square.
    for name, t, y in (("grid", c.grid, -0.08), ("random", c.random, -0.17)):
        fig.add_scatter(x=t.x, y=np.full(len(t.x), y), mode="markers", showlegend=False,
                        name=f"{NAMES[name]}: {t.distinct} distinct values",
                        marker=dict(symbol="line-ns-open", size=16, color=COLOURS[name], line=dict(width=3)),
                        hovertemplate="%{x:.3f}<extra>" + NAMES[name] + "</extra>")
        fig.add_annotation(text=f"{name}: {t.distinct} values", x=1.0, xref="paper", y=y, xanchor="left",
                           showarrow=False, font=dict(size=14, color=COLOURS[name]))
    fig.update_xaxes(range=[-0.03, 1.03])
    fig.update_yaxes(range=[-0.22, 1.03], tickvals=[0, 0.25, 0.5, 0.75, 1])
    fig.update_layout(legend=dict(orientation="h", y=-0.2, x=0.0), margin=dict(r=130))
    return fig.build()


def projection_figure(r: Result) -> go.Figure:
    """Every point tried, seen along the important parameter: the score it got against where
    it sits, with the best score reachable at each value as the ceiling."""
    c = r.coverage
    fig = figure("Seen along the important parameter", "parameter 1 (important)", "score", height=440)
    fig.add_scatter(x=c.axis, y=c.profile, mode="lines", name="best score at each value",
                    line=dict(color=BLACK, width=3), hoverinfo="skip")
    for name, t in (("grid", c.grid), ("random", c.random)):
        fig.add_scatter(x=t.x, y=t.score, mode="markers", name=f"{NAMES[name]} ({t.distinct} distinct values)",
                        marker=dict(symbol=SYMBOLS[name], size=12, color=COLOURS[name],
                                    line=dict(color=BLACK, width=1)),
                        hovertemplate=f"%{{x:.3f}}: score %{{y:.2f}}<extra>{NAMES[name]}</extra>")
    fig.update_xaxes(range=[-0.03, 1.03])
    fig.update_yaxes(range=[-0.03, 1.05])
    fig.update_layout(legend=dict(orientation="h", y=-0.2, x=0.0))
    return fig.build()


def main_figure(r: Result) -> go.Figure:
    """The view's main chart."""
    return coverage_figure(r) if r.view == ONE else landscape_figure(r)
