"""Markov decision processes and dynamic programming, one sweep at a time
=====================================================================

A grid world is a Markov decision process: in each cell (state) the agent picks a move
(action); the move may slip sideways; each move pays a small step reward, and landing on a
goal or a pit ends the episode with +1 or -1. The *value* V(s) of a cell is the discounted
sum of rewards to expect from it, and every value obeys the Bellman equation

    V(s) = max over a of  sum over s' of  P(s' | s, a) [ r(s, a, s') + gamma V(s') ].

Dynamic programming turns that equation into an update and sweeps it over every cell at
once. **Value iteration** applies the max directly: after k sweeps, V holds the best return
in k moves, so value spreads outwards from the goal one cell per sweep. **Policy evaluation**
drops the max and averages over a fixed policy (here, moving at random), which values what
that policy does rather than what is possible. **Policy iteration** alternates the two:
evaluate the current policy for a few sweeps, then improve it by acting greedily on those
values, until an improvement changes nothing. All three need the model P, which is what
separates planning from learning (the Q-learning page has no P).

The discount gamma sets the horizon (gamma = 0: only the next reward counts), the slip makes
paths beside pits risky, and the step reward prices time: at +0.1 per step the best plan is
never to finish. (After Andrej Karpathy's REINFORCEjs GridWorld DP demo.)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets.readonly import readonly
from explorers import _gridworld as gw
from explorers._contract import choice, follow, knob, literal

NOTICE = (
    "Value spreads out from the goal one cell per sweep of value iteration, and the arrows "
    "settle long before the numbers stop changing: the greedy policy is often optimal after a "
    "handful of sweeps. Raise the slip and the arrows steer away from the pits; make the step "
    "reward positive and they stop heading for the goal at all."
)
MISREADING = (
    "\"The value of a cell is the reward you get there\": it is the discounted sum of every "
    "reward still to come from that cell when acting well, so an empty cell beside the goal is "
    "worth almost as much as the goal's +1, and the goal itself is worth 0 (nothing follows it)."
)
HEADLINE = "start_value"

ALGORITHMS = ("value iteration", "policy iteration", "policy evaluation")
SHOW = ("values", "action values")
MAX_SWEEP = 100  # the scrubber's range; the run itself goes on until it converges
TOL = 1e-10  # converged once no value moves by more than this in a sweep
MAX_TOTAL = 20_000  # a run that has not converged by then is reported as such
TIE = 1e-9  # actions whose values are this close count as tied (arrows drawn for each)
EPISODE_STEPS = 60  # the sample episode's length cap


@dataclass(frozen=True)
class Params:
    layout: str = choice(
        "classic 4x3", options=tuple(gw.LAYOUTS), label="Grid world",
        help="A preset to start from; edit it in the box below. classic 4x3: Russell & "
             "Norvig's world. cliff: Sutton & Barto's cliff. two goals: near and risky or far "
             "and safe. bonus trap: a +0.5 cell that never ends the episode.",
    )
    # The preset's rows until the learner edits them; picking another preset starts over
    # from its rows. The Q-learning page's edited grid is the same field: a session edits one.
    grid: tuple[str, ...] = gw.grid_field(
        gw.LAYOUTS["classic 4x3"], follows=("layout", gw.LAYOUTS), label="Grid (edit it)",
        help="The grid world itself: change cells, add or remove rows (Ctrl+Enter applies).",
    )
    algorithm: str = choice(
        "value iteration", options=ALGORITHMS, label="Algorithm",
        help="value iteration: V ← max over actions. policy iteration: evaluate the current "
             "policy for some sweeps, then act greedily on the values. policy evaluation: the "
             "value of moving at random, no improvement.",
    )
    show: str = choice(
        "values", options=SHOW, label="Draw",
        help="values: V in each cell, with the policy's arrows. action values: each cell "
             "split into four triangles, one per move, coloured by Q(s, a) = expected "
             "r + γ V(next) for that move (what a Q-table holds).",
    )
    sweep: int = knob(
        3, lo=0, hi=MAX_SWEEP, label="Sweep",
        help="How many sweeps of the update to show (0: every value is 0). Each sweep updates "
             "every cell at once from the previous sweep's values. Beyond convergence the "
             "final values are shown.",
    )
    gamma: float = knob(0.9, lo=0.0, hi=1.0, step=0.01, label="Discount γ",
                        help="How much a reward one step later is worth. 0: only the next "
                             "reward counts; 1: every reward counts fully, as in Russell & "
                             "Norvig's 4×3 world (γ = 1 converges only if every plan ends: "
                             "a negative step reward sees to that).")
    slip: float = knob(0.2, lo=0.0, hi=0.9, step=0.05, label="Slip probability",
                       help="Chance that a move goes sideways instead (split between the two "
                            "perpendicular directions). 0: every move does what it says.")
    step_reward: float = knob(-0.04, lo=-1.0, hi=0.5, step=0.01, label="Step reward",
                              help="Reward for every move, on top of the +1 of a goal, -1 of a "
                                   "pit and +0.5 of a bonus cell. Negative: hurry up.")
    eval_sweeps: int = knob(
        5, lo=1, hi=50, label="Evaluation sweeps per round",
        when=("algorithm", ("policy iteration",)),
        help="Policy iteration: sweeps of policy evaluation before each improvement (fewer "
             "if the values settle first). 1 makes it close to value iteration.",
    )
    row: int = knob(0, lo=0, hi=gw.MAX_SIDE - 1, label="Bellman cell: row",
                    help="Row (from the top, 0 first) of the cell whose update is written out.")
    col: int = knob(2, lo=0, hi=gw.MAX_SIDE - 1, label="Bellman cell: column",
                    help="Column (from the left, 0 first) of the cell whose update is written "
                         "out. Beyond the grid's edge, the last row or column is used.")
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seed of the sample episode drawn on the map (its slips).")

    def __post_init__(self):
        follow(self)  # grid: the layout's rows unless given


@dataclass(frozen=True)
class Outcome:
    prob: float
    next_state: int
    reward: float
    next_value: float  # V of the next state from the previous sweep (0 after a terminal)
    terminal: bool


@dataclass(frozen=True)
class Bellman:
    """One cell's update at the shown sweep, with the numbers that went into it."""

    state: int
    row: int
    col: int
    kind: str  # "floor", "wall" or "terminal" (walls and terminals are not updated)
    sweep: int  # the update that produced V_sweep (the first one when sweep is 0)
    outcomes: tuple  # per action, a tuple of Outcome
    q: np.ndarray  # (4,) r + gamma V' summed over outcomes, for every action
    weights: np.ndarray  # (4,) how the actions combine: policy probabilities, or the argmax
    old_value: float
    new_value: float


