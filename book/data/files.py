"""Find, verify and (if need be) download the raw dataset files.

Lookup order for each file: `$BOOK_DATA_DIR`, then `./data`, then a download into
`./data` from the canonical sources. Every file is checked against its known md5 before
it is used. A download goes to a temporary file that is renamed into place only once its
checksum is right, so a failed or interrupted download leaves nothing behind.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from book.core.atomic import atomic_path
from book.core.hashing import md5_of
from book.core.paths import local_data_dir


@dataclass(frozen=True)
class RawFile:
    rel: str  # path relative to the data directory, e.g. "mnist/t10k-labels-idx1-ubyte.gz"
    md5: str
    size: int
    urls: tuple[str, ...]  # direct downloads, tried in order
    archive: str | None = None  # or: the member of this archive (see ARCHIVES)


_MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)


def _mnist(name: str, md5: str, size: int) -> RawFile:
    return RawFile(f"mnist/{name}", md5, size, tuple(m + name for m in _MNIST_MIRRORS))


def _cifar(name: str, md5: str, size: int) -> RawFile:
    return RawFile(f"cifar10/cifar-10-batches-bin/{name}", md5, size, (), archive="cifar-10-binary.tar.gz")


FILES: dict[str, RawFile] = {f.rel: f for f in (
    _mnist("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", 9912422),
    _mnist("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", 28881),
    _mnist("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", 1648877),
    _mnist("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", 4542),
    *(_cifar(f"data_batch_{i}.bin", md5, 30730000) for i, md5 in enumerate((
        "5dd7e06a14cb22eb9f671a540d1b7c25", "5ea93a67294ea407fff1d09f752e9692",
        "942cd6a4bcdd0dd3c604fbe906cb4421", "ae636b3ba5c66a11e91e8cb52e771fcb",
        "53f37980c15c3d472c316c40844f3f0d"), start=1)),
    _cifar("test_batch.bin", "803d5f7f4d78ea53de84dbe85f74fb6d", 30730000),
)}

ARCHIVES = {
    "cifar-10-binary.tar.gz": (
        "c32a1d4ab5d03f1284b67883e8d87530",
        ("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",),
    ),
}


class DatasetError(RuntimeError):
    """A dataset file is missing, truncated or corrupt. The message says which and what to do."""


def _fix_hint(f: RawFile) -> str:
    where = f.urls[0] if f.urls else ARCHIVES[f.archive][1][0]
    return (
        f"Fix: set BOOK_DATA_DIR to a folder holding {f.rel} "
        f"(e.g. BOOK_DATA_DIR=../shared/datasets), or delete the bad file and rerun with internet "
        f"access so it is downloaded again from {where}."
    )


def verify(f: RawFile, path: Path) -> None:
    """Raise DatasetError unless `path` is exactly the file `f` describes."""
    size = path.stat().st_size
    if size != f.size:
        kind = "truncated" if size < f.size else "too large"
        raise DatasetError(
            f"{path} is {kind}: {size:,} bytes, expected {f.size:,} (md5 {f.md5}). {_fix_hint(f)}"
        )
    actual = md5_of(path)
    if actual != f.md5:
        raise DatasetError(
            f"{path} is corrupt: md5 {actual}, expected {f.md5}. {_fix_hint(f)}"
        )


def candidate_dirs() -> list[Path]:
    dirs = []
    if os.environ.get("BOOK_DATA_DIR"):
        dirs.append(Path(os.environ["BOOK_DATA_DIR"]).expanduser())
    dirs.append(local_data_dir())
    return dirs


def locate(rel: str, *, download: bool | None = None) -> Path:
    """Return the verified path of a raw dataset file, downloading it if allowed and needed.

    `download=None` means: download unless BOOK_NO_DOWNLOAD is set (tests set it to make
    "no data here" fast and certain).
    """
    f = FILES[rel]
    for d in candidate_dirs():
        path = d / f.rel
        if path.exists():
            verify(f, path)  # a bad file is an error, never silently replaced
            return path
    if download is None:
        download = not os.environ.get("BOOK_NO_DOWNLOAD")
    looked = ", ".join(str(d / f.rel) for d in candidate_dirs())
    if not download:
        raise DatasetError(f"{f.rel} (md5 {f.md5}) not found (looked in {looked}). {_fix_hint(f)}")
    dest = local_data_dir() / f.rel
    try:
        if f.archive:
            _download_archive(f.archive)
        else:
            _download(f.urls, dest, f.md5)
    except DatasetError:
        raise
    except Exception as e:  # network errors: say what failed and how to fix it
        raise DatasetError(
            f"{f.rel} (md5 {f.md5}) not found (looked in {looked}) and the download failed: {e}. "
            f"{_fix_hint(f)}"
        ) from e
    verify(f, dest)
    return dest


def _progress(total: int | None, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, desc=desc, file=sys.stderr, leave=False)


def _fetch(url: str, dest: Path, md5: str) -> None:
    """Download `url` to `dest`, atomically, accepting it only if its md5 matches."""
    with atomic_path(dest) as tmp:
        h = hashlib.md5()
        with urllib.request.urlopen(url, timeout=60) as resp, open(tmp, "wb") as out:
            total = resp.headers.get("Content-Length")
            with _progress(int(total) if total else None, dest.name) as bar:
                while block := resp.read(1 << 16):
                    out.write(block)
                    h.update(block)
                    bar.update(len(block))
        if h.hexdigest() != md5:
            raise DatasetError(
                f"download of {url} gave md5 {h.hexdigest()}, expected {md5}; nothing was kept. "
                "Try again, or place the file by hand and set BOOK_DATA_DIR."
            )


def _download(urls: tuple[str, ...], dest: Path, md5: str) -> None:
    errors = []
    for url in urls:
        try:
            _fetch(url, dest, md5)
            return
        except Exception as e:  # try the next mirror
            errors.append(f"{url}: {e}")
    raise DatasetError("every mirror failed: " + "; ".join(errors))


def _download_archive(name: str) -> None:
    """Fetch an archive to a temporary folder, verify it, and move out the files we know."""
    md5, urls = ARCHIVES[name]
    with tempfile.TemporaryDirectory(dir=_ensure(local_data_dir())) as tmpdir:
        archive = Path(tmpdir) / name
        _download(urls, archive, md5)
        wanted = {Path(f.rel).name: f for f in FILES.values() if f.archive == name}
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                f = wanted.get(Path(member.name).name)
                if f is None or not member.isfile():
                    continue
                dest = local_data_dir() / f.rel
                with atomic_path(dest) as tmp, tar.extractfile(member) as src, open(tmp, "wb") as out:
                    shutil.copyfileobj(src, out)
                    out.flush()
                    verify(f, Path(out.name))


def _ensure(d: Path) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    return d


def available(dataset: str) -> bool:
    """True when every raw file of `dataset` ("mnist" or "cifar10") is present locally."""
    return all(
        any((d / f.rel).exists() for d in candidate_dirs())
        for f in FILES.values() if f.rel.startswith(dataset + "/")
    )


def checksum(dataset: str) -> str:
    """The identity of a dataset for cache keys: the md5s of its raw files."""
    return ",".join(f.md5 for f in FILES.values() if f.rel.startswith(dataset + "/"))
