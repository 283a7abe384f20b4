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
# # 07 · Noisy weights and bits back: Hinton & van Camp's own method
#
# The series carries the title of Hinton & van Camp (1993), *Keeping Neural Networks Simple by
# Minimizing the Description Length of the Weights*. Notebook 06 counted a **two-part code**: round
# every kept weight to a few bits, send it, then send the labels with the network. This notebook does
# what the paper actually did:
#
# * every weight is a Gaussian $N(\mu, \sigma^2)$ instead of a number, so a weight can be sent
#   *sloppily* where the data do not need precision;
# * the **bits-back** argument prices such a weight at $\mathrm{KL}(Q\,\|\,P)$ bits, where $Q$ is the
#   weight's Gaussian and $P$ the coding prior;
# * the coding prior is itself **learned**: a mixture of Gaussians;
# * the paper's regression experiment is re-created (128 inputs, 4 hidden units, 105 training and
#   420 test cases), with MDL against weight decay and against no penalty;
# * on the digits, the noisy network's weights are **pruned by their signal-to-noise ratio**
#   $|\mu|/\sigma$ and by magnitude $|\mu|$, and its description length is set against notebook
#   06's best two-part code.
#
# All the logic is in `mdl_prune.noisy` (gradients written out by hand and checked against finite
# differences in `tests/test_noisy.py`).

# %%
# Setup: in Colab, install the package first; elsewhere this cell does nothing.
import sys
if "google.colab" in sys.modules:
    # %pip install --quiet "mdl_prune @ git+https://github.com/mdl-prune/mdl_prune.git"

# %% tags=["parameters"]
PAPER_SEEDS = (0, 1, 2)          # seeds of the paper's experiment (1 to 10 seeds)
DIGITS_SEEDS = (0, 1, 2, 3, 4)   # seeds of the noisy digits networks (1 to 10 seeds)
N_HIDDEN = 64                    # hidden units of the digits network (8..256)
EPOCHS = 40                      # epochs of noisy training on digits (10..200)
LR = 0.02                        # Adam's peak learning rate, cosine-decayed to 0 (0.001..0.05)
BATCH_SIZE = 128                 # cases per Adam step (16..1347)
PRIOR_SDS = (0.01, 0.1, 1.0)     # starting widths of the digits prior's zero-mean components
                                 # (each > 0)
# pruning levels on the curve, increasing, in [0, 1)
SPARSITIES = (0.5, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99)
TARGET = 0.9                     # the sparsity checked against the unpruned noisy network
                                 # (one of SPARSITIES)

# %%
import math
import time

import numpy as np

from mdl_prune import data, network, train, prune, plots, mdl, noisy, experiments

T0 = time.perf_counter()

# %% [markdown]
# ## 1 · Bits back, told simply
#
# Suppose the sender must tell the receiver one weight, and the data would be fitted about equally
# well by any value near 0.8. The coding prior both sides agreed on is $P = N(0, 1)$.
#
# * **Two-part code:** round the weight to some precision $t$ and send it under $P$: about
#   $-\log_2 (P(w)\,t)$ bits. Precise values cost many bits.
# * **Bits back:** the sender instead picks the weight *at random* from $Q = N(0.8, \sigma_q^2)$ and
#   takes the random choices from the bits of the rest of the message (which the receiver must
#   decode anyway). Sending the sample still costs $-\log_2 (P(w)\,t)$ bits. But once the receiver
#   has decoded everything it knows $Q$ too, so it can re-run the sender's random choice backwards
#   and **recover** the random bits used to pick $w$: $-\log_2 (Q(w)\,t)$ bits that were not wasted,
#   because they carried part of the message.
#
# Net cost on average: $\mathbb{E}_Q[\log_2 Q(w) - \log_2 P(w)] = \mathrm{KL}(Q\,\|\,P)$ bits, which
# does not depend on $t$. A sloppy $Q$ (large $\sigma_q$) gets many bits back. The cell simulates
# both, with $t = 10^{-4}$, and compares the averages with the closed form
# $\mathrm{KL} = \ln(\sigma_p/\sigma_q) + (\sigma_q^2 + (\mu_q-\mu_p)^2)/(2\sigma_p^2) - 1/2$ nats.

