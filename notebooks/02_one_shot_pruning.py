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
# **Learning objectives.** After this notebook you can
#
# - prune a trained network by magnitude, with one *global* threshold or layer by layer, and write the algorithm yourself in a few lines of NumPy;
# - read a curve of test accuracy against *sparsity* (the fraction of the weights pruned) against a **random-pruning control**, as a mean over several networks with its spread;
# - say exactly which weights "prune 50%" removes: the count $\mathrm{round}(s \cdot n)$, ties broken by position, masks that only shrink, and how PyTorch and TensorFlow count;
# - explain why global pruning spares the output layer, and why it can empty a layer where layer-wise pruning cannot;
# - estimate what the mask itself costs in bits.
#
# **Prerequisites.** [01 · Baseline training](01_baseline_training.ipynb) (the digits data, the two-layer ReLU/softmax network, test accuracy). Maths: absolute values, sorting, rounding; $\log_2$ and the binomial coefficient $\binom{n}{k}$ for section 5. Python/NumPy: boolean masks, `np.argsort`, `ravel`/`reshape`.
#
# **Run time:** about 6 s on a 2-core machine, kernel start and imports included (measured with nothing else running; a busy machine takes longer). **Reading time:** about 25 minutes, plus 30–45 minutes for the four exercises.
#
# **Papers it rests on:** [Han et al. (2015)](#references) (magnitude pruning), [LeCun, Denker & Solla (1990)](#references) (Optimal Brain Damage, an early principled criterion for deleting weights), [Zhu & Gupta (2017)](#references) (gradual pruning, as TensorFlow's pruning tools implement it), [Hinton & van Camp (1993)](#references) (why a deleted weight saves bits).
#
# ---
#
# [Hinton & van Camp (1993)](https://doi.org/10.1145/168304.168306) argue that every weight costs bits to describe, and a weight that does little work is not worth its bits. The bluntest way to stop paying for a weight is to **delete it** (*prune* it): set it to exactly zero, so that its value need not be sent at all. The receiver still has to learn *which* weights are gone, and section 5 counts what that costs. This notebook takes the dense digits networks of notebook 01 and prunes them *in one shot* (all the deleted weights at once), **without any retraining**, to see how much of each network is dead weight.
#
# You will see:
#
# 1. **magnitude pruning** (delete the weights of smallest $|w|$, [Han et al. 2015](https://arxiv.org/abs/1506.02626)) written out in NumPy, with one *global* threshold for the whole network, and with the same fraction removed in *every layer*, against a **random-pruning control** that deletes weights blindly;
# 2. test accuracy against sparsity (the fraction of the weights pruned) from 0% to 99%, as a mean over several networks with a band for their spread;
# 3. where the threshold falls on the histogram of the weights;
# 4. what "prune 50%" means *exactly*: rounding, ties, weights that never come back, and how PyTorch and TensorFlow count;
# 5. what the mask costs in bits.
#
# Magnitude is the simplest criterion; [LeCun, Denker & Solla (1990)](https://papers.nips.cc/paper/1989/hash/6c9882bbac1c7093bd25041881277658-Abstract.html) deleted the weights whose removal raises the loss least, by a second-order estimate (Optimal Brain Damage). Retraining the survivors comes in [03 · Fine-tuning](03_fine_tuning.ipynb).

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

from mdl_prune import data, exercises, experiments, mdl, network, plots, prune, train

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

dense_acc = experiments.summarize([dense[s].accuracy(digits.X_test, digits.y_test) for s in seeds],
                                  seeds)
count = dense[0].count_parameters()
print(f"weights: {count.weights_total} ({dense[0].W1.size} in W1, that is "
      f"{dense[0].W1.size / count.weights_total:.1%}; {dense[0].W2.size} in W2), "
      f"biases: {count.biases} (never pruned)")
print("dense test accuracy per seed:", ", ".join(f"{a:.1%}" for a in dense_acc.values))
print(f"mean {float(dense_acc.mean):.2%}, spread (min to max) {float(dense_acc.low):.1%} "
      f"to {float(dense_acc.high):.1%}")


