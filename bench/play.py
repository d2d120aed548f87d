"""How fast ▶ Play runs through a scrubbed chart's frames in Chromium, page by page.

Each page opens at the start of its scrubber (the e2e test's links), Play is pressed, and
plotly.js's own ``plotly_animatingframe`` events are timed until ``plotly_animated`` (or
``--seconds``). The frame rate is frames shown over the time between the first and the
last; the chart asks for one frame every 80 ms (12.5 a second, ``figures/animation.py``).

    python bench/play.py [--page kmeans] [--seconds 8]

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
os.environ.setdefault("EXPLORERS_WARM", "0")  # time the pages, not the server's warm-up (ui/warm.py)

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, wait_idle  # noqa: E402
from tests.e2e.test_play import CHART, PLAYABLE  # noqa: E402

# The chart's plotly div (the one plotly.js draws into) records each frame's time.
LISTEN = """chart => {
  const gd = chart.querySelector('.js-plotly-plot');
  window.__frames = []; window.__done = null;
  gd.on('plotly_animatingframe', () => window.__frames.push(performance.now()));
  gd.on('plotly_animated', () => { window.__done = performance.now(); });
}"""


def play(tab, url: str, seconds: float) -> dict:
    tab.goto(url)
    wait_idle(tab)
    chart = tab.locator(CHART).first
    chart.locator(".main-svg .trace, .main-svg .hm").first.wait_for(state="attached")
    time.sleep(0.5)  # the page's other charts finish drawing
    chart.evaluate(LISTEN)
    chart.locator("g.updatemenu-button").first.click()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and tab.evaluate("window.__done") is None:
        time.sleep(0.1)
    frames = tab.evaluate("window.__frames")
    gaps = [b - a for a, b in zip(frames, frames[1:])]
    return {"frames": len(frames), "fps": 1000 * (len(frames) - 1) / (frames[-1] - frames[0])
            if len(frames) > 1 else 0.0,
            "gap_median": statistics.median(gaps) if gaps else 0.0,
            "gap_max": max(gaps) if gaps else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", action="append", help="url path, e.g. kmeans (default: all)")
    parser.add_argument("--seconds", type=float, default=8.0, help="longest wait for a play")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    pages = [(p, q) for p, q in PLAYABLE if not args.page or p in args.page]
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.1f}; "
          "frames asked for every 80 ms (12.5 a second)")
    print(f"{'page and link':34} {'frames':>6} {'fps':>6} {'gap median ms':>14} {'gap max ms':>11}")
    with StreamlitServer() as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        for path, query in pages:
            row = play(tab, f"{server.url}/{path}?{query}", args.seconds)
            print(f"{path + '?' + query:34} {row['frames']:6d} {row['fps']:6.1f} {row['gap_median']:14.0f} "
                  f"{row['gap_max']:11.0f}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
