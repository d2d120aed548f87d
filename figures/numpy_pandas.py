"""Figures for the Python, NumPy & pandas page: pure ``Result -> plotly Figure`` functions.

The tables are drawn cell by cell on hidden axes whose unit is one character of the
monospaced font, so every column is as wide as its longest text and the lines from input
rows to output rows can start and end at the rows themselves.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers._broadcasting import ABSENT, CLASH, SAME, STRETCHED, shape_text
from explorers._pandas_chain import GONE, GROUP, MISSING, NEW, PLAIN, READ, Table
from explorers.numpy_pandas import Result
from figures.theme import (BLACK, BLUE, BROWN, GREEN, GREY, INDIGO, OLIVE, ORANGE, PURPLE, SKY, VERMILLION,
                           WINE, figure)

MONO = "Source Code Pro, Menlo, Consolas, monospace"
CHAR = 0.6  # a monospaced character's width, in ems
PAD = 1.4  # characters of room in a cell beside its text
GAP = 7.0  # characters between the tables, where the lines run
CODE_LINES = 3  # the chain's steps, written above the tables
# The text is as large as the widest drawing lets it be where the chart is narrowest: about
# 760 px across at a 1280-pixel window. A row is at most ROW_PX high, less where the tables
# are long, so that the chart stays within TALLEST px and its top half on a laptop's screen.
NARROWEST, TALLEST, FRAME = 760, 700, 150  # px; FRAME: the title, the legend and the margins
ROW_PX, LARGEST, SMALLEST = 27, 16, 12
# A group's colour: never the light blue of a column read or the green of cells made, so
# that no colour means two things. Eight, for a pivot's four days by two meals, ordered so
# that the first four (the most days there are) stay far apart as tints; blue, nearest the
# light blue of a column read, comes last.
GROUP_COLOURS = (ORANGE, PURPLE, OLIVE, INDIGO, VERMILLION, WINE, BROWN, BLUE)


def group_colour(group: int) -> str:
    return GROUP_COLOURS[group % len(GROUP_COLOURS)]

HEADER_FILL, PLAIN_FILL = "#E4E4E4", "#F6F6F6"


def tint(colour: str, alpha: float = 0.32) -> str:
    """A light fill of a theme colour, dark text staying readable on it."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


FILLS = {PLAIN: PLAIN_FILL, READ: tint(SKY, 0.45), GONE: "#FFFFFF", NEW: tint(GREEN), MISSING: "#FFFFFF"}
TEXTS = {GONE: GREY, MISSING: VERMILLION}
LEGEND = {READ: ("read by the step", tint(SKY, 0.45), BLACK),
          NEW: ("made by the step", tint(GREEN), BLACK),
          GONE: ("does not reach the output", "#FFFFFF", GREY),
          MISSING: ("missing (NaN)", "#FFFFFF", VERMILLION)}


