"""The decision-tree explorer: against scikit-learn's DecisionTreeClassifier, the boxes its
nodes carve, the followed point's path, the depth sweep, and the data its figures carry."""

import numpy as np
import pytest
from sklearn.tree import DecisionTreeClassifier

from explorers import decision_tree as ex
from explorers._classify import split
from figures import decision_tree as figs

SETTINGS = [
    ex.Params(),
    ex.Params(data="three classes", max_depth=6, criterion="entropy", seed=3, probe_x=0.9, probe_y=0.1),
    ex.Params(data="iris", max_depth=20, probe_x=0.0, probe_y=1.0),  # repeated values: tied splits
    ex.Params(data="spirals", max_depth=20, n_points=1000, noise=0.1),
    ex.Params(data="breast cancer", max_depth=8, min_samples_leaf=7, test_share=0.5),
    ex.Params(data="xor", max_depth=1, balance=0.2),
]
IDS = [f"{p.data}-d{p.max_depth}-leaf{p.min_samples_leaf}-{p.criterion}" for p in SETTINGS]


def sklearn_tree(p, max_depth="params"):
    s = split(p)
    depth = p.max_depth if max_depth == "params" else max_depth
    return DecisionTreeClassifier(max_depth=depth, min_samples_leaf=p.min_samples_leaf, criterion=p.criterion,
                                  random_state=p.seed).fit(s.X_train, s.y_train)


def as_sklearn_sees_it(X):
    # Trees compare float32 copies of X with their thresholds, so a point within float32
    # rounding of a cut goes where its float32 value says.
    return np.asarray(X, np.float32).astype(float)


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_scores_and_shape_are_sklearns(p):
    r, model, s = ex.run(p), sklearn_tree(p), split(p)
    assert r.test_accuracy == model.score(s.X_test, s.y_test)
    assert r.train_accuracy == model.score(s.X_train, s.y_train)
    np.testing.assert_array_equal(r.scores.grid_class.ravel(), model.predict(s.grid))
    assert (r.depth, r.n_leaves, r.tree.n_nodes) == \
        (model.get_depth(), model.get_n_leaves(), model.tree_.node_count)
    assert r.depth <= p.max_depth and r.tree.depth.max() == r.depth


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_node_counts_are_the_training_points_that_pass_through(p):
    r, model, s = ex.run(p), sklearn_tree(p), split(p)
    through = model.decision_path(s.X_train).toarray()  # (points, nodes) 0/1
    onehot = np.eye(s.n_classes, dtype=int)[s.y_train]
    np.testing.assert_array_equal(r.tree.counts, through.T @ onehot)
    np.testing.assert_array_equal(r.tree.samples, through.sum(axis=0))
    # A node's depth is the number of nodes above it on any path through it.
    leaves = model.apply(s.X_train)
    np.testing.assert_array_equal(r.tree.depth[leaves], through.sum(axis=1) - 1)
    assert r.tree.samples[r.tree.is_leaf].min() >= p.min_samples_leaf


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_leaf_boxes_partition_the_plot_and_hold_the_points_sklearn_sends_there(p):
    r, model, s = ex.run(p), sklearn_tree(p), split(p)
    t = r.tree
    leaves = np.flatnonzero(t.is_leaf)
    # A box is lo < x <= hi (left is x <= cut). The plot's own edges are opened out, as
    # a float32 grid point on the edge may round past it.
    lo = np.where(t.lo == t.lo[0], -np.inf, t.lo)[leaves]
    hi = np.where(t.hi == t.hi[0], np.inf, t.hi)[leaves]

    def box_of(X):
        X = as_sklearn_sees_it(X)
        inside = np.all((X[:, None, :] > lo[None]) & (X[:, None, :] <= hi[None]), axis=2)
        assert np.all(inside.sum(axis=1) == 1), "every point lies in exactly one leaf's box"
        return leaves[inside.argmax(axis=1)]

    for X in (s.grid, s.X_train, s.X_test):
        np.testing.assert_array_equal(box_of(X), model.apply(X))
    area = np.prod(t.hi[leaves] - t.lo[leaves], axis=1).sum()
    assert area == pytest.approx(np.prod(t.hi[0] - t.lo[0]))
    # Children's boxes split their parent's exactly at its cut.
    for node in np.flatnonzero(~t.is_leaf):
        f, cut, left, right = t.feature[node], t.threshold[node], t.left[node], t.right[node]
        assert t.hi[left, f] == cut == t.lo[right, f]
        assert t.lo[left, f] == t.lo[node, f] and t.hi[right, f] == t.hi[node, f]


