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

Where the slider sets *what* is walked (a training episode) or how far (an optimizer's
steps) rather than a step within it, ``grown`` draws the walk again from its start: the
frames are slices of the traces already drawn, cheap enough to build on every move.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Reel:
    """A run's frames, diffed once, from which any step on can be played (``played``).

    Built once per run (the part that costs: comparing every frame with the one before),
    then each scrubber move only picks the frames after the step shown.
    """

    names: tuple  # each frame's name (the step it shows)
    specs: tuple  # each frame's figure as a dict, padded to ``count`` traces
    changes: tuple  # each frame as plotly.js applies it: what changed from the one before
    every: tuple  # (per trace, layout): every property any frame sets, to clear
    varying: tuple  # layout keys that change from frame to frame
    redraw: bool
    frame_ms: int


def reel(figures: Sequence, labels: Sequence, *, redraw: bool = True,
         frame_ms: int = FRAME_MS, max_bytes: int = MAX_BYTES) -> Reel:
    """The frames of ``figures`` (the page's figure at each recorded step, or its
    ``to_dict()``) named by ``labels``, thinned to ``max_bytes`` of JSON.

    ``redraw``: heatmaps and contours only change on a full redraw; scatters animate
    without one, which is faster.
    """
    if not figures:  # the step shown is the last: nothing to play after it
        return Reel((), (), (), ([], {}), (), redraw, frame_ms)
    specs = _pad([_with_room(f if isinstance(f, dict) else f.to_dict()) for f in figures])
    names = [str(label) for label in labels]
    kept = list(range(len(specs)))
    changes = _changes(specs, names, kept)
    # Past the byte budget, drop every other frame between the first and the last, keeping
    # the run's start and end exact, until it fits.
    while len(kept) > 2 and _size(changes) > max_bytes:
        kept = kept[:-1:2] + [kept[-1]] if len(kept) > 3 else [kept[0], kept[-1]]
        changes = _changes(specs, names, kept)
    specs = [specs[i] for i in kept]
    varying = _varying(specs)
    every = ([_union([spec["data"][t] for spec in specs]) for t in range(len(specs[0]["data"]))],
             _union([_parts(spec, varying) for spec in specs]))
    return Reel(tuple(names[i] for i in kept), tuple(specs), tuple(changes), every,
                tuple(varying), redraw, frame_ms)


def played(r: Reel, shown, label, after: int) -> go.Figure:
    """The figure ``shown`` (the page's own, at step ``label``) with the frames of ``r``
    from index ``after`` on: what Play runs through.

    The first two frames are sent whole, each later one as its change from the one
    before. Whole, because Play starts from whatever an earlier Play stopped at, and the
    shown step need not be one of the reel's.
    """
    spec = _pad([_with_room(shown if isinstance(shown, dict) else shown.to_dict())],
                len(r.specs[0]["data"]) if r.specs else 0)[0]
    later = list(range(after, len(r.specs)))
    count = max([len(s["data"]) for s in (spec, *r.specs[after:])])
    # What the two whole frames clear: every property of the shown figure or any frame.
    # The padding (hidden traces) where the shown figure or the first frame has fewer.
    fewest = min(len(s["data"]) for s in (spec, *r.specs[after:after + 1]))
    traces = [_union([*r.every[0][t:t + 1], *spec["data"][t:t + 1],
                      *([dict(visible=False)] if t >= fewest else [])]) for t in range(count)]
    varying = sorted(set(r.varying) | set(_varying([spec, *r.specs[after:after + 1]])))
    parts = _union([r.every[1], _parts(spec, varying),
                    *(_parts(s, varying) for s in r.specs[after:after + 1])])
    frames = [_whole(spec, str(label), count, traces, varying, parts)]
    if later:
        frames.append(_whole(r.specs[later[0]], r.names[later[0]], count, traces, varying, parts))
        frames += [r.changes[i] for i in later[1:]]
    layout = dict(spec["layout"])
    layout["updatemenus"] = [*layout.get("updatemenus", ()), _buttons(
        [frame["name"] for frame in frames], r.redraw, r.frame_ms)]
    out = dict(data=spec["data"], layout=layout, frames=frames)
    if theme.VALIDATE:
        go.Figure(out)  # raises on any property plotly does not know
    # Sent as built even in the tests: plotly's own JSON drops the frames' nulls, which
    # plotly.js needs to clear what an earlier frame set.
    return theme.Sent(out)


def animated(figures: Sequence, labels: Sequence, active: int, **options) -> go.Figure:
    """One figure showing ``figures[active]``, with the frames from there to the last.

    Frames before ``active`` are not sent: Play runs forwards from the step shown.
    ``options``: those of ``reel``.
    """
    if not 0 <= active < len(figures):
        raise ValueError(f"active frame {active} is not one of the {len(figures)} figures")
    return played(reel(figures[active + 1:], labels[active + 1:], **options),
                  figures[active], labels[active], 0)


