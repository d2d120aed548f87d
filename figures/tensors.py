"""Figures for the Tensors & autograd page: pure ``Result -> plotly Figure`` functions, one
set per view. A builder for another view than the result's raises ``AttributeError``.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers._broadcasting import ABSENT, CLASH, SAME, STRETCHED, shape_text
from explorers._tensor_ops import DTYPES, SYMBOL, kind
from explorers.tensors import Result
from figures import numpy_pandas
from figures.numpy_pandas import tint
from figures.theme import BLACK, BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILLION, figure

SHORT = {"bool": "bool", "uint8": "u8", "int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64",
         "float16": "f16", "bfloat16": "bf16", "float32": "f32", "float64": "f64"}
KINDS = ("bool", "unsigned integer", "signed integer", "floating point")
KIND_COLOURS = ("#FFFFFF", tint(PURPLE), tint(SKY), tint(ORANGE, 0.45))


def main_figure(r: Result) -> go.Figure:
    return {"tensors": broadcast_figure, "autograd": graph_figure, "PyTorch and Keras": curves_figure,
            "DataLoader": batches_figure}[r.view](r)


# ---- tensors ----

# A cell's colour: what the operand's axis does (the NumPy page's words and fills), the
# result's size, or a stride; a stride of 0 takes the stretched axis's colour.
CELLS = (*(numpy_pandas.DOES[d][1] for d in (SAME, STRETCHED, ABSENT, CLASH)), tint(GREEN), "#F2F2F2")
RESULT, STRIDE = 4, 5


def broadcast_figure(r: Result) -> go.Figure:
    """The two shapes lined up from the right, each axis coloured by what broadcasting does with
    it, the result's size on each axis, and the strides of a and b expanded to it: 0 where an
    axis is stretched, so the same element is read again and nothing is copied."""
    t = r.tensors
    sym = SYMBOL[t.op]
    title = (f"a {sym} b: RuntimeError, the sizes clash" if t.out_shape is None
             else f"a {sym} b: shape {shape_text(t.out_shape)}, {t.out_dtype}")
    axes = t.broadcast.axes
    code = {SAME: 0, STRETCHED: 1, ABSENT: 2, CLASH: 3}
    rows = [f"a {shape_text(t.broadcast.a)}", f"b {shape_text(t.broadcast.b)}", f"a {sym} b",
            "a.expand(…).stride()", "b.expand(…).stride()"]
    z, text = [[] for _ in rows], [[] for _ in rows]
    for k, ax in enumerate(axes):
        for row, (size, does) in enumerate(((ax.a, ax.a_does), (ax.b, ax.b_does))):
            z[row].append(code[does])
            text[row].append({STRETCHED: f"1→{ax.out}", ABSENT: f"(1)→{ax.out}"}.get(does, str(size)))
        z[2].append(code[CLASH] if ax.out is None else RESULT)
        text[2].append("✗" if ax.out is None else str(ax.out))
        for row, strides in ((3, t.strides_a), (4, t.strides_b)):
            stride = None if strides is None else strides[k]
            z[row].append(code[STRETCHED] if stride == 0 else STRIDE)
            text[row].append("—" if stride is None else str(stride))
    columns = [f"axis {ax.position}" for ax in axes]
    if not axes:  # two single numbers: a result of shape (), with no axes to line up
        columns, z, text = ["no axes"], [[STRIDE]] * 5, [["()"]] * 3 + [["()"]] * 2
    fig = figure(title, "", "", height=400)
    fig.add_trace(dict(type="heatmap", x=columns, y=rows, z=np.array(z, dtype=float), zmin=-0.5,
                       zmax=len(CELLS) - 0.5, colorscale=_steps(CELLS), showscale=False, xgap=4, ygap=4,
                       text=text, texttemplate="%{text}", textfont=dict(size=18, color=BLACK),
                       hovertemplate="%{y}, %{x}: %{text}<extra></extra>"))
    used = {v for row in z[:2] for v in row}
    for does, value in code.items():
        if value in used:
            name, fill = numpy_pandas.DOES[does][:2]
            fig.add_scatter(x=[None], y=[None], mode="markers", name=name,
                            marker=dict(symbol="square", size=16, color=fill, line=dict(color=GREY, width=1)))
    fig.update_xaxes(side="top", showgrid=False, showline=False, ticks="")
    fig.update_yaxes(autorange="reversed", showgrid=False, showline=False, ticks="")
    fig.update_layout(legend=dict(orientation="h", y=-0.04, x=0.0), margin=dict(t=100, b=20))
    return fig.build()


def _steps(colours) -> list:
    """A colour scale that is one flat colour per whole number 0, 1, …, n − 1 of z."""
    n = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def dtype_figure(r: Result) -> go.Figure:
    """PyTorch's result dtype for every pair of dtypes, the chosen pair outlined."""
    t = r.tensors
    n = len(DTYPES)
    z = np.array([[kind(cell) for cell in row] for row in t.table], dtype=float)
    text = [[SHORT[cell] for cell in row] for row in t.table]
    numpy = f"NumPy: {t.numpy_dtype}" if t.numpy_dtype else "NumPy has no bfloat16"
    fig = figure(f"dtype of a {SYMBOL[t.op]} b in PyTorch: {t.out_dtype} ({numpy})", "dtype of b",
                 "dtype of a", height=520)
    scale = [[i / 3, c] for i, c in enumerate(KIND_COLOURS)]
    fig.add_trace(dict(type="heatmap", x=list(DTYPES), y=list(DTYPES), z=z, zmin=0, zmax=3, colorscale=scale,
                       showscale=False, xgap=2, ygap=2, text=text, texttemplate="%{text}",
                       textfont=dict(size=14), customdata=[list(row) for row in t.table],
                       hovertemplate="a %{y}, b %{x}: %{customdata}<extra></extra>"))
    i, j = DTYPES.index(t.dtype_a), DTYPES.index(t.dtype_b)
    fig.add_shape(type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5, line=dict(color=BLACK, width=4))
    for name, colour in zip(KINDS, KIND_COLOURS):
        fig.add_scatter(x=[None], y=[None], mode="markers", name=name,
                        marker=dict(symbol="square", size=16, color=colour, line=dict(color=GREY, width=1)))
    fig.update_xaxes(tickangle=-45, showgrid=False, range=[-0.5, n - 0.5])
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_layout(legend=dict(orientation="h", y=-0.32, x=0.0), margin=dict(b=140))
    return fig.build()


