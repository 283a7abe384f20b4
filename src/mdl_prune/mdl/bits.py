"""Bit accounting: how many bits a pruned network and its labels cost, term by term.

The two-part code (Rissanen; Hinton & van Camp 1993) sends a *model* and then
the *data given the model*. For a pruned :class:`~mdl_prune.network.TwoLayerNet`
the model part is, in order:

1. **header**: the layer sizes ``n_in, n_hidden, n_out`` (16 bits each) and the
   precision ``value_bits`` (one of :data:`ALLOWED_VALUE_BITS`, log2 17 bits);
2. **masks**, one per weight layer, each with whichever of two codes is cheaper
   (one bit says which):

   * ``"enumerative"``: the number kept ``k`` out of ``n`` (log2(n+1) bits), then
     *which* ``k`` (log2 C(n, k) bits: the index of the subset among all subsets
     of that size);
   * ``"submatrix"``: which rows and which columns have any kept weight (each
     coded the same way), then the enumerative code inside that sub-matrix.
     This is an entropy code of the mask that profits from structure: input
     pixels that no unit reads and hidden units left dead cost almost nothing;

3. **values**, for each array ``W1, b1, W2, b2`` (kept weights only; every
   bias): with ``value_bits=b <= 16`` a symmetric *b*-bit quantizer, levels
   ``±(j + 1/2)·d`` for ``j = 0 .. 2**(b-1) - 1``, whose step ``d`` is sent as a
   float16 (16 bits, charged); the level indices then go either at ``b`` bits
   each (``"fixed"``) or, when ``b <= 8`` and it is cheaper, with an
   enumerative code of the indices: how often each level occurs, log2
   C(k + 2**b - 1, 2**b - 1) bits, then which arrangement, log2 of the
   multinomial coefficient k!/(k_0!···k_{2**b-1}!) bits (``"multinomial"``;
   one bit says which). ``value_bits=32`` sends the float32 values as they
   are, 32 bits each, no quantizer.

The **data part** is −Σ log2 p(y_i | x_i) under the network the receiver
decodes (quantized values), never the float network the sender trained.

Every term is the log2 of a count of equally likely possibilities, so the
model part is an ideal length that a real file reaches to within a byte
(:mod:`~mdl_prune.mdl.codec` writes it). :func:`uniform_code_bits`,
N·log2 K, is the bar every code of the labels must beat.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._checks import (InvalidParameterError, check_instance, check_int, check_X,
                       check_y, describe, validated)
from ..network import TwoLayerNet, log_softmax
from .quantizer import ALLOWED_VALUE_BITS, _STEP_BITS, _check_value_bits, _quantize

__all__ = ["HEADER_BITS", "LN2", "ArrayCode", "MaskCode", "ModelCode", "DescriptionLength",
           "log2_binomial", "model_code", "receiver_network",
           "data_bits", "description_length", "best_description_length", "uniform_code_bits"]

#: ln 2: divide a length in nats by it to get bits (the package's one constant for it).
LN2 = math.log(2.0)
#: Header: three 16-bit layer sizes and the index of value_bits among 17 choices.
HEADER_BITS = 3 * 16 + math.log2(len(ALLOWED_VALUE_BITS))
_SIZE_RADIX = 1 << 16      # one more than the largest layer size the header can carry
_MULTINOMIAL_MAX_BITS = 8  # beyond this the 2**b level counts cost more than they save
_MASK_CODES = ("enumerative", "submatrix")
_VALUE_CODES = ("fixed", "multinomial", "float32")
_ARRAYS = ("W1", "b1", "W2", "b2")


# ----------------------------------------------------------------------------- checks
def _check_net(net) -> TwoLayerNet:
    """A :class:`TwoLayerNet` whose layer sizes the 16-bit header can carry."""
    net = check_instance(net, "net", TwoLayerNet)
    if max(net.n_in, net.n_hidden, net.n_out) >= _SIZE_RADIX:
        raise InvalidParameterError("net", f"a network with layers below {_SIZE_RADIX} units (the "
                                           "header has 16 bits per size)",
                                    f"a {net.n_in}-{net.n_hidden}-{net.n_out} network")
    return net


def _check_precisions(precisions) -> list[int]:
    """Candidate precisions: distinct allowed value_bits, ascending (at least one)."""
    if isinstance(precisions, (str, bytes)) or not hasattr(precisions, "__iter__"):
        raise InvalidParameterError("precisions", "a sequence of value_bits", describe(precisions))
    out = sorted({_check_value_bits(b, f"precisions[{i}]") for i, b in enumerate(precisions)})
    if not out:
        raise InvalidParameterError("precisions", "precisions is empty: give at least one value_bits")
    return out


def _check_data(net: TwoLayerNet, X, y) -> tuple[np.ndarray, np.ndarray]:
    """Inputs the network can read and labels among its classes, one per row of ``X``."""
    X = check_X(X, n_features=net.n_in)
    return X, check_y(y, n_samples=X.shape[0], n_classes=net.n_out)


def _check_subset_size(n, k) -> tuple[int, int]:
    """Integers ``n >= 0`` and ``0 <= k <= n``: the size of a set and of a subset of it."""
    n = check_int(n, "n", low=0)
    k = check_int(k, "k")
    if not 0 <= k <= n:
        raise InvalidParameterError("k", f"an integer with 0 <= k <= n = {n}", describe(k))
    return n, k


# ----------------------------------------------------------------------------- counting
@validated
def log2_binomial(n: int, k: int) -> float:
    """log2 C(n, k), via ``math.lgamma`` (no overflow for large n)."""
    n, k = _check_subset_size(n, k)
    return (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)) / LN2


def _log2_multinomial(counts) -> float:
    k = int(sum(counts))
    return (math.lgamma(k + 1) - sum(math.lgamma(int(c) + 1) for c in counts)) / LN2


@validated
def uniform_code_bits(n_labels: int, n_classes: int) -> float:
    """N·log2 K: every label sent as one of K equally likely classes, nothing learned.

    Any code worth having must beat this bar.
    """
    n_labels, n_classes = check_int(n_labels, "n_labels", low=1), check_int(n_classes, "n_classes", low=2)
    return n_labels * math.log2(n_classes)


# ----------------------------------------------------------------------------- code records
@dataclass(frozen=True)
class MaskCode:
    """How one layer's mask is coded.

    Attributes
    ----------
    layer : str
        ``"W1"`` or ``"W2"``.
    n, kept : int
        Weights in the layer and weights kept.
    code : str
        ``"enumerative"`` or ``"submatrix"``, whichever is cheaper.
    bits : float
        Bits of the chosen code, including the 1-bit choice.
    enumerative_bits, submatrix_bits : float
        Both candidates (without the choice bit), to show why.
    """

    layer: str
    n: int
    kept: int
    code: str
    bits: float
    enumerative_bits: float
    submatrix_bits: float


@dataclass(frozen=True)
class ArrayCode:
    """How one array's values (kept weights, or biases) are coded.

    Attributes
    ----------
    array : str
        ``"W1"``, ``"b1"``, ``"W2"`` or ``"b2"``.
    count : int
        Values sent.
    code : str
        ``"fixed"`` (b bits each), ``"multinomial"`` (level counts, then the
        arrangement) or ``"float32"``.
    bits : float
        All bits of this array: quantizer step (16), the 1-bit code choice, the values.
    quantizer_bits : float
        The step's 16 bits (0 for float32 or an empty array).
    step : float
        The quantizer step ``d`` (nan for float32).
    """

    array: str
    count: int
    code: str
    bits: float
    quantizer_bits: float
    step: float


@dataclass(frozen=True)
class ModelCode:
    """The model part of the two-part code, term by term (bits), and the receiver's network."""

    value_bits: int
    header_bits: float
    masks: tuple
    arrays: tuple
    network: TwoLayerNet

    @property
    def mask_bits(self) -> float:
        return float(sum(m.bits for m in self.masks))

    @property
    def weight_bits(self) -> float:
        """Kept weight values, their quantizer steps and code choices."""
        return float(sum(a.bits for a in self.arrays if a.array.startswith("W")))

    @property
    def bias_bits(self) -> float:
        return float(sum(a.bits for a in self.arrays if a.array.startswith("b")))

    @property
    def quantizer_bits(self) -> float:
        """The part of weight_bits + bias_bits spent on quantizer steps."""
        return float(sum(a.quantizer_bits for a in self.arrays))

    @property
    def total_bits(self) -> float:
        return self.header_bits + self.mask_bits + self.weight_bits + self.bias_bits


