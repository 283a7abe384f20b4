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
# The series prunes, quantizes and adds noise to the weights of small networks, and measures what that costs in accuracy and saves in bits. This first notebook builds what everything else stands on: two data sets with honest test sets, the two-layer network with its forward and backward pass written out, a check that the gradients are right, and the **dense baselines** (networks with every weight kept) that later notebooks prune.
#
# **Learning objectives.** After this notebook you can
#
# * state the minimum description length (MDL) idea behind the series in two sentences: model bits plus data bits;
# * write the forward pass of a two-layer ReLU/softmax network in NumPy and the gradient of its cross-entropy loss with respect to the logits, and check both against the package;
# * check a backward pass with central finite differences, and say why the check is done in float64 with a step $\varepsilon \approx 10^{-6}$;
# * train the network, read its training curves (loss, train and test accuracy), and say what weight decay does to them;
# * spot a test set that does not come from the distribution of the training set, and compare two classifiers over several data splits with a mean and a sample standard deviation.
#
# **Prerequisites.** No earlier notebook. Maths: matrix products, the softmax and the cross-entropy, the chain rule, a derivative as a limit of difference quotients. Python and NumPy: array arithmetic and broadcasting, `axis=` and `keepdims=`, writing a small function.
#
# **Run time:** about 7 s on a 2-core machine, kernel start and imports included (measured with nothing else running; a busy machine takes longer). **Reading time:** about 40 minutes (about 3,300 words, four figures and five printed tables to read, four exercises).
#
# **Papers it rests on:** [Hinton & van Camp (1993)](#references) (the description length of the weights), [Rissanen (1978)](#references) and [Grünwald (2007)](#references) (the MDL principle), [He et al. (2015)](#references) and [LeCun et al. (1998)](#references) (how the weights start), [Sutskever et al. (2013)](#references) (SGD with momentum), [Loshchilov & Hutter (2017)](#references) (the cosine learning-rate schedule), [Pedregosa et al. (2011)](#references) (scikit-learn, the reference classifier), [Kingma & Ba (2015)](#references) (Adam, scikit-learn's optimizer).
#
# ## The idea: the shortest description wins
#
# *Keeping Neural Networks Simple by Minimizing the Description Length of the Weights* ([Hinton & van Camp, 1993](#references)) starts from one idea, the **minimum description length** (MDL) principle ([Rissanen, 1978](#references); [Grünwald, 2007](#references)). Imagine sending the labels of a training set to a receiver who already has the inputs. You can send them as they are: $N$ labels of $K$ classes cost $N \log_2 K$ bits. Or you can first send a model, then each label coded with the probability the model gives it: $L(\text{model}) + L(\text{labels} \mid \text{model})$ bits. A model that has found a real regularity makes the second part short; a model with many precise weights makes the first part long. The best model makes the *total* short, and the weights are where its length lives. Pruning (notebooks 02–05, 08), low precision (06) and noisy weights (07) are three ways to shorten them; this series measures all three in bits and in accuracy.
#
# What this notebook does:
#
# 1. the data: Gaussian blobs with a training and a test set drawn from the same classes, and a real data set, the 8×8 handwritten digits bundled with scikit-learn;
# 2. the two-layer ReLU/softmax network with pruning masks, its forward and backward pass written out;
# 3. a finite-difference check that the backward pass is right;
# 4. training: the curves, what weight decay does, and what a test set from elsewhere would say;
# 5. the dense digits baseline over several splits, against scikit-learn.

# %%
# Setup: in Colab, install the package first; elsewhere this cell does nothing.
import sys
if "google.colab" in sys.modules:
    # %pip install --quiet "mdl_prune @ git+https://github.com/mdl-prune/mdl_prune.git"

# %% [markdown]
# **Parameters.** The knobs of this notebook. Change them and run the notebook again from the top (*Run → Run All Cells*).

# %% tags=["parameters"]
SEED = 0               # integer >= 0: initial weights, minibatch order and the digits split
HIDDEN_BLOBS = 50      # hidden units for the blobs (integer >= 1)
HIDDEN_DIGITS = 64     # hidden units for the digits (integer >= 1)
EPOCHS = 40            # passes over the training data (integer >= 1)
LEARNING_RATE = 0.05   # peak SGD learning rate (> 0), decayed along a cosine to zero
WEIGHT_DECAY = 1e-3    # L2 penalty on the weights (>= 0); 0 turns it off
N_SPLITS = 5           # digits train/test splits for the baseline comparison (integer >= 1)

