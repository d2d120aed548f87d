"""A neural-network playground: a small PyTorch network trained on 2-D points, scrubbed
through its training, with every neuron's surface and the weights drawn."""

import time

import streamlit as st

from explorers import playground as ex
from figures import classify, playground as fig
from ui.page import chart, code_panel, explore, header

header(ex, "Neural-network playground")
params, result = explore(ex)

train, test, loss, epochs = st.columns(4)
train.metric("Train accuracy", f"{result.train_accuracy:.1%}", border=True,
             help=f"The network after all {result.epochs_run} epochs, on the points it trained on.")
test.metric("Test accuracy", f"{result.test_accuracy:.1%}", border=True,
            delta=f"{result.test_accuracy - result.train_accuracy:+.1%} vs train", delta_color="normal",
            help="On the held-out points the network never trained on.")
loss.metric("Test loss", f"{result.test_loss:.3f}", border=True,
            delta=f"{result.test_loss - result.train_loss:+.3f} vs train", delta_color="inverse",
            help="Cross-entropy on the held-out points (without the penalty). "
                 "0.693 is a coin toss between two classes.")
epochs.metric("Epochs trained", f"{result.epochs_run}", border=True,
              help="Passes over the training points; fewer than asked if training diverged.")

if result.diverged:
    st.warning(f"Training diverged in epoch {result.epochs_run + 1}: the loss became infinite, so the "
               f"network is shown as it was after epoch {result.epochs_run}. Lower the learning rate.",
               icon=":material/warning:")

surface = st.empty()
with surface:
    chart(fig.surface_figure(result))
if st.button("Replay the training", icon=":material/play_arrow:",
             help="Run through the recorded moments of this training, from the untrained network "
                  "to the last epoch (every 5% of the epochs). Any other click stops it."):
    # The run is cached: the replay only redraws it. A click anywhere reruns the page,
    # which ends this loop, so there is nothing to pause or clean up.
    for i, epoch in enumerate(result.checkpoints):
        with surface:
            chart(fig.surface_figure(result, ex.checkpoint_scores(result, i), int(epoch)))
        time.sleep(0.25)
st.caption(
    "Shading: the class the network predicts, stronger where it is surer. Filled points trained "
    "it, hollow ones are held out; crosses mark test points it gets wrong. Slide *Show training "
    "at* to scrub back, or replay the training to watch the boundary form."
)
chart(fig.loss_figure(result))
st.caption("Train and test loss after every epoch. When the test curve turns up while the train "
           "curve keeps falling, the network has started to memorise: try L2 or dropout.")
chart(fig.network_figure(result))
st.caption("Each neuron takes a weighted sum of the column before, plus its bias (the node's "
           "colour), and bends it with the activation. Hover an edge's middle for its weight.")
chart(fig.neurons_figure(result))
if result.neuron_surfaces:
    st.caption("Each tile is one neuron's output over the same plane as above (scaled to its own "
               "range). The first hidden layer can only draw straight lines across the features; "
               "later layers combine them.")
else:
    st.caption("No hidden layer: the output is a weighted sum of these features, logistic "
               "regression. Add the squares to separate circles without any hidden neuron.")
chart(classify.confusion_figure(result.split, result.scores))

code_panel(ex, params)
