"""RNN, LSTM & GRU: a memory task whose delay grows, and one-step forecasting of a real series."""

import streamlit as st

from explorers import rnn as ex
from figures import rnn as fig
from figures.theme import pp
from lessons import said
from ui.page import chart, chart_row, code_panel, explore, header

header(ex, "RNN, LSTM & GRU: why gates matter")
params, result = explore(ex)
memory = result.task == "memory"

error, baseline, final, epochs = st.columns(4)
if memory:
    error.metric("Test accuracy", f"{result.test_accuracy:.1%}", border=True,
                 delta=f"{pp(result.test_accuracy - 0.5)} vs chance", delta_color="normal",
                 help=f"Share of {ex.N_TEST} held-out sequences whose sign the {result.cell} recalls "
                      f"after {params.delay} noisy steps. 50% is a coin toss.")
else:
    error.metric("Test RMSE", f"{result.test_error:.4g}", border=True,
                 delta=f"{result.test_error - result.baseline_error:+.4g} vs naive", delta_color="inverse",
                 help="Root-mean-square error of the one-step-ahead forecasts on the held-out tail, "
                      "in the series' own units.")
baseline.metric("Baseline", "50%" if memory else f"{result.baseline_error:.4g}", border=True,
                help="Guessing the sign at random." if memory else
                     "RMSE of the naive forecast 'the next value equals the last one'.")
final.metric("Final test loss", f"{result.test_curve[-1]:.3f}", border=True,
             delta=f"{result.test_curve[-1] - result.train_curve[-1]:+.3f} vs training",
             delta_color="inverse", help="Cross-entropy on the memory task (ln 2 ≈ 0.693 is a coin "
                                         "toss); mean squared error of the scaled series when forecasting.")
epochs.metric("Epochs", f"{len(result.epochs) - 1}", border=True,
              help=f"Passes over the training data in mini-batches of {ex.BATCH}.")

if memory:
    chart(fig.lesson_figure(result, delay=params.delay))
    st.caption(f"Every cell trained at every delay with one budget ({ex.SWEEP_HIDDEN} hidden units, "
               f"{ex.SWEEP_EPOCHS} epochs, learning rate {ex.SWEEP_LR}, seed {ex.SWEEP_SEED}), whatever "
               "the sliders say; the star is the network on the sliders. " + said(ex, "lesson"))
    chart(fig.recall_figure(result))
else:
    chart(fig.forecast_figure(result, params.series))
    if result.test_error > result.baseline_error:
        st.info(said(ex, "naive wins"), icon=":material/lightbulb:")
    st.caption("Each prediction reads only the window of values before its target, so the forecast "
               "never sees the future; the scaling is fitted on the training part only. Compare the "
               "RMSE with the naive 'same as last step' forecast.")

chart(fig.input_figure(result))
if result.example_cell is not None:
    chart_row(fig.state_figure(result, "hidden"), fig.state_figure(result, "cell"))
else:
    chart(fig.state_figure(result, "hidden"))
# What the states say about memory is the memory task's lesson; a forecast window has no sign.
st.caption(said(ex, "cell state" if result.example_cell is not None else "hidden state") if memory else
           "The first held-out window, one step at a time: each column is the state after that step.")
chart(fig.loss_figure(result))

code_panel(ex, params)
