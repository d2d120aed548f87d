"""Figures of the sentiment page: word pushes, VADER's rules, the embedding map, the source heat map.

Positive is blue and negative red on every chart. The learner's words reach these charts
only through ``html.escape``: plotly reads its labels as HTML (``<a href>`` makes a link).
"""

from __future__ import annotations

import html

import numpy as np

from explorers._sentiment_fit import SOURCES, TRAIN_ON
from explorers.sentiment import Result
from figures.theme import BLACK, BLUE, GREY, VERMILLION, figure, pp

POSITIVE, NEGATIVE = BLUE, VERMILLION
FOOT = dict(orientation="h", y=-0.2, x=0.0)


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _sign_colours(values) -> list[str]:
    return [POSITIVE if v > 0 else NEGATIVE if v < 0 else GREY for v in values]


def _rows_height(n: int) -> int:
    return int(min(max(200 + 30 * n, 380), 620))


def words_figure(r: Result):
    """Each feature's push on the TF-IDF model's logit, in the sentence's order, then the intercept."""
    w = r.words
    labels = [_e(t) for t, _, _ in w.known] + ["(intercept)"]
    pushes = [push for _, _, push in w.known] + [w.intercept]
    fig = figure(f"Pushes add up to {w.logit:+.2f}: P(positive) = {r.tfidf_p:.2f}",
                 "push on the score (TF-IDF weight × coefficient)", "", height=_rows_height(len(labels)))
    fig.add_trace(dict(type="bar", orientation="h", y=list(range(len(labels))), x=pushes,
                       marker=dict(color=_sign_colours(pushes)), name="push",
                       text=[f"{v:+.2f}" for v in pushes], textposition="outside", cliponaxis=False,
                       customdata=labels, hovertemplate="%{customdata}: %{x:+.3f}<extra></extra>"))
    fig.update_yaxes(tickvals=list(range(len(labels))), ticktext=labels, autorange="reversed",
                     title=dict(text=""), showgrid=False)
    reach = max([abs(v) for v in pushes] + [0.5])
    fig.update_xaxes(range=[-1.35 * reach, 1.35 * reach], zeroline=True, zerolinecolor=BLACK)
    if w.unknown:
        shown = ", ".join(_e(t) for t in w.unknown[:6]) + (" …" if len(w.unknown) > 6 else "")
        fig.add_annotation(text=f"Not in the vocabulary (no push): {shown}", xref="paper", yref="paper",
                           x=0, y=-0.02, yanchor="top", showarrow=False, font=dict(size=14, color=GREY))
    return fig.build()


def top_words_figure(r: Result):
    """The model's most negative and most positive features: what it learnt."""
    w = r.words
    names = [_e(n) for n in w.top_names]
    fig = figure(f"What it learnt: the {len(names) // 2} most negative and most positive of "
                 f"{w.vocabulary:,} features", "coefficient", "", height=_rows_height(len(names)))
    fig.add_trace(dict(type="bar", orientation="h", y=names, x=w.top_coef, name="coefficient",
                       marker=dict(color=_sign_colours(w.top_coef))))
    fig.update_yaxes(title=dict(text=""), showgrid=False, dtick=1)
    return fig.build()


def _rules_text(word) -> str:
    return "; ".join(_e(rule) for rule, _, _ in word.rules)


def vader_figure(r: Result):
    """Each word's valence in VADER's lexicon (hollow) and after its rules (bar), in order."""
    t = r.trace
    n = len(t.words)
    labels = [_e(w.text) + (f" ({w.kind})" if w.kind else "") for w in t.words]
    finals = [w.valence for w in t.words]
    fig = figure(f"Valences add up to {t.total:+.2f}: compound {t.compound:+.3f}",
                 "valence (−4 very negative to +4 very positive)", "", height=_rows_height(n),
                 legend=FOOT)
    rows = list(range(n))
    fig.add_trace(dict(type="bar", orientation="h", y=rows, x=finals, name="after the rules",
                       marker=dict(color=_sign_colours(finals)),
                       customdata=[_rules_text(w) or "no rule changed it" for w in t.words],
                       hovertemplate="%{x:+.3f}: %{customdata}<extra></extra>"))
    lexicon = [w.lexicon if w.lexicon is not None else np.nan for w in t.words]
    fig.add_scatter(y=rows, x=lexicon, mode="markers", name="in the lexicon",
                    marker=dict(symbol="diamond-open", size=14, color=BLACK, line=dict(width=2)))
    for i, w in enumerate(t.words):
        if w.rules:
            fig.add_annotation(x=4.2, y=i, text=_rules_text(w), showarrow=False, xanchor="left",
                               font=dict(size=13), xref="x", yref="y")
    fig.update_yaxes(tickvals=rows, ticktext=labels, autorange="reversed", title=dict(text=""), showgrid=False)
    fig.update_xaxes(range=[-5.2, 4.2], zeroline=True, zerolinecolor=BLACK)
    fig.update_layout(margin=dict(r=300))
    return fig.build()


