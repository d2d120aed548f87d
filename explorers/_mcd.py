"""EllipticEnvelope's robust covariance (``fast_mcd``) on the outliers page's two columns,
with each C-step's linear algebra called directly.

``MinCovDet`` finds its support by C-steps: 30 random starts of two steps each, then the ten
best refined until the determinant stops falling, about a hundred steps per fit. Each step
inverts a 2 x 2 covariance with ``scipy.linalg.pinvh`` and takes its log-determinant, and on
the page's ~50 points the wrappers around those calls (batching, input checks, LAPACK
workspace queries, array-API dispatch) took most of a step: half of a data move's compute.
``fast_mcd`` below runs the same steps (scikit-learn 1.9.1's ``_c_step``, ``select_candidates``
and ``fast_mcd`` for at most 500 samples and more than one feature, in the same order and
with the same random draws), calling the same LAPACK routine and numpy functions without the
wrappers; anything else goes to scikit-learn's own. tests/explorers/test_outliers.py checks
the fitted envelope against ``EllipticEnvelope``'s, to the last bit, so an upgrade that
changes the algorithm fails there, not on the page.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.linalg import LinAlgError, get_lapack_funcs
from scipy.linalg.lapack import _compute_lwork
from sklearn.covariance import fast_mcd as sklearn_fast_mcd

N_TRIALS, N_BEST = 30, 10  # fast_mcd's random starts for at most 500 samples, and those refined
SMALL = 500  # above this, fast_mcd works on subsets: left to scikit-learn
_SYEV, _SYEV_LWORK = get_lapack_funcs(("syev", "syev_lwork"), (np.zeros((2, 2)),))
EPS = np.finfo(np.float64).eps
_LWORK = {}  # syev's workspace by matrix size, as eigh asks LAPACK for it


def pinvh(a: np.ndarray) -> np.ndarray:
    """``scipy.linalg.pinvh(a)`` for a small symmetric float64 matrix: ``eigh(driver="ev")``
    is LAPACK's ``syev`` on the lower triangle; eigenvalues at most ``n * eps`` of the largest
    are dropped, and the rest inverted."""
    n = a.shape[0]
    if n not in _LWORK:
        _LWORK[n] = _compute_lwork(_SYEV_LWORK, n=n, lower=True)
    s, u, info = _SYEV(a, compute_v=1, lower=1, overwrite_a=0, lwork=_LWORK[n])
    if info != 0:
        raise LinAlgError(f"syev failed (info {info})")
    cutoff = np.maximum.reduce(np.abs(s), initial=0.0) * (n * EPS)
    above = abs(s) > cutoff
    u = u[:, above]
    return (u * (1.0 / s[above])) @ u.conj().T


def covariance(X: np.ndarray) -> np.ndarray:
    """``np.cov(X.T, bias=1)``, as ``empirical_covariance`` computes it, without its checks:
    the same copy, mean, centring, product and scaling."""
    Xt = np.array(X.T, ndmin=2, dtype=np.float64)
    Xt -= (np.add.reduce(Xt, axis=1) / Xt.shape[1])[:, None]
    c = np.dot(Xt, Xt.T.conj())
    c *= np.true_divide(1, Xt.shape[1])
    return c


def _mean(X: np.ndarray) -> np.ndarray:
    """``X.mean(axis=0)``: numpy's own sum, divided by the count."""
    return np.add.reduce(X, axis=0) / X.shape[0]


def _logdet(a: np.ndarray) -> float:
    """``sklearn.utils.extmath.fast_logdet``: the log-determinant, or -inf if not positive."""
    sign, logdet = np.linalg.slogdet(a)
    return -np.inf if not sign > 0 else logdet


def _close(a: float, b: float) -> bool:
    """``np.allclose(a, b)`` on two numbers (rtol 1e-5, atol 1e-8)."""
    return bool((abs(a - b) <= 1e-08 + 1e-05 * abs(b) and math.isfinite(b)) or a == b)


def _c_step(X, n_support, random_state, remaining_iterations=30, initial_estimates=None):
    n_samples = X.shape[0]
    dist = np.inf
    if initial_estimates is None:
        support_indices = random_state.permutation(n_samples)[:n_support]
    else:
        location, cov = initial_estimates
        precision = pinvh(cov)
        X_centered = X - location
        dist = (np.dot(X_centered, precision) * X_centered).sum(1)
        support_indices = np.argpartition(dist, n_support - 1)[:n_support]
    X_support = X[support_indices]
    location = _mean(X_support)
    cov = covariance(X_support)
    det = _logdet(cov)
    if np.isinf(det):
        precision = pinvh(cov)
    previous_det = np.inf
    while det < previous_det and remaining_iterations > 0 and not np.isinf(det):
        previous_location, previous_cov, previous_det = location, cov, det
        previous_support_indices = support_indices
        precision = pinvh(cov)
        X_centered = X - location
        dist = (np.dot(X_centered, precision) * X_centered).sum(axis=1)
        support_indices = np.argpartition(dist, n_support - 1)[:n_support]
        X_support = X[support_indices]
        location = _mean(X_support)
        cov = covariance(X_support)
        det = _logdet(cov)
        remaining_iterations -= 1
    previous_dist = dist
    dist = (np.dot(X - location, precision) * (X - location)).sum(axis=1)
    if np.isinf(det):
        results = location, cov, det, support_indices, dist
    if _close(det, previous_det):
        results = location, cov, det, support_indices, dist
    elif det > previous_det:  # scikit-learn warns here; the page hides its warnings
        results = previous_location, previous_cov, previous_det, previous_support_indices, previous_dist
    if remaining_iterations == 0:
        results = location, cov, det, support_indices, dist
    location, cov, det, support_indices, dist = results
    support = np.bincount(support_indices, minlength=n_samples).astype(bool)
    return location, cov, det, support, dist


def _select(X, n_support, n_trials, random_state, select=1, n_iter=30):
    """``select_candidates``: ``n_trials`` random starts, or one from each given estimate."""
    if isinstance(n_trials, tuple):
        starts = [(n_trials[0][j], n_trials[1][j]) for j in range(n_trials[0].shape[0])]
    else:
        starts = [None] * n_trials
    found = [_c_step(X, n_support, random_state, n_iter, start) for start in starts]
    locations, covariances, dets, supports, dists = zip(*found)
    best = np.argsort(dets)[:select]
    return (np.asarray(locations)[best], np.asarray(covariances)[best], np.asarray(supports)[best],
            np.asarray(dists)[best])


def fast_mcd(X: np.ndarray, random_state: np.random.RandomState):
    """``sklearn.covariance.fast_mcd(X, random_state=random_state)`` (default support) for
    a checked float64 ``X``: (location, covariance, support, distances)."""
    n_samples, n_features = X.shape
    if n_samples > SMALL or n_features == 1:
        return sklearn_fast_mcd(X, random_state=random_state)
    n_support = min(int(np.ceil(0.5 * (n_samples + n_features + 1))), n_samples)
    locations, covariances, _, _ = _select(X, n_support, N_TRIALS, random_state, select=N_BEST, n_iter=2)
    location, cov, support, dist = _select(X, n_support, (locations, covariances), random_state)
    return location[0], cov[0], support[0], dist[0]
