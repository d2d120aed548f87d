"""Why loading a pickle can run code, shown without ever loading one.

A pickle is not data but a small program for a stack machine. Two of its instructions
matter here: ``GLOBAL`` (or ``STACK_GLOBAL``) imports any name from any module, and
``REDUCE`` calls what is on the stack with the arguments below it. That is how a pickle
rebuilds a scikit-learn estimator (it imports the class and calls it), and it is also all
an attacker needs: an object whose ``__reduce__`` returns ``(os.system, ("…",))`` pickles
into "import os.system, call it with this string".

So this module *writes* such a pickle (``pickle.dumps`` only asks the object how to rebuild
it; nothing is called) and reads it with ``pickletools``, which decodes the instructions
without executing any of them. Nothing in this app ever passes these bytes to ``pickle``,
``joblib`` or anything that loads (``tests/explorers/test_serving.py`` checks that).
"""

from __future__ import annotations

import io
import os
import pickle
import pickletools
from functools import lru_cache

COMMAND = "echo this ran while the pickle was being loaded"
PROTOCOL = 0  # the oldest protocol, written in text: the easiest to read; newer ones do the same in binary


class Crafted:
    """An object that would rebuild itself by running a shell command."""

    def __reduce__(self):
        return os.system, (COMMAND,)


@lru_cache(maxsize=1)
def payload() -> bytes:
    """The crafted pickle's bytes: to be read with ``pickletools``, never loaded."""
    return pickle.dumps(Crafted(), protocol=PROTOCOL)


def disassembly(data: bytes) -> str:
    """``pickletools.dis``: one instruction a line, decoded, none executed."""
    out = io.StringIO()
    pickletools.dis(data, out=out)
    return out.getvalue()


@lru_cache(maxsize=1)
def disassembled() -> str:
    """The crafted pickle, disassembled (the same text every time)."""
    return disassembly(payload())


def imports(data: bytes) -> tuple[str, ...]:
    """Every ``module.name`` a pickle would import while loading, in order, once each.

    ``GLOBAL`` carries "module name" as its argument; ``STACK_GLOBAL`` (protocol 4+) takes
    the two strings pushed just before it, which are the last two strings seen (the memo
    instructions between them do not push strings).
    """
    found, strings = [], []
    for op, arg, _ in pickletools.genops(data):
        if op.name == "GLOBAL":
            found.append(arg.replace(" ", "."))
        elif op.name == "STACK_GLOBAL":
            found.append(".".join(strings[-2:]))
        elif isinstance(arg, str):
            strings.append(arg)
    return tuple(dict.fromkeys(found))


def calls(data: bytes) -> int:
    """How many calls (``REDUCE``, ``NEWOBJ``, ``OBJ``, ``INST``) the pickle makes on loading."""
    makers = ("REDUCE", "NEWOBJ", "NEWOBJ_EX", "OBJ", "INST")
    return sum(op.name in makers for op, _, _ in pickletools.genops(data))
