"""The package's shortest two-part code: trained shared values, entropy-coded, units sent as a set.

:func:`~mdl_prune.mdl.description_length` quantizes a trained network after
the fact, with a uniform quantizer per array and every hidden unit coded at
its place. :func:`shortest_code` spends the sender's effort where the bits
are (Han et al. 2016, "Deep Compression", and the symmetries of the network):

* **Only live hidden units are sent.** A unit with no kept outgoing weight
  cannot change the output: its incoming weights are dropped. A unit with no
  kept incoming weight outputs the constant ``relu(b1)``: its contribution
  ``relu(b1)·W2[h]`` is added to ``b2`` and its outgoing weights are dropped.
  The function is unchanged; the masks only lose weights that did nothing.
* **Hidden units are a set, not a sequence.** Permuting hidden units changes
  nothing, so the sender puts the live units in a canonical order (by number
  of inputs, then by which inputs) and codes the *multiset* of their input
  patterns, saving about log2 H! bits over coding them one by one. The
  receiver's network has the live units first, in that order, then the
  dead units (all weights pruned, bias 0).
* **Shared values** (trained quantization): each array (kept ``W1``, live
  ``b1``, kept ``W2``, ``b2``) gets a small codebook, from 1-D k-means and
  then fine-tuned with the mask fixed (the gradient of a shared value is the
  sum of the gradients of the weights that use it; the weights' assignments
  follow latent float weights trained with the straight-through estimator).
  Codebook values are sent as float16 numbers with their mantissa cut to
  ``m`` bits; the indices with an enumerative (entropy) code.

The search tries a few codebook sizes and learning rates and every ``m`` in
0..10, and keeps the shortest total. It also considers mdl's own code
(:func:`~mdl_prune.mdl.best_description_length`), so the result is never
longer than that code plus the one bit that says which code follows.

What is sent, in order (bits; ``lb(n, k) = log2 C(n, k)``, ``γ(n) =
2⌊log2 n⌋ + 1`` the Elias gamma code of an integer ``n >= 1``):

1. **header** (``header_bits``): 1 bit, this code or mdl's; the layer sizes
   ``γ(n_in) + γ(n_hidden) + γ(n_out)``; ``m`` among 0..10, log2 11;
2. **W1 mask** (a "units" code): the number of live units ``H``,
   log2(n_hidden + 1); then 1 bit choosing the input universe: all ``n_in``
   inputs (``U = n_in``), or the ``P`` inputs any live unit reads, sent as
   log2(n_in + 1) + lb(n_in, P) (``U = P``); the largest in-degree ``D``,
   log2 U; how many units have each in-degree 1..D (a composition of ``H``),
   lb(H + D - 1, D - 1); for each in-degree ``d`` held by ``n_d`` units, which
   multiset of ``n_d`` subsets of size ``d`` of the ``U`` inputs,
   lb(C(U, d) + n_d - 1, n_d). Units come in the order (in-degree, colex rank
   of the input subset, then their output pattern);
3. **W2 mask**: the kept weights among the ``H·n_out`` entries of the live
   rows, log2(H·n_out + 1) + lb(H·n_out, k);
4. **values**, for ``W1`` (kept, row-major), ``b1`` (the ``H`` live units),
   ``W2`` (kept, row-major), ``b2`` (all), each with ``n >= 1`` entries
   (counts known from the masks): the codebook size ``γ(k)``; the set of
   ``k`` distinct codebook values among the 2**(6 + m) float16 bit patterns
   with ``m`` mantissa bits, lb(2**(6+m), k) (index ``j`` = the ``j``-th
   smallest value); how many entries use each value (all >= 1),
   lb(n - 1, k - 1); which entry uses which, log2(n! / Π n_j!);
5. **data**: −Σ log2 p(y_i | x_i) under the receiver's network.

Every term is the log2 of a count of equally likely choices, so the model
part is an ideal code length that an enumerative coder (as
:func:`~mdl_prune.mdl.encode`) reaches within a byte.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._checks import check_instance, check_X, check_y, make_rng, validated
from ..network import TwoLayerNet, backward_pass, forward_pass, log_softmax
from .bits import (LN2, ArrayCode, DescriptionLength, MaskCode, ModelCode, best_description_length,
                   data_bits, log2_binomial, model_code)

__all__ = ["shortest_code"]

#: Mantissa bits ``m`` a codebook value may keep (the header says which).
MANTISSA_BITS = tuple(range(11))
#: Codebook sizes (k_W1, k_b1, k_W2, k_b2) and learning rate of the latent weights (0: the
#: assignments stay those of k-means) tried by :func:`shortest_code`.
CODEBOOK_SEARCH = ((2, 1, 3, 2, 0.004), (3, 1, 3, 2, 0.004), (2, 1, 3, 2, 0.002),
                   (3, 1, 3, 2, 0.002), (4, 1, 4, 2, 0.003))
_ARRAYS = ("W1", "b1", "W2", "b2")
_STEPS = 200                 # full-batch fine-tuning steps per candidate
_CODEBOOK_LR = 0.01          # Adam step on the shared values


# ----------------------------------------------------------------------------- bits of the parts
def _gamma_bits(n: int) -> float:
    """Elias gamma code of an integer n >= 1: 2⌊log2 n⌋ + 1 bits."""
    return 2.0 * (int(n).bit_length() - 1) + 1.0


def _log2_multinomial(counts) -> float:
    return (math.lgamma(sum(counts) + 1) - sum(math.lgamma(c + 1) for c in counts)) / math.log(2)


def _log2_multisets(universe: int, n: int) -> float:
    """log2 C(universe + n - 1, n), the multisets of n items; term by term, exact for huge universes."""
    return sum(math.log2(universe + i - 1) - math.log2(i) for i in range(1, n + 1))


def _colex_rank(positions) -> int:
    return sum(math.comb(int(p), j) for j, p in enumerate(positions, 1))


def _unit_order(mask1: np.ndarray, mask2: np.ndarray, live: np.ndarray) -> list:
    """Live units in the order they are sent: in-degree, input subset (colex), output pattern."""
    def key(h):
        ins = np.flatnonzero(mask1[:, h])
        return (ins.size, _colex_rank(ins), tuple(np.flatnonzero(mask2[h])))
    return sorted(np.flatnonzero(live).tolist(), key=key)


def _units_mask_bits(mask1: np.ndarray, n_hidden: int, H: int) -> float:
    """Bits of the W1 "units" code (part 2 of the module docstring) for live columns ``mask1[:, :H]``."""
    bits = math.log2(n_hidden + 1)
    if H == 0:
        return bits
    n_in, cols = mask1.shape[0], mask1[:, :H]
    used = cols.any(axis=1)
    P = int(used.sum())
    universes = ((n_in, cols, 0.0), (P, cols[used], math.log2(n_in + 1) + log2_binomial(n_in, P)))
    best = math.inf
    for U, sub, extra in universes:
        degree = sub.sum(axis=0)
        D = int(degree.max())
        total = extra + math.log2(U) + log2_binomial(H + D - 1, D - 1)
        for d, n_d in zip(*np.unique(degree, return_counts=True)):
            total += _log2_multisets(math.comb(U, int(d)), int(n_d))
        best = min(best, total)
    return bits + 1.0 + best


def _out_mask_bits(mask2: np.ndarray, H: int) -> float:
    n = H * mask2.shape[1]
    return 0.0 if n == 0 else math.log2(n + 1) + log2_binomial(n, int(mask2[:H].sum()))


def _values_bits(values: np.ndarray, m: int) -> float:
    """Part 4 for one array: codebook size, codebook, counts, arrangement."""
    if values.size == 0:
        return 0.0
    _, counts = np.unique(values, return_counts=True)
    n, k = int(values.size), int(counts.size)
    return (_gamma_bits(k) + log2_binomial(1 << (6 + m), k) + log2_binomial(n - 1, k - 1)
            + _log2_multinomial(counts.tolist()))


def _sent_values(net: TwoLayerNet, H: int) -> dict:
    """The entries of each array that the code sends, in the order it sends them."""
    live = np.zeros(net.n_hidden, bool)
    live[:H] = True
    return {"W1": net.W1[net.mask1], "b1": net.b1[live], "W2": net.W2[net.mask2], "b2": net.b2}


def _round_to_precision(values: np.ndarray, m: int) -> np.ndarray:
    """Nearest float16 value with ``m`` mantissa bits (largest finite one for values beyond it)."""
    with np.errstate(over="ignore"):
        pattern = np.abs(np.asarray(values, dtype=np.float16)).view(np.uint16).astype(np.int64)
    step = 1 << (10 - m)
    pattern = np.minimum((pattern + step // 2) // step * step, 0x7BFF // step * step)
    magnitude = pattern.astype(np.uint16).view(np.float16).astype(np.float64)
    return np.where(np.asarray(values) < 0, -magnitude, magnitude) + 0.0   # + 0.0: no negative zero


def _header_bits(net: TwoLayerNet) -> float:
    sizes = sum(_gamma_bits(s) for s in (net.n_in, net.n_hidden, net.n_out))
    return 1.0 + sizes + math.log2(len(MANTISSA_BITS))


def _model_bits(receiver: TwoLayerNet, H: int, m: int) -> tuple[float, float, float, dict]:
    """Header, W1 mask, W2 mask and per-array value bits, from the receiver's network alone."""
    sent = _sent_values(receiver, H)
    return (_header_bits(receiver), _units_mask_bits(receiver.mask1, receiver.n_hidden, H),
            _out_mask_bits(receiver.mask2, H), {a: _values_bits(sent[a], m) for a in _ARRAYS})


