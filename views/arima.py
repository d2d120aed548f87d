"""ARIMA: difference, read the ACF and PACF, fit with statsmodels, forecast against the truth."""

import streamlit as st

from explorers import arima as ex
from figures import arima as fig
from lessons import said
from ui.page import aside, chart, chart_row, code_panel, explore, header

header(ex, "ARIMA: difference, read the ACF, forecast")
params, result = explore(ex)
order = f"ARIMA{result.order}" + (
    f"×{result.seasonal_order[:3]}{result.seasonal_order[3]}" if result.seasonal_order[3] else "")

model, naive, snaive, aic = st.columns(4)
model.metric(f"{order} RMSE", f"{result.rmse:.4g}", border=True,
             help="Root mean squared error of the forecast over the held-out end of the series.")
naive.metric("Naive RMSE", f"{result.naive_rmse:.4g}", border=True,
             delta=f"{result.rmse - result.naive_rmse:+.3g} ARIMA − naive", delta_color="inverse",
             help="The last training value repeated: the forecast a model must beat.")
snaive.metric("Seasonal-naive RMSE",
              "—" if result.snaive_rmse is None else f"{result.snaive_rmse:.4g}", border=True,
              help="The last season of the training part repeated (none for a series without one).")
aic.metric("AIC", f"{result.aic:.1f}", border=True,
           help="Akaike's information criterion on the training part: fit penalised by size. "
                "Compare it only between models of the same series and differencing.")

chart(fig.series_figure(result))
st.markdown(f"**Stationarity (augmented Dickey-Fuller, training part).** {result.adf_text} "
            f"Before any differencing: p = {result.adf_raw:.2g}.")

# Not stationary only at φ₁ = ±1 (with φ₂ = 0): a root at +1 differencing removes, or at −1.
unit_root = "unit_root" if params.phi1 > 0 else "unit_root_at_minus_one"
aside(said(ex, unit_root) if result.stationary_truth is False else None, icon=":material/trending_up:")
aside("\n\n".join(result.notes), icon=":material/info:")

chart_row(fig.correlogram_figure(result, "ACF"), fig.correlogram_figure(result, "PACF"))
st.caption(" ".join(said(ex, k) for k in ("orders_ar", "orders_ma", "orders_arma")) +
           " Filled dots stand outside the 95% band. " + said(ex, "seasonal_spikes"))

left, right = st.columns(2)
with left:
    chart(fig.coefficient_figure(result))
with right:
    st.dataframe({"parameter": [fig.label(n) for n in result.names],
                  "fitted": result.coef, "95% low": result.ci_low, "95% high": result.ci_high,
                  **({"true": [f"{result.truth[n]:.4g}" if n in result.truth else "—"  # not "None"
                             for n in result.names]} if result.truth else {})},
                 hide_index=True)
    if result.ranking:
        st.markdown(f"**Auto search** ({result.searched} orders, lowest AIC first)")
        st.dataframe({"order (p, d, q)": [str(o) for o, _ in result.ranking],
                      "AIC": [a for _, a in result.ranking]}, hide_index=True)

chart_row(fig.forecast_figure(result), fig.errors_figure(result))

chart(fig.residual_acf_figure(result))
st.markdown(f"**Residuals.** {result.lb_text}")

code_panel(ex, params)