# %%
import inspect
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from mdl_prune import data, exercises, experiments, network, plots, prune, train

# %% [markdown]
# ## 1. The data
#
# ### Gaussian blobs
#
# Three classes, each a Gaussian blob of unit variance in 20 dimensions around a random centre. `data.make_blobs` draws the three centres once, then the training set and the **test set** (held-out samples the network never trains on, used only to measure it) around those same centres: the test set comes from the same distribution as the training set, which is what lets its accuracy measure **generalization** (how well the network does on samples it has not seen). Section 4 shows what a test set from elsewhere would say.

# %%
blobs = data.make_blobs(seed=SEED)
print(blobs)
print("train samples per class:", np.bincount(blobs.y_train).tolist())
print("test samples per class: ", np.bincount(blobs.y_test).tolist())

# %% [markdown]
# Projected on their first two principal components (the two directions along which the data vary most), test samples (crosses) sit on the training samples (dots) of their class:

# %%
fig = plots.dataset_projection(blobs.X_train, blobs.y_train, blobs.X_test, blobs.y_test,
                               title="Gaussian blobs (20-D), first two principal components")

# %% [markdown]
# ### 8×8 handwritten digits
#
# 1797 images of 8×8 pixels (intensities 0–16), ten classes, shipped inside scikit-learn ([Alpaydin & Kaynak, 1998](#references)): nothing is downloaded. `data.load_digits` splits them with **stratification** (every digit in the same proportion in both parts) and **standardizes** each pixel (subtracts its mean, divides by its standard deviation) with the statistics of the **training part only**, so nothing about the test images leaks into training.

# %%
digits = data.load_digits(seed=SEED)
raw = data.load_digits(seed=SEED, standardize=False)   # the same split, unscaled, for pictures
print(digits)
print("train images per digit:", np.bincount(digits.y_train).tolist())
first_of_each = [np.flatnonzero(raw.y_train == k)[0] for k in range(digits.n_classes)]
fig = plots.digit_samples(raw.X_train[first_of_each], raw.y_train[first_of_each],
                          raw.image_shape, n=digits.n_classes,
                          title="The first training image of each digit")


# %% [markdown]
# ## 2. The network
#
# A two-layer network: for a batch $X$ (one sample per row),
#
# $$h = \operatorname{relu}\big(X (W_1 \odot M_1) + b_1\big), \qquad z = h (W_2 \odot M_2) + b_2, \qquad p = \operatorname{softmax}(z).$$
#
# * $\operatorname{relu}(a) = \max(0, a)$, elementwise: a hidden unit is either off (0) or passes its input on.
# * $z$ are the **logits**, one score per class; the **softmax** turns each row into probabilities, $p_{ik} = e^{z_{ik}} / \sum_l e^{z_{il}}$.
# * $M_1, M_2$ are boolean **masks** of the weights' shapes, and $\odot$ multiplies elementwise: a `False` entry is a **pruned** weight, one that counts as zero. The **sparsity** of a network is the fraction of its weights that are pruned (biases excluded).
#
# The loss is the mean **cross-entropy** $L = -\frac1n\sum_i \ln p_{i, y_i}$, the average surprise at the true labels, in **nats** (natural logarithm); divided by $\ln 2$ it is in bits, the unit of notebook 06.
#
# ### The forward pass, written out
#
# Six lines of NumPy, checked against the package's `TwoLayerNet.logits`, `predict_proba` and `loss` on the untrained digits network, dense and with half its weights pruned:

# %%
def forward(net, X):
    """Logits and class probabilities of a TwoLayerNet for the rows of X."""
    W1, W2 = net.W1 * net.mask1, net.W2 * net.mask2    # a pruned weight counts as zero
    h = np.maximum(X @ W1 + net.b1, 0.0)                # hidden layer: ReLU
    logits = h @ W2 + net.b2                            # output layer: one score per class
    z = logits - logits.max(axis=1, keepdims=True)      # shift each row so exp cannot overflow;
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)   # the softmax does not change
    return logits, p


def mean_cross_entropy(p, y):
    """-mean_i ln p[i, y_i], in nats."""
    return -np.log(p[np.arange(len(y)), y]).mean()


def yes(flag):
    return "yes" if flag else "no"


