"""The image project's page: each step opens, links only live pages that explain it, and
shows only its own controls."""

import pytest

from explorers import image_project as ex
from roadmap import live_topics, topics

from .apptest import failures, open_page

PAGE = "views/image_project.py"
LIVE = {topic.title: topic for _, topic in live_topics()}


@pytest.fixture(scope="module")
def at():
    return open_page(PAGE)


@pytest.mark.parametrize("step", ex.STEPS)
def test_each_step_links_the_live_pages_that_explain_it_and_no_other(at, step):
    at.sidebar.selectbox(key="step").set_value(step).run()
    assert not failures(at)
    linked = [(link.proto.label, link.proto.page) for link in at.get("page_link")]
    expected = [(title, LIVE[title].url_path) for title in ex.explained(ex.Params(step=step)) if title in LIVE]
    assert linked == expected
    # A page still to come is named by the step but never linked.
    coming = {topic.title for _, topic in topics() if not topic.page}
    assert not {label for label, _ in linked} & coming
    # The step's own controls are drawn; the others are hidden by the page's CSS.
    css = " ".join(block.proto.body for block in at.get("html") if "display: none" in block.proto.body)
    for name in ("seed", "scaler", "splits", "format"):
        assert (f".st-key-{name}" in css) == (name not in ex.shown(ex.Params(step=step))), (step, name)
