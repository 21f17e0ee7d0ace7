"""Synthetic election generator: a deterministic, realistic election in the exchange formats.

Pure Python (no Django). ``generate(out_dir, scale, seed, today=...)`` writes the layout of
``interfaces.md``, its dates placed at the reference date ``today`` (:class:`.common.Calendar`);
see :mod:`.core` for how sections fit together.
"""

from .core import World, generate
from .scales import SCALES, Scale

__all__ = ["SCALES", "Scale", "World", "generate"]
