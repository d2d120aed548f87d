"""Figures for forecasting honestly: the series and its split, the one-step forecasts on
the test part, the errors relative to naive, directional accuracy, and honest against leaky.

One colour per model everywhere: naive grey, ARIMA blue, the honest LSTM green, the leaky
LSTM red; the truth is black.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.forecasting import Result
from figures.theme import BLACK, BLUE, GREEN, GREY, ORANGE, VERMILLION, figure

COLOURS = {"naive": GREY, "ARIMA": BLUE, "LSTM": GREEN}
LEAKY = VERMILLION
ZOOM = 60  # the forecast chart opens on the last ZOOM test steps, where a one-step lag shows


def time_label(r: Result) -> str:
    return "day" if r.data == "random walk" else "time step"


def _vline(fig, x, colour=BLACK, dash="dot"):
    fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper",
                  line=dict(color=colour, width=2, dash=dash))


def _hline(fig, y, colour=BLACK, dash="dash"):
    fig.add_shape(type="line", x0=0, x1=1, xref="paper", y0=y, y1=y,
                  line=dict(color=colour, width=2, dash=dash))


def series_figure(r: Result) -> go.Figure:
    """The whole series, the training part and the walked-forward test part told apart."""
    fig = figure(f"{r.data}: train on the first {r.n_train} steps, walk forward through "
                 f"the last {len(r.test_index)}", time_label(r), "value", height=400)
    days = np.arange(len(r.y))
    # The test line starts on the last training step so the two parts join up.
    for name, keep, colour in (("training part", days < r.n_train, BLACK),
                               ("test part", days >= r.n_train - 1, ORANGE)):
        fig.add_scatter(x=days[keep], y=r.y[keep], mode="lines", name=name,
                        line=dict(color=colour, width=2),
                        hovertemplate="%{x}: %{y:.4g}<extra>" + name + "</extra>")
    _vline(fig, r.n_train - 0.5)
    fig.update_layout(legend=dict(orientation="h", y=1.0, x=0.0, yanchor="bottom"),
                      margin=dict(t=100))
    return fig.build()


def forecasts_figure(r: Result) -> go.Figure:
    """Truth and every model's one-step forecast on the test part (zoomed on the end)."""
    fig = figure(f"One-step forecasts on the test part (last {ZOOM} steps shown: "
                 "double-click to see all)", time_label(r), "value", height=480)
    fig.add_scatter(x=r.test_index, y=r.truth, mode="lines+markers", name="truth",
                    line=dict(color=BLACK, width=3), marker=dict(size=7),
                    hovertemplate="%{x}: %{y:.4g}<extra>truth</extra>")
    # Naive is drawn last, on top: it is the truth one step late, and the models sit on it.
    for i in (1, 2, 0):
        name, forecast = list(COLOURS)[i], r.forecasts[i]
        fig.add_scatter(x=r.test_index, y=forecast, mode="lines", name=name,
                        line=dict(color=COLOURS[name], width=3 if i == 0 else 2.5,
                                  dash="dash" if i == 0 else "solid"),
                        hovertemplate="%{x}: %{y:.4g}<extra>" + name + "</extra>")
    if r.leak != "none":
        fig.add_scatter(x=r.leak_index, y=r.leak_forecast, mode="markers",
                        name=f"leaky LSTM ({r.leak})", marker=dict(color=LEAKY, size=7, symbol="x"),
                        hovertemplate="%{x}: %{y:.4g}<extra>leaky LSTM</extra>")
    last = r.test_index[-1]
    fig.update_xaxes(range=[max(r.test_index[0], last - ZOOM) - 0.5, last + 0.5])
    shown = r.test_index >= last - ZOOM
    window = np.concatenate([r.truth[shown], r.forecasts[:, shown].ravel()])
    pad = 0.05 * (window.max() - window.min() + 1e-9)
    fig.update_yaxes(range=[window.min() - pad, window.max() + pad])
    fig.update_layout(legend=dict(orientation="h", y=-0.22, x=0.0), margin=dict(b=130))
    return fig.build()


