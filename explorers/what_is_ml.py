"""What is machine learning? One table, three ways to learn from it
===================================================================

After R2D3's "A visual introduction to machine learning": a program learns when it gets
better at a task from data instead of from rules someone wrote for it. What it is given
to learn from decides which kind of learning it is, and this page gives the same table
(two measurements of each wine, iris or tumour, and its class) to one learner of each kind.

*Supervised*: a decision tree is shown the training rows **with** their classes and learns
to name the class of a row it has not seen; the rows held back (the test set) score it.

*Unsupervised*: k-means gets every row **without** its class and finds k groups of rows that
lie close together. The classes come back only afterwards, to judge how closely the groups
follow them (the adjusted Rand index: 1 is the same grouping, about 0 is chance).

*Reinforcement*: an agent is shown one training row at a time, **chooses** a class for it,
and hears only whether that choice was right (a reward of 1) or not (0); never which class
was right. It keeps, for each cell of a coarse grid over the two measurements, the average
reward of each choice so far, and mostly takes the best one (greedy), sometimes a random
one (with probability ε, to keep exploring). This is reinforcement learning at its
smallest, a *contextual bandit*: each choice is rewarded at once and changes nothing that
follows; the reinforcement-learning pages go on to actions whose reward comes later.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.cluster import contingency_matrix
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from datasets import describe
from datasets.planes import TABLES, load_table
from datasets.readonly import readonly
from explorers._classify import PlaneParams, Scores, Split, data_code, evaluate, split
from explorers._contract import choice, knob, literal
from explorers._threads import one_thread

NOTICE = (
    "The same rows, three ways: the tree is told every training row's class and scores well "
    "on rows it never saw; k-means is told nothing and finds groups that only partly follow "
    "the classes; the agent is told only whether each guess was right, and needs hundreds of "
    "tries to come near the tree."
)
MISREADING = (
    "\"Unsupervised learning finds the classes without being told them\": k-means finds groups "
    "of nearby rows, and nothing makes those groups the classes someone had in mind (its "
    "cluster numbers are not even class names). Nor is reinforcement learning supervised "
    "learning with extra steps: the agent never learns which answer was right, only how its "
    "own choice scored."
)
HEADLINE = "test_accuracy"

KINDS = ("supervised", "unsupervised", "reinforcement")
DEPTH_MAX = 12
CELLS = 6  # the agent's grid: CELLS x CELLS cells over the training rows' range
WINDOW = 100  # tries in the agent's moving average of reward
CHECKPOINTS = 60  # times along the run at which the agent's choices are scored on the test rows


@dataclass(frozen=True)
class Params:
    data: str = choice(
        "wine", options=tuple(TABLES), label="Table",
        help="One of scikit-learn's tables, shipped with it, by two of its measurements: "
             + describe(TABLES),
    )
    max_depth: int = knob(
        3, lo=1, hi=DEPTH_MAX, label="Tree depth (supervised)",
        help="How many yes-or-no questions in a row the decision tree may ask. A deep tree "
             "gets every training row right and does worse on the test rows.",
    )
    test_share: float = knob(
        0.3, lo=0.1, hi=0.5, step=0.05, label="Test share (supervised, agent)",
        help="Share of rows held back: the tree and the agent learn from the rest, and are "
             "scored on these rows, which they never saw.",
    )
    n_clusters: int = knob(
        3, lo=2, hi=6, label="Clusters k (unsupervised)",
        help="How many groups k-means looks for. It is not told how many classes there are.",
    )
    tries: int = knob(
        1000, lo=50, hi=3000, step=50, label="Tries (reinforcement)",
        help="How many training rows the agent is shown, one at a time; for each it picks a "
             "class and is told only whether it was right.",
    )
    epsilon: float = knob(
        0.1, lo=0.0, hi=0.5, step=0.05, label="Exploration ε (reinforcement)",
        help="The share of tries on which the agent picks a class at random instead of its "
             "best so far: exploring costs reward now and finds better choices for later.",
    )
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seed of the split, the tree, k-means and the agent's tries.")


@dataclass(frozen=True)
class Clusters:
    """k-means on every row, its classes hidden, and how the groups compare with them."""

    labels: np.ndarray  # (rows,) the cluster of each row, 0..k-1 as scikit-learn numbers them
    centres: np.ndarray  # (k, 2) in the table's own units
    grid_cluster: np.ndarray  # (GRID, GRID) the nearest centre over the boundary grid
    contingency: np.ndarray  # (classes, k) rows of each class in each cluster
    ari: float


@dataclass(frozen=True)
class Agent:
    """The ε-greedy agent's run: what it was shown, what it earned, what it ended up choosing."""

    edges_x: np.ndarray  # (CELLS + 1,) its grid over the training rows
    edges_y: np.ndarray
    shown: np.ndarray  # (tries,) the training row of each try
    actions: np.ndarray  # (tries,) the class it chose
    rewards: np.ndarray  # (tries,) 1 if that was the row's class, else 0
    moving: np.ndarray  # (tries,) mean reward over the last WINDOW tries (fewer at the start)
    values: np.ndarray  # (cells, classes) mean reward of each choice in each cell
    counts: np.ndarray  # (cells, classes) how often each was chosen there
    policy: np.ndarray  # (CELLS, CELLS) its greedy choice in each cell, -1 where it never tried
    checkpoints: np.ndarray  # tries after which its greedy choices were scored on the test rows
    checkpoint_accuracy: np.ndarray
    test_accuracy: float  # its greedy choices on the test rows, after every try
    reward_rate: float  # mean reward over the last WINDOW tries