@dataclass(frozen=True)
class DescriptionLength:
    """A two-part description length, in bits. These field names are stable (other notebooks use them).

    Attributes
    ----------
    model_bits : float
        header_bits + mask_bits + weight_bits + bias_bits: what :func:`~mdl_prune.mdl.encode`
        writes (ideally).
    data_bits : float
        −Σ log2 p(y|x) under the receiver's (quantized) network.
    total_bits : float
        model_bits + data_bits.
    header_bits, mask_bits, weight_bits, bias_bits : float
        The model part term by term.
    value_bits : int
        The precision used (32 = float32 as it is).
    n_samples, n_classes : int
        Labels coded and their classes (for the uniform code N·log2 K).
    model : ModelCode
        Full detail: per-layer mask codes, per-array value codes, the receiver's network.
    code : str
        Which code: ``"quantized"`` (this module's: a uniform *b*-bit quantizer per array,
        ``value_bits`` bits per value) or ``"shared values"`` (:func:`~mdl_prune.mdl.shortest_code`'s
        codebooks, ``value_bits`` the bits of one codebook value).
    """

    model_bits: float
    data_bits: float
    total_bits: float
    header_bits: float
    mask_bits: float
    weight_bits: float
    bias_bits: float
    value_bits: int
    n_samples: int
    n_classes: int
    model: ModelCode
    code: str = "quantized"

    @property
    def uniform_bits(self) -> float:
        """N·log2 K for the same labels: the bar to beat."""
        return uniform_code_bits(self.n_samples, self.n_classes)

    @property
    def ratio_to_uniform(self) -> float:
        """total_bits / uniform_bits (below 1: the network compresses the labels)."""
        return self.total_bits / self.uniform_bits

    def as_dict(self) -> dict:
        """The scalar fields (for tables)."""
        return {k: getattr(self, k) for k in ("header_bits", "mask_bits", "weight_bits", "bias_bits",
                                              "model_bits", "data_bits", "total_bits", "value_bits")}


