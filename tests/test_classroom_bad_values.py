"""Classroom safety: a parameter outside its allowed range stops the notebook with a clear
InvalidParameterError (a ValueError and a TypeError) in the first cell that uses it."""

import re

import nbclient
import nbformat
import pytest

from notebook_runner import NOTEBOOKS, make_client, with_overrides

# Values outside a parameter's allowed range: each must stop the notebook with a clear
# ValueError/TypeError in the first cell that uses the parameter.
BAD: dict[str, list[dict]] = {
    "01_baseline_training": [{"EPOCHS": 0}, {"HIDDEN_DIGITS": 0}, {"LEARNING_RATE": -0.1},
                             {"WEIGHT_DECAY": -1.0}],
    "02_one_shot_pruning": [{"SHOW_SPARSITY": 1.5}, {"SPARSITIES": [0.5, -0.1]}],
    "03_fine_tuning": [{"SPARSITIES": (0.5, 1.2)}, {"FINETUNE_LR": -1.0}],
    "04_iterative_pruning": [{"TARGETS": [1.5]}, {"LOTTERY_AMOUNT": 1.0}, {"N_EXERCISE_SEEDS": 0}],
    "05_sparsity_visualizations": [{"SCOPE": "rows"}, {"SPARSITIES": (0.9, 1.5)}],
    "06_description_length": [{"TARGET": 0.7}, {"PRECISIONS": (0,)}],
    "07_noisy_weights_bits_back": [{"TARGET": 1.5}, {"N_HIDDEN": 0}],
    "08_structured_pruning_and_speed": [{"TABLE_FRACTION": 1.0}, {"TIMING_SPARSITIES": [1.0]}],
    "09_pitfalls": [{"TARGET_SPARSITY": 1.5}, {"N_ROUNDS": 0}],
}
CLEAR_MESSAGE = re.compile(r"must|allowed|one of|expect|need|only|refus", re.IGNORECASE)


def _bad_runs():
    for path in NOTEBOOKS:
        for overrides in BAD.get(path.stem, []):
            yield pytest.param(path, overrides, id=f"{path.stem}-" + "-".join(f"{k}={v!r}" for k, v in overrides.items()))



@pytest.mark.parametrize("path, overrides", list(_bad_runs()))
def test_out_of_range_parameter_stops_with_a_clear_error_where_first_used(path, overrides):
    nb = with_overrides(nbformat.read(path, as_version=4), overrides)
    injected = next(i for i, c in enumerate(nb.cells) if "injected-parameters" in c.metadata.get("tags", []))
    uses = [i for i, c in enumerate(nb.cells) if i > injected and c.cell_type == "code"
            and any(re.search(rf"\b{name}\b", c.source) for name in overrides)]
    assert uses, f"no cell of {path.name} uses {sorted(overrides)}"
    client = make_client(nb)
    failed = None
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            try:
                client.execute_cell(cell, index)
            except nbclient.exceptions.CellExecutionError as exc:
                failed = (index, exc.ename, exc.evalue)
                break
    assert failed is not None, f"{path.name} ran to the end with {overrides}"
    index, ename, evalue = failed
    assert ename in ("InvalidParameterError", "ValueError", "TypeError"), f"cell {index}: {ename}: {evalue}"
    assert CLEAR_MESSAGE.search(evalue), f"cell {index}: the message does not say what is allowed: {evalue}"
    assert index == uses[0], (f"the error came in cell {index}, but the first cell using "
                              f"{sorted(overrides)} is cell {uses[0]}: {ename}: {evalue}")
