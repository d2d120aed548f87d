"""The image project: a loud rare pixel, the split's own spread, and a model that survives saving."""

import numpy as np

from explorers import image_project as ex
from explorers import cnn_filters
from explorers.cnn_filters import downscale
from figures import image_project as fig
from lessons import Challenge, Claim, Step, titled


def _stratified(r) -> bool:
    s = r.split
    return bool(abs(s.test_counts / s.n_test - s.train_counts / s.n_train).max() < 0.005)


def _loud(r) -> str:
    s = r.scaled
    if s.largest > 10:
        return "Above 10"
    return "About 1 to 3" if s.largest >= 1 else "Below 1"


def _loud_pixel(r) -> bool:
    s = r.scaled
    minmax = ex.run(ex.Params(step="scale", scaler="min-max", seed=r.split_seed)).scaled
    return (s.largest > 30 and s.pixel_inked < 0.01 and s.largest_test > s.largest
            and abs(minmax.train_min.min()) < 1e-12 and abs(minmax.largest - 1) < 1e-12)


def _spread(r) -> str:
    gap = float(r.crossed.scores.max() - r.crossed.scores.min())
    if gap < 0.005:
        return "Under half a point"
    return "Half a point to two points" if gap <= 0.02 else "More than two points"


def _round_trip(r) -> bool:
    s = r.saved
    return s.same_predictions == len(r.fit.y_test) and s.same_probabilities


def _kept(r) -> str:
    return "Yes: every prediction and probability" if _round_trip(r) else "No: some answers change"


def _divides_by_16() -> bool:
    images = ex.fits.split(0)[1][:5].reshape(-1, 8, 8)
    return bool(np.allclose(cnn_filters.as_input(images).numpy()[:, 0] * 16, images))


def _downscaled(r) -> bool:
    """A digit drawn 24 times as large, off-centre on a bigger pad, comes back as itself."""
    digit = np.zeros((8, 8))
    digit[1:7, 2:6] = 16  # a solid block: every 4×4 cell fully inked or empty
    pad = np.zeros((300, 260), np.uint8)
    pad[40:40 + 192, 10:10 + 192] = np.kron(digit, np.ones((24, 24))).astype(np.uint8) * 15
    image = downscale(pad)
    # Cropped to its ink and centred: the tall block comes back full height, in the middle.
    return (image.shape == (8, 8) and image.max() == 16 and image.min() == 0
            and np.all(image == image.round()) and np.array_equal(image, image[:, ::-1])
            and image[:, 3:5].min() == 16)


def _misreading(r) -> bool:
    crossed = ex.run(ex.Params(step="cross-validate", seed=r.split_seed)).crossed
    return (len(r.fit.wrong) > 0 and r.fit.confidence[r.fit.wrong[0]] > 0.9
            and crossed.scores.max() - crossed.scores.min() >= 0.01)


CV10 = dict(step="cross-validate", splits=10)

CHALLENGES = (
    Challenge(
        question="After the standard scaler, what is the largest value a pixel takes in the training images?",
        options=("Below 1", "About 1 to 3", "Above 10"),
        state=dict(step="scale"),
        answer=_loud, expected="Above 10",
        why=lambda r: f"{r.scaled.largest:.1f}, at pixel {r.scaled.pixel}: inked in "
                      f"{r.scaled.pixel_inked:.2%} of the training images, so its spread is tiny and dividing "
                      f"by it makes its one stroke huge. A test image reaches {r.scaled.largest_test:.1f}.",
    ),
    Challenge(
        question="Logistic regression refitted on 10 splits, nothing else changed: how far apart are its "
                 "best and worst test accuracies?",
        options=("Under half a point", "Half a point to two points", "More than two points"),
        state=CV10,
        answer=_spread, expected="More than two points",
        why=lambda r: f"From {r.crossed.scores.min():.1%} to {r.crossed.scores.max():.1%} "
                      f"(mean {r.crossed.mean:.1%}): one split's score carries that much luck.",
    ),
    Challenge(
        question="The SVM saved with skops and loaded back: does it answer exactly as before?",
        options=("Yes: every prediction and probability", "No: some answers change"),
        state=dict(step="save", model="SVM"),
        answer=_kept, expected="Yes: every prediction and probability",
        why=lambda r: f"{r.saved.same_predictions} of {len(r.fit.y_test)} predictions, and every probability "
                      f"bit for bit, from a {r.saved.size / 1000:,.0f} kB file, after trusting "
                      f"{len(r.saved.untrusted)} types skops listed.",
    ),
)

