"""Figures for the ARIMA explorer: pure ``Result -> plotly Figure`` functions."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.arima import Result
from figures.theme import BLACK, BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILLION, figure

BAND = "rgba(86, 180, 233, 0.25)"  # SKY, see-through: the 95% bands and intervals
NAMES = {"ar.L": "φ", "ma.L": "θ", "ar.S.L": "Φ", "ma.S.L": "Θ"}


def label(name: str) -> str:
    """statsmodels' parameter name in the usual symbols: ar.L1 -> φ1, ma.S.L12 -> Θ12."""
    for prefix in ("ar.S.L", "ma.S.L", "ar.L", "ma.L"):
        if name.startswith(prefix):
            return NAMES[prefix] + name[len(prefix):]
    return name


def series_figure(r: Result) -> go.Figure:
    """Top: the series, training part and held-out end. Bottom: what ARIMA models, the
    training part after its differences."""
    d, (_, D, _, s) = r.order[1], r.seasonal_order
    what = {0: "as it is", 1: "after 1 difference"}.get(d, f"after {d} differences")
    if D:
        what += f" and a seasonal difference (lag {s})"
    fig = figure(f"{r.series}: the series, and {what}", "", "value", height=620)
    train = slice(0, r.n_train)
    fig.add_scatter(x=r.x[train], y=r.y[train], mode="lines", name="training part",
                    line=dict(color=BLUE, width=2))
    fig.add_scatter(x=r.test_x, y=r.test, mode="lines", name="held out",
                    line=dict(color=BLACK, width=2))
    fig.add_scatter(x=r.diffed_x, y=r.diffed, mode="lines", name=f"modelled ({what})",
                    line=dict(color=VERMILLION, width=1.5), xaxis="x2", yaxis="y2")
    fig.add_shape(type="line", x0=r.x[r.n_train], x1=r.x[r.n_train], y0=0.55, y1=1,
                  xref="x", yref="paper", line=dict(color=GREY, width=2, dash="dot"))
    fig.add_shape(type="line", x0=0, x1=1, y0=0, y1=0, xref="x2 domain", yref="y2",
                  line=dict(color=GREY, width=1))
    fig.update_layout(
        yaxis=dict(domain=[0.58, 1.0]),
        xaxis2=dict(anchor="y2", matches="x", showline=True, linecolor="#444", ticks="outside"),
        yaxis2=dict(domain=[0.0, 0.42], anchor="x2", title=dict(text="differenced"),
                    showline=True, linecolor="#444", ticks="outside", gridcolor="#E5E5E5",
                    automargin=True),
        legend=dict(orientation="h", y=-0.12, x=0.0), margin=dict(b=110),
    )
    return fig.build()


def correlogram_figure(r: Result, which: str) -> go.Figure:
    """ACF or PACF of the differenced training part: stems, and the 95% band around 0."""
    values, band = (r.acf, r.acf_band) if which == "ACF" else (r.pacf, r.pacf_band)
    cut = r.suggested_q if which == "ACF" else r.suggested_p
    reads = "q" if which == "ACF" else "p"
    title = f"{which}: {cut} leading lag{'s' if cut != 1 else ''} outside the band → {reads} ≈ {cut}"
    fig = figure(title, "lag", which.lower(), height=380)
    _stems(fig, r.lags, values, band, BLUE if which == "ACF" else GREEN, which)
    return fig.build()


def residual_acf_figure(r: Result) -> go.Figure:
    """ACF of the fit's residuals: inside the band everywhere is what white noise looks like."""
    fig = figure(f"Residual ACF (Ljung-Box p = {r.lb_p:.2g})", "lag", "acf of residuals", height=380)
    lags = np.arange(1, len(r.resid_acf) + 1)
    _stems(fig, lags, r.resid_acf, r.resid_band, PURPLE, "residual ACF")
    return fig.build()


def _stems(fig, lags, values, band, colour, name) -> None:
    fig.add_scatter(x=np.concatenate([lags, lags[::-1]]), y=np.concatenate([band, -band[::-1]]),
                    fill="toself", fillcolor=BAND, line=dict(width=0), mode="lines",
                    name="95% band", hoverinfo="skip")
    # One trace of vertical stems with NaN breaks, then the heads.
    gaps = np.full_like(values, np.nan)
    fig.add_scatter(x=np.column_stack([lags, lags, lags]).ravel(),
                    y=np.column_stack([np.zeros_like(values), values, gaps]).ravel(),
                    mode="lines", line=dict(color=colour, width=2), showlegend=False, hoverinfo="skip")
    outside = np.abs(values) > band
    fig.add_scatter(x=lags, y=values, mode="markers", name=name,
                    marker=dict(color=np.where(outside, colour, "white").tolist(), size=9,
                                line=dict(color=colour, width=2)),
                    hovertemplate="lag %{x}: %{y:.3f}<extra></extra>")
    fig.add_shape(type="line", x0=0, x1=1, y0=0, y1=0, xref="x domain", yref="y",
                  line=dict(color=BLACK, width=1))
    fig.update_xaxes(range=[0.3, lags[-1] + 0.7])
    fig.update_layout(legend=dict(orientation="h", y=-0.3, x=0.0), margin=dict(b=110))


