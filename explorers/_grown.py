"""Models grown on demand and read by prefix, shared by the ensemble pages.

A random forest's first m trees, and a boosted model's first m stages, are exactly the
model fitted with m trees or stages (each page's tests check it), so a page keeps one
model per setting and grows it when a slider asks for more. It grows in steps, so that
dragging the slider up refits a few times rather than at every tick.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass
class Grown:
    """Something grown, never shrunk, and shared by every session.

    A subclass sets ``STEP`` and ``MOST`` and says how to grow to a target (``extend``).
    ``grow`` holds a lock, so two sessions never grow the same model at once, and sets
    ``size`` last: readers look no further than ``size``, so they never see half a step.
    """

    STEP: ClassVar[int]  # trees or stages added at a time
    MOST: ClassVar[int]  # the slider's end
    size: int = field(default=0, kw_only=True)  # trees or stages ready to read
    lock: threading.Lock = field(default_factory=threading.Lock, kw_only=True)

    def grow(self, m: int) -> None:
        if self.size >= m:
            return
        with self.lock:
            target = self.target(m)
            if self.size < target:
                self.extend(target)
                self.size = target

    def target(self, m: int) -> int:
        """How far to grow for a model of m: the next multiple of STEP, at least one step
        and at most MOST."""
        return min(self.MOST, max(self.STEP, math.ceil(m / self.STEP) * self.STEP))

    def extend(self, target: int) -> None:
        raise NotImplementedError
