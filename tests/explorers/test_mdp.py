"""The MDP explorer: its sweeps checked against exact linear solves of the Bellman equations,
value iteration in _gridworld, a plain-Python finite-horizon recursion, a closed form, the
contraction property, and the data its figures carry."""

import contextlib
import dataclasses
import io
import json

import numpy as np
import pytest

from explorers import _gridworld as gw
from explorers import mdp as ex
from explorers._contract import knobs
from figures import gridworld as gfig
from figures import mdp as figs

SETTINGS = [dict(), dict(gamma=0.99, slip=0.0), dict(gamma=0.5, slip=0.5, step_reward=-0.3),
            dict(gamma=0.95, slip=0.1, step_reward=0.0)]


def setup(p, grid=None):
    grid = gw.parse(gw.LAYOUTS[p.layout]) if grid is None else grid
    P = gw.transitions(grid, p.slip, p.step_reward)
    return grid, P


def linear_solve(P, grid, policy, gamma):
    """V = (I - gamma P_pi)^-1 r_pi for a stochastic policy (n, 4), built from P directly."""
    n = grid.n_states
    P_pi, r_pi = np.zeros((n, n)), np.zeros(n)
    for s in range(n):
        for a in range(4):
            for prob, s2, r, done in P[s][a]:
                r_pi[s] += policy[s, a] * prob * r
                if not done:
                    P_pi[s, s2] += policy[s, a] * prob
    return np.linalg.solve(np.eye(n) - gamma * P_pi, r_pi)


def finite_horizon(P, n, gamma, k):
    """The best expected return within k moves, by the textbook loops."""
    V = [0.0] * n
    for _ in range(k):
        V = [max(sum(p * (r + (0.0 if d else gamma * V[s2])) for p, s2, r, d in P[s][a])
                 for a in range(4)) for s in range(n)]
    return np.array(V)


# The converged values are the right ones.

@pytest.mark.parametrize("layout", list(gw.LAYOUTS))
@pytest.mark.parametrize("settings", SETTINGS)
def test_value_iteration_reaches_the_optimum_of_the_linear_equations(layout, settings):
    p = ex.Params(layout=layout, **settings)
    r = ex.run(p)
    grid, P = setup(p)
    assert r.converged
    V, _, policy, _ = gw.value_iteration(P, grid.n_states, 4, p.gamma)
    np.testing.assert_allclose(r.final_values, V, atol=1e-8)
    # The greedy policy's exact value is V*, and no single action beats it anywhere.
    exact = linear_solve(P, grid, np.eye(4)[policy], p.gamma)
    np.testing.assert_allclose(r.final_values, exact, atol=1e-7)
    T, R = gw.dense(P, grid.n_states, 4)
    assert np.all(R + p.gamma * T @ exact <= exact[:, None] + 1e-7)


@pytest.mark.parametrize("layout", list(gw.LAYOUTS))
@pytest.mark.parametrize("eval_sweeps", [1, 5, 50])
def test_policy_iteration_ends_at_the_same_optimum_with_a_greedy_policy(layout, eval_sweeps):
    vi = ex.run(ex.Params(layout=layout, gamma=0.95))
    p = ex.Params(layout=layout, gamma=0.95, algorithm="policy iteration",
                  eval_sweeps=eval_sweeps, sweep=ex.MAX_SWEEP)
    r = ex.run(p)
    assert r.converged and len(r.improvements) >= 1
    np.testing.assert_allclose(r.final_values, vi.final_values, atol=1e-7)
    assert r.start_value == pytest.approx(vi.start_value, abs=1e-7)
    # The improvements come at round ends: multiples of eval_sweeps or an early settling.
    assert np.all(np.diff(r.improvements) > 0)