def coefficient_figure(r: Result) -> go.Figure:
    """Every AR and MA coefficient with its 95% confidence interval; the true value where
    the series is synthetic."""
    keep = [i for i, n in enumerate(r.names) if n.startswith(("ar.", "ma."))]
    fig = figure("Fitted coefficients with 95% intervals", "", "value", height=380)
    if not keep:
        fig.add_annotation(text="no AR or MA coefficients in this model (p = q = P = Q = 0)",
                           x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                           font=dict(color=GREY))
        fig.add_scatter(x=[0], y=[0], mode="markers", marker=dict(opacity=0), showlegend=False,
                        hoverinfo="skip")
        return fig.build()
    labels = [label(r.names[i]) for i in keep]
    coef = r.coef[keep]
    fig.add_scatter(x=labels, y=coef, mode="markers", name="fitted",
                    marker=dict(color=BLUE, size=14),
                    error_y=dict(type="data", symmetric=False, array=r.ci_high[keep] - coef,
                                 arrayminus=coef - r.ci_low[keep], color=BLUE, thickness=3, width=10),
                    hovertemplate="%{x}: %{y:.3f}<extra>fitted</extra>")
    known = [(lab, r.truth[r.names[i]]) for lab, i in zip(labels, keep) if r.names[i] in r.truth]
    if known:
        fig.add_scatter(x=[k for k, _ in known], y=[v for _, v in known], mode="markers",
                        name="true", marker=dict(symbol="star", color=ORANGE, size=20,
                                                 line=dict(color=BLACK, width=1.5)),
                        hovertemplate="%{x}: %{y:.3f}<extra>true</extra>")
    fig.add_shape(type="line", x0=0, x1=1, y0=0, y1=0, xref="x domain", yref="y",
                  line=dict(color=GREY, width=1, dash="dot"))
    fig.update_layout(legend=dict(orientation="h", y=-0.2, x=0.0), margin=dict(b=100))
    return fig.build()


def forecast_figure(r: Result) -> go.Figure:
    """The end of the training part, the held-out truth, the forecast with its 95%
    prediction interval, and the two baselines."""
    h = len(r.forecast)
    start = max(0, r.n_train - 2 * h)  # enough history to see the pattern, the forecast a third
    fig = figure(f"Forecast of the held-out {h} points", "", "value", height=520)
    xs = r.test_x
    fig.add_scatter(x=np.concatenate([xs, xs[::-1]]), y=np.concatenate([r.upper, r.lower[::-1]]),
                    fill="toself", fillcolor=BAND, line=dict(width=0), mode="lines",
                    name="95% prediction interval", hoverinfo="skip")
    fig.add_scatter(x=r.x[start:r.n_train], y=r.y[start:r.n_train], mode="lines", name="training part",
                    line=dict(color=BLUE, width=2))
    fig.add_scatter(x=xs, y=r.test, mode="lines+markers", name="held-out truth",
                    line=dict(color=BLACK, width=2), marker=dict(size=6))
    fig.add_scatter(x=xs, y=r.forecast, mode="lines", name="ARIMA forecast",
                    line=dict(color=VERMILLION, width=3))
    fig.add_scatter(x=xs, y=r.naive, mode="lines", name="naive (last value)",
                    line=dict(color=GREY, width=2, dash="dash"))
    if r.snaive.size:
        fig.add_scatter(x=xs, y=r.snaive, mode="lines", name=f"seasonal naive (last {r.period})",
                        line=dict(color=GREEN, width=2, dash="dot"))
    fig.add_shape(type="line", x0=r.x[r.n_train], x1=r.x[r.n_train], y0=0, y1=1, xref="x",
                  yref="paper", line=dict(color=GREY, width=2, dash="dot"))
    fig.update_layout(legend=dict(orientation="h", y=-0.12, x=0.0), margin=dict(b=130))
    return fig.build()


def errors_figure(r: Result) -> go.Figure:
    """RMSE and MAE of the forecast against the baselines, as bars."""
    names = ["ARIMA", "naive"] + (["seasonal naive"] if r.snaive_rmse is not None else [])
    rmse = [r.rmse, r.naive_rmse] + ([r.snaive_rmse] if r.snaive_rmse is not None else [])
    mae = [r.mae, r.naive_mae] + ([r.snaive_mae] if r.snaive_mae is not None else [])
    fig = figure("Held-out error (lower is better)", "", "error", height=380)
    fig.add_trace(dict(type="bar", x=names, y=rmse, name="RMSE", marker=dict(color=VERMILLION)))
    fig.add_trace(dict(type="bar", x=names, y=mae, name="MAE", marker=dict(color=SKY)))
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.2, x=0.0),
                      margin=dict(b=100))
    return fig.build()
