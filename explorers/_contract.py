"""The explorer contract: inputs that carry their own limits, parsing and help.

Every explorer declares a frozen ``Params`` dataclass whose fields are built here. Scalar
knobs (:func:`knob`, :func:`log_knob`, :func:`choice`) are numbers and names; two more kinds
are typed into a box (:data:`EDITORS`): a short :func:`text` (a sentence) and a small
:func:`grid` (a grid world's cells, a kernel's weights). That metadata is written once and
drives everything else: the page's widgets, the URL query parameters, the validation of a
shared link, and the tests that sweep each field across its range.

Every kind parses in one place, :meth:`Knob.parse` for a link's value and :meth:`Knob.read`
for what a person typed, and refuses text longer than its ``max_chars`` before looking at
it. A refusal is a ``ValueError`` whose message says what is wrong in plain words and never
repeats the value: the value came from a person (a hand-edited link, a pasted grid), so the
page shows it back itself, escaped (``ui.safe.shown``), where it needs to.

Nothing here imports streamlit, so the same rules are checked in pure unit tests.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import quote, unquote

_META = "knob"
EDITORS = ("text", "grid")  # kinds typed into a box and kept in the link by ui/controls.py
SCALAR_CHARS = 40  # no number or name of ours is longer in a link; longer is refused unread
_MINUS = str.maketrans({"−": "-", "–": "-"})  # a typographic minus typed or pasted in


@dataclass(frozen=True)
class Knob:
    """What a widget needs to know about one ``Params`` field."""

    kind: str  # "int", "float", "log" (from a log-spaced grid), "choice", "text" or "grid"
    default: Any
    help: str
    label: str | None = None
    lo: float | None = None  # int, float: the range; a grid of numbers: each cell's
    hi: float | None = None
    step: float | None = None
    # choice, log: every allowed value; text, grid: a few valid values for the tests to try.
    options: tuple = ()
    # (other field, values): the knob only matters while that field takes one of
    # these values; the page greys it out otherwise rather than hiding it, so the
    # layout does not jump while a learner is comparing settings.
    when: tuple[str, tuple] | None = None
    # (leader field, ((leader value, own value), ...)): the value that goes with the leader's,
    # as a preset kernel's weights go with its name. See :func:`follow`.
    follows: tuple[str, tuple] | None = None
    max_chars: int = SCALAR_CHARS  # the longest text looked at, in a link or typed
    lines: int = 1  # text: the box's lines (1: a one-line input)
    rows: tuple[int, int] | None = None  # grid: fewest and most rows
    cols: tuple[int, int] | None = None  # grid: fewest and most columns
    cells: str = ""  # grid of characters: the allowed ones ("": whole numbers from lo to hi)
    link_cells: str = ""  # the letter standing for each of ``cells`` in a link (URL-safe)
    check: Callable[[Any], Any] | None = None  # text, grid: a further rule, raising ValueError

    # Reading a value: a link's (parse) or a person's typing (read), the length first.

    def parse(self, raw: str) -> Any:
        """Turn a query-parameter string into a value, or raise ``ValueError``.

        The message says what is accepted, because it is shown to a person who
        followed a link that somebody else may have edited by hand.
        """
        return self._parse(self._capped(raw))

    def read(self, text: str) -> Any:
        """The value of what a person typed into the box (text and grid kinds)."""
        return self._read(self._capped(text))

    def _capped(self, raw: str) -> str:
        # Before anything else is done with it: a million characters are refused unread.
        if len(raw) > self.max_chars:
            raise ValueError(f"Too long: {len(raw):,} characters, where at most "
                             f"{self.max_chars:,} are read.")
        return raw

    def _parse(self, raw: str) -> Any:
        if self.kind in ("choice", "log"):
            for option in self.options:
                if format_value(option) == raw:
                    return option
            raise ValueError(f"Not one of: {', '.join(format_value(o) for o in self.options)}.")
        if self.kind == "text":
            return self._read(raw)
        if self.kind == "grid":
            if not self.cells:  # a link writes cells apart by spaces, rows apart by "_"
                return self._read(raw.replace(_ROW, "\n"))
            letters = dict(zip(self.link_cells, self.cells))
            rows = []
            for r, part in enumerate((p for p in raw.split(_ROW) if p), start=1):
                if any(c not in letters for c in part):
                    raise ValueError(f"Row {r} has a letter that stands for no cell (the "
                                     f"letters are `{' '.join(self.link_cells)}`).")
                rows.append("".join(letters[c] for c in part))
            return self._grid(rows)
        cast = int if self.kind == "int" else float
        try:
            value = cast(raw)
        except (TypeError, ValueError):
            raise ValueError("Not a whole number." if self.kind == "int" else "Not a number.") from None
        if not (math.isfinite(value) and self.lo <= value <= self.hi):
            raise ValueError(f"Outside {format_value(self.lo)}–{format_value(self.hi)}.")
        return value

    def _read(self, text: str) -> Any:
        if self.kind == "text":
            if self.lines == 1 and ("\n" in text or "\r" in text):
                raise ValueError("More than one line: write it on one.")
            value = text.strip()
            if self.check is not None:
                self.check(value)
            return value
        if self.kind != "grid":
            raise TypeError(f"a {self.kind} knob is not typed into a box")
        lines = [line.strip() for line in text.splitlines()]
        lines = [line for line in lines if line]
        rows = []
        for r, line in enumerate(lines, start=1):
            if self.cells:
                bad = next((c for c, ch in enumerate(line, start=1) if ch not in self.cells), None)
                if bad is not None:
                    raise ValueError(f"Row {r}, column {bad} is not a cell: use "
                                     f"`{' '.join(self.cells)}`.")
                rows.append(line)
            else:
                rows.append(tuple(self._number(token, r, c) for c, token in
                                  enumerate(re.split(r"[\s,;]+", line), start=1)))
        return self._grid(rows)

    def _number(self, token: str, r: int, c: int) -> int:
        try:
            value = int(token.translate(_MINUS))
        except ValueError:
            raise ValueError(f"Row {r}, column {c} is not a whole number.") from None
        if not self.lo <= value <= self.hi:
            raise ValueError(f"Row {r}, column {c} is outside {format_value(self.lo)} to "
                             f"{format_value(self.hi)}.")
        return value

    def _grid(self, rows: list) -> tuple:
        if not rows:
            raise ValueError("The grid is empty: write one row of cells per line.")
        lo, hi = self.rows
        if not lo <= len(rows) <= hi:
            raise ValueError(f"The grid has {_count(len(rows), 'row')}; it needs {_span(lo, hi)}.")
        widths = sorted({len(row) for row in rows})
        if len(widths) > 1:
            raise ValueError(f"Every row must have the same length; these rows have "
                             f"{', '.join(map(str, widths))} cells.")
        lo, hi = self.cols
        if not lo <= widths[0] <= hi:
            raise ValueError(f"The grid has {_count(widths[0], 'column')}; it needs {_span(lo, hi)}.")
        value = tuple(rows)
        if self.check is not None:
            self.check(value)
        return value

    # Writing a value: into a link (encode) and into the box (write).

    def encode(self, value: Any) -> str:
        """The value as a link writes it: ``parse(encode(v)) == v``."""
        if self.kind == "grid":
            if self.cells:
                return _ROW.join(row.translate(str.maketrans(self.cells, self.link_cells))
                                 for row in value)
            return _ROW.join(" ".join(map(str, row)) for row in value)
        return value if self.kind == "text" else format_value(value)

    def write(self, value: Any) -> str:
        """The value as the box shows it: ``read(write(v)) == v``. A grid of numbers is
        right-aligned in columns, so that in a monospaced box it reads as a matrix."""
        if self.kind == "grid":
            if self.cells:
                return "\n".join(value)
            width = max(len(format_value(self.lo)), len(format_value(self.hi)))
            return "\n".join(" ".join(f"{v:>{width}}" for v in row) for row in value)
        return value

    def sweep(self) -> list:
        """Values a test should try: both ends and the default, every option, or for text
        and grids the default, the examples and every value that goes with a leader."""
        if self.kind in ("choice", "log"):
            return list(self.options)
        if self.kind in EDITORS:
            values = [self.default, *self.options]
            values += [v for _, v in self.follows[1]] if self.follows else []
            return list(dict.fromkeys(values))  # in order, once each
        return sorted({self.lo, self.default, self.hi})

    def followed(self, lead: Any) -> Any:
        """The value that goes with the leader's value ``lead``, else the default."""
        return dict(self.follows[1]).get(lead, self.default) if self.follows else self.default

    def leads(self, lead: Any) -> bool:
        """Whether the leader's value ``lead`` has a value of this knob that goes with it."""
        return self.follows is not None and lead in dict(self.follows[1])


