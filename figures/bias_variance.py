"""Figures for the bias-variance explorer: pure ``Result -> plotly Figure`` functions."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.bias_variance import NEGLIGIBLE, Result
from figures.theme import Plot, BLACK, BLUE, GREY, ORANGE, SKY, VERMILLION, figure

UNDERFIT, OVERFIT = "← underfitting (high bias)", "overfitting (high variance) →"
AXIS_TITLE = {
    "degree": "polynomial degree (more complex →)",
    "k": "k, neighbours averaged (reversed: more complex →)",
}


def fits_figure(r: Result) -> go.Figure:
    """The current model refitted on many training sets, their average, and the truth."""
    n_shown = len(r.fits)
    fig = figure(f"{_setting(r)}, refitted on {r.n_sets} resampled training sets", "x", "y",
                 height=520)
    # One trace for all the faint fits (NaN breaks the line between them): one legend entry.
    breaks = np.full((n_shown, 1), np.nan)
    fig.add_scatter(
        x=np.tile(np.append(r.grid, np.nan), n_shown),
        y=np.hstack([r.fits, breaks]).ravel(),
        mode="lines", line=dict(color=SKY, width=1.5), opacity=0.6,
        name=f"fit on each training set ({n_shown} shown)", hoverinfo="skip",
    )
    fig.add_scatter(x=r.grid, y=r.mean_fit, mode="lines", name=f"average of all {r.n_sets} fits",
                    line=dict(color=BLUE, width=5, dash="dash"))
    fig.add_scatter(x=r.grid, y=r.truth, mode="lines", name="true function",
                    line=dict(color=BLACK, width=4))
    fig.add_scatter(x=r.x_train, y=r.y_train, mode="markers", name="one training set",
                    marker=dict(color=ORANGE, size=10, line=dict(color=BLACK, width=1)))
    # Wild high-degree fits would squash the picture, so the y-axis follows the data, not them.
    lo, hi = _fit_range(r)
    fig.update_yaxes(range=[lo, hi])
    if np.any((r.fits < lo) | (r.fits > hi)) or not lo <= r.mean_fit.min() <= r.mean_fit.max() <= hi:
        fig.add_annotation(text="some fits run off the chart", xref="paper", yref="paper",
                           x=0.5, y=1.0, yanchor="top", showarrow=False, font=dict(color=GREY))
    fig.update_xaxes(range=[-1.05, 1.05])
    fig.update_layout(legend=dict(orientation="h", y=-0.18, x=0.0))
    return fig.build()


def error_curves_figure(r: Result) -> go.Figure:
    """Training and test error against complexity, with the two failure regions named."""
    fig = figure(error_title(r), AXIS_TITLE[r.complexity_name],
                 "mean squared error (log scale)", height=480)
    # A log axis cannot show an error of exactly 0 (k = 1 on its own training points), so
    # values below a floor are drawn on it; the hover text keeps the true number.
    curves = np.concatenate([r.train_curve, r.test_curve])
    floor = max(1e-6, 0.1 * curves[curves > 0].min()) if np.any(curves > 0) else 1e-6
    for name, values, color in (("training error", r.train_curve, BLUE),
                                ("test error", r.test_curve, VERMILLION)):
        fig.add_scatter(x=r.complexity, y=np.maximum(values, floor), customdata=values,
                        mode="lines+markers", name=name, line=dict(color=color),
                        hovertemplate=f"{r.complexity_name} %{{x}}: %{{customdata:.4g}}<extra>{name}</extra>")
    fig.add_scatter(x=[r.best_setting], y=[max(r.test_curve[r.best], floor)], mode="markers",
                    name=f"lowest test error ({r.label(r.best)})",
                    marker=dict(symbol="star", size=22, color=VERMILLION, line=dict(color=BLACK, width=1.5)),
                    cliponaxis=False)
    # Labels at whole decades only (minor-digit labels crowd a narrow chart), and at most
    # about six of them when a wild fit stretches the axis over many decades.
    top = np.log10(curves.max()) + 0.2
    fig.update_yaxes(type="log", dtick=max(1, int(np.ceil((top - np.log10(floor)) / 6))),
                     exponentformat="power", range=[np.log10(floor) - 0.1, top])
    _mark_regions(fig, r)
    _complexity_axis(fig, r)
    return fig.build()


def error_title(r: Result) -> str:
    """What the two curves do, read from them: the classic picture is the usual case, not
    every one (k-NN's training error can bump up on the way; without noise nothing overfits)."""
    simplest, most_complex = (-1, 0) if _reversed(r) else (0, -1)
    if r.train_keeps_falling:
        train = "Training error keeps falling"
    elif r.train_curve[most_complex] < r.train_curve[simplest]:
        train = "Training error falls overall"
    else:
        train = "Training error does not fall"
    return f"{train}; test error {'turns back up' if r.test_turns_up else 'never climbs back up'}"


def decomposition_figure(r: Result) -> go.Figure:
    """Noise, variance and bias² stacked, with the measured test error on top of them."""
    fig = figure("Test error = bias² + variance + noise", AXIS_TITLE[r.complexity_name],
                 "mean squared error", height=480)
    # Noise at the bottom: it is the floor under every model. Variance sits below bias² so
    # that where flexible fits run wild the part leaving the chart is coloured as variance.
    noise = np.full(r.complexity.shape, r.noise)
    for name, values, color in (("noise σ² (irreducible)", noise, GREY),
                                ("variance", r.variance_curve, ORANGE),
                                ("bias²", r.bias2_curve, SKY)):
        fig.add_scatter(x=r.complexity, y=values, name=name, stackgroup="parts", mode="lines",
                        line=dict(color=color, width=1), fillcolor=color,
                        hovertemplate=f"%{{y:.4g}}<extra>{name}</extra>")
    fig.add_scatter(x=r.complexity, y=r.test_curve, mode="markers", name="measured test error",
                    marker=dict(symbol="diamond", size=12, color=VERMILLION, line=dict(color=BLACK, width=1)),
                    hovertemplate="%{y:.4g}<extra>measured test error</extra>")
    ceiling, peak = _decomposition_ceiling(r)
    fig.update_yaxes(range=[0, ceiling])
    if peak > ceiling:
        # The runaway side is the flexible one, which is on the right on both axes.
        fig.add_annotation(text=f"runs off the chart, up to {_short(peak)}", xref="paper", yref="paper",
                           x=0.99, y=0.99, xanchor="right", yanchor="top", showarrow=False,
                           font=dict(color=BLACK, size=15), bgcolor="rgba(255,255,255,0.8)")
    _complexity_axis(fig, r)
    fig.update_layout(hovermode="x unified")
    return fig.build()


def _setting(r: Result) -> str:
    return f"Degree {r.setting}" if r.complexity_name == "degree" else f"k = {r.setting} nearest neighbours"


def _reversed(r: Result) -> bool:
    # k-NN grows more complex as k falls, so its axis runs backwards and "more complex"
    # is always to the right, as it is for the polynomial degree.
    return r.complexity_name == "k"


def _on_screen(r: Result, index: int) -> float:
    """Where a complexity index sits across the chart, 0 at the left edge and 1 at the right."""
    share = index / (len(r.complexity) - 1)
    return 1 - share if _reversed(r) else share


def _complexity_axis(fig: Plot, r: Result) -> None:
    """Complexity growing to the right, the current setting marked, the legend below."""
    label_side = "left" if _on_screen(r, r.current) > 0.5 else "right"  # stay inside the chart
    fig.add_shape(type="line", x0=r.setting, x1=r.setting, y0=0, y1=1, yref="paper",
                  line=dict(color=BLACK, width=2, dash="dot"))
    fig.add_annotation(text=f"current: {r.label(r.current)}", x=r.setting, y=0, yref="paper",
                       xanchor="right" if label_side == "left" else "left", yanchor="bottom",
                       showarrow=False, font=dict(size=14))
    step = r.complexity[1] - r.complexity[0]
    span = [r.complexity[0] - 0.5 * step, r.complexity[-1] + 0.5 * step]
    fig.update_xaxes(range=span[::-1] if _reversed(r) else span, dtick=1 if len(r.complexity) <= 16 else 2)
    fig.update_yaxes(automargin=True)
    # The legend goes under the axis title, in a bottom margin tall enough for it to wrap.
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.3, x=0.0),
                      margin=dict(b=190), height=560)


