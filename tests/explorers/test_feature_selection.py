"""The feature extraction & selection explorer: every number checked against scikit-learn's own
pipelines (``cross_val_score``, ``RFECV``, ``permutation_importance``), its code snippets, the
learner's table, and the data its figures carry."""

import dataclasses
import html
import io
from functools import partial

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_selection import (RFE, RFECV, SelectFromModel, SelectKBest, f_classif,
                                       mutual_info_classif)
from sklearn.base import BaseEstimator, clone
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler
from sklearn.svm import LinearSVC

from datasets import feature_table, tables
from explorers import _extraction, _importance, _leakage, _selection
from explorers import feature_selection as ex
from explorers._classify import split
from explorers._contract import is_active, knobs
from figures import feature_selection as figs

PCA, SELECT, IMPORTANCE, LEAK = (dict(view=v) for v in ex.VIEWS[1:])


def run(**state):
    return ex.run(ex.Params(**state))


def cv(seed, folds=5):
    return StratifiedKFold(folds, shuffle=True, random_state=seed)


def selection_cv(seed):
    return cv(seed, _selection.FOLDS)  # three folds there: RFECV refits once per size and fold


def logistic():
    return LogisticRegression(max_iter=1000)


@pytest.fixture(scope="module")
def cancer():
    return feature_table.shipped("breast cancer")


@pytest.fixture(scope="module")
def selected():
    """The selection view at a state off its defaults: wine, 15 noise columns, a looser L1."""
    p = ex.Params(**SELECT, data="wine", noise_features=15, k=8, l1_c=0.05, seed=4)
    return p, ex.run(p).selection


# ---- the data ----

def test_the_election_survey_is_the_one_statsmodels_loads():
    from statsmodels.datasets import anes96

    survey = anes96.load_pandas().data
    data = feature_table.shipped("election survey")
    np.testing.assert_array_equal(data.X, survey[list(feature_table.ELECTION_COLUMNS)].to_numpy(float))
    np.testing.assert_array_equal(data.y, survey["vote"].to_numpy().astype(int))
    assert data.class_names == ("Clinton", "Dole") and not data.X.flags.writeable


def test_noise_columns_follow_the_real_ones_from_the_seed(cancer):
    d = _selection.noisy(cancer, 7, 3)
    np.testing.assert_array_equal(d.X[:, :30], cancer.X)
    np.testing.assert_array_equal(d.X[:, 30:], np.random.default_rng(3).standard_normal((len(cancer.X), 7)))
    assert d.n_real == 30 and d.names[30:] == tuple(f"noise {i}" for i in range(1, 8))


# ---- polynomial features ----

@pytest.mark.parametrize("state", [{}, dict(degree=1), dict(degree=5, interaction="interactions only"),
                                   dict(plane="xor", degree=3, plane_noise=0.6, seed=9),
                                   dict(plane="moons", degree=4)])
def test_the_polynomial_model_is_sklearns_pipeline(state):
    p = ex.Params(**state)
    r = ex.run(p).poly
    s = split(_extraction.plane_params(p.plane, p.plane_noise, p.seed))
    only = p.interaction == "interactions only"
    model = make_pipeline(PolynomialFeatures(p.degree, interaction_only=only, include_bias=False),
                          StandardScaler(), LogisticRegression(solver="liblinear")).fit(s.X_train, s.y_train)
    assert r.names == tuple(model[0].get_feature_names_out(list(s.feature_names)))
    assert r.test_accuracy == model.score(s.X_test, s.y_test)
    assert r.train_accuracy == model.score(s.X_train, s.y_train)
    np.testing.assert_allclose(r.coef, model[-1].coef_[0])
    grid = model.predict(s.grid).reshape(r.scores.grid_class.shape)
    assert np.mean(grid == r.scores.grid_class) > 0.999  # a tie on the boundary may go either way
    # Every point of the degree curve is its own pipeline's test accuracy.
    for degree in (1, 2, 4, 6):
        for interaction_only, curve, counts in ((False, r.test_all, r.count_all),
                                                (True, r.test_interactions, r.count_interactions)):
            fitted = _extraction.poly_model(degree, interaction_only).fit(s.X_train, s.y_train)
            assert curve[degree - 1] == fitted.score(s.X_test, s.y_test)
            assert counts[degree - 1] == len(fitted[0].get_feature_names_out())


