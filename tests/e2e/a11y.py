"""axe-core on a loaded page: the serious accessibility violations, ours and Streamlit's.

axe-core's JavaScript comes inside the ``axe-playwright-python`` wheel (axe 4.12.1 in
0.1.8), so it runs offline: nothing is fetched from a CDN. Only its script is used here;
the rules run through ``page.evaluate``, which is all the sync Playwright API needs.

A violation is Streamlit's when its rule and its element both match an entry of
``STREAMLITS`` below; everything else is ours. The list is short on purpose, and each
entry names the element as narrowly as a selector can, so a new violation of ours cannot
hide behind it. The README's "Accessibility" section lists the same entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from axe_playwright_python.base import AXE_SCRIPT

# WCAG 2.0 and 2.1, levels A and AA: what a public teaching site is held to.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS = {"serious", "critical"}


@dataclass(frozen=True)
class Known:
    """A violation Streamlit's own markup causes: the rule, the element, and why."""

    rule: str
    element: str  # a CSS selector the offending element itself must match
    why: str


STREAMLITS = [
    Known(
        "scrollable-region-focusable",
        "[data-testid='stCode'] pre",
        "st.code draws its block as a <pre> that scrolls sideways when a line is longer "
        "than the block, with no tabindex, so a keyboard cannot reach the hidden part; "
        "st.code has no parameter for it (Streamlit 1.67). Seen with 'Show the code' open.",
    ),
]


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    target: str
    html: str
    says: str  # axe's own sentence about this element

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}) at {self.target}: {self.says} -- {self.html[:160]}"


# Runs the rules, then asks the page which known Streamlit element each node is: the
# selectors axe reports are built from generated class names, so matching is done on
# the element itself, not on the selector's text.
_RUN = """async ([tags, known]) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  const out = [];
  for (const rule of results.violations) {
    for (const node of rule.nodes) {
      const target = node.target.map(String).join(" >>> ");
      const element = node.target.length === 1 ? document.querySelector(node.target[0]) : null;
      const streamlits = known.some(([id, selector]) =>
        id === rule.id && element !== null && element.matches(selector));
      const checks = [...node.any, ...node.all, ...node.none];
      out.push({rule: rule.id, impact: node.impact || rule.impact || "", target,
                html: node.html, says: checks.length ? checks[0].message : rule.help,
                streamlits});
    }
  }
  return out;
}"""


def serious_violations(page) -> tuple[list[Violation], list[Violation]]:
    """axe's serious and critical WCAG 2.1 A/AA violations on ``page`` as it is now:
    ``(ours, streamlits)``, one entry per offending element.

    Call it once the page has loaded (charts drawn, script idle): axe reads the DOM
    as it finds it.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    found = page.evaluate(_RUN, [TAGS, [[k.rule, k.element] for k in STREAMLITS]])
    ours, streamlits = [], []
    for item in found:
        if item["impact"] not in IMPACTS:
            continue
        violation = Violation(item["rule"], item["impact"], item["target"], item["html"],
                              item["says"])
        (streamlits if item["streamlits"] else ours).append(violation)
    return ours, streamlits
