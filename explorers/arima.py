"""ARIMA: difference, read the correlograms, fit, forecast
=======================================================

An ARIMA(p, d, q) model describes a series in three moves. **I**: difference it d times
(y_t − y_{t−1}) until it wanders around a fixed level, which an augmented Dickey-Fuller
test checks: a small p-value rejects a *unit root*, the drift that differencing removes.
**AR**: each value leans on the p values before it; the partial autocorrelation (PACF)
of such a series cuts off after lag p. **MA**: each value carries the last q random
shocks; the autocorrelation (ACF) cuts off after lag q. A seasonal part (P, D, Q)s does
the same s steps apart: this month against the same month last year.

statsmodels fits the coefficients by maximum likelihood and forecasts with intervals
that widen with the horizon. The honest test is the held-out end of the series, and
the honest yardstick is a forecast that needs no model at all: repeat the last value
(*naive*) or the last season (*seasonal naive*). Last, the residuals of a good model are
white noise: the Ljung-Box test finds no autocorrelation left in them.
On a synthetic ARMA series the true coefficients are known, so you can see whether the
fit recovers them, and how wide its confidence intervals are for a short series.
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets import SERIES
from datasets.readonly import readonly
from explorers._contract import choice, knob, literal
from explorers._memo import Memo
from explorers._threads import one_thread

NOTICE = (
    "Difference the series until the ADF test rejects a unit root, then read p off the PACF "
    "and q off the ACF where they cut off; the fitted model must then beat the naive and "
    "seasonal-naive forecasts on the held-out end, or it has learned nothing useful. On CO2, "
    "plain ARIMA barely beats repeating last year's values; switch the seasonal part on and "
    "watch the error fall several-fold and the residuals turn to white noise."
)
MISREADING = (
    "\"A lower AIC, a tighter fit or significant coefficients mean better forecasts\": only the "
    "held-out error says that, and a model that cannot beat repeating last year's values has "
    "not earned its parameters. Nor do narrow intervals mean a sure forecast: they assume the "
    "model is right."
)
HEADLINE = "rmse"

SYNTHETIC = "synthetic ARMA"
SERIES_NAMES = (*SERIES, SYNTHETIC)
# The period each series repeats with, where it has one (sunspots: the ~11-year solar cycle).
PERIODS = {"co2": 12, "sunspots": 11, "nile": None, "electrical equipment": 12,
           "us inflation": 4, SYNTHETIC: None}
OWN = "own"
SEASONS = (OWN, "4", "7", "11", "12")
AUTO_MAX = 2  # the auto search tries p, q = 0..AUTO_MAX
# With a seasonal part each fit costs ~10x more, so the search stays at p, q = 0..1 (4 fits,
# a few seconds under its progress bar, against 9 fits and up to a minute on a busy server).
AUTO_MAX_SEASONAL = 1
TOP = 5  # orders shown in the ranking
ALPHA = 0.05  # 95% bands and intervals everywhere
MAX_LAGS = 36
ORDINAL = {0: "original", 1: "1st difference", 2: "2nd difference"}


@dataclass(frozen=True)
class Params:
    series: str = choice(
        "co2", options=SERIES_NAMES, label="Series",
        help="; ".join(f"{k}: {v.about}" for k, v in SERIES.items())
             + f"; {SYNTHETIC}: simulated from the φ and θ below, so the truth is known.",
    )
    d: int = knob(1, lo=0, hi=2, label="Differences d",
                  help="How many times the series is differenced (y_t − y_{t−1}) before the ARMA "
                       "part is fitted. Raise it until the ADF test rejects a unit root.")
    p: int = knob(1, lo=0, hi=3, label="AR order p", when=("auto", ("off",)),
                  help="How many past values each value leans on. The PACF cuts off after lag p.")
    q: int = knob(1, lo=0, hi=3, label="MA order q", when=("auto", ("off",)),
                  help="How many past shocks each value carries. The ACF cuts off after lag q.")
    seasonal: str = choice("off", options=("off", "on"), label="Seasonal part",
                           help="Add a seasonal ARIMA (P, D, Q)s: the same idea, s steps apart.")
    P: int = knob(1, lo=0, hi=1, label="Seasonal AR order P", when=("seasonal", ("on",)),
                  help="Lean on the value one season back (s steps).")
    D: int = knob(1, lo=0, hi=1, label="Seasonal differences D", when=("seasonal", ("on",)),
                  help="Subtract the value one season back (y_t − y_{t−s}).")
    Q: int = knob(1, lo=0, hi=1, label="Seasonal MA order Q", when=("seasonal", ("on",)),
                  help="Carry the shock of one season back.")
    s: str = choice(OWN, options=SEASONS, label="Season length s", when=("seasonal", ("on",)),
                    help="Steps in one season: 'own' is the series' period (12 for monthly CO2 "
                         "and orders, 4 for quarterly inflation, 11 for the sunspot cycle).")
    auto: str = choice("off", options=("off", "on"), label="Pick p and q by AIC",
                       help=f"Fit every p and q from 0 to {AUTO_MAX} (to {AUTO_MAX_SEASONAL} with a "
                            "seasonal part, whose fits are slower), with this d and seasonal part, "
                            "and keep the lowest AIC: a fit-versus-size score on the training part.")
    horizon: int = knob(24, lo=4, hi=48, step=4, label="Held-out horizon",
                        help="How many points at the end are kept out of the fit and forecast.")
    phi1: float = knob(0.6, lo=-1.0, hi=1.0, step=0.05, label="True φ₁ (synthetic)",
                       when=("series", (SYNTHETIC,)),
                       help="AR coefficient at lag 1 of the simulated series. At ±1 the series "
                            "has a unit root: it is not stationary.")
    # φ₂ stays ≤ 0 so that no setting on the sliders explodes (φ₁ + φ₂ > 1 would): the
    # non-stationary case the sliders reach is the unit root, a random walk, which stays finite.
    phi2: float = knob(0.0, lo=-0.9, hi=0.0, step=0.05, label="True φ₂ (synthetic)",
                       when=("series", (SYNTHETIC,)),
                       help="AR coefficient at lag 2. Negative values with φ₁ give pseudo-cycles.")
    theta1: float = knob(0.4, lo=-0.9, hi=0.9, step=0.05, label="True θ₁ (synthetic)",
                         when=("series", (SYNTHETIC,)),
                         help="MA coefficient at lag 1 of the simulated series.")
    n: int = knob(300, lo=100, hi=1000, step=50, label="Length n (synthetic)",
                  when=("series", (SYNTHETIC,)),
                  help="How many points are simulated. Longer series give tighter intervals.")
    seed: int = knob(0, lo=0, hi=999, label="Seed", help="Seed of the simulated series' shocks.")


@dataclass(frozen=True)
class Result:
    series: str
    x: np.ndarray  # (n,) dates (datetime64) or steps (int) of every point
    y: np.ndarray  # (n,) the whole series
    n_train: int
    order: tuple  # (p, d, q) fitted (the auto search's pick when auto is on)
    seasonal_order: tuple  # (P, D, Q, s), all 0 when off
    period: int | None  # the season used by seasonal naive (s, else the series' own)
    stationary_truth: bool | None  # synthetic only: whether φ give a stationary AR part
    truth: dict  # synthetic only: statsmodels parameter name -> true value
    diffed: np.ndarray  # the training part after d (and D seasonal) differences
    diffed_x: np.ndarray
    adf_raw: float  # ADF p-value of the training part as it is
    adf_p: float  # ADF p-value after differencing
    adf_text: str
    lags: np.ndarray  # 1..nlags
    acf: np.ndarray
    acf_band: np.ndarray  # half-width of the 95% band around 0
    pacf: np.ndarray
    pacf_band: np.ndarray
    suggested_p: int  # leading PACF lags outside the band
    suggested_q: int  # leading ACF lags outside the band
    names: tuple  # statsmodels' parameter names
    coef: np.ndarray
    ci_low: np.ndarray  # 95% confidence interval (equal to coef where not estimable)
    ci_high: np.ndarray
    ci_known: np.ndarray  # bool
    aic: float
    converged: bool
    notes: tuple  # plain-words remarks on the fit (convergence, starting values)
    forecast: np.ndarray  # (h,)
    lower: np.ndarray
    upper: np.ndarray
    naive: np.ndarray  # last training value repeated
    snaive: np.ndarray  # last season repeated; empty without a period
    mae: float
    rmse: float  # headline: forecast RMSE on the held-out part
    naive_mae: float
    naive_rmse: float
    snaive_mae: float | None
    snaive_rmse: float | None
    residuals: np.ndarray  # after the burn-in of the differencing
    resid_acf: np.ndarray
    resid_band: np.ndarray
    lb_lag: int
    lb_p: float
    lb_text: str
    ranking: tuple  # ((p, d, q), aic) of the best orders, best first; empty when auto is off
    searched: int  # orders the auto search fitted

    @property
    def test(self) -> np.ndarray:
        return self.y[self.n_train:]

    @property
    def test_x(self) -> np.ndarray:
        return self.x[self.n_train:]


def adf_verdict(p_value: float) -> str:
    """The ADF test's answer in plain words (5% level)."""
    if p_value < ALPHA:
        return (f"The ADF test rejects a unit root (p = {p_value:.2g}): this looks stationary, "
                "no more differencing needed.")
    return f"The test cannot reject a unit root (p = {p_value:.2g}): difference it."


