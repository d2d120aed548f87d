"""Q-learning and SARSA on grid worlds
===================================

A tabular agent keeps one number per state and action, Q(s, a): how much return it expects
from taking a in s and behaving well afterwards. It starts knowing nothing (all zeros) and
learns from single steps. After each move s -a-> s' with reward r it nudges Q(s, a) a
fraction α towards a *target*:

* **Q-learning** (off-policy): r + γ · max over a' of Q(s', a'), the value of acting *greedily*
  from s', whatever the agent will really do next;
* **SARSA** (on-policy): r + γ · Q(s', a'), with a' the action the agent *does* take next,
  exploration included.

Both act ε-greedily: with probability ε a random action, otherwise the best one so far (ties
broken at random), and ε may shrink each episode. The difference shows on CliffWalking
(Sutton & Barto, example 6.6): Q-learning learns the shortest path, right along the cliff
edge, but while it keeps exploring it falls off now and then, so the returns it *earns* are
worse; SARSA prices its own random steps in and learns a safer path one row further away.
(After Andrej Karpathy's REINFORCEjs TD demo.)

The environments are gymnasium's FrozenLake and CliffWalking. The agent reads the
environment's transition table ``env.unwrapped.P`` and samples it exactly as ``env.step``
does, one uniform number per step from a generator seeded like ``env.reset(seed=...)``,
so it is the same process at a tenth of the cost (the tests replay it through ``env.step``).
"""

from __future__ import annotations

import dataclasses
import inspect
import random
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets.readonly import readonly
from explorers import _gridworld as gw
from explorers._contract import choice, knob, literal

NOTICE = (
    "On CliffWalking, Q-learning's greedy path (the arrows) hugs the cliff edge, the shortest "
    "way, while SARSA's keeps a row or more away; yet Q-learning's returns during training are "
    "the worse of the two, because its exploring steps near the edge fall off. Scrub the "
    "episode slider to replay how an episode went, early (wandering) or late (straight)."
)
MISREADING = (
    "\"The agent that learned the better path earns more\", or \"the returns curve shows how "
    "good the learned policy is\": the curve is the return *while exploring* with ε; "
    "Q-learning learns the optimal path yet scores worse online than SARSA's safe one, and "
    "the greedy policy's own value is a different number."
)
HEADLINE = "mean_return"

ALGORITHMS = ("Q-learning", "SARSA", "both")
MAX_EPISODES = 2000
LAST = 100  # the headline averages the returns of the last LAST episodes
WINDOW = 50  # moving average of the returns curve
CLIFF_MAX_STEPS = 100  # CliffWalking has no time limit of its own; a wandering agent needs one
GRID_MAX_STEPS = 100  # the grid worlds' time limit, as _gridworld.make_env's default


@dataclass(frozen=True)
class Env:
    """A gymnasium toy-text environment, or a grid world of ``explorers._gridworld``: how to
    make it and how to draw it."""

    gym_id: str | None
    kwargs: tuple  # (name, value) pairs for gymnasium.make
    arrows: str  # the arrow of each action number, in the environment's own convention
    max_steps: int | None = None  # None: the environment's own TimeLimit
    about: str = ""
    rows: tuple[str, ...] = ()  # a grid world's layout (then gym_id is None)

    def make(self, slippery: bool | None = None, slip: float = 0.0, step_reward: float = 0.0):
        """The gymnasium env; ``slippery=False`` asks for its slip-free twin."""
        if self.rows:
            return gw.make_env(gw.parse(self.rows), 0.0 if slippery is False else slip,
                               step_reward, max_steps=self.max_steps)
        import gymnasium as gym

        kwargs = dict(self.kwargs)
        if slippery is not None:
            kwargs["is_slippery"] = slippery
        return gym.make(self.gym_id, max_episode_steps=self.max_steps, **kwargs)


