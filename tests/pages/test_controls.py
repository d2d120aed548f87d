"""The shared controls: a page's own knobs above the shared data controls, and knobs that
only apply to some data greyed out, even when the data control is drawn after them."""

from .apptest import open_page

PAGE = "views/logistic_regression.py"


def test_own_knobs_come_before_the_shared_data_controls():
    at = open_page(PAGE)
    keys = [w.key for w in at.sidebar if getattr(w, "key", None) in ("C", "threshold", "data", "seed")]
    assert keys.index("C") < keys.index("data") and keys.index("threshold") < keys.index("seed")
    assert any(h.value == "Data" for h in at.sidebar.subheader)


def test_a_knob_greys_out_for_data_chosen_below_it():
    at = open_page(PAGE)
    assert not at.slider(key="threshold").disabled  # moons: two classes
    assert at.radio(key="multiclass").disabled
    at.selectbox(key="data").set_value("iris").run()
    assert at.slider(key="threshold").disabled  # three classes: the threshold does not apply
    assert not at.radio(key="multiclass").disabled


def test_a_link_to_three_class_data_opens_with_the_threshold_greyed_out():
    at = open_page(PAGE, query={"data": "wine"})
    assert at.selectbox(key="data").value == "wine"
    assert at.slider(key="threshold").disabled and not at.exception
