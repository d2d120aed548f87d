"""Hyperparameter search: grid, random, successive halving and TPE on one real CV landscape,
and Bergstra & Bengio's case for random search."""

import streamlit as st

from explorers import hyperparameter_search as ex
from figures import hyperparameter_search as fig
from lessons import said
from ui.page import chart, code_panel, explore, header

SHORT = {"grid": "Grid", "random": "Random", "halving": "Halving", "TPE": "TPE"}
HELP = {
    "grid": "GridSearchCV: every combination of a few values of C and of gamma.",
    "random": "RandomizedSearchCV: C and gamma drawn log-uniformly, a new value of both each time.",
    "halving": "HalvingGridSearchCV: a larger grid screened on 60 samples, the best third on 180, the "
               "best third of those on all 540. Its score is the best of the last round.",
    "TPE": "Optuna's TPE sampler: ten random trials, then settings proposed where good scores were likelier.",
}


def four_searches(r) -> None:
    f = r.searches
    columns = st.columns(5)
    for column, name in zip(columns, ex.STRATEGIES):
        s = f.run(name)
        column.metric(SHORT[name], f"{s.best_score:.1%}", border=True,
                      help=f"{HELP[name]} Here: {s.settings} settings, {s.fits:.0f} fits.")
    columns[-1].metric("All cells", f"{f.top:.1%}", border=True,
                       help=f"What a grid search over all {f.cells:,} cells of the map returns "
                            f"({f.cells * 5:,} fits): the most any search here can find.")
    chart(fig.landscape_figure(r))
    st.caption(said(ex, "gamma"))
    chart(fig.progress_figure(r))
    st.caption(said(ex, "startup"))
    st.caption(said(ex, "lookup"))


def one_parameter(r) -> None:
    c = r.coverage
    grid, random_, values, top = st.columns(4)
    grid.metric("Grid's best", f"{c.grid.best_score:.3f}", border=True,
                help=f"The best of the {c.side} × {c.side} grid's {c.side * c.side} settings.")
    random_.metric("Random's best", f"{c.random.best_score:.3f}", border=True,
                   help=f"The best of {c.side * c.side} random draws.")
    values.metric("Values of p1", f"{c.grid.distinct} vs {c.random.distinct}", border=True,
                  help="Distinct values of parameter 1, the important one: the grid's, then random search's.")
    top.metric("Highest there is", f"{c.top:.3f}", border=True,
               help="The made-up score's maximum, which neither search is told.")
    chart(fig.coverage_figure(r))
    chart(fig.projection_figure(r))
    st.caption(said(ex, "shadow"))


header(ex, "Hyperparameter search")
params, result = explore(ex)  # each view shows its own controls only (Params.HIDE_INACTIVE)
(one_parameter if result.view == ex.ONE else four_searches)(result)
code_panel(ex, params)
