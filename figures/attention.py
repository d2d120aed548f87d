"""Figures of the attention page: the toy's scores, weights and outputs; one head's map and the
followed tokens' row; every head as a 6 × 12 grid of small maps; a word's drift across layers.

Attention weights are white (0) to blue (1) on every map. Tokens are placed by position, not
by name: a sentence may hold "the" twice, and a categorical axis would draw both in one row.
Every token reaches these charts through ``html.escape`` (plotly reads labels as HTML).
"""

from __future__ import annotations

import html

import numpy as np

from explorers._attention_model import HEADS, LAYERS
from explorers.attention import PAIRS, Result
from figures.theme import BLACK, BLUE, GREEN, ORANGE, VERMILLION, figure

WEIGHTS = [[0, "#FFFFFF"], [1, BLUE]]
SIGNED = [[0, VERMILLION], [0.5, "#FFFFFF"], [1, BLUE]]
PAIR_COLOURS = (VERMILLION, ORANGE, GREEN)


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _cells(values: np.ndarray, digits: int = 2) -> list[list[str]]:
    return [["" if np.isnan(v) else f"{v:.{digits}f}" for v in row] for row in values]


def _token_axes(fig, rows, cols, x_title: str, y_title: str) -> None:
    fig.update_xaxes(tickvals=list(range(len(cols))), ticktext=[_e(t) for t in cols], tickangle=-45,
                     showgrid=False, title=dict(text=x_title), side="bottom")
    fig.update_yaxes(tickvals=list(range(len(rows))), ticktext=[_e(t) for t in rows], autorange="reversed",
                     showgrid=False, title=dict(text=y_title))


def _map(title: str, z: np.ndarray, rows, cols, x_title: str, y_title: str, scale=WEIGHTS,
         zmin=0.0, zmax=1.0, text=True, height=440, bar="weight", scale_bar=True):
    fig = figure(title, x_title, y_title, height=height)
    trace = dict(type="heatmap", z=np.round(z, 4), x=list(range(len(cols))), y=list(range(len(rows))),
                 colorscale=scale, zmin=zmin, zmax=zmax, xgap=1, ygap=1, showscale=scale_bar,
                 colorbar=dict(title=dict(text=bar, side="right"), thickness=14, len=0.9),
                 hovertemplate="%{z:.3f}<extra></extra>")
    if text:
        trace.update(text=_cells(z), texttemplate="%{text}", textfont=dict(size=15))
    fig.add_trace(trace)
    _token_axes(fig, rows, cols, x_title, y_title)
    return fig


# The toy.

def weights_figure(r: Result):
    t = r.toy
    kind = "causal mask" if t.causal else "no mask"
    fig = _map(f"Weights (T = {t.temperature:g}, {kind}): rows sum to 1",
               np.where(t.allowed, t.weights, np.nan), t.tokens, t.tokens,
               "key (the token looked at)", "query (the token looking)")
    n = len(t.tokens)
    fig.add_shape(type="rect", x0=-0.5, x1=n - 0.5, y0=t.query - 0.5, y1=t.query + 0.5,
                  line=dict(color=VERMILLION, width=3), fillcolor="rgba(0,0,0,0)")
    return fig.build()


def scores_figure(r: Result):
    t = r.toy
    shown = np.where(t.allowed, t.logits, np.nan)
    reach = float(np.nanmax(np.abs(shown))) or 1.0
    fig = _map("Scores Q·K / (√d × temperature); blank: masked", shown, t.tokens, t.tokens,
               "key", "query", scale=SIGNED, zmin=-reach, zmax=reach, height=380, bar="score")
    return fig.build()


def output_figure(r: Result):
    t = r.toy
    reach = float(max(np.abs(t.output).max(), np.abs(t.v).max(), 1.0))
    dims = [f"dim {j + 1}" for j in range(t.output.shape[1])]
    fig = _map("Outputs: weights × V (each a mix of the values)", t.output, t.tokens, dims,
               "dimension of the value", "token", scale=SIGNED, zmin=-reach, zmax=reach, height=380,
               bar="output")
    return fig.build()


# The encoder.

def head_figure(r: Result):
    """The chosen head's map, the followed tokens' rows outlined."""
    h = r.heads
    fig = _map(f"Layer {h.layer}, head {h.head}: who each token attends to", h.chosen, h.tokens, h.tokens,
               "key (attended to)", "query (attending)", text=False, height=560, scale_bar=False)
    n = len(h.tokens)
    for i in h.focus:
        fig.add_shape(type="rect", x0=-0.5, x1=n - 0.5, y0=i - 0.5, y1=i + 0.5,
                      line=dict(color=VERMILLION, width=3), fillcolor="rgba(0,0,0,0)")
    return fig.build()


