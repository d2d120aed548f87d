"""How much memory the server holds, and how fast it answers a classroom.

1. Visit every page: a real ``streamlit run app.py``; one Chromium tab opens the home
   page, then every live page until its charts are drawn. The server's resident memory
   (VmRSS of its process tree, from /proc) is sampled every 50 ms in a thread.
2. Classroom: first one student alone on each page (the unloaded baseline), then N
   concurrent sessions, round-robin over the pages, each moving a random sidebar slider
   M times, timed on the page's clock from the key press until a chart has redrawn and
   the script is idle. Sessions are contexts of one Chromium on Playwright's async API
   (its sync API cannot be shared by threads; a Chromium per process is far heavier).
   Two rounds, the second with other random moves: does memory keep growing?

What bounds memory: the one result store (``ui/page.py::_results``, 160 results, 256 MB),
the explorers' own ``Memo`` stores and ``functools.lru_cache`` (maxsize 1 to 64), and per-session state, dropped
when a tab closes. Community Cloud gives an app 0.7-2.7 GB; target: under 1 GB.

    python bench/memory.py [--sessions 20] [--moves 10] [--pages views/x.py ...] [--skip-classroom]

Prints tables; asserts nothing. Exits non-zero only if the app fails (an exception box,
a page or a move that never becomes idle). Browser and server share this machine's
cores: compare the server's CPU share with the machine's before blaming the server.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import random
import signal
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from roadmap import live_topics  # noqa: E402
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, CONNECTED, IDLE, StreamlitServer  # noqa: E402

SLIDER = "[data-testid='stSidebar'] [data-testid='stSlider'] input[type='range']:not([disabled])"
EXCEPTION = "[data-testid='stException']"
TIMEOUT = 120_000  # ms, for every single wait: generous, as 20 tabs load on 2 cores
IDLE_JS = '!!document.querySelector("' + IDLE.replace('"', "'") + '")'
# On the page's own clock (not this harness's busy event loop): the last key press, last
# message to the server (the rerun request), last change in any chart. Observing is cheap;
# serialising SVGs at every poll, times 20 sessions, would load the very cores measured.
STAMPS = """
window.__t0 = window.__sent = window.__drawn = 0;
document.addEventListener('keydown', () => { window.__t0 = performance.now(); }, true);
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) { window.__sent = performance.now(); return send.call(this, data); };
new MutationObserver(records => {
  if (records.some(r => r.target.closest && r.target.closest(":is([data-testid='stPlotlyChart'], .inplace-chart)")))
    window.__drawn = performance.now();
}).observe(document, {subtree: true, childList: true, attributes: true});
"""
# Before a press: idle, and no chart has changed for 250 ms (Plotly mounts charts for a
# while after a run ends; a late one must not pass for the next move's redraw).
QUIET = "() => " + IDLE_JS + " && performance.now() - window.__drawn > 250"
# A move is done when, after the press, the rerun was requested, a chart then changed,
# and the script is idle (a fast run can start and end unseen between two polls).
MOVED = ("() => window.__sent > window.__t0 && window.__drawn > window.__sent && " + IDLE_JS
         + " && performance.now() - window.__t0")


class AppFailed(Exception):
    """An exception box, or a page or move that never became idle: exit 1."""


def kib(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith(field + ":")), 0)


def tree(pid: int) -> list[int]:
    """The process and its descendants (streamlit starts none today; counted if it ever does)."""
    pids = [pid]
    for p in pids:  # grows while we walk it
        pids += [int(c) for f in Path(f"/proc/{p}/task").glob("*/children") for c in f.read_text().split()]
    return pids


class Sampler:
    """VmRSS summed over the server's process tree, every 50 ms in a thread; ``peak`` since reset."""

    def __init__(self, pid: int):
        self.pid, self.peak, self.stop = pid, 0, threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while not self.stop.wait(0.05):
            try:
                self.rss()
            except OSError:  # a child exited between listing and reading it
                pass

    def rss(self) -> int:
        total = sum(kib(pid, "VmRSS") for pid in tree(self.pid))
        self.peak = max(self.peak, total)
        return total


