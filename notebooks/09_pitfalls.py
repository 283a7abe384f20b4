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
# # 09 · Pitfalls: spot the bug in a real pruning notebook
#
# This series grew out of one notebook: a short, readable introduction (in Traditional Chinese) to Hinton & van Camp's paper and to magnitude pruning, which we call **the original notebook** here. It trains a small network on Gaussian blobs, prunes half its weights, fine-tunes, prunes gradually to 95%, and ends with a table that compares the two networks by their "description length". It is a good notebook to learn from: it is short and clear, and its mistakes are the ones many pruning and MDL tutorials make. None of them is careless; each is an easy step that looks right and prints a plausible number. This chapter runs its code (condensed, with its printed messages translated), shows each mistake as a **spot-the-bug** exercise, and then runs the fix. The point is never the one notebook: it is the habit of checking that a number measures what its label says.
#
# **Learning objectives.** After this notebook you can
#
# * recognise a test set that does not test anything, build one that does, and count what pruning removed (weights, not biases);
# * put a model's cost and the data's cost in the same unit (bits) before adding them, and tell a description length from a claim about generalization;
# * check a claim such as "90% removed with minimal loss" against the training *and* test accuracies that go with it;
# * detect figures that silently lose their text (missing glyphs), write notebook cells that can be re-run, and keep pruned weights pruned (carry the mask from round to round, mask the optimizer's momentum with the gradient).
#
# **Prerequisites.** Notebooks 01–06 (the network and its training, one-shot and iterative magnitude pruning, fine-tuning and weight revival, description lengths in bits). Maths: cross-entropy, logarithms in base 2 and $e$. Python and NumPy: classes with attributes, boolean masks, `warnings`.
#
# **Run time:** about 4 s on a 2-core machine, kernel start and imports included (measured with nothing else running; a busy machine takes longer). **Reading time:** about 60 minutes (3,700 words of text, about 19 minutes; about 10 minutes for the original's code and the tables; about 30 minutes for the eight exercises).
#
# **Papers it rests on:** [Hinton & van Camp (1993)](#references) (the paper the original notebook introduces), [Han et al. (2015)](#references) (prune, then retrain), [Zhu & Gupta (2017)](#references) (gradual pruning schedules), [Rissanen (1978)](#references) and [Grünwald (2007)](#references) (description lengths in bits), [Sutskever et al. (2013)](#references) (momentum).
#
# Every section has the same shape: what the original notebook did and printed, an exercise that asks you to find the mistake **before** you open the solution, and the solution, which explains it and runs the fix. The table at the end collects the eight mistakes, their symptoms, their fixes and the chapter that teaches the right way.

# %%
# Setup: in Colab, install the package first; elsewhere this cell does nothing.
import sys
if "google.colab" in sys.modules:
    # %pip install --quiet "mdl_prune @ git+https://github.com/mdl-prune/mdl_prune.git"

# %% [markdown]
# **Parameters.** The knobs of this notebook. Change them and run the notebook again from the top (*Run → Run All Cells*). The original notebook's own settings (epochs, learning rates, the 50% and 95% targets) stay written in its code below, as it wrote them.

# %% tags=["parameters"]
ORIGINAL_SEED = 42        # integer >= 0; the original's np.random.seed(42) gives its numbers
SEED = 0                  # integer >= 0: this package's data, initial weights and minibatch order
HIDDEN = 50               # hidden units of the package's blobs network (the original used 50)
TARGET_SPARSITY = 0.95    # final sparsity of the package's gradual pruning, in [0, 1]
N_ROUNDS = 5              # pruning rounds of the linear schedule (integer >= 1)
ROUND_EPOCHS = 10         # package: fine-tuning epochs after each round (integer >= 1)
NEW_CENTRE_SEEDS = (1, 2, 3, 4, 5)   # seeds of "test sets" drawn around new class centres

# %%
import copy
import io
import warnings

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Image, display

from mdl_prune import data, exercises, mdl, network, prune, train

# %% [markdown]
# ## 1. The original notebook, condensed
#
# The original's code, cell by cell, with changes that do not change a single number: its comments and messages are translated; the progress printing, the figures and attributes it never uses are left out; the gradual run also records the training accuracy; and its random numbers come from an explicit generator `rng = np.random.RandomState(42)` instead of `np.random.seed(42)` followed by `np.random.randn(...)` (the same generator, so the same draws, but no other cell can disturb it). Read it as you would read a colleague's notebook: the computations below are the original's, line for line.
#
# First the network, a two-layer ReLU/softmax classifier whose masks hold 1.0 for a kept weight and 0.0 for a pruned one:

# %%
def relu(x):
    return np.maximum(0, x)


def softmax(x):
    exp_x = np.exp(x - np.max(x, axis=1, keepdims=True))
    return exp_x / np.sum(exp_x, axis=1, keepdims=True)


class SimpleNN:
    """The original's two-layer network."""

    def __init__(self, input_dim, hidden_dim, output_dim, rng):
        self.output_dim = output_dim
        self.W1 = rng.randn(input_dim, hidden_dim) * 0.1
        self.b1 = np.zeros(hidden_dim)
        self.W2 = rng.randn(hidden_dim, output_dim) * 0.1
        self.b2 = np.zeros(output_dim)
        self.mask1 = np.ones_like(self.W1)       # masks that track pruning
        self.mask2 = np.ones_like(self.W2)

    def forward(self, X):
        self.h = relu(np.dot(X, self.W1 * self.mask1) + self.b1)
        return softmax(np.dot(self.h, self.W2 * self.mask2) + self.b2)

    def accuracy(self, X, y):
        return np.mean(np.argmax(self.forward(X), axis=1) == y)

    def count_parameters(self):
        """Total and active (unpruned) parameter counts."""
        total = self.W1.size + self.b1.size + self.W2.size + self.b2.size
        active = int(np.sum(self.mask1) + self.b1.size + np.sum(self.mask2) + self.b2.size)
        return total, active


