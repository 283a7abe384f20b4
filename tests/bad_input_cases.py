"""Tables for the bad-input sweep (tests/test_bad_input.py): valid calls and bad values.

The sweep takes one valid call per public callable, replaces *one* argument at
a time by a bad value (the others stay valid) and requires an
``InvalidParameterError`` that names the parameter and the function.

Three tables, each easy to extend:

* :func:`valid_calls` -- one valid call per public function, class and public
  method, on tiny data (see :func:`context`). Parameters left out keep their
  default, and are swept too.
* :data:`NAME_KINDS` -- the kind of a parameter, by its name (``sparsity`` is
  a fraction, ``X`` a data matrix, ...); a call's ``kinds`` overrides it for
  a parameter whose name alone does not say it.
* :data:`KINDS` -- the bad values of each kind, as ``id -> make(valid)``, where
  ``valid`` is the parameter's value in the valid call (to build a wrong
  shape or a NaN from it).

``python tests/bad_input_cases.py`` runs every case and prints, by module,
how many pass and why the others fail.
"""

from __future__ import annotations

import functools
import inspect
import math
import re
from dataclasses import dataclass, field

import numpy as np

import mdl_prune
from mdl_prune import data, experiments, mdl, network, noisy, plots, prune, sparsity, speed, train
from mdl_prune._checks import InvalidParameterError


# ----------------------------------------------------------------------------- bad values by kind
def _nan(v):
    """A float copy of ``v`` with its first entry NaN."""
    arr = np.array(v, dtype=float)
    arr.flat[0] = np.nan
    return arr


def _with_first(v, value):
    arr = np.array(v)
    arr.flat[0] = value
    return arr


def _item_bad(v):
    """The mapping ``v`` with its first item replaced by a string."""
    key = next(iter(v)) if isinstance(v, dict) and v else "a"
    return {**(v or {}), key: "bad"}


_WRONG_TYPE = {"str": lambda v: "bad", "None": lambda v: None}
_NUMBER = {**_WRONG_TYPE, "nan": lambda v: math.nan, "list_of_str": lambda v: ["a", "b"]}

KINDS = {
    # numbers
    "real": {**_NUMBER, "inf": lambda v: math.inf},
    "positive": {**_NUMBER, "minus_one": lambda v: -1, "zero": lambda v: 0.0, "inf": lambda v: math.inf},
    "nonneg": {**_NUMBER, "minus_one": lambda v: -1, "inf": lambda v: math.inf},
    "fraction": {**_NUMBER, "minus_one": lambda v: -1, "one_and_a_half": lambda v: 1.5,
                 "bool": lambda v: True},
    "count": {**_NUMBER, "one_and_a_half": lambda v: 1.5, "zero": lambda v: 0, "minus_one": lambda v: -1,
              "bool": lambda v: True},
    "index": {**_NUMBER, "one_and_a_half": lambda v: 1.5, "minus_one": lambda v: -1, "bool": lambda v: True},
    "value_bits": {**_NUMBER, "one_and_a_half": lambda v: 1.5, "zero": lambda v: 0, "unsupported": lambda v: 33},
    "seed": {**_WRONG_TYPE, "minus_one": lambda v: -1, "one_and_a_half": lambda v: 1.5},
    "bool": {"str": lambda v: "yes", "None": lambda v: None, "int": lambda v: 2},
    "choice": {"unknown": lambda v: "bad", "None": lambda v: None, "int": lambda v: 3},
    # Titles, axis labels and names only go into text (matplotlib draws any object as its str()):
    # a wrong one shows at once and never changes a number, so they are not swept.
    "text": {},
    "callable": {**_WRONG_TYPE, "int": lambda v: 3},
    "bytes": {"str": lambda v: "bad", "None": lambda v: None, "garbage": lambda v: b"\x00garbage"},
    # arrays
    "array": {**_WRONG_TYPE, "list_of_str": lambda v: ["a", "b"], "nan": _nan,
              "empty": lambda v: np.zeros((0,) * max(np.ndim(v), 1))},
    "vector": {**_WRONG_TYPE, "list_of_str": lambda v: ["a", "b"], "nan": _nan, "empty": lambda v: [],
               "wrong_length": lambda v: np.asarray(v)[:-1], "2d": lambda v: np.asarray(v)[:, None]},
    "matrix": {**_WRONG_TYPE, "list_of_str": lambda v: [["a", "b"]], "nan": _nan,
               "empty": lambda v: np.asarray(v)[:0], "1d": lambda v: np.asarray(v)[0],
               "wrong_shape": lambda v: np.asarray(v)[:, :-1]},
    "logits": {**_WRONG_TYPE, "list_of_str": lambda v: [["a", "b"]], "nan": _nan,
               "empty": lambda v: np.asarray(v)[:0], "1d": lambda v: np.asarray(v)[0],
               "3d": lambda v: np.asarray(v)[None]},
    "X": {**_WRONG_TYPE, "list_of_str": lambda v: [["a", "b"]], "nan": _nan,
          "empty": lambda v: np.asarray(v)[:0], "1d": lambda v: np.asarray(v)[0],
          "wrong_features": lambda v: np.asarray(v)[:, :-1]},
    "y": {**_WRONG_TYPE, "list_of_str": lambda v: ["a", "b"], "short": lambda v: np.asarray(v)[:-1],
          "negative_label": lambda v: _with_first(v, -1), "non_integer": lambda v: np.asarray(v) + 0.5,
          "2d": lambda v: np.asarray(v)[:, None]},
    "targets": {**_WRONG_TYPE, "list_of_str": lambda v: ["a", "b"], "nan": _nan,
                "short": lambda v: np.asarray(v)[:-1], "2d": lambda v: np.asarray(v)[:, None]},
    "fractions": {**_WRONG_TYPE, "list_of_str": lambda v: ["a", "b"], "nan": lambda v: [math.nan],
                  "empty": lambda v: [], "out_of_range": lambda v: [1.5], "negative": lambda v: [-0.5]},
    "ints": {**_WRONG_TYPE, "list_of_str": lambda v: ["a", "b"], "empty": lambda v: [],
             "non_integer": lambda v: [1.5], "negative": lambda v: [-1]},
    "nonneg_reals": {**_WRONG_TYPE, "list_of_str": lambda v: ["a", "b"], "empty": lambda v: [],
                     "nan": lambda v: [math.nan], "negative": lambda v: [-1.0]},
    "seeds": {**_WRONG_TYPE, "empty": lambda v: [], "negative": lambda v: [-1], "non_integer": lambda v: [1.5],
              "duplicates": lambda v: [0, 0]},
    "image_shape": {**_WRONG_TYPE, "wrong_size": lambda v: (3, 3), "negative": lambda v: (-8, -8),
                    "1d": lambda v: (64,)},
    "pair": {**_WRONG_TYPE, "nan": lambda v: (math.nan, 1.0), "one_number": lambda v: (0.5,)},
    "arrays": {**_WRONG_TYPE, "empty": lambda v: (), "short": lambda v: tuple(v)[:-1],
               "nan": lambda v: (_nan(v[0]),) + tuple(v)[1:],
               "wrong_shape": lambda v: (np.asarray(v[0])[:-1],) + tuple(v)[1:]},
    "choices": {**_WRONG_TYPE, "unknown": lambda v: ("bogus",), "empty": lambda v: ()},
    "counts": {**_WRONG_TYPE, "minus_one": lambda v: -1, "one_and_a_half": lambda v: 1.5,
               "too_many": lambda v: 10 ** 6},
    # objects
    "net": {**_WRONG_TYPE, "noisy_net": lambda v: context().noisy, "array": lambda v: np.zeros((3, 3))},
    "noisy_net": {**_WRONG_TYPE, "two_layer_net": lambda v: context().net, "array": lambda v: np.zeros(3)},
    "prior": {**_WRONG_TYPE, "array": lambda v: np.zeros(3)},
    "velocity": {**_WRONG_TYPE, "array": lambda v: np.zeros(3)},
    "mapping": {**_WRONG_TYPE, "empty": lambda v: {}, "pairs": lambda v: [("a", 1.0)], "bad_item": _item_bad},
    "weights_dict": {**_WRONG_TYPE, "empty": lambda v: {},
                     "missing_key": lambda v: {k: a for k, a in v.items() if k != "W1"},
                     "nan": lambda v: {**v, "W1": _nan(v["W1"])},
                     "wrong_shape": lambda v: {**v, "W1": np.asarray(v["W1"])[:-1]}},
    "fit_kwargs": {"str": lambda v: "bad", "unknown_key": lambda v: {"bogus": 1},
                   "bad_value": lambda v: {"lr": "bad"}},
}

