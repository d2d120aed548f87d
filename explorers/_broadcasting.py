"""NumPy broadcasting: two shapes lined up from the right, and what ``a + b`` makes of them.

The answer is NumPy's own: ``np.zeros(shape_a) + np.zeros(shape_b)`` is computed, and its
shape or the exact message of the ``ValueError`` it raises is what the page shows. The
axis-by-axis reading beside it (which size is stretched, where the two clash) is the rule
from NumPy's broadcasting guide; the tests check that it predicts NumPy's answer for every
pair of shapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

MAX_AXES = 4
MAX_SIZE = 12  # every array stays small (12⁴ zeros at most), and every box has room for its number
_SEPARATORS = re.compile(r"[\s,]+")

# What one operand's axis does in the sum.
SAME = "same"  # its size is the result's
STRETCHED = "stretched"  # size 1, repeated along the axis to the other's size
ABSENT = "absent"  # the operand has fewer axes: treated as a size-1 axis on the left
CLASH = "clash"  # neither size is 1 and they differ: NumPy refuses


def parse_shape(text: str) -> tuple[int, ...]:
    """A shape as a learner writes it: ``3, 1`` or ``(3, 1)`` or ``3 1``; ``4`` or
    ``(4,)``; ``()`` for a single number. Raises ``ValueError`` in plain words, never
    quoting the text."""
    body = text.strip()
    if body[:1] in "([" and body[-1:] in ")]":
        body = body[1:-1]
    tokens = [t for t in _SEPARATORS.split(body) if t]
    if not all(t.isascii() and t.isdigit() for t in tokens):
        raise ValueError("Write a shape as whole numbers apart by commas, such as 3, 1 "
                         "(or () for a single number).")
    if len(tokens) > MAX_AXES:
        raise ValueError(f"At most {MAX_AXES} axes here.")
    shape = tuple(int(t) for t in tokens)
    if any(not 1 <= size <= MAX_SIZE for size in shape):
        raise ValueError(f"Each size must be from 1 to {MAX_SIZE}.")
    return shape


def check_shape(text: str) -> None:
    parse_shape(text)


def shape_text(shape: tuple[int, ...]) -> str:
    """A shape as Python prints it: ``(3, 1)``, ``(4,)``, ``()``."""
    return str(tuple(shape))


@dataclass(frozen=True)
class Axis:
    """One aligned axis, counted from the right (-1 is the last)."""

    position: int
    a: int | None  # the operand's size, None where it has no such axis
    b: int | None
    out: int | None  # the result's size, None where the two clash
    a_does: str  # SAME, STRETCHED, ABSENT or CLASH
    b_does: str


@dataclass(frozen=True)
class Broadcast:
    a: tuple[int, ...]
    b: tuple[int, ...]
    out: tuple[int, ...] | None  # the shape of a + b, None when NumPy refuses
    error: str  # NumPy's message when it refuses, as "ValueError: operands could not ..."
    axes: tuple[Axis, ...]  # left to right, as drawn
    n_out: float  # elements in a + b (0 when it fails)


def broadcast(text_a: str, text_b: str) -> Broadcast:
    a, b = parse_shape(text_a), parse_shape(text_b)
    try:
        out = (np.zeros(a) + np.zeros(b)).shape
        error = ""
    except ValueError as err:
        out, error = None, f"ValueError: {err}"
    return Broadcast(a, b, out, error, aligned(a, b), float(np.prod(out)) if out is not None else 0.0)


def aligned(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[Axis, ...]:
    """The rule, axis by axis from the right: two sizes agree when they are equal or one
    of them is 1 (a missing axis counts as 1); the result takes the larger."""
    n = max(len(a), len(b))
    axes = []
    for position in range(-n, 0):
        size_a = a[position] if -position <= len(a) else None
        size_b = b[position] if -position <= len(b) else None
        ones = [1 if s is None else s for s in (size_a, size_b)]
        out = max(ones) if 1 in ones or ones[0] == ones[1] else None
        axes.append(Axis(position, size_a, size_b, out, _does(size_a, out), _does(size_b, out)))
    return tuple(axes)


def _does(size: int | None, out: int | None) -> str:
    if out is None:  # both sizes are then above 1 (a 1 or a missing axis always agrees)
        return CLASH
    if size is None:
        return ABSENT
    return STRETCHED if size == 1 and out > 1 else SAME
