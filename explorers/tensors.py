"""Tensors & autograd
==================

The framework under the deep-learning pages, four views of it:

* **Tensors.** Two tensors of ones, their shapes lined up from the right as broadcasting
  lines them up, and PyTorch's own answer to ``a + b`` (or ``*``, ``/``): the result's shape
  and dtype, or its error. A stretched axis costs no memory: ``expand`` gives it stride 0.
  PyTorch promotes dtypes its own way, beside NumPy's.
* **Autograd.** An expression picked from menus, the graph autograd records for it, drawn
  from ``grad_fn`` and ``next_functions``, and its gradients checked against finite differences.
* **PyTorch and Keras.** The same small network in PyTorch and in Keras 3 (on PyTorch),
  started from the same weights and trained on the same data to the same loss curve.
* **DataLoader.** A loader's batches, epoch by epoch, shuffled by a seeded generator.

Only the chosen view is computed; everything random comes from ``p.seed``.
"""

from __future__ import annotations

from dataclasses import dataclass

from datasets.readonly import readonly
from explorers import _autograd, _loader, _twin
from explorers._broadcasting import check_shape, parse_shape
from explorers._contract import choice, knob, knobs, log_knob, text
from explorers._tensor_ops import DTYPES, OPS, SYMBOL, Tensors, tensors

NOTICE = (
    "A tensor is an array with a dtype that autograd can follow: every operation on one that "
    "requires grad adds a node to a graph, and backward() walks that graph from the output to the "
    "leaves, adding up the gradient where a leaf is used twice. Keras 3 on PyTorch runs the same "
    "arithmetic, and a DataLoader reshuffles every epoch from one seeded generator."
)
MISREADING = (
    "\"Autograd differentiates the formula\": it differentiates the operations it recorded, at "
    "these values, so at relu's kink it answers relu'(0) = 0 where a finite difference sees half "
    "a slope. And \"PyTorch promotes dtypes as NumPy does\": an int64 tensor plus a float32 one is "
    "float32 in PyTorch and float64 in NumPy."
)
HEADLINE = "value"

VIEWS = ("tensors", "autograd", "PyTorch and Keras", "DataLoader")
WHAT = {  # each view's headline number, as the page and the code name it
    "tensors": "bytes in the result",
    "autograd": "∂f/∂x",
    "PyTorch and Keras": "PyTorch's last loss",
    "DataLoader": "sum of the last epoch's first batch",
}
SHAPE_HELP = ("Whole numbers from 1 to 12 apart by commas, up to four of them: 3, 1 or (4,); "
              "() is a single number. Shapes are lined up from the right.")
_ON = {v: ("view", (v,)) for v in VIEWS}
AGREE = 1e-4  # two loss curves agree when no epoch's losses differ by more (float32 rounding)


