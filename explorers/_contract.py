"""The explorer contract: knobs that carry their own range, options and help.

Every explorer declares a frozen ``Params`` dataclass whose fields are built with
:func:`knob`, :func:`log_knob` or :func:`choice`. That metadata is written once and
drives everything else: the page's widgets, the URL query parameters, the
validation of a shared link, and the tests that sweep each field across its range.

Nothing here imports streamlit, so the same rules are checked in pure unit tests.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

_META = "knob"


@dataclass(frozen=True)
class Knob:
    """What a widget needs to know about one ``Params`` field."""

    kind: str  # "int", "float", "log" (a value from a log-spaced grid) or "choice"
    default: Any
    help: str
    label: str | None = None
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    options: tuple = ()
    # (other field, values): the knob only matters while that field takes one of
    # these values; the page greys it out otherwise rather than hiding it, so the
    # layout does not jump while a learner is comparing settings.
    when: tuple[str, tuple] | None = None

    def parse(self, raw: str) -> Any:
        """Turn a query-parameter string into a value, or raise ``ValueError``.

        The message says what is accepted, because it is shown to a person who
        followed a link that somebody else may have edited by hand.
        """
        if self.kind in ("choice", "log"):
            for option in self.options:
                if format_value(option) == raw:
                    return option
            shown = ", ".join(format_value(o) for o in self.options)
            raise ValueError(f"'{raw}' is not one of: {shown}")
        cast = int if self.kind == "int" else float
        try:
            value = cast(raw)
        except (TypeError, ValueError):
            kind = "a whole number" if self.kind == "int" else "a number"
            raise ValueError(f"'{raw}' is not {kind}") from None
        if not (math.isfinite(value) and self.lo <= value <= self.hi):
            raise ValueError(f"{raw} is outside {format_value(self.lo)}–{format_value(self.hi)}")
        return value

    def sweep(self) -> list:
        """Values a test should try: both ends and the default, or every option."""
        if self.kind in ("choice", "log"):
            return list(self.options)
        return sorted({self.lo, self.default, self.hi})


def format_value(value: Any) -> str:
    """How a value is written in a URL and on a select slider: short and exact."""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def frozen(*arrays):
    """Make arrays read-only and return them: a memoised result is shared by every caller."""
    for a in arrays:
        a.flags.writeable = False
    return arrays


def literal(value: float) -> str:
    """A number for a code snippet: short when that is exact (0.35), else the full repr
    (0.35000000000000003, as a slider's float steps can give), so the snippet computes
    with exactly the page's value."""
    return f"{value:g}" if float(f"{value:g}") == value else repr(value)


def knob(default, *, lo, hi, step=None, help, label=None, when=None):
    """A number on a slider from ``lo`` to ``hi``; int if the default is an int."""
    kind = "int" if isinstance(default, int) else "float"
    if not lo <= default <= hi:
        raise ValueError(f"default {default} outside [{lo}, {hi}]")
    meta = Knob(kind, default, help, label, lo, hi, step, when=_when(when))
    return dataclasses.field(default=default, metadata={_META: meta})


def log_knob(default: float, *, lo: float, hi: float, help, label=None, when=None):
    """A positive number picked from a 1-2-5 grid, so a log slider gives round values."""
    grid = tuple(v for v in _one_two_five(lo, hi))
    if default not in grid:
        raise ValueError(f"default {default} is not on the 1-2-5 grid {grid}")
    meta = Knob("log", default, help, label, lo, hi, options=grid, when=_when(when))
    return dataclasses.field(default=default, metadata={_META: meta})


def choice(default: str, *, options, help, label=None, when=None):
    """One of a fixed set of names, usually the keys of a registry."""
    options = tuple(options)
    if default not in options:
        raise ValueError(f"default {default!r} not in {options}")
    meta = Knob("choice", default, help, label, options=options, when=_when(when))
    return dataclasses.field(default=default, metadata={_META: meta})


def knobs(params_cls) -> dict[str, Knob]:
    """The ``Knob`` of every field of a ``Params`` class, in declaration order."""
    return {f.name: f.metadata[_META] for f in dataclasses.fields(params_cls)}


def is_active(knob_: Knob, values: dict) -> bool:
    """Whether a knob matters given the other values (see ``Knob.when``)."""
    if knob_.when is None:
        return True
    other, allowed = knob_.when
    return values.get(other) in allowed


def from_query(params_cls, query: dict[str, str]):
    """Params from URL query values, plus one message per value that was rejected.

    A rejected value falls back to the field's default, so a mistyped link still
    opens a working page; unknown keys are ignored (links from later versions).
    """
    values, problems = {}, []
    for name, knob_ in knobs(params_cls).items():
        if name not in query:
            continue
        try:
            values[name] = knob_.parse(query[name])
        except ValueError as err:
            problems.append(f"`{name}`: {err}; using the default {format_value(knob_.default)}.")
    return params_cls(**values), problems


def _when(when):
    if when is None:
        return None
    other, allowed = when
    return other, tuple(allowed) if isinstance(allowed, (tuple, list)) else (allowed,)


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
