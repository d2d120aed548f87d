"""A plain Python loop against one vectorised NumPy expression, timed on this server.

Both compute the same number from the same array; the loop handles one element at a
time in the interpreter, the expression hands the whole array to NumPy's compiled code.
Each is run a few times and its fastest run kept (``timeit``'s advice: the slower runs
measure what else the machine was doing). The loop's source and the expression are text
written once here, run as written and pasted into the code panel.

Times are measured, so they differ from run to run and from machine to machine; the tests
check only that the two compute the same value, never a time.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets.readonly import readonly


@dataclass(frozen=True)
class Operation:
    loop: str  # the source of ``def loop(x)``: one element at a time
    vectorised: str  # one NumPy expression in ``x`` that computes the same
    about: str


OPERATIONS: dict[str, Operation] = {
    "sum of squares": Operation(
        "def loop(x):\n    total = 0.0\n    for v in x:\n        total += v * v\n    return total",
        "np.sum(x * x)", "every element squared, added up"),
    "mean": Operation(
        "def loop(x):\n    total = 0.0\n    for v in x:\n        total += v\n    return total / len(x)",
        "x.mean()", "the average of the elements"),
    "count above 1": Operation(
        "def loop(x):\n    count = 0\n    for v in x:\n        if v > 1:\n            count += 1\n"
        "    return count",
        "np.count_nonzero(x > 1)", "how many elements are larger than 1"),
    "largest": Operation(
        "def loop(x):\n    best = x[0]\n    for v in x:\n        if v > best:\n            best = v\n"
        "    return best",
        "x.max()", "the largest element"),
}
LOOP_OVER = ("NumPy array", "Python list")

# How long each side may be timed: (seconds, fewest runs, most runs). The loop gets a few
# runs within its budget (one at least, however long: at the largest size that one is
# most of a slider move, hence the size cap). The vectorised expression, a hundred times
# faster, gets many, and five at least: a first run can be slowed by anything (it was once
# slower than the loop in a server that had just started).
LOOP = (0.03, 1, 5)
VECTOR = (0.005, 5, 200)
# One timing at a time in this process: two sessions timing at once on a two-core server
# would each measure the other.
_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class Timing:
    operation: str
    loop_over: str
    n: int
    loop_seconds: float  # the fastest of loop_runs runs
    vector_seconds: float  # the fastest of vector_runs runs
    ratio: float  # loop_seconds / vector_seconds
    loop_value: float  # what the loop computed
    value: float  # what the vectorised expression computed
    loop_runs: int
    vector_runs: int


def data(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(n)


@lru_cache(maxsize=None)
def functions(operation: str):
    """(loop, vectorised) as callables, from the text the code panel shows."""
    op = OPERATIONS[operation]
    namespace: dict = {"np": np}
    exec(op.loop, namespace)  # our own constant text, never a person's
    return namespace["loop"], eval(f"lambda x: {op.vectorised}", namespace)


# Measured once per setting and process, not on every rerun: a move of another control
# keeps the numbers on screen instead of re-timing them.
@lru_cache(maxsize=64)
def timing(operation: str, loop_over: str, n: int, seed: int) -> Timing:
    x = data(n, seed)
    items = x.tolist() if loop_over == "Python list" else x  # made before the clock starts
    loop, vectorised = functions(operation)
    with _ONE_AT_A_TIME:
        loop_seconds, loop_value, loop_runs = best_of(loop, items, *LOOP)
        vector_seconds, value, vector_runs = best_of(vectorised, x, *VECTOR)
    return readonly(Timing(operation, loop_over, n, loop_seconds, vector_seconds,
                           loop_seconds / vector_seconds, float(loop_value), float(value),
                           loop_runs, vector_runs))


def best_of(fn, arg, budget: float, least: int, most: int) -> tuple[float, object, int]:
    """(the fastest run's seconds, the value, runs made): ``least`` runs, then more until
    ``most`` are made or ``budget`` seconds have passed."""
    fastest, runs, start = np.inf, 0, time.perf_counter()
    while runs < least or (runs < most and time.perf_counter() - start < budget):
        began = time.perf_counter()
        value = fn(arg)
        fastest = min(fastest, time.perf_counter() - began)
        runs += 1
    # A clock's tick is the shortest time it can tell; nothing here is measured as 0.
    return max(fastest, time.get_clock_info("perf_counter").resolution), value, runs
