"""Forecasting honestly: nothing beats tomorrow = today on a random walk, and a leak that
hands the model the answer makes it look ten times better."""

import numpy as np

from datasets import SERIES
from figures import forecasting as fig
from lessons import Challenge, Claim, Step, titled

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


def _rms(a, b) -> float:
    return float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))


def _lags(r) -> bool:
    """Each model's forecast sits nearer yesterday's value (naive) than today's."""
    return all(_rms(f, r.forecasts[NAIVE]) < 0.6 * _rms(f, r.truth) for f in r.forecasts[[ARIMA, LSTM]])


def _scattered(r) -> bool:
    """The shuffled test days sit among days the model saw, at levels it saw."""
    test = r.leak_index
    seen = np.setdiff1d(np.arange(len(r.y)), test)
    beside = np.isin(test - 1, seen) | np.isin(test + 1, seen)
    inside = (r.y[test] >= r.y[seen].min()) & (r.y[test] <= r.y[seen].max())
    return beside.mean() > 0.75 and inside.mean() > 0.95


STRUCTURE = ("This series has structure a model can learn (a cycle, a season, a slow trend), so "
             "beating naive honestly is possible here. On the random walk it is not.")

CLAIMS = {
    "lag": Claim(
        "Look closely: where a model seems to follow the truth, it follows it one step late. That "
        "is the naive forecast's shape, and any model of a random walk converges to it.",
        holds=_lags),
    # Shown for whichever shipped series is chosen: true of each, by ARIMA at the defaults.
    **{f"structure: {name}": Claim(STRUCTURE, state=dict(data=name),
                                   holds=lambda r: min(r.arima_ratio, r.lstm_ratio) < 0.95)
       for name in SERIES},
    "leak: scaler on all data": Claim(
        "The min-max scaler took its minimum and maximum from the whole series, test part "
        "included, so every input carries a little of the future's range. It is the quiet leak: "
        "on a random walk it moves the score only a little, either way, yet the forecast for a day "
        "now changes if a later day changes, which an honest forecast never does.",
        state=dict(leak="scaler on all data"), holds=lambda r: abs(r.leak_ratio / r.lstm_ratio - 1) < 0.15),
    "leak: target shifted": Claim(
        "The input window was slid one step on, so it ends on the very value being predicted. The "
        "LSTM learns to copy its last input and its error collapses: it has been given the answer, "
        "which tomorrow's data never will.",
        state=dict(leak="target shifted"), holds=lambda r: r.leak_ratio < 0.25),
    "leak: shuffled split": Claim(
        "The test steps were drawn at random instead of being the last part, so they lie scattered "
        "among the training steps: most have a training step right before or after them, and their "
        "levels lie within the range the LSTM trained on. A real forecast faces a stretch of days "
        "it has never seen.",
        state=dict(leak="shuffled split"), holds=_scattered),
}
