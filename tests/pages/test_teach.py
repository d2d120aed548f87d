"""The teaching layer through the real page: "Try this" asks, then sets the page to the
challenge's state and reveals the answer from the result there; the tour steps through its
states with Back and Next. (Which lessons hold is tests/test_lessons.py.)"""

import lessons
from explorers import regularization as ex

from .apptest import failures, open_page

PAGE = "views/regularization.py"


def _said(at) -> str:
    return " ".join(e.value for e in [*at.success, *at.warning, *at.info])


def test_show_me_waits_for_a_prediction_then_sets_the_state_and_reveals_the_result():
    at = open_page(PAGE)
    assert any(h.value == "Try this" for h in at.subheader)
    show = at.button(key="try_regularization_1_show")
    assert show.disabled  # a prediction first
    at.radio(key="try_regularization_1_guess").set_value("Fewer than half").run()
    at.button(key="try_regularization_1_show").click().run()
    assert not failures(at)
    assert at.radio(key="penalty").value == "ridge" and at.select_slider(key="alpha").value == 0.1
    assert at.query_params["penalty"] == "ridge" and at.query_params["alpha"] == "0.1"  # the link too
    result = ex.run(ex.Params(penalty="ridge", alpha=0.1))
    text = _said(at)
    assert "Not quite: None." in text  # the learner said "Fewer than half"
    assert f"{abs(result.coef).min():.2g}" in text  # the result's own number


def test_a_right_prediction_is_called_right():
    at = open_page(PAGE)
    at.radio(key="try_regularization_0_guess").set_value("Half or more, not all").run()
    at.button(key="try_regularization_0_show").click().run()
    assert "Right: Half or more, not all." in _said(at)


def test_the_tour_steps_through_its_states_with_back_and_next():
    steps = lessons.tour(ex)
    at = open_page(PAGE)
    assert not any("Step 1 of" in i.value for i in at.info)
    at.button(key="tour_regularization_start").click().run()
    assert f"Step 1 of {len(steps)}" in _said(at) and at.select_slider(key="alpha").value == 0.0001
    assert at.button(key="tour_regularization_back").disabled
    at.button(key="tour_regularization_next").click().run()
    assert f"Step 2 of {len(steps)}" in _said(at) and at.select_slider(key="alpha").value == 0.001
    at.select_slider(key="alpha").set_value(0.01).run()
    assert "You have moved a control" in _said(at)
    at.button(key="tour_regularization_back").click().run()
    assert "Step 1 of" in _said(at) and at.select_slider(key="alpha").value == 0.0001
    assert "You have moved a control" not in _said(at)
    at.button(key="tour_regularization_end").click().run()
    assert "Step 1 of" not in _said(at) and at.select_slider(key="alpha").value == 0.0001
    assert not failures(at)


def test_lecture_mode_from_the_link_stays_on_from_page_to_page_and_the_toggle_ends_it():
    at = open_page(PAGE, query={"present": "1"})
    assert not failures(at)
    assert at.toggle(key="lecture_toggle").value
    assert any("stHeader" in h.proto.body for h in at.get("html"))  # the chrome is hidden
    links = [link.proto.page for link in at.sidebar.get("page_link")]
    assert len(links) == 2  # the previous and next pages of the roadmap
    at.switch_page("views/home.py")
    at.run()
    assert at.toggle(key="lecture_toggle").value and at.query_params["present"] == "1"
    at.toggle(key="lecture_toggle").set_value(False).run()
    assert "present" not in at.query_params
    assert not any("stHeader" in h.proto.body for h in at.get("html"))
    assert not at.sidebar.get("page_link")


def test_without_the_link_lecture_mode_is_off():
    at = open_page(PAGE)
    assert not at.toggle(key="lecture_toggle").value
    assert not any("stHeader" in h.proto.body for h in at.get("html"))


def test_pinning_a_state_compares_it_with_the_current_one_and_the_link_carries_both():
    at = open_page(PAGE)
    at.button(key="pin_set").click().run()
    assert at.query_params["pin"] == "default"  # the defaults, pinned
    at.select_slider(key="alpha").set_value(0.1).run()
    assert not failures(at)
    a, b = ex.run(ex.Params()), ex.run(ex.Params(alpha=0.1))
    shown = {m.label: m for m in at.metric}
    assert shown["Test MSE: B"].value == f"{b.test_mse:.4g}"
    assert shown["Coefficients exactly zero: B"].value == f"{b.n_zero}"
    assert f"{b.n_zero - a.n_zero:+.3g}" in shown["Coefficients exactly zero: B"].proto.delta
    # A link with the pin reopens the comparison; a bad pin is named, not obeyed.
    link = {"alpha": "0.1", "pin": at.query_params["pin"]}
    again = open_page(PAGE, query=link)
    assert "Test MSE: B" in {m.label for m in again.metric} and not failures(again)
    bad = open_page(PAGE, query={"pin": "alpha=7;penalty=[x](https://example.com)"})
    assert not failures(bad) and any("pinned settings" in w.value for w in bad.warning)
    assert "example.com" not in " ".join(w.value for w in bad.warning)
    at.button(key="pin_clear").click().run()
    assert "pin" not in at.query_params and "Test MSE: B" not in {m.label for m in at.metric}
