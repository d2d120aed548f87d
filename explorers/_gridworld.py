"""Grid worlds for the reinforcement-learning pages, in gymnasium's toy-text conventions.

A grid world is a few rows of characters::

    .  floor          S  start (floor where every episode begins)
    #  wall           G  goal: terminal, +1 on arrival
    +  bonus: +0.5 every time you land on it (not terminal, so it can be farmed)
    X  pit: terminal, -1 on arrival

States are row-major ints ``s = row * ncol + col`` (walls keep their number but are never
entered); actions are 0 = left, 1 = down, 2 = right, 3 = up, as in ``FrozenLake-v1``; the
dynamics are ``P[s][a] = [(prob, next_state, reward, terminated), ...]``, exactly the format
of ``gymnasium.make("FrozenLake-v1").unwrapped.P``, so one tabular agent reads both.

The reward of a move is ``step_reward + CELL_REWARDS[cell landed on]`` (bumping a wall lands
you where you were). Terminal cells, and walls, absorb: every action gives
``(1.0, s, 0.0, True)``, so their value is 0.

Nothing here imports streamlit; gymnasium is imported only by :func:`make_env`, so importing
this module stays cheap for pages that only plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from explorers._contract import grid as _grid_knob

LEFT, DOWN, RIGHT, UP = 0, 1, 2, 3
ACTIONS = ("left", "down", "right", "up")
# (drow, dcol) of each action: rows grow downwards, as the grid is written.
MOVES = ((0, -1), (1, 0), (0, 1), (-1, 0))
# (dx, dy) of each action for drawing, y pointing up as on a map (figures/gridworld.py).
ACTION_ARROWS = ((-1, 0), (0, -1), (1, 0), (0, 1))

FLOOR, WALL, START, GOAL, PIT, BONUS = ".", "#", "S", "G", "X", "+"
CHARS = FLOOR + WALL + START + GOAL + PIT + BONUS
TERMINALS = GOAL + PIT
CELL_REWARDS = {GOAL: 1.0, PIT: -1.0, BONUS: 0.5}
MIN_SIDE, MAX_SIDE = 2, 12

LAYOUTS: dict[str, tuple[str, ...]] = {
    # Russell & Norvig's 4x3 world (AIMA fig. 17.1), their slip 0.2 and step reward -0.04.
    "classic 4x3": ("...G",
                    ".#.X",
                    "S..."),
    # Sutton & Barto's cliff (example 6.6), 4 x 8: the short path runs along the pits.
    "cliff": ("........",
              "........",
              "........",
              "SXXXXXXG"),
    # A near, small reward behind a pit and a far, safe one: gamma decides.
    "two goals": ("G....",
                  ".X#..",
                  "S....",
                  ".....",
                  "....G"),
    "maze": ("S.#.....",
             ".##.##.#",
             "....#..G",
             ".##.#.##",
             "..#...X."),
    # A bonus beside the path: not terminal, so a patient agent circles it for ever.
    "bonus trap": ("S....",
                   ".###.",
                   "+...G"),
    # gymnasium's FrozenLake-v1 4x4 map, holes as pits.
    "frozen lake 4x4": ("S...",
                        ".X.X",
                        "...X",
                        "X..G"),
}

# URL-safe letters for each cell (query strings escape '#', '+' and '/'); rows joined by '_'.
_CODE = {FLOOR: "o", WALL: "w", START: "s", GOAL: "g", PIT: "x", BONUS: "b"}
CELLS_HELP = ("One row per line: '.' floor, '#' wall, 'S' start (one), 'G' goal (+1, ends), "
              "'X' pit (-1, ends), '+' bonus (+0.5, does not end). "
              f"{MIN_SIDE} to {MAX_SIDE} cells a side.")


def grid_field(default=None, *, label: str, help: str, follows=None, when=None, examples=()):
    """A ``Params`` field holding a grid world's rows (a tuple of strings such as
    ``LAYOUTS[...]``), typed as text and checked by :func:`parse`; a link carries it one
    letter a cell (``_CODE``), rows joined by ``_``. ``default``, ``follows``: see ``explorers._contract.grid``."""
    return _grid_knob(default, rows=(MIN_SIDE, MAX_SIDE), cols=(MIN_SIDE, MAX_SIDE), cells=CHARS,
                      link_cells="".join(_CODE[c] for c in CHARS), check=parse, label=label,
                      help=f"{help} {CELLS_HELP}", follows=follows, when=when, examples=examples)


@dataclass(frozen=True)
class Grid:
    """A validated layout (build it with :func:`parse`). Hashable, so it can key a cache."""

    rows: tuple[str, ...]
    nrow: int
    ncol: int
    start: int

    @property
    def n_states(self) -> int:
        return self.nrow * self.ncol

    def char(self, s: int) -> str:
        return self.rows[s // self.ncol][s % self.ncol]

    def state(self, row: int, col: int) -> int:
        return row * self.ncol + col

    def cell(self, s: int) -> tuple[int, int]:
        """(row, col) of a state."""
        return divmod(s, self.ncol)

    @property
    def cells(self) -> str:
        """Every cell's character in state order."""
        return "".join(self.rows)

    @property
    def walls(self) -> np.ndarray:
        return np.array([c == WALL for c in self.cells])

    @property
    def terminal(self) -> np.ndarray:
        return np.array([c in TERMINALS for c in self.cells])

    @property
    def text(self) -> str:
        return "\n".join(self.rows)


