"""The CNN-filters explorer: the feature maps it draws are the network's own, its numbers
agree with scikit-learn's, the mistakes it lists are mistakes, and the drawing pad's
downscaling makes digits the way scikit-learn's were made."""

import base64
import dataclasses
import io

import numpy as np
import pytest
from PIL import Image
from sklearn.metrics import confusion_matrix

from explorers import cnn_filters as ex
from explorers._torch import torch
from figures import cnn_filters as figs
from figures.theme import COLOUR_NAMES


@pytest.fixture(scope="module")
def default():
    return ex.run(ex.Params())


def fresh_run(p, progress=None):
    """run() without the memo, so a comparison between two runs really retrains."""
    ex._FITS.clear()
    return ex.run(p, progress=progress)


# The network, against its own layers and against a convolution written out in numpy.

@pytest.mark.parametrize("p", [ex.Params(epochs=2, image=7),
                               ex.Params(layers=1, kernel=5, filters=4, epochs=2, image=100)])
def test_feature_maps_and_probabilities_are_the_networks_own(p):
    r = ex.run(p)
    model, _, _ = ex.train(p)  # the same training, so the same weights
    for mine, theirs in zip(r.weights, model.parameters()):
        np.testing.assert_array_equal(mine, theirs.detach().numpy())
    x = ex.as_input(r.X_test[p.image])
    t = torch()
    with t.no_grad():
        # In nn.Sequential each block is conv, ReLU, pool: the ReLU outputs end at 2, 5.
        for layer, maps in enumerate(r.maps):
            np.testing.assert_allclose(maps, model[:3 * layer + 2](x)[0].numpy(), rtol=1e-5, atol=1e-6)
        expected = t.softmax(model(x), dim=1)[0].numpy()
    np.testing.assert_allclose(r.probabilities, expected, rtol=1e-5, atol=1e-7)
    assert r.predicted[p.image] == np.argmax(r.probabilities)