net_digits = network.TwoLayerNet.create(digits.n_features, HIDDEN_DIGITS, digits.n_classes,
                                        seed=SEED)
X, y = digits.X_train, digits.y_train
for label, net in [("dense", net_digits), ("50% pruned", prune.magnitude_prune(net_digits, 0.5))]:
    logits, p = forward(net, X)
    print(f"{label}: same logits as TwoLayerNet.logits: "
          f"{yes(np.array_equal(logits, net.logits(X)))}; same probabilities as predict_proba "
          f"(to 1e-12): {yes(np.allclose(p, net.predict_proba(X), rtol=0, atol=1e-12))}; "
          f"same loss as TwoLayerNet.loss: "
          f"{yes(np.isclose(mean_cross_entropy(p, y), net.loss(X, y), rtol=1e-12))}")

# %% [markdown]
# The logits agree bit for bit; the probabilities agree to rounding, because the package computes the softmax through its logarithm (`log_softmax`), which the loss needs anyway.
#
# ### How the weights start
#
# `TwoLayerNet.create` draws the weights at random, with a variance chosen so that signals neither die out nor blow up from layer to layer, and sets the biases to zero:
#
# * $W_1 \sim \mathcal N(0,\, 2/n_\text{in})$, **He initialization** ([He et al., 2015](#references)): the factor 2 makes up for the ReLU, which zeroes about half of its inputs, so the hidden activations keep the scale of the inputs whatever $n_\text{in}$ is;
# * $W_2 \sim \mathcal N(0,\, 1/n_\text{hidden})$, **LeCun initialization** ([LeCun et al., 1998](#references)): the output layer has no ReLU after it, so variance $1/n_\text{hidden}$ keeps the logits at about unit scale.
#
# The empirical variances of the two networks' weights, against those targets:

# %%
net_blobs = network.TwoLayerNet.create(blobs.n_features, HIDDEN_BLOBS, blobs.n_classes, seed=SEED)
for name, net in [("blobs", net_blobs), ("digits", net_digits)]:
    c = net.count_parameters()
    print(f"{name:6s} {net}: {c.weights_total} weights + {c.biases} biases")
    print(f"       var(W1) = {net.W1.var():.4f} (He: 2/{net.n_in} = {2 / net.n_in:.4f}), "
          f"var(W2) = {net.W2.var():.4f} (LeCun: 1/{net.n_hidden} = {1 / net.n_hidden:.4f})")

# %% [markdown]
# A network is **immutable**: training and pruning return a new one, so re-running a cell never trains a network further or prunes it twice.
#
# ### The backward pass, written out
#
# The backward pass is the chain rule, applied from the loss back to every weight. With **one-hot** targets $T$ ($T_{ik} = 1$ if $y_i = k$, else 0), the gradient of the loss with respect to the logits is $\partial L/\partial z = (p - T)/n$ (Exercise 01.1 asks you to write it). From there: $\partial L/\partial W_2 = h^\top (\partial L/\partial z)$; back through $W_2$ to $h$; through the ReLU, whose derivative is 1 where the unit was on and 0 where it was off; and $\partial L/\partial W_1 = X^\top(\cdot)$. This is the package's own code:

# %%
print(inspect.getsource(network.backward_pass))


# %% [markdown]
# **Exercise 01.1** *(code)* Write the first step of the backward pass: the gradient of the mean cross-entropy with respect to the logits, `(softmax(logits) - onehot(y)) / n`, for `logits` of shape `(n, K)` and integer labels `y`. Use the `forward` pass above as a model for a softmax that does not overflow, and do not change the arguments. The checker compares your gradient with the package's (it also tries logits around 1000) and multiplies it by `hidden.T` to compare with the backward pass's $\partial L/\partial W_2$.

# %%
def output_gradient(logits, y):
    """dL/dlogits of L = -mean_i log softmax(logits)[i, y_i]: an array of the logits' shape."""
    ...  # your code here


exercises.ch01.check_output_gradient(output_gradient)


# %% tags=["solution"] jupyter={"source_hidden": true}
def output_gradient_solution(logits, y):
    """dL/dlogits of L = -mean_i log softmax(logits)[i, y_i]: an array of the logits' shape."""
    n = logits.shape[0]
    z = logits - logits.max(axis=1, keepdims=True)
    grad = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)   # softmax, a new array
    grad[np.arange(n), y] -= 1.0                              # minus the one-hot targets
    return grad / n                                           # the loss is a mean over n


