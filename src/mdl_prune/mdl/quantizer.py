"""Precision and quantizer: how the code turns each value into a few bits.

``value_bits`` is one of :data:`ALLOWED_VALUE_BITS`. At ``b <= 16`` bits a value
goes as the index of a level of a symmetric quantizer: level index ``q`` in
``[0, 2**b)`` stands for ``±(j + 1/2)·d`` with sign ``+`` if ``q >= 2**(b-1)``
and ``j = q mod 2**(b-1)``. The step ``d`` is sent once per array as a float16
(16 bits), so sender and receiver compute the very same levels.
At ``b = 32`` the float32 values go as they are, with no quantizer.
"""

from __future__ import annotations

import numpy as np

from .._checks import InvalidParameterError, check_array, check_int, describe, validated

__all__ = ["ALLOWED_VALUE_BITS", "quantize"]

#: Precisions the code accepts: 1..16-bit quantized values, or 32 = float32 as it is.
ALLOWED_VALUE_BITS = tuple(range(1, 17)) + (32,)
_STEP_BITS = 16  # the quantizer step d, sent as a float16
_VALUE_BITS_ALLOWED = "an integer from 1 to 16 (quantized values) or 32 (float32 values as they are)"


def _check_value_bits(value_bits, name: str = "value_bits", *, quantized: bool = False) -> int:
    """``value_bits`` as an int from :data:`ALLOWED_VALUE_BITS` (``name`` says which argument).

    ``quantized=True`` refuses 32 too: float32 values go as they are, with no quantizer.
    """
    b = check_int(value_bits, name)
    if b not in ALLOWED_VALUE_BITS:
        raise InvalidParameterError(name, _VALUE_BITS_ALLOWED, describe(value_bits))
    if quantized and b == 32:
        raise InvalidParameterError(name, f"{name}=32 sends float32 values as they are; there is no "
                                          "quantizer: give 1 to 16")
    return b


def _level_values(idx: np.ndarray, b: int, step: float) -> np.ndarray:
    """Values of level indices: ``±(j + 1/2)·step``; shared by sender and receiver (bit-identical)."""
    half = 1 << (b - 1)
    sign = np.where(idx >= half, 1.0, -1.0)
    return sign * ((idx % half) + 0.5) * step


def _level_indices(v: np.ndarray, b: int, step: float) -> np.ndarray:
    half = 1 << (b - 1)
    if step > 0:
        j = np.clip(np.floor(np.abs(v) / step), 0, half - 1).astype(np.int64)
    else:
        j = np.zeros(v.shape, dtype=np.int64)
    return j + half * (v >= 0)


def _quantize(v: np.ndarray, b: int, name: str) -> tuple[np.ndarray, float, np.ndarray]:
    """:func:`quantize` of a finite 1-D float64 array; ``name`` is the argument that holds ``v``."""
    half = 1 << (b - 1)
    top = float(np.abs(v).max()) if v.size else 0.0
    if top >= 65504.0 * half:          # the largest float16
        raise InvalidParameterError(name, f"{name} has values up to {top:g}: too large for the "
                                          f"float16 step of a {b}-bit code")
    step = 0.0
    if np.float16(top / half) > 0:   # else every candidate step rounds to the float16 zero
        # All 91 candidate steps at once; the level has the value's sign, so only magnitudes matter.
        d = top * np.linspace(0.1, 1.0, 91)[:, None] / half
        a = np.abs(v)[None, :]
        j = np.clip(np.floor(a / d), 0, half - 1)
        err = np.sum((a - (j + 0.5) * d) ** 2, axis=1)
        step = float(np.float16(d[int(np.argmin(err)), 0]))
    idx = _level_indices(v, b, step)
    return _level_values(idx, b, step), step, idx


@validated
def quantize(values, value_bits: int) -> tuple[np.ndarray, float, np.ndarray]:
    """Quantize values with the symmetric ``value_bits``-bit quantizer of the code.

    The step ``d`` is chosen among 91 candidates ``f·max|v|/2**(b-1)``,
    ``f`` in [0.1, 1], to minimise the squared error (clipping the largest
    values can pay), then rounded to float16 because that is how it is sent.

    Parameters
    ----------
    values : array_like
        Finite values (any shape; flattened).
    value_bits : int
        1 to 16.

    Returns
    -------
    dequantized : ndarray
        The values the receiver gets, float64, same order.
    step : float
        The step ``d`` (exactly a float16 value).
    indices : ndarray of int64
        Level indices in ``[0, 2**value_bits)``.
    """
    b = _check_value_bits(value_bits, quantized=True)
    return _quantize(check_array(values, "values", non_empty=False).ravel(), b, "values")
