"""MDPs: value iteration's k sweeps are the best k-move return, Russell & Norvig's 4×3
utilities at γ = 1, and a reward that makes never finishing the best plan."""

import numpy as np

from explorers import mdp as ex
from figures import mdp as fig
from lessons import Challenge, Claim, Step, params_at, titled


def _book(r) -> str:
    shown = f"{r.start_value:.3f}"
    return shown if shown in ("0.351", "0.705", "0.812") else "Another number"


def _positive(r) -> str:
    # Wandering for ever at +0.5 a step is worth 0.5 / (1 - γ); any path to the goal less.
    return "It wanders for ever" if r.start_value > 1.5 else "It heads for the goal"


CHALLENGES = (
    Challenge(
        question="Russell & Norvig's 4×3 world with their settings (slip 0.2, step reward −0.04) and "
                 "no discount, γ = 1. What utility does value iteration give the start square?",
        options=("0.351", "0.705", "0.812", "Another number"),
        state=dict(gamma=1.0),
        answer=_book, expected="0.705",
        why=lambda r: f"V(start) = {r.start_value:.4f} after {r.last_sweep} sweeps: the 0.705 of the book's "
                      "figure 17.3. With γ = 0.9 (the page's default) it is lower, 0.351: later rewards "
                      "count for less.",
    ),
    Challenge(
        question="Make every move worth +0.5 (no slip, γ = 0.9). Does the best plan still head "
                 "for the +1 goal?",
        options=("It heads for the goal", "It wanders for ever"),
        state=dict(step_reward=0.5, slip=0.0),
        answer=_positive, expected="It wanders for ever",
        why=lambda r: f"V(start) = {r.start_value:.3f} = 0.5 / (1 − 0.9): never finishing earns more than "
                      "any path that ends at the goal (at most 1 plus a few steps' 0.5). Rewards say "
                      "what to want, not how to get there.",
    ),
)

TOUR = (
    Step("Sweep 0: every value starts at 0.", dict(sweep=0),
         holds=lambda r: np.all(r.values == 0)),
    Step("Sweep 1: each cell's value is the best one-move return. The start is five moves from "
         "the goal, so all it sees is the step reward, −0.04.",
         dict(sweep=1), holds=lambda r: abs(r.shown_start_value + 0.04) < 1e-9),
    Step("Sweeps 4 and 5: at four moves the goal is still out of reach and the start's value is "
         "only step rewards; at five the goal's +1 arrives. After k sweeps, value iteration holds "
         "the best k-move return.",
         dict(sweep=5), holds=lambda r: r.start_values[4] < 0 < r.shown_start_value),
    Step("No discount (γ = 1): the book's utilities, 0.705 at the start.",
         dict(gamma=1.0), holds=lambda r: round(r.start_value, 3) == 0.705),
    Step("Policy iteration reaches the same values, improving the whole policy each round.",
         dict(algorithm="policy iteration", sweep=100),
         holds=lambda r: r.converged and np.allclose(r.final_values, ex.run(ex.Params()).final_values)),
)

MAIN = titled(fig.values_figure)


def _next_sweep_is_the_max(r) -> bool:
    """The largest of each live cell's four Q, from V after sweep k, is V after sweep k + 1."""
    later = ex.run(params_at(ex, dict(show="action values", sweep=r.sweep + 1)))
    live = ~(r.grid.walls | r.grid.terminal)
    return bool(np.allclose(r.q.max(axis=1)[live], later.values[live], rtol=0, atol=1e-12))


def _faster_than_gamma(r) -> bool:
    """Every change at most γ times the one before, and once the greedy arrows have settled
    (from sweep 5 on here) well under it."""
    before, after = r.deltas[:-1], r.deltas[1:]
    moving = before > 0
    ratios = after[moving] / before[moving]
    return bool(np.all(ratios <= r.gamma * (1 + 1e-9)) and np.median(ratios[5:]) < 0.8 * r.gamma)


def _jumps(r) -> bool:
    """Policy iteration: the sweep after each improvement changes the values more than the one
    before it (deltas[k] is sweep k + 1; an improvement after sweep k is followed by sweep k + 1)."""
    return len(r.improvements) >= 2 and all(r.deltas[k] > r.deltas[k - 1] for k in r.improvements)


CLAIMS = {
    "action values": Claim(
        "Each triangle: Q(s, a) for the move it points to, the expected reward plus γ times V of "
        "where the move lands (hover for the number). Under value iteration the largest of the "
        "four is the cell's value after the next sweep. Dashed square: the cell written out.",
        state=dict(show="action values"), holds=_next_sweep_is_the_max),
    "value iteration": Claim(
        "Value iteration's changes shrink each sweep by the factor γ or faster: much faster when "
        "the best plan soon ends the episode (the classic world's default), by exactly γ when it "
        "never does (a positive step reward);",
        holds=_faster_than_gamma),
    "policy iteration": Claim(
        "policy iteration's jump at each improvement (dotted red lines).",
        state=dict(algorithm="policy iteration"), holds=_jumps),
}
