"""Figures for derivatives and integrals: pure ``Result -> plotly Figure`` functions."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.calculus import PLANE, RULES, SURFACES, WINDOW, Result
from figures.theme import BLACK, BLUE, GREEN, GREY, ORANGE, PURPLE, VERMILLION, figure

RULE_COLOURS = dict(zip(RULES, (VERMILLION, ORANGE, GREEN, BLUE, PURPLE)))
FLOOR = 1e-17  # an error of exactly 0 is drawn here: a log axis has no zero (hover says 0)
LOSS_FLOOR = 1e-30
FOOT = dict(orientation="h", y=-0.2, x=0.0)  # the theme hangs it from the figure's foot
START_ARROW = 3  # the start's gradient is drawn this many times the field's scale, to be seen
DECADES = dict(type="log", dtick=4, exponentformat="power")  # 10⁻¹⁶, 10⁻¹², … 1


def _line(x0: float, y0: float, slope: float, x: np.ndarray) -> np.ndarray:
    return y0 + slope * (x - x0)


def _span(*values: np.ndarray, margin: float = 0.12) -> list[float]:
    lo = min(float(np.min(v)) for v in values)
    hi = max(float(np.max(v)) for v in values)
    pad = margin * (hi - lo or 1.0)
    return [lo - pad, hi + pad]


def _slope(value: float | None, sign: str = "") -> str:
    return "exact here" if value is None else f"slope {sign}{value:.2f}"


def secant_figure(r: Result) -> go.Figure:
    """The curve, the tangent at x₀, and the forward and central secants for this h."""
    d = r.derivative
    fig = figure(f"Secants with h = {d.h:g}, and the tangent", "x", "f(x)", height=480)
    ends = np.array([-WINDOW, WINDOW])
    fig.add_scatter(x=d.x, y=d.y, mode="lines", name=f"f(x) = {r.function}", line=dict(color=BLACK, width=4),
                    hovertemplate="x %{x:.3f}<br>f(x) %{y:.4g}<extra></extra>")
    fig.add_scatter(x=ends, y=_line(d.x0, d.f0, d.slope, ends), mode="lines", line=dict(color=GREEN, width=4),
                    name=f"tangent: slope f′(x₀) = {d.slope:.6g}", hoverinfo="skip")
    fig.add_scatter(x=ends, y=_line(d.x0, d.f0, d.forward, ends), mode="lines",
                    line=dict(color=VERMILLION, width=3), name=f"forward secant: slope {d.forward:.6g}",
                    hoverinfo="skip")
    fig.add_scatter(x=ends, y=_line(d.x0 - d.h, d.f_minus, d.central, ends), mode="lines",
                    line=dict(color=BLUE, width=3, dash="dash"), name=f"central secant: slope {d.central:.6g}",
                    hoverinfo="skip")
    fig.add_scatter(x=[d.x0 - d.h, d.x0 + d.h], y=[d.f_minus, d.f_plus], mode="markers", showlegend=False,
                    marker=dict(color=[BLUE, VERMILLION], size=13, line=dict(color=BLACK, width=1.5)),
                    hovertemplate="x₀ ± h: (%{x:.4g}, %{y:.4g})<extra></extra>")
    fig.add_scatter(x=[d.x0], y=[d.f0], mode="markers", showlegend=False,
                    marker=dict(color=BLACK, size=15),
                    hovertemplate="x₀: (%{x:.4g}, %{y:.4g})<extra></extra>")
    if 2 * d.h < 2 * WINDOW / 400:
        fig.add_annotation(text=f"x₀ ± h: {2 * d.h:.0e} apart, one dot",
                           xref="paper", yref="paper", x=0.01, y=0.99, xanchor="left", yanchor="top",
                           showarrow=False, font=dict(size=15), bgcolor="rgba(255,255,255,0.8)")
    fig.update_xaxes(range=[-WINDOW, WINDOW])
    fig.update_yaxes(range=_span(d.y))
    fig.update_layout(legend=FOOT)
    return fig.build()


def difference_error_figure(r: Result) -> go.Figure:
    """Both differences' error against h on log axes, the current h and the best ones marked."""
    d = r.derivative
    fig = figure("Error of the slope against h", "step h (log scale)", "|estimate − autograd|", height=480)
    for name, errors, order, now, best, colour in (
            ("forward", d.forward_errors, d.forward_order, d.forward_error, d.best_forward_h, VERMILLION),
            ("central", d.central_errors, d.central_order, d.central_error, d.best_central_h, BLUE)):
        fig.add_scatter(x=d.hs, y=np.maximum(errors, FLOOR), customdata=errors, mode="lines",
                        name=f"{name} difference: {_slope(order)}", line=dict(color=colour, width=3),
                        hovertemplate=f"h %{{x:.1e}}: error %{{customdata:.2e}}<extra>{name}</extra>")
        fig.add_scatter(x=[d.h], y=[max(now, FLOOR)], customdata=[now], mode="markers", showlegend=False,
                        marker=dict(color=colour, size=16, line=dict(color=BLACK, width=2)), cliponaxis=False,
                        hovertemplate=f"this h: %{{customdata:.2e}}<extra>{name}</extra>")
        fig.add_scatter(x=[best], y=[max(float(np.interp(np.log10(best), np.log10(d.hs), errors)), FLOOR)],
                        mode="markers", name=f"best {name} h ≈ {best:.0e}", cliponaxis=False,
                        marker=dict(color=colour, symbol="star", size=18, line=dict(color=BLACK, width=1)))
    fig.add_shape(type="line", x0=d.h, x1=d.h, y0=0, y1=1, yref="paper",
                  line=dict(color=BLACK, width=2, dash="dot"))
    # At the foot, where neither curve goes: errors are large at both ends of h.
    for text, x, anchor in (("← rounding wins", 0.01, "left"), ("truncation wins →", 0.99, "right")):
        fig.add_annotation(text=text, xref="paper", yref="paper", x=x, y=0.01, xanchor=anchor, yanchor="bottom",
                           showarrow=False, font=dict(size=15), bgcolor="rgba(255,255,255,0.8)")
    fig.update_xaxes(**DECADES, range=[-16.3, 0.3])
    fig.update_yaxes(**DECADES, range=[np.log10(FLOOR) - 0.3, 1.5])
    fig.update_layout(legend=FOOT)
    return fig.build()


