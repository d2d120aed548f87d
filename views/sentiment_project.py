"""Project: sentiment analysis, end to end. Review sentences from raw text to a saved model that
scores your own sentence, one step at a time."""

import streamlit as st

from explorers import sentiment_project as ex
from figures import sentiment_project as fig
from lessons import said
from roadmap import live_topics
from ui.page import chart, chart_row, code_panel, explore, header
from ui.saved_model import round_trip_metrics, trusted_caption
from ui.safe import shown

MODEL_CODE = {"logistic regression": "LogisticRegression", "linear SVM": "LinearSVC (calibrated)",
              "naive Bayes": "naive Bayes"}
VECTOR_CODE = {"bag of words": "CountVectorizer", "TF-IDF": "TfidfVectorizer", "MiniLM": "MiniLM embeddings"}


def where(p) -> None:
    """The step's place, the pipeline chosen so far, and the live pages that explain the step."""
    n = ex.STEPS.index(p.step) + 1
    cleaning = "raw text" if p.vectoriser == "MiniLM" and n >= 2 else \
        f"{p.case}, stop words {p.stop}, stem {p.stem}"
    chain = [f"{p.source} sources", cleaning] + ([VECTOR_CODE[p.vectoriser]] if n >= 2 else []) \
        + ([MODEL_CODE[p.model]] if n >= 3 else [])
    live = {topic.title: topic for _, topic in live_topics()}
    pages = [live[title] for title in ex.explained(p) if title in live]  # a page to come is never linked
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key="sproject_where"):
        st.caption(f"**Step {n} of {len(ex.STEPS)}** · {' → '.join(chain)}"
                   + (" · explained on:" if pages else ""))
        for topic in pages:
            st.page_link(topic.page, label=topic.title, icon=topic.icon)


def clean(p, r) -> None:
    c = r.cleaned
    raw, now, tokens, dropped = st.columns(4)
    raw.metric("As written", f"{c.stages[0][1]:,}", border=True,
               help="Distinct words in the training sentences, case kept, nothing dropped.")
    now.metric("Cleaned", f"{c.stages[-1][1]:,}", border=True,
               delta=f"{c.stages[-1][1] / c.stages[0][1] - 1:+.0%}", delta_color="off",
               help="The vocabulary the bag of words starts from with these choices.")
    tokens.metric("Words kept", f"{len(c.tokens)}", border=True)
    dropped.metric("Stop words cut", f"{len(c.dropped)}", border=True,
                   help="Words of your sentence the stop list removed.")
    chart_row(fig.stages_figure(r), fig.frequent_figure(r))
    st.caption("Your sentence as the model reads it: " + shown(" · ".join(c.tokens) or "(nothing left)",
                                                               limit=ex.MAX_CHARS)
               + ("; dropped: " + shown(", ".join(c.dropped)) if c.dropped else ""))
    st.caption(said(ex, "negations"))


def vectorise(p, r) -> None:
    v = r.vectors
    n, density, unknown, rows = st.columns(4)
    n.metric("Features", f"{v.n_features:,}", border=True, help="Columns of the matrix every sentence becomes.")
    density.metric("Cells not zero", f"{v.density:.2%}", border=True,
                   help="Share of the training matrix's cells holding anything: a bag of words is "
                        "almost all zeros, an embedding has none.")
    unknown.metric("Your unknown features", f"{len(v.unknown)}", border=True,
                   help="Features of your sentence the vocabulary never saw: they count for nothing.")
    rows.metric("Training sentences", f"{ex.fits.data.rows('train', p.source, p.seed).size:,}", border=True)
    chart(fig.matrix_figure(r))
    if v.unknown:
        st.caption("Not in the vocabulary, so ignored: " + shown(", ".join(v.unknown), limit=ex.MAX_CHARS))
    st.caption(said(ex, "minilm_raw") if p.vectoriser == "MiniLM" else said(ex, "sparse"))