# ---- autograd ----

def _layout(g) -> list[tuple[float, float]]:
    """Each node's place: its depth down the chart, and across it the mean of the places of
    the nodes it passes gradient to (the leaves spread evenly), so that an edge that skips
    a row runs beside the nodes in that row rather than through them."""
    places = [(0.5, float(n.depth)) for n in g.nodes]
    leaves = sorted((i for i, n in enumerate(g.nodes) if n.leaf), key=lambda i: g.nodes[i].leaf)
    for k, i in enumerate(leaves):
        places[i] = (0.15 + 0.7 * k / max(len(leaves) - 1, 1), float(g.nodes[i].depth))
    children = {i: [b for a, b in g.edges if a == i] for i in range(len(g.nodes))}
    for depth in sorted({n.depth for n in g.nodes}, reverse=True):
        row = [i for i, n in enumerate(g.nodes) if n.depth == depth and not n.leaf]
        for i in row:
            if children[i]:
                places[i] = (float(np.mean([places[c][0] for c in children[i]])), float(depth))
        # Nodes of one row kept apart, in the order the means give them.
        row.sort(key=lambda i: places[i][0])
        for a, b in zip(row, row[1:]):
            if places[b][0] - places[a][0] < GAP:
                places[b] = (places[a][0] + GAP, float(depth))
    return places


GAP = 0.24  # the least distance between two nodes of a row, as a share of the chart's width


