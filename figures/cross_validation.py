"""Figures for the cross-validation explorer: pure ``Result -> plotly Figure`` functions.

Every fold view paints a row's role the same way: blue trains, red tests, light grey is
left out (TimeSeriesSplit's future, the rows no ShuffleSplit split drew). Classes and groups
get colours of their own from the rest of the palette, so neither is mistaken for a role.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers._cv_folds import TEST, TRAIN
from explorers.cross_validation import Result
from figures.theme import (BLACK, BLUE, BROWN, GREEN, GREY, INDIGO, OLIVE, ORANGE, PURPLE, SKY, VERMILLION,
                           WINE, figure)

TRAIN_COLOUR, TEST_COLOUR, UNUSED_COLOUR = BLUE, VERMILLION, "#DDDDDD"
# Classes (at most six, datasets/tables.py) and groups (at most eight, the Groups slider):
# every colour but the roles' blue and red, so a bar is never read as a role.
BAR_COLOURS = (GREEN, ORANGE, PURPLE, SKY, WINE, INDIGO, OLIVE, BROWN)
GROUP_COLOURS = BAR_COLOURS[::-1]  # from the other end: a few classes and groups share no colour
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "star")
FOOT = dict(orientation="h", x=0.0, y=-0.2, yanchor="top")  # a legend below the plot (theme pins it)


def main_figure(r: Result) -> go.Figure:
    """The view's main chart."""
    return {"folds": index_map_figure, "spread": spread_figure, "leakage": leakage_figure,
            "nested": nested_figure}[r.view](r)


def _discrete(colours) -> list:
    """A colour scale giving the integers 0, 1, ... len - 1 one flat colour each."""
    n = len(colours)
    return [stop for i, c in enumerate(colours) for stop in ([i / n, c], [(i + 1) / n, c])]


def _swatch(fig, name: str, colour: str, symbol: str = "square") -> None:
    """A legend entry for a colour drawn in a heatmap (which has none of its own)."""
    fig.add_scatter(x=[None], y=[None], mode="markers", name=name,
                    marker=dict(symbol=symbol, size=16, color=colour, line=dict(color=BLACK, width=1)))


def _pct(share: float) -> str:
    return f"{share:.0%}" if abs(share * 100 - round(share * 100)) < 1e-9 else f"{share:.1%}"


# ---- folds ----

