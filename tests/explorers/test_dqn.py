"""Deep Q-learning: the replay buffer, the TD target, the target network's refreshes, the
replayed episode against gymnasium itself, and that training at the defaults really learns."""

import dataclasses
import math

import gymnasium as gym
import numpy as np
import pytest

from explorers import dqn as ex
from explorers._torch import torch
from figures import dqn as fig

SHORT = ex.Params(steps=1000)  # cheap: enough for the mechanics, not for learning


@pytest.fixture(scope="module")
def default():
    return ex.run(ex.Params())


@pytest.fixture(scope="module")
def short():
    return ex.run(SHORT)


def test_replay_buffer_keeps_the_last_n_transitions():
    memory = ex.Replay(5)
    for i in range(12):
        memory.add(np.full(4, i, np.float32), i % 2, float(i), np.full(4, i + 1, np.float32), i == 11)
    assert len(memory) == 5
    assert sorted(memory.rewards.tolist()) == [7.0, 8.0, 9.0, 10.0, 11.0]  # the newest five
    newest = (memory.added - 1) % memory.capacity
    assert memory.rewards[newest] == 11.0 and memory.terminated[newest] == 1.0
    assert np.all(memory.next_states[:, 0] == memory.states[:, 0] + 1)  # rows stay whole


def test_replay_buffer_samples_uniformly_within_what_it_holds():
    memory = ex.Replay(1000)
    for i in range(40):  # only 40 of 1000 rows are filled
        memory.add(np.zeros(4, np.float32), 0, float(i), np.zeros(4, np.float32), False)
    rows = memory.sample(np.random.default_rng(0), 40_000)
    assert rows.min() == 0 and rows.max() == 39
    counts = np.bincount(rows, minlength=40)
    # Uniform: each of 40 rows about 1000 times; a chi-square test at a generous level.
    chi2 = ((counts - 1000) ** 2 / 1000).sum()
    assert chi2 < 80  # 39 degrees of freedom: p ≈ 1e-4


def test_td_target_on_a_hand_checked_batch():
    t = torch()
    net = t.nn.Linear(4, 2)
    with t.no_grad():
        net.weight.copy_(t.tensor([[1.0, 0, 0, 0], [0, 1.0, 0, 0]]))
        net.bias.zero_()
    next_states = t.tensor([[2.0, 3.0, 0, 0], [5.0, -1.0, 0, 0], [-4.0, -2.0, 0, 0]])
    rewards = t.tensor([1.0, 1.0, 1.0])
    terminated = t.tensor([0.0, 1.0, 0.0])
    y = ex.td_target(net, rewards, next_states, terminated, 0.9)
    # Q(s') = (2, 3), (5, −1), (−4, −2): max 3, 5 (but terminated), −2.
    assert y.tolist() == pytest.approx([1 + 0.9 * 3, 1.0, 1 + 0.9 * -2])
    assert not y.requires_grad


def _target_changes(p):
    changes, last = [], None
    def watch(step, net, target):
        nonlocal last
        now = np.concatenate([w.detach().numpy().ravel() for w in target.parameters()])
        if last is not None and not np.array_equal(now, last):
            changes.append(step)
        last = now.copy()
    ex.train(p, watch=watch)
    return changes


def test_target_network_only_changes_at_its_update_period():
    p = ex.Params(steps=1000, target_period=130)
    changes = _target_changes(p)
    assert changes, "the target network never changed"
    assert all(step % 130 == 0 for step in changes)
    assert len(changes) == 1000 // 130  # and it does change every period (the net is learning)


def test_without_the_tricks_the_target_is_the_online_network():
    p = ex.Params(steps=1000, mode=ex.WITHOUT, train_every=1)
    changes = _target_changes(p)
    assert len(changes) > 500  # it moves with (nearly) every update
    assert ex.capacity(p) == p.batch_size


def test_replayed_episode_is_gymnasium_stepped_with_the_greedy_actions(default):
    t = torch()
    for episode in (default.trained, default.untrained):
        env = gym.make(ex.ENV_ID)
        s, _ = env.reset(seed=ex.Params().seed)
        np.testing.assert_array_equal(episode.states[0], s)
        for i, a in enumerate(episode.actions):
            # the action is the argmax of the recorded Q-values
            assert a == int(np.argmax(episode.q_values[i]))
            s, _, terminated, truncated, _ = env.step(int(a))
            np.testing.assert_array_equal(episode.states[i + 1], s)
            assert (terminated or truncated) == (i == episode.length - 1)
    assert t  # torch was importable


def test_replayed_q_values_come_from_the_trained_network():
    t = torch()
    _, net, _ = ex.train(SHORT)
    r = ex.run(SHORT)
    with t.no_grad():
        q = net(t.tensor(r.trained.states, dtype=t.float32)).numpy()
    np.testing.assert_allclose(r.trained.q_values, q, rtol=1e-5, atol=1e-5)


def _random_policy_mean(episodes=50, seed=0):
    env = gym.make(ex.ENV_ID)
    env.action_space.seed(seed)
    total = 0
    for i in range(episodes):
        env.reset(seed=seed + i)
        done = False
        while not done:
            _, r, terminated, truncated, _ = env.step(env.action_space.sample())
            total += r
            done = terminated or truncated
    return total / episodes