def parse(text_or_rows) -> Grid:
    """A :class:`Grid` from text (one row per line) or a sequence of row strings.

    Raises ``ValueError`` with a message meant for the person who typed the grid.
    """
    if isinstance(text_or_rows, str):
        rows = [line.strip() for line in text_or_rows.splitlines()]
    else:
        rows = [str(r).strip() for r in text_or_rows]
    rows = [r for r in rows if r]
    if not rows:
        raise ValueError("The grid is empty: write one row of cells per line.")
    widths = sorted({len(r) for r in rows})
    if len(widths) > 1:
        raise ValueError(f"Every row must have the same length; these rows have "
                         f"{', '.join(map(str, widths))} cells.")
    nrow, ncol = len(rows), widths[0]
    for name, n in (("rows", nrow), ("columns", ncol)):
        if not MIN_SIDE <= n <= MAX_SIDE:
            raise ValueError(f"The grid has {n} {name}; it needs {MIN_SIDE} to {MAX_SIDE}.")
    unknown = sorted({c for r in rows for c in r} - set(CHARS))
    if unknown:
        raise ValueError(f"Unknown cell {', '.join(repr(c) for c in unknown)}: use "
                         f"'.' floor, '#' wall, 'S' start, 'G' goal, 'X' pit, '+' bonus.")
    cells = "".join(rows)
    if cells.count(START) != 1:
        raise ValueError(f"The grid needs exactly one start 'S'; it has {cells.count(START)}.")
    if not any(c in TERMINALS for c in cells):
        raise ValueError("The grid needs at least one terminal cell: a goal 'G' or a pit 'X'.")
    return Grid(tuple(rows), nrow, ncol, cells.index(START))


def _move(grid: Grid, s: int, a: int) -> int:
    """Where action a leads from s: off the edge or into a wall, you stay put."""
    row, col = grid.cell(s)
    dr, dc = MOVES[a]
    r, c = row + dr, col + dc
    if 0 <= r < grid.nrow and 0 <= c < grid.ncol and grid.rows[r][c] != WALL:
        return grid.state(r, c)
    return s


def transitions(grid: Grid, slip: float, step_reward: float, rewards=None) -> dict:
    """``P[s][a] = [(prob, next_state, reward, terminated), ...]`` for the grid.

    With probability ``1 - slip`` the intended move happens; ``slip`` is split equally over
    the two perpendicular moves (FrozenLake's slippery ice is slip = 2/3, in the same order:
    a - 1, a, a + 1). Outcomes of probability 0 are left out, so slip 0 gives one outcome.
    ``rewards`` overrides :data:`CELL_REWARDS` (e.g. ``{"G": 1, "X": 0}`` for FrozenLake's).
    """
    if not 0.0 <= slip <= 1.0:
        raise ValueError(f"The slip probability must be between 0 and 1, not {slip}.")
    bonus = CELL_REWARDS if rewards is None else rewards
    cells = grid.cells
    P: dict = {}
    for s in range(grid.n_states):
        if cells[s] == WALL or cells[s] in TERMINALS:
            P[s] = {a: [(1.0, s, 0.0, True)] for a in range(4)}
            continue
        P[s] = {}
        for a in range(4):
            outcomes = []
            for b, prob in (((a - 1) % 4, slip / 2), (a, 1.0 - slip), ((a + 1) % 4, slip / 2)):
                if prob > 0:
                    s2 = _move(grid, s, b)
                    r = float(step_reward) + float(bonus.get(cells[s2], 0.0))
                    outcomes.append((prob, s2, r, cells[s2] in TERMINALS))
            P[s][a] = outcomes
    return P


