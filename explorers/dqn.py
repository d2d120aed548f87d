"""Deep Q-learning on CartPole
============================

A cart on a track carries a pole on a hinge. Every 0.02 s the agent pushes the cart left
or right and earns +1 for each step the pole stays up; the episode ends when the pole
leans past 12° or the cart leaves the track (±2.4), or after 500 steps. The agent only
sees four numbers: the cart's position x and speed, the pole's angle θ and its spin.

A *Q-network* (one hidden layer of ReLU units here) maps those four numbers to Q(s, a):
how much reward pushing left, or right, will earn from now on, each future reward
discounted by γ per step. Acting is reading off the larger one (with probability ε a
random push instead, so the agent keeps exploring; ε falls from its start to its end
value over the first steps). Learning is regression on the *TD target*: after each
step, a mini-batch of past transitions (s, a, r, s') is pulled towards
r + γ · max over a' of Q_target(s', a'), or just r where the pole fell.

Two tricks keep that regression from chasing its own tail. The *replay buffer* keeps
the last N transitions and samples the batch uniformly from them, so one update does not
see thirty nearly identical consecutive frames. The *target network* is a copy of the
Q-network that is only refreshed every few hundred steps, so the target of the regression
holds still while the network moves towards it. Turn both off and the same network,
learning from the last few frames towards targets that move with every update, learns
far less reliably. (After Mnih et al., 2015, and the PyTorch DQN tutorial.)
"""

from __future__ import annotations

import copy
import dataclasses
import math
from dataclasses import dataclass

import gymnasium as gym
import numpy as np

from datasets.readonly import readonly
from explorers._contract import choice, knob, literal, log_knob
from explorers._memo import Memo
from explorers._torch import global_rng, torch

NOTICE = (
    "The reward per episode climbs from about 20 (a random push falls over that fast) to over "
    "a hundred once the Q-network has learned to lean the cart under the pole, still exploring "
    "(and about twice that without exploration); scrub the replay and watch the trained agent "
    "nudge left and right while the untrained one falls within a second. Turn the replay buffer "
    "and target network off and the same network learns far less reliably."
)
MISREADING = (
    "\"The loss going down means the agent is getting better\": in Q-learning the targets move "
    "as the agent improves, so the TD loss often rises while the returns climb, and a low loss "
    "can mean the agent has only learned to predict its own poor play. Judge the agent by its "
    "returns, not its loss."
)
HEADLINE = "final_return"

ENV_ID = "CartPole-v1"
X_LIMIT = 2.4  # the track's end, where an episode fails (gymnasium's x_threshold)
THETA_LIMIT = 12 * 2 * math.pi / 360  # gymnasium's theta_threshold_radians: 12°
MAX_FRAMES = 500  # CartPole-v1's time limit
LAST_EPISODES = 20  # the headline averages the returns of this many last episodes
EVAL_EPISODES = 5  # greedy episodes (seeds seed .. seed+4) for the trained agent's score
WITH_TRICKS = "replay buffer + target network"
WITHOUT = "neither (learn from the last batch)"
MODES = (WITH_TRICKS, WITHOUT)
_CACHE_SIZE = 64  # trained results, ~0.1 MB each (the replayed frames and the loss curve)


@dataclass(frozen=True)
class Params:
    # Scrubbing only picks a frame of a cached run, so it comes first and is instant.
    frame: int = knob(60, lo=0, hi=MAX_FRAMES, label="Replay at step",
                      help="The frame of the greedy episodes to draw (0.02 s per step). An episode "
                           "that ended earlier stays on its last frame.")
    steps: int = knob(6000, lo=1000, hi=8000, step=500, label="Training steps",
                      help="Environment steps to train for (about 20 per episode at first, up to "
                           "500 once the agent balances). One network update per step (or fewer: see *Update every*).")
    mode: str = choice(WITH_TRICKS, options=MODES, label="Stabilisers",
                       help="Both on: sample batches from a large replay buffer and regress towards a "
                            "target network refreshed every few steps. Off: the buffer holds only the "
                            "last batch, and the targets come from the network being trained.")
    hidden: int = knob(64, lo=8, hi=128, step=8, label="Hidden units",
                       help="Width of the Q-network's one hidden ReLU layer.")
    learning_rate: float = log_knob(0.005, lo=0.0001, hi=0.01, label="Learning rate",
                                    help="Adam's step size for the Q-network.")
    gamma: float = knob(0.99, lo=0.8, hi=0.999, step=0.001, label="Discount γ",
                        help="How much a reward one step later is worth. The horizon is about "
                             "1/(1−γ) steps: 0.99 looks 100 steps ahead, 0.8 only 5.")
    eps_start: float = knob(1.0, lo=0.1, hi=1.0, step=0.05, label="ε start",
                            help="Chance of a random push at the first step.")
    eps_end: float = knob(0.05, lo=0.0, hi=0.5, step=0.01, label="ε end",
                          help="Chance of a random push once ε has decayed.")
    eps_decay: int = knob(1000, lo=100, hi=10000, step=100, label="ε decay (steps)",
                          help="Steps over which ε falls in a straight line from its start to its end.")
    buffer_size: float = log_knob(10000.0, lo=200.0, hi=50000.0, label="Replay buffer size",
                                  when=("mode", (WITH_TRICKS,)),
                                  help="How many of the latest transitions the buffer keeps; batches "
                                       "are drawn uniformly from them.")
    batch_size: int = knob(64, lo=8, hi=128, step=8, label="Batch size",
                           help="Transitions per network update.")
    train_every: int = knob(2, lo=1, hi=4, label="Update every (steps)",
                            help="One network update per this many environment steps. More steps "
                                 "between updates trains faster per second but learns less per step.")
    target_period: int = knob(100, lo=10, hi=1000, step=10, label="Target update (steps)",
                              when=("mode", (WITH_TRICKS,)),
                              help="Copy the Q-network into the target network every this many steps.")
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seeds the weights, the exploration, the batches and the environment.")


