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
# # 04 · Iterative pruning: schedules, semantics and lottery tickets
#
# [02 · One-shot pruning](02_one_shot_pruning.ipynb) cut a trained network once and did not retrain it; [03 · Fine-tuning](03_fine_tuning.ipynb) retrained the survivors after a single cut. This notebook cuts **gradually**, retraining between the cuts, and asks four questions:
#
# 1. Is pruning in steps better than pruning once, **at the same number of training epochs**? (Otherwise "iterative is better" may only mean "trained longer".)
# 2. Which **schedule** of steps: equal increments (linear), or the cubic schedule of [Zhu & Gupta (2017)](#references), which cuts hard early and gently at the end?
# 3. What does "prune 50%" mean when you do it twice? PyTorch and TensorFlow give **different masks** for the same words.
# 4. The **lottery ticket** of [Frankle & Carbin (2019)](#references): after pruning, do the surviving weights do better when reset to their *original initial values* than with fresh random ones?
#
# Every comparison runs on several networks (seeds) and shows the mean and the spread.
#
# **Learning objectives.** After this notebook you can
#
# - write the prune–fine-tune loop and the cubic schedule in a few lines of NumPy, and check them against the package;
# - compare one-shot and iterative pruning fairly: at the same training budget, with a control that separates "pruning in steps" from "restarting the learning rate";
# - say what "prune 50%" means in PyTorch and in TensorFlow, and convert a "fraction of the remaining weights" into a "fraction of all weights";
# - run a lottery-ticket experiment with its re-initialisation control, and say what information a winning ticket carries;
# - judge a difference between two methods against the spread over seeds.
#
# **Prerequisites.** Notebooks 02 (magnitude pruning, masks, global vs layer-wise scope) and 03 (fine-tuning, with the gradient and the momentum masked). Maths: powers and roots — if $(1-a)^n = 1-s$ then $a = 1-(1-s)^{1/n}$ — and a cubic polynomial. Python: functions, loops, dicts; NumPy: `np.arange` and arithmetic on arrays.
#
# **Run time:** about 13 s on a 2-core machine, kernel start and imports included (measured with nothing else running; a busy machine takes longer). **Reading time:** about 25 minutes, plus 30 to 45 minutes for the four exercises.
#
# **Papers:** [Han et al. (2015)](#references) (prune, retrain, repeat), [Zhu & Gupta (2017)](#references) (the cubic schedule), [Loshchilov & Hutter (2017)](#references) (the cosine learning rate and its restarts), [Frankle & Carbin (2019)](#references) (lottery tickets).

# %%
# Setup: in Colab, install the package first; elsewhere this cell does nothing.
import sys
if "google.colab" in sys.modules:
    # %pip install --quiet "mdl_prune @ git+https://github.com/mdl-prune/mdl_prune.git"

# %% [markdown]
# **Parameters.** Change them and run the notebook again from the top (*Run → Run All Cells*).

# %% tags=["parameters"]
N_SEEDS = 5            # networks per experiment (integer >= 1)
HIDDEN = 64            # hidden units (integer >= 1)
EPOCHS = 40            # training epochs of the dense networks (integer >= 1)
SPLIT_SEED = 0         # train/test split of the digits, the same for every network (integer >= 0)
TARGETS = [0.9, 0.95]  # final sparsities of the one-shot vs iterative comparison (each in [0, 1])
BUDGET = 40            # fine-tuning epochs after the dense training, the same for every method
N_STEPS = 10           # pruning steps of the iterative schedules (integer >= 1); they share BUDGET
LR = 0.05              # peak learning rate of each fine-tuning run (> 0), cosine-decayed within it
LOTTERY_AMOUNT = 0.6   # fraction of the remaining weights pruned per lottery round (in (0, 1))
LOTTERY_ROUNDS = 3     # lottery rounds, one sparsity level each (integer >= 1)
LOTTERY_EPOCHS = 20    # training epochs of each lottery round, ticket and control alike
N_EXERCISE_SEEDS = 2   # networks in the exercises' own runs (integer >= 1, at most N_SEEDS)
EXERCISE_EPOCHS = 5    # training epochs of each lottery round in Exercise 04.3 (integer >= 1)

# %%
import numpy as np

from mdl_prune import data, exercises, experiments, network, plots, prune, train

# %% [markdown]
# ## 1. The dense networks
#
# As in notebooks 02 and 03: `N_SEEDS` networks with different initial weights and minibatch orders (a *seed* fixes the random numbers of one network), trained for `EPOCHS` epochs (passes over the training set) on one split of the digits. Every method below starts from these same trained networks. *Sparsity* is the fraction of the weights pruned (biases are not counted); a *mask* says which weights are kept.

# %%
digits = data.load_digits(seed=SPLIT_SEED)
X, y, X_test, y_test = digits.X_train, digits.y_train, digits.X_test, digits.y_test
seeds = list(range(N_SEEDS))
initial = {s: network.TwoLayerNet.create(digits.n_features, HIDDEN, digits.n_classes, seed=s)
           for s in seeds}