def ljung_box_verdict(p_value: float, lag: int) -> str:
    """The Ljung-Box test's answer in plain words (5% level)."""
    if p_value < ALPHA:
        return (f"Ljung-Box up to lag {lag}: p = {p_value:.2g}, so the residuals still carry "
                "autocorrelation: the model misses some structure (try other orders).")
    return (f"Ljung-Box up to lag {lag}: p = {p_value:.2g}, no evidence of autocorrelation left "
            "in the residuals: they look like white noise.")


def season_length(p: Params) -> int:
    """s in numbers: the series' own period for "own"."""
    if p.s != OWN:
        return int(p.s)
    period = PERIODS[p.series]
    if period is None:
        raise ValueError(f"the {p.series} series has no seasonal period of its own: pick a "
                         "season length s, or switch the seasonal part off.")
    return period


def canonical(p: Params) -> Params:
    """The same model with every knob that cannot change it put back to its default: the
    synthetic knobs and seed for a real series, p and q under the auto search, the seasonal
    knobs while the seasonal part is off. Settings that differ only there share one result."""
    default = Params()
    keep = {}
    if p.series != SYNTHETIC:
        keep.update(phi1=default.phi1, phi2=default.phi2, theta1=default.theta1, n=default.n,
                    seed=default.seed)
    if p.auto == "on":
        keep.update(p=default.p, q=default.q)
    if p.seasonal == "off":
        keep.update(P=default.P, D=default.D, Q=default.Q, s=default.s)
    return dataclasses.replace(p, **keep)


