"""Convolution: a kernel responds where the image looks like it (Sobel x on left-right
changes, Sobel y on up-down ones), a blur keeps the brightness, and padding and stride set
the map's size by the formula."""

import numpy as np

from explorers import convolution as ex
from figures import convolution as fig
from lessons import Challenge, Claim, Step, titled

ACROSS, UP_DOWN = "Where brightness changes from left to right", "Where it changes from top to bottom"


def follows(r) -> str:
    """Which changes of the image the map's strength follows: it is compared, pixel by
    pixel, with the size of the left-right and of the top-bottom differences."""
    response = np.abs(r.out)[1:-1, 1:-1]
    across = np.abs(r.image[1:-1, 2:] - r.image[1:-1, :-2])
    up_down = np.abs(r.image[2:, 1:-1] - r.image[:-2, 1:-1])
    with_across = np.corrcoef(response.ravel(), across.ravel())[0, 1]
    with_up_down = np.corrcoef(response.ravel(), up_down.ravel())[0, 1]
    return ACROSS if with_across > with_up_down else UP_DOWN


def size(r) -> str:
    return f"{r.out.shape[0]} × {r.out.shape[1]}"


CHALLENGES = (
    Challenge(
        question="Sobel x on the shapes image. Where is the feature map strongest?",
        options=(ACROSS, UP_DOWN),
        state=dict(image="shapes", kernel="Sobel x"),
        answer=follows, expected=ACROSS,
        why=lambda r: "Its weights are −1, −2, −1 on the left and +1, +2, +1 on the right: the sum is "
                      "the brightness on the right minus the left, large at the square's and the "
                      "bar's left and right edges and zero on flat areas.",
    ),
    Challenge(
        question="Padding 0 on the 64 × 96 photo, stride 1. How big is the feature map?",
        options=("64 × 96", "62 × 94", "32 × 48"),
        state=dict(padding=0),
        answer=size, expected="62 × 94",
        why=lambda r: f"{size(r)}: without padding the 3 × 3 kernel cannot be centred on the border "
                      "pixels, so each side loses one: ⌊(n − 3) / 1⌋ + 1 = n − 2.",
    ),
    Challenge(
        question="Back to padding 1, now with stride 2. How big is the map?",
        options=("64 × 96", "62 × 94", "32 × 48"),
        state=dict(stride=2),
        answer=size, expected="32 × 48",
        why=lambda r: f"{size(r)}: the kernel jumps two pixels at a time, so there are half as many "
                      "places to put it: ⌊(n + 2 − 3) / 2⌋ + 1.",
    ),
)

TOUR = (
    Step("Sobel x on the photo: bright where brightness changes from left to right, and nearly "
         "zero on flat areas.", {}, holds=lambda r: follows(r) == ACROSS),
    Step("Sobel y, the same kernel turned: now the changes from top to bottom light up.",
         dict(kernel="Sobel y"), holds=lambda r: follows(r) == UP_DOWN),
    Step("A box blur averages each 3 × 3 patch: the map is the image, softened, with the same "
         "mean brightness.",
         dict(kernel="box blur"), holds=lambda r: abs(r.mean_abs - float(r.image.mean())) < 0.02),
    Step("Padding 0: the map loses a pixel on every side, 62 × 94.",
         dict(padding=0), holds=lambda r: r.out.shape == (r.image.shape[0] - 2, r.image.shape[1] - 2)),
    Step("Stride 2: half the positions each way, then 2 × 2 max pooling halves it again.",
         dict(stride=2), holds=lambda r: r.out.shape == (32, 48) and r.pooled.shape == (16, 24)),
)

MAIN = titled(fig.feature_figure)


def _flipped_is_negated(r) -> bool:
    """The kernel turned half a turn, slid the same way, gives the map with its sign reversed."""
    flipped = ex.conv2d(r.image, r.kernel[::-1, ::-1], r.stride, r.padding, r.dilation)
    return bool(np.allclose(flipped, -r.out, atol=1e-12) and np.abs(r.out).max() > 0)


def _pools(r) -> bool:
    """Blocks side by side from the top left, each kept as its largest (or mean) value; the
    rows and columns that do not fill a block are dropped."""
    q = r.pool_size
    h, w = r.out.shape[0] // q, r.out.shape[1] // q
    blocks = r.out[:h * q, :w * q].reshape(h, q, w, q)
    expected = blocks.max(axis=(1, 3)) if r.pool == "max" else blocks.mean(axis=(1, 3))
    return bool(np.array_equal(r.pooled, expected))


def _silent_on_flat_areas(r) -> bool:
    """Where the 3 × 3 patch is one flat grey, the edge detector's output is exactly zero."""
    from numpy.lib.stride_tricks import sliding_window_view

    flat = np.ptp(sliding_window_view(r.padded, (3, 3)), axis=(2, 3)) == 0
    return bool(flat.any() and (~flat).any() and np.all(r.out[flat] == 0))


CLAIMS = {
    # Under the multiply-and-sum, for Sobel x at the defaults.
    "flip": Claim(
        "As in every CNN library, the kernel is used as written, not flipped: strictly this is "
        "cross-correlation. A flipped Sobel x would give the same map with its sign reversed.",
        holds=lambda r: (bool(np.array_equal(r.kernel_int, ex.KERNELS["Sobel x"][0]))
                         and _flipped_is_negated(r))),
    # Beside the pooled map, where the map leaves a row over (64 rows in blocks of 3).
    "pooling": Claim(
        "rows and columns left over at the bottom and right are dropped.",
        state=dict(pool_size=3), holds=lambda r: r.out.shape[0] % r.pool_size > 0 and _pools(r)),
    # The mean |output| metric's help: one sentence, checked for each kind of kernel it names.
    "response": Claim(
        "How strongly the kernel responds on average: small on flat areas for an edge detector, "
        "about the mean brightness for a blur.",
        state=dict(kernel="box blur"), holds=lambda r: abs(r.mean_abs - float(r.image.mean())) < 0.02),
    "response_edge": Claim(
        "How strongly the kernel responds on average: small on flat areas for an edge detector, "
        "about the mean brightness for a blur.",
        state=dict(image="shapes"), holds=_silent_on_flat_areas),
    # The misreading the page names: the flipped kernel, and max pooling keeping block maxima.
    "misreading": Claim(ex.MISREADING,
                        holds=lambda r: _flipped_is_negated(r) and r.pool == "max" and _pools(r)),
}
