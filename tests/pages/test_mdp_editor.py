"""The MDP page's grid, a field of the contract, driven through the real page: an edit
recomputes and goes into the link, a bad grid is reported while the last good one stays, a
link reopens an edited grid, and picking a preset or the undo button brings the preset back."""

from explorers import _gridworld as gw
from explorers import mdp as ex

from .apptest import charts, failures, open_page

PAGE = "views/mdp.py"
EDITED = ("S..", ".#G")


def _headline(at) -> str:
    return next(m.value for m in at.metric if m.label == "V(start), converged")


def _expected(rows, **params) -> str:
    return f"{ex.run(ex.Params(grid=tuple(rows), **params)).start_value:.4f}"


def test_the_editor_opens_on_the_preset_and_an_edit_recomputes_into_the_link():
    at = open_page(PAGE)
    assert at.text_area(key="grid").value == "\n".join(gw.LAYOUTS["classic 4x3"])
    assert "grid" not in at.query_params
    at.text_area(key="grid").set_value("\n".join(EDITED)).run()
    assert not failures(at)
    assert _headline(at) == _expected(EDITED)
    assert at.query_params["grid"] == "soo_owg"  # one letter a cell, as links have always had it
    assert all(repr(row) in at.code[0].value for row in EDITED)  # the code builds the edit


def test_a_bad_grid_is_reported_and_the_last_good_one_stays():
    at = open_page(PAGE)
    at.text_area(key="grid").set_value("\n".join(EDITED)).run()
    at.text_area(key="grid").set_value("S..\n.#").run()
    assert not at.exception
    assert any("same length" in e.value and "last good" in e.value for e in at.error)
    assert _headline(at) == _expected(EDITED)
    assert at.query_params["grid"] == "soo_owg"
    assert at.text_area(key="grid").value == "S..\n.#"  # the text stays to be mended
    assert charts(at)  # the charts are still drawn


def test_a_link_reopens_an_edited_grid_without_a_warning():
    code = "soo_owg"
    at = open_page(PAGE, {"grid": code, "gamma": "0.5"})
    assert not failures(at) and not at.warning
    assert at.text_area(key="grid").value == "\n".join(EDITED)
    assert _headline(at) == _expected(EDITED, gamma=0.5)
    assert at.query_params["grid"] == code


def test_a_link_to_another_preset_opens_on_its_grid():
    at = open_page(PAGE, {"layout": "maze"})
    assert not failures(at) and not at.warning
    assert at.text_area(key="grid").value == "\n".join(gw.LAYOUTS["maze"])
    assert _headline(at) == _expected(gw.LAYOUTS["maze"], layout="maze")
    assert "grid" not in at.query_params  # a preset's own grid is not repeated in the link


def test_a_bad_grid_in_a_link_warns_and_shows_the_preset():
    at = open_page(PAGE, {"grid": "soo_zzz"})
    assert not failures(at)
    assert any("`grid` = `soo_zzz`" in w.value and "stands for no cell" in w.value
               for w in at.warning)
    assert _headline(at) == _expected(gw.LAYOUTS["classic 4x3"])
    assert "grid" not in at.query_params  # the link no longer carries what was refused


def test_another_preset_or_the_undo_button_brings_a_preset_back():
    at = open_page(PAGE)
    at.text_area(key="grid").set_value("\n".join(EDITED)).run()
    at.selectbox(key="layout").set_value("cliff").run()
    assert at.text_area(key="grid").value == "\n".join(gw.LAYOUTS["cliff"])
    assert "grid" not in at.query_params
    assert _headline(at) == _expected(gw.LAYOUTS["cliff"], layout="cliff")
    at.text_area(key="grid").set_value("\n".join(EDITED)).run()
    next(b for b in at.button if b.label == "Back to the preset").click().run()
    assert at.text_area(key="grid").value == "\n".join(gw.LAYOUTS["cliff"])
    assert "grid" not in at.query_params
    at.text_area(key="grid").set_value("\n".join(EDITED)).run()
    next(b for b in at.button if b.label == "Reset to defaults").click().run()
    assert at.text_area(key="grid").value == "\n".join(gw.LAYOUTS["classic 4x3"])
    assert "grid" not in at.query_params and not failures(at)