def test_interactions_only_on_two_inputs_never_gets_past_one_product():
    r = run(interaction="interactions only", degree=6).poly
    assert r.names == ("x₁", "x₂", "x₁ x₂")
    assert list(r.count_interactions) == [2, 3, 3, 3, 3, 3]
    assert list(r.count_all) == [(d + 1) * (d + 2) // 2 - 1 for d in range(1, 7)]


# ---- PCA ----

@pytest.mark.parametrize("name, columns", [("breast cancer", 30), ("breast cancer", 1), ("wine", 13),
                                           ("wine", 2), ("election survey", 9)])
def test_the_lean_logistic_regression_is_logistic_regressions_to_the_bit(name, columns):
    data = feature_table.shipped(name)
    X = StandardScaler().fit_transform(data.X)[::2, :columns]  # every other row: not C-contiguous
    y = data.y[::2] + 1  # labels of any value, as fit's own
    for C in (0.05, 1.0):  # and the default last: its settings are the ones RFE clones below
        ours = _extraction.lean_logistic().set_params(C=C).fit(X, y)
        theirs = logistic().set_params(C=C).fit(X, y)
        for attribute in ("coef_", "intercept_", "classes_", "n_iter_"):
            np.testing.assert_array_equal(getattr(ours, attribute), getattr(theirs, attribute),
                                          err_msg=f"{attribute} at C={C}")
    assert ours.n_features_in_ == theirs.n_features_in_ == columns
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    assert ours.get_params() == theirs.get_params()  # what RFE clones
    # Its own clone (RFE's, at every size) is scikit-learn's: the same settings, not fitted.
    ours.set_params(C=0.5, class_weight={1: 2.0})
    twin, expected = clone(ours), BaseEstimator.__sklearn_clone__(ours)
    assert type(twin) is type(ours) and twin.get_params() == expected.get_params()
    assert twin.class_weight is not ours.class_weight and not hasattr(twin, "coef_")


@pytest.mark.parametrize("state", [PCA, dict(PCA, components=7), dict(PCA, data="wine", components=13)])
def test_pca_scores_are_cross_val_score_of_the_pipeline(state):
    p = ex.Params(**state)
    r = ex.run(p).pca
    data = feature_table.shipped(p.data)
    folds = cv(_extraction.PCA_SEED, _extraction.PCA_FOLDS)
    expected = cross_val_score(_extraction.pca_model(r.components), data.X, data.y, cv=folds)
    np.testing.assert_allclose(r.fold_scores, expected, rtol=0, atol=1e-12)
    every = cross_val_score(make_pipeline(StandardScaler(), logistic()), data.X, data.y, cv=folds)
    assert r.all_accuracy == pytest.approx(every.mean(), abs=1e-12)
    for at in (0, len(r.grid) // 2, -1):  # the curve too
        n = int(r.grid[at])
        scores = cross_val_score(_extraction.pca_model(n), data.X, data.y, cv=folds)
        assert r.curve[at] == pytest.approx(scores.mean(), abs=1e-12)
        assert r.curve_sd[at] == pytest.approx(scores.std(), abs=1e-12)


def test_pca_explained_variance_and_projection_are_sklearns(cancer):
    r = run(**PCA).pca
    scaled = StandardScaler().fit_transform(cancer.X)
    from sklearn.decomposition import PCA as SkPCA

    full = SkPCA(svd_solver="full").fit(scaled)
    np.testing.assert_allclose(r.explained, np.cumsum(full.explained_variance_ratio_), atol=1e-12)
    np.testing.assert_allclose(r.projected, full.transform(scaled)[:, :2], atol=1e-9)
    assert r.grid[-1] == 30 and r.explained_kept == pytest.approx(r.explained[4])


def test_the_pca_view_offers_no_seed_and_follows_none():
    values = {name: getattr(ex.Params(**PCA), name) for name in knobs(ex.Params)}
    assert not is_active(knobs(ex.Params)["seed"], values)
    assert all(is_active(knobs(ex.Params)["seed"], dict(values, view=v)) for v in ex.VIEWS if v != ex.PCA_VIEW)
    a, b = run(**PCA), run(**PCA, seed=7)  # a seed from another view changes no number here
    np.testing.assert_array_equal(a.pca.fold_scores, b.pca.fold_scores)
    assert ex.code(ex.Params(**PCA, seed=7)) == ex.code(ex.Params(**PCA))


def test_more_components_than_columns_are_clipped():
    r = run(**PCA, data="wine", components=30).pca
    assert r.components == 13 and r.components_asked == 30 and r.grid[-1] == 13
    assert r.cv_accuracy == pytest.approx(r.curve[-1])


def test_more_components_than_a_folds_rows_are_refused_as_the_pipeline_refuses_them():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 25)), np.arange(20) % 2  # a fold trains on 13 rows
    data = feature_table.Columns(X, y, ("a", "b"), tuple(f"c{i}" for i in range(25)), "t", 0, (), "wide")
    folds = cv(_extraction.PCA_SEED, _extraction.PCA_FOLDS)
    with pytest.raises(ValueError) as theirs:
        cross_val_score(_extraction.pca_model(25), X, y, cv=folds, error_score="raise")
    with pytest.raises(ValueError) as ours:
        _extraction.pca_view(data, 5, _extraction.PCA_SEED)  # its curve ends at all 25 columns
    assert str(ours.value) == str(theirs.value)


