"""Cross-validation & model selection: the folds of six splitters drawn on the data, the
spread of their scores, feature selection that leaks, and nested against non-nested search."""

import streamlit as st

from explorers import cross_validation as ex
from figures import cross_validation as fig
from figures.theme import pp
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header
from ui.table_input import table_input

uploaded = []  # whether the learner's table is in the session, this run


def own_table():
    """The learner's CSV for the views that split a data set. The uploader is drawn on every
    view, so that a file survives a visit to the others (an undrawn uploader forgets it); the
    leakage and nested views have data of their own. The view is read from its widget, which
    the controls above have just drawn."""
    table = table_input()
    uploaded.append(table is not None)
    return table if st.session_state.get("view", ex.Params().view) in ex.FOLDED else None


def pct(share: float) -> str:
    return f"{share:.1%}"


def folds(p, r) -> None:
    f = r.folds
    shown = f.shown
    mean, spread, worst, picked = st.columns(4)
    mean.metric("CV accuracy", pct(f.mean), border=True,
                help="The mean of the folds' accuracies: what cross_val_score(...).mean() reports.")
    spread.metric("Spread (sd)", f"{100 * f.sd:.1f} pp", border=True,
                  help="The standard deviation of the fold accuracies (np.std), in percentage points.")
    worst.metric("Worst fold", pct(f.scores[f.worst]), delta=f"fold {f.worst + 1}", delta_color="off",
                 delta_arrow="off", border=True, help="The fold the model did worst on.")
    tested = int(f.test_counts[shown].sum())
    picked.metric(f"Fold {shown + 1} tests", f"{tested} row{'s' if tested != 1 else ''}", border=True,
                  delta=f"{int((f.test_counts[shown] > 0).sum())} of {f.data.n_classes} classes",
                  delta_color="off", delta_arrow="off",
                  help="How many rows the chosen fold tests on, and how many classes they hold.")
    chart(fig.index_map_figure(r))
    # Below the main chart, so that a note never pushes it off a laptop's first screen.
    aside(f.note, icon=":material/info:")
    unseen = int((f.unseen > 0).sum())
    aside(f"{unseen} of the {f.n_splits} folds test rows of a class that has no row in their training part: "
          "the model cannot predict a class it never saw, so those rows are all wrong." if unseen else None,
          "warning", icon=":material/warning:")
    st.caption(said(ex, f"splitter_{f.splitter}"))
    chart_row(fig.fold_scatter_figure(r), fig.fold_scores_figure(r))


def spread(p, r) -> None:
    s = r.spread
    i = s.current
    mean, sd, formula, rows = st.columns(4)
    mean.metric(f"Mean at k = {s.k}", pct(s.means[i]), border=True,
                help="The mean of this k's fold accuracies.")
    sd.metric(f"Spread at k = {s.k}", f"{100 * s.sds[i]:.1f} pp", border=True,
              help="The standard deviation of this k's fold accuracies (np.std).")
    formula.metric("A fold's noise", f"{100 * s.formula[i]:.1f} pp", border=True,
                   help="√(accuracy × (1 − accuracy) / test rows): how much the accuracy of this many "
                        "test rows varies by chance alone (the binomial formula).")
    rows.metric("Rows per fold", f"{s.test_rows[i]:.0f}", border=True,
                help="The rows divided by k (StratifiedKFold makes the folds as equal as it can).")
    chart(fig.spread_figure(r))
    aside(f"k = {p.k} is more than the largest class's {int(s.ks[-1])} rows allow; showing k = {s.k}."
          if s.k != p.k else None, icon=":material/info:")
    st.caption(said(ex, "spread"))
    chart(fig.spread_sd_figure(r))


def leakage(p, r) -> None:
    g = r.leakage
    outside, inside, gap, chance = st.columns(4)
    outside.metric("Outside CV", pct(g.outside_mean), border=True,
                   help=f"SelectKBest picks {g.kept} columns on all {g.samples} rows, then the model is "
                        "cross-validated on them.")
    inside.metric("Inside pipeline", pct(g.inside_mean), border=True,
                  help="SelectKBest is a step of the pipeline: each fold picks on its own training rows.")
    gap.metric("The leak", pp(g.gap), border=True, help="The first accuracy minus the second.")
    chance.metric("Chance", "50%", delta=f"± {100 * g.band:.0f} pp", delta_color="off", delta_arrow="off",
                  border=True, help=f"The labels are coin flips: a mean accuracy over {g.samples} rows lands "
                                    "within this of 50% 95% of the time, for a model that learnt nothing.")
    chart(fig.leakage_figure(r))
    st.caption(f"{g.about} " + said(ex, "leakage"))
    chart(fig.leakage_sweep_figure(r))


def nested(p, r) -> None:
    m = r.nested
    best, inner, gap, above = st.columns(4)
    best.metric("best_score_", pct(m.best_scores.mean()), border=True,
                help="Non-nested: GridSearchCV(...).fit(X, y).best_score_, averaged over the trials.")
    inner.metric("Nested score", pct(m.nested_scores.mean()), border=True,
                 help="cross_val_score(GridSearchCV(...), X, y).mean(), averaged over the trials.")
    gap.metric("Optimism", pp(m.gap), border=True, help="best_score_ minus the nested score, on average.")
    above.metric("Trials above", f"{m.above} of {len(m.trials)}", border=True,
                 help="Trials whose best_score_ is above their own nested score.")
    chart(fig.nested_figure(r))
    st.caption(f"{m.about} " + said(ex, "nested"))
    chart(fig.search_figure(r))


header(ex, "Cross-validation & model selection")
params, table, result = explore(ex, given=own_table)  # each view shows its own controls (HIDE_INACTIVE)
aside(":material/table_view: This view runs on data of its own: your table is used by the folds and spread "
      "views." if any(uploaded) and result.view not in ex.FOLDED else None, "caption")

{"folds": folds, "spread": spread, "leakage": leakage, "nested": nested}[result.view](params, result)

code_panel(ex, params, table)
