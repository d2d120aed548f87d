"""explorers._live on a model that only counts its epochs: the cap, stepping, the chunks Run
trains in, divergence, and which controls changed. No torch, so these run in milliseconds."""

import dataclasses
from dataclasses import dataclass

import pytest

from explorers import _live


@dataclass(frozen=True)
class Count:
    """A fake model: "trains" by counting, and diverges once it would pass ``blows_up_at``."""

    epoch: int = 0
    diverged: bool = False
    blows_up_at: int | None = None


CALLS: list[int] = []  # every n that advance was asked to train


def advance(state: Count, n: int) -> Count:
    CALLS.append(n)
    end = state.epoch + n
    if state.blows_up_at is not None and end > state.blows_up_at:
        # As the playground's train does: stop at the last finite epoch and say so.
        return dataclasses.replace(state, epoch=state.blows_up_at, diverged=True)
    return dataclasses.replace(state, epoch=end)


@pytest.fixture(autouse=True)
def no_calls():
    CALLS.clear()


def test_start_is_at_epoch_zero_with_the_whole_cap_left():
    live = _live.start("toy", Count(), advance, cap=25)
    assert (live.key, live.epoch, live.diverged, live.cap) == ("toy", 0, False, 25)
    assert _live.room(live) == 25
    with pytest.raises(ValueError, match="at least one epoch"):
        _live.start("toy", Count(), advance, cap=0)


def test_a_step_trains_on_and_leaves_the_live_it_came_from_alone():
    start = _live.start("toy", Count(), advance, cap=100)
    later = _live.step(start, 10)
    assert later.epoch == 10 and start.epoch == 0
    assert later.key == start.key and later.advance is start.advance and later.cap == 100
    assert _live.step(_live.step(later, 20), 5).epoch == 35
    assert CALLS == [10, 20, 5]


def test_steps_stop_at_the_cap():
    live = _live.step(_live.start("toy", Count(), advance, cap=12), 15)
    assert live.epoch == 12 and _live.room(live) == 0
    assert CALLS == [12], "asked for the epochs left, not the 15 requested"
    assert _live.step(live, 5) is live
    assert CALLS == [12], "nothing trained at the cap"


def test_after_a_divergence_there_is_no_room_and_steps_do_nothing():
    live = _live.step(_live.start("toy", Count(blows_up_at=7), advance, cap=100), 10)
    assert live.diverged and live.epoch == 7
    assert _live.room(live) == 0
    assert _live.step(live, 10) is live and CALLS == [10]


@pytest.mark.parametrize("epoch, cap, size, expected", [
    (0, 23, 10, [10, 10, 3]),
    (0, 20, 10, [10, 10]),
    (7, 30, 10, [10, 10, 3]),
    (20, 20, 10, []),
    (25, 20, 10, []),
    (0, 3, 1, [1, 1, 1]),
])
def test_chunks_reach_the_cap_exactly(epoch, cap, size, expected):
    assert _live.chunks(epoch, cap, size) == expected


def test_running_every_chunk_lands_on_the_cap():
    """What Run does, without Streamlit: step chunk by chunk until there is no room."""
    live = _live.step(_live.start("toy", Count(), advance, cap=23), 1)
    for n in _live.chunks(live.epoch, live.cap, 10):
        live = _live.step(live, n)
    assert live.epoch == 23 and _live.room(live) == 0
    assert CALLS == [1, 10, 10, 2]


@dataclass(frozen=True)
class Key:
    layers: int = 2
    rate: float = 0.1
    seed: int = 0


def test_changed_names_the_fields_that_differ_in_their_order():
    assert _live.changed(Key(), Key()) == []
    assert _live.changed(Key(), Key(seed=3, layers=1)) == ["layers", "seed"]
