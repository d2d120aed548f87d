"""Recurrent networks on the memory task: a plain RNN forgets a sign over 40 noisy steps, the
gated LSTM and GRU keep it."""

import numpy as np

from explorers import rnn as ex
from figures import rnn as fig
from lessons import Challenge, Claim, Step, titled


def _recalls(r) -> str:
    return "Yes, nearly always" if r.test_accuracy > 0.9 else "No better than a coin toss"


CHALLENGES = (
    Challenge(
        question="A plain RNN must recall the sign it saw 40 noisy steps ago. How often does it?",
        options=("Yes, nearly always", "No better than a coin toss"),
        state=dict(cell="RNN", delay=40),
        answer=_recalls, expected="No better than a coin toss",
        why=lambda r: f"Test accuracy {r.test_accuracy:.0%}, chance 50%: every step rewrites the plain "
                      "RNN's state through the same squashing weights, and the gradient that would "
                      "teach it to keep the sign shrinks at each of the 40 steps back.",
    ),
    Challenge(
        question="The same 40 steps with an LSTM. Does it recall the sign?",
        options=("Yes, nearly always", "No better than a coin toss"),
        state=dict(cell="LSTM", delay=40),
        answer=_recalls, expected="Yes, nearly always",
        why=lambda r: f"Test accuracy {r.test_accuracy:.0%}: its forget gate can hold a cell at the same "
                      "value step after step, so the sign and its gradient pass through the noise.",
    ),
)

TOUR = (
    Step("The LSTM recalls the sign across 20 noisy steps.",
         {}, holds=lambda r: r.test_accuracy > 0.9),
    Step("The plain RNN copes with 20 steps too: the task is not hard yet.",
         dict(cell="RNN"), holds=lambda r: r.test_accuracy > 0.9),
    Step("At 40 steps the plain RNN falls to a coin toss: the chart of accuracy against delay "
         "shows where it gives way.",
         dict(cell="RNN", delay=40), holds=lambda r: r.test_accuracy < 0.6),
    Step("The LSTM at 40 steps still recalls it, and so does the GRU.",
         dict(cell="LSTM", delay=40),
         holds=lambda r: r.test_accuracy > 0.9 and r.sweep_accuracy[r.sweep_cells.index("GRU"), -1] > 0.9),
)

MAIN = titled(fig.loss_figure)


def sweep(r, cell: str) -> np.ndarray:
    """The lesson chart's accuracies of one cell, against SWEEP_DELAYS."""
    return r.sweep_accuracy[r.sweep_cells.index(cell)]


def steady(states: np.ndarray, strong: float) -> int:
    """Units of one sequence's states (steps, units) that keep their sign from step 0 to the end
    and end at least ``strong`` away from 0: the ones that hold a colour on the heatmap."""
    same = (np.sign(states) == np.sign(states[0])).all(axis=0)
    return int(np.sum(same & (np.abs(states[-1]) >= strong)))


def _lesson(r) -> bool:
    rnn = sweep(r, "RNN")
    return (bool(np.all(rnn[r.sweep_delays <= 20] > 0.9)) and rnn[-1] < 0.6
            and all(sweep(r, cell).min() > 0.95 for cell in ("LSTM", "GRU")))


def _plain(r) -> bool:
    """The GRU recalls, with units holding a strong colour; the plain RNN has none, whether it
    recalls (delay 20) or not (delay 40)."""
    rnns = [ex.run(ex.Params(cell="RNN", delay=delay)) for delay in (20, 40)]
    return (r.cell == "GRU" and r.test_accuracy > 0.9 and steady(r.example_hidden, 0.9) > 0
            and rnns[0].test_accuracy > 0.9 and rnns[1].test_accuracy < 0.6
            and all(steady(rnn.example_hidden, 0.0) == 0 for rnn in rnns))


def _naive(r) -> bool:
    """On CO2 the held-out tail climbs above the training part's highest value, and the LSTM's
    forecasts stay in the lower half of that climb, so the naive forecast wins."""
    tail = r.values[r.time >= r.split_time]
    top = r.values[r.time < r.split_time].max()
    return (r.test_error > r.baseline_error and tail.max() > top
            and r.prediction[r.is_test].max() < top + (tail.max() - top) / 2)


def _misread(r) -> bool:
    """An LSTM at delay 40 after 3 epochs is a coin toss; the lesson chart's LSTM, after 15, recalls."""
    return abs(r.test_accuracy - 0.5) < 0.05 and sweep(r, "LSTM")[-1] > 0.95 > 0.6 > sweep(r, "RNN")[-1]


CLAIMS = {
    "lesson": Claim(
        "The plain RNN falls to a coin toss as the delay grows: its state is rewritten by every noisy "
        "step, and the gradient that could teach it otherwise vanishes on its way back.",
        holds=_lesson),
    "cell state": Claim(
        "The first test sequence, one step at a time. The cell state c is the LSTM's memory: units "
        "that hold a strong colour from step 0 to the end carry the sign through the noise; h is what "
        "the output gate lets out of it. (The colours are scaled to the chart's largest value: an "
        "untrained network's faint units can look steady too, so read them with the accuracy.)",
        holds=lambda r: r.test_accuracy > 0.9 and steady(r.example_cell, 1.0) > 0),
    "hidden state": Claim(
        "The first test sequence, one step at a time: each column is the hidden state after that "
        "step. A gated cell that recalls holds a few units at a strong colour from step 0 to the end; "
        "the plain RNN's units all change colour with the noise, and when it recalls at all, the "
        "sign is spread across them.",
        state=dict(cell="GRU"), holds=_plain),
    "naive wins": Claim(
        "The naive forecast wins here. Where the held-out tail climbs above anything in the training "
        "part (CO2's trend), a network of tanh units cannot follow it: it never learned values that "
        "large. Forecasting the changes instead of the levels is the usual cure.",
        state=dict(task="forecast", series="co2"), holds=_naive),
    # Shown by the shared code panel from the explorer; the words under test are the same.
    "misreading": Claim(ex.MISREADING, state=dict(delay=40, epochs=3), holds=_misread),
}
