"""Figures for the text-preprocessing page: pure ``Result -> plotly Figure`` functions, by view.

Tokens are drawn as coloured chips, one line of them after another, as the tokenizer
playgrounds draw them. Every string from a text (a token, a term, a sentence) goes through
``_plain`` first: plotly reads a little HTML in its labels (``<a href>``, ``<b>``, ``<br>``),
and a learner's text must show as the characters typed, never as a live link.
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from explorers._text import STEMS
from explorers.text_preprocessing import Result
from figures.theme import BLACK, BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILLION, figure

WIDTH = 66  # characters on one line of chips (a monospaced chip per token)
GAP = 0.5  # between chips, in characters
LINE = 36  # pixels per line of chips
MAX_LINES = 12  # lines drawn per chart; past them the chips are cut and the title says so
MAX_COLUMNS = 36  # matrix columns drawn (the most weighted, in alphabetical order)
MONO = "Source Code Pro, Menlo, Consolas, monospace"
# Pale tints (a quarter of each colour on white): black text reads on every one of them.
TINTS = ("#BFDCEB", "#F4D6BF", "#BFE6DC", "#F8E6BF", "#F2DDE8")
# The steps view: kept as it was (pale blue), changed by the step (orange), dropped (grey).
KEPT, CHANGED, DROPPED = "#D2E6F3", "#F5C26B", "#EFEFEF"
CHANGE_COLOURS = {"": BLACK, "tokenizer": BLUE, "lowercase": SKY, "stop_words": VERMILLION,
                  "stem": GREEN, "ngrams": PURPLE}
CHANGE_NAMES = {"": "as set", "tokenizer": "another tokeniser", "lowercase": "case",
                "stop_words": "stop words", "stem": "stems or lemmas", "ngrams": "n-grams"}


def _plain(text: str) -> str:
    """``text`` shown literally by plotly: its tags and entities escaped, and ``$`` too (a
    label between dollars is typeset as a formula where MathJax is loaded)."""
    return html.escape(text, quote=False).replace("$", "&#36;")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def main_figure(r: Result) -> go.Figure:
    """The view's main chart."""
    return {"tokens": tokens_figure, "steps": steps_figure, "matrix": matrix_figure,
            "vocabulary": vocabulary_figure}[r.view](r)


# ---- chips ----

def _chips(title: str, blocks: list) -> go.Figure:
    """Blocks of chips, each ``(label, [(text, fill, hover), ...])``, wrapped at WIDTH
    characters; the label names a block's first line."""
    xs, ys, widths, texts, fills, hovers, ticks, labels = [], [], [], [], [], [], [], []
    line, cut = 0, False
    for label, chips in blocks:
        ticks.append(line)
        labels.append(label)
        x = 0.0
        for text, fill, hover in chips:
            shown = _cut(text, WIDTH - 2)
            width = len(shown) + 1
            if x > 0 and x + width > WIDTH:
                line, x = line + 1, 0.0
            if line >= MAX_LINES:
                cut = True
                break
            xs.append(x)
            ys.append(line)
            widths.append(width)
            texts.append(_plain(shown))
            fills.append(fill)
            hovers.append(_plain(hover))
            x += width + GAP
        if not chips:  # an empty step (every token a stop word) still gets its line
            xs.append(0.0), ys.append(line), widths.append(9), texts.append("(nothing)")
            fills.append(DROPPED), hovers.append("no token is left")
        line += 1
        if line >= MAX_LINES:
            cut = cut or blocks[-1][0] != label
            break
    if cut:
        title += f" (first {MAX_LINES} lines)"
    fig = figure(title, "", "", height=70 + LINE * max(line, 2) + 20)
    fig.add_trace(dict(
        type="bar", orientation="h", x=widths, base=xs, y=ys, width=0.78, text=texts,
        textposition="inside", insidetextanchor="middle", textangle=0,
        textfont=dict(family=MONO, size=16, color=[GREY if f == DROPPED else BLACK for f in fills]),
        customdata=hovers,
        marker=dict(color=fills, line=dict(color="#777777", width=1)),
        hovertemplate="%{customdata}<extra></extra>", showlegend=False, cliponaxis=False))
    fig.update_layout(uniformtext=dict(minsize=15, mode="show"), margin=dict(t=60, b=20, r=10),
                      bargap=0.2)
    fig.update_xaxes(range=[-0.3, WIDTH + 0.3], visible=False, fixedrange=True)
    fig.update_yaxes(range=[max(line, 2) - 0.5, -0.5], tickvals=ticks, ticktext=labels, showgrid=False,
                     showline=False, ticks="", fixedrange=True, tickfont=dict(size=16))
    return fig.build()


def _tinted(tokens, hover) -> list:
    return [(t, TINTS[i % len(TINTS)], hover(i, t)) for i, t in enumerate(tokens)]


