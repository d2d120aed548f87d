"""Figures for the optimizers explorer: every walker's path over the loss contours, and
the loss against step on a log scale."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.optimizers import Result
from figures.animation import grown, strided
from figures.theme import BLACK, BLUE, GREEN, ORANGE, PURPLE, VERMILLION, figure

COLOURS = dict(zip(("SGD", "Momentum", "Nesterov", "RMSprop", "Adam"), (BLACK, BLUE, GREEN, ORANGE, VERMILLION)))
# Light-to-dark grey fill under the contour lines: the walkers' colours stay readable on top.
GREYS = [[0.0, "#FFFFFF"], [1.0, "#E4E4E4"]]
FLOOR = 1e-12  # losses below this are drawn at it: a log axis has no zero


def label(r: Result, i: int) -> str:
    name = r.names[i]
    if r.diverged_at[i] >= 0:
        return f"{name} (diverged, step {int(r.diverged_at[i])})"
    final = r.final_losses[i]
    return f"{name}: {final:.2g}" if final >= FLOOR else f"{name}: below {FLOOR:.0e}"  # as drawn


def paths_figure(r: Result) -> go.Figure:
    fig = figure(f"Paths on the {r.surface} (contours of log₁₀ loss)", "x", "y", height=620)
    # Contours of log10(loss): evenly spaced lines are equal *ratios* of loss, so the flat
    # floor of a valley shows as well as its steep walls. float32 halves what the browser is sent.
    depth = np.log10(r.grid_loss + 1e-3).astype(np.float32)
    fig.add_trace(dict(type="contour", x=r.grid_x, y=r.grid_y, z=depth, ncontours=22,
                       colorscale=GREYS, showscale=False, hoverinfo="skip", line=dict(color="#9A9A9A", width=1),
                       name="loss contours"))
    for i, name in enumerate(r.names):
        path, bold = r.paths[i], name == r.highlight
        fig.add_scatter(x=path[:, 0], y=path[:, 1], mode="lines+markers", name=label(r, i),
                        line=dict(color=COLOURS[name], width=4 if bold else 2),
                        marker=dict(color=COLOURS[name], size=7 if bold else 5, maxdisplayed=40),
                        opacity=1.0 if bold else 0.75, customdata=r.losses[i],
                        hovertemplate=f"{name}, step %{{pointNumber}}<br>(%{{x:.3f}}, %{{y:.3f}})"
                                      "<br>loss %{customdata:.3g}<extra></extra>")
        out = _exit_point(r, i)
        if out is not None:
            fig.add_scatter(x=[out[0]], y=[out[1]], mode="markers+text", showlegend=False, cliponaxis=False,
                            marker=dict(color=COLOURS[name], size=16, symbol="x-thin", line=dict(width=3,
                                        color=COLOURS[name])),
                            text=[f"{name} leaves"], textposition="top center", textfont=dict(color=COLOURS[name]),
                            hovertemplate=f"{name} left the plot here<extra></extra>")
    fig.add_scatter(x=[r.start[0]], y=[r.start[1]], mode="markers", name="start", cliponaxis=False,
                    marker=dict(color=BLACK, size=15, symbol="circle-open", line=dict(width=3)))
    fig.add_scatter(x=[r.minimum[0]], y=[r.minimum[1]], mode="markers", name="minimum", cliponaxis=False,
                    marker=dict(color=PURPLE, size=18, symbol="star", line=dict(color=BLACK, width=1)))
    fig.update_xaxes(range=list(r.x_range), showgrid=False)
    fig.update_yaxes(range=list(r.y_range), showgrid=False)
    fig.update_layout(legend=dict(orientation="h", y=-0.14, yanchor="top", x=0))
    return fig.build()


def _exit_point(r: Result, i: int):
    """Where a path that leaves the plot first crosses its edge (None if it stays inside)."""
    path = r.paths[i]
    if r.escapes[i] is not None:
        path = np.vstack([path, r.escapes[i]])
    (x0, x1), (y0, y1) = r.x_range, r.y_range
    inside = (path[:, 0] >= x0) & (path[:, 0] <= x1) & (path[:, 1] >= y0) & (path[:, 1] <= y1)
    if r.diverged_at[i] < 0 or inside.all():
        return None
    k = int(np.argmin(inside))  # the first point outside
    if k == 0:
        return path[0]
    a, b = path[k - 1], path[k]
    # The largest fraction of the segment a -> b that stays inside the box.
    t = 1.0
    for axis, (lo, hi) in enumerate(((x0, x1), (y0, y1))):
        d = b[axis] - a[axis]
        if d > 0 and b[axis] > hi:
            t = min(t, (hi - a[axis]) / d)
        elif d < 0 and b[axis] < lo:
            t = min(t, (lo - a[axis]) / d)
    return a + t * (b - a)


def loss_figure(r: Result) -> go.Figure:
    fig = figure("Loss at each step (log scale)", "step", "loss", height=520)
    for i, name in enumerate(r.names):
        loss, bold = np.maximum(r.losses[i], FLOOR), name == r.highlight
        fig.add_scatter(x=np.arange(len(loss)), y=loss, mode="lines", name=label(r, i),
                        line=dict(color=COLOURS[name], width=4 if bold else 2), opacity=1.0 if bold else 0.75,
                        hovertemplate=f"{name}, step %{{x}}: loss %{{y:.3g}}<extra></extra>")
        if r.diverged_at[i] >= 0:
            fig.add_scatter(x=[len(loss) - 1], y=[loss[-1]], mode="markers", showlegend=False,
                            marker=dict(color=COLOURS[name], size=14, symbol="x"),
                            hovertemplate=f"{name} diverged at step {int(r.diverged_at[i])}<extra></extra>")
    fig.update_yaxes(type="log", exponentformat="power")
    fig.update_layout(legend=dict(x=0.99, xanchor="right", y=0.99, yanchor="top"))
    return fig.build()


def walk_figure(r: Result) -> go.Figure:
    """``paths_figure`` with ▶ Play walking every optimizer along its path at once, as
    Distill's momentum article does: the figure opens with the whole walk (as far as the
    Steps slider sets), and Play walks it again from the start."""
    n = max(len(path) for path in r.paths) - 1
    steps = strided(0, n)
    names = [label(r, i) for i in range(len(r.names))]
    # float32: plenty for a position on screen, and half the bytes of sixty growing paths.
    paths = [path.astype(np.float32) for path in r.paths]
    frames = [[dict(x=path[:k + 1, 0], y=path[:k + 1, 1]) for path in paths] for k in steps]
    return grown(paths_figure(r), names, frames, steps)
