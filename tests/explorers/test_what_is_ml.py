"""What is machine learning: the three learners checked against scikit-learn, SciPy and
pandas, the agent's bookkeeping against its own log, the code snippet, the scenario cards,
the links onward, and the data the figures carry."""

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sklearn.datasets
from scipy.stats import binned_statistic_2d
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

import roadmap
from datasets.planes import TABLES
from explorers import what_is_ml as ex
from figures import what_is_ml as figs
from figures.classify import shade_values

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = [ex.Params(), ex.Params(data="iris", max_depth=1, test_share=0.5, seed=7),
            ex.Params(data="breast cancer", max_depth=12, n_clusters=2, seed=3)]


def table(name):
    """The table straight from scikit-learn: the two columns the page uses, in its own order."""
    bunch = getattr(sklearn.datasets, TABLES[name].loader)()
    columns = [list(bunch.feature_names).index(f) for f in TABLES[name].features]
    return bunch.data[:, columns], bunch.target


def parts(p):
    X, y = table(p.data)
    return train_test_split(X, y, test_size=p.test_share, stratify=y, random_state=p.seed)


# Supervised: the tree is scikit-learn's, on the split scikit-learn makes.

@pytest.mark.parametrize("p", SETTINGS)
def test_the_tree_scores_as_scikit_learn_scores_it(p):
    r = ex.run(p)
    X_train, X_test, y_train, y_test = parts(p)
    np.testing.assert_array_equal(r.split.X_train, X_train)
    np.testing.assert_array_equal(r.split.y_test, y_test)
    tree = DecisionTreeClassifier(max_depth=p.max_depth, random_state=p.seed).fit(X_train, y_train)
    assert r.train_accuracy == tree.score(X_train, y_train)
    assert r.test_accuracy == tree.score(X_test, y_test)
    assert (r.depth, r.n_leaves) == (tree.get_depth(), tree.get_n_leaves())
    np.testing.assert_array_equal(r.scores.grid_class.ravel(), tree.predict(r.split.grid))


def test_a_deep_tree_memorises_its_rows():
    r = ex.run(ex.Params(max_depth=ex.DEPTH_MAX))
    assert r.train_accuracy == 1.0 and r.test_accuracy < r.train_accuracy


# Unsupervised: k-means never sees the classes; they only judge it afterwards.

@pytest.mark.parametrize("p", SETTINGS)
def test_the_clusters_are_k_means_on_the_scaled_rows_judged_by_the_adjusted_rand_index(p):
    r, (X, y) = ex.run(p), table(p.data)
    np.testing.assert_array_equal(r.X, X)
    np.testing.assert_array_equal(r.y, y)
    scaler = StandardScaler().fit(X)
    model = KMeans(n_clusters=p.n_clusters, n_init=10, random_state=p.seed).fit(scaler.transform(X))
    c = r.clusters
    np.testing.assert_array_equal(c.labels, model.labels_)
    assert c.ari == pytest.approx(adjusted_rand_score(y, model.labels_), abs=1e-12)
    crosstab = pd.crosstab(y, model.labels_).reindex(columns=range(p.n_clusters), fill_value=0)
    np.testing.assert_array_equal(c.contingency, crosstab.to_numpy())
    np.testing.assert_allclose(scaler.transform(c.centres), model.cluster_centers_, atol=1e-12)
    # The groups' regions: the nearest centre, measured on the scaled grid.
    grid = scaler.transform(r.split.grid)
    nearest = np.argmin(((grid[:, None, :] - model.cluster_centers_[None]) ** 2).sum(axis=2), axis=1)
    np.testing.assert_array_equal(c.grid_cluster.ravel(), nearest)


# Reinforcement: the agent's grid, its bookkeeping and its choices, from its own log.

