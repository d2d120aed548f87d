"""A shared link reopens the exact configuration; a broken one says what was wrong."""

import importlib
from pathlib import Path

import pytest

from explorers._contract import EDITORS, knobs

from .apptest import PAGES, failures, open_page


def _values(at):
    return {w.key: w.value for kind in ("slider", "select_slider", "radio", "selectbox")
            for w in getattr(at, kind)}


@pytest.mark.parametrize("page", PAGES)
def test_a_link_with_valid_values_reopens_that_state(page):
    at = open_page(page)
    defaults = _values(at)
    sliders = [w for w in at.slider if not w.disabled]
    assert sliders
    # Each slider to an end other than its default; an int slider's bounds come back as
    # floats, and a link writes ints as ints.
    query = {w.key: str(type(w.value)(w.max if w.value != w.max else w.min)) for w in sliders}
    at = open_page(page, query)
    assert not at.warning, [w.value for w in at.warning]
    values = _values(at)
    for key, value in query.items():
        assert str(values[key]) == value
        assert values[key] != defaults[key]


@pytest.mark.parametrize("page", PAGES)
def test_a_link_with_bad_values_warns_and_falls_back_to_defaults(page):
    defaults = _values(open_page(page))
    key = next(iter(k for k, v in defaults.items() if isinstance(v, int)))
    at = open_page(page, {key: "zzz", "seed": "100000"})
    assert not failures(at)
    warning = " ".join(w.value for w in at.warning)
    assert f"`{key}`" in warning and "zzz" in warning
    assert "`seed`" in warning and "100000" in warning
    assert _values(at)[key] == defaults[key]


def _explorer(page):
    return importlib.import_module(f"explorers.{Path(page).stem}")


BOXES = [(page, name) for page in PAGES
         for name, knob_ in knobs(_explorer(page).Params).items() if knob_.kind in EDITORS]


@pytest.mark.parametrize("page, name", BOXES)
def test_a_link_reopens_a_typed_value(page, name):
    """Text and grids are kept in the link by ui/controls, in their own link form."""
    params_cls = _explorer(page).Params
    knob_ = knobs(params_cls)[name]
    applies = {} if knob_.when is None else {knob_.when[0]: knob_.when[1][0]}
    shown = getattr(params_cls(**applies), name)
    value = next(v for v in knob_.sweep() if v != shown)
    query = {key: knobs(params_cls)[key].encode(v) for key, v in applies.items()}
    at = open_page(page, {**query, name: knob_.encode(value)})
    assert not failures(at) and not at.warning, [w.value for w in at.warning]
    box = next(w for kind in ("text_area", "text_input") for w in getattr(at, kind) if w.key == name)
    assert box.value == knob_.write(value) and not box.disabled
    assert at.query_params[name] == knob_.encode(value)
