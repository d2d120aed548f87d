"""The outliers explorer: every detector's flags and every fit's slope against scikit-learn and
SciPy run directly, the forest's fast path against IsolationForest, the placed outliers' text
and clicks, and the learner's two-column table."""

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import linalg, stats
from sklearn.covariance import EllipticEnvelope
from sklearn.ensemble import IsolationForest
from sklearn.linear_model import HuberRegressor, LinearRegression, RANSACRegressor, TheilSenRegressor
from sklearn.neighbors import LocalOutlierFactor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from datasets import tables
from explorers import _iforest, _mcd, outliers as ex
from figures import outliers as figs

SETTINGS = [
    ex.Params(),
    ex.Params(rules_on="residuals", contamination=0.2, n_neighbors=5, epsilon=1.1, seed=4),
    ex.Params(n_outliers=10, distance=20.0, placement="spread", z_threshold=2.0, iqr_k=0.5, mad_threshold=1.0),
    ex.Params(n_outliers=0, placed="1,19; 9.5,40", n_points=20, n_neighbors=50, noise=4.0, contamination=0.5),
]
IDS = ["default", "residuals", "many-far", "placed-small"]


@pytest.fixture(scope="module", params=list(zip(SETTINGS, IDS)), ids=IDS)
def case(request):
    p, _ = request.param
    return p, ex.run(p)


def test_the_points_are_the_line_the_sliders_outliers_and_the_placed_ones(case):
    p, r = case
    rng = np.random.default_rng(p.seed)
    x = rng.uniform(0, 10, p.n_points)
    y = 1 + 2 * x + rng.normal(0, p.noise, p.n_points)
    lo, hi = ex.PLACEMENTS[p.placement]
    x_out = rng.uniform(10 * lo, 10 * hi, p.n_outliers)
    assert np.array_equal(r.x[:p.n_points], x) and np.array_equal(r.y[:p.n_points], y)
    np.testing.assert_allclose(r.x[p.n_points:p.n_points + p.n_outliers], x_out)
    # Each slider outlier sits about `distance` noise SDs above the true line.
    rise = (r.y[r.kind == 1] - (1 + 2 * r.x[r.kind == 1])) / p.noise
    assert np.all(np.abs(rise - p.distance) < 5 * ex.JITTER)
    assert [tuple(pt) for pt in np.column_stack([r.x, r.y])[r.kind == 2]] == list(ex.read_placed(p.placed))
    assert r.n_added == p.n_outliers + len(ex.read_placed(p.placed))


def test_slopes_are_the_pipelines_own(case):
    p, r = case
    X = r.x.reshape(-1, 1)
    models = {"least squares": LinearRegression(), "Huber": HuberRegressor(epsilon=p.epsilon),
              "RANSAC": RANSACRegressor(random_state=p.seed),
              "Theil-Sen": TheilSenRegressor(random_state=p.seed)}
    for name, model in models.items():
        fitted = make_pipeline(StandardScaler(), model).fit(X, r.y)
        inner = fitted[-1].estimator_ if name == "RANSAC" else fitted[-1]
        # The slope in x's own units: the scaled coefficient over the scale.
        assert r.fit(name).slope == pytest.approx(inner.coef_[0] / fitted[0].scale_[0], rel=1e-9), name
        assert r.fit(name).intercept == pytest.approx(fitted.predict([[0.0]])[0], rel=1e-9, abs=1e-9), name
    assert r.ols_slope == r.fit("least squares").slope
    assert r.true_slope == ex.SLOPE and r.reference == ex.SLOPE
    clean = r.kind == 0
    assert r.clean_slope == pytest.approx(np.polyfit(r.x[clean], r.y[clean], 1)[0])


def test_the_models_flags_are_each_pipelines_fit_predict(case):
    p, r = case
    X = np.column_stack([r.x, r.y])
    k = min(p.n_neighbors, len(X) - 1)
    models = {"IsolationForest": IsolationForest(contamination=p.contamination, random_state=p.seed),
              "LocalOutlierFactor": LocalOutlierFactor(n_neighbors=k, contamination=p.contamination),
              "EllipticEnvelope": EllipticEnvelope(contamination=p.contamination, random_state=p.seed)}
    for name, model in models.items():
        flagged = make_pipeline(StandardScaler(), model).fit_predict(X) == -1
        assert np.array_equal(r.detection(name).flagged, flagged), name
    assert r.n_neighbors == k


