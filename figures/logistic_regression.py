"""Figures for logistic regression: the boundary with its lines, the sigmoid, and curves against C."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.logistic_regression import Result, logit, sigmoid
from figures.classify import CLASS_COLOURS, boundary_plot
from figures.theme import BLACK, BLUE, GREY, VERMILLION, figure

BAND = 0.9  # the dotted lines P = 0.1 and P = 0.9: how wide the sigmoid's climb is in the plane


def line_in_box(w: np.ndarray, level: float, box) -> np.ndarray | None:
    """The two ends of the line w·x = level inside box ((x0, x1), (y0, y1)), or None
    if the line misses the box (or w is zero)."""
    (x0, x1), (y0, y1) = box
    ends = []
    if w[1] != 0:
        ends += [(x, (level - w[0] * x) / w[1]) for x in (x0, x1)]
    if w[0] != 0:
        ends += [((level - w[1] * y) / w[0], y) for y in (y0, y1)]
    tol = 1e-9 * max(x1 - x0, y1 - y0)
    inside = [e for e in ends if x0 - tol <= e[0] <= x1 + tol and y0 - tol <= e[1] <= y1 + tol]
    if len(inside) < 2:
        return None
    inside = np.array(inside)
    # The two ends farthest apart (a line through a corner meets two edges there).
    far = np.linalg.norm(inside[:, None] - inside[None, :], axis=2)
    i, j = np.unravel_index(far.argmax(), far.shape)
    return inside[[i, j]] if far[i, j] > tol else None


def _segments(w, b, levels, box):
    """x, y of the lines w·x + b = level for every level, broken by None between them."""
    xs, ys = [], []
    for level in levels:
        ends = line_in_box(w, level - b, box)
        if ends is not None:
            xs += [*ends[:, 0], None]
            ys += [*ends[:, 1], None]
    return xs, ys


def boundary_figure(r: Result) -> go.Figure:
    s = r.split
    box = (s.grid_x[[0, -1]], s.grid_y[[0, -1]])
    if r.binary:
        title = (f"C = {r.C:g}, threshold {r.threshold:g}: test accuracy {r.test_accuracy:.1%}")
    else:
        title = f"C = {r.C:g}, {r.strategy}: test accuracy {r.test_accuracy:.1%}"
    fig = boundary_plot(s, r.scores, title)
    if r.binary:
        w, b = r.coef[0], r.intercept[0]
        x, y = _segments(w, b, [logit(1 - BAND), logit(BAND)], box)
        fig.add_scatter(x=x, y=y, mode="lines", name=f"P = {1 - BAND:.1f} and {BAND:.1f}",
                        line=dict(color=GREY, width=2, dash="dot"), hoverinfo="skip")
        if r.threshold != 0.5:
            x, y = _segments(w, b, [0.0], box)
            fig.add_scatter(x=x, y=y, mode="lines", name="P = 0.5: w·x + b = 0",
                            line=dict(color=BLACK, width=2, dash="dash"), hoverinfo="skip")
        x, y = _segments(w, b, [logit(r.threshold)], box)
        fig.add_scatter(x=x, y=y, mode="lines",
                        name=f"P = {r.threshold:g}: w·x + b = {logit(r.threshold):.2f}",
                        line=dict(color=BLACK, width=4), hoverinfo="skip")
    elif r.strategy == "one-vs-rest":
        for k, (w, b) in enumerate(zip(r.coef, r.intercept)):
            x, y = _segments(w, b, [0.0], box)
            fig.add_scatter(x=x, y=y, mode="lines", name=f"{s.class_names[k]} vs rest, P = 0.5",
                            line=dict(color=CLASS_COLOURS[k % len(CLASS_COLOURS)], width=3, dash="dash"),
                            hoverinfo="skip")
    return fig.build()


def sigmoid_figure(r: Result, jitter_seed: int = 0) -> go.Figure:
    """Training points at their true label (0 or 1, jittered) against their score z, under
    the fitted sigmoid: the picture of what the model fits. Two classes only."""
    s = r.split
    positive = s.class_names[1]
    fig = figure(f"The sigmoid: P({positive}) = 1 / (1 + e^(−z))", "score z = w·x + b",
                 f"P({positive})", height=440)
    z, y = r.train_z, s.y_train
    t, cut = r.threshold, logit(r.threshold)
    span = max(np.abs(z).max(), abs(cut), 1.0) * 1.05
    curve = np.linspace(-span, span, 241)
    jitter = np.random.default_rng(jitter_seed).uniform(-0.04, 0.04, len(z))
    for c, name in enumerate(s.class_names):
        mine = y == c
        fig.add_scatter(x=z[mine], y=c + jitter[mine], mode="markers", name=f"{name}, train",
                        marker=dict(color=CLASS_COLOURS[c], size=7, opacity=0.6),
                        hovertemplate=f"{name}: z = %{{x:.2f}}<extra></extra>")
    fig.add_scatter(x=curve, y=sigmoid(curve), mode="lines", name="fitted sigmoid",
                    line=dict(color=BLACK, width=3), hoverinfo="skip")
    fig.add_scatter(x=[-span, span], y=[t, t], mode="lines", name=f"threshold t = {t:g}",
                    line=dict(color=GREY, width=2, dash="dash"), hoverinfo="skip")
    fig.add_scatter(x=[cut, cut], y=[-0.08, 1.08], mode="lines",
                    name=f"z = logit(t) = {cut:.2f}", line=dict(color=BLACK, width=2, dash="dash"),
                    hoverinfo="skip")
    fig.update_xaxes(range=[-span, span])
    fig.update_yaxes(range=[-0.1, 1.1])
    fig.update_layout(legend=dict(x=0.01, xanchor="left", y=0.98, yanchor="top"))
    return fig.build()


def _current_c(fig, r: Result, top: float, bottom: float = 0.0) -> None:
    # A line trace, not a shape: shapes on a log axis take log10 units.
    fig.add_scatter(x=[r.C, r.C], y=[bottom, top], mode="lines", name=f"current C = {r.C:g}",
                    line=dict(color=BLACK, width=2, dash="dash"), hoverinfo="skip")


def loss_figure(r: Result) -> go.Figure:
    fig = figure("Log-loss against C", "C (log scale)", "log-loss (lower is better)", height=440)
    fig.add_scatter(x=r.sweep_C, y=r.sweep_train_loss, mode="lines+markers", name="train",
                    line=dict(color=BLUE), hovertemplate="C = %{x:g}: train %{y:.3f}<extra></extra>")
    fig.add_scatter(x=r.sweep_C, y=r.sweep_test_loss, mode="lines+markers", name="test",
                    line=dict(color=VERMILLION), hovertemplate="C = %{x:g}: test %{y:.3f}<extra></extra>")
    top = float(max(r.sweep_train_loss.max(), r.sweep_test_loss.max())) * 1.05
    _current_c(fig, r, top)
    fig.update_xaxes(type="log")
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(legend=dict(x=0.99, xanchor="right", y=0.98, yanchor="top"))
    return fig.build()


def weights_figure(r: Result) -> go.Figure:
    """Two classes: w₁ and w₂ against C. Three: the size ‖w‖ of each class's weights."""
    s = r.split
    if r.binary:
        fig = figure("Weights against C: they shrink as C falls", "C (log scale)", "weight", height=440)
        for d, (name, dash) in enumerate(zip(s.feature_names, ("solid", "dot"))):
            fig.add_scatter(x=r.sweep_C, y=r.sweep_coef[:, 0, d], mode="lines+markers",
                            name=f"w for {name}", line=dict(color=BLACK, dash=dash),
                            hovertemplate=f"C = %{{x:g}}: w for {name} %{{y:.3f}}<extra></extra>")
        values = r.sweep_coef[:, 0, :]
    else:
        fig = figure("Size of each class's weights against C", "C (log scale)", "‖w‖", height=440)
        for k, name in enumerate(s.class_names):
            fig.add_scatter(x=r.sweep_C, y=np.linalg.norm(r.sweep_coef[:, k, :], axis=1),
                            mode="lines+markers", name=name, line=dict(color=CLASS_COLOURS[k]),
                            hovertemplate=f"C = %{{x:g}}: ‖w‖ of {name} %{{y:.3f}}<extra></extra>")
        values = np.linalg.norm(r.sweep_coef, axis=2)
    _current_c(fig, r, float(values.max()) * 1.05 + 1e-9, min(float(values.min()) * 1.05, 0.0))
    fig.update_xaxes(type="log")
    fig.update_layout(legend=dict(x=0.01, xanchor="left", y=0.98, yanchor="top"))
    return fig.build()
