"""Tests of the pruning figures of notebooks 03 and 05 (plots.recovery_curves and friends)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mdl_prune import network, plots, prune, train  # noqa: E402
from mdl_prune._checks import InvalidParameterError  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def pruned_digits(digits):
    net = network.TwoLayerNet.create(digits.n_features, 12, digits.n_classes, seed=0)
    dense, _ = train.fit(net, digits.X_train, digits.y_train, epochs=3, seed=0)
    return dense, prune.magnitude_prune(dense, 0.9)


@pytest.fixture(scope="module")
def fine_tune_histories(digits, pruned_digits):
    dense, pruned = pruned_digits
    out = {}
    for s in (0.5, 0.9):
        _, h = train.fit(prune.magnitude_prune(dense, s), digits.X_train, digits.y_train, epochs=2,
                         X_test=digits.X_test, y_test=digits.y_test, seed=0)
        out[f"{s:.0%}"] = h
    return out


def _snapshot(net):
    return [np.array(a) for a in (net.W1, net.b1, net.W2, net.b2, net.mask1, net.mask2)]


def _assert_same(net, snap):
    for a, b in zip(_snapshot(net), snap):
        np.testing.assert_array_equal(a, b)


def _labelled(ax):
    return bool(ax.get_xlabel()) and bool(ax.get_ylabel()) and bool(ax.get_title())


# ---------------------------------------------------------------------------- recovery_curves
def test_recovery_curves_figure(fine_tune_histories):
    before = dict(fine_tune_histories)
    fig = plots.recovery_curves(fine_tune_histories, dense_accuracy=0.97)
    assert fine_tune_histories == before and list(fine_tune_histories) == list(before)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    assert _labelled(ax)
    assert "epoch" in ax.get_xlabel() and "accuracy" in ax.get_ylabel()
    # one line per history plus the dense reference line
    assert len(ax.get_lines()) == 3
    h = fine_tune_histories["90%"]
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), h.test_accuracy)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[1].startswith("90%") and "dense network: 0.970" in labels[2]


def test_recovery_curves_without_dense_line(fine_tune_histories):
    fig = plots.recovery_curves(fine_tune_histories)
    assert len(fig.axes[0].get_lines()) == 2


def test_recovery_curves_bad_input(digits, small_net, small_data, fine_tune_histories):
    with pytest.raises(InvalidParameterError, match="histories is empty"):
        plots.recovery_curves({})
    with pytest.raises(InvalidParameterError, match=r"histories\['a'\] must be a train.History"):
        plots.recovery_curves({"a": [0.9, 0.95]})
    _, no_test = train.fit(small_net, *small_data, epochs=1)
    with pytest.raises(InvalidParameterError, match="no test accuracy"):
        plots.recovery_curves({"a": no_test})
    with pytest.raises(InvalidParameterError, match="dense_accuracy"):
        plots.recovery_curves(fine_tune_histories, dense_accuracy=97.0)


# ---------------------------------------------------------------------------- kept_weight_histograms
def test_kept_weight_histograms_figure(pruned_digits):
    dense, pruned = pruned_digits
    snaps = _snapshot(dense), _snapshot(pruned)
    thr = float(np.abs(np.concatenate([pruned.W1[pruned.mask1], pruned.W2[pruned.mask2]])).min())
    nets, thresholds = {"dense": dense, "pruned": pruned}, {"pruned": thr}
    fig = plots.kept_weight_histograms(nets, thresholds=thresholds)
    # the caller's dicts are left as they were (the function works on copies)
    assert list(nets) == ["dense", "pruned"] and nets["dense"] is dense and nets["pruned"] is pruned
    assert thresholds == {"pruned": thr} and type(thresholds["pruned"]) is float
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    assert all(_labelled(ax) for ax in fig.axes)
    # bars count exactly the kept weights: pruned zeros are not drawn
    for ax, net in zip(fig.axes, (dense, pruned)):
        heights = sum(p.get_height() for p in ax.patches)
        assert heights == net.count_parameters().weights_kept
    # the threshold is drawn as two vertical lines at +-thr on the pruned panel only
    xs = sorted(line.get_xdata()[0] for line in fig.axes[1].get_lines() if len(line.get_xdata()))
    assert xs == pytest.approx([-thr, thr])
    assert not [line for line in fig.axes[0].get_lines() if len(line.get_xdata())]
    _assert_same(dense, snaps[0])
    _assert_same(pruned, snaps[1])


def test_kept_weight_histograms_bad_input(pruned_digits, small_net):
    dense, _ = pruned_digits
    with pytest.raises(InvalidParameterError, match="nets must be a dict of label -> TwoLayerNet"):
        plots.kept_weight_histograms([dense])
    with pytest.raises(InvalidParameterError, match=r"nets\['x'\] must be a TwoLayerNet"):
        plots.kept_weight_histograms({"x": dense.W1})
    with pytest.raises(InvalidParameterError, match="not in nets"):
        plots.kept_weight_histograms({"dense": dense}, thresholds={"other": 0.1})
    with pytest.raises(InvalidParameterError, match=r"thresholds\['dense'\]"):
        plots.kept_weight_histograms({"dense": dense}, thresholds={"dense": -0.1})
    with pytest.raises(InvalidParameterError, match="bins"):
        plots.kept_weight_histograms({"dense": dense}, bins=1)
    with pytest.raises(InvalidParameterError, match="nothing to draw"):
        plots.kept_weight_histograms({"empty": prune.magnitude_prune(small_net, 1.0)})


# ---------------------------------------------------------------------------- layer_weight_histograms
def test_layer_weight_histograms_one_row_per_layer(pruned_digits):
    dense, pruned = pruned_digits
    snap = _snapshot(pruned)
    fig = plots.layer_weight_histograms({"dense": dense, "pruned": pruned}, thresholds={"pruned": 0.1})
    assert len(fig.axes) == 4 and not any(ax.get_legend() for ax in fig.axes)   # legend below
    assert len(fig.legends) == 1
    for ax, (net, layer) in zip(fig.axes, [(dense, "W1"), (pruned, "W1"), (dense, "W2"), (pruned, "W2")]):
        mask = net.mask1 if layer == "W1" else net.mask2
        assert sum(p.get_height() for p in ax.patches) == mask.sum()     # kept weights only
        assert f"{layer}: {int(mask.sum())} of {mask.size} kept" in ax.get_title()
    assert len(fig.axes[1].get_lines()) == 2 and not fig.axes[0].get_lines()
    _assert_same(pruned, snap)


def test_layer_weight_histograms_bad_input(pruned_digits, small_net):
    dense, _ = pruned_digits
    with pytest.raises(InvalidParameterError, match="not in nets"):
        plots.layer_weight_histograms({"dense": dense}, thresholds={"other": 0.1})
    with pytest.raises(InvalidParameterError, match="nothing to draw"):
        plots.layer_weight_histograms({"empty": prune.magnitude_prune(small_net, 1.0)})


# ---------------------------------------------------------------------------- mask_heatmaps
def test_mask_heatmaps_figure(pruned_digits):
    _, pruned = pruned_digits
    snap = _snapshot(pruned)
    fig = plots.mask_heatmaps(pruned)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    assert all(_labelled(ax) for ax in fig.axes)
    img1 = fig.axes[0].get_images()[0].get_array()
    img2 = fig.axes[1].get_images()[0].get_array()
    np.testing.assert_array_equal(np.asarray(img1), pruned.mask1.T)
    np.testing.assert_array_equal(np.asarray(img2), pruned.mask2.T)
    assert f"{int(pruned.mask1.sum())}/{pruned.mask1.size} kept" in fig.axes[0].get_title()
    _assert_same(pruned, snap)


def test_mask_heatmaps_bad_input():
    with pytest.raises(InvalidParameterError, match="net must be a TwoLayerNet"):
        plots.mask_heatmaps(np.ones((3, 3), bool))


# ---------------------------------------------------------------------------- receptive_masks
def test_receptive_masks_one_axes_per_unit(pruned_digits):
    _, pruned = pruned_digits
    snap = _snapshot(pruned)
    fig = plots.receptive_masks(pruned, (8, 8), n_cols=5)      # 12 units: 3 rows, 3 cells removed
    assert isinstance(fig, Figure)
    assert len(fig.axes) == pruned.n_hidden + 1                # the panels, then the colour bar
    assert "excites" in fig.axes[-1].get_ylabel()
    no_in, no_out = pruned.dead_units()
    for h, ax in enumerate(fig.axes[:-1]):
        title = ax.get_title()
        assert title.startswith(f"h{h}: {int(pruned.mask1[:, h].sum())}")
        kind = {(True, False): ", no in", (False, True): ", no out", (True, True): ", no in/out"}
        assert title.endswith(kind.get((bool(no_in[h]), bool(no_out[h])), f": {int(pruned.mask1[:, h].sum())}"))
        image = ax.get_images()[0].get_array()
        np.testing.assert_array_equal(np.ma.getmaskarray(image), ~pruned.mask1[:, h].reshape(8, 8))
    assert fig._suptitle is not None and fig._suptitle.get_text()
    _assert_same(pruned, snap)


def test_receptive_masks_bad_input(pruned_digits, small_net):
    _, pruned = pruned_digits
    with pytest.raises(InvalidParameterError, match="holds 16 pixels"):
        plots.receptive_masks(pruned, (4, 4))
    with pytest.raises(InvalidParameterError, match="image_shape must be 2-D"):
        plots.receptive_masks(pruned, (64,))
    with pytest.raises(InvalidParameterError, match="n_cols"):
        plots.receptive_masks(pruned, (8, 8), n_cols=0)
    with pytest.raises(InvalidParameterError, match="n_cols"):
        plots.receptive_masks(pruned, (8, 8), n_cols=2.5)
    with pytest.raises(InvalidParameterError, match="net must be a TwoLayerNet"):
        plots.receptive_masks("net")


# ---------------------------------------------------------------------------- pixel_usage_map
def test_pixel_usage_map_figure(pruned_digits):
    _, pruned = pruned_digits
    snap = _snapshot(pruned)
    fig = plots.pixel_usage_map(pruned, (8, 8))
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2                     # the image and its colour bar
    ax = fig.axes[0]
    assert _labelled(ax)
    usage = np.asarray(ax.get_images()[0].get_array())
    np.testing.assert_array_equal(usage, pruned.mask1.sum(axis=1).reshape(8, 8))
    assert f"{int((usage == 0).sum())} pixels unused, at most {usage.max()} units" in ax.get_title()
    assert fig.axes[0].get_images()[0].get_clim() == (-0.5, usage.max() + 0.5)   # scaled to the data
    _assert_same(pruned, snap)


def test_pixel_usage_map_bad_input(pruned_digits):
    _, pruned = pruned_digits
    with pytest.raises(InvalidParameterError, match="image_shape must be 2-D"):
        plots.pixel_usage_map(pruned, (4, 4, 4))
    with pytest.raises(InvalidParameterError, match="pixels"):
        plots.pixel_usage_map(pruned, (7, 7))
