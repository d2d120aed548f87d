"""The "What is machine learning?" page: its numbers are the explorer's, a scenario card
answers from the explorer's data, and the links onward are the live pages of the roadmap."""

from explorers import what_is_ml as ex
from figures.theme import pp

from .apptest import failures, open_page

PAGE = "views/what_is_ml.py"


def test_the_metrics_are_the_results_numbers():
    at = open_page(PAGE, {"max_depth": "12", "n_clusters": "2"})
    assert not failures(at)
    r = ex.run(ex.Params(max_depth=12, n_clusters=2))
    shown = {m.label: m for m in at.metric}
    assert shown["Tree: train"].value == f"{r.train_accuracy:.1%}"
    assert shown["Tree: test"].value == f"{r.test_accuracy:.1%}"
    assert pp(r.test_accuracy - r.train_accuracy) in shown["Tree: test"].proto.delta
    assert shown["k-means: ARI"].value == f"{r.clusters.ari:.2f}"
    assert shown["Agent: test"].value == f"{r.agent.test_accuracy:.1%}"
    assert f"{r.agent.reward_rate:.0%}" in shown["Agent: test"].proto.delta


def _said(at) -> str:
    return " ".join(e.value for e in [*at.success, *at.warning])


def test_a_scenario_card_answers_from_the_explorers_data_and_keeps_count():
    at = open_page(PAGE)
    n = len(ex.SCENARIOS)
    assert f"0 of 0 answered right so far, {n} to go" in " ".join(c.value for c in at.caption)
    first, second = ex.SCENARIOS[0], ex.SCENARIOS[1]
    wrong = next(kind for kind in ex.KINDS if kind != second.kind)
    at.radio(key="scenario_0").set_value(first.kind).run()
    at.radio(key="scenario_1").set_value(wrong).run()
    assert not failures(at)
    said = _said(at)
    assert f"Right: {first.kind}. {first.clue}" in said
    assert f"Not quite: {second.kind}. {second.clue}" in said
    assert f"1 of 2 answered right so far, {n - 2} to go" in " ".join(c.value for c in at.caption)
    # An unanswered card says nothing yet.
    assert ex.SCENARIOS[2].clue not in said


def test_go_deeper_links_the_live_pages_for_each_kind():
    at = open_page(PAGE)
    linked = [(link.proto.label, link.proto.page) for link in at.main.get("page_link")]
    expected = [(t.title, t.url_path) for kind in ex.KINDS for t in ex.onward(kind)]
    assert linked == expected and len(linked) >= 3
