"""Figures for the preprocessing page: pure ``Result -> plotly Figure`` functions, by view."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers import _encoding, _imputation
from explorers._encoding import COMPARED
from explorers._imputation import IMPUTERS
from explorers._scaling import SCALERS
from explorers.preprocessing import Result
from figures.classify import CLASS_COLOURS, boundary_plot
from figures.theme import BLACK, BLUE, GREY, ORANGE, SKY, VERMILLION, figure

PALE = "#C8C8C8"  # the bars of the settings not chosen


def _percent(x: float) -> str:
    return f"{x:.1%}"


# ---- scaling ----

def _number(x: float) -> str:
    """12,345 for large values, 6.33 or 0.0123 for small ones: never "1.2e+04" on a chart."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def _outliers(n: int) -> str:
    return f"{n} outlier{'s' if n > 1 else ''}"


def boundary_figure(r: Result) -> go.Figure:
    """The decision boundary in the columns' own units, as the pipeline draws it."""
    c = r.scaling
    s = c.split
    scaler = "no scaler" if c.scaler == "none" else c.scaler
    fig = boundary_plot(s, c.scores, f"{scaler} + {c.model}: test accuracy {_percent(c.accuracy)}",
                        height=560, legend="side")
    if c.outlier_at is not None:  # moved past the right edge: the grid covers the data as it came
        fig.add_annotation(text=f"→ {_outliers(c.outlier_rows.size)} off the chart, "
                                f"{s.feature_names[0]} ≈ {_number(c.outlier_at)}",
                           xref="paper", yref="paper", x=0.99, y=0.01, xanchor="right",
                           yanchor="bottom", showarrow=False, font=dict(size=15, color=BLACK),
                           bgcolor="rgba(255,255,255,0.85)")
    return fig.build()


def scaled_figure(r: Result) -> go.Figure:
    """The points as the model sees them, equal units on both axes: a column squashed
    into a sliver counts for little in a distance."""
    c = r.scaling
    s = c.split
    fig = figure("What the model sees" if c.scaler == "none" else f"What the model sees after {c.scaler}",
                 f"{s.feature_names[0]}, scaled" if c.scaler != "none" else s.feature_names[0],
                 f"{s.feature_names[1]}, scaled" if c.scaler != "none" else s.feature_names[1], height=440)
    inlying = np.ones(len(c.scaled_train), bool)
    inlying[c.outlier_rows] = False
    shown = np.vstack([c.scaled_train[inlying], c.scaled_test])
    lo, hi = shown.min(axis=0), shown.max(axis=0)
    pad = 0.08 * np.maximum(hi - lo, 1e-12)
    for k, name in enumerate(s.class_names):
        colour = CLASS_COLOURS[k % len(CLASS_COLOURS)]
        train, test = inlying & (s.y_train == k), s.y_test == k
        fig.add_scatter(x=c.scaled_train[train, 0], y=c.scaled_train[train, 1], mode="markers", name=name,
                        legendgroup=name,
                        marker=dict(color=colour, size=8, line=dict(color="white", width=0.8)),
                        hovertemplate=f"train, {name}<extra></extra>")
        fig.add_scatter(x=c.scaled_test[test, 0], y=c.scaled_test[test, 1], mode="markers",
                        name=f"{name}, test",
                        legendgroup=name, showlegend=False,
                        marker=dict(color="white", size=8, line=dict(color=colour, width=2)),
                        hovertemplate=f"test, {name}<extra></extra>")
    # Equal units: the narrower column's range grows to match the chart's shape, rather than
    # the chart stretching that column to fill it (which would hide what the model sees).
    fig.update_xaxes(range=[lo[0] - pad[0], hi[0] + pad[0]], constrain="range")
    fig.update_yaxes(range=[lo[1] - pad[1], hi[1] + pad[1]], scaleanchor="x", scaleratio=1, constrain="range")
    if c.outlier_rows.size:
        at = _number(np.mean(c.scaled_train[c.outlier_rows, 0]))
        fig.add_annotation(text=f"→ {_outliers(c.outlier_rows.size)} off the chart, at {at}",
                           xref="paper", yref="paper", x=0.99, y=0.01, xanchor="right", yanchor="bottom",
                           showarrow=False, font=dict(size=15),
                           bgcolor="rgba(255,255,255,0.85)")
    fig.update_layout(legend=dict(orientation="h", x=0, y=-0.2, yanchor="top"), margin=dict(b=150))
    return fig.build()