def _description(receiver: TwoLayerNet, H: int, m: int, X, y) -> DescriptionLength:
    """The :class:`~mdl_prune.mdl.DescriptionLength` record of the code, part by part."""
    header, w1_mask, w2_mask, values = _model_bits(receiver, H, m)
    reference = model_code(receiver, 8).masks       # mdl's two mask codes, shown for comparison
    masks = tuple(MaskCode(ref.layer, ref.n, ref.kept, code, bits, ref.enumerative_bits,
                           ref.submatrix_bits)
                  for ref, code, bits in zip(reference, ("units", "enumerative"), (w1_mask, w2_mask)))
    sent = _sent_values(receiver, H)
    arrays = []
    for name in _ARRAYS:
        k = int(np.unique(sent[name]).size)
        book = _gamma_bits(k) + log2_binomial(1 << (6 + m), k) if sent[name].size else 0.0
        arrays.append(ArrayCode(name, int(sent[name].size), "codebook", values[name], book,
                                float("nan")))
    model = ModelCode(6 + m, header, masks, tuple(arrays), receiver)
    d = data_bits(receiver, X, y)
    return DescriptionLength(model.total_bits, d, model.total_bits + d, header, model.mask_bits,
                             model.weight_bits, model.bias_bits, 6 + m, int(len(y)), receiver.n_out,
                             model, code="shared values")