def test_the_simple_rules_are_scipys(case):
    p, r = case
    if p.rules_on == "each column":
        values = np.column_stack([r.x, r.y])
    else:
        line = make_pipeline(StandardScaler(), TheilSenRegressor(random_state=p.seed))
        line.fit(r.x.reshape(-1, 1), r.y)
        values = (r.y - line.predict(r.x.reshape(-1, 1))).reshape(-1, 1)
    z = (np.abs(stats.zscore(values, axis=0)) > p.z_threshold).any(axis=1)
    q1, q3 = stats.scoreatpercentile(values, 25, axis=0), stats.scoreatpercentile(values, 75, axis=0)
    iqr = stats.iqr(values, axis=0)
    fences = ((values < q1 - p.iqr_k * iqr) | (values > q3 + p.iqr_k * iqr)).any(axis=1)
    scale = stats.median_abs_deviation(values, axis=0, scale="normal")
    robust = np.abs(values - np.median(values, axis=0)) / scale
    mad = (robust > p.mad_threshold).any(axis=1)
    for name, expected in (("z-score", z), ("IQR", fences), ("MAD", mad)):
        d = r.detection(name)
        assert np.array_equal(d.flagged, expected), name
        # The limits drawn are the rule: outside them on some value exactly when flagged.
        outside = ((values < d.limits[:, 0]) | (values > d.limits[:, 1])).any(axis=1)
        assert np.array_equal(outside, d.flagged), name


def test_counts_add_up(case):
    _, r = case
    added = r.kind > 0
    for d in r.detections:
        assert d.caught == np.sum(d.flagged & added) and d.caught + d.missed == r.n_added
        assert d.others == np.sum(d.flagged & ~added)


def test_code_prints_the_pipelines_and_reproduces_every_number(case, capsys):
    p, r = case
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p), "<outliers code>", "exec"), namespace)
    assert namespace["ols_slope"] == pytest.approx(r.ols_slope, rel=1e-9)
    for name in ex.REGRESSORS:
        assert namespace["slopes"][name] == pytest.approx(r.fit(name).slope, rel=1e-9), name
    for name in ex.DETECTORS:
        assert np.array_equal(namespace["flags"][name], r.detection(name).flagged), name
    out = capsys.readouterr().out
    assert "make_pipeline(StandardScaler()" in ex.code(p) and "catches" in out


@pytest.mark.parametrize("n, seed", [(43, 0), (130, 5), (700, 2)])
def test_the_forests_fast_path_scores_as_isolation_forest(n, seed):
    X = np.random.default_rng(seed).standard_t(3, size=(n, 2))
    assert np.array_equal(_iforest.scores(X, seed), IsolationForest(random_state=seed).fit(X).score_samples(X))


ENVELOPE_CASES = [(43, 0, "t"), (130, 5, "t"), (60, 3, "line"), (20, 7, "t"), (500, 1, "t"), (700, 2, "t")]


