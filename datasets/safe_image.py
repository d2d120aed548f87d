"""Untrusted image bytes (an upload, a drawing pad's data URL) -> a small grey uint8 array.

The one place the app turns bytes it did not make into pixels. A file's header says what
it is and how large it will be before a single pixel is decoded (Pillow's ``Image.open``
reads only the header), so everything that costs memory is checked first:

1. the byte count;
2. the format, judged by the content against an allow-list (PNG, JPEG, GIF, BMP, WebP),
   whatever the file is called: a TIFF, an EPS or an ICO renamed ``.png`` is refused;
3. the pixel count, the aspect ratio and the shorter side, from the header;
4. only then the pixels, reduced while they are decoded: a JPEG through libjpeg's DCT
   scaling (``Image.draft``: 1/2 to 1/8 a side, so at most 1/64 of the pixels ever exist),
   other formats decoded once and reduced by whole blocks (``reducing_gap``) to grey.

A PNG, GIF, BMP or WebP has no reduced decode in Pillow, so its peak memory is bounded by
the pixel limit (at most about 6 bytes a pixel while it turns grey), not by the output;
at most ``PARALLEL`` images decode at once in the whole process, so a classroom uploading
together queues for a moment instead of multiplying that peak.

Every refusal is an ``ImageRefused`` whose message, in plain words, says what is wrong and
what is accepted. Nothing is unpickled or executed: Pillow only decodes pixels, and its own
decompression-bomb guard stays on beneath ours.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
import threading
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from datasets.readonly import readonly

# Pillow's format names (what ``Image.open(formats=...)`` takes), and how to say them.
FORMATS = ("PNG", "JPEG", "GIF", "BMP", "WEBP")
ACCEPTED = "PNG, JPEG, GIF, BMP or WebP"
EXTENSIONS = ("png", "jpg", "jpeg", "gif", "bmp", "webp")  # for a file picker's filter only
PARALLEL = 2  # full-size decodes at once in the process: one a core on Community Cloud
# Declared pixels per byte of file above which an over-limit image is called what it is:
# a photo or a screenshot packs a few pixels into each byte, a bomb hundreds or thousands.
BOMB_PIXELS_PER_BYTE = 100
TEXT_MEMORY = 4 * 1024 * 1024  # bytes of PNG text chunks unpacked with a header

_decoding = threading.BoundedSemaphore(PARALLEL)
_DATA_URL = re.compile(r"data:image/png;base64,")


@dataclass(frozen=True, eq=False)
class Upload:
    """An image a person gave the app, decoded: what a page computes on in place of its own.

    Hashed and compared by its pixels, so it can key the result store: the same image
    under another name is the same computation. The pixels are read-only.
    """

    name: str  # as the person's browser sent it: show it through ui.safe.shown only
    pixels: np.ndarray

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(repr((self.pixels.shape, self.pixels.dtype.str)).encode()
                              + np.ascontiguousarray(self.pixels).tobytes()).hexdigest()

    def __eq__(self, other):
        return isinstance(other, Upload) and other.digest == self.digest

    def __hash__(self):
        return hash(self.digest)


class ImageRefused(ValueError):
    """An image the app will not decode, with a message for the person who sent it."""


@dataclass(frozen=True)
class Limits:
    """What one input accepts, and the size of what it gets back."""

    max_bytes: int
    max_pixels: int
    side: int  # the result's longer side: larger images are reduced to it, smaller kept as they are
    max_aspect: float = 3.0  # longer side / shorter side
    min_side: int = 8

    def accepted(self) -> str:
        """The limits in words, for help texts and for every refusal."""
        return (f"{ACCEPTED} images up to {_size(self.max_bytes)} and {_million(self.max_pixels)} "
                f"pixels, at most {self.max_aspect:g} times as long as they are wide")


def decode(data: bytes, limits: Limits) -> np.ndarray:
    """``data`` as a read-only grey uint8 array, its longer side at most ``limits.side``.

    Transparent pixels are laid over white (a drawing's strokes on a transparent ground
    read as strokes on paper). Raises ``ImageRefused`` before decoding anything it refuses.
    """
    from PIL import Image, PngImagePlugin

    if len(data) > limits.max_bytes:
        raise ImageRefused(f"the file is {_size(len(data))}; files up to {_size(limits.max_bytes)} "
                           "are accepted.")
    # A PNG's text chunks are unpacked while its header is read, and Pillow allows 64 MB of
    # them an image: a 65 kB file can ask for all of it. No page reads them; 4 MB leaves
    # room for a photo's metadata. (Pillow's setting is process-wide; nothing else opens PNGs.)
    PngImagePlugin.MAX_TEXT_MEMORY = min(PngImagePlugin.MAX_TEXT_MEMORY, TEXT_MEMORY)
    try:
        img = Image.open(io.BytesIO(data), formats=FORMATS)  # the header only
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own guard fired while reading the header: it warns above about 90 million
        # pixels (an error where warnings are errors, as in the tests) and refuses twice that.
        raise ImageRefused(f"it is a decompression bomb: a {_size(len(data))} file that declares more "
                           f"than {_million(Image.MAX_IMAGE_PIXELS or 0)} pixels. "
                           f"Accepted: {limits.accepted()}.") from None
    except Exception:  # Pillow raises many types for a header it cannot read; all mean the same
        raise ImageRefused(f"its content could not be read as a {ACCEPTED} image (the content is "
                           "checked, not the file's name).") from None
    with img:
        _check_header(img.size, len(data), limits)
        size = _reduced_size(img.size, limits.side)
        with _decoding:
            return readonly(_grey(img, size))


def decode_data_url(url: object, limits: Limits) -> np.ndarray:
    """A drawing pad's ``data:image/png;base64,...`` value, checked as text before its
    base64 is decoded, then decoded as ``decode`` does."""
    # Base64 carries 3 bytes in 4 characters; the prefix and padding are a few more.
    max_chars = 4 * (limits.max_bytes // 3 + 1) + 64
    if not isinstance(url, str):
        raise ImageRefused(f"the drawing arrived as {type(url).__name__}, not as text.")
    if len(url) > max_chars:
        raise ImageRefused(f"the drawing is {len(url):,} characters long; a drawing of this "
                           f"pad is at most {max_chars:,}.")
    prefix = _DATA_URL.match(url)
    if prefix is None:
        raise ImageRefused("the drawing is not a PNG data URL (it should start "
                           "'data:image/png;base64,').")
    try:
        data = base64.b64decode(url[prefix.end():], validate=True)
    except (binascii.Error, ValueError):
        raise ImageRefused("the drawing's base64 text is damaged.") from None
    return decode(data, limits)


def _check_header(size: tuple[int, int], n_bytes: int, limits: Limits) -> None:
    w, h = size
    pixels = w * h
    if pixels > limits.max_pixels:
        said = f"{w} × {h} pixels ({_million(pixels)})"
        if pixels > BOMB_PIXELS_PER_BYTE * n_bytes:
            raise ImageRefused(f"it is a decompression bomb: a {_size(n_bytes)} file that would unpack "
                               f"into {said}. Accepted: {limits.accepted()}.")
        raise ImageRefused(f"the image is {said}: too many. Accepted: {limits.accepted()}; shrink it first.")
    if min(w, h) < limits.min_side:
        raise ImageRefused(f"the image is {w} × {h} pixels: too small or too thin. Its shorter side "
                           f"must be at least {limits.min_side} pixels.")
    if max(w, h) > limits.max_aspect * min(w, h):
        raise ImageRefused(f"the image is {w} × {h} pixels: too thin, {max(w, h) / min(w, h):.0f} times "
                           f"as long as it is wide. Accepted: at most {limits.max_aspect:g} times.")


def _reduced_size(size: tuple[int, int], side: int) -> tuple[int, int]:
    w, h = size
    scale = min(1.0, side / max(w, h))
    return max(1, round(w * scale)), max(1, round(h * scale))


def _grey(img, size: tuple[int, int]) -> np.ndarray:
    from PIL import Image

    if img.format == "JPEG":
        # libjpeg decodes straight to grey at 1/2, 1/4 or 1/8 scale, still at least `size`.
        img.draft("L", size)
    try:
        img.load()  # the first frame of an animation only
        mode = "LA" if _see_through(img) else "L"
        grey = img.convert(mode)
        # Whole blocks averaged while at least twice the target remains, then an exact box filter.
        grey = grey.resize(size, Image.Resampling.BOX, reducing_gap=2.0)
    except Exception:  # Pillow raises many types for a damaged stream; all mean the same here
        raise ImageRefused(f"the image is damaged or cut short: its pixels could not be read. "
                           f"Try saving it again as {ACCEPTED}.") from None
    if mode == "L":
        return np.asarray(grey)
    level, alpha = np.moveaxis(np.asarray(grey, np.uint16), -1, 0)
    return ((level * alpha + 255 * (255 - alpha) + 127) // 255).astype(np.uint8)  # over white


def _see_through(img) -> bool:
    """Whether any pixel is transparent at all. Most screenshots carry an alpha band that is
    opaque everywhere: those turn grey directly, without the alpha's copies and work."""
    if not img.has_transparency_data:
        return False
    if "A" in img.getbands():
        return img.getchannel("A").getextrema()[0] < 255
    return True  # a transparent colour or palette entry


def _size(n_bytes: int) -> str:
    if n_bytes >= 1024 * 1024:
        return f"{n_bytes / 2**20:.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(n_bytes / 1024))} kB"


def _million(pixels: int) -> str:
    if pixels < 1_000_000:
        return f"{pixels:,}"
    return f"{pixels / 1e6:.1f} million".replace(".0 million", " million")
