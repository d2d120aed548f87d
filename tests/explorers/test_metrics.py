"""The metrics explorer against scikit-learn: the split and the pipeline's scores, every count and
metric at a threshold, the curves and their areas, the costs, the resampled prevalence, the
averages over classes, the calibration curves, the cells' examples, the code panel, and the data
its figures carry."""

import contextlib
import io

import numpy as np
import pandas as pd
import pytest
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (accuracy_score, average_precision_score, brier_score_loss, confusion_matrix,
                             log_loss, precision_recall_curve, precision_recall_fscore_support,
                             precision_score, recall_score, roc_auc_score, roc_curve)
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from datasets import tables
from explorers import metrics as ex
from explorers._scored import THRESHOLDS, task_source, three_source
from figures import metrics as figs

REFERENCE = {"logistic regression": lambda seed: LogisticRegression(max_iter=1000),
             "naive Bayes": lambda seed: GaussianNB(),
             "random forest": lambda seed: RandomForestClassifier(n_estimators=100, random_state=seed)}

STATES = [
    ex.Params(),
    ex.Params(threshold=0.2, cost_fp=3, cost_fn=1),
    ex.Params(data="digits: 3 or 8", model="naive Bayes", threshold=0.71, test_share=0.4, seed=5),
    ex.Params(data="breast cancer", model="random forest", threshold=0.35, cost_fn=20),
    ex.Params(model="random forest", threshold=0.99),  # no score reaches 0.99: nothing predicted positive
]
IDS = ["default", "low-t", "3-or-8-bayes", "cancer-forest", "nothing-predicted"]


def reference(p):
    """The test labels and scores, from the same data split and pipeline built here by hand."""
    from sklearn.datasets import load_breast_cancer, load_digits

    task = ex.TASKS[p.data]
    data = load_digits() if task.loader == "load_digits" else load_breast_cancer()
    X, target = data.data, data.target
    if task.keep:
        X, target = X[np.isin(target, task.keep)], target[np.isin(target, task.keep)]
    y = (target == task.positive).astype(int)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=p.test_share, stratify=y,
                                                        random_state=p.seed)
    model = make_pipeline(StandardScaler(), REFERENCE[p.model](p.seed)).fit(X_train, y_train)
    return X_train, y_train, X_test, y_test, model


@pytest.fixture(scope="module")
def runs():
    return {i: (p, ex.run(p), reference(p)) for i, p in zip(IDS, STATES)}