_ROW = "_"  # rows apart in a link (a newline would travel as %0A)


def format_value(value: Any) -> str:
    """How a value is written in a URL and on a select slider: short and exact."""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def literal(value: float) -> str:
    """A number for a code snippet: short when that is exact (0.35), else the full repr
    (0.35000000000000003, as a slider's float steps can give), so the snippet computes
    with exactly the page's value."""
    return f"{value:g}" if float(f"{value:g}") == value else repr(value)


def knob(default, *, lo, hi, step=None, help, label=None, when=None, follows=None):
    """A number on a slider from ``lo`` to ``hi``; int if the default is an int.

    ``follows=(leader, {leader value: value})``: see :func:`follow`; ``default`` is then
    the value for a leader's value with none of its own.
    """
    kind = "int" if isinstance(default, int) else "float"
    if not lo <= default <= hi:
        raise ValueError(f"default {default} outside [{lo}, {hi}]")
    meta = Knob(kind, default, help, label, lo, hi, step, when=_when(when), follows=_follows(follows))
    for value in dict(meta.follows[1]).values() if meta.follows else ():
        meta.parse(format_value(value))  # every value that goes with a leader is in range
    return _field(meta)


def log_knob(default: float, *, lo: float, hi: float, help, label=None, when=None):
    """A positive number picked from a 1-2-5 grid, so a log slider gives round values."""
    grid_ = tuple(v for v in _one_two_five(lo, hi))
    if default not in grid_:
        raise ValueError(f"default {default} is not on the 1-2-5 grid {grid_}")
    meta = Knob("log", default, help, label, lo, hi, options=grid_, when=_when(when))
    return _field(meta)


