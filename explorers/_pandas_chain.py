"""A pandas chain, step by step, with where every output row and cell comes from.

Each step is one pandas expression in ``df`` (and ``rota``, a small second table to merge
with), picked from a fixed menu: the page never runs text a person typed. The expression is
run by pandas as written, and the same text is pasted into the code panel, so the code a
learner copies is the code that ran.

What the page draws on top of pandas' answer is the *provenance*, as Pandas Tutor draws it:
which input rows each output row came from. A filter, a sort and a merge keep every output
row tied to one input row, so those steps are run once more on the table with a hidden
column of row numbers, which comes out beside the answer. A group-by or a pivot merges rows,
so each input row is matched to the output row (or cell) holding its group's key values.
The tests check the provenance against pandas: the highlighted rows of each group
aggregate to the output's number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from datasets import tips
from datasets.readonly import readonly

# A rota with no Sunday in it yet: an inner merge loses Sunday's bills, a left merge keeps
# them with a missing value. Written out in the code panel as it is here.
ROTA_CODE = 'rota = pd.DataFrame({"day": ["Thur", "Fri", "Sat"], "staff": [2, 3, 5]})'
ROTA = pd.DataFrame({"day": ["Thur", "Fri", "Sat"], "staff": [2, 3, 5]})

# What each cell of a drawn table is to the step (tables' ``role``).
PLAIN, READ, GONE, NEW, MISSING, GROUP = range(6)
ROLE_NAMES = {READ: "the column the step reads", GONE: "does not reach the output",
              NEW: "made by the step", MISSING: "missing (NaN)", GROUP: "one colour per group"}
_TAG = "__row__"  # the hidden column of input row numbers; no column of the table is named so
MAX_DECIMALS = 4


@dataclass(frozen=True)
class Step:
    code: str  # an expression in df (and rota), run as written
    kind: str  # "none", "rows" (one input row per output row), "group" or "pivot"
    reads: tuple[str, ...] = ()  # the columns whose values it uses (besides ``keys``)
    # Group-by and merge keys, a pivot's (index, columns): pandas takes the index's name too.
    keys: tuple[str, ...] = ()
    about: str = ""


STEPS: dict[str, Step] = {
    "no step": Step("df", "none", about="leaves the table as it is"),
    "filter: tip > 3": Step('df[df["tip"] > 3]', "rows", ("tip",),
                            about="keeps the rows whose tip is over $3"),
    "filter: smokers": Step('df[df["smoker"] == "Yes"]', "rows", ("smoker",),
                            about="keeps the smokers' bills"),
    "filter: weekend": Step('df[df["day"].isin(["Sat", "Sun"])]', "rows", ("day",),
                            about="keeps Saturday's and Sunday's bills"),
    "sort: tip, largest first": Step('df.sort_values("tip", ascending=False)', "rows", ("tip",),
                                     about="puts the largest tip first"),
    "sort: total bill": Step('df.sort_values("total_bill")', "rows", ("total_bill",),
                             about="puts the smallest bill first"),
    "merge: inner, staff rota": Step('df.merge(rota, on="day")', "rows", keys=("day",),
                                     about="adds each day's staff; days not in the rota go"),
    "merge: left, staff rota": Step('df.merge(rota, on="day", how="left")', "rows", keys=("day",),
                                    about="adds each day's staff; days not in the rota get NaN"),
    "group-by day: mean": Step('df.groupby("day", as_index=False)[["total_bill", "tip"]].mean()',
                               "group", ("total_bill", "tip"), ("day",),
                               about="one row per day: the mean bill and tip"),
    "group-by time: sum": Step('df.groupby("time", as_index=False)[["total_bill", "tip"]].sum()',
                               "group", ("total_bill", "tip"), ("time",),
                               about="one row per meal: the bills and tips added up"),
    "group-by smoker: count": Step('df.groupby("smoker", as_index=False).size()', "group", (),
                                   ("smoker",), about="one row per answer: how many bills"),
    "pivot: tip by day and time": Step(
        'df.pivot_table(index="day", columns="time", values="tip", aggfunc="mean")', "pivot",
        ("tip",), ("day", "time"), about="a day-by-meal grid of mean tips"),
}


@dataclass(frozen=True)
class Table:
    """A data frame as drawn: its text, and what each cell is to the step (index first)."""

    index_name: str
    columns: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]  # rows of text, the index label first
    role: np.ndarray  # (rows, 1 + columns): PLAIN, READ, GONE, NEW, MISSING or GROUP
    group: np.ndarray  # (rows, 1 + columns): the group of a GROUP cell, -1 elsewhere
    header: np.ndarray  # (1 + columns,): the role of each column as a whole

    @property
    def n_rows(self) -> int:
        return len(self.cells)

    def column(self, name: str) -> tuple[str, ...]:
        """The text of one column; the index's name gives the index."""
        c = 1 + self.columns.index(name) if name in self.columns else 0
        if c == 0 and name != self.index_name:
            raise KeyError(name)
        return tuple(row[c] for row in self.cells)


