"""The outliers page's hand-placed outliers: text a link can carry, a click that adds or
removes one, and the lattice of positions a click can land on."""

from __future__ import annotations

import math
import re

import numpy as np

from datasets.tables import MAX_MAGNITUDE
from explorers._contract import format_value

MAX_PLACED = 20  # outliers placed by hand: a link keeps them all
LATTICE = (21, 17)  # clickable positions across and up (about; the steps are round numbers)


def read_placed(text_: str) -> tuple[tuple[float, float], ...]:
    """``"9.5,40; 1,19"`` as ``((9.5, 40.0), (1.0, 19.0))``, or a ``ValueError`` in words
    (never quoting the text). Pairs apart by ``;``, x and y by a comma or a space."""
    parts = [part.strip() for part in text_.split(";")]
    parts = [part for part in parts if part]
    if len(parts) > MAX_PLACED:
        raise ValueError(f"{len(parts)} points; at most {MAX_PLACED} can be placed.")
    points = []
    for i, part in enumerate(parts, start=1):
        tokens = [t for t in re.split(r"[,\s]+", part) if t]
        if len(tokens) != 2:
            raise ValueError(f"Point {i} needs two numbers, x and y, as in `9.5,40` (points apart by `;`).")
        try:
            x, y = (float(t.replace("−", "-")) for t in tokens)
        except ValueError:
            raise ValueError(f"Point {i} is not two numbers, as in `9.5,40`.") from None
        if not (math.isfinite(x) and math.isfinite(y)) or max(abs(x), abs(y)) > MAX_MAGNITUDE:
            raise ValueError(f"Point {i} is beyond ±{MAX_MAGNITUDE:.0e}.")
        points.append((x, y))
    return tuple(points)


def write_placed(points) -> str:
    """The text ``read_placed`` reads back as ``points`` (to six significant digits)."""
    return "; ".join(f"{format_value(float(x))},{format_value(float(y))}" for x, y in points)


def toggle(placed: str, point: tuple[float, float], step: tuple[float, float]) -> str:
    """``placed`` with an outlier added at ``point`` (a clicked lattice position), or, if a
    placed outlier lies within half a lattice step of it, with that one removed. Past
    MAX_PLACED a click adds nothing."""
    points = list(read_placed(placed))
    near = [i for i, (x, y) in enumerate(points)
            if abs(x - point[0]) <= step[0] / 2 and abs(y - point[1]) <= step[1] / 2]
    if near:
        del points[near[0]]
    elif len(points) < MAX_PLACED:
        points.append(point)
    return write_placed(points)


def lattice(x: np.ndarray, y: np.ndarray, counts=LATTICE) -> tuple[np.ndarray, np.ndarray, tuple]:
    """Clickable positions over the data's x range, and up and down from its y range by
    half its span, each on a round step (1, 2 or 5 times a power of ten)."""
    axes, steps = [], []
    for values, count, grow in ((x, counts[0], 0.0), (y, counts[1], 0.5)):
        lo, hi = float(values.min()), float(values.max())
        lo, hi = lo - grow * (hi - lo), hi + grow * (hi - lo)
        step = _round_step((hi - lo) / (count - 1))
        first, last = math.floor(lo / step), math.ceil(hi / step)
        axes.append(np.array([float(format_value(i * step)) for i in range(first, last + 1)]))
        steps.append(step)
    return axes[0], axes[1], tuple(steps)


def _round_step(raw: float) -> float:
    power = 10.0 ** math.floor(math.log10(raw))
    return min((m * power for m in (1, 2, 2.5, 5, 10)), key=lambda step: abs(math.log(step / raw)))
