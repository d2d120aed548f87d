"""The Q-learning page's edited-grid environment, driven through the real page: it takes the
grid this session edited on the MDP page, puts it in the link, and a link reopens it."""

from explorers import _gridworld as gw
from explorers import q_learning as ex

from .apptest import failures, open_page

PAGE = "views/q_learning.py"
EDITED = ("S..", ".#G")


def test_the_grid_edited_on_the_mdp_page_is_learned_here_and_goes_into_the_link():
    at = open_page("views/mdp.py")
    at.text_area(key="grid_text").set_value("\n".join(EDITED)).run()
    at.switch_page(PAGE)
    at.query_params.clear()
    at.query_params["env"] = ex.EDITED
    at.run()
    assert not failures(at)
    assert at.query_params["grid"] == gw.encode(gw.parse(EDITED))
    code = next(c.value for c in at.code)
    assert repr(EDITED[0]) in code and repr(EDITED[1]) in code


def test_a_link_reopens_an_edited_grid_and_a_bad_one_falls_back_with_a_warning():
    code = gw.encode(gw.parse(EDITED))
    at = open_page(PAGE, query={"env": ex.EDITED, "grid": code})
    assert not failures(at) and not at.warning
    assert at.query_params["grid"] == code
    bad = open_page(PAGE, query={"env": ex.EDITED, "grid": "S!!"})
    assert any("cannot be used" in w.value for w in bad.warning)
    assert not bad.exception and "grid" not in bad.query_params
    assert any("preset" in i.value for i in bad.info)
