"""t-SNE: watch the map form, and compare its cluster sizes and gaps with the truth."""

import streamlit as st

from explorers import tsne as ex
from figures import tsne as fig
from figures.theme import pp
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
                  help="The requested perplexity, capped at (points − 1) / 3.")
shown.metric("KL at the frame shown",
             "—" if result.frame == 0 else f"{result.frame_kl[result.frame // ex.FRAME_EVERY - 1]:.4f}",
             border=True, help="At iteration 0 (the starting layout) nothing has been optimised.")

aside(f"Perplexity {params.perplexity} needs at least {3 * params.perplexity + 1} points: using "
      f"{result.perplexity:g}." if result.perplexity < params.perplexity else None, icon=":material/info:")

chart_row(played(ex, params, "frame", fig.embedding_figure, result, last=result.iterations,
                 every=ex.FRAME_EVERY, redraw=False), fig.pca_figure(result))
st.caption("Drag **Show iteration** down to 0 and back up, or press ▶ Play on the map (it runs "
           "in your browser from the iteration the slider sets), to watch the map form: the early "
           "exaggeration steps (shaded below) pull groups together, the rest spreads them out. "
           "PCA, beside it, is a linear projection: its sizes and gaps are real, but groups "
           "may overlap.")
chart(fig.kl_figure(result))

st.subheader("What the map does not tell you")
if len(result.group_names) > 1:
    chart_row(fig.sizes_figure(result), fig.distances_figure(result))
CAPTIONS = {
    "different sizes": "The clusters' spreads differ ninefold in the data (black bars), yet in the "
                       "t-SNE map they come out about the same size: t-SNE expands dense groups "
                       "and shrinks sparse ones. PCA keeps the true ratio.",
    "different distances": "Cluster C is four times farther from B than A is, but in the t-SNE map "
                           "the gaps are much more alike: points on the dotted line would keep the "
                           "true ratios. Try perplexity 50 or more to see more of the global layout.",
    "pure noise": "There are no clusters: every clump in the map is an artefact. Set the "
                  "perplexity to 2 and the points pair up into small clumps (Try this, below, "
                  "measures it); at 30 or 50 it is one round blob again.",
    "a line": "Colours run along the line in order. At low perplexity the line breaks into "
              "pieces or curls, although the data is perfectly straight.",
    "linked rings": "The rings are linked in 3-D, which no 2-D map can show; t-SNE usually keeps "
                    "each ring as a loop and lets them touch or overlap.",
    "digits": "Real data: the digits separate well, but the gaps between digit clusters, and "
              "their sizes, are not reliable measures of how alike two digits are.",
}
st.caption(CAPTIONS[params.data])

st.subheader("The same points at five perplexities")
comparison = compute(ex.compare, params)
chart(fig.perplexity_figure(comparison))
st.caption(f"Each map uses {comparison.n_points} of the points and {comparison.iterations} "
           "iterations, to keep five runs affordable (perplexity needs 3 × perplexity + 1 points, "
           "so higher ones are left out on small data). Low perplexity sees only the nearest "
           "neighbours and breaks data into clumps; high perplexity keeps more of the global shape.")

code_panel(ex, params)
