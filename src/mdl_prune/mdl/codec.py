"""The exact codec: a pruned network as bytes, and back, at its ideal length.

:func:`encode` writes the model part of the two-part code
(:mod:`~mdl_prune.mdl.bits` counts its bits) and :func:`decode` reads it back
into exactly the receiver's network. Every field of the message is one of a
known number of equally likely possibilities, so the message is written as
one integer in a mixed radix (each field a digit whose radix is that count):
the file is ``ceil(model_bits / 8)`` bytes, at most 7 bits above the ideal
count and never below it.

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

The writer and the reader go through the same steps in the same order:
header, masks, values (``_write_model`` / ``_read_model``), so a longer
message can append its own fields after the model's.
"""

from __future__ import annotations

import math

import numpy as np

from .._checks import InvalidParameterError, check_instance, validated
from ..network import TwoLayerNet
from .bits import (_MASK_CODES, _SIZE_RADIX, _VALUE_CODES, ArrayCode, ModelCode,
                   _check_net, _model_code_and_payloads, _submatrix_parts)
from .quantizer import _STEP_BITS, ALLOWED_VALUE_BITS, _check_value_bits, _level_values

__all__ = ["encode", "decode", "exact_model_bits"]

_MAX_DECODED_WEIGHTS = 50_000_000  # decode refuses larger networks (guards against corrupt bytes)


def _corrupt(what: str) -> InvalidParameterError:
    """The error for bytes that are not a message of :func:`encode`."""
    return InvalidParameterError("blob", f"corrupt code: {what}; blob must be the bytes mdl.encode "
                                         "wrote")


# ----------------------------------------------------------------------------- subsets (colex ranks)
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
        raise _corrupt("a subset rank is out of range")
    return out


# ----------------------------------------------------------------------------- arrangements of a multiset
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
        raise _corrupt("an arrangement rank is out of range")
    return out


# ----------------------------------------------------------------------------- level counts as a subset
def _composition_to_subset(counts) -> np.ndarray:
    """Stars and bars: counts (c_0..c_{M-1}) summing to k -> positions of the M-1 bars in k+M-1 slots."""
    return np.cumsum(np.asarray(counts[:-1], dtype=np.int64)) + np.arange(len(counts) - 1)


def _subset_to_composition(bars: np.ndarray, k: int, m: int) -> np.ndarray:
    edges = np.concatenate([[-1], bars, [k + m - 1]])
    return np.diff(edges) - 1


# ----------------------------------------------------------------------------- the mixed-radix integer
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
        """A subset of range(n): its size, then its rank among the subsets of that size."""
        k = len(positions)
        self.put(k, n + 1)
        self.put(_rank_subset(positions), math.comb(n, k))

    def space(self) -> int:
        """The number of possible messages: the product of the radices."""
        return math.prod(radix for _, radix in self.digits)

    def to_bytes(self) -> bytes:
        """The message as big-endian bytes, as few as any message of this space needs."""
        value = 0
        for digit, radix in reversed(self.digits):
            value = value * radix + digit
        return value.to_bytes(_n_bytes(self.space()), "big")


class _Reader:
    """Reads the digits of a message back, in the order :class:`_Writer` put them."""

    def __init__(self, blob: bytes):
        self.n_bytes = len(blob)
        self.value = int.from_bytes(blob, "big")
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

    def check_end(self) -> None:
        """The last field must end the message: no digits left, no byte too many."""
        if self.value != 0 or self.n_bytes != _n_bytes(self.space):
            raise _corrupt("the bytes do not end where the last field ends")