# %%
qs = {"precise": (0.8, 0.01), "sloppy": (0.8, 0.3)}
print(f"{'Q':<9}{'sample sent under P':>21}{'bits got back':>15}{'net cost':>10}{'KL(Q||P)':>10}")
for name, (m, s) in qs.items():
    r = noisy.bits_back_example(m, s, 0.0, 1.0, quantum=1e-4, n_samples=100_000, seed=0)
    print(f"{name:<9}{r.send_bits:>21.2f}{r.back_bits:>15.2f}{r.net_bits:>10.2f}{r.kl_bits:>10.2f}")
    assert abs(r.net_bits - r.kl_bits) < 0.05     # the simulation agrees with the closed form
fig = plots.bits_back_picture(0.0, 1.0, qs)

# %% [markdown]
# Both weights cost the same to *send* (about 15 bits at this precision); the sloppy one gets most of
# them back. That is the trade the method optimises: a weight whose value matters to the data gets a
# narrow $Q$ and costs many bits, a weight the data do not care about gets a wide $Q$ close to the
# prior and costs almost nothing. Its mean $\mu$ and its width $\sigma$ together tell how much the
# network needs it, which is why $|\mu|/\sigma$ will be a good pruning score in section 4.
#
# The total the network minimises is the description length of the data:
#
# $$\text{expected data bits under } Q \;+\; \sum_{\text{weights}} \mathrm{KL}(Q_w\,\|\,P).$$
#
# ## 2 · The paper's network: exact expected error
#
# For regression the paper used logistic hidden units and a linear output, and computed the expected
# squared error over the weight noise **exactly**: with fixed inputs $a_i$ a hidden unit's total input
# is Gaussian (mean $\sum_i a_i\mu_{ih}$, variance $\sum_i a_i^2\sigma_{ih}^2$); the logistic's mean and
# variance come from a one-dimensional integral (the paper used a 300 × 300 lookup table, we use
# Gauss-Hermite quadrature); then the output's mean $\mu_y$ and variance $V_y$ follow, and
# $\langle (d-y)^2\rangle = (d-\mu_y)^2 + V_y$. The misfit cost, with the best Gaussian width for
# the residuals, is $\frac{N}{2}\ln\big(\frac1N\sum_c\langle(d_c-y_c)^2\rangle\big)$ plus a constant.
# The test suite checks the exact moments against 200 000 sampled weight sets, and every gradient
# against finite differences.
#
# The coding prior is a mixture $P = \sum_i \pi_i N(m_i, s_i^2)$, learned with the weights. The KL to a
# mixture has no closed form; the paper used the bound
# $\hat G = -\ln \sum_i \pi_i e^{-G_i}$ with $G_i$ the KL to component $i$. It is never below the true
# KL (the tests check this by numerical integration) and equals the Gaussian KL for one component.
#
# ## 3 · The paper's experiment, re-created
#
# The paper predicted a property of peptide molecules from 128 input features, with 105 training and
# 420 test cases, a network of 4 logistic hidden units (521 weights and biases), and a 5-component
# prior whose means started spread over $[-0.24, 0.24]$. The weight cost's coefficient was raised
# 0.05, 0.1, …, 1.0 during training: with the full weight cost from the start all weights collapse
# onto the prior before the data can pull any out. Weight decay had its coefficient chosen on a
# validation split of the training cases.
#
# **The peptide data are not public.** `noisy.paper_task` makes a synthetic task of the same shape,
# with the same character (few cases, many inputs, a simple rule plus noise):

# %%
task = noisy.paper_task(PAPER_SEEDS[0])
print(task.description)
print(f"training cases {task.X_train.shape}, test cases {task.X_test.shape}; "
      f"the teacher reads {len(task.relevant_inputs)} of the {task.X_train.shape[1]} inputs")

