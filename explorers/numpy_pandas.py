"""Python, NumPy & pandas
=======================

Three tools of everyday data work, each seen doing its job.

A *pandas chain* on a small sample of the restaurant tips table: up to three steps picked
from menus (filter, sort, merge, group-by, pivot), each shown as the table before and
after it, with lines from every input row to the output row it becomes, as Pandas Tutor
draws them. A filter drops rows, a sort moves them, a merge adds columns (and loses or
blanks the rows it cannot match), a group-by or a pivot folds many rows into one.

*Broadcasting*: two shapes lined up from the right, as NumPy lines them up, and NumPy's own
answer to ``a + b``: the result's shape, or the exact error it raises.

*A loop against a vectorised expression*: the same number computed by a Python loop, one
element at a time, and by one NumPy call, both timed here on an array of the chosen size.
"""

from __future__ import annotations

from dataclasses import dataclass

from datasets import tips
from explorers._broadcasting import Broadcast, broadcast, check_shape, parse_shape
from explorers._contract import choice, knob, log_knob, text
from explorers._pandas_chain import ROTA_CODE, STEPS, StepView, run_chain
from explorers._vectorised import LOOP_OVER, OPERATIONS, Timing, timing

NOTICE = (
    "Every pandas step maps rows in to rows out: the lines show where each row goes, and a "
    "group-by or a pivot folds many into one. NumPy lines two shapes up from the right: each "
    "pair of sizes must be equal or contain a 1. One vectorised call does what a Python loop "
    "does element by element, many times faster once the array is large."
)
MISREADING = (
    "\"Broadcasting matches axes from the left\": a (5, 3) array plus a (5,) one fails, since "
    "NumPy compares the last axes first (3 against 5); the (5,) array has to become (5, 1). And "
    "\"a group-by keeps my other columns\": only its keys and what it aggregates come out."
)
HEADLINE = "value"

STEP_NAMES = tuple(STEPS)
STEP_HELP = ("One pandas step, run on the table the step before made. A step that needs a "
             "column the table no longer has (a group-by keeps only its keys and what it "
             "aggregates) stops the chain, where pandas would mostly raise a KeyError. "
             + " ".join(f"*{name}*: {STEPS[name].about}." for name in STEP_NAMES[1:]))
SHAPE_HELP = ("Whole numbers from 1 to 12 apart by commas, up to four of them: 3, 1 or (4,); "
              "() is a single number. Shapes are lined up from the right.")


@dataclass(frozen=True)
class ChainParams:
    HEADING = "A pandas chain"  # the page draws each group of controls under its heading

    step1: str = choice("filter: smokers", options=STEP_NAMES, label="Step 1", help=STEP_HELP)
    step2: str = choice("group-by day: mean", options=STEP_NAMES, label="Step 2", help=STEP_HELP)
    step3: str = choice("sort: tip, largest first", options=STEP_NAMES, label="Step 3", help=STEP_HELP)
    shown: int = knob(2, lo=1, hi=3, label="Step shown",
                      help="Which step's table before and after is drawn.")
    rows: int = knob(10, lo=4, hi=14, label="Bills in the table",
                     help=f"How many of the tips table's {tips.N_ROWS} bills are drawn for the chain.")
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Which bills are drawn from the table, and the random numbers of the "
                          "timed array.")


@dataclass(frozen=True)
class BroadcastParams:
    HEADING = "Broadcasting"

    shape_a: str = text("3, 1", max_chars=24, label="Shape of a", help=SHAPE_HELP, check=check_shape,
                        examples=("5, 3", "2, 1, 4", "()"))
    shape_b: str = text("4", max_chars=24, label="Shape of b", help=SHAPE_HELP, check=check_shape,
                        examples=("5", "3, 1", "(4, 1, 1)"))


@dataclass(frozen=True)
class TimingParams:
    HEADING = "Loop against vectorised"

    operation: str = choice("sum of squares", options=tuple(OPERATIONS), label="Computation",
                            help="What both compute from the array: "
                                 + "; ".join(f"*{k}*, {v.about}" for k, v in OPERATIONS.items()) + ".")
    loop_over: str = choice("NumPy array", options=LOOP_OVER, label="The loop runs over",
                            help="The NumPy array itself, or the same numbers as a Python list "
                                 "(made before the clock starts). The vectorised side always "
                                 "gets the array.")
    size: float = log_knob(10_000.0, lo=100.0, hi=100_000.0, label="Array size n",
                           help="Elements in the array. At most 100,000, so that timing the "
                                "loop stays within a slider move.")