# ----------------------------------------------------------------------------- the sender's side
def _canonical(net: TwoLayerNet) -> tuple[TwoLayerNet, int]:
    """The same function with only live units, first, in the order they are sent; and their number H."""
    has_in, has_out = net.mask1.any(axis=0), net.mask2.any(axis=1)
    constant = ~has_in & has_out                    # outputs relu(b1): fold it into b2
    b2 = net.b2 + np.maximum(net.b1[constant], 0.0) @ net.W2[constant]
    order = _unit_order(net.mask1, net.mask2, has_in & has_out)
    H = len(order)
    arrays = {"W1": np.zeros(net.W1.shape), "b1": np.zeros(net.n_hidden), "W2": np.zeros(net.W2.shape),
              "mask1": np.zeros(net.mask1.shape, bool), "mask2": np.zeros(net.mask2.shape, bool)}
    arrays["W1"][:, :H], arrays["mask1"][:, :H] = net.W1[:, order], net.mask1[:, order]
    arrays["W2"][:H], arrays["mask2"][:H] = net.W2[order], net.mask2[order]
    arrays["b1"][:H] = net.b1[order]
    return TwoLayerNet(b2=b2, **arrays), H


@dataclass(frozen=True)
class _Problem:
    """What the search needs, computed once: the canonical net, its live part and the fixed bits."""

    canon: TwoLayerNet
    H: int
    X: np.ndarray            # only the inputs some live unit reads
    y: np.ndarray
    mask1: np.ndarray        # (used inputs, H)
    mask2: np.ndarray        # (H, n_out)
    fixed_bits: float        # header and masks: the same for every candidate

    @classmethod
    def build(cls, net: TwoLayerNet, X: np.ndarray, y: np.ndarray) -> "_Problem":
        canon, H = _canonical(net)
        used = canon.mask1[:, :H].any(axis=1)
        fixed = (_header_bits(canon) + _units_mask_bits(canon.mask1, canon.n_hidden, H)
                 + _out_mask_bits(canon.mask2, H))
        return cls(canon, H, np.ascontiguousarray(X[:, used]), y, canon.mask1[used][:, :H],
                   canon.mask2[:H], fixed)

    def arrays(self, books: dict, index: dict):
        """The live part of the network the receiver gets: W1, b1, W2, b2."""
        W1, W2 = np.zeros(self.mask1.shape), np.zeros(self.mask2.shape)
        W1[self.mask1], W2[self.mask2] = books["W1"][index["W1"]], books["W2"][index["W2"]]
        return W1, books["b1"][index["b1"]], W2, books["b2"][index["b2"]]

    def total_bits(self, books: dict, index: dict, m: int) -> float:
        """Model plus data bits of a candidate (the data from the live part only: the same logits)."""
        values = sum(_values_bits(books[a][index[a]], m) for a in _ARRAYS)
        logits = forward_pass(self.X, *self.arrays(books, index))[1]
        logp = log_softmax(logits)[np.arange(self.y.size), self.y]
        return self.fixed_bits + values - float(logp.sum()) / LN2

    def receiver(self, books: dict, index: dict) -> TwoLayerNet:
        W1, W2 = np.zeros(self.canon.W1.shape), np.zeros(self.canon.W2.shape)
        W1[self.canon.mask1], W2[self.canon.mask2] = books["W1"][index["W1"]], books["W2"][index["W2"]]
        b1 = np.zeros(self.canon.n_hidden)
        b1[:self.H] = books["b1"][index["b1"]]
        return self.canon.replace(W1=W1, b1=b1, W2=W2, b2=books["b2"][index["b2"]])


