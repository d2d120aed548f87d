"""Deep Q-learning: a small PyTorch Q-network learns to balance gymnasium's CartPole, with a
replay buffer and a target network (or without them), and its greedy episode replayed."""

import streamlit as st

from explorers import dqn as ex
from figures import dqn as fig
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header
from ui.play import played

header(ex, "Deep Q-learning on CartPole")
params, result = explore(ex)

final, greedy, untrained, episodes = st.columns(4)
final.metric(f"Last {ex.LAST_EPISODES} episodes", f"{result.final_return:.1f}", border=True,
             help="Mean return of the last training episodes (ε-greedy, so some pushes are random). "
                  "A random agent averages about 22; 500 is the time limit.")
greedy.metric("Greedy return", f"{result.greedy_mean:.0f}", border=True,
              delta=f"{result.greedy_mean - result.untrained.length:+.0f} vs untrained",
              help=f"The trained network with no random pushes, averaged over {ex.EVAL_EPISODES} episodes "
                   "(environment seeds seed … seed+4).")
untrained.metric("Untrained return", f"{result.untrained.length}", border=True,
                 help="The network's initial weights, played greedily from the same start.")
episodes.metric("Training episodes", f"{len(result.returns)}", border=True,
                help=f"Episodes finished within {result.steps_run:,} training steps.")

aside(f"Training stopped at step {result.steps_run:,}: the loss became infinite, so the network is "
      "shown as it was after the last finished episode. Lower the learning rate."
      if result.diverged else None, icon=":material/warning:")

chart_row(played(ex, params, "frame", fig.trained_figure, result, last=result.trained.length),
          played(ex, params, "frame", fig.untrained_figure, result, last=result.untrained.length))
st.caption("Both agents act greedily from the same start (environment seed = seed). Drag *Replay at "
           "step* to scrub through the episodes, or press ▶ Play on either (it runs in your "
           "browser, from the step the slider sets); the dotted red lines are where the episode fails "
           "(θ beyond 12°, or the cart off the track).")
chart(fig.limits_figure(result, ex.X_LIMIT, ex.THETA_LIMIT))
chart(fig.returns_figure(result))
st.caption(said(ex, "returns"))
chart_row(fig.loss_figure(result), fig.q_figure(result))
st.caption(f"{said(ex, 'loss')} {said(ex, 'q_values')}")

code_panel(ex, params)
