"""t-SNE: watch the map form, and compare its cluster sizes and gaps with the truth."""

import streamlit as st

from explorers import tsne as ex
from figures import tsne as fig
from figures.theme import pp
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, compute, explore, header
from ui.play import played

header(ex, "t-SNE, and what its pictures do not mean")
params, result = explore(ex)

kl, kept, perplexity, shown = st.columns(4)
kl.metric("Final KL divergence", f"{result.kl_divergence:.4f}", border=True,
          help="How far the map's neighbourhoods are from the data's (0 would be a perfect "
               "match). Only comparable between runs on the same data and perplexity.")
kept.metric("Neighbours kept, t-SNE", f"{result.kept:.0%}", border=True,
            delta=f"{pp(result.kept - result.pca_kept, 0)} vs PCA", delta_color="normal",
            help=f"Of each point's {ex.NEIGHBOURS} nearest neighbours in the data, the share that "
                 "are among its nearest in the final map. This is what t-SNE is built to keep.")
perplexity.metric("Perplexity used", f"{result.perplexity:g}", border=True,
                  help="The requested perplexity, capped at (points − 1) / 3, rounded down.")
shown.metric("KL at the frame shown",
             "—" if result.frame == 0 else f"{result.frame_kl[result.frame // ex.FRAME_EVERY - 1]:.4f}",
             border=True, help="At iteration 0 (the starting layout) nothing has been optimised.")

aside(f"Perplexity {params.perplexity} needs at least {3 * params.perplexity + 1} points: using "
      f"{result.perplexity:g}." if result.perplexity < params.perplexity else None, icon=":material/info:")

chart_row(played(ex, params, "frame", fig.embedding_figure, result, last=result.iterations,
                 every=ex.FRAME_EVERY, redraw=False), fig.pca_figure(result))
st.caption(said(ex, "forming"))
chart(fig.kl_figure(result))

st.subheader("What the map does not tell you")
if len(result.group_names) > 1:
    chart_row(fig.sizes_figure(result), fig.distances_figure(result))
st.caption(said(ex, params.data))  # one caption a data set, each a claim under test

st.subheader("The same points at five perplexities")
comparison = compute(ex.compare, params)
chart(fig.perplexity_figure(comparison))
st.caption(f"Each map uses {comparison.n_points} of the points and {comparison.iterations} "
           "iterations, to keep five runs affordable (perplexity needs 3 × perplexity + 1 points, "
           "so higher ones are left out on small data). " + said(ex, "perplexities"))

code_panel(ex, params)
