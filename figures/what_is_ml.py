"""Figures for "What is machine learning?": the table three ways, the agent's reward, the clusters
against the classes.

The main figure puts the three learners side by side on the same axes, so the eye goes
from one to the next over the same rows: the tree's regions in the classes' colours, the
k-means groups with no colours at all (the classes are hidden from it), and the agent's
choice in each cell of its grid.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.what_is_ml import WINDOW, Result
from figures.classify import CLASS_COLOURS, shade_values, shading
from figures.theme import BLACK, BLUE, GREEN, GREY, VERMILLION, Plot, figure

# Three panels across one figure, a gap between them for the ticks.
DOMAINS = ((0.0, 0.3), (0.35, 0.65), (0.7, 1.0))
PANELS = ("<b>Supervised</b><br>told every class",
          "<b>Unsupervised</b><br>told no class",
          "<b>Reinforcement</b><br>told right or wrong")
POINT = 8


def _colour(c: int) -> str:
    return CLASS_COLOURS[c % len(CLASS_COLOURS)]


def three_ways_figure(r: Result) -> go.Figure:
    """The tree's regions, the k-means groups and the agent's choices, over the same rows."""
    s = r.split
    fig = Plot(title=dict(text="One table, three ways to learn from it"), height=480,
               margin=dict(t=118, l=70, r=10))
    for i, (lo, hi) in enumerate(DOMAINS):
        suffix = "" if i == 0 else str(i + 1)
        fig.update_layout(**{
            f"xaxis{suffix}": dict(domain=[lo, hi], anchor=f"y{suffix}", showgrid=False,
                                   range=[s.grid_x[0], s.grid_x[-1]], title=dict(text=r.feature_names[0]),
                                   **({} if i == 0 else {"matches": "x"})),
            f"yaxis{suffix}": dict(anchor=f"x{suffix}", showgrid=False, range=[s.grid_y[0], s.grid_y[-1]],
                                   **({"title": dict(text=r.feature_names[1])} if i == 0
                                      else {"matches": "y", "showticklabels": False})),
        })
        fig.add_annotation(text=PANELS[i], xref="paper", yref="paper", x=(lo + hi) / 2, y=1.0,
                           xanchor="center", yanchor="bottom", showarrow=False, font=dict(size=16))
    _supervised(fig, r)
    _unsupervised(fig, r)
    _reinforcement(fig, r)
    fig.update_layout(legend=dict(orientation="h", x=0, y=-0.25, yanchor="top"), hovermode="closest")
    return fig.build()


def _supervised(fig: Plot, r: Result) -> None:
    s, k = r.split, r.n_classes
    stops, zmin, zmax = shading(k)
    fig.add_trace(dict(
        type="heatmap", x=s.grid_x, y=s.grid_y, zmin=zmin, zmax=zmax, colorscale=stops, showscale=False,
        z=shade_values(r.scores.grid_class, r.scores.grid_confidence, k).astype(np.float32),
        hoverinfo="skip", name="the tree's class",
    ))
    for c, name in enumerate(r.class_names):
        train, test = s.y_train == c, s.y_test == c
        fig.add_scatter(x=s.X_train[train, 0], y=s.X_train[train, 1], mode="markers", name=name,
                        legendgroup=name,
                        marker=dict(color=_colour(c), size=POINT, line=dict(color="white", width=0.8)),
                        hovertemplate=f"training row, {name}<extra></extra>")
        fig.add_scatter(x=s.X_test[test, 0], y=s.X_test[test, 1], mode="markers", name=f"{name}, test",
                        legendgroup=name, showlegend=False,
                        marker=dict(color="white", size=POINT + 1, line=dict(color=_colour(c), width=2.5)),
                        hovertemplate=f"test row, {name}<extra></extra>")
    # One legend entry says what hollow means, for this panel and the agent's.
    fig.add_scatter(x=[None], y=[None], mode="markers", name="test row (held back)",
                    marker=dict(color="white", size=POINT + 1, line=dict(color=BLACK, width=2.5)))


def _unsupervised(fig: Plot, r: Result) -> None:
    s, c = r.split, r.clusters
    fig.add_scatter(x=r.X[:, 0], y=r.X[:, 1], mode="markers", name="row, class hidden", xaxis="x2", yaxis="y2",
                    marker=dict(color=GREY, size=POINT, opacity=0.8, line=dict(color="white", width=0.6)),
                    customdata=c.labels + 1, hovertemplate="cluster %{customdata}<extra></extra>")
    # Each group's edge, drawn as the outline of where it is the nearest centre.
    for j in range(len(c.centres)):
        fig.add_trace(dict(
            type="contour", x=s.grid_x, y=s.grid_y, z=(c.grid_cluster == j).astype(np.int8),
            contours=dict(coloring="none", start=0.5, end=0.5, size=1), line=dict(color=BLACK, width=2),
            showscale=False, hoverinfo="skip", xaxis="x2", yaxis="y2", name="k-means group edge",
            legendgroup="edge", showlegend=j == 0,
        ))
    fig.add_scatter(x=c.centres[:, 0], y=c.centres[:, 1], mode="markers+text", name="k-means centre",
                    xaxis="x2", yaxis="y2", text=[str(j + 1) for j in range(len(c.centres))],
                    textposition="top right", textfont=dict(size=18, color=BLACK),
                    marker=dict(symbol="x", size=16, color=BLACK, line=dict(color="white", width=1.5)),
                    hovertemplate="centre of cluster %{text}<extra></extra>")


def _reinforcement(fig: Plot, r: Result) -> None:
    a, s, k = r.agent, r.split, r.n_classes
    # In the tree's shades (one unit of z per class, stronger towards its top), at one
    # strength: the agent's choice is a choice, not a probability. Never tried is blank.
    stops, zmin, zmax = shading(k)
    z = np.where(a.policy >= 0, a.policy + 0.75, np.nan).astype(np.float32)
    names = np.array(r.class_names, dtype=object)[np.maximum(a.policy, 0)]
    names = np.where(a.policy >= 0, names, "never shown a row here")
    fig.add_trace(dict(
        type="heatmap", x=a.edges_x, y=a.edges_y, z=z, zmin=zmin, zmax=zmax, colorscale=stops,
        showscale=False, xaxis="x3", yaxis="y3", name="the agent's choice", xgap=1, ygap=1,
        customdata=names, hovertemplate="the agent picks %{customdata}<extra></extra>",
    ))
    for c, name in enumerate(r.class_names):
        test = s.y_test == c
        fig.add_scatter(x=s.X_test[test, 0], y=s.X_test[test, 1], mode="markers", name=f"{name}, test",
                        legendgroup=name, showlegend=False, xaxis="x3", yaxis="y3",
                        marker=dict(color="white", size=POINT + 1, line=dict(color=_colour(c), width=2.5)),
                        hovertemplate=f"test row, {name}<extra></extra>")
    # The grid's outline, so a blank cell reads as part of the agent's grid.
    fig.add_shape(type="rect", x0=a.edges_x[0], x1=a.edges_x[-1], y0=a.edges_y[0], y1=a.edges_y[-1],
                  xref="x3", yref="y3", line=dict(color=GREY, width=1.5, dash="dot"))


def reward_figure(r: Result) -> go.Figure:
    """The agent's reward per try as it learns, and how its choices score on the test rows."""
    a = r.agent
    fig = figure("The agent learns from reward alone", "try", "share right", height=440)
    tries = np.arange(1, len(a.rewards) + 1)
    fig.add_scatter(x=tries, y=a.moving, mode="lines", name=f"reward per try (last {WINDOW})",
                    line=dict(color=BLUE, width=2.5), hovertemplate="try %{x}: %{y:.2f}<extra></extra>")
    fig.add_scatter(x=a.checkpoints, y=a.checkpoint_accuracy, mode="lines+markers",
                    name="its choices on the test rows", line=dict(color=GREEN, width=2.5),
                    marker=dict(size=6), hovertemplate="after try %{x}: %{y:.1%}<extra></extra>")
    for value, name, colour, dash in ((r.test_accuracy, f"the tree on the test rows ({r.test_accuracy:.0%})",
                                       VERMILLION, "dash"),
                                      (1 / r.n_classes, f"guessing at random (1/{r.n_classes})", GREY, "dot")):
        fig.add_scatter(x=[1, len(tries)], y=[value, value], mode="lines", name=name,
                        line=dict(color=colour, width=2.5, dash=dash), hoverinfo="skip")
    fig.update_yaxes(range=[0, 1.04], tickformat=".0%")
    fig.update_xaxes(range=[1, len(tries)])
    fig.update_layout(legend=dict(orientation="h", x=0, y=-0.25, yanchor="top"))
    return fig.build()


def clusters_figure(r: Result) -> go.Figure:
    """Rows of each class in each k-means cluster: the classes brought back, after the fact."""
    c = r.clusters
    columns = [f"cluster {j + 1}" for j in range(c.contingency.shape[1])]
    fig = figure(f"Clusters against the classes: ARI {c.ari:.2f}", "k-means cluster (its own numbering)",
                 "class (hidden from it)", height=440)
    fig.add_trace(dict(
        type="heatmap", x=columns, y=list(r.class_names), z=c.contingency,
        colorscale=[[0, "#FFFFFF"], [1, BLUE]], showscale=False,
        text=c.contingency.astype(str), texttemplate="%{text}", textfont=dict(size=20),
        hovertemplate="%{y} in %{x}: %{z} rows<extra></extra>",
    ))
    fig.update_xaxes(showgrid=False, type="category")
    fig.update_yaxes(showgrid=False, type="category", autorange="reversed")
    return fig.build()
