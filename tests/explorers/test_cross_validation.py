"""The cross-validation explorer, checked against scikit-learn: its fold maps against each
splitter's own ``split``, its scores against ``cross_val_score``, its leak and its nested
search against the same steps written out, and the data its figures carry."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.model_selection import (GridSearchCV, GroupKFold, KFold, LeaveOneOut, ShuffleSplit,
                                     StratifiedKFold, TimeSeriesSplit, cross_val_score, cross_validate)
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from datasets import tables
from datasets.planes import sample_plane
from explorers import _cv_folds
from explorers import _cv_search as search
from explorers import cross_validation as ex
from explorers._cv_folds import TEST, TRAIN, UNUSED
from explorers._contract import knobs
from figures import cross_validation as figs

P = ex.Params
MODELS = {"k-NN": lambda: KNeighborsClassifier(algorithm="brute"),
          "decision tree": lambda: DecisionTreeClassifier(max_depth=4, random_state=0)}


def reference(name, k, shuffle=False, test_share=0.2, seed=0):
    """The splitter as the documentation writes it, not through the explorer's helper."""
    if name == "LeaveOneOut":
        return LeaveOneOut()
    if name == "TimeSeriesSplit":
        return TimeSeriesSplit(n_splits=k)
    if name == "ShuffleSplit":
        return ShuffleSplit(n_splits=k, test_size=test_share, random_state=seed)
    cls = {"KFold": KFold, "StratifiedKFold": StratifiedKFold, "GroupKFold": GroupKFold}[name]
    return cls(n_splits=k, shuffle=True, random_state=seed) if shuffle else cls(n_splits=k)


def model(name="k-NN"):
    return make_pipeline(StandardScaler(), MODELS[name]())


def labelled(frame: pd.DataFrame, target="kind") -> tables.Labelled:
    """A learner's CSV, read and chosen as the upload reads it."""
    data = frame.to_csv(index=False).encode()
    features = [c for c in frame.columns if c != target]
    return tables.choose(tables.read_table(data), features[0], features[1], target)


def blobs(per_class=(20, 20), seed=0, far=0) -> pd.DataFrame:
    """Gaussian classes around different centres; ``far`` more rows far away from them all."""
    rng = np.random.default_rng(seed)
    kind = np.repeat(np.arange(len(per_class)), per_class)
    xy = rng.normal(size=(len(kind), 2)) + 3 * np.column_stack([kind, kind % 2])
    if far:
        xy = np.vstack([xy, 40 + rng.normal(size=(far, 2))])
        kind = np.concatenate([kind, np.arange(far) % len(per_class)])
    names = np.array(list("pqrstu"))[kind]
    return pd.DataFrame({"a": xy[:, 0].round(3), "b": xy[:, 1].round(3), "kind": names})


# The data, its order and its groups.

@pytest.mark.parametrize("order", ex.ORDERS)
def test_rows_are_the_data_set_in_the_chosen_order_with_k_means_groups(order):
    p = P(order=order, groups=5, seed=7, data="moons")
    X, y, _, _ = sample_plane("moons", p.n_points, p.noise, p.balance, p.seed)
    groups = KMeans(n_clusters=5, n_init=1, random_state=7).fit_predict(StandardScaler().fit_transform(X))
    index = {"as given": np.arange(len(y)), "by class": np.argsort(y, kind="stable"),
             "by group": np.argsort(groups, kind="stable"),
             "shuffled": np.random.default_rng(7).permutation(len(y))}[order]
    d = ex.rows(p)
    np.testing.assert_array_equal(d.X, X[index])
    np.testing.assert_array_equal(d.y, y[index])
    np.testing.assert_array_equal(d.groups, groups[index])
    if order == "by class":
        assert np.all(np.diff(d.y) >= 0)


# The fold maps, against each splitter's own split().

