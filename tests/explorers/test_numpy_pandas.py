"""The Python, NumPy & pandas explorer: its pandas chain against pandas itself (every
highlighted row aggregates to the output's number), its broadcasting rule against NumPy,
its loop against the vectorised expression, its code snippet, and its figures' data.

No test here looks at a time: only that the two sides of the timing compute the same value.
"""

import itertools
import re

import numpy as np
import pandas as pd
import pytest

from datasets import tips
from explorers import _broadcasting as bc
from explorers import _pandas_chain as chain
from explorers import _vectorised as vec
from explorers import numpy_pandas as ex
from figures import numpy_pandas as figs

NAMES = tuple(chain.STEPS)
ACTIVE = NAMES[1:]  # every step but "no step"
SAMPLE = dict(rows=12, seed=1)  # every day of the week, both meals, smokers and not


def view(*names, rows=SAMPLE["rows"], seed=SAMPLE["seed"]):
    """The view of the last of ``names``, run as a chain."""
    return chain.run_chain(tuple(names), rows, seed)[-1]


def table_frame(t: chain.Table) -> list[list[str]]:
    return [list(row) for row in t.cells]


def frame_text(df: pd.DataFrame) -> list[list[str]]:
    """A data frame's cells as the page writes them, computed here from pandas directly."""
    columns = [[str(i) for i in df.index]] + [chain.formatted(df[c]) for c in df.columns]
    return [list(row) for row in zip(*columns)]


# The chain against pandas.

def test_the_sample_is_the_tips_table_pandas_samples():
    whole = tips._whole()
    sample = tips.sample(**SAMPLE)
    assert list(sample.columns) == list(tips.COLUMNS) and len(whole) == tips.N_ROWS
    expected = whole.sample(SAMPLE["rows"], random_state=SAMPLE["seed"]).sort_index()
    pd.testing.assert_frame_equal(sample, expected)
    assert set(sample["day"]) == {"Thur", "Fri", "Sat", "Sun"} and set(sample["time"]) == {"Dinner", "Lunch"}


@pytest.mark.parametrize("name", ACTIVE)
def test_each_step_draws_what_pandas_returns(name):
    df = tips.sample(**SAMPLE)
    expected = chain.evaluate(chain.STEPS[name].code, df)
    v = view(name)
    assert v.status == "ran" and v.code == chain.STEPS[name].code
    assert table_frame(v.before) == frame_text(df)
    assert table_frame(v.after) == frame_text(expected)
    assert v.after.columns == tuple(map(str, expected.columns))


@pytest.mark.parametrize("name", [n for n in ACTIVE if chain.STEPS[n].kind == "rows"])
def test_the_row_numbers_added_for_provenance_change_nothing(name):
    df = tips.sample(**SAMPLE)
    code = chain.STEPS[name].code
    after, source = chain.provenance(code, df)
    pd.testing.assert_frame_equal(after, chain.evaluate(code, df))
    assert source.dtype.kind == "i" and len(source) == len(after)


@pytest.mark.parametrize("name, keep", [
    ("filter: tip > 3", lambda df: df["tip"].to_numpy() > 3),
    ("filter: smokers", lambda df: df["smoker"].to_numpy() == "Yes"),
    ("filter: weekend", lambda df: np.isin(df["day"].to_numpy(), ["Sat", "Sun"])),
])
def test_a_filter_links_exactly_the_rows_that_pass_and_greys_the_rest(name, keep):
    df = tips.sample(**SAMPLE)
    v = view(name)
    passing = np.flatnonzero(keep(df))
    np.testing.assert_array_equal(v.links[:, 0], passing)
    np.testing.assert_array_equal(v.links[:, 1], np.arange(len(passing)))
    gone = np.all(v.before.role == chain.GONE, axis=1)
    np.testing.assert_array_equal(np.flatnonzero(gone), np.setdiff1d(np.arange(len(df)), passing))
    assert v.after.column("") == tuple(str(df.index[i]) for i in passing)  # labels travel with rows
    read = chain.STEPS[name].reads[0]
    assert v.before.header[1 + v.before.columns.index(read)] == chain.READ


@pytest.mark.parametrize("name, column, descending", [
    ("sort: tip, largest first", "tip", True), ("sort: total bill", "total_bill", False)])
