"""Lessons a page teaches: "Try this" challenges and a guided tour, as data.

``lessons/<name>.py`` holds the lessons of ``explorers/<name>.py`` (``CHALLENGES`` and
``TOUR``); like the explorers, they never import streamlit.

A challenge asks the learner to predict, then sets the page to a state and reveals the
answer. The answer is never a sentence typed next to the question: ``answer`` reads it
from the explorer's own result at that state, and ``why`` says it with that result's
numbers. ``expected`` is the lesson the page means to teach; the tests run every
challenge and assert that ``answer`` gives it, so a change that breaks a lesson fails
the build instead of teaching something false.

A tour is an ordered list of states with one line of narration each. A step's claim, when
it makes one, is a ``holds`` check on the result at that step, tested the same way.

A page's captions and callouts that say what a chart shows are claims too: ``CLAIMS``
maps a name to a ``Claim`` (the words, the state they describe, and the check), the page
shows ``said(explorer, name)``, and the tests run the check, so the sentence on the page
is the sentence under test.

A page may also name its main chart (``MAIN``) and the numbers worth comparing
(``MEASURES``) for "Compare two settings". ``ui/teach.py`` draws them all;
``tests/test_lessons.py`` runs every one.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from figures.theme import layout_of, restyled


@dataclass(frozen=True)
class Challenge:
    question: str
    options: tuple[str, ...]
    state: Mapping[str, Any]  # Params fields that differ from the defaults
    answer: Callable[[Any], str]  # the option that holds at ``state``, read from the result
    expected: str  # the lesson: what ``answer`` gives (the tests check it)
    why: Callable[[Any], str]  # the reveal, in words, with the result's own numbers

    def __post_init__(self):
        if self.expected not in self.options:
            raise ValueError(f"{self.question!r}: {self.expected!r} is not one of its options")


@dataclass(frozen=True)
class Step:
    say: str  # one or two sentences of narration (markdown, our own text)
    state: Mapping[str, Any] = field(default_factory=dict)  # Params fields off their defaults
    holds: Callable[[Any], bool] | None = None  # the claim ``say`` makes, when it makes one


@dataclass(frozen=True)
class Claim:
    say: str  # the words the page shows (markdown, our own text)
    holds: Callable[[Any], bool]  # what they claim, read from the result at ``state``
    state: Mapping[str, Any] = field(default_factory=dict)  # where the claim is shown; {} = defaults


def params_at(explorer, state: Mapping[str, Any]):
    """The explorer's ``Params`` at a lesson's state: the defaults, with ``state`` on top
    (a field that follows another, such as a preset's weights, follows it here too)."""
    return explorer.Params(**dict(state))


def of(explorer):
    """The lessons module of an explorer (``lessons/<name>.py``), or None."""
    name = f"{__name__}.{explorer.__name__.rsplit('.', 1)[-1]}"
    return importlib.import_module(name) if importlib.util.find_spec(name) else None


def challenges(explorer) -> tuple[Challenge, ...]:
    return tuple(getattr(of(explorer), "CHALLENGES", ()))


def tour(explorer) -> tuple[Step, ...]:
    return tuple(getattr(of(explorer), "TOUR", ()))


def claims(explorer) -> dict[str, Claim]:
    return dict(getattr(of(explorer), "CLAIMS", {}))


def said(explorer, name: str) -> str:
    """The words of one of the page's claims, as the page shows them."""
    return claims(explorer)[name].say


def main(explorer):
    """The page's main chart for a comparison, ``main(result, title) -> figure``, or None."""
    return getattr(of(explorer), "MAIN", None)


def measures(explorer) -> tuple:
    """``(label, result -> number, format)`` of each number a comparison shows: the lessons'
    ``MEASURES``, or the explorer's headline."""
    given = getattr(of(explorer), "MEASURES", None)
    if given:
        return tuple(given)
    name = explorer.HEADLINE
    return ((name.replace("_", " ").capitalize(), lambda r: float(getattr(r, name)), "{:.4g}"),)


def titled(builder):
    """A figure builder as a comparison's ``MAIN``: its own title, after the side's name."""
    def main(result, side: str):
        drawn = builder(result)
        title = layout_of(drawn).get("title") or {}
        text = title.get("text", "") if isinstance(title, dict) else str(title)
        return restyled(drawn, title_text=f"{side}: {text}")
    return main
