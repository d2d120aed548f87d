"""Text that a person controls (a link's value, a file's name, a typed sentence), made safe
to show back inside the app's own markdown.

Streamlit's markdown turns ``[text](url)`` into a live link, ``![x](url)`` into a remote
image, ``:red[...]`` into colour, ``$...$`` into a formula. Shown back raw, a link somebody
edited could put a fake "log in here" link or a tracking image inside our own warning box.
So such text is shown as an inline code span, where markdown reads nothing, and cut short.
"""

from __future__ import annotations

import re

LIMIT = 80  # characters of a value shown back: enough to recognise it, not to fill a page


def shown(text: object, limit: int = LIMIT) -> str:
    """``text`` as a markdown code span: shown literally, on one line, at most ``limit``
    characters (then "…")."""
    words = " ".join(str(text).split())  # a newline would end the span and start a block
    if len(words) > limit:
        words = words[:limit] + "…"
    if not words:
        return "(empty)"
    # CommonMark: a span's fence is a backtick run longer than any inside it, padded with a
    # space where the text starts or ends with a backtick.
    fence = "`" * (max((len(run) for run in re.findall(r"`+", words)), default=0) + 1)
    pad = " " if words.startswith("`") or words.endswith("`") else ""
    return f"{fence}{pad}{words}{pad}{fence}"