def compound_figure(r: Result):
    """How VADER squashes the sum of valences into its compound score, x / √(x² + 15)."""
    t = r.trace
    x = np.linspace(-12, 12, 241)
    fig = figure("The sum squashed into −1..1", "sum of valences (with ! and ? emphasis)",
                 "compound score", height=440, legend=FOOT)
    fig.add_scatter(x=x, y=x / np.sqrt(x * x + 15), mode="lines", name="x / √(x² + 15) (the formula)",
                    line=dict(color=GREY))
    total = t.total + np.sign(t.total) * t.emphasis
    fig.add_scatter(x=[total], y=[t.compound], mode="markers", name="your sentence",
                    marker=dict(size=16, color=_sign_colours([t.compound])[0]))
    fig.update_yaxes(range=[-1.05, 1.05])
    return fig.build()


def space_figure(r: Result):
    """The held-out sentences as the MiniLM classifier sees them, and the learner's sentence."""
    s = r.space
    fig = figure(f"Your sentence among {len(s.x):,} held-out reviews: P(positive) = {r.minilm_p:.2f}",
                 "the classifier's score (logit): negative ← 0 → positive",
                 "the widest other direction (PCA)", height=460, legend=FOOT)
    for value, name, colour in ((1, "positive review", POSITIVE), (0, "negative review", NEGATIVE)):
        mask = s.label == value
        fig.add_scatter(x=s.x[mask], y=s.y[mask], mode="markers", name=name,
                        marker=dict(size=7, color=colour, opacity=0.55))
    fig.add_scatter(x=[s.point[0]], y=[s.point[1]], mode="markers", name="your sentence",
                    marker=dict(symbol="star", size=24, color=BLACK, line=dict(width=1, color="white")))
    fig.add_shape(type="line", x0=0, x1=0, y0=0, y1=1, yref="paper", line=dict(color=GREY, dash="dash"))
    return fig.build()


def across_figure(r: Result):
    """Held-out accuracy of one model trained on each source (rows), tested on each (columns)."""
    a = r.across
    rows = [f"trained on {s}" for s in TRAIN_ON]
    cols = [f"tested on {s}" for s in SOURCES]
    fig = figure(f"{a.model}: {a.within:.0%} within a source, {a.cross:.0%} across ({pp(a.cross - a.within)})",
                 "", "", height=440)
    fig.add_trace(dict(type="heatmap", z=100 * a.table, x=cols, y=rows, zmin=50, zmax=100,
                       # Written out: plotly.js's own "Blues" runs dark to light, Python's light to dark.
                       colorscale=[[0.0, "#F7FBFF"], [0.5, "#6BAED6"], [1.0, "#08306B"]],
                       colorbar=dict(title=dict(text="accuracy %")),
                       text=[[f"{v:.0%}" for v in row] for row in a.table], texttemplate="%{text}",
                       textfont=dict(size=20), hovertemplate="%{y}, %{x}: %{text}<extra></extra>"))
    fig.add_shape(type="rect", x0=a.col - 0.5, x1=a.col + 0.5, y0=a.row - 0.5, y1=a.row + 0.5,
                  line=dict(color=VERMILLION, width=5))
    fig.update_yaxes(autorange="reversed", showgrid=False, title=dict(text=""))
    fig.update_xaxes(showgrid=False, side="top", title=dict(text=""))
    return fig.build()


def main_figure(r: Result):
    return {"words": words_figure, "lexicon rules": vader_figure, "embeddings": space_figure,
            "across sources": across_figure}[r.view](r)