@pytest.mark.parametrize("p", SETTINGS)
def test_the_agents_cells_are_scipys_2d_bins(p):
    a, s = ex.run(p).agent, ex.run(p).split
    for edges, column in ((a.edges_x, s.X_train[:, 0]), (a.edges_y, s.X_train[:, 1])):
        np.testing.assert_allclose(edges, np.linspace(column.min(), column.max(), ex.CELLS + 1))
    stat = binned_statistic_2d(s.X_train[:, 0], s.X_train[:, 1], None, "count",
                               bins=[a.edges_x, a.edges_y], expand_binnumbers=True)
    column, row = stat.binnumber - 1  # SciPy numbers bins from 1; its last bin holds its right edge
    np.testing.assert_array_equal(ex.cells_of(s.X_train, a.edges_x, a.edges_y), row * ex.CELLS + column)
    # A test row outside the training rows' range counts in the nearest edge cell.
    far = np.array([[a.edges_x[0] - 10, a.edges_y[-1] + 10]])
    assert ex.cells_of(far, a.edges_x, a.edges_y).tolist() == [(ex.CELLS - 1) * ex.CELLS]


def log_of(p):
    r = ex.run(p)
    a, s = r.agent, r.split
    cells = ex.cells_of(s.X_train, a.edges_x, a.edges_y)[a.shown]
    return r, pd.DataFrame({"cell": cells, "action": a.actions, "reward": a.rewards,
                            "label": s.y_train[a.shown]})


@pytest.mark.parametrize("p", [*SETTINGS, ex.Params(epsilon=0.0, tries=300), ex.Params(epsilon=0.5, seed=9)])
def test_the_agents_values_are_the_mean_reward_of_each_choice_in_each_cell(p):
    r, log = log_of(p)
    a = r.agent
    np.testing.assert_array_equal(log.reward, (log.action == log.label).astype(float))
    grouped = log.groupby(["cell", "action"]).reward
    expected_counts = np.zeros_like(a.counts)
    expected_values = np.zeros_like(a.values)
    for (cell, action), n in grouped.size().items():
        expected_counts[cell, action] = n
    for (cell, action), mean in grouped.mean().items():
        expected_values[cell, action] = mean
    np.testing.assert_array_equal(a.counts, expected_counts)
    np.testing.assert_allclose(a.values, expected_values, atol=1e-12)
    # Never tried: no choice to show, and nothing learnt.
    never = a.counts.sum(axis=1) == 0
    np.testing.assert_array_equal(a.policy.ravel() == -1, never)
    np.testing.assert_array_equal(a.policy.ravel()[~never], a.values.argmax(axis=1)[~never])


@pytest.mark.parametrize("p", [ex.Params(tries=400), ex.Params(data="iris", epsilon=0.3, tries=300, seed=2)])
def test_the_agent_explores_when_told_and_otherwise_takes_its_best_choice_so_far(p):
    r, log = log_of(p)
    k = r.n_classes
    _, explore, random_class, _ = ex.draws(np.random.default_rng(p.seed), len(r.split.y_train), k,
                                           p.tries, p.epsilon)
    np.testing.assert_array_equal(log.action[explore], random_class[explore])
    # Every greedy try took a choice with the best mean reward up to then (sums and counts
    # kept here, not the agent's running mean).
    total, count = {}, {}
    for t, (cell, action, reward) in enumerate(zip(log.cell, log.action, log.reward)):
        means = [total.get((cell, b), 0.0) / count[(cell, b)] if count.get((cell, b)) else 0.0
                 for b in range(k)]
        if not explore[t]:
            assert means[action] == pytest.approx(max(means), abs=1e-12), t
        total[(cell, action)] = total.get((cell, action), 0.0) + reward
        count[(cell, action)] = count.get((cell, action), 0) + 1