FOLD_CASES = [
    P(), P(splitter="KFold", shuffle="on", seed=3), P(splitter="StratifiedKFold", k=5),
    P(splitter="StratifiedKFold", shuffle="on", order="shuffled", k=3),
    P(splitter="GroupKFold", groups=7, k=5), P(splitter="GroupKFold", shuffle="on", order="by group", seed=2),
    P(splitter="TimeSeriesSplit", k=6, order="as given"),
    P(splitter="ShuffleSplit", k=7, test_share=0.35, seed=4),
    P(splitter="LeaveOneOut", n_points=50), P(splitter="KFold", data="iris", k=3, model="decision tree"),
    P(splitter="StratifiedKFold", data="wine", k=10, order="shuffled", model="decision tree"),
]
IDS = [f"{p.splitter}-{p.data}-k{p.k}-{p.order}-{p.shuffle}" for p in FOLD_CASES]


@pytest.fixture(scope="module", params=FOLD_CASES, ids=IDS)
def case(request):
    p = request.param
    return p, ex.run(p)


def test_the_index_map_is_the_splitters_own_split(case):
    p, r = case
    f, d = r.folds, r.folds.data
    cv = reference(p.splitter, f.n_splits, p.shuffle == "on", p.test_share, p.seed)
    splits = list(cv.split(d.X, d.y, d.groups if p.splitter == "GroupKFold" else None))
    assert len(splits) == f.n_splits == len(f.roles)
    for row, (train, test) in zip(f.roles, splits):
        np.testing.assert_array_equal(np.flatnonzero(row == TRAIN), np.sort(train))
        np.testing.assert_array_equal(np.flatnonzero(row == TEST), np.sort(test))
        assert np.all((row == UNUSED) == ~np.isin(np.arange(len(d.y)), np.concatenate([train, test])))


def test_the_fold_scores_are_cross_val_scores(case):
    p, r = case
    f, d = r.folds, r.folds.data
    cv = reference(p.splitter, f.n_splits, p.shuffle == "on", p.test_share, p.seed)
    groups = d.groups if p.splitter == "GroupKFold" else None  # the others warn that they ignore them
    expected = cross_val_score(model(p.model), d.X, d.y, groups=groups, cv=cv)
    np.testing.assert_array_equal(f.scores, expected)
    assert r.value == f.mean == pytest.approx(expected.mean())
    assert f.sd == pytest.approx(expected.std())


def test_what_the_folds_report_about_themselves(case):
    p, r = case
    f, d = r.folds, r.folds.data
    for i, row in enumerate(f.roles):
        train, test = row == TRAIN, row == TEST
        np.testing.assert_array_equal(f.test_counts[i], np.bincount(d.y[test], minlength=d.n_classes))
        assert f.unseen[i] == np.sum(~np.isin(d.y[test], d.y[train]))
        assert f.shared_groups[i] == len(set(d.groups[train]) & set(d.groups[test]))
    assert f.shown == min(p.fold, f.n_splits) - 1


def test_sorted_rows_give_kfold_blind_folds_and_stratification_mends_them():
    plain = ex.run(P()).folds
    blind = plain.unseen == plain.test_counts.sum(axis=1)
    assert blind.any() and np.all(plain.scores[blind] == 0)
    stratified = ex.run(P(splitter="StratifiedKFold")).folds
    assert np.all(stratified.unseen == 0) and stratified.mean > plain.mean + 0.3


def test_group_folds_never_split_a_group_and_leave_one_out_scores_each_row():
    assert np.all(ex.run(P(splitter="GroupKFold")).folds.shared_groups == 0)
    assert np.any(ex.run(P(splitter="KFold", shuffle="on")).folds.shared_groups > 0)
    loo = ex.run(P(splitter="LeaveOneOut", n_points=60)).folds
    assert loo.n_splits == 60 and set(np.unique(loo.scores)) <= {0.0, 1.0}
    assert ex.run(P(splitter="LeaveOneOut", n_points=60, fold=10)).folds.shown == 9


def test_the_fold_slider_changes_no_fold():
    a, b = ex.run(P(fold=1)).folds, ex.run(P(fold=3)).folds
    assert b.shown == 2 and a.roles is b.roles and a.scores is b.scores  # one memoised computation


