"""The mechanism the exercise checkers share (exercises._feedback): a non-function is refused,
an untouched stub is "nothing attempted", the student's error and in-place changes become
feedback, and the case loop prints the first wrong case or the "Correct" line."""

import warnings
from types import SimpleNamespace

import numpy as np
import pytest

from mdl_prune import exercises
from mdl_prune._checks import InvalidParameterError, describe, validated
from mdl_prune.exercises import _feedback as fb


class CallableObject:
    def __call__(self, x):
        return x


# ---------------------------------------------------------------- require_function
def test_a_function_is_returned_as_it_is():
    def mine(x):
        return x
    assert fb.require_function(mine, "f(x)") is mine
    assert fb.require_function(CallableObject, "f(x)") is CallableObject
    instance = CallableObject()
    assert fb.require_function(instance, "f(x)") is instance


@pytest.mark.parametrize("bad", [None, 3, "mine", np.zeros(3), [len]])
def test_what_is_not_a_function_is_refused_naming_the_parameter(bad):
    @validated
    def check_it(step):
        return fb.require_function(step, "step(w) -> new_w", "step")
    with pytest.raises(InvalidParameterError) as info:
        check_it(bad)
    message = str(info.value)
    assert message.endswith("check_it(): step must be a function step(w) -> new_w, got "
                            f"{describe(bad)}: pass your function without calling it (its name, "
                            "no parentheses)")
    assert "pass your function without calling it" in message
    assert info.value.parameter == "step"


CHECKERS = [(exercises.ch01.check_output_gradient, "fn"),
            (exercises.ch01.check_central_difference, "fn"),
            (exercises.ch02.check_magnitude_masks, "fn"), (exercises.ch02.check_prune_w1_only, "fn"),
            (exercises.ch03.check_masked_momentum_step, "step"),
            (exercises.ch04.check_geometric_schedule, "fn"), (exercises.ch05.check_dead_units, "fn"),
            (exercises.ch09.check_train_test_split, "fn"), (exercises.ch09.check_fraction_kept, "fn"),
            (exercises.ch09.check_data_cost_bits, "fn")]


@pytest.mark.parametrize("checker, name", CHECKERS)
def test_every_checker_says_to_pass_the_function_without_calling_it(checker, name):
    with pytest.raises(InvalidParameterError,
                       match=rf"{checker.__name__}\(\): {name} must be a function .*got NoneType "
                             r"None: pass your function without calling it"):
        checker(None)


def test_function_name():
    def magnitude_masks():
        pass
    assert fb.function_name(magnitude_masks) == "magnitude_masks"
    assert fb.function_name(lambda: 0) == "<lambda>"
    assert fb.function_name(CallableObject()) == "your function"


def test_error_text():
    assert fb.error_text(ZeroDivisionError("division by zero")) == \
        "ZeroDivisionError: division by zero"


# ---------------------------------------------------------------- attempt
def stub(x):
    ...  # your code here


def not_implemented(x):
    raise NotImplementedError


@pytest.mark.parametrize("untouched", [stub, not_implemented, lambda x: ..., lambda x: None])
def test_an_untouched_stub_is_nothing_attempted(untouched):
    with pytest.raises(fb.NothingAttempted):
        fb.attempt(untouched, 1)


@pytest.mark.parametrize("answer", [0, 0.0, False, "", np.zeros(0), (), []])
def test_a_falsy_answer_is_an_answer(answer):
    assert fb.attempt(lambda x: answer, 1) is answer


def test_the_arguments_reach_the_function():
    assert fb.attempt(lambda a, b, *, c=5: (a, b, c), 1, 2) == (1, 2, 5)


def test_an_error_in_the_students_code_is_feedback_not_raised():
    with pytest.raises(fb.Feedback) as info:
        fb.attempt(lambda x: 1 / x, 0)
    assert info.value.message == "Your function raised ZeroDivisionError: division by zero"
    assert info.value.__cause__ is None and info.value.__suppress_context__
    with pytest.raises(fb.Feedback, match=r"^f\(0\) raised KeyError: 'x'$"):
        fb.attempt(lambda x: {}[x and "y" or "x"], 0,
                   raised=lambda exc: f"f(0) raised {fb.error_text(exc)}")


def test_keyboard_interrupt_is_not_swallowed():
    def interrupted(x):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        fb.attempt(interrupted, 1)


def test_an_argument_changed_in_place_is_named_in_order():
    a, b, c = np.arange(3.0), np.ones(2), np.zeros(2)

    def writes(a, b, c):
        c[0] = 9
        a += 1
        return a
    with pytest.raises(fb.Feedback) as info:
        fb.attempt(writes, a, b, c, watch={"a": a, "b": b, "c": c})
    assert info.value.message.startswith("Your function changed its argument(s) a, c in place")
    with pytest.raises(fb.Feedback, match="^first a$"):
        fb.attempt(writes, a, b, c, watch={"a": a, "b": b, "c": c},
                   changed=lambda names: f"first {names[0]}")


