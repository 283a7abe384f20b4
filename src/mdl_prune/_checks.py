"""Argument checks shared by every module: one error class, one way to say it.

Every bad argument raises :class:`InvalidParameterError`, which is both a
``ValueError`` and a ``TypeError`` (as scikit-learn's error of the same name),
so ``except ValueError`` and ``except TypeError`` both catch it. Its message
names the function, the parameter, what is allowed and what was given::

    magnitude_prune(): sparsity must be a real number in [0, 1], got float 1.5

so that a student who types ``sparsity=95`` learns why at once instead of
meeting a crash deep inside NumPy. The checks below name the parameter and
what is allowed; :func:`validated`, on each public function, adds the
function's name.

Bounds are inclusive unless ``low_open``/``high_open`` say otherwise: the same
two keywords wherever an interval is checked.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Mapping

import numpy as np

__all__ = ["InvalidParameterError", "validated", "describe", "check_real", "check_fraction",
           "check_int", "check_bool", "check_choice", "check_instance", "check_mapping",
           "check_array", "make_rng", "check_X", "check_y"]


class InvalidParameterError(ValueError, TypeError):
    """A public function was given an argument it cannot use.

    Parameters
    ----------
    parameter : str
        The argument's name as the caller wrote it (``"sparsity"``,
        ``"curves['a']"`` for an item of a mapping).
    allowed : str
        What the argument may be, phrased to follow "must be" (``"an integer
        >= 1"``), or a whole sentence when ``got`` is None.
    got : str or None
        What was given (see :func:`describe`); None when ``allowed`` already
        says it.
    function : str or None
        The public function's name; :func:`validated` fills it in.
    """

    def __init__(self, parameter: str, allowed: str, got: str | None = None, *,
                 function: str | None = None):
        super().__init__(parameter, allowed, got)
        self.parameter = parameter
        self.allowed = allowed
        self.got = got
        self.function = function

    def __str__(self) -> str:
        head = f"{self.function}(): " if self.function else ""
        if self.got is None:
            return f"{head}{self.allowed}"
        return f"{head}{self.parameter} must be {self.allowed}, got {self.got}"


def validated(func):
    """Decorator: errors of bad arguments raised inside ``func`` name ``func``.

    The outermost decorated function names itself last, so an error is
    reported under the public function the student called, even when it came
    from a check inside another public function that one calls.
    """
    # a class checks its fields in __init__ or __post_init__: the reader called the class
    name = func.__qualname__.removesuffix(".__post_init__").removesuffix(".__init__")

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except InvalidParameterError as exc:
            exc.function = name
            raise
    return wrapper


def describe(value) -> str:
    """A short description of a value for an error message: its type and a clipped repr."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _interval(low, high, low_open: bool, high_open: bool) -> str:
    return (f"{'(' if low_open else '['}{'-inf' if low is None else low}, "
            f"{'inf' if high is None else high}{')' if high_open else ']'}")


def check_real(value, name: str, *, low=None, high=None, low_open: bool = False,
               high_open: bool = False) -> float:
    """Return ``value`` as a float after checking its type and range (a finite real number)."""
    bounded = low is not None or high is not None
    interval = _interval(low, high, low_open, high_open)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        allowed = "a real number" + (f" in {interval}" if bounded else "")
        raise InvalidParameterError(name, allowed, describe(value))
    value = float(value)
    if not np.isfinite(value):
        raise InvalidParameterError(name, "a finite number" + (f" in {interval}" if bounded else ""),
                                    repr(value))
    too_low = low is not None and (value < low or (low_open and value == low))
    too_high = high is not None and (value > high or (high_open and value == high))
    if too_low or too_high:
        raise InvalidParameterError(name, f"in {interval}", repr(value))
    return value


def check_fraction(value, name: str, *, low_open: bool = False, high_open: bool = False) -> float:
    """A real number in [0, 1] (either end optionally open)."""
    return check_real(value, name, low=0.0, high=1.0, low_open=low_open, high_open=high_open)


def check_int(value, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int after checking its type and range (inclusive)."""
    bounds = [f">= {low}"] * (low is not None) + [f"<= {high}"] * (high is not None)
    allowed = "an integer" + (" " + " and ".join(bounds) if bounds else "")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise InvalidParameterError(name, allowed, describe(value))
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise InvalidParameterError(name, allowed, describe(value))
    return value


def check_bool(value, name: str) -> bool:
    """``True`` or ``False`` (NumPy booleans too); never a truthy string or number."""
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidParameterError(name, "True or False", describe(value))
    return bool(value)


def check_choice(value, name: str, choices) -> str:
    """A string from ``choices``."""
    if not isinstance(value, str) or value not in choices:
        allowed = "one of " + ", ".join(repr(c) for c in choices)
        raise InvalidParameterError(name, allowed, describe(value))
    return value


def check_instance(value, name: str, cls, what: str | None = None):
    """``value`` itself, after checking it is a ``cls`` (``what`` names the type for the reader)."""
    if not isinstance(value, cls):
        raise InvalidParameterError(name, what or f"a {cls.__name__}", describe(value))
    return value


def check_mapping(value, name: str, what: str, *, allow_empty: bool = False) -> dict:
    """A non-empty dict of label -> ``what`` (the items are the caller's to check).

    The message says what the items should be, e.g. ``"curves must be a dict of
    label -> (sparsities, accuracies)"``.
    """
    if not isinstance(value, Mapping):
        raise InvalidParameterError(name, f"a dict of label -> {what}", describe(value))
    if not value and not allow_empty:
        raise InvalidParameterError(name, f"{name} is empty: give at least one label -> {what}")
    return dict(value)


def check_array(value, name: str, *, ndim: int | None = None, finite: bool = True,
                non_empty: bool = True) -> np.ndarray:
    """``value`` as a float64 array, checked for dimension, emptiness and finiteness."""
    shape = "a number or an array of numbers" if ndim is None else f"a {ndim}-D array of numbers"
    if isinstance(value, (str, bytes)) or value is None:
        raise InvalidParameterError(name, shape, describe(value))
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidParameterError(name, shape, describe(value)) from None
    if ndim is not None and arr.ndim != ndim:
        raise InvalidParameterError(name, shape, f"shape {arr.shape}")
    if non_empty and arr.size == 0:
        raise InvalidParameterError(name, f"{name} is empty: it needs at least one value")
    if finite and not np.all(np.isfinite(arr)):
        raise InvalidParameterError(name, f"{name} contains NaN or infinite values")
    return arr


def make_rng(seed, name: str = "seed") -> np.random.Generator:
    """A ``numpy.random.Generator`` from an int seed or a Generator.

    A Generator passed in is used as it is (the caller chose to share its
    stream); an int always gives the same stream. None is refused so that
    every run is reproducible.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise InvalidParameterError(name, "a non-negative integer or a numpy.random.Generator "
                                          "(None is refused so that every run is reproducible)",
                                    describe(seed))
    return np.random.default_rng(int(seed))


def check_X(X, name: str = "X", *, n_features: int | None = None,
            expected_by: str = "the network") -> np.ndarray:
    """A finite 2-D float array with at least one row (returned as float64).

    ``n_features``, if given, is the number of columns that ``expected_by`` expects.
    """
    arr = check_array(X, name, ndim=2, finite=False, non_empty=False)
    if arr.shape[0] == 0:
        raise InvalidParameterError(name, f"{name} is empty: it needs at least one sample (row)")
    if not np.all(np.isfinite(arr)):
        raise InvalidParameterError(name, f"{name} contains NaN or infinite values")
    if n_features is not None and arr.shape[1] != n_features:
        raise InvalidParameterError(name, f"{name} has {arr.shape[1]} features (columns) but "
                                          f"{expected_by} expects {n_features}")
    return arr


def check_y(y, name: str = "y", *, n_samples: int | None = None,
            n_classes: int | None = None) -> np.ndarray:
    """A 1-D array of integer class labels in ``[0, n_classes)``."""
    allowed = "a 1-D array of integer class labels"
    if isinstance(y, (str, bytes)) or y is None:
        raise InvalidParameterError(name, allowed, describe(y))
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise InvalidParameterError(name, allowed, f"shape {arr.shape}")
    if arr.size == 0:
        raise InvalidParameterError(name, f"{name} is empty: it needs at least one label")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
            raise InvalidParameterError(name, allowed, "non-integer values")
    elif arr.dtype.kind not in "iu":
        raise InvalidParameterError(name, allowed, f"dtype {arr.dtype}")
    arr = arr.astype(np.int64, copy=False)
    if n_samples is not None and arr.shape[0] != n_samples:
        raise InvalidParameterError(name, f"{name} has {arr.shape[0]} labels but X has {n_samples} "
                                          "samples; they must match")
    if arr.min() < 0:
        raise InvalidParameterError(name, f"{name} labels must be class numbers 0, 1, 2, ..., "
                                          f"got {arr.min()}")
    if n_classes is not None and arr.max() >= n_classes:
        raise InvalidParameterError(name, f"{name} labels must be in [0, {n_classes - 1}], "
                                          f"got values from {arr.min()} to {arr.max()}")
    return arr
