"""Where a slider move's time goes in the browser: settle time, main-thread busy time by
script, and each chart's size and whether the move changed it.

For each page, sliders are moved with the keyboard while Chromium's JavaScript profiler runs
(DevTools protocol); each move is timed from key press to page settled, as
``bench/latency.py`` times it (``bench/settle.py``). Printed per page:

* settle time (median, max) and the main thread's busy time per move (median), from the
  profile's non-idle samples between the key press and the page settling;
* that busy time split by where it ran: plotly.js (Streamlit's ``PlotlyChart`` chunk, which
  is plotly.js plus its thin React wrapper, or the ``app/static/plotly.min.js`` that the
  in-place charts load), Streamlit's own frontend (React rendering, the
  protobuf and message handling: every other ``/static/js/`` script), the browser's own work
  outside JavaScript (``(program)``: style, layout, paint not forced by a script), garbage
  collection, and anything else;
* per chart: its SVG node count (``svg *`` inside the ``stPlotlyChart``), and on how many of
  the moves its DOM changed at all (a chart Streamlit re-sent identical is left alone).

Optionally the functions with most self time.

    python bench/redraw.py --page views/comparison.py [--moves 6] [--all-sliders] [--top 15]
        [--tree /work/main]   (also that checkout, alternating page by page)

Prints tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import statistics
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.latency import KEYS, SLIDER, open_settled  # noqa: E402
from bench.serve import TreeServer  # noqa: E402
from bench.settle import Timeout, prepare, press_and_settle  # noqa: E402
from roadmap import live_topics  # noqa: E402
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

os.environ.setdefault("EXPLORERS_WARM", "0")  # time the pages, not the server's warm-up (ui/warm.py)

GROUPS = ("plotly.js", "Streamlit", "browser (program)", "GC", "other")

# One observer per chart, counting its mutations since the last reset; charts in page order.
# Each chart in page order: its SVG size and whether it changed since RESET_CHARTS. A chart
# whose spec changed is a new element (Streamlit's element id hashes the spec, and the
# frontend remounts on a new id), so "changed" is: a new element, or mutations in the old one.
CHARTS = """() => [...document.querySelectorAll(":is([data-testid='stPlotlyChart'], .inplace-chart)")].map((c, i) => {
  if (!c.__benchWatched) {
    c.__benchWatched = true;
    c.__benchMutations = 0;
    new MutationObserver(rs => { c.__benchMutations += rs.length; }).observe(
      c, {subtree: true, childList: true, attributes: true, characterData: true});
  }
  const title = c.querySelector('.gtitle') || c.querySelector('.xtitle') || c.querySelector('.ytitle');
  return {svg: c.querySelectorAll('svg *').length, remounted: !c.__benchSeen,
          changed: !c.__benchSeen || c.__benchMutations > 0,
          title: title ? title.textContent.slice(0, 40) : ''};
})"""
RESET_CHARTS = """() => document.querySelectorAll(":is([data-testid='stPlotlyChart'], .inplace-chart)").forEach(
  c => { c.__benchMutations = 0; c.__benchSeen = true; })"""


def group(url: str, name: str) -> str:
    """Where a sample's time goes, from the nearest frame with a script URL (a native DOM
    call such as ``setProperty`` or ``getBBox`` counts for the script that made it)."""
    if name == "(garbage collector)":
        return "GC"
    if not url:
        return "browser (program)" if name == "(program)" else "other"
    # Streamlit's PlotlyChart chunk, or the copy ui/inplace_chart.py serves.
    if "/PlotlyChart." in url or url.endswith("/app/static/plotly.min.js"):
        return "plotly.js"
    if "/static/js/" in url:
        return "Streamlit"
    return "other"


def attribute(profile: dict, since_ms: float):
    """For each non-idle sample in the profile's last ``since_ms``: (group, self frame label, ms)."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    parent = {child: node["id"] for node in profile["nodes"] for child in node.get("children", ())}
    owner = {}

    def url_of(node_id):
        if node_id not in owner:
            frame = nodes[node_id]["callFrame"]
            up = parent.get(node_id)
            owner[node_id] = frame["url"] or (url_of(up) if up is not None and frame["functionName"]
                                              not in ("(program)", "(garbage collector)", "(idle)", "(root)")
                                              else "")
        return owner[node_id]

    t, start = profile["startTime"], profile["endTime"] - since_ms * 1000
    for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
        t += delta
        frame = nodes[sample]["callFrame"]
        if t < start or frame["functionName"] == "(idle)":
            continue
        delta = min(delta, t - start)  # a sample's delta reaches back before the window
        where = frame["url"].rsplit("/", 1)[-1] or "(native)"
        yield group(url_of(sample), frame["functionName"]), \
            f"{frame['functionName'] or '(anonymous)'} {where}", delta / 1000


