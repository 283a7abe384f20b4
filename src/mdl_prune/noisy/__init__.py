"""Hinton & van Camp (1993): noisy weights, the bits-back weight cost, an adaptive coding prior.

Every weight (and bias) of a two-layer network is a Gaussian ``N(mu, sigma^2)``
instead of a number. The sender codes a weight sampled from that Gaussian
``Q`` under a coding prior ``P``; with the "bits-back" argument the weight
costs ``KL(Q || P)``. Two data costs: exact moments for the paper's
regression net (logistic hidden units, linear outputs) and Monte Carlo with
the local reparameterization for the series' classifier (ReLU, softmax).
All costs are reported in **bits**; nats appear only inside the formulas and
are converted with :data:`mdl_prune.mdl.LN2`. Nothing here mutates its
arguments; every random draw takes a ``seed``.

Where each concept lives (``from mdl_prune import noisy; noisy.X`` reaches them all):

* :mod:`~mdl_prune.noisy.net`        -- :class:`NoisyNet`, the network of Gaussian weights
* :mod:`~mdl_prune.noisy.priors`     -- the weight cost: :func:`kl_gaussian`, :class:`MixturePrior`,
  :func:`mixture_bound`, the exact :func:`mixture_kl`,
  :func:`distinct_components`, :func:`weight_cost_bits`, bits back simulated (:func:`bits_back_example`)
* :mod:`~mdl_prune.noisy.moments`    -- the regression net exactly: Gauss-Hermite
  :func:`logistic_moments`, :func:`regression_moments`, :func:`expected_squared_error`,
  :func:`misfit_bits`, :func:`regression_objective` (and :func:`sample_outputs`, the check by sampling)
* :mod:`~mdl_prune.noisy.classifier` -- the classifier by Monte Carlo: :func:`expected_data_bits`,
  :func:`predict_proba_mc`, :func:`classification_objective`, :func:`fit_classifier`,
  :func:`description_length` (a :class:`BitsBackLength`), pruning by :func:`snr`
  (:func:`prune_noisy`) and :func:`to_network`
* :mod:`~mdl_prune.noisy.optim`      -- Adam written out and the flat training state both fits
  share; :class:`FitHistory`
* :mod:`~mdl_prune.noisy.paper`      -- the paper's regression experiment: its configuration
  (:data:`PAPER_RESULTS`, :data:`PAPER_SCHEDULE`, :data:`MDL_SCHEDULE`, :data:`WEIGHT_DECAYS`),
  :func:`fit_regression`, the synthetic :func:`paper_task`, the ordinary nets it is compared with
  (:func:`fit_deterministic`) and :func:`paper_experiment`
"""

from .classifier import (BitsBackLength, accuracy_mc, classification_objective, description_length,
                         expected_data_bits, fit_classifier, predict_proba_mc, prune_noisy, snr, to_network)
from .moments import (expected_squared_error, logistic_moments, misfit_bits, regression_moments,
                      regression_objective, sample_outputs)
from .net import NoisyNet
from .optim import FitHistory
from .paper import (MDL_SCHEDULE, MDL_STEPS_PER_STAGE, PAPER_RESULTS, PAPER_SCHEDULE, WEIGHT_DECAYS,
                    RegressionTask, deterministic_predict, fit_deterministic, fit_regression,
                    paper_experiment, paper_task, relative_error)
from .priors import (BitsBack, MixturePrior, bits_back_example, distinct_components, kl_gaussian,
                     mixture_bound, mixture_kl, weight_cost_bits)

__all__ = [
    # the noisy network
    "NoisyNet",
    # the weight cost: KL, coding priors, bits back
    "kl_gaussian", "MixturePrior", "mixture_bound", "mixture_kl", "distinct_components", "weight_cost_bits", "BitsBack", "bits_back_example",
    # the regression net's exact moments and cost
    "logistic_moments", "regression_moments", "sample_outputs", "expected_squared_error", "misfit_bits",
    "regression_objective",
    # the classifier by Monte Carlo, its description length, training and pruning
    "expected_data_bits", "predict_proba_mc", "accuracy_mc", "classification_objective",
    "BitsBackLength", "description_length", "fit_classifier", "snr", "prune_noisy", "to_network",
    # training
    "FitHistory", "fit_regression",
    # the paper's experiment and its configuration
    "PAPER_RESULTS", "PAPER_SCHEDULE", "MDL_SCHEDULE", "MDL_STEPS_PER_STAGE", "WEIGHT_DECAYS",
    "RegressionTask", "paper_task", "relative_error", "fit_deterministic", "deterministic_predict",
    "paper_experiment",
]