@pytest.mark.parametrize("p", SETTINGS, ids=IDS)
def test_the_followed_point_takes_sklearns_path(p):
    r, model = ex.run(p), sklearn_tree(p)
    np.testing.assert_array_equal(r.probe_path, model.decision_path(r.probe[None]).indices)
    t, x = r.tree, as_sklearn_sees_it(r.probe[None])[0]
    for parent, child in zip(r.probe_path[:-1], r.probe_path[1:]):
        goes_left = x[t.feature[parent]] <= t.threshold[parent]
        assert child == (t.left[parent] if goes_left else t.right[parent])
    assert t.is_leaf[r.probe_path[-1]]
    assert r.probe_class == model.predict(r.probe[None])[0]


@pytest.mark.parametrize("p", SETTINGS[:3], ids=IDS[:3])
def test_impurity_is_the_criterion_of_the_counts(p):
    t = ex.run(p).tree
    share = t.counts / t.counts.sum(axis=1, keepdims=True)
    if p.criterion == "gini":
        expected = 1 - (share ** 2).sum(axis=1)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = -np.nansum(share * np.log2(share), axis=1)
    np.testing.assert_allclose(t.impurity, expected, atol=1e-12)


@pytest.mark.parametrize("data, leaf, criterion", [
    ("moons", 1, "gini"), ("iris", 1, "entropy"), ("three classes", 5, "gini"), ("gaussians", 2, "entropy"),
])
def test_accuracy_against_depth_equals_refits_at_every_depth(data, leaf, criterion):
    p = ex.Params(data=data, min_samples_leaf=leaf, criterion=criterion, seed=4, noise=0.6)
    r, s = ex.run(p), split(p)
    np.testing.assert_array_equal(r.sweep_depth, np.arange(1, ex.DEPTH_MAX + 1))
    for d, train, test in zip(r.sweep_depth, r.sweep_train, r.sweep_test):
        model = sklearn_tree(p, max_depth=int(d))
        assert (train, test) == (model.score(s.X_train, s.y_train), model.score(s.X_test, s.y_test)), d
    assert r.full_depth == sklearn_tree(p, max_depth=None).get_depth()
    # The page's own tree is one point of the curve.
    assert r.sweep_test[p.max_depth - 1] == r.test_accuracy


def test_a_fully_grown_tree_memorises_and_a_leaf_minimum_stops_it():
    grown = ex.run(ex.Params(data="gaussians", noise=1.0, max_depth=20))
    assert grown.depth < 20, "grown to purity before the limit"
    assert grown.train_accuracy == 1.0 and grown.test_accuracy < 0.9
    braked = ex.run(ex.Params(data="gaussians", noise=1.0, max_depth=20, min_samples_leaf=50))
    assert braked.n_leaves < grown.n_leaves / 5 and braked.train_accuracy < 1.0


def test_the_diagram_has_one_box_per_node_and_edges_from_parent_to_child():
    r = ex.run(ex.Params(max_depth=4))
    s = r.split
    fig = figs.diagram_figure(r, s.feature_names, s.class_names)
    boxes = {a.name: (a.x, a.y, a) for a in fig.layout.annotations if a.name}
    assert sorted(boxes) == sorted(f"node {n}" for n in range(r.tree.n_nodes))
    where = {int(name.split()[1]): (x, y) for name, (x, y, _) in boxes.items()}
    for node, (x, y) in where.items():
        assert y == -r.tree.depth[node]
    edges = set()
    for trace in fig.data:
        line = np.column_stack([trace.x, trace.y])
        assert np.all(np.isnan(line[2::3]))
        edges |= {(tuple(a), tuple(b)) for a, b in zip(line[0::3], line[1::3])}
    internal = np.flatnonzero(~r.tree.is_leaf)
    expected = {(where[p], where[int(c)]) for p in internal for c in (r.tree.left[p], r.tree.right[p])}
    assert edges == expected
    # Parents sit over the middle of their children; boxes in one row never share a place.
    for p in internal:
        assert where[p][0] == (where[int(r.tree.left[p])][0] + where[int(r.tree.right[p])][0]) / 2
    assert len(set(where.values())) == len(where)
    # The followed point's path is the highlighted trace and the thick-bordered boxes.
    path = next(t for t in fig.data if t.name == "the point's path")
    assert len(path.x) == 3 * (len(r.probe_path) - 1)
    thick = {int(n.split()[1]) for n, (_, _, a) in boxes.items() if a.borderwidth > 1}
    assert thick == set(r.probe_path.tolist())
    leaf = r.probe_path[-1]
    assert s.class_names[r.tree.counts[leaf].argmax()] in boxes[f"node {leaf}"][2].text


def test_a_deep_tree_is_drawn_to_a_readable_depth_and_says_so():
    r = ex.run(ex.Params(data="spirals", max_depth=20))
    assert r.depth > figs.SHOWN_DEPTH
    fig = figs.diagram_figure(r, r.split.feature_names, r.split.class_names)
    shown = [int(a.name.split()[1]) for a in fig.layout.annotations if a.name]
    assert sorted(shown) == sorted(np.flatnonzero(r.tree.depth <= figs.SHOWN_DEPTH).tolist())
    assert f"{r.tree.n_nodes - len(shown)} more nodes" in fig.layout.title.text
    cut_off = [a for a in fig.layout.annotations if a.name and a.text.startswith("<b>+")]
    assert cut_off and all(r.tree.depth[int(a.name.split()[1])] == figs.SHOWN_DEPTH for a in cut_off)