def cpu_ticks(pid: int) -> tuple[int, int, int]:
    """CPU time so far, in clock ticks: the server's (all threads), the whole machine's
    busy time (server and browser together: all but idle and iowait), and its total."""
    server = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    machine = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return int(server[11]) + int(server[12]), sum(machine) - machine[3] - machine[4], sum(machine)


def mib(k: int) -> str:
    return f"{k / 1024:8.0f}"


async def open_page(context, url: str):
    """A tab on ``url``: idle, widgets mounted, every chart drawn, no exception box."""
    tab = await context.new_page()
    try:
        await tab.goto(url, timeout=TIMEOUT)
        # The script state reads "initial" until the first run starts: idle means it ended.
        await tab.wait_for_selector(CONNECTED, timeout=TIMEOUT)
        await tab.wait_for_selector(IDLE, timeout=TIMEOUT)
        # Lazily loaded widgets stand as skeletons for a moment after the run.
        await tab.wait_for_function("!document.querySelector(\"[data-testid='stSkeleton']\")", timeout=TIMEOUT)
        charts = tab.locator(":is([data-testid='stPlotlyChart'], .inplace-chart)")  # Plotly mounts after the run
        for i in range(await charts.count()):
            # A heatmap draws as ".hm", every other trace type as ".trace".
            await charts.nth(i).locator(".main-svg .trace, .main-svg .hm").first.wait_for(
                state="attached", timeout=TIMEOUT)
    except Exception as err:  # a Playwright timeout
        raise AppFailed(f"{url}: never became idle with its charts drawn ({type(err).__name__})") from None
    if await tab.locator(EXCEPTION).count():
        raise AppFailed(f"{url}: exception box: {(await tab.locator(EXCEPTION).first.inner_text())[:300]}")
    return tab


async def visit_every_page(browser, server, sampler, pages) -> None:
    print(f"\n1. Visit every page (one tab)\n{'step':32} {'RSS MiB':>8} {'peak MiB':>8} {'load s':>7}")
    print(f"{'idle after start':32} {mib(sampler.rss())} {mib(sampler.peak)}")
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        for name, path in [("home page", "")] + [(p, p) for p in pages]:
            start = time.monotonic()
            tab = await open_page(context, f"{server.url}/{path}")
            print(f"{name:32} {mib(sampler.rss())} {mib(sampler.peak)} {time.monotonic() - start:7.1f}")
            await tab.close()
    finally:
        await context.close()
    print(f"{'peak (kernel VmHWM)':32} {'':8} {mib(kib(server.process.pid, 'VmHWM'))}")


async def student(browser, url: str, moves: int, rng: random.Random) -> list[float]:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    await context.add_init_script(STAMPS)
    try:
        tab, times = await open_page(context, url), []
        for _ in range(moves):
            await tab.wait_for_function(QUIET, timeout=TIMEOUT, polling=50)
            sliders = tab.locator(SLIDER)
            if not await sliders.count():
                break
            slider = sliders.nth(rng.randrange(await sliders.count()))
            value, lo, hi = [float(await slider.evaluate(f"e => e.{a}")) for a in ("value", "min", "max")]
            # Only keys that reach a *new* value, so every press causes a rerun.
            key = rng.choice((["ArrowRight", "End"] if value < hi else []) + (["ArrowLeft", "Home"] if value > lo else []))
            try:
                await slider.focus()
                await slider.press(key)
                times.append(await (await tab.wait_for_function(MOVED, timeout=TIMEOUT, polling=10)).json_value())
            except Exception:
                raise AppFailed(f"{url}: a {key} on a slider: no chart redrawn and idle within {TIMEOUT} ms") from None
            if await tab.locator(EXCEPTION).count():
                raise AppFailed(f"{url}: exception box after a slider move")
        return times
    finally:
        await context.close()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


