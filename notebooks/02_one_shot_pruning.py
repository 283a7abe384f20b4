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
# # 02 · One-shot pruning: which weights can go without retraining?
#
# Hinton & van Camp's argument is that every weight costs bits to describe, and a weight that does little work is not worth its bits. The bluntest way to stop paying for a weight is to **delete it**: set it to exactly zero and never send it. This notebook takes the dense digits networks of [01 · Baseline training](01_baseline_training.ipynb) and deletes weights in one shot, **without any retraining**, to see how much of each network is dead weight.
#
# You will see:
#
# 1. **magnitude pruning** (delete the weights of smallest $|w|$) with one *global* threshold for the whole network, and with the same fraction removed in *every layer*, against a **random-pruning control** that deletes weights blindly;
# 2. test accuracy against sparsity from 0% to 99%, as a mean over several networks with a band for their spread;
# 3. where the threshold falls on the histogram of the weights;
# 4. what "prune 50%" means *exactly*: rounding, ties, weights that never come back, and how PyTorch and TensorFlow count.
#
# Retraining the survivors comes in [03 · Fine-tuning](03_fine_tuning.ipynb).

# %%
# Setup: in Colab, install the package first; elsewhere this cell does nothing.
import sys
if "google.colab" in sys.modules:
    # %pip install --quiet "mdl_prune @ git+https://github.com/mdl-prune/mdl_prune.git"

# %% [markdown]
# **Parameters.** Change them and run the notebook again from the top (*Run → Run All Cells*).

# %% tags=["parameters"]
N_SEEDS = 5          # networks from different initial weights and minibatch orders (integer >= 1)
HIDDEN = 64          # hidden units (integer >= 1)
EPOCHS = 40          # training epochs of each dense network (integer >= 1)
SPLIT_SEED = 0       # train/test split of the digits, the same for every network (integer >= 0)
SPARSITIES = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85,
              0.9, 0.93, 0.95, 0.97, 0.98, 0.99]   # fractions of the weights pruned, each in [0, 1]
SHOW_SPARSITY = 0.9  # the sparsity whose threshold is drawn on the histogram (in [0, 1])

# %%
import numpy as np

from mdl_prune import data, experiments, network, plots, prune, train

# %% [markdown]
# ## 1. The dense networks
#
# `N_SEEDS` networks with `HIDDEN` hidden units, trained as in notebook 01 on one split of the digits. They differ only in their initial weights and the order of the minibatches (seed $s$ for both), so their spread shows how much a result depends on luck rather than on the method.

# %%
digits = data.load_digits(seed=SPLIT_SEED)
seeds = list(range(N_SEEDS))
dense = {}
for s in seeds:
    net = network.TwoLayerNet.create(digits.n_features, HIDDEN, digits.n_classes, seed=s)
    dense[s], _ = train.fit(net, digits.X_train, digits.y_train, epochs=EPOCHS, seed=s)

dense_acc = experiments.summarize(
    [dense[s].accuracy(digits.X_test, digits.y_test) for s in seeds], seeds
)
count = dense[0].count_parameters()
print(f"weights: {count.weights_total} ({dense[0].W1.size} in W1, {dense[0].W2.size} in W2), "
      f"biases: {count.biases} (never pruned)")
print("dense test accuracy per seed:", ", ".join(f"{a:.1%}" for a in dense_acc.values))
print(
    f"mean {float(dense_acc.mean):.2%}, spread (min to max) "
    f"{float(dense_acc.low):.1%} to {float(dense_acc.high):.1%}"
)

# %% [markdown]
# ## 2. Where the threshold falls
#
# Magnitude pruning at sparsity $s$ sorts the weights by $|w|$ and deletes the $\mathrm{round}(s \cdot n)$ smallest. Equivalently it draws a threshold $t$ and deletes every weight in $(-t, t)$. There are two common ways to choose $t$:
#
# - **global**: one threshold for all weights of the network, so each layer loses whatever fraction of its weights falls below it;
# - **layer-wise**: each layer loses the fraction $s$ of its own weights, with its own threshold.
#
# The histogram below (seed 0, log-scale counts) shows the weights of both layers stacked, with the thresholds at `SHOW_SPARSITY`. Everything between a pair of lines is deleted.