# ---- selection among noise ----

def test_selection_scores_are_cross_val_score_of_each_pipeline(selected):
    p, s = selected
    d = _selection.noisy(feature_table.shipped(p.data), p.noise_features, p.seed)
    folds = selection_cv(p.seed)
    pipelines = {
        "every": make_pipeline(StandardScaler(), logistic()),
        "kbest": make_pipeline(StandardScaler(), SelectKBest(f_classif, k=p.k), logistic()),
        "l1": make_pipeline(StandardScaler(), SelectFromModel(LinearSVC(penalty="l1", dual=False, C=p.l1_c,
                                                                        max_iter=5000)), logistic()),
    }
    ours = {"every": s.every, "kbest": s.methods[0], "l1": s.method("L1")}
    for name, pipeline in pipelines.items():
        expected = cross_val_score(pipeline, d.X, d.y, cv=folds)
        np.testing.assert_allclose(ours[name].fold_scores, expected, rtol=0, atol=1e-12, err_msg=name)
        if name != "every":
            kept = pipeline.fit(d.X, d.y)[1].get_support()
            np.testing.assert_array_equal(ours[name].kept, kept, err_msg=name)
    assert s.methods[0].n_kept == p.k and s.noise_kept(s.method("L1")) > 0  # the looser C keeps noise here


def test_rfecv_is_sklearns_and_its_curve_is_rfe_at_each_size(selected):
    p, s = selected
    d = _selection.noisy(feature_table.shipped(p.data), p.noise_features, p.seed)
    getter = "named_steps.logisticregression.coef_"
    model = RFECV(make_pipeline(StandardScaler(), logistic()), step=_selection.RFE_STEP,
                  cv=selection_cv(p.seed), importance_getter=getter).fit(d.X, d.y)
    np.testing.assert_array_equal(s.rfecv_sizes, model.cv_results_["n_features"])
    np.testing.assert_allclose(s.rfecv_mean, model.cv_results_["mean_test_score"], atol=1e-12)
    rfecv = s.method("RFECV")
    np.testing.assert_array_equal(rfecv.kept, model.support_)
    assert s.rfecv_best == model.n_features_ == rfecv.n_kept
    # RFECV's score at the size it keeps is the cross-validated score of RFE stopping there.
    rfe = RFE(make_pipeline(StandardScaler(), logistic()), n_features_to_select=s.rfecv_best,
              step=_selection.RFE_STEP, importance_getter=getter)
    np.testing.assert_allclose(rfecv.fold_scores, cross_val_score(rfe, d.X, d.y, cv=selection_cv(p.seed)),
                               atol=1e-12)


def test_mutual_information_selection_is_the_pipelines():
    data = feature_table.shipped("wine")
    kbest = _selection._kbest(data, 5, "mutual information", 4, 1)  # the view's part, without RFECV
    d = _selection.noisy(data, 5, 1)
    pipeline = make_pipeline(StandardScaler(), SelectKBest(partial(mutual_info_classif, random_state=1), k=4),
                             logistic())
    np.testing.assert_allclose(kbest.fold_scores, cross_val_score(pipeline, d.X, d.y, cv=selection_cv(1)),
                               atol=1e-12)
    np.testing.assert_array_equal(kbest.kept, pipeline.fit(d.X, d.y)[1].get_support())


