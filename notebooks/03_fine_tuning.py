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
# Notebook 02 pruned a trained network once, in one step (**one-shot** pruning), and measured it **without retraining**: at high **sparsity** (the fraction of weights removed) the accuracy falls, because the weights that survived were tuned to work together with the ones that were removed. The usual remedy ([Han et al. 2015](#references)) is **fine-tuning**: keep the **mask** fixed (the boolean array that says which weights are kept) and train the survivors a little longer. Training has to respect the mask at every step, and this notebook shows where a training loop can get that wrong.
#
# **Learning objectives.** After this notebook you can
#
# * write one step of SGD with momentum that keeps pruned weights at exactly zero (the mask on the gradient *and* on the velocity), and check it against the package's training loop;
# * fine-tune a pruned network and read its recovery curve: how much of the one-shot loss comes back, how fast, and when it cannot come back;
# * explain **weight revival**: what it needs (a velocity carried across the pruning step while only the gradient is masked), how far a revived weight travels, and why a mask read off the weights then loses the pruning;
# * say how PyTorch's `torch.nn.utils.prune` keeps pruned weights out of the forward pass, and when that protection ends.
#
# **Prerequisites.** Notebook 01 (the two-layer network, training with mini-batch gradient descent) and notebook 02 (magnitude pruning, masks, sparsity). Maths: gradient descent, element-wise products, the sum of a geometric series $\sum_t \mu^t$. Python and NumPy: array arithmetic, boolean masks, writing a small function.
#
# **Run time:** about 7 s on a 2-core machine, kernel start and imports included (measured with nothing else running; a busy machine takes longer). **Reading time:** about 40 minutes (3,600 words, about 18 minutes, plus the tables and figures, and about 20 minutes for the three exercises).
#
# **Papers it rests on:** [Han et al. (2015)](#references) (prune, then retrain the survivors), [Sutskever et al. (2013)](#references) (SGD with momentum, in the form used here), [Loshchilov & Hutter (2017)](#references) (the cosine learning-rate schedule), [Zhu & Gupta (2017)](#references) (pruning during training, where the optimizer's state crosses the pruning step).
#
# What the notebook does:
#
# 1. writes one fine-tuning step out in NumPy and checks it, bit for bit, against the package;
# 2. draws **recovery curves**: test accuracy against fine-tuning epoch (one pass over the training data) at several sparsities, on the handwritten digits and briefly on the Gaussian blobs, and shows why some losses cannot be recovered;
# 3. shows **weight revival**: when a training loop masks the *gradient* of pruned weights but not the optimizer's *velocity*, and the velocity from before pruning is carried over, every pruned weight comes back and the network quietly becomes dense again; masking both prevents it;
# 4. checks **re-run safety**: running the same fine-tuning twice gives the same numbers.

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
N_SEEDS = 3               # seeds for the spread at 90% and 95% (integer >= 2; 5: steadier, slower)
BLOBS_HIDDEN = 50         # hidden units for the blobs network (integer >= 1)
BLOBS_SPARSITIES = (0.9, 0.95, 0.98)       # fractions pruned on the blobs, each in [0, 1]
BLOBS_FINETUNE_EPOCHS = 10                 # fine-tuning epochs on the blobs (integer >= 1)
REVIVAL_SPARSITY = 0.9    # sparsity of the weight-revival demonstration, in (0, 1)


# %%
import numpy as np

from mdl_prune import data, exercises, network, plots, prune, sparsity, train

# %% [markdown]
# ## 1. The dense network
#
# The same digits network as in notebooks 01 and 02: 64 inputs (8×8 pixels), `HIDDEN` ReLU units, 10 classes, trained for `DENSE_EPOCHS` **epochs** (passes over the training set) by mini-batch SGD with momentum (stochastic gradient descent on `BATCH_SIZE` samples at a time; momentum is explained in section 2). We keep its training history: `dense_history.velocity` holds the optimizer's velocity at the end of training, which sections 2 and 5 need.

# %%
digits = data.load_digits(seed=SEED)
dense, dense_history = train.fit(
    network.TwoLayerNet.create(digits.n_features, HIDDEN, digits.n_classes, seed=SEED),
    digits.X_train, digits.y_train, epochs=DENSE_EPOCHS, momentum=MOMENTUM,
    batch_size=BATCH_SIZE, X_test=digits.X_test, y_test=digits.y_test, seed=SEED)
dense_acc = dense.accuracy(digits.X_test, digits.y_test)
lines = []   # printed in one piece at the end of the cell
lines.append(str(dense))
lines.append(f"dense test accuracy: {dense_acc:.3f}")
print("\n".join(lines))

