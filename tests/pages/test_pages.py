"""Every page in the navigation opens, and survives every widget moved to its extremes."""

import importlib
from pathlib import Path

import pytest

from explorers._contract import knobs
from roadmap import SECTIONS, live_topics, start_here, topics

from .apptest import PAGES, chart_places, extremes, failures, movable_widgets, moved_charts, open_page


def test_the_navigation_lists_every_live_page():
    assert "views/bias_variance.py" in PAGES and "views/regularization.py" in PAGES


@pytest.mark.parametrize("page", PAGES)
def test_page_opens_with_notice_code_panel_and_metrics(page):
    at = open_page(page)
    assert not failures(at)
    assert at.title, "every page starts with a title"
    text = " ".join(m.value for m in at.markdown)
    assert "What to notice" in text
    assert any(e.label == "Show the code" for e in at.expander)
    assert at.code and "import" in at.code[0].value
    assert len(at.metric) >= 2


# The sliders that set how much a training page computes (steps, epochs, iterations). The
# other sliders go to their ends with these at their minimum: what a slider's end does to
# the page (its charts, messages and layout) shows at any budget, while the explorer's own
# numbers at each field's ends, at the default budget, are tests/test_contract.py's
# (finite, read-only, reproduced by the page's code). The budget sliders' own ends, under
# the defaults, and the corners below (every slider at its maximum: the largest run the
# page allows, under every option) keep their full size. On DQN this moved ~20 trainings of
# 6,000 steps to 1,000.
BUDGET = {
    "views/dqn.py": ("steps",),
    "views/playground.py": ("epochs",),
    "views/tsne.py": ("iterations",),
    "views/rnn.py": ("epochs",),
    "views/forecasting.py": ("epochs",),
}


@pytest.mark.parametrize("page", PAGES)
def test_every_widget_survives_its_extremes(page):
    """Every slider to both ends under the default choices (a training page's other sliders
    at its smallest budget: ``BUDGET``); then, under every option of every choice, all
    sliders at their minimum together and at their maximum together.

    The corners catch the interactions (the most points with the most iterations, under
    each data set) at a cost that grows with options + sliders, not with their product,
    which on the t-SNE page was minutes. Where the choices are independent of each other
    (``_independent``), they take their options side by side: round r sets every choice to
    its r-th option at once, so each option still meets both corners (under the others'
    r-th), and the cost grows with the most options of one choice instead of their sum.
    """
    at = open_page(page)
    places = chart_places(at)
    assert places, "the page draws its charts through ui.page.chart"
    budget = BUDGET.get(page, ())
    assert {w.key for w in _sliders(at)} >= set(budget), "a budget slider has gone from the page"
    moved = 0
    sliders = sorted(_sliders(at), key=lambda w: w.key not in budget)  # the budget's ends first
    for widget in sliders:
        default = widget.value
        for value in extremes(widget):
            _set(at, widget, value)
            assert not failures(at), f"{widget.key}={value}"
            # A slider redraws the charts where they are (ui/page.aside), never shifts them.
            assert not moved_charts(places, chart_places(at)), f"{widget.key}={value}"
            moved += 1
        # Back without a run of its own: the next slider's first move runs with it, so each
        # move is still made from the defaults (and the choices below start from Reset).
        _put(at, widget, extremes(widget)[0] if widget.key in budget else default)
    choices = [w for w in movable_widgets(at) if w.type in ("radio", "selectbox")]
    if _independent(page, choices):
        for r in range(max(len(extremes(choice)) for choice in choices)):
            at = _defaults(at)
            chosen = {}
            for choice in choices:
                options = extremes(_find(at, choice.key))
                if r < len(options):  # a choice with fewer options stays at its default
                    chosen[choice.key] = options[r]
                    _put(at, choice, options[r])
            at.run()
            assert not failures(at), ", ".join(f"{key}={option}" for key, option in chosen.items())
            moved += _corners(at, chosen)
        assert moved > 0
        return
    for choice in choices:
        for option in extremes(choice):
            at = _enable(page, choice.key, _defaults(at))  # a choice may only apply to some data
            _set(at, _find(at, choice.key), option)
            assert not failures(at), f"{choice.key}={option}"
            moved += _corners(at, {choice.key: option})
    assert moved > 0


