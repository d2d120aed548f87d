"""The PCA & LDA explorer: checked against scikit-learn's PCA, LDA and cross-validation,
against PCA's own identities, on the toy set built to fool PCA, its code snippet, and the
data its figures carry."""

import numpy as np
import pytest
from sklearn.datasets import load_digits, load_iris, load_wine
from sklearn.decomposition import PCA
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.neighbors import NearestCentroid
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from explorers import pca_lda as ex
from figures import pca_lda as figs

LOADERS = {"iris": load_iris, "wine": load_wine, "digits": load_digits}
SETTINGS = [
    ex.Params(),
    ex.Params(data=ex.LONG, angle=120.0, stretch=2.0, gap=4.0, n_points=200, seed=3, k=2),
    ex.Params(data=ex.SHORT, scale="standardized", angle=0.0, seed=5),
    ex.Params(data="iris", k=2),
    ex.Params(data="iris", scale="standardized", k=3),
    ex.Params(data="wine", k=5),
    ex.Params(data="wine", scale="standardized", k=13),
    ex.Params(data="digits", k=10, seed=2),
    ex.Params(data="digits", scale="standardized", k=64),
]
IDS = [f"{p.data}-{p.scale}-k{p.k}" for p in SETTINGS]


@pytest.fixture(autouse=True)
def one_thread():
    """The reference fits on one BLAS/OpenMP thread, as the explorer's own: on a busy two-core
    machine competing threads made scikit-learn's LDA on digits 50x slower."""
    with threadpool_limits(limits=1):
        yield


def expected_data(p):
    """The data as the page should see it, built here from scikit-learn and numpy alone."""
    if p.data in ex.TOYS:
        X, y = ex.two_classes(p.n_points, p.angle, p.stretch, p.gap, p.data == ex.SHORT,
                              np.random.default_rng(p.seed))
    else:
        X, y = LOADERS[p.data](return_X_y=True)
    return (StandardScaler().fit_transform(X) if p.scale == "standardized" else X), y


def assert_equal_up_to_sign(actual, expected, atol):
    """Columns of ``actual`` equal those of ``expected`` times +1 or -1."""
    actual, expected = np.atleast_2d(actual), np.atleast_2d(expected)
    for j in range(expected.shape[1]):
        sign = np.sign(actual[:, j] @ expected[:, j]) or 1.0
        np.testing.assert_allclose(actual[:, j], sign * expected[:, j], atol=atol)


