"""The vectors & matrices page's own behaviour, through Streamlit's AppTest: a preset sets the
four entry sliders (greyed out), "your own" starts from the preset chosen last, a link
reopens either, and a tour step moves the sliders with the preset.

The generic page tests (tests/pages) cover every widget's extremes and plain links."""

from explorers import linear_algebra as ex
from tests.pages.apptest import failures, open_page

PAGE = "views/linear_algebra.py"
ENTRIES = ("a", "b", "c", "d")


def entries(at) -> tuple:
    return tuple(at.slider(key=k).value for k in ENTRIES)


def greyed(at) -> tuple:
    return tuple(at.slider(key=k).disabled for k in ENTRIES)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def flat(matrix) -> tuple:
    return tuple(v for row in matrix for v in row)


def test_a_preset_sets_the_sliders_and_your_own_starts_from_it():
    at = open_page(PAGE)
    assert entries(at) == flat(ex.DEFAULT) and greyed(at) == (False,) * 4
    assert metric(at, "det A") == "1.62"
    at.selectbox(key="matrix").set_value("shear").run()
    assert not failures(at)
    assert entries(at) == flat(ex.PRESETS["shear"]) and greyed(at) == (True,) * 4
    assert metric(at, "det A") == "1" and metric(at, "Eigenvalues λ") == "1 (twice)"
    at.selectbox(key="matrix").set_value(ex.OWN).run()
    assert entries(at) == flat(ex.PRESETS["shear"]) and greyed(at) == (False,) * 4
    at.slider(key="c").set_value(0.5).run()  # the shear, changed by hand
    assert entries(at) == (1.0, 1.0, 0.5, 1.0) and metric(at, "det A") == "0.5"
    at.selectbox(key="matrix").set_value("rotation").run()
    assert entries(at) == flat(ex.PRESETS["rotation"])
    assert any("No real eigenvalues" in i.value for i in at.info)


def test_a_link_reopens_a_preset_and_your_own_entries():
    at = open_page(PAGE, {"matrix": "reflection"})
    assert not failures(at) and not at.warning
    assert entries(at) == flat(ex.PRESETS["reflection"]) and metric(at, "det A") == "-1"
    at = open_page(PAGE, {"a": "0.1", "b": "0.2", "c": "-0.3", "d": "2"})
    assert not at.warning and entries(at) == (0.1, 0.2, -0.3, 2.0)
    # A preset's entries are its own: a link's entries for it are overruled.
    at = open_page(PAGE, {"matrix": "scaling", "a": "-2"})
    assert not failures(at) and metric(at, "det A") == "0.75"


def test_a_tour_step_sets_the_preset_and_its_sliders():
    at = open_page(PAGE)
    at.button(key="tour_linear_algebra_start").click().run()
    for _ in range(4):  # to step 5: the shear
        next(b for b in at.button if b.label == "Next").click().run()
    assert not failures(at)
    assert at.selectbox(key="matrix").value == "shear" and entries(at) == flat(ex.PRESETS["shear"])
    assert at.slider(key="steps").value == ex.MAX_STEPS
