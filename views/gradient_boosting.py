"""Gradient boosting stage by stage, each tree fitted to the residuals; XGBoost beside it."""

import streamlit as st

from explorers import gradient_boosting as ex
from figures import classify, gradient_boosting as fig
from figures.theme import pp
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header
from ui.play import played
from ui.table_input import said as named, table_input

header(ex, "Gradient boosting & XGBoost")
params, table, result = explore(ex, given=table_input)

train, test, xgb, loss = st.columns(4)
train.metric("Train accuracy", f"{result.train_accuracy:.1%}", border=True,
             help=f"scikit-learn's GradientBoostingClassifier after all {params.n_stages} stages.")
test.metric("Test accuracy", f"{result.test_accuracy:.1%}", border=True,
            delta=f"{pp(result.test_accuracy - result.train_accuracy)} vs train", delta_color="off",
            help="On the held-out points.")
xgb.metric("XGBoost test accuracy", f"{result.xgb_test_accuracy:.1%}", border=True,
           delta=f"{pp(result.xgb_test_accuracy - result.test_accuracy)} vs scikit-learn", delta_color="off",
           help="XGBClassifier with the same number of trees, learning rate and depth, on the same split.")
loss.metric("Test log-loss", f"{result.test_log_loss:.3f}", border=True,
            help="scikit-learn's model: the loss the trees descend, on the held-out points. "
                 "Lower is better; 0.693 is a coin toss between two classes.")

aside(f"Stage {result.stage_requested} is past the last of the {params.n_stages} trees, so the "
      f"last one, stage {result.stage}, is shown." if result.stage != result.stage_requested else None,
      icon=":material/info:")
chart_row(fig.before_figure(result),
          played(ex, params, "stage", fig.residual_figure, result, first=1, last=params.n_stages,
                 extra=() if table is None else (table,)))
st.caption(
    f"Left, the model before tree {result.stage}. Right, the residuals it leaves (red: should be "
    f"more {named(result.split, result.split.class_names[result.residual_class])}, blue: less; bigger "
    f"dots are wronger) and, behind them, tree {result.stage}'s output. {said(ex, 'tree')} "
    "Step the stage slider to watch the residuals shrink, or press ▶ Play on the right "
    "(it runs in your browser, from the stage the slider sets)."
    + ("" if result.split.n_classes == 2 else
       " With more than two classes each stage fits one tree per class; the first class's is shown.")
)
chart(fig.curves_figure(result))
st.caption(said(ex, "curves"))
chart_row(*fig.final_figures(result))
chart(classify.confusion_figure(result.split, result.scores))

code_panel(ex, params, table)
