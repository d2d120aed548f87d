"""Tensors & autograd: PyTorch's own dtype promotion, autograd at relu's kink, two frameworks
to one curve, and a loader that reshuffles every epoch."""

from explorers import tensors as ex
from explorers._tensor_ops import DTYPES, numpy_dtype, promotion
from figures import tensors as fig
from lessons import Challenge, Claim, Step, titled

TENSORS = dict(view="tensors")
AUTOGRAD = dict(view="autograd")
KINK = dict(AUTOGRAD, apply="relu", then="nothing", x=0.0, y=-0.5)
TWIN = dict(view="PyTorch and Keras")
DRIFT = dict(TWIN, lr=0.2, epochs=60)
LOADER = dict(view="DataLoader")


def _agreement(r) -> str:
    w = r.twin
    if w.gap < ex.AGREE:
        return "Within float32 rounding"
    return "A few percent apart" if w.gap < 0.05 * w.torch_loss[-1] else "Far apart"


CHALLENGES = (
    Challenge(
        question="An int64 tensor plus a float32 tensor: what dtype does PyTorch give the sum?",
        options=("int64", "float32", "float64"),
        state=TENSORS,
        answer=lambda r: r.tensors.out_dtype, expected="float32",
        why=lambda r: f"PyTorch gives {r.tensors.out_dtype}: a floating-point tensor sets the kind, and "
                      "integers do not widen it. NumPy, for arrays of the same dtypes, gives "
                      f"{r.tensors.numpy_dtype}, since it looks for a float that holds every int64.",
    ),
    Challenge(
        question="f = relu(x·y) at x = 0: do autograd and the finite difference agree on ∂f/∂x?",
        options=("Yes, to about 1e-9", "No"),
        state=KINK,
        answer=lambda r: "Yes, to about 1e-9" if r.graph.agree else "No",
        expected="No",
        why=lambda r: f"Autograd says {r.graph.grad_x:.4g}, the central difference {r.graph.fd_x:.4g}. At the "
                      "kink autograd takes relu'(0) = 0 by convention; the difference, straddling the kink, "
                      "sees a slope of 0 on one side and y on the other, and averages them.",
    ),
    Challenge(
        question="The same network in PyTorch and in Keras, from the same weights, with Adam for 30 epochs: "
                 "how far apart are their loss curves?",
        options=("Within float32 rounding", "A few percent apart", "Far apart"),
        state=TWIN,
        answer=_agreement, expected="Within float32 rounding",
        why=lambda r: f"At most {r.twin.gap:.1e} at any epoch: Keras 3 on PyTorch runs the same matrix "
                      "products and the same optimizer steps, so only the order of float32 roundings differs.",
    ),
    Challenge(
        question="With shuffle on and one seeded generator, does epoch 2 come in epoch 1's order?",
        options=("The same order", "A new order"),
        state=LOADER,
        answer=lambda r: "The same order" if r.batches.epochs[0] == r.batches.epochs[1] else "A new order",
        expected="A new order",
        why=lambda r: f"Epoch 1 starts {list(r.batches.epochs[0][0])}, epoch 2 {list(r.batches.epochs[1][0])}: "
                      "the loader draws each epoch's order from the generator, which moves on. Seeding it "
                      "again repeats the whole run.",
    ),
)

