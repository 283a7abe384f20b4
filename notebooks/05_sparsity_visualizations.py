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
# # 05 · Sparsity visualizations: what a pruned network looks like inside
#
# Notebooks 02–04 measured pruned networks from the outside, by their accuracy. This one opens them up. We build sparse digits networks the way notebook 03 did (one-shot magnitude pruning, then fine-tuning with the masks fixed) at 90% and 95% sparsity and look at:
#
# 1. the **weight distribution** before and after: the gap around zero that magnitude pruning cuts, and what fine-tuning does to it;
# 2. the **masks** as images, layer by layer;
# 3. for the digits, the **8×8 pixel mask each hidden unit keeps**, and how many units still look at each pixel;
# 4. **dead hidden units**: units left with no inputs or no outputs, and how to remove them without changing a single prediction;
# 5. a **per-layer sparsity table**, global against layer-wise pruning, with biases counted apart.
#
# The original notebook drew weight histograms and mask heatmaps too, with Chinese labels that rendered as empty boxes; here every figure is labelled in English, and every count in the text is printed by a cell.

# %%
# Setup: in Colab, install the package first; elsewhere this cell does nothing.
import sys
if "google.colab" in sys.modules:
    # %pip install --quiet "mdl_prune @ git+https://github.com/mdl-prune/mdl_prune.git"

# %% [markdown]
# **Parameters.** The knobs of this notebook. Change them and run the notebook again from the top (*Run → Run All Cells*).

# %% tags=["parameters"]
SEED = 0                 # integer >= 0: initial weights, minibatch order and the digits split
HIDDEN = 64              # hidden units (integer >= 1)
DENSE_EPOCHS = 40        # epochs of dense training (integer >= 1)
FINETUNE_EPOCHS = 20     # epochs of fine-tuning after pruning (integer >= 1)
SPARSITIES = (0.9, 0.95) # fractions of the weights pruned, each in [0, 1]
SCOPE = "global"         # "global" (one threshold for all weights)
                         # or "layer" (the same fraction in each layer)
SHOW = 0.95              # which of SPARSITIES to draw unit by unit (must be in SPARSITIES)

# %%
import numpy as np

from mdl_prune import data, network, plots, prune, sparsity, train

# %% [markdown]
# ## 1. The networks
#
# A dense network, and for each sparsity the one-shot pruned network and its fine-tuned version. Fine-tuning never changes a mask (checked with `assert`), so the pruned and the fine-tuned networks share their masks and differ only in the values of the kept weights.

# %%
digits = data.load_digits(seed=SEED)
dense, _ = train.fit(
    network.TwoLayerNet.create(digits.n_features, HIDDEN, digits.n_classes, seed=SEED),
    digits.X_train,
    digits.y_train,
    epochs=DENSE_EPOCHS,
    seed=SEED,
)
one_shot = {s: prune.magnitude_prune(dense, s, scope=SCOPE) for s in SPARSITIES}
tuned = {s: train.fit(net, digits.X_train, digits.y_train, epochs=FINETUNE_EPOCHS, seed=SEED)[0]
         for s, net in one_shot.items()}
# The cut magnitude pruning applied: the largest pruned |w|
# (with scope="layer", the larger of the two layers' cuts).
thresholds = {s: max(prune.magnitude_threshold(dense, s, scope=SCOPE)) for s in SPARSITIES}

lines = []   # printed in one piece at the end of the cell
lines.append(f"dense: test accuracy {dense.accuracy(digits.X_test, digits.y_test):.3f}")
for s in SPARSITIES:
    assert np.array_equal(tuned[s].mask1, one_shot[s].mask1) and np.array_equal(
        tuned[s].mask2, one_shot[s].mask2
    )
    lines.append(f"{s:.0%} pruned ({SCOPE}): threshold {thresholds[s]:.3f}, test accuracy "
                 f"{one_shot[s].accuracy(digits.X_test, digits.y_test):.3f} one-shot, "
                 f"{tuned[s].accuracy(digits.X_test, digits.y_test):.3f} fine-tuned")
print("\n".join(lines))

