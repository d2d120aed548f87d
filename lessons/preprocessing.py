"""Scaling, encoding & imputation: the column that decides every distance, the outliers that
squash a scaler, the gaps that hide their own values, and the category nobody saw coming."""

import numpy as np

from explorers import _encoding
from explorers._scaling import SCALERS
from figures import preprocessing as fig
from lessons import Challenge, Claim, Step, titled

IMPUTATION = dict(view="imputation")
ENCODING = dict(view="encoding")
OUTLIERS = dict(outliers=3)  # three training values of proline moved 20 ranges out
SQUASHING = ("StandardScaler", "MinMaxScaler", "MaxAbsScaler")
ROBUST = ("RobustScaler", "QuantileTransformer")


def _decides(r) -> str:
    c = r.scaling
    if max(c.across, 1 - c.across) < 0.75:
        return "Both about equally"
    return "Proline alone" if c.across > 0.5 else "Hue alone"


def _holds_up(r) -> str:
    """The one of the three scalers the question names whose accuracy falls least."""
    c = r.scaling
    drops = {n: c.clean_accuracies[SCALERS.index(n)] - c.accuracy_of(n)
             for n in ("StandardScaler", "MinMaxScaler", "RobustScaler")}
    least = min(drops.values())
    winners = [n for n, d in drops.items() if d == least]
    return winners[0] if len(winners) == 1 else "They all hold up"


def _indicator(r) -> str:
    gain = r.imputation.indicator_gain
    return "It rises" if gain > 0.005 else "It falls" if gain < -0.005 else "No change"


def _monday(r) -> str:
    e = r.encoding
    if e.refusal is not None:
        return "It refuses the bill with an error"
    day = np.array([c.startswith("day_") for c in e.columns])
    return "All zeros in the day columns" if not e.new_row[day].any() else "It is put in another day's column"


CHALLENGES = (
    Challenge(
        question="k-NN on wine's proline (about 280 to 1,680) and hue (0.5 to 1.7), unscaled: which "
                 "column decides who the nearest neighbours are?",
        options=("Proline alone", "Hue alone", "Both about equally"),
        state={},
        answer=_decides, expected="Proline alone",
        why=lambda r: f"Proline's spread is {r.scaling.ratio:,.0f} times hue's, so a difference in hue barely "
                      f"moves a distance: {r.scaling.across:.0%} of the boundary's steps are crossings of "
                      f"proline, and the boundary runs straight up the chart. Test accuracy "
                      f"{r.scaling.accuracy:.1%}, against {r.scaling.accuracy_of('StandardScaler'):.1%} "
                      "standardised.",
    ),
    Challenge(
        question="Three training values of proline are moved 20 ranges out. Which scaler's test accuracy "
                 "holds up best?",
        options=("StandardScaler", "MinMaxScaler", "RobustScaler", "They all hold up"),
        state=dict(OUTLIERS, scaler="RobustScaler"),
        answer=_holds_up, expected="RobustScaler",
        why=lambda r: "RobustScaler learns the median and the interquartile range, which three values cannot "
                      f"move far: {r.scaling.accuracy_of('RobustScaler'):.1%}, as without them. StandardScaler "
                      f"falls from {r.scaling.clean_accuracies[SCALERS.index('StandardScaler')]:.1%} to "
                      f"{r.scaling.accuracy_of('StandardScaler'):.1%} "
                      f"and MinMaxScaler to {r.scaling.accuracy_of('MinMaxScaler'):.1%}: the outliers stretch "
                      "their statistics and squash the other points into a sliver of proline.",
    ),
    Challenge(
        question="The largest BMIs are the ones that go missing (MNAR), filled with the mean. Add a "
                 "missing-value indicator: what happens to the cross-validated R²?",
        options=("It rises", "No change", "It falls"),
        state=dict(IMPUTATION, indicator="with"),
        answer=_indicator, expected="It rises",
        why=lambda r: f"{r.imputation.score_of('mean', False):.3f} without, {r.imputation.score:.3f} with it "
                      f"(no gaps at all: {r.imputation.complete:.3f}). A gap here means a high BMI, and "
                      "the indicator's column lets the regression learn just that.",
    ),
    Challenge(
        question="A bill arrives on a Monday, a day the tips table never has. What does OneHotEncoder do "
                 "with it at its default settings?",
        options=("It refuses the bill with an error", "All zeros in the day columns",
                 "It is put in another day's column"),
        state=ENCODING,
        answer=_monday, expected="It refuses the bill with an error",
        why=lambda r: f"handle_unknown='error' is the default: \"{r.encoding.refusal}\". Set it to 'ignore' "
                      "for all zeros, or raise the minimum frequency and use 'infrequent_if_exist'.",
    ),
)