# %% [markdown]
# ## 2. Magnitude pruning, written out
#
# Magnitude pruning at sparsity $s$ deletes the $k = \mathrm{round}(s \cdot n)$ weights of smallest $|w|$ among the $n$ weights of the network (biases are never pruned). *Global* pruning ranks all the weights of the network together:
#
# 1. put the magnitudes $|w|$ of all $n$ weights in one list, `W1` first, then `W2`, each row by row;
# 2. compute $k = \mathrm{round}(s \cdot n)$ with Python's `round`;
# 3. sort the list, keeping equal magnitudes in their order of position (a *stable* sort), and delete the first $k$.
#
# The result is a **mask** per layer: a boolean array shaped like the weights, `True` where the weight is kept. Here it is in NumPy, checked against the package's `prune.magnitude_prune` on every network and every sparsity of this notebook:

# %%
def global_magnitude_masks(W1, W2, sparsity):
    """Keep-masks (True = kept) that delete the round(sparsity * n) weights of smallest |w|."""
    magnitudes = np.concatenate([np.abs(W1).ravel(), np.abs(W2).ravel()])  # W1 first, row by row
    k = round(sparsity * magnitudes.size)              # the exact count, with Python's round
    order = np.argsort(magnitudes, kind="stable")      # smallest first; ties stay in position order
    keep = np.ones(magnitudes.size, dtype=bool)
    keep[order[:k]] = False
    return keep[:W1.size].reshape(W1.shape), keep[W1.size:].reshape(W2.shape)


def same_masks(net, sparsity):
    """Do the written-out algorithm and prune.magnitude_prune keep the same weights?"""
    mask1, mask2 = global_magnitude_masks(net.W1, net.W2, sparsity)
    pruned = prune.magnitude_prune(net, sparsity, scope="global")
    return np.array_equal(mask1, pruned.mask1) and np.array_equal(mask2, pruned.mask2)


agree = all(same_masks(dense[seed], s) for seed in seeds for s in SPARSITIES)
print("same masks as prune.magnitude_prune, every network and sparsity:", "yes" if agree else "no")

# %% [markdown]
# ### Where the threshold falls
#
# Equivalently, magnitude pruning draws a **threshold** $t$, the largest magnitude it deletes (`prune.magnitude_threshold` returns it), and deletes the weights in the closed interval $[-t, t]$: every weight with $|w| < t$, and the weight at $|w| = t$ itself. (Should several weights tie at exactly $|w| = t$, only as many go as the count allows, the first by position.) There are two common ways to choose $t$:
#
# - **global**: one threshold for all weights of the network, so each layer loses whatever fraction of its weights falls below it;
# - **layer-wise**: each layer loses the fraction $s$ of its own weights, with its own threshold.
#
# The histogram below (the network of seed 0, counts on a log scale) shows the weights of both layers stacked, with the thresholds at `SHOW_SPARSITY`. Everything between a pair of lines of the same style is deleted.

# %%
net0 = dense[0]
t_global = prune.magnitude_threshold(net0, SHOW_SPARSITY, scope="global")[0]
t_w1, t_w2 = prune.magnitude_threshold(net0, SHOW_SPARSITY, scope="layer")
pruned0 = prune.magnitude_prune(net0, SHOW_SPARSITY, scope="global")
g1, g2 = pruned0.layer_sparsity()
print(f"median |w|: W1 {np.median(np.abs(net0.W1)):.3f}, W2 {np.median(np.abs(net0.W2)):.3f}")
print(f"global threshold at {SHOW_SPARSITY:.0%}: t = {t_global:.3f}  -> prunes {g1:.1%} of W1 "
      f"and {g2:.1%} of W2")
print(f"layer-wise thresholds: W1 {t_w1:.3f}, W2 {t_w2:.3f}  -> prunes {SHOW_SPARSITY:.0%} of each")
closed = all(np.all(~mask[np.abs(W) <= t_global])
             for W, mask in ((net0.W1, pruned0.mask1), (net0.W2, pruned0.mask2)))
print("every weight in [-t, t] pruned, the one at |w| = t included:", "yes" if closed else "no")
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
# For each network and each sparsity $s$ in `SPARSITIES`, three ways of deleting the same number of weights from the same trained network:
#
# - **global magnitude**: `prune.magnitude_prune(net, s, scope="global")`;
# - **layer-wise magnitude**: `prune.magnitude_prune(net, s, scope="layer")`;
# - **random** (the *control*, the baseline a method must beat to show it does anything): `prune.random_prune(net, s, seed=seed)` deletes uniformly chosen weights, drawn with the network's own seed. How far it falls shows how much the *choice* of weights matters, as opposed to their number.
#
# No weight is retrained: each line shows what the trained network still knows without the deleted weights. `experiments.over_seeds` runs the experiment for every network and returns the mean and the spread (minimum to maximum) at each sparsity.

