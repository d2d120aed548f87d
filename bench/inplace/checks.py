"""Feasibility checks for the in-place chart (``bench/inplace/app.py``'s component), printed,
not asserted: what a real page would need from it besides speed.

* animation: a figure with frames and a Play button (``?v=f``) plays, and keeps its frames
  after a slider move (``Plotly.react`` with the new frames);
* the same element across moves (no remount), its accessible name, its ``data-testid``s;
* responsive width: the chart's width at two window sizes;
* plotly.js fetched once per page load (never on a rerun), and its size.

    python bench/inplace/checks.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:] = [str(ROOT)] + [d for d in sys.path if Path(d or ".").resolve() != HERE]

from bench.inplace.bench import SLIDER, static_copy  # noqa: E402
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, wait_idle  # noqa: E402

PLOT = ".inplace-plot"
STATE = """() => {
  const gd = document.querySelector('.inplace-plot');
  if (!gd || !gd._fullData) return null;
  const marker = gd._fullData[1];
  return {frames: (gd._transitionData && gd._transitionData._frames || []).length,
          markerX: marker && marker.x && marker.x[0], calls: gd.__calls, mark: gd.__mark || null,
          width: gd.querySelector('.main-svg').getAttribute('width'),
          label: gd.getAttribute('aria-label'), role: gd.getAttribute('role'),
          testids: [...new Set([...document.querySelectorAll('[data-testid]')].filter(e => e.contains(gd))
                     .map(e => e.dataset.testid))],
          container: gd.closest("[data-testid='stElementContainer']").className.split(' ').slice(0, 3).join(' ')};
}"""


def play(page) -> dict:
    """Press the chart's Play and read its state 0.7 s later, mid-animation."""
    page.locator(".inplace-plot .updatemenu-button").first.click()
    page.wait_for_timeout(700)
    return page.evaluate(STATE)


def main() -> None:
    from playwright.sync_api import sync_playwright

    static_copy()
    os.environ["STREAMLIT_SERVER_ENABLE_STATIC_SERVING"] = "true"
    with StreamlitServer(str((HERE / "app.py").relative_to(ROOT))) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        fetched = []
        page.on("response", lambda r: fetched.append((r.url, r.headers.get("content-type"),
                                                      r.headers.get("content-encoding")))
                if "plotly.min.js" in r.url else None)
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        page.goto(f"{server.url}/?v=f")
        wait_idle(page)
        page.wait_for_function("() => document.querySelector('.inplace-plot .main-svg')", timeout=60_000)
        page.wait_for_timeout(1000)
        page.evaluate("() => { document.querySelector('.inplace-plot').__mark = 'original'; }")
        first = page.evaluate(STATE)
        print("loaded:", first)
        playing = play(page)
        print(f"Play clicked: marker x {first['markerX']:.2f} -> {playing['markerX']:.2f} "
              f"({'animates' if playing['markerX'] != first['markerX'] else 'DID NOT MOVE'})")
        page.wait_for_timeout(2000)  # let the animation finish
        slider = page.locator(SLIDER).first
        slider.focus()
        slider.press("End")
        page.wait_for_function("c => document.querySelector('.inplace-plot').__calls > c",
                               arg=playing["calls"], timeout=60_000)
        page.wait_for_timeout(500)
        moved = page.evaluate(STATE)
        print("after a slider move:", moved)
        again = play(page)
        print(f"Play after the move: marker x {moved['markerX']:.2f} -> {again['markerX']:.2f}, "
              f"frames {again['frames']}")

        page.goto(f"{server.url}/?v=b")
        wait_idle(page)
        page.wait_for_function("() => document.querySelectorAll('.inplace-plot .main-svg').length >= 3",
                               timeout=60_000)
        page.wait_for_timeout(1000)
        wide = page.evaluate(STATE)["width"]
        page.set_viewport_size({"width": 500, "height": 1000})
        page.wait_for_timeout(1500)
        narrow = page.evaluate(STATE)["width"]
        column = page.evaluate("() => document.querySelector('.inplace-plot').parentElement.clientWidth")
        print(f"chart width at a 1400 px window: {wide}; after resizing to 500 px: {narrow} "
              f"(its column: {column} px)")
        page.goto(f"{server.url}/?v=a")
        wait_idle(page)
        page.wait_for_timeout(1500)
        plotly_chart = page.evaluate(
            "() => document.querySelector(\"[data-testid='stPlotlyChart'] .main-svg\").getAttribute('width')")
        print(f"st.plotly_chart's width at 500 px, for comparison: {plotly_chart}")
        print("plotly.js responses (url, type, encoding), one per page load:", fetched)
        print("console errors:", errors or "none")
        browser.close()


if __name__ == "__main__":
    main()
