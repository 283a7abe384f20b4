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
# # 06 · Description length in real bits
#
# **Learning objectives.** After this notebook you can
#
# - compute the **two-part code** of a pruned network in bits, term by term: which weights survive (the mask), their quantized values, and the labels given the model, $-\sum_i \log_2 p(y_i\mid x_i)$; and write the mask and label terms yourself in a few lines;
# - judge any code of the labels against the **uniform code** $N\log_2 K$, and find the sparsity and precision that make the total shortest;
# - write the whole message, model *and* labels, to a file and check that its size is the ideal count (within a few dozen bits) and that it decodes to exactly the network and the labels;
# - shorten the two-part code with trained shared values (as in Deep Compression) and explain why the **prequential code**, which sends no model at all, is shorter still;
# - test, rather than assume, whether the network with the shortest code generalizes best.
#
# **Prerequisites.** [03 · Fine-tuning](03_fine_tuning.ipynb) and [04 · Iterative pruning](04_iterative_pruning.ipynb) (the pruned networks here are pruned step by step with fine-tuning after each step). Maths: $\log_2$, the binomial coefficient $\binom{n}{k}$, softmax and cross-entropy; the idea that a code for $M$ equally likely possibilities needs $\log_2 M$ bits. Python/NumPy: boolean masks, `np.unique`, `math.lgamma`.
#
# **Run time:** about 13 s on a 2-core machine, kernel start and imports included (measured with nothing else running; a busy machine takes longer). **Reading time:** about 30 minutes, plus 30 minutes for the three exercises.
#
# **Papers it rests on:** [Rissanen (1978)](#references) (the minimum description length principle), [Grünwald (2007)](#references) (its textbook: two-part and prequential codes), [Hinton & van Camp (1993)](#references) (the description length of a network's weights), [Han, Mao & Dally (2016)](#references) (Deep Compression: pruning, shared values, entropy coding), [Blier & Ollivier (2018)](#references) (two-part, variational and prequential codes of deep networks), [MacKay (2003)](#references) (information theory: code lengths, arithmetic coding).
#
# ---
#
# [Rissanen's (1978)](https://doi.org/10.1016/0005-1098(78)90005-5) **minimum description length** (MDL) principle says: the best model of some data is the one that lets you write the data down in the fewest bits, the description of the model included. [Hinton & van Camp (1993)](https://doi.org/10.1145/168304.168306) applied it to neural networks: to send the labels of a training set to a receiver who already has the inputs, first send a network (the *model part*), then each label coded with the probability the network gives it (the *data part*). A network that predicts well makes the data part short, but every weight makes the model part longer: pruning and low precision are ways to shorten the model part.
#
# Both parts must be in the same unit. A common shortcut adds a *count* of parameters to a cross-entropy computed with natural logarithms: that prices a weight at one "bit" (a float32 takes 32) and the labels in **nats** (1 nat = $1/\ln 2 \approx 1.44$ bits), and forgets that the receiver must also learn *which* weights survived. Here every term is counted in bits, and checked against a file on disk.
#
# 1. the networks: digits, pruned along a schedule;
# 2. the two-part code, term by term, with the mask and label terms written out;
# 3. the grid of sparsity × precision, and where the total is shortest;
# 4. the whole message on disk, written and read back;
# 5. a shorter two-part code: trained shared values;
# 6. codes without a model part: the prequential code;
# 7. does the shortest code pick the network that generalizes best?

# %%
# Setup: in Colab, install the package first; elsewhere this cell does nothing.
import sys
if "google.colab" in sys.modules:
    # %pip install --quiet "mdl_prune @ git+https://github.com/mdl-prune/mdl_prune.git"

# %% [markdown]
# **Parameters.** Change them and run the notebook again from the top (*Run → Run All Cells*).

# %% tags=["parameters"]
N_HIDDEN = 64                      # hidden units of the digits network (1..512)
# iterative pruning steps, increasing, each in (0, 1)
SCHEDULE = (0.5, 0.75, 0.875, 0.925, 0.95, 0.975, 0.99)
TARGET = 0.95                      # the sparsity studied term by term (must be in SCHEDULE)
FINE_TUNE_EPOCHS = 20              # epochs of fine-tuning after each pruning step (1..100)
PRECISIONS = (1, 2, 3, 4, 5, 6, 8, 32)  # bits per value on the grid: 1..16, or 32 = float32
SEEDS = (0, 1, 2)                  # training seeds for the generalization check (1 to 5 seeds)
# The shortest-code search costs about 1 s per network: it runs on the TARGET network of
# every seed and on the networks of the first seed at these sparsities (taken from SCHEDULE;
# SCHEDULE itself adds the 50% and 75% networks for about 3 s more)
SEARCH_SPARSITIES = (0.875, 0.925, 0.95, 0.975, 0.99)
PREQ_FIRST_BLOCK = 16              # prequential code: size of the first block (1..N/2);
                                   # the blocks then double

# %%
import math
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy import stats
from threadpoolctl import threadpool_limits  # installed with scikit-learn

# These matrices are small: one BLAS thread is faster than several fighting over shared cores.
threadpool_limits(limits=1, user_api="blas")

from mdl_prune import data, exercises, network, train, prune, plots, mdl

T0 = time.perf_counter()


