"""Description lengths in bits: a two-part code for a pruned network, a real codec, and the bars to beat.

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
model part is an *ideal* code length that a real file can reach: :func:`encode`
writes the message as one integer in a mixed radix (each field a digit whose
radix is that count), so the file is ``ceil(model_bits / 8)`` bytes, at most 7
bits above the ideal count and never below it. :func:`decode` reads it back
into exactly the receiver's network.

Byte format of :func:`encode` (all of it is one unsigned big-endian integer
``N`` of ``ceil(model_bits / 8)`` bytes). ``N`` is read digit by digit,
``digit = N mod radix; N = N div radix``, in this order::

    n_in (radix 65536), n_hidden (65536), n_out (65536),
    index of value_bits in ALLOWED_VALUE_BITS (17)
    for each layer (W1, then W2), rows x cols known from the header:
        code (2): 0 = enumerative, 1 = submatrix
        enumerative: k (n+1), subset rank (C(n, k))
        submatrix:   R (rows+1), rows rank (C(rows, R)), C (cols+1), cols rank (C(cols, C)),
                     k (R*C+1), rank of the kept entries inside the sub-matrix (C(R*C, k))
    for each array (W1, b1, W2, b2) with k > 0 values (row-major order of kept entries):
        value_bits = 32: each value's float32 bit pattern (2**32)
        else: step d as float16 bit pattern (65536); code (2): 0 = fixed, 1 = multinomial
              fixed:       each level index (2**b)
              multinomial: counts rank (C(k + 2**b - 1, 2**b - 1)), arrangement rank (k!/prod k_s!)

After the last digit ``N`` must be 0; anything else is refused as corrupt.
Subset ranks are colexicographic (the combinatorial number system); level
index ``q`` means sign ``+`` if ``q >= 2**(b-1)`` and magnitude index
``q mod 2**(b-1)``.

Also here: :func:`uniform_code_bits` (N·log2 K, the bar every code of the
labels must beat) and :func:`prequential_code_length` (Blier & Ollivier
2018: each block of labels coded by a network trained on the labels before
it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._checks import check_int, check_X, check_y, make_rng
from ..network import TwoLayerNet, check_net, log_softmax

__all__ = ["ALLOWED_VALUE_BITS", "HEADER_BITS", "LN2", "ArrayCode", "MaskCode", "ModelCode",
           "DescriptionLength", "PrequentialCode", "log2_binomial", "quantize", "model_code",
           "receiver_network", "description_length", "best_description_length", "data_bits", "encode", "decode", "exact_model_bits",
           "uniform_code_bits", "prequential_code_length"]

#: Precisions the code accepts: 1..16-bit quantized values, or 32 = float32 as it is.
ALLOWED_VALUE_BITS = tuple(range(1, 17)) + (32,)
#: Largest layer size the header can carry (16 bits per size).
_SIZE_RADIX = 1 << 16
#: ln 2: divide a length in nats by it to get bits.
LN2 = math.log(2.0)
#: Header: three 16-bit layer sizes and the index of value_bits among 17 choices.
HEADER_BITS = 3 * 16 + math.log2(len(ALLOWED_VALUE_BITS))
_SCALE_BITS = 16          # the quantizer step d, as a float16
_MULTINOMIAL_MAX_BITS = 8  # beyond this the 2**b level counts cost more than they save
_MAX_DECODED_WEIGHTS = 50_000_000  # decode refuses larger networks (guards against corrupt bytes)
_MASK_CODES = ("enumerative", "submatrix")
_VALUE_CODES = ("fixed", "multinomial", "float32")
_ARRAYS = ("W1", "b1", "W2", "b2")


# ----------------------------------------------------------------------------- small helpers
def log2_binomial(n: int, k: int) -> float:
    """log2 C(n, k), via ``math.lgamma`` (no overflow for large n)."""
    n = check_int(n, "n", low=0)
    k = check_int(k, "k")
    if k < 0 or k > n:
        raise ValueError(f"log2_binomial needs 0 <= k <= n, got n={n}, k={k}")
    return (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)) / LN2


def _log2_multinomial(counts) -> float:
    k = int(sum(counts))
    return (math.lgamma(k + 1) - sum(math.lgamma(int(c) + 1) for c in counts)) / LN2


def _check_net(net) -> TwoLayerNet:
    net = check_net(net)
    if max(net.n_in, net.n_hidden, net.n_out) >= _SIZE_RADIX:
        raise ValueError(f"layer sizes must be below {_SIZE_RADIX} for the 16-bit header, "
                         f"got {net.n_in}-{net.n_hidden}-{net.n_out}")
    return net


def _check_value_bits(value_bits) -> int:
    b = check_int(value_bits, "value_bits")
    if b not in ALLOWED_VALUE_BITS:
        raise ValueError(f"value_bits must be an integer from 1 to 16 (quantized) or 32 (float32 "
                         f"as it is), got {b}")
    return b


# ----------------------------------------------------------------------------- quantizer
def _levels(idx: np.ndarray, b: int, step: float) -> np.ndarray:
    """Values of level indices: ``±(j + 1/2)·step``; shared by sender and receiver (bit-identical)."""
    half = 1 << (b - 1)
    sign = np.where(idx >= half, 1.0, -1.0)
    return sign * ((idx % half) + 0.5) * step


def _indices(v: np.ndarray, b: int, step: float) -> np.ndarray:
    half = 1 << (b - 1)
    if step > 0:
        j = np.clip(np.floor(np.abs(v) / step), 0, half - 1).astype(np.int64)
    else:
        j = np.zeros(v.shape, dtype=np.int64)
    return j + half * (v >= 0)


def quantize(values, value_bits: int) -> tuple[np.ndarray, float, np.ndarray]:
    """Quantize a 1-D array with the symmetric ``value_bits``-bit quantizer of the code.

    The step ``d`` is chosen among 91 candidates ``f·max|v|/2**(b-1)``,
    ``f`` in [0.1, 1], to minimise the squared error (clipping the largest
    values can pay), then rounded to float16 because that is how it is sent.

    Parameters
    ----------
    values : array_like
        Finite values (any shape; flattened).
    value_bits : int
        1 to 16.

    Returns
    -------
    dequantized : ndarray
        The values the receiver gets, float64, same order.
    step : float
        The step ``d`` (exactly a float16 value).
    indices : ndarray of int64
        Level indices in ``[0, 2**value_bits)``.
    """
    b = _check_value_bits(value_bits)
    if b == 32:
        raise ValueError("value_bits=32 sends float32 values as they are; there is no quantizer")
    v = np.asarray(values, dtype=np.float64).ravel()
    if not np.all(np.isfinite(v)):
        raise ValueError("values contain NaN or infinite entries")
    top = float(np.abs(v).max()) if v.size else 0.0
    if top >= 65504.0 * (1 << (b - 1)):
        raise ValueError(f"values up to {top:g} are too large for the float16 step of the code")
    step = 0.0
    if top > 0:
        half = 1 << (b - 1)
        # All 91 candidate steps at once; the level has the value's sign, so only magnitudes matter.
        d = top * np.linspace(0.1, 1.0, 91)[:, None] / half
        a = np.abs(v)[None, :]
        j = np.clip(np.floor(a / d), 0, half - 1)
        err = np.sum((a - (j + 0.5) * d) ** 2, axis=1)
        step = float(np.float16(d[int(np.argmin(err)), 0]))
    idx = _indices(v, b, step)
    return _levels(idx, b, step), step, idx


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
        header_bits + mask_bits + weight_bits + bias_bits: what :func:`encode` writes (ideally).
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


# ----------------------------------------------------------------------------- model code (bits)
def _enumerative_bits(n: int, k: int) -> float:
    return math.log2(n + 1) + log2_binomial(n, k)


def _submatrix_parts(mask: np.ndarray):
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


def _array_code(name: str, v: np.ndarray, b: int):
    """Bits, code name, dequantized values, step and indices for one array's values."""
    k = v.size
    if k == 0:
        return ArrayCode(name, 0, "fixed" if b != 32 else "float32", 0.0, 0.0,
                         float("nan") if b == 32 else 0.0), v, None
    if b == 32:
        if np.abs(v).max() > np.finfo(np.float32).max:
            raise ValueError(f"{name} has values beyond the float32 range; use value_bits <= 16")
        v32 = v.astype(np.float32)
        return ArrayCode(name, k, "float32", 32.0 * k, 0.0, float("nan")), v32.astype(np.float64), v32
    deq, step, idx = quantize(v, b)
    fixed = float(b * k)
    code, bits = "fixed", fixed
    if b <= _MULTINOMIAL_MAX_BITS:
        m = 1 << b
        multi = log2_binomial(k + m - 1, m - 1) + _log2_multinomial(np.bincount(idx, minlength=m))
        if multi < fixed:
            code, bits = "multinomial", multi
    total = _SCALE_BITS + 1.0 + bits
    return ArrayCode(name, k, code, total, float(_SCALE_BITS), step), deq, idx


