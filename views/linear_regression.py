"""Linear & polynomial regression: least squares in one step, gradient descent step by step."""

import streamlit as st

from explorers import linear_regression as ex
from figures import linear_regression as fig
from lessons import said
from ui.page import aside, chart, code_panel, explore, header

header(ex, "Linear & polynomial regression")
params, result = explore(ex)
r = result

r2, mse, descent, limit = st.columns(4)
r2.metric("Test R²", f"{r.test_r2:.3f}", delta=f"training {r.train_r2:.3f}", delta_color="off",
          delta_arrow="off", border=True,
          help="1 − (sum of squared residuals) / (sum of squared deviations from the mean of y), "
               "on points the model never saw: the share of the spread in y the fit explains. "
               "Below it, the same on the training points.")
mse.metric("Test MSE", f"{r.test_mse:.4g}", delta=f"training {r.train_mse:.4g}",
           delta_color="off", delta_arrow="off", border=True,
           help="Mean squared error of the least-squares fit: the average squared residual.")
if r.gd_diverged_at:
    descent.metric("Gradient descent", "diverged", delta=f"at step {r.gd_diverged_at}",
                   delta_color="off", delta_arrow="off", border=True,
                   help=f"The training MSE passed {ex.BLOW_UP:g} times its starting value, so the "
                        "descent was stopped there.")
else:
    descent.metric("GD training MSE", f"{r.gd_final_mse:.4g}",
                   delta=f"{r.gd_final_mse - r.train_mse:+.2g} vs least squares",
                   delta_color="off", delta_arrow="off", border=True,
                   help="Where gradient descent stands after its steps. Least squares is the "
                        "minimum, so the gap can only be ≥ 0; it shrinks to 0 as the descent converges.")
limit.metric("Stable below", f"{r.lr_limit:.3g}",
             delta=f"yours: {r.learning_rate:g}", delta_color="off", delta_arrow="off", border=True,
             help="The largest stable learning rate, 2 / λ_max, where λ_max is the largest eigenvalue "
                  "of the loss's Hessian 2/n·AᵀA (A: the features and a column of ones). Along that "
                  "direction each step multiplies the error by 1 − learning rate·λ_max, which grows "
                  "in size once the learning rate is above 2/λ_max.")

left, right = st.columns(2)
with left:
    chart(fig.fit(r))
    st.caption("Orange segments are the residuals y − ŷ: least squares makes the mean of their "
               "squares as small as it can be. R² compares that with simply predicting the mean.")
with right:
    if r.degree == 1:
        chart(fig.walk_surface(r))
        st.caption(f"{said(ex, 'valley')} {said(ex, 'round')} ▶ Play walks the steps again "
                   "from (0, 0), in your browser.")
    else:
        chart(fig.coefficients(r))
        st.caption(
            f"With {r.degree + 1} coefficients the loss surface has {r.degree + 1} dimensions, "
            "which no contour map can show: here is every coefficient along the descent instead, "
            "with its least-squares value dashed. Set the degree to 1 to see the surface."
        )

# Gradient descent's verdict, under the charts it describes (the first screen is theirs).
ratio = r.learning_rate / r.lr_limit
if r.gd_diverged_at:
    # st.info, not st.warning: on this page a warning means a bad shared link (tests/pages).
    st.info(
        f"The learning rate {r.learning_rate:g} is {ratio:.3g} times the limit 2/λ_max = "
        f"{r.lr_limit:.3g}: every step overshoots the bottom of the valley by more than the last, "
        f"and by step {r.gd_diverged_at} the loss was over {ex.BLOW_UP:g} times its start."
        + (" No learning rate on the slider is that small: unscaled powers of x reach huge "
           "values and make the bowl enormously steep. Standardise x." if
           r.lr_limit < ex.LEARNING_RATES[0] else ""),
        icon=":material/trending_up:",
    )
elif r.gd_converged:
    st.success(
        "Gradient descent reached the least-squares answer: coefficients "
        f"{', '.join(f'{c:.4g}' for c in r.gd_coef)} and intercept {r.gd_intercept:.4g}, against "
        f"LinearRegression's {', '.join(f'{c:.4g}' for c in r.coef)} and {r.intercept:.4g}.",
        icon=":material/check_circle:",
    )
elif r.gd_status == "diverging":
    st.info(
        f"The learning rate {r.learning_rate:g} is just above the limit 2/λ_max = {r.lr_limit:.3g}: "
        "each step overshoots a little more than the last, so the loss creeps up and will "
        "explode given enough steps.", icon=":material/trending_up:",
    )
elif r.gd_status == "edge":
    st.info(
        f"The learning rate {r.learning_rate:g} is exactly 2/λ_max: along the steepest direction "
        "every step lands as far beyond the minimum as it started before it, so gradient "
        "descent bounces between two points for ever.", icon=":material/swap_horiz:",
    )
else:
    st.info(
        f"After {len(r.gd_losses) - 1} steps gradient descent is still "
        f"{r.gd_final_mse - r.train_mse:.3g} above the minimum MSE. The bowl is {r.condition:.3g} "
        "times more curved along its steepest direction than along its flattest, and a learning "
        "rate safe for the steep walls only crawls along the flat floor.",
        icon=":material/hourglass_bottom:",
    )
aside(
    f"The data were drawn from the line y = {ex.LINE_SLOPE:g}·x − {-ex.LINE_INTERCEPT:g}; "
    f"least squares finds slope {r.coef[0]:.3f} and intercept {r.intercept:.3f} from "
    f"{r.x_train.size} noisy points." if r.data == "line" and r.degree == 1 else None,
    "caption",
)

chart(fig.losses(r))

code_panel(ex, params)
