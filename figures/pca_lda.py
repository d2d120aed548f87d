"""Figures for the PCA & LDA explorer: pure ``Result -> plotly Figure`` functions."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.pca_lda import Result
from figures.theme import (BLACK, BLUE, COLOUR_NAMES, GREEN, GREY, ORANGE, PALETTE, PURPLE, VERMILLION, Plot,
                           figure)

COLOURS = [c for c in PALETTE if c != BLACK]  # black is kept for axes and arrows
SYMBOLS = ("circle", "square", "diamond")  # with 7 colours, 10 digits need a second cue
AXIS_COLOURS = (VERMILLION, ORANGE)  # PC1, PC2 loadings
ARROW_COLOURS = (BLACK, PURPLE)  # not among the two toy classes' colours
N_COMPONENT_IMAGES = 8
SIDE = 8  # digits are 8×8 images
N_BINS = 30  # histogram bins along a 1-D projection
# Colour scales spelled out: a named scale means one thing in plotly.py's validator and
# another in plotly.js ("Greys" runs white-to-black in one, black-to-white in the other).
INK = [[0.0, "#FFFFFF"], [1.0, "#000000"]]  # dark ink on white paper, as the digits were written
DIVERGING = [[0.0, BLUE], [0.5, "#FFFFFF"], [1.0, VERMILLION]]  # negative blue, positive red


def axes_figure(r: Result) -> go.Figure:
    """The toy points with the principal axes as arrows of two standard deviations, each
    point's drop line onto PC1, and LDA's axis dashed for comparison."""
    units = " (standardized)" if r.standardized else ""
    fig = figure("Principal axes over the points", f"{r.feature_names[0]}{units}",
                 f"{r.feature_names[1]}{units}", height=560)
    # Drop lines: one trace of segments separated by NaN breaks, cheap at 1,000 points.
    nan = np.full(len(r.X), np.nan)
    fig.add_scatter(x=np.column_stack([r.X[:, 0], r.pc1_foot[:, 0], nan]).ravel(),
                    y=np.column_stack([r.X[:, 1], r.pc1_foot[:, 1], nan]).ravel(),
                    mode="lines", line=dict(color="rgba(140,140,140,0.45)", width=1),
                    name="drop line onto PC1", hoverinfo="skip")
    _by_class(fig, r, r.X)
    fig.add_scatter(x=r.pc1_foot[:, 0], y=r.pc1_foot[:, 1], mode="markers", name="projection onto PC1",
                    marker=dict(size=4, color=GREY), hoverinfo="skip")
    reach = 1.2 * float(np.abs(r.X - r.mean).max())  # long enough to cross the whole cloud
    lda = r.lda_direction
    fig.add_shape(type="line", x0=r.mean[0] - reach * lda[0], x1=r.mean[0] + reach * lda[0],
                  y0=r.mean[1] - reach * lda[1], y1=r.mean[1] + reach * lda[1],
                  line=dict(color=GREEN, width=3, dash="dash"))
    inside = 0.4 * float(np.ptp(r.X, axis=0).min())  # the label stays within the axes' ranges
    fig.add_annotation(x=r.mean[0] + inside * lda[0], y=r.mean[1] + inside * lda[1],
                       text="LDA axis", showarrow=False, font=dict(size=15, color=GREEN),
                       bgcolor="rgba(255,255,255,0.8)")
    for i in range(2):
        tip = r.mean + 2 * np.sqrt(r.explained_variance[i]) * r.components[i]
        fig.add_annotation(x=tip[0], y=tip[1], ax=r.mean[0], ay=r.mean[1], xref="x", yref="y",
                           axref="x", ayref="y", showarrow=True, arrowhead=2, arrowsize=1,
                           arrowwidth=5, arrowcolor=ARROW_COLOURS[i], text="", name=f"PC{i + 1}")
        fig.add_annotation(x=tip[0], y=tip[1], showarrow=False, xshift=14 * np.sign(tip[0] - r.mean[0]),
                           text=f"<b>PC{i + 1}</b> {r.explained_variance_ratio[i]:.0%}",
                           font=dict(color=ARROW_COLOURS[i], size=17), bgcolor="rgba(255,255,255,0.8)")
    _equal_aspect(fig, r.X)
    return fig.build()


def scree_figure(r: Result) -> go.Figure:
    """Each component's share of the variance as bars, their running total as a line, k marked."""
    p = len(r.explained_variance_ratio)
    number = np.arange(1, p + 1)
    fig = figure(f"Explained variance: the first {r.k} keep {r.explained_k:.1%}", "principal component",
                 "share of the total variance", height=480)
    kept = number <= r.k
    # The bar colour says kept or dropped; the legend says it in words too.
    fig.add_trace(dict(type="bar", x=number, y=r.explained_variance_ratio,
                       name=f"each component ({COLOUR_NAMES[BLUE]}: the {r.k} kept, {COLOUR_NAMES[GREY]}: dropped)",
                       marker=dict(color=[BLUE if k else GREY for k in kept.tolist()]),
                       hovertemplate="PC%{x}: %{y:.1%}<extra></extra>"))
    fig.add_scatter(x=number, y=r.cumulative, mode="lines+markers", name="cumulative",
                    line=dict(color=VERMILLION), marker=dict(size=7 if p > 20 else 10),
                    hovertemplate="first %{x}: %{y:.1%}<extra></extra>")
    fig.add_shape(type="line", x0=r.k, x1=r.k, yref="paper", y0=0, y1=1,
                  line=dict(color=BLACK, width=2, dash="dash"))
    fig.add_annotation(x=r.k, y=r.explained_k, text=f"k = {r.k}: {r.explained_k:.1%}", showarrow=True,
                       arrowhead=2, ax=40 if r.k < 0.7 * p else -40, ay=30, font=dict(size=15),
                       bgcolor="rgba(255,255,255,0.85)")
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%")
    fig.update_xaxes(range=[0.4, p + 0.6], dtick=1 if p <= 13 else 8)
    # Below, not above: over the plot it ran into a title that names the share kept.
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.2, x=0.0))
    return fig.build()


