"""Attention: a softmax cooled to one-hot, a causal first token, the head where "it" finds
"animal", and "bank" pulled apart by its context."""

import numpy as np

from explorers import attention as ex
from figures import attention as fig
from lessons import Challenge, Claim, Step, titled

COLD = dict(temperature=0.01)
CAUSAL = dict(mask="causal")
HEADS = dict(view="encoder heads")
DRIFT = dict(view="contextual embeddings")


def _row_shape(r) -> str:
    w = r.toy.weights
    if np.all(w.max(axis=1) > 0.99):
        return "A single 1, the rest 0"
    if np.allclose(w, 1 / w.shape[1], atol=0.05):
        return "All equal"
    return "Much as before"


def _first_on_itself(r) -> str:
    w = r.toy.weights[0, 0]
    return "All of it (1)" if w == 1 else "About half" if 0.3 < w < 0.7 else "Some other share"


def _drifted(r) -> str:
    d = r.drift.cosine[0]
    return "Further apart" if d[-1] < d[0] - 0.1 else "Closer" if d[-1] > d[0] + 0.01 else "About as alike"


def _special_share(h) -> np.ndarray:
    """Each head's mean weight on [CLS] and [SEP], (layer, head)."""
    return h.attentions[..., [0, len(h.tokens) - 1]].sum(axis=-1).mean(axis=-1)


CHALLENGES = (
    Challenge(
        question="Cool the softmax: at temperature 0.01, what does each row of the weights become?",
        options=("Much as before", "All equal", "A single 1, the rest 0"),
        state=COLD,
        answer=_row_shape, expected="A single 1, the rest 0",
        why=lambda r: f"Dividing the scores by 0.01 multiplies their gaps by 100, so the largest score in "
                      f"each row takes a weight of {r.toy.weights.max(axis=1).min():.4f} or more: attention "
                      "becomes a lookup of one key. A hot softmax (10) evens the weights out instead.",
    ),
    Challenge(
        question="Switch to a causal mask (as GPT). How much of the first token's attention goes to itself?",
        options=("About half", "All of it (1)", "Some other share"),
        state=CAUSAL,
        answer=_first_on_itself, expected="All of it (1)",
        why=lambda r: f"Its weight on itself is {r.toy.weights[0, 0]:.2f}: every key after it is masked, and "
                      "a softmax over a single score is 1, whatever Q and K hold. The last token still "
                      "sees everyone.",
    ),
    Challenge(
        question=f"\"{ex.SENTENCE}\" At layer 4, head 2, which token does \"it\" attend to most?",
        options=("animal", "street", "it", "[CLS]"),
        state=HEADS,
        answer=lambda r: r.heads.tokens[r.heads.top], expected="animal",
        why=lambda r: f"\"{r.heads.tokens[r.heads.top]}\" with weight {r.score:.2f}: this head links the "
                      "pronoun to what it stands for. Move to another head and \"it\" looks elsewhere, "
                      "often at [CLS]: one head is one of 72 views, not the model's reading.",
    ),
    Challenge(
        question="\"bank\" by a river (A) and \"bank\" with money (B): after six layers, are their vectors "
                 "closer than at the embeddings, or further apart?",
        options=("Closer", "About as alike", "Further apart"),
        state=DRIFT,
        answer=_drifted, expected="Further apart",
        why=lambda r: f"Cosine {r.drift.cosine[0, 0]:.3f} at the embeddings (the same word, at another place), "
                      f"{r.score:.3f} after layer 6. The two money banks (B–C) stay at "
                      f"{r.drift.cosine[2, -1]:.3f}: the context pulled the senses apart.",
    ),
)

TOUR = (
    Step("Each token's query is compared with every key; a softmax turns each row of scores into weights "
         "that sum to 1. Here \"the\" puts most of its attention on itself.",
         holds=lambda r: np.allclose(r.toy.weights.sum(axis=1), 1) and r.toy.weights[0].argmax() == 0),
    Step("At temperature 0.01 the softmax is all but a max: each row is a single 1, and each output is "
         "one token's value copied.",
         COLD, holds=lambda r: bool(np.all(r.toy.weights.max(axis=1) > 0.99))),
    Step("A causal mask hides every key after the query (the blank upper triangle): the first token "
         "can only attend to itself, with weight 1.",
         CAUSAL, holds=lambda r: r.toy.weights[0, 0] == 1 and np.all(np.triu(r.toy.weights, k=1) == 0)),
    Step("Now a real encoder. At layer 4, head 2, \"it\" (outlined) puts most of its attention on "
         "\"animal\".",
         HEADS, holds=lambda r: r.heads.tokens[r.heads.top] == "animal"),
    Step("At layer 5, head 1, the same \"it\" rests on [CLS]: many heads park their attention there "
         "when they have nothing to look for.",
         dict(HEADS, layer=5, head=1), holds=lambda r: r.heads.tokens[r.heads.top] == "[CLS]"),
    Step("\"bank\" starts almost the same vector in every sentence; layer by layer, the river bank (A) "
         "and the money bank (B) drift apart, while the two money banks (B, C) stay close.",
         DRIFT, holds=lambda r: r.drift.cosine[0, -1] < r.drift.cosine[0, 0] - 0.1
         and r.drift.cosine[2, -1] > r.drift.cosine[0, -1] + 0.1),
)

MAIN = titled(fig.main_figure)

MEASURES = (
    ("The view's number (largest weight, or A–B cosine)", lambda r: r.score, "{:.3f}"),
)


def _toy_holds(r) -> bool:
    t = r.toy
    return (np.allclose(t.weights.sum(axis=1), 1) and np.allclose(t.output, t.weights @ t.v)
            and np.allclose(t.scores, t.q @ t.k.T / np.sqrt(t.k.shape[1])))


def _heads_hold(r) -> bool:
    h = r.heads
    return (abs(h.row.sum() - 1) < 1e-5 and np.allclose(h.row, h.chosen[list(h.focus)].mean(axis=0))
            and bool(h.focus))


def _grid_holds(r) -> bool:
    share = _special_share(r.heads)
    before = np.diagonal(r.heads.attentions[0, 2], offset=-1).mean()  # layer 1, head 3
    return bool(share[0].max() < 0.5 and (share[1:] > 0.5).mean() >= 1 / 3 and before > 0.9)


def _drift_holds(r) -> bool:
    c = r.drift.cosine
    return c[0, 0] > 0.95 and c[0, -1] < c[0, 0] - 0.1 and c[2, -1] > c[0, -1] + 0.1


CLAIMS = {
    "toy": Claim("Score = query · key ÷ (√d × temperature); each row's softmax gives the weights, "
                 "which sum to 1; each output (lower right) is the weights times the values, a weighted "
                 "mean of V's rows.",
                 holds=_toy_holds),
    "heads": Claim("Left: one head's weights, a row per token; the followed tokens' rows are outlined in red. "
                   "Right: those rows averaged, which sums to 1 like each row; the red bar is where they "
                   "look most.", state=HEADS, holds=_heads_hold),
    "grid": Claim("Layer 1's heads keep most of their attention on the words (its head 3, the sharp "
                  "diagonal, looks at the token just before); from layer 2 up, a third or more of the heads "
                  "put over half of it on [CLS] and [SEP], where a head rests when it has nothing to look "
                  "for.", state=HEADS, holds=_grid_holds),
    "drift": Claim("At depth 0 the word's vectors differ only by position (cosine above 0.95). Layer by layer "
                   "the river bank (A) moves away from the money bank (B), while the two money banks (B–C) "
                   "stay closer.", state=DRIFT, holds=_drift_holds),
}
