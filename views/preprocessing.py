"""Scaling, encoding & imputation: what each scaler, imputer and encoder does to the same
columns, and to the model after it."""

import streamlit as st

from explorers import preprocessing as ex
from explorers import _encoding, _imputation
from explorers._scaling import SCALERS
from figures import preprocessing as fig
from figures.theme import pp
from lessons import claims, said
from ui.page import aside, chart, chart_row, code_panel, explore, header
from ui.table_input import said as named, table_input


def holding(*names: str, r) -> str:
    """The page's claims among ``names`` that hold for this result, in order: a sentence is
    shown only where its own check (tested in tests/test_lessons.py) is true."""
    every = claims(ex)
    return " ".join(every[n].say for n in names if every[n].holds(r))


def spread(ratio: float | None) -> str:
    """A ratio of spreads as a reader compares them: "1,620 : 1", "1.1 : 1", "1 : 12"."""
    if ratio is None:
        return "—"
    big, flip = (ratio, False) if ratio >= 1 else (1 / ratio, True)
    text = f"{big:,.0f}" if big >= 100 else f"{big:.2g}" if big < 10 else f"{big:.0f}"
    return f"1 : {text}" if flip else f"{text} : 1"


def scaling(p, r, table) -> None:
    c = r.scaling
    s = c.split
    first, second = (named(s, n) for n in s.feature_names)
    accuracy, clean, ratio, best = st.columns(4)
    accuracy.metric("Test accuracy", f"{c.accuracy:.1%}", border=True,
                    help="On the 30% of rows held out, which neither the scaler nor the model saw.")
    none = c.accuracy_of("none")
    clean.metric("vs no scaler", pp(c.accuracy - none), border=True,
                 help=f"The same model on the raw columns scores {none:.1%}.")
    ratio.metric("Spread ratio", spread(c.ratio), border=True,
                 help=f"The interquartile range of {first} over that of {second}, as the model sees them "
                      "(outliers left out). 1 : 1 gives both columns the same say in a distance.")
    top = max(c.accuracies)
    leaders = [n for n, a in zip(SCALERS, c.accuracies) if a == top]
    best.metric("Best here", f"{top:.1%}", border=True,
                help="The highest test accuracy in the bar chart, with " + ", ".join(leaders) + ".")
    chart(fig.boundary_figure(r))
    aside(holding("unscaled", "squashed", "robust", "wide_kernel", "normalizer", r=r) or None, "caption")
    chart_row(fig.scaled_figure(r), fig.scalers_figure(r))
    aside(None if c.scaler == "none" else said(ex, "fit_on_train"), "caption")


def imputation(p, r, table) -> None:
    m = r.imputation
    score, complete, rmse, bias = st.columns(4)
    score.metric("CV R²", f"{m.score:.3f}", border=True,
                 help=f"{_imputation.FOLDS}-fold cross-validated R² of the whole pipeline: scale, impute, "
                      "linear regression.")
    complete.metric("R² with no gaps", f"{m.complete:.3f}", border=True,
                    help="The same pipeline, on the same folds, on the table before any value went missing.")
    rmse.metric("Filling RMSE", f"{m.rmse:.3g}", border=True,
                help=f"Root mean squared difference between the {m.rows.size} filled values and the true "
                     f"ones, in {m.column}'s own units.")
    bias.metric("Filling bias", f"{m.bias:+.3g}", border=True,
                help="The filled values' mean less the true values' mean: negative means filled too low.")
    chart(fig.imputation_figure(r))
    aside(holding("one_value", "mnar_low", "indicator_helps", "indicator_idle", r=r) or None, "caption")
    chart_row(fig.distribution_figure(r), fig.imputers_figure(r))


def encoding(p, r, table) -> None:
    e = r.encoding
    score, dropped, columns, monday = st.columns(4)
    score.metric("CV accuracy", f"{e.score:.1%}", border=True,
                 help=f"{_encoding.FOLDS}-fold cross-validated accuracy of the whole pipeline: lunch or "
                      "dinner?")
    dropped.metric("vs no categories", pp(e.score - e.dropped), border=True,
                   help=f"The same model with the three text columns left out scores {e.dropped:.1%}.")
    columns.metric("Columns", e.n_columns, border=True,
                   help="How many columns the three text columns become.")
    monday.metric("Monday: lunch?", "refused" if e.new_lunch is None else f"{e.new_lunch:.0%}", border=True,
                  help="The fitted pipeline's chance that a bill on a Monday, a day the table never has, "
                       "was paid at lunch.")
    chart(fig.matrix_figure(r))
    aside(None if e.refusal is None else f"The encoder refused the Monday bill: {e.refusal}.",
          "warning", icon=":material/block:")
    aside(holding("refused", "ignored", "infrequent", "alphabetical", "target_shares", r=r) or None, "caption")
    chart(fig.encoders_figure(r))


header(ex, "Scaling, encoding & imputation")
# Each view shows its own controls only. A table takes the place of the scaling view's data set.
params, table, result = explore(ex, given=lambda: table_input(unused="*Data*"))
aside(f"Your table is used by the scaling view; the {result.view} view has a table of its own."
      if table is not None and result.view != "scaling" else None, icon=":material/table_view:")

{"scaling": scaling, "imputation": imputation, "encoding": encoding}[result.view](params, result, table)

code_panel(ex, params, table if result.view == "scaling" else None)
