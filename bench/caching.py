"""What the caching layers cost and save, old against new, side by side in one run.

1. hits: a cache hit on every explorer's default result (those without a progress bar,
   which went through ``st.cache_data`` until the ninth stop, and through the one ``Memo``
   store of ``ui/page._results`` since): ``st.cache_data`` (which unpickles a copy on
   every hit, ``max_entries`` only, then with a ``max_size`` byte bound) against the
   ``Memo`` store (shares the object). Also each result's size: pickled, and as ``Memo``
   counts it, and whether any of its arrays could be written to (a shared result must
   not be).
2. flight: N sessions asking at once for the same slow result (a class opening one page):
   today's stores (each session computes it) against ``Memo`` (the first computes it, the
   others wait), wall time until every session has its result and computations run.
3. threads: each explorer that fits inside ``with one_thread():``, cold (its caches
   cleared), with the old per-call limit (pools at their default outside the block,
   limited inside it, entered and left each call) against the new process-wide limit
   (one_thread a no-op), alternating; and whether both give the same numbers.

    python bench/caching.py [--only hits|flight|threads] [--repeats 7] [--sessions 8]
                            [--explorers arima,kmeans]

Prints tables; asserts nothing. Read ratios, not absolute times: the machine is shared.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import inspect
import logging
import os
import pickle
import statistics
import sys
import threading
import time
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EXPLORERS_WARM", "0")  # time the pages, not the server's warm-up (ui/warm.py)

import numpy as np  # noqa: E402

from explorers import _threads, all_explorers  # noqa: E402
from explorers._memo import Memo, footprint, nbytes  # noqa: E402

NEW_ONE_THREAD = _threads.one_thread


def quiet_streamlit() -> None:
    """Streamlit warns "No runtime found" for each cache made here, outside a server: on purpose."""
    from streamlit import logger

    logger.set_log_level(logging.ERROR)


def median_ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def plain_explorers():
    """Explorers whose ``run`` takes no progress callback (st.cache_data served them once)."""
    return [m for m in all_explorers() if "progress" not in inspect.signature(m.run).parameters]


# ---- 1. hits ----

def arrays_held(value) -> list:
    """The arrays a result holds, as it holds them (views included, not their bases)."""
    if isinstance(value, np.ndarray):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (tuple, list)):
        return [a for item in value for a in arrays_held(item)]
    return []


def bench_hits(repeats: int) -> None:
    import streamlit as st

    quiet_streamlit()

    print("\n## 1. A cache hit: st.cache_data against Memo (ms per hit, median)\n")
    print("writeable: arrays of the result that could be written to (a shared one must not be)\n")
    print(f"{'explorer':<22}{'pickled kB':>11}{'Memo kB':>9}{'writeable':>10}"
          f"{'cache_data':>12}{'+max_size':>11}{'Memo':>9}{'ratio':>8}")
    ratios = []
    for module in plain_explorers():
        p = module.Params()
        try:
            result = module.run(p)
        except Exception as error:  # noqa: BLE001  (a bench row, not a test)
            print(f"{module.__name__.split('.')[-1]:<22} failed: {error}")
            continue
        writeable = sum(a.flags.writeable for a in arrays_held(result))

        def load(p=p, module=module):
            return module.run(p)

        by_count = st.cache_data(max_entries=128, show_spinner=False)(load)
        by_size = st.cache_data(max_entries=128, max_size="256MB", show_spinner=False)(load)
        memo = Memo(128, max_bytes=256 * 2**20)
        for cached in (by_count, by_size):
            cached()  # computed and stored: every later call is a hit
        memo.get(p, load)
        t_count = median_ms(by_count, repeats)
        t_size = median_ms(by_size, repeats)
        t_memo = median_ms(lambda: memo.get(p, load), repeats)
        ratios.append(t_count / t_memo)
        print(f"{module.__name__.split('.')[-1]:<22}{len(pickle.dumps(result)) / 1e3:>11.0f}"
              f"{nbytes(result) / 1e3:>9.0f}{writeable:>10}{t_count:>12.3f}{t_size:>11.3f}"
              f"{t_memo:>9.4f}{t_count / t_memo:>8.0f}")
    print(f"\nmedian ratio cache_data / Memo: {statistics.median(ratios):.0f}x")


# ---- 2. flight ----

class TodaysStore:
    """The stores as they were on main: look up, compute outside the lock, store (no wait)."""

    def __init__(self, size: int):
        self.size, self._store, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key, compute):
        with self._lock:
            if key in self._store:
                return self._store[key]
        value = compute()
        with self._lock:
            self._store[key] = value
            while len(self._store) > self.size:
                self._store.popitem(last=False)
        return value


def slow_workloads():
    """(name, a fresh computation of a default slow result), past the explorers' own memos."""
    from explorers import arima, tsne

    t = tsne.Params()
    key = (t.data, t.n_points, t.perplexity, t.iterations, t.learning_rate, t.seed)
    a = arima.canonical(arima.Params(auto="on"))  # the order search: a few seconds

    def fresh_arima():
        clear_caches()
        return arima._run(a)

    return [("t-SNE (default)", lambda: tsne._compute(*key)),
            ("ARIMA (auto search)", fresh_arima)]


