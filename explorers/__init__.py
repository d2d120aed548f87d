"""Pure explorer modules, one per concept: ``Params``, ``run(params)``, ``code(params)``.

None of them imports streamlit (a test checks), so each is a plain Python module that
can be unit-tested, benchmarked, and reused outside the app.
"""

import importlib
import pkgutil


def all_explorers():
    """Every explorer module, found on disk so that a new one is tested without new code."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
