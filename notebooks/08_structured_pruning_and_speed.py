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
# # 08 · Structured pruning and speed: fewer units, measured time
#
# **Learning objectives.** After this notebook you can
#
# - remove hidden units from a two-layer network by slicing `W1`'s columns, `b1` and `W2`'s rows, fold the constant output of a unit with no inputs into `b2`, and check that the smaller network predicts exactly what the masked one does;
# - compare, at the same number of weights, what removing whole units and removing single weights cost in test accuracy, before and after fine-tuning;
# - time prediction fairly (medians of interleaved samples, one thread for every product, a warm-up call) and read a curve of measured speed-up against sparsity;
# - say when a sparse-matrix format (CSR, CSC, BSR) beats the dense product on a CPU, and why it so often does not;
# - explain why a pruned model saved as dense arrays is exactly as large as the dense one.
#
# **Prerequisites.** [01 · Baseline training](01_baseline_training.ipynb) (the digits, the two-layer ReLU/softmax network), [02 · One-shot pruning](02_one_shot_pruning.ipynb) (magnitude pruning, masks), [03 · Fine-tuning](03_fine_tuning.ipynb) (retraining with the mask held fixed) and section 5 of [05 · Sparsity visualizations](05_sparsity_visualizations.ipynb) (dead hidden units). Maths: matrix products and what they cost (an $m \times n$ matrix times an $n \times p$ one takes $m \cdot n \cdot p$ multiply-adds); the ReLU. Python/NumPy: indexing with an array of indices (`W[:, keep]`), `axis=` in `any`.
#
# **Run time:** about 9 s on a 2-core machine, kernel start and imports included (measured with nothing else running; a busy machine takes longer). **Reading time:** about 30 minutes (4,000 words, about 20 minutes, plus the tables and figures), and 30–40 minutes for the four exercises.
#
# **Papers it rests on:** [Han et al. (2015)](#references) (pruning single weights, and why that alone does not make a network faster), [Li et al. (2017)](#references) (pruning whole filters to get a smaller dense network), [Gale, Elsen & Hooker (2019)](#references) and [Hoefler et al. (2021)](#references) (surveys of sparsity, including when it pays on real hardware), and the [SciPy sparse documentation](#references) for the formats we time.
#
# ---
#
# Notebooks 02 to 05 removed **single weights**: the network became sparse, but every weight matrix kept its shape, with zeros inside. Notebook 06 showed that such a model only gets *smaller* once the mask and the kept values are encoded. This notebook asks the question every pruning tool's users ask next: **is the pruned network faster?**
#
# A dense matrix product multiplies a zero like any other number, so a network with 90% of its weights set to zero runs exactly as fast as the dense one. There are two ways out, and we measure both:
#
# 1. **Structured pruning**: remove whole hidden units. Deleting unit $h$ deletes column $h$ of $W_1$, entry $h$ of $b_1$ and row $h$ of $W_2$; what is left is a *smaller dense* network that the same fast matrix product runs as it is. [Li et al. (2017)](https://arxiv.org/abs/1608.08710) do the same to the filters of convolutional networks.
# 2. **A sparse matrix format** that stores only the kept weights and skips the zeros, at the price of bookkeeping for every weight it does keep. SciPy offers several ([SciPy sparse documentation](https://docs.scipy.org/doc/scipy/reference/sparse.html)); section 3 explains the three we time.
#
# You will see: the removal of hidden units written out in a few lines of NumPy; how much accuracy it costs against removing the same number of single weights ([Han et al. 2015](https://arxiv.org/abs/1506.02626)), with fine-tuning; measured prediction times of the dense, thinned and sparse-format networks across sparsity; where, if anywhere, a sparse format beats dense; a common claim about structured and unstructured speed-ups, measured instead of asserted; and file sizes on disk.

# %%
# Setup: in Colab, install the package first; elsewhere this cell does nothing.
import sys
if "google.colab" in sys.modules:
    # %pip install --quiet "mdl_prune @ git+https://github.com/mdl-prune/mdl_prune.git"

# %% [markdown]
# **Parameters.** The knobs of this notebook. Change them and run the notebook again from the top (*Run → Run All Cells*). Timings depend on your machine; the other numbers do not.

# %% tags=["parameters"]
SEED = 0                  # integer >= 0: digits split, initial weights, minibatch order,
                          # timing batches
HIDDEN = 64               # hidden units of the digits network (integer >= 2)
EPOCHS = 40               # epochs of dense training (integer >= 1)
FINE_TUNE_EPOCHS = 10     # epochs of fine-tuning after each pruning (integer >= 1)
# fractions of hidden units removed, each in [0, 1); one that would remove every unit is skipped
UNITS_REMOVED = [0.0, 0.5, 0.75, 0.875, 0.9375]
TIMING_HIDDEN = 1024      # hidden units of the network we time (integer >= 100);
                          # wide, so that the effects show
# fractions of weights removed when timing, in [0, 1)
TIMING_SPARSITIES = [0.0, 0.5, 0.75, 0.9, 0.99]
BATCH_SIZES = [1, 1000]   # batch sizes timed (integers >= 1)
TABLE_FRACTION = 0.75     # the fraction for the summary table;
                          # must be in UNITS_REMOVED and TIMING_SPARSITIES