def test_folds_clip_k_where_the_data_cannot_give_it_and_say_so():
    grouped = ex.run(P(splitter="GroupKFold", groups=3, k=6)).folds
    assert grouped.n_splits == 3 and "3 folds" in grouped.note
    small = labelled(blobs(per_class=(6, 6, 6, 6)))
    clipped = ex.run(P(splitter="StratifiedKFold", k=8), small).folds
    assert clipped.n_splits == 6 and "largest class has 6" in clipped.note
    warned = ex.run(P(splitter="StratifiedKFold", k=5), labelled(blobs(per_class=(30, 5)))).folds
    assert warned.n_splits == 5 and warned.note is None
    assert "fewer than the 6 folds" in ex.run(P(splitter="StratifiedKFold", k=6),
                                               labelled(blobs(per_class=(30, 5)))).folds.note


def test_settings_the_data_cannot_take_are_refused_in_words():
    big = labelled(blobs(per_class=(350, 350)))
    with pytest.raises(ValueError, match="Leave-one-out fits one model per row: 700 here"):
        ex.run(P(splitter="LeaveOneOut"), big)
    # Two groups, one of three far-away rows: its fold trains k-NN on those three.
    lopsided = labelled(blobs(per_class=(15, 15), far=3))
    with pytest.raises(ValueError, match="trains on only 3 rows, fewer than the 5 neighbours"):
        ex.run(P(splitter="GroupKFold", groups=2, k=2), lopsided)
    assert ex.run(P(splitter="GroupKFold", groups=2, k=2, model="decision tree"), lopsided).folds.n_splits == 2


def test_a_learners_table_is_split_and_scored_like_the_pages_data():
    t = labelled(blobs(per_class=(25, 15, 20), seed=4))
    r = ex.run(P(splitter="StratifiedKFold", k=5, order="as given"), t)
    np.testing.assert_array_equal(r.folds.data.X, t.X)
    expected = cross_val_score(model(), t.X, t.y, cv=StratifiedKFold(5))
    np.testing.assert_array_equal(r.folds.scores, expected)
    assert r.folds.data.class_names == ("p", "q", "r") and r.folds.data.table == t


def test_hidden_controls_change_nothing():
    for hidden, same in ((dict(test_share=0.45, trials=2, features=10, candidates=3), {}),
                         (dict(splitter="TimeSeriesSplit", shuffle="on"), dict(splitter="TimeSeriesSplit")),
                         (dict(view="leakage", splitter="GroupKFold", data="iris"), dict(view="leakage")),
                         (dict(view="folds", data="iris", noise=0.9), dict(data="iris"))):
        assert ex.relevant(P(**hidden)) == ex.relevant(P(**same)) == P(**same)
    assert ex.run(P(test_share=0.45, trials=2)).value == ex.run(P()).value


def test_the_warmed_states_are_ones_the_controls_reach():
    # A warmed state no control can set would cost the server's warm-up and serve no visit.
    for state in ex.WARM_STATES:
        p = P(**state)
        assert ex.relevant(p) == p and p != P(view=p.view) and set(state) <= {"view", *ex.shown(p)}
        for name, value in state.items():
            k = knobs(P)[name]
            assert value in k.options if k.options else k.lo <= value <= k.hi


def test_each_view_shows_its_own_controls():
    names = set(knobs(P))
    assert set(ex.shown(P())) == names - {"test_share", "features", "kept", "samples", "candidates", "trials",
                                          "size", "groups"}
    assert {"groups", "shuffle"} <= set(ex.shown(P(splitter="GroupKFold")))
    assert "k" not in ex.shown(P(splitter="LeaveOneOut"))
    assert "test_share" in ex.shown(P(splitter="ShuffleSplit"))
    assert set(ex.shown(P(view="leakage"))) == {"view", "features", "kept", "samples", "model", "seed"}
    assert set(ex.shown(P(view="nested"))) == {"view", "candidates", "trials", "size", "model", "seed"}
    assert "noise" not in ex.shown(P(view="spread", data="iris"))


# The spread of the fold scores, for every k.

@pytest.fixture(scope="module")
def spread():
    p = P(view="spread", n_points=80, seed=5, k=6)
    return p, ex.run(p)