def riemann_figure(r: Result) -> go.Figure:
    """The curve over [a, b] with the rule's rectangles, trapezoids or parabolas."""
    s = r.integral
    fig = figure(f"{s.rule.capitalize()} rule, n = {s.n}: {s.estimate:.6g} (exact {s.exact:.6g})",
                 "x", "f(x)", height=480)
    piece = {"trapezoid": "trapezoids", "Simpson": "parabolas, one per pair"}.get(s.rule, "rectangles")
    # One trace for every piece: NaN breaks the outline between them, and "toself" fills each.
    gap = np.full((len(s.pieces_x), 1), np.nan)
    fig.add_scatter(x=np.hstack([s.pieces_x, gap]).ravel(), y=np.hstack([s.pieces_y, gap]).ravel(),
                    mode="lines", fill="toself", fillcolor="rgba(86,180,233,0.35)",
                    line=dict(color=BLUE, width=1.5), name=f"{s.n} slices: {piece}", hoverinfo="skip")
    fig.add_scatter(x=s.x, y=s.y, mode="lines", name=f"f(x) = {r.function}", line=dict(color=BLACK, width=4),
                    hovertemplate="x %{x:.3f}<br>f(x) %{y:.4g}<extra></extra>")
    fig.add_scatter(x=s.nodes, y=s.heights, mode="markers", name="where f is evaluated",
                    marker=dict(color=ORANGE, size=9 if s.n <= 40 else 6, line=dict(color=BLACK, width=1)),
                    hovertemplate="f(%{x:.3f}) = %{y:.4g}<extra></extra>")
    fig.update_xaxes(range=[float(s.x[0]), float(s.x[-1])])
    fig.update_yaxes(range=_span(s.y, np.zeros(1)), zeroline=True, zerolinecolor=GREY, zerolinewidth=2)
    fig.update_layout(legend=FOOT)
    return fig.build()


def riemann_error_figure(r: Result) -> go.Figure:
    """Every rule's error against n on log axes, with its measured slope; this rule bold."""
    s = r.integral
    fig = figure("Error against the number of slices", "slices n (log scale)", "|sum − exact|", height=480)
    for rule, errors, order in zip(RULES, s.errors, s.orders):
        bold = rule == s.rule
        fig.add_scatter(x=s.ns, y=np.maximum(errors, FLOOR), customdata=errors, mode="lines+markers",
                        name=f"{rule}: {'exact to rounding' if order is None else f'slope −{order:.2f}'}",
                        # Right's errors lie almost on left's: dashed, both can be seen.
                        line=dict(color=RULE_COLOURS[rule], width=5 if bold else 2,
                                  dash="dash" if rule == "right" else "solid"),
                        marker=dict(size=8 if bold else 5), opacity=1.0 if bold else 0.7,
                        hovertemplate=f"n %{{x}}: error %{{customdata:.2e}}<extra>{rule}</extra>")
    fig.add_scatter(x=[s.n], y=[max(s.error, FLOOR)], customdata=[s.error], mode="markers",
                    name=f"this sum (n = {s.n}): error {s.error:.2g}", cliponaxis=False,
                    marker=dict(color=RULE_COLOURS[s.rule], symbol="star", size=22,
                                line=dict(color=BLACK, width=1.5)),
                    hovertemplate="n %{x}: error %{customdata:.2e}<extra>this sum</extra>")
    fig.update_xaxes(type="log", tickvals=[2, 10, 100, 1000], ticktext=["2", "10", "100", "1000"])
    fig.update_yaxes(type="log", exponentformat="power")
    fig.update_layout(legend=FOOT)
    return fig.build()


