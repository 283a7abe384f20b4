"""Every public callable refuses each bad argument by name (issue "checks that can fail").

The sweep goes one parameter at a time over every public function, class and
public method (``mdl_prune.__all__`` -> each module's ``__all__``, and the
methods of the public classes): the other arguments stay those of a valid
call, one argument gets a bad value of its kind (wrong type, None, NaN, -1,
out of range, empty, wrong shape, unknown choice), and the call must raise
``InvalidParameterError`` (not a bare ValueError/TypeError, not an IndexError
from NumPy, not silence) whose message names the parameter and the function.

The tables: ``tests/bad_input_calls.py`` holds one valid call per public
callable (on tiny data); ``tests/bad_input_cases.py`` the kinds of parameters
and their bad values, the exemptions and the allowed values (each with its
reason) and the judge. ``PYTHONPATH=src python tests/bad_input_cases.py``
prints the failing cases by module and reason. Targeted tests follow the sweep (values unchanged, messages that
say more than the parameter's name).
"""

import math

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import bad_input_cases as tables  # noqa: E402
from mdl_prune import mdl, network, noisy, plots  # noqa: E402
from mdl_prune._checks import InvalidParameterError  # noqa: E402

PUBLIC = tables.public_callables()
CASES = tables.cases()
SWEPT = [case for case in CASES if case not in tables.ALLOWED]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def valid_calls():
    """One valid call per public callable, on the tiny objects of bad_input_calls.context()."""
    return tables.valid_calls()


# ---------------------------------------------------------------- the tables cover the API
def _takes_arguments(obj) -> bool:
    return bool(tables.user_parameters(obj))


def test_every_public_callable_has_a_valid_call_or_an_exemption(valid_calls):
    # A new public function (or method, or renamed one) cannot escape the sweep.
    missing = [q for q, obj in PUBLIC.items()
               if _takes_arguments(obj) and q not in valid_calls and q not in tables.EXEMPT]
    assert not missing, f"add a valid call to tests/bad_input_calls.py (or an EXEMPT reason) for {missing}"


def test_tables_name_only_public_api(valid_calls):
    # A stale entry (renamed or removed name) must not silently widen the sweep's holes.
    assert set(valid_calls) <= set(PUBLIC), set(valid_calls) - set(PUBLIC)
    assert set(tables.EXEMPT) <= set(PUBLIC), set(tables.EXEMPT) - set(PUBLIC)
    assert not set(tables.EXEMPT) & set(valid_calls)
    assert set(tables.ALLOWED) <= set(CASES), set(tables.ALLOWED) - set(CASES)
    assert set(tables.CHECKS) <= set(valid_calls), set(tables.CHECKS) - set(valid_calls)


@pytest.mark.parametrize("qualname", sorted(tables.valid_calls()))
def test_valid_call_is_the_public_callable_and_runs(qualname, valid_calls):
    # The sweep proves nothing if its valid call fails for another reason.
    call = valid_calls[qualname]
    public = PUBLIC[qualname]
    assert getattr(call.fn, "__func__", call.fn) is getattr(public, "__func__", public)
    signature = {p.name for p in tables.user_parameters(call.fn)}
    takes_kwargs = any(p.kind is p.VAR_KEYWORD for p in tables.user_parameters(call.fn))
    assert takes_kwargs or set(call.values) <= signature, set(call.values) - signature
    tables.invoke(call)


def test_every_swept_parameter_has_a_kind(valid_calls):
    unknown = [(q, name) for q, call in valid_calls.items()
               for name, (valid, _) in tables.swept_parameters(call).items()
               if tables.kind_of(call, name, valid) not in tables.KINDS]
    assert not unknown, f"name these parameters in NAME_KINDS or the call's kinds: {unknown}"


def test_sweep_size():
    # Print the count (pytest -s); a sweep that shrinks unnoticed tests less.
    n_callables = len(tables.valid_calls())
    print(f"\nbad-input sweep: {len(CASES)} cases over {n_callables} callables "
          f"({len(tables.ALLOWED)} allowed, {len(tables.EXEMPT)} callables exempt)")
    assert n_callables >= 125
    assert len(SWEPT) >= 2300


# ---------------------------------------------------------------- the sweep
@pytest.mark.parametrize("qualname,parameter,value_id", SWEPT, ids=[f"{q}-{p}={v}" for q, p, v in SWEPT])
def test_bad_argument_is_refused_by_name(qualname, parameter, value_id):
    verdict, message = tables.outcome(qualname, parameter, value_id)
    if verdict != "ok":             # no traceback: the verdict and the message say it all
        pytest.fail(f"{qualname}({parameter}=<{value_id}>): {verdict}" + (f": {message}" if message else ""),
                    pytrace=False)