@pytest.mark.parametrize("n, seed, shape", ENVELOPE_CASES)
def test_the_fast_envelope_scores_as_elliptic_envelope(n, seed, shape):
    rng = np.random.default_rng(seed)
    X = rng.standard_t(3, size=(n, 2))
    if shape == "line":  # nearly on a line: MinCovDet's covariance close to singular
        X[:, 1] = 2 * X[:, 0] + 1e-9 * rng.standard_normal(n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = ex._Envelope(random_state=seed).fit(X)
        theirs = EllipticEnvelope(random_state=seed).fit(X)
    assert np.array_equal(ours.score_samples(X), theirs.score_samples(X))
    assert np.array_equal(ours.support_, theirs.support_) and ours.offset_ == theirs.offset_


def test_the_c_steps_linear_algebra_is_scipys_and_numpys():
    # explorers/_mcd.py calls LAPACK and numpy directly: the same numbers as pinvh and np.cov.
    rng = np.random.default_rng(0)
    for X in (rng.standard_normal((22, 2)), rng.standard_t(2, size=(65, 2)) * 1e3):
        cov = np.cov(X.T, bias=1)
        assert np.array_equal(_mcd.covariance(X), cov)
        support = X[rng.permutation(len(X))[:12]]  # a C-step's support: rows taken out of order
        assert np.array_equal(_mcd.covariance(support), np.cov(support.T, bias=1))
        assert np.array_equal(_mcd.pinvh(cov), linalg.pinvh(cov))
    singular = (np.array([[1.0, 2.0], [2.0, 4.0]]), np.zeros((2, 2)), np.array([[3.0, 0.0], [0.0, 1e-30]]))
    for cov in singular:  # eigenvalues at the cutoff are dropped alike
        assert np.array_equal(_mcd.pinvh(cov), linalg.pinvh(cov))


def test_the_contamination_flags_that_share_of_the_points():
    r = ex.run(ex.Params(n_outliers=0, contamination=0.25))
    for name in ("IsolationForest", "LocalOutlierFactor", "EllipticEnvelope"):
        assert r.detection(name).flagged.sum() == 10  # a quarter of 40, outliers or not


# ---- the placed outliers ----

@pytest.mark.parametrize("text, points", [
    ("", ()), ("9.5,40", ((9.5, 40.0),)), (" 1, 19 ; 2 21.5;", ((1.0, 19.0), (2.0, 21.5))),
    ("−3,−4", ((-3.0, -4.0),)),
])
def test_placed_text_reads_as_points_and_back(text, points):
    assert ex.read_placed(text) == points
    assert ex.read_placed(ex.write_placed(points)) == points


@pytest.mark.parametrize("text, says", [
    ("7.25", "Point 1 needs two numbers"), ("1,2; 3,4,5", "Point 2 needs two numbers"),
    ("a,b", "Point 1 is not two numbers"), ("1,inf", "beyond"), ("1,1e300", "beyond"),
    ("; ".join(["1,1"] * 21), "at most 20"),
])
def test_bad_placed_text_is_refused_in_words_without_quoting_it(text, says):
    with pytest.raises(ValueError, match=says) as err:
        ex.read_placed(text)
    assert text not in str(err.value)


def test_a_click_adds_on_the_lattice_and_a_second_click_there_removes_it():
    step = (0.5, 2.5)
    once = ex.toggle("", (9.5, 40.0), step)
    assert ex.read_placed(once) == ((9.5, 40.0),)
    twice = ex.toggle(once, (9.5, 40.0), step)
    assert twice == ""
    # A typed outlier off the lattice goes with a click on the lattice point beside it.
    assert ex.toggle("9.6,39", (9.5, 40.0), step) == ""
    assert ex.read_placed(ex.toggle("9.6,39", (8.5, 40.0), step)) == ((9.6, 39.0), (8.5, 40.0))
    full = ex.write_placed([(i, i) for i in range(ex.MAX_PLACED)])
    assert ex.toggle(full, (0.5, 30.0), step) == full  # no more than a link holds


def test_the_lattice_covers_the_points_on_round_steps():
    r = ex.run(ex.Params())
    assert r.step == (0.5, 2.5)
    assert r.lattice_x[0] <= r.x[r.kind == 0].min() and r.lattice_x[-1] >= r.x[r.kind == 0].max()
    assert np.allclose(np.diff(r.lattice_x), r.step[0]) and np.allclose(np.diff(r.lattice_y), r.step[1])
    assert r.lattice_y[-1] > r.y[r.kind == 0].max() + 5  # room above the line to place outliers


# ---- the learner's table ----

def pair(n=60, seed=0, names=("size (m²)", "price <b>k€</b>")) -> tables.Pair:
    rng = np.random.default_rng(seed)
    size = rng.uniform(20, 120, n)
    df = pd.DataFrame({names[0]: size.round(1), names[1]: (3 * size + rng.normal(0, 10, n)).round(1),
                       "city": np.array(["a", "b"])[np.arange(n) % 2]})
    return tables.choose_pair(tables.read_table(df.to_csv(index=False, sep=";").encode()), *names)


def test_a_table_is_the_data_and_its_outliers_are_measured_in_its_own_scatter():
    table = pair()
    p = ex.Params(n_outliers=2, distance=10.0)
    r = ex.run(p, table)
    assert r.from_table and r.true_slope is None and r.names == ("size (m²)", "price &lt;b&gt;k€&lt;/b&gt;")
    assert np.array_equal(r.x[:60], table.x) and r.n_added == 2
    a, b = np.polyfit(table.x, table.y, 1)[::-1]
    sd = np.std(table.y - (a + b * table.x))
    rise = (r.y[r.kind == 1] - (a + b * r.x[r.kind == 1])) / sd
    assert np.all(np.abs(rise - 10) < 5 * ex.JITTER)
    assert r.reference == pytest.approx(b)
    # The synthetic line's size and noise do not apply: moving them changes nothing.
    moved = ex.Params(n_outliers=2, distance=10.0, n_points=100, noise=4.0)
    assert ex.run(moved, table).ols_slope == r.ols_slope


def test_the_code_reads_the_learners_two_columns_and_reproduces_the_slope(tmp_path, monkeypatch, capsys):
    table = pair()
    data = tables.read_table((pd.DataFrame({"size (m²)": table.x, "price <b>k€</b>": table.y, "city": "a"})
                              .to_csv(index=False, sep=";").encode()))
    chosen = tables.choose_pair(data, "size (m²)", "price <b>k€</b>")
    (tmp_path / "your_file.csv").write_bytes(pd.DataFrame({"size (m²)": table.x, "price <b>k€</b>": table.y,
                                                           "city": "a"}).to_csv(index=False, sep=";").encode())
    monkeypatch.chdir(tmp_path)
    p = ex.Params(placed="50,900", seed=3)
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p, chosen), "<outliers on a table>", "exec"), namespace)
    assert namespace["ols_slope"] == pytest.approx(ex.run(p, chosen).ols_slope, rel=1e-9)
    assert capsys.readouterr().out


