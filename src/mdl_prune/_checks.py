"""Argument checks shared by every module.

Each check raises a ``TypeError`` (wrong kind of value) or ``ValueError``
(right kind, wrong value) whose message names the argument and says what is
allowed, so that a student who types ``sparsity=95`` learns why at once
instead of meeting a crash deep inside NumPy.
"""

from __future__ import annotations

import numbers

import numpy as np

def check_real(value, name: str, *, low=None, high=None, low_open=False, high_open=False) -> float:
    """Return ``value`` as a float after checking its type and range.

    ``low``/``high`` are inclusive bounds unless ``low_open``/``high_open``.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    lo_bracket = "(" if low_open else "["
    hi_bracket = ")" if high_open else "]"
    allowed = f"{lo_bracket}{'-inf' if low is None else low}, {'inf' if high is None else high}{hi_bracket}"
    if low is not None and (value < low or (low_open and value == low)):
        raise ValueError(f"{name} must be in {allowed}, got {value!r}")
    if high is not None and (value > high or (high_open and value == high)):
        raise ValueError(f"{name} must be in {allowed}, got {value!r}")
    return value


def check_fraction(value, name: str, *, open_low=False, open_high=False) -> float:
    """A number in [0, 1] (ends optionally open)."""
    return check_real(value, name, low=0.0, high=1.0, low_open=open_low, high_open=open_high)


def check_int(value, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int after checking its type and range (inclusive)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    value = int(value)
    if low is not None and value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be an integer <= {high}, got {value}")
    return value


def check_choice(value, name: str, choices) -> str:
    """A string from ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}, got {value!r}")
    return value


def make_rng(seed, name: str = "seed") -> np.random.Generator:
    """A ``numpy.random.Generator`` from an int seed or a Generator.

    A Generator passed in is used as it is (the caller chose to share its
    stream); an int always gives the same stream.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        raise TypeError(f"{name} must be a non-negative integer or a numpy.random.Generator; "
                        "None is refused so that every run is reproducible")
    return np.random.default_rng(check_int(seed, name, low=0))


def check_X(X, name: str = "X", *, n_features: int | None = None) -> np.ndarray:
    """A finite 2-D float array with at least one row (returned as float64)."""
    if isinstance(X, (str, bytes)) or X is None:
        raise TypeError(f"{name} must be a 2-D array of numbers, got {type(X).__name__}")
    try:
        arr = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 2-D array of numbers ({exc})") from None
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D (samples x features), got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is empty: it needs at least one sample (row)")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(f"{name} has {arr.shape[1]} features (columns) but the network expects {n_features}")
    return arr


def check_y(y, name: str = "y", *, n_samples: int | None = None, n_classes: int | None = None) -> np.ndarray:
    """A 1-D array of integer class labels in ``[0, n_classes)``."""
    if isinstance(y, (str, bytes)) or y is None:
        raise TypeError(f"{name} must be a 1-D array of integer labels, got {type(y).__name__}")
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one label per sample), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty: it needs at least one label")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
            raise ValueError(f"{name} must hold integer class labels, got non-integer values")
        arr = arr.astype(np.int64)
    elif arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class labels, got dtype {arr.dtype}")
    arr = arr.astype(np.int64, copy=False)
    if n_samples is not None and arr.shape[0] != n_samples:
        raise ValueError(f"{name} has {arr.shape[0]} labels but X has {n_samples} samples; they must match")
    if n_classes is not None and (arr.min() < 0 or arr.max() >= n_classes):
        raise ValueError(f"{name} labels must be in [0, {n_classes - 1}], got values from {arr.min()} to {arr.max()}")
    return arr
