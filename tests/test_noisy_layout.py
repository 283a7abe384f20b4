"""mdl_prune.noisy as a subpackage: its public names, its one LN2, its argument checks, SNR pruning
through the package's mask-level primitive."""

import json
import pathlib
import re

import numpy as np
import pytest

from mdl_prune import mdl, network, noisy, prune
from mdl_prune._checks import InvalidParameterError
from mdl_prune.noisy import classifier, moments, net as net_module, optim, paper, priors

NOTEBOOK = pathlib.Path(__file__).resolve().parents[1] / "notebooks" / "07_noisy_weights_bits_back.ipynb"
SUBMODULES = (net_module, priors, moments, classifier, optim, paper)


def _net(seed=0, n_in=6, n_hidden=5, n_out=3):
    rng = np.random.default_rng(seed)
    base = noisy.NoisyNet.create(n_in, n_hidden, n_out, seed=seed)
    return base.replace(mu={k: rng.normal(0.0, 0.7, v.shape) for k, v in base.mu.items()},
                        log_sigma={k: rng.uniform(-3.0, 0.0, v.shape) for k, v in base.mu.items()})


# ---------------------------------------------------------------------------- public names
def test_all_is_the_union_of_the_submodules_all():
    union = [name for mod in SUBMODULES for name in mod.__all__]
    assert len(union) == len(set(union)), "a name is exported by two modules"
    assert sorted(union) == sorted(noisy.__all__)
    for name in noisy.__all__:
        assert getattr(noisy, name) is not None


def test_every_name_notebook_07_uses_is_public():
    source = "".join("".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"]
                     if c["cell_type"] == "code")
    used = set(re.findall(r"\bnoisy\.([A-Za-z_]\w*)", source))
    assert used, "the notebook should use the noisy package"
    assert used <= set(noisy.__all__), sorted(used - set(noisy.__all__))


def test_one_ln2_and_two_distinct_description_length_records():
    for mod in (priors, classifier, paper):
        assert mod.LN2 is mdl.LN2
    assert not hasattr(noisy, "DescriptionLength")
    assert noisy.BitsBackLength is not mdl.DescriptionLength
    assert noisy.BitsBackLength.__name__ != mdl.DescriptionLength.__name__


def test_schedules_of_the_paper():
    assert noisy.PAPER_SCHEDULE == tuple(round(0.05 * i, 2) for i in range(1, 21))
    assert noisy.MDL_SCHEDULE == noisy.PAPER_SCHEDULE + (1.0,) * 40
    assert len(noisy.MDL_SCHEDULE) * noisy.MDL_STEPS_PER_STAGE == 1500


# ---------------------------------------------------------------------------- SNR pruning through prune_lowest
def _stand_in_prune(net, sparsity, scores, scope):
    """The former implementation: prune a TwoLayerNet carrying the noisy net's masks."""
    stand_in = network.TwoLayerNet(net.mu["W1"], net.mu["b1"], net.mu["W2"], np.zeros(net.n_out),
                                   net.mask1, net.mask2)
    pruned = prune.prune_by_scores(stand_in, sparsity, *scores, scope=scope)
    return pruned.mask1, pruned.mask2


@pytest.mark.parametrize("scope", ["global", "layer"])
@pytest.mark.parametrize("criterion", ["snr", "magnitude"])
def test_prune_noisy_gives_the_masks_of_the_package_pruner(criterion, scope):
    base = _net(seed=3)
    for first, second in ((0.3, 0.7), (0.0, 0.95), (0.5, 1.0)):
        once = noisy.prune_noisy(base, first, criterion, scope)
        twice = noisy.prune_noisy(once, second, criterion, scope)
        scores = noisy.snr(once) if criterion == "snr" else (np.abs(once.mu["W1"]), np.abs(once.mu["W2"]))
        want1, want2 = _stand_in_prune(once, second, scores, scope)
        np.testing.assert_array_equal(twice.mask1, want1)
        np.testing.assert_array_equal(twice.mask2, want2)
        assert not np.any(twice.mask1 & ~once.mask1) and not np.any(twice.mask2 & ~once.mask2)


def test_prune_noisy_layer_scope_counts_per_layer():
    base = _net(seed=4, n_in=7, n_hidden=6, n_out=3)
    p = noisy.prune_noisy(base, 0.5, scope="layer")
    assert int((~p.mask1).sum()) == round(0.5 * 42) and int((~p.mask2).sum()) == round(0.5 * 18)
    assert p.log_sigma is not base.log_sigma and base.mask1.all()        # the input is untouched


