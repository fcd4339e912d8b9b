"""How a reader's cost grows with its input: the check behind every "no input is superlinear" test."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def growth(
    read: Callable[[str], object], small: str, double: str, quadruple: str, rounds: int = 9
) -> tuple[float, float]:
    """Cost of the double and quadruple inputs relative to the small one.

    Sizes are timed in turn, round after round, and each keeps its best CPU
    time of this process (the garbage collector held off), so other processes
    on the machine do not count and what load remains hits all three alike.
    Linear work gives about (2, 4), quadratic work (4, 16); callers' bounds
    (3.5, 8) sit between.
    """
    best = [float("inf")] * 3
    gc.disable()
    try:
        for _ in range(rounds):
            for k, text in enumerate((small, double, quadruple)):
                t = time.process_time()
                read(text)
                best[k] = min(best[k], time.process_time() - t)
    finally:
        gc.enable()
    return best[1] / best[0], best[2] / best[0]
