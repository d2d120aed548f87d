"""Figures for the saving-and-serving explorer: pure ``Result -> plotly Figure`` functions."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers._serving_app import CLASSES, REPEATS
from explorers.serving import FORMATS, Result
from figures.theme import BLACK, BLUE, GREEN, GREY, ORANGE, VERMILLION, figure

FORMAT_COLOURS = {"joblib": BLUE, "skops": GREEN, "ONNX": ORANGE}
CLASS_COLOURS = dict(zip(CLASSES, (BLUE, VERMILLION, GREEN)))
SHOWN_ROWS = 12  # rows of a reply drawn; a longer reply is summed up in the title


def _log_range(values) -> list[float]:
    """A log axis from a little under the smallest bar to well past the longest, so its
    label fits to the right of it."""
    lo, hi = np.log10(max(min(values), 1e-3)), np.log10(max(max(values), 1e-3))
    return [lo - 0.3, hi + 0.3 * max(hi - lo, 1) + 0.3]


def _bars(fig, values, text: list[str], hover: str) -> None:
    fig.add_trace(dict(type="bar", orientation="h", x=np.asarray(values, dtype=float), y=list(FORMATS),
                       marker=dict(color=[FORMAT_COLOURS[f] for f in FORMATS]), text=text,
                       textposition="outside", cliponaxis=False, hovertemplate=hover, showlegend=False))
    fig.update_xaxes(type="log", range=_log_range(values))
    fig.update_yaxes(autorange="reversed")


def size_figure(r: Result) -> go.Figure:
    """Each format's file size, on a log axis (a forest's skops file can be 30 times its ONNX one)."""
    s = r.saving
    fig = figure(f"File size of the saved {r.title}", "kilobytes (log scale)", "", height=360)
    _bars(fig, s.sizes, [f"{kb:,.1f} kB" for kb in s.sizes], "%{x:,.1f} kB<extra></extra>")
    return fig.build()


def load_figure(r: Result) -> go.Figure:
    """Each format's load time, as measured here: the best of a few loads."""
    s = r.saving
    fig = figure("Load time, measured on this server (best of 3; varies run to run)",
                 "milliseconds (log scale)", "", height=360)
    _bars(fig, s.load_ms, [f"{ms:.2f} ms" if ms < 10 else f"{ms:.0f} ms" for ms in s.load_ms],
          "%{x:.2f} ms<extra></extra>")
    return fig.build()


def reply_figure(r: Result) -> go.Figure:
    """The probabilities the app sent back, row by row, with the original pipeline's as marks."""
    s = r.serving
    rows = len(s.probabilities)
    if s.status != 200:
        fig = figure(f"The app answered {s.status}: no predictions", "probability", "", height=380)
        fig.add_annotation(text="The request was refused: the validation message is below the charts.",
                           x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font=dict(size=18))
        fig.update_xaxes(range=[0, 1])
        fig.update_yaxes(showticklabels=False)
        return fig.build()
    shown = min(rows, SHOWN_ROWS)
    more = f" (first {shown} of {rows} rows)" if rows > shown else ""
    fig = figure(f"The app answered 200: its probabilities{more}", "probability", "", height=380)
    names = [f"row {i}: {s.labels[i]}" for i in range(shown)]
    for c, name in enumerate(CLASSES):
        fig.add_trace(dict(type="bar", orientation="h", x=s.probabilities[:shown, c], y=names, name=name,
                           marker=dict(color=CLASS_COLOURS[name]),
                           hovertemplate=f"{name} %{{x:.4f}}<extra></extra>"))
    if len(s.expected):
        # The original pipeline's probabilities as marks where its bars would part: on the
        # served bars' edges if the served model is the same model.
        edges = np.cumsum(s.expected[:shown, :-1], axis=1)
        fig.add_scatter(x=edges.ravel(), y=np.repeat(names, edges.shape[1]), mode="markers",
                        name="scikit-learn in memory",
                        marker=dict(symbol="line-ns", size=30, line=dict(width=4, color=BLACK)),
                        hovertemplate="the original pipeline's edge: %{x:.4f}<extra></extra>")
    fig.update_layout(barmode="stack", legend=dict(orientation="h", x=0, y=-0.22, yanchor="top"))
    fig.update_xaxes(range=[0, 1])
    fig.update_yaxes(autorange="reversed")
    return fig.build()


def latency_figure(r: Result) -> go.Figure:
    """One request of one row against one request of a batch: measured medians."""
    s = r.serving
    names = ["1 row", f"{s.batch:,} rows"]
    ms = np.array([s.one_ms, s.batch_ms])
    fig = figure(f"Latency of one request, measured (median of {REPEATS}; varies run to run)",
                 "milliseconds", "", height=300)
    fig.add_trace(dict(type="bar", orientation="h", x=ms, y=names, marker=dict(color=[GREY, BLUE]),
                       text=[f"{s.one_ms:.1f} ms", f"{s.batch_ms:.1f} ms = {s.per_row_ms:.3f} ms a row"],
                       textposition="outside", cliponaxis=False, showlegend=False,
                       hovertemplate="%{x:.2f} ms<extra></extra>"))
    fig.update_xaxes(range=[0, 1.6 * ms.max()])
    fig.update_yaxes(autorange="reversed")
    return fig.build()


def main_figure(r: Result) -> go.Figure:
    """The view's first chart: the file sizes, or the app's reply."""
    return size_figure(r) if r.saving is not None else reply_figure(r)
