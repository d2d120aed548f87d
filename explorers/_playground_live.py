"""The playground's network, trained live: one session's own, run, paused and stepped.

The generic part (the cap, stepping, the chunks Run trains in) is ``explorers._live``;
this module says what the playground trains (the network of ``playground.Params``,
resumed by ``playground.train``) and what its live panel shows (``LiveView``). The
knobs that only read a recorded run (epochs, the scrubber) are not part of what defines
the network, so moving them keeps the live training.

Named with an underscore because it is not an explorer of its own: ``explorers.all_explorers``
(and the contract tests over it) skip it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import partial

import numpy as np

from explorers import _live
from explorers._classify import Scores, Split
from explorers.playground import (Fit, Params, State, Tensors, features, init, score_of, snapshot, split,
                                  standardiser, tensors, train)

LIVE_CAP = 1000  # Run (and Step) stop at this many epochs; the page tests lower it
LIVE_CHUNK = 10  # epochs per redraw while running
NOT_THE_NETWORK = ("epochs", "show")  # knobs that do not change the network or its data


def live_key(p: Params) -> Params:
    """The Params that define the network and its data: ``p`` with the recorded-run knobs
    (epochs, scrubber) at their defaults, so two settings differing only there share a key."""
    return dataclasses.replace(p, **{name: getattr(Params, name) for name in NOT_THE_NETWORK})


def live_start(p: Params, cap: int | None = None) -> _live.Live[State]:
    """A fresh, untrained network for ``p`` (epoch 0): the same start as the recorded run."""
    key = live_key(p)
    data, _ = _inputs(key)
    return _live.start(key, init(key, data), partial(_advance, key, data),
                       cap=LIVE_CAP if cap is None else cap)


def _advance(key: Params, data: Tensors, state: State, n: int) -> State:
    return train(key, state, n, data)


def _inputs(key: Params):
    """The network's inputs: the split's points as tensors, and the boundary grid's features.
    Rebuilt when asked (under a millisecond) rather than kept in the session's ``Live``."""
    s = split(key)
    mean, std = standardiser(s)
    return tensors(key), features(key, (s.grid - mean) / std)


@dataclass(frozen=True)
class LiveView:
    """What the live panel draws at the current epoch. It has the fields the surface and
    loss figures read from a ``Result``, so the same figure builders draw it."""

    split: Split
    regression: bool
    score_name: str
    shown: Scores | Fit
    show_epoch: int
    epochs_run: int
    epochs: np.ndarray
    train_curve: np.ndarray
    test_curve: np.ndarray
    train_score: float
    test_score: float
    train_loss: float
    test_loss: float
    diverged: bool


def live_view(live: _live.Live[State]) -> LiveView:
    s, state = split(live.key), live.state
    data, grid = _inputs(live.key)
    scores = snapshot(state.model, grid, data, s)
    regression = s.n_classes == 0
    return LiveView(
        split=s, regression=regression, score_name="R²" if regression else "accuracy", shown=scores,
        show_epoch=state.epoch, epochs_run=state.epoch,
        epochs=np.arange(state.epoch + 1), train_curve=np.array(state.train_curve),
        test_curve=np.array(state.test_curve), train_score=score_of(scores, "train"),
        test_score=score_of(scores, "test"), train_loss=state.train_curve[-1],
        test_loss=state.test_curve[-1], diverged=state.diverged,
    )