@pytest.mark.parametrize("i", IDS)
def test_the_scores_are_the_pipelines_probabilities_on_the_same_split(runs, i):
    p, r, (_, _, X_test, y_test, model) = runs[i]
    s = r.threshold.s
    np.testing.assert_array_equal(s.y, y_test)
    np.testing.assert_allclose(s.scores, model.predict_proba(X_test)[:, 1], rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(r.source.X[s.fitted.test], X_test)


@pytest.mark.parametrize("i", IDS)
def test_every_number_at_the_threshold_is_sklearns(runs, i):
    p, r, (_, _, X_test, y_test, model) = runs[i]
    t = r.threshold
    predicted = (model.predict_proba(X_test)[:, 1] >= p.threshold).astype(int)
    assert (t.tn, t.fp, t.fn, t.tp) == tuple(confusion_matrix(y_test, predicted, labels=[0, 1]).ravel())
    precision, recall, f1, _ = precision_recall_fscore_support(y_test, predicted, average="binary",
                                                               zero_division=0)
    assert (t.precision, t.recall, t.f1) == pytest.approx((precision, recall, f1), abs=1e-12)
    assert t.accuracy == pytest.approx(accuracy_score(y_test, predicted), abs=1e-12)
    assert t.fpr == pytest.approx(t.fp / (t.fp + t.tn))
    assert r.value == t.f1
    assert t.nothing_predicted == (predicted.sum() == 0)


def test_the_nothing_predicted_state_is_reached():
    assert ex.run(STATES[-1]).threshold.nothing_predicted


@pytest.mark.parametrize("i", IDS)
def test_the_curves_and_their_areas_are_sklearns_and_the_point_is_on_them(runs, i):
    p, r, (_, _, X_test, y_test, model) = runs[i]
    s, t = r.threshold.s, r.threshold
    scores = model.predict_proba(X_test)[:, 1]
    fpr, tpr, _ = roc_curve(y_test, scores, drop_intermediate=False)
    precision, recall, _ = precision_recall_curve(y_test, scores)
    np.testing.assert_allclose(s.roc_fpr, fpr)
    np.testing.assert_allclose(s.roc_tpr, tpr)
    np.testing.assert_allclose(s.pr_precision, precision)
    np.testing.assert_allclose(s.pr_recall, recall)
    assert s.auc == pytest.approx(roc_auc_score(y_test, scores), abs=1e-12)
    assert s.ap == pytest.approx(average_precision_score(y_test, scores), abs=1e-12)
    # The current point is a point of each curve (the one at the lowest score kept).
    assert np.any(np.isclose(s.roc_fpr, t.fpr) & np.isclose(s.roc_tpr, t.recall))
    if not t.nothing_predicted:
        assert np.any(np.isclose(s.pr_recall, t.recall) & np.isclose(s.pr_precision, t.precision))


@pytest.mark.parametrize("i", IDS)
def test_the_cost_at_every_threshold_and_the_least_one(runs, i):
    p, r, (_, _, X_test, y_test, model) = runs[i]
    t = r.threshold
    scores = model.predict_proba(X_test)[:, 1]
    brute = []
    for threshold in THRESHOLDS:
        tn, fp, fn, tp = confusion_matrix(y_test, (scores >= threshold).astype(int), labels=[0, 1]).ravel()
        brute.append(p.cost_fp * fp + p.cost_fn * fn)
    np.testing.assert_array_equal(t.costs, brute)
    assert t.best == THRESHOLDS[int(np.argmin(brute))] and t.best_cost == min(brute)
    np.testing.assert_array_equal(t.ties, THRESHOLDS[np.array(brute) == min(brute)])
    assert t.cost == p.cost_fp * t.fp + p.cost_fn * t.fn
    at_best = ex.threshold_view(t.s, t.best, p.cost_fp, p.cost_fn)  # and where it sits on the ROC curve
    assert (t.best_fpr, t.best_tpr) == (at_best.fpr, at_best.recall) and at_best.cost == t.best_cost


def test_the_slider_values_are_the_cost_grid():
    from explorers._contract import knobs

    k = knobs(ex.Params)["threshold"]
    values = np.round(np.arange(k.lo, k.hi + k.step / 2, k.step), 2)
    np.testing.assert_array_equal(values, THRESHOLDS)
    assert [k.parse(f"{v:g}") for v in values] == list(THRESHOLDS)  # a link's value is the grid's float


@pytest.mark.parametrize("i", IDS)
def test_the_histograms_split_at_the_threshold_add_up_to_the_cells(runs, i):
    p, r, _ = runs[i]
    t = r.threshold
    sums = [t.hist[1, 1].sum(), t.hist[1, 0].sum(), t.hist[0, 1].sum(), t.hist[0, 0].sum()]
    assert sums == [t.tp, t.fn, t.fp, t.tn]
    for c in (0, 1):  # and each class's bars are its plain histogram
        np.testing.assert_array_equal(t.hist[c].sum(axis=0),
                                      np.histogram(t.s.scores[t.s.y == c], bins=t.edges)[0])


# ---- prevalence ----

@pytest.mark.parametrize("prevalence, threshold", [(0.5, 0.5), (0.01, 0.3), (0.9, 0.8)])
def test_the_resampled_set_is_sklearns_with_weights_and_the_roc_curve_stays(prevalence, threshold):
    r = ex.run(ex.Params(view="prevalence", prevalence=prevalence, threshold=threshold))
    v, s = r.prevalence, r.prevalence.s
    w = v.weights
    assert w.sum() == pytest.approx(len(s.y)) and w[s.y == 1].sum() / w.sum() == pytest.approx(prevalence)
    fpr, tpr, _ = roc_curve(s.y, s.scores, sample_weight=w, drop_intermediate=False)
    precision, recall, _ = precision_recall_curve(s.y, s.scores, sample_weight=w)
    np.testing.assert_allclose(v.roc_fpr, fpr)
    np.testing.assert_allclose(v.pr_precision, precision)
    np.testing.assert_allclose(v.pr_recall, recall)
    np.testing.assert_allclose(v.roc_fpr, s.roc_fpr, atol=1e-12)  # the ROC curve does not move
    np.testing.assert_allclose(v.roc_tpr, s.roc_tpr, atol=1e-12)
    assert v.auc == pytest.approx(roc_auc_score(s.y, s.scores, sample_weight=w), abs=1e-12)
    assert v.auc == pytest.approx(s.auc, abs=1e-12)
    assert v.ap == pytest.approx(average_precision_score(s.y, s.scores, sample_weight=w), abs=1e-12)
    assert r.value == v.ap
    predicted = (s.scores >= threshold).astype(int)
    assert v.precision == pytest.approx(precision_score(s.y, predicted, sample_weight=w, zero_division=0))
    assert v.recall == pytest.approx(recall_score(s.y, predicted, sample_weight=w))
    assert v.precision_as_is == pytest.approx(precision_score(s.y, predicted, zero_division=0))
    for k in (0, 10, len(ex.SWEEP) - 1):  # the precision at the threshold, at a few of its shares
        wk = ex.weights(s.y, float(ex.SWEEP[k]))
        assert v.sweep_precision[k] == pytest.approx(precision_score(s.y, predicted, sample_weight=wk,
                                                                     zero_division=0))


@pytest.mark.parametrize("state", [{}, dict(model="random forest", data="breast cancer"),  # tied scores
                                   dict(model="naive Bayes", data="digits: 3 or 8", seed=4)])
def test_the_areas_at_every_share_are_sklearns_with_the_weights(state):
    v = ex.run(ex.Params(view="prevalence", **state)).prevalence
    s = v.s
    assert len(np.unique(s.scores)) < len(s.scores) or not state  # the forest and Bayes tie scores
    for k, share in enumerate(ex.SWEEP):
        w = ex.weights(s.y, float(share))
        assert v.sweep_ap[k] == pytest.approx(average_precision_score(s.y, s.scores, sample_weight=w),
                                              abs=1e-12)
        assert v.sweep_auc[k] == pytest.approx(roc_auc_score(s.y, s.scores, sample_weight=w), abs=1e-12)


def test_rarer_positives_lower_precision_and_average_precision():
    aps = [ex.run(ex.Params(view="prevalence", prevalence=share)).prevalence for share in (0.05, 0.2, 0.6)]
    assert aps[0].ap < aps[1].ap < aps[2].ap
    assert aps[0].precision < aps[1].precision < aps[2].precision
    assert len({round(v.recall, 12) for v in aps}) == 1


# ---- averages ----

@pytest.mark.parametrize("model, rare_share, seed", [("logistic regression", 0.1, 0), ("naive Bayes", 0.5, 3),
                                                     ("random forest", 1.0, 1)])
def test_the_averages_are_sklearns(model, rare_share, seed):
    r = ex.run(ex.Params(view="averages", model=model, rare_share=rare_share, seed=seed))
    a = r.averages
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    keep = np.isin(y, [3, 5, 8])
    X, y = X[keep], y[keep]
    eights = np.flatnonzero(y == 8)
    dropped = np.random.default_rng(seed).choice(eights, size=len(eights) - round(rare_share * len(eights)),
                                                 replace=False)
    X, y = np.delete(X, dropped, axis=0), np.delete(y, dropped)
    assert np.sum(y == 8) == round(rare_share * len(eights))
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
    predicted = make_pipeline(StandardScaler(), REFERENCE[model](seed)).fit(X_train, y_train).predict(X_test)
    np.testing.assert_array_equal(a.confusion, confusion_matrix(y_test, predicted))
    per_class = precision_recall_fscore_support(y_test, predicted, zero_division=0)
    for mine, theirs in zip((a.precision, a.recall, a.f1, a.support), per_class):
        np.testing.assert_allclose(mine, theirs)
    for row, average in zip(a.averaged, ("macro", "weighted", "micro")):
        np.testing.assert_allclose(row, precision_recall_fscore_support(y_test, predicted, average=average,
                                                                        zero_division=0)[:3])
    np.testing.assert_allclose(a.averaged[2], accuracy_score(y_test, predicted))  # micro is the accuracy
    assert r.value == a.averaged[0, 2]


def test_a_rare_class_drags_the_macro_average_below_the_micro():
    a = ex.run(ex.Params(view="averages")).averages
    assert a.averaged[0, 2] < a.averaged[2, 2] - 0.1
    assert a.support[2] < a.support[0] / 5 and a.f1[2] == a.f1.min()


# ---- calibration ----

def test_calibration_curves_are_sklearns_and_the_recalibrated_model_is_calibratedclassifiercv():
    p = ex.Params(view="calibration", data="digits: 3 or 8", model="naive Bayes", calibration="isotonic",
                  bins=7, seed=2)
    r = ex.run(p)
    c = r.calibration
    X_train, y_train, X_test, y_test, _ = reference(p)
    for curve in c.raw:
        scores = make_pipeline(StandardScaler(), REFERENCE[curve.name](p.seed)).fit(X_train, y_train) \
            .predict_proba(X_test)[:, 1]
        prob_true, prob_pred = calibration_curve(y_test, scores, n_bins=7)
        np.testing.assert_allclose(curve.prob_true, prob_true)
        np.testing.assert_allclose(curve.prob_pred, prob_pred)
        assert curve.brier == pytest.approx(brier_score_loss(y_test, scores))
        assert curve.log_loss == pytest.approx(log_loss(y_test, scores, labels=[0, 1]))
        assert curve.hist.sum() == len(y_test)
    recalibrated = CalibratedClassifierCV(make_pipeline(StandardScaler(), GaussianNB()), method="isotonic",
                                          cv=5)
    scores = recalibrated.fit(X_train, y_train).predict_proba(X_test)[:, 1]
    np.testing.assert_allclose(c.calibrated.prob_true, calibration_curve(y_test, scores, n_bins=7)[0])
    assert c.calibrated.brier == pytest.approx(brier_score_loss(y_test, scores))
    assert r.value == c.calibrated.brier and c.chosen is c.calibrated


def test_without_recalibrating_the_headline_is_the_chosen_models_own():
    r = ex.run(ex.Params(view="calibration", model="random forest", calibration="none"))
    assert r.calibration.calibrated is None and r.value == r.calibration.fitted_curve.brier
    assert r.calibration.fitted_curve.name == "random forest"
    # Logistic regression against naive Bayes always; the forest only when it is the one chosen.
    assert [c.name for c in r.calibration.raw] == ["logistic regression", "naive Bayes", "random forest"]
    assert [c.name for c in ex.run(ex.Params(view="calibration")).calibration.raw] == ["logistic regression",
                                                                                       "naive Bayes"]


# ---- the cells and their examples ----

@pytest.mark.parametrize("state", [{}, dict(threshold=0.2), dict(view="averages"), dict(data="breast cancer")])
def test_a_cell_holds_its_cases_the_most_confident_first(state):
    r = ex.run(ex.Params(**state))
    if r.averages is not None:
        fitted, k = r.averages.fitted, 3
        confidence = fitted.proba[np.arange(len(fitted.y)), fitted.predicted]
        predicted, counts = fitted.predicted, r.averages.confusion
    else:
        s, k = r.threshold.s, 2
        predicted = (s.scores >= r.threshold.threshold).astype(int)
        confidence = np.where(predicted == 1, s.scores, 1 - s.scores)
        counts = r.threshold.cell_counts
    for true in range(k):
        for guess in range(k):
            chosen = ex.cell(r, true, guess, limit=10)
            assert len(chosen) == min(10, counts[true, guess])
            assert np.all(predicted[chosen] == guess) and np.all(fitted_y(r)[chosen] == true)
            assert np.all(np.diff(confidence[chosen]) <= 0)
            inside = np.flatnonzero((fitted_y(r) == true) & (predicted == guess))
            if len(inside) > 10:  # the ones left out are no more confident than the last shown
                assert confidence[np.setdiff1d(inside, chosen)].max() <= confidence[chosen[-1]]


def fitted_y(r):
    return r.averages.fitted.y if r.averages is not None else r.threshold.s.y


def test_the_worst_mixup_is_the_largest_cell_off_the_diagonal():
    assert ex.worst_mixup(np.array([[9, 1, 0], [4, 9, 2], [0, 3, 9]])) == 3


def test_a_table_of_cases_shows_the_test_rows_and_their_confidence():
    r = ex.run(ex.Params(data="breast cancer"))
    chosen = ex.cell(r, 1, 0)
    table = ex.cases_table(r, chosen)
    assert list(table.columns[1:]) == list(r.source.feature_names)
    rows = r.source.X[r.threshold.s.fitted.test[chosen]]
    np.testing.assert_allclose(table.iloc[:, 1:].to_numpy(), rows.round(4))
    np.testing.assert_allclose(table.iloc[:, 0], np.round(1 - r.threshold.s.scores[chosen], 3))


# ---- the learner's table ----

def flowers(n=120, seed=0) -> tables.Labelled:
    rng = np.random.default_rng(seed)
    kind = np.repeat([0, 1, 2], [60, 40, 20])
    df = pd.DataFrame({"stem": rng.normal(size=n) + 1.5 * kind, "leaf": rng.normal(size=n) - kind,
                       "species": np.array(["rosa", "tulipa", "viola"])[kind]})
    return tables.choose(tables.read_table(df.to_csv(index=False).encode()), "stem", "leaf", "species")


def test_on_a_table_the_rarest_class_is_positive_and_the_averages_use_every_class():
    table = flowers()
    r = ex.run(ex.Params(), table)
    assert r.source.class_names == ("not viola", "viola") and r.source.images is None
    assert r.threshold.s.y.sum() == 6  # 30% of the 20 violas
    a = ex.run(ex.Params(view="averages", rare_share=0.5), table).averages
    assert a.confusion.shape == (3, 3) and a.support.sum() == 36
    assert ex.run(ex.Params(view="averages"), table).value == ex.run(ex.Params(view="averages", rare_share=0.5),
                                                                      table).value


@pytest.mark.parametrize("view", ex.VIEWS)
def test_the_code_runs_on_the_learners_file(view, tmp_path, monkeypatch):
    table = flowers()
    path = tmp_path / "your_file.csv"
    rng = np.random.default_rng(0)
    kind = np.repeat([0, 1, 2], [60, 40, 20])
    pd.DataFrame({"stem": rng.normal(size=120) + 1.5 * kind, "leaf": rng.normal(size=120) - kind,
                  "species": np.array(["rosa", "tulipa", "viola"])[kind]}).to_csv(path, index=False)
    monkeypatch.chdir(tmp_path)
    p = ex.Params(view=view, model="naive Bayes")
    namespace = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(ex.code(p, table), "<metrics code>", "exec"), namespace)
    assert namespace["value"] == pytest.approx(ex.run(p, table).value, rel=1e-9)