@dataclass(frozen=True)
class Result:
    grid: gw.Grid
    algorithm: str
    show: str
    gamma: float
    requested_sweep: int
    sweep: int  # shown: the requested one, or the last if it converged before
    last_sweep: int  # sweeps taken to converge (or MAX_TOTAL)
    converged: bool
    values: np.ndarray  # (n_states,) V after the shown sweep
    q: np.ndarray  # (n_states, 4) action values from those V
    policy: np.ndarray  # (n_states, 4) the policy drawn: probabilities per action
    deltas: np.ndarray  # (last_sweep,) max |V_k - V_k-1| for k = 1..last_sweep
    improvements: np.ndarray  # sweeps after which policy iteration improved its policy
    final_values: np.ndarray  # (n_states,) the converged values
    start_value: float  # headline: the converged V of the start cell
    shown_start_value: float  # V of the start cell after the shown sweep
    start_values: np.ndarray  # V of the start cell after each recorded sweep (0..MAX_SWEEP)
    bellman: Bellman
    episode: np.ndarray  # states of one sample episode following the drawn policy
    episode_return: float  # its discounted return


@dataclass(frozen=True)
class _History:
    R: np.ndarray  # (n, 4) expected reward
    gT: np.ndarray  # (n * 4, n) gamma T, flattened for one matrix-vector product a sweep
    values: np.ndarray  # (min(last, MAX_SWEEP) + 1, n): V_0 .. V_k
    # The policy that sweep k + 1 evaluates, for k = 0 .. as values: only policy iteration's
    # changes, so the other algorithms keep one (n, 4) row and save memory on big grids.
    policies: np.ndarray
    deltas: np.ndarray
    improvements: np.ndarray
    final_values: np.ndarray
    converged: bool


