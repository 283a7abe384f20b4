"""The checkers of notebook 02's exercises: right answers pass, each usual mistake gets its own
feedback, an untouched stub gets "Nothing attempted yet", a bad argument is refused."""

import numpy as np
import pytest

from mdl_prune import exercises, network, prune
from mdl_prune._checks import InvalidParameterError

ch02 = exercises.ch02


def _flat(weights, masks):
    mags = np.concatenate([np.abs(W).ravel() for W in weights])
    return mags, np.concatenate([np.asarray(m).ravel() for m in masks])


def _split(keep, weights):
    n1 = weights[0].size
    return keep[:n1].reshape(weights[0].shape), keep[n1:].reshape(weights[1].shape)


def _masks(weights, masks, sparsity, *, count=round, order=1, scores=np.abs, use_masks=True):
    """Global magnitude masks, with the knobs the usual mistakes turn."""
    mags = np.concatenate([scores(W).ravel() for W in weights])
    kept = _flat(weights, masks)[1] if use_masks else np.ones(mags.size, bool)
    k = count(sparsity * mags.size) - int((~kept).sum())
    candidates = np.flatnonzero(kept)[::order]
    chosen = candidates[np.argsort(mags[candidates], kind="stable")][:max(k, 0)]
    keep = kept.copy()
    keep[chosen] = False
    return _split(keep, weights)


def right(weights, masks, sparsity):
    return _masks(weights, masks, sparsity)


def stub(weights, masks, sparsity):
    ...


def _threshold(weights, masks, sparsity, keep_ties):
    mags, kept = _flat(weights, masks)
    k = round(sparsity * mags.size)
    order = np.sort(mags)
    if keep_ties:
        t = order[k] if k < mags.size else np.inf
        return tuple(m & (np.abs(W) >= t) for W, m in zip(weights, masks))
    t = order[k - 1] if k else -np.inf
    return tuple(m & (np.abs(W) > t) for W, m in zip(weights, masks))


def per_layer(weights, masks, sparsity):
    out = []
    for W, m in zip(weights, masks):
        out.append(_masks([W, np.zeros((1, 0))], [m, np.zeros((1, 0), bool)], sparsity)[0])
    return tuple(out)


MISTAKES = {
    "truncate": (lambda w, m, s: _masks(w, m, s, count=int), "did you truncate"),
    "half up": (lambda w, m, s: _masks(w, m, s, count=lambda x: int(np.floor(x + 0.5))),
                "sends a half to the even integer"),
    "per layer": (per_layer, "you pruned per layer, not globally"),
    "signed": (lambda w, m, s: _masks(w, m, s, scores=lambda W: W), "by w, not by |w|"),
    "largest": (lambda w, m, s: _masks(w, m, s, scores=lambda W: -np.abs(W)), "the largest |w|"),
    "ties kept": (lambda w, m, s: _threshold(w, m, s, True), "keeps 4 weight(s) too many: look at ties"),
    "ties pruned": (lambda w, m, s: _threshold(w, m, s, False), "prunes 5 weight(s) too many: look at ties"),
    "ties reversed": (lambda w, m, s: _masks(w, m, s, order=-1), "ties (equal |w|) broken otherwise"),
    "revives": (lambda w, m, s: _masks(w, m, s, use_masks=False), "already pruned: masks only shrink"),
    "on top": (lambda w, m, s: _masks(w, m, s, count=lambda x: round(x) + int((~_flat(w, m)[1]).sum())),
               "on top of the 4 already pruned"),
}


def test_the_packages_answer_passes(capsys):
    assert ch02.check_magnitude_masks(right)
    assert "Correct" in capsys.readouterr().out


def test_the_package_itself_passes_through_a_network():
    def via_network(weights, masks, sparsity):
        W1, W2 = (np.where(m, W, 0.0) for W, m in zip(weights, masks))   # pruned weights are 0
        net = network.TwoLayerNet(W1, np.zeros(W1.shape[1]), W2, np.zeros(W2.shape[1]), *masks)
        pruned = prune.magnitude_prune(net, sparsity)
        return pruned.mask1, pruned.mask2
    assert ch02.check_magnitude_masks(via_network)


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_mistake_gets_its_own_feedback(mistake, capsys):
    fn, feedback = MISTAKES[mistake]
    assert not ch02.check_magnitude_masks(fn)
    out = capsys.readouterr().out
    assert out.startswith("Not yet.") and feedback in out, out


