"""Figures for the outliers page: the points with every fitted line (the chart a click edits),
each fit's slope against the true one, and the six detectors' flags side by side."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.outliers import DETECTORS, REGRESSORS, SIMPLE, Result
from figures.theme import BLACK, BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILLION, Plot, figure

# One colour per fit, the same on both charts; the outliers keep red for themselves.
FIT_COLOURS = dict(zip(REGRESSORS, (ORANGE, SKY, GREEN, PURPLE)))
FIT_DASHES = dict(zip(REGRESSORS, ("solid", "dash", "dot", "dashdot")))
OUTLIER = dict(symbol="diamond", size=13, color=VERMILLION, line=dict(color=BLACK, width=1))
FLAGGED, UNFLAGGED = VERMILLION, "#B8B8B8"


def _ranges(r: Result) -> tuple[list[float], list[float]]:
    """Both axes over the points and the clickable lattice, with a margin."""
    ranges = []
    for values, lattice in ((r.x, r.lattice_x), (r.y, r.lattice_y)):
        lo, hi = min(values.min(), lattice.min()), max(values.max(), lattice.max())
        pad = 0.04 * (hi - lo)
        ranges.append([float(lo - pad), float(hi + pad)])
    return ranges[0], ranges[1]


def _lines(fig: Plot, r: Result, x_range, legend: bool = True, **axes) -> None:
    """The true line (or the fit before the outliers, on a table) and the four fits."""
    xs = np.array(x_range)
    if r.true_slope is not None:
        name, a, b = "true line", r.true_intercept, r.true_slope
    else:
        name, a, b = "least squares before outliers", r.clean_intercept, r.clean_slope
    fig.add_scatter(x=xs, y=a + b * xs, mode="lines", name=name, showlegend=legend, hoverinfo="skip",
                    line=dict(color=BLACK, width=2, dash="longdash"), **axes)
    for fit in r.fits:
        fig.add_scatter(x=xs, y=fit.intercept + fit.slope * xs, mode="lines", showlegend=legend,
                        name=fit.name, hovertemplate=f"{fit.name}: slope {fit.slope:.3f}<extra></extra>",
                        line=dict(color=FIT_COLOURS[fit.name], width=3.5, dash=FIT_DASHES[fit.name]), **axes)


def points_figure(r: Result, clickable: bool = False, height: int = 440) -> go.Figure:
    """The points, the outliers and the four fitted lines. ``clickable``: with the faint
    lattice of positions a click adds an outlier at (and the placed ones marked to remove)."""
    fig = figure("Fits with outliers" if not clickable else "Click the faint grid to add an outlier",
                 r.names[0], r.names[1], height=height)
    x_range, y_range = _ranges(r)
    if clickable:
        gx, gy = np.meshgrid(r.lattice_x, r.lattice_y)
        fig.add_scatter(x=gx.ravel(), y=gy.ravel(), mode="markers", name="click: add an outlier",
                        showlegend=False, customdata=np.full(gx.size, "add"),
                        marker=dict(size=7, color="rgba(140,140,140,0.22)"),
                        hovertemplate="add an outlier at (%{x}, %{y})<extra></extra>")
    own = r.kind == 0
    fig.add_scatter(x=r.x[own], y=r.y[own], mode="markers", name="points",
                    marker=dict(size=9, color=BLUE, opacity=0.8),
                    hovertemplate="(%{x:.3g}, %{y:.3g})<extra></extra>")
    _lines(fig, r, x_range)
    for kind, name in ((1, "outliers (sliders)"), (2, "outliers you placed")):
        chosen = r.kind == kind
        if not chosen.any():
            continue
        marker = dict(OUTLIER) if kind == 1 else dict(OUTLIER, symbol="star-diamond", size=16)
        extra = {}
        if clickable and kind == 2:
            extra = dict(customdata=np.full(int(chosen.sum()), "remove"),
                         hovertemplate="(%{x:.3g}, %{y:.3g}): click to remove<extra></extra>")
        else:
            extra = dict(hovertemplate="(%{x:.3g}, %{y:.3g})<extra></extra>")
        fig.add_scatter(x=r.x[chosen], y=r.y[chosen], mode="markers", name=name, marker=marker, **extra)
    fig.update_xaxes(range=x_range)
    fig.update_yaxes(range=y_range)
    # Inside the plot's top left, which the rising line leaves empty: below it, the legend's
    # seven rows took most of a half-width chart's height.
    fig.update_layout(legend=dict(x=0.01, y=0.99, xanchor="left", yanchor="top", font=dict(size=13),
                                  bgcolor="rgba(255,255,255,0.85)", tracegroupgap=0), margin=dict(t=50))
    if clickable:
        # A click selects a point (and so reaches the page); dragging pans instead of zooming,
        # so a slightly moving click is not a zoom box.
        fig.update_layout(clickmode="event+select", dragmode="pan", hovermode="closest")
    return fig.build()


def slopes_figure(r: Result) -> go.Figure:
    """Each fit's slope as a dot, against the true slope (or, on a table, the slope before
    the outliers were added): the horizontal gap is each fit's pull."""
    reference = "true slope" if r.true_slope is not None else "slope before outliers"
    fig = figure("How far each slope is pulled", "slope", "", height=440)
    slopes = [f.slope for f in r.fits]
    for fit in r.fits:
        fig.add_scatter(x=[fit.slope], y=[fit.name], mode="markers+text", text=[f"{fit.slope:.2f}"],
                        textposition="top center", textfont=dict(size=16), showlegend=False,
                        marker=dict(size=18, color=FIT_COLOURS[fit.name], line=dict(color=BLACK, width=1)),
                        hovertemplate=f"{fit.name}: slope %{{x:.3f}}<extra></extra>", cliponaxis=False)
    fig.add_shape(type="line", x0=r.reference, x1=r.reference, y0=0, y1=1, yref="paper",
                  line=dict(color=BLACK, width=2, dash="longdash"))
    fig.add_annotation(text=f"{reference} {r.reference:.2f}", x=r.reference, y=1, yref="paper",
                       yanchor="bottom", showarrow=False, font=dict(size=15))
    lo, hi = min(*slopes, r.reference), max(*slopes, r.reference)
    pad = max(0.15 * (hi - lo), 0.05 * max(abs(r.reference), 1e-9), 1e-6)
    fig.update_xaxes(range=[lo - pad, hi + pad])
    fig.update_yaxes(autorange="reversed", showgrid=False, title=dict(text=""))
    fig.update_layout(margin=dict(t=80, l=110))
    return fig.build()