# %% [markdown]
# ## 2. One step of fine-tuning, written out
#
# `train.fit` trains by SGD with **momentum** ([Sutskever et al. 2013](#references)). Besides each weight $w$ it keeps a **velocity** $v$: the step the weight took last time, which carries on, shrunk by the factor $\mu$ (`MOMENTUM`), into the next step. For a weight matrix with mask $m$ (1 where a weight is kept, 0 where it is pruned), the gradient $\nabla L$ of the loss on one mini-batch, the learning rate $\eta$ and the weight decay $\lambda$ (a small pull of every weight towards zero), one step is
#
# $$g = (\nabla L + \lambda w) \odot m, \qquad v \leftarrow (\mu\, v - \eta\, g) \odot m, \qquad w \leftarrow w + v,$$
#
# where $\odot$ multiplies element by element. **The mask appears twice**: on the gradient and on the velocity. A pruned weight starts at exactly 0, receives no gradient, and its velocity is 0 after every step, so it stays exactly 0. Biases are not pruned: their step is the same with $m = 1$ and no weight decay. The learning rate changes from step to step along a **cosine schedule** ([Loshchilov & Hutter 2017](#references)): step $t$ of $T$ uses $\eta_t = \eta_0\,(1 + \cos(\pi t / T))/2$, from the peak $\eta_0$ down to zero at the end of the run.
#
# In NumPy, for one array:

# %%
def masked_momentum_step(w, v, g, mask, lr, momentum):
    """One SGD-with-momentum step on a pruned weight array; returns the new (w, v)."""
    g = g * mask                             # no gradient for a pruned weight
    v = (momentum * v - lr * g) * mask       # and no velocity either
    return w + v, v


# %% [markdown]
# **Checking it against the package.** We prune the dense network to `REVIVAL_SPARSITY` and take one step on one mini-batch of `BATCH_SIZE` training samples, starting from the velocity at the end of dense training, as if the same optimizer went on after pruning. A call of `train.fit` with `epochs=1` on exactly one mini-batch takes exactly one step, at the peak learning rate (the cosine factor is 1 at $t = 0$). `train.fit` shuffles the samples first with `np.random.default_rng(seed)`; we shuffle the same way, so that the sums inside the gradient run in the same order and the comparison can be exact, bit for bit.

# %%
WEIGHT_DECAY = 1e-3     # train.fit's default, passed explicitly here
pruned_net = prune.magnitude_prune(dense, REVIVAL_SPARSITY)
batch_X, batch_y = digits.X_train[:BATCH_SIZE], digits.y_train[:BATCH_SIZE]
stepped, step_history = train.fit(pruned_net, batch_X, batch_y, epochs=1, lr=FINETUNE_LR,
                                  momentum=MOMENTUM, batch_size=BATCH_SIZE,
                                  weight_decay=WEIGHT_DECAY, velocity=dense_history.velocity,
                                  seed=SEED)

order = np.random.default_rng(SEED).permutation(BATCH_SIZE)      # train.fit's shuffle
_, grads = pruned_net.gradients(batch_X[order], batch_y[order])
mine = {}
for name, mask, decay in (("W1", pruned_net.mask1, WEIGHT_DECAY), ("b1", 1.0, 0.0),
                          ("W2", pruned_net.mask2, WEIGHT_DECAY), ("b2", 1.0, 0.0)):
    w, v = getattr(pruned_net, name), getattr(dense_history.velocity, name)
    mine[name] = masked_momentum_step(w, v, getattr(grads, name) + decay * w, mask,
                                      FINETUNE_LR, MOMENTUM)

was_pruned = {"W1": ~pruned_net.mask1, "W2": ~pruned_net.mask2}
carried = sum(np.count_nonzero(getattr(dense_history.velocity, k)[p])
              for k, p in was_pruned.items())
still_zero = all(not mine[k][0][p].any() and not mine[k][1][p].any() for k, p in was_pruned.items())
same = all(np.array_equal(mine[k][0], getattr(stepped, k))
           and np.array_equal(mine[k][1], getattr(step_history.velocity, k)) for k in mine)
lines = []   # printed in one piece at the end of the cell
lines.append(f"velocity carried in: nonzero at {carried} of the "
             f"{pruned_net.count_parameters().weights_pruned} pruned weights")
lines.append(f"after one masked step, pruned weights and their velocity exactly 0: "
             f"{'yes' if still_zero else 'no'}")
lines.append(f"same weights, biases and velocities as one step of train.fit: "
             f"{'yes' if same else 'no'}")
print("\n".join(lines))

# %% [markdown]
# **Exercise 03.1** *(code)* PyTorch's `torch.optim.SGD` ([documentation](https://pytorch.org/docs/stable/generated/torch.optim.SGD.html)) writes the same step in another convention: its velocity `buf` adds up *gradients*, and the learning rate comes in only when the weights move,
#
# ```
# buf = momentum * buf + g
# w   = w - lr * buf
# ```
#
# (while the learning rate stays constant, `buf` is $-v/\eta$). Write the masked step in that convention. `grad` is the raw gradient, not yet masked; `mask` is boolean (True = kept); return new arrays `(new_w, new_buf)` without changing the arguments. The checker runs your step on a small pruned network whose velocity is nonzero at every weight (it was carried across the pruning step) and compares it with one step of `train.fit`.

# %%
def torch_style_masked_step(w, buf, grad, mask, lr, momentum):
    """One masked SGD-with-momentum step in PyTorch's convention; returns (new_w, new_buf)."""
    ...  # your code here


