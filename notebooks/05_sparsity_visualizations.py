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
# **Learning objectives.** After this notebook you can
#
# - read a histogram of the kept weights, layer by layer, and point out the **gap around zero** that magnitude pruning cuts, and what fine-tuning does to it;
# - turn a column of the first weight matrix into a **receptive field** (the 8×8 picture of the pixels a hidden unit reads) in three lines of NumPy, and read it with a diverging colour map;
# - find the **dead hidden units** of a pruned network from its masks, say which kind each is (no inputs or no outputs), and remove them without changing a single prediction;
# - explain why magnitude pruning can keep weights from pixels that never vary in the training images, and when such a pixel still changes a test prediction;
# - compare, in a per-layer table, how global and layer-wise pruning share out the same sparsity.
#
# **Prerequisites.** [01 · Baseline training](01_baseline_training.ipynb) (the digits data, the two-layer ReLU network), [02 · One-shot pruning](02_one_shot_pruning.ipynb) (magnitude pruning, masks, global against layer-wise) and [03 · Fine-tuning](03_fine_tuning.ipynb) (retraining the survivors with the masks fixed). Maths: standardizing a feature (subtract the mean, divide by the standard deviation); the ReLU, $\mathrm{relu}(z) = \max(z, 0)$; columns and rows of a matrix. Python/NumPy: boolean arrays, `.any()`/`.all()` along an axis, `reshape`; masked arrays (`np.ma`) are introduced here.
#
# **Run time:** about 8 s on a 2-core machine, kernel start and imports included (measured with nothing else running; a busy machine takes longer). **Reading time:** about 20 minutes for the text and the six figures, plus 20–30 minutes for the three exercises.
#
# **Papers it rests on:** [Han et al. (2015)](#references) (magnitude pruning and retraining, the method whose result we look at), [Hinton & van Camp (1993)](#references) (why a deleted weight is a saving), [LeCun, Denker & Solla (1990)](#references) (Optimal Brain Damage, a pruning criterion that looks at the data), [Li et al. (2017)](#references) (removing whole units, the step after dead units), [Pedregosa et al. (2011)](#references) (scikit-learn: the digits and the standardization).
#
# ---
#
# Notebooks 02–04 measured pruned networks from the outside, by their test accuracy. This one opens them up. A pruned network keeps, next to each weight matrix, a **mask**: a boolean matrix of the same shape, `True` where the weight is kept and `False` where it is pruned (set to zero for good). We build sparse digits networks as notebook 03 did, with the method of [Han et al. (2015)](https://arxiv.org/abs/1506.02626): *one-shot* magnitude pruning (all the pruned weights removed at once, the smallest $|w|$ first) to a *sparsity* of 90% and 95% (the fraction of the weights pruned), then *fine-tuning* (a few more epochs of training of the kept weights, the masks fixed). Then we look at:
#
# 1. the **weight distribution** before and after: the gap around zero that magnitude pruning cuts, and what fine-tuning does to it;
# 2. the **masks** as images, layer by layer;
# 3. for each hidden unit, the **8×8 pixel mask it keeps** (its receptive field), and how many units still read each pixel;
# 4. **dead hidden units**: units left with no inputs or no outputs, and how to remove them without changing a single prediction;
# 5. a **per-layer sparsity table**, global against layer-wise pruning, with biases counted apart.
#
# Every count the text quotes is printed by a cell above it.

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
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np

from mdl_prune import data, exercises, network, plots, prune, sparsity, train

# %% [markdown]
# ## 1. The networks
#
# A dense network (every weight kept), and for each sparsity the one-shot pruned network and its fine-tuned version. Fine-tuning never changes a mask (checked with `assert`), so the pruned and the fine-tuned networks share their masks and differ only in the values of the kept weights. With `SCOPE = "global"` one threshold on $|w|$ is applied to the weights of both layers together; with `"layer"` each layer loses the same fraction.

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
lines.append(f"dense: test accuracy {dense.accuracy(digits.X_test, digits.y_test):.1%}")
for s in SPARSITIES:
    assert np.array_equal(tuned[s].mask1, one_shot[s].mask1) and np.array_equal(
        tuned[s].mask2, one_shot[s].mask2
    )
    lines.append(f"{s:.0%} pruned ({SCOPE}): threshold {thresholds[s]:.3f}, test accuracy "
                 f"{one_shot[s].accuracy(digits.X_test, digits.y_test):.1%} one-shot, "
                 f"{tuned[s].accuracy(digits.X_test, digits.y_test):.1%} fine-tuned")