@dataclass(frozen=True)
class Params:
    HIDE_INACTIVE = True  # the page hides the other views' controls (ui/controls.py)

    view: str = choice(
        "autograd", options=VIEWS, label="View",
        help="Tensors: shapes, broadcasting and dtypes. Autograd: the graph behind backward(). "
             "PyTorch and Keras: one network written twice. DataLoader: batches and shuffling.",
    )
    # ---- tensors ----
    shape_a: str = text("3, 1", max_chars=24, label="Shape of a", help=SHAPE_HELP, check=check_shape,
                        examples=("5, 3", "2, 1, 4", "()"), when=_ON["tensors"])
    shape_b: str = text("4", max_chars=24, label="Shape of b", help=SHAPE_HELP, check=check_shape,
                        examples=("5", "3, 1", "(4, 1, 1)"), when=_ON["tensors"])
    dtype_a: str = choice("int64", options=DTYPES, label="dtype of a", when=_ON["tensors"],
                          help="What each element of a is stored as.")
    dtype_b: str = choice("float32", options=DTYPES, label="dtype of b", when=_ON["tensors"],
                          help="What each element of b is stored as.")
    op: str = choice("add", options=OPS, label="Operation", when=_ON["tensors"],
                     help="a + b, a * b or a / b (true division: integers give floats).")
    # ---- autograd ----
    combine: str = choice("x times y", options=tuple(_autograd.COMBINE), label="First, combine",
                          when=_ON["autograd"], help="How x and y are combined into u.")
    apply: str = choice("sin", options=_autograd.APPLY, label="Then apply", when=_ON["autograd"],
                        help="The function applied to u (none: u itself).")
    then: str = choice("times x", options=tuple(_autograd.THEN), label="Finally", when=_ON["autograd"],
                       help="Use x or y once more: a leaf used twice gets gradient along two paths.")
    x: float = knob(1.5, lo=-2.0, hi=2.0, step=0.1, label="x", when=_ON["autograd"],
                    help="The value of the leaf x (requires_grad=True).")
    y: float = knob(-0.5, lo=-2.0, hi=2.0, step=0.1, label="y", when=_ON["autograd"],
                    help="The value of the leaf y (requires_grad=True).")
    # ---- PyTorch and Keras ----
    hidden: int = knob(8, lo=2, hi=32, label="Hidden units", when=_ON["PyTorch and Keras"],
                       help="Units in the one hidden tanh layer of both networks.")
    optimizer: str = choice("Adam", options=_twin.OPTIMIZERS, label="Optimizer",
                            when=_ON["PyTorch and Keras"],
                            help="The same optimizer on both sides, with the same settings.")
    lr: float = log_knob(0.05, lo=0.001, hi=0.5, label="Learning rate", when=_ON["PyTorch and Keras"],
                         help="The step size of both optimizers.")
    epochs: int = knob(30, lo=10, hi=60, step=10, label="Epochs", when=_ON["PyTorch and Keras"],
                       help="Full-batch epochs: one step each, on all 200 points.")
    # ---- DataLoader ----
    items: int = knob(10, lo=4, hi=24, label="Items in the dataset", when=_ON["DataLoader"],
                      help="A TensorDataset of the numbers 0, 1, 2, …: each batch shows which items "
                           "it holds.")
    batch_size: int = knob(4, lo=1, hi=12, label="Batch size", when=_ON["DataLoader"],
                           help="Items per batch; the last batch of an epoch may be shorter.")
    shuffle: str = choice("shuffle", options=("shuffle", "in order"), label="Order", when=_ON["DataLoader"],
                          help="shuffle=True draws a new order every epoch from the generator.")
    drop_last: str = choice("keep", options=("keep", "drop"), label="Short last batch",
                            when=_ON["DataLoader"], help="drop_last=True leaves it out.")
    loader_epochs: int = knob(3, lo=1, hi=6, label="Epochs drawn", when=_ON["DataLoader"],
                              help="How many passes over the data are drawn, one row each.")
    seed: int = knob(0, lo=0, hi=999, label="Seed", when=("view", ("PyTorch and Keras", "DataLoader")),
                     help="Seeds the first weights and the data (PyTorch and Keras), or the "
                          "loader's generator (DataLoader).")


def relevant(p: Params) -> Params:
    """``p`` with every control its view hides back at its default: the same result."""
    values = {n: getattr(p, n) for n in knobs(Params)}
    return Params(**{n: v for n, v in values.items() if knobs(Params)[n].when is None
                     or p.view in knobs(Params)[n].when[1]})


@dataclass(frozen=True)
class Result:
    view: str
    value: float  # the view's headline number (WHAT[view] says which)
    tensors: Tensors | None = None  # only the chosen view's part is computed
    graph: _autograd.Graph | None = None
    twin: _twin.Twin | None = None
    batches: _loader.Batches | None = None

    @property
    def what(self) -> str:
        return WHAT[self.view]


def run(p: Params, progress=None) -> Result:
    if p.view == "tensors":
        part = tensors(p.shape_a, p.shape_b, p.dtype_a, p.dtype_b, p.op)
        return readonly(Result(p.view, part.bytes_out, tensors=part))
    if p.view == "autograd":
        part = _autograd.graph(p.combine, p.apply, p.then, p.x, p.y)
        return readonly(Result(p.view, part.grad_x, graph=part))
    if p.view == "PyTorch and Keras":
        part = _twin.twin(p.hidden, p.lr, p.epochs, p.optimizer, p.seed, progress=progress)
        return readonly(Result(p.view, float(part.torch_loss[-1]), twin=part))
    part = _loader.batches(*_loader_args(p))
    return readonly(Result(p.view, part.value, batches=part))