# %% [markdown]
# ## 2. Weight distributions: the gap around zero
#
# Each panel is a histogram of the **kept** weights of a network (both layers, stacked; pruned weights are exactly zero and are left out, or they would be one tall bar at 0). The dense network's weights form a single hump around zero. Magnitude pruning removes everything inside ± the threshold (dashed lines) and leaves a **gap**: that is what "pruning the smallest weights" means, drawn. Fine-tuning then moves the survivors freely; the mask is fixed, but a kept weight may shrink.

# %%
s0 = SPARSITIES[0]
fig = plots.kept_weight_histograms(
    {
        "dense": dense,
        f"{s0:.0%} pruned, one-shot": one_shot[s0],
        f"{s0:.0%} pruned, fine-tuned": tuned[s0],
    },
    thresholds={
        f"{s0:.0%} pruned, one-shot": thresholds[s0],
        f"{s0:.0%} pruned, fine-tuned": thresholds[s0],
    },
    title=f"Kept weights of the digits network before and after pruning to {s0:.0%} ({SCOPE})",
)

# %% [markdown]
# How much of the gap does fine-tuning refill? The share of kept weights that lie inside the old threshold is 0 right after pruning, by construction; after fine-tuning:

# %%
lines = []   # printed in one piece at the end of the cell
for s in SPARSITIES:
    for name, net in (("one-shot", one_shot[s]), ("fine-tuned", tuned[s])):
        kept = np.abs(np.concatenate([net.W1[net.mask1], net.W2[net.mask2]]))
        if kept.size == 0:
            lines.append(f"{s:.0%} {name:10s}: no weight is kept")
            continue
        lines.append(
            f"{s:.0%} {name:10s}: {np.mean(kept < thresholds[s]):5.1%} "
            f"of the {kept.size} kept weights "
            f"inside ±{thresholds[s]:.3f}, smallest |w| {kept.min():.3f}"
        )
print("\n".join(lines))

# %% [markdown]
# Fine-tuning moves a good share of the survivors back inside the old threshold: once their neighbours are gone, some weights are more useful smaller. The dip at zero remains (right panel): a weight only gets small if the loss wants it small, while the pruned ones were removed whatever the loss wanted. A second magnitude pruning would now take some of these shrunken survivors; iterative pruning (notebook 04) does exactly that, step by step.
#
# ## 3. The masks as images
#
# `mask1` drawn as hidden unit × input pixel, `mask2` as class × hidden unit; dark squares are kept weights. With one global threshold the two layers end up with different sparsities, because their weights have different scales (section 6 counts them).

# %%
fig = plots.mask_heatmaps(
    tuned[SHOW], title=f"Masks of the {SHOW:.0%} pruned digits network ({SCOPE}; dark = kept)"
)

# %% [markdown]
# Empty rows in the left panel are hidden units that lost every input; empty columns in the right panel are hidden units that lost every output (section 5). Columns of the left panel are pixels: some are used by many units, some by none.
#
# ## 4. What each hidden unit still sees
#
# Each input of the digits network is a pixel of an 8×8 image, so column $h$ of `W1` is an 8×8 picture: the **receptive field** of hidden unit $h$. Below, one panel per hidden unit: kept weights coloured by value (red excites the unit, blue inhibits it; one colour scale for all panels), pruned weights in grey. The title gives the unit's index and how many pixels it still reads; units marked *dead* have no inputs or no outputs.

# %%
fig = plots.receptive_masks(
    tuned[SHOW],
    digits.image_shape,
    title=f"Receptive fields of the {HIDDEN} hidden units, {SHOW:.0%} pruned and fine-tuned",
)

# %% [markdown]
# How many pixels does a unit still read? Counted over the units that are not dead:

# %%
net = tuned[SHOW]
no_in, no_out = net.dead_units()
per_unit = net.mask1.sum(axis=0)[~(no_in | no_out)]
lines = []   # printed in one piece at the end of the cell
if per_unit.size == 0:
    lines.append(f"{SHOW:.0%} pruned: every hidden unit is dead (no inputs or no outputs)")