RENDER = ("script", "style", "layout", "paint", "gc", "other")
_KINDS = {
    "style": ("UpdateLayoutTree", "RecalculateStyles", "ParseAuthorStyleSheet", "StyleRecalc"),
    "layout": ("Layout", "UpdateLayout", "LayoutShift"),
    "paint": ("Paint", "PrePaint", "Layerize", "UpdateLayer", "UpdateLayerTree", "PaintImage",
              "CompositeLayers", "Commit", "PaintSetup", "Rasterize", "Decode"),
    "gc": ("MinorGC", "MajorGC", "V8.GC", "BlinkGC", "GCEvent"),
    "script": ("FunctionCall", "EvaluateScript", "v8.", "V8.", "TimerFire", "FireAnimationFrame",
               "EventDispatch", "RunMicrotasks", "XHR", "HandlePostMessage", "ResourceReceivedData"),
}
TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink.user_timing"]


def kind_of(name: str) -> str:
    for kind in ("gc", "style", "layout", "paint", "script"):  # gc first: "V8.GC..." is not script
        if any(name.startswith(prefix) for prefix in _KINDS[kind]):
            return kind
    return "other"


def rendering(trace: bytes) -> collections.Counter:
    """Self time (ms) on the renderer's main thread by kind, from a devtools.timeline trace."""
    import json

    events = json.loads(trace)
    events = events["traceEvents"] if isinstance(events, dict) else events
    mains = {(e["pid"], e["tid"]) for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"
             and e.get("args", {}).get("name") == "CrRendererMain"}
    by_thread = collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and (e["pid"], e["tid"]) in mains and "dur" in e:
            by_thread[(e["pid"], e["tid"])].append(e)
    if not by_thread:
        return collections.Counter()
    thread = max(by_thread.values(), key=lambda es: sum(e["dur"] for e in es))
    keys = [e["ts"] for e in thread if e["name"] == "EventDispatch"
            and e.get("args", {}).get("data", {}).get("type") == "keydown"]
    thread = [e for e in thread if not keys or e["ts"] >= keys[0]]  # not the profiler's start
    thread.sort(key=lambda e: (e["ts"], -e["dur"]))
    self_time, stack = collections.Counter(), []  # stack of [end, kind]
    for e in thread:
        while stack and stack[-1][0] <= e["ts"]:
            stack.pop()
        kind = kind_of(e["name"])
        label = kind if kind != "other" else "other:" + e["name"]
        if not stack:  # a top-level task: its thread time is the CPU the main thread got
            self_time["cpu"] += e.get("tdur", 0) / 1000
        if stack:
            self_time[stack[-1][1]] -= e["dur"] / 1000  # the parent's self time loses it
        self_time[label] += e["dur"] / 1000
        stack.append([e["ts"] + e["dur"], label])
    for label in [k for k in self_time if k.startswith("other:")]:
        self_time["other"] += self_time[label]
        if self_time[label] < 20:
            del self_time[label]
    return self_time


def profile_moves(tab, url: str, moves: int, sliders: list[int] | None, timeout: float,
                  browser=None):
    """Per move: settle ms, busy ms by group, per-chart mutation counts; and function self times."""
    open_settled(tab, url)
    time.sleep(1.0)  # let the first draw settle
    tab.evaluate(CHARTS)  # start watching the charts
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 500})  # microseconds
    rows, functions, note = [], collections.Counter(), ""
    indices = sliders if sliders is not None else range(tab.locator(SLIDER).count())
    for index in indices:
        if index >= tab.locator(SLIDER).count():
            break
        slider = tab.locator(SLIDER).nth(index)
        for key in (KEYS * moves)[:moves]:
            tab.evaluate(RESET_CHARTS)
            if browser is not None:
                browser.start_tracing(page=tab, categories=TRACE_CATEGORIES)
            cdp.send("Profiler.start")
            try:
                move = press_and_settle(tab, slider, key, timeout=timeout)
                returned = time.perf_counter()
            except Timeout as error:
                cdp.send("Profiler.stop")
                if browser is not None:
                    browser.stop_tracing()
                note = f"timeout on slider {index} {key}: {error}"
                break
            profile = cdp.send("Profiler.stop")["profile"]
            # Only the samples after the key press: starting the profiler re-logs every
            # compiled function (~1.5 s of "(program)" on a big page) just before it.
            since_key = (move["since_key"] + (time.perf_counter() - returned) * 1000) if move else 0
            render = rendering(browser.stop_tracing()) if browser is not None else collections.Counter()
            if move is None:
                continue  # already at that end: nothing to time
            busy = collections.Counter()
            for where, label, ms in attribute(profile, since_key):
                busy[where] += ms
                functions[label] += ms
            charts = tab.evaluate(CHARTS)
            rows.append({"slider": index, "key": key, "ms": move["ms"], "busy": busy, "charts": charts,
                         "render": render})
        if note:
            break
    cdp.detach()
    return rows, functions, note