def dense(P: dict, n_states: int, n_actions: int) -> tuple[np.ndarray, np.ndarray]:
    """``(T, R)`` arrays for vectorised sweeps: ``Q = R + gamma * T @ V``.

    ``T[s, a, s']`` is the probability of reaching s' *and going on* (outcomes flagged
    terminated contribute nothing after their reward); ``R[s, a]`` the expected reward.
    """
    T = np.zeros((n_states, n_actions, n_states))
    R = np.zeros((n_states, n_actions))
    for s in range(n_states):
        for a in range(n_actions):
            for prob, s2, r, done in P[s][a]:
                R[s, a] += prob * r
                if not done:
                    T[s, a, s2] += prob
    return T, R


def value_iteration(P, n_states, n_actions, gamma, tol=1e-10, max_sweeps=10_000):
    """Sweep ``V(s) <- max_a sum p (r + gamma V(s'))`` until no value moves by ``tol``.

    Returns ``(V, Q, policy, sweeps)``: the optimal values, action values, a greedy policy
    (the first best action on ties) and how many sweeps it took (``max_sweeps`` if it
    never settled, e.g. gamma = 1 with a reward loop).
    """
    T, R = dense(P, n_states, n_actions)
    V = np.zeros(n_states)
    sweeps = 0
    while sweeps < max_sweeps:
        Q = R + gamma * T @ V
        V_new = Q.max(axis=1)
        sweeps += 1
        delta = np.max(np.abs(V_new - V))
        V = V_new
        if delta < tol:
            break
    Q = R + gamma * T @ V
    return V, Q, Q.argmax(axis=1), sweeps


def policy_values(P, n_states, n_actions, policy, gamma) -> np.ndarray:
    """The exact value of a deterministic policy: solve ``(I - gamma T_pi) V = R_pi``.

    Raises ``ValueError`` if the system is singular (gamma = 1 and the policy never ends).
    """
    T, R = dense(P, n_states, n_actions)
    idx = np.arange(n_states)
    A = np.eye(n_states) - gamma * T[idx, policy]
    try:
        return np.linalg.solve(A, R[idx, policy])
    except np.linalg.LinAlgError:
        raise ValueError("This policy never reaches a terminal cell, so with gamma = 1 "
                         "its value is infinite.") from None


@lru_cache(maxsize=1)
def _env_class():
    import gymnasium as gym
    from gymnasium import spaces
    from gymnasium.envs.toy_text.utils import categorical_sample

    class GridWorldEnv(gym.Env):
        """A grid world as a gymnasium env; ``P`` holds the dynamics, as in FrozenLake."""

        metadata = {"render_modes": ["ansi"]}

        def __init__(self, grid: Grid, slip: float = 0.0, step_reward: float = 0.0,
                     rewards=None, render_mode=None):
            self.grid = grid
            self.P = transitions(grid, slip, step_reward, rewards)
            self.observation_space = spaces.Discrete(grid.n_states)
            self.action_space = spaces.Discrete(4)
            self.render_mode = render_mode
            self.s = grid.start

        # Random numbers are drawn as gymnasium's toy-text worlds draw them (one uniform at
        # reset, one per step, through categorical_sample), so an agent sampling P itself
        # the FrozenLake way gets the very episodes env.step gives, slip or not.
        def reset(self, *, seed=None, options=None):
            super().reset(seed=seed)
            categorical_sample([1.0], self.np_random)  # the start is fixed; the draw is not skipped
            self.s = self.grid.start
            return int(self.s), {"prob": 1.0}

        def step(self, action):
            outcomes = self.P[self.s][int(action)]
            i = categorical_sample([o[0] for o in outcomes], self.np_random)
            prob, s2, r, done = outcomes[i]
            self.s = s2
            return int(s2), float(r), bool(done), False, {"prob": prob}

        def render(self):
            rows = [list(r) for r in self.grid.rows]
            row, col = self.grid.cell(self.s)
            rows[row][col] = "@"
            return "\n".join("".join(r) for r in rows)

    return GridWorldEnv


def make_env(grid: Grid, slip: float = 0.0, step_reward: float = 0.0, max_steps: int = 100,
             rewards=None):
    """A gymnasium env of the grid, cut off (truncated) after ``max_steps`` steps.

    ``env.unwrapped.P`` holds the transitions, so tabular agents read it like FrozenLake's.
    """
    from gymnasium.wrappers import TimeLimit

    return TimeLimit(_env_class()(grid, slip, step_reward, rewards), max_episode_steps=max_steps)
