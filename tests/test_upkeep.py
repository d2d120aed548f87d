"""ui/upkeep.py: one round sweeps the store, collects garbage and freezes the survivors,
and hands freed memory back where the C library can."""

import gc
import sys
import time
import types
import weakref

import numpy as np
import pytest

from explorers._memo import Memo
from ui import upkeep


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Node:
    """A cycle: only the garbage collector frees it, never reference counting."""

    def __init__(self):
        self.me = self


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()  # the rest of the test process collects as usual


def test_a_round_forgets_the_idle_results_and_frees_their_cycles(unfrozen):
    clock = Clock()
    store = Memo(10, idle=60, clock=clock)
    store.get("old", Node)
    alive = weakref.ref(store.peek("old"))
    clock.now += 61
    store.get("new", lambda: np.ones(3))
    assert upkeep.tidy(store) == 1
    assert "old" not in store and "new" in store
    assert alive() is None, "the collection freed the expired result's cycle"
    assert gc.get_freeze_count() > 0, "the survivors are frozen out of the reruns' collections"


def test_garbage_among_frozen_objects_is_freed_by_the_next_round(unfrozen):
    holder = [Node()]
    alive = weakref.ref(holder[0])
    upkeep.collect()
    holder.clear()  # a frozen cycle becomes garbage: the usual collection no longer sees it
    gc.collect()
    assert alive() is not None
    upkeep.collect()
    assert alive() is None


def test_trim_runs_on_glibc_and_is_skipped_elsewhere(monkeypatch):
    assert upkeep.trim() is (upkeep._libc() is not None)
    if sys.platform.startswith("linux"):
        assert upkeep._libc() is not None, "this Linux has glibc's malloc_trim"
    upkeep._libc.cache_clear()
    monkeypatch.setattr(sys, "platform", "darwin")
    try:
        assert upkeep.trim() is False
    finally:
        upkeep._libc.cache_clear()


def test_the_thread_tidies_every_round_until_stopped(monkeypatch):
    rounds = []
    monkeypatch.setattr(upkeep, "tidy", lambda store: rounds.append(store) or 0)
    store = Memo(1)
    thread = upkeep.start(store, every=0.001)
    deadline = time.monotonic() + 30  # a bound on the test, not a timing check
    while len(rounds) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert thread.is_alive(), "it keeps going round"
    thread.stop.set()
    thread.join(5)
    assert not thread.is_alive() and len(rounds) >= 3 and all(s is store for s in rounds)


@pytest.fixture
def explorer(monkeypatch):
    """A stand-in explorer module with a cache a class fills and one it loads once."""
    module = types.ModuleType("fake_explorers.page")
    exec("import functools\n"
         "@functools.lru_cache(maxsize=32)\ndef sweep(k): return [k]\n"
         "@functools.lru_cache(maxsize=1)\ndef corpus(): return ['loaded once']\n", vars(module))
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(upkeep, "CACHES", ("fake_explorers.",))
    for k in range(5):
        module.sweep(k)
    module.corpus()
    return module


def test_the_explorers_caches_are_emptied_only_once_no_one_has_asked_for_anything(explorer, unfrozen):
    clock = Clock()
    store = Memo(10, idle=60, clock=clock)
    store.lasting("warmed")
    store.get("warmed", lambda: "lesson")
    clock.now += 59
    store.peek("warmed")  # a teacher reopened a warmed lesson: the server is in use
    clock.now += 59
    upkeep.tidy(store)
    assert explorer.sweep.cache_info().currsize == 5, "in use within idle: kept"
    clock.now += 1
    upkeep.tidy(store)
    assert explorer.sweep.cache_info().currsize == 0, "a whole idle time unused: emptied"
    assert explorer.corpus.cache_info().currsize == 1, "what a page loads once stays"
    assert store.peek("warmed") == "lesson"


@pytest.mark.parametrize("setting, seconds", [("", 2 * 3600), ("90", 90.0), ("0", None), ("inf", None),
                                              ("-5", None), ("ten minutes", 2 * 3600)])
def test_the_result_ttl_setting_is_read_and_a_typo_falls_back_to_the_default(monkeypatch, setting, seconds):
    from ui import page

    monkeypatch.setenv("EXPLORERS_RESULT_TTL", setting)
    assert page._ttl() == seconds
