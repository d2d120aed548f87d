"""Figures for the regularization explorer: pure ``Result -> plotly Figure`` functions."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from explorers.regularization import Result
from figures.theme import MARGIN, Plot, BLACK, BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILLION, figure

# One colour per penalty, shared by every figure so the page reads as one picture.
PENALTY_COLOUR = {"ridge": BLUE, "lasso": VERMILLION, "elastic net": GREEN}
UNREGULARIZED = ORANGE
LOG_X = dict(type="log", exponentformat="power")
FIT_HEIGHT = 500  # the fit and the geometry sit side by side: one height keeps them aligned
BELOW_AXIS_PX = 105  # room for the x tick labels and the x-axis title under a plot


def _legend_below(fig: Plot) -> None:
    """Legend under the plot: beside it, it would take half the width of a page column.

    Outside the plot area Plotly grows the bottom margin to fit however many rows the
    legend wraps into. Its offset is in plot heights, so it is converted from pixels.
    """
    plot_height = fig.layout["height"] - MARGIN.t - MARGIN.b
    fig.update_layout(legend=dict(orientation="h", yanchor="top", xanchor="left", x=0.0,
                                  y=-BELOW_AXIS_PX / plot_height))


def fit(r: Result) -> go.Figure:
    """The regularized fit against plain least squares: the curve, or predicted vs actual."""
    colour = PENALTY_COLOUR[r.penalty]
    if not r.is_curve:
        fig = figure("Test set: predicted against actual", "actual", "predicted",
                     height=FIT_HEIGHT)
        lo, hi = float(np.min(r.y_test)), float(np.max(r.y_test))
        fig.add_scatter(x=[lo, hi], y=[lo, hi], mode="lines", name="perfect prediction",
                        line=dict(color=GREY, dash="dash", width=2))
        fig.add_scatter(x=r.y_test, y=r.pred_test_unregularized, mode="markers",
                        name="no penalty", marker=dict(color=UNREGULARIZED, symbol="circle-open"))
        fig.add_scatter(x=r.y_test, y=r.pred_test, mode="markers",
                        name=f"{r.penalty}, alpha = {r.alpha:g}", marker=dict(color=colour))
        # Same scale on both axes, so the diagonal is at 45° and distances read alike.
        span = data_range(np.concatenate([r.y_test, r.pred_test, r.pred_test_unregularized]), 0.05)
        fig.update_xaxes(range=span, constrain="domain")
        fig.update_yaxes(range=span, scaleanchor="x", scaleratio=1, constrain="domain")
        _legend_below(fig)
        return fig.build()

    fig = figure("The fit", "x", "y", height=FIT_HEIGHT)
    fig.add_scatter(x=r.x_test, y=r.y_test, mode="markers", name="test points",
                    marker=dict(color=SKY, size=6, opacity=0.5))
    fig.add_scatter(x=r.x_grid, y=r.y_grid_true, mode="lines", name="true curve",
                    line=dict(color=GREY, dash="dash", width=2))
    fig.add_scatter(x=r.x_grid, y=r.y_grid_unregularized, mode="lines", name="no penalty",
                    line=dict(color=UNREGULARIZED, dash="dot"))
    fig.add_scatter(x=r.x_grid, y=r.y_grid_fit, mode="lines",
                    name=f"{r.penalty}, alpha = {r.alpha:g}", line=dict(color=colour, width=4))
    fig.add_scatter(x=r.x_train, y=r.y_train, mode="markers", name="training points",
                    marker=dict(color=BLACK, size=10))
    # An unpenalized degree-15 fit can swing far beyond the data: keep the data in view.
    fig.update_yaxes(range=data_range(np.concatenate([r.y_train, r.y_test, r.y_grid_true])))
    _legend_below(fig)
    return fig.build()


def data_range(values: np.ndarray, margin: float = 0.25) -> list[float]:
    """The span of ``values`` widened by ``margin`` of itself on both sides."""
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = margin * max(hi - lo, 1e-9)
    return [lo - pad, hi + pad]


def spans_decades(values: np.ndarray, ratio: float = 20.0) -> bool:
    """Whether positive ``values`` spread over more than ``ratio`` (log scale is then clearer)."""
    values = values[values > 0]
    return values.size > 0 and float(values.max() / values.min()) > ratio


def paths(r: Result) -> go.Figure:
    """Every coefficient against alpha, the current alpha, and how many are exactly zero."""
    fig = figure("Coefficient paths", "alpha (log scale)", "coefficient")
    colours = sample_colorscale("Viridis", np.linspace(0.0, 0.9, len(r.feature_names)))
    for j, (name, colour) in enumerate(zip(r.feature_names, colours)):
        fig.add_scatter(x=r.alphas, y=r.coef_path[:, j], mode="lines", name=name,
                        line=dict(color=colour, width=2.5))
    # The legend holds only the features: the alpha line is labelled on the line itself and
    # the zero count by its own (purple) axis.
    lo, hi = float(np.min(r.coef_path)), float(np.max(r.coef_path))
    fig.add_scatter(x=[r.alpha, r.alpha], y=[lo, hi], mode="lines+text", showlegend=False,
                    name=f"alpha = {r.alpha:g}", text=["", f"alpha = {r.alpha:g}"],
                    # The label sits on the open side of the line, so it is never clipped.
                    textposition="bottom right" if 2 * r.alpha_index < r.alphas.size
                    else "bottom left", line=dict(color=BLACK, dash="dash", width=2))
    fig.add_scatter(x=r.alphas, y=r.zeros_path, mode="lines+markers", yaxis="y2",
                    showlegend=False, name="exactly zero (right axis)",
                    line=dict(color=PURPLE, width=3, shape="hv"), marker=dict(size=7))
    fig.update_xaxes(**LOG_X)
    fig.update_layout(yaxis2=dict(
        title=dict(text="coefficients exactly zero", font=dict(color=PURPLE)), overlaying="y",
        side="right", range=[-0.5, r.n_coef + 0.5], showgrid=False, tickfont=dict(color=PURPLE),
        tickmode="linear", tick0=0, dtick=max(1, r.n_coef // 4), ticks="outside",
        automargin=True,  # keeps the title clear of the tick labels
    ))
    _legend_below(fig)
    return fig.build()


def errors(r: Result) -> go.Figure:
    """Training and test error along the path, with the current and the best alpha marked."""
    fig = figure("Error against alpha", "alpha (log scale)", "mean squared error")
    fig.add_scatter(x=r.alphas, y=r.train_mse_path, mode="lines", name="training",
                    line=dict(color=GREY))
    fig.add_scatter(x=r.alphas, y=r.test_mse_path, mode="lines", name="test",
                    line=dict(color=PENALTY_COLOUR[r.penalty], width=4))
    fig.add_scatter(x=[r.alphas[0], r.alphas[-1]], y=[r.unregularized_test_mse] * 2, mode="lines",
                    name="test, no penalty", line=dict(color=UNREGULARIZED, dash="dot"))
    fig.add_scatter(x=[r.best_alpha], y=[r.best_test_mse], mode="markers",
                    name=f"best alpha = {r.best_alpha:g}",
                    marker=dict(symbol="star", size=20, color=ORANGE,
                                line=dict(color=BLACK, width=1)),
                    cliponaxis=False)  # whole even at either end of the slider
    fig.add_scatter(x=[r.alpha], y=[r.test_mse], mode="markers", name=f"alpha = {r.alpha:g}",
                    marker=dict(size=16, color=BLACK, symbol="circle-open", line=dict(width=3)),
                    cliponaxis=False)
    fig.update_xaxes(**LOG_X)
    fig.update_yaxes(automargin=True)  # four-digit errors (diabetes) need a wider margin
    # Errors can span decades (a wild unpenalized fit): then a log axis, labelled 1-2-5.
    if spans_decades(np.concatenate([r.train_mse_path, r.test_mse_path,
                                     [r.unregularized_test_mse]])):
        fig.update_yaxes(type="log", dtick="D2", exponentformat="none", tickformat="~g",
                         title_text="MSE (log scale)")  # longer, it ran up into the title
    _legend_below(fig)
    return fig.build()


def geometry(r: Result) -> go.Figure:
    """Loss contours meeting each penalty's shape: why the L1 diamond gives exact zeros."""
    g = r.geometry
    fig = figure("Why the Lasso gives zeros (two features)", "w₁", "w₂", height=FIT_HEIGHT)
    fig.add_trace(dict(
        type="contour", x=g.w1, y=g.w2, z=g.rss, ncontours=14, showscale=False, hoverinfo="skip",
        contours=dict(coloring="none"), line=dict(color=GREY, width=1), name="loss contours",
        showlegend=True,
    ))
    shapes = {"ridge": (g.ridge_boundary, g.ridge, "ridge (L2 circle)"),
              "lasso": (g.lasso_boundary, g.lasso, "lasso (L1 diamond)"),
              "elastic net": (g.enet_boundary, g.enet, "elastic net")}
    for penalty, (boundary, solution, label) in shapes.items():
        current = penalty == r.penalty
        colour = PENALTY_COLOUR[penalty]
        fig.add_scatter(x=boundary[:, 0], y=boundary[:, 1], mode="lines", name=label,
                        legendgroup=penalty, opacity=1.0 if current else 0.35,
                        line=dict(color=colour, width=4 if current else 2,
                                  dash="solid" if current else "dot"))
        fig.add_scatter(x=[solution[0]], y=[solution[1]], mode="markers", legendgroup=penalty,
                        showlegend=False, opacity=1.0 if current else 0.35,
                        hovertemplate=f"{penalty} solution<br>w₁ = %{{x:.4f}}<br>w₂ = %{{y:.4f}}",
                        marker=dict(color=colour, size=16 if current else 10,
                                    line=dict(color=BLACK, width=1.5)))
    fig.add_scatter(x=g.contour[:, 0], y=g.contour[:, 1], mode="lines",
                    name="the loss contour it touches", line=dict(color=BLACK, width=2.5))
    fig.add_scatter(x=[g.ols[0]], y=[g.ols[1]], mode="markers", name="least squares",
                    marker=dict(color=BLACK, symbol="x", size=14))
    span = [float(g.w1[0]), float(g.w1[-1])]
    fig.update_xaxes(range=span, zeroline=True, zerolinecolor="#444", constrain="domain")
    fig.update_yaxes(range=span, zeroline=True, zerolinecolor="#444", scaleanchor="x",
                     scaleratio=1, constrain="domain")
    _legend_below(fig)
    return fig.build()
