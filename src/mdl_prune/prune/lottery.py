"""Lottery tickets (Frankle & Carbin 2019): train, prune, rewind the survivors to their initial
values, train again; and the control that keeps the mask but draws fresh initial values."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .._checks import (InvalidParameterError, check_choice, check_fraction, check_int, make_rng,
                       validated)
from ..network import TwoLayerNet, check_net
from ._fine_tuning import accuracy_on, check_fit_kwargs, check_test_set, fit_and_score
from .criteria import _criterion_scores, _prune_of_remaining
from .masks import SCOPES


def _check_same_shapes(net, name: str, reference: TwoLayerNet, reference_name: str) -> TwoLayerNet:
    """``net`` checked to be a TwoLayerNet with the weight shapes of ``reference``."""
    net = check_net(net, name)
    shapes, wanted = (net.W1.shape, net.W2.shape), (reference.W1.shape, reference.W2.shape)
    if shapes != wanted:
        raise InvalidParameterError(name, f"{name} and {reference_name} must have the same shapes: "
                                    f"{shapes[0]}, {shapes[1]} vs {wanted[0]}, {wanted[1]}")
    return net


def _check_rewind_pair(pruned, initial) -> tuple[TwoLayerNet, TwoLayerNet]:
    """Two networks of one architecture, ``pruned``'s masks inside ``initial``'s."""
    initial = check_net(initial, "initial")
    pruned = _check_same_shapes(pruned, "pruned", initial, "initial")
    if np.any(pruned.mask1 & ~initial.mask1) or np.any(pruned.mask2 & ~initial.mask2):
        raise InvalidParameterError("initial", "pruned keeps weights that initial has pruned: masks "
                                    "only shrink, so initial must be the network before pruning")
    return pruned, initial


def _check_trained(trained, initial: TwoLayerNet) -> TwoLayerNet:
    """``initial`` after training: the same shapes and the same masks."""
    trained = _check_same_shapes(trained, "trained", initial, "initial")
    if not (np.array_equal(trained.mask1, initial.mask1) and np.array_equal(trained.mask2, initial.mask2)):
        raise InvalidParameterError("trained", "trained must be initial after training: same shapes "
                                    "and same masks")
    return trained


def _rewind(pruned: TwoLayerNet, initial: TwoLayerNet) -> TwoLayerNet:
    return initial.replace(mask1=pruned.mask1, mask2=pruned.mask2)


def _reinitialize(net: TwoLayerNet, seed) -> TwoLayerNet:
    fresh = TwoLayerNet.create(net.n_in, net.n_hidden, net.n_out, seed=seed)
    return fresh.replace(mask1=net.mask1, mask2=net.mask2)


@validated
def rewind(pruned: TwoLayerNet, initial: TwoLayerNet) -> TwoLayerNet:
    """Reset the survivors of ``pruned`` to their values in ``initial`` (Frankle & Carbin 2019).

    The result has ``pruned``'s masks and, at every kept weight, exactly the
    value ``initial`` had; the biases are ``initial``'s too.

    Parameters
    ----------
    pruned : TwoLayerNet
        A trained and pruned network: supplies the mask.
    initial : TwoLayerNet
        The same network at initialisation, before any training: supplies the values.
        Its masks must contain ``pruned``'s (a weight pruned at
        initialisation has no initial value to rewind to).

    Returns
    -------
    TwoLayerNet
    """
    return _rewind(*_check_rewind_pair(pruned, initial))


@validated
def reinitialize(net: TwoLayerNet, seed) -> TwoLayerNet:
    """The lottery-ticket control: ``net``'s masks with fresh random initial values.

    Values are drawn exactly as :meth:`TwoLayerNet.create` draws them (same
    distribution as the original initialisation), biases zero. Use a seed
    different from the one that made the original network.

    Parameters
    ----------
    net : TwoLayerNet
        Supplies the masks only.
    seed : int or numpy.random.Generator

    Returns
    -------
    TwoLayerNet
    """
    return _reinitialize(check_net(net), make_rng(seed))


@dataclass(frozen=True)
class LotteryRound:
    """One round of :func:`lottery_ticket`.

    Attributes
    ----------
    round : int
        0 is the dense network; round ``r`` has been pruned ``r`` times.
    sparsity : float
    ticket : TwoLayerNet
        The untrained network of this round: the survivors at their initial values.
    trained : TwoLayerNet
        ``ticket`` after training.
    accuracy : float or None
        Test accuracy of ``trained`` (``None`` without test data).
    control : TwoLayerNet or None
        The control after training: same mask, fresh initial values (round 0 has none).
    control_accuracy : float or None
    """

    round: int
    sparsity: float
    ticket: TwoLayerNet
    trained: TwoLayerNet
    accuracy: float | None
    control: TwoLayerNet | None
    control_accuracy: float | None


@validated
def lottery_ticket(initial: TwoLayerNet, X, y, *, amount: float = 0.2, n_rounds: int = 3,
                   epochs: int = 40, scope: str = "global", X_test=None, y_test=None, seed=0,
                   control_seed=None, fit_kwargs: dict | None = None,
                   trained: TwoLayerNet | None = None) -> tuple[LotteryRound, ...]:
    """Iterative magnitude pruning with rewinding to the initial values (Frankle & Carbin 2019).

    Round 0 trains ``initial``. Each later round prunes ``amount`` of the
    weights that survived (PyTorch's "remaining" semantics, magnitudes of the
    previous round's trained network), rewinds the survivors to their values
    in ``initial`` (:func:`rewind`) and trains again for ``epochs``. With
    ``control_seed``, each round also trains the control: the same mask with
    fresh random initial values (:func:`reinitialize`), with the same
    minibatch order as the ticket.

    Parameters
    ----------
    initial : TwoLayerNet
        The untrained network (not modified).
    X, y : array_like
        Training data.
    amount : float
        Fraction of the remaining weights pruned per round, in (0, 1); after
        ``r`` rounds about ``1 - (1 - amount) ** r`` of all weights are gone
        (exactly: :func:`remaining_to_total`).
    n_rounds, epochs : int
        Pruning rounds, and training epochs in every round (both >= 1).
    scope : {"global", "layer"}
    X_test, y_test : array_like, optional
        Held-out data for the recorded accuracies (both or neither).
    seed : int or numpy.random.Generator
        Minibatch orders of the rounds.
    control_seed : int or numpy.random.Generator, optional
        Initial values of the controls (one stream for all rounds); no control without it.
    fit_kwargs : dict, optional
        Other :func:`train.fit` options.
    trained : TwoLayerNet, optional
        ``initial`` already trained (e.g. the dense baseline of a notebook):
        round 0 uses it instead of training ``initial`` again. It must have
        ``initial``'s shapes and masks.

    Returns
    -------
    tuple of LotteryRound
        ``n_rounds + 1`` rounds, the dense one first.
    """
    initial = check_net(initial, "initial")
    amount = check_fraction(amount, "amount", low_open=True, high_open=True)
    n_rounds, epochs = check_int(n_rounds, "n_rounds", low=1), check_int(epochs, "epochs", low=1)
    scope, test = check_choice(scope, "scope", SCOPES), check_test_set(initial, X_test, y_test)
    train = functools.partial(fit_and_score, X=X, y=y, epochs=epochs, test=test,
                              fit_kwargs=check_fit_kwargs(fit_kwargs))
    fit_seeds = [int(s) for s in make_rng(seed).integers(0, 2**31 - 1, size=n_rounds + 1)]
    control_rng = None if control_seed is None else make_rng(control_seed, "control_seed")
    if trained is None:
        trained, _, accuracy = train(initial, seed=fit_seeds[0])
    else:
        trained = _check_trained(trained, initial)
        accuracy = accuracy_on(trained, test)
    rounds = [LotteryRound(0, initial.sparsity, initial, trained, accuracy, None, None)]
    for r in range(1, n_rounds + 1):
        previous = rounds[-1].trained
        mask_from = _prune_of_remaining(previous, amount, _criterion_scores(previous, "magnitude", None),
                                        scope)
        ticket = _rewind(mask_from, initial)
        net, _, accuracy = train(ticket, seed=fit_seeds[r])
        control, control_accuracy = None, None
        if control_rng is not None:
            control, _, control_accuracy = train(_reinitialize(ticket, control_rng), seed=fit_seeds[r])
        rounds.append(LotteryRound(r, ticket.sparsity, ticket, net, accuracy, control, control_accuracy))
    return tuple(rounds)