def _loader_args(p: Params) -> tuple:
    return p.items, p.batch_size, p.shuffle == "shuffle", p.drop_last == "drop", p.loader_epochs, p.seed


# ---- code ----

def listings(p: Params) -> tuple[str, str]:
    """The PyTorch and the Keras halves of the PyTorch-and-Keras code, to show side by side."""
    return (_twin.torch_code(p.hidden, p.lr, p.epochs, p.optimizer, p.seed),
            _twin.keras_code(p.hidden, p.lr, p.epochs, p.optimizer))


def code(p: Params) -> str:
    if p.view == "tensors":
        return _code_tensors(p)
    if p.view == "autograd":
        return _code_autograd(p)
    if p.view == "DataLoader":
        return _loader.code(*_loader_args(p))
    torch_part, keras_part = listings(p)
    return (_twin.data_code(p.seed) + "\n" + torch_part + "\n"
            + keras_part + '''
gap = max(abs(a - b) for a, b in zip(torch_losses, keras_losses))
print(f"last loss: PyTorch {torch_losses[-1]:.6f}, Keras {keras_losses[-1]:.6f}; largest gap {gap:.1e}")
print(f"training accuracy: PyTorch {torch_accuracy:.3f}, Keras {keras_accuracy:.3f}")

value = torch_losses[-1]  # the page's headline: PyTorch's last loss
''')


def _code_tensors(p: Params) -> str:
    a, b, sym = parse_shape(p.shape_a), parse_shape(p.shape_b), SYMBOL[p.op]
    return f'''\
import numpy as np
import torch

a = torch.ones({a}, dtype=torch.{p.dtype_a})
b = torch.ones({b}, dtype=torch.{p.dtype_b})
# The dtype PyTorch gives, whether or not the shapes fit (one element of each suffices):
print("PyTorch promotes to", (a.flatten()[:1] {sym} b.flatten()[:1]).dtype)
try:
    out = a {sym} b  # shapes are lined up from the right; a size-1 axis is stretched
    print("a {sym} b has shape", tuple(out.shape), "and dtype", out.dtype)
    # Stretching copies nothing: the expanded view repeats an element by a stride of 0.
    print("a.expand strides", a.expand(out.shape).stride(), "b.expand strides", b.expand(out.shape).stride())
    value = out.nelement() * out.element_size()  # the page's headline: bytes in the result
except RuntimeError as err:  # its message names the axis where the sizes clash
    print("RuntimeError:", err)
    value = 0
print("bytes in the result:", value)
{_numpy_line(p)}'''


def _numpy_line(p: Params) -> str:
    if "bfloat16" in (p.dtype_a, p.dtype_b):
        return "# NumPy has no bfloat16, so there is nothing to compare with.\n"
    return (f"# NumPy's promotion for the same dtypes, for comparison:\n"
            f"print(\"NumPy gives\", (np.ones(1, np.{p.dtype_a}) {SYMBOL[p.op]} "
            f"np.ones(1, np.{p.dtype_b})).dtype)\n")


def _code_autograd(p: Params) -> str:
    expr = _autograd.written(p.combine, p.apply, p.then)
    return f'''\
import torch

x = torch.tensor({p.x!r}, dtype=torch.float64, requires_grad=True)
y = torch.tensor({p.y!r}, dtype=torch.float64, requires_grad=True)
f = {expr}


def show(node, depth=0):
    """The graph autograd recorded, from f back to the leaves (a shared node is printed again)."""
    print("  " * depth + node.name())
    for child, _ in node.next_functions:
        if child is not None:
            show(child, depth + 1)


show(f.grad_fn)
f.backward()
print("f =", f.item(), " df/dx =", x.grad.item(), " df/dy =", y.grad.item())

# Central finite differences, to check the gradients.
h = 1e-6
with torch.no_grad():
    def f_at(x, y):
        return ({expr}).item()
    print("finite differences:", (f_at(x + h, y) - f_at(x - h, y)) / (2 * h),
          (f_at(x, y + h) - f_at(x, y - h)) / (2 * h))

value = x.grad.item()  # the page's headline: df/dx
'''
