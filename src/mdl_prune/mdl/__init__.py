"""Code lengths in bits: a two-part code for a pruned network, a real codec, and the bars to beat.

Every name below is used as ``mdl.X``; each concept lives in its own module:

==========================================  =====================================================
concept                                     module
==========================================  =====================================================
precision and quantizer (values at b bits)  :mod:`~mdl_prune.mdl.quantizer`: ``ALLOWED_VALUE_BITS``,
                                            :func:`quantize`
bit accounting (the two-part code, term     :mod:`~mdl_prune.mdl.bits`: ``LN2``, ``HEADER_BITS``,
by term; the uniform code N·log2 K)         :func:`log2_binomial`, :func:`model_code`,
                                            :func:`receiver_network`, :func:`data_bits`,
                                            :func:`description_length`,
                                            :func:`best_description_length`,
                                            :func:`uniform_code_bits` and the records
                                            :class:`MaskCode`, :class:`ArrayCode`,
                                            :class:`ModelCode`, :class:`DescriptionLength`
the exact codec (bytes on disk; the file    :mod:`~mdl_prune.mdl.codec`: :func:`encode`,
format is in its docstring)                 :func:`decode`, :func:`exact_model_bits`
the prequential code (no model sent)        :mod:`~mdl_prune.mdl.prequential`:
                                            :class:`PrequentialCode`,
                                            :func:`prequential_code_length`
==========================================  =====================================================

The modules depend on each other in one direction only:
``quantizer`` → ``bits`` → ``codec``, and ``bits`` → ``prequential``.
"""

from .bits import (HEADER_BITS, LN2, ArrayCode, DescriptionLength, MaskCode, ModelCode,
                   best_description_length, data_bits, description_length, log2_binomial,
                   model_code, receiver_network, uniform_code_bits)
from .codec import decode, encode, exact_model_bits
from .prequential import PrequentialCode, prequential_code_length
from .quantizer import ALLOWED_VALUE_BITS, quantize

__all__ = ["ALLOWED_VALUE_BITS", "HEADER_BITS", "LN2", "ArrayCode", "MaskCode", "ModelCode",
           "DescriptionLength", "PrequentialCode", "log2_binomial", "quantize", "model_code",
           "receiver_network", "description_length", "best_description_length", "data_bits",
           "encode", "decode", "exact_model_bits", "uniform_code_bits", "prequential_code_length"]
