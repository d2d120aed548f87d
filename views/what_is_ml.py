"""What is machine learning? One table given to a supervised, an unsupervised and a
reinforcement learner; scenario cards to sort; the pages that go deeper."""

import streamlit as st

from explorers import what_is_ml as ex
from figures import what_is_ml as fig
from figures.theme import pp
from lessons import said
from ui.page import chart, chart_row, code_panel, explore, header

header(ex, "What is machine learning?")
params, result = explore(ex)
agent = result.agent

train, test, ari, choices = st.columns(4)
train.metric("Tree: train", f"{result.train_accuracy:.1%}", border=True,
             help="Supervised: the decision tree's accuracy on the rows it learnt from, whose classes "
                  "it was told.")
test.metric("Tree: test", f"{result.test_accuracy:.1%}", border=True,
            delta=f"{pp(result.test_accuracy - result.train_accuracy)} vs train", delta_color="off",
            help="Its accuracy on the rows held back, which it never saw: the score that says how it "
                 "will do on new rows.")
ari.metric("k-means: ARI", f"{result.clusters.ari:.2f}", border=True,
           help="Unsupervised: how closely the groups k-means found follow the classes it was never "
                "told (adjusted Rand index: 1 the same grouping, about 0 chance, below 0 worse).")
choices.metric("Agent: test", f"{agent.test_accuracy:.1%}", border=True,
               delta=f"reward {agent.reward_rate:.0%} a try", delta_color="off", delta_arrow="off",
               help="Reinforcement: the class the agent now thinks best in each cell, scored on the rows "
                    f"held back; below it, the share of its last {ex.WINDOW} tries that were right "
                    "(its random tries, ε, included).")

chart(fig.three_ways_figure(result))
st.caption(
    "Left: the tree's class for every spot (shaded), the training rows it was told the classes of "
    "(filled) and the test rows held back (hollow). Middle: every row with its class hidden, the "
    "edges of the groups k-means found and their centres (×, numbered by k-means). Right: the class "
    "the agent now picks in each cell of its grid, blank where it was never shown a row, over the "
    "test rows."
)
chart_row(fig.reward_figure(result), fig.clusters_figure(result))
st.caption(said(ex, "reward") + " " + said(ex, "clusters"))


@st.fragment
def scenarios() -> None:
    """The cards rerun on their own: an answer changes nothing above them."""
    st.subheader("Which kind of learning is it?", divider="gray")
    keys = [f"scenario_{i}" for i in range(len(ex.SCENARIOS))]
    answered = [(i, st.session_state[k]) for i, k in enumerate(keys) if st.session_state.get(k)]
    right = sum(ex.verdict(i, guess)[0] for i, guess in answered)
    st.caption(f"Say which kind each one is; the page answers. {right} of {len(answered)} answered "
               f"right so far, {len(keys) - len(answered)} to go.")
    for start in range(0, len(keys), 3):
        for column, i in zip(st.columns(3), range(start, min(start + 3, len(keys)))):
            with column.container(border=True, key=f"{keys[i]}_card"):
                st.markdown(ex.SCENARIOS[i].text)
                guess = st.radio("Which kind of learning?", ex.KINDS, index=None, key=keys[i],
                                 horizontal=True, label_visibility="collapsed")
                if guess is not None:
                    good, words = ex.verdict(i, guess)
                    (st.success if good else st.warning)(
                        words, icon=":material/check_circle:" if good else ":material/lightbulb:")


scenarios()

st.subheader("Go deeper", divider="gray")
for column, kind in zip(st.columns(3), ex.KINDS):
    with column:
        st.markdown(f"**{kind.capitalize()} learning**")
        for topic in ex.onward(kind):
            st.page_link(topic.page, label=topic.title, icon=topic.icon)

code_panel(ex, params)
