"""Forecasting honestly: nothing beats tomorrow = today on a random walk, and a leak that
hands the model the answer makes it look ten times better."""

from figures import forecasting as fig
from lessons import Challenge, Step, titled

NAIVE, ARIMA, LSTM = 0, 1, 2  # rows of the per-model arrays, in the order of MODELS


def _honest(r) -> str:
    return "No, naive's error or more" if min(r.arima_ratio, r.lstm_ratio) >= 0.98 else "Yes, clearly"


def _leaky(r) -> str:
    return "Far better than naive" if r.leak_ratio < 0.5 else "About naive's error"


CHALLENGES = (
    Challenge(
        question="A random walk, forecast one day ahead. Will the honest ARIMA or LSTM beat "
                 "the naive forecast (tomorrow = today)?",
        options=("Yes, clearly", "No, naive's error or more"),
        state=dict(leak="none"),
        answer=_honest, expected="No, naive's error or more",
        why=lambda r: f"Their errors are {r.arima_ratio:.3f} (ARIMA) and {r.lstm_ratio:.3f} (LSTM) times "
                      f"naive's, and they call the direction {r.direction[ARIMA]:.0%} and "
                      f"{r.direction[LSTM]:.0%} of the time: a random walk's next step is unpredictable "
                      "by construction.",
    ),
    Challenge(
        question="Now slide the LSTM's input window one step on, so that it ends on the value "
                 "being predicted. How does it score?",
        options=("About naive's error", "Far better than naive"),
        state=dict(leak="target shifted"),
        answer=_leaky, expected="Far better than naive",
        why=lambda r: f"{r.leak_ratio:.2f} times naive's error, direction right {r.leak_direction:.0%} of "
                      "the time: it learned to copy the answer it was handed. No forecast made from "
                      "the past can score that on tomorrow's data.",
    ),
    Challenge(
        question="A quieter leak: the scaler fitted on the whole series, test part included. "
                 "Does the LSTM now look far better than naive?",
        options=("About naive's error", "Far better than naive"),
        state=dict(leak="scaler on all data"),
        answer=_leaky, expected="About naive's error",
        why=lambda r: f"{r.leak_ratio:.3f} times naive's error: the score barely moves, so nothing "
                      "looks wrong, yet a forecast now changes when a later day changes. A leak need "
                      "not flatter the model to make its number untrustworthy.",
    ),
)

TOUR = (
    Step("Honest forecasts of a random walk: ARIMA and the LSTM score naive's error or more, "
         "and call the direction about half the time.",
         dict(leak="none"),
         holds=lambda r: min(r.arima_ratio, r.lstm_ratio) >= 0.98 and 0.35 < r.direction[LSTM] < 0.65),
    Step("The target leaked into the input window: the same LSTM scores a tenth of naive's "
         "error and calls nearly every direction. That is what a leak looks like when it is loud.",
         dict(leak="target shifted"), holds=lambda r: r.leak_ratio < 0.2 and r.leak_direction > 0.9),
    Step("The scaler fitted on all the data: the score hardly changes. Quiet leaks are the "
         "dangerous ones: nothing in the number warns you.",
         dict(leak="scaler on all data"), holds=lambda r: 0.9 < r.leak_ratio < 1.2),
    Step("A shuffled split: test days scattered among training days. Here too the score stays "
         "near naive's, though the model saw the days on both sides of each test day.",
         dict(leak="shuffled split"), holds=lambda r: 0.9 < r.leak_ratio < 1.2),
)

MAIN = titled(fig.forecasts_figure)
MEASURES = (
    ("LSTM / naive error", lambda r: r.lstm_ratio, "{:.3f}"),
    ("Leaky LSTM / naive error", lambda r: r.leak_ratio, "{:.3f}"),
)
