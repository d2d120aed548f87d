"""Saving & serving: joblib and skops give a model back exactly and ONNX to float32 rounding
(or a tree's vote), skops' audit names the forest's trees, a crafted pickle read but never
loaded, and an app that answers 200 or a 422 that says why."""

import numpy as np

from explorers import serving as ex
from figures import serving as fig
from lessons import Challenge, Claim, Step, titled

FOREST = dict(model="random forest")
SERVE = dict(view=ex.SERVE)
NEGATIVE = dict(SERVE, request=ex.NEGATIVE_REQUEST)
BROKEN = dict(SERVE, request=ex.NOT_JSON)
TREE = "sklearn.tree._tree.Tree"


def _diffs(r):
    return {f.name: f.max_diff for f in r.saving.formats}


def _float32_only(r) -> bool:
    d = _diffs(r)
    return d["joblib"] == 0 and d["skops"] == 0 and 0 < d["ONNX"] < 1e-5


def _a_trees_vote(r) -> bool:
    """ONNX is off by at least one tree's vote (1/trees of a probability), labels all agree."""
    trees = int(r.title.split(", ")[1].split()[0])
    s = r.saving
    return (_diffs(r)["ONNX"] >= (1 - 1e-6) / trees and s.of("joblib").max_diff == 0
            and all(f.agree == s.n_rows for f in s.formats))


def _onnx_answer(r) -> str:
    d = _diffs(r)["ONNX"]
    return "Exactly equal" if d == 0 else "Below 10⁻⁵: float32 rounding" if d < 1e-5 else "Above 0.01"


def _served_as_saved(r) -> bool:
    s = r.serving
    return s.status == 200 and s.probabilities.shape == s.expected.shape and np.allclose(
        s.probabilities, s.expected, rtol=0, atol=1e-12)


def _status_answer(r) -> str:
    return {200: "200 with a prediction", 422: "422 with a validation message"}.get(
        r.serving.status, "500: the server fails")


CHALLENGES = (
    Challenge(
        "Logistic regression saved as ONNX and run by onnxruntime: how far are its probabilities from "
        "scikit-learn's?",
        ("Exactly equal", "Below 10⁻⁵: float32 rounding", "Above 0.01"), {},
        answer=_onnx_answer, expected="Below 10⁻⁵: float32 rounding",
        why=lambda r: f"At most {_diffs(r)['ONNX']:.1e}: ONNX computes in float32, scikit-learn in float64. "
                      "joblib and skops give back the very same numbers (0 difference)."),
    Challenge(
        "Save the random forest with skops: which type does its audit ask you to approve?",
        ("None", TREE, "numpy.ndarray"), FOREST,
        answer=lambda r: r.saving.untrusted[0] if r.saving.untrusted else "None", expected=TREE,
        why=lambda r: f"get_untrusted_types lists {', '.join(r.saving.untrusted)}: the compiled tree "
                      "structure, which skops does not trust by default. Logistic regression needs nothing."),
    Challenge(
        "The random forest in ONNX: do its probabilities still match scikit-learn's to rounding?",
        ("Yes, below 10⁻⁵", "No: off by a whole tree's vote or more"), FOREST,
        answer=lambda r: ("Yes, below 10⁻⁵" if _diffs(r)["ONNX"] < 1e-5
                          else "No: off by a whole tree's vote or more"),
        expected="No: off by a whole tree's vote or more",
        why=lambda r: f"Off by {_diffs(r)['ONNX']:.3f}: a flower exactly on a tree's threshold in float64 "
                      "falls on the other side once thresholds and inputs are rounded to float32, and that "
                      "tree votes for another class."),
    Challenge(
        "Send the app a petal width of −1 cm: what does it answer?",
        ("200 with a prediction", "422 with a validation message", "500: the server fails"), NEGATIVE,
        answer=_status_answer, expected="422 with a validation message",
        why=lambda r: f"{r.serving.status}: pydantic checks the body before the model sees it, and says "
                      f"where: {r.serving.message}"),
)

