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
# Notebooks 02 to 05 removed **single weights**: the network became sparse, but every weight matrix
# kept its shape, with zeros inside. Notebook 06 showed that such a model only gets *smaller* once
# the mask and the kept values are encoded. This notebook asks the question every pruning tool's
# users ask next: **is the pruned network faster?**
#
# A dense matrix product multiplies a zero like any other number, so a network with 90% of its
# weights set to zero runs exactly as fast as the dense one. There are two ways out, and we measure
# both:
#
# 1. **Structured pruning**: remove whole hidden units. Deleting unit $h$ deletes column $h$ of
#    $W_1$, entry $h$ of $b_1$ and row $h$ of $W_2$; what is left is a *smaller dense* network that
#    the same fast matrix product runs as it is.
# 2. **A sparse matrix format** (SciPy's CSR, CSC, BSR) that stores only the kept weights and skips
#    the zeros, at the price of bookkeeping for every weight it does keep.
#
# You will see: how much accuracy removing units costs against removing the same number of single
# weights (on the digits, with fine-tuning); measured prediction times of the dense, thinned and
# sparse-format networks across sparsity at batch sizes 1 and 1000; where, if anywhere, the sparse
# format beats dense; the original notebook's table of speed-ups ("unstructured: low; structured:
# high"), re-stated with measured numbers; and file sizes on disk.

# %%
# Setup: in Colab, install the package first; elsewhere this cell does nothing.
import sys
if "google.colab" in sys.modules:
    # %pip install --quiet "mdl_prune @ git+https://github.com/mdl-prune/mdl_prune.git"

# %% [markdown]
# **Parameters.** The knobs of this notebook. Change them and run the notebook again from the top
# (*Run → Run All Cells*). Timings depend on your machine; the other numbers do not.

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
REPEAT = 9                # timing samples per measurement (integer >= 1); we report the median

# %%
import numpy as np
from sklearn.linear_model import LogisticRegression

from mdl_prune import data, network, plots, prune, speed, train

if TABLE_FRACTION not in UNITS_REMOVED or TABLE_FRACTION not in TIMING_SPARSITIES:
    raise ValueError("TABLE_FRACTION must be one of UNITS_REMOVED and one of TIMING_SPARSITIES")
if prune.n_to_prune(TABLE_FRACTION, HIDDEN) >= HIDDEN:
    raise ValueError(
        f"TABLE_FRACTION={TABLE_FRACTION} would remove "
        f"all {HIDDEN} hidden units; choose a smaller one"
    )

# %% [markdown]
# ## 1 · Removing whole hidden units
#
# We train the dense digits network of notebook 01, then remove hidden units with
# `prune.prune_neurons(net, fraction, criterion)`. It removes exactly `round(fraction · n_hidden)`
# units (Python's `round`, as everywhere in this series), the lowest-scored first, ties broken by
# unit index. Two scores say how much a unit matters:
#
# * `"norm"`: $\lVert W_1[:, h]\rVert \cdot \lVert W_2[h, :]\rVert$, the size of what comes in times
#   the size of what goes out; it needs only the weights;
# * `"activation"`: the unit's mean ReLU output on training data times $\lVert W_2[h, :]\rVert$,
#   what the unit actually sends to the output layer; a unit that never fires scores zero.

# %%
ds = data.load_digits(seed=SEED)
start = network.TwoLayerNet.create(ds.n_features, HIDDEN, ds.n_classes, seed=SEED)
dense, _ = train.fit(start, ds.X_train, ds.y_train, epochs=EPOCHS, seed=SEED)
dense_accuracy = dense.accuracy(ds.X_test, ds.y_test)
print(dense)
print(f"dense test accuracy: {dense_accuracy:.3f}")

# %% [markdown]
# The thinned network is a new, smaller `TwoLayerNet`. It computes *exactly* what the original
# computes once the removed units' outgoing weights are masked: the removed units then contribute
# nothing, and the kept ones compute what they computed before. (The logits can differ in the last
# bits, because the matrix product adds the same numbers in another order; the predictions do not.)

