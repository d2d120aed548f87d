"""Figures for the vectors & matrices explorer: pure ``Result -> plotly Figure`` functions.

One colour means one thing on every chart of the page: red is where î lands, blue where
ĵ lands, orange (purple when the plane is flipped) the unit square's image, green the unit
circle's image, black dashes the lines that stay put, purple the vector A is applied to.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.linear_algebra import VIEW, Result, eigen_text, line_direction
from figures.animation import grown
from figures.theme import BLACK, BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILLION, Plot, figure

HEIGHT = 600  # the main chart: square, with its legend to the right
SIDE = 440  # the half-width charts
FLOOR = 1e-10  # degrees: angles below this (rounding) are drawn at it, a log axis has no 0
LEGEND_BELOW = dict(orientation="h", yanchor="top", y=-0.15, x=0.0)


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _segments(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Many segments as one trace: start, end, then a NaN break, for each."""
    nan = np.full(len(starts), np.nan)
    return (np.column_stack([starts[:, 0], ends[:, 0], nan]).ravel(),
            np.column_stack([starts[:, 1], ends[:, 1], nan]).ravel())


def _arrow(fig: Plot, tip, colour: str, name: str, *, origin=(0.0, 0.0), width: int = 4,
           showlegend: bool = True, hover: str | None = None) -> None:
    """A vector from ``origin`` to ``tip``: a line (for the legend and hover) and a head."""
    fig.add_scatter(x=[origin[0], tip[0]], y=[origin[1], tip[1]], mode="lines", name=name,
                    line=dict(color=colour, width=width), showlegend=showlegend,
                    hovertemplate=(hover or f"{name}: ({tip[0]:.3g}, {tip[1]:.3g})") + "<extra></extra>")
    if np.hypot(tip[0] - origin[0], tip[1] - origin[1]) > 1e-9:  # a zero vector has no head
        fig.add_annotation(x=tip[0], y=tip[1], ax=origin[0], ay=origin[1], xref="x", yref="y",
                           axref="x", ayref="y", showarrow=True, arrowhead=2, arrowsize=1.2,
                           arrowwidth=width, arrowcolor=colour, text="")


def _equal_axes(fig: Plot, reach: float, dtick: float | None = 1.0) -> None:
    """Equal scales on both axes, y from -reach to reach; x shows at least as much, and more
    of the plane where the chart is wider than tall, rather than leaving the sides blank."""
    axis = dict(range=[-reach, reach], zeroline=True, zerolinecolor="#9A9A9A", zerolinewidth=1.5)
    if dtick:
        axis["dtick"] = dtick
    fig.update_xaxes(**axis, constrain="range")
    fig.update_yaxes(**axis, scaleanchor="x", scaleratio=1, constrain="domain")


def square_colour(r: Result) -> str:
    return PURPLE if r.det < 0 else ORANGE


def square_name(r: Result) -> str:
    if r.det == 0:
        return "square's image: area 0 (flattened)"
    return f"square's image: area {abs(r.det):.3g}" + (" (flipped)" if r.det < 0 else "")


def _eigen_lines(fig: Plot, r: Result, reach: float, showlegend: bool = True, label_at: float = 0.78) -> None:
    """The lines that stay put, dashed, each with its λ written ``label_at`` of the way to
    the edge of the view."""
    if not len(r.lines):
        return
    x, y = _segments(-3 * reach * r.lines, 3 * reach * r.lines)  # past a widened view's sides
    fig.add_scatter(x=x, y=y, mode="lines", name="eigenvector lines: Av = λv",
                    line=dict(color=BLACK, width=2.5, dash="dash"), hoverinfo="skip", showlegend=showlegend)
    for v, lam in zip(r.lines, r.line_values):
        at = label_at * reach * v / np.abs(v).max()  # inside the square view, wherever v points
        fig.add_annotation(x=at[0], y=at[1], text=f"λ = {lam:.3g}", showarrow=False,
                           font=dict(size=16, color=BLACK), bgcolor="rgba(255,255,255,0.85)")


def no_line_note(r: Result) -> str | None:
    """What the chart says where there is no single set of lines to draw."""
    if r.kind == "complex":
        return f"No line stays put: λ = {eigen_text(r)} (complex)"
    if r.kind == "scalar" and r.eig_real[0] == 0:
        return "A = 0: every vector goes to the origin"
    if r.kind == "scalar":
        return f"Every line stays put: A = {r.eig_real[0]:.3g} × identity"
    return None