def check_claim(ok: bool, claim: str) -> None:
    """Check a claim the text makes.

    Silent when it holds; with your parameters it may not, and you are told.
    """
    if not ok:
        print(f"NOTE: with these parameters the text's claim does not hold: {claim}")


if TARGET not in SCHEDULE:
    raise ValueError(f"TARGET must be one of the SCHEDULE sparsities {SCHEDULE}, got {TARGET}")
if not set(SEARCH_SPARSITIES) <= set(SCHEDULE):
    raise ValueError(f"SEARCH_SPARSITIES must be taken from SCHEDULE {SCHEDULE}, "
                     f"got {SEARCH_SPARSITIES}")

# %% [markdown]
# ## 1 · The networks
#
# The 8×8 digits (notebook 01): a network with `N_HIDDEN` hidden units is trained, then pruned
# iteratively along `SCHEDULE` with fine-tuning after every step (notebook 04). One chain gives a
# network at every sparsity of the schedule; we grow one chain per random seed in `SEEDS` (the
# seed sets the initial weights and the order of the minibatches).
#
# The bar every code of the labels must beat is the **uniform code**: each of the $N$ labels sent
# as one of $K$ equally likely classes, $\log_2 K$ bits each, $N\log_2 K$ in all. A code longer
# than that has learned nothing worth its length.

# %%
ds = data.load_digits(seed=0)
X, y = ds.X_train, ds.y_train
UNIFORM = mdl.uniform_code_bits(len(y), ds.n_classes)

def pruning_chain(seed):
    """Dense network, then one network per sparsity of SCHEDULE (prune, then fine-tune)."""
    net, _ = train.fit(network.TwoLayerNet.create(ds.n_features, N_HIDDEN, ds.n_classes, seed=seed),
                       X, y, seed=seed)
    nets = {0.0: net}
    for s in SCHEDULE:
        net, _ = train.fit(prune.magnitude_prune(net, s), X, y, epochs=FINE_TUNE_EPOCHS, seed=seed)
        nets[s] = net
    return nets

chains = {seed: pruning_chain(seed) for seed in SEEDS}
nets = chains[SEEDS[0]]
print(
    f"uniform code of the {len(y)} training labels: N "
    f"log2 K = {len(y)} x {math.log2(ds.n_classes):.3f} "
    f"= {UNIFORM:.0f} bits"
)
for s, net in nets.items():
    print(f"sparsity {net.sparsity:6.1%}: test accuracy {net.accuracy(ds.X_test, ds.y_test):.3f}")

# %% [markdown]
# ## 2 · The two-part code, term by term
#
# What the code sends for a pruned network, in order:
#
# * **header**: three 16-bit layer sizes and the precision: $48 + \log_2 17$ bits;
# * **mask** of each layer: which weights survive. The receiver is told the number kept, $k$ of
#   $n$ ($\log_2(n+1)$ bits: $k$ is one of $n+1$ numbers), then *which* $k$:
#   $\log_2\binom{n}{k}$ bits, the index of the kept set among all $\binom{n}{k}$ sets of that
#   size. A code of this kind, which numbers all the possibilities and sends the index of the one
#   that happened, is an **enumerative code**;
# * **values**: each array gets a symmetric $b$-bit quantizer, $2^b$ levels $\pm(j+\tfrac12)d$
#   spaced by a step $d$. The step is sent as a **float16** (a 16-bit floating-point number:
#   1 sign, 5 exponent and 10 mantissa bits), then the level of every kept weight and bias, at
#   $b$ bits each. With $b = 32$ the float32 values are sent as they are, 32 bits each;
# * **data**: $-\sum_i \log_2 p(y_i\mid x_i)$ under the network the receiver decodes (with the
#   *quantized* values, not the sender's float network). A label the network gives probability
#   $p$ costs $-\log_2 p$ bits: 0 bits when $p = 1$, $\log_2 10 \approx 3.3$ bits when the network
#   guesses uniformly, many bits when it is confidently wrong.
#
# The two terms that are the lesson, the mask and the labels, written out in a few lines and
# checked against `mdl.description_length`, the package's count:

# %%
def enumerative_bits(n, k):
    """Send k among 0..n (log2(n+1) bits), then which k of the n (log2 C(n, k) bits)."""
    log2_choose = (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)) / math.log(2)
    return math.log2(n + 1) + log2_choose


def label_bits(net, X, y):
    """-sum_i log2 p(y_i | x_i): each label sent with the probability the network gives it."""
    logits = net.logits(X)
    shifted = logits - logits.max(axis=1, keepdims=True)              # exp cannot overflow
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # ln p, in nats
    return -log_p[np.arange(len(y)), y].sum() / math.log(2)           # nats / ln 2 = bits


def yes(same):
    return "yes" if same else "NO"


net95 = nets[TARGET]
d4 = mdl.description_length(net95, X, y, value_bits=4)
receiver4 = d4.model.network            # what the receiver decodes: 4-bit values
for mask, code in zip((net95.mask1, net95.mask2), d4.model.masks):
    mine = enumerative_bits(mask.size, int(mask.sum()))
    print(f"mask {code.layer}: {code.kept} of {code.n} kept, enumerative code {mine:.2f} bits; "
          f"same as mdl.description_length: {yes(math.isclose(mine, code.enumerative_bits))}")
mine = label_bits(receiver4, X, y)
print(f"labels given the 4-bit network: {mine:.2f} bits; "
      f"same as mdl.description_length: {yes(math.isclose(mine, d4.data_bits))}")
