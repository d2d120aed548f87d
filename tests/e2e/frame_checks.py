"""Checks of the frame every page shares, read from element boxes in the loaded page.

One screen: at a laptop's and a projector's size, with nothing scrolled, a learner sees
the page's first controls and at least the top half of its main chart (the first chart
in the main column), so moving a slider and watching its effect needs no scrolling.
"""

from __future__ import annotations

# How many of the sidebar's first widgets must be wholly in view: the ones a learner
# reaches for first (the data, the model's main knob, and one more).
PRIMARY = 3
WIDGETS = ", ".join(
    f"[data-testid='stSidebar'] [data-testid='{kind}']"
    for kind in ("stSlider", "stSelectbox", "stRadio", "stSelectSlider", "stCheckbox",
                 "stToggle", "stNumberInput", "stTextInput", "stTextArea", "stFileUploader")
)
_BOXES = """widgets => {
  const box = e => { const b = e.getBoundingClientRect();
                     return {top: b.top, bottom: b.bottom, left: b.left, right: b.right}; };
  const chart = document.querySelector("[data-testid='stMain'] .inplace-chart");
  return {
    width: window.innerWidth, height: window.innerHeight, scrolled: window.scrollY,
    widgets: [...document.querySelectorAll(widgets)].slice(0, %d).map(box),
    chart: chart && box(chart),
    title: box(document.querySelector("[data-testid='stMain'] h1")),
    bar: box(document.querySelector("[data-testid='stHeader']")),
  };
}""" % PRIMARY


def one_screen_problems(page) -> list[str]:
    """What breaks the one-screen rule on the loaded page, in words (empty when it holds)."""
    seen = page.evaluate(_BOXES, WIDGETS)
    width, height = seen["width"], seen["height"]
    problems = []
    if not seen["widgets"]:
        problems.append("no control in the sidebar")
    for i, w in enumerate(seen["widgets"]):
        if w["top"] < 0 or w["bottom"] > height or w["right"] > width:
            problems.append(f"control {i + 1} spans y {w['top']:.0f}–{w['bottom']:.0f}, "
                            f"outside the {width}×{height} screen")
    if seen["title"]["top"] < seen["bar"]["bottom"]:
        problems.append(f"the title's top (y {seen['title']['top']:.0f}) is under the top bar "
                        f"(down to y {seen['bar']['bottom']:.0f})")
    chart = seen["chart"]
    if chart is None:
        problems.append("no chart in the main column")
    else:
        middle = (chart["top"] + chart["bottom"]) / 2
        if chart["top"] < 0 or middle > height:
            problems.append(f"the main chart spans y {chart['top']:.0f}–{chart['bottom']:.0f}: "
                            f"its top half is not within the first {height} px")
        if chart["right"] > width + 1:
            problems.append(f"the main chart runs {chart['right'] - width:.0f} px off the right edge")
    return problems
