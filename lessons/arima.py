"""ARIMA on CO2: difference until the ADF test rejects a unit root, beat the seasonal-naive
forecast or learn nothing, and let the seasonal part take the yearly cycle."""

from figures import arima as fig
from lessons import Challenge, Step, titled


def _plain(r) -> str:
    return "By far" if r.rmse < 0.8 * r.snaive_rmse else "Barely, if at all"


def _seasonal(r) -> str:
    return "Several times smaller" if r.rmse < r.snaive_rmse / 3 else "About the same"


CHALLENGES = (
    Challenge(
        question="Plain ARIMA(1, 1, 1) on monthly CO2: does it beat seasonal naive (last year's "
                 "values repeated) on the held-out two years?",
        options=("By far", "Barely, if at all"),
        state={},
        answer=_plain, expected="Barely, if at all",
        why=lambda r: f"RMSE {r.rmse:.2f} ppm against seasonal naive's {r.snaive_rmse:.2f}: without a "
                      "seasonal part the model cannot carry the yearly cycle forward, and its "
                      f"residuals are not white noise (Ljung-Box p = {r.lb_p:.1g}).",
    ),
    Challenge(
        question="Switch the seasonal part on (1, 1, 1, 12). How does its error compare with "
                 "seasonal naive's now?",
        options=("About the same", "Several times smaller"),
        state=dict(seasonal="on"),
        answer=_seasonal, expected="Several times smaller",
        why=lambda r: f"RMSE {r.rmse:.2f} against {r.snaive_rmse:.2f}, and the residuals pass Ljung-Box "
                      f"(p = {r.lb_p:.2f}): what is left looks like white noise.",
    ),
    Challenge(
        question="Skip differencing (d = 0). Does the ADF test call CO2 stationary as it stands?",
        options=("Yes", "No: it cannot reject a unit root"),
        state=dict(d=0),
        answer=lambda r: "No: it cannot reject a unit root" if r.adf_p > 0.05 else "Yes",
        expected="No: it cannot reject a unit root",
        why=lambda r: f"ADF p-value {r.adf_p:.3f}: a series that keeps rising has no level to return to. "
                      f"The forecast shows it: RMSE {r.rmse:.2f} against naive's {r.naive_rmse:.2f}.",
    ),
)

TOUR = (
    Step("CO2 as it is: the ADF test cannot reject a unit root. One difference, and it can.",
         {}, holds=lambda r: r.adf_raw > 0.05 > r.adf_p),
    Step("Plain ARIMA(1, 1, 1) barely beats repeating last year, and its residuals are not white "
         "noise: the yearly cycle is left in them.",
         {}, holds=lambda r: r.rmse < r.snaive_rmse < 1.2 * r.rmse and r.lb_p < 0.05),
    Step("The seasonal part on: the error falls several-fold below seasonal naive's and the "
         "residuals pass Ljung-Box.",
         dict(seasonal="on"), holds=lambda r: r.rmse < r.snaive_rmse / 3 and r.lb_p > 0.05),
    Step("Without differencing (d = 0) the model expects the level to come back down, and "
         "forecasts worse than naive.",
         dict(d=0), holds=lambda r: r.adf_p > 0.05 and r.rmse > r.naive_rmse),
)

MAIN = titled(fig.forecast_figure)
MEASURES = (
    ("Forecast RMSE", lambda r: r.rmse, "{:.3f}"),
    ("Naive RMSE", lambda r: r.naive_rmse, "{:.3f}"),
)