def test_a_pair_needs_two_different_numeric_columns_with_enough_rows():
    table = tables.read_table(b"a,b,c\n" + b"".join(b"%d,%d,x\n" % (i, 2 * i) for i in range(30)))
    assert len(tables.choose_pair(table, "a", "b").x) == 30
    for x, y, says in (("a", "a", "two different columns"), ("a", "c", "does not hold numbers"),
                       ("a", "z", "no column `z`")):
        with pytest.raises(ValueError, match=says):
            tables.choose_pair(table, x, y)
    few = tables.read_table(b"a,b\n" + b"".join(b"%d,%d\n" % (i, i) for i in range(5)) + b"3,\n" * 20)
    with pytest.raises(ValueError, match="Only 5 rows have both columns filled"):
        tables.choose_pair(few, "a", "b")
    with pytest.raises(ValueError, match="has 1: only `a`"):
        tables.pairable(tables.read_table(b"a,c\n" + b"1,x\n" * 30))


# ---- the figures carry the result ----

def test_the_clickable_chart_carries_the_lattice_and_marks_the_placed_to_remove():
    r = ex.run(ex.Params(placed="9.5,40"))
    spec = figs.points_figure(r, clickable=True).to_dict()
    (grid,) = [t for t in spec["data"] if t.get("customdata") is not None and t["customdata"][0] == "add"]
    assert len(grid["customdata"]) == len(r.lattice_x) * len(r.lattice_y)
    (placed,) = [t for t in spec["data"] if t.get("name") == "outliers you placed"]
    assert list(placed["customdata"]) == ["remove"] and spec["layout"]["clickmode"] == "event+select"
    plain = figs.points_figure(r).to_dict()
    assert all(t.get("customdata") is None for t in plain["data"])


def test_the_panels_and_slopes_show_the_results_numbers():
    r = ex.run(ex.Params())
    spec = figs.detectors_figure(r).to_dict()
    titles = [a["text"] for a in spec["layout"]["annotations"]]
    for d, title in zip(r.detections, titles):
        assert d.name in title and f"caught {d.caught} of {r.n_added}, {d.others} false alarm" in title
    slopes = figs.slopes_figure(r).to_dict()
    shown = {t["y"][0]: t["x"][0] for t in slopes["data"]}
    assert shown == {f.name: f.slope for f in r.fits}