def test_every_k_of_the_spread_is_a_shuffled_stratified_cross_val_score(spread):
    p, r = spread
    s = r.spread
    X, y = s.data.X, s.data.y
    np.testing.assert_array_equal(s.ks, [2, 6, 10])  # the ends and the chosen k
    for i, k in enumerate(s.ks):
        cv = StratifiedKFold(n_splits=int(k), shuffle=True, random_state=p.seed)
        expected = cross_val_score(model(), X, y, cv=cv)
        np.testing.assert_array_equal(s.at(i), expected)
        assert s.means[i] == pytest.approx(expected.mean()) and s.sds[i] == pytest.approx(expected.std())
        assert s.formula[i] == pytest.approx(np.sqrt(expected.mean() * (1 - expected.mean()) * k / len(y)))
    assert s.k == 6 and r.value == s.sds[s.current]


@pytest.mark.parametrize("name", ["k-NN", "decision tree"])
@pytest.mark.parametrize("data", ["iris", "three classes", "breast cancer"])
def test_the_spread_scores_are_cross_val_score_for_both_models(name, data):
    """Fitted through the pipeline's steps, not cross_validate: the same numbers, to the bit,
    also on iris, whose duplicated rows tie neighbours."""
    p = P(view="spread", data=data, model=name, seed=2, k=20)
    s = ex.run(p).spread
    for i, k in enumerate(s.ks):
        cv = StratifiedKFold(n_splits=int(k), shuffle=True, random_state=p.seed)
        np.testing.assert_array_equal(s.at(i), cross_val_score(model(name), s.data.X, s.data.y, cv=cv))


def test_the_spread_sweeps_only_the_k_the_largest_class_allows():
    s = ex.run(P(view="spread", k=10), labelled(blobs(per_class=(8, 7, 6)))).spread
    np.testing.assert_array_equal(s.ks, [2, 8])
    assert s.k == 8


def test_moving_k_in_the_spread_view_computes_only_that_k(monkeypatch):
    calls, real = [], _cv_folds.default_scores

    def counted(X, y, splits, model):
        splits = list(splits)
        calls.append(len(splits))
        return real(X, y, splits, model)

    monkeypatch.setattr(_cv_folds, "default_scores", counted)
    p = P(view="spread", n_points=60, seed=11, k=3)
    assert list(ex.run(p).spread.ks) == [2, 3, 10] and sorted(calls) == [2, 3, 10]
    calls.clear()
    s = ex.run(dataclasses.replace(p, k=7)).spread
    assert calls == [7] and list(s.ks) == [2, 7, 10] and s.k == 7


# Leakage, on pure noise.

def test_the_noise_with_fewer_columns_is_the_first_columns_of_more():
    X, y = search.noise(40, 3)
    rng = np.random.default_rng(3)
    np.testing.assert_array_equal(y, rng.permutation(np.arange(40) % 2))
    np.testing.assert_array_equal(X[:, :100], rng.standard_normal((100, 40)).T)
    fewer, same_y = search.noise(40, 3, 1000)
    np.testing.assert_array_equal(fewer, X[:, :1000])
    np.testing.assert_array_equal(same_y, y)


@pytest.mark.parametrize("kept, features, name", [(20, 1000, "k-NN"), (50, 10, "k-NN"),
                                                  (5, 100, "decision tree"), (3, 10, "decision tree")])
def test_the_leak_is_selection_outside_against_inside_cross_val_score(kept, features, name):
    p = P(view="leakage", kept=kept, features=features, samples=40, k=9, seed=2, model=name)  # k: not here
    g = ex.run(p).leakage
    X, y = search.noise(40, 2)
    X = X[:, :features]
    cv = StratifiedKFold(n_splits=search.LEAKAGE_FOLDS, shuffle=True, random_state=2)
    picked = SelectKBest(f_classif, k=min(kept, features)).fit_transform(X, y)
    np.testing.assert_array_equal(g.outside, cross_val_score(model(name), picked, y, cv=cv))
    kept_ = min(kept, features)
    inside = make_pipeline(SelectKBest(f_classif, k=kept_), StandardScaler(), MODELS[name]())
    np.testing.assert_array_equal(g.inside, cross_val_score(inside, X, y, cv=cv))
    assert g.kept == min(kept, features) and ex.run(p).value == pytest.approx(g.gap)
    assert g.sweep_outside[g.current] == pytest.approx(g.outside_mean)
    if kept >= features:  # every column kept: nothing was selected, so nothing leaked
        np.testing.assert_array_equal(g.outside, g.inside)


