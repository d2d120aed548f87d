"""A stand-in model for the trainer tests: it "trains" by counting epochs, and diverges
past ``blows_up_at`` (as the playground's network does on an infinite loss)."""

import dataclasses
from dataclasses import dataclass
from functools import partial

from explorers import _live
from explorers._contract import knob


@dataclass(frozen=True)
class Params:
    layers: int = knob(2, lo=1, hi=4, label="Hidden layers", help="what defines the model")
    blows_up_at: int = knob(1000, lo=1, hi=1000, label="Blows up at", help="epoch it diverges after")


@dataclass(frozen=True)
class Count:
    epoch: int = 0
    diverged: bool = False


CAP = 25


def start(p: Params) -> _live.Live:
    return _live.start(p, Count(), partial(advance, p.blows_up_at), cap=CAP)


def advance(blows_up_at: int, state: Count, n: int) -> Count:
    end = state.epoch + n
    if end > blows_up_at:
        return Count(blows_up_at, diverged=True)
    return dataclasses.replace(state, epoch=end)