BLAS_THREADS = 1          # threads for dense products while timing (integer >= 1),
                          # or None for all cores
REPEAT = 7                # timing samples per measurement (integer >= 1); we report the median

# %%
import os

import numpy as np
from sklearn.linear_model import LogisticRegression

from mdl_prune import data, exercises, network, plots, prune, sparsity, speed, train

if TABLE_FRACTION not in UNITS_REMOVED or TABLE_FRACTION not in TIMING_SPARSITIES:
    raise ValueError("TABLE_FRACTION must be one of UNITS_REMOVED and one of TIMING_SPARSITIES")
if prune.n_to_prune(TABLE_FRACTION, HIDDEN) >= HIDDEN:
    raise ValueError(
        f"TABLE_FRACTION={TABLE_FRACTION} would remove "
        f"all {HIDDEN} hidden units; choose a smaller one"
    )

# %% [markdown]
# ## 1 · Removing hidden units, written out
#
# We train the dense digits network of notebook 01: 64 inputs (the pixels), `HIDDEN` hidden units, 10 outputs (the classes).

# %%
ds = data.load_digits(seed=SEED)
start = network.TwoLayerNet.create(ds.n_features, HIDDEN, ds.n_classes, seed=SEED)
dense, _ = train.fit(start, ds.X_train, ds.y_train, epochs=EPOCHS, seed=SEED)
dense_accuracy = dense.accuracy(ds.X_test, ds.y_test)
print(dense)
print(f"dense test accuracy: {dense_accuracy:.1%}")

# %% [markdown]
# For a *batch* of inputs $X$ (the inputs handed to the network in one call, one per row: here $n_\text{batch} \times 64$) the network computes
#
# $$H = \mathrm{relu}(X W_1 + b_1), \qquad \text{logits} = H W_2 + b_2 ,$$
#
# with $W_1$ of shape $64 \times n_\text{hidden}$ and $W_2$ of shape $n_\text{hidden} \times 10$. Hidden unit $h$ lives in three places: **column** $h$ of $W_1$ (its incoming weights), entry $h$ of $b_1$, and **row** $h$ of $W_2$ (its outgoing weights). Its contribution to the logits is $H[:, h]\, W_2[h, :]$. So, to remove a set of units, keep the others (their indices in increasing order, `keep`) and slice all three:
#
# 1. `W1[:, keep]`, `b1[keep]`, `W2[keep, :]`; `b2` stays as it is.
# 2. If a removed unit $h$ has **no incoming weights** left (column $h$ of $W_1$ all pruned), its output is $\mathrm{relu}(b_1[h])$ for *every* input: a constant. Its contribution $\mathrm{relu}(b_1[h])\, W_2[h, :]$ is then the same for every input, and adding it to $b_2$ before the unit goes keeps the logits exactly as they were. We call this **folding** the unit into $b_2$.
#
# Two functions of the package use these steps. `prune.prune_neurons(net, fraction)` removes the least important units (step 1 alone): it *changes* the network, since the removed units did work; the smaller network computes what the original computes with those units' outgoing weights masked. `sparsity.drop_dead_units(net)` removes only the units pruning has already cut off, those with no outputs (they change nothing) and those with no inputs (folded), so it does not change a single logit. In NumPy:

# %%
def remove_hidden_units(W1, b1, W2, b2, keep, fold=()):
    """A smaller dense network with only the hidden units `keep` (sorted indices).

    Each unit in `fold` has no incoming weights, so it outputs relu(b1[h]) whatever the input:
    its share relu(b1[h]) * W2[h, :] of the logits moves into b2 before it goes."""
    fold = np.asarray(fold, dtype=int)
    b2 = b2 + np.maximum(b1[fold], 0.0) @ W2[fold, :]   # folding (adds nothing if fold is empty)
    return W1[:, keep], b1[keep], W2[keep, :], b2


def same_arrays(mine, net):
    return all(np.array_equal(a, b) for a, b in zip(mine, (net.W1, net.b1, net.W2, net.b2)))


# structured pruning: remove the half of the units with the smallest scores (section 2)
keep = prune.units_to_keep(dense, 0.5)
half = prune.prune_neurons(dense, 0.5)
mine = remove_hidden_units(dense.W1, dense.b1, dense.W2, dense.b2, keep)
mask2 = np.zeros_like(dense.mask2)
mask2[keep] = dense.mask2[keep]                  # the removed units' outgoing weights masked
masked = dense.replace(mask2=mask2)
print(f"W1 {dense.W1.shape} -> {mine[0].shape},  W2 {dense.W2.shape} -> {mine[2].shape}")
print("same arrays as prune.prune_neurons:", "yes" if same_arrays(mine, half) else "no")
same_predictions = np.array_equal(half.predict(ds.X_test), masked.predict(ds.X_test))
print("the thinned network predicts what the masked one predicts, every test image:",
      "yes" if same_predictions else "no")

# %% [markdown]
# The logits of the two can differ in the last bits, because the matrix product adds the same numbers in another order; the predictions do not. Now the folding. Pruning 95% of the single weights by magnitude leaves some units with no inputs and some with no outputs:

# %%
cut = prune.magnitude_prune(dense, 0.95)
no_in, no_out = cut.dead_units()                 # boolean, one entry per hidden unit
alive = np.flatnonzero(~(no_in | no_out))
constant = np.flatnonzero(no_in & ~no_out)       # no inputs, but their output reaches the logits
mine = remove_hidden_units(cut.W1, cut.b1, cut.W2, cut.b2, alive, fold=constant)
print(f"95% of the weights pruned: {int(no_in.sum())} units with no inputs, "
      f"{int(no_out.sum())} with no outputs ({int((no_in & no_out).sum())} both); "
      f"{alive.size} of {HIDDEN} units left, {constant.size} folded into b2")
print("same arrays as sparsity.drop_dead_units:",
      "yes" if same_arrays(mine, sparsity.drop_dead_units(cut)) else "no")
thinned_cut = network.TwoLayerNet(*mine, cut.mask1[:, alive], cut.mask2[alive])
unfolded = thinned_cut.replace(b2=cut.b2)
print("the thinned network predicts what the pruned one predicts, every test image:",
      "yes" if np.array_equal(thinned_cut.predict(ds.X_test), cut.predict(ds.X_test)) else "no")
changed = int((unfolded.predict(ds.X_test) != cut.predict(ds.X_test)).sum())
print(f"without the folding, {changed} of {len(ds.y_test)} test predictions would change")

# %% [markdown]
# **Exercise 08.1** *(code)*. Write `drop_dead(W1, b1, W2, b2)`, which does what `sparsity.drop_dead_units` does from the arrays alone: pruned weights are exact zeros, a unit with **no outputs** is a zero row of `W2`, a unit with **no inputs** a zero column of `W1`. Remove both kinds (fold the constant ones into `b2` first) and return the four new arrays `(W1, b1, W2, b2)`, the kept units in their original order, without changing the arguments. The checker tries three small networks and tells you what went wrong.

# %%
def drop_dead(W1, b1, W2, b2):
    """(W1, b1, W2, b2) without the hidden units that have no inputs or no outputs; the constant
    output relu(b1[h]) * W2[h, :] of each unit with no inputs folded into b2."""
    ...  # your code here


solved = exercises.ch08.check_drop_dead_units(drop_dead)


# %% tags=["solution"] jupyter={"source_hidden": true}
def drop_dead_solution(W1, b1, W2, b2):
    """(W1, b1, W2, b2) without the dead hidden units, constant outputs folded into b2."""
    no_inputs = ~W1.any(axis=0)                  # a zero column of W1
    no_outputs = ~W2.any(axis=1)                 # a zero row of W2
    keep = np.flatnonzero(~(no_inputs | no_outputs))
    fold = np.flatnonzero(no_inputs & ~no_outputs)
    return remove_hidden_units(W1, b1, W2, b2, keep, fold)


assert exercises.ch08.check_drop_dead_units(drop_dead_solution)

# %% [markdown]
# ## 2 · What removing units costs in accuracy
#
# `prune.prune_neurons(net, fraction, criterion)` removes exactly `round(fraction · n_hidden)` units (Python's `round`, as everywhere in this series), the lowest-scored first, ties broken by unit index. Two scores say how much a unit matters:
#
# * `"norm"`: $\lVert W_1[:, h]\rVert \cdot \lVert W_2[h, :]\rVert$, the size of what comes in times the size of what goes out; it needs only the weights;
# * `"activation"`: the unit's mean ReLU output on training data times $\lVert W_2[h, :]\rVert$, what the unit actually sends to the output layer; a unit that never fires scores zero.
#
# The two criteria mostly agree on which half of the units to remove:

# %%
removed_norm = set(range(HIDDEN)) - set(keep)
removed_act = set(range(HIDDEN)) - set(prune.units_to_keep(dense, 0.5, "activation", X=ds.X_train))
print(f"units removed by both criteria: {len(removed_norm & removed_act)} of {len(removed_norm)}")

# %% [markdown]
# Now the comparison at **the same number of weights**. Removing a fraction $f$ of the hidden units removes the same fraction of the weights (each unit carries `n_in + n_out` of them), so we prune single weights by magnitude (notebook 02) down to exactly the count the thinned network has, and check that the counts agree. (The unstructured network also keeps all its biases; biases are few.) Every pruned network is then fine-tuned for `FINE_TUNE_EPOCHS` epochs: the thinned one as an ordinary smaller network, the unstructured one with its mask held fixed (notebook 03).

# %%
methods = ["units removed, norm", "units removed, activation", "single weights removed, magnitude"]
before = {m: [] for m in methods}
after = {m: [] for m in methods}
units_kept = []
fractions = [f for f in UNITS_REMOVED if prune.n_to_prune(f, HIDDEN) < HIDDEN]
if len(fractions) < len(UNITS_REMOVED):
    print(
        f"skipped (would remove all {HIDDEN} units):",
        [f for f in UNITS_REMOVED if f not in fractions],
    )
for fraction in fractions:
    by_norm = prune.prune_neurons(dense, fraction, "norm")
    by_activation = prune.prune_neurons(dense, fraction, "activation", X=ds.X_train)
    n_weights = by_norm.count_parameters().weights_total
    single = prune.magnitude_prune(dense, 1 - n_weights / dense.count_parameters().weights_total)
    assert single.count_parameters().weights_kept == n_weights    # same number of weights
    units_kept.append(by_norm.n_hidden)
    for name, net in zip(methods, (by_norm, by_activation, single)):
        tuned, _ = train.fit(net, ds.X_train, ds.y_train, epochs=FINE_TUNE_EPOCHS, seed=SEED)
        before[name].append(net.accuracy(ds.X_test, ds.y_test))
        after[name].append(tuned.accuracy(ds.X_test, ds.y_test))