@dataclass(frozen=True)
class Result:
    split: Split
    scores: Scores
    class_names: tuple[str, ...]
    feature_names: tuple[str, str]
    X: np.ndarray  # every row, for the unsupervised learner
    y: np.ndarray  # every row's class, hidden from it
    train_accuracy: float
    test_accuracy: float
    depth: int  # the depth the tree reached (at most max_depth)
    n_leaves: int
    clusters: Clusters
    agent: Agent
    epsilon: float

    @property
    def n_classes(self) -> int:
        return len(self.class_names)


def run(p: Params) -> Result:
    # The classifier pages' own split of the table (stratified, seeded), so the rows held
    # back here are the ones the decision-tree page holds back at the same settings.
    s = split(PlaneParams(data=p.data, test_share=p.test_share, seed=p.seed))
    model, scores = _tree(p.data, p.test_share, p.seed, p.max_depth)
    X, y = _rows(p.data)
    return Result(
        split=s, scores=scores, class_names=s.class_names, feature_names=s.feature_names, X=X, y=y,
        train_accuracy=scores.train_accuracy, test_accuracy=scores.test_accuracy,
        depth=int(model.get_depth()), n_leaves=int(model.get_n_leaves()),
        clusters=_clusters(p.data, p.n_clusters, p.seed),
        agent=_agent(p.data, p.test_share, p.seed, p.tries, p.epsilon),
        epsilon=p.epsilon,
    )


@lru_cache(maxsize=4)
def _rows(data: str):
    # In the table's own order: k-means++ picks its first centres by row number, so the
    # snippet, which loads the table afresh, finds the same clusters only in this order.
    X, y, _, _ = load_table(data)
    return readonly((X, y))


# Each learner depends on fewer fields than the whole Params, so moving one learner's
# slider reuses the other two; all are pure, so caching cannot change a result.
@lru_cache(maxsize=64)
def _tree(data: str, test_share: float, seed: int, max_depth: int):
    s = split(PlaneParams(data=data, test_share=test_share, seed=seed))
    model = DecisionTreeClassifier(max_depth=max_depth, random_state=seed).fit(s.X_train, s.y_train)
    return model, evaluate(model, s)


@lru_cache(maxsize=32)
def _clusters(data: str, k: int, seed: int) -> Clusters:
    X, y = _rows(data)
    s = split(PlaneParams(data=data))
    # k-means measures plain distance, so the measurements are put on one scale first:
    # otherwise the one in larger units would decide the groups alone.
    scaler = StandardScaler().fit(X)
    with one_thread("openmp"):
        model = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(scaler.transform(X))
        on_grid = model.predict(scaler.transform(s.grid))
    return readonly(Clusters(
        labels=model.labels_, centres=scaler.inverse_transform(model.cluster_centers_),
        grid_cluster=on_grid.reshape(len(s.grid_y), len(s.grid_x)),
        contingency=contingency_matrix(y, model.labels_),
        ari=float(adjusted_rand_score(y, model.labels_)),
    ))


