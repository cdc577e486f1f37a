"""Everything the bot writes, in one store: SQLite by default, PostgreSQL to share it.

``DATABASE_URL`` picks the backend:

- ``sqlite:///namida.sqlite3`` (a path relative to the working directory) or
  ``sqlite:////var/lib/namida/namida.sqlite3`` (absolute): one file, created
  on first use. Without DATABASE_URL it is ``MISSES_DB`` (namida-misses.sqlite3),
  so an existing log goes on being used and is migrated in place.
- ``postgresql://user@host/db?sslmode=verify-full``: one database for every
  process of a deployment on several machines (see ``docs/operating.md``).

>>> open_store("sqlite:///data/namida.sqlite3").path.as_posix()
'data/namida.sqlite3'
>>> open_store("mysql://x")
Traceback (most recent call last):
...
bot.store.api.StoreError: DATABASE_URL must start with sqlite:/// or postgresql://, not 'mysql://…'
"""

from __future__ import annotations

from pathlib import Path

from bot.store.api import (
    GuildSettings,
    Language,
    Miss,
    MissGroup,
    MissSummary,
    SchemaStatus,
    Score,
    Standing,
    Store,
    StoreError,
    TransientStoreError,
)

__all__ = [
    "GuildSettings",
    "Language",
    "Miss",
    "MissGroup",
    "MissSummary",
    "SchemaStatus",
    "Score",
    "Standing",
    "Store",
    "StoreError",
    "TransientStoreError",
    "open_store",
    "sqlite_url",
]

_POSTGRES = ("postgresql://", "postgres://")


def sqlite_url(path: Path) -> str:
    """The URL of a SQLite file.

    >>> sqlite_url(Path("/var/lib/namida/log.sqlite3"))
    'sqlite:////var/lib/namida/log.sqlite3'
    """
    return f"sqlite:///{path}"


def open_store(url: str) -> Store:
    """The backend for ``url``; nothing is connected or created until first used."""
    if url.startswith("sqlite:///"):
        from bot.store.sqlite import SqliteStore

        path = url.removeprefix("sqlite:///")
        if not path:
            raise StoreError("DATABASE_URL sqlite:/// needs a file path after the three slashes")
        return SqliteStore(Path(path))
    if url.startswith(_POSTGRES):
        from bot.store.postgres import PostgresStore

        return PostgresStore(url)
    scheme = url.split("//", 1)[0] + "//" if "//" in url else url[:10]
    raise StoreError(
        f"DATABASE_URL must start with sqlite:/// or postgresql://, not {scheme + '…'!r}"
    )