know_nothing = net95.replace(W2=np.zeros_like(net95.W2), b2=np.zeros_like(net95.b2))
print(f"labels given a network that predicts 1/10 for every class: "
      f"{label_bits(know_nothing, X, y):.2f} bits; the uniform code: {UNIFORM:.2f} bits")

# %% [markdown]
# A network that knows nothing (every class at probability 1/10) pays exactly the uniform code:
# the uniform code is the data part of the empty model.
#
# The package charges each mask with the cheaper of two codes, plus one bit to say which. Besides
# the enumerative code of the whole mask there is the **sub-matrix code**: first which rows hold
# any kept weight (an enumerative code among the rows), then which columns, then the enumerative
# code of the kept weights inside that smaller sub-matrix. It wins when whole rows or columns are
# empty: input pixels that no hidden unit reads, hidden units left dead.

# %%
for code in d4.model.masks:
    print(f"mask {code.layer}: enumerative {code.enumerative_bits:.1f} bits, "
          f"sub-matrix {code.submatrix_bits:.1f} bits -> {code.code} code, "
          f"{code.bits:.1f} bits with the 1-bit choice")
W1_rows_used = int(net95.mask1.any(axis=1).sum())
print(f"W1: {W1_rows_used} of {net95.n_in} input pixels are read by some hidden unit")

# %% [markdown]
# **Exercise 06.1** *(code)*. Write `submatrix_mask_bits(mask)`: the length in bits of the
# sub-matrix code of a boolean keep-mask (rows, then columns, then the kept weights inside the
# sub-matrix, each with the enumerative code above; without the 1-bit choice). The checker tries
# it on masks with empty rows and columns, a full mask and an empty one.

# %%
def submatrix_mask_bits(mask):
    """Bits of the sub-matrix code of a 2-D boolean keep-mask (True = kept)."""
    ...  # your code here


solved = exercises.ch06.check_submatrix_mask_bits(submatrix_mask_bits)


# %% jupyter={"source_hidden": true} tags=["solution"]
def submatrix_mask_bits_solution(mask):
    """Rows with a kept weight, columns with a kept weight, then the kept entries inside."""
    rows, cols = mask.any(axis=1), mask.any(axis=0)
    r, c = int(rows.sum()), int(cols.sum())
    return (enumerative_bits(mask.shape[0], r) + enumerative_bits(mask.shape[1], c)
            + enumerative_bits(r * c, int(mask.sum())))


print(f"W1 of the {TARGET:.0%}-sparse network: "
      f"{submatrix_mask_bits_solution(net95.mask1):.1f} bits")
assert exercises.ch06.check_submatrix_mask_bits(submatrix_mask_bits_solution)

# %% [markdown]
# Now the whole code of the 95%-sparse network at several precisions. One refinement of the
# value term: the levels are sent either at $b$ bits each or, when shorter, with a
# **multinomial code**: first how many values fall on each level, then which arrangement of
# those counts it is, $\log_2$ of the multinomial coefficient $k!/(k_0!\,k_1!\cdots)$, an
# enumerative code again, short when a few levels hold most values.

# %% [markdown]
# **Exercise 06.2** *(predict, then run)*. Fewer bits per value shorten the values but make the
# quantized network predict worse, which lengthens the data part. For the 95%-sparse network,
# which precision between 1 and 16 bits per value gives the shortest total? Write your guess in
# the cell below, then run on.

# %%
my_guess_bits = None   # your guess: bits per value (1..16) with the shortest total at 95% sparsity

# %%
best95 = mdl.best_description_length(net95, X, y)      # the shortest over 1..16 bits per value
codes95 = {f"{b} bit" if b < 32 else "float32": mdl.description_length(net95, X, y, value_bits=b)
           for b in (1, 2, 3, 4, 8, 32)}
print(
    f"{'precision':<10}{'header':>7}{'mask':>6}{'weights':>8}"
    f"{'biases':>7}{'model':>7}{'data':>6}{'total':>7}{'/uniform':>9}"
)
for label, d in codes95.items():
    print(
        f"{label:<10}{d.header_bits:>7.0f}{d.mask_bits:>6.0f}"
        f"{d.weight_bits:>8.0f}{d.bias_bits:>7.0f}"
        f"{d.model_bits:>7.0f}{d.data_bits:>6.0f}{d.total_bits:>7.0f}{d.ratio_to_uniform:>9.3f}"
    )
c = net95.count_parameters()
print(f"\n{c.weights_kept} weights kept of {c.weights_total}, {c.biases} biases; the masks cost "
      + (f"{best95.mask_bits / c.weights_kept:.1f} bits per kept weight" if c.weights_kept
         else f"{best95.mask_bits:.1f} bits in all (no weight is kept)"))
print("value codes at 8 bits:",
      ", ".join(f"{a.array}: {a.code}" for a in codes95["8 bit"].model.arrays))
print(f"\nshortest total over 1..16 bits per value: {best95.value_bits} bit(s), "
      f"{best95.total_bits:.0f} bits = {best95.ratio_to_uniform:.3f} x uniform")
if my_guess_bits is not None:
    print(f"your guess: {my_guess_bits} bit(s); its total: "
          f"{mdl.description_length(net95, X, y, value_bits=my_guess_bits).total_bits:.0f} bits")
