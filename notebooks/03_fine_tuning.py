# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Fine-tuning: retraining the survivors, and keeping pruned weights pruned
#
# Notebook 02 pruned a trained network once and measured it **without retraining**: at high sparsity the accuracy falls, because the weights that survived were tuned to work together with the ones that were removed. The usual remedy (Han et al. 2015) is to keep the mask fixed and train the survivors a little longer. This notebook shows:
#
# 1. **recovery curves**: test accuracy against fine-tuning epoch at several sparsities, on the digits (64 hidden units) and briefly on the Gaussian blobs, and why some losses cannot be recovered;
# 2. **weight revival**: when a training loop masks the *gradient* of pruned weights but not the optimizer's *momentum*, every pruned weight comes back, and the network quietly becomes dense again; masking both prevents it. This is the hole left open by the way the notebook this series started from handled its masks, and the reason PyTorch keeps its masks the way it does;
# 3. **re-run safety**: running the fine-tuning cell twice gives the same numbers (the original notebook trained further on every re-run).

# %%
# Setup: in Colab, install the package first; elsewhere this cell does nothing.
import sys
if "google.colab" in sys.modules:
    # %pip install --quiet "mdl_prune @ git+https://github.com/mdl-prune/mdl_prune.git"

# %% [markdown]
# **Parameters.** The knobs of this notebook. Change them and run the notebook again from the top (*Run → Run All Cells*).

# %% tags=["parameters"]
SEED = 0                  # integer >= 0: initial weights, minibatch order and the digits split
HIDDEN = 64               # hidden units for the digits network (integer >= 1)
DENSE_EPOCHS = 40         # epochs of dense training before pruning (integer >= 1)
FINETUNE_EPOCHS = 20      # epochs of fine-tuning after pruning (integer >= 1)
FINETUNE_LR = 0.05        # peak learning rate of fine-tuning (> 0), decayed along a cosine to zero
MOMENTUM = 0.9            # SGD momentum, in [0, 1)
BATCH_SIZE = 32           # minibatch size (integer >= 1)
SPARSITIES = (0.5, 0.8, 0.9, 0.95, 0.98)   # fractions of weights pruned, each in [0, 1]
N_SEEDS = 3               # seeds for the mean and spread at 90% and 95%
                          # (integer >= 2; 5 is steadier but slower)
BLOBS_HIDDEN = 50         # hidden units for the blobs network (integer >= 1)
BLOBS_SPARSITIES = (0.9, 0.95, 0.98)       # fractions pruned on the blobs, each in [0, 1]
BLOBS_FINETUNE_EPOCHS = 10                 # fine-tuning epochs on the blobs (integer >= 1)
REVIVAL_SPARSITY = 0.9    # sparsity of the weight-revival demonstration, in (0, 1)

# %%
import numpy as np

from mdl_prune import data, network, plots, prune, sparsity, train

# %% [markdown]
# ## 1. The dense network
#
# The same digits network as in notebooks 01 and 02: 64 inputs (8×8 pixels), `HIDDEN` ReLU units, 10 classes, trained with minibatch SGD and momentum. We keep its training history: `dense_history.velocity` holds the optimizer's momentum buffers at the end of training, which section 4 needs.

# %%
digits = data.load_digits(seed=SEED)
dense, dense_history = train.fit(
    network.TwoLayerNet.create(digits.n_features, HIDDEN, digits.n_classes, seed=SEED),
    digits.X_train, digits.y_train, epochs=DENSE_EPOCHS, momentum=MOMENTUM, batch_size=BATCH_SIZE,
    X_test=digits.X_test, y_test=digits.y_test, seed=SEED)
dense_acc = dense.accuracy(digits.X_test, digits.y_test)
lines = []   # printed in one piece at the end of the cell
lines.append(str(dense))
lines.append(f"dense test accuracy: {dense_acc:.3f}")
print("\n".join(lines))


# %% [markdown]
# ## 2. Prune once, then retrain the survivors
#
# **Fine-tuning** is ordinary training of the pruned network with its masks held fixed. `train.fit` multiplies both the gradient and the momentum buffer of every weight by its mask at every step, so a pruned weight stays exactly zero; the returned network has the same masks as the one passed in (checked below with `assert`). Fine-tuning starts with a fresh optimizer (zero momentum) and its own cosine learning-rate schedule.
#
# The helper `fine_tune` only fixes the data and knobs of this notebook; the training is `train.fit`.

