"""The t-SNE explorer: checked against openTSNE's own fit and scikit-learn's PCA, the frames,
the progress it reports, the ground truth it computes, the code snippet and its figures.

Runs are kept small (100-150 points, a few hundred iterations) so the file stays quick."""

import dataclasses

import numpy as np
import pytest
from openTSNE import TSNE
from sklearn.decomposition import PCA

from explorers import tsne as ex
from figures import tsne as figs

SMALL = ex.Params(n_points=100, iterations=300)


def fresh_run(p, progress=None):
    """run() without the memo, so two runs really recompute."""
    ex._RUNS.clear()
    return ex.run(p, progress=progress)


@pytest.mark.parametrize("p", [
    SMALL, ex.Params(data="digits", n_points=150, perplexity=5, iterations=200,
                     learning_rate="1000", seed=3),
    ex.Params(data="a line", n_points=100, perplexity=100, iterations=100, learning_rate="10"),
])
def test_the_final_map_is_what_opentsne_fit_returns(p):
    r = fresh_run(p)
    X, _, _ = ex.sample(p.data, p.n_points, p.seed)
    embedding = TSNE(**ex.tsne_arguments(r.perplexity, p.iterations, p.learning_rate, p.seed)).fit(X)
    np.testing.assert_array_equal(r.embedding, np.asarray(embedding))
    assert r.kl_divergence == pytest.approx(embedding.kl_divergence, rel=1e-9)
    assert r.perplexity == min(p.perplexity, (p.n_points - 1) // 3)


def test_the_arguments_are_what_the_page_promises():
    args = ex.tsne_arguments(30.0, 750, "auto", 4)
    assert args["early_exaggeration_iter"] == ex.EARLY and args["n_iter"] == 750 - ex.EARLY
    assert args["learning_rate"] == "auto" and args["random_state"] == 4
    short = ex.tsne_arguments(30.0, 100, "10", 0)
    assert short["early_exaggeration_iter"] == 100 and short["n_iter"] == 0
    assert short["learning_rate"] == 10.0


def test_same_seed_same_result_and_another_seed_another():
    first, again = fresh_run(SMALL), fresh_run(SMALL)
    np.testing.assert_array_equal(first.embedding, again.embedding)
    np.testing.assert_array_equal(first.frames, again.frames)
    assert first.kl_divergence == again.kl_divergence
    other = fresh_run(dataclasses.replace(SMALL, seed=1))
    assert not np.allclose(first.X, other.X)


def test_frames_run_from_the_start_to_the_final_map():
    r = fresh_run(dataclasses.replace(SMALL, iterations=250))
    np.testing.assert_array_equal(r.frame_iters, np.arange(0, 251, ex.FRAME_EVERY))
    assert r.frames.shape == (len(r.frame_iters), 100, 2)
    np.testing.assert_array_equal(r.frames[-1], r.embedding.astype(np.float32))
    assert r.frame_kl[-1] == r.kl_divergence and len(r.frame_kl) == len(r.frame_iters) - 1
    # Frame 0 is openTSNE's starting layout: PCA rescaled to a tiny spread.
    assert np.std(r.frames[0]) < 1e-3 < np.std(r.frames[-1])


def test_a_frame_of_the_run_is_the_map_after_that_many_iterations():
    p = dataclasses.replace(SMALL, iterations=100)
    r = ex.run(dataclasses.replace(p, frame=60))
    X, _, _ = ex.sample(p.data, p.n_points, p.seed)
    at_60 = TSNE(**ex.tsne_arguments(r.perplexity, 60, "auto", p.seed)).fit(X)
    np.testing.assert_array_equal(r.shown, np.asarray(at_60).astype(np.float32))
    assert r.frame == 60 and not r.clamped


def test_the_frame_is_clamped_to_the_last_iteration():
    r = ex.run(dataclasses.replace(SMALL, frame=ex.MAX_ITER))
    assert r.frame == SMALL.iterations and r.clamped
    np.testing.assert_array_equal(r.shown, r.frames[-1])
    first = ex.run(dataclasses.replace(SMALL, frame=0))
    assert first.frame == 0
    np.testing.assert_array_equal(first.shown, first.frames[0])
    assert first.embedding is r.embedding  # the scrubber does not rerun t-SNE


def test_progress_rises_to_one():
    calls = []
    fresh_run(SMALL, progress=lambda fraction, text: calls.append((fraction, text)))
    fractions = [f for f, _ in calls]
    assert len(fractions) == SMALL.iterations // ex.FRAME_EVERY
    assert np.all(np.diff(fractions) > 0) and fractions[-1] == 1.0 and fractions[0] > 0
    assert "iteration 300 of 300" in calls[-1][1]
    calls.clear()
    ex.run(SMALL, progress=lambda f, t: calls.append(f))  # memoised: nothing to report
    assert calls == []


def test_the_comparison_reports_progress_and_matches_single_runs():
    ex._COMPARED.clear()
    p = ex.Params(data="pure noise", n_points=100, seed=2)
    fractions = []
    c = ex.compare(p, progress=lambda f, t: fractions.append(f))
    assert c.perplexities == (2, 5, 15, 30)  # 45 needs 136 points
    assert np.all(np.diff(fractions) > 0) and fractions[-1] == pytest.approx(1.0)
    X, _, _ = ex.sample("pure noise", 100, 2)
    one = TSNE(**ex.tsne_arguments(5.0, ex.COMPARE_ITER, "auto", 2)).fit(X)
    np.testing.assert_array_equal(c.embeddings[1], np.asarray(one))
    assert ex.compare(dataclasses.replace(p, n_points=1000)).n_points == ex.COMPARE_POINTS


def test_pca_is_sklearns():
    r = ex.run(SMALL)
    expected = PCA(n_components=2).fit(r.X)
    np.testing.assert_allclose(np.abs(r.pca), np.abs(expected.transform(r.X)), atol=1e-9)
    assert r.pca_variance == pytest.approx(expected.explained_variance_ratio_.sum())


def test_the_ground_truth_is_computed_right():
    X = np.array([[0.0, 0], [2, 0], [10, 0], [10, 4]])
    labels = np.array([0, 0, 1, 1])
    t = ex.truth(X, X / 2, labels)
    np.testing.assert_allclose(t.spread, [1.0, 2.0])  # RMS distance to the group's centre
    np.testing.assert_allclose(t.map_spread, [0.5, 1.0])
    np.testing.assert_allclose(t.distance, [np.hypot(9, 2)])
    assert t.pairs == ((0, 1),)


def test_the_data_sets_have_the_structure_they_claim():
    X, labels, _ = ex.sample("different sizes", 600, 0)
    sizes = ex.truth(X, X[:, :2], labels).spread
    assert sizes[2] / sizes[0] == pytest.approx(9, rel=0.1)
    X, labels, _ = ex.sample("different distances", 600, 0)
    ab, ac, bc = ex.truth(X, X[:, :2], labels).distance
    assert bc / ab == pytest.approx(4, rel=0.05) and ac == pytest.approx(ab + bc, rel=0.05)
    X, labels, _ = ex.sample("linked rings", 400, 0)
    assert X.shape == (400, 3) and set(labels) == {0, 1}
    X, labels, _ = ex.sample("digits", 300, 0)
    assert X.shape == (300, 64) and set(labels) == set(range(10))


def test_neighbours_kept_is_one_for_a_copy_and_low_for_a_shuffle():
    X = np.random.default_rng(0).standard_normal((80, 5))
    assert ex.neighbours_kept(X, X) == 1.0
    assert ex.neighbours_kept(X, X[np.random.default_rng(1).permutation(80)]) < 0.5


def test_the_misreading_shows_on_different_sizes():
    # The point of the page: ninefold spreads come out far more alike in the t-SNE map.
    r = ex.run(ex.Params(n_points=150, iterations=500))
    true_ratio = r.truth.spread.max() / r.truth.spread.min()
    map_ratio = r.truth.map_spread.max() / r.truth.map_spread.min()
    assert map_ratio < true_ratio / 2
    assert r.kept > r.pca_kept


def test_the_memo_is_read_only():
    r = ex.run(SMALL)
    for array in (r.embedding, r.frames, r.X, r.truth.spread):
        with pytest.raises(ValueError):
            array.flat[0] = 0


def test_the_code_defines_the_headline_and_the_data(capsys):
    p = dataclasses.replace(SMALL, data="linked rings", perplexity=100)
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p), "<t-SNE code>", "exec"), namespace)
    r = ex.run(p)
    np.testing.assert_array_equal(namespace["X"], r.X)
    np.testing.assert_array_equal(np.asarray(namespace["embedding"]), r.embedding)
    assert namespace["kl_divergence"] == pytest.approx(r.kl_divergence, rel=1e-9)
    assert "KL divergence" in capsys.readouterr().out