def cells_of(points: np.ndarray, edges_x: np.ndarray, edges_y: np.ndarray) -> np.ndarray:
    """The agent's cell of each point, ``row * CELLS + column``; points beyond the edges
    (test rows outside the training rows' range) count in the nearest edge cell."""
    column = np.clip(np.searchsorted(edges_x, points[:, 0], side="right") - 1, 0, CELLS - 1)
    row = np.clip(np.searchsorted(edges_y, points[:, 1], side="right") - 1, 0, CELLS - 1)
    return row * CELLS + column


def draws(rng: np.random.Generator, n_train: int, n_classes: int, tries: int, epsilon: float):
    """Every random number the agent uses, drawn up front in the order code() writes out:
    the row of each try, whether it explores, the class it would explore, and a tie-break.
    All are drawn whatever ε is, so two values of ε see the same rows in the same order."""
    shown = rng.integers(n_train, size=tries)
    explore = rng.random(tries) < epsilon
    random_class = rng.integers(n_classes, size=tries)
    tiebreak = rng.random((tries, n_classes))
    return shown, explore, random_class, tiebreak


@lru_cache(maxsize=32)
def _agent(data: str, test_share: float, seed: int, tries: int, epsilon: float) -> Agent:
    s = split(PlaneParams(data=data, test_share=test_share, seed=seed))
    k = s.n_classes
    edges_x, edges_y = (np.linspace(s.X_train[:, d].min(), s.X_train[:, d].max(), CELLS + 1) for d in (0, 1))
    train_cells = cells_of(s.X_train, edges_x, edges_y)
    test_cells = cells_of(s.X_test, edges_x, edges_y)
    shown, explore, random_class, tiebreak = draws(np.random.default_rng(seed), len(s.y_train), k,
                                                   tries, epsilon)
    marks = set(_checkpoints(tries).tolist())
    # Plain Python lists: a try touches a handful of numbers, where numpy's per-call cost
    # would be most of the run. The snippet does the same steps with numpy arrays.
    cell, label = train_cells.tolist(), s.y_train.tolist()
    values = [[0.0] * k for _ in range(CELLS * CELLS)]
    counts = [[0] * k for _ in range(CELLS * CELLS)]
    actions, rewards, scored = [], [], []
    for t, (row, explores, other, ties) in enumerate(zip(shown.tolist(), explore.tolist(),
                                                         random_class.tolist(), tiebreak.tolist())):
        q = values[cell[row]]
        if explores:
            action = other
        else:  # the best mean reward so far; among equals, the one with the largest tie-break
            best = max(q)
            action = max((a for a in range(k) if q[a] == best), key=ties.__getitem__)
        reward = 1.0 if action == label[row] else 0.0
        n = counts[cell[row]]
        n[action] += 1
        q[action] += (reward - q[action]) / n[action]  # the running mean of its rewards
        actions.append(action)
        rewards.append(reward)
        if t + 1 in marks:
            scored.append(float(np.mean(np.argmax(values, axis=1)[test_cells] == s.y_test)))
    values, counts = np.array(values), np.array(counts)
    rewards = np.array(rewards)
    # After a try, the greedy choice is the best mean reward, ties to the lowest class (argmax).
    greedy = values.argmax(axis=1)
    policy = np.where(counts.sum(axis=1) > 0, greedy, -1).reshape(CELLS, CELLS)
    moving = moving_mean(rewards, WINDOW)
    return readonly(Agent(
        edges_x=edges_x, edges_y=edges_y, shown=shown, actions=np.array(actions), rewards=rewards,
        moving=moving, values=values, counts=counts, policy=policy,
        checkpoints=_checkpoints(tries), checkpoint_accuracy=np.array(scored),
        test_accuracy=scored[-1], reward_rate=float(moving[-1]),
    ))


def _checkpoints(tries: int) -> np.ndarray:
    return np.unique(np.linspace(1, tries, min(CHECKPOINTS, tries)).round().astype(int))


