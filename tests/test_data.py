"""Data sets: shapes, shared class centres, no leakage, reproducibility, bad input."""

import numpy as np
import pytest

from mdl_prune import data


def test_blobs_shapes_and_balance(blobs):
    assert blobs.X_train.shape == (1000, 20) and blobs.X_test.shape == (300, 20)
    assert blobs.n_classes == 3
    assert np.bincount(blobs.y_train).tolist() == [334, 333, 333]
    assert np.bincount(blobs.y_test).tolist() == [100, 100, 100]


def test_blobs_train_and_test_share_class_centres(blobs):
    # The seed drew new centres for the test set; here the class means agree.
    for c in range(blobs.n_classes):
        m_train = blobs.X_train[blobs.y_train == c].mean(axis=0)
        m_test = blobs.X_test[blobs.y_test == c].mean(axis=0)
        assert np.linalg.norm(m_train - m_test) < 1.0  # sampling noise ~ sqrt(20/100)


def test_blobs_reproducible_and_seed_dependent():
    a, b, c = data.make_blobs(seed=1), data.make_blobs(seed=1), data.make_blobs(seed=2)
    assert np.array_equal(a.X_train, b.X_train) and np.array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.X_train, c.X_train)


def test_digits_split_is_stratified_and_standardized_on_train_only(digits):
    assert digits.X_train.shape[1] == 64 and digits.image_shape == (8, 8)
    assert len(digits.y_train) + len(digits.y_test) == 1797
    assert abs(len(digits.y_test) / 1797 - 0.25) < 0.01
    frac_train = np.bincount(digits.y_train) / len(digits.y_train)
    frac_test = np.bincount(digits.y_test) / len(digits.y_test)
    assert np.max(np.abs(frac_train - frac_test)) < 0.01
    varying = digits.X_train.std(axis=0) > 0
    np.testing.assert_allclose(digits.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(digits.X_train.std(axis=0)[varying], 1, atol=1e-12)
    # Test statistics are NOT forced to 0/1: they come from the training part.
    assert np.abs(digits.X_test.mean(axis=0)).max() > 1e-3


def test_digits_raw_intensities():
    ds = data.load_digits(standardize=False)
    assert ds.X_train.min() == 0 and ds.X_train.max() == 16


def test_dataset_arrays_are_read_only(digits):
    with pytest.raises(ValueError):
        digits.X_train[0, 0] = 1.0


@pytest.mark.parametrize("kwargs, err, match", [
    ({"test_fraction": 0.0}, ValueError, "test_fraction"),
    ({"test_fraction": 1.0}, ValueError, "test_fraction"),
    ({"test_fraction": float("nan")}, ValueError, "test_fraction"),
    ({"test_fraction": "0.2"}, TypeError, "test_fraction"),
    ({"seed": -1}, ValueError, "seed"),
    ({"seed": 1.5}, TypeError, "seed"),
    ({"standardize": "yes"}, TypeError, "standardize"),
])
def test_load_digits_refuses_bad_input(kwargs, err, match):
    with pytest.raises(err, match=match):
        data.load_digits(**kwargs)


@pytest.mark.parametrize("kwargs, err, match", [
    ({"n_train": 0}, ValueError, "n_train"),
    ({"n_test": -5}, ValueError, "n_test"),
    ({"n_classes": 1}, ValueError, "n_classes"),
    ({"n_features": 2.0}, TypeError, "n_features"),
    ({"centre_scale": -1.0}, ValueError, "centre_scale"),
    ({"seed": None}, TypeError, "seed"),
])
def test_make_blobs_refuses_bad_input(kwargs, err, match):
    with pytest.raises(err, match=match):
        data.make_blobs(**kwargs)