def _squashed(r) -> bool:
    c = r.scaling
    return (c.scaler in SQUASHING and c.outlier_rows.size > 0 and c.ratio is not None and c.ratio < 0.25
            and c.accuracy < c.clean_accuracies[SCALERS.index(c.scaler)])


def _kept_shape(r) -> bool:
    c = r.scaling
    return (c.scaler in ROBUST and c.outlier_rows.size > 0 and c.ratio is not None and 0.5 < c.ratio < 2
            and abs(c.accuracy - c.clean_accuracies[SCALERS.index(c.scaler)]) <= 0.02)


def _wide_kernel(r) -> bool:
    c = r.scaling
    clean = c.clean_accuracies[SCALERS.index("RobustScaler")]
    return (c.model == "SVM" and c.scaler == "RobustScaler" and c.outlier_rows.size > 0
            and c.ratio is not None and 0.5 < c.ratio < 2 and c.accuracy < clean - 0.05 and c.gamma < 0.05)


TOUR = (
    Step("No scaler: proline runs into the thousands and hue stays near 1, so k-NN's distances are "
         "proline's alone. The boundary runs straight up the chart, and the chart below it shows why: "
         "to the model, the points lie on a line.",
         {}, holds=lambda r: r.scaling.across > 0.95 and r.scaling.ratio > 1000),
    Step("StandardScaler gives both columns a standard deviation of 1: the boundary follows both, and "
         "test accuracy rises from 68.5% to 85.2%.",
         dict(scaler="StandardScaler"),
         holds=lambda r: 0.8 < r.scaling.ratio < 1.25 and round(r.scaling.accuracy, 3) == 0.852
         and round(r.scaling.accuracy_of("none"), 3) == 0.685),
    Step("Three training values of proline moved 20 ranges out: StandardScaler's standard deviation "
         "balloons, the other points are squashed into a sliver of proline, and hue decides instead.",
         dict(OUTLIERS, scaler="StandardScaler"), holds=lambda r: _squashed(r) and r.scaling.across < 0.1),
    Step("RobustScaler, with the same outliers: the median and the interquartile range barely notice "
         "them, and the accuracy is back where it was.",
         dict(OUTLIERS, scaler="RobustScaler"), holds=_kept_shape),
    Step("Imputation: 40% of the BMIs go missing, the largest most often (MNAR), and the mean fills them "
         "all with one value, far below the true ones.",
         IMPUTATION, holds=lambda r: np.ptp(r.imputation.filled) == 0 and r.imputation.bias < -3),
    Step("A missing-value indicator lets the regression learn that a gap means a high BMI: the "
         "cross-validated R² rises, though not back to where it was with no gaps.",
         dict(IMPUTATION, indicator="with"),
         holds=lambda r: r.imputation.indicator_gain > 0.01 and r.imputation.score < r.imputation.complete),
    Step("Gaps in s1, total cholesterol, which moves with s2 (LDL): the iterative imputer predicts each "
         "gap from the other columns and lands close to the true values, where the mean is far off.",
         dict(IMPUTATION, column="s1", mechanism="MCAR", imputer="iterative"),
         holds=lambda r: r.imputation.rmse < 0.25 * np.std(r.imputation.true)),
    Step("Encoding: one-hot turns each day into a column of 0s and 1s, and refuses a Monday bill outright, "
         "since its default is handle_unknown='error'.",
         ENCODING, holds=lambda r: r.encoding.refusal is not None and r.encoding.n_columns == 8),
    Step("Ordinal encoding gives the days codes in alphabetical order (Fri 0, Sat 1, Sun 2, Thur 3), an "
         "order the week does not have: logistic regression scores lower than with one-hot.",
         dict(ENCODING, encoder="ordinal"),
         holds=lambda r: r.encoding.accuracy_of("ordinal") < r.encoding.accuracy_of("one-hot")),
)


