"""Convolution and pooling, one multiply-and-sum at a time
=======================================================

A convolutional layer slides a small grid of weights, the *kernel*, over the image. At
each stop it multiplies the kernel's nine weights by the nine pixels under them and adds
the products: that one number is one pixel of the output, the *feature map*. The same
nine weights are used at every position, so a kernel is a pattern detector: the output is
large where the patch looks like the weights (a dark-to-bright step, for Sobel x) and near
zero where it does not.

Three settings only move where the patch sits. The *stride* is the step between stops;
the *padding* adds a frame of zeros so the kernel can sit over the border; the *dilation*
spreads the nine taps apart, seeing a wider area with the same nine weights. Together they
fix the output size, ⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1 along each side. *Pooling* then
shrinks the feature map, keeping the largest (max) or the mean (average) value of each
block. CNNs compute cross-correlation, not the flipped-kernel convolution of signal
processing: PyTorch's ``conv2d`` does not flip the kernel, and neither does this page.
(After Victor Powell's "Image kernels explained visually" and Wang et al.'s CNN Explainer.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from datasets import images
from datasets.readonly import readonly
from datasets.safe_image import Upload
from explorers._contract import choice, follow, grid, knob

NOTICE = (
    "Every output pixel is nine multiply-and-adds: the kernel's weights times the 3×3 patch "
    "under it, so the feature map is bright where the image looks like the kernel (an edge "
    "for Sobel, a spot for outline) and near zero on flat areas. Stride, padding and dilation "
    "only move where the patch sits, and the output-size formula below says exactly how big "
    "the map comes out; pooling then keeps each block's largest or mean response."
)
MISREADING = (
    "\"A CNN convolution flips the kernel, as in signal processing\": PyTorch's conv2d (and "
    "this page) slides the kernel as written, which is cross-correlation; a flipped Sobel x "
    "would give the negated map. And \"pooling just blurs\": max pooling keeps each block's "
    "strongest response but forgets where in the block it was."
)
HEADLINE = "value"

K = 3  # the kernel is 3 × 3, as in most CNN layers

# Integer weights and a divisor, as in image editors' convolution matrices: every preset is
# exact (1/9 and 1/16 are not on any slider's grid), and a custom kernel fits in a link.
KERNELS: dict[str, tuple[tuple[tuple[int, ...], ...], int]] = {
    "identity": (((0, 0, 0), (0, 1, 0), (0, 0, 0)), 1),
    "box blur": (((1, 1, 1), (1, 1, 1), (1, 1, 1)), 9),
    "Gaussian blur": (((1, 2, 1), (2, 4, 2), (1, 2, 1)), 16),
    "sharpen": (((0, -1, 0), (-1, 5, -1), (0, -1, 0)), 1),
    "outline": (((-1, -1, -1), (-1, 8, -1), (-1, -1, -1)), 1),
    "Sobel x": (((-1, 0, 1), (-2, 0, 2), (-1, 0, 1)), 1),
    "Sobel y": (((-1, -2, -1), (0, 0, 0), (1, 2, 1)), 1),
    "emboss": (((-2, -1, 0), (-1, 1, 1), (0, 1, 2)), 1),
}
CUSTOM = "custom"
DEFAULT_KERNEL = "Sobel x"
POOLS = ("max", "average")
MAX_STRIDE, MAX_PADDING, MAX_DILATION = 4, 3, 4
# The largest feature map: the longest image side, padded by 3 on each side, at stride 1.
MAX_OUT = images.MAX_SIDE + 2 * MAX_PADDING - (K - 1)


@dataclass(frozen=True)
class Params:
    image: str = choice("china", options=tuple(images.PICTURES), label="Image",
                        help="The picture the kernel slides over, in grey: "
                             + "; ".join(f"{k}: {v.about}" for k, v in images.PICTURES.items()))
    kernel: str = choice(DEFAULT_KERNEL, options=(*KERNELS, CUSTOM), label="Kernel",
                         help="A classic image kernel, or 'custom' to set the nine weights below.")
    # A preset's weights and divisor are shown (greyed out) below its name, so "custom"
    # starts from the preset chosen last.
    weights: tuple[tuple[int, ...], ...] = grid(
        KERNELS[DEFAULT_KERNEL][0], rows=(K, K), cols=(K, K), lo=-10, hi=10, label="Weights",
        follows=("kernel", {name: w for name, (w, _) in KERNELS.items()}),
        when=("kernel", (CUSTOM,)),
        help="The kernel's nine integer weights, three rows of three, each from -10 to 10 "
             "(divided by the divisor below). Choose 'custom' to edit them; they start from "
             "the preset chosen last. Ctrl+Enter applies.")
    divisor: int = knob(1, lo=1, hi=16, label="Divide by", when=("kernel", (CUSTOM,)),
                        follows=("kernel", {name: d for name, (_, d) in KERNELS.items()}),
                        help="Every weight is divided by this: 9 makes nine 1s an average.")
    stride: int = knob(1, lo=1, hi=MAX_STRIDE, label="Stride s",
                       help="How many pixels the kernel moves between outputs: stride 2 halves "
                            "the output's height and width.")
    padding: int = knob(1, lo=0, hi=MAX_PADDING, label="Padding p",
                        help="A frame of zeros this many pixels wide around the image. 1 keeps "
                             "a 3×3 kernel's output the size of its input (at stride 1).")
    dilation: int = knob(1, lo=1, hi=MAX_DILATION, label="Dilation d",
                         help="The gap between the kernel's taps: dilation 2 spreads the nine "
                              "weights over a 5×5 area (a wider view, no more weights).")
    row: int = knob(21, lo=0, hi=MAX_OUT - 1, label="Output row",
                    help="The output pixel whose multiply-and-sum is written out "
                         "(past the last row, the last row is shown).")
    col: int = knob(30, lo=0, hi=MAX_OUT - 1, label="Output column",
                    help="The output pixel's column (past the last column, the last is shown).")
    pool: str = choice("max", options=POOLS, label="Pooling",
                       help="Max keeps each block's largest value, average its mean.")
    pool_size: int = knob(2, lo=2, hi=4, label="Pool size",
                          help="Pooling blocks are pool size × pool size, side by side (the stride "
                               "equals the size, as in most CNNs); leftover rows are dropped.")
    seed: int = knob(0, lo=0, hi=999, label="Seed", when=("image", ("digits",)),
                     help="Which sixteen handwritten digits the digits image shows.")

    def __post_init__(self):
        follow(self)  # weights, divisor: the preset's, unless custom


@dataclass(frozen=True)
class Result:
    source: str  # the image's name, or "upload"
    image: np.ndarray  # (n_h, n_w) in [0, 1]
    padded: np.ndarray  # (n_h + 2p, n_w + 2p): the image in its frame of zeros
    kernel_int: np.ndarray  # (3, 3) int weights
    divisor: int
    kernel: np.ndarray  # (3, 3) float: kernel_int / divisor, as slid over the image
    stride: int
    padding: int
    dilation: int
    out: np.ndarray  # the feature map
    pool: str
    pool_size: int
    pooled: np.ndarray  # the pooled map
    requested_row: int
    requested_col: int
    row: int  # the output pixel shown (the requested one, clamped to the map)
    col: int
    taps_y: np.ndarray  # (3,) the rows its kernel taps, in image coordinates (<0: padding)
    taps_x: np.ndarray  # (3,) the columns
    patch: np.ndarray  # (3, 3) the input values under the kernel (0 in the padding)
    products: np.ndarray  # (3, 3) patch × kernel
    value: float  # out[row, col] = products.sum() (the headline)
    pool_row: int | None  # the pooled cell holding (row, col); None if pooling dropped it
    pool_col: int | None
    mean_abs: float  # mean |output|: how strongly the kernel responds overall

    @property
    def clamped(self) -> bool:
        return (self.row, self.col) != (self.requested_row, self.requested_col)

    @property
    def span(self) -> int:
        """The side of the area the dilated kernel covers: d(k − 1) + 1."""
        return self.dilation * (K - 1) + 1


def output_size(n: int, padding: int, dilation: int, stride: int, k: int = K) -> int:
    """⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1, the formula in PyTorch's Conv2d documentation."""
    return (n + 2 * padding - dilation * (k - 1) - 1) // stride + 1


