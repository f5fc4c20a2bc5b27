"""The book's pinned numerics mode: the same floating-point results on every x86-64 machine.

Why: torch, MKL, oneDNN and NumPy pick their CPU kernels by the instruction set of the
machine (SSE, AVX2, AVX-512, AMX) and split work by its core count. Each choice sums in a
different order, so the last bits differ, and training amplifies last-bit differences
into different accuracies. A reader who rebuilds the book on another CPU would get a
different book.

How: before torch or NumPy is first imported (`book/__init__.py` calls `apply_env()`),
every library is told to use the one code path that every x86-64 CPU runs the same way:

- MKL (matrix products): `MKL_CBWR=COMPATIBLE`, its conditional-numerical-reproducibility
  branch, identical on Intel and AMD CPUs;
- ATen (torch's own element-wise and reduction kernels): `ATEN_CPU_CAPABILITY=default`,
  no AVX2/AVX-512 variants;
- oneDNN (convolutions, recurrent layers): switched off in `activate()`, so convolutions
  run as im2col + MKL products; `ONEDNN_MAX_CPU_ISA=SSE41` caps whatever still reaches it;
- NumPy: its runtime-dispatched SIMD variants (AVX2, AVX-512) are disabled, so float32
  exp, sin, ... give the same bits everywhere, and its OpenBLAS (matrix products, linear
  algebra) runs the kernels for Nehalem (SSE4.2), which every x86-64-v2 CPU has;
- one thread, whatever the machine's core count (MKL and OpenMP told not to adapt), since
  the way a sum is split across threads changes its last bits; and
  `torch.use_deterministic_algorithms(True)`.

What it costs: the portable kernels are slower for large products and convolutions (the
CNN trains about 2x slower), while one thread suits the book's small models better than the
machine's default thread count; `make bench` times a whole build and every model in both modes. `BOOK_NUMERICS=fast` turns the pins off for authors iterating
locally; what it builds is hashed differently, so `make figures` rebuilds it pinned and
`make check` (and the tests) refuse it as stale: fast results are never committed.

Not covered: CPUs that are not x86-64 (e.g. ARM) use other BLAS libraries and give other
last bits.
"""
from __future__ import annotations

import ctypes
import os

MODE_VARIABLE = "BOOK_NUMERICS"
PINNED, FAST = "pinned", "fast"
THREADS = 1

# NumPy 2.4 on x86-64: baseline X86_V2 (SSE4.2), dispatched X86_V3 (AVX2/FMA), X86_V4
# (AVX-512) and two AVX-512 generations. `activate()` checks that none is left enabled, so a
# NumPy that adds a target fails loudly instead of drifting.
NUMPY_DISPATCH_OFF = ("X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR")

PINNED_ENV = {
    "MKL_CBWR": "COMPATIBLE",
    "ATEN_CPU_CAPABILITY": "default",
    "ONEDNN_MAX_CPU_ISA": "SSE41",
    "NPY_DISABLE_CPU_FEATURES": " ".join(NUMPY_DISPATCH_OFF),
    "OPENBLAS_CORETYPE": "Nehalem",
    "OPENBLAS_NUM_THREADS": str(THREADS),
    "OMP_NUM_THREADS": str(THREADS),
    "MKL_NUM_THREADS": str(THREADS),
    "MKL_DYNAMIC": "FALSE",
    "OMP_DYNAMIC": "FALSE",
}
_MKL_CBWR_COMPATIBLE = 3  # the value mkl_cbwr_get() reports for MKL_CBWR=COMPATIBLE


class NumericsError(RuntimeError):
    pass


def mode() -> str:
    value = os.environ.get(MODE_VARIABLE, PINNED) or PINNED
    if value not in (PINNED, FAST):
        raise NumericsError(f"{MODE_VARIABLE}={value!r}: use {PINNED!r} (the default) or {FAST!r}")
    return value


def fingerprint() -> str:
    """Part of every model-cache key and figure hash: results of another mode never mix in."""
    if mode() == FAST:
        return "numerics=fast"
    pins = ",".join(f"{k}={v}" for k, v in sorted(PINNED_ENV.items()))
    return f"numerics=pinned;{pins};deterministic;mkldnn=off;threads={THREADS}"


def apply_env() -> None:
    """Set the pins in the environment (the process's, and so every child's: figure workers,
    notebook kernels). Effective only before torch and NumPy are imported."""
    if mode() == PINNED:
        os.environ.update(PINNED_ENV)


def activate() -> None:
    """Apply the run-time part of the mode and check that the whole of it took effect.

    Raises NumericsError, saying how to fix it, when a library was loaded before `book`
    and so chose its own kernels (e.g. `import torch` above `import book`)."""
    import torch

    if mode() == FAST:
        return
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    torch.backends.mkldnn.enabled = False
    problems = unpinned()
    if problems:
        raise NumericsError(
            "not in the book's pinned numerics mode: " + "; ".join(problems) + ".\n"
            "torch or NumPy was loaded before `book`, so they picked this machine's own kernels. "
            "Import `book` first (before torch and numpy), or run through `make figures` / "
            "`python -m book`. Nothing was written. To iterate quickly on purpose, set "
            f"{MODE_VARIABLE}={FAST} (its results are never committed).")


def unpinned() -> list[str]:
    """What is not as the pinned mode wants it (empty when everything is)."""
    import torch

    problems = []
    capability = torch.backends.cpu.get_cpu_capability()
    if capability != "DEFAULT":
        problems.append(f"torch uses {capability} kernels, not DEFAULT")
    if torch.get_num_threads() != THREADS:
        problems.append(f"torch uses {torch.get_num_threads()} threads, not {THREADS}")
    branch = _mkl_cbwr_branch(torch)
    if branch is not None and branch != _MKL_CBWR_COMPATIBLE:
        problems.append(f"MKL runs its branch {branch}, not COMPATIBLE ({_MKL_CBWR_COMPATIBLE})")
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    enabled = [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]
    if enabled:
        problems.append(f"NumPy dispatches to {', '.join(enabled)}")
    core = _numpy_openblas_core()
    if core is not None and core != PINNED_ENV["OPENBLAS_CORETYPE"]:
        problems.append(f"NumPy's OpenBLAS runs {core} kernels, not {PINNED_ENV['OPENBLAS_CORETYPE']}")
    return problems


def _numpy_openblas_core() -> str | None:
    """The kernel family NumPy's bundled OpenBLAS chose (None if it is not found)."""
    import glob

    import numpy

    libs = glob.glob(os.path.join(os.path.dirname(numpy.__file__) + ".libs", "libscipy_openblas*.so"))
    for lib in libs:
        get = getattr(ctypes.CDLL(lib), "scipy_openblas_get_corename64_", None)
        if get is not None:
            get.restype = ctypes.c_char_p
            return get().decode()
    return None


def _mkl_cbwr_branch(torch) -> int | None:
    """MKL's active CNR branch, asked from the MKL inside libtorch_cpu (None if not found)."""
    lib = os.path.join(os.path.dirname(torch.__file__), "lib", "libtorch_cpu.so")
    try:
        get = ctypes.CDLL(lib).mkl_serv_cbwr_get
    except (OSError, AttributeError):
        return None
    get.argtypes, get.restype = [ctypes.c_int], ctypes.c_int
    return get(1)  # MKL_CBWR_BRANCH

