"""Checkers for the exercises of notebook 05 (sparsity visualizations).

* :func:`check_dead_units` -- Exercise 05.3: the hidden units pruning has cut off, found from
  the two masks, as :meth:`~mdl_prune.network.TwoLayerNet.dead_units` finds them.

The checker calls the student's function on small masks it builds (every kind of dead unit,
none, all), compares the answer with the package's and, when they differ, says which kind of
dead unit was missed or wrongly reported, and where to look: the wrong axis, ``all`` for
``any``, the two vectors in the wrong order. It returns True only when every case is right and
never raises for a wrong answer.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from .._checks import describe, validated
from ..network import TwoLayerNet
from ._feedback import (NOTHING_YET, attempt, error_text, function_name, numbered,
                        require_function, run_cases)

__all__ = ["check_dead_units"]

_KINDS = ("no inputs", "no outputs")
_WHERE = ("every weight into unit h pruned: the column mask1[:, h] holds no True",
          "every weight out of unit h pruned: the row mask2[h, :] holds no True")


class _Case(NamedTuple):
    """Two masks and the dead units the package finds in them."""

    what: str                    # the case in words, for the feedback
    mask1: np.ndarray            # (n_in, n_hidden), True = kept
    mask2: np.ndarray            # (n_hidden, n_out)
    expected: tuple              # (no_inputs, no_outputs) from TwoLayerNet.dead_units


def _case(what: str, mask1, mask2) -> _Case:
    mask1, mask2 = np.asarray(mask1, bool), np.asarray(mask2, bool)
    rng = np.random.default_rng(0)
    (n_in, n_hidden), n_out = mask1.shape, mask2.shape[1]
    net = TwoLayerNet(rng.normal(size=mask1.shape), np.zeros(n_hidden), rng.normal(size=mask2.shape),
                      np.zeros(n_out), mask1, mask2)
    return _Case(what, mask1, mask2, net.dead_units())


def _cases() -> list:
    # 6 inputs, 5 hidden units, 3 classes: the three sizes differ, so a wrong axis shows.
    mask1 = np.array([[1, 0, 1, 0, 0],
                      [0, 0, 1, 1, 0],
                      [1, 0, 0, 1, 0],
                      [0, 0, 0, 0, 0],
                      [1, 0, 1, 0, 0],
                      [0, 0, 0, 1, 0]])
    mask2 = np.array([[1, 0, 1],
                      [0, 1, 0],
                      [1, 1, 1],
                      [0, 0, 0],
                      [0, 0, 0]])
    one_each = np.eye(6, 5, dtype=bool) | np.eye(6, 5, k=-1, dtype=bool)
    return [
        _case("6 inputs, 5 hidden units, 3 classes: unit 1 has no inputs, unit 3 no outputs, "
              "unit 4 neither inputs nor outputs", mask1, mask2),
        _case("a dense network (every weight kept): no unit is dead",
              np.ones((6, 5)), np.ones((5, 3))),
        _case("every unit keeps two inputs and one or two outputs: none is dead",
              one_each, np.eye(5, 3, dtype=bool) | np.eye(5, 3, k=-2, dtype=bool)),
        _case("every weight pruned: every unit has no inputs and no outputs",
              np.zeros((6, 5)), np.zeros((5, 3))),
    ]


# ---------------------------------------------------------------------------- the diagnosis
def _call(fn: Callable, case: _Case):
    """The student's two vectors for ``case``, or the feedback why there are none."""
    args = case.mask1.copy(), case.mask2.copy()
    out = attempt(fn, *args, watch=dict(zip(("mask1", "mask2"), args)),
                  raised=lambda exc: f"your function raised {error_text(exc)}",
                  changed=lambda names: (f"your function changed {', '.join(names)} in place; "
                                         "read the masks, never write to them"))
    return _as_vectors(out, case)


