"""The one result store: computed once per key, bounded in entries and in bytes.

Streamlit serves every session on a thread of one process. When a class opens the same
slow page at once, twenty sessions ask for the same result within a second; on two cores,
computing it twenty times makes everyone wait twenty times as long. So a key is computed
by its first caller only (*single flight*): later callers for the same key wait for that
result, while callers for other keys go on at once. Results are shared, not copied, so
they must be read-only: frozen dataclasses whose arrays went through ``frozen``.

The store forgets the least recently used result once it holds more than ``size`` results
or more than ``max_bytes`` of them (``footprint`` below; an array that several results
share, as every scrubber position of one training does, is counted once). A result larger
than ``max_bytes`` on its own is returned but not kept.

With ``idle`` (seconds), ``sweep()`` also forgets results no one has asked for in that long,
so that memory a class filled goes back once the class has left, rather than staying at the
bounds until the next class pushes it out. Keys marked ``lasting`` (the lessons warmed at
start, which would otherwise be slow to open again) are exempt; the bounds still apply.
The store does not sweep by itself: its owner calls ``sweep()`` now and then
(``ui/upkeep.py``), and the clock is injectable for the tests.

When the computation raises an ``Exception``, it is not stored, and the callers who were
waiting for it get the same error: the same settings would fail the same way, and twenty
sessions each trying again in turn would take twenty times as long to say so. When it is interrupted
instead (a ``BaseException`` that is not an ``Exception``, such as Streamlit stopping the
script of a session whose learner moved a slider), the computation itself was fine: the
next waiter computes it.

Which layer caches what in the app: ``docs/caching.md``.
"""

from __future__ import annotations

import dataclasses
import threading
import time
import types
from collections import OrderedDict
from typing import Callable

import numpy as np

MAX_BYTES = 32 * 2**20  # a store's default byte bound
OBJECT_BYTES = 64  # what one Python object (a container, a number, a small string) costs at least

_NO_PROGRESS = object()


def footprint(value) -> tuple[int, dict]:
    """The memory ``value`` holds: ``(bytes besides arrays, {id: array})``.

    Walks dataclass fields, tuples, lists, sets, dicts' values and plain objects' attributes.
    Arrays are returned apart, each by the array that owns its memory (a slice keeps all
    of its base alive), so that a store can count an array its results share once.
    Everything else costs its length if it is a string, else a small constant.
    """
    other, arrays = 0, {}
    seen, todo = set(), [value]
    while todo:
        item = todo.pop()
        kind = type(item)
        if kind in _SCALARS:  # the bulk of a figure's dicts: checked first, never walked
            other += OBJECT_BYTES
            continue
        if id(item) in seen:
            continue
        seen.add(id(item))
        if kind is str or kind is bytes:
            other += OBJECT_BYTES + len(item)
        elif kind is dict:  # its keys are names, mostly shared: not walked
            other += OBJECT_BYTES + 16 * len(item)
            todo.extend(item.values())
        elif kind is list or kind is tuple:
            other += OBJECT_BYTES
            todo.extend(item)
        elif isinstance(item, np.ndarray):
            while isinstance(item.base, np.ndarray):
                item = item.base
            arrays[id(item)] = item
        else:
            other += OBJECT_BYTES + _other(item, todo)
    return other, arrays


_SCALARS = frozenset({int, float, bool, complex, type(None), np.float64, np.float32, np.int64,
                      np.int32, np.bool_})


def _other(item, todo: list) -> int:
    """The bytes of an object that is not a plain container; its parts go on ``todo``."""
    if isinstance(item, (str, bytes, bytearray)):
        return len(item)
    if isinstance(item, dict):
        todo.extend(item.values())
    elif isinstance(item, (tuple, list, set, frozenset)):
        todo.extend(item)
    elif dataclasses.is_dataclass(item) and not isinstance(item, type):
        todo.extend(getattr(item, f.name) for f in dataclasses.fields(item))
    elif isinstance(getattr(item, "nbytes", None), int):  # a tensor, a pandas Series
        return item.nbytes
    elif hasattr(item, "__dict__") and not isinstance(item, (type, types.ModuleType)) \
            and not callable(item):  # a fitted model's attributes, not a module's
        todo.extend(vars(item).values())
    return 0


def nbytes(value) -> int:
    """The bytes ``value`` holds, by :func:`footprint`."""
    other, arrays = footprint(value)
    return other + sum(a.nbytes for a in arrays.values())


class _Flight:
    """One computation under way: its outcome, and the progress it last reported."""

    def __init__(self):
        self.owner = threading.get_ident()
        self.changed = threading.Condition()
        self.done = False
        self.value = self.error = None
        self.report, self.reports = None, 0  # the last (fraction, text), and how many so far
        self.waiting = 0

    def publish(self, fraction, text) -> None:
        with self.changed:
            self.report, self.reports = (fraction, text), self.reports + 1
            self.changed.notify_all()

    def finish(self, value=None, error=None) -> None:
        with self.changed:
            self.value, self.error, self.done = value, error, True
            self.changed.notify_all()

    def wait(self, progress) -> None:
        """Until done, passing each progress report on to ``progress`` on this thread."""
        seen = 0
        while True:
            with self.changed:
                while not self.done and self.reports == seen:
                    self.changed.wait()
                done, seen, report = self.done, self.reports, self.report
            if done:
                return
            if progress is not None:
                progress(*report)  # outside the condition: the reporter never waits on us


