"""The restaurant tips table, the one pandas' own "Comparison with SQL" guide uses.

244 bills, each with its tip, that one waiter recorded over a few months in one restaurant
(Bryant & Smith, *Practical Data Analysis: Case Studies in Business Statistics*, 1995), as
shipped inside plotly's wheel (``plotly.data.tips()``), so it needs no network. The pages use
a few of its columns and a small seeded sample of its rows: few enough to draw every row.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

COLUMNS = ("total_bill", "tip", "smoker", "day", "time")  # sex and size are left out: width
N_ROWS = 244
_QUOTED = ", ".join(f'"{c}"' for c in COLUMNS)


@lru_cache(maxsize=1)
def _whole() -> pd.DataFrame:
    import plotly.data  # imported when first asked for: it loads the table from plotly's wheel

    return plotly.data.tips()[list(COLUMNS)]


def sample(rows: int, seed: int) -> pd.DataFrame:
    """``rows`` bills drawn without replacement by ``seed``, in the table's order.

    A fresh copy each time: pandas steps run on it, and the table is shared.
    """
    return _whole().sample(rows, random_state=seed).sort_index()


IMPORT = "import plotly.data  # the tips table ships inside plotly"


def code(rows: int, seed: int, name: str = "df") -> str:
    """The lines that make ``sample(rows, seed)`` as ``name`` (after ``IMPORT``)."""
    return (f"tips = plotly.data.tips()[[{_QUOTED}]]\n"
            f"{name} = tips.sample({rows}, random_state={seed}).sort_index()")
