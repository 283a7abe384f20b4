"""The mechanism every exercise checker shares: call the student's function safely, judge it
case by case, and print feedback instead of raising.

A chapter's checker keeps what is its own -- its cases, its reference answer, its diagnosis of
the usual mistakes and the words it says them in -- and leaves the rest here:

* :func:`require_function` refuses what is not a function (the student called it instead of
  passing it) with an :class:`~mdl_prune._checks.InvalidParameterError`;
* :func:`attempt` calls the student's function on one case: an untouched stub raises
  :class:`NothingAttempted`, an error inside the student's code or an argument changed in place
  raises :class:`Feedback` with the chapter's wording, never the student's exception;
* :func:`run_cases` judges the cases in order, prints the first wrong case's feedback (or the
  chapter's "Correct: ..." line) and returns True only when every case is right.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping

import numpy as np

from .._checks import InvalidParameterError, describe

__all__ = ["NOTHING_YET", "FILL_IN", "NothingAttempted", "Feedback", "require_function",
           "function_name", "error_text", "attempt", "run_cases", "numbered"]

NOTHING_YET = "Nothing attempted yet: fill in the function"
FILL_IN = NOTHING_YET + " (replace the `...`) and run the cell again."


class NothingAttempted(Exception):
    """The student's function is still the stub: it returned None or ``...``, or raised
    NotImplementedError."""


class Feedback(Exception):
    """Checking stops here; ``message`` says what the student should fix."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def require_function(fn, signature: str, name: str = "fn") -> Callable:
    """``fn`` itself when it is callable, else an error that says to pass it without calling it.

    ``signature`` shows the function the exercise asks for, e.g. ``"fn(mask1, mask2) ->
    (no_inputs, no_outputs)"``; ``name`` is the checker's parameter.
    """
    if not callable(fn):
        raise InvalidParameterError(name, f"{name} must be a function {signature}, got "
                                          f"{describe(fn)}: pass your function without calling "
                                          "it (its name, no parentheses)")
    return fn


def function_name(fn) -> str:
    """The name the student gave the function, for the feedback."""
    return getattr(fn, "__name__", "your function")


def error_text(exc: BaseException) -> str:
    """``"ZeroDivisionError: division by zero"``: an exception as the feedback names it."""
    return f"{type(exc).__name__}: {exc}"


def _your_function_raised(exc: BaseException) -> str:
    return f"Your function raised {error_text(exc)}"


def _your_function_changed(names: list) -> str:
    return (f"Your function changed its argument(s) {', '.join(names)} in place: work on copies "
            "and return new values")


def _same(a, b) -> bool:
    """Whether ``b`` still equals the snapshot ``a`` (arrays, containers, plain objects)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return bool(np.array_equal(a, b))    # False for another shape too
    if isinstance(a, (list, tuple)):
        return (type(a) is type(b) and len(a) == len(b)
                and all(_same(x, y) for x, y in zip(a, b)))
    if isinstance(a, Mapping):
        return (isinstance(b, Mapping) and a.keys() == b.keys()
                and all(_same(a[k], b[k]) for k in a))
    if hasattr(a, "__dict__"):
        return type(a) is type(b) and _same(vars(a), vars(b))
    return a is b or bool(a == b)


def attempt(fn: Callable, *args, watch: Mapping | None = None,
            raised: Callable[[BaseException], str] = _your_function_raised,
            changed: Callable[[list], str] = _your_function_changed,
            quiet_numpy: bool = False):
    """The student's result on one case; never the student's exception.

    Parameters
    ----------
    fn : callable
        The student's function, called as ``fn(*args)``.
    *args
        The case's arguments (copies: the student may have written to them).
    watch : mapping of str to object, optional
        Name -> an object passed in ``args`` (or inside one) that must come back unchanged.
    raised : callable
        Exception -> the feedback for an error inside the student's code.
    changed : callable
        The names of the changed objects -> the feedback.
    quiet_numpy : bool
        Ignore NumPy's floating-point warnings (the chapter diagnoses an overflow itself).

    Returns
    -------
    object
        What ``fn`` returned.

    Raises
    ------
    NothingAttempted
        When ``fn`` is the untouched stub.
    Feedback
        When ``fn`` raised, or changed a watched argument.
    """
    before = {name: copy.deepcopy(value) for name, value in (watch or {}).items()}
    try:
        with np.errstate(all="ignore") if quiet_numpy else np.errstate():
            result = fn(*args)
    except NotImplementedError:
        raise NothingAttempted from None
    except Exception as exc:              # the student's bug is feedback, never a traceback
        raise Feedback(raised(exc)) from None
    if result is None or result is Ellipsis:
        raise NothingAttempted
    names = [name for name, value in before.items() if not _same(value, watch[name])]
    if names:
        raise Feedback(changed(names))
    return result


def numbered(i: int, n: int, case, problem: str) -> str:
    """``"Not yet. Case 2 of 6, <case.what>: <problem>."``, for cases that say what they are."""
    return f"Not yet. Case {i} of {n}, {case.what}: {problem}."


def run_cases(cases: Iterable, judge: Callable, *, correct: str | Callable[[], str],
              nothing: str = FILL_IN, frame: Callable | None = None) -> bool:
    """Judge the cases in order; print the first wrong case's feedback, or ``correct``.

    Parameters
    ----------
    cases : iterable
        The chapter's cases.
    judge : callable
        ``judge(case)`` -> None when the student's answer is right, else the feedback; it may
        raise :class:`Feedback` or :class:`NothingAttempted` (as :func:`attempt` does).
    correct : str or callable
        The line printed when every case is right (a callable is asked only then).
    nothing : str
        The line printed for an untouched stub.
    frame : callable, optional
        ``frame(i, n, case, feedback)`` -> the line printed (e.g. :func:`numbered`); without it
        the feedback is printed as it is.

    Returns
    -------
    bool
        True only when every case is right.
    """
    cases = list(cases)
    for i, case in enumerate(cases, 1):
        try:
            problem = judge(case)
        except NothingAttempted:
            print(nothing)
            return False
        except Feedback as stop:
            problem = stop.message
        if problem is not None:
            print(frame(i, len(cases), case, problem) if frame else problem)
            return False
    print(correct() if callable(correct) else correct)
    return True
