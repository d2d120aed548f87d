"""The grow-on-demand base of the ensemble pages' cached models."""

from dataclasses import dataclass, field

from explorers._grown import Grown


@dataclass
class Counted(Grown):
    STEP, MOST = 25, 200
    calls: list = field(default_factory=list)

    def extend(self, target: int) -> None:
        # Readers look no further than size: it must not move until the step is done.
        self.calls.append((self.size, target))


def test_grows_in_whole_steps_up_to_the_end_and_never_shrinks():
    model = Counted()
    for m in (1, 25, 26, 10, 140, 999, 200):
        model.grow(m)
    assert model.calls == [(0, 25), (25, 50), (50, 150), (150, 200)]
    assert model.size == 200
