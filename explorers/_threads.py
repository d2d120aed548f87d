"""One thread for the small numerical work of a slider move.

On the 2-D and few-hundred-point problems these pages solve, BLAS and OpenMP threads
only cost their start-up, and on a busy two-core server they wait for a core: fits were
seen to take several times (once 70 times) longer with them. So explorers run their
fits inside ``one_thread()``, which gives the same numbers.

``threadpool_limits()`` rescans the process's loaded libraries on every call (~13 ms under
load, more than many fits), so the controller is found once. A library loaded after that
first call (say XGBoost's OpenMP) is not limited by it; such models take ``n_jobs=1``.
"""

from __future__ import annotations

from functools import lru_cache

from threadpoolctl import ThreadpoolController


@lru_cache(maxsize=1)
def _controller() -> ThreadpoolController:
    import sklearn  # noqa: F401  (its BLAS and OpenMP libraries are loaded before the scan)

    return ThreadpoolController()


def one_thread(user_api: str | None = None):
    """A context manager limiting BLAS and OpenMP (or just ``user_api``) to one thread."""
    return _controller().limit(limits=1, user_api=user_api)
