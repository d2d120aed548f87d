"""Text a person controls, against every page: a link's values and what is typed into a box.

Markdown and HTML in any field's link value is shown back only inside a code span (no live
link, remote image, colour or formula in the app's own warning box); text past a field's
cap is refused in words before it is read; and the page keeps its last good values. Generic
over the contract's kinds: every field of every page in the navigation, and every box.

Cheap on purpose: one AppTest run per page for its whole link (every field at once), and one
per box for the typing.
"""

import importlib
import re
from pathlib import Path

import pytest

from explorers._contract import EDITORS, Knob, is_active, knobs

from ..pages.apptest import PAGES, open_page

HOSTILE = ["[x](https://e.com)", "![x](https://e.com/p.png)", "<img src=x onerror=alert(1)>",
           ":red[x]", "$x$"]
# Characters: far past every field's cap (the largest is a few hundred). Not a million: the
# link holds one such value per other field, and Streamlit ignores a whole query string past
# 524,288 characters (the unit tests give the contract a million, tests/test_contract.py).
HUGE = 10_000
# What the samples would turn into if markdown read them: none may appear outside a code span.
MARKERS = ("](", "e.com", "<img", "onerror", ":red[", "$x$")
TEXT_KINDS = ("markdown", "caption", "warning", "error", "info", "success", "title", "header",
              "subheader")


def explorer_of(page: str):
    return importlib.import_module(f"explorers.{Path(page).stem}")


def outside_code(markdown: str) -> str:
    """The markdown with every inline code span taken out (CommonMark: a run of backticks
    up to the next run of the same length)."""
    return re.sub(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", " ", markdown, flags=re.S)


def assert_nothing_live(at) -> None:
    """No element of the page shows a sample's markup outside a code span."""
    for kind in TEXT_KINDS:
        for element in getattr(at, kind):
            loose = outside_code(str(element.value))
            for marker in MARKERS:
                assert marker not in loose, f"{kind} shows {marker!r} live: {element.value[:300]!r}"


@pytest.fixture
def reads(monkeypatch):
    """Every (knob, length) the contract parsed or read past its length check."""
    seen = []
    for method in ("_parse", "_read"):
        original = getattr(Knob, method)

        def counting(self, raw, _original=original):
            seen.append((self, len(raw)))
            return _original(self, raw)

        monkeypatch.setattr(Knob, method, counting)
    return seen


def _sample(i: int) -> str:
    """Field i's link value: a markup sample, every other one repeated past any cap."""
    sample = HOSTILE[(i // 2) % len(HOSTILE)]
    return sample if i % 2 == 0 else (sample + " ") * (HUGE // (len(sample) + 1) + 1)


def _widgets(at) -> dict:
    return {w.key: w for kind in ("slider", "select_slider", "selectbox", "radio", "text_area",
                                  "text_input") for w in getattr(at, kind)}


def _shown(knob_, value):
    """A value as its widget reports it."""
    if knob_.kind in EDITORS:
        return knob_.write(value)
    return float(value) if knob_.kind == "log" else value


@pytest.mark.parametrize("page", PAGES)
def test_a_link_of_markup_and_huge_values_is_refused_in_words_and_shown_only_as_code(page, reads):
    fields = knobs(explorer_of(page).Params)
    query = {name: _sample(i) for i, name in enumerate(fields)}
    at = open_page(page, query)
    assert not at.exception, [e.value for e in at.exception]
    assert_nothing_live(at)
    lines = {line.split("`")[1]: line for w in at.warning for line in w.value.split("\n- ")[1:]}
    for i, (name, knob_) in enumerate(fields.items()):
        if knob_.kind == "text" and len(query[name]) <= knob_.max_chars:
            continue  # markup is a valid sentence: it is the page's to show escaped
        assert name in lines, f"`{name}` is not reported"
        assert lines[name].startswith(f"`{name}` = `"), lines[name]  # the value as code
        if i % 2:
            assert f"Too long: {len(query[name]):,} characters, where at most " \
                   f"{knob_.max_chars:,} are read." in lines[name]
    # Nothing was parsed past its cap, and every field kept its last good (default) value,
    # but for a sentence whose markup was valid text: that one is used as written (and was
    # shown only escaped, above), and the link keeps it.
    assert all(n <= knob_.max_chars for knob_, n in reads)
    defaults, widgets = explorer_of(page).Params(), _widgets(at)
    used = {name for name, knob_ in fields.items() if knob_.kind == "text" and name not in lines}
    for name, knob_ in fields.items():
        expected = query[name] if name in used else _shown(knob_, getattr(defaults, name))
        assert widgets[name].value == expected, name
    for name, knob_ in fields.items():
        if knob_.kind in EDITORS and name not in used:
            assert name not in at.query_params  # the link no longer carries what was refused


BOXES = [(page, name) for page in PAGES
         for name, knob_ in knobs(explorer_of(page).Params).items() if knob_.kind in EDITORS]


def test_the_pages_with_boxes_are_found():
    assert {("views/mdp.py", "grid"), ("views/q_learning.py", "grid"),
            ("views/convolution.py", "weights")} <= set(BOXES)


@pytest.mark.parametrize("page, name", BOXES)
def test_typing_markup_or_too_much_into_a_box_keeps_the_last_good_value(page, name, reads):
    params_cls = explorer_of(page).Params
    knob_ = knobs(params_cls)[name]
    # Open the page where the box applies (the kernel's weights: with "custom" chosen).
    query = {} if knob_.when is None else {knob_.when[0]: knob_.when[1][0]}
    at = open_page(page, query)
    box = _widgets(at)[name]
    assert not box.disabled and is_active(knob_, {**vars(params_cls()), **query})
    good = next(v for v in knob_.sweep() if v != knob_.read(box.value))
    box.set_value(knob_.write(good)).run()
    assert not at.exception and not at.error
    assert at.query_params[name] == knob_.encode(good)
    label = knob_.label or name
    for sample in [*HOSTILE, (HOSTILE[0] + "\n") * (HUGE // len(HOSTILE[0]))]:
        _widgets(at)[name].set_value(sample).run()
        assert not at.exception, [e.value for e in at.exception]
        assert_nothing_live(at)
        if knob_.kind == "grid":
            errors = [e.value for e in at.error if f"**{label}** cannot be used" in e.value]
            assert errors and "The last good one is used." in errors[0], [e.value for e in at.error]
            assert at.query_params[name] == knob_.encode(good)
            if len(sample) > knob_.max_chars:  # the box cut it: the message says why
                assert f"at most {knob_.max_chars:,} characters, and this fills it" in errors[0]
        else:  # a sentence may hold markup; it is never more than the cap
            assert len(at.query_params.get(name, "")) <= knob_.max_chars
    assert all(n <= k.max_chars for k, n in reads)
