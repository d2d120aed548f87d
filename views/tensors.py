"""Tensors & autograd: shapes and dtypes, the graph behind backward(), one network in PyTorch
and in Keras 3, and a DataLoader's batches."""

import streamlit as st

from explorers import tensors as ex
from figures import tensors as fig
from lessons import said
from ui.page import aside, chart, code_panel, explore, header

OFF = dict(delta_color="off", delta_arrow="off", border=True)  # a delta that states a comparison


def tensors(p, r) -> None:
    t = r.tensors
    shape, dtype, size, strides = st.columns(4)
    shape.metric("Result shape", "error" if t.out_shape is None else str(t.out_shape), border=True,
                 help="PyTorch's answer, from running the operation on tensors of ones.")
    numpy = t.numpy_dtype or "no bfloat16"
    dtype.metric("dtype (PyTorch)", t.out_dtype, delta=f"NumPy: {numpy}", **OFF,
                 help="The dtype PyTorch promotes the pair to, against NumPy's for arrays of the same dtypes.")
    size.metric("Result bytes", f"{r.value:,.0f}", delta=f"a {t.bytes_a:,.0f}, b {t.bytes_b:,.0f}",
                **OFF,
                help="Elements × bytes per element of the result; below, the bytes of a and b.")
    strides.metric("a's strides", "—" if t.strides_a is None else str(t.strides_a), border=True,
                   help="The strides of a stretched to the result's shape: 0 on a stretched axis, "
                        "where every step reads the same element again, so nothing is copied.")
    chart(fig.broadcast_figure(r))
    # A refusal is PyTorch's answer here, not a fault of the page: told as information.
    aside(f"PyTorch refuses: `{t.error}`" if t.error else None, "info", icon=":material/block:")
    st.caption(said(ex, "promotion"))
    chart(fig.dtype_figure(r))


def autograd(p, r) -> None:
    g = r.graph
    value, dx, dy, gap = st.columns(4)
    value.metric("f(x, y)", f"{g.f:.6g}", border=True, help=f"f = {g.expression}, in float64.")
    dx.metric("∂f/∂x (autograd)", f"{g.grad_x:.6g}", delta=f"FD: {g.fd_x:.5g}", **OFF,
              help="x.grad after f.backward(), against the central finite difference (FD) "
                   "(f(x+h) − f(x−h)) / 2h with h = 1e-6.")
    dy.metric("∂f/∂y (autograd)", f"{g.grad_y:.6g}", delta=f"FD: {g.fd_y:.5g}", **OFF,
              help="y.grad after f.backward(), against the central difference.")
    gap.metric("Largest gap", f"{g.error:.1e}", border=True,
               help="The largest difference between autograd and the finite differences: about 1e-9 "
                    "wherever f is smooth here.")
    chart(fig.graph_figure(r))
    aside(None if g.agree else said(ex, "kink"), "warning", icon=":material/warning:")
    st.caption(said(ex, "paths") if g.uses_x > 1 else said(ex, "one_path"))
    chart(fig.gradients_figure(r))


def twin(p, r) -> None:
    w = r.twin
    torch_loss, keras_loss, gap, accuracy = st.columns(4)
    torch_loss.metric("PyTorch's last loss", f"{w.torch_loss[-1]:.6f}", border=True)
    keras_loss.metric("Keras's last loss", f"{w.keras_loss[-1]:.6f}", border=True)
    gap.metric("Largest gap", f"{w.gap:.1e}", border=True,
               help="The largest difference between the two curves at any epoch: float32 rounding.")
    accuracy.metric("Accuracy", f"{w.torch_accuracy:.1%}", delta=f"Keras {w.keras_accuracy:.1%}",
                    **OFF,
                    help="Training accuracy: the share of the 200 points each network classifies correctly "
                         "after training.")
    chart(fig.curves_figure(r))
    st.caption(said(ex, "same_curve") if w.gap < ex.AGREE else said(ex, "drift"))
    torch_code, keras_code = ex.listings(p)
    left, right = st.columns(2)
    left.markdown("**PyTorch**")
    left.code(torch_code, language="python")
    right.markdown("**Keras 3** (on PyTorch)")
    right.code(keras_code, language="python")
    chart(fig.gap_figure(r))


def loader(p, r) -> None:
    b = r.batches
    per_epoch, last, dropped, value = st.columns(4)
    per_epoch.metric("Batches/epoch", b.per_epoch, border=True, help="len(loader)")
    last.metric("Last batch", f"{len(b.epochs[0][-1])} items", border=True,
                help="Shorter than the batch size when it does not divide the items, unless dropped.")
    dropped.metric("Dropped/epoch", len(b.dropped[0]), border=True,
                   help="Items drop_last leaves out of each epoch (which ones changes when shuffled).")
    value.metric("First-batch sum", f"{b.value:.0f}", border=True,
                 help="The sum of the items in the last epoch's first batch, the number the code "
                      "computes last: the same seed gives the same batches.")
    chart(fig.batches_figure(r))
    reshuffled = b.shuffle and len(set(b.epochs)) > 1
    aside(said(ex, "reshuffle") if reshuffled else None if b.shuffle else said(ex, "in_order"), "caption")
    chart(fig.sizes_figure(r))


header(ex, "Tensors & autograd")
params, result = explore(ex)  # each view shows its own controls only (Params.HIDE_INACTIVE)

{"tensors": tensors, "autograd": autograd, "PyTorch and Keras": twin, "DataLoader": loader}[result.view](
    params, result)

code_panel(ex, params)