def test_a_table_too_small_to_split_gets_a_message():
    df = pd.DataFrame({"a": np.arange(22.0), "b": np.arange(22.0) ** 2, "c": ["x"] * 17 + ["y"] * 5})
    table = tables.choose(tables.read_table(df.to_csv(index=False).encode()), "a", "b", "c")
    with pytest.raises(ValueError, match="missing from the training or the test part"):
        ex.run(ex.Params(view="averages", test_share=0.2, model="naive Bayes"), table.__class__(
            table.X[:8], np.array([0] * 7 + [1]), table.class_names, table.feature_names, table.target, 0,
            table.options, "tiny"))


# ---- the code panel ----

@pytest.mark.parametrize("p", [ex.Params(threshold=0.3, cost_fp=2, cost_fn=9),
                               ex.Params(view="prevalence", prevalence=0.07, threshold=0.65,
                                         data="breast cancer"),
                               ex.Params(view="averages", rare_share=0.35, model="random forest", seed=4),
                               ex.Params(view="calibration", calibration="none", model="naive Bayes", bins=5)],
                         ids=ex.VIEWS)
def test_the_code_prints_the_pages_numbers(p, capsys):
    namespace = {}
    exec(compile(ex.code(p), "<metrics code>", "exec"), namespace)
    r = ex.run(p)
    assert namespace["value"] == pytest.approx(r.value, rel=1e-12)
    out = capsys.readouterr().out
    if p.view == "threshold":
        t = r.threshold
        assert (namespace["tn"], namespace["fp"], namespace["fn"], namespace["tp"]) == (t.tn, t.fp, t.fn, t.tp)
        assert namespace["best"] == t.best and namespace["costs"].min() == t.best_cost
    elif p.view == "prevalence":
        assert namespace["precision"] == pytest.approx(r.prevalence.precision)
        assert f"{r.prevalence.auc:.4f}" in out
    elif p.view == "averages":
        assert f"F1 {r.averages.averaged[2, 2]:.3f}" in out
    else:
        assert all(f"{c.name}: Brier score {c.brier:.4f}" in out for c in r.calibration.raw)