# the claims of the next paragraph
check_claim(
    codes95["float32"].model_bits > UNIFORM, "at float32 the model part exceeds the uniform code"
)
check_claim(best95.value_bits <= 2, "the total is shortest at one or two bits per value")
fig = plots.code_breakdown(
    codes95, UNIFORM, title=f"Two-part code of the {net95.sparsity:.0%}-sparse digits network"
)

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# The cell above prints the answer: one bit per value. The mask costs the same 1214 bits at every
# precision, so only values and data trade against each other. From 1 to 2 bits per value the
# values (weights and biases) grow by 279 bits, from 266 + 79 to 474 + 150, while the data part
# falls by only 124 bits, from 365 to 241; every further bit per value costs more than it saves.
# If you guessed 4 or 8 bits, the precisions networks are usually deployed at: those are chosen
# to keep the accuracy, not to make the code shortest.
#
# </details>

# %% [markdown]
# The mask costs the same at every precision, and it is a large share: about
# $\log_2\binom{n}{k}/k$ bits *per kept weight* to say where the survivors are (printed above).
# The values shrink linearly with the precision while the data part grows as the quantized
# network predicts worse: here the total is shortest at a single bit per value, where every kept
# weight becomes $\pm d/2$ and only its sign is sent. At float32 the model part alone is larger
# than the uniform code.

# %% [markdown]
# ## 3 · The grid: sparsity × precision
#
# The same count for every network of the chain and every precision of `PRECISIONS`.

# %%
sparsities = list(nets)
codes = {seed: [[mdl.description_length(chains[seed][s], X, y, value_bits=b) for b in PRECISIONS]
                for s in sparsities] for seed in SEEDS}
grid = {seed: np.array([[d.total_bits for d in row] for row in codes[seed]]) for seed in SEEDS}
tb = grid[SEEDS[0]]
i, j = np.unravel_index(np.argmin(tb), tb.shape)
best_s, best_b = sparsities[i], PRECISIONS[j]
print(
    f"minimum over the grid: {tb[i, j]:.0f} bits at sparsity {best_s:.1%}, {best_b} bits per value "
    f"= {tb[i, j] / UNIFORM:.3f} x the uniform code"
)
dense_f32 = mdl.description_length(nets[0.0], X, y, value_bits=32).total_bits
print(f"dense float32 network: {dense_f32:.0f} bits = {dense_f32 / UNIFORM:.1f} x uniform")
below = [
    (nets[s].sparsity, b)
    for s, row in zip(sparsities, tb)
    for b, t in zip(PRECISIONS, row)
    if t < UNIFORM
]
if below:
    print(f"cells below the uniform code: sparsity >= {min(x for x, _ in below):.1%}, "
          f"at most {max(b for _, b in below)} bits per value")
check_claim(bool(below) and min(x for x, _ in below) >= 0.75 and max(b for _, b in below) <= 8,
            "only heavy pruning with few bits per value gets below the uniform code")
fig = plots.description_length_heatmap(
    [nets[s].sparsity for s in sparsities],
    PRECISIONS,
    tb,
    UNIFORM,
    title=f"Total description length, digits, seed {SEEDS[0]}",
)

# %% [markdown]
# **Try it.** Readers in a browser see the static figure above; in Jupyter, Colab or Binder, move the sliders and press *Draw* to redraw it for other values. The function behind the sliders only reads the networks computed above, so turning them changes nothing else in the notebook.
#
# The sliders appear when the cell below runs (after reopening a saved notebook, run the cell again).

# %%
# NBVAL_IGNORE_OUTPUT
from ipywidgets import SelectionSlider

from mdl_prune.widgets import SliderFigure


def show_code(sparsity, value_bits):
    """The two-part code of the grid's network at `sparsity`, at `value_bits` bits per value."""
    d = mdl.description_length(nets[sparsity], X, y, value_bits=value_bits)
    text = (f"sparsity {nets[sparsity].sparsity:.1%}, {value_bits} bits per value: "
            f"model {d.model_bits:.0f} + data {d.data_bits:.0f} = {d.total_bits:.0f} bits "
            f"({d.total_bits / UNIFORM:.2f} x uniform)")
    fig = plots.code_breakdown({f"{value_bits} bit" if value_bits < 32 else "float32": d}, UNIFORM,
                               title=f"Two-part code at sparsity {nets[sparsity].sparsity:.1%}")
    return text, fig


SliderFigure(show_code, {
    "sparsity": SelectionSlider(options=sorted(nets), value=TARGET, description="sparsity"),
    "value_bits": SelectionSlider(options=list(PRECISIONS),
                                  value=8 if 8 in PRECISIONS else PRECISIONS[0],
                                  description="bits/value")})

# %% [markdown]
# In the heatmap each cell is the total divided by the uniform code (below 1: the network
# compresses the labels), the colour bar is on the same scale with 1 marked, and the red frame is
# the shortest total, the network and precision MDL picks. The top-right corner (dense, float32) is
# the network as usually stored: dozens of times the uniform code. Only the combination of heavy
# pruning *and* a few bits per value gets below the bar (the cells that do are listed above).

# %% [markdown]
# **Exercise 06.3** *(discuss)*. In the table of section 2, going from 1 to 2 bits per value
# lengthens the model part, shortens the data part, and the total grows. Can a *longer* model part
# ever give a *shorter* total? When? Look for an example in the grid.