def moving_mean(values: np.ndarray, window: int) -> np.ndarray:
    """The mean of each value and the ``window - 1`` before it (of all before it, early on)."""
    total = np.cumsum(values)
    before = np.concatenate([np.zeros(window), total[:-window]])[:len(values)]
    return (total - before) / np.minimum(np.arange(1, len(values) + 1), window)


# ---- Which kind is it? ----

@dataclass(frozen=True)
class Scenario:
    text: str  # the situation, in a sentence or two
    kind: str  # one of KINDS
    clue: str  # what in the situation gives it away


SCENARIOS = (
    Scenario("A bank has ten years of past loans, each marked *repaid* or *defaulted*. It wants to "
             "flag the risky ones among new applications.", "supervised",
             "Every past loan comes with its answer (repaid or defaulted), and the task is to predict "
             "that answer for new ones: learning from labelled examples."),
    Scenario("A shop has the purchase histories of 50,000 customers and wants to find groups of "
             "similar shoppers. Nobody has decided what the groups should be.", "unsupervised",
             "There is no answer to learn from: the groups are to be found in the data itself. That "
             "is clustering, what k-means does above."),
    Scenario("A program plays thousands of games of Go against itself and is told only, at the end "
             "of each game, whether it won.", "reinforcement",
             "It acts, move after move, and learns from a reward (the win or loss) that comes long "
             "after the moves that earned it; nobody tells it the right move."),
    Scenario("A news site shows one of several headlines for each story and learns from readers' "
             "clicks which headline to show more often.", "reinforcement",
             "It chooses an action (a headline) and learns only from the reward its own choice "
             "earned (a click), never which headline would have done best: a bandit, like the "
             "agent above."),
    Scenario("Doctors have marked 20,000 scans as showing a tumour or not; a model should mark new "
             "scans the same way.", "supervised",
             "The doctors' marks are the labels: the model learns from scans with their answers."),
    Scenario("A card company wants to catch unusual transactions, but almost none of its past "
             "transactions were ever checked for fraud.", "unsupervised",
             "Without checked examples, \"unusual\" can only mean unlike most transactions: "
             "anomaly detection, finding structure without labels."),
    Scenario("Each 8 × 8 image of a handwritten digit (64 numbers) is to be squeezed into 2 numbers "
             "that keep as much of the images' variation as possible.", "unsupervised",
             "Nothing is predicted and no labels are used: the images' own variation is summarised. "
             "That is dimensionality reduction, as PCA does."),
    Scenario("A warehouse robot learns to pick up parcels: it earns a point for each parcel it lifts "
             "and loses one for each it drops.", "reinforcement",
             "Points for its own actions, not examples of correct grips: it learns by trial and error."),
    Scenario("Estimate a flat's selling price from its size, age and district, using last year's "
             "sales.", "supervised",
             "Last year's sales come with their prices: the answer to learn is a number, so this is "
             "supervised learning of the kind called regression."),
)


def verdict(index: int, guess: str) -> tuple[bool, str]:
    """Whether ``guess`` is scenario ``index``'s kind, and why, in words."""
    scenario = SCENARIOS[index]
    if guess not in KINDS:
        raise ValueError(f"Not one of: {', '.join(KINDS)}.")
    right = guess == scenario.kind
    return right, f"{'Right' if right else 'Not quite'}: {scenario.kind}. {scenario.clue}"


# ---- Where to go deeper ----

# Topic titles of roadmap.py, in the order to read them. Only the live ones are linked
# (``onward``), so a link never leads to a page that is not there yet, and a topic that
# lands is linked from here at once.
DEEPER = {
    "supervised": ("Decision trees", "Overfitting & bias-variance", "Cross-validation",
                   "k-nearest neighbours", "Logistic regression", "Classifier comparison"),
    "unsupervised": ("K-means", "Hierarchical clustering", "DBSCAN", "PCA & LDA", "t-SNE"),
    "reinforcement": ("MDPs & dynamic programming", "Q-learning grid worlds", "Deep Q-learning"),
}


def onward(kind: str) -> list:
    """The live roadmap topics that go deeper into ``kind``, in reading order."""
    from roadmap import live_topics

    live = {topic.title: topic for _, topic in live_topics()}
    return [live[title] for title in DEEPER[kind] if title in live]


