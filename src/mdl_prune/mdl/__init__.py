"""Code lengths in bits: a two-part code for a pruned network, a real codec, and the bars to beat.

Every public name is used as ``mdl.X`` (the list is ``__all__`` below); each
concept lives in its own module:

* precision and quantizer, how one value becomes a few bits:
  :mod:`~mdl_prune.mdl.quantizer` (``ALLOWED_VALUE_BITS``, :func:`quantize`);
* bit accounting, the two-part code counted term by term (header, masks,
  values, data given the model) and the uniform code N·log2 K:
  :mod:`~mdl_prune.mdl.bits` (``LN2``, ``HEADER_BITS``, :func:`log2_binomial`,
  :func:`model_code`, :func:`receiver_network`, :func:`data_bits`,
  :func:`description_length`, :func:`best_description_length`,
  :func:`uniform_code_bits`, and the records :class:`MaskCode`,
  :class:`ArrayCode`, :class:`ModelCode`, :class:`DescriptionLength`);
* the exact codec, the model as bytes on disk and back (its docstring
  documents the file format): :mod:`~mdl_prune.mdl.codec` (:func:`encode`,
  :func:`decode`, :func:`exact_model_bits`);
* the whole message on disk, model *and* labels (the labels range-coded under
  the receiver network's probabilities): :mod:`~mdl_prune.mdl.message`
  (:func:`encode_message`, :func:`decode_message`);
* a shorter two-part code, the Deep Compression way: trained shared values,
  entropy-coded indices, dead units not sent: :mod:`~mdl_prune.mdl.shortest`
  (:func:`shortest_code`);
* the prequential code, labels sent with networks the receiver trains too:
  :mod:`~mdl_prune.mdl.prequential` (:class:`PrequentialCode`,
  :func:`prequential_code_length`).

Imports go one way: ``quantizer`` -> ``bits`` -> ``codec`` -> ``message``,
and ``bits`` -> ``prequential``, ``shortest``. ``LN2`` lives in ``bits``: the package's one constant for
converting nats to bits.
"""

from .bits import (HEADER_BITS, LN2, ArrayCode, DescriptionLength, MaskCode, ModelCode,
                   best_description_length, data_bits, description_length, log2_binomial,
                   model_code, receiver_network, uniform_code_bits)
from .codec import decode, encode, exact_model_bits
from .message import decode_message, encode_message
from .prequential import PrequentialCode, prequential_code_length
from .quantizer import ALLOWED_VALUE_BITS, quantize
from .shortest import shortest_code

__all__ = ["ALLOWED_VALUE_BITS", "HEADER_BITS", "LN2", "ArrayCode", "MaskCode", "ModelCode",
           "DescriptionLength", "PrequentialCode", "log2_binomial", "quantize", "model_code",
           "receiver_network", "description_length", "best_description_length", "data_bits",
           "encode", "decode", "exact_model_bits", "uniform_code_bits", "prequential_code_length",
           "encode_message", "decode_message", "shortest_code"]
