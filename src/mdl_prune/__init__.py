"""mdl_prune: minimum description length and neural-network pruning, in NumPy.

A teaching package for the notebooks of the series. Modules, one concept each:

* :mod:`~mdl_prune.data`        -- the data sets (Gaussian blobs, 8x8 digits)
* :mod:`~mdl_prune.network`     -- the two-layer ReLU/softmax network with masks
* :mod:`~mdl_prune.train`       -- SGD with momentum that respects the masks
* :mod:`~mdl_prune.prune`       -- pruning masks, criteria, schedules, lottery tickets, neuron removal
* :mod:`~mdl_prune.sparsity`    -- what a sparse network still uses (receptive fields, dead units)
* :mod:`~mdl_prune.experiments` -- running an experiment over several seeds
* :mod:`~mdl_prune.mdl`         -- code lengths in bits: two-part code, real codec, prequential code
* :mod:`~mdl_prune.noisy`       -- Hinton & van Camp's noisy-weight networks and bits back
* :mod:`~mdl_prune.speed`       -- measured inference time of dense, thinned and sparse networks
* :mod:`~mdl_prune.plots`       -- the figures the notebooks draw
* :mod:`~mdl_prune.widgets`     -- sliders that redraw a figure in class (complete figures only)
* :mod:`~mdl_prune.exercises`   -- checkers for the exercises, one module per notebook

Each module is imported on first use (``mdl_prune.plots`` or ``from mdl_prune
import plots``), so ``import mdl_prune`` stays quick and loads neither
matplotlib nor scikit-learn.
"""

import importlib

__all__ = ["data", "experiments", "mdl", "network", "noisy", "plots", "prune", "sparsity", "speed",
           "train", "widgets"]
_LAZY = set(__all__) | {"exercises"}
__version__ = "0.1.0"


def __getattr__(name: str):
    # PEP 562: called only for names not yet set; importing a submodule sets it on the package.
    if name in _LAZY:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list:
    return sorted(set(globals()) | _LAZY)
