"""Benchmarks of mdl_prune, printed side by side in one run.

    .venv/bin/python benchmarks/run.py              # everything (a few minutes)
    .venv/bin/python benchmarks/run.py --quick      # fewer runs, no notebooks

1. ``train.fit`` on the digits against an equivalent PyTorch CPU loop: same
   data, initial weights, minibatch order, epochs, batch size, SGD with
   momentum, weight decay on the weights, cosine learning rate, per-epoch
   evaluation, float64, one thread each (NumPy's BLAS limited to 1 thread,
   ``torch.set_num_threads(1)``): at batch 32 the matrices are too small for
   threads to help, and on a loaded machine PyTorch's spinning OpenMP threads
   can make a 2-thread run ten times slower or worse, which would flatter NumPy.
   PyTorch is optional: when ``import torch`` fails, that line says
   "skipped: torch not installed".
2. ``predict`` of a 64-1024-10 network against the same network with 75% of
   its hidden units removed (``prune.prune_neurons``), batch 20,000; the ideal
   speed-up is 4x. For contrast, 75% of single weights removed, through SciPy CSR.
3. The wall time each notebook in ``notebooks/`` takes to execute in a fresh
   kernel (nbclient), one run each.

Ratios are medians over several interleaved runs; the load average is printed
because on a shared machine the neighbours are part of every timing.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info

from mdl_prune import data, network, prune, speed, train

ROOT = pathlib.Path(__file__).resolve().parent.parent


def blas_threads() -> int:
    """Threads NumPy's BLAS uses (what PyTorch is given too)."""
    counts = [d["num_threads"] for d in threadpool_info() if d["user_api"] == "blas"]
    return max(counts) if counts else 1


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