# ---- The code ----

IMPORTS = (
    "from sklearn.cluster import KMeans",
    "from sklearn.metrics import adjusted_rand_score",
    "from sklearn.metrics.cluster import contingency_matrix",
    "from sklearn.preprocessing import StandardScaler",
    "from sklearn.tree import DecisionTreeClassifier",
)


def code(p: Params) -> str:
    lines = data_code(PlaneParams(data=p.data, test_share=p.test_share, seed=p.seed)).splitlines()
    given = {line for line in lines if line.startswith(("import ", "from "))}
    # The data's own imports join ours at the top, plain imports first: one script, one header.
    imports = "\n".join(sorted(given | set(IMPORTS), key=lambda line: (line.startswith("from "), line)))
    data = "\n".join(line for line in lines if line not in given).strip()
    return f'''\
{imports}

{data}

# 1. Supervised: learn from the training rows WITH their classes, score on the rows held back.
tree = DecisionTreeClassifier(max_depth={p.max_depth}, random_state={p.seed}).fit(X_train, y_train)
train_accuracy = tree.score(X_train, y_train)
test_accuracy = tree.score(X_test, y_test)
print(f"supervised     tree: train accuracy {{train_accuracy:.3f}}, test accuracy {{test_accuracy:.3f}}")

# 2. Unsupervised: every row WITHOUT its class. k-means measures plain distance, so the two
# measurements go on one scale first. The classes come back only to judge the groups.
kmeans = KMeans(n_clusters={p.n_clusters}, n_init=10, random_state={p.seed})
clusters = kmeans.fit_predict(StandardScaler().fit_transform(X))
ari = adjusted_rand_score(y, clusters)  # 1: the classes exactly; about 0: chance
print(f"unsupervised   k-means, k={p.n_clusters}: adjusted Rand index against the classes {{ari:.3f}}")
print("rows of each class (down) in each cluster (across):")
print(contingency_matrix(y, clusters))

# 3. Reinforcement: the agent is shown one training row at a time, picks a class, and is
# told only whether it was right (reward 1) or not (0). It keeps the mean reward of each
# class in each cell of a {CELLS} x {CELLS} grid, and mostly picks the best one so far.
cells, epsilon, tries, k = {CELLS}, {literal(p.epsilon)}, {p.tries}, len(np.unique(y))
edges = [np.linspace(X_train[:, d].min(), X_train[:, d].max(), cells + 1) for d in (0, 1)]


def cell_of(points):
    """Each point's cell, row * cells + column (points past the edges in the edge cells)."""
    column, row = (np.clip(np.searchsorted(edges[d], points[:, d], side="right") - 1, 0, cells - 1)
                   for d in (0, 1))
    return row * cells + column


rng = np.random.default_rng({p.seed})
shown = rng.integers(len(y_train), size=tries)  # the row of each try
explore = rng.random(tries) < epsilon  # whether it picks at random this time
random_class = rng.integers(k, size=tries)  # the class it picks then
tiebreak = rng.random((tries, k))  # to choose among classes with equal mean reward
values = np.zeros((cells * cells, k))  # mean reward of each class in each cell
counts = np.zeros((cells * cells, k), dtype=int)
train_cells, rewards = cell_of(X_train), []
for t, row in enumerate(shown):
    c = train_cells[row]
    if explore[t]:
        action = random_class[t]
    else:
        best = np.flatnonzero(values[c] == values[c].max())
        action = best[np.argmax(tiebreak[t, best])]
    reward = 1.0 if action == y_train[row] else 0.0
    counts[c, action] += 1
    values[c, action] += (reward - values[c, action]) / counts[c, action]
    rewards.append(reward)

greedy = values.argmax(axis=1)  # its best class in each cell (ties: the lowest class)
agent_test_accuracy = np.mean(greedy[cell_of(X_test)] == y_test)
reward_rate = np.mean(rewards[-{WINDOW}:])
print(f"reinforcement  agent after {{tries}} tries: reward per try (last {WINDOW}) {{reward_rate:.3f}}, "
      f"test accuracy of its choices {{agent_test_accuracy:.3f}}")
'''