def kernel_of(p: Params) -> tuple[np.ndarray, int]:
    """The integer weights and the divisor: the preset's (``follow`` put them in ``p``), or
    the custom ones."""
    return np.array(p.weights, dtype=np.int64), p.divisor


def conv2d(x: np.ndarray, w: np.ndarray, stride: int, padding: int, dilation: int) -> np.ndarray:
    """CNN "convolution" (cross-correlation, the kernel not flipped), as torch's F.conv2d."""
    k = w.shape[0]
    span = dilation * (k - 1) + 1
    windows = sliding_window_view(np.pad(x, padding), (span, span))
    return np.einsum("ijkl,kl->ij", windows[::stride, ::stride, ::dilation, ::dilation], w)


def pool2d(x: np.ndarray, size: int, kind: str) -> np.ndarray:
    """Blocks of size × size, stride = size, leftovers dropped: F.max_pool2d / F.avg_pool2d."""
    h, w = x.shape[0] // size, x.shape[1] // size
    blocks = x[: h * size, : w * size].reshape(h, size, w, size)
    return blocks.max(axis=(1, 3)) if kind == "max" else blocks.mean(axis=(1, 3))


def run(p: Params, upload: Upload | None = None) -> Result:
    """The page's result on the chosen shipped image, or on a person's ``upload``."""
    if upload is None:
        return analyse(p, images.load(p.image, p.seed), p.image)
    return analyse(p, upload.pixels)