# %% [markdown]
# `noisy.paper_experiment(seed)` trains the three networks on one such task (a new teacher per seed)
# and returns their relative test errors $\sum (d-y)^2 / \sum (d-\bar d)^2$: 1 means no better than
# predicting the mean. The MDL net predicts with its exact expected output $\mu_y$.

# %%
runs = {seed: noisy.paper_experiment(seed, details=True) for seed in PAPER_SEEDS}
METHODS = ("mdl", "weight_decay", "no_penalty")
table = {m: [runs[s][m] for s in PAPER_SEEDS] for m in METHODS}
print(f"{'seed':>4}{'MDL':>8}{'weight decay':>14}{'no penalty':>12}{'chosen decay':>14}")
for s in PAPER_SEEDS:
    r = runs[s]
    print(
        f"{s:>4}{r['mdl']:>8.3f}{r['weight_decay']:>14.3f}"
        f"{r['no_penalty']:>12.3f}{r['chosen_weight_decay']:>14g}"
    )
mean = {m: float(np.mean(table[m])) for m in METHODS}
print(f"{'mean':>4}{mean['mdl']:>8.3f}{mean['weight_decay']:>14.3f}{mean['no_penalty']:>12.3f}")
print(
    f"{'std':>4}{np.std(table['mdl']):>8.3f}"
    f"{np.std(table['weight_decay']):>14.3f}{np.std(table['no_penalty']):>12.3f}"
)
print(f"{'paper':>5}{noisy.PAPER_RESULTS['mdl']:>7.3f}{noisy.PAPER_RESULTS['weight_decay']:>14.3f}"
      f"{noisy.PAPER_RESULTS['no_penalty']:>12.3f}")
print(f"\nMDL / weight decay = {mean['mdl'] / mean['weight_decay']:.2f}   "
      f"weight decay / no penalty = {mean['weight_decay'] / mean['no_penalty']:.2f}")
ranking = (
    mean["mdl"] <= 1.05 * mean["weight_decay"] and mean["weight_decay"] <= 0.7 * mean["no_penalty"]
)
print("check: MDL <= 1.05 x weight decay and weight decay <= 0.7 x no penalty:",
      "yes" if ranking else "NO (not with these parameters)")
paper_ratio = noisy.PAPER_RESULTS["mdl"] / noisy.PAPER_RESULTS["weight_decay"]
print(f"(the paper: MDL / weight decay = {paper_ratio:.2f})")
print("check: no penalty above 1 and MDL's lead over weight decay larger than the paper's:",
      "yes" if mean["no_penalty"] > 1.0 and mean["mdl"] / mean["weight_decay"] < paper_ratio
      else "NO (not with these parameters)")
fig = plots.method_table_bars(
    {
        "MDL (noisy weights)": table["mdl"],
        "weight decay": table["weight_decay"],
        "no penalty": table["no_penalty"],
    },
    {
        "MDL (noisy weights)": noisy.PAPER_RESULTS["mdl"],
        "weight decay": noisy.PAPER_RESULTS["weight_decay"],
        "no penalty": noisy.PAPER_RESULTS["no_penalty"],
    },
    title="Relative test error on the paper-shaped task",
)

# %% [markdown]
# **The ranking is the paper's: MDL, then weight decay, then no penalty** with the default parameters (the printed check
# above tests that the MDL mean is at most 1.05 times weight decay's and weight decay's at most 0.7
# times no penalty's). The numbers are not the paper's, and they should not be expected to be:
#
# * **Different data.** Our teacher is a synthetic rule with a known noise level (20% of the target
#   variance, so no method can go much below 0.2); the peptide data are real measurements with an
#   unknown rule and noise.
# * **No penalty is worse here than in the paper** (above 1, where the paper had 0.967). With 128
#   Gaussian inputs and only 105 cases, the unpenalised net can fit the training cases exactly, and
#   its predictions on new inputs are then worse than the mean. The paper's inputs were presumably
#   correlated, bounded features, on which an overfitted net strays less; and we do not stop early.
# * **The gap between MDL and weight decay is larger here than in the paper** (0.286 vs 0.317). Our
#   teacher uses only a few of the inputs, which favours a method that can switch inputs off: the
#   learned prior (below) does exactly that, while weight decay shrinks every weight alike. The
#   paper's task may well have spread its signal over more inputs.
# * **Weight decay's coefficient** is chosen on a single 80 / 25 split from six values
#   (`noisy.WEIGHT_DECAYS`); with 25 validation cases that choice is itself noisy (the chosen values
#   differ between seeds in the table), and a different split or grid would move weight decay's number.
#
# What the MDL net learned: how many inputs it kept (any weight with $|\mu|/\sigma > 2$), how many of
# them the teacher actually uses, and its coding prior drawn over the histogram of its weights' means.

