"""Forecasting honestly: naive, ARIMA and an LSTM, walked forward
================================================================

A forecast is only honest if, at every moment it predicts, it uses nothing from that
moment on. *Walk-forward validation* keeps that promise: the series is cut in two at one
date, the models learn from the first part only, and then they step through the test part
one day at a time, each time forecasting tomorrow from everything observed up to today.
Here both ARIMA and the LSTM are fitted once on the training part; as each new true value
arrives it is appended to their input (ARIMA's Kalman filter takes it in with the fitted
parameters kept, the LSTM reads it in its window), and the next one-step forecast is made.

The bar to clear is the *naive* forecast: tomorrow equals today. On a random walk, the
model of a stock price, tomorrow's change is unpredictable noise, so naive is the best
possible forecast and no model can beat it by more than luck. A forecast chart in which a
model seems to hug the truth usually shows a curve lagging the truth by one day: naive in
disguise. Directional accuracy (did it call up or down right?) sits near 50%.

Models that appear to beat naive on a random walk have nearly always *leaked* the future.
Three classic leaks can be switched on for the LSTM: a scaler fitted on the whole series
(its minimum and maximum come partly from the test part), a target shifted so the input
window ends on the very day being predicted, and a random shuffled split that scatters the
test days among the training days. The shifted target makes the score look better than
anything achievable on tomorrow's data; on a random walk the other two move it only a little,
and are no less wrong for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets import SERIES
from datasets.readonly import readonly
from explorers._contract import choice, knob, literal
from explorers._memo import Memo
from explorers._torch import global_rng, torch  # functions: torch itself is imported on first use

NOTICE = (
    "On a random walk the honest ARIMA and LSTM forecasts do no better than the naive one "
    "(tomorrow = today): their error is naive's or more, and they call the direction about "
    "half the time. Let the target into the input window (the default leak) and the same LSTM "
    "scores about a tenth of naive's error, impossible on tomorrow's data; the quieter leaks "
    "move the score only a little here, which is why they go unnoticed."
)
MISREADING = (
    "\"The LSTM's forecast follows the price closely, so it predicts the market\": a curve "
    "that lags the truth by one day follows any series closely, and that is the naive "
    "forecast. A model is only worth something if it beats naive under walk-forward "
    "validation, with nothing from the future in its scaler, inputs or split."
)
HEADLINE = "arima_ratio"

RANDOM_WALK = "random walk"
DATA = (RANDOM_WALK, *SERIES)
ORDERS = {"(1,1,0)": (1, 1, 0), "(0,1,1)": (0, 1, 1), "(1,1,1)": (1, 1, 1), "(2,1,2)": (2, 1, 2)}
LEAKS = ("none", "scaler on all data", "target shifted", "shuffled split")
MODELS = ("naive", "ARIMA", "LSTM")
START_PRICE = 100.0
VOLATILITY = 0.015  # the random walk's daily standard deviation of log-returns (1.5%)
BATCH = 128
LEARNING_RATE = 0.01


@dataclass(frozen=True)
class Params:
    data: str = choice(
        RANDOM_WALK, options=DATA, label="Series",
        help="random walk: a synthetic stock price (log-price a random walk, 1.5% daily "
             "volatility), where tomorrow's change is pure noise. The others are real series "
             "shipped with statsmodels: " + "; ".join(f"{k}: {s.about}" for k, s in SERIES.items()) + ".",
    )
    n_points: int = knob(400, lo=150, hi=1000, step=50, label="Days", when=("data", (RANDOM_WALK,)),
                         help="Length of the synthetic random walk.")
    drift: float = knob(0.0, lo=-0.3, hi=0.3, step=0.05, label="Drift (% per day)",
                        when=("data", (RANDOM_WALK,)),
                        help="Mean daily log-return of the random walk. With drift the price "
                             "trends, and the test part leaves the range of the training part.")
    test_share: float = knob(0.3, lo=0.1, hi=0.5, step=0.05, label="Test share",
                             help="The last part of the series held out for walk-forward testing.")
    order: str = choice("(1,1,0)", options=tuple(ORDERS), label="ARIMA order (p,d,q)",
                        help="Autoregressive terms p, differences d, moving-average terms q. "
                             "d = 1 models the day-to-day changes.")
    leak: str = choice(
        "target shifted", options=LEAKS, label="Leak into the LSTM",
        help="A mistake to compare against the honest LSTM. scaler on all data: the min-max "
             "scaler sees the test part. target shifted: the input window ends on the day "
             "being predicted. shuffled split: test days drawn at random instead of the last "
             "part, so the model trains on the days around each one.",
    )
    lookback: int = knob(10, lo=2, hi=30, label="LSTM window (days)",
                         help="How many past values the LSTM reads to forecast the next one.")
    hidden: int = knob(16, lo=8, hi=32, step=8, label="LSTM hidden units",
                       help="Size of the LSTM's hidden and cell state.")
    epochs: int = knob(20, lo=5, hi=50, step=5, label="LSTM epochs",
                       help="Passes over the training windows (Adam, mini-batches of 64).")
    seed: int = knob(0, lo=0, hi=999, label="Seed",
                     help="Seed of the random walk, the LSTM's initial weights, its batches "
                          "and the shuffled split.")


@dataclass(frozen=True)
class Result:
    data: str
    y: np.ndarray  # (n,) the whole series
    n_train: int  # days 0 .. n_train - 1 train the models; the rest are walked forward
    test_index: np.ndarray  # (n_test,) the days forecast one step ahead
    truth: np.ndarray  # (n_test,) y on those days
    forecasts: np.ndarray  # (3, n_test) naive, ARIMA, LSTM: each made from the days before
    mae: np.ndarray  # (3,) per model, in the order of MODELS
    rmse: np.ndarray  # (3,)
    skill: np.ndarray  # (3,) 1 - RMSE / naive's RMSE: above 0 beats naive
    direction: np.ndarray  # (3,) share of up/down days called right (naive calls none: 0)
    arima_ratio: float  # ARIMA's RMSE / naive's RMSE (headline)
    lstm_ratio: float  # the honest LSTM's RMSE / naive's RMSE
    lstm_loss: np.ndarray  # (epochs,) the honest LSTM's training loss (scaled MSE) per epoch
    leak: str
    leak_index: np.ndarray  # the days the leaky LSTM is scored on
    leak_forecast: np.ndarray  # its forecasts on those days
    leak_ratio: float  # its RMSE / naive's RMSE on those same days
    leak_direction: float


# ---- the data and the three forecasts ----

@lru_cache(maxsize=16)
def series(data: str, n_points: int, drift: float, seed: int) -> np.ndarray:
    """The series as a read-only float array: a seeded random walk, or a shipped series."""
    if data == RANDOM_WALK:
        rng = np.random.default_rng(seed)
        returns = drift / 100 + VOLATILITY * rng.standard_normal(n_points - 1)
        y = START_PRICE * np.exp(np.concatenate([[0.0], np.cumsum(returns)]))
    elif data in SERIES:
        y = SERIES[data].load().to_numpy(float)
    else:
        raise ValueError(f"unknown series {data!r}")
    return readonly(y)


def split_point(n: int, test_share: float) -> int:
    return n - int(round(test_share * n))


def naive_forecast(y: np.ndarray, n_train: int) -> np.ndarray:
    """Tomorrow = today: the forecast for day t is y[t - 1]."""
    return np.asarray(y[n_train - 1:-1], float)


def arima_forecast(y: np.ndarray, n_train: int, order: tuple) -> np.ndarray:
    """ARIMA fitted once on ``y[:n_train]``; then each test day's one-step forecast from the
    days before it. ``append(refit=False)`` runs the Kalman filter on over the new values
    with the fitted parameters, so the prediction for day t uses y[:t] only."""
    import warnings

    from statsmodels.tsa.arima.model import ARIMA

    from explorers._threads import one_thread

    # One BLAS thread: these matrices are tiny, and on a busy two-core server BLAS threads
    # made the fit 10-100 times slower (waiting for a core), for the same numbers.
    with warnings.catch_warnings(), one_thread("blas"):
        # A short or trending training part can make the optimiser warn; the fit is still used.
        warnings.simplefilter("ignore")
        res = ARIMA(y[:n_train], order=order).fit()
        full = res.append(y[n_train:], refit=False)
    return np.asarray(full.predict(start=n_train, end=len(y) - 1), float)


MIN_TRAIN_WINDOWS = 16


@dataclass(frozen=True)
class LSTMRun:
    index: np.ndarray  # the days forecast
    forecast: np.ndarray
    loss: np.ndarray  # mean training loss per epoch


def lstm_days(n: int, n_train: int, lookback: int, leak: str, seed: int):
    """(train days, test days): the days whose value is a target. A time split puts the
    test days after ``n_train``; the shuffled-split leak draws as many at random."""
    targets = np.arange(lookback, n)
    if leak == "shuffled split":
        test = np.sort(np.random.default_rng(seed).choice(targets, n - n_train, replace=False))
        return np.setdiff1d(targets, test), test
    return targets[targets < n_train], targets[targets >= n_train]


def windows(z: np.ndarray, days: np.ndarray, lookback: int, leak: str) -> np.ndarray:
    """(len(days), lookback) inputs: for day t the values z[t - lookback : t], the days
    before it. The target-shift leak slides the window one day on, so it ends on day t."""
    end = days + (1 if leak == "target shifted" else 0)
    return np.stack([z[e - lookback:e] for e in end])


def lstm_forecast(y, n_train, lookback, hidden, epochs, seed, leak="none", progress=None) -> LSTMRun:
    """A small LSTM (one layer, then a linear head giving the change from the window's last
    value) fitted once on the training windows of the min-max scaled series, then asked for
    each test day from its window of true values."""
    t = torch()
    nn = t.nn
    y = np.asarray(y, float)
    train, test = lstm_days(len(y), n_train, lookback, leak, seed)
    if len(train) < MIN_TRAIN_WINDOWS:
        raise ValueError(f"only {len(train)} training windows: shorten the LSTM window or the "
                         "test share")
    # The scaler's minimum and maximum: from the training days, or (the leak) from every day.
    fit_days = np.arange(len(y)) if leak == "scaler on all data" else (
        np.union1d(train, np.arange(lookback)) if leak == "shuffled split" else np.arange(n_train))
    lo, hi = float(y[fit_days].min()), float(y[fit_days].max())
    if hi <= lo:
        raise ValueError("the training part is constant: nothing to scale")
    z = (y - lo) / (hi - lo)
    as_input = lambda days: t.tensor(windows(z, days, lookback, leak)[:, :, None], dtype=t.float32)  # noqa: E731
    X, target = as_input(train), t.tensor(z[train], dtype=t.float32)
    with global_rng(seed):
        lstm, head = nn.LSTM(1, hidden, batch_first=True), nn.Linear(hidden, 1)

    def predict(inputs):
        out, _ = lstm(inputs)
        # The change from the last value in the window: a network left to output the level
        # itself must relearn "about the last value" and fails off the training range.
        return inputs[:, -1, 0] + head(out[:, -1])[:, 0]

    optimizer = t.optim.Adam([*lstm.parameters(), *head.parameters()], lr=LEARNING_RATE)
    batches = t.Generator().manual_seed(seed)  # the batch order, apart from global state
    losses = []
    for epoch in range(epochs):
        order, total = t.randperm(len(X), generator=batches), 0.0
        for start in range(0, len(X), BATCH):
            rows = order[start:start + BATCH]
            loss = nn.functional.mse_loss(predict(X[rows]), target[rows])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += float(loss.detach()) * len(rows)
        losses.append(total / len(X))
        if progress:
            progress((epoch + 1) / epochs, f"LSTM epoch {epoch + 1} of {epochs}")
    with t.no_grad():
        forecast = predict(as_input(test)).numpy().astype(float) * (hi - lo) + lo
    return LSTMRun(*readonly((test, forecast, np.array(losses))))


# ---- what the page shows ----

def run(p: Params, progress=None) -> Result:
    y = _series(p)
    n_train = split_point(len(y), p.test_share)
    if n_train - p.lookback < MIN_TRAIN_WINDOWS:
        raise ValueError(f"the training part ({n_train} days) is too short for a "
                         f"{p.lookback}-day LSTM window: shorten the window or the test share")
    say = progress or (lambda fraction, text: None)
    say(0.0, "Fitting ARIMA on the training part")
    arima = _arima(*_series_key(p), p.test_share, p.order)
    leaky = p.leak != "none"
    share = 0.5 if leaky else 1.0  # of the bar after ARIMA, for the honest LSTM
    honest = _lstm(p, "none", lambda f, text: say(0.1 + 0.9 * share * f, f"Honest {text}"))
    leak = honest
    if leaky:
        leak = _lstm(p, p.leak, lambda f, text: say(0.55 + 0.45 * f, f"Leaky {text}"))
    truth = np.asarray(y[n_train:], float)
    forecasts = np.stack([naive_forecast(y, n_train), arima, honest.forecast])
    scores = [score(y, np.arange(n_train, len(y)), f) for f in forecasts]
    mae, rmse, direction = (np.array(column) for column in zip(*scores))
    leak_scores = score(y, leak.index, leak.forecast)
    naive_on_leak_days = score(y, leak.index, y[leak.index - 1])[1]
    skill = 1 - rmse / rmse[0]
    test_index = np.arange(n_train, len(y))
    readonly((truth, forecasts, mae, rmse, skill, direction, test_index))
    return Result(
        data=p.data, y=y, n_train=n_train, test_index=test_index, truth=truth,
        forecasts=forecasts, mae=mae, rmse=rmse, skill=skill, direction=direction,
        arima_ratio=float(rmse[1] / rmse[0]), lstm_ratio=float(rmse[2] / rmse[0]),
        lstm_loss=honest.loss, leak=p.leak, leak_index=leak.index, leak_forecast=leak.forecast,
        leak_ratio=float(leak_scores[1] / naive_on_leak_days), leak_direction=float(leak_scores[2]),
    )


def score(y: np.ndarray, days: np.ndarray, forecast: np.ndarray) -> tuple[float, float, float]:
    """(MAE, RMSE, directional accuracy) of one-step forecasts of ``y`` on ``days``.

    Direction: the forecast's move from the day before (up or down) against the true move,
    on the days the value really moved; a forecast of no change calls no direction."""
    truth, before = y[days], y[days - 1]
    error = forecast - truth
    moved = truth != before
    called = np.sign(forecast - before) == np.sign(truth - before)
    direction = float(called[moved].mean()) if moved.any() else 0.0
    return float(np.abs(error).mean()), float(np.sqrt(np.mean(error ** 2))), direction


def _series_key(p: Params) -> tuple:
    """The fields that define the series: the random walk's own knobs only matter for it."""
    if p.data == RANDOM_WALK:
        return p.data, p.n_points, p.drift, p.seed
    return p.data, 0, 0.0, 0


