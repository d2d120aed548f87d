"""Figures for the backpropagation explorer: the 2-2-1 network with its values and
gradients, the arithmetic of the current step, and the loss over repeated updates."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorers.backprop import NAMES, PHASES, Result
from figures.theme import BLACK, BLUE, GREY, ORANGE, VERMILLION, Plot, figure

# Where each node sits: inputs, hidden layer, output, loss, left to right.
# The first layer is drawn longer: its four labels need room between the crossing edges.
NODES = {"x1": (0, 0.8), "x2": (0, 0.2), "h1": (1.5, 0.8), "h2": (1.5, 0.2), "o": (2.6, 0.5), "L": (3.4, 0.5)}
EDGES = {"w1": ("x1", "h1"), "w2": ("x2", "h1"), "w3": ("x1", "h2"), "w4": ("x2", "h2"),
         "w5": ("h1", "o"), "w6": ("h2", "o")}
# The phase (step) that computes each node's forward value and its gradient.
FORWARD_STEP = {"x1": 0, "x2": 0, "h1": 1, "h2": 1, "o": 2, "L": 3}
BACKWARD_STEP = {"o": 4, "h1": 5, "h2": 5}


def fmt(v: float) -> str:
    """Four significant figures, never in e-notation (a learner reads 0.0006684, not 6.684e-04)."""
    if v == 0:
        return "0"
    digits = max(0, 3 - int(np.floor(np.log10(abs(v)))))
    text = f"{v:.{min(digits, 10)}f}"
    # Trailing zeros dropped: an input of 0.05 reads 0.05, not 0.05000.
    return text.rstrip("0").rstrip(".") if "." in text else text


def _layer(edge: str) -> int:
    return 1 if edge in ("w1", "w2", "w3", "w4") else 2


def network_figure(r: Result) -> go.Figure:
    """Nodes with the values computed so far, edges with their weights (colour: sign, width:
    size) and, from step 4 on, their gradients; what the current step computes is highlighted."""
    s = r.step
    fig = Plot(title=dict(text=f"Step {s} of 6: {PHASES[s - 1]}"), height=560,
               xaxis=dict(visible=False, range=[-0.35, 3.75]), yaxis=dict(visible=False, range=[-0.08, 1.08]),
               showlegend=False, margin=dict(l=10, r=10, t=60, b=10))
    theta = r.theta_after if s == 6 else r.theta
    reach = float(np.abs(theta[:6]).max()) or 1.0
    for i, (name, (a, b)) in enumerate(EDGES.items()):
        (x0, y0), (x1, y1) = NODES[a], NODES[b]
        active = (s in (1, 5) and _layer(name) == 1) or (s in (2, 4) and _layer(name) == 2) or s == 6
        w = theta[i]
        fig.add_scatter(x=[x0, x1], y=[y0, y1], mode="lines", name=name,
                        line=dict(color=VERMILLION if w >= 0 else BLUE, width=1.5 + 9 * abs(w) / reach),
                        opacity=1.0 if active else 0.35, customdata=[[r.theta[i], r.grad[i]]] * 2,
                        hovertemplate=f"{name} = %{{customdata[0]:.4f}}<br>∂L/∂{name} = %{{customdata[1]:.4g}}"
                                      "<extra></extra>")
        # w2 and w3 cross mid-way: their labels sit before the crossing, one above the other.
        at = 0.38 if name in ("w2", "w3") else 0.5
        text = f"{name} = {fmt(r.theta[i])}"
        if s == 6:
            text = f"{name}: {fmt(r.theta[i])} → {fmt(r.theta_after[i])}"
        elif s >= BACKWARD_STEP["o"] + (_layer(name) == 1):
            text += f"<br><b>∂L/∂{name} = {fmt(r.grad[i])}</b>"
        fig.add_annotation(x=x0 + at * (x1 - x0), y=y0 + at * (y1 - y0), text=text, showarrow=False,
                           font=dict(size=14, color=BLACK),
                           bgcolor="rgba(255,255,255,0.85)")
    # The loss is a function of the output, not a weighted edge: a thin grey link.
    fig.add_scatter(x=[NODES["o"][0], NODES["L"][0]], y=[NODES["o"][1], NODES["L"][1]], mode="lines",
                    name="loss link", line=dict(color=GREY, width=2, dash="dot"), hoverinfo="skip")
    labels, xs, ys, colours, values = [], [], [], [], []
    for node, (x, y) in NODES.items():
        xs.append(x)
        ys.append(y)
        labels.append(node)
        computing = FORWARD_STEP[node] == s or BACKWARD_STEP.get(node) == s or (s == 6 and node == "L")
        colours.append(ORANGE if computing else "#FFFFFF")
        values.append(_node_text(r, node, s))
    fig.add_scatter(x=xs, y=ys, mode="markers+text", text=labels, textfont=dict(size=20), name="nodes",
                    marker=dict(size=58, color=colours, line=dict(color=BLACK, width=2)),
                    customdata=values, hovertemplate="%{customdata}<extra></extra>")
    for (x, y), text in zip(NODES.values(), values):
        fig.add_annotation(x=x, y=y - 0.11 if y < 0.5 else y + 0.11, text=text, showarrow=False,
                           yanchor="top" if y < 0.5 else "bottom", font=dict(size=14))
    return fig.build()


def _node_text(r: Result, node: str, s: int) -> str:
    """What is known about a node at step s; '?' where that step has not come yet."""
    if node in ("x1", "x2"):
        return f"{node} = {fmt(r.x[int(node[1]) - 1])}"
    if node == "L":
        if s == 6:
            return f"L = {fmt(r.loss)} → {fmt(r.loss_after)}"
        return f"y = {fmt(r.y)}<br>L = {fmt(r.loss) if s >= 3 else '?'}"
    if node == "o":
        lines = [f"z = {fmt(r.z_out)}, a = {fmt(r.out)}" if s >= 2 else "z = ?, a = ?", f"b3 = {fmt(r.theta[8])}"]
        if s >= 4:
            lines.append(f"<b>∂L/∂z = {fmt(r.delta_out)}</b>")
        return "<br>".join(lines)
    k = int(node[1]) - 1
    lines = [f"z = {fmt(r.z_hidden[k])}, h = {fmt(r.hidden[k])}" if s >= 1 else "?", f"b{k + 1} = {fmt(r.theta[6 + k])}"]
    if s >= 5:
        lines.append(f"<b>∂L/∂z = {fmt(r.delta_hidden[k])}</b>")
    return "<br>".join(lines)


def curve_figure(r: Result) -> go.Figure:
    n = len(r.curve) - 1
    fig = figure(f"Loss over {n} update{'s' * (n != 1)} on the same example", "updates", "loss L", height=440)
    fig.add_scatter(x=np.arange(len(r.curve)), y=r.curve, mode="lines", name="loss", line=dict(color=BLUE),
                    hovertemplate="after %{x} updates: L = %{y:.5f}<extra></extra>")
    fig.add_scatter(x=[0, 1], y=[r.loss, r.loss_after], mode="markers", name="this page's step",
                    marker=dict(color=ORANGE, size=13, line=dict(color=BLACK, width=1.5)),
                    hovertemplate="L = %{y:.5f}<extra></extra>")
    fig.update_xaxes(range=[-0.02 * max(n, 1), max(n, 1) * 1.02])
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(showlegend=False)
    return fig.build()


# The arithmetic, written out with the current numbers.

def _tex(v: float) -> str:
    return fmt(v) if v >= 0 else f"({fmt(v)})"


def _slope_tex(r: Result, k: int) -> tuple[str, str]:
    """f'(z) for hidden neuron k: the formula and its value's working."""
    h, z = r.hidden[k], r.z_hidden[k]
    if r.activation == "sigmoid":
        return f"h_{k + 1}(1-h_{k + 1})", f"{fmt(h)}\\times(1-{fmt(h)})"
    if r.activation == "tanh":
        return f"(1-h_{k + 1}^2)", f"(1-{_tex(h)}^2)"
    return f"[z_{{h{k + 1}}}>0]", "1" if z > 0 else "0"


def _loss_tex(r: Result) -> str:
    if r.loss_name == "squared error":
        return f"L = \\tfrac12(a-y)^2 = \\tfrac12({fmt(r.out)}-{fmt(r.y)})^2 = {fmt(r.loss)}"
    return (f"L = -[y\\log a + (1-y)\\log(1-a)] = -[{fmt(r.y)}\\log {fmt(r.out)} + {fmt(1 - r.y)}"
            f"\\log {fmt(1 - r.out)}] = {fmt(r.loss)}")


def step_latex(r: Result) -> list[str]:
    """The equations the current step evaluates, each with its numbers, one to a line.

    Written side by side (``,\\quad``) two or three of them ran past the right edge of the
    page at 1280 px, where KaTeX cuts them off instead of wrapping: each gets its own line
    of one block (``gathered``, so they sit close), and so does a remark in words.
    """
    lines = []
    for line in _step_latex(r):
        for part in line.split(",\\quad "):
            equation, _, remark = part.partition("\\quad\\text{")
            lines += [equation] + ([f"\\text{{{remark}"] if remark else [])
    return ["\\begin{gathered}" + " \\\\ ".join(lines) + "\\end{gathered}"]


def _step_latex(r: Result) -> list[str]:
    s, t = r.step, r.theta
    f = {"sigmoid": "\\sigma", "tanh": "\\tanh", "ReLU": "\\mathrm{ReLU}"}[r.activation]
    if s == 1:
        return [f"z_{{h{k + 1}}} = w_{2 * k + 1}x_1 + w_{2 * k + 2}x_2 + b_{k + 1} = {fmt(t[2 * k])}\\cdot{_tex(r.x[0])}"
                f" + {_tex(t[2 * k + 1])}\\cdot{_tex(r.x[1])} + {_tex(t[6 + k])} = {fmt(r.z_hidden[k])},\\quad "
                f"h_{k + 1} = {f}(z_{{h{k + 1}}}) = {fmt(r.hidden[k])}" for k in (0, 1)]
    if s == 2:
        return [f"z_o = w_5h_1 + w_6h_2 + b_3 = {fmt(t[4])}\\cdot{_tex(r.hidden[0])} + {_tex(t[5])}\\cdot"
                f"{_tex(r.hidden[1])} + {_tex(t[8])} = {fmt(r.z_out)}",
                f"a = \\sigma(z_o) = 1/(1+e^{{-z_o}}) = {fmt(r.out)}"]
    if s == 3:
        return [_loss_tex(r)]
    if s == 4:
        if r.loss_name == "squared error":
            lines = [f"\\frac{{\\partial L}}{{\\partial a}} = a - y = {fmt(r.dL_da)},\\quad "
                     f"\\frac{{\\partial a}}{{\\partial z_o}} = a(1-a) = {fmt(r.da_dz)}",
                     f"\\delta_o = \\frac{{\\partial L}}{{\\partial z_o}} = {fmt(r.dL_da)}\\times{fmt(r.da_dz)}"
                     f" = {fmt(r.delta_out)}"]
        else:
            lines = [f"\\frac{{\\partial L}}{{\\partial a}} = \\frac{{a-y}}{{a(1-a)}} = {fmt(r.dL_da)},\\quad "
                     f"\\frac{{\\partial a}}{{\\partial z_o}} = a(1-a) = {fmt(r.da_dz)}",
                     f"\\delta_o = \\frac{{\\partial L}}{{\\partial z_o}} = a - y = {fmt(r.delta_out)}"
                     "\\quad\\text{(the } a(1-a) \\text{ cancels)}"]
        lines[-1] += f",\\quad \\frac{{\\partial L}}{{\\partial b_3}} = \\delta_o = {fmt(r.grad[8])}"
        return lines + [",\\quad ".join(
            f"\\frac{{\\partial L}}{{\\partial w_{5 + k}}} = \\delta_o h_{k + 1} = {fmt(r.delta_out)}"
            f"\\times{_tex(r.hidden[k])} = {fmt(r.grad[4 + k])}" for k in (0, 1))]
    if s == 5:
        lines = []
        for k in (0, 1):
            formula, working = _slope_tex(r, k)
            lines += [f"\\frac{{\\partial L}}{{\\partial h_{k + 1}}} = \\delta_o w_{5 + k} = {fmt(r.delta_out)}"
                      f"\\times{_tex(t[4 + k])} = {fmt(r.dL_dhidden[k])},\\quad \\delta_{{h{k + 1}}} = "
                      f"\\frac{{\\partial L}}{{\\partial h_{k + 1}}}\\,{formula} = {fmt(r.dL_dhidden[k])}\\times"
                      f"{working} = {fmt(r.delta_hidden[k])}",
                      f"\\frac{{\\partial L}}{{\\partial w_{2 * k + 1}}} = \\delta_{{h{k + 1}}}x_1 = "
                      f"{fmt(r.grad[2 * k])},\\quad \\frac{{\\partial L}}{{\\partial w_{2 * k + 2}}} = "
                      f"\\delta_{{h{k + 1}}}x_2 = {fmt(r.grad[2 * k + 1])},\\quad "
                      f"\\frac{{\\partial L}}{{\\partial b_{k + 1}}} = \\delta_{{h{k + 1}}} = {fmt(r.grad[6 + k])}"]
        return lines
    i = NAMES.index(r.follow)
    name = _sym(r.follow)
    return [f"{name} \\leftarrow {name} - \\eta\\,\\frac{{\\partial L}}{{\\partial {name}}} = {fmt(t[i])} - "
            f"{fmt(r.learning_rate)}\\times{_tex(r.grad[i])} = {fmt(r.theta_after[i])}"
            "\\quad\\text{(and the same for all nine)}",
            f"L:\\ {fmt(r.loss)} \\to {fmt(r.loss_after)}"]


def _sym(name: str) -> str:
    return f"{name[0]}_{name[1]}"


def chain_factors(r: Result) -> list[tuple[str, float]]:
    """The local slopes along the followed parameter's path, loss first: (symbol, value)."""
    name = _sym(r.follow)
    factors = [("\\frac{\\partial L}{\\partial a}", r.dL_da), ("\\frac{\\partial a}{\\partial z_o}", r.da_dz)]
    if r.follow in ("w5", "w6", "b3"):
        k = {"w5": 0, "w6": 1}.get(r.follow)
        return factors + [(f"\\frac{{\\partial z_o}}{{\\partial {name}}}", 1.0 if k is None else r.hidden[k])]
    k = 0 if r.follow in ("w1", "w2", "b1") else 1
    last = {"w1": r.x[0], "w2": r.x[1], "w3": r.x[0], "w4": r.x[1]}.get(r.follow, 1.0)
    return factors + [(f"\\frac{{\\partial z_o}}{{\\partial h_{k + 1}}}", r.theta[4 + k]),
                      (f"\\frac{{\\partial h_{k + 1}}}{{\\partial z_{{h{k + 1}}}}}", r.slope_hidden[k]),
                      (f"\\frac{{\\partial z_{{h{k + 1}}}}}{{\\partial {name}}}", last)]


def chain_latex(r: Result) -> str:
    """dL/d(followed parameter) as a product of local slopes along its path, with numbers."""
    factors = chain_factors(r)
    name = _sym(r.follow)
    symbols = " \\cdot ".join(sym for sym, _ in factors)
    numbers = " \\times ".join(_tex(v) for _, v in factors)
    # Three lines, aligned at "=": on one line the five-factor chain ran off the page.
    return (f"\\begin{{aligned}}\\frac{{\\partial L}}{{\\partial {name}}} &= {symbols} \\\\ &= {numbers} "
            f"\\\\ &= {fmt(r.grad[NAMES.index(r.follow)])}\\end{{aligned}}")


def gradient_table(r: Result) -> dict:
    diff = np.abs(r.by_hand - r.by_autograd)
    return {"quantity": list(r.quantities), "by hand (NumPy)": r.by_hand, "torch.autograd": r.by_autograd,
            "difference": diff}


def update_table(r: Result) -> dict:
    return {"parameter": list(NAMES), "before": r.theta, "∂L/∂parameter": r.grad,
            f"after (η = {fmt(r.learning_rate)})": r.theta_after}