solved = exercises.ch03.check_masked_momentum_step(torch_style_masked_step)

# %% tags=["solution"] jupyter={"source_hidden": true}
def torch_style_masked_step(w, buf, grad, mask, lr, momentum):
    """One masked SGD-with-momentum step in PyTorch's convention; returns (new_w, new_buf)."""
    buf = (momentum * buf + grad * mask) * mask      # the mask on the gradient and the velocity
    return w - lr * buf, buf


assert exercises.ch03.check_masked_momentum_step(torch_style_masked_step)

# %% [markdown]
# ## 3. Prune once, then retrain the survivors
#
# **Fine-tuning** is ordinary training of the pruned network with its masks held fixed, by the step of section 2. The network `train.fit` returns has the same masks as the one passed in (checked below with `assert`), and `history.revived` counts the pruned weights that are nonzero after each epoch (zero here). Every fine-tuning run in this section starts with a **fresh optimizer** (zero velocity) and its own cosine schedule, from `FINETUNE_LR` down to zero over `FINETUNE_EPOCHS` epochs.
#
# The helper `fine_tune` only fixes the data and knobs of this notebook; the training is `train.fit`.

# %%
def fine_tune(net, epochs=FINETUNE_EPOCHS, **options):
    """Retrain `net` on the digits with its masks fixed; returns (new network, history)."""
    return train.fit(net, digits.X_train, digits.y_train, epochs=epochs, lr=FINETUNE_LR,
                     momentum=MOMENTUM, batch_size=BATCH_SIZE, X_test=digits.X_test,
                     y_test=digits.y_test, seed=SEED, **options)


pruned = {s: prune.magnitude_prune(dense, s) for s in SPARSITIES}
runs = {s: fine_tune(net) for s, net in pruned.items()}

lines = []   # printed in one piece at the end of the cell
lines.append(f"dense network: {dense_acc:.3f} test accuracy, "
             f"{dense.count_parameters().weights_total} weights\n")
lines.append(f"{'sparsity':>8} {'weights kept':>12} {'one-shot':>9} {'1 epoch':>8} "
             f"{'fine-tuned':>10} {'change vs dense':>16} {'loss won back in epoch 1':>25}")
for s, (net, hist) in runs.items():
    # the masks did not change and no pruned weight came back
    assert np.array_equal(net.mask1, pruned[s].mask1) and np.array_equal(net.mask2, pruned[s].mask2)
    assert hist.revived[-1] == 0
    acc = hist.test_accuracy
    lost = dense_acc - acc[0]
    won = f"{(acc[1] - acc[0]) / lost:.0%}" if lost >= 0.01 else "(lost < 1 pp)"
    lines.append(f"{s:>8.0%} {net.count_parameters().weights_kept:>12d} {acc[0]:>9.3f} "
                 f"{acc[1]:>8.3f} {acc[-1]:>10.3f} {100 * (acc[-1] - dense_acc):>+13.1f} pp "
                 f"{won:>25}")
print("\n".join(lines))

# %% [markdown]
# Columns: *one-shot* is the test accuracy of the pruned network before any retraining (notebook 02's measurement), *1 epoch* after one epoch of fine-tuning, *fine-tuned* after `FINETUNE_EPOCHS`; then the change against the dense network in percentage points (pp), and the share of the one-shot loss that the first epoch alone won back. The curves show the same runs epoch by epoch; epoch 0 is the one-shot accuracy.

# %%
fig = plots.recovery_curves(
    {f"{s:.0%} pruned": hist for s, (_, hist) in runs.items()}, dense_accuracy=dense_acc,
    title=f"Digits, {HIDDEN} hidden units: fine-tuning after one-shot magnitude pruning")

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
# * Where one-shot pruning loses a lot (90% and 95% here), the **first epoch** of fine-tuning wins back most of it (last column); the remaining epochs add a few more percentage points, ever more slowly.
# * At the highest sparsity a large gap remains, and the curve creeps up slowly: with so few weights kept, the survivors cannot represent what the dense network did. Fine-tuning only moves weights that still exist.
#
# ### Is one seed representative? Several seeds at 90% and 95%
#
# A single run can be lucky. Below, `N_SEEDS` dense networks, one per **random seed** from `SEED` on (the seed fixes the initial weights and the mini-batch order; the data split stays the same; the first is the network of sections 1 and 3), are each pruned to 90% and 95% and fine-tuned. We report the change in test accuracy against *each network's own* dense accuracy, as the mean and standard deviation over the seeds and the worst seed, and ask whether the mean loss stays within 1 percentage point at 90% and within 2 at 95%.