def graph_figure(r: Result) -> go.Figure:
    """The graph autograd recorded: f's grad_fn at the top, each node's next_functions below
    it, the leaves' AccumulateGrad nodes at the bottom; on each node the gradient reaching it."""
    g = r.graph
    places = _layout(g)
    deepest = max(n.depth for n in g.nodes)
    fig = figure(f"The graph of f = {g.expression}", "", "", height=420)
    for a, b in g.edges:
        (x0, y0), (x1, y1) = places[a], places[b]
        fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", text="",
                           showarrow=True, arrowhead=3, arrowsize=1.3, arrowwidth=2.5, arrowcolor=GREY,
                           standoff=34, startstandoff=34)
    for node, (x, y) in zip(g.nodes, places):
        leaf = bool(node.leaf)
        name = f"{node.leaf}: AccumulateGrad" if leaf else node.name
        written = f"{node.leaf}.grad = {node.grad:.4g}" if leaf else f"grad in {node.grad:.4g}"
        fig.add_annotation(x=x, y=y, xref="x", yref="y", text=f"<b>{name}</b><br>{written}", showarrow=False,
                           font=dict(size=16, color=BLACK), bgcolor=tint(ORANGE if leaf else BLUE, 0.35),
                           bordercolor=ORANGE if leaf else BLUE, borderwidth=2, borderpad=6)
    for name, colour in (("operation (grad_fn)", BLUE), ("leaf tensor (AccumulateGrad)", ORANGE)):
        fig.add_scatter(x=[None], y=[None], mode="markers", name=name,
                        marker=dict(symbol="square", size=16, color=tint(colour, 0.35),
                                    line=dict(color=colour, width=2)))
    right = max(1.0, max(x for x, _ in places) + 0.15)
    fig.update_xaxes(visible=False, range=[0, right])
    fig.update_yaxes(visible=False, range=[deepest + 0.5, -0.5])
    fig.update_layout(legend=dict(orientation="h", y=-0.02, x=0.0), margin=dict(l=10, r=10, t=60, b=40))
    return fig.build()


def gradients_figure(r: Result) -> go.Figure:
    """Autograd's gradients beside the central finite differences."""
    g = r.graph
    verdict = "they agree" if g.agree else f"they differ by {g.error:.3g}"
    fig = figure(f"Autograd against finite differences: {verdict}", "", "gradient", height=420)
    names = ["∂f/∂x", "∂f/∂y"]
    fig.add_trace(dict(type="bar", x=names, y=[g.grad_x, g.grad_y], name="autograd (backward)",
                       marker=dict(color=BLUE), text=[f"{g.grad_x:.6g}", f"{g.grad_y:.6g}"],
                       textposition="outside", cliponaxis=False))
    fig.add_trace(dict(type="bar", x=names, y=[g.fd_x, g.fd_y], name="central difference, h = 1e-6",
                       marker=dict(color=ORANGE), text=[f"{g.fd_x:.6g}", f"{g.fd_y:.6g}"],
                       textposition="outside", cliponaxis=False))
    values = [g.grad_x, g.grad_y, g.fd_x, g.fd_y, 0.0]
    span = max(values) - min(values) or 1.0
    fig.update_yaxes(range=[min(values) - 0.2 * span, max(values) + 0.2 * span], zeroline=True,
                     zerolinecolor="#444")
    fig.update_layout(barmode="group", legend=dict(orientation="h", y=-0.15, x=0.0))
    return fig.build()


# ---- PyTorch and Keras ----

def curves_figure(r: Result) -> go.Figure:
    """Both training curves on one axis: the Keras markers sit on the PyTorch line."""
    w = r.twin
    fig = figure(f"PyTorch and Keras: at most {w.gap:.1e} apart", "epoch",
                 "training loss (binary cross-entropy)", height=440)
    fig.add_scatter(x=w.epochs, y=w.torch_loss, mode="lines", name="PyTorch", line=dict(color=BLUE, width=4))
    fig.add_scatter(x=w.epochs, y=w.keras_loss, mode="markers", name="Keras 3 (torch backend)",
                    marker=dict(color=ORANGE, size=10, symbol="circle-open", line=dict(width=2.5)))
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(legend=dict(orientation="h", y=-0.25, x=0.0), margin=dict(b=120))
    return fig.build()