def _corners(at, chosen):
    """Every slider at its minimum together, then at its maximum together, under the
    choices ``chosen`` (named in a failure's message). Returns how many runs it made."""
    named = ", ".join(f"{key}={option}" for key, option in chosen.items())
    for end in (0, -1):
        corner = {w.key: extremes(w)[end] for w in _sliders(at)}
        for key, value in corner.items():
            widget = next(w for w in _sliders(at) if w.key == key)
            getattr(at, widget.type)(key=key).set_value(value)
        at.run()
        assert not failures(at), f"{named} with every slider at {corner}"
    return 2


def _independent(page, choices) -> bool:
    """Whether the page's choices can take their options side by side: each is a field of
    the page's ``Params``, usable at the defaults, none greyed out by another's value
    (``Knob.when``: a slider may hang on a choice, and the corners then take the sliders
    each round leaves usable), and the page does not pick which controls apply
    (``HIDE_INACTIVE``). Pages with such links keep one choice at a time from the defaults:
    an option of one choice there can make another's unusable or a combination the page
    rightly refuses (ARIMA's seasonal period, on a series without one)."""
    if not choices:
        return False
    params = importlib.import_module(f"explorers.{Path(page).stem}").Params
    fields = knobs(params)
    keys = {choice.key for choice in choices}
    return (keys <= fields.keys() and not any(choice.disabled for choice in choices)
            and not any(fields[key].when for key in keys)
            and not getattr(params, "HIDE_INACTIVE", False) and not hasattr(params, "shown"))


def _sliders(at):
    return [w for w in movable_widgets(at) if w.type in ("slider", "select_slider") and not w.disabled]


def _defaults(at):
    """The page back at its defaults, by its own Reset button: each option is tried from
    the defaults (as a fresh page would be, without the cost of opening one), so that two
    choices left in a combination the page rightly refuses do not read as a failure."""
    next(b for b in at.button if b.label == "Reset to defaults").click().run()
    return at


def _enable(page, key, at):
    """A page on which the choice ``key`` can be used: ``at`` if it can be there, else a
    fresh page after setting another choice (the data set) to the first option that
    enables it."""
    if not _find(at, key).disabled:
        return at
    at = open_page(page)
    for other in [w for w in movable_widgets(at) if w.type in ("radio", "selectbox") and w.key != key and not w.disabled]:
        for option in other.options:
            _set(at, other, option)
            if not _find(at, key).disabled:
                return at
    raise AssertionError(f"no setting of the other choices enables {key}")


def _find(at, key):
    return next(w for w in movable_widgets(at) if w.key == key)


def _set(at, widget, value):
    _put(at, widget, value).run()


def _put(at, widget, value):
    """``widget`` set to ``value`` for the next run, without running."""
    return getattr(at, widget.type)(key=widget.key).set_value(value)


def test_home_lists_every_topic_and_links_the_live_ones():
    """The home page is the whole map: every topic, live ones as one card link each (named
    by the title, to its page), coming ones as grey text with a "coming" badge; and a
    "Start here" line naming the roadmap's first live pages, from the registry."""
    at = open_page("views/home.py")
    assert not failures(at) and at.title
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    links = [(link.proto.label, link.proto.page) for link in at.get("page_link")]
    live = [topic for _, topic in live_topics()]
    first = start_here()
    start, cards = links[:len(first)], links[len(first):]
    assert first and start == [(t.title, t.url_path) for t in first]
    assert "Start here" in text
    assert cards == [(t.title, t.url_path) for t in live]  # one per live card, in roadmap order
    for _, topic in topics():
        if not topic.page:
            assert f":gray[{topic.title}]" in text
    assert text.count("coming]") == len(topics()) - len(PAGES)
    assert [h.value for h in at.header] == [f"{n}. {s}" for n, s in enumerate(SECTIONS, start=1)]