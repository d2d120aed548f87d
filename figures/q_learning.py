"""Figures for the Q-learning explorer: pure ``Result -> plotly Figure`` functions."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.q_learning import Result, Run
from figures.animation import grown, strided
from figures.theme import BLACK, BLUE, GREEN, ORANGE, PURPLE, VERMILLION, YELLOW, figure

RUN_COLOURS = {"Q-learning": ORANGE, "SARSA": BLUE}
# Light enough for black arrows to stay readable on every cell.
VALUE_SCALE = [[0.0, "#FFFFFF"], [0.5, "#C6DBEF"], [1.0, "#6BAED6"]]
# Cells that are not plain floor, drawn over the value colours.
CELL_STYLE = {"H": ("#3B3B3B", "hole"), "C": (VERMILLION, "cliff"), "G": (GREEN, "goal"),
              "#": ("#7F7F7F", "wall"), "X": (VERMILLION, "pit")}


def cell_xy(states, ncol: int) -> tuple[np.ndarray, np.ndarray]:
    """(column, row) of each state: x to the right, rows downwards as the grid is written."""
    states = np.asarray(states)
    return states % ncol, states // ncol


def grid_figure(r: Result, run: Run) -> go.Figure:
    """One run's Q-table: max over actions as colour, the greedy action as an arrow, the
    greedy path, and the replayed training episode."""
    cells = "".join(r.layout)
    best = run.Q.max(axis=1)
    floor = np.array([c in ".S+" for c in cells])
    lo, hi = (best[floor].min(), best[floor].max()) if floor.any() else (0.0, 1.0)
    if hi - lo < 1e-12:
        lo, hi = lo - 1.0, hi + 1.0  # nothing learned yet: one flat colour, not a division by 0
    unit = max(36, min(80, 700 // r.ncol))  # about a cell's pixels: big on 4x4, small at 4x12
    # Tall enough for a square grid in half a page, no taller than a wide grid needs.
    fig = figure(f"{run.algorithm}: the Q-table after {r.episodes} episodes", "", "",
                 height=int(min(520, 640 * r.nrow / r.ncol + 170)))
    fig.add_trace(dict(
        type="heatmap", z=best.reshape(r.nrow, r.ncol), x=np.arange(r.ncol), y=np.arange(r.nrow),
        zmin=lo, zmax=hi, colorscale=VALUE_SCALE, name="max Q",
        customdata=run.Q.reshape(r.nrow, r.ncol, -1),
        colorbar=dict(title=dict(text="max Q"), thickness=14, len=0.9),
        hovertemplate=f"max Q %{{z:.3f}}<br>Q {_action_order(r.arrows)}: "
                      "%{customdata[0]:.2f}, %{customdata[1]:.2f}, %{customdata[2]:.2f}, "
                      "%{customdata[3]:.2f}<extra></extra>",
    ))
    for s, c in enumerate(cells):
        if c in CELL_STYLE:
            x, y = s % r.ncol, s // r.ncol
            fig.add_shape(type="rect", x0=x - 0.5, x1=x + 0.5, y0=y - 0.5, y1=y + 0.5,
                          fillcolor=CELL_STYLE[c][0], line=dict(width=0), layer="above",
                          opacity=0.85)
    # Greedy arrows on the cells an agent can stand on, where the values already disagree.
    show = np.array([c in ".S+" for c in cells]) & run.decided
    xs, ys = cell_xy(np.flatnonzero(show), r.ncol)
    fig.add_scatter(x=xs, y=ys, mode="text", name="greedy action", hoverinfo="skip",
                    text=[r.arrows[a] for a in run.policy[show]],
                    textfont=dict(size=max(16, unit // 2), color=BLACK), showlegend=False)
    px, py = cell_xy(run.greedy_path, r.ncol)
    fig.add_scatter(x=px, y=py, mode="lines", name="greedy path",
                    line=dict(color=RUN_COLOURS.get(run.algorithm, ORANGE), width=7),
                    opacity=0.8, hoverinfo="skip")
    ex_, ey = _replayed(r, run)
    fig.add_scatter(x=ex_, y=ey, mode="lines+markers", name=_episode_name(r, run),
                    line=dict(color=PURPLE, width=2, dash="dot"), marker=dict(size=7, color=PURPLE),
                    hoverinfo="skip")
    bonus = [s for s, c in enumerate(cells) if c == "+"]
    if bonus:  # not terminal: the agent stands here, so the value colour stays visible
        bx, by = cell_xy(bonus, r.ncol)
        fig.add_scatter(x=bx - 0.3, y=by - 0.3, mode="markers", name="bonus +0.5", hoverinfo="skip",
                        marker=dict(symbol="star", size=18, color=YELLOW, line=dict(color=BLACK, width=1)))
    sx, sy = cell_xy([r.start], r.ncol)
    fig.add_scatter(x=sx, y=sy, mode="markers+text", text=["S"], name="start",
                    textfont=dict(size=16, color="white"), showlegend=False, hoverinfo="skip",
                    marker=dict(size=26, color=BLACK, symbol="circle"))
    for c, (colour, label) in CELL_STYLE.items():
        if c in cells:  # a legend entry per kind of special cell present
            fig.add_scatter(x=[None], y=[None], mode="markers", name=label,
                            marker=dict(symbol="square", size=16, color=colour))
    fig.update_xaxes(range=[-0.5, r.ncol - 0.5], showgrid=False, showticklabels=False,
                     ticks="", constrain="domain")
    fig.update_yaxes(range=[r.nrow - 0.5, -0.5], showgrid=False, showticklabels=False, ticks="",
                     scaleanchor="x", scaleratio=1, constrain="domain")
    fig.update_layout(legend=dict(orientation="h", y=-0.02, x=0.0, yanchor="top"),
                      margin=dict(l=10, r=10, t=60, b=10))
    return fig.build()


def _episode_name(r: Result, run: Run) -> str:
    return f"episode {r.episode}: return {run.returns[r.episode - 1]:g}"


def _replayed(r: Result, run: Run) -> tuple[np.ndarray, np.ndarray]:
    """The replayed episode's cells, drawn a little off centre: a small offset keeps it
    visible where it runs along the greedy path."""
    x, y = cell_xy(run.visited(r.episode), r.ncol)
    return x + 0.18, y + 0.18


def played_grid_figure(r: Result, run: Run) -> go.Figure:
    """``grid_figure`` with ▶ Play walking the replayed episode cell by cell."""
    x, y = _replayed(r, run)
    steps = strided(1, len(x))
    return grown(grid_figure(r, run), [_episode_name(r, run)],
                 [[dict(x=x[:n], y=y[:n])] for n in steps], [n - 1 for n in steps])


def _action_order(arrows: str) -> str:
    return " ".join(f"{a}{arrow}" for a, arrow in enumerate(arrows))


def returns_figure(r: Result) -> go.Figure:
    """Return of every training episode (faint) and its moving average, per run."""
    fig = figure("Returns while learning (with exploration)", "episode", "return of the episode")
    x = np.arange(1, r.episodes + 1)
    for run in r.runs:
        colour = RUN_COLOURS.get(run.algorithm, ORANGE)
        fig.add_scatter(x=x, y=run.returns, mode="markers", name=f"{run.algorithm}, each episode",
                        marker=dict(size=4, color=colour, opacity=0.35),
                        hovertemplate="episode %{x}: %{y:g}<extra></extra>")
        fig.add_scatter(x=x, y=run.moving, mode="lines", name=f"{run.algorithm}, moving average",
                        line=dict(color=colour, width=4),
                        hovertemplate="episode %{x}: %{y:.3f}<extra>moving average</extra>")
    fig.add_shape(type="line", x0=r.episode, x1=r.episode, y0=0, y1=1, yref="paper",
                  line=dict(color=PURPLE, width=2, dash="dot"))
    # Early episodes of CliffWalking can fall off dozens of times (returns in the
    # thousands below zero): the axis follows the averages so the lesson stays visible.
    settled = slice(r.episodes // 10, None)  # past the first tenth of the episodes
    low = min(min(run.moving[settled].min(), np.percentile(run.returns, 10)) for run in r.runs)
    high = max(max(run.moving.max(), run.returns.max()) for run in r.runs)
    pad = 0.08 * (high - low) or 0.1
    fig.update_yaxes(range=[low - pad, high + pad])
    fig.update_xaxes(range=[0, r.episodes + 1])
    fig.update_layout(legend=dict(orientation="h", y=-0.3, x=0.0), margin=dict(b=150))
    return fig.build()


def lengths_figure(r: Result) -> go.Figure:
    """Steps per training episode: long while wandering, short once it knows the way."""
    fig = figure("Steps per episode", "episode", "steps")
    x = np.arange(1, r.episodes + 1)
    for run in r.runs:
        fig.add_scatter(x=x, y=run.lengths, mode="lines", name=run.algorithm,
                        line=dict(color=RUN_COLOURS.get(run.algorithm, ORANGE), width=2))
    fig.add_shape(type="line", x0=r.episode, x1=r.episode, y0=0, y1=1, yref="paper",
                  line=dict(color=PURPLE, width=2, dash="dot"))
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(legend=dict(orientation="h", y=-0.25, x=0.0), margin=dict(b=120))
    return fig.build()