# %%
ACCEPTABLE_LOSS = {0.9: 1.0, 0.95: 2.0}   # sparsity -> largest acceptable mean loss, in pp
changes = {s: [] for s in ACCEPTABLE_LOSS}
for seed in range(SEED, SEED + N_SEEDS):
    if seed == SEED:                  # the network of section 1, already trained
        dense_s = dense
    else:
        dense_s, _ = train.fit(
            network.TwoLayerNet.create(digits.n_features, HIDDEN, digits.n_classes, seed=seed),
            digits.X_train, digits.y_train, epochs=DENSE_EPOCHS, momentum=MOMENTUM,
            batch_size=BATCH_SIZE, seed=seed)
    base = dense_s.accuracy(digits.X_test, digits.y_test)
    for s in ACCEPTABLE_LOSS:
        if seed == SEED and s in runs:    # already fine-tuned in section 3
            tuned = runs[s][0]
        else:
            tuned, _ = train.fit(prune.magnitude_prune(dense_s, s), digits.X_train,
                                 digits.y_train, epochs=FINETUNE_EPOCHS, lr=FINETUNE_LR,
                                 momentum=MOMENTUM, batch_size=BATCH_SIZE, seed=seed)
        changes[s].append(100 * (tuned.accuracy(digits.X_test, digits.y_test) - base))

lines = []   # printed in one piece at the end of the cell
lines.append(f"change in test accuracy after fine-tuning, in percentage points (pp), "
             f"over {N_SEEDS} seeds")
lines.append(f"{'sparsity':>8} {'mean':>8} {'std':>6} {'worst seed':>11}  mean loss within?")
for s, values in changes.items():
    values = np.array(values)
    within = -values.mean() <= ACCEPTABLE_LOSS[s]
    lines.append(f"{s:>8.0%} {values.mean():>+8.1f} {values.std(ddof=1):>6.1f} "
                 f"{values.min():>+11.1f}  {'yes' if within else 'no'} "
                 f"(at most {ACCEPTABLE_LOSS[s]:.0f} pp lost)")
print("\n".join(lines))

# %% [markdown]
# One-shot pruning followed by fine-tuning is the simplest recipe. Where it loses more than we accept, removing the weights in several smaller steps with training in between does better at the same training budget: that is notebook 04 (iterative pruning).
#
# ## 4. The blobs, briefly
#
# The Gaussian blobs of notebook 01 (20 features, 3 classes) are an easy problem: the dense network classifies the test set perfectly. Pruning hurts here too, and fine-tuning repairs it quickly, up to a point. The last column counts, for each class, how many of the 20 inputs still have a path of kept weights to that class (`sparsity.input_reach`).

# %%
blobs = data.make_blobs(seed=SEED)
blobs_dense, _ = train.fit(
    network.TwoLayerNet.create(blobs.n_features, BLOBS_HIDDEN, blobs.n_classes, seed=SEED),
    blobs.X_train, blobs.y_train, epochs=DENSE_EPOCHS, momentum=MOMENTUM,
    batch_size=BATCH_SIZE, seed=SEED)
blobs_dense_acc = blobs_dense.accuracy(blobs.X_test, blobs.y_test)
lines = []   # printed in one piece at the end of the cell
lines.append(f"dense blobs network: {blobs_dense_acc:.3f} test accuracy, "
             f"{blobs_dense.count_parameters().weights_total} weights\n")

blobs_runs = {}
lines.append(f"{'sparsity':>8} {'weights kept':>12} {'one-shot':>9} {'1 epoch':>8} "
             f"{'fine-tuned':>10}  inputs reaching each class")
for s in BLOBS_SPARSITIES:
    net = prune.magnitude_prune(blobs_dense, s)
    tuned, hist = train.fit(net, blobs.X_train, blobs.y_train, epochs=BLOBS_FINETUNE_EPOCHS,
                            lr=FINETUNE_LR, momentum=MOMENTUM, batch_size=BATCH_SIZE,
                            X_test=blobs.X_test, y_test=blobs.y_test, seed=SEED)
    blobs_runs[f"{s:.0%} pruned"] = hist
    acc = hist.test_accuracy
    lines.append(f"{s:>8.0%} {net.count_parameters().weights_kept:>12d} {acc[0]:>9.3f} "
                 f"{acc[1]:>8.3f} {acc[-1]:>10.3f}  {sparsity.input_reach(net).tolist()}")

fig = plots.recovery_curves(
    blobs_runs, dense_accuracy=blobs_dense_acc,
    title=f"Blobs, {BLOBS_HIDDEN} hidden units: fine-tuning after one-shot pruning")
print("\n".join(lines))

