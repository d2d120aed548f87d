"""The attention page's readings of the grid and of the drift are of the shipped sentences: a
learner's own sentence gets them only where they hold, else a caption that reads the picture."""

from explorers import attention as ex
from tests.pages.apptest import failures, open_page
from views.attention import DRIFT_PLAIN, GRID_PLAIN
from lessons import claims

PAGE = "views/attention.py"


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_the_grid_reading_gives_way_to_a_plain_caption_where_it_is_false():
    shipped = open_page(PAGE, {"view": "encoder heads"})
    assert not failures(shipped)
    assert claims(ex)["grid"].say in captions(shipped) and GRID_PLAIN not in captions(shipped)
    # On two words, layer 1 has no run of words to look back along: the reading is false.
    own = open_page(PAGE, {"view": "encoder heads", "sentence": "Great phone."})
    assert not failures(own)
    assert not claims(ex)["grid"].holds(ex.run(ex.Params(view="encoder heads", sentence="Great phone.")))
    assert GRID_PLAIN in captions(own) and claims(ex)["grid"].say not in captions(own)


def test_the_drift_reading_gives_way_when_sentence_a_is_a_money_bank_too():
    own = open_page(PAGE, {"view": "contextual embeddings", "sentence_a": ex.CASH})
    assert not failures(own)
    assert not claims(ex)["drift"].holds(ex.run(ex.Params(view="contextual embeddings", sentence_a=ex.CASH)))
    assert DRIFT_PLAIN in captions(own) and claims(ex)["drift"].say not in captions(own)
