"""The image project's last step in a real browser: a digit drawn on its pad is read through
the checked decoder and answered by the model chosen, with no warning and no exception."""

from .server import wait_idle
from .test_image_inputs import EXCEPTION, _draw_a_seven


def test_image_project_a_drawn_digit_is_answered(page, server):
    from playwright.sync_api import TimeoutError as Timeout

    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server.url}/image_project?step=draw")
    wait_idle(page)
    page.get_by_text("Test image 0").first.wait_for()  # the stand-in, before a drawing
    pad = page.locator("canvas.upper-canvas").first
    for _ in range(3):  # a stroke drawn while the pad's script starts is lost: draw again
        _draw_a_seven(page, pad)
        try:
            page.get_by_text("What it sees: 8×8").first.wait_for(timeout=20_000)
            break
        except Timeout:
            continue
    else:
        raise AssertionError("three strokes on the pad, and the page never read a digit")
    wait_idle(page)
    assert page.get_by_text("It says ").count() >= 1
    assert page.locator(EXCEPTION).count() == 0
    assert page.locator("[data-testid='stAlertContentWarning']").count() == 0
