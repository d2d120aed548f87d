"""Logistic regression: the sigmoid of a linear score, its boundary, C and the threshold."""

import streamlit as st

from explorers import logistic_regression as ex
from figures import classify, logistic_regression as fig
from figures.theme import pp
from lessons import said
from ui.page import chart, chart_row, code_panel, explore, header
from ui.table_input import said as named, table_input

header(ex, "Logistic regression")
params, table, result = explore(ex, given=table_input)
s = result.split

train, test, loss, precision, recall = st.columns(5)
train.metric("Train accuracy", f"{result.train_accuracy:.1%}", border=True,
             help="On the points the model was fitted to, at the threshold (two classes).")
test.metric("Test accuracy", f"{result.test_accuracy:.1%}", border=True,
            delta=f"{pp(result.test_accuracy - result.train_accuracy)} vs train", delta_color="off",
            help="On the held-out points, which the model never saw.")
loss.metric("Test log-loss", f"{result.test_log_loss:.3f}", border=True,
            delta=f"{result.test_log_loss - result.train_log_loss:+.3f} vs train", delta_color="off",
            help="The average of −log(probability given to the true class): what fitting minimises "
                 "(plus the penalty). It scores the probabilities, so the threshold does not move it.")
# Names from a learner's table are shown literally (ui.table_input.said).
positive = named(s, s.class_names[1]) if result.binary else ""
which = f"of {positive}" if result.binary else "averaged over classes"
precision.metric("Test precision", f"{result.precision:.1%}", border=True,
                 help=f"Precision {which}: of the points predicted to be that class, the share that are.")
recall.metric("Test recall", f"{result.recall:.1%}", border=True,
              help=f"Recall {which}: of the points of that class, the share the model finds.")

chart(fig.boundary_figure(result))
st.caption(
    "Shading is the probability of the predicted class: strong far from the line, pale near it. "
    "Filled dots train, hollow ones test, crosses mark test points the model gets wrong."
    + (" The thick line is the threshold's boundary; the dashed one, where it differs, is P = 0.5."
       if result.binary else " " + said(ex, "one-vs-rest" if result.strategy == "one-vs-rest" else "softmax"))
)
# The score written out, under the boundary it draws (the first screen is the chart's).
if result.binary:
    (w1, w2), b = result.coef[0], result.intercept[0]
    x1, x2 = (named(s, n) if s.table is not None else f"*{n}*" for n in s.feature_names)
    st.markdown(
        f"**Score** z = {w1:.3f}·{x1} {w2:+.3f}·{x2} {b:+.3f}, and "
        f"**P({positive})** = 1 / (1 + e^(−z)). Threshold t = {result.threshold:g}: "
        f"predict {positive} where z ≥ log(t / (1 − t)) = {ex.logit(result.threshold):.2f}. "
        f"The dotted lines P = 0.1 and 0.9 are {2 * ex.logit(0.9) / result.weight_norm:.2f} apart: "
        "that is how wide the sigmoid's climb is on the plane (it widens as C falls)."
    )
else:
    st.info(
        f"{'Three' if s.n_classes == 3 else s.n_classes} classes ({result.strategy}): each point goes "
        "to its most probable class, so "
        "the threshold slider is greyed out; pick a two-class data set to try it.",
        icon=":material/info:",
    )

if result.binary:
    chart_row(fig.sigmoid_figure(result), classify.confusion_figure(s, result.scores))
    st.caption(
        "Left: every training point at its true label against its score, under the fitted "
        "sigmoid. Points right of the dashed vertical line are predicted "
        f"{positive}. " + said(ex, "threshold")
    )
    chart_row(fig.loss_figure(result), fig.weights_figure(result))
else:
    chart_row(fig.loss_figure(result), classify.confusion_figure(s, result.scores))
    left, right = st.columns(2)
    with left:
        chart(fig.weights_figure(result))
    with right:
        st.markdown(f"{said(ex, 'strategies')} {said(ex, 'overlap')}")
st.caption(f"{said(ex, 'curves')} {said(ex, 'separable')}")

code_panel(ex, params, table)