# %% [markdown]
# **Exercise 02.1** *(predict, then run)*. Before you run the next cells: at which sparsity in `SPARSITIES` will **random** pruning first cost more than 1 percentage point of mean test accuracy? And how far can **global magnitude** pruning go while losing at most 1 percentage point? Write your two guesses in the cell below (as fractions, e.g. `0.5` for 50%), then run on.

# %%
my_guess_random = None     # first sparsity where random pruning loses more than 1 percentage point
my_guess_magnitude = None  # largest sparsity where global magnitude pruning loses at most 1 point


# %%
def one_shot(seed):
    """Test accuracy of one trained network pruned to every sparsity in SPARSITIES, three ways."""
    net = dense[seed]
    acc = lambda pruned: pruned.accuracy(digits.X_test, digits.y_test)
    return {
        "global magnitude": [acc(prune.magnitude_prune(net, s, scope="global"))
                             for s in SPARSITIES],
        "layer-wise magnitude": [acc(prune.magnitude_prune(net, s, scope="layer"))
                                 for s in SPARSITIES],
        "random (control)": [acc(prune.random_prune(net, s, seed=seed)) for s in SPARSITIES],
    }


curves = experiments.over_seeds(one_shot, seeds)
fig = plots.accuracy_vs_sparsity({name: (SPARSITIES, summary) for name, summary in curves.items()},
                                 baseline=dense_acc,
                                 title=f"Digits, {HIDDEN} hidden units: one-shot pruning "
                                       "without retraining")
# Spread the high sparsities out: the axis is logarithmic in the fraction of weights *remaining*,
# so 90%, 99% (10%, 1% remaining) are as far apart as 0% and 90%.
ax = fig.axes[0]
ax.set_xscale("function", functions=(lambda s: -np.log10(np.clip(1 - s, 1e-3, None)),
                                     lambda y: 1 - 10.0 ** -y))
ax.set_xticks([0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99])
ax.set_xlim(0, max(SPARSITIES) + 0.3 * (1 - max(SPARSITIES)))
ax.set_xlabel("sparsity (fraction of weights pruned; log scale of the fraction remaining)")
legend = plots.style.legend_outside(ax)
plots.style.percent_axis(ax.xaxis)
plots.style.percent_axis(ax.yaxis)

# %% [markdown]
# The table holds the same numbers: for each method the mean test accuracy over the networks, its standard deviation and, in brackets, the worst network.

# %%
print(f"{'sparsity':>8} {'weights left':>12} |" + "".join(f"{name:>23}" for name in curves))
print(f"{'':>8} {'':>12} |" + "".join(f"{'mean ± std (min)':>23}" for _ in curves))
for i, s in enumerate(SPARSITIES):
    left = count.weights_total - prune.n_to_prune(s, count.weights_total)
    cells = "".join(f"{c.mean[i]:>10.1%} ± {c.std[i]:4.1%} ({c.low[i]:5.1%})"
                    for c in curves.values())
    print(f"{s:>8.0%} {left:>12d} |{cells}")

# %% [markdown]
# The answers to Exercise 02.1, and two claims the text below makes, checked on this run:

# %%
mean = {name: c.mean for name, c in curves.items()}
dense_mean = float(dense_acc.mean)
within_1 = [s for s, a in zip(SPARSITIES, mean["global magnitude"]) if a >= dense_mean - 0.01]
random_drop = [s for s, a in zip(SPARSITIES, mean["random (control)"]) if a < dense_mean - 0.01]
answers = {"magnitude": max(within_1) if within_1 else None,
           "random": min(random_drop) if random_drop else None}
print("Largest sparsity where global magnitude pruning loses at most 1 percentage point: "
      + (f"{answers['magnitude']:.0%}" if within_1 else "none of those tried"))
print("First sparsity where random pruning loses more than 1 percentage point: "
      + (f"{answers['random']:.0%}" if random_drop else "none of those tried"))
