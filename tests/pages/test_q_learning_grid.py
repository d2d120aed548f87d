"""The Q-learning page's edited-grid environment, driven through the real page: it takes the
grid this session edited on the MDP page, edits it itself, puts it in the link, and a link
reopens it."""

from explorers import _gridworld as gw
from explorers import q_learning as ex

from .apptest import failures, open_page

PAGE = "views/q_learning.py"
EDITED = ("S..", ".#G")


def _code(at) -> str:
    return next(c.value for c in at.code)


def test_the_grid_edited_on_the_mdp_page_is_learned_here_and_goes_into_the_link():
    at = open_page("views/mdp.py")
    at.text_area(key="grid").set_value("\n".join(EDITED)).run()
    at.switch_page(PAGE)
    at.query_params.clear()
    at.query_params["env"] = ex.EDITED
    at.run()
    assert not failures(at)
    assert at.text_area(key="grid").value == "\n".join(EDITED)
    assert at.query_params["grid"] == "soo_owg"  # the edited grid, one letter a cell
    assert repr(EDITED[0]) in _code(at) and repr(EDITED[1]) in _code(at)


def test_the_box_is_greyed_out_until_the_edited_grid_is_chosen_and_then_edits_it():
    at = open_page(PAGE)
    assert at.text_area(key="grid").disabled
    at.selectbox(key="env").set_value(ex.EDITED).run()
    assert not at.text_area(key="grid").disabled
    at.text_area(key="grid").set_value("\n".join(EDITED)).run()
    assert not failures(at)
    assert at.query_params["grid"] == "soo_owg"  # the edited grid, one letter a cell
    assert repr(EDITED[0]) in _code(at)
    expected = ex.run(ex.Params(env=ex.EDITED, grid=EDITED))
    assert any(m.value == f"{expected.runs[0].mean_return:.3g}" for m in at.metric)


def test_a_link_reopens_an_edited_grid_and_a_bad_one_falls_back_with_a_warning():
    code = "soo_owg"  # the edited grid, one letter a cell
    at = open_page(PAGE, query={"env": ex.EDITED, "grid": code})
    assert not failures(at) and not at.warning
    assert at.query_params["grid"] == code
    bad = open_page(PAGE, query={"env": ex.EDITED, "grid": "S!!"})
    assert any("`grid` = `S!!`" in w.value for w in bad.warning)
    assert not bad.exception and "grid" not in bad.query_params
    assert bad.text_area(key="grid").value == "\n".join(gw.LAYOUTS[ex.GRIDS[ex.EDITED]])
