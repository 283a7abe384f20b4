"""The checker of exercise 07.1: right answers pass, each usual mistake gets its own message."""

import math

import numpy as np
import pytest

from mdl_prune import exercises
from mdl_prune._checks import InvalidParameterError

check = exercises.ch07.check_kl_bits
LN2 = math.log(2)


def right(mq, sq, mp, sp):
    return (math.log(sp / sq) + (sq ** 2 + (mq - mp) ** 2) / (2 * sp ** 2) - 0.5) / LN2


def right_in_log2(mq, sq, mp, sp):
    return np.log2(sp / sq) + ((sq ** 2 + (mq - mp) ** 2) / (2 * sp ** 2) - 0.5) / np.log(2)


def nats(mq, sq, mp, sp):
    return right(mq, sq, mp, sp) * LN2


def reversed_kl(mq, sq, mp, sp):
    return right(mp, sp, mq, sq)


def variances_in_log(mq, sq, mp, sp):
    return (math.log(sp ** 2 / sq ** 2) + (sq ** 2 + (mq - mp) ** 2) / (2 * sp ** 2) - 0.5) / LN2


def no_half(mq, sq, mp, sp):
    return (math.log(sp / sq) + (sq ** 2 + (mq - mp) ** 2) / (2 * sp ** 2)) / LN2


def only_log_in_bits(mq, sq, mp, sp):
    return math.log2(sp / sq) + (sq ** 2 + (mq - mp) ** 2) / (2 * sp ** 2) - 0.5


def untouched(mq, sq, mp, sp):
    ...


def not_implemented(mq, sq, mp, sp):
    raise NotImplementedError


def crashes(mq, sq, mp, sp):
    return 1 / 0


@pytest.mark.parametrize("fn", [right, right_in_log2])
def test_right_answers_pass(fn, capsys):
    assert check(fn) is True
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("fn, words", [
    (nats, "nats"), (reversed_kl, "KL(P || Q)"), (variances_in_log, "variances"),
    (no_half, "-1/2"), (only_log_in_bits, "whole KL"), (crashes, "ZeroDivisionError"),
    (lambda *a: "x", "one number"), (lambda *a: math.nan, "finite"),
    (lambda *a: 1.0, "Compare your formula"),
])
def test_each_mistake_gets_its_message(fn, words, capsys):
    assert check(fn) is False
    assert words in capsys.readouterr().out


@pytest.mark.parametrize("fn", [untouched, not_implemented])
def test_the_untouched_stub_says_nothing_attempted(fn, capsys):
    assert check(fn) is False
    assert "Nothing attempted yet" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["not a function", None, 0.5])
def test_bad_arguments_are_refused(bad):
    with pytest.raises(InvalidParameterError, match="fn must be a function.*without calling it"):
        check(bad)
