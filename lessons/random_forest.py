"""Random forests: averaging trees beats a single tree, more trees never overfit, the
vote's spread falls like 1/√trees, and the out-of-bag score needs no test set."""

import numpy as np

from explorers import random_forest as ex
from figures import random_forest as fig
from lessons import Challenge, Claim, Step, titled


def _better(r) -> str:
    return "The forest" if r.test_accuracy > r.mean_tree_accuracy + 0.02 else "About the same"


def _overfit(r) -> str:
    return "It falls" if r.curve_test[-1] < r.curve_test.max() - 0.03 else "It stays about where it was"


def _spread(r) -> str:
    ratio = float(r.spread[-1] / r.spread[0])
    return "About a tenth" if 0.07 < ratio < 0.14 else ("About a hundredth" if ratio < 0.03 else "About half")


def _stalls(r) -> str:
    """Shallow trees are biased: a forest of them cannot even fit its own training points."""
    return "No: it stalls lower, short on the training points too" if r.train_accuracy < 0.95 \
        else "Yes, with enough trees"


def gain(r) -> float:
    """What the vote adds to one tree, in test accuracy."""
    return r.test_accuracy - r.mean_tree_accuracy


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
    Challenge(
        question="Limit every tree to depth 2 and grow 200 of them. Does the forest, with enough "
                 "trees, get as good as the fully grown trees' forest?",
        options=("Yes, with enough trees", "No: it stalls lower, short on the training points too"),
        state=dict(max_depth="2", n_trees=200),
        answer=_stalls, expected="No: it stalls lower, short on the training points too",
        why=lambda r: f"Test {r.test_accuracy:.1%} and train only {r.train_accuracy:.1%}: two questions "
                      "cannot follow the moons' curve, and every tree misses it the same way. The vote "
                      f"still beats one such tree ({r.mean_tree_accuracy:.1%}), averaging out their "
                      "differences, but not their shared bias.",
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
    Step("The same at depth 4: no two splits tie, so every tree is the same tree. The test curve "
         "is flat and the vote's spread is zero: averaging needs trees that differ.",
         dict(max_features="2", bootstrap="off", max_depth="4"),
         holds=lambda r: np.ptp(r.curve_test) == 0 and r.measured_spread.max() < 1e-12),
    Step("Back to the random forest, with noisier moons (0.5): single trees fall further below "
         "the forest than at noise 0.25.",
         dict(noise=0.5), holds=lambda r: gain(r) > gain(ex.run(ex.Params())) + 0.01),
)

MAIN = titled(fig.forest_figure)
MEASURES = (
    ("Test accuracy", lambda r: r.test_accuracy, "{:.1%}"),
    ("Mean tree accuracy", lambda r: r.mean_tree_accuracy, "{:.1%}"),
)


def _trees(r) -> bool:
    """The trees shown draw different boundaries, and their leaves are pure (each tree's
    probability is 0 or 1), so the forest's averaged probability is a share of votes."""
    boundaries = {t.grid_class.tobytes() for t in r.trees}
    return (len(r.trees) == ex.SHOWN_TREES == len(boundaries)
            and all(np.all(t.grid_confidence == 1) for t in r.trees))


def _curves(r) -> bool:
    """Test accuracy climbs by several points over the first trees; from 30 trees on it wobbles
    within 3 points and stays within 3 of its best; the diamonds measure what the line predicts,
    within 15%."""
    settled = r.curve_test[29:]
    predicted = r.spread[r.measured_trees - 1]
    return (r.curve_test[0] < settled.mean() - 0.03 and np.ptp(settled) <= 0.03
            and settled.min() >= r.curve_test.max() - 0.03
            and len(r.measured_trees) >= 5 and np.allclose(r.measured_spread, predicted, rtol=0.15))


CLAIMS = {
    "trees": Claim(
        "Each tree above is one draw of the forest's randomness: with *Bootstrap samples* on it fitted "
        "its own sample of the training points, and with one feature per split each split's feature "
        "was picked at random. Where the draws differ, the trees are wrong in different places. The "
        "forest averages the trees' probabilities: shading is the winning class's average, which for "
        "fully grown trees (pure leaves, probability 0 or 1) is its share of the trees' votes.",
        holds=_trees),
    "curves": Claim(
        "Left: the forest of the first j trees, for every j up to the slider. Test accuracy climbs over "
        "the first trees and then levels off, wobbling by a couple of points as single test points "
        "change sides; it does not fall away as trees are added. The out-of-bag curve starts once every "
        "training point has been left out by some tree. Right: the forest's randomness (bootstrap "
        "samples, feature picks) makes its vote differ from seed to seed; averaging j trees shrinks that "
        "spread like 1/√j (the line, from one tree's spread). The diamonds measure it: the spread across "
        "disjoint groups of j of the grown trees, each group a forest with its own randomness. What "
        "averaging cannot remove is bias (try depth 2), and the variance that comes from the training "
        "set itself.",
        holds=_curves),
    # Shown by the shared code panel from the explorer; the words under test are the same.
    "misreading": Claim(
        ex.MISREADING, state=dict(n_trees=200),
        holds=lambda r: (r.curve_test[49:].min() >= r.curve_test.max() - 0.03 and r.train_accuracy > 0.99
                         and r.train_accuracy - r.oob_score > 0.05
                         and abs(r.oob_score - r.test_accuracy) < 0.05)),
}
