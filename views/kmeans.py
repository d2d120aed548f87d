"""K-means, one Lloyd step at a time: scrub through the assign and update half-steps."""

import streamlit as st

from explorers import kmeans as ex
from figures import kmeans as fig
from lessons import said
from ui.page import chart, chart_row, code_panel, explore, header
from ui.play import played

header(ex, "K-means, one Lloyd step at a time")
params, result = explore(ex)

final, iterations, silhouette, shown = st.columns(4)
final.metric("Final inertia", f"{result.inertia:.4g}", border=True,
             help=said(ex, "inertia"))
iterations.metric("Iterations",
                  str(result.n_iter) if result.converged else f"> {ex.MAX_ITER}", border=True,
                  help="Assign-and-update rounds, counted as scikit-learn's n_iter_ does: the "
                       "last one is the assignment that changed no point "
                       f"(at most {ex.MAX_ITER}).")
silhouette.metric("Silhouette at k",
                  "—" if result.silhouette_at_k is None else f"{result.silhouette_at_k:.3f}",
                  border=True,
                  help="How much closer each point is to its own cluster than to the next one, "
                       "from −1 to 1, averaged. Undefined for a single cluster.")
shown.metric(f"Inertia at step {result.step}", f"{result.step_inertia:.4g}", border=True,
             help="At step 0 nothing is assigned yet: each point is counted at its nearest "
                  "starting centroid.")

chart(played(ex, params, "step", fig.clusters_figure, result, last=result.last_step))
if result.clamped:
    if result.converged:
        st.info(f"Converged at step {result.last_step}: the next assignment would change no point"
                f" (iteration {result.n_iter} changed nothing), so step {result.requested_step} shows "
                f"the final state.", icon=":material/check_circle:")
    else:
        st.warning(f"Stopped after {ex.MAX_ITER} iterations without converging; the last step "
                   "is shown.", icon=":material/hourglass_bottom:")
else:
    st.caption(f"Step {result.step} of {result.last_step}. Odd steps assign the points, even steps "
               "move the centroids; drag the step slider to watch, or press ▶ Play on the chart: "
               "it runs in your browser from the step the slider sets.")

chart(fig.inertia_figure(result))
chart_row(fig.elbow_figure(result), fig.silhouette_figure(result))

code_panel(ex, params)
