"""Every registered data set loads offline and every random one is seeded."""

import numpy as np
import pytest

from datasets import CLOUDS, CURVES, SERIES, SHIPPED, sample_cloud, sample_curve


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