def _n_bytes(space: int) -> int:
    """Bytes needed for any integer in range(space): ceil(log2(space) / 8), at least one."""
    return max(1, ((space - 1).bit_length() + 7) // 8)


def _log2_int(x: int) -> float:
    """log2 of a (possibly huge) positive integer, accurate to float precision."""
    shift = max(x.bit_length() - 60, 0)
    return shift + math.log2(x >> shift)


# ----------------------------------------------------------------------------- header
def _write_header(w: _Writer, net: TwoLayerNet, b: int) -> None:
    for size in (net.n_in, net.n_hidden, net.n_out):
        w.put(size, _SIZE_RADIX)
    w.put(ALLOWED_VALUE_BITS.index(b), len(ALLOWED_VALUE_BITS))


def _read_header(r: _Reader) -> tuple[int, int, int, int]:
    """Layer sizes and value_bits; refuses sizes no network has, or too many weights to build."""
    n_in, n_hidden, n_out = (r.get(_SIZE_RADIX) for _ in range(3))
    b = ALLOWED_VALUE_BITS[r.get(len(ALLOWED_VALUE_BITS))]
    if min(n_in, n_hidden) < 1 or n_out < 2:
        raise _corrupt(f"layer sizes {n_in}-{n_hidden}-{n_out}")
    if n_hidden * (n_in + n_out) > _MAX_DECODED_WEIGHTS:
        raise InvalidParameterError("blob", f"refusing to decode a {n_in}-{n_hidden}-{n_out} network: "
                                            f"more than {_MAX_DECODED_WEIGHTS} weights (corrupt or "
                                            "hostile bytes?)")
    return n_in, n_hidden, n_out, b


# ----------------------------------------------------------------------------- masks
def _write_mask(w: _Writer, mask: np.ndarray, code: str) -> None:
    w.put(_MASK_CODES.index(code), 2)
    if code == "enumerative":
        w.put_subset(np.flatnonzero(mask.ravel()), mask.size)
    else:
        rows, cols, sub = _submatrix_parts(mask)
        w.put_subset(rows, mask.shape[0])
        w.put_subset(cols, mask.shape[1])
        w.put_subset(np.flatnonzero(sub.ravel()), sub.size)


def _read_mask(r: _Reader, shape: tuple[int, int]) -> np.ndarray:
    mask = np.zeros(shape, dtype=bool)
    if _MASK_CODES[r.get(2)] == "enumerative":
        mask.ravel()[r.get_subset(mask.size)] = True
    else:
        rows = r.get_subset(shape[0])
        cols = r.get_subset(shape[1])
        sub = np.zeros((rows.size, cols.size), dtype=bool)
        sub.ravel()[r.get_subset(sub.size)] = True
        mask[np.ix_(rows, cols)] = sub
    return mask


# ----------------------------------------------------------------------------- values
def _write_float32(w: _Writer, values: np.ndarray) -> None:
    for pattern in values.view(np.uint32):
        w.put(pattern, 1 << 32)


def _read_float32(r: _Reader, k: int) -> np.ndarray:
    values = np.array([r.get(1 << 32) for _ in range(k)], dtype=np.uint32).view(np.float32)
    if not np.all(np.isfinite(values)):
        raise _corrupt("a float32 value is not finite")
    return values.astype(np.float64)


def _write_levels(w: _Writer, code: ArrayCode, idx: np.ndarray, b: int) -> None:
    """The quantizer step, which code, then the level indices one by one or as counts + arrangement."""
    m = 1 << b
    w.put(int(np.array(code.step, dtype=np.float16).view(np.uint16)), 1 << _STEP_BITS)
    w.put(_VALUE_CODES.index(code.code), 2)
    if code.code == "fixed":
        for q in idx:
            w.put(q, m)
    else:
        counts = np.bincount(idx, minlength=m)
        w.put(_rank_subset(_composition_to_subset(counts)), math.comb(code.count + m - 1, m - 1))
        w.put(*_rank_arrangement(idx, counts))


def _read_levels(r: _Reader, k: int, b: int) -> np.ndarray:
    m = 1 << b
    step = float(np.array(r.get(1 << _STEP_BITS), dtype=np.uint16).view(np.float16))
    if not (np.isfinite(step) and step >= 0):
        raise _corrupt("the quantizer step is not a finite number >= 0")
    if _VALUE_CODES[r.get(2)] == "fixed":
        idx = np.array([r.get(m) for _ in range(k)], dtype=np.int64)
    else:
        bars = _unrank_subset(r.get(math.comb(k + m - 1, m - 1)), k + m - 1, m - 1)
        counts = _subset_to_composition(bars, k, m)
        idx = _unrank_arrangement(r.get(_multinomial(counts)), counts)
    return _level_values(idx, b, step)


def _write_values(w: _Writer, code: ArrayCode, payload: np.ndarray, b: int) -> None:
    """One array's values (nothing when it has none): float32 bit patterns, or quantizer levels."""
    if code.count == 0:
        return
    if b == 32:
        _write_float32(w, payload)
    else:
        _write_levels(w, code, payload, b)


def _read_values(r: _Reader, keep: np.ndarray, b: int) -> np.ndarray:
    """One array, zero where ``keep`` is False."""
    out = np.zeros(keep.shape)
    k = int(keep.sum())
    if k:
        out[keep] = _read_float32(r, k) if b == 32 else _read_levels(r, k, b)
    return out


# ----------------------------------------------------------------------------- the whole model
def _write_model(w: _Writer, net: TwoLayerNet, b: int) -> ModelCode:
    """Put the model part of the message; returns its :class:`ModelCode`."""
    code, payloads = _model_code_and_payloads(net, b)
    _write_header(w, net, b)
    for mask_code, mask in zip(code.masks, (net.mask1, net.mask2)):
        _write_mask(w, mask, mask_code.code)
    for array_code in code.arrays:
        _write_values(w, array_code, payloads[array_code.array], b)
    return code


def _read_model(r: _Reader) -> TwoLayerNet:
    """Read what :func:`_write_model` put, in the same order: the receiver's network."""
    n_in, n_hidden, n_out, b = _read_header(r)
    mask1 = _read_mask(r, (n_in, n_hidden))
    mask2 = _read_mask(r, (n_hidden, n_out))
    W1 = _read_values(r, mask1, b)
    b1 = _read_values(r, np.ones(n_hidden, dtype=bool), b)
    W2 = _read_values(r, mask2, b)
    b2 = _read_values(r, np.ones(n_out, dtype=bool), b)
    return TwoLayerNet(W1, b1, W2, b2, mask1, mask2)


# ----------------------------------------------------------------------------- public
@validated
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
    w = _Writer()
    _write_model(w, _check_net(net), _check_value_bits(value_bits))
    return w.to_bytes()


@validated
def exact_model_bits(net: TwoLayerNet, value_bits: int = 8) -> float:
    """log2 of the number of possible messages, from the exact integer radices.

    Equals :func:`~mdl_prune.mdl.model_code`'s ``total_bits`` (which uses
    ``math.lgamma``) up to float rounding; this is the ideal count the file is
    compared with.
    """
    w = _Writer()
    _write_model(w, _check_net(net), _check_value_bits(value_bits))
    return _log2_int(w.space())


@validated
def decode(blob: bytes) -> TwoLayerNet:
    """The network the receiver rebuilds from :func:`encode`'s bytes.

    Raises
    ------
    InvalidParameterError
        ``blob`` is not bytes, or not a valid code (wrong length, out-of-range
        fields, leftovers). Both a ``TypeError`` and a ``ValueError``.
    """
    blob = bytes(check_instance(blob, "blob", (bytes, bytearray, memoryview),
                                "bytes (what mdl.encode wrote)"))
    if len(blob) == 0:
        raise InvalidParameterError("blob", "blob is empty; it must be the bytes mdl.encode wrote")
    r = _Reader(blob)
    net = _read_model(r)
    r.check_end()
    return net