# The kind of a parameter, by name. A name meaning different things in different
# places (``n``, ``values``, ``logits``) is given by the call's ``kinds`` instead.
_NAMES = {
    "real": "mean low high prior_mean mu_q mu_p m",
    "positive": "lr eps quantum init_sigma centre_scale sd prior_sd sigma_q sigma_p",
    "nonneg": "weight_decay kl_weight min_time v",
    "fraction": ("sparsity fraction amount final_sparsity initial_sparsity test_fraction noise_fraction "
                 "uniform_mix start momentum dense_accuracy"),
    "count": ("n_train n_test n_features n_classes n_hidden n_in n_out n_steps epochs batch_size repeat "
              "n_samples n_nodes bins n_components n_rounds block first_block steps steps_per_stage n_cols "
              "n_inputs n_relevant n_weights total_epochs n_labels threads weights_per_unit"),
    "index": "initial_pruned",
    "value_bits": "value_bits",
    "seed": "seed control_seed",
    "bool": "include_start standardize learn_prior fix_means details mask_momentum log grad",
    "choice": "scope criterion semantics activation format encoding band kind",
    "text": "title ylabel name",
    "callable": "experiment fn",
    "bytes": "blob",
    "X": "X X_train X_test",
    "y": "y y_train y_test",
    "targets": "d",
    "fractions": "amounts sparsities",
    "ints": "precisions units_kept",
    "nonneg_reals": "kl_schedule weight_decays",
    "seeds": "seeds",
    "image_shape": "image_shape",
    "pair": "ylim",
    "net": "net pruned initial trained",
    "prior": "prior",
    "velocity": "velocity",
    "mapping": ("histories results curves weights schedules summaries points sweeps posteriors nets "
                "thresholds chosen reference codes lengths models"),
    "weights_dict": "mu log_sigma",
    "fit_kwargs": "fit_kwargs",
    "counts": "counts",
}
NAME_KINDS = {name: kind for kind, names in _NAMES.items() for name in names.split()}


# ----------------------------------------------------------------------------- valid calls
@dataclass
class Call:
    """One valid call: ``fn(**values)``; parameters left out keep their default.

    ``kinds`` gives the kind of a parameter whose name is not in NAME_KINDS (or
    means something else here); ``fixed`` lists parameters not swept here, with
    the reason.
    """

    fn: object
    values: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)
    fixed: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """Tiny objects every valid call is built from."""

    X: np.ndarray
    y: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    net: network.TwoLayerNet
    trained: network.TwoLayerNet
    history: train.History
    pruned: network.TwoLayerNet
    digit_X: np.ndarray
    digit_y: np.ndarray
    digit_net: network.TwoLayerNet
    noisy: noisy.NoisyNet
    regression_net: noisy.NoisyNet
    task: noisy.RegressionTask
    prior: noisy.MixturePrior
    summary: experiments.Summary
    sweep: speed.SpeedSweep
    sparse: speed.SparseNet
    linear: speed.LinearNet
    dl: mdl.DescriptionLength