def plane_figure(r: Result, side: str | None = None) -> go.Figure:
    """The grid, the unit square and the unit circle after A, with A's columns as arrows
    and the eigenvector lines; the axes' own grid is the plane before A.

    ``side``: "Compare two settings" draws two at half width, named by their side; they
    leave out the legend (the page's own chart above has it), which would fill half of one.
    """
    title = f"{side or 'The plane after A'}: det A = {r.det:.3g}"
    fig = figure(title, "x", "y", height=HEIGHT if side is None else SIDE)
    x, y = _segments(r.grid_image[:, 0], r.grid_image[:, 1])
    fig.add_scatter(x=x, y=y, mode="lines", name="grid lines after A", hoverinfo="skip",
                    line=dict(color=SKY, width=1.5))
    before = np.concatenate([r.square, np.full((1, 2), np.nan), r.circle])
    fig.add_scatter(x=before[:, 0], y=before[:, 1], mode="lines", name="unit square and circle",
                    line=dict(color=GREY, width=2, dash="dot"), hoverinfo="skip")
    colour = square_colour(r)
    fig.add_scatter(x=r.square_image[:, 0], y=r.square_image[:, 1], mode="lines", fill="toself",
                    fillcolor=_rgba(colour, 0.35), line=dict(color=colour, width=2), name=square_name(r),
                    hovertemplate=f"signed area {r.signed_area:.4g}<extra></extra>")
    fig.add_scatter(x=r.circle_image[:, 0], y=r.circle_image[:, 1], mode="lines",
                    name="circle's image", line=dict(color=GREEN, width=3), hoverinfo="skip")
    _eigen_lines(fig, r, VIEW)
    _arrow(fig, r.A[:, 0], VERMILLION, "Aî (first column)", width=5)
    _arrow(fig, r.A[:, 1], BLUE, "Aĵ (second column)", width=5)
    note = no_line_note(r)
    if note:
        fig.add_annotation(x=0.5, y=0.98, xref="paper", yref="paper", text=note, showarrow=False,
                           font=dict(size=17), bgcolor="rgba(255,255,255,0.9)", yanchor="top")
    _equal_axes(fig, VIEW)
    if side is None:
        fig.update_layout(legend=dict(x=1.02, xanchor="left", y=1.0, yanchor="top"))
    else:
        fig.update_layout(showlegend=False)
    return fig.build()


# Power iteration: the directions the start vector takes, and the angle to the winner.

DIRECTIONS, CURRENT = "after each step", "now"


def power_figure(r: Result) -> go.Figure:
    """The unit circle with the start vector's direction after each application of A (its
    step number beside it) and the eigenvector lines, without ▶ Play (see ``power_walk``)."""
    fig = figure(f"A applied {r.steps} time{'s' if r.steps != 1 else ''}: the direction",
                 "x", "y", height=SIDE)
    fig.add_scatter(x=r.circle[:, 0], y=r.circle[:, 1], mode="lines", name="unit circle",
                    line=dict(color=GREY, width=1.5, dash="dot"), hoverinfo="skip", showlegend=False)
    # Named by their λ labels, written outside the circle, clear of the dots gathering there.
    _eigen_lines(fig, r, 1.3, showlegend=False, label_at=1.0)
    shown = r.shown
    _arrow(fig, r.iterates[0], GREY, "start", width=3)
    fig.add_scatter(x=shown[:, 0], y=shown[:, 1], mode="markers+text", name=DIRECTIONS,
                    text=_step_labels(shown), textposition="top right", textfont=dict(size=14, color=PURPLE),
                    marker=dict(color=PURPLE, size=10),
                    customdata=np.arange(len(shown)),
                    hovertemplate="after step %{customdata}: (%{x:.3f}, %{y:.3f})<extra></extra>")
    tip = shown[-1]
    fig.add_scatter(x=[0, tip[0]], y=[0, tip[1]], mode="lines+markers", name=CURRENT,
                    line=dict(color=PURPLE, width=5), marker=dict(size=[0, 12], color=PURPLE),
                    hoverinfo="skip")
    if r.zero_at >= 0:
        fig.add_annotation(x=0.5, y=0.02, xref="paper", yref="paper", yanchor="bottom", showarrow=False,
                           text=f"Step {r.zero_at} sent the vector to 0", font=dict(size=16),
                           bgcolor="rgba(255,255,255,0.9)")
    _equal_axes(fig, 1.3, dtick=0.5)
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=110))
    return fig.build()


