"""`namida run`, `namida sync` and `namida invite`: the bot's life on Discord.

Each returns an exit code and explains failures in one or two plain lines:
no traceback for a missing or rejected token, and the token itself is never
printed or logged.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import discord

from bot.discord_app import logs, reloading
from bot.discord_app.client import NamidaBot, create_bot, intents
from bot.exits import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK
from bot.knowledge.location import locate
from bot.settings import Settings, SettingsError

if TYPE_CHECKING:
    from bot.engine.engine import Engine

SCOPES = ("bot", "applications.commands")
# Only what answering needs: see channels and read the mentions in them, reply
# (a reply needs Read Message History), in threads too, with embeds.
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
)

DOCS = "docs/operating.md, section Setting it up on Discord"
NO_TOKEN = (
    "No Discord token: set DISCORD_TOKEN in the environment or in a .env file "
    f"(see {DOCS}). To try the bot offline, run `namida console`."
)
REJECTED = (
    "Discord rejected the token in DISCORD_TOKEN. Copy a fresh one from the Developer "
    "Portal (your application → Bot → Reset Token) into .env and try again."
)
NO_APPLICATION = (
    "The invite URL needs the application id: set APPLICATION_ID (Developer Portal → "
    "General Information → Application ID) or DISCORD_TOKEN, then run `namida invite` again."
)


class Failure(Exception):
    """A failure explained to the user; the message is printed as is."""


def run(knowledge_path: Path | None = None) -> int:
    """Connect to Discord and answer until stopped (Ctrl+C or SIGTERM)."""
    return _main(_run, knowledge_path)


def sync(guild_id: int | None = None, knowledge_path: Path | None = None) -> int:
    """Register the slash commands: with one server (instant) or globally, then exit."""
    return _main(_sync, guild_id, knowledge_path)


def invite() -> int:
    """Print the URL that adds the bot to a server, with only the permissions it needs."""
    return _main(_invite)


def _main(command: Callable[..., int], *args: Any) -> int:
    try:
        settings = Settings.load()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAILED
    with logs.queued(settings.log_level_number):
        try:
            return int(command(settings, *args))
        except Failure as exc:
            print(exc, file=sys.stderr)
            return EXIT_FAILED


def _run(settings: Settings, knowledge_path: Path | None) -> int:
    token = _token(settings)
    path, engine = _engine(settings, knowledge_path)
    bot = create_bot(settings, engine, knowledge_path=path)
    return _drive(_serve(bot, token), interrupted=EXIT_OK)


def _sync(settings: Settings, guild_id: int | None, knowledge_path: Path | None) -> int:
    token = _token(settings)
    _, engine = _engine(settings, knowledge_path)
    bot = create_bot(settings, engine)
    return _drive(_register(bot, token, guild_id))


def _invite(settings: Settings) -> int:
    application_id = settings.application_id
    if application_id is None:
        if not settings.has_token:
            raise Failure(NO_APPLICATION)
        application_id = _drive(_fetch_application_id(_token(settings)))
    print(invite_url(application_id, settings.dev_guild_id))
    return EXIT_OK


def invite_url(application_id: int, guild_id: int | None = None) -> str:
    """The OAuth2 URL; with ``guild_id`` that server is preselected."""
    guild = discord.Object(guild_id) if guild_id else discord.utils.MISSING
    return discord.utils.oauth_url(
        application_id, permissions=PERMISSIONS, guild=guild, scopes=SCOPES
    )


def _token(settings: Settings) -> str:
    if settings.discord_token is None or not settings.has_token:
        raise Failure(NO_TOKEN)
    return settings.discord_token.get_secret_value().strip()


def _engine(settings: Settings, knowledge_path: Path | None) -> tuple[Path, Engine]:
    """The knowledge file chosen (and said, on stderr) and the engine built from it."""
    from bot.engine.engine import Engine
    from bot.knowledge.loader import KnowledgeError

    chosen = locate(knowledge_path, settings.knowledge_path)
    print(f"Knowledge: {chosen}", file=sys.stderr)
    try:
        return chosen.path, Engine.from_path(chosen.path)
    except KnowledgeError as exc:
        raise Failure(str(exc)) from None


def _drive(coroutine: Coroutine[Any, Any, int], *, interrupted: int = EXIT_INTERRUPTED) -> int:
    """Run one async job and turn Discord's failures into plain messages.

    Ctrl+C is how a running bot is meant to stop (``interrupted=EXIT_OK``);
    for a one-off job such as a sync it means the job did not finish.
    """
    try:
        return asyncio.run(coroutine)
    except KeyboardInterrupt:
        return interrupted
    except discord.LoginFailure:
        raise Failure(REJECTED) from None
    except discord.PrivilegedIntentsRequired:  # not expected: the bot asks for none
        raise Failure("Discord refused the gateway intents the bot asked for.") from None
    except discord.Forbidden as exc:
        raise Failure(f"Discord refused: {exc.text or exc.status}.") from None
    except discord.HTTPException as exc:
        raise Failure(f"Discord answered {exc.status}: {exc.text or 'no details'}.") from None
    except (discord.GatewayNotFound, discord.ConnectionClosed, aiohttp.ClientError, OSError) as exc:
        raise Failure(f"Could not reach Discord ({type(exc).__name__}: {exc}).") from None


async def _serve(bot: NamidaBot, token: str) -> int:
    closing: set[asyncio.Task[None]] = set()  # keep the close task alive until done
    async with bot:
        sigterm = _close_on_sigterm(bot, closing)
        reloading.install_sighup(bot)
        try:
            await bot.start(token)
        finally:
            reloading.remove_sighup()
            if sigterm:
                asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)
    # discord.py's part of a SIGTERM close ends first; the bot's own (writing the
    # store's queue) goes on. Wait for it: asyncio.run would cancel it on the way out.
    await asyncio.gather(*closing)
    return EXIT_OK


def _close_on_sigterm(bot: NamidaBot, closing: set[asyncio.Task[None]]) -> bool:
    """Close cleanly on SIGTERM (systemd's stop); False where signals can't be handled."""
    loop = asyncio.get_running_loop()

    def close() -> None:
        task = loop.create_task(bot.close())
        closing.add(task)
        task.add_done_callback(closing.discard)

    # Only possible in the main thread on Unix; elsewhere Ctrl+C still works.
    try:
        loop.add_signal_handler(signal.SIGTERM, close)
    except (NotImplementedError, RuntimeError, ValueError):
        return False
    return True


async def _register(bot: NamidaBot, token: str, guild_id: int | None) -> int:
    async with bot:
        await bot.login(token)  # loads the cogs (setup_hook) without the gateway
        if guild_id is not None:
            guild = discord.Object(guild_id)
            bot.tree.copy_global_to(guild=guild)
            try:
                commands = await bot.tree.sync(guild=guild)
            except discord.Forbidden:
                raise Failure(
                    f"Discord refused to register commands in server {guild_id}: is the bot "
                    "in it, invited with the applications.commands scope? See `namida invite`."
                ) from None
            where = f"in server {guild_id} (available now)"
        else:
            commands = await bot.tree.sync()
            where = "globally (Discord may take a few minutes to show them everywhere)"
            await _clear_test_copies(bot)
    names = ", ".join(f"/{c.name}" for c in sorted(commands, key=lambda c: c.name))
    print(f"Registered {len(commands)} commands {where}: {names}")
    return EXIT_OK


async def _clear_test_copies(bot: NamidaBot) -> None:
    """Once global, remove the copies synced to DEV_GUILD_ID so they don't show twice."""
    guild_id = bot.settings.dev_guild_id
    if guild_id is None:
        return
    guild = discord.Object(guild_id)
    bot.tree.clear_commands(guild=guild)
    try:
        await bot.tree.sync(guild=guild)
    except discord.HTTPException as exc:
        print(f"Could not remove the test copies in server {guild_id}: {exc.text or exc.status}")
    else:
        print(f"Removed the test copies of the commands in server {guild_id}.")


async def _fetch_application_id(token: str) -> int:
    client = discord.Client(intents=intents())  # the bot's own: no "guilds intent" warning
    async with client:
        await client.login(token)
        application_id = client.application_id
    if application_id is None:
        raise Failure(NO_APPLICATION)
    return application_id
