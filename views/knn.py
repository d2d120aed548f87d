"""k-nearest neighbours: the boundary from jagged to smooth, and one probe point's vote."""

import streamlit as st

from explorers import knn as ex
from figures import classify, knn as fig
from figures.theme import pp
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header
from ui.table_input import said as named, table_input

header(ex, "k-nearest neighbours")
params, table, result = explore(ex, given=table_input)

train, test, k, probe = st.columns(4)
train.metric("Train accuracy", f"{result.train_accuracy:.1%}", border=True,
             help="On the points the model stores. At k = 1 each is its own nearest neighbour.")
test.metric("Test accuracy", f"{result.test_accuracy:.1%}", border=True,
            delta=f"{pp(result.test_accuracy - result.train_accuracy)} vs train", delta_color="off",
            help="On the held-out points, which the model never saw.")
k.metric("Neighbours k", result.k, border=True,
         help="The slider's k, clipped to the training-set size.")
s = result.split
probe.metric("Probe's class", named(s, s.class_names[result.probe_class]), border=True,
             help="The class with most of the probe's neighbours' votes: "
                  + ", ".join(f"{named(s, n)} {v:.0%}" for n, v in zip(s.class_names, result.probe_votes)))
aside(f"k = {result.k_requested} is more than the {len(result.split.X_train)} training points; using "
      f"k = {result.k}, which votes with every point." if result.k != result.k_requested else None,
      icon=":material/info:")

chart(fig.boundary_figure(result))
st.caption(
    "Shading is the share of the neighbours' vote the winning class gets: strong near the "
    "middle of a class, pale where the vote is split. Filled dots train, hollow ones test, "
    "crosses mark test points the model gets wrong. Move the probe (sidebar) to see who votes."
)
chart_row(fig.accuracy_figure(result), classify.confusion_figure(result.split, result.scores))
st.caption(said(ex, "sweep"))

code_panel(ex, params, table)
