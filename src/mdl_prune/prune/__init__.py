"""Pruning: masks, criteria, schedules, iterative pruning, lottery tickets, hidden-unit removal.

Modules, one concept each (every public name is re-exported here, so
``prune.magnitude_prune`` and the others work as they always did):

* :mod:`~mdl_prune.prune.masks`      -- the mask-level primitive :func:`prune_lowest` that every
  criterion calls, and the exact counts it is handed (:func:`n_to_prune`, :func:`prune_counts`)
* :mod:`~mdl_prune.prune.criteria`   -- which weights go: magnitude, random, any scores;
  "of all" or "of the remaining"
* :mod:`~mdl_prune.prune.schedules`  -- how the sparsity grows over steps, and the budgets
* :mod:`~mdl_prune.prune.iterative`  -- prune, fine-tune, repeat
* :mod:`~mdl_prune.prune.lottery`    -- lottery tickets: rewinding and its random control
* :mod:`~mdl_prune.prune.structured` -- removing whole hidden units

Semantics shared by every pruner here:

* A fraction ``f`` of a pool of ``n`` entries means exactly ``round(f * n)``
  entries, with Python's ``round`` (halves go to the even integer), as
  PyTorch's ``torch.nn.utils.prune`` does for a float ``amount``.
* Weights already pruned stay pruned: masks only shrink. Asking for less
  sparsity than a network already has is an error that says so.
* Ties in the criterion are broken by position: layer 1 before layer 2, then
  row-major order inside a layer (a stable sort), so the result never
  depends on the platform. (PyTorch breaks ties through ``topk``, whose order
  among equal values is not documented: ``tests/test_prune.py`` shows where
  the two differ.)
* Nothing is modified in place: every function returns a new network.

Three words for the size of a prune, each with one meaning:

``sparsity``
    The fraction of *all* weight-matrix entries (biases excluded) pruned
    *afterwards*: a state to reach, as ``net.sparsity`` reports it and as
    TensorFlow's schedules count. Already pruned weights count towards it.
    (:func:`magnitude_prune`, :func:`random_prune`, :func:`prune_by_scores`,
    :func:`magnitude_threshold`, :func:`prune_counts`, the schedules'
    ``final_sparsity``/``initial_sparsity``.)
``amount``
    The fraction of the weights *still kept* pruned in one step: PyTorch's
    word, and PyTorch's meaning when pruning a tensor again. Calling
    :func:`prune_remaining` twice with ``amount=0.5`` leaves a quarter.
    (:func:`prune_remaining`, :func:`remaining_to_total`,
    :func:`lottery_ticket`.) :func:`prune_step` and :func:`iterative_prune`
    take an ``amount`` per step and a ``semantics`` that says which of the
    two it is: ``"remaining"`` (PyTorch's) or ``"total"``, where the step's
    amount is the sparsity to reach.
``fraction``
    The fraction of the *hidden units* removed (:func:`prune_neurons`,
    :func:`units_to_keep`); :func:`n_to_prune` takes a ``fraction`` too,
    since its rule is the same for all three.

Arguments are checked once, by the public function the reader called, and
errors (:class:`~mdl_prune._checks.InvalidParameterError`, both a
``ValueError`` and a ``TypeError``) name that function and the parameter.
"""

from .criteria import (magnitude_prune, magnitude_threshold, prune_by_scores, prune_remaining,
                       prune_step, random_prune)
from .iterative import IterativeRun, iterative_prune
from .lottery import LotteryRound, lottery_ticket, reinitialize, rewind
from .masks import n_to_prune, prune_counts, prune_lowest
from .schedules import SCHEDULES, cubic_schedule, linear_schedule, remaining_to_total, split_budget
from .structured import neuron_scores, prune_neurons, units_to_keep

__all__ = [
    # masks: the primitive and its counts
    "n_to_prune", "prune_lowest", "prune_counts",
    # criteria
    "prune_by_scores", "magnitude_prune", "random_prune", "magnitude_threshold", "prune_remaining",
    "prune_step",
    # schedules
    "linear_schedule", "cubic_schedule", "SCHEDULES", "split_budget", "remaining_to_total",
    # iterative pruning
    "IterativeRun", "iterative_prune",
    # lottery tickets
    "rewind", "reinitialize", "LotteryRound", "lottery_ticket",
    # structured pruning
    "neuron_scores", "units_to_keep", "prune_neurons",
]