def scalers_figure(r: Result) -> go.Figure:
    """Test accuracy with every scaler on the same rows; the current one in blue, and where
    each stood without the outliers."""
    c = r.scaling
    names = list(SCALERS)[::-1]  # top to bottom in the order of the control
    values = c.accuracies[::-1]
    colours = [BLUE if n == c.scaler else PALE for n in names]
    fig = figure("Test accuracy with each scaler", "test accuracy", "", height=440)
    fig.add_trace(dict(type="bar", orientation="h", x=values, y=names, marker=dict(color=colours),
                       text=[_percent(v) for v in values], textposition="auto", textfont=dict(size=15),
                       name="with these outliers" if c.outlier_rows.size else "test accuracy",
                       hovertemplate="%{y}: %{x:.1%}<extra></extra>", showlegend=bool(c.outlier_rows.size)))
    if c.outlier_rows.size:
        fig.add_scatter(x=c.clean_accuracies[::-1], y=names, mode="markers", name="without outliers",
                        marker=dict(symbol="line-ns-open", size=18, color=BLACK, line=dict(width=3)),
                        hovertemplate="%{y} without outliers: %{x:.1%}<extra></extra>")
        fig.update_layout(legend=dict(orientation="h", x=0, y=-0.2, yanchor="top"), margin=dict(b=130))
    fig.update_xaxes(range=[0, 1.0], tickformat=".0%")
    fig.update_yaxes(showgrid=False, automargin=True)
    return fig.build()


# ---- imputation ----

def imputation_figure(r: Result) -> go.Figure:
    """Each filled value against the true one it replaced, on the axis of the column, with
    the disease progression that the regression predicts up the side."""
    m = r.imputation
    kept = np.ones(len(m.target), bool)
    kept[m.rows] = False
    y_gap = m.target[m.rows]
    with_ = " + indicator" if m.indicator else ""
    fig = figure(f"{m.imputer.capitalize()}{with_} fills {m.rows.size} {m.mechanism} gaps in {m.column}",
                 m.column, "disease progression a year on", height=520)
    fig.add_scatter(x=m.observed, y=m.target[kept], mode="markers", name="values kept",
                    marker=dict(color=PALE, size=7),
                    hovertemplate=f"kept: {m.column} %{{x:.4g}}<extra></extra>")
    links = np.full((3 * m.rows.size,), np.nan)
    links[0::3], links[1::3] = m.true, m.filled
    heights = np.repeat(y_gap, 3)
    fig.add_scatter(x=links, y=heights, mode="lines", name="true → filled", line=dict(color=GREY, width=1),
                    hoverinfo="skip")
    fig.add_scatter(x=m.true, y=y_gap, mode="markers", name="true value (lost)",
                    marker=dict(color="white", size=9, line=dict(color=BLACK, width=1.5)),
                    hovertemplate=f"true {m.column} %{{x:.4g}}<extra></extra>")
    fig.add_scatter(x=m.filled, y=y_gap, mode="markers", name=f"filled by {m.imputer}",
                    marker=dict(color=VERMILLION, size=9, line=dict(color=BLACK, width=0.8)),
                    hovertemplate=f"filled {m.column} %{{x:.4g}}<extra></extra>")
    fig.update_layout(legend=dict(x=0.01, xanchor="left", y=0.99, yanchor="top"))
    return fig.build()


def distribution_figure(r: Result) -> go.Figure:
    """The column's values kept, lost and filled, on the same bins."""
    m = r.imputation
    everything = np.concatenate([m.observed, m.true, m.filled])
    edges = np.histogram_bin_edges(everything, bins=24)
    fig = figure(f"{m.column}: what was lost, what was filled", m.column, "patients", height=440)
    for values, name, colour, opacity in ((m.observed, "kept", PALE, 1.0),
                                          (m.true, "lost (true values)", SKY, 0.75),
                                          (m.filled, "filled", VERMILLION, 0.7)):
        counts, _ = np.histogram(values, edges)
        fig.add_trace(dict(type="bar", x=(edges[:-1] + edges[1:]) / 2, y=counts, width=np.diff(edges),
                           name=name,
                           marker=dict(color=colour, opacity=opacity, line=dict(color="white", width=0.5)),
                           hovertemplate=f"{name}: %{{y}}<extra></extra>"))
    fig.update_layout(barmode="overlay", legend=dict(x=0.99, xanchor="right", y=0.99, yanchor="top"))
    return fig.build()