def model(p, r) -> None:
    f = r.fit
    test, train, mistakes, chance = st.columns(4)
    test.metric("Held-out accuracy", f"{f.test_accuracy:.1%}", border=True,
                help=f"On the {len(f.y_test):,} held-out sentences (half positive: chance is 50%).")
    train.metric("Training accuracy", f"{f.train_accuracy:.1%}", border=True,
                 help="On the sentences it learned from: far above the held-out accuracy means memorising.")
    mistakes.metric("Held-out mistakes", f"{int((f.predicted != f.y_test).sum())}", border=True)
    chance.metric("Held out from", p.source if p.test_on == "same" else p.test_on, border=True,
                  help="The source(s) of the held-out quarter it is scored on.")
    weights = fig.weights_figure(r)
    if weights is None:
        chart(fig.models_figure(r))
    else:
        chart_row(fig.models_figure(r), weights)
    st.caption(said(ex, "overfit"))


def cross_validate(p, r) -> None:
    c = r.crossed
    mean, std, low, high = st.columns(4)
    mean.metric("Mean accuracy", f"{c.mean:.2%}", border=True, help="Over the folds: the estimate to report.")
    std.metric("Standard deviation", f"{c.std:.2%}", border=True, help="How far one fold's score strays.")
    low.metric("Worst fold", f"{c.scores.min():.2%}", border=True)
    high.metric("Best fold", f"{c.scores.max():.2%}", border=True)
    chart(fig.folds_figure(r))
    st.caption(said(ex, "folds"))


def errors(p, r) -> None:
    f, e = r.fit, r.errors
    accuracy, mistakes, precision, recall = st.columns(4)
    accuracy.metric("Held-out accuracy", f"{f.test_accuracy:.1%}", border=True)
    mistakes.metric("Mistakes", f"{e.mistakes} of {len(f.y_test)}", border=True)
    precision.metric("Precision", f"{e.precision:.3f}", border=True,
                     help="Of the sentences it calls positive, the share that are.")
    recall.metric("Recall", f"{e.recall:.3f}", border=True,
                  help="Of the positive sentences, the share it calls positive.")
    table, matrix = st.columns([3, 2])
    with table:
        st.markdown("**Its surest mistakes** (held-out sentences, surest first)")
        st.dataframe({"sentence": [t for t, _, _ in e.wrong],
                      "truly": ["positive" if y else "negative" for _, y, _ in e.wrong],
                      "P(positive)": [round(q, 3) for _, _, q in e.wrong]}, hide_index=True, height=320)
    with matrix:
        chart(fig.confusion_figure(r, height=380))
    st.caption(said(ex, "surest"))


def save(p, r) -> None:
    round_trip_metrics(r.saved, len(r.fit.y_test), "sentences")
    chart(fig.sizes_figure(r))
    trusted_caption(r.saved)
    st.caption(said(ex, "round_trip"))


def serve(p, r) -> None:
    s = r.served
    loaded, fitted, verdict, test = st.columns(4)
    loaded.metric("P(positive), loaded", f"{s.loaded:.3f}", border=True,
                  help=f"From the pipeline loaded back from its {s.format} file.")
    fitted.metric("P(positive), before saving", f"{s.fitted:.3f}", border=True)
    verdict.metric("Verdict", "positive" if s.loaded > 0.5 else "negative", border=True)
    test.metric("Held-out accuracy", f"{r.fit.test_accuracy:.1%}", border=True)
    chart(fig.served_figure(r))
    st.caption(f"Your sentence: {shown(r.sentence, limit=ex.MAX_CHARS)}")
    st.caption(said(ex, "served"))


header(ex, "Project: sentiment analysis, end to end")
params, result = explore(ex)  # each step shows its own controls only (Params.HIDE_INACTIVE)
where(params)

{"clean": clean, "vectorise": vectorise, "model": model, "cross-validate": cross_validate, "errors": errors,
 "save": save, "serve": serve}[result.step](params, result)

code_panel(ex, params)