def test_arguments_left_alone_pass_and_unwatched_ones_are_not_checked():
    a, b = np.arange(3.0), np.arange(3.0)

    def reads(a, b):
        b[0] = 7                      # b is not watched
        return a.sum()
    assert fb.attempt(reads, a, b, watch={"a": a}) == 3.0


@pytest.mark.parametrize("change", [
    lambda m: setattr(m, "W", np.zeros(2)),                  # an attribute rebound
    lambda m: m.W.__setitem__(0, 5.0),                       # an attribute written to
    lambda m: m.layers[1].__setitem__(0, 5.0),               # an array inside a list
    lambda m: m.layers.append(np.ones(1)),                   # the list itself
    lambda m: m.meta.__setitem__("seed", 1),                 # a dict
    lambda m: setattr(m, "name", "other"),                   # a plain value
    lambda m: m.W.resize(3, refcheck=False),                 # the shape
])
def test_a_change_anywhere_inside_a_watched_object_is_found(change):
    model = SimpleNamespace(W=np.ones(2), layers=[np.ones(2), np.ones(3)], meta={"seed": 0},
                            name="net")

    def student(m):
        change(m)
        return 1.0
    with pytest.raises(fb.Feedback, match="model"):
        fb.attempt(student, model, watch={"model": model})
    fresh = SimpleNamespace(W=np.ones(2), layers=[np.ones(2), np.ones(3)], meta={"seed": 0},
                            name="net")
    assert fb.attempt(lambda m: 1.0, fresh, watch={"model": fresh}) == 1.0


def test_a_stub_that_changed_its_argument_is_still_nothing_attempted():
    a = np.zeros(2)

    def half_done(a):
        a[0] = 1
    with pytest.raises(fb.NothingAttempted):
        fb.attempt(half_done, a, watch={"a": a})


def test_quiet_numpy_hides_floating_point_warnings_of_the_student_only():
    def overflows(x):
        return np.exp(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isinf(fb.attempt(overflows, np.array([1000.0]), quiet_numpy=True)[0])
        with pytest.raises(fb.Feedback, match="RuntimeWarning: overflow"):
            fb.attempt(overflows, np.array([1000.0]))
        with pytest.raises(RuntimeWarning):
            np.exp(np.array([1000.0]))                       # the state is restored


# ---------------------------------------------------------------- run_cases
def test_all_right_prints_correct_and_returns_true(capsys):
    judged = []
    assert fb.run_cases([1, 2, 3], lambda c: judged.append(c), correct="Correct: all 3.") is True
    assert judged == [1, 2, 3]
    assert capsys.readouterr().out == "Correct: all 3.\n"


def test_the_first_wrong_case_is_printed_and_the_rest_not_judged(capsys):
    judged = []

    def judge(case):
        judged.append(case)
        return f"case {case} is wrong" if case >= 2 else None

    def never():
        raise AssertionError("the correct line is asked for only when every case is right")
    assert fb.run_cases(iter([1, 2, 3]), judge, correct=never) is False
    assert judged == [1, 2]
    assert capsys.readouterr().out == "case 2 is wrong\n"


def test_only_none_means_right(capsys):
    assert fb.run_cases([1], lambda case: "", correct="Correct") is False
    assert capsys.readouterr().out == "\n"


def test_the_correct_line_may_be_computed_after_the_cases(capsys):
    seen = []
    assert fb.run_cases([4, 5], seen.append, correct=lambda: f"Correct: the last was {seen[-1]}.")
    assert capsys.readouterr().out == "Correct: the last was 5.\n"


def test_feedback_raised_inside_the_judge_is_printed(capsys):
    def judge(case):
        raise fb.Feedback("Your function raised ValueError: no")
    assert fb.run_cases([1], judge, correct="Correct") is False
    assert capsys.readouterr().out == "Your function raised ValueError: no\n"


def test_an_untouched_stub_prints_the_nothing_line(capsys):
    def judge(case):
        return fb.attempt(stub, case)
    assert fb.run_cases([1, 2], judge, correct="Correct") is False
    assert capsys.readouterr().out == fb.FILL_IN + "\n"
    assert fb.FILL_IN.startswith("Nothing attempted yet: fill in the function")
    assert fb.run_cases([1], judge, correct="Correct", nothing="Nothing yet `f`.") is False
    assert capsys.readouterr().out == "Nothing yet `f`.\n"


def test_numbered_frames_the_feedback_but_not_the_nothing_line(capsys):
    cases = [SimpleNamespace(what="a dense net"), SimpleNamespace(what="a pruned net")]

    def judge(case):
        if case.what == "a pruned net":
            raise fb.Feedback("your function raised KeyError: 'x'")
    assert fb.run_cases(cases, judge, correct="Correct", frame=fb.numbered) is False
    assert capsys.readouterr().out == ("Not yet. Case 2 of 2, a pruned net: your function raised "
                                       "KeyError: 'x'.\n")
    assert fb.run_cases(cases, lambda c: fb.attempt(stub, c), correct="Correct",
                        frame=fb.numbered, nothing="N") is False
    assert capsys.readouterr().out == "N\n"
