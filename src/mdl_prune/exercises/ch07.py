"""Checkers for the exercises of notebook 07 (noisy weights and bits back).

* :func:`check_kl_bits` -- Exercise 07.1: the bits-back cost of one weight,
  ``KL(N(mu_q, sigma_q^2) || N(mu_p, sigma_p^2))`` in **bits**.

The checker calls the student's function on cases it builds, compares with
:func:`mdl_prune.noisy.kl_gaussian` (nats) divided by ``ln 2``, and recognises the usual
mistakes by computing them too: nats instead of bits, the KL the wrong way round
(``KL(P || Q)``), the log of the ratio of *variances*, a missing ``-1/2``, ``log2`` of the
ratio with the rest left in nats. It prints what is wrong and returns True only when every
case is right. It never raises for a wrong answer.
"""

from __future__ import annotations

import math
from typing import Callable

from .._checks import describe, validated
from ..noisy import kl_gaussian
from ._feedback import Feedback, attempt, require_function, run_cases

__all__ = ["check_kl_bits"]

_LN2 = math.log(2.0)
# (mu_q, sigma_q, mu_p, sigma_p): a precise and a sloppy weight, a prior off zero, Q wider than P
_CASES = ((0.8, 0.01, 0.0, 1.0), (0.8, 0.3, 0.0, 1.0), (-0.4, 0.05, 0.1, 0.2), (0.0, 0.5, 0.0, 0.1))


def _mistakes(mq: float, sq: float, mp: float, sp: float) -> dict:
    """Message -> the value that mistake gives on one case."""
    right_nats = float(kl_gaussian(mq, sq, mp, sp))
    return {
        "You returned nats: the cost is asked in bits, so divide by ln 2 (np.log(2)).": right_nats,
        "You computed KL(P || Q), the KL the wrong way round: the cost of a weight sent from Q under "
        "the prior P is KL(Q || P) = E_Q[log Q - log P].": float(kl_gaussian(mp, sp, mq, sq)) / _LN2,
        "Your log term uses the ratio of the variances: it is ln(sigma_p / sigma_q), the ratio of "
        "the standard deviations (or half the log of the variances' ratio).":
            (right_nats + math.log(sp / sq)) / _LN2,
        "You left out the -1/2 (the KL of Q to itself must be 0).": (right_nats + 0.5) / _LN2,
        "Only the log term is in bits: convert the whole KL (divide all of it by ln 2), not just "
        "the logarithm.": right_nats - math.log(sp / sq) + math.log2(sp / sq),
    }


def _value(fn: Callable, case: tuple) -> float:
    """The student's number for one case; else :class:`Feedback` says why there is none (or
    :class:`NothingAttempted`)."""
    value = attempt(fn, *case)
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise Feedback(f"Return one number (the cost in bits); got {describe(value)}.") from None
    if not math.isfinite(value):
        raise Feedback(f"Your function returned {value} for {case}: the KL is a finite number.")
    return value


def _diagnose(case: tuple, value: float) -> str | None:
    """None when ``value`` is the KL in bits for ``case``, else what went wrong."""
    want = float(kl_gaussian(*case)) / _LN2
    if math.isclose(value, want, rel_tol=1e-9, abs_tol=1e-12):
        return None
    for text, wrong in _mistakes(*case).items():
        if math.isclose(value, wrong, rel_tol=1e-9, abs_tol=1e-12):
            return text
    return (f"For Q = N({case[0]}, {case[1]}^2), P = N({case[2]}, {case[3]}^2) you returned "
            f"{value:.6g} bits; the KL is {want:.6g} bits. Compare your formula term by term with "
            f"ln(sigma_p/sigma_q) + (sigma_q^2 + (mu_q - mu_p)^2) / (2 sigma_p^2) - 1/2 (nats).")


@validated
def check_kl_bits(fn) -> bool:
    """Check a student's ``fn(mu_q, sigma_q, mu_p, sigma_p)`` -> KL(Q || P) in bits.

    Parameters
    ----------
    fn : callable
        Takes four floats (sigmas > 0) and returns one number.

    Returns
    -------
    bool
        True only when every case agrees with ``noisy.kl_gaussian / ln 2`` (to 1e-9
        relative); prints what is right or wrong.
    """
    require_function(fn, "fn(mu_q, sigma_q, mu_p, sigma_p) -> bits")
    return run_cases(_CASES, lambda case: _diagnose(case, _value(fn, case)),
                     correct=f"Correct: your KL(Q || P) in bits agrees with noisy.kl_gaussian / "
                             f"ln 2 on all {len(_CASES)} cases (precise and sloppy weights, a "
                             "prior off zero, Q wider than P).")