class Memo:
    """``memo.get(key, compute)``: the stored value for ``key``, or ``compute()``'s.

    ``size``: results kept at most; ``max_bytes``: their bytes at most (:func:`footprint`);
    ``idle``: seconds a result may go unasked for before ``sweep()`` forgets it (None: never);
    ``clock``: what ``idle`` is measured on.
    """

    def __init__(self, size: int, max_bytes: int = MAX_BYTES, idle: float | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.size = size
        self.max_bytes = max_bytes
        self.idle, self.clock = idle, clock
        self._store: OrderedDict = OrderedDict()  # key -> (value, other bytes, array ids)
        self._used: dict = {}  # key -> the clock when it was last stored or asked for
        self._lasting: set = set()  # keys sweep() leaves alone
        self.last_use = clock()  # when any result was last stored or asked for
        self._arrays: dict = {}  # id -> [array, results holding it]
        self._other = self._array_bytes = 0
        self._flights: dict = {}
        self._lock = threading.Lock()

    def get(self, key, compute: Callable, progress=_NO_PROGRESS):
        """The value for ``key``: stored, computed by another caller meanwhile, or computed here.

        ``progress``, when given (``None`` included), is this caller's own
        ``progress(fraction, text)``; ``compute`` then takes one argument, the function
        to report through. Its reports reach ``progress`` here and, on their own threads,
        the ``progress`` of every caller waiting for the same key, so that they see the
        bar too. Without it, ``compute`` takes no argument and waiters see nothing.
        """
        relay = progress is not _NO_PROGRESS
        while True:
            with self._lock:
                if key in self._store:
                    return self._use(key)
                flight = self._flights.get(key)
                if flight is None:
                    flight = self._flights[key] = _Flight()
                    break  # ours to compute
                if flight.owner == threading.get_ident():
                    raise RuntimeError(f"computing {key!r} asked for {key!r} again")
                flight.waiting += 1
            try:
                flight.wait(progress if relay else None)
            finally:
                with self._lock:
                    flight.waiting -= 1
            if flight.error is None:
                return flight.value
            if isinstance(flight.error, Exception):
                raise flight.error
            # Interrupted, not failed: try again (another waiter may be computing it now).
        return self._compute(key, flight, compute, progress if relay else _NO_PROGRESS)

    def _compute(self, key, flight: _Flight, compute: Callable, progress):
        try:
            if progress is _NO_PROGRESS:
                value = compute()
            else:
                def report(fraction, text):
                    flight.publish(fraction, text)
                    if progress is not None:
                        progress(fraction, text)

                value = compute(report)
        except BaseException as error:
            with self._lock:
                del self._flights[key]
            flight.finish(error=error)
            raise
        other, arrays = footprint(value)  # outside the lock: other keys go on
        with self._lock:
            # Stored and grounded in one step: a new caller finds either the flight or
            # the value, never neither.
            self._keep(key, value, other, arrays)
            del self._flights[key]
        flight.finish(value=value)
        return value

    def _keep(self, key, value, other: int, arrays: dict) -> None:
        new = sum(a.nbytes for i, a in arrays.items() if i not in self._arrays)
        if self.size <= 0 or other + sum(a.nbytes for a in arrays.values()) > self.max_bytes:
            return  # too big on its own: kept, it would push out everything else
        self._store[key] = (value, other, tuple(arrays))
        self._used[key] = self.last_use = self.clock()
        self._other += other
        self._array_bytes += new
        for i, array in arrays.items():
            self._arrays.setdefault(i, [array, 0])[1] += 1
        while len(self._store) > self.size or self.nbytes > self.max_bytes:
            self._forget(next(iter(self._store)))  # least recently used first

    def _forget(self, key) -> None:
        _, other, ids = self._store.pop(key)
        del self._used[key]
        self._other -= other
        for i in ids:
            held = self._arrays[i]
            held[1] -= 1
            if held[1] == 0:
                self._array_bytes -= held[0].nbytes
                del self._arrays[i]

    def peek(self, key, default=None):
        """The stored value for ``key`` (counted as a use), or ``default``; never computes."""
        with self._lock:
            if key not in self._store:
                return default
            return self._use(key)

    def _use(self, key):
        self._store.move_to_end(key)
        self._used[key] = self.last_use = self.clock()
        return self._store[key][0]

    def lasting(self, key) -> None:
        """Exempt ``key`` from ``sweep()``, stored yet or not (it may still go to the bounds)."""
        with self._lock:
            self._lasting.add(key)

    def sweep(self) -> int:
        """Forget the results no one has asked for in ``idle`` seconds; how many went."""
        if self.idle is None:
            return 0
        with self._lock:
            since = self.clock() - self.idle
            stale = [key for key, used in self._used.items() if used <= since and key not in self._lasting]
            for key in stale:
                self._forget(key)
            return len(stale)

    def waiting(self, key) -> int:
        """How many callers are waiting for ``key`` to be computed right now."""
        with self._lock:
            flight = self._flights.get(key)
            return flight.waiting if flight else 0

    @property
    def nbytes(self) -> int:
        """The bytes the stored results hold, each shared array counted once."""
        return self._other + self._array_bytes

    def clear(self) -> None:
        """Forget every stored result (computations under way still finish and are kept)."""
        with self._lock:
            self._store.clear()
            self._used.clear()
            self._arrays.clear()
            self._other = self._array_bytes = 0

    def __contains__(self, key) -> bool:
        with self._lock:
            return key in self._store

    def __len__(self) -> int:
        return len(self._store)