def grown(shown, names: Sequence[str], steps: Sequence[Sequence[dict]], labels: Sequence, *,
          frame_ms: int = FRAME_MS) -> go.Figure:
    """``shown`` with Play drawing its traces ``names`` again step by step, from the first.

    ``steps``: per step shown, those traces' ``x`` and ``y`` (a dict each, in the order of
    ``names``), the last step the whole. For a slider that sets *what* is replayed (a
    training episode) or how far a walk goes, not a step within it: the figure opens with
    the whole walk, and the frames only change those light traces, so they cost next to
    nothing to build on every move.
    """
    spec = _with_room(shown if isinstance(shown, dict) else shown.to_dict())
    index = {trace.get("name"): i for i, trace in enumerate(spec["data"])}
    traces = [index[name] for name in names]
    frames = [dict(name=str(label), data=[theme.typed(trace) for trace in step], traces=traces)
              for step, label in zip(steps, labels)]
    layout = dict(spec["layout"])
    layout["updatemenus"] = [*layout.get("updatemenus", ()), _buttons(
        [frame["name"] for frame in frames], False, frame_ms)]
    out = dict(data=spec["data"], layout=layout, frames=frames)
    if theme.VALIDATE:
        go.Figure(out)
    return theme.Sent(out)


def _whole(spec: dict, name: str, count: int, traces: list, varying: list, parts: dict) -> dict:
    """A frame that sets every property in ``traces`` and ``parts`` (null where it has none)."""
    data = [*spec["data"], *[dict(type="scatter", visible=False)] * (count - len(spec["data"]))]
    frame = dict(name=name, data=[_cleared(trace, traces[t]) for t, trace in enumerate(data)],
                 traces=list(range(count)))
    layout = _cleared(_parts(spec, varying), parts)
    if layout:
        frame["layout"] = layout
    return frame


def _parts(spec: dict, keys) -> dict:
    return {key: spec["layout"].get(key, EMPTY.get(key)) for key in keys}


def _changes(specs: list[dict], names: list[str], kept: list[int]) -> list[dict]:
    """Each kept frame as its change from the kept frame before it (the first whole).

    plotly.js merges a frame into what is drawn, so a property a frame leaves out keeps
    its old value: each one a trace or layout part had before and lacks now is sent as
    null.
    """
    varying = _varying([specs[i] for i in kept])
    frames, previous = [], None
    for i in kept:
        data, layout = specs[i]["data"], _parts(specs[i], varying)
        if previous is None:
            traces, sent, changed = list(range(len(data))), list(data), layout
        else:
            old_data, old_layout = specs[previous]["data"], _parts(specs[previous], varying)
            traces = [t for t in range(len(data)) if _key(data[t]) != _key(old_data[t])]
            sent = [_cleared(data[t], old_data[t]) for t in traces]
            changed = {k: _cleared(v, old_layout[k]) for k, v in layout.items()
                       if _key(v) != _key(old_layout[k])}
        frame = dict(name=names[i], data=sent, traces=traces)
        if changed:
            frame["layout"] = changed
        frames.append(frame)
        previous = i
    return frames


def _pad(specs: list[dict], count: int = 0) -> list[dict]:
    """Every frame with as many traces as the one with most, padded with hidden ones.

    A frame can change traces but not add or remove them, and some figures draw a trace
    only when there is something to show (an episode's path, a level of shading). Traces
    are matched by position, so a builder keeps those last or in a fixed order.
    """
    count = max([count, *(len(spec["data"]) for spec in specs)])
    return [{**spec, "data": [*spec["data"], *[dict(type="scatter", visible=False)]
                              * (count - len(spec["data"]))]} for spec in specs]


def _leaf(value) -> bool:
    return not isinstance(value, dict) or "bdata" in value  # a typed array is one value


def _union(values: list):
    """Every property any of ``values`` has (nested), each with one of its values."""
    if not values:
        return {}
    if any(_leaf(v) for v in values):
        return values[-1]
    keys = {key for value in values for key in value}
    return {key: _union([v[key] for v in values if key in v]) for key in keys}


def _cleared(new, old):
    """``new`` with null for every property ``old`` has and ``new`` lacks (nested)."""
    if _leaf(new) or _leaf(old):
        return new
    out = {key: None for key in old if key not in new}
    out.update({key: _cleared(value, old[key]) if key in old else value
                for key, value in new.items()})
    return out


def _varying(specs: list[dict]) -> list[str]:
    """Layout keys whose value is not the same in every frame."""
    # The template is the theme's, the same in every frame and the bulk of a layout.
    keys = {key for spec in specs for key in spec["layout"]} - {"template"}
    out = []
    for key in sorted(keys):
        seen = {_key(spec["layout"].get(key, EMPTY.get(key))) for spec in specs}
        if len(seen) > 1:
            if key not in EMPTY and any(key not in spec["layout"] for spec in specs):
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