assert exercises.ch01.check_output_gradient(output_gradient_solution)

# %% [markdown]
# ### Counting parameters honestly
#
# Pruning removes **weights**; the biases stay. `sparsity` is the fraction of weight-matrix entries pruned, biases excluded. Counting the biases as always "active" mixes the two and misreports every sparsity: a network with half its weights pruned would seem to keep 52.2% of its parameters. Both counts, on the blobs network:

# %%
half = prune.magnitude_prune(net_blobs, 0.5)
c = half.count_parameters()
print(f"sparsity: {half.sparsity:.1%} of the weights pruned")
print(f"weights kept: {c.weights_kept} / {c.weights_total} "
      f"= {c.weights_kept / c.weights_total:.1%}")
print(f"counting biases as always active: {c.active} / {c.weights_total + c.biases} "
      f"= {c.active / (c.weights_total + c.biases):.1%}")

# %% [markdown]
# ## 3. Checking the gradients
#
# A backward pass can be subtly wrong and still train a little. The check compares it with **central finite differences**: nudge one parameter $w$ by $\pm\varepsilon$ and take $\big(L(w+\varepsilon) - L(w-\varepsilon)\big) / 2\varepsilon$, one parameter at a time, on a small network (6 inputs, 5 hidden units, 3 classes, 8 samples), dense and half pruned, in float64 with $\varepsilon = 10^{-6}$. `network.gradient_check` reports, for each of $W_1, b_1, W_2, b_2$, the largest **relative difference** $|g - g_\text{num}| / (|g| + |g_\text{num}|)$ between the backpropagated gradient $g$ and the numerical one $g_\text{num}$. Around $10^{-7}$ or below means they agree; a bug (a missing ReLU derivative, a transposed matrix) shows up as $10^{-2}$ or more.

# %%
rng = np.random.default_rng(SEED)
X_small, y_small = rng.normal(size=(8, 6)), rng.integers(0, 3, size=8)
small = network.TwoLayerNet.create(6, 5, 3, seed=SEED)
for label, net in [("dense", small), ("50% pruned", prune.magnitude_prune(small, 0.5))]:
    errors = network.gradient_check(net, X_small, y_small)
    print(f"{label:10s} largest relative difference: "
          + ", ".join(f"{k} {e:.1e}" for k, e in errors.items()))


# %% [markdown]
# Every relative difference is below $10^{-7}$: backpropagation and finite differences agree to seven significant digits or more, for the dense and for the pruned network. (The package's tests also check that the gradient check *does* catch a deliberately broken backward pass.)

# %% [markdown]
# **Exercise 01.2** *(code)* Write the gradient check for one weight: the central difference of `net.loss(X, y)` with respect to `W1[i, j]`. A network's arrays are read-only, so copy `net.W1` (`np.array(net.W1)`), change one entry of the copy, and evaluate `net.replace(W1=...)`. The checker tries two weights, with $\varepsilon = 10^{-2}$ and $10^{-6}$, against `network.numerical_gradients`.

# %%
def central_difference(net, X, y, i, j, eps=1e-6):
    """(L(W1[i, j] + eps) - L(W1[i, j] - eps)) / (2 eps), with L = net.loss(X, y)."""
    ...  # your code here


exercises.ch01.check_central_difference(central_difference)


# %% tags=["solution"] jupyter={"source_hidden": true}
def central_difference_solution(net, X, y, i, j, eps=1e-6):
    """(L(W1[i, j] + eps) - L(W1[i, j] - eps)) / (2 eps), with L = net.loss(X, y)."""
    def loss_at(value):
        W1 = np.array(net.W1)          # a writable copy
        W1[i, j] = value
        return net.replace(W1=W1).loss(X, y)
    w = net.W1[i, j]
    return (loss_at(w + eps) - loss_at(w - eps)) / (2 * eps)


assert exercises.ch01.check_central_difference(central_difference_solution)