def fresh_run(p):
    for cached in (ex._data, ex._pca, ex._lda, ex._separation, ex._shown):
        cached.cache_clear()
    return ex.run(p)


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_pca_matches_scikit_learn(p):
    r = ex.run(p)
    X, y = expected_data(p)
    pca = PCA().fit(X)
    np.testing.assert_allclose(r.X, X, atol=1e-12)
    np.testing.assert_array_equal(r.y, y)
    np.testing.assert_allclose(r.mean, pca.mean_, atol=1e-10)
    np.testing.assert_allclose(r.explained_variance, pca.explained_variance_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(r.explained_variance_ratio, pca.explained_variance_ratio_, atol=1e-10)
    # Components with a clearly distinct variance are unique up to sign (digits' last
    # components have variance ~0 and share an arbitrary subspace, so skip those).
    distinct = pca.explained_variance_ > 1e-6 * pca.explained_variance_[0]
    distinct &= np.append(np.abs(np.diff(pca.explained_variance_)) > 1e-8, True)
    assert_equal_up_to_sign(r.components[distinct].T, pca.components_[distinct].T, atol=1e-6)
    d = r.d
    assert_equal_up_to_sign(r.pca_proj, PCA(n_components=d).fit_transform(X), atol=1e-6)


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_lda_matches_scikit_learn_and_has_classes_minus_one_axes(p):
    r = ex.run(p)
    X, y = expected_data(p)
    n_classes = len(np.unique(y))
    assert r.d == min(2, n_classes - 1)
    lda = LinearDiscriminantAnalysis(n_components=r.d).fit(X, y)
    assert_equal_up_to_sign(r.lda_proj, lda.transform(X), atol=1e-6)
    # The drawn LDA direction is the one the transform projects on.
    z = (X - X.mean(axis=0)) @ r.lda_direction
    assert abs(np.corrcoef(z, lda.transform(X)[:, 0])[0, 1]) == pytest.approx(1.0, abs=1e-9)
    assert np.linalg.norm(r.lda_direction) == pytest.approx(1.0)


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_reconstruction_error_is_scikit_learns_and_the_dropped_variance(p):
    r = ex.run(p)
    X, _ = expected_data(p)
    n, n_features = X.shape
    assert r.k == min(p.k, n_features)
    pca_k = PCA(n_components=r.k).fit(X)
    X_hat = pca_k.inverse_transform(pca_k.transform(X))
    assert r.reconstruction_error == pytest.approx(np.mean((X - X_hat) ** 2), rel=1e-7, abs=1e-10)
    # PCA's identity: the squared residual is the variance of the dropped components.
    dropped = r.explained_variance[r.k:].sum() * (n - 1) / n / n_features
    assert r.reconstruction_error == pytest.approx(dropped, rel=1e-6, abs=1e-10)


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_cumulative_variance_climbs_to_one_and_k_reads_it(p):
    r = ex.run(p)
    assert np.all(np.diff(r.cumulative) >= -1e-12)
    assert r.cumulative[-1] == pytest.approx(1.0)
    assert r.explained_k == pytest.approx(r.cumulative[r.k - 1])
    assert np.all(np.diff(r.explained_variance_ratio) <= 1e-12)  # sorted, largest first


@pytest.mark.parametrize("data", ex.DATA)
def test_all_components_give_the_data_back(data):
    r = ex.run(ex.Params(data=data, k=64))
    assert r.k == r.X.shape[1] and r.explained_k == pytest.approx(1.0)
    assert r.reconstruction_error == pytest.approx(0.0, abs=1e-20 + 1e-12 * np.mean(r.X ** 2))


@pytest.mark.parametrize("scale", ex.SCALES)
def test_digits_shown_are_the_data_set_and_come_back_whole_with_every_component(scale):
    r = ex.run(ex.Params(data="digits", scale=scale, k=64, seed=4))
    digits = load_digits()
    assert sorted(digits.target[r.shown]) == list(range(10))
    np.testing.assert_allclose(r.originals, digits.data[r.shown], atol=1e-9)
    np.testing.assert_allclose(r.reconstructions, digits.data[r.shown], atol=1e-6)
    few = ex.run(ex.Params(data="digits", scale=scale, k=3, seed=4))
    assert np.abs(few.reconstructions - few.originals).mean() > 1.0  # 3 components lose detail


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_separation_is_cross_validated_nearest_centroid_accuracy(p):
    r = ex.run(p)
    X, y = expected_data(ex.Params(**{**p.__dict__, "scale": "raw"}))
    scaler = [StandardScaler()] if p.scale == "standardized" else []
    folds = StratifiedKFold(5, shuffle=True, random_state=p.seed)
    for projection, got in ((PCA(n_components=r.d), r.sep_pca),
                            (LinearDiscriminantAnalysis(n_components=r.d), r.sep_lda)):
        model = make_pipeline(*scaler, projection, NearestCentroid())
        assert got == pytest.approx(cross_val_score(model, X, y, cv=folds).mean(), abs=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_lda_separates_what_pca_misses_when_classes_differ_along_the_short_axis(seed):
    angle = 25.0 + 30 * seed
    short = ex.run(ex.Params(data=ex.SHORT, seed=seed, angle=angle))
    assert short.sep_lda > short.sep_pca + 0.2
    # PC1 runs along the long axis, LDA's axis across it.
    theta = np.deg2rad(angle)
    long_axis, short_axis = np.array([np.cos(theta), np.sin(theta)]), np.array([-np.sin(theta), np.cos(theta)])
    assert abs(short.components[0] @ long_axis) > 0.95
    assert abs(short.lda_direction @ short_axis) > 0.9
    # Split along the long axis instead, PCA's first axis is as good as LDA's.
    long = ex.run(ex.Params(data=ex.LONG, seed=seed, angle=angle))
    assert abs(long.sep_lda - long.sep_pca) < 0.05


def test_raw_wine_is_one_feature_in_pc1_and_standardizing_spreads_it():
    raw = ex.run(ex.Params(data="wine"))
    loud = raw.feature_names.index("proline")
    assert np.argmax(np.var(raw.X, axis=0)) == loud
    assert abs(raw.components[0, loud]) > 0.99
    scaled = ex.run(ex.Params(data="wine", scale="standardized"))
    assert np.abs(scaled.components[0]).max() < 0.5
    assert scaled.sep_pca > raw.sep_pca  # scale matters to PCA ...
    assert scaled.sep_lda == pytest.approx(raw.sep_lda, abs=0.02)  # ... hardly to LDA


def test_same_seed_same_result_read_only_and_the_memo_is_faithful():
    p = ex.Params(seed=11, angle=70.0)
    cached = [ex.run(p), ex.run(p)][1]
    fresh = fresh_run(p)
    for name in ("X", "components", "pca_proj", "lda_proj", "pc1_foot"):
        np.testing.assert_array_equal(getattr(cached, name), getattr(fresh, name))
    assert (cached.sep_pca, cached.sep_lda) == (fresh.sep_pca, fresh.sep_lda)
    for name in ("X", "components", "cumulative", "lda_proj"):
        with pytest.raises(ValueError):
            getattr(cached, name)[0] = 0.0
    other = ex.run(ex.Params(seed=12, angle=70.0))
    assert not np.allclose(other.X, cached.X)


# The code panel.

@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_the_snippet_reproduces_every_number(p, capsys):
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p), "<pca_lda code>", "exec"), namespace)
    r = ex.run(p)
    np.testing.assert_allclose(namespace["X_fit"], r.X, atol=1e-12)
    assert namespace["explained_k"] == pytest.approx(r.explained_k, rel=1e-9)
    assert namespace["reconstruction_error"] == pytest.approx(r.reconstruction_error, rel=1e-6, abs=1e-10)
    assert namespace["sep_pca"] == pytest.approx(r.sep_pca, abs=1e-12)
    assert namespace["sep_lda"] == pytest.approx(r.sep_lda, abs=1e-12)
    assert "nearest-centroid accuracy" in capsys.readouterr().out


