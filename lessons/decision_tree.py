"""Decision trees: axis-parallel cuts, training accuracy that climbs to 100% with depth while
test accuracy peaks early, and a leaf size that holds a deep tree back."""

import numpy as np

from explorers import decision_tree as ex
from figures import decision_tree as fig
from lessons import Challenge, Claim, Step, titled

GROWN = dict(max_depth=20)  # no limit the tree reaches
BRAKED = dict(max_depth=20, min_samples_leaf=20)


def best_depth(r) -> int:
    return int(r.sweep_depth[np.argmax(r.sweep_test)])


def _deep(r) -> str:
    if r.train_accuracy == 1.0 and r.test_accuracy < r.sweep_test.max() - 0.02:
        return "Training 100%, test below its best"
    return "Both at their best"


def _stopped_by_itself(r) -> bool:
    """Below the depth limit, every leaf is pure or too small to split (a split would leave
    fewer than min_samples_leaf points on one side), and the unlimited tree is this one."""
    t = r.tree
    pure = t.counts.max(axis=1) == t.counts.sum(axis=1)
    small = t.samples < 2 * r.min_samples_leaf
    return bool(r.depth < r.max_depth and r.depth == r.full_depth and np.all((pure | small)[t.is_leaf]))


def _memorises(r) -> bool:
    return r.depth == r.full_depth and r.train_accuracy == 1.0 and r.test_accuracy < r.sweep_test.max()


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
         GROWN, holds=_memorises),
    Step("No depth limit, but at least 20 points in every leaf: the tree stops itself early, "
         "with far fewer leaves.",
         BRAKED, holds=lambda r: r.n_leaves <= 12 and r.train_accuracy < 0.95 and _stopped_by_itself(r)),
)

MAIN = titled(fig.boundary_figure)

CLAIMS = {
    "depth": Claim(
        "Train accuracy only ever climbs with depth; test accuracy rises while the cuts follow the "
        "shape and falls once they follow the noise. The best depth is usually small.",
        holds=lambda r: (bool(np.all(np.diff(r.sweep_train) >= 0))
                         and r.sweep_test[-1] < r.sweep_test.max()
                         and best_depth(r) < r.full_depth)),
    # The training accuracy's help.
    "fully_grown": Claim("On the points the tree was grown on. A fully grown tree gets them all right.",
                         state=GROWN, holds=lambda r: r.depth == r.full_depth and r.train_accuracy == 1.0),
    # The callout shown when the tree stops short of its max depth, after "stopped at depth d:".
    "stopped": Claim("every leaf is pure or holds too few points to split, so a larger max depth "
                     "changes nothing.", state=BRAKED, holds=_stopped_by_itself),
    "stopped_pure": Claim("every leaf is pure or holds too few points to split, so a larger max depth "
                          "changes nothing.", state=GROWN, holds=_stopped_by_itself),
    # The misreading the page names: the unlimited tree memorises.
    "misreading": Claim(ex.MISREADING, state=GROWN, holds=_memorises),
}