def tokens_figure(r: Result) -> go.Figure:
    """The text under each tokeniser, one chip per token, and the word's WordPiece pieces."""
    t = r.tokenised
    blocks = []
    for name, tokens in t.rows:
        n = len(tokens)

        def hover(i, token, _t=tokens, _n=n):
            where = (f"characters {_t[i].start}–{_t[i].end}" if _t[i].start >= 0
                     else "rewritten by the tokeniser")
            return f"token {i + 1} of {_n}: {token} ({where})"
        blocks.append((f"{name} ({n})", _tinted([tok.text for tok in tokens], hover)))
    blocks.append((f"the word ({len(t.pieces)})",
                   _tinted(t.pieces, lambda i, p: f"piece {i + 1} of {len(t.pieces)}: {p}")))
    return _chips("One text, three tokenisers", blocks)


def steps_figure(r: Result) -> go.Figure:
    """The tokens after each step: lowercased, stop words dropped, stemmed, n-grams."""
    s, st = r.stepped, r.stepped.steps
    blocks = [("1 tokens", [(t, KEPT, f"token {i + 1}: {t}") for i, t in enumerate(st.tokens)])]
    blocks.append(("2 lowercase", [(low, CHANGED if low != raw else KEPT,
                                    f"{raw} → {low}" if low != raw else f"{low} (unchanged)")
                                   for i, (raw, low) in enumerate(zip(st.tokens, st.lowered))]
                   if len(st.tokens) == len(st.lowered) else [(t, KEPT, t) for t in st.lowered]))
    blocks.append(("3 stop words", [(t, KEPT if k else DROPPED,
                                     f"{t}: kept" if k else f"{t}: a stop word, dropped")
                                    for i, (t, k) in enumerate(zip(st.lowered, st.kept))]))
    kept = [t for t, k in zip(st.lowered, st.kept) if k]
    label = "4 " + {"none": "no stems", "lemma": "lemmas"}.get(s.stemmer, s.stemmer)
    blocks.append((label, [(stem, CHANGED if stem != t else KEPT,
                            f"{t} → {stem}" if stem != t else f"{t} (unchanged)")
                           for i, (t, stem) in enumerate(zip(kept, st.stemmed))]))
    lo, hi = s.n_range
    blocks.append((f"5 n-grams {lo}-{hi}" if lo != hi else f"5 {lo}-grams",
                   [(t, KEPT, f"term {i + 1} of {len(st.terms)}: {t}") for i, t in enumerate(st.terms)]))
    return _chips(f"Step by step: {len(st.tokens)} tokens in, {len(st.terms)} terms counted", blocks)


def corpus_tokens_figure(r: Result) -> go.Figure:
    """Tokens per sentence in the 3,000 reviews under each tokeniser, and this text's count."""
    t = r.tokenised
    fig = figure("Tokens per sentence in the 3,000 reviews", "tokens", "", height=340)
    names = [name for name, _ in t.rows]
    lo, q1, med, q3, hi = t.spread.T
    fig.add_trace(dict(type="box", y=names, q1=q1, median=med, q3=q3, lowerfence=lo, upperfence=hi,
                       mean=t.means, orientation="h", name="the reviews (5–95%)", marker_color=BLUE,
                       fillcolor="rgba(0,114,178,0.25)", hoverinfo="skip"))
    fig.add_scatter(x=[t.count(n) for n in names], y=names, mode="markers", name="this text",
                    marker=dict(symbol="diamond", size=15, color=VERMILLION, line=dict(color=BLACK, width=1)),
                    hovertemplate="this text: %{x} tokens<extra>%{y}</extra>")
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(rangemode="tozero")
    fig.update_layout(legend=dict(orientation="h", x=0.0, y=-0.25))
    return fig.build()


def funnel_figure(r: Result) -> go.Figure:
    """The same steps on the whole corpus: its distinct terms after each one."""
    s = r.stepped
    labels = ["1 tokens", "2 lowercase", "3 stop words", "4 " + {"none": "no stems", "lemma": "lemmas"}.get(
        s.stemmer, s.stemmer), "5 n-grams " + "-".join(map(str, sorted(set(s.n_range))))]
    fig = figure("The same steps on the 3,000 sentences", "distinct terms", "", height=340)
    fig.add_trace(dict(type="bar", orientation="h", x=s.funnel, y=labels, marker_color=BLUE,
                       text=[f"{int(v):,}" for v in s.funnel], textposition="outside", cliponaxis=False,
                       hovertemplate="after %{y}: %{x:,} distinct terms<extra></extra>"))
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(range=[0, 1.2 * float(s.funnel.max())])
    return fig.build()


# ---- the matrix ----

def _columns(r: Result) -> np.ndarray:
    """The columns drawn: every one, or the MAX_COLUMNS most weighted, in their order."""
    m = r.matrix
    if len(m.terms) <= MAX_COLUMNS:
        return np.arange(len(m.terms))
    weight = m.values.sum(axis=0)
    return np.sort(np.argsort(-weight, kind="stable")[:MAX_COLUMNS])