@dataclass(frozen=True)
class Episode:
    """One greedy episode (no exploration), frame by frame."""

    states: np.ndarray  # (T+1, 4) x, ẋ, θ, θ̇ from the reset to the last frame
    actions: np.ndarray  # (T,) 0 = push left, 1 = push right
    q_values: np.ndarray  # (T+1, 2) the network's Q(s, left), Q(s, right) at every frame
    length: int  # T, the return (+1 per step)


@dataclass(frozen=True)
class Result:
    returns: np.ndarray  # (episodes,) reward of every finished training episode
    moving_average: np.ndarray  # (episodes,) mean of the last LAST_EPISODES returns
    episode_ends: np.ndarray  # (episodes,) the training step each episode ended on
    epsilon: np.ndarray  # (episodes,) ε at the end of each episode
    losses: np.ndarray  # (updates,) Huber TD loss of each update
    loss_steps: np.ndarray  # (updates,) the training step of each update
    final_return: float  # mean return of the last LAST_EPISODES training episodes
    greedy_returns: np.ndarray  # (EVAL_EPISODES,) the trained agent without exploration
    greedy_mean: float
    trained: Episode  # greedy episode of the trained agent, env seeded with p.seed
    untrained: Episode  # the same with the initial network
    diverged: bool  # training stopped early on a non-finite loss (the last finite net is kept)
    steps_run: int
    horizon_value: float  # 1/(1−γ): the Q-value of balancing forever at +1 a step
    frame: int  # the requested frame, clamped to each episode by the figures


def epsilon(p: Params, step):
    """ε at a training step: a straight line from ε start to ε end over ``eps_decay`` steps."""
    fraction = np.minimum(np.asarray(step, dtype=float) / p.eps_decay, 1.0)
    return p.eps_start + (p.eps_end - p.eps_start) * fraction