def row_figure(r: Result):
    """The followed tokens' rows of the chosen head, averaged: where they look, together."""
    h = r.heads
    title = (f"Attention from {_e(h.tokens[h.focus[0]][:16])}" if len(h.focus) == 1
             else f"Mean of the {len(h.focus)} red rows")
    fig = figure(title, "attention weight", "", height=560)
    n = len(h.tokens)
    colours = [VERMILLION if i == h.top else BLUE for i in range(n)]
    fig.add_trace(dict(type="bar", orientation="h", x=np.round(h.row, 4), y=list(range(n)),
                       marker=dict(color=colours), text=[f"{w:.2f}" for w in h.row], textposition="outside",
                       cliponaxis=False, hovertemplate="%{x:.3f}<extra></extra>", name="weight"))
    fig.update_yaxes(tickvals=list(range(n)), ticktext=[_e(t) for t in h.tokens], autorange="reversed",
                     showgrid=False, title=dict(text=""))
    fig.update_xaxes(range=[0, 1.15])
    return fig.build()


def grid_figure(r: Result):
    """Every head of every layer as one heatmap of tiles apart by blank cells: 72 small maps
    drawn as one trace (72 traces of their own are slow to draw)."""
    h = r.heads
    n = len(h.tokens)
    step = n + 1
    tiles = np.full((LAYERS * step - 1, HEADS * step - 1), np.nan)
    for layer in range(LAYERS):
        for head in range(HEADS):
            tiles[layer * step:layer * step + n, head * step:head * step + n] = h.attentions[layer, head]
    fig = figure("Every head: 6 layers × 12 heads (rows: queries, columns: keys)", "head", "layer",
                 height=500)
    z = np.round(tiles, 3).astype(np.float32)  # half the bytes of float64 for ~45,000 cells
    fig.add_trace(dict(type="heatmap", z=z, colorscale=WEIGHTS, zmin=0, zmax=1,
                       showscale=False, hovertemplate="%{z:.2f}<extra></extra>", hoverongaps=False))
    centres = [(i * step + (n - 1) / 2) for i in range(max(LAYERS, HEADS))]
    fig.update_xaxes(tickvals=centres[:HEADS], ticktext=[str(i + 1) for i in range(HEADS)], showgrid=False,
                     showline=False, zeroline=False, range=[-1, HEADS * step - 1])
    fig.update_yaxes(tickvals=centres[:LAYERS], ticktext=[str(i + 1) for i in range(LAYERS)], showgrid=False,
                     showline=False, zeroline=False, autorange="reversed", scaleanchor="x")
    x0, y0 = (h.head - 1) * step - 0.5, (h.layer - 1) * step - 0.5
    fig.add_shape(type="rect", x0=x0, x1=x0 + n, y0=y0, y1=y0 + n, line=dict(color=VERMILLION, width=3))
    return fig.build()


# Contextual embeddings.

def drift_figure(r: Result):
    d = r.drift
    word = _e(d.word)
    fig = figure(f"How alike \"{word}\" is in two sentences, layer by layer", "depth (0: the embeddings)",
                 "cosine similarity", height=460)
    depths = list(range(d.cosine.shape[1]))
    for pair, colour, values in zip(PAIRS, PAIR_COLOURS, d.cosine):
        fig.add_scatter(x=depths, y=np.round(values, 4), mode="lines+markers", name=f"sentences {pair}",
                        line=dict(color=colour, width=4), marker=dict(size=10),
                        hovertemplate=f"{pair}, depth %{{x}}: %{{y:.3f}}<extra></extra>")
    low = float(min(d.cosine.min(), 0.9))
    fig.update_yaxes(range=[max(low - 0.05, -1.0), 1.0])
    fig.update_xaxes(tickvals=depths, zeroline=False)
    fig.update_layout(legend=dict(orientation="h", y=-0.25, x=0.0))
    fig.add_shape(type="line", xref="paper", x0=0, x1=1, y0=1.0, y1=1.0,
                  line=dict(color=BLACK, width=1, dash="dot"))
    return fig.build()


def main_figure(r: Result):
    if r.view == "toy attention":
        return weights_figure(r)
    if r.view == "encoder heads":
        return head_figure(r)
    return drift_figure(r)