@pytest.mark.parametrize("layout", list(gw.LAYOUTS))
def test_policy_evaluation_converges_to_the_random_policys_exact_value(layout):
    p = ex.Params(layout=layout, algorithm="policy evaluation", gamma=0.9, slip=0.3)
    r = ex.run(p)
    grid, P = setup(p)
    live = ~(grid.walls | grid.terminal)
    exact = linear_solve(P, grid, np.outer(live, np.full(4, 0.25)), p.gamma)
    np.testing.assert_allclose(r.final_values, exact, atol=1e-8)
    assert len(r.improvements) == 0
    # The drawn policy is the random one: a quarter on each move of every live cell.
    np.testing.assert_array_equal(r.policy[live], 0.25)


def test_deterministic_cliff_matches_its_closed_form():
    # Slip 0: up, seven steps right along the top of the pits, down into the goal (9 moves).
    p = ex.Params(layout="cliff", slip=0.0, gamma=0.9, step_reward=-0.04)
    r = ex.run(p)
    expected = sum(0.9 ** t * -0.04 for t in range(9)) + 0.9 ** 8 * 1.0
    assert r.start_value == pytest.approx(expected, rel=1e-9)


def test_the_classic_4x3_world_reproduces_russell_and_norvigs_utilities():
    # AIMA (3rd ed.), figure 17.3: gamma = 1, step reward -0.04, 0.8 intended, 0.1 either side.
    r = ex.run(ex.Params(layout="classic 4x3", gamma=1.0, slip=0.2, step_reward=-0.04))
    book = [[0.812, 0.868, 0.918, None],
            [0.762, None, 0.660, None],
            [0.705, 0.655, 0.611, 0.388]]
    assert r.converged
    for row, cells in enumerate(book):
        for col, utility in enumerate(cells):
            if utility is not None:
                assert round(float(r.final_values[r.grid.state(row, col)]), 3) == utility, (row, col)


def test_gamma_one_with_episodes_that_need_not_end_stops_at_the_cap_and_says_so():
    # A positive step reward and no discount: wandering for ever is worth ever more.
    r = ex.run(ex.Params(layout="classic 4x3", gamma=1.0, slip=0.0, step_reward=0.5))
    assert not r.converged and r.last_sweep == ex.MAX_TOTAL
    assert np.all(np.isfinite(r.final_values))


def test_a_positive_step_reward_makes_never_finishing_the_best_plan():
    p = ex.Params(layout="classic 4x3", step_reward=0.5, gamma=0.9, slip=0.0)
    r = ex.run(p)
    assert r.start_value == pytest.approx(0.5 / (1 - 0.9), rel=1e-8)
    assert 0.5 / (1 - 0.9) > 1 + 0.5  # more than any path that ends at the goal


# The sweeps themselves.

@pytest.mark.parametrize("k", [0, 1, 2, 5, 12])
@pytest.mark.parametrize("layout", ["classic 4x3", "two goals", "bonus trap"])
def test_value_iteration_after_k_sweeps_is_the_best_k_move_return(k, layout):
    p = ex.Params(layout=layout, sweep=k, slip=0.2, gamma=0.9)
    r = ex.run(p)
    grid, P = setup(p)
    assert r.sweep == k
    np.testing.assert_allclose(r.values, finite_horizon(P, grid.n_states, p.gamma, k), atol=1e-12)


@pytest.mark.parametrize("algorithm", ex.ALGORITHMS)
def test_deltas_are_the_changes_between_recorded_sweeps(algorithm):
    p = ex.Params(algorithm=algorithm, layout="maze", gamma=0.9)
    grid, _ = setup(p)
    history = [ex.run(dataclasses.replace(p, sweep=k)).values for k in range(0, 21)]
    r = ex.run(p)
    changes = [np.max(np.abs(b - a)) for a, b in zip(history, history[1:])]
    np.testing.assert_allclose(r.deltas[:20], changes, rtol=1e-12, atol=1e-15)
    assert r.deltas[-1] < ex.TOL and np.all(r.deltas[:-1] >= ex.TOL)


@pytest.mark.parametrize("layout", list(gw.LAYOUTS))
def test_value_iteration_is_a_gamma_contraction(layout):
    p = ex.Params(layout=layout, gamma=0.8, slip=0.4)
    d = ex.run(p).deltas
    assert np.all(d[1:] <= p.gamma * d[:-1] + 1e-15)


