"""Python, NumPy & pandas: rows folded by a group-by, rows lost by an inner merge, NaN made
by a pivot, and shapes matched from the right."""

import numpy as np

from explorers._pandas_chain import GONE, MISSING
from figures import numpy_pandas as fig
from lessons import Challenge, Claim, Step, titled

MERGE_INNER = dict(step1="merge: inner, staff rota", shown=1)
MERGE_LEFT = dict(step1="merge: left, staff rota", shown=1)
PIVOT = dict(step1="pivot: tip by day and time", shown=1)


def days(table) -> list[str]:
    return sorted(set(table.column("day")))


def _fold(r) -> str:
    s = r.step
    if s.after.n_rows == s.before.n_rows:
        return "One per bill"
    return "One per day in the table" if s.after.n_rows == len(days(s.before)) else "Seven, one per weekday"


def _sunday(r) -> str:
    s = r.step
    if s.status == "failed":
        return "pandas raises an error"
    return "Kept, with NaN staff" if "Sun" in s.after.column("day") else "Dropped"


def _sum(r) -> str:
    out = r.broadcast.out
    return "ValueError" if out is None else str(out)


def _empty_cell(r) -> str:
    s = r.step
    if s.after.n_rows < len(days(s.before)):
        return "The day's row is left out"
    return "NaN" if (s.after.role == MISSING).any() else "0"


CHALLENGES = (
    Challenge(
        question="Step 2 groups the smokers' bills by day and takes the means. How many rows "
                 "come out of it?",
        options=("One per bill", "One per day in the table", "Seven, one per weekday"),
        state={},
        answer=_fold, expected="One per day in the table",
        why=lambda r: f"{r.step.before.n_rows} bills on {len(days(r.step.before))} days "
                      f"({', '.join(days(r.step.before))}) fold into {r.step.after.n_rows} rows, one "
                      "per day that is there: a group-by knows only the keys in its table.",
    ),
    Challenge(
        question="The staff rota has no Sunday. After an inner merge on day, what happens to "
                 "Sunday's bills?",
        options=("Kept, with NaN staff", "Dropped", "pandas raises an error"),
        state=MERGE_INNER,
        answer=_sunday, expected="Dropped",
        why=lambda r: f"{r.step.before.column('day').count('Sun')} Sunday bills go (grey): an inner "
                      f"merge keeps only keys found in both tables, so {r.step.before.n_rows} rows "
                      f"become {r.step.after.n_rows}. A left merge would keep them, with NaN staff.",
    ),
    Challenge(
        question="A pivot of the mean tip, one row per day and one column per meal: what is in "
                 "a cell whose day has no bills at that meal?",
        options=("0", "NaN", "The day's row is left out"),
        state=PIVOT,
        answer=_empty_cell, expected="NaN",
        why=lambda r: f"{int((r.step.after.role == MISSING).sum())} of the "
                      f"{r.step.after.role[:, 1:].size} cells are NaN (red): no bill to average. "
                      "A mean of nothing is missing, not zero.",
    ),
    Challenge(
        question="a has shape (5, 3) and b has shape (5,). What does a + b give?",
        options=("(5, 3)", "(5, 5)", "ValueError"),
        state=dict(shape_a="5, 3", shape_b="5"),
        answer=_sum, expected="ValueError",
        why=lambda r: f"NumPy: \"{r.broadcast.error.removeprefix('ValueError: ').strip()}\". Shapes "
                      "are matched from the right, so b's 5 meets a's 3. Shape b as (5, 1) and "
                      "it works.",
    ),
)


def _filtered(r) -> bool:
    s = r.step
    kept = s.after.column("smoker")
    gone = s.before.role[:, 0] == GONE
    dropped = np.array(s.before.column("smoker"))[gone]
    return (set(kept) == {"Yes"} and set(dropped) <= {"No"}
            and set(s.after.column("")) <= set(s.before.column("")))


def _sorted(r) -> bool:
    tips = [float(v) for v in r.step.after.column("tip")]
    return tips == sorted(tips, reverse=True) and r.step.links[:, 0].tolist() != list(range(len(tips)))