# %%
for s in PAPER_SEEDS:
    net_s = runs[s]["net"]
    snr1, snr2 = noisy.snr(net_s)
    used = set(np.flatnonzero((snr1 > 2).any(axis=1)).tolist())
    teacher = set(runs[s]["task"].relevant_inputs)
    print(
        f"seed {s}: inputs used {len(used):>2} of 128, "
        f"of which {len(used & teacher)} are among the "
        f"teacher's {len(teacher)}; hidden units used {int((snr2[:, 0] > 2).sum())} of 4"
    )
net0, prior0 = runs[PAPER_SEEDS[0]]["net"], runs[PAPER_SEEDS[0]]["prior"]
all_means = np.concatenate([net0.mu[k].ravel() for k in ("W1", "b1", "W2", "b2")])
fig = plots.prior_over_means(
    prior0,
    all_means,
    bins=120,
    log=True,
    title=f"Paper task, seed {PAPER_SEEDS[0]}: learned 5-component prior over the 521 means",
)

# %% [markdown]
# The five components, started evenly over $[-0.24, 0.24]$, have reorganised into a narrow spike
# near zero, where almost every input weight sits (those weights cost almost nothing and add almost
# no noise), and a wide component that pays for the few large weights (the legend gives the learned
# proportions, means and widths). The prior is the network's own choice of what "simple" means.

# %% [markdown]
# The expected output and its spread that the MDL net was trained with are exact, not sampled. A check
# on three test cases of the first seed: the exact mean $\mu_y$ and standard deviation $\sqrt{V_y}$
# against 10 000 whole networks drawn from the weights' Gaussians (`noisy.sample_outputs`):

# %%
cases = runs[PAPER_SEEDS[0]]["task"].X_test[:3]
exact_mean, exact_var = noisy.regression_moments(net0, cases)
drawn = noisy.sample_outputs(net0, cases, n_samples=10_000, seed=0)
print(f"{'case':>4}{'exact mean':>12}{'sampled mean':>14}{'exact sd':>10}{'sampled sd':>12}")
for c in range(len(cases)):
    print(f"{c:>4}{exact_mean[c, 0]:>12.3f}{drawn[:, c, 0].mean():>14.3f}"
          f"{np.sqrt(exact_var[c, 0]):>10.3f}{drawn[:, c, 0].std():>12.3f}")
standard_error = np.sqrt(exact_var / len(drawn))
assert np.all(np.abs(drawn.mean(axis=0) - exact_mean) < 5 * standard_error), (
    "exact and sampled means disagree"
)

# %% [markdown]
# The two agree within the sampling error of 10 000 draws (the `assert` checks the means to five
# standard errors). The exact computation costs one pass with a 24-node quadrature instead of
# thousands of sampled networks, which is what made the paper's training practical.

# %% [markdown]
# ## 4 · Digits: noisy weights, pruning by signal-to-noise ratio
#
# Now the classifier of the series (ReLU hidden layer, softmax output) on the 8×8 digits. The
# expected data bits have no closed form here; `noisy` estimates them by Monte Carlo with the
# **local reparameterization trick**: instead of drawing a weight matrix, it draws each hidden unit's
# total input directly from its Gaussian (mean $X\mu$, variance $X^2\sigma^2$), which has the same
# distribution for each case and much less variance. The prior is a mixture of three zero-mean
# Gaussians whose proportions and widths are learned; the weight cost's coefficient is raised
# linearly to 1 over the first half of training.
#
# The accuracy of the noisy network is measured two ways: with every weight at its mean (a plain
# `TwoLayerNet`, as `noisy.to_network` gives), and as the noisy network's predictive distribution
# (softmax averaged over 20 noise draws).