def report(page: str, rows: list[dict], functions: collections.Counter, note: str, top: int) -> None:
    if not rows:
        print(f"{page:34} no move settled {note}")
        return
    settle = [r["ms"] for r in rows]
    busy = [sum(r["busy"].values()) for r in rows]
    by_group = {g: statistics.median(r["busy"][g] for r in rows) for g in GROUPS}
    print(f"{page:34} {len(rows):5d} {statistics.median(settle):7.0f} {max(settle):7.0f} "
          f"{statistics.median(busy):7.0f} " + " ".join(f"{by_group[g]:9.0f}" for g in GROUPS)
          + (f"  ({note})" if note else ""))
    if any(r["render"] for r in rows):
        medians = {k: statistics.median(r["render"][k] for r in rows) for k in RENDER}
        cpu = statistics.median(r["render"]["cpu"] for r in rows)
        print("    main thread (trace, self ms, median): "
              + ", ".join(f"{k} {medians[k]:.0f}" for k in RENDER)
              + f"; its CPU time {cpu:.0f} (thread time: what load on the machine inflates least)")
        others = collections.Counter()
        for r in rows:
            others.update({k: v / len(rows) for k, v in r["render"].items() if k.startswith("other:")})
        if others:
            print("    of which other: " + ", ".join(f"{k[6:]} {v:.0f}" for k, v in others.most_common(4)))
    last = rows[-1]["charts"]
    if last:
        changed = collections.Counter()
        for r in rows:
            for i, chart in enumerate(r["charts"]):
                changed[i] += chart["changed"]
        cells = [f"#{i} {c['svg']} nodes, changed {changed[i]}/{len(rows)}"
                 + (f" ({c['title']})" if c["title"] else "") for i, c in enumerate(last)]
        print("    charts: " + "; ".join(cells))
        print(f"    SVG nodes in all charts: {sum(c['svg'] for c in last)}")
        sliders = sorted({r["slider"] for r in rows})
        if len(sliders) > 1:
            for index in sliders:
                moved = [r for r in rows if r["slider"] == index]
                hit = sorted({i for r in moved for i, c in enumerate(r["charts"]) if c["changed"]})
                print(f"    slider {index}: {len(moved)} moves, settle median "
                      f"{statistics.median(r['ms'] for r in moved):.0f} ms, charts changed: "
                      + (", ".join(f"#{i}" for i in hit) or "none"))
    for name, ms in functions.most_common(top):
        print(f"    {ms / len(rows):8.1f} ms a move  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", action="append", required=True, help="views/<page>.py (repeatable)")
    parser.add_argument("--moves", type=int, default=6, help="moves per slider")
    parser.add_argument("--slider", type=int, action="append", help="slider index (default: the first)")
    parser.add_argument("--all-sliders", action="store_true", help="move every slider")
    parser.add_argument("--top", type=int, default=0, help="also list the N functions with most self time")
    parser.add_argument("--timeout", type=float, default=60, help="seconds a move may take")
    parser.add_argument("--trace", action="store_true",
                        help="also trace each move: main-thread time as script/style/layout/paint, "
                        "and its CPU time")
    parser.add_argument("--tree", action="append", default=[],
                        help="also serve this checkout (e.g. /work/main), page by page alternating")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sliders = None if args.all_sliders else (args.slider or [0])
    by_path = {topic.page: topic.url_path for _, topic in live_topics()}
    print(f"{time.strftime('%Y-%m-%d %H:%M')}: key press -> page settled, main-thread busy time "
          f"by script (ms, medians over the moves)")
    print(f"{'page':34} {'moves':>5} {'settle':>7} {'max':>7} {'busy':>7} "
          + " ".join(f"{g[:9]:>9}" for g in GROUPS))
    trees = [None, *args.tree]
    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(TreeServer(tree)) for tree in trees]
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        prepare(context)
        tab = context.new_page()
        for page in args.page:
            for tree, server in zip(trees, servers):
                rows, functions, note = profile_moves(tab, f"{server.url}/{by_path[page]}", args.moves,
                                                      sliders, args.timeout * 1000,
                                                      browser if args.trace else None)
                label = page if len(trees) == 1 else f"{page} [{tree or 'this tree'}]"
                report(label, rows, functions, note, args.top)
        browser.close()


if __name__ == "__main__":
    main()