weights_per_unit = ds.n_features + ds.n_classes
print("test accuracy")
print(
    "units  weights  |  right after pruning: norm  "
    "activ.  single  |  fine-tuned: norm  activ.  single"
)
for i, k in enumerate(units_kept):
    print(
        f"{k:5d}  {k * weights_per_unit:7d}  |                  "
        + "  ".join(f"{before[m][i]:6.1%}" for m in methods)
        + "  |         "
        + "  ".join(f"{after[m][i]:6.1%}" for m in methods)
    )

# %%
fig = plots.structured_vs_unstructured(
    units_kept,
    {m: (before[m], after[m]) for m in methods},
    dense_accuracy=dense_accuracy,
    weights_per_unit=weights_per_unit,
    title="Digits: removing hidden units vs single weights, same weight count",
)
for ax in fig.axes:
    plots.style.percent_axis(ax.yaxis)
fig.axes[0].set_ylabel("test accuracy")

# %%
worst = -1   # the smallest network tried
removed = [i for i, f in enumerate(fractions) if f > 0]
single_ahead = all(before[methods[2]][i] >= before[methods[0]][i] for i in removed)
print("right after pruning, single weights beat units (norm) at every size:",
      "yes" if single_ahead else "no")
gap_before = 100 * (before[methods[2]][worst] - before[methods[0]][worst])
gap_after = 100 * (after[methods[2]][worst] - after[methods[0]][worst])
print(f"smallest network ({units_kept[worst]} units): single weights minus units (norm), "
      f"{gap_before:+.1f} percentage points before fine-tuning, {gap_after:+.1f} after")
spreads = [100 * (max(after[m][i] for m in methods) - min(after[m][i] for m in methods))
           for i in removed[:-1]]
if spreads:
    print(f"fine-tuned, {', '.join(str(units_kept[i]) for i in removed[:-1])} units: the three "
          f"methods within {max(spreads):.1f} percentage points of each other")

# %% [markdown]
# **What the numbers say.** Right after pruning, removing whole units costs far more accuracy than removing the same number of single weights (the cell above checks this at every size): magnitude pruning can pick the least useful weights anywhere, while a removed unit takes its useful weights with it. Fine-tuning closes most of the gap, because the surviving units re-learn what the removed ones did: after fine-tuning, the three methods are within about 1 percentage point of each other while a half, a quarter or an eighth of the units remain (printed above), and the smallest network still favours single weights by several points (printed above). Which criterion picks the units matters mostly before fine-tuning.
#
# So, at a fixed number of weights, unstructured pruning keeps more accuracy. Structured pruning pays that price for something unstructured pruning does not give by itself: speed. The next section measures it.

# %% [markdown]
# ## 3 · Measured prediction time
#
# To make the effects visible we time a wide network, 64 inputs, `TIMING_HIDDEN` hidden units, 10 outputs (untrained: timing does not depend on the values of the weights), on batches of 1 input (one request at a time, as a server answering users) and of 1000 inputs (a batch job). At each sparsity we time `predict` of
#
# * **dense with zeros**: the magnitude-pruned network as it is, masks and zeros (what `torch.nn.utils.prune` or a mask in NumPy gives you);
# * **thinned**: the same fraction of *hidden units* removed (so the same fraction of the weights), a smaller dense network;
# * **SciPy CSR** and **CSC**: the magnitude-pruned network with its weight matrices converted by `speed.to_sparse`. **CSR** (*compressed sparse rows*) stores, row by row, the kept values, the column index of each, and where each row starts: in float64 that is 12 bytes per kept weight instead of 8, and reads of the input that jump from place to place. **CSC** (*compressed sparse columns*) is the same by columns.
#
# NumPy hands a dense matrix product to **BLAS** (*Basic Linear Algebra Subprograms*, a library such as OpenBLAS or Intel's MKL, tuned for each processor: it works on blocks that fit the caches and does several multiply-adds per instruction). BLAS may use every core, while SciPy's sparse products run on one; `BLAS_THREADS = 1` gives the dense products one thread too, so that we compare like with like. Each time is the median of `REPEAT` interleaved samples (dense, then each variant, then dense again, ...), each after one untimed warm-up call, so that every network is timed in its steady state, as a model used again and again is. On a busy machine single timings are noisy: read the trend, not the third digit.
#
# First, the formats compute the same thing:

# %%
wide = network.TwoLayerNet.create(ds.n_features, TIMING_HIDDEN, ds.n_classes, seed=SEED)
rng = np.random.default_rng(SEED)
X_big = ds.X_test[rng.integers(0, len(ds.X_test), size=1000)]      # a batch of 1000 inputs
quarter = prune.magnitude_prune(wide, 0.75)                          # 75% of the weights pruned
agree = all(np.array_equal(speed.to_sparse(quarter, fmt).predict(X_big), quarter.predict(X_big))
            for fmt in speed.FORMATS)
print("CSR, CSC and BSR give the dense network's predictions on 1000 inputs:",
      "yes" if agree else "no")