def test_outcome_sees_each_kind_of_failure():
    # The sweep's judge must be able to fail: silence, a bare ValueError, an error naming
    # another parameter, and one without the function are all told apart from "ok".
    def quiet(x):
        return x

    def bare(x):
        raise ValueError("something is wrong")

    def other(x):
        raise InvalidParameterError("y", "an integer", "str 'a'", function="other")

    def anonymous(x):
        raise InvalidParameterError("x", "an integer", "str 'a'")

    def inner_named(x):             # a public function reporting the public function it calls
        raise InvalidParameterError("x", "an integer", "str 'a'", function="helper")

    def good(x):
        raise InvalidParameterError("x", "an integer", "str 'a'", function="good")

    fns = (quiet, bare, other, anonymous, inner_named, good)
    verdicts = {fn.__name__: tables.judge(tables.Call(fn, {"x": 1}), "test." + fn.__name__, "x", "bad")[0]
                for fn in fns}
    assert verdicts == {"quiet": "accepted", "bare": "ValueError (does not name the parameter)",
                        "other": "InvalidParameterError without the parameter",
                        "anonymous": "InvalidParameterError without the function",
                        "inner_named": "InvalidParameterError without the function", "good": "ok"}


def test_a_method_may_report_its_class_constructor():
    # net.replace(W1=...) builds a new TwoLayerNet, whose __post_init__ does the checking.
    exc = InvalidParameterError("W1", "a 2-D array", "str 'a'", function="TwoLayerNet.__post_init__")
    assert tables.names_function(exc, "network.TwoLayerNet.replace")
    assert tables.names_function(exc, "network.TwoLayerNet")
    assert not tables.names_function(exc, "noisy.NoisyNet.replace")


def test_item_of_a_mapping_counts_as_its_parameter():
    exc = InvalidParameterError("curves['a']", "a pair", "float 0.9", function="accuracy_vs_sparsity")
    assert tables.names_parameter(exc, "curves")
    assert not tables.names_parameter(exc, "curve")


def test_allowed_values_are_accepted():
    # An ALLOWED entry whose value is now refused is stale: drop it so the sweep checks the case.
    refused = []
    for qualname, parameter, value_id in tables.ALLOWED:
        call = tables.valid_calls()[qualname]
        try:
            tables.invoke(call, {parameter: tables.bad_value(qualname, parameter, value_id)})
        except Exception as exc:  # noqa: BLE001
            refused.append(f"{qualname}({parameter}=<{value_id}>): {type(exc).__name__}: {exc}")
        plt.close("all")
    assert not refused, "\n".join(refused)


# ---------------------------------------------------------------- network
def test_softmax_still_accepts_lists_and_ints():
    p = network.softmax([[0, 0], [1, 1]])
    np.testing.assert_allclose(p, 0.5)
    np.testing.assert_allclose(network.log_softmax(np.array([[0.0, 0.0]])), np.log(0.5))


def test_backward_pass_agrees_with_its_checked_entry_point(small_net, small_data):
    # backward_pass is exempt from the sweep (see EXEMPT); TwoLayerNet.gradients checks for it.
    X, y = small_data
    hidden, logits = network.forward_pass(X, small_net.W1, small_net.b1, small_net.W2, small_net.b2)
    loss, grads = network.backward_pass(X, y, np.asarray(small_net.W2), hidden, logits)
    checked_loss, checked = small_net.gradients(X, y)
    assert loss == pytest.approx(small_net.loss(X, y)) == pytest.approx(checked_loss)
    np.testing.assert_allclose(checked.W1, grads[0] * small_net.mask1)


# ---------------------------------------------------------------- mdl
def test_log2_binomial_refuses_k_above_n():
    with pytest.raises(InvalidParameterError, match="k <= n"):
        mdl.log2_binomial(5, 6)


def test_log2_binomial_value_unchanged():
    assert mdl.log2_binomial(np.int64(10), 3) == pytest.approx(math.log2(120))
    assert mdl.log2_binomial(7, 0) == 0.0


# ---------------------------------------------------------------- noisy
@pytest.mark.parametrize("position,name", list(enumerate(["mu_q", "sigma_q", "mu_p", "sigma_p"])))
def test_kl_gaussian_refuses_an_array_with_inf(position, name):
    args = [0.0, 1.0, 0.0, 1.0]
    args[position] = [1.0, math.inf]
    with pytest.raises(InvalidParameterError, match=name):
        noisy.kl_gaussian(*args)


def test_kl_gaussian_value_unchanged():
    # KL(N(1, 1) || N(0, 1)) = 1/2 nats.
    assert float(noisy.kl_gaussian(1.0, 1.0, 0.0, 1.0)) == pytest.approx(0.5)


def test_logistic_moments_value_unchanged():
    mean, var = noisy.logistic_moments(0.0, 1.0)
    assert float(mean) == pytest.approx(0.5)        # logistic(z) - 1/2 is odd, z symmetric
    assert 0.0 < float(var) < 0.25