def _as_vectors(out, case: _Case):
    """``out`` as two boolean vectors of length n_hidden, or what is wrong with it."""
    n_in, n_hidden = case.mask1.shape
    n_out = case.mask2.shape[1]
    shape_of = f"two boolean vectors (no_inputs, no_outputs), each of length n_hidden = {n_hidden}"
    if isinstance(out, np.ndarray) and out.ndim == 1 or not isinstance(out, (tuple, list)):
        return None, f"return {shape_of}; got {describe(out)}, a single value"
    if len(out) != 2:
        return None, f"return {shape_of}; got {len(out)} values"
    vectors = [np.asarray(v) for v in out]
    for kind, v in zip(_KINDS, vectors):
        if v.dtype != bool:
            return None, (f"your '{kind}' vector has dtype {v.dtype}: return a boolean vector "
                          "(True = dead), not unit indices or counts (np.flatnonzero turns it "
                          "into indices afterwards)")
        if v.ndim != 1 or v.size != n_hidden:
            hint = ""
            if v.shape in ((n_in,), (n_out,)):
                hint = (f": a vector of length {v.size} = n_{'in' if v.size == n_in else 'out'} "
                        "means you reduced over the wrong axis. A unit's inputs are the column "
                        "mask1[:, h] (reduce over axis 0), its outputs the row mask2[h, :] "
                        "(reduce over axis 1)")
            return None, f"your '{kind}' vector has shape {v.shape}, not ({n_hidden},){hint}"
    return tuple(vectors), None


def _units(flags) -> str:
    units = np.flatnonzero(flags).tolist()
    return f"unit{'s' if len(units) > 1 else ''} {', '.join(map(str, units))}"


def _diagnose(case: _Case, got: tuple) -> str | None:
    """None when ``got`` is the expected pair, else what went wrong, kind by kind."""
    expected = case.expected
    if all(np.array_equal(g, e) for g, e in zip(got, expected)):
        return None
    if all(np.array_equal(g, e) for g, e in zip(got, expected[::-1])):
        return ("you returned the two vectors in the wrong order: first the units with no "
                "inputs, then the units with no outputs")
    either = expected[0] | expected[1]
    if all(np.array_equal(g, either) for g in got) and not np.array_equal(*expected):
        return ("you returned the same vector twice, the units with no inputs *or* no outputs; "
                "keep the two kinds apart: first no inputs, then no outputs")
    for kind, g, e, mask, axis in zip(_KINDS, got, expected, (case.mask1, case.mask2), (0, 1)):
        if np.array_equal(g, ~mask.all(axis=axis)) and not np.array_equal(g, e):
            return (f"your '{kind}' vector marks every unit that lost *some* weight; a unit has "
                    f"{kind} only when *all* of them are pruned (.any() kept, not .all() kept)")
    problems = []
    for kind, where, g, e in zip(_KINDS, _WHERE, got, expected):
        if (e & ~g).any():
            problems.append(f"you missed {_units(e & ~g)} with {kind} ({where})")
        if (g & ~e).any():
            problems.append(f"you reported {_units(g & ~e)} as having {kind}, but "
                            f"{'it keeps' if (g & ~e).sum() == 1 else 'they keep'} at least one "
                            f"such weight")
    return "; ".join(problems)


# ---------------------------------------------------------------------------- the checker
@validated
def check_dead_units(fn) -> bool:
    """Check Exercise 05.3: ``fn(mask1, mask2)`` -> ``(no_inputs, no_outputs)``.

    ``mask1`` has shape ``(n_in, n_hidden)``, ``mask2`` shape ``(n_hidden, n_out)`` (True =
    kept). The answer is two boolean vectors of length ``n_hidden``: the units whose every
    incoming weight is pruned, and the units whose every outgoing weight is pruned, as
    :meth:`~mdl_prune.network.TwoLayerNet.dead_units` returns them.

    Parameters
    ----------
    fn : callable
        The student's ``dead_units(mask1, mask2)``, which reads the masks without writing to
        them.

    Returns
    -------
    bool
        True when ``fn`` finds the dead units :meth:`~mdl_prune.network.TwoLayerNet.dead_units`
        finds on all four cases (both kinds, none, every unit); else the feedback is printed.
    """
    name = function_name(require_function(fn, "fn(mask1, mask2) -> (no_inputs, no_outputs)"))

    def judge(case: _Case) -> str | None:
        got, problem = _call(fn, case)
        return problem or _diagnose(case, got)

    cases = _cases()
    return run_cases(cases, judge, nothing=f"{NOTHING_YET} `{name}`.", frame=numbered,
                     correct=f"Correct: `{name}` finds the same dead units as "
                             f"TwoLayerNet.dead_units on all {len(cases)} cases, both kinds.")