# Each panel keeps a 190 px plot, with 30 px for its tick labels and 56 px for its two-line title.
PANEL, TITLE, TICKS = 190, 56, 30


def detectors_figure(r: Result, columns: int = 3) -> go.Figure:
    """Every detector's flags on the same points, one small panel each: flagged points red,
    the others grey; the added outliers are diamonds. The simple rules' limits are drawn
    as lines (a box on the two columns, or a band about the Theil-Sen line)."""
    rows = -(-len(DETECTORS) // columns)
    height = rows * (TITLE + PANEL + TICKS) + 40
    area = height - TITLE - TICKS - 40
    gap = 0.05
    width = (1 - gap * (columns - 1)) / columns
    fig = Plot(height=height, margin=dict(l=40, r=10, t=TITLE, b=TICKS + 40),
               legend=dict(orientation="h", x=0, y=-0.02, yanchor="top"))
    x_range, y_range = _ranges(r)
    symbols = np.where(r.kind > 0, "diamond", "circle")
    sizes = np.where(r.kind > 0, 11, 7)
    outlines = np.where(r.kind > 0, BLACK, "white")  # the added outliers outlined in black
    for i, d in enumerate(r.detections):
        row, column = divmod(i, columns)
        left, top = column * (width + gap), 1 - row * (PANEL + TICKS + TITLE) / area
        axis = "" if i == 0 else str(i + 1)
        axes = dict(xaxis=f"x{axis}", yaxis=f"y{axis}")
        for flagged, colour, name in ((False, UNFLAGGED, "not flagged"), (True, FLAGGED, "flagged")):
            chosen = d.flagged == flagged
            fig.add_scatter(x=r.x[chosen], y=r.y[chosen], mode="markers", name=name, showlegend=i == 0,
                            legendgroup=name, hovertemplate=f"(%{{x:.3g}}, %{{y:.3g}}) {name}<extra></extra>",
                            marker=dict(color=colour, symbol=symbols[chosen], size=sizes[chosen],
                                        line=dict(color=outlines[chosen].tolist(), width=1)),
                            **axes)
        if d.name in SIMPLE:
            _limits(fig, r, d, x_range, axis)
        fig.update_layout(**{
            f"xaxis{axis}": dict(domain=[left, left + width], anchor=f"y{axis}", range=x_range,
                                 automargin=False, showgrid=False),
            f"yaxis{axis}": dict(domain=[top - PANEL / area, top], anchor=f"x{axis}", range=y_range,
                                 automargin=False, showgrid=False),
        })
        fig.add_annotation(text=f"<b>{d.name}</b><br>{_tally(r, d)}", font=dict(size=15), align="left",
                           x=left, xref="paper", xanchor="left", xshift=-30, y=top, yref="paper",
                           yanchor="bottom", yshift=4, showarrow=False)
    fig.add_scatter(x=[None], y=[None], mode="markers", name="added outlier",
                    marker=dict(symbol="diamond", size=11, color="white", line=dict(color=BLACK, width=1)))
    return fig.build()


def _tally(r: Result, d) -> str:
    """A panel's count: the added outliers caught, and the other points flagged."""
    others = "other point" if r.from_table else "false alarm"
    return f"caught {d.caught} of {r.n_added}, {d.others} {others}{'' if d.others == 1 else 's'}"


def _limits(fig: Plot, r: Result, d, x_range, axis: str) -> None:
    """A simple rule's limits: lines at the allowed range of x and of y, or lines parallel
    to the Theil-Sen line at the allowed residuals."""
    style = dict(color=GREY, width=1.5, dash="dash")
    refs = dict(xref=f"x{axis}", yref=f"y{axis}")
    if r.rules_on == "each column":
        (x_lo, x_hi), (y_lo, y_hi) = d.limits
        for x in (x_lo, x_hi):
            fig.add_shape(type="line", x0=x, x1=x, y0=y_lo, y1=y_hi, line=style, **refs)
        for y in (y_lo, y_hi):
            fig.add_shape(type="line", x0=x_lo, x1=x_hi, y0=y, y1=y, line=style, **refs)
        return
    a, b = r.robust_line
    for offset in d.limits[0]:
        fig.add_shape(type="line", x0=x_range[0], x1=x_range[1], y0=a + offset + b * x_range[0],
                      y1=a + offset + b * x_range[1], line=style, **refs)