# %% jupyter={"source_hidden": true} tags=["solution"]
lighter, heavier = sorted(SCHEDULE)[-2:]
col = PRECISIONS.index(best_b)
for s in (lighter, heavier):
    d = codes[SEEDS[0]][sparsities.index(s)][col]
    print(f"sparsity {nets[s].sparsity:.1%}, {best_b} bits per value: model {d.model_bits:.0f} + "
          f"data {d.data_bits:.0f} = {d.total_bits:.0f} bits, "
          f"{d.model.network.accuracy(X, y):.1%} of the training digits right")

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# Yes, whenever the better predictions save more bits on the labels than the extra model bits
# cost: the total is model + data, and a richer model (more weights kept, more bits per value)
# costs more to send but can make the labels much cheaper. The cell above compares the two
# sparsest networks of the grid at the precision of the grid's minimum: the less sparse one has
# the longer model part and by far the shorter total, because the sparser one gets so many
# training digits wrong that its data part explodes. The MDL trade-off is exactly this: pay for
# a model bit only when it saves at least one bit of data. From 1 to 2 bits per value at 95%
# sparsity it goes the other way: the data part falls by less than the model part grows.
#
# </details>

# %% [markdown]
# ## 4 · The whole message on disk
#
# The counts above are ideal code lengths, logs of numbers of possibilities. `mdl.encode_message`
# turns them into a file that holds **both parts**: the model part (every field a digit whose
# radix is its number of possibilities, the whole model one integer in that mixed radix, in
# whole bytes), then the labels, coded with an **arithmetic (range) coder** under the probabilities
# the decoded network gives each training input ([MacKay 2003](https://www.inference.org.uk/itila/book.html),
# ch. 6): a label of probability $p$ takes about $-\log_2 p$ bits of the file. The receiver, who
# has the inputs but not the labels, calls `mdl.decode_message`: it decodes the network first,
# then, with that network's probabilities, every label.

# %%
messages = {}
with tempfile.TemporaryDirectory() as tmp:
    for b in range(1, 9):
        path = Path(tmp) / f"digits_{TARGET:.0%}_{b}bit.msg"
        path.write_bytes(mdl.encode_message(net95, X, y, value_bits=b))
        ideal = mdl.description_length(net95, X, y, value_bits=b)
        got_net, got_y = mdl.decode_message(path.read_bytes(), X)
        sent_net = mdl.receiver_network(net95, b)
        same_net = all(np.array_equal(getattr(got_net, k), getattr(sent_net, k))
                       for k in ("W1", "b1", "W2", "b2", "mask1", "mask2"))
        messages[b] = (path.stat().st_size, ideal, same_net, np.array_equal(got_y, y))
    npz_bytes = {}                  # each network saved as dense float64 arrays, zeros and all
    for name, net in (("pruned", net95), ("unpruned", nets[0.0])):
        npz = Path(tmp) / f"{name}.npz"
        np.savez(npz, W1=net.W1, b1=net.b1, W2=net.W2, b2=net.b2)
        npz_bytes[name] = npz.stat().st_size
print(f"{'bits/value':>10}{'file (bytes)':>13}{'file (bits)':>12}{'ideal total':>12}"
      f"{'file/ideal':>11}{'excess':>8}  network back  labels back")
for b, (size, ideal, same_net, same_y) in messages.items():
    print(f"{b:>10}{size:>13}{8 * size:>12}{ideal.total_bits:>12.1f}"
          f"{8 * size / ideal.total_bits:>11.4f}{8 * size - ideal.total_bits:>8.1f}"
          f"  {yes(same_net):>12}  {yes(same_y):>11}")
    assert ideal.total_bits <= 8 * size <= 1.01 * ideal.total_bits + 64 and same_net and same_y
model8 = len(mdl.encode(net95, value_bits=8))
print(f"\nthe model part alone at 8 bits per value (mdl.encode): {model8} bytes")
print(f"saved as dense float64 arrays (np.savez): the {TARGET:.0%}-sparse network "
      f"{npz_bytes['pruned']} bytes, the unpruned one {npz_bytes['unpruned']} bytes")

# %% [markdown]
# Every file is at most a few dozen bits longer than its ideal total, model plus labels (the
# `assert` holds it to 1% + 64 bits at every precision): the model part is rounded up to whole
# bytes, and the range coder ends on whole 32-bit words. Decoding gives back the receiver's
# network bit for bit and every training label. So the description length is not a formula: it
# is the size of a file from which the receiver rebuilds the labels.
#
# Saved as dense arrays, the pruned network is exactly as large as the unpruned one (the last
# line above): pruning shrinks a file only when the format encodes the mask.
#
# ## 5 · A shorter two-part code: shared values
#
# The code above quantizes a trained network after the fact, with evenly spaced levels per array.
# `mdl.shortest_code` spends more effort on the sender's side, the way Deep Compression
# ([Han, Mao & Dally 2016](https://arxiv.org/abs/1510.00149)) does:
#
# * **shared values**: each array gets a small codebook of a few values (found by 1-D k-means
#   and then trained with the mask fixed), every weight one of them; the codebook values are
#   float16 numbers with a shortened mantissa, and the indices go with the multinomial code;
# * **dead hidden units are not sent**, and the live ones are sent as a *set*: reordering hidden
#   units does not change the function, so the sender puts them in one agreed order (by number
#   of inputs, then by **colexicographic** order of their input sets, which compares two sets by
#   their largest element first, then the next) and saves the bits that would say which order.
#
# It searches a few codebook sizes and precisions and keeps the shortest total; it also tries the
# quantizer of section 2 and keeps that if it is shorter. First the `TARGET` network of every seed:

# %%
shortest = {}                       # (seed, sparsity) -> (receiver network, DescriptionLength)
for seed in SEEDS:
    shortest[seed, TARGET] = mdl.shortest_code(chains[seed][TARGET], X, y, seed=0)
quantized = {s: mdl.best_description_length(chains[s][TARGET], X, y) for s in SEEDS}
print(f"{'':>4}{'quantized, best of 1..16 bits':>31}{'shared values':>28}")
print(f"{'seed':>4}{'model':>7}{'data':>6}{'total':>7}{'/uniform':>11}"
      f"{'model':>7}{'data':>6}{'total':>7}{'/uniform':>9}   code")
for seed in SEEDS:
    q = quantized[seed]
    d = shortest[seed, TARGET][1]
    print(f"{seed:>4}{q.model_bits:>7.0f}{q.data_bits:>6.0f}{q.total_bits:>7.0f}"
          f"{q.ratio_to_uniform:>11.3f}{d.model_bits:>7.0f}{d.data_bits:>6.0f}{d.total_bits:>7.0f}"
          f"{d.ratio_to_uniform:>9.3f}   {d.code}, {d.value_bits} bits per codebook value")
receiver0, d = shortest[SEEDS[0], TARGET]
print(f"\nseed {SEEDS[0]}: header {d.header_bits:.0f}, masks {d.mask_bits:.0f}, weights "
      f"{d.weight_bits:.0f}, biases {d.bias_bits:.0f}, data {d.data_bits:.0f} bits")
live = receiver0.mask1.any(axis=0)
sent = {"W1": receiver0.W1[receiver0.mask1], "b1 (live units)": receiver0.b1[live],
        "W2": receiver0.W2[receiver0.mask2], "b2": receiver0.b2}
for name, values in sent.items():
    print(f"  {name}: {values.size} values, {np.unique(values).size} distinct: "
          f"{np.unique(values).round(3)}")
check_claim(all(shortest[s, TARGET][1].model_bits < quantized[s].model_bits
                and shortest[s, TARGET][1].data_bits < quantized[s].data_bits for s in SEEDS),
            "shared values shorten both parts of the code")

# %% [markdown]
# Shared values shorten the code of the network of every seed, and both of its parts. The model
# part, because a handful of distinct values per array, each reused by many weights, costs fewer
# bits than one level per weight (above: every kept weight of `W1` is one of two values). The
# data part, because the shared values were *trained* on the labels, while the quantizer of
# section 2 only rounded a trained network. Now the networks of the first seed at the sparsities
# in `SEARCH_SPARSITIES`, to ask again which network the code picks (set it to `SCHEDULE` to
# include the 50% and 75% networks too, for about 3 s more):

# %%
for s in SEARCH_SPARSITIES:
    if (SEEDS[0], s) not in shortest:
        shortest[SEEDS[0], s] = mdl.shortest_code(chains[SEEDS[0]][s], X, y, seed=0)
print(f"{'sparsity':>9}{'quantized':>11}{'shared values':>15}   (total / uniform code)")
for s in SEARCH_SPARSITIES:
    net = chains[SEEDS[0]][s]
    print(f"{net.sparsity:>9.1%}{mdl.best_description_length(net, X, y).ratio_to_uniform:>11.3f}"
          f"{shortest[SEEDS[0], s][1].ratio_to_uniform:>15.3f}")
best_shared = min(SEARCH_SPARSITIES, key=lambda s: shortest[SEEDS[0], s][1].total_bits)
best_two_part = shortest[SEEDS[0], best_shared][1].total_bits
print(f"\nshortest: sparsity {nets[best_shared].sparsity:.1%}, {best_two_part:.0f} bits "
      f"= {best_two_part / UNIFORM:.3f} x uniform")
# the claims of the text around this cell
check_claim(best_shared == best_s, "the shared-value code picks the network the quantizer picks")

# %% [markdown]
# ## 6 · Codes without a model part: the prequential code
#
# A two-part code pays for the model up front. The **prequential** code
# ([Blier & Ollivier 2018](https://arxiv.org/abs/1802.07044); [Grünwald 2007](https://doi.org/10.7551/mitpress/4643.001.0001))
# sends no model: the labels go in blocks; the first block with the uniform code, each
# later block with a network trained from scratch on all the labels sent so far, which the receiver
# can train in exactly the same way (same seed, same data). Its length is the area under the
# learning curve.

# %%
preq = mdl.prequential_code_length(X, y, n_classes=ds.n_classes, n_hidden=N_HIDDEN,
                                   first_block=PREQ_FIRST_BLOCK, seed=SEEDS[0])
sizes = np.diff((0,) + tuple(preq.block_ends))
print("block ends      :", preq.block_ends)
print("block bits      :", [round(b) for b in preq.block_bits])
print("bits per label  :", [round(float(b / n), 2) for b, n in zip(preq.block_bits, sizes)])
lengths = {"uniform N log2 K": UNIFORM,
           "two-part, dense float32": dense_f32,
           f"two-part, {best_s:.1%}, {best_b} bits/value": float(tb.min()),
           f"two-part, {nets[best_shared].sparsity:.1%}, shared values": best_two_part,
           "prequential": preq.total_bits}
