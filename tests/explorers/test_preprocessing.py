"""The preprocessing explorer against scikit-learn: each view's numbers are the pipelines' own
(a scaler's test accuracy, an imputer's cross_val_score, an encoder's matrix and score), its
code reproduces them, and its figures carry them."""

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_diabetes, load_wine
from sklearn.experimental import enable_iterative_imputer
from sklearn.impute import IterativeImputer, KNNImputer, SimpleImputer
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler, TargetEncoder
from sklearn.svm import SVC

from datasets import tables
from explorers import _encoding, _imputation, _scaling
from explorers import preprocessing as ex
from explorers._contract import knobs
from figures import preprocessing as figs

assert enable_iterative_imputer  # the import is what makes IterativeImputer importable
IMPUTATION = dict(view="imputation")
ENCODING = dict(view="encoding")


def run_code(source: str, capsys, cwd=None) -> dict:
    namespace = {"__name__": "__main__"}
    exec(compile(source, "<code>", "exec"), namespace)
    assert capsys.readouterr().out.strip()
    return namespace


# ---- scaling ----

def wine_split(seed=0):
    data = load_wine()
    columns = [list(data.feature_names).index(f) for f in ("proline", "hue")]
    X, y = data.data[:, columns], data.target
    return X, train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)


@pytest.mark.parametrize("scaler, model, outliers", [
    ("none", "k-NN", 0), ("StandardScaler", "k-NN", 3), ("RobustScaler", "SVM", 5),
    ("QuantileTransformer", "k-NN", 0), ("Normalizer", "SVM", 0),
])
def test_scaling_is_the_pipelines_own_accuracy_boundary_and_scaled_data(scaler, model, outliers):
    p = ex.Params(scaler=scaler, model=model, outliers=outliers, distance=20, seed=3)
    c = ex.run(p).scaling
    X, (X_train, X_test, y_train, y_test) = wine_split(seed=3)
    rows = np.random.default_rng(3).choice(len(X_train), outliers, replace=False)
    X_train[rows, 0] += 20 * np.ptp(X[:, 0])
    step = _scaling.scaler_of(scaler, len(X_train))
    fitted = Pipeline([("scale", step), ("model", KNeighborsClassifier() if model == "k-NN" else SVC())])
    fitted.fit(X_train, y_train)
    assert c.accuracy == fitted.score(X_test, y_test)
    assert c.accuracies[_scaling.SCALERS.index(scaler)] == c.accuracy
    np.testing.assert_array_equal(c.split.X_train, X_train)
    np.testing.assert_allclose(c.scaled_train, fitted[:-1].transform(X_train))
    np.testing.assert_allclose(c.scaled_test, fitted[:-1].transform(X_test))
    # The boundary is the pipeline's prediction over the grid, which covers the data as it came.
    np.testing.assert_array_equal(c.scores.grid_class.ravel(), fitted.predict(c.split.grid))
    assert c.split.grid_x[0] < X[:, 0].min() and c.split.grid_x[-1] < X_train[rows, 0].min(initial=np.inf)
    if model == "SVM":  # gamma="scale", as scikit-learn documents and computes it
        assert c.gamma == pytest.approx(fitted[-1]._gamma, rel=1e-12)


def test_every_scalers_bar_is_that_scalers_pipeline():
    c = ex.run(ex.Params(outliers=2, seed=5)).scaling
    X, (X_train, X_test, y_train, y_test) = wine_split(seed=5)
    clean = [Pipeline([("scale", _scaling.scaler_of(n, len(X_train))), ("model", KNeighborsClassifier())])
             .fit(X_train, y_train).score(X_test, y_test) for n in _scaling.SCALERS]
    np.testing.assert_array_equal(c.clean_accuracies, clean)
    assert not np.array_equal(c.accuracies, c.clean_accuracies)  # two moved values change some bars


def test_the_spread_ratio_is_the_interquartile_ranges_the_model_sees():
    from scipy.stats import iqr

    c = ex.run(ex.Params(scaler="StandardScaler", outliers=3)).scaling
    _, (X_train, *_) = wine_split()
    inliers = np.delete(c.scaled_train, c.outlier_rows, axis=0)
    assert c.ratio == pytest.approx(iqr(inliers[:, 0]) / iqr(inliers[:, 1]))
    assert ex.run(ex.Params()).scaling.ratio == pytest.approx(iqr(X_train[:, 0]) / iqr(X_train[:, 1]))