# %%
net0 = dense[0]
t_global = prune.magnitude_threshold(net0, SHOW_SPARSITY, scope="global")[0]
t_w1, t_w2 = prune.magnitude_threshold(net0, SHOW_SPARSITY, scope="layer")
g1, g2 = prune.magnitude_prune(net0, SHOW_SPARSITY, scope="global").layer_sparsity()
print(f"median |w|: W1 {np.median(np.abs(net0.W1)):.3f}, W2 {np.median(np.abs(net0.W2)):.3f}")
print(
    f"global threshold at {SHOW_SPARSITY:.0%}: {t_global:.3f} "
    f" -> prunes {g1:.1%} of W1 and {g2:.1%} of W2"
)
print(f"layer-wise thresholds: W1 {t_w1:.3f}, W2 {t_w2:.3f}  -> prunes {SHOW_SPARSITY:.0%} of each")
fig = plots.weight_histogram(
    {"W1 (input -> hidden)": net0.W1, "W2 (hidden -> output)": net0.W2},
    {f"global {SHOW_SPARSITY:.0%}": t_global, f"layer-wise W1 {SHOW_SPARSITY:.0%}": t_w1,
     f"layer-wise W2 {SHOW_SPARSITY:.0%}": t_w2},
    title=f"Trained weights of seed 0 and the magnitude thresholds at {SHOW_SPARSITY:.0%} sparsity")

# %% [markdown]
# **Try it.** Readers in a browser see the static figure above; in Jupyter, Colab or Binder, move the sliders and press *Draw* to redraw it for other values. The function behind the sliders only reads the networks computed above, so turning them changes nothing else in the notebook.
#
# The sliders appear when the cell below runs (after reopening a saved notebook, run the cell again).

# %%
# NBVAL_IGNORE_OUTPUT
from ipywidgets import Dropdown, FloatSlider

from mdl_prune.widgets import SliderFigure


def show_threshold(sparsity, scope):
    """Prune seed 0's network at `sparsity`: a line on what it costs, and the thresholds drawn."""
    pruned = prune.magnitude_prune(net0, sparsity, scope=scope)
    t1, t2 = prune.magnitude_threshold(net0, sparsity, scope=scope)
    s1, s2 = pruned.layer_sparsity()
    accuracy, dense = (n.accuracy(digits.X_test, digits.y_test) for n in (pruned, net0))
    text = (f"{scope} pruning of {sparsity:.0%}: W1 {s1:.1%} and W2 {s2:.1%} pruned; "
            f"test accuracy {accuracy:.1%} (dense {dense:.1%}), no retraining")
    fig = plots.weight_histogram(
        {"W1 (input -> hidden)": net0.W1, "W2 (hidden -> output)": net0.W2},
        {f"{scope} W1": t1, f"{scope} W2": t2},
        title=f"Seed 0 weights and the {scope} thresholds at {sparsity:.0%}")
    return text, fig


SliderFigure(show_threshold, {
    "sparsity": FloatSlider(value=SHOW_SPARSITY, min=0.0, max=1.0, step=0.01,
                            readout_format=".2f", description="sparsity"),
    "scope": Dropdown(options=["global", "layer"], value="global", description="scope")})


# %% [markdown]
# The output layer `W2` has few weights, and each carries more of the decision: its weights are larger (see the medians printed above). One global threshold therefore spares more of `W2` than of `W1`, while layer-wise pruning forces `W2` to lose as large a share as `W1`. The next section measures what that costs.
#
# ## 3. Accuracy against sparsity, without retraining
#
# For each seed and each sparsity in `SPARSITIES`, three ways of deleting the same number of weights from the same trained network:
#
# - **global magnitude**: `prune.magnitude_prune(net, s, scope="global")`;
# - **layer-wise magnitude**: `prune.magnitude_prune(net, s, scope="layer")`;
# - **random** (the control): `prune.random_prune(net, s, seed=s, scope="global")` deletes uniformly chosen weights. Any criterion worth its name must beat it; how far it falls shows how much the *choice* of weights matters, as opposed to their number.
#
# No weight is retrained: each line shows what the trained network already knew without the deleted weights. `experiments.over_seeds` runs the experiment for every seed and returns the mean and the spread.

# %%
def one_shot(seed):
    """Test accuracy of one trained network pruned to every sparsity in SPARSITIES, three ways."""
    net = dense[seed]
    acc = lambda pruned: pruned.accuracy(digits.X_test, digits.y_test)
    return {
        "global magnitude": [
            acc(prune.magnitude_prune(net, s, scope="global")) for s in SPARSITIES
        ],
        "layer-wise magnitude": [
            acc(prune.magnitude_prune(net, s, scope="layer")) for s in SPARSITIES
        ],
        "random (control)": [acc(prune.random_prune(net, s, seed=seed)) for s in SPARSITIES],
    }

curves = experiments.over_seeds(one_shot, seeds)
fig = plots.accuracy_vs_sparsity(
    {name: (SPARSITIES, summary) for name, summary in curves.items()},
    baseline=dense_acc,
    title=f"Digits, {HIDDEN} hidden units: one-shot pruning without retraining",
)

