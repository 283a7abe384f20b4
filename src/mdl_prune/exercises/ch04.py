"""Checkers for the exercises of notebook 04 (iterative pruning).

Exercise 04.2 asks for the *geometric* schedule: every step prunes the same
fraction ``a`` of the weights still remaining, chosen so that step ``n``
reaches the final sparsity ``s_f``. After ``t`` steps a fraction
``(1 - a) ** t`` is left, and ``(1 - a) ** n = 1 - s_f`` gives

    s_t = 1 - (1 - s_f) ** (t / n),   t = 1, ..., n.

This is what repeated ``torch.nn.utils.prune`` calls with a constant
``amount`` do (up to the rounding of each step to whole weights, which
:func:`mdl_prune.prune.remaining_to_total` counts exactly). The package has no
geometric schedule of its own: :func:`geometric_schedule` below is the
reference answer the checker compares with.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._checks import check_fraction, check_int, describe, validated
from ._feedback import NOTHING_YET, attempt, error_text, require_function, run_cases

__all__ = ["geometric_schedule", "check_geometric_schedule"]

# (final_sparsity, n_steps): the first case is the most telling one; the last ones are edge cases.
CASES = ((0.95, 10), (0.9, 4), (0.99, 7), (0.5, 1), (0.0, 3))
TOLERANCE = 1e-9


@validated
def geometric_schedule(final_sparsity: float, n_steps: int) -> np.ndarray:
    """Sparsity after each step when every step prunes the same fraction of the remaining weights.

    ``s_t = 1 - (1 - s_f) ** (t / n)`` for ``t = 1, ..., n``: the reference
    answer of Exercise 04.2 (exact fractions, no rounding to whole weights).

    Parameters
    ----------
    final_sparsity : float
        ``s_f``, in [0, 1]; the last entry equals it exactly.
    n_steps : int
        Number of pruning steps ``n`` (>= 1).

    Returns
    -------
    numpy.ndarray
        Shape ``(n_steps,)``: the sparsity (fraction of *all* weights) after each step.

    Examples
    --------
    >>> geometric_schedule(0.75, 2).tolist()     # half of the weights, then half of the rest
    [0.5, 0.75]
    """
    s_f = check_fraction(final_sparsity, "final_sparsity")
    n = check_int(n_steps, "n_steps", low=1)
    t = np.arange(1, n + 1)
    out = 1.0 - (1.0 - s_f) ** (t / n)
    out[-1] = s_f                      # pin the end point against rounding (1 - (1 - s_f) != s_f)
    return out


def _close(a, b) -> bool:
    return np.shape(a) == np.shape(b) and bool(np.allclose(a, b, rtol=0.0, atol=TOLERANCE))


def _mistake(got: np.ndarray, s_f: float, n: int) -> str | None:
    """A specific hint when ``got`` matches a typical wrong answer, else None."""
    want = geometric_schedule(s_f, n)
    t = np.arange(1, n + 1)
    amount = 1.0 - (1.0 - s_f) ** (1.0 / n)
    if len(got) == n + 1 and _close(got[1:], want) and abs(got[0]) <= TOLERANCE:
        return ("you returned n + 1 entries starting with 0 (the sparsity before step 1): return "
                "the sparsity after steps 1, ..., n, as prune.cubic_schedule does")
    if len(got) != n:
        return f"expected {n} entries (one per step), got {len(got)}"
    if n > 1 and s_f > 0 and _close(got, np.full(n, amount)):
        return (f"every entry is {amount:.4f}: that is the fraction a of the *remaining* weights "
                "each step prunes; return the total sparsity after t steps, 1 - (1 - a)**t")
    if n > 1 and s_f > 0 and _close(got, s_f * t / n):
        return ("your schedule is linear (equal increments of all weights); here every step "
                "prunes the same fraction of the weights that are left")
    if _close(got, 1.0 - want):
        return ("you returned the fraction of weights *kept* after each step; the schedule gives "
                "the sparsity, the fraction pruned: 1 minus that")
    if n > 1 and s_f > 0 and _close(got, 1.0 - (1.0 - s_f) ** ((t - 1) / n)):
        return ("your first step prunes nothing and your last stops short: count the steps "
                "t = 1, ..., n, not 0, ..., n - 1")
    if abs(got[-1] - s_f) > TOLERANCE:
        return (f"your last step reaches {got[-1]:.4f}, not the final sparsity {s_f}: choose the "
                "fraction a so that (1 - a)**n = 1 - final_sparsity")
    return None


def _first_difference(got: np.ndarray, s_f: float, n: int) -> str:
    want = geometric_schedule(s_f, n)
    i = int(np.argmax(np.abs(got - want) > TOLERANCE))
    return f"after step {i + 1} the sparsity should be {want[i]:.6f}, yours is {got[i]:.6f}"


def _as_schedule(value, n: int) -> np.ndarray | str:
    """The student's result as a 1-D float array, or what is wrong with it."""
    try:
        got = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return f"return an array of {n} numbers, not {describe(value)}"
    if got.ndim != 1:
        return f"return a 1-D array of {n} numbers, not an array of shape {got.shape}"
    if not np.all(np.isfinite(got)):
        return "your schedule contains NaN or infinite values"
    return got


@validated
def check_geometric_schedule(fn: Callable) -> bool:
    """Check the student's ``geometric_schedule(final_sparsity, n_steps)`` (Exercise 04.2).

    Calls ``fn`` on a few cases, compares with :func:`geometric_schedule` and
    prints what is right or, for the first case that is wrong, what to look
    at. Never raises for a wrong answer.

    Parameters
    ----------
    fn : callable
        The student's ``geometric_schedule(final_sparsity, n_steps)``, returning the
        ``n_steps`` sparsities after each step.

    Returns
    -------
    bool
        True only when the schedule is :func:`geometric_schedule`'s, to within 1e-9, on all
        five cases (the last ones are edge cases: one step, no pruning).
    """
    require_function(fn, "geometric_schedule(final_sparsity, n_steps)")

    def judge(case: tuple) -> str | None:
        s_f, n = case
        call = f"geometric_schedule({s_f}, {n})"
        value = attempt(fn, s_f, n, raised=lambda exc: f"{call} raised {error_text(exc)}")
        got = _as_schedule(value, n)
        if isinstance(got, str):
            return f"{call}: {got}"
        if not _close(got, geometric_schedule(s_f, n)):
            return f"{call}: {_mistake(got, s_f, n) or _first_difference(got, s_f, n)}"
        return None

    amount = 1.0 - (1.0 - CASES[0][0]) ** (1.0 / CASES[0][1])
    return run_cases(CASES, judge, nothing=(
        f"{NOTHING_YET} (if you did, check that it ends with `return`)."), correct=(
        f"Correct on all {len(CASES)} cases. For example, to reach {CASES[0][0]:.0%} in "
        f"{CASES[0][1]} steps, every step prunes {amount:.2%} of the remaining weights."))
