"""The attention explorer, checked against torch and the model: the toy's weights and outputs
against ``scaled_dot_product_attention``, the encoder's maps against the model's own
``output_attentions`` and against layer 1 recomputed from its weights, the word vectors
against sentence-transformers' token embeddings; the length cap, the followed tokens, hostile
text in the figures."""

import base64
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from explorers import _attention_model as model
from explorers import _minilm
from explorers import attention as ex
from figures import attention as figs

P = ex.Params
LONG = ex.EXAMPLES[1]


@pytest.fixture(scope="module")
def heads():
    return ex.run(P(view="encoder heads"))


def _z(fig) -> np.ndarray:
    """A heatmap's z as the browser gets it (the theme sends arrays as typed base64)."""
    z = fig.to_dict()["data"][0]["z"]
    if isinstance(z, dict):
        flat = np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"])
        return flat.reshape([int(n) for n in z["shape"].split(",")]).astype(float)
    return np.array(z, dtype=float)


def _own(sentence: str):
    """The model's own outputs, tokenised and run here (not through the explorer)."""
    m = _minilm.encoder()[0]
    with _minilm.lock():
        batch = m.tokenizer(sentence, truncation=True, max_length=model.MAX_TOKENS, return_tensors="pt")
        with torch.no_grad():
            out = m.auto_model(**batch, output_attentions=True, output_hidden_states=True)
        tokens = m.tokenizer.convert_ids_to_tokens(batch["input_ids"][0])
    return tokens, out


# The toy, against torch.

@pytest.mark.parametrize("state", [{}, dict(mask="causal"), dict(temperature=0.01),
                                   dict(temperature=10.0, mask="causal"),
                                   dict(q=((1, -2, 3), (0, 1, 5), (-5, 4, 2)),
                                        k=((2, 2, 2), (0, -1, 3), (1, 0, 0)), v=((1,), (-3,), (5,)),
                                        temperature=0.5, mask="causal")])