class Replay:
    """A preallocated ring buffer of the latest ``capacity`` transitions."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.states = np.zeros((capacity, 4), np.float32)
        self.actions = np.zeros(capacity, np.int64)
        self.rewards = np.zeros(capacity, np.float32)
        self.next_states = np.zeros((capacity, 4), np.float32)
        self.terminated = np.zeros(capacity, np.float32)
        self.added = 0  # transitions ever added; the newest sits at (added - 1) % capacity

    def __len__(self) -> int:
        return min(self.added, self.capacity)

    def add(self, s, a, r, s2, terminated) -> None:
        i = self.added % self.capacity  # overwrite the oldest once full
        self.states[i], self.actions[i], self.rewards[i] = s, a, r
        self.next_states[i], self.terminated[i] = s2, terminated
        self.added += 1

    def sample(self, rng: np.random.Generator, batch: int) -> np.ndarray:
        """Row indices drawn uniformly (with replacement) from what the buffer holds."""
        return rng.integers(len(self), size=batch)


def td_target(target_net, rewards, next_states, terminated, gamma: float):
    """r + γ · max_a Q_target(s', a) · (1 − terminated): nothing follows a fallen pole.

    A truncated episode (the 500-step limit) is not terminated: the pole was still up and
    more reward would have come, so its target keeps the bootstrapped term.
    """
    t = torch()
    with t.no_grad():
        return rewards + gamma * target_net(next_states).max(dim=1).values * (1 - terminated)


def build(p: Params):
    """The Q-network: 4 inputs, one hidden ReLU layer, one output per action."""
    nn = torch().nn
    return nn.Sequential(nn.Linear(4, p.hidden), nn.ReLU(), nn.Linear(p.hidden, 2))


def capacity(p: Params) -> int:
    return int(p.buffer_size) if p.mode == WITH_TRICKS else p.batch_size


def train(p: Params, progress=None, watch=None):
    """Train as the snippet does; returns (initial net, trained net, log dict).

    ``watch(step, net, target)``, if given, is called after every step (the tests use it to
    see when the target network changes); it must not touch the networks.
    """
    t = torch()
    F = t.nn.functional
    with global_rng(p.seed):
        net = build(p)
    initial = copy.deepcopy(net)
    target = copy.deepcopy(net) if p.mode == WITH_TRICKS else net
    optimizer = t.optim.Adam(net.parameters(), lr=p.learning_rate, fused=True)
    rng = np.random.default_rng(p.seed)
    memory = Replay(capacity(p))
    env = gym.make(ENV_ID)
    s, _ = env.reset(seed=p.seed)
    returns, ends, losses, loss_steps = [], [], [], []
    episode_return, diverged, kept = 0.0, False, copy.deepcopy(net.state_dict())
    report = max(p.steps // 40, 1)
    step = 0
    for step in range(p.steps):
        if rng.random() < p.eps_start + (p.eps_end - p.eps_start) * min(step / p.eps_decay, 1.0):
            a = int(rng.integers(2))
        else:
            with t.no_grad():
                a = int(net(t.from_numpy(s)).argmax())
        s2, r, terminated, truncated, _ = env.step(a)
        memory.add(s, a, r, s2, terminated)
        episode_return += r
        s = s2
        if terminated or truncated:
            returns.append(episode_return)
            ends.append(step + 1)
            episode_return = 0.0
            s, _ = env.reset()
            kept = copy.deepcopy(net.state_dict())  # the last net known to be finite
        if len(memory) >= p.batch_size and step % p.train_every == 0:
            rows = memory.sample(rng, p.batch_size)
            y = td_target(target, t.from_numpy(memory.rewards[rows]), t.from_numpy(memory.next_states[rows]),
                          t.from_numpy(memory.terminated[rows]), p.gamma)
            q = net(t.from_numpy(memory.states[rows])).gather(1, t.from_numpy(memory.actions[rows])[:, None])[:, 0]
            loss = F.smooth_l1_loss(q, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            value = loss.item()
            if not math.isfinite(value):
                net.load_state_dict(kept)
                diverged = True
                break
            losses.append(value)
            loss_steps.append(step + 1)
        if p.mode == WITH_TRICKS and (step + 1) % p.target_period == 0:
            target.load_state_dict(net.state_dict())
        if watch is not None:
            watch(step + 1, net, target)
        if progress is not None and (step + 1) % report == 0:
            last = f", last episode {returns[-1]:.0f}" if returns else ""
            progress((step + 1) / p.steps, f"Training: step {step + 1:,} of {p.steps:,}{last}")
    env.close()
    log = dict(returns=returns, ends=ends, losses=losses, loss_steps=loss_steps, diverged=diverged,
               steps_run=step + 1 if not diverged else step)
    return initial, net, log


def final_return(returns) -> float:
    """Mean return of the last LAST_EPISODES finished episodes (all of them if fewer)."""
    return float(np.mean(returns[-LAST_EPISODES:])) if len(returns) else 0.0


def play(net, seed: int) -> Episode:
    """One greedy episode of ``net`` in a fresh CartPole-v1 reset with ``seed``."""
    t = torch()
    env = gym.make(ENV_ID)
    s, _ = env.reset(seed=seed)
    states, actions, qs = [s], [], []
    with t.no_grad():
        while True:
            q = net(t.from_numpy(s))
            qs.append(q.numpy().astype(float))
            a = int(q.argmax())
            s, _, terminated, truncated, _ = env.step(a)
            states.append(s)
            actions.append(a)
            if terminated or truncated:
                break
        qs.append(net(t.from_numpy(s)).numpy().astype(float))
    env.close()
    episode = Episode(np.array(states, dtype=float), np.array(actions, dtype=np.int64),
                      np.array(qs), len(actions))
    readonly((episode.states, episode.actions, episode.q_values))
    return episode


# Trained results, keyed on the settings without the frame: scrubbing never retrains.
# A small LRU of our own rather than functools.lru_cache because the progress callback
# must reach the training and must not be part of the key.
_TRAINED = Memo(_CACHE_SIZE)


def run(p: Params, progress=None) -> Result:
    key = dataclasses.replace(p, frame=Params.frame)
    fit = _TRAINED.get(key, lambda report: _fit(key, report), progress=progress)
    return dataclasses.replace(fit, frame=p.frame)


def _fit(p: Params, progress=None) -> Result:
    initial, net, log = train(p, progress)
    returns = np.array(log["returns"], dtype=float)
    average = np.array([returns[max(0, i - LAST_EPISODES + 1):i + 1].mean() for i in range(len(returns))])
    ends = np.array(log["ends"], dtype=np.int64)
    trained = play(net, p.seed)
    greedy = np.array([trained.length] + [play(net, p.seed + i).length for i in range(1, EVAL_EPISODES)],
                      dtype=float)
    result = Result(
        returns=returns, moving_average=average, episode_ends=ends, epsilon=epsilon(p, ends),
        losses=np.array(log["losses"], dtype=float), loss_steps=np.array(log["loss_steps"], dtype=np.int64),
        final_return=final_return(returns), greedy_returns=greedy, greedy_mean=float(greedy.mean()),
        trained=trained, untrained=play(initial, p.seed), diverged=log["diverged"],
        steps_run=log["steps_run"], horizon_value=1 / (1 - p.gamma), frame=p.frame,
    )
    return readonly(result)


def code(p: Params) -> str:
    tricks = p.mode == WITH_TRICKS
    buffer = f"{int(p.buffer_size)}" if tricks else "batch_size  # no replay: only the last batch"
    target = ("copy.deepcopy(net)  # the target network, refreshed every target_period steps" if tricks
              else "net  # no target network: the targets move with every update")
    sync = (f"""
    if (step + 1) % {p.target_period} == 0:
        target.load_state_dict(net.state_dict())""" if tricks else "")
    return f'''import copy
import math

import gymnasium as gym
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

torch.set_num_threads(1)  # one thread: repeatable, and fastest for a network this small
seed, steps, gamma, batch_size = {p.seed}, {p.steps}, {literal(p.gamma)}, {p.batch_size}
eps_start, eps_end, eps_decay = {literal(p.eps_start)}, {literal(p.eps_end)}, {p.eps_decay}

torch.manual_seed(seed)  # the initial weights
net = nn.Sequential(nn.Linear(4, {p.hidden}), nn.ReLU(), nn.Linear({p.hidden}, 2))
target = {target}
optimizer = torch.optim.Adam(net.parameters(), lr={literal(p.learning_rate)}, fused=True)
rng = np.random.default_rng(seed)  # exploration and batches

# The replay buffer: a ring of the latest transitions, preallocated.
capacity = {buffer}
S = np.zeros((capacity, 4), np.float32)
A = np.zeros(capacity, np.int64)
R = np.zeros(capacity, np.float32)
S2 = np.zeros((capacity, 4), np.float32)
D = np.zeros(capacity, np.float32)  # 1 where the pole fell (terminated, not time-limited)
added = 0

env = gym.make("CartPole-v1")
s, _ = env.reset(seed=seed)
returns, episode_return = [], 0.0
for step in range(steps):
    if rng.random() < eps_start + (eps_end - eps_start) * min(step / eps_decay, 1.0):
        a = int(rng.integers(2))  # explore
    else:
        with torch.no_grad():
            a = int(net(torch.from_numpy(s)).argmax())  # the greedy push
    s2, r, terminated, truncated, _ = env.step(a)
    i = added % capacity
    S[i], A[i], R[i], S2[i], D[i] = s, a, r, s2, terminated
    added += 1
    episode_return += r
    s = s2
    if terminated or truncated:
        returns.append(episode_return)
        episode_return = 0.0
        s, _ = env.reset()
    if min(added, capacity) >= batch_size and step % {p.train_every} == 0:
        rows = rng.integers(min(added, capacity), size=batch_size)
        with torch.no_grad():  # the TD target: r + gamma * max_a Q_target(s', a), 0 after a fall
            y = torch.from_numpy(R[rows]) + gamma * target(torch.from_numpy(S2[rows])).max(dim=1).values * (
                1 - torch.from_numpy(D[rows]))
        q = net(torch.from_numpy(S[rows])).gather(1, torch.from_numpy(A[rows])[:, None])[:, 0]
        loss = F.smooth_l1_loss(q, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if not math.isfinite(loss.item()):
            print("the loss diverged: stopping")
            break{sync}

final_return = float(np.mean(returns[-{LAST_EPISODES}:]))
print(f"{{len(returns)}} episodes; mean return of the last {LAST_EPISODES}: {{final_return:.1f}}")
'''
