"""SGD, momentum, Nesterov, RMSprop and Adam (torch.optim) walking the same loss surface."""

import streamlit as st

from explorers import optimizers as ex
from figures import optimizers as fig
from lessons import said
from ui.page import aside, chart, code_panel, explore, header

header(ex, "Optimizers: SGD, momentum, RMSprop, Adam")
params, result = explore(ex)

best = min(range(len(result.names)), key=lambda k: (result.diverged_at[k] >= 0, result.final_losses[k]))
n_diverged = int((result.diverged_at >= 0).sum())
final, winner, diverged, lr = st.columns(4)
final.metric(f"{result.highlight}: final loss", f"{result.final_loss:.3g}", border=True,
             help="The loss where the highlighted optimizer stopped (0 is the minimum of every surface).")
all_gone = n_diverged == len(result.names)
winner.metric("Lowest final loss" + ("" if all_gone else f": {result.final_losses[best]:.2g}"),
              "none (all diverged)" if all_gone else result.names[best], border=True,
              help="Among the walkers that did not diverge.")
diverged.metric("Diverged", f"{n_diverged} of {len(result.names)}", border=True,
                help=f"A walker diverges when it gets further than {ex.FAR:g} plot half-widths from the "
                     "plot's centre; its path stops there.")
lr.metric(f"Momentum's lr (β = {result.momentum:.2f})", f"{result.momentum_lr:.3g}", border=True,
          help=f"The sliders' values, or Distill's optimum for the bowl if chosen (then plain SGD's lr "
               f"is {result.sgd_lr:.3g}).")

gone = [f"{name} at step {int(step)}" for name, step in zip(result.names, result.diverged_at) if step >= 0]
# An info, not a warning: the page keeps warnings for links it could not read.
aside(f"**Diverged: {', '.join(gone)}.** Each step overshot the minimum by more than the last, so the "
      "path stops where it flew off (✕ where it left the plot). Lower that learning rate."
      if gone else None, icon=":material/trending_up:")

chart(fig.walk_figure(result))
st.caption(f"{ex.SURFACES[result.surface].about.capitalize()}: loss = `{result.formula}`. "
           "Every walker starts at the open circle and takes the same number of steps; markers show "
           "some of the steps, so wide gaps mean fast moves. Hover a path for the loss at each step; "
           "▶ Play walks them all again from the start, in your browser.")
chart(fig.loss_figure(result))
st.caption(said(ex, "loss"))

if result.optimum is not None:
    sgd_opt, mom_opt, beta_opt = result.optimum
    st.info(
        f"**Distill's lesson for this bowl (κ = {params.kappa}).** With curvatures 1 and κ, plain gradient "
        f"descent is stable only below lr = 2/λ_max = 2/κ = **{2 / params.kappa:.3g}** (SGD's rate is "
        f"{result.sgd_lr:.3g} here), and converges fastest at lr = 2/(κ + 1) = **{sgd_opt:.3g}**, "
        "losing a factor "
        f"(κ − 1)/(κ + 1) = {(params.kappa - 1) / (params.kappa + 1):.3f} per step. Momentum's best is "
        f"β = ((√κ − 1)/(√κ + 1))² = **{beta_opt:.3f}** with lr = (2/(√κ + 1))² = **{mom_opt:.3g}**, losing "
        f"(√κ − 1)/(√κ + 1) = {(params.kappa ** 0.5 - 1) / (params.kappa ** 0.5 + 1):.3f} per step: "
        "the square root of κ instead of κ. Pick *Distill's optimum* under *Momentum settings* to compare."
        + (" Nesterov diverges there: its step looks ahead, so heavy-ball momentum's best settings "
           "overshoot for it (it needs lr·κ below 2(1 + β)/(1 + 2β))."
           if params.tuning == ex.TUNINGS[1] and result.diverged_at[result.names.index("Nesterov")] >= 0 else ""),
        icon=":material/lightbulb:")

code_panel(ex, params)