MEMO_SIZE = 32
_MEMO = Memo(MEMO_SIZE)  # canonical Params -> Result


def run(p: Params, progress=None) -> Result:
    """The analysis of ``p``, memoised on its canonical form (moving the seed under a real
    series, say, refits nothing: a fit is ~0.1-1 s, and results are read-only)."""
    key = canonical(p)
    return _MEMO.get(key, lambda report: _run(key, report), progress=progress)


def _run(p: Params, progress=None) -> Result:
    # Progress only for the slow settings (a seasonal fit, the auto search): a bar that
    # flashes for a 60 ms fit would only distract.
    slow = p.seasonal == "on" or p.auto == "on"
    report = progress if (progress is not None and slow) else (lambda fraction, text: None)
    report(0.0, "Loading the series…")
    x, y = load(p.series, p.phi1, p.phi2, p.theta1, p.n, p.seed)
    s = season_length(p) if p.seasonal == "on" else 0
    seasonal_order = (p.P, p.D, p.Q, s) if s else (0, 0, 0, 0)
    h = p.horizon
    train, test = y[:-h], y[-h:]
    _check_size(len(train), (p.p, p.d, p.q), seasonal_order, p.auto == "on")
    with one_thread("blas"):
        return _analyse(p, x, y, train, test, seasonal_order, report)


