"""Figures of the sentiment project: pure ``Result -> plotly Figure`` functions, one or two per step."""

from __future__ import annotations

import numpy as np

from explorers.sentiment_project import Result
from figures.classify import counts_figure
from figures.theme import BLACK, BLUE, GREY, ORANGE, VERMILLION, figure

LEGEND = dict(orientation="h", x=0, y=1.0, yanchor="bottom")


def _short(text: str, n: int = 38) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def stages_figure(r: Result, height: int = 420):
    """Distinct words in the training sentences after each cleaning stage, in the order they run."""
    stages = r.cleaned.stages
    names, sizes = [n for n, _ in stages], np.array([s for _, s in stages])
    fig = figure(f"Vocabulary: {sizes[0]:,} words as written, {sizes[-1]:,} cleaned",
                 "cleaning, one stage after another", "distinct training words", height=height)
    fig.add_trace(dict(type="bar", x=names, y=sizes, marker_color=[GREY] + [BLUE] * (len(sizes) - 1),
                       text=[f"{s:,}" for s in sizes], textposition="outside",
                       hovertemplate="%{x}: %{y:,} distinct words<extra></extra>"))
    fig.update_xaxes(type="category")
    fig.update_yaxes(range=[0, sizes.max() * 1.18])
    return fig.build()


def frequent_figure(r: Result, height: int = 420):
    """The training sentences' commonest words after cleaning: stop words, until they are dropped."""
    c = r.cleaned
    fig = figure("Commonest words after cleaning", "times in the training sentences", "", height=height)
    fig.add_trace(dict(type="bar", orientation="h", x=c.counts, y=list(c.frequent), marker_color=BLUE,
                       text=[f"{n:,.0f}" for n in c.counts], textposition="outside",
                       hovertemplate="%{y}: %{x:,} times<extra></extra>"))
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_xaxes(range=[0, c.counts.max() * 1.25])
    return fig.build()


def matrix_figure(r: Result, height: int = 420):
    """Your sentence and the training sentences sharing most with it, as the vectoriser's rows."""
    v = r.vectors
    if not v.columns:
        fig = figure("None of your sentence's words is in the vocabulary: its row is all zeros",
                     "feature", "sentence", height=height)
        return fig.build()
    what = "MiniLM's first numbers" if r.vectoriser == "MiniLM" else f"{r.vectoriser} values"
    fig = figure(f"{what} of your sentence's features, {v.n_features:,} features in all",
                 "feature", "", height=height)
    rows = [_short(t) for t in v.rows]
    signed = r.vectoriser == "MiniLM"
    limit = float(np.abs(v.matrix).max()) or 1.0
    scale = [[0, VERMILLION], [0.5, "#FFFFFF"], [1, BLUE]] if signed else [[0, "#FFFFFF"], [1, BLUE]]
    fig.add_trace(dict(type="heatmap", x=list(v.columns), y=rows, z=v.matrix, colorscale=scale,
                       zmin=-limit if signed else 0, zmax=limit, showscale=False, xgap=2, ygap=2,
                       text=np.round(v.matrix, 2).astype(str), texttemplate="%{text}", textfont=dict(size=14),
                       hovertemplate="%{y}<br>%{x}: %{z:.3f}<extra></extra>"))
    fig.update_xaxes(type="category", tickangle=-30, showgrid=False)
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False)
    fig.update_layout(margin=dict(l=300))
    return fig.build()


def models_figure(r: Result, height: int = 420):
    """Training and held-out accuracy of the three models on the same features."""
    c = r.compared
    names = [f"<b>{m}</b>" if m == r.model else m for m in c.models]
    fig = figure(f"Same features, three models: {r.model} {r.fit.test_accuracy:.1%} held out",
                 "model (bold: chosen)", "accuracy", height=height)
    for name, values, colour in (("training", c.train, BLUE), ("held out", c.test, VERMILLION)):
        fig.add_trace(dict(type="bar", x=names, y=values, name=name, marker_color=colour,
                           text=[f"{v:.1%}" for v in values], textposition="outside",
                           hovertemplate="%{x}: %{y:.1%}" f"<extra>{name}</extra>"))
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=".0%", range=[0.5, 1.08])
    fig.update_layout(barmode="group", legend=LEGEND, margin=dict(t=90))
    return fig.build()