TOUR = (
    Step("Logistic regression saved three ways: joblib and skops give its probabilities back exactly; "
         "ONNX, which computes in float32, to within 10⁻⁵.", {}, holds=_float32_only),
    Step("A random forest: the skops file is the largest, its audit asks you to approve the trees' type, "
         "and ONNX's probabilities now differ by at least a tree's vote.", FOREST,
         holds=lambda r: (r.saving.sizes.argmax() == ex.FORMATS.index("skops")
                          and r.saving.untrusted == (TREE,) and _a_trees_vote(r))),
    Step("Compression at level 9: the forest's joblib file is now smaller than its ONNX file (ONNX is "
         "not compressed), and joblib's and skops' probabilities are still exactly the original's.",
         dict(FOREST, compress=9),
         holds=lambda r: (r.saving.of("joblib").size < r.saving.of("ONNX").size
                          and all(r.saving.of(n).max_diff == 0 for n in ("joblib", "skops")))),
    Step("The serve view: a FastAPI app generated for the model answers 200, with the pipeline's own "
         "probabilities.", SERVE, holds=_served_as_saved),
    Step("A petal width of −1: 422, and the message names the field and the rule it broke.", NEGATIVE,
         holds=lambda r: r.serving.status == 422 and "petal_width" in r.serving.message
         and "greater than 0" in r.serving.message),
    Step("Half a JSON body: 422 again, a JSON decode error, and the model never ran.", BROKEN,
         holds=lambda r: r.serving.status == 422 and "JSON decode error" in r.serving.message
         and len(r.serving.probabilities) == 0),
)

MAIN = titled(fig.main_figure)

MEASURES = (("Headline number", lambda r: r.value, "{:.4g}"),)  # ONNX's |Δp|, or the status

CLAIMS = {
    "onnx_float32": Claim(
        "ONNX computes in float32, so its probabilities differ from scikit-learn's float64 ones by "
        "rounding, here below 10⁻⁵; joblib and skops give them back exactly.", holds=_float32_only),
    "onnx_threshold": Claim(
        "In float32 a flower on one of a tree's thresholds can fall on the other side, so the forest's "
        "ONNX probabilities differ by a whole tree's vote or more, not by rounding; the predicted "
        "labels still all agree. joblib and skops give the probabilities back exactly.",
        state=FOREST, holds=_a_trees_vote),
    # Shown when neither sentence above is true at the page's state (a one-tree forest, say).
    "onnx_other": Claim(
        "ONNX computes in float32 and scikit-learn in float64: the metrics above say how far apart "
        "their probabilities are, and how many predicted labels agree.",
        holds=lambda r: r.saving.diffs[2] >= 0 and len(r.saving.formats) == 3),
    "audit": Claim(
        "skops' audit lists the forest's compiled tree type, `sklearn.tree._tree.Tree`, which it does "
        "not trust by default: read the list, approve only the types you expect, and `load` refuses "
        "anything else instead of running it.", state=FOREST,
        holds=lambda r: r.saving.untrusted == (TREE,)),
    "audit_empty": Claim(
        "skops' audit lists nothing: every type in this pipeline is on its safe list, so "
        "`skops.io.load` needs no approval.", holds=lambda r: r.saving.untrusted == ()),
    "crafted": Claim(
        "These bytes were written from an object whose `__reduce__` returns `(os.system, (command,))`. "
        "`GLOBAL` imports `system` from `posix` (the module behind `os` on Linux), the command is "
        "pushed, and `REDUCE` calls the function with it: loading this pickle would run the command. "
        "`pickletools.dis` only decodes the instructions; nothing here ever loads them.",
        holds=lambda r: (r.saving.crafted_imports == ("posix.system",) and "REDUCE" in r.saving.crafted
                         and "GLOBAL     'posix system'" in r.saving.crafted)),
}
