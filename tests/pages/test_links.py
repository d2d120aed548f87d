"""A shared link reopens the exact configuration; a broken one says what was wrong."""

import pytest

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