@pytest.mark.parametrize("name, noise, seed", [("breast cancer", 20, 0), ("breast cancer", 50, 3),
                                               ("wine", 5, 1), ("election survey", 10, 2)])
def test_mutual_information_is_mutual_info_classif_to_the_bit(name, noise, seed):
    d = _selection.noisy(feature_table.shipped(name), noise, seed)
    rows = [train for train, _ in selection_cv(seed).split(d.X, d.y)] + [np.arange(len(d.y))]
    for train in rows:  # each fold's training rows, and every row, as the view scores them
        X = StandardScaler().fit_transform(d.X[train])
        np.testing.assert_array_equal(_selection.score_func("mutual information", seed)(X, d.y[train]),
                                      mutual_info_classif(X, d.y[train], random_state=seed))


def test_mutual_information_of_small_classes_is_mutual_info_classifs():
    # Classes of one row, and of a few rows (where NearestNeighbors turns to brute force).
    rng = np.random.default_rng(5)
    X = rng.standard_normal((40, 4))
    for y in (np.r_[np.zeros(33), np.ones(6), 2], np.r_[np.zeros(35), np.ones(5)],
              np.r_[np.zeros(20), np.ones(20)]):
        np.testing.assert_array_equal(_selection.score_func("mutual information", 7)(X, y),
                                      mutual_info_classif(X, y, random_state=7))


def test_an_l1_penalty_that_keeps_nothing_has_no_score():
    s = run(**SELECT, l1_c=0.001).selection
    l1 = s.method("L1")
    assert l1.cv_accuracy is None and l1.fold_scores.size == 0
    # scikit-learn agrees: the folds' models have no column to fit on.
    d = _selection.noisy(feature_table.shipped("breast cancer"), 20, 0)
    with pytest.raises(ValueError, match="0 feature"), \
            pytest.warns(UserWarning, match="No features were selected"):
        cross_val_score(make_pipeline(StandardScaler(), _selection.l1_selector(0.001), logistic()),
                        d.X, d.y, cv=selection_cv(0))
    assert figs.scores_figure(ex.run(ex.Params(**SELECT, l1_c=0.001))).data


def test_k_past_the_columns_keeps_them_all_and_past_the_real_ones_takes_noise(selected):
    p, _ = selected  # wine, 13 real columns, and 15 of noise
    s = ex.run(dataclasses.replace(p, k=30)).selection
    assert s.k == 28 and s.k_asked == 30 and s.methods[0].n_kept == 28
    s = ex.run(dataclasses.replace(p, k=20)).selection
    assert s.noise_kept(s.methods[0]) == 20 - 13  # whatever the scores, 7 must be noise


# ---- impurity against permutation ----

@pytest.mark.parametrize("rows", ["test", "train"])
def test_permutation_scores_are_sklearns_permutation_importance(rows):
    data = feature_table.shipped("election survey")
    X = _importance.with_random_columns(data, 3)
    X_train, X_test, y_train, y_test = train_test_split(X, data.y, test_size=0.3, stratify=data.y,
                                                        random_state=3)
    model = _importance.forest(2, 3).fit(X_train, y_train)
    X_, y_ = (X_test, y_test) if rows == "test" else (X_train, y_train)
    expected = permutation_importance(model, X_, y_, n_repeats=4, random_state=3).importances
    ours = _importance.permutation_scores(model, X_, y_, 4, 3)
    np.testing.assert_allclose(ours, expected, rtol=0, atol=1e-12)


def test_permutation_scores_in_small_chunks_are_the_same(monkeypatch):
    data = feature_table.shipped("wine")
    X = _importance.with_random_columns(data, 0)
    model = _importance.forest(1, 0).fit(X, data.y)
    whole = _importance.permutation_scores(model, X, data.y, 3, 5)
    monkeypatch.setattr(_importance, "CHUNK", len(X) * 3 * 2 + 1)  # two columns a call
    np.testing.assert_array_equal(_importance.permutation_scores(model, X, data.y, 3, 5), whole)


@pytest.mark.parametrize("name, min_leaf, seed", [("election survey", 1, 0), ("election survey", 7, 3),
                                                   ("wine", 2, 5), ("breast cancer", 20, 1)])
