"""Hierarchical clustering: the dendrogram and its cut, the clusters, and single linkage's chain."""

import streamlit as st

from explorers import hierarchical as ex
from figures import hierarchical as fig
from lessons import said
from ui.page import aside, chart_row, code_panel, explore, header

header(ex, "Hierarchical clustering: a tree of merges, and where to cut it")
params, result = explore(ex)

n = len(result.labels)
found, cut, ari, largest = st.columns(4)
found.metric("Clusters found", result.n_clusters, border=True,
             help="The branches the cut line crosses (a point left on its own counts as one).")
cut.metric("Cut height", f"{result.cut_height:.3g}", border=True,
           help=f"{result.cut_share:.0%} of the tallest merge. Merges at or below the line are kept, "
                "those above are undone.")
ari.metric("ARI vs the true grouping", f"{result.ari:.3f}", border=True,
           help="Adjusted Rand index: 1 is perfect, about 0 is chance.")
largest.metric("Largest cluster", f"{result.sizes[0]} of {n}", border=True,
               help=said(ex, "largest"))

aside(f":material/info: Ward is defined on Euclidean distances, so {params.metric} is set aside "
      "while Ward is chosen." if params.linkage == "ward" and params.metric != "euclidean" else None,
      "caption")

chart_row(fig.dendrogram_figure(result), fig.clusters_figure(result))
st.caption(
    f"The dendrogram shows the last {len(result.leaf_x)} of the tree's {n} leaves (scipy's "
    "\"lastp\" truncation); the numbers under it count the points in each. Each U is a merge, "
    "drawn at the distance between the two clusters it joins; below the dashed cut, each "
    "branch is coloured as its cluster is on the right, and black lines are the merges the cut "
    "undoes." + (" " + said(ex, "spanning tree") if result.linkage == "single" else "")
)
chart_row(fig.gaps_figure(result), fig.chain_figure(result))
chain = (f"Single linkage needs **{result.single_needs} clusters** before no cluster mixes two "
         "true groups: every black bridge must be among the edges cut, and short bridges are "
         "cut last." if result.bridges.any() else
         "This cloud has a single true group, so no edge bridges two groups.")
st.caption(
    f"Left: the bar for k spans the cut heights that give exactly k clusters; a tall bar is a cut "
    f"that small changes will not move (here k = {result.best_k}). Right: single linkage merges "
    f"along the minimum spanning tree, shortest edge first, whatever linkage is chosen above. "
    + chain
)

code_panel(ex, params)
