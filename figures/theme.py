"""One chart style for the whole app, sized to be read from the back of a lecture hall.

Colours are the Okabe–Ito palette, which stays distinguishable for the common forms
of colour blindness and on a washed-out projector, with four of Paul Tol's for pages that
show up to ten groups.
"""

import base64
import copy
import json
import re
import textwrap

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

BLACK, ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE, GREY = (
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    "#8C8C8C",
)
# Okabe–Ito has six colours for groups, once black (outlines, centroids) and yellow are set
# aside: yellow (#F0E442) has a contrast of 1.3 against white, a marker that vanishes on a
# projector. Tol's wine, indigo and olive, and a brown, are dark enough on white and stay
# apart from the six under simulated protanopia, deuteranopia and tritanopia
# (tests/test_chart_rules.py measures both), so ten groups (k-means' largest k, the ten
# digits) each get their own colour. Past ten, a page draws the rest in OTHER and says so.
WINE, INDIGO, OLIVE, BROWN = "#882255", "#332288", "#999933", "#8B5A2B"
PALETTE = [BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY, WINE, INDIGO, OLIVE, BROWN]
OTHER = GREY

# One name per colour, for every caption and legend that names one: a reader told "red" on
# one page and "orange" on the next for the same vermillion stops trusting either.
COLOUR_NAMES = {
    BLACK: "black", GREY: "grey", BLUE: "blue", VERMILLION: "red", GREEN: "green",
    ORANGE: "orange", PURPLE: "purple", SKY: "light blue", YELLOW: "yellow", WINE: "wine",
    INDIGO: "indigo", OLIVE: "olive", BROWN: "brown",
}


def group_colour(group: int) -> str:
    """The colour of group ``group`` (0, 1, …): its own up to ten, then OTHER for the rest."""
    return PALETTE[group] if 0 <= group < len(PALETTE) else OTHER

pio.templates["roadmap"] = go.layout.Template(
    layout=go.Layout(
        font=dict(size=17, family="Source Sans Pro, Arial, sans-serif"),
        title=dict(font=dict(size=20), x=0.0, xanchor="left"),
        colorway=PALETTE,
        # automargin: long tick labels push the axis title out instead of under it.
        xaxis=dict(automargin=True, showgrid=True, gridcolor="#E5E5E5", zeroline=False, title_font=dict(size=18),
                   ticks="outside", showline=True, linecolor="#444"),
        yaxis=dict(automargin=True, showgrid=True, gridcolor="#E5E5E5", zeroline=False, title_font=dict(size=18),
                   ticks="outside", showline=True, linecolor="#444"),
        legend=dict(font=dict(size=15), bgcolor="rgba(255,255,255,0.8)"),
        plot_bgcolor="white",
        paper_bgcolor="white",
        margin=dict(l=60, r=20, t=60, b=60),
        hoverlabel=dict(font_size=15),
    ),
    data=dict(scatter=[go.Scatter(line=dict(width=3), marker=dict(size=9))]),
)


# Every Plot carries this template as a plain dict. (Setting plotly's process-wide default
# would not hold: importing st.plotly_chart makes "streamlit" the default.) Each Plot gets
# its own copy, read back from JSON: figures are sent, diffed and animated by code that may
# change a dict it holds, and a change to a shared one would restyle every later figure of
# every session.
TEMPLATE = pio.templates["roadmap"].to_plotly_json()
_TEMPLATE_JSON = json.dumps(TEMPLATE)  # read back for each figure: ~10 µs, a deepcopy's tenth
MARGIN = pio.templates["roadmap"].layout.margin

# Property names that really contain an underscore; every other underscore in a key is
# plotly's "magic underscore" path (``line_width`` is ``line.width``).
_REAL_UNDERSCORES = {"error_x", "error_y", "error_z", "plot_bgcolor", "paper_bgcolor"}


# Plotly checks every property against its schema as a figure is built. That is worth it
# in the tests (tests/conftest.py turns it on for every figure and page they draw), but in
# the app it is three quarters of the build, for figures that have already passed those tests.
VALIDATE = False