def test_the_grown_forest_is_random_forest_classifiers(name, min_leaf, seed):
    data = feature_table.shipped(name)
    X = _importance.with_random_columns(data, seed)
    X_train, X_test, y_train, _ = train_test_split(X, data.y, test_size=0.3, stratify=data.y, random_state=seed)
    theirs = _importance.forest(min_leaf, seed).fit(X_train, y_train)
    ours = _importance.GrownForest(X_train, y_train, min_leaf, seed)
    assert np.array_equal(ours.feature_importances_, theirs[-1].feature_importances_)
    shuffled = np.random.default_rng(seed).permuted(np.vstack([X_train, X_test]), axis=0)  # rows no tree saw
    assert np.array_equal(ours.predict(shuffled), theirs.predict(shuffled))


def test_the_importance_view_is_the_forest_and_its_permutations():
    p = ex.Params(**IMPORTANCE, min_leaf=3, seed=7)
    m = ex.run(p).importance
    data = feature_table.shipped("election survey")
    X = _importance.with_random_columns(data, 7)
    np.testing.assert_array_equal(X[:, -2], np.random.default_rng(7).standard_normal(len(X)))
    X_train, X_test, y_train, y_test = train_test_split(X, data.y, test_size=0.3, stratify=data.y,
                                                        random_state=7)
    model = _importance.forest(3, 7).fit(X_train, y_train)
    np.testing.assert_array_equal(m.mdi, model[-1].feature_importances_)
    test = permutation_importance(model, X_test, y_test, n_repeats=5, random_state=7)
    np.testing.assert_allclose(m.test_mean, test.importances_mean, atol=1e-12)
    assert m.test_accuracy == model.score(X_test, y_test) and m.names[-2:] == _importance.RANDOM


def test_ranks_count_the_columns_above():
    m = run(**IMPORTANCE).importance
    order = np.argsort(-m.mdi)
    assert m.rank(m.mdi, int(order[0])) == 1 and m.rank(m.mdi, int(order[-1])) == len(m.names)
    assert m.real_below(m.mdi, m.number) == int(np.sum(m.mdi[:m.n_real] < m.mdi[m.number]))


# ---- selection inside against outside cross-validation ----

@pytest.mark.parametrize("rows, columns, seed", [(80, 20, 0), (320, 1, 3), (48, 100, 7)])
def test_the_two_class_fit_is_logistic_regressions_to_the_bit(rows, columns, seed):
    X, y = _leakage.pure_noise(rows, columns, seed)
    X = X[::-1, ::-1]  # neither C-ordered nor contiguous: fit copies it, and so must we
    ours = _extraction.fit_two_class(X, y + 3)  # labels of any value, as fit's own
    theirs = LogisticRegression(solver="liblinear").fit(X, y + 3)
    for name in ("coef_", "intercept_", "classes_", "n_iter_"):
        np.testing.assert_array_equal(getattr(ours, name), getattr(theirs, name), err_msg=name)
    assert ours.n_features_in_ == theirs.n_features_in_ == columns
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


