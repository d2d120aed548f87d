"""The preprocessing page through the real app: each view shows its own controls only, its
numbers are the explorer's, an encoder's refusal is a plain message, and the learner's CSV
feeds the scaling view (the other two say they keep their own tables)."""

import numpy as np
import pandas as pd

from datasets import tables
from explorers import preprocessing as ex
from explorers._contract import knobs

from .apptest import charts, failures, hidden_controls, metric_values, open_page

PAGE = "views/preprocessing.py"


def _hidden(at) -> set[str]:
    return hidden_controls(at, ex.Params)



def test_each_view_shows_its_own_controls_and_the_explorers_numbers():
    at = open_page(PAGE, {"outliers": "3", "scaler": "RobustScaler"})
    assert not failures(at)
    p = ex.Params(outliers=3, scaler="RobustScaler")
    assert _hidden(at) == set(knobs(ex.Params)) - set(ex.shown(p))
    assert metric_values(at)["Test accuracy"] == f"{ex.run(p).score:.1%}"
    at.radio(key="view").set_value("imputation").run()
    assert not failures(at)
    p = ex.Params(view="imputation", outliers=3, scaler="RobustScaler")
    assert _hidden(at) == set(knobs(ex.Params)) - set(ex.shown(p))
    assert metric_values(at)["CV R²"] == f"{ex.run(p).score:.3f}"
    at.radio(key="view").set_value("encoding").run()
    at.radio(key="encoder").set_value("target").run()
    assert not failures(at)
    assert {"unknown", "min_frequency"} <= _hidden(at)  # neither applies to the target encoder


def test_an_unseen_category_refused_by_the_encoder_is_a_message_not_a_traceback():
    at = open_page(PAGE, {"view": "encoding"})
    assert not at.exception
    (warning,) = [w.value for w in at.warning]
    assert "refused the Monday bill" in warning and "unknown categories" in warning
    assert metric_values(at)["Monday: lunch?"] == "refused"
    at.radio(key="unknown").set_value("ignore").run()
    assert not failures(at) and not at.warning
    e = ex.run(ex.Params(view="encoding", unknown="ignore")).encoding
    assert metric_values(at)["Monday: lunch?"] == f"{e.new_lunch:.0%}"


def _csv() -> bytes:
    rng = np.random.default_rng(1)
    kind = np.arange(60) % 2
    return pd.DataFrame({"income": np.round(20_000 + 30_000 * kind + 8_000 * rng.normal(size=60)),
                         "age": np.round(40 + 5 * rng.normal(size=60)),
                         "bought": np.where(kind, "yes", "no")}).to_csv(index=False).encode()


def test_the_learners_table_is_the_scaling_views_data_and_only_its():
    at = open_page(PAGE, {"scaler": "StandardScaler"})
    at.file_uploader(key="table_file").set_value(("shop.csv", _csv(), "text/csv")).run()
    assert not failures(at)
    chosen = tables.choose(tables.read_table(_csv()), "income", "age", "bought")
    expected = ex.run(ex.Params(scaler="StandardScaler"), chosen).score
    assert metric_values(at)["Test accuracy"] == f"{expected:.1%}"
    boundary = next(f for f in charts(at).values()
                    if f["layout"].get("xaxis", {}).get("title", {}).get("text") == "income")
    assert boundary["layout"]["yaxis"]["title"]["text"] == "age"
    assert 'pd.read_csv("your_file.csv")' in at.code[0].value
    # The sidebar names the one control a table takes the place of here.
    assert any("the *Data* controls do not apply" in c.value for c in at.caption)
    at.radio(key="view").set_value("imputation").run()
    assert not failures(at)
    assert any("Your table is used by the scaling view" in i.value for i in at.info)
    assert "load_diabetes" in at.code[0].value and "read_csv" not in at.code[0].value
