"""Iterative pruning: prune a little, fine-tune the survivors, repeat (Han et al. 2015)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._checks import InvalidParameterError, check_choice, check_int, make_rng, validated
from ..network import TwoLayerNet, check_net
from ._fine_tuning import accuracy_on, check_fit_kwargs, check_test_set, fit_with_options
from .criteria import CRITERIA, SEMANTICS, _step
from .masks import SCOPES
from .schedules import _check_amounts


@dataclass(frozen=True)
class IterativeRun:
    """What :func:`iterative_prune` did, one entry per pruning step.

    Attributes
    ----------
    sparsity : tuple of float
        Fraction of all weights pruned after each step.
    weights_kept : tuple of int
    accuracy_pruned : tuple of float or None
        Test accuracy right after each pruning step, before fine-tuning
        (``None`` without test data).
    accuracy_tuned : tuple of float or None
        Test accuracy after each step's fine-tuning.
    epochs : tuple of int
        Fine-tuning epochs of each step (0 = no fine-tuning).
    histories : tuple
        The :class:`train.History` of each step's fine-tuning, training curves
        only (``None`` where epochs is 0).
    """

    sparsity: tuple
    weights_kept: tuple
    accuracy_pruned: tuple | None
    accuracy_tuned: tuple | None
    epochs: tuple
    histories: tuple

    @property
    def total_epochs(self) -> int:
        """Fine-tuning epochs over all steps: the training budget of the run."""
        return int(sum(self.epochs))


def _check_steps(amounts, semantics: str, epochs_per_step) -> tuple[tuple, tuple]:
    """The amounts (non-decreasing targets with "total") and one epoch count per step."""
    amounts = _check_amounts(amounts)
    drops = [i for i in range(1, len(amounts)) if amounts[i] < amounts[i - 1]]
    if semantics == "total" and drops:
        i = drops[0]
        raise InvalidParameterError("amounts", f"amounts must be non-decreasing with semantics='total' "
                                    f"(masks only shrink): amounts[{i}]={amounts[i]} < "
                                    f"amounts[{i - 1}]={amounts[i - 1]}")
    if not isinstance(epochs_per_step, (list, tuple, np.ndarray)):
        return amounts, (check_int(epochs_per_step, "epochs_per_step", low=0),) * len(amounts)
    if len(epochs_per_step) != len(amounts):
        raise InvalidParameterError("epochs_per_step", f"epochs_per_step has {len(epochs_per_step)} "
                                    f"entries but amounts has {len(amounts)}; give one per step or "
                                    "a single int")
    return amounts, tuple(check_int(e, f"epochs_per_step[{i}]", low=0)
                          for i, e in enumerate(epochs_per_step))


@validated
def iterative_prune(net: TwoLayerNet, X, y, amounts, *, semantics: str = "total",
                    scope: str = "global", criterion: str = "magnitude", epochs_per_step=10,
                    X_test=None, y_test=None, seed=0,
                    fit_kwargs: dict | None = None) -> tuple[TwoLayerNet, IterativeRun]:
    """Prune in steps, fine-tuning the survivors with :func:`train.fit` after each step.

    Parameters
    ----------
    net : TwoLayerNet
        Usually a trained dense network (not modified).
    X, y : array_like
        Training data for fine-tuning.
    amounts : sequence of float
        One entry per step, each in [0, 1]; its meaning is set by ``semantics``.
        With ``"total"`` it is a schedule of target sparsities (e.g.
        :func:`cubic_schedule`), non-decreasing; with ``"remaining"`` each
        entry is the fraction of the still-kept weights pruned at that step.
    semantics : {"total", "remaining"}
        See :func:`prune_step`: TensorFlow's "reach this fraction of all
        weights" or PyTorch's "prune this fraction of what is left".
    scope : {"global", "layer"}
    criterion : {"magnitude", "random"}
    epochs_per_step : int or sequence of int
        Fine-tuning epochs after each step (>= 0; 0 skips fine-tuning).
        One-shot pruning with the same budget is ``amounts=[s]`` with all
        the epochs in one step.
    X_test, y_test : array_like, optional
        Held-out data for the recorded accuracies (both or neither).
    seed : int or numpy.random.Generator
        Drives the minibatch order (and the random criterion).
    fit_kwargs : dict, optional
        Other :func:`train.fit` options (``lr``, ``momentum``, ``batch_size``,
        ``weight_decay``); every fine-tuning starts with zero momentum.

    Returns
    -------
    pruned : TwoLayerNet
    run : IterativeRun
    """
    net = check_net(net)
    semantics = check_choice(semantics, "semantics", SEMANTICS)
    scope, criterion = check_choice(scope, "scope", SCOPES), check_choice(criterion, "criterion", CRITERIA)
    amounts, epochs = _check_steps(amounts, semantics, epochs_per_step)
    fit_kwargs, test = check_fit_kwargs(fit_kwargs), check_test_set(net, X_test, y_test)
    rng = make_rng(seed)       # one stream: the random criterion's draws, then each fine-tuning
    steps = []                 # (sparsity, weights kept, accuracy pruned, accuracy tuned, history)
    for amount, n_epochs in zip(amounts, epochs):
        net = _step(net, amount, semantics, scope, criterion, rng if criterion == "random" else None)
        pruned = (net.sparsity, net.count_parameters().weights_kept, accuracy_on(net, test))
        history = None
        if n_epochs:
            # No per-epoch test evaluation: only the end of each step is recorded (and it is faster).
            net, history = fit_with_options(net, X, y, n_epochs, rng, fit_kwargs)
        steps.append((*pruned, accuracy_on(net, test), history))
    sparsity, kept, acc_pruned, acc_tuned, histories = (tuple(column) for column in zip(*steps))
    run = IterativeRun(sparsity, kept, acc_pruned if test else None, acc_tuned if test else None,
                       epochs, histories)
    return net, run