# %% [markdown]
# Where every class is still reached by some inputs, one epoch of fine-tuning restores the dense accuracy. Where a class is reached by **no** input (a 0 in the last column), that class's score does not depend on the input at all: it is its output bias plus the constant output of hidden units that lost all their inputs. Fine-tuning cannot fix that: the missing weights are masked, receive no gradient and never come back. Accuracy is stuck, whatever the number of epochs. A claim that "90% or more of the weights can be removed with minimal loss" therefore needs the measurement: on the blobs, compare the one-shot column with what fine-tuning wins back.
#
# ## 5. Why the velocity must be masked too: weight revival
#
# Section 2 masked the velocity as well as the gradient. What if a training loop masks only the gradient? Follow one pruned weight, set to 0, with gradient $g = 0$ from then on. The step of section 2 without the second mask is $v \leftarrow \mu v$, $w \leftarrow w + v$: the velocity decays geometrically, $v_t = \mu^t v_0$, and the weight moves by
#
# $$\sum_{t = 1}^{n} \mu^t v_0 = \mu\,\frac{1 - \mu^n}{1 - \mu}\, v_0 \;\longrightarrow\; \frac{\mu}{1 - \mu}\, v_0 \qquad (= 9\,v_0 \text{ for } \mu = 0.9)$$
#
# after $n$ steps. So **revival needs a velocity at the pruned weight when pruning happens**: $v_0 \neq 0$, which means optimizer state (the velocity) carried across the pruning step, as when pruning happens in the middle of one training run with one optimizer. A **fresh optimizer** starts with $v_0 = 0$; with the gradient masked its velocity at a pruned weight stays 0 for ever, and nothing can revive, whether the velocity is masked or not. That is why the fine-tuning runs of section 3, which all start fresh, never showed the problem.
#
# Below we prune the dense network (the same `pruned_net` as in section 2; `threshold` is the smallest magnitude it kept, so every pruned weight was at most that large) and fine-tune it three ways, masking only the gradient (`mask_momentum=False`) or the gradient and the velocity (`mask_momentum=True`, the default), and starting from a fresh optimizer or from the velocity at the end of dense training (`velocity=dense_history.velocity`). `history.revived` counts the pruned weights that are nonzero after each epoch. When weights revive, `train.fit` returns a network whose masks have grown to include them: the mask is read off the weights, as a loop that rebuilds its masks from the weights would do.

# %%
threshold = sparsity.smallest_kept(pruned_net)      # every pruned weight was at most this large
counts = pruned_net.count_parameters()
fresh, fresh_hist = fine_tune(pruned_net, mask_momentum=False)
leaky, leaky_hist = fine_tune(pruned_net, velocity=dense_history.velocity, mask_momentum=False)
safe, safe_hist = fine_tune(pruned_net, velocity=dense_history.velocity, mask_momentum=True)

lines = []   # printed in one piece at the end of the cell
lines.append(f"pruned: {counts.weights_pruned} of {counts.weights_total} weights "
             f"(sparsity {pruned_net.sparsity:.1%}), magnitude threshold {threshold:.3f}\n")
lines.append(f"{'optimizer':17s} {'masked':19s} {'revived after epoch 1':>22} "
             f"{'after the last':>15} {'sparsity now':>13} {'test acc':>9}")
for start, masked, net, hist in (("fresh", "gradient only", fresh, fresh_hist),
                                 ("velocity carried", "gradient only", leaky, leaky_hist),
                                 ("velocity carried", "gradient, velocity", safe, safe_hist)):
    lines.append(f"{start:17s} {masked:19s} {hist.revived[1]:>22d} {hist.revived[-1]:>15d} "
                 f"{net.sparsity:>13.1%} {hist.test_accuracy[-1]:>9.3f}")
assert fresh_hist.revived[-1] == 0 and safe_hist.revived[-1] == 0
assert safe.sparsity == pruned_net.sparsity
print("\n".join(lines))

# %% [markdown]
# With a fresh optimizer, masking the gradient alone is enough: not one weight revived. With the velocity carried across the pruning step and only the gradient masked, the pruned weights came back within the first epoch, and the network now reports a sparsity of zero: its masks have grown back to dense. With gradient and velocity masked, not one did.
#
# The revived weights follow the geometric series exactly:

# %%
revived = np.concatenate([leaky.W1[was_pruned["W1"]], leaky.W2[was_pruned["W2"]]])
v0 = np.concatenate([dense_history.velocity.W1[was_pruned["W1"]],
                     dense_history.velocity.W2[was_pruned["W2"]]])
