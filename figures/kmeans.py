"""Figures for the k-means explorer: pure ``Result -> plotly Figure`` functions."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.kmeans import Result
from figures.theme import BLACK, BLUE, GREEN, GREY, PALETTE, VERMILLION, figure

# One colour per cluster, up to MAX_K = 10: the shared palette has exactly as many.
CLUSTER_COLOURS = PALETTE
UNASSIGNED = "#BBBBBB"
PHASE = {"start": "the starting centroids", "assign": "assign: each point to its nearest centroid",
         "update": "update: each centroid to the mean of its points"}


def colour_of(labels: np.ndarray) -> list[str]:
    """The cluster colour of every label; grey for -1 (not assigned yet)."""
    return [UNASSIGNED if label < 0 else CLUSTER_COLOURS[label] for label in labels]


def clusters_figure(r: Result) -> go.Figure:
    """The points coloured by the shown assignment, the Voronoi regions, centroids and trails."""
    title = f"Step {r.step}: {PHASE[r.phase]}"
    if r.clamped:
        title += " (converged)" if r.converged else " (stopped)"
    fig = figure(title, "x₁", "x₂", height=620)
    # Regions: a faint heatmap of the nearest centroid, on a stepped colour scale.
    stops = []
    for i in range(r.k):
        colour = CLUSTER_COLOURS[i]
        stops += [[i / r.k, colour], [(i + 1) / r.k, colour]]
    fig.add_trace(dict(type="heatmap", x=r.grid_x, y=r.grid_y, z=r.regions, zmin=-0.5,
                       zmax=r.k - 0.5, colorscale=stops, opacity=0.18, showscale=False,
                       hoverinfo="skip", name="regions of the centroids"))
    fig.add_scatter(x=r.points[:, 0], y=r.points[:, 1], mode="markers", name="points",
                    customdata=r.labels,
                    marker=dict(color=colour_of(r.labels), size=8, line=dict(color="white", width=0.5)),
                    hovertemplate="(%{x:.2f}, %{y:.2f}) cluster %{customdata}<extra></extra>")
    # Trails: every centroid's path so far, one trace with NaN breaks between centroids.
    breaks = np.full((r.k, 1), np.nan)
    fig.add_scatter(x=np.hstack([r.trails[:, :, 0], breaks]).ravel(),
                    y=np.hstack([r.trails[:, :, 1], breaks]).ravel(),
                    mode="lines+markers", name="centroid trails", hoverinfo="skip",
                    line=dict(color=BLACK, width=2, dash="dot"), marker=dict(size=5, color=BLACK))
    fig.add_scatter(x=r.centroids[:, 0], y=r.centroids[:, 1], mode="markers", name="centroids",
                    customdata=np.arange(r.k),
                    marker=dict(symbol="x", size=24, color=CLUSTER_COLOURS[: r.k],
                                line=dict(color=BLACK, width=2)),
                    hovertemplate="centroid %{customdata}: (%{x:.2f}, %{y:.2f})<extra></extra>")
    # Equal scales, so the regions' borders meet at the angles they really do; the plot
    # area shrinks to fit ("domain") rather than the axes running past the regions.
    fig.update_xaxes(range=[r.grid_x[0], r.grid_x[-1]], showgrid=False, constrain="domain")
    fig.update_yaxes(range=[r.grid_y[0], r.grid_y[-1]], showgrid=False, scaleanchor="x",
                     scaleratio=1, constrain="domain")
    fig.update_layout(legend=dict(orientation="h", y=-0.12, x=0.0))
    return fig.build()


def inertia_figure(r: Result) -> go.Figure:
    """The inertia after every half-step, assign and update told apart, the shown step marked."""
    fig = figure("Inertia never rises", "half-step", "inertia (sum of squared distances)")
    steps = np.arange(1, r.last_step + 1)
    values = r.history_inertia[1:]
    fig.add_scatter(x=steps, y=values, mode="lines", name="inertia", line=dict(color=GREY, width=2),
                    hovertemplate="step %{x}: %{y:.4g}<extra></extra>")
    for name, parity, colour, symbol in (("after assign", 1, BLUE, "circle"),
                                         ("after update", 0, VERMILLION, "diamond")):
        keep = steps % 2 == parity
        fig.add_scatter(x=steps[keep], y=values[keep], mode="markers", name=name,
                        marker=dict(color=colour, size=10, symbol=symbol),
                        hovertemplate=f"step %{{x}}: %{{y:.4g}}<extra>{name}</extra>")
    fig.add_shape(type="line", x0=r.step, x1=r.step, y0=0, y1=1, yref="paper",
                  line=dict(color=BLACK, width=2, dash="dot"))
    fig.update_xaxes(range=[-0.5, max(r.last_step, 1) + 0.5])
    fig.update_layout(legend=dict(orientation="h", y=-0.25, x=0.0), margin=dict(b=130))
    return fig.build()


def elbow_figure(r: Result) -> go.Figure:
    """Final inertia against k, the current k marked."""
    fig = figure("Elbow: inertia against k", "k, number of clusters", "final inertia")
    fig.add_scatter(x=r.elbow_ks, y=r.elbow, mode="lines+markers", name="final inertia",
                    line=dict(color=BLUE), hovertemplate="k = %{x}: %{y:.4g}<extra></extra>")
    _mark_k(fig, r)
    return fig.build()


def silhouette_figure(r: Result) -> go.Figure:
    """Mean silhouette against k (undefined at k = 1), the current k marked."""
    fig = figure("Silhouette against k (higher is better)", "k, number of clusters",
                 "mean silhouette")
    fig.add_scatter(x=r.silhouette_ks, y=r.silhouette, mode="lines+markers", name="silhouette",
                    line=dict(color=GREEN), hovertemplate="k = %{x}: %{y:.3f}<extra></extra>")
    best = int(np.argmax(r.silhouette))
    fig.add_scatter(x=[int(r.silhouette_ks[best])], y=[float(r.silhouette[best])], mode="markers",
                    name=f"highest (k = {int(r.silhouette_ks[best])})", cliponaxis=False,
                    marker=dict(symbol="star", size=20, color=GREEN, line=dict(color=BLACK, width=1.5)))
    _mark_k(fig, r)
    if r.k == 1:
        fig.add_annotation(text="undefined at k = 1", x=1, y=0.5, yref="paper", xanchor="left",
                           showarrow=False, font=dict(color=GREY))
    return fig.build()


def _mark_k(fig, r: Result) -> None:
    fig.add_shape(type="line", x0=r.k, x1=r.k, y0=0, y1=1, yref="paper",
                  line=dict(color=BLACK, width=2, dash="dot"))
    fig.add_annotation(text=f"current k = {r.k}", x=r.k, y=1, yref="paper",
                       xanchor="right" if r.k > 5 else "left", yanchor="top", showarrow=False,
                       font=dict(size=14))
    fig.update_xaxes(range=[0.5, r.elbow_ks[-1] + 0.5], dtick=1)
    fig.update_layout(legend=dict(orientation="h", y=-0.25, x=0.0), margin=dict(b=120))
