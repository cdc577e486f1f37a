"""A cache of validated knowledge, so a very large file loads in about a second.

Reading YAML is the slow part of loading (a 100,000-entity file takes tens of
seconds even with libyaml), while pydantic reads its own JSON dump of the same
knowledge more than ten times faster. Once a large file has been validated, its
JSON goes to the user's cache directory under a key made of the file's bytes,
the package version and the knowledge models' own source: change any of them
and the entry is simply never found again. A cache entry is only ever a
shortcut to the same validated result, so anything wrong with it (unreadable,
truncated, refused by the models) falls back to reading the file.

Small files (the shipped one is about 40 kB) are never cached: they load in
milliseconds and a cache would only leave files behind.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from bot.knowledge import models
from bot.knowledge.models import Knowledge

log = logging.getLogger(__name__)

MIN_BYTES = 1_000_000  # below this, parsing is faster than hashing and reading a cache entry
KEEP = 4  # entries kept; older ones are removed when a new one is written


def directory() -> Path:
    """``$XDG_CACHE_HOME/namida`` (``~/.cache/namida`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "namida"


def load_or_parse(text: str, parse: Callable[[str], Knowledge]) -> Knowledge:
    """``parse(text)``, or its earlier result for exactly this text and this code."""
    if len(text) < MIN_BYTES:
        return parse(text)
    entry = directory() / f"knowledge-{_key(text)}.json"
    try:
        return Knowledge.model_validate_json(entry.read_bytes())
    except (OSError, ValidationError, ValueError):
        pass  # no entry yet, or one that is not to be trusted: read the file
    knowledge = parse(text)
    _store(entry, knowledge)
    return knowledge


def _key(text: str) -> str:
    digest = hashlib.sha256()
    digest.update(_code_version().encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def _code_version() -> str:
    from importlib import metadata  # only large files need it; it is slow to import

    try:
        version = metadata.version("namida")
    except metadata.PackageNotFoundError:
        version = "unknown"
    source = Path(models.__file__).read_bytes()
    return f"{version}:{hashlib.sha256(source).hexdigest()}"


def _store(entry: Path, knowledge: Knowledge) -> None:
    """Write atomically (a reader never sees half an entry); failures only cost speed."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial = entry.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(knowledge.model_dump_json(), encoding="utf-8")
        partial.replace(entry)
        entries = sorted(entry.parent.glob("knowledge-*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.debug("could not cache the validated knowledge in %s: %s", entry.parent, exc)