dense = {s: train.fit(initial[s], X, y, epochs=EPOCHS, seed=s)[0] for s in seeds}
dense_acc = experiments.summarize([dense[s].accuracy(X_test, y_test) for s in seeds], seeds)
n_weights = dense[0].count_parameters().weights_total
print(f"{n_weights} prunable weights; dense test accuracy: mean {float(dense_acc.mean):.2%}, "
      f"min {float(dense_acc.low):.1%}, max {float(dense_acc.high):.1%}")

# %% [markdown]
# ## 2. Two schedules
#
# A *schedule* says which sparsity to reach after each of $n$ pruning steps, as a fraction of *all* weights:
#
# - **Linear**: $s_t = s_f \cdot t / n$, equal increments, from nothing pruned to the final sparsity $s_f$.
# - **Cubic** ([Zhu & Gupta 2017](#references)): $s_t = s_f + (s_i - s_f)\,(1 - t/n)^3$ for $t = 1, \dots, n$, with the initial sparsity $s_i = 0$ here. Early on, while many weights are redundant, it cuts fast; near the end, where every remaining weight matters, it slows down, leaving the network time to adapt to each small cut.
#
# The cubic schedule is one line of NumPy. Written out, and checked against the package's `prune.cubic_schedule`:

# %%
def cubic_schedule(final_sparsity, n_steps, initial_sparsity=0.0):
    """Zhu & Gupta's schedule: the sparsity to reach after each step t = 1, ..., n."""
    t = np.arange(1, n_steps + 1)
    return final_sparsity + (initial_sparsity - final_sparsity) * (1 - t / n_steps) ** 3


s_f = TARGETS[-1]                   # the final sparsity s_f of the examples below
mine = cubic_schedule(s_f, N_STEPS)
print(f"cubic schedule to {s_f:.0%} in {N_STEPS} steps:", np.round(mine, 3))
print("same as prune.cubic_schedule:",
      "yes" if np.array_equal(mine, prune.cubic_schedule(s_f, N_STEPS)) else "NO")

# %% [markdown]
# Both schedules end exactly at $s_f$. The difference that matters is the **last steps**: the table gives, for each step, the sparsity reached and the fraction of the *remaining* weights that the step removes, $(s_t - s_{t-1}) / (1 - s_{t-1})$.

# %%
schedules = {"linear": prune.linear_schedule(s_f, N_STEPS),
             "cubic": prune.cubic_schedule(s_f, N_STEPS)}
print(f"{'step':>4} |" + "".join(f"{name + ' sparsity':>17} {'of remaining':>13} |"
                                 for name in schedules))
previous = {name: 0.0 for name in schedules}
for t in range(N_STEPS):
    row = f"{t + 1:>4} |"
    for name, sched in schedules.items():
        of_remaining = (sched[t] - previous[name]) / (1 - previous[name])
        row += f"{sched[t]:>17.1%} {of_remaining:>13.1%} |"
        previous[name] = sched[t]
    print(row)
fig = plots.schedule_plot({f"{name} to {s_f:.0%}": s for name, s in schedules.items()},
                          title=f"Sparsity to reach after each of {N_STEPS} pruning steps")

# %% [markdown]
# The linear schedule's last step removes a large share of the weights that are left, the ones that survived every earlier cut because they matter most; the cubic schedule's last step removes only a sliver.
#
# ## 3. One-shot against iterative, at the same training budget
#
# Every method starts from the same trained dense networks and gets the same `BUDGET` epochs of *fine-tuning*: training the surviving weights while the pruned ones stay at zero (notebook 03). Pruning is by magnitude (the weights of smallest $|w|$ go) with one threshold for all layers (*global* scope).
#
# - **one-shot**: prune to the final sparsity at once, then fine-tune for all `BUDGET` epochs;
# - **linear** and **cubic**: `N_STEPS` steps, each followed by its share of the budget (`prune.split_budget`).
#
# One more difference hides in "its share". Each fine-tuning run (one call of `train.fit`) has its own **cosine learning rate** ([Loshchilov & Hutter 2017](#references)): the step size starts at `LR` and falls along half a cosine to zero at the end of the run, and the momentum starts from zero. So one-shot gets one long cosine over 40 epochs, while an iterative run *restarts* it 10 times, 4 epochs each. Restarts alone could help (a high learning rate again after each cut) or hurt (no long phase at a low learning rate). To tell the two effects apart, a fourth method:
#
# - **one-shot with restarts**: prune to the final sparsity at once, then fine-tune in `N_STEPS` runs of the same lengths as the iterative ones — the same restarts, no further cuts.
#
# To keep the notebook fast, the linear schedule runs at the last final sparsity only.
#
# ### The loop, written out
#
# Iterative pruning ([Han et al. 2015](#references)) is a short loop: prune to the next sparsity of the schedule, fine-tune, repeat. Masks only shrink — a weight pruned at one step is zero, so it is among the smallest at every later step and stays pruned. The package's `prune.iterative_prune` is this loop, plus bookkeeping (the accuracy after each cut and after each fine-tuning). Written out, and checked on seed 0 with the full schedule but one epoch per step, to keep the check cheap:

# %%
def iterative_prune(net, sparsities, epochs, seed):
    """Prune to each sparsity in turn (magnitude, global); retrain the survivors after each cut."""
    rng = np.random.default_rng(seed)      # one random stream for every run's minibatch order
    for sparsity, n_epochs in zip(sparsities, epochs):
        net = prune.magnitude_prune(net, sparsity)                        # cut ...
        net, _ = train.fit(net, X, y, epochs=n_epochs, lr=LR, seed=rng)   # ... and retrain
    return net


plan, one_epoch = prune.cubic_schedule(s_f, N_STEPS), [1] * N_STEPS
mine = iterative_prune(dense[0], plan, one_epoch, seed=0)
package, _ = prune.iterative_prune(dense[0], X, y, plan, epochs_per_step=one_epoch, seed=0,
                                   fit_kwargs={"lr": LR})
same_masks = np.array_equal(mine.mask1, package.mask1) and np.array_equal(mine.mask2, package.mask2)
same_weights = all(np.array_equal(getattr(mine, k), getattr(package, k))
                   for k in ("W1", "b1", "W2", "b2"))
print("same masks as prune.iterative_prune:", "yes" if same_masks else "NO")
print("same weights as prune.iterative_prune:", "yes" if same_weights else "NO")

# %% [markdown]
# **Exercise 04.1** *(predict, then run)* Before you run the next cell: at 90% sparsity, rank **one-shot**, **one-shot with restarts** and **cubic** by their mean test accuracy after fine-tuning, best first. How many percentage points below the dense networks do you expect the best of them to end? Write your guess in the cell below, then run the cells that follow.

# %%
# Your guess, best first, e.g. ["one-shot", "cubic", "one-shot with restarts"], and the loss
# in percentage points of the best one.
my_guess = ...

# %%
steps = prune.split_budget(BUDGET, N_STEPS)
methods = {
    "one-shot": lambda s: ([s], [BUDGET]),
    "one-shot with restarts": lambda s: ([s] * N_STEPS, steps),
    "linear": lambda s: (prune.linear_schedule(s, N_STEPS), steps),
    "cubic": lambda s: (prune.cubic_schedule(s, N_STEPS), steps),
}


def compare(seed):
    """Final test accuracy of each method at each final sparsity; the path at the last one."""
    out = {}
    for s in TARGETS:
        for name, plan in methods.items():
            if name == "linear" and s != TARGETS[-1]:
                continue                              # linear at the last one only, to save time
            sparsities, epochs = plan(s)
            _, run = prune.iterative_prune(dense[seed], X, y, sparsities, epochs_per_step=epochs,
                                           X_test=X_test, y_test=y_test, seed=seed,
                                           fit_kwargs={"lr": LR})
            assert run.total_epochs == BUDGET         # the same budget for every method
            out[(s, name)] = run.accuracy_tuned[-1]
            if s == TARGETS[-1] and name in ("linear", "cubic"):
                out[("path", name)] = run.accuracy_tuned
                out[("cut", name)] = run.accuracy_pruned
    return out


results = experiments.over_seeds(compare, seeds)
print(f"fine-tuning epochs: one-shot {BUDGET} in one run; the others {list(steps)} "
      f"(total {sum(steps)})")
print(f"{'sparsity':>8} {'method':>22} | {'test accuracy':>13} | "
      f"{'change vs dense, percentage points':>34} | {'worst seed':>10}")
print(f"{'':>8} {'':>22} | {'mean':>13} | {'mean ± std':>34} | {'':>10}")
change = {}
for s in TARGETS:
    for name in methods:
        if (s, name) not in results:
            continue
        r = results[(s, name)]
        change[(s, name)] = experiments.summarize(100 * (r.values - dense_acc.values), seeds)
        c = change[(s, name)]
        print(f"{s:>8.0%} {name:>22} | {float(r.mean):>13.2%} | "
              f"{float(c.mean):>+27.2f} ± {float(c.std):4.2f} | {float(c.low):>+10.2f}")

# %% [markdown]
# How close do the cubic schedule's networks stay to the dense ones, and which comparisons hold on this run (each printed as yes or NO, so that the text below can rely on it):

# %%
def gain_or_loss(points):
    """A change of accuracy in words: 'gain of 0.04 percentage points' or 'loss of ...'."""
    return f"{'gain' if points >= 0 else 'loss'} of {abs(points):.2f} percentage points"


for s in TARGETS:
    c = change[(s, "cubic")]
    kept = n_weights - prune.n_to_prune(s, n_weights)
    print(f"{s:.0%} removed ({kept} of {n_weights} weights left), cubic: "
          f"{gain_or_loss(float(c.mean))} against the dense networks "
          f"(std {float(c.std):.2f}; worst seed: {gain_or_loss(float(c.low))})")


def mean(s, name):
    return float(results[(s, name)].mean)


