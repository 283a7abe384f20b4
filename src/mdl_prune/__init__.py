"""mdl_prune: minimum description length and neural-network pruning, in NumPy.

A teaching package for the notebooks of the series. Modules, one concept each:

* :mod:`~mdl_prune.data`    -- the data sets (Gaussian blobs, 8x8 digits)
* :mod:`~mdl_prune.network` -- the two-layer ReLU/softmax network with masks
* :mod:`~mdl_prune.train`   -- SGD with momentum that respects the masks
* :mod:`~mdl_prune.prune`   -- pruning masks, criteria and their semantics
* :mod:`~mdl_prune.plots`   -- the figures the notebooks draw
"""

from . import data, network, plots, prune, train

__all__ = ["data", "network", "plots", "prune", "train"]
__version__ = "0.1.0"