per_input = ds.n_features * TIMING_HIDDEN + TIMING_HIDDEN * ds.n_classes
print(f"multiply-adds per input: dense {per_input:,}, "
      f"CSR at 75% pruned {quarter.count_parameters().weights_kept:,}")

# %% [markdown]
# **Exercise 08.2** *(predict, then run)*. With 75% of the single weights pruned, CSR does a quarter of the dense product's multiply-adds (printed above), but each one with its bookkeeping. On a batch of 1000 inputs, will `predict` through CSR be **faster or slower** than the dense network, zeros and all? By roughly what factor? Write your guess in the cell below, then run the one after it.

# %%
my_guess = ...   # "faster" or "slower", and a factor if you like, e.g. ("faster", 2.0)

# %%
# NBVAL_IGNORE_OUTPUT
t = speed.time_predictors({"dense": wide, "csr": speed.to_sparse(quarter, "csr")}, X_big,
                          repeat=REPEAT, threads=BLAS_THREADS)
ratio = t["dense"] / t["csr"]
print(f"batch 1000, 75% of the weights pruned: dense {t['dense'] * 1e3:.2f} ms, "
      f"CSR {t['csr'] * 1e3:.2f} ms per predict (medians)")
print(f"measured: CSR is {'faster' if ratio > 1 else 'slower'} than dense, "
      f"{ratio:.2f}× the dense speed")
if my_guess is not ...:
    print(f"your guess: {my_guess}")

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# Count the work first, then its price. CSR does a quarter of the multiply-adds, but for each it loads a value *and* a column index, then reads the input at that index, a place that changes from one weight to the next; the processor can hardly use its wide instructions (several multiply-adds at once) on such scattered data. BLAS runs the dense product in blocks that stay in the caches and keeps its arithmetic units busy. So each of CSR's multiply-adds costs several times one of BLAS's, and "a quarter of the work at several times the price" lands close to break-even: either answer can come out, depending on the processor, the width of the layer and the batch size, so measure rather than trust the count. The cell above prints your machine's answer, and the sweep below shows the whole range of sparsities, and so where CSR and dense cross on your machine.
#
# </details>

# %% [markdown]
# Now the whole sweep, at each batch size in `BATCH_SIZES`:

# %%
# NBVAL_IGNORE_OUTPUT
sweeps = {}
for batch in BATCH_SIZES:
    X_batch = ds.X_test[rng.integers(0, len(ds.X_test), size=batch)]
    sweeps[f"batch {batch}"] = speed.speed_sweep(
        wide,
        X_batch,
        TIMING_SPARSITIES,
        formats=("csr", "csc"),
        repeat=REPEAT,
        threads=BLAS_THREADS,
    )
print(f"this machine: {os.cpu_count()} cores; dense products timed on "
      f"{BLAS_THREADS or 'all'} thread(s)")
for name, sweep in sweeps.items():
    print(
        f"{name}: dense predict takes {sweep.dense_time * 1e3:.3f} "
        "ms (median); speed-up over dense:"
    )
    print("  weights removed  " + "".join(f"{s:>8.0%}" for s in sweep.sparsities))
    for variant, speedup in sweep.speedups.items():
        print(f"  {variant:15s}" + "".join(f"{x:>7.2f}×" for x in speedup))

# %%
fig = plots.speedup_curves(
    sweeps,
    title=f"Prediction speed-up over the dense {wide.n_in}-{TIMING_HIDDEN}-"
    f"{wide.n_out} network (median times)",
)

# %% [markdown]
# **Reading the plot.** The dotted line is the ideal speed-up $1/(1-\text{sparsity})$: the work divided by the work left. What follows describes the run stored with this notebook, measured on a 2-core machine; your figure may differ, and the cell after this one lists what happened on yours.
#
# * The grey squares, the dense network with its zeros, stay near 1× whatever the sparsity: **masking never speeds anything up**. (A single point far from 1× on any curve is a measurement disturbed by other programs on the machine, not an effect: nothing in that computation changed.)
# * The thinned network gains as soon as units are removed, but not simply in proportion to the work. At the large batch the hidden activations of the whole batch take megabytes, and getting that memory (from the operating system, through the caches) can cost as much as the arithmetic or more; a thinned network needs a fraction of it, which may stay in the caches while the wide network's does not. So the measured gain can land far from the ideal, in either direction, and differs from machine to machine. At batch 1 a `predict` takes microseconds, fixed costs (checking the input, each call into NumPy) are a large share of it, and the thinned network gains less.
# * The sparse formats start *below* 1× at 0% (paying their bookkeeping for every weight) and overtake dense only past some sparsity, which depends on the batch size and on the machine. In the stored run they needed a higher sparsity at batch 1 than at batch 1000: at batch 1 the fixed cost of each SciPy call weighs more.

# %%
# NBVAL_IGNORE_OUTPUT
for name, sweep in sweeps.items():
    for fmt in ("csr", "csc"):
        faster = sweep.sparsities[sweep.speedups[fmt] > 1]
        where = ", ".join(f"{s:.0%}" for s in faster) if faster.size else "nowhere"
        print(f"{name:11s} {fmt.upper()} faster than dense at weights removed: {where}")
    masked = sweep.speedups["masked dense"]
    print(f"{name:11s} dense with zeros: {masked.min():.2f}× to {masked.max():.2f}× dense")

