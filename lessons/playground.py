"""The neural-network playground: a boundary formed during training, circles that a network
without hidden layers can only learn from the right features, and spirals it cannot."""

from figures import playground as fig
from lessons import Challenge, Step, titled


def _learns(r) -> str:
    return "Yes, above 90%" if r.test_score > 0.9 else "No, far from it"


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
)

TOUR = (
    Step("Epoch 0: the untrained network's boundary is arbitrary, and it is right about half "
         "the time.", dict(show=0), holds=lambda r: r.show_epoch == 0 and r.shown.test_accuracy < 0.7),
    Step("Halfway through training: the boundary has found the moons' rough shape.",
         dict(show=50), holds=lambda r: r.shown.test_accuracy > 0.7),
    Step("After 100 epochs: two hidden layers of four tanh neurons bend straight lines into the "
         "curve between the moons.", {}, holds=lambda r: r.test_score > 0.9),
    Step("Circles without hidden layers: one straight line, and accuracy about chance.",
         dict(data="circles", hidden_layers=0), holds=lambda r: r.test_score < 0.6),
    Step("Add x1² and x2² as inputs: the same network without hidden layers now draws a circle.",
         dict(data="circles", hidden_layers=0, features="with squares"), holds=lambda r: r.test_score > 0.9),
)

MAIN = titled(fig.surface_figure)
