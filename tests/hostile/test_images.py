"""Hostile images: uploads and the drawing pad's data URL, as a scripted client could send them.

Each case asserts the plain message a person gets, that nothing is raised past the page, and
that memory stays bounded: ``decoded`` records the pixels of every image Pillow is asked to
decode (its ``load()``, after any reduced JPEG decode is set up), so "refused from the
header" means no pixel was decoded at all, and ``tracemalloc`` bounds the numpy side.
"""

import base64
import io
import json
import struct
import threading
import time
import tracemalloc
import zlib

import numpy as np
import pytest
from PIL import Image, ImageFile

from datasets import images, safe_image
from explorers import cnn_filters as ex
from tests.pages.apptest import charts, open_page

MB = 2**20


@pytest.fixture
def decoded(monkeypatch):
    """Pixels of every image Pillow decodes while the test runs."""
    sizes = []
    real = ImageFile.ImageFile.load

    def load(self):
        sizes.append(self.size[0] * self.size[1])
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return sizes


def _peak(action) -> int:
    """Peak bytes numpy and Python allocate while ``action`` runs."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _refusal(decode, data) -> str:
    with pytest.raises(safe_image.ImageRefused) as refused:
        decode(data)
    return str(refused.value)


def png_declaring(width: int, height: int) -> bytes:
    """A valid 1-bit black PNG of any size, built row by row: a few kB declaring millions
    of pixels, without ever holding them (Pillow would allocate them all to save one)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = bytes(1 + (width + 7) // 8)  # filter byte 0, then the row's bits
    z = zlib.compressobj(9)
    stream = b"".join(z.compress(row) for _ in range(height)) + z.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", stream) + chunk(b"IEND", b"")


def saved(pixels: np.ndarray, fmt: str, mode: str | None = None, **options) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode).save(buffer, fmt, **options)
    return buffer.getvalue()


def flat(shape, level=100) -> np.ndarray:
    return np.full(shape, level, np.uint8)


# ---- uploads: images.decode_upload, what the convolution page calls ----

@pytest.mark.parametrize("width, height, message", [
    (5000, 5000, "decompression bomb"),  # 3 kB declaring 25 million pixels (the finding's case)
    (25000, 1000, "decompression bomb"),  # the finding's long strip: 25 million pixels as well
    (6000, 4000, "decompression bomb"),  # 24 million: half again the limit
    (12000, 1000, "too thin"),  # within the pixel limit, but 12 times as long as wide
    (20000, 10000, "decompression bomb"),  # past Pillow's own guard: refused while opening
])
def test_oversized_dimensions_are_refused_from_the_header_before_any_pixel(width, height, message, decoded):
    data = png_declaring(width, height)
    assert len(data) < 300_000
    said = []
    peak = _peak(lambda: said.append(_refusal(images.decode_upload, data)))
    assert message in said[0], said[0]
    assert decoded == []  # not one pixel decoded
    assert peak < 2 * MB


def test_a_png_declaring_more_than_pillow_warns_about_is_named_a_bomb(decoded):
    # 100 million pixels: Pillow warns (an error under this suite's filters); ours names it either way.
    message = _refusal(images.decode_upload, png_declaring(10000, 10000))
    assert "decompression bomb" in message and "16 million pixels" in message
    assert decoded == []


def test_a_photo_sized_jpeg_is_decoded_at_an_eighth_of_its_side(decoded):
    y, x = np.mgrid[0:3000, 0:4000]
    data = saved(((x + y) % 256).astype(np.uint8), "JPEG", quality=50)
    assert len(data) < images.MAX_UPLOAD_BYTES
    out = []
    peak = _peak(lambda: out.append(images.decode_upload(data)))
    assert out[0].shape == (72, 96)
    assert max(decoded) <= (4000 // 8) * (3000 // 8)  # libjpeg's 1/8 scale, not 12 million pixels
    assert peak < 2 * MB


def test_a_large_png_within_the_limit_is_decoded_once_and_never_copied_to_numpy_at_full_size(decoded):
    rgba = np.zeros((2000, 3000, 4), np.uint8)
    rgba[..., 0], rgba[..., 3] = 200, 255
    data = saved(rgba, "PNG")
    out = []
    peak = _peak(lambda: out.append(images.decode_upload(data)))
    assert out[0].shape == (64, 96)
    assert max(decoded) <= images.MAX_PIXELS
    assert peak < 2 * MB  # the full-size pixels stay inside Pillow; numpy sees only 96 × 64


@pytest.mark.parametrize("data", [
    b"this is plain text, not an image",
    b"\x89PNG\r\n\x1a\n" + bytes(100),  # a PNG signature, then nothing
    b"GIF89a" + bytes(50),
    b"<svg xmlns='http://www.w3.org/2000/svg' width='9000' height='9000'></svg>",
    b"PK\x03\x04" + bytes(60),  # a zip archive
    b"",
], ids=["text", "png-signature-only", "gif-signature-only", "svg", "zip", "empty"])
def test_a_file_with_an_image_name_that_is_no_image_gets_a_plain_message(data, decoded):
    message = _refusal(images.decode_upload, data)
    assert "could not be read as a PNG, JPEG, GIF, BMP or WebP image" in message
    assert decoded == []


def test_a_png_whose_text_chunks_unpack_to_megabytes_is_refused_with_its_header_bounded(decoded):
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    text = zlib.compress(b"a" * 1_000_000, 9)  # 1 MB of text in 1 kB, 64 times: 65 kB in all
    texts = b"".join(chunk(b"zTXt", b"note%d\0\0" % i + text) for i in range(64))
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 100, 100, 8, 0, 0, 0, 0))
    data = (b"\x89PNG\r\n\x1a\n" + header + texts
            + chunk(b"IDAT", zlib.compress(bytes(101) * 100)) + chunk(b"IEND", b""))
    said = []
    peak = _peak(lambda: said.append(_refusal(images.decode_upload, data)))
    assert "could not be read" in said[0] and decoded == []
    assert peak < 8 * MB  # Pillow's own bound is 64 MB of text


