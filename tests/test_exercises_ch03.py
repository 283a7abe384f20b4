"""The checker of exercise 03.1: right answers pass, each usual mistake gets its own message."""

import numpy as np
import pytest

from mdl_prune import exercises
from mdl_prune._checks import InvalidParameterError

check = exercises.ch03.check_masked_momentum_step


def right(w, buf, grad, mask, lr, momentum):
    buf = (momentum * buf + grad * mask) * mask
    return w - lr * buf, buf


def right_masking_only_after(w, buf, grad, mask, lr, momentum):
    buf = (momentum * buf + grad) * mask        # masking the new velocity masks both
    return w - lr * buf, buf


def gradient_masked_only(w, buf, grad, mask, lr, momentum):
    buf = momentum * buf + grad * mask
    return w - lr * buf, buf


def nothing_masked(w, buf, grad, mask, lr, momentum):
    buf = momentum * buf + grad
    return w - lr * buf, buf


def old_velocity_masked_only(w, buf, grad, mask, lr, momentum):
    buf = momentum * buf * mask + grad
    return w - lr * buf, buf


def update_masked_not_velocity(w, buf, grad, mask, lr, momentum):
    buf = momentum * buf + grad * mask
    return w - lr * buf * mask, buf


def wrong_sign(w, buf, grad, mask, lr, momentum):
    buf = (momentum * buf + grad) * mask
    return w + lr * buf, buf


def no_momentum(w, buf, grad, mask, lr, momentum):
    buf = grad * mask
    return w - lr * buf, buf


def lr_inside(w, buf, grad, mask, lr, momentum):
    buf = (momentum * buf + lr * grad) * mask
    return w - buf, buf


def in_place(w, buf, grad, mask, lr, momentum):
    buf *= momentum
    buf += grad
    buf *= mask
    return w - lr * buf, buf


def hard_coded(w, buf, grad, mask, lr, momentum):
    buf = (0.9 * buf + grad) * mask
    return w - 0.05 * buf, buf


def stub(w, buf, grad, mask, lr, momentum):
    ...  # your code here


def not_implemented(w, buf, grad, mask, lr, momentum):
    raise NotImplementedError


def only_weights(w, buf, grad, mask, lr, momentum):
    return w - lr * (momentum * buf + grad) * mask


def crashes(w, buf, grad, mask, lr, momentum):
    return w @ w


@pytest.mark.parametrize("solution", [right, right_masking_only_after])
def test_right_answers_pass(solution, capsys):
    assert check(solution) is True
    assert capsys.readouterr().out.startswith("Correct")


@pytest.mark.parametrize("mistake, message", [
    (gradient_masked_only, "did you mask the velocity?"),
    (nothing_masked, "neither the gradient nor the velocity"),
    (old_velocity_masked_only, "Mask the gradient too"),
    (update_masked_not_velocity, "the next step would revive them"),
    (wrong_sign, "moved uphill"),
    (no_momentum, "did you add momentum * buf"),
    (lr_inside, "the learning rate multiplies the whole velocity"),
    (in_place, "changed its argument `buf` in place"),
    (hard_coded, "differ from one step of train.fit"),
    (only_weights, "Return a pair (new_w, new_buf)"),
    (crashes, "Your function raised ValueError"),
])
def test_each_mistake_gets_its_message(mistake, message, capsys):
    assert check(mistake) is False
    out = capsys.readouterr().out
    assert message in out
    assert "Correct" not in out


@pytest.mark.parametrize("untouched", [stub, not_implemented])
def test_untouched_stub_says_nothing_attempted(untouched, capsys):
    assert check(untouched) is False
    assert capsys.readouterr().out.startswith("Nothing attempted yet")


@pytest.mark.parametrize("bad", [None, 3, "right", np.zeros(3)])
def test_bad_arguments_are_refused(bad):
    with pytest.raises(InvalidParameterError, match=r"check_masked_momentum_step\(\): step must be"):
        check(bad)


def test_the_cases_carry_a_velocity_at_pruned_weights():
    """Without a velocity at the pruned entries, forgetting to mask it would go unnoticed."""
    for seed, (lr, momentum) in enumerate(exercises.ch03._CASES):
        for layer in exercises.ch03._case(lr, momentum, seed)["layers"]:
            pruned = ~layer["mask"]
            assert pruned.any() and np.all(layer["buf"][pruned] != 0)
            assert np.all(layer["w"][pruned] == 0) and np.all(layer["new_w"][pruned] == 0)
