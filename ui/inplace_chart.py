"""A Plotly chart that stays mounted and redraws in place (``Plotly.react``).

``st.plotly_chart`` names each chart by a hash of its whole figure, so a chart whose data
changed is a new element: the browser throws the old one away and draws the new one from
scratch. After a slider move that is most of the page's time (``bench/README.md``, sixth
and seventh stops). This component keeps one ``<div>`` per chart, under a key that does
not change with the data, and hands each new figure to ``Plotly.react``, which updates
the drawing it already has.

plotly.js is the copy inside the installed ``plotly`` package, served by Streamlit's
static file serving (``server.enableStaticServing``) from ``static/plotly.min.js``: no CDN,
no network at run time. ``available()`` says whether that copy is in place; when it is
not (a read-only checkout, static serving off), the page falls back to
``st.plotly_chart``, slower but the same picture.
"""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import plotly
import streamlit as st

from figures.theme import layout_of

ROOT = Path(__file__).resolve().parents[1]
SERVED = ROOT / "static" / "plotly.min.js"
SHIPPED = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

# What the browser finds the chart by (e2e tests, bench scripts): its own class, since
# the element is not Streamlit's stPlotlyChart.
CLASS = "inplace-chart"

# Runs on mount and again whenever the element's data changes (same element, same div).
# Draws are serialised per div, and a figure that arrives while one is being drawn
# replaces any other still waiting: only the newest is drawn next.
JS = """
const SRC = new URL("app/static/plotly.min.js", document.baseURI).href;

function loadPlotly() {
  if (!window.__plotlyLoad) {
    window.__plotlyLoad = new Promise((resolve, reject) => {
      if (window.Plotly) return resolve(window.Plotly);
      const script = document.createElement("script");
      script.src = SRC;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => reject(new Error("plotly.js did not load from " + SRC));
      document.head.appendChild(script);
    });
  }
  return window.__plotlyLoad;
}

async function drawLatest(box, plot) {
  const Plotly = await loadPlotly();
  while (box.__next) {
    const spec = box.__next;
    box.__next = null;
    const fig = JSON.parse(spec.figure);
    const config = {responsive: true, displaylogo: false};
    if (!plot.__drawn) {
      await Plotly.newPlot(plot, fig.data, fig.layout || {}, config);
      if (fig.frames) await Plotly.addFrames(plot, fig.frames);
      plot.__drawn = true;
      // A column can change width without the window resizing (the sidebar folded). A chart
      // taken off the page, or hidden (a closed expander), has nothing to resize.
      const observer = new ResizeObserver(() => {
        if (!plot.isConnected) return observer.disconnect();
        if (box.offsetWidth > 0) Plotly.Plots.resize(plot);
      });
      observer.observe(box);
    } else {
      await Plotly.react(plot, {data: fig.data, layout: fig.layout || {}, frames: fig.frames, config});
    }
    box.dataset.draws = String(Number(box.dataset.draws || 0) + 1);
  }
}

export default function (component) {
  const { data, parentElement } = component;
  const box = parentElement.querySelector(".%(cls)s");
  const plot = box && box.querySelector(".inplace-plot");
  if (!plot || !data) return;
  box.setAttribute("aria-label", data.alt || "chart");
  if (data.height) box.style.minHeight = data.height + "px";
  const idle = !box.__next && !box.__drawing;
  box.__next = data;
  if (idle) {
    box.__drawing = drawLatest(box, plot)
      .catch((err) => { box.dataset.error = String(err); console.error(err); })
      .finally(() => { box.__drawing = null; });
  }
}
""" % {"cls": CLASS}

HTML = f'<div class="{CLASS}" role="figure"><div class="inplace-plot"></div></div>'
CSS = f".{CLASS}, .{CLASS} .inplace-plot {{ width: 100%; }}"

_component = st.components.v2.component(
    "inplace_plotly_chart", html=HTML, css=CSS, js=JS,
    # The chart lives in the page's own DOM: plotly.js injects global styles, which do
    # not reach into a shadow root.
    isolate_styles=False)


@functools.cache
def available() -> bool:
    """Whether the browser can load plotly.js from this app: static serving on, and the
    package's copy of plotly.min.js in ``static/`` (copied there once per server)."""
    if not st.get_option("server.enableStaticServing"):
        return False
    try:
        if not SERVED.exists() or SERVED.stat().st_size != SHIPPED.stat().st_size:
            SERVED.parent.mkdir(exist_ok=True)
            # A copy, not a link: static serving refuses a path that resolves outside it.
            # Written beside it and renamed into place, so a browser (or a second server
            # process starting at the same time) never reads half a file.
            partial = SERVED.with_name(f".{SERVED.name}.{os.getpid()}.part")
            shutil.copyfile(SHIPPED, partial)
            os.replace(partial, SERVED)
    except OSError:
        return False
    return True


def draw(fig, key: str, alt: str | None) -> None:
    """``fig`` in a chart element that keeps its place under ``key`` across reruns."""
    height = layout_of(fig).get("height")
    _component(key=key, width="stretch", height="content",
               data={"figure": fig.to_json(), "alt": alt or "chart", "height": height})
