"""Figures for the hierarchical clustering explorer: pure ``Result -> plotly Figure`` functions."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.hierarchical import GAPS, Result
from figures.theme import BLACK, BLUE, COLOUR_NAMES, GREY, PALETTE, SKY, VERMILLION, Plot, figure

# Cluster colours: the palette without black, which marks the tree above the cut. Clusters
# are numbered from the largest down, so the grey "other clusters" are the small ones.
COLOURS = [c for c in PALETTE if c != BLACK]


def colour(label: int) -> str:
    if label < 0:
        return BLACK
    return COLOURS[label] if label < len(COLOURS) else GREY


def dendrogram_figure(r: Result) -> go.Figure:
    """The last clusters of the tree, each U coloured by the cluster it lies in, and the cut."""
    fig = figure(f"{r.linkage.capitalize()} linkage: {r.n_clusters} "
                 f"cluster{'s' * (r.n_clusters != 1)} below the cut",
                 f"points under each of the last {len(r.leaf_x)} clusters",
                 f"merge height ({r.metric} distance)" if r.linkage != "ward"
                 else "merge height (Ward)", height=520)
    # One NaN-separated line trace per colour: a few traces, whatever the size of the tree.
    for label in np.unique(r.link_label).tolist():
        chosen = r.link_label == label
        gap = np.full((int(chosen.sum()), 1), np.nan)
        fig.add_scatter(
            x=np.hstack([r.link_x[chosen], gap]).ravel(), y=np.hstack([r.link_y[chosen], gap]).ravel(),
            mode="lines", line=dict(color=colour(label), width=2.5 if label >= 0 else 2),
            name="above the cut" if label < 0 else f"cluster {label + 1}", hoverinfo="skip",
        )
    fig.add_scatter(
        x=r.leaf_x, y=np.zeros(len(r.leaf_x)), mode="markers", name="leaves",
        marker=dict(color=[colour(c) if c >= 0 else GREY for c in r.leaf_label.tolist()], size=9,
                    line=dict(color="white", width=1)),
        customdata=r.leaf_size, hovertemplate="%{customdata} point(s) under this leaf<extra></extra>",
    )
    fig.add_shape(type="line", xref="paper", x0=0, x1=1, y0=r.cut_height, y1=r.cut_height,
                  line=dict(color=VERMILLION, width=3, dash="dash"))
    fig.add_annotation(text=f"cut at {r.cut_height:.3g}", xref="paper", x=0.01, xanchor="left",
                       y=r.cut_height, yanchor="bottom", showarrow=False,
                       font=dict(color=VERMILLION, size=15), bgcolor="rgba(255,255,255,0.8)")
    # Leaf sizes as tick labels: under single linkage, one huge leaf beside many 1s is the chain.
    fig.update_xaxes(tickvals=r.leaf_x, ticktext=[str(s) for s in r.leaf_size.tolist()],
                     tickfont=dict(size=11), tickangle=-90, showgrid=False,
                     range=[0, 10 * len(r.leaf_x)])
    top = max(float(r.link_y.max()), r.cut_height)
    fig.update_yaxes(range=[-0.03 * top, 1.06 * top])
    fig.update_layout(showlegend=False)
    return fig.build()


def clusters_figure(r: Result) -> go.Figure:
    """The points coloured by cluster; under single linkage, the tree edges that hold them."""
    fig = figure(f"The {r.n_clusters} cluster{'s' * (r.n_clusters != 1)} on the data "
                 f"(ARI {r.ari:.2f})", "x₁", "x₂", height=560)
    if r.linkage == "single":
        same = r.labels[r.mst_edges[:, 0]] == r.labels[r.mst_edges[:, 1]]
        x, y = segments(r.points, r.mst_edges[same])
        fig.add_scatter(x=x, y=y, mode="lines", line=dict(color="rgba(0,0,0,0.35)", width=1),
                        name="spanning-tree edges kept", hoverinfo="skip")
        x, y = segments(r.points, r.mst_edges[~same])
        fig.add_scatter(x=x, y=y, mode="lines", line=dict(color=VERMILLION, width=3, dash="dot"),
                        name=f"edges the cut removed ({int((~same).sum())})", hoverinfo="skip")
    shown = min(r.n_clusters, len(COLOURS))
    for label in range(shown):
        _points(fig, r, r.labels == label, f"cluster {label + 1} ({r.sizes[label]})", colour(label))
    if r.n_clusters > shown:
        rest = r.labels >= shown
        _points(fig, r, rest, f"{r.n_clusters - shown} smaller clusters ({int(rest.sum())})", GREY)
    _equal_aspect(fig, r.points)
    return fig.build()


def gaps_figure(r: Result) -> go.Figure:
    """For each k, the range of cut heights that gives exactly k clusters."""
    heights = r.Z[::-1, 2]
    k = np.arange(2, GAPS + 2)  # heights[k - 1] is the merge that takes k + 1 clusters to k
    low, high = heights[k - 1], heights[k - 2]
    current = r.n_clusters
    # The bar colours mean something, and there is no legend: the axis title says what.
    fig = figure("Which cut heights give k clusters",
                 f"k clusters ({COLOUR_NAMES[VERMILLION]}: the cut, {COLOUR_NAMES[BLUE]}: widest)",
                 "cut height", height=520)
    fig.add_trace(dict(
        type="bar", x=k, y=high - low, base=low, name="cut heights giving k clusters",
        marker=dict(color=[VERMILLION if v == current else BLUE if v == r.best_k else SKY
                           for v in k.tolist()]),
        customdata=np.column_stack([low, high]),
        hovertemplate="k = %{x}: cut between %{customdata[0]:.3g} and %{customdata[1]:.3g}"
                      "<extra></extra>",
    ))
    fig.add_shape(type="line", xref="paper", x0=0, x1=1, y0=r.cut_height, y1=r.cut_height,
                  line=dict(color=VERMILLION, width=3, dash="dash"))
    fig.add_annotation(text=f"widest range: k = {r.best_k}", x=r.best_k + 0.5, xanchor="left",
                       y=float(high[r.best_k - 2]), yanchor="top", showarrow=False,
                       font=dict(color=BLUE, size=15), bgcolor="rgba(255,255,255,0.8)")
    top = max(float(heights[0]), r.cut_height)
    fig.update_yaxes(range=[0, 1.1 * top])
    fig.update_xaxes(dtick=2, range=[1.4, GAPS + 1.6])
    fig.update_layout(showlegend=False, bargap=0.15)
    return fig.build()


def chain_figure(r: Result) -> go.Figure:
    """The true groups and the minimum spanning tree, with the edges that bridge two groups."""
    n_bridges = int(r.bridges.sum())
    fig = figure(f"Spanning tree: {n_bridges} bridge{'s' * (n_bridges != 1)} between true groups",
                 "x₁", "x₂", height=560)
    x, y = segments(r.points, r.mst_edges[~r.bridges])
    fig.add_scatter(x=x, y=y, mode="lines", line=dict(color="rgba(0,0,0,0.35)", width=1),
                    name="edges inside a true group", hoverinfo="skip")
    for group in np.unique(r.true_labels).tolist():
        _points(fig, r, r.true_labels == group, f"true group {group + 1}", COLOURS[group % len(COLOURS)],
                size=6)
    if n_bridges:
        x, y = segments(r.points, r.mst_edges[r.bridges])
        fig.add_scatter(x=x, y=y, mode="lines+markers", line=dict(color=BLACK, width=4),
                        marker=dict(size=8, color=BLACK), name=f"bridges between groups ({n_bridges})",
                        hoverinfo="skip")
    _equal_aspect(fig, r.points)
    return fig.build()


def segments(points: np.ndarray, edges: np.ndarray):
    """x and y of many line segments as one NaN-separated polyline."""
    xy = np.full((3 * len(edges), 2), np.nan)
    xy[0::3], xy[1::3] = points[edges[:, 0]], points[edges[:, 1]]
    return xy[:, 0], xy[:, 1]


def _points(fig: Plot, r: Result, chosen, name, colour_, size=7):
    fig.add_scatter(x=r.points[chosen, 0], y=r.points[chosen, 1], mode="markers", name=name,
                    marker=dict(color=colour_, size=size), hovertemplate=f"{name}<extra></extra>")


def _equal_aspect(fig: Plot, points: np.ndarray) -> None:
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = 0.05 * float((hi - lo).max())
    fig.update_xaxes(range=[float(lo[0] - pad), float(hi[0] + pad)], constrain="domain")
    fig.update_yaxes(range=[float(lo[1] - pad), float(hi[1] + pad)], scaleanchor="x", scaleratio=1,
                     constrain="domain")
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.2, x=0.0), margin=dict(b=130))