FROZEN = "←↓→↑"  # FrozenLake: 0 left, 1 down, 2 right, 3 up
CLIFF = "↑→↓←"  # CliffWalking: 0 up, 1 right, 2 down, 3 left
ENVS = {
    "CliffWalking": Env("CliffWalking-v1", (), CLIFF, CLIFF_MAX_STEPS,
                        "4×12; −1 a step, −100 and back to the start for a step into the cliff"),
    "FrozenLake 4x4": Env("FrozenLake-v1", (("map_name", "4x4"), ("is_slippery", False)), FROZEN,
                          about="4×4 ice; +1 at the goal, a hole ends the episode; moves are exact"),
    "FrozenLake 4x4 slippery": Env("FrozenLake-v1", (("map_name", "4x4"), ("is_slippery", True)),
                                   FROZEN, about="as 4x4, but a move goes the intended way or "
                                                 "either side of it, 1/3 each"),
    "FrozenLake 8x8": Env("FrozenLake-v1", (("map_name", "8x8"), ("is_slippery", False)), FROZEN,
                          about="8×8 ice, exact moves; the goal is far and rarely found at random"),
    "FrozenLake 8x8 slippery": Env("FrozenLake-v1", (("map_name", "8x8"), ("is_slippery", True)),
                                   FROZEN, about="8×8 slippery ice: hard, needs many episodes"),
}
# The grid worlds of the MDP page (explorers/_gridworld.py), with their slip and step reward.
GRIDS = {"Grid: classic 4x3": "classic 4x3", "Grid: cliff": "cliff", "Grid: two goals": "two goals",
         "Grid: maze": "maze", "Grid: bonus trap": "bonus trap"}
for _name, _layout_name in GRIDS.items():
    ENVS[_name] = Env(None, (), FROZEN, GRID_MAX_STEPS, rows=gw.LAYOUTS[_layout_name],
                      about=f"the MDP page's '{_layout_name}' world (G +1, X −1 and ends, + gives "
                            "+0.5 each visit, # is a wall), with the slip and step reward below")
# The grid a learner edits, here or on the MDP page (the two pages share it in a session),
# or the one a link brings: the Params field ``grid``, the classic 4x3 world until edited.
EDITED = "Grid: edited on the MDP page"
GRIDS[EDITED] = "classic 4x3"
ENVS[EDITED] = Env(None, (), FROZEN, GRID_MAX_STEPS, rows=gw.LAYOUTS[GRIDS[EDITED]],
                   about="the grid in the box 'Edited grid' below, which the MDP page edits too "
                         "(the classic 4x3 world until then), with the slip and step reward below")
ACTION_ARROWS = {name: env.arrows for name, env in ENVS.items()}


def spec_of(name: str, rows: tuple[str, ...] = ()) -> Env:
    """The ``Env`` of a name; ``rows``: the edited grid's, for the edited-grid environment."""
    return dataclasses.replace(ENVS[name], rows=rows) if rows else ENVS[name]


def edited_rows(p) -> tuple[str, ...]:
    """The grid's rows when the edited grid is the environment, else () (so that the caches,
    keyed on them, keep one entry per environment whatever the greyed-out box holds)."""
    return p.grid if p.env == EDITED else ()


@dataclass(frozen=True)
class Params:
    env: str = choice("CliffWalking", options=tuple(ENVS), label="Environment",
                      help="The grid world: " + "; ".join(f"**{k}**: {e.about}" for k, e in ENVS.items()
                                                          if k not in GRIDS)
                           + "; **Grid: …**: the MDP page's grid worlds (G +1 and X −1 end the "
                             "episode, + gives +0.5 at every visit, # is a wall), with the slip "
                             "and step reward below.")
    algorithm: str = choice(
        "both", options=ALGORITHMS, label="Algorithm",
        help="Q-learning bootstraps from the best next action (off-policy), SARSA from the next "
             "action it really takes (on-policy); 'both' trains each with the same seed.")
    slip: float = knob(0.0, lo=0.0, hi=0.8, step=0.05, label="Slip (grid worlds)",
                       when=("env", tuple(GRIDS)),
                       help="Grid worlds only: the chance a move goes to one side instead, split "
                            "equally between left and right of the intended direction.")
    step_reward: float = knob(-0.04, lo=-1.0, hi=0.0, step=0.01, label="Step reward (grid worlds)",
                              when=("env", tuple(GRIDS)),
                              help="Grid worlds only: the reward of every move, on top of the "
                                   "cell's own (−0.04 in Russell & Norvig's 4x3 world).")
    grid: tuple[str, ...] = gw.grid_field(
        gw.LAYOUTS[GRIDS[EDITED]], label="Edited grid", when=("env", (EDITED,)),
        examples=(gw.LAYOUTS["maze"],),
        help=f"The grid world of '{EDITED}': the grid this session last edited on the MDP "
             "page, or the link's; edit it here too (Ctrl+Enter applies).")
    alpha: float = knob(0.5, lo=0.05, hi=1.0, step=0.05, label="Learning rate α",
                        help="How far each update moves Q(s, a) towards its target.")
    gamma: float = knob(0.95, lo=0.5, hi=1.0, step=0.01, label="Discount γ",
                        help="How much a reward one step later is worth: 1 counts every future "
                             "reward fully, lower values prefer quick rewards.")
    epsilon: float = knob(0.1, lo=0.0, hi=1.0, step=0.05, label="Exploration ε",
                          help="Probability of a random action instead of the best one so far.")
    decay: float = knob(1.0, lo=0.99, hi=1.0, step=0.001, label="ε decay per episode",
                        help="ε is multiplied by this after every episode (1: ε stays fixed; "
                             "0.995 halves it every ~140 episodes).")
    episodes: int = knob(500, lo=50, hi=MAX_EPISODES, step=50, label="Episodes",
                         help="How many episodes to train for.")
    episode: int = knob(MAX_EPISODES, lo=1, hi=MAX_EPISODES, label="Replay episode",
                        help="Which training episode to replay on the grid (clamped to the "
                             "number of episodes: the maximum shows the last).")
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seeds both the agent's random choices and the environment's slips, "
                          "as env.reset(seed=seed) would.")