def analyse(p: Params, image: np.ndarray, source: str = "upload") -> Result:
    """Everything the page shows, for any grey image (a shipped one, or an upload)."""
    out_h, out_w = (output_size(n, p.padding, p.dilation, p.stride) for n in image.shape)
    if out_h < 1 or out_w < 1:
        raise ValueError(f"a {image.shape[0]} × {image.shape[1]} image is too small for this "
                         "kernel: lower the dilation or raise the padding.")
    if out_h < p.pool_size or out_w < p.pool_size:
        raise ValueError(f"the {out_h} × {out_w} feature map is smaller than one "
                         f"{p.pool_size} × {p.pool_size} pooling block: lower the stride or pool size.")
    kernel_int, divisor = kernel_of(p)
    kernel = kernel_int / divisor
    out = conv2d(image, kernel, p.stride, p.padding, p.dilation)
    pooled = pool2d(out, p.pool_size, p.pool)
    row, col = min(p.row, out_h - 1), min(p.col, out_w - 1)
    taps_y = row * p.stride - p.padding + p.dilation * np.arange(K)
    taps_x = col * p.stride - p.padding + p.dilation * np.arange(K)
    padded = np.pad(image, p.padding)
    patch = padded[np.ix_(taps_y + p.padding, taps_x + p.padding)]
    products = patch * kernel
    pr, pc = row // p.pool_size, col // p.pool_size
    inside = pr < pooled.shape[0] and pc < pooled.shape[1]
    if image.flags.writeable:  # the caller's array stays theirs; ours is shared via the cache
        image = readonly(image.copy())
    readonly((padded, kernel_int, kernel, out, pooled, taps_y, taps_x, patch, products))
    return Result(
        source=source, image=image, padded=padded, kernel_int=kernel_int, divisor=divisor,
        kernel=kernel, stride=p.stride, padding=p.padding, dilation=p.dilation, out=out,
        pool=p.pool, pool_size=p.pool_size, pooled=pooled, requested_row=p.row,
        requested_col=p.col, row=row, col=col, taps_y=taps_y, taps_x=taps_x, patch=patch,
        products=products, value=float(out[row, col]),
        pool_row=pr if inside else None, pool_col=pc if inside else None,
        mean_abs=float(np.abs(out).mean()),
    )