def test_noise_picked_outside_scores_above_chance_and_inside_does_not():
    g = ex.run(P(view="leakage")).leakage
    assert g.outside_mean > 0.5 + g.band and abs(g.inside_mean - 0.5) < g.band
    np.testing.assert_array_equal(g.sweep, search.SWEEP)
    assert g.sweep_outside[-1] > g.sweep_outside[0] + g.band  # more noise searched, a bigger leak
    more = ex.run(P(view="leakage", features=100)).leakage
    np.testing.assert_array_equal(more.sweep, [10, 100, 1000])
    assert more.sweep_outside[0] < more.sweep_outside[1] < more.sweep_outside[2]


def test_the_sweep_draws_the_chosen_noise_columns_too():
    g = ex.run(P(view="leakage", features=10000, samples=30, kept=5, seed=4)).leakage
    np.testing.assert_array_equal(g.sweep, [*search.SWEEP, 10000])
    assert g.current == 2 and g.sweep_outside[2] == pytest.approx(g.outside_mean)
    assert g.sweep_inside[2] == pytest.approx(g.inside_mean)
    search._leak.cache_clear()  # drawn again, from 1,000 columns: the same first columns
    fewer = ex.run(P(view="leakage", features=100, samples=30, kept=5, seed=4)).leakage
    np.testing.assert_array_equal(fewer.sweep, [10, 100, 1000])
    np.testing.assert_array_equal(fewer.sweep_outside[[0, 2]], g.sweep_outside[:2])
    np.testing.assert_array_equal(fewer.sweep_inside[[0, 2]], g.sweep_inside[:2])


# Nested against non-nested.

@pytest.fixture(scope="module")
def nested():
    p = P(view="nested", trials=2, candidates=3, size=50, seed=1)
    return p, ex.run(p)


def test_nested_and_non_nested_scores_are_grid_search_and_cross_val_score(nested):
    p, r = nested
    m = r.nested
    X, y = search.cancer(50, 1)
    whole = sample_plane("breast cancer", 0, 0, 1, 0)[0]
    table = {tuple(row) for row in whole}
    assert len(whole) == search.CANCER_ROWS and f"{search.CANCER_ROWS} tumours" in m.about
    assert len(X) == 50 and all(tuple(row) in table for row in X)  # tumours of the table itself
    assert m.values == (1, 7, 20)
    grid = {"kneighborsclassifier__n_neighbors": [1, 7, 20]}
    for t, trial in enumerate(m.trials):
        cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=t)
        searched = GridSearchCV(model(), grid, cv=cv).fit(X, y)
        assert trial.best_score == searched.best_score_
        np.testing.assert_array_equal(trial.mean_test, searched.cv_results_["mean_test_score"])
        assert m.values[trial.best] == searched.best_params_["kneighborsclassifier__n_neighbors"]
        outer = cross_val_score(GridSearchCV(model(), grid, cv=cv), X, y, cv=cv)
        np.testing.assert_array_equal(trial.nested, outer)
        assert m.nested_scores[t] == outer.mean()
    assert r.value == m.best_scores.mean() - m.nested_scores.mean()


@pytest.mark.parametrize("name, size, count, seed, trial", [
    ("k-NN", 60, 4, 0, 0), ("k-NN", 60, 4, 0, 2), ("k-NN", 200, 8, 3, 5), ("k-NN", 130, 6, 11, 7),
    ("decision tree", 60, 4, 0, 1), ("decision tree", 200, 8, 3, 5), ("decision tree", 90, 5, 7, 3),
    ("decision tree", 50, 2, 999, 0)])
