"""A scrubbed figure that plays in the browser, its frames cached across scrubber moves.

The frames are the page's own figure at the other steps of the same run, so they depend
on every setting but the scrubber: they are built once per run (keyed on the params with
the scrubber set to a fixed value) and a scrubber move only picks which of them are sent.
"""

from __future__ import annotations

import dataclasses
import importlib

import streamlit as st

from figures.animation import animated, strided, unchecked

CAPTION = "▶ Play runs in your browser, from the step the slider sets to the last."


def played(explorer, params, field: str, figure, shown, *, last: int, first: int = 0,
           every: int = 1, extra: tuple = (), redraw: bool = True, label=str):
    """``figure(shown)`` (the page's figure of its result) with the steps after it as frames.

    ``field``: the scrubber's ``Params`` field; ``shown``: the result the page drew, at
    step ``getattr(shown, ...)`` = the scrubber's value clamped to ``last``, the last
    recorded step, in steps of ``every`` from ``first``. ``figure``: a module-level
    builder, ``result -> figure``. ``label(step)`` names a frame.
    """
    step = min(max(getattr(params, field), first), last)
    base = dataclasses.replace(params, **{field: first})
    steps = sorted({first + every * i for i in strided(0, (last - first) // every)} | {last})
    later = [s for s in steps if s > step]
    specs = _frames(explorer.__name__, figure.__module__, figure.__qualname__, base, field,
                    tuple(steps), extra)
    frames = [specs[s] for s in later]
    with unchecked():
        return animated([figure(shown), *frames], [label(s) for s in (step, *later)], 0,
                        redraw=redraw)


# Bounded like the results' cache: each entry is one run's frames, up to ~2 MB.
@st.cache_data(max_entries=16, show_spinner=False)
def _frames(explorer: str, module: str, builder: str, base, field: str, steps: tuple,
            extra: tuple) -> dict:
    run = importlib.import_module(explorer).run
    draw = getattr(importlib.import_module(module), builder)
    with unchecked():
        return {s: draw(run(dataclasses.replace(base, **{field: s}), *extra)).to_dict()
                for s in steps}
