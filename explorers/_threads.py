"""One thread for the small numerical work of a slider move, set once per process.

On the 2-D and few-hundred-point problems these pages solve, BLAS and OpenMP threads
only cost their start-up, and on a busy two-core server they wait for a core: fits were
seen to take several times (once 70 times) longer with them. So the process runs its
numerics on one thread, which gives the same numbers.

The limit is set once, when this module is first imported (``app.py`` imports it before
any page runs), not around every fit: such a block changes a process-wide setting, and
with Streamlit serving each session on its own thread, one session leaving its block
gave another's fit its threads back mid-way. Two steps, because libraries differ:

- ``OMP_NUM_THREADS`` and its kin are set for the libraries not loaded yet, which read
  them as they load (scikit-learn's, PyTorch's and XGBoost's OpenMP, scipy's BLAS);
- threadpoolctl limits those already loaded (numpy's BLAS: OpenBLAS keeps one
  setting for the whole process).

OpenMP (libgomp) keeps its thread count per thread, not per process: a limit set on one
thread does not reach Streamlit's other threads. An OpenMP runtime loaded before this
module (a test run may import scikit-learn first; the app never does) is therefore limited
on each thread by its first ``one_thread()``.
"""

from __future__ import annotations

import os
import threading
from contextlib import nullcontext

from threadpoolctl import ThreadpoolController

THREADS = 1
# Read by OpenMP runtimes and BLAS builds as they load.
ENVIRONMENT = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")


def _limit_process() -> list:
    """Set the limits once; returns the OpenMP runtimes loaded before us (to limit per thread)."""
    for name in ENVIRONMENT:
        os.environ[name] = str(THREADS)
    controller = ThreadpoolController()  # scans the loaded libraries once (~13 ms under load)
    controller.limit(limits=THREADS)  # kept: never restored
    return [lib for lib in controller.lib_controllers if lib.user_api == "openmp"]


_EARLY_OPENMP = _limit_process()
_this_thread = threading.local()


def one_thread(user_api: str | None = None):
    """Kept for its call sites (``with one_thread():``): the limits hold already.

    Costs an attribute lookup, unless an OpenMP runtime was loaded before this module:
    then this thread's OpenMP gets its one thread, once. ``user_api`` is ignored.
    """
    if _EARLY_OPENMP and not getattr(_this_thread, "limited", False):
        for lib in _EARLY_OPENMP:
            lib.set_num_threads(THREADS)
        _this_thread.limited = True
    return nullcontext()


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