@dataclass(frozen=True)
class StepView:
    number: int  # 1, 2, 3
    name: str  # the menu's label
    code: str
    status: str  # "none" (no step), "ran", "failed" (a column it needs is gone) or "not run"
    before: Table
    after: Table | None  # None unless it ran
    rota: Table | None  # the second table of a merge
    links: np.ndarray  # (k, 3) int: input row, output row, group (-1: none)
    missing: str  # the column a failed step needs and the table lacks
    n_groups: int  # groups (or pivot cells) a group-by or a pivot formed
    group_names: tuple[str, ...] = ()  # each group's key values, by group number


def needs(step: Step) -> tuple[str, ...]:
    """The columns a step names (a key may also be the index's name, as after a pivot)."""
    return (*step.keys, *step.reads)


def lacks(step: Step, df: pd.DataFrame) -> str | None:
    """The first column ``step`` needs that ``df`` does not have, or None.

    Checked before pandas runs the step. Mostly pandas would raise a KeyError itself, but
    not always: ``pivot_table`` on a table of exactly two rows takes its two key names
    as one label per row when one of them is not a column, and returns nonsense.
    """
    keys = (c for c in step.keys if c not in df.columns and c not in df.index.names)
    return next(keys, next((c for c in step.reads if c not in df.columns), None))


def frames(names: tuple[str, ...], rows: int, seed: int) -> list[tuple[pd.DataFrame, object]]:
    """The chain as pandas runs it, without the page's bookkeeping: (table before each
    step, its output, or the name of a column it lacks, or None once a step has failed)."""
    df = tips.sample(rows, seed)
    out: list[tuple[pd.DataFrame, object]] = []
    for name in names:
        if df is None:
            out.append((out[-1][0], None))
            continue
        missing = lacks(STEPS[name], df)
        after = missing if missing else evaluate(STEPS[name].code, df)
        out.append((df, after))
        df = None if missing else after
    return out


def evaluate(code: str, df: pd.DataFrame) -> pd.DataFrame:
    # Our own constant text from STEPS, never a person's: evaluated as the snippet runs it.
    return eval(code, {"pd": pd, "np": np}, {"df": df, "rota": ROTA})


def run_chain(names: tuple[str, ...], rows: int, seed: int) -> tuple[StepView, ...]:
    """A view of every step of the chain ``names`` on ``rows`` bills drawn by ``seed``."""
    return tuple(_state(names[:k], rows, seed)[1] for k in range(1, len(names) + 1))


