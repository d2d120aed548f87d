"""Figures every classifier page shares: the decision boundary and the confusion matrix.

The boundary figure shades each grid cell in its predicted class's colour, stronger where
the model is more sure (as TensorFlow Playground does), and draws training points filled
and test points hollow, with a cross over every test point the model gets wrong. Pages add
their own marks (support vectors, margins, a chosen point's neighbours) to the ``Plot``
that :func:`boundary_plot` returns before building it.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers._classify import Scores, Split
from figures.theme import BLACK, BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILLION, Plot, figure

CLASS_COLOURS = [BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY]


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha:.3f})"


def shading(n_classes: int) -> tuple[list, float, float]:
    """A colour scale and range for z = class + certainty, certainty in [0, 1).

    Each class owns one unit of z, running from a pale tint of its colour (the model is
    guessing: probability 1/classes) to a strong one (probability 1).
    """
    stops = []
    for c in range(n_classes):
        colour = CLASS_COLOURS[c % len(CLASS_COLOURS)]
        stops += [[c / n_classes, _rgba(colour, 0.06)], [(c + 1) / n_classes, _rgba(colour, 0.55)]]
    stops[-1][0] = 1.0
    return stops, 0.0, float(n_classes)


def shade_values(grid_class: np.ndarray, grid_confidence: np.ndarray, n_classes: int) -> np.ndarray:
    """z for :func:`shading`: the class plus how far its probability is above a guess."""
    guess = 1.0 / n_classes
    certainty = np.clip((grid_confidence - guess) / (1 - guess), 0, 0.999)
    return grid_class + certainty


def boundary_plot(split: Split, scores: Scores, title: str, height: int = 620, legend: str | None = "side",
                  train_points: bool = True) -> Plot:
    """The shaded regions, class boundaries, and the training and test points.

    ``legend`` is "side" for a full-width chart, "below" for one in a column of a row
    (where a side legend would squeeze the plot), or None. ``train_points=False`` leaves
    the training points out (small multiples: every point is an SVG element the browser
    styles one by one).
    """
    fig = figure(title, split.feature_names[0], split.feature_names[1], height=height)
    k = split.n_classes
    # A coarse grid (every step-th cell, for small multiples) is drawn on the same axes.
    step = (len(split.grid_x) - 1) // max(scores.grid_class.shape[1] - 1, 1)
    grid_x, grid_y = split.grid_x[::step], split.grid_y[::step]
    # The three 100 x 100 layers go to the browser as binary arrays: float32 shading and
    # int8 classes are a third of float64's bytes, and the eye cannot tell the difference.
    stops, zmin, zmax = shading(k)
    fig.add_trace(dict(
        type="heatmap", x=grid_x, y=grid_y,
        z=shade_values(scores.grid_class, scores.grid_confidence, k).astype(np.float32),
        zmin=zmin, zmax=zmax, colorscale=stops, showscale=False, name="prediction",
        customdata=scores.grid_confidence.astype(np.float32),
        hovertemplate="predicted class region, probability %{customdata:.2f}<extra></extra>",
    ))
    # Where the predicted class changes: a contour at every half-integer of the class map.
    fig.add_trace(dict(
        type="contour", x=grid_x, y=grid_y, z=scores.grid_class.astype(np.int8),
        contours=dict(coloring="none", start=0.5, end=k - 1.5 if k > 2 else 0.5, size=1),
        line=dict(color=BLACK, width=2), showscale=False, hoverinfo="skip", name="decision boundary",
        showlegend=True,
    ))
    wrong = scores.test_predicted != split.y_test
    for c, name in enumerate(split.class_names):
        colour = CLASS_COLOURS[c % len(CLASS_COLOURS)]
        train = split.y_train == c
        if train_points:
            fig.add_scatter(
                x=split.X_train[train, 0], y=split.X_train[train, 1], mode="markers",
                name=f"{name}, train", legendgroup=name,
                marker=dict(color=colour, size=8, line=dict(color="white", width=0.8)),
                hovertemplate=f"train, {name}<extra></extra>",
            )
        test = split.y_test == c
        fig.add_scatter(
            x=split.X_test[test, 0], y=split.X_test[test, 1], mode="markers",
            name=f"{name}, test", legendgroup=name,
            marker=dict(color="white", size=9, line=dict(color=colour, width=2.5)),
            hovertemplate=f"test, {name}<extra></extra>",
        )
    fig.add_scatter(
        x=split.X_test[wrong, 0], y=split.X_test[wrong, 1], mode="markers",
        name=f"misclassified test point ({int(wrong.sum())})",
        marker=dict(symbol="x-thin", size=13, line=dict(color=BLACK, width=2.5)),
        hovertemplate="misclassified test point<extra></extra>",
    )
    fig.update_xaxes(range=[split.grid_x[0], split.grid_x[-1]], showgrid=False)
    fig.update_yaxes(range=[split.grid_y[0], split.grid_y[-1]], showgrid=False)
    if legend == "side":  # a full-width boundary plot has room at its side, less below it
        fig.update_layout(legend=dict(x=1.02, xanchor="left", y=1, yanchor="top"))
    elif legend == "below":
        fig.update_layout(legend=dict(orientation="h", x=0, y=-0.2, yanchor="top"),
                          margin=dict(b=150))
    else:
        fig.update_layout(showlegend=False)
    return fig


def boundary_figure(split: Split, scores: Scores, title: str, height: int = 620,
                    legend: str | None = "side") -> go.Figure:
    return boundary_plot(split, scores, title, height, legend).build()


def confusion_figure(split: Split, scores: Scores, height: int = 380) -> go.Figure:
    """Test counts by true class (rows) and predicted class (columns), each cell labelled."""
    return counts_figure(split.class_names, scores.confusion, scores.test_accuracy, height)


def counts_figure(class_names, counts: np.ndarray, accuracy: float, height: int = 380) -> go.Figure:
    """The confusion matrix from its numbers, for pages whose results are not a Split and Scores."""
    names = list(class_names)
    fig = figure(f"Confusion matrix, test set (accuracy {accuracy:.1%})",
                 "predicted class", "true class", height=height)
    fig.add_trace(dict(
        type="heatmap", x=names, y=names, z=counts, colorscale=[[0, "#FFFFFF"], [1, BLUE]], showscale=False,
        text=counts.astype(str), texttemplate="%{text}", textfont=dict(size=20),
        hovertemplate="true %{y}, predicted %{x}: %{z}<extra></extra>",
    ))
    fig.update_xaxes(showgrid=False, type="category")
    fig.update_yaxes(showgrid=False, type="category", autorange="reversed")
    return fig.build()