steps = FINETUNE_EPOCHS * -(-len(digits.y_train) // BATCH_SIZE)     # mini-batch steps
factor = MOMENTUM * (1 - MOMENTUM**steps) / (1 - MOMENTUM)
assert np.allclose(revived, factor * v0, rtol=1e-9, atol=0)
lines = []   # printed in one piece at the end of the cell
lines.append(f"after {steps} steps every revived weight equals mu(1-mu^n)/(1-mu) = {factor:.2f} "
             f"times its velocity at pruning time")
lines.append(f"largest revived |w|: {np.abs(revived).max():.1e}   "
             f"(pruning threshold {threshold:.3f})")
print("\n".join(lines))

# %% [markdown]
# They are tiny here, because the cosine schedule ended dense training with a learning rate close to zero, so the velocity left over was tiny too. Does pruning while the learning rate is still high give large revived weights?

# %% [markdown]
# **Exercise 03.2** *(predict, then run)* We stop a run of `DENSE_EPOCHS` epochs halfway, where its cosine schedule is still at half the peak learning rate, prune it to `REVIVAL_SPARSITY` and fine-tune with the velocity carried over and only the gradient masked. Compared with the pruning threshold (the smallest kept magnitude), the largest revived weight will be (a) about as tiny as above, (b) much larger than above but still well below the threshold, or (c) about as large as the threshold or larger? Write your guess in the next cell, then run the one after it.
#
# (`train.fit`'s schedule always ends at zero, so the cell trains `DENSE_EPOCHS // 2` epochs and then one more epoch of steps at half the peak learning rate, one call of `train.fit` per mini-batch: a call on one mini-batch is exactly one step at its peak learning rate, as in section 2. After a few dozen such steps the velocity is that of a run in full swing.)

# %%
my_guess = ...   # "a", "b" or "c"

# %%
DENSE_LR = 0.05          # train.fit's default peak learning rate, used for dense training
midway, midway_history = train.fit(
    network.TwoLayerNet.create(digits.n_features, HIDDEN, digits.n_classes, seed=SEED),
    digits.X_train, digits.y_train, epochs=max(1, DENSE_EPOCHS // 2), lr=DENSE_LR,
    momentum=MOMENTUM, batch_size=BATCH_SIZE, seed=SEED)
midway_velocity = midway_history.velocity
shuffled = np.random.default_rng(SEED).permutation(len(digits.y_train))
for start in range(0, len(shuffled) - BATCH_SIZE + 1, BATCH_SIZE):   # one epoch, a call a step
    batch = shuffled[start:start + BATCH_SIZE]
    midway, one_step = train.fit(midway, digits.X_train[batch], digits.y_train[batch], epochs=1,
                                 lr=DENSE_LR / 2, momentum=MOMENTUM, batch_size=BATCH_SIZE,
                                 velocity=midway_velocity, seed=SEED)
    midway_velocity = one_step.velocity

cases = {"end of training": (pruned_net, dense_history.velocity, leaky),
         "halfway, lr still high": (prune.magnitude_prune(midway, REVIVAL_SPARSITY),
                                    midway_velocity, None)}
lines = []   # printed in one piece at the end of the cell
lines.append(f"{'pruned at':23s} {'threshold':>9} {'largest |v| there':>17} "
             f"{'largest revived |w|':>19} {'as share of threshold':>22} {'above it':>8}")
for name, (net, velocity, after) in cases.items():
    if after is None:      # two epochs: the geometric series has long converged by then
        after, _ = fine_tune(net, epochs=2, velocity=velocity, mask_momentum=False)
    gone1, gone2 = ~net.mask1, ~net.mask2
    back = np.abs(np.concatenate([after.W1[gone1], after.W2[gone2]]))
    speed = np.abs(np.concatenate([velocity.W1[gone1], velocity.W2[gone2]]))
    cut = sparsity.smallest_kept(net)
    lines.append(f"{name:23s} {cut:>9.3f} {speed.max():>17.1e} {back.max():>19.1e} "
                 f"{back.max() / cut:>22.2%} {int((back > cut).sum()):>8d}")
lines.append(f"\nyour guess: {my_guess!r}" if my_guess is not ... else "\n(no guess written)")
print("\n".join(lines))

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# (b). Pruned halfway, the velocity at the pruned weights is many orders of magnitude larger than at the end of a cosine schedule, and so are the revived weights (each is about 9 times its velocity). But they stay far below the threshold: the largest is a few per cent of the smallest kept magnitude, and none crosses it. A step of SGD is small compared with the weights themselves, even at a high learning rate, and a revived weight travels only about $\mu/(1-\mu)$ steps. So "large" is only relative: what makes revival harmful is not the size of the revived weights but that they are **nonzero**, as the next cell shows.
#
# </details>

# %% [markdown]
# Nonzero is all it takes. The leaky network's masks now say every weight is kept, so the next round of training (the next step of an iterative schedule, or simply running the fine-tuning again) trains **all** the weights. Below, both networks fine-tuned from the carried velocity get one more round of `FINETUNE_EPOCHS` epochs with correct masking. We count the originally pruned weights that have grown beyond the pruning threshold, and the mask entries in which a fresh magnitude pruning to the same sparsity differs from the original mask (a mask rebuilt from the weights).

# %%
rounds = {"gradient masked only": fine_tune(leaky)[0],
          "gradient and velocity masked": fine_tune(safe)[0]}
lines = []   # printed in one piece at the end of the cell
lines.append(f"{'first fine-tuning run':30s} {'sparsity':>9} "
             f"{'pruned weights now > threshold':>31} {'largest':>8} "
             f"{'mask entries changed':>21} {'test acc':>9}")
for name, net in rounds.items():
    back = np.abs(np.concatenate([net.W1[was_pruned["W1"]], net.W2[was_pruned["W2"]]]))
    again = prune.magnitude_prune(net, REVIVAL_SPARSITY)
    differ = int((again.mask1 != pruned_net.mask1).sum() + (again.mask2 != pruned_net.mask2).sum())
    lines.append(f"{name:30s} {net.sparsity:>9.1%} {int((back > threshold).sum()):>31d} "
                 f"{back.max():>8.3f} {differ:>21d} "
                 f"{net.accuracy(digits.X_test, digits.y_test):>9.3f}")

before_label = f"{REVIVAL_SPARSITY:.0%} pruned, before fine-tuning"
panels = {before_label: pruned_net,
          "gradient masked only, two runs": rounds["gradient masked only"],
          "gradient and velocity masked, two runs": rounds["gradient and velocity masked"]}
fig = plots.kept_weight_histograms(
    panels, thresholds={label: threshold for label in panels},
    title="Kept weights: the gap around zero that pruning cut, refilled after revival")
for ax in fig.axes:      # each legend under its panel, off the histogram and the thresholds
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2)
    ax.autoscale(axis="y")          # no headroom needed above the histogram now
print("\n".join(lines))

# %% [markdown]
# The leaky network is a dense network again: the gap around zero that magnitude pruning cut (left panel; dashed lines at ± the threshold) is filled by the revived weights, most of them still small (the tall column in the middle panel), its reported sparsity is zero, and its test accuracy is that of a dense network, not of a pruned one. The correctly masked network keeps exactly its mask (right panel: the same number of weights, all originally above the threshold). Its survivors have spread out during two runs of training and some have moved inside the old threshold: fine-tuning is free to shrink a kept weight, it only never resurrects a pruned one.
#
# **Masks read off the weights.** A pruning loop can keep pruned weights in place (not zeroed), multiply a mask into the forward pass and into the gradient, and at every round **rebuild the mask from the current weights** (`|W| > threshold`, with the threshold a percentile of all weights, pruned ones included). Whether a pruned weight then stays pruned depends on stale values never crossing a moving threshold; nothing guarantees it, and with momentum in the optimizer it fails as shown above. In this package the mask is *state* carried from one network to the next: pruned weights are stored as exact zeros, `train.fit` masks gradient and velocity, and the pruning functions only ever shrink a mask (asking for less sparsity than a network already has is an error).
#
# **PyTorch.** `torch.nn.utils.prune` ([tutorial](https://pytorch.org/tutorials/intermediate/pruning_tutorial.html)) does not zero the parameter either. It renames it to `weight_orig` (the tensor the optimizer updates), stores the mask beside it as a buffer `weight_mask` (a tensor the optimizer does not train), and recomputes `weight = weight_orig * weight_mask` in a forward pre-hook (a function PyTorch calls before the module's forward pass) before **every** forward pass. The gradient reaching a pruned entry of `weight_orig` is zero, but an optimizer's momentum can still move it, just as above; the forward pass never sees that, because the mask is applied again each time. Only `prune.remove(module, "weight")` makes the pruning permanent: it writes `weight_orig * weight_mask` into a plain `weight` parameter and deletes both. From then on nothing keeps the zeros at zero, and further training with the same optimizer revives them. The same bug has been reported in published pruning code, e.g. [he-y/filter-pruning-geometric-median#47](https://github.com/he-y/filter-pruning-geometric-median/issues/47) ("Weights are revived after pruning due to the momentum") and [ruihangdu/PyTorch-Deep-Compression#2](https://github.com/ruihangdu/PyTorch-Deep-Compression/issues/2) ("Momentum will change the pruned weights").

# %% [markdown]
# **Exercise 03.3** *(discuss)* A fresh optimizer after pruning cannot revive anything (first row of the table above). So why not always start a fresh optimizer after pruning, and why does it matter whether optimizer state is carried across the pruning step? Think of pruning *during* training ([Zhu & Gupta 2017](#references) prune a little every few hundred steps; notebook 04 prunes in rounds), of what the velocity holds for the *kept* weights, and of optimizers with more state than a velocity, such as Adam ([Kingma & Ba 2015](#references)), which keeps running means of the gradient and of its square.

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# * **Pruning usually happens inside one training run.** Gradual pruning and pruning callbacks keep the same optimizer object, so its state crosses every pruning step unless the code does something about it. Each pruning step is then a chance for revival, and a loop that reads its masks off the weights turns revived weights into kept ones.
# * **The velocity of the kept weights is worth keeping.** It is a smoothed direction of descent built up over many steps. Resetting the optimizer at every pruning step throws it away and restarts the kept weights from plain gradient steps; with frequent pruning steps that is a real change of the training algorithm, not a detail (libraries treat it as a choice to make, e.g. [neuralmagic/sparseml#495](https://github.com/neuralmagic/sparseml/pull/495), "reset optimizer momentum during phased pruning steps").
# * **Correctness should not depend on a reset.** Masking the velocity (as `train.fit` does), applying the mask in every forward pass (as `torch.nn.utils.prune` does), or multiplying the weights by the mask after every step (as Intel's Distiller does, [IntelLabs/distiller#63](https://github.com/IntelLabs/distiller/pull/63)) keeps pruned weights out of the network whatever state the optimizer carries; a reset only hides the problem until someone removes it.
# * **Adam makes it worse.** Its step divides the running mean of the gradient by the root of the running mean of its square. With the gradient masked both decay, and their ratio shrinks only by about $\beta_1/\sqrt{\beta_2} \approx 0.90$ per step (default $\beta_1 = 0.9$, $\beta_2 = 0.999$), so a revived weight moves by up to about ten learning rates, however small its gradients had become.
#
# </details>

# %% [markdown]
# ## 6. Re-running a cell gives the same numbers
#
# A notebook cell that trains a model *in place* (`train_network(model, ...)` changing `model`) trains it further every time the cell is run again, and prints a new accuracy each time; a cell that prunes in place prunes an already pruned model. Here networks are immutable (their arrays are read-only) and `train.fit` returns a new network, so calling the same fine-tuning twice gives bit-identical results, and the network passed in is untouched. (Two epochs are enough to show it.)

# %%
before = [np.array(a) for a in (pruned_net.W1, pruned_net.b1, pruned_net.W2, pruned_net.b2)]
first, first_hist = fine_tune(pruned_net, epochs=2)
second, second_hist = fine_tune(pruned_net, epochs=2)
identical = all(np.array_equal(getattr(first, k), getattr(second, k))
                for k in ("W1", "b1", "W2", "b2", "mask1", "mask2"))
untouched = all(np.array_equal(a, b) for a, b in
                zip(before, (pruned_net.W1, pruned_net.b1, pruned_net.W2, pruned_net.b2)))
assert identical and untouched
lines = []   # printed in one piece at the end of the cell
lines.append(f"two fine-tuning runs: test accuracy {first_hist.test_accuracy[-1]:.3f} and "
             f"{second_hist.test_accuracy[-1]:.3f}; networks identical: {identical}; "
             f"input untouched: {untouched}")
try:
    pruned_net.W1[0, 0] = 1.0
except ValueError as err:
    lines.append(f"writing into a network's weights is refused: {err}")

# What a second run of an in-place cell amounts to: training the fine-tuned network again.
trained_twice, _ = fine_tune(first, epochs=2)
lines.append(f"fine-tuning the already fine-tuned network again (an in-place re-run): "
             f"{trained_twice.accuracy(digits.X_test, digits.y_test):.3f}")
print("\n".join(lines))

# %% [markdown]
# ## Summary
#
# * **One fine-tuning step** masks the gradient *and* the velocity: $g = (\nabla L + \lambda w)\odot m$, $v \leftarrow (\mu v - \eta g)\odot m$, $w \leftarrow w + v$. Written out in NumPy it gives bit for bit what `train.fit` gives.
# * **Fine-tuning** after one-shot magnitude pruning wins back most of the lost accuracy at 90% and 95% (with the default knobs), the larger part in the first epoch; at higher sparsity a large gap remains, and where pruning cut every path from the inputs to a class (blobs, `sparsity.input_reach`) no amount of fine-tuning helps, because masked weights never come back.
# * **Weight revival needs a velocity carried across the pruning step.** With a fresh optimizer nothing revives, even with only the gradient masked. With the velocity carried over and only the gradient masked, every pruned weight that had any velocity revives: it moves by exactly $\mu(1-\mu^n)/(1-\mu)$ times that velocity after $n$ steps, practically $\mu/(1-\mu)$. The revived weights are small (far below the pruning threshold, even when pruning at a high learning rate), but a mask read off the weights then loses the pruning altogether, and the next round of training makes the network dense again.
# * PyTorch sidesteps the problem by applying the stored mask in every forward pass (`weight_orig * weight_mask`); after `prune.remove` that protection is gone.
# * Cells are **re-run safe**: the same call gives the same network, and nothing is trained twice by accident.
#
# Next: notebook 04 prunes in several steps with training in between (iterative pruning, schedules, lottery tickets); notebook 05 looks inside the sparse networks built here.

# %% [markdown]
# ## References
#
# * Han, S., Pool, J., Tran, J. & Dally, W. J. (2015). Learning both weights and connections for efficient neural networks. *Advances in Neural Information Processing Systems 28* (NIPS 2015). [arXiv:1506.02626](https://arxiv.org/abs/1506.02626)
# * Kingma, D. P. & Ba, J. (2015). Adam: a method for stochastic optimization. *International Conference on Learning Representations* (ICLR 2015). [arXiv:1412.6980](https://arxiv.org/abs/1412.6980)
# * Loshchilov, I. & Hutter, F. (2017). SGDR: stochastic gradient descent with warm restarts. *International Conference on Learning Representations* (ICLR 2017). [arXiv:1608.03983](https://arxiv.org/abs/1608.03983)
# * Sutskever, I., Martens, J., Dahl, G. & Hinton, G. (2013). On the importance of initialization and momentum in deep learning. *Proceedings of the 30th International Conference on Machine Learning* (ICML 2013), PMLR 28(3), 1139–1147. [proceedings.mlr.press/v28/sutskever13](https://proceedings.mlr.press/v28/sutskever13.html)
# * Zhu, M. & Gupta, S. (2017). To prune, or not to prune: exploring the efficacy of pruning for model compression. [arXiv:1710.01878](https://arxiv.org/abs/1710.01878)
# * PyTorch documentation: [`torch.optim.SGD`](https://pytorch.org/docs/stable/generated/torch.optim.SGD.html) and the [pruning tutorial](https://pytorch.org/tutorials/intermediate/pruning_tutorial.html) (`torch.nn.utils.prune`).
