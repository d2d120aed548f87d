"""Convolution & pooling: slide a 3×3 kernel over an image, one multiply-and-sum at a time."""

import streamlit as st

from datasets import images
from explorers import convolution as ex
from figures import convolution as fig
from lessons import said
from ui.image_input import image_upload
from ui.page import aside, chart, chart_row, code_panel, explore, header
from ui.safe import shown


def fold_old_weights_link() -> None:
    """Links from before the 3×3 box carried the nine weights as ``w11`` … ``w33``: they
    become ``?weights=`` (missing ones as the default kernel's), which the contract checks
    like any other value."""
    old = [f"w{i}{j}" for i in range(1, ex.K + 1) for j in range(1, ex.K + 1)]
    if not any(key in st.query_params for key in old):
        return
    if "weights" not in st.query_params:
        default = [str(w) for row in ex.KERNELS[ex.DEFAULT_KERNEL][0] for w in row]
        cells = [st.query_params.get(key, w) for key, w in zip(old, default)]
        st.query_params["weights"] = "_".join(" ".join(cells[r * ex.K:(r + 1) * ex.K])
                                              for r in range(ex.K))
    for key in old:
        st.query_params.pop(key, None)


def uploaded_image():
    """The last good upload (a ``datasets.safe_image.Upload``), or None. A bad file gets a
    clear message and the page keeps what it showed before (ui/image_input.py)."""
    return image_upload(
        "Or slide the kernel over your own image", key="upload", decode=images.decode_upload,
        help=f"{images.UPLOAD.accepted()}; shown in grey with its longer side {images.MAX_SIDE} "
             "pixels. It stays on the server for this session only.")


header(ex, "Convolution & pooling")
fold_old_weights_link()
# The kernel: a preset's weights or nine of the learner's; the image: a shipped one, or theirs.
params, upload, result = explore(ex, given=uploaded_image)
aside(f"Showing your upload {shown(upload.name)} in grey. An uploaded image cannot travel in a "
      "link: the address keeps every other setting and opens with the chosen image "
      f"(*{params.image}*). Remove the file to go back to it." if upload is not None else None,
      icon=":material/link:")

value, size, pooled, response = st.columns(4)
value.metric(f"out[{result.row}, {result.col}]", f"{result.value:.4g}", border=True,
             help="The chosen output pixel: the sum of the nine products written out below.")
size.metric("Feature map", f"{result.out.shape[0]} × {result.out.shape[1]}", border=True,
            help=f"From a {result.image.shape[0]} × {result.image.shape[1]} input, by the "
                 "output-size formula below.")
pooled.metric("After pooling", f"{result.pooled.shape[0]} × {result.pooled.shape[1]}", border=True,
              help=f"{result.pool.capitalize()} over {result.pool_size} × {result.pool_size} blocks.")
response.metric("Mean |output|", f"{result.mean_abs:.3g}", border=True,
                help=said(ex, "response"))

chart_row(fig.input_figure(result), fig.feature_figure(result))
st.caption("Green: the nine pixels the kernel multiplies for the chosen output pixel (dotted: the "
           f"{result.span} × {result.span} area its dilation spans), and that pixel in the map. "
           + ("Dashed blue: the image's edge; outside it, the zeros of the padding. " if result.padding else "")
           + "Black dots: the pooling block that holds it. Map colours stop at the 97th "
           "percentile of |output|, so a few extreme pixels do not wash out the rest (hover for values).")

aside(f"Output pixel ({result.requested_row}, {result.requested_col}) is outside this "
      f"{result.out.shape[0]} × {result.out.shape[1]} map, so out[{result.row}, {result.col}], "
      "the nearest inside it, is shown." if result.clamped else None, icon=":material/crop_free:")

chart(fig.sum_figure(result))
st.markdown(f"`{ex.written_sum(result)}`")
st.caption(said(ex, "flip"))

left, right = st.columns(2)
with left:
    chart(fig.pooled_figure(result))
with right:
    st.markdown("**Output size**, for input n, padding p, dilation d, kernel k = 3, stride s: "
                "⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1")
    st.markdown("\n".join(f"- {line}" for line in ex.size_formula(result)))
    st.caption(f"Pooling takes {result.pool_size} × {result.pool_size} blocks side by side; "
               + said(ex, "pooling"))

if upload is not None:
    st.caption("The code below loads the chosen shipped image: set `image` to your own grey "
               "array in [0, 1] to run it on yours.")
code_panel(ex, params, own=upload)
