"""Text a person controls is shown back literally: no link, image, colour or formula."""

import re

from ui.safe import LIMIT, shown

HOSTILE = [
    "[Session expired: log in](https://example.com) ![x](https://example.com/p.png)",
    "<img src=x onerror=alert(1)>", ":red[alarm] :material/warning:", "$\\frac{1}{0}$",
    "``tick`` `` and ` and ```", "line one\n\n# a heading\n- a list",
]


def _span(text):
    """The code span's fence and contents (CommonMark: one leading/trailing space stripped)."""
    match = re.fullmatch(r"(`+)(.*?)\1", text, flags=re.S)
    assert match, f"not a single code span: {text!r}"
    inner = match.group(2)
    if inner.startswith(" ") and inner.endswith(" ") and inner.strip():
        inner = inner[1:-1]
    assert match.group(1) not in inner, "the fence occurs inside: the span would end early"
    return inner


def test_hostile_text_is_one_literal_code_span():
    for text in HOSTILE:
        assert len(text) <= LIMIT
        assert _span(shown(text)) == " ".join(text.split())


def test_long_text_is_cut_and_newlines_cannot_open_a_block():
    out = shown("a" * 10_000)
    assert len(out) < LIMIT + 10 and out.endswith("…`")
    assert "\n" not in shown("x\n\n# heading")


def test_empty_text_says_so():
    assert shown("   ") == "(empty)"