@dataclass(frozen=True)
class Params(ChainParams, BroadcastParams, TimingParams):
    pass


@dataclass(frozen=True)
class Result:
    steps: tuple[StepView, ...]  # the chain, one view per step
    shown: int  # the index of the step drawn
    rows_in: int  # bills sampled
    rows_out: float  # rows of the last table the chain reached
    broadcast: Broadcast
    timing: Timing
    value: float  # what the loop and the vectorised expression both compute

    @property
    def step(self) -> StepView:
        return self.steps[self.shown]

    @property
    def stopped_at(self) -> int | None:
        """The number of the step the chain stopped at, or None if it ran to the end."""
        return next((s.number for s in self.steps if s.status == "failed"), None)


def run(p: Params) -> Result:
    steps = run_chain((p.step1, p.step2, p.step3), p.rows, p.seed)
    reached = [s for s in steps if s.status in ("ran", "none")]
    last = steps[0].before if not reached else reached[-1].after or reached[-1].before
    t = timing(p.operation, p.loop_over, int(p.size), p.seed)
    return Result(
        steps=steps,
        shown=p.shown - 1,
        rows_in=p.rows,
        rows_out=float(last.n_rows),
        broadcast=broadcast(p.shape_a, p.shape_b),
        timing=t,
        value=t.value,
    )


def code(p: Params) -> str:
    r = run(p)
    return "\n\n".join((_imports(r), _chain_code(p, r), _broadcast_code(p), _timing_code(p)))


def _merges(r: Result) -> bool:
    return any("rota" in s.code for s in r.steps if s.status == "ran")


def _imports(r: Result) -> str:
    return "\n".join(("import time", "", "import numpy as np",
                      *(("import pandas as pd",) if _merges(r) else ()), tips.IMPORT))


def _chain_code(p: Params, r: Result) -> str:
    lines = ["# A pandas chain on a sample of the tips table.", tips.code(p.rows, p.seed)]
    if _merges(r):
        lines.append(f"{ROTA_CODE}  # no Sunday yet")
    for s in r.steps:
        if s.status == "ran":
            lines.append(f"df = {s.code}  # step {s.number}: {s.name}")
        elif s.status == "none":
            lines.append(f"# step {s.number}: no step")
        elif s.status == "failed":
            lines.append(f"# Step {s.number} ({s.name}) is left out: it needs a column\n"
                         f"# \"{s.missing}\", which this table does not have.")
        else:
            lines.append(f"# Step {s.number} ({s.name}) is not run: the chain stopped at step "
                         f"{r.stopped_at}.")
    lines += ["print(df)", "rows_out = len(df)"]
    return "\n".join(lines)


def _broadcast_code(p: Params) -> str:
    a, b = parse_shape(p.shape_a), parse_shape(p.shape_b)
    return (
        "# Broadcasting: NumPy lines the shapes up from the right.\n"
        f"a = np.zeros({a})\n"
        f"b = np.zeros({b})\n"
        "try:\n"
        "    print(\"a + b has shape\", (a + b).shape)\n"
        "except ValueError as err:  # its message names both shapes\n"
        "    print(\"ValueError:\", err)"
    )


def _timing_code(p: Params) -> str:
    op = OPERATIONS[p.operation]
    n = int(p.size)
    as_list = p.loop_over == "Python list"
    items = "x.tolist()" if as_list else "x"
    return f'''\
# A Python loop against one vectorised expression: {op.about}.
x = np.random.default_rng({p.seed}).standard_normal({n:_})
items = {items}  # what the loop runs over


{op.loop}


def best_time(fn, arg, runs):
    """The fastest of a few runs: the one least disturbed by whatever else the machine does."""
    fastest = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        result = fn(arg)
        fastest = min(fastest, time.perf_counter() - start)
    return fastest, result


loop_seconds, looped = best_time(loop, items, 3)
vector_seconds, value = best_time(lambda x: {op.vectorised}, x, 20)
print(f"loop {{loop_seconds * 1e3:.3g}} ms, vectorised {{vector_seconds * 1e3:.3g}} ms: "
      f"{{loop_seconds / vector_seconds:,.0f}} times faster")
print("both compute", value, "(the loop:", looped, ")")'''