# %% [markdown]
# **BSR, the block format.** **BSR** (*block sparse rows*) stores small dense blocks, here 4×4, in the layout of CSR, so the product runs dense inner loops on each block. That helps when the zeros come in blocks. Magnitude pruning scatters them: a block is stored as soon as one of its 16 weights is kept, with its pruned weights as explicit zeros.

# %%
pruned_wide = prune.magnitude_prune(wide, 0.9)
kept = pruned_wide.count_parameters().weights_kept
for fmt in ("csr", "bsr"):
    stored = speed.to_sparse(pruned_wide, fmt, block=4).nnz
    print(f"90% of weights removed, {fmt.upper()}: {stored} entries stored for {kept} kept weights "
          f"({stored / kept:.1f}×)")

# %%
# NBVAL_IGNORE_OUTPUT
X_100 = X_big[:100]    # a batch of 100 inputs: BSR is slow, and the ratios are what matter
times = speed.time_predictors({"dense": wide, "csr": speed.to_sparse(pruned_wide, "csr"),
                               "bsr": speed.to_sparse(pruned_wide, "bsr", block=4)},
                              X_100, repeat=REPEAT, threads=BLAS_THREADS)
for name, t in times.items():
    print(
        f"batch {len(X_100)}, 90% removed, {name:5s}: "
        f"{t * 1e3:7.3f} ms, {times['dense'] / t:5.2f}× dense"
    )

# %% [markdown]
# BSR stores several times more entries than there are kept weights (printed above) and multiplies every one of them, zeros included.

# %% [markdown]
# **Exercise 08.3** *(discuss)*. Why does unstructured sparsity so rarely speed up a small dense matrix product on a CPU? And what hardware, or software, changes that? Think of what the processor does per multiply-add in each case, of where the data sits, and of the BSR numbers above.

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# * **Dense products are what CPUs are built for.** BLAS streams weights in the order they sit in memory, reuses each weight for many inputs of the batch while it is in a register or a cache, and issues several multiply-adds per instruction (SIMD, *single instruction, multiple data*). A small layer fits in the caches entirely, so the dense product runs near the processor's peak.
# * **A sparse format pays per kept weight.** CSR loads an index besides each value (more bytes than the value alone: 12 instead of 8 in float64, 8 instead of 4 in float32), reads the input at scattered places, and leaves the SIMD units mostly idle; each call also pays fixed costs (checks, Python-level dispatch in SciPy), which dominate at batch 1. Skipping 75% of the work does not pay when each remaining multiply-add costs several times more; it pays only at high sparsity, and where exactly depends on the machine (the sweep above). [Gale, Elsen & Hooker (2019)](#references) and [Hoefler et al. (2021)](#references) report the same on CPUs and GPUs.
# * **Structure is what hardware can use.** Removing units, filters or channels ([Li et al. 2017](#references)) gives a smaller dense network, fast on any hardware. Blocks help when the zeros come in blocks (BSR above shows the opposite case: scattered zeros fill most blocks). NVIDIA's Ampere GPUs run a fine-grained structure, 2 of every 4 consecutive weights zero, on *sparse tensor cores* at up to twice the dense throughput ([Mishra et al. 2021](#references)). Hand-written sparse kernels for phone CPUs make sparse MobileNets and EfficientNets 1.3–2.4× faster than dense ones ([Elsen et al. 2020](#references)). And when a layer is too large for the caches and is applied to one input at a time, the product waits on memory rather than on arithmetic: then fewer bytes (sparse values with short indices, or quantized ones as in Deep Compression, [Han, Mao & Dally 2016](#references)) mean less time.
#
# </details>

# %% [markdown]
# ## 4 · A common claim: structured vs unstructured speed-ups, measured
#
# Tutorials on pruning often sum up its speed-ups in a table like this one, without measuring them:
#
# | kind | what is removed | speed-up (claimed) |
# |---|---|---|
# | unstructured | single weights | low (sparse operations) |
# | structured | whole neurons / filters | high (dense operations) |
# | channel | whole channels | high |
# | layer | whole layers | very high |
#
# Here it is with measured numbers, at `TABLE_FRACTION` of the weights (or units) removed. In a fully connected network a hidden unit *is* the channel of its layer, so the "channel" row is the "structured" measurement. The "layer" row removes the only hidden layer: what is left is softmax regression from pixels to classes (trained here with scikit-learn's `LogisticRegression`, [Pedregosa et al. 2011](#references)).

# %%
linear = LogisticRegression(max_iter=2000).fit(ds.X_train, ds.y_train)
no_layer = speed.LinearNet(linear.coef_.T, linear.intercept_)
i = fractions.index(TABLE_FRACTION)
table_accuracy = {"unstructured": after[methods[2]][i], "structured": after[methods[0]][i],
                  "layer": float(np.mean(no_layer.predict(ds.X_test) == ds.y_test))}
print(f"digits test accuracy, {TABLE_FRACTION:.0%} removed and fine-tuned:")
print(f"  unstructured (single weights):      {table_accuracy['unstructured']:.1%}")
print(f"  structured (hidden units):          {table_accuracy['structured']:.1%}")
print(
    "  layer removed (softmax regression): "
    f"{table_accuracy['layer']:.1%}   dense: {dense_accuracy:.1%}"
)

