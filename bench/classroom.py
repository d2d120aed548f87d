"""Does one server hold a class? 30 sessions moving sliders across a mix of pages, with no
browser: each is a websocket speaking Streamlit's own protocol (bench/protocol.py), so the
numbers are the server's, not 30 Chromiums' fighting over 2 cores.

One `streamlit run app.py` serves everything. First one session opens every page of the mix
in turn (the modules and shared caches a class finds loaded), and the server's RSS is read:
"before". Then the class arrives: every session opens its page (the sessions spread over the
mix; their arrivals spread over a few seconds, as a room follows a link), moves its sliders
to new values one after another with a second or two between moves, and leaves. Every rerun
is timed from the message sent to its last delta; any exception element, compile error,
timeout or dropped socket is an error. RSS is sampled throughout ("peak") and after the
sessions have gone and the server has dropped them ("after": the disconnected-session TTL is
cut to a few seconds for the bench, so the wait is short; the cleanup is the same).

    python bench/classroom.py [--sessions 30] [--moves 8] [--pages bias_variance,knn,...]

Prints tables; exits 1 on any error or if RSS after is more than 10% above before.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.memory import Sampler  # noqa: E402
from bench.protocol import Run, Session  # noqa: E402
from tests.e2e.server import StreamlitServer  # noqa: E402

# A lecture's worth of pages: light ones, the classifier grids, and the ones that train.
MIX = ("bias_variance", "knn", "decision_tree", "kmeans", "linear_regression", "probability",
       "metrics", "cross_validation", "random_forest", "optimizers")
DROP_AFTER = 5  # seconds a disconnected session is kept, for the bench (Streamlit's default: 120)


def mib(kib: int) -> float:
    return kib / 1024


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


async def learner(base: str, page: str, moves: int, seed: int, arrive: float) -> tuple[str, list[Run]]:
    rng = random.Random(seed)
    await asyncio.sleep(arrive)
    async with Session(base, page) as tab:
        for _ in range(moves):
            if not tab.sliders:
                break
            slider = rng.choice(tab.sliders)
            await tab.move(slider, rng.choice(slider.spread(6)))
            await asyncio.sleep(rng.uniform(1.0, 2.0))  # a learner looks before moving again
        return page, list(tab.runs)


async def tour(base: str, pages: tuple[str, ...]) -> list[Run]:
    runs = []
    for page in pages:
        async with Session(base, page) as tab:
            runs += tab.runs
    return runs


async def settle(sampler: Sampler, seconds: float) -> int:
    """RSS once it has stopped falling (or after ``seconds``)."""
    last, deadline = sampler.rss(), time.monotonic() + seconds
    while time.monotonic() < deadline:
        await asyncio.sleep(2)
        now = sampler.rss()
        if abs(now - last) < 1024:  # under 1 MiB in 2 s
            return now
        last = now
    return sampler.rss()


async def classroom(base: str, sampler: Sampler, args) -> int:
    pages = tuple(args.pages.split(","))
    warm = await tour(base, pages)
    before = await settle(sampler, 30)
    sampler.peak = 0
    rng = random.Random(0)
    started = time.perf_counter()
    arrivals = [rng.uniform(0, args.arrivals) for _ in range(args.sessions)]
    done = await asyncio.gather(*(learner(base, pages[i % len(pages)], args.moves, i, arrivals[i])
                                  for i in range(args.sessions)))
    took = time.perf_counter() - started
    peak = sampler.peak
    await asyncio.sleep(DROP_AFTER + 2)
    after = await settle(sampler, 60)

    opens = [runs[0] for _, runs in done]
    moves = [r for _, runs in done for r in runs[1:]]
    errors = [(page, r.status) for page, runs in done for r in runs if r.status != "ok"]
    errors += [(p, r.status) for p, r in zip(pages, warm) if r.status != "ok"]
    print(f"{args.sessions} sessions over {len(pages)} pages, {args.moves} moves each, arriving over "
          f"{args.arrivals:.0f} s; {took:.0f} s in all\n")
    print("| rerun | count | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for name, runs in (("page opened", opens), ("slider moved", moves)):
        times = [1000 * r.to_last_delta for r in runs if r.status == "ok"] or [float("nan")]
        print(f"| {name} | {len(runs)} | {pct(times, 50):.0f} | {pct(times, 95):.0f} | {max(times):.0f} |")
    print("\n| page | moves | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|")
    for page in pages:
        times = [1000 * r.to_last_delta for p, runs in done if p == page for r in runs[1:] if r.status == "ok"]
        if times:
            print(f"| {page} | {len(times)} | {pct(times, 50):.0f} | {pct(times, 95):.0f} |")
    grew = (after - before) / before
    print("\n| server RSS | MiB |\n|---|---:|")
    print(f"| before (every page opened once) | {mib(before):.0f} |")
    print(f"| peak, {args.sessions} sessions | {mib(peak):.0f} |")
    print(f"| after they left | {mib(after):.0f} ({100 * grew:+.1f}%) |")
    print(f"\nerrors: {len(errors)}" + "".join(f"\n  {p}: {s}" for p, s in errors[:10]))
    return int(bool(errors) or grew > 0.10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--moves", type=int, default=8)
    parser.add_argument("--arrivals", type=float, default=10.0, help="seconds over which they arrive")
    parser.add_argument("--pages", default=",".join(MIX))
    args = parser.parse_args()
    os.environ["STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL"] = str(DROP_AFTER)
    with StreamlitServer() as server:
        sampler = Sampler(server.process.pid)
        try:
            return asyncio.run(classroom(server.url, sampler, args))
        finally:
            sampler.stop.set()


if __name__ == "__main__":
    sys.exit(main())
