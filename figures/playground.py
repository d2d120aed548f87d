"""Figures for the neural-network playground: the output surface at a moment of training,
the network with its weights, every neuron's own surface, and the loss curves.

Signs read the same everywhere: vermillion is positive, blue negative (weights, and the
values of a neuron over the plane).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from figures.classify import boundary_figure
from figures.theme import BLACK, BLUE, GREY, VERMILLION, figure

DIVERGING = [[0.0, BLUE], [0.5, "#FFFFFF"], [1.0, VERMILLION]]
WIDTHS = (1.0, 3.0, 6.0)  # edges in three thickness bands by |w| (one trace each per sign)


def surface_figure(r, scores=None, epoch=None, height=620, title=None, legend="side") -> go.Figure:
    """The output's decision surface at a checkpoint (default: the one the scrubber shows)."""
    scores = r.shown if scores is None else scores
    epoch = r.show_epoch if epoch is None else epoch
    title = title or (
        f"Output after epoch {epoch} of {r.epochs_run}: test accuracy {scores.test_accuracy:.1%}"
        if epoch else f"Untrained network (epoch 0): test accuracy {scores.test_accuracy:.1%}")
    return boundary_figure(r.split, scores, title, height=height, legend=legend)


def network_figure(r, height=520) -> go.Figure:
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


def neurons_figure(r, height=None) -> go.Figure:
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
    fig = figure("What each input and hidden neuron computes over the plane", "", "",
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


def loss_figure(r, height=440, title="Loss on the training and test points, after each epoch") -> go.Figure:
    fig = figure(title, "epoch",
                 "cross-entropy (no penalty, dropout off)", height=height)
    for y, name, colour in ((r.train_curve, "train", BLUE), (r.test_curve, "test", VERMILLION)):
        fig.add_scatter(x=r.epochs, y=y, mode="lines", name=name, line=dict(color=colour),
                        hovertemplate=f"{name} loss %{{y:.4f}} after epoch %{{x}}<extra></extra>")
    fig.add_shape(type="line", x0=r.show_epoch, x1=r.show_epoch, yref="paper", y0=0, y1=1,
                  line=dict(color=BLACK, width=2, dash="dash"))
    fig.add_annotation(x=r.show_epoch, y=1, yref="paper", yanchor="bottom", showarrow=False,
                       text=f"shown: epoch {r.show_epoch}", font=dict(size=15))
    fig.update_layout(legend=dict(x=0.99, xanchor="right", y=0.98, yanchor="top"))
    return fig.build()
