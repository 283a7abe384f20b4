"""Checkers for the exercises of notebook 08 (structured pruning and speed).

* :func:`check_drop_dead_units` -- Exercise 08.1: remove the hidden units that pruning has cut
  off, by slicing ``W1``'s columns, ``b1`` and ``W2``'s rows, after folding the constant output
  ``relu(b1[h]) * W2[h, :]`` of each unit with no inputs into ``b2``.

The checker calls the student's function on small networks it builds (pruned weights are exact
zeros, as in :class:`~mdl_prune.network.TwoLayerNet`), compares the answer with
:func:`mdl_prune.sparsity.drop_dead_units` and, when they differ, names the usual mistake: ``b1``
left whole, ``W2``'s columns sliced instead of its rows, ``W1``'s rows instead of its columns,
units kept or removed wrongly, the folding forgotten or done without the ReLU. It prints the
feedback and returns True only when every case is right; it never raises for a wrong answer.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from .._checks import describe, validated
from ..network import TwoLayerNet
from ..sparsity import drop_dead_units
from ._feedback import (NOTHING_YET, Feedback, attempt, error_text, function_name, numbered,
                        require_function, run_cases)

__all__ = ["check_drop_dead_units"]

_RTOL, _ATOL = 1e-9, 1e-12


class _Case(NamedTuple):
    """One network given to the student's function, and what the package makes of it."""

    what: str            # the case in words, for the feedback
    arrays: tuple        # (W1, b1, W2, b2), pruned weights exact zeros
    expected: tuple      # drop_dead_units' (W1, b1, W2, b2)
    keep: np.ndarray     # indices of the units that stay
    fold: np.ndarray     # indices of the units with no inputs whose output reaches the logits


def _case(what: str, shape: tuple, no_inputs=(), no_outputs=(), b1=None, zeros=(), seed=0):
    """A network of ``shape`` (n_in, n_hidden, n_out) whose listed units have every incoming
    (or outgoing) weight pruned, plus single pruned weights ``zeros`` ((layer, row, col))."""
    n_in, n_hidden, n_out = shape
    rng = np.random.default_rng(seed)
    W1, W2 = rng.normal(size=(n_in, n_hidden)), rng.normal(size=(n_hidden, n_out))
    b1 = np.round(rng.uniform(-1, 1, n_hidden), 2) if b1 is None else np.asarray(b1, float)
    W1[:, list(no_inputs)] = 0.0
    W2[list(no_outputs), :] = 0.0
    for layer, i, j in zeros:
        (W1, W2)[layer - 1][i, j] = 0.0
    b2 = rng.normal(size=n_out)
    net = TwoLayerNet(W1, b1, W2, b2, W1 != 0, W2 != 0)
    no_in, no_out = net.dead_units()
    thin = drop_dead_units(net)
    return _Case(what, (W1, b1, W2, b2), (thin.W1, thin.b1, thin.W2, thin.b2),
                 np.flatnonzero(~(no_in | no_out)), np.flatnonzero(no_in & ~no_out))


def _cases() -> list:
    return [
        _case("a 6-5-7 network: unit 1 has no inputs, unit 3 no outputs", (6, 5, 7),
              no_inputs=[1], no_outputs=[3], b1=[0.2, 0.6, -0.3, 0.1, 0.4],
              zeros=[(1, 0, 0), (2, 2, 4)]),
        _case("a 4-6-3 network: units 0 and 2 have no inputs (biases -0.4 and +0.3), unit 4 no "
              "outputs, unit 5 neither", (4, 6, 3), no_inputs=[0, 2, 5], no_outputs=[4, 5],
              b1=[-0.4, 0.5, 0.3, -0.2, 0.7, 0.8], zeros=[(1, 1, 1), (2, 3, 0)], seed=1),
        _case("a 4-5-3 network with single weights pruned but no dead unit", (4, 5, 3),
              zeros=[(1, 0, 2), (1, 3, 2), (2, 1, 1)], seed=2),
    ]


# ---------------------------------------------------------------------------- the diagnosis
def _raised(exc: BaseException) -> str:
    """The feedback for an error inside the student's code, with a hint for the usual one."""
    hint = ""
    if isinstance(exc, IndexError) and "axis 1" in str(exc):
        hint = (" (an index too large for axis 1: did you slice W2's columns, the outputs, "
                "instead of its rows, the hidden units?)")
    return f"your function raised {error_text(exc)}{hint}"