# %%
ds = data.load_digits(seed=0)
X, y, Xt, yt = ds.X_train, ds.y_train, ds.X_test, ds.y_test

def train_noisy(seed):
    start = noisy.NoisyNet.create(ds.n_features, N_HIDDEN, ds.n_classes, seed=seed)
    prior = noisy.MixturePrior.scale_mixture(PRIOR_SDS)
    return noisy.fit_classifier(start, prior, X, y, epochs=EPOCHS, lr=LR, batch_size=BATCH_SIZE,
                                fix_means=True, seed=seed)

trained = {seed: train_noisy(seed) for seed in DIGITS_SEEDS}
plain, _ = train.fit(
    network.TwoLayerNet.create(ds.n_features, N_HIDDEN, ds.n_classes, seed=0), X, y, seed=0
)
print(
    f"plain SGD network (train.fit defaults, seed 0): test accuracy {plain.accuracy(Xt, yt):.3f}\n"
)
fracs = []
print(
    f"{'seed':>4}{'acc (mean weights)':>20}"
    f"{'acc (predictive)':>18}{'weights with |mu|/sigma > 1':>29}"
)
for seed, (net_d, prior_d, _) in trained.items():
    s1, s2 = noisy.snr(net_d)
    frac = (np.sum(s1 > 1) + np.sum(s2 > 1)) / (s1.size + s2.size)
    fracs.append(frac)
    print(
        f"{seed:>4}{net_d.accuracy(Xt, yt):>20.3f}"
        f"{noisy.accuracy_mc(net_d, Xt, yt, seed=seed):>18.3f}{frac:>29.1%}"
    )
print("check: fewer than 10% of the weights have |mu| > sigma in every network:",
      "yes" if max(fracs) < 0.1 else "NO (not with these parameters)")


# %% [markdown]
# The plain network (first line) is more accurate than the noisy ones: the noisy network pays some
# accuracy for a much shorter description (section 5). Only a few percent of its weights
# have a mean larger than their own noise.
#
# Prune each noisy network, **without retraining**, by $|\mu|/\sigma$ and by $|\mu|$ at the same
# sparsities, and measure the mean-weight network's test accuracy (5 seeds, band = min to max):

# %%
def pruning_curves(seed):
    net_d = trained[seed][0]
    return {crit: np.array([noisy.to_network(noisy.prune_noisy(net_d, s, crit)).accuracy(Xt, yt)
                            for s in SPARSITIES]) for crit in ("snr", "magnitude")}

curves = experiments.over_seeds(pruning_curves, DIGITS_SEEDS)
dense = experiments.over_seeds(lambda seed: trained[seed][0].accuracy(Xt, yt), DIGITS_SEEDS)
if TARGET not in SPARSITIES:
    raise ValueError(f"TARGET must be one of SPARSITIES {SPARSITIES}, got {TARGET}")
i = SPARSITIES.index(TARGET)
print(f"unpruned noisy network: {dense.mean:.3f} (mean over {len(DIGITS_SEEDS)} seeds)")
print(f"{'sparsity':>9}{'by |mu|/sigma':>15}{'by |mu|':>10}")
for j, s in enumerate(SPARSITIES):
    print(f"{s:>9.0%}{curves['snr'].mean[j]:>15.3f}{curves['magnitude'].mean[j]:>10.3f}")
drop = dense.mean - curves["snr"].mean[i]
print(f"\nat {TARGET:.0%} pruned by |mu|/sigma: {drop:+.1%} accuracy lost (mean); "
      f"worst seed {np.max(dense.values - curves['snr'].values[:, i]):+.1%}")
later = [j for j, s in enumerate(SPARSITIES) if s > 0.95]
print(f"check: pruning to {TARGET:.0%} by |mu|/sigma costs at most 1 percentage point:",
      "yes" if drop <= 0.01 else "NO (not with these parameters)")