claims = {
    "cubic ahead of one-shot at every final sparsity":
        all(mean(s, "cubic") > mean(s, "one-shot") for s in TARGETS),
    "cubic ahead of one-shot with restarts at every final sparsity":
        all(mean(s, "cubic") > mean(s, "one-shot with restarts") for s in TARGETS),
    "restarts alone give less than half of cubic's lead over one-shot, at every final sparsity":
        all(mean(s, "one-shot with restarts") - mean(s, "one-shot")
            < (mean(s, "cubic") - mean(s, "one-shot")) / 2 for s in TARGETS),
    "cubic ahead of linear at the last final sparsity":
        mean(TARGETS[-1], "cubic") > mean(TARGETS[-1], "linear"),
}
for claim, holds in claims.items():
    print(f"{'yes' if holds else 'NO'}: {claim}")

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# At 90%, cubic first (97.73%), then one-shot with restarts (96.22%), then one-shot (95.87%). The best ends *above* the dense networks on average: a gain of 0.04 percentage points, well inside the spread over seeds (std 0.67), so "no measurable loss" is the honest reading. The restarts alone move one-shot from 1.82 to 1.47 percentage points below the dense networks: a little of the difference, not most of it. What makes the cubic schedule better is pruning in steps with retraining in between, not the repeated high learning rate. If you expected one-shot to do as well — given the same number of epochs, why not? — look at the dips in the figure below: a big cut removes at once weights the network relied on, while ten smaller cuts let the survivors take over their work a little at a time.
#
# </details>

# %%
fig = plots.summary_bars({f"{s:.0%} {name}": results[(s, name)] for s in TARGETS for name in methods
                          if (s, name) in results},
                         baseline=dense_acc, ylim=(0.9, 1.0),
                         title=f"Test accuracy after pruning and {BUDGET} epochs of fine-tuning")

# %% [markdown]
# How the accuracy moves along the way, at the last final sparsity: after every cut (the dips) and after the fine-tuning that follows it. The x-axis is the sparsity reached at each step, from 70% of the final sparsity on, where the action is (the earlier cuts change nothing visible).

# %%
paths = {}
for name in ("linear", "cubic"):
    x = prune.SCHEDULES[name](s_f, N_STEPS)
    late = x >= 0.7 * s_f
    for key, label in (("cut", "right after each cut"), ("path", "after fine-tuning")):
        per_seed = results[(key, name)].values[:, late]
        paths[f"{name}: {label}"] = (x[late], experiments.summarize(per_seed, seeds))
fig = plots.accuracy_vs_sparsity(paths, baseline=dense_acc, ylim=(0.75, 1.0),
                                 title=f"Iterative pruning to {s_f:.0%}: accuracy along the way")
legend = plots.style.legend_outside(fig.axes[0], fontsize=plots.style.SMALL_FONT)

# %% [markdown]
# What this shows:
#
# - **Iterative pruning beats one-shot at the same budget, and not because of the restarts.** Same starting networks, same number of fine-tuning epochs: the cubic schedule ends higher than one-shot at every final sparsity, and higher than one-shot with the same learning-rate restarts (both checked above). The restarts alone win back less than half of the difference. Cutting a little at a time lets the remaining weights take over the work of the deleted ones before the next cut.
# - **The schedule matters as much as iterating.** The linear schedule's big last step removes the weights that matter most, with little budget left to recover: it ends below the cubic schedule (checked above), and its last cut is the deep dip in the figure. The cubic schedule front-loads the cuts while the network is still very redundant, and its late cuts are small.
# - The spread over seeds is printed with every table and drawn in every figure. A difference between methods means something only where it is larger than that spread.
#
# ## 4. "Prune 50%", twice: two libraries, two meanings
#
# Apply "prune 50% of the weights" twice to the same network. The words are the same; the result is not:
#
# - **PyTorch** (`torch.nn.utils.prune`): the amount is a fraction of the weights **still remaining**. The first call prunes half; the second prunes half of the rest, so three quarters are gone. Repeating a step compounds.
# - **TensorFlow** (Model Optimization's schedules): the sparsity is a fraction of **all** the weights, a level to reach. The second call asks for 50% again, which is already there: nothing changes.
#
# The package offers both, explicitly: `prune.prune_step(net, amount, semantics="remaining")` and `semantics="total"` (which is also what `prune.magnitude_prune` means). `prune.remaining_to_total` converts a sequence of "fraction of the remaining" amounts into the total sparsity after each step, with the exact rounding of each step to whole weights.

# %%
print(f"{'calls of 50%':>12} {'PyTorch: of remaining':>22} {'TensorFlow: of all':>19}")
remaining_sem = prune.remaining_to_total([0.5] * 4, n_weights)
for k in range(4):
    print(f"{k + 1:>12} {remaining_sem[k]:>22.2%} {0.5:>19.2%}")

net = dense[0]
torch_like, tf_like = net, net
for _ in range(2):
    torch_like = prune.prune_step(torch_like, 0.5, semantics="remaining")
    tf_like = prune.prune_step(tf_like, 0.5, semantics="total")