@dataclass(frozen=True)
class Run:
    """One algorithm trained once: chart-ready arrays."""

    algorithm: str
    Q: np.ndarray  # (n_states, n_actions)
    returns: np.ndarray  # (episodes,) undiscounted return of each training episode
    lengths: np.ndarray  # (episodes,) steps taken
    moving: np.ndarray  # (episodes,) trailing mean of the returns over up to WINDOW episodes
    states: np.ndarray  # every episode's visited states, concatenated (int16)
    offsets: np.ndarray  # (episodes + 1,): episode k visited states[offsets[k]:offsets[k+1]]
    policy: np.ndarray  # (n_states,) greedy action (the first of ties)
    decided: np.ndarray  # (n_states,) bool: some action's value differs from the others
    greedy_path: np.ndarray  # states along the greedy policy's intended moves
    greedy_success: float  # probability the greedy policy reaches a goal within the step limit
    greedy_return: float  # its expected undiscounted return within the step limit
    mean_return: float  # mean return of the last LAST training episodes

    def visited(self, episode: int) -> np.ndarray:
        """The states of training episode ``episode`` (1-based), start included."""
        return self.states[self.offsets[episode - 1]: self.offsets[episode]]


@dataclass(frozen=True)
class Result:
    env: str
    nrow: int
    ncol: int
    layout: tuple[str, ...]  # a character per cell: S start, G goal, H hole, C cliff, . floor
    arrows: str
    start: int
    max_steps: int
    runs: tuple[Run, ...]
    episodes: int
    requested_episode: int
    episode: int  # the replayed episode, clamped to the number of episodes
    mean_return: float  # the first run's (Q-learning's when both run)
    shown_return: float  # the first run's return in the replayed episode

    @property
    def clamped(self) -> bool:
        return self.requested_episode > self.episodes


def run(p: Params) -> Result:
    if p.env not in ENVS:
        raise ValueError(f"unknown environment {p.env!r}; choose one of {', '.join(ENVS)}")
    rows = edited_rows(p)
    dynamics = _dynamics(p)
    model = env_model(p.env, *dynamics, rows)
    names = ("Q-learning", "SARSA") if p.algorithm == "both" else (p.algorithm,)
    runs = tuple(_train(p.env, *dynamics, algorithm, p.alpha, p.gamma, p.epsilon, p.decay, p.episodes,
                        p.seed, rows)
                 for algorithm in names)
    episode = min(p.episode, p.episodes)
    return Result(
        env=p.env, nrow=model.nrow, ncol=model.ncol, layout=model.layout, arrows=ENVS[p.env].arrows,
        start=model.start, max_steps=model.max_steps, runs=runs, episodes=p.episodes,
        requested_episode=p.episode, episode=episode, mean_return=runs[0].mean_return,
        shown_return=float(runs[0].returns[episode - 1]),
    )