def ratio_figure(r: Result) -> go.Figure:
    """RMSE of each model divided by naive's: below the line at 1 beats naive."""
    fig = figure("RMSE relative to naive (below 1 beats it)", "", "RMSE / naive RMSE", height=400)
    ratios = r.rmse / r.rmse[0]
    fig.add_trace(dict(type="bar", x=list(COLOURS), y=ratios, name="RMSE / naive",
                       marker=dict(color=list(COLOURS.values())),
                       text=[f"{v:.3f}" for v in ratios], textposition="outside",
                       hovertemplate="%{x}: %{y:.4f}<extra></extra>"))
    _hline(fig, 1.0)
    fig.update_yaxes(range=[0, max(1.2, 1.15 * float(ratios.max()))])
    fig.update_layout(showlegend=False)
    return fig.build()


def direction_figure(r: Result) -> go.Figure:
    """Share of up/down moves each model called right; a coin toss gets 50%."""
    fig = figure("Direction called right (coin toss: 50%)", "", "share of moves", height=400)
    names = list(COLOURS)[1:]  # naive forecasts no change: it calls no direction
    values = np.asarray(r.direction[1:], float)
    fig.add_trace(dict(type="bar", x=names, y=values, name="direction",
                       marker=dict(color=[COLOURS[n] for n in names]),
                       text=[f"{v:.0%}" for v in values], textposition="inside",
                       insidetextanchor="end", textfont=dict(color="white"),
                       hovertemplate="%{x}: %{y:.1%}<extra></extra>"))
    _hline(fig, 0.5)
    fig.update_yaxes(range=[0, 1.1], tickformat=".0%")
    fig.update_layout(showlegend=False)
    return fig.build()


def leak_figure(r: Result) -> go.Figure:
    """Naive, the honest LSTM and the leaky LSTM, each RMSE relative to naive on its own
    test days (the shuffled split scores other days than the time split)."""
    leaky = r.leak != "none"
    title = f"Honest against leaky ({r.leak})" if leaky else "No leak chosen: the honest LSTM"
    fig = figure(title, "", "RMSE / naive RMSE", height=400)
    names = ["naive", "honest LSTM"] + (["leaky LSTM"] if leaky else [])
    values = [1.0, r.lstm_ratio] + ([r.leak_ratio] if leaky else [])
    colours = [GREY, GREEN] + ([LEAKY] if leaky else [])
    fig.add_trace(dict(type="bar", x=names, y=values, name="RMSE / naive",
                       marker=dict(color=colours),
                       text=[f"{v:.3f}" for v in values], textposition="outside",
                       hovertemplate="%{x}: %{y:.4f}<extra></extra>"))
    _hline(fig, 1.0)
    fig.update_yaxes(range=[0, max(1.2, 1.15 * max(values))])
    fig.update_layout(showlegend=False)
    return fig.build()


def error_table(r: Result) -> dict:
    """The error table: one row per model (and the leaky LSTM on its own test days)."""
    names = [*COLOURS, *([f"leaky LSTM ({r.leak})"] if r.leak != "none" else [])]
    rows = {
        "model": names,
        "MAE": [*r.mae, *([None] if r.leak != "none" else [])],
        "RMSE": [*r.rmse, *([None] if r.leak != "none" else [])],
        "RMSE / naive": [*(r.rmse / r.rmse[0]), *([r.leak_ratio] if r.leak != "none" else [])],
        "skill vs naive": [*r.skill, *([1 - r.leak_ratio] if r.leak != "none" else [])],
        # naive forecasts no change, so it calls no direction at all
        "direction right": [None, *r.direction[1:], *([r.leak_direction] if r.leak != "none" else [])],
    }
    return rows


# How each column of the error table is written on the page.
TABLE_FORMATS = {"MAE": "{:.4g}", "RMSE": "{:.4g}", "RMSE / naive": "{:.3f}",
                 "skill vs naive": "{:.1%}", "direction right": "{:.1%}"}


def error_styler(r: Result):
    """The error table as the page shows it: numbers formatted, and a dash where a number
    does not apply (naive calls no direction; the leaky row has no error of its own on the
    honest test days). Left to itself the table would print those cells as "None"."""
    import pandas as pd  # only the page needs pandas here; the figures do not

    return pd.DataFrame(error_table(r)).style.format(TABLE_FORMATS, na_rep="—")
