"""Does one server hold a class? 30 sessions moving sliders across a mix of pages, with no
browser: each is a websocket speaking Streamlit's own protocol (bench/protocol.py), so the
numbers are the server's, not 30 Chromiums' fighting over 2 cores.

One `streamlit run app.py` serves everything. First one session opens every page of the mix
in turn (the modules and shared caches a class finds loaded; behind the proxy, on each
replica), the server is left to finish warming the lessons (ui/warm.py: a lecture starts
after that, not during it), and its RSS is read: "before". Then the class arrives: every
session opens its page (the sessions spread over the mix; their arrivals spread over a few
seconds, as a room follows a link), moves its sliders to new values one after another with
a second or two between moves, and leaves. Every rerun is timed from the message sent to its
last delta; any exception element, compile error, timeout or dropped socket is an error. RSS
is sampled throughout ("peak") and after the sessions have gone and the server has dropped
them ("after"). For the bench, the server forgets a disconnected session after 5 s
(Streamlit's default: 120) and a result no one has asked for after 60 s (ui/page.py's
RESULT_TTL: 2 hours); the cleanup is the same, sooner. The server's CPU time per rerun is
printed too: on a shared machine, other work stretches latency far more than it.

``--replicas 1,2`` runs the same class (same sessions, same moves) against each number of
replicas in turn, on this machine, behind HAProxy (deploy/replicas.py), and prints the runs
side by side: does a second process, with its own interpreter lock, serve the class faster?

    python bench/classroom.py [--sessions 30] [--moves 8] [--pages bias_variance,knn,...]
    python bench/classroom.py --replicas 1,2 [--sessions 30] [--moves 4]

Prints tables; exits 1 on any error or if RSS after is more than 10% above before.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.memory import Sampler, cpu_ticks, kib, tree  # noqa: E402
from bench.protocol import Run, Session  # noqa: E402
from deploy.replicas import cluster  # noqa: E402
from tests.e2e.server import StreamlitServer  # noqa: E402

# A lecture's worth of pages: light ones, the classifier grids, and the ones that train.
MIX = ("bias_variance", "knn", "decision_tree", "kmeans", "linear_regression", "probability",
       "metrics", "cross_validation", "random_forest", "optimizers")
DROP_AFTER = 5  # seconds a disconnected session is kept, for the bench (Streamlit's default: 120)
RESULT_TTL = 60  # seconds an unasked-for result is kept, for the bench (ui/page.py: 2 hours)
TICK = os.sysconf("SC_CLK_TCK")


class Servers(Sampler):
    """RSS summed over several servers' process trees (the replicas), sampled together."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        super().__init__(pids[0])

    def rss(self) -> int:
        total = sum(kib(pid, "VmRSS") for top in self.pids for pid in tree(top))
        self.peak = max(self.peak, total)
        return total

    def cpu(self) -> float:
        """CPU seconds the servers have used so far."""
        return sum(cpu_ticks(pid)[0] for pid in self.pids) / TICK


def mib(kib: int) -> float:
    return kib / 1024


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


async def learner(base: str, page: str, moves: int, seed: int, arrive: float) -> tuple[str, list[Run], str]:
    rng = random.Random(seed)
    await asyncio.sleep(arrive)
    async with Session(base, page) as tab:
        for _ in range(moves):
            if not tab.sliders or tab.runs[-1].status != "ok":
                break
            slider = rng.choice(tab.sliders)
            await tab.move(slider, rng.choice(slider.spread(6)))
            await asyncio.sleep(rng.uniform(1.0, 2.0))  # a learner looks before moving again
        return page, list(tab.runs), tab.replica


async def tour(base: str, pages: tuple[str, ...]) -> list[Run]:
    runs = []
    for page in pages:
        async with Session(base, page) as tab:
            runs += tab.runs
    return runs


async def settle(sampler: Servers, seconds: float) -> int:
    """RSS once it has stopped falling (or after ``seconds``)."""
    last, deadline = sampler.rss(), time.monotonic() + seconds
    while time.monotonic() < deadline:
        await asyncio.sleep(2)
        now = sampler.rss()
        if abs(now - last) < 1024:  # under 1 MiB in 2 s
            return now
        last = now
    return sampler.rss()


