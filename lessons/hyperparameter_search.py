"""Hyperparameter search: how each search spends its fits, the landscape's shape, and
Bergstra & Bengio's case for random search."""

import numpy as np

from explorers import hyperparameter_search as ex
from explorers._search_landscape import TPE_STARTUP
from figures import hyperparameter_search as fig
from lessons import Challenge, Claim, Step, titled

ONE = dict(view=ex.ONE)
HIGH = 0.97  # "the high plateau": within about a point of the landscape's best


def _distinct(r) -> str:
    c = r.coverage
    return f"{c.grid.distinct} and {c.random.distinct}"


def _winner(r) -> str:
    c = r.coverage
    if abs(c.grid.best_score - c.random.best_score) < 0.01:
        return "About the same"
    return "Random search" if c.random.best_score > c.grid.best_score else "Grid search"


def _halving_breadth(r) -> str:
    f = r.searches
    ratio = f.run("halving").settings / f.run("grid").settings
    return "Nearly three times as many" if 2.5 <= ratio < 3.5 else ("Fewer" if ratio < 1 else "Other")


def _high_share(s, start: int = TPE_STARTUP) -> float:
    return float(np.mean(s.score[start:] >= HIGH))


def _tpe_later(r) -> str:
    f = r.searches
    tpe, random_ = f.run("TPE"), f.run("random")
    return ("More of them on the high plateau" if _high_share(tpe) >= _high_share(random_) + 0.15
            else "Spread like random search's")


def _same_start(r) -> bool:
    tpe, random_ = r.searches.run("TPE"), r.searches.run("random")
    n = TPE_STARTUP
    return bool(np.array_equal(tpe.c[:n], random_.c[:n]) and np.array_equal(tpe.gamma[:n], random_.gamma[:n]))


def _row(r, log_gamma: float):
    f = r.searches
    return f.scores[int(np.argmin(np.abs(f.gamma_axis - log_gamma)))]


CHALLENGES = (
    Challenge(
        question="A 4 × 4 grid and 16 random draws cost the same. How many distinct values of the "
                 "important parameter does each try?",
        options=("4 and 4", "4 and 16", "16 and 16"),
        state=ONE,
        answer=_distinct, expected="4 and 16",
        why=lambda r: f"The grid tries each of its {r.coverage.grid.distinct} values {r.coverage.side} times, "
                      f"once per value of the other parameter; every random draw is a new value, "
                      f"{r.coverage.random.distinct} in all. See the two rugs under the square.",
    ),
    Challenge(
        question="On that score, which search finds the higher value with the same 16 settings?",
        options=("Grid search", "About the same", "Random search"),
        state=ONE,
        answer=_winner, expected="Random search",
        why=lambda r: f"Random search {r.coverage.random.best_score:.2f} against the grid's "
                      f"{r.coverage.grid.best_score:.2f}: the peak of the important parameter falls between "
                      "the grid's lines, and a random draw lands near it.",
    ),
    Challenge(
        question="Successive halving gets the same 100 fits as grid search. How many settings does it "
                 "look at, against the grid's 20?",
        options=("Fewer", "Nearly three times as many"),
        state={},
        answer=_halving_breadth, expected="Nearly three times as many",
        why=lambda r: f"{r.searches.run('halving').settings} settings: most of them cross-validated on 60 "
                      "samples only, which costs a ninth of a fit each. Only the best third go on to 180 "
                      "samples, and the best third of those to all 540.",
    ),
    Challenge(
        question="After its 10 random start-up trials, where does Optuna's TPE put its next 10?",
        options=("Spread like random search's", "More of them on the high plateau"),
        state=dict(focus="TPE"),
        answer=_tpe_later, expected="More of them on the high plateau",
        why=lambda r: f"{_high_share(r.searches.run('TPE')):.0%} of TPE's trials 11 to 20 score {HIGH:.0%} "
                      f"or more, against {_high_share(r.searches.run('random')):.0%} of random search's "
                      "draws 11 to 20: it proposes where good scores have been likelier than bad ones.",
    ),
)

