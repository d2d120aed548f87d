"""Grid worlds drawn for the reinforcement-learning pages: values as a heat map, walls,
terminals and the start marked, policy arrows, optionally one triangle per action (Q).

Pure ``(grid, values, arrows, ...) -> plotly Figure``; nothing here knows which algorithm
made the numbers, so the MDP and Q-learning pages draw their tables the same way.

Coordinates: column c and row r are at x = c, y = r, with the y axis reversed so row 0 is at
the top as the grid is written. Arrows are (dx, dy) with dy pointing *up* on the screen.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from explorers._gridworld import ACTION_ARROWS, Grid
from figures.theme import BLACK, BLUE, GREY, VERMILLION, figure

# Negative values red, zero white, positive blue (Okabe-Ito ends, spelled out).
SCALE = [[0.0, VERMILLION], [0.5, "#FFFFFF"], [1.0, BLUE]]
WALL_COLOUR = "#555555"
TERMINAL_LABEL = {"G": "goal", "X": "pit", "H": "hole"}  # FrozenLake's holes as well
Q_LEVELS = 21  # triangles are coloured from this many shades (one trace each)


def policy_arrows(policy: np.ndarray, action_arrows=ACTION_ARROWS) -> list[list[tuple]]:
    """Arrows per state from action probabilities (n, n_actions): one per action with
    probability > 0, its length the probability (a random policy: four short arrows)."""
    out = []
    for probs in np.asarray(policy, dtype=float):
        out.append([(dx * w, dy * w) for (dx, dy), w in zip(action_arrows, probs) if w > 1e-12])
    return out


def _shade(value: float, limit: float) -> str:
    """The colour of ``value`` on SCALE over [-limit, limit] (for shapes, which take no scale)."""
    t = 0.5 + 0.5 * max(-1.0, min(1.0, value / limit))
    lo, hi = (SCALE[0][1], SCALE[1][1]) if t < 0.5 else (SCALE[1][1], SCALE[2][1])
    u = t * 2 if t < 0.5 else t * 2 - 1
    a = [int(lo[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(hi[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * u):02X}" for x, y in zip(a, b))


def grid_figure(grid: Grid, values, arrows=None, *, title: str, q=None, action_arrows=ACTION_ARROWS,
                path=None, highlight: int | None = None, limit: float | None = None,
                show_values: bool = True) -> go.Figure:
    """The grid with ``values`` (n,) as a heat map and text, and optionally:

    ``arrows``: per state a list of (dx, dy) (length up to 1: a cell's half-width);
    ``q``: (n, n_actions) drawn as a triangle per action, pointing along ``action_arrows``;
    ``path``: states of an episode, drawn as a line; ``highlight``: a state to outline;
    ``limit``: the colour scale's +-range (default: the largest |value|, at least 1).
    """
    rows = tuple(grid.rows if hasattr(grid, "rows") else grid)
    nrow, ncol = len(rows), len(rows[0])
    cells = "".join(rows)
    values = np.asarray(values, dtype=float)
    known = [values[s] for s, c in enumerate(cells) if c not in "#"]
    if q is not None:
        known += [float(v) for s, c in enumerate(cells) if c not in "#GXH" for v in q[s]]
    limit = limit or max(1.0, *(abs(v) for v in known))
    side = max(nrow, ncol)
    font = 20 if side <= 5 else 16 if side <= 8 else 12
    height = min(680, 110 + round(560 * nrow / side))
    fig = figure(title, "", "", height=height)
    z = np.array([[np.nan if rows[r][c] == "#" else values[r * ncol + c] for c in range(ncol)]
                  for r in range(nrow)])
    fig.add_trace(dict(type="heatmap", z=z, x=list(range(ncol)), y=list(range(nrow)),
                       colorscale=SCALE, zmin=-limit, zmax=limit, name="values", xgap=2, ygap=2,
                       colorbar=dict(title=dict(text="V" if q is None else "Q"), thickness=14,
                                     len=0.8),
                       hovertemplate="row %{y}, col %{x}: V = %{z:.4f}<extra></extra>"))
    if q is not None:
        # Numbers in the triangles while they stay legible (up to 6 cells a side).
        _q_triangles(fig, cells, ncol, np.asarray(q, dtype=float), action_arrows, limit,
                     font - 6 if side <= 6 else 0)
    for s, c in enumerate(cells):
        r, col = divmod(s, ncol)
        if c == "#":
            fig.add_shape(type="rect", x0=col - 0.5, x1=col + 0.5, y0=r - 0.5, y1=r + 0.5,
                          fillcolor=WALL_COLOUR, line=dict(width=0), layer="above")
        elif c in TERMINAL_LABEL:
            fig.add_shape(type="rect", x0=col - 0.44, x1=col + 0.44, y0=r - 0.44, y1=r + 0.44,
                          line=dict(color=BLACK, width=3), layer="above")
    _texts(fig, cells, ncol, values, show_values, font)
    if arrows is not None:
        _arrows(fig, arrows, ncol, cells, scale=1.0 if side <= 5 else 0.75 if side <= 8 else 0.5)
    if path is not None and len(path) > 1:
        rc = np.array([divmod(int(s), ncol) for s in path], dtype=float)
        fig.add_scatter(x=rc[:, 1] + 0.3, y=rc[:, 0] + 0.3, mode="lines+markers",
                        name="sample episode", line=dict(color=BLACK, width=2, dash="dot"),
                        marker=dict(size=6, color=BLACK), hoverinfo="skip")
    if highlight is not None:
        r, col = divmod(int(highlight), ncol)
        fig.add_shape(type="rect", x0=col - 0.5, x1=col + 0.5, y0=r - 0.5, y1=r + 0.5,
                      line=dict(color=BLACK, width=5, dash="dash"), layer="above")
    fig.update_xaxes(range=[-0.5, ncol - 0.5], showgrid=False, showline=False, ticks="",
                     tickvals=list(range(ncol)), title=dict(text="column"), constrain="domain")
    fig.update_yaxes(range=[nrow - 0.5, -0.5], showgrid=False, showline=False, ticks="",
                     tickvals=list(range(nrow)), title=dict(text="row"), scaleanchor="x",
                     scaleratio=1, constrain="domain")
    fig.update_layout(showlegend=False, margin=dict(l=60, r=20, t=60, b=50))
    return fig.build()


def _texts(fig, cells, ncol, values, show_values, font):
    """The value in the upper part of each cell (arrows use the lower part); terminals named;
    start and bonus cells tagged in their lower-left corner."""
    labels = []  # (x, y, text)
    for s, c in enumerate(cells):
        r, col = divmod(s, ncol)
        if c in TERMINAL_LABEL:
            labels.append((col, r, TERMINAL_LABEL[c]))
            continue
        if c != "#" and show_values:
            labels.append((col, r - 0.27, f"{values[s]:.2f}"))
        if c in "S+":
            labels.append((col - 0.36, r + 0.34, f"<b>{c}</b>"))
    xs, ys, texts = zip(*labels) if labels else ((), (), ())
    fig.add_scatter(x=list(xs), y=list(ys), mode="text", text=list(texts), name="labels",
                    hoverinfo="skip", textfont=dict(size=font, color=BLACK))


def _arrows(fig, arrows, ncol, cells, scale):
    """Each arrow from the cell's centre (a little below the value) as a shaft and a head;
    ``scale`` shrinks the marks on big grids, whose cells are small on screen."""
    lx, ly, hx, hy, angles, sizes = [], [], [], [], [], []
    for s, vectors in enumerate(arrows):
        if not vectors or cells[s] in "#":
            continue
        r, col = divmod(s, ncol)
        x0, y0 = col, r + 0.16
        for dx, dy in vectors:
            length = math.hypot(dx, dy)
            if length < 1e-9:
                continue
            x1, y1 = x0 + 0.3 * dx, y0 - 0.3 * dy  # y runs down the screen
            lx += [x0, x1, None]
            ly += [y0, y1, None]
            hx.append(x1)
            hy.append(y1)
            angles.append(math.degrees(math.atan2(dx, dy)))  # clockwise from up
            sizes.append(14 * scale * max(0.5, min(length, 1.0)))  # short arrows, small heads
    fig.add_scatter(x=lx, y=ly, mode="lines", name="policy", hoverinfo="skip",
                    line=dict(color=BLACK, width=3 * scale))
    fig.add_scatter(x=hx, y=hy, mode="markers", name="policy heads", hoverinfo="skip",
                    marker=dict(symbol="triangle-up", size=sizes, angle=angles, color=BLACK))


def _q_triangles(fig, cells, ncol, q, action_arrows, limit, font):
    """A triangle per action from the cell's centre to its edge in that action's direction,
    coloured by Q; shades are bucketed so that a whole table is ~Q_LEVELS traces."""
    polys: dict[int, tuple[list, list]] = {}
    hx, hy, htext, qs = [], [], [], []
    for s, c in enumerate(cells):
        if c in "#GXH":
            continue
        r, col = divmod(s, ncol)
        for a, (dx, dy) in enumerate(action_arrows):
            # Corners: the centre and the two ends of the edge the action points at.
            ex, ey = col + 0.5 * dx, r - 0.5 * dy
            px, py = 0.5 * dy, 0.5 * dx  # along that edge
            xs = [col, ex + px, ex - px, col, None]
            ys = [r, ey + py, ey - py, r, None]
            level = round((np.clip(q[s, a] / limit, -1, 1) + 1) / 2 * (Q_LEVELS - 1))
            bx, by = polys.setdefault(level, ([], []))
            bx += xs
            by += ys
            hx.append(col + 0.3 * dx)
            hy.append(r - 0.3 * dy)
            htext.append(f"Q = {q[s, a]:.3f}")
            qs.append(q[s, a])
    for level, (xs, ys) in sorted(polys.items()):
        colour = _shade((level / (Q_LEVELS - 1) * 2 - 1) * limit, limit)
        fig.add_scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=colour,
                        line=dict(color=GREY, width=0.5), name=f"Q level {level}",
                        hoverinfo="skip")
    fig.add_scatter(x=hx, y=hy, mode="markers", name="Q", text=htext,
                    marker=dict(size=1, opacity=0), hovertemplate="%{text}<extra></extra>")
    if font:
        fig.add_scatter(x=hx, y=hy, mode="text", name="Q labels", hoverinfo="skip",
                        text=[f"{v:.2f}" for v in qs],
                        textfont=dict(size=font, color=BLACK))