# ---- the moved knobs reuse the fit ----

def test_a_threshold_cost_or_prevalence_move_refits_nothing():
    from explorers import _scored

    _scored.scored.cache_clear()
    _scored._fit.cache_clear()
    ex.run(ex.Params())
    before = _scored._fit.cache_info().misses
    assert before == 1
    for p in (ex.Params(threshold=0.37), ex.Params(cost_fn=17), ex.Params(view="prevalence", prevalence=0.2),
              ex.Params(view="averages", threshold=0.9), ex.Params(view="averages", cost_fp=4)):
        ex.run(p)
    assert _scored._fit.cache_info().misses == before + 1  # only the averages view's own data


def test_a_control_another_view_hides_changes_nothing():
    base = ex.run(ex.Params(view="averages"))
    hidden = ex.Params(view="averages", threshold=0.1, cost_fn=20, prevalence=0.3, bins=4)
    assert ex.run(hidden).value == base.value
    assert ex.run(ex.Params(rare_share=0.9, calibration="isotonic")).value == ex.run(ex.Params()).value


# ---- figures, on the data they carry ----

def trace(fig, name_start):
    return next(t for t in fig.data if (t.name or "").startswith(name_start))


def test_the_histogram_draws_the_split_counts_and_both_thresholds():
    r = ex.run(ex.Params(threshold=0.4))
    fig = figs.histogram_figure(r)
    t = r.threshold
    for short, count in (("TP", t.tp), ("FN", t.fn), ("FP", t.fp), ("TN", t.tn)):
        bars = trace(fig, short)
        assert np.sum(bars.y) == count and f"({count:,})" in bars.name
    lines = {round(s.x0, 2): s.line.color for s in fig.layout.shapes}
    assert lines == {0.4: figs.BLACK, t.best: figs.GREEN}
    clipped = [a.text for a in fig.layout.annotations if "↑" in a.text]
    assert clipped == [f"{t.hist[0].sum(axis=0).max():,.0f} ↑"]  # the pile of confident negatives