def test_the_outliers_squash_standard_scaling_and_not_robust_scaling():
    squashed = ex.run(ex.Params(scaler="StandardScaler", outliers=3)).scaling
    kept = ex.run(ex.Params(scaler="RobustScaler", outliers=3)).scaling
    # RobustScaler divides by the interquartile range, which three far values barely move:
    # the other training rows keep an interquartile range of about 1 in both columns.
    assert kept.spread == pytest.approx([1.0, 1.0], abs=0.05)
    assert squashed.ratio < 0.1 < 0.5 < kept.ratio < 2
    assert squashed.accuracy < squashed.clean_accuracies[1] and kept.accuracy == kept.clean_accuracies[4]


def test_no_scaler_draws_a_boundary_across_proline_only():
    unscaled = ex.run(ex.Params()).scaling
    standard = ex.run(ex.Params(scaler="StandardScaler")).scaling
    assert unscaled.across > 0.95 > 0.6 > standard.across > 0.3


def test_the_quantile_transformer_asks_for_no_more_quantiles_than_rows():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c = ex.run(ex.Params(scaler="QuantileTransformer", seed=11)).scaling
    assert c.scaled_train.min() == 0 and c.scaled_train.max() == 1


def flowers() -> bytes:
    rng = np.random.default_rng(0)
    kind = np.arange(90) % 3
    frame = pd.DataFrame({"stem": np.round(1000 * rng.normal(size=90) + 3000 * kind, 1),
                          "leaf": np.round(rng.normal(size=90) - 2 * kind, 3),
                          "species": np.array(["rosa", "tulipa", "viola"])[kind]})
    return frame.to_csv(index=False).encode()


@pytest.fixture(scope="module")
def table():
    return tables.choose(tables.read_table(flowers()), "stem", "leaf", "species")


def test_the_learners_table_is_the_scaling_views_data_and_its_code_reads_it(table, tmp_path, monkeypatch,
                                                                           capsys):
    p = ex.Params(scaler="MinMaxScaler", outliers=2)
    c = ex.run(p, table).scaling
    assert c.split.feature_names == ("stem", "leaf") and c.split.class_names == ("rosa", "tulipa", "viola")
    X_train, X_test, y_train, y_test = train_test_split(table.X, table.y, test_size=0.3, stratify=table.y,
                                                        random_state=0)
    np.testing.assert_array_equal(c.split.X_test, X_test)
    (tmp_path / "your_file.csv").write_bytes(flowers())
    monkeypatch.chdir(tmp_path)
    namespace = run_code(ex.code(p, table), capsys)
    assert namespace["score"] == c.accuracy
    # The other views keep their own tables.
    assert ex.run(ex.Params(**IMPUTATION), table).score == ex.run(ex.Params(**IMPUTATION)).score


@pytest.mark.parametrize("p", [ex.Params(data="breast cancer", scaler="PowerTransformer", outliers=4),
                               ex.Params(model="SVM", scaler="MaxAbsScaler", outliers=10, distance=50)])
def test_scaling_code_reproduces_the_headline(p, capsys):
    assert run_code(ex.code(p), capsys)["score"] == ex.run(p).score


# ---- imputation ----

@pytest.fixture(scope="module")
def diabetes():
    data = load_diabetes(scaled=False)
    return data.data, data.target, list(data.feature_names)


def test_gaps_are_drawn_by_their_mechanism(diabetes):
    X, _, names = diabetes
    bmi, age = X[:, names.index("bmi")], X[:, names.index("age")]
    for mechanism in _imputation.MECHANISMS:
        rows = _imputation.gaps("bmi", mechanism, 0.3, 0)
        assert len(rows) == round(0.3 * 442) == len(set(rows))
        lost = np.zeros(442, bool)
        lost[rows] = True
        if mechanism == "MNAR":  # the larger values go
            assert bmi[lost].mean() > bmi[~lost].mean() + 2
        if mechanism == "MAR":  # the older patients' values go; their own size does not decide
            assert age[lost].mean() > age[~lost].mean() + 5
    r = ex.run(ex.Params(**IMPUTATION, mechanism="MCAR", share=0.3)).imputation
    assert abs(r.true.mean() - r.observed.mean()) < 1.5
    np.testing.assert_array_equal(np.sort(np.concatenate([r.true, r.observed])), np.sort(bmi))


