"""Python, NumPy & pandas: a pandas chain step by step, broadcasting, and a loop timed
against one vectorised NumPy call."""

import streamlit as st

from explorers import numpy_pandas as ex
from explorers._broadcasting import shape_text
from figures import numpy_pandas as fig
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header

header(ex, "Python, NumPy & pandas")
params, result = explore(ex)
s, b, t = result.step, result.broadcast, result.timing

rows, shape, ratio, value = st.columns(4)
rows.metric(f"Step {s.number}: rows", {"failed": "stops", "not run": "not run"}.get(
            s.status, f"{s.before.n_rows} → {(s.after or s.before).n_rows}"), border=True,
            help="Rows of the table before and after the step shown.")
shape.metric("a + b", "ValueError" if b.out is None else shape_text(b.out), border=True,
             help="The shape NumPy gives the sum, or the error it raises.")
ratio.metric("Speed-up", fig.times(t.ratio), border=True,
             help=f"How many times longer the loop takes than the vectorised call, on {t.n:,} "
                  f"elements: {fig.duration(t.loop_seconds)} against {fig.duration(t.vector_seconds)}, "
                  "each its fastest run, measured on this server.")
value.metric("Both compute", f"{t.value:,.5g}", border=True,
             help=f"{ex.OPERATIONS[t.operation].about.capitalize()}: the loop's answer and the "
                  "vectorised one.")

chart(fig.chain_figure(result))
aside(f"Step {s.number} needs a column `{s.missing}` that the table after step {s.number - 1} does "
      "not have, so the chain stops there (pandas would mostly raise a KeyError)."
      if s.status == "failed" else None,
      icon=":material/error:", kind="warning")
st.caption(said(ex, "lines"))

chart_row(fig.broadcast_figure(result), fig.timing_figure(result))
left, right = st.columns(2)
with left:
    # A code span, not st.code: the page's first code block is its code panel. NumPy's
    # message holds only the shapes, which the page parsed into numbers itself.
    st.markdown(f"`{b.error.strip()}`" if b.out is None else
                f"`np.zeros({shape_text(b.a)}) + np.zeros({shape_text(b.b)})` has shape "
                f"`{shape_text(b.out)}`")
    st.caption(said(ex, "broadcast"))
with right:
    gap = abs(t.loop_value - t.value)
    st.caption(said(ex, "same value") + (" Here they are equal." if gap == 0 else
               f" Here they differ by {gap:.1e}: the loop adds in another order, and every "
               "addition rounds.")
               + f" Timed when first asked for on this server: the fastest of {t.loop_runs} loop "
               f"runs and of {t.vector_runs} vectorised ones. Times vary with the machine's load; "
               "the ratio varies less.")

code_panel(ex, params)