# %%
half = prune.prune_neurons(dense, 0.5)
keep = prune.units_to_keep(dense, 0.5)
mask2 = np.zeros_like(dense.mask2)
mask2[keep] = dense.mask2[keep]                 # mask the removed units' outgoing weights
masked = dense.replace(mask2=mask2)

print(half)
print(f"W1 {dense.W1.shape} -> {half.W1.shape},  W2 {dense.W2.shape} -> {half.W2.shape}")
print("same predictions as the masked original:",
      np.array_equal(half.predict(ds.X_test), masked.predict(ds.X_test)))
print("logits agree to 1e-10:",
      np.abs(half.logits(ds.X_test) - masked.logits(ds.X_test)).max() < 1e-10)
removed_norm = set(range(HIDDEN)) - set(keep)
removed_act = set(range(HIDDEN)) - set(prune.units_to_keep(dense, 0.5, "activation", X=ds.X_train))
print(f"units removed by both criteria: {len(removed_norm & removed_act)} of {len(removed_norm)}")

# %% [markdown]
# Now the comparison at **the same number of weights**. Removing a fraction $f$ of the hidden units
# removes the same fraction of the weights (each unit carries `n_in + n_out` of them), so we prune
# single weights by magnitude (notebook 02) down to exactly the count the thinned network has, and
# check that the counts agree. (The unstructured network also keeps all its biases; biases are
# few.) Every pruned network is then fine-tuned for `FINE_TUNE_EPOCHS` epochs: the thinned one as
# an ordinary smaller network, the unstructured one with its mask held fixed (notebook 03).

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
print(
    "units  weights  |  right after pruning: norm  "
    "activ.  single  |  fine-tuned: norm  activ.  single"
)
for i, k in enumerate(units_kept):
    print(
        f"{k:5d}  {k * weights_per_unit:7d}  |  "
        + "  ".join(f"{before[m][i]:.3f}" for m in methods)
        + "   |  "
        + "  ".join(f"{after[m][i]:.3f}" for m in methods)
    )

# %%
fig = plots.structured_vs_unstructured(
    units_kept,
    {m: (before[m], after[m]) for m in methods},
    dense_accuracy=dense_accuracy,
    weights_per_unit=weights_per_unit,
    title="Digits: removing hidden units vs single weights, same weight count",
)

# %%
worst = -1   # the smallest network tried
removed = [i for i, f in enumerate(fractions) if f > 0]
single_ahead = all(before[methods[2]][i] >= before[methods[0]][i] for i in removed)
print("right after pruning, single weights beat units (norm) at every size:", single_ahead)
gap_before = before[methods[2]][worst] - before[methods[0]][worst]
gap_after = after[methods[2]][worst] - after[methods[0]][worst]
print(f"smallest network ({units_kept[worst]} units): gap single - units {gap_before:+.3f} before, "
      f"{gap_after:+.3f} after fine-tuning")

# %% [markdown]
# **What the numbers say.** Right after pruning, removing whole units costs far more accuracy than
# removing the same number of single weights (the cell above checks this at every size): magnitude
# pruning can pick the least useful weights anywhere, while a removed unit takes its useful weights
# with it. Fine-tuning closes most of the gap, because the surviving units re-learn what the removed
# ones did; in the printed table the two kinds of pruning are close after fine-tuning while half or
# a quarter of the units remain, and the smallest networks still favour single weights. Which
# criterion picks the units matters mostly before fine-tuning.
#
# So, at a fixed number of weights, unstructured pruning keeps more accuracy. Structured pruning pays
# that price for something unstructured pruning does not give: speed. The next section measures it.