def _shrunk(u: np.ndarray, v: np.ndarray, field: np.ndarray):
    """Arrows (u, v) drawn with lengths growing as the square root of |∇f|, the field's
    steepest one grid step long: a quartic's walls are hundreds of times steeper than its
    valleys, and in proportion the valleys' arrows would be dots."""
    steepest = float(np.hypot(field[:, 2], field[:, 3]).max()) or 1.0
    step = 2 * PLANE / (np.sqrt(len(field)) - 1)
    size = np.hypot(u, v)
    factor = np.divide(0.9 * step * np.sqrt(size / steepest), size, out=np.zeros_like(size), where=size > 0)
    return u * factor, v * factor


def _arrows(x: np.ndarray, y: np.ndarray, u: np.ndarray, v: np.ndarray):
    """Arrows from (x, y) to (x + u, y + v), as one line trace: shaft and head, NaN between."""
    tip_x, tip_y = x + u, y + v
    length = np.hypot(u, v)
    head = np.minimum(0.35 * length, 0.12)
    angle = np.arctan2(v, u)
    xs, ys = [], []
    for side in (0.45, -0.45):
        xs.append(tip_x - head * np.cos(angle + side))
        ys.append(tip_y - head * np.sin(angle + side))
    gap = np.full_like(x, np.nan)
    px = np.stack([x, tip_x, gap, xs[0], tip_x, xs[1], gap], axis=1).ravel()
    py = np.stack([y, tip_y, gap, ys[0], tip_y, ys[1], gap], axis=1).ravel()
    return px, py


def gradient_figure(r: Result) -> go.Figure:
    """The surface's contours, its gradient field, the two slices through the start, and the
    walk of gradient descent from there."""
    g = r.descent
    fig = figure(f"Descent on the {g.surface}, lr = {g.lr:g}", "x", "y", height=600)
    fig.add_trace(dict(type="contour", x=g.grid, y=g.grid, z=g.height.astype(np.float32), ncontours=18,
                       colorscale=[[0.0, "#FFFFFF"], [1.0, "#DADADA"]], showscale=False,
                       line=dict(color="#9A9A9A", width=1), name="contours of f",
                       hovertemplate="(%{x:.2f}, %{y:.2f}): f %{z:.3g}<extra></extra>"))
    x, y, u, v = g.arrows.T
    ax, ay = _arrows(x, y, *_shrunk(u, v, g.arrows))
    fig.add_scatter(x=ax, y=ay, mode="lines", line=dict(color=GREY, width=1.5), hoverinfo="skip",
                    name="∇f (uphill)")
    fig.add_scatter(x=[-PLANE - 0.2, PLANE + 0.2], y=[g.start[1]] * 2, mode="lines", hoverinfo="skip",
                    line=dict(color=BLUE, width=2.5, dash="dash"), name=f"slice y = {g.start[1]:g}")
    fig.add_scatter(x=[g.start[0]] * 2, y=[-PLANE - 0.2, PLANE + 0.2], mode="lines", hoverinfo="skip",
                    line=dict(color=GREEN, width=2.5, dash="dash"), name=f"slice x = {g.start[0]:g}")
    du, dv = _shrunk(np.array([g.dx]), np.array([g.dy]), g.arrows)
    sx, sy = _arrows(g.start[:1], g.start[1:], START_ARROW * du, START_ARROW * dv)
    fig.add_scatter(x=sx, y=sy, mode="lines", line=dict(color=BLACK, width=4), hoverinfo="skip",
                    name=f"∇f at start, {START_ARROW}×")
    fig.add_scatter(x=g.path[:, 0], y=g.path[:, 1], mode="lines+markers", customdata=g.losses,
                    line=dict(color=VERMILLION, width=3), marker=dict(size=7, color=VERMILLION),
                    name=f"descent: {len(g.path) - 1} steps",
                    hovertemplate="step %{pointNumber}: (%{x:.3f}, %{y:.3f})<br>"
                                  "f %{customdata:.3g}<extra></extra>")
    fig.add_scatter(x=g.start[:1], y=g.start[1:], mode="markers", name="start", cliponaxis=False,
                    marker=dict(color=BLACK, size=15, symbol="circle-open", line=dict(width=3)))
    s = SURFACES[g.surface]
    for points, name, symbol, colour in ((s.minima, "minimum", "star", PURPLE),
                                         (s.saddles, "saddle point", "diamond", ORANGE)):
        if points:
            fig.add_scatter(x=[p[0] for p in points], y=[p[1] for p in points], mode="markers", name=name,
                            marker=dict(color=colour, symbol=symbol, size=18, line=dict(color=BLACK, width=1)))
    view = [-PLANE - 0.2, PLANE + 0.2]
    fig.update_xaxes(range=view, showgrid=False, constrain="domain")
    fig.update_yaxes(range=view, showgrid=False, scaleanchor="x", constrain="domain")
    # Two legend entries a row: one a row took a third of the chart's height from the map.
    fig.update_layout(legend=dict(**FOOT, entrywidth=0.5, entrywidthmode="fraction"))
    return fig.build()