def _series(p: Params) -> np.ndarray:
    return series(*_series_key(p))


# ARIMA does not depend on the LSTM's knobs, nor the honest LSTM on the leak or the ARIMA
# order: moving those reuses the rest. Pure functions, so the memos change no number.
@lru_cache(maxsize=16)
def _arima(data, n_points, drift, seed, test_share, order_name) -> np.ndarray:
    y = series(data, n_points, drift, seed)
    return readonly(arima_forecast(y, split_point(len(y), test_share), ORDERS[order_name]))


_LSTM_MEMO = Memo(16)


def _lstm(p: Params, leak: str, progress) -> LSTMRun:
    key = (*_series_key(p), p.test_share, p.lookback, p.hidden, p.epochs, p.seed, leak)

    def train(report):
        y = _series(p)
        return lstm_forecast(y, split_point(len(y), p.test_share), p.lookback, p.hidden, p.epochs,
                             p.seed, leak, report)

    return _LSTM_MEMO.get(key, train, progress=progress)


# ---- the code panel ----

def _data_code(p: Params) -> str:
    if p.data == RANDOM_WALK:
        return f'''\
# A synthetic stock price: the log-price is a random walk, so tomorrow's change is noise.
rng = np.random.default_rng({p.seed})
returns = {literal(p.drift)} / 100 + {VOLATILITY} * rng.standard_normal({p.n_points - 1})
y = {START_PRICE} * np.exp(np.concatenate([[0.0], np.cumsum(returns)]))'''
    return SERIES[p.data].code("y")


