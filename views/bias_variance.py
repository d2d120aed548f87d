"""Overfitting and the bias-variance trade-off: refit one model on many training sets."""

import streamlit as st

from explorers import bias_variance as ex
from figures import bias_variance as fig
from ui.page import chart, chart_row, code_panel, explore, header


def number(value: float) -> str:
    # Without noise, exact fits leave errors of ~1e-30 from rounding: say so, not "1.6e-31".
    return "≈ 0" if abs(value) < ex.NEGLIGIBLE else f"{value:.3g}"


header(ex, "Overfitting & the bias-variance trade-off")
params, result = explore(ex)

test, train, bias2, variance, noise = st.columns(5)
test.metric("Test error", number(result.test_error), border=True,
            help="Mean squared error on fresh noisy targets at the test inputs, averaged over "
                 "every training set.")
train.metric("Training error", number(result.train_error), border=True,
             help="Mean squared error on the points each model was fitted to.")
bias2.metric("Bias²", number(result.bias2), border=True,
             help="How far the average of the fits is from the true function. The average of a "
                 "limited number of very wild fits is itself noisy, so part of their variance "
                 "(about variance ÷ number of sets) shows up here too.")
variance.metric("Variance", number(result.variance), border=True,
                help="How much the fits from different training sets disagree.")
noise.metric("Noise σ²", number(result.noise), border=True,
             help="The error in the targets themselves, which no model can remove.")
st.caption(
    f"Bias² + variance + noise = **{number(result.decomposition)}**, against a measured test error "
    f"of **{number(result.test_error)}** (they differ only by sampling). The lowest test error on "
    f"this data is at **{result.label(result.best)}**."
)

chart(fig.fits_figure(result))
chart_row(fig.error_curves_figure(result), fig.decomposition_figure(result))

code_panel(ex, params)