class Plot:
    """A figure being built as plain dicts, validated by plotly once, in ``build()``.

    It takes the same calls as ``go.Figure`` (``add_scatter``, ``add_shape``,
    ``update_layout``, …). The difference is speed: a ``go.Figure`` re-validates its
    whole tree on every call, which cost 20–40 ms a chart and most of a slider move;
    collecting dicts and constructing once costs 3–8 ms.
    """

    def __init__(self, **layout):
        self.data: list[dict] = []
        self.layout: dict = _merge({"template": json.loads(_TEMPLATE_JSON)}, layout)
        self._built = False

    def add_trace(self, trace) -> None:
        self.data.append(_merge({}, trace if isinstance(trace, dict) else trace.to_plotly_json()))

    def add_scatter(self, **trace) -> None:
        self.data.append(_merge({"type": "scatter"}, trace))

    def add_shape(self, **shape) -> None:
        self.layout.setdefault("shapes", []).append(_merge({}, shape))

    def add_annotation(self, **annotation) -> None:
        self.layout.setdefault("annotations", []).append(_merge({}, annotation))

    def update_layout(self, **layout) -> None:
        _merge(self.layout, layout)

    def update_xaxes(self, **axis) -> None:
        _merge(self.layout.setdefault("xaxis", {}), axis)

    def update_yaxes(self, **axis) -> None:
        _merge(self.layout.setdefault("yaxis", {}), axis)

    def build(self) -> go.Figure:
        # In the tests, plotly checks every property. In the app the dicts go out as they
        # are, with the traces' arrays written ahead as plotly.js typed arrays (``typed``);
        # tests/test_theme.py checks that both ways send the same JSON.
        layout = readable(self.layout, self.data)
        if self._built and "template" in layout:  # built again: each figure its own template
            layout["template"] = _fresh(layout["template"])
        self._built = True
        if VALIDATE:
            return go.Figure(dict(data=self.data, layout=layout))
        return Sent(dict(data=[typed(trace) for trace in self.data], layout=layout))


class Sent(go.Figure):
    """A figure already written as the dict plotly would send, as the app builds it.

    ``st.plotly_chart`` asks a figure for ``to_dict()`` and writes that as JSON. A
    ``go.Figure`` made from the dicts, even unchecked, first makes an object of every
    trace and then deep-copies them all back into dicts: 8 of the 10 ms the comparison's
    eight panels took to reach the page. Every figure function ends with ``build()``, and
    nothing changes a figure after it, so this one hands over the dict it was made from
    (its ``data`` and ``layout`` stay empty). tests/test_theme.py checks the JSON sent is
    plotly's own.
    """

    def __init__(self, spec: dict):
        # An empty template: the default one would be deep-copied in, only to go unused.
        super().__init__(layout={"template": {}}, _validate=False)
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec

    def to_plotly_json(self) -> dict:
        return self._spec


def layout_of(fig) -> dict:
    """A built figure's layout as the dict sent to the browser (a ``Sent`` keeps its
    ``go.Figure`` layout empty, so ``fig.layout`` would read nothing)."""
    return fig.to_dict().get("layout", {})


def restyled(fig, **layout):
    """A built figure with some of its layout changed (a comparison's side in the title, a
    lecture's taller chart), as a new figure: ``fig`` may be cached and shared, and a
    ``Sent`` ignores ``update_layout``. Keys as in ``update_layout`` (``title_text=...``)."""
    spec = fig.to_dict()
    touched = _touched(layout)  # only those are copied: the rest (and the traces) are shared
    changed = _merge({k: copy.deepcopy(v) if k in touched else v for k, v in spec.get("layout", {}).items()},
                     layout)
    if isinstance(fig, Sent):
        return Sent({**spec, "layout": changed})
    return go.Figure(dict(data=spec.get("data", []), layout=changed))


def _touched(layout: dict) -> set:
    """The top-level layout keys an ``update_layout``-style change reaches into."""
    return {key if key in _REAL_UNDERSCORES or "_" not in key else key.split("_")[0] for key in layout}


