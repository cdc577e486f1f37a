"""Which knowledge file to read, and why: the one a person edits wins over the shipped copy.

An owner who edits ``knowledge/one-litre-of-tears.yaml`` in the checkout and
reloads expects the bot to read that file, not the copy frozen inside the
installed wheel. So the first of these wins:

1. ``--knowledge PATH`` on the command line;
2. the ``KNOWLEDGE_PATH`` setting;
3. ``knowledge/one-litre-of-tears.yaml`` in the working directory;
4. the copy shipped with the package.

>>> str(locate(Path("mine.yaml"), Path("theirs.yaml")))
'mine.yaml (from --knowledge)'
>>> str(locate(None, Path("theirs.yaml")))
'theirs.yaml (from KNOWLEDGE_PATH)'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from bot.knowledge.files import DEFAULT_FILENAME, default_path

LOCAL_PATH = Path("knowledge") / DEFAULT_FILENAME


class Origin(Enum):
    """Where the choice of file came from, as shown after its path."""

    OPTION = "from --knowledge"
    SETTING = "from KNOWLEDGE_PATH"
    WORKING_DIRECTORY = "in the working directory"
    SHIPPED = "shipped with namida"


@dataclass(frozen=True)
class KnowledgeFile:
    path: Path
    origin: Origin

    def __str__(self) -> str:
        return f"{self.path} ({self.origin.value})"


def locate(option: Path | None, setting: Path | None) -> KnowledgeFile:
    """``option`` (``--knowledge``), else ``setting``, else the local copy, else the shipped one."""
    if option is not None:
        return KnowledgeFile(Path(option), Origin.OPTION)
    if setting is not None:
        return KnowledgeFile(Path(setting), Origin.SETTING)
    if LOCAL_PATH.is_file():
        return KnowledgeFile(LOCAL_PATH, Origin.WORKING_DIRECTORY)
    return KnowledgeFile(default_path(), Origin.SHIPPED)