# ----------------------------------------------------------------------------- the model part
def _enumerative_bits(n: int, k: int) -> float:
    return math.log2(n + 1) + log2_binomial(n, k)


def _submatrix_parts(mask: np.ndarray):
    """Rows and columns with any kept weight, and the mask restricted to them."""
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    return rows, cols, mask[np.ix_(rows, cols)]


def _mask_code(layer: str, mask: np.ndarray) -> MaskCode:
    n, k = mask.size, int(mask.sum())
    enum = _enumerative_bits(n, k)
    rows, cols, sub = _submatrix_parts(mask)
    subm = (_enumerative_bits(mask.shape[0], rows.size) + _enumerative_bits(mask.shape[1], cols.size)
            + _enumerative_bits(sub.size, k))
    code = "enumerative" if enum <= subm else "submatrix"
    return MaskCode(layer, n, k, code, 1.0 + min(enum, subm), enum, subm)


def _float32_code(name: str, v: np.ndarray):
    """32 bits per value, no quantizer; values beyond float32 are refused, never clipped."""
    if np.abs(v).max() > np.finfo(np.float32).max:
        raise InvalidParameterError("net", f"net.{name} has values beyond the float32 range; "
                                           "use value_bits <= 16")
    v32 = v.astype(np.float32)
    return ArrayCode(name, v.size, "float32", 32.0 * v.size, 0.0, float("nan")), v32.astype(np.float64), v32


def _quantized_code(name: str, v: np.ndarray, b: int):
    """The step, the 1-bit choice, and the level indices at b bits each or, if shorter, multinomial."""
    deq, step, idx = _quantize(v, b, f"net.{name}")
    k = v.size
    fixed = float(b * k)
    code, bits = "fixed", fixed
    if b <= _MULTINOMIAL_MAX_BITS:
        m = 1 << b
        multi = log2_binomial(k + m - 1, m - 1) + _log2_multinomial(np.bincount(idx, minlength=m))
        if multi < fixed:
            code, bits = "multinomial", multi
    total = _STEP_BITS + 1.0 + bits
    return ArrayCode(name, k, code, total, float(_STEP_BITS), step), deq, idx


def _array_code(name: str, v: np.ndarray, b: int):
    """Code record, dequantized values and payload (level indices or float32 values) of one array."""
    if v.size == 0:                      # nothing sent, not even a step
        return ArrayCode(name, 0, "fixed" if b != 32 else "float32", 0.0, 0.0,
                         float("nan") if b == 32 else 0.0), v, None
    return _float32_code(name, v) if b == 32 else _quantized_code(name, v, b)


