"""Figures of the image project: pure ``Result -> plotly Figure`` functions, one or two per step.

Images are drawn as the CNN filters page draws them (one heatmap of tiles, white paper and
black ink, weights blue to red), so a digit looks the same on both pages.
"""

from __future__ import annotations

import numpy as np

from explorers.image_project import Result
from figures.classify import counts_figure
from figures.cnn_filters import DIVERGING, INK, _mosaic, digit_figure, probabilities_figure
from figures.theme import BLACK, BLUE, GREY, ORANGE, VERMILLION, figure

DIGITS = [str(d) for d in range(10)]


def samples_figure(r: Result, height: int = 330):
    """The first training image (top row) and the first test image (bottom) of each digit;
    the digits are named over the top row only, where the labels have room."""
    labels = [label.split()[-1] if label.startswith("train") else "" for label in r.split.sample_labels]
    fig = _mosaic(r.split.samples, 10, "Train (top) and test image of each digit",
                  INK, 0.0, 16.0, labels, "ink %{z:.0f} of 16", height)
    return fig.build()


def numbers_figure(r: Result, height: int = 380):
    """The chosen test image as the 64 numbers a model reads, each written on its pixel."""
    s = r.split
    fig = figure(f"A {s.label} as a model reads it: 64 numbers", "", "", height=height)
    fig.add_trace(dict(type="heatmap", z=s.image, colorscale=INK, zmin=0, zmax=16, showscale=False,
                       text=s.image.astype(int).astype(str), texttemplate="%{text}", xgap=1, ygap=1,
                       textfont=dict(size=15),
                       hovertemplate="row %{y}, column %{x}: ink %{z:.0f}<extra></extra>"))
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", constrain="domain")
    fig.update_layout(margin=dict(l=10, r=10, t=60, b=10))
    return fig.build()


def counts_figure_(r: Result, height: int = 340):
    """Each digit's share of the training and of the test images: stratified, they match."""
    s = r.split
    fig = figure(f"Each digit's share: {s.n_train:,} training and {s.n_test:,} test images",
                 "digit", "share of the images", height=height)
    for name, counts, colour in (("training", s.train_counts, BLUE), ("test", s.test_counts, VERMILLION)):
        fig.add_trace(dict(type="bar", x=DIGITS, y=counts / counts.sum(), name=name, marker_color=colour,
                           customdata=counts, hovertemplate="digit %{x}: %{customdata} images, %{y:.1%}"
                                                            f"<extra>{name}</extra>"))
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=".0%", range=[0, 0.13])
    fig.update_layout(barmode="group", legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"),
                      margin=dict(t=90))
    return fig.build()


def raw_figure(r: Result, height: int = 360):
    return digit_figure(r.scaled.image, "As loaded (ink 0–16)", height=height)


def scaled_figure(r: Result, height: int = 360):
    """The same image after the scaler: blue below the training mean's place, red above."""
    s = r.scaled
    limit = float(np.abs(s.image_scaled).max()) or 1.0
    title = f"After the {s.scaler} scaler" if s.scaler != "none" else "Unscaled (no scaler)"
    fig = _mosaic(s.image_scaled[None], 1, f"{title} (largest {s.image_scaled.max():.1f})", DIVERGING,
                  -limit, limit, [""], "value %{z:.2f}", height, zmid=0.0, colorbar="value")
    fig.update_layout(margin=dict(l=10, r=10, t=60, b=10))
    return fig.build()


def ranges_figure(r: Result, height: int = 380):
    """Each pixel's largest value over the training and over the test images, after scaling."""
    s = r.scaled
    pixels = np.arange(64)
    fig = figure(f"Each pixel's largest value after scaling: {s.largest:.1f} in training "
                 f"(pixel {s.pixel}), {s.largest_test:.1f} in test", "pixel (row × 8 + column)",
                 "largest value", height=height)
    fig.add_trace(dict(type="bar", x=pixels, y=s.train_max, name="training images", marker_color=BLUE,
                       hovertemplate="pixel %{x}: %{y:.2f}<extra>training</extra>"))
    fig.add_scatter(x=pixels, y=s.test_max, mode="markers", name="test images",
                    marker=dict(color=VERMILLION, size=8, symbol="diamond"),
                    hovertemplate="pixel %{x}: %{y:.2f}<extra>test</extra>")
    fig.update_layout(legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"), margin=dict(t=90))
    return fig.build()


def recall_figure(r: Result, height: int = 400):
    """The share of each digit's training and test images the model gets right."""
    f = r.fit
    fig = figure(f"Per digit: test {f.test_accuracy:.1%}, train {f.train_accuracy:.1%}", "digit",
                 "share of its images right", height=height)
    for name, values, colour in (("training", f.train_recall, BLUE), ("test", f.test_recall, VERMILLION)):
        fig.add_trace(dict(type="bar", x=DIGITS, y=values, name=name, marker_color=colour,
                           hovertemplate="digit %{x}: %{y:.1%}" f"<extra>{name}</extra>"))
    low = float(min(f.test_recall.min(), f.train_recall.min()))
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=".0%", range=[max(0.0, np.floor(low * 20) / 20 - 0.05), 1.0])
    fig.update_layout(barmode="group", legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"),
                      margin=dict(t=90))
    return fig.build()