def test_first_layer_is_a_cross_correlation_plus_bias_then_relu(default):
    """What F.conv2d computes, written as the multiply-and-sum a learner would do by hand."""
    r, image = default, default.X_test[3] / 16.0
    k = r.filters.shape[-1]
    padded = np.pad(image, k // 2)
    bias = r.weights[1]
    for f, kernel in enumerate(r.filters):
        by_hand = np.array([[np.sum(padded[i:i + k, j:j + k] * kernel) for j in range(8)] for i in range(8)])
        maps, _ = ex.predict(r, r.X_test[3], layers=2)
        np.testing.assert_allclose(maps[0][f], np.maximum(by_hand + bias[f], 0), rtol=1e-5, atol=1e-5)


def test_filters_are_the_first_convolutions_weights(default):
    np.testing.assert_array_equal(default.filters, default.weights[0][:, 0])
    assert default.filters.shape == (8, 3, 3)
    assert [m.shape for m in default.maps] == [(8, 8, 8), (8, 4, 4)]


def test_start_filters_are_the_seeded_first_convolution_the_snippet_draws(default):
    from explorers._torch import global_rng

    with global_rng(0) as t:  # the snippet: torch.manual_seed(seed), then the first Conv2d
        conv = t.nn.Conv2d(1, 8, 3, padding=1)
    np.testing.assert_array_equal(default.start_filters, conv.weight.detach().numpy()[:, 0])
    assert not np.allclose(default.start_filters, default.filters)  # training moved them


# The numbers on the page.

def test_default_network_is_far_above_chance(default):
    assert default.test_accuracy > 0.9  # chance is 0.1
    assert default.test_curve[0] < 0.3  # and it learned that: the untrained network guesses
    assert default.train_loss[-1] < default.train_loss[0] / 3


def test_confusion_matrix_is_sklearns_and_sums_to_the_test_set(default):
    r = default
    assert r.confusion.sum() == ex.N_TEST == len(r.y_test)
    np.testing.assert_array_equal(r.confusion, confusion_matrix(r.y_test, r.predicted, labels=range(10)))
    assert np.trace(r.confusion) / ex.N_TEST == pytest.approx(r.test_accuracy, rel=1e-6)
    assert r.test_curve[-1] == r.test_accuracy


def test_most_confidently_wrong_are_wrong_and_sorted(default):
    r = default
    wrong = r.predicted[r.wrong] != r.y_test[r.wrong]
    assert wrong.all() and len(r.wrong) == min(ex.N_WRONG, int((r.predicted != r.y_test).sum()))
    shown = r.confidence[r.wrong]
    assert np.all(np.diff(shown) <= 0)
    others = np.setdiff1d(np.flatnonzero(r.predicted != r.y_test), r.wrong)
    assert others.size == 0 or r.confidence[others].max() <= shown[-1]


def test_split_is_stratified_fixed_size_and_follows_the_seed():
    X_train, X_test, y_train, y_test = ex.split(0)
    assert X_test.shape == (ex.N_TEST, 8, 8) and len(X_train) + len(X_test) == 1797
    share = np.bincount(y_test, minlength=10) / np.bincount(np.r_[y_train, y_test], minlength=10)
    np.testing.assert_allclose(share, ex.TEST_SHARE, atol=0.01)
    assert not np.array_equal(ex.split(1)[3], y_test)
    assert X_test.max() == 16 and X_test.min() == 0


def test_same_seed_same_network_and_the_seed_matters():
    p = ex.Params(epochs=2)
    a, b = fresh_run(p), fresh_run(p)
    for wa, wb in zip(a.weights, b.weights):
        np.testing.assert_array_equal(wa, wb)
    c = fresh_run(dataclasses.replace(p, seed=1))
    assert not np.array_equal(a.filters, c.filters)


def test_progress_reports_every_epoch_and_the_image_slider_does_not_retrain():
    calls = []
    p = ex.Params(epochs=3, filters=4)
    r = fresh_run(p, progress=lambda f, text: calls.append(f))
    assert calls == pytest.approx([1 / 3, 2 / 3, 1.0])
    calls.clear()
    other = ex.run(dataclasses.replace(p, image=9), progress=lambda f, text: calls.append(f))
    assert calls == [] and other.weights is r.weights and other.image == 9


def test_results_are_read_only_and_finite(default):
    for name in ("filters", "X_test", "confusion", "confidence", "wrong", "probabilities"):
        assert not getattr(default, name).flags.writeable, name
    assert all(not w.flags.writeable for w in default.weights)
    assert all(not m.flags.writeable for m in default.maps)


# The drawing pad.

def test_downscale_counts_ink_in_4x4_blocks_of_a_32x32_bitmap_as_the_digits_were_made():
    rng = np.random.default_rng(0)
    bits = rng.random((32, 32)) < 0.4
    bits[0, 5] = bits[31, 7] = bits[4, 0] = bits[9, 31] = True  # ink on every edge: nothing to crop
    drawing = np.kron(bits, np.ones((6, 6)))  # drawn on a 192-pixel pad
    expected = bits.reshape(8, 4, 8, 4).sum(axis=(1, 3))
    np.testing.assert_array_equal(ex.downscale(drawing), expected)


def test_downscale_ignores_where_on_the_pad_and_how_large_the_digit_is():
    digit = ex.split(0)[1][0]  # an 8x8 digit, drawn large and small at two places
    big = np.zeros((192, 192))
    big[20:20 + 128, 40:40 + 128] = np.kron(digit >= 8, np.ones((16, 16)))
    small = np.zeros((192, 192))
    small[100:164, 10:74] = np.kron(digit >= 8, np.ones((8, 8)))
    np.testing.assert_array_equal(ex.downscale(big), ex.downscale(small))
    assert ex.downscale(np.zeros((192, 192))).sum() == 0


def test_downscale_reads_uint8_ink_as_the_same_drawing_on_a_0_to_255_scale():
    ink = np.random.default_rng(1).integers(0, 256, (192, 192)).astype(np.uint8)
    ink[:40] = 0  # a margin to crop, so the bounding box matters
    np.testing.assert_array_equal(ex.downscale(ink), ex.downscale(ink / 255.0))
    assert ex.downscale(ink).sum() > 0


def test_ink_is_darkness_on_white():
    grey = np.array([[0, 255, 128]], np.uint8)
    ink = ex.ink_from_grey(grey)
    assert ink.dtype == np.uint8
    np.testing.assert_array_equal(ink, [[255, 0, 127]])


def _pad_png(bits: np.ndarray, transparent_ground: bool) -> str:
    """A data URL as the pad sends it: black strokes, on white or on nothing."""
    rgba = np.full((*bits.shape, 4), 255, np.uint8)
    rgba[bits, :3] = 0
    if transparent_ground:
        rgba[~bits, 3] = 0
    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@pytest.mark.parametrize("transparent_ground", [False, True])
def test_a_drawing_from_the_pad_becomes_the_digit_the_network_reads(transparent_ground):
    digit = ex.split(0)[1][3]  # an 8x8 test digit, drawn 16 pixels a cell on the 192 pad
    bits = np.zeros((ex.CANVAS, ex.CANVAS), bool)
    bits[30:30 + 128, 40:40 + 128] = np.kron(digit >= 8, np.ones((16, 16), bool))
    image = ex.drawn_digit(_pad_png(bits, transparent_ground))
    np.testing.assert_array_equal(image, ex.downscale(bits.astype(float)))
    assert image.shape == (8, 8) and image.sum() > 0


# What the figures carry.

def test_filter_figure_shows_every_filter_on_a_scale_centred_at_zero(default):
    trace = figs.filters_figure(default).data[0]
    z = np.asarray(trace.z, float)
    tiles = [z[0:3, 4 * i:4 * i + 3] for i in range(8)]
    np.testing.assert_allclose(tiles, default.filters)
    assert trace.zmid == 0 and trace.zmin == -trace.zmax == -np.abs(default.filters).max()


def test_red_is_positive_weight_blue_negative_and_a_map_is_dark_where_it_is_active(default):
    # The captions: "red weights add the ink under them, blue ones subtract it"; "a map is
    # dark where its filter's pattern occurs".
    weights = figs.filters_figure(default).data[0]
    assert [c for _, c in weights.colorscale] == [figs.BLUE, "#FFFFFF", figs.VERMILLION]
    assert COLOUR_NAMES[figs.VERMILLION] == "red" and COLOUR_NAMES[figs.BLUE] == "blue"
    maps = figs.maps_figure(default.maps[0], 1).data[0]
    assert [c for _, c in maps.colorscale] == ["#FFFFFF", figs.BLUE]
    assert maps.zmin == 0 and maps.zmax == default.maps[0].max() > 0


def test_map_and_wrong_figures_carry_their_images(default):
    z = np.asarray(figs.maps_figure(default.maps[1], 2).data[0].z, float)
    np.testing.assert_allclose(z[0:4, 5:9], default.maps[1][1])
    fig = figs.wrong_figure(default)
    labels = [a.text for a in fig.layout.annotations]
    for i, text in zip(default.wrong, labels):
        assert f"says {default.predicted[i]}" in text and f"is a {default.y_test[i]}" in text
    np.testing.assert_allclose(np.asarray(fig.data[0].z, float)[0:8, 0:8], default.X_test[default.wrong[0]])


def test_confusion_and_training_figures_carry_the_numbers(default):
    np.testing.assert_array_equal(np.asarray(figs.confusion_figure(default).data[0].z), default.confusion)
    acc = figs.training_figure(default, "accuracy")
    np.testing.assert_allclose(acc.data[1].y, default.test_curve)
    np.testing.assert_allclose(figs.training_figure(default, "loss").data[0].y, default.train_loss)


def test_a_diverging_training_keeps_the_last_finite_network_as_the_snippet_does(capsys):
    # Beyond the slider's range on purpose: no setting on it diverges in a few epochs, but
    # the explorer and the snippet must still agree when a learning rate blows up.
    p = ex.Params(learning_rate=1e20, epochs=3)
    r = fresh_run(p)
    assert r.diverged and r.epochs_run == 0
    assert np.isfinite(r.train_loss).all() and np.isfinite(r.filters).all()
    untrained = fresh_run(dataclasses.replace(p, epochs=1, learning_rate=0.0001))
    assert r.train_loss[0] == untrained.train_loss[0]  # the same start, kept as it was
    namespace = {"__name__": "__main__"}
    exec(ex.code(p), namespace)
    assert "diverged in epoch 1" in capsys.readouterr().out
    assert namespace["test_accuracy"] == pytest.approx(r.test_accuracy, rel=1e-6)