def test_the_reward_curve_is_a_trailing_mean_and_the_choices_are_scored_on_the_test_rows():
    p = ex.Params(tries=700)
    r, log = log_of(p)
    a, s = r.agent, r.split
    rolling = pd.Series(a.rewards).rolling(ex.WINDOW, min_periods=1).mean().to_numpy()
    np.testing.assert_allclose(a.moving, rolling, atol=1e-12)
    assert a.reward_rate == pytest.approx(a.rewards[-ex.WINDOW:].mean())
    assert a.checkpoints[0] == 1 and a.checkpoints[-1] == 700 and len(a.checkpoints) == ex.CHECKPOINTS
    # At each checkpoint, its best choice in each cell from the mean rewards of the tries so far
    # (ties to the lowest class), scored on the test rows.
    test_cells = ex.cells_of(s.X_test, a.edges_x, a.edges_y)
    for t, scored in zip(a.checkpoints, a.checkpoint_accuracy):
        means = log[:t].groupby(["cell", "action"]).reward.mean()
        values = np.zeros((ex.CELLS**2, r.n_classes))
        for (cell, action), mean in means.items():
            values[cell, action] = mean
        assert scored == np.mean(values.argmax(axis=1)[test_cells] == s.y_test), t
    assert a.test_accuracy == a.checkpoint_accuracy[-1]


def test_exploration_changes_what_it_chooses_not_which_rows_it_is_shown():
    calm, curious = ex.run(ex.Params(epsilon=0.0)).agent, ex.run(ex.Params(epsilon=0.5)).agent
    np.testing.assert_array_equal(calm.shown, curious.shown)
    assert not np.array_equal(calm.actions, curious.actions)
    # Half the tries are random picks, right one time in three: the reward falls.
    assert curious.reward_rate < calm.reward_rate - 0.1


def fresh(p):
    for memo in (ex._tree, ex._clusters, ex._agent):
        memo.cache_clear()
    return ex.run(p)


def test_same_seed_same_result_another_seed_another():
    first, again = fresh(ex.Params(seed=5)), fresh(ex.Params(seed=5))
    for part in ("agent", "clusters"):
        for field in dataclasses.fields(getattr(first, part)):
            np.testing.assert_array_equal(getattr(getattr(first, part), field.name),
                                          getattr(getattr(again, part), field.name))
    other = fresh(ex.Params(seed=6))
    assert not np.array_equal(first.agent.shown, other.agent.shown)
    assert not np.array_equal(first.split.y_test, other.split.y_test)


def test_results_are_shared_read_only():
    r = ex.run(ex.Params())
    with pytest.raises(ValueError):
        r.agent.values[0, 0] = 1.0
    with pytest.raises(ValueError):
        r.clusters.labels[0] = 1


# The code panel: one script, every number on the page.

@pytest.mark.parametrize("p", [*SETTINGS, ex.Params(epsilon=0.0, tries=50),
                               ex.Params(n_clusters=6, epsilon=0.5)])
def test_the_code_reproduces_every_number(p, capsys):
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(p), "<what-is-ml code>", "exec"), namespace)
    r = ex.run(p)
    assert namespace["train_accuracy"] == r.train_accuracy
    assert namespace["test_accuracy"] == r.test_accuracy == getattr(r, ex.HEADLINE)
    assert namespace["ari"] == pytest.approx(r.clusters.ari, abs=1e-12)
    assert namespace["agent_test_accuracy"] == r.agent.test_accuracy
    assert namespace["reward_rate"] == r.agent.reward_rate
    np.testing.assert_array_equal(namespace["values"], r.agent.values)
    printed = capsys.readouterr().out
    assert "supervised" in printed and "unsupervised" in printed and "reinforcement" in printed


# Which kind is it? The answers are data, and the verdict reads them.

def test_every_kind_has_scenarios_and_each_has_its_answer_and_a_clue():
    kinds = [s.kind for s in ex.SCENARIOS]
    assert set(kinds) == set(ex.KINDS)
    assert all(kinds.count(kind) >= 2 for kind in ex.KINDS)
    assert len({s.text for s in ex.SCENARIOS}) == len(ex.SCENARIOS)


@pytest.mark.parametrize("index", range(len(ex.SCENARIOS)))
def test_the_verdict_is_right_only_for_the_scenarios_kind(index):
    scenario = ex.SCENARIOS[index]
    for guess in ex.KINDS:
        right, words = ex.verdict(index, guess)
        assert right == (guess == scenario.kind)
        assert words.startswith(f"{'Right' if right else 'Not quite'}: {scenario.kind}.")
        assert scenario.clue in words
    with pytest.raises(ValueError):
        ex.verdict(index, "semi-supervised")


