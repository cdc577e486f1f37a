"""`namida misses`, `namida db …` and `namida settings`: the store from a terminal.

Each returns an exit code and explains a failure in one line, without a
traceback and without the database password. What they print is in the
language the command line chose (``--lang`` or the environment); a store's own
error messages are quoted as they come.
"""

from __future__ import annotations

import asyncio
import sys
import textwrap
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, TextIO, TypeVar

from bot import misses
from bot.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from bot.i18n import _
from bot.store import GuildSettings, Language, Store, StoreError, open_store
from bot.store.guild_settings import describe_settings

T = TypeVar("T")

COPY_CHUNK = 5000


def _store_url(err: TextIO) -> str | None:
    from bot.settings import Settings, SettingsError

    try:
        return Settings.load().store_url
    except SettingsError as exc:
        print(exc, file=err)
        return None


def _with_store(
    url: str | None, work: Callable[[Store], Awaitable[T]], err: TextIO, what: str
) -> tuple[int, T | None]:
    """Run ``work`` on the store at ``url`` (None: the settings'); failures as one line."""
    url = url or _store_url(err)
    if url is None:
        return EXIT_FAILED, None

    async def run() -> T:
        store = open_store(url)
        try:
            return await work(store)
        finally:
            await store.close()

    try:
        return EXIT_OK, asyncio.run(run())
    except StoreError as exc:
        print(f"namida {what}: {exc}", file=err)
        return EXIT_FAILED, None


# ----------------------------------------------------------------- namida misses