def _dynamics(p: Params) -> tuple[float, float]:
    """(slip, step reward): the knobs for a grid world, a fixed (0, 0) otherwise, so a gymnasium
    environment's cached model is not recomputed when an inactive knob moves."""
    return (p.slip, p.step_reward) if p.env in GRIDS else (0.0, 0.0)


# The learner. Its source is pasted into code(p) as it stands, so it uses nothing of this
# module: only ``random`` and ``numpy``.
def learn(table, start, max_steps, algorithm, alpha, gamma, epsilon, decay, episodes, seed):
    """Train tabular Q-learning or SARSA on ``table``, the environment's P read as lists.

    ``table[s][a]`` is ``(cumulative probabilities, outcomes)`` with outcomes
    ``(prob, next_state, reward, terminated)`` as in ``env.unwrapped.P``. Every reset and
    every step draws one uniform number u from a generator seeded like
    ``env.reset(seed=seed)`` and takes the first outcome whose cumulative probability
    exceeds u: exactly gymnasium's ``categorical_sample``, so the run is the one
    ``env.step`` would give. The agent's own coin flips come from ``random.Random(seed)``.
    """
    n_states, n_actions = len(table), len(table[0])
    Q = [[0.0] * n_actions for _ in range(n_states)]
    agent = random.Random(seed)
    env_rng = np.random.default_rng(seed)
    uniforms, i = [], 0
    returns, lengths, visited = [], [], []

    def act(s, eps):
        # Always one coin flip, so ε = 0 consumes the agent's numbers as any ε does.
        if agent.random() < eps:
            return agent.randrange(n_actions)
        q = Q[s]
        best = max(q)
        ties = [a for a in range(n_actions) if q[a] == best]
        return ties[0] if len(ties) == 1 else agent.choice(ties)

    for k in range(episodes):
        eps = epsilon * decay ** k
        if i == len(uniforms):  # numbers come in blocks: one call per 4,096 draws
            uniforms, i = env_rng.random(4096).tolist(), 0
        i += 1  # env.reset draws one number for the start state (always S here)
        s, total, path = start, 0.0, [start]
        a = act(s, eps)
        for t in range(max_steps):
            if algorithm == "Q-learning" and t > 0:
                a = act(s, eps)
            if i == len(uniforms):
                uniforms, i = env_rng.random(4096).tolist(), 0
            u = uniforms[i]
            i += 1
            cumulative, outcomes = table[s][a]
            j = 0  # argmax of an all-False array is 0, as in categorical_sample
            for n, c in enumerate(cumulative):
                if c > u:
                    j = n
                    break
            _, s2, r, terminated = outcomes[j]
            total += r
            path.append(s2)
            if terminated:
                target = r
            elif algorithm == "Q-learning":
                target = r + gamma * max(Q[s2])
            else:
                a2 = act(s2, eps)  # SARSA: the action it will really take next
                target = r + gamma * Q[s2][a2]
            Q[s][a] += alpha * (target - Q[s][a])
            s = s2
            if terminated:
                break
            if algorithm == "SARSA":
                a = a2
        returns.append(total)
        lengths.append(len(path) - 1)
        visited.append(path)
    return Q, returns, lengths, visited


@dataclass(frozen=True)
class EnvModel:
    nrow: int
    ncol: int
    layout: tuple[str, ...]
    start: int
    max_steps: int
    table: tuple  # P as (cumulative probabilities, outcomes) per state and action
    intended: np.ndarray  # (n_states, n_actions): where each action goes with no slip
    goals: np.ndarray  # (n_states,) bool


def read_table(P) -> tuple:
    """``env.unwrapped.P`` as plain lists with cumulative probabilities, summed by
    ``np.cumsum`` as gymnasium's sampler does (so the same u picks the same outcome)."""
    return tuple(
        tuple((tuple(np.cumsum([o[0] for o in P[s][a]]).tolist()),
               tuple((float(p), int(n), float(r), bool(t)) for p, n, r, t in P[s][a]))
              for a in sorted(P[s]))
        for s in sorted(P))


