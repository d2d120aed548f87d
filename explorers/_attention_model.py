"""What the MiniLM encoder computes for one sentence: its word pieces, every head's attention
weights and every layer's hidden states, read from the one encoder the server holds
(``explorers._minilm.encoder()``, shared with the sentiment page, run with eager attention).

A sentence is cut at ``MAX_TOKENS`` word pieces, [CLS] and [SEP] included, before the model
sees it: the page draws every head's n × n map, and 72 maps of a long review would neither
fit a screen nor read. What was cut is counted, so the page can say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from datasets.readonly import readonly
from explorers import _minilm

MAX_TOKENS = 24  # word pieces the model is given, [CLS] and [SEP] included
LAYERS, HEADS = 6, 12


@dataclass(frozen=True)
class Encoded:
    tokens: tuple[str, ...]  # the word pieces the model saw, [CLS] first and [SEP] last
    words: tuple[str, ...]  # for each piece, the word of the sentence it is part of ("" for [CLS], [SEP])
    word_ids: tuple[int, ...]  # for each piece, which word it is part of (-1 for [CLS], [SEP])
    attentions: np.ndarray  # (layer, head, query, key): each row sums to 1
    hidden: np.ndarray  # (7, piece, 384): the embeddings, then each layer's output
    dropped: int  # word pieces cut at the cap
    total: int  # word pieces of the whole sentence, [CLS] and [SEP] included


@lru_cache(maxsize=32)
def encoded(sentence: str) -> Encoded:
    """The model's outputs for ``sentence`` (cut at MAX_TOKENS pieces), computed once: a
    slider over layers or heads only reads them again. 32 sentences of ~0.5 MB at most."""
    import torch

    model = _minilm.encoder()[0]  # the Transformer module: tokenizer and BERT model
    with _minilm.lock():  # a fast tokenizer refuses two threads at once
        tokenizer = model.tokenizer
        total = len(tokenizer(sentence)["input_ids"])
        batch = tokenizer(sentence, truncation=True, max_length=MAX_TOKENS, return_tensors="pt",
                          return_offsets_mapping=True)
        offsets = batch.pop("offset_mapping")[0].tolist()
        word_ids = [-1 if w is None else w for w in batch.word_ids(0)]
        with torch.no_grad():
            out = model.auto_model(**batch, output_attentions=True, output_hidden_states=True)
        tokens = tokenizer.convert_ids_to_tokens(batch["input_ids"][0])
    spans: dict[int, list[int]] = {}
    for w, (start, end) in zip(word_ids, offsets):
        if w >= 0:
            span = spans.setdefault(w, [start, end])
            span[0], span[1] = min(span[0], start), max(span[1], end)
    words = tuple("" if w < 0 else sentence[spans[w][0]:spans[w][1]] for w in word_ids)
    attentions = np.stack([a[0].numpy() for a in out.attentions])
    hidden = np.stack([h[0].numpy() for h in out.hidden_states])
    return Encoded(tuple(tokens), words, tuple(word_ids), readonly(attentions), readonly(hidden),
                   dropped=total - len(tokens), total=total)


def pieces_of(e: Encoded, typed: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The positions of the pieces the learner named (words of the sentence, or pieces such as
    ``[CLS]`` or ``##ing``, apart by spaces or commas; any case), and the names that matched none."""
    found, unmatched = [], []
    for name in dict.fromkeys(typed.replace(",", " ").lower().split()):
        hits = [i for i, (t, w) in enumerate(zip(e.tokens, e.words)) if name in (t.lower(), w.lower())]
        found += hits
        if not hits:
            unmatched.append(name)
    return tuple(sorted(set(found))), tuple(unmatched)


def word_vectors(e: Encoded, word: str) -> np.ndarray | None:
    """The first occurrence of ``word`` (any case) in the sentence: the mean of its pieces'
    hidden states at each layer, (7, 384); None if it is not there (or was cut)."""
    for w in dict.fromkeys(i for i in e.word_ids if i >= 0):
        at = [i for i, j in enumerate(e.word_ids) if j == w]
        if e.words[at[0]].lower() == word.lower():
            return e.hidden[:, at, :].mean(axis=1)
    return None