class _Canvas:
    """Cells as filled polygons (one trace per look), their text (one trace), and lines."""

    def __init__(self):
        self.boxes: dict[tuple[str, str, str], list] = {}  # (fill, outline, dash) -> corners
        self.words: list[tuple[float, float, str, str, str]] = []  # x, y, text, colour, anchor
        self.lines: dict[str, list] = {}  # colour -> segments
        self.roles: set[int] = set()

    def box(self, x0, x1, y0, y1, fill, outline="#FFFFFF", dash="solid"):
        self.boxes.setdefault((fill, outline, dash), []).extend(
            [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0), (None, None)])

    def word(self, x, y, text, colour=BLACK, anchor="middle center"):
        """Text at (x, y): centred there, or starting there (``anchor="middle right"``)."""
        self.words.append((x, y, text, colour, anchor))

    def line(self, x0, y0, x1, y1, colour):
        self.lines.setdefault(colour, []).extend([(x0, y0), (x1, y1), (None, None)])

    def table(self, t: Table, left: float, top: float) -> list[float]:
        """Draw ``t`` with its header's top at ``top``; returns the column edges."""
        texts = [(t.index_name, *t.columns), *t.cells]
        widths = [max(len(row[c]) for row in texts) + PAD for c in range(len(texts[0]))]
        edges = list(np.cumsum([left, *widths]))
        for c, name in enumerate(texts[0]):
            fill = HEADER_FILL if t.header[c] == PLAIN else FILLS[t.header[c]]
            self.box(edges[c], edges[c + 1], top, top + 1, fill)
            self.word((edges[c] + edges[c + 1]) / 2, top + 0.5, f"<b>{name}</b>")
            self.roles.add(int(t.header[c]))
        for r, row in enumerate(t.cells):
            y = top + 1 + r
            for c, value in enumerate(row):
                role, group = int(t.role[r, c]), int(t.group[r, c])
                self.roles.add(role)
                fill = tint(group_colour(group)) if role == GROUP else FILLS[role]
                self.box(edges[c], edges[c + 1], y, y + 1, fill)
                colour = TEXTS.get(role, BLACK if c else GREY)  # the index in grey, as pandas prints it
                self.word((edges[c] + edges[c + 1]) / 2, y + 0.5, value, colour)
        return edges

    def draw(self, fig, font: int = LARGEST) -> None:
        for (fill, outline, dash), corners in self.boxes.items():
            x, y = zip(*corners)
            fig.add_scatter(x=x, y=y, mode="lines", fill="toself", fillcolor=fill, hoverinfo="skip",
                            line=dict(color=outline, width=1.5, dash=dash), showlegend=False)
        for colour, points in self.lines.items():
            x, y = zip(*points)
            fig.add_scatter(x=x, y=y, mode="lines", line=dict(color=colour, width=2),
                            opacity=0.8, hoverinfo="skip", showlegend=False)
        x, y, text, colour, anchor = zip(*self.words)
        fig.add_scatter(x=x, y=y, text=text, mode="text", hoverinfo="skip", showlegend=False,
                        textposition=list(anchor),
                        textfont=dict(family=MONO, size=font, color=list(colour)))


def chain_figure(r: Result) -> go.Figure:
    """The shown step's table before and after it, every input row joined to its output row."""
    s = r.step
    canvas = _Canvas()
    # The chain's code above the tables, the shown step marked, as Pandas Tutor writes it.
    for step in r.steps:
        shown = step.number == s.number
        colour = VERMILLION if step.status == "failed" else BLACK if shown and step.status == "ran" else GREY
        y = step.number - 1 - CODE_LINES - 1.6
        canvas.word(0, y, _code_line(step), colour, "middle right")
        if shown or step.status == "failed":  # marked apart: a glyph may be wider than a character
            canvas.word(-1.2, y, "✗" if step.status == "failed" else "▶", colour)
    widest = max(len(word[2]) for word in canvas.words)
    top = 0.0
    before = canvas.table(s.before, 0.0, top)
    bottom = top + 1 + s.before.n_rows
    canvas.word((before[0] + before[-1]) / 2, top - 0.7, f"<b>before</b>: {_rows(s.before.n_rows)}")
    if s.rota is not None:
        rota_top = bottom + 2.0
        canvas.table(s.rota, 0.0, rota_top)
        canvas.word(0.0, rota_top - 0.6, "<b>rota</b>, merged on day", anchor="middle right")
        bottom = rota_top + 1 + s.rota.n_rows
    left = before[-1] + GAP
    if s.after is not None:
        after = canvas.table(s.after, left, top)
        canvas.word((after[0] + after[-1]) / 2, top - 0.7, f"<b>after</b>: {_rows(s.after.n_rows)}")
        bottom = max(bottom, top + 1 + s.after.n_rows)
        for i, j, g in s.links:
            colour = GREY if g < 0 else group_colour(int(g))
            canvas.line(before[-1] + 0.3, top + 1.5 + i, left - 0.3, top + 1.5 + j, colour)
        widest = max(widest, after[-1])
    else:
        note = _idle_note(r)
        canvas.word(left, top + 1.5, note, VERMILLION if s.status == "failed" else GREY, "middle right")
        widest = max(widest, left + len(note))
    high = bottom + CODE_LINES + 2.6  # rows, from the first code line to the last table row
    row = min(ROW_PX, (TALLEST - FRAME) / high)
    fig = figure(_title(r), "", "", height=round(row * high + FRAME))
    canvas.draw(fig, font=int(max(SMALLEST, min(LARGEST, 0.62 * row, NARROWEST / (CHAR * (widest + 2.7))))))
    _legend(fig, canvas.roles, s)
    fig.update_xaxes(visible=False, range=[-2.2, widest + 0.5])
    fig.update_yaxes(visible=False, range=[bottom + 0.3, -CODE_LINES - 2.3])
    fig.update_layout(margin=dict(l=10, r=10, t=60, b=10),
                      legend=dict(orientation="h", y=-0.05, x=0.0))
    return fig.build()