# %%
def fine_tune(net, epochs=FINETUNE_EPOCHS, **options):
    """Retrain `net` on the digits with its masks fixed; returns (new network, history)."""
    return train.fit(
        net,
        digits.X_train,
        digits.y_train,
        epochs=epochs,
        lr=FINETUNE_LR,
        momentum=MOMENTUM,
        batch_size=BATCH_SIZE,
        X_test=digits.X_test,
        y_test=digits.y_test,
        seed=SEED,
        **options,
    )


pruned = {s: prune.magnitude_prune(dense, s) for s in SPARSITIES}
runs = {s: fine_tune(net) for s, net in pruned.items()}

lines = []   # printed in one piece at the end of the cell
lines.append(
    f"dense network: {dense_acc:.3f} test accuracy, "
    f"{dense.count_parameters().weights_total} weights\n"
)
lines.append(
    f"{'sparsity':>8} {'weights kept':>12} {'one-shot':>9} "
    f"{'1 epoch':>8} {'fine-tuned':>10} {'vs dense':>12}"
    f" {'loss won back in epoch 1':>25}"
)
for s, (net, hist) in runs.items():
    # the masks did not change and no pruned weight came back
    assert np.array_equal(net.mask1, pruned[s].mask1) and np.array_equal(net.mask2, pruned[s].mask2)
    assert hist.revived[-1] == 0
    acc = hist.test_accuracy
    lost = dense_acc - acc[0]
    won = f"{(acc[1] - acc[0]) / lost:.0%}" if lost >= 0.01 else "(lost < 1 point)"
    lines.append(
        f"{s:>8.0%} {net.count_parameters().weights_kept:>12d} {acc[0]:>9.3f} {acc[1]:>8.3f} "
        f"{acc[-1]:>10.3f} {100 * (acc[-1] - dense_acc):>+7.1f} points {won:>25}"
    )
print("\n".join(lines))

# %% [markdown]
# Columns: *one-shot* is the pruned network before any retraining (notebook 02's measurement), *1 epoch* after one pass of fine-tuning, *fine-tuned* after `FINETUNE_EPOCHS`; then the change against the dense network in percentage points, and the share of the one-shot loss that the first epoch alone won back. The curves show the same runs epoch by epoch; epoch 0 is the one-shot accuracy.

# %%
fig = plots.recovery_curves(
    {f"{s:.0%} pruned": hist for s, (_, hist) in runs.items()},
    dense_accuracy=dense_acc,
    title=f"Digits, {HIDDEN} hidden units: fine-tuning after one-shot magnitude pruning",
)

# %% [markdown]
# **Try it.** Readers in a browser see the static figure above; in Jupyter, Colab or Binder, move the sliders and press *Draw* to redraw it for other values. The function behind the sliders only reads the networks computed above, so turning them changes nothing else in the notebook.
#
# The sliders appear when the cell below runs (after reopening a saved notebook, run the cell again).

# %%
# NBVAL_IGNORE_OUTPUT
from ipywidgets import FloatSlider, IntSlider

from mdl_prune.widgets import SliderFigure


def show_recovery(sparsity, epochs):
    """Prune the dense network to `sparsity`, fine-tune for `epochs`: a line and the curve."""
    net, hist = fine_tune(prune.magnitude_prune(dense, sparsity), epochs=epochs)
    text = (f"{sparsity:.0%} pruned: {hist.test_accuracy[0]:.3f} one-shot -> "
            f"{hist.test_accuracy[-1]:.3f} after {epochs} epochs (dense {dense_acc:.3f}); "
            f"{net.count_parameters().weights_kept} weights kept")
    fig = plots.recovery_curves({f"{sparsity:.0%} pruned": hist}, dense_accuracy=dense_acc,
                                title=f"Fine-tuning after pruning {sparsity:.0%} of the weights")
    return text, fig


SliderFigure(show_recovery, {
    "sparsity": FloatSlider(value=0.9, min=0.0, max=1.0, step=0.01, readout_format=".2f",
                            description="sparsity"),
    "epochs": IntSlider(value=FINETUNE_EPOCHS, min=1, max=60, description="epochs")})

