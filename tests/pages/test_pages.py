"""Every page in the navigation opens, and survives every widget moved to its extremes."""

import pytest

from roadmap import topics

from .apptest import PAGES, extremes, failures, movable_widgets, open_page


def test_the_navigation_lists_every_live_page():
    assert "views/bias_variance.py" in PAGES and "views/regularization.py" in PAGES


@pytest.mark.parametrize("page", ["views/home.py", *PAGES])
def test_page_opens_without_error(page):
    at = open_page(page)
    assert not failures(at)
    assert at.title, "every page starts with a title"


@pytest.mark.parametrize("page", PAGES)
def test_page_has_notice_code_panel_and_metrics(page):
    at = open_page(page)
    text = " ".join(m.value for m in at.markdown)
    assert "What to notice" in text
    assert any(e.label == "Show the code" for e in at.expander)
    assert at.code and "import" in at.code[0].value
    assert len(at.metric) >= 2


@pytest.mark.parametrize("page", PAGES)
def test_every_widget_survives_its_extremes(page):
    """Each choice in turn, and under it every slider at both ends, then back."""
    at = open_page(page)
    choices = [w for w in movable_widgets(at) if w.type in ("radio", "selectbox")]
    moved = 0
    for choice in choices or [None]:
        options = extremes(choice) if choice else [None]
        for option in options:
            if choice is not None:
                getattr(at, choice.type)(key=choice.key).set_value(option).run()
                assert not failures(at), f"{choice.key}={option}"
            for widget in movable_widgets(at):
                if widget.type in ("radio", "selectbox") or widget.disabled:
                    continue
                default = widget.value
                for value in extremes(widget):
                    getattr(at, widget.type)(key=widget.key).set_value(value).run()
                    assert not failures(at), f"{widget.key}={value} (with {getattr(choice, 'key', '')}={option})"
                    moved += 1
                getattr(at, widget.type)(key=widget.key).set_value(default).run()
        if choice is not None:
            getattr(at, choice.type)(key=choice.key).set_value(choice.value).run()
    assert moved > 0


def test_home_lists_every_topic_and_links_the_live_ones():
    at = open_page("views/home.py")
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    for _, topic in topics():
        assert topic.title in text or any(link.label.strip("*") == topic.title for link in at.get("page_link"))
    links = {link.proto.page for link in at.get("page_link")}
    assert len(links) == len(PAGES)
    coming = text.count("coming]")
    assert coming == len(topics()) - len(PAGES)
