"""The Q-learning explorer: its fast learner replayed through gymnasium's env.step, the
optimum of value iteration on deterministic grids, the CliffWalking lesson, a hand-checked
update, the replay data, and what the figures carry."""

import random

import numpy as np
import pytest

from explorers import _gridworld as gw
from explorers import q_learning as ex


def reference_learn(env_name, algorithm, alpha, gamma, epsilon, decay, episodes, seed,
                    slip=0.0, step_reward=0.0):
    """The textbook loop through the real ``env.reset`` / ``env.step``, numpy Q-table."""
    env = ex.ENVS[env_name].make(slip=slip, step_reward=step_reward)
    n_actions = env.action_space.n
    Q = np.zeros((env.observation_space.n, n_actions))
    agent = random.Random(seed)

    def act(s, eps):
        if agent.random() < eps:
            return agent.randrange(n_actions)
        best = np.flatnonzero(Q[s] == Q[s].max()).tolist()
        return best[0] if len(best) == 1 else agent.choice(best)

    returns, paths = [], []
    for k in range(episodes):
        eps = epsilon * decay ** k
        s, _ = env.reset(seed=seed if k == 0 else None)
        path, total = [s], 0.0
        a = act(s, eps)
        while True:
            s2, r, terminated, truncated, _ = env.step(a)
            total += r
            path.append(s2)
            if terminated:
                target = r
            elif algorithm == "Q-learning":
                target = r + gamma * Q[s2].max()
            else:
                a2 = act(s2, eps)
                target = r + gamma * Q[s2, a2]
            Q[s, a] += alpha * (target - Q[s, a])
            if terminated or truncated:
                break
            s = s2
            a = a2 if algorithm == "SARSA" else act(s, eps)
        returns.append(total)
        paths.append(path)
    return Q, np.array(returns), paths


# The fast learner is the same process as stepping the gymnasium env.

@pytest.mark.parametrize("env, algorithm, epsilon, decay", [
    ("CliffWalking", "Q-learning", 0.1, 1.0), ("CliffWalking", "SARSA", 0.3, 0.99),
    ("FrozenLake 4x4", "SARSA", 0.2, 1.0), ("FrozenLake 4x4 slippery", "Q-learning", 0.1, 1.0),
    ("FrozenLake 4x4 slippery", "SARSA", 0.5, 0.995), ("FrozenLake 8x8 slippery", "Q-learning", 1.0, 1.0),
    ("FrozenLake 8x8", "Q-learning", 0.0, 1.0),
    # The grid worlds' env draws its numbers as the toy-text worlds do: the same episodes
    # with slip too.
    ("Grid: maze", "Q-learning", 0.2, 1.0), ("Grid: bonus trap", "SARSA", 0.1, 0.99),
    ("Grid: classic 4x3", "Q-learning", 0.2, 1.0), ("Grid: cliff", "SARSA", 0.3, 0.99),
])
def test_the_fast_learner_gives_the_episodes_env_step_gives(env, algorithm, epsilon, decay):
    episodes, seed = 60, 7
    slip = 0.3 if env in ("Grid: classic 4x3", "Grid: cliff") else 0.0
    dynamics = (slip, -0.04) if env in ex.GRIDS else (0.0, 0.0)
    r = ex._train(env, *dynamics, algorithm, 0.5, 0.9, epsilon, decay, episodes, seed)
    Q, returns, paths = reference_learn(env, algorithm, 0.5, 0.9, epsilon, decay, episodes, seed,
                                        *dynamics)
    np.testing.assert_array_equal(r.returns, returns)
    for k, path in enumerate(paths, start=1):
        np.testing.assert_array_equal(r.visited(k), path)
    np.testing.assert_array_equal(r.Q, Q)  # the same arithmetic in the same order: exact


@pytest.mark.parametrize("env", list(ex.ENVS))
def test_the_table_is_gymnasiums_P(env):
    dynamics = (0.3, -0.1) if env in ex.GRIDS else (0.0, 0.0)
    P = ex.ENVS[env].make(slip=dynamics[0], step_reward=dynamics[1]).unwrapped.P
    table = ex.env_model(env, *dynamics).table
    assert len(table) == len(P)
    for s in P:
        for a in P[s]:
            cumulative, outcomes = table[s][a]
            assert [tuple(o) for o in P[s][a]] == list(outcomes)
            assert cumulative[-1] == pytest.approx(1.0)


# What is learned.

def optimum_and_greedy(env, run, gamma, step_reward=0.0):
    P = ex.ENVS[env].make(step_reward=step_reward).unwrapped.P
    n = len(P)
    V, _, _, _ = gw.value_iteration(P, n, 4, gamma)
    greedy = gw.policy_values(P, n, 4, run.policy, gamma)
    return V, greedy


@pytest.mark.parametrize("env, episodes", [("FrozenLake 4x4", 500), ("CliffWalking", 500),
                                           ("Grid: classic 4x3", 500), ("Grid: maze", 1000),
                                           ("Grid: two goals", 500)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_q_learning_on_a_deterministic_grid_reaches_the_optimum_of_value_iteration(env, episodes, seed):
    gamma = 0.95
    p = ex.Params(env=env, algorithm="Q-learning", gamma=gamma, episodes=episodes, seed=seed)
    r = ex.run(p)
    step_reward = p.step_reward if env in ex.GRIDS else 0.0
    V, greedy = optimum_and_greedy(env, r.runs[0], gamma, step_reward)
    start = r.start
    assert V[start] != 0  # a real optimum to match, not two zeros
    assert greedy[start] == pytest.approx(V[start], rel=1e-9)
    assert r.runs[0].greedy_success == 1.0


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_cliffwalking_q_learning_hugs_the_cliff_and_earns_less_than_sarsa(seed):
    r = ex.run(ex.Params(env="CliffWalking", algorithm="both", seed=seed))
    q, sarsa = r.runs
    assert (q.algorithm, sarsa.algorithm) == ("Q-learning", "SARSA")

    def distance_from_cliff(run):  # mean rows above the cliff row, start and goal left out
        rows = run.greedy_path[1:-1] // r.ncol
        return float(np.mean(r.nrow - 1 - rows))

    assert q.greedy_return == -13.0  # the shortest path, along the edge
    assert q.greedy_success == sarsa.greedy_success == 1.0
    assert distance_from_cliff(sarsa) > distance_from_cliff(q) == 1.0
    assert q.mean_return < sarsa.mean_return  # yet it earns less while exploring
    assert q.returns.min() <= -100  # it fell off


def test_a_single_q_update_is_the_hand_computed_one():
    # 0 --(+1)--> 1 --(+2, terminal)--> 2, two actions that do the same; epsilon 0.
    step = ((1.0,), ((1.0, 1, 1.0, False),))
    end = ((1.0,), ((1.0, 2, 2.0, True),))
    stay = ((1.0,), ((1.0, 2, 0.0, True),))
    table = ((step, step), (end, end), (stay, stay))
    alpha, gamma = 0.5, 0.9
    Q, returns, lengths, visited = ex.learn(table, 0, 10, "Q-learning", alpha, gamma, 0.0, 1.0, 2, 3)
    # Episode 1: Q(0,a) = 0.5 * (1 + 0.9 * 0) = 0.5, then Q(1,b) = 0.5 * 2 = 1.0.
    # Episode 2, the same actions, now greedy: Q(0,a) = 0.5 + 0.5 * (1 + 0.9 * 1.0 - 0.5) = 1.2
    # and Q(1,b) = 1.0 + 0.5 * (2 - 1.0) = 1.5; the untried actions stay at 0.
    assert max(Q[0]) == pytest.approx(1.2)
    assert max(Q[1]) == pytest.approx(1.5)
    assert sorted(Q[0]) == pytest.approx([0.0, 1.2]) and sorted(Q[1]) == pytest.approx([0.0, 1.5])
    assert returns == [3.0, 3.0] and lengths == [2, 2] and visited == [[0, 1, 2], [0, 1, 2]]


def test_sarsa_bootstraps_from_the_action_it_takes_not_the_best():
    # From 1, action 0 ends with +1 and action 1 with -1; epsilon 1 makes every action random,
    # so SARSA's Q(0, .) takes in the bad action's value and Q-learning's does not.
    go = ((1.0,), ((1.0, 1, 0.0, False),))
    good = ((1.0,), ((1.0, 2, 1.0, True),))
    bad = ((1.0,), ((1.0, 2, -1.0, True),))
    table = ((go, go), (good, bad), (good, good))
    q, *_ = ex.learn(table, 0, 10, "Q-learning", 0.1, 1.0, 1.0, 1.0, 3000, 0)
    s, *_ = ex.learn(table, 0, 10, "SARSA", 0.1, 1.0, 1.0, 1.0, 3000, 0)
    assert q[1] == pytest.approx([1.0, -1.0], abs=1e-6)
    assert min(q[0]) > 0.9  # max over next actions: +1
    assert abs(max(s[0])) < 0.3  # the mean of +1 and -1, noisily


# The numbers shown.

def test_greedy_success_is_the_rate_env_step_gives():
    r = ex.run(ex.Params(env="FrozenLake 4x4 slippery", algorithm="Q-learning", episodes=1000))
    run = r.runs[0]
    env = ex.ENVS[r.env].make()
    wins, n = 0, 2000
    for k in range(n):
        s, _ = env.reset(seed=k)
        while True:
            s, reward, terminated, truncated, _ = env.step(int(run.policy[s]))
            if terminated or truncated:
                wins += reward > 0
                break
    sd = np.sqrt(run.greedy_success * (1 - run.greedy_success) / n)
    assert 0.2 < run.greedy_success < 0.95  # a rate worth checking
    assert abs(wins / n - run.greedy_success) < 4 * sd


def test_moving_average_is_the_trailing_mean():
    x = np.random.default_rng(0).normal(size=137)
    expected = [x[max(0, k - 9): k + 1].mean() for k in range(len(x))]
    np.testing.assert_allclose(ex.moving_average(x, 10), expected, rtol=1e-12)


@pytest.mark.parametrize("env", list(ex.ENVS))
def test_every_replay_is_a_walk_on_the_grid(env):
    r = ex.run(ex.Params(env=env, algorithm="SARSA", episodes=100, epsilon=0.3))
    m, run = ex.env_model(env), r.runs[0]
    assert len(run.offsets) == r.episodes + 1
    for k in range(1, r.episodes + 1):
        path = run.visited(k)
        assert path[0] == r.start and len(path) == run.lengths[k - 1] + 1
        for s, s2 in zip(path[:-1], path[1:]):
            assert any(o[1] == s2 for a in range(4) for o in m.table[s][a][1])
        last = m.table[path[-2]]
        ended = any(o[1] == path[-1] and o[3] for a in range(4) for o in last[a][1])
        assert ended or len(path) - 1 == r.max_steps
    assert np.all(np.isfinite(run.Q)) and np.all(np.isfinite(run.moving))
    assert run.mean_return == pytest.approx(run.returns[-ex.LAST:].mean())


def test_the_replayed_episode_is_clamped_and_the_headline_is_the_first_run():
    r = ex.run(ex.Params(episodes=200, episode=1500))
    assert r.clamped and r.episode == 200
    assert r.shown_return == r.runs[0].returns[-1]
    assert r.mean_return == r.runs[0].mean_return and r.runs[0].algorithm == "Q-learning"
    assert not ex.run(ex.Params(episodes=200, episode=3)).clamped


def test_same_seed_same_run_and_another_seed_another():
    p = ex.Params(env="FrozenLake 4x4 slippery", episodes=100)
    a = ex.run(p)
    ex._train.cache_clear()
    b = ex.run(p)
    np.testing.assert_array_equal(a.runs[1].Q, b.runs[1].Q)
    c = ex.run(ex.Params(env="FrozenLake 4x4 slippery", episodes=100, seed=1))
    assert not np.array_equal(a.runs[1].returns, c.runs[1].returns)


def test_greedy_path_follows_the_policy_until_an_end():
    r = ex.run(ex.Params(env="CliffWalking", algorithm="SARSA"))
    m, run = ex.env_model(r.env), r.runs[0]
    path = run.greedy_path
    for s, s2 in zip(path[:-1], path[1:]):
        assert m.intended[s, run.policy[s]] == s2
    assert "".join(r.layout)[path[-1]] == "G"


def test_results_are_read_only():
    run = ex.run(ex.Params()).runs[0]
    with pytest.raises(ValueError):
        run.Q[0, 0] = 1.0


# What the figures carry.

def _trace(fig, name=None, kind=None):
    return next(t for t in fig.data if (name is None or t.name == name) and (kind is None or t.type == kind))


@pytest.mark.parametrize("env", ["CliffWalking", "FrozenLake 8x8 slippery", "Grid: maze"])
def test_the_grid_figure_carries_the_q_table_the_arrows_the_path_and_the_replay(env):
    from figures import q_learning as figs

    r = ex.run(ex.Params(env=env, episodes=300, episode=120))
    for run in r.runs:
        fig = figs.grid_figure(r, run)
        heat = _trace(fig, kind="heatmap")
        np.testing.assert_array_equal(np.asarray(heat.z), run.Q.max(axis=1).reshape(r.nrow, r.ncol))
        arrows = _trace(fig, "greedy action")
        for x, y, text in zip(arrows.x, arrows.y, arrows.text):
            assert text == r.arrows[run.policy[y * r.ncol + x]]
            assert run.decided[y * r.ncol + x]
        path = _trace(fig, "greedy path")
        np.testing.assert_array_equal(np.asarray(path.y) * r.ncol + np.asarray(path.x), run.greedy_path)
        replay = next(t for t in fig.data if (t.name or "").startswith("episode 120"))
        cells = np.round(np.asarray(replay.y) - 0.18) * r.ncol + np.round(np.asarray(replay.x) - 0.18)
        np.testing.assert_array_equal(cells, run.visited(120))
        assert f"{run.returns[119]:g}" in replay.name
        # The special cells are drawn: one rectangle per hole, cliff or goal cell.
        special = sum(c in "HCG#X" for c in "".join(r.layout))
        assert len(fig.layout.shapes) == special


def test_the_returns_figure_carries_every_return_and_its_moving_average():
    from figures import q_learning as figs

    r = ex.run(ex.Params(episodes=200, episode=50))
    fig = figs.returns_figure(r)
    for run in r.runs:
        np.testing.assert_array_equal(_trace(fig, f"{run.algorithm}, each episode").y, run.returns)
        np.testing.assert_array_equal(_trace(fig, f"{run.algorithm}, moving average").y, run.moving)
    assert fig.layout.shapes[0].x0 == 50
    lo, hi = fig.layout.yaxis.range
    assert all(lo <= run.moving[20:].min() and run.moving.max() <= hi for run in r.runs)
    lengths = figs.lengths_figure(r)
    np.testing.assert_array_equal(_trace(lengths, "SARSA").y, r.runs[1].lengths)


def test_with_slip_the_sampler_draws_next_states_as_the_grid_worlds_env_step_does():
    from collections import Counter

    slip, n = 0.3, 4000
    m = ex.env_model("Grid: classic 4x3", slip, -0.04)
    env = ex.ENVS["Grid: classic 4x3"].make(slip=slip, step_reward=-0.04)
    env.reset(seed=5)
    cumulative, outcomes = m.table[m.start][2]  # right, from the start
    assert len(outcomes) == 3
    u = np.random.default_rng(6).random(n)
    ours = Counter(outcomes[int(np.argmax(np.array(cumulative) > x))][1] for x in u)
    theirs = Counter()
    for _ in range(n):
        env.reset()
        theirs[env.step(2)[0]] += 1
    for prob, s2, _, _ in outcomes:
        sd = np.sqrt(prob * (1 - prob) / n)
        assert abs(ours[s2] / n - prob) < 4 * sd and abs(theirs[s2] / n - prob) < 4 * sd


@pytest.mark.parametrize("env", list(ex.GRIDS))
def test_the_snippets_grid_world_is_the_shared_modules(env):
    p = ex.Params(env=env, slip=0.35, step_reward=-0.07)
    source = ex._env_source(p)
    namespace = {}
    exec(source, namespace)
    assert namespace["P"] == gw.transitions(gw.parse(ex.ENVS[env].rows), 0.35, -0.07)


# The grid a learner edited on the MDP page.

EDITED_ROWS = ("S..#", ".#.G", "...X")


@pytest.mark.parametrize("seed", [0, 1])
def test_an_edited_grid_is_learned_to_its_value_iteration_optimum(seed):
    gamma = 0.9
    p = ex.Params(env=ex.EDITED, algorithm="Q-learning", gamma=gamma, slip=0.0, episodes=500,
                  seed=seed, grid=EDITED_ROWS)
    r = ex.run(p)
    assert r.layout == EDITED_ROWS and (r.nrow, r.ncol) == (3, 4)
    P = gw.make_env(gw.parse(EDITED_ROWS), 0.0, p.step_reward).unwrapped.P
    V, _, _, _ = gw.value_iteration(P, len(P), 4, gamma)
    greedy = gw.policy_values(P, len(P), 4, r.runs[0].policy, gamma)
    assert V[r.start] != 0 and greedy[r.start] == pytest.approx(V[r.start], rel=1e-9)
    # Without an edit it is the preset the MDP page opens on.
    assert ex.run(ex.Params(env=ex.EDITED)).layout == gw.LAYOUTS[ex.GRIDS[ex.EDITED]]


def test_the_snippet_builds_the_edited_grid_and_reproduces_the_headline():
    p = ex.Params(env=ex.EDITED, slip=0.2, episodes=200, grid=EDITED_ROWS)
    namespace = {}
    exec(compile(ex.code(p), "<snippet>", "exec"), namespace)
    assert tuple(namespace["rows"]) == EDITED_ROWS
    assert namespace["mean_return"] == ex.run(p).mean_return


def test_the_grid_only_matters_to_the_edited_environment():
    edited = ex.run(ex.Params(env="CliffWalking", grid=EDITED_ROWS, episodes=50))
    plain = ex.run(ex.Params(env="CliffWalking", episodes=50))
    assert edited.runs[0].Q is plain.runs[0].Q  # the same cached run: the grid is not in its key


def test_a_bad_edited_grid_is_a_plain_value_error():
    with pytest.raises(ValueError, match="exactly one start"):
        ex.run(ex.Params(env=ex.EDITED, grid=("S.S", "..G")))


@pytest.mark.parametrize("env", ["FrozenLake 4x4 slippery", "FrozenLake 8x8 slippery"])
def test_on_slippery_ice_a_move_goes_astray_two_times_in_three(env):
    """The grid caption's words: the intended move (the slip-free twin's) a third of the time,
    either side of it the other two thirds."""
    slippery = ex.env_model(env, 0.0, 0.0).table
    exact = ex.ENVS[env].make(slippery=False).unwrapped.P
    for s, cell in enumerate("".join(ex.ENVS[env].make().unwrapped.desc.ravel().astype(str))):
        if cell not in "SF":
            continue  # holes and the goal end the episode
        for a in range(4):
            _, outcomes = slippery[s][a]
            assert [o[0] for o in outcomes] == pytest.approx([1 / 3] * 3)
            assert outcomes[1][1] == exact[s][a][0][1], "the middle outcome is the intended move"
