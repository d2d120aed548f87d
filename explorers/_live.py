"""Live training, for any model: run, pause, step and reset it one chunk of epochs at a time.

A page that trains a model live keeps one ``Live`` per session. It holds what the model
is for (``key``: the page's ``Params``, normalised so that knobs which do not change the
model leave it alone), how far it has got (``state``, the page's own type), how to train
it on (``advance``) and where to stop (``cap``). Nothing here knows what the model is, and
nothing touches Streamlit: ``ui/trainer.py`` draws the buttons and runs the loop.

The state only has to say how many epochs it has trained and whether training diverged
(``Trained``); everything else in it (weights, optimizer, loss curves, random stream) is
the page's business. ``advance(state, n)`` returns a new state ``n`` epochs on (fewer if
it diverges) and leaves ``state`` as it was, so a saved ``Live`` is never changed under a
session's feet, and stepping 10 then 20 can be checked against 30 at once.

A toy model, to show the shape (the playground's network is in ``_playground_live.py``)::

    @dataclass(frozen=True)
    class Count:                    # "trains" by counting its epochs
        epoch: int = 0
        diverged: bool = False

    def advance(state: Count, n: int) -> Count:
        return Count(state.epoch + n)

    live = start("toy", Count(), advance, cap=25)
    live = step(live, 10)           # epoch 10
    chunks(live.epoch, live.cap, 10)  # [10, 5]: what Run trains before each redraw
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable, Generic, Hashable, Protocol, TypeVar


class Trained(Protocol):
    """What ``Live`` reads from a page's model state."""

    epoch: int  # epochs trained so far (0: the untrained model)
    diverged: bool  # the loss became infinite: no more epochs will be trained


S = TypeVar("S", bound=Trained)


@dataclass(frozen=True)
class Live(Generic[S]):
    """One session's live training: what it is for, where it has got to, how to go on."""

    key: Hashable  # what defines the model; a page starts again when its key changes
    state: S
    advance: Callable[[S, int], S]  # state, n -> the state n epochs on (state untouched)
    cap: int  # Run and Step stop at this many epochs

    @property
    def epoch(self) -> int:
        return self.state.epoch

    @property
    def diverged(self) -> bool:
        return self.state.diverged


def start(key: Hashable, state: S, advance: Callable[[S, int], S], *, cap: int) -> Live[S]:
    """Live training of ``state`` (normally untrained, at epoch 0) up to ``cap`` epochs."""
    if cap < 1:
        raise ValueError(f"the cap must be at least one epoch, not {cap}")
    return Live(key, state, advance, cap)


def room(live: Live) -> int:
    """Epochs left before the cap (0 once there, or once training diverged)."""
    return 0 if live.diverged else max(0, live.cap - live.epoch)


def step(live: Live[S], n: int) -> Live[S]:
    """``n`` more epochs (fewer at the cap; none after a divergence). Pure: ``live`` is
    left as it was, and a step with no room returns it itself."""
    n = min(int(n), room(live))
    if n <= 0:
        return live
    return dataclasses.replace(live, state=live.advance(live.state, n))


def chunks(epoch: int, cap: int, size: int) -> list[int]:
    """The chunk sizes Run trains in, from ``epoch`` up to ``cap``: ``size`` each, the last
    one shorter if the cap falls inside it. The page redraws after each."""
    left = max(0, cap - epoch)
    return [size] * (left // size) + ([left % size] if left % size else [])


def changed(old: Any, new: Any) -> list[str]:
    """Names of the fields that differ between two keys (dataclasses, such as ``Params``),
    so a page can say why its live training started again."""
    return [f.name for f in dataclasses.fields(old) if getattr(old, f.name) != getattr(new, f.name)]