def imputers_figure(r: Result) -> go.Figure:
    """Cross-validated R² of every imputer, without and with the indicator, and of the same
    pipeline before any value went missing."""
    m = r.imputation
    s = m.scores
    fig = figure("Cross-validated R², every imputer", "", f"R² ({_imputation.FOLDS} folds)", height=440)
    for values, name, colour in ((s.without, "without indicator", SKY),
                                 (s.with_indicator, "with indicator", ORANGE)):
        chosen = [(n == m.imputer and (name == "with indicator") == m.indicator) for n in IMPUTERS]
        fig.add_trace(dict(type="bar", x=list(IMPUTERS), y=values, name=name,
                           marker=dict(color=colour, line=dict(color=[BLACK if c else colour for c in chosen],
                                                               width=[3 if c else 0 for c in chosen])),
                           text=[f"{v:.3f}" for v in values], textposition="outside", textfont=dict(size=13),
                           hovertemplate=f"%{{x}}, {name}: %{{y:.3f}}<extra></extra>"))
    fig.add_scatter(x=list(IMPUTERS), y=[s.complete] * len(IMPUTERS), mode="lines", name="no value missing",
                    line=dict(color=BLACK, width=2, dash="dash"), hoverinfo="skip")
    low = min(s.without.min(), s.with_indicator.min(), s.complete)
    high = max(s.complete, s.with_indicator.max(), s.without.max())
    fig.update_yaxes(range=[max(0.0, low - 0.08), high + 0.04])
    fig.update_layout(barmode="group", legend=dict(orientation="h", x=0, y=-0.2, yanchor="top"),
                      margin=dict(b=130))
    return fig.build()


# ---- encoding ----

def matrix_figure(r: Result) -> go.Figure:
    """The encoded categories of a few bills and of the Monday bill: what the model gets."""
    e = r.encoding
    rows = [f"{label}  (row {row})" for label, row in zip(e.labels, e.rows)] + ["Mon, Female, No  (new)"]
    refused = e.new_row is None
    # A refused Monday bill keeps its row, empty, with the refusal written across it.
    new_row = np.full(len(e.columns), np.nan) if refused else e.new_row
    z = np.vstack([e.matrix, new_row])
    text = [[_cell(v) for v in line] for line in e.matrix] + [["" if refused else _cell(v) for v in new_row]]
    fig = figure(f"{e.encoder.capitalize()} encoding: {e.n_columns} column{'s' if e.n_columns > 1 else ''}",
                 "", "", height=540)
    fig.add_trace(dict(type="heatmap", x=list(e.columns), y=rows, z=z, text=text, texttemplate="%{text}",
                       textfont=dict(size=15), colorscale=[[0, "#FFFFFF"], [1, SKY]], showscale=False,
                       zmin=min(0.0, float(np.nanmin(z))), zmax=max(1.0, float(np.nanmax(z))),
                       hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>", xgap=2, ygap=2))
    if refused:
        fig.add_annotation(text="refused: handle_unknown='error'", x=0.5, xref="paper", y=rows[-1], yref="y",
                           showarrow=False, font=dict(size=16, color=VERMILLION))
    # Column names along the top, where the first rows are; the title sits above them.
    fig.update_xaxes(side="top", showgrid=False, tickangle=-30)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_layout(title=dict(y=1, yref="container", yanchor="top", pad=dict(t=16)), margin=dict(t=150))
    return fig.build()


def _cell(v: float) -> str:
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}"


def encoders_figure(r: Result) -> go.Figure:
    """Cross-validated accuracy with the categories left out and with each encoder."""
    e = r.encoding
    names = list(COMPARED)
    colours = [BLUE if n == e.encoder else PALE for n in names]
    fig = figure(f"Cross-validated accuracy, {e.classifier}", "", f"accuracy ({_encoding.FOLDS} folds)",
                 height=400)
    fig.add_trace(dict(type="bar", x=names, y=e.accuracies, marker=dict(color=colours),
                       text=[_percent(v) for v in e.accuracies], textposition="outside", textfont=dict(size=15),
                       hovertemplate="%{x}: %{y:.1%}<extra></extra>", showlegend=False))
    fig.update_yaxes(range=[0.5, 1.05], tickformat=".0%")
    return fig.build()
