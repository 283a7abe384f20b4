"""Run an experiment over several seeds and summarise it: mean and spread.

One training run is one draw from a random process (initial weights,
minibatch order, random masks). A difference between two methods means
something only when it is larger than the spread between seeds, so every
figure of the series that compares methods shows both.

Example
-------
>>> from mdl_prune import experiments
>>> s = experiments.over_seeds(lambda seed: seed * 2.0, seeds=[0, 1, 2])
>>> float(s.mean), float(s.low), float(s.high)
(2.0, 0.0, 4.0)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from ._checks import InvalidParameterError, check_choice, check_int, describe, validated

__all__ = ["Summary", "summarize", "over_seeds"]


@dataclass(frozen=True, eq=False)
class Summary:
    """Per-seed values of one quantity and their mean and spread.

    Attributes
    ----------
    values : numpy.ndarray
        Shape ``(n_seeds, ...)``: one row per seed (read-only).
    seeds : tuple
        The seeds, in the order of the rows.
    """

    values: np.ndarray
    seeds: tuple

    @property
    def n(self) -> int:
        """Number of seeds."""
        return int(self.values.shape[0])

    @property
    def mean(self) -> np.ndarray:
        """Mean over seeds."""
        return self.values.mean(axis=0)

    @property
    def std(self) -> np.ndarray:
        """Sample standard deviation over seeds (``ddof=1``; 0 for a single seed)."""
        if self.n < 2:
            return np.zeros_like(self.mean)
        return self.values.std(axis=0, ddof=1)

    @property
    def low(self) -> np.ndarray:
        """Smallest value over seeds."""
        return self.values.min(axis=0)

    @property
    def high(self) -> np.ndarray:
        """Largest value over seeds."""
        return self.values.max(axis=0)

    @validated
    def band(self, kind: str = "range") -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper edge of the spread: ``"range"`` (min to max) or ``"std"`` (mean ± std)."""
        if check_choice(kind, "kind", ("range", "std")) == "range":
            return self.low, self.high
        return self.mean - self.std, self.mean + self.std

    def __repr__(self) -> str:
        if self.values.ndim == 1:
            return (f"Summary(mean={float(self.mean):.4g}, std={float(self.std):.2g}, "
                    f"range=[{float(self.low):.4g}, {float(self.high):.4g}], n={self.n})")
        return f"Summary(shape={self.values.shape[1:]}, n={self.n})"


def _per_seed_array(values) -> np.ndarray:
    """``values`` as a new float64 array with one row per seed, all finite."""
    try:
        arr = np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidParameterError("values", "numbers of one common shape per seed",
                                    describe(values)) from None
    if arr.ndim == 0 or arr.shape[0] == 0:
        raise InvalidParameterError("values", "one row per seed and at least one seed", f"shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise InvalidParameterError("values", "values contain NaN or infinite numbers; a mean over "
                                              "seeds would hide that")
    return arr


@validated
def summarize(values, seeds=None) -> Summary:
    """Wrap per-seed results (first axis = seed) in a :class:`Summary`.

    Parameters
    ----------
    values : array_like
        Finite numbers, shape ``(n_seeds, ...)`` with ``n_seeds >= 1``.
    seeds : sequence, optional
        Labels of the rows; default ``0, 1, ...``.
    """
    arr = _per_seed_array(values)
    seeds = tuple(range(arr.shape[0])) if seeds is None else _check_seeds(seeds)
    if len(seeds) != arr.shape[0]:
        raise InvalidParameterError("seeds", f"seeds has {len(seeds)} entries but values has "
                                             f"{arr.shape[0]} rows; give one seed per row")
    arr.setflags(write=False)
    return Summary(arr, seeds)


def _check_seeds(seeds) -> tuple:
    """``seeds`` as a tuple of distinct seeds; an int ``n`` means ``0, ..., n - 1``."""
    if isinstance(seeds, (int, np.integer)) and not isinstance(seeds, bool):
        return tuple(range(check_int(seeds, "seeds", low=1)))
    if isinstance(seeds, (str, bytes)) or np.ndim(seeds) != 1:
        raise InvalidParameterError("seeds", "an int or a sequence of ints", describe(seeds))
    seeds = tuple(check_int(s, f"seeds[{i}]", low=0) for i, s in enumerate(seeds))
    if not seeds:
        raise InvalidParameterError("seeds", "seeds is empty: give at least one seed")
    if len(set(seeds)) != len(seeds):
        raise InvalidParameterError("seeds", "distinct seeds", repr(list(seeds)))
    return seeds


@validated
def over_seeds(experiment: Callable, seeds) -> Summary | dict:
    """Call ``experiment(seed)`` for every seed and summarise the results.

    Parameters
    ----------
    experiment : callable
        ``experiment(seed)`` returns a number, an array of a fixed shape, or
        a dict of those (one entry per quantity, the same keys every time).
    seeds : int or sequence of int
        An int ``n`` means seeds ``0, ..., n - 1``; otherwise distinct seeds.

    Returns
    -------
    Summary, or dict of str -> Summary
        A dict when ``experiment`` returns a dict.
    """
    if not callable(experiment):
        raise InvalidParameterError("experiment", "a function of the seed", describe(experiment))
    seeds = _check_seeds(seeds)
    results = [experiment(s) for s in seeds]
    if isinstance(results[0], Mapping):
        keys = list(results[0])
        for s, r in zip(seeds, results):
            if not isinstance(r, Mapping) or list(r) != keys:
                got = list(r) if isinstance(r, Mapping) else type(r).__name__
                raise InvalidParameterError("experiment", f"experiment returned different keys for "
                                                          f"seed {s}: {got} vs {keys}")
        return {k: summarize([r[k] for r in results], seeds) for k in keys}
    shapes = {np.shape(r) for r in results}
    if len(shapes) > 1:
        raise InvalidParameterError("experiment", "experiment returned results of different shapes over "
                                                  f"seeds: {sorted(shapes)}")
    return summarize(results, seeds)
