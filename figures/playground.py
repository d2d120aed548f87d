"""Figures for the neural-network playground: the output surface at a moment of training,
the network with its weights, every neuron's own surface, and the loss curves.

Signs read the same everywhere: red is positive, blue negative (weights, and the
values of a neuron over the plane).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers._classify import Scores, Split
from explorers._playground_live import LiveView
from explorers.playground import Fit, Result
from figures.classify import boundary_figure
from figures.theme import BLACK, BLUE, COLOUR_NAMES, GREY, VERMILLION, figure

DIVERGING = [[0.0, BLUE], [0.5, "#FFFFFF"], [1.0, VERMILLION]]
WIDTHS = (1.0, 3.0, 6.0)  # edges in three thickness bands by |w| (one trace each per sign)


def surface_figure(r: Result | LiveView, scores: Scores | Fit | None = None, epoch=None, height=620,
                   title=None, legend="side") -> go.Figure:
    """The output over the plane at a checkpoint (default: the one the scrubber shows): the
    decision surface for classes, the predicted height for a regression surface."""
    scores = r.shown if scores is None else scores
    epoch = r.show_epoch if epoch is None else epoch
    score = score_text(r, scores.test_score if r.regression else scores.test_accuracy)
    title = title or (f"Output after epoch {epoch} of {r.epochs_run}: test {score}" if epoch
                      else f"Untrained network (epoch 0): test {score}")
    if r.regression:
        return height_figure(r.split, scores, title, height=height, legend=legend)
    return boundary_figure(r.split, scores, title, height=height, legend=legend)


def score_text(r: Result | LiveView, value: float) -> str:
    return f"R² {value:.3f}" if r.regression else f"accuracy {value:.1%}"


def height_range(split: Split) -> float:
    """One symmetric colour range for every regression chart: the targets' largest |y|."""
    return float(max(np.abs(split.y_train).max(), np.abs(split.y_test).max())) or 1.0


