"""Small grey images for the convolution page: shipped with scikit-learn, drawn, or uploaded.

Every image is a float64 array in [0, 1], small enough that one pixel is a visible square
on the page (at most ``MAX_SIDE`` pixels a side) and that a 3×3 kernel slides over all of
it in well under a millisecond. The photographs are read straight from the JPEG files in
scikit-learn's wheel (what ``sklearn.datasets.load_sample_image`` opens), and the digits
from its ``digits.csv.gz`` (what ``load_digits`` reads), so the page does not pay the
seconds ``import sklearn.datasets`` costs; tests check both against scikit-learn.
"""

from __future__ import annotations

import gzip
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from datasets import safe_image
from datasets.readonly import readonly

MAX_SIDE = 96  # the longer side of every image, in pixels
MIN_SIDE = 32  # the shorter side: a dilated 3×3 kernel at stride 4 still fits a few times
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # as .streamlit/config.toml's server.maxUploadSize
# A small file can still unpack into a huge image (a 73 kB PNG can declare 25 million
# pixels); checked from the header before decoding (datasets/safe_image.py).
MAX_PIXELS = 16_000_000
DIGIT_GRID = 4  # the digits image is a 4 × 4 montage of 8 × 8 digits: 32 × 32 pixels


@dataclass(frozen=True)
class Picture:
    about: str


PICTURES: dict[str, Picture] = {
    "china": Picture("scikit-learn's photo of a Chinese temple (roof edges, trees)"),
    "flower": Picture("scikit-learn's photo of a flower (soft petals, sharp outline)"),
    "digits": Picture("sixteen 8×8 handwritten digits from load_digits, drawn by the seed"),
    "shapes": Picture("a square, a disc and a diagonal bar on black: clean edges in every direction"),
}


def _sklearn_datasets_dir() -> Path:
    # Only locates the installed package; importing it would cost seconds.
    return Path(importlib.util.find_spec("sklearn").submodule_search_locations[0]) / "datasets"


def grey(rgb: np.ndarray) -> np.ndarray:
    """Pillow's own RGB -> grey ("L", ITU-R 601-2 luma), as uint8."""
    from PIL import Image

    return np.asarray(Image.fromarray(np.asarray(rgb, np.uint8)).convert("L"))


def shrink(pixels: np.ndarray, max_side: int = MAX_SIDE) -> np.ndarray:
    """A uint8 grey image resized (box filter) so that its longer side is ``max_side``."""
    from PIL import Image

    h, w = pixels.shape
    scale = max_side / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return np.asarray(Image.fromarray(pixels).resize(size, Image.Resampling.BOX))


@lru_cache(maxsize=4)
def photo(name: str) -> np.ndarray:
    """One of scikit-learn's two sample photos, grey, 64 × 96, in [0, 1]."""
    from PIL import Image

    with Image.open(_sklearn_datasets_dir() / "images" / f"{name}.jpg") as img:
        rgb = np.asarray(img.convert("RGB"))
    return readonly(shrink(grey(rgb)) / 255.0)


@lru_cache(maxsize=1)
def _digit_table() -> tuple[np.ndarray, np.ndarray]:
    with gzip.open(_sklearn_datasets_dir() / "data" / "digits.csv.gz") as f:
        table = np.loadtxt(f, delimiter=",")
    return readonly(table[:, :-1].reshape(-1, 8, 8)), readonly(table[:, -1].astype(int))


def digit_picks(seed: int) -> np.ndarray:
    """Which of the 1,797 digits the montage shows: 16 distinct rows drawn by ``seed``."""
    return np.random.default_rng(seed).choice(1797, DIGIT_GRID**2, replace=False)


def montage(images: np.ndarray) -> np.ndarray:
    """(16, 8, 8) digits side by side in a 4 × 4 grid, scaled from 0-16 ink to [0, 1]."""
    rows = images.reshape(DIGIT_GRID, DIGIT_GRID, 8, 8).transpose(0, 2, 1, 3)
    return rows.reshape(DIGIT_GRID * 8, DIGIT_GRID * 8) / 16.0


@lru_cache(maxsize=16)
def digits(seed: int) -> np.ndarray:
    images, _ = _digit_table()
    return readonly(montage(images[digit_picks(seed)]))


def digit_labels(seed: int) -> np.ndarray:
    return _digit_table()[1][digit_picks(seed)]


# The drawing is written once as code: shapes() runs it, and the convolution page's code
# panel pastes the same text, so the snippet a learner copies draws exactly these pixels.
SHAPES_CODE = """\
y, x = np.mgrid[0:64, 0:96]
image = np.zeros((64, 96))
image[12:40, 8:36] = 1.0  # a square: vertical and horizontal edges
image[(x - 62) ** 2 + (y - 26) ** 2 <= 15**2] = 0.75  # a disc: edges in every direction
image[(np.abs((x - 48) - (y - 50) * 1.6) < 5) & (y >= 44) & (y < 60)] = 0.5  # a slanted bar
"""


@lru_cache(maxsize=1)
def shapes() -> np.ndarray:
    """A 64 × 96 drawing with edges at every angle (what Sobel x and y tell apart)."""
    namespace = {"np": np}
    exec(SHAPES_CODE, namespace)  # our own constant text, as above
    return readonly(namespace["image"])


def load(name: str, seed: int = 0) -> np.ndarray:
    """The named image (see ``PICTURES``) as a read-only float64 array in [0, 1]."""
    if name in ("china", "flower"):
        return photo(name)
    if name == "digits":
        return digits(seed)
    if name == "shapes":
        return shapes()
    raise ValueError(f"unknown image {name!r}; choose one of {', '.join(PICTURES)}")


# What the convolution page takes from a person. A photo from a phone (12-16 million pixels)
# fits; a PNG that large costs at most ~100 MB while it turns grey, once, and then 96 pixels a side.
UPLOAD = safe_image.Limits(max_bytes=MAX_UPLOAD_BYTES, max_pixels=MAX_PIXELS, side=MAX_SIDE,
                           max_aspect=MAX_SIDE / MIN_SIDE, min_side=8)
UploadError = safe_image.ImageRefused  # the name callers of decode_upload know


def decode_upload(data: bytes) -> np.ndarray:
    """An uploaded file as a grey float image in [0, 1], its longer side ``MAX_SIDE``.

    Checked from its header before any pixel is decoded, and reduced while decoding
    (``datasets.safe_image``); raises ``UploadError`` with a message for a person.
    """
    pixels = safe_image.decode(data, UPLOAD)
    if max(pixels.shape) != MAX_SIDE:  # a small image, drawn larger so one pixel is a visible square
        pixels = shrink(pixels)
    return readonly(pixels / 255.0)