print("check: beyond 95%, |mu|/sigma is at least as good as |mu|:",
      "yes" if all(curves["snr"].mean[j] >= curves["magnitude"].mean[j] for j in later)
      else "NO (not with these parameters)")
fig = plots.accuracy_vs_sparsity(
    {
        "prune by |μ|/σ": (SPARSITIES, curves["snr"]),
        "prune by |μ|": (SPARSITIES, curves["magnitude"]),
    },
    baseline=dense,
    title="Noisy digits network pruned without retraining",
    ylim=(0.4, 1.0),
)

# %% [markdown]
# At the target sparsity the network pruned by signal-to-noise ratio keeps its accuracy within one
# percentage point (the printed check says so; the lines above it give the numbers). Up to about 95% both
# criteria agree, because most weights sit in the prior's narrow spike with small $|\mu|$ *and*
# similar $\sigma$; beyond 95%, where the choice among the survivors matters, pruning by
# $|\mu|/\sigma$ holds up at least as well as pruning by $|\mu|$ (the second printed check): a weight with
# a large mean but a larger noise is one the network has learned not to rely on. Blundell et al. (2015) reported the same on MNIST: 95% of the weights
# removed by $|\mu|/\sigma$, test error 1.24% → 1.29%.
#
# The learned prior over the means of one digits network (log density axis, to show the spike and
# the slab together):

# %%
net_d0, prior_d0, _ = trained[DIGITS_SEEDS[0]]
means_d0 = np.concatenate([net_d0.mu["W1"].ravel(), net_d0.mu["W2"].ravel()])
print("learned proportions:", ", ".join(f"{p:.2f}" for p in prior_d0.proportions),
      "| widths:", ", ".join(f"{s:.3f}" for s in prior_d0.sds))
fig = plots.prior_over_means(
    prior_d0,
    means_d0,
    bins=150,
    log=True,
    title=f"Digits, seed {DIGITS_SEEDS[0]}: learned prior over the {means_d0.size} weight means",
)

# %% [markdown]
# ## 5 · Description length against notebook 06
#
# The noisy network's description length of the training labels, in bits: the bits-back weight
# cost $\sum \hat G/\ln 2$ of all its weights and biases, the prior's numbers (three per component)
# at 32 bits each, a header with the three layer sizes at 16 bits each (as in notebook 06), and the
# expected data bits (Monte Carlo, 10 noise draws).
# Against it: the uniform code $N\log_2 K$, and notebook 06's two-part code (`mdl.description_length`)
# of a network pruned to 95% by magnitude and fine-tuned, at several precisions, keeping the best.
# Both networks come from seed 0.

# %%
dl = {
    seed: noisy.description_length(trained[seed][0], trained[seed][1], X, y, seed=seed)
    for seed in DIGITS_SEEDS
}
d0 = dl[DIGITS_SEEDS[0]]
uniform = mdl.uniform_code_bits(len(y), ds.n_classes)
print(
    f"noisy net, seed {DIGITS_SEEDS[0]}: weights "
    f"{d0.weight_bits:.0f} + prior {d0.prior_bits:.0f} + header "
    f"{d0.header_bits:.0f} + data {d0.data_bits:.0f} = {d0.total_bits:.0f} bits"
)
totals = np.array([d.total_bits for d in dl.values()])
print(
    f"over {len(DIGITS_SEEDS)} seeds: {totals.mean():.0f} "
    f"bits (range {totals.min():.0f} to {totals.max():.0f})"
)

dense_net, _ = train.fit(
    network.TwoLayerNet.create(ds.n_features, N_HIDDEN, ds.n_classes, seed=0), X, y, seed=0
)
sparse95, _ = train.fit(prune.magnitude_prune(dense_net, 0.95), X, y, epochs=10, seed=0)
two_part = {b: mdl.description_length(sparse95, X, y, value_bits=b) for b in (2, 3, 4, 6, 8)}
best_b = min(two_part, key=lambda b: two_part[b].total_bits)
print(
    f"two-part code, 95%-sparse fine-tuned net: "
    + ", ".join(f"{b} bit {two_part[b].total_bits:.0f}" for b in two_part)
    + f" -> best {best_b} bit"
)

