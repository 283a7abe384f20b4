"""The checkers of notebook 09: right answers pass, each usual mistake gets its own message."""

import math

import numpy as np
import pytest

from mdl_prune import exercises
from mdl_prune._checks import InvalidParameterError

ch09 = exercises.ch09


# ---------------------------------------------------------------- Exercise 09.1: the split
def split_right(n_train, n_test, n_features, n_classes, rng):
    centres = rng.normal(0.0, 3.0, size=(n_classes, n_features))
    out = []
    for n in (n_train, n_test):
        y = rng.permutation(np.arange(n) % n_classes)
        out += [centres[y] + rng.normal(size=(n, n_features)), y]
    return tuple(out)


def _blobs(n, n_features, n_classes, rng):
    """The original notebook's generator: new centres at every call."""
    centres = rng.normal(0.0, 3.0, size=(n_classes, n_features))
    y = rng.permutation(np.arange(n) % n_classes)
    return centres[y] + rng.normal(size=(n, n_features)), y


def split_one_call_then_cut(n_train, n_test, n_features, n_classes, rng):
    X, y = _blobs(n_train + n_test, n_features, n_classes, rng)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def split_called_twice(n_train, n_test, n_features, n_classes, rng):
    train_part = _blobs(n_train, n_features, n_classes, rng)
    return (*train_part, *_blobs(n_test, n_features, n_classes, rng))


def split_global_random(n_train, n_test, n_features, n_classes, rng):
    return split_right(n_train, n_test, n_features, n_classes, np.random.default_rng())


def split_test_is_train(n_train, n_test, n_features, n_classes, rng):
    X, y, _, _ = split_right(n_train, n_test, n_features, n_classes, rng)
    return X, y, X[:n_test], y[:n_test]


def split_wide_blobs(n_train, n_test, n_features, n_classes, rng):
    X, y, Xt, yt = split_right(n_train, n_test, n_features, n_classes, rng)
    return 3 * X, y, 3 * Xt, yt


def split_one_centre(n_train, n_test, n_features, n_classes, rng):
    centre = rng.normal(0.0, 3.0, size=n_features)
    out = []
    for n in (n_train, n_test):
        y = rng.permutation(np.arange(n) % n_classes)
        out += [centre + rng.normal(size=(n, n_features)), y]
    return tuple(out)


def split_two_arrays(n_train, n_test, n_features, n_classes, rng):
    return _blobs(n_train, n_features, n_classes, rng)


def split_wrong_size(n_train, n_test, n_features, n_classes, rng):
    return split_right(n_train, n_train, n_features, n_classes, rng)


def split_float_labels(n_train, n_test, n_features, n_classes, rng):
    X, y, Xt, yt = split_right(n_train, n_test, n_features, n_classes, rng)
    return X, y.astype(float), Xt, yt


# ---------------------------------------------------------------- Exercise 09.2: weights kept
def kept_right(model):
    kept = np.count_nonzero(model.mask1) + np.count_nonzero(model.mask2)
    return kept / (model.mask1.size + model.mask2.size)


def kept_with_biases(model):
    total = model.W1.size + model.b1.size + model.W2.size + model.b2.size
    return (np.sum(model.mask1) + model.b1.size + np.sum(model.mask2) + model.b2.size) / total


def kept_nonzero(model):
    nonzero = np.count_nonzero(model.W1) + np.count_nonzero(model.W2)
    return nonzero / (model.W1.size + model.W2.size)


def kept_percent(model):
    return 100 * kept_right(model)


def kept_pruned_fraction(model):
    return 1 - kept_right(model)


def kept_layer_mean(model):
    return (np.mean(model.mask1) + np.mean(model.mask2)) / 2


def kept_w1_only(model):
    return np.mean(model.mask1)


def kept_in_place(model):
    model.W1[model.mask1 == 0] = 0          # zero the pruned weights first: changes the model
    return kept_right(model)


def kept_pair(model):
    return np.count_nonzero(model.mask1), model.mask1.size


# ---------------------------------------------------------------- Exercise 09.3: data bits
def bits_right(probs, y):
    return -np.sum(np.log2(probs[np.arange(len(y)), y]))


def bits_nats(probs, y):
    return -np.sum(np.log(probs[np.arange(len(y)), y]))


def bits_original(probs, y):
    one_hot = np.zeros_like(probs)
    one_hot[np.arange(len(y)), y] = 1
    return -np.sum(one_hot * np.log(probs + 1e-8))


def bits_epsilon(probs, y):
    return -np.sum(np.log2(probs[np.arange(len(y)), y] + 1e-8))


def bits_mean(probs, y):
    return -np.mean(np.log2(probs[np.arange(len(y)), y]))