# %% [markdown]
# **Exercise 01.3** *(discuss)* Why is a gradient check done in float64, with $\varepsilon$ around $10^{-6}$? What goes wrong with a much larger $\varepsilon$ (say $10^{-1}$), with a much smaller one ($10^{-10}$), and with $\varepsilon = 10^{-6}$ in float32? Hint: a computed loss carries a rounding error of about the **machine epsilon** (the spacing of floating-point numbers near 1: about $2\times10^{-16}$ in float64, $1.2\times10^{-7}$ in float32) times its size.

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# Two errors pull in opposite directions. The **truncation error** of the central difference, from the curvature of $L$, is about $\varepsilon^2 |L'''|/6$: it wants a small $\varepsilon$. The **rounding error** is the error of each computed loss, about machine epsilon $\times |L|$, divided by $2\varepsilon$: it wants a large $\varepsilon$. Their sum is smallest near $\varepsilon \approx (\text{machine epsilon})^{1/3}$: about $10^{-5}$ in float64, where the check is good to about ten digits, and about $5\times10^{-3}$ in float32, where it is good to only four or five. At $\varepsilon = 10^{-6}$, float64 still gives about ten digits, so a relative difference of $10^{-2}$ can only be a bug; in float32 the same $\varepsilon$ leaves one or two digits, and a correct backward pass would look broken. The cell below measures it on a one-weight softmax cross-entropy, $L(w) = -\ln \operatorname{softmax}(w\,x)_y$, whose exact derivative is known.
#
# </details>

# %% tags=["solution"] jupyter={"source_hidden": true}
x_demo, y_demo, w_demo = np.array([0.5, -1.0, 2.0]), 2, 0.3


def demo_loss(w, dtype):
    """-ln softmax(w * x)[y], computed entirely in dtype."""
    z = dtype(w) * x_demo.astype(dtype)
    z = z - z.max()
    return -(z[y_demo] - np.log(np.exp(z).sum()))


p_demo = np.exp(w_demo * x_demo) / np.exp(w_demo * x_demo).sum()
exact = p_demo @ x_demo - x_demo[y_demo]                   # dL/dw, by hand
print(f"{'eps':>7s}{'float64 error':>15s}{'float32 error':>15s}   (relative to the exact dL/dw)")
for eps in (1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-8, 1e-10):
    errors = []
    for dtype in (np.float64, np.float32):
        w, e = dtype(w_demo), dtype(eps)
        numerical = (demo_loss(w + e, dtype) - demo_loss(w - e, dtype)) / (2 * e)
        errors.append(abs(numerical - exact) / abs(exact))
    print(f"{eps:7.0e}{errors[0]:15.1e}{errors[1]:15.1e}")

# %% [markdown]
# ## 4. Training
#
# `train.fit` runs **minibatch stochastic gradient descent (SGD)**: each step takes the gradient on a **minibatch** of 32 training samples and moves the weights against it; one **epoch** is one pass over the training set, in a fresh random order. Three refinements:
#
# * **momentum** 0.9 ([Sutskever et al., 2013](#references)): the step is a running sum of past gradients, $v \leftarrow 0.9\,v - \eta\, g$, $w \leftarrow w + v$, which smooths the noise of small batches;
# * a **learning rate** $\eta$ that falls along a cosine from `LEARNING_RATE` to zero over the run ([Loshchilov & Hutter, 2017](#references)), so the weights settle at the end;
# * **weight decay** `WEIGHT_DECAY` $= 10^{-3}$: an L2 penalty $\frac{\lambda}{2}\lVert W\rVert^2$ added to the loss of the weights (not the biases), which adds $\lambda W$ to their gradient and so pulls every weight a little towards zero at each step.
#
# The masks multiply both the gradient and the momentum, so a pruned weight stays exactly zero (notebook 03 shows what happens otherwise). `fit` returns a new network and the history of every epoch, evaluated on the training and the test set. The loss axis is logarithmic.

# %%
trained_blobs, hist_blobs = train.fit(net_blobs, blobs.X_train, blobs.y_train, epochs=EPOCHS,
                                      lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY,
                                      X_test=blobs.X_test, y_test=blobs.y_test, seed=SEED)
trained_digits, hist_digits = train.fit(net_digits, digits.X_train, digits.y_train, epochs=EPOCHS,
                                        lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY,
                                        X_test=digits.X_test, y_test=digits.y_test, seed=SEED)
fig = plots.training_curves({"blobs": hist_blobs, "digits": hist_digits},
                            title="Dense training: solid = training set, dashed = test set")

# %% [markdown]
# The dense baselines (the losses are the mean cross-entropy, without the weight-decay penalty):

# %%
print(f"{'data':8s}{'hidden':>8s}{'train acc':>11s}{'test acc':>10s}"
      f"{'train loss':>12s}{'test loss':>11s}  (nats)")
