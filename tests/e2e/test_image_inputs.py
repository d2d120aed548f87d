"""Image inputs in a real browser: a digit drawn on the CNN page's pad reaches the network
through the checked decoder (the pad's raw value, not the component's own decode), and the
convolution page's upload shows a hostile file name literally and refuses a bomb in words."""

import io

import numpy as np
from PIL import Image

from .server import wait_idle

EXCEPTION = "[data-testid='stException']"


def test_cnn_filters_a_digit_drawn_on_the_pad_is_read(page, server):
    page.goto(f"{server.url}/cnn_filters")
    wait_idle(page)
    draw_until_read(page, "Your digit at 8×8")
    wait_idle(page)
    assert page.locator(EXCEPTION).count() == 0
    assert page.locator("[data-testid='stAlertContentWarning']").count() == 0


def draw_until_read(page, read: str) -> None:
    """Draw a 7 on the page's pad until the text ``read`` (the page's answer) appears.

    On a loaded machine the pad's script can still be starting when the page is idle, and a
    stroke drawn then is lost: draw again, at most three times."""
    from playwright.sync_api import TimeoutError as Timeout

    pad = page.locator("canvas.upper-canvas").first
    for _ in range(3):
        _draw_a_seven(page, pad)
        try:
            page.get_by_text(read).first.wait_for(timeout=20_000)
            return
        except Timeout:
            continue
    raise AssertionError("three strokes on the pad, and the page never read a digit")


def _draw_a_seven(page, pad) -> None:
    """A "7": a bar across the top, then a stroke down to the bottom left."""
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    points = [(0.25, 0.2), (0.75, 0.2), (0.45, 0.85)]
    page.mouse.move(box["x"] + box["width"] * points[0][0], box["y"] + box["height"] * points[0][1])
    page.mouse.down()
    for fx, fy in points[1:]:
        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy, steps=12)
    page.mouse.up()


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (height, width), dtype=np.uint8)).save(
        buffer, "PNG")
    return buffer.getvalue()


def _upload(page, name: str, data: bytes) -> None:
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        {"name": name, "mimeType": "image/png", "buffer": data})


def test_convolution_an_upload_name_is_shown_literally_and_a_bomb_is_refused_in_words(page, server):
    page.goto(f"{server.url}/convolution")
    wait_idle(page)
    name = "[log in here](https://example.com).png"
    _upload(page, name, _png(300, 200))
    info = page.locator("[data-testid='stAlertContentInfo']", has_text="Showing your upload")
    info.wait_for()
    assert info.locator("code", has_text=name).count() == 1  # literal text, not a link
    assert info.locator("a[href='https://example.com']").count() == 0
    # A 3 kB PNG declaring 25 million pixels, as a second file. The browser replaces a file
    # by removing the first and sending the second; when the removal reaches the server on
    # its own (a rerun with no file: back to the page's own image), there is no previous
    # upload left to keep. Either way the message must say what the page shows.
    buffer = io.BytesIO()
    Image.new("1", (5000, 5000)).save(buffer, "PNG")
    _upload(page, "bomb.png", buffer.getvalue())
    error = page.locator("[data-testid='stAlertContentError']", has_text="decompression bomb")
    error.wait_for()
    wait_idle(page)
    said = error.inner_text()
    assert "16 million pixels" in said
    still_shown = page.locator("[data-testid='stAlertContentInfo']", has_text="Showing your upload").count()
    assert ("The page keeps the previous image" in said) == (still_shown == 1)
    assert ("The page keeps its own image" in said) == (still_shown == 0)
    assert page.locator(EXCEPTION).count() == 0
    page.locator(".inplace-chart .main-svg").nth(1).wait_for()  # the page still draws (in time, under load)