def gap_figure(r: Result) -> go.Figure:
    """The difference between the curves at each epoch: float32 rounding, piling up."""
    w = r.twin
    gap = np.abs(w.torch_loss - w.keras_loss)
    fig = figure("|PyTorch loss − Keras loss| per epoch", "epoch", "difference", height=440)
    fig.add_trace(dict(type="bar", x=w.epochs, y=gap, marker=dict(color=GREEN), name="difference",
                       showlegend=False, hovertemplate="epoch %{x}: %{y:.2e}<extra></extra>"))
    fig.add_shape(type="line", x0=0, x1=1, xref="paper", y0=1e-4, y1=1e-4,
                  line=dict(color=VERMILLION, dash="dash"))
    fig.add_annotation(text="10⁻⁴", x=1, xref="paper", y=1e-4, xanchor="right", yanchor="bottom",
                       showarrow=False, font=dict(color=VERMILLION))
    fig.update_yaxes(range=[0, max(1.2e-4, 1.2 * float(gap.max()))], exponentformat="power")
    return fig.build()


# ---- DataLoader ----

def batches_figure(r: Result) -> go.Figure:
    """One row per epoch, the items in the order the loader gave them, a gap between batches;
    each item keeps its colour, so a shuffle shows as colours moving."""
    b = r.batches
    xs, ys, items, hover = [], [], [], []
    gone_x, gone_y, gone = [], [], []
    for e, (epoch, left) in enumerate(zip(b.epochs, b.dropped)):
        x = 0.0
        for k, batch in enumerate(epoch):
            for item in batch:
                xs.append(x)
                ys.append(e)
                items.append(item)
                hover.append(f"epoch {e + 1}, batch {k + 1}: item {item}")
                x += 1
            x += 0.6  # the gap between two batches
        for item in left:  # what drop_last left out, after the epoch's batches
            gone_x.append(x)
            gone_y.append(e)
            gone.append(str(item))
            x += 1
    order = "shuffled" if b.shuffle else "in order"
    fig = figure(f"{b.per_epoch} batches of up to {b.batch_size} per epoch, {order}", "position in the epoch",
                 "", height=160 + 80 * len(b.epochs))
    fig.add_scatter(x=xs, y=ys, mode="markers+text", text=[str(i) for i in items], hovertext=hover,
                    hoverinfo="text", name="item in a batch", textfont=dict(size=15, color=BLACK),
                    marker=dict(symbol="square", size=34, color=items, cmin=0, cmax=max(b.items - 1, 1),
                                colorscale=[[0, "#DCEBF7"], [1, SKY]], line=dict(color=BLUE, width=1.5)))
    if gone:
        fig.add_scatter(x=gone_x, y=gone_y, mode="markers+text", text=gone, name="dropped (drop_last)",
                        textfont=dict(size=15, color=GREY),
                        marker=dict(symbol="square-open", size=34, color=GREY))
    fig.update_layout(legend=dict(orientation="h", y=1.0, x=1.0, xanchor="right", yanchor="bottom"),
                      showlegend=bool(gone))
    rows = range(len(b.epochs))
    fig.update_yaxes(tickvals=list(rows), ticktext=[f"epoch {e + 1}" for e in rows],
                     autorange="reversed", showgrid=False, range=[len(b.epochs) - 0.5, -0.5])
    fig.update_xaxes(showticklabels=False, showgrid=False)
    return fig.build()


def sizes_figure(r: Result) -> go.Figure:
    """How many items each batch holds: the last one short unless it is dropped."""
    b = r.batches
    sizes = [len(batch) for batch in b.epochs[0]]
    last = "short last batch dropped" if b.drop_last else "the last may be short"
    fig = figure(f"Batch sizes in an epoch ({last})", "batch", "items", height=300)
    fig.add_trace(dict(type="bar", x=list(range(1, len(sizes) + 1)), y=sizes, marker=dict(color=SKY),
                       showlegend=False, text=sizes, textposition="outside", cliponaxis=False))
    fig.update_yaxes(range=[0, b.batch_size * 1.3])
    fig.update_xaxes(dtick=1)
    return fig.build()
