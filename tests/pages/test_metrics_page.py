"""The metrics page through the real app: each view shows its own controls, its numbers are the
explorer's, the cell picked in the confusion matrix shows its cases (digit images, or rows of a
table) and stays picked while the threshold moves, and a learner's table takes the data's place.
(A real click on a cell is tests/e2e/test_metrics.py's.)"""

import numpy as np
import pandas as pd

from explorers import metrics as ex
from explorers._contract import is_active, knobs

from .apptest import charts, failures, hidden_controls, open_page

PAGE = "views/metrics.py"


def _hidden(at) -> set[str]:
    return hidden_controls(at, ex.Params)


def _title(at, key="metrics_examples") -> str:
    return charts(at)[key]["layout"]["title"]["text"]


def test_each_view_shows_its_own_controls_and_the_explorers_numbers():
    for view in ex.VIEWS:
        at = open_page(PAGE, {"view": view})
        assert not failures(at)
        values = {name: getattr(ex.Params(view=view), name) for name in knobs(ex.Params)}
        assert _hidden(at) == {n for n, k in knobs(ex.Params).items() if not is_active(k, values)}
        shown = {m.label: m.value for m in at.metric}
        r = ex.run(ex.Params(view=view))
        if view == "calibration":
            assert shown["Brier score"] == f"{r.calibration.fitted_curve.brier:.4f} → {r.value:.4f}"
        else:
            label = {"threshold": "F1", "prevalence": "Avg. precision", "averages": "Macro F1"}[view]
            assert shown[label] == f"{r.value:.3f}"


def test_the_picked_cell_shows_its_digits_and_stays_picked_as_the_threshold_moves():
    at = open_page(PAGE)
    r = ex.run(ex.Params())
    assert at.selectbox(key="metrics_cell_2").value == 2  # the missed 8s first
    assert _title(at) == f"False negatives: {min(24, r.threshold.fn)} of {r.threshold.fn}"
    at.selectbox(key="metrics_cell_2").set_value(1).run()
    assert not failures(at)
    assert _title(at) == f"False positives: {r.threshold.fp} of {r.threshold.fp}"
    at.slider(key="threshold").set_value(0.2).run()
    t = ex.run(ex.Params(threshold=0.2)).threshold
    assert at.selectbox(key="metrics_cell_2").value == 1
    assert _title(at) == f"False positives: {min(24, t.fp)} of {t.fp}"
    # The matrix outlines the cell picked, and counts what the explorer counts.
    (matrix,) = at.get("plotly_chart")
    import json

    spec = json.loads(matrix.proto.spec)
    (outline,) = spec["layout"]["shapes"]
    assert (outline["x0"], outline["y0"]) == (0.5, -0.5)  # row 0, column 1: the false positives
    assert [a["text"] for a in spec["layout"]["annotations"]] == [
        f"TN<br>{t.tn}", f"FP<br>{t.fp}", f"FN<br>{t.fn}", f"TP<br>{t.tp}"]


def test_an_empty_cell_says_so():
    at = open_page(PAGE, {"model": "random forest", "threshold": "0.99"})
    at.selectbox(key="metrics_cell_2").set_value(3).run()
    assert not failures(at)
    assert "metrics_examples" not in charts(at)
    assert any("No test case is in this cell (true positives)" in c.value for c in at.caption)
    assert any("nothing is predicted 8" in w.value for w in at.warning)


def test_the_averages_view_starts_at_the_worst_mixup_and_a_table_shows_rows():
    at = open_page(PAGE, {"view": "averages"})
    a = ex.run(ex.Params(view="averages")).averages
    picked = at.selectbox(key="metrics_cell_3").value
    assert picked == ex.worst_mixup(a.confusion)
    true, predicted = divmod(picked, 3)
    assert _title(at).startswith(f"True {'358'[true]}, predicted {'358'[predicted]}")
    at = open_page(PAGE, {"data": "breast cancer"})
    assert not failures(at)
    (table,) = at.dataframe
    assert len(table.value) == min(24, ex.run(ex.Params(data="breast cancer")).threshold.fn)
    assert "mean radius" in table.value.columns


def test_a_learners_table_takes_the_datas_place():
    rng = np.random.default_rng(0)
    kind = np.repeat([0, 1, 2], [60, 40, 20])
    csv = pd.DataFrame({"stem": rng.normal(size=120) + 1.5 * kind, "leaf": rng.normal(size=120) - kind,
                        "species": np.array(["rosa", "tulipa", "viola"])[kind]}).to_csv(index=False).encode()
    at = open_page(PAGE)
    at.file_uploader(key="table_file").set_value(("flowers.csv", csv, "text/csv")).run()
    assert not failures(at)
    assert any("Positive class: your table's rarest, `viola`" in c.value for c in at.caption)
    assert at.dataframe and "metrics_examples" not in charts(at)
    assert 'pd.read_csv("your_file.csv")' in at.code[0].value
    at.radio(key="view").set_value("averages").run()
    assert not failures(at)
    assert any("does not apply to your table" in i.value for i in at.info)


def test_markup_in_a_learners_names_is_shown_only_as_code():
    """tests/hostile/test_tables.py's hostile file on this page, in each view: the names reach
    markdown as code spans and Plotly escaped."""
    from tests.hostile.test_tables import (BOLD, FILE_NAME, HTML, MARKERS, hostile_csv, outside_code_spans,
                                           shown_texts)

    at = open_page(PAGE)
    at.file_uploader(key="table_file").set_value((FILE_NAME, hostile_csv(), "text/csv")).run()
    for view in ex.VIEWS:
        at.radio(key="view").set_value(view).run()
        assert not failures(at), failures(at)
        # (The box of cells names them as plain text; it is checked for being our names' text.)
        texts = shown_texts(at)
        for where, text in texts:
            for marker in MARKERS:
                assert marker not in outside_code_spans(text), f"{marker!r} live in a {where}: {text!r}"
        figures = " ".join(str(f) for f in charts(at).values())
        assert HTML not in figures and BOLD not in figures
        cells = [o for w in at.selectbox if w.key.startswith("metrics_cell_") for o in w.options]
        assert bool(cells) == (view in ("threshold", "averages"))
        assert all("&lt;" not in o for o in cells)  # unescaped: plain text, not HTML
    at.radio(key="view").set_value("threshold").run()
    assert any(f"Positive class: your table's rarest, `{BOLD}`" in c.value for c in at.caption)