# The noisy net's means, pruned by |mu|/sigma to 95% (no retraining),
# sent with the same two-part code.
snr95 = noisy.to_network(noisy.prune_noisy(trained[DIGITS_SEEDS[0]][0], 0.95, "snr"))
two_part_snr = min((mdl.description_length(snr95, X, y, value_bits=b) for b in (2, 3, 4, 6, 8)),
                   key=lambda d: d.total_bits)
lengths = {
    "uniform N log2 K": uniform,
    f"two-part, 95% magnitude + fine-tune, {best_b} bit": two_part[best_b].total_bits,
    "two-part, noisy means pruned 95% by "
    f"|μ|/σ, {two_part_snr.value_bits} bit": two_part_snr.total_bits,
    "bits back, noisy net (KL + prior + header + data)": d0.total_bits,
}
for k, v in lengths.items():
    print(f"{k:<55}{v:>7.0f} bits  ({v / uniform:.2f} x uniform)")
print(
    f"accuracy: fine-tuned 95% net {sparse95.accuracy(Xt, yt):.3f}, "
    f"noisy means pruned 95% {snr95.accuracy(Xt, yt):.3f}, "
    f"noisy net {trained[DIGITS_SEEDS[0]][0].accuracy(Xt, yt):.3f}"
)
print("check: every code beats the uniform code:",
      "yes" if all(v < uniform for k, v in lengths.items() if k != "uniform N log2 K")
      else "NO (not with these parameters)")
ratio = d0.total_bits / two_part[best_b].total_bits
print(f"bits back / best two-part code of the 95% fine-tuned net = {ratio:.2f}")
fig = plots.code_length_bars(
    lengths, uniform, title="Code lengths of the digits training labels (seed 0)"
)

# %% [markdown]
# Read the bars with the printed numbers. Every code here beats the uniform code (the printed check). The bits-back length is an *ideal* count: it needs the bits-back scheme (sampling the
# weights with bits of the message) and an arithmetic coder, while notebook 06's file is real bytes
# on disk. Notebook 06 also searched a whole grid of sparsities and precisions and found shorter
# two-part codes at higher sparsity than the single 95% network here; look at its output for that
# minimum. The two codes pay for different things: the bits-back code pays for *every* weight (most
# cost a small fraction of a bit each in the prior's spike), the two-part code pays for the mask. The noisy network's
# means, pruned by $|\mu|/\sigma$ and sent with the two-part code, show that the noisy training also
# finds a network that the ordinary code can send cheaply.
#
# ## Summary
#
# * **Bits back**: a weight sent as a random sample from $Q$, with the random bits recovered by the
#   receiver, costs $\mathrm{KL}(Q\,\|\,P)$; the simulation in section 1 reproduces the closed form.
#   Sloppy weights are cheap, precise weights are expensive.
# * **The paper's network**: expected squared error computed exactly (Gauss-Hermite moments), a
#   5-component prior learned with the weights, the weight cost raised 0.05 → 1.0. On a synthetic task
#   of the paper's shape (the peptide data are not public) MDL beats weight decay, which beats no
#   penalty, as in the paper's table; the absolute numbers differ for the reasons listed in section 3.
# * **The learned prior** turns into a spike at zero plus a wide slab: the network chooses which
#   weights to switch off.
# * **Digits**: pruning the noisy network by $|\mu|/\sigma$ to 90% without retraining costs less than
#   a percentage point; at the highest sparsities the two criteria part.
# * **Description length**: the noisy network's bits-back code is well below the uniform code and
#   comparable to the two-part code of notebook 06 for a 95%-sparse fine-tuned network (the ratio is
#   printed in section 5).

# %%
# NBVAL_IGNORE_OUTPUT
print(f"notebook ran in {time.perf_counter() - T0:.1f} s")
