"""Checkers of notebook 01's exercises: the right answer passes, each typical mistake gets its
own message, the untouched stub gets "Nothing attempted yet", nothing raises for a wrong answer,
and a checker given something other than a function refuses it."""

import numpy as np
import pytest

from mdl_prune import exercises
from mdl_prune._checks import InvalidParameterError

ch01 = exercises.ch01


# ---------------------------------------------------------------- check_output_gradient
def right_gradient(logits, y):
    n = logits.shape[0]
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    p[np.arange(n), y] -= 1.0
    return p / n


def _probabilities(logits, axis=1):
    z = logits - logits.max(axis=axis, keepdims=True)
    return np.exp(z) / np.exp(z).sum(axis=axis, keepdims=True)


def _onehot(logits, y):
    return np.eye(logits.shape[1])[y]


def stub_gradient(logits, y):
    ...  # your code here


def _raises_not_implemented(logits, y):
    raise NotImplementedError


def _in_place(logits, y):
    logits -= logits.max(axis=1, keepdims=True)
    return right_gradient(logits, y)


def _unstable(logits, y):
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return (p - _onehot(logits, y)) / len(y)


GRADIENT_MISTAKES = {
    "n = 6 times too large": lambda z, y: right_gradient(z, y) * len(y),
    "n = 6 times too small": lambda z, y: right_gradient(z, y) / len(y),
    "wrong sign": lambda z, y: -right_gradient(z, y),
    "without subtracting the one-hot": lambda z, y: _probabilities(z) / len(y),
    "You returned the probabilities:": lambda z, y: _probabilities(z),
    "normalises the columns": lambda z, y: (_probabilities(z, axis=0) - _onehot(z, y)) / len(y),
    "must sum to 0": lambda z, y: right_gradient(z, y) + 0.01,
    "at sample": lambda z, y: right_gradient(z, y) * np.array([1, 1, 1, 1, 1, 2.0])[:, None],
    "exp overflowed": _unstable,
    "holds inf or NaN.": lambda z, y: right_gradient(z, y) * np.nan,
    "changed its argument": _in_place,
    "has shape (6,)": lambda z, y: right_gradient(z, y)[:, 0],
    "raised ZeroDivisionError": lambda z, y: 1 / 0,
    "return an array of numbers": lambda z, y: "gradient",
}


def test_the_right_gradient_passes(capsys):
    assert ch01.check_output_gradient(right_gradient) is True
    assert capsys.readouterr().out.startswith("Right.")


@pytest.mark.parametrize("stub", [stub_gradient, _raises_not_implemented, lambda z, y: ...])
def test_the_untouched_gradient_stub_is_nothing_attempted(stub, capsys):
    assert ch01.check_output_gradient(stub) is False
    assert capsys.readouterr().out.startswith("Nothing attempted yet")


@pytest.mark.parametrize("message", GRADIENT_MISTAKES)
def test_each_gradient_mistake_gets_its_own_message(message, capsys):
    assert ch01.check_output_gradient(GRADIENT_MISTAKES[message]) is False
    out = capsys.readouterr()
    assert message in out.out
    assert out.err == ""                  # no RuntimeWarning from an overflowing attempt


# ---------------------------------------------------------------- check_central_difference
def _loss_with(net, X, y, i, j, value):
    W = np.array(net.W1)
    W[i, j] = value
    return net.replace(W1=W).loss(X, y)


def right_difference(net, X, y, i, j, eps=1e-6):
    w = net.W1[i, j]
    return (_loss_with(net, X, y, i, j, w + eps) - _loss_with(net, X, y, i, j, w - eps)) / (2 * eps)


def stub_difference(net, X, y, i, j, eps=1e-6):
    ...  # your code here


def _forward(net, X, y, i, j, eps=1e-6):
    return (_loss_with(net, X, y, i, j, net.W1[i, j] + eps) - net.loss(X, y)) / eps


def _backward(net, X, y, i, j, eps=1e-6):
    return (net.loss(X, y) - _loss_with(net, X, y, i, j, net.W1[i, j] - eps)) / eps


def _writes_to_the_network(net, X, y, i, j, eps=1e-6):
    net.W1[i, j] += eps


DIFFERENCE_MISTAKES = {
    "forward difference": _forward,
    "backward difference": _backward,
    "not eps:": lambda *a: 2 * right_difference(*a),
    "not 4 eps": lambda *a: right_difference(*a) / 2,
    "Wrong sign": lambda *a: -right_difference(*a),
    "You perturbed W1[1, 2]": lambda net, X, y, i, j, eps: right_difference(net, X, y, j, i, eps),
    "eps = 1e-6 whatever the argument": lambda net, X, y, i, j, eps: right_difference(net, X, y,
                                                                                      i, j),
    "Not yet right: for W1[2, 1]": lambda *a: right_difference(*a) + 1.0,
    "copy one first": _writes_to_the_network,
    "return one number": lambda *a: np.array([right_difference(*a)] * 2),
    "return one number (a float)": lambda *a: "0.1",
    "returned bool True": lambda *a: True,
}


def test_the_right_difference_passes(capsys):
    assert ch01.check_central_difference(right_difference) is True
    assert capsys.readouterr().out.startswith("Right.")


@pytest.mark.parametrize("stub", [stub_difference, lambda *a: ...])
def test_the_untouched_difference_stub_is_nothing_attempted(stub, capsys):
    assert ch01.check_central_difference(stub) is False
    assert capsys.readouterr().out.startswith("Nothing attempted yet")


@pytest.mark.parametrize("message", DIFFERENCE_MISTAKES)
def test_each_difference_mistake_gets_its_own_message(message, capsys):
    assert ch01.check_central_difference(DIFFERENCE_MISTAKES[message]) is False
    assert message in capsys.readouterr().out


# ---------------------------------------------------------------- arguments
@pytest.mark.parametrize("checker", [ch01.check_output_gradient, ch01.check_central_difference])
@pytest.mark.parametrize("bad", [None, 3, "right_gradient", right_gradient(np.zeros((2, 2)),
                                                                            np.array([0, 1]))])
def test_a_checker_refuses_what_is_not_a_function(checker, bad):
    with pytest.raises(InvalidParameterError, match=rf"{checker.__name__}\(\): fn must be"):
        checker(bad)