for name, guess in (("random", my_guess_random), ("magnitude", my_guess_magnitude)):
    if guess is not None and answers[name] is not None:
        print(f"  your guess for {name} pruning: {guess:.0%} (off by "
              f"{abs(guess - answers[name]) * 100:.0f} percentage points of sparsity)")

checks = {
    "global magnitude ahead of random at every sparsity from 10% to 95%":
        all(g > r for s, g, r in zip(SPARSITIES, mean["global magnitude"],
                                     mean["random (control)"]) if 0.1 <= s <= 0.95),
    "global ahead of layer-wise at every sparsity from 80% to 95%":
        all(g > l for s, g, l in zip(SPARSITIES, mean["global magnitude"],
                                     mean["layer-wise magnitude"]) if 0.8 <= s <= 0.95),
}
for claim, holds in checks.items():
    print(f"{'yes' if holds else 'NO'}: {claim}")



# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# The two lines printed above are the answers on this run. Random pruning costs accuracy early because it deletes large weights as readily as small ones: at 10% it already removes a tenth of the weights that carry the signal. Magnitude pruning deletes the weights whose products with the inputs are smallest first, so the network's outputs barely move until the weights that remain start to matter; its curve stays flat much longer. If your guess for magnitude pruning was lower, you are in good company: most people expect a network to need more of its weights than it does.
#
# </details>
# %% [markdown]
# What the figure and the table say:
#
# - **The criterion matters more than the count.** Deleting the smallest weights costs far less than deleting the same number of weights at random: magnitude pruning is ahead of the control at every sparsity from 10% to 95% (checked above), and the control falls towards chance (10%) long before magnitude pruning does. The smallest tenth of a trained network's weights is dead weight: without it, the networks keep their dense accuracy to within 0.1 percentage point (97.6% against 97.7% in the table). A randomly chosen tenth is not: random pruning already loses more than 1 percentage point at 10% (printed above).
# - **Global beats layer-wise at high sparsity** (checked from 80% to 95%): forcing the small output layer to lose as large a share as the input layer deletes weights the decision needs. At the very end, 97–99%, the two curves meet or cross: with a few dozen weights left, global pruning has starved `W1` and both are poor (see the table).
# - **Without retraining, the collapse is steep.** The accuracy holds up to the sparsity printed above and then drops fast: the survivors were trained to work *together with* the weights now missing. Retraining them (notebook 03) and pruning gradually (notebook 04) move the cliff much further.
# - The bands are narrow where the curve is flat and wide on the cliff: there, which weights happen to sit just below the threshold differs from network to network. One network alone would tell a misleading story.

# %% [markdown]
# **Exercise 02.2** *(code)*. Global pruning spares the output layer `W2` partly. What if it were spared entirely? Write `prune_w1_only(W1, W2, sparsity)`: it returns the keep-masks `(mask1, mask2)` that delete $\mathrm{round}(s \cdot n)$ weights, $n$ counting the weights of *both* layers (as everywhere in this notebook), every one of them from `W1` (smallest $|w|$ first, ties by position), and keep all of `W2`. It can reach at most `W1`'s share of the weights (86.5% here, printed in section 1). Then compare its mean test accuracy with global and layer-wise pruning: is exempting `W2` a good idea?

# %%
def prune_w1_only(W1, W2, sparsity):
    """Keep-masks (mask1, mask2) deleting round(sparsity * n) weights, n = W1.size + W2.size,
    all of them from W1 (smallest |w| first, ties by position); W2 keeps every weight."""
    ...  # your code here


passed = exercises.ch02.check_prune_w1_only(prune_w1_only)


# %% jupyter={"source_hidden": true} tags=["solution"]
def prune_w1_only_solution(W1, W2, sparsity):
    """Keep-masks deleting round(sparsity * n) weights of all n, every one from W1."""
    k = round(sparsity * (W1.size + W2.size))
    keep1 = np.ones(W1.size, dtype=bool)
    keep1[np.argsort(np.abs(W1).ravel(), kind="stable")[:k]] = False
    return keep1.reshape(W1.shape), np.ones(W2.shape, dtype=bool)