def learned_figure(r: Result, height: int | None = None):
    """What the model learned, drawn as images: weights (blue negative, red positive) or,
    for the SVM, a support vector of each digit (ink)."""
    f = r.fit
    if f.tiles_are_ink:
        fig = _mosaic(f.tiles, 10, f.tiles_title, INK, 0.0, 16.0, f.tile_labels, "ink %{z:.0f} of 16",
                      height or 260)
    else:
        limit = float(np.abs(f.tiles).max()) or 1.0
        fig = _mosaic(f.tiles, 8 if len(f.tiles) > 10 else 10, f.tiles_title, DIVERGING, -limit, limit,
                      f.tile_labels, "weight %{z:.3f}", height or (260 if len(f.tiles) <= 10 else 360),
                      zmid=0.0, colorbar="weight")
    return fig.build()


def splits_figure(r: Result, height: int = 420):
    """Test accuracy on each split, with their mean."""
    c = r.crossed
    fig = figure(f"{len(c.scores)} splits: {c.mean:.1%} ± {c.std:.1%}",
                 "split seed (orange: the model step's)", "test accuracy", height=height)
    labels = [str(s) for s in c.seeds]
    fig.add_trace(dict(type="bar", x=labels, y=c.scores, name="test accuracy on the split",
                       marker_color=[ORANGE if i == 0 else BLUE for i in range(len(labels))],
                       text=[f"{s:.1%}" for s in c.scores], textposition="outside",
                       hovertemplate="seed %{x}: %{y:.2%}<extra></extra>"))
    fig.add_scatter(x=labels, y=[c.mean] * len(labels), mode="lines", name=f"mean {c.mean:.1%}",
                    line=dict(color=BLACK, dash="dash", width=3))
    lo = float(c.scores.min())
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=".0%", range=[max(0.0, lo - 0.04), min(1.0, c.scores.max() + 0.02) + 0.01])
    fig.update_layout(legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"), margin=dict(t=90))
    return fig.build()


def confusion_figure(r: Result, height: int = 470):
    return counts_figure(tuple(DIGITS), r.fit.confusion, r.fit.test_accuracy, height)


def wrong_figure(r: Result, height: int = 290):
    """The most confidently wrong test images, most confident first, or None if none is wrong."""
    f = r.fit
    if len(f.wrong) == 0:
        return None
    labels = [f"says {f.predicted[i]}, {f.confidence[i]:.0%}<br>is a {f.y_test[i]}" for i in f.wrong]
    fig = _mosaic(f.X_test[f.wrong].reshape(-1, 8, 8), len(f.wrong),
                  "Most confidently wrong test images: what it says, how sure, and the truth",
                  INK, 0.0, 16.0, labels, "ink %{z:.0f} of 16", height)
    fig.update_yaxes(range=[8.5, -3.6])  # room above the tiles for two-line labels
    return fig.build()


def f1_figure(r: Result, height: int = 470):
    """Precision, recall and F1 of each digit on the test set."""
    s = r.scored
    fig = figure(f"Per digit: macro F1 {s.macro_f1:.3f}, lowest F1 for the {int(s.f1.argmin())}s",
                 "digit", "score", height=height)
    for name, values, colour in (("precision", s.precision, BLUE), ("recall", s.recall, VERMILLION),
                                 ("F1", s.f1, BLACK)):
        fig.add_trace(dict(type="bar", x=DIGITS, y=values, name=name, marker_color=colour,
                           hovertemplate="digit %{x}: %{y:.3f}" f"<extra>{name}</extra>"))
    low = float(min(s.precision.min(), s.recall.min()))
    fig.update_xaxes(type="category")
    fig.update_yaxes(range=[max(0.0, np.floor(low * 20) / 20 - 0.05), 1.0])
    fig.update_layout(barmode="group", legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"),
                      margin=dict(t=90))
    return fig.build()


def sizes_figure(r: Result, height: int = 380):
    """The saved file's size in each format written, the chosen one in orange."""
    s = r.saved
    names = [name for name, _ in s.sizes]
    sizes = np.array([size for _, size in s.sizes]) / 1000
    fig = figure(f"Saved with {s.format}: {s.size / 1000:,.1f} kB", "format (orange: chosen)", "size (kB)",
                 height=height)
    colours = [ORANGE if n == s.format else GREY for n in names]
    fig.add_trace(dict(type="bar", x=names, y=sizes, marker_color=colours,
                       text=[f"{v:,.1f} kB" for v in sizes], textposition="outside",
                       hovertemplate="%{x}: %{y:,.1f} kB<extra></extra>"))
    fig.update_xaxes(type="category")
    fig.update_yaxes(range=[0, sizes.max() * 1.25])
    return fig.build()


def drawn_figure(image: np.ndarray, title: str, height: int = 320):
    return digit_figure(image, title, height=height)


def answer_figure(probabilities: np.ndarray, title: str, true: int | None = None, height: int = 320):
    return probabilities_figure(probabilities, title, true=true, height=height)


def stand_in_figure(r: Result, height: int = 320):
    """The model's probabilities for the chosen test image, which stands in before a drawing."""
    p, true = r.stand_in, int(r.fit.y_test[0])
    says = int(p.argmax())
    a = "an" if true == 8 else "a"
    return probabilities_figure(p, f"It says {says} ({p[says]:.0%}); it is {a} {true}",
                                true=true, height=height)


MAIN = {"split": numbers_figure, "scale": scaled_figure, "model": recall_figure,
        "cross-validate": splits_figure,
        "metrics": confusion_figure, "save": sizes_figure, "draw": stand_in_figure}


def main_figure(r: Result):
    """The step's main chart (a comparison of two settings draws this one)."""
    return MAIN[r.step](r)


def _name(r: Result) -> str:
    return {"logistic regression": "Logistic regression"}.get(r.model, f"The {r.model}")
