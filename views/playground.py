"""A neural-network playground: a small PyTorch network trained on 2-D points, scrubbed
through its training, with every neuron's surface and the weights drawn."""

import itertools

import streamlit as st

from explorers import _playground_live as px, playground as ex
from figures import classify, playground as fig
from figures.theme import pp
from lessons import said
from ui.page import aside, chart, code_panel, explore, header
from ui.play import played
from ui.trainer import live_panel

LIVE = "playground_live"  # this session's live training (an explorers._live.Live), kept across reruns

header(ex, "Neural-network playground")
params, result = explore(ex)


def score(value: float) -> str:
    return f"{value:.3f}" if result.regression else f"{value:.1%}"


name = result.score_name
gap = (f"{result.test_score - result.train_score:+.3f}" if result.regression
       else pp(result.test_score - result.train_score))
train, test, loss, epochs = st.columns(4)
train.metric(f"Train {name}", score(result.train_score), border=True,
             help=f"The network after all {result.epochs_run} epochs, on the points it trained on."
                  + (" R² is 1 for a perfect fit and 0 for predicting the mean height everywhere."
                     if result.regression else ""))
test.metric(f"Test {name}", score(result.test_score), border=True,
            delta=f"{gap} vs train", delta_color="off",
            help="On the held-out points the network never trained on.")
loss.metric("Test loss", f"{result.test_loss:.3f}", border=True,
            delta=f"{result.test_loss - result.train_loss:+.3f} vs train", delta_color="off",
            help="Mean squared error of the height on the held-out points (without the penalty)."
            if result.regression else "Cross-entropy on the held-out points (without the penalty). "
                                      "0.693 is a coin toss between two classes.")
epochs.metric("Epochs trained", f"{result.epochs_run}", border=True,
              help="Passes over the training points; fewer than asked if training diverged.")

aside(f"Training diverged in epoch {result.epochs_run + 1}: the loss became infinite, so the network "
      f"is shown as it was after epoch {result.epochs_run}. Lower the learning rate."
      if result.diverged else None, "warning", icon=":material/warning:")

# ▶ Play on the chart runs through the recorded moments of this training (every 5% of the
# epochs) in the browser, from the one the slider sets: no rerun, no server loop, per frame.
chart(played(ex, params, "show", fig.surface_figure, result, last=100, every=5))
st.caption(
    ("Shading: the height the network predicts, in the same colours as each point's true height, "
     "so a point that disappears into its background is predicted well. Filled points trained it, "
     "hollow ones are held out. " if result.regression else
     "Shading: the class the network predicts, stronger where it is surer. Filled points trained "
     "it, hollow ones are held out; crosses mark test points it gets wrong. ")
    + "Slide *Show training at* to scrub back, or press ▶ Play on the chart to watch the output "
      "form (it runs in your browser, from the moment the slider sets); "
      "or train it yourself, run, pause and step, under *Train it live* below."
)
chart(fig.loss_figure(result))
st.caption(said(ex, "loss"))
chart(fig.network_figure(result))
st.caption("Each neuron takes a weighted sum of the column before, plus its bias (the node's "
           "colour), and bends it with the activation. Hover an edge's middle for its weight.")
chart(fig.neurons_figure(result))
if result.neuron_surfaces:
    st.caption("Each tile is one neuron's output over the same plane as above (scaled to its own "
               "range). The first hidden layer can only draw straight lines across the features; "
               "later layers combine them.")
else:
    st.caption("No hidden layer: the output is a weighted sum of these features, linear "
               "regression for a height." if result.regression else
               "No hidden layer: the output is a weighted sum of these features, logistic "
               "regression. Add the squares to separate circles without any hidden neuron.")
if result.regression:
    chart(fig.fit_figure(result))
    st.caption(said(ex, "fit"))
else:
    chart(classify.confusion_figure(result.split, result.scores))

# Train it live: run, pause, step and reset a network of this session's own; the buttons
# and the run loop are ui/trainer.py's, the numbers and charts of each frame are drawn here.
st.header("Train it live", divider="gray")
st.caption(
    "Train the network set in the sidebar yourself, and watch the boundary form. This "
    "training belongs to this browser session: it survives moving *Epochs* or *Show "
    "training at*, but it is not in the link, which reopens the recorded run above. "
    "Change anything that defines the network or its data and it starts again from epoch 0."
)
frames = itertools.count()  # each frame its own chart keys: keys must be unique in a run


def draw(view: px.LiveView, running: bool) -> None:
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Live epoch", f"{view.show_epoch}", border=True)
    c2.metric(f"Live train {view.score_name}", score(view.train_score), border=True)
    c3.metric(f"Live test {view.score_name}", score(view.test_score), border=True)
    c4.metric("Live test loss", f"{view.test_loss:.3f}", border=True)
    frame = next(frames)
    left, right = st.columns(2)
    with left:
        chart(fig.surface_figure(view, height=520, title=f"Live: epoch {view.show_epoch}, "
                                 f"test {fig.score_text(view, view.test_score)}", legend="below"),
              key=f"live_surface_{frame}")
    with right:
        chart(fig.loss_figure(view, height=520, title="Train and test loss, live"), key=f"live_loss_{frame}")


live_panel(LIVE, px.live_key(params), px.live_start, draw, view=px.live_view, chunk=px.LIVE_CHUNK)

code_panel(ex, params)
