"""The whole two-part message on disk: the model *and* the labels given the model.

:func:`~mdl_prune.mdl.encode` writes only the model part of the two-part
code. :func:`encode_message` writes both parts, so the file a receiver gets
is the full description length of the labels: the receiver, who has the
inputs ``X`` but not the labels, first decodes the network, then uses its
predicted probabilities to decode every label.

Byte format (a receiver reads it in this order):

1. **length of the model part** ``L`` in bytes, as an unsigned LEB128 varint
   (7 bits per byte, low bits first, high bit set on every byte but the
   last): 1 byte for ``L < 128``, 2 bytes for ``L < 16384``;
2. **model part**: the ``L`` bytes :func:`~mdl_prune.mdl.encode` writes
   (``ceil(model_bits / 8)`` bytes, at most 7 bits above the ideal count);
3. **labels**: the rest of the file, big-endian 32-bit words of a range coder
   (the ``constriction`` library, ``stream.queue.RangeEncoder``) that codes
   ``y_i`` with the categorical distribution ``p(· | x_i)`` of the decoded
   network, sample after sample in the order of ``X``. The coder quantizes
   each distribution to 24-bit fixed point and gives every class at least the
   smallest representable probability, so no label is ever uncodable; the
   label part costs −Σ log2 p(y_i | x_i) bits plus at most about 33 bits
   (whole 32-bit words and the coder's final state; measured over thousands
   of random distributions).

So the file is at most the ideal two-part count of
:func:`~mdl_prune.mdl.description_length` plus about 7 + 16 + 33 bits, well
within the ``1.01 × ideal + 64`` bits the tests hold it to.

Both sides compute the probabilities from the *decoded* network (the sender
decodes its own model bytes first) and the same ``X``, in float64, with the
same forward pass, so the two sides agree bit for bit on one machine and
library version. Across machines with different BLAS kernels the float64
products could differ in the last bit; a decoded message is therefore
checked by coding the decoded labels again: if that does not give the same
words, the blob (or ``X``) is refused instead of returning wrong labels.
"""

from __future__ import annotations

import numpy as np

from .._checks import (InvalidParameterError, check_instance, check_int, check_X, check_y, describe,
                      validated)
from ..network import TwoLayerNet, softmax
from .codec import decode, encode
from .quantizer import ALLOWED_VALUE_BITS

__all__ = ["encode_message", "decode_message"]

_WORD = np.dtype(">u4")  # the range coder's words on disk: big-endian, whatever the machine


def _categorical():
    # Imported here so that the rest of the package works without the coder installed.
    import constriction

    return constriction.stream.model.Categorical(perfect=False), constriction.stream.queue


def _label_probabilities(receiver: TwoLayerNet, X: np.ndarray) -> np.ndarray:
    """p(class | x) of every sample, float64, C-contiguous: what both sides hand to the coder."""
    return np.ascontiguousarray(softmax(receiver.logits(X)), dtype=np.float64)


def _code_labels(y: np.ndarray, probs: np.ndarray) -> bytes:
    model, queue = _categorical()
    coder = queue.RangeEncoder()
    coder.encode(y.astype(np.int32), model, probs)
    return coder.get_compressed().astype(_WORD).tobytes()


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _read_varint(blob: bytes) -> tuple[int, int]:
    """The varint at the start of ``blob`` and the number of bytes it took."""
    value = 0
    for i, byte in enumerate(blob[:8]):
        value |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            return value, i + 1
    raise InvalidParameterError("blob", "blob is not a message of mdl.encode_message: its length "
                                        "field is truncated or corrupt")


def _check_value_bits(value_bits) -> int:
    b = check_int(value_bits, "value_bits")
    if b not in ALLOWED_VALUE_BITS:
        raise InvalidParameterError("value_bits", "an integer from 1 to 16 (quantized values) or 32 "
                                                  "(float32 as it is)", describe(value_bits))
    return b


@validated
def encode_message(net: TwoLayerNet, X, y, value_bits: int = 8) -> bytes:
    """The whole two-part message as bytes: the model, then the labels coded with it.

    Parameters
    ----------
    net : TwoLayerNet
        The sender's network; its values are quantized to ``value_bits`` as
        :func:`~mdl_prune.mdl.encode` does.
    X : array_like, shape (N, net.n_in)
        Inputs, known to the receiver (they are not in the message).
    y : array_like of int, shape (N,)
        Labels in ``[0, net.n_out)``: what the message sends.
    value_bits : int
        1..16 (quantized values) or 32 (float32 as it is).

    Returns
    -------
    bytes
        Format in the module docstring. Its length is at most the ideal
        ``mdl.description_length(net, X, y, value_bits).total_bits`` plus
        about 56 bits.
    """
    net = check_instance(net, "net", TwoLayerNet)
    b = _check_value_bits(value_bits)
    X = check_X(X, n_features=net.n_in)
    y = check_y(y, n_samples=X.shape[0], n_classes=net.n_out)
    model = encode(net, b)
    receiver = decode(model)        # the probabilities must be the receiver's, bit for bit
    return _varint(len(model)) + model + _code_labels(y, _label_probabilities(receiver, X))


def _corrupt(reason: str) -> InvalidParameterError:
    return InvalidParameterError("blob", f"blob is not a message of mdl.encode_message (or X is not "
                                         f"the X it was written with): {reason}")


@validated
def decode_message(blob: bytes, X) -> tuple[TwoLayerNet, np.ndarray]:
    """The receiver's side of :func:`encode_message`: the network, then the labels.

    Parameters
    ----------
    blob : bytes
        What :func:`encode_message` wrote.
    X : array_like, shape (N, n_in)
        The same inputs the sender used (same rows, same order).

    Returns
    -------
    net : TwoLayerNet
        Exactly ``mdl.decode(mdl.encode(net, value_bits))``.
    y : ndarray of int64, shape (N,)
        Exactly the labels sent.

    Raises
    ------
    InvalidParameterError
        ``blob`` is not bytes, is truncated or corrupt, or does not decode
        consistently with ``X``; ``X`` does not fit the decoded network.
    """
    if not isinstance(blob, (bytes, bytearray, memoryview)):
        raise InvalidParameterError("blob", "bytes written by mdl.encode_message", describe(blob))
    blob = bytes(blob)
    if not blob:
        raise InvalidParameterError("blob", "blob is empty; it must be the bytes mdl.encode_message wrote")
    X = check_X(X)
    size, start = _read_varint(blob)
    labels = blob[start + size:]
    if size == 0 or start + size > len(blob) or len(labels) % _WORD.itemsize:
        raise _corrupt(f"{len(blob)} bytes do not split into a model part of {size} bytes and whole "
                       "32-bit words of labels")
    try:
        receiver = decode(blob[start:start + size])
    except (ValueError, TypeError) as exc:      # mdl.decode's verdict on the model bytes
        raise _corrupt(f"the model part does not decode ({exc})") from None
    X = check_X(X, n_features=receiver.n_in)
    probs = _label_probabilities(receiver, X)
    model, queue = _categorical()
    words = np.frombuffer(labels, dtype=_WORD).astype(np.uint32)
    try:
        y = queue.RangeDecoder(words).decode(model, probs).astype(np.int64)
    except (ValueError, RuntimeError, AssertionError) as exc:
        raise _corrupt(f"the label part does not decode ({exc})") from None
    if _code_labels(y, probs) != labels:       # truncated, padded or changed label words
        raise _corrupt("the label part does not re-encode to the same words")
    return receiver, y