def code(p: Params) -> str:
    return f'''\
import numpy as np
from statsmodels.tsa.arima.model import ARIMA

{_data_code(p)}

# Walk-forward: fit on the first part only, then forecast each test day from the days before.
n_train = len(y) - int(round({literal(p.test_share)} * len(y)))
truth = y[n_train:]

naive = y[n_train - 1:-1]  # tomorrow = today

res = ARIMA(y[:n_train], order={ORDERS[p.order]}).fit()
# append() feeds each true test value to the fitted model (parameters kept, no refit), so
# predict() gives every test day's one-step forecast from the days before it only.
arima = res.append(truth, refit=False).predict(start=n_train, end=len(y) - 1)


def rmse(forecast):
    return float(np.sqrt(np.mean((forecast - truth) ** 2)))


def direction(forecast):  # share of up/down days called right
    before = y[n_train - 1:-1]
    moved = truth != before
    return float((np.sign(forecast - before) == np.sign(truth - before))[moved].mean())


arima_ratio = rmse(arima) / rmse(naive)
print(f"{{n_train}} training points, {{len(truth)}} test points")
print(f"naive RMSE {{rmse(naive):.4g}}   ARIMA{ORDERS[p.order]} RMSE {{rmse(arima):.4g}}")
print(f"ARIMA / naive RMSE: {{arima_ratio:.4f}}  (below 1 beats naive)")
print(f"ARIMA calls the direction right on {{direction(arima):.1%}} of the moves")
'''
