"""The pinned numerics mode (book/core/numerics.py): the book computes the same bits on any machine.

One machine can still show it: the instruction sets a machine offers and the threads it
runs are what differ between machines, and both can be changed here through the
environment (MKL's and torch's instruction-set caps, NumPy's dispatch, thread requests).
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from book.core import numerics
from book.pipeline.machine_check import child_env
from conftest import ROOT

# What "another machine" looks like from inside: capped at AVX2 everywhere, two threads.
OTHER_MACHINE = {"MKL_ENABLE_INSTRUCTIONS": "AVX2", "ATEN_CPU_CAPABILITY": "avx2",
                 "ONEDNN_MAX_CPU_ISA": "AVX2", "NPY_DISABLE_CPU_FEATURES": "X86_V4",
                 "OMP_NUM_THREADS": "2", "MKL_NUM_THREADS": "2"}


def _python(code: str, env_extra: dict, **kw) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter, as a process started outside the book would be."""
    extra = dict(env_extra)
    env = child_env(extra.pop(numerics.MODE_VARIABLE, numerics.PINNED), **extra)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, **kw)


def test_the_tests_run_pinned():
    assert numerics.mode() == numerics.PINNED
    assert numerics.unpinned() == []
    import torch

    assert torch.backends.cpu.get_cpu_capability() == "DEFAULT"
    assert torch.get_num_threads() == numerics.THREADS
    assert torch.are_deterministic_algorithms_enabled()
    assert not torch.backends.mkldnn.enabled


def test_pins_override_the_environment():
    """A machine's own settings (here: asked-for AVX2 kernels and two threads) do not leak in."""
    result = _python("import book, torch; from book.core import numerics; numerics.activate(); "
                     "print(torch.backends.cpu.get_cpu_capability(), torch.get_num_threads())",
                     OTHER_MACHINE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["DEFAULT", str(numerics.THREADS)]


@pytest.mark.parametrize("first", ["numpy", "torch"])
def test_loading_a_library_before_book_is_refused_and_writes_nothing(tmp_path, first):
    code = (f"import {first}, sys\nimport book\nfrom book.__main__ import main\n"
            "sys.exit(main(['figures', '--force', '--chapter', 'basics', '--no-notebooks']))")
    figures = tmp_path / "figures"
    result = _python(code, {"BOOK_FIGURES_DIR": str(figures), "BOOK_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode != 0
    assert "not in the book's pinned numerics mode" in result.stderr
    assert "Import `book` first" in result.stderr
    assert not [p for p in figures.rglob("*") if p.is_file()], "a refused build wrote files"


def test_fast_mode_results_are_never_taken_for_pinned_ones(monkeypatch):
    from book.pipeline.build import chapter_modules, module_hash
    from book.nets.train import Spec

    spec = Spec("probe", data="two_curves", arch="mlp", arch_args={"in_dim": 2, "out_dim": 2})
    chapter = chapter_modules()[0]
    pinned = (spec.key, module_hash(chapter))
    monkeypatch.setenv(numerics.MODE_VARIABLE, numerics.FAST)
    fast = (spec.key, module_hash(chapter))
    assert pinned[0] != fast[0], "fast-mode weights would be read from the model cache"
    assert pinned[1] != fast[1], "fast-mode figures would pass `make check`"


def test_unknown_mode_is_an_error(monkeypatch):
    monkeypatch.setenv(numerics.MODE_VARIABLE, "turbo")
    with pytest.raises(numerics.NumericsError, match="'pinned'"):
        numerics.mode()


@pytest.mark.data
def test_fast_mode_builds_and_is_hashed_apart(tmp_path):
    """The opt-in fast mode really builds, figure workers included (inside: its models train
    on two OpenMP threads before the workers fork, which once hung them), and its outputs are
    recorded under another hash than the committed, pinned ones."""
    figures = tmp_path / "figures"
    result = _python("import sys\nfrom book.__main__ import main\n"
                     "sys.exit(main(['figures', '--force', '--chapter', 'inside', '--no-notebooks', '--jobs', '2']))",
                     {numerics.MODE_VARIABLE: numerics.FAST, "BOOK_FIGURES_DIR": str(figures),
                      "BOOK_CACHE_DIR": str(tmp_path / "cache")}, timeout=900)  # a hang guard: 21 models train
    assert result.returncode == 0, result.stderr[-3000:]
    assert "for iterating only" in result.stdout
    fast = json.loads((figures / "inside" / "manifest.json").read_text("utf-8"))["figures"]
    pinned = json.loads((ROOT / "docs/assets/figures/inside/manifest.json").read_text("utf-8"))["figures"]
    assert fast.keys() == pinned.keys()
    assert all(fast[k]["hash"] != pinned[k]["hash"] for k in fast)


def _machine_check(env_extra: dict) -> dict:
    result = _python("import sys\nfrom book.__main__ import main\nsys.exit(main(['machine-check']))",
                     env_extra, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)["models"]


@pytest.mark.data
@pytest.mark.slow
def test_same_weights_under_other_instruction_sets_and_threads():
    """An MLP, a 2-D toy net, the CNN, a GRU and the GAN, trained from scratch as on this
    machine and as on an AVX2-only machine asking for two threads: bit-identical weights."""
    here, other = _machine_check({}), _machine_check(OTHER_MACHINE)
    assert set(here) == {"mnist_linear", "spirals_deep", "cnn", "seq_gru", "gan_ring"}
    differ = [name for name in here if here[name] != other[name]]
    assert not differ, f"pinned mode, different results for {differ}:\n{here}\n{other}"


@pytest.mark.data
@pytest.mark.slow
def test_without_the_pins_the_same_comparison_differs():
    """The control: the comparison above can fail. Without the pins, the machine's AVX-512
    kernels and the AVX2 ones give different weights (needs a CPU with AVX-512)."""
    probe = _python("import torch; print(torch.backends.cpu.get_cpu_capability())",
                    {numerics.MODE_VARIABLE: numerics.FAST})
    if probe.stdout.strip() != "AVX512":
        pytest.skip(f"this CPU's own kernels are {probe.stdout.strip()}, the same as the cap")
    fast = {numerics.MODE_VARIABLE: numerics.FAST}
    here, other = _machine_check(fast), _machine_check({**fast, **OTHER_MACHINE})
    assert any(here[name]["weights"] != other[name]["weights"] for name in here)
