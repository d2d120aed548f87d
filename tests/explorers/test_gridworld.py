"""The shared grid world: checked against gymnasium's FrozenLake, an independent value
iteration, exact linear solves of the Bellman equations, and its own invariants."""

import subprocess
import sys

import gymnasium as gym
import numpy as np
import pytest

from explorers import _gridworld as gw

FROZEN_4x4 = ("SFFF", "FHFH", "FFFH", "HFFG")


def as_grid(desc):
    """A FrozenLake map in our characters: F -> '.', H -> 'X'."""
    return gw.parse([r.replace("F", ".").replace("H", "X") for r in desc])


def naive_value_iteration(P, n_states, n_actions, gamma, sweeps=2000):
    """The textbook loops, in plain Python, straight from the Bellman optimality equation."""
    V = [0.0] * n_states
    for _ in range(sweeps):
        V = [max(sum(p * (r + (0.0 if done else gamma * V[s2])) for p, s2, r, done in P[s][a])
                 for a in range(n_actions)) for s in range(n_states)]
    return np.array(V)


# Against gymnasium.

@pytest.mark.parametrize("slippery", [False, True])
def test_transitions_reproduce_frozen_lake_exactly(slippery):
    env = gym.make("FrozenLake-v1", is_slippery=slippery)
    ours = gw.transitions(as_grid(FROZEN_4x4), slip=2 / 3 if slippery else 0.0,
                          step_reward=0.0, rewards={"G": 1.0, "X": 0.0})
    theirs = env.unwrapped.P
    assert set(ours) == set(theirs)
    for s in theirs:
        for a in range(4):
            mine, ref = ours[s][a], theirs[s][a]
            assert [(s2, float(r), bool(d)) for _, s2, r, d in mine] == \
                   [(s2, float(r), bool(d)) for _, s2, r, d in ref], (s, a)
            np.testing.assert_allclose([t[0] for t in mine], [t[0] for t in ref], rtol=1e-12)


@pytest.mark.parametrize("map_name", ["4x4", "8x8"])
@pytest.mark.parametrize("slippery", [False, True])
@pytest.mark.parametrize("gamma", [0.9, 0.99])
def test_value_iteration_on_frozen_lake_matches_a_naive_implementation(map_name, slippery, gamma):
    env = gym.make("FrozenLake-v1", map_name=map_name, is_slippery=slippery)
    P, nS, nA = env.unwrapped.P, env.observation_space.n, env.action_space.n
    V, Q, policy, sweeps = gw.value_iteration(P, nS, nA, gamma)
    ref = naive_value_iteration(P, nS, nA, gamma)
    np.testing.assert_allclose(V, ref, atol=1e-8)
    assert V.max() > 0  # the goal is reachable: the comparison is not of two zero vectors
    np.testing.assert_allclose(Q.max(axis=1), V, atol=1e-9)
    assert sweeps < 10_000


# Value iteration is the optimum.

@pytest.mark.parametrize("name", list(gw.LAYOUTS))
@pytest.mark.parametrize("slip, step, gamma", [(0.0, -0.04, 0.9), (0.2, -0.04, 0.99),
                                               (0.5, 0.0, 0.8), (0.2, 0.1, 0.95)])
def test_value_iteration_is_the_fixed_point_of_its_own_greedy_policy(name, slip, step, gamma):
    grid = gw.parse(gw.LAYOUTS[name])
    P = gw.transitions(grid, slip, step)
    n = grid.n_states
    V, Q, policy, _ = gw.value_iteration(P, n, 4, gamma)
    # The greedy policy's exact value, from a linear solve, is V: no other action helps.
    np.testing.assert_allclose(gw.policy_values(P, n, 4, policy, gamma), V, atol=1e-8)
    # And no deterministic one-step deviation beats it (the optimality equations hold).
    T, R = gw.dense(P, n, 4)
    assert np.all(R + gamma * T @ V <= V[:, None] + 1e-8)
    assert np.all(V[grid.terminal | grid.walls] == 0)


def test_policy_iteration_and_value_iteration_agree_on_the_classic_world():
    grid = gw.parse(gw.LAYOUTS["classic 4x3"])
    P = gw.transitions(grid, 0.2, -0.04)
    V, _, _, _ = gw.value_iteration(P, grid.n_states, 4, 0.99)
    T, R = gw.dense(P, grid.n_states, 4)
    policy = np.zeros(grid.n_states, dtype=int)
    for _ in range(100):
        Vp = gw.policy_values(P, grid.n_states, 4, policy, 0.99)
        new = (R + 0.99 * T @ Vp).argmax(axis=1)
        if np.array_equal(new, policy):
            break
        policy = new
    np.testing.assert_allclose(Vp, V, atol=1e-8)
    # Russell & Norvig's figure 17.3 (gamma = 1): from the start go up, not right.
    V1, _, pol1, _ = gw.value_iteration(P, grid.n_states, 4, 1.0)
    assert pol1[grid.start] == gw.UP
    assert V1[grid.start] == pytest.approx(0.705, abs=1e-3)


# Invariants of the dynamics.