def test_the_scrubber_starts_at_zero_and_stops_at_convergence():
    r0 = ex.run(ex.Params(sweep=0))
    assert np.all(r0.values == 0) and r0.shown_start_value == 0
    last = ex.run(ex.Params(sweep=ex.MAX_SWEEP))
    assert last.converged and last.last_sweep < ex.MAX_SWEEP
    assert last.sweep == last.last_sweep and last.requested_sweep == ex.MAX_SWEEP
    np.testing.assert_array_equal(last.values, last.final_values)
    assert len(last.start_values) == last.last_sweep + 1
    assert last.start_values[-1] == last.start_value


def test_a_long_run_records_the_first_sweeps_only():
    r = ex.run(ex.Params(gamma=0.99, layout="bonus trap", sweep=ex.MAX_SWEEP))
    assert r.last_sweep > ex.MAX_SWEEP and r.sweep == ex.MAX_SWEEP
    assert len(r.start_values) == ex.MAX_SWEEP + 1


def test_results_are_read_only():
    r = ex.run(ex.Params())
    for name in ("values", "q", "policy", "deltas", "final_values", "episode", "start_values"):
        with pytest.raises(ValueError):
            getattr(r, name)[0] = 1


# The Bellman update written out.

@pytest.mark.parametrize("algorithm", ex.ALGORITHMS)
@pytest.mark.parametrize("sweep", [0, 1, 4, 30])
def test_the_written_update_is_the_sweep_that_was_made(algorithm, sweep):
    for row, col in [(0, 2), (2, 0), (1, 2), (2, 3)]:
        p = ex.Params(algorithm=algorithm, sweep=sweep, row=row, col=col, eval_sweeps=3)
        r = ex.run(p)
        b = r.bellman
        grid, P = setup(p)
        s = grid.state(row, col)
        assert b.state == s and b.kind == "floor"
        before = ex.run(dataclasses.replace(p, sweep=b.sweep - 1)).values
        after = ex.run(dataclasses.replace(p, sweep=b.sweep)).values
        q = [sum(pr * (rw + (0 if d else p.gamma * before[s2])) for pr, s2, rw, d in P[s][a])
             for a in range(4)]
        np.testing.assert_allclose(b.q, q, atol=1e-12)
        assert b.new_value == pytest.approx(after[s], abs=1e-12)
        assert b.old_value == pytest.approx(before[s], abs=1e-12)
        assert b.weights.sum() == pytest.approx(1.0)
        lines = ex.bellman_lines(b, algorithm, p.gamma)
        assert len(lines) == 5 and f"{b.new_value:.3f}" in lines[-1]


def test_walls_terminals_and_cells_beyond_the_edge():
    b = ex.run(ex.Params(row=1, col=1)).bellman
    assert b.kind == "wall" and b.new_value == 0 and "wall" in ex.bellman_lines(b, "", 0.9)[0]
    assert ex.run(ex.Params(row=0, col=3)).bellman.kind == "terminal"
    far = ex.run(ex.Params(row=11, col=11)).bellman  # clamped to the 3 x 4 grid's last cell
    assert (far.row, far.col) == (2, 3)


# The sample episode.

def test_the_episode_follows_the_policy_and_the_dynamics():
    p = ex.Params(sweep=40, slip=0.3, seed=5)
    r = ex.run(p)
    grid, P = setup(p)
    assert r.episode[0] == grid.start
    ret = 0.0
    for t, (s, s2) in enumerate(zip(r.episode, r.episode[1:])):
        taken = [a for a in range(4) if r.policy[s, a] > 0
                 and any(o[1] == s2 for o in P[s][a])]
        assert taken, f"no allowed action leads {s} -> {s2}"
        rewards = {o[2] for a in taken for o in P[s][a] if o[1] == s2}
        ret += p.gamma ** t * rewards.pop()
    assert grid.terminal[r.episode[-1]] or len(r.episode) == ex.EPISODE_STEPS + 1
    assert r.episode_return == pytest.approx(ret)
    np.testing.assert_array_equal(ex.run(p).episode, r.episode)


