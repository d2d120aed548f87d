"""A small CNN on 8×8 digits: a few epochs turn noise into stroke detectors, two filters are
too few, and a learning rate of 1 never leaves chance."""

from figures import cnn_filters as fig
from lessons import Challenge, Step, titled


def _level(r) -> str:
    if r.test_accuracy > 0.9:
        return "Above 90%"
    return "Chance, about 10%" if r.test_accuracy < 0.2 else "Somewhere in between"


CHALLENGES = (
    Challenge(
        question="Train for a single epoch (one pass over the 1,347 training digits). What test "
                 "accuracy will it reach?",
        options=("Chance, about 10%", "Somewhere in between", "Above 90%"),
        state=dict(epochs=1),
        answer=_level, expected="Somewhere in between",
        why=lambda r: f"{r.test_accuracy:.0%}: far above chance already, far from the ten-epoch network. "
                      "The filters are still mostly the noise they started as.",
    ),
    Challenge(
        question="Learning rate 1, a hundred times the default. Does it learn faster?",
        options=("Chance, about 10%", "Somewhere in between", "Above 90%"),
        state=dict(learning_rate=1.0),
        answer=_level, expected="Chance, about 10%",
        why=lambda r: f"Test accuracy {r.test_accuracy:.0%}: each step overshoots so far that the network "
                      "ends up saying the same digit for every image.",
    ),
)

TOUR = (
    Step("One epoch: the first-layer filters are still close to their random start, and the "
         "network is right about half the time.",
         dict(epochs=1), holds=lambda r: 0.2 < r.test_accuracy < 0.8),
    Step("Ten epochs: above 95% on the held-out digits, and the filters look like small stroke "
         "and edge detectors.",
         {}, holds=lambda r: r.test_accuracy > 0.95),
    Step("Two filters per layer: too few patterns to tell ten digits apart.",
         dict(filters=2), holds=lambda r: r.test_accuracy < 0.8),
    Step("Learning rate 1: the steps overshoot and the network stays at chance.",
         dict(learning_rate=1.0), holds=lambda r: r.test_accuracy < 0.2 and len(set(r.predicted)) == 1),
)

MAIN = titled(fig.filters_figure)
MEASURES = (
    ("Test accuracy", lambda r: r.test_accuracy, "{:.1%}"),
    ("Train accuracy", lambda r: r.train_accuracy, "{:.1%}"),
)
