"""Key press -> page settled for three slider-driven charts: st.plotly_chart (remounted and
drawn from scratch on every change) against a components v2 chart that stays mounted and
calls ``Plotly.react`` (``bench/inplace/app.py``).

One server, one headless Chromium, one window (browser context) per variant; the slider is
moved in each window in turn, move by move, so both variants see the same load. Timing is
``bench/settle.py``'s (key press to the rerun done and ``[data-testid='stApp']`` quiet for
300 ms, in the page's clock). Per move also: the main thread's CPU time (DevTools
``Performance.getMetrics`` ThreadTime, before and after), the bytes the server sent on the
WebSocket, and how many charts were remounted (a new element) or redrawn in place.

    python bench/inplace/bench.py [--moves 10] [--no-floor] [--no-control]

Copies plotly.js from the installed ``plotly`` package to ``bench/inplace/static/`` (not
committed) and turns on static serving for this server only. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# This file is bench.py: its own folder first on the path would shadow the bench package.
sys.path[:] = [str(ROOT)] + [d for d in sys.path if Path(d or ".").resolve() != HERE]

import plotly  # noqa: E402

from bench.latency import p95  # noqa: E402
from bench.settle import Timeout, prepare, press_and_settle, watch  # noqa: E402
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, wait_idle  # noqa: E402

SLIDER = "[data-testid='stSlider'] input[type='range']"
KEYS = ("ArrowRight", "End", "Home")  # from 3: 4, 100, 0, 1, 100, 0, ... every press changes n
LABELS = {"0": "0: slider + text, no charts", "a": "a: 3 x st.plotly_chart",
          "b": "b: 3 x v2 component, Plotly.react",
          "c": "c: 3 x v2 component, newPlot always"}

# Bytes the server sends, counted per message (installed after settle.INIT's wrapper).
BYTES = """(() => {
  window.__bytes = 0;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', e => {
        const d = e.data;
        window.__bytes += d.byteLength !== undefined ? d.byteLength : (d.size || d.length || 0);
      });
    }
  };
})();"""

# Mark the charts now on the page; after the move, count the charts not marked (remounted).
MARK = """() => {
  window.__bytes = 0;
  window.__inplaceSeen = (window.__inplace || []).length;
  document.querySelectorAll("[data-testid='stPlotlyChart'], .inplace-plot").forEach(e => e.__old = true);
}"""
COUNT = """() => {
  const charts = [...document.querySelectorAll("[data-testid='stPlotlyChart'], .inplace-plot")];
  const log = (window.__inplace || []).slice(window.__inplaceSeen || 0);
  return {charts: charts.length, remounted: charts.filter(e => !e.__old).length,
          reacted: log.filter(x => x.op === 'react').length,
          newPlots: log.filter(x => x.op === 'newPlot').length, bytes: window.__bytes};
}"""


def static_copy() -> None:
    """plotly.js from the installed package, where static serving finds it (a copy: the
    server resolves symlinks and refuses a file whose real path is outside static/)."""
    source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    target = HERE / "static" / "plotly.min.js"
    target.parent.mkdir(exist_ok=True)
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        shutil.copyfile(source, target)


def thread_time(cdp) -> float:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return metrics["ThreadTime"] * 1000


def open_variant(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    prepare(context)
    context.add_init_script(BYTES)
    page = context.new_page()
    page.goto(url)
    wait_idle(page)
    page.locator(SLIDER).first.wait_for()
    page.wait_for_timeout(1500)  # first draws (and, for b, plotly.js loading) done
    watch(page)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    return page, cdp


def move(page, cdp, key: str, timeout: float) -> dict | None:
    page.evaluate(MARK)
    before = thread_time(cdp)
    result = press_and_settle(page, page.locator(SLIDER).first, key, timeout=timeout)
    if result is None:
        return None
    result["cpu"] = thread_time(cdp) - before
    result.update(page.evaluate(COUNT))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=10, help="timed moves per variant")
    parser.add_argument("--no-floor", action="store_true", help="skip the no-chart variant")
    parser.add_argument("--no-control", action="store_true",
                        help="skip c, the component redrawing from scratch (newPlot) on every move")
    parser.add_argument("--timeout", type=float, default=60, help="seconds a move may take")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    static_copy()
    os.environ["STREAMLIT_SERVER_ENABLE_STATIC_SERVING"] = "true"  # this server only
    variants = (["a", "b"] if args.no_floor else ["0", "a", "b"]) + ([] if args.no_control else ["c"])
    rows = {v: [] for v in variants}
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
          flush=True)
    with StreamlitServer(str((HERE / "app.py").relative_to(ROOT))) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tabs = {v: open_variant(browser, f"{server.url}/?v={v}") for v in variants}
        for i in range(args.moves + 1):  # move 0 warms each window up and is not counted
            key = KEYS[i % len(KEYS)]
            for v in variants:
                try:
                    result = move(*tabs[v], key, args.timeout * 1000)
                except Timeout as error:
                    print(f"  {v} move {i} {key}: timeout {error}", flush=True)
                    continue
                if result is None or i == 0:
                    continue
                rows[v].append(result)
                print(f"  {v} move {i:2d} {key:10} {result['ms']:6.0f} ms, cpu {result['cpu']:5.0f} ms, "
                      f"{result['bytes'] / 1000:6.1f} kB, remounted {result['remounted']}/"
                      f"{result['charts']}, react {result['reacted']}, newPlot {result['newPlots']}",
                      flush=True)
        browser.close()

    print(f"\nKey press -> page settled (rerun done, stApp quiet 300 ms), headless Chromium; "
          f"moves alternate between the variants ({time.strftime('%H:%M')}, load "
          f"{os.getloadavg()[0]:.1f})")
    print(f"{'variant':36} {'moves':>5} {'median':>7} {'p95':>7} {'x/a':>5} {'cpu med':>8} "
          f"{'cpu x/a':>7} {'kB/move':>7} {'remount':>7} {'react':>5}")
    med = {v: statistics.median(r["ms"] for r in rows[v]) for v in variants if rows[v]}
    cpu = {v: statistics.median(r["cpu"] for r in rows[v]) for v in variants if rows[v]}
    for v in variants:
        r = rows[v]
        if not r:
            print(f"{LABELS[v]:36} {0:5d}  (no move settled)")
            continue
        ratio = f"{med[v] / med['a']:.2f}" if "a" in med and v != "a" else ""
        cpu_ratio = f"{cpu[v] / cpu['a']:.2f}" if "a" in cpu and v != "a" else ""
        print(f"{LABELS[v]:36} {len(r):5d} {med[v]:7.0f} {p95([x['ms'] for x in r]):7.0f} {ratio:>5} "
              f"{cpu[v]:8.0f} {cpu_ratio:>7} {statistics.median(x['bytes'] for x in r) / 1000:7.1f} "
              f"{statistics.median(x['remounted'] for x in r):7.0f} "
              f"{statistics.median(x['reacted'] for x in r):5.0f}")
    for v, label in (("b", "b/a"), ("c", "c/a"), ("b", "b/c")):
        base = "c" if label == "b/c" else "a"
        if rows.get(v) and rows.get(base):
            pairs = [x["ms"] / y["ms"] for y, x in zip(rows[base], rows[v])]
            print(f"paired (same move, same moment) {label} settle ratio: median "
                  f"{statistics.median(pairs):.2f}, range {min(pairs):.2f}-{max(pairs):.2f}")


if __name__ == "__main__":
    main()
