"""k-nearest neighbours: k = 1 memorises, a large k over-smooths, and the distance decides
the shape of a neighbourhood."""

import numpy as np

from figures import knn as fig
from lessons import Challenge, Claim, Step, titled


def _offsets(r) -> np.ndarray:
    return r.split.X_train[r.probe_neighbours] - r.probe


def shape(r) -> str:
    """The neighbourhood's shape, read from where the k neighbours lie: inside the disc, the
    diamond or the square of the k-th neighbour's distance, and past the smaller shapes."""
    d, radius = _offsets(r), r.probe_radius * (1 + 1e-9)
    euclid, city, chess = np.sqrt((d ** 2).sum(1)), np.abs(d).sum(1), np.abs(d).max(1)
    if city.max() <= radius:
        return "Diamond"
    if euclid.max() <= radius:
        return "Disc"
    return "Square" if chess.max() <= radius else "None of these"


def _fit(r) -> str:
    return "100%" if r.train_accuracy == 1.0 else "High, but not 100%"


def _large(r) -> str:
    return "Worse: it over-smooths" if r.test_accuracy < r.sweep_test.max() - 0.02 else "Better or the same"


CHALLENGES = (
    Challenge(
        question="k = 1: each training point's nearest neighbour is itself. What is the training "
                 "accuracy?",
        options=("High, but not 100%", "100%"),
        state=dict(k=1),
        answer=_fit, expected="100%",
        why=lambda r: f"Training {r.train_accuracy:.0%}, test {r.test_accuracy:.1%}: a perfect score on the "
                      "points it memorised says nothing about new ones.",
    ),
    Challenge(
        question="k = 100, against the best k on the accuracy chart: is its test accuracy better "
                 "or worse?",
        options=("Better or the same", "Worse: it over-smooths"),
        state=dict(k=100),
        answer=_large, expected="Worse: it over-smooths",
        why=lambda r: f"{r.test_accuracy:.1%} at k = 100 against {r.sweep_test.max():.1%} at "
                      f"k = {int(r.sweep_k[np.argmax(r.sweep_test)])}: a hundred neighbours reach across "
                      "the gap between the moons and vote the curve away.",
    ),
    Challenge(
        question="Switch the distance to Chebyshev (the largest coordinate difference). What "
                 "shape holds the probe's neighbours?",
        options=("Disc", "Diamond", "Square"),
        state=dict(metric="chebyshev"),
        answer=shape, expected="Square",
        why=lambda r: f"All {r.k} neighbours lie within ±{r.probe_radius:.3f} in each coordinate, and "
                      "some sit in the corners, beyond the disc of that radius: under the largest "
                      "coordinate difference, points at equal distance form a square.",
    ),
)

TOUR = (
    Step("k = 1: the boundary wraps every training point, training accuracy is 100% and the "
         "test accuracy lower.", dict(k=1), holds=lambda r: r.train_accuracy == 1.0 > r.test_accuracy),
    Step("k = 15: the boundary follows the moons without chasing single points; training and "
         "test accuracy meet.", {}, holds=lambda r: abs(r.train_accuracy - r.test_accuracy) < 0.05),
    Step("k = 100: both accuracies sag; the vote reaches across the gap between the moons.",
         dict(k=100), holds=lambda r: r.test_accuracy < r.sweep_test.max() - 0.02),
    Step("Manhattan distance: equal distances form a diamond, and the probe's neighbourhood "
         "with them.", dict(metric="manhattan"), holds=lambda r: shape(r) == "Diamond"),
    Step("Chebyshev distance: a square.", dict(metric="chebyshev"), holds=lambda r: shape(r) == "Square"),
)
MAIN = titled(fig.boundary_figure)


def _reads_right_to_left(r) -> bool:
    """Largest k: both accuracies below the best test score; k = 1: train above test; the
    best test score at a k in between."""
    best = r.sweep_test.max()
    large = r.sweep_train[-1] < best - 0.02 and r.sweep_test[-1] < best - 0.02
    small = r.sweep_train[0] > r.sweep_test[0]
    return bool(large and small and r.sweep_k[0] < r.sweep_k[np.argmax(r.sweep_test)] < r.sweep_k[-1])


CLAIMS = {
    "sweep": Claim(
        "Read the accuracy chart from right to left: large k is a simple, smooth model (both "
        "accuracies low if the shape is curved), small k a complex one (train high, test lower). "
        "The best test accuracy is usually somewhere between.",
        holds=_reads_right_to_left),
}