for k, v in lengths.items():
    print(f"{k:<38}{v:>8.0f} bits  ({v / UNIFORM:.3f} x uniform)")
print(f"\nthe best two-part code is {best_two_part / preq.total_bits:.1f} times "
      "the prequential code")
check_claim(preq.total_bits < best_two_part < UNIFORM, "prequential < best two-part < uniform")
fig = plots.code_length_bars(lengths, UNIFORM, title="Code lengths of the digits training labels")

# %% [markdown]
# The prequential code is 2.2 times shorter than the best two-part code (printed above). Why?
#
# * **It never sends the weights.** The receiver trains them. A two-part code must pay for one
#   particular setting of the weights, down to the precision it uses, although very many settings
#   compute nearly the same function: it pays for a choice the data never asked for. (Hinton & van Camp's *bits back*, notebook 07, gets
#   some of those bits back.)
# * **What it pays instead is the learning.** The first blocks, coded by networks that have seen
#   few labels, cost a bit or more per label; once a few hundred labels have been sent, a label
#   costs a fraction of a bit (the row of bits per label above). The extra cost of the early blocks
#   plays the part of the model part, and it is small because a network learns digits from few
#   examples.
# * **It can use the best predictor**, a dense float network, not the one that is cheapest to
#   describe. The two-part code had to prune and coarsen until its network was cheap, and paid
#   for that in the data part.
#
# There is one more difference, and it matters for the next section: every block of the
# prequential code is coded by a network that has *not* seen it, so the prequential code is a sum
# of **held-out** log-losses, a direct measure of generalization. The data part of a two-part code
# is the **training** log-loss. Blier & Ollivier found the same ranking on MNIST, with two-part
# codes above the uniform code (over 400 kbits against 199 kbits) and the prequential code far
# below it (4.1 kbits); here, on a small data set with heavy pruning and few bits per value, even
# two-part codes beat the uniform code.
#
# ## 7 · Does the shortest code pick the network that generalizes?
#
# MDL says: prefer the model with the shortest total code. Is that the network that does best on
# new data? We measure, for every network of every chain, at its own best precision (one point
# per network), the total bits and two test scores of the *receiver's* network: the test
# accuracy, and the **test log-loss** $-\frac{1}{N_\text{test}}\sum \log_2 p(y\mid x)$ in bits
# per label (the data part of a code of the test labels; lower is better).
#
# To summarise how the ranking by code length agrees with the ranking by a test score we use the
# **Spearman rank correlation** $\rho$: replace each number by its rank (1 for the smallest) and
# take the ordinary correlation of the ranks. $\rho = +1$ when the two orders agree exactly,
# $-1$ when they are reversed, near 0 when they are unrelated; how far apart the values are does
# not matter.

# %%
def test_scores(receiver):
    """Test accuracy and test log-loss (bits per label) of the network the receiver decodes."""
    return (receiver.accuracy(ds.X_test, ds.y_test),
            mdl.data_bits(receiver, ds.X_test, ds.y_test) / len(ds.y_test))


def generalization_row(points):
    """points: (total bits, accuracy, log-loss) per network; MDL's pick against the best."""
    bits, acc, loss = map(np.array, zip(*points))
    k = int(np.argmin(bits))
    return {"acc MDL": acc[k], "acc best": acc.max(), "loss MDL": loss[k], "loss best": loss.min(),
            "rho acc": stats.spearmanr(bits, acc).statistic,
            "rho loss": stats.spearmanr(bits, loss).statistic, "bits": bits, "acc": acc}


rows = {}
for seed in SEEDS:
    best_cells = [min(row, key=lambda d: d.total_bits) for row in codes[seed]]   # per network
    rows[f"seed {seed}, quantized"] = generalization_row(
        [(d.total_bits, *test_scores(d.model.network)) for d in best_cells])
rows[f"seed {SEEDS[0]}, shared values"] = generalization_row(
    [(shortest[SEEDS[0], s][1].total_bits, *test_scores(shortest[SEEDS[0], s][0]))
     for s in SEARCH_SPARSITIES])
print(f"{'':<24}{'test accuracy':>19}{'test log-loss (bits/label)':>28}"
      f"{'Spearman rho of bits':>22}")
print(f"{'code':<24}{'MDL pick':>10}{'best':>9}{'MDL pick':>14}{'best':>14}{'vs acc':>11}"
      f"{'vs loss':>11}")
for name, r in rows.items():
    print(f"{name:<24}{r['acc MDL']:>10.3f}{r['acc best']:>9.3f}{r['loss MDL']:>14.3f}"
          f"{r['loss best']:>14.3f}{r['rho acc']:>11.2f}{r['rho loss']:>11.2f}")
gaps = np.array([r["acc best"] - r["acc MDL"] for r in rows.values()])
print(f"\nMDL's pick is {100 * gaps.mean():.1f} percentage points below the most accurate network "
      f"on average (range {100 * gaps.min():.1f} to {100 * gaps.max():.1f})")