@functools.lru_cache(maxsize=None)
def context() -> Context:
    ds = data.make_blobs(n_train=24, n_test=12, n_features=5, n_classes=3, seed=0)
    net = network.TwoLayerNet.create(5, 4, 3, seed=0)
    trained, history = train.fit(net, ds.X_train, ds.y_train, epochs=2, X_test=ds.X_test, y_test=ds.y_test,
                                 seed=0)
    rng = np.random.default_rng(0)
    digit_X = rng.normal(size=(12, 64))
    task = noisy.paper_task(seed=0, n_train=10, n_test=10, n_inputs=6, n_relevant=2)
    return Context(
        X=ds.X_train, y=ds.y_train, X_test=ds.X_test, y_test=ds.y_test, net=net, trained=trained,
        history=history, pruned=prune.magnitude_prune(trained, 0.5),
        digit_X=digit_X, digit_y=np.arange(12) % 10,
        digit_net=prune.magnitude_prune(network.TwoLayerNet.create(64, 4, 10, seed=0), 0.5),
        noisy=noisy.NoisyNet.create(5, 3, 3, seed=0),
        regression_net=noisy.NoisyNet.create(6, 2, 1, activation="logistic", seed=0), task=task,
        prior=noisy.MixturePrior.spread(3),
        summary=experiments.summarize([0.9, 0.92, 0.91]),
        sweep=speed.speed_sweep(net, ds.X_test, [0.0, 0.5], formats=("csr",), repeat=1, min_time=0.0),
        sparse=speed.to_sparse(trained), linear=speed.LinearNet(np.ones((5, 3)), np.zeros(3)),
        dl=mdl.description_length(trained, ds.X_train, ds.y_train, 4),
    )


