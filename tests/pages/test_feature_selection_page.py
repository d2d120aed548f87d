"""The feature-selection page through the real app: each view shows its own controls only,
its numbers are the explorer's, and a learner's CSV becomes the data of the views that read
a table (every numeric column, or the ones picked), with its names shown back as code."""

from datasets import feature_table, tables
from explorers import feature_selection as ex
from explorers._contract import is_active, knobs
from tests.explorers.test_feature_selection import flowers

from .apptest import failures, hidden_controls, metric_values, open_page

PAGE = "views/feature_selection.py"


def _hidden(at) -> set[str]:
    return hidden_controls(at, ex.Params)


def _shown(params) -> set[str]:
    values = {name: getattr(params, name) for name in knobs(ex.Params)}
    return {name for name, k in knobs(ex.Params).items() if is_active(k, values)}



def upload(at, data, name="flowers.csv"):
    at.file_uploader(key="table_file").set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_view_shows_its_own_controls_and_the_explorers_numbers():
    at = open_page(PAGE, {"view": ex.LEAK, "leak_k": "5"})
    assert not failures(at)
    params = ex.Params(view=ex.LEAK, leak_k=5)
    assert _hidden(at) == set(knobs(ex.Params)) - _shown(params)
    s = ex.run(params).leakage
    shown = metric_values(at)
    assert shown["Chosen outside"] == f"{s.outside_accuracy:.1%}"
    assert shown["Chosen inside"] == f"{s.inside_accuracy:.1%}"
    at.selectbox(key="view").set_value(ex.IMPORTANCE).run()
    assert not failures(at)
    assert {"survey", "min_leaf", "seed"} <= set(knobs(ex.Params)) - _hidden(at)
    m = ex.run(ex.Params(view=ex.IMPORTANCE)).importance
    assert metric_values(at)["Test accuracy"] == f"{m.test_accuracy:.1%}"


def test_an_upload_is_the_data_of_the_selection_view():
    at = upload(open_page(PAGE, {"view": ex.SELECT, "noise_features": "5", "k": "3"}), flowers())
    assert not failures(at)
    table = tables.read_table(flowers())
    chosen = feature_table.choose_columns(table, "species", feature_table.default_features(table, "species"))
    s = ex.run(ex.Params(view=ex.SELECT, noise_features=5, k=3), chosen).selection
    assert metric_values(at)["SelectKBest"] == f"{s.methods[0].cv_accuracy:.1%}"
    notes = " ".join(c.value for c in at.caption)
    assert "Your table `flowers.csv`: 90 rows, 4 feature columns" in notes
    assert "`stem <b>(mm)</b>`" in notes  # the learner's names only as code spans
    assert 'pd.read_csv("your_file.csv", sep=";", decimal=",")' in at.code[0].value
    assert not any("flowers" in str(v) or "mm" in str(v) for v in at.query_params.values())
    # Fewer columns: the page follows the pick.
    key = next(w.key for w in at.multiselect if w.key.startswith("table_features_columns_"))
    at.multiselect(key=key).set_value(["height", "width"]).run()
    assert not failures(at)
    fewer = feature_table.choose_columns(table, "species", ["height", "width"])
    s = ex.run(ex.Params(view=ex.SELECT, noise_features=5, k=3), fewer).selection
    assert metric_values(at)["SelectKBest"] == f"{s.methods[0].cv_accuracy:.1%}"


def test_a_bad_pick_of_columns_keeps_the_previous_one_and_says_why():
    at = upload(open_page(PAGE, {"view": ex.PCA_VIEW}), flowers())
    before = metric_values(at)
    key = next(w.key for w in at.multiselect if w.key.startswith("table_features_columns_"))
    at.multiselect(key=key).set_value(["height"]).run()
    assert not at.exception
    (error,) = at.error
    assert "at least two numeric columns" in error.value and "keeps what it showed before" in error.value
    assert metric_values(at) == before


def test_views_that_draw_their_own_data_say_the_table_is_not_used():
    at = upload(open_page(PAGE), flowers())
    assert not failures(at)
    assert any("not used in this view" in i.value for i in at.info)
    assert metric_values(at)["Test accuracy"] == f"{ex.run(ex.Params()).poly.test_accuracy:.1%}"
    at.file_uploader(key="table_file").set_value(None).run()
    assert not failures(at) and not any("not used" in i.value for i in at.info)


def test_the_tour_walks_through_every_view_and_a_challenge_sets_its_own():
    import lessons

    steps = lessons.tour(ex)
    at = open_page(PAGE)
    at.button(key="tour_feature_selection_start").click().run()
    views = []
    for i in range(len(steps)):
        assert not failures(at), i
        assert any(f"Step {i + 1} of {len(steps)}" in info.value for info in at.info)
        views.append(at.selectbox(key="view").value)
        if i < len(steps) - 1:
            at.button(key="tour_feature_selection_next").click().run()
    assert set(views) == set(ex.VIEWS)
    at.radio(key="try_feature_selection_0_guess").set_value("Well above chance").run()
    at.button(key="try_feature_selection_0_show").click().run()
    assert not failures(at) and at.selectbox(key="view").value == ex.LEAK
    assert any("Right: Well above chance." in s.value for s in at.success)
