"""Project: image classification, end to end. Digits from loading to a model that answers
a digit you draw, one step at a time."""

import streamlit as st

from explorers import image_project as ex
from figures import image_project as fig
from lessons import said
from roadmap import live_topics
from ui.draw_pad import draw_pad
from ui.page import chart, chart_row, code_panel, explore, header
from ui.saved_model import round_trip_metrics, trusted_caption

MODEL_CODE = {"logistic regression": "LogisticRegression", "SVM": "SVC (calibrated)", "MLP": "MLPClassifier",
              "CNN": "the CNN (PyTorch)"}


def where(p) -> None:
    """The step's place, the pipeline chosen so far, and the live pages that explain the step."""
    n = ex.STEPS.index(p.step) + 1
    names = {"standard": "StandardScaler", "min-max": "MinMaxScaler", "none": "no scaler"}
    scaler = "÷ 16" if p.model == "CNN" and n >= 3 else names[p.scaler]
    chain = [f"split seed {p.seed}"] + ([scaler, MODEL_CODE[p.model]] if n >= 3 else [scaler] if n == 2 else [])
    live = {topic.title: topic for _, topic in live_topics()}
    pages = [live[title] for title in ex.explained(p) if title in live]  # a page to come is never linked
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key="image_project_where"):
        st.caption(f"**Step {n} of {len(ex.STEPS)}** · {' → '.join(chain)}"
                   + (" · explained on:" if pages else ""))
        for topic in pages:
            st.page_link(topic.page, label=topic.title, icon=topic.icon)


def split(p, r) -> None:
    s = r.split
    images, train, test, pixels = st.columns(4)
    images.metric("Images", f"{s.n_train + s.n_test:,}", border=True,
                  help="load_digits: 1,797 handwritten digits.")
    train.metric("Training", f"{s.n_train:,}", border=True, help="Every model learns from these only.")
    test.metric("Test", f"{s.n_test:,} ({r.value:.0%})", border=True,
                help="Held out until the model is chosen: the images every score is measured on.")
    pixels.metric("Pixels", "64", border=True, help="8 × 8 pixels, each an ink count from 0 to 16.")
    chart_row(fig.numbers_figure(r), fig.counts_figure_(r))
    st.caption(said(ex, "stratified"))
    chart(fig.samples_figure(r))


def scale(p, r) -> None:
    s = r.scaled
    top, test, blank, fitted = st.columns(4)
    top.metric("Largest, train", f"{s.largest:.1f}", border=True,
               help="The largest value any pixel takes in the training images after scaling.")
    test.metric("Largest, test", f"{s.largest_test:.1f}", border=True,
                help="The same in the test images: the scaler never saw them, so nothing bounds it.")
    blank.metric("Blank pixels", f"{s.blank}", border=True,
                 help="Pixels blank in every training image: no scaler can make them carry anything.")
    fitted.metric("Fitted on", "train only", border=True,
                  help=f"The {r.split.n_train:,} training images only, inside the pipeline: the test "
                       "images stay unseen.")
    chart_row(fig.scaled_figure(r), fig.raw_figure(r))
    st.caption(said(ex, "loud_pixel") if p.scaler == "standard" else said(ex, "cnn_scale"))
    chart(fig.ranges_figure(r))


def model(p, r) -> None:
    f = r.fit
    test, train, seconds, mistakes = st.columns(4)
    test.metric("Test accuracy", f"{f.test_accuracy:.1%}", border=True,
                help="Share of the 450 held-out test images it gets right (chance is 10%).")
    train.metric("Train accuracy", f"{f.train_accuracy:.1%}", border=True,
                 help="Share of the training images it gets right: far above the test accuracy "
                      "means memorising.")
    seconds.metric("Fit time", "shared" if f.reused else f"{f.seconds:.2f} s", border=True,
                   help="The CNN filters page trained this very network before: it is shared, not trained "
                        "again." if f.reused else "Wall time of the fit on this server, measured once when "
                                                  "it ran (later visits reuse it).")
    mistakes.metric("Test mistakes", f"{int((f.predicted != f.y_test).sum())}", border=True)
    chart(fig.recall_figure(r))
    if p.model == "CNN":
        st.caption(said(ex, "cnn_code"))
    chart(fig.learned_figure(r))


def cross_validate(p, r) -> None:
    c = r.crossed
    mean, std, low, high = st.columns(4)
    mean.metric("Mean accuracy", f"{c.mean:.2%}", border=True, help="Over the splits: the estimate to report.")
    std.metric("Standard deviation", f"{c.std:.2%}", border=True, help="How far one split's score strays.")
    low.metric("Worst split", f"{c.scores.min():.2%}", border=True)
    high.metric("Best split", f"{c.scores.max():.2%}", border=True)
    chart(fig.splits_figure(r))
    st.caption(said(ex, "spread"))


def metrics(p, r) -> None:
    f, s = r.fit, r.scored
    accuracy, f1, mistakes, sure = st.columns(4)
    accuracy.metric("Test accuracy", f"{f.test_accuracy:.1%}", border=True)
    f1.metric("Macro F1", f"{s.macro_f1:.3f}", border=True,
              help="The mean of the ten digits' F1: each digit counts the same.")
    mistakes.metric("Test mistakes", f"{int(len(f.y_test) - f.confusion.trace())}", border=True)
    sure.metric("Surest mistake", f"{f.confidence[f.wrong[0]]:.1%}" if len(f.wrong) else "—", border=True,
                help="The probability the model gave its wrong answer on its most confident mistake.")
    chart_row(fig.confusion_figure(r), fig.f1_figure(r))
    wrong = fig.wrong_figure(r)
    if wrong is None:
        st.info("No test image is misclassified with these settings.", icon=":material/check_circle:")
    else:
        chart(wrong)


def save(p, r) -> None:
    round_trip_metrics(r.saved, len(r.fit.y_test), "images")
    chart(fig.sizes_figure(r))
    trusted_caption(r.saved)
    st.caption(said(ex, "round_trip"))


def draw(p, r) -> None:
    f = r.fit
    test, says = st.columns(2)
    test.metric("Test accuracy", f"{f.test_accuracy:.1%}", border=True, help="On the 450 held-out digits.")
    says.metric("Stand-in answer", f"{int(r.stand_in.argmax())} ({r.stand_in.max():.0%})", border=True,
                help=f"Its answer for test image {p.image}, shown until you draw.")
    drawn(p, r)


@st.fragment
def drawn(p, r) -> None:
    """Your digit, as the model sees it, and its answer (drawing reruns only this part)."""
    pad, shown = st.columns([1, 3])
    with pad:
        st.caption("Draw one digit, large, with the mouse or a finger.")
        image = draw_pad("project_canvas")
    with shown:
        if image is None or not image.any():  # until there is a drawing, a test image stands in
            chart_row(fig.drawn_figure(r.fit.X_test[p.image].reshape(8, 8), f"Test image {p.image}"),
                      fig.stand_in_figure(r))
        else:
            probabilities = ex.probabilities(r, image)
            says = int(probabilities.argmax())
            chart_row(fig.drawn_figure(image, "What it sees: 8×8"),
                      fig.answer_figure(probabilities, f"It says {says} ({probabilities[says]:.0%})"))
    st.caption(said(ex, "downscale"))


header(ex, "Project: image classification, end to end")
params, result = explore(ex)  # each step shows its own controls only (Params.HIDE_INACTIVE)
where(params)

{"split": split, "scale": scale, "model": model, "cross-validate": cross_validate, "metrics": metrics,
 "save": save, "draw": draw}[result.step](params, result)

code_panel(ex, params)
