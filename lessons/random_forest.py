"""Random forests: averaging trees beats a single tree, more trees never overfit, the
vote's spread falls like 1/√trees, and the out-of-bag score needs no test set."""

import numpy as np

from figures import random_forest as fig
from lessons import Challenge, Step, titled


def _better(r) -> str:
    return "The forest" if r.test_accuracy > r.mean_tree_accuracy + 0.02 else "About the same"


def _overfit(r) -> str:
    return "It falls" if r.curve_test[-1] < r.curve_test.max() - 0.03 else "It stays about where it was"


def _spread(r) -> str:
    ratio = float(r.spread[-1] / r.spread[0])
    return "About a tenth" if 0.07 < ratio < 0.14 else ("About a hundredth" if ratio < 0.03 else "About half")


CHALLENGES = (
    Challenge(
        question="Fifty trees, each fitting its own bootstrap sample with one random feature per "
                 "split. Who scores better on the test points: one tree, or the forest's vote?",
        options=("One tree", "About the same", "The forest"),
        state={},
        answer=_better, expected="The forest",
        why=lambda r: f"The forest scores {r.test_accuracy:.1%}; its trees, one at a time, "
                      f"{r.mean_tree_accuracy:.1%} on average. Each tree errs in its own way, and a "
                      "vote averages the errors out.",
    ),
    Challenge(
        question="Grow 200 trees. Does test accuracy fall, as a model with 200 times the "
                 "parameters might overfit?",
        options=("It falls", "It stays about where it was"),
        state=dict(n_trees=200),
        answer=_overfit, expected="It stays about where it was",
        why=lambda r: f"Best {r.curve_test.max():.1%} along the way, {r.curve_test[-1]:.1%} at 200 trees: "
                      "more trees only average more draws of the same random tree, which lowers the "
                      "variance and adds no flexibility.",
    ),
    Challenge(
        question="From 1 tree to 100, by how much does the vote's seed-to-seed spread shrink?",
        options=("About half", "About a tenth", "About a hundredth"),
        state=dict(n_trees=100),
        answer=_spread, expected="About a tenth",
        why=lambda r: f"From ±{r.spread[0]:.3f} to ±{r.spread[-1]:.3f}: 1/√100 = 1/10. The diamonds "
                      "measure it across disjoint forests grown from this forest's trees, "
                      f"±{r.measured_spread[-1]:.3f} at {int(r.measured_trees[-1])} trees.",
    ),
)

TOUR = (
    Step("One tree: a jagged boundary that fits the training points almost perfectly and the "
         "test points less well.",
         dict(n_trees=1), holds=lambda r: r.train_accuracy > r.test_accuracy + 0.05),
    Step("Fifty trees vote: the boundary is smoother and test accuracy is higher than any one "
         "tree's on average.",
         {}, holds=lambda r: r.test_accuracy > r.mean_tree_accuracy + 0.02),
    Step("The out-of-bag score: each training point judged only by the trees that never saw "
         "it. Close to the test accuracy, with no test set spent.",
         {}, holds=lambda r: r.oob_score is not None and abs(r.oob_score - r.test_accuracy) < 0.05),
    Step("Two hundred trees: test accuracy stays put (no overfitting from more trees) and the "
         "spread of the vote keeps falling like 1/√trees.",
         dict(n_trees=200),
         holds=lambda r: r.curve_test[-1] >= r.curve_test.max() - 0.03
         and np.allclose(r.spread, r.tree_spread / np.sqrt(r.curve_trees))),
    Step("Plain bagging without bootstrap: every tree sees the same points and both features, "
         "so the trees are nearly identical and voting gains little.",
         dict(max_features="2", bootstrap="off"),
         holds=lambda r: r.test_accuracy <= r.mean_tree_accuracy + 0.01),
)

MAIN = titled(fig.forest_figure)
MEASURES = (
    ("Test accuracy", lambda r: r.test_accuracy, "{:.1%}"),
    ("Mean tree accuracy", lambda r: r.mean_tree_accuracy, "{:.1%}"),
)