# Editing the grid and the code snippet.

def test_an_edited_grid_runs_and_its_code_reproduces_the_headline():
    rows = ("S..#....", "..X#.##.", "........", "+.#...XG")
    for algorithm in ex.ALGORITHMS:
        p = ex.Params(algorithm=algorithm, gamma=0.93, slip=0.15, step_reward=-0.02, grid=rows)
        r = ex.run(p)
        assert r.grid == gw.parse(rows)
        namespace, out = {}, io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(ex.code(p), namespace)
        assert namespace["start_value"] == pytest.approx(r.start_value, rel=1e-9)
        assert f"{r.start_value:.6f}" in out.getvalue()


def test_the_grid_is_the_layouts_unless_edited():
    for name, rows in gw.LAYOUTS.items():
        assert ex.Params(layout=name).grid == rows
        assert ex.Params(layout=name) == ex.Params(layout=name, grid=rows)  # one cache key
    edited = ("S..", ".#G")
    assert ex.Params(layout="maze", grid=edited).grid == edited
    # What the page's link holds for the field is what links have always held (?grid=): a
    # link a teacher saved before the grid was a field of the contract still opens it.
    k = knobs(ex.Params)["grid"]
    assert k.encode(gw.LAYOUTS["classic 4x3"]) == "ooog_owox_sooo"
    assert k.parse("soo_owg") == ("S..", ".#G")
    for rows in gw.LAYOUTS.values():
        assert k.parse(k.encode(rows)) == rows
        assert all(c.isalnum() or c == "_" for c in k.encode(rows))


def test_the_grid_box_refuses_what_parse_refuses_in_words_that_do_not_quote_it():
    k = knobs(ex.Params)["grid"]
    for text, words in [("", "empty"), ("S..\n..G.", "same length"), ("SG", "1 row"),
                        ("S.?\n..G", "Row 1, column 3 is not a cell"),
                        ("S..\n..S\n..G", "exactly one start"), ("S..\n...\n..#", "terminal"),
                        ("S" + "." * 12 + "\n" + "G" * 13, "13 columns")]:
        with pytest.raises(ValueError, match=words):
            k.read(text)
    assert k.read(" S.\n\n .G \n") == ("S.", ".G")  # spaces and blank lines do not count


def test_every_preset_parses_and_differs():
    grids = [gw.parse(rows) for rows in gw.LAYOUTS.values()]
    assert len(set(grids)) == len(grids)


# The data the figures carry.

def _trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def test_the_heat_map_carries_the_values_and_walls():
    r = ex.run(ex.Params(sweep=7))
    fig = figs.values_figure(r)
    z = np.array(_trace(fig, "values").z, dtype=float)
    expected = r.values.reshape(r.grid.nrow, r.grid.ncol).copy()
    expected[r.grid.walls.reshape(expected.shape)] = np.nan
    np.testing.assert_array_equal(z, expected)
    texts = _trace(fig, "labels").text
    assert f"{r.values[0]:.2f}" in texts and "goal" in texts and "pit" in texts


def test_arrows_point_along_the_policy():
    grid = gw.parse(["S..", "..G"])
    policy = np.zeros((6, 4))
    policy[0, gw.RIGHT] = 1.0
    policy[1, [gw.DOWN, gw.UP]] = 0.5
    fig = gfig.grid_figure(grid, np.zeros(6), gfig.policy_arrows(policy), title="t")
    heads = _trace(fig, "policy heads")
    # Right, then down and up (half length); plotly writes 180 degrees as -180.
    assert [a % 360 for a in heads.marker.angle] == [90.0, 180.0, 0.0]
    xs, ys = list(heads.x), list(heads.y)
    assert xs[0] > 0 and ys[1] > ys[2]  # y is drawn downwards: "down" ends lower on screen