def valid_calls() -> dict:
    """Qualified name -> one valid :class:`Call`, for every public callable that takes arguments.

    To add an entry: give the callable as a user calls it (a function, a class,
    or a method bound to a tiny object of :func:`context`) and the values of its
    required parameters; keep the work small (one epoch, a few samples).
    """
    c = context()
    net, X, y, Xt, yt = c.trained, c.X, c.y, c.X_test, c.y_test
    W = {"W1": net.W1, "b1": net.b1, "W2": net.W2, "b2": net.b2}
    masks = {"mask1": net.mask1, "mask2": net.mask2}
    tX, td = c.task.X_train, c.task.d_train
    rnet, nnet = c.regression_net, c.noisy
    det = noisy.fit_deterministic(tX, td, n_hidden=2, steps=2, seed=0)
    tiny_fit = {"epochs": 1, "batch_size": 8}
    calls = {
        # ---- data
        "data.make_blobs": Call(data.make_blobs, {"n_train": 20, "n_test": 10}),
        "data.load_digits": Call(data.load_digits),
        # ---- experiments
        "experiments.summarize": Call(experiments.summarize, {"values": [0.9, 0.8], "seeds": (0, 1)},
                                      kinds={"values": "array"}),
        "experiments.over_seeds": Call(experiments.over_seeds, {"experiment": lambda s: float(s), "seeds": 2},
                                       kinds={"seeds": "seeds"}),
        "experiments.Summary.band": Call(c.summary.band),
        # ---- network
        "network.TwoLayerNet": Call(network.TwoLayerNet, {**W, **masks},
                                    kinds={"W1": "matrix", "W2": "matrix", "b1": "vector", "b2": "vector",
                                           "mask1": "matrix", "mask2": "matrix"}),
        "network.TwoLayerNet.create": Call(network.TwoLayerNet.create, {"n_in": 5, "n_hidden": 4, "n_out": 3}),
        "network.TwoLayerNet.replace": Call(net.replace, {"W1": net.W1, "mask2": net.mask2},
                                            kinds={"W1": "matrix", "mask2": "matrix"}),
        "network.TwoLayerNet.logits": Call(net.logits, {"X": X}),
        "network.TwoLayerNet.hidden": Call(net.hidden, {"X": X}),
        "network.TwoLayerNet.predict_proba": Call(net.predict_proba, {"X": X}),
        "network.TwoLayerNet.predict": Call(net.predict, {"X": X}),
        "network.TwoLayerNet.accuracy": Call(net.accuracy, {"X": X, "y": y}),
        "network.TwoLayerNet.loss": Call(net.loss, {"X": X, "y": y}),
        "network.TwoLayerNet.gradients": Call(net.gradients, {"X": X, "y": y}),
        "network.relu": Call(network.relu, {"z": np.array([-1.0, 2.0])}, kinds={"z": "array"}),
        "network.softmax": Call(network.softmax, {"logits": np.zeros((2, 3))}, kinds={"logits": "logits"}),
        "network.log_softmax": Call(network.log_softmax, {"logits": np.zeros((2, 3))},
                                    kinds={"logits": "logits"}),
        "network.forward_pass": Call(network.forward_pass, {"X": X, **W},
                                     kinds={"W1": "matrix", "W2": "matrix", "b1": "vector", "b2": "vector"}),
        "network.numerical_gradients": Call(network.numerical_gradients, {"net": c.net, "X": X[:3], "y": y[:3]}),
        "network.gradient_check": Call(network.gradient_check, {"net": c.net, "X": X[:3], "y": y[:3]}),
        "network.check_net": Call(network.check_net, {"net": net}),
        # ---- train
        "train.fit": Call(train.fit, {"net": c.net, "X": X, "y": y, **tiny_fit, "X_test": Xt, "y_test": yt}),
        # ---- prune
        "prune.n_to_prune": Call(prune.n_to_prune, {"sparsity": 0.5, "n": 10}, kinds={"n": "index"}),
        "prune.prune_lowest": Call(prune.prune_lowest, {"scores": (np.abs(net.W1), np.abs(net.W2)),
                                                        "masks": (net.mask1, net.mask2), "counts": 3},
                                   kinds={"scores": "arrays", "masks": "arrays"}),
        "prune.prune_counts": Call(prune.prune_counts, {"masks": (net.mask1, net.mask2), "sparsity": 0.5},
                                   kinds={"masks": "arrays"}),
        "prune.magnitude_prune": Call(prune.magnitude_prune, {"net": net, "sparsity": 0.5}),
        "prune.prune_by_scores": Call(prune.prune_by_scores, {"net": net, "sparsity": 0.5,
                                                              "scores1": np.abs(net.W1), "scores2": np.abs(net.W2)},
                                      kinds={"scores1": "matrix", "scores2": "matrix"}),
        "prune.neuron_scores": Call(prune.neuron_scores, {"net": net, "criterion": "activation", "X": X}),
        "prune.units_to_keep": Call(prune.units_to_keep, {"net": net, "fraction": 0.5, "criterion": "activation",
                                                          "X": X}),
        "prune.prune_neurons": Call(prune.prune_neurons, {"net": net, "fraction": 0.5, "criterion": "activation",
                                                          "X": X}),
        "prune.random_prune": Call(prune.random_prune, {"net": net, "sparsity": 0.5, "seed": 0}),
        "prune.magnitude_threshold": Call(prune.magnitude_threshold, {"net": net, "sparsity": 0.5}),
        "prune.linear_schedule": Call(prune.linear_schedule, {"final_sparsity": 0.9, "n_steps": 3}),
        "prune.cubic_schedule": Call(prune.cubic_schedule, {"final_sparsity": 0.9, "n_steps": 3}),
        "prune.split_budget": Call(prune.split_budget, {"total_epochs": 6, "n_steps": 3}),
        "prune.remaining_to_total": Call(prune.remaining_to_total, {"amounts": [0.5, 0.5], "n_weights": 8}),
        "prune.prune_remaining": Call(prune.prune_remaining, {"net": c.pruned, "amount": 0.5, "criterion": "random",
                                                              "seed": 0}),
        "prune.prune_step": Call(prune.prune_step, {"net": c.pruned, "amount": 0.6, "criterion": "random",
                                                      "seed": 0}),
        "prune.iterative_prune": Call(prune.iterative_prune,
                                      {"net": net, "X": X, "y": y, "amounts": [0.5], "epochs_per_step": 1,
                                       "X_test": Xt, "y_test": yt, "fit_kwargs": {"batch_size": 8}},
                                      kinds={"epochs_per_step": "count"}),
        "prune.rewind": Call(prune.rewind, {"pruned": c.pruned, "initial": c.net}),
        "prune.reinitialize": Call(prune.reinitialize, {"net": c.pruned, "seed": 0}),
        "prune.lottery_ticket": Call(prune.lottery_ticket,
                                     {"initial": c.net, "X": X, "y": y, "n_rounds": 1, "epochs": 1,
                                      "X_test": Xt, "y_test": yt, "control_seed": 1,
                                      "fit_kwargs": {"batch_size": 8}, "trained": net}),
        # ---- sparsity
        "sparsity.smallest_kept": Call(sparsity.smallest_kept, {"net": c.pruned}),
        "sparsity.receptive_fields": Call(sparsity.receptive_fields, {"net": c.digit_net}),
        "sparsity.pixel_usage": Call(sparsity.pixel_usage, {"net": c.digit_net}),
        "sparsity.input_reach": Call(sparsity.input_reach, {"net": c.pruned}),
        "sparsity.drop_dead_units": Call(sparsity.drop_dead_units, {"net": c.pruned}),
        "sparsity.sparsity_table": Call(sparsity.sparsity_table, {"nets": {"dense": net, "pruned": c.pruned}}),
        # ---- mdl
        "mdl.log2_binomial": Call(mdl.log2_binomial, {"n": 10, "k": 3}, kinds={"n": "index", "k": "index"}),
        "mdl.quantize": Call(mdl.quantize, {"values": net.W1, "value_bits": 4}, kinds={"values": "array"}),
        "mdl.model_code": Call(mdl.model_code, {"net": net}),
        "mdl.receiver_network": Call(mdl.receiver_network, {"net": net}),
        "mdl.description_length": Call(mdl.description_length, {"net": net, "X": X, "y": y}),
        "mdl.best_description_length": Call(mdl.best_description_length,
                                            {"net": net, "X": X, "y": y, "precisions": (2, 4)},
                                            kinds={"precisions": "ints"}),
        "mdl.data_bits": Call(mdl.data_bits, {"net": net, "X": X, "y": y}),
        "mdl.encode": Call(mdl.encode, {"net": net}),
        "mdl.decode": Call(mdl.decode, {"blob": mdl.encode(net)}),
        "mdl.exact_model_bits": Call(mdl.exact_model_bits, {"net": net}),
        "mdl.uniform_code_bits": Call(mdl.uniform_code_bits, {"n_labels": 10, "n_classes": 3}),
        "mdl.prequential_code_length": Call(mdl.prequential_code_length,
                                            {"X": X, "y": y, "n_classes": 3, "n_hidden": 4, "first_block": 8, "epochs": 1, "batch_size": 8},
                                            kinds={"block_ends": "ints"}),
        # ---- noisy
        "noisy.NoisyNet": Call(noisy.NoisyNet, {"mu": nnet.mu, "log_sigma": nnet.log_sigma, "mask1": nnet.mask1,
                                                "mask2": nnet.mask2},
                               kinds={"mask1": "matrix", "mask2": "matrix"}),
        "noisy.NoisyNet.create": Call(noisy.NoisyNet.create, {"n_in": 5, "n_hidden": 3, "n_out": 3}),
        "noisy.NoisyNet.replace": Call(nnet.replace, {"mu": nnet.mu, "log_sigma": nnet.log_sigma,
                                                      "mask1": nnet.mask1, "mask2": nnet.mask2},
                                       kinds={"mask1": "matrix", "mask2": "matrix"}),
        "noisy.NoisyNet.mean_output": Call(nnet.mean_output, {"X": X}),
        "noisy.NoisyNet.predict": Call(nnet.predict, {"X": X}),
        "noisy.NoisyNet.accuracy": Call(nnet.accuracy, {"X": X, "y": y}),
        "noisy.MixturePrior": Call(noisy.MixturePrior, {"logits": c.prior.logits, "means": c.prior.means,
                                                        "log_sds": c.prior.log_sds},
                                   kinds={"logits": "vector", "means": "vector", "log_sds": "vector"}),
        "noisy.MixturePrior.gaussian": Call(noisy.MixturePrior.gaussian, {"sd": 0.1}),
        "noisy.MixturePrior.scale_mixture": Call(noisy.MixturePrior.scale_mixture, {"sds": (0.1, 1.0)},
                                                 kinds={"sds": "nonneg_reals"}),
        "noisy.MixturePrior.spread": Call(noisy.MixturePrior.spread, {"n_components": 3}),
        "noisy.MixturePrior.density": Call(c.prior.density, {"w": np.linspace(-1, 1, 5)}, kinds={"w": "array"}),
        "noisy.bits_back_example": Call(noisy.bits_back_example, {"mu_q": 0.1, "sigma_q": 0.5, "n_samples": 100}),
        "noisy.description_length": Call(noisy.description_length,
                                         {"net": nnet, "prior": c.prior, "X": X, "y": y, "n_samples": 2}),
        "noisy.kl_gaussian": Call(noisy.kl_gaussian, {"mu_q": 0.0, "sigma_q": 1.0, "mu_p": 0.0, "sigma_p": 1.0}),
        "noisy.mixture_bound": Call(noisy.mixture_bound, {"mu_q": 0.0, "sigma_q": 0.1, "prior": c.prior}),
        "noisy.weight_cost_bits": Call(noisy.weight_cost_bits, {"net": nnet, "prior": c.prior}),
        "noisy.logistic_moments": Call(noisy.logistic_moments, {"m": 0.0, "v": 1.0}),
        "noisy.regression_moments": Call(noisy.regression_moments, {"net": rnet, "X": tX}),
        "noisy.sample_outputs": Call(noisy.sample_outputs, {"net": rnet, "X": tX, "n_samples": 10}),
        "noisy.expected_squared_error": Call(noisy.expected_squared_error, {"net": rnet, "X": tX, "d": td}),
        "noisy.misfit_bits": Call(noisy.misfit_bits, {"net": rnet, "X": tX, "d": td}),
        "noisy.regression_objective": Call(noisy.regression_objective,
                                           {"net": rnet, "prior": c.prior, "X": tX, "d": td}),
        "noisy.expected_data_bits": Call(noisy.expected_data_bits, {"net": nnet, "X": X, "y": y, "n_samples": 2}),
        "noisy.classification_objective": Call(noisy.classification_objective,
                                               {"net": nnet, "prior": c.prior, "X": X, "y": y, "n_train": 24}),
        "noisy.predict_proba_mc": Call(noisy.predict_proba_mc, {"net": nnet, "X": X, "n_samples": 2}),
        "noisy.accuracy_mc": Call(noisy.accuracy_mc, {"net": nnet, "X": X, "y": y, "n_samples": 2}),
        "noisy.fit_regression": Call(noisy.fit_regression,
                                     {"net": rnet, "prior": c.prior, "X": tX, "d": td, "kl_schedule": (0.5, 1.0),
                                      "steps_per_stage": 2}),
        "noisy.fit_classifier": Call(noisy.fit_classifier,
                                     {"net": nnet, "prior": c.prior, "X": X, "y": y, "epochs": 1, "batch_size": 8,
                                      "kl_schedule": (1.0,)}),
        "noisy.snr": Call(noisy.snr, {"net": nnet}),
        "noisy.prune_noisy": Call(noisy.prune_noisy, {"net": nnet, "sparsity": 0.5}),
        "noisy.to_network": Call(noisy.to_network, {"net": nnet}),
        "noisy.paper_task": Call(noisy.paper_task, {"n_train": 10, "n_test": 10, "n_inputs": 6, "n_relevant": 2}),
        "noisy.relative_error": Call(noisy.relative_error, {"d": [1.0, 2.0, 3.0], "y": [1.0, 2.5, 2.0]},
                                     kinds={"d": "targets", "y": "targets"}),
        "noisy.fit_deterministic": Call(noisy.fit_deterministic, {"X": tX, "d": td, "n_hidden": 2, "steps": 2}),
        "noisy.deterministic_predict": Call(noisy.deterministic_predict, {"params": det, "X": tX},
                                            kinds={"params": "arrays"}),
        "noisy.paper_experiment": Call(noisy.paper_experiment, {"weight_decays": (0.1,)}),
        # ---- speed
        "speed.SparseNet.logits": Call(c.sparse.logits, {"X": X}),
        "speed.SparseNet.predict": Call(c.sparse.predict, {"X": X}),
        "speed.LinearNet": Call(speed.LinearNet, {"W": np.ones((5, 3)), "b": np.zeros(3)},
                                kinds={"W": "matrix", "b": "vector"}),
        "speed.LinearNet.logits": Call(c.linear.logits, {"X": X}),
        "speed.LinearNet.predict": Call(c.linear.predict, {"X": X}),
        "speed.to_sparse": Call(speed.to_sparse, {"net": net, "format": "bsr"}),
        "speed.blas_threads": Call(speed.blas_threads, {"threads": 1}),
        "speed.time_call": Call(speed.time_call, {"fn": len, "args": ("abc",), "repeat": 1, "min_time": 0.0},
                                fixed={"args": "passed to fn untouched: fn decides what they may be"}),
        "speed.time_predictors": Call(speed.time_predictors, {"models": {"dense": net}, "X": X, "repeat": 1,
                                                              "min_time": 0.0}),
        "speed.speed_sweep": Call(speed.speed_sweep, {"net": net, "X": Xt, "sparsities": [0.5], "formats": ("csr",),
                                                      "repeat": 1, "min_time": 0.0},
                                  kinds={"formats": "choices"}),
        "speed.saved_bytes": Call(speed.saved_bytes, {"net": net}),
        # ---- plots
        "plots.training_curves": Call(plots.training_curves, {"histories": {"a": c.history}}),
        "plots.dataset_projection": Call(plots.dataset_projection, {"X_train": X, "y_train": y, "X_test": Xt,
                                                                    "y_test": yt}),
        "plots.digit_samples": Call(plots.digit_samples, {"X": c.digit_X, "y": c.digit_y, "n": 4},
                                      kinds={"n": "count"}),
        "plots.accuracy_by_seed": Call(plots.accuracy_by_seed, {"results": {"a": [0.9, 0.91]}}),
        "plots.recovery_curves": Call(plots.recovery_curves, {"histories": {"a": c.history},
                                                              "dense_accuracy": 0.9}),
        "plots.kept_weight_histograms": Call(plots.kept_weight_histograms,
                                             {"nets": {"pruned": c.pruned}, "thresholds": {"pruned": 0.1},
                                              "bins": 10}),
        "plots.mask_heatmaps": Call(plots.mask_heatmaps, {"net": c.pruned}),
        "plots.receptive_masks": Call(plots.receptive_masks, {"net": c.digit_net, "n_cols": 2}),
        "plots.pixel_usage_map": Call(plots.pixel_usage_map, {"net": c.digit_net}),
        "plots.accuracy_vs_sparsity": Call(plots.accuracy_vs_sparsity,
                                           {"curves": {"a": ([0.0, 0.5], experiments.summarize(
                                               [[0.9, 0.8], [0.92, 0.85]]))},
                                            "baseline": 0.95, "ylim": (0.0, 1.0)},
                                           kinds={"baseline": "real"}),
        "plots.weight_histogram": Call(plots.weight_histogram, {"weights": {"W1": np.linspace(-1, 1, 50)},
                                                                "thresholds": {"t": 0.1}, "bins": 10}),
        "plots.schedule_plot": Call(plots.schedule_plot, {"schedules": {"linear": [0.5, 0.9]}}),
        "plots.summary_bars": Call(plots.summary_bars, {"summaries": {"a": c.summary}, "baseline": 0.95,
                                                        "ylim": (0.0, 1.0)}, kinds={"baseline": "real"}),
        "plots.code_breakdown": Call(plots.code_breakdown, {"codes": {"4 bit": c.dl}, "uniform_bits": 40.0},
                                     kinds={"uniform_bits": "positive"}),
        "plots.description_length_heatmap": Call(plots.description_length_heatmap,
                                                 {"sparsities": [0.0, 0.5], "precisions": [2, 8],
                                                  "total_bits": [[3e4, 2e4], [1e4, 5e3]], "uniform_bits": 4e4},
                                                 kinds={"total_bits": "matrix", "uniform_bits": "positive"}),
        "plots.code_length_bars": Call(plots.code_length_bars, {"lengths": {"a": 10.0, "b": 12.0},
                                                                "uniform_bits": 20.0},
                                       kinds={"uniform_bits": "positive"}),
        "plots.bits_vs_accuracy": Call(plots.bits_vs_accuracy,
                                       {"points": {"s0": ([100.0, 200.0], [0.8, 0.9])}, "chosen": {"s0": (100.0, 0.8)},
                                        "uniform_bits": 300.0},
                                       kinds={"uniform_bits": "positive"}),
        "plots.structured_vs_unstructured": Call(plots.structured_vs_unstructured,
                                                 {"units_kept": [4, 8], "curves": {"u": ([0.9, 0.8], [0.95, 0.9])},
                                                  "dense_accuracy": 0.97, "weights_per_unit": 15}),
        "plots.speedup_curves": Call(plots.speedup_curves, {"sweeps": {"batch 12": c.sweep}}),
        "plots.bits_back_picture": Call(plots.bits_back_picture, {"prior_mean": 0.0, "prior_sd": 1.0,
                                                                  "posteriors": {"Q": (0.5, 0.2)}}),
        "plots.method_table_bars": Call(plots.method_table_bars, {"results": {"mdl": [0.3, 0.35]},
                                                                  "reference": {"mdl": 0.3}}),
        "plots.prior_over_means": Call(plots.prior_over_means, {"prior": c.prior, "means": [0.1, -0.2, 0.3],
                                                                "bins": 10},
                                       kinds={"means": "array"}),
    }
    return calls


