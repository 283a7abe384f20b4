"""The checker of exercise 08.1: the package's answer passes, each usual mistake gets its own
feedback, an untouched stub gets "Nothing attempted yet", a bad argument is refused."""

import numpy as np
import pytest

from mdl_prune import exercises, network, sparsity
from mdl_prune._checks import InvalidParameterError

check = exercises.ch08.check_drop_dead_units


def _dead(W1, W2):
    no_in, no_out = ~W1.any(axis=0), ~W2.any(axis=1)
    return no_in, no_out, np.flatnonzero(~(no_in | no_out)), no_in & ~no_out


def _drop(W1, b1, W2, b2, *, fold=True, relu=True, sign=1.0, slice_b1=True, w2="rows",
          w1="columns", alive=None, remove=("in", "out")):
    """drop_dead_units written out, with the knobs the usual mistakes turn."""
    no_in, no_out, keep, folded = _dead(W1, W2)
    if alive == "all":                      # a unit counts as dead when *some* weight is zero
        keep = np.flatnonzero((W1 != 0).all(axis=0) & (W2 != 0).all(axis=1))
    if remove == ("out",):
        keep = np.flatnonzero(~no_out)
        folded = np.zeros_like(folded)
    act = np.maximum(b1, 0.0) if relu else b1
    new_b2 = b2 + sign * (act[folded] @ W2[folded]) if fold else b2.copy()
    W1_new = W1[:, keep] if w1 == "columns" else W1[keep]
    W2_new = W2[keep, :] if w2 == "rows" else W2[:, keep]
    return W1_new, (b1[keep] if slice_b1 else b1.copy()), W2_new, new_b2


def right(W1, b1, W2, b2):
    return _drop(W1, b1, W2, b2)


def with_the_package(W1, b1, W2, b2):
    thin = sparsity.drop_dead_units(network.TwoLayerNet(W1, b1, W2, b2, W1 != 0, W2 != 0))
    return thin.W1, thin.b1, thin.W2, thin.b2


def summed_in_another_order(W1, b1, W2, b2):
    W1n, b1n, W2n, _ = _drop(W1, b1, W2, b2)
    out = b2.copy()
    for h in np.flatnonzero(_dead(W1, W2)[3])[::-1]:
        out = out + max(b1[h], 0.0) * W2[h]
    return W1n, b1n, W2n, out


def stub(W1, b1, W2, b2):
    ...


def raises_not_implemented(W1, b1, W2, b2):
    raise NotImplementedError


def in_place(W1, b1, W2, b2):
    no_in, no_out, keep, fold = _dead(W1, W2)
    b2 += np.maximum(b1[fold], 0.0) @ W2[fold]
    return W1[:, keep], b1[keep], W2[keep], b2


MISTAKES = {
    "forgot b1": (lambda *a: _drop(*a, slice_b1=False), "you forgot to slice b1"),
    "W2 columns": (lambda *a: _drop(*a, w2="columns"), "sliced W2's columns"),
    "W1 rows": (lambda *a: _drop(*a, w1="rows"), "you sliced W1's rows"),
    "no folding": (lambda *a: _drop(*a, fold=False), "you forgot the bias folding"),
    "no relu": (lambda *a: _drop(*a, relu=False), "without the ReLU"),
    "subtracted": (lambda *a: _drop(*a, sign=-1.0), "you subtracted"),
    "all instead of any": (lambda *a: _drop(*a, alive="all"), "which still have inputs"),
    "only no-output units": (lambda *a: _drop(*a, remove=("out",)), "no incoming weights"),
    "mutates": (in_place, "changed its argument(s) b2 in place"),
    "nothing removed": (lambda W1, b1, W2, b2: (W1.copy(), b1.copy(), W2.copy(), b2.copy()),
                        "you kept unit(s) [1, 3]"),
    "reversed order": (lambda *a: tuple(x[:, ::-1] if i == 0 else x[::-1] if i in (1, 2) else x
                                        for i, x in enumerate(_drop(*a))),
                       "original order"),
    "W2 rows from other units": (lambda *a: (lambda r: (r[0], r[1], r[2][::-1], r[3]))(_drop(*a)),
                                 "W2's rows do not follow W1's columns"),
    "wrong shape out": (lambda *a: _drop(*a)[:3], "return four arrays"),
}


@pytest.mark.parametrize("fn", [right, with_the_package, summed_in_another_order])
def test_right_answers_pass(fn, capsys):
    assert check(fn) is True
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_each_mistake_gets_its_feedback(name, capsys):
    fn, message = MISTAKES[name]
    assert check(fn) is False
    out = capsys.readouterr().out
    assert out.startswith("Not yet."), out
    assert message in out, out


def test_the_no_relu_mistake_is_found_where_a_bias_is_negative(capsys):
    check(MISTAKES["no relu"][0])
    assert "Case 2 of 3" in capsys.readouterr().out


@pytest.mark.parametrize("fn", [stub, raises_not_implemented, lambda *a: None])
def test_an_untouched_stub_is_nothing_attempted(fn, capsys):
    assert check(fn) is False
    assert "Nothing attempted yet" in capsys.readouterr().out


def test_a_student_error_is_reported_not_raised(capsys):
    def broken(W1, b1, W2, b2):
        return W1 @ W1

    assert check(broken) is False
    assert "your function raised ValueError" in capsys.readouterr().out


def test_a_bad_argument_is_refused():
    with pytest.raises(InvalidParameterError, match="fn must be a function fn\\(W1, b1, W2, b2\\)"
                                                    ".*without calling it"):
        check("drop_dead")


def test_an_index_error_on_axis_1_gets_a_hint_about_w2(capsys):
    def columns_of_a_narrow_w2(W1, b1, W2, b2):
        raise IndexError("index 4 is out of bounds for axis 1 with size 3")

    assert check(columns_of_a_narrow_w2) is False
    assert "did you slice W2's columns" in capsys.readouterr().out
