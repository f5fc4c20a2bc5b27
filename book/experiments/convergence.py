"""Has training levelled off? Three numbers from the test-accuracy curves of several seeds.

    levelling([[0.90, 0.93, ...], [0.91, 0.92, ...], ...], last=10)
    # {"last_epoch_gain": ..., "trend": ..., "jitter": ...}, each a mean over the seeds
"""
from __future__ import annotations

import numpy as np


def levelling(curves, last: int) -> dict:
    """last_epoch_gain: what the final epoch added; trend: the least-squares slope over the
    last `last` epochs (per epoch; less noisy than one epoch's gain); jitter: the mean step from
    one epoch to the next over those epochs. One curve per seed, one value per epoch."""
    late = [c[-last:] for c in curves]
    return {
        "last_epoch_gain": float(np.mean([c[-1] - c[-2] for c in curves])),
        "trend": float(np.mean([np.polyfit(range(last), c, 1)[0] for c in late])),
        "jitter": float(np.mean([np.abs(np.diff(c)).mean() for c in late])),
    }