# ----------------------------------------------------------------------------- the public API
# Public callables without a valid call, each with its reason.
EXEMPT = {
    # Results records: frozen dataclasses / NamedTuples that package functions return (and that
    # the notebooks only read). They hold what a function computed; a reader does not type
    # their fields, so they do not validate them (that would double the cost of every
    # construction inside the package). The functions that build them check the arguments.
    "data.Dataset": "returned by data.make_blobs / data.load_digits, which check their arguments",
    "experiments.Summary": "returned by experiments.summarize, which checks the values",
    "mdl.ArrayCode": "part of a ModelCode, built by mdl.model_code",
    "mdl.MaskCode": "part of a ModelCode, built by mdl.model_code",
    "mdl.ModelCode": "returned by mdl.model_code",
    "mdl.DescriptionLength": "returned by mdl.description_length",
    "mdl.PrequentialCode": "returned by mdl.prequential_code_length",
    "network.ParameterCount": "returned by TwoLayerNet.count_parameters",
    "network.Gradients": "returned by TwoLayerNet.gradients / network.numerical_gradients",
    "noisy.BitsBack": "returned by noisy.bits_back_example",
    "noisy.DescriptionLength": "returned by noisy.description_length",
    "noisy.FitHistory": "returned by noisy.fit_regression / fit_classifier",
    "noisy.RegressionTask": "returned by noisy.paper_task",
    "prune.IterativeRun": "returned by the iterative-pruning functions of prune",
    "prune.LotteryRound": "returned by the lottery-ticket functions of prune",
    "speed.SparseNet": "returned by speed.to_sparse, which checks the network and format",
    "speed.SpeedSweep": "returned by speed.speed_sweep",
    "train.History": "returned by train.fit",
    "train.Velocity": "returned in train.History; train.fit checks a velocity passed back in",
    # Kernels.
    "network.backward_pass": "the training loop's kernel (once per mini-batch); notebook 01 prints its "
                             "source verbatim as the lesson, so it stays the bare chain rule. "
                             "TwoLayerNet.gradients is the checked entry point.",
}


