"""Figures for the MDP explorer: the grid's values and policy at a sweep, and convergence."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.mdp import Result
from figures.gridworld import grid_figure, policy_arrows
from figures.theme import BLACK, BLUE, GREY, VERMILLION, figure

FLOOR = 1e-16  # a change of exactly 0 cannot sit on a log axis: drawn at this floor


def values_figure(r: Result) -> go.Figure:
    """V after the shown sweep as a heat map, the policy as arrows, the sample episode."""
    what = "greedy policy" if r.algorithm == "value iteration" else "policy evaluated next"
    if r.algorithm == "policy evaluation":
        what = "random policy evaluated"
    done = " (converged)" if r.converged and r.sweep == r.last_sweep else ""
    # One colour range for every sweep of the run, so the map brightens as values grow.
    limit = max(1.0, float(np.abs(r.final_values).max()))
    if r.show == "action values":
        return grid_figure(r.grid, r.values, None, q=r.q, show_values=False,
                           title=f"Q(s, a) from V after sweep {r.sweep}{done}",
                           highlight=r.bellman.state, limit=limit)
    return grid_figure(r.grid, r.values, policy_arrows(r.policy),
                       title=f"V after sweep {r.sweep}{done}; arrows: {what}",
                       path=r.episode, highlight=r.bellman.state, limit=limit)


def convergence_figure(r: Result) -> go.Figure:
    """max |ΔV| per sweep on a log axis, the shown sweep and policy improvements marked."""
    fig = figure("How much the values still change", "sweep", "max |ΔV| over the cells (log)",
                 height=420)
    sweeps = np.arange(1, len(r.deltas) + 1)
    fig.add_scatter(x=sweeps, y=np.maximum(r.deltas, FLOOR), mode="lines", name="max |ΔV|",
                    line=dict(color=BLUE), hovertemplate="sweep %{x}: %{y:.3g}<extra></extra>")
    for k in r.improvements:
        fig.add_shape(type="line", x0=int(k), x1=int(k), y0=0, y1=1, yref="paper",
                      line=dict(color=VERMILLION, width=1, dash="dot"))
    if len(r.improvements):
        # A legend entry for the improvement lines (shapes have none).
        fig.add_scatter(x=[None], y=[None], mode="lines", name="policy improved",
                        line=dict(color=VERMILLION, width=1, dash="dot"))
    fig.add_shape(type="line", x0=r.sweep, x1=r.sweep, y0=0, y1=1, yref="paper",
                  line=dict(color=BLACK, width=2, dash="dash"))
    fig.add_annotation(text=f"shown: sweep {r.sweep}", x=r.sweep, y=1, yref="paper",
                       xanchor="left", yanchor="top", showarrow=False, font=dict(size=15))
    fig.update_yaxes(type="log", exponentformat="power")
    fig.update_xaxes(range=[0, max(len(r.deltas), 1) + 0.5])
    fig.update_layout(legend=dict(orientation="h", y=-0.28, x=0.0), margin=dict(b=110))
    return fig.build()


def start_value_figure(r: Result) -> go.Figure:
    """The start cell's value after each recorded sweep, the converged value dashed."""
    fig = figure("Value of the start cell, sweep by sweep", "sweep", "V(start)", height=420)
    k = np.arange(len(r.start_values))
    fig.add_scatter(x=k, y=r.start_values, mode="lines+markers", name="V(start)",
                    line=dict(color=BLUE), marker=dict(size=5),
                    hovertemplate="sweep %{x}: %{y:.4f}<extra></extra>")
    fig.add_shape(type="line", x0=0, x1=1, xref="paper", y0=r.start_value, y1=r.start_value,
                  line=dict(color=GREY, width=2, dash="dash"))
    fig.add_scatter(x=[r.sweep], y=[r.shown_start_value], mode="markers", name="shown",
                    marker=dict(size=14, color=BLACK, symbol="diamond"))
    fig.update_layout(showlegend=False)
    return fig.build()
