"""DBSCAN: clusters grown from dense cores, beside k-means on the same points."""

import streamlit as st

from explorers import dbscan as ex
from figures import dbscan as fig
from lessons import said
from ui.page import chart_row, code_panel, explore, header

header(ex, "DBSCAN: density-based clustering")
params, result = explore(ex)

clusters, noise, ari_dbscan, ari_kmeans = st.columns(4)
clusters.metric("Clusters found", result.n_clusters, border=True,
                help="Groups of core points within eps of one another, with their border points.")
noise.metric("Noise points", result.n_noise, border=True,
             help=f"Points no core point reaches ({result.n_noise / len(result.labels):.0%}). "
                  f"Besides them: {result.n_core} core and {result.n_border} border points.")
ari_dbscan.metric("ARI, DBSCAN", f"{result.ari_dbscan:.3f}", border=True,
                  delta=f"{result.ari_dbscan - result.ari_kmeans:+.3f} vs k-means", delta_color="normal",
                  help=said(ex, "ari_uniform"))
ari_kmeans.metric("ARI, k-means", f"{result.ari_kmeans:.3f}", border=True,
                  help=f"k-means with k = {result.kmeans_k} (DBSCAN's cluster count, kept within "
                       f"2–{ex.MAX_KMEANS}), against the same true grouping.")

chart_row(fig.clusters_figure(result), fig.k_distance_figure(result))
st.caption(
    f"A point is core exactly when its distance to neighbour {params.min_samples} (itself "
    f"counted) is at most eps, {said(ex, 'above_the_line')} {said(ex, 'knee')} {said(ex, 'knee_rings')}"
)
chart_row(fig.kmeans_figure(result), fig.truth_figure(result))

code_panel(ex, params)