def descent_loss_figure(r: Result) -> go.Figure:
    """f at each step of the walk: above the minimum on a log scale, or f itself where the
    surface has no minimum."""
    g = r.descent
    steps = np.arange(len(g.losses))
    if g.floor is None:
        fig = figure("f at each step", "step", "f(x, y)", height=580)
        y = g.losses
    else:
        fig = figure("f at each step, above its minimum", "step", "f − minimum (log scale)", height=580)
        y = np.maximum(g.losses - g.floor, LOSS_FLOOR)
        fig.update_yaxes(type="log", exponentformat="power")
    fig.add_scatter(x=steps, y=y, customdata=g.losses, mode="lines+markers", name=f"lr = {g.lr:g}",
                    line=dict(color=VERMILLION, width=3), marker=dict(size=6),
                    hovertemplate="step %{x}: f %{customdata:.3g}<extra></extra>")
    if g.diverged_at >= 0:
        fig.add_scatter(x=steps[-1:], y=y[-1:], mode="markers", name=f"left the map at step {g.diverged_at}",
                        marker=dict(color=VERMILLION, symbol="x", size=18, line=dict(color=BLACK, width=1)))
    fig.update_xaxes(range=[-0.5, max(g.steps, 1) + 0.5])
    fig.update_layout(legend=FOOT)
    return fig.build()


def slices_figure(r: Result) -> go.Figure:
    """The surface cut along x (y held at the start's) and along y (x held), side by side, each
    with its tangent at the start: their slopes are the two partial derivatives."""
    g = r.descent
    fig = figure("Two slices through the start", "x", "f(x, y) along x", height=440)
    x0, y0 = g.start
    for axis, along, t, values, at, slope, fixed, colour in (
            ("", "x", g.grid, g.slice_x, x0, g.dx, f"y = {y0:g}", BLUE),
            ("2", "y", g.grid, g.slice_y, y0, g.dy, f"x = {x0:g}", GREEN)):
        on = dict(xaxis=f"x{axis}", yaxis=f"y{axis}")
        fig.add_scatter(x=t, y=values, mode="lines", name=f"f along {along} ({fixed})", **on,
                        line=dict(color=colour, width=4),
                        hovertemplate=f"{along} %{{x:.2f}}: f %{{y:.3g}}<extra></extra>")
        ends = np.array([t[0], t[-1]])
        fig.add_scatter(x=ends, y=_line(at, g.f_start, slope, ends), mode="lines", hoverinfo="skip",
                        line=dict(color=colour, width=3, dash="dash"), **on,
                        name=f"slope ∂f/∂{along} = {slope:.3g}")
        fig.add_scatter(x=[at], y=[g.f_start], mode="markers", showlegend=False, **on,
                        marker=dict(color=BLACK, size=14, symbol="circle-open", line=dict(width=3)),
                        hovertemplate=f"the start: f %{{y:.3g}}<extra>{along}</extra>")
    # Two plots side by side, each with its own axes: f along x on the left, along y on the right.
    fig.update_layout(
        xaxis=dict(domain=[0.0, 0.44], range=[float(g.grid[0]), float(g.grid[-1])]),
        yaxis=dict(range=_span(g.slice_x)),
        xaxis2=dict(domain=[0.56, 1.0], range=[float(g.grid[0]), float(g.grid[-1])], anchor="y2",
                    title=dict(text="y")),
        yaxis2=dict(anchor="x2", range=_span(g.slice_y), title=dict(text="f(x, y) along y")),
        legend=FOOT,
    )
    return fig.build()