differ = int(np.sum(torch_like.mask1 != tf_like.mask1) + np.sum(torch_like.mask2 != tf_like.mask2))
print(f"after two calls on seed 0: PyTorch-style keeps {torch_like.count_parameters().weights_kept}"
      f" weights, TensorFlow-style keeps {tf_like.count_parameters().weights_kept}; "
      f"the masks differ in {differ} entries")
print(f"test accuracy without retraining: PyTorch-style {torch_like.accuracy(X_test, y_test):.1%}, "
      f"TensorFlow-style {tf_like.accuracy(X_test, y_test):.1%}")

# %% [markdown]
# The same question, turned around: how do you reach a final sparsity $s_f$ in $n$ steps in each library? In TensorFlow you give the schedule's sparsities directly. In PyTorch you prune a constant fraction $a$ of the remaining weights each time, with $(1-a)^n = 1 - s_f$, so $a = 1 - (1 - s_f)^{1/n}$. That is a third shape, **geometric**: every step removes the same share of the remaining weights. By the measure of section 2 — the share of the remaining weights a step removes — it is neither front-loaded nor back-loaded: its last step removes about as large a share as its first, far more than the cubic schedule's last step and far less than the linear one's (the shares printed below). Counted in weights of the whole network, though, it removes most of them early, as the cubic schedule does (the figure). Because each step rounds to whole weights on its own, it need not land on exactly $\mathrm{round}(s_f \cdot n_w)$ pruned weights:

# %%
a = 1 - (1 - s_f) ** (1 / N_STEPS)
geometric = prune.remaining_to_total([a] * N_STEPS, n_weights)
print(f"PyTorch-style: prune {a:.2%} of the remaining weights, {N_STEPS} times")
print(f"pruned after the last step: {round(geometric[-1] * n_weights)} weights; "
      f"asking for {s_f:.0%} of all weights in one call prunes "
      f"{prune.n_to_prune(s_f, n_weights)}")


def share_of_remaining(sparsities):
    """The fraction of the weights still there that each step removes."""
    before = np.concatenate([[0.0], sparsities[:-1]])
    removed = sparsities - before
    return np.divide(removed, 1 - before, out=np.zeros_like(removed), where=before < 1)


print(f"share of the remaining weights removed: {'first step':>10} {'last step':>10}")
for name, sched in {**schedules, "geometric": geometric}.items():
    shares = share_of_remaining(sched)
    print(f"{name:>38}: {shares[0]:>10.1%} {shares[-1]:>10.1%}")
fig = plots.schedule_plot({**{f"{name} (TensorFlow-style sparsities)": s
                              for name, s in schedules.items()},
                           f"{a:.1%} of the remaining each step (PyTorch-style)": geometric},
                          title=f"Three ways to reach {s_f:.0%} in {N_STEPS} steps")

# %% [markdown]
# Neither library is wrong; they answer different questions. The trap is carrying a number from one to the other: "50% per step, four steps" is 93.75% sparsity in PyTorch (the table above) and 50% in TensorFlow. In this package the meaning is always spelled out by `semantics`, and `iterative_prune` accepts either.

# %% [markdown]
# **Exercise 04.2** *(code)* The package has no geometric schedule. Write one: `geometric_schedule(final_sparsity, n_steps)` returns the sparsity (fraction of all weights) after each step $t = 1, \dots, n$ when every step prunes the same fraction $a$ of the remaining weights and step $n$ reaches `final_sparsity`. Use exact fractions (no rounding to whole weights), like `prune.cubic_schedule`. Hint: after $t$ steps a fraction $(1-a)^t$ of the weights is left. The checker tries a few cases and tells you what to look at. Then run the training cell further down: where do you expect the geometric schedule to end, compared with linear and cubic?

# %%
def geometric_schedule(final_sparsity, n_steps):
    """Sparsity after steps 1, ..., n when each step prunes the same fraction of what is left."""
    ...  # your code here


passed = exercises.ch04.check_geometric_schedule(geometric_schedule)

# %% tags=["solution"] jupyter={"source_hidden": true}
def geometric_schedule_solution(final_sparsity, n_steps):
    """Sparsity after steps 1, ..., n when each step prunes the same fraction of what is left."""
    t = np.arange(1, n_steps + 1)
    return 1 - (1 - final_sparsity) ** (t / n_steps)       # = 1 - (1 - a)**t


assert exercises.ch04.check_geometric_schedule(geometric_schedule_solution)

# %% [markdown]
# The geometric schedule in training, PyTorch-style (`semantics="remaining"`, the same fraction $a$ at every step), with the same budget and restarts as the cubic and linear runs of section 3, on the first `N_EXERCISE_SEEDS` networks (few, to keep the notebook fast: read the result against the spread, and set `N_EXERCISE_SEEDS = N_SEEDS` for the full comparison):

# %%
if not (isinstance(N_EXERCISE_SEEDS, int) and N_EXERCISE_SEEDS >= 1):
    raise ValueError(f"N_EXERCISE_SEEDS must be an integer >= 1, got {N_EXERCISE_SEEDS!r}")