@pytest.mark.parametrize("state", [LEAK, dict(LEAK, samples=60, features=300, leak_k=5, seed=8)])
def test_leakage_scores_are_cross_val_score_both_ways(state):
    p = ex.Params(**state)
    s = ex.run(p).leakage
    X, y = _leakage.pure_noise(p.samples, p.features, p.seed)
    chosen = SelectKBest(f_classif, k=p.leak_k).fit_transform(X, y)
    model = LogisticRegression(solver="liblinear")  # two classes: its fastest solver
    np.testing.assert_allclose(s.outside, cross_val_score(model, chosen, y, cv=cv(p.seed)), atol=1e-12)
    inside = cross_val_score(make_pipeline(SelectKBest(f_classif, k=p.leak_k), model), X, y, cv=cv(p.seed))
    np.testing.assert_allclose(s.inside, inside, atol=1e-12)
    assert s.chance == 0.5 and np.bincount(y).tolist() == [p.samples // 2] * 2
    at = list(s.ks).index(20) if 20 in s.ks else None
    if at is not None and p.leak_k == 20:
        assert s.outside_curve[at] == pytest.approx(s.outside_accuracy)


def test_on_noise_the_leak_scores_above_chance_for_several_seeds():
    gaps = [run(**LEAK, seed=seed).leakage.gap for seed in range(3)]
    assert min(gaps) > 0.1


# ---- the views, the seed, the memo ----

def test_each_view_computes_only_its_own_part():
    for view in ex.VIEWS:
        r = run(view=view)
        parts = {f.name: getattr(r, f.name) for f in dataclasses.fields(r)
                 if f.name in ("poly", "pca", "selection", "importance", "leakage")}
        assert sum(v is not None for v in parts.values()) == 1, view


def test_a_hidden_control_changes_nothing():
    p = ex.Params(**SELECT, degree=5, samples=300, min_leaf=9, components=2)
    moved, plain = ex.run(p).selection, ex.run(ex.Params(**SELECT)).selection
    for a, b in zip((moved.every, *moved.methods), (plain.every, *plain.methods)):
        assert a.name == b.name and a.cv_accuracy == b.cv_accuracy
        np.testing.assert_array_equal(a.kept, b.kept)
    values = {name: getattr(p, name) for name in knobs(ex.Params)}
    shown = {name for name, k in knobs(ex.Params).items() if is_active(k, values)}
    assert shown == {"view", "data", "noise_features", "k", "score", "l1_c", "seed"}


@pytest.mark.parametrize("view", [ex.IMPORTANCE, ex.LEAK])
def test_another_seed_draws_other_noise(view):
    a, b = run(view=view), run(view=view, seed=1)
    assert a.value != b.value


def test_another_seed_draws_other_noise_columns(cancer):
    assert not np.allclose(_selection.noisy(cancer, 3, 0).X, _selection.noisy(cancer, 3, 1).X)


# ---- the code panel ----

@pytest.mark.parametrize("state, names", [
    (dict(degree=4, interaction="interactions only", plane="xor", seed=5), ("test_accuracy", "train_accuracy")),
    (dict(PCA, data="wine", components=3), ()),
    (dict(SELECT, data="wine", noise_features=15, k=8, l1_c=0.05, seed=4), ()),
    (dict(SELECT, data="wine", noise_features=0, l1_c=0.001), ()),
    (dict(IMPORTANCE, survey="wine", min_leaf=4, seed=1), ()),
    (dict(LEAK, samples=60, features=300, leak_k=5, seed=8), ()),
])
def test_the_code_reproduces_the_page(state, names, capsys):
    p = ex.Params(**state)
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p), "<feature selection code>", "exec"), namespace)
    r = ex.run(p)
    assert namespace["value"] == pytest.approx(r.value, abs=1e-12)
    for name in names:
        assert namespace[name] == pytest.approx(getattr(r.poly, name), abs=1e-12)
    if p.view == ex.SELECT:  # every method's score and what it keeps
        s = r.selection
        accuracy = namespace["accuracy"]
        assert accuracy["every feature"] == pytest.approx(s.every.cv_accuracy, abs=1e-12)
        l1 = s.method("L1").cv_accuracy
        assert np.isnan(accuracy["L1"]) if l1 is None else accuracy["L1"] == pytest.approx(l1, abs=1e-12)
        assert accuracy["RFECV"] == pytest.approx(s.method("RFECV").cv_accuracy, abs=1e-12)
        np.testing.assert_array_equal(namespace["rfecv"].support_, s.method("RFECV").kept)
    if p.view == ex.IMPORTANCE:
        np.testing.assert_allclose(namespace["train"], r.importance.train_mean, atol=1e-12)
    out = capsys.readouterr().out
    assert "Pipeline(" in out or "RFECV(" in out  # the pipeline is printed


# ---- the learner's table ----

def flowers(n=90, seed=0, missing=(), constant=False) -> bytes:
    rng = np.random.default_rng(seed)
    kind = np.arange(n) % 3
    df = pd.DataFrame({
        "stem <b>(mm)</b>": np.round(rng.normal(size=n) + 2 * kind, 2),
        "leaf (mm)": np.round(rng.normal(size=n) - 1.5 * kind, 2),
        "height": np.round(rng.normal(size=n), 2),
        "width": np.round(rng.normal(size=n), 2),
        "species": np.array(["rosa", "tulipa", "viola"])[kind],
    })
    if constant:
        df["same"] = 1.0
    for row, column in missing:
        df.loc[row, column] = None
    return df.to_csv(index=False, sep=";", decimal=",").encode()


def chose(data, features=None, target="species"):
    table = tables.read_table(data)
    features = features or feature_table.default_features(table, target)
    return feature_table.choose_columns(table, target, features)


