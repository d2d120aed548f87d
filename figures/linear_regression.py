"""Figures for the linear-regression explorer: pure ``Result -> plotly Figure`` functions."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from explorers.linear_regression import Result
from figures.animation import grown, strided
from figures.theme import BLACK, BLUE, GREY, ORANGE, SKY, VERMILLION, MARGIN, Plot, figure

# One colour per method on every figure: least squares blue, gradient descent red.
LEAST_SQUARES, DESCENT = BLUE, VERMILLION
HEIGHT = 480  # figures sit two to a row: one height keeps them aligned
BELOW_AXIS_PX = 105  # room for the x tick labels and the x-axis title under a plot


def _legend_below(fig: Plot) -> None:
    """Legend under the plot (beside it, it would take half a column). Its offset is in plot
    heights, so it is converted from pixels."""
    plot_height = fig.layout["height"] - MARGIN.t - MARGIN.b
    fig.update_layout(legend=dict(orientation="h", yanchor="top", xanchor="left", x=0.0,
                                  y=-BELOW_AXIS_PX / plot_height))


def data_range(values: np.ndarray, margin: float = 0.15) -> list[float]:
    """The span of ``values`` widened by ``margin`` of itself on both sides."""
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = margin * max(hi - lo, 1e-9)
    return [lo - pad, hi + pad]


def residual_segments(x: np.ndarray, y: np.ndarray, fitted: np.ndarray):
    """Vertical segments from each point to the fit, as one trace: x, x, NaN, …"""
    nan = np.full_like(x, np.nan)
    return (np.column_stack([x, x, nan]).ravel(), np.column_stack([y, fitted, nan]).ravel())


def descent_label(r: Result) -> str:
    if r.gd_diverged_at:
        return f"gradient descent (diverged at step {r.gd_diverged_at})"
    return f"gradient descent after {len(r.gd_losses) - 1} steps"


def fit(r: Result) -> go.Figure:
    """The data, the least-squares fit, its residuals, and where gradient descent got to."""
    x_name = "BMI (scaled)" if r.data.startswith("diabetes") else "x"
    y_name = "disease progression" if r.data.startswith("diabetes") else "y"
    what = "line" if r.degree == 1 else f"degree-{r.degree} fit"
    fig = figure(f"Least-squares {what}, residuals", x_name, y_name, height=HEIGHT)
    fig.add_scatter(x=r.x_test, y=r.y_test, mode="markers", name="test points",
                    marker=dict(color=SKY, size=6, opacity=0.45))
    if r.y_grid_true.size:
        fig.add_scatter(x=r.x_grid, y=r.y_grid_true, mode="lines", name="true curve",
                        line=dict(color=GREY, dash="dash", width=2))
    seg_x, seg_y = residual_segments(r.x_train, r.y_train, r.pred_train)
    fig.add_scatter(x=seg_x, y=seg_y, mode="lines", name="residuals (y − ŷ)",
                    line=dict(color=ORANGE, width=2), hoverinfo="skip")
    fig.add_scatter(x=r.x_grid, y=r.y_grid_fit, mode="lines", name="least squares",
                    line=dict(color=LEAST_SQUARES, width=4))
    fig.add_scatter(x=r.x_grid, y=r.y_grid_gd, mode="lines", name=descent_label(r),
                    line=dict(color=DESCENT, width=3, dash="dot"))
    fig.add_scatter(x=r.x_train, y=r.y_train, mode="markers", name="training points",
                    marker=dict(color=BLACK, size=9 if r.x_train.size <= 60 else 5))
    if r.outlier_index >= 0:
        i = r.outlier_index
        fig.add_scatter(x=[r.x_train[i]], y=[r.y_train[i]], mode="markers", name="the outlier",
                        marker=dict(color="rgba(0,0,0,0)", size=22, symbol="circle",
                                    line=dict(color=VERMILLION, width=3)), cliponaxis=False)
    # A diverged descent or a wild polynomial can leave the data far behind: keep the data
    # in view and let those lines run off the plot.
    fig.update_yaxes(range=data_range(np.concatenate([r.y_train, r.y_test])))
    _legend_below(fig)
    return fig.build()


def surface(r: Result) -> go.Figure:
    """Degree 1: the MSE over (slope, intercept), gradient descent's path, the minimum."""
    unit = " (per SD of x)" if r.standardize else ""
    fig = figure("Gradient descent on the loss surface", f"slope{unit}",
                 "intercept" + (" (at mean x)" if r.standardize else ""), height=HEIGHT)
    # Contours of √(MSE − min): for a quadratic bowl those are evenly spaced ellipses, so
    # the shape of the bowl (round or a narrow valley) reads at a glance.
    depth = np.sqrt(np.maximum(r.surface_loss - r.surface_loss.min(), 0.0))
    fig.add_trace(dict(type="contour", x=r.surface_w, y=r.surface_b, z=depth, ncontours=16,
                       showscale=False, hoverinfo="skip", contours=dict(coloring="none"),
                       line=dict(color=GREY, width=1), name="loss contours", showlegend=True))
    path = r.gd_thetas
    fig.add_scatter(x=path[:, 0], y=path[:, 1], mode="lines+markers", name=descent_label(r),
                    line=dict(color=DESCENT, width=2), marker=dict(color=DESCENT, size=5),
                    customdata=r.gd_losses,
                    hovertemplate="step %{pointNumber}<br>slope %{x:.4g}<br>intercept %{y:.4g}"
                                  "<br>MSE %{customdata:.4g}<extra></extra>")
    fig.add_scatter(x=[0.0], y=[0.0], mode="markers", name="start (0, 0)",
                    marker=dict(color=BLACK, size=12, symbol="circle-open", line=dict(width=2)),
                    cliponaxis=False)
    fig.add_scatter(x=[r.theta_ls[0]], y=[r.theta_ls[1]], mode="markers",
                    name="least-squares minimum", cliponaxis=False,
                    marker=dict(color=LEAST_SQUARES, size=16, symbol="x",
                                line=dict(color=BLACK, width=1)))
    span_w = [float(r.surface_w[0]), float(r.surface_w[-1])]
    span_b = [float(r.surface_b[0]), float(r.surface_b[-1])]
    # Equal units on both axes: only then is each gradient step drawn perpendicular to the
    # contour it leaves, and a narrow valley looks narrow.
    fig.update_xaxes(range=span_w, constrain="domain")
    fig.update_yaxes(range=span_b, scaleanchor="x", scaleratio=1, constrain="domain")
    _legend_below(fig)
    return fig.build()