# %%
# NBVAL_IGNORE_OUTPUT
j = TIMING_SPARSITIES.index(TABLE_FRACTION)
wide_linear = speed.LinearNet(
    np.random.default_rng(SEED).normal(size=(ds.n_features, ds.n_classes)), np.zeros(ds.n_classes)
)  # same shape as the trained one; values do not matter
layer_speedup = {}
for name, sweep in sweeps.items():
    X_batch = ds.X_test[
        np.random.default_rng(SEED).integers(0, len(ds.X_test), size=sweep.batch_size)
    ]
    t = speed.time_predictors({"dense": wide, "linear": wide_linear}, X_batch, repeat=REPEAT,
                              threads=BLAS_THREADS)
    layer_speedup[name] = t["dense"] / t["linear"]

rows = [
    (
        "unstructured",
        "single weights, dense with zeros",
        {n: s.speedups["masked dense"][j] for n, s in sweeps.items()},
    ),
    (
        "unstructured",
        "single weights, SciPy CSR",
        {n: s.speedups["csr"][j] for n, s in sweeps.items()},
    ),
    (
        "structured",
        "hidden units (thinned)",
        {n: s.speedups["thinned"][j] for n, s in sweeps.items()},
    ),
    (
        "channel",
        "= hidden units in this network",
        {n: s.speedups["thinned"][j] for n, s in sweeps.items()},
    ),
    ("layer", "the hidden layer", layer_speedup),
]
print(
    "Measured speed-up of predict over the dense "
    f"{wide.n_in}-{TIMING_HIDDEN}-{wide.n_out} network, "
    f"{TABLE_FRACTION:.0%} removed (medians):"
)
print(f"  {'kind':13s} {'what is removed':34s}" + "".join(f"{n:>12s}" for n in sweeps))
for kind, what, speedups in rows:
    print(f"  {kind:13s} {what:34s}" + "".join(f"{speedups[n]:>11.1f}×" for n in sweeps))

# %% [markdown]
# **The claim, measured.** In the run stored with this notebook (a 2-core machine; yours may differ), unstructured pruning gives *no* speed-up as it is usually stored (dense with zeros), and through a sparse format it gains far less than removing units does, or loses: CSR and CSC pay only past some sparsity (section 3). Removing whole units is a real speed-up at both batch sizes, larger at the large batch. Removing the layer is the largest speed-up at the large batch, but it changes the model class: softmax regression on the digits reaches the accuracy printed two cells above, below the dense network's. Nor is structured pruning free: at the same number of weights, the unstructured network was the more accurate one right after pruning, and in the smallest networks after fine-tuning too (section 2).
#
# So the claimed table has the order right and the reasons half right. "Low" for unstructured pruning is generous at moderate sparsity, where a sparse format is often *slower* than dense; "high" for structured pruning is real, and can beat the ideal $1/(1-\text{sparsity})$ when the smaller network's memory fits where the large one's does not.

# %% [markdown]
# ## 5 · Size on disk
#
# The question users of every pruning tool ask: *"I pruned 90% of the weights; why is the file the same size?"* Saving the arrays as they are (`np.savez`) stores every zero in 8 bytes like any other weight. Only an encoding of the mask and the values (here CSR arrays; notebook 06 does far better with a real code) or removing whole units makes the file smaller. `speed.saved_bytes` writes each file to a temporary directory and measures it.

# %% [markdown]
# **Exercise 08.4** *(predict, then run)*. The digits network with `TABLE_FRACTION` (75%) of its weights pruned is saved as CSR arrays: each kept weight as an 8-byte value and a 4-byte column index, plus 4 bytes per row for where each row starts, and the biases. What fraction of the dense file will it be? Write your guess, then run on.

# %%
my_guess_csr_fraction = ...   # e.g. 0.25

# %%
thinned = prune.prune_neurons(dense, TABLE_FRACTION)
single = prune.magnitude_prune(dense, 1 - thinned.count_parameters().weights_total
                               / dense.count_parameters().weights_total)
sizes = {
    "dense": speed.saved_bytes(dense),
    f"{TABLE_FRACTION:.0%} of weights pruned, saved as dense arrays": speed.saved_bytes(single),
    f"{TABLE_FRACTION:.0%} of weights pruned, saved as CSR arrays": speed.saved_bytes(
        single, "csr"
    ),
    f"{TABLE_FRACTION:.0%} of hidden units removed (thinned)": speed.saved_bytes(thinned),
}
for name, size in sizes.items():
    print(f"{name:48s} {size / 1024:7.1f} KiB  ({size / sizes['dense']:.0%} of dense)")
assert speed.saved_bytes(single) == speed.saved_bytes(dense)  # the zeros cost as much as any weight
count = single.count_parameters()
estimate = (count.weights_kept * 12 + 4 * (dense.n_in + dense.n_hidden + 2)
            + 8 * count.biases) / (8 * (count.weights_total + count.biases))
print(f"counting bytes: {count.weights_kept} kept weights x 12 bytes, row starts, biases -> "
      f"{estimate:.0%} of the dense arrays")