# %% [markdown]
# What the table and the curves say (with the default knobs):
#
# * At low sparsity there is little to recover: the one-shot network is already close to the dense one, and fine-tuning can even end slightly above it (the extra epochs of training count too, not only the pruning).
# * Where one-shot pruning loses a lot (90% and 95% here), the **first epoch** of fine-tuning wins back most of it (last column); the remaining epochs add a few more points, ever more slowly.
# * At the highest sparsity a large gap remains, and the curve creeps up slowly: with so few weights kept, the survivors cannot represent what the dense network did. Fine-tuning only moves weights that still exist.
#
# ### Is one seed representative? Several seeds at 90% and 95%
#
# A single run can be lucky. Below, `N_SEEDS` dense networks (different initial weights and minibatch order, same data split) are each pruned to 90% and 95% and fine-tuned; we report the change in test accuracy against *each network's own* dense accuracy, as mean ± standard deviation and the worst seed. The series' target (for a mean over 5 seeds) is at most 1 point lost at 90% and at most 2 points at 95%; the last column says whether one-shot pruning plus fine-tuning meets it on average.

# %%
TARGETS = {0.9: 1.0, 0.95: 2.0}      # sparsity -> largest acceptable loss, in percentage points
changes = {s: [] for s in TARGETS}
for seed in range(N_SEEDS):
    dense_s, _ = train.fit(
        network.TwoLayerNet.create(digits.n_features, HIDDEN, digits.n_classes, seed=seed),
        digits.X_train,
        digits.y_train,
        epochs=DENSE_EPOCHS,
        momentum=MOMENTUM,
        batch_size=BATCH_SIZE,
        seed=seed,
    )
    base = dense_s.accuracy(digits.X_test, digits.y_test)
    for s in TARGETS:
        tuned, _ = train.fit(
            prune.magnitude_prune(dense_s, s),
            digits.X_train,
            digits.y_train,
            epochs=FINETUNE_EPOCHS,
            lr=FINETUNE_LR,
            momentum=MOMENTUM,
            batch_size=BATCH_SIZE,
            seed=seed,
        )
        changes[s].append(100 * (tuned.accuracy(digits.X_test, digits.y_test) - base))

lines = []   # printed in one piece at the end of the cell
lines.append(
    f"{'sparsity':>8} {'mean change':>12} {'std':>6} {'worst seed':>11}  target met on average?"
)
for s, values in changes.items():
    values = np.array(values)
    met = -values.mean() <= TARGETS[s]
    lines.append(
        f"{s:>8.0%} {values.mean():>+8.1f} pts "
        f"{values.std(ddof=1):>6.1f} {values.min():>+7.1f} pts  "
        f"{'yes' if met else 'no'} (at most {TARGETS[s]:.0f} point(s) lost)"
    )
print("\n".join(lines))

# %% [markdown]
# One-shot pruning followed by fine-tuning is the simplest recipe. Where it misses a target, removing the weights in several smaller steps with training in between does better at the same training budget: that is notebook 04 (iterative pruning).
#
# ## 3. The blobs, briefly
#
# The Gaussian blobs of notebook 01 (20 features, 3 classes) are an easy problem: the dense network classifies the test set perfectly. Pruning hurts here too, and fine-tuning repairs it quickly, up to a point. The last column counts, for each class, how many of the 20 inputs still have a path of kept weights to that class (`sparsity.input_reach`).

# %%
blobs = data.make_blobs(seed=SEED)
blobs_dense, _ = train.fit(
    network.TwoLayerNet.create(blobs.n_features, BLOBS_HIDDEN, blobs.n_classes, seed=SEED),
    blobs.X_train,
    blobs.y_train,
    epochs=DENSE_EPOCHS,
    momentum=MOMENTUM,
    batch_size=BATCH_SIZE,
    seed=SEED,
)
blobs_dense_acc = blobs_dense.accuracy(blobs.X_test, blobs.y_test)
lines = []   # printed in one piece at the end of the cell
lines.append(f"dense blobs network: {blobs_dense_acc:.3f} test accuracy, "
             f"{blobs_dense.count_parameters().weights_total} weights\n")

