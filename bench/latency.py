"""How long a slider move takes, page by page, measured with Streamlit's AppTest.

For every page in the navigation, each widget is moved through several values twice:
the first pass computes new settings (cold cache), the second revisits them (the
cached path a class sees when a teacher shares a link). A trivial one-slider app is
measured in the same run, so the figures can be read as ratios on a noisy machine.

    python bench/latency.py [--moves 5] [--page views/bias_variance.py] [--no-browser | --browser-only]
                            [--every-view]

With --every-view, a page of views (or steps) is also measured in each of its other views:
the first switch to it, then its own sliders there.

Then, unless --no-browser, every page's sliders are moved with the keyboard in headless
Chromium, timed from key press to page settled (bench/settle.py), with the one-slider app
measured the same way in the same run; each page's median is compared with its target
multiple of that floor.

Prints tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EXPLORERS_WARM", "0")  # time the pages, not the server's warm-up (ui/warm.py)

from streamlit.testing.v1 import AppTest  # noqa: E402

from roadmap import live_topics  # noqa: E402
from tests.pages.apptest import movable_widgets, open_page  # noqa: E402


def spread(widget, n: int) -> list:
    """n values across a widget's range (every option for a short list)."""
    if widget.type == "slider":
        lo, hi, step = widget.min, widget.max, widget.step
        # On the slider's own steps, as a hand can set it: 0.3, not 0.30000000000000004
        # (which would miss the cache a real revisit hits), and 500 points, not 525.
        values = [lo + round((hi - lo) * i / (n - 1) / step) * step for i in range(n)]
        # AppTest reports an int slider's bounds as floats; its value keeps the type.
        return [round(v) if isinstance(widget.value, int) else round(v, 10) for v in values]
    options = list(widget.options)
    if widget.type == "select_slider":
        options = [float(o) for o in options]
    step = max(1, len(options) // n)
    return options[::step][:n]


def time_moves(at: AppTest, moves: int, by_widget: dict | None = None, skip: tuple = ()):
    """Rerun times (ms) for new settings and for revisits; ``by_widget`` collects the new ones."""
    cold, warm = [], []
    for widget in movable_widgets(at):
        if widget.disabled or widget.key in skip:
            continue
        default = widget.value
        values = spread(widget, moves)
        for bucket in (cold, warm):
            start_of_pass = len(bucket)
            for value in values:
                handle = getattr(at, widget.type)(key=widget.key).set_value(value)
                start = time.perf_counter()
                handle.run()
                bucket.append((time.perf_counter() - start) * 1000)
                if at.exception:
                    raise RuntimeError(f"{widget.key}={value}: {at.exception[0].value}")
            if by_widget is not None and bucket is cold:
                by_widget[widget.key] = bucket[start_of_pass:]
        getattr(at, widget.type)(key=widget.key).set_value(default).run()
    return cold, warm


# The choice that picks a page's view or step; each shows its own controls (HIDE_INACTIVE).
VIEW_KEYS = ("view", "step")


def view_moves(page: str, moves: int) -> list[tuple]:
    """Every other view of a page of views: the switch to it, then its own widgets' moves
    (new settings), as (view, switch ms, new-setting times, times by widget)."""
    at = open_page(page)
    chooser = next((w for w in movable_widgets(at) if w.key in VIEW_KEYS), None)
    if chooser is None:
        return []
    default, rows = chooser.value, []
    for option in chooser.options:
        if option == default:
            continue
        handle = getattr(at, chooser.type)(key=chooser.key).set_value(option)
        start = time.perf_counter()
        handle.run()
        switch = (time.perf_counter() - start) * 1000
        by_widget = {}
        cold, _ = time_moves(at, moves, by_widget, skip=(chooser.key,))
        rows.append((option, switch, cold, by_widget))
        getattr(at, chooser.type)(key=chooser.key).set_value(default).run()
    return rows


def p95(values: list[float]) -> float:
    # "inclusive": with few moves, never report a p95 above the slowest one measured.
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


# Keys that move a focused range input to a new value in turn, whatever the slider's size.
KEYS = ("End", "Home", "PageUp", "ArrowRight", "PageDown", "ArrowLeft", "End", "Home")
SLIDER = "[data-testid='stSlider'] input[type='range']:not([disabled])"
# Issue 15's targets, as a multiple of the one-slider app's median in the same run: the
# heaviest pages (many charts, or training on a move) get 5x, every other page 2.5x.
HEAVY = {"views/comparison.py", "views/tsne.py", "views/playground.py", "views/cnn_filters.py",
         "views/forecasting.py", "views/dqn.py"}
TARGET_LIGHT, TARGET_HEAVY = 2.5, 5.0


def open_settled(page, url: str) -> None:
    from bench.settle import watch
    from tests.e2e.server import wait_idle

    page.goto(url)
    wait_idle(page)
    page.locator(SLIDER).first.wait_for()
    watch(page)


def browser_moves(page, url: str, moves: int, timeout: float) -> tuple[list[float], str]:
    """Key press -> page settled (ms) for each slider moved ``moves`` times, and a note.

    A move that times out ends the page (noted), never the run.
    """
    from bench.settle import Timeout, press_and_settle

    from playwright.sync_api import TimeoutError as PageTimeout

    try:
        open_settled(page, url)
    except PageTimeout as error:  # a page that cannot open in time ends that page, not the run
        return [], f"did not open within the timeout: {str(error).splitlines()[0]}"
    times, i = [], 0
    while i < page.locator(SLIDER).count():  # a move may add or remove sliders
        slider = page.locator(SLIDER).nth(i)
        for key in KEYS[:moves]:
            try:
                move = press_and_settle(page, slider, key, timeout=timeout)
            except Timeout as error:
                return times, f"timeout after {timeout / 1000:.0f} s on slider {i} {key}: {error}"
            if move is not None:
                times.append(move["ms"])
        i += 1
    return times, ""


def browser_table(pages: list[str], moves: int, timeout: float = 60_000, trees: list[str] = ()) -> None:
    """The browser table; with ``trees``, every page also in those checkouts, page by page in turn."""
    from playwright.sync_api import sync_playwright

    from bench.settle import prepare
    from bench.serve import TreeServer
    from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer

    by_path = {topic.page: topic.url_path for _, topic in live_topics()}
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        prepare(context)
        tab = context.new_page()
        with StreamlitServer("bench/trivial_app.py") as trivial:
            # Enough moves for a steady floor: four passes of the keys over the one slider.
            rows.append(("(trivial one-slider app)", *browser_moves(tab, trivial.url, moves, timeout), ""))
            more, _ = browser_moves(tab, trivial.url, moves, timeout)
            rows[0][1].extend(more)
            print(f"  one-slider app: median {statistics.median(rows[0][1]):.0f} ms", flush=True)
        with contextlib.ExitStack() as stack:
            checkouts = [None, *trees]
            servers = [stack.enter_context(TreeServer(tree)) for tree in checkouts]
            for page in pages:
                for tree, server in zip(checkouts, servers):
                    times, note = browser_moves(tab, f"{server.url}/{by_path[page]}", moves, timeout)
                    label = page if tree is None else f"  [{Path(tree).name}]"
                    rows.append((label, times, note, page))
                    summary = (f"median {statistics.median(times):.0f}, p95 {p95(times):.0f} ms"
                               if times else "")
                    print(f"  {page} {tree or ''}: {len(times)} moves, {summary}"
                          f"{'; ' + note if note else ''}", flush=True)
        browser.close()
    floor = statistics.median(rows[0][1])
    print(f"\nBrowser: key press -> page settled (rerun done, [data-testid='stApp'] unchanged "
          f"for 300 ms; Chromium, ms)")
    print(f"{'page':34} {'moves':>5} {'median':>8} {'p95':>8} {'med/floor':>9} {'target':>7}  met")
    for label, times, note, page in rows:
        if not times:
            print(f"{label:34} {0:5d}  (no move settled) {note}")
            continue
        ratio = statistics.median(times) / floor
        if not page:
            target, met = "", ""
        else:
            heavy = page in HEAVY
            limit = TARGET_HEAVY if heavy else TARGET_LIGHT
            target = f"{limit:.1f}x{'*' if heavy else ''}"
            met = ("met" if ratio <= limit else "MISSED") + (" (timeout)" if note else "")
        print(f"{label:34} {len(times):5d} {statistics.median(times):8.0f} {p95(times):8.0f} "
              f"{ratio:9.1f} {target:>7}  {met}")
    print("* heaviest pages (many charts or training on a move): target 5x; others 2.5x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=5, help="values per widget")
    parser.add_argument("--page", action="append", help="only these pages")
    parser.add_argument("--no-browser", action="store_true", help="AppTest only")
    parser.add_argument("--browser-only", action="store_true", help="Chromium only (skip AppTest)")
    parser.add_argument("--tree", action="append", default=[],
                        help="browser: also serve this checkout (e.g. /work/main), page by page in turn")
    parser.add_argument("--timeout", type=float, default=60, help="seconds a browser move may take")
    parser.add_argument("--every-view", action="store_true",
                        help="AppTest: also every other view (or step) of a page: its switch, its sliders")
    args = parser.parse_args()
    pages = args.page or [topic.page for _, topic in live_topics()]
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    if args.browser_only:
        browser_table(pages, args.moves, args.timeout * 1000, args.tree)
        return

    rows = []
    trivial = AppTest.from_file(str(ROOT / "bench" / "trivial_app.py"))
    trivial.run()
    cold, warm = time_moves(trivial, args.moves * 4)
    floor = statistics.median(cold + warm)
    rows.append(("(trivial one-slider app)", len(cold + warm), cold, warm))
    widgets = {}
    for page in pages:
        at = open_page(page)
        widgets[page] = {}
        cold, warm = time_moves(at, args.moves, widgets[page])
        rows.append((page, len(cold + warm), cold, warm))

    print(f"\nAppTest: one rerun per widget move (ms)")
    print(f"{'page':34} {'moves':>5} {'new median':>10} {'new p95':>8} "
          f"{'cached med':>10} {'cached p95':>10} {'p95 / floor':>11}   (ms)")
    for page, n, cold, warm in rows:
        print(f"{page:34} {n:5d} {statistics.median(cold):10.1f} {p95(cold):8.1f} "
              f"{statistics.median(warm):10.1f} {p95(warm):10.1f} {p95(cold) / floor:11.1f}")
    print("\nAppTest, new settings by widget: median / max (ms); then the new-setting p95 without")
    print("the point-count slider's moves (issue 5's target is stated at the default 500 points)")
    for page, by_widget in widgets.items():
        cells = [f"{key} {statistics.median(t):.0f}/{max(t):.0f}" for key, t in by_widget.items()]
        same_size = [t for key, times in by_widget.items() if key != "n_points" for t in times]
        print(f"{page:34} " + ", ".join(cells) + f"; p95 at own size {p95(same_size):.0f}")
    if args.every_view:
        print("\nAppTest, the other views: the switch (a first visit, ms), then that view's own widgets'")
        print("new settings: median, p95, and the slowest widget by its median / max")
        for page in pages:
            for view, switch, cold, by_widget in view_moves(page, args.moves):
                if not cold:
                    print(f"{page:34} {view[:24]:24} switch {switch:6.0f}   (no widgets of its own)")
                    continue
                key, times = max(by_widget.items(), key=lambda item: statistics.median(item[1]))
                slowest = f"{key} {statistics.median(times):.0f}/{max(times):.0f}"
                print(f"{page:34} {view[:24]:24} switch {switch:6.0f}   median {statistics.median(cold):6.1f}"
                      f"   p95 {p95(cold):6.1f}   slowest {slowest}")
    if not args.no_browser:
        browser_table(pages, args.moves, args.timeout * 1000, args.tree)


if __name__ == "__main__":
    main()
