"""PyTorch for the deep-learning pages, imported only by them.

``torch`` costs ~1.8 s and ~280 MiB to import, so no module imports it at its top: the
home page and every page without a network stay free of it (tests/pages/test_imports.py).
One thread: the networks here are tiny, where PyTorch's thread pool only adds start-up
and contention on a shared two-core server, and one thread also makes results repeatable.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import lru_cache


@lru_cache(maxsize=1)
def torch():
    """The ``torch`` module, set to one thread (once per process)."""
    import torch as _torch

    _torch.set_num_threads(1)
    return _torch


def generator(seed: int):
    """A ``torch.Generator`` seeded explicitly: weights and batches never touch global state."""
    return torch().Generator().manual_seed(int(seed))


# Layers draw their initial weights (and nn.Dropout its masks) from torch's one global
# generator; they take no generator of their own. Streamlit serves sessions on threads of
# one process, so two trainings at once, on any two pages, would interleave their draws.
# One lock for every page keeps each run repeatable; RLock, so a seeded block may nest.
_GLOBAL_RNG = threading.RLock()


@contextmanager
def global_rng(seed: int | None = None, state=None):
    """torch's global random stream for this block only: seeded with ``seed`` (or set to a
    saved ``state``), then restored as it was; one block at a time in the process."""
    t = torch()
    with _GLOBAL_RNG, t.random.fork_rng(devices=[]):
        if seed is not None:
            t.manual_seed(int(seed))
        if state is not None:
            t.set_rng_state(state)
        yield t