def test_q_triangles_cover_every_live_cell_once_per_action():
    r = ex.run(ex.Params(sweep=10))
    fig = gfig.grid_figure(r.grid, r.values, None, title="Q", q=r.q)
    live = ~(r.grid.walls | r.grid.terminal)
    hover = _trace(fig, "Q")
    assert len(hover.text) == 4 * live.sum()
    expected = [f"Q = {v:.3f}" for v in r.q[live].ravel()]
    assert list(hover.text) == expected
    polygons = sum(sum(1 for x in t.x if x is None)
                   for t in fig.data if t.name.startswith("Q level"))
    assert polygons == 4 * live.sum()


def test_convergence_chart_carries_the_deltas_and_marks_improvements():
    r = ex.run(ex.Params(algorithm="policy iteration", sweep=9, eval_sweeps=4))
    fig = figs.convergence_figure(r)
    y = np.array(_trace(fig, "max |ΔV|").y, dtype=float)
    np.testing.assert_allclose(y, np.maximum(r.deltas, figs.FLOOR))
    xs = sorted(s["x0"] for s in fig.to_plotly_json()["layout"]["shapes"])
    assert r.sweep in xs and set(int(k) for k in r.improvements) <= set(xs)
    assert fig.layout.yaxis.type == "log"
    json.dumps(fig.to_plotly_json(), default=str)  # serialisable, as Streamlit needs


def test_start_value_chart_ends_at_the_headline():
    r = ex.run(ex.Params(sweep=5))
    fig = figs.start_value_figure(r)
    line = _trace(fig, "V(start)")
    assert line.y[-1] == pytest.approx(r.start_value)
    assert list(_trace(fig, "shown").y) == [r.shown_start_value]


def test_the_action_values_view_draws_the_q_table_with_numbers_on_small_grids():
    r = ex.run(ex.Params(sweep=20, show="action values"))
    fig = figs.values_figure(r)
    live = ~(r.grid.walls | r.grid.terminal)
    labels = _trace(fig, "Q labels").text
    assert list(labels) == [f"{v:.2f}" for v in r.q[live].ravel()]
    assert not any(t.name == "policy" for t in fig.data)
    big = ("S" + "." * 7, *["." * 8] * 6, "." * 7 + "G")
    fig = figs.values_figure(ex.run(ex.Params(show="action values", grid=big)))
    assert not any(t.name == "Q labels" for t in fig.data)  # 8 a side: hover only


def test_value_iteration_slows_to_exactly_gamma_when_the_best_plan_never_ends():
    """The convergence caption: faster than γ while episodes end, exactly γ when wandering
    for ever is the best plan (lessons' "value iteration" claim checks the first half)."""
    r = ex.run(ex.Params(step_reward=0.5, slip=0.0))
    late = r.deltas[20:60]  # well before the changes reach the rounding of the values
    np.testing.assert_allclose(late[1:] / late[:-1], r.gamma, rtol=1e-6)


def test_a_cell_beside_the_goal_is_worth_almost_its_reward_and_the_goal_nothing():
    """The misreading: value is the reward still to come, not the reward found there."""
    r = ex.run(ex.Params())
    goal = r.grid.state(0, 3)
    assert r.grid.terminal[goal] and r.final_values[goal] == 0.0
    assert 0.8 < r.final_values[r.grid.state(0, 2)] < 1.0


def test_the_map_draws_the_episode_dotted_and_the_written_cell_in_a_dashed_square():
    r = ex.run(ex.Params(row=1, col=2, sweep=20))
    fig = figs.values_figure(r)
    episode = _trace(fig, "sample episode")
    assert episode.line.dash == "dot" and len(episode.x) == len(r.episode)
    rc = np.array([divmod(int(s), r.grid.ncol) for s in r.episode])
    np.testing.assert_allclose(episode.x, rc[:, 1] + 0.3)
    dashed = [s for s in fig.layout.shapes if s.line.dash == "dash"]
    assert [(s.x0 + s.x1) / 2 for s in dashed] == [2] and [(s.y0 + s.y1) / 2 for s in dashed] == [1]