# %% [markdown]
# ## 2 · Measured prediction time
#
# To make the effects visible we time a wide network, 64 inputs, `TIMING_HIDDEN` hidden units, 10
# outputs (untrained: timing does not depend on the values of the weights). At each sparsity we time
# `predict` of
#
# * **dense with zeros**: the magnitude-pruned network as it is, masks and zeros (what
#   `torch.nn.utils.prune` or a mask in NumPy gives you);
# * **thinned**: the same fraction of *hidden units* removed (so the same fraction of weights),
#   a smaller dense network;
# * **SciPy CSR** and **CSC**: the magnitude-pruned network with its weight matrices converted by
#   `speed.to_sparse`. CSR (compressed sparse rows) stores, row by row, the kept values, their column
#   indices and where each row starts: 12 bytes per kept weight instead of 8, and memory reads that
#   jump around. CSC is the same by columns. The outputs equal the dense `predict` (tested in
#   `tests/test_speed.py`).
#
# SciPy's sparse products run on one core; `BLAS_THREADS = 1` gives the dense products one core too,
# so that we compare like with like. Each time is the median of `REPEAT` interleaved samples, each
# after one untimed warm-up call (the steady state of a model used again and again); on a busy
# machine single timings are noisy, so read the trend, not the third digit.

# %%
# NBVAL_IGNORE_OUTPUT
wide = network.TwoLayerNet.create(ds.n_features, TIMING_HIDDEN, ds.n_classes, seed=SEED)
rng = np.random.default_rng(SEED)
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
# **Reading the plot.** The grey squares, the dense network with its zeros, stay near 1× (up to the
# noise of timing) whatever the sparsity: masking never speeds anything up. The thinned network
# (blue) gains as soon as units are removed. Its gain is not simply proportional to the work, though. At the large
# batch the hidden activations of a whole batch take megabytes, and on many machines getting that
# memory (from the operating system, through the caches) costs as much as the arithmetic or more; a
# thinned network needs a fraction of it, which may stay in the caches or be reused by the memory
# allocator while the wide network's is not. So the measured gain can land far from the dotted ideal
# $1/(1-\text{sparsity})$, in either direction, and differs from machine to machine. At batch 1 a
# `predict` takes microseconds, fixed costs (checking the input, each call into NumPy) are a large
# share of it, and the thinned network gains less. The sparse formats start *below* 1× (paying their
# bookkeeping at low sparsity) and overtake dense only at high sparsity. The next cell lists where
# that happened in this run.

# %%
# NBVAL_IGNORE_OUTPUT
for name, sweep in sweeps.items():
    for fmt in ("csr", "csc"):
        faster = sweep.sparsities[sweep.speedups[fmt] > 1]
        where = ", ".join(f"{s:.0%}" for s in faster) if faster.size else "nowhere"
        print(f"{name:11s} {fmt.upper()} faster than dense at weights removed: {where}")

# %% [markdown]
# **BSR, the block format.** Block sparse rows store small dense blocks, so the product runs dense
# inner loops. That helps when the zeros come in blocks. Magnitude pruning scatters them: a 4×4 block
# is stored as soon as one of its 16 weights is kept, with its pruned weights as explicit zeros.

# %%
pruned_wide = prune.magnitude_prune(wide, 0.9)
kept = pruned_wide.count_parameters().weights_kept
for fmt in ("csr", "bsr"):
    stored = speed.to_sparse(pruned_wide, fmt, block=4).nnz
    print(f"90% of weights removed, {fmt.upper()}: {stored} entries stored for {kept} kept weights "
          f"({stored / kept:.1f}×)")

# %%
# NBVAL_IGNORE_OUTPUT
X_batch = ds.X_test[np.random.default_rng(SEED).integers(0, len(ds.X_test), size=max(BATCH_SIZES))]
times = speed.time_predictors({"dense": wide, "csr": speed.to_sparse(pruned_wide, "csr"),
                               "bsr": speed.to_sparse(pruned_wide, "bsr", block=4)},
                              X_batch, repeat=REPEAT, threads=BLAS_THREADS)
for name, t in times.items():
    print(
        f"batch {len(X_batch)}, 90% removed, {name:5s}: "
        f"{t * 1e3:7.3f} ms, {times['dense'] / t:5.2f}× dense"
    )

