"""ARIMA on CO2: difference until the ADF test rejects a unit root, beat the seasonal-naive
forecast or learn nothing, and let the seasonal part take the yearly cycle."""

import numpy as np

from explorers import arima as ex
from figures import arima as fig
from lessons import Challenge, Claim, Step, titled

# Simulated series whose orders are known: the textbook shapes of the correlograms.
AR1 = dict(series=ex.SYNTHETIC, d=0, theta1=0.0)
MA1 = dict(series=ex.SYNTHETIC, d=0, phi1=0.0, theta1=0.6)
ARMA11 = dict(series=ex.SYNTHETIC, d=0)


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
    Challenge(
        question="Let AIC pick p and q (auto on): of nine orders it keeps the lowest AIC, the best "
                 "fit for its size. Does that pick beat seasonal naive on the held-out two years?",
        options=("Yes: the best fit forecasts best", "No: it loses to last year's values"),
        state=dict(auto="on"),
        answer=lambda r: ("Yes: the best fit forecasts best" if r.rmse < r.snaive_rmse
                          else "No: it loses to last year's values"),
        expected="No: it loses to last year's values",
        why=lambda r: f"ARIMA{r.order} has the lowest AIC ({r.ranking[0][1]:.0f}) yet a held-out RMSE "
                      f"of {r.rmse:.2f} ppm against seasonal naive's {r.snaive_rmse:.2f}: AIC scores "
                      "the fit to the training part, and only the held-out error scores forecasts.",
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
    Step("A simulated AR(1) (φ₁ = 0.6, θ₁ = 0): the PACF stops after lag 1 while the ACF fades "
         "out slowly, so p = 1.",
         AR1, holds=lambda r: r.suggested_p == 1 and r.suggested_q > 1),
    Step("A simulated MA(1) (φ₁ = 0, θ₁ = 0.6): now the ACF stops after lag 1 and the PACF fades, "
         "so q = 1.",
         MA1, holds=lambda r: r.suggested_q == 1 and r.suggested_p > 1),
)

MAIN = titled(fig.forecast_figure)
MEASURES = (
    ("Forecast RMSE", lambda r: r.rmse, "{:.3f}"),
    ("Naive RMSE", lambda r: r.naive_rmse, "{:.3f}"),
)


def _outside(r, lag: int) -> bool:
    return abs(r.acf[lag - 1]) > r.acf_band[lag - 1]


def _season_peak(r, lag: int, s: int = 12) -> bool:
    """The ACF at ``lag`` stands outside the band and is the largest of its season."""
    return _outside(r, lag) and r.acf[lag - 1] == r.acf[lag - s:lag].max()


CLAIMS = {
    # The caption under the correlograms, sentence by sentence, each checked where it applies.
    "orders_ar": Claim(
        "Reading the orders: an AR(p) series has a PACF that cuts off after lag p and an ACF that "
        "tails off;", state=AR1, holds=lambda r: r.suggested_p == 1 and r.suggested_q > 1),
    "orders_ma": Claim(
        "an MA(q) series has an ACF that cuts off after lag q and a PACF that tails off;",
        state=MA1, holds=lambda r: r.suggested_q == 1 and r.suggested_p > 1),
    "orders_arma": Claim(
        "if both tail off, try small p and q together.",
        state=ARMA11, holds=lambda r: r.suggested_p > 1 and r.suggested_q > 1),
    "seasonal_spikes": Claim(
        "Spikes at lags s, 2s point to a seasonal part (differenced CO2's ACF peaks at lags 12 and "
        "24: a yearly cycle).",
        holds=lambda r: _season_peak(r, 12) and _season_peak(r, 24)),
    # The callout shown when the simulated φ are not stationary: φ₁ = ±1 with φ₂ = 0.
    "unit_root": Claim(
        "These φ put a unit root in the simulated AR part: the series is not stationary (it "
        "wanders like a random walk). Difference it (d = 1) before fitting an ARMA.",
        state=dict(series=ex.SYNTHETIC, phi1=1.0, d=1),
        holds=lambda r: r.stationary_truth is False and r.adf_raw > 0.05 > r.adf_p),
    "unit_root_at_minus_one": Claim(
        "φ₁ = −1 puts the unit root at −1: the series flips sign at nearly every step while its swing "
        "wanders like a random walk, so it is not stationary. The ADF test looks for a root at +1 "
        "only and misses this one, and differencing does not remove it (the differenced series "
        "still flips: its lag-1 autocorrelation is near −1).",
        state=dict(series=ex.SYNTHETIC, phi1=-1.0, d=1),
        holds=lambda r: (r.stationary_truth is False and r.adf_raw < 0.05
                         and np.mean(np.diff(np.sign(r.y)) != 0) > 0.9 and r.acf[0] < -0.9)),
    # The misreading the page names: the lowest AIC of the auto search loses to last year.
    "misreading": Claim(ex.MISREADING, state=dict(auto="on"),
                        holds=lambda r: abs(r.aic - r.ranking[0][1]) < 1e-6 and r.rmse > r.snaive_rmse),
}
