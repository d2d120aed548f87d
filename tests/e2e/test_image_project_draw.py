"""The image project's last step in a real browser: a digit drawn on its pad is read through
the checked decoder and answered by the model chosen, with no warning and no exception."""

from .server import wait_idle
from .test_image_inputs import EXCEPTION, draw_until_read


def test_image_project_a_drawn_digit_is_answered(page, server):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server.url}/image_project?step=draw")
    wait_idle(page)
    page.get_by_text("Test image 0").first.wait_for()  # the stand-in, before a drawing
    draw_until_read(page, "What it sees: 8×8")
    wait_idle(page)
    assert page.get_by_text("It says ").count() >= 1
    assert page.locator(EXCEPTION).count() == 0
    assert page.locator("[data-testid='stAlertContentWarning']").count() == 0
