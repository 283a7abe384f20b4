"""Looking inside a sparse network: what pruning left, per layer, per unit, per pixel.

Notebook 05's helpers. Nothing here prunes or trains; every function reads a
:class:`~mdl_prune.network.TwoLayerNet` and returns new arrays, a new network
or a text table.

* :func:`smallest_kept` -- the smallest surviving magnitude (the pruning threshold, seen from after)
* :func:`receptive_fields` -- each hidden unit's incoming weights as an image, pruned pixels masked
* :func:`pixel_usage` -- how many hidden units still look at each input pixel
* :func:`input_reach` -- how many inputs still have a path to each output class
* :func:`drop_dead_units` -- remove units with no inputs or no outputs, computing exactly the same function
* :func:`sparsity_table` -- per-layer counts of several networks as aligned text
"""

from __future__ import annotations

import numpy as np

from ._checks import InvalidParameterError, check_mapping, describe, validated
from .network import TwoLayerNet, check_net

__all__ = ["smallest_kept", "receptive_fields", "pixel_usage", "input_reach", "drop_dead_units",
           "sparsity_table"]


def _check_image_shape(net: TwoLayerNet, image_shape) -> tuple[int, ...]:
    allowed = "a non-empty tuple of positive integers such as (8, 8)"
    try:
        shape = tuple(int(d) for d in image_shape)
    except (TypeError, ValueError):
        raise InvalidParameterError("image_shape", allowed, describe(image_shape)) from None
    if not shape or any(d < 1 for d in shape):
        raise InvalidParameterError("image_shape", allowed, describe(image_shape))
    if int(np.prod(shape)) != net.n_in:
        raise InvalidParameterError("image_shape", f"image_shape {shape} holds {int(np.prod(shape))} "
                                                   f"pixels but the network has {net.n_in} inputs; "
                                                   "they must match")
    return shape


@validated
def smallest_kept(net: TwoLayerNet) -> float:
    """The smallest absolute value among the kept weights of both layers.

    Right after global magnitude pruning this is the threshold: every pruned
    weight was at most this large. After fine-tuning, survivors can drift
    below it, so it is only the threshold *before* retraining.

    Raises
    ------
    ValueError
        If every weight is pruned (there is no smallest kept weight).
    """
    net = check_net(net)
    kept = np.concatenate([net.W1[net.mask1], net.W2[net.mask2]])
    if kept.size == 0:
        raise InvalidParameterError("net", "every weight of net is pruned; there is no smallest kept weight")
    return float(np.abs(kept).min())


@validated
def receptive_fields(net: TwoLayerNet, image_shape=(8, 8)) -> np.ma.MaskedArray:
    """Each hidden unit's incoming weights laid out as an image.

    Parameters
    ----------
    net : TwoLayerNet
    image_shape : tuple of int
        Shape of one input as an image; its product must equal ``net.n_in``
        (``(8, 8)`` for the digits).

    Returns
    -------
    numpy.ma.MaskedArray
        Shape ``(n_hidden, *image_shape)``: entry ``[h]`` is column ``h`` of
        ``W1`` reshaped, with pruned weights masked (``.mask`` is ``True``
        where the weight is pruned), so a plot can show them apart from
        weights that are merely small.
    """
    net = check_net(net)
    shape = _check_image_shape(net, image_shape)
    values = np.array(net.W1.T).reshape((net.n_hidden,) + shape)
    pruned = (~net.mask1.T).reshape((net.n_hidden,) + shape)
    return np.ma.MaskedArray(values, mask=pruned)


@validated
def pixel_usage(net: TwoLayerNet, image_shape=(8, 8)) -> np.ndarray:
    """How many hidden units keep a weight from each input pixel.

    Returns
    -------
    numpy.ndarray of int
        Shape ``image_shape``; 0 means no unit looks at that pixel any more
        (the input could be dropped without changing the network's output).
    """
    net = check_net(net)
    shape = _check_image_shape(net, image_shape)
    return net.mask1.sum(axis=1).astype(np.int64).reshape(shape)


@validated
def input_reach(net: TwoLayerNet) -> np.ndarray:
    """How many input features still have a path of kept weights to each output class.

    Input ``i`` reaches class ``c`` if some hidden unit ``h`` keeps both
    ``W1[i, h]`` and ``W2[h, c]``. A class that no input reaches gets a score
    that does not depend on the input at all, and fine-tuning cannot change
    that: the missing weights are masked and receive no gradient.

    Returns
    -------
    numpy.ndarray of int
        Shape ``(n_out,)``, each entry in ``[0, n_in]``.
    """
    net = check_net(net)
    paths = net.mask1.astype(np.int64) @ net.mask2.astype(np.int64)   # (n_in, n_out) path counts
    return (paths > 0).sum(axis=0)


@validated
def drop_dead_units(net: TwoLayerNet) -> TwoLayerNet:
    """A smaller network without the hidden units pruning has cut off, same outputs.

    * A unit with no outgoing weights cannot affect the output: it is deleted.
    * A unit with no incoming weights (but some outgoing ones) outputs the
      constant ``relu(b1[h])`` whatever the input; its contribution
      ``relu(b1[h]) * W2[h, :]`` is added to ``b2`` and the unit is deleted.

    The logits agree with ``net``'s up to floating-point rounding (the sums
    are taken in another order). Masks of the remaining weights are kept.

    Raises
    ------
    ValueError
        If every hidden unit is dead (a network needs at least one).
    """
    net = check_net(net)
    no_in, no_out = net.dead_units()
    dead = no_in | no_out
    if dead.all():
        raise InvalidParameterError("net", f"all {net.n_hidden} hidden units of net are dead (no inputs "
                                           "or no outputs); the network computes constant logits and "
                                           "no hidden unit would remain")
    fold = no_in & ~no_out          # constant units that still feed the output
    b2 = net.b2 + np.maximum(net.b1[fold], 0.0) @ net.W2[fold, :]
    keep = ~dead
    return TwoLayerNet(net.W1[:, keep], net.b1[keep], net.W2[keep, :], b2,
                       net.mask1[:, keep], net.mask2[keep, :])


@validated
def sparsity_table(nets: Mapping[str, TwoLayerNet]) -> str:
    """Per-layer sparsity of several networks as an aligned text table.

    One row per network: kept/total weights in ``W1`` and ``W2`` with each
    layer's sparsity, the whole network's sparsity (weights only), the number
    of biases (never pruned, counted apart), and the hidden units left with
    no inputs and with no outputs.

    Parameters
    ----------
    nets : mapping of str -> TwoLayerNet
        Row label and network, in the order the rows should appear.

    Returns
    -------
    str
    """
    nets = check_mapping(nets, "nets", "TwoLayerNet")
    header = ("network", "W1 kept", "W1 sparsity", "W2 kept", "W2 sparsity", "all weights kept",
              "sparsity", "biases", "units no-in", "units no-out")
    rows = [header]
    for label, net in nets.items():
        net = check_net(net, f"nets[{label!r}]")
        s1, s2 = net.layer_sparsity()
        count = net.count_parameters()
        no_in, no_out = net.dead_units()
        rows.append((str(label), f"{int(net.mask1.sum())}/{net.mask1.size}", f"{s1:.1%}",
                     f"{int(net.mask2.sum())}/{net.mask2.size}", f"{s2:.1%}",
                     f"{count.weights_kept}/{count.weights_total}", f"{net.sparsity:.1%}",
                     str(count.biases), str(int(no_in.sum())), str(int(no_out.sum()))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(r, widths))) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)