def choice(default: str, *, options, help, label=None, when=None):
    """One of a fixed set of names, usually the keys of a registry."""
    options = tuple(options)
    if default not in options:
        raise ValueError(f"default {default!r} not in {options}")
    longest = max(len(format_value(o)) for o in options)
    meta = Knob("choice", default, help, label, options=options, when=_when(when),
                max_chars=max(SCALAR_CHARS, longest))
    return _field(meta)


def text(default: str, *, max_chars: int, help, label=None, lines: int = 1, check=None,
         examples=(), when=None):
    """Short text a person types, a sentence say: at most ``max_chars`` characters (longer is
    refused before anything else is done with it), on one line unless ``lines`` > 1, with
    surrounding spaces dropped. ``check(text)`` may refuse more, raising ``ValueError`` with
    a message that does not quote the text; ``examples``: a few more valid texts for the
    tests to try. The page shows the text back only through ``ui.safe.shown``."""
    meta = Knob("text", default, help, label, options=tuple(examples), when=_when(when),
                max_chars=max_chars, lines=lines, check=check)
    for value in meta.sweep():
        if meta.read(value) != value:
            raise ValueError(f"{value!r} does not read back as itself")
    return _field(meta)


def grid(default, *, rows, cols, help, cells: str = "", link_cells: str = "", lo=None, hi=None,
         check=None, max_chars=None, label=None, examples=(), when=None, follows=None):
    """A small grid typed as rows of text: between ``rows`` = (fewest, most) rows and ``cols``
    columns, every row as long.

    Either of characters, each one of ``cells`` (a row is a string, ``"S..G"``; a link writes
    each cell as the letter at the same place in ``link_cells``, so they must be URL-safe),
    or of whole numbers from ``lo`` to ``hi`` (a row is a tuple of ints; typed apart by spaces
    or commas). The value is a tuple of rows, hashable as a cache key wants.

    ``check(rows)`` may refuse more (a grid world's single start), raising ``ValueError``
    with a message that does not quote the rows. ``max_chars`` caps the text looked at;
    by default twice what the largest grid takes. ``follows``: see :func:`follow`.
    """
    if cells:
        link_cells = link_cells or cells
        if len(link_cells) != len(cells) or not all(c.isalnum() for c in link_cells):
            raise ValueError("link_cells needs one URL-safe letter or digit per cell")
        if "`" in cells or any(c.isspace() for c in cells):
            raise ValueError("cells cannot be spaces or backticks")
        width = 1
    else:
        if lo is None or hi is None:
            raise ValueError("a grid of numbers needs lo and hi")
        width = max(len(str(lo)), len(str(hi))) + 1
    if max_chars is None:
        max_chars = 2 * rows[1] * (cols[1] * width + 1)
    meta = Knob("grid", default, help, label, lo, hi, options=tuple(examples), when=_when(when),
                follows=_follows(follows), max_chars=max_chars, rows=tuple(rows),
                cols=tuple(cols), cells=cells, link_cells=link_cells, check=check)
    for value in meta.sweep():  # every value it offers is one it accepts, both ways
        if meta.parse(meta.encode(value)) != value or meta.read(meta.write(value)) != value:
            raise ValueError(f"{value!r} does not read back as itself")
    return _field(meta)