def weights_figure(r: Result, height: int = 380):
    """The word features pushing hardest towards negative and positive, or None for MiniLM."""
    c = r.compared
    if not c.top_names:
        return None
    nb = r.model == "naive Bayes"
    fig = figure("The features it leans on most", "log P(word | positive) − log P(word | negative)" if nb
                 else "weight (negative ← → positive)", "", height=height)
    fig.add_trace(dict(type="bar", orientation="h", x=c.top_values, y=list(c.top_names),
                       marker_color=[VERMILLION if v < 0 else BLUE for v in c.top_values],
                       hovertemplate="%{y}: %{x:.2f}<extra></extra>"))
    fig.update_yaxes(type="category")
    return fig.build()


def folds_figure(r: Result, height: int = 420):
    """Accuracy on each fold's held-back sentences, their mean, and the held-out accuracy."""
    c = r.crossed
    labels = [str(i + 1) for i in range(len(c.scores))]
    fig = figure(f"{len(c.scores)}-fold cross-validation: {c.mean:.1%} ± {c.std:.1%}", "fold",
                 "accuracy on the fold", height=height)
    fig.add_trace(dict(type="bar", x=labels, y=c.scores, name="fold", marker_color=BLUE, showlegend=False,
                       text=[f"{s:.1%}" for s in c.scores], textposition="outside",
                       hovertemplate="fold %{x}: %{y:.2%}<extra></extra>"))
    fig.add_scatter(x=labels, y=[c.mean] * len(labels), mode="lines", name=f"mean {c.mean:.1%}",
                    line=dict(color=BLACK, dash="dash", width=3))
    held = r.fit.test_accuracy
    fig.add_scatter(x=labels, y=[held] * len(labels), mode="lines", name=f"held-out quarter {held:.1%}",
                    line=dict(color=ORANGE, width=3))
    lo = float(min(c.scores.min(), held))
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=".0%", range=[max(0.0, lo - 0.06), min(1.0, max(c.scores.max(), held) + 0.04)])
    fig.update_layout(legend=LEGEND, margin=dict(t=90))
    return fig.build()


def confusion_figure(r: Result, height: int = 420):
    return counts_figure(("negative", "positive"), r.errors.confusion, r.fit.test_accuracy, height)


def sizes_figure(r: Result, height: int = 420):
    """The saved file's size in both formats, the chosen one in orange."""
    s = r.saved
    names = [n for n, _ in s.sizes]
    sizes = np.array([size for _, size in s.sizes]) / 1000
    fig = figure(f"Saved with {s.format}: {s.size / 1000:,.1f} kB", "format (orange: chosen)", "size (kB)",
                 height=height)
    fig.add_trace(dict(type="bar", x=names, y=sizes, marker_color=[ORANGE if n == s.format else GREY
                                                                    for n in names],
                       text=[f"{v:,.1f} kB" for v in sizes], textposition="outside",
                       hovertemplate="%{x}: %{y:,.1f} kB<extra></extra>"))
    fig.update_xaxes(type="category")
    fig.update_yaxes(range=[0, sizes.max() * 1.2])
    return fig.build()


def served_figure(r: Result, height: int = 380):
    """P(positive) of your sentence by the pipeline before saving and after loading it back."""
    s = r.served
    values = [s.fitted, s.loaded]
    names = ["fitted, in memory", f"loaded from {s.format}"]
    verdict = "positive" if s.loaded > 0.5 else "negative"
    fig = figure(f"Your sentence: P(positive) {s.loaded:.2f}, {verdict}", "P(positive)", "", height=height)
    fig.add_trace(dict(type="bar", orientation="h", x=values, y=names,
                       marker_color=[BLUE if v > 0.5 else VERMILLION for v in values],
                       text=[f"{v:.3f}" for v in values], textposition="outside",
                       hovertemplate="%{y}: %{x:.4f}<extra></extra>"))
    fig.add_shape(type="line", x0=0.5, x1=0.5, y0=-0.5, y1=1.5, line=dict(color=BLACK, dash="dash", width=2))
    fig.update_xaxes(range=[0, 1.12], tickformat=".1f")
    fig.update_yaxes(type="category")
    return fig.build()


MAIN = {"clean": stages_figure, "vectorise": matrix_figure, "model": models_figure,
        "cross-validate": folds_figure, "errors": confusion_figure, "save": sizes_figure,
        "serve": served_figure}


def main_figure(r: Result):
    """The step's main chart (a comparison of two settings draws this one)."""
    return MAIN[r.step](r)
