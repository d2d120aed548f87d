"""Figures for the classifier comparison: every model's boundary, and their scores side by side."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.comparison import Result
from figures.classify import boundary_plot
from figures.theme import BLUE, GREY, VERMILLION, Plot, figure


# Each panel keeps the 250 px plot it had as a chart of its own, with 40 px for the tick labels
# below it and 70 px for its two-line title above.
PANEL, TITLE, TICKS = 250, 70, 40


def panels_figure(r: Result, columns: int = 4) -> go.Figure:
    return panels_plot(r, columns).build()


def panels_plot(r: Result, columns: int = 4) -> Plot:
    """Every model's boundary, small and without a legend, ``columns`` panels a row, in one figure.

    One chart rather than one per model: each chart on a page is serialised, sent and drawn
    by the browser on its own, which cost more than the panels' contents. Each panel keeps
    its own axes on the same range, and its title above it: the model, then its test accuracy,
    on two lines, so that the longest name fits above its panel in a 1,280 px wide window.

    The panels show the test points only, the ones their titles score: every point is an
    SVG element the browser styles one by one, and the training points tripled them (the
    model looked at closer shows them all).
    """
    rows = -(-len(r.models) // columns)
    height = rows * (TITLE + PANEL + TICKS)
    area = height - TITLE - TICKS  # the plotting area: rows of panels with a title and ticks between
    gap = 0.06  # between columns, for the next panel's tick labels
    width = (1 - gap * (columns - 1)) / columns
    fig = Plot(height=height, showlegend=False, margin=dict(l=40, r=10, t=TITLE, b=TICKS))
    for i, fitted in enumerate(r.models):
        row, column = divmod(i, columns)
        left, top = column * (width + gap), 1 - row * (PANEL + TICKS + TITLE) / area
        axis = "" if i == 0 else str(i + 1)
        # Styled on the Plot, before build(): a built go.Figure re-validates on every update.
        panel = boundary_plot(r.split, fitted.scores, "", legend=None, train_points=False)
        for trace in panel.data:
            fig.add_trace({**trace, "xaxis": f"x{axis}", "yaxis": f"y{axis}"})
        fig.update_layout(**{
            f"xaxis{axis}": {**_panel_axis(panel.layout["xaxis"]), "domain": [left, left + width],
                             "anchor": f"y{axis}"},
            f"yaxis{axis}": {**_panel_axis(panel.layout["yaxis"]), "domain": [top - PANEL / area, top],
                             "anchor": f"x{axis}"},
        })
        # Flush with the tick labels' left edge, as a chart's own title was.
        fig.add_annotation(text=f"{fitted.name}<br>test {fitted.scores.test_accuracy:.0%}",
                           font=dict(size=17), align="left", x=left, xref="paper", xanchor="left",
                           xshift=-35, y=top, yref="paper", yanchor="bottom", yshift=8, showarrow=False)
    return fig


def _panel_axis(axis: dict) -> dict:
    """A panel's axis: no title, and fixed margins. Left to grow its margins (the theme's
    automargin), each of the sixteen axes made Chromium lay the chart out again: nearly a
    third of its time drawing the panels (bench/README.md, fifth stop)."""
    # The title is left out rather than None: a checked figure drops a None, an unchecked
    # one would send it.
    return {**{key: value for key, value in axis.items() if key != "title"}, "automargin": False}


def focus_plot(r: Result) -> Plot:
    f = r.focus
    return boundary_plot(r.split, f.scores, f"{f.name}: test accuracy {f.scores.test_accuracy:.1%}",
                         height=520, legend="below")


def focus_figure(r: Result) -> go.Figure:
    """The model looked at closer, on the full grid, with a legend below."""
    return focus_plot(r).build()


def scores_figure(r: Result) -> go.Figure:
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


def time_figure(r: Result) -> go.Figure:
    names = [f.name for f in r.models]
    ms = [1000 * f.fit_seconds for f in r.models]
    fig = figure("Fit time on this server (varies run to run)", "milliseconds (log scale)", "", height=460)
    fig.add_trace(dict(type="bar", orientation="h", x=ms, y=names, marker=dict(color=GREY),
                       text=[f"{v:.0f} ms" if v >= 1 else f"{v:.2f} ms" for v in ms],
                       textposition="outside", hovertemplate="%{x:.1f} ms<extra></extra>"))
    # Room right of the longest bar for its label: plotly's autorange leaves none on a log
    # axis, and "563 ms" ran off the chart.
    lo, hi = np.log10(max(min(ms), 1e-3)), np.log10(max(max(ms), 1e-3))
    fig.update_xaxes(type="log", range=[lo - 0.3, hi + 0.35 * max(hi - lo, 1) + 0.3])
    fig.update_yaxes(autorange="reversed")
    return fig.build()