def w1_only_accuracies(seed):
    """Test accuracy with W2 exempt, at the sparsities W1 alone can reach."""
    net = dense[seed]
    masked = (net.replace(mask1=m1, mask2=m2) for m1, m2 in
              (prune_w1_only_solution(net.W1, net.W2, s) for s in reachable))
    return {"W1 only": [pruned.accuracy(digits.X_test, digits.y_test) for pruned in masked]}


w1_share = dense[0].W1.size / count.weights_total
reachable = [s for s in SPARSITIES if s <= w1_share]
w1_only = experiments.over_seeds(w1_only_accuracies, seeds)["W1 only"]
print(f"at {reachable[-1]:.0%} sparsity W1 gives up "
      f"{prune.n_to_prune(reachable[-1], count.weights_total)} of its {dense[0].W1.size} weights")
print(f"{'sparsity':>8} {'global':>8} {'layer-wise':>11} {'W1 only':>8}   (mean test accuracy)")
for i, s in enumerate(reachable):
    print(f"{s:>8.0%} {mean['global magnitude'][i]:>8.1%} "
          f"{mean['layer-wise magnitude'][i]:>11.1%} {w1_only.mean[i]:>8.1%}")
assert exercises.ch02.check_prune_w1_only(prune_w1_only_solution)

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# Exempting `W2` is no free lunch: the deleted weights must come from somewhere, and at 80–85% sparsity `W1` alone has to give up nearly all of its weights (the count printed above). The table shows the W1-only scheme level with global pruning up to 60% (global pruning takes few weights from `W2` there anyway), behind it from 70% on, and far behind at 80% and 85%, where it falls below layer-wise pruning too. Global pruning wins because it takes the *smallest* weights of `W2` too: a few weights of the output layer are worth less than the last weights of the input layer. Neither fixed rule (same share per layer, or none from `W2`) matches what one global ranking finds.
#
# </details>

# %% [markdown]
# How much does global pruning leave in each layer at the highest sparsities? For the network of seed 0, and the sparsity from which one global threshold deletes **every** weight of `W1`:

# %%
print(f"{'global sparsity':>15} {'W1 pruned':>10} {'W2 pruned':>10} {'weights left in W1':>19}")
for s in (0.9, 0.95, 0.98, 0.99):
    pruned = prune.magnitude_prune(net0, s, scope="global")
    p1, p2 = pruned.layer_sparsity()
    print(f"{s:>15.0%} {p1:>10.1%} {p2:>10.1%} {int(pruned.mask1.sum()):>19d}")
all_magnitudes = np.concatenate([np.abs(net0.W1).ravel(), np.abs(net0.W2).ravel()])
rank = np.empty(all_magnitudes.size, dtype=int)
rank[np.argsort(all_magnitudes, kind="stable")] = np.arange(all_magnitudes.size)
k_empty = int(rank[:net0.W1.size].max()) + 1        # W1 is empty once its largest weight goes
print(f"global pruning empties W1 once {k_empty} of {all_magnitudes.size} weights go "
      f"(sparsity {k_empty / all_magnitudes.size:.2%})")
empty = prune.magnitude_prune(net0, k_empty / all_magnitudes.size, scope="global")
print(f"then the network predicts {len(np.unique(empty.predict(digits.X_test)))} class for every "
      f"input: test accuracy {empty.accuracy(digits.X_test, digits.y_test):.1%}")
print(f"layer-wise pruning empties W2 ({net0.W2.size} weights) only above sparsity "
      f"1 - 1/(2 x {net0.W2.size}) = {1 - 1 / (2 * net0.W2.size):.2%}")