def _main(r):
    return {"scaling": fig.boundary_figure, "imputation": fig.imputation_figure,
            "encoding": fig.matrix_figure}[r.view](r)


MAIN = titled(_main)

MEASURES = (("Headline score (accuracy or R²)", lambda r: r.score, "{:.3f}"),)


def _day_code(r, day: str) -> float:
    e = r.encoding
    return float(e.matrix[e.labels.index(next(l for l in e.labels if l.startswith(day + ",")))][0])


def _alphabetical(r) -> bool:
    e = r.encoding
    return (e.encoder == "ordinal" and e.min_frequency == 1 and e.new_row is not None and e.new_row[0] == -1
            and [_day_code(r, d) for d in ("Fri", "Sat", "Sun", "Thur")] == [0, 1, 2, 3])


def _target_shares(r) -> bool:
    e = r.encoding
    overall = float(np.mean(_encoding.table()[_encoding.TARGET] == _encoding.POSITIVE))
    return (e.encoder == "target" and _day_code(r, "Thur") > 0.9 and _day_code(r, "Sat") < 0.05
            and _day_code(r, "Sun") < 0.05 and abs(e.new_row[0] - overall) < 1e-9 and round(overall, 2) == 0.28)


def _day_columns(r) -> np.ndarray:
    return np.array([c.startswith("day_") for c in r.encoding.columns])