def public_callables() -> dict:
    """Qualified name -> object: public functions and classes (``mdl_prune.__all__`` ->
    each module's ``__all__``), and the public methods of the public classes."""
    out = {}
    for modname in mdl_prune.__all__:
        module = getattr(mdl_prune, modname)
        for name in module.__all__:
            obj = getattr(module, name)
            if not callable(obj):
                continue                                   # constants (FORMATS, LN2, ...)
            out[f"{modname}.{name}"] = obj
            if inspect.isclass(obj):
                for attr, raw in vars(obj).items():
                    if attr.startswith("_") or isinstance(raw, property) or not callable(
                            getattr(raw, "__func__", raw)):
                        continue
                    out[f"{modname}.{name}.{attr}"] = getattr(obj, attr)
    return out


def user_parameters(obj) -> list:
    """The parameters a user passes (``self`` of a plain method left out)."""
    params = list(inspect.signature(obj).parameters.values())
    if params and params[0].name == "self":
        params = params[1:]
    return params


def swept_parameters(call: Call) -> dict:
    """Parameter name -> (valid value, default or ``inspect.Parameter.empty``), for each
    parameter the sweep varies in ``call`` (items of ``**kwargs`` included)."""
    out = {}
    for p in user_parameters(call.fn):
        if p.kind is p.VAR_KEYWORD or p.name in call.fixed:
            continue                         # items of **kwargs (given in values) are swept below
        default = None if p.default is p.empty else p.default
        out[p.name] = (call.values.get(p.name, default), p.default)
    for name, value in call.values.items():
        if name not in out and name not in call.fixed:
            out[name] = (value, inspect.Parameter.empty)
    return out