for name, ds, net, h in [("blobs", blobs, trained_blobs, hist_blobs),
                         ("digits", digits, trained_digits, hist_digits)]:
    print(f"{name:8s}{net.n_hidden:8d}{net.accuracy(ds.X_train, ds.y_train):11.1%}"
          f"{net.accuracy(ds.X_test, ds.y_test):10.1%}{h.loss[-1]:12.2e}{h.test_loss[-1]:11.2e}")

# %% [markdown]
# The blobs are easy: the classes barely overlap, and both accuracies reach 100%. The digits are a real task: the network classifies every training image correctly but 97.8% of the test images, and its test loss is about twelve times its training loss ($1.15\times10^{-1}$ against $9.31\times10^{-3}$ nats): it fits the images it trained on better than new ones. Later notebooks watch how pruning moves both numbers.
#
# **What weight decay does to the blobs loss.** On the loss panel, the blobs' training loss falls below $10^{-5}$ within a few epochs and then *rises* again. The blobs are separable (a set of weights classifies every training sample correctly), so the cross-entropy can be made as small as one likes by scaling those weights up; weight decay pulls them back, and the two settle where the pull balances the gain. The **weight norm** $\sqrt{\lVert W_1\rVert^2 + \lVert W_2\rVert^2}$ measures how large the weights are. Training the same network with and without weight decay:

# %%
no_decay, hist_no_decay = train.fit(net_blobs, blobs.X_train, blobs.y_train, epochs=EPOCHS,
                                    lr=LEARNING_RATE, weight_decay=0.0, seed=SEED)


def weight_norm(net):
    return np.sqrt((net.W1 ** 2).sum() + (net.W2 ** 2).sum())


print(f"{'blobs':20s}{'lowest loss (epoch)':>21s}{'last loss':>11s}{'weight norm':>13s}"
      f"{'test acc':>10s}")
print(f"{'untrained':20s}{'':32s}{weight_norm(net_blobs):13.2f}")
for label, net, h in [(f"weight decay {WEIGHT_DECAY:g}", trained_blobs, hist_blobs),
                      ("no weight decay", no_decay, hist_no_decay)]:
    best = int(np.argmin(h.loss))
    print(f"{label:20s}{h.loss[best]:16.1e} ({best:2d}){h.loss[-1]:11.1e}{weight_norm(net):13.2f}"
          f"{net.accuracy(blobs.X_test, blobs.y_test):10.1%}")

# %% [markdown]
# Without weight decay the weights grow (norm 9.93 → 12.13) and the loss falls all the way to $1.9\times10^{-6}$ nats. With weight decay $10^{-3}$ the weights end *smaller* than they started (8.81), and the loss, lowest at $6.7\times10^{-6}$ in epoch 2, climbs back to $2.4\times10^{-5}$: weight decay trades a little training loss for smaller weights. The test accuracy is 100% either way; a loss this small changes no prediction. Small weights are also cheaper to describe, the theme of notebooks 06 and 07.
#
# **Re-running is safe.** The same call with the same seed gives the same network, bit for bit, and leaves the network it was given unchanged:

# %%
again, _ = train.fit(net_blobs, blobs.X_train, blobs.y_train, epochs=EPOCHS, lr=LEARNING_RATE,
                     weight_decay=WEIGHT_DECAY, seed=SEED)
print("identical weights:", yes(all(np.array_equal(getattr(again, k), getattr(trained_blobs, k))
                                    for k in ("W1", "b1", "W2", "b2"))))
fresh = network.TwoLayerNet.create(blobs.n_features, HIDDEN_BLOBS, blobs.n_classes, seed=SEED)
print("the untrained network is unchanged:",
      yes(net_blobs.sparsity == 0.0 and np.array_equal(net_blobs.W1, fresh.W1)))

# %% [markdown]
# ### A pitfall: the test set must come from the training distribution
#
# A test accuracy estimates how the network does on *new samples from the same distribution* as its training set. A test set drawn from another distribution measures something else. A classic way to get one by accident: generate synthetic data by calling the generator once for the training set and once for the test set, when each call draws its own random class centres. The test set then holds three *other* classes that merely carry the same labels 0, 1, 2.

# %% [markdown]
# **Exercise 01.4** *(predict, then run)* The trained blobs network scores 100.0% on its test set. It is now given test sets drawn the second way: each one around three new random centres (`data.make_blobs` with other seeds), labelled 0, 1, 2. Before you run the next cell, write down the accuracy you expect, as a fraction, in `my_guess`.