def test_a_sort_links_each_row_to_its_new_place(name, column, descending):
    df = tips.sample(**SAMPLE)
    v = view(name)
    values = df[column].to_numpy()
    moved = values[v.links[:, 0]]
    assert np.all(np.diff(moved) <= 0) if descending else np.all(np.diff(moved) >= 0)
    assert sorted(v.links[:, 0]) == list(range(len(df)))  # every row, once
    for i, j, _ in v.links:
        assert v.before.cells[i] == v.after.cells[j]  # the same row, index label and all


@pytest.mark.parametrize("how", ["inner", "left"])
def test_a_merge_adds_each_rows_staff_from_the_rota_and_loses_or_blanks_sunday(how):
    df = tips.sample(**SAMPLE)
    v = view(f"merge: {how}, staff rota")
    staff = dict(zip(chain.ROTA["day"], chain.ROTA["staff"]))
    days = df["day"].to_numpy()
    for i, j, _ in v.links:
        shown = v.after.column("staff")[j]
        assert shown == ("NaN" if days[i] not in staff else f"{float(staff[days[i]]):.1f}"
                         if how == "left" else str(staff[days[i]]))
    unmatched = np.flatnonzero(~np.isin(days, list(staff)))
    assert len(unmatched) > 0, "the sample should hold a Sunday bill"
    if how == "inner":
        assert set(v.links[:, 0]).isdisjoint(unmatched)
        assert np.all(v.before.role[unmatched] == chain.GONE)
        assert not (v.after.role == chain.MISSING).any()
    else:
        assert len(v.links) == len(df)
        staff_col = 1 + v.after.columns.index("staff")
        assert set(np.flatnonzero(v.after.role[:, staff_col] == chain.MISSING)) == set(unmatched)
    assert v.after.column("") == tuple(str(i) for i in range(v.after.n_rows))  # a fresh index
    assert np.all(v.after.role[:, 0] == chain.NEW) and v.rota is not None


@pytest.mark.parametrize("name", ["group-by day: mean", "group-by time: sum", "group-by smoker: count"])
def test_each_group_of_highlighted_rows_aggregates_to_its_output_row(name):
    df = tips.sample(**SAMPLE)
    step = chain.STEPS[name]
    v = view(name)
    out = chain.evaluate(step.code, df)
    assert v.n_groups == len(out) == len(v.group_names)
    for g in range(len(out)):
        rows = v.links[v.links[:, 2] == g, 0]
        assert set(v.links[v.links[:, 2] == g, 1]) == {g}
        members = df.iloc[rows]
        assert set(members[step.keys[0]]) == {out[step.keys[0]].iloc[g]} == {v.group_names[g]}
        if name.endswith("count"):
            assert len(rows) == out["size"].iloc[g]
        else:
            how = np.mean if name.endswith("mean") else np.sum
            for column in ("total_bill", "tip"):
                assert how(members[column].to_numpy()) == pytest.approx(out[column].iloc[g], rel=1e-12)
        # The group's colour is on its input rows' key and value cells, and its output row.
        for i in rows:
            assert {v.before.group[i, c] for c in range(1 + len(v.before.columns))
                    if v.before.role[i, c] == chain.GROUP} == {g}
        assert set(v.after.group[g, 1:]) == {g}
    assert len(v.links) == len(df)  # no key is missing in the tips table


def test_each_pivot_cell_is_the_mean_tip_of_its_highlighted_rows_and_empty_cells_are_nan():
    df = tips.sample(**SAMPLE)
    v = view("pivot: tip by day and time")
    out = chain.evaluate(chain.STEPS["pivot: tip by day and time"].code, df)
    width = out.shape[1]
    assert (v.after.role[:, 1:] == chain.MISSING).any(), "the sample should leave a day × meal empty"
    for r, c in itertools.product(range(len(out)), range(width)):
        rows = v.links[v.links[:, 2] == r * width + c, 0]
        if np.isnan(out.iat[r, c]):
            assert len(rows) == 0 and v.after.role[r, 1 + c] == chain.MISSING
        else:
            assert df["tip"].to_numpy()[rows].mean() == pytest.approx(out.iat[r, c], rel=1e-12)
            assert set(df["day"].iloc[rows]) == {out.index[r]}
            assert set(df["time"].iloc[rows]) == {out.columns[c]}
            assert v.group_names[r * width + c] == f"{out.index[r]}, {out.columns[c]}"
    assert set(v.links[:, 1]) <= set(range(len(out)))
    assert v.n_groups == int(out.notna().to_numpy().sum())