def _kmeans_1d(values: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Sorted distinct centres of 1-D k-means: k-means++ seeding from ``rng``, then Lloyd steps."""
    distinct = np.unique(values)
    if distinct.size <= k:
        return distinct
    centres = [rng.choice(values)]
    for _ in range(k - 1):
        d2 = np.min((values[:, None] - np.array(centres)[None, :]) ** 2, axis=1)
        centres.append(values[rng.choice(values.size, p=d2 / d2.sum())] if d2.sum() > 0 else values[0])
    centres = np.unique(centres)
    for _ in range(50):
        assign = _nearest(values, centres)
        moved = np.array([values[assign == j].mean() for j in range(centres.size) if np.any(assign == j)])
        if moved.size == centres.size and np.allclose(moved, centres, rtol=0, atol=1e-15):
            break
        centres = np.unique(moved)
    return centres


def _nearest(values: np.ndarray, centres: np.ndarray) -> np.ndarray:
    if centres.size == 0:                           # an array with nothing to send
        return np.zeros(values.size, dtype=np.int64)
    return np.argmin(np.abs(values[:, None] - centres[None, :]), axis=1)


def _adam(param, grad, state, t, lr):
    """One Adam step in place (β = 0.9, 0.999)."""
    m, v = state
    m *= 0.9
    m += 0.1 * grad
    v *= 0.999
    v += 0.001 * grad * grad
    param -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)


def _fine_tune(p: _Problem, books: dict, weight_lr: float):
    """Train the shared values (and latent weights, straight-through, if ``weight_lr`` > 0).

    Full-batch Adam on the mean cross-entropy, the masks fixed. The latent
    weights start at the sender's values; each entry uses the codebook value
    nearest its latent weight. Returns the codebooks and each entry's index.
    """
    sent = _sent_values(p.canon, p.H)
    latent = {a: sent[a].copy() for a in _ARRAYS}
    books = {a: books[a].copy() for a in _ARRAYS}
    state = {(kind, a): (np.zeros_like(x), np.zeros_like(x))
             for a in _ARRAYS for kind, x in (("book", books[a]), ("latent", latent[a]))}
    for t in range(1, _STEPS + 1):
        decay = 0.5 * (1.0 + math.cos(math.pi * (t - 1) / _STEPS))   # cosine: settle at the end
        index = {a: _nearest(latent[a], books[a]) for a in _ARRAYS}
        W1, b1, W2, b2 = p.arrays(books, index)
        hidden, logits = forward_pass(p.X, W1, b1, W2, b2)
        _, (gW1, gb1, gW2, gb2) = backward_pass(p.X, p.y, W2, hidden, logits)
        grads = {"W1": gW1[p.mask1], "b1": gb1, "W2": gW2[p.mask2], "b2": gb2}
        for a in _ARRAYS:
            shared = np.bincount(index[a], weights=grads[a], minlength=books[a].size)
            _adam(books[a], shared, state["book", a], t, _CODEBOOK_LR * decay)
            if weight_lr > 0:
                _adam(latent[a], grads[a], state["latent", a], t, weight_lr * decay)
    return books, {a: _nearest(latent[a], books[a]) for a in _ARRAYS}


def _snap(p: _Problem, books: dict, index: dict, m: int):
    """Round the codebooks to ``m`` mantissa bits, then move single values one grid step while it pays."""
    books = {a: _round_to_precision(books[a], m) for a in _ARRAYS}
    best = p.total_bits(books, index, m)
    step = 1 << (10 - m)
    for _ in range(2):
        improved = False
        for a in _ARRAYS:
            for j in range(books[a].size):
                pattern = int(np.abs(np.float16(books[a][j])).view(np.uint16))
                for moved in (pattern - step, pattern + step):
                    if not 0 <= moved <= 0x7BFF:
                        continue
                    trial = {b: books[b].copy() for b in _ARRAYS}
                    trial[a][j] = math.copysign(float(np.uint16(moved).view(np.float16)), books[a][j])
                    bits = p.total_bits(trial, index, m)
                    if bits < best - 1e-9:
                        best, books, improved = bits, trial, True
        if not improved:
            break
    return best, books


def _candidate(p: _Problem, sizes, weight_lr: float, rng: np.random.Generator):
    """One point of the search: k-means codebooks of the given sizes, fine-tuned, best precision."""
    sent = _sent_values(p.canon, p.H)
    books = {a: (_kmeans_1d(sent[a], k, rng) if sent[a].size else np.zeros(0))
             for a, k in zip(_ARRAYS, sizes)}
    books, index = _fine_tune(p, books, weight_lr)
    rounded = {m: p.total_bits({a: _round_to_precision(books[a], m) for a in _ARRAYS}, index, m)
               for m in MANTISSA_BITS}
    m = min(rounded, key=rounded.get)
    bits, books = _snap(p, books, index, m)
    return bits, m, p.receiver(books, index)


@validated
def shortest_code(net: TwoLayerNet, X, y, seed=0) -> tuple[TwoLayerNet, DescriptionLength]:
    """The shortest two-part code the package finds for labels ``y`` given ``X``, and its receiver.

    Searches the codes of the module docstring (live units as a set, trained
    shared values, entropy-coded indices) over the codebook sizes and
    learning rates of :data:`CODEBOOK_SEARCH` and the precisions
    :data:`MANTISSA_BITS`, and mdl's own code
    (:func:`~mdl_prune.mdl.best_description_length`); keeps the shortest
    total, model plus data bits, the data charged with the receiver's network.

    Parameters
    ----------
    net : TwoLayerNet
        The sender's trained (pruned) network; its masks are kept, except
        weights of hidden units that cannot affect the output.
    X : array_like, shape (N, net.n_in)
    y : array_like of int, shape (N,)
    seed : int or numpy.random.Generator
        Draws the k-means++ seeds of the codebooks.

    Returns
    -------
    receiver : TwoLayerNet
        The network a decoder rebuilds: the same function as ``net`` up to
        the shared values, live units first in the order sent, each weight a
        codebook value. (If mdl's code wins, ``mdl.receiver_network``.)
    DescriptionLength
        ``header_bits`` (the code choice bit, layer sizes, precision),
        ``mask_bits`` (live units and both masks), ``weight_bits`` and
        ``bias_bits`` (codebooks and indices), ``data_bits``. ``value_bits``
        is the bits of one codebook value, 6 + m (mdl's code: its precision); ``code`` says
        which code won, ``"shared values"`` or mdl's ``"quantized"``;
        ``model.arrays[i].quantizer_bits`` are the codebook's bits and
        ``model.masks[i].code`` is ``"units"`` for W1.
    """
    net = check_instance(net, "net", TwoLayerNet)
    X = check_X(X, n_features=net.n_in)
    y = check_y(y, n_samples=X.shape[0], n_classes=net.n_out)
    rng = make_rng(seed)
    problem = _Problem.build(net, X, y)
    best = None
    for *sizes, weight_lr in CODEBOOK_SEARCH:
        bits, m, receiver = _candidate(problem, sizes, weight_lr, rng)
        if best is None or bits < best[0]:
            best = (bits, m, receiver)
    bits, m, receiver = best
    fallback = best_description_length(net, X, y)
    if fallback.total_bits + 1.0 < bits:
        return fallback.model.network, _with_choice_bit(fallback)
    return receiver, _description(receiver, problem.H, m, X, y)


def _with_choice_bit(dl: DescriptionLength) -> DescriptionLength:
    """mdl's code behind the one header bit that says "mdl's code follows"."""
    model = ModelCode(dl.model.value_bits, dl.header_bits + 1.0, dl.model.masks, dl.model.arrays,
                      dl.model.network)
    return DescriptionLength(dl.model_bits + 1.0, dl.data_bits, dl.total_bits + 1.0,
                             dl.header_bits + 1.0, dl.mask_bits, dl.weight_bits, dl.bias_bits,
                             dl.value_bits, dl.n_samples, dl.n_classes, model)