# Each step is memoised with the steps before it, so changing step 3 runs only step 3, and
# moving the shown step runs nothing. Tables in the memo are never changed: pandas steps
# return new ones (and pandas 3 copies on write).
@lru_cache(maxsize=512)
def _state(names: tuple[str, ...], rows: int, seed: int) -> tuple[pd.DataFrame | None, StepView | None]:
    """(the table after the steps ``names``, or None once one failed; the last step's view)."""
    if not names:
        return tips.sample(rows, seed), None
    before, earlier = _state(names[:-1], rows, seed)
    number, name = len(names), names[-1]
    step = STEPS[name]
    if before is None:  # a step before this one failed: the chain stopped there
        return None, _idle(number, name, "not run", earlier.before)
    missing = lacks(step, before)
    if missing:
        return None, _idle(number, name, "failed", _table(before), missing)
    if step.kind == "none":
        return before, _idle(number, name, "none", _table(before))
    after, view = _trace(number, name, step, before)
    return after, readonly(view)


def _idle(number, name, status, table, missing="") -> StepView:
    return readonly(StepView(number, name, STEPS[name].code, status, table, None, None,
                             np.empty((0, 3), int), missing, 0))


def _trace(number: int, name: str, step: Step, before: pd.DataFrame) -> tuple[pd.DataFrame, StepView]:
    """Run the step, and mark each cell of the tables before and after it by its part in it."""
    if step.kind == "rows":
        after, source = provenance(step.code, before)
    else:
        after = evaluate(step.code, before)
    marks = _Marks(before, after, needs(step))
    if step.kind == "rows":
        links, names = _mark_rows(marks, source), ()
    else:
        links, names = _mark_groups(marks, step, _groups(step, before, after))
    n_groups = len({int(g) for g in links[:, 2]}) if step.kind != "rows" else 0
    before_table = _table(before, marks.in_role, marks.in_group, read=needs(step))
    after_table = _table(after, marks.out_role, marks.out_group,
                         read=needs(step) if step.kind == "rows" else (),
                         new=tuple(c for c in after.columns if c not in before.columns)
                         if step.kind == "rows" else ())  # a group's colour says it all
    rota = _table(ROTA, read=("day",), new=("staff",)) if "rota" in step.code else None
    return after, StepView(number, name, step.code, "ran", before_table, after_table, rota, links, "",
                           n_groups, names)


class _Marks:
    """The roles and groups of every cell of both tables (the index is column 0)."""

    def __init__(self, before: pd.DataFrame, after: pd.DataFrame, used: tuple[str, ...]):
        self.before, self.after = before, after
        self.in_role = np.zeros((len(before), 1 + before.shape[1]), int)
        self.in_group = np.full(self.in_role.shape, -1)
        self.out_role = np.zeros((len(after), 1 + after.shape[1]), int)
        self.out_group = np.full(self.out_role.shape, -1)
        self.used_in = [1 + i for i, c in enumerate(before.columns) if c in used]
        self.used_out = [1 + i for i, c in enumerate(after.columns) if c in used]


def _mark_rows(m: _Marks, source: np.ndarray) -> np.ndarray:
    """A filter, a sort or a merge: the columns it reads, the rows it drops, what it adds."""
    m.in_role[:, m.used_in] = READ
    m.out_role[:, m.used_out] = READ
    m.in_role[np.setdiff1d(np.arange(len(m.before)), source)] = GONE
    for i, c in enumerate(m.after.columns):
        if c not in m.before.columns:
            m.out_role[:, 1 + i] = np.where(m.after[c].isna(), MISSING, NEW)
    if list(m.after.index) != [m.before.index[s] for s in source]:
        m.out_role[:, 0] = NEW  # a merge numbers its rows afresh
    return np.column_stack([source, np.arange(len(m.after)), np.full(len(m.after), -1)])


