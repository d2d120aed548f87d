"""The neural-network playground: a boundary formed during training, circles that a network
without hidden layers can only learn from the right features, and spirals it cannot."""

import numpy as np

from datasets.planes import sample_surface
from explorers import playground as ex
from figures import playground as fig
from lessons import Challenge, Claim, Step, titled

# Noisy XOR with few points and a big network: it memorises. Seed 0's draw shows it plainly
# (the test set is 25 points, so another draw can be kinder).
PLANE = dict(data="regression: plane")  # a surface a small network fits: what is left is the noise
MEMORISES = dict(data="xor", noise=0.6, n_points=100, hidden_layers=4, neurons=8, batch_size=10.0)


def _learns(r) -> str:
    return "Yes, above 90%" if r.test_score > 0.9 else "No, far from it"


def best_test(r) -> int:
    """The epoch of the lowest test loss."""
    return int(np.argmin(r.test_curve))


def memorises(r) -> bool:
    """The test loss bottoms out early and climbs to over twice its best, while the train loss
    keeps falling to under half of what it was then."""
    m = best_test(r)
    return (m < r.epochs_run / 5 and r.test_curve[-1] > 2 * r.test_curve[m]
            and r.train_curve[-1] < 0.5 * r.train_curve[m])


def _climbs(r) -> str:
    return "Yes, it still climbs as far" if r.test_curve[-1] > 2 * r.test_curve.min() else \
        "No, it ends much nearer its best"


CHALLENGES = (
    Challenge(
        question="Circles (one class inside a ring of the other), no hidden layer, inputs x1 and "
                 "x2. Can the network learn them?",
        options=("Yes, above 90%", "No, far from it"),
        state=dict(data="circles", hidden_layers=0),
        answer=_learns, expected="No, far from it",
        why=lambda r: f"Test accuracy {r.test_score:.0%}: with no hidden layer the network is logistic "
                      "regression, one straight line, and no line separates a disc from a ring.",
    ),
    Challenge(
        question="Same network, no hidden layer, but give it x1² and x2² as well. Now?",
        options=("Yes, above 90%", "No, far from it"),
        state=dict(data="circles", hidden_layers=0, features="with squares"),
        answer=_learns, expected="Yes, above 90%",
        why=lambda r: f"Test accuracy {r.test_score:.0%}: x1² + x2² is the squared radius, so a straight "
                      "line in the new features is a circle in the plane. The right features can do "
                      "a hidden layer's work.",
    ),
    Challenge(
        question="Spirals, no hidden layer, plain x1 and x2. Can it learn them?",
        options=("Yes, above 90%", "No, far from it"),
        state=dict(data="spirals", hidden_layers=0),
        answer=_learns, expected="No, far from it",
        why=lambda r: f"Test accuracy {r.test_score:.0%}: a single line cuts across the arms. Give it "
                      "hidden layers and the boundary can curl.",
    ),
    Challenge(
        question="Noisy XOR, 100 points, four layers of eight neurons: without a penalty its test "
                 "loss ends at more than twice its best. Add L2 at rate 0.005. Does the test loss "
                 "still climb that far?",
        options=("Yes, it still climbs as far", "No, it ends much nearer its best"),
        state=dict(MEMORISES, regularization="L2", reg_rate=0.005),
        answer=_climbs, expected="No, it ends much nearer its best",
        why=lambda r: f"Its best is {r.test_curve.min():.2f} at epoch {best_test(r)}, and it ends at "
                      f"{r.test_curve[-1]:.2f}, while the train loss stops at {r.train_curve[-1]:.2f} "
                      "instead of falling towards 0: kept small, the weights cannot bend round "
                      "single noisy points.",
    ),
)

TOUR = (
    Step("Epoch 0: the untrained network's boundary is arbitrary, and it is right about half "
         "the time.", dict(show=0), holds=lambda r: r.show_epoch == 0 and r.shown.test_accuracy < 0.7),
    Step("Halfway through training: the boundary has found the moons' rough shape.",
         dict(show=50), holds=lambda r: r.shown.test_accuracy > 0.7),
    Step("After 100 epochs: two hidden layers of four tanh neurons bend straight lines into the "
         "curve between the moons.", {}, holds=lambda r: r.test_score > 0.9),
    Step("Noisy XOR, only 100 points, four layers of eight neurons: the train loss falls all the way "
         "while the test loss bottoms out in the first epochs and then climbs. The network is "
         "memorising the noise.", MEMORISES, holds=memorises),
    Step("Circles without hidden layers: one straight line, and accuracy about chance.",
         dict(data="circles", hidden_layers=0), holds=lambda r: r.test_score < 0.6),
    Step("Add x1² and x2² as inputs: the same network without hidden layers now draws a circle.",
         dict(data="circles", hidden_layers=0, features="with squares"), holds=lambda r: r.test_score > 0.9),
)

MAIN = titled(fig.surface_figure)


def _held_back(r) -> bool:
    """Memorising at MEMORISES, and L2 (rate 0.005) or dropout (0.3) there ends with a test loss
    at least a third lower."""
    held = [ex.run(ex.Params(**MEMORISES, **extra)).test_curve[-1]
            for extra in (dict(regularization="L2", reg_rate=0.005), dict(dropout=0.3))]
    return memorises(r) and max(held) < 2 / 3 * r.test_curve[-1]


def _noise_left(r) -> bool:
    """On the tilted plane the trained network is within a fifth of the noise of the true surface,
    and its test error is the noise's own mean square, give or take 20%."""
    p = ex.Params(**PLANE)
    X, y = sample_surface(p.data, p.n_points, p.noise, p.seed)
    _, truth = sample_surface(p.data, p.n_points, 0.0, p.seed)  # the same points, without noise
    at = [int(np.flatnonzero((X == x).all(axis=1))[0]) for x in r.split.X_test]
    noise = np.mean((y[at] - truth[at]) ** 2)
    missed = np.mean((r.scores.test_predicted - truth[at]) ** 2)
    return r.regression and 0.8 * noise < r.test_loss < 1.2 * noise and missed < 0.2 * noise


CLAIMS = {
    "loss": Claim(
        "Train and test loss after every epoch. When the test curve turns up while the train curve "
        "keeps falling, the network has started to memorise (the tour's noisy-XOR step shows it): L2 "
        "or dropout hold it back.",
        state=MEMORISES, holds=_held_back),
    "fit": Claim(
        "Each held-out point's predicted height against its true one. The spread around the diagonal "
        "that no network removes is the noise; a bend away from it is what the network has not "
        "learned yet.",
        state=PLANE, holds=_noise_left),
    # Shown by the shared code panel from the explorer; the words under test are the same.
    "misreading": Claim(
        ex.MISREADING, state=MEMORISES,
        holds=lambda r: memorises(r) and ex.run(ex.Params(**{**MEMORISES, "hidden_layers": 1, "neurons": 4}))
        .test_curve[-1] < r.test_curve[-1]),
}
