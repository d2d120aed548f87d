"""An expression built from three menus, the graph autograd records for it, and its
gradients against finite differences.

``f`` is ``then(apply(combine(x, y)))``: combine x and y, apply a function, then maybe use
x or y once more. Used twice, a leaf gets gradient along two paths, and autograd adds them
before its ``AccumulateGrad`` node writes ``.grad``. The graph is read from the tensor
itself (``f.grad_fn`` and each node's ``next_functions``), and the gradient arriving at
each node from a hook on it, so what is drawn is what PyTorch recorded and ran.

Everything is computed in float64, where a central difference with h = 1e-6 agrees with
the exact derivative to about 1e-9 wherever the expression is smooth. At relu's kink it is
not: there autograd uses relu'(0) = 0, and a difference straddling 0 sees half a slope.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from explorers._torch import torch

COMBINE = {"x times y": "x * y", "x plus y": "x + y", "x minus y": "x - y"}
APPLY = ("sin", "exp", "tanh", "sigmoid", "relu", "square", "none")
THEN = {"nothing": "{}", "plus x": "{} + x", "times x": "{} * x", "times y": "{} * y"}
H = 1e-6  # the finite difference's step
AGREE = 1e-6  # autograd and the central difference agree when they differ by less


def written(combine: str, apply: str, then: str) -> str:
    """The expression as PyTorch code writes it: ``torch.sin(x * y) * x``."""
    inner = COMBINE[combine]
    applied = inner if apply == "none" else f"torch.{apply}({inner})"
    return THEN[then].format(applied)


def evaluate(combine: str, apply: str, then: str, x, y):
    """``f(x, y)`` on tensors, by the same operations the written code performs."""
    t = torch()
    u = x * y if combine == "x times y" else x + y if combine == "x plus y" else x - y
    v = u if apply == "none" else getattr(t, apply)(u)
    return v if then == "nothing" else v + x if then == "plus x" else v * x if then == "times x" else v * y


@dataclass(frozen=True)
class Node:
    name: str  # the grad_fn's class, "MulBackward0"; a leaf's "AccumulateGrad"
    leaf: str  # "x" or "y" for an AccumulateGrad node, else ""
    depth: int  # longest path from the root (f's own grad_fn is 0)
    grad: float  # the gradient arriving at the node: ∂f/∂(its output)


@dataclass(frozen=True)
class Graph:
    expression: str
    x: float
    y: float
    f: float
    grad_x: float  # x.grad after f.backward()
    grad_y: float
    fd_x: float  # central differences
    fd_y: float
    nodes: tuple[Node, ...]  # the root first
    edges: tuple[tuple[int, int], ...]  # (node, next node): the way the gradient flows
    uses_x: int  # how many edges end at x's AccumulateGrad: the paths its gradient adds up over

    @property
    def error(self) -> float:
        return max(abs(self.grad_x - self.fd_x), abs(self.grad_y - self.fd_y))

    @property
    def agree(self) -> bool:
        return self.error < AGREE


@lru_cache(maxsize=64)
def graph(combine: str, apply: str, then: str, x_value: float, y_value: float) -> Graph:
    t = torch()
    x = t.tensor(x_value, dtype=t.float64, requires_grad=True)
    y = t.tensor(y_value, dtype=t.float64, requires_grad=True)
    f = evaluate(combine, apply, then, x, y)
    nodes, edges, arrived = _walk(f.grad_fn, {id(x): "x", id(y): "y"})
    f.backward()
    # A leaf the expression does not use gets no gradient at all (None): its derivative is 0.
    gx, gy = (0.0 if v.grad is None else float(v.grad) for v in (x, y))
    with t.no_grad():
        def at(dx, dy):
            return float(evaluate(combine, apply, then, x + dx, y + dy))
        fd_x = (at(H, 0) - at(-H, 0)) / (2 * H)
        fd_y = (at(0, H) - at(0, -H)) / (2 * H)
    drawn = tuple(Node(name, leaf, depth, arrived.get(i, 0.0)) for i, (name, leaf, depth) in enumerate(nodes))
    leaf_x = next((i for i, n in enumerate(drawn) if n.leaf == "x"), None)
    return Graph(written(combine, apply, then), x_value, y_value, float(f.detach()), gx, gy, fd_x, fd_y, drawn,
                 tuple(edges), sum(1 for _, j in edges if j == leaf_x))


def _walk(root, leaves: dict):
    """The nodes reachable from ``root`` through ``next_functions`` (each once), the edges
    between them, and a hook on each that records the gradient arriving at it."""
    index, nodes, edges, arrived = {}, [], [], {}
    todo = [root]
    index[root] = 0
    nodes.append(root)
    while todo:
        fn = todo.pop(0)
        for child, _ in fn.next_functions:
            if child is None:  # an input that needs no gradient (a constant)
                continue
            if child not in index:
                index[child] = len(nodes)
                nodes.append(child)
                todo.append(child)
            edges.append((index[fn], index[child]))
    for i, fn in enumerate(nodes):
        def hook(grad_outputs, i=i):
            arrived[i] = float(grad_outputs[0]) if grad_outputs[0] is not None else 0.0
        fn.register_prehook(hook)
    depth = [0] * len(nodes)
    for _ in nodes:  # longest path from the root: relax the edges as often as there are nodes
        for a, b in edges:
            depth[b] = max(depth[b], depth[a] + 1)
    described = []
    for i, fn in enumerate(nodes):
        variable = getattr(fn, "variable", None)
        leaf = leaves.get(id(variable), "") if variable is not None else ""
        described.append((fn.name().removeprefix("torch::autograd::"), leaf, depth[i]))
    return described, edges, arrived
