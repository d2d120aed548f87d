"""Sentiment analysis: a bag of words, VADER's lexicon rules and MiniLM embeddings, each scoring
the learner's own sentence, and what happens when a model trained on one source meets another."""

import streamlit as st

from explorers import sentiment as ex
from figures import sentiment as fig
from figures.theme import pp
from lessons import said
from ui.page import chart, chart_row, code_panel, explore, header
from ui.safe import shown

header(ex, "Sentiment analysis")
params, result = explore(ex)  # each view shows its own controls only (Params.HIDE_INACTIVE)
r = result

tfidf, vader, minilm, held = st.columns(4)
tfidf.metric("TF-IDF + LR", f"{r.verdict('TF-IDF + LR')} · {r.tfidf_p:.2f}", border=True,
             help="P(positive) from logistic regression on the sentence's TF-IDF word weights.")
vader.metric("VADER", f"{r.verdict('VADER')} · {r.vader:+.2f}", border=True,
             help="VADER's compound score, −1 to +1, from its lexicon and rules (no training). "
                  "Counted positive above 0.")
minilm.metric("MiniLM + LR", f"{r.verdict('MiniLM + LR')} · {r.minilm_p:.2f}", border=True,
              help="P(positive) from logistic regression on MiniLM's 384-number sentence embedding.")
if r.view == "across sources":
    a = r.across
    held.metric(f"{a.model}, {r.train_on} → {params.test_on}", f"{r.accuracy:.1%}", border=True,
                delta=f"{pp(r.accuracy - a.own)} against {params.test_on} → {params.test_on}", delta_color="off",
                delta_arrow="off", help="Held-out accuracy trained on the row's sentences, tested on the "
                                        "column's held-out quarter; the delta is against training on the "
                                        "tested source itself.")
else:
    name = {"words": "TF-IDF + LR", "lexicon rules": "VADER", "embeddings": "MiniLM + LR"}[r.view]
    held.metric(f"{name} held-out accuracy", f"{r.accuracy:.1%}", border=True,
                help=f"On the {r.n_test:,} held-out sentences of {r.train_on} "
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