def _arrays(fn: Callable, case: _Case) -> tuple:
    """The student's four arrays for ``case``; else :class:`Feedback` says why there are none
    (or :class:`NothingAttempted`)."""
    args = [np.array(a) for a in case.arrays]
    out = attempt(fn, *args, watch=dict(zip(("W1", "b1", "W2", "b2"), args)), raised=_raised,
                  changed=lambda names: (f"your function changed its argument(s) "
                                         f"{', '.join(names)} in place; return new arrays and "
                                         "leave the arguments as they were"))
    try:
        arrays = tuple(np.asarray(a, dtype=float) for a in out)
    except (TypeError, ValueError):
        arrays = ()
    if len(arrays) != 4 or [a.ndim for a in arrays] != [2, 1, 2, 1]:
        raise Feedback(f"return four arrays (W1, b1, W2, b2), two matrices and two vectors; got "
                       f"{describe(out)}")
    return arrays


def _shape_problem(case: _Case, W1, b1, W2, b2) -> str | None:
    """The slicing mistakes that show in the shapes of the answer."""
    n_in, n_hidden = case.arrays[0].shape
    n_out, k = case.arrays[2].shape[1], case.keep.size
    if W1.shape == (k, n_hidden) and W1.shape != (n_in, k):
        return ("you sliced W1's rows (the inputs) instead of its columns: hidden unit h is "
                "column W1[:, h], what flows into it; keep W1[:, keep]")
    if W1.shape[0] != n_in:
        return f"W1 must keep its {n_in} rows, one per input; you returned shape {W1.shape}"
    if b1.shape == (n_hidden,) and W1.shape[1] != n_hidden:
        return (f"you forgot to slice b1: it still has {n_hidden} entries, one per original "
                f"unit, while W1 has {W1.shape[1]} columns; keep b1[keep] too")
    if b1.shape != (W1.shape[1],):
        return f"b1 must have one entry per column of W1 ({W1.shape[1]}); it has {b1.size}"
    if W2.shape[1] != n_out or (W2.shape[0] == n_hidden and W1.shape[1] != n_hidden):
        return ("you sliced W2's columns (the outputs) instead of its rows: unit h's outgoing "
                "weights are row W2[h, :]; keep W2[keep, :] and all of W2's columns")
    if W2.shape[0] != W1.shape[1]:
        return (f"W2 must have one row per kept unit, as many as W1 has columns "
                f"({W1.shape[1]}); it has {W2.shape[0]}")
    if b2.shape != (n_out,):
        return f"b2 must keep its {n_out} entries, one per output; it has {b2.size}"
    return None


def _units_kept(case: _Case, W1, b1) -> list | None:
    """Which original units the answer kept (matched by their column of W1 and their bias)."""
    W1_0, b1_0 = case.arrays[0], case.arrays[1]
    kept = []
    for j in range(W1.shape[1]):
        match = [h for h in range(W1_0.shape[1]) if h not in kept
                 and np.array_equal(W1[:, j], W1_0[:, h]) and b1[j] == b1_0[h]]
        if not match:
            return None
        kept.append(match[0])
    return kept


def _unit_problem(case: _Case, kept: list) -> str | None:
    """Units kept that are dead, or removed that are alive."""
    W1_0, W2_0 = case.arrays[0], case.arrays[2]
    no_in, no_out = ~W1_0.any(axis=0), ~W2_0.any(axis=1)
    alive_removed = [h for h in case.keep if h not in kept]
    if alive_removed:
        return (f"you removed unit(s) {alive_removed}, which still have inputs and outputs: a "
                "unit is dead only when *every* incoming (or every outgoing) weight is zero "
                "(~W1.any(axis=0), ~W2.any(axis=1)), not when some of them are")
    dead_kept = sorted(set(kept) - set(case.keep.tolist()))
    if dead_kept:
        kinds = ["no outgoing weights" if no_out[h] else "no incoming weights" for h in dead_kept]
        return (f"you kept unit(s) {dead_kept} ({', '.join(kinds)}): remove every unit with no "
                "inputs or no outputs (one with no inputs only after folding its constant "
                "output into b2)")
    if kept != sorted(kept):
        return "keep the units in their original order (W1[:, keep] with keep sorted)"
    return None