# ---------------------------------------------------------------------------- argument checks
CALLS = [
    (lambda: noisy.NoisyNet.create(0, 3, 2), "NoisyNet.create", "n_in"),
    (lambda: noisy.NoisyNet({"W1": 1}, {}, None, None), "NoisyNet", "mu"),
    (lambda: _net().replace(mask1=np.ones((6, 5))), "NoisyNet.replace", "mask1"),
    (lambda: _net().replace(mu=[1.0]), "NoisyNet.replace", "mu"),
    (lambda: _net().accuracy(np.zeros((2, 5)), [0, 1]), "NoisyNet.accuracy", "X"),
    (lambda: noisy.kl_gaussian(0.0, -1.0, 0.0, 1.0), "kl_gaussian", "sigma_q"),
    (lambda: noisy.kl_gaussian(0.0, 1.0, "x", 1.0), "kl_gaussian", "mu_p"),
    (lambda: noisy.mixture_bound(0.0, 1.0, "prior"), "mixture_bound", "prior"),
    (lambda: noisy.mixture_kl(0.0, 1.0, "prior"), "mixture_kl", "prior"),
    (lambda: noisy.mixture_kl(0.0, -1.0, noisy.MixturePrior.gaussian(1.0)), "mixture_kl", "sigma_q"),
    (lambda: noisy.mixture_bound([0.0, np.nan], 1.0, noisy.MixturePrior.gaussian(1.0)), "mixture_bound", "mu_q"),
    (lambda: noisy.MixturePrior.scale_mixture((0.1, 0.0)), "MixturePrior.scale_mixture", "sds"),
    (lambda: noisy.MixturePrior(np.zeros(2), np.zeros(3), np.zeros(2)), "MixturePrior", "logits"),
    (lambda: noisy.weight_cost_bits(_net(), None), "weight_cost_bits", "prior"),
    (lambda: noisy.logistic_moments(0.0, 1.0, grad=1), "logistic_moments", "grad"),
    (lambda: noisy.logistic_moments(0.0, 0.0), "logistic_moments", "v"),
    (lambda: noisy.logistic_moments(0.0, 1.0, n_nodes=1), "logistic_moments", "n_nodes"),
    (lambda: noisy.regression_moments(_net(), np.zeros((2, 6))), "regression_moments", "net"),
    (lambda: noisy.regression_objective(noisy.NoisyNet.create(2, 2, 1, activation="logistic"),
                                        noisy.MixturePrior.gaussian(1.0), np.zeros((3, 2)), np.zeros(3),
                                        n_nodes=0), "regression_objective", "n_nodes"),
    (lambda: noisy.expected_data_bits(_net(), np.zeros((2, 6)), [0, 5]), "expected_data_bits", "y"),
    (lambda: noisy.snr("net"), "snr", "net"),
    (lambda: noisy.prune_noisy(_net(), 1.5), "prune_noisy", "sparsity"),
    (lambda: noisy.prune_noisy(_net(), 0.5, scope="row"), "prune_noisy", "scope"),
    (lambda: noisy.prune_noisy(noisy.prune_noisy(_net(), 0.6), 0.3), "prune_noisy", "sparsity"),
    (lambda: noisy.fit_classifier(_net(), noisy.MixturePrior.gaussian(1.0), np.zeros((4, 6)), [0, 1, 2, 0],
                                  epochs=2, fix_means="no"), "fit_classifier", "fix_means"),
    (lambda: noisy.fit_regression(noisy.NoisyNet.create(2, 2, 1, activation="logistic"),
                                  noisy.MixturePrior.gaussian(1.0), np.zeros((3, 2)), np.zeros(3),
                                  kl_schedule=[0.5, np.inf]), "fit_regression", "kl_schedule"),
    (lambda: noisy.relative_error([1.0, 2.0], [1.0]), "relative_error", "y"),
    (lambda: noisy.fit_deterministic(np.zeros((3, 2)), np.zeros(4)), "fit_deterministic", "d"),
    (lambda: noisy.deterministic_predict("params", np.zeros((2, 2))), "deterministic_predict", "params"),
    (lambda: noisy.paper_experiment(weight_decays=(0.1, -1.0)), "paper_experiment", r"weight_decays\[1\]"),
    (lambda: noisy.paper_experiment(weight_decays=()), "paper_experiment", "weight_decays"),
]


@pytest.mark.parametrize("call,function,parameter", CALLS, ids=[f"{f}-{p}" for _, f, p in CALLS])
def test_bad_arguments_name_the_function_and_the_parameter(call, function, parameter):
    with pytest.raises(InvalidParameterError, match=parameter) as info:
        call()
    assert str(info.value).startswith(f"{function}(): ")
    assert isinstance(info.value, ValueError) and isinstance(info.value, TypeError)


def test_net_kind_is_checked_once_for_every_classifier_function():
    reg = noisy.NoisyNet.create(3, 2, 1, activation="logistic")
    X, y = np.zeros((2, 3)), np.array([0, 0])
    prior = noisy.MixturePrior.gaussian(1.0)
    for call in (lambda: noisy.expected_data_bits(reg, X, y), lambda: noisy.predict_proba_mc(reg, X),
                 lambda: noisy.accuracy_mc(reg, X, y), lambda: noisy.to_network(reg),
                 lambda: noisy.classification_objective(reg, prior, X, y, n_train=2),
                 lambda: noisy.description_length(reg, prior, X, y),
                 lambda: noisy.fit_classifier(reg, prior, X, y, epochs=1), lambda: reg.accuracy(X, y)):
        with pytest.raises(InvalidParameterError, match=r"net must be a classification net .*"
                                                        r"got a net with activation='logistic' and n_out=1"):
            call()


def test_training_state_without_a_prior_is_the_forward_pass():
    base = _net(seed=5)
    st = optim.FitState(base)
    assert st.K == 0 and not st.learn_prior
    for k in net_module.NAMES:
        np.testing.assert_array_equal(st.mu[k], base.mu[k])
        np.testing.assert_array_equal(st.s2()[k], np.exp(2.0 * base.log_sigma[k]) * base.kept()[k])
