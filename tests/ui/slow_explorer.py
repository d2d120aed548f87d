"""A stand-in explorer that reports progress, then holds until the test opens its gate:
two sessions can then ask for the same configuration while it is being computed."""

import threading
from dataclasses import dataclass

CALLS: list = []
STARTED = threading.Event()  # set once a computation has reported and is holding
GATE = threading.Event()  # the computation finishes once this is set


@dataclass(frozen=True)
class Params:
    k: int = 1


def run(p: Params, progress=None):
    CALLS.append(p.k)
    progress(0.5, "half way")
    STARTED.set()
    GATE.wait(60)
    return 3 * p.k


def plain(p: Params):
    """The same without a progress callback: served by the same store, with no bar."""
    CALLS.append(p.k)
    STARTED.set()
    GATE.wait(60)
    return 4 * p.k