TOUR = (
    Step("Shapes (3, 1) and (4,) line up from the right: a's size-1 axis stretches to 4, and b gains an "
         "axis of 1 in front. Nothing is copied: expand gives the stretched axes a stride of 0.",
         TENSORS, holds=lambda r: (r.tensors.out_shape == (3, 4) and r.tensors.strides_a == (1, 0)
                                   and r.tensors.strides_b == (0, 1))),
    Step("(5, 3) and (5,) do not line up: the last axes are 3 and 5, and PyTorch refuses with the "
         "axis where they clash. Broadcasting matches axes from the right, never from the left.",
         dict(TENSORS, shape_a="5, 3", shape_b="5"),
         holds=lambda r: r.tensors.out_shape is None and "must match" in r.tensors.error),
    Step("sin(x·y)·x uses x twice. Autograd recorded two edges into x's AccumulateGrad node; backward "
         "adds what arrives along them, and the sum matches the finite difference.",
         AUTOGRAD, holds=lambda r: r.graph.uses_x == 2 and r.graph.agree),
    Step("relu(x·y) at x = 0 sits on relu's kink: autograd answers 0, the finite difference half the "
         "slope. Autograd differentiates the operations it ran, by their conventions.",
         KINK, holds=lambda r: not r.graph.agree and r.graph.grad_x == 0),
    Step("One network, written twice. PyTorch's first weights are copied into Keras (each matrix "
         "transposed), both take full-batch Adam steps, and the curves lie on each other.",
         TWIN, holds=lambda r: r.twin.gap < ex.AGREE and r.twin.torch_loss[-1] < r.twin.torch_loss[0]),
    Step("A larger step, 0.2, for 60 epochs: the same two networks part by more than rounding. Training "
         "with a large step amplifies tiny differences (here, where Adam adds its ε).",
         DRIFT, holds=lambda r: r.twin.gap > ex.AGREE),
    Step("A DataLoader over 10 items in batches of 4: three batches, the last one of 2, and each epoch "
         "in a new order drawn from the seeded generator.",
         LOADER, holds=lambda r: (r.batches.per_epoch == 3 and len(r.batches.epochs[0][-1]) == 2
                                  and len(set(r.batches.epochs)) == len(r.batches.epochs))),
    Step("drop_last=True leaves the short batch out: two items miss each epoch, and which two changes "
         "with every shuffle.",
         dict(LOADER, drop_last="drop"),
         holds=lambda r: all(len(d) == 2 for d in r.batches.dropped) and len(set(r.batches.dropped)) > 1),
)

MAIN = titled(fig.main_figure)


def _promotion_differs(r) -> bool:
    i, j = DTYPES.index("int64"), DTYPES.index("float32")
    table = r.tensors.table if r.tensors.op == "add" else promotion("add")
    return table[i][j] == "float32" and numpy_dtype("add", "int64", "float32") == "float64"


def _reshuffled_and_repeatable(r) -> bool:
    again = ex.run(ex.Params(**LOADER))  # the same seed, run afresh
    return len(set(r.batches.epochs)) > 1 and again.batches.epochs == r.batches.epochs


CLAIMS = {
    "promotion": Claim(
        "Each cell is PyTorch's result dtype for that pair, from running the operation on one-element "
        "tensors; the outlined cell is a and b's. PyTorch and NumPy differ: an int64 tensor plus a "
        "float32 one is float32 in PyTorch and float64 in NumPy.",
        holds=_promotion_differs, state=TENSORS),
    "paths": Claim(
        "x is used twice here, so two edges lead to its AccumulateGrad node: backward adds the "
        "gradients arriving along both paths, and x.grad is their sum.",
        holds=lambda r: r.graph.uses_x == 2 and r.graph.agree, state=AUTOGRAD),
    "one_path": Claim(
        "x is used once here, so its gradient comes down a single path; pick “plus x” or “times x” "
        "under Finally to use it twice.",
        holds=lambda r: r.graph.uses_x == 1, state=dict(AUTOGRAD, then="nothing")),
    "kink": Claim(
        "Autograd and the finite difference disagree: the expression sits on relu's kink, where "
        "autograd uses relu'(0) = 0 and a central difference, straddling the kink, sees half a slope.",
        holds=lambda r: not r.graph.agree and any(n.name == "ReluBackward0" for n in r.graph.nodes),
        state=KINK),
    "same_curve": Claim(
        "Both networks start from PyTorch's weights (Keras's kernels are the transposed torch weights) "
        "and take the same full-batch steps, so their losses agree to float32 rounding at every epoch.",
        holds=lambda r: r.twin.gap < ex.AGREE, state=TWIN),
    "drift": Claim(
        "Here the curves part by more than rounding: a large step amplifies tiny differences between "
        "the two (the order of float32 roundings, where Adam adds its ε) until they show.",
        holds=lambda r: r.twin.gap > ex.AGREE, state=DRIFT),
    "reshuffle": Claim(
        "Each epoch comes in a new order: shuffle=True draws it from the generator, which moves on "
        "after every epoch, so the same seed repeats the whole run, epoch by epoch.",
        holds=_reshuffled_and_repeatable, state=LOADER),
    "in_order": Claim(
        "Without shuffling every epoch is the same: the items in order, batch after batch.",
        holds=lambda r: all(sum(e, ()) == tuple(range(r.batches.items)) for e in r.batches.epochs),
        state=dict(LOADER, shuffle="in order")),
}