@pytest.fixture(scope="module")
def default_imputation():
    return ex.run(ex.Params(**IMPUTATION, seed=4)).imputation


@pytest.mark.parametrize("name", _imputation.IMPUTERS)
def test_each_imputers_scores_are_cross_val_score_of_its_pipeline(name, diabetes, default_imputation):
    X, y, names = diabetes
    X = X.copy()
    X[default_imputation.rows, names.index("bmi")] = np.nan
    cv = KFold(_imputation.FOLDS, shuffle=True, random_state=4)
    make = {"mean": lambda f: SimpleImputer(add_indicator=f),
            "median": lambda f: SimpleImputer(strategy="median", add_indicator=f),
            "most frequent": lambda f: SimpleImputer(strategy="most_frequent", add_indicator=f),
            "k-NN": lambda f: KNNImputer(add_indicator=f),
            "iterative": lambda f: IterativeImputer(skip_complete=True, random_state=4, add_indicator=f)}[name]
    for flag in (False, True):
        expected = cross_val_score(make_pipeline(StandardScaler(), make(flag), LinearRegression()), X, y, cv=cv)
        assert default_imputation.score_of(name, flag) == pytest.approx(expected.mean(), rel=1e-10)
    complete = cross_val_score(make_pipeline(StandardScaler(), LinearRegression()), diabetes[0], y, cv=cv)
    assert default_imputation.complete == pytest.approx(complete.mean(), rel=1e-12)


@pytest.mark.parametrize("strategy", ["mean", "median", "most_frequent"])
def test_a_simple_imputer_fitted_on_the_gappy_column_gives_the_whole_tables_matrix(strategy):
    X = StandardScaler().fit_transform(_imputation.damaged("s1", "MAR", 0.3, 7))
    j = _imputation.load()[2].index("s1")
    assert np.isnan(X[:, j]).any() and not np.isnan(np.delete(X, j, axis=1)).any()
    train, test = X[:300], X[300:]
    whole = SimpleImputer(strategy=strategy, add_indicator=True).fit(train)
    mine = _imputation.one_column(SimpleImputer(strategy=strategy, add_indicator=True), train, test, j)
    np.testing.assert_allclose(mine[0], whole.transform(train), rtol=1e-14)
    np.testing.assert_allclose(mine[1], whole.transform(test), rtol=1e-14)


def test_r2_is_r2_score():
    from sklearn.metrics import r2_score

    rng = np.random.default_rng(0)
    true = rng.normal(size=50)
    for predicted in (true + rng.normal(scale=0.3, size=50), rng.normal(size=50), np.full(50, 3.0)):
        assert _imputation.r2(true, predicted) == pytest.approx(r2_score(true, predicted), rel=1e-12)


def test_the_filled_values_are_the_imputers_and_their_errors_follow(diabetes):
    mean = ex.run(ex.Params(**IMPUTATION, share=0.2)).imputation
    assert np.allclose(mean.filled, mean.observed.mean())  # the mean of what stayed, every time
    median = ex.run(ex.Params(**IMPUTATION, imputer="median")).imputation
    assert np.allclose(median.filled, np.median(median.observed))
    knn = ex.run(ex.Params(**IMPUTATION, imputer="k-NN")).imputation
    X, _, names = diabetes
    damaged = X.copy()
    damaged[knn.rows, names.index("bmi")] = np.nan
    scaler = StandardScaler().fit(damaged)
    expected = scaler.inverse_transform(KNNImputer().fit_transform(scaler.transform(damaged)))
    np.testing.assert_allclose(knn.filled, expected[knn.rows, names.index("bmi")])
    for r in (mean, median, knn):
        assert r.rmse == pytest.approx(np.sqrt(np.mean((r.filled - r.true) ** 2)))
        assert r.bias == pytest.approx(r.filled.mean() - r.true.mean())


def test_a_column_the_others_predict_is_filled_far_better_by_the_iterative_imputer():
    kw = dict(IMPUTATION, column="s1", mechanism="MCAR")
    mean = ex.run(ex.Params(**kw)).imputation
    iterative = ex.run(ex.Params(**kw, imputer="iterative")).imputation
    assert iterative.rmse < 0.25 * mean.rmse