# %%
my_guess = None   # your guess, e.g. 0.5

# %%
elsewhere = [data.make_blobs(seed=s) for s in range(SEED + 1, SEED + 6)]   # new centres each
new_centres = [trained_blobs.accuracy(ds.X_test, ds.y_test) for ds in elsewhere]
print(f"your guess: {my_guess}")
print(f"test set from the training distribution: "
      f"{trained_blobs.accuracy(blobs.X_test, blobs.y_test):.1%}")
print("test sets around new random centres:    ", ", ".join(f"{a:.1%}" for a in new_centres))

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# The accuracy can be anything from 0% to 100%, and none of it means anything. The network still sorts every input into the three regions it learned; each new blob lands, mostly whole, in one of them, and whether that region's label matches the blob's is luck. The five test sets above give 41.3%, 33.3%, 33.7%, 21.0% and 69.0% for the same network that scores 100.0% on samples from its own distribution. A test set must be drawn from the distribution of the training set, which for these blobs means: draw the centres once, and both sets around them, as `data.make_blobs` does.
#
# </details>

# %% [markdown]
# ## 5. The digits baseline over several splits, against scikit-learn
#
# One split of 450 test images is a noisy measurement: one image is 0.22 **percentage points** (the unit of a difference between two accuracies: 97% − 96% = 1 percentage point). The comparison below repeats the split `N_SPLITS` times (split seed = network seed = $s$) and trains, on each split, scikit-learn's `MLPClassifier(hidden_layer_sizes=(64,))` ([Pedregosa et al., 2011](#references)) as a reference: the same architecture, trained with its own defaults (the Adam optimizer of [Kingma & Ba, 2015](#references), minibatches of 200, an L2 penalty of $10^{-4}$), for the same number of passes over the data, `max_iter=EPOCHS`. Left alone (`max_iter=200` by default), scikit-learn would train until its loss stops improving; stopped at `EPOCHS`, it warns that it has not converged, and the cell silences that warning because the equal budget is the point of the comparison.
#
# The spread is the **sample standard deviation** (`ddof=1`: the squared deviations from the mean are divided by $N-1$ for $N$ splits, not by $N$), the convention of the whole series (`experiments.Summary.std`, which gives 0 for a single split): it estimates how much the accuracy varies from one split to the next.

# %%
ours, sklearn_mlp = [], []
for s in range(N_SPLITS):
    ds = data.load_digits(seed=s)
    if s == SEED:                      # this split and seed is the run of section 4
        trained = trained_digits
    else:
        net = network.TwoLayerNet.create(ds.n_features, HIDDEN_DIGITS, ds.n_classes, seed=s)
        trained, _ = train.fit(net, ds.X_train, ds.y_train, epochs=EPOCHS, lr=LEARNING_RATE,
                               weight_decay=WEIGHT_DECAY, seed=s)
    ours.append(trained.accuracy(ds.X_test, ds.y_test))
    mlp = MLPClassifier(hidden_layer_sizes=(HIDDEN_DIGITS,), max_iter=EPOCHS, random_state=s)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        sklearn_mlp.append(mlp.fit(ds.X_train, ds.y_train).score(ds.X_test, ds.y_test))

print(f"{'split':>5s}{'mdl_prune':>11s}{'MLPClassifier':>15s}")
for s, (a, b) in enumerate(zip(ours, sklearn_mlp)):
    print(f"{s:5d}{a:11.1%}{b:15.1%}")
ours_summary, sklearn_summary = experiments.summarize(ours), experiments.summarize(sklearn_mlp)
print(f"{'mean':>5s}{float(ours_summary.mean):11.2%}{float(sklearn_summary.mean):15.2%}")
print(f"{'std':>5s}{float(ours_summary.std):11.2%}{float(sklearn_summary.std):15.2%}"
      "   (sample standard deviation, ddof=1)")
gap = 100 * float(ours_summary.mean - sklearn_summary.mean)
print(f"mean difference, mdl_prune - MLPClassifier: {gap:+.2f} percentage points")
fig = plots.accuracy_by_seed({"mdl_prune: SGD + momentum": ours,
                              "scikit-learn MLPClassifier": sklearn_mlp},
                             title=f"Digits, {HIDDEN_DIGITS} hidden units: "
                                   "dense test accuracy per split")