# %% [markdown]
# Then the data (three Gaussian blobs in 20 dimensions) and the training loop (full-batch gradient descent, no momentum; the update is multiplied by the mask):

# %%
def generate_classification_data(n_samples, n_features, n_classes, rng):
    """Each class is a Gaussian blob around a random centre."""
    X, y = [], []
    for c in range(n_classes):
        center = rng.randn(n_features) * 3                     # this class's random centre
        X.append(rng.randn(n_samples // n_classes, n_features) + center)
        y.append(np.full(n_samples // n_classes, c))
    X, y = np.vstack(X), np.concatenate(y)
    indices = rng.permutation(len(X))                           # shuffle
    return X[indices], y[indices]


def train_network(model, X_train, y_train, X_test, y_test, epochs=100, lr=0.01):
    """Full-batch gradient descent; returns the test accuracy after each epoch."""
    test_accuracies = []
    for epoch in range(epochs):
        probs = model.forward(X_train)
        y_one_hot = np.zeros((len(y_train), model.output_dim))
        y_one_hot[np.arange(len(y_train)), y_train] = 1
        dL_dlogits = (probs - y_one_hot) / len(X_train)
        dL_dW2 = np.dot(model.h.T, dL_dlogits)
        dL_db2 = np.sum(dL_dlogits, axis=0)
        dL_dh = np.dot(dL_dlogits, (model.W2 * model.mask2).T)
        dL_dh[model.h <= 0] = 0                                 # ReLU derivative
        dL_dW1 = np.dot(X_train.T, dL_dh)
        dL_db1 = np.sum(dL_dh, axis=0)
        model.W1 -= lr * dL_dW1 * model.mask1                   # update only where unmasked
        model.b1 -= lr * dL_db1
        model.W2 -= lr * dL_dW2 * model.mask2
        model.b2 -= lr * dL_db2
        test_accuracies.append(model.accuracy(X_test, y_test))
    return test_accuracies


# %% [markdown]
# Then pruning (a global magnitude threshold at a percentile of all $|w|$), the gradual schedule (the target grows linearly, $0.95 \cdot t/5$ for rounds $t = 1, \dots, 5$, with 30 epochs of fine-tuning after each round) and the "MDL" cost:

# %%
def prune_by_magnitude(model, pruning_rate):
    """Prune the weights of smallest magnitude; pruning_rate is the fraction removed."""
    all_magnitudes = np.abs(np.concatenate([model.W1.flatten(), model.W2.flatten()]))
    threshold = np.percentile(all_magnitudes, pruning_rate * 100)
    model.mask1 = (np.abs(model.W1) > threshold).astype(float)
    model.mask2 = (np.abs(model.W2) > threshold).astype(float)
    return threshold


def iterative_pruning(model, X_train, y_train, X_test, y_test,
                      target_sparsity=0.9, num_iterations=5):
    """Gradual pruning and fine-tuning (we also record the training accuracy)."""
    results = []
    for i in range(num_iterations):
        current_sparsity = target_sparsity * (i + 1) / num_iterations
        prune_by_magnitude(model, pruning_rate=current_sparsity)
        train_network(model, X_train, y_train, X_test, y_test, epochs=30, lr=0.005)
        total, active = model.count_parameters()
        results.append({"sparsity": current_sparsity, "active_params": active,
                        "accuracy": model.accuracy(X_test, y_test),
                        "train_accuracy": model.accuracy(X_train, y_train)})
    return results


def compute_mdl(model, X_train, y_train):
    """Simplified MDL = model cost + data cost."""
    total, active = model.count_parameters()
    model_cost = active                              # each parameter = 1 "bit" (simplified)
    probs = model.forward(X_train)
    y_one_hot = np.zeros((len(y_train), model.output_dim))
    y_one_hot[np.arange(len(y_train)), y_train] = 1
    data_cost = -np.sum(y_one_hot * np.log(probs + 1e-8))          # cross-entropy loss
    return {"model_cost": model_cost, "data_cost": data_cost,
            "total_cost": model_cost + data_cost}


# %% [markdown]
# **Running it.** The original's cells in its order: a small test network and a test input (which use up random numbers before the data are drawn), the data, the baseline, 50% pruning and fine-tuning, then gradual pruning to 95% and the MDL table. Its printed results, translated:

# %%
rng = np.random.RandomState(ORIGINAL_SEED)
SimpleNN(10, 20, 3, rng), rng.randn(5, 10)        # the original's first cell: a test network
X_train, y_train = generate_classification_data(1000, 20, 3, rng)
X_test, y_test = generate_classification_data(300, 20, 3, rng)

baseline_model = SimpleNN(20, 50, 3, rng)
baseline_curve = train_network(baseline_model, X_train, y_train, X_test, y_test, epochs=100)
baseline_acc = baseline_model.accuracy(X_test, y_test)
total_params, _ = baseline_model.count_parameters()

pruned_model = copy.deepcopy(baseline_model)
prune_by_magnitude(pruned_model, pruning_rate=0.5)
total, active_50 = pruned_model.count_parameters()
acc_after_pruning = pruned_model.accuracy(X_test, y_test)
train_network(pruned_model, X_train, y_train, X_test, y_test, epochs=50, lr=0.005)
acc_finetuned = pruned_model.accuracy(X_test, y_test)

iterative_model = copy.deepcopy(baseline_model)
results = iterative_pruning(iterative_model, X_train, y_train, X_test, y_test,
                            target_sparsity=0.95, num_iterations=5)
baseline_mdl = compute_mdl(baseline_model, X_train, y_train)
pruned_mdl = compute_mdl(iterative_model, X_train, y_train)
total, active_final = iterative_model.count_parameters()

lines = []   # printed in one piece at the end of the cell
lines.append(f"training set {X_train.shape}, test set {X_test.shape}")
lines.append(f"baseline: test accuracy {baseline_acc:.2%}, {total_params} parameters")
lines.append(f"pruned 50%: remaining parameters {active_50}/{total} ({active_50 / total:.1%})")
lines.append(f"  test accuracy after pruning {acc_after_pruning:.2%}, "
             f"after fine-tuning {acc_finetuned:.2%}")
for r in results:
    lines.append(f"  round to sparsity {r['sparsity']:.1%}: {r['active_params']} active, "
                 f"test accuracy {r['accuracy']:.2%}")
lines.append(f"final sparsity: {(total - active_final) / total:.1%}")
lines.append(f"{'model':<14}{'model cost':>11}{'data cost':>11}{'total':>9}")
for name, row in (("baseline", baseline_mdl), ("pruned (95%)", pruned_mdl)):
    lines.append(f"{name:<14}{row['model_cost']:>11.0f}{row['data_cost']:>11.2f}"
                 f"{row['total_cost']:>9.2f}")
lines.append("The pruned model's total cost is lower -> better generalization!")
lines.append("Key observation: 90%+ of the weights can be removed with minimal accuracy loss!")
print("\n".join(lines))

# %% [markdown]
# The last two lines are the original's conclusions, printed as it printed them. Before reading on, look at the numbers above with a critical eye: which of them would you trust?
#
# ## 2. A test set that tests nothing
#
# The baseline fits its training set perfectly, while its "test" accuracy creeps from 55% after the first epoch to 67% after the last. Here is also what the network predicts for the "test" samples of each label:

# %%
lines = []   # printed in one piece at the end of the cell
lines.append(f"baseline training accuracy: {baseline_model.accuracy(X_train, y_train):.1%}")
lines.append("test accuracy after epochs 1, 20, 50, 100: "
             + ", ".join(f"{baseline_curve[e - 1]:.1%}" for e in (1, 20, 50, 100)))
predicted = np.argmax(baseline_model.forward(X_test), axis=1)
for c in range(3):
    counts = np.bincount(predicted[y_test == c], minlength=3)
    lines.append(f"  'test' samples labelled {c}: predicted as 0, 1, 2: {counts.tolist()}")
print("\n".join(lines))

# %% [markdown]
# **Exercise 09.1** *(code)* **Spot the bug.** Three well separated blobs, 100% training accuracy, and a test accuracy stuck near two thirds, with all the "test" samples of one label predicted as another. The network is not the problem. Find the bug in the cell *Running it*, then write `make_train_test(n_train, n_test, n_features, n_classes, rng)` in the original's style: it returns `X_train, y_train, X_test, y_test`, each class a unit-variance Gaussian blob around a centre drawn from $\mathcal N(0, 3^2 I)$, labels `0 … n_classes - 1`, and a test set that measures what a test set should. `rng` is a `numpy.random.Generator` (use `rng.normal`, `rng.permutation`). The checker draws several data sets with your function and tells you what it sees.

# %%
def make_train_test(n_train, n_test, n_features, n_classes, rng):
    """Gaussian blobs: (X_train, y_train, X_test, y_test) for a test that means something."""
    ...  # your code here


solved = exercises.ch09.check_train_test_split(make_train_test)

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# `generate_classification_data` draws **new random centres** every time it is called, and the original calls it twice: once for the training set and once for the test set. Its "test set" therefore holds three *other* blobs that happen to carry the labels 0, 1, 2. What the network says about them depends only on where the new centres fall relative to the old ones: here two of the three new blobs land on the side of the old class with the same label, and the third on the side of class 1 (the counts above), hence about two thirds. The number measures the geometry of six random points, not generalization. The fix: draw the centres once and both splits from them (or draw one data set and split it). `data.make_blobs` does that; the cell below runs both the original's network on a correct split and the package's network on its blobs, and then scores the package's network on test sets drawn around new centres, as the original did, for several seeds.
#
# </details>

# %% tags=["solution"] jupyter={"source_hidden": true}
def make_train_test(n_train, n_test, n_features, n_classes, rng):
    """Gaussian blobs: (X_train, y_train, X_test, y_test) for a test that means something."""
    centres = rng.normal(0.0, 3.0, size=(n_classes, n_features))      # drawn once, for both
    splits = []
    for n in (n_train, n_test):
        y = rng.permutation(np.arange(n) % n_classes)
        splits += [centres[y] + rng.normal(size=(n, n_features)), y]
    return tuple(splits)


assert exercises.ch09.check_train_test_split(make_train_test)

# The original's network, trained the original's way on a split from the same centres:
fixed_rng = np.random.RandomState(ORIGINAL_SEED)
X_all, y_all = generate_classification_data(1300, 20, 3, fixed_rng)   # one call, then split
fixed_model = SimpleNN(20, 50, 3, fixed_rng)
train_network(fixed_model, X_all[:1000], y_all[:1000], X_all[1000:], y_all[1000:], epochs=100)

blobs = data.make_blobs(seed=SEED)                # the package: one set of centres, two splits
dense_b, dense_history = train.fit(
    network.TwoLayerNet.create(blobs.n_features, HIDDEN, blobs.n_classes, seed=SEED),
    blobs.X_train, blobs.y_train, seed=SEED)
lines = []   # printed in one piece at the end of the cell
lines.append(f"original network, one call split: train "
             f"{fixed_model.accuracy(X_all[:1000], y_all[:1000]):.1%}, "
             f"test {fixed_model.accuracy(X_all[1000:], y_all[1000:]):.1%}")
lines.append(f"package network on data.make_blobs(seed={SEED}): train "
             f"{dense_b.accuracy(blobs.X_train, blobs.y_train):.1%}, "
             f"test {dense_b.accuracy(blobs.X_test, blobs.y_test):.1%}")
for s in NEW_CENTRE_SEEDS:
    other = data.make_blobs(seed=s)
    lines.append(f"  the same network on a 'test set' around new centres (seed {s}): "
                 f"{dense_b.accuracy(other.X_test, other.y_test):.1%}")
print("\n".join(lines))

# %% [markdown]
# ## 3. Counting the biases as "active"
#
# After pruning 50% of the weights the original prints "remaining parameters 628/1203 (52.2%)", and after pruning 95% "final sparsity: 90.8%". Neither is the fraction of weights that pruning removed.

# %% [markdown]
# **Exercise 09.2** *(code)* **Spot the bug** in `count_parameters`, then write `fraction_of_weights_kept(model)`: the fraction of the weight-matrix entries still kept, a number in [0, 1]. `model` has the attributes of `SimpleNN` (`W1`, `b1`, `W2`, `b2`, `mask1`, `mask2`); the masks may be floats (1.0 kept, 0.0 pruned, as in the original) or booleans (as in this package). Careful: in the original a pruned weight keeps its old value in `W1` or `W2`; only the mask says it is pruned.

# %%
def fraction_of_weights_kept(model):
    """The fraction of the weight-matrix entries that are kept (not pruned)."""
    ...  # your code here


solved = exercises.ch09.check_fraction_kept(fraction_of_weights_kept)

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# `count_parameters` adds all 53 biases to the "active" count and to the total, although pruning never touches a bias. The 50%-pruned network keeps 575 of its 1150 weights, exactly half; counting the biases as always active turns that into 628 of 1203, 52.2%. At 95% the error grows: 58 kept weights plus 53 biases make 111 "active parameters", and the printed "final sparsity" becomes 90.8% instead of 95%. Both counts are legitimate questions (how many numbers does the model still store? how many weights did pruning remove?), but only the second is the sparsity. In this package `net.sparsity` counts weights only, and `net.count_parameters()` reports weights kept, weights total and biases separately.
#
# </details>

# %% tags=["solution"] jupyter={"source_hidden": true}
def fraction_of_weights_kept(model):
    """The fraction of the weight-matrix entries that are kept (not pruned)."""
    kept = np.count_nonzero(model.mask1) + np.count_nonzero(model.mask2)
    return kept / (model.mask1.size + model.mask2.size)


assert exercises.ch09.check_fraction_kept(fraction_of_weights_kept)

lines = []   # printed in one piece at the end of the cell
for name, model in (("pruned 50%", pruned_model), ("pruned 95%", iterative_model)):
    total, active = model.count_parameters()
    lines.append(f"{name}: weights kept {fraction_of_weights_kept(model):.1%}; "
                 f"'active parameters' {active}/{total} = {active / total:.1%}")
half = prune.magnitude_prune(dense_b, 0.5)
c = half.count_parameters()
lines.append(f"package, magnitude_prune(net, 0.5): sparsity {half.sparsity:.1%}, "
             f"{c.weights_kept}/{c.weights_total} weights kept, {c.biases} biases apart")
print("\n".join(lines))

# %% [markdown]
# ## 4. An MDL table in two units
#
# The original's table says the 95%-pruned network has the lower total cost, 111 + 851.18 = 962.18 against 1203 + 25.26 = 1228.26 for the baseline, and concludes: "lower total cost → better generalization". Look at `compute_mdl` again.

# %% [markdown]
# **Exercise 09.3** *(code)* **Spot the bugs** (there are two in the code, and one in the conclusion). Then write the data part of an honest code: `data_cost_bits(probs, y)`, the number of bits needed to send the labels `y` (integers, one per row) to a receiver who has the model, given the model's predicted probabilities `probs` (one row per sample, one column per class). That is $-\sum_i \log_2 p(y_i \mid x_i)$: a label the model gives probability $p$ costs $-\log_2 p$ bits.

# %%
def data_cost_bits(probs, y):
    """Bits to send the labels y with the model's probabilities: -sum_i log2 p(y_i | x_i)."""
    ...  # your code here


solved = exercises.ch09.check_data_cost_bits(data_cost_bits)

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# * **Two units in one sum.** The data cost is a cross-entropy with the natural logarithm, in **nats**; the model cost counts parameters as one "bit" each. A nat is $1/\ln 2 \approx 1.44$ bits. Adding the two is like adding metres and feet.
# * **A parameter does not cost one bit.** A float32 value costs 32 bits, a quantized one as many bits as its precision; and a pruned network must also send *which* weights survived (the mask, about $\log_2 \binom{n}{k}$ bits). With one "bit" per parameter, any network with fewer parameters looks cheap, and the two totals say nothing about whether either network is a short description of its labels at all.
# * **The conclusion is asserted, not measured.** A shorter description of the *training* labels does not by itself show better generalization; only a test set can show that (and the original's test set measured nothing, section 2). Here the 95%-pruned network predicts only about 64% of its *training* labels correctly (section 5): its table entry is shorter because it says less.
#
# The cell below recomputes the original's two networks honestly, in bits, with `mdl.description_length` (float32 values, the masks charged, the labels coded under the network's probabilities) and with `mdl.best_description_length` (the best precision from 1 to 16 bits per value), next to the bar every code has to beat: the **uniform code**, $N \log_2 K$ bits for $N$ labels of $K$ classes, which sends the labels with no model at all.
#
# </details>

# %% tags=["solution"] jupyter={"source_hidden": true}
def data_cost_bits(probs, y):
    """Bits to send the labels y with the model's probabilities: -sum_i log2 p(y_i | x_i)."""
    return float(-np.sum(np.log2(probs[np.arange(len(y)), y])))


assert exercises.ch09.check_data_cost_bits(data_cost_bits)


def as_package_net(model):
    """The original's network as a TwoLayerNet (pruned weights set to zero, masks boolean)."""
    return network.TwoLayerNet(model.W1, model.b1, model.W2, model.b2,
                               model.mask1 > 0, model.mask2 > 0)


uniform = mdl.uniform_code_bits(len(y_train), 3)
lines = []   # printed in one piece at the end of the cell
lines.append(f"uniform code of the {len(y_train)} training labels: {uniform:.0f} bits\n")
lines.append(f"{'network':<14}{'original (1 + nats)':>20} | {'float32: model + data = total':>30}"
             f" | {'best precision':>27}")
for name, model, row in (("baseline", baseline_model, baseline_mdl),
                         ("pruned (95%)", iterative_model, pruned_mdl)):
    net = as_package_net(model)
    assert np.isclose(data_cost_bits(model.forward(X_train), y_train),
                      row["data_cost"] / mdl.LN2, rtol=1e-6)       # the same data cost, in bits
    f32 = mdl.description_length(net, X_train, y_train, value_bits=32)
    best = mdl.best_description_length(net, X_train, y_train)
    lines.append(f"{name:<14}{row['total_cost']:>20.2f} | {f32.model_bits:>8.0f} + "
                 f"{f32.data_bits:>6.0f} = {f32.total_bits:>6.0f} bits | "
                 f"{best.value_bits:>2d}-bit: {best.model_bits:>5.0f} + {best.data_bits:>5.0f} "
                 f"= {best.total_bits:>5.0f}")
print("\n".join(lines))

# %% [markdown] tags=["solution"]
# <details><summary>Solution, continued</summary>
#
# Counted honestly, the baseline's float32 values alone cost tens of thousands of bits, more than twenty times the uniform code. The pruned network is the shorter of the two in both counts, so the original's ranking survives, but its conclusion does not: **neither** code is shorter than sending the labels with no model at all, even at the best precision, so neither network compresses its training labels, and the pruned one is shorter partly because it predicts them badly. Notebook 06 builds these codes term by term, shows where pruning and low precision do pay, and measures whether the shortest code picks the network that generalizes best.
#
# </details>

# %% [markdown]
# ## 5. "90%+ removed with minimal loss"
#
# The original's plot of accuracy against sparsity ends with the sentence "Key observation: 90%+ of the weights can be removed with minimal accuracy loss!". Its gradual run pruned to 19%, 38%, 57%, 76% and 95% of the weights, with 30 epochs of full-batch fine-tuning after each round.

# %% [markdown]
# **Exercise 09.4** *(predict, then run)* **Spot the bug.** The plot showed only the test accuracy, which measures nothing here (section 2). What was the **training** accuracy of the 95% network, the one that fits three well separated blobs? Write your guess below (a fraction, e.g. `0.9`), then run the next cell.

# %%
my_guess = None   # training accuracy of the original's network after its last round (95% pruned)

# %%
lines = []   # printed in one piece at the end of the cell
lines.append(f"{'round':>5} {'sparsity':>9} {'weights kept':>13} {'train acc':>10} "
             f"{'test acc (meaningless)':>23}")
for i, r in enumerate(results, 1):
    kept = r["active_params"] - baseline_model.b1.size - baseline_model.b2.size
    lines.append(f"{i:>5} {r['sparsity']:>9.0%} {kept:>13d} {r['train_accuracy']:>10.1%} "
                 f"{r['accuracy']:>23.1%}")
lines.append(f"\nyour guess: {my_guess!r}" if my_guess is not None else "\n(no guess written)")
print("\n".join(lines))

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# The claim is a sentence, not a measurement: nothing in the original computes the accuracy *loss* at 90% or 95%, and the only curve it plots is a test accuracy without meaning. Its own last round falls from 100% to about 64% **training** accuracy: at 95% sparsity its network no longer fits even the three blobs it was trained on. With only 58 weights left, all of them small (the weights start at $0.1 \cdot \mathcal N(0, 1)$) and 30 full-batch steps at a learning rate of 0.005 after each round, fine-tuning has far too little budget to recover. The cell below runs the same linear schedule with this package on its blobs (a test set from the same centres, mini-batch SGD with momentum, `ROUND_EPOCHS` epochs per round) and prints both accuracies: with enough fine-tuning, this network keeps its training and test accuracy at 95% sparsity. On three well separated blobs the claim can be true, but only a measurement can say so, and the original's own run contradicted it. A claim like "90% removed with minimal loss" needs a table of training and test accuracy against sparsity, the dense network's accuracy beside it, and more than one seed (notebook 04 does this).
#
# </details>

# %% tags=["solution"] jupyter={"source_hidden": true}
schedule = prune.linear_schedule(TARGET_SPARSITY, N_ROUNDS)
_, run = prune.iterative_prune(dense_b, blobs.X_train, blobs.y_train, schedule,
                               epochs_per_step=ROUND_EPOCHS, X_test=blobs.X_test,
                               y_test=blobs.y_test, seed=SEED)
lines = []   # printed in one piece at the end of the cell
lines.append(f"dense: train {dense_b.accuracy(blobs.X_train, blobs.y_train):.1%}, "
             f"test {dense_b.accuracy(blobs.X_test, blobs.y_test):.1%}")
lines.append(f"{'round':>5} {'sparsity':>9} {'weights kept':>13} {'train acc':>10} {'test acc':>9}")
for i, (s, kept, hist, test_acc) in enumerate(
        zip(run.sparsity, run.weights_kept, run.histories, run.accuracy_tuned), 1):
    lines.append(f"{i:>5} {s:>9.0%} {kept:>13d} {hist.train_accuracy[-1]:>10.1%} "
                 f"{test_acc:>9.1%}")
print("\n".join(lines))

# %% [markdown]
# ## 6. Labels that turn into empty boxes
#
# The original labels its figures in Chinese ("準確率 vs 稀疏度", accuracy vs sparsity). Matplotlib's default font, DejaVu Sans, has no Chinese characters, and nothing in the notebook chooses a font that has them. Here is the first panel of its figure, drawn by its code in that default font (named explicitly, so that the figure is the same wherever this notebook runs; we render it to an image ourselves, for a reason the exercise explains):

# %%
with plt.rc_context({"font.family": "DejaVu Sans"}):    # the default font, as in the original
    fig, ax = plt.subplots(figsize=(5, 3.2))
    ax.plot([r["sparsity"] for r in results], [r["accuracy"] for r in results], "o-")
    ax.set_xlabel("稀疏度（剪枝比例）")
    ax.set_ylabel("測試準確率")
    ax.set_title("準確率 vs 稀疏度")
    png = io.BytesIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(png, format="png", dpi=80, bbox_inches="tight")
    plt.close(fig)
display(Image(png.getvalue()))
print(f"{len(caught)} warnings while drawing")

# %% [markdown]
# **Exercise 09.5** *(discuss)* **Spot the bug.** The figure above has its curve, its ticks and its numbers, and every Chinese character is an empty box. On most machines, Colab included, the original notebook shows these boxes, with a warning among its outputs that is easy to scroll past (or none at all, where warnings are filtered). How would you make a notebook *fail loudly* when a figure loses its text, so that the mistake cannot slip into a published notebook? And what are the two fixes?

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# When a character has no glyph in the font, Matplotlib draws an empty box and emits a `UserWarning` ("Glyph … missing from font(s) …") at drawing time. A warning is easy to miss (and many notebooks silence them), so turn it into an error where the figure is drawn: `warnings.catch_warnings()` with `warnings.simplefilter("error")`, then force the drawing with `fig.canvas.draw()`. The cell below does this and prints the message it caught (a test suite can do the same for every figure). The fixes: label in the language of the font (here, English), or configure a font that has the characters, e.g. `plt.rcParams["font.family"] = "Noto Sans CJK TC"` after installing it (on Debian and Ubuntu, the package `fonts-noto-cjk`), and check again with the same test, since a font name that is not installed only falls back, with another warning, to DejaVu Sans. A notebook that must draw Chinese on any machine ships its font: this series carries a subset of Noto Sans CJK TC (SIL Open Font License) in its package. The third case of the cell registers that file with `font_manager.fontManager.addfont` and names it after DejaVu Sans in `font.family`; Matplotlib then takes each character from the first font of the list that has it, so the Latin letters and digits stay those of DejaVu Sans and the Chinese ones come from Noto.
#
# </details>

# %% tags=["solution"] jupyter={"source_hidden": true}
from importlib.resources import files

from matplotlib import font_manager


def missing_glyphs(fig):
    """Draw the figure; return the first missing-glyph warning as text, or None."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")        # every warning becomes an exception
        try:
            fig.canvas.draw()
        except UserWarning as warning:
            return str(warning)
    return None


# The series' own font, a file in the package: register it, then name it after DejaVu Sans.
font_file = files("mdl_prune") / "plots" / "fonts" / "NotoSansCJKtc-Regular-subset.otf"
font_manager.fontManager.addfont(str(font_file))
chinese, english = ("稀疏度（剪枝比例）", "測試準確率"), ("sparsity (fraction pruned)", "test accuracy")
lines = []   # printed in one piece at the end of the cell
for fonts, labels in ((["DejaVu Sans"], chinese), (["DejaVu Sans"], english),
                      (["DejaVu Sans", "Noto Sans CJK TC mdl_prune"], chinese)):
    with plt.rc_context({"font.family": fonts}):
        fig, ax = plt.subplots(figsize=(5, 3.2))
        ax.plot([r["sparsity"] for r in results], [r["accuracy"] for r in results], "o-")
        ax.set_xlabel(labels[0])
        ax.set_ylabel(labels[1])
        problem = missing_glyphs(fig)
        plt.close(fig)
    lines.append(f"labels {labels[0]!r}, font {' then '.join(fonts)}: "
                 + (f"error: {problem}" if problem else "no warning"))
print("\n".join(lines))

# %% [markdown]
# ## 7. Cells that change what they are given
#
# `train_network` and `prune_by_magnitude` change the model they are handed: they write into `model.W1`, `model.mask1` and the rest. In a notebook that means a cell's result depends on how often it has run. The original's fine-tuning cell is
#
# ```python
# finetune_accs = train_network(pruned_model, X_train, y_train, X_test, y_test, epochs=50, lr=0.005)
# acc_finetuned = pruned_model.accuracy(X_test, y_test)
# ```
#
# and it ran once above. (Its pruning cell starts with `pruned_model = copy.deepcopy(baseline_model)`, which protects that cell, as long as nobody splits it.) The cell after the exercise runs the fine-tuning cell twice in a row, on a fresh copy of the just-pruned network (so that this notebook's own cells stay safe to re-run), and a pruning cell twice.

# %% [markdown]
# **Exercise 09.6** *(predict, then run)* **Spot the bug.** A student runs the fine-tuning cell a second time, to look at the output again. Does the printed accuracy stay at the value printed in section 1? And what does a pruning cell written in the common in-place style below print when it runs twice?

# %%
def prune_in_place(W, pruning_rate):
    """Zero the fraction pruning_rate of the still nonzero weights of smallest magnitude."""
    alive = W != 0
    threshold = np.percentile(np.abs(W[alive]), pruning_rate * 100)
    W[alive & (np.abs(W) <= threshold)] = 0


my_guess = None   # e.g. "same accuracy; 50% then 50%"

# %%
student_model = copy.deepcopy(baseline_model)      # the pruning cell, as in section 1
prune_by_magnitude(student_model, pruning_rate=0.5)
lines = []   # printed in one piece at the end of the cell
for run_number in (1, 2):                            # the fine-tuning cell, run twice
    train_network(student_model, X_train, y_train, X_test, y_test, epochs=50, lr=0.005)
    lines.append(f"fine-tuning cell, run {run_number}: test accuracy "
                 f"{student_model.accuracy(X_test, y_test):.2%}")
W = baseline_model.W1.copy()
for run_number in (1, 2):                            # the pruning cell, run twice
    prune_in_place(W, 0.5)
    lines.append(f"in-place pruning cell, run {run_number}: {np.mean(W == 0):.1%} of W1 is zero")
lines.append(f"\nyour guess: {my_guess!r}" if my_guess is not None else "\n(no guess written)")
print("\n".join(lines))

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# The second run of the fine-tuning cell trains the *already fine-tuned* network for 50 more epochs, so the accuracy it prints changes; the in-place pruning cell prunes half of what is left each time it runs, so the second run leaves a quarter. Nothing warns the student, and the notebook's text no longer matches its outputs. The cure is functions that **return new objects** and never change their arguments: then a cell computes the same thing however often it runs. This package's `train.fit` and `prune.magnitude_prune` return new networks, and a network's arrays are read-only; `sparsity` is the state to reach, so pruning a 50% network to 50% again changes nothing. The cell below runs each twice.
#
# </details>

# %% tags=["solution"] jupyter={"source_hidden": true}
lines = []   # printed in one piece at the end of the cell
once = prune.magnitude_prune(dense_b, 0.5)
before = np.array(once.W1)
twice = prune.magnitude_prune(once, 0.5)
lines.append(f"magnitude_prune(net, 0.5): {once.sparsity:.1%}; "
             f"applied again: {twice.sparsity:.1%}; "
             f"same masks: {np.array_equal(once.mask1, twice.mask1)}")
tuned = [train.fit(once, blobs.X_train, blobs.y_train, epochs=2, seed=SEED)[0] for _ in range(2)]
lines.append("train.fit run twice from the same network: identical results: "
             f"{all(np.array_equal(tuned[0].W1, t.W1) for t in tuned)}; "
             f"input unchanged: {np.array_equal(once.W1, before)}")
try:
    once.W1[0, 0] = 1.0
except ValueError as err:
    lines.append(f"writing into a network's weights is refused: {err}")
print("\n".join(lines))

# %% [markdown]
# ## 8. Masks rebuilt from stale weights
#
# `prune_by_magnitude` does not zero the pruned weights: it leaves them in `W1` and `W2` at the values they had when they were pruned, and training does not update them (the update is multiplied by the mask). Every call then **rebuilds** the mask from all the weights, `np.abs(W) > threshold`, with the threshold a percentile of all $|w|$, stale ones included. In the gradual run of section 1 that happened to work. Now take the student's 50% network of section 7, fine-tuned twice, and run its pruning at the same 50% again (on a copy, so that the cell can be re-run):

# %%
stale_model = copy.deepcopy(student_model)
old_mask1, old_mask2 = stale_model.mask1.copy(), stale_model.mask2.copy()
prune_by_magnitude(stale_model, pruning_rate=0.5)
came_back = int(np.sum(stale_model.mask1 > old_mask1) + np.sum(stale_model.mask2 > old_mask2))
dropped = int(np.sum(stale_model.mask1 < old_mask1) + np.sum(stale_model.mask2 < old_mask2))
lines = []   # printed in one piece at the end of the cell
lines.append(f"pruning to 50% again: {came_back} pruned weights came back, "
             f"{dropped} kept ones went")
prune_by_magnitude(stale_model, pruning_rate=0.3)     # a lower rate, e.g. a typo or a slider
kept_share = np.mean(np.concatenate([stale_model.mask1.ravel(), stale_model.mask2.ravel()]))
lines.append(f"then pruning to 30%: weights kept {kept_share:.0%}")
print("\n".join(lines))

# %% [markdown]
# **Exercise 09.7** *(discuss)* **Spot the bug.** Where do the weights that "came back" come from, and with which values? Why can a threshold over *all* weights, stale ones included, let them in? And what property should a pruning function guarantee, whatever the weights do between rounds?

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# Fine-tuning moved the kept weights, and some of them shrank below the magnitudes that some pruned weights still hold, frozen since they were pruned. Rebuilding the mask from $|W|$ swaps the two: the shrunk weights are pruned and the stale ones come back, with values that never saw the fine-tuning. Asked for a lower rate, the same function silently un-prunes. Nothing guarantees that pruned weights stay pruned, and whether a run is affected depends on the data, the seed and the schedule. A pruning function should take the **current mask** as state and only shrink it: choose the new weights to prune among the kept ones, so that `new_mask <= old_mask` everywhere, and refuse a target below the current sparsity. This package stores pruned weights as exact zeros, carries the masks inside the network, prunes only kept weights (`prune.prune_lowest`, Exercise 02.4 writes it) and raises an error when asked for less sparsity:
#
# </details>

# %% tags=["solution"] jupyter={"source_hidden": true}
tuned_half, _ = train.fit(half, blobs.X_train, blobs.y_train, epochs=ROUND_EPOCHS, seed=SEED)
pruned_95 = prune.magnitude_prune(tuned_half, 0.95)
shrunk = all(np.all(new <= old) for new, old in ((pruned_95.mask1, half.mask1),
                                                  (pruned_95.mask2, half.mask2)))
lines = []   # printed in one piece at the end of the cell
lines.append(f"50% network fine-tuned, then pruned to 95%: every pruned weight still pruned: "
             f"{shrunk}")
try:
    prune.magnitude_prune(pruned_95, 0.3)
except ValueError as err:
    lines.append(f"asking for less sparsity: {type(err).__name__}: {err}")
print("\n".join(lines))

# %% [markdown]
# ## 9. A gradient mask without a momentum mask
#
# The original's training step has no momentum, so its masked update keeps a pruned weight still. Most real training loops use SGD with momentum (or Adam), and the natural way to add it to the original's step masks only the gradient:
#
# ```python
# v1 = momentum * v1 - lr * dL_dW1 * model.mask1      # the gradient is masked ...
# model.W1 += v1                                       # ... the velocity is not
# ```

# %% [markdown]
# **Exercise 09.8** *(discuss)* **Spot the bug.** When does this loop move a pruned weight, and what does the move do to the original's next round of pruning?

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# When the velocity `v1` is carried across the pruning step: a weight pruned while it was moving keeps its velocity, which decays by the factor `momentum` each step but keeps moving the weight (by $\mu/(1-\mu)$ times the velocity in all, 9 times with $\mu = 0.9$). The weight **revives**. In a loop that rebuilds its masks from the weights (section 8) a revived weight is soon a kept weight again, and the network quietly becomes dense. The fix is one multiplication: mask the velocity too (`v1 = (momentum * v1 - lr * dL_dW1) * model.mask1`), as `train.fit` does. Notebook 03 (section 5) shows the revival step by step and measures how far revived weights travel; the cell below counts the revived weights in one run of `train.fit` with only the gradient masked.
#
# </details>

# %% tags=["solution"] jupyter={"source_hidden": true}
lines = []   # printed in one piece at the end of the cell
for mask_momentum in (False, True):
    after, hist = train.fit(half, blobs.X_train, blobs.y_train, epochs=1, seed=SEED,
                            velocity=dense_history.velocity, mask_momentum=mask_momentum)
    lines.append(f"velocity masked: {mask_momentum!s:5}: {hist.revived[-1]} of the "
                 f"{half.count_parameters().weights_pruned} pruned weights revived after one "
                 f"epoch; sparsity now {after.sparsity:.1%}")
print("\n".join(lines))

# %% [markdown]
# ## Summary
#
# | mistake in the original | symptom | fix | the right way, taught in |
# |---|---|---|---|
# | test set drawn around new class centres | 100% train, 67% "test": whole classes predicted as others | draw the centres once, both splits from them | 01 (the data) |
# | biases counted as always active | "50% pruned" reports 52.2% remaining; 95% reports 90.8% | count weights only; report biases apart | 01, 02 |
# | "1 bit per parameter" + cross-entropy in nats | a table whose totals mean nothing; both codes are longer than the uniform code | everything in bits: mask, quantized values, labels; compare with the uniform code | 06 |
# | "lower cost → better generalization" asserted | no test measurement behind the claim | measure test accuracy on a real test set | 01, 04, 06 |
# | "90%+ removed with minimal loss" asserted | 64% *training* accuracy at 95% | tables of train and test accuracy against sparsity, several seeds | 02, 03, 04 |
# | Chinese labels without a CJK font | empty boxes, a warning easy to miss | turn warnings into errors when drawing; label in the font's language or configure a font | this chapter |
# | cells mutate shared state | re-running a cell trains further or prunes again | functions that return new networks | 01, 03 |
# | masks rebuilt from stale weights | pruned weights come back with stale values | carry the mask; masks only shrink | 02 (Exercise 02.4), 03 |
# | only the gradient masked (once momentum is added) | weight revival | mask the velocity too | 03 |
#
# The general lessons: a number is only as good as what it is compared with (a test set from the same classes, the uniform code, the dense network); quantities are added only in the same unit; a claim in the text needs a cell that measures it; and state that a cell changes makes the notebook's story depend on how it was run. None of these mistakes changes what the original notebook set out to teach, which the rest of this series keeps: pruning works, and the description length of a network is worth measuring, in bits.

# %% [markdown]
# ## References
#
# * Grünwald, P. D. (2007). *The Minimum Description Length Principle*. MIT Press. [doi:10.7551/mitpress/4643.001.0001](https://doi.org/10.7551/mitpress/4643.001.0001)
# * Han, S., Pool, J., Tran, J. & Dally, W. J. (2015). Learning both weights and connections for efficient neural networks. *Advances in Neural Information Processing Systems 28* (NIPS 2015). [arXiv:1506.02626](https://arxiv.org/abs/1506.02626)
# * Hinton, G. E. & van Camp, D. (1993). Keeping neural networks simple by minimizing the description length of the weights. *Proceedings of the Sixth Annual Conference on Computational Learning Theory* (COLT '93), 5–13. [doi:10.1145/168304.168306](https://doi.org/10.1145/168304.168306)
# * Rissanen, J. (1978). Modeling by shortest data description. *Automatica* 14(5), 465–471. [doi:10.1016/0005-1098(78)90005-5](https://doi.org/10.1016/0005-1098(78)90005-5)
# * Sutskever, I., Martens, J., Dahl, G. & Hinton, G. (2013). On the importance of initialization and momentum in deep learning. *Proceedings of the 30th International Conference on Machine Learning* (ICML 2013), PMLR 28(3), 1139–1147. [proceedings.mlr.press/v28/sutskever13](https://proceedings.mlr.press/v28/sutskever13.html)
# * Zhu, M. & Gupta, S. (2017). To prune, or not to prune: exploring the efficacy of pruning for model compression. [arXiv:1710.01878](https://arxiv.org/abs/1710.01878)
# * Matplotlib documentation: [fonts and missing glyphs](https://matplotlib.org/stable/users/explain/text/fonts.html); Python documentation: [`warnings.catch_warnings`](https://docs.python.org/3/library/warnings.html#warnings.catch_warnings).