blobs_runs = {}
lines.append(
    f"{'sparsity':>8} {'weights kept':>12} {'one-shot':>9} "
    f"{'1 epoch':>8} {'fine-tuned':>10}  inputs reaching each class"
)
for s in BLOBS_SPARSITIES:
    net = prune.magnitude_prune(blobs_dense, s)
    tuned, hist = train.fit(
        net,
        blobs.X_train,
        blobs.y_train,
        epochs=BLOBS_FINETUNE_EPOCHS,
        lr=FINETUNE_LR,
        momentum=MOMENTUM,
        batch_size=BATCH_SIZE,
        X_test=blobs.X_test,
        y_test=blobs.y_test,
        seed=SEED,
    )
    blobs_runs[f"{s:.0%} pruned"] = hist
    lines.append(
        f"{s:>8.0%} {net.count_parameters().weights_kept:>12d} {hist.test_accuracy[0]:>9.3f} "
        f"{hist.test_accuracy[1]:>8.3f} {hist.test_accuracy[-1]:>10.3f} "
        f" {sparsity.input_reach(net).tolist()}"
    )

fig = plots.recovery_curves(
    blobs_runs,
    dense_accuracy=blobs_dense_acc,
    title=f"Blobs, {BLOBS_HIDDEN} hidden units: fine-tuning after one-shot pruning",
)
print("\n".join(lines))

# %% [markdown]
# Where every class is still reached by some inputs, one epoch of fine-tuning restores the dense accuracy. Where a class is reached by **no** input (a 0 in the last column), that class's score does not depend on the input at all: it is its output bias plus the constant output of hidden units that lost all their inputs. Fine-tuning cannot fix that: the missing weights are masked, receive no gradient and never come back. Accuracy is stuck, whatever the number of epochs. (The original notebook reported 64% *training* accuracy at 95% on the blobs and still concluded that 90%+ could be removed "with minimal loss"; compare its figure with the one-shot column above, and with what fine-tuning wins back.)
#
# ## 4. Why the momentum must be masked too: weight revival
#
# SGD with momentum keeps a **velocity** $v$ for every weight and updates, at each step,
#
# $$v \leftarrow \mu v - \eta\, g, \qquad w \leftarrow w + v .$$
#
# Suppose a training loop prunes a weight, sets it to zero and from then on multiplies its *gradient* $g$ by the mask, but keeps the optimizer's velocity from before pruning. Then $g = 0$ for that weight, $v$ decays geometrically, $v_t = \mu^t v_0$, and the weight moves by
#
# $$\sum_{t = 1}^{n} \mu^t v_0 = \mu\,\frac{1 - \mu^n}{1 - \mu}\, v_0 \;\longrightarrow\; \frac{\mu}{1 - \mu}\, v_0 \qquad (= 9\,v_0 \text{ for } \mu = 0.9)$$
#
# after $n$ steps.
#
# Every pruned weight whose velocity was not exactly zero is nonzero again after the first step. Below we prune the dense network and fine-tune it starting from the velocity at the end of dense training (`velocity=dense_history.velocity`), once masking only the gradient (`mask_momentum=False`) and once masking gradient and momentum (`mask_momentum=True`, the default). `history.revived` counts the pruned weights that are nonzero after each epoch. When weights revive, `train.fit` returns a network whose masks have grown to include them: the mask is read off the weights, as a loop that rebuilds masks from weights would do.

# %%
target = prune.magnitude_prune(dense, REVIVAL_SPARSITY)
threshold = sparsity.smallest_kept(target)      # every pruned weight was at most this large
counts = target.count_parameters()
leaky, leaky_hist = fine_tune(target, velocity=dense_history.velocity, mask_momentum=False)
safe, safe_hist = fine_tune(target, velocity=dense_history.velocity, mask_momentum=True)

lines = []   # printed in one piece at the end of the cell
lines.append(
    f"pruned: {counts.weights_pruned} of {counts.weights_total} "
    f"weights (sparsity {target.sparsity:.1%}), "
    f"magnitude threshold {threshold:.3f}\n"
)
lines.append(
    f"{'fine-tuning':30s} {'revived after epoch 1':>22} "
    f"{'after the last':>15} {'sparsity now':>13} {'test acc':>9}"
)
for name, net, hist in (("gradient masked only", leaky, leaky_hist),
                        ("gradient and momentum masked", safe, safe_hist)):
    lines.append(f"{name:30s} {hist.revived[1]:>22d} {hist.revived[-1]:>15d} {net.sparsity:>13.1%} "
                 f"{hist.test_accuracy[-1]:>9.3f}")
assert safe_hist.revived[-1] == 0 and safe.sparsity == target.sparsity
print("\n".join(lines))

