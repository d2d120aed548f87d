"""Random forests and bagging: single trees' boundaries against the forest's, as trees are added."""

import streamlit as st

from explorers import random_forest as ex
from figures import classify, random_forest as fig
from figures.theme import pp
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header
from ui.table_input import table_input

header(ex, "Random forests & bagging")
params, table, result = explore(ex, given=table_input)

train, test, oob, alone = st.columns(4)
train.metric("Train accuracy", f"{result.train_accuracy:.1%}", border=True,
             help="On the training points, which every tree has seen (with bootstrap, most of them).")
test.metric("Test accuracy", f"{result.test_accuracy:.1%}", border=True,
            delta=f"{pp(result.test_accuracy - result.train_accuracy)} vs train", delta_color="off",
            help="On the held-out points, which no tree saw.")
if result.oob_score is None:
    oob.metric("Out-of-bag score", "—", border=True,
               help="Needs bootstrap samples: without them no point is ever left out of a tree's data.")
else:
    oob.metric("Out-of-bag score", f"{result.oob_score:.1%}", border=True,
               help="Each training point scored only by the trees whose bootstrap sample missed it "
                    "(scikit-learn's oob_score_): a test-like score from the training set alone.")
alone.metric("One tree alone, test", f"{result.mean_tree_accuracy:.1%}", border=True,
             delta=f"{pp(result.test_accuracy - result.mean_tree_accuracy)} for the forest",
             delta_color="normal", help="A single tree's test accuracy, averaged over the forest's trees.")
aside(f"{result.oob_missing} training points are in every tree's bootstrap sample so far, so they have "
      "no out-of-bag vote; scikit-learn counts them as the first class (and warns). Add trees."
      if result.oob_missing else None, icon=":material/info:")

chart(fig.forest_figure(result))
chart(fig.trees_figure(result))
st.caption(said(ex, "trees"))
chart_row(fig.accuracy_figure(result), fig.spread_figure(result))
st.caption(said(ex, "curves"))
with st.columns(2)[0]:  # half the width, as the curves above: a confusion matrix needs no more
    chart(classify.confusion_figure(result.split, result.scores))

code_panel(ex, params, table)
