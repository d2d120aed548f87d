"""The metrics page in a real browser: a click on a cell of the confusion matrix (Streamlit's
own Plotly chart, whose heat map cells select nothing, so each holds an invisible marker)
picks that cell, and the digits in it are drawn below the box that names it."""

from explorers import metrics as ex

from .server import drawn, wait_idle, wait_redrawn

MATRIX = "[data-testid='stPlotlyChart']"
EXAMPLES = ".st-key-metrics_examples .inplace-chart .gtitle"


def _click_cell(page, row: int, column: int, k: int = 2) -> None:
    area = page.locator(f"{MATRIX} .nsewdrag").first
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    before = drawn(page)
    page.mouse.click(box["x"] + box["width"] * (column + 0.5) / k, box["y"] + box["height"] * (row + 0.5) / k)
    wait_redrawn(page, before)


def test_a_click_on_a_cell_shows_the_digits_in_it(page, server):
    t = ex.run(ex.Params()).threshold
    page.goto(f"{server.url}/metrics")
    wait_idle(page)
    page.locator(f"{MATRIX} .main-svg").first.wait_for()
    page.locator(EXAMPLES).wait_for()
    assert page.locator(EXAMPLES).text_content() == f"False negatives: {t.fn} of {t.fn}"
    _click_cell(page, 0, 1)  # true negative, predicted positive: the false positives
    page.locator(EXAMPLES).filter(has_text="False positives").wait_for()
    assert page.locator(EXAMPLES).text_content() == f"False positives: {t.fp} of {t.fp}"
    # The box beside the matrix names the cell clicked (its value is its input's).
    assert page.locator(".st-key-metrics_cell_2 input").input_value() == f"false positives ({t.fp})"
    _click_cell(page, 1, 1)  # and the true positives, whose count is past the 24 drawn
    page.locator(EXAMPLES).filter(has_text="True positives").wait_for()
    assert page.locator(EXAMPLES).text_content() == f"True positives: {min(24, t.tp)} of {t.tp}"
    assert page.locator("[data-testid='stException']").count() == 0