async def classroom(browser, server, sampler, title, urls, moves: int, seed: int, together: bool) -> None:
    # One seeded generator per session; another seed per round explores new settings
    # (replaying round 1 would only hit the caches and say nothing about growth).
    def run(i):
        return student(browser, f"{server.url}/{urls[i]}", moves, random.Random(seed + i))

    sampler.peak, ticks0, wall0 = sampler.rss(), cpu_ticks(server.process.pid), time.monotonic()
    n = len(urls)
    results = await asyncio.gather(*map(run, range(n))) if together else [await run(i) for i in range(n)]
    wall = time.monotonic() - wall0
    cpu, busy, total = [b - a for a, b in zip(ticks0, cpu_ticks(server.process.pid))]
    cpu /= os.sysconf("SC_CLK_TCK")
    print(f"\n{title}: {len(urls)} sessions x {moves} moves, {wall:.0f} s; server CPU {cpu:.0f} s "
          f"({100 * cpu / wall:.0f}% of one core), machine {100 * busy / total:.0f}% busy")
    print(f"{'page':32} {'moves':>5} {'median':>8} {'p95':>8} {'max':>8}   (ms, key press -> chart redrawn)")
    by_page = {p: [t for u, ts in zip(urls, results) if u == p for t in ts] for p in dict.fromkeys(urls)}
    for name, ts in list(by_page.items()) + [("all", [t for ts in results for t in ts])]:
        if ts:
            print(f"{name:32} {len(ts):5d} {statistics.median(ts):8.0f} {p95(ts):8.0f} {max(ts):8.0f}")
    print(f"server RSS MiB: peak in round {mib(sampler.peak).strip()}, after it (tabs closed) "
          f"{mib(sampler.rss()).strip()}, VmHWM {mib(kib(server.process.pid, 'VmHWM')).strip()}")


async def bench(args, server, sampler) -> None:
    pages = [Path(p).stem for p in args.pages] if args.pages else [t.url_path for _, t in live_topics()]
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            await visit_every_page(browser, server, sampler, pages)
            if not args.skip_classroom:
                await classroom(browser, server, sampler, "2.0 One student at a time", pages, args.moves, 0, False)
                class_urls = [pages[i % len(pages)] for i in range(args.sessions)]
                for round_ in (1, 2):
                    await classroom(browser, server, sampler, f"2.{round_} Classroom round {round_}",
                                    class_urls, args.moves, 1000 * round_, True)
        finally:
            await browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions")
    parser.add_argument("--moves", type=int, default=10, help="slider moves per session")
    parser.add_argument("--pages", nargs="+", help="only these pages (views/x.py)")
    parser.add_argument("--skip-classroom", action="store_true")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # a kill cleans up like Ctrl-C
    ram = int(Path("/proc/meminfo").read_text().split()[1]) / 1024**2  # MemTotal, kB -> GiB
    print(f"{datetime.datetime.now():%Y-%m-%d %H:%M}, nproc {len(os.sched_getaffinity(0))}, {ram:.1f} GiB RAM, "
          f"load average {os.getloadavg()[0]:.1f} at start, Python {sys.version.split()[0]}, {CHROMIUM}")
    started = time.monotonic()
    with StreamlitServer() as server:  # stops the server on any exit, Ctrl-C included
        sampler = Sampler(server.process.pid)
        try:
            # Every wait has a timeout, and a timeout ends the run: it cannot hang.
            asyncio.run(bench(args, server, sampler))
        except AppFailed as err:  # the server's log (deleted on exit) holds the traceback
            log = Path(server.log.name).read_text().splitlines()
            print(f"\nAPP FAILED: {err}\n--- end of the server log:\n" + "\n".join(log[-40:]))
            return 1
        except KeyboardInterrupt:  # the browser is closed by now, the server on leaving `with`
            return 130
        finally:
            sampler.stop.set()
    print(f"\ntotal {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
