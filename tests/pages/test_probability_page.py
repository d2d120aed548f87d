"""The probability page through the real app: each view shows its own controls only (the
others are hidden by the page's CSS), its numbers are the explorer's, and the coin's
scrubber plays in the browser."""

from explorers import probability as ex
from explorers._contract import knobs

from .apptest import charts, failures, hidden_controls, open_page

PAGE = "views/probability.py"


def _hidden(at) -> set[str]:
    return hidden_controls(at, ex.Params)


def test_a_view_hides_the_other_views_controls_and_shows_the_explorers_numbers():
    at = open_page(PAGE, {"view": "medical test", "tests": "2"})
    assert not failures(at)
    params = ex.Params(view="medical test", tests=2)
    assert _hidden(at) == set(knobs(ex.Params)) - set(ex.shown(params))
    shown = {m.label: m.value for m in at.metric}
    t = ex.run(params).test
    assert shown["P(sick | positive)"] == f"{t.ppv:.1%}"
    assert shown["Sick among positives"] == f"{t.caught} of {t.positives}"
    # Back to the distributions: their controls come back, the test's go.
    at.selectbox(key="view").set_value("distributions").run()
    assert not failures(at)
    assert _hidden(at) == set(knobs(ex.Params)) - set(ex.shown(ex.Params(tests=2)))
    assert {"dist", "p", "draws"} <= set(knobs(ex.Params)) - _hidden(at)


def test_the_coin_scrubber_plays_the_later_flips_in_the_browser():
    at = open_page(PAGE, {"view": "coin flips", "flips": "90"})
    assert not failures(at)
    played = [c for c in charts(at).values() if c.get("frames")]
    assert len(played) == 1
    names = [int(f["name"]) for f in played[0]["frames"]]
    assert names == sorted(names) and names[0] >= 90 and names[-1] == ex.MAX_FLIPS
    assert at.slider(key="flips").value == 90