def test_a_png_cut_short_is_called_damaged():
    data = saved(np.random.default_rng(0).integers(0, 256, (300, 400), dtype=np.uint8), "PNG")
    message = _refusal(images.decode_upload, data[: len(data) // 2])
    assert "damaged or cut short" in message and "PNG" in message


def test_a_file_over_the_byte_limit_is_refused_unread(decoded):
    message = _refusal(images.decode_upload, b"\x89PNG\r\n\x1a\n" + bytes(images.MAX_UPLOAD_BYTES))
    assert "files up to 5 MB are accepted" in message
    assert decoded == []


@pytest.mark.parametrize("fmt, options", [
    ("PNG", {}), ("JPEG", {"quality": 95}), ("GIF", {}), ("BMP", {}), ("WEBP", {"lossless": True}),
])
def test_each_allowed_format_decodes_to_grey_whatever_its_name(fmt, options):
    data = saved(flat((60, 120, 3), 100), fmt, **options)
    out = images.decode_upload(data)
    assert out.shape == (48, 96) and not out.flags.writeable
    np.testing.assert_allclose(out, 100 / 255, atol=2 / 255)


@pytest.mark.parametrize("fmt", ["TIFF", "ICO", "EPS", "PPM", "PCX", "TGA"])
def test_an_image_format_outside_the_allow_list_is_refused_by_its_content(fmt, decoded):
    data = saved(flat((64, 64, 3)), fmt)
    message = _refusal(images.decode_upload, data)  # as if it were called photo.png
    assert "PNG, JPEG, GIF, BMP or WebP" in message and "not the file's name" in message
    assert decoded == []


def test_transparency_is_laid_over_white():
    rgba = np.zeros((64, 96, 4), np.uint8)
    rgba[:, :48, 3] = 255  # left half opaque black, right half transparent black
    out = safe_image.decode(saved(rgba, "PNG"), images.UPLOAD)
    assert out[:, :40].max() == 0 and out[:, 56:].min() == 255
    palette = np.zeros((64, 96), np.uint8)
    palette[:, 48:] = 1
    p = Image.fromarray(palette, "P")
    p.putpalette([0, 0, 0, 0, 0, 0])
    buffer = io.BytesIO()
    p.save(buffer, "PNG", transparency=bytes([255, 0]))  # index 1 fully transparent
    out = safe_image.decode(buffer.getvalue(), images.UPLOAD)
    assert out[:, :40].max() == 0 and out[:, 56:].min() == 255


def test_no_more_than_two_images_decode_at_once(monkeypatch):
    """A classroom uploading together queues instead of multiplying the full-size peak."""
    inside, most = [0], [0]
    lock = threading.Lock()
    real = ImageFile.ImageFile.load

    def slow_load(self):
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.2)  # long enough for the other threads to arrive, even on a busy machine
        with lock:
            inside[0] -= 1
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", slow_load)
    data = saved(flat((64, 96)), "PNG")
    threads = [threading.Thread(target=images.decode_upload, args=(data,)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == safe_image.PARALLEL


# ---- the drawing pad: explorers.cnn_filters.drawn_digit, what the CNN page calls ----

def data_url(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


def a_drawing(mode: str) -> bytes:
    """A thick stroke on the pad, saved as an RGBA, a greyscale or a palette PNG."""
    grey = flat((ex.CANVAS, ex.CANVAS), 255)
    grey[40:150, 90:106] = 0  # a "1"
    if mode == "RGBA":
        return saved(np.dstack([grey, grey, grey, flat(grey.shape, 255)]), "PNG")
    if mode == "P":
        buffer = io.BytesIO()
        Image.fromarray(grey, "L").convert("P").save(buffer, "PNG")
        return buffer.getvalue()
    return saved(grey, "PNG", "L")


@pytest.mark.parametrize("mode", ["RGBA", "L", "P"])
def test_a_drawing_reads_the_same_as_rgba_greyscale_or_palette(mode):
    digit = ex.drawn_digit(data_url(a_drawing(mode)))
    assert digit.shape == (8, 8) and digit.sum() > 0
    np.testing.assert_array_equal(digit, ex.drawn_digit(data_url(a_drawing("RGBA"))))


@pytest.mark.parametrize("value, message", [
    ("data:image/png,iVBORw0KGgo=", "not a PNG data URL"),  # no ;base64,
    ("iVBORw0KGgoAAAANSUhEUg==", "not a PNG data URL"),  # bare base64
    ("data:text/html;base64,PGgxPmhpPC9oMT4=", "not a PNG data URL"),
    ("data:image/png;base64,@@not base64@@", "base64 text is damaged"),
    ("data:image/png;base64,iVBORw0KGgo", "base64 text is damaged"),  # cut mid-quantum
    (data_url(b"plain text, not a PNG"), "could not be read as a PNG"),
    (data_url(saved(flat((64, 64, 3)), "TIFF")), "could not be read as a PNG"),
    ("javascript:alert(1)", "not a PNG data URL"),
    (12345, "not as text"),
    (["data:image/png;base64,"], "not as text"),
], ids=["no-base64", "bare", "html", "bad-alphabet", "cut", "text", "tiff", "script", "number", "list"])
def test_a_malformed_pad_value_gets_a_plain_message(value, message, decoded):
    said = _refusal(ex.drawn_digit, value)
    assert message in said, said
    assert decoded == []


def test_a_huge_png_from_the_pad_is_refused_unread(decoded):
    url = data_url(png_declaring(4000, 4000))  # the finding: a 4000 × 4000 PNG in a small message
    assert len(url) < 100_000
    said = []
    peak = _peak(lambda: said.append(_refusal(ex.drawn_digit, url)))
    assert "decompression bomb" in said[0]
    assert decoded == [] and peak < 1 * MB


def test_a_pad_image_a_little_larger_than_the_pad_is_refused_unread(decoded):
    # Not a bomb by its ratio (noise packs about a pixel a byte), and short enough as text:
    # a plain 600 × 600 image, still no drawing of a 192-pixel pad.
    noise = np.random.default_rng(0).integers(0, 256, (600, 600), dtype=np.uint8)
    said = _refusal(ex.drawn_digit, data_url(saved(noise, "PNG")))
    assert "600 × 600 pixels" in said and "too many" in said
    assert decoded == []


def test_an_overlong_pad_value_is_refused_before_its_base64_is_decoded():
    url = "data:image/png;base64," + "A" * 4 * MB
    said = []
    peak = _peak(lambda: said.append(_refusal(ex.drawn_digit, url)))
    assert "characters long" in said[0]
    assert peak < MB // 4  # decoding it would take 3 MB


# ---- the pages, through AppTest: a message on the page, never a stack trace ----

CNN = "views/cnn_filters.py"


def _pad(at, drawing) -> None:
    # What the browser's pad sends: its component state, set as a client would.
    at.session_state["canvas"] = {"drawing": drawing}
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def _drawn(at) -> list | None:
    """The 8×8 digit the page drew from the pad, or None."""
    for figure in charts(at).values():
        if "Your digit at 8×8" in json.dumps(figure, ensure_ascii=False):
            return figure["data"][0]["z"]
    return None


def test_the_cnn_page_keeps_the_last_good_drawing_through_hostile_pad_values():
    at = open_page(CNN)
    assert _drawn(at) is None
    _pad(at, {"raw": {"objects": []}, "data": data_url(a_drawing("RGBA"))})
    good = _drawn(at)
    assert good is not None and not at.warning
    hostile = [
        {"raw": {"objects": []}, "data": "data:image/png,abc"},
        {"raw": {"objects": []}, "data": data_url(png_declaring(4000, 4000))},
        {"raw": {"objects": []}, "data": data_url(b"not an image")},
        "a drawing that is a string",  # the component itself fails on this shape
        {"raw": {"objects": []}, "data": 7},
    ]
    for drawing in hostile:
        _pad(at, drawing)
        assert len(at.warning) == 1, drawing
        assert "keeps your last drawing" in at.warning[0].value
        assert _drawn(at) == good


def test_a_hostile_first_pad_value_leaves_the_page_without_a_drawing():
    at = open_page(CNN)
    _pad(at, {"raw": {"objects": []}, "data": data_url(png_declaring(5000, 5000))})
    assert "decompression bomb" in at.warning[0].value
    assert _drawn(at) is None
    assert any("appears here once you draw" in c.value for c in at.caption)