def _analyse(p, x, y, train, test, seasonal_order, report) -> Result:
    from statsmodels.stats.diagnostic import acorr_ljungbox
    from statsmodels.tsa.stattools import acf

    h, s = len(test), seasonal_order[3]
    look = _look(p.series, p.phi1, p.phi2, p.theta1, p.n, p.seed, h, p.d, seasonal_order[1], s)
    diffed, adf_raw, adf_p, a, a_band, pa, pa_band = look

    ranking, searched = (), 0
    order = (p.p, p.d, p.q)
    if p.auto == "on":
        ranking, searched = search(train, p.d, seasonal_order, report)
        order = ranking[0][0]
    report(0.75 if p.auto == "on" else 0.1, f"Fitting ARIMA{order}{_seasonal_words(seasonal_order)}…")
    fit, notes = fit_model(train, order, seasonal_order, report if p.auto == "off" else None)
    report(0.9, "Forecasting and checking the residuals…")
    forecast = fit.get_forecast(h)
    mean = np.asarray(forecast.predicted_mean, float)
    lower, upper = np.asarray(forecast.conf_int(alpha=ALPHA), float).T
    if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(lower)) and np.all(np.isfinite(upper))):
        raise ValueError(f"ARIMA{order} gave a forecast that is not a number: the fit failed. "
                         "Try lower orders or fewer differences.")

    coef = np.asarray(fit.params, float)
    ci = np.asarray(fit.conf_int(alpha=ALPHA), float)
    ci_known = np.all(np.isfinite(ci), axis=1)
    ci_low = np.where(ci_known, ci[:, 0], coef)
    ci_high = np.where(ci_known, ci[:, 1], coef)
    names = tuple(fit.param_names)
    if not ci_known.all():
        missing = ", ".join(n for n, k in zip(names, ci_known) if not k)
        notes += (f"statsmodels could not estimate the uncertainty of {missing} (the likelihood is "
                  "flat there), so no interval is drawn for it.",)

    period = s or PERIODS[p.series]
    naive = naive_forecast(train, h)
    snaive = seasonal_naive_forecast(train, h, period) if period and period <= len(train) else np.empty(0)
    resid = np.asarray(fit.resid, float)[fit.loglikelihood_burn:]
    r_lags = min(MAX_LAGS, len(resid) // 2 - 1)
    r_acf, r_ci = acf(resid, nlags=r_lags, alpha=ALPHA, result_object=False)
    lb_lag = min(2 * s if s else 10, len(resid) // 5)
    n_arma = order[0] + order[2] + seasonal_order[0] + seasonal_order[2]
    lb_lag = max(lb_lag, n_arma + 1)
    lb_p = float(acorr_ljungbox(resid, lags=[lb_lag], model_df=n_arma)["lb_pvalue"].iloc[0])
    if not np.isfinite(lb_p):
        raise ValueError("the residuals are too few for the Ljung-Box test: use a longer series "
                         "or a shorter horizon.")
    report(1.0, "Done")
    truth = _truth(p) if p.series == SYNTHETIC else {}

    arrays = dict(
        diffed=diffed, diffed_x=x[len(train) - len(diffed):len(train)], lags=np.arange(1, len(a) + 1),
        acf=a, acf_band=a_band, pacf=pa, pacf_band=pa_band, coef=coef, ci_low=ci_low,
        ci_high=ci_high, ci_known=ci_known, forecast=mean, lower=lower, upper=upper, naive=naive,
        snaive=snaive, residuals=resid, resid_acf=r_acf[1:], resid_band=r_ci[1:, 1] - r_acf[1:],
    )
    readonly(arrays)
    has_snaive = snaive.size > 0
    return Result(
        series=p.series, x=x, y=y, n_train=len(train), order=tuple(order),
        seasonal_order=seasonal_order, period=period,
        stationary_truth=_stationary(p) if p.series == SYNTHETIC else None, truth=truth,
        adf_raw=adf_raw, adf_p=adf_p, adf_text=adf_verdict(adf_p),
        suggested_p=_leading(pa, pa_band), suggested_q=_leading(a, a_band),
        names=names, aic=float(fit.aic), converged=bool(fit.mle_retvals.get("converged", True)),
        notes=notes, mae=_mae(test, mean), rmse=_rmse(test, mean),
        naive_mae=_mae(test, naive), naive_rmse=_rmse(test, naive),
        snaive_mae=_mae(test, snaive) if has_snaive else None,
        snaive_rmse=_rmse(test, snaive) if has_snaive else None,
        lb_lag=lb_lag, lb_p=lb_p, lb_text=ljung_box_verdict(lb_p, lb_lag),
        ranking=ranking, searched=searched, **arrays,
    )


# The differenced series, its ADF tests and correlograms depend on the data and the
# differencing only: moving p, q or the auto switch reuses them (the ADF tests alone
# are ~0.1 s of a 0.3 s slider move).
@lru_cache(maxsize=32)
def _look(name, phi1, phi2, theta1, n, seed, h, d, D, s):
    from statsmodels.tsa.stattools import acf, adfuller, pacf

    train = load(name, phi1, phi2, theta1, n, seed)[1][:-h]
    with one_thread("blas"):
        diffed = difference(train, d, D, s)
        adf_raw = float(adfuller(train, result_object=False)[1])
        adf_p = float(adfuller(diffed, result_object=False)[1])
        nlags = min(MAX_LAGS, len(diffed) // 2 - 1)
        a, a_ci = acf(diffed, nlags=nlags, alpha=ALPHA, result_object=False)
        # "ywm" (Yule-Walker, MLE scaling) stays within [-1, 1]; the default "ywadjusted" gave
        # -4.6 at lag 12 of differenced CO2, which no partial correlation can be.
        pa, pa_ci = pacf(diffed, nlags=nlags, alpha=ALPHA, method="ywm")
    # statsmodels centres the band on each coefficient; plotted, it is the band around 0.
    a_band, pa_band = a_ci[1:, 1] - a[1:], pa_ci[1:, 1] - pa[1:]
    arrays = readonly((diffed, a[1:], a_band, pa[1:], pa_band))
    return arrays[0], adf_raw, adf_p, *arrays[1:]


def fit_model(train: np.ndarray, order, seasonal_order, progress=None):
    """statsmodels' ARIMA fitted to ``train``: ``(results, notes)``.

    Its warnings are caught and turned into plain words on the page; a fit that fails
    outright becomes a ValueError saying so, never a stack trace.
    """
    from statsmodels.tsa.arima.model import ARIMA

    kwargs = {}
    if progress is not None:
        steps = iter(range(1, 10_000))

        def callback(params):  # once per optimiser iteration; statsmodels stops at 50
            step = next(steps)
            progress(0.1 + 0.75 * min(step / 50, 1.0), f"Fitting: iteration {step}…")

        kwargs["method_kwargs"] = {"callback": callback}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit = ARIMA(train, order=order, seasonal_order=seasonal_order).fit(**kwargs)
        except (ValueError, np.linalg.LinAlgError, IndexError) as err:
            raise ValueError(f"statsmodels could not fit ARIMA{tuple(order)}"
                             f"{_seasonal_words(seasonal_order)} to these {len(train)} points "
                             f"({err}). Try lower orders.") from err
    if not np.all(np.isfinite(fit.params)) or not np.isfinite(fit.aic):
        raise ValueError(f"ARIMA{tuple(order)}{_seasonal_words(seasonal_order)} did not give finite "
                         "coefficients on this series. Try lower orders or fewer differences.")
    return fit, _notes(caught, fit)


def _notes(caught, fit) -> tuple:
    notes = []
    text = " ".join(str(w.message) for w in caught)
    if "Non-stationary starting autoregressive" in text:
        notes.append("The usual starting guess for the AR coefficients was not stationary, so "
                     "statsmodels started them from zero.")
    if "Non-invertible starting MA" in text or "Non-invertible starting seasonal" in text:
        notes.append("The usual starting guess for the MA coefficients was not invertible, so "
                     "statsmodels started them from zero.")
    if not fit.mle_retvals.get("converged", True):
        notes.append("The likelihood search did not converge within its iterations: these "
                     "coefficients are where it stopped, not a confirmed best fit. Fewer "
                     "parameters usually cure it.")
    return tuple(notes)


def search(train: np.ndarray, d: int, seasonal_order, report):
    """Every p, q in 0..AUTO_MAX (AUTO_MAX_SEASONAL with a seasonal part) by AIC:
    ``(((order, aic), …) best first, fits tried)``."""
    scores = []
    top = AUTO_MAX_SEASONAL if seasonal_order[3] else AUTO_MAX
    grid = [(p, d, q) for p in range(top + 1) for q in range(top + 1)]
    for i, order in enumerate(grid):
        report(0.7 * i / len(grid), f"Auto: fitting ARIMA{order} ({i + 1} of {len(grid)})…")
        try:
            fit, _ = fit_model(train, order, seasonal_order)
        except ValueError:
            continue  # an order that cannot be fitted has no AIC to rank; the others still do
        scores.append((order, float(fit.aic)))
    if not scores:
        raise ValueError("no order of the auto search could be fitted to this series.")
    scores.sort(key=lambda item: item[1])
    return tuple(scores[:TOP]), len(grid)


def difference(y: np.ndarray, d: int, D: int = 0, s: int = 0) -> np.ndarray:
    """y after D seasonal differences (lag s) and d ordinary ones, as ARIMA sees it."""
    out = np.asarray(y, float)
    for _ in range(D):
        out = out[s:] - out[:-s]
    for _ in range(d):
        out = np.diff(out)
    return out


def naive_forecast(train: np.ndarray, h: int) -> np.ndarray:
    """The last training value, repeated h times."""
    return np.full(h, float(train[-1]))


def seasonal_naive_forecast(train: np.ndarray, h: int, period: int) -> np.ndarray:
    """The last full season of the training part, repeated for h steps."""
    last = np.asarray(train[-period:], float)
    return last[np.arange(h) % period]


def _check_size(n_train: int, order, seasonal_order, auto: bool) -> None:
    p, d, q = order
    if auto:
        p = q = AUTO_MAX
    P, D, Q, s = seasonal_order
    left = n_train - d - D * s  # points the ARMA part is fitted to
    # Three seasons: fewer leave a seasonal coefficient one or two pairs of points to go on.
    if s and left < 3 * s + 10:
        raise ValueError(f"a season of s = {s} is too long for {n_train} training points: after "
                         f"differencing {left} remain, and a seasonal model needs at least three "
                         f"full seasons ({3 * s}) and a few more. Shorten the horizon, pick a "
                         "smaller s or switch the seasonal part off.")
    reach = max(p + P * s, q + Q * s)  # the furthest lag the model uses
    if left < reach + 3 * (p + q + P + Q + 1) + 10:
        raise ValueError(f"{n_train} training points are too few for this order (it looks {reach} "
                         f"steps back and has {p + q + P + Q} coefficients): lower the orders or "
                         "shorten the horizon.")


def _leading(values: np.ndarray, band: np.ndarray, cap: int = 3) -> int:
    """How many lags from lag 1 on stand outside the band before the first that does not."""
    count = 0
    for v, b in zip(values, band):
        if abs(v) <= b or count == cap:
            break
        count += 1
    return count


def _mae(truth, forecast) -> float:
    return float(np.mean(np.abs(truth - forecast)))


def _rmse(truth, forecast) -> float:
    return float(np.sqrt(np.mean((truth - forecast) ** 2)))


def _seasonal_words(seasonal_order) -> str:
    return f"×{tuple(seasonal_order[:3])}{seasonal_order[3]}" if seasonal_order[3] else ""


def _stationary(p: Params) -> bool:
    from statsmodels.tsa.arima_process import ArmaProcess

    return bool(ArmaProcess(ar=[1, -p.phi1, -p.phi2], ma=[1, p.theta1]).isstationary)


def _truth(p: Params) -> dict:
    return {"ar.L1": p.phi1, "ar.L2": p.phi2, "ma.L1": p.theta1, "sigma2": 1.0, "const": 0.0}


@lru_cache(maxsize=16)
def load(name: str, phi1: float, phi2: float, theta1: float, n: int, seed: int):
    """``(x, y)``: read-only steps or dates and values. The synthetic knobs matter only for
    the synthetic series; the page passes them always, and an unused change costs one lookup."""
    if name == SYNTHETIC:
        y = simulate(phi1, phi2, theta1, n, seed)
        x = np.arange(n)
    else:
        series = SERIES[name].load()
        y, x = series.to_numpy(float), series.index.to_numpy()
    return readonly((x, y))


BURN_IN = 100


def simulate(phi1: float, phi2: float, theta1: float, n: int, seed: int) -> np.ndarray:
    """n points of the ARMA(2, 1) process with these coefficients and unit-variance shocks."""
    from statsmodels.tsa.arima_process import ArmaProcess

    process = ArmaProcess(ar=[1, -phi1, -phi2], ma=[1, theta1])
    rng = np.random.default_rng(seed)
    return process.generate_sample(n, distrvs=rng.standard_normal, burnin=BURN_IN)


def _load_code(p: Params) -> str:
    if p.series == SYNTHETIC:
        return (f"from statsmodels.tsa.arima_process import ArmaProcess\n\n"
                f"# ARMA(2, 1) with phi1 = {literal(p.phi1)}, phi2 = {literal(p.phi2)}, "
                f"theta1 = {literal(p.theta1)}: statsmodels writes the AR side with minus signs.\n"
                f"process = ArmaProcess(ar=[1, -{literal(p.phi1)}, -{literal(p.phi2)}], "
                f"ma=[1, {literal(p.theta1)}])\n"
                f"rng = np.random.default_rng({p.seed})\n"
                f"y = process.generate_sample({p.n}, distrvs=rng.standard_normal, burnin={BURN_IN})")
    return SERIES[p.series].code("y")


def code(p: Params) -> str:
    s = season_length(p) if p.seasonal == "on" else 0
    seasonal = (p.P, p.D, p.Q, s) if s else (0, 0, 0, 0)
    x, y = load(p.series, p.phi1, p.phi2, p.theta1, p.n, p.seed)
    _check_size(len(y) - p.horizon, (p.p, p.d, p.q), seasonal, p.auto == "on")
    order_line = f"order = ({p.p}, {p.d}, {p.q})"
    if p.auto == "on":
        train = y[:-p.horizon]
        with one_thread("blas"):
            ranking, _ = search(train, p.d, seasonal, lambda f, t: None)
        best = ranking[0][0]
        top = AUTO_MAX_SEASONAL if s else AUTO_MAX
        order_line = (f"# The auto search's pick: the lowest AIC of p, q in 0..{top}.\n"
                      f"order = {best}")
    period = s or PERIODS[p.series]
    snaive = (f"snaive = train[-{period}:][np.arange(h) % {period}]  # the last season, repeated\n"
              "print(f\"seasonal naive RMSE {np.sqrt(np.mean((test - snaive) ** 2)):.6g}\")\n"
              if period else "")
    return f'''\
import numpy as np
from statsmodels.tsa.arima.model import ARIMA
from threadpoolctl import threadpool_limits

{_load_code(p)}

h = {p.horizon}  # held out: fitted on the rest, forecast and compared
train, test = y[:-h], y[-h:]
{order_line}
seasonal_order = {seasonal}  # (P, D, Q, s); all zero: no seasonal part

with threadpool_limits(1, user_api="blas"):  # one thread: the page's exact numbers
    fit = ARIMA(train, order=order, seasonal_order=seasonal_order).fit()
print(fit.summary().tables[1])

forecast = fit.get_forecast(h)
mean = forecast.predicted_mean
lower, upper = forecast.conf_int(alpha={ALPHA}).T  # the 95% prediction interval
rmse = float(np.sqrt(np.mean((test - mean) ** 2)))
naive = np.repeat(train[-1], h)  # the last value, repeated
print(f"ARIMA RMSE          {{rmse:.6g}}")
print(f"naive RMSE          {{np.sqrt(np.mean((test - naive) ** 2)):.6g}}")
{snaive}'''
