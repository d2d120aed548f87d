"""Text preprocessing: three tokenisers side by side, each normalising step, the bag-of-words
and TF-IDF matrix of a few sentences, and the vocabulary of the whole corpus."""

import streamlit as st

from explorers import text_preprocessing as ex
from explorers._text import TOKEN_PATTERN
from figures import text_preprocessing as fig
from lessons import said
from ui.page import chart, code_panel, explore, header
from ui.safe import shown


def source_line(p, r) -> None:
    where = "Your text" if p.source == "your text" else f"Review drawn (seed {p.seed})"
    st.markdown(f"{where}: {shown(r.text, limit=ex.TEXT_CHARS)}")


def tokens(p, r) -> None:
    t = r.tokenised
    regex, treebank, wordpiece, word = st.columns(4)
    regex.metric("Regex tokens", t.count("regular expression"), border=True,
                 help=f"Tokens from scikit-learn's default pattern `{TOKEN_PATTERN}`.")
    treebank.metric("Treebank tokens", t.count("Treebank"), border=True,
                    help="Tokens from nltk's TreebankWordTokenizer.")
    wordpiece.metric("WordPiece tokens", t.count("WordPiece"), border=True,
                     help="Pieces from the all-MiniLM-L6-v2 tokenizer (no [CLS] or [SEP]).")
    word.metric("Word's pieces", len(t.pieces), border=True,
                help="1: the vocabulary holds the word whole; more: it was cut into ## pieces.")
    chart(fig.tokens_figure(r))
    source_line(p, r)
    cut = "; ".join(f"{shown(w, 40)} → {shown(' '.join(pieces), 60)}" for w, pieces in t.split[:6])
    st.markdown(f"Words of this text WordPiece cut into pieces: {cut}." if cut else
                "WordPiece holds every word of this text whole; type a rarer word into the box.")
    st.caption(said(ex, "tokens"))
    chart(fig.corpus_tokens_figure(r))


def steps(p, r) -> None:
    s = r.stepped.steps
    tokens_in, dropped, stemmed, terms = st.columns(4)
    tokens_in.metric("Tokens", len(s.tokens), border=True, help="What the tokeniser gives.")
    dropped.metric("Stop words", s.kept.count(False), border=True,
                   help="Tokens in scikit-learn's ENGLISH_STOP_WORDS (after lowercasing, if chosen).")
    changed = sum(a != b for a, b in zip([t for t, k in zip(s.lowered, s.kept) if k], s.stemmed))
    stemmed.metric("Stemmed", changed, border=True,
                   help="Kept tokens that the stemmer or lemmatiser rewrote.")
    terms.metric("Terms", len(s.terms), border=True,
                 help="The n-grams the vectorizer counts: build_analyzer()(text).")
    chart(fig.steps_figure(r))
    source_line(p, r)
    st.caption(said(ex, "steps"))
    left, right = st.columns(2)
    with left:
        chart(fig.funnel_figure(r))
    with right:
        st.dataframe(fig.stemmers_table(r), hide_index=True)


def matrix(p, r) -> None:
    m = r.matrix
    sentences, terms, filled, shared = st.columns(4)
    sentences.metric("Sentences", len(m.sentences), border=True)
    terms.metric("Terms", len(m.terms), border=True,
                 help="The vocabulary of these sentences: one column per distinct term.")
    filled.metric("Non-zero cells", f"{(m.counts > 0).mean():.0%}", border=True,
                  help="A bag of words is mostly zeros: each sentence holds few of the terms.")
    shared.metric("Shared terms", int(((m.counts > 0).sum(axis=0) > 1).sum()), border=True,
                  help="Terms in two or more of the sentences: only these get an idf below the largest, so "
                       "TF-IDF weighs them down.")
    chart(fig.matrix_figure(r))
    st.markdown("  \n".join(f"**S{i + 1}** {shown(t, limit=ex.TEXT_CHARS)}" for i, t in enumerate(m.sentences)))
    st.caption(said(ex, "matrix"))
    chart(fig.idf_figure(r))


def vocabulary(p, r) -> None:
    v = r.vocabulary
    size, total, smallest, largest = st.columns(4)
    size.metric("Distinct terms", f"{v.size:,}", border=True,
                help="len(vectorizer.vocabulary_) on the 3,000 sentences, with these settings.")
    total.metric("Terms in all", f"{v.tokens:,.0f}", border=True,
                 help="Every occurrence counted: the sum of the whole bag-of-words matrix.")
    low, high = int(v.sizes.argmin()), int(v.sizes.argmax())
    smallest.metric("Smallest", f"{int(v.sizes[low]):,}", delta=v.labels[low], delta_color="off",
                    delta_arrow="off", border=True, help="The single change that leaves the fewest terms.")
    largest.metric("Largest", f"{int(v.sizes[high]):,}", delta=v.labels[high], delta_color="off",
                   delta_arrow="off", border=True, help="The single change that leaves the most terms.")
    chart(fig.vocabulary_figure(r))
    st.caption(said(ex, "vocabulary"))
    chart(fig.top_terms_figure(r))


header(ex, "Text preprocessing")
params, result = explore(ex)  # each view shows its own controls only (Params.shown)

{"tokens": tokens, "steps": steps, "matrix": matrix, "vocabulary": vocabulary}[result.view](params, result)

code_panel(ex, params)