else:
    lines.append(
        f"{SHOW:.0%} pruned: {per_unit.size} live units read "
        f"{per_unit.min()} to {per_unit.max()} pixels each "
        f"(median {np.median(per_unit):.0f}); "
        f"{int((per_unit <= 3).sum())} of them read 3 pixels or fewer"
    )
print("\n".join(lines))

# %% [markdown]
# A dense unit weighs all 64 pixels; a pruned one decides from a few. Summing the masks over the units gives, for each pixel, the number of hidden units that still read it:

# %%
fig = plots.pixel_usage_map(tuned[SHOW], digits.image_shape,
                            title=f"Hidden units reading each pixel ({SHOW:.0%} pruned)")

# %% [markdown]
# The border of the image, where the digits rarely have ink, is read by fewer units than the middle. The average number of units per pixel, on the outer ring of the 8×8 image and inside it:

# %%
usage = sparsity.pixel_usage(tuned[SHOW], digits.image_shape)
ring = np.ones(digits.image_shape, bool)
ring[1:-1, 1:-1] = False
print(
    f"units per pixel, {SHOW:.0%} pruned: outer ring "
    f"{usage[ring].mean():.2f} ({int(ring.sum())} pixels), "
    f"inside {usage[~ring].mean():.2f} ({int((~ring).sum())} pixels); "
    f"unused pixels: {int((usage[ring] == 0).sum())} on "
    f"the ring, {int((usage[~ring] == 0).sum())} inside"
)

# %% [markdown]
# Some pixels of the training images are **constant** (the same value in every image, so after standardization always 0; the cell below lists them). A weight from a constant pixel multiplies zero: it can never change an output, and a criterion that looked at the data would prune it first. Magnitude pruning does not look at the data, only at the weight, and these weights received no gradient during training, only the slow shrinkage of weight decay, so some of them can be larger than useful weights. Count them:

# %%
constant = np.flatnonzero(digits.X_train.std(axis=0) == 0)
lines = []   # printed in one piece at the end of the cell
lines.append(
    f"constant pixels (row, column): {[divmod(int(i), digits.image_shape[1]) for i in constant]}"
)
for name, net in (("dense", dense), *((f"{s:.0%} pruned", tuned[s]) for s in SPARSITIES)):
    used = int(net.mask1[constant].sum())
    lines.append(f"{name:12s}: {used:3d} kept weights read a constant pixel "
                 f"(of {net.count_parameters().weights_kept} kept weights)")
print("\n".join(lines))

# %% [markdown]
# ## 5. Dead hidden units
#
# `net.dead_units()` returns two boolean vectors: units with **no inputs** left (every weight into them pruned) and units with **no outputs** left. Neither kind does anything useful:
#
# * a unit with no outputs cannot affect any class score, whatever it computes;
# * a unit with no inputs outputs the constant $\mathrm{relu}(b_1)$ for every image; its outgoing weights only add a constant to the class scores, which the output bias can absorb.
#
# `sparsity.drop_dead_units` removes both kinds, folding the constants into the output bias, and returns a smaller network that computes the same scores. The weights it drops were kept by the mask but did no work beyond that constant.

# %%
X = digits.X_test
lines = []   # printed in one piece at the end of the cell
lines.append(f"{'network':12s} {'no inputs':>10} {'no outputs':>11} {'both':>5} {'units left':>11} "
             f"{'kept weights doing no work':>27} {'same predictions':>17}")
for s in SPARSITIES:
    net = tuned[s]
    no_in, no_out = net.dead_units()
    if (no_in | no_out).all():
        lines.append(
            f"{s:.0%} pruned: every hidden unit is dead; the network outputs constant scores"
        )
        continue
    small = sparsity.drop_dead_units(net)
    idle = net.count_parameters().weights_kept - small.count_parameters().weights_kept
    same = bool(np.array_equal(small.predict(X), net.predict(X)))
    assert same and np.allclose(small.logits(X), net.logits(X), rtol=1e-10, atol=1e-10)
    lines.append(
        f"{s:.0%} pruned{'':4s} {int(no_in.sum()):>10d} "
        f"{int(no_out.sum()):>11d} {int((no_in & no_out).sum()):>5d} "
        f"{small.n_hidden:>11d} {idle:>27d} {str(same):>17}"
    )
