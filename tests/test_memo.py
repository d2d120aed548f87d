"""explorers._memo.Memo with real threads: one computation per key however many sessions
ask at once, other keys never held up, errors passed on to the waiters, and a store that
stays within its entries and its bytes."""

import threading
import time

import numpy as np
import pytest

from explorers._memo import OBJECT_BYTES, Memo, footprint, nbytes

PATIENCE = 30  # seconds a test waits for its threads before it fails (not a timing check)


def until(condition, what: str) -> None:
    """Wait for ``condition()`` to hold; fail the test if it never does."""
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"never happened: {what}")
        time.sleep(0.005)


def settled(memo, key, runs, callers: int) -> bool:
    """Every caller is either computing ``key`` or waiting for it."""
    return len(runs) + memo.waiting(key) == callers


def in_threads(n: int, target) -> tuple[list, list]:
    """``target()`` on ``n`` threads at once: ``(their threads, their outcomes)``."""
    outcomes = [None] * n

    def one(i):
        try:
            outcomes[i] = ("value", target())
        except BaseException as error:  # recorded for the test to assert on, not swallowed
            outcomes[i] = ("error", error)

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    return threads, outcomes


def joined(threads) -> None:
    for t in threads:
        t.join(PATIENCE)
        assert not t.is_alive(), "a caller never returned"


def test_ten_callers_of_one_key_compute_once_while_another_key_goes_on():
    memo, gate, runs = Memo(8), threading.Event(), []

    def slow():
        runs.append("a")
        gate.wait(PATIENCE)
        return np.arange(5)

    threads, outcomes = in_threads(10, lambda: memo.get("a", slow))
    until(lambda: settled(memo, "a", runs, 10), "every caller computing or waiting")
    # Key "b" is computed and returned while "a" is still blocked: keys never wait on each other.
    assert memo.get("b", lambda: "b's value") == "b's value"
    gate.set()
    joined(threads)
    assert runs == ["a"], "computed once"
    values = [value for kind, value in outcomes]
    assert all(kind == "value" for kind, _ in outcomes)
    assert all(v is values[0] for v in values), "every caller got the very same object"
    assert memo.get("a", lambda: pytest.fail("recomputed a stored key")) is values[0]


def test_a_failed_computation_releases_its_waiters_with_its_error():
    memo, gate, runs = Memo(8), threading.Event(), []

    def failing():
        runs.append(1)
        gate.wait(PATIENCE)
        raise ValueError("these settings cannot be computed")

    threads, outcomes = in_threads(6, lambda: memo.get("k", failing))
    until(lambda: settled(memo, "k", runs, 6), "every caller computing or waiting")
    gate.set()
    joined(threads)
    assert len(runs) == 1, "the waiters did not each try again"
    assert all(kind == "error" and isinstance(e, ValueError) for kind, e in outcomes)
    assert "k" not in memo, "an error is not stored"
    assert memo.get("k", lambda: 7) == 7, "the next caller computes afresh"


class Interrupted(BaseException):
    """Like Streamlit's StopException: the caller's script was stopped, not the maths wrong."""


def test_an_interrupted_computation_is_taken_over_by_a_waiter():
    memo, gate, runs = Memo(8), threading.Event(), []

    def compute():
        runs.append(threading.get_ident())
        if len(runs) == 1:  # the first caller's session goes away mid-computation
            gate.wait(PATIENCE)
            raise Interrupted
        return "done"

    threads, outcomes = in_threads(5, lambda: memo.get("k", compute))
    until(lambda: settled(memo, "k", runs, 5), "every caller computing or waiting")
    gate.set()
    joined(threads)
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["error"] + ["value"] * 4
    assert [v for kind, v in outcomes if kind == "value"] == ["done"] * 4
    assert len(runs) == 2, "one waiter took over; the other three waited for it"


def test_waiters_see_the_progress_of_the_computation_they_wait_for():
    memo, gate, reported, runs = Memo(8), threading.Event(), [], []
    started, first_seen = threading.Event(), threading.Event()

    def train(report):
        runs.append(1)
        report(0.5, "half way")
        started.set()
        first_seen.wait(PATIENCE)
        report(0.9, "nearly")
        gate.wait(PATIENCE)
        return 1

    leader, _ = in_threads(1, lambda: memo.get("k", train, progress=None))
    until(started.is_set, "the first caller is computing")

    def waiter_progress(fraction, text):
        reported.append((fraction, text))
        first_seen.set()

    waiter, outcome = in_threads(1, lambda: memo.get("k", train, progress=waiter_progress))
    until(lambda: len(reported) == 2, "the waiter saw both reports")
    gate.set()
    joined(leader + waiter)
    assert outcome == [("value", 1)]
    assert reported == [(0.5, "half way"), (0.9, "nearly")]
    assert len(runs) == 1, "the waiter's bar showed the first caller's training, not its own"


def test_a_computation_asking_for_its_own_key_is_an_error_not_a_deadlock():
    memo = Memo(8)
    with pytest.raises(RuntimeError, match="again"):
        memo.get("k", lambda: memo.get("k", lambda: 1))
    assert memo.get("k", lambda: 2) == 2, "the failed flight was cleared"