def matrix_figure(r: Result) -> go.Figure:
    """Sentences down, terms across: each cell the count, or the TF-IDF weight, of a term."""
    m = r.matrix
    cols = _columns(r)
    values = m.values[:, cols]
    tfidf = m.weighting == "TF-IDF"
    shown = "" if len(cols) == len(m.terms) else f", the {len(cols)} largest shown"
    title = (f"{'TF-IDF' if tfidf else 'Bag of words'}: {len(m.sentences)} sentences × "
             f"{len(m.terms)} terms{shown}")
    label = 9 * max(len(_cut(t, 16)) for t in m.terms)  # the rotated term labels, above the cells
    fig = figure(title, "", "", height=110 + 50 * len(m.sentences) + label)
    text = [["" if v == 0 else (f"{v:.2f}".lstrip("0") if tfidf else f"{v:.0f}") for v in row]
            for row in values]
    terms = [_plain(_cut(m.terms[j], 16)) for j in cols]
    full = [_plain(m.terms[j]) for j in cols]
    fig.add_trace(dict(
        type="heatmap", z=values, x=list(range(len(cols))), y=[f"S{i + 1}" for i in range(len(m.sentences))],
        text=text, texttemplate="%{text}", textfont=dict(size=14),
        customdata=[full] * len(m.sentences), xgap=2, ygap=2,
        colorscale=[[0, "#FFFFFF"], [1, BLUE]], zmin=0, showscale=False,
        hovertemplate=("%{y}, %{customdata}: " + ("%{z:.3f}" if tfidf else "%{z:.0f}") + "<extra></extra>")))
    fig.update_xaxes(tickvals=list(range(len(cols))), ticktext=terms, tickangle=-60, side="top",
                     showgrid=False, showline=False, tickfont=dict(size=15))
    fig.update_yaxes(autorange="reversed", showgrid=False, showline=False, ticks="")
    # The title hung from the top, above the labels (plotly centres it in the top margin).
    fig.update_layout(margin=dict(t=70 + label, b=10),
                      title=dict(y=1, yref="container", yanchor="top", pad=dict(t=16)))
    return fig.build()


def idf_figure(r: Result) -> go.Figure:
    """Each term's inverse document frequency: rarer terms weigh more."""
    m = r.matrix
    cols = _columns(r)
    order = cols[np.argsort(m.idf[cols], kind="stable")]
    docs = (m.counts[:, order] > 0).sum(axis=0)
    fig = figure("Inverse document frequency ln((1+n)/(1+df)) + 1", "", "idf", height=380)
    fig.add_trace(dict(type="bar", x=list(range(len(order))), y=m.idf[order], marker_color=ORANGE,
                       customdata=np.column_stack([[_plain(m.terms[j]) for j in order], docs]),
                       hovertemplate="%{customdata[0]}: in %{customdata[1]} sentences, idf %{y:.3f}"
                                     "<extra></extra>"))
    fig.update_xaxes(tickvals=list(range(len(order))), ticktext=[_plain(_cut(m.terms[j], 16)) for j in order],
                     tickangle=-60, showgrid=False)
    fig.update_yaxes(rangemode="tozero")
    return fig.build()


# ---- the vocabulary ----

def vocabulary_figure(r: Result) -> go.Figure:
    """The corpus's vocabulary as set, and after each single change of the settings."""
    v = r.vocabulary
    fig = figure(f"Distinct terms in the 3,000 sentences: {v.size:,} as set", "distinct terms", "",
                 height=520)
    for change in CHANGE_COLOURS:
        idx = [i for i, c in enumerate(v.changes) if c == change]
        if not idx:
            continue
        fig.add_trace(dict(
            type="bar", orientation="h", x=v.sizes[idx], y=[v.labels[i] for i in idx],
            name=CHANGE_NAMES[change], marker_color=CHANGE_COLOURS[change],
            text=[f"{int(v.sizes[i]):,}" for i in idx], textposition="outside", cliponaxis=False,
            hovertemplate="%{y}: %{x:,} distinct terms<extra></extra>"))
    fig.add_shape(type="line", x0=v.size, x1=v.size, y0=0, y1=1, yref="paper",
                  line=dict(color=BLACK, width=2, dash="dot"))
    fig.update_yaxes(categoryorder="array", categoryarray=list(v.labels)[::-1], showgrid=False)
    fig.update_xaxes(range=[0, 1.15 * float(v.sizes.max())])
    fig.update_layout(bargap=0.25, legend=dict(title=dict(text="what changes"), x=1.02, xanchor="left",
                                               y=1.0, yanchor="top"))
    return fig.build()


def top_terms_figure(r: Result) -> go.Figure:
    """The corpus's most frequent terms as set."""
    v = r.vocabulary
    terms = [_plain(t) for t, _ in v.top]
    fig = figure(f"The {len(v.top)} most frequent terms", "occurrences in the corpus", "", height=460)
    fig.add_trace(dict(type="bar", orientation="h", x=[n for _, n in v.top], y=terms, marker_color=GREY,
                       hovertemplate="%{y}: %{x:,}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", showgrid=False, type="category")
    return fig.build()


def stemmers_table(r: Result) -> dict:
    """Each kept token under every stemmer and the lemmatiser: columns for a table."""
    rows = r.stepped.table
    names = ("token",) + tuple(s if s != "none" else "token" for s in STEMS[1:])
    return {name: [row[i] for row in rows] for i, name in enumerate(names)}