# Go deeper: only pages that exist, from the roadmap's own registry.

def test_every_page_named_onward_is_a_roadmap_topic():
    titles = {topic.title for _, topic in roadmap.topics()}
    for kind, named in ex.DEEPER.items():
        assert set(named) <= titles, set(named) - titles


@pytest.mark.parametrize("kind", ex.KINDS)
def test_onward_links_only_live_pages_in_reading_order(kind):
    live = ex.onward(kind)
    assert live, f"no live page goes deeper into {kind} learning"
    assert all(t.page and (ROOT / t.page).exists() for t in live)
    registered = {t.title for _, t in roadmap.live_topics()}
    assert [t.title for t in live] == [t for t in ex.DEEPER[kind] if t in registered]


# The figures, on the data they carry.

def traces(fig, name):
    return [t for t in fig.data if t.name == name]


def test_the_three_ways_figure_draws_each_learner_on_the_same_axes():
    r = ex.run(ex.Params())
    fig = figs.three_ways_figure(r)
    s, c, a = r.split, r.clusters, r.agent
    tree = traces(fig, "the tree's class")[0]
    shades = shade_values(r.scores.grid_class, r.scores.grid_confidence, r.n_classes)
    np.testing.assert_allclose(np.asarray(tree.z, float), shades, atol=1e-6)
    for k, name in enumerate(r.class_names):
        train = traces(fig, name)[0]
        np.testing.assert_array_equal(train.x, s.X_train[s.y_train == k, 0])
        assert {t.xaxis or "x" for t in traces(fig, f"{name}, test")} == {"x", "x3"}
    hidden = traces(fig, "row, class hidden")[0]
    assert hidden.xaxis == "x2" and len(hidden.x) == len(r.X)
    assert len({str(t.marker.color) for t in [hidden]}) == 1  # one colour: the classes are hidden
    centres = traces(fig, "k-means centre")[0]
    np.testing.assert_array_equal(np.column_stack([centres.x, centres.y]), c.centres)
    assert len(traces(fig, "k-means group edge")) == len(c.centres)
    choice = traces(fig, "the agent's choice")[0]
    z = np.asarray(choice.z, float)
    np.testing.assert_array_equal(np.isnan(z), a.policy < 0)
    np.testing.assert_allclose(z[a.policy >= 0], a.policy[a.policy >= 0] + 0.75)
    assert choice.xaxis == "x3"
    assert fig.layout.xaxis2.matches == "x" and fig.layout.yaxis3.matches == "y"


def test_the_reward_figure_draws_the_run_and_its_two_yardsticks():
    r = ex.run(ex.Params(tries=300))
    fig = figs.reward_figure(r)
    a = r.agent
    np.testing.assert_array_equal(traces(fig, f"reward per try (last {ex.WINDOW})")[0].y, a.moving)
    choices = traces(fig, "its choices on the test rows")[0]
    np.testing.assert_array_equal(choices.x, a.checkpoints)
    np.testing.assert_array_equal(choices.y, a.checkpoint_accuracy)
    tree = next(t for t in fig.data if t.name.startswith("the tree on the test rows"))
    assert set(tree.y) == {r.test_accuracy} and f"{r.test_accuracy:.0%}" in tree.name
    guess = next(t for t in fig.data if t.name.startswith("guessing at random"))
    assert set(guess.y) == {1 / r.n_classes}


def test_the_clusters_figure_counts_each_class_in_each_cluster():
    r = ex.run(ex.Params(n_clusters=4))
    fig = figs.clusters_figure(r)
    heat = fig.data[0]
    np.testing.assert_array_equal(heat.z, r.clusters.contingency)
    assert list(heat.x) == ["cluster 1", "cluster 2", "cluster 3", "cluster 4"]
    assert list(heat.y) == list(r.class_names)
    assert f"ARI {r.clusters.ari:.2f}" in fig.layout.title.text
