"""The tensors explorer, checked against the libraries: shapes and dtypes against PyTorch's and
NumPy's own rules, the recorded graph against torch's graph and gradients against
torch.autograd.gradcheck, the two networks against each other, the loader's orders against
torch.randperm with the same generator; and the data its figures carry."""

import itertools

import numpy as np
import pytest
import torch

from explorers import _autograd, _loader, _tensor_ops
from explorers import tensors as ex
from figures import tensors as figs

P = ex.Params
TWIN = dict(view="PyTorch and Keras")


# ---- tensors ----

SHAPES = [("3, 1", "4"), ("5, 3", "5"), ("2, 1, 4", "3, 1"), ("()", "2, 2"), ("4, 1", "1, 4"), ("2, 3", "3, 2")]


@pytest.mark.parametrize("a, b", SHAPES)
def test_the_shape_is_broadcastings_and_the_error_comes_when_numpy_refuses_too(a, b):
    t = _tensor_ops.tensors(a, b, "float32", "float32", "add")
    shapes = tuple(_tensor_ops.parse_shape(s) for s in (a, b))
    try:
        expected = np.broadcast_shapes(*shapes)
    except ValueError:
        expected = None
    assert t.out_shape == expected == t.broadcast.out
    assert (t.error != "") == (expected is None)
    if expected is not None:
        assert t.bytes_out == np.prod(expected) * 4
        # A stretched axis is a stride of 0: expand copies nothing.
        for shape, strides in zip(shapes, (t.strides_a, t.strides_b)):
            padded = (1,) * (len(expected) - len(shape)) + shape
            for size, out, stride in zip(padded, expected, strides):
                assert (stride == 0) == (size == 1 and out > 1) or out == 1


@pytest.mark.parametrize("op", _tensor_ops.OPS)
def test_the_dtype_table_is_torchs_promotion_and_numpy_is_numpys(op):
    table = _tensor_ops.promotion(op)
    for (i, x), (j, y) in itertools.product(enumerate(_tensor_ops.DTYPES), repeat=2):
        a, b = torch.ones(2, dtype=getattr(torch, x)), torch.ones(2, dtype=getattr(torch, y))
        expected = torch.result_type(a, b)
        if op == "divide" and not expected.is_floating_point:  # true division gives the default float
            expected = torch.get_default_dtype()
        assert table[i][j] == str(expected).removeprefix("torch.")
    assert _tensor_ops.numpy_dtype(op, "int64", "float32") == "float64"
    if op != "divide":
        assert _tensor_ops.numpy_dtype(op, "int8", "uint8") == str(np.result_type(np.int8, np.uint8))
    assert _tensor_ops.numpy_dtype(op, "bfloat16", "int8") == ""


def test_pytorch_and_numpy_part_on_int64_plus_float32():
    r = ex.run(P(view="tensors"))
    assert (r.tensors.out_dtype, r.tensors.numpy_dtype) == ("float32", "float64")
    assert r.value == 3 * 4 * 4


# ---- autograd ----

SMOOTH = [(c, a, t) for c in _autograd.COMBINE for a in _autograd.APPLY for t in _autograd.THEN if a != "relu"]


@pytest.mark.parametrize("combine, apply, then", SMOOTH)
def test_every_smooth_expression_passes_gradcheck_and_its_gradients_are_autograds(combine, apply, then):
    x, y = 0.7, -1.3
    assert torch.autograd.gradcheck(
        lambda a, b: _autograd.evaluate(combine, apply, then, a, b),
        (torch.tensor(x, dtype=torch.float64, requires_grad=True),
         torch.tensor(y, dtype=torch.float64, requires_grad=True)))
    g = _autograd.graph(combine, apply, then, x, y)
    a = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(y, dtype=torch.float64, requires_grad=True)
    gx, gy = torch.autograd.grad(_autograd.evaluate(combine, apply, then, a, b), (a, b), allow_unused=True)
    assert g.grad_x == pytest.approx(float(gx)) and g.grad_y == pytest.approx(0.0 if gy is None else float(gy))
    assert g.agree


def test_the_graph_is_the_one_torch_recorded():
    g = _autograd.graph("x times y", "sin", "times x", 1.5, -0.5)
    x = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    y = torch.tensor(-0.5, dtype=torch.float64, requires_grad=True)
    f = torch.sin(x * y) * x
    # Walk torch's graph independently: every node once, by identity.
    seen, todo = [], [f.grad_fn]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.append(node)
        todo += [child for child, _ in node.next_functions if child is not None]
    names = sorted(n.name().removeprefix("torch::autograd::") for n in seen)
    assert sorted(n.name for n in g.nodes) == names
    assert g.nodes[0].name == f.grad_fn.name() and g.nodes[0].grad == 1.0
    assert {n.leaf for n in g.nodes if n.name == "AccumulateGrad"} == {"x", "y"}
    # x is used twice: two edges into its node, and what arrives there is x.grad, the sum of both paths.
    assert g.uses_x == 2
    leaf_x = next(n for n in g.nodes if n.leaf == "x")
    assert leaf_x.grad == pytest.approx(g.grad_x)
    assert g.grad_x == pytest.approx(np.cos(-0.75) * -0.5 * 1.5 + np.sin(-0.75))
    assert all(g.nodes[b].depth > g.nodes[a].depth for a, b in g.edges)


def test_at_relus_kink_autograd_and_the_finite_difference_part():
    g = _autograd.graph("x times y", "relu", "nothing", 0.0, -0.5)
    assert g.grad_x == 0 and g.fd_x == pytest.approx(-0.25) and not g.agree