def kind_of(call: Call, name: str, valid=None) -> str | None:
    """The parameter's kind: the call's ``kinds``, else by name (a NoisyNet ``net`` is a noisy_net)."""
    kind = call.kinds.get(name, NAME_KINDS.get(name))
    if kind == "net" and isinstance(valid, noisy.NoisyNet):
        kind = "noisy_net"
    return kind


def invoke(call: Call, changes: dict | None = None):
    """Call ``call.fn`` with its valid values, ``changes`` applied; enter what it returns if a context manager.

    Arguments go by keyword, except those before a ``*args`` (and ``*args`` itself).
    """
    values = {**call.values, **(changes or {})}
    params = user_parameters(call.fn)
    star = next((i for i, p in enumerate(params) if p.kind is p.VAR_POSITIONAL), None)
    args = []
    for p in params[:0 if star is None else star + 1]:
        if p.name in values:
            value = values.pop(p.name)
            args.extend(value) if p.kind is p.VAR_POSITIONAL else args.append(value)
    result = call.fn(*args, **values)
    if hasattr(result, "__exit__"):                  # a context manager: entering it is the call
        with result:
            pass
    return result


# ----------------------------------------------------------------------------- the cases
ALLOWED = {
    # (qualified name, parameter, value id): why this "bad" value is in fact allowed
    ("network.relu", "z", "nan"): "relu is elementwise max(0, z) on any real array; NaN propagates (IEEE)",
    ("network.relu", "z", "empty"): "elementwise: an empty array in, an empty array out",
    ("network.softmax", "logits", "nan"): "a kernel of the training loop: its checks are cheap (type and "
                                          "shape, no scan of the values), so NaN propagates (IEEE)",
    ("network.log_softmax", "logits", "nan"): "as softmax: checked without a scan of the values",
    ("network.softmax", "logits", "empty"): "no samples in, no rows out",
    ("network.log_softmax", "logits", "empty"): "no samples in, no rows out",
    **{("network.forward_pass", p, "nan"): "a kernel of the training loop (once per mini-batch): shapes "
                                           "are checked, values are not scanned; NaN propagates"
       for p in ("X", "W1", "b1", "W2", "b2")},
    ("network.forward_pass", "X", "empty"): "an empty batch gives empty activations",
    ("mdl.quantize", "values", "empty"): "a layer with every weight pruned: model_code quantizes no values",
    ("mdl.prequential_code_length", "X", "wrong_features"): "no network is given: any number of features "
                                                            "makes a data set",
    ("noisy.fit_deterministic", "X", "wrong_features"): "no network is given: any number of inputs is a task",
    ("noisy.MixturePrior.density", "w", "empty"): "elementwise: no weights in, no densities out",
    ("prune.prune_counts", "masks", "short"): "any number of layers: one mask is a one-layer pool",
    ("prune.prune_counts", "masks", "wrong_shape"): "layers may have any shapes",
    ("prune.split_budget", "total_epochs", "zero"): "documented (>= 0): zero epochs, no fine-tuning",
    ("prune.iterative_prune", "epochs_per_step", "zero"): "documented (>= 0): 0 skips fine-tuning",
    ("sparsity.receptive_fields", "image_shape", "1d"): "documented: any shape holding n_in pixels",
    ("sparsity.pixel_usage", "image_shape", "1d"): "documented: any shape holding n_in pixels",
    ("data.make_blobs", "centre_scale", "zero"): "documented (>= 0): every class centre at the origin, "
                                                "a task at chance level",
    **{("noisy.NoisyNet.replace", p, v): "documented: the dicts may give only some keys (the rest are kept)"
       for p in ("mu", "log_sigma") for v in ("empty", "missing_key")},
    **{(q, p, "empty"): "optional extras: an empty dict draws nothing more, like the default None"
       for q, p in (("plots.kept_weight_histograms", "thresholds"), ("plots.weight_histogram", "thresholds"),
                    ("plots.bits_vs_accuracy", "chosen"), ("plots.method_table_bars", "reference"))},
    ("speed.blas_threads", "threads", "None"): "documented: threads=None leaves the BLAS thread count alone",
}