@pytest.mark.parametrize("check", [ch02.check_magnitude_masks, ch02.check_prune_w1_only])
def test_an_untouched_stub_is_nothing_attempted(check, capsys):
    def raises(*args):
        raise NotImplementedError
    for fn in (stub, raises, lambda *a: Ellipsis):
        assert check(fn) is False
        assert capsys.readouterr().out.startswith("Nothing attempted yet: fill in the function")


@pytest.mark.parametrize("check", [ch02.check_magnitude_masks, ch02.check_prune_w1_only])
def test_a_crash_or_a_wrong_shape_is_reported_not_raised(check, capsys):
    assert not check(lambda *a: 1 / 0)
    assert "your function raised ZeroDivisionError" in capsys.readouterr().out
    assert not check(lambda *a: (np.ones(3, bool),))
    assert "return two boolean arrays" in capsys.readouterr().out


def test_a_function_that_changes_its_arguments_is_told(capsys):
    def in_place(weights, masks, sparsity):
        out = right(weights, masks, sparsity)
        masks[0][...] = out[0]
        return out
    assert not ch02.check_magnitude_masks(in_place)
    assert "changed its argument(s) mask1 in place" in capsys.readouterr().out


def w1_only(W1, W2, sparsity, count=round):
    k = count(sparsity * (W1.size + W2.size))
    keep = np.ones(W1.size, bool)
    keep[np.argsort(np.abs(W1).ravel(), kind="stable")[:k]] = False
    return keep.reshape(W1.shape), np.ones(W2.shape, bool)


def test_w1_only_right_answers_pass(capsys):
    assert ch02.check_prune_w1_only(w1_only)
    def via_package(W1, W2, sparsity):
        net = network.TwoLayerNet(W1, np.zeros(W1.shape[1]), W2, np.zeros(W2.shape[1]),
                                  np.ones(W1.shape, bool), np.ones(W2.shape, bool))
        pruned = prune.prune_by_scores(net, sparsity, np.abs(W1), np.full(W2.shape, np.inf))
        return pruned.mask1, pruned.mask2
    assert ch02.check_prune_w1_only(via_package)


W1_MISTAKES = {
    "global": (lambda W1, W2, s: right([W1, W2], [np.ones(W1.shape, bool), np.ones(W2.shape, bool)], s),
               "you also pruned weights of W2"),
    "fraction of W1": (lambda W1, W2, s: w1_only(W1, np.zeros((1, 0)), s)[:1] + (np.ones(W2.shape, bool),),
                       "you pruned the fraction s of W1 alone"),
    "truncate": (lambda W1, W2, s: w1_only(W1, W2, s, count=int), "did you truncate"),
    "ties": (lambda W1, W2, s: (w1_only(W1[::-1, ::-1], W2, s)[0][::-1, ::-1], np.ones(W2.shape, bool)),
             "ties (equal |w|) broken otherwise"),
}


@pytest.mark.parametrize("mistake", W1_MISTAKES)
def test_w1_only_mistakes_get_their_feedback(mistake, capsys):
    fn, feedback = W1_MISTAKES[mistake]
    assert not ch02.check_prune_w1_only(fn)
    out = capsys.readouterr().out
    assert feedback in out, out


@pytest.mark.parametrize("check", [ch02.check_magnitude_masks, ch02.check_prune_w1_only])
@pytest.mark.parametrize("bad", [None, 3, "magnitude_masks", [right]])
def test_a_bad_argument_is_refused(check, bad):
    with pytest.raises(InvalidParameterError, match=rf"{check.__name__}\(\): fn must be"):
        check(bad)


def test_the_cases_tell_the_mistakes_apart():
    """In every case, two different mistakes give different masks (else the feedback could lie)."""
    for case in ch02._mask_cases() + ch02._w1_only_cases():
        wrong = [w for w in case.mistakes.values()
                 if not all(np.array_equal(a, b) for a, b in zip(w, case.expected))]
        for i, a in enumerate(wrong):
            for b in wrong[i + 1:]:
                assert not all(np.array_equal(x, y) for x, y in zip(a, b)), case.what