def loadings_figure(r: Result) -> go.Figure:
    """What PC1 and PC2 are made of: each feature's weight in the two axes."""
    names = list(r.feature_names)
    fig = figure("What PC1 and PC2 are made of", "loading", "",
                 height=max(380, 120 + 30 * len(names)))
    for i in range(2):
        fig.add_trace(dict(type="bar", orientation="h", y=names, x=r.components[i], name=f"PC{i + 1}",
                           marker=dict(color=AXIS_COLOURS[i]),
                           hovertemplate=f"PC{i + 1}, %{{y}}: %{{x:.3f}}<extra></extra>"))
    fig.update_xaxes(range=[-1.05, 1.05])
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(barmode="group", legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1.0,
                                                   xanchor="right"))
    return fig.build()


def components_figure(r: Result) -> go.Figure:
    """The first principal components of the digits, each drawn as an 8×8 image (two rows)."""
    n = min(N_COMPONENT_IMAGES, len(r.components))
    z = tile(r.components[:n].reshape(2, n // 2, SIDE * SIDE))
    # No colour bar: the title names what the colours mean.
    fig = figure(f"The first {n} principal components as images ({COLOUR_NAMES[VERMILLION]}: "
                 f"positive weight, {COLOUR_NAMES[BLUE]}: negative)", "", "", height=440)
    fig.add_trace(dict(type="heatmap", z=z, colorscale=DIVERGING, zmid=0, showscale=False,
                       hovertemplate="weight %{z:.3f}<extra></extra>"))
    _image_axes(fig, [""] * (n // 2), [f"PC{1 + i * n // 2}–{(i + 1) * n // 2}" for i in range(2)])
    return fig.build()


def reconstruction_figure(r: Result) -> go.Figure:
    """Ten digits (top) and the same digits rebuilt from the first k components (bottom)."""
    pixels = np.stack([r.originals, np.clip(r.reconstructions, 0, 16)])  # 0–16 grey levels
    fig = figure(f"Digits rebuilt from the first {r.k} of 64 components", "", "", height=340)
    fig.add_trace(dict(type="heatmap", z=tile(pixels), colorscale=INK, zmin=0, zmax=16,
                       showscale=False, hovertemplate="%{z:.1f}<extra></extra>"))
    _image_axes(fig, [f"digit {r.y[i]}" for i in r.shown], ["original", f"k = {r.k}"])
    return fig.build()


def projection_figure(r: Result, method: str) -> go.Figure:
    """The points in the first d PCA or LDA coordinates, coloured by class, scored by the
    cross-validated nearest-centroid accuracy there."""
    pca = method == "pca"
    Z, score = (r.pca_proj, r.sep_pca) if pca else (r.lda_proj, r.sep_lda)
    name = "PC" if pca else "LD"
    what = "PCA (ignores the labels)" if pca else "LDA (uses the labels)"
    title = f"{what}: accuracy {score:.1%}"
    if r.d == 1:
        fig = figure(title, f"{name}1", "points", height=480)
        # The same bins for every class, so the bars' heights compare.
        lo, hi = float(Z[:, 0].min()), float(Z[:, 0].max())
        bins = dict(start=lo, end=hi, size=(hi - lo) / N_BINS or 1.0)
        for c, label in enumerate(r.class_names):
            fig.add_trace(dict(type="histogram", x=Z[r.y == c, 0], name=label, xbins=bins, opacity=0.6,
                               marker=dict(color=COLOURS[c % len(COLOURS)])))
        fig.update_layout(barmode="overlay")
    else:
        fig = figure(title, f"{name}1", f"{name}2", height=480)
        _by_class(fig, r, Z)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.24, x=0.0), margin=dict(b=140))
    return fig.build()


def tile(images: np.ndarray) -> np.ndarray:
    """(rows, columns, 64) flat 8×8 images -> one array with a NaN gutter between them, so
    a whole grid is a single heatmap trace."""
    rows, cols = images.shape[:2]
    out = np.full((rows * (SIDE + 1) - 1, cols * (SIDE + 1) - 1), np.nan)
    for i in range(rows):
        for j in range(cols):
            out[i * (SIDE + 1):i * (SIDE + 1) + SIDE, j * (SIDE + 1):j * (SIDE + 1) + SIDE] = (
                images[i, j].reshape(SIDE, SIDE))
    return out


def _by_class(fig: Plot, r: Result, Z: np.ndarray) -> None:
    small = len(Z) > 500
    for c, label in enumerate(r.class_names):
        chosen = r.y == c
        fig.add_scatter(x=Z[chosen, 0], y=Z[chosen, 1], mode="markers", name=label,
                        marker=dict(color=COLOURS[c % len(COLOURS)], size=6 if small else 8,
                                    symbol=SYMBOLS[c // len(COLOURS) % len(SYMBOLS)],
                                    line=dict(color="white", width=0.5)),
                        hovertemplate=f"{label}<extra></extra>")


def _image_axes(fig: Plot, columns: list[str], rows: list[str]) -> None:
    step = SIDE + 1
    centres = [i * step + (SIDE - 1) / 2 for i in range(max(len(columns), len(rows)))]
    fig.update_xaxes(tickvals=centres[:len(columns)], ticktext=columns, showgrid=False, showline=False,
                     ticks="", side="top", constrain="domain")
    fig.update_yaxes(tickvals=centres[:len(rows)], ticktext=rows, showgrid=False, showline=False, ticks="",
                     autorange="reversed", scaleanchor="x", scaleratio=1, constrain="domain")
    fig.update_layout(margin=dict(t=90, b=10))


def _equal_aspect(fig: Plot, points: np.ndarray) -> None:
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = 0.08 * float((hi - lo).max())
    fig.update_xaxes(range=[float(lo[0] - pad), float(hi[0] + pad)], constrain="domain")
    fig.update_yaxes(range=[float(lo[1] - pad), float(hi[1] + pad)], scaleanchor="x", scaleratio=1,
                     constrain="domain")
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.15, x=0.0), margin=dict(b=120))
