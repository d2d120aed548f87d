"""Read-only arrays: what a cached result may hand to every caller.

A result computed once is shared: by every session through the result stores, and by
every later call through the ``lru_cache`` of a helper. An array in it that one caller
could write to would change what all the others see, silently. Making it read-only turns
such a write into an error where it happens.
"""

from __future__ import annotations

import dataclasses

import numpy as np


def readonly(value):
    """``value`` with every NumPy array in it made read-only, and returned.

    Arrays are found however deep they sit in tuples (named ones too), lists, dict values
    and dataclass instances; anything else (a fitted model, a number) is left as it is.
    Nothing is copied: the arrays themselves stop being writeable.
    """
    _walk(value, set())
    return value


def _walk(value, seen: set[int]) -> None:
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, (tuple, list)):
        for item in value:
            _walk(item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _walk(getattr(value, field.name), seen)
