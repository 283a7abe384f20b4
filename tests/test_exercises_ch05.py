"""The checker of notebook 05's exercise: the right answer passes, each usual mistake gets its
own feedback, an untouched stub gets "Nothing attempted yet", a bad argument is refused."""

import numpy as np
import pytest

from mdl_prune import exercises, network, prune
from mdl_prune._checks import InvalidParameterError

ch05 = exercises.ch05


def right(mask1, mask2):
    return ~mask1.any(axis=0), ~mask2.any(axis=1)


def stub(mask1, mask2):
    ...


def raises_not_implemented(mask1, mask2):
    raise NotImplementedError


def in_place(mask1, mask2):
    answer = right(mask1, mask2)
    mask2[:] = True
    return answer


MISTAKES = {
    "wrong axis": (lambda m1, m2: (~m1.any(axis=1), ~m2.any(axis=1)),
                   "length 6 = n_in means you reduced over the wrong axis"),
    "wrong order": (lambda m1, m2: right(m1, m2)[::-1], "in the wrong order"),
    "all for any": (lambda m1, m2: (~m1.all(axis=0), ~m2.any(axis=1)),
                    "marks every unit that lost *some* weight"),
    "no outputs forgotten": (lambda m1, m2: (~m1.any(axis=0), np.zeros(m2.shape[0], bool)),
                             "you missed units 3, 4 with no outputs (every weight out of unit h"),
    "no inputs forgotten": (lambda m1, m2: (np.zeros(m1.shape[1], bool), ~m2.any(axis=1)),
                            "you missed units 1, 4 with no inputs (every weight into unit h"),
    "one kind for both": (lambda m1, m2: (~m1.any(axis=0) | ~m2.any(axis=1),) * 2,
                          "the same vector twice"),
    "indices": (lambda m1, m2: (np.flatnonzero(~m1.any(axis=0)), ~m2.any(axis=1)),
                "not unit indices"),
    "one vector": (lambda m1, m2: ~m1.any(axis=0) | ~m2.any(axis=1), "a single value"),
    "crash": (lambda m1, m2: 1 / 0, "raised ZeroDivisionError"),
    "in place": (in_place, "changed mask2 in place"),
}


def test_the_packages_answer_passes(capsys):
    assert ch05.check_dead_units(right)
    assert "Correct" in capsys.readouterr().out


def test_the_answer_agrees_with_the_network_on_a_pruned_network():
    net = prune.magnitude_prune(network.TwoLayerNet.create(16, 12, 4, seed=1), 0.9)
    for got, expected in zip(right(net.mask1, net.mask2), net.dead_units()):
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("fn", [stub, raises_not_implemented, lambda m1, m2: None])
def test_an_untouched_stub_is_nothing_attempted(fn, capsys):
    assert not ch05.check_dead_units(fn)
    assert "Nothing attempted yet: fill in the function" in capsys.readouterr().out


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_mistake_gets_its_own_feedback(mistake, capsys):
    fn, message = MISTAKES[mistake]
    assert not ch05.check_dead_units(fn)
    out = capsys.readouterr().out
    assert out.startswith("Not yet.") and message in out, out


def test_a_wrong_answer_names_the_wrong_units_and_their_kind(capsys):
    def extra(m1, m2):
        no_in, no_out = right(m1, m2)
        return no_in, no_out | (np.arange(m2.shape[0]) == 0)
    assert not ch05.check_dead_units(extra)
    assert "you reported unit 0 as having no outputs, but it keeps" in capsys.readouterr().out


@pytest.mark.parametrize("bad", [None, 3, "dead_units", np.zeros(3)])
def test_a_bad_argument_is_refused(bad):
    with pytest.raises(InvalidParameterError, match="fn"):
        ch05.check_dead_units(bad)
