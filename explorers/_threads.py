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

import sys
from functools import lru_cache

from threadpoolctl import ThreadpoolController


@lru_cache(maxsize=2)
def _controller(with_sklearn: bool) -> ThreadpoolController:
    import scipy.linalg  # noqa: F401  (numpy's and scipy's BLAS are loaded before the scan)

    if with_sklearn:
        import sklearn  # noqa: F401  (and scikit-learn's OpenMP)
    return ThreadpoolController()


def one_thread(user_api: str | None = None):
    """A context manager limiting BLAS and OpenMP (or just ``user_api``) to one thread.

    A page that has not imported scikit-learn (the time-series pages) does not pay its
    1.2 s import for this: its controller sees numpy's and scipy's BLAS only.
    """
    return _controller("sklearn" in sys.modules).limit(limits=1, user_api=user_api)


def trusted_inputs():
    """scikit-learn's per-call checks switched off, for fits on data and settings we made.

    Every tree of a forest and every stage of a boosting model re-validates its parameters
    and re-checks its input for NaN; on a few hundred points that is a quarter of the fit
    (bench/README.md). The data come from our own generators and the settings from our own
    sliders, which the tests sweep end to end, so the checks find nothing. Thread-local,
    like every ``sklearn.config_context``: other sessions keep their checks.
    """
    import sklearn

    return sklearn.config_context(skip_parameter_validation=True, assume_finite=True)
