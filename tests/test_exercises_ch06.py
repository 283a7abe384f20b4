"""The checker of notebook 06's code exercise: the right answer passes, each usual mistake gets
its own feedback, an untouched stub gets "Nothing attempted yet", a bad argument is refused."""

import math

import numpy as np
import pytest

from mdl_prune import exercises, mdl
from mdl_prune._checks import InvalidParameterError

ch06 = exercises.ch06


def _enum(n, k, counts=True):
    return (math.log2(n + 1) if counts else 0.0) + mdl.log2_binomial(n, k)


def submatrix_bits(mask, *, rows=True, cols=True, inner=True, inner_all=False, counts=True,
                   log=1.0, extra=0.0):
    """The sub-matrix code length, with the knobs the usual mistakes turn."""
    mask = np.asarray(mask)
    r, c = mask.any(axis=1), mask.any(axis=0)
    k = int(mask.sum())
    bits = ((_enum(mask.shape[0], int(r.sum()), counts) if rows else 0.0)
            + (_enum(mask.shape[1], int(c.sum()), counts) if cols else 0.0))
    if inner:
        bits += _enum(mask.size if inner_all else int(r.sum() * c.sum()), k, counts)
    return bits * log + extra


def right(mask):
    return submatrix_bits(mask)


MISTAKES = {
    "nats": (lambda m: submatrix_bits(m, log=math.log(2)), "it is in nats"),
    "no rows": (lambda m: submatrix_bits(m, rows=False), "you left out the rows"),
    "no columns": (lambda m: submatrix_bits(m, cols=False), "you left out the columns"),
    "no inner": (lambda m: submatrix_bits(m, inner=False), "but not the kept weights inside"),
    "inner over all": (lambda m: submatrix_bits(m, inner_all=True), "ranges over all n entries"),
    "no counts": (lambda m: submatrix_bits(m, counts=False), "left those counts out"),
    "choice bit": (lambda m: submatrix_bits(m, extra=1.0), "you added the 1 bit"),
}


def test_the_packages_answer_passes(capsys):
    assert ch06.check_submatrix_mask_bits(right) is True
    assert "Correct" in capsys.readouterr().out


def test_the_answer_is_the_packages_mask_code():
    rng = np.random.default_rng(0)
    for _ in range(5):
        W1 = rng.normal(size=(9, 4))
        mask = rng.random((9, 4)) < 0.3
        W2 = rng.normal(size=(4, 3))
        from mdl_prune import network
        net = network.TwoLayerNet(W1, np.zeros(4), W2, np.zeros(3), mask, np.ones((4, 3), bool))
        assert right(mask) == pytest.approx(mdl.model_code(net).masks[0].submatrix_bits, abs=1e-9)


@pytest.mark.parametrize("name", list(MISTAKES))
def test_each_mistake_gets_its_message(name, capsys):
    fn, message = MISTAKES[name]
    assert ch06.check_submatrix_mask_bits(fn) is False
    out = capsys.readouterr().out
    assert out.startswith("Not yet.") and message in out


@pytest.mark.parametrize("stub", [lambda m: None, lambda m: ..., lambda m: (_ for _ in ()).throw(NotImplementedError())])
def test_untouched_stub(stub, capsys):
    assert ch06.check_submatrix_mask_bits(stub) is False
    assert "Nothing attempted yet" in capsys.readouterr().out


def test_other_wrong_answers_get_feedback(capsys):
    assert ch06.check_submatrix_mask_bits(lambda m: float(m.size)) is False
    assert "the sub-matrix code takes" in capsys.readouterr().out
    assert ch06.check_submatrix_mask_bits(lambda m: 1 / 0) is False
    assert "raised ZeroDivisionError" in capsys.readouterr().out
    assert ch06.check_submatrix_mask_bits(lambda m: math.inf) is False
    assert "overflows" in capsys.readouterr().out
    assert ch06.check_submatrix_mask_bits(lambda m: "many") is False
    assert "return one number" in capsys.readouterr().out


def test_a_function_that_changes_the_mask_is_told(capsys):
    def clears(mask):
        bits = right(mask)
        mask[...] = False
        return bits
    assert ch06.check_submatrix_mask_bits(clears) is False
    assert "changed the mask in place" in capsys.readouterr().out


@pytest.mark.parametrize("bad", [None, 3.0, "submatrix_bits"])
def test_bad_argument_refused(bad):
    with pytest.raises(InvalidParameterError, match="fn must be a function fn\\(mask\\).*"
                                                    "pass your function without calling it"):
        ch06.check_submatrix_mask_bits(bad)