def _b2_problem(case: _Case, b2) -> str:
    """What went wrong with b2, the slicing being right."""
    W1_0, b1_0, W2_0, b2_0 = case.arrays
    fold = case.fold
    right = case.expected[3]
    guesses = {
        "you forgot the bias folding: your b2 is the old b2. A unit with no inputs outputs "
        "relu(b1[h]) for every input, so its share relu(b1[h]) * W2[h, :] of every logit is a "
        "constant; add it to b2 before removing the unit": b2_0,
        "you folded b1[h] * W2[h, :] without the ReLU: a unit whose bias is negative outputs "
        "relu(b1[h]) = 0 and adds nothing": b2_0 + b1_0[fold] @ W2_0[fold],
        "you subtracted the constant output from b2; add relu(b1[h]) * W2[h, :]":
            b2_0 - np.maximum(b1_0[fold], 0.0) @ W2_0[fold],
        "you also folded the units that still have inputs: only a unit with no inputs outputs "
        "a constant": b2_0 + np.maximum(b1_0, 0.0) @ W2_0,
    }
    for message, wrong in guesses.items():
        if not np.allclose(wrong, right, _RTOL, _ATOL) and np.allclose(b2, wrong, _RTOL, _ATOL):
            return message
    return (f"b2 is off by up to {np.abs(b2 - right).max():.3g}: it should be b2 + "
            f"relu(b1[fold]) @ W2[fold, :] for the units fold = {fold.tolist()} that have no "
            "inputs but some outputs")


def _diagnose(case: _Case, arrays: tuple) -> str | None:
    """None when ``arrays`` are the expected ones, else what went wrong."""
    W1, b1, W2, b2 = arrays
    problem = _shape_problem(case, W1, b1, W2, b2)
    if problem:
        return problem
    kept = _units_kept(case, W1, b1)
    if kept is None:
        return ("your W1 and b1 are not columns and entries of the original W1 and b1 (or do "
                "not follow each other): slice both with the same index array, W1[:, keep] "
                "and b1[keep]")
    problem = _unit_problem(case, kept)
    if problem:
        return problem
    if not np.array_equal(W2, case.arrays[2][kept]):
        return ("W2's rows do not follow W1's columns: unit h's outgoing weights are row "
                "W2[h, :]; slice W2[keep, :] with the same index array as W1[:, keep]")
    if not np.allclose(b2, case.expected[3], _RTOL, _ATOL):
        return _b2_problem(case, b2)
    return None


# ---------------------------------------------------------------------------- the checker
@validated
def check_drop_dead_units(fn) -> bool:
    """Check Exercise 08.1: ``fn(W1, b1, W2, b2)`` -> the network without its dead hidden units.

    Pruned weights are exact zeros. A hidden unit with every outgoing weight zero (a zero row
    of ``W2``) cannot change the output and goes; a unit with every incoming weight zero (a
    zero column of ``W1``) outputs the constant ``relu(b1[h])``: its share
    ``relu(b1[h]) * W2[h, :]`` is added to ``b2`` and it goes too. The answer must be the four
    arrays of :func:`mdl_prune.sparsity.drop_dead_units`, the kept units in their original
    order (``b2`` up to rounding).

    Parameters
    ----------
    fn : callable
        The student's ``drop_dead(W1, b1, W2, b2)``, which returns four new arrays and leaves
        its arguments as they were.

    Returns
    -------
    bool
        True when ``fn`` gives the package's network on every case; the feedback is printed.
    """
    name = function_name(require_function(fn, "fn(W1, b1, W2, b2) -> (W1, b1, W2, b2)"))
    cases = _cases()
    return run_cases(cases, lambda case: _diagnose(case, _arrays(fn, case)),
                     nothing=f"{NOTHING_YET} `{name}` (replace the `...`) and run the cell again.",
                     frame=numbered,
                     correct=f"Correct: `{name}` gives the same network as "
                             f"sparsity.drop_dead_units on all {len(cases)} cases: dead units "
                             "removed, constant outputs folded into b2.")