def height_figure(split: Split, fit: Fit, title: str, height=620, legend="side") -> go.Figure:
    """The predicted height over the plane, in the same colours as the points' true heights:
    where the network is right, a point disappears into its background."""
    reach = height_range(split)
    fig = figure(title, split.feature_names[0], split.feature_names[1], height=height)
    fig.add_trace(dict(
        type="heatmap", x=split.grid_x, y=split.grid_y, z=fit.grid_value.astype(np.float32),
        zmin=-reach, zmax=reach, colorscale=DIVERGING, name="prediction",
        colorbar=dict(title=dict(text="height"), len=0.6, y=0.5),
        hovertemplate="predicted height %{z:.3f}<extra></extra>",
    ))
    fig.add_scatter(
        x=split.X_train[:, 0], y=split.X_train[:, 1], mode="markers", name="train point (true height)",
        marker=dict(color=split.y_train, cmin=-reach, cmax=reach, colorscale=DIVERGING, size=8,
                    line=dict(color=BLACK, width=0.6)),
        customdata=split.y_train, hovertemplate="train, true height %{customdata:.3f}<extra></extra>",
    )
    fig.add_scatter(
        x=split.X_test[:, 0], y=split.X_test[:, 1], mode="markers", name="test point (true height)",
        marker=dict(color="white", size=9, line=dict(color=split.y_test, cmin=-reach, cmax=reach,
                                                     colorscale=DIVERGING, width=2.5)),
        customdata=np.column_stack([split.y_test, fit.test_predicted]),
        hovertemplate="test: true %{customdata[0]:.3f}, predicted %{customdata[1]:.3f}<extra></extra>",
    )
    fig.update_xaxes(range=[split.grid_x[0], split.grid_x[-1]], showgrid=False)
    fig.update_yaxes(range=[split.grid_y[0], split.grid_y[-1]], showgrid=False)
    if legend == "below":
        fig.update_layout(legend=dict(orientation="h", x=0, y=-0.2, yanchor="top"), margin=dict(b=150))
    elif legend == "side":
        fig.update_layout(legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"))
    else:
        fig.update_layout(showlegend=False)
    return fig.build()


def fit_figure(r: Result, height=520) -> go.Figure:
    """Predicted against true height on the test points: a perfect fit lies on the diagonal."""
    s, f = r.split, r.scores
    fig = figure(f"Test points: predicted against true height (R² {f.test_score:.3f})",
                 "true height", "predicted height", height=height)
    lo = float(min(s.y_test.min(), f.test_predicted.min()))
    hi = float(max(s.y_test.max(), f.test_predicted.max()))
    fig.add_scatter(x=[lo, hi], y=[lo, hi], mode="lines", name="perfect fit",
                    line=dict(color=GREY, width=2, dash="dash"), hoverinfo="skip")
    fig.add_scatter(x=s.y_test, y=f.test_predicted, mode="markers", name="test point",
                    marker=dict(color=VERMILLION, size=8, opacity=0.7),
                    hovertemplate="true %{x:.3f}, predicted %{y:.3f}<extra></extra>")
    fig.update_layout(legend=dict(x=0.02, y=0.98, yanchor="top"))
    return fig.build()


def network_figure(r: Result, height=520) -> go.Figure:
    """Nodes in columns (features, hidden layers, output); edges coloured by the weight's
    sign, thicker for larger |w|. Hover a node for its bias, an edge's midpoint for its weight."""
    sizes = [len(r.feature_names)] + [w.shape[0] for w in r.weights]
    names = ([list(r.feature_names)]
             + [[f"layer {i + 1}, neuron {j + 1}" for j in range(n)] for i, n in enumerate(sizes[1:-1])]
             + [["output" if sizes[-1] == 1 else f"output: {c}" for c in
                 (["logit"] if sizes[-1] == 1 else r.split.class_names)]])
    pos = [node_positions(n) for n in sizes]
    fig = figure("The network: weights by sign (colour) and size (thickness)", "", "", height=height)
    reach = max(float(np.abs(w).max()) for w in r.weights) or 1.0
    mids = dict(x=[], y=[], text=[])
    for sign, colour, label in ((1, VERMILLION, "positive weight"), (-1, BLUE, "negative weight")):
        shown = False
        for band, width in enumerate(WIDTHS):
            xs, ys = [], []
            for layer, w in enumerate(r.weights):
                for j, i in zip(*np.nonzero(np.sign(w) == sign)):
                    if min(int(3 * abs(w[j, i]) / reach), 2) != band:
                        continue
                    xs += [layer, layer + 1, None]
                    ys += [pos[layer][i], pos[layer + 1][j], None]
            fig.add_scatter(x=xs, y=ys, mode="lines", line=dict(color=colour, width=width),
                            name=label, legendgroup=label, showlegend=bool(xs) and not shown,
                            hoverinfo="skip")
            shown = shown or bool(xs)
    for layer, w in enumerate(r.weights):
        for j in range(w.shape[0]):
            for i in range(w.shape[1]):
                mids["x"].append(layer + 0.5)
                mids["y"].append((pos[layer][i] + pos[layer + 1][j]) / 2)
                mids["text"].append(f"{names[layer][i]} → {names[layer + 1][j]}: w = {w[j, i]:+.3f}")
    fig.add_scatter(x=mids["x"], y=mids["y"], mode="markers", marker=dict(size=6, opacity=0),
                    text=mids["text"], hovertemplate="%{text}<extra></extra>", showlegend=False)
    for layer, n in enumerate(sizes):
        bias = r.biases[layer - 1] if layer else None
        text = [f"{names[layer][k]}" + ("" if bias is None else f", bias {bias[k]:+.3f}") for k in range(n)]
        fig.add_scatter(
            x=[layer] * n, y=pos[layer], mode="markers+text" if layer == 0 else "markers",
            text=names[layer] if layer == 0 else None, textposition="middle left",
            marker=dict(size=26, color="white" if bias is None else bias, cmin=-reach, cmax=reach,
                        colorscale=DIVERGING, line=dict(color=BLACK, width=2)),
            customdata=text, hovertemplate="%{customdata}<extra></extra>", showlegend=False,
        )
    columns = ["inputs"] + [f"hidden {i}" for i in range(1, len(sizes) - 1)] + ["output"]
    fig.update_xaxes(tickvals=list(range(len(sizes))), ticktext=columns, showgrid=False,
                     range=[-0.8, len(sizes) - 0.6], showline=False, ticks="")
    fig.update_yaxes(visible=False, range=[-1.1, 1.1])
    fig.update_layout(legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", xanchor="left"),
                      margin=dict(t=100))
    return fig.build()


def node_positions(n: int) -> list[float]:
    """n nodes spread evenly down a column, centred on 0."""
    return [0.0] if n == 1 else list(np.linspace(0.9, -0.9, n))


def neurons_figure(r: Result, height=None) -> go.Figure:
    """Every input feature and hidden neuron over the plane, one tile each, a row per layer.

    One heatmap holds all tiles (NaN gaps between them), each tile scaled to its own
    largest |value| so a neuron's shape shows whatever its range; hover gives the raw value.
    """
    rows = [("inputs", r.feature_surfaces)] + [(f"hidden {i + 1}", h) for i, h in enumerate(r.neuron_surfaces)]
    n = r.neuron_x.size
    cols = max(len(surfaces) for _, surfaces in rows)
    gap = 6
    step = n + gap
    z = np.full((len(rows) * step, cols * step), np.nan)
    raw = np.full_like(z, np.nan)
    for row, (_, surfaces) in enumerate(rows):
        top = (len(rows) - 1 - row) * step  # the first row at the top
        for c, surface in enumerate(surfaces):
            scale = float(np.abs(surface).max()) or 1.0
            z[top:top + n, c * step:c * step + n] = surface / scale
            raw[top:top + n, c * step:c * step + n] = surface
    # No colour bar (each tile has its own scale), so the title names the colours' meaning.
    fig = figure(f"Inputs and hidden neurons over the plane "
                 f"({COLOUR_NAMES[VERMILLION]}: positive, {COLOUR_NAMES[BLUE]}: negative)", "", "",
                 height=height or 150 + 130 * len(rows))
    fig.add_trace(dict(type="heatmap", z=z, zmin=-1, zmax=1, colorscale=DIVERGING, showscale=False,
                       customdata=raw, hovertemplate="value %{customdata:.3f}<extra></extra>",
                       hoverongaps=False, name="neurons"))
    labels = [names for names in [list(r.feature_names)]] + [
        [f"neuron {j + 1}" for j in range(len(h))] for h in r.neuron_surfaces]
    for row, ((heading, _), names) in enumerate(zip(rows, labels)):
        top = (len(rows) - 1 - row) * step
        fig.add_annotation(x=-gap, y=top + n / 2, text=f"<b>{heading}</b>", showarrow=False,
                           xanchor="right", font=dict(size=15))
        for c, name in enumerate(names):
            fig.add_annotation(x=c * step + n / 2, y=top + n, text=name, showarrow=False,
                               yanchor="bottom", font=dict(size=12, color=GREY))
    fig.update_xaxes(visible=False, range=[-6 * gap - 20, cols * step], scaleanchor="y")
    fig.update_yaxes(visible=False, range=[-gap, len(rows) * step + 4])
    fig.update_layout(margin=dict(l=20, r=20, t=60, b=20))
    return fig.build()


def loss_figure(r: Result | LiveView, height=440,
                title="Loss on the training and test points, after each epoch") -> go.Figure:
    measure = "mean squared error" if r.regression else "cross-entropy"
    fig = figure(title, "epoch", f"{measure} (no penalty, dropout off)", height=height)
    for y, name, colour in ((r.train_curve, "train", BLUE), (r.test_curve, "test", VERMILLION)):
        fig.add_scatter(x=r.epochs, y=y, mode="lines", name=name, line=dict(color=colour),
                        hovertemplate=f"{name} loss %{{y:.4f}} after epoch %{{x}}<extra></extra>")
    fig.add_shape(type="line", x0=r.show_epoch, x1=r.show_epoch, yref="paper", y0=0, y1=1,
                  line=dict(color=BLACK, width=2, dash="dash"))
    fig.add_annotation(x=r.show_epoch, y=1, yref="paper", yanchor="bottom", showarrow=False,
                       text=f"shown: epoch {r.show_epoch}", font=dict(size=15))
    fig.update_layout(legend=dict(x=0.99, xanchor="right", y=0.98, yanchor="top"))
    return fig.build()
