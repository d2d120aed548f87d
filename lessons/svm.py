"""Support vector machines: C narrows the street and thins the support vectors, only the
support vectors shape the boundary, and a large gamma wraps islands around single points."""

import numpy as np

from figures import svm as fig
from lessons import Challenge, Step, titled


def share(r) -> float:
    """The share of training points that are support vectors."""
    return len(r.support) / len(r.split.y_train)


def _street(r) -> str:
    narrow, wide = r.sweep_width[-1], r.sweep_width[0]  # at the largest and the smallest C
    return "Narrower" if narrow < wide / 1.5 else "Wider or the same"


def _gamma(r) -> str:
    memorised = r.train_accuracy > 0.99 and r.test_accuracy < r.train_accuracy - 0.05
    return "Training up, test down" if memorised else "Both up"


CHALLENGES = (
    Challenge(
        question="A linear SVM: raise C from 0.01 to 100 (a violation of the margin costs more). "
                 "Does the street between the dashed lines get wider or narrower?",
        options=("Wider or the same", "Narrower"),
        state=dict(kernel="linear", C=100.0),
        answer=_street, expected="Narrower",
        why=lambda r: f"The margin's width falls from {r.sweep_width[0]:.2f} at C = {r.sweep_C[0]:g} to "
                      f"{r.sweep_width[-1]:.2f} at C = {r.sweep_C[-1]:g}, and the support vectors from "
                      f"{r.sweep_support_share[0]:.0%} to {r.sweep_support_share[-1]:.0%} of the training "
                      "points: a costly violation makes the street shrink to keep points out of it.",
    ),
    Challenge(
        question="RBF kernel, gamma = 100 (each point's influence reaches a very short way). What "
                 "happens to training and test accuracy?",
        options=("Both up", "Training up, test down"),
        state=dict(gamma=100.0),
        answer=_gamma, expected="Training up, test down",
        why=lambda r: f"Training {r.train_accuracy:.1%}, test {r.test_accuracy:.1%}: the boundary wraps "
                      "a small island around single training points, which new points never fall in.",
    ),
)

TOUR = (
    Step("A linear SVM at C = 0.01: a wide street, and most training points are support "
         "vectors (ringed): a cheap violation lets many points inside the margin.",
         dict(kernel="linear", C=0.01), holds=lambda r: share(r) > 0.3),
    Step("C = 100: the street narrows and the support vectors thin out; only the points on or "
         "inside the margin shape the line.",
         dict(kernel="linear", C=100.0), holds=lambda r: r.margin_width < r.sweep_width[0] / 1.5
         and share(r) < r.sweep_support_share[0]),
    Step("The RBF kernel at gamma = 1 follows the moons' curve, which no straight line can.",
         {}, holds=lambda r: r.test_accuracy > 0.9),
    Step("Gamma = 100: islands around single points, training accuracy near 100%, test "
         "accuracy down.",
         dict(gamma=100.0), holds=lambda r: _gamma(r) == "Training up, test down"),
    Step("Gamma = 0.01: each point's reach spans the plane, and the boundary is nearly a "
         "straight line again.",
         dict(gamma=0.01), holds=lambda r: r.test_accuracy < 0.9 and np.isfinite(r.margin_width)),
)

MAIN = titled(fig.boundary_figure)