# %% [markdown]
# With only the gradient masked, the pruned weights came back within the first epoch and the network now reports a sparsity of zero: its masks have grown back to dense. With both masked, not one did.
#
# The revived weights follow the geometric series exactly. They are also tiny here, because the cosine schedule ended dense training with a learning rate close to zero, so the velocity left over was small. A training loop that prunes while the learning rate is still high leaves a velocity as large as a typical update, and the revived weights are then just as large.

# %%
was_pruned1, was_pruned2 = ~target.mask1, ~target.mask2
revived = np.concatenate([leaky.W1[was_pruned1], leaky.W2[was_pruned2]])
v0 = np.concatenate(
    [dense_history.velocity.W1[was_pruned1], dense_history.velocity.W2[was_pruned2]]
)
steps = FINETUNE_EPOCHS * -(-len(digits.y_train) // BATCH_SIZE)     # minibatch steps of fine-tuning
factor = MOMENTUM * (1 - MOMENTUM**steps) / (1 - MOMENTUM)
assert np.allclose(revived, factor * v0, rtol=1e-9, atol=0)
lines = []   # printed in one piece at the end of the cell
lines.append(
    f"after {steps} steps every revived weight equals mu(1-mu^n)/(1-mu) = {factor:.2f} times "
    f"its velocity at pruning time"
)
lines.append(
    f"largest revived |w|: {np.abs(revived).max():.1e}   (pruning threshold {threshold:.3f})"
)
print("\n".join(lines))

# %% [markdown]
# Tiny, but not zero, and *nonzero* is all it takes. The leaky network's masks now say every weight is kept, so the next round of training (the next step of an iterative schedule, or simply running the fine-tuning cell again, as the original notebook invited) trains **all** the weights. Below, both networks get one more round of `FINETUNE_EPOCHS` epochs with correct masking. We count the originally pruned weights that have grown beyond the pruning threshold, and the mask entries in which a fresh magnitude pruning to the same sparsity differs from the original mask (a mask rebuilt from the weights, as the original notebook did every round).

# %%
rounds = {
    "gradient masked only": fine_tune(leaky)[0],
    "gradient and momentum masked": fine_tune(safe)[0],
}
lines = []   # printed in one piece at the end of the cell
lines.append(
    f"{'first fine-tuning run':30s} {'sparsity':>9} {'pruned weights now > threshold':>31} "
    f"{'largest':>8} {'mask entries changed':>21} {'test acc':>9}"
)
for name, net in rounds.items():
    back = np.abs(np.concatenate([net.W1[was_pruned1], net.W2[was_pruned2]]))
    again = prune.magnitude_prune(net, REVIVAL_SPARSITY)
    differ = int((again.mask1 != target.mask1).sum() + (again.mask2 != target.mask2).sum())
    lines.append(
        f"{name:30s} {net.sparsity:>9.1%} {int((back > threshold).sum()):>31d} {back.max():>8.3f} "
        f"{differ:>21d} {net.accuracy(digits.X_test, digits.y_test):>9.3f}"
    )

fig = plots.kept_weight_histograms(
    {f"{REVIVAL_SPARSITY:.0%} pruned, before fine-tuning": target,
     "gradient masked only, two runs": rounds["gradient masked only"],
     "gradient and momentum masked, two runs": rounds["gradient and momentum masked"]},
    thresholds={label: threshold for label in (f"{REVIVAL_SPARSITY:.0%} pruned, before fine-tuning",
                                               "gradient masked only, two runs",
                                               "gradient and momentum masked, two runs")},
    title="Kept weights: the gap around zero that pruning cut, refilled after revival")
print("\n".join(lines))

# %% [markdown]
# The leaky network is a dense network again: the gap around zero that magnitude pruning cut (left panel; dashed lines at ± the threshold) is filled by the revived weights, most of them still small (the tall bars in the middle panel), its reported sparsity is zero, and its test accuracy is that of a dense network, not of a pruned one. The correctly masked network keeps exactly its mask (right panel: the same number of weights, all originally above the threshold). Its survivors have spread out during two runs of training and some have moved inside the old threshold: fine-tuning is free to shrink a kept weight, it only never resurrects a pruned one.
#
# **The original notebook's defect 7.** It never zeroed pruned weights: it kept a mask, multiplied it into the forward pass and into the plain gradient, and at every round of its iterative loop **rebuilt the mask from the current weights** (`|W| > threshold`, with the threshold a percentile of all weights, pruned ones included). Whether a pruned weight stayed pruned depended on stale values never crossing a moving threshold; nothing guaranteed it, and with momentum in the optimizer it fails as shown above. Here the mask is *state* carried from one network to the next: pruned weights are stored as exact zeros, `train.fit` masks gradient and velocity, and the pruning functions only ever shrink a mask (asking for less sparsity than a network already has is an error).
#
# **PyTorch.** `torch.nn.utils.prune` does not zero the parameter either. It renames it to `weight_orig` (the tensor the optimizer updates), stores the mask beside it as a buffer `weight_mask`, and recomputes `weight = weight_orig * weight_mask` in a forward pre-hook before **every** forward pass. The gradient reaching a pruned entry of `weight_orig` is zero, but an optimizer's momentum can still move it, just as above; the forward pass never sees that, because the mask is applied again each time. Only `prune.remove(module, "weight")` makes the pruning permanent: it writes `weight_orig * weight_mask` into a plain `weight` parameter and deletes both. From then on nothing keeps the zeros at zero, and any further training revives them. The same bug has been reported in published pruning code, e.g. [he-y/filter-pruning-geometric-median#47](https://github.com/he-y/filter-pruning-geometric-median/issues/47) ("Weights are revived after pruning due to the momentum") and [ruihangdu/PyTorch-Deep-Compression#2](https://github.com/ruihangdu/PyTorch-Deep-Compression/issues/2) ("Momentum will change the pruned weights").
#
# ## 5. Re-running a cell gives the same numbers
#
# The original notebook's fine-tuning cell called `train_network(pruned_model, ...)`, which updated `pruned_model` in place: each re-run of the cell trained the same model further and printed a new accuracy (defect 6). Here networks are immutable (their arrays are read-only) and `train.fit` returns a new network, so calling the same fine-tuning twice gives bit-identical results, and the network passed in is untouched.

# %%
before = [np.array(a) for a in (target.W1, target.b1, target.W2, target.b2)]
first, first_hist = fine_tune(target)
second, second_hist = fine_tune(target)
identical = all(np.array_equal(getattr(first, k), getattr(second, k))
                for k in ("W1", "b1", "W2", "b2", "mask1", "mask2"))
untouched = all(
    np.array_equal(a, b) for a, b in zip(before, (target.W1, target.b1, target.W2, target.b2))
)
assert identical and untouched
lines = []   # printed in one piece at the end of the cell
lines.append(
    f"two fine-tuning runs: test accuracy {first_hist.test_accuracy[-1]:.3f} and "
    f"{second_hist.test_accuracy[-1]:.3f}; networks "
    f"identical: {identical}; input untouched: {untouched}"
)
try:
    target.W1[0, 0] = 1.0
except ValueError as err:
    lines.append(f"writing into a network's weights is refused: {err}")

# What the original notebook's second run of the cell amounted to:
# training the fine-tuned network again.
trained_twice, _ = fine_tune(first)
lines.append(f"fine-tuning the already fine-tuned network again (the original notebook's re-run): "
             f"{trained_twice.accuracy(digits.X_test, digits.y_test):.3f}")
print("\n".join(lines))

# %% [markdown]
# ## Summary
#
# * **Fine-tuning** after one-shot magnitude pruning wins back most of the lost accuracy at 90% and 95% (with the default knobs), the larger part in the first epoch; at higher sparsity a large gap remains, and where pruning cut every path from the inputs to a class (blobs, `sparsity.input_reach`) no amount of fine-tuning helps, because masked weights never come back.
# * With correct masking, **nothing revives**: `train.fit` multiplies both the gradient and the momentum buffer by the mask, and the assertions above check that masks are unchanged and `history.revived` stays at zero.
# * Masking only the gradient **revives every pruned weight** that had any velocity: it moves by exactly $\mu(1-\mu^n)/(1-\mu)$ times that velocity after $n$ steps, practically $\mu/(1-\mu)$. The revived weights may be tiny, but a mask read off the weights (the original notebook's defect 7) then loses the pruning altogether, and the next round of training makes the network dense again.
# * PyTorch sidesteps the problem by applying the stored mask in every forward pass (`weight_orig * weight_mask`); after `prune.remove` that protection is gone.
# * Cells are **re-run safe**: the same call gives the same network, and nothing is trained twice by accident (the original notebook's defect 6).
#
# Next: notebook 04 prunes in several steps with training in between (iterative pruning, schedules, lottery tickets); notebook 05 looks inside the sparse networks built here.
