"""Figures for the decision-tree explorer: the regions with their cuts, the tree diagram, and
accuracy against depth.

The plane and the diagram share one highlight: the path of the followed point, drawn as thick
cuts and a dashed box on the plane and as thick-edged boxes in the diagram.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.decision_tree import Result, Tree
from figures.classify import CLASS_COLOURS, boundary_plot
from figures.theme import BLACK, BLUE, GREY, VERMILLION, figure

SHOWN_DEPTH = 4  # diagram rows below the root: 16 boxes across is the most that stay readable


def cut_segments(tree: Tree, nodes) -> np.ndarray:
    """(3 * len(nodes), 2) points: each node's cut across its own box, then a NaN break."""
    points = np.full((3 * len(nodes), 2), np.nan)
    for i, node in enumerate(nodes):
        f, cut = tree.feature[node], tree.threshold[node]
        other = 1 - f
        for j, end in enumerate((tree.lo[node, other], tree.hi[node, other])):
            points[3 * i + j, f], points[3 * i + j, other] = cut, end
    return points


def boundary_figure(r: Result) -> go.Figure:
    s, t = r.split, r.tree
    fig = boundary_plot(s, r.scores, f"Depth {r.depth}, {r.n_leaves} leaves: test accuracy "
                                     f"{r.test_accuracy:.1%}")
    splits = np.flatnonzero(~t.is_leaf)
    cuts = cut_segments(t, splits)
    fig.add_scatter(x=cuts[:, 0], y=cuts[:, 1], mode="lines", name=f"cuts ({len(splits)})",
                    line=dict(color=BLACK, width=1.2), hoverinfo="skip")
    leaf = r.probe_path[-1]
    path_cuts = cut_segments(t, r.probe_path[:-1])
    fig.add_scatter(x=path_cuts[:, 0], y=path_cuts[:, 1], mode="lines", name="the point's questions",
                    line=dict(color=BLACK, width=4.5), hoverinfo="skip")
    for step, (a, b) in enumerate(zip(path_cuts[0::3], path_cuts[1::3])):
        fig.add_annotation(x=(a[0] + b[0]) / 2, y=(a[1] + b[1]) / 2, text=badge(step), showarrow=False,
                           font=dict(size=22, color=BLACK), bgcolor="white", borderpad=0)
    (x0, y0), (x1, y1) = t.lo[leaf], t.hi[leaf]
    fig.add_scatter(x=[x0, x1, x1, x0, x0], y=[y0, y0, y1, y1, y0], mode="lines", name="its leaf's box",
                    line=dict(color=BLACK, width=3, dash="dash"), hoverinfo="skip")
    fig.add_scatter(x=[r.probe[0]], y=[r.probe[1]], mode="markers", name="followed point",
                    marker=dict(symbol="star", size=22, color=_colour(r.probe_class),
                                line=dict(color=BLACK, width=2)),
                    hovertemplate=f"followed point: leaf {leaf}, {s.class_names[r.probe_class]}<extra></extra>")
    return fig.build()


def badge(step: int) -> str:
    """The number of the followed point's question, the same on the plane and the diagram."""
    return chr(0x2460 + step) if step < 20 else f"({step + 1})"  # ① ② … ⑳


def diagram_layout(tree: Tree, shown_depth: int = SHOWN_DEPTH):
    """(shown node ids, x, y): the nodes down to ``shown_depth``, each bottom box (a leaf, or a
    subtree cut off at the last shown row) one unit apart left to right, each parent centred
    over its children, and y = -depth."""
    shown, x = [], {}

    def place(node: int, next_x: float) -> float:
        shown.append(node)
        if tree.is_leaf[node] or tree.depth[node] == shown_depth:
            x[node] = next_x
            return next_x + 1
        next_x = place(int(tree.left[node]), next_x)
        next_x = place(int(tree.right[node]), next_x)
        x[node] = (x[int(tree.left[node])] + x[int(tree.right[node])]) / 2
        return next_x

    place(0, 0.0)
    shown = np.array(sorted(shown))
    return shown, np.array([x[n] for n in shown]), -tree.depth[shown].astype(float)


