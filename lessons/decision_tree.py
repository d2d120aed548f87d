"""Decision trees: axis-parallel cuts, training accuracy that climbs to 100% with depth while
test accuracy peaks early, and a leaf size that holds a deep tree back."""

import numpy as np

from figures import decision_tree as fig
from lessons import Challenge, Claim, Step, titled


def best_depth(r) -> int:
    return int(r.sweep_depth[np.argmax(r.sweep_test)])


def _deep(r) -> str:
    if r.train_accuracy == 1.0 and r.test_accuracy < r.sweep_test.max() - 0.02:
        return "Training 100%, test below its best"
    return "Both at their best"


def _peak(r) -> str:
    return "Early, well before full depth" if best_depth(r) < r.full_depth / 1.5 else "At full depth"


CHALLENGES = (
    Challenge(
        question="Let the tree grow without a depth limit. How do training and test accuracy end up?",
        options=("Both at their best", "Training 100%, test below its best"),
        state=dict(max_depth=20),
        answer=_deep, expected="Training 100%, test below its best",
        why=lambda r: f"Depth {r.depth}, {r.n_leaves} leaves: training {r.train_accuracy:.0%}, test "
                      f"{r.test_accuracy:.1%} against {r.sweep_test.max():.1%} at depth {best_depth(r)}. "
                      "The deepest boxes hold single noisy points.",
    ),
    Challenge(
        question="Along the accuracy-against-depth chart, where does test accuracy peak?",
        options=("At full depth", "Early, well before full depth"),
        state={},
        answer=_peak, expected="Early, well before full depth",
        why=lambda r: f"At depth {best_depth(r)} ({r.sweep_test.max():.1%}); the unlimited tree stops at "
                      f"depth {r.full_depth} with {r.sweep_test[-1]:.1%}.",
    ),
)

TOUR = (
    Step("A stump, depth 1: one cut parallel to an axis, two boxes.",
         dict(max_depth=1), holds=lambda r: r.depth == 1 and r.n_leaves == 2),
    Step("Depth 3: nested rectangles, each cut dividing only its own node's box; the boundary "
         "is a staircase.", {}, holds=lambda r: r.depth == 3 and r.n_leaves <= 8),
    Step("No depth limit: training accuracy reaches 100% and the boxes wrap single points; "
         "test accuracy is below its peak.",
         dict(max_depth=20), holds=lambda r: r.train_accuracy == 1.0 and r.test_accuracy < r.sweep_test.max()),
    Step("No depth limit, but at least 20 points in every leaf: the tree stops itself early, "
         "with far fewer leaves.",
         dict(max_depth=20, min_samples_leaf=20), holds=lambda r: r.n_leaves <= 12 and r.train_accuracy < 0.95),
)

MAIN = titled(fig.boundary_figure)

CLAIMS = {
    "depth": Claim(
        "Train accuracy only ever climbs with depth; test accuracy rises while the cuts follow the "
        "shape and falls once they follow the noise. The best depth is usually small.",
        holds=lambda r: (bool(np.all(np.diff(r.sweep_train) >= 0))
                         and r.sweep_test[-1] < r.sweep_test.max()
                         and best_depth(r) < r.full_depth)),
}