def test_the_curves_mark_the_current_point():
    r = ex.run(ex.Params(threshold=0.3))
    t = r.threshold
    roc = figs.roc_figure(r)
    assert (trace(roc, "threshold").x[0], trace(roc, "threshold").y[0]) == (t.fpr, t.recall)
    assert (trace(roc, "least").x[0], trace(roc, "least").y[0]) == (t.best_fpr, t.best_tpr)
    np.testing.assert_array_equal(trace(roc, "ROC").x, t.s.roc_fpr)
    pr = figs.pr_figure(r)
    assert (trace(pr, "threshold").x[0], trace(pr, "threshold").y[0]) == (t.recall, t.precision)
    cost = figs.cost_figure(r)
    assert trace(cost, "least").x[0] == t.best and trace(cost, "least").y[0] == t.best_cost
    nothing = figs.pr_figure(ex.run(STATES[-1]))
    assert not [d for d in nothing.data if (d.name or "").startswith("threshold")]
    assert "precision undefined" in nothing.layout.annotations[0].text


@pytest.mark.parametrize("state", [{}, dict(view="averages")])
def test_the_confusion_matrix_has_a_click_target_in_every_cell(state):
    r = ex.run(ex.Params(**state))
    counts = r.averages.confusion if r.averages is not None else r.threshold.cell_counts
    k = len(counts)
    fig = figs.confusion_figure(r, selected=k + 1)
    targets = trace(fig, "cells")
    np.testing.assert_array_equal(targets.customdata, np.arange(k * k))
    names = list(r.source.class_names)
    assert [(names.index(y), names.index(x)) for x, y in zip(targets.x, targets.y)] == \
        [divmod(i, k) for i in range(k * k)]
    texts = [a.text.split("<br>")[-1] for a in fig.layout.annotations]
    assert texts == [f"{c:,}" for c in counts.ravel()]
    (outline,) = fig.layout.shapes
    assert (outline.x0 + 0.5, outline.y0 + 0.5) == (1, 1)  # the cell picked, row 1 column 1