def written_sum(r: Result) -> str:
    """The output pixel's multiply-and-sum with the current numbers, as plain text."""
    terms = " + ".join(f"{v:.2f}×{_signed(w)}" for v, w in zip(r.patch.ravel(), r.kernel_int.ravel()))
    total = f"({terms}) ÷ {r.divisor}" if r.divisor != 1 else terms
    return f"out[{r.row}, {r.col}] = {total} = {r.value:.4g}"


def size_formula(r: Result) -> list[str]:
    """The output-size formula for both sides with the current numbers, and the pooled size."""
    lines = []
    for side, n, m in (("height", r.image.shape[0], r.out.shape[0]),
                       ("width", r.image.shape[1], r.out.shape[1])):
        lines.append(f"{side}: ⌊({n} + 2·{r.padding} − {r.dilation}·({K} − 1) − 1) / {r.stride}⌋ + 1 "
                     f"= ⌊{n + 2 * r.padding - r.dilation * (K - 1) - 1} / {r.stride}⌋ + 1 = {m}"
                     f"  →  pooled ⌊{m} / {r.pool_size}⌋ = {m // r.pool_size}")
    return lines


def _signed(w: int) -> str:
    return f"({w})" if w < 0 else str(w)


IMAGE_CODE = {
    "photo": '''\
from PIL import Image
from sklearn.datasets import load_sample_image

# scikit-learn's "{name}" photo in grey (Pillow's "L"), shrunk to {h} rows × {w} columns, in [0, 1].
rgb = load_sample_image("{name}.jpg")
image = np.asarray(Image.fromarray(rgb).convert("L").resize(({w}, {h}), Image.Resampling.BOX)) / 255.0
''',
    "digits": '''\
from sklearn.datasets import load_digits

# Sixteen 8×8 handwritten digits (ink 0-16) in a 4 × 4 montage, 32 × 32 pixels in [0, 1].
picks = np.random.default_rng({seed}).choice(1797, 16, replace=False)
digits = load_digits().images[picks]
image = digits.reshape(4, 4, 8, 8).transpose(0, 2, 1, 3).reshape(32, 32) / 16.0
''',
    "shapes": "# A square, a disc and a slanted bar: edges at every angle.\n" + images.SHAPES_CODE,
}


def code(p: Params) -> str:
    kernel_int, divisor = kernel_of(p)
    if p.image in ("china", "flower"):
        h, w = images.load(p.image).shape
        load = IMAGE_CODE["photo"].format(name=p.image, w=w, h=h)
    else:
        load = IMAGE_CODE[p.image].format(seed=p.seed)
    out_h, out_w = (output_size(n, p.padding, p.dilation, p.stride) for n in images.load(p.image, p.seed).shape)
    row, col = min(p.row, out_h - 1), min(p.col, out_w - 1)
    rows = ",\n".join("    [" + ", ".join(f"{v:3d}" for v in r) + "]" for r in kernel_int)
    pool_fn = "max_pool2d" if p.pool == "max" else "avg_pool2d"
    return f'''\
import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)

{load}
# The "{p.kernel}" kernel: integer weights divided by {divisor}.
kernel = torch.tensor([
{rows},
], dtype=torch.float64) / {divisor}

# conv2d wants (batch, channels, height, width) and (out channels, in channels, k, k).
# It slides the kernel as written (cross-correlation): nothing is flipped.
x = torch.tensor(image, dtype=torch.float64)[None, None]
out = F.conv2d(x, kernel[None, None], stride={p.stride}, padding={p.padding}, dilation={p.dilation})[0, 0]
pooled = F.{pool_fn}(out[None], kernel_size={p.pool_size})[0]

value = out[{row}, {col}].item()  # the output pixel written out on the page
print(f"image        {{image.shape[0]}} x {{image.shape[1]}}")
print(f"feature map  {{out.shape[0]}} x {{out.shape[1]}}")
print(f"pooled       {{pooled.shape[0]}} x {{pooled.shape[1]}}")
print(f"out[{row}, {col}]   {{value:.6g}}")
'''
