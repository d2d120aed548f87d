"""Classifier comparison: each family has its shape, and the ranking depends on the data."""

from figures import comparison as fig
from lessons import Challenge, Step, titled


def accuracy(r, name: str) -> float:
    return next(m.scores.test_accuracy for m in r.models if m.name == name)


def flexible_best(r) -> float:
    return max(accuracy(r, "RBF SVM"), accuracy(r, "k-NN, k = 15"))


CHALLENGES = (
    Challenge(
        question="Circles: one class inside a ring of the other. How does logistic regression do?",
        options=("Among the best", "About chance"),
        state=dict(data="circles"),
        answer=lambda r: "About chance" if accuracy(r, "Logistic regression") < 0.6 else "Among the best",
        expected="About chance",
        why=lambda r: f"Test accuracy {accuracy(r, 'Logistic regression'):.0%} against "
                      f"{r.best_test_accuracy:.0%} for {r.best}: no straight line separates a disc "
                      "from the ring around it.",
    ),
    Challenge(
        question="Linearly separable blobs: do the flexible models (RBF SVM, forest, boosting) beat "
                 "logistic regression?",
        options=("Yes", "No, the line is as good as anything"),
        state=dict(data="linear"),
        answer=lambda r: ("No, the line is as good as anything"
                          if accuracy(r, "Logistic regression") >= r.best_test_accuracy else "Yes"),
        expected="No, the line is as good as anything",
        why=lambda r: f"Logistic regression scores {accuracy(r, 'Logistic regression'):.0%}, the best "
                      "of all: when the classes are separated by a line, flexibility has nothing to "
                      "add, and on noisier data it can only add variance.",
    ),
)

TOUR = (
    Step("Moons: the free curves of k-NN and the RBF SVM follow the crescents; the straight "
         "lines of logistic regression and the linear SVM cannot.",
         {}, holds=lambda r: accuracy(r, "Logistic regression") < flexible_best(r) - 0.05),
    Step("Linear blobs: every model is perfect, the simplest included.",
         dict(data="linear"), holds=lambda r: accuracy(r, "Logistic regression") >= r.best_test_accuracy),
    Step("Circles: the linear models fall to about chance, the others stay near perfect: the "
         "ranking has turned over.",
         dict(data="circles"),
         holds=lambda r: accuracy(r, "Logistic regression") < 0.6 and flexible_best(r) > 0.95),
    Step("Spirals: axis-aligned steps need many trees (boosting, XGBoost) to follow the curls; "
         "a single depth-5 tree falls well behind them.",
         dict(data="spirals"),
         holds=lambda r: accuracy(r, "Decision tree, depth 5") < accuracy(r, "XGBoost") - 0.1),
)

MAIN = titled(fig.focus_figure)