def bench_flight(sessions: int, repeats: int) -> None:
    print(f"\n## 2. {sessions} sessions ask for one slow result at once (s until all have it)\n")
    print(f"{'workload':<24}{'alone':>8}{'today':>8}{'runs':>6}{'Memo':>8}{'runs':>6}{'ratio':>8}")
    for name, compute in slow_workloads():
        compute()  # imports and warm-up outside the timing
        alone = median_ms(compute, repeats) / 1000
        rows = {"today": [], "memo": []}
        counts = {}
        for _ in range(repeats):
            for kind, store in (("today", TodaysStore(8)), ("memo", Memo(8))):
                runs = []

                def counted():
                    runs.append(1)
                    return compute()

                threads = [threading.Thread(target=store.get, args=("key", counted))
                           for _ in range(sessions)]
                t0 = time.perf_counter()
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                rows[kind].append(time.perf_counter() - t0)
                counts[kind] = len(runs)
        today, memo = statistics.median(rows["today"]), statistics.median(rows["memo"])
        print(f"{name:<24}{alone:>8.2f}{today:>8.2f}{counts['today']:>6}{memo:>8.2f}"
              f"{counts['memo']:>6}{today / memo:>8.1f}")


# ---- 3. threads ----

@contextlib.contextmanager
def old_one_thread(user_api=None):
    """main's one_thread(): a process-wide limit entered and left around the call."""
    with _old_controller().limit(limits=1, user_api=user_api):
        yield


_OLD = {}


def _old_controller():
    if "c" not in _OLD:
        from threadpoolctl import ThreadpoolController

        import scipy.linalg  # noqa: F401
        import sklearn  # noqa: F401

        _OLD["c"] = ThreadpoolController()
    return _OLD["c"]


def pools(n: int) -> None:
    """Every loaded BLAS and this thread's OpenMP set to ``n`` threads. (PyTorch stays at
    one in both: explorers/_torch.py set it so before, and still does.)"""
    _old_controller().limit(limits=n)  # not restored, on purpose


def clear_caches() -> None:
    """Every explorer's memo (lru_cache and Memo) emptied: the next run fits from scratch."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("explorers"):
            continue
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()
            elif isinstance(value, Memo):
                value.clear()


def same(a, b) -> bool:
    """Every array (in the order the result holds them) and every number field equal."""
    xs, ys = list(footprint(a)[1].values()), list(footprint(b)[1].values())
    numbers = [[getattr(r, f.name) for f in dataclasses.fields(r)
                if isinstance(getattr(r, f.name), (int, float))] for r in (a, b)]
    return numbers[0] == numbers[1] and len(xs) == len(ys) and all(
        x.shape == y.shape and np.array_equal(x, y, equal_nan=x.dtype.kind in "fc")
        for x, y in zip(xs, ys))


def bench_threads(repeats: int, only: list | None = None) -> None:
    default_threads = os.cpu_count() or 1
    users = [m for m in all_explorers() if "one_thread" in inspect.getsource(m)
             and (not only or m.__name__.split(".")[-1] in only)]
    print(f"\n## 3. Cold fits: per-call limit (old) against process-wide limit (new), "
          f"ms, median of {repeats}, alternating; pools otherwise at {default_threads}\n")
    print(f"{'explorer':<22}{'old':>9}{'new':>9}{'new/old':>9}{'same numbers':>14}")
    ratios = []
    for module in users:
        p = module.Params()
        variants = [p] + ([dataclasses.replace(p, seed=s) for s in (1, 2)]
                          if "seed" in {f.name for f in dataclasses.fields(p)} else [])
        times = {"old": [], "new": []}
        results = {}
        for i in range(-1, repeats):  # round -1 warms both up (imports, first calls): untimed
            for kind in (("old", "new") if i % 2 == 0 else ("new", "old")):
                if kind == "old":
                    pools(default_threads)
                    patch = old_one_thread
                else:
                    pools(1)
                    patch = NEW_ONE_THREAD
                module.one_thread = patch
                _threads.one_thread = patch  # for the explorers that import it inside a function
                t0 = time.perf_counter()
                out = []
                for v in variants:
                    clear_caches()
                    out.append(module.run(v))
                if i >= 0:
                    times[kind].append(time.perf_counter() - t0)
                results.setdefault(kind, out)
        module.one_thread = _threads.one_thread = NEW_ONE_THREAD
        old, new = (1000 * statistics.median(times[k]) for k in ("old", "new"))
        identical = all(same(a, b) for a, b in zip(results["old"], results["new"]))
        ratios.append(new / old)
        print(f"{module.__name__.split('.')[-1]:<22}{old:>9.1f}{new:>9.1f}{new / old:>9.2f}"
              f"{'yes' if identical else 'NO':>14}")
    pools(1)
    print(f"\nmedian new/old: {statistics.median(ratios):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=("hits", "flight", "threads"))
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--explorers", help="threads: only these, comma-separated (arima,kmeans)")
    args = parser.parse_args()
    if args.only in (None, "hits"):
        bench_hits(max(args.repeats, 20))
    if args.only in (None, "flight"):
        bench_flight(args.sessions, max(1, args.repeats // 5))
    if args.only in (None, "threads"):
        bench_threads(args.repeats, args.explorers.split(",") if args.explorers else None)


if __name__ == "__main__":
    main()
