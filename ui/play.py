"""A scrubbed figure that plays in the browser, its frames kept across scrubber moves.

The frames are the page's own figure at the other steps of the same run, so they depend
on every setting but the scrubber: they are built and diffed once per run (keyed on the
params with the scrubber set to a fixed value), and a scrubber move only picks the frames
after the step it shows.
"""

from __future__ import annotations

import dataclasses
import importlib

from explorers._memo import Memo
from figures import animation
from figures.animation import strided, unchecked

# States a played chart carries at most. Every new setting (any control but the scrubber)
# builds them all, running the explorer at each: gradient boosting's 50 stages took
# ~120 ms of a move, a scrubber's own ~3 ms. 30 frames are 2.4 s of play at 12.5 frames a
# second; the scrubber itself still reaches every state.
FRAMES = 30


def played(explorer, params, field: str, figure, shown, *, last: int, first: int = 0,
           every: int = 1, extra: tuple = (), redraw: bool = True):
    """``figure(shown)`` (the page's figure of its result) with the later steps as frames.

    ``field``: the scrubber's ``Params`` field, whose value (clamped to ``last``, the last
    recorded step) is the step ``shown`` holds; steps go from ``first`` in ``every``.
    ``figure``: a module-level builder, ``result -> figure``; ``extra``: what ``run``
    takes after the params. ``redraw``: see ``figures.animation.reel``.
    """
    step = min(max(getattr(params, field), first), last)
    base = dataclasses.replace(params, **{field: first})
    steps = sorted({first + every * i for i in strided(0, (last - first) // every, FRAMES)}
                   | {last})
    reel = _reel(explorer.__name__, figure.__module__, figure.__qualname__, base, field,
                 tuple(steps), extra, redraw)
    # At the last step (where several pages open) Play would have nowhere to go: it plays
    # the whole run from the start instead.
    after = next((i for i, name in enumerate(reel.names) if int(name) > step), 0)
    with unchecked():
        return animation.played(reel, figure(shown), step, after)


# Shared, not copied: a reel is never changed once built (st.cache_data would pickle up
# to ~2 MB of frames in and out on every scrubber move). Bounded like the results, by count
# and by bytes; a class opening the same page builds each reel once (docs/caching.md).
REELS = 16
REEL_BYTES = 64 * 2**20
_REELS = Memo(REELS, max_bytes=REEL_BYTES)


def _reel(explorer: str, module: str, builder: str, base, field: str, steps: tuple,
          extra: tuple, redraw: bool) -> animation.Reel:
    key = (explorer, module, builder, base, field, steps, extra, redraw)
    return _REELS.get(key, lambda: _build(*key))


def _build(explorer: str, module: str, builder: str, base, field: str, steps: tuple,
           extra: tuple, redraw: bool) -> animation.Reel:
    run = importlib.import_module(explorer).run
    draw = getattr(importlib.import_module(module), builder)
    with unchecked():
        figures = [draw(run(dataclasses.replace(base, **{field: s}), *extra)) for s in steps]
        return animation.reel(figures, steps, redraw=redraw)
