"""Figures for the convolution explorer: pure ``Result -> plotly Figure`` functions.

Images are heatmaps with square pixels and row 0 at the top, as images are read. The
patch under the chosen output pixel, and that pixel itself, are outlined in green on
every map; the pooling block that holds it in black.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.convolution import Result
from figures.theme import BLACK, BLUE, GREEN, VERMILLION, figure

GREYS = [[0.0, "#000000"], [1.0, "#FFFFFF"]]
# Negative responses blue, zero white, positive red: the sign of an edge shows.
DIVERGING = [[0.0, BLUE], [0.5, "#FFFFFF"], [1.0, VERMILLION]]
PICK = GREEN
SATURATE = 97  # percentile of |value| where a map's colour scale ends


def colour_range(values: np.ndarray) -> dict:
    """Grey from 0 up for maps with no negative value (blurs), else a scale centred on 0.

    The scale ends at the 97th percentile of |value|: the few strongest pixels (often the
    image's border, where the padding's zeros make a steep edge) saturate instead of
    washing every other response out to white. Hovering gives the true values.
    """
    top = float(np.percentile(np.abs(values), SATURATE)) or float(np.abs(values).max()) or 1.0
    if values.min() >= 0:
        return dict(colorscale=GREYS, zmin=0.0, zmax=top)
    return dict(colorscale=DIVERGING, zmin=-top, zmax=top)


def _image_axes(fig, width: int, height: int, x0: float = -0.5, y0: float = -0.5) -> None:
    fig.update_xaxes(range=[x0, x0 + width], showgrid=False, constrain="domain", ticks="outside")
    # Row 0 at the top, and one unit of x as long as one of y: pixels stay square.
    fig.update_yaxes(range=[y0 + height, y0], showgrid=False, scaleanchor="x", scaleratio=1,
                     constrain="domain")


def _box(fig, x0, x1, y0, y1, colour, width=3, dash="solid", xref="x", yref="y") -> None:
    fig.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, xref=xref, yref=yref,
                  line=dict(color=colour, width=width, dash=dash))


def _ring(fig, x, y, size, name, colour=PICK) -> None:
    # A ring of fixed screen size: one pixel of a 96-pixel map is only a few points wide.
    fig.add_scatter(x=[int(x)], y=[int(y)], mode="markers", name=name, showlegend=False,
                    marker=dict(symbol="circle-open", size=size, color=colour, line=dict(width=3)),
                    hoverinfo="skip")


def _heatmap(z, x=None, y=None, name="", **kwargs) -> dict:
    trace = dict(type="heatmap", z=z, name=name, showscale=False,
                 hovertemplate="row %{y}, col %{x}: %{z:.3f}<extra></extra>")
    trace.update(kwargs)
    if x is not None:
        trace.update(x=x, y=y)
    return trace


def input_figure(r: Result) -> go.Figure:
    """The padded input in grey, the real image framed, the kernel's nine taps outlined."""
    p = r.padding
    n_h, n_w = r.image.shape
    fig = figure(f"Input {n_h} × {n_w}, padding {p}", "column", "row", height=440)
    fig.add_trace(_heatmap(r.padded, x=np.arange(-p, n_w + p), y=np.arange(-p, n_h + p),
                           name="input", zmin=0.0, zmax=1.0, colorscale=GREYS))
    if p:  # the real image's edge; outside it, the zeros of the padding
        _box(fig, -0.5, n_w - 0.5, -0.5, n_h - 0.5, BLUE, width=2, dash="dash")
    y0, x0 = int(r.taps_y[0]), int(r.taps_x[0])
    _box(fig, x0 - 0.5, x0 + r.span - 0.5, y0 - 0.5, y0 + r.span - 0.5, PICK, width=2, dash="dot")
    for ty in r.taps_y:
        for tx in r.taps_x:
            _box(fig, tx - 0.5, tx + 0.5, ty - 0.5, ty + 0.5, PICK)
    _ring(fig, r.taps_x[1], r.taps_y[1], 12 + 6 * r.span, "the patch")
    _image_axes(fig, n_w + 2 * p, n_h + 2 * p, -p - 0.5, -p - 0.5)
    return fig.build()