def run(p: Params) -> Result:
    """The state after ``p.sweep`` sweeps of the grid ``p.grid``."""
    grid = gw.parse(p.grid)
    h = _history(grid, p.slip, p.step_reward, p.gamma, p.algorithm, p.eval_sweeps)
    last = len(h.deltas)
    sweep = min(p.sweep, len(h.values) - 1)
    values = h.values[sweep]
    q = action_values(h.gT, h.R, values)
    # Value iteration draws the greedy policy of the values shown; the other two draw the
    # policy they evaluate in the next sweep (policy iteration's improves every round).
    policy = greedy(q, grid) if p.algorithm == "value iteration" else _policy(h, sweep)
    readonly(policy)
    row, col = min(p.row, grid.nrow - 1), min(p.col, grid.ncol - 1)
    episode, ret = sample_episode(grid, policy, p.slip, p.step_reward, p.gamma, p.seed)
    return Result(
        grid=grid, algorithm=p.algorithm, show=p.show, gamma=p.gamma,
        requested_sweep=p.sweep, sweep=sweep,
        last_sweep=last, converged=h.converged, values=values, q=readonly(q), policy=policy,
        deltas=h.deltas, improvements=h.improvements, final_values=h.final_values,
        start_value=float(h.final_values[grid.start]),
        shown_start_value=float(values[grid.start]),
        start_values=h.values[:, grid.start],
        bellman=bellman(grid, h, p, grid.state(row, col), max(sweep, 1)),
        episode=episode, episode_return=ret,
    )


def greedy(q: np.ndarray, grid: gw.Grid) -> np.ndarray:
    """The greedy policy of Q: equal shares among tied best actions; none on walls/terminals."""
    best = q >= q.max(axis=1, keepdims=True) - TIE
    policy = best / best.sum(axis=1, keepdims=True)
    policy[grid.walls | grid.terminal] = 0.0
    return policy


def action_values(gT, R, V):
    """Q = R + gamma T V, with ``gT`` the (n * 4, n) matrix gamma T: one matrix-vector product."""
    return R + (gT @ V).reshape(R.shape)


def sweep_once(gT, R, V, policy=None):
    """One synchronous Bellman sweep: the optimality update, or the expectation under ``policy``."""
    Q = action_values(gT, R, V)
    return Q.max(axis=1) if policy is None else (policy * Q).sum(axis=1)


# Scrubbing only picks another sweep of the same run, so the run is memoised on everything
# else (the Grid is a frozen dataclass of strings, so it keys the cache like a plain value).
@lru_cache(maxsize=16)  # at most ~1.3 MB each (12 x 12 grid), so ~20 MB in all
def _history(grid: gw.Grid, slip: float, step_reward: float, gamma: float, algorithm: str,
             eval_sweeps: int) -> _History:
    n = grid.n_states
    T, R = gw.dense(_transitions(grid, slip, step_reward), n, 4)
    live = ~(grid.walls | grid.terminal)
    uniform = np.outer(live, np.full(4, 0.25))  # moving at random, on the cells that move
    policy = None if algorithm == "value iteration" else uniform
    gT = (gamma * T).reshape(n * 4, n)
    V = np.zeros(n)
    values, policies, deltas, improvements = [V], [uniform if policy is None else policy], [], []
    converged, in_round = False, 0
    while len(deltas) < MAX_TOTAL:
        new = sweep_once(gT, R, V, policy)
        deltas.append(float(np.max(np.abs(new - V))))
        V, in_round = new, in_round + 1
        settled = deltas[-1] < TOL
        if algorithm == "policy iteration" and (settled or in_round == eval_sweeps):
            improved = greedy(action_values(gT, R, V), grid)
            changed = not np.array_equal(improved, policy)
            if changed:
                improvements.append(len(deltas))
            policy, in_round = improved, 0
            settled = settled and not changed
        if len(values) <= MAX_SWEEP:
            values.append(V)
            if algorithm == "policy iteration":
                policies.append(policy)
        if settled:
            converged = True
            break
    values, policies = np.array(values), np.array(policies)
    deltas, improvements = np.array(deltas), np.array(improvements, dtype=int)
    return _History(*readonly((R, gT, values, policies, deltas, improvements, V.copy())), converged)