# %% [markdown]
# **Exercise 02.3** *(discuss)*. Global pruning can empty a whole layer (above, `W1` of seed 0 at the sparsity printed); layer-wise pruning at any sparsity below 100% essentially cannot. Why? What does a network with an empty layer compute? And why might TensorFlow's pruning tools keep at least one weight in every layer (section 4)?

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# - **Layer-wise** pruning deletes $\mathrm{round}(s \cdot n_\ell)$ of the $n_\ell$ weights of each layer, which is less than $n_\ell$ whenever $s \cdot n_\ell < n_\ell - \tfrac12$, that is for every $s < 1 - 1/(2 n_\ell)$: for the 640 weights of `W2`, up to the 99.92% printed above. Each layer keeps its share by construction, whatever the magnitudes. (Only rounding can empty a tiny layer: 99% of a 40-weight layer is round(39.6) = 40.)
# - **Global** pruning compares the magnitudes of all layers with one threshold. A layer whose weights are all smaller than the threshold loses all of them: nothing in the rule protects a layer, and layers on different scales (here `W1`'s weights are smaller than `W2`'s) are emptied first from the bottom of the common ranking.
# - With `W1` empty, every hidden unit receives only its bias, so the hidden layer, and hence the output, is the same for every input: the network predicts one class everywhere, about 10% accuracy on ten balanced classes. With `W2` empty the output is the bias `b2` alone, same result. Information cannot cross an empty layer.
# - That is why TensorFlow's `prune_low_magnitude` keeps at least one weight per layer (and prunes layer by layer): a schedule that overshoots cannot cut the network in two. With global pruning, one has to watch the per-layer sparsity (the table above), not only the total.
#
# </details>

# %% [markdown]
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
# When several weights have the same magnitude and only some of them can go, which ones? The package breaks ties **by position**: layer 1 before layer 2, then row by row inside a layer (the stable sort of section 2). The answer is then the same on every machine and every run. Trained floating-point weights rarely tie, but *quantized* weights (rounded to a few allowed values, notebook 06) tie all the time. Below, a network whose twelve weights all have magnitude 1, pruned to 75% (9 of 12 weights; 1 = kept, 0 = pruned): all six weights of `W1` go first, then the first three of `W2`, row by row. The written-out algorithm of section 2 does the same.