TOUR = (
    Step("The map under every search: the 5-fold CV accuracy of the SVM at 2,401 settings. From gamma "
         "1 up, nothing works; below, accuracy rises with C until C is large enough, then stays flat, "
         "and the smaller gamma is, the larger C must be.",
         {}, holds=lambda r: _row(r, 0.0).max() < 0.2 and _row(r, -3.0).max() >= 0.98),
    Step("Grid search: 4 values of C times 5 of gamma. Its 20 settings sit on only 5 rows of the map, "
         "each row tried 4 times.",
         dict(focus="grid"),
         holds=lambda r: r.searches.run("grid").settings == 20 and r.searches.run("grid").distinct_gamma == 5),
    Step("Random search: 20 log-uniform draws, and 15 or more distinct rows of gamma among them, for the "
         "same 100 fits.",
         dict(focus="random"), holds=lambda r: r.searches.run("random").distinct_gamma >= 15),
    Step("Successive halving: 56 settings screened on 60 samples (the small diamonds, scored low and "
         "noisily), the best 19 on 180, the best 7 on all 540. Its best is the best of that last round.",
         dict(focus="halving"),
         holds=lambda r: [int(np.sum(r.searches.run("halving").samples == n)) for n in (60, 180, 540)]
         == [56, 19, 7]),
    Step("Optuna's TPE: its first 10 trials are random, here the very same draws as random search's, so "
         "the two curves are one until 50 fits. After that it proposes where good scores were likelier, "
         "and crowds onto the plateau.",
         dict(focus="TPE"),
         holds=lambda r: (_same_start(r)
                          and _high_share(r.searches.run("TPE")) > _high_share(r.searches.run("random")))),
    Step("Bergstra & Bengio's case: a score set almost only by parameter 1. The 4 × 4 grid tries 4 values "
         "of it, 16 random draws try 16, and one of those lands near the peak the grid steps over.",
         ONE, holds=lambda r: _distinct(r) == "4 and 16" and _winner(r) == "Random search"),
    Step("When both parameters matter as much (a share of 0.5), the grid's shadow on each axis is still "
         "4 values against 16, but there is no longer one axis that a good search must cover first.",
         dict(ONE, weight=0.5), holds=lambda r: _distinct(r) == "4 and 16"),
)

MAIN = titled(fig.main_figure)

MEASURES = (
    ("Best CV accuracy (search in focus)", lambda r: r.best_score, "{:.4f}"),
)


def _on_the_map(r) -> bool:
    """Every grid, random and TPE evaluation is a cell scored as the map scores it; halving's
    rounds are on 60, 180 and 540 samples, and its last round's scores are the map's too."""
    f = r.searches

    def cells(s):
        i = np.round((s.c - f.c_axis[0]) * 8).astype(int)
        j = np.round((s.gamma - f.gamma_axis[0]) * 8).astype(int)
        on = np.array_equal(f.c_axis[i], s.c) and np.array_equal(f.gamma_axis[j], s.gamma)
        return on, f.scores[j, i]

    for name in ("grid", "random", "TPE"):
        on, scores = cells(f.run(name))
        if not on or not np.array_equal(scores, f.run(name).score):
            return False
    h = f.run("halving")
    on, scores = cells(h)
    last = h.samples == 540
    return on and set(h.samples.tolist()) == {60, 180, 540} and np.array_equal(scores[last], h.score[last])


def _gamma_rules(r) -> bool:
    f = r.searches
    low = f.gamma_axis <= -2
    high = f.gamma_axis >= 0
    ceilings = f.scores.max(axis=1)
    # From which C on each row stays within half a point of its value at the largest C.
    end = f.scores[:, -1:]
    flat = np.array([next(j for j in range(len(row)) if np.all(np.abs(row[j:] - e) <= 0.005))
                     for row, e in zip(f.scores, end[:, 0])])
    diagonal = flat[(f.gamma_axis >= -5) & (f.gamma_axis <= -3)]
    return bool(np.all(ceilings[low] >= 0.98) and np.all(ceilings[high] < 0.2)
                and np.all(np.diff(diagonal) <= 0) and diagonal[0] > diagonal[-1] + 8)


def _shadows(r) -> bool:
    c = r.coverage
    return c.grid.distinct == c.side and c.random.distinct == c.side**2


CLAIMS = {
    "lookup": Claim(
        "Every point a search tries is a cell of this map: random search's log-uniform draws and Optuna's "
        "proposals are rounded to the nearest of its eight values a decade, and their scores are read off "
        "the map instead of refitted (the tests check them against the real search objects; the code "
        "below runs the real search). Successive halving's scores on 60 and 180 samples are from a real "
        "HalvingGridSearchCV run, stored with the map; its last round, on all 540, scores as the map does.",
        holds=_on_the_map),
    "gamma": Claim(
        "Read the map row by row. Each gamma has a ceiling no C can raise: about 98% for gamma up to "
        "10⁻², under 20% from gamma 1 up. Below its ceiling C only has to be large enough, and the "
        "smaller gamma is, the larger C must be: the diagonal edge on the left.",
        holds=_gamma_rules),
    "startup": Claim(
        "Optuna's TPE begins with 10 random trials, drawn from NumPy's generator seeded as random search's "
        "is, uniformly in the exponents as random search's log-uniform draws are: so its first 10 settings "
        "are random search's first 10, drawn on top of them, and the two curves are one until 50 fits. "
        "After that TPE proposes where good scores have been likelier than bad ones.",
        holds=_same_start),
    "shadow": Claim(
        "Under the square, each search's shadow on parameter 1: the grid's k values, each tried k times "
        "(once per value of parameter 2, which hardly matters), against a new value at every random draw.",
        state=ONE, holds=_shadows),
    "misreading": Claim(ex.MISREADING, holds=lambda r: (
        r.searches.run("grid").distinct_gamma * 3 <= r.searches.run("random").distinct_gamma)),
    "misreading_one": Claim(ex.MISREADING, state=ONE, holds=lambda r: (
        _shadows(r) and r.coverage.random.best_score > r.coverage.grid.best_score + 0.3)),
}