ex_seeds = seeds[:N_EXERCISE_SEEDS]                # the first networks, at most N_SEEDS of them


def geometric_run(seed):
    _, run = prune.iterative_prune(dense[seed], X, y, [a] * N_STEPS, semantics="remaining",
                                   epochs_per_step=steps, X_test=X_test, y_test=y_test,
                                   seed=seed, fit_kwargs={"lr": LR})
    return run.accuracy_tuned[-1]


k = len(ex_seeds)
on_ex_seeds = {"linear": experiments.summarize(results[(s_f, "linear")].values[:k], ex_seeds),
               "geometric": experiments.over_seeds(geometric_run, ex_seeds),
               "cubic": experiments.summarize(results[(s_f, "cubic")].values[:k], ex_seeds)}
print(f"to {s_f:.0%} in {N_STEPS} steps, seeds {ex_seeds}:")
for name, r in on_ex_seeds.items():
    print(f"{name:>10}: test accuracy mean {float(r.mean):.2%} "
          f"(min {float(r.low):.2%}, max {float(r.high):.2%})")
geo, cub, lin = (on_ex_seeds[name] for name in ("geometric", "cubic", "linear"))
spread = max(float(geo.high - geo.low), float(cub.high - cub.low))
print(f"{'yes' if geo.mean > lin.mean else 'NO'}: geometric ahead of linear on these seeds")
print(f"{'yes' if abs(float(geo.mean - cub.mean)) < spread else 'NO'}: geometric and cubic "
      "closer to each other than the spread between seeds")

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# The formula: $s_t = 1 - (1 - s_f)^{t/n}$, which is $1 - (1 - a)^t$ with $a = 1 - (1 - s_f)^{1/n}$; the shares printed in section 4 show its defining property, the same share of the remaining weights at every step (25.9% at the first, 26.0% at the last: each step rounds to whole weights). In training it ends clearly above the linear schedule and level with the cubic one on these two seeds (96.67% against 96.56%), a difference smaller than the spread between the seeds (both checked above). Two seeds cannot order geometric and cubic: set `N_EXERCISE_SEEDS = N_SEEDS` (the exercises then take about two seconds longer) and see whether the order holds over five. The lesson is where the linear schedule goes wrong — its last cut removes 65.5% of what is left, the weights that matter most — and that both other shapes avoid it: by the time either reaches its late steps, few weights are cut per step.
#
# </details>

# %% [markdown]
# ## 5. Lottery tickets and their control
#
# [Frankle & Carbin (2019)](#references) proposed that a trained-and-pruned network's survivors do well *because of their initial values*: the dense network at initialisation contains a sparse "winning ticket". The experiment (`prune.lottery_ticket`):
#
# 1. train the dense network from its initial weights $W_0$ (round 0; here the networks of section 1);
# 2. prune `LOTTERY_AMOUNT` of the remaining weights by magnitude;
# 3. **rewind** the survivors to their values in $W_0$ (`prune.rewind`, exactly, bit for bit) and train again for `LOTTERY_EPOCHS` epochs (half the dense training, to keep the notebook fast);
# 4. repeat from 2, one sparsity level per round.
#
# Here each round prunes 60% of the remaining weights with one threshold for all layers (global), so that three rounds get to a high sparsity quickly. Frankle & Carbin pruned **20% per round, layer by layer** (each layer loses the same fraction; the output layer 10%), which needs a dozen rounds to get as sparse; Exercise 04.3 runs their setting.
#
# The **control** keeps each round's mask but draws *fresh* random initial values from the same distribution (`prune.reinitialize`), and trains them the same way with the same minibatch order. If the initial values carry no information, the two should do equally well.

# %%
def lottery(seed):
    rounds = prune.lottery_ticket(initial[seed], X, y, amount=LOTTERY_AMOUNT,
                                  n_rounds=LOTTERY_ROUNDS, epochs=LOTTERY_EPOCHS,
                                  X_test=X_test, y_test=y_test, seed=seed,
                                  control_seed=1000 + seed, trained=dense[seed])
    later = rounds[1:]
    return {"sparsity": [r.sparsity for r in later],
            "ticket": [r.accuracy for r in later],
            "control": [r.control_accuracy for r in later]}


tickets = experiments.over_seeds(lottery, seeds)
levels = tickets["sparsity"].mean
assert np.allclose(tickets["sparsity"].values, levels)      # the same exact counts for every seed
gap = experiments.summarize(100 * (tickets["ticket"].values - tickets["control"].values), seeds)
print(f"{'sparsity':>8} | {'ticket (rewound)':>16} | {'control (re-init)':>17} | "
      f"{'ticket - control, percentage points':>35} | {'seeds ticket ahead':>18}")