def test_at_the_defaults_the_trained_agent_beats_a_random_policy_widely(default):
    random_mean = _random_policy_mean()
    assert 15 < random_mean < 30  # the well-known ~22
    assert default.greedy_mean > 4 * random_mean
    assert default.final_return > 3 * random_mean
    assert default.untrained.length < 3 * random_mean


def test_results_are_repeatable_and_frame_does_not_retrain(short):
    again = ex.run(dataclasses.replace(SHORT, frame=400))
    assert again.frame == 400
    assert again.returns is short.returns  # the same cached training
    fresh = ex._fit(SHORT)
    np.testing.assert_array_equal(fresh.returns, short.returns)
    np.testing.assert_array_equal(fresh.losses, short.losses)


def test_result_bookkeeping(short):
    assert short.returns.sum() + 0 <= SHORT.steps
    assert np.all(np.diff(short.episode_ends) == short.returns[1:])  # +1 per step, episodes back to back
    assert short.episode_ends[0] == short.returns[0]
    assert short.final_return == pytest.approx(short.returns[-ex.LAST_EPISODES:].mean())
    assert short.moving_average[-1] == pytest.approx(short.final_return)
    np.testing.assert_allclose(short.epsilon, ex.epsilon(SHORT, short.episode_ends))
    every = ex.run(dataclasses.replace(SHORT, train_every=1))
    assert len(every.losses) == SHORT.steps - SHORT.batch_size + 1  # one update per step once full
    sparse = ex.run(dataclasses.replace(SHORT, train_every=3))
    assert np.all(sparse.loss_steps % 3 == 1)  # after steps 0, 3, 6, ... (counted from 1)
    assert short.horizon_value == pytest.approx(1 / (1 - SHORT.gamma))
    for array in (short.returns, short.losses, short.trained.states):
        assert not array.flags.writeable


def test_epsilon_schedule():
    p = ex.Params(eps_start=1.0, eps_end=0.1, eps_decay=1000)
    assert ex.epsilon(p, 0) == 1.0
    assert ex.epsilon(p, 500) == pytest.approx(0.55)
    assert ex.epsilon(p, 1000) == pytest.approx(0.1) and ex.epsilon(p, 5000) == pytest.approx(0.1)


def test_progress_is_reported_and_reaches_the_end():
    calls = []
    ex._fit(dataclasses.replace(SHORT, seed=1), progress=lambda f, text: calls.append((f, text)))
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(calls) >= 10
    assert "step" in calls[0][1]


def test_cartpole_figure_draws_the_pole_from_the_state(short):
    r = short
    for frame in (0, 5, 10_000):
        figure = fig.cartpole_figure(r.trained, frame, "Trained", ex.X_LIMIT, ex.THETA_LIMIT)
        t = min(frame, r.trained.length)
        x, theta = r.trained.states[t, 0], r.trained.states[t, 2]
        pole = figure.data[0]
        assert pole.x[0] == pytest.approx(x) and pole.x[1] == pytest.approx(x + fig.POLE * math.sin(theta))
        assert pole.y[1] == pytest.approx(fig.CART_H + fig.POLE * math.cos(theta))
        cart = next(s for s in figure.layout.shapes if s.type == "rect")
        assert (cart.x0 + cart.x1) / 2 == pytest.approx(x)
        assert f"step {t} of {r.trained.length}" in figure.layout.title.text


def test_the_replay_caption_reads_true_one_start_and_dotted_red_limits(short):
    # "Both agents act greedily from the same start"; "the dotted red lines are where the
    # episode fails (θ beyond 12°, or the cart off the track)".
    np.testing.assert_array_equal(short.trained.states[0], short.untrained.states[0])
    figure = fig.cartpole_figure(short.trained, 0, "Trained", ex.X_LIMIT, ex.THETA_LIMIT)
    dotted = [s for s in figure.layout.shapes if s.line.dash == "dot"]
    assert dotted and all(s.line.color == fig.VERMILLION for s in dotted)
    ends = sorted(s.x0 for s in dotted if s.x0 == s.x1)
    assert ends == [-ex.X_LIMIT, ex.X_LIMIT]
    x = short.trained.states[0, 0]
    leans = sorted(math.atan2(s.x1 - s.x0, s.y1 - s.y0) for s in dotted if s.x0 != s.x1)
    assert leans == pytest.approx([-ex.THETA_LIMIT, ex.THETA_LIMIT]) and all(
        s.x0 == pytest.approx(x) for s in dotted if s.x0 != s.x1)
    assert math.degrees(ex.THETA_LIMIT) == pytest.approx(12)


def test_curves_carry_the_result(short):
    returns = fig.returns_figure(short)
    assert list(returns.data[0].y) == list(short.returns)
    assert list(returns.data[2].y) == pytest.approx(list(short.epsilon))
    q = fig.q_figure(short)
    np.testing.assert_array_equal(q.data[1].y, short.trained.q_values[:, 1])
    limits = fig.limits_figure(short, ex.X_LIMIT, ex.THETA_LIMIT)
    np.testing.assert_allclose(limits.data[1].y, short.trained.states[:, 2] / ex.THETA_LIMIT)
    loss = fig.loss_figure(short)
    np.testing.assert_allclose(loss.data[1].y[-1], short.losses[-fig.SMOOTH:].mean())


def test_running_mean():
    values = np.array([1.0, 2, 3, 4, 5])
    np.testing.assert_allclose(fig.running_mean(values, 2), [1, 1.5, 2.5, 3.5, 4.5])
