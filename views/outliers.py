"""Outliers: click them onto a line; six detectors flag them, four fits feel their pull."""

import dataclasses
import functools

import streamlit as st

from explorers import outliers as ex
from figures import outliers as fig
from lessons import said
from ui import teach
from ui.controls import set_params
from ui.page import aside, chart, code_panel, describe, explore, header
from ui.table_input import table_input

CLICK = "outliers_click"  # the clickable chart's selection, in session state


def own_table():
    return table_input(with_class=False, unused="*Points on the line* and *Noise σ*")


def clicked(params, step) -> None:
    """A click on the chart (before the rerun it causes): a point of the faint grid adds an
    outlier there, a placed outlier is removed, and the link keeps the result through the
    *Outliers you placed* box. Clicks on anything else change nothing."""
    event = st.session_state.get(CLICK) or {}
    for point in event.get("selection", {}).get("points", [])[:1]:
        if point.get("customdata") in ("add", "remove"):
            placed = ex.toggle(params.placed, (float(point["x"]), float(point["y"])), step)
            set_params(dataclasses.replace(params, placed=placed))


header(ex, "Outliers")
params, table, result = explore(ex, given=own_table)

truth = "true slope" if result.true_slope is not None else "slope before outliers"
for column, name in zip(st.columns(len(ex.REGRESSORS)), ex.REGRESSORS):
    column.metric(name[0].upper() + name[1:], f"{result.fit(name).slope:.3f}", border=True, delta_color="off",
                  delta=f"{result.pull(name):+.3f}",
                  help=f"The fitted slope, and how far it is from the {truth} ({result.reference:.3g}). "
                  + {"least squares": "Ordinary least squares: every residual squared, so a far point "
                                      "pulls hardest.",
                     "Huber": f"Huber loss with ε = {params.epsilon:g}: large residuals count linearly.",
                     "RANSAC": "Least squares on the largest set of points within the residual threshold "
                               "(the median absolute deviation of y).",
                     "Theil-Sen": "The spatial median of the slopes through pairs of points."}[name])

with st.container(key="outliers_row"):  # keyed: a message above must not rebuild the row
    left, right = st.columns([3, 2])
    with left:
        points = fig.points_figure(result, clickable=True,
                                   height=round(440 * (teach.CHART_GROWTH if teach.presenting() else 1)))
        # Streamlit's own chart: a click selects a point and reruns the page. The in-place
        # charts (ui/inplace_chart.py) cannot report one.
        st.plotly_chart(points, key=CLICK, on_select=functools.partial(clicked, params, result.step),
                        selection_mode="points", theme=None, alt=describe(points),
                        config={"displaylogo": False, "scrollZoom": False})
    with right:
        chart(fig.slopes_figure(result))
aside(f"{ex.MAX_PLACED} outliers placed, the most a link holds: click one to remove it."
      if len(result.placed) >= ex.MAX_PLACED else None, icon=":material/info:")
st.caption(said(ex, "pull"))

chart(fig.detectors_figure(result))
st.caption(said(ex, "flags"))

code_panel(ex, params, table)