# The arrays plotly sends as plotly.js typed arrays, by dtype. It narrows 64-bit integers
# first, so those are left to it, as are empty arrays, which it sends as lists.
TYPED = {"float64": "f8", "float32": "f4", "int8": "i1", "uint8": "u1", "int16": "i2",
         "uint16": "u2", "int32": "i4", "uint32": "u4"}


def typed(trace: dict) -> dict:
    """A trace with its numpy arrays written as plotly.js typed arrays (base64 of the bytes).

    plotly writes them so for the browser anyway, but array by array, as each chart is
    sent, behind checks for dataframes that cost more than the encoding itself: about a
    third of a rerun that only redraws. tests/test_theme.py checks that the chart's JSON
    is plotly's own, byte for byte.
    """
    out = {}
    for key, value in trace.items():
        if isinstance(value, dict):
            value = typed(value)
        elif isinstance(value, np.ndarray) and value.size and value.dtype.name in TYPED:
            array = np.ascontiguousarray(value)
            value = {"dtype": TYPED[array.dtype.name], "bdata": base64.b64encode(array).decode("ascii")}
            if array.ndim > 1:
                value["shape"] = str(array.shape)[1:-1]  # "50, 50", as plotly writes it
        out[key] = value
    return out


def figure(title: str, x: str, y: str, height: int = 440, **layout) -> Plot:
    """An empty figure in the app's style with labelled axes; call ``build()`` at the end."""
    return Plot(title=dict(text=title), height=height, xaxis=dict(title=dict(text=x)),
                yaxis=dict(title=dict(text=y)), **layout)


AXIS = re.compile(r"^([xy])axis(\d*)$")


def readable(layout: dict, data: list[dict]) -> dict:
    """The layout with the rules every chart keeps applied where the figure left them open.

    Done here, once, so that no page has to remember them. Returns a copy: a Plot can be
    built twice.
    """
    layout = dict(layout)
    title = layout.get("title")
    if isinstance(title, dict) and len(title.get("text") or "") > TITLE_CHARS and "<" not in title["text"]:
        lines = _wrapped(title["text"], TITLE_CHARS)
        # Hung from the top of the figure: plotly centres only a title's first line in the
        # margin, so the lines below it fell onto the plot. It anchors that first line's
        # baseline, not the text's top, hence a pad of a line's height (measured in Chromium).
        layout["title"] = {"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 28},
                           **title, "text": "<br>".join(lines)}
        margin = layout.get("margin", {})
        layout["margin"] = {**margin, "t": max(margin.get("t", MARGIN.t) + TITLE_LINE * (len(lines) - 1),
                                               20 + (TITLE_LINE + 2) * len(lines))}
    legend = layout.get("legend")
    if isinstance(legend, dict) and legend.get("yref", "paper") == "paper" and legend.get("y", 1) < 0:
        layout["legend"] = _legend_at_foot(legend)
    for key, axis in layout.items():
        match = AXIS.match(key)
        if match and isinstance(axis, dict) and axis.get("type") == "log":
            layout[key] = _log_ticks(axis, _extent(data, match[1], match[1] + match[2]))
    return layout


