"""Schedules: how the sparsity grows over the steps of iterative pruning, and what budgets they get.

:func:`linear_schedule` (the original notebook's) and :func:`cubic_schedule`
(Zhu & Gupta 2017) give target sparsities (fractions of *all* weights);
:func:`remaining_to_total` converts PyTorch's "fraction of the remaining"
steps into them; :func:`split_budget` shares a training budget between steps.
"""

from __future__ import annotations

import numpy as np

from .._checks import (InvalidParameterError, check_bool, check_fraction, check_int, describe,
                       validated)
from .masks import _round_count


def _check_amounts(amounts, name: str = "amounts") -> tuple[float, ...]:
    """A non-empty 1-D sequence of fractions in [0, 1], one per pruning step."""
    if isinstance(amounts, (str, bytes)) or np.ndim(amounts) != 1:
        raise InvalidParameterError(name, "a 1-D sequence of fractions in [0, 1]", describe(amounts))
    out = tuple(check_fraction(a, f"{name}[{i}]") for i, a in enumerate(amounts))
    if not out:
        raise InvalidParameterError(name, f"{name} is empty: give at least one pruning step")
    return out


def _check_schedule_args(final_sparsity, n_steps, initial_sparsity, include_start):
    final_sparsity = check_fraction(final_sparsity, "final_sparsity")
    initial_sparsity = check_fraction(initial_sparsity, "initial_sparsity")
    if initial_sparsity > final_sparsity:
        raise InvalidParameterError("initial_sparsity", f"at most final_sparsity ({final_sparsity}): "
                                    "masks only shrink, so sparsity only grows", repr(initial_sparsity))
    return (final_sparsity, check_int(n_steps, "n_steps", low=1), initial_sparsity,
            check_bool(include_start, "include_start"))


def _finish_schedule(values: np.ndarray, final_sparsity: float, initial_sparsity: float,
                     include_start: bool) -> np.ndarray:
    # Floating point must not overshoot the end points or break monotonicity.
    values = np.clip(values, initial_sparsity, final_sparsity)
    values = np.maximum.accumulate(values)
    values[0] = initial_sparsity
    values[-1] = final_sparsity
    if not include_start:
        values = values[1:].copy()
    values.setflags(write=False)
    return values


@validated
def linear_schedule(final_sparsity: float, n_steps: int, initial_sparsity: float = 0.0,
                    include_start: bool = False) -> np.ndarray:
    """The original notebook's schedule: equal sparsity increments.

    ``s_t = s_i + (s_f - s_i) * t / n`` for steps ``t = 1, ..., n``.

    Parameters
    ----------
    final_sparsity : float
        ``s_f``, in [0, 1]; the last entry equals it exactly.
    n_steps : int
        Number of pruning steps ``n`` (>= 1).
    initial_sparsity : float
        ``s_i``, the sparsity before step 1 (in [0, final_sparsity]).
    include_start : bool
        Also return ``s_0 = s_i`` (exactly) as the first entry.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_steps,)`` (``(n_steps + 1,)`` with ``include_start``): the
        target sparsity (fraction of *all* weights) after each step;
        non-decreasing; read-only.
    """
    s_f, n, s_i, include_start = _check_schedule_args(final_sparsity, n_steps, initial_sparsity,
                                                      include_start)
    t = np.arange(n + 1)
    return _finish_schedule(s_i + (s_f - s_i) * t / n, s_f, s_i, include_start)


@validated
def cubic_schedule(final_sparsity: float, n_steps: int, initial_sparsity: float = 0.0,
                   include_start: bool = False) -> np.ndarray:
    """Zhu & Gupta's (2017) gradual schedule: large steps first, small steps near the end.

    ``s_t = s_f + (s_i - s_f) * (1 - t / n) ** 3`` for steps ``t = 1, ..., n``.
    Early on, with many redundant weights, it prunes fast; close to the
    target, where every weight matters, it slows down.

    Parameters and return value as in :func:`linear_schedule`.
    """
    s_f, n, s_i, include_start = _check_schedule_args(final_sparsity, n_steps, initial_sparsity,
                                                      include_start)
    t = np.arange(n + 1)
    return _finish_schedule(s_f + (s_i - s_f) * (1.0 - t / n) ** 3, s_f, s_i, include_start)


SCHEDULES = {"linear": linear_schedule, "cubic": cubic_schedule}


@validated
def split_budget(total_epochs: int, n_steps: int) -> tuple[int, ...]:
    """Share a training budget between pruning steps: as equal as possible, earlier steps first.

    Comparing one-shot with iterative pruning is only fair at the same number
    of training epochs; this gives each of ``n_steps`` steps its share of
    ``total_epochs`` (the shares differ by at most one and sum exactly).

    Examples
    --------
    >>> split_budget(40, 10)
    (4, 4, 4, 4, 4, 4, 4, 4, 4, 4)
    >>> split_budget(10, 4)
    (3, 3, 2, 2)
    """
    total_epochs = check_int(total_epochs, "total_epochs", low=0)
    n_steps = check_int(n_steps, "n_steps", low=1)
    base, extra = divmod(total_epochs, n_steps)
    return tuple(base + (i < extra) for i in range(n_steps))


@validated
def remaining_to_total(amounts, n_weights: int, initial_pruned: int = 0) -> np.ndarray:
    """Total sparsity after each step when each step prunes a fraction of the *remaining* weights.

    This is PyTorch's semantics for repeated ``torch.nn.utils.prune`` calls:
    step ``k`` prunes ``round(amounts[k] * remaining)`` more weights. Computed
    for one pool of ``n_weights`` (one layer, or all weights with global scope).

    Parameters
    ----------
    amounts : sequence of float
        Fraction of the remaining weights pruned at each step, each in [0, 1].
    n_weights : int
        Size of the pool (>= 1).
    initial_pruned : int
        Weights already pruned before the first step (in [0, n_weights]).

    Returns
    -------
    numpy.ndarray
        Fraction of all ``n_weights`` pruned after each step (exact counts / n).

    Examples
    --------
    >>> remaining_to_total([0.5, 0.5], 8).tolist()   # 4 pruned, then 2 of the 4 left
    [0.5, 0.75]
    """
    amounts = _check_amounts(amounts)
    n_weights = check_int(n_weights, "n_weights", low=1)
    pruned = check_int(initial_pruned, "initial_pruned", low=0, high=n_weights)
    out = []
    for a in amounts:
        pruned += _round_count(a, n_weights - pruned)
        out.append(pruned / n_weights)
    return np.array(out)
