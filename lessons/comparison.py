"""Classifier comparison: each family has its shape, and the ranking depends on the data."""

from explorers import comparison as ex
from figures import comparison as fig
from lessons import Challenge, Claim, Step, titled

LINEAR = ("Logistic regression", "Linear SVM")
TREES = ("Decision tree, depth 5", "Random forest", "Gradient boosting", "XGBoost")
# Linear blobs buried in noise: the straight line is all there is to find.
NOISY_LINE = dict(data="linear", noise=1.0)


def accuracy(r, name: str) -> float:
    return next(m.scores.test_accuracy for m in r.models if m.name == name)


def flexible_best(r) -> float:
    return max(accuracy(r, "RBF SVM"), accuracy(r, "k-NN, k = 15"))


def _fitted(r, name: str):
    return next(m for m in r.models if m.name == name)


def _line_wins_while_trees_fit_noise(r) -> bool:
    """The straight line ties or beats every model on the test points, while every tree
    model scores better on its training points than on the test points."""
    return (accuracy(r, "Logistic regression") >= r.best_test_accuracy
            and all(_fitted(r, n).scores.train_accuracy > _fitted(r, n).scores.test_accuracy for n in TREES))


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
         {}, holds=lambda r: max(accuracy(r, n) for n in LINEAR) < flexible_best(r) - 0.05),
    Step("Linear blobs: every model is perfect, the simplest included.",
         dict(data="linear"), holds=lambda r: all(m.scores.test_accuracy == 1.0 for m in r.models)),
    Step("The same blobs buried in noise (noise 1): the tree models score higher on their training "
         "points than on the test points, fitting the noise, and the straight line ties or beats "
         "them all.",
         NOISY_LINE, holds=_line_wins_while_trees_fit_noise),
    Step("Circles: the linear models fall to about chance, the others stay near perfect: the "
         "ranking has turned over.",
         dict(data="circles"),
         holds=lambda r: (max(accuracy(r, n) for n in LINEAR) < 0.6
                          and min(m.scores.test_accuracy for m in r.models if m.name not in LINEAR) > 0.95)),
    Step("Spirals: axis-aligned steps need many trees (boosting, XGBoost) to follow the curls; "
         "a single depth-5 tree falls well behind them.",
         dict(data="spirals"),
         holds=lambda r: accuracy(r, "Decision tree, depth 5")
         < min(accuracy(r, "Gradient boosting"), accuracy(r, "XGBoost")) - 0.1),
)

MAIN = titled(fig.focus_figure)

CLAIMS = {
    # The misreading the page names, where the noisy data shows it.
    "misreading": Claim(ex.MISREADING, state=NOISY_LINE, holds=_line_wins_while_trees_fit_noise),
}
