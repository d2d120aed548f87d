"""Two tensors combined: the shape PyTorch gives ``a op b`` and the dtype it promotes to.

Shapes follow NumPy's broadcasting rule, so the axis-by-axis reading is the NumPy page's
(``explorers/_broadcasting.py``); the answer shown is PyTorch's own, computed on tensors of
ones, with its message when it refuses. Dtypes are where the two libraries part: PyTorch
promotes an ``int64`` tensor and a ``float32`` one to ``float32``, NumPy to ``float64``.
Both answers come from running the operation, never from a table typed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from explorers._broadcasting import Broadcast, broadcast, parse_shape
from explorers._torch import torch

DTYPES = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64")
OPS = ("add", "multiply", "divide")
SYMBOL = {"add": "+", "multiply": "*", "divide": "/"}
KIND = {"bool": 0, "uint8": 1, "int8": 2, "int16": 2, "int32": 2, "int64": 2}  # floats are 3


def kind(dtype: str) -> int:
    """0 bool, 1 unsigned, 2 signed integer, 3 floating point: the colour of a cell."""
    return KIND.get(dtype, 3)


def _apply(op: str, a, b):
    return a + b if op == "add" else a * b if op == "multiply" else a / b


@dataclass(frozen=True)
class Tensors:
    broadcast: Broadcast  # the NumPy page's reading of the two shapes (and NumPy's shape)
    op: str
    dtype_a: str
    dtype_b: str
    out_shape: tuple[int, ...] | None  # PyTorch's, None when it refuses
    error: str  # PyTorch's message when it refuses
    out_dtype: str  # PyTorch's result dtype (the same whether or not the shapes fit)
    numpy_dtype: str  # NumPy's for the same arrays, "" where NumPy has no such dtype
    item_bytes: int  # bytes per element of the result
    bytes_a: float
    bytes_b: float
    bytes_out: float  # 0 when it fails
    strides_a: tuple[int, ...] | None  # a.expand(out_shape).stride(): 0 where a is stretched
    strides_b: tuple[int, ...] | None
    table: tuple[tuple[str, ...], ...]  # PyTorch's result dtype for every pair of DTYPES


def tensors(shape_a: str, shape_b: str, dtype_a: str, dtype_b: str, op: str) -> Tensors:
    t = torch()
    a_shape, b_shape = parse_shape(shape_a), parse_shape(shape_b)
    a = t.ones(a_shape, dtype=getattr(t, dtype_a))
    b = t.ones(b_shape, dtype=getattr(t, dtype_b))
    out_dtype = promotion(op)[DTYPES.index(dtype_a)][DTYPES.index(dtype_b)]
    try:
        out = _apply(op, a, b)
        out_shape, error = tuple(out.shape), ""
    except RuntimeError as err:
        out_shape, error = None, f"RuntimeError: {err}"
    item = t.empty((), dtype=getattr(t, out_dtype)).element_size()
    strides = ((None, None) if out_shape is None
               else (a.expand(out_shape).stride(), b.expand(out_shape).stride()))
    return Tensors(
        broadcast=broadcast(shape_a, shape_b), op=op, dtype_a=dtype_a, dtype_b=dtype_b,
        out_shape=out_shape, error=error, out_dtype=out_dtype,
        numpy_dtype=numpy_dtype(op, dtype_a, dtype_b), item_bytes=item,
        bytes_a=float(a.nelement() * a.element_size()), bytes_b=float(b.nelement() * b.element_size()),
        bytes_out=0.0 if out_shape is None else float(int(np.prod(out_shape)) * item),
        strides_a=strides[0], strides_b=strides[1], table=promotion(op),
    )


@lru_cache(maxsize=len(OPS))
def promotion(op: str) -> tuple[tuple[str, ...], ...]:
    """PyTorch's result dtype of ``a op b`` for one-element tensors of every pair of dtypes."""
    t = torch()
    ones = {d: t.ones(1, dtype=getattr(t, d)) for d in DTYPES}
    return tuple(tuple(str(_apply(op, ones[x], ones[y]).dtype).removeprefix("torch.") for y in DTYPES)
                 for x in DTYPES)


def numpy_dtype(op: str, dtype_a: str, dtype_b: str) -> str:
    """NumPy's result dtype for one-element arrays of the two dtypes ("" for bfloat16)."""
    if "bfloat16" in (dtype_a, dtype_b):
        return ""
    return str(_apply(op, np.ones(1, dtype=dtype_a), np.ones(1, dtype=dtype_b)).dtype)
