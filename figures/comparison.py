"""Figures for the classifier comparison: every model's boundary, and their scores side by side."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.classify import boundary_figure, boundary_plot
from figures.theme import BLUE, GREY, VERMILLION, figure


def small_boundary(r, fitted) -> go.Figure:
    """One model's boundary, small and without a legend, for the grid of all of them."""
    title = f"{fitted.name}: {fitted.scores.test_accuracy:.0%}"
    # Styled on the Plot, before build(): a built go.Figure re-validates on every update,
    # which cost more than drawing the eight panels.
    fig = boundary_plot(r.split, fitted.scores, title, height=340, legend=None)
    fig.update_layout(margin=dict(l=40, r=10, t=50, b=40), title=dict(font=dict(size=17)))
    fig.update_xaxes(title=None)
    fig.update_yaxes(title=None)
    return fig.build()


def focus_figure(r) -> go.Figure:
    f = r.focus
    return boundary_figure(r.split, f.scores, f"{f.name}: test accuracy {f.scores.test_accuracy:.1%}",
                           height=520, legend="below")


def scores_figure(r) -> go.Figure:
    """Train and test accuracy of every model, best test accuracy on top."""
    order = np.argsort([f.scores.test_accuracy for f in r.models], kind="stable")
    names = [r.models[i].name for i in order]
    fig = figure("Accuracy, every model", "accuracy", "", height=460)
    for which, colour in (("train", BLUE), ("test", VERMILLION)):
        values = [getattr(r.models[i].scores, f"{which}_accuracy") for i in order]
        fig.add_trace(dict(type="bar", orientation="h", x=values, y=names, name=which,
                           marker=dict(color=colour), text=[f"{v:.1%}" for v in values],
                           textposition="outside", hovertemplate=f"{which} %{{x:.1%}}<extra></extra>"))
    fig.update_layout(barmode="group", legend=dict(orientation="h", x=0, y=1.08, yanchor="bottom"))
    lowest = min(min(f.scores.test_accuracy, f.scores.train_accuracy) for f in r.models)
    fig.update_xaxes(range=[max(0.0, lowest - 0.1), 1.08], tickformat=".0%")
    return fig.build()


def time_figure(r) -> go.Figure:
    names = [f.name for f in r.models]
    ms = [1000 * f.fit_seconds for f in r.models]
    fig = figure("Fit time on this server (varies run to run)", "milliseconds (log scale)", "", height=460)
    fig.add_trace(dict(type="bar", orientation="h", x=ms, y=names, marker=dict(color=GREY),
                       text=[f"{v:.0f} ms" if v >= 1 else f"{v:.2f} ms" for v in ms],
                       textposition="outside", hovertemplate="%{x:.1f} ms<extra></extra>"))
    fig.update_xaxes(type="log")
    fig.update_yaxes(autorange="reversed")
    return fig.build()