def test_the_plane_draws_each_cut_across_its_own_box():
    r = ex.run(ex.Params(max_depth=5, data="three classes"))
    t = r.tree
    fig = figs.boundary_figure(r)
    cuts = next(tr for tr in fig.data if tr.name.startswith("cuts"))
    line = np.column_stack([cuts.x, cuts.y])
    internal = np.flatnonzero(~t.is_leaf)
    assert len(line) == 3 * len(internal)
    for i, node in enumerate(internal):
        a, b = line[3 * i], line[3 * i + 1]
        f = t.feature[node]
        assert a[f] == b[f] == t.threshold[node]
        assert (a[1 - f], b[1 - f]) == (t.lo[node, 1 - f], t.hi[node, 1 - f])
    box = next(tr for tr in fig.data if tr.name == "its leaf's box")
    leaf = r.probe_path[-1]
    np.testing.assert_array_equal([min(box.x), min(box.y)], t.lo[leaf])
    np.testing.assert_array_equal([max(box.x), max(box.y)], t.hi[leaf])
    assert np.all((t.lo[leaf] <= r.probe) & (r.probe <= t.hi[leaf]))


def test_the_plane_caption_reads_true():
    # "Thin lines are the tree's cuts ...; the thick, numbered ones are the questions the
    # starred point is asked, in order, and the dashed box is its leaf. Shading is the share of
    # the leaf's training points in its class. Filled dots train, hollow ones test, crosses
    # mark test points the tree gets wrong."
    r = ex.run(ex.Params(max_depth=5))
    t, s = r.tree, r.split
    fig = figs.boundary_figure(r)
    by_name = {tr.name: tr for tr in fig.data}
    cuts = next(tr for tr in fig.data if tr.name.startswith("cuts"))
    path = by_name["the point's questions"]
    assert path.line.width > 3 * cuts.line.width
    asked = len(r.probe_path) - 1
    assert asked >= 2 and len(path.x) == 3 * asked
    badges = [a.text for a in fig.layout.annotations if a.text in {figs.badge(i) for i in range(asked)}]
    assert badges == [figs.badge(i) for i in range(asked)]  # numbered in the order asked
    assert by_name["its leaf's box"].line.dash == "dash"
    assert by_name["followed point"].marker.symbol == "star"
    # Shading: each grid cell's confidence is the share of its leaf's training points in the
    # leaf's majority class.
    leaf_of = DecisionTreeClassifier(max_depth=5, random_state=0).fit(s.X_train, s.y_train)
    leaves = leaf_of.apply(s.grid)
    share = t.counts.max(axis=1) / t.counts.sum(axis=1)
    np.testing.assert_allclose(r.scores.grid_confidence.ravel(), share[leaves], rtol=1e-9)
    # Filled training dots, hollow test ones, a cross on each wrong test point.
    for name in s.class_names:
        assert by_name[f"{name}, train"].marker.color != "white"
        assert by_name[f"{name}, test"].marker.color == "white"
    crosses = next(tr for tr in fig.data if tr.name.startswith("misclassified"))
    assert len(crosses.x) == int(np.sum(r.scores.test_predicted != s.y_test)) > 0


def test_the_diagram_colour_is_the_majority_class_stronger_the_purer():
    r = ex.run(ex.Params(max_depth=4))
    t = r.tree
    fig = figs.diagram_figure(r, r.split.feature_names, r.split.class_names)
    boxes = {int(a.name.split()[1]): a for a in fig.layout.annotations if a.name}
    purity = t.counts.max(axis=1) / t.counts.sum(axis=1)
    for c in range(len(r.split.class_names)):
        mine = sorted((purity[n], a.bgcolor) for n, a in boxes.items() if t.counts[n].argmax() == c)
        assert mine and all(a == figs._tint(c, p, 2) for p, a in mine)
        # Further from white the purer: the sum of the channels falls as purity grows.
        whiteness = [sum(int(v) for v in colour[4:-1].split(",")) for _, colour in mine]
        assert all(a >= b for a, b in zip(whiteness, whiteness[1:]))


def test_the_accuracy_chart_carries_the_sweep_and_marks_the_depth():
    r = ex.run(ex.Params(max_depth=7))
    fig = figs.accuracy_figure(r)
    marker = next(t for t in fig.data if t.name.startswith("current max depth"))
    assert list(marker.x) == [7, 7]
    test = next(t for t in fig.data if t.name == "test")
    np.testing.assert_array_equal(test.y, r.sweep_test)
