"""Q-learning grid worlds: Q-tables filling in, greedy arrows, any training episode replayed,
and Q-learning against SARSA on the cliff."""

import streamlit as st

from explorers import q_learning as ex
from figures import q_learning as fig
from ui.page import aside, chart, chart_row, code_panel, explore, header

header(ex, "Q-learning grid worlds")
params, result = explore(ex)

grids = [fig.played_grid_figure(result, run) for run in result.runs]
if result.ncol > 1.5 * result.nrow or len(grids) == 1:
    for grid in grids:  # wide grids (the cliff) read best one above the other
        chart(grid)
else:
    chart_row(*grids)
st.caption("Colour: the best action's value max Q(s, ·); arrows: the greedy action where the "
           "values already differ; thick line: where the greedy policy means to go; dotted: the "
           "replayed training episode (▶ Play walks it cell by cell, in your browser). On slippery "
           "ice a move goes astray 2 times in 3, so the greedy path is only its intention.")

# A row of numbers per run, under the grids (one row each for the two learners would
# push the grids off a laptop's first screen): what it earned while learning, what its greedy policy is worth.
for run in result.runs:
    st.markdown(f"**{run.algorithm}**")
    earned, greedy, goal, shown = st.columns(4)
    earned.metric(f"Mean return, last {min(ex.LAST, result.episodes)}", f"{run.mean_return:.3g}",
                  border=True, help="Average return of the last training episodes, exploration "
                                    "included: what the agent earned while learning.")
    greedy.metric("Greedy policy's return", f"{run.greedy_return:.3g}", border=True,
                  help="Expected return of always taking the best action (no exploration) within "
                       f"{result.max_steps} steps; exact, from the transition table P.")
    goal.metric("Greedy reaches the goal", f"{run.greedy_success:.0%}", border=True,
                help=f"Chance that the greedy policy reaches a goal within {result.max_steps} steps.")
    shown.metric(f"Episode {result.episode}'s return", f"{run.returns[result.episode - 1]:g}",
                 border=True, help="The replayed training episode, the dotted purple line on "
                                   "the grid.")
aside(f"Only {result.episodes} episodes were trained, so the replay shows the last one."
      if result.clamped else None, "caption")

chart_row(fig.returns_figure(result), fig.lengths_figure(result))

code_panel(ex, params)