def _mark_groups(m: _Marks, step: Step, target: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    """A group-by or a pivot: each group's cells in its own colour, on both sides; the
    columns it leaves behind. Groups are numbered by the output row (group-by) or the
    output cell, row by row (pivot), and named by their keys."""
    after = m.after
    m.in_role[:, 1:] = GONE
    grouped = target >= 0
    for c in m.used_in:
        m.in_role[grouped, c] = GROUP
        m.in_group[grouped, c] = target[grouped]
    rows = np.arange(len(after))[:, None]
    if step.kind == "group":
        m.out_role[:, 1:] = GROUP
        m.out_group[:, 1:] = rows
        names = tuple(", ".join(str(after[k].iloc[i]) for k in step.keys) for i in range(len(after)))
        width = 1
    else:
        empty = after.isna().to_numpy()
        width = after.shape[1]
        m.out_role[:, 1:] = np.where(empty, MISSING, GROUP)
        m.out_group[:, 1:] = np.where(empty, -1, rows * width + np.arange(width))
        names = tuple(f"{row}, {column}" for row in after.index for column in after.columns)
    links = np.column_stack([np.arange(len(m.before)), target // width, target])[grouped]
    return links, names


def provenance(code: str, before: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """A step that keeps rows whole (filter, sort, merge) run on ``before``: its output, and
    the input row of each output row.

    pandas runs it on the table with a column of row numbers added, which comes out beside
    the answer and is then dropped (the tests check the answer is the same without it).
    """
    tagged = evaluate(code, before.assign(**{_TAG: np.arange(len(before))}))
    return tagged.drop(columns=_TAG), tagged[_TAG].to_numpy(int)


def _groups(step: Step, before: pd.DataFrame, after: pd.DataFrame) -> np.ndarray:
    """Where each input row went: the output row (a group-by) or cell (a pivot, numbered
    row by row) that holds its key values; -1 where none does (a missing key)."""
    if step.kind == "group":
        where = {key: i for i, key in enumerate(zip(*(after[k] for k in step.keys)))}
        return np.array([where.get(key, -1) for key in zip(*(_column(before, k) for k in step.keys))],
                        int).reshape(-1)
    index, columns = step.keys
    row = after.index.get_indexer(_column(before, index))
    col = after.columns.get_indexer(_column(before, columns))
    return np.where((row >= 0) & (col >= 0), row * after.shape[1] + col, -1)


def _column(df: pd.DataFrame, name: str):
    # A key may be a column or, after a pivot, the index's name: pandas accepts either.
    return df[name] if name in df.columns else df.index.get_level_values(name)


def _table(df: pd.DataFrame, role=None, group=None, read=(), new=()) -> Table:
    """``df`` as drawn. Without ``role`` (a table the step does not change, or the rota),
    the columns in ``read`` are marked as read and every other cell is plain."""
    shape = (len(df), 1 + df.shape[1])
    if role is None:
        role = np.zeros(shape, int)
        role[:, [1 + i for i, c in enumerate(df.columns) if c in read]] = READ
    index_role = NEW if len(df) and (role[:, 0] == NEW).all() else PLAIN
    header = np.array([index_role] + [READ if c in read else NEW if c in new else PLAIN
                                      for c in df.columns])
    texts = [[str(label) for label in df.index]] + [formatted(df[c]) for c in df.columns]
    return Table(
        index_name="" if df.index.name is None else str(df.index.name),
        columns=tuple(str(c) for c in df.columns),
        cells=tuple(zip(*texts)) if len(df) else (),
        role=role,
        group=np.full(shape, -1) if group is None else group,
        header=header,
    )


def formatted(column: pd.Series) -> list[str]:
    """A column's values as pandas prints them: floats with the fewest decimals (one at
    least, at most four) that show every value of the column, and NaN for a missing one."""
    if not pd.api.types.is_float_dtype(column):
        return [str(v) for v in column]
    values = column.to_numpy(float)
    finite = values[np.isfinite(values)]
    decimals = next((d for d in range(1, MAX_DECIMALS)
                     if (np.abs(np.round(finite, d) - finite) < 1e-9).all()), MAX_DECIMALS)
    return ["NaN" if np.isnan(v) else f"{v:.{decimals}f}" for v in values]
