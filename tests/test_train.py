"""Training: results, masks respected, revival when momentum is not masked, determinism, bad input."""

import numpy as np
import pytest

from mdl_prune import network, prune, train
from mdl_prune._checks import InvalidParameterError


def test_fit_returns_new_net_and_leaves_input_untouched(small_net, small_data):
    X, y = small_data
    X_before, y_before = X.copy(), y.copy()
    W1_before = np.array(small_net.W1)
    trained, hist = train.fit(small_net, X, y, epochs=3, seed=0)
    assert trained is not small_net
    assert np.array_equal(small_net.W1, W1_before)
    assert np.array_equal(X, X_before) and np.array_equal(y, y_before)
    assert not np.array_equal(trained.W1, W1_before)
    assert len(hist.loss) == 4 and hist.test_accuracy is None


def test_same_seed_gives_bitwise_same_result(digits):
    net = network.TwoLayerNet.create(64, 16, 10, seed=0)
    a, ha = train.fit(net, digits.X_train, digits.y_train, epochs=2, seed=3)
    b, hb = train.fit(net, digits.X_train, digits.y_train, epochs=2, seed=3)
    c, _ = train.fit(net, digits.X_train, digits.y_train, epochs=2, seed=4)
    for k in ("W1", "b1", "W2", "b2"):
        assert np.array_equal(getattr(a, k), getattr(b, k))
    assert ha.loss == hb.loss
    assert not np.array_equal(a.W1, c.W1)


def test_generator_seed_is_accepted(small_net, small_data):
    X, y = small_data
    a, _ = train.fit(small_net, X, y, epochs=2, seed=np.random.default_rng(7))
    b, _ = train.fit(small_net, X, y, epochs=2, seed=7)
    assert np.array_equal(a.W1, b.W1)


def test_blobs_reach_high_test_accuracy(blobs):
    net = network.TwoLayerNet.create(blobs.n_features, 50, blobs.n_classes, seed=0)
    trained, hist = train.fit(net, blobs.X_train, blobs.y_train, X_test=blobs.X_test,
                              y_test=blobs.y_test, seed=0)
    assert trained.accuracy(blobs.X_test, blobs.y_test) >= 0.95
    assert hist.test_accuracy[-1] == trained.accuracy(blobs.X_test, blobs.y_test)


def test_digits_defaults_reach_97_percent(digits):
    net = network.TwoLayerNet.create(64, 64, 10, seed=0)
    trained, hist = train.fit(net, digits.X_train, digits.y_train, seed=0)
    assert trained.accuracy(digits.X_test, digits.y_test) >= 0.97
    assert hist.loss[-1] < 0.1 * hist.loss[0]


def test_pruned_weights_stay_exactly_zero_through_fine_tuning(trained_digits_net, digits):
    # Dense training leaves momentum everywhere; carry it into fine-tuning.
    net = network.TwoLayerNet.create(64, 32, 10, seed=0)
    dense, hist = train.fit(net, digits.X_train, digits.y_train, epochs=3, seed=0)
    pruned = prune.magnitude_prune(dense, 0.8)
    tuned, th = train.fit(pruned, digits.X_train, digits.y_train, epochs=3, seed=0,
                          velocity=hist.velocity, momentum=0.95)
    assert np.array_equal(tuned.mask1, pruned.mask1) and np.array_equal(tuned.mask2, pruned.mask2)
    assert np.all(tuned.W1[~pruned.mask1] == 0) and np.all(tuned.W2[~pruned.mask2] == 0)
    assert set(th.revived) == {0}
    assert tuned.sparsity == pruned.sparsity


def test_masking_only_the_gradient_lets_pruned_weights_revive(digits):
    net = network.TwoLayerNet.create(64, 32, 10, seed=0)
    dense, hist = train.fit(net, digits.X_train, digits.y_train, epochs=3, seed=0)
    pruned = prune.magnitude_prune(dense, 0.8)
    revived, rh = train.fit(pruned, digits.X_train, digits.y_train, epochs=1, seed=0,
                            velocity=hist.velocity, mask_momentum=False)
    assert rh.revived[-1] > 0
    assert revived.sparsity < pruned.sparsity            # the mask grew back
    assert np.all(revived.mask1 | ~pruned.mask1)         # ...and only grew


def test_weight_decay_shrinks_weights(small_net, small_data):
    X, y = small_data
    plain, _ = train.fit(small_net, X, y, epochs=20, seed=0, weight_decay=0.0)
    decayed, _ = train.fit(small_net, X, y, epochs=20, seed=0, weight_decay=0.1)
    assert np.linalg.norm(decayed.W1) < np.linalg.norm(plain.W1)


