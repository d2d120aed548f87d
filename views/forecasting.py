"""Forecasting honestly: naive, ARIMA and an LSTM under walk-forward validation, and what
look-ahead leakage does to the score."""

import streamlit as st

from explorers import forecasting as ex
from figures import forecasting as fig
from lessons import said
from ui.page import chart, chart_row, code_panel, explore, header

header(ex, "Forecasting honestly")
params, result = explore(ex)

naive, arima, lstm, leaky = st.columns(4)
naive.metric("Naive RMSE", f"{result.rmse[0]:.4g}", border=True,
             help="Root mean squared error of 'tomorrow = today' over the test part: the bar "
                  "every model has to clear.")
arima.metric("ARIMA / naive", f"{result.arima_ratio:.3f}", border=True,
             delta=f"{result.skill[1]:+.1%} skill", delta_color="normal",
             help="ARIMA's RMSE divided by naive's. Below 1 beats naive; skill is 1 minus it.")
lstm.metric("LSTM / naive", f"{result.lstm_ratio:.3f}", border=True,
            delta=f"{result.skill[2]:+.1%} skill", delta_color="normal",
            help="The honest LSTM's RMSE divided by naive's.")
if result.leak == "none":
    leaky.metric("Leaky LSTM / naive", "—", border=True, help="Choose a leak in the sidebar.")
else:
    leaky.metric("Leaky LSTM / naive", f"{result.leak_ratio:.3f}", border=True,
                 delta=f"{1 - result.leak_ratio:+.1%} apparent skill", delta_color="off",
                 help=f"The same LSTM with the leak '{result.leak}', against naive on its own test "
                      "days. Whatever the number, it is not a forecast's score: the model saw "
                      "something from after the day it predicts.")

chart(fig.series_figure(result))
st.caption(
    "Walk-forward validation: ARIMA and the LSTM are fitted once, on the training part only. "
    "Then, one test step at a time, each true value is appended to their input (ARIMA's "
    "Kalman filter with the fitted parameters kept; the LSTM's window of the last values) and "
    "the next step is forecast. No forecast ever sees the value it predicts, or any later one."
)
chart(fig.forecasts_figure(result))
st.caption(said(ex, "lag" if result.data == ex.RANDOM_WALK else f"structure: {result.data}"))
chart_row(fig.ratio_figure(result), fig.direction_figure(result))

st.subheader("Honest against leaky", divider="gray")
chart(fig.leak_figure(result))
if result.leak == "none":
    st.info("Pick a leak in the sidebar to see the same LSTM scored with the future let in.",
            icon=":material/info:")
else:
    st.caption(said(ex, f"leak: {result.leak}"))
st.dataframe(fig.error_styler(result), hide_index=True)
st.caption("Skill is 1 − RMSE / naive RMSE: above 0 beats naive. Direction right: the share of "
           "up or down moves whose direction the forecast called (naive calls none). The leaky "
           "row is scored on its own test days against naive on those days.")

code_panel(ex, params)
