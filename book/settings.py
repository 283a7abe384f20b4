"""The repository's address, read from its one setting in ``pyproject.toml``.

``[tool.mdl_prune] repository = "owner/name"`` (and ``branch``) feed the book's launch and
download buttons; ``tests/test_series_layout.py`` checks that the README and the notebooks'
set-up cell use the same address.
"""

from __future__ import annotations

import pathlib
import re

PYPROJECT = pathlib.Path(__file__).resolve().parent.parent / "pyproject.toml"


def repository_setting(pyproject: pathlib.Path = PYPROJECT) -> dict[str, str]:
    """``{"repository": "owner/name", "branch": "main"}`` from ``[tool.mdl_prune]``."""
    text = pyproject.read_text(encoding="utf-8")
    try:
        import tomllib                      # Python 3.11+
        table = tomllib.loads(text)["tool"]["mdl_prune"]
    except ModuleNotFoundError:             # Python 3.10: the two keys are plain strings
        section = text.split("[tool.mdl_prune]", 1)[1].split("\n[", 1)[0]
        table = dict(re.findall(r'^(\w+)\s*=\s*"([^"]*)"', section, flags=re.MULTILINE))
    return {"repository": table["repository"], "branch": table.get("branch", "main")}
