"""Data sets of the series: the original notebook's Gaussian blobs and scikit-learn's 8x8 digits.

Both loaders return a :class:`Dataset`. Neither downloads anything: the blobs
are drawn here and the digits ship inside scikit-learn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._checks import check_bool, check_fraction, check_int, check_real, make_rng, validated

__all__ = ["Dataset", "make_blobs", "load_digits"]


@dataclass(frozen=True)
class Dataset:
    """A train/test split with its class count.

    Attributes
    ----------
    X_train, y_train, X_test, y_test : numpy.ndarray
        Features (float64, samples x features) and integer labels.
    n_classes : int
        Number of classes; labels are ``0 .. n_classes - 1``.
    name : str
        A short name for tables and plot titles.
    image_shape : tuple of int or None
        The shape of one sample as an image (``(8, 8)`` for digits), if any.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    n_classes: int
    name: str = "dataset"
    image_shape: tuple[int, ...] | None = field(default=None)

    def __post_init__(self) -> None:
        # Freeze the arrays too, so no cell can change a data set in place.
        for name in ("X_train", "y_train", "X_test", "y_test"):
            arr = np.array(getattr(self, name))
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    @property
    def n_features(self) -> int:
        """Number of input features."""
        return int(self.X_train.shape[1])

    def __repr__(self) -> str:
        return (f"Dataset({self.name!r}: {len(self.y_train)} train, {len(self.y_test)} test, "
                f"{self.n_features} features, {self.n_classes} classes)")


def _balanced_counts(n: int, n_classes: int) -> np.ndarray:
    """Split ``n`` samples over classes as evenly as possible (sizes differ by at most one)."""
    counts = np.full(n_classes, n // n_classes)
    counts[: n % n_classes] += 1
    return counts


@validated
def make_blobs(n_train: int = 1000, n_test: int = 300, n_features: int = 20, n_classes: int = 3,
               centre_scale: float = 3.0, seed=0) -> Dataset:
    """The original notebook's Gaussian blobs, with train and test from the *same* classes.

    Each class is a unit-variance Gaussian around a centre drawn once from
    ``N(0, centre_scale^2 I)``. The original notebook called its generator
    twice, drawing new centres for the test set, so its "test accuracy"
    compared unrelated classes; here both splits share the centres.

    Parameters
    ----------
    n_train, n_test : int
        Number of training and test samples (classes as balanced as possible).
    n_features : int
        Input dimension (the original notebook used 20).
    n_classes : int
        Number of blobs (the original notebook used 3).
    centre_scale : float
        Standard deviation of the class centres; smaller means more overlap.
    seed : int or numpy.random.Generator
        Source of every random draw.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> make_blobs(n_train=6, n_test=3, seed=0)
    Dataset('blobs': 6 train, 3 test, 20 features, 3 classes)
    """
    n_train = check_int(n_train, "n_train", low=1)
    n_test = check_int(n_test, "n_test", low=1)
    n_features = check_int(n_features, "n_features", low=1)
    n_classes = check_int(n_classes, "n_classes", low=2)
    centre_scale = check_real(centre_scale, "centre_scale", low=0.0)
    rng = make_rng(seed)
    centres = rng.normal(0.0, centre_scale, size=(n_classes, n_features))

    def draw(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = np.repeat(np.arange(n_classes), _balanced_counts(n, n_classes))
        X = centres[y] + rng.normal(size=(n, n_features))
        order = rng.permutation(n)
        return X[order], y[order]

    X_train, y_train = draw(n_train)
    X_test, y_test = draw(n_test)
    return Dataset(X_train, y_train, X_test, y_test, n_classes, name="blobs")


@validated
def load_digits(test_fraction: float = 0.25, seed=0, standardize: bool = True) -> Dataset:
    """scikit-learn's bundled 8x8 handwritten digits (1797 images, 10 classes).

    Split with stratification (every class in the same proportion in both
    parts) and, by default, standardized with the mean and standard deviation
    of the *training* part only, so nothing about the test images leaks into
    training. Pixels that are constant in the training part stay zero.

    Parameters
    ----------
    test_fraction : float
        Fraction of the images held out for testing, in (0, 1).
    seed : int
        Seed of the split.
    standardize : bool
        Standardize the features (recommended); ``False`` keeps raw 0..16 intensities.

    Returns
    -------
    Dataset
        With ``image_shape=(8, 8)``.
    """
    test_fraction = check_fraction(test_fraction, "test_fraction", low_open=True, high_open=True)
    seed = check_int(seed, "seed", low=0)
    standardize = check_bool(standardize, "standardize")
    # Imported here: scikit-learn takes longer to load than the rest of the package together.
    from sklearn.datasets import load_digits as sklearn_digits
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    digits = sklearn_digits()
    X_train, X_test, y_train, y_test = train_test_split(
        digits.data.astype(np.float64), digits.target.astype(np.int64),
        test_size=test_fraction, random_state=seed, stratify=digits.target)
    if standardize:
        scaler = StandardScaler().fit(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    return Dataset(X_train, y_train, X_test, y_test, 10, name="digits", image_shape=(8, 8))
