"""ui/play.py keeps each run's reel of frames once, in a store bounded by count and bytes:
a scrubber move reuses it, and a reel over the byte bound is built, shown and not kept."""

import sys
from dataclasses import dataclass

import numpy as np

from explorers._memo import Memo
from figures import theme
from ui import play

BUILT: list = []  # one entry per figure drawn for a reel


@dataclass(frozen=True)
class Params:
    step: int = 0
    points: int = 10


def run(p: Params):
    return np.linspace(0, 1, p.points) * p.step


def draw(values):
    BUILT.append(len(values))
    fig = theme.figure("steps", "x", "y")
    fig.add_scatter(x=np.arange(len(values)), y=values)
    return fig.build()


def played(params):
    # This module is the explorer (Params, run) and holds the figure builder.
    return play.played(sys.modules[__name__], params, "step", draw, run(params), last=5)


def test_a_scrubber_move_reuses_the_reel(monkeypatch):
    monkeypatch.setattr(play, "_REELS", Memo(play.REELS, max_bytes=play.REEL_BYTES))
    played(Params(step=1))
    built = len(BUILT)
    assert built > 0
    played(Params(step=3))  # another step of the same run: the same reel
    assert len(BUILT) == built + 1, "only the figure shown was drawn"
    played(Params(step=3, points=12))  # another run: a new reel
    assert len(BUILT) > built + 2


def test_a_reel_over_the_byte_bound_is_shown_but_not_kept(monkeypatch):
    monkeypatch.setattr(play, "_REELS", Memo(play.REELS, max_bytes=10_000))
    big = Params(step=1, points=2_000)  # six frames of 2,000 points: far over 10 kB
    first = played(big).to_dict()
    assert len(first["frames"]) > 1, "it still plays"
    before = len(BUILT)
    played(big)
    assert len(BUILT) - before > 1, "built again: it was not kept"
    assert len(play._REELS) == 0 and play._REELS.nbytes == 0