# Figures carry the Result's arrays.

def test_axes_figure_draws_arrows_along_the_components_and_drop_lines_onto_pc1():
    r = ex.run(ex.Params(angle=40.0, stretch=2.5))
    fig = figs.axes_figure(r)
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == 2
    for i, arrow in enumerate(arrows):
        vector = np.array([arrow.x - arrow.ax, arrow.y - arrow.ay])
        np.testing.assert_allclose([arrow.ax, arrow.ay], r.mean)
        np.testing.assert_allclose(vector, 2 * np.sqrt(r.explained_variance[i]) * r.components[i])
    drops = next(t for t in fig.data if t.name.startswith("drop line"))
    x, y = np.asarray(drops.x, float).reshape(-1, 3), np.asarray(drops.y, float).reshape(-1, 3)
    np.testing.assert_array_equal(x[:, 0], r.X[:, 0])
    np.testing.assert_array_equal(y[:, 1], r.pc1_foot[:, 1])
    # Each foot lies on the PC1 line, and the drop is at right angles to it.
    offset = r.pc1_foot - r.mean
    assert np.abs(offset @ r.components[1]).max() < 1e-9
    assert np.abs((r.X - r.pc1_foot) @ r.components[0]).max() < 1e-9
    assert fig.layout.yaxis.scaleanchor == "x"


