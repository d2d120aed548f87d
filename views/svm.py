"""Support vector machines: the margin, its support vectors, and what C and gamma do to them."""

import streamlit as st

from explorers import svm as ex
from figures import classify, svm as fig
from figures.theme import pp
from lessons import said
from ui.page import chart, chart_row, code_panel, explore, header
from ui.table_input import table_input

header(ex, "Support vector machines")
params, table, result = explore(ex, given=table_input)

train, test, support, width = st.columns(4)
train.metric("Train accuracy", f"{result.train_accuracy:.1%}", border=True,
             help="On the points the model was fitted to.")
test.metric("Test accuracy", f"{result.test_accuracy:.1%}", border=True,
            delta=f"{pp(result.test_accuracy - result.train_accuracy)} vs train", delta_color="off",
            help="On the held-out points, which the model never saw.")
n_train = len(result.split.y_train)
if result.on_margin is not None:
    detail = (f"{int(result.on_margin.sum())} on the margin, "
              f"{int((~result.on_margin).sum())} inside it or on the wrong side (alpha = C)")
else:
    detail = "more than two classes: one-vs-one, a support vector may serve several pairs"
support.metric("Support vectors", f"{len(result.support)} of {n_train}", border=True,
               help=f"The only training points the boundary depends on: {detail}.")
width.metric("Margin width 2/‖w‖", "per pair" if result.margin_width is None else f"{result.margin_width:.3f}",
             border=True, help="The street's width, in the standardised inputs (for the RBF and "
                               "polynomial kernels, in the kernel's feature space). Falls as C rises.")

chart(fig.boundary_figure(result))
if result.grid_decision is not None:
    st.caption(
        "Solid line: the boundary, f(x) = 0; dashed lines: the margins, f(x) = ±1. Shading "
        "deepens with |f(x)|, pale inside the street. Rings mark support vectors on the margin "
        "(0 < alpha < C); diamonds those inside it or misclassified, whose alpha has hit C. "
        "Filled dots train, hollow ones test, crosses mark test points the model gets wrong."
    )
else:
    st.info("With more than two classes scikit-learn's SVC fits one SVM per pair of classes (one-vs-one) "
            "and lets them vote, so each pair has its own margin: only the boundary and the "
            "support vectors are drawn.", icon=":material/info:")
chart_row(fig.margin_figure(result), fig.accuracy_figure(result))
left, right = st.columns(2)
with left:
    chart(classify.confusion_figure(result.split, result.scores))
right.markdown(said(ex, "curves") + "\n\n" + said(ex, "gamma"))

code_panel(ex, params, table)
