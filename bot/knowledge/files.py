"""The knowledge file: where it is, loading it, and the problems found in it.

Loading comes from the cache (:mod:`bot.knowledge.cache`) when it can; only a
file not read before is parsed, by :mod:`bot.knowledge.loader`, which is
imported then (it needs the YAML library, which takes longer to import than
answering a question from a cached engine).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot import collector, i18n
from bot.knowledge import cache
from bot.knowledge.models import Knowledge

DEFAULT_FILENAME = "one-litre-of-tears.yaml"


def default_path() -> Path:
    """The shipped knowledge file: inside the wheel, or in the source checkout."""
    # Beside the package's modules, as importlib.resources would find it (not
    # imported: it costs a start more than the answer does).
    packaged = Path(__file__).resolve().parents[1] / "_data" / DEFAULT_FILENAME
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "knowledge" / DEFAULT_FILENAME


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}"


class KnowledgeError(Exception):
    """A knowledge file that could not be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the knowledge file"
        super().__init__("\n".join([header + ":", *(f"  {p}" for p in problems)]))


def load(path: Path | str | None = None) -> Knowledge:
    """Load and validate a knowledge file. Raises KnowledgeError, never anything else."""
    file = Path(path) if path is not None else default_path()
    knowledge = cache.remember("knowledge", [file], lambda: _read_file(file), Knowledge)
    i18n.bind_knowledge(file)  # its translations, beside it (read when first needed)
    return knowledge


@collector.while_paused
def _read_file(file: Path) -> Knowledge:
    name = str(file)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise KnowledgeError([Problem(name, None, "(file)", f"cannot read it: {reason}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError([_not_utf8(name, raw, exc)]) from None
    from bot.knowledge import loader

    return loader.parse(text, name)


def _not_utf8(name: str, raw: bytes, exc: UnicodeDecodeError) -> Problem:
    """Where the first byte that is not UTF-8 is, as a line and a column (in characters)."""
    line_start = raw.rfind(b"\n", 0, exc.start) + 1
    line = raw.count(b"\n", 0, exc.start) + 1
    column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
    byte = raw[exc.start]
    return Problem(
        name,
        line,
        "(file)",
        f"column {column}: byte 0x{byte:02x} is not UTF-8 text; save the file as UTF-8",
    )