def test_a_step_that_needs_a_column_gone_stops_the_chain():
    steps = chain.run_chain(("group-by day: mean", "filter: smokers", "sort: total bill"), **SAMPLE)
    assert [s.status for s in steps] == ["ran", "failed", "not run"]
    assert steps[1].missing == "smoker" and steps[1].after is None
    assert table_frame(steps[2].before) == table_frame(steps[0].after)  # the last table reached
    with pytest.raises(KeyError):  # what pandas says to the same step
        chain.evaluate(chain.STEPS["filter: smokers"].code,
                       chain.evaluate(chain.STEPS["group-by day: mean"].code, tips.sample(**SAMPLE)))
    r = ex.run(ex.Params(step1="group-by day: mean", step2="filter: smokers", step3="sort: total bill",
                         **SAMPLE))
    assert r.stopped_at == 2 and r.rows_out == steps[0].after.n_rows


def test_the_chain_checks_columns_itself_since_a_pivot_of_two_rows_does_not_raise():
    """Why ``lacks`` is checked before pandas runs a step: on a table of exactly two rows,
    ``pivot_table`` reads its two key names as one label per row when one is not a column."""
    two = chain.evaluate(chain.STEPS["group-by time: sum"].code, tips.sample(**SAMPLE))
    assert len(two) == 2 and "day" not in two.columns
    nonsense = chain.evaluate(chain.STEPS["pivot: tip by day and time"].code, two)  # no KeyError
    assert list(nonsense.index) == ["day", "time"]
    v = view("group-by time: sum", "pivot: tip by day and time")
    assert v.status == "failed" and v.missing == "day"


def test_an_index_name_counts_as_a_key_but_not_as_a_column_to_filter():
    pivot = "pivot: tip by day and time"
    assert view(pivot, "merge: left, staff rota").status == "ran"  # merge on="day": the index's name
    failed = view(pivot, "filter: weekend")
    assert failed.status == "failed" and failed.missing == "day"  # df["day"] needs a column


def test_every_pair_of_steps_runs_or_stops_plainly():
    rows, seed = 6, 11  # a small table, so some filters leave few rows or none
    for first, second in itertools.product(NAMES, NAMES):
        steps = chain.run_chain((first, second), rows, seed)
        as_pandas = chain.frames((first, second), rows, seed)
        for s, (before, after) in zip(steps, as_pandas):
            assert s.status in ("ran", "none", "failed", "not run")
            assert table_frame(s.before) == frame_text(before)
            if s.status == "ran":
                assert table_frame(s.after) == frame_text(after)
                assert s.links.shape[1] == 3 and (s.links[:, 0] < s.before.n_rows).all()
                assert (s.links[:, 1] < s.after.n_rows).all()
            elif s.status == "failed":
                assert after == s.missing


def test_floats_are_written_with_the_decimals_their_column_needs():
    column = pd.Series([11.01, 15.2625, np.nan, 5.0])
    assert chain.formatted(column) == ["11.0100", "15.2625", "NaN", "5.0000"]
    assert chain.formatted(pd.Series([5.0, 3.0])) == ["5.0", "3.0"]
    assert chain.formatted(pd.Series([1 / 3])) == ["0.3333"]
    assert chain.formatted(pd.Series(["Sun", "Sat"])) == ["Sun", "Sat"]


def test_views_are_shared_read_only_and_recomputed_the_same():
    first = view("group-by day: mean")
    with pytest.raises(ValueError):
        first.before.role[0, 0] = 3
    chain._state.cache_clear()
    again = view("group-by day: mean")
    assert again is not first and table_frame(again.after) == table_frame(first.after)
    np.testing.assert_array_equal(again.links, first.links)


# Broadcasting against NumPy.

@pytest.mark.parametrize("text, shape", [
    ("3, 1", (3, 1)), ("(3, 1)", (3, 1)), ("[3,1]", (3, 1)), ("3 1", (3, 1)),
    ("4", (4,)), ("(4,)", (4,)), ("()", ()), ("  2, 1, 4  ", (2, 1, 4)), ("1 1 1 12", (1, 1, 1, 12)),
])
def test_a_shape_reads_as_a_learner_writes_it(text, shape):
    assert bc.parse_shape(text) == shape