def _policy(h: _History, k: int) -> np.ndarray:
    """The policy evaluated in sweep k + 1."""
    return h.policies[min(k, len(h.policies) - 1)]


@lru_cache(maxsize=32)
def _transitions(grid: gw.Grid, slip: float, step_reward: float) -> dict:
    # Shared by every caller: read it, never change it.
    return gw.transitions(grid, slip, step_reward)


def bellman(grid: gw.Grid, h: _History, p: Params, s: int, k: int) -> Bellman:
    """The update of cell ``s`` in sweep ``k`` (from V_k-1 to V_k), term by term."""
    row, col = grid.cell(s)
    kind = "wall" if grid.walls[s] else "terminal" if grid.terminal[s] else "floor"
    k = min(k, len(h.values) - 1)
    old = h.values[k - 1] if k >= 1 else h.values[0]
    P = _transitions(grid, p.slip, p.step_reward)
    outcomes = tuple(tuple(Outcome(prob, s2, r, 0.0 if done else float(old[s2]), done)
                           for prob, s2, r, done in P[s][a]) for a in range(4))
    q = np.array([sum(o.prob * (o.reward + p.gamma * o.next_value) for o in outs)
                  for outs in outcomes])
    if p.algorithm == "value iteration":
        weights = (q >= q.max() - TIE).astype(float)
        weights /= weights.sum()
        new = float(q.max())
    else:
        weights = _policy(h, k - 1)[s].copy()
        new = float(weights @ q)
    if kind != "floor":
        new = 0.0
    return Bellman(s, row, col, kind, k, outcomes, *readonly((q, weights)), float(old[s]), new)


def sample_episode(grid, policy, slip, step_reward, gamma, seed):
    """One episode from the start following ``policy`` (its slips drawn with ``seed``)."""
    rng = np.random.default_rng(seed)
    P = _transitions(grid, slip, step_reward)
    s, states, ret = grid.start, [grid.start], 0.0
    for t in range(EPISODE_STEPS):
        if grid.terminal[s] or policy[s].sum() == 0:
            break
        a = int(rng.choice(4, p=policy[s]))
        outs = P[s][a]
        prob, s, r, _ = outs[int(rng.choice(len(outs), p=[o[0] for o in outs]))]
        ret += gamma ** t * r
        states.append(s)
    return readonly(np.array(states)), float(ret)


def bellman_lines(b: Bellman, algorithm: str, gamma: float) -> list[str]:
    """The cell's update written out with its numbers, one line per action (markdown)."""
    if b.kind != "floor":
        why = "walls are never entered" if b.kind == "wall" else "the episode ends here"
        return [f"Cell (row {b.row}, column {b.col}) is a {b.kind}: its value stays 0 "
                f"({why})."]
    lines = []
    for a, outs in enumerate(b.outcomes):
        terms = " + ".join(
            f"{o.prob:.2g}·({o.reward:+.2f} + {literal(gamma)}·{_num(o.next_value)})" for o in outs)
        if algorithm == "value iteration":
            mark = " ← max" if b.weights[a] > 0 else ""
        else:
            mark = f", weight π = {b.weights[a]:.2g}"
        lines.append(f"- **{gw.ACTIONS[a]}**: {terms} = **{b.q[a]:.3f}**{mark}")
    combine = "the largest" if algorithm == "value iteration" else "the policy's average"
    lines.append(f"V{_sub(b.sweep)}(row {b.row}, col {b.col}) = {combine} = **{b.new_value:.3f}**"
                 f" (was {b.old_value:.3f})")
    return lines


def _num(v: float) -> str:
    return f"{v:.3f}" if v >= 0 else f"({v:.3f})"


