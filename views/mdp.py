"""MDPs and dynamic programming: edit a grid world and scrub value iteration, policy
evaluation and policy iteration sweep by sweep."""

import streamlit as st

from explorers import mdp as ex
from figures import mdp as fig
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header
from ui.play import played

header(ex, "MDPs & dynamic programming")
params, result = explore(ex)  # the grid is a field: the preset's rows, or the learner's edit

metrics = st.container()
left, right = st.columns([3, 2])
best, shown, sweeps, change = metrics.columns(4)
best.metric("V(start), converged" if result.converged else f"V(start) after {ex.MAX_TOTAL:,} sweeps",
            f"{result.start_value:.4f}", border=True,
            help="The start cell's value once the sweeps stop changing anything: "
                 + ("the expected discounted return of moving at random."
                    if result.algorithm == "policy evaluation"
                    else "the best expected discounted return."))
shown.metric(f"V(start) after sweep {result.sweep}", f"{result.shown_start_value:.4f}", border=True,
             help="What the sweeps have found so far: value iteration's V after k sweeps is the "
                  "best return within k moves.")
sweeps.metric("Sweeps to converge",
              str(result.last_sweep) if result.converged else f"> {ex.MAX_TOTAL}", border=True,
              help=f"Sweeps until no value moves by more than {ex.TOL:g}.")
last = result.deltas[result.sweep - 1] if result.sweep else float("nan")
change.metric(f"max |ΔV| in sweep {result.sweep}", "—" if not result.sweep else f"{last:.2g}",
              border=True, help="The largest change of any cell's value in the shown sweep.")

with metrics:
    if result.requested_sweep > result.sweep:
        aside(f"Converged after {result.last_sweep} sweeps, so sweep {result.requested_sweep} "
              "shows the final values.", icon=":material/check_circle:")
    else:
        aside(None if result.converged else
              f"The values have not settled after {ex.MAX_TOTAL:,} sweeps: with γ = {result.gamma:g} a "
              "plan that never ends keeps earning its step reward. Lower γ, or make the step "
              "reward negative so that every plan prefers to end.",  # an info: warnings are for links
              icon=":material/all_inclusive:")

with left:
    # Frames up to the last recorded sweep (the scrubber's end, or convergence before it).
    chart(played(ex, params, "sweep", fig.values_figure, result,
                 last=min(result.last_sweep, ex.MAX_SWEEP)))
    if result.show == "values":
        st.caption("Colour and number: V, the expected discounted return from each cell. Arrows: "
                   "the policy, each as long as its probability. Dotted: one sample episode from "
                   "the start (seeded). Dashed square: the cell whose update is written out.")
    else:
        st.caption(said(ex, "action values"))
with right:
    b = result.bellman
    if result.algorithm == "value iteration":
        st.latex(r"V_{k}(s)=\max_a Q_{k-1}(s,a)")
    else:
        st.latex(r"V_{k}(s)=\sum_a \pi(a|s)\,Q_{k-1}(s,a)")
    # On two lines: on one it is wider than this column at 1280-1400 px, and Streamlit
    # then makes it a sideways scroll box that a keyboard cannot reach (axe-core's
    # scrollable-region-focusable).
    st.latex(r"\begin{aligned}Q_{k-1}(s,a)&=\sum_{s'} P(s'|s,a)\\&\qquad\times[r+\gamma V_{k-1}(s')]\end{aligned}")
    st.markdown(f"**Sweep {b.sweep} at row {b.row}, column {b.col}**, each term "
                "probability · (reward + γ · V of the next cell after the sweep before):")
    *per_action, total = ex.bellman_lines(b, result.algorithm, result.gamma)
    st.markdown("\n".join(per_action))
    st.markdown(total)

chart_row(fig.convergence_figure(result), fig.start_value_figure(result))
st.caption(f"{said(ex, 'value iteration')} {said(ex, 'policy iteration')}")

code_panel(ex, params)