def diagram_figure(r: Result, feature_names, class_names, shown_depth: int = SHOWN_DEPTH) -> go.Figure:
    t = r.tree
    shown, xs, ys = diagram_layout(t, shown_depth)
    where = {int(n): (x, y) for n, x, y in zip(shown, xs, ys)}
    on_path = set(r.probe_path.tolist())
    steps = {int(n): i for i, n in enumerate(r.probe_path[:-1])}
    hidden = t.n_nodes - len(shown)
    title = "The tree"
    if hidden:
        title += f", down to depth {shown_depth} of {r.depth} (+ boxes hold {hidden} more nodes)"
    fig = figure(title, "", "", height=110 * (int(ys.min() * -1) + 1) + 90)

    for highlighted, name, style in ((False, "branch", dict(color=GREY, width=1.5)),
                                     (True, "the point's path", dict(color=BLACK, width=5))):
        edges = [(p, c) for p in shown if not t.is_leaf[p] and t.depth[p] < shown_depth
                 for c in (int(t.left[p]), int(t.right[p])) if (p in on_path and c in on_path) == highlighted]
        line = np.full((3 * len(edges), 2), np.nan)
        for i, (p, c) in enumerate(edges):
            line[3 * i], line[3 * i + 1] = where[int(p)], where[c]
        fig.add_scatter(x=line[:, 0], y=line[:, 1], mode="lines", name=name, line=style, hoverinfo="skip")

    for node, x, y in zip(shown, xs, ys):
        node = int(node)
        counts = t.counts[node]
        top = int(counts.argmax())
        purity = counts[top] / counts.sum()
        details = (f"node {node}, depth {t.depth[node]}<br>{t.samples[node]} training points: "
                   + ", ".join(f"{c} {n}" for n, c in zip(class_names, counts))
                   + f"<br>{r.criterion} {t.impurity[node]:.3f}")
        if t.is_leaf[node]:
            label = f"<b>{class_names[top]}</b><br>{' | '.join(map(str, counts))}"
            details += f"<br>leaf: predicts {class_names[top]}"
        elif t.depth[node] == shown_depth:
            below = _subtree_size(t, node) - 1
            label = f"<b>+{below} nodes</b><br>{t.samples[node]} pts"
            details += f"<br>{below} nodes below, not drawn"
        else:
            number = f"{badge(steps[node])} " if node in steps else ""
            question = _question(t, node, feature_names)
            label = f"<b>{number}{question}</b><br>{t.samples[node]} pts · {t.impurity[node]:.2f}"
            details = f"{question}<br>" + details
        fig.add_annotation(
            name=f"node {node}", x=x, y=y, text=label, hovertext=details, showarrow=False,
            font=dict(size=13, color=BLACK), align="center", borderpad=4,
            # Opaque, so the edges end at the box: the class colour mixed with white by purity.
            bgcolor=_tint(top, purity, len(class_names)),
            bordercolor=BLACK if node in on_path else GREY, borderwidth=3.5 if node in on_path else 1,
        )
    left, right = int(t.left[0]), int(t.right[0])
    if left >= 0:
        for child, word in ((left, "yes"), (right, "no")):
            (x0, y0), (x1, y1) = where[0], where[child]
            fig.add_annotation(x=(x0 + x1) / 2, y=(y0 + y1) / 2, text=f"<i>{word}</i>", showarrow=False,
                               font=dict(size=14, color=BLACK), bgcolor="white",
                               xshift=-22 if word == "yes" else 22)
    fig.update_xaxes(visible=False, range=[xs.min() - 0.7, xs.max() + 0.7])
    fig.update_yaxes(visible=False, range=[ys.min() - 0.5, 0.5])
    fig.update_layout(showlegend=False, margin=dict(l=10, r=10, t=60, b=10))
    return fig.build()


def accuracy_figure(r: Result) -> go.Figure:
    best = int(np.argmax(r.sweep_test))
    fig = figure("Accuracy against depth", "max depth", "accuracy", height=440)
    fig.add_scatter(x=r.sweep_depth, y=r.sweep_train, mode="lines+markers", name="train",
                    line=dict(color=BLUE), hovertemplate="depth %{x}: train %{y:.3f}<extra></extra>")
    fig.add_scatter(x=r.sweep_depth, y=r.sweep_test, mode="lines+markers", name="test",
                    line=dict(color=VERMILLION), hovertemplate="depth %{x}: test %{y:.3f}<extra></extra>")
    fig.add_scatter(x=[r.max_depth, r.max_depth], y=[0, 1.02], mode="lines", name=f"current max depth = {r.max_depth}",
                    line=dict(color=BLACK, width=2, dash="dash"), hoverinfo="skip")
    fig.add_scatter(x=[r.sweep_depth[best]], y=[r.sweep_test[best]], mode="markers",
                    name=f"best test: depth {r.sweep_depth[best]}", hoverinfo="skip",
                    marker=dict(symbol="star", size=18, color=VERMILLION, line=dict(color=BLACK, width=1.5)))
    if r.full_depth < r.sweep_depth[-1]:
        fig.add_scatter(x=[r.full_depth, r.full_depth], y=[0, 1.02], mode="lines",
                        name=f"fully grown at depth {r.full_depth}",
                        line=dict(color=GREY, width=2, dash="dot"), hoverinfo="skip")
    low = min(r.sweep_train.min(), r.sweep_test.min())
    fig.update_yaxes(range=[max(0.0, low - 0.05), 1.02])
    fig.update_xaxes(range=[0.5, r.sweep_depth[-1] + 0.5], dtick=2)
    fig.update_layout(legend=dict(x=0.99, xanchor="right", y=0.02, yanchor="bottom"))
    return fig.build()


def _question(t, node: int, feature_names) -> str:
    return f"{feature_names[t.feature[node]]} ≤ {t.threshold[node]:.2f}"


def _subtree_size(t, node: int) -> int:
    stack, size = [node], 0
    while stack:
        n = stack.pop()
        size += 1
        if t.left[n] >= 0:
            stack += [int(t.left[n]), int(t.right[n])]
    return size


def _colour(c: int) -> str:
    return CLASS_COLOURS[c % len(CLASS_COLOURS)]


def _tint(c: int, purity: float, n_classes: int) -> str:
    """The class colour mixed with white: white for an even mix, 60 % colour for a pure node."""
    guess = 1.0 / n_classes
    strength = 0.6 * np.clip((purity - guess) / (1 - guess), 0, 1)
    hexc = _colour(c)
    rgb = [int(hexc[i:i + 2], 16) for i in (1, 3, 5)]
    r, g, b = (round(255 + strength * (v - 255)) for v in rgb)
    return f"rgb({r}, {g}, {b})"
