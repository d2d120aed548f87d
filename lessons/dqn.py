"""DQN on CartPole: from about 20 steps to hundreds, and what the replay buffer and the target
network are for."""

import numpy as np

from explorers import dqn as ex
from explorers.dqn import WITHOUT
from figures import dqn as fig
from lessons import Challenge, Claim, Step, titled


BALANCES, FALLS = "Yes, it balances for well over 100 steps", "No, it stays near where it started"
SECONDS_A_STEP = 0.02  # CartPole's time step (gymnasium's tau)


def _learns(r) -> str:
    return BALANCES if r.greedy_mean > 100 else FALLS


def _loss_rises_while_returns_climb(r) -> bool:
    """From a tenth of the way into training to its end, the loss chart's line (the mean of
    the last updates) rises while the returns chart's line (mean of the last 20) climbs."""
    loss = fig.running_mean(r.losses, fig.SMOOTH)
    early = len(loss) // 10
    episode = min(int(np.searchsorted(r.episode_ends, r.loss_steps[early])), len(r.returns) - 1)
    return bool(loss[-1] > loss[early] and r.moving_average[-1] > 3 * r.moving_average[episode])


def _q_close_and_half_way(r) -> bool:
    q = r.trained.q_values
    gap = np.abs(q[:, 0] - q[:, 1])
    return bool(gap.mean() < 0.02 * np.abs(q).mean() and q.max() < r.horizon_value
                and 0.3 < q.mean() / r.horizon_value < 0.7)


CHALLENGES = (
    Challenge(
        question="Before any training, how long does the agent keep the pole up?",
        options=("Under 30 steps", "About 100 steps", "Hundreds of steps"),
        state={},
        answer=lambda r: "Under 30 steps" if r.untrained.length < 30 else
        ("About 100 steps" if r.untrained.length < 200 else "Hundreds of steps"),
        expected="Under 30 steps",
        why=lambda r: f"{r.untrained.length} steps, {r.untrained.length * SECONDS_A_STEP:.2f} s of simulated "
                      "time: its pushes ignore the pole. After training, the same episode lasts "
                      f"{r.trained.length} steps.",
    ),
    Challenge(
        question="Turn off the replay buffer and the target network: each update learns from the "
                 "last few steps only, towards a target that moves with every update. Does the "
                 "same network still learn to balance?",
        options=(BALANCES, FALLS),
        state=dict(mode=WITHOUT),
        answer=_learns, expected=FALLS,
        why=lambda r: f"Without exploration it now balances for {r.greedy_mean:.0f} steps on average: "
                      "consecutive steps are nearly the same situation, so each batch pulls the "
                      "network one way, and a target that moves with it chases its own tail.",
    ),
)

TOUR = (
    Step("The first episodes last about 20 steps: exploring at random, the pole falls almost "
         "at once.", {}, holds=lambda r: r.returns[:5].mean() < 40),
    Step("By the end of training, episodes last over a hundred steps, exploration included.",
         {}, holds=lambda r: r.final_return > 100),
    Step("The replays: the untrained agent falls within a second; the trained one nudges the "
         "cart left and right and keeps the pole up for hundreds of steps.",
         {}, holds=lambda r: (r.untrained.length * SECONDS_A_STEP < 1 and r.trained.length >= 200
                              and r.trained.length > 10 * r.untrained.length)),
    Step("Without the replay buffer and the target network, the same network and steps learn "
         "almost nothing.", dict(mode=WITHOUT), holds=lambda r: r.final_return < 30),
)

MAIN = titled(fig.returns_figure)
MEASURES = (
    ("Mean reward, last episodes", lambda r: r.final_return, "{:.0f}"),
    ("Greedy agent's reward", lambda r: r.greedy_mean, "{:.0f}"),
)

CLAIMS = {
    # Under the returns chart.
    "returns": Claim(
        "Each dot is one training episode, ε-greedy. While ε is high most pushes are random and "
        "episodes stay short; the line is the mean of the last 20.",
        holds=lambda r: (r.returns[r.epsilon > 0.5].mean() < 30
                         and r.returns[r.epsilon < 0.1].mean() > 2 * r.returns[r.epsilon > 0.5].mean())),
    # Under the loss and Q-value charts, one claim each.
    "loss": Claim(
        "Left: the TD loss does not have to fall as the agent improves, because the targets move "
        "with it (here it rises while the returns climb).", holds=_loss_rises_while_returns_climb),
    "q_values": Claim(
        "Right: along the replayed episode the network's two Q-values sit close together (either "
        "push can be fixed next step), below what balancing forever is worth, 1/(1−γ), the dashed "
        "line: after the default 6,000 steps they are about half way there.",
        holds=_q_close_and_half_way),
    # The misreading the page names, at the defaults.
    "misreading": Claim(ex.MISREADING, holds=_loss_rises_while_returns_climb),
}