def test_the_default_features_leave_out_the_class_and_constant_columns():
    table = tables.read_table(flowers(constant=True))
    expected = ["stem <b>(mm)</b>", "leaf (mm)", "height", "width"]
    assert feature_table.default_features(table, "species") == expected
    with pytest.raises(ValueError, match="same value in every row"):
        feature_table.choose_columns(table, "species", ["height", "same"])


@pytest.mark.parametrize("features, target, says", [
    (["height"], "species", "at least two numeric columns"),
    (["height", "species"], "species", "both the class and a feature"),
    (["height", "width"], "nothing", "no column"),
])
def test_a_bad_choice_of_columns_is_refused_in_words(features, target, says):
    with pytest.raises(ValueError, match=says):
        feature_table.choose_columns(tables.read_table(flowers()), target, features)


def test_rows_with_a_missing_chosen_value_are_dropped_and_counted():
    c = chose(flowers(missing=[(0, "height"), (4, "species")]))
    assert c.dropped == 2 and len(c.y) == 88 and c.class_names == ("rosa", "tulipa", "viola")
    same, other = chose(flowers()), chose(flowers(), features=["height", "width"])
    assert same == chose(flowers()) and hash(same) == hash(chose(flowers())) and same != other


@pytest.mark.parametrize("view", [ex.PCA_VIEW, ex.SELECT, ex.IMPORTANCE])
def test_a_table_is_the_data_and_the_code_reads_it(view, tmp_path, monkeypatch, capsys):
    data = flowers(missing=[(3, "width")])
    (tmp_path / "your_file.csv").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    table = chose(data)
    p = ex.Params(view=view, noise_features=5, k=3, components=2)
    r = ex.run(p, table)
    assert r.own_table
    source = ex.code(p, table)
    assert 'pd.read_csv("your_file.csv", sep=";", decimal=",")' in source
    namespace = {"__name__": "__main__"}
    exec(compile(source, "<code on a table>", "exec"), namespace)
    assert namespace["value"] == pytest.approx(r.value, abs=1e-12)
    assert len(namespace["y"]) == 89
    # Column names reach the figures escaped: Plotly reads <b> as markup.
    shown = str(figs.main_figure(r).to_dict())
    assert "stem <b>" not in shown and (view == ex.PCA_VIEW or html.escape("stem <b>(mm)</b>") in shown)


def test_views_without_a_table_ignore_it():
    table = chose(flowers())
    assert ex.run(ex.Params(), table).value == ex.run(ex.Params()).value
    assert not ex.run(ex.Params(), table).own_table
    assert "read_csv" not in ex.code(ex.Params(view=ex.LEAK), table)


def test_a_wide_table_of_the_learners_fits_in_the_limits():
    rng = np.random.default_rng(0)
    n = tables.MAX_ROWS
    frame = pd.DataFrame(rng.normal(size=(n, tables.MAX_COLUMNS - 1)), columns=[f"c{i}" for i in range(49)])
    frame["kind"] = np.where(frame["c0"] + rng.normal(size=n) > 0, "yes", "no")
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    table = chose(buffer.getvalue().encode(), target="kind")
    m = ex.run(ex.Params(**IMPORTANCE), table).importance
    assert m.test.shape == (51, 5) and m.rank(m.test_mean, 0) == 1  # c0 carries the class


# ---- the figures, on the data they carry ----

def test_the_kept_figure_draws_each_methods_mask():
    r = run(**SELECT)
    s = r.selection
    heat = figs.kept_figure(r).data[0]
    z = np.asarray(heat.z)[::-1]
    for row, m in zip(z, s.methods):
        np.testing.assert_array_equal(row > 0, m.kept)
        np.testing.assert_array_equal(row[m.kept] == 2, np.arange(s.n_features)[m.kept] >= s.n_real)
    assert figs.kept_figure(r).layout.title.text.startswith(f"Noise columns kept, of {s.n_noise}")


def test_the_importance_figure_sorts_by_mdi_and_paints_the_random_columns():
    r = run(**IMPORTANCE)
    m = r.importance
    mdi, test, train = (t for t in figs.importance_figure(r).data if t.type == "bar")
    np.testing.assert_array_equal(mdi.x, np.sort(m.mdi))
    assert list(mdi.y) == list(test.y) == [m.names[i] for i in np.argsort(m.mdi)]
    np.testing.assert_allclose(train.x, m.train_mean[np.argsort(m.mdi)])
    red = [name for name, colour in zip(mdi.y, mdi.marker.color) if colour == figs.NOISE]
    assert sorted(red) == sorted(_importance.RANDOM)


