"""How many threads torch uses while training tiny models."""
from __future__ import annotations

import contextlib

import torch


@contextlib.contextmanager
def one_thread():
    """Run torch on one thread, then restore the previous setting. Layers this small are
    dominated by per-operation overhead, which a second thread only adds to (many times
    slower on a busy machine); tensors this small are never split across threads, so the
    numbers are the same either way."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)