def sum_figure(r: Result) -> go.Figure:
    """patch × kernel = products, three 3×3 grids with their numbers in the cells."""
    fig = figure(f"out[{r.row}, {r.col}]: multiply the patch by the kernel, add the nine products",
                 "", "", height=330)
    kernel_text = [[f"{w}" if r.divisor == 1 else f"{w}/{r.divisor}" for w in row] for row in r.kernel_int]
    panels = (
        ("patch (input values)", r.patch, dict(zmin=0.0, zmax=1.0, colorscale=GREYS),
         dict(texttemplate="%{z:.2f}")),
        ("kernel (weights)", r.kernel, _centred(r.kernel), dict(text=kernel_text, texttemplate="%{text}")),
        ("products", r.products, _centred(r.products), dict(texttemplate="%{z:.2f}")),
    )
    domains = ((0.0, 0.27), (0.365, 0.635), (0.73, 1.0))
    for i, ((title, z, scale, text), domain) in enumerate(zip(panels, domains), start=1):
        suffix = "" if i == 1 else str(i)
        fig.add_trace(_heatmap(z, name=title, xaxis=f"x{suffix}", yaxis=f"y{suffix}",
                               textfont=dict(size=16), xgap=2, ygap=2,
                               hovertemplate=f"{title}<br>row %{{y}}, col %{{x}}: %{{z:.3f}}<extra></extra>",
                               **scale, **text))
        axis = dict(domain=list(domain), showgrid=False, showline=False, ticks="", showticklabels=False,
                    range=[-0.5, 2.5], anchor=f"y{suffix}")
        fig.update_layout(**{f"xaxis{suffix}": axis,
                             f"yaxis{suffix}": dict(showgrid=False, showline=False, ticks="",
                                                    showticklabels=False, range=[2.5, -0.5],
                                                    anchor=f"x{suffix}", scaleanchor=f"x{suffix}")})
        fig.add_annotation(text=title, x=sum(domain) / 2, y=1.0, xref="paper", yref="paper",
                           yanchor="bottom", showarrow=False, font=dict(size=16))
    for x, sign in ((0.3175, "×"), (0.6825, "=")):
        fig.add_annotation(text=sign, x=x, y=0.5, xref="paper", yref="paper", showarrow=False,
                           font=dict(size=34))
    fig.update_layout(margin=dict(t=90, b=20, l=20, r=20))
    return fig.build()


def _centred(z: np.ndarray) -> dict:
    # Weights and products keep their sign's colour even when all are positive (a blur).
    top = float(np.abs(z).max()) or 1.0
    return dict(colorscale=DIVERGING, zmin=-top, zmax=top)


def feature_figure(r: Result) -> go.Figure:
    """The feature map, the chosen pixel outlined, and the pooling block that holds it."""
    out_h, out_w = r.out.shape
    fig = figure(f"Feature map {out_h} × {out_w}", "column", "row", height=440)
    fig.add_trace(_heatmap(r.out, name="feature map", **colour_range(r.out)))
    if r.pool_row is not None:
        q = r.pool_size
        _box(fig, r.pool_col * q - 0.5, (r.pool_col + 1) * q - 0.5, r.pool_row * q - 0.5,
             (r.pool_row + 1) * q - 0.5, BLACK, width=2, dash="dot")
    _box(fig, r.col - 0.5, r.col + 0.5, r.row - 0.5, r.row + 0.5, PICK)
    _ring(fig, r.col, r.row, 26, f"out[{r.row}, {r.col}]")
    _image_axes(fig, out_w, out_h)
    return fig.build()


def pooled_figure(r: Result) -> go.Figure:
    """The pooled map on the feature map's colour scale, the cell its block became outlined."""
    ph, pw = r.pooled.shape
    fig = figure(f"{r.pool.capitalize()} pooling {r.pool_size} × {r.pool_size}: {ph} × {pw}",
                 "column", "row", height=440)
    fig.add_trace(_heatmap(r.pooled, name="pooled", **colour_range(r.out)))
    if r.pool_row is not None:
        _box(fig, r.pool_col - 0.5, r.pool_col + 0.5, r.pool_row - 0.5, r.pool_row + 0.5, BLACK)
        _ring(fig, r.pool_col, r.pool_row, 26, "its pooling block", BLACK)
    _image_axes(fig, pw, ph)
    return fig.build()
