"""Where a slider move's time goes in the browser: redraw time and main-thread busy time.

For each page, the first slider is moved with the keyboard while Chromium's JavaScript
profiler runs (DevTools protocol). Printed per page: the time from key press to the first
chart redrawn (as ``bench/latency.py`` times it), and the main thread's busy time for the
move, from the profile's non-idle samples until a second after the redraw, which counts
the other charts drawn after the first. Optionally the functions that took longest.

    python bench/redraw.py --page views/comparison.py [--moves 6] [--top 15]

Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.latency import KEYS, SLIDER  # noqa: E402
from roadmap import live_topics  # noqa: E402
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, drawn, wait_idle, wait_redrawn  # noqa: E402


def profile_moves(tab, url: str, moves: int):
    """(redraw ms, busy ms) per move, and the self time (ms) of every function over all moves."""
    tab.goto(url)
    wait_idle(tab)
    time.sleep(1.0)  # let the first draw settle
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 500})  # microseconds
    rows, functions = [], collections.Counter()
    slider = tab.locator(SLIDER).first
    for key in (KEYS * moves)[:moves]:
        before_value, before = slider.input_value(), drawn(tab)
        cdp.send("Profiler.start")
        slider.focus()
        start = time.perf_counter()
        slider.press(key)
        if slider.input_value() == before_value:
            cdp.send("Profiler.stop")
            continue  # already at that end: nothing to time
        wait_redrawn(tab, before)
        redraw = (time.perf_counter() - start) * 1000
        time.sleep(1.0)
        profile = cdp.send("Profiler.stop")["profile"]
        frames = {node["id"]: node["callFrame"] for node in profile["nodes"]}
        busy = 0.0
        for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
            frame = frames[sample]
            if frame["functionName"] != "(idle)":
                busy += delta / 1000
                where = frame["url"].rsplit("/", 1)[-1] or "(native)"
                functions[f"{frame['functionName'] or '(anonymous)'} {where}"] += delta / 1000
        rows.append((redraw, busy))
    cdp.detach()
    return rows, functions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", action="append", required=True, help="views/<page>.py (repeatable)")
    parser.add_argument("--moves", type=int, default=6)
    parser.add_argument("--top", type=int, default=0, help="also list the N functions with most self time")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    by_path = {topic.page: topic.url_path for _, topic in live_topics()}
    print(f"{time.strftime('%Y-%m-%d %H:%M')}: first slider moved {args.moves} times per page (ms)")
    print(f"{'page':34} {'moves':>5} {'redraw median':>13} {'redraw max':>10} {'busy median':>11}")
    with sync_playwright() as p, StreamlitServer() as server:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        for page in args.page:
            rows, functions = profile_moves(tab, f"{server.url}/{by_path[page]}", args.moves)
            redraws, busy = [r for r, _ in rows], [b for _, b in rows]
            print(f"{page:34} {len(rows):5d} {statistics.median(redraws):13.0f} {max(redraws):10.0f} "
                  f"{statistics.median(busy):11.0f}")
            for name, ms in functions.most_common(args.top):
                print(f"    {ms / len(rows):8.1f} ms a move  {name}")
        browser.close()


if __name__ == "__main__":
    main()