@pytest.mark.parametrize("name", list(gw.LAYOUTS))
@pytest.mark.parametrize("slip", [0.0, 0.1, 2 / 3, 1.0])
def test_probabilities_sum_to_one_and_walls_are_never_entered(name, slip):
    grid = gw.parse(gw.LAYOUTS[name])
    P = gw.transitions(grid, slip, -0.1)
    walls = np.flatnonzero(grid.walls)
    for s in range(grid.n_states):
        for a in range(4):
            assert sum(p for p, *_ in P[s][a]) == pytest.approx(1.0, abs=1e-12)
            if not (grid.walls[s] or grid.terminal[s]):
                assert not set(s2 for _, s2, _, _ in P[s][a]) & set(walls)


def test_walls_and_edges_block_and_slip_zero_is_deterministic():
    grid = gw.parse(["S#G", "..."])
    P = gw.transitions(grid, 0.0, -1.0)
    assert P[0][gw.RIGHT] == [(1.0, 0, -1.0, False)]  # into the wall: stay
    assert P[0][gw.UP] == [(1.0, 0, -1.0, False)]  # off the edge: stay
    assert P[0][gw.DOWN] == [(1.0, 3, -1.0, False)]
    assert P[5][gw.UP] == [(1.0, 2, 0.0, True)]  # into the goal: -1 step + 1
    assert P[2][gw.LEFT] == [(1.0, 2, 0.0, True)]  # the goal absorbs
    for s in range(grid.n_states):
        for a in range(4):
            assert len(P[s][a]) == 1


def test_slip_goes_perpendicular_in_equal_shares():
    grid = gw.parse(["...", ".S.", "..G"])
    out = gw.transitions(grid, 0.3, 0.0)[4][gw.UP]
    moves = {s2: p for p, s2, _, _ in out}
    assert moves == pytest.approx({3: 0.15, 1: 0.7, 5: 0.15})


def test_bonus_is_paid_on_landing_and_is_not_terminal():
    grid = gw.parse(gw.LAYOUTS["bonus trap"])
    P = gw.transitions(grid, 0.0, -0.1)
    bonus = grid.cells.index("+")
    above = bonus - grid.ncol
    ((p, s2, r, done),) = P[above][gw.DOWN]
    assert (s2, done) == (bonus, False) and r == pytest.approx(0.4)


# Parsing and links.

@pytest.mark.parametrize("name", list(gw.LAYOUTS))
def test_a_grid_reads_back_from_its_own_text(name):
    grid = gw.parse(gw.LAYOUTS[name])
    assert gw.parse(grid.text) == grid


@pytest.mark.parametrize("rows, words", [
    ("", "empty"),
    ("S..\n..G.", "same length"),
    ("SG", "rows"),  # one row
    ("S" + "." * 12 + "\n" + "G" * 13, "columns"),
    ("S.?\n..G", "Unknown cell '?'"),
    ("S..\n..S\n..G", "exactly one start"),
    ("...\n..G\n...", "exactly one start"),
    ("S..\n...\n..#", "terminal"),
])
def test_parse_rejects_bad_grids_with_a_plain_message(rows, words):
    with pytest.raises(ValueError, match=words):
        gw.parse(rows)


def test_parse_ignores_blank_lines_and_surrounding_spaces():
    assert gw.parse("\n  S.\n\n .G  \n") == gw.parse(["S.", ".G"])


# The gymnasium env.

def test_env_starts_at_s_steps_by_p_and_truncates():
    grid = gw.parse(gw.LAYOUTS["classic 4x3"])
    env = gw.make_env(grid, slip=0.0, step_reward=-0.04, max_steps=5)
    assert env.observation_space.n == grid.n_states and env.action_space.n == 4
    assert env.unwrapped.P == gw.transitions(grid, 0.0, -0.04)
    s, _ = env.reset(seed=0)
    assert s == grid.start
    s, r, term, trunc, _ = env.step(gw.UP)
    assert (s, term, trunc) == (grid.start - grid.ncol, False, False)
    assert r == pytest.approx(-0.04)
    for _ in range(4):
        s, r, term, trunc, _ = env.step(gw.LEFT)
    assert trunc and not term


def test_env_samples_slips_with_its_seeded_generator():
    grid = gw.parse(["...", ".S.", "..G"])

    def walk(seed):
        env = gw.make_env(grid, slip=0.6, max_steps=1000)
        env.reset(seed=seed)
        out = []
        for _ in range(300):
            s, _, term, _, _ = env.step(gw.UP)
            out.append(s)
            if term:
                env.reset()
        return out

    assert walk(1) == walk(1)
    # Starting from S and pushing up, the three outcomes appear at about their rates.
    env = gw.make_env(grid, slip=0.6, max_steps=1000)
    env.reset(seed=3)
    firsts = []
    for _ in range(2000):
        env.unwrapped.s = grid.start
        firsts.append(env.step(gw.UP)[0])
    counts = np.bincount(firsts, minlength=9)
    assert counts[1] / 2000 == pytest.approx(0.4, abs=0.05)
    assert counts[3] / 2000 == pytest.approx(0.3, abs=0.05)


def test_importing_the_module_does_not_import_gymnasium():
    code = "import sys, explorers._gridworld; print('gymnasium' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=str(__import__("pathlib").Path(__file__).parents[2]))
    assert out.stdout.strip() == "False"