def _step_labels(points: np.ndarray) -> list[str]:
    """Each point's step number, left out where it would sit on the one before: the
    directions bunch up as they converge."""
    labels, last = [], None
    for k, p in enumerate(points):
        if last is None or np.hypot(*(p - last)) > 0.12:
            labels.append(str(k))
            last = p
        else:
            labels.append("")
    return labels


def power_walk(r: Result) -> go.Figure:
    """``power_figure`` with ▶ Play stepping the vector from the start to the step shown."""
    shown = r.shown.astype(np.float32)
    origin = np.float32(0)
    frames = [[dict(x=shown[:k + 1, 0], y=shown[:k + 1, 1]),
               dict(x=np.array([origin, shown[k, 0]]), y=np.array([origin, shown[k, 1]]))]
              for k in range(len(shown))]
    return grown(power_figure(r), [DIRECTIONS, CURRENT], frames, list(range(len(shown))))


def rate_text(r: Result) -> str:
    if r.kind == "repeated":
        return "slowly, like 1/k"
    return f"×{r.ratio:.2g} a step" if r.ratio > 0 else "to 0 in one step"


def angle_figure(r: Result) -> go.Figure:
    """With a dominant eigenvector: the angle between the vector and it after each step, on
    a log axis, where shrinking by |λ₂/λ₁| a step is a straight line. Without one: the
    vector's direction after each step, which never settles."""
    steps = np.arange(len(r.iterates))
    if r.dominant >= 0:
        fig = figure(f"Angle to the dominant line: {rate_text(r)}", "times A applied",
                     "angle (degrees)", height=SIDE)
        drawn = np.maximum(r.angles, FLOOR)
        fig.add_scatter(x=steps, y=drawn, mode="lines+markers", name="angle to the dominant line",
                        line=dict(color=PURPLE, width=3), customdata=r.angles,
                        hovertemplate="step %{x}: %{customdata:.3g}°<extra></extra>")
        fig.update_yaxes(type="log", range=[np.log10(FLOOR) - 0.3, np.log10(90) + 0.2])
        if (r.angles < FLOOR).any():
            fig.add_annotation(x=1, y=0.02, xref="paper", yref="paper", xanchor="right", yanchor="bottom",
                               showarrow=False, text=f"on the line to rounding (< {FLOOR:.0e}°)",
                               font=dict(size=15), bgcolor="rgba(255,255,255,0.9)")
        now = drawn[r.steps]
    else:
        fig = figure("No dominant line: the direction wanders", "times A applied",
                     "direction (degrees from x-axis)", height=SIDE)
        direction = np.array([line_direction(v) for v in r.iterates])
        # Dots alone: a line from 179° to 1° would draw a swing the vector never makes.
        fig.add_scatter(x=steps, y=direction, mode="markers", name="direction of the vector",
                        line=dict(color=PURPLE, width=3),
                        hovertemplate="step %{x}: %{y:.1f}°<extra></extra>")
        for v in r.lines:
            fig.add_shape(type="line", xref="paper", x0=0, x1=1, y0=line_direction(v), y1=line_direction(v),
                          line=dict(color=BLACK, width=2, dash="dash"))
        fig.update_yaxes(range=[-5, 185], dtick=45)
        now = direction[r.steps]
    fig.add_scatter(x=[r.steps], y=[now], mode="markers", name=f"after {r.steps} steps",
                    marker=dict(color=PURPLE, size=16, line=dict(color=BLACK, width=2)), hoverinfo="skip")
    fig.update_xaxes(range=[-0.5, len(steps) - 0.5])
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=110))
    return fig.build()


# One map after another.