# %%
W1 = np.array([[1.0, -1.0, 1.0], [-1.0, 1.0, -1.0]])      # 2 inputs, 3 hidden units
W2 = np.array([[1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])     # 3 hidden units, 2 outputs
ties = network.TwoLayerNet(W1, np.zeros(3), W2, np.zeros(2),
                           np.ones((2, 3), bool), np.ones((3, 2), bool))
half = prune.magnitude_prune(ties, 0.75)
print("mask1 =", half.mask1.astype(int).tolist(), "  mask2 =", half.mask2.astype(int).tolist())
again = prune.magnitude_prune(ties, 0.75)
print("the same on a second call:",
      np.array_equal(half.mask1, again.mask1) and np.array_equal(half.mask2, again.mask2))
print("the same as global_magnitude_masks of section 2:", "yes" if same_masks(ties, 0.75) else "no")

# %% [markdown]
# ### Pruned weights never come back
#
# A pruned weight is stored as exactly 0 and its mask entry is `False`. Pruning an already pruned network to a *higher* sparsity keeps every earlier deletion (they count towards the target, and go first); asking for a *lower* sparsity would have to bring weights back, and is refused with an error that names the function, says how many weights are already pruned, and what the sparsity must at least be.

# %%
p90 = prune.magnitude_prune(dense[0], 0.9)
p95 = prune.magnitude_prune(p90, 0.95)
print("every weight pruned at 90% is still pruned at 95%:",
      bool(np.all(~p95.mask1[~p90.mask1]) and np.all(~p95.mask2[~p90.mask2])))
try:
    prune.magnitude_prune(p90, 0.5)
except ValueError as err:
    print(f"{type(err).__name__}: {err}")


# %% [markdown]
# **Exercise 02.4** *(code)*. Extend the algorithm of section 2 to a network that is already pruned. Write `magnitude_masks(weights, masks, sparsity)`: `weights` is `[W1, W2]`, `masks` is `[mask1, mask2]` (`True` = kept), and the values under a `False` entry are the weights' old values, not zeros (PyTorch keeps them that way, in `weight_orig` beside `weight_mask`), so use the masks, not the zeros. Return the new masks: exactly $\mathrm{round}(s \cdot n)$ of all $n$ weights pruned, the already pruned ones among them and staying pruned, the kept weights of smallest $|w|$ going first, ties by position. The checker tries six small cases and tells you what went wrong.

# %%
def magnitude_masks(weights, masks, sparsity):
    """New keep-masks [mask1, mask2] after global magnitude pruning to `sparsity` (a fraction of
    all weights), for a network whose `masks` may already have pruned some weights."""
    ...  # your code here


passed = exercises.ch02.check_magnitude_masks(magnitude_masks)


# %% jupyter={"source_hidden": true} tags=["solution"]
def magnitude_masks_solution(weights, masks, sparsity):
    """Global magnitude masks that only shrink: the already pruned weights count and stay."""
    magnitudes = np.concatenate([np.abs(W).ravel() for W in weights])
    kept = np.concatenate([np.asarray(m).ravel() for m in masks])
    k = round(sparsity * magnitudes.size) - np.count_nonzero(~kept)   # how many more must go
    candidates = np.flatnonzero(kept)                                 # only kept weights can go
    order = candidates[np.argsort(magnitudes[candidates], kind="stable")]
    keep = kept.copy()
    keep[order[:k]] = False
    ends = np.cumsum([W.size for W in weights])[:-1]
    return [part.reshape(W.shape) for part, W in zip(np.split(keep, ends), weights)]


assert exercises.ch02.check_magnitude_masks(magnitude_masks_solution)

# %% [markdown]
# ## 5. A deleted weight is not free: the mask
#
# A pruned weight's value is never sent, but the receiver must learn **which** weights were kept, or it cannot place the survivors. With $k$ of $n$ weights kept, that is one choice among $\binom{n}{k}$, so the mask costs $\log_2 \binom{n}{k}$ bits, close to $n \cdot H_2(s)$ where $H_2(s) = -s \log_2 s - (1-s) \log_2 (1-s)$ is the *binary entropy* of the sparsity $s$. Compare it with the yardstick every code of the labels must beat: sending the $N$ training labels of $K$ classes with no model at all, $N \log_2 K$ bits (the *uniform code*).

# %%
n = count.weights_total
k = n - prune.n_to_prune(SHOW_SPARSITY, n)
h2 = -(SHOW_SPARSITY * np.log2(SHOW_SPARSITY) + (1 - SHOW_SPARSITY) * np.log2(1 - SHOW_SPARSITY))
mask_bits = mdl.log2_binomial(n, k)
label_bits = mdl.uniform_code_bits(len(digits.y_train), digits.n_classes)
print(f"mask at {SHOW_SPARSITY:.0%} sparsity ({k} of {n} weights kept): log2 C(n, k) = "
      f"{mask_bits:,.0f} bits  (n H2(s) = {n * h2:,.0f} bits, {h2:.3f} bit per weight)")
print(f"uniform code of the {len(digits.y_train)} training labels, N log2 K: "
      f"{label_bits:,.0f} bits")
print(f"the mask alone costs {mask_bits / label_bits:.0%} of the uniform code")


# %% [markdown]
# At 90% sparsity the mask alone costs about half of what sending the labels with no model at all costs, before a single kept value is sent. Whether pruning shortens the description of the data is therefore a question of bits, not of counting weights: [06 · Description length](06_description_length.ipynb) adds the kept values and the labels given the model, and finds the sparsity and precision where the total is shortest.
#
# ### How PyTorch and TensorFlow count
#
# The same words mean slightly different things in the two big libraries, so it pays to know the rules:
#
# - **PyTorch** ([`torch.nn.utils.prune`](https://pytorch.org/docs/stable/generated/torch.nn.utils.prune.l1_unstructured.html)): a float `amount` prunes `round(amount * n)` entries with Python's `round` (halves to the even integer), the same count as here. `global_unstructured(..., pruning_method=L1Unstructured)` ranks all the listed tensors together (our `scope="global"`); `l1_unstructured` on each layer is our `scope="layer"`. PyTorch chooses the entries to prune with `torch.topk`, so among tied magnitudes it picks in whatever order `topk` returns them, which PyTorch does not document; this package breaks ties by position, so on tied weights the two can prune different (equally small) weights, and without ties they prune the same ones. The masks sit beside the original weights (`weight_orig`, `weight_mask`) until `prune.remove` makes them permanent, and pruning the same tensor again takes the fraction of the *remaining* entries: notebook 04 shows what that changes.
# - **TensorFlow Model Optimization** ([`prune_low_magnitude`](https://www.tensorflow.org/model_optimization/api_docs/python/tfmot/sparsity/keras/prune_low_magnitude), which implements the gradual schedule of [Zhu & Gupta 2017](https://arxiv.org/abs/1710.01878)): each layer is pruned separately (layer-wise, no global threshold); the number *kept* is `max(1, round(n * (1 - s)))`, so at least one weight always survives and a half is rounded on the kept side; and every weight whose magnitude equals the threshold is kept, so a tie can keep more weights than asked. The sparsity is always a fraction of *all* the layer's weights.
#
# The counts for a few cases (the TensorFlow column applies its rule for a single layer of $n$ weights):

# %%
def tensorflow_pruned(s, n):
    """Weights TensorFlow Model Optimization prunes in one layer of n (no ties)."""
    return n - max(1, round(n * (1 - s)))              # it keeps max(1, round(n (1 - s)))


print(f"{'n':>5} {'s':>5} {'mdl_prune / PyTorch':>20} {'TensorFlow':>11}")
for n_layer, s in [(7, 0.5), (5, 0.5), (10, 1.0), (HIDDEN * digits.n_classes, SHOW_SPARSITY)]:
    print(f"{n_layer:>5} {s:>5} {prune.n_to_prune(s, n_layer):>20} "
          f"{tensorflow_pruned(s, n_layer):>11}")

# %% [markdown]
# ## Summary
#
# - Magnitude pruning is a few lines: rank the $|w|$, delete the $\mathrm{round}(s \cdot n)$ smallest, break ties by position. Applied to a trained network **without retraining**, it removes a large share of the weights at almost no cost in test accuracy; the largest such sparsity for these networks is printed in section 3. Past it, accuracy falls off a cliff.
# - The criterion is what matters: a **random** choice of the same number of weights does far worse at every sparsity from 10% to 95%.
# - **Global** thresholds beat **layer-wise** ones at high sparsity, because the small output layer carries more of the decision per weight and global pruning spares it; but one global threshold can empty a whole layer, which layer-wise pruning cannot.
# - Every curve is a mean over `N_SEEDS` networks with its spread; on the cliff the spread is large.
# - `sparsity = s` means exactly `round(s * n)` weights (Python's rounding, as in PyTorch; TensorFlow rounds the kept count and keeps at least one), ties go by position, and pruned weights never come back.
# - A deleted weight still costs bits: the mask, about $n \cdot H_2(s)$ bits, which notebook 06 adds to the rest of the code.
#
# **Next:** [03 · Fine-tuning](03_fine_tuning.ipynb) retrains the survivors and moves the cliff.

# %% [markdown]
# ## References
# <a id="references"></a>
#
# - Han, S., Pool, J., Tran, J. & Dally, W. J. (2015). Learning both weights and connections for efficient neural networks. *Advances in Neural Information Processing Systems 28* (NIPS 2015). [arXiv:1506.02626](https://arxiv.org/abs/1506.02626)
# - Hinton, G. E. & van Camp, D. (1993). Keeping neural networks simple by minimizing the description length of the weights. *Proceedings of the Sixth Annual Conference on Computational Learning Theory* (COLT '93), 5–13. [doi:10.1145/168304.168306](https://doi.org/10.1145/168304.168306)
# - LeCun, Y., Denker, J. S. & Solla, S. A. (1990). Optimal brain damage. *Advances in Neural Information Processing Systems 2* (NIPS 1989), 598–605. [proceedings](https://papers.nips.cc/paper/1989/hash/6c9882bbac1c7093bd25041881277658-Abstract.html)
# - Zhu, M. & Gupta, S. (2017). To prune, or not to prune: exploring the efficacy of pruning for model compression. *ICLR 2018 Workshop*. [arXiv:1710.01878](https://arxiv.org/abs/1710.01878)
# - PyTorch documentation: [`torch.nn.utils.prune`](https://pytorch.org/docs/stable/nn.html#utilities) ([`l1_unstructured`](https://pytorch.org/docs/stable/generated/torch.nn.utils.prune.l1_unstructured.html), [`global_unstructured`](https://pytorch.org/docs/stable/generated/torch.nn.utils.prune.global_unstructured.html)) and the [pruning tutorial](https://pytorch.org/tutorials/intermediate/pruning_tutorial.html).
# - TensorFlow Model Optimization documentation: [`tfmot.sparsity.keras.prune_low_magnitude`](https://www.tensorflow.org/model_optimization/api_docs/python/tfmot/sparsity/keras/prune_low_magnitude) and the [pruning guide](https://www.tensorflow.org/model_optimization/guide/pruning).
