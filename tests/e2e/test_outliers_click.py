"""The outliers page in a real browser: a click on the chart's faint grid places an outlier
there (the link and the box hold it, the fits move), and a click on it removes it."""

from explorers import outliers as ex

from .server import drawn, wait_idle, wait_redrawn

CHART = "[data-testid='stMain'] [data-testid='stPlotlyChart']"
PLACED = "() => new URLSearchParams(location.search).get('placed')"
BOX_IS = "text => document.querySelector('.st-key-placed input').value === text"
# The least-squares slope as the page shows it (the first metric).
SLOPE = "() => document.querySelector(\"[data-testid='stMetricValue']\").innerText"


def _point(page, trace: int, index: int) -> tuple[float, float]:
    """Where a point of the clickable chart's ``trace`` is drawn on the page."""
    box = page.locator(f"{CHART} .scatterlayer .trace").nth(trace).locator(".point").nth(index).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_a_click_on_the_grid_places_an_outlier_and_a_click_on_it_removes_it(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server.url}/outliers")
    wait_idle(page)
    page.locator(f"{CHART} .scatterlayer .trace .point").first.wait_for()
    before_slope = page.evaluate(SLOPE)
    # A grid position well above the line and clear of the legend (top left) and of the
    # sliders' outliers (top right): x = 7, the highest row up to 35.
    r = ex.run(ex.Params())
    column = list(r.lattice_x).index(7.0)
    row = max(i for i, y in enumerate(r.lattice_y) if y <= 35)
    target = (7.0, float(r.lattice_y[row]))
    before = drawn(page)
    page.mouse.click(*_point(page, 0, row * len(r.lattice_x) + column))  # the grid is the first trace
    wait_redrawn(page, before)
    page.wait_for_function(f"() => ({PLACED})() === '7,{target[1]:g}'")
    page.wait_for_function(BOX_IS, arg=f"7,{target[1]:g}")
    expected = ex.run(ex.Params(placed=f"7,{target[1]:g}"))
    moved = f"{expected.ols_slope:.3f}"
    page.wait_for_function(f"() => ({SLOPE})() === {moved!r}")
    assert moved != before_slope

    # The placed outlier is the chart's last trace; a click on it takes it away again.
    page.locator(f"{CHART} .scatterlayer .trace").last.locator(".point").first.wait_for()
    before = drawn(page)
    page.mouse.click(*_point(page, -1, 0))
    wait_redrawn(page, before)
    page.wait_for_function(f"() => ({PLACED})() === null")
    page.wait_for_function(BOX_IS, arg="")  # the box follows in the same rerun's elements
    page.wait_for_function(f"() => ({SLOPE})() === {before_slope!r}")
    errors = [text for text, url in page.console_errors if not ("404" in text and "/_stcore/" in url)]
    assert not errors