for i, level in enumerate(levels):
    ahead = int(np.sum(tickets["ticket"].values[:, i] > tickets["control"].values[:, i]))
    print(f"{level:>8.1%} | {tickets['ticket'].mean[i]:>16.2%} | "
          f"{tickets['control'].mean[i]:>17.2%} | "
          f"{gap.mean[i]:>+28.2f} ± {gap.std[i]:4.2f} | {ahead:>13d} of {N_SEEDS}")
fig = plots.accuracy_vs_sparsity(
    {"ticket: rewound to initial values": (levels, tickets["ticket"]),
     "control: same mask, fresh values": (levels, tickets["control"])},
    baseline=dense_acc, ylim=(0.9, 1.0), title="Lottery tickets against random re-initialisation")
legend = plots.style.legend_outside(fig.axes[0], fontsize=plots.style.SMALL_FONT)

# %%
# The claim of the text below, checked on this run:
holds = gap.mean[-1] > 0 and gap.mean[-1] == gap.mean.max()
print(f"{'yes' if holds else 'NO'}: tickets ahead of their controls on average at the highest "
      "sparsity, where the gap is largest")

# %% [markdown]
# At the lowest sparsity (60.0%) the ticket and its control are about equally good (+0.04 ± 0.81 percentage points, the ticket ahead on 1 of 5 seeds) and close to the dense networks: with many weights still there, any reasonable initialisation trains well. As the mask gets sparser, the tickets stay closer to the dense accuracy than the same masks with fresh values, and the gap is largest at the highest sparsity: +1.96 percentage points at 93.6%, the ticket ahead on 5 of 5 seeds (checked above).
#
# So the initial values matter, but not on their own: $W_0$ is a random draw that has seen no data. The information from the dense training is in the **mask**, computed from weights that grew out of $W_0$: it marks which of *these* initial values training made large, and it pays off only together with them (Exercise 04.4 takes this further). Two cautions: the gap is small on a network this size (compare it with the spread, and count the seeds where the ticket is ahead), and later work by [Frankle et al. (2020)](#references) found that for large networks rewinding to an early point of *training* works where rewinding to initialisation does not.

# %% [markdown]
# **Exercise 04.3** *(predict, then run)* Run the experiment as Frankle & Carbin did: 20% of each layer per round (here the output layer too; they pruned it at 10%). Eight such rounds reach 83.2%, close to the 84% that two rounds of 60% reach. Predict: at that sparsity, does the ticket found in eight gentle rounds beat the one found in two big ones? And is its lead over its own control larger or smaller? To keep the notebook fast, the cell below trains only `EXERCISE_EPOCHS` epochs per round on `N_EXERCISE_SEEDS` networks, for both settings: compare its two rows with each other, not with the table above. (Set `EXERCISE_EPOCHS = LOTTERY_EPOCHS` and `N_EXERCISE_SEEDS = N_SEEDS` for the full run: more than three times as many epochs as the whole of section 5, about 8 s more.)

# %%
# Your guess: does the 20%-per-round ticket win, and is its lead over its control larger or smaller?
my_guess = ...

# %%
lottery_settings = {"20% per round, layer-wise": {"amount": 0.2, "n_rounds": 8, "scope": "layer"},
                    "60% per round, global": {"amount": 0.6, "n_rounds": 2, "scope": "global"}}


def lottery_last_round(seed):
    """Sparsity, ticket and control accuracy after the last round of each setting."""
    out = {"sparsity": [], "ticket": [], "control": []}
    for setting in lottery_settings.values():
        last = prune.lottery_ticket(initial[seed], X, y, **setting, epochs=EXERCISE_EPOCHS,
                                    X_test=X_test, y_test=y_test, seed=seed,
                                    control_seed=1000 + seed, trained=dense[seed])[-1]
        out["sparsity"].append(last.sparsity)
        out["ticket"].append(last.accuracy)
        out["control"].append(last.control_accuracy)
    return out


settings_run = experiments.over_seeds(lottery_last_round, ex_seeds)
lead = experiments.summarize(100 * (settings_run["ticket"].values
                                    - settings_run["control"].values), ex_seeds)
print(f"{EXERCISE_EPOCHS} epochs per round, seeds {ex_seeds}")
print(f"{'setting':>26} | {'sparsity':>8} | {'ticket':>7} | {'control':>7} | "
      f"{'ticket - control, percentage points':>35}")
for i, name in enumerate(lottery_settings):
    print(f"{name:>26} | {settings_run['sparsity'].mean[i]:>8.1%} | "
          f"{settings_run['ticket'].mean[i]:>7.2%} | {settings_run['control'].mean[i]:>7.2%} | "
          f"{lead.mean[i]:>+28.2f} ± {lead.std[i]:4.2f}")