def _field(meta: Knob):
    # A knob that follows a leader starts as None and is filled in by ``follow``.
    return dataclasses.field(default=None if meta.follows else meta.default, metadata={_META: meta})


def knobs(params_cls) -> dict[str, Knob]:
    """The ``Knob`` of every field of a ``Params`` class, in declaration order."""
    return {f.name: f.metadata[_META] for f in dataclasses.fields(params_cls)}


def is_active(knob_: Knob, values: dict) -> bool:
    """Whether a knob matters given the other values (see ``Knob.when``)."""
    if knob_.when is None:
        return True
    other, allowed = knob_.when
    return values.get(other) in allowed


def follow(params) -> None:
    """Give each knob that follows a leader (``follows=(leader, {value: own value})``) the
    value that goes with its leader's: where it was left out (None), and wherever it does
    not apply (its ``when`` is false), so that a greyed-out control shows what is used.

    A ``Params`` with such knobs calls this from ``__post_init__``: then
    ``Params(kernel="box blur")`` holds the box blur's weights, and equals the Params the
    page builds with them shown. Where it applies, a value given is kept (an edited grid).
    """
    values = {f.name: getattr(params, f.name) for f in dataclasses.fields(params)}
    for name, knob_ in knobs(type(params)).items():
        if knob_.follows is None:
            continue
        lead = values[knob_.follows[0]]
        if values[name] is None or (knob_.leads(lead) and not is_active(knob_, values)):
            object.__setattr__(params, name, knob_.followed(lead))


@dataclass(frozen=True)
class Problem:
    """A link value that was refused. ``raw`` is the link's own text: whoever shows it
    escapes it (``reason`` and ``instead`` never contain it)."""

    name: str
    raw: str
    reason: str  # what is wrong, in a sentence or two
    instead: str  # what is used instead, in a sentence


def from_query(params_cls, query: dict[str, str]):
    """Params from URL query values, plus a :class:`Problem` per value that was rejected.

    A rejected value falls back to the field's default, so a mistyped link still
    opens a working page; unknown keys are ignored (links from later versions).
    """
    values, refused = {}, []
    for name, knob_ in knobs(params_cls).items():
        if name not in query:
            continue
        try:
            values[name] = knob_.parse(query[name])
        except ValueError as err:
            refused.append((name, str(err)))
    params = params_cls(**values)
    problems = []
    for name, reason in refused:
        knob_ = knobs(params_cls)[name]
        instead = ("Using the default." if knob_.kind in EDITORS
                   else f"Using the default {format_value(getattr(params, name))}.")
        problems.append(Problem(name, query[name], reason, instead))
    return params, problems


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _span(lo: int, hi: int) -> str:
    return f"exactly {lo}" if lo == hi else f"{lo} to {hi}"


def _when(when):
    if when is None:
        return None
    other, allowed = when
    return other, tuple(allowed) if isinstance(allowed, (tuple, list)) else (allowed,)


def _follows(follows):
    if follows is None:
        return None
    leader, table = follows
    return leader, tuple(dict(table).items())


def _one_two_five(lo: float, hi: float):
    exponent = math.floor(math.log10(lo))
    while True:
        for mantissa in (1, 2, 5):
            value = float(f"{mantissa}e{exponent}")
            if value > hi * (1 + 1e-9):
                return
            if value >= lo * (1 - 1e-9):
                yield value
        exponent += 1


PIN_CHARS = 4000  # a pinned state in a link is refused unread past this


def pin(params) -> str:
    """A whole configuration as one link value (``field=value;…``, the fields that are off
    their defaults), for a comparison a link can carry; :func:`unpin` reads it back."""
    defaults = type(params)()
    changed = [(name, k) for name, k in knobs(type(params)).items()
               if getattr(params, name) != getattr(defaults, name)]
    return ";".join(f"{name}={quote(k.encode(getattr(params, name)), safe=' ._-')}" for name, k in changed)


def unpin(params_cls, code: str):
    """The ``Params`` a :func:`pin` value holds, with a :class:`Problem` per value refused
    (as :func:`from_query`: a bad value falls back to its default, unknown names are ignored)."""
    if len(code) > PIN_CHARS:
        return params_cls(), [Problem("pin", code[:40], f"it is longer than {PIN_CHARS:,} characters.",
                                      "Nothing was pinned.")]
    pairs = (part.split("=", 1) for part in code.split(";") if "=" in part)
    return from_query(params_cls, {name: unquote(value) for name, value in pairs})