@lru_cache(maxsize=16)
def env_model(name: str, slip: float = 0.0, step_reward: float = 0.0,
              rows: tuple[str, ...] = ()) -> EnvModel:
    """``rows``: the edited grid's, for the edited-grid environment (see ``edited_rows``)."""
    spec = spec_of(name, rows)
    env = spec.make(slip=slip, step_reward=step_reward)
    inner = env.unwrapped
    nrow, ncol = _shape(inner)
    table = read_table(inner.P)
    # The slip-free twin says where each action is meant to go (for drawing the greedy path).
    exact = spec.make(slippery=False, step_reward=step_reward).unwrapped.P
    intended = np.array([[exact[s][a][0][1] for a in sorted(exact[s])] for s in sorted(exact)])
    layout = _layout(inner, nrow, ncol)
    goals = np.array([c == "G" for row in layout for c in row])
    readonly((intended, goals))
    start = inner.grid.start if hasattr(inner, "grid") else int(np.argmax(inner.initial_state_distrib))
    return EnvModel(nrow, ncol, layout, start,
                    int(spec.max_steps or env.spec.max_episode_steps), table, intended, goals)


def _shape(inner):
    if hasattr(inner, "grid"):
        return inner.grid.nrow, inner.grid.ncol
    if hasattr(inner, "desc"):
        return inner.desc.shape
    return inner.shape


def _layout(inner, nrow, ncol) -> tuple[str, ...]:
    if hasattr(inner, "grid"):  # a grid world: . # S G X +
        return inner.grid.rows
    if hasattr(inner, "desc"):  # FrozenLake: S, F (frozen floor), H (hole), G
        return tuple("".join(c.decode() for c in row).replace("F", ".") for row in inner.desc)
    rows = [["C" if inner._cliff[r, c] else "." for c in range(ncol)] for r in range(nrow)]
    rows[nrow - 1][0], rows[nrow - 1][ncol - 1] = "S", "G"  # CliffWalking's fixed corners
    return tuple("".join(row) for row in rows)


@lru_cache(maxsize=24)
def _train(env, slip, step_reward, algorithm, alpha, gamma, epsilon, decay, episodes, seed,
           rows=()) -> Run:
    m = env_model(env, slip, step_reward, rows)
    Q, returns, lengths, visited = learn(m.table, m.start, m.max_steps, algorithm, alpha, gamma,
                                         epsilon, decay, episodes, seed)
    Q, returns = np.array(Q), np.array(returns)
    offsets = np.concatenate([[0], np.cumsum([len(v) for v in visited])])
    states = np.fromiter((s for v in visited for s in v), dtype=np.int16, count=int(offsets[-1]))
    moving = moving_average(returns, WINDOW)
    policy = Q.argmax(axis=1)
    decided = Q.max(axis=1) > Q.min(axis=1)
    success, expected = evaluate(m, policy)
    path = greedy_path(m, policy)
    lengths = np.array(lengths)
    readonly((Q, returns, lengths, moving, states, offsets, policy, decided, path))
    return Run(algorithm, Q, returns, lengths, moving, states, offsets, policy, decided, path,
               success, expected, float(np.mean(returns[-LAST:])))


def moving_average(x: np.ndarray, window: int) -> np.ndarray:
    """Trailing mean over up to ``window`` values (fewer at the start)."""
    c = np.concatenate([[0.0], np.cumsum(x)])
    k = np.arange(1, len(x) + 1)
    lo = np.maximum(k - window, 0)
    return (c[k] - c[lo]) / (k - lo)


def evaluate(m: EnvModel, policy: np.ndarray) -> tuple[float, float]:
    """The greedy policy's chance of reaching a goal, and its expected undiscounted return,
    within the step limit: the start's probability mass pushed through P step by step."""
    n = len(m.table)
    move = np.zeros((n, n))  # transitions that go on
    reward = np.zeros(n)  # expected reward of the policy's action
    success = np.zeros(n)  # probability this step ends in a goal
    for s in range(n):
        for p, s2, r, terminated in m.table[s][policy[s]][1]:
            reward[s] += p * r
            if terminated:
                success[s] += p * m.goals[s2]
            else:
                move[s, s2] += p
    mass = np.zeros(n)
    mass[m.start] = 1.0
    reached = earned = 0.0
    for _ in range(m.max_steps):
        reached += mass @ success
        earned += mass @ reward
        mass = mass @ move
    return min(float(reached), 1.0), float(earned)  # summing can overshoot 1 by an ulp


def greedy_path(m: EnvModel, policy: np.ndarray) -> np.ndarray:
    """Where the greedy policy means to go from the start, until a goal, a hole or the cliff,
    a repeated state (it loops) or the step limit."""
    s, path, seen = m.start, [m.start], {m.start}
    cells = "".join(m.layout)
    for _ in range(m.max_steps):
        s = int(m.intended[s, policy[s]])
        path.append(s)
        if cells[s] in "GHCX" or s in seen:
            break
        seen.add(s)
    return np.array(path)