better = settings_run["ticket"].mean[0] > settings_run["ticket"].mean[1]
larger = lead.mean[0] > lead.mean[1]
print(f"{'yes' if better else 'NO'}: the 20%-per-round ticket is ahead of the 60%-per-round one")
print(f"{'yes' if larger else 'NO'}: its lead over its control is the larger of the two")

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# On these two seeds the ticket found in eight rounds of 20% per layer is ahead of the one found in two rounds of 60%: 96.11% against 95.22%, at about the same sparsity (83.2% and 84.0%). Its lead over its own control, though, is *not* larger: +2.00 against +2.56 percentage points (with a spread of 2.67 for the latter, so neither lead is well measured). Look at the controls: the layer-wise mask with fresh values also trains better (94.11% against 92.67%). The two settings differ in two ways at once — the size of the steps and the scope — and part of what the gentle setting gains is the shape of its mask (every layer keeps the same fraction), which helps fresh values as much as rewound ones. To separate the two, add `"20% per round, global": {"amount": 0.2, "n_rounds": 8, "scope": "global"}` to `lottery_settings` and run again. And remember the cheap settings: 5 epochs per round and two seeds are enough to see large effects, not to measure small ones.
#
# </details>

# %% [markdown]
# **Exercise 04.4** *(discuss)* What information does a winning ticket carry: the mask, the initial values $W_0$, or something else? Use the control of section 5 and your run of Exercise 04.3. What experiment would tell you whether the *signs* of $W_0$ are enough?

# %% [markdown] tags=["solution"]
# <details><summary>Solution</summary>
#
# A ticket is a pair: a mask and the initial values $W_0$ under it. Neither carries the result alone. $W_0$ by itself is a random draw that has seen no data. The mask by itself is not enough either: the control — the same mask with fresh random values — falls behind at high sparsity. The information from training is in the **mask**: it was computed from the trained weights, which grew out of $W_0$, so it records which of *these particular* initial weights training made large. That record refers to $W_0$: paired with $W_0$ it picks the weights that were going to matter; paired with fresh values it picks weights that were never going to. [Zhou et al. (2019)](#references) found that keeping only the *signs* of $W_0$ under the mask, with other magnitudes, is enough for the re-initialised network to train well. To test that here, build a third network per round, `ticket.replace(W1=np.sign(ticket.W1) * np.abs(fresh.W1), W2=...)` from a `prune.reinitialize(ticket, seed)` network `fresh`, and train it like the ticket. A caution from [Frankle et al. (2020)](#references): in large networks, rewinding to $W_0$ does not find tickets that reach full accuracy, while rewinding to an early point of *training* does, so "the initial values matter" is a statement about small networks like this one.
#
# </details>

# %% [markdown]
# ## Summary
#
# - At the **same training budget**, pruning in steps with fine-tuning in between beats pruning once, and the learning-rate restarts that come with the steps explain only a small part of it. The **cubic schedule** beats the linear one, whose big final cut removes the weights that matter most.
# - With the cubic schedule, the digits network (64 hidden units, mean over 5 seeds) loses nothing measurable at 90% sparsity and a little over one percentage point at 95%: the numbers and their spread are printed in section 3.
# - "Prune 50%" means a fraction of the **remaining** weights in PyTorch and a fraction of **all** weights in TensorFlow; the masks differ as soon as you prune twice. The package makes the choice explicit (`semantics=`). A constant fraction of the remaining weights is the geometric schedule.
# - **Lottery tickets**: survivors rewound to their initial values train to a higher accuracy than the same mask with fresh random values at the highest sparsity, a gap to read against the spread over seeds. The information is in the mask, and it refers to the initial values it was found with.
#
# **Next:** [05 · Sparsity visualizations](05_sparsity_visualizations.ipynb) looks at what the pruned networks have kept: which pixels, which hidden units, which layers.

# %% [markdown]
# <a id="references"></a>
# ## References
#
# - Frankle, J., & Carbin, M. (2019). The lottery ticket hypothesis: Finding sparse, trainable neural networks. *International Conference on Learning Representations (ICLR)*. [arXiv:1803.03635](https://arxiv.org/abs/1803.03635)
# - Frankle, J., Dziugaite, G. K., Roy, D. M., & Carbin, M. (2020). Linear mode connectivity and the lottery ticket hypothesis. *International Conference on Machine Learning (ICML)*. [arXiv:1912.05671](https://arxiv.org/abs/1912.05671)
# - Han, S., Pool, J., Tran, J., & Dally, W. J. (2015). Learning both weights and connections for efficient neural networks. *Advances in Neural Information Processing Systems 28 (NIPS)*. [arXiv:1506.02626](https://arxiv.org/abs/1506.02626)
# - Loshchilov, I., & Hutter, F. (2017). SGDR: Stochastic gradient descent with warm restarts. *International Conference on Learning Representations (ICLR)*. [arXiv:1608.03983](https://arxiv.org/abs/1608.03983)
# - Zhou, H., Lan, J., Liu, R., & Yosinski, J. (2019). Deconstructing lottery tickets: Zeros, signs, and the supermask. *Advances in Neural Information Processing Systems 32 (NeurIPS)*. [arXiv:1905.01067](https://arxiv.org/abs/1905.01067)
# - Zhu, M., & Gupta, S. (2017). To prune, or not to prune: Exploring the efficacy of pruning for model compression. *arXiv preprint*. [arXiv:1710.01878](https://arxiv.org/abs/1710.01878)
