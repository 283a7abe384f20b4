"""Training inside the pruning loops: the checks and the one call that iterative pruning and
lottery tickets share (fit options, an optional test set, train then score)."""

from __future__ import annotations

import inspect
from collections.abc import Mapping

from .._checks import InvalidParameterError, check_instance
from ..network import TwoLayerNet, check_data
from ..train import fit

# fit() arguments that the pruning loops set themselves.
FIT_RESERVED = frozenset({"epochs", "seed", "X_test", "y_test", "velocity"})
# fit() arguments that fit_kwargs may set.
FIT_OPTIONS = frozenset(inspect.signature(fit).parameters) - {"net", "X", "y"} - FIT_RESERVED


def check_fit_kwargs(fit_kwargs) -> dict:
    """Other :func:`train.fit` options as a new dict; refuses those the loops set themselves."""
    if fit_kwargs is None:
        return {}
    check_instance(fit_kwargs, "fit_kwargs", Mapping, "a dict of train.fit options (lr, momentum, ...)")
    clash = sorted(set(fit_kwargs) & FIT_RESERVED)
    if clash:
        raise InvalidParameterError("fit_kwargs", f"fit_kwargs must not set {clash}: the pruning loop "
                                    "sets them itself (use the function's own epochs/seed/X_test/"
                                    "y_test arguments)")
    unknown = sorted(set(fit_kwargs) - FIT_OPTIONS)
    if unknown:
        raise InvalidParameterError("fit_kwargs", f"fit_kwargs may set only the train.fit options "
                                    f"{sorted(FIT_OPTIONS)}; {unknown} is not one of them")
    return dict(fit_kwargs)


def check_test_set(net: TwoLayerNet, X_test, y_test) -> tuple | None:
    """``(X_test, y_test)`` checked against ``net``, or None when neither is given.

    One without the other is refused.
    """
    if (X_test is None) != (y_test is None):
        given, missing = ("X_test", "y_test") if y_test is None else ("y_test", "X_test")
        raise InvalidParameterError(missing, f"X_test and y_test must be given together (or "
                                    f"neither): {given} is given but {missing} is None")
    return None if X_test is None else check_data(net, X_test, y_test, "X_test", "y_test")


def fit_with_options(net: TwoLayerNet, X, y, epochs: int, seed, fit_kwargs: dict):
    """:func:`train.fit` with the caller's options; a bad option is reported as ``fit_kwargs[...]``."""
    try:
        return fit(net, X, y, epochs=epochs, seed=seed, **fit_kwargs)
    except InvalidParameterError as exc:
        if exc.parameter in fit_kwargs:
            exc.parameter = f"fit_kwargs[{exc.parameter!r}]"
            exc.allowed = exc.allowed if exc.got is not None else f"{exc.parameter}: {exc.allowed}"
        raise


def accuracy_on(net: TwoLayerNet, test: tuple | None) -> float | None:
    """Accuracy on the test set, or None without one."""
    return None if test is None else net.accuracy(*test)


def fit_and_score(net: TwoLayerNet, X, y, epochs: int, seed, fit_kwargs: dict, test: tuple | None):
    """``net`` trained for ``epochs`` by :func:`train.fit`: (network, history, test accuracy or None)."""
    trained, history = fit_with_options(net, X, y, epochs, seed, fit_kwargs)
    return trained, history, accuracy_on(trained, test)


