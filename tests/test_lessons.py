"""Every lesson a page teaches is true: each "Try this" challenge's answer, read from the
explorer's result at the challenge's state, is the lesson it means to teach, and each tour
step's claim holds at its step. A change that breaks a lesson fails here."""

import pytest

import lessons
from explorers import all_explorers
from explorers._contract import knobs

TAUGHT = all_explorers()  # every page teaches: a page without lessons fails below


def _cases(kind):
    for explorer in TAUGHT:
        name = explorer.__name__.rsplit(".", 1)[-1]
        if kind == "claim":
            for key, claim in lessons.claims(explorer).items():
                yield pytest.param(explorer, claim, id=f"{name}-{key}")
            continue
        items = lessons.challenges(explorer) if kind == "challenge" else lessons.tour(explorer)
        for i, item in enumerate(items):
            yield pytest.param(explorer, item, id=f"{name}-{i + 1}")


def _linkable(explorer, state):
    """A lesson's state is one a link can hold: every value is one its control offers."""
    fields = knobs(explorer.Params)
    for name, value in state.items():
        assert name in fields, f"{name} is not a control of {explorer.__name__}"
        assert fields[name].parse(fields[name].encode(value)) == value, (name, value)


@pytest.mark.parametrize("explorer", TAUGHT, ids=[m.__name__.rsplit(".", 1)[-1] for m in TAUGHT])
def test_every_page_has_two_to_four_challenges_a_tour_of_four_steps_and_a_main_chart(explorer):
    assert lessons.of(explorer) is not None, f"lessons/{explorer.__name__.rsplit('.', 1)[-1]}.py is missing"
    assert 2 <= len(lessons.challenges(explorer)) <= 4
    assert len(lessons.tour(explorer)) >= 4
    assert lessons.main(explorer) is not None, "Compare two settings needs the page's main chart (MAIN)"


@pytest.mark.parametrize("explorer, challenge", _cases("challenge"))
def test_a_challenge_reveals_its_lesson_from_the_result(explorer, challenge):
    _linkable(explorer, challenge.state)
    result = explorer.run(lessons.params_at(explorer, challenge.state))
    answer = challenge.answer(result)
    assert answer in challenge.options
    assert answer == challenge.expected, f"{challenge.question}: the result says {answer!r}"
    why = challenge.why(result)
    assert isinstance(why, str) and len(why) > 20


@pytest.mark.parametrize("explorer, step", _cases("step"))
def test_a_tour_step_says_what_its_state_shows(explorer, step):
    _linkable(explorer, step.state)
    result = explorer.run(lessons.params_at(explorer, step.state))
    if step.holds is not None:
        assert step.holds(result), step.say


@pytest.mark.parametrize("explorer, claim", _cases("claim"))
def test_a_caption_says_what_its_state_shows(explorer, claim):
    _linkable(explorer, claim.state)
    result = explorer.run(lessons.params_at(explorer, claim.state))
    assert claim.holds(result), claim.say


def test_a_challenge_whose_answer_is_not_an_option_is_refused():
    with pytest.raises(ValueError, match="not one of its options"):
        lessons.Challenge("?", ("a", "b"), {}, answer=str, expected="c", why=str)


@pytest.mark.parametrize("explorer", TAUGHT, ids=[m.__name__.rsplit(".", 1)[-1] for m in TAUGHT])
def test_a_comparison_draws_the_main_chart_and_finite_measures(explorer):
    import math

    result = explorer.run(explorer.Params())
    for label, measure, form in lessons.measures(explorer):
        assert math.isfinite(measure(result)) and form.format(measure(result)), label
    main = lessons.main(explorer)
    if main is not None:
        drawn = main(result, "A (pinned)")
        assert drawn.data and drawn.layout.title.text.startswith("A (pinned)")


def test_a_pin_round_trips_through_its_link_value_and_refuses_what_it_cannot_use():
    from explorers import regularization as ex
    from explorers._contract import PIN_CHARS, pin, unpin

    state = ex.Params(penalty="elastic net", alpha=0.1, l1_ratio=0.3, data="cubic")
    assert unpin(ex.Params, pin(state)) == (state, [])
    assert pin(ex.Params()) == ""
    params, problems = unpin(ex.Params, "alpha=7;penalty=ridge;nonsense=1")
    assert params == ex.Params(penalty="ridge") and [p.name for p in problems] == ["alpha"]
    params, problems = unpin(ex.Params, "x" * (PIN_CHARS + 1))
    assert params == ex.Params() and problems and "x" * 50 not in problems[0].reason
