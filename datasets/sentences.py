"""The UCI "Sentiment Labelled Sentences": 3,000 review sentences labelled positive or negative.

1,000 each from Amazon phone reviews, Yelp restaurant reviews and IMDb film reviews, 500 of each
label per source, as shipped in ``datasets/sentiment/`` with the README that carries their
attribution and licence (CC BY 4.0). Read from the repository, so no page needs the network.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

FOLDER = Path(__file__).with_name("sentiment")
SOURCES = {"amazon": "amazon_cells_labelled.txt", "yelp": "yelp_labelled.txt",
           "imdb": "imdb_labelled.txt"}


@lru_cache(maxsize=1)
def _all() -> pd.DataFrame:
    frames = []
    for source, name in SOURCES.items():
        # One sentence, a tab, the label: split on the last tab, since a sentence never holds
        # one but some IMDb lines carry spaces before it.
        lines = (FOLDER / name).read_text(encoding="utf-8").splitlines()
        rows = [line.rsplit("\t", 1) for line in lines if line.strip()]
        frames.append(pd.DataFrame({"text": [t.strip() for t, _ in rows],
                                    "label": [int(y) for _, y in rows], "source": source}))
    table = pd.concat(frames, ignore_index=True)
    table.flags.allows_duplicate_labels = False
    return table


def load(source: str | None = None) -> pd.DataFrame:
    """Every sentence (or one source's) as a fresh frame: text, label (1 positive), source."""
    table = _all()
    if source is not None:
        if source not in SOURCES:
            raise ValueError(f"source must be one of {sorted(SOURCES)}")
        table = table[table["source"] == source]
    return table.reset_index(drop=True).copy()
