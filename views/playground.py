"""A neural-network playground: a small PyTorch network trained on 2-D points, scrubbed
through its training, with every neuron's surface and the weights drawn."""

import time

import streamlit as st

from explorers import playground as ex
from explorers._contract import knobs
from figures import classify, playground as fig
from figures.theme import pp
from ui.page import chart, code_panel, explore, header
from ui.play import played

LIVE = "playground_live"  # this session's live training (an ex.Live), kept across reruns

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

if result.diverged:
    st.warning(f"Training diverged in epoch {result.epochs_run + 1}: the loss became infinite, so the "
               f"network is shown as it was after epoch {result.epochs_run}. Lower the learning rate.",
               icon=":material/warning:")

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
    st.caption("No hidden layer: the output is a weighted sum of these features, linear "
               "regression for a height." if result.regression else
               "No hidden layer: the output is a weighted sum of these features, logistic "
               "regression. Add the squares to separate circles without any hidden neuron.")
if result.regression:
    chart(fig.fit_figure(result))
    st.caption("Each held-out point's predicted height against its true one. The spread around "
               "the diagonal that no network removes is the noise; a bend away from it is what "
               "the network has not learned yet.")
else:
    chart(classify.confusion_figure(result.split, result.scores))



def live_panel(params) -> None:
    """Run, pause, step and reset a network of this session's own.

    Any click (here or in the sidebar) reruns the script, which ends a Run loop where it
    is: that is Pause, and the state saved after the last whole chunk is kept. Not an
    ``st.fragment``: in Streamlit 1.67 a click inside a fragment is queued behind the
    run in progress instead of interrupting it, so Pause would wait for the cap.
    """
    st.header("Train it live", divider="gray")
    st.caption(
        "Train the network set in the sidebar yourself, and watch the boundary form. This "
        "training belongs to this browser session: it survives moving *Epochs* or *Show "
        "training at*, but it is not in the link, which reopens the recorded run above. "
        "Change anything that defines the network or its data and it starts again from epoch 0."
    )
    key = ex.live_key(params)
    live = st.session_state.get(LIVE)
    if live is not None and live.key != key:
        names = [knobs(ex.Params)[name].label or name for name in ex.changed(live.key, key)]
        st.info(f"You changed {', '.join(names)}: that is a different network, so live training "
                "started again from epoch 0.", icon=":material/restart_alt:")
        live = None
    if live is None:
        live = st.session_state[LIVE] = ex.live_start(params)

    # Step and Reset act in callbacks, before the panel is drawn, so the buttons below
    # already know whether the cap is reached.
    at_cap = ex.room(live, ex.LIVE_CAP) == 0
    run_b, pause_b, one_b, ten_b, reset_b = st.columns(5)
    run = run_b.button("Run", key="live_run", icon=":material/play_arrow:", width="stretch",
                       disabled=at_cap, help=f"Train on, {ex.LIVE_CHUNK} epochs between redraws, "
                                         f"up to {ex.LIVE_CAP:,} epochs. Any click pauses it.")
    pause_b.button("Pause", key="live_pause", icon=":material/pause:", width="stretch",
                   help="Stop running; the network keeps every epoch trained so far.")
    one_b.button("Step +1", key="live_step1", icon=":material/skip_next:", width="stretch",
                 disabled=at_cap, on_click=_live_step, args=(1,), help="Train one more epoch.")
    ten_b.button("Step +10", key="live_step10", icon=":material/fast_forward:", width="stretch",
                 disabled=at_cap, on_click=_live_step, args=(10,), help="Train ten more epochs.")
    reset_b.button("Reset", key="live_reset", icon=":material/restart_alt:", width="stretch",
                   on_click=_live_reset,
                   help="Back to the untrained network (epoch 0, the same starting weights).")

    status, numbers = st.empty(), st.empty()
    left, right = st.columns(2)
    surface, loss = left.empty(), right.empty()
    draws = 0

    def draw(live, running: bool) -> None:
        nonlocal draws
        view = ex.live_view(live)
        draws += 1  # each redraw its own element key, so two identical frames never clash
        if running:
            status.caption(f":material/progress_activity: Training… epoch {view.show_epoch} of at "
                           f"most {ex.LIVE_CAP:,}. Click Pause (or anything) to stop.")
        elif view.diverged:
            status.warning(f"Training diverged in epoch {view.show_epoch + 1}: the loss became "
                           f"infinite, so the network stays as it was after epoch {view.show_epoch}. "
                           "Lower the learning rate, then Reset.", icon=":material/warning:")
        elif view.show_epoch >= ex.LIVE_CAP:
            status.info(f"Stopped at the cap of {ex.LIVE_CAP:,} epochs. Reset to train again.",
                        icon=":material/front_hand:")
        else:
            status.caption(f"Paused at epoch {view.show_epoch}." if view.show_epoch else
                           "Untrained network: press Run or Step.")
        with numbers.container():
            c1, c2, c3, c4 = st.columns(4)
            c1.metric("Live epoch", f"{view.show_epoch}", border=True)
            c2.metric(f"Live train {view.score_name}", score(view.train_score), border=True)
            c3.metric(f"Live test {view.score_name}", score(view.test_score), border=True)
            c4.metric("Live test loss", f"{view.test_loss:.3f}", border=True)
        with surface:
            chart(fig.surface_figure(view, height=520, title=f"Live: epoch {view.show_epoch}, "
                                     f"test {fig.score_text(view, view.test_score)}", legend="below"),
                  key=f"live_surface_{draws}")
        with loss:
            chart(fig.loss_figure(view, height=520, title="Train and test loss, live"),
                  key=f"live_loss_{draws}")

    draw(live, running=False)
    if run:
        for n in ex.chunks(live.state.epoch, ex.LIVE_CAP, ex.LIVE_CHUNK):
            live = ex.step(live, n, ex.LIVE_CAP)
            st.session_state[LIVE] = live  # saved before drawing: a click lands after it
            if live.state.diverged:
                break
            draw(live, running=True)
            time.sleep(ex.LIVE_GAP)  # lets the browser draw the frame and send a click back
        draw(live, running=False)
        if ex.room(live, ex.LIVE_CAP) == 0:
            st.rerun()  # once, so the buttons are drawn again, disabled at the cap


def _live_step(n: int) -> None:
    st.session_state[LIVE] = ex.step(st.session_state[LIVE], n, ex.LIVE_CAP)


def _live_reset() -> None:
    st.session_state[LIVE] = ex.live_start(st.session_state[LIVE].key)


live_panel(params)

code_panel(ex, params)