def outcome_figure(r: Result) -> go.Figure:
    """The table the shown step made, its cells marked as in the chain figure: narrow enough
    for two side by side, as "Compare two settings" draws them (the chain figure needs the
    whole width for its two tables and its code)."""
    s = r.step
    canvas = _Canvas()
    table = s.after if s.after is not None else s.before
    edges = canvas.table(table, 0.0, 0.0)
    said = f"<b>after</b>: {_rows(table.n_rows)}" if s.after is not None else _idle_note(r)
    canvas.word(0.0, -0.7, said, VERMILLION if s.status == "failed" else BLACK, "middle right")
    widest = max(edges[-1], len(said) if s.after is None else 0)
    high = table.n_rows + 2.6
    row = min(ROW_PX, (TALLEST - FRAME) / high)
    fig = figure(_title(r), "", "", height=round(row * high + FRAME))
    canvas.draw(fig, font=int(max(SMALLEST, min(LARGEST, 0.62 * row, NARROWEST / 2 / (CHAR * (widest + 1))))))
    _legend(fig, canvas.roles, s)
    fig.update_xaxes(visible=False, range=[-0.5, widest + 0.5])
    fig.update_yaxes(visible=False, range=[table.n_rows + 1.3, -1.3])
    fig.update_layout(margin=dict(l=10, r=10, t=60, b=10), legend=dict(orientation="h", y=-0.05, x=0.0))
    return fig.build()


def _code_line(step) -> str:
    if step.status == "none":
        return f"# step {step.number}: no step"
    if step.status == "not run":
        return f"# step {step.number}, {step.name}: not run"
    return f"df = {step.code}"


def _title(r: Result) -> str:
    s = r.step
    return f"Step {s.number} of {len(r.steps)}: {s.name}"


def _rows(n: int) -> str:
    return f"{n} row" + ("" if n == 1 else "s")


def _idle_note(r: Result) -> str:
    s = r.step
    if s.status == "failed":
        return f'No column "{s.missing}" here: the chain stops.'
    if s.status == "not run":
        return f"Not run: the chain stopped at step {r.stopped_at}."
    return "No step here: the table goes on as it is."


def _legend(fig, roles: set[int], step) -> None:
    """A swatch for each kind of cell drawn, and one per group named by its keys."""
    for role, (name, fill, text) in LEGEND.items():
        if role in roles:
            _swatch(fig, name, fill, text if text != BLACK else "#999999")
    if GROUP in roles:
        for g in sorted({int(g) for g in step.links[:, 2]}):
            _swatch(fig, step.group_names[g], tint(group_colour(g)), "#999999")


def _swatch(fig, name: str, fill: str, outline: str) -> None:
    fig.add_scatter(x=[None], y=[None], mode="markers", name=name,
                    marker=dict(symbol="square", size=16, color=fill, line=dict(color=outline, width=1.5)))


# ---- broadcasting ----

# What an operand's axis does: the legend's words, the box's fill and outline, its text colour.
DOES = {SAME: ("size kept", tint(BLUE), "solid", BLACK),
        STRETCHED: ("size 1, stretched", tint(ORANGE, 0.45), "solid", BLACK),
        ABSENT: ("no axis: counts as 1", "#FFFFFF", "dot", GREY),
        CLASH: ("clash: neither is 1", VERMILLION, "solid", "#FFFFFF")}