points = {name: (r["bits"], r["acc"]) for name, r in rows.items()}
chosen = {name: (r["bits"].min(), r["acc"][np.argmin(r["bits"])]) for name, r in rows.items()}
fig = plots.bits_vs_accuracy(points, chosen, UNIFORM)

# %%
# The claims of the next paragraph, checked on every run
check_claim(all(r["acc MDL"] < r["acc best"] for r in rows.values()),
            "for every seed and code MDL's pick is less accurate than the best network")
check_claim(all(r["loss MDL"] > r["loss best"] for r in rows.values()),
            "for every seed and code MDL's pick has a higher test log-loss than the best network")
check_claim(rows[f"seed {SEEDS[0]}, shared values"]["acc MDL"]
            <= rows[f"seed {SEEDS[0]}, quantized"]["acc MDL"],
            "the shared-value code's pick is no more accurate than the quantizer's")
check_claim(all(r["rho acc"] > 0 for r in rows.values()),
            "longer codes go with better test accuracy (rho > 0)")

# %% [markdown]
# **What we find.** No: the better code does not pick a network that generalizes better. For
# the first seed it picks the same network as the quantizer, the 97.5%-sparse one, and the
# receiver's network it gives is no better on the test digits (accuracy 0.887 against 0.893)
# while the most accurate network it coded scores 0.978. In every row, for both codes and every
# seed, MDL's pick is less accurate than the most accurate network of its chain (6.0 percentage
# points on average, 3.3 to 9.1) and **loses on test log-loss** too: 0.549 against 0.161 bits per
# label with shared values, 0.367 to 0.475 against 0.278 to 0.315 with the quantizer.
#
# The rank correlations say the same over all the networks, not only at the pick. Between code
# length and test accuracy $\rho$ is positive in every row (0.32 to 0.59): longer codes go
# with *more* accurate networks, the opposite of "shorter code, better generalization". Between
# code length and test log-loss $\rho$ is close to zero with the quantizer (−0.02 to 0.14) and
# negative with shared values (−0.40, over five networks only): the ranking by code length
# tells little about the ranking by test log-loss, or runs against it.
#
# The reason is the size of the data: 1347 labels are worth at most a few thousand bits, so every
# weight and every bit of precision must pay for itself on the *training* labels. The code keeps
# pruning and coarsening until the training labels start to cost more, which is already past the
# point where the test scores drop. MDL answers the question it asks, "what compresses these
# labels best?", and on a small data set that is a simpler network than the one that classifies
# new digits best. A better code does not change this: it makes every network cheaper to send,
# and the cheapest is still a heavily pruned one. The prequential code of section 6, a sum of
# held-out log-losses, is the MDL code that measures generalization directly.

# %% [markdown]
# ## Summary
#
# * Counted in bits, a dense float32 network costs many times the uniform code $N\log_2 K$ of its
#   labels; on digits only heavy pruning *plus* a few bits per value brings the two-part code below
#   it.
# * The two-part code, term by term: header, masks (an enumerative code, or a sub-matrix code
#   when whole rows and columns are empty), quantized values with their float16 steps, and the
#   labels under the quantized network. The mask is a large, precision-independent share.
# * The counts are real: the whole message, model and labels, fits in a file within a few dozen
#   bits of the ideal total and decodes to exactly the receiver's network and the labels.
# * Trained shared values shorten the best two-part code further (0.314 × the uniform code against
#   0.401 with the quantizer, on the first seed); the prequential code, which sends no model, is
#   2.2 times shorter still: it pays for learning, not for one particular set of weights.
# * The shortest two-part code did not pick the network that generalizes best, in test accuracy
#   or in test log-loss, with either code.
#
# Next, notebook 07: Hinton & van Camp's own code, noisy weights and bits back, compared with the
# best two-part code of this notebook.

# %%
# NBVAL_IGNORE_OUTPUT
print(f"notebook ran in {time.perf_counter() - T0:.1f} s")

# %% [markdown]
# ## References
# <a id="references"></a>
#
# - Blier, L. & Ollivier, Y. (2018). The description length of deep learning models. *Advances in Neural Information Processing Systems 31* (NeurIPS 2018). [arXiv:1802.07044](https://arxiv.org/abs/1802.07044)
# - Grünwald, P. D. (2007). *The Minimum Description Length Principle*. MIT Press. [doi:10.7551/mitpress/4643.001.0001](https://doi.org/10.7551/mitpress/4643.001.0001)
# - Han, S., Mao, H. & Dally, W. J. (2016). Deep compression: compressing deep neural networks with pruning, trained quantization and Huffman coding. *International Conference on Learning Representations* (ICLR 2016). [arXiv:1510.00149](https://arxiv.org/abs/1510.00149)
# - Hinton, G. E. & van Camp, D. (1993). Keeping neural networks simple by minimizing the description length of the weights. *Proceedings of the Sixth Annual Conference on Computational Learning Theory* (COLT '93), 5–13. [doi:10.1145/168304.168306](https://doi.org/10.1145/168304.168306)
# - MacKay, D. J. C. (2003). *Information Theory, Inference, and Learning Algorithms*. Cambridge University Press. [inference.org.uk/itila](https://www.inference.org.uk/itila/book.html)
# - Rissanen, J. (1978). Modeling by shortest data description. *Automatica* 14(5), 465–471. [doi:10.1016/0005-1098(78)90005-5](https://doi.org/10.1016/0005-1098(78)90005-5)