@pytest.mark.parametrize("text, words", [
    ("3, a", "whole numbers"), ("3.5", "whole numbers"), ("-3", "whole numbers"), ("0, 2", "from 1 to 12"),
    ("13", "from 1 to 12"), ("1, 2, 3, 4, 5", "At most 4 axes"), ("٣", "whole numbers"),
    ("2, x", "whole numbers"), ("3x1", "whole numbers"),
])
def test_a_shape_that_cannot_be_used_is_refused_in_words(text, words):
    with pytest.raises(ValueError, match=words) as err:
        bc.parse_shape(text)
    assert text not in str(err.value)  # the page shows what was typed itself, escaped


SHAPES = [s for n in range(4) for s in itertools.product((1, 2, 3), repeat=n)]


def test_the_rule_predicts_numpys_answer_for_every_pair_of_small_shapes():
    for a, b in itertools.product(SHAPES, SHAPES):
        axes = bc.aligned(a, b)
        predicted = None if any(ax.out is None for ax in axes) else tuple(ax.out for ax in axes)
        try:
            expected = np.broadcast_shapes(a, b)
        except ValueError:
            expected = None
        assert predicted == expected, (a, b)
        for ax in axes:
            for size, does in ((ax.a, ax.a_does), (ax.b, ax.b_does)):
                if ax.out is None:
                    assert does == bc.CLASH and size not in (None, 1)
                elif size is None:
                    assert does == bc.ABSENT
                else:
                    assert does == (bc.STRETCHED if size == 1 and ax.out > 1 else bc.SAME)


@pytest.mark.parametrize("a, b", [("3, 1", "4"), ("5, 3", "5"), ("2, 1, 4", "()"), ("5, 3", "5, 1"),
                                  ("12, 12, 12, 12", "12")])
def test_the_answer_shown_is_numpys_own(a, b):
    r = bc.broadcast(a, b)
    x, y = np.zeros(bc.parse_shape(a)), np.zeros(bc.parse_shape(b))
    try:
        expected = (x + y).shape
    except ValueError as err:
        assert r.out is None and r.error == f"ValueError: {err}" and r.n_out == 0
        assert "operands could not be broadcast together" in r.error
    else:
        assert r.out == expected and r.error == "" and r.n_out == np.prod(expected)


# The loop against the vectorised expression.

@pytest.mark.parametrize("operation, loop_over", itertools.product(vec.OPERATIONS, vec.LOOP_OVER))
def test_the_loop_and_the_vectorised_expression_compute_the_same_value(operation, loop_over):
    t = vec.timing(operation, loop_over, 2_000, 5)
    x = vec.data(2_000, 5)
    independent = {"sum of squares": float(np.dot(x, x)), "mean": float(np.average(x)),
                   "count above 1": float((x > 1).sum()), "largest": float(np.sort(x)[-1])}[operation]
    assert t.value == pytest.approx(independent, rel=1e-12)
    assert t.loop_value == pytest.approx(t.value, rel=1e-12)  # the same, up to the order of rounding
    # Only that the clock was read, never how long anything took.
    assert np.isfinite([t.loop_seconds, t.vector_seconds, t.ratio]).all()
    assert t.loop_seconds > 0 and t.vector_seconds > 0 and t.ratio == t.loop_seconds / t.vector_seconds
    assert 1 <= t.loop_runs <= vec.LOOP[2] and vec.VECTOR[1] <= t.vector_runs <= vec.VECTOR[2]


def test_a_timing_is_made_once_per_setting():
    first = vec.timing("mean", "NumPy array", 300, 1)
    assert vec.timing("mean", "NumPy array", 300, 1) is first
    made = ex.run(ex.Params(operation="mean", size=500.0, seed=1)).timing
    assert made is vec.timing("mean", "NumPy array", 500, 1)


def test_best_of_makes_the_fewest_runs_asked_and_stops_at_the_most():
    calls = []
    assert vec.best_of(calls.append, 1, 10.0, 2, 7)[2] == 7 and len(calls) == 7  # fast: up to the most
    calls.clear()
    assert vec.best_of(calls.append, 1, 0.0, 3, 9)[2] == 3 and len(calls) == 3  # no budget: the fewest


# The explorer and its code.