TOUR = (
    Step("Step 1, a filter: `df[df[\"smoker\"] == \"Yes\"]` keeps the rows where the test is true. "
         "The grey rows go; the rest keep their index labels, so you can follow each one.",
         dict(shown=1), holds=_filtered),
    Step("Step 2, a group-by: each colour is one day. A day's rows fold into one row holding the "
         "day and the mean of each column asked for; smoker and time are left behind.",
         {}, holds=lambda r: r.step.after.n_rows == len(days(r.step.before))
         and "smoker" not in r.step.after.columns),
    Step("Step 3 sorts by tip, largest first: the lines cross where rows change places.",
         dict(shown=3), holds=_sorted),
    Step("A left merge with the rota, which has no Sunday: Sunday's bills stay, with NaN staff. "
         "staff turns into floats (5.0) to hold the NaN, and the index starts again at 0.",
         MERGE_LEFT, holds=lambda r: (r.step.after.role == MISSING).any()
         and r.step.after.column("") == tuple(str(i) for i in range(r.step.after.n_rows))
         and all(v.endswith(".0") for v in r.step.after.column("staff") if v != "NaN")),
    Step("A pivot: one row per day, one column per meal, each cell the mean tip of its colour's "
         "bills. A day with no bills at a meal gets NaN.",
         PIVOT, holds=lambda r: (r.step.after.role == MISSING).any()
         and set(r.step.after.columns) <= {"Dinner", "Lunch"}),
    Step("Filter on smoker after the group-by: the column is gone, so the chain stops there. In "
         "pandas this is a KeyError.",
         dict(step3="filter: smokers", shown=3),
         holds=lambda r: r.step.status == "failed" and r.step.missing == "smoker"),
    Step("Broadcasting lines shapes up from the right: (5, 3) + (5,) puts b's 5 against a's 3, "
         "and NumPy refuses.",
         dict(shape_a="5, 3", shape_b="5"),
         holds=lambda r: r.broadcast.out is None
         and r.broadcast.error.startswith("ValueError: operands could not be broadcast together")),
    Step("Shape b as (5, 1) and the 1 is stretched along a's 3 columns: a + b is (5, 3).",
         dict(shape_a="5, 3", shape_b="5, 1"), holds=lambda r: r.broadcast.out == (5, 3)),
    Step("The largest array, 100,000 numbers: compare the loop's bar with the vectorised one. "
         "They compute the same sum.",
         dict(size=100_000.0), holds=lambda r: bool(np.isclose(r.timing.loop_value, r.value, rtol=1e-9))),
)

# The chain figure needs the page's whole width (two tables and the code); side by side, each
# setting shows the table its shown step made.
MAIN = titled(fig.outcome_figure)

MEASURES = (
    ("Rows after the chain", lambda r: r.rows_out, "{:.0f}"),
    ("Loop ÷ vectorised", lambda r: r.timing.ratio, "{:,.0f}×"),
)


def _folded(r) -> bool:
    s = r.step
    groups = {g: set(s.links[s.links[:, 2] == g, 1]) for g in set(s.links[:, 2])}
    return all(len(rows) == 1 for rows in groups.values()) and len(groups) == s.after.n_rows


CLAIMS = {
    "lines": Claim(
        "Each line joins an input row to the output row it becomes. A filter drops rows (grey), a "
        "sort moves them, a merge adds columns (green) and numbers its rows afresh; in a group-by "
        "or a pivot each colour is one group, folded into one row or cell.",
        holds=_folded),
    "broadcast": Claim(
        "NumPy compares the shapes from the right. Two sizes agree when they are equal or one of "
        "them is 1 (a missing axis counts as 1); a 1 is stretched to the other size.",
        holds=lambda r: r.broadcast.out == (3, 4)
        and [(ax.a_does, ax.b_does) for ax in r.broadcast.axes] == [("same", "absent"), ("stretched", "same")]),
    "same value": Claim(
        "The loop and the vectorised expression compute the same number, up to the last digits.",
        holds=lambda r: bool(np.isclose(r.timing.loop_value, r.value, rtol=1e-12, atol=0))),
}
