"""Support vector machines: the widest street between the classes
=================================================================

A support vector machine draws the boundary that leaves the widest margin (a street with
no training points on it) between two classes. The boundary is where the decision function
``f(x)`` is 0 and the street's two edges are where it is -1 and +1; its width is ``2 / ‖w‖``.
Only the training points on or inside the street fix the boundary: these are the *support
vectors*, and moving any other point (without crossing the street) changes nothing.

Real data rarely leaves an empty street, so each point may trespass at a price, and ``C``
sets the price. A small ``C`` makes errors cheap: a wide street with many points inside it,
and many support vectors. A large ``C`` makes them dear: a narrow street bent around every
point it can fit. A support vector that sits exactly on an edge (``|f(x)| = 1``) has a dual
weight ``alpha`` between 0 and ``C``; one inside the street or on the wrong side has
reached the ceiling, ``alpha = C``.

A kernel lets the same machinery draw curved boundaries: it computes the inner products of
the points mapped into a larger space without building that space. The polynomial kernel
``(gamma x·x' + 1)^degree`` bends with the degree; the RBF kernel ``exp(-gamma ‖x - x'‖²)``
puts a bump on every support vector, broad when ``gamma`` is small (a smooth boundary) and
narrow when it is large (islands around single points). The inputs are standardised first,
since an SVM measures distances and a feature in larger units would otherwise dominate.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from datasets.readonly import readonly
from datasets.tables import Labelled
from explorers._classify import (SCORES_CODE, PlaneParams, Scores, Split, data_code, evaluate,
    on_table, scores_of, split)
from explorers._contract import choice, knob, log_knob

NOTICE = (
    "Slide C from 0.01 to 100 on the linear kernel: the street between the dashed margin lines "
    "narrows, fewer points become support vectors, and training accuracy climbs while test "
    "accuracy may not. On the RBF kernel, a large gamma wraps an island around single points."
)
MISREADING = (
    "\"Every training point shapes an SVM's boundary\": only the support vectors (the rings "
    "and diamonds) do; delete any other point and the boundary stays put. And a larger C is "
    "not a better model: it buys fewer training errors with a narrower margin, which often "
    "generalises worse."
)
HEADLINE = "test_accuracy"

KERNELS = ("linear", "poly", "rbf")
# C of the margin-and-accuracy-against-C charts: one fit a decade, so that a change of
# gamma or degree (which invalidates them) costs five fits, not the slider's thirteen.
C_SWEEP = np.array([0.01, 0.1, 1.0, 10.0, 100.0])
readonly(C_SWEEP)
# A dual weight within this share of C counts as "at the bound" (libsvm stops at tol=1e-3).
AT_BOUND = 1e-6


@dataclass(frozen=True)
class Params(PlaneParams):
    kernel: str = choice("rbf", options=KERNELS, label="Kernel",
                         help="linear: a straight boundary. poly: (0.5 x·x' + 1)^degree on the "
                              "standardised inputs. rbf: exp(-gamma ‖x - x'‖²), a bump per "
                              "support vector.")
    C: float = log_knob(10.0, lo=0.01, hi=100, label="C (cost of a margin violation)",
                        help="Small C: errors are cheap, a wide margin with many points inside it. "
                             "Large C: errors are dear, a narrow margin bent to fit the training set.")
    gamma: float = log_knob(1.0, lo=0.01, hi=100, label="gamma (RBF width)", when=("kernel", ("rbf",)),
                            help="How fast an RBF bump falls off (on standardised inputs). Small: "
                                 "broad bumps, a smooth boundary. Large: narrow bumps, islands "
                                 "around single points.")
    degree: int = knob(3, lo=2, hi=4, label="Degree (poly)", when=("kernel", ("poly",)),
                       help="The polynomial kernel's degree: 2 draws conics (ellipses, hyperbolas), "
                            "higher degrees bend more.")


@dataclass(frozen=True)
class Result:
    split: Split
    scores: Scores
    kernel: str
    C: float
    train_accuracy: float
    test_accuracy: float
    grid_decision: np.ndarray | None  # (GRID, GRID) f(x) for two classes; None for three (one-vs-one)
    support: np.ndarray  # indices into X_train of the support vectors
    # For two classes only (None for three, whose one-vs-one SVC has a margin per pair):
    alpha: np.ndarray | None  # (n_support,) dual weight of each support vector, in (0, C]
    on_margin: np.ndarray | None  # (n_support,) bool: alpha < C, so |f(x)| = 1, on the street's edge
    margin_width: float | None  # 2 / ‖w‖ in the standardised (kernel's) space
    sweep_C: np.ndarray
    sweep_width: np.ndarray | None
    sweep_support_share: np.ndarray  # share of training points that are support vectors
    sweep_train: np.ndarray
    sweep_test: np.ndarray


def _model(kernel: str, C: float, gamma: float, degree: int):
    # Only the RBF kernel takes the slider's gamma: a large gamma with a polynomial makes
    # kernel values of 1e10 and libsvm crawls. 'scale' is 0.5 on two standardised features.
    g = gamma if kernel == "rbf" else "scale"
    return make_pipeline(StandardScaler(), SVC(kernel=kernel, C=C, gamma=g, degree=degree, coef0=1.0))


def kernel(svc: SVC, A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """The fitted SVC's kernel matrix K(A, B), with its resolved gamma, degree and coef0.

    Written out rather than through ``pairwise_kernels``, whose input checks cost more
    than the arithmetic on these small matrices; tests check it against libsvm's.
    """
    inner = A @ B.T  # inner dimension 2: too small for BLAS threads to matter
    if svc.kernel == "linear":
        return inner
    if svc.kernel == "poly":
        return (svc._gamma * inner + svc.coef0) ** svc.degree
    # exp(-gamma ‖a - b‖²) in place: no temporaries the size of the matrix.
    k = inner
    k *= -2.0
    k += (A * A).sum(axis=1)[:, None]
    k += (B * B).sum(axis=1)[None, :]
    np.maximum(k, 0.0, out=k)
    k *= -svc._gamma
    return np.exp(k, out=k)


def decision(model, X: np.ndarray) -> np.ndarray:
    """A two-class pipeline's f(x) = Σ (yα)ᵢ K(xᵢ, x) + b, from one kernel matrix.

    The same numbers as ``model.decision_function`` (to ~1e-12), at a fraction of the cost
    on the 10,000-point grid: libsvm evaluates the kernel point by point.
    """
    scaler, svc = model[0], model[-1]
    standard = (X - scaler.mean_) / scaler.scale_  # the scaler's transform, without its checks
    # In blocks of rows, so each kernel block (≤ 1,000 x support vectors) stays in cache
    # instead of one 28 MB matrix being faulted into memory on every slider move.
    f = np.empty(len(X))
    for start in range(0, len(X), 1000):
        block = kernel(svc, standard[start:start + 1000], svc.support_vectors_)
        f[start:start + 1000] = block @ svc.dual_coef_[0]
    return f + svc.intercept_[0]


def margin_width(svc: SVC) -> float:
    """2 / ‖w‖ of a two-class SVC, in its kernel's feature space.

    w = Σ yᵢ αᵢ φ(xᵢ), so ‖w‖² = Σᵢⱼ (yα)ᵢ (yα)ⱼ K(xᵢ, xⱼ), which needs the kernel only;
    for the linear kernel it is the 2 / ‖coef_‖ of the textbook.
    """
    sv, dual = svc.support_vectors_, svc.dual_coef_[0]
    return float(2 / np.sqrt(max(dual @ kernel(svc, sv, sv) @ dual, 0.0)))


def predict(model, X: np.ndarray) -> np.ndarray:
    """libsvm's ``predict`` for an SVC behind a scaler, from one kernel matrix.

    libsvm evaluates the kernel point by point, once for every pair of classes: on the grid
    that cost more than the fit. Two classes: the sign of f(x) (``decision``). More:
    libsvm's one-vs-one vote. The pair of classes (i, j) has its own
    f_ij(x) = Σ (yα)ₛ K(xₛ, x) + b_ij over the support vectors of classes i and j; f_ij > 0 is
    a vote for i, anything else for j; the most votes win, and the lower class on a tie.
    Tested against ``predict`` on three-class data and the real tables.
    """
    scaler, svc = model[0], model[-1]
    k = len(svc.classes_)
    if k == 2:
        return svc.classes_[(decision(model, X) > 0).astype(int)]
    standard = (X - scaler.mean_) / scaler.scale_  # the scaler's transform, without its checks
    pairs = list(_pairs(svc))
    votes = np.zeros((len(X), k), int)
    for start in range(0, len(X), 1000):  # blocks of rows, as in ``decision``
        K = kernel(svc, standard[start:start + 1000], svc.support_vectors_)
        block = votes[start:start + 1000]
        for i, j, coefficients, b in pairs:
            f = K @ coefficients + b
            block[:, i] += f > 0
            block[:, j] += f <= 0
    return svc.classes_[votes.argmax(axis=1)]  # the first of equal counts: the lower class


def _pairs(svc: SVC):
    """libsvm's pairs of classes (i, j), in the order of ``intercept_``, each with the
    coefficient of every support vector in f_ij (zero for the other classes' vectors).

    The coefficients of class i's vectors against class j sit in row j - 1 of
    ``dual_coef_``, those of class j's vectors against class i in row i.
    """
    k = len(svc.classes_)
    ends = np.cumsum(svc.n_support_)
    own = [slice(end - n, end) for n, end in zip(svc.n_support_, ends)]  # each class's support vectors
    for b, (i, j) in zip(svc.intercept_, ((i, j) for i in range(k) for j in range(i + 1, k))):
        coefficients = np.zeros(len(svc.support_vectors_))
        coefficients[own[i]] = svc.dual_coef_[j - 1, own[i]]
        coefficients[own[j]] = svc.dual_coef_[i, own[j]]
        yield i, j, coefficients, b


def predict_grid(model, grid_x: np.ndarray, grid_y: np.ndarray) -> np.ndarray:
    """``predict`` on every point (grid_x[c], grid_y[r]), as a (rows, columns) array.

    On two features the RBF kernel is a product, exp(-γ‖a - s‖²) = exp(-γ(a₁ - s₁)²) ·
    exp(-γ(a₂ - s₂)²): one factor per grid column, one per grid row. So f(x) over the
    whole grid is one matrix product of the two (rows x vectors, vectors x columns), with
    an exponential per column and per row rather than per cell: on the 100 x 100 grid the
    exponentials were most of a prediction. Other kernels go through ``predict``. Tested
    against libsvm's ``predict`` cell by cell.
    """
    svc = model[-1]
    if len(svc.classes_) == 2:
        return svc.classes_[(decision_grid(model, grid_x, grid_y) > 0).astype(int)]
    if svc.kernel != "rbf":
        return predict(model, _cells(grid_x, grid_y)).reshape(len(grid_y), len(grid_x))
    by_column, by_row = _rbf_factors(model, grid_x, grid_y)
    votes = np.zeros((len(grid_y), len(grid_x), len(svc.classes_)), int)
    for i, j, coefficients, b in _pairs(svc):
        f = (by_row * coefficients) @ by_column.T + b
        votes[:, :, i] += f > 0
        votes[:, :, j] += f <= 0
    return svc.classes_[votes.argmax(axis=2)]  # the first of equal counts: the lower class


def decision_grid(model, grid_x: np.ndarray, grid_y: np.ndarray) -> np.ndarray:
    """A two-class pipeline's f(x) on every point (grid_x[c], grid_y[r]), as (rows, columns):
    ``decision`` on the grid, through the RBF kernel's product form (``predict_grid``)."""
    svc = model[-1]
    if svc.kernel != "rbf":
        return decision(model, _cells(grid_x, grid_y)).reshape(len(grid_y), len(grid_x))
    by_column, by_row = _rbf_factors(model, grid_x, grid_y)
    return (by_row * svc.dual_coef_[0]) @ by_column.T + svc.intercept_[0]


def _cells(grid_x, grid_y) -> np.ndarray:
    """The grid's points, x varying fastest (the order of ``Split.grid``)."""
    gx, gy = np.meshgrid(grid_x, grid_y)
    return np.column_stack([gx.ravel(), gy.ravel()])


def _rbf_factors(model, grid_x, grid_y):
    """exp(-γ(a₁ - s₁)²) for every grid column a₁ and support vector s, and the same for
    the rows, in the scaler's standardised units (the scaler maps a grid to a grid)."""
    scaler, svc = model[0], model[-1]
    sv = svc.support_vectors_
    columns = (grid_x - scaler.mean_[0]) / scaler.scale_[0]
    rows = (grid_y - scaler.mean_[1]) / scaler.scale_[1]
    by_column = np.exp(-svc._gamma * (columns[:, None] - sv[None, :, 0]) ** 2)
    by_row = np.exp(-svc._gamma * (rows[:, None] - sv[None, :, 1]) ** 2)
    return by_column, by_row


def _accuracy(model, X: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(predict(model, X) == y))


def binary_scores(model, s: Split, grid_decision: np.ndarray) -> Scores:
    """``evaluate``'s Scores from the sign of f(x): one kernel pass over the grid instead of
    libsvm's two (predict, then decision_function), and numpy counts instead of scikit-learn's
    input checks, which together cost most of a slider move. Shading comes from |f(x)| in
    the figure, so the confidence is left at 1 as ``evaluate`` would."""
    classes = model[-1].classes_
    return scores_of(s, predict(model, s.X_train), predict(model, s.X_test),
                     classes[(grid_decision > 0).astype(int)])


def run(p: Params, table: Labelled | None = None) -> Result:
    p = on_table(p, table)  # the learner's table, if any, as the data
    s = split(p)
    model = _model(p.kernel, p.C, p.gamma, p.degree).fit(s.X_train, s.y_train)
    svc = model[-1]
    support = svc.support_
    grid_decision = alpha = on_margin = width = None
    if s.n_classes == 2:
        grid_decision = decision_grid(model, s.grid_x, s.grid_y)
        scores = binary_scores(model, s, grid_decision)
        alpha = np.abs(svc.dual_coef_[0])
        on_margin = alpha < p.C * (1 - AT_BOUND)
        width = margin_width(svc)
    else:  # one-vs-one voting: scikit-learn's own predict, through the shared evaluate
        scores = evaluate(model, s)
    sweep = _sweep(p.data, p.noise, p.balance, p.n_points, p.test_share, p.seed, p.kernel,
                   p.gamma if p.kernel == "rbf" else 1.0, p.degree if p.kernel == "poly" else 3)
    readonly((grid_decision, alpha, on_margin))
    return readonly(Result(
        split=s, scores=scores, kernel=p.kernel, C=p.C,
        train_accuracy=scores.train_accuracy, test_accuracy=scores.test_accuracy,
        grid_decision=grid_decision, support=support, alpha=alpha, on_margin=on_margin,
        margin_width=width, sweep_C=C_SWEEP, sweep_width=sweep[0] if s.n_classes == 2 else None,
        sweep_support_share=sweep[1], sweep_train=sweep[2], sweep_test=sweep[3],
    ))


# The curves against C depend on the data and the kernel's shape, not on C, so dragging C
# reuses them. gamma and degree arrive normalised when the kernel ignores them.
@lru_cache(maxsize=32)
def _sweep(data, noise, balance, n_points, test_share, seed, kernel, gamma, degree):
    s = split(PlaneParams(data, noise, balance, n_points, test_share, seed))
    rows = []
    for C in C_SWEEP:
        model = _model(kernel, float(C), gamma, degree).fit(s.X_train, s.y_train)
        svc = model[-1]
        rows.append((margin_width(svc) if s.n_classes == 2 else 0.0, len(svc.support_) / len(s.y_train),
                     _accuracy(model, s.X_train, s.y_train), _accuracy(model, s.X_test, s.y_test)))
    arrays = tuple(np.array(column, float) for column in zip(*rows))
    readonly(arrays)
    return arrays


def code(p: Params, table: Labelled | None = None) -> str:
    p = on_table(p, table)
    args = {"linear": "", "poly": f", degree={p.degree}, gamma=\"scale\", coef0=1.0",
            "rbf": f", gamma={p.gamma!r}"}[p.kernel]
    if split(p).n_classes == 2:
        w_norm = {
            "linear": "np.linalg.norm(svc.coef_)  # w itself, for the linear kernel",
            "poly": "np.sqrt(a @ polynomial_kernel(sv, degree=svc.degree, gamma=svc._gamma, coef0=1.0) @ a)",
            "rbf": f"np.sqrt(a @ rbf_kernel(sv, gamma={p.gamma!r}) @ a)",
        }[p.kernel]
        margin = f'''
# Two classes: dual weights alpha in (0, C]. Below C the point sits on the margin,
# |f(x)| = 1; at C it is inside the margin or on the wrong side.
alpha = np.abs(svc.dual_coef_[0])
print(f"on the margin (alpha < C): {{np.sum(alpha < {p.C!r} * (1 - 1e-6))}}, "
      f"inside it or misclassified (alpha = C): {{np.sum(alpha >= {p.C!r} * (1 - 1e-6))}}")
# Margin width 2 / ||w|| in the standardised inputs; w = sum of y alpha phi(x) lives in the
# kernel's space, so ||w||^2 = a K a with a = y alpha (dual_coef_).
from sklearn.metrics.pairwise import polynomial_kernel, rbf_kernel
a, sv = svc.dual_coef_[0], svc.support_vectors_
w_norm = {w_norm}
print(f"margin width 2 / ||w|| = {{2 / w_norm:.3f}}")
'''
    else:
        margin = "# Three classes: one SVM per pair of classes (one-vs-one), each with its own margin.\n"
    return f'''\
{data_code(p)}

from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

# Standardise first: an SVM measures distances, so a feature in larger units (the real
# tables mix centimetres, percentages and counts) would dominate the kernel and the margin.
model = make_pipeline(StandardScaler(), SVC(kernel="{p.kernel}", C={p.C!r}{args}))
model.fit(X_train, y_train)

{SCORES_CODE}

svc = model[-1]
print(f"{{len(svc.support_)}} support vectors of {{len(y_train)}} training points")
{margin}'''
