"""The bad-input sweep's cases and its judge (tests/test_bad_input.py runs them).

The sweep takes one valid call per public callable, replaces *one* argument at
a time by a bad value (the others stay valid) and requires an
``InvalidParameterError`` that names the parameter and the function. Tables,
each easy to extend:

* ``bad_input_calls.valid_calls`` -- one valid call per public function, class
  and public method, on tiny data. Parameters left out keep their default and
  are swept too.
* :data:`NAME_KINDS` -- the kind of a parameter, by its name (``sparsity`` is
  a fraction, ``X`` a data matrix, ...); a call's ``kinds`` overrides it for
  a parameter whose name alone does not say it.
* :data:`KINDS` -- the bad values of each kind, as ``id -> make(valid)``, where
  ``valid`` is the parameter's value in the valid call (to build a wrong
  shape or a NaN from it).
* :data:`EXEMPT` -- public callables left out of the sweep, and
  :data:`ALLOWED` -- (callable, parameter, value id) cases whose "bad" value
  is in fact allowed; each with its reason.

``python tests/bad_input_cases.py`` (with ``PYTHONPATH=src``) runs every case
and prints, by module, why the failing ones fail.
"""

from __future__ import annotations

import inspect
import math
import re

import numpy as np

import mdl_prune
from bad_input_calls import Call, context, valid_calls
from mdl_prune import noisy
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
    # Regression targets of the one output: (n,) or a column (n, 1); two columns are too many.
    "targets": {**_WRONG_TYPE, "list_of_str": lambda v: ["a", "b"], "nan": _nan,
                "short": lambda v: np.asarray(v)[:-1], "two_columns": lambda v: np.column_stack([v, v])},
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
    # A sequence of arrays (one per layer); wrong_shape makes the second disagree with the others.
    "arrays": {**_WRONG_TYPE, "empty": lambda v: (), "short": lambda v: tuple(v)[:-1],
               "nan": lambda v: (_nan(v[0]),) + tuple(v)[1:],
               "wrong_shape": lambda v: (v[0], np.asarray(v[1])[:-1]) + tuple(v)[2:]},
    "choices": {**_WRONG_TYPE, "unknown": lambda v: ("bogus",), "empty": lambda v: ()},
    "counts": {**_WRONG_TYPE, "minus_one": lambda v: -1, "one_and_a_half": lambda v: 1.5,
               "too_many": lambda v: 10 ** 6},
    # objects
    "net": {**_WRONG_TYPE, "noisy_net": lambda v: context().noisy_net, "array": lambda v: np.zeros((3, 3))},
    "noisy_net": {**_WRONG_TYPE, "two_layer_net": lambda v: context().net, "array": lambda v: np.zeros(3)},
    "prior": {**_WRONG_TYPE, "array": lambda v: np.zeros(3)},
    "velocity": {**_WRONG_TYPE, "array": lambda v: np.zeros(3)},
    "figure": {**_WRONG_TYPE, "array": lambda v: np.zeros(3)},
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
    "nonneg": "weight_decay kl_weight min_time v rtol",
    "fraction": ("sparsity fraction amount final_sparsity initial_sparsity test_fraction noise_fraction "
                 "uniform_mix start momentum dense_accuracy"),
    "count": ("n_train n_test n_features n_classes n_hidden n_in n_out n_steps epochs batch_size repeat "
              "n_samples n_nodes n_points bins n_components n_rounds block first_block steps steps_per_stage n_cols "
              "n_inputs n_relevant n_weights total_epochs n_labels threads weights_per_unit"),
    "index": "initial_pruned",
    "value_bits": "value_bits",
    "seed": "seed control_seed",
    "bool": "include_start standardize learn_prior fix_means fixed_means details mask_momentum log grad",
    "choice": "scope criterion semantics activation format encoding band kind",
    "text": "title ylabel name X_name y_name button text",
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
    "noisy.BitsBackLength": "returned by noisy.description_length",
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
    "network.forward_pass": "the training loop's kernel (once per mini-batch), written out as the "
                            "lesson of notebook 01; TwoLayerNet.logits / predict_proba are the "
                            "checked entry points.",
    "network.relu": "elementwise max(0, z), inside forward_pass: any real array is valid",
    "widgets.SliderFigure.redraw": "the button's callback: its one argument is the button that "
                                   "ipywidgets passes, and it is ignored",
}