TOUR = (
    Step("Split: a stratified quarter of the 1,797 digits is held out, and every digit keeps its share "
         "on both sides.", dict(step="split"), holds=_stratified),
    Step("Scale: the standard scaler, fitted on the training images, turns a pixel almost never inked "
         "into a value above 30; a test image inks it harder still.",
         dict(step="scale"), holds=_loud_pixel),
    Step("Model: logistic regression gets more than 95% of the test images right, and more of the "
         "training images than of the test ones.",
         dict(step="model"), holds=lambda r: r.fit.test_accuracy > 0.95
         and r.fit.train_accuracy > r.fit.test_accuracy),
    Step("Cross-validate: ten other splits, the same model, and the test accuracy moves by more than "
         "two points.", CV10, holds=lambda r: _spread(r) == "More than two points"),
    Step("Metrics: its most confident mistake is more than 90% sure of the wrong digit.",
         dict(step="metrics"), holds=lambda r: len(r.fit.wrong) > 0 and r.fit.confidence[r.fit.wrong[0]] > 0.9),
    Step("Save: written with skops and loaded back, it predicts every test image as before.",
         dict(step="save"), holds=_round_trip),
)

MAIN = titled(fig.main_figure)

MEASURES = (("Headline number", lambda r: r.value, "{:.4g}"),)  # the step says which (ex.WHAT)

CLAIMS = {
    "stratified": Claim("Stratified: every digit's share of the test images is within half a point of "
                        "its share of the training images.", holds=_stratified),
    "loud_pixel": Claim("The standard scaler divides each pixel by its spread over the training images: "
                        "the largest value belongs to a pixel inked in under 1% of them, and a test image "
                        "that inks it goes further still. Min-max keeps training values within 0–1.",
                        state=dict(step="scale"), holds=_loud_pixel),
    "spread": Claim("Nothing but the split changes from bar to bar, and the test accuracy moves by "
                    "more than a point: quote the mean and its spread, not one split's score.",
                    state=dict(step="cross-validate"),
                    holds=lambda r: r.crossed.scores.max() - r.crossed.scores.min() > 0.01),
    "round_trip": Claim("Loaded back from the bytes, the model predicts every test image as it did "
                        "before saving.", state=dict(step="save"), holds=_round_trip),
    "cnn_scale": Claim("The CNN does not use this scaler: it divides the ink by 16 itself.",
                       state=dict(step="scale", scaler="min-max"), holds=lambda r: _divides_by_16()),
    "cnn_code": Claim("The CNN is the CNN filters page's own network, trained by its PyTorch code: no "
                      "scikit-learn wrapper of it exists here, so it is no Pipeline, and its code below "
                      "is torch.",
                      state=dict(step="model", model="CNN"),
                      holds=lambda r: isinstance(r.fit.estimator, cnn_filters.Result)
                      and "import torch" in ex.code(ex.Params(step="model", model="CNN"))),
    "downscale": Claim("Your drawing is cropped to its ink, centred in a square, read as a 32×32 bitmap "
                       "and counted in 4×4 blocks: 8×8 ink counts from 0 to 16, as the digits were made.",
                       state=dict(step="draw"), holds=_downscaled),
    "misreading": Claim(ex.MISREADING, state=dict(step="metrics"), holds=_misreading),
}
