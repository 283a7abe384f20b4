"""One valid call per public callable, for the bad-input sweep (tests/test_bad_input.py).

Each module's calls are built by one function below from the tiny objects of
:func:`context`. To add an entry: give the callable as a user calls it (a
function, a class, or a method bound to a tiny object of the context) and the
values of its required parameters, keeping the work small (one epoch, a few
samples). Parameters left out keep their default and are swept all the same.
Give ``kinds`` for a parameter whose name does not say its kind (see
``bad_input_cases.NAME_KINDS``), and ``fixed`` (with the reason) for one the
sweep cannot vary.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from mdl_prune import (data, experiments, mdl, network, noisy, plots, prune, sparsity, speed, train,
                       widgets)


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
    noisy_net: noisy.NoisyNet
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
        noisy_net=noisy.NoisyNet.create(5, 3, 3, seed=0),
        regression_net=noisy.NoisyNet.create(6, 2, 1, activation="logistic", seed=0), task=task,
        prior=noisy.MixturePrior.spread(3),
        summary=experiments.summarize([0.9, 0.92, 0.91]),
        sweep=speed.speed_sweep(net, ds.X_test, [0.0, 0.5], formats=("csr",), repeat=1, min_time=0.0),
        sparse=speed.to_sparse(trained), linear=speed.LinearNet(np.ones((5, 3)), np.zeros(3)),
        dl=mdl.description_length(trained, ds.X_train, ds.y_train, 4),
    )


def _data_calls(c: Context) -> dict:
    return {
        "data.make_blobs": Call(data.make_blobs, {"n_train": 20, "n_test": 10}),
        "data.load_digits": Call(data.load_digits),
    }


def _experiments_calls(c: Context) -> dict:
    return {
        "experiments.summarize": Call(experiments.summarize, {"values": [0.9, 0.8], "seeds": (0, 1)},
                                      kinds={"values": "array"}),
        "experiments.over_seeds": Call(experiments.over_seeds, {"experiment": float, "seeds": 2},
                                       kinds={"seeds": "seeds"}),
        "experiments.Summary.band": Call(c.summary.band),
    }


def _network_calls(c: Context) -> dict:
    net, X, y = c.trained, c.X, c.y
    weights = {"W1": net.W1, "b1": net.b1, "W2": net.W2, "b2": net.b2}
    kinds = {"W1": "matrix", "W2": "matrix", "b1": "vector", "b2": "vector", "mask1": "matrix",
             "mask2": "matrix"}
    small = {"net": c.net, "X": X[:3], "y": y[:3]}          # finite differences: a few samples
    return {
        "network.TwoLayerNet": Call(network.TwoLayerNet, {**weights, "mask1": net.mask1, "mask2": net.mask2},
                                    kinds=kinds),
        "network.TwoLayerNet.create": Call(network.TwoLayerNet.create, {"n_in": 5, "n_hidden": 4, "n_out": 3}),
        "network.TwoLayerNet.replace": Call(net.replace, {"W1": net.W1, "mask2": net.mask2}, kinds=kinds),
        "network.TwoLayerNet.logits": Call(net.logits, {"X": X}),
        "network.TwoLayerNet.hidden": Call(net.hidden, {"X": X}),
        "network.TwoLayerNet.predict_proba": Call(net.predict_proba, {"X": X}),
        "network.TwoLayerNet.predict": Call(net.predict, {"X": X}),
        "network.TwoLayerNet.accuracy": Call(net.accuracy, {"X": X, "y": y}),
        "network.TwoLayerNet.loss": Call(net.loss, {"X": X, "y": y}),
        "network.TwoLayerNet.gradients": Call(net.gradients, {"X": X, "y": y}),
        "network.softmax": Call(network.softmax, {"logits": np.zeros((2, 3))}, kinds={"logits": "logits"}),
        "network.log_softmax": Call(network.log_softmax, {"logits": np.zeros((2, 3))},
                                    kinds={"logits": "logits"}),
        "network.numerical_gradients": Call(network.numerical_gradients, small),
        "network.gradient_check": Call(network.gradient_check, small),
        "network.check_net": Call(network.check_net, {"net": net}),
        "network.check_data": Call(network.check_data, {"net": net, "X": X, "y": y}),
    }


def _train_calls(c: Context) -> dict:
    return {
        "train.fit": Call(train.fit, {"net": c.net, "X": c.X, "y": c.y, "epochs": 1, "batch_size": 8,
                                      "X_test": c.X_test, "y_test": c.y_test}),
    }


def _prune_calls(c: Context) -> dict:
    net, X, y = c.trained, c.X, c.y
    scores, masks = (np.abs(net.W1), np.abs(net.W2)), (net.mask1, net.mask2)
    by_activation = {"net": net, "criterion": "activation", "X": X}
    tests = {"X_test": c.X_test, "y_test": c.y_test, "fit_kwargs": {"batch_size": 8}}
    random = {"net": c.pruned, "criterion": "random", "seed": 0}
    return {
        "prune.n_to_prune": Call(prune.n_to_prune, {"fraction": 0.5, "n": 10}, kinds={"n": "index"}),
        "prune.prune_lowest": Call(prune.prune_lowest, {"scores": scores, "masks": masks, "counts": 3},
                                   kinds={"scores": "arrays", "masks": "arrays"}),
        "prune.prune_counts": Call(prune.prune_counts, {"masks": masks, "sparsity": 0.5},
                                   kinds={"masks": "arrays"}),
        "prune.magnitude_prune": Call(prune.magnitude_prune, {"net": net, "sparsity": 0.5}),
        "prune.prune_by_scores": Call(prune.prune_by_scores, {"net": net, "sparsity": 0.5, "scores1": scores[0],
                                                              "scores2": scores[1]},
                                      kinds={"scores1": "matrix", "scores2": "matrix"}),
        "prune.neuron_scores": Call(prune.neuron_scores, by_activation),
        "prune.units_to_keep": Call(prune.units_to_keep, {**by_activation, "fraction": 0.5}),
        "prune.prune_neurons": Call(prune.prune_neurons, {**by_activation, "fraction": 0.5}),
        "prune.random_prune": Call(prune.random_prune, {"net": net, "sparsity": 0.5, "seed": 0}),
        "prune.magnitude_threshold": Call(prune.magnitude_threshold, {"net": net, "sparsity": 0.5}),
        "prune.linear_schedule": Call(prune.linear_schedule, {"final_sparsity": 0.9, "n_steps": 3}),
        "prune.cubic_schedule": Call(prune.cubic_schedule, {"final_sparsity": 0.9, "n_steps": 3}),
        "prune.split_budget": Call(prune.split_budget, {"total_epochs": 6, "n_steps": 3}),
        "prune.remaining_to_total": Call(prune.remaining_to_total, {"amounts": [0.5, 0.5], "n_weights": 8}),
        "prune.prune_remaining": Call(prune.prune_remaining, {**random, "amount": 0.5}),
        "prune.prune_step": Call(prune.prune_step, {**random, "amount": 0.6}),
        "prune.iterative_prune": Call(prune.iterative_prune, {"net": net, "X": X, "y": y, "amounts": [0.5],
                                                              "epochs_per_step": 1, **tests},
                                      kinds={"epochs_per_step": "count"}),
        "prune.rewind": Call(prune.rewind, {"pruned": c.pruned, "initial": c.net}),
        "prune.reinitialize": Call(prune.reinitialize, {"net": c.pruned, "seed": 0}),
        "prune.lottery_ticket": Call(prune.lottery_ticket, {"initial": c.net, "X": X, "y": y, "n_rounds": 1,
                                                            "epochs": 1, "control_seed": 1, "trained": net,
                                                            **tests}),
    }


def _sparsity_calls(c: Context) -> dict:
    return {
        "sparsity.smallest_kept": Call(sparsity.smallest_kept, {"net": c.pruned}),
        "sparsity.receptive_fields": Call(sparsity.receptive_fields, {"net": c.digit_net}),
        "sparsity.pixel_usage": Call(sparsity.pixel_usage, {"net": c.digit_net}),
        "sparsity.input_reach": Call(sparsity.input_reach, {"net": c.pruned}),
        "sparsity.drop_dead_units": Call(sparsity.drop_dead_units, {"net": c.pruned}),
        "sparsity.sparsity_table": Call(sparsity.sparsity_table, {"nets": {"dense": c.trained,
                                                                           "pruned": c.pruned}}),
    }


def _mdl_calls(c: Context) -> dict:
    net, X, y = c.trained, c.X, c.y
    data_ = {"net": net, "X": X, "y": y}
    return {
        "mdl.log2_binomial": Call(mdl.log2_binomial, {"n": 10, "k": 3}, kinds={"n": "index", "k": "index"}),
        "mdl.quantize": Call(mdl.quantize, {"values": net.W1, "value_bits": 4}, kinds={"values": "array"}),
        "mdl.model_code": Call(mdl.model_code, {"net": net}),
        "mdl.receiver_network": Call(mdl.receiver_network, {"net": net}),
        "mdl.description_length": Call(mdl.description_length, data_),
        "mdl.best_description_length": Call(mdl.best_description_length, {**data_, "precisions": (2, 4)},
                                            kinds={"precisions": "ints"}),
        "mdl.data_bits": Call(mdl.data_bits, data_),
        "mdl.encode": Call(mdl.encode, {"net": net}),
        "mdl.decode": Call(mdl.decode, {"blob": mdl.encode(net)}),
        "mdl.exact_model_bits": Call(mdl.exact_model_bits, {"net": net}),
        "mdl.encode_message": Call(mdl.encode_message, {**data_, "value_bits": 4}),
        "mdl.decode_message": Call(mdl.decode_message, {"blob": mdl.encode_message(net, X, y, 4),
                                                        "X": X}),
        "mdl.shortest_code": Call(mdl.shortest_code, data_),
        "mdl.uniform_code_bits": Call(mdl.uniform_code_bits, {"n_labels": 10, "n_classes": 3}),
        # block_ends left at None so that first_block is used (and swept); batch_size goes to train.fit.
        "mdl.prequential_code_length": Call(mdl.prequential_code_length,
                                            {"X": X, "y": y, "n_classes": 3, "n_hidden": 4, "first_block": 8,
                                             "epochs": 1, "batch_size": 8},
                                            kinds={"block_ends": "ints"}),
    }


def _noisy_net_calls(c: Context) -> dict:
    """NoisyNet and MixturePrior: constructors, class methods, methods."""
    nnet, X, y, prior = c.noisy_net, c.X, c.y, c.prior
    parts = {"mu": nnet.mu, "log_sigma": nnet.log_sigma, "mask1": nnet.mask1, "mask2": nnet.mask2}
    masks = {"mask1": "matrix", "mask2": "matrix"}
    vectors = {"logits": "vector", "means": "vector", "log_sds": "vector"}
    return {
        "noisy.NoisyNet": Call(noisy.NoisyNet, parts, kinds=masks),
        "noisy.NoisyNet.create": Call(noisy.NoisyNet.create, {"n_in": 5, "n_hidden": 3, "n_out": 3}),
        "noisy.NoisyNet.replace": Call(nnet.replace, parts, kinds=masks),
        "noisy.NoisyNet.mean_output": Call(nnet.mean_output, {"X": X}),
        "noisy.NoisyNet.predict": Call(nnet.predict, {"X": X}),
        "noisy.NoisyNet.accuracy": Call(nnet.accuracy, {"X": X, "y": y}),
        "noisy.MixturePrior": Call(noisy.MixturePrior, {"logits": prior.logits, "means": prior.means,
                                                        "log_sds": prior.log_sds}, kinds=vectors),
        "noisy.MixturePrior.gaussian": Call(noisy.MixturePrior.gaussian, {"sd": 0.1}),
        "noisy.MixturePrior.scale_mixture": Call(noisy.MixturePrior.scale_mixture, {"sds": (0.1, 1.0)},
                                                 kinds={"sds": "nonneg_reals"}),
        "noisy.MixturePrior.spread": Call(noisy.MixturePrior.spread, {"n_components": 3}),
        "noisy.MixturePrior.density": Call(prior.density, {"w": np.linspace(-1, 1, 5)}, kinds={"w": "array"}),
    }


def _noisy_calls(c: Context) -> dict:
    """The functions of noisy: bits back, regression (the paper's task), classification."""
    X, y, prior = c.X, c.y, c.prior
    tX, td = c.task.X_train, c.task.d_train
    reg = {"net": c.regression_net, "X": tX}                  # logistic hidden units, one linear output
    cls = {"net": c.noisy_net, "X": X}                        # ReLU hidden units, softmax outputs
    det = noisy.fit_deterministic(tX, td, n_hidden=2, steps=2, seed=0)
    return {
        "noisy.bits_back_example": Call(noisy.bits_back_example, {"mu_q": 0.1, "sigma_q": 0.5, "n_samples": 100}),
        "noisy.description_length": Call(noisy.description_length, {**cls, "prior": prior, "y": y,
                                                                    "n_samples": 2}),
        "noisy.kl_gaussian": Call(noisy.kl_gaussian, {"mu_q": 0.0, "sigma_q": 1.0, "mu_p": 0.0, "sigma_p": 1.0}),
        "noisy.mixture_bound": Call(noisy.mixture_bound, {"mu_q": 0.0, "sigma_q": 0.1, "prior": prior}),
        "noisy.mixture_kl": Call(noisy.mixture_kl, {"mu_q": 0.0, "sigma_q": 0.1, "prior": prior, "n_points": 11}),
        "noisy.distinct_components": Call(noisy.distinct_components, {"prior": prior, "rtol": 1e-3}),
        "noisy.weight_cost_bits": Call(noisy.weight_cost_bits, {"net": c.noisy_net, "prior": prior}),
        "noisy.logistic_moments": Call(noisy.logistic_moments, {"m": 0.0, "v": 1.0}),
        "noisy.regression_moments": Call(noisy.regression_moments, reg),
        "noisy.sample_outputs": Call(noisy.sample_outputs, {**reg, "n_samples": 10}),
        "noisy.expected_squared_error": Call(noisy.expected_squared_error, {**reg, "d": td}),
        "noisy.misfit_bits": Call(noisy.misfit_bits, {**reg, "d": td}),
        "noisy.regression_objective": Call(noisy.regression_objective, {**reg, "prior": prior, "d": td}),
        "noisy.expected_data_bits": Call(noisy.expected_data_bits, {**cls, "y": y, "n_samples": 2}),
        "noisy.classification_objective": Call(noisy.classification_objective, {**cls, "prior": prior, "y": y,
                                                                                "n_train": 24}),
        "noisy.predict_proba_mc": Call(noisy.predict_proba_mc, {**cls, "n_samples": 2}),
        "noisy.accuracy_mc": Call(noisy.accuracy_mc, {**cls, "y": y, "n_samples": 2}),
        "noisy.fit_regression": Call(noisy.fit_regression, {**reg, "prior": prior, "d": td,
                                                            "kl_schedule": (0.5, 1.0), "steps_per_stage": 2}),
        "noisy.fit_classifier": Call(noisy.fit_classifier, {**cls, "prior": prior, "y": y, "epochs": 1,
                                                            "batch_size": 8, "kl_schedule": (1.0,)}),
        "noisy.snr": Call(noisy.snr, {"net": c.noisy_net}),
        "noisy.prune_noisy": Call(noisy.prune_noisy, {"net": c.noisy_net, "sparsity": 0.5}),
        "noisy.to_network": Call(noisy.to_network, {"net": c.noisy_net}),
        "noisy.paper_task": Call(noisy.paper_task, {"n_train": 10, "n_test": 10, "n_inputs": 6,
                                                    "n_relevant": 2}),
        "noisy.relative_error": Call(noisy.relative_error, {"d": [1.0, 2.0, 3.0], "y": [1.0, 2.5, 2.0]},
                                     kinds={"d": "targets", "y": "targets"}),
        "noisy.fit_deterministic": Call(noisy.fit_deterministic, {"X": tX, "d": td, "n_hidden": 2, "steps": 2}),
        "noisy.deterministic_predict": Call(noisy.deterministic_predict, {"params": det, "X": tX},
                                            kinds={"params": "arrays"}),
        "noisy.paper_experiment": Call(noisy.paper_experiment, {"weight_decays": (0.1,)}),
    }


def _speed_calls(c: Context) -> dict:
    net, X = c.trained, c.X
    quick = {"repeat": 1, "min_time": 0.0}
    return {
        "speed.SparseNet.logits": Call(c.sparse.logits, {"X": X}),
        "speed.SparseNet.predict": Call(c.sparse.predict, {"X": X}),
        "speed.LinearNet": Call(speed.LinearNet, {"W": np.ones((5, 3)), "b": np.zeros(3)},
                                kinds={"W": "matrix", "b": "vector"}),
        "speed.LinearNet.logits": Call(c.linear.logits, {"X": X}),
        "speed.LinearNet.predict": Call(c.linear.predict, {"X": X}),
        "speed.to_sparse": Call(speed.to_sparse, {"net": net, "format": "bsr"}),
        "speed.blas_threads": Call(speed.blas_threads, {"threads": 1}),
        "speed.time_call": Call(speed.time_call, {"fn": len, "args": ("abc",), **quick},
                                fixed={"args": "passed to fn untouched: fn decides what they may be"}),
        "speed.time_predictors": Call(speed.time_predictors, {"models": {"dense": net}, "X": X, **quick}),
        "speed.speed_sweep": Call(speed.speed_sweep, {"net": net, "X": c.X_test, "sparsities": [0.5],
                                                      "formats": ("csr",), **quick},
                                  kinds={"formats": "choices"}),
        "speed.saved_bytes": Call(speed.saved_bytes, {"net": net}),
    }


def _plots_of_training_calls(c: Context) -> dict:
    """The figures of notebooks 01-05 and 08."""
    curves = {"a": ([0.0, 0.5], experiments.summarize([[0.9, 0.8], [0.92, 0.85]]))}
    return {
        "plots.training_curves": Call(plots.training_curves, {"histories": {"a": c.history}}),
        "plots.dataset_projection": Call(plots.dataset_projection, {"X_train": c.X, "y_train": c.y,
                                                                    "X_test": c.X_test, "y_test": c.y_test}),
        "plots.digit_samples": Call(plots.digit_samples, {"X": c.digit_X, "y": c.digit_y, "n": 4},
                                    kinds={"n": "count"}),
        "plots.accuracy_by_seed": Call(plots.accuracy_by_seed, {"results": {"a": [0.9, 0.91]}}),
        "plots.recovery_curves": Call(plots.recovery_curves, {"histories": {"a": c.history},
                                                              "dense_accuracy": 0.9}),
        "plots.kept_weight_histograms": Call(plots.kept_weight_histograms,
                                             {"nets": {"pruned": c.pruned}, "thresholds": {"pruned": 0.1},
                                              "bins": 10}),
        "plots.layer_weight_histograms": Call(plots.layer_weight_histograms,
                                              {"nets": {"pruned": c.pruned}, "thresholds": {"pruned": 0.1},
                                               "bins": 10}),
        "plots.mask_heatmaps": Call(plots.mask_heatmaps, {"net": c.pruned}),
        "plots.receptive_masks": Call(plots.receptive_masks, {"net": c.digit_net, "n_cols": 2}),
        "plots.pixel_usage_map": Call(plots.pixel_usage_map, {"net": c.digit_net}),
        "plots.accuracy_vs_sparsity": Call(plots.accuracy_vs_sparsity, {"curves": curves, "baseline": 0.95,
                                                                        "ylim": (0.0, 1.0)},
                                           kinds={"baseline": "real"}),
        "plots.weight_histogram": Call(plots.weight_histogram, {"weights": {"W1": np.linspace(-1, 1, 50)},
                                                                "thresholds": {"t": 0.1}, "bins": 10}),
        "plots.schedule_plot": Call(plots.schedule_plot, {"schedules": {"linear": [0.5, 0.9]}}),
        "plots.summary_bars": Call(plots.summary_bars, {"summaries": {"a": c.summary}, "baseline": 0.95,
                                                        "ylim": (0.0, 1.0)}, kinds={"baseline": "real"}),
        "plots.structured_vs_unstructured": Call(plots.structured_vs_unstructured,
                                                 {"units_kept": [4, 8], "curves": {"u": ([0.9, 0.8], [0.95, 0.9])},
                                                  "dense_accuracy": 0.97, "weights_per_unit": 15}),
        "plots.speedup_curves": Call(plots.speedup_curves, {"sweeps": {"batch 12": c.sweep}}),
    }


def _plots_of_bits_calls(c: Context) -> dict:
    """The figures of notebooks 06 and 07 (description lengths, bits back)."""
    uniform = {"uniform_bits": "positive"}
    return {
        "plots.code_breakdown": Call(plots.code_breakdown, {"codes": {"4 bit": c.dl}, "uniform_bits": 40.0},
                                     kinds=uniform),
        "plots.description_length_heatmap": Call(plots.description_length_heatmap,
                                                 {"sparsities": [0.0, 0.5], "precisions": [2, 8],
                                                  "total_bits": [[3e4, 2e4], [1e4, 5e3]], "uniform_bits": 4e4},
                                                 kinds={"total_bits": "matrix", **uniform}),
        "plots.code_length_bars": Call(plots.code_length_bars, {"lengths": {"a": 10.0, "b": 12.0},
                                                                "uniform_bits": 20.0}, kinds=uniform),
        "plots.bits_vs_accuracy": Call(plots.bits_vs_accuracy, {"points": {"s0": ([100.0, 200.0], [0.8, 0.9])},
                                                                "chosen": {"s0": (100.0, 0.8)},
                                                                "uniform_bits": 300.0}, kinds=uniform),
        "plots.bits_back_picture": Call(plots.bits_back_picture, {"prior_mean": 0.0, "prior_sd": 1.0,
                                                                  "posteriors": {"Q": (0.5, 0.2)}}),
        "plots.method_table_bars": Call(plots.method_table_bars, {"results": {"mdl": [0.3, 0.35]},
                                                                  "reference": {"mdl": 0.3}}),
        "plots.prior_over_means": Call(plots.prior_over_means, {"prior": c.prior, "means": [0.1, -0.2, 0.3],
                                                                "bins": 10}, kinds={"means": "array"}),
        "plots.set_language": Call(plots.set_language, {"language": "en"}, kinds={"language": "choice"}),
    }


def _widgets_calls(c: Context) -> dict:
    import ipywidgets
    import matplotlib.pyplot as plt

    def draw(sparsity):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, sparsity])
        return f"sparsity {sparsity}", fig

    fig, _ = plt.subplots()
    return {
        "widgets.SliderFigure": Call(widgets.SliderFigure,
                                     {"draw": draw, "controls": {"sparsity": ipywidgets.FloatSlider(0.5)}},
                                     kinds={"draw": "callable", "controls": "mapping"}),
        "widgets.figure_output": Call(widgets.figure_output, {"fig": fig}, kinds={"fig": "figure"}),
    }


@functools.lru_cache(maxsize=None)
def valid_calls() -> dict:
    """Qualified name -> one valid :class:`Call`, for every public callable that takes arguments."""
    c = context()
    calls = {}
    for build in (_data_calls, _experiments_calls, _network_calls, _train_calls, _prune_calls,
                  _sparsity_calls, _mdl_calls, _noisy_net_calls, _noisy_calls, _speed_calls,
                  _plots_of_training_calls, _plots_of_bits_calls, _widgets_calls):
        calls.update(build(c))
    return calls
