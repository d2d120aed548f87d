"""Hold the figure builders to the shapes they name.

A builder annotates the result it reads (``def series_figure(r: Result)``), so a reader
knows which fields it may use. While the tests run, every call is checked against those
annotations: a builder handed another explorer's result, a ``Split`` where it names
``Scores``, fails where it is called instead of drawing a wrong chart. Only the project's
own types are checked (numbers and arrays are the figures' business).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import types
import typing

OWN = ("explorers.", "datasets.")


def _own(hint) -> tuple[type, ...] | None:
    """The classes a hint allows, if it names one of ours (``Result``, ``Scores | None``)."""
    if isinstance(hint, type):
        return (hint,) if hint.__module__.startswith(OWN) else None
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        allowed = typing.get_args(hint)
        if all(isinstance(a, type) for a in allowed) and any(a.__module__.startswith(OWN) for a in allowed):
            return allowed
    return None


def checked(fn):
    """``fn``, raising ``TypeError`` when an argument is not of the project type it names."""
    hints = {name: _own(hint) for name, hint in typing.get_type_hints(fn).items() if name != "return"}
    hints = {name: allowed for name, allowed in hints.items() if allowed}
    if not hints:
        return fn
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def call(*args, **kwargs):
        for name, value in signature.bind(*args, **kwargs).arguments.items():
            allowed = hints.get(name)
            if allowed and not isinstance(value, allowed):
                raise TypeError(f"{fn.__module__}.{fn.__qualname__}: {name} is {_name(type(value))}, "
                                f"not {' | '.join(_name(a) for a in allowed)}")
        return fn(*args, **kwargs)

    return call


def _name(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


def enforce(package: str = "figures") -> int:
    """Wrap every function of the package's modules in ``checked``, wherever the package
    refers to it (``from figures.classify import boundary_figure`` too); returns how many."""
    root = importlib.import_module(package)
    modules = [importlib.import_module(f"{package}.{info.name}") for info in pkgutil.iter_modules(root.__path__)]
    wrapped = {}
    for module in modules:
        for fn in vars(module).values():
            if inspect.isfunction(fn) and fn.__module__ == module.__name__ and fn not in wrapped:
                new = checked(fn)
                if new is not fn:
                    wrapped[fn] = new
    for module in modules:
        for name, value in list(vars(module).items()):
            if inspect.isfunction(value) and value in wrapped:
                setattr(module, name, wrapped[value])
    return len(wrapped)
