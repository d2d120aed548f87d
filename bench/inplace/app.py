"""Three charts that change with one slider, drawn in one of these ways (``?v=a`` etc.).

0: no charts (the slider and its text only: the floor).
a: ``st.plotly_chart`` (what the app does): a changed spec is a new element, so the
   frontend remounts it and plotly.js draws it from scratch (``Plotly.newPlot``).
b: a Streamlit components v2 component that keeps one ``<div>`` per chart (a stable
   ``key``) and calls ``Plotly.react`` on it with each new spec.
c: the same component (same div, no remount), but ``Plotly.newPlot`` on every change:
   the control, splitting b's gain between reacting in place and skipping the remount.
f: one animated figure (frames, a Play button) through the component: ``checks.py``.

plotly.js for b, c and f comes from the installed ``plotly`` package, served by Streamlit's static
file serving (``server.enableStaticServing``) from ``static/plotly.min.js`` next to this
file: a copy that ``bench.py`` makes (not committed; a symlink is refused, the server
resolves links and rejects paths outside ``static/``). It is loaded once per page by a
``<script>`` tag the component adds, never from a CDN.

    STREAMLIT_SERVER_ENABLE_STATIC_SERVING=true streamlit run bench/inplace/app.py
"""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import streamlit as st

ROOT_SRC = "app/static/plotly.min.js"  # relative to the page's URL (the app served at /)

# The component's module. Its default export runs on mount and again whenever the
# element's data changes (same parentElement, same div: no remount). window.__inplace
# records every call so a test can see which ones drew from scratch and which reacted.
JS = """
const SRC = new URL("%s", document.baseURI).href;

function plotly() {
  if (!window.__plotlyLoad) {
    window.__plotlyLoad = new Promise((resolve, reject) => {
      if (window.Plotly) return resolve(window.Plotly);
      const s = document.createElement("script");
      s.src = SRC;
      s.onload = () => resolve(window.Plotly);
      s.onerror = () => reject(new Error("plotly.js did not load from " + SRC));
      document.head.appendChild(s);
    });
  }
  return window.__plotlyLoad;
}

export default function (component) {
  const { data, parentElement, key } = component;
  const el = parentElement.querySelector(".inplace-plot");
  const log = (window.__inplace = window.__inplace || []);
  if (!el || !data) return;
  el.setAttribute("aria-label", data.alt || "chart");
  const fresh = !el.__drawn;
  // One draw at a time per div: a spec that arrives mid-draw waits for the last one.
  el.__queue = (el.__queue || Promise.resolve()).then(async () => {
    const Plotly = await plotly();
    const t0 = performance.now();
    const config = Object.assign({responsive: true, displaylogo: false}, data.config || {});
    const fig = data.figure;
    if (!el.__drawn || data.always_new) {
      await Plotly.newPlot(el, fig.data, fig.layout, config);
      if (fig.frames) await Plotly.addFrames(el, fig.frames);
      el.__drawn = true;
    } else {
      await Plotly.react(el, {data: fig.data, layout: fig.layout, frames: fig.frames, config});
    }
    log.push({key: data.name, op: fresh || data.always_new ? "newPlot" : "react", ms: performance.now() - t0,
              calls: (el.__calls = (el.__calls || 0) + 1)});
  });
  return () => { try { window.Plotly && window.Plotly.purge(el); } catch (e) {} };
}
""" % ROOT_SRC

CSS = ".inplace-plot { width: 100%; }"
HTML = '<div class="inplace-plot" role="img"></div>'

plot = st.components.v2.component("inplace_plotly", html=HTML, css=CSS, js=JS, isolate_styles=False)

TEMPLATE = go.layout.Template(layout=dict(
    font=dict(size=17), margin=dict(l=60, r=20, t=50, b=60), paper_bgcolor="white",
    plot_bgcolor="white", xaxis=dict(automargin=True, gridcolor="#ddd"),
    yaxis=dict(automargin=True, gridcolor="#ddd")))


