"""Figures for the random-forest explorer: the forest's boundary, a few of its trees on
their own, and accuracy and the vote's spread as trees are added."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.random_forest import MAX_TREES, Result
from figures.classify import CLASS_COLOURS, boundary_plot, shade_values, shading
from figures.theme import BLACK, BLUE, GREEN, GREY, VERMILLION, Plot, figure

# Log axes take log10 units for their range.
TREES_RANGE = [-0.05, np.log10(MAX_TREES) + 0.05]


def forest_figure(r: Result) -> go.Figure:
    fig = boundary_plot(r.split, r.scores, f"The forest ({r.kind}, {r.n_trees} trees): "
                                           f"test accuracy {r.test_accuracy:.1%}")
    return fig.build()


def trees_figure(r: Result, height: int = 360) -> go.Figure:
    """The first few trees' boundaries side by side, with the training points.

    As in ``boundary_plot``, the layers go as float32 shading and int8 classes: four
    trees' 100 x 100 grids in float64 were most of this page's bytes."""
    s, n = r.split, len(r.trees)
    stops, zmin, zmax = shading(s.n_classes)
    gap = 0.03
    width = (1 - gap * (n - 1)) / n
    fig = Plot(height=height, showlegend=False, margin=dict(l=20, r=20, t=70, b=20),
               title=dict(text="Single trees of the same forest, each on its own"))
    for i, tree in enumerate(r.trees):
        axis = "" if i == 0 else str(i + 1)
        x0 = i * (width + gap)
        fig.update_layout(**{
            f"xaxis{axis}": dict(domain=[x0, x0 + width], range=[s.grid_x[0], s.grid_x[-1]],
                                 showticklabels=False, showgrid=False, ticks="", automargin=False),
            f"yaxis{axis}": dict(anchor=f"x{axis}", range=[s.grid_y[0], s.grid_y[-1]],
                                 showticklabels=False, showgrid=False, ticks="", automargin=False),
        })
        where = dict(xaxis=f"x{axis}", yaxis=f"y{axis}")
        fig.add_trace(dict(
            type="heatmap", x=s.grid_x, y=s.grid_y, z=shade_values(tree.grid_class, tree.grid_confidence, s.n_classes).astype(np.float32),
            zmin=zmin, zmax=zmax, colorscale=stops, showscale=False, name=f"tree {tree.index}",
            hovertemplate=f"tree {tree.index}<extra></extra>", **where))
        fig.add_trace(dict(
            type="contour", x=s.grid_x, y=s.grid_y, z=tree.grid_class.astype(np.int8), showscale=False, hoverinfo="skip",
            contours=dict(coloring="none", start=0.5, end=max(0.5, s.n_classes - 1.5), size=1),
            line=dict(color=BLACK, width=1.5), name=f"tree {tree.index} boundary", **where))
        for c in range(s.n_classes):
            mine = s.y_train == c
            fig.add_scatter(x=s.X_train[mine, 0], y=s.X_train[mine, 1], mode="markers", hoverinfo="skip",
                            name=f"{s.class_names[c]}, train",
                            marker=dict(size=4, color=CLASS_COLOURS[c % len(CLASS_COLOURS)]), **where)
        fig.add_annotation(text=f"tree {tree.index}: test {tree.test_accuracy:.1%}", showarrow=False,
                           x=0.5, y=1.0, xref=f"x{axis} domain", yref=f"y{axis} domain", yanchor="bottom",
                           font=dict(size=16))
    return fig.build()


def accuracy_figure(r: Result) -> go.Figure:
    fig = figure("Accuracy as trees are added", "trees in the forest (log scale)", "accuracy")
    fig.add_scatter(x=r.curve_trees, y=r.curve_train, mode="lines", name="train", line=dict(color=BLUE),
                    hovertemplate="%{x} trees: train %{y:.3f}<extra></extra>")
    fig.add_scatter(x=r.curve_trees, y=r.curve_test, mode="lines", name="test", line=dict(color=VERMILLION),
                    hovertemplate="%{x} trees: test %{y:.3f}<extra></extra>")
    if len(r.oob_trees):
        fig.add_scatter(x=r.oob_trees, y=r.oob_curve, mode="lines", name="out-of-bag", line=dict(color=GREEN),
                        hovertemplate="%{x} trees: out-of-bag %{y:.3f}<extra></extra>")
    fig.add_scatter(x=[1, MAX_TREES], y=[r.mean_tree_accuracy] * 2, mode="lines",
                    name="one tree, test (mean)", line=dict(color=GREY, width=2, dash="dot"),
                    hovertemplate="a single tree, on average: %{y:.3f}<extra></extra>")
    _mark(fig, r.n_trees, r.curve_test.min(), 1.0)
    fig.update_xaxes(type="log", range=TREES_RANGE)
    # Below the axis: inside, it would cover the curves, which fill the plot.
    fig.update_layout(height=520, legend=dict(orientation="h", x=0, y=-0.3, yanchor="top"))
    return fig.build()


def spread_figure(r: Result) -> go.Figure:
    fig = figure("How much the vote changes with the seed", "trees in the forest (log scale)",
                 "spread of the vote (std over seeds)")
    fig.add_scatter(x=r.curve_trees, y=r.spread, mode="lines", name="predicted: one tree's ÷ √trees",
                    line=dict(color=VERMILLION),
                    hovertemplate="%{x} trees: ± %{y:.3f} (predicted)<extra></extra>")
    fig.add_scatter(x=r.measured_trees, y=r.measured_spread, mode="markers", name="measured over forests",
                    marker=dict(color=BLACK, size=11, symbol="diamond"),
                    hovertemplate="%{x} trees: ± %{y:.3f}, measured across disjoint forests<extra></extra>")
    fig.add_scatter(x=[1, MAX_TREES], y=[r.tree_spread] * 2, mode="lines", name="one tree",
                    line=dict(color=GREY, width=2, dash="dot"), hoverinfo="skip")
    _mark(fig, r.n_trees, 0.0, r.tree_spread)
    fig.update_xaxes(type="log", range=TREES_RANGE)
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(height=520, legend=dict(orientation="h", x=0, y=-0.3, yanchor="top"))
    return fig.build()


def _mark(fig: Plot, m: int, lo: float, hi: float) -> None:
    # A line trace, not a shape: shapes on a log axis take log10 units.
    fig.add_scatter(x=[m, m], y=[lo, hi], mode="lines", name=f"now: {m} trees",
                    line=dict(color=BLACK, width=2, dash="dash"), hoverinfo="skip")