lines.append(
    f"\nunits with no inputs at {SHOW:.0%}: {np.flatnonzero(tuned[SHOW].dead_units()[0]).tolist()}"
)
lines.append(
    f"units with no outputs at {SHOW:.0%}: {np.flatnonzero(tuned[SHOW].dead_units()[1]).tolist()}"
)
print("\n".join(lines))

# %% [markdown]
# Dropping dead units is the smallest step from unstructured sparsity (a mask inside a full-size matrix) towards **structured** pruning (a smaller dense network), which notebook 08 takes further: there, whole units are removed on purpose, and the gain in speed and size is measured.
#
# ## 6. Per-layer sparsity
#
# `net.layer_sparsity()` gives the fraction pruned in each layer, `net.count_parameters()` the exact counts, with biases counted apart (they are never pruned; the original notebook counted them as "active" parameters, which made its "50% pruned" network report more than 50% remaining: the last line below recomputes its figure). The table compares global pruning, one threshold for all weights, with layer-wise pruning, the same fraction in each layer, at each sparsity.

# %%
table = {"dense": dense}
for s in SPARSITIES:
    for scope in ("global", "layer"):
        table[f"{s:.0%} {scope}"] = prune.magnitude_prune(dense, s, scope=scope)
lines = []   # printed in one piece at the end of the cell
lines.append(sparsity.sparsity_table(table))
lines.append(
    "\nmedian |w| of the dense network: W1 "
    f"{np.median(np.abs(dense.W1)):.3f}, W2 {np.median(np.abs(dense.W2)):.3f}"
)

count = tuned[SHOW].count_parameters()
lines.append(
    f"\n{SHOW:.0%} pruned ({SCOPE}): {count.weights_kept} of {count.weights_total} weights kept "
    f"({count.weights_kept / count.weights_total:.1%}), plus {count.biases} biases; "
    "counting biases as active would report "
    f"{count.active / (count.weights_total + count.biases):.1%} remaining"
)
seed_net = prune.magnitude_prune(
    network.TwoLayerNet.create(20, 50, 3, seed=SEED), 0.5
)  # the original's shape
c = seed_net.count_parameters()
lines.append(
    "the original notebook's 20-50-3 network at 50%: "
    f"{c.weights_kept / c.weights_total:.1%} of the weights "
    f"remain, but ({c.weights_kept} + {c.biases} biases) / ({c.weights_total} + {c.biases}) = "
    f"{c.active / (c.weights_total + c.biases):.1%} is what it reported"
)
print("\n".join(lines))

# %% [markdown]
# Global pruning prunes the first layer harder than the second: the first-layer weights are smaller on the whole (compare the medians printed under the table), and many of them read pixels that matter little. Layer-wise pruning forces the same fraction on both; at high sparsity that leaves the 10 output classes so few incoming weights that many hidden units lose every output (last column). Which one is better for accuracy is measured in notebook 02; the table shows *why* they differ.
#
# ## Summary
#
# * Magnitude pruning cuts a **gap** around zero in the weight distribution; fine-tuning keeps the mask but lets survivors shrink back into the gap, which is what iterative pruning exploits.
# * The **masks** of a global pruning are unevenly spread: the two layers, the hidden units and the pixels all end up with very different shares of the kept weights.
# * Seen as 8×8 images, each live hidden unit reads only a few pixels, more often inside the image than on its border; some pixels are read by no unit at all, and magnitude pruning can keep weights from pixels that are always zero, because it looks at the weights and not at the data.
# * Pruning leaves **dead units** (no inputs or no outputs); `sparsity.drop_dead_units` removes them and folds their constant outputs into the output bias, with identical predictions.
# * The **per-layer table** counts weights exactly, biases apart, and shows how global and layer-wise pruning distribute the same total sparsity.
#
# Next: notebook 06 turns these masks and values into **bits**: a two-part code whose length can be compared with the uniform code of the labels.