MB = 2**20


def test_the_least_recently_used_results_go_once_the_bytes_are_over_the_bound():
    memo = Memo(100, max_bytes=3 * MB + 16 * OBJECT_BYTES)
    for key in "abc":
        memo.get(key, lambda: np.zeros(MB, np.uint8))
    assert len(memo) == 3
    memo.get("a", lambda: pytest.fail("a is stored"))  # "a" is now the most recently used
    memo.get("d", lambda: np.zeros(MB, np.uint8))
    assert "b" not in memo, "the least recently used went"
    assert {"a", "c", "d"} <= {k for k in "abcd" if k in memo}
    assert memo.nbytes <= memo.max_bytes


def test_a_result_larger_than_the_bound_is_returned_but_not_kept():
    memo = Memo(100, max_bytes=MB)
    memo.get("small", lambda: np.zeros(1000))
    big = memo.get("big", lambda: np.zeros(MB + 1, np.uint8))
    assert big.shape == (MB + 1,)
    assert "big" not in memo
    assert "small" in memo, "it did not push out what was there"


def test_an_array_shared_by_several_results_is_counted_once():
    # Every scrubber position of one t-SNE run holds the same frames.
    frames = np.zeros((50, 1000, 2))
    memo = Memo(100, max_bytes=2 * frames.nbytes)
    for step in range(20):
        memo.get(step, lambda step=step: (frames[step], frames))
    assert len(memo) == 20
    assert frames.nbytes < memo.nbytes < frames.nbytes + 20 * 10 * OBJECT_BYTES
    memo.clear()
    assert memo.nbytes == 0 and len(memo) == 0


def test_footprint_finds_arrays_in_dataclasses_tuples_dicts_and_objects():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Result:
        curve: np.ndarray
        parts: dict

    class Model:
        def __init__(self):
            self.coef_ = np.ones(300)

    base = np.zeros(1000)
    r = Result(curve=base[:10], parts={"a": (np.ones(100), [Model()]), "name": "x" * 500})
    other, arrays = footprint(r)
    assert sorted(a.size for a in arrays.values()) == [100, 300, 1000], "a slice counts its base"
    assert 500 < other < 500 + 20 * OBJECT_BYTES
    assert nbytes(r) == other + 8 * (100 + 300 + 1000)


class Clock:
    """A clock the test moves by hand: expiry without sleeping."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_sweep_forgets_only_the_results_unasked_for_longer_than_idle():
    clock = Clock()
    memo = Memo(100, max_bytes=10 * MB, idle=60, clock=clock)
    memo.get("asked", lambda: np.zeros(MB, np.uint8))
    memo.get("peeked", lambda: np.zeros(MB, np.uint8))
    memo.get("left", lambda: np.zeros(MB, np.uint8))
    clock.now += 50
    memo.get("asked", lambda: pytest.fail("asked is stored"))
    assert memo.peek("peeked") is not None
    clock.now += 20  # "left" has now gone 70 s unasked for, the others 20 s
    assert memo.sweep() == 1
    assert "left" not in memo and "asked" in memo and "peeked" in memo
    assert 2 * MB <= memo.nbytes < 3 * MB, "its bytes went with it"
    clock.now += 39
    assert memo.sweep() == 0, "59 s unasked for: within idle, nothing goes"
    clock.now += 1
    assert memo.sweep() == 2
    assert len(memo) == 0 and memo.nbytes == 0
    memo.get("left", lambda: "computed again")
    assert memo.peek("left") == "computed again"


def test_an_array_two_results_share_stays_until_the_last_of_them_expires():
    clock, frames = Clock(), np.zeros(MB, np.uint8)
    memo = Memo(100, max_bytes=10 * MB, idle=60, clock=clock)
    memo.get(1, lambda: (frames[:10], frames))
    clock.now += 40
    memo.get(2, lambda: (frames[10:20], frames))
    clock.now += 30
    assert memo.sweep() == 1 and 2 in memo
    assert memo.nbytes >= frames.nbytes, "result 2 still holds the frames"
    clock.now += 30
    assert memo.sweep() == 1 and memo.nbytes == 0


def test_lasting_results_outlive_any_sweep_but_not_the_bounds():
    clock = Clock()
    memo = Memo(2, idle=60, clock=clock)
    memo.lasting("warmed")  # marked before it is computed, as ui/page.warm does
    memo.get("warmed", lambda: "lesson")
    memo.get("visited", lambda: "page")
    clock.now += 3600
    assert memo.sweep() == 1
    assert memo.peek("warmed") == "lesson" and "visited" not in memo
    memo.get("b", lambda: 1)
    memo.get("c", lambda: 2)
    assert "warmed" not in memo, "the bounds still apply to it"


def test_without_idle_a_sweep_keeps_everything():
    clock = Clock()
    memo = Memo(10, clock=clock)
    memo.get("a", lambda: 1)
    clock.now += 10**9
    assert memo.sweep() == 0 and "a" in memo