def test_the_leak_figure_draws_every_fold_and_chance():
    r = run(**LEAK)
    s = r.leakage
    points = [t for t in figs.leak_figure(r).data if t.type == "scatter" and t.mode == "markers"]
    np.testing.assert_array_equal(points[0].y, s.outside)
    np.testing.assert_array_equal(points[1].y, s.inside)
    (chance,) = [shape for shape in figs.leak_figure(r).layout.shapes if shape.y0 == shape.y1]
    assert chance.y0 == s.chance and (chance.x0, chance.x1) == (0, 1)


def test_the_curves_mark_the_current_setting():
    pca = run(**PCA, components=8)
    star = next(t for t in figs.pca_figure(pca).data if t.type == "scatter" and t.mode == "markers")
    assert list(star.x) == [8] and star.y[0] == pytest.approx(pca.pca.cv_accuracy)
    poly = run(degree=3)
    star = next(t for t in figs.degree_figure(poly).data if t.name == "shown above")
    assert list(star.x) == [3] and star.y[0] == poly.poly.test_accuracy
    sel = run(**SELECT)
    star = next(t for t in figs.rfecv_figure(sel).data if t.name == "the size it keeps")
    assert list(star.x) == [sel.selection.rfecv_best]


@pytest.mark.parametrize("view", ex.VIEWS)
def test_every_figure_of_every_view_is_valid_and_titled_to_fit(view):
    from figures.theme import TITLE_CHARS

    r = run(view=view)
    drawn = 0
    for name in dir(figs):
        build = getattr(figs, name)
        if not (name.endswith("_figure") and callable(build)):
            continue
        try:
            fig = build(r)
        except AttributeError:  # another view's figure
            continue
        drawn += 1
        title = fig.to_dict()["layout"]["title"]["text"]
        assert all(len(line) <= TITLE_CHARS for line in title.split("<br>")), (name, title)
    assert drawn >= 3


def test_the_repeats_figure_draws_every_shuffle_of_every_column():
    r = run(**IMPORTANCE)
    m = r.importance
    real, random = figs.repeats_figure(r).data
    assert len(real.x) == m.n_real * m.test.shape[1] and len(random.x) == 2 * m.test.shape[1]
    np.testing.assert_array_equal(np.sort(random.x), np.sort(m.test[m.n_real:].ravel()))
    assert set(random.y) == set(_importance.RANDOM)


def test_polynomial_names_read_with_superscripts():
    assert [figs.pretty(n) for n in ("x₁", "x₁^2", "x₁ x₂", "x₁^2 x₂^3", "x₂^12")] == \
        ["x₁", "x₁²", "x₁x₂", "x₁²x₂³", "x₂¹²"]


def test_progress_is_reported_while_rfecv_runs_and_not_when_it_is_cached():
    said = []
    p = ex.Params(**SELECT, data="wine", noise_features=35, seed=11)  # a state no other test asks for
    ex.run(p, progress=lambda fraction, text: said.append((fraction, text)))
    assert any("RFECV" in text for _, text in said) and all(0 <= f <= 1 for f, _ in said)
    said.clear()
    ex.run(dataclasses.replace(p, k=3), progress=lambda fraction, text: said.append(text))
    assert said == []  # a k move: RFECV comes from its cache


def test_progress_is_reported_while_the_pca_curve_is_computed_and_not_after():
    said = []
    _extraction._pca_base.cache_clear()
    ex.run(ex.Params(**PCA, data="wine"), progress=lambda fraction, text: said.append(text))
    assert any("components" in text for text in said)
    said.clear()
    ex.run(ex.Params(**PCA, data="wine", components=2), progress=lambda fraction, text: said.append(text))
    assert said == []  # a components move reads the curve from its cache


def test_the_states_warmed_for_the_selection_view_are_ones_its_controls_reach():
    # A warmed state no slider can set would cost the server's warm-up and serve no visit.
    all_knobs = knobs(ex.Params)
    for state in ex.WARM_STATES:
        params = ex.Params(**state)
        assert params.view == ex.SELECT
        for name, value in state.items():
            k = all_knobs[name]
            assert is_active(k, dataclasses.asdict(params))
            if k.options:  # a list of names, or a log slider's grid
                assert value in k.options
            else:
                assert k.lo <= value <= k.hi and (value - k.lo) % k.step == 0
