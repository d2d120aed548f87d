"""Figures for the DBSCAN explorer: pure ``Result -> plotly Figure`` functions."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.dbscan import BORDER, CORE, NOISE, Result
from figures.theme import BLACK, COLOUR_NAMES, GREY, OTHER, PALETTE, SKY, VERMILLION, Plot, figure, group_colour

CIRCLE_SIDES = 24  # segments per eps-circle: round enough, and cheap at 1,000 core points


def colours(labels: np.ndarray) -> list[str]:
    """One colour per point from its cluster label; noise (-1) grey.

    A small eps can make dozens of clusters. Rather than cycle, which would paint two
    clusters alike, the largest ones get the palette's colours and the rest share OTHER.
    """
    found = labels[labels >= 0]
    if not found.size:
        return [GREY] * len(labels)
    sizes = np.bincount(found)
    rank = np.empty_like(sizes)
    rank[np.argsort(-sizes, kind="stable")] = np.arange(len(sizes))
    return [group_colour(int(rank[label])) if label >= 0 else GREY for label in labels.tolist()]


def _other_entry(fig: Plot, labels: np.ndarray) -> None:
    """A legend line for the clusters drawn in OTHER, when there are more than colours."""
    n = len(np.unique(labels[labels >= 0]))
    if n > len(PALETTE):
        fig.add_scatter(x=[None], y=[None], mode="markers", marker=dict(color=OTHER, size=10),
                        name=f"{n - len(PALETTE)} smaller clusters, all {COLOUR_NAMES[OTHER]}")


def clusters_figure(r: Result) -> go.Figure:
    """The points by cluster: core big, border small, noise as grey crosses, eps-circles behind."""
    clusters = f"{r.n_clusters} cluster{'s' * (r.n_clusters != 1)}"
    fig = figure(f"DBSCAN: {clusters}, {r.n_noise} noise point{'s' * (r.n_noise != 1)}", "x₁", "x₂", height=560)
    core = r.kind == CORE
    # Every core point's eps-neighbourhood, as one trace of closed outlines separated by NaN
    # breaks; "toself" fills each piece on its own, so overlapping discs read as density.
    if core.any():
        angle = np.append(np.linspace(0, 2 * np.pi, CIRCLE_SIDES + 1), np.nan)
        centres = r.points[core]
        fig.add_scatter(
            x=(centres[:, :1] + r.eps * np.cos(angle)).ravel(),
            y=(centres[:, 1:] + r.eps * np.sin(angle)).ravel(),
            mode="lines", fill="toself", fillcolor="rgba(86, 180, 233, 0.07)",
            # Thinner outlines when there are many, so a thousand of them do not turn solid.
            line=dict(color="rgba(86, 180, 233, 0.35)", width=1 if len(centres) <= 300 else 0.5),
            name=f"eps-neighbourhood of each core point (eps = {r.eps:g})", hoverinfo="skip",
        )
    for kind, name, marker in (
        (CORE, "core point", dict(size=10, line=dict(color=BLACK, width=0.5))),
        (BORDER, "border point", dict(size=6, symbol="circle-open", line=dict(width=2))),
        (NOISE, "noise", dict(size=8, symbol="x-thin", line=dict(color=GREY, width=2))),
    ):
        chosen = r.kind == kind
        labels = r.labels[chosen]
        fig.add_scatter(
            x=r.points[chosen, 0], y=r.points[chosen, 1], mode="markers",
            name=f"{name} ({int(chosen.sum())})", customdata=labels,
            marker=dict(color=colours(labels), **marker),
            hovertemplate=f"{name}, cluster %{{customdata}}<extra></extra>" if kind != NOISE
            else "noise<extra></extra>",
        )
    _other_entry(fig, r.labels)
    _equal_aspect(fig, r.points)
    return fig.build()


def k_distance_figure(r: Result) -> go.Figure:
    """Each point's distance to its min_samples-th neighbour, sorted, with eps as a line."""
    n = len(r.k_distances)
    fig = figure(f"k-distance plot, k = min_samples = {r.min_samples}",
                 "points, sorted by k-distance", f"distance to neighbour {r.min_samples} (itself = 1)",
                 height=480)
    fig.add_scatter(x=np.arange(1, n + 1), y=r.k_distances, mode="lines", name="k-distance",
                    line=dict(color=SKY), hovertemplate="%{y:.3f}<extra></extra>")
    fig.add_shape(type="line", xref="paper", x0=0, x1=1, y0=r.eps, y1=r.eps,
                  line=dict(color=VERMILLION, width=3, dash="dash"))
    share = r.n_above_eps / n
    fig.add_annotation(
        text=f"eps = {r.eps:g}: {r.n_above_eps} points above ({share:.0%}) are not core",
        xref="paper", x=0.99, xanchor="right", y=r.eps, yanchor="bottom", showarrow=False,
        font=dict(color=VERMILLION, size=15), bgcolor="rgba(255,255,255,0.8)",
    )
    top = max(float(r.k_distances.max()), r.eps)
    fig.update_yaxes(range=[0, 1.08 * top])
    fig.update_xaxes(range=[0, n + 1])
    fig.update_layout(showlegend=False)
    return fig.build()


def kmeans_figure(r: Result) -> go.Figure:
    """k-means on the same points with DBSCAN's cluster count, for comparison."""
    fig = figure(f"k-means, k = {r.kmeans_k} (ARI {r.ari_kmeans:.2f})", "x₁", "x₂", height=480)
    fig.add_scatter(x=r.points[:, 0], y=r.points[:, 1], mode="markers", name="points",
                    customdata=r.kmeans_labels, marker=dict(color=colours(r.kmeans_labels), size=7),
                    hovertemplate="cluster %{customdata}<extra></extra>")
    fig.add_scatter(x=r.kmeans_centres[:, 0], y=r.kmeans_centres[:, 1], mode="markers",
                    name="centroids", marker=dict(symbol="x", size=16, color=BLACK,
                                                  line=dict(color="white", width=1.5)))
    _other_entry(fig, r.kmeans_labels)
    _equal_aspect(fig, r.points)
    return fig.build()


def truth_figure(r: Result) -> go.Figure:
    """The grouping the cloud was drawn with, as the yardstick for both methods."""
    fig = figure("The true grouping", "x₁", "x₂", height=480)
    fig.add_scatter(x=r.points[:, 0], y=r.points[:, 1], mode="markers", name="points",
                    customdata=r.true_labels, marker=dict(color=colours(r.true_labels), size=7),
                    hovertemplate="group %{customdata}<extra></extra>")
    _equal_aspect(fig, r.points)
    return fig.build()


def _equal_aspect(fig: Plot, points: np.ndarray) -> None:
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = 0.05 * float((hi - lo).max())
    fig.update_xaxes(range=[float(lo[0] - pad), float(hi[0] + pad)], constrain="domain")
    fig.update_yaxes(range=[float(lo[1] - pad), float(hi[1] + pad)], scaleanchor="x", scaleratio=1,
                     constrain="domain")
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.15, x=0.0), margin=dict(b=120))
