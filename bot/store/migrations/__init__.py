"""Versioned schema changes: ``<dialect>/NNNN_name.sql``, applied in order, once each.

One mechanism for both backends: the same numbers and names in ``sqlite/`` and
``postgresql/`` (each in its own SQL dialect), and a table ``namida_schema``
recording which versions a database has. A migration runs in one transaction
with its version row, so a database is always at one version, never between two.
Add a change as the next number in both folders; never edit a shipped one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Dialect = Literal["sqlite", "postgresql"]

_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")

VERSION_TABLE = "namida_schema"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The statements one by one (a ``;`` ends one only at the end of a line)."""
        body = "\n".join(
            line for line in self.sql.splitlines() if not line.lstrip().startswith("--")
        )
        return [s.strip() for s in re.split(r";\s*$", body, flags=re.M) if s.strip()]


@cache
def migrations(dialect: Dialect) -> tuple[Migration, ...]:
    """Every shipped migration for ``dialect``, in order; numbered 1, 2, 3… without a gap."""
    found = []
    for entry in resources.files(__package__).joinpath(dialect).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"{dialect} migrations are not numbered 1..{len(found)}")
    return tuple(found)


def latest(dialect: Dialect) -> int:
    return len(migrations(dialect))
