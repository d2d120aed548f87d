"""The server's warm-up (ui/warm.py): every slow page's defaults, then its lessons' states,
computed into the same store and under the same keys a visit uses."""

import lessons
from explorers import bias_variance, dqn, text_preprocessing
from ui import page, warm


def test_the_plan_takes_every_slow_pages_defaults_before_any_lesson_and_every_lesson_state():
    slow = warm.slow_explorers()
    assert dqn in slow and bias_variance not in slow  # the trainers, not the quick pages
    assert text_preprocessing in slow  # and a page whose first visit tokenises a corpus
    planned = warm.plan()
    assert planned[:len(slow)] == [(ex, ex.Params()) for ex in slow]
    for ex in slow:
        mine = [p for e, p in planned if e is ex]
        assert len(mine) == len(set(mine))  # no state twice
        lesson_states = [s.state for s in lessons.tour(ex)] + [c.state for c in lessons.challenges(ex)]
        assert {lessons.params_at(ex, s) for s in lesson_states} <= set(mine)


def test_a_warmed_state_is_the_one_a_visit_finds():
    params = bias_variance.Params(degree=2, seed=41)  # a state no other test asks for
    key = page._key(bias_variance.run, params, ())
    assert page._results().peek(key, None) is None
    page.warm(bias_variance, params)
    found = page._results().peek(key, None)
    assert found is not None and found.test_error == bias_variance.run(params).test_error
    assert page.compute(bias_variance.run, params) is found  # the visit's own call: a hit


def test_the_warm_up_runs_its_plan_once_on_its_own_thread_unless_switched_off(monkeypatch):
    seen = []
    monkeypatch.setattr(warm, "plan", lambda: [(bias_variance, bias_variance.Params())] * 2)
    warm.start.clear()
    assert warm.start(lambda ex, p: seen.append(p)) is None  # tests run with it off (conftest)
    monkeypatch.setenv(warm.SWITCH, "1")
    warm.start.clear()
    thread = warm.start(lambda ex, p: seen.append(p))
    thread.join(timeout=30)
    assert seen == [bias_variance.Params()] * 2 and thread.name == "warm lessons"
    assert warm.start(lambda ex, p: seen.append(p)) is thread  # once per server
    warm.start.clear()


def test_a_pages_own_warm_states_come_after_its_lessons_ones():
    from explorers import feature_selection

    mine = [p for e, p in warm.plan() if e is feature_selection]
    own = [lessons.params_at(feature_selection, s) for s in feature_selection.WARM_STATES]
    lesson_states = [s.state for s in lessons.tour(feature_selection)]
    lesson_states += [c.state for c in lessons.challenges(feature_selection)]
    taught = {lessons.params_at(feature_selection, s) for s in lesson_states}
    assert set(own) <= set(mine) and len(mine) == len(set(mine))
    first_own = min(mine.index(p) for p in own if p not in taught)
    assert all(mine.index(p) < first_own for p in taught)