print("\n".join(lines))

# %% [markdown]
# ## 2. Weight distributions: the gap around zero
#
# One column per network, one row per layer: `W1` (input pixels → hidden units) on top, `W2` (hidden units → class scores) below. Each panel is a histogram of the **kept** weights of one layer; pruned weights are exactly zero and are left out, or they would be one tall bar at 0. The layers are drawn apart because `W1` has 4096 weights and `W2` 640: piled into one bar chart, the small layer would vanish under the large one. The dense network's weights form a single hump around zero. Magnitude pruning removes everything inside ± the threshold (dashed lines) and leaves a **gap**: that is what "pruning the smallest weights" means, drawn. Fine-tuning then moves the survivors freely; the mask is fixed, but a kept weight may shrink.

# %%
s0 = SPARSITIES[0]
fig = plots.layer_weight_histograms(
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
# Fine-tuning moves nearly a quarter of the survivors back inside the old threshold (24.7% at 90%, 22.4% at 95%): once their neighbours are gone, some weights are more useful smaller. The dip at zero remains (right column): a weight only gets small if the loss wants it small, while the pruned ones were removed whatever the loss wanted. A second magnitude pruning would now take some of these shrunken survivors; iterative pruning (notebook 04) does exactly that, step by step.
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
# Each input of the digits network is a pixel of an 8×8 image, stored row by row: input $i$ is the pixel in row $\lfloor i/8 \rfloor$, column $i \bmod 8$. `W1` has shape (64 inputs, `HIDDEN` units), so **column $h$ of `W1`** holds the 64 weights from the pixels into hidden unit $h$, and column $h$ of `mask1` says which of them are kept. Reshaped to 8×8, that column is a picture: the **receptive field** of unit $h$ (a word from neuroscience: the part of the input a neuron responds to). The algorithm, written out:
#
# 1. take column $h$ of `W1` and of `mask1`;
# 2. reshape both to 8×8 (row-major, the order the pixels were flattened in);
# 3. mark the pruned pixels as *missing*, not as zero: a NumPy **masked array** (`np.ma.masked_array(values, mask=...)`, where the `mask` argument is `True` for a *missing* entry, the opposite of our keep-masks) carries that, and a plot draws missing entries in their own colour.
#
# We write it for the live unit that reads the most pixels (a unit is *live* when it is not dead, section 5), and check it against `sparsity.receptive_fields`, for every unit.

# %%
net = tuned[SHOW]


def receptive_field(net, h, image_shape=(8, 8)):
    """Hidden unit h's incoming weights as an image; pruned weights masked (missing)."""
    column, kept = net.W1[:, h], net.mask1[:, h]          # 64 weights, 64 keep-flags
    return np.ma.masked_array(column.reshape(image_shape), mask=~kept.reshape(image_shape))


no_in, no_out = net.dead_units()
reads = net.mask1.sum(axis=0)                              # kept inputs of each unit
h = int(np.argmax(np.where(no_in | no_out, -1, reads)))    # the live unit reading most pixels
field = receptive_field(net, h, digits.image_shape)

package = sparsity.receptive_fields(net, digits.image_shape)
same = all(
    np.array_equal(receptive_field(net, k, digits.image_shape).filled(np.nan),
                   package[k].filled(np.nan), equal_nan=True)
    for k in range(net.n_hidden)
)
print(f"unit {h} keeps {int(reads[h])} of 64 input weights (-- = pruned):")
print(np.round(field, 2))
print(f"same receptive fields as sparsity.receptive_fields, all {net.n_hidden} units:",
      "yes" if same else "no")

# %% [markdown]
# Drawn with a **diverging** colour map: white is exactly zero, red a positive weight, blue a negative one, and the colour scale runs from $-m$ to $+m$ with $m$ the largest $|w|$, so that equal colours mean equal magnitudes on both sides. The inputs are standardized (0 is the average ink of a pixel), so a red pixel *excites* the unit when it has more ink than average and a blue pixel *inhibits* it. Pruned pixels are grey: they are not small, they are gone.

# %%
limit = float(np.abs(field).max())                          # symmetric: white is exactly 0
cmap = plt.get_cmap("RdBu_r").with_extremes(bad="0.85")    # masked (pruned) pixels in grey
fig, ax = plt.subplots(figsize=(4.4, 3.6), layout="constrained")
image = ax.imshow(field, cmap=cmap, vmin=-limit, vmax=limit)
fig.colorbar(image, ax=ax, label="weight from the pixel into the unit")
ax.set(xlabel="pixel column", ylabel="pixel row",
       title=f"Receptive field of hidden unit {h}\n"
             f"{int(reads[h])} of 64 pixels kept; grey = pruned")
ax.title.set_fontsize(10)

# %% [markdown]
# The same picture for every hidden unit, one colour scale for all panels (the colour bar on the right). The panel title gives the unit's index and how many pixels it still reads; a dead unit's title is red and says which kind: *no in* (every input pruned: the panel is all grey), *no out* (every output pruned: whatever the unit reads, no class score hears it) or *no in/out* (both).

# %%
fig = plots.receptive_masks(
    net,
    digits.image_shape,
    title=f"Receptive fields of the {HIDDEN} hidden units, {SHOW:.0%} pruned and fine-tuned",
)

# %% [markdown]
# How many pixels does a unit still read? Counted over the live units:

# %%
per_unit = reads[~(no_in | no_out)]
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
# A dense unit weighs all 64 pixels; a pruned one decides from a few. Summing `mask1` over the units (along each row) gives, for each pixel, the number of hidden units that still read it.

# %% [markdown]
# **Exercise 05.1** *(predict, then run)*. The digits are drawn in the middle of the 8×8 frame, and the outer ring of 28 pixels rarely has ink. After pruning 95% of the weights, how many of the 28 ring pixels will **no** hidden unit read any more? And how many of the 36 pixels inside the ring? Write your guesses below, then run the next two cells.

# %%
my_guess_ring = None     # unused pixels on the outer ring (0 to 28)
my_guess_inside = None   # unused pixels inside the ring (0 to 36)

# %%
fig = plots.pixel_usage_map(net, digits.image_shape,
                            title=f"Hidden units reading each pixel ({SHOW:.0%} pruned)")

# %% [markdown]
# The colour scale runs from 0 to the largest count in the image, 7 units here (printed in the title and below), not to the 64 hidden units a pixel could feed in principle: after pruning, no pixel comes near that. Each count has its own colour; 0 is dark purple. The border, where the digits rarely have ink, is read by fewer units than the middle. On the outer ring of the 8×8 image and inside it:

# %%
usage = sparsity.pixel_usage(net, digits.image_shape)
ring = np.ones(digits.image_shape, bool)
ring[1:-1, 1:-1] = False
answer = {"ring": int((usage[ring] == 0).sum()), "inside": int((usage[~ring] == 0).sum())}
lines = []   # printed in one piece at the end of the cell
lines.append(f"units per pixel, {SHOW:.0%} pruned: at most {usage.max()}; on average "
             f"{usage[ring].mean():.2f} on the outer ring ({int(ring.sum())} pixels), "
             f"{usage[~ring].mean():.2f} inside ({int((~ring).sum())} pixels)")
lines.append(f"unused pixels: {answer['ring']} on the ring, {answer['inside']} inside")
for where, guess in (("ring", my_guess_ring), ("inside", my_guess_inside)):
    if guess is not None:
        lines.append(f"  your guess for the {where}: {guess} (off by {abs(guess - answer[where])})")
print("\n".join(lines))

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# The border loses most: 14 of the 28 ring pixels are read by no unit, against 4 of the 36 inside (printed above). Magnitude pruning never looks at the images, but training did: a pixel that is almost always blank carries little information, its weights are pulled towards zero by *weight decay* (a penalty on $w^2$ that shrinks every weight a little at each training step) and pushed away from it only by the few images with ink there, so they end up small and are pruned first. The pixels that tell digits apart (the middle, where a 0 is empty and an 8 is not) keep large weights. The pruned network has in effect chosen its input pixels: an unused pixel could be dropped from the input without changing any output.
#
# </details>

# %% [markdown]
# ### Pixels that never vary in training
#
# Some pixels are **constant** in the training images: blank (0) in every one of them. How does the standardization treat them? `data.load_digits` uses scikit-learn's `StandardScaler` ([Pedregosa et al. 2011](https://jmlr.org/papers/v12/pedregosa11a.html)), fitted on the training images only: it subtracts each pixel's training mean and divides by its training standard deviation. A constant pixel has standard deviation 0, and `StandardScaler` then divides by 1 instead. So in training the pixel is always exactly 0, but in a test image it becomes *raw intensity − training mean* = its raw intensity (0 to 16), since the training mean is 0. The cell below lists the constant pixels and the values the **test** images have there.
#
# A weight from a constant pixel multiplies 0 in every training image, so the loss gives it no gradient: it keeps its random initial value, shrunk a little at each step by weight decay (the pull towards zero that training applies to every weight). A criterion that looks at the data would prune it first (in Optimal Brain Damage, [LeCun, Denker & Solla 1990](https://papers.nips.cc/paper/1989/hash/6c9882bbac1c7093bd25041881277658-Abstract.html), its *saliency*, the estimated rise of the training loss when the weight is deleted, is 0). Magnitude pruning looks only at $|w|$, and a leftover initial weight can be larger than a useful one. Count them:

# %%
constant = np.flatnonzero(digits.X_train.std(axis=0) == 0)
lines = []   # printed in one piece at the end of the cell
for i in constant:
    values = np.unique(digits.X_test[:, i])
    lines.append(f"pixel {int(i):2d} (row {i // 8}, column {i % 8}): 0 in every training image; "
                 f"test values {values.tolist()}, "
                 f"non-zero in {int(np.count_nonzero(digits.X_test[:, i]))} test images")
for name, other in (("dense", dense), *((f"{s:.0%} pruned", tuned[s]) for s in SPARSITIES)):
    used = int(other.mask1[constant].sum())
    lines.append(f"{name:12s}: {used:3d} kept weights read a constant pixel "
                 f"(of {other.count_parameters().weights_kept} kept weights)")
print("\n".join(lines))

# %% [markdown]
# **Exercise 05.2** *(discuss)*. A pixel is blank in every training image. Can it still change a **test** prediction? Think of what the network computes for a test image with ink at that pixel, of what the weights from that pixel learned, and of what pruning does to them. Would you rather the standardization divided by a tiny number than by 1 (some implementations add a small $\varepsilon$ instead)? Then run the hidden cell of the solution: it blanks the constant pixels of the test images and counts the predictions that change.

# %% tags=["solution"] jupyter={"source_hidden": true}
blank = digits.X_test.copy()
blank[:, constant] = 0.0                                  # the constant pixels as in training
lines = []   # printed in one piece at the end of the cell
for name, other in (("dense", dense), *((f"{s:.0%} pruned", tuned[s]) for s in SPARSITIES)):
    moved = np.abs(other.logits(digits.X_test) - other.logits(blank)).max(axis=1)
    with_pixel, without = other.predict(digits.X_test), other.predict(blank)
    lines.append(f"{name:12s}: class scores move for {int((moved > 0).sum())} test images "
                 f"(by up to {moved.max():.2f}); predictions change for "
                 f"{int((with_pixel != without).sum())}")
    for i in np.flatnonzero(with_pixel != without):
        lines.append(f"{'':14s}test image {i}: a {digits.y_test[i]}, predicted {with_pixel[i]} "
                     f"with the pixel's ink, {without[i]} without it")
# Nearly constant pixels: ink in a few training images only, so a tiny standard deviation.
raw = data.load_digits(seed=SEED, standardize=False)
top = int(np.argmax(np.abs(digits.X_test).max(axis=0)))
lines.append(f"\nlargest standardized test value: {np.abs(digits.X_test[:, top]).max():.1f}, "
             f"at pixel {top} (row {top // 8}, column {top % 8}), which has ink in "
             f"{int(np.count_nonzero(raw.X_train[:, top]))} of {len(raw.X_train)} training images")
print("\n".join(lines))

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# Yes. In training, a constant pixel is 0 after standardization, so its weights never mattered and never learned; they are leftovers of the random initialization. In a test image with ink there, the pixel's standardized value is its raw intensity (here 1, in two test images, printed above), and every *kept* weight from it adds $w \times 1$ to a hidden unit. The dense network keeps all 256 weights from constant pixels, and the class scores of those two images move (by up to 0.33, printed in the solution cell), though no prediction changes. After pruning to 90% and fine-tuning, 2 such weights survive, the scores still move (by up to 0.22), and one test prediction changes (from one wrong class to another, printed above): the network reacts to an input that training never showed it. At 95% none survives and nothing changes.
#
# - Nothing in training can control these weights: the loss is blind to them. Magnitude pruning keeps them when their leftover initial value is large enough; a criterion that uses the data (Optimal Brain Damage) or simply dropping the inputs that are constant in training would remove them.
# - Dividing by a tiny $\varepsilon$ instead of by 1 would make it worse: a test intensity of 1 would become $1/\varepsilon$, a huge input. The same happens, more mildly, with pixels that are *nearly* constant: a pixel with ink in a handful of training images has a tiny standard deviation, and a test image with ink there gets a huge standardized value (the last line of the solution cell: a pixel with ink in a handful of training images reaches a value near 89 in a test image). Standardization trusts the training set to show every pixel's range.
#
# </details>

# %% [markdown]
# ## 5. Dead hidden units
#
# A hidden unit is **dead** when pruning has cut it off. There are two kinds:
#
# * a unit with **no outputs** (every weight in its row of `W2` pruned) cannot affect any class score, whatever it computes;
# * a unit with **no inputs** (every weight in its column of `W1` pruned) outputs the constant $\mathrm{relu}(b_1)$ for every image; its outgoing weights only add a constant to the class scores, which the output bias can absorb.

# %% [markdown]
# **Exercise 05.3** *(code)*. Section 4 called `net.dead_units()`; now write it yourself. Write `dead_units(mask1, mask2)`: `mask1` has shape (`n_in`, `n_hidden`), `mask2` shape (`n_hidden`, `n_out`), both `True` where a weight is kept. Return two boolean vectors of length `n_hidden`: the units with no inputs, then the units with no outputs. The checker compares your answer with `TwoLayerNet.dead_units` on four small networks and tells you which units of which kind you missed.

# %%
def dead_units(mask1, mask2):
    """(no_inputs, no_outputs): boolean vectors over the hidden units, True = dead of that kind."""
    ...  # your code here


passed = exercises.ch05.check_dead_units(dead_units)


# %% tags=["solution"] jupyter={"source_hidden": true}
def dead_units_solution(mask1, mask2):
    """A unit has no inputs when its column of mask1 keeps nothing, no outputs when its row of
    mask2 keeps nothing."""
    return ~mask1.any(axis=0), ~mask2.any(axis=1)


assert exercises.ch05.check_dead_units(dead_units_solution)

# %% [markdown]
# In the network pruned to 95%, by kind (these are the units whose panels above have red titles):

# %%
only_in, only_out, both = no_in & ~no_out, no_out & ~no_in, no_in & no_out
lines = []   # printed in one piece at the end of the cell
lines.append(f"{SHOW:.0%} pruned: {int((no_in | no_out).sum())} dead units of {net.n_hidden}")
for kind, flags in (("no inputs only ('no in')", only_in), ("no outputs only ('no out')", only_out),
                    ("no inputs and no outputs ('no in/out')", both)):
    lines.append(f"  {kind:40s}: {int(flags.sum()):2d} units {np.flatnonzero(flags).tolist()}")
lines.append("  kept inputs of the units with no outputs only: "
             + ", ".join(f"unit {k}: {int(reads[k])}" for k in np.flatnonzero(only_out)))
print("\n".join(lines))

# %% [markdown]
# A unit with no outputs may still keep inputs (its panel above is coloured: the units with no outputs only keep the few inputs printed in the last line), but what it reads goes nowhere; a unit with no inputs may still keep outputs, which add the same constant to the class scores for every image.
#
# `sparsity.drop_dead_units` removes both kinds, folding the constants $\mathrm{relu}(b_1) \cdot w_2$ of the no-input units into the output bias, and returns a smaller network that computes the same class scores (up to rounding: the sums are taken in another order). The weights it drops were kept by the mask but did no work beyond that constant.

# %%
X = digits.X_test
lines = []   # printed in one piece at the end of the cell
lines.append(f"{'network':12s} {'no inputs':>10} {'no outputs':>11} {'both':>5} {'units left':>11} "
             f"{'kept weights doing no work':>27} {'same predictions':>17}")
for s in SPARSITIES:
    big = tuned[s]
    s_in, s_out = big.dead_units()
    if (s_in | s_out).all():
        lines.append(
            f"{s:.0%} pruned: every hidden unit is dead; the network outputs constant scores"
        )
        continue
    small = sparsity.drop_dead_units(big)
    idle = big.count_parameters().weights_kept - small.count_parameters().weights_kept
    same = bool(np.array_equal(small.predict(X), big.predict(X)))
    assert same and np.allclose(small.logits(X), big.logits(X), rtol=1e-10, atol=1e-10)
    lines.append(
        f"{s:.0%} pruned{'':4s} {int(s_in.sum()):>10d} "
        f"{int(s_out.sum()):>11d} {int((s_in & s_out).sum()):>5d} "
        f"{small.n_hidden:>11d} {idle:>27d} {str(same):>17}"
    )
print("\n".join(lines))

# %% [markdown]
# Dropping dead units is the smallest step from unstructured sparsity (a mask inside a full-size matrix) towards **structured** pruning (a smaller dense network, [Li et al. 2017](https://arxiv.org/abs/1608.08710) remove whole filters of convolutional networks), which notebook 08 takes further: there, whole units are removed on purpose, and the gain in speed and size is measured.
#
# ## 6. Per-layer sparsity
#
# `net.layer_sparsity()` gives the fraction pruned in each layer, `net.count_parameters()` the exact counts, with biases counted apart: they are never pruned, and counting them among the "active" parameters makes a pruned network look less sparse than it is (the last line below shows by how much). The table compares global pruning, one threshold for all weights, with layer-wise pruning, the same fraction in each layer, at each sparsity.

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
print("\n".join(lines))

# %% [markdown]
# Global pruning prunes the first layer harder than the second: the first-layer weights are smaller on the whole (compare the medians printed under the table), and many of them read pixels that matter little. Layer-wise pruning forces the same fraction on both; at high sparsity that leaves the 10 output classes so few incoming weights that many hidden units lose every output (last column). Which one is better for accuracy is measured in notebook 02; the table shows *why* they differ.
#
# ## Summary
#
# * Magnitude pruning cuts a **gap** around zero in the distribution of the kept weights, in both layers; fine-tuning keeps the mask but lets survivors shrink back into the gap, which is what iterative pruning exploits.
# * The **masks** of a global pruning are unevenly spread: the two layers, the hidden units and the pixels all end up with very different shares of the kept weights.
# * A unit's **receptive field** is its column of `W1` reshaped to 8×8, pruned pixels masked; drawn with a diverging colour map centred on 0, it shows which pixels excite and which inhibit the unit. Each live unit reads only a few pixels, more often inside the image than on its border; some pixels are read by no unit at all.
# * Magnitude pruning can keep weights from pixels that are **constant in training**, because it looks at the weights and not at the data; a test image with ink there then changes the class scores, sometimes the prediction.
# * Pruning leaves **dead units** of two kinds, no inputs and no outputs; `sparsity.drop_dead_units` removes both and folds the constant outputs into the output bias, with identical predictions.
# * The **per-layer table** counts weights exactly, biases apart, and shows how global and layer-wise pruning distribute the same total sparsity.
#
# **Next:** [06 · Description length](06_description_length.ipynb) turns these masks and values into **bits**: a two-part code whose length can be compared with the uniform code of the labels, the saving [Hinton & van Camp (1993)](https://doi.org/10.1145/168304.168306) are after.

# %% [markdown]
# ## References
#
# - Han, S., Pool, J., Tran, J. & Dally, W. J. (2015). Learning both weights and connections for efficient neural networks. *Advances in Neural Information Processing Systems 28* (NIPS 2015). [arXiv:1506.02626](https://arxiv.org/abs/1506.02626)
# - Hinton, G. E. & van Camp, D. (1993). Keeping neural networks simple by minimizing the description length of the weights. *Proceedings of the Sixth Annual Conference on Computational Learning Theory* (COLT '93), 5–13. [doi:10.1145/168304.168306](https://doi.org/10.1145/168304.168306)
# - LeCun, Y., Denker, J. S. & Solla, S. A. (1990). Optimal brain damage. *Advances in Neural Information Processing Systems 2* (NIPS 1989), 598–605. [proceedings](https://papers.nips.cc/paper/1989/hash/6c9882bbac1c7093bd25041881277658-Abstract.html)
# - Li, H., Kadav, A., Durdanovic, I., Samet, H. & Graf, H. P. (2017). Pruning filters for efficient ConvNets. *International Conference on Learning Representations* (ICLR 2017). [arXiv:1608.08710](https://arxiv.org/abs/1608.08710)
# - Pedregosa, F. et al. (2011). Scikit-learn: machine learning in Python. *Journal of Machine Learning Research* 12, 2825–2830. [jmlr.org](https://jmlr.org/papers/v12/pedregosa11a.html)
# - scikit-learn documentation: [`StandardScaler`](https://scikit-learn.org/stable/modules/generated/sklearn.preprocessing.StandardScaler.html) (a feature with zero variance is divided by 1) and [`load_digits`](https://scikit-learn.org/stable/modules/generated/sklearn.datasets.load_digits.html).
# - NumPy documentation: [masked arrays](https://numpy.org/doc/stable/reference/maskedarray.generic.html).