def test_imputation_code_reproduces_the_headline(capsys):
    # (The contract tests run no imputation state: their sweep opens the other two views.)
    p = ex.Params(**IMPUTATION, mechanism="MAR", imputer="iterative", indicator="with", column="s5", share=0.6)
    namespace = run_code(ex.code(p), capsys)
    r = ex.run(p)
    assert namespace["score"] == pytest.approx(r.score, rel=1e-10)
    np.testing.assert_allclose(namespace["filled"], r.imputation.filled)


# ---- encoding ----

@pytest.mark.parametrize("encoder, unknown, min_frequency, classifier", [
    ("one-hot", "error", 1, "logistic regression"), ("one-hot", "infrequent_if_exist", 20, "decision tree"),
    ("ordinal", "error", 1, "logistic regression"), ("target", "error", 1, "decision tree"),
])
def test_encoding_scores_are_the_dataframe_pipelines_cross_val_score(encoder, unknown, min_frequency,
                                                                      classifier):
    tips = _encoding.table()
    X, y = tips[list(_encoding.CATEGORIES + _encoding.NUMBERS)], tips["time"]
    cv = StratifiedKFold(_encoding.FOLDS, shuffle=True, random_state=2)
    expected = cross_val_score(_encoding.pipeline(encoder, unknown, min_frequency, classifier, 2, by_name=True),
                               X, y, cv=cv).mean()
    e = ex.run(ex.Params(**ENCODING, encoder=encoder, unknown=unknown, min_frequency=min_frequency,
                         classifier=classifier, seed=2)).encoding
    assert e.score == pytest.approx(expected, rel=1e-12)
    dropped = _encoding.pipeline("drop", unknown, 1, classifier, 2, by_name=True)
    assert e.dropped == pytest.approx(cross_val_score(dropped, X, y, cv=cv).mean(), rel=1e-12)


def test_one_hot_gives_one_column_per_category_and_refuses_monday_by_default():
    e = ex.run(ex.Params(**ENCODING)).encoding
    tips = _encoding.table()
    expected = OneHotEncoder().fit(tips[list(_encoding.CATEGORIES)])
    assert e.columns == tuple(expected.get_feature_names_out())
    shown = tips.iloc[e.rows][list(_encoding.CATEGORIES)]
    np.testing.assert_array_equal(e.matrix, expected.transform(shown).toarray())
    assert "unknown categories ['Mon']" in e.refusal and e.new_row is None and e.new_lunch is None


def test_unseen_monday_is_zeros_ignored_and_infrequent_with_friday_when_rare():
    ignored = ex.run(ex.Params(**ENCODING, unknown="ignore")).encoding
    day = [c.startswith("day_") for c in ignored.columns]
    assert not ignored.new_row[day].any() and 0 < ignored.new_lunch < 1
    rare = ex.run(ex.Params(**ENCODING, unknown="infrequent_if_exist", min_frequency=20)).encoding
    assert "day_Fri" not in rare.columns and "day_infrequent_sklearn" in rare.columns  # 19 Friday bills
    fri = [i for i, label in enumerate(rare.labels) if label.startswith("Fri")]
    infrequent = rare.columns.index("day_infrequent_sklearn")
    assert rare.matrix[fri, infrequent].tolist() == [1, 1] and rare.new_row[infrequent] == 1
    # Without a rare category there is no infrequent column to use: Monday gets zeros.
    plain = ex.run(ex.Params(**ENCODING, unknown="infrequent_if_exist")).encoding
    np.testing.assert_array_equal(plain.new_row, ignored.new_row)


def test_ordinal_codes_are_alphabetical_and_target_codes_are_cross_fitted_shares():
    ordinal = ex.run(ex.Params(**ENCODING, encoder="ordinal")).encoding
    codes = dict(zip((label.split(",")[0] for label in ordinal.labels), ordinal.matrix[:, 0]))
    assert codes == {"Fri": 0, "Sat": 1, "Sun": 2, "Thur": 3} and ordinal.new_row[0] == -1
    target = ex.run(ex.Params(**ENCODING, encoder="target", seed=6)).encoding
    tips = _encoding.table()
    encoder = TargetEncoder(cv=StratifiedKFold(5, shuffle=True, random_state=6))
    cross_fitted = encoder.fit_transform(tips[list(_encoding.CATEGORIES)], tips["time"])
    np.testing.assert_allclose(target.matrix, cross_fitted[target.rows])
    # The rows' cross-fitted values are not what the fitted encoder gives them afterwards.
    shown = tips.iloc[target.rows][list(_encoding.CATEGORIES)]
    assert not np.allclose(cross_fitted[target.rows], encoder.transform(shown))
    assert target.new_row[0] == pytest.approx(encoder.target_mean_)
    assert encoder.target_mean_ == pytest.approx(np.mean(tips["time"] == "Lunch"))


