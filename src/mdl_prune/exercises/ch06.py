"""Checkers for the exercises of notebook 06 (description length).

* :func:`check_submatrix_mask_bits` -- Exercise 06.1: the length in bits of the *sub-matrix*
  code of a keep-mask: which rows have a kept weight, which columns, then which entries of
  that sub-matrix, each with the enumerative code log2(n + 1) + log2 C(n, k).

The checker calls the student's function on small masks it builds, compares the result with
the package's (:class:`~mdl_prune.mdl.MaskCode`'s ``submatrix_bits``) and, when they differ,
recognises the usual mistakes by computing them too: nats instead of bits, leaving out the
rows or the columns, coding the inner mask over all n entries, forgetting the counts
log2(n + 1), adding the 1-bit code choice. It prints what is wrong and where to look, and
returns True only when every case is right. It never raises for a wrong answer.
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple

import numpy as np

from .._checks import describe, validated
from ..mdl.bits import LN2, _mask_code, log2_binomial
from ._feedback import (NOTHING_YET, Feedback, attempt, error_text, function_name,
                        numbered, require_function, run_cases)

__all__ = ["check_submatrix_mask_bits"]

_TOLERANCE = 1e-6      # bits: the answer is a sum of a few logs, exact to far better than this


class _Case(NamedTuple):
    """One mask given to the student's function."""

    what: str            # the case in words, for the feedback
    mask: np.ndarray     # boolean keep-mask


def _enumerative(n: int, k: int) -> float:
    return math.log2(n + 1) + log2_binomial(n, k)


def _parts(mask: np.ndarray) -> dict:
    """The three enumerative codes of the sub-matrix code, and the sizes they use."""
    rows, cols = mask.any(axis=1), mask.any(axis=0)
    r, c, k = int(rows.sum()), int(cols.sum()), int(mask.sum())
    return {"rows": _enumerative(mask.shape[0], r), "cols": _enumerative(mask.shape[1], c),
            "inner": _enumerative(r * c, k), "inner_all": _enumerative(mask.size, k),
            "counts": math.log2(mask.shape[0] + 1) + math.log2(mask.shape[1] + 1)
            + math.log2(r * c + 1)}


def _mistakes(mask: np.ndarray) -> dict:
    """Message -> the number of bits that mistake gives."""
    p = _parts(mask)
    right = p["rows"] + p["cols"] + p["inner"]
    return {
        "your answer is the right one times ln 2: it is in nats. Use math.log2 (or divide "
        "natural logs by math.log(2))": right * LN2,
        "you left out the rows: the receiver must first learn which rows have a kept weight, "
        "log2(n_rows + 1) + log2 C(n_rows, r) bits": right - p["rows"],
        "you left out the columns: the receiver must also learn which columns have a kept "
        "weight, log2(n_cols + 1) + log2 C(n_cols, c) bits": right - p["cols"],
        "you coded the rows and the columns but not the kept weights inside the sub-matrix":
            p["rows"] + p["cols"],
        "your inner code ranges over all n entries of the mask; once rows and columns are "
        "known, only the r x c entries of the sub-matrix can hold a kept weight":
            p["rows"] + p["cols"] + p["inner_all"],
        "each of the three enumerative codes starts with its count (log2(n + 1) bits for "
        "k among 0..n); you left those counts out": right - p["counts"],
        "you added the 1 bit that says which mask code is used; the exercise asks for the "
        "sub-matrix code alone": right + 1.0,
    }


def _cases() -> list:
    """Structure, no structure, and the ends (nothing kept, all kept)."""
    rng = np.random.default_rng(6)
    block = np.zeros((8, 5), bool)
    block[np.ix_([1, 2, 6], [0, 3])] = True           # 3 rows and 2 columns used, all 6 kept
    sparse = rng.random((12, 6)) < 0.15
    sparse[:, 4] = False                               # an unread column
    sparse[[0, 5, 9]] = False                          # three empty rows
    return [_Case("an 8 x 5 mask whose 6 kept weights fill a 3 x 2 block", block),
            _Case("a 12 x 6 mask with empty rows and an empty column", sparse),
            _Case("a 7 x 4 mask with every weight kept", np.ones((7, 4), bool)),
            _Case("a 5 x 3 mask with nothing kept", np.zeros((5, 3), bool)),
            _Case("a 64 x 10 mask at 90% sparsity", rng.random((64, 10)) < 0.1)]


def _bits(fn: Callable, mask: np.ndarray) -> float:
    """The student's bits for ``mask`` as a float; else :class:`Feedback` says why there are
    none (or :class:`NothingAttempted`)."""
    arg = mask.copy()
    out = attempt(fn, arg, watch={"mask": arg},
                  raised=lambda exc: f"your function raised {error_text(exc)}",
                  changed=lambda names: "your function changed the mask in place; leave its "
                                        "argument as it was")
    try:
        bits = float(out)
    except (TypeError, ValueError):
        raise Feedback(f"return one number of bits (a float); got {describe(out)}") from None
    if not math.isfinite(bits):
        raise Feedback(f"your function returned {bits}: a binomial coefficient of large numbers "
                       "overflows a float; use math.lgamma, math.comb with math.log2 (exact "
                       "integers), or mdl.log2_binomial")
    return bits


def _diagnose(mask: np.ndarray, bits: float) -> str | None:
    right = _mask_code("W", mask).submatrix_bits
    if abs(bits - right) <= _TOLERANCE:
        return None
    for message, wrong in _mistakes(mask).items():
        if abs(wrong - right) > _TOLERANCE and abs(bits - wrong) <= _TOLERANCE:
            return message
    return (f"your function gives {bits:.4f} bits, the sub-matrix code takes {right:.4f}: rows "
            "(enumerative code among all rows), then columns, then the kept weights among the "
            "r x c entries of the sub-matrix, each enumerative code log2(n + 1) + log2 C(n, k)")


@validated
def check_submatrix_mask_bits(fn) -> bool:
    """Check Exercise 06.1: ``fn(mask)`` -> bits of the sub-matrix code of a boolean keep-mask.

    The sub-matrix code sends which of the ``n_rows`` rows hold a kept weight (``r`` of them),
    which of the ``n_cols`` columns (``c``), then which of the ``r * c`` entries of that
    sub-matrix are kept (``k``); each with the enumerative code
    ``log2(n + 1) + log2 C(n, k)``. It is ``MaskCode.submatrix_bits`` of
    :func:`mdl_prune.mdl.model_code` (without the 1 bit that chooses between mask codes).

    Parameters
    ----------
    fn : callable
        The student's ``submatrix_mask_bits(mask)``, which reads the mask without writing to
        it and returns one float.

    Returns
    -------
    bool
        True when ``fn`` agrees with the package on every case to 1e-6 bits; the feedback
        is printed.
    """
    name = function_name(require_function(fn, "fn(mask) -> bits"))
    cases = _cases()
    return run_cases(cases, lambda case: _diagnose(case.mask, _bits(fn, case.mask)),
                     nothing=f"{NOTHING_YET} `{name}`.", frame=numbered,
                     correct=f"Correct: `{name}` gives the package's sub-matrix code length on "
                             f"all {len(cases)} cases.")