def figures(n: int) -> list[tuple[str, go.Figure]]:
    """Three charts typical of the app's pages, all depending on n (0..100)."""
    rng = np.random.default_rng(0)
    slope = 0.2 + n / 50
    x = rng.uniform(-3, 3, 300)
    y = slope * x + rng.normal(0, 1, 300)
    line_x = np.array([-3, 3])
    scatter = go.Figure([
        go.Scatter(x=x, y=y, mode="markers", name="data", marker=dict(size=7, opacity=0.7)),
        go.Scatter(x=line_x, y=slope * line_x, mode="lines", name=f"fit (slope {slope:.2f})"),
    ], layout=dict(template=TEMPLATE, title="Data and fitted line", xaxis_title="x", yaxis_title="y",
                   height=420))

    degrees = np.arange(0, 101)
    train = 1 / (1 + degrees / 10)
    test = train + (degrees / 100) ** 2
    curves = go.Figure([
        go.Scatter(x=degrees, y=train, mode="lines", name="train error"),
        go.Scatter(x=degrees, y=test, mode="lines", name="test error"),
        go.Scatter(x=[n], y=[test[n]], mode="markers", name="chosen", marker=dict(size=14, color="black")),
    ], layout=dict(template=TEMPLATE, title="Error against complexity", xaxis_title="complexity",
                   yaxis_title="error", height=420))

    g = np.linspace(-3, 3, 100)
    gx, gy = np.meshgrid(g, g)
    z = np.sin(gx * (1 + n / 30)) * np.cos(gy) + 0.1 * n / 100 * gx
    pts = rng.uniform(-3, 3, (80, 2))
    heat = go.Figure([
        go.Heatmap(x=g, y=g, z=z, colorscale="RdBu", zmid=0),
        go.Scatter(x=pts[:, 0], y=pts[:, 1], mode="markers", name="points",
                   marker=dict(size=8, color="black", symbol="x")),
    ], layout=dict(template=TEMPLATE, title="Decision surface", xaxis_title="feature 1",
                   yaxis_title="feature 2", height=480))
    return [("scatter", scatter), ("curves", curves), ("heatmap", heat)]


def animated(n: int) -> go.Figure:
    """A marker moving along a curve, in frames, with a Play button (the feasibility check
    for animation: ``?v=f``)."""
    t = np.linspace(0, 2 * np.pi, 40)
    amp = 1 + n / 50
    frames = [go.Frame(name=str(i), data=[go.Scatter(x=t, y=amp * np.sin(t)),
                                          go.Scatter(x=[t[i]], y=[amp * np.sin(t[i])])])
              for i in range(len(t))]
    return go.Figure(
        data=frames[0].data, frames=frames,
        layout=dict(template=TEMPLATE, title="Animated", height=400, showlegend=False,
                    yaxis_range=[-3.2, 3.2],
                    updatemenus=[dict(type="buttons", buttons=[dict(
                        label="Play", method="animate",
                        args=[None, dict(frame=dict(duration=30, redraw=False), fromcurrent=True)])])]))


variant = st.query_params.get("v", "a")
n = st.slider("n", 0, 100, 3, key="n")
st.write(f"variant {variant}, n = {n}")
charts = [] if variant == "0" else [("animated", animated(n))] if variant == "f" else figures(n)
for name, fig in charts:
    alt = fig.layout.title.text
    if variant == "a" or (variant == "f" and st.query_params.get("st") == "1"):
        st.plotly_chart(fig, theme=None, config={"displaylogo": False}, alt=alt)
    else:
        # The figure's JSON as plotly.py writes it (numpy arrays made lists): what
        # st.plotly_chart sends too, minus Streamlit's wrapper.
        spec = json.loads(fig.to_json())
        # ?v=c, the control: the same component drawing from scratch each time (newPlot).
        plot(key=f"chart_{name}", data={"name": name, "alt": alt, "figure": spec,
                                        "always_new": variant == "c"},
             width="stretch", height="content")
