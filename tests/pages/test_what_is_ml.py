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
    captions = lambda: " ".join(c.value for c in at.caption)  # noqa: E731
    assert f"0 of 0 answered right so far, {n} to go" in captions()
    assert at.button(key="scenario_back").disabled and ex.SCENARIOS[0].text in _markdown(at)
    first, second = ex.SCENARIOS[0], ex.SCENARIOS[1]
    at.radio(key="scenario_0").set_value(first.kind).run()
    assert f"Right: {first.kind}. {first.clue}" in _said(at)
    at.button(key="scenario_next").click().run()
    assert second.text in _markdown(at) and at.radio(key="scenario_1").value is None
    assert second.clue not in _said(at)  # an unanswered card says nothing yet
    wrong = next(kind for kind in ex.KINDS if kind != second.kind)
    at.radio(key="scenario_1").set_value(wrong).run()
    assert not failures(at)
    assert f"Not quite: {second.kind}. {second.clue}" in _said(at)
    assert f"1 of 2 answered right so far, {n - 2} to go" in captions()
    # Back to the first card: its answer and its verdict are still there.
    at.button(key="scenario_back").click().run()
    assert at.radio(key="scenario_0").value == first.kind
    assert f"Right: {first.kind}. {first.clue}" in _said(at)
    # A slider move reruns the whole page; the answers stay.
    at.slider(key="max_depth").set_value(5).run()
    assert f"1 of 2 answered right so far, {n - 2} to go" in captions() and not failures(at)
    for _ in range(n - 1):  # to the last card, where Next stops
        at.button(key="scenario_next").click().run()
    assert ex.SCENARIOS[-1].text in _markdown(at) and at.button(key="scenario_next").disabled


def _markdown(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_go_deeper_links_the_live_pages_for_each_kind():
    at = open_page(PAGE)
    linked = [(link.proto.label, link.proto.page) for link in at.main.get("page_link")]
    expected = [(t.title, t.url_path) for kind in ex.KINDS for t in ex.onward(kind)]
    assert linked == expected and len(linked) >= 3


def test_the_tour_try_this_and_compare_run_on_this_page():
    import lessons

    at = open_page(PAGE)
    steps = lessons.tour(ex)
    at.button(key="tour_what_is_ml_start").click().run()
    for i, step in enumerate(steps):
        assert not failures(at)
        assert f"Step {i + 1} of {len(steps)}" in " ".join(e.value for e in at.info)
        for name, value in {**vars(ex.Params()), **step.state}.items():
            assert at.query_params.get(name, str(getattr(ex.Params(), name))) == str(value)
        if i < len(steps) - 1:
            at.button(key="tour_what_is_ml_next").click().run()
    at.button(key="tour_what_is_ml_end").click().run()
    # Try this: the third challenge sets 50 tries and reads the agent's score there.
    at.radio(key="try_what_is_ml_2_guess").set_value("Well below the tree").run()
    at.button(key="try_what_is_ml_2_show").click().run()
    assert at.slider(key="tries").value == 50
    r = ex.run(ex.Params(tries=50))
    assert f"Right: Well below the tree.** {r.agent.test_accuracy:.1%} against" in _said(at)
    # Compare: pin, move, and both sides' measures appear.
    at.button(key="pin_set").click().run()
    at.slider(key="n_clusters").set_value(2).run()
    assert not failures(at)
    shown = {m.label: m.value for m in at.metric}
    b = ex.run(ex.Params(tries=50, n_clusters=2))
    assert shown["k-means vs classes (ARI): B"] == f"{b.clusters.ari:.2f}"
