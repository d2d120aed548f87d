"""The cross-validation page through the real app: each view shows its own controls (the
others hidden), its numbers are the explorer's, and the learner's CSV is split and scored by
the folds and spread views, kept through a visit to the views with data of their own."""

import numpy as np
import pandas as pd

import lessons
from datasets import tables
from explorers import cross_validation as ex
from explorers._contract import knobs
from tests.hostile.test_tables import (BOLD, FILE_NAME, HTML, MARKERS, hostile_csv, outside_code_spans,
                                      shown_texts)

from .apptest import charts, failures, hidden_controls, metric_values, open_page

PAGE = "views/cross_validation.py"


def _hidden(at) -> set[str]:
    return hidden_controls(at, ex.Params)



def test_each_view_hides_the_other_views_controls_and_shows_the_explorers_numbers():
    at = open_page(PAGE, {"splitter": "GroupKFold", "groups": "4"})
    assert not failures(at)
    params = ex.Params(splitter="GroupKFold", groups=4)
    assert _hidden(at) == set(knobs(ex.Params)) - set(ex.shown(params))
    f = ex.run(params).folds
    assert metric_values(at)["CV accuracy"] == f"{f.mean:.1%}"
    assert metric_values(at)["Spread (sd)"] == f"{100 * f.sd:.1f} pp"
    at.radio(key="view").set_value("leakage").run()
    assert not failures(at)
    assert _hidden(at) == set(knobs(ex.Params)) - set(ex.shown(ex.Params(view="leakage")))
    g = ex.run(ex.Params(view="leakage")).leakage
    assert metric_values(at)["Outside CV"] == f"{g.outside_mean:.1%}"
    assert metric_values(at)["Inside pipeline"] == f"{g.inside_mean:.1%}"


def _csv() -> bytes:
    rng = np.random.default_rng(0)
    kind = np.repeat([0, 1, 2], [30, 20, 25])
    frame = pd.DataFrame({"weight (g)": np.round(rng.normal(size=75) + 3 * kind, 2),
                          "length (cm)": np.round(rng.normal(size=75) - 2 * kind, 2),
                          "breed": np.array(["ayr", "jersey", "holstein"])[kind]})
    return frame.to_csv(index=False).encode()


def test_an_uploaded_table_is_what_the_folds_split_and_it_survives_the_other_views():
    at = open_page(PAGE)
    at.file_uploader(key="table_file").set_value(("cows.csv", _csv(), "text/csv")).run()
    assert not failures(at)
    chosen = tables.choose(tables.read_table(_csv()), "weight (g)", "length (cm)", "breed")
    f = ex.run(ex.Params(), chosen).folds
    assert metric_values(at)["CV accuracy"] == f"{f.mean:.1%}"
    titles = {c["layout"]["xaxis"]["title"]["text"] for c in charts(at).values()}
    assert "weight (g)" in titles
    assert 'pd.read_csv("your_file.csv")' in at.code[0].value
    # The nested view has data of its own, and says so; the file stays for the way back.
    at.radio(key="view").set_value("nested").run()
    assert not failures(at)
    assert any("runs on data of its own" in c.value for c in at.caption)
    assert "load_breast_cancer" in at.code[0].value
    at.radio(key="view").set_value("spread").run()
    assert not failures(at)
    s = ex.run(ex.Params(view="spread"), chosen).spread
    assert metric_values(at)[f"Spread at k = {s.k}"] == f"{100 * s.sds[s.current]:.1f} pp"
    assert not any("runs on data of its own" in c.value for c in at.caption)


def test_markup_in_a_learners_names_reaches_the_page_only_as_code():
    """As on the classifier pages (tests/hostile/test_tables.py): names shown back as code,
    and escaped in the charts, whose legends and axes name the classes and the columns."""
    at = open_page(PAGE)
    at.file_uploader(key="table_file").set_value((FILE_NAME, hostile_csv(), "text/csv")).run()
    assert not failures(at), failures(at)
    for where, text in shown_texts(at):
        for marker in MARKERS:
            assert marker not in outside_code_spans(text), f"{marker!r} live in a {where}: {text!r}"
    figures = " ".join(str(f) for f in charts(at).values())
    assert "&lt;b&gt;bold" in figures and BOLD not in figures and HTML not in figures


def test_the_tour_walks_every_view_without_a_failure():
    at = open_page(PAGE)
    at.button(key="tour_cross_validation_start").click().run()
    steps = lessons.tour(ex)
    for i, step in enumerate(steps):
        assert not failures(at), (i, failures(at))
        assert any(f"Step {i + 1} of {len(steps)}" in box.value for box in at.info)
        assert at.radio(key="view").value == step.state.get("view", "folds")
        if i < len(steps) - 1:
            at.button(key="tour_cross_validation_next").click().run()
