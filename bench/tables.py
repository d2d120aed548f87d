"""What a learner's CSV costs: reading it at the limits, and the classifier pages on it.

Prints two tables and asserts nothing (times vary with the machine's load):

1. ``datasets.tables.read_table`` on files at its limits (time, tracemalloc peak), beside
   pandas reading the same file whole.
2. Each classifier page's ``run`` from cold caches on the largest built-in data (1,000
   points) and on tables of MAX_ROWS and twice as many rows (2 and MAX_CLASSES classes), at the default
   settings and at each page's slowest corner.

    python bench/tables.py
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import os
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from datasets import tables  # noqa: E402

os.environ.setdefault("EXPLORERS_WARM", "0")  # time the pages, not the server's warm-up (ui/warm.py)

# The slowest settings of each page (the most trees, stages, the stiffest SVM).
CORNERS = {
    "logistic_regression": dict(C=1000.0),
    "svm": dict(C=100.0, gamma=100.0),
    "knn": dict(k=100),
    "decision_tree": dict(max_depth=20),
    "random_forest": dict(n_trees=200),
    "gradient_boosting": dict(n_stages=200, stage=200, max_depth=6, learning_rate=1.0),
    "comparison": dict(),
}


def measured(fn):
    tracemalloc.start()
    start = time.perf_counter()
    try:
        fn()
        outcome = "read"
    except ValueError as err:
        outcome = str(err)[:40] + "…"
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak, outcome


def table(n: int, classes: int, columns: int = 4, seed: int = 0) -> bytes:
    rng = np.random.default_rng(seed)
    label = np.arange(n) % classes
    df = pd.DataFrame({f"x{j}": np.round(rng.normal(size=n) + (label if j < 2 else 0), 3)
                       for j in range(columns - 1)})
    df["class"] = np.array([f"class {c}" for c in range(classes)])[label]
    return df.to_csv(index=False).encode()


def reading() -> None:
    files = {
        f"{tables.MAX_ROWS:,} rows x {tables.MAX_COLUMNS} columns": table(tables.MAX_ROWS, 3, tables.MAX_COLUMNS),
        "330,000 rows x 3 (under the byte cap)": b"a,b,c\n" + b"1,2,3\n" * 330_000,
        "1 row x 150,000 columns": b",".join(b"c%d" % i for i in range(150_000)) + b"\n",
    }
    print("| file | bytes | read_table ms | its peak MB | outcome | pandas whole ms | its peak MB |")
    print("|---|---|---|---|---|---|---|")
    for name, data in files.items():
        ours = measured(lambda: tables.read_table(data))
        whole = measured(lambda: pd.read_csv(io.BytesIO(data))) if "150,000" not in name else (np.nan, np.nan, "")
        print(f"| {name} | {len(data):,} | {1000 * ours[0]:.1f} | {ours[1] / 1e6:.2f} | {ours[2]} | "
              f"{1000 * whole[0]:.0f} | {whole[1] / 1e6:.1f} |")


def clear_caches() -> None:
    for module in list(sys.modules.values()):
        for value in list(vars(module).values()) if module and module.__name__.startswith("explorers") else ():
            if hasattr(value, "cache_clear"):
                value.cache_clear()


def pages() -> None:
    data = {"moons, 1,000 points": None}
    for rows in (tables.MAX_ROWS, 2 * tables.MAX_ROWS):  # the limit, and what twice it would cost
        for classes in (2, tables.MAX_CLASSES):
            data[f"table, {rows:,} rows, {classes} classes"] = table(rows, classes)
    print()
    print("| page | data | default s | slowest corner s |")
    print("|---|---|---|---|")
    for name, corner in CORNERS.items():
        ex = importlib.import_module(f"explorers.{name}")
        for label, raw in data.items():
            chosen = None if raw is None else tables.choose(
                tables.read_table(raw, max_rows=2 * tables.MAX_ROWS), "x0", "x1", "class")
            times = []
            for settings in ({}, corner):
                p = dataclasses.replace(ex.Params(n_points=1000), **settings)
                clear_caches()
                start = time.perf_counter()
                ex.run(p, chosen)
                times.append(time.perf_counter() - start)
            print(f"| {name} | {label} | {times[0]:.2f} | {times[1]:.2f} |")


if __name__ == "__main__":
    warnings.simplefilter("ignore")  # lbfgs at C = 1000 on six overlapping classes says it stopped early
    reading()
    pages()