def _product_figure(r: Result, first: str) -> go.Figure:
    first_m = r.A if first == "A" else r.B
    second = "B" if first == "A" else "A"
    product, name = (r.BA, "BA") if first == "A" else (r.AB, "AB")
    fig = figure(f"First {first}, then {second}: {name}", "x", "y", height=SIDE)
    middle, final = r.square @ first_m.T, r.square @ product.T
    fig.add_scatter(x=r.square[:, 0], y=r.square[:, 1], mode="lines", name="unit square",
                    line=dict(color=GREY, width=2, dash="dot"), hoverinfo="skip")
    fig.add_scatter(x=middle[:, 0], y=middle[:, 1], mode="lines", name=f"after {first}",
                    line=dict(color=BLACK, width=2, dash="dash"), hoverinfo="skip")
    colour = PURPLE if np.linalg.det(product) < 0 else ORANGE
    fig.add_scatter(x=final[:, 0], y=final[:, 1], mode="lines", fill="toself",
                    fillcolor=_rgba(colour, 0.35), line=dict(color=colour, width=2),
                    name=f"after {first}, then {second}", hoverinfo="skip")
    _arrow(fig, product[:, 0], VERMILLION, f"{name} î", showlegend=False)
    _arrow(fig, product[:, 1], BLUE, f"{name} ĵ", showlegend=False)
    _equal_axes(fig, product_reach(r), dtick=1.0)
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=110))
    return fig.build()


def product_reach(r: Result) -> float:
    """One range for both orders, so the two shapes compare at the same scale."""
    shapes = [r.square, r.square @ r.A.T, r.square @ r.B.T, r.square @ r.AB.T, r.square @ r.BA.T]
    return max(1.5, 1.1 * float(np.abs(np.concatenate(shapes)).max()))


def first_a_figure(r: Result) -> go.Figure:
    return _product_figure(r, "A")


def first_b_figure(r: Result) -> go.Figure:
    return _product_figure(r, "B")


# The link to PCA.

def ellipse(centre: np.ndarray, axes: np.ndarray, radii: np.ndarray, n: int = 121) -> np.ndarray:
    """Points of the ellipse centre + Σ radiiᵢ cos/sin(t) axesᵢ (axes as rows)."""
    t = np.linspace(0, 2 * np.pi, n)
    return centre + np.outer(np.cos(t), radii[0] * axes[0]) + np.outer(np.sin(t), radii[1] * axes[1])


def pca_figure(r: Result) -> go.Figure:
    """Standard normal points mapped by A, the unit circle's image (their covariance
    ellipse in theory) and PCA's ellipse and axes fitted to the points."""
    fig = figure("Points mapped by A, and their PCA", "x", "y", height=SIDE)
    fig.add_scatter(x=r.points[:, 0], y=r.points[:, 1], mode="markers", name="A × (standard normal points)",
                    marker=dict(color=GREY, size=5, opacity=0.6), hoverinfo="skip")
    fig.add_scatter(x=r.circle_image[:, 0], y=r.circle_image[:, 1], mode="lines",
                    name="circle's image", line=dict(color=GREEN, width=4))
    reach = max(1.5, 1.05 * float(np.abs(r.points).max()))
    if r.pca_fitted:
        sd = np.sqrt(r.pca_variance)
        fitted = ellipse(r.pca_mean, r.pca_components, sd)
        fig.add_scatter(x=fitted[:, 0], y=fitted[:, 1], mode="lines", name="PCA's 1σ ellipse",
                        line=dict(color=BLACK, width=2.5, dash="dash"), hoverinfo="skip")
        for i in range(2):
            if sd[i] > 1e-9 * max(sd[0], 1.0):  # a flat cloud has no second axis to draw
                tip = r.pca_mean + sd[i] * r.pca_components[i]
                _arrow(fig, tip, BLACK, f"PC{i + 1}", origin=r.pca_mean, width=3, showlegend=False,
                       hover=f"PC{i + 1}: variance {r.pca_variance[i]:.3g}")
                fig.add_annotation(x=tip[0], y=tip[1], text=f"<b>PC{i + 1}</b>", showarrow=False,
                                   xshift=16 if tip[0] >= r.pca_mean[0] else -16, yshift=10,
                                   font=dict(size=16), bgcolor="rgba(255,255,255,0.8)")
    else:
        fig.add_annotation(x=0.5, y=0.9, xref="paper", yref="paper", showarrow=False,
                           text="A = 0: every point is at the origin", font=dict(size=16))
    _equal_axes(fig, reach, dtick=None)
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=110))
    return fig.build()
