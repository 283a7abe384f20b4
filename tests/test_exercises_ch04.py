"""The checker of notebook 04's code exercise: right answers pass, typical mistakes get their
own message, an untouched stub is told so, bad arguments are refused."""

import numpy as np
import pytest

from mdl_prune import prune
from mdl_prune._checks import InvalidParameterError
from mdl_prune.exercises import ch04


def _run(capsys, fn):
    result = ch04.check_geometric_schedule(fn)
    return result, capsys.readouterr().out


def test_reference_answer_passes(capsys):
    result, out = _run(capsys, ch04.geometric_schedule)
    assert result is True
    assert out.startswith("Correct")


def test_a_correct_student_answer_written_differently_passes(capsys):
    def student(final_sparsity, n_steps):
        a = 1 - (1 - final_sparsity) ** (1 / n_steps)
        return [1 - (1 - a) ** t for t in range(1, n_steps + 1)]     # a list, end not pinned
    assert _run(capsys, student)[0] is True


def test_reference_ends_exactly_and_matches_the_exact_counts():
    s = ch04.geometric_schedule(0.95, 10)
    assert s[-1] == 0.95 and s.shape == (10,) and np.all(np.diff(s) > 0)
    a = 1 - (1 - 0.95) ** (1 / 10)
    exact = prune.remaining_to_total([a] * 10, 10**6)            # whole weights, rounded each step
    assert np.allclose(exact, s, atol=1e-5)
    assert ch04.geometric_schedule(0.75, 2).tolist() == [0.5, 0.75]


def _stub(final_sparsity, n_steps):
    ...  # your code here


def _not_implemented(final_sparsity, n_steps):
    raise NotImplementedError


@pytest.mark.parametrize("fn", [_stub, _not_implemented, lambda s, n: ...])
def test_untouched_stub_is_nothing_attempted(capsys, fn):
    result, out = _run(capsys, fn)
    assert result is False
    assert "Nothing attempted yet" in out


MISTAKES = {
    "includes step 0": (lambda s, n: np.concatenate([[0.0], ch04.geometric_schedule(s, n)]),
                        "n + 1 entries"),
    "per-step amount": (lambda s, n: np.full(n, 1 - (1 - s) ** (1 / n)), "of the *remaining*"),
    "linear": (lambda s, n: s * np.arange(1, n + 1) / n, "linear"),
    "kept fraction": (lambda s, n: (1 - s) ** (np.arange(1, n + 1) / n), "*kept*"),
    "steps from 0": (lambda s, n: 1 - (1 - s) ** (np.arange(n) / n), "t = 1, ..., n"),
    "wrong end": (lambda s, n: 1 - (1 - s / n) ** np.arange(1, n + 1), "your last step reaches"),
    "wrong length": (lambda s, n: ch04.geometric_schedule(s, n)[:-1], "expected 10 entries"),
    "not numbers": (lambda s, n: "0.95", "return a 1-D array"),
    "nan": (lambda s, n: np.full(n, np.nan), "NaN"),
    "one step wrong": (lambda s, n: ch04.geometric_schedule(s, n) + (np.arange(n) == 3) * 0.01,
                       "after step 4"),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_each_typical_mistake_gets_its_message(capsys, name):
    fn, message = MISTAKES[name]
    result, out = _run(capsys, fn)
    assert result is False
    assert message in out, out
    assert "geometric_schedule(0.95, 10)" in out               # names the case that failed


def test_an_exception_in_the_students_code_is_reported_not_raised(capsys):
    def broken(final_sparsity, n_steps):
        return 1 / 0
    result, out = _run(capsys, broken)
    assert result is False
    assert "ZeroDivisionError" in out


@pytest.mark.parametrize("bad", [42, None, "geometric_schedule", [1, 2]])
def test_the_checker_refuses_what_is_not_a_function(bad):
    with pytest.raises(InvalidParameterError, match=r"check_geometric_schedule\(\): fn"):
        ch04.check_geometric_schedule(bad)


@pytest.mark.parametrize("args, name", [((1.5, 3), "final_sparsity"), ((-0.1, 3), "final_sparsity"),
                                        ((0.5, 0), "n_steps"), ((0.5, 2.5), "n_steps"),
                                        (("0.5", 3), "final_sparsity")])
def test_the_reference_refuses_bad_arguments(args, name):
    with pytest.raises(InvalidParameterError, match=rf"geometric_schedule\(\): {name}"):
        ch04.geometric_schedule(*args)
