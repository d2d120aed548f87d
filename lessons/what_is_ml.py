"""What is machine learning: a tree that memorises when grown deep, groups that only partly
follow the classes, an agent that needs tries, and exploration that costs reward."""

import numpy as np

from figures import what_is_ml as fig
from lessons import Challenge, Claim, Step, titled


def _deep(r) -> str:
    if r.train_accuracy == 1.0 and r.test_accuracy < r.train_accuracy - 0.1:
        return "Train 100%, test well below it"
    return "Both near 100%"


def _groups(r) -> str:
    ari = r.clusters.ari
    if ari > 0.95:
        return "Exactly (ARI near 1)"
    return "Partly (ARI between 0.3 and 0.95)" if ari >= 0.3 else "No better than chance (ARI near 0)"


def _early(r) -> str:
    below = r.agent.test_accuracy < r.test_accuracy - 0.1
    return "Well below the tree" if below else "About as well as the tree"


def _explore(r) -> str:
    a = r.agent
    return ("The reward falls well below its choices' accuracy" if a.reward_rate < a.test_accuracy - 0.1
            else "Both stay about equal")


def _where(r) -> str:
    """Where most rows of each class went: "class_0 → cluster 3" and so on."""
    c = r.clusters.contingency
    return ", ".join(f"{name} → cluster {int(np.argmax(row)) + 1} ({row.max()} of {row.sum()})"
                     for name, row in zip(r.class_names, c))


CHALLENGES = (
    Challenge(
        question="Let the tree ask 12 questions in a row (depth 12). How do its training and test "
                 "accuracy end up?",
        options=("Both near 100%", "Train 100%, test well below it"),
        state=dict(max_depth=12),
        answer=_deep, expected="Train 100%, test well below it",
        why=lambda r: f"Depth {r.depth}, {r.n_leaves} leaves: training {r.train_accuracy:.0%}, test "
                      f"{r.test_accuracy:.1%}. It has memorised the rows it was told about, noise and all, "
                      "and that does not carry over to new rows.",
    ),
    Challenge(
        question="k-means is asked for 3 groups in the wine table, which has 3 cultivars. How closely "
                 "do its groups follow the cultivars it was never told?",
        options=("Exactly (ARI near 1)", "Partly (ARI between 0.3 and 0.95)",
                 "No better than chance (ARI near 0)"),
        state={},
        answer=_groups, expected="Partly (ARI between 0.3 and 0.95)",
        why=lambda r: f"ARI {r.clusters.ari:.2f}: {_where(r)}. The groups are rows close together in "
                      "these two measurements, and the cultivars overlap there.",
    ),
    Challenge(
        question="After only 50 tries, how well do the agent's choices score on the test rows?",
        options=("About as well as the tree", "Well below the tree"),
        state=dict(tries=50),
        answer=_early, expected="Well below the tree",
        why=lambda r: f"{r.agent.test_accuracy:.1%} against the tree's {r.test_accuracy:.1%}: told only "
                      f"right or wrong, and only about the class it picked, it has not yet been shown a row "
                      f"in {int((r.agent.policy < 0).sum())} of its {r.agent.policy.size} cells.",
    ),
    Challenge(
        question="Exploration ε = 0.5: half the tries are random picks. How do its reward per try and "
                 "its choices' test accuracy compare?",
        options=("Both stay about equal", "The reward falls well below its choices' accuracy"),
        state=dict(epsilon=0.5),
        answer=_explore, expected="The reward falls well below its choices' accuracy",
        why=lambda r: f"Reward {r.agent.reward_rate:.0%} per try, choices {r.agent.test_accuracy:.1%} on the "
                      "test rows: a random pick is right only about one time in "
                      f"{r.n_classes}, so exploring costs reward now; what it learns still goes into its "
                      "best choices.",
    ),
)

TOUR = (
    Step("Supervised, left: the tree is told every training row's class and asks three questions in "
         "a row. On the rows held back, which it never saw, it is right far more often than a guess.",
         {}, holds=lambda r: r.depth == 3 and r.test_accuracy > 1 / r.n_classes + 0.4),
    Step("Depth 12: every training row right, and fewer of the held-back rows: the tree has "
         "memorised noise. Only the test score says how a model does on new rows.",
         dict(max_depth=12),
         holds=lambda r: r.train_accuracy == 1.0 and r.test_accuracy < r.train_accuracy - 0.1),
    Step("Unsupervised, middle: k-means never sees a class. Its three groups roughly follow the three "
         "cultivars (the table below the chart), but it numbers them its own way.",
         {}, holds=lambda r: 0.5 < r.clusters.ari < 0.95
         and any(int(np.argmax(row)) != c for c, row in enumerate(r.clusters.contingency))),
    Step("Ask for 2 groups: k-means finds 2 without complaint, and they match the 3 cultivars less "
         "well. It does not know how many classes there are; k is the learner's choice.",
         dict(n_clusters=2), holds=lambda r: r.clusters.contingency.shape[1] == 2 and r.clusters.ari < 0.6),
    Step("Reinforcement, right: after 50 tries the agent has not been shown a row in many cells (blank), "
         "and its choices score well below the tree.",
         dict(tries=50), holds=lambda r: (r.agent.policy < 0).sum() > 12
         and r.agent.test_accuracy < r.test_accuracy - 0.1),
    Step("After 500 tries its choices score about as well as the tree's, from rewards alone: it "
         "needed hundreds of tries where the tree needed one look at the labelled rows.",
         dict(tries=500), holds=lambda r: abs(r.agent.test_accuracy - r.test_accuracy) < 0.05),
)

MAIN = titled(fig.three_ways_figure)

MEASURES = (
    ("Tree: test accuracy", lambda r: r.test_accuracy, "{:.1%}"),
    ("k-means vs classes (ARI)", lambda r: r.clusters.ari, "{:.2f}"),
    ("Agent: test accuracy", lambda r: r.agent.test_accuracy, "{:.1%}"),
)


def _climbs(r) -> bool:
    a = r.agent
    early = a.checkpoint_accuracy[a.checkpoints <= 50]
    return (early.max() < a.test_accuracy - 0.1 and a.checkpoint_accuracy[0] <= 1.5 / r.n_classes
            and abs(a.test_accuracy - r.test_accuracy) < 0.05 and a.checkpoints[-1] <= 1000)


CLAIMS = {
    "reward": Claim(
        "The agent's choices (green) start no better than a guess and climb to about the tree's test "
        "score within a few hundred tries. Its reward per try (blue) counts its random tries too, "
        "which are right only by luck.",
        holds=_climbs),
    "clusters": Claim(
        "k-means numbers its groups in no particular order: read a row to see where one class's "
        "rows went. Each class mostly lands in one group, but not wholly.",
        holds=lambda r: all(row.max() >= 0.6 * row.sum() for row in r.clusters.contingency)
        and any(row.max() < row.sum() for row in r.clusters.contingency)),
}