@pytest.mark.parametrize("data, k", [(ex.SHORT, 1), ("wine", 4), ("digits", 12)])
def test_scree_figure_carries_the_ratios_and_marks_k(data, k):
    r = ex.run(ex.Params(data=data, k=k))
    fig = figs.scree_figure(r)
    bars, line = fig.data
    np.testing.assert_array_equal(bars.y, r.explained_variance_ratio)
    np.testing.assert_array_equal(line.y, r.cumulative)
    assert sum(c == figs.BLUE for c in bars.marker.color) == k
    (marker,) = fig.layout.shapes
    assert marker.x0 == marker.x1 == k
    assert f"{r.explained_k:.1%}" in fig.layout.annotations[0].text


@pytest.mark.parametrize("data", ex.DATA)
def test_projection_figures_show_each_class_in_d_dimensions(data):
    r = ex.run(ex.Params(data=data))
    for method, Z, score in (("pca", r.pca_proj, r.sep_pca), ("lda", r.lda_proj, r.sep_lda)):
        fig = figs.projection_figure(r, method)
        assert len(fig.data) == len(r.class_names)
        assert f"{score:.1%}" in fig.layout.title.text
        for c, t in enumerate(fig.data):
            assert t.type == ("histogram" if r.d == 1 else "scatter")
            np.testing.assert_array_equal(t.x, Z[r.y == c, 0])
            if r.d == 2:
                np.testing.assert_array_equal(t.y, Z[r.y == c, 1])
            else:  # shared bins covering every point, so the classes' bars compare
                assert t.xbins == fig.data[0].xbins
                assert t.xbins.start <= Z[:, 0].min() and Z[:, 0].max() <= t.xbins.end


def test_digit_figures_tile_the_images():
    r = ex.run(ex.Params(data="digits", k=6))
    (heatmap,) = figs.reconstruction_figure(r).data
    z = np.asarray(heatmap.z, float)
    step = figs.SIDE + 1
    for j in range(ex.N_SHOWN):
        np.testing.assert_array_equal(z[:8, j * step:j * step + 8], r.originals[j].reshape(8, 8))
        np.testing.assert_allclose(z[step:step + 8, j * step:j * step + 8],
                                   np.clip(r.reconstructions[j], 0, 16).reshape(8, 8))
    assert np.isnan(z[8]).all()  # the gutter between the rows
    (components,) = figs.components_figure(r).data
    np.testing.assert_array_equal(np.asarray(components.z, float)[step:step + 8, :8],
                                  r.components[4].reshape(8, 8))


def test_loadings_figure_carries_pc1_and_pc2():
    r = ex.run(ex.Params(data="iris"))
    fig = figs.loadings_figure(r)
    for i, t in enumerate(fig.data):
        np.testing.assert_array_equal(t.x, r.components[i])
        assert list(t.y) == list(r.feature_names)


def test_the_dashed_line_is_ldas_axis_and_component_images_are_red_positive_blue_negative():
    """What the captions and titles say the marks mean."""
    r = ex.run(ex.Params(angle=40.0))
    (dashed,) = [s for s in figs.axes_figure(r).layout.shapes if s.line.dash == "dash"]
    along = np.array([dashed.x1 - dashed.x0, dashed.y1 - dashed.y0])
    assert abs(along @ r.lda_direction) == pytest.approx(np.linalg.norm(along))
    assert np.allclose([(dashed.x0 + dashed.x1) / 2, (dashed.y0 + dashed.y1) / 2], r.mean)
    (images,) = figs.components_figure(ex.run(ex.Params(data="digits"))).data
    scale = dict((at, colour) for at, colour in images.colorscale)
    assert images.zmid == 0 and scale[1.0] == figs.VERMILLION and scale[0.0] == figs.BLUE
