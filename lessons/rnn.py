"""Recurrent networks on the memory task: a plain RNN forgets a sign over 40 noisy steps, the
gated LSTM and GRU keep it."""

from figures import rnn as fig
from lessons import Challenge, Step, titled


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
