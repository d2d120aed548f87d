"""VADER's rules, word by word: what the lexicon says and what each rule did to it.

VADER (Hutto & Gilbert, 2014) gives each word the valence a panel of people gave it (−4 to
+4), then adjusts it by hand-written rules: a booster before it ("very good") adds 0.293,
a negation up to three words before it ("not good") multiplies it by −0.74, capitals add
0.733, and after a "but" every valence counts 1.5 times while those before it count half.
The sum, plus a little for "!" and "??", is squashed into −1..1: the *compound* score.

:func:`trace` follows ``SentimentIntensityAnalyzer.polarity_scores`` step by step, but
every step is a call to the library's own helpers (``scalar_inc_dec``, ``_negation_check``,
``_special_idioms_check``, ``_least_check``, ``_but_check``, ``score_valence``), so the only
thing written here is the order they are called in and the note of what changed. The
tests check the trace against ``polarity_scores`` and the library's per-word valences.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from vaderSentiment import vaderSentiment as vs


@lru_cache(maxsize=1)
def analyzer() -> vs.SentimentIntensityAnalyzer:
    """One analyzer per process: it reads its lexicon (7,500 words) from the wheel."""
    return vs.SentimentIntensityAnalyzer()


@dataclass(frozen=True)
class Word:
    text: str  # as VADER split it (the person's own text: escape it wherever shown)
    lexicon: float | None  # its valence in the lexicon, None if it has none
    rules: tuple[tuple[str, float, float], ...]  # (what the rule was, valence before, after)
    valence: float  # after every rule, "but" included: what the sum adds up
    kind: str  # "booster", "negation", "contrast" or "": what the word does to others


@dataclass(frozen=True)
class Trace:
    words: tuple[Word, ...]
    total: float  # the sum of the valences
    emphasis: float  # added away from zero for "!" and "?" (score_valence's own amount)
    compound: float  # polarity_scores' compound, rounded as it rounds it
    pos: float
    neu: float
    neg: float


def without_emoji(text: str) -> str:
    """``polarity_scores``' first step: each emoji replaced by its description."""
    # The library does this inline in polarity_scores, with no helper to call: the same
    # loop, tested against polarity_scores on emoji.
    emojis, out, prev_space = analyzer().emojis, "", True
    for ch in text:
        if ch in emojis:
            out += ("" if prev_space else " ") + emojis[ch]
            prev_space = False
        else:
            out += ch
            prev_space = ch == " "
    return out.strip()


def _role(word: str, lexicon: dict) -> str:
    low = word.lower()
    if low == "but":
        return "contrast"
    if low in vs.BOOSTER_DICT:
        return "booster"
    if vs.negated([low]) and low not in lexicon:
        return "negation"
    return ""


def _valence(a, words: list[str], i: int, is_cap_diff: bool) -> tuple[float, list]:
    """``sentiment_valence`` for word ``i``, noting each rule that changed the valence."""
    lexicon, item = a.lexicon, words[i]
    low = item.lower()
    rules: list[tuple[str, float, float]] = []
    if low in vs.BOOSTER_DICT or (i < len(words) - 1 and low == "kind" and words[i + 1].lower() == "of"):
        # A modifier of others, with no valence of its own, even where the lexicon has one.
        if lexicon.get(low):
            rules.append(("a modifier here, no valence", lexicon[low], 0.0))
        return 0.0, rules
    if low not in lexicon:
        return 0.0, rules
    valence = lexicon[low]

    def note(rule: str, new: float) -> float:
        if new != valence:
            rules.append((rule, valence, new))
        return new

    if low == "no" and i != len(words) - 1 and words[i + 1].lower() in lexicon:
        valence = note("'no' negates the next word", 0.0)
    if ((i > 0 and words[i - 1].lower() == "no") or (i > 1 and words[i - 2].lower() == "no")
            or (i > 2 and words[i - 3].lower() == "no" and words[i - 1].lower() in ("or", "nor"))):
        valence = note("'no' before it ×−0.74", lexicon[low] * vs.N_SCALAR)
    if item.isupper() and is_cap_diff:
        valence = note("capitals ±0.733", valence + vs.C_INCR if valence > 0 else valence - vs.C_INCR)
    for start_i in range(3):
        before = words[i - (start_i + 1)] if i > start_i else None
        if before is None or before.lower() in lexicon:
            continue
        s = vs.scalar_inc_dec(before, valence, is_cap_diff)
        s = s * (1.0, 0.95, 0.9)[start_i] if s != 0 else s
        valence = note(f"'{before}' {'boosts' if abs(valence + s) > abs(valence) else 'dampens'} {s:+.3g}",
                       valence + s)
        new = a._negation_check(valence, words, start_i, i)
        if new != valence:
            rule = (f"negated by '{before}' ×−0.74" if new == valence * vs.N_SCALAR
                    else "'so' or 'this' ×1.25")
            valence = note(rule, new)
        if start_i == 2:
            valence = note("an idiom", a._special_idioms_check(valence, words, i))
    valence = note("'least' ×−0.74", a._least_check(valence, words, i))
    return valence, rules


@lru_cache(maxsize=256)
def trace(text: str) -> Trace:
    a = analyzer()
    text = without_emoji(text)
    senti = vs.SentiText(text)
    words = senti.words_and_emoticons
    valences, notes = [], []
    for i in range(len(words)):
        valence, rules = _valence(a, words, i, senti.is_cap_diff)
        valences.append(valence)
        notes.append(rules)
    after = a._but_check(words, list(valences))
    scored = a.score_valence(after, text)
    out = []
    for word, before, final, rules in zip(words, valences, after, notes):
        if final != before:
            factor = final / before
            rules = [*rules, (f"{'after' if factor > 1 else 'before'} 'but' ×{factor:g}", before, final)]
        out.append(Word(word, a.lexicon.get(word.lower()), tuple(rules), float(final), _role(word, a.lexicon)))
    total = float(sum(after))
    return Trace(tuple(out), total, float(a._punctuation_emphasis(text)) if total else 0.0,
                 float(scored["compound"]), float(scored["pos"]), float(scored["neu"]), float(scored["neg"]))


def compound(text: str) -> float:
    """The library's own compound score, for scoring many sentences."""
    return float(analyzer().polarity_scores(text)["compound"])