if my_guess_csr_fraction is not ...:
    print(f"your guess: {my_guess_csr_fraction:.0%}")

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# A quarter of the weights remain, and each costs 12 bytes instead of 8, so the weights take $0.25 \times 12/8 = 37.5\%$ of their dense size; the row starts and the biases (which nothing prunes) add a little, and the `.npz` file a header per array, which is why the measured file is a few percentage points larger than the count (both printed above). An index per weight is a real cost: at 50% pruned, CSR arrays would be $0.5 \times 12/8 = 75\%$ of the dense ones, and below about a third pruned they would be *larger*. The thinned network needs no index at all, so its file shrinks in proportion to the units removed.
#
# </details>

# %% [markdown]
# The pruned network saved as dense arrays is exactly as large as the dense one (the assert checks it). CSR arrays shrink the file, though each kept weight now also carries a 4-byte index. The thinned network is simply a smaller dense network, and its file shrinks in proportion.
#
# ## Summary
#
# * Removing hidden units is slicing: `W1[:, keep]`, `b1[keep]`, `W2[keep, :]`, with the constant output $\mathrm{relu}(b_1[h])\, W_2[h, :]$ of a unit with no inputs folded into `b2`. `prune.prune_neurons` removes the least important units; `sparsity.drop_dead_units` removes those that do nothing, without changing a prediction.
# * At the same number of weights, removing units loses more accuracy than removing single weights; fine-tuning recovers most of it except in the smallest networks.
# * Measured, not claimed: weights set to zero in a dense matrix give no speed-up at all; a SciPy sparse format pays only at high sparsity; removing units speeds up prediction at every sparsity; removing a layer is fastest and changes the model. The numbers are your machine's: the cells print them.
# * A masked model saved as dense arrays is as large as the dense one; thinning or an encoding of the mask and values makes it smaller (notebook 06 counts the bits).
# * The repository's `benchmarks/run.py` times the same thinning at batch 20,000 and compares `train.fit` with an equivalent PyTorch loop.
#
# This closes the series: from [Hinton & van Camp](#references)'s description length (notebooks 06 and 07) to the practical question of what pruning buys on a real machine.

# %% [markdown]
# ## References
# <a id="references"></a>
#
# - Elsen, E., Dukhan, M., Gale, T. & Simonyan, K. (2020). Fast sparse ConvNets. *Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition* (CVPR 2020), 14629–14638. [arXiv:1911.09723](https://arxiv.org/abs/1911.09723)
# - Gale, T., Elsen, E. & Hooker, S. (2019). The state of sparsity in deep neural networks. *arXiv preprint*. [arXiv:1902.09574](https://arxiv.org/abs/1902.09574)
# - Han, S., Pool, J., Tran, J. & Dally, W. J. (2015). Learning both weights and connections for efficient neural networks. *Advances in Neural Information Processing Systems 28* (NIPS 2015). [arXiv:1506.02626](https://arxiv.org/abs/1506.02626)
# - Hoefler, T., Alistarh, D., Ben-Nun, T., Dryden, N. & Peste, A. (2021). Sparsity in deep learning: pruning and growth for efficient inference and training in neural networks. *Journal of Machine Learning Research*, 22(241), 1–124. [arXiv:2102.00554](https://arxiv.org/abs/2102.00554)
# - Han, S., Mao, H. & Dally, W. J. (2016). Deep compression: compressing deep neural networks with pruning, trained quantization and Huffman coding. *International Conference on Learning Representations* (ICLR 2016). [arXiv:1510.00149](https://arxiv.org/abs/1510.00149)
# - Hinton, G. E. & van Camp, D. (1993). Keeping neural networks simple by minimizing the description length of the weights. *Proceedings of the Sixth Annual Conference on Computational Learning Theory* (COLT '93), 5–13. [doi:10.1145/168304.168306](https://doi.org/10.1145/168304.168306)
# - Li, H., Kadav, A., Durdanovic, I., Samet, H. & Graf, H. P. (2017). Pruning filters for efficient ConvNets. *International Conference on Learning Representations* (ICLR 2017). [arXiv:1608.08710](https://arxiv.org/abs/1608.08710)
# - Mishra, A., Albericio Latorre, J., Pool, J., Stosic, D., Stosic, D., Venkatesh, G., Yu, C. & Micikevicius, P. (2021). Accelerating sparse deep neural networks. *arXiv preprint*. [arXiv:2104.08378](https://arxiv.org/abs/2104.08378)
# - Pedregosa, F. et al. (2011). Scikit-learn: machine learning in Python. *Journal of Machine Learning Research*, 12, 2825–2830. [jmlr.org](https://jmlr.org/papers/v12/pedregosa11a.html)
# - SciPy documentation: [Sparse arrays (`scipy.sparse`)](https://docs.scipy.org/doc/scipy/reference/sparse.html), with the formats [`csr_array`](https://docs.scipy.org/doc/scipy/reference/generated/scipy.sparse.csr_array.html), [`csc_array`](https://docs.scipy.org/doc/scipy/reference/generated/scipy.sparse.csc_array.html) and [`bsr_array`](https://docs.scipy.org/doc/scipy/reference/generated/scipy.sparse.bsr_array.html). The library itself: Virtanen, P. et al. (2020). SciPy 1.0: fundamental algorithms for scientific computing in Python. *Nature Methods*, 17, 261–272. [doi:10.1038/s41592-019-0686-2](https://doi.org/10.1038/s41592-019-0686-2)