# %%
print(f"{'sparsity':>8} {'weights left':>12} |" + "".join(f"{name:>23}" for name in curves))
print(f"{'':>8} {'':>12} |" + "".join(f"{'mean ± std (min)':>23}" for _ in curves))
for i, s in enumerate(SPARSITIES):
    left = count.weights_total - prune.n_to_prune(s, count.weights_total)
    cells = "".join(
        f"{c.mean[i]:>10.1%} ± {c.std[i]:4.1%} ({c.low[i]:5.1%})" for c in curves.values()
    )
    print(f"{s:>8.0%} {left:>12d} |{cells}")

# %%
mean = {name: c.mean for name, c in curves.items()}
dense_mean = float(dense_acc.mean)
within_1 = [s for s, a in zip(SPARSITIES, mean["global magnitude"]) if a >= dense_mean - 0.01]
print("Largest sparsity where global magnitude pruning loses at most 1 point on average: "
      + (f"{max(within_1):.0%}" if within_1 else "none of those tried"))
for s, a in zip(SPARSITIES, mean["random (control)"]):
    if a < dense_mean - 0.01:
        print(f"Random pruning already loses more than 1 point at {s:.0%}.")
        break

# The claims of the text below, checked on this run (nbval notices if an answer ever changes):
checks = {
    "global magnitude ahead of random at every sparsity from 10% to 95%": all(
        g > r
        for s, g, r in zip(SPARSITIES, mean["global magnitude"], mean["random (control)"])
        if 0.1 <= s <= 0.95
    ),
    "global ahead of layer-wise at every sparsity from 80% to 95%": all(
        g > l
        for s, g, l in zip(SPARSITIES, mean["global magnitude"], mean["layer-wise magnitude"])
        if 0.8 <= s <= 0.95
    ),
}
for claim, holds in checks.items():
    print(f"{'yes' if holds else 'NO'}: {claim}")

# %% [markdown]
# What the figure and the table say:
#
# - **The criterion matters more than the count.** Random pruning loses accuracy from the first tenth on and falls towards chance (10%) long before magnitude pruning does; magnitude pruning is ahead at every sparsity from 10% to 95% (checked in the cell above). Most of a trained network's small weights really are dead weight; a random tenth of them is not.
# - **Global beats layer-wise at high sparsity** (checked from 80% to 95%): forcing the small output layer to lose as large a share as the input layer deletes weights the decision needs. At the very end, 97–99%, the two curves meet or cross: with a few dozen weights left, global pruning has starved `W1` and both are poor (see the table).
# - **Without retraining, the collapse is steep.** The accuracy holds up to the sparsity printed above and then drops fast: the survivors were trained to work *together with* the weights now missing. Retraining them (notebook 03) and pruning gradually (notebook 04) move the cliff much further.
# - The bands are narrow where the curve is flat and wide on the cliff: there, which weights happen to sit just below the threshold differs from network to network. One seed alone would tell a misleading story.
#
# ## 4. What "prune 50%" means, exactly
#
# ### Rounding
#
# `sparsity = s` over $n$ weights prunes exactly $\mathrm{round}(s \cdot n)$ of them, with Python's `round`, which sends a half to the **even** integer. So 50% of 7 weights prunes 4 (3.5 rounds to 4), but 50% of 5 weights prunes 2 (2.5 rounds to 2). Truncating with `int` instead would be wrong for a different reason: $0.29 \times 100$ is `28.999999999999996` in floating point.

# %%
print(f"{'n':>5} {'s':>5} {'s*n':>20} {'round (pruned)':>15} {'int (truncated)':>16}")
for n, s in [(7, 0.5), (5, 0.5), (100, 0.29), (count.weights_total, SHOW_SPARSITY)]:
    print(f"{n:>5} {s:>5} {s * n!r:>20} {prune.n_to_prune(s, n):>15} {int(s * n):>16}")

tiny = network.TwoLayerNet.create(1, 7, 2, seed=0)          # W1 has exactly 7 weights
halved = prune.magnitude_prune(tiny, 0.5, scope="layer")
print(f"layer-wise 50% of a 1-7-2 network: W1 loses {int((~halved.mask1).sum())} of 7, "
      f"W2 loses {int((~halved.mask2).sum())} of 14")

# %% [markdown]
# Layer-wise pruning rounds **in each layer**, so its total can differ from the global count by rounding: in a 1-3-2 network (3 + 6 weights), 50% globally is round(4.5) = 4 weights, layer by layer it is round(1.5) + round(3) = 5.

# %%
small = network.TwoLayerNet.create(1, 3, 2, seed=0)
for scope in ("global", "layer"):
    c = prune.magnitude_prune(small, 0.5, scope=scope).count_parameters()
    print(f"{scope:>6}: {c.weights_pruned} of {c.weights_total} weights pruned")

# %% [markdown]
# ### Ties
#
# When several weights have the same magnitude and only some of them can go, which ones? The package breaks ties **by position**: layer 1 before layer 2, then row by row inside a layer (a stable sort). The answer is then the same on every machine and every run. Trained floating-point weights rarely tie, but quantized weights (notebook 06) tie all the time. Below, a network whose twelve weights all have magnitude 1, pruned to 75% (9 of 12 weights; 1 = kept, 0 = pruned): all six weights of `W1` go first, then the first three of `W2`, row by row.

