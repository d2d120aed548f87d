"""Feature extraction & selection: polynomial features, PCA components as features, selectors
among pure-noise columns, impurity against permutation importance, and selection inside
against outside the cross-validation."""

import streamlit as st

from explorers import feature_selection as ex
from figures import feature_selection as fig
from figures.theme import pp
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header
from ui.safe import shown
from ui.table_features import table_features

OFF = dict(delta_color="off", delta_arrow="off", border=True)  # a delta that adds a fact, not a verdict


def percent(x) -> str:
    return "—" if x is None else f"{x:.1%}"


def not_used(table) -> None:
    aside(None if table is None else "Your table is not used in this view (see the sidebar): it draws "
          "data of its own.", icon=":material/table_view:")


def polynomial(r, table) -> None:
    p = r.poly
    test, train, count, best = st.columns(4)
    test.metric("Test accuracy", percent(p.test_accuracy), border=True,
                help="On the held-out points, which the model never saw.")
    train.metric("Train accuracy", percent(p.train_accuracy), border=True,
                 help="On the points the model was fitted to.")
    count.metric("Features", p.n_features, border=True,
                 help="Columns PolynomialFeatures makes of x₁ and x₂ (no constant column: the model fits its "
                      "own intercept).")
    top = int(p.degrees[p.test_all.argmax()])
    best.metric("Best degree", top, border=True,
                help="The lowest degree with the highest test accuracy, all terms (the chart below).")
    not_used(table)
    chart(fig.poly_figure(r))
    st.caption(f"**The {p.n_features} features:** {', '.join(map(fig.pretty, p.names))}. " + said(ex, "poly"))
    chart_row(fig.degree_figure(r), fig.weights_figure(r))


def pca(r, table) -> None:
    c = r.pca
    accuracy, every, variance, shape = st.columns(4)
    accuracy.metric(f"{c.components} components", percent(c.cv_accuracy), border=True,
                    help=f"Cross-validated accuracy ({ex.PCA_FOLDS} folds) of scaler → PCA → logistic "
                         "regression.")
    every.metric("No PCA", percent(c.all_accuracy), delta=pp(c.cv_accuracy - c.all_accuracy),
                 **OFF, help="The same pipeline without PCA; the delta is what keeping only the components "
                             "changes, in percentage points.")
    variance.metric("Variance kept", f"{c.explained_kept:.1%}", border=True,
                    help="The share of the standardised columns' variance the kept components hold (PCA on "
                         "every row).")
    shape.metric("Columns in → out", f"{c.n_features} → {c.components}", border=True)
    aside(f"{c.components_asked} components is more than the {c.n_features} columns; using {c.components}."
          if c.components != c.components_asked else None, icon=":material/info:")
    chart(fig.pca_figure(r))
    st.caption(said(ex, "pca"))
    chart_row(fig.variance_figure(r), fig.projection_figure(r))


def selection(r, table) -> None:
    s = r.selection
    for column, m in zip(st.columns(4), (s.every, *s.methods)):
        label = "Every feature" if m is s.every else m.name.split(" (")[0]
        column.metric(label, percent(m.cv_accuracy), **OFF,
                      delta=f"{m.n_kept} kept, {s.noise_kept(m)} noise",
                      help=f"{m.name}: cross-validated accuracy ({ex.SELECTION_FOLDS} folds) with the "
                           "selection inside the pipeline, and the columns it keeps when fitted on every row."
                           + (" In some fold it kept no column at all, so its model had nothing to fit."
                              if m.cv_accuracy is None else ""))
    aside(f"k = {s.k_asked} is more than the {s.n_features} columns; SelectKBest keeps all {s.k}."
          if s.k != s.k_asked else None, icon=":material/info:")
    chart(fig.kept_figure(r))
    st.caption(said(ex, "select"))
    chart_row(fig.rfecv_figure(r), fig.scores_figure(r))


def importance(r, table) -> None:
    m = r.importance
    accuracy, mdi, test, train = st.columns(4)
    accuracy.metric("Test accuracy", percent(m.test_accuracy), delta=f"train {percent(m.train_accuracy)}",
                    **OFF,
                    help="The forest on the held-out rows, and on the rows it was grown on.")
    mdi.metric("MDI rank", f"{fig.ordinal(m.rank(m.mdi, m.number))} of {len(m.names)}", **OFF,
               delta=f"above {m.real_below(m.mdi, m.number)} real",
               help="The random number's rank by impurity-based importance, read off the trees (on the "
                    "training rows), and how many real columns it beats.")
    test.metric("Shuffle, test", pp(m.test_mean[m.number]), border=True,
                help="Test accuracy lost when the random number is shuffled (its permutation importance, "
                     f"mean of {m.test.shape[1]} shuffles), in percentage points.")
    train.metric("Shuffle, train", pp(m.train_mean[m.number]), border=True,
                 help="The same on the training rows, which the forest has memorised.")
    chart(fig.importance_figure(r))
    st.caption(said(ex, "importance"))
    chart(fig.repeats_figure(r))


def leakage(r, table) -> None:
    s = r.leakage
    outside, inside, gap, chance = st.columns(4)
    outside.metric("Chosen outside", percent(s.outside_accuracy), border=True,
                   help=f"The {s.k} best of {s.features:,} noise columns chosen on every row, then "
                        f"cross-validated ({ex.FOLDS} folds).")
    inside.metric("Chosen inside", percent(s.inside_accuracy), border=True,
                  help="SelectKBest as a step of the pipeline: each fold chooses on its own training rows.")
    gap.metric("The leak's gain", pp(s.gap), border=True, help="Outside minus inside, in percentage points.")
    chance.metric("Chance", percent(s.chance), border=True, help="Always guessing the larger class.")
    not_used(table)
    chart(fig.leak_figure(r))
    st.caption(said(ex, "leak"))
    chart(fig.leak_curve_figure(r))


header(ex, "Feature extraction & selection")
params, table, result = explore(ex, given=table_features)  # each view shows its own controls only

{ex.POLY: polynomial, ex.PCA_VIEW: pca, ex.SELECT: selection, ex.IMPORTANCE: importance,
 ex.LEAK: leakage}[result.view](result, table)
if table is not None and result.own_table:
    st.caption(f"Data: your table's {len(table.feature_names)} columns "
               f"({', '.join(shown(n) for n in table.feature_names[:6])}"
               f"{', …' if len(table.feature_names) > 6 else ''}), class {shown(table.target)}.")

code_panel(ex, params, table)
