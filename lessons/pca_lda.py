"""PCA and LDA: PCA follows the spread whatever the classes, LDA follows the classes; PCA on
unscaled features follows the feature with the largest units."""

from figures import pca_lda as fig
from lessons import Challenge, Step, titled

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
         holds=lambda r: _dominant(r) != "proline" and r.explained_variance_ratio[0] < 0.5),
    Step("Digits with 20 of 64 components: nearly 90% of the variance, and the reconstructed "
         "digits are easy to read.",
         dict(data="digits", k=20), holds=lambda r: r.explained_k > 0.85),
)

MAIN = titled(fig.scree_figure)