# ---- PyTorch and Keras ----

@pytest.fixture(scope="module")
def twin():
    return ex.run(P(**TWIN))


def test_pytorch_and_keras_train_to_the_same_curve(twin):
    w = twin.twin
    assert len(w.torch_loss) == len(w.keras_loss) == P().epochs
    assert w.torch_loss[0] == pytest.approx(w.keras_loss[0], abs=1e-6)  # the same start
    assert w.gap < ex.AGREE
    assert w.torch_loss[-1] < 0.8 * w.torch_loss[0]  # and it learnt something
    assert abs(w.torch_accuracy - w.keras_accuracy) <= 0.01


def test_the_starting_loss_is_that_of_the_seeded_torch_network(twin):
    from sklearn.datasets import make_moons

    X, y = make_moons(200, noise=0.25, random_state=0)
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    with torch.no_grad():
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            net(torch.tensor(X, dtype=torch.float32)), torch.tensor(y, dtype=torch.float32)[:, None])
    assert twin.twin.torch_loss[0] == pytest.approx(float(loss), rel=1e-6)


def test_sgd_curves_agree_and_a_revisit_is_not_trained_again():
    p = P(**TWIN, optimizer="SGD", epochs=10)
    first = ex.run(p)
    assert first.twin.gap < 1e-6
    assert ex.run(p).twin is first.twin  # cached on the fields that define the training


def test_keras_is_not_left_where_streamlit_clears_it_after_every_run():
    # Streamlit calls keras.backend.clear_session() (a gc.collect()) after each script run
    # while "keras" is in sys.modules: hundreds of ms on every page's every move.
    import sys

    ex.run(P(**TWIN, hidden=3, epochs=10, seed=7))  # a training no other test asks for
    assert "keras" not in sys.modules
    assert "keras.src" in sys.modules  # it was imported and used all the same


def test_the_listings_are_what_the_code_runs():
    p = P(**TWIN)
    torch_code, keras_code = ex.listings(p)
    assert torch_code in ex.code(p) and keras_code in ex.code(p)
    assert "CALLBACKS" not in ex.code(p) and "import tensorflow" not in ex.code(p).lower()


# ---- DataLoader ----

@pytest.mark.parametrize("items, batch, seed", [(10, 4, 0), (7, 3, 5), (12, 12, 9)])
def test_each_shuffled_epoch_is_torchs_permutation_from_the_same_generator(items, batch, seed):
    b = _loader.batches(items, batch, True, False, 3, seed)
    generator = torch.Generator().manual_seed(seed)
    for epoch in b.epochs:
        # What the loader draws from the generator each epoch (torch 2.x): a base seed for its
        # workers as the iterator starts, then RandomSampler's permutation, then one more that
        # it slices to nothing (num_samples % n == 0).
        torch.empty((), dtype=torch.int64).random_(generator=generator)
        assert sum(epoch, ()) == tuple(torch.randperm(items, generator=generator).tolist())
        torch.randperm(items, generator=generator)
        short = [items % batch] if items % batch else []
        assert [len(x) for x in epoch] == [batch] * (items // batch) + short


def test_drop_last_leaves_out_the_remainder_and_in_order_is_arange():
    b = _loader.batches(10, 4, True, True, 4, 1)
    assert all(len(d) == 2 for d in b.dropped) and b.per_epoch == 2
    ordered = _loader.batches(10, 4, False, False, 2, 1)
    assert ordered.epochs[0] == ordered.epochs[1] == ((0, 1, 2, 3), (4, 5, 6, 7), (8, 9))
    assert _loader.batches(10, 4, True, False, 2, 1) == _loader.batches(10, 4, True, False, 2, 1)
    assert _loader.batches(10, 4, True, False, 2, 1) != _loader.batches(10, 4, True, False, 2, 2)


# ---- what the figures carry ----

def test_the_graph_figure_draws_each_node_and_each_edge():
    r = ex.run(P())
    layout = figs.graph_figure(r).to_plotly_json()["layout"]
    boxes = [a for a in layout["annotations"] if a.get("text")]
    arrows = [a for a in layout["annotations"] if not a.get("text")]
    assert len(boxes) == len(r.graph.nodes) and len(arrows) == len(r.graph.edges)
    assert any("x.grad" in a["text"] for a in boxes)


def test_the_batches_figure_holds_every_item_of_every_epoch():
    r = ex.run(P(view="DataLoader", drop_last="drop"))
    data = figs.batches_figure(r).to_plotly_json()["data"]
    kept, dropped = data[0], data[1]
    assert len(kept["text"]) == 3 * 8 and len(dropped["text"]) == 3 * 2
    first_epoch = [int(t) for t, y in zip(kept["text"], kept["y"]) if y == 0]
    assert tuple(first_epoch) == sum(r.batches.epochs[0], ())


def test_the_dtype_figure_outlines_the_chosen_pair():
    r = ex.run(P(view="tensors", dtype_a="uint8", dtype_b="int8"))
    fig = figs.dtype_figure(r).to_plotly_json()
    i, j = _tensor_ops.DTYPES.index("uint8"), _tensor_ops.DTYPES.index("int8")
    rect = fig["layout"]["shapes"][0]
    assert (rect["x0"] + 0.5, rect["y0"] + 0.5) == (j, i)
    assert r.tensors.out_dtype == "int16" and "int16" in fig["layout"]["title"]["text"]
