"""PCA and LDA: PCA follows the spread whatever the classes, LDA follows the classes; PCA on
unscaled features follows the feature with the largest units."""

import numpy as np
from sklearn.neighbors import KNeighborsClassifier

from explorers import pca_lda as ex
from figures import pca_lda as fig
from lessons import Challenge, Claim, Step, titled

SHORT, LONG = "2-D, split on short axis", "2-D, split on long axis"


def _separates(r) -> str:
    return "LDA's axis" if r.sep_lda > r.sep_pca + 0.2 else "Both about as well"


def _dominant(r) -> str:
    """The feature that weighs most in the first principal axis."""
    return r.feature_names[int(abs(r.components[0]).argmax())]


def _wine(r) -> str:
    if _dominant(r) == "proline":
        return "Proline alone, the feature with the largest numbers"
    return "A mix of many features"


def named(r) -> int:
    """How many of the rebuilt digits on the page are nearest (in pixels) to a digit of their own
    class among the data set's other digits: a 1-nearest-neighbour classifier's reading of them."""
    if r.standardized:
        raise ValueError("the reading compares pixel units: raw digits only")
    others = np.setdiff1d(np.arange(len(r.y)), r.shown)
    nearest = KNeighborsClassifier(n_neighbors=1).fit(r.X[others], r.y[others])
    return int((nearest.predict(r.reconstructions) == r.y[r.shown]).sum())


def _legible(r) -> str:
    return "Yes, nearly all" if named(r) >= 9 else "No, they are blurs"


CHALLENGES = (
    Challenge(
        question="Two classes side by side across the cloud's short axis. Which one-dimensional "
                 "axis separates them: PCA's first, or LDA's?",
        options=("PCA's first", "LDA's axis", "Both about as well"),
        state={},
        answer=_separates, expected="LDA's axis",
        why=lambda r: f"Nearest-centroid accuracy on the axis: LDA {r.sep_lda:.0%}, PC1 {r.sep_pca:.0%}, "
                      f"chance 50%. PC1 keeps {r.explained_variance_ratio[0]:.0%} of the spread, all of it "
                      "along the long axis, where the classes overlap.",
    ),
    Challenge(
        question="The wine data, unscaled: what does the first principal axis follow?",
        options=("A mix of many features", "Proline alone, the feature with the largest numbers"),
        state=dict(data="wine"),
        answer=_wine, expected="Proline alone, the feature with the largest numbers",
        why=lambda r: f"PC1 is mostly {_dominant(r)} and keeps {r.explained_variance_ratio[0]:.1%} of the "
                      "variance: proline runs into the hundreds and thousands while other features are "
                      "below 10, so its variance swamps theirs. Standardize first.",
    ),
    Challenge(
        question="Rebuild the digits from 10 of their 64 principal components. Can the rebuilt "
                 "digits still be told apart?",
        options=("No, they are blurs", "Yes, nearly all"),
        state=dict(data="digits", k=10),
        answer=_legible, expected="Yes, nearly all",
        why=lambda r: f"{named(r)} of the {len(r.shown)} rebuilt digits are nearest, pixel by pixel, to "
                      f"a digit of their own class: 10 components keep {r.explained_k:.0%} of the "
                      "variance, and the strokes that tell digits apart are in it.",
    ),
)

TOUR = (
    Step("Classes split across the short axis: PC1 runs along the long axis and mixes them; "
         "LDA's axis pulls them apart.",
         {}, holds=lambda r: r.sep_lda > r.sep_pca + 0.2),
    Step("Classes split along the long axis: now PC1 happens to separate them too, as well as "
         "LDA. PCA never looks at the classes; it was luck.",
         dict(data=LONG), holds=lambda r: abs(r.sep_pca - r.sep_lda) < 0.05),
    Step("Wine, unscaled: one feature, proline, is the first principal axis, because its "
         "numbers are the largest.",
         dict(data="wine"), holds=lambda r: _dominant(r) == "proline" and r.explained_variance_ratio[0] > 0.99),
    Step("Wine, standardized: the first axis mixes many features and keeps about a third of "
         "the variance.",
         dict(data="wine", scale="standardized"),
         holds=lambda r: _dominant(r) != "proline" and 0.3 < r.explained_variance_ratio[0] < 0.4),
    Step("Digits with 20 of 64 components: nearly 90% of the variance, and the reconstructed "
         "digits are easy to read.",
         dict(data="digits", k=20), holds=lambda r: r.explained_k > 0.85 and named(r) == len(r.shown)),
)

MAIN = titled(fig.scree_figure)


def _drops(r) -> bool:
    """At k = 1 the reconstruction is each point's foot on PC1: the error is the mean squared
    drop length over the number of coordinates."""
    squared = ((r.X - r.pc1_foot) ** 2).sum(axis=1).mean()
    return r.k == 1 and bool(np.isclose(squared / r.X.shape[1], r.reconstruction_error))


def _raw(r) -> bool:
    proline = r.X[:, r.feature_names.index("proline")]
    # The caption shows on iris too: LDA's accuracy, the same five folds, does not move on either.
    same_lda = all(abs(ex.run(ex.Params(data=data)).sep_lda
                       - ex.run(ex.Params(data=data, scale="standardized")).sep_lda) < 1e-9
                   for data in ("iris", "wine"))
    return (_dominant(r) == "proline" and abs(r.components[0]).max() > 0.99
            and 100 <= proline.min() and proline.max() >= 1000 and same_lda)


CLAIMS = {
    "drops": Claim(
        "Arrows: the principal axes from the mean, two standard deviations long along each. Grey lines "
        "drop every point onto PC1: with k = 1 the foot of the line *is* the reconstruction, and the "
        "reconstruction error is the mean squared drop length divided by 2, the number of coordinates. "
        "The dashed line is LDA's axis, which uses the colours.",
        holds=_drops),
    "raw": Claim(
        "Raw measurements: PCA weighs each feature by its variance, so one in large units dominates. On "
        "wine, proline (in the hundreds to thousands) is nearly all of PC1. Standardize to let every "
        "feature count equally; LDA's accuracy is the same either way.",
        state=dict(data="wine"), holds=_raw),
    "digits": Claim(
        "Digits only: one digit of each class, and the same digit rebuilt from the first k components "
        "(the mean digit plus k weighted component images). At k = 10, three quarters of the variance, "
        "nearly every rebuilt digit is still nearest to a digit of its own class; all 64 give each "
        "digit back exactly.",
        state=dict(data="digits", k=10),
        holds=lambda r: 0.7 < r.explained_k < 0.8 and named(r) >= 9),
    # Shown by the shared code panel from the explorer; the words under test are the same.
    "misreading": Claim(ex.MISREADING, holds=lambda r: r.sep_pca < 0.6 and r.sep_lda > 0.9),
}