def bits_all_classes(probs, y):
    return -np.sum(np.log2(probs))


def bits_sign(probs, y):
    return np.sum(np.log2(probs[np.arange(len(y)), y]))


def bits_per_sample(probs, y):
    return -np.log2(probs[np.arange(len(y)), y])


def bits_in_place(probs, y):
    probs /= probs.sum(axis=1, keepdims=True)
    probs[0, 0] = 0.5
    return bits_right(probs, y)


# ---------------------------------------------------------------- shared
def stub(*args):
    ...  # your code here


def not_implemented(*args):
    raise NotImplementedError


def crashes(*args):
    return {}["x"]


CHECKERS = {"split": ch09.check_train_test_split, "kept": ch09.check_fraction_kept,
            "bits": ch09.check_data_cost_bits}


@pytest.mark.parametrize("checker, solution", [
    ("split", split_right), ("split", split_one_call_then_cut),
    ("kept", kept_right), ("bits", bits_right)])
def test_right_answers_pass(checker, solution, capsys):
    assert CHECKERS[checker](solution) is True
    assert capsys.readouterr().out.startswith("Correct")


@pytest.mark.parametrize("checker, mistake, message", [
    ("split", split_called_twice, "draw the centres once and both splits from them"),
    ("split", split_global_random, "draw every random number from the `rng`"),
    ("split", split_test_is_train, "repeats samples of the training set"),
    ("split", split_wide_blobs, "unit variance"),
    ("split", split_one_centre, "each class needs its own centre"),
    ("split", split_two_arrays, "Return four arrays"),
    ("split", split_wrong_size, "X_test should have shape (150, 5)"),
    ("split", split_float_labels, "integer labels"),
    ("kept", kept_with_biases, "You counted the biases as kept"),
    ("kept", kept_nonzero, "You counted the nonzero weights"),
    ("kept", kept_percent, "not a percentage"),
    ("kept", kept_pruned_fraction, "You returned the fraction pruned"),
    ("kept", kept_layer_mean, "You averaged the two layers' fractions"),
    ("kept", kept_w1_only, "only the weights of W1"),
    ("kept", kept_in_place, "changed the model it was given"),
    ("kept", kept_pair, "Return one number"),
    ("bits", bits_nats, "You returned nats (natural logarithm)"),
    ("bits", bits_original, "You returned nats, with 1e-8 added"),
    ("bits", bits_epsilon, "You added a small constant inside the logarithm"),
    ("bits", bits_mean, "You returned the mean cost per label"),
    ("bits", bits_all_classes, "over every class"),
    ("bits", bits_sign, "Your sign is wrong"),
    ("bits", bits_per_sample, "Return one number, the total"),
    ("bits", bits_in_place, "changed its arguments"),
])
def test_each_mistake_gets_its_message(checker, mistake, message, capsys):
    assert CHECKERS[checker](mistake) is False
    out = capsys.readouterr().out
    assert message in out
    assert "Correct" not in out


@pytest.mark.parametrize("checker", sorted(CHECKERS))
@pytest.mark.parametrize("untouched", [stub, not_implemented])
def test_untouched_stub_says_nothing_attempted(checker, untouched, capsys):
    assert CHECKERS[checker](untouched) is False
    assert capsys.readouterr().out.startswith("Nothing attempted yet")


@pytest.mark.parametrize("checker", sorted(CHECKERS))
def test_a_crash_is_feedback_not_a_traceback(checker, capsys):
    assert CHECKERS[checker](crashes) is False
    assert "Your function raised KeyError" in capsys.readouterr().out


@pytest.mark.parametrize("checker", sorted(CHECKERS))
@pytest.mark.parametrize("bad", [None, 3, "fn", np.zeros(3)])
def test_bad_arguments_are_refused(checker, bad):
    name = CHECKERS[checker].__name__
    with pytest.raises(InvalidParameterError, match=rf"{name}\(\): fn must be"):
        CHECKERS[checker](bad)


def test_the_cases_can_tell_the_mistakes_apart():
    """Each mistake must give a value distinct from the right one, or it would go unnoticed."""
    for what, model, kept, total, biases in ch09._models():
        if "unpruned" in what:
            continue
        wrong = ch09._fraction_mistakes(model, kept, total, biases)
        assert len(set(np.round(list(wrong.values()), 12))) >= 5, what
    stale = [m for what, m, *_ in ch09._models() if "stale" in what]
    assert stale and all(np.count_nonzero(m.W1) == m.W1.size for m in stale)
    confident = ch09._probability_cases()[-1]
    assert math.isclose(-math.log2(confident[1][0, confident[2][0]]), 39.86, abs_tol=0.01)
