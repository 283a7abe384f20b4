"""The figures of the series: functions that take data and return a Matplotlib figure.

Every function builds its figure object-style (``fig, ax = plt.subplots()``),
labels its axes with units, and returns the figure without showing it; in a
notebook the inline backend draws it once at the end of the cell. Colours,
fonts and sizes come from :mod:`~mdl_prune.plots.style`, so a method has one
colour across the whole series. Modules by topic:

* :mod:`~mdl_prune.plots.training`      -- learning curves, the data, accuracy per seed (notebook 01)
* :mod:`~mdl_prune.plots.pruning`       -- accuracy against sparsity, weights and thresholds,
  recovery, schedules (notebooks 02 to 04)
* :mod:`~mdl_prune.plots.masks`         -- kept weights per layer, masks, receptive fields, pixel usage
  (notebook 05)
* :mod:`~mdl_prune.plots.codes`         -- description lengths in bits (notebooks 06 and 07)
* :mod:`~mdl_prune.plots.noisy_weights` -- bits back, MDL against weight decay, the learned prior (notebook 07)
* :mod:`~mdl_prune.plots.speedups`      -- structured against unstructured pruning, measured speed (notebook 08)
* :mod:`~mdl_prune.plots.language`      -- the figures' language: with ``MDL_PRUNE_LANGUAGE=zh_TW`` (or
  :func:`set_language`), the bundled CJK font and every text translated when drawn, from the table
  :mod:`~mdl_prune.plots.labels_zh_TW`; in English nothing changes

Matplotlib is imported here and nowhere else in the package.
"""

from . import language, style
from .language import figure_language, set_language
from .codes import bits_vs_accuracy, code_breakdown, code_length_bars, description_length_heatmap
from .masks import layer_weight_histograms, mask_heatmaps, pixel_usage_map, receptive_masks
from .noisy_weights import bits_back_picture, method_table_bars, prior_over_means
from .pruning import (accuracy_vs_sparsity, kept_weight_histograms, recovery_curves, schedule_plot,
                      summary_bars, weight_histogram)
from .speedups import speedup_curves, structured_vs_unstructured
from .training import accuracy_by_seed, dataset_projection, digit_samples, training_curves

__all__ = ["style", "language", "figure_language", "set_language",
           "training_curves", "dataset_projection", "digit_samples", "accuracy_by_seed",
           "accuracy_vs_sparsity", "weight_histogram", "kept_weight_histograms", "recovery_curves",
           "schedule_plot", "summary_bars",
           "layer_weight_histograms", "mask_heatmaps", "receptive_masks", "pixel_usage_map",
           "code_breakdown", "description_length_heatmap", "code_length_bars", "bits_vs_accuracy",
           "bits_back_picture", "method_table_bars", "prior_over_means",
           "structured_vs_unstructured", "speedup_curves"]