def _mark_regions(fig: Plot, r: Result) -> None:
    """Shade both sides of the best setting and name them; skip a side that is empty.

    The names go in the legend beside a swatch of the shade, where they always fit; a side
    wide enough to hold its name is also labelled inside the chart, in its outer corner.
    """
    first, last = r.complexity[0] - 0.5, r.complexity[-1] + 0.5
    best = r.best_setting
    # In complexity order the simpler side comes first; for k-NN that is the larger k.
    simpler, more_complex = ((best, last), (first, best)) if _reversed(r) else ((first, best), (best, last))
    simpler_side = r.complexity > best if _reversed(r) else r.complexity < best
    complex_side = r.complexity < best if _reversed(r) else r.complexity > best
    for (x0, x1), side, text, color, corner in ((simpler, simpler_side, UNDERFIT, SKY, 0.01),
                                                (more_complex, complex_side, OVERFIT, ORANGE, 0.99)):
        # Nothing to name on a side that is empty (the best setting is at that end) or where
        # the test error does not actually rise (no noise and the model can match the truth).
        if not side.any() or r.test_curve[side].max() <= r.test_curve[r.best] + NEGLIGIBLE:
            continue
        fig.add_shape(type="rect", x0=x0, x1=x1, y0=0, y1=1, yref="paper", fillcolor=color,
                      opacity=0.15, line_width=0, layer="below")
        fig.add_scatter(x=[None], y=[None], mode="markers", name=text.strip("←→ "),
                        marker=dict(symbol="square", size=18, color=color, opacity=0.35))
        if (x1 - x0) / (last - first) >= 0.4:
            fig.add_annotation(text=text, xref="paper", yref="paper", x=corner, y=0.99,
                               xanchor="left" if corner < 0.5 else "right", yanchor="top",
                               showarrow=False, font=dict(size=15))


def _decomposition_ceiling(r: Result) -> tuple[float, float]:
    # Past the best setting the variance of a flexible model can grow by orders of
    # magnitude; a linear axis fitted to that would flatten everything that matters, so
    # the axis stops a little above the simplest model's error (or well above the best).
    totals = r.bias2_curve + r.variance_curve + r.noise
    peak = float(max(totals.max(), r.test_curve.max()))
    simplest = totals[-1] if _reversed(r) else totals[0]
    ceiling = max(1.15 * simplest, 2.5 * r.test_curve[r.best])
    return float(min(ceiling, 1.05 * peak)), peak


def _fit_range(r: Result) -> tuple[float, float]:
    """The truth and the training points with a margin: where a sensible fit lives."""
    lo = min(r.truth.min(), r.y_train.min())
    hi = max(r.truth.max(), r.y_train.max())
    margin = 0.15 * (hi - lo)
    return float(lo - margin), float(hi + margin)


def _short(value: float) -> str:
    return f"{value:,.0f}" if 1000 <= value < 1e6 else f"{value:.3g}"
