"""Backpropagation step by step on a 2-2-1 network: every value, every gradient, the update."""

import streamlit as st

from explorers import backprop as ex
from figures import backprop as fig
from lessons import said
from ui.page import aside, chart, code_panel, explore, header
from ui.play import played

header(ex, "Backpropagation, step by step")
params, result = explore(ex)
r = result

before, after, grad, check = st.columns(4)
before.metric("Loss", fig.fmt(r.loss), border=True,
              help=f"{r.loss_name.capitalize()} of the output a = {fig.fmt(r.out)} against y = {fig.fmt(r.y)}.")
after.metric("Loss after one update", fig.fmt(r.loss_after), border=True,
             delta=fig.fmt(r.loss_after - r.loss), delta_color="inverse",
             help=f"The same example through the network after w ← w − {fig.fmt(r.learning_rate)} · "
                  "∂L/∂w.")
i = ex.NAMES.index(r.follow)
grad.metric(f"∂L/∂{r.follow}", fig.fmt(r.grad[i]), border=True,
            help="By the chain rule, written out below.")
check.metric("Largest |hand − autograd|", f"{abs(r.by_hand - r.by_autograd).max():.1e}", border=True,
             help=f"Over the loss and the {len(r.quantities) - 1} numbers of the backward pass: NumPy by "
                  "the formulas against torch.autograd.")

chart(played(ex, params, "step", fig.network_figure, r, first=1, last=len(ex.PHASES)))
st.caption("Red edges are positive weights, blue negative (as on the playground); thicker is larger. "
           "Orange nodes are what this step computes; '?' marks values a later step fills in. Forward "
           "values appear left to right (steps 1–3), gradients right to left (steps 4–5).")

st.markdown(f"**Step {r.step}: {ex.PHASES[r.step - 1]}.**")
for line in fig.step_latex(r):
    st.latex(line)

st.markdown(f"**The chain rule for {r.follow}**: one local slope for each link from the loss back to it.")
st.latex(fig.chain_latex(r))
aside("These factors are what the backward pass (steps 4 and 5) computes; the forward values you "
      "have just seen appear in them as the local slopes." if r.step < 4 else None, "caption")

grads, update = st.columns(2)
with grads:
    st.markdown("**Every gradient, by hand and by autograd**")
    st.dataframe(fig.gradient_table(r), hide_index=True,
                 column_config={"by hand (NumPy)": st.column_config.NumberColumn(format="%.6f"),
                                "torch.autograd": st.column_config.NumberColumn(format="%.6f"),
                                "difference": st.column_config.NumberColumn(format="%.1e")})
with update:
    st.markdown("**The update, w ← w − η · ∂L/∂w**")
    # Six decimals: a first-layer gradient is often below 0.001, which the default four would hide.
    table = fig.update_table(r)
    st.dataframe(table, hide_index=True,
                 column_config={k: st.column_config.NumberColumn(format="%.6f") for k in list(table)[1:]})
    hidden, output = abs(r.grad[:4]).mean(), abs(r.grad[4:6]).mean()
    if output > 0 and hidden > 0:
        ratio, than = (output / hidden, "smaller") if output >= hidden else (hidden / output, "larger")
        st.caption(f"The first layer's weight gradients are on average {fig.fmt(ratio)} times {than} than "
                   f"the second layer's: {said(ex, 'layers')}")

if r.diverged:
    st.warning(f"The updates diverged after {len(r.curve) - 1} steps (the numbers overflowed): lower the "
               "learning rate.", icon=":material/warning:")
chart(fig.curve_figure(r))
st.caption("Orange: the loss before and after the update worked through above. "
           + " ".join(said(ex, k) for k in ("curve", "overshoot", "dead_relu")))

code_panel(ex, params)
