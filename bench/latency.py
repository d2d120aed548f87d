"""How long a slider move takes, page by page, measured with Streamlit's AppTest.

For every page in the navigation, each widget is moved through several values twice:
the first pass computes new settings (cold cache), the second revisits them (the
cached path a class sees when a teacher shares a link). A trivial one-slider app is
measured in the same run, so the figures can be read as ratios on a noisy machine.

    python bench/latency.py [--moves 5] [--page views/bias_variance.py]

Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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


def time_moves(at: AppTest, moves: int, by_widget: dict | None = None):
    """Rerun times (ms) for new settings and for revisits; ``by_widget`` collects the new ones."""
    cold, warm = [], []
    for widget in movable_widgets(at):
        if widget.disabled:
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


def p95(values: list[float]) -> float:
    # "inclusive": with few moves, never report a p95 above the slowest one measured.
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


# Keys that move a focused range input to a new value in turn, whatever the slider's size.
KEYS = ("End", "Home", "PageUp", "ArrowRight", "PageDown", "ArrowLeft", "End", "Home")
SLIDER = "[data-testid='stSlider'] input[type='range']:not([disabled])"


def browser_moves(page, url: str, moves: int) -> list[float]:
    from tests.e2e.server import drawn, wait_idle, wait_redrawn

    page.goto(url)
    wait_idle(page)
    page.locator(SLIDER).first.wait_for()
    times = []
    for i in range(page.locator(SLIDER).count()):
        slider = page.locator(SLIDER).nth(i)
        for key in KEYS[:moves]:
            before_value, before = slider.input_value(), drawn(page)
            slider.focus()
            start = time.perf_counter()
            slider.press(key)
            if slider.input_value() == before_value:
                continue  # already at that end: no rerun to time
            wait_redrawn(page, before)
            times.append((time.perf_counter() - start) * 1000)
    return times


def browser_table(pages: list[str], moves: int) -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer

    by_path = {topic.page: topic.url_path for _, topic in live_topics()}
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        tab = context.new_page()
        with StreamlitServer("bench/trivial_app.py") as trivial:
            rows.append(("(trivial one-slider app)", browser_moves(tab, trivial.url, moves)))
        with StreamlitServer() as server:
            for page in pages:
                rows.append((page, browser_moves(tab, f"{server.url}/{by_path[page]}", moves)))
        browser.close()
    floor = statistics.median(rows[0][1])
    print(f"\nBrowser: key press -> rerun done and chart redrawn (Chromium, ms)")
    print(f"{'page':34} {'moves':>5} {'median':>8} {'p95':>8} {'max':>8} {'p95 / floor':>11}")
    for page, times in rows:
        print(f"{page:34} {len(times):5d} {statistics.median(times):8.1f} {p95(times):8.1f} "
              f"{max(times):8.1f} {p95(times) / floor:11.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=5, help="values per widget")
    parser.add_argument("--page", action="append", help="only these pages")
    parser.add_argument("--no-browser", action="store_true", help="AppTest only")
    args = parser.parse_args()
    pages = args.page or [topic.page for _, topic in live_topics()]
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores")

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
    if not args.no_browser:
        browser_table(pages, args.moves)


if __name__ == "__main__":
    main()