BOX, STEP = 6.0, 7.0  # a box's width and the distance between axes, in characters
LABEL = 11.0  # room for the operands' names and shapes, left of the boxes


def broadcast_figure(r: Result) -> go.Figure:
    """The two shapes lined up from the right, each axis coloured by what NumPy does with it,
    and the result's size on each axis below them."""
    b = r.broadcast
    fig = figure(f"a + b: {'ValueError' if b.out is None else 'shape ' + shape_text(b.out)}", "", "",
                 height=360)
    canvas = _Canvas()

    def box(k: int, y: float, text: str, fill: str, dash: str = "solid", colour: str = BLACK) -> None:
        x0 = LABEL + k * STEP
        canvas.box(x0, x0 + BOX, y + 0.1, y + 0.9, fill, GREY if dash == "dot" else "#444444", dash)
        canvas.word(x0 + BOX / 2, y + 0.5, f"<b>{text}</b>" if colour == "#FFFFFF" else text, colour)

    for k, ax in enumerate(b.axes):
        canvas.word(LABEL + k * STEP + BOX / 2, -0.55, f"axis {ax.position}", GREY)
        for y, size, does in ((0, ax.a, ax.a_does), (1, ax.b, ax.b_does)):
            text = {STRETCHED: f"1→{ax.out}", ABSENT: f"(1)→{ax.out}"}.get(does, f"{size}")
            _, fill, dash, colour = DOES[does]
            box(k, y, text, fill, dash, colour)
        box(k, 2.4, "✗" if ax.out is None else f"{ax.out}", VERMILLION if ax.out is None else tint(GREEN),
            colour="#FFFFFF" if ax.out is None else BLACK)
    names = (f"<b>a</b> {shape_text(b.a)}", f"<b>b</b> {shape_text(b.b)}", "<b>a + b</b>")
    for y, name in zip((0, 1, 2.4), names):
        canvas.word(LABEL / 2, y + 0.5, name)
    if not b.axes:
        canvas.word(LABEL + 1, 2.9, "(): a single number", GREY, "middle right")
    n = max(len(b.axes), 1)
    canvas.line(LABEL - 0.5, 2.15, LABEL + (n - 1) * STEP + BOX + 0.5, 2.15, "#444444")
    canvas.draw(fig)
    used = {does for ax in b.axes for does in (ax.a_does, ax.b_does)}
    for does, (name, fill, _, _) in DOES.items():
        if does in used:
            _swatch(fig, name, fill, "#444444")
    fig.update_xaxes(visible=False, range=[-0.3, LABEL + max(n, 3) * STEP])
    fig.update_yaxes(visible=False, range=[3.5, -1.0])
    fig.update_layout(margin=dict(l=10, r=10, t=60, b=10), legend=dict(orientation="h", y=-0.05, x=0.0))
    return fig.build()


# ---- loop against vectorised ----

def timing_figure(r: Result) -> go.Figure:
    """The fastest run of each, on one linear axis: the ratio is the bars' lengths."""
    t = r.timing
    unit, scale = ("ms", 1e3) if t.loop_seconds >= 1e-3 else ("µs", 1e6)
    values = np.array([t.loop_seconds, t.vector_seconds]) * scale
    names = [f"loop over a<br>{'list' if t.loop_over == 'Python list' else 'NumPy array'}", "vectorised"]
    fig = figure(f"n = {t.n:,}: the loop takes {times(t.ratio)} as long", f"time of the fastest run ({unit})",
                 "", height=360)
    fig.add_trace(dict(type="bar", orientation="h", x=values, y=names, marker=dict(color=[ORANGE, BLUE]),
                       text=[duration(t.loop_seconds), duration(t.vector_seconds)],
                       textposition="outside", cliponaxis=False, showlegend=False,
                       hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_xaxes(range=[0, values.max() * 1.35], rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
    return fig.build()


def times(ratio: float) -> str:
    """A ratio as "149×", or "2.5×" and "0.8×" where the digits matter."""
    return f"{ratio:,.0f}×" if ratio >= 10 else f"{ratio:.2g}×"


def duration(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"