def test_each_trial_is_grid_search_and_cross_validate_to_the_bit(name, size, count, seed, trial):
    """The trial shares its fits between the two searches and calls the pipeline's steps
    directly: every number it keeps must be the one GridSearchCV and cross_validate give."""
    X, y = search.cancer(size, seed)
    values = search.candidates(name, count)
    key = f"{type(MODELS[name]()).__name__.lower()}__{search.MODELS[name].param}"
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=trial)
    grid = GridSearchCV(model(name), {key: list(values)}, cv=cv)
    searched = grid.fit(X, y)
    outer = cross_validate(grid, X, y, cv=cv, return_estimator=True)
    got = search._trial(size, count, name, seed, trial)
    assert got.best_score == searched.best_score_ and got.best == searched.best_index_
    np.testing.assert_array_equal(got.mean_test, searched.cv_results_["mean_test_score"])
    np.testing.assert_array_equal(got.nested, outer["test_score"])
    np.testing.assert_array_equal(got.picks, [e.best_params_[key] for e in outer["estimator"]])


@pytest.mark.parametrize("rows", ["tumours", "ties"])
def test_knn_predictions_from_one_query_are_predict(rows):
    """The neighbours asked for once, for every candidate: each prediction must be predict's,
    on the tumours and on rows of small integers, where most neighbours are tied."""
    rng = np.random.default_rng(3)
    X, y = search.cancer(200, 5) if rows == "tumours" else (rng.integers(0, 4, (120, 2)).astype(float),
                                                             rng.integers(0, 2, 120))
    for train, test in StratifiedKFold(n_splits=3, shuffle=True, random_state=1).split(X, y):
        got = search._knn_predictions(X[train], y[train], X[test], search.GRIDS["k-NN"])
        for value, predicted in zip(search.GRIDS["k-NN"], got):
            knn = KNeighborsClassifier(algorithm="brute", n_neighbors=value).fit(X[train], y[train])
            np.testing.assert_array_equal(predicted, knn.predict(X[test]))


@pytest.mark.parametrize("rows", ["tumours", "few tumours", "ties", "one class"])
def test_tree_predictions_grown_once_past_their_depth_are_each_depths_tree(rows):
    """A tree that stops short of its depth limit stands for every larger limit, and a
    deeper tree's root split for the stump: each prediction must be that depth's own tree's,
    on rows of small integers too, where the splits tie and only the tree's random draws
    decide between them, and on rows of one class, where the root is a leaf."""
    rng = np.random.default_rng(3)
    X, y = {"tumours": lambda: search.cancer(200, 5), "few tumours": lambda: search.cancer(50, 2),
            "ties": lambda: (rng.integers(0, 4, (120, 2)).astype(float), rng.integers(0, 2, 120)),
            "one class": lambda: (rng.normal(size=(30, 2)), np.full(30, 7))}[rows]()
    depths = search.GRIDS["decision tree"]
    short = 0  # splits whose whole tree is shallower than the deepest limit: the shortcut taken
    for train, test in StratifiedKFold(n_splits=3, shuffle=True, random_state=1).split(X, y):
        X_train, X_test = X[train].astype(np.float32), X[test].astype(np.float32)
        got = search._tree_predictions(X_train, y[train], X_test, depths[::-1])  # any order
        for depth, predicted in zip(depths[::-1], got):
            tree = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X[train], y[train])
            np.testing.assert_array_equal(predicted, tree.predict(X[test]))
        short += DecisionTreeClassifier(random_state=0).fit(X[train], y[train]).get_depth() < max(depths)
    assert short > 0


def test_the_trials_are_memoised_one_by_one(nested):
    p, r = nested
    more = ex.run(dataclasses.replace(p, trials=3)).nested
    assert more.trials[:2] == r.nested.trials and more.trials[0] is r.nested.trials[0]


def test_a_move_of_the_candidates_fits_nothing_new_for_knn(nested, monkeypatch):
    """k-NN's tables hold its whole grid (one query per split answers every candidate)."""
    p, r = nested
    calls, real = [], search._scores
    monkeypatch.setattr(search, "_scores", lambda *args: calls.append(args) or real(*args))
    more = ex.run(dataclasses.replace(p, candidates=6)).nested
    assert calls == [] and more.values == search.candidates("k-NN", 6)


