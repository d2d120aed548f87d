"""Figures of the CNN-filters page: filters, feature maps, digits, training curves.

Small multiples are drawn as one heatmap of tiles separated by blank (NaN) cells rather
than dozens of subplots: one trace, one colour scale shared by every tile (so tiles can be
compared), and a fraction of the build time. Image rows run top to bottom, as in a picture.
"""

from __future__ import annotations


import numpy as np

from explorers.cnn_filters import Result
from figures.classify import counts_figure
from figures.theme import BLACK, BLUE, COLOUR_NAMES, GREY, ORANGE, VERMILLION, Plot, figure

# Weights: blue negative, white zero, red positive (a diverging scale centred at 0).
DIVERGING = [[0.0, BLUE], [0.5, "#FFFFFF"], [1.0, VERMILLION]]
# Activations after the ReLU are never negative: white (0) to dark blue.
SEQUENTIAL = [[0.0, "#FFFFFF"], [1.0, BLUE]]
# Ink: white paper, black ink, as the digits are drawn.
INK = [[0.0, "#FFFFFF"], [1.0, BLACK]]


def tile(images: np.ndarray, columns: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """(n, h, w) images -> one 2-D array with a blank (NaN) cell between tiles, and the
    (row, column) of each tile's top-left cell."""
    n, h, w = images.shape
    columns = max(1, min(columns, n))
    rows = -(-n // columns)
    out = np.full((rows * (h + 1) - 1, columns * (w + 1) - 1), np.nan)
    corners = []
    for i, image in enumerate(images):
        r, c = divmod(i, columns)
        out[r * (h + 1):r * (h + 1) + h, c * (w + 1):c * (w + 1) + w] = image
        corners.append((r * (h + 1), c * (w + 1)))
    return out, corners


def _mosaic(images, columns, title, scale, zmin, zmax, labels, hover, height=None, zmid=None,
            colorbar=None) -> Plot:
    grid, corners = tile(np.asarray(images, float), columns)
    h, w = np.asarray(images).shape[1:]
    rows = grid.shape[0] // (h + 1) + 1
    fig = figure(title, "", "", height=height or 130 + 150 * rows)
    trace = dict(type="heatmap", z=grid, colorscale=scale, zmin=zmin, zmax=zmax, xgap=0, ygap=0,
                 hoverongaps=False, hovertemplate=hover + "<extra></extra>",
                 showscale=colorbar is not None)
    if zmid is not None:
        trace["zmid"] = zmid
    if colorbar is not None:
        trace["colorbar"] = dict(title=dict(text=colorbar), thickness=18)
    fig.add_trace(trace)
    for (r, c), text in zip(corners, labels):
        fig.add_annotation(x=c + (w - 1) / 2, y=r - 0.55, text=text, showarrow=False,
                           yanchor="bottom", font=dict(size=14))
    fig.update_xaxes(visible=False, range=[-0.5, grid.shape[1] - 0.5], constrain="domain")
    fig.update_yaxes(visible=False, range=[grid.shape[0] - 0.5, -1.6], scaleanchor="x",
                     constrain="domain")
    fig.update_layout(margin=dict(l=10, r=10, t=70, b=10))
    return fig


def filters_figure(r: Result, height=None):
    """The first layer's learned filters, on a scale symmetric about zero."""
    limit = float(np.abs(r.filters).max()) or 1.0
    k = r.filters.shape[-1]
    fig = _mosaic(r.filters, 8, f"First-layer filters ({len(r.filters)}, each {k}×{k}), after "
                  f"{r.epochs_run} epoch{'s' * (r.epochs_run != 1)}", DIVERGING, -limit, limit,
                  [f"{i + 1}" for i in range(len(r.filters))], "weight %{z:.3f}", height,
                  zmid=0.0, colorbar="weight")
    return fig.build()


def maps_figure(maps: np.ndarray, layer: int, height=None):
    """One conv layer's feature maps (after the ReLU) for one image, on a shared scale."""
    top = float(maps.max()) or 1.0
    side = maps.shape[-1]
    fig = _mosaic(maps, 8, f"Layer {layer} feature maps ({side}×{side}, after ReLU)", SEQUENTIAL,
                  0.0, top, [f"{i + 1}" for i in range(len(maps))], "activation %{z:.2f}", height,
                  colorbar="activation")
    return fig.build()


def digit_figure(image: np.ndarray, title: str, height: int = 360):
    """One 8×8 digit on the 0–16 ink scale."""
    fig = _mosaic(np.asarray(image)[None], 1, title, INK, 0.0, 16.0, [""], "ink %{z:.0f} of 16", height)
    fig.update_layout(margin=dict(l=10, r=10, t=60, b=10))
    return fig.build()


def probabilities_figure(probabilities: np.ndarray, title: str, true: int | None = None, height: int = 360):
    """The network's probability for each digit; the predicted one in orange, the true one outlined."""
    predicted = int(np.argmax(probabilities))
    colours = [ORANGE if d == predicted else GREY for d in range(10)]
    widths = [4 if d == true else 0 for d in range(10)]
    # Colour and outline carry the meaning; the axis title says it in words.
    fig = figure(title, f"digit ({COLOUR_NAMES[ORANGE]}: predicted"
                 + (", outlined: true)" if true is not None else ")"), "probability", height=height)
    fig.add_trace(dict(type="bar", x=[str(d) for d in range(10)], y=probabilities,
                       marker=dict(color=colours, line=dict(color=BLACK, width=widths)),
                       text=[f"{v:.0%}" if v >= 0.01 else "" for v in probabilities],
                       textposition="outside", hovertemplate="digit %{x}: %{y:.1%}<extra></extra>"))
    fig.update_xaxes(type="category")
    fig.update_yaxes(range=[0, 1.15], tickformat=".0%")
    return fig.build()


def training_figure(r: Result, metric: str = "accuracy", height: int = 420):
    """Train and test accuracy (or cross-entropy loss) after every epoch; epoch 0 is untrained."""
    train, test = (r.train_curve, r.test_curve) if metric == "accuracy" else (r.train_loss, r.test_loss)
    title = "Accuracy per epoch" if metric == "accuracy" else "Cross-entropy loss per epoch"
    fig = figure(title, "epoch", metric, height=height)
    fig.add_scatter(x=r.epochs, y=train, mode="lines+markers", name="train", line=dict(color=BLUE))
    fig.add_scatter(x=r.epochs, y=test, mode="lines+markers", name="test", line=dict(color=VERMILLION, dash="dash"))
    if metric == "accuracy":
        fig.update_yaxes(tickformat=".0%", range=[0, 1.02])
    fig.update_layout(legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"), margin=dict(t=90))
    return fig.build()


def confusion_figure(r: Result, height: int = 520):
    """The shared classifier confusion matrix, for this page's ten digits."""
    return counts_figure(tuple(str(d) for d in range(10)), r.confusion, r.test_accuracy, height)


def wrong_figure(r: Result, height=None):
    """The most confidently wrong test images, most confident first, labelled with the
    network's answer, its probability, and the truth."""
    if len(r.wrong) == 0:
        return None
    labels = [f"says {r.predicted[i]}, {r.confidence[i]:.0%}<br>is a {r.y_test[i]}" for i in r.wrong]
    fig = _mosaic(r.X_test[r.wrong], len(r.wrong), "Most confidently wrong test images: "
                  "what the network says, how sure, and the truth", INK, 0.0, 16.0,
                  labels, "ink %{z:.0f} of 16", height or 290)
    fig.update_yaxes(range=[8.5, -3.6])  # room above the tiles for two-line labels
    return fig.build()