# A title's characters per line: what a chart in one of two columns holds at 1280 px wide
# (about 400 px at the title's 20 px; 42 ran 3 px over). Plotly never wraps a title; it
# runs off the edge.
TITLE_CHARS, TITLE_LINE = 40, 24


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` on lines of at most ``width`` characters, broken where a reader pauses.

    A break after a colon or semicolon is preferred to one after a comma, and that to one
    before a bracket or at any space, so "iteration 40" or "q ≈ 3" stay on one line; among
    breaks of the same kind, the one that leaves the lines most even.
    """
    if len(text) <= width:
        return [text]
    for pattern in (r"(?<=[:;]) ", r"(?<=,) ", r" (?=\()", r" "):
        breaks = [m.start() for m in re.finditer(pattern, text)]
        # Both lines within the width, the most even first; else the first line as full as
        # it can be, and the rest wrapped again.
        fits = [b for b in breaks if b <= width and len(text) - b - 1 <= width]
        if fits:
            at = min(fits, key=lambda b: abs(len(text) - 2 * b))
            return [text[:at], text[at + 1:]]
    for pattern in (r"(?<=[:;]) ", r"(?<=,) ", r" "):
        breaks = [m.start() for m in re.finditer(pattern, text) if width // 2 <= m.start() <= width]
        if breaks:
            return [text[:breaks[-1]], *_wrapped(text[breaks[-1] + 1:], width)]
    return textwrap.wrap(text, width)


def _legend_at_foot(legend: dict) -> dict:
    """A legend below the plot, pinned to the foot of the figure instead of the plot's edge.

    Placed at a share of the plot's height (``y=-0.2``), a legend lands wherever that share
    falls: on the x-axis title when the plot is short or the legend wraps onto more rows.
    Measured from the figure's foot (``yref="container"``), plotly reserves the legend's own
    height at the bottom and pushes the axis title and tick labels above it (automargin),
    however many rows the legend wraps onto at the width the page gives the chart.
    """
    return {**legend, "yref": "container", "y": 0, "yanchor": "bottom"}


def _log_ticks(axis: dict, extent: tuple[float, float] | None) -> dict:
    """Labels at whole decades on a log axis, unless the figure chose its own ticks.

    Plotly's default also labels 2 and 5 inside each decade, in small print and without the
    decade ("10 2 5 100 2 5"): from the back of the room that reads as 10, 2, 5, 100. An
    axis that spans less than two decades would keep one label or none, so it gets 1-2-5
    steps written out in full (0.2, 0.5, 1, 2) instead.
    """
    if any(key in axis for key in ("dtick", "tickvals", "tickmode")):
        return axis
    axis = dict(axis)
    if "range" in axis:
        extent = tuple(axis["range"])
    elif extent is not None:
        extent = tuple(np.log10(extent))
    decades = None if extent is None else np.floor(max(extent)) - np.ceil(min(extent)) + 1
    if decades is None or decades >= 2:
        # Eight labels at most: a wild fit can stretch an axis over twenty decades.
        axis["dtick"] = 1 if decades is None else max(1, int(np.ceil(decades / 8)))
        axis.setdefault("exponentformat", "power")  # 10⁻³, 1, 10, 10², 10³
    else:
        axis["dtick"] = "D2"
        axis.setdefault("tickformat", "~g")  # every label a whole number: 20, 50, 100
    return axis


def _extent(data: list[dict], letter: str, ref: str) -> tuple[float, float] | None:
    """The smallest and largest positive value the traces put on axis ``ref`` (x, x2, y…)."""
    lo, hi = np.inf, -np.inf
    for trace in data:
        if trace.get(f"{letter}axis", letter) != ref or letter not in trace:
            continue
        try:
            values = np.asarray(trace[letter], dtype=float).ravel()
        except (TypeError, ValueError):  # categories, dates: not on a log axis
            continue
        values = values[np.isfinite(values) & (values > 0)]
        if values.size:
            lo, hi = min(lo, values.min()), max(hi, values.max())
    return (float(lo), float(hi)) if lo <= hi else None


def pp(delta: float, digits: int = 1) -> str:
    """A difference of two shares in percentage points: 0.912 − 0.874 is "+3.8 pp".

    Written "+3.8%" it reads as a relative change (3.8% of 87.4% would be 3.3 points).
    """
    points = round(100 * delta, digits) + 0.0  # + 0.0 turns a rounded -0.0 into 0.0
    return f"{points:+.{digits}f} pp"


def _fresh(value):
    """A copy of JSON-like ``value`` that shares no dict or list with it."""
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    return value


def _merge(into: dict, updates: dict) -> dict:
    """Deep-merge ``updates`` into ``into``, expanding magic-underscore keys."""
    for key, value in updates.items():
        path = [key] if key in _REAL_UNDERSCORES or "_" not in key else key.split("_")
        target = into
        for part in path[:-1]:
            target = target.setdefault(part, {})
        last = path[-1]
        if isinstance(value, dict):
            if not isinstance(target.get(last), dict):
                target[last] = {}
            _merge(target[last], value)
        else:
            target[last] = value
    return into