def index_map_figure(r: Result) -> go.Figure:
    """scikit-learn's "Visualizing cross-validation behavior", live: one row per fold, each
    row of the data coloured by its role, with the class and the group of every row below."""
    f = r.folds
    d, k, n = f.data, f.n_splits, len(f.data.y)
    fig = figure(f"{f.splitter}: {k} folds of {n} rows", "row of the data (its index)", "fold", height=520)
    fig.add_trace(dict(
        type="heatmap", x=np.arange(n), y=np.arange(1, k + 1), z=f.roles, zmin=-0.5, zmax=2.5,
        colorscale=_discrete((UNUSED_COLOUR, TRAIN_COLOUR, TEST_COLOUR)), showscale=False, name="folds",
        hovertemplate="row %{x}, fold %{y}<extra></extra>"))
    # Two bars under the folds, after a gap; as tall as a fold, or more where folds are many
    # (leave-one-out's), so that a bar and its label stay readable.
    bar = max(1.0, 0.08 * k)
    classes = k + 0.5 + bar
    groups = classes + bar
    for y, values, colours, what in ((classes, d.y, BAR_COLOURS, "class"),
                                     (groups, d.groups, GROUP_COLOURS, "group")):
        count = int(values.max()) + 1
        fig.add_trace(dict(
            type="heatmap", x=np.arange(n), y0=y, dy=bar, z=values[None, :].astype(np.int8), zmin=-0.5,
            zmax=count - 0.5, colorscale=_discrete(colours[:count]), showscale=False, name=what,
            hovertemplate=f"row %{{x}}: {what} %{{z}}<extra></extra>"))
    # The fold picked out on the scatter, framed.
    fig.add_shape(type="rect", x0=-0.5, x1=n - 0.5, y0=f.shown + 0.5, y1=f.shown + 1.5,
                  line=dict(color=BLACK, width=3))
    for name, colour, role in (("train", TRAIN_COLOUR, TRAIN), ("test", TEST_COLOUR, TEST),
                               ("not used", UNUSED_COLOUR, 0)):
        if np.any(f.roles == role):
            _swatch(fig, name, colour)
    for c, name in enumerate(d.class_names):
        _swatch(fig, name, BAR_COLOURS[c])
    ticks = list(range(1, k + 1)) if k <= 12 else sorted({1, *range(k // 4, k + 1, max(1, k // 4))})
    fig.update_yaxes(autorange="reversed", tickvals=[*ticks, classes, groups],
                     ticktext=[*map(str, ticks), "class", "group"], showgrid=False, zeroline=False)
    fig.update_xaxes(range=[-0.5, n - 0.5], showgrid=False)
    fig.update_layout(legend=FOOT)
    return fig.build()


def fold_scatter_figure(r: Result) -> go.Figure:
    """The data's scatter, with the chosen fold's training and test rows."""
    f = r.folds
    d, role = f.data, f.roles[f.shown]
    score = f.scores[f.shown]
    fig = figure(f"Fold {f.shown + 1} of {f.n_splits}: accuracy {_pct(score)}", d.feature_names[0],
                 d.feature_names[1], height=460)
    symbols = np.array(SYMBOLS)[d.y % len(SYMBOLS)]
    for name, colour, code, size in (("not used", GREY, 0, 7), ("train", TRAIN_COLOUR, TRAIN, 9),
                                     ("test", TEST_COLOUR, TEST, 12)):
        rows = role == code
        if not rows.any():
            continue
        fig.add_scatter(x=d.X[rows, 0], y=d.X[rows, 1], mode="markers", name=f"{name} ({int(rows.sum())})",
                        marker=dict(color=colour, size=size, symbol=symbols[rows],
                                    line=dict(color=BLACK if code == TEST else "white", width=1)),
                        hovertemplate=f"{name}<extra></extra>")
    for c, name in enumerate(d.class_names):  # the shapes stand for the classes
        fig.add_scatter(x=[None], y=[None], mode="markers", name=name,
                        marker=dict(symbol=SYMBOLS[c % len(SYMBOLS)] + "-open", size=12, color=BLACK))
    fig.update_layout(legend=FOOT)
    return fig.build()


def fold_scores_figure(r: Result) -> go.Figure:
    """Every fold's accuracy, their mean and the mean ± one standard deviation."""
    f = r.folds
    k = f.n_splits
    x = np.arange(1, k + 1)
    fig = figure(f"Each fold's accuracy: {_pct(f.mean)} ± {100 * f.sd:.0f} pp", "fold", "accuracy",
                 height=460)
    fig.add_shape(type="rect", x0=0.5, x1=k + 0.5, y0=f.mean - f.sd, y1=f.mean + f.sd, fillcolor=SKY,
                  opacity=0.25, line_width=0, layer="below")
    fig.add_scatter(x=[0.5, k + 0.5], y=[f.mean, f.mean], mode="lines", name=f"mean {_pct(f.mean)}",
                    line=dict(color=BLACK, width=3, dash="dash"))
    fig.add_scatter(x=[None], y=[None], mode="markers", name="mean ± sd",
                    marker=dict(symbol="square", size=16, color=SKY, opacity=0.5))
    unseen = f.unseen > 0
    detail = [f"{int(t.sum())} test rows" + (f", {u} of a class missing from training" if u else "")
              for t, u in zip(f.test_counts, f.unseen)]
    fig.add_scatter(x=x, y=f.scores, mode="markers", name="a fold's accuracy", customdata=detail,
                    marker=dict(color=np.where(unseen, TEST_COLOUR, BLACK), size=12 if k <= 50 else 6,
                                line=dict(color="white", width=1)),
                    hovertemplate="fold %{x}: accuracy %{y:.3f}, %{customdata}<extra></extra>")
    if unseen.any():
        _swatch(fig, "tests a class missing from training", TEST_COLOUR, symbol="circle")
    fig.add_scatter(x=[f.shown + 1], y=[f.scores[f.shown]], mode="markers", name=f"fold {f.shown + 1}",
                    marker=dict(symbol="circle-open", size=24, color=BLACK, line=dict(width=3)),
                    cliponaxis=False)
    fig.update_yaxes(range=[-0.05, 1.05], tickformat=".0%")
    fig.update_xaxes(range=[0.5, k + 0.5], dtick=1 if k <= 12 else None)
    fig.update_layout(legend=FOOT)
    return fig.build()


# ---- spread ----

def _jitter(count: int, width: float = 0.5) -> np.ndarray:
    """Offsets spreading ``count`` dots across ``width``, so equal scores stay apart."""
    return np.zeros(1) if count == 1 else (np.arange(count) / (count - 1) - 0.5) * width


def spread_figure(r: Result) -> go.Figure:
    """Every fold's accuracy at each k drawn, with each k's mean ± one standard deviation."""
    s = r.spread
    fig = figure(f"Fold accuracies, k = {', '.join(map(str, s.ks))} ({len(s.data.y):,} rows)",
                 "folds k (StratifiedKFold, shuffled)", "accuracy", height=500)
    fig.add_shape(type="rect", x0=s.k - 0.45, x1=s.k + 0.45, y0=0, y1=1, yref="paper", fillcolor=SKY,
                  opacity=0.2, line_width=0, layer="below")
    x = np.concatenate([k + _jitter(k) for k in s.ks])
    fig.add_scatter(x=x, y=s.fold_scores, mode="markers", name="a fold's accuracy", customdata=s.fold_k,
                    marker=dict(color=GREY, size=9, opacity=0.8, line=dict(color="white", width=0.5)),
                    hovertemplate="k = %{customdata}: accuracy %{y:.3f}<extra></extra>")
    fig.add_scatter(x=s.ks, y=s.means, mode="markers+lines", name="mean ± sd",
                    error_y=dict(type="data", array=s.sds, thickness=2.5, width=8, color=BLACK),
                    marker=dict(symbol="diamond", size=13, color=BLACK), line=dict(color=BLACK, width=1.5))
    fig.add_annotation(text=f"chosen: k = {s.k}", x=s.k, y=1, yref="paper", yanchor="bottom",
                       showarrow=False, font=dict(size=14))
    fig.update_yaxes(tickformat=".0%")
    fig.update_xaxes(tickvals=s.ks, range=[s.ks[0] - 0.6, s.ks[-1] + 0.6])
    fig.update_layout(legend=FOOT)
    return fig.build()


def spread_sd_figure(r: Result) -> go.Figure:
    """The fold accuracies' standard deviation, measured, beside a test fold's sampling noise."""
    s = r.spread
    fig = figure("Spread of the folds, and a fold's noise", "folds k", "standard deviation (pp)", height=460)
    fig.add_scatter(x=s.ks, y=100 * s.formula, mode="lines", name="formula: √(acc (1 − acc) / test rows)",
                    line=dict(color=ORANGE, width=3, dash="dash"),
                    hovertemplate="k = %{x}: %{y:.1f} pp<extra>formula</extra>")
    fig.add_scatter(x=s.ks, y=100 * s.sds, mode="markers+lines", name="measured across the folds",
                    marker=dict(size=11, color=BLACK), line=dict(color=BLACK, width=2),
                    hovertemplate="k = %{x}: %{y:.1f} pp<extra>measured</extra>")
    fig.add_shape(type="line", x0=s.k, x1=s.k, y0=0, y1=1, yref="paper", line=dict(color=BLACK, dash="dot"))
    fig.update_xaxes(tickvals=s.ks)
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(legend=FOOT)
    return fig.build()


# ---- leakage ----

OUTSIDE, INSIDE = "picked on all rows, then CV", "picked inside the pipeline"


def leakage_figure(r: Result) -> go.Figure:
    """Each fold's accuracy on pure noise, the columns picked before or inside cross-validation."""
    g = r.leakage
    fig = figure(f"{g.features:,} noise columns: {_pct(g.outside_mean)} against {_pct(g.inside_mean)}",
                 "", "accuracy", height=500)
    fig.add_shape(type="rect", x0=0, x1=1, xref="paper", y0=0.5 - g.band, y1=0.5 + g.band, fillcolor=GREY,
                  opacity=0.15, line_width=0, layer="below")
    fig.add_scatter(x=[-0.5, 1.5], y=[0.5, 0.5], mode="lines", name="chance: 50%",
                    line=dict(color=GREY, width=3, dash="dash"))
    fig.add_scatter(x=[None], y=[None], mode="markers", name="where chance lands 95% of the time",
                    marker=dict(symbol="square", size=16, color=GREY, opacity=0.3))
    for i, (name, scores, colour) in enumerate(((OUTSIDE, g.outside, VERMILLION), (INSIDE, g.inside, BLUE))):
        fig.add_scatter(x=i + _jitter(len(scores), 0.4), y=scores, mode="markers", name=f"{name}: each fold",
                        marker=dict(color=colour, size=13, line=dict(color="white", width=1)),
                        hovertemplate=f"{name}: %{{y:.3f}}<extra></extra>")
        fig.add_scatter(x=[i - 0.3, i + 0.3], y=[scores.mean()] * 2, mode="lines", showlegend=False,
                        line=dict(color=colour, width=5), hovertemplate=f"mean %{{y:.3f}}<extra>{name}</extra>")
    fig.update_xaxes(tickvals=[0, 1], ticktext=["picked on all rows,<br>then cross-validated",
                                                "picked inside<br>the pipeline"], range=[-0.6, 1.6],
                     showgrid=False)
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%")
    fig.update_layout(legend=FOOT)
    return fig.build()


def leakage_sweep_figure(r: Result) -> go.Figure:
    """The two mean accuracies as the noise columns multiply."""
    g = r.leakage
    fig = figure("The more noise searched, the bigger the leak", "noise columns (log scale)",
                 "mean accuracy", height=460)
    fig.add_shape(type="rect", x0=0, x1=1, xref="paper", y0=0.5 - g.band, y1=0.5 + g.band, fillcolor=GREY,
                  opacity=0.15, line_width=0, layer="below")
    fig.add_scatter(x=g.sweep, y=np.full(len(g.sweep), 0.5), mode="lines", name="chance",
                    line=dict(color=GREY, width=3, dash="dash"))
    for name, values, colour in ((OUTSIDE, g.sweep_outside, VERMILLION), (INSIDE, g.sweep_inside, BLUE)):
        fig.add_scatter(x=g.sweep, y=values, mode="markers+lines", name=name,
                        marker=dict(size=12, color=colour), line=dict(color=colour),
                        hovertemplate="%{x:,} columns: %{y:.3f}<extra></extra>")
    fig.add_shape(type="line", x0=g.features, x1=g.features, y0=0, y1=1, yref="paper",
                  line=dict(color=BLACK, dash="dot"))
    fig.update_xaxes(type="log")
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%")
    fig.update_layout(legend=FOOT)
    return fig.build()


# ---- nested ----

def nested_figure(r: Result) -> go.Figure:
    """best_score_ against the nested score, trial by trial, and their means."""
    m = r.nested
    trials = np.arange(1, len(m.trials) + 1)
    side = "above" if m.gap >= 0 else "below"
    fig = figure(f"best_score_: {abs(100 * m.gap):.1f} pp {side} nested", "trial (a new shuffle)",
                 "accuracy", height=500)
    for name, values, colour, symbol in (("non-nested: best_score_", m.best_scores, VERMILLION, "circle"),
                                         ("nested: cross_val_score of the search", m.nested_scores, BLUE,
                                          "diamond")):
        fig.add_scatter(x=trials, y=values, mode="markers+lines", name=name,
                        marker=dict(size=13, color=colour, symbol=symbol), line=dict(color=colour, width=2),
                        hovertemplate="trial %{x}: %{y:.3f}<extra></extra>")
        fig.add_scatter(x=[0.6, len(trials) + 0.4], y=[values.mean()] * 2, mode="lines", showlegend=False,
                        line=dict(color=colour, width=2, dash="dash"),
                        hovertemplate=f"mean %{{y:.3f}}<extra>{name}</extra>")
    fig.update_xaxes(dtick=1, range=[0.5, len(trials) + 0.5])
    fig.update_yaxes(tickformat=".0%")
    fig.update_layout(legend=FOOT)
    return fig.build()


def search_figure(r: Result) -> go.Figure:
    """Trial 1's grid search: each candidate's cross-validated score, the best of them (which
    is best_score_), and what each outer fold of the nested run picked and scored."""
    m = r.nested
    t = m.trials[0]
    values = np.asarray(m.values)
    fig = figure(f"Trial 1: the {len(values)} candidates searched", m.param, "accuracy", height=460)
    fig.add_scatter(x=values, y=t.mean_test, mode="markers+lines", name="a candidate's CV score",
                    marker=dict(size=11, color=GREY), line=dict(color=GREY, width=2),
                    hovertemplate=f"{m.param} = %{{x}}: %{{y:.3f}}<extra></extra>")
    fig.add_scatter(x=[values[t.best]], y=[t.best_score], mode="markers", name="the best: best_score_",
                    marker=dict(symbol="star", size=22, color=VERMILLION, line=dict(color=BLACK, width=1)))
    fig.add_scatter(x=t.picks, y=t.nested, mode="markers", name="outer folds: pick and score",
                    marker=dict(symbol="diamond", size=14, color=BLUE, line=dict(color=BLACK, width=1)),
                    customdata=np.arange(1, len(t.picks) + 1),
                    hovertemplate=f"outer fold %{{customdata}} picked {m.param} = %{{x}}, "
                                  "scored %{y:.3f} on rows it never saw<extra></extra>")
    fig.add_scatter(x=[values.min(), values.max()], y=[t.nested.mean()] * 2, mode="lines",
                    name=f"nested score {_pct(t.nested.mean())}", line=dict(color=BLUE, width=2, dash="dash"))
    fig.update_yaxes(tickformat=".0%")
    fig.update_layout(legend=FOOT)
    return fig.build()
