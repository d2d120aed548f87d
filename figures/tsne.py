"""Figures for the t-SNE explorer: pure ``Result -> plotly Figure`` functions."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.tsne import Comparison, Result
from figures.theme import BLACK, GREY, ORANGE, PALETTE, SKY, VERMILLION, Plot, figure, group_colour

# Ten groups for the digits: the shared palette has ten colours (none of them black or grey).
COLOURS = PALETTE


def colours(labels: np.ndarray) -> list[str]:
    return [group_colour(label) for label in np.asarray(labels).tolist()]


def _points(fig: Plot, Y: np.ndarray, labels: np.ndarray, names: tuple, size=7, **trace) -> None:
    """One trace per true group, so the legend names the groups."""
    for g, name in enumerate(names):
        chosen = labels == g
        if chosen.any():
            fig.add_scatter(x=Y[chosen, 0], y=Y[chosen, 1], mode="markers", name=name,
                            marker=dict(color=group_colour(g), size=size),
                            hovertemplate=f"{name}<extra></extra>", **trace)


def embedding_figure(r: Result) -> go.Figure:
    """The t-SNE map at the frame shown, coloured by the true groups."""
    stage = "final map" if r.clamped else f"iteration {r.frame} of {r.iterations}"
    if r.frame < r.early_iterations:
        stage += ", early exaggeration"
    fig = figure(f"t-SNE, perplexity {r.perplexity:g}: {stage}", "t-SNE 1", "t-SNE 2", height=540)
    _points(fig, np.asarray(r.shown, float), r.labels, r.group_names)
    _equal_aspect(fig, np.asarray(r.shown, float))
    return fig.build()


def pca_figure(r: Result) -> go.Figure:
    """The same data projected on its first two principal components."""
    fig = figure(f"PCA of the same data ({r.pca_variance:.0%} of the variance)", "PC 1", "PC 2",
                 height=540)
    _points(fig, r.pca, r.labels, r.group_names)
    _equal_aspect(fig, r.pca)
    return fig.build()


def kl_figure(r: Result) -> go.Figure:
    """KL divergence at every frame, early exaggeration shaded, the frame shown marked."""
    fig = figure("KL divergence as the map forms", "iteration", "KL divergence", height=400)
    fig.add_shape(type="rect", xref="x", yref="paper", x0=0, x1=r.early_iterations, y0=0, y1=1,
                  fillcolor="rgba(230, 159, 0, 0.12)", line=dict(width=0), layer="below")
    fig.add_annotation(text="early exaggeration", x=0, xanchor="left", xref="x", y=1,
                       yref="paper", yanchor="top", showarrow=False, font=dict(color=ORANGE))
    fig.add_scatter(x=r.frame_iters[1:], y=r.frame_kl, mode="lines", name="KL divergence",
                    line=dict(color=SKY), hovertemplate="iteration %{x}: %{y:.3f}<extra></extra>")
    fig.add_shape(type="line", xref="x", yref="paper", x0=r.frame, x1=r.frame, y0=0, y1=1,
                  line=dict(color=VERMILLION, width=3, dash="dash"))
    fig.update_layout(showlegend=False)
    return fig.build()


def sizes_figure(r: Result) -> go.Figure:
    """Each group's spread, relative to the groups' mean, in the data, the t-SNE map and PCA."""
    fig = figure("Cluster sizes: the data against the maps", "group",
                 "spread ÷ mean spread of the groups", height=440)
    for name, spread, colour in (("in the data", r.truth.spread, BLACK),
                                 ("in the t-SNE map", r.truth.map_spread, VERMILLION),
                                 ("in PCA", r.pca_truth.map_spread, SKY)):
        fig.add_trace(dict(type="bar", x=list(r.group_names), y=spread / spread.mean(), name=name,
                           marker=dict(color=colour),
                           hovertemplate="%{x}: %{y:.2f}<extra>" + name + "</extra>"))
    # Below the chart: above it, the legend ran into the title.
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.2, x=0))
    return fig.build()


def distances_figure(r: Result) -> go.Figure:
    """Distance between every two group centres, relative to their mean: data against maps."""
    # Short axis titles: the y title is written up the side of a plot ~250 px tall, and
    # "distance in the map ÷ mean distance" ran into the chart's title above it.
    fig = figure("Gaps between clusters: the data against the maps",
                 "distance in the data ÷ mean", "in the map ÷ mean", height=480)
    true = r.truth.distance / r.truth.distance.mean()
    names = [f"{r.group_names[i]}–{r.group_names[j]}" for i, j in r.truth.pairs]
    top = 1.1 * float(max(true.max(), (r.truth.map_distance / r.truth.map_distance.mean()).max(),
                          (r.pca_truth.map_distance / r.pca_truth.map_distance.mean()).max()))
    fig.add_shape(type="line", x0=0, y0=0, x1=top, y1=top, line=dict(color=GREY, dash="dot"))
    for name, t, colour, symbol in (("t-SNE", r.truth, VERMILLION, "circle"),
                                    ("PCA", r.pca_truth, SKY, "diamond")):
        fig.add_scatter(x=true, y=t.map_distance / t.map_distance.mean(), mode="markers",
                        name=name, text=names, marker=dict(color=colour, size=13, symbol=symbol),
                        hovertemplate="%{text}: data %{x:.2f}, map %{y:.2f}<extra>"
                                      + name + "</extra>")
    fig.update_xaxes(range=[0, top])
    fig.update_yaxes(range=[0, top])
    fig.update_layout(legend=dict(orientation="h", y=-0.2, x=0))  # above, it met the title
    return fig.build()


def perplexity_figure(c: Comparison) -> go.Figure:
    """Small multiples: the same points embedded at each perplexity."""
    k = len(c.perplexities)
    gap = 0.03
    width = (1 - gap * (k - 1)) / k
    fig = Plot(height=360, showlegend=False, margin=dict(l=20, r=20, t=60, b=20))
    for i, (q, Y) in enumerate(zip(c.perplexities, c.embeddings)):
        axis = "" if i == 0 else str(i + 1)
        left = i * (width + gap)
        fig.add_scatter(x=Y[:, 0], y=Y[:, 1], mode="markers", xaxis=f"x{axis}", yaxis=f"y{axis}",
                        name=f"perplexity {q}", marker=dict(color=colours(c.labels), size=5),
                        hoverinfo="skip")
        fig.update_layout(**{
            f"xaxis{axis}": dict(domain=[left, left + width], showticklabels=False, showgrid=False),
            f"yaxis{axis}": dict(domain=[0, 1], showticklabels=False, showgrid=False,
                                 scaleanchor=f"x{axis}", scaleratio=1),
        })
        fig.add_annotation(text=f"perplexity {q}", x=left + width / 2, xref="paper", y=1.0,
                           yref="paper", yanchor="bottom", showarrow=False)
    return fig.build()


def _equal_aspect(fig: Plot, points: np.ndarray) -> None:
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = 0.05 * float((hi - lo).max()) + 1e-9
    fig.update_xaxes(range=[float(lo[0] - pad), float(hi[0] + pad)], constrain="domain")
    fig.update_yaxes(range=[float(lo[1] - pad), float(hi[1] + pad)], scaleanchor="x",
                     scaleratio=1, constrain="domain")
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.15, x=0.0),
                      margin=dict(b=120))
