"""Regularization: Ridge, Lasso and Elastic Net on one fit, one path and one picture."""

import streamlit as st

from explorers import regularization as ex
from figures import regularization as fig
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header

header(ex, "Regularization: Ridge, Lasso, Elastic Net")
params, result = explore(ex)

test, train, zeros, best = st.columns(4)
test.metric(
    "Test MSE", f"{result.test_mse:.4g}", border=True,
    delta=f"{result.test_mse - result.unregularized_test_mse:+.4g} vs no penalty",
    delta_color="inverse",  # a lower error is the good direction
    help="Mean squared error on points the model never saw. The change is against plain "
         "least squares on the same features.",
)
train.metric(
    "Training MSE", f"{result.train_mse:.4g}", border=True,
    help="Mean squared error on the points the model was fitted to: a penalty always raises it.",
)
zeros.metric(
    "Coefficients exactly zero", f"{result.n_zero} of {result.n_coef}", border=True,
    help="Coefficients that the fit set to exactly 0, so their features drop out of the model.",
)
best.metric(
    "Best alpha on this data", f"{result.best_alpha:g}", border=True,
    help="The alpha on the slider's grid with the lowest test MSE for this penalty. In practice "
         "you would pick it by cross-validation, never by looking at the test set.",
)
aside(
    f"Coordinate descent stopped after {result.n_iter:,} sweeps without reaching its tolerance "
    f"(duality gap {result.dual_gap:.2g}): at this small alpha the features are nearly collinear "
    "and the solver crawls. The numbers are close to, not at, the optimum."
    if not result.converged else None, "warning", icon=":material/hourglass_bottom:",
)
aside(
    f":material/hourglass_bottom: The path did not fully converge at "
    f"{int((~result.converged_path).sum())} of its {result.alphas.size} alphas (the smallest ones, "
    "where the features are nearly collinear)."
    if result.converged and not result.converged_path.all() else None, "caption",
)

left, right = st.columns(2)
with left:
    chart(fig.fit(result))
with right:
    chart(fig.geometry(result))
    st.caption(said(ex, "geometry"))
chart_row(fig.paths(result), fig.errors(result))

code_panel(ex, params)