@pytest.mark.parametrize("params", [
    ex.Params(),
    ex.Params(step1="merge: left, staff rota", step2="pivot: tip by day and time", step3="no step",
              shape_a="5, 3", shape_b="5", operation="count above 1", loop_over="Python list", seed=4),
    ex.Params(step1="group-by time: sum", step2="pivot: tip by day and time", rows=4, shape_a="()",
              operation="largest", size=100.0),
    ex.Params(step1="merge: inner, staff rota", step2="group-by smoker: count",
              step3="sort: tip, largest first", shape_a="2, 1, 4", shape_b="(4, 1, 1)", operation="mean",
              rows=14, seed=999),
])
def test_the_code_reproduces_the_chain_the_broadcast_and_the_value(params, capsys):
    r = ex.run(params)
    namespace = {"__name__": "__main__"}
    exec(compile(ex.code(params), "<numpy-pandas code>", "exec"), namespace)
    out = capsys.readouterr().out
    assert namespace["value"] == r.value == getattr(r, ex.HEADLINE)
    assert namespace["looped"] == pytest.approx(r.timing.loop_value, rel=1e-12)
    assert namespace["rows_out"] == r.rows_out
    reached = [s for s in r.steps if s.status in ("ran", "none")]
    last = reached[-1].after or reached[-1].before if reached else r.steps[0].before
    assert frame_text(namespace["df"]) == table_frame(last)
    b = r.broadcast
    assert (f"a + b has shape {b.out}" if b.out is not None else b.error) in out
    assert "times faster" in out


# The figures, on the data they carry.

def _texts(fig):
    return [str(t) for trace in fig.data if trace.mode == "text" for t in trace.text]


def _segments(fig, colour):
    lines = [trace.y for trace in fig.data
             if trace.mode == "lines" and trace.line.color == colour and not trace.fill]
    return sum(sum(1 for y in ys if y is None) for ys in lines)


@pytest.mark.parametrize("state", [{}, dict(shown=1), dict(shown=3),
                                   dict(step1="merge: left, staff rota", shown=1),
                                   dict(step1="pivot: tip by day and time", shown=1)])
def test_the_chain_figure_writes_every_cell_and_draws_every_link(state):
    r = ex.run(ex.Params(**state))
    s = r.step
    fig = figs.chain_figure(r)
    texts = _texts(fig)
    for t in (s.before, s.after):
        for row in t.cells:
            for cell in row:
                assert cell in texts
        for name in t.columns:
            assert f"<b>{name}</b>" in texts
    assert f"df = {s.code}" in texts
    colours = [figs.group_colour(int(g)) if g >= 0 else figs.GREY for g in s.links[:, 2]]
    for colour in set(colours):
        assert _segments(fig, colour) == colours.count(colour)
    named = {trace.name for trace in fig.data if trace.name}
    assert set(s.group_names[g] for g in set(s.links[:, 2].tolist()) if g >= 0) <= named
    assert fig.layout.title.text.startswith(f"Step {s.number} of 3")


def test_the_chain_figure_says_where_a_chain_stops():
    r = ex.run(ex.Params(step3="filter: smokers", shown=3))
    texts = _texts(figs.chain_figure(r))
    assert 'No column "smoker" here: the chain stops.' in texts and "✗" in texts


@pytest.mark.parametrize("a, b", [("3, 1", "4"), ("5, 3", "5"), ("2, 1, 4", "()")])
def test_the_broadcast_figure_lines_the_shapes_up_and_names_the_answer(a, b):
    r = ex.run(ex.Params(shape_a=a, shape_b=b))
    fig = figs.broadcast_figure(r)
    texts = _texts(fig)
    for ax in r.broadcast.axes:
        assert f"axis {ax.position}" in texts
        assert ("<b>✗</b>" if ax.out is None else str(ax.out)) in texts
    assert fig.layout.title.text == ("a + b: ValueError" if r.broadcast.out is None
                                     else f"a + b: shape {r.broadcast.out}")


def test_the_timing_figure_draws_the_two_measured_times():
    r = ex.run(ex.Params(size=1_000.0))
    t = r.timing
    bars = next(trace for trace in figs.timing_figure(r).data if trace.type == "bar")
    x = np.asarray(bars.x, float)
    assert x[0] / x[1] == pytest.approx(t.ratio)
    assert list(bars.text) == [figs.duration(t.loop_seconds), figs.duration(t.vector_seconds)]
    assert re.search(r"takes [\d,.]+× as long", figs.timing_figure(r).layout.title.text)
