"""Classification metrics & ROC: one threshold through the scores, the confusion matrix and its
examples, ROC and precision-recall curves, the cost of errors, prevalence, averages, calibration."""

import html
from functools import partial

import streamlit as st

from explorers import metrics as ex
from figures import metrics as fig
from figures.theme import pp
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, describe, explore, header
from ui.safe import shown
from ui.table_input import table_input

OFF = dict(delta_color="off", delta_arrow="off", border=True)  # a delta that states a comparison


def named(r, name: str) -> str:
    """A class name for markdown: ours as it is, a learner's as a literal code span."""
    return name if r.source.table is None else shown(html.unescape(name))


def _clicked(chart_key: str, select_key: str) -> None:
    """A click on a cell of the confusion matrix picks that cell in the box beside it."""
    state = st.session_state.get(chart_key) or {}
    points = (state.get("selection") or {}).get("points") or []
    if points:
        index = points[0].get("customdata")
        st.session_state[select_key] = int(index[0] if isinstance(index, list) else index)


def cells(r) -> None:
    """The confusion matrix, clickable, and the test cases of the cell picked beside it."""
    matrix = r.averages.confusion if r.averages is not None else r.threshold.cell_counts
    k = len(matrix)
    names = r.source.class_names
    select_key, chart_key = f"metrics_cell_{k}", f"metrics_matrix_{k}"
    if select_key not in st.session_state:  # the missed positives; with more classes, the worst mix-up
        st.session_state[select_key] = 2 if k == 2 else int(ex.worst_mixup(matrix))
    left, right = st.columns([2, 3])
    with right:
        def label(index: int, name=html.unescape) -> str:
            """A cell, named for the box (plain text), or for markdown with ``name=...``."""
            i, j = divmod(index, k)
            if r.threshold is not None:
                return fig.OUTCOMES[(i, j)][0]
            return f"true {name(names[i])}, predicted {name(names[j])}"

        picked = st.selectbox("Cases in the cell", range(k * k), key=select_key,
                              format_func=lambda index: f"{label(index)} ({matrix[divmod(index, k)]:,})",
                              help="Or click a cell of the matrix. The most confident cases come first.")
        true, predicted = divmod(picked, k)
        chosen = ex.cell(r, true, predicted)
        if not len(chosen):
            st.caption(f"No test case is in this cell ({label(picked, lambda n: named(r, n))}).")
        elif r.source.images is not None:  # the digits: names of our own
            title = f"{label(picked).capitalize()}: {len(chosen)} of {matrix[true, predicted]:,}"
            chart(fig.examples_figure(r, chosen, title), key="metrics_examples")
            st.caption("Above each image: the model's probability of the class it predicted.")
        else:
            st.dataframe(ex.cases_table(r, chosen), height=300, hide_index=True)
    with left:
        # Streamlit's own chart, for its click events (a heat map's cells select nothing, so
        # the figure puts an invisible marker on each); a click picks the cell in the box.
        matrix_figure = fig.confusion_figure(r, picked)
        st.plotly_chart(matrix_figure, theme=None, key=chart_key,
                        on_select=partial(_clicked, chart_key, select_key), selection_mode="points",
                        alt=describe(matrix_figure), config={"displaylogo": False, "displayModeBar": False})


def threshold(p, r) -> None:
    t = r.threshold
    negative, positive = (named(r, n) for n in r.source.class_names)
    precision, recall, f1, accuracy, cost = st.columns(5)
    precision.metric("Precision", "—" if t.nothing_predicted else f"{t.precision:.3f}", border=True,
                     help="TP / (TP + FP): of the cases predicted positive, the share that are.")
    recall.metric("Recall", f"{t.recall:.3f}", border=True,
                  help="TP / (TP + FN): of the positive cases, the share caught (the true positive rate).")
    f1.metric("F1", f"{t.f1:.3f}", border=True, help="The harmonic mean of precision and recall.")
    never = 1 - float(t.s.y.mean())
    accuracy.metric("Accuracy", f"{t.accuracy:.1%}", delta=f"never: {never:.1%}", **OFF,
                    help=f"(TP + TN) / all: {pp(t.accuracy - never)} above a model that never predicts "
                         f"{positive}, which scores {never:.1%}.")
    cost.metric("Cost", f"{t.cost:,.0f}", delta=f"least {t.best_cost:,.0f}", **OFF,
                help=f"{t.cost_fp} per false positive plus {t.cost_fn} per false negative, on the test set; "
                     "the least over the slider's thresholds.")
    chart(fig.histogram_figure(r))
    aside(None if not t.nothing_predicted else
          f"No test case scores {t.threshold:.2f} or more: nothing is predicted {positive}, so precision is "
          "undefined (scikit-learn reports 0, and so does F1).", "warning", icon=":material/warning:")
    st.caption(said(ex, "linked"))
    cells(r)
    chart_row(fig.roc_figure(r), fig.pr_figure(r))
    chart(fig.cost_figure(r))
    st.caption(said(ex, "cost"))