def misses_report(
    since: str | None = None,
    limit: int = 20,
    *,
    url: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print the most frequent unanswered questions; return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        start = misses.parse_since(since)
    except ValueError as exc:
        print(f"namida misses: {exc}", file=err)
        return EXIT_USAGE
    if limit < 1:
        print(
            _("namida misses: --limit must be 1 or more, not {limit}").format(limit=limit), file=err
        )
        return EXIT_USAGE
    code, summary = _with_store(
        url, lambda store: store.miss_summary(since=start, limit=limit), err, "misses"
    )
    if summary is None:
        return code
    print(misses.format_table(summary), file=out)
    return EXIT_OK


# ----------------------------------------------------------------- namida db


def db_status(
    url: str | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Print the schema version and the migrations still to apply; exit 1 if any are."""
    out = out or sys.stdout
    err = err or sys.stderr

    async def work(store: Store) -> tuple[str, Any]:
        return store.url, await store.status()

    code, found = _with_store(url, work, err, "db status")
    if found is None:
        return code
    where, status = found
    print(
        _("{where}: schema version {current} of {latest}").format(
            where=where, current=status.current, latest=status.latest
        ),
        file=out,
    )
    for name in status.pending:
        print(textwrap.indent(_("pending: {name}").format(name=name), "  "), file=out)
    if status.pending:
        print(_("Run `namida db migrate` (or start the bot) to apply them."), file=out)
        return EXIT_FAILED
    return EXIT_OK


def db_migrate(
    url: str | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr

    async def work(store: Store) -> tuple[str, int, Any]:
        before = await store.status()
        return store.url, before.current, await store.migrate()

    code, found = _with_store(url, work, err, "db migrate")
    if found is None:
        return code
    where, before, status = found
    if before == status.current:
        message = _("{where}: already at schema version {current}")
    else:
        message = _("{where}: migrated from schema version {before} to {current}")
    print(message.format(where=where, before=before, current=status.current), file=out)
    return EXIT_OK


async def copy(source: Store, target: Store, *, chunk: int = COPY_CHUNK) -> tuple[int, int, int]:
    """Copy misses, scores and server settings from ``source`` into ``target``.

    Rows are added to what ``target`` holds (settings replace a server's), in
    chunks of one transaction each; returns (misses, scores, servers) copied.
    """
    await target.migrate()
    n_misses = n_scores = after = 0
    while missed := await source.misses_after(after, chunk):
        after = missed[-1][0]
        await target.write(misses=[miss for _, miss in missed])
        n_misses += len(missed)
    after = 0
    while scored := await source.scores_after(after, chunk):
        after = scored[-1][0]
        await target.write(scores=[score for _, score in scored])
        n_scores += len(scored)
    servers = await source.all_guild_settings()
    for guild_id, settings in servers.items():
        await target.save_guild_settings(guild_id, settings)
    return n_misses, n_scores, len(servers)


def db_copy(
    source_url: str, target_url: str, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """`namida db copy --from URL --to URL`: e.g. move a SQLite log into PostgreSQL."""
    out = out or sys.stdout
    err = err or sys.stderr
    if source_url == target_url:
        print(_("namida db copy: --from and --to are the same database"), file=err)
        return EXIT_USAGE

    async def run() -> tuple[str, str, tuple[int, int, int]]:
        source, target = open_store(source_url), open_store(target_url)
        try:
            if (await source.status()).current == 0:
                raise StoreError(f"{source.url} holds nothing to copy")
            return source.url, target.url, await copy(source, target)
        finally:
            await source.close()
            await target.close()

    try:
        source, target, (n_misses, n_scores, n_servers) = asyncio.run(run())
    except StoreError as exc:
        print(f"namida db copy: {exc}", file=err)
        return EXIT_FAILED
    copied = _(
        "Copied {misses} misses, {scores} quiz scores and the settings of "
        "{servers} servers from {source} to {target}."
    )
    print(
        copied.format(
            misses=n_misses, scores=n_scores, servers=n_servers, source=source, target=target
        ),
        file=out,
    )
    return EXIT_OK


# ----------------------------------------------------------------- namida settings


def parse_change(text: str) -> tuple[str, Any]:
    """``name=value`` from the command line into a GuildSettings field and value.

    >>> parse_change("reveal_spoilers=yes"), parse_change("language=default")
    (('reveal_spoilers', True), ('language', None))
    >>> parse_change("mention_channels=12,34")
    ('mention_channels', frozenset({34, 12}))
    """
    name, sep, raw = text.partition("=")
    name, raw = name.strip().replace("-", "_"), raw.strip()
    if not sep:
        raise ValueError(f"expected name=value, not {text!r}")
    default = raw.lower() in ("default", "none", "")
    try:
        if name == "reveal_spoilers":
            if raw.lower() not in ("yes", "no", "true", "false", "on", "off", "1", "0"):
                raise ValueError
            return name, raw.lower() in ("yes", "true", "on", "1")
        if name == "language":
            return name, None if default else Language(raw.lower())
        if name == "cooldown_rate":
            value = None if default else int(raw)
            if value is not None and not 0 <= value <= 100:
                raise ValueError
            return name, value
        if name == "cooldown_seconds":
            seconds = None if default else float(raw)
            if seconds is not None and not 1 <= seconds <= 3600:
                raise ValueError
            return name, seconds
        if name == "mention_channels":
            ids = frozenset(int(p) for p in raw.split(",") if p.strip() and not default)
            if any(i <= 0 for i in ids):
                raise ValueError
            return name, ids
    except ValueError:
        raise ValueError(f"bad value for {name}: {raw!r} ({_HELP[name]})") from None
    raise ValueError(f"unknown setting {name!r}; known: {', '.join(_HELP)}")


_HELP = {
    "reveal_spoilers": "yes or no",
    "language": f"{', '.join(lang.value for lang in Language)} or default",
    "cooldown_rate": "answers per window, 0 to 100, or default",
    "cooldown_seconds": "the window, 1 to 3600 seconds, or default",
    "mention_channels": "channel ids separated by commas; empty for every channel",
}


def settings_command(
    guild_id: int,
    changes: list[str],
    *,
    url: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`namida settings GUILD [name=value …]`: show a server's settings, or change them."""
    out = out or sys.stdout
    err = err or sys.stderr
    if guild_id <= 0:
        refusal = _("namida settings: a server id is a positive number, not {guild_id}")
        print(refusal.format(guild_id=guild_id), file=err)
        return EXIT_USAGE
    try:
        parsed = dict(parse_change(change) for change in changes)
    except ValueError as exc:
        print(f"namida settings: {exc}", file=err)
        return EXIT_USAGE

    async def work(store: Store) -> GuildSettings:
        current = await store.guild_settings(guild_id)
        if parsed:
            current = replace(current, **parsed)
            await store.save_guild_settings(guild_id, current)
        return current

    code, settings = _with_store(url, work, err, "settings")
    if settings is None:
        return code
    if parsed:
        print(
            _("Saved; every shard uses them within its settings refresh (default 30 s)."), file=out
        )
    print(_("Server {guild_id}:").format(guild_id=guild_id), file=out)
    for line in describe_settings(settings):
        print(f"  {line}", file=out)
    return EXIT_OK
