"""Optimizers: SGD's straight drop and crawl against momentum's swing, the 2/λ_max limit,
momentum rolling through dips, and walkers stalled on a saddle (Goh, "Why Momentum Really
Works", Distill 2017)."""

import numpy as np

from figures import optimizers as fig
from explorers import optimizers as ex
from lessons import Challenge, Claim, Step, titled


def swings(r, name: str) -> int:
    """How often the walker crosses the valley floor (y changes sign) while still at least
    5% of its starting height away from it: its zigzag across the steep direction."""
    y = r.paths[r.names.index(name)][:, 1]
    far = np.abs(y[:-1]) > 0.05 * abs(r.start[1])
    return int(np.sum((np.sign(y[1:]) != np.sign(y[:-1])) & far))


def final(r, name: str) -> float:
    return float(r.final_losses[r.names.index(name)])


def diverged(r, name: str) -> bool:
    return bool(r.diverged_at[r.names.index(name)] >= 0)


def _zigzagger(r) -> str:
    sgd, momentum = swings(r, "SGD"), swings(r, "Momentum")
    return "Momentum" if momentum > sgd else "Plain SGD"


def _past_limit(r) -> str:
    return "It diverges" if diverged(r, "SGD") else "It converges, faster"


def _dips(r) -> str:
    return "Momentum" if final(r, "Momentum") < 0.01 < final(r, "Adam") else "Adam"


CHALLENGES = (
    Challenge(
        question="On the bowl (κ = 60) at the default rates, which walker zigzags across the "
                 "steep direction: plain SGD or momentum (β = 0.9)?",
        options=("Plain SGD", "Momentum"),
        state={},
        answer=_zigzagger, expected="Momentum",
        why=lambda r: f"Momentum crosses the valley floor {swings(r, 'Momentum')} times, SGD "
                      f"{swings(r, 'SGD')}: at lr 0.02 SGD's steep coordinate is multiplied by "
                      "1 − 0.02·60 = −0.2 a step, gone at once, while β = 0.9 keeps momentum's "
                      "velocity swinging. Yet "
                      f"momentum ends at loss {final(r, 'Momentum'):.2g}, SGD at {final(r, 'SGD'):.2g}: "
                      "the same velocity carries it along the shallow valley.",
    ),
    Challenge(
        question="Raise SGD's learning rate to 0.05, past 2/λ_max = 2/60 ≈ 0.033. What happens?",
        options=("It converges, faster", "It diverges"),
        state=dict(lr=0.05),
        answer=_past_limit, expected="It diverges",
        why=lambda r: f"SGD flies off at step {int(r.diverged_at[0])}: along the steep direction each "
                      "step multiplies the distance by 1 − 0.05·60 = −2, so it overshoots by more "
                      "than it corrects.",
    ),
    Challenge(
        question="On the bowl dimpled with local minima, who reaches the bottom: momentum or Adam?",
        options=("Momentum", "Adam"),
        state=dict(surface="local minima"),
        answer=_dips, expected="Momentum",
        why=lambda r: f"Momentum ends at loss {final(r, 'Momentum'):.2g}; Adam, RMSprop and SGD stop in a "
                      f"dip at {final(r, 'Adam'):.2g}. A heavy ball's speed carries it over a small rise "
                      "that stops a walker which only follows the local slope.",
    ),
)

TOUR = (
    Step("The bowl, 60 times steeper across than along. Plain SGD drops straight to the valley "
         "floor and then crawls along it; momentum swings across yet ends far lower.",
         {}, holds=lambda r: swings(r, "SGD") <= 2 < swings(r, "Momentum")
         and final(r, "Momentum") < final(r, "SGD") / 10),
    Step("Distill's optimum settings: momentum at its best β and rate reaches the minimum, "
         "while SGD at its own best rate, 2/(κ + 1), zigzags all the way.",
         dict(tuning="Distill's optimum"),
         holds=lambda r: final(r, "Momentum") < 1e-10 and swings(r, "SGD") > 20),
    Step("SGD at lr 0.05, past 2/λ_max = 2/κ ≈ 0.033: every step overshoots by more than the "
         "last, and it diverges within a few steps.",
         dict(lr=0.05), holds=lambda r: diverged(r, "SGD")),
    Step("The dimpled bowl: momentum and Nesterov roll through the dips; SGD, RMSprop and Adam "
         "stop in the first one they meet.",
         dict(surface="local minima"),
         holds=lambda r: final(r, "Momentum") < 0.01
         and min(final(r, n) for n in ("SGD", "RMSprop", "Adam")) > 0.5),
    Step("The saddle: started on the ridge, every walker stalls at the saddle point's loss, 0.25, "
         "where the gradient vanishes without a minimum.",
         dict(surface="saddle"), holds=lambda r: all(abs(final(r, n) - 0.25) < 0.05 for n in r.names)),
    Step("Add gradient noise: the walkers are nudged off the ridge and slide down towards a "
         "minimum.",
         dict(surface="saddle", noise=0.5), holds=lambda r: final(r, "Momentum") < 0.1),
)

MAIN = titled(fig.paths_figure)


def _straight(loss, start=10, every=10) -> bool:
    """A straight falling line on the log axis: the loss shrinks by the same factor over
    every ``every`` steps after ``start`` (within 5%)."""
    factors = loss[start + every::every] / loss[start:-every:every]
    return bool(factors.max() < 0.9 and factors.max() / factors.min() < 1.05)


def _loss_chart(r) -> bool:
    rms = r.losses[r.names.index("RMSprop")]
    return (_straight(r.losses[r.names.index("SGD")])
            and rms[-1] < fig.FLOOR < rms[len(rms) // 2] and "below" in fig.label(r, r.names.index("RMSprop")))


CLAIMS = {
    "loss": Claim(
        "The loss against step for all five at once, on a log scale. A straight falling line is linear "
        "convergence, the loss shrinking by the same factor every step (SGD's, at the defaults, as it "
        "crawls along the valley floor); a line that levels off above zero is a walker stuck in a local "
        "minimum or on a saddle. The axis stops at 10⁻¹²: a line that reaches it is drawn flat there "
        "because it has converged (RMSprop's, at the defaults), not because it is stuck.",
        holds=_loss_chart),
    # Shown by the shared code panel from the explorer; the words under test are the same.
    "misreading": Claim(
        ex.MISREADING, state=dict(tuning="Distill's optimum"),
        holds=lambda r: final(r, "Momentum") < 1e-6 * final(r, "Adam")),
}
