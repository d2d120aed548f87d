"""Q-learning against SARSA on the cliff (Sutton & Barto, Example 6.6): the optimal path
along the edge, the safe path of the learner that counts its own exploration, and who earns
more while exploring."""

from explorers import q_learning as ex
from figures import q_learning as fig
from lessons import Challenge, Claim, Step, titled

EDGE, SAFE = "Along the cliff edge", "A detour, away from the edge"


def _run(r, algorithm: str):
    return next(run for run in r.runs if run.algorithm == algorithm)


def _path(r, algorithm: str) -> str:
    """Where the greedy path runs: the row next to the cliff (the bottom row is start,
    cliff and goal), or further up."""
    rows = [int(s) // r.ncol for s in _run(r, algorithm).greedy_path[1:-1]]
    return EDGE if rows and min(rows) == r.nrow - 2 else SAFE


def _more(r) -> str:
    q, sarsa = _run(r, "Q-learning"), _run(r, "SARSA")
    return "SARSA" if sarsa.mean_return > q.mean_return else "Q-learning"


def _said(r, algorithm: str) -> str:
    run = _run(r, algorithm)
    return f"{algorithm}'s greedy path takes {len(run.greedy_path) - 1} steps (return {run.greedy_return:g})"


CHALLENGES = (
    Challenge(
        question="Cliff walking, exploring with ε = 0.1: which path will Q-learning's greedy "
                 "policy take from start to goal?",
        options=(EDGE, SAFE),
        state={},
        answer=lambda r: _path(r, "Q-learning"), expected=EDGE,
        why=lambda r: f"{_said(r, 'Q-learning')}, one row above the cliff: it learns the values of "
                      "the best next action, as if it would never explore again, so it finds the "
                      "shortest path.",
    ),
    Challenge(
        question="Same cliff, same ε: and SARSA's greedy path?",
        options=(EDGE, SAFE),
        state={},
        answer=lambda r: _path(r, "SARSA"), expected=SAFE,
        why=lambda r: f"{_said(r, 'SARSA')}: it learns the values of the actions it really takes, "
                      "random ones included, and one random step on the edge costs −100. So it "
                      "keeps its distance.",
    ),
    Challenge(
        question="While both are still exploring, which earns more reward per training episode?",
        options=("Q-learning", "SARSA"),
        state={},
        answer=_more, expected="SARSA",
        why=lambda r: f"SARSA: {_run(r, 'SARSA').mean_return:.1f} an episode over the last ones, "
                      f"Q-learning {_run(r, 'Q-learning').mean_return:.1f}. Q-learning's path is the "
                      "better one only for an agent that stops exploring: with ε = 0.1 its random "
                      "steps drop it off the cliff.",
    ),
)

TOUR = (
    Step("Both learners, 500 episodes on the cliff, exploring with ε = 0.1. Q-learning's greedy "
         "path (the arrows) runs along the edge: the shortest way.",
         {}, holds=lambda r: _path(r, "Q-learning") == EDGE),
    Step("SARSA's runs along the top: it values actions as it really takes them, exploration "
         "included, and near the edge a random step is a fall.",
         {}, holds=lambda r: _path(r, "SARSA") == SAFE),
    Step("The price: during training, Q-learning's episodes return less on average, because its "
         "random steps on the edge fall off.",
         {}, holds=lambda r: _more(r) == "SARSA"),
    Step("Explore more (ε = 0.3): SARSA stays away, and Q-learning's falls cost it even more "
         "while its greedy path stays on the edge.",
         dict(epsilon=0.3), holds=lambda r: _path(r, "Q-learning") == EDGE and _path(r, "SARSA") == SAFE),
    Step("No exploration at all (ε = 0): nothing random can happen, so both learn the edge path.",
         dict(epsilon=0.0), holds=lambda r: _path(r, "SARSA") == EDGE == _path(r, "Q-learning")),
)

MAIN = titled(lambda r: fig.grid_figure(r, r.runs[0]))  # the first learner's grid


def _misread(r) -> bool:
    """Q-learning's greedy path is worth more than SARSA's, yet it earns less while exploring,
    and its greedy policy's value is not its returns curve."""
    q, sarsa = _run(r, "Q-learning"), _run(r, "SARSA")
    return (q.greedy_return > sarsa.greedy_return and q.mean_return < sarsa.mean_return
            and q.mean_return < q.greedy_return - 1)


CLAIMS = {
    # Shown by the shared code panel from the explorer; the words under test are the same.
    "misreading": Claim(ex.MISREADING, holds=_misread),
}
