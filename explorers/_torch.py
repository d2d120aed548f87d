"""PyTorch for the deep-learning pages, imported only by them.

``torch`` costs ~1.8 s and ~280 MiB to import, so no module imports it at its top: the
home page and every page without a network stay free of it (tests/pages/test_imports.py).
One thread: the networks here are tiny, where PyTorch's thread pool only adds start-up
and contention on a shared two-core server, and one thread also makes results repeatable.
"""

from __future__ import annotations

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
