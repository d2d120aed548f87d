"""Figures for the SVM explorer: the boundary with its margins and support vectors, and
what C buys (margin width, support vectors, accuracy) against C."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.svm import Result
from figures.classify import boundary_plot, shading
from figures.theme import BLACK, BLUE, GREEN, GREY, VERMILLION, figure

# Shading saturates at |f(x)| = 2: the street (|f| < 1) stays visibly paler than the rest.
SATURATE = 2.0


def boundary_figure(r: Result) -> go.Figure:
    s = r.split
    kernel = {"linear": "linear kernel", "poly": "polynomial kernel", "rbf": "RBF kernel"}[r.kernel]
    fig = boundary_plot(s, r.scores, f"{kernel}, C = {r.C:g}: test accuracy {r.test_accuracy:.1%}")
    if r.grid_decision is not None:
        _shade_by_decision(fig, r)
        # The boundary from f(x) = 0 itself: smooth, where the class map's steps are jagged.
        line = next(trace for trace in fig.data if trace.get("name") == "decision boundary")
        line.update(z=r.grid_decision, contours=dict(coloring="none", start=0, end=0, size=1),
                    name="decision boundary, f(x) = 0")
        # The margins: where f(x) = -1 and +1 (the boundary, f = 0, is the shared contour).
        fig.add_trace(dict(
            type="contour", x=s.grid_x, y=s.grid_y, z=r.grid_decision, name="margin, f(x) = ±1",
            contours=dict(coloring="none", start=-1, end=1, size=2), showscale=False, showlegend=True,
            line=dict(color=BLACK, width=2, dash="dash"), hoverinfo="skip",
        ))
        on, inside = r.support[r.on_margin], r.support[~r.on_margin]
        _ring(fig, s.X_train[on], f"support vector on the margin ({len(on)})", BLACK, "circle-open", 15)
        _ring(fig, s.X_train[inside], f"inside the margin or wrong side, alpha = C ({len(inside)})",
              BLACK, "diamond-open", 14)
    else:
        _ring(fig, s.X_train[r.support], f"support vector ({len(r.support)})", BLACK, "circle-open", 15)
    # Equal units on both axes, so the street's width looks like its width.
    fig.update_yaxes(scaleanchor="x", scaleratio=1, constrain="domain")
    fig.update_xaxes(constrain="domain")
    return fig.build()


def _shade_by_decision(fig, r: Result) -> None:
    """Replace the flat shading (an SVC has no probabilities) with one from |f(x)|."""
    heatmap = fig.data[0]
    certainty = np.clip(np.abs(r.grid_decision) / SATURATE, 0, 0.999)
    stops, zmin, zmax = shading(2)
    heatmap.update(z=r.scores.grid_class + certainty, customdata=r.grid_decision, colorscale=stops,
                   zmin=zmin, zmax=zmax,
                   hovertemplate="decision function f(x) = %{customdata:.2f}<extra></extra>")


def _ring(fig, points, name, colour, symbol, size) -> None:
    fig.add_scatter(x=points[:, 0], y=points[:, 1], mode="markers", name=name, hoverinfo="skip",
                    marker=dict(symbol=symbol, size=size, color=colour, line=dict(color=colour, width=1.6)))


def margin_figure(r: Result) -> go.Figure:
    """Margin width and the share of support vectors against C: both fall as C rises."""
    fig = figure("Margin and support vectors against C", "C (log scale)",
                 "margin width 2/‖w‖ (standardised units)", height=440)
    if r.sweep_width is not None:
        fig.add_scatter(x=r.sweep_C, y=r.sweep_width, mode="lines+markers", name="margin width",
                        line=dict(color=GREEN), hovertemplate="C = %{x}: width %{y:.3f}<extra></extra>")
    else:
        fig.update_yaxes(title=dict(text="(three classes: a margin per pair, none drawn)"))
    fig.add_scatter(x=r.sweep_C, y=r.sweep_support_share, mode="lines+markers", yaxis="y2",
                    name="support vectors (share)", line=dict(color=GREY, dash="dot"),
                    hovertemplate="C = %{x}: %{y:.0%} of training points<extra></extra>")
    _mark_current(fig, r.C, "y2")
    fig.update_xaxes(type="log")
    fig.update_layout(yaxis2=dict(overlaying="y", side="right", range=[0, 1.02], tickformat=".0%", dtick=0.2,
                                  title=dict(text="share of training points"), showgrid=False),
                      legend=dict(x=0.98, xanchor="right", y=0.98, yanchor="top"))
    return fig.build()


def accuracy_figure(r: Result) -> go.Figure:
    fig = figure("Accuracy against C", "C (log scale)", "accuracy", height=440)
    fig.add_scatter(x=r.sweep_C, y=r.sweep_train, mode="lines+markers", name="train",
                    line=dict(color=BLUE), hovertemplate="C = %{x}: train %{y:.3f}<extra></extra>")
    fig.add_scatter(x=r.sweep_C, y=r.sweep_test, mode="lines+markers", name="test",
                    line=dict(color=VERMILLION), hovertemplate="C = %{x}: test %{y:.3f}<extra></extra>")
    _mark_current(fig, r.C)
    fig.update_xaxes(type="log")
    fig.update_layout(legend=dict(x=0.99, xanchor="right", y=0.02, yanchor="bottom"))
    return fig.build()


def _mark_current(fig, C: float, axis: str = "y") -> None:
    # A line trace, not a shape: shapes on a log axis take log10 units.
    fig.add_scatter(x=[C, C], y=[0, 1.02], mode="lines", name=f"current C = {C:g}", yaxis=axis,
                    line=dict(color=BLACK, width=2, dash="dash"), hoverinfo="skip")
