"""Code lengths in bits (transitional: the split into modules follows)."""

from .bits import *  # noqa: F401,F403
from .bits import __all__  # noqa: F401