# %% [markdown]
# ## 3 · The original notebook's table, measured
#
# The notebook this series started from ended with a table it did not measure:
#
# | kind | what is removed | speed-up (claimed) |
# |---|---|---|
# | unstructured | single weights | low (sparse operations) |
# | structured | whole neurons / filters | high (dense operations) |
# | channel | whole channels | high |
# | layer | whole layers | very high |
#
# Here it is with measured numbers, at `TABLE_FRACTION` of the weights (or units) removed. In a
# fully connected network a hidden unit *is* the channel of its layer, so the "channel" row is the
# "structured" measurement. The "layer" row removes the only hidden layer: what is left is softmax
# regression from pixels to classes (trained here with scikit-learn's `LogisticRegression`).

# %%
linear = LogisticRegression(max_iter=2000).fit(ds.X_train, ds.y_train)
no_layer = speed.LinearNet(linear.coef_.T, linear.intercept_)
i = fractions.index(TABLE_FRACTION)
table_accuracy = {"unstructured": after[methods[2]][i], "structured": after[methods[0]][i],
                  "layer": float(np.mean(no_layer.predict(ds.X_test) == ds.y_test))}
print(f"digits test accuracy, {TABLE_FRACTION:.0%} removed and fine-tuned:")
print(f"  unstructured (single weights): {table_accuracy['unstructured']:.3f}")
print(f"  structured (hidden units):     {table_accuracy['structured']:.3f}")
print(
    "  layer removed (softmax regression): "
    f"{table_accuracy['layer']:.3f}   dense: {dense_accuracy:.3f}"
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
# **The table, corrected.** Unstructured pruning gives *no* speed-up as it is usually stored (dense
# with zeros), and through a sparse format it gains far less than removing units does, or loses;
# CSR and CSC pay only at high sparsity (section 2). Removing whole units is a real speed-up at every batch
# size, larger at the large batch (`benchmarks/run.py` measures 75% of the units removed at batch
# 20,000 against the ideal 4×). Removing the layer is the largest speed-up, but it changes the model
# class: softmax regression on the digits gives the accuracy printed two cells above, below the dense
# network's. Nor is structured pruning free: at the same number of weights, the unstructured network
# was the more accurate one right after pruning, and in the smallest networks after fine-tuning too
# (section 1).

# %% [markdown]
# ## 4 · Size on disk
#
# The question users of every pruning tool ask: *"I pruned 90% of the weights; why is the file the
# same size?"* Saving the arrays as they are (`np.savez`) stores every zero in 8 bytes like any
# other weight. Only an encoding of the mask and the values (here CSR arrays; notebook 06 does far
# better with a real code) or removing whole units makes the file smaller. `speed.saved_bytes` writes
# each file to a temporary directory and measures it.

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

# %% [markdown]
# The pruned network saved as dense arrays is exactly as large as the dense one (the assert checks
# it). CSR arrays shrink the file, though each kept weight now also carries a 4-byte index. The
# thinned network is simply a smaller dense network, and its file shrinks in proportion.
#
# ## Summary
#
# * `prune.prune_neurons` removes whole hidden units and returns a smaller dense network that computes
#   exactly what the original computes with those units masked.
# * At the same number of weights, removing units loses more accuracy than removing single weights;
#   fine-tuning recovers most of it except in the smallest networks.
# * Measured, not claimed: weights set to zero in a dense matrix give no speed-up at all; a SciPy
#   sparse format pays only at high sparsity; removing units speeds up
#   prediction at every sparsity; removing a layer is fastest and changes the model.
# * A masked model saved as dense arrays is as large as the dense one; thinning or an encoding of
#   the mask and values makes it smaller (notebook 06 counts the bits).
# * `benchmarks/run.py` times the same thinning at batch 20,000 and compares `train.fit` with an
#   equivalent PyTorch loop.
#
# This closes the series: from Hinton & van Camp's description length (notebooks 06 and 07) to the
# practical question of what pruning buys on a real machine.
