"""A bounded memo for computations that report their progress.

``functools.lru_cache`` keys on every argument, and a training's progress callback is a new
object on every page run, so the slow explorers (t-SNE, the networks, ARIMA) remember their
results here instead, keyed on plain values, least recently used first out. Streamlit
serves sessions on threads of one process, hence the lock; the computation itself runs
outside it, so other sessions carry on meanwhile.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable


class Memo:
    """``memo.get(key, compute)``: the remembered value for ``key``, or ``compute()``'s."""

    def __init__(self, size: int):
        self.size = size
        self._store: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, compute: Callable[[], object]):
        with self._lock:
            if key in self._store:
                self._store.move_to_end(key)
                return self._store[key]
        value = compute()  # outside the lock: other sessions go on
        with self._lock:
            self._store[key] = value
            self._store.move_to_end(key)
            while len(self._store) > self.size:
                self._store.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._store.clear()

    def __len__(self) -> int:
        return len(self._store)