@pytest.fixture(scope="module")
def det_params():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((20, 3))
    d = X[:, 0] - X[:, 1]
    return noisy.fit_deterministic(X, d, n_hidden=2, steps=5, seed=0), X


def test_deterministic_predict_refuses_mismatched_shapes(det_params):
    (W1, b1, W2, b2), X = det_params
    with pytest.raises(InvalidParameterError, match="params must be"):
        noisy.deterministic_predict((W1, b1[:-1], W2, b2), X)
    with pytest.raises(InvalidParameterError, match="params\\[0\\]"):
        noisy.deterministic_predict((W1 * np.nan, b1, W2, b2), X)
    with pytest.raises(InvalidParameterError, match="X has"):
        noisy.deterministic_predict((W1, b1, W2, b2), X[:, :2])


def test_deterministic_predict_value_unchanged(det_params):
    (W1, b1, W2, b2), X = det_params
    h = 1.0 / (1.0 + np.exp(-(X @ W1 + b1)))
    np.testing.assert_allclose(noisy.deterministic_predict((W1, b1, W2, b2), X), (h @ W2 + b2)[:, 0])
    np.testing.assert_allclose(noisy.deterministic_predict([W1, b1, W2, b2], list(map(list, X))),
                               (h @ W2 + b2)[:, 0])


@pytest.mark.parametrize("weight_decays", ["0.1", 1.0])
def test_paper_experiment_refuses_weight_decays_not_a_sequence(weight_decays):
    with pytest.raises(InvalidParameterError, match="weight_decays"):
        noisy.paper_experiment(weight_decays=weight_decays)


# ---------------------------------------------------------------- plots taking dicts: the wording
MAPPING_PLOTS = [
    (plots.training_curves, "histories", ()),
    (plots.accuracy_by_seed, "results", ()),
    (plots.accuracy_vs_sparsity, "curves", ()),
    (plots.weight_histogram, "weights", ()),
    (plots.schedule_plot, "schedules", ()),
    (plots.summary_bars, "summaries", ()),
    (plots.bits_vs_accuracy, "points", ()),
    (plots.speedup_curves, "sweeps", ()),
    (plots.method_table_bars, "results", ()),
    (plots.structured_vs_unstructured, "curves", ([4, 8],)),
    (plots.bits_back_picture, "posteriors", (0.0, 1.0)),
]


@pytest.mark.parametrize("fn,name,before", MAPPING_PLOTS, ids=[f.__name__ for f, _, _ in MAPPING_PLOTS])
@pytest.mark.parametrize("bad", ["bad", [("a", 1)]])
def test_plot_says_a_dict_is_wanted(fn, name, before, bad):
    with pytest.raises(InvalidParameterError, match=f"{name} must be a dict of label -> "):
        fn(*before, bad)


@pytest.mark.parametrize("fn,name,before", MAPPING_PLOTS, ids=[f.__name__ for f, _, _ in MAPPING_PLOTS])
def test_plot_says_the_dict_is_empty(fn, name, before):
    with pytest.raises(InvalidParameterError, match=f"{name} is empty"):
        fn(*before, {})


@pytest.mark.parametrize("fn,name,item", [
    (plots.training_curves, "histories", "not a history"),
    (plots.summary_bars, "summaries", 0.9),
    (plots.speedup_curves, "sweeps", [1, 2]),
    (plots.accuracy_vs_sparsity, "curves", 0.9),
    (plots.bits_vs_accuracy, "points", "ab"),
    (plots.bits_back_picture, "posteriors", 3.0),
])
def test_plot_names_the_bad_dict_item(fn, name, item):
    before = (0.0, 1.0) if fn is plots.bits_back_picture else ()
    with pytest.raises(InvalidParameterError, match=rf"{name}\['a'\]"):
        fn(*before, {"a": item})


def test_bits_back_picture_refuses_a_posterior_without_spread():
    with pytest.raises(InvalidParameterError, match=r"posteriors\['Q'\] sd"):
        plots.bits_back_picture(0.0, 1.0, {"Q": (0.0, 0.0)})


@pytest.mark.parametrize("bad", [[4, -1], [[4, 8]]])
def test_structured_vs_unstructured_refuses_bad_units_kept(bad):
    with pytest.raises(InvalidParameterError, match="units_kept"):
        plots.structured_vs_unstructured(bad, {"units": ([0.9, 0.8], [0.95, 0.9])})


def test_weight_histogram_refuses_bad_thresholds():
    w = {"W1": np.linspace(-1, 1, 50)}
    with pytest.raises(InvalidParameterError, match="thresholds must be a dict"):
        plots.weight_histogram(w, thresholds=0.1)
    with pytest.raises(InvalidParameterError, match=r"thresholds\['t'\]"):
        plots.weight_histogram(w, thresholds={"t": -0.1})