# ---------------------------------------------------------------------------- 1. training loop
def torch_fit(torch, net: network.TwoLayerNet, X, y, *, epochs: int, lr: float, momentum: float,
              batch_size: int, weight_decay: float, seed: int):
    """The PyTorch loop a user would write for what ``train.fit`` does (dense network).

    Same initial weights and minibatch order as ``train.fit``. The update is
    PyTorch's SGD (buffer = momentum * buffer + grad; w -= lr * buffer), which
    equals ``train.fit``'s (v = momentum * v - lr * grad; w += v) at constant
    learning rate; with the cosine schedule they differ slightly, the work is the same.
    Returns the final training accuracy.
    """
    F = torch.nn.functional
    model = torch.nn.Sequential(torch.nn.Linear(net.n_in, net.n_hidden), torch.nn.ReLU(),
                                torch.nn.Linear(net.n_hidden, net.n_out)).double()
    with torch.no_grad():
        model[0].weight.copy_(torch.from_numpy(np.array(net.W1.T)))
        model[0].bias.copy_(torch.from_numpy(np.array(net.b1)))
        model[2].weight.copy_(torch.from_numpy(np.array(net.W2.T)))
        model[2].bias.copy_(torch.from_numpy(np.array(net.b2)))
    Xt = torch.from_numpy(np.array(X, dtype=np.float64))
    yt = torch.from_numpy(np.array(y, dtype=np.int64))
    weights = [model[0].weight, model[2].weight]
    biases = [model[0].bias, model[2].bias]
    opt = torch.optim.SGD([{"params": weights, "weight_decay": weight_decay},
                           {"params": biases, "weight_decay": 0.0}], lr=lr, momentum=momentum)
    n = len(X)
    total_steps = epochs * -(-n // batch_size)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total_steps)
    rng = np.random.default_rng(seed)          # train.fit's minibatch order
    history = []

    def record():
        with torch.no_grad():
            logits = model(Xt)
            history.append((F.cross_entropy(logits, yt).item(), (logits.argmax(1) == yt).double().mean().item()))

    record()
    for _ in range(epochs):
        order = torch.from_numpy(rng.permutation(n))
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            loss = F.cross_entropy(model(Xt[idx]), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        record()
    return history[-1][1]


def bench_fit(runs: int) -> None:
    ds = data.load_digits(seed=0)
    net = network.TwoLayerNet.create(ds.n_features, 64, ds.n_classes, seed=0)
    settings = dict(epochs=train.DEFAULT_EPOCHS, lr=0.05, momentum=0.9, batch_size=32, weight_decay=1e-3, seed=0)
    steps = settings["epochs"] * -(-len(ds.X_train) // settings["batch_size"])
    print(f"\n1. Training: digits ({len(ds.X_train)} samples), 64-64-10, {settings['epochs']} epochs, "
          f"batch {settings['batch_size']} ({steps} steps), SGD momentum 0.9, weight decay 1e-3, cosine lr, float64")
    try:
        import torch
    except ImportError:
        torch = None
    threads = 1
    if torch is not None:
        torch.set_num_threads(threads)
    np_times, torch_times = [], []
    with speed.blas_threads(threads):
        trained, _ = train.fit(net, ds.X_train, ds.y_train, **settings)   # warm-up
    if torch is not None:
        torch_acc = torch_fit(torch, net, ds.X_train, ds.y_train, **settings)   # warm-up
    for _ in range(runs):                       # interleaved, so that load changes hit both alike
        with speed.blas_threads(threads):
            t = time.perf_counter()
            train.fit(net, ds.X_train, ds.y_train, **settings)
            np_times.append(time.perf_counter() - t)
        if torch is not None:
            t = time.perf_counter()
            torch_fit(torch, net, ds.X_train, ds.y_train, **settings)
            torch_times.append(time.perf_counter() - t)
    np_med = statistics.median(np_times)
    np_acc = trained.accuracy(ds.X_train, ds.y_train)
    print(f"   NumPy train.fit     {np_med:7.3f} s  ({np_med / steps * 1e6:6.1f} us/step; "
          f"final train accuracy {np_acc:.3f}; BLAS threads {threads}; median of {runs})")
    if torch is None:
        print("   PyTorch loop        skipped: torch not installed")
        return
    t_med = statistics.median(torch_times)
    ratios = [b / a for a, b in zip(np_times, torch_times)]
    print(f"   PyTorch {torch.__version__:11s} {t_med:7.3f} s  ({t_med / steps * 1e6:6.1f} us/step; "
          f"final train accuracy {torch_acc:.3f}; torch threads {torch.get_num_threads()}; median of {runs})")
    print(f"   => train.fit is {statistics.median(ratios):.2f}x faster than PyTorch "
          f"(median of {runs} paired runs; range {min(ratios):.2f}-{max(ratios):.2f})")


# ---------------------------------------------------------------------------- 2. thinning
def bench_thinning(runs: int, batch: int = 20_000, hidden: int = 1024, fraction: float = 0.75) -> None:
    print(f"\n2. Predict: 64-{hidden}-10 network, batch {batch:,}, {fraction:.0%} removed (ideal speed-up "
          f"{1 / (1 - fraction):.0f}x)")
    X = np.random.default_rng(0).normal(size=(batch, 64))
    full = network.TwoLayerNet.create(64, hidden, 10, seed=0)
    models = {"full": full, "thinned": prune.prune_neurons(full, fraction),
              "CSR": speed.to_sparse(prune.magnitude_prune(full, fraction), "csr")}
    for threads, label in ((None, f"BLAS default ({blas_threads()} threads)"), (1, "BLAS 1 thread")):
        samples = {name: [] for name in models}
        for _ in range(runs):
            t = speed.time_predictors(models, X, repeat=3, min_time=0.0, threads=threads)
            for name in models:
                samples[name].append(t[name])
        med = {name: statistics.median(s) for name, s in samples.items()}
        ratio_thin = statistics.median(f / t for f, t in zip(samples["full"], samples["thinned"]))
        ratio_csr = statistics.median(f / t for f, t in zip(samples["full"], samples["CSR"]))
        print(f"   {label:28s} full {med['full'] * 1e3:7.1f} ms | thinned {med['thinned'] * 1e3:7.1f} ms "
              f"=> {ratio_thin:.2f}x | 75% single weights via CSR {med['CSR'] * 1e3:7.1f} ms => {ratio_csr:.2f}x "
              f"(medians of {runs} runs of 3)")


# ---------------------------------------------------------------------------- 3. notebooks
def bench_notebooks() -> None:
    try:
        import nbclient
        import nbformat
    except ImportError:
        print("\n3. Notebooks: skipped: nbclient/nbformat not installed")
        return
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    print(f"\n3. Notebooks: wall time to execute each in a fresh kernel (one run each; kernel start included)")
    total = 0.0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        client = nbclient.NotebookClient(nb, timeout=900, kernel_name="python3",
                                         resources={"metadata": {"path": str(path.parent)}})
        t = time.perf_counter()
        saved_stderr = os.dup(2)            # the kernel's start-up chatter would interleave the table
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        try:
            client.execute()
            status = ""
        except Exception as exc:  # report and go on: a benchmark is not the test suite
            status = f"  FAILED: {type(exc).__name__}"
        finally:
            os.dup2(saved_stderr, 2)
            os.close(devnull)
            os.close(saved_stderr)
        elapsed = time.perf_counter() - t
        total += elapsed
        print(f"   {path.name:45s} {elapsed:6.1f} s{status}")
    print(f"   {'all ' + str(len(paths)) + ' notebooks':45s} {total:6.1f} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per timing (median reported); default 7")
    parser.add_argument("--quick", action="store_true", help="3 runs and no notebooks")
    parser.add_argument("--skip-notebooks", action="store_true", help="do not time the notebooks")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs
    if runs < 1:
        parser.error("--runs must be >= 1")
    print(f"mdl_prune benchmarks: Python {sys.version.split()[0]}, NumPy {np.__version__}; {load()}")
    bench_fit(runs)
    bench_thinning(runs)
    if not (args.quick or args.skip_notebooks):
        bench_notebooks()
    print(f"\nDone; {load()}. Timings on a shared machine are pessimistic; ratios are the figures to quote.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
