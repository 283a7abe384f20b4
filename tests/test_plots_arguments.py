"""Every figure function refuses every bad argument, one parameter at a time, naming it.

For each public function of :mod:`mdl_prune.plots` the table below holds a
valid call and, per parameter, which of the generic bad values ("bad", None,
nan, -1, {}) are in fact allowed there (None for an optional argument, "bad"
for a title, ...). Every other combination must raise InvalidParameterError
whose message names the function and the parameter, and nothing else may
crash (no "string indices must be integers" from deep inside Matplotlib).
"""

import math
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mdl_prune import experiments, mdl, network, noisy, plots, speed, train  # noqa: E402
from mdl_prune._checks import InvalidParameterError  # noqa: E402

BAD = {"bad": "bad", "None": None, "nan": math.nan, "-1": -1, "{}": {}}
OPTIONAL = {"None", "{}"}          # an optional dict: None and {} both mean "none"
TEXT = {"bad"}                     # a string is a valid title


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _valid_calls():
    """Function -> (valid keyword arguments, {parameter: keys of BAD that are allowed there})."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(30, 16)), np.arange(30) % 3
    net = network.TwoLayerNet.create(16, 6, 3, seed=0)
    trained, history = train.fit(net, X, y, epochs=2, X_test=X, y_test=y, seed=0)
    summary = experiments.summarize([[0.9, 0.8], [0.92, 0.7]])
    scalar = experiments.summarize([0.9, 0.92])
    code = mdl.description_length(trained, X, y, value_bits=8)
    sweep = speed.SpeedSweep(sparsities=np.array([0.0, 0.5]), batch_size=1, dense_times=np.array([1e-3, 1e-3]),
                             times={"csr": np.array([2e-3, 1e-3])})
    prior = noisy.MixturePrior(np.zeros(2), np.array([0.0, 0.5]), np.log([0.05, 0.5]))
    return {
        plots.training_curves: ({"histories": {"a": history}, "title": "t"}, {"title": TEXT}),
        plots.dataset_projection: ({"X_train": X, "y_train": y, "X_test": X, "y_test": y, "title": "t"},
                                   {"title": TEXT}),
        plots.digit_samples: ({"X": X, "y": y, "image_shape": (4, 4), "n": 5, "title": "t"}, {"title": TEXT}),
        plots.accuracy_by_seed: ({"results": {"a": [0.9, 0.8]}, "title": "t", "ylabel": "y"},
                                 {"title": TEXT, "ylabel": TEXT}),
        plots.accuracy_vs_sparsity: ({"curves": {"a": ([0.0, 0.5], summary)}, "baseline": 0.9, "band": "std",
                                      "title": "t", "ylabel": "y", "ylim": (0, 1)},
                                     {"baseline": {"None"}, "title": TEXT, "ylabel": TEXT, "ylim": {"None"}}),
        plots.weight_histogram: ({"weights": {"W1": trained.W1}, "thresholds": {"t": 0.1}, "bins": 10,
                                  "title": "t", "log": False}, {"thresholds": OPTIONAL, "title": TEXT}),
        plots.kept_weight_histograms: ({"nets": {"a": trained}, "thresholds": {"a": 0.1}, "bins": 10, "title": "t"},
                                       {"thresholds": OPTIONAL, "title": TEXT}),
        plots.recovery_curves: ({"histories": {"a": history}, "dense_accuracy": 0.9, "title": "t"},
                                {"dense_accuracy": {"None"}, "title": TEXT}),
        plots.schedule_plot: ({"schedules": {"a": [0.5, 0.9]}, "start": 0.1, "title": "t"}, {"title": TEXT}),
        plots.summary_bars: ({"summaries": {"a": scalar}, "baseline": 0.9, "ylabel": "y", "title": "t",
                              "ylim": (0, 1)},
                             {"baseline": {"None"}, "ylabel": TEXT, "title": TEXT, "ylim": {"None"}}),
        plots.layer_weight_histograms: ({"nets": {"a": trained}, "thresholds": {"a": 0.1}, "bins": 10,
                                          "title": "t"}, {"thresholds": OPTIONAL, "title": TEXT}),
        plots.mask_heatmaps: ({"net": trained, "title": "t"}, {"title": TEXT}),
        plots.receptive_masks: ({"net": trained, "image_shape": (4, 4), "n_cols": 3, "title": "t"},
                                {"title": TEXT}),
        plots.pixel_usage_map: ({"net": trained, "image_shape": (4, 4), "title": "t"}, {"title": TEXT}),
        plots.code_breakdown: ({"codes": {"8 bit": code}, "uniform_bits": 100.0, "title": "t"},
                               {"uniform_bits": {"None"}, "title": TEXT}),
        plots.description_length_heatmap: ({"sparsities": [0.0, 0.5], "precisions": [8, 4],
                                            "total_bits": [[100.0, 90.0], [80.0, 70.0]], "uniform_bits": 95.0,
                                            "title": "t"}, {"uniform_bits": {"None"}, "title": TEXT}),
        plots.code_length_bars: ({"lengths": {"a": 100.0, "b": 50.0}, "uniform_bits": 95.0, "title": "t"},
                                 {"uniform_bits": {"None"}, "title": TEXT}),
        plots.bits_vs_accuracy: ({"points": {"a": ([100.0, 200.0], [0.8, 0.9])}, "chosen": {"a": (100.0, 0.8)},
                                  "uniform_bits": 150.0, "title": "t"},
                                 {"chosen": OPTIONAL, "uniform_bits": {"None"}, "title": TEXT}),
        plots.bits_back_picture: ({"prior_mean": 0.0, "prior_sd": 1.0, "posteriors": {"Q": (0.5, 0.2)},
                                   "title": "t"}, {"prior_mean": {"-1"}, "title": TEXT}),
        plots.method_table_bars: ({"results": {"mdl": [0.3, 0.35]}, "reference": {"mdl": 0.3}, "ylabel": "y",
                                   "title": "t"}, {"reference": OPTIONAL, "ylabel": TEXT, "title": TEXT}),
        plots.prior_over_means: ({"prior": prior, "means": [0.1, -0.2, 0.3], "bins": 10, "title": "t",
                                  "log": True}, {"means": {"-1"}, "title": TEXT}),
        plots.structured_vs_unstructured: ({"units_kept": [4, 8], "curves": {"u": ([0.9, 0.8], [0.95, 0.9])},
                                            "dense_accuracy": 0.97, "weights_per_unit": 19, "title": "t"},
                                           {"dense_accuracy": {"None"}, "weights_per_unit": {"None"},
                                            "title": TEXT}),
        plots.speedup_curves: ({"sweeps": {"batch 1": sweep}, "title": "t"}, {"title": TEXT}),
    }


CALLS = _valid_calls()
CASES = [(fn, param, key) for fn, (kwargs, allowed) in CALLS.items() for param in kwargs
         for key in BAD if key not in allowed.get(param, set())]


def test_every_public_plot_function_is_in_the_table():
    # set_language chooses the language of every figure (tests/test_figure_language.py), it draws none
    public = {name for name in plots.__all__ if callable(getattr(plots, name))} - {"set_language", "figure_language"}
    assert public == {fn.__name__ for fn in CALLS}


@pytest.mark.parametrize("fn", list(CALLS), ids=lambda fn: fn.__name__)
def test_valid_call_draws_a_figure(fn):
    kwargs, _ = CALLS[fn]
    snapshot = repr(kwargs)
    fig = fn(**kwargs)
    assert isinstance(fig, Figure) and fig.axes
    assert repr(kwargs) == snapshot            # the arguments are left as they were


@pytest.mark.parametrize("fn,param,key", CASES,
                         ids=[f"{fn.__name__}-{param}-{key}" for fn, param, key in CASES])
def test_bad_value_is_refused_naming_the_parameter(fn, param, key):
    kwargs = {**CALLS[fn][0], param: BAD[key]}
    with pytest.raises(InvalidParameterError) as info:
        fn(**kwargs)
    message = str(info.value)
    assert message.startswith(f"{fn.__name__}(): ")
    assert re.search(rf"\b{param}\b", message), message


MAPPINGS = [(fn, param) for fn, (kwargs, _) in CALLS.items() for param, value in kwargs.items()
            if isinstance(value, dict)]
# Items for which a generic bad value is in fact allowed (a weight may be -1; a mean may be negative).
ITEM_ALLOWED = {("weight_histogram", "weights"): {"-1"}}


@pytest.mark.parametrize("fn,param", MAPPINGS, ids=[f"{fn.__name__}-{param}" for fn, param in MAPPINGS])
@pytest.mark.parametrize("key", list(BAD))
def test_bad_item_is_refused_naming_the_entry(fn, param, key):
    if key in ITEM_ALLOWED.get((fn.__name__, param), set()):
        pytest.skip(f"{key} is a valid item of {param}")
    kwargs = dict(CALLS[fn][0])
    label = next(iter(kwargs[param]))
    kwargs[param] = {label: BAD[key]}
    with pytest.raises(InvalidParameterError, match=re.escape(f"{param}[{label!r}]")):
        fn(**kwargs)


def test_code_breakdown_of_a_string_names_codes():
    # once a crash deep in the function: "string indices must be integers"
    with pytest.raises(InvalidParameterError, match=r"code_breakdown\(\): codes must be a dict of label -> "):
        plots.code_breakdown("bad")


def test_x_test_and_y_test_go_together():
    X, y = np.zeros((4, 3)), np.array([0, 1, 0, 1])
    with pytest.raises(InvalidParameterError, match="y_test"):
        plots.dataset_projection(X, y, X_test=X)
    with pytest.raises(InvalidParameterError, match="X_test"):
        plots.dataset_projection(X, y, y_test=y)
