"""Outliers: leverage and the pull on least squares, masking of the z-score, a point hidden
inside both columns' ranges, and detectors that flag a share whatever the data."""

from explorers import outliers as ex
from figures import outliers as fig
from lessons import Challenge, Claim, Step, titled

NONE = dict(n_outliers=0)
MIDDLE = dict(placement="middle")
MASKED = dict(n_outliers=5, distance=15.0, rules_on="residuals")
HIDDEN = dict(n_outliers=0, placed="1,19")  # x and y both ordinary, 8σ off the line
RESIDUALS = dict(rules_on="residuals")
FAR = dict(n_outliers=10, distance=20.0)
MODELS = tuple(d for d in ex.DETECTORS if d not in ex.SIMPLE)


def _most_pulled(r) -> str:
    return max(ex.REGRESSORS, key=lambda name: abs(r.pull(name)))


def _caught(r, names) -> list[int]:
    return [r.detection(name).caught for name in names]


def _who_flags(r) -> str:
    simple, models = _caught(r, ex.SIMPLE), _caught(r, MODELS)
    if all(simple) and all(models):
        return "All six"
    if not any(simple) and all(models):
        return "Only the three models of the whole cloud"
    if not any(simple + models):
        return "None"
    return "Some of each"


def _fewest(r) -> str:
    return min(ex.SIMPLE, key=lambda name: (r.detection(name).caught, ex.SIMPLE.index(name)))


def _slopes(r) -> str:
    return ", ".join(f"{f.name} {f.slope:.2f}" for f in r.fits)


CHALLENGES = (
    Challenge(
        question="Three outliers 8 noise SDs above the line, at its right end. Whose slope is pulled "
                 "furthest from the true slope 2?",
        options=ex.REGRESSORS, state={}, answer=_most_pulled, expected="least squares",
        why=lambda r: f"Slopes: {_slopes(r)}. Least squares squares each residual, so the far points "
                      f"at the end of the line pull it by {r.pull('least squares'):+.2f}; the robust fits "
                      "move less than half as far.",
    ),
    Challenge(
        question="The same three outliers, now in the middle of the x range. Is the least-squares "
                 "slope still pulled as far?",
        options=("Yes, about as far", "Hardly: by under 0.1"), state=MIDDLE,
        answer=lambda r: "Hardly: by under 0.1" if abs(r.pull("least squares")) < 0.1 else "Yes, about as far",
        expected="Hardly: by under 0.1",
        why=lambda r: f"The slope is {r.fit('least squares').slope:.3f} "
                      f"(pulled {r.pull('least squares'):+.3f}). "
                      "Near the mean x an outlier lifts the line without tilting it: leverage grows with "
                      "the distance from the mean x.",
    ),
    Challenge(
        question="Five outliers 15 SDs up, and the simple rules measure residuals from the robust line. "
                 "Which rule catches the fewest of them?",
        options=ex.SIMPLE, state=MASKED, answer=_fewest, expected="z-score",
        why=lambda r: "Caught of 5: " + ", ".join(f"{n} {r.detection(n).caught}" for n in ex.SIMPLE)
                      + ". The outliers inflate the standard deviation the z-score divides by (masking); "
                        "quartiles and the median hardly notice them.",
    ),
    Challenge(
        question="One outlier placed at (1, 19): an ordinary x, an ordinary y, but far above the line "
                 "there. Which detectors flag it?",
        options=("All six", "Only the three models of the whole cloud", "None", "Some of each"),
        state=HIDDEN, answer=_who_flags, expected="Only the three models of the whole cloud",
        why=lambda r: "Caught: " + ", ".join(f"{n} {r.detection(n).caught}" for n in ex.DETECTORS)
                      + ". Looking at x alone and at y alone, nothing is unusual; only a detector that "
                        "sees both at once (or a rule on the residuals) finds it.",
    ),
)

TOUR = (
    Step("No outliers: the four fits agree, each slope within 0.1 of the true 2.",
         NONE, holds=lambda r: all(abs(r.pull(n)) < 0.1 for n in ex.REGRESSORS)),
    Step("Three outliers at the right end, 8 SDs up: least squares tilts towards them; Huber, RANSAC "
         "and Theil-Sen each move less than half as far.",
         {}, holds=lambda r: all(abs(r.pull(n)) < abs(r.pull("least squares")) / 2 for n in ex.REGRESSORS[1:])),
    Step("The same outliers in the middle of x: the line rises a little but hardly tilts (under 0.1). "
         "Leverage: an outlier far from the mean x turns the line, one near it only lifts it.",
         MIDDLE, holds=lambda r: abs(r.pull("least squares")) < 0.1),
    Step("Ten outliers 20 SDs up: the least-squares slope doubles, while RANSAC, fitting only its "
         "consensus set, stays within 0.15 of the truth.",
         FAR, holds=lambda r: r.fit("least squares").slope > 2 * ex.SLOPE and abs(r.pull("RANSAC")) < 0.15),
    Step("Back to three outliers. Looking at x and at y one at a time, the simple rules flag nothing: "
         "the line's rise makes a large y ordinary. The three models of the whole cloud catch all three.",
         {}, holds=lambda r: (not any(_caught(r, ex.SIMPLE))
                              and all(c == r.n_added for c in _caught(r, MODELS)))),
    Step("Measured from the robust Theil-Sen line instead, the same three rules catch all three outliers, "
         "with no false alarm.",
         RESIDUALS, holds=lambda r: all(r.detection(n).caught == r.n_added and r.detection(n).others == 0
                                        for n in ex.SIMPLE)),
)

MAIN = titled(fig.points_figure)

MEASURES = (
    ("Least-squares slope", lambda r: r.fit("least squares").slope, "{:.3f}"),
    ("Theil-Sen slope", lambda r: r.fit("Theil-Sen").slope, "{:.3f}"),
)


def _models_flag_a_share(r) -> bool:
    n = len(r.x)
    return all(r.detection(name).flagged.sum() == round(0.1 * n) for name in MODELS) and r.n_added == 0


CLAIMS = {
    # Under the row of the fits and the slopes.
    "pull": Claim(
        "Least squares squares every residual, so outliers far along x pull its line hardest; Huber "
        "counts large residuals only linearly, RANSAC leaves them out of its consensus set, and "
        "Theil-Sen takes the median of the slopes between pairs of points.",
        holds=lambda r: _most_pulled(r) == "least squares"),
    # Under the detectors' panels, said with no outlier at all: the models still flag a share.
    "flags": Claim(
        "Red points are flagged; diamonds are the outliers added. Dashed lines are the simple rules' "
        "limits. IsolationForest, LocalOutlierFactor and EllipticEnvelope each flag the contamination's "
        "share of the points, so with no outliers at all they still flag some.",
        state=NONE, holds=_models_flag_a_share),
    "notice": Claim(ex.NOTICE, holds=lambda r: (
        not any(_caught(r, ex.SIMPLE))
        and all(abs(r.pull(n)) < abs(r.pull("least squares")) / 2 for n in ex.REGRESSORS[1:]))),
    "notice_hidden": Claim(ex.NOTICE, state=HIDDEN, holds=lambda r: _who_flags(r).startswith("Only")),
    "notice_masking": Claim(ex.NOTICE, state=MASKED,
                            holds=lambda r: r.detection("z-score").caught == 0 < r.detection("MAD").caught),
    "misreading": Claim(ex.MISREADING, state=MASKED,
                        holds=lambda r: r.detection("z-score").caught == 0 and r.n_added == 5),
    "misreading_flags": Claim(ex.MISREADING, state=NONE, holds=_models_flag_a_share),
}
