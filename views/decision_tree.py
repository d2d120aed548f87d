"""Decision trees: the diagram and the rectangles it carves, one followed point in both."""

import streamlit as st

from explorers import decision_tree as ex
from figures import classify, decision_tree as fig
from figures.theme import pp
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header
from ui.table_input import table_input

header(ex, "Decision trees")
params, table, result = explore(ex, given=table_input)
s = result.split

train, test, depth, leaves = st.columns(4)
train.metric("Train accuracy", f"{result.train_accuracy:.1%}", border=True,
             help=said(ex, "fully_grown"))
test.metric("Test accuracy", f"{result.test_accuracy:.1%}", border=True,
            delta=f"{pp(result.test_accuracy - result.train_accuracy)} vs train", delta_color="off",
            help="On the held-out points, which the tree never saw.")
depth.metric("Depth reached", result.depth, border=True,
             help=f"At most the max depth ({result.max_depth}); a tree stops earlier where every leaf "
                  f"is pure or too small to split. Without a limit this one stops at {result.full_depth}.")
leaves.metric("Leaves (boxes)", result.n_leaves, border=True,
              help="Each leaf is one rectangle of the plane, with one class.")
aside(f"The tree stopped at depth {result.depth}: {said(ex, 'stopped')}"
      if result.depth < result.max_depth else None, icon=":material/info:")

chart(fig.boundary_figure(result))
st.caption(
    "Thin lines are the tree's cuts, each across the box of the node that made it; the thick, "
    "numbered ones are the questions the starred point is asked, in order, and the dashed box is "
    "its leaf. Shading is the share of the leaf's training points in its class. Filled dots train, "
    "hollow ones test, crosses mark test points the tree gets wrong. Move the point with the "
    "*Follow a point* sliders."
)
chart(fig.diagram_figure(result, s.feature_names, s.class_names))
questions = len(result.probe_path) - 1
if questions == 0:
    route = "is asked nothing: the tree is a single leaf, as no split leaves enough points on both sides"
else:
    route = (f"answers questions {' '.join(fig.badge(i) for i in range(questions))} (thick edges, the "
             "same numbers as on the plane) and lands in the leaf with the thick border")
    if questions > fig.SHOWN_DEPTH:
        route += (f"; from {fig.badge(fig.SHOWN_DEPTH)} on, its questions are inside the thick + box, "
                  "below the levels drawn")
st.caption(
    f"Each box is a node: its question, the training points that reach it and its {result.criterion} "
    "impurity (0 is pure); a leaf shows its class and its counts per class. Colour is the majority "
    f"class, stronger the purer the node. The starred point {route}. Hover a box for its details."
)
chart_row(fig.accuracy_figure(result), classify.confusion_figure(s, result.scores))
st.caption(said(ex, "depth"))
code_panel(ex, params, table)
# After the code panel, which the page tests expect to be the first code block.
with st.expander("The tree as rules (scikit-learn's export_text)", icon=":material/account_tree:"):
    st.code(result.rules, language=None)