def _make_source(env: str) -> str:
    spec = ENVS[env]
    if spec.rows:
        raise ValueError("a grid world is built by the snippet itself")
    args = [repr(spec.gym_id)] + [f"{k}={v!r}" for k, v in spec.kwargs]
    if spec.max_steps is not None:
        args.append(f"max_episode_steps={spec.max_steps}")
    return f"gym.make({', '.join(args)})"


def _env_source(p: Params) -> str:
    spec = spec_of(p.env, edited_rows(p))
    if not spec.rows:
        return f'''import gymnasium as gym
import numpy as np

env = {_make_source(p.env)}
max_steps = env.spec.max_episode_steps
start = int(np.argmax(env.unwrapped.initial_state_distrib))
# The agent samples env.unwrapped.P itself, exactly as env.step does (one uniform number per
# reset and per step from a generator seeded like env.reset(seed=seed)): the same episodes,
# ten times faster than calling env.step.
P = env.unwrapped.P'''
    rows = "".join(f"\n    {row!r}," for row in spec.rows)
    return f'''import numpy as np

# The "{"edited" if p.env == EDITED else GRIDS[p.env]}" grid world: . floor, # wall, S start, G goal (+1, ends), X pit (-1, ends),
# + bonus (+0.5 at every visit). Its P in gymnasium's FrozenLake format: P[s][a] lists
# (prob, next_state, reward, terminated); actions 0 left, 1 down, 2 right, 3 up.
rows = ({rows}
)
slip, step_reward = {literal(p.slip)}, {literal(p.step_reward)}
max_steps = {spec.max_steps}
cells = "".join(rows)
nrow, ncol = len(rows), len(rows[0])
start = cells.index("S")
CELL_REWARDS = {{"G": 1.0, "X": -1.0, "+": 0.5}}
MOVES = ((0, -1), (1, 0), (0, 1), (-1, 0))


def move(s, a):
    r, c = s // ncol + MOVES[a][0], s % ncol + MOVES[a][1]
    inside = 0 <= r < nrow and 0 <= c < ncol and rows[r][c] != "#"
    return r * ncol + c if inside else s  # a wall or the edge: stay put


P = {{}}
for s in range(nrow * ncol):
    if cells[s] in "#GX":  # walls and terminal cells absorb
        P[s] = {{a: [(1.0, s, 0.0, True)] for a in range(4)}}
        continue
    P[s] = {{}}
    for a in range(4):  # the intended move, or a slip to either side
        P[s][a] = [(prob, move(s, b), float(step_reward) + CELL_REWARDS.get(cells[move(s, b)], 0.0),
                    cells[move(s, b)] in "GX")
                   for b, prob in (((a - 1) % 4, slip / 2), (a, 1.0 - slip), ((a + 1) % 4, slip / 2))
                   if prob > 0]'''


@lru_cache(maxsize=1)
def _learner_source() -> str:
    return inspect.getsource(learn)  # reads this file: ~20 ms, once


def code(p: Params) -> str:
    names = ("Q-learning", "SARSA") if p.algorithm == "both" else (p.algorithm,)
    learner = _learner_source()
    runs = "\n".join(
        f'Q, returns, lengths, visited = learn(table, start, max_steps, "{name}", alpha, gamma, '
        f'epsilon, decay, episodes, seed)\n'
        f'print(f"{name}: mean return of the last {{min({LAST}, episodes)}} episodes '
        f'{{np.mean(returns[-{LAST}:]):.4f}}")\n'
        f'results["{name}"] = np.mean(returns[-{LAST}:])'
        for name in names)
    return f'''\
import random

{_env_source(p)}
table = [[(np.cumsum([o[0] for o in P[s][a]]).tolist(), P[s][a]) for a in sorted(P[s])]
         for s in sorted(P)]

alpha, gamma, epsilon, decay = {literal(p.alpha)}, {literal(p.gamma)}, {literal(p.epsilon)}, {literal(p.decay)}
episodes, seed = {p.episodes}, {p.seed}


{learner}

results = {{}}
{runs}
mean_return = results["{names[0]}"]
'''