def test_the_examples_are_the_cells_images():
    r = ex.run(ex.Params())
    chosen = ex.cell(r, 1, 0)
    fig = figs.examples_figure(r, chosen, "missed")
    mosaic = np.asarray(fig.data[0].z, float)
    first = r.source.images[r.threshold.s.fitted.test[chosen[0]]]
    np.testing.assert_array_equal(mosaic[3:11, 0:8], first)
    assert len(fig.layout.annotations) == len(chosen)


def test_the_other_views_figures_carry_their_numbers():
    v = ex.run(ex.Params(view="prevalence", prevalence=0.2))
    fig = figs.prevalence_figure(v)
    np.testing.assert_array_equal(trace(fig, "resampled").x, v.prevalence.roc_fpr)
    sweep = figs.sweep_figure(v)
    np.testing.assert_array_equal(trace(sweep, "average precision").y, v.prevalence.sweep_ap)
    a = ex.run(ex.Params(view="averages"))
    bars = figs.averages_figure(a)
    np.testing.assert_allclose(trace(bars, "F1").y, np.concatenate([a.averages.f1, a.averages.averaged[:, 2]]))
    c = ex.run(ex.Params(view="calibration", model="naive Bayes"))
    curves = figs.calibration_figure(c)
    np.testing.assert_array_equal(trace(curves, "naive Bayes,").y, c.calibration.calibrated.prob_true)
    assert len(figs.confidence_figure(c).data) == 2


def test_three_source_keeps_the_share_of_eights_asked_for():
    full, tenth = three_source(1.0, 0), three_source(0.1, 0)
    assert np.sum(full.y == 2) == 174 and np.sum(tenth.y == 2) == 17
    assert np.sum(tenth.y == 0) == np.sum(full.y == 0)
    assert task_source("digits: 3 or 8").y.sum() == 174 and len(task_source("digits: 3 or 8").y) == 357
