"""Results remembered between runs: validated knowledge and built engines.

Reading the knowledge file's YAML, validating it and building the engine's
indexes cost far more than answering a question (about 90 ms for the shipped
file, minutes for a 100,000-entity one), and all three give the same result
for the same files and the same code. So the result is kept in the user's
cache directory under a key made of:

- the bytes of every input file (the knowledge file, the lexicons),
- the source of the code that makes the result (``bot/engine``,
  ``bot/knowledge``, ``bot/i18n``), the version of Python, and the installed
  files of the libraries that shape it (a library upgraded or reinstalled is
  a new key).

Edit a file, upgrade or change the code, and the entry is simply never found
again: a new version never reads an old version's entries. An entry is only
ever a shortcut to the same result, so anything wrong with it (unreadable,
truncated, of the wrong type) falls back to reading the files.

Entries are pickles, which is what makes them cheap to read back (no YAML, no
validation, no index building), and also why they are trusted only from where
no one else could have written them: a directory and a file owned by the user
and writable by no one else; anything else is ignored, never loaded. At most
:data:`KEEP` entries of each kind are kept, so editing a file by hand does not
fill the disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from bot import collector

KEEP = 4  # entries kept per kind; older ones are removed when a new one is written
_PACKAGE = Path(__file__).resolve().parents[1]
# The code whose output is stored: the models, the loader, the engine and what it renders with.
_SOURCES = ("engine", "knowledge", "i18n")
# Libraries whose objects a stored result holds, or which shaped it.
_LIBRARIES = ("pydantic", "pydantic_core", "rapidfuzz", "jaconv", "yaml")

T = TypeVar("T")


def _log() -> Any:
    import logging  # only to say why an entry was not used: importing it costs a start

    return logging.getLogger(__name__)


def directory() -> Path:
    """``$XDG_CACHE_HOME/namida`` (``~/.cache/namida`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "namida"


def remember(kind: str, inputs: Sequence[Path], make: Callable[[], T], expect: type[T]) -> T:
    """``make()``, or what it returned before for exactly these files and this code.

    ``make`` must read only ``inputs`` (and the code); whatever it raises is
    raised, and nothing is stored. A file that changes while ``make`` runs is
    not stored either, so an entry always matches the bytes it is keyed by.
    """
    try:
        key = _key(inputs)
    except OSError:
        return make()  # a missing file (``make`` says so), or no source to key by
    entry = directory() / f"{kind}-{key}.pickle"
    found = _read(entry, expect)
    if found is not None:
        return found
    made = make()
    try:
        unchanged = _key(inputs) == key
    except OSError:
        unchanged = False
    if unchanged:
        _store(entry, made)
    return made


def _key(inputs: Sequence[Path]) -> str:
    digest = hashlib.sha256(_code_version())
    for path in inputs:
        data = path.read_bytes()
        digest.update(f"{path.name}:{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()[:32]


_code: bytes | None = None


def _code_version() -> bytes:
    """A digest of the code that makes what is stored (computed once per process)."""
    global _code
    if _code is None:
        digest = hashlib.sha256(sys.version.encode())
        for name in _LIBRARIES:
            # Where the library is and when it was installed: no need to import it.
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec is not None and spec.origin else ""
            info = os.stat(origin) if origin else None
            digest.update(f"{name}:{origin}:{info and (info.st_size, info.st_mtime_ns)};".encode())
        sources = [path for folder in _SOURCES for path in sorted((_PACKAGE / folder).glob("*.py"))]
        if not sources:
            raise OSError(f"no source under {_PACKAGE} to tell this code from another")
        for source in sources:
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
        _code = digest.digest()
    return _code


def _trusted(path: Path) -> bool:
    """Owned by this user and writable by no one else (where the system has owners)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    info = path.stat()
    return info.st_uid == getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(entry: Path, expect: type[T]) -> T | None:
    try:
        if not (_trusted(entry.parent) and _trusted(entry)):
            _log().warning("ignoring %s: not owned by this user, or writable by others", entry)
            return None
        # Read as a stream, not as one bytes object beside what it becomes (149 MB at
        # 100,000 entities); many objects and no garbage: nothing to collect meanwhile.
        with entry.open("rb") as stream, collector.paused():
            found = pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated or stale entry is only a slower start
        _log().debug("ignoring the cache entry %s: %s", entry, exc)
        return None
    return found if isinstance(found, expect) else None


def _store(entry: Path, value: object) -> None:
    """Write atomically (a reader never sees half an entry); failures only cost speed."""
    partial = entry.with_suffix(f".{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(entry)
        kind = entry.name.split("-", 1)[0]
        entries = sorted(entry.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
    except Exception as exc:  # unwritable, or something that cannot be pickled: only slower
        _log().debug("could not cache a result in %s: %s", entry.parent, exc)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