def prevalence(p, r) -> None:
    v = r.prevalence
    precision, recall, auc, ap = st.columns(4)
    precision.metric("Precision", "—" if v.nothing_predicted else f"{v.precision:.3f}",
                     delta=f"was {v.precision_as_is:.3f}", **OFF,
                     help=f"At the threshold {v.threshold:.2f}: TP / (TP + FP), each case counted by its "
                          "weight in the resampled set. 'Was': on the test set as it is.")
    recall.metric("Recall", f"{v.recall:.3f}", border=True,
                  help=f"At the threshold {v.threshold:.2f}. Counted among the positives alone, so their share "
                       "cannot change it.")
    auc.metric("ROC AUC", f"{v.auc:.3f}", delta=f"was {v.s.auc:.3f}", **OFF,
               help="roc_auc_score with the resampled weights. 'Was': on the test set as it is.")
    ap.metric("Avg. precision", f"{v.ap:.3f}", delta=f"was {v.s.ap:.3f}", **OFF,
              help="average_precision_score with the resampled weights: the area under the precision-recall "
                   "curve. 'Was': on the test set as it is.")
    chart(fig.prevalence_figure(r))
    st.caption(said(ex, "prevalence"))
    chart(fig.sweep_figure(r))


def averages(p, r) -> None:
    a = r.averages
    macro, weighted, micro, rare = st.columns(4)
    macro.metric("Macro F1", f"{a.averaged[0, 2]:.3f}", border=True,
                 help="The plain mean of the classes' F1: every class counts the same, however rare.")
    weighted.metric("Weighted F1", f"{a.averaged[1, 2]:.3f}", border=True,
                    help="The classes' F1 averaged with their numbers of test cases as weights.")
    micro.metric("Micro F1", f"{a.averaged[2, 2]:.3f}", delta=f"accuracy {a.accuracy:.3f}", **OFF,
                 help="From the counts pooled over the classes: with one label per case it is the accuracy.")
    rarest = int(a.support.argmin())
    rare.metric(f"F1, class {named(r, r.source.class_names[rarest])}", f"{a.f1[rarest]:.3f}", border=True,
                help=f"The class with the fewest test cases ({a.support[rarest]}).")
    chart(fig.averages_figure(r))
    aside(None if r.source.table is None else
          "The *Share of the 8s kept* does not apply to your table: its classes are used as they are.",
          icon=":material/info:")
    st.caption(said(ex, "averages"))
    cells(r)


def calibration(p, r) -> None:
    c = r.calibration
    raw, fixed = c.fitted_curve, c.calibrated

    def then(before: float, after: float | None, form: str) -> str:
        return format(before, form) if after is None else f"{before:{form}} → {after:{form}}"

    brier, loss, auc, base = st.columns(4)
    brier.metric("Brier score", then(raw.brier, fixed and fixed.brier, ".4f"), border=True,
                 help=f"brier_score_loss of {c.model}, as fitted → recalibrated: the mean squared gap "
                      "between score and outcome (0 or 1). Lower is better.")
    loss.metric("Log-loss", then(raw.log_loss, fixed and fixed.log_loss, ".3f"), border=True,
                help="log_loss, as fitted → recalibrated: it punishes a confident wrong score hardest.")
    auc.metric("ROC AUC", then(raw.auc, fixed and fixed.auc, ".3f"), border=True,
               help="roc_auc_score, as fitted → recalibrated: how well the scores rank the cases, which "
                    "calibration hardly changes.")
    base.metric("Positives", f"{c.base:.1%}", border=True,
                help="The share of positive cases in the test set: a model that says this for every case is "
                     "calibrated, and useless.")
    chart(fig.calibration_figure(r))
    st.caption(said(ex, "calibration"))
    chart(fig.confidence_figure(r))


header(ex, "Classification metrics & ROC")
params, table, result = explore(ex, given=table_input)  # each view shows its own controls only
if table is not None and params.view != "averages":
    st.caption(f"Positive class: your table's rarest, {named(result, result.source.class_names[1])}, "
               "against all the others.")

{"threshold": threshold, "prevalence": prevalence, "averages": averages,
 "calibration": calibration}[result.view](params, result)

code_panel(ex, params, table)