def _plan(net: TwoLayerNet, b: int):
    masks = (_mask_code("W1", net.mask1), _mask_code("W2", net.mask2))
    arrays, deq, raw = [], {}, {}
    for name in _ARRAYS:
        a = getattr(net, name)
        keep = getattr(net, "mask" + name[1]) if name.startswith("W") else np.ones(a.shape, bool)
        code, values, payload = _array_code(name, a[keep], b)
        out = np.zeros(a.shape)
        out[keep] = values
        arrays.append(code)
        deq[name] = out
        raw[name] = payload
    receiver = TwoLayerNet(deq["W1"], deq["b1"], deq["W2"], deq["b2"], net.mask1, net.mask2)
    return ModelCode(b, HEADER_BITS, masks, tuple(arrays), receiver), raw


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
        ``total_bits`` is the ideal length of :func:`encode`'s file.
    """
    return _plan(_check_net(net), _check_value_bits(value_bits))[0]


def receiver_network(net: TwoLayerNet, value_bits: int = 8) -> TwoLayerNet:
    """The network the receiver decodes: same masks, values quantized (or float32)."""
    return model_code(net, value_bits).network


def data_bits(net: TwoLayerNet, X, y) -> float:
    """−Σ log2 p(y_i | x_i) under ``net`` itself (no quantization), in bits.

    The network gives log-probabilities in nats; dividing by ln 2 converts them to bits.
    """
    net = _check_net(net)
    X = check_X(X, n_features=net.n_in)
    y = check_y(y, n_samples=X.shape[0], n_classes=net.n_out)
    logp_nats = log_softmax(net.logits(X))[np.arange(len(y)), y]
    return float(-logp_nats.sum() / LN2)


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
    net = _check_net(net)
    b = _check_value_bits(value_bits)
    X = check_X(X, n_features=net.n_in)
    y = check_y(y, n_samples=X.shape[0], n_classes=net.n_out)
    mc = _plan(net, b)[0]
    d = data_bits(mc.network, X, y)
    return DescriptionLength(mc.total_bits, d, mc.total_bits + d, mc.header_bits, mc.mask_bits,
                             mc.weight_bits, mc.bias_bits, b, int(len(y)), net.n_out, mc)


def best_description_length(net: TwoLayerNet, X, y, precisions=tuple(range(1, 17))) -> DescriptionLength:
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
    if isinstance(precisions, (str, bytes)) or not hasattr(precisions, "__iter__"):
        raise TypeError(f"precisions must be a sequence of value_bits, got {type(precisions).__name__}")
    precisions = sorted({_check_value_bits(b) for b in precisions})
    if not precisions:
        raise ValueError("precisions is empty: give at least one value_bits")
    return min((description_length(net, X, y, value_bits=b) for b in precisions),
               key=lambda d: d.total_bits)


# ----------------------------------------------------------------------------- exact enumerative coding
def _rank_subset(positions) -> int:
    """Colexicographic rank of a sorted set of positions: Σ_j C(p_j, j), j = 1..k.

    Walks the binomials multiplicatively (C(p+1, j) = C(p, j)(p+1)/(p+1-j),
    C(p, j+1) = C(p, j)(p-j)/(j+1)) instead of computing each from scratch.
    """
    rank, c, cp, cj = 0, 0, -1, 0
    for j, p in enumerate(positions, 1):
        p = int(p)
        if p < j:
            continue                        # C(p, j) = 0
        if c == 0:
            c, cp, cj = math.comb(p, j), p, j
        else:
            while cp < p:                   # keep j = cj, move p up
                c = c * (cp + 1) // (cp + 1 - cj)
                cp += 1
            c = c * (cp - cj) // (cj + 1)   # then j -> j + 1 (nonzero since p >= j)
            cj += 1
        rank += c
    return rank


def _unrank_subset(rank: int, n: int, k: int) -> np.ndarray:
    """Inverse of :func:`_rank_subset`: the k sorted positions in range(n)."""
    out = np.empty(k, dtype=np.int64)
    p = n - 1
    c = math.comb(p, k) if k else 0
    for j in range(k, 0, -1):
        while c > rank:                     # largest p with C(p, j) <= rank
            c = c * (p - j) // p            # C(p-1, j) from C(p, j)
            p -= 1
        out[j - 1] = p
        rank -= c
        if j > 1:                           # next: C(p-1, j-1) = C(p, j) * j / p
            c = c * j // p if c else math.comb(p - 1, j - 1)
            p -= 1
    if rank != 0:
        raise ValueError("corrupt code: a subset rank is out of range")
    return out


class _Fenwick:
    """Prefix sums of symbol counts in O(log M) (for the multinomial arrangement rank)."""

    def __init__(self, counts):
        self.n = len(counts)
        self.t = [0] * (self.n + 1)
        for i, c in enumerate(counts):
            self.add(i, int(c))

    def add(self, i: int, delta: int) -> None:
        i += 1
        while i <= self.n:
            self.t[i] += delta
            i += i & -i

    def prefix(self, i: int) -> int:
        """Sum of counts of symbols < i."""
        s = 0
        while i > 0:
            s += self.t[i]
            i -= i & -i
        return s

    def find(self, target: int) -> int:
        """Smallest symbol x with prefix(x + 1) > target."""
        pos, rem = 0, target
        step = 1 << self.n.bit_length()
        while step:
            nxt = pos + step
            if nxt <= self.n and self.t[nxt] <= rem:
                pos, rem = nxt, rem - self.t[nxt]
            step >>= 1
        return pos


def _multinomial(counts) -> int:
    out = math.factorial(int(sum(counts)))
    for c in counts:
        out //= math.factorial(int(c))
    return out


def _rank_arrangement(seq, counts) -> tuple[int, int]:
    """Rank of a sequence among all arrangements of its multiset, and their number."""
    counts = [int(c) for c in counts]
    total = _multinomial(counts)
    tree, left = _Fenwick(counts), len(seq)
    n_arr, rank = total, 0
    for x in seq:
        x = int(x)
        rank += n_arr * tree.prefix(x) // left
        n_arr = n_arr * counts[x] // left
        counts[x] -= 1
        tree.add(x, -1)
        left -= 1
    return rank, total


def _unrank_arrangement(rank: int, counts) -> np.ndarray:
    counts = [int(c) for c in counts]
    k = sum(counts)
    n_arr = _multinomial(counts)
    tree, out = _Fenwick(counts), np.empty(k, dtype=np.int64)
    for i, left in enumerate(range(k, 0, -1)):
        x = tree.find(rank * left // n_arr)
        rank -= n_arr * tree.prefix(x) // left
        n_arr = n_arr * counts[x] // left
        counts[x] -= 1
        tree.add(x, -1)
        out[i] = x
    if rank != 0:
        raise ValueError("corrupt code: an arrangement rank is out of range")
    return out


def _composition_to_subset(counts) -> np.ndarray:
    """Stars and bars: counts (c_0..c_{M-1}) summing to k -> positions of the M-1 bars in k+M-1 slots."""
    return np.cumsum(np.asarray(counts[:-1], dtype=np.int64)) + np.arange(len(counts) - 1)


def _subset_to_composition(bars: np.ndarray, k: int, m: int) -> np.ndarray:
    edges = np.concatenate([[-1], bars, [k + m - 1]])
    return np.diff(edges) - 1


class _Writer:
    """Collects (digit, radix) pairs; the message is the mixed-radix integer they form."""

    def __init__(self):
        self.digits: list[tuple[int, int]] = []

    def put(self, digit: int, radix: int) -> None:
        digit, radix = int(digit), int(radix)
        assert 0 <= digit < radix or (radix == 1 and digit == 0)
        if radix > 1:
            self.digits.append((digit, radix))

    def put_subset(self, positions, n: int) -> None:
        k = len(positions)
        self.put(k, n + 1)
        self.put(_rank_subset(positions), math.comb(n, k))

    def to_int(self) -> tuple[int, int]:
        value, space = 0, 1
        for digit, radix in reversed(self.digits):
            value = value * radix + digit
            space *= radix
        return value, space


class _Reader:
    def __init__(self, value: int):
        self.value = value
        self.space = 1          # product of the radices read so far: fixes the file's length

    def get(self, radix: int) -> int:
        if radix <= 1:
            return 0
        self.space *= radix
        self.value, digit = divmod(self.value, radix)
        return digit

    def get_subset(self, n: int) -> np.ndarray:
        k = self.get(n + 1)
        return _unrank_subset(self.get(math.comb(n, k)), n, k)


def _n_bytes(space: int) -> int:
    """Bytes needed for any integer in range(space): ceil(log2(space) / 8), at least one."""
    return max(1, ((space - 1).bit_length() + 7) // 8)


def _log2_int(x: int) -> float:
    """log2 of a (possibly huge) positive integer, accurate to float precision."""
    shift = max(x.bit_length() - 60, 0)
    return shift + math.log2(x >> shift)


# ----------------------------------------------------------------------------- codec
def _write(net: TwoLayerNet, b: int) -> tuple[_Writer, ModelCode]:
    mc, raw = _plan(net, b)
    w = _Writer()
    for size in (net.n_in, net.n_hidden, net.n_out):
        w.put(size, _SIZE_RADIX)
    w.put(ALLOWED_VALUE_BITS.index(b), len(ALLOWED_VALUE_BITS))
    for mcode, mask in zip(mc.masks, (net.mask1, net.mask2)):
        w.put(_MASK_CODES.index(mcode.code), 2)
        if mcode.code == "enumerative":
            w.put_subset(np.flatnonzero(mask.ravel()), mask.size)
        else:
            rows, cols, sub = _submatrix_parts(mask)
            w.put_subset(rows, mask.shape[0])
            w.put_subset(cols, mask.shape[1])
            w.put_subset(np.flatnonzero(sub.ravel()), sub.size)
    for acode in mc.arrays:
        payload = raw[acode.array]
        if acode.count == 0:
            continue
        if b == 32:
            for u in payload.view(np.uint32):
                w.put(u, 1 << 32)
            continue
        w.put(int(np.array(acode.step, dtype=np.float16).view(np.uint16)), 1 << _SCALE_BITS)
        w.put(_VALUE_CODES.index(acode.code), 2)
        m = 1 << b
        if acode.code == "fixed":
            for q in payload:
                w.put(q, m)
        else:
            counts = np.bincount(payload, minlength=m)
            bars = _composition_to_subset(counts)
            w.put(_rank_subset(bars), math.comb(acode.count + m - 1, m - 1))
            rank, n_arr = _rank_arrangement(payload, counts)
            w.put(rank, n_arr)
    return w, mc


def encode(net: TwoLayerNet, value_bits: int = 8) -> bytes:
    """The model part of the two-part code as bytes (format in the module docstring).

    The file holds the network the receiver gets: masks exact, values
    quantized to ``value_bits`` (or float32 for 32). Its length is
    ``ceil(model_code(net, value_bits).total_bits / 8)`` bytes.

    Parameters
    ----------
    net : TwoLayerNet
    value_bits : int
        1..16 or 32.

    Returns
    -------
    bytes
    """
    net = _check_net(net)
    b = _check_value_bits(value_bits)
    value, space = _write(net, b)[0].to_int()
    return value.to_bytes(_n_bytes(space), "big")


def exact_model_bits(net: TwoLayerNet, value_bits: int = 8) -> float:
    """log2 of the number of possible messages, from the exact integer radices.

    Equals :func:`model_code`'s ``total_bits`` (which uses ``math.lgamma``) up
    to float rounding; this is the ideal count the file is compared with.
    """
    net = _check_net(net)
    b = _check_value_bits(value_bits)
    return _log2_int(_write(net, b)[0].to_int()[1])


def decode(blob: bytes) -> TwoLayerNet:
    """The network the receiver rebuilds from :func:`encode`'s bytes.

    Raises
    ------
    TypeError
        ``blob`` is not bytes.
    ValueError
        The bytes are not a valid code (wrong length, out-of-range fields, leftovers).
    """
    if not isinstance(blob, (bytes, bytearray, memoryview)):
        raise TypeError(f"blob must be bytes (from mdl.encode), got {type(blob).__name__}")
    blob = bytes(blob)
    if len(blob) == 0:
        raise ValueError("blob is empty; it must be the bytes mdl.encode wrote")
    r = _Reader(int.from_bytes(blob, "big"))
    n_in, n_hidden, n_out = (r.get(_SIZE_RADIX) for _ in range(3))
    b = ALLOWED_VALUE_BITS[r.get(len(ALLOWED_VALUE_BITS))]
    if min(n_in, n_hidden) < 1 or n_out < 2:
        raise ValueError(f"corrupt code: layer sizes {n_in}-{n_hidden}-{n_out}")
    if n_hidden * (n_in + n_out) > _MAX_DECODED_WEIGHTS:
        raise ValueError(f"refusing to decode a {n_in}-{n_hidden}-{n_out} network: more than "
                         f"{_MAX_DECODED_WEIGHTS} weights (corrupt or hostile bytes?)")
    masks = []
    for shape in ((n_in, n_hidden), (n_hidden, n_out)):
        code = _MASK_CODES[r.get(2)]
        mask = np.zeros(shape, dtype=bool)
        if code == "enumerative":
            mask.ravel()[r.get_subset(mask.size)] = True
        else:
            rows = r.get_subset(shape[0])
            cols = r.get_subset(shape[1])
            sub = np.zeros((rows.size, cols.size), dtype=bool)
            sub.ravel()[r.get_subset(sub.size)] = True
            mask[np.ix_(rows, cols)] = sub
        masks.append(mask)
    arrays = {}
    for name in _ARRAYS:
        shape = ((n_in, n_hidden) if name == "W1" else (n_hidden,) if name == "b1"
                 else (n_hidden, n_out) if name == "W2" else (n_out,))
        keep = masks[0] if name == "W1" else masks[1] if name == "W2" else np.ones(shape, bool)
        k = int(keep.sum())
        out = np.zeros(shape)
        if k:
            if b == 32:
                bits = np.array([r.get(1 << 32) for _ in range(k)], dtype=np.uint32)
                vals = bits.view(np.float32).astype(np.float64)
                if not np.all(np.isfinite(vals)):
                    raise ValueError("corrupt code: a float32 value is not finite")
            else:
                step = float(np.array(r.get(1 << _SCALE_BITS), dtype=np.uint16).view(np.float16))
                if not (np.isfinite(step) and step >= 0):
                    raise ValueError("corrupt code: the quantizer step is not a finite number >= 0")
                code = _VALUE_CODES[r.get(2)]
                m = 1 << b
                if code == "fixed":
                    idx = np.array([r.get(m) for _ in range(k)], dtype=np.int64)
                else:
                    bars = _unrank_subset(r.get(math.comb(k + m - 1, m - 1)), k + m - 1, m - 1)
                    counts = _subset_to_composition(bars, k, m)
                    idx = _unrank_arrangement(r.get(_multinomial(counts)), counts)
                vals = _levels(idx, b, step)
            out[keep] = vals
        arrays[name] = out
    if r.value != 0 or len(blob) != _n_bytes(r.space):
        raise ValueError("corrupt code: the bytes do not end where the last field ends")
    return TwoLayerNet(arrays["W1"], arrays["b1"], arrays["W2"], arrays["b2"], masks[0], masks[1])


# ----------------------------------------------------------------------------- codes of the labels alone
def uniform_code_bits(n_labels: int, n_classes: int) -> float:
    """N·log2 K: every label sent as one of K equally likely classes, nothing learned.

    Any code worth having must beat this bar.
    """
    n_labels = check_int(n_labels, "n_labels", low=1)
    n_classes = check_int(n_classes, "n_classes", low=2)
    return n_labels * math.log2(n_classes)


@dataclass(frozen=True)
class PrequentialCode:
    """Prequential (online) code length of a label sequence, in bits.

    Attributes
    ----------
    total_bits : float
        Sum of ``block_bits``.
    block_ends : tuple of int
        Block ``i`` holds labels ``block_ends[i-1]:block_ends[i]`` (the first starts at 0).
    block_bits : tuple of float
        Bits spent on each block (the first with the uniform code).
    n_classes : int
    """

    total_bits: float
    block_ends: tuple
    block_bits: tuple
    n_classes: int

    @property
    def uniform_bits(self) -> float:
        return uniform_code_bits(self.block_ends[-1], self.n_classes)


def _default_block_ends(n: int, first: int) -> tuple:
    ends, e = [], first
    while e < n:
        ends.append(e)
        e *= 2
    return tuple(ends) + (n,)


def prequential_code_length(X, y, *, n_classes: int, n_hidden: int = 64, block_ends=None,
                            first_block: int = 16, epochs: int = 40, uniform_mix: float = 0.0,
                            seed=0, **fit_kwargs) -> PrequentialCode:
    """Prequential code length of ``y`` given ``X`` (Blier & Ollivier 2018), in bits.

    Labels are sent in their given order, in blocks. The first block goes
    with the uniform code (log2 K bits per label); each later block with
    −Σ log2 p(y|x) under a fresh network trained (by :func:`train.fit`) on all
    the labels sent before it, which the receiver can train too. No model
    is ever sent, so there is no model part.

    Parameters
    ----------
    X : array_like, shape (N, d)
    y : array_like of int, shape (N,)
    n_classes : int
        K >= 2.
    n_hidden : int
        Hidden units of the networks trained along the way.
    block_ends : sequence of int, optional
        Increasing ends of the blocks, the last one N. Default: doubling
        from ``first_block`` (16, 32, 64, ..., N).
    first_block : int
        Size of the first block when ``block_ends`` is not given.
    epochs : int
        Training epochs for each block's network.
    uniform_mix : float
        Probability mass in [0, 1) mixed in from the uniform distribution,
        ``p = (1-ε)·p_net + ε/K``, fixed in advance so it is part of the code;
        it bounds the cost of a confident mistake at log2(K/ε) bits.
    seed : int or numpy.random.Generator
        Initialization and minibatch order of every block's network.
    **fit_kwargs
        Passed on to :func:`train.fit` (lr, weight_decay, ...).

    Returns
    -------
    PrequentialCode
    """
    from .. import train  # local import: train is only needed here
    from .._checks import check_real

    X = check_X(X)
    n_classes = check_int(n_classes, "n_classes", low=2)
    y = check_y(y, n_samples=X.shape[0], n_classes=n_classes)
    n = len(y)
    n_hidden = check_int(n_hidden, "n_hidden", low=1)
    epochs = check_int(epochs, "epochs", low=1)
    eps = check_real(uniform_mix, "uniform_mix", low=0.0, high=1.0, high_open=True)
    if block_ends is None:
        first_block = check_int(first_block, "first_block", low=1)
        block_ends = _default_block_ends(n, first_block)
    else:
        if isinstance(block_ends, (str, bytes)):
            raise TypeError("block_ends must be a sequence of integers")
        block_ends = tuple(check_int(e, "block_ends entry", low=1) for e in block_ends)
        if not block_ends or any(b2 <= b1 for b1, b2 in zip(block_ends, block_ends[1:])) \
                or block_ends[-1] != n:
            raise ValueError(f"block_ends must be strictly increasing integers ending at N={n}, "
                             f"got {block_ends}")
    rng = make_rng(seed)
    bits = [block_ends[0] * math.log2(n_classes)]
    for start, end in zip(block_ends, block_ends[1:]):
        net = TwoLayerNet.create(X.shape[1], n_hidden, n_classes, seed=rng)
        net, _ = train.fit(net, X[:start], y[:start], epochs=epochs, seed=rng, **fit_kwargs)
        logp_nats = log_softmax(net.logits(X[start:end]))
        if eps > 0:
            p = (1.0 - eps) * np.exp(logp_nats) + eps / n_classes
            logp_nats = np.log(p)
        bits.append(float(-logp_nats[np.arange(end - start), y[start:end]].sum() / LN2))
    return PrequentialCode(float(sum(bits)), block_ends, tuple(bits), n_classes)
