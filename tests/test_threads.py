"""Thread limits are set once per process and hold on every thread, whatever the order
of imports, and a session leaving ``one_thread()`` cannot give another session's fit its
threads back. Each check runs in a fresh interpreter: limits are process-wide state."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Prints the thread count of every pool a fit can use, as seen from a new thread (a
# Streamlit session's): BLAS, OpenMP and PyTorch's.
REPORT = """
import json, threading
from threadpoolctl import threadpool_info

def report():
    import torch
    seen = [(lib["internal_api"], lib["num_threads"]) for lib in threadpool_info()]
    seen.append(("torch", torch.get_num_threads()))
    print(json.dumps(seen))
"""


def threads_seen(code: str) -> list:
    out = subprocess.run([sys.executable, "-c", REPORT + code], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture(scope="module", autouse=True)
def needs_torch():
    pytest.importorskip("torch")


def test_imported_first_it_limits_every_pool_on_every_thread():
    seen = threads_seen("""
import explorers._threads
import numpy, scipy.linalg, sklearn.cluster, torch
t = threading.Thread(target=report); t.start(); t.join()
""")
    assert {kind for kind, _ in seen} >= {"openblas", "openmp", "torch"}
    assert all(n == 1 for _, n in seen), seen


def test_after_an_early_openmp_each_thread_is_limited_by_its_first_one_thread():
    seen = threads_seen("""
import sklearn.cluster, torch  # their OpenMP loads before the limits are set
from explorers._threads import one_thread

def session():
    with one_thread():
        report()

t = threading.Thread(target=session); t.start(); t.join()
""")
    assert all(n == 1 for _, n in seen), seen


def test_a_session_leaving_its_block_leaves_the_limit_in_place():
    # Two sessions' fits overlap: the first leaves its block while the second is inside.
    seen = threads_seen("""
import numpy, scipy.linalg
from explorers._threads import one_thread

first, second = one_thread(), one_thread()
first.__enter__()
second.__enter__()
first.__exit__(None, None, None)
report()  # inside the second session's block
second.__exit__(None, None, None)
""")
    blas = [n for kind, n in seen if kind == "openblas"]
    assert blas and all(n == 1 for n in blas), seen
