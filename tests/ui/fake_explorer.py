"""A stand-in explorer for the progress tests: records how it was called."""

from dataclasses import dataclass

CALLS: list = []


@dataclass(frozen=True)
class Params:
    k: int = 1


def run(p: Params, progress=None):
    for i in range(1, 5):
        progress(i / 4, f"step {i} of 4")
    CALLS.append(p.k)
    return 2 * p.k


def plain(p: Params):
    return p.k ** 2