def _model_code_and_payloads(net: TwoLayerNet, b: int) -> tuple[ModelCode, dict]:
    """The model code and, per array, what the codec sends: level indices or float32 values."""
    masks = (_mask_code("W1", net.mask1), _mask_code("W2", net.mask2))
    arrays, deq, payloads = [], {}, {}
    for name in _ARRAYS:
        a = getattr(net, name)
        keep = getattr(net, "mask" + name[1]) if name.startswith("W") else np.ones(a.shape, bool)
        code, values, payload = _array_code(name, a[keep], b)
        out = np.zeros(a.shape)
        out[keep] = values
        arrays.append(code)
        deq[name] = out
        payloads[name] = payload
    receiver = TwoLayerNet(deq["W1"], deq["b1"], deq["W2"], deq["b2"], net.mask1, net.mask2)
    return ModelCode(b, HEADER_BITS, masks, tuple(arrays), receiver), payloads


@validated
def model_code(net: TwoLayerNet, value_bits: int = 8) -> ModelCode:
    """The model part of the two-part code, term by term, with the receiver's network.

    Parameters
    ----------
    net : TwoLayerNet
    value_bits : int
        1..16 for quantized values, 32 for float32 as it is.

    Returns
    -------
    ModelCode
        ``total_bits`` is the ideal length of :func:`~mdl_prune.mdl.encode`'s file.
    """
    return _model_code_and_payloads(_check_net(net), _check_value_bits(value_bits))[0]


@validated
def receiver_network(net: TwoLayerNet, value_bits: int = 8) -> TwoLayerNet:
    """The network the receiver decodes: same masks, values quantized (or float32)."""
    return _model_code_and_payloads(_check_net(net), _check_value_bits(value_bits))[0].network


# ----------------------------------------------------------------------------- the data part and the total
def _data_bits(net: TwoLayerNet, X: np.ndarray, y: np.ndarray) -> float:
    logp_nats = log_softmax(net.logits(X))[np.arange(len(y)), y]
    return float(-logp_nats.sum() / LN2)


@validated
def data_bits(net: TwoLayerNet, X, y) -> float:
    """−Σ log2 p(y_i | x_i) under ``net`` itself (no quantization), in bits.

    The network gives log-probabilities in nats; dividing by ln 2 converts them to bits.
    """
    net = check_instance(net, "net", TwoLayerNet)
    return _data_bits(net, *_check_data(net, X, y))


def _description_length(net: TwoLayerNet, X: np.ndarray, y: np.ndarray, b: int) -> DescriptionLength:
    mc = _model_code_and_payloads(net, b)[0]
    d = _data_bits(mc.network, X, y)
    return DescriptionLength(mc.total_bits, d, mc.total_bits + d, mc.header_bits, mc.mask_bits,
                             mc.weight_bits, mc.bias_bits, b, int(len(y)), net.n_out, mc)


@validated
def description_length(net: TwoLayerNet, X, y, value_bits: int = 8) -> DescriptionLength:
    """The two-part description length of labels ``y`` given inputs ``X``, in bits.

    Model bits: header, masks, quantized values (see the module docstring).
    Data bits: −Σ log2 p(y|x) under the network the receiver decodes.

    Parameters
    ----------
    net : TwoLayerNet
    X : array_like, shape (N, net.n_in)
    y : array_like of int, shape (N,)
    value_bits : int
        1..16 (quantized) or 32 (float32 as it is).

    Returns
    -------
    DescriptionLength
        Fields ``model_bits``, ``data_bits``, ``total_bits`` and the breakdown.
    """
    net, b = _check_net(net), _check_value_bits(value_bits)
    return _description_length(net, *_check_data(net, X, y), b)


@validated
def best_description_length(net: TwoLayerNet, X, y,
                            precisions=tuple(range(1, 17))) -> DescriptionLength:
    """The shortest :func:`description_length` over several precisions (ties: the lower precision).

    Choosing the precision is the sender's business; the header tells the
    receiver which one was used, so the minimum is an honest code length.

    Parameters
    ----------
    net : TwoLayerNet
    X, y : array_like
    precisions : sequence of int
        Candidate ``value_bits`` (default 1..16).

    Returns
    -------
    DescriptionLength
    """
    net = _check_net(net)
    X, y = _check_data(net, X, y)
    codes = (_description_length(net, X, y, b) for b in _check_precisions(precisions))
    return min(codes, key=lambda d: d.total_bits)
