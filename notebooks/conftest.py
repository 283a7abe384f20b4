"""pytest: the notebooks here are collected by nbval; their py:percent text twins are not tests."""

collect_ignore_glob = ["*.py"]
