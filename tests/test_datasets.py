"""Every registered data set loads offline and every random one is seeded; untrusted images
are checked at their limits."""

import io

import numpy as np
import pytest
from PIL import Image

from datasets import CLOUDS, CURVES, SERIES, SHIPPED, safe_image, sample_cloud, sample_curve


@pytest.fixture
def no_network(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a shipped data set tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_sets_load_without_the_network(name, no_network):
    X, y, names = SHIPPED[name].load()
    assert X.ndim == 2 and len(X) == len(y) > 100
    assert len(names) == X.shape[1]
    assert np.isfinite(X).all()


@pytest.mark.parametrize("name", sorted(CURVES))
def test_curves_are_seeded_and_bounded(name):
    x1, y1 = sample_curve(name, 50, 0.3, np.random.default_rng(4))
    x2, y2 = sample_curve(name, 50, 0.3, np.random.default_rng(4))
    np.testing.assert_array_equal(y1, y2)
    assert np.all((-1 <= x1) & (x1 <= 1))
    grid = np.linspace(-1, 1, 201)
    assert np.abs(CURVES[name].f(grid)).max() <= 1.5  # one vertical scale for every chart


def test_noise_level_changes_only_the_noise():
    x_quiet, y_quiet = sample_curve("sine", 30, 0.0, np.random.default_rng(1))
    x_loud, y_loud = sample_curve("sine", 30, 0.5, np.random.default_rng(1))
    np.testing.assert_array_equal(x_quiet, x_loud)
    np.testing.assert_allclose(y_quiet, CURVES["sine"].f(x_quiet))
    assert not np.allclose(y_quiet, y_loud)


@pytest.mark.parametrize("name", sorted(SERIES))
def test_series_load_offline_with_a_regular_frequency_and_no_gaps(name, no_network):
    series = SERIES[name].load()
    assert series.index.freq is not None, "statsmodels would warn on every fit"
    assert len(series) > 90
    assert np.isfinite(series.to_numpy()).all()


@pytest.mark.parametrize("name", sorted(SERIES))
def test_series_snippet_code_gives_the_loaded_values(name, no_network):
    """Pages paste ``code()`` into their standalone snippets: it must load the same numbers."""
    namespace = {}
    exec(SERIES[name].code("values"), namespace)
    np.testing.assert_array_equal(namespace["values"], SERIES[name].load().to_numpy(float))


@pytest.mark.parametrize("name", sorted(CLOUDS))
def test_clouds_are_seeded_two_dimensional_and_labelled(name):
    points, labels = sample_cloud(name, 300, seed=3)
    again, _ = sample_cloud(name, 300, seed=3)
    np.testing.assert_array_equal(points, again)
    assert points.shape == (300, 2) and labels.shape == (300,)
    assert np.isfinite(points).all()
    assert not np.array_equal(points, sample_cloud(name, 300, seed=4)[0])


# Untrusted images (datasets/safe_image.py): the limits hold exactly at their edges, and what
# is accepted comes out as Pillow's own grey and box filter would make it.

SMALL = safe_image.Limits(max_bytes=1 << 20, max_pixels=30_000, side=50, max_aspect=3.0, min_side=8)


def _encoded(pixels: np.ndarray, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, fmt)
    return buffer.getvalue()


def _noise(h: int, w: int) -> np.ndarray:
    # Noise packs about a pixel a byte, so an over-limit image of it is "too many", not a bomb.
    return np.random.default_rng(h * w).integers(0, 256, (h, w), dtype=np.uint8)


def test_an_accepted_image_is_pillows_grey_box_filtered_to_the_longer_side():
    rgb = np.random.default_rng(0).integers(0, 256, (90, 150, 3), dtype=np.uint8)
    out = safe_image.decode(_encoded(rgb), SMALL)
    expected = np.asarray(Image.fromarray(rgb).convert("L").resize((50, 30), Image.Resampling.BOX))
    np.testing.assert_array_equal(out, expected)
    assert out.dtype == np.uint8 and not out.flags.writeable


def test_a_small_image_is_kept_at_its_size_not_enlarged():
    out = safe_image.decode(_encoded(_noise(20, 30)), SMALL)
    np.testing.assert_array_equal(out, _noise(20, 30))


@pytest.mark.parametrize("h, w, refused", [
    (10, 30, None), (10, 31, "too thin"),  # aspect 3 is the edge
    (8, 20, None), (7, 20, "too small"),  # so is a shorter side of 8
    (100, 300, None), (101, 300, "too many"),  # and 30,000 pixels
])
def test_limits_hold_exactly_at_their_edges(h, w, refused):
    data = _encoded(_noise(h, w))
    if refused is None:
        assert max(safe_image.decode(data, SMALL).shape) == min(50, max(h, w))
    else:
        with pytest.raises(safe_image.ImageRefused, match=refused):
            safe_image.decode(data, SMALL)


def test_every_refusal_says_what_is_accepted():
    with pytest.raises(safe_image.ImageRefused) as refused:
        safe_image.decode(_encoded(_noise(101, 300)), SMALL)
    assert SMALL.accepted() in str(refused.value)
    assert SMALL.accepted() == ("PNG, JPEG, GIF, BMP or WebP images up to 1 MB and 30,000 pixels, "
                                "at most 3 times as long as they are wide")


def test_a_jpeg_is_reduced_while_decoded_and_still_close_to_the_full_decode():
    y, x = np.mgrid[0:800, 0:1200]
    data = _encoded(((x // 4 + y // 4) % 256).astype(np.uint8), "JPEG")
    limits = safe_image.Limits(max_bytes=1 << 22, max_pixels=10**6, side=100)
    out = safe_image.decode(data, limits)
    full = np.asarray(Image.open(io.BytesIO(data)).convert("L").resize((100, 67), Image.Resampling.BOX))
    assert out.shape == full.shape
    assert np.abs(out.astype(int) - full).mean() < 3  # libjpeg's DCT scaling, not a different picture


def test_review_sentences_ship_with_their_licence_and_balanced_labels(no_network):
    from datasets import sentences

    assert "CC BY 4.0" in (sentences.FOLDER / "README.md").read_text()
    table = sentences.load()
    counts = table.groupby(["source", "label"]).size()
    assert set(counts.index) == {(s, y) for s in sentences.SOURCES for y in (0, 1)}
    assert (counts == 500).all()
    # No label or tab left inside a sentence, and no empty sentence.
    assert not table["text"].str.contains("\t").any() and table["text"].str.len().min() > 0
    assert len(sentences.load("imdb")) == 1000
    with pytest.raises(ValueError):
        sentences.load("twitter")
