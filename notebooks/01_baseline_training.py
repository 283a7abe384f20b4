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
# # 01 · Baseline training: data, network, gradients, a dense baseline
#
# *Keeping Neural Networks Simple by Minimizing the Description Length of the Weights* (Hinton & van Camp, 1993) starts from one idea, the **minimum description length** (MDL) principle. Imagine sending the labels of a training set to a receiver who already has the inputs. You can send them as they are: $N$ labels of $K$ classes cost $N \log_2 K$ bits. Or you can first send a model, then each label coded with the probability the model gives it: $L(\text{model}) + L(\text{labels} \mid \text{model})$ bits. A model that has found a real regularity makes the second part short; a model with many precise weights makes the first part long. The best model makes the *total* short, and the weights are where its length lives. Pruning (notebooks 02–05, 08), low precision (06) and noisy weights (07) are three ways to shorten them; this series measures all three in bits and in accuracy.
#
# This first notebook builds what everything else stands on:
#
# 1. the data: the Gaussian blobs of the notebook this series started from, with its test-set bug fixed, and a real data set, the 8×8 handwritten digits bundled with scikit-learn;
# 2. the two-layer ReLU/softmax network with pruning masks, its forward and backward pass written out;
# 3. a finite-difference check that the backward pass is right;
# 4. training curves and the **dense baselines** that later notebooks prune.

# %%
# Setup: in Colab, install the package first; elsewhere this cell does nothing.
import sys
if "google.colab" in sys.modules:
    # %pip install --quiet "mdl_prune @ git+https://github.com/mdl-prune/mdl_prune.git"

# %% [markdown]
# **Parameters.** The knobs of this notebook. Change them and run the notebook again from the top (*Run → Run All Cells*).

# %% tags=["parameters"]
SEED = 0               # integer >= 0: initial weights, minibatch order and the digits split
HIDDEN_BLOBS = 50      # hidden units for the blobs (integer >= 1); the original notebook used 50
HIDDEN_DIGITS = 64     # hidden units for the digits (integer >= 1)
EPOCHS = 40            # passes over the training data (integer >= 1)
LEARNING_RATE = 0.05   # peak SGD learning rate (> 0), decayed along a cosine to zero
N_SPLITS = 5           # digits train/test splits for the baseline comparison (integer >= 1)

# %%
import inspect

import numpy as np
from sklearn.neural_network import MLPClassifier

from mdl_prune import data, network, plots, prune, train

# %% [markdown]
# ## 1. The data
#
# ### Gaussian blobs, with the test set from the same classes
#
# Three classes, each a unit-variance Gaussian blob in 20 dimensions around a random centre. The original notebook called its generator twice, once for the training set and once for the test set, and each call drew **new random centres**. Its test set therefore held three *other* classes that happened to carry the same labels, and its "test accuracy" measured nothing (it reported 100% train and 67% test). `data.make_blobs` draws the centres once and both splits from them.

# %%
blobs = data.make_blobs(seed=SEED)
print(blobs)
print("train samples per class:", np.bincount(blobs.y_train).tolist())
print("test samples per class: ", np.bincount(blobs.y_test).tolist())

# %% [markdown]
# Projected on their first two principal components, test samples (crosses) sit on the training samples (dots) of their class:

# %%
fig = plots.dataset_projection(blobs.X_train, blobs.y_train, blobs.X_test, blobs.y_test,
                               title="Gaussian blobs (20-D), first two principal components")

# %% [markdown]
# ### 8×8 handwritten digits
#
# 1797 images of 8×8 pixels (intensities 0–16), ten classes, shipped inside scikit-learn: nothing is downloaded. `data.load_digits` splits them with stratification (every digit in the same proportion in both parts) and standardizes each pixel with the mean and standard deviation of the **training part only**, so nothing about the test images leaks into training.

# %%
digits = data.load_digits(seed=SEED)
raw = data.load_digits(seed=SEED, standardize=False)   # the same split, unscaled, for pictures
print(digits)
print("train images per digit:", np.bincount(digits.y_train).tolist())
fig = plots.digit_samples(raw.X_train, raw.y_train, raw.image_shape, n=20,
                          title="The first 20 training images")

# %% [markdown]
# ## 2. The network
#
# A two-layer network: for a batch $X$ (one sample per row),
#
# $$h = \operatorname{relu}\big(X (W_1 \odot M_1) + b_1\big), \qquad p = \operatorname{softmax}\big(h (W_2 \odot M_2) + b_2\big),$$
#
# with boolean **masks** $M_1, M_2$: a `False` entry is a pruned weight. The loss is the mean cross-entropy $-\frac1n\sum_i \ln p_{i, y_i}$, in **nats** (natural logarithm); notebook 06 converts to bits by dividing by $\ln 2$.
#
# The backward pass is the chain rule, written out. With one-hot targets $T$: $\partial L/\partial \text{logits} = (p - T)/n$, then $\partial L/\partial W_2 = h^\top(\cdot)$, back through $W_2$, through the ReLU's 0/1 derivative, and $\partial L/\partial W_1 = X^\top(\cdot)$. This is the package's own code:

# %%
print(inspect.getsource(network.backward_pass))

# %% [markdown]
# Weights start He-scaled ($W_1 \sim \mathcal N(0, 2/n_\text{in})$, $W_2 \sim \mathcal N(0, 1/n_\text{hidden})$) and biases at zero. A network is **immutable**: training and pruning return a new one, so re-running a cell never trains a network further or prunes it twice (the original notebook did both).

# %%
net_blobs = network.TwoLayerNet.create(blobs.n_features, HIDDEN_BLOBS, blobs.n_classes, seed=SEED)
net_digits = network.TwoLayerNet.create(
    digits.n_features, HIDDEN_DIGITS, digits.n_classes, seed=SEED
)
for name, net in [("blobs", net_blobs), ("digits", net_digits)]:
    c = net.count_parameters()
    print(f"{name:6s} {net}: {c.weights_total} weights + {c.biases} biases")

# %% [markdown]
# ### Counting parameters honestly
#
# Pruning removes **weights**; the biases stay. `sparsity` is the fraction of weight-matrix entries pruned, biases excluded. The original notebook counted biases as always "active", so its "50% pruned" network reported 52.2% of its parameters remaining. Both counts, on the blobs network:

# %%
half = prune.magnitude_prune(net_blobs, 0.5)
c = half.count_parameters()
print(f"sparsity: {half.sparsity:.1%} of the weights pruned")
print(
    f"weights kept: {c.weights_kept} / {c.weights_total} = {c.weights_kept / c.weights_total:.1%}"
)
print(f"counting biases as always active: {c.active} / {c.weights_total + c.biases} "
      f"= {c.active / (c.weights_total + c.biases):.1%}")

# %% [markdown]
# ## 3. Checking the gradients
#
# A backward pass can be subtly wrong and still train a little. The check compares it with **central finite differences**, $\big(L(w+\varepsilon) - L(w-\varepsilon)\big) / 2\varepsilon$, one parameter at a time, on a small network, dense and half pruned. A relative difference around $10^{-7}$ or below means they agree; a bug (a missing ReLU derivative, a transposed matrix) shows up as $10^{-2}$ or more. (The test suite also checks that this check *does* catch a deliberately broken backward pass.)

# %%
rng = np.random.default_rng(SEED)
X_small, y_small = rng.normal(size=(8, 6)), rng.integers(0, 3, size=8)
small = network.TwoLayerNet.create(6, 5, 3, seed=SEED)
for label, net in [("dense", small), ("50% pruned", prune.magnitude_prune(small, 0.5))]:
    errors = network.gradient_check(net, X_small, y_small)
    verdict = ", ".join(f"{k} {'< 1e-6' if e < 1e-6 else f'= {e:.1e}'}" for k, e in errors.items())
    print(f"{label:10s} largest relative difference: {verdict}")

# %% [markdown]
# ## 4. Training
#
# `train.fit` runs minibatch SGD with momentum 0.9, batches of 32, a small weight decay, and a learning rate that falls along a cosine from `LEARNING_RATE` to zero. The masks multiply both the gradient and the momentum buffer, so a pruned weight stays exactly zero (notebook 03 shows what happens otherwise). It returns a new network and the history of every epoch, evaluated on the training and test sets.

# %%
trained_blobs, hist_blobs = train.fit(net_blobs, blobs.X_train, blobs.y_train, epochs=EPOCHS,
                                      lr=LEARNING_RATE, X_test=blobs.X_test, y_test=blobs.y_test,
                                      seed=SEED)
trained_digits, hist_digits = train.fit(
    net_digits,
    digits.X_train,
    digits.y_train,
    epochs=EPOCHS,
    lr=LEARNING_RATE,
    X_test=digits.X_test,
    y_test=digits.y_test,
    seed=SEED,
)
fig = plots.training_curves({"blobs": hist_blobs, "digits": hist_digits},
                            title="Dense training: solid = training set, dashed = test set")

# %% [markdown]
# The blobs are easy: the classes barely overlap. The digits are a real task: the training loss keeps falling after the test accuracy has levelled off. The dense baselines:

# %%
print(f"{'data':8s}{'hidden':>8s}{'train acc':>11s}{'test acc':>10s}{'train loss (nats)':>19s}")
for name, ds, net, h in [("blobs", blobs, trained_blobs, hist_blobs),
                         ("digits", digits, trained_digits, hist_digits)]:
    print(f"{name:8s}{net.n_hidden:8d}{net.accuracy(ds.X_train, ds.y_train):11.1%}"
          f"{net.accuracy(ds.X_test, ds.y_test):10.1%}{h.loss[-1]:19.4f}")

# %% [markdown]
# **What the original notebook's test set measured.** Pair the trained blobs network with a test set drawn, as the original did, around *new* centres (the same generator with another seed):

# %%
seeds_test_set = data.make_blobs(seed=SEED + 1)   # new centres: the original notebook's "test set"
print(
    f"test set from the same classes:      {trained_blobs.accuracy(blobs.X_test, blobs.y_test):.1%}"
)
print(f"test set around new random centres:  "
      f"{trained_blobs.accuracy(seeds_test_set.X_test, seeds_test_set.y_test):.1%}")

# %% [markdown]
# The second number depends only on how the new centres happen to fall relative to the old ones: it says nothing about generalization.
#
# **Re-running is safe.** The same call with the same seed gives the same network, bit for bit:

# %%
again, _ = train.fit(net_digits, digits.X_train, digits.y_train, epochs=EPOCHS, lr=LEARNING_RATE,
                     seed=SEED)
print("identical weights:", all(np.array_equal(getattr(again, k), getattr(trained_digits, k))
                                for k in ("W1", "b1", "W2", "b2")))
print("the untrained network is unchanged:", net_digits.sparsity == 0.0 and
      np.array_equal(net_digits.W1, network.TwoLayerNet.create(digits.n_features, HIDDEN_DIGITS,
                                                                digits.n_classes, seed=SEED).W1))

# %% [markdown]
# ## 5. The digits baseline over several splits, against scikit-learn
#
# One split of 450 test images is a noisy measurement: one image is 0.22 percentage points. The comparison below repeats the split `N_SPLITS` times (split seed = network seed = $s$) and trains, on the same split, scikit-learn's `MLPClassifier(hidden_layer_sizes=(64,))` (Adam, its defaults) as a reference.

# %%
ours, sklearn_mlp = [], []
for s in range(N_SPLITS):
    ds = data.load_digits(seed=s)
    net = network.TwoLayerNet.create(ds.n_features, HIDDEN_DIGITS, ds.n_classes, seed=s)
    trained, _ = train.fit(net, ds.X_train, ds.y_train, epochs=EPOCHS, lr=LEARNING_RATE, seed=s)
    ours.append(trained.accuracy(ds.X_test, ds.y_test))
    mlp = MLPClassifier(hidden_layer_sizes=(HIDDEN_DIGITS,), random_state=s).fit(
        ds.X_train, ds.y_train
    )
    sklearn_mlp.append(mlp.score(ds.X_test, ds.y_test))

print(f"{'split':>5s}{'mdl_prune':>11s}{'MLPClassifier':>15s}")
for s, (a, b) in enumerate(zip(ours, sklearn_mlp)):
    print(f"{s:5d}{a:11.1%}{b:15.1%}")
print(f"{'mean':>5s}{np.mean(ours):11.2%}{np.mean(sklearn_mlp):15.2%}")
print(f"{'std':>5s}{np.std(ours):11.2%}{np.std(sklearn_mlp):15.2%}")
verdict = (
    "at least as accurate as" if np.mean(ours) >= np.mean(sklearn_mlp) else "less accurate than"
)
print(f"On average over {N_SPLITS} splits, our network is {verdict} MLPClassifier.")
fig = plots.accuracy_by_seed(
    {"mdl_prune: SGD + momentum": ours, "scikit-learn MLPClassifier": sklearn_mlp},
    title=f"Digits, {HIDDEN_DIGITS} hidden units: dense test accuracy per split",
)

# %% [markdown]
# The differences between the two are within a couple of test images per split; the split itself moves the accuracy about as much. This is the dense baseline every later notebook prunes, on the same splits and seeds.
#
# ## Summary
#
# - The blobs now have a test set from the same classes as the training set; the original notebook's "test accuracy" came from unrelated classes.
# - Sparsity counts weights only; biases are counted apart.
# - The backward pass agrees with finite differences; the test suite checks this for dense and pruned networks.
# - Training is deterministic given a seed and never changes the network it is given, so any cell can be re-run in class.
# - The dense digits network reaches the accuracy printed above, on par with scikit-learn's MLP on the same splits.
#
# **Next:** [02 · One-shot pruning](02_one_shot_pruning.ipynb) removes the smallest weights of these networks and watches the accuracy.
