"""Figures for the gradient-boosting explorer: a stage's residuals and tree, and the
accuracy of scikit-learn and XGBoost as trees are added."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.gradient_boosting import Result
from figures.classify import _rgba, boundary_figure
from figures.theme import BLACK, BLUE, VERMILLION, figure

# Negative (push towards the other class) blue, positive (towards the shown class) red.
DIVERGING = [[0.0, BLUE], [0.5, "#FFFFFF"], [1.0, VERMILLION]]


def before_figure(r: Result) -> go.Figure:
    n = r.stage - 1
    what = "the prior alone (no tree yet)" if n == 0 else f"{n} tree{'s' * (n != 1)}"
    return boundary_figure(r.split, r.before, f"Before tree {r.stage}: {what}", height=600,
                           legend="below")


def residual_figure(r: Result) -> go.Figure:
    """Tree m's output on the plane behind the residuals it was fitted to."""
    s = r.split
    name = s.class_names[r.residual_class]
    fig = figure(f"Tree {r.stage} fitted to the residuals (y − p for {name})",
                 s.feature_names[0], s.feature_names[1], height=600)
    reach = float(np.abs(r.tree_grid).max()) or 1.0
    # float32: plenty for a colour, and half the bytes of each frame when the stages play.
    fig.add_trace(dict(
        type="heatmap", x=s.grid_x, y=s.grid_y, z=r.tree_grid.astype(np.float32), zmin=-reach,
        zmax=reach,
        colorscale=[[0, _rgba(BLUE, 0.45)], [0.5, "rgba(255,255,255,0)"], [1, _rgba(VERMILLION, 0.45)]],
        showscale=False, name=f"tree {r.stage}'s output",
        hovertemplate="tree output %{z:.2f}<extra></extra>",
    ))
    fig.add_scatter(
        x=s.X_train[:, 0], y=s.X_train[:, 1], mode="markers", name="training points, by residual",
        customdata=r.residuals,
        marker=dict(color=r.residuals, cmin=-1, cmax=1, colorscale=DIVERGING, size=4 + 10 * np.abs(r.residuals),
                    line=dict(color=BLACK, width=0.6),
                    colorbar=dict(title=dict(text="y − p", side="right"), thickness=14, len=0.8)),
        hovertemplate="residual %{customdata:.2f}<extra></extra>",
    )
    fig.update_xaxes(range=[s.grid_x[0], s.grid_x[-1]], showgrid=False)
    fig.update_yaxes(range=[s.grid_y[0], s.grid_y[-1]], showgrid=False)
    fig.update_layout(showlegend=False)
    return fig.build()


def curves_figure(r: Result) -> go.Figure:
    fig = figure("Accuracy as trees are added", "stages (trees)", "accuracy", height=460)
    for y, name, colour, dash in (
        (r.train_curve, "scikit-learn, train", BLUE, "solid"),
        (r.test_curve, "scikit-learn, test", VERMILLION, "solid"),
        (r.xgb_train_curve, "XGBoost, train", BLUE, "dot"),
        (r.xgb_test_curve, "XGBoost, test", VERMILLION, "dot"),
    ):
        fig.add_scatter(x=r.stages, y=y, mode="lines", name=name, line=dict(color=colour, dash=dash),
                        hovertemplate=f"{name}: %{{y:.3f}} after %{{x}} trees<extra></extra>")
    fig.add_shape(type="line", x0=r.stage, x1=r.stage, yref="paper", y0=0, y1=1,
                  line=dict(color=BLACK, width=2, dash="dash"))
    fig.add_annotation(x=r.stage, y=1, yref="paper", yanchor="bottom", showarrow=False,
                       text=f"stage {r.stage}", font=dict(size=15))
    fig.update_xaxes(range=[0.5, max(len(r.stages), 2) + 0.5])
    fig.update_layout(legend=dict(x=0.99, xanchor="right", y=0.02, yanchor="bottom"))
    return fig.build()


def final_figures(r: Result) -> tuple[go.Figure, go.Figure]:
    n = len(r.stages)
    return (boundary_figure(r.split, r.scores, f"scikit-learn, {n} trees: test {r.test_accuracy:.1%}",
                            height=520, legend=None),
            boundary_figure(r.split, r.xgb_scores, f"XGBoost, {n} trees: test {r.xgb_test_accuracy:.1%}",
                            height=520, legend=None))