def test_candidates_spread_along_the_grid():
    assert search.candidates("k-NN", 2) == (1, 20)
    assert search.candidates("decision tree", 8) == search.GRIDS["decision tree"]
    assert all(len(search.candidates(m, c)) == c for m in search.MODELS for c in range(2, 9))


def test_progress_is_reported_trial_by_trial():
    seen = []
    ex.run(P(view="nested", trials=2, candidates=2, size=50, seed=1), progress=lambda f, text: seen.append(f))
    assert seen == [0.0, 0.5]


# The code panel, on a learner's table (the page's own data sets are run by tests/test_contract.py).

@pytest.mark.parametrize("view", ["folds", "spread"])
def test_the_code_reads_the_learners_file_and_reproduces_the_headline(view, tmp_path, monkeypatch, capsys):
    frame = blobs(per_class=(30, 20, 25), seed=6)
    (tmp_path / "your_file.csv").write_bytes(frame.to_csv(index=False).encode())
    monkeypatch.chdir(tmp_path)
    t = labelled(frame)
    p = P(view=view, splitter="GroupKFold", order="by group", k=3, seed=9)
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p, t), "<code on a table>", "exec"), namespace)
    assert namespace["value"] == pytest.approx(ex.run(p, t).value, rel=1e-9, abs=1e-12)
    assert "your_file.csv" in ex.code(p, t) and capsys.readouterr().out.strip()


# The figures, on the data they carry.

def _trace(fig, name):
    return next(t for t in fig.data if (t.name or "").startswith(name))


def test_the_index_map_draws_every_fold_and_the_bars(case):
    p, r = case
    f = r.folds
    fig = figs.index_map_figure(r)
    np.testing.assert_array_equal(np.asarray(_trace(fig, "folds").z), f.roles)
    np.testing.assert_array_equal(np.asarray(_trace(fig, "class").z)[0], f.data.y)
    np.testing.assert_array_equal(np.asarray(_trace(fig, "group").z)[0], f.data.groups)
    assert fig.layout.yaxis.autorange == "reversed"
    (frame,) = [s for s in fig.layout.shapes if s.type == "rect"]
    assert (frame.y0, frame.y1) == (f.shown + 0.5, f.shown + 1.5)
    names = {t.name for t in fig.data}
    assert {"train", "test"} <= names and ("not used" in names) == bool(np.any(f.roles == UNUSED))


def test_the_scatter_and_the_fold_chart_draw_the_chosen_fold(case):
    p, r = case
    f = r.folds
    scatter, scores = figs.fold_scatter_figure(r), figs.fold_scores_figure(r)
    test = f.roles[f.shown] == TEST
    np.testing.assert_array_equal(np.asarray(_trace(scatter, "test").x), f.data.X[test, 0])
    np.testing.assert_array_equal(np.asarray(_trace(scores, "a fold's").y), f.scores)
    assert list(_trace(scores, f"fold {f.shown + 1}").y) == [f.scores[f.shown]]
    assert list(_trace(scores, "mean").y) == [f.mean, f.mean]


def test_the_other_views_figures_carry_their_numbers(spread, nested):
    s = spread[1]
    np.testing.assert_array_equal(np.asarray(_trace(figs.spread_figure(s), "a fold's").y), s.spread.fold_scores)
    np.testing.assert_allclose(np.asarray(_trace(figs.spread_sd_figure(s), "measured").y), 100 * s.spread.sds)
    g = ex.run(P(view="leakage"))
    leak = figs.leakage_figure(g)
    np.testing.assert_array_equal(np.asarray(_trace(leak, "picked on all rows").y), g.leakage.outside)
    np.testing.assert_array_equal(np.asarray(_trace(leak, "picked inside").y), g.leakage.inside)
    m = nested[1]
    drawn = np.asarray(_trace(figs.nested_figure(m), "non-nested").y)
    np.testing.assert_array_equal(drawn, m.nested.best_scores)
    found = figs.search_figure(m)
    assert list(_trace(found, "the best").y) == [m.nested.trials[0].best_score]
    for result, own in ((s, figs.spread_figure), (g, figs.leakage_figure), (m, figs.nested_figure)):
        assert figs.main_figure(result).layout.title.text == own(result).layout.title.text