def test_the_toy_is_torchs_scaled_dot_product_attention(state):
    p = P(**state)
    t = ex.run(p).toy
    q, k, v = (torch.tensor(m, dtype=torch.float64) for m in (p.q, p.k, p.v))
    scale = 1 / (math.sqrt(k.shape[1]) * p.temperature)
    fused = F.scaled_dot_product_attention(q, k, v, scale=scale, is_causal=p.mask == "causal")
    np.testing.assert_allclose(t.output, fused.numpy(), rtol=1e-10, atol=1e-12)
    scores = q @ k.T * scale
    if p.mask == "causal":
        scores = scores.masked_fill(~torch.ones(len(q), len(k), dtype=torch.bool).tril(), float("-inf"))
    np.testing.assert_allclose(t.weights, torch.softmax(scores, dim=-1).numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(t.weights.sum(axis=1), 1)
    assert (~t.allowed).sum() == (len(q) * (len(q) - 1) // 2 if p.mask == "causal" else 0)
    np.testing.assert_allclose(t.logits, (q @ k.T * scale).numpy())


def test_a_cold_softmax_is_one_hot_and_a_hot_one_is_even():
    cold, hot = ex.run(P(temperature=0.01)).toy, ex.run(P(temperature=10.0)).toy
    assert np.all(cold.weights.max(axis=1) > 0.99)
    assert hot.weights.max() - hot.weights.min() < ex.run(P()).toy.weights.max() - ex.run(P()).toy.weights.min()


@pytest.mark.parametrize("state, words", [
    (dict(k=((1, 0), (0, 1), (1, 1))), "one row per token"),
    (dict(k=((1, 0, 0), (0, 1, 0), (1, 1, 0), (0, 0, 1))), "as many columns"),
])
def test_mismatched_matrices_get_a_plain_message(state, words):
    with pytest.raises(ValueError, match=words):
        ex.run(P(**state))


# The encoder, against the model's own outputs.

def test_the_encoder_runs_eager_attention():
    assert _minilm.encoder()[0].auto_model.config._attn_implementation == "eager"


def test_every_map_is_the_models_own_output_attentions(heads):
    h = heads.heads
    tokens, out = _own(ex.SENTENCE)
    assert h.tokens == tuple(tokens)
    own = np.stack([a[0].numpy() for a in out.attentions])
    assert h.attentions.shape == (6, 12, len(tokens), len(tokens))
    np.testing.assert_array_equal(h.attentions, own)
    np.testing.assert_allclose(h.attentions.sum(axis=-1), 1, atol=1e-5)


def test_layer_one_recomputed_from_the_weights_matches_its_maps(heads):
    """softmax(Q Kᵀ / √32) from layer 1's own query and key matrices and the embeddings."""
    h = heads.heads
    _, out = _own(ex.SENTENCE)
    attention = _minilm.encoder()[0].auto_model.encoder.layer[0].attention.self
    x = out.hidden_states[0][0]
    n, size = len(h.tokens), 32
    with torch.no_grad():
        q = attention.query(x).view(n, 12, size).transpose(0, 1)
        k = attention.key(x).view(n, 12, size).transpose(0, 1)
        weights = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(size), dim=-1)
    np.testing.assert_allclose(h.attentions[0], weights.numpy(), atol=1e-5)


def test_followed_tokens_rows_are_averaged(heads):
    r = ex.run(P(view="encoder heads", focus="animal it", layer=6, head=12))
    h = r.heads
    at = [h.tokens.index("animal"), h.tokens.index("it")]
    assert h.focus == tuple(at)
    np.testing.assert_allclose(h.row, h.attentions[5, 11][at].mean(axis=0))
    assert r.score == pytest.approx(h.row.max()) and abs(h.row.sum() - 1) < 1e-5
    assert heads.heads.focus == (h.tokens.index("it"),)  # the default follows "it" alone


def test_a_word_met_twice_is_followed_twice_and_unknown_names_are_reported():
    h = ex.run(P(view="encoder heads", focus="THE, [sep] zebra")).heads
    assert [h.tokens[i] for i in h.focus] == ["the", "the", "[SEP]"]
    assert h.unmatched == ("zebra",) and not h.fell_back
    none = ex.run(P(view="encoder heads", focus="zebra")).heads
    assert none.fell_back and none.focus == (1,)


def test_a_long_sentence_is_cut_at_the_cap_and_says_how_much():
    h = ex.run(P(view="encoder heads", sentence=LONG, focus="is")).heads
    tokens, out = _own(LONG)
    assert len(h.tokens) == model.MAX_TOKENS == len(tokens) and h.tokens[-1] == "[SEP]"
    m = _minilm.encoder()[0]
    with _minilm.lock():
        whole = len(m.tokenizer(LONG)["input_ids"])
    assert h.total == whole and h.dropped == whole - model.MAX_TOKENS > 0
    np.testing.assert_array_equal(h.attentions[2], out.attentions[2][0].numpy())


def test_a_shipped_review_is_read_and_the_seed_picks_it():
    from datasets.sentences import load

    h = ex.run(P(view="encoder heads", source="a shipped review", seed=7)).heads
    assert h.sentence == load()["text"].iloc[7]
    assert ex.run(P(view="encoder heads", source="a shipped review", seed=8)).heads.sentence != h.sentence


# Contextual embeddings, against sentence-transformers' own token embeddings.

def test_the_word_vectors_are_the_models_hidden_states():
    r = ex.run(P(view="contextual embeddings"))
    m = _minilm.encoder()
    last = []
    for sentence in r.drift.sentences:
        e = model.encoded(sentence)
        at = [i for i, t in enumerate(e.tokens) if t == "bank"]
        with _minilm.lock():
            tokens = np.asarray(m.encode(sentence, output_value="token_embeddings"))
        np.testing.assert_allclose(model.word_vectors(e, "bank")[-1], tokens[at].mean(axis=0), atol=1e-5)
        _, out = _own(sentence)
        embedded = out.hidden_states[0][0, at].mean(0)
        np.testing.assert_allclose(model.word_vectors(e, "bank")[0], embedded, atol=1e-6)
        last.append(tokens[at[0]].astype(np.float64))
    a, b, c = last
    cos = lambda x, y: x @ y / np.linalg.norm(x) / np.linalg.norm(y)  # noqa: E731
    np.testing.assert_allclose(r.drift.cosine[:, -1], [cos(a, b), cos(a, c), cos(b, c)], atol=1e-5)
    assert r.score == r.drift.cosine[0, -1]


def test_a_word_missing_from_a_sentence_gets_a_plain_message():
    with pytest.raises(ValueError, match="not in sentence B"):
        ex.run(P(view="contextual embeddings", sentence_b="I paid the money in cash."))


def test_a_word_split_into_pieces_is_their_mean():
    e = model.encoded("Tokenisation is fun.")
    at = [i for i, w in enumerate(e.words) if w == "Tokenisation"]
    assert len(at) > 1
    np.testing.assert_allclose(model.word_vectors(e, "tokenisation"), e.hidden[:, at].mean(axis=1))


# The figures carry the numbers, and the learner's text escaped.

def test_the_grid_figure_holds_every_head(heads):
    h = heads.heads
    z = _z(figs.grid_figure(heads))
    n, step = len(h.tokens), len(h.tokens) + 1
    for layer, head in ((0, 0), (3, 1), (5, 11)):
        np.testing.assert_allclose(z[layer * step:layer * step + n, head * step:head * step + n],
                                   h.attentions[layer, head], atol=5e-4)
    assert np.isnan(z[n, 0]) and np.isnan(z[0, n])  # the gaps between tiles


def test_the_toy_figure_shows_the_weights_and_blanks_the_mask():
    r = ex.run(P(mask="causal"))
    z = _z(figs.weights_figure(r))
    np.testing.assert_allclose(np.tril(z), np.tril(r.toy.weights), atol=1e-4)
    assert np.isnan(z[0, 1]) and not np.isnan(z[1, 0])


def test_hostile_text_is_escaped_in_every_figure():
    r = ex.run(P(view="encoder heads", sentence=ex.EXAMPLES[0], focus="b"))
    for build in (figs.head_figure, figs.row_figure):
        text = str(build(r).to_dict())
        assert "<b>" not in text and "&lt;" in text
