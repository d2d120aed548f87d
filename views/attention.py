"""Transformers & attention: self-attention on a toy you edit, every head of a real encoder on
your sentence, and one word's vector drifting with its context, layer by layer."""

import streamlit as st

from explorers import attention as ex
from explorers._attention_model import MAX_TOKENS
from figures import attention as fig
from lessons import claims, said
from ui.page import aside, chart, chart_row, code_panel, explore, header
from ui.safe import shown

GRID_PLAIN = ("Every head of every layer on this sentence: a row per token that looks, a column per token "
              "it looks at, darker where it looks more. Compare the layers' habits row by row.")
DRIFT_PLAIN = ("The cosine similarity of the word's vectors in each pair of sentences, before the first layer "
               "and after each of the six: a line that falls is a pair the context pulls apart.")

header(ex, "Transformers & attention")
params, result = explore(ex)  # each view shows its own controls only (Params.shown)
r = result

if r.view == "toy attention":
    t = r.toy
    i, word = t.query, t.tokens[t.query]
    first, peak, looks = st.columns(3)
    first.metric("First token on itself", f"{t.weights[0, 0]:.2f}", border=True,
                 help="Row 1, column 1: under a causal mask the first token sees only itself, so this is 1.")
    peak.metric("Largest weight", f"{r.score:.2f}", border=True,
                help="The largest of all the weights: near 1 when one key takes a whole row.")
    looks.metric(f"\"{word}\" attends most to", f"{t.tokens[t.looks_at]} ({t.weights[i, t.looks_at]:.2f})",
                 border=True, help="The largest weight in the outlined row (the query token chosen).")
    chart(fig.main_figure(r))
    seen = [j for j in range(len(t.tokens)) if t.allowed[i, j]]
    st.caption(f"Row \"{word}\": Q·K ÷ (√d × T) = " + ", ".join(f"{t.logits[i, j]:.2f}" for j in seen)
               + f" (√d = {t.root_d:.2f}, T = {t.temperature:g}"
               + (f"; {len(t.tokens) - len(seen)} later key(s) masked" if len(seen) < len(t.tokens) else "")
               + ") → softmax → weights " + ", ".join(f"{t.weights[i, j]:.2f}" for j in seen)
               + " → output " + ", ".join(f"{x:.2f}" for x in t.output[i]) + ". " + said(ex, "toy"))
    chart_row(fig.scores_figure(r), fig.output_figure(r))
elif r.view == "encoder heads":
    h = r.heads
    top, peak, length = st.columns(3)
    top.metric("Looks most at", h.tokens[h.top], border=True,
               help=f"The largest weight of their (averaged) row at layer {h.layer}, head {h.head}.")
    peak.metric("Its weight", f"{r.score:.2f}", border=True,
                help="Out of 1: each row of a head's weights sums to 1.")
    length.metric("Word pieces read", f"{len(h.tokens)} of {h.total}", border=True,
                  help=f"At most {MAX_TOKENS}, [CLS] and [SEP] included: longer sentences are cut.")
    aside(None if not h.dropped else
          f"Cut at the {MAX_TOKENS}-piece cap: the last {h.dropped} word piece(s) of the sentence were "
          "not given to the model (a long review's 72 maps would not fit a screen).", "info",
          icon=":material/content_cut:")
    with st.container(key="head_row"):  # keyed: its charts redraw in place (see ui.page.chart_row)
        wide, narrow = st.columns([3, 2])
        with wide:
            chart(fig.head_figure(r))
        with narrow:
            chart(fig.row_figure(r))
    if h.unmatched:
        st.info("Not in the sentence, so not followed: " + ", ".join(shown(u, 30) for u in h.unmatched)
                   + (". Following its first word instead." if h.fell_back else "."), icon=":material/info:")
    st.caption(f"Sentence: {shown(h.sentence, limit=ex.MAX_CHARS)}")
    st.caption(said(ex, "heads"))
    chart(fig.grid_figure(r))
    # The grid's and the drift's readings are of the shipped sentences: a learner's own
    # sentence gets them only where they are true of it, else what the picture shows.
    st.caption(said(ex, "grid") if claims(ex)["grid"].holds(r) else GRID_PLAIN)
else:
    d = r.drift
    river, same, end = st.columns(3)
    river.metric("A–B at the embeddings", f"{d.cosine[0, 0]:.3f}", border=True,
                 help="Cosine similarity of the word's vectors in sentences A and B before any layer.")
    same.metric("A–B after layer 6", f"{r.score:.3f}", delta=f"{r.score - d.cosine[0, 0]:+.3f}",
                delta_color="off", border=True, help="The same, after the last layer.")
    end.metric("B–C after layer 6", f"{d.cosine[2, -1]:.3f}", border=True,
               help="The word in sentences B and C, after the last layer.")
    chart(fig.main_figure(r))
    st.caption(said(ex, "drift") if claims(ex)["drift"].holds(r) else DRIFT_PLAIN)
    for name, sentence in zip("ABC", d.sentences):
        st.caption(f"{name}: {shown(sentence, limit=ex.MAX_CHARS)}")

code_panel(ex, params)