def _sub(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


_SOLVE = {
    "value iteration": '''\
# Value iteration: V <- max over actions of the expected r + gamma V', every cell at once.
V = np.zeros(n)
for sweep in range(1, {max_total} + 1):
    V_new = (R + (gT @ V).reshape(n, 4)).max(axis=1)
    delta = np.max(np.abs(V_new - V))
    V = V_new
    if delta < {tol}:
        break
''',
    "policy evaluation": '''\
# Policy evaluation of moving at random: V <- the policy's average of r + gamma V'.
policy = np.outer(live, np.full(4, 0.25))
V = np.zeros(n)
for sweep in range(1, {max_total} + 1):
    V_new = (policy * (R + (gT @ V).reshape(n, 4))).sum(axis=1)
    delta = np.max(np.abs(V_new - V))
    V = V_new
    if delta < {tol}:
        break
''',
    "policy iteration": '''\
def greedy(Q):
    """Equal shares among the best actions (ties within {tie}); none on walls and terminals."""
    best = Q >= Q.max(axis=1, keepdims=True) - {tie}
    return np.where(live[:, None], best / best.sum(axis=1, keepdims=True), 0.0)


# Policy iteration: evaluate the policy for up to {eval_sweeps} sweeps, then act greedily on
# the values; done when the values have settled and an improvement changes nothing.
policy = np.outer(live, np.full(4, 0.25))  # it starts by moving at random
V = np.zeros(n)
in_round = 0
for sweep in range(1, {max_total} + 1):
    V_new = (policy * (R + (gT @ V).reshape(n, 4))).sum(axis=1)
    delta = np.max(np.abs(V_new - V))
    V, in_round = V_new, in_round + 1
    settled = delta < {tol}
    if settled or in_round == {eval_sweeps}:
        improved = greedy(R + (gT @ V).reshape(n, 4))
        changed = not np.array_equal(improved, policy)
        policy, in_round = improved, 0
        settled = settled and not changed
    if settled:
        break
''',
}


def code(p: Params) -> str:
    grid = gw.parse(p.grid)
    rows = "\n".join(f"    {r!r}," for r in grid.rows)
    solve = _SOLVE[p.algorithm].format(max_total=MAX_TOTAL, tol=TOL, tie=TIE,
                                       eval_sweeps=p.eval_sweeps)
    return f'''\
import numpy as np

# The grid: '.' floor, '#' wall, 'S' start, 'G' goal (+1, ends), 'X' pit (-1, ends), '+' bonus.
rows = [
{rows}
]
gamma, slip, step_reward = {literal(p.gamma)}, {literal(p.slip)}, {literal(p.step_reward)}
CELL_REWARD = {{"G": 1.0, "X": -1.0, "+": 0.5}}  # paid on landing, on top of the step reward
MOVES = [(0, -1), (1, 0), (0, 1), (-1, 0)]  # left, down, right, up, as in gymnasium's FrozenLake

nrow, ncol = len(rows), len(rows[0])
n = nrow * ncol  # state s = row * ncol + col
cells = "".join(rows)
terminal = np.array([c in "GX" for c in cells])
live = np.array([c not in "GX#" for c in cells])
start = cells.index("S")


def move(s, a):
    """Where action a leads from s: off the edge or into a wall, you stay put."""
    row, col = divmod(s, ncol)
    r, c = row + MOVES[a][0], col + MOVES[a][1]
    return r * ncol + c if 0 <= r < nrow and 0 <= c < ncol and rows[r][c] != "#" else s


# T[s, a, s2]: chance of landing in s2 and going on; R[s, a]: expected reward. The intended
# move happens with probability 1 - slip, each perpendicular one with slip / 2.
T, R = np.zeros((n, 4, n)), np.zeros((n, 4))
for s in np.flatnonzero(live):
    for a in range(4):
        for b, prob in (((a - 1) % 4, slip / 2), (a, 1.0 - slip), ((a + 1) % 4, slip / 2)):
            if prob > 0:
                s2 = move(s, b)
                R[s, a] += prob * (float(step_reward) + CELL_REWARD.get(cells[s2], 0.0))
                if not terminal[s2]:
                    T[s, a, s2] += prob
gT = (gamma * T).reshape(n * 4, n)  # so that Q = R + gamma T V is one matrix-vector product

{solve}
start_value = V[start]
print(f"sweeps until no value moved by {TOL:g}: {{sweep}}")
print(f"value of the start cell: {{start_value:.6f}}")
arrows = np.array(list("←↓→↑"))[(R + (gT @ V).reshape(n, 4)).argmax(axis=1)]
print("\\n".join("".join(c if c in "#GX" else arrows[r * ncol + i] for i, c in enumerate(row))
                for r, row in enumerate(rows)))
'''
