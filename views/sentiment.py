"""Sentiment analysis: a bag of words, VADER's lexicon rules and MiniLM embeddings, each scoring
the learner's own sentence, and what happens when a model trained on one source meets another."""

import streamlit as st

from explorers import sentiment as ex
from figures import sentiment as fig
from figures.theme import pp
from lessons import said
from ui.page import chart, code_panel, explore, header
from ui.safe import shown

header(ex, "Sentiment analysis")
params, result = explore(ex)  # each view shows its own controls only (Params.HIDE_INACTIVE)
r = result

OFF = dict(delta_color="off", delta_arrow="off", border=True)  # a delta that names the verdict
tfidf, vader, minilm, held = st.columns(4)
tfidf.metric("TF-IDF + LR", f"{r.tfidf_p:.2f}", delta=r.verdict("TF-IDF + LR"), **OFF,
             help="P(positive) from logistic regression on the sentence's TF-IDF word weights.")
vader.metric("VADER", f"{r.vader:+.2f}", delta=r.verdict("VADER"), **OFF,
             help="VADER's compound score, −1 to +1, from its lexicon and rules (no training). "
                  "Counted positive above 0.")
minilm.metric("MiniLM + LR", f"{r.minilm_p:.2f}", delta=r.verdict("MiniLM + LR"), **OFF,
              help="P(positive) from logistic regression on MiniLM's 384-number sentence embedding.")
if r.view == "across sources":
    a = r.across
    held.metric("Accuracy", f"{r.accuracy:.1%}", delta=f"{pp(r.accuracy - a.own)} vs own", **OFF,
                help=f"{a.model} trained on {r.train_on}, tested on the held-out quarter of "
                     f"{params.test_on}; the delta is against training on {params.test_on} itself "
                     f"({a.own:.1%}).")
else:
    name = {"words": "TF-IDF + LR", "lexicon rules": "VADER", "embeddings": "MiniLM + LR"}[r.view]
    held.metric("Accuracy", f"{r.accuracy:.1%}", delta=name, **OFF,
                help=f"{name} on the {r.n_test:,} held-out sentences of {r.train_on} "
                     f"({'every source' if r.train_on == 'all' else 'that source'}).")

chart(fig.main_figure(r))
st.caption(f"Your sentence: {shown(r.sentence, limit=ex.MAX_CHARS)}")

if r.view == "words":
    st.caption(said(ex, "words"))
    chart(fig.top_words_figure(r))
elif r.view == "lexicon rules":
    st.caption(said(ex, "lexicon"))
    chart(fig.compound_figure(r))
elif r.view == "embeddings":
    st.caption(said(ex, "space"))
    st.markdown("**The most similar training sentences** (cosine similarity of their embeddings):")
    st.dataframe({"training sentence": [t for t, _, _ in r.space.neighbours],
                  "label": ["positive" if y else "negative" for _, y, _ in r.space.neighbours],
                  "cosine": [round(c, 3) for _, _, c in r.space.neighbours]}, hide_index=True)
else:
    st.caption(said(ex, "across"))

st.caption(f"Held-out accuracy, trained and tested on {r.train_on}: "
           + ", ".join(f"{m} {a:.1%}" for m, a in zip(ex.MODELS, r.accuracies))
           + f". VADER scores {r.vader_zero:.0%} of those sentences exactly 0 (no word of its lexicon) "
             "and so counts them negative.")

code_panel(ex, params)