@pytest.mark.parametrize("state", [dict(encoder="ordinal", min_frequency=20, classifier="decision tree"),
                                   dict(encoder="target", seed=9)])
def test_encoding_code_reproduces_the_headline(state, capsys):
    p = ex.Params(**ENCODING, **state)
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p), "<code>", "exec"), namespace)
    assert namespace["score"] == pytest.approx(ex.run(p).score, rel=1e-12)
    e = ex.run(p).encoding
    assert f"chance of a lunch {e.new_lunch:.3f}" in capsys.readouterr().out  # the Monday bill, as on the page


# ---- the views ----

def test_each_view_shows_its_own_controls():
    assert "scaler" in ex.shown(ex.Params()) and "share" not in ex.shown(ex.Params())
    assert set(ex.shown(ex.Params(**ENCODING))) >= {"encoder", "unknown", "min_frequency", "seed"}
    assert "unknown" not in ex.shown(ex.Params(**ENCODING, encoder="ordinal"))
    assert "min_frequency" not in ex.shown(ex.Params(**ENCODING, encoder="target"))
    every = set(knobs(ex.Params))
    assert set().union(*(ex.shown(ex.Params(view=v)) for v in ex.VIEWS)) == every


@pytest.mark.parametrize("view", ex.VIEWS)
def test_the_controls_a_view_hides_change_nothing_in_it(view):
    base = ex.Params(view=view)
    hidden = {name for name in knobs(ex.Params) if name not in ex.shown(base)}
    moved = {name: knobs(ex.Params)[name].sweep()[-1] for name in hidden}
    assert moved
    a, b = ex.run(base), ex.run(dataclasses.replace(base, **moved))
    assert a.score == b.score and a.view == b.view


# ---- the figures carry the result's numbers ----

def test_scaling_figures_carry_the_boundary_points_and_bars():
    r = ex.run(ex.Params(scaler="StandardScaler", outliers=3))
    c = r.scaling
    boundary = figs.boundary_figure(r)
    assert boundary.data[0].z.shape == c.scores.grid_class.shape
    assert "3 outliers off the chart" in boundary.layout.annotations[0].text
    scaled = figs.scaled_figure(r)
    points = sum(len(t.x) for t in scaled.data)
    assert points == len(c.scaled_train) - 3 + len(c.scaled_test)
    assert scaled.layout.yaxis.scaleanchor == "x"
    bars = figs.scalers_figure(r)
    np.testing.assert_array_equal(bars.data[0].x, c.accuracies[::-1])
    np.testing.assert_array_equal(bars.data[1].x, c.clean_accuracies[::-1])


def test_imputation_figures_carry_the_filled_and_true_values():
    r = ex.run(ex.Params(**IMPUTATION))
    m = r.imputation
    main = figs.imputation_figure(r)
    by_name = {t.name: t for t in main.data}
    np.testing.assert_array_equal(by_name["true value (lost)"].x, m.true)
    np.testing.assert_array_equal(by_name["filled by mean"].x, m.filled)
    histogram = figs.distribution_figure(r)
    assert [int(np.sum(t.y)) for t in histogram.data] == [len(m.observed), len(m.true), len(m.filled)]
    scores = figs.imputers_figure(r)
    np.testing.assert_array_equal(scores.data[0].y, m.scores.without)
    np.testing.assert_array_equal(scores.data[1].y, m.scores.with_indicator)


def test_encoding_figures_carry_the_matrix_and_the_scores():
    refused = ex.run(ex.Params(**ENCODING))
    matrix = figs.matrix_figure(refused)
    assert len(matrix.data[0].y) == len(refused.encoding.rows) + 1
    assert np.isnan(matrix.data[0].z[-1]).all()  # the refused Monday bill's row is left empty
    assert "refused" in matrix.layout.annotations[0].text
    ignored = ex.run(ex.Params(**ENCODING, unknown="ignore"))
    assert figs.matrix_figure(ignored).data[0].y[-1].endswith("(new)")
    np.testing.assert_array_equal(figs.encoders_figure(ignored).data[0].y, ignored.encoding.accuracies)
