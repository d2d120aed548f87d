"""Classifier comparison: every classifier's boundary on the same data, with accuracy and fit time."""

import streamlit as st

from explorers import comparison as ex
from figures import classify, comparison as fig
from ui.page import chart, chart_row, code_panel, explore, header
from ui.table_input import table_input

header(ex, "Classifier comparison")
params, table, result = explore(ex, given=table_input)

best, focus_test, focus_train, focus_time = st.columns(4)
best.metric("Best test accuracy", f"{result.best_test_accuracy:.1%}", border=True,
            help=f"{result.best}, on the held-out points.")
focus_test.metric(f"{result.focus.name}, test", f"{result.focus.scores.test_accuracy:.1%}", border=True,
                  help="The model chosen under 'Look closer at', on the held-out points.")
focus_train.metric(f"{result.focus.name}, train", f"{result.focus.scores.train_accuracy:.1%}", border=True,
                   help="The same model on the points it was fitted to.")
focus_time.metric("Its fit time", f"{1000 * result.focus.fit_seconds:.1f} ms", border=True,
                  help="Measured on this server as the page was computed; it varies from run to "
                       "run and with the load, so compare models, not runs.")

chart(fig.panels_figure(result))
st.caption("Each panel: the model's predicted class (shading: how sure, from its probabilities; the two "
           "SVMs give none, so theirs is flat) and the held-out test points (hollow, crossed where the "
           "model is wrong); the title gives test accuracy. The chart below adds the training points "
           "for the model you look at closer.")
chart_row(fig.focus_figure(result), classify.confusion_figure(result.split, result.focus.scores, height=520))
chart_row(fig.scores_figure(result), fig.time_figure(result))

code_panel(ex, params, table)
