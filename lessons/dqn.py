"""DQN on CartPole: from about 20 steps to hundreds, and what the replay buffer and the target
network are for."""

from explorers.dqn import WITHOUT
from figures import dqn as fig
from lessons import Challenge, Step, titled


BALANCES, FALLS = "Yes, it balances for well over 100 steps", "No, it stays near where it started"
SECONDS_A_STEP = 0.02  # CartPole's time step (gymnasium's tau)


def _learns(r) -> str:
    return BALANCES if r.greedy_mean > 100 else FALLS


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
         {}, holds=lambda r: r.trained.length > 10 * r.untrained.length),
    Step("Without the replay buffer and the target network, the same network and steps learn "
         "almost nothing.", dict(mode=WITHOUT), holds=lambda r: r.final_return < 30),
)

MAIN = titled(fig.returns_figure)
MEASURES = (
    ("Mean reward, last episodes", lambda r: r.final_return, "{:.0f}"),
    ("Greedy agent's reward", lambda r: r.greedy_mean, "{:.0f}"),
)