# %% [markdown]
# With the same number of passes over the data, our network is ahead on every split, by 1.20 percentage points on average (97.91% against 96.71%); from one split to the next, each accuracy varies with a standard deviation of about 0.3 percentage points, so the gap is real. This is the dense baseline every later notebook prunes, on the same splits and seeds.
#
# ## Summary
#
# - MDL counts a model's cost in bits: the weights plus the labels given the model. The series shortens the weights and measures both parts.
# - The forward pass is six lines of NumPy and gives the package's logits bit for bit; the backward pass is the chain rule from $\partial L/\partial z = (p - T)/n$ down, and it agrees with central finite differences to a relative difference of at most $6.8\times10^{-8}$, dense and pruned.
# - A gradient check needs float64: with $\varepsilon = 10^{-6}$ it is good to about ten digits there, and to one or two in float32.
# - Weight decay ($10^{-3}$) keeps the blobs' weights small (norm 8.81 against 12.13 without it), at the price of a training loss that climbs from $6.7\times10^{-6}$ back to $2.4\times10^{-5}$ nats; the test accuracy stays at 100%.
# - A test set must come from the training distribution: the blobs network scores 100.0% on its own test set and anywhere from 21.0% to 69.0% on test sets around new centres.
# - Sparsity counts weights only; biases are counted apart.
# - Training is deterministic given a seed and never changes the network it is given, so any cell can be re-run in class.
# - The dense digits network reaches 97.8% test accuracy on split 0, and 97.91% ± 0.30% (mean ± sample standard deviation) over 5 splits, against 96.71% ± 0.33% for scikit-learn's MLP trained for the same number of passes: 1.20 percentage points ahead.
#
# **Next:** [02 · One-shot pruning](02_one_shot_pruning.ipynb) removes the smallest weights of these networks and watches the accuracy.

# %% [markdown]
# ## References
# <a id="references"></a>
#
# - Alpaydin, E. & Kaynak, C. (1998). *Optical Recognition of Handwritten Digits* [data set]. UCI Machine Learning Repository. [archive.ics.uci.edu](https://archive.ics.uci.edu/ml/datasets/optical+recognition+of+handwritten+digits)
# - Grünwald, P. D. (2007). *The Minimum Description Length Principle*. MIT Press. [doi:10.7551/mitpress/4643.001.0001](https://doi.org/10.7551/mitpress/4643.001.0001)
# - He, K., Zhang, X., Ren, S. & Sun, J. (2015). Delving deep into rectifiers: surpassing human-level performance on ImageNet classification. *ICCV 2015*. [arXiv:1502.01852](https://arxiv.org/abs/1502.01852)
# - Hinton, G. E. & van Camp, D. (1993). Keeping neural networks simple by minimizing the description length of the weights. *Proceedings of the Sixth Annual Conference on Computational Learning Theory (COLT '93)*, 5–13. [doi:10.1145/168304.168306](https://doi.org/10.1145/168304.168306)
# - Kingma, D. P. & Ba, J. (2015). Adam: a method for stochastic optimization. *ICLR 2015*. [arXiv:1412.6980](https://arxiv.org/abs/1412.6980)
# - LeCun, Y., Bottou, L., Orr, G. B. & Müller, K.-R. (1998). Efficient BackProp. In *Neural Networks: Tricks of the Trade*, Lecture Notes in Computer Science 1524, 9–50. Springer. [doi:10.1007/3-540-49430-8_2](https://doi.org/10.1007/3-540-49430-8_2)
# - Loshchilov, I. & Hutter, F. (2017). SGDR: stochastic gradient descent with warm restarts. *ICLR 2017*. [arXiv:1608.03983](https://arxiv.org/abs/1608.03983)
# - Pedregosa, F. et al. (2011). Scikit-learn: machine learning in Python. *Journal of Machine Learning Research* 12, 2825–2830. [jmlr.org](https://jmlr.org/papers/v12/pedregosa11a.html)
# - Rissanen, J. (1978). Modeling by shortest data description. *Automatica* 14(5), 465–471. [doi:10.1016/0005-1098(78)90005-5](https://doi.org/10.1016/0005-1098(78)90005-5)
# - Sutskever, I., Martens, J., Dahl, G. & Hinton, G. (2013). On the importance of initialization and momentum in deep learning. *ICML 2013*, PMLR 28(3), 1139–1147. [proceedings.mlr.press](https://proceedings.mlr.press/v28/sutskever13.html)
