"""Classroom safety: every notebook runs to the end with the extreme values a teacher may try
in its parameters cell (sparsity 0, 0.5, 0.99, 1.0 where it has one; one epoch)."""

import nbformat
import pytest

from notebook_runner import NOTEBOOKS, make_client, with_overrides

# Runs with extreme values, per notebook: each dict overrides names of its parameters cell.
# Every run also sets each epoch-like parameter (a name containing EPOCH) to 1.
EDGES = (0.0, 0.5, 0.99, 1.0)
EXTREMES: dict[str, list[dict]] = {
    "01_baseline_training": [{"HIDDEN_DIGITS": 1, "HIDDEN_BLOBS": 1, "N_SPLITS": 1}],
    "02_one_shot_pruning": [{"N_SEEDS": 1, "SPARSITIES": list(EDGES), "SHOW_SPARSITY": s} for s in EDGES],
    "03_fine_tuning": [{"N_SEEDS": 2, "SPARSITIES": EDGES, "BLOBS_SPARSITIES": EDGES,
                        "REVIVAL_SPARSITY": s} for s in (0.5, 0.99)],
    "04_iterative_pruning": [{"N_SEEDS": 1, "TARGETS": list(EDGES), "BUDGET": 1, "N_STEPS": 1,
                              "LOTTERY_ROUNDS": 1, "LOTTERY_AMOUNT": a} for a in (0.5, 0.99)],
    "05_sparsity_visualizations": [{"SPARSITIES": EDGES, "SHOW": s} for s in EDGES],
    "06_description_length": [{"SCHEDULE": (0.5, 0.99, 1.0), "SEARCH_SPARSITIES": (0.5, 0.99, 1.0),
                               "TARGET": t, "SEEDS": (0,),
                               "PRECISIONS": (1, 8, 32)} for t in (0.5, 0.99, 1.0)],
    "07_noisy_weights_bits_back": [{"PAPER_SEEDS": (0,), "DIGITS_SEEDS": (0,),
                                    "SPARSITIES": (0.0, 0.5, 0.99, 1.0), "TARGET": t}
                                   for t in (0.0, 0.5, 0.99, 1.0)],
    # 08 times networks with hidden units left, so its fractions stop below 1 (1.0 is in BAD).
    "08_structured_pruning_and_speed": [{"UNITS_REMOVED": [0.0, 0.5, 0.99, 1.0], "TIMING_HIDDEN": 100,
                                         "TIMING_SPARSITIES": [0.0, 0.5, 0.99], "REPEAT": 1,
                                         "BATCH_SIZES": [1], "TABLE_FRACTION": f}
                                        for f in (0.0, 0.5, 0.99)],
    "09_pitfalls": [{"TARGET_SPARSITY": t, "N_ROUNDS": 1} for t in (0.0, 0.99, 1.0)],
}

def _runs():
    for path in NOTEBOOKS:
        for i, overrides in enumerate(EXTREMES.get(path.stem, [])):
            yield pytest.param(path, overrides, id=f"{path.stem}-{i}")



@pytest.mark.parametrize("path, overrides", list(_runs()))
def test_notebook_runs_to_the_end_with_extreme_parameters(path, overrides):
    nb = with_overrides(nbformat.read(path, as_version=4), overrides)
    make_client(nb).execute()   # raises CellExecutionError, naming the cell, on any error
