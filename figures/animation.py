"""Play a scrubbed figure in the browser: Plotly animation frames and a Play/Pause pair.

A scrubber (k-means' half-step, t-SNE's iteration, value iteration's sweep …) picks one
recorded state, and the page draws it. Playing those states one after another through the
server would cost a rerun and a redraw a frame, a few frames a second at best. Instead the
figure carries the later states as Plotly ``frames`` and plotly.js steps through them by
itself, with no round trip. The scrubber still holds the state the figure opens at (and
the link keeps it); Play runs from there to the last state, Pause stops.

Each frame is the figure the page's own builder draws at that step, so what plays is
exactly what the scrubber would show. Only what changed from one frame to the next is
sent (the traces and layout parts that differ), which keeps the payload small when, say,
k-means' regions change on one half-step in two.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from figures import theme

MAX_FRAMES = 60  # states a chart carries at most; longer histories are strided
FRAME_MS = 80  # 12.5 frames a second (at least 10, as a scrubber dragged by hand)
MAX_BYTES = 2_000_000  # JSON per animated chart; frames are thinned past it
# Layout parts that may change from frame to frame and have an empty value to go back to.
EMPTY = {"shapes": [], "annotations": []}


def strided(first: int, last: int, limit: int = MAX_FRAMES) -> list[int]:
    """At most ``limit`` evenly strided steps from ``first`` to ``last``, both included."""
    if last <= first:
        return [first]
    stride = max(1, math.ceil((last - first) / (limit - 1)))
    return sorted(set(range(first, last, stride)) | {last})


def animated(figures: Sequence[go.Figure], labels: Sequence, active: int, *,
             redraw: bool = True, frame_ms: int = FRAME_MS,
             max_bytes: int = MAX_BYTES) -> go.Figure:
    """One figure showing ``figures[active]``, with the frames from there to the last.

    ``figures``: the page's figure at each recorded step (or its ``to_dict()``), in
    order, all with the same traces (only their values change). ``labels``: the frames' names (the step each shows).
    ``redraw``: heatmaps and contours only change on a full redraw; scatters animate
    without one. Frames before ``active`` are not sent: Play runs forwards from the state
    the scrubber picked.
    """
    if not 0 <= active < len(figures):
        raise ValueError(f"active frame {active} is not one of the {len(figures)} figures")
    specs = [_with_room(f if isinstance(f, dict) else f.to_dict()) for f in figures[active:]]
    names = [str(label) for label in labels[active:]]
    count = len(specs[0]["data"])
    if any(len(spec["data"]) != count for spec in specs):
        raise ValueError("every frame must have the same traces (only their values change)")
    kept = list(range(len(specs)))
    frames = _frames(specs, names, kept)
    # Past the byte budget, drop every other frame between the first and the last, keeping
    # the sweep's start and end exact, until it fits.
    while len(kept) > 2 and _size(frames) > max_bytes:
        kept = kept[:-1:2] + [kept[-1]] if len(kept) > 3 else [kept[0], kept[-1]]
        frames = _frames(specs, names, kept)
    layout = dict(specs[0]["layout"])
    layout["updatemenus"] = [*layout.get("updatemenus", ()), _buttons(
        [frame["name"] for frame in frames], redraw, frame_ms)]
    spec = dict(data=specs[0]["data"], layout=layout, frames=frames)
    return go.Figure(spec) if theme.VALIDATE else theme.Sent(spec)


def _frames(specs: list[dict], names: list[str], kept: list[int]) -> list[dict]:
    """The kept frames: the first whole, each later one only what its predecessor changed.

    The first is whole because Play starts there from wherever an earlier Play stopped.
    """
    layouts = [{key: spec["layout"].get(key, EMPTY.get(key)) for key in _varying(specs, kept)}
               for spec in specs]
    frames, previous = [], None
    for i in kept:
        data, layout = specs[i]["data"], layouts[i]
        if previous is None:
            traces, changed = list(range(len(data))), dict(layout)
        else:
            old_data, old_layout = specs[previous]["data"], layouts[previous]
            traces = [t for t in range(len(data)) if _key(data[t]) != _key(old_data[t])]
            changed = {k: v for k, v in layout.items() if _key(v) != _key(old_layout[k])}
        frame = dict(name=names[i], data=[data[t] for t in traces], traces=traces)
        if changed:
            frame["layout"] = changed
        frames.append(frame)
        previous = i
    return frames


def _varying(specs: list[dict], kept: list[int]) -> list[str]:
    """Layout keys whose value is not the same in every kept frame."""
    keys = {key for i in kept for key in specs[i]["layout"]}
    out = []
    for key in sorted(keys):
        seen = {_key(specs[i]["layout"].get(key, EMPTY.get(key))) for i in kept}
        if len(seen) > 1:
            if key not in EMPTY and any(key not in specs[i]["layout"] for i in kept):
                raise ValueError(f"layout.{key} is missing from some frames, with nothing to "
                                 "reset it to")
            out.append(key)
    return out


BUTTONS_PX = 40  # the row the buttons take, between the title and the plot


def _with_room(spec: dict) -> dict:
    """The figure with a row for the buttons between its title and its plot.

    Beside the title they would cover it on a half-width chart, and at the top right the
    mode bar appears over them on hover. The plot gives up the row; the height stays, so
    the page below does not move.
    """
    layout = dict(spec["layout"])
    height = layout.get("height", 450)
    margin = {**theme.TEMPLATE["layout"]["margin"], **layout.get("margin", {})}
    layout["margin"] = {**margin, "t": margin["t"] + BUTTONS_PX}
    # Pinned to the top (it would otherwise sit in the middle of the taller margin).
    title = layout.get("title", {})
    layout["title"] = {**title, "yref": "container", "y": 1 - 12 / height, "yanchor": "top"}
    return {**spec, "layout": layout}


def _buttons(names: list[str], redraw: bool, frame_ms: int) -> dict:
    play = [names, dict(frame=dict(duration=frame_ms, redraw=redraw), mode="immediate",
                        fromcurrent=False, transition=dict(duration=0))]
    # Animating to [null] is plotly.js's way to stop: it empties the frame queue.
    pause = [[None], dict(frame=dict(duration=0, redraw=False), mode="immediate",
                          transition=dict(duration=0))]
    return dict(type="buttons", direction="left", showactive=False, x=0.0, xanchor="left",
                y=1.0, yanchor="bottom", pad=dict(t=0, r=0, b=6), font=dict(size=15),
                buttons=[dict(label="▶ Play", method="animate", args=play),
                         dict(label="❚❚ Pause", method="animate", args=pause)])


def _key(value) -> str:
    """``value`` as text that differs whenever a value differs, arrays included."""
    return json.dumps(value, sort_keys=True, default=_exact)


def _exact(value) -> str:
    # An array left for plotly to encode (64-bit integers): its bytes, as str() elides.
    if isinstance(value, np.ndarray):
        return f"{value.dtype}{value.shape}{hashlib.sha1(np.ascontiguousarray(value)).hexdigest()}"
    return str(value)


def _size(frames: list[dict]) -> int:
    # Arrays plotly will encode count as their base64 bytes (no more: it narrows integers).
    arrays = []

    def bytes_of(value):
        if isinstance(value, np.ndarray):
            arrays.append(value.nbytes * 4 // 3)
            return ""
        return str(value)

    return len(json.dumps(frames, default=bytes_of)) + sum(arrays)


@contextlib.contextmanager
def unchecked():
    """Build figures without plotly's schema check, for frames drawn by a page.

    The tests check every property of every figure (``theme.VALIDATE``), which costs
    50–100 ms a frame: sixty frames on every page run of the AppTest sweeps would be
    minutes. The frames are the page's own figure at other steps, which
    tests/test_animation.py checks in full, so pages build them unchecked. In the app
    the check is already off and this changes nothing.
    """
    if not theme.VALIDATE:
        yield
        return
    theme.VALIDATE = False
    try:
        yield
    finally:
        theme.VALIDATE = True
