"""How long until a visitor sees the home page, from ``streamlit run``, and what it imports.

Three times, each on a fresh server: the time until the server answers its health check,
then until Chromium shows the home page idle (connected, first script run finished, the
roadmap drawn), and the first visit to every page after that (which pays each page's
imports: scikit-learn on the first explorer). A cold start is what Community Cloud's
sleeping apps and a teacher's first click both feel.

    python bench/startup.py [--runs 3]

Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from roadmap import live_topics  # noqa: E402
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, wait_idle  # noqa: E402

HEAVY = ("sklearn", "scipy", "torch", "statsmodels", "plotly", "pandas")
HOME_IMPORTS = """
import sys
from streamlit.testing.v1 import AppTest
AppTest.from_file("app.py").run()
print(" ".join(m for m in {heavy!r} if m in sys.modules))
"""


def one_start(browser) -> dict[str, float]:
    start = time.perf_counter()
    with StreamlitServer() as server:
        times = {"server healthy": time.perf_counter() - start}
        page = browser.new_page()
        page.goto(server.url)
        wait_idle(page)
        page.locator("[data-testid='stMain'] h3").first.wait_for()  # the roadmap's sections
        times["home page idle"] = time.perf_counter() - start
        for _, topic in live_topics():
            t0 = time.perf_counter()
            page.goto(f"{server.url}/{topic.url_path}")
            wait_idle(page)
            page.locator(":is([data-testid='stPlotlyChart'], .inplace-chart) .main-svg .trace").first.wait_for()
            times[f"first visit: {topic.url_path}"] = time.perf_counter() - t0
        page.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores")
    imported = subprocess.run(
        [sys.executable, "-c", HOME_IMPORTS.format(heavy=HEAVY)], cwd=ROOT,
        capture_output=True, text=True, check=True,
    ).stdout.split()
    print(f"heavy modules the home page imports: {', '.join(imported) or 'none'}")

    runs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(args.runs):
            runs.append(one_start(browser))
        browser.close()
    print(f"\n{'step (seconds)':40} {'median':>7} {'min':>7} {'max':>7}")
    for step in runs[0]:
        values = [r[step] for r in runs]
        print(f"{step:40} {statistics.median(values):7.2f} {min(values):7.2f} {max(values):7.2f}")


if __name__ == "__main__":
    main()
