"""The classifier comparison: every model is scikit-learn's (or XGBoost's) with the settings
the snippet shows, behind a scaler, and the figures carry their scores."""

import numpy as np
import pytest
from sklearn.pipeline import Pipeline

from explorers import comparison as ex, svm
from explorers._classify import coarse_grid, evaluate, split
from figures import comparison as figs


@pytest.fixture(scope="module")
def default():
    return ex.run(ex.Params())


def test_every_model_is_scored_on_the_same_split_as_a_fresh_fit(default):
    s = split(ex.Params())
    assert [f.name for f in default.models] == list(ex.MODELS)
    for fitted in default.models:
        model = ex.make_model(fitted.name, 0).fit(s.X_train, s.y_train)
        assert fitted.scores.test_accuracy == model.score(s.X_test, s.y_test), fitted.name
        assert fitted.scores.train_accuracy == model.score(s.X_train, s.y_train), fitted.name
        # The small panels: every other cell of the grid, predicted by the model itself.
        np.testing.assert_array_equal(fitted.scores.grid_class.ravel(),
                                      model.predict(coarse_grid(s, ex.PANEL_STEP)))
        assert fitted.scores.grid_class.shape == (50, 50)
        assert fitted.fit_seconds > 0


@pytest.mark.parametrize("data", ["moons", "three classes"])
@pytest.mark.parametrize("name", list(ex.MODELS))
def test_the_model_looked_at_closer_is_scored_on_the_full_grid(data, name):
    """Including the SVMs' one-pass kernel sum, which stands in for libsvm's predict."""
    p = ex.Params(data=data, focus=name)
    s = split(p)
    focus = ex.run(p).focus
    model = ex.make_model(name, p.seed).fit(s.X_train, s.y_train)
    np.testing.assert_array_equal(focus.scores.grid_class.ravel(), model.predict(s.grid))
    np.testing.assert_array_equal(focus.scores.test_predicted, model.predict(s.X_test))
    if hasattr(model, "predict_proba"):
        np.testing.assert_allclose(focus.scores.grid_confidence.ravel(),
                                   model.predict_proba(s.grid).max(axis=1), rtol=1e-6)


@pytest.mark.parametrize("data", ["moons", "three classes", "iris", "breast cancer"])
@pytest.mark.parametrize("name", list(ex.MODELS))
def test_one_stacked_prediction_gives_evaluates_scores(data, name):
    """Training points, test points and grid in one call: the same numbers as three calls
    through ``evaluate``, which asks the model itself (libsvm's predict for the SVMs)."""
    p = ex.Params(data=data, seed=3)
    s = split(p)
    model = ex.make_model(name, p.seed).fit(s.X_train, s.y_train)
    for step in (1, ex.PANEL_STEP):
        ours, theirs = ex._scores(model, s, step), evaluate(model, s, step=step)
        assert (ours.train_accuracy, ours.test_accuracy) == (theirs.train_accuracy, theirs.test_accuracy)
        for field in ("confusion", "test_predicted", "grid_class"):
            np.testing.assert_array_equal(getattr(ours, field), getattr(theirs, field), err_msg=field)
        np.testing.assert_array_equal(ours.grid_confidence, theirs.grid_confidence)


@pytest.mark.parametrize("data", ["three classes", "iris", "wine", "moons"])
@pytest.mark.parametrize("name", ["Linear SVM", "RBF SVM"])
def test_svc_votes_as_libsvm(data, name):
    """One-vs-one votes from one kernel matrix: libsvm's predictions, on the grid and the data."""
    for seed in (0, 1, 2):
        s = split(ex.Params(data=data, seed=seed))
        model = ex.make_model(name, seed).fit(s.X_train, s.y_train)
        points = np.concatenate([s.grid, s.X_train, s.X_test])
        np.testing.assert_array_equal(svm.predict(model, points), model.predict(points))


def test_best_is_the_highest_test_accuracy_and_focus_is_the_chosen_model(default):
    accuracies = {f.name: f.scores.test_accuracy for f in default.models}
    assert default.best_test_accuracy == max(accuracies.values())
    assert accuracies[default.best] == default.best_test_accuracy
    assert default.focus.name == ex.Params().focus
    other = ex.run(ex.Params(focus="Random forest"))
    assert other.focus.name == "Random forest" and other.models == default.models  # reused, not refitted
    # The fits are kept for as many data settings as their splits are.
    from explorers import _classify

    assert ex._fit_all.cache_info().maxsize >= _classify._split.cache_info().maxsize