def cases() -> list:
    """(qualified name, parameter, value id) for every case of the sweep (allowed ones included)."""
    out = []
    for qualname, call in valid_calls_cached().items():
        for name, (valid, default) in swept_parameters(call).items():
            for value_id in KINDS.get(kind_of(call, name, valid), {}):
                if value_id == "None" and default is None:
                    continue                 # None is the default: allowed by definition
                out.append((qualname, name, value_id))
    return out


def bad_value(qualname: str, name: str, value_id: str):
    call = valid_calls_cached()[qualname]
    valid, _ = swept_parameters(call)[name]
    return KINDS[kind_of(call, name, valid)][value_id](valid)


@functools.lru_cache(maxsize=None)
def valid_calls_cached() -> dict:
    return valid_calls()


def function_name(qualname: str) -> str:
    """The name the message must show: the function's, the class's for a constructor, the method's."""
    return qualname.split(".")[-1]


def names_parameter(exc: InvalidParameterError, name: str) -> bool:
    """``exc`` is about ``name`` (or an item of it, ``curves['a']``), by attribute or by message."""
    param = str(getattr(exc, "parameter", ""))
    if param == name or param.startswith(name + "["):
        return True
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", str(exc)) is not None


def outcome(qualname: str, name: str, value_id: str) -> tuple[str, str]:
    """(verdict, the error's message) of one case.

    The verdict is 'ok', or why the case fails: 'accepted' (no error),
    'InvalidParameterError without the parameter', 'InvalidParameterError
    without the function', or another class such as 'ValueError (names the
    parameter)' or 'IndexError (does not name the parameter)'.
    """
    call = valid_calls_cached()[qualname]
    value = bad_value(qualname, name, value_id)
    try:
        invoke(call, {name: value})
    except InvalidParameterError as exc:
        if not names_parameter(exc, name):
            return "InvalidParameterError without the parameter", str(exc)
        if exc.function is None or not re.search(rf"\b{re.escape(function_name(qualname))}\b", str(exc)):
            return "InvalidParameterError without the function", str(exc)
        return "ok", str(exc)
    except Exception as exc:  # noqa: BLE001 - any other error is the finding
        named = names_parameter(exc, name)
        return f"{type(exc).__name__} ({'names' if named else 'does not name'} the parameter)", str(exc)
    return "accepted", ""


def _report() -> None:
    """Print, by module, how many cases pass and why the others fail."""
    import collections
    import warnings

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    warnings.simplefilter("error", RuntimeWarning)        # as pyproject's pytest settings
    tally = collections.Counter()
    failures = collections.defaultdict(list)
    all_cases = cases()
    for qualname, name, value_id in all_cases:
        if (qualname, name, value_id) in ALLOWED:
            tally["allowed"] += 1
            continue
        result, _ = outcome(qualname, name, value_id)
        plt.close("all")
        tally[result] += 1
        if result != "ok":
            failures[(qualname.split(".")[0], result)].append(f"{qualname[qualname.index('.') + 1:]}"
                                                              f"({name}={value_id})")
    print(f"{len(all_cases)} cases over {len(valid_calls_cached())} callables: {dict(tally)}")
    for (module, result), items in sorted(failures.items()):
        print(f"\n{module}: {result}: {len(items)}")
        print("   " + ", ".join(items))


if __name__ == "__main__":
    _report()
