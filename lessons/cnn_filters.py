"""A small CNN on 8×8 digits: a few epochs turn noise into stroke detectors, two filters are
too few, and a learning rate of 1 never leaves chance."""

import numpy as np

from explorers import cnn_filters as ex
from figures import cnn_filters as fig
from lessons import Challenge, Claim, Step, titled


def _kept(r) -> np.ndarray:
    """Each first-layer filter's correlation with its own random start."""
    return np.array([np.corrcoef(a.ravel(), b.ravel())[0, 1] for a, b in zip(r.filters, r.start_filters)])


def _growth(r) -> np.ndarray:
    """How many times its starting size each filter has grown (Frobenius norms)."""
    return np.linalg.norm(r.filters, axis=(1, 2)) / np.linalg.norm(r.start_filters, axis=(1, 2))


def _nearly_random(r) -> bool:
    return bool(_kept(r).min() > 0.9 and _growth(r).max() < 1.5)


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
                      "The filters are still mostly the noise they started as: each correlates "
                      f"{_kept(r).min():.2f} or more with its random start.",
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
         dict(epochs=1), holds=lambda r: 0.3 < r.test_accuracy < 0.7 and _nearly_random(r)),
    Step("Ten epochs: above 95% on the held-out digits. The filters have grown to two or three "
         "times their starting size, and most keep their random start's pattern: training "
         "strengthened them more than it redrew them.",
         {}, holds=lambda r: (r.test_accuracy > 0.95 and 2 < np.median(_growth(r)) < 4
                              and np.mean(_kept(r) > 0.7) >= 0.5)),
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

CLAIMS = {
    # Under the filters, after what the colours mean.
    "one_epoch": Claim("Set epochs to 1 to see them nearly random.", state=dict(epochs=1),
                       holds=_nearly_random),
    # The misreading the page names, at the defaults.
    "misreading": Claim(ex.MISREADING, holds=lambda r: (
        len(r.wrong) > 0 and r.confidence[r.wrong[0]] > 0.9
        and r.predicted[r.wrong[0]] != r.y_test[r.wrong[0]])),
}
