"""The lbfgs fit of ``LogisticRegression`` (L2 penalty, an intercept, no weights), as
scikit-learn's path function makes it, with its loss evaluated on numpy arrays only.

A fit on the selection view's few hundred rows evaluates the loss and its gradient ~17
times; each evaluation asked the array-API layer for the arrays' namespace and device
several times (~0.1 ms against the ~20 µs of arithmetic), about a third of every fit, and
a data move fits ~28 models. ``NumpyLoss`` is ``LinearModelLoss`` doing the same numpy
operations in the same order, on the same Cython pointwise loss, so the solver sees the
same floats and stops at the same weights: tests/explorers/test_feature_selection.py holds
the model's weights to ``LogisticRegression.fit``'s, to the bit, for two classes and three
(pinned scikit-learn 1.9.1: an upgrade that changes the loss fails there, not on the page).
"""

from __future__ import annotations

import numpy as np
from scipy import optimize
from sklearn._loss.loss import HalfBinomialLoss, HalfMultinomialLoss
from sklearn.linear_model._linear_loss import LinearModelLoss
from sklearn.linear_model._logistic import _LOGISTIC_SOLVER_CONVERGENCE_MSG
from sklearn.utils.optimize import _check_optimize_result


class NumpyLoss(LinearModelLoss):
    """``LinearModelLoss.loss_gradient`` with an intercept and no sample weights, on numpy
    arrays (the namespace and device look-ups, which return numpy's, left out)."""

    def loss_gradient(self, coef, X, y, sample_weight=None, l2_reg_strength=0.0, n_threads=1,
                      raw_prediction=None):
        n_samples, n_features = X.shape
        weights, intercept = self.weight_intercept(coef)
        multiclass = self.base_loss.is_multiclass
        raw_prediction = X @ (weights.T if multiclass else weights) + np.asarray(intercept)
        loss, grad_pointwise = self.base_loss.loss_gradient(
            y_true=y, raw_prediction=raw_prediction, sample_weight=None, n_threads=n_threads)
        loss = float(np.sum(loss) / n_samples)
        loss += self.l2_penalty(weights, l2_reg_strength)
        grad_pointwise /= n_samples
        if not multiclass:
            grad = np.empty_like(coef, dtype=weights.dtype)
            grad[:n_features] = X.T @ grad_pointwise + l2_reg_strength * weights
            grad[-1] = np.sum(grad_pointwise)
            return loss, grad
        grad = np.empty((self.base_loss.n_classes, n_features + 1), dtype=weights.dtype, order="F")
        grad[:, :n_features] = grad_pointwise.T @ X + l2_reg_strength * weights
        grad[:, -1] = np.sum(grad_pointwise, axis=0)
        return loss, (grad.ravel(order="F") if coef.ndim == 1 else grad)


def lbfgs_path(X: np.ndarray, y: np.ndarray, classes: np.ndarray, C: float, tol: float, max_iter: int):
    """``_logistic_regression_path(X, y, classes=classes, Cs=[C], solver="lbfgs",
    penalty="l2", check_input=False)``'s coefficients and iterations, for float64 C-ordered
    rows, an intercept and no class or sample weights."""
    n_samples, n_features = X.shape
    if len(classes) == 2:
        # classes[1] is the positive label; HalfBinomialLoss takes y in [0, 1].
        target = np.ones(y.shape, dtype=X.dtype)
        target[~(y == classes[1])] = 0.0
        w0 = np.zeros(n_features + 1, dtype=X.dtype)
        loss = NumpyLoss(base_loss=HalfBinomialLoss(), fit_intercept=True)
    else:
        target = np.asarray(np.searchsorted(classes, y), dtype=X.dtype)  # LabelEncoder's codes
        # F-ordered, so that ravel(order="F") keeps each feature's classes together.
        w0 = np.zeros((len(classes), n_features + 1), order="F", dtype=X.dtype).ravel(order="F")
        loss = NumpyLoss(base_loss=HalfMultinomialLoss(n_classes=len(classes)), fit_intercept=True)
    result = optimize.minimize(
        loss.loss_gradient, w0, method="L-BFGS-B", jac=True,
        args=(X, target, None, 1.0 / (C * n_samples), 1),
        options={"maxiter": max_iter, "maxls": 50, "gtol": tol, "ftol": 64 * np.finfo(float).eps})
    n_iter = _check_optimize_result("lbfgs", result, max_iter,
                                    extra_warning_msg=_LOGISTIC_SOLVER_CONVERGENCE_MSG)
    w = result.x if len(classes) == 2 else np.reshape(result.x, (len(classes), -1), order="F")
    return np.stack([w.copy()]), np.array([n_iter], dtype=np.int32)