# %%
W1 = np.array([[1.0, -1.0, 1.0], [-1.0, 1.0, -1.0]])      # 2 inputs, 3 hidden units
W2 = np.array([[1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])     # 3 hidden units, 2 outputs
ties = network.TwoLayerNet(
    W1, np.zeros(3), W2, np.zeros(2), np.ones((2, 3), bool), np.ones((3, 2), bool)
)
half = prune.magnitude_prune(ties, 0.75)
print("mask1 =", half.mask1.astype(int).tolist(), "  mask2 =", half.mask2.astype(int).tolist())
again = prune.magnitude_prune(ties, 0.75)
print(
    "the same on a second call:",
    np.array_equal(half.mask1, again.mask1) and np.array_equal(half.mask2, again.mask2),
)

# %% [markdown]
# ### Pruned weights never come back
#
# A pruned weight is stored as exactly 0 and its mask entry is `False`. Pruning an already pruned network to a *higher* sparsity keeps every earlier deletion (they count towards the target, and go first); asking for a *lower* sparsity would have to bring weights back, and is refused with an error that says so. (The original notebook rebuilt its masks from the current weights each round, so nothing guaranteed this.)

# %%
p90 = prune.magnitude_prune(dense[0], 0.9)
p95 = prune.magnitude_prune(p90, 0.95)
print("every weight pruned at 90% is still pruned at 95%:",
      bool(np.all(~p95.mask1[~p90.mask1]) and np.all(~p95.mask2[~p90.mask2])))
try:
    prune.magnitude_prune(p90, 0.5)
except ValueError as err:
    print("ValueError:", err)


# %% [markdown]
# ### How PyTorch and TensorFlow count
#
# The same words mean slightly different things in the two big libraries, so it pays to know the rules:
#
# - **PyTorch** (`torch.nn.utils.prune`): a float `amount` prunes `round(amount * n)` entries with Python's `round`, exactly as here. `global_unstructured(..., pruning_method=L1Unstructured)` ranks all the listed tensors together (our `scope="global"`); `l1_unstructured` on each layer is our `scope="layer"`. The test `tests/test_prune.py::test_masks_match_torch_prune` checks that the masks are identical, for several shapes and amounts, whenever PyTorch is installed (it is skipped otherwise; PyTorch is not a dependency). PyTorch breaks ties through `topk`, in no documented order, so that comparison uses weights without ties. The masks sit beside the original weights until `prune.remove` makes them permanent, and pruning the same tensor again takes the fraction of the *remaining* entries: notebook 04 shows what that changes.
# - **TensorFlow Model Optimization** (`prune_low_magnitude`): each layer is pruned separately (layer-wise, no global threshold); the number *kept* is `max(1, round(n * (1 - s)))`, so at least one weight always survives and a half is rounded on the kept side; and every weight whose magnitude equals the threshold is kept, so a tie can keep more weights than asked. The sparsity is always a fraction of *all* the layer's weights.
#
# The counts for a few cases (the TensorFlow column applies its rule for a single layer of $n$ weights):

# %%
def tensorflow_pruned(s, n):
    """Weights TensorFlow Model Optimization prunes in one layer of n (no ties).

    It keeps max(1, round(n (1 - s))).
    """
    return n - max(1, round(n * (1 - s)))

print(f"{'n':>5} {'s':>5} {'mdl_prune / PyTorch':>20} {'TensorFlow':>11}")
for n, s in [(7, 0.5), (5, 0.5), (10, 1.0), (HIDDEN * digits.n_classes, SHOW_SPARSITY)]:
    print(f"{n:>5} {s:>5} {prune.n_to_prune(s, n):>20} {tensorflow_pruned(s, n):>11}")

# %% [markdown]
# ## Summary
#
# - Magnitude pruning of a trained network, **without retraining**, removes a large share of the weights at almost no cost in test accuracy; the largest such sparsity for this network is printed in section 3. Past it, accuracy falls off a cliff.
# - The criterion is what matters: a **random** choice of the same number of weights does far worse at every sparsity from 10% to 95%.
# - **Global** thresholds beat **layer-wise** ones at high sparsity, because the small output layer carries more of the decision per weight and global pruning spares it.
# - Every curve is a mean over `N_SEEDS` networks with its spread; on the cliff the spread is large.
# - `sparsity = s` means exactly `round(s * n)` weights (Python's rounding, as in PyTorch; TensorFlow rounds the kept count and keeps at least one), ties go by position, and pruned weights never come back.
#
# **Next:** [03 · Fine-tuning](03_fine_tuning.ipynb) retrains the survivors and moves the cliff.