def test_every_model_is_behind_a_scaler_fitted_on_the_training_set():
    s = split(ex.Params(data="wine"))
    model = ex.make_model("RBF SVM", 0).fit(s.X_train, s.y_train)
    assert isinstance(model, Pipeline) and model.steps[0][0] == "standardscaler"
    np.testing.assert_allclose(model[0].mean_, s.X_train.mean(axis=0))


def test_linear_models_draw_a_straight_boundary(default):
    """On the two-class grid, the class changes along each row at most once for the linear models."""
    for name in ("Logistic regression", "Linear SVM"):
        grid = next(f for f in default.models if f.name == name).scores.grid_class
        assert np.all(np.abs(np.diff(grid, axis=1)).sum(axis=1) <= 1), name


def test_figures_carry_every_models_scores(default):
    bars = figs.scores_figure(default)
    test = next(t for t in bars.data if t.name == "test")
    assert sorted(test.x) == sorted(f.scores.test_accuracy for f in default.models)
    assert test.y[-1] == default.best or test.x[-1] == default.best_test_accuracy
    times = figs.time_figure(default).data[0]
    np.testing.assert_allclose(times.x, [1000 * f.fit_seconds for f in default.models])
    # The small panels: one figure, a heatmap on each panel's own axes, titled with its model.
    panels = figs.panels_plot(default).build()
    assert panels.layout.showlegend is False
    titles = [a.text for a in panels.layout.annotations]
    assert titles == [f"{f.name}<br>test {f.scores.test_accuracy:.0%}" for f in default.models]
    # Test points only: the training points are in the larger chart of the model looked at.
    names = {t.name for t in panels.data if t.type == "scatter"}
    assert {f"{c}, test" for c in default.split.class_names} <= names
    assert not any(name.endswith(", train") for name in names)
    assert all(panels.layout[f"{a}axis{i}"].automargin is False
               for a in "xy" for i in ["", *map(str, range(2, len(default.models) + 1))])
    heats = [t for t in panels.data if t.type == "heatmap"]
    assert [h.xaxis for h in heats] == ["x"] + [f"x{i}" for i in range(2, len(default.models) + 1)]
    for heat, fitted in zip(heats, default.models):
        # A coarse panel is drawn at its own cells' centres, on the full grid's axes.
        np.testing.assert_array_equal(heat.x, default.split.grid_x[::ex.PANEL_STEP])
        np.testing.assert_array_equal(heat.y, default.split.grid_y[::ex.PANEL_STEP])
        np.testing.assert_array_equal(np.floor(heat.z), fitted.scores.grid_class)
    # Every panel has axes of its own, and no two panels overlap.
    boxes = [(panels.layout[f"xaxis{a}"].domain, panels.layout[f"yaxis{a}"].domain)
             for a in ["", *map(str, range(2, len(default.models) + 1))]]
    for i, (x, y) in enumerate(boxes):
        for u, v in boxes[i + 1:]:
            assert x[1] <= u[0] or u[1] <= x[0] or y[1] <= v[0] or v[1] <= y[0]
    focus = next(t for t in figs.focus_plot(default).build().data if t.type == "heatmap")
    np.testing.assert_array_equal(focus.x, default.split.grid_x)


def test_the_panels_caption_reads_true_shading_hollow_test_points_and_crosses(default):
    """"shading: how sure, from its probabilities; the two SVMs give none, so theirs is flat";
    "hollow, crossed where the model is wrong"; the chart below adds the training points."""
    panels = figs.panels_plot(default).build()
    heats = [t for t in panels.data if t.type == "heatmap"]
    crosses = [t for t in panels.data if t.name and t.name.startswith("misclassified")]
    for heat, cross, fitted in zip(heats, crosses, default.models):
        shade = np.asarray(heat.z, float) - fitted.scores.grid_class
        flat = np.ptp(shade) < 1e-3  # float32 on the wire
        assert flat == fitted.name.endswith("SVM"), fitted.name
        wrong = fitted.scores.test_predicted != default.split.y_test
        assert len(cross.x) == wrong.sum() and cross.marker.symbol == "x-thin"
        assert sorted(cross.x) == sorted(default.split.X_test[wrong, 0])
    hollow = [t for t in panels.data if t.name and t.name.endswith(", test")]
    assert hollow and all(t.marker.color == "white" for t in hollow)
    focus = {t.name for t in figs.focus_plot(default).build().data}
    assert {f"{c}, train" for c in default.split.class_names} <= focus