async def quiet(sampler: Servers, seconds: float) -> float:
    """Wait until the servers have been idle (under a tenth of a core) for 4 s: the lessons
    warmed at start are computed. Returns the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        used = sampler.cpu()
        await asyncio.sleep(4)
        if sampler.cpu() - used < 0.4:
            break
    return time.monotonic() - started


async def classroom(base: str, direct: list[str], sampler: Servers, args) -> dict:
    pages = tuple(args.pages.split(","))
    # Every replica opens every page once, each straight (the proxy would share them out).
    warm = [run for url in direct for run in await tour(url, pages)]
    waited = await quiet(sampler, args.warm_wait)
    before = await settle(sampler, 30)
    sampler.peak = 0
    rng = random.Random(0)
    started, cpu = time.perf_counter(), sampler.cpu()
    arrivals = [rng.uniform(0, args.arrivals) for _ in range(args.sessions)]
    done = await asyncio.gather(*(learner(base, pages[i % len(pages)], args.moves, i, arrivals[i])
                                  for i in range(args.sessions)))
    took, cpu = time.perf_counter() - started, sampler.cpu() - cpu
    peak = sampler.peak
    # The sessions are dropped, then their results expire, then a sweep forgets them (the
    # server sweeps a few times per TTL, at least once a minute: ui/page.py::_results).
    ttl = args.result_ttl
    await asyncio.sleep(max(DROP_AFTER, ttl + min(ttl / 4, 60) if ttl > 0 else 60) + 2)
    after = await settle(sampler, 60)
    errors = [(page, r.status) for page, runs, _ in done for r in runs if r.status != "ok"]
    errors += [(p, r.status) for p, r in zip(pages * len(direct), warm) if r.status != "ok"]
    return {"pages": pages, "done": done, "took": took, "cpu": cpu, "waited": waited,
            "before": before, "peak": peak, "after": after, "errors": errors}


def reruns(seen: dict) -> int:
    return sum(len(runs) for _, runs, _ in seen["done"])


def ms(runs: list[Run]) -> list[float]:
    return [1000 * r.to_last_delta for r in runs if r.status == "ok"] or [float("nan")]


def report(seen: dict, args) -> None:
    done, pages = seen["done"], seen["pages"]
    opens = [runs[0] for _, runs, _ in done]
    moves = [r for _, runs, _ in done for r in runs[1:]]
    print(f"{args.sessions} sessions over {len(pages)} pages, {args.moves} moves each, arriving over "
          f"{args.arrivals:.0f} s; {seen['took']:.0f} s in all (warm-up finished {seen['waited']:.0f} s "
          f"after the tour); the server's CPU: {seen['cpu']:.0f} s, {1000 * seen['cpu'] / reruns(seen):.0f} ms "
          f"a rerun\n")
    print("| rerun | count | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for name, runs in (("page opened", opens), ("slider moved", moves)):
        times = ms(runs)
        print(f"| {name} | {len(runs)} | {pct(times, 50):.0f} | {pct(times, 95):.0f} | {max(times):.0f} |")
    print("\n| page | moves | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|")
    for page in pages:
        times = [1000 * r.to_last_delta for p, runs, _ in done if p == page for r in runs[1:]
                 if r.status == "ok"]
        if times:
            print(f"| {page} | {len(times)} | {pct(times, 50):.0f} | {pct(times, 95):.0f} |")
    before, grew = seen["before"], (seen["after"] - seen["before"]) / seen["before"]
    print("\n| server RSS | MiB |\n|---|---:|")
    print(f"| before (every page opened once) | {mib(before):.0f} |")
    print(f"| peak, {args.sessions} sessions | {mib(seen['peak']):.0f} |")
    print(f"| after they left | {mib(seen['after']):.0f} ({100 * grew:+.1f}%) |")
    errors = seen["errors"]
    print(f"\nerrors: {len(errors)}" + "".join(f"\n  {p}: {s}" for p, s in errors[:10]) + "\n")


def side_by_side(runs: dict[int, dict], args) -> None:
    """One column per number of replicas."""
    def row(name, cell):
        print(f"| {name} | " + " | ".join(cell(seen) for seen in runs.values()) + " |")

    def moves(seen):
        return ms([r for _, rs, _ in seen["done"] for r in rs[1:]])

    def opens(seen):
        return ms([rs[0] for _, rs, _ in seen["done"]])

    print(f"Side by side: {args.sessions} sessions, {args.moves} moves each, behind HAProxy\n")
    print("| | " + " | ".join(f"{n} replica{'s' * (n > 1)}" for n in runs) + " |")
    print("|---|" + "---:|" * len(runs))
    row("page opened, p50 / p95 ms", lambda s: f"{pct(opens(s), 50):,.0f} / {pct(opens(s), 95):,.0f}")
    row("slider moved, p50 / p95 ms", lambda s: f"{pct(moves(s), 50):,.0f} / {pct(moves(s), 95):,.0f}")
    row("slider moved, max ms", lambda s: f"{max(moves(s)):,.0f}")
    row("class took, s", lambda s: f"{s['took']:.0f}")
    row("server CPU, cores busy", lambda s: f"{s['cpu'] / s['took']:.2f}")
    row("server CPU per rerun, ms", lambda s: f"{1000 * s['cpu'] / reruns(s):.0f}")
    row("sessions per replica", lambda s: " ".join(
        str(sum(rep == name for _, _, rep in s["done"])) for name in sorted({rep for _, _, rep in s["done"]})))
    row("RSS before, MiB", lambda s: f"{mib(s['before']):,.0f}")
    row("RSS peak, MiB", lambda s: f"{mib(s['peak']):,.0f}")
    row("RSS after, MiB", lambda s: f"{mib(s['after']):,.0f} ({100 * (s['after'] / s['before'] - 1):+.1f}%)")
    row("errors", lambda s: str(len(s["errors"])))


@contextlib.contextmanager
def serving(replicas: int | None):
    """``(url, [each server's own url], [server pids])``: one server on its own, or
    ``replicas`` behind HAProxy."""
    if replicas is None:
        with StreamlitServer() as server:
            yield server.url, [server.url], [server.process.pid]
    else:
        with cluster(replicas) as (url, servers):
            yield url, [s.url for s in servers.values()], [s.process.pid for s in servers.values()]


def run(replicas: int | None, args) -> dict:
    with serving(replicas) as (url, direct, pids):
        sampler = Servers(pids)
        try:
            return asyncio.run(classroom(url, direct, sampler, args))
        finally:
            sampler.stop.set()


def failed(seen: dict) -> bool:
    return bool(seen["errors"]) or (seen["after"] - seen["before"]) / seen["before"] > 0.10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--moves", type=int, default=8)
    parser.add_argument("--arrivals", type=float, default=10.0, help="seconds over which they arrive")
    parser.add_argument("--pages", default=",".join(MIX))
    parser.add_argument("--replicas", default="", help="e.g. 1,2: the class against each, behind HAProxy")
    parser.add_argument("--result-ttl", type=float, default=RESULT_TTL,
                        help="seconds the server keeps a result no one asks for (0: for ever)")
    parser.add_argument("--warm-wait", type=float, default=900, help="seconds to wait for the warm-up at most")
    args = parser.parse_args()
    os.environ["STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL"] = str(DROP_AFTER)
    os.environ["EXPLORERS_RESULT_TTL"] = str(args.result_ttl)
    counts = [int(n) for n in args.replicas.split(",") if n] or [None]
    runs = {}
    for n in counts:
        if n is not None:
            print(f"## {n} replica{'s' * (n > 1)} behind HAProxy\n", flush=True)
        runs[n or 1] = seen = run(n, args)
        report(seen, args)
        sys.stdout.flush()
    if len(runs) > 1:
        side_by_side(runs, args)
    return int(any(failed(seen) for seen in runs.values()))


if __name__ == "__main__":
    sys.exit(main())
