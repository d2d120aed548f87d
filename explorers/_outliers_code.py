"""The outliers page's code panel: the script that reproduces its state."""

from __future__ import annotations

from datasets.tables import Pair, pair_code
from explorers._contract import literal
from explorers._placed import read_placed


def code(p, table: Pair | None = None) -> str:
    """Runnable code for the outliers page's exact state (``p``: its ``Params``), on the
    learner's table if there is one: the data, the four fitting pipelines and the six
    detectors, printing what the page shows."""
    from explorers.outliers import INTERCEPT, JITTER, PLACEMENTS, SLOPE, X_HI, X_LO  # (a cycle)

    placed = read_placed(p.placed)
    lo, hi = PLACEMENTS[p.placement]
    if table is None:
        data = f'''\
rng = np.random.default_rng({p.seed})
# {p.n_points} points about the line y = {INTERCEPT:g} + {SLOPE:g}x, with noise of SD {literal(p.noise)}.
x = rng.uniform({X_LO:g}, {X_HI:g}, {p.n_points})
y = {INTERCEPT:g} + {SLOPE:g} * x + rng.normal(0, {literal(p.noise)}, {p.n_points})
a, b, sigma, lo, hi = {INTERCEPT:g}, {SLOPE:g}, {literal(p.noise)}, {X_LO:g}, {X_HI:g}'''
        reference = f"true_slope = {SLOPE:g}"
    else:
        data = f'''\
{pair_code(table)}
from sklearn.linear_model import LinearRegression

rng = np.random.default_rng({p.seed})
# The line the sliders' outliers are placed from: least squares on your points.
line = LinearRegression().fit(x.reshape(-1, 1), y)
a, b = float(line.intercept_), float(line.coef_[0])
sigma = float(np.std(y - line.predict(x.reshape(-1, 1))))
lo, hi = float(x.min()), float(x.max())'''
        reference = "true_slope = b  # no true line on a table: the least-squares slope before the outliers"
    hand = ", ".join(f"[{literal(float(a))}, {literal(float(b))}]" for a, b in placed)
    if p.rules_on == "each column":
        values = "values = points  # each column on its own: a point is flagged if its x or its y is extreme"
    else:
        values = '''\
# The residuals from the robust Theil-Sen line: how far each point is from the trend.
values = (y - regressors["Theil-Sen"].predict(X)).reshape(-1, 1)'''
    n = (p.n_points if table is None else len(table.x)) + p.n_outliers + len(placed)
    k = min(p.n_neighbors, n - 1)
    return f'''\
import numpy as np
from scipy import stats
from sklearn.covariance import EllipticEnvelope
from sklearn.ensemble import IsolationForest
from sklearn.linear_model import HuberRegressor, LinearRegression, RANSACRegressor, TheilSenRegressor
from sklearn.neighbors import LocalOutlierFactor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

{data}
n_own = len(x)

# {p.n_outliers} outliers from the sliders: {literal(p.distance)} noise SDs above the line, at x in the
# {lo:.0%}-{hi:.0%} part of its range.
x_out = rng.uniform(lo + {literal(lo)} * (hi - lo), lo + {literal(hi)} * (hi - lo), {p.n_outliers})
y_out = a + b * x_out + sigma * ({literal(p.distance)} + {JITTER:g} * rng.standard_normal({p.n_outliers}))
placed = np.array([{hand}], dtype=float).reshape(-1, 2)  # the outliers you placed
x = np.concatenate([x, x_out, placed[:, 0]])
y = np.concatenate([y, y_out, placed[:, 1]])
is_outlier = np.arange(len(x)) >= n_own
X = x.reshape(-1, 1)
{reference}

# Four fits of the line, each after a scaler in a pipeline.
regressors = {{
    "least squares": make_pipeline(StandardScaler(), LinearRegression()),
    "Huber": make_pipeline(StandardScaler(), HuberRegressor(epsilon={literal(p.epsilon)})),
    "RANSAC": make_pipeline(StandardScaler(), RANSACRegressor(random_state={p.seed})),
    "Theil-Sen": make_pipeline(StandardScaler(), TheilSenRegressor(random_state={p.seed})),
}}
slopes = {{}}
for name, model in regressors.items():
    model.fit(X, y)
    at = model.predict([[0.0], [1.0]])
    slopes[name] = at[1] - at[0]
    print(f"{{name:>13}}: slope {{slopes[name]:.3f}}, pulled {{slopes[name] - true_slope:+.3f}}")
ols_slope = slopes["least squares"]

# Six detectors. Three rules on one number at a time...
points = np.column_stack([x, y])
{values}
median = np.median(values, axis=0)
mad = stats.median_abs_deviation(values, axis=0, scale="normal")
q1, q3 = np.percentile(values, [25, 75], axis=0)
flags = {{
    "z-score": (np.abs(stats.zscore(values, axis=0)) > {literal(p.z_threshold)}).any(axis=1),
    "IQR": ((values < q1 - {literal(p.iqr_k)} * (q3 - q1))
            | (values > q3 + {literal(p.iqr_k)} * (q3 - q1))).any(axis=1),
    "MAD": (np.abs(values - median) > {literal(p.mad_threshold)} * mad).any(axis=1),
}}
# ...and three models of the points as a whole, each after a scaler (-1 means outlier).
models = {{
    "IsolationForest": IsolationForest(contamination={literal(p.contamination)}, random_state={p.seed}),
    "LocalOutlierFactor": LocalOutlierFactor(n_neighbors={k}, contamination={literal(p.contamination)}),
    "EllipticEnvelope": EllipticEnvelope(contamination={literal(p.contamination)}, random_state={p.seed}),
}}
for name, model in models.items():
    flags[name] = make_pipeline(StandardScaler(), model).fit_predict(points) == -1
for name, flagged in flags.items():
    print(f"{{name:>18}}: catches {{np.sum(flagged & is_outlier)}} of {{is_outlier.sum()}} outliers, "
          f"flags {{np.sum(flagged & ~is_outlier)}} other points")
'''
