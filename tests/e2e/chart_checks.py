"""What a reader at the back of the room would see wrong in the page's Plotly charts.

``chart_defects(page)`` looks at every chart as the browser drew it (so the fonts, the
wrapping of a long legend and plotly's own margins are all real) and says, in words,
where a legend, an axis title, a bar's label or an annotation lies on top of another,
or runs past the chart's edge. The pure tests (tests/test_chart_rules.py) check the
figure specs for the rules that make these faults; this is the check that they worked.
"""

from __future__ import annotations

# Boxes are compared in page pixels. Two pixels of slack: anti-aliased glyph boxes touch.
_SLACK = 2

_BOXES = """(slack) => {
  const box = el => { const r = el.getBoundingClientRect(); return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  const area = b => (b.x1 - b.x0) * (b.y1 - b.y0);
  const text = el => (el.textContent || '').trim().slice(0, 40);
  return [...document.querySelectorAll(".inplace-chart")].map((chart, index) => {
    const svg = chart.querySelector('.main-svg');
    if (!svg) return null;
    const title = svg.parentElement.querySelector('.gtitle');
    const parts = [];
    const add = (kind, el, b) => { b = b || box(el); if (area(b) > 0 && text(el) !== '') parts.push({kind, label: text(el), ...b}); };
    // The legend's own background is its box (the group can hold a hidden scrollbar).
    chart.querySelectorAll('g.legend').forEach(g => {
      const bg = g.querySelector('rect.bg');
      if (bg) add('legend', g, box(bg));
    });
    chart.querySelectorAll('text[class$="title"]:not(.gtitle), .g-xtitle text, .g-ytitle text').forEach(t => add('axis title', t));
    chart.querySelectorAll('.gtitle').forEach(t => add('chart title', t));
    chart.querySelectorAll('text.bartext').forEach(t => add('bar label', t));
    chart.querySelectorAll('.textpoint').forEach(t => add('data label', t));
    chart.querySelectorAll('.annotation-text-g, .annotation .cursor-pointer').forEach(t => add('annotation', t));
    chart.querySelectorAll('.xtick text, .ytick text, .x2tick text, .y2tick text, [class*="tick"] > text').forEach(t => add('tick label', t));
    return {index, title: title ? text(title) : '', frame: box(chart.querySelector('.main-svg')), parts};
  }).filter(Boolean);
}"""


def _overlap(a: dict, b: dict) -> bool:
    return (min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > _SLACK
            and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > _SLACK)


def _outside(part: dict, frame: dict) -> list[str]:
    sides = {"left": frame["x0"] - part["x0"], "right": part["x1"] - frame["x1"],
             "top": frame["y0"] - part["y0"], "bottom": part["y1"] - frame["y1"]}
    return [f"{side} by {over:.0f} px" for side, over in sides.items() if over > _SLACK]


# Pairs a reader cannot untangle. Tick labels crowd each other by design (plotly thins them);
# annotations and text on the data (a grid's arrows and its start cell) sit there on purpose,
# so none of them is checked against its own kind.
_CLASH = {("legend", "axis title"), ("legend", "tick label"), ("legend", "bar label"),
          ("legend", "chart title"), ("axis title", "axis title"), ("axis title", "tick label"),
          ("axis title", "bar label"), ("axis title", "chart title"), ("bar label", "bar label"),
          ("annotation", "axis title"), ("annotation", "legend"), ("chart title", "tick label"),
          ("data label", "axis title"), ("data label", "legend"), ("data label", "chart title")}


def chart_defects(page) -> list[str]:
    """Every overlap and clip in the charts of the page now loaded, as readable sentences
    (empty when every chart is clean)."""
    found = []
    for chart in page.evaluate(_BOXES, _SLACK):
        name = f"chart {chart['index'] + 1}" + (f" ({chart['title']!r})" if chart["title"] else "")
        parts = chart["parts"]
        for part in parts:
            if part["kind"] == "tick label":
                continue  # plotly hides what does not fit; the titles and labels are the risk
            clipped = _outside(part, chart["frame"])
            if clipped:
                found.append(f"{name}: {part['kind']} {part['label']!r} is cut off at the "
                             + ", ".join(clipped))
        for i, a in enumerate(parts):
            for b in parts[i + 1:]:
                if ((a["kind"], b["kind"]) in _CLASH or (b["kind"], a["kind"]) in _CLASH) and _overlap(a, b):
                    found.append(f"{name}: {a['kind']} {a['label']!r} overlaps {b['kind']} {b['label']!r}")
    return found


_FORMULAS = """() => [...document.querySelectorAll('.katex-display')].map(display => {
  const html = display.querySelector('.katex-html') || display;
  const column = display.closest("[data-testid='stElementContainer']") || display.parentElement;
  const r = html.getBoundingClientRect(), c = column.getBoundingClientRect();
  return {text: (display.querySelector('annotation') || display).textContent.trim().slice(0, 50),
          over: Math.max(r.right - c.right, display.scrollWidth - display.clientWidth)};
})"""


def formula_defects(page) -> list[str]:
    """Every st.latex formula wider than its column: KaTeX does not wrap, so the rest of it
    is cut off (or hidden behind a scroll bar a projector audience never sees)."""
    return [f"formula {f['text']!r} runs {f['over']:.0f} px past its column"
            for f in page.evaluate(_FORMULAS) if f["over"] > _SLACK]