CLAIMS = {
    # Scaling: each shown only where its check holds on the result on screen.
    "unscaled": Claim(
        "Unscaled, the wider column decides every distance alone: the boundary runs straight across the "
        "narrower one, as if it were not there.",
        holds=lambda r: r.scaling.scaler == "none" and r.scaling.ratio is not None
        and not 0.1 < r.scaling.ratio < 10 and max(r.scaling.across, 1 - r.scaling.across) > 0.9),
    "squashed": Claim(
        "The outliers stretch what this scaler learns (a mean and standard deviation, a minimum and "
        "maximum, or a largest value): the other points are squashed into a sliver of the first column, "
        "which then counts for little in a distance, and the test accuracy falls.",
        state=dict(OUTLIERS, scaler="StandardScaler"), holds=_squashed),
    "robust": Claim(
        "The median and interquartile range (RobustScaler), or the quantiles (QuantileTransformer), hardly "
        "move for a few outliers: the other points keep their shape, and the test accuracy stays within "
        "2 points of where it was without them.",
        state=dict(OUTLIERS, scaler="RobustScaler"), holds=_kept_shape),
    "wide_kernel": Claim(
        "The two columns keep their balance, yet the SVM loses: gamma='scale' is one over twice the variance "
        "of all the scaled values, the far outliers inflate that variance, and the kernel grows too wide to "
        "follow the classes.",
        state=dict(OUTLIERS, model="SVM", scaler="RobustScaler"), holds=_wide_kernel),
    "normalizer": Claim(
        "Normalizer rescales each row, not each column, to length 1: every point lands on the unit circle, "
        "and only its direction is left for the model to use.",
        state=dict(scaler="Normalizer"),
        holds=lambda r: r.scaling.scaler == "Normalizer"
        and np.allclose(np.linalg.norm(r.scaling.scaled_train, axis=1), 1)),
    "fit_on_train": Claim(
        "The scaler learns its statistics from the training rows only, inside the pipeline, and applies "
        "them unchanged to the test rows: the test score is one the model could have had on new data.",
        state=dict(scaler="StandardScaler"),
        holds=lambda r: np.allclose(r.scaling.scaled_train.mean(axis=0), 0)
        and not np.allclose(r.scaling.scaled_test.mean(axis=0), 0)),
    # Imputation.
    "one_value": Claim(
        "This imputer puts every gap at one value: a spike in the histogram, and a column narrower than "
        "it was.",
        state=IMPUTATION,
        holds=lambda r: np.ptp(r.imputation.filled) == 0
        and np.std(np.concatenate([r.imputation.observed, r.imputation.filled]))
        < np.std(np.concatenate([r.imputation.observed, r.imputation.true]))),
    "mnar_low": Claim(
        "Under MNAR the larger values went missing, so the values kept sit low, and an imputer that learns "
        "from them fills the gaps too low.",
        state=IMPUTATION,
        holds=lambda r: r.imputation.mechanism == "MNAR"
        and r.imputation.true.mean() > r.imputation.observed.mean() and r.imputation.bias < 0),
    "indicator_helps": Claim(
        "With the indicator, the regression also learns that a gap itself means a high value: the R² rises.",
        state=dict(IMPUTATION, indicator="with"),
        holds=lambda r: r.imputation.mechanism == "MNAR" and r.imputation.indicator
        and r.imputation.indicator_gain > 0.005),
    "indicator_idle": Claim(
        "Completely at random, a gap says nothing about the patient: the indicator changes the R² by less "
        "than 0.01.",
        state=dict(IMPUTATION, mechanism="MCAR", indicator="with"),
        holds=lambda r: r.imputation.mechanism == "MCAR" and r.imputation.indicator
        and abs(r.imputation.indicator_gain) < 0.01),
    # Encoding.
    "refused": Claim(
        "OneHotEncoder's default, handle_unknown='error', refuses the whole bill: a model in service would "
        "stop at its first Monday.",
        state=ENCODING,
        holds=lambda r: r.encoding.refusal is not None and r.encoding.new_lunch is None),
    "ignored": Claim(
        "Monday gets all zeros in the day columns, as if the bill had no day: the model falls back on the "
        "other columns.",
        state=dict(ENCODING, unknown="ignore"),
        holds=lambda r: r.encoding.encoder == "one-hot" and r.encoding.new_row is not None
        and not r.encoding.new_row[_day_columns(r)].any()),
    "infrequent": Claim(
        "Friday's 19 bills are below the minimum frequency, so Friday becomes the 'infrequent' column, "
        "and infrequent_if_exist puts Monday there too.",
        state=dict(ENCODING, unknown="infrequent_if_exist", min_frequency=20),
        holds=lambda r: "day_infrequent_sklearn" in r.encoding.columns and r.encoding.new_row is not None
        and r.encoding.new_row[r.encoding.columns.index("day_infrequent_sklearn")] == 1),
    "alphabetical": Claim(
        "Ordinal codes follow the alphabet, not the week (Fri 0, Sat 1, Sun 2, Thur 3), and a linear model "
        "reads them as amounts; the unseen Monday gets -1, as if it came before Friday.",
        state=dict(ENCODING, encoder="ordinal"), holds=_alphabetical),
    "target_shares": Claim(
        "Target encoding turns each day into its share of lunches, shrunk towards the overall 28%: Thursday "
        "near 1, Saturday and Sunday near 0. Monday, unseen, gets the overall share.",
        state=dict(ENCODING, encoder="target"), holds=_target_shares),
    # The misreading the page names, checked on both of its halves.
    "misreading_scaling": Claim(
        "On wine's proline and hue, k-NN scores 69% unscaled and 85% standardised.",
        holds=lambda r: round(100 * r.scaling.accuracy_of("none")) == 69
        and round(100 * r.scaling.accuracy_of("StandardScaler")) == 85),
    "misreading_imputation": Claim(
        "When the largest BMIs are the ones that go missing, mean-filling drags them all to the middle, "
        "which a missing-value indicator partly undoes.",
        state=IMPUTATION,
        holds=lambda r: r.imputation.column == "bmi" and np.ptp(r.imputation.filled) == 0
        and r.imputation.bias < 0 and 0 < r.imputation.indicator_gain
        and r.imputation.score_of("mean", True) < r.imputation.complete),
}