@pytest.mark.parametrize("kwargs, err, match", [
    ({"epochs": 0}, ValueError, "epochs"),
    ({"epochs": 2.5}, TypeError, "epochs"),
    ({"lr": 0.0}, ValueError, "lr"),
    ({"lr": -0.1}, ValueError, "lr"),
    ({"lr": float("nan")}, ValueError, "lr"),
    ({"momentum": 1.0}, ValueError, "momentum"),
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"weight_decay": -1e-3}, ValueError, "weight_decay"),
    ({"seed": None}, TypeError, "seed"),
    ({"X_test": np.zeros((2, 5))}, ValueError, "X_test and y_test"),
    ({"X_test": np.zeros((2, 4)), "y_test": [0, 1]}, ValueError, "features"),
    ({"mask_momentum": "no"}, TypeError, "mask_momentum"),
    ({"velocity": {"W1": 0}}, TypeError, "velocity"),
    ({"velocity": train.Velocity(np.zeros((5, 7)), np.zeros(7), np.zeros((7, 2)), np.zeros(3))},
     ValueError, r"velocity.W2 has shape \(7, 2\), the network needs \(7, 3\)"),
])
def test_fit_refuses_bad_arguments(small_net, small_data, kwargs, err, match):
    X, y = small_data
    with pytest.raises(err, match=match) as caught:
        train.fit(small_net, X, y, **kwargs)
    assert isinstance(caught.value, InvalidParameterError) and str(caught.value).startswith("fit(): ")


@pytest.mark.parametrize("X, y, err, match", [
    (np.full((4, 5), np.nan), [0, 1, 2, 0], ValueError, "NaN"),
    (np.zeros((4, 5)), [0, 1, 2], ValueError, "match"),
    (np.zeros((0, 5)), [], ValueError, "empty"),
    (np.zeros((4, 5)), [0, 1, 2, 7], ValueError, "labels"),
])
def test_fit_refuses_bad_data(small_net, X, y, err, match):
    with pytest.raises(InvalidParameterError, match=match) as caught:
        train.fit(small_net, X, y)
    assert isinstance(caught.value, err) and str(caught.value).startswith("fit(): ")


def test_fit_refuses_non_network(small_data):
    X, y = small_data
    with pytest.raises(TypeError, match="TwoLayerNet"):
        train.fit("net", X, y)


def test_fit_asks_for_one_blas_thread_while_training_and_restores_the_count(small_net, small_data,
                                                                           monkeypatch):
    # fit limits BLAS to one thread (speed on busy machines) and gives the caller's count back.
    # Reading the thread count would pass vacuously under OPENBLAS_NUM_THREADS=1 (the Makefile
    # sets it), so spy on what fit asks of the BLAS libraries its thread-pool controller holds.
    libraries = [lib for lib in train._BLAS.lib_controllers if lib.user_api == "blas"]
    if not libraries:
        pytest.skip("threadpoolctl finds no BLAS library in this NumPy")
    before = {id(lib): lib.num_threads for lib in libraries}
    events = []                             # ("set", library, threads) and ("forward",) in order
    for lib in libraries:
        def set_spy(n, lib=lib, real=lib.set_num_threads):
            events.append(("set", id(lib), n))
            return real(n)
        monkeypatch.setattr(lib, "set_num_threads", set_spy)

    def forward_spy(*args):
        events.append(("forward",))
        return network.forward_pass(*args)

    monkeypatch.setattr(train, "forward_pass", forward_spy)
    X, y = small_data
    train.fit(small_net, X, y, epochs=2, batch_size=4)
    forwards = [i for i, e in enumerate(events) if e == ("forward",)]
    assert len(forwards) == 2 * 3 + 3       # 3 steps per epoch, 3 evaluations
    asked_before = {e[1]: e[2] for e in events[:forwards[0]]}
    asked_after = {e[1]: e[2] for e in events[forwards[-1]:] if e[0] == "set"}
    assert asked_before == {k: 1 for k in before}           # one thread, asked before training
    assert all(e == ("forward",) for e in events[forwards[0]:forwards[-1]])   # ...and kept
    assert asked_after == before                            # the caller's count given back


def test_revival_step_differs_from_the_lesson_only_in_the_velocity_mask(small_net, small_data):
    # One step from a velocity that is nonzero at pruned weights: the lesson's step keeps them at
    # zero, the revival step moves them by exactly that velocity (times momentum, minus no gradient).
    X, y = small_data
    pruned = prune.magnitude_prune(small_net, 0.5)
    masks = train._mask_factors(pruned)
    start = [np.full(np.shape(getattr(pruned, k)), 0.01) for k in ("W1", "b1", "W2", "b2")]
    after = {}
    for step in (train._sgd_step, train._revival_step):
        params = [np.array(getattr(pruned, k)) for k in ("W1", "b1", "W2", "b2")]
        velocity = [v.copy() for v in start]
        step(params, velocity, masks, X, y, 0.05, 0.9, 0.0)
        after[step.__name__] = params
    lesson, revival = after["_sgd_step"], after["_revival_step"]
    assert np.all(lesson[0][~pruned.mask1] == 0) and np.all(lesson[2][~pruned.mask2] == 0)
    assert np.all(revival[0][~pruned.mask1] == 0.9 * 0.01)
    for a, b in zip(lesson, revival):          # kept weights and biases: the same update
        kept = a != 0
        np.testing.assert_array_equal(a[kept], b[kept])
