"""The server's housekeeping, on a thread of its own, every ``every`` seconds.

Three things a classroom showed (bench/classroom.py; bench/README.md):

- **Results no one asks for any more.** The one result store (``ui/page.py``) keeps up to
  its bounds for as long as the server runs, so the memory a class filled stayed filled
  after it left. ``Memo.sweep()`` forgets what has gone unasked for ``idle`` seconds.
- **The explorers' own caches.** Besides the store, explorers keep intermediate results in
  ``functools.lru_cache``s (a fitted grid, a split, a sweep), bounded but never emptied: after
  a class they held ~80 MiB of the ~110 MiB a class left behind (in one process, measured).
  Once the whole store has gone unasked for ``idle`` seconds (no one has used the server in
  that long), the caches a class fills, those keeping more than one entry, are emptied. Those
  of one entry (``maxsize=1``: a corpus, a language model loaded once) or unbounded ones are
  what a page loads once and are kept, so a first visit is not slow again.
- **Memory freed but kept.** Every script thread allocates from glibc's arenas, and glibc
  keeps what is freed there for later; ``malloc_trim(0)`` hands it back to the system.
  Linux with glibc only: elsewhere the call is skipped.
- **A full garbage collection after every rerun.** Streamlit runs ``gc.collect(2)`` when a
  script ends (``runner.postScriptGC``). With torch, scikit-learn and plotly loaded that
  walks some 340,000 long-lived objects, 0.4 s holding the interpreter's lock, on every
  learner's every move: a class of 30 spent most of the server's time there. Here, once a
  round, everything alive is collected in full and then *frozen* (``gc.freeze``): the
  reruns' collections skip it and look only at what is newer. The next round unfreezes
  first, so garbage among the frozen objects waits one round at most.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import logging
import sys
import threading
import time

log = logging.getLogger(__name__)


@functools.cache
def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None  # musl has none
    except OSError:
        return None


def trim() -> bool:
    """Hand the memory glibc holds free back to the system; whether it could."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


# One round at a time in a process: a round's freeze landing between another's unfreeze and
# its collection would freeze that one's garbage for a whole round (seen in CI, where a test's
# round met the upkeep thread of a store an AppTest had started in the same worker).
_COLLECTING = threading.Lock()


def collect() -> None:
    """A full collection of everything, then the survivors frozen out of later collections."""
    with _COLLECTING:
        gc.unfreeze()
        _full_collection()
        gc.freeze()


def _full_collection(tries: int = 50) -> bool:
    """``gc.collect()`` until one has really run. While another thread is collecting (a
    rerun's threshold collection running finalizers, say), CPython's ``gc.collect()`` returns
    at once having done nothing, and this round's garbage would be frozen with the rest."""
    for _ in range(tries):
        done = gc.get_stats()[2]["collections"]
        gc.collect()
        if gc.get_stats()[2]["collections"] > done:
            return True
        time.sleep(0.01)  # let the other collection finish
    return False


CACHES = ("explorers.",)  # the modules whose lru_caches an idle server empties


def clear_caches() -> int:
    """Empty the bounded, many-entry ``lru_cache``s of the modules in ``CACHES``; how many."""
    cleared = 0
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(CACHES):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, functools._lru_cache_wrapper) and value.__module__ == name \
                    and (value.cache_parameters()["maxsize"] or 0) > 1 and value.cache_info().currsize:
                value.cache_clear()
                cleared += 1
    return cleared


def tidy(store) -> int:
    """One round: the store swept (and, if no one has asked it for anything in its idle
    time, the explorers' caches emptied), garbage collected, freed memory returned.
    Returns how many results the sweep forgot."""
    gone = store.sweep()
    if store.idle is not None and store.clock() - store.last_use >= store.idle:
        clear_caches()
    collect()
    trim()
    return gone


def start(store, every: float) -> threading.Thread:
    """``tidy(store)`` every ``every`` seconds, on a daemon thread, for the server's life."""
    def work():
        while not stop.wait(every):
            try:
                tidy(store)
            except Exception:  # a missed round is harmless; the next one tries again
                log.exception("Upkeep failed")

    stop = threading.Event()
    thread = threading.Thread(target=work, name="upkeep", daemon=True)
    thread.stop = stop
    thread.start()
    return thread