# The figures, on the data they carry.

def test_embedding_and_pca_figures_carry_the_points_by_group():
    r = ex.run(dataclasses.replace(SMALL, frame=40))
    fig = figs.embedding_figure(r)
    assert [t.name for t in fig.data] == list(r.group_names)
    for g, t in enumerate(fig.data):
        np.testing.assert_array_equal(t.x, r.shown[r.labels == g, 0])
    assert "iteration 40" in fig.layout.title.text and "exaggeration" in fig.layout.title.text
    pca = figs.pca_figure(r)
    np.testing.assert_array_equal(pca.data[0].y, r.pca[r.labels == 0, 1])


def test_kl_figure_marks_the_frame_and_the_early_phase():
    r = ex.run(dataclasses.replace(SMALL, frame=120))
    fig = figs.kl_figure(r)
    np.testing.assert_array_equal(fig.data[0].y, r.frame_kl)
    np.testing.assert_array_equal(fig.data[0].x, r.frame_iters[1:])
    rect, line = fig.layout.shapes
    assert rect.x1 == ex.EARLY and line.x0 == line.x1 == 120


def test_sizes_and_distances_figures_compare_data_and_maps():
    r = ex.run(SMALL)
    sizes = figs.sizes_figure(r)
    np.testing.assert_allclose(sizes.data[0].y, r.truth.spread / r.truth.spread.mean())
    np.testing.assert_allclose(sizes.data[1].y, r.truth.map_spread / r.truth.map_spread.mean())
    distances = figs.distances_figure(r)
    np.testing.assert_allclose(distances.data[0].x, r.truth.distance / r.truth.distance.mean())
    np.testing.assert_allclose(distances.data[1].y,
                               r.pca_truth.map_distance / r.pca_truth.map_distance.mean())


def test_perplexity_figure_has_one_panel_per_perplexity():
    c = ex.compare(ex.Params(data="pure noise", n_points=100, seed=2))
    fig = figs.perplexity_figure(c)
    assert len(fig.data) == len(c.perplexities)
    np.testing.assert_array_equal(fig.data[-1].x, c.embeddings[-1][:, 0])
    assert [a.text for a in fig.layout.annotations] == [f"perplexity {q}" for q in c.perplexities]
