"""Figures for the k-NN explorer: the boundary with the probe's neighbourhood, and accuracy against k."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.knn import Result
from figures.classify import CLASS_COLOURS, boundary_plot
from figures.theme import BLACK, BLUE, VERMILLION, figure


def ball(centre: np.ndarray, radius: float, metric: str, sides: int = 96) -> np.ndarray:
    """Outline of the points at ``radius`` from ``centre``: disc, diamond or square."""
    t = np.linspace(0, 2 * np.pi, sides + 1)
    direction = np.column_stack([np.cos(t), np.sin(t)])
    # Scale each unit direction so that its length in the chosen metric is 1.
    order = {"euclidean": 2, "manhattan": 1, "chebyshev": np.inf}[metric]
    direction /= np.linalg.norm(direction, ord=order, axis=1)[:, None]
    return centre + radius * direction


def boundary_figure(r: Result) -> go.Figure:
    s = r.split
    fig = boundary_plot(s, r.scores, f"k = {r.k}, {r.metric} distance: test accuracy "
                                     f"{r.test_accuracy:.1%}")
    near = s.X_train[r.probe_neighbours]
    spokes = np.full((3 * len(near), 2), np.nan)
    spokes[0::3], spokes[1::3] = r.probe, near  # probe -> neighbour, then a break
    fig.add_scatter(x=spokes[:, 0], y=spokes[:, 1], mode="lines", name=f"the probe's {r.k} neighbours",
                    line=dict(color=BLACK, width=1.2), hoverinfo="skip")
    outline = ball(r.probe, r.probe_radius, r.metric)
    fig.add_scatter(x=outline[:, 0], y=outline[:, 1], mode="lines", name="ball holding them",
                    line=dict(color=BLACK, width=2, dash="dot"), hoverinfo="skip")
    votes = ", ".join(f"{name} {share:.0%}" for name, share in zip(s.class_names, r.probe_votes))
    fig.add_scatter(x=[r.probe[0]], y=[r.probe[1]], mode="markers", name="probe",
                    marker=dict(symbol="star", size=22, color=CLASS_COLOURS[r.probe_class % len(CLASS_COLOURS)],
                                line=dict(color=BLACK, width=2)),
                    hovertemplate=f"probe: {votes}<extra></extra>")
    # Equal units on both axes, so a disc looks like a disc.
    fig.update_yaxes(scaleanchor="x", scaleratio=1, constrain="domain")
    fig.update_xaxes(constrain="domain")
    return fig.build()


def accuracy_figure(r: Result) -> go.Figure:
    fig = figure("Accuracy against k", "k (log scale)", "accuracy", height=440)
    fig.add_scatter(x=r.sweep_k, y=r.sweep_train, mode="lines+markers", name="train",
                    line=dict(color=BLUE), hovertemplate="k = %{x}: train %{y:.3f}<extra></extra>")
    fig.add_scatter(x=r.sweep_k, y=r.sweep_test, mode="lines+markers", name="test",
                    line=dict(color=VERMILLION), hovertemplate="k = %{x}: test %{y:.3f}<extra></extra>")
    # The current k as a line trace, not a shape: shapes on a log axis take log10 units.
    fig.add_scatter(x=[r.k, r.k], y=[0, 1.02], mode="lines", name=f"current k = {r.k}",
                    line=dict(color=BLACK, width=2, dash="dash"), hoverinfo="skip")
    best = int(r.sweep_k[np.argmax(r.sweep_test)])
    fig.update_xaxes(type="log")
    fig.update_layout(legend=dict(x=0.99, xanchor="right", y=0.02, yanchor="bottom"),
                      title=dict(text=f"Accuracy against k (best test accuracy at k = {best})"))
    return fig.build()