# Public check helpers that other public functions call: they raise InvalidParameterError naming
# the parameter but leave the function's name to their caller (``validated`` names the innermost
# decorated function, so decorating them would put their name in place of the caller's).
CHECKS = {
    "network.check_net": "called by every function that takes a TwoLayerNet, which names itself",
    "network.check_data": "called by every function that takes a network and its data",
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
    ("network.softmax", "logits", "nan"): "a kernel of the training loop: its checks are cheap (type and "
                                          "shape, no scan of the values), so NaN propagates (IEEE)",
    ("network.log_softmax", "logits", "nan"): "as softmax: checked without a scan of the values",
    ("network.softmax", "logits", "empty"): "no samples in, no rows out",
    ("network.log_softmax", "logits", "empty"): "no samples in, no rows out",
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
                    ("plots.layer_weight_histograms", "thresholds"),
                    ("plots.bits_vs_accuracy", "chosen"), ("plots.method_table_bars", "reference"))},
    ("speed.blas_threads", "threads", "None"): "documented: threads=None leaves the BLAS thread count alone",
}


def cases() -> list:
    """(qualified name, parameter, value id) for every case of the sweep (allowed ones included)."""
    out = []
    for qualname, call in valid_calls().items():
        for name, (valid, default) in swept_parameters(call).items():
            for value_id in KINDS.get(kind_of(call, name, valid), {}):
                if value_id == "None" and default is None:
                    continue                 # None is the default: allowed by definition
                out.append((qualname, name, value_id))
    return out


def bad_value(qualname: str, name: str, value_id: str):
    call = valid_calls()[qualname]
    valid, _ = swept_parameters(call)[name]
    return KINDS[kind_of(call, name, valid)][value_id](valid)


def names_function(exc: InvalidParameterError, qualname: str) -> bool:
    """``exc`` names the callable of ``qualname`` (as ``validated`` fills ``exc.function``).

    A function or method must name itself, a class its constructor's check
    (``TwoLayerNet.__post_init__``). A method that builds a new object of its
    class (``replace``) may also report that class's ``__post_init__``: the
    checks of a new object live there.
    """
    parts = qualname.split(".")[1:]                  # [function], [Class] or [Class, method]
    return exc.function in {".".join(parts), parts[-1], f"{parts[0]}.__post_init__"}


def names_parameter(exc: InvalidParameterError, name: str) -> bool:
    """``exc`` is about ``name`` (or an item of it, ``curves['a']``), by attribute or by message."""
    param = str(getattr(exc, "parameter", ""))
    if param == name or param.startswith(name + "["):
        return True
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", str(exc)) is not None


def outcome(qualname: str, name: str, value_id: str) -> tuple[str, str]:
    """(verdict, the error's message) of one case of the sweep (see :func:`judge`)."""
    return judge(valid_calls()[qualname], qualname, name, bad_value(qualname, name, value_id))


def judge(call: Call, qualname: str, name: str, value) -> tuple[str, str]:
    """(verdict, the error's message) of ``call`` with ``name=value``.

    The verdict is 'ok', or why the case fails: 'accepted' (no error),
    'InvalidParameterError without the parameter', 'InvalidParameterError
    without the function', or another class such as 'ValueError (names the
    parameter)' or 'IndexError (does not name the parameter)'.
    """
    try:
        invoke(call, {name: value})
    except InvalidParameterError as exc:
        if not names_parameter(exc, name):
            return "InvalidParameterError without the parameter", str(exc)
        if qualname not in CHECKS and not names_function(exc, qualname):
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
    print(f"{len(all_cases)} cases over {len(valid_calls())} callables: {dict(tally)}")
    for (module, result), items in sorted(failures.items()):
        print(f"\n{module}: {result}: {len(items)}")
        print("   " + ", ".join(items))


if __name__ == "__main__":
    _report()