def losses(r: Result) -> go.Figure:
    """Gradient descent's training MSE at every step (log scale) against the least-squares MSE."""
    fig = figure(f"Training MSE at each step, learning rate {r.learning_rate:g}", "step",
                 "training MSE (log scale)", height=HEIGHT)
    steps = np.arange(len(r.gd_losses))
    fig.add_scatter(x=[0, max(int(steps[-1]), 1)], y=[r.train_mse] * 2, mode="lines",
                    name="least squares (the minimum)",
                    line=dict(color=LEAST_SQUARES, dash="dash", width=3))
    fig.add_scatter(x=steps, y=r.gd_losses, mode="lines", name="gradient descent",
                    line=dict(color=DESCENT, width=3))
    if r.gd_diverged_at:
        fig.add_scatter(x=[r.gd_diverged_at], y=[r.gd_losses[-1]], mode="markers+text",
                        name=f"diverged at step {r.gd_diverged_at}",
                        text=[f"diverged at step {r.gd_diverged_at}"],
                        textposition="bottom left", cliponaxis=False,
                        marker=dict(color=DESCENT, size=14, symbol="star"))
    # The minimum can be ~0 (noise-free data): keep the log axis on positive values.
    positive = np.concatenate([r.gd_losses, [r.train_mse]])
    positive = positive[positive > 0]
    lo, hi = positive.min() / 2, positive.max() * 2
    fig.update_yaxes(type="log", range=list(np.log10([lo, hi])))
    if hi / lo < 1e3:  # within a few decades plain numbers read best: 0.2, 0.5, 1
        fig.update_yaxes(dtick="D2", exponentformat="none", tickformat="~g")
    else:  # a divergence spans many: 10², 10⁴, …
        fig.update_yaxes(exponentformat="power")
    _legend_below(fig)
    return fig.build()


def coefficients(r: Result) -> go.Figure:
    """Degree > 1: each coefficient along the descent, with its least-squares value dashed."""
    unit = " (standardised features)" if r.standardize else ""
    fig = figure(f"Coefficients at each step{unit}", "step", "coefficient", height=HEIGHT)
    names = (*r.feature_names, "intercept")
    colours = sample_colorscale("Viridis", np.linspace(0.0, 0.9, len(names)))
    steps = np.arange(len(r.gd_thetas))
    last = max(int(steps[-1]), 1)
    for j, (name, colour) in enumerate(zip(names, colours)):
        fig.add_scatter(x=steps, y=r.gd_thetas[:, j], mode="lines", name=name, legendgroup=name,
                        line=dict(color=colour, width=2.5))
        fig.add_scatter(x=[0, last], y=[r.theta_ls[j]] * 2, mode="lines", legendgroup=name,
                        name=f"{name}, least squares", showlegend=False,
                        line=dict(color=colour, width=1.5, dash="dash"))
    # Diverging coefficients would flatten everything else: keep the targets and the start in view.
    fig.update_yaxes(range=data_range(np.append(r.theta_ls, 0.0), 0.3))
    _legend_below(fig)
    return fig.build()


def walk_surface(r: Result) -> go.Figure:
    """``surface`` with ▶ Play walking gradient descent's path again from (0, 0): the
    figure opens with all the steps the slider sets, and Play draws them one by one."""
    path = r.gd_thetas.astype(np.float32)  # positions on screen: float32 is plenty
    steps = strided(0, len(path) - 1)
    return grown(surface(r), [descent_label(r)],
                 [[dict(x=path[:k + 1, 0], y=path[:k + 1, 1])] for k in steps], steps)
