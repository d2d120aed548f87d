"""The convolution page's own behaviour, through Streamlit's AppTest: uploads (good, bad,
removed), the custom kernel starting from the preset, and a custom kernel in a link.

The generic page tests (tests/pages) cover every widget's extremes and plain links."""

import io

import numpy as np
from PIL import Image

from datasets import images
from datasets.safe_image import Upload
from explorers import convolution as ex
from tests.pages.apptest import charts, open_page

PAGE = "views/convolution.py"


def _png(shape=(300, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 255, shape, dtype=np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def _metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def _upload(at, name, data, mime="image/png"):
    at.file_uploader(key="upload").set_value((name, data, mime)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_an_upload_replaces_the_image_and_says_it_cannot_travel_in_a_link():
    at = open_page(PAGE)
    assert _metrics(at)["Feature map"] == "64 × 96"
    _upload(at, "tall.png", _png((300, 200)))
    assert not at.error
    assert _metrics(at)["Feature map"] == "96 × 64"  # longer side 96, padding 1 keeps the size
    assert any("cannot travel in a link" in i.value for i in at.info)


def test_a_bad_file_gets_a_message_and_the_previous_image_stays():
    at = _upload(open_page(PAGE), "tall.png", _png((300, 200)))
    _upload(at, "notes.png", b"not an image at all")
    assert len(at.error) == 1 and "`notes.png`" in at.error[0].value
    assert "could not be read" in at.error[0].value and "previous image" in at.error[0].value
    assert _metrics(at)["Feature map"] == "96 × 64"  # still the good upload
    assert charts(at)
    at.slider(key="row").set_value(3).run()  # a rerun keeps both the image and the message
    assert len(at.error) == 1 and _metrics(at)["Feature map"] == "96 × 64"


def test_a_bad_first_file_keeps_the_shipped_image_and_removing_an_upload_returns_to_it():
    at = _upload(open_page(PAGE), "thin.png", _png((20, 300)))
    assert "too thin" in at.error[0].value and "its own image" in at.error[0].value
    assert _metrics(at)["Feature map"] == "64 × 96"
    _upload(at, "wide.png", _png((100, 300)))
    assert _metrics(at)["Feature map"] == "32 × 96"
    at.file_uploader(key="upload").set_value(None).run()
    assert not at.error and not at.exception
    assert _metrics(at)["Feature map"] == "64 × 96"


def test_a_file_name_is_shown_literally_not_as_markdown():
    name = "[log in here](https://example.com) ![x](https://example.com/p.png).png"
    at = _upload(open_page(PAGE), name, _png((300, 200)))
    shown = next(i.value for i in at.info if "Showing your upload" in i.value)
    assert f"`{name}`" in shown  # a code span: markdown inside it is not read
    _upload(at, "**bold** [x](https://example.com).png", b"not an image")
    assert "`**bold** [x](https://example.com).png`" in at.error[0].value


def test_an_image_in_a_format_not_allowed_is_refused_whatever_its_name():
    buffer = io.BytesIO()
    Image.new("L", (200, 100)).save(buffer, "TIFF")
    at = _upload(open_page(PAGE), "photo.png", buffer.getvalue())
    assert "PNG, JPEG, GIF, BMP or WebP" in at.error[0].value and "its own image" in at.error[0].value
    assert _metrics(at)["Feature map"] == "64 × 96"


def test_a_small_file_declaring_millions_of_pixels_is_named_a_decompression_bomb():
    buffer = io.BytesIO()
    Image.new("1", (5000, 5000)).save(buffer, "PNG")  # 3 kB, 25 million pixels
    at = _upload(open_page(PAGE), "bomb.png", buffer.getvalue())
    assert "decompression bomb" in at.error[0].value and "16 million pixels" in at.error[0].value
    assert _metrics(at)["Feature map"] == "64 × 96" and charts(at)


def _weights(at) -> list:
    return [[int(w) for w in row.split()] for row in at.text_area(key="weights").value.splitlines()]


def test_custom_starts_from_the_chosen_preset():
    at = open_page(PAGE)
    at.selectbox(key="kernel").set_value("Gaussian blur").run()
    assert at.text_area(key="weights").disabled  # a preset's weights are shown, greyed out
    assert _weights(at) == [[1, 2, 1], [2, 4, 2], [1, 2, 1]] and at.slider(key="divisor").value == 16
    blur = _metrics(at)
    at.selectbox(key="kernel").set_value("custom").run()
    assert _weights(at) == [[1, 2, 1], [2, 4, 2], [1, 2, 1]] and at.slider(key="divisor").value == 16
    assert not at.text_area(key="weights").disabled and not at.slider(key="divisor").disabled
    assert _metrics(at) == blur
    at.text_area(key="weights").set_value("1 2 1\n2 -8 2\n1 2 1").run()
    assert not at.error and _metrics(at) != blur
    assert at.query_params["weights"] == "1 2 1_2 -8 2_1 2 1"
    # Another preset shows its own weights again.
    at.selectbox(key="kernel").set_value("box blur").run()
    assert _weights(at) == [[1] * 3] * 3 and at.slider(key="divisor").value == 9


def test_bad_weights_are_reported_and_the_last_good_kernel_stays():
    at = open_page(PAGE, {"kernel": "custom"})
    at.text_area(key="weights").set_value("1 2 1\n2 4 2\n1 2 1").run()
    good = _metrics(at)
    for text, words in [("1 2 1\n2 40 2\n1 2 1", "outside -10 to 10"),
                        ("1 2\n2 4\n1 2", "2 columns"), ("1 2 1\n2 x 2\n1 2 1", "whole number")]:
        at.text_area(key="weights").set_value(text).run()
        assert not at.exception
        assert any(words in e.value and "last good" in e.value for e in at.error), words
        assert _metrics(at) == good and at.query_params["weights"] == "1 2 1_2 4 2_1 2 1"


def test_a_link_carries_a_custom_kernel():
    query = {"kernel": "custom", "weights": "3 0 1_-2 -5 2_-1 0 7", "divisor": "2", "row": "5", "col": "9"}
    at = open_page(PAGE, query)
    assert not at.warning and not at.error and not at.exception
    assert _weights(at) == [[3, 0, 1], [-2, -5, 2], [-1, 0, 7]] and at.slider(key="divisor").value == 2
    expected = ex.run(ex.Params(kernel="custom", weights=((3, 0, 1), (-2, -5, 2), (-1, 0, 7)),
                                divisor=2, row=5, col=9))
    assert _metrics(at)["out[5, 9]"] == f"{expected.value:.4g}"
    assert at.query_params["weights"] == query["weights"]


def test_an_old_link_with_nine_weight_knobs_still_opens_its_kernel():
    query = {"kernel": "custom", "w11": "3", "w22": "-5", "w33": "7", "divisor": "2", "row": "5", "col": "9"}
    at = open_page(PAGE, query)
    assert not at.warning and not at.error and not at.exception
    assert _weights(at) == [[3, 0, 1], [-2, -5, 2], [-1, 0, 7]]  # the rest: Sobel x, the default
    assert "w11" not in at.query_params and at.query_params["weights"] == "3 0 1_-2 -5 2_-1 0 7"
    bad = open_page(PAGE, {"kernel": "custom", "w12": "[x](https://e.com)"})
    assert any("`weights`" in w.value and "not a whole number" in w.value for w in bad.warning)



def test_a_comparison_on_an_upload_compares_the_upload():
    png = _png((300, 200))
    at = _upload(open_page(PAGE), "tall.png", png)
    at.button(key="pin_set").click().run()
    at.slider(key="stride").set_value(2).run()
    upload = Upload("tall.png", images.decode_upload(png))
    a, b = ex.run(ex.Params(), upload), ex.run(ex.Params(stride=2), upload)
    shown = {m.label: m for m in at.metric}["Value: B"]
    assert shown.value == f"{b.value:.4g}" and f"{b.value - a.value:+.3g}" in shown.proto.delta
    assert a.value != ex.run(ex.Params()).value  # the shipped image would give another A
