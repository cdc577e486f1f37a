"""Per-server settings: /settings for members with Manage Server, `namida settings`
offline, and what the bot does with them (cooldown, where mentions are answered).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from discord_helpers import namida_on_fake
from fake_discord.payloads import BASIC_PERMISSIONS, MANAGE_GUILD
from fake_discord.server import FakeDiscord

from bot import cli
from bot.store import GuildSettings, Language, open_store

pytestmark = pytest.mark.timeout(40)

MANAGER = BASIC_PERMISSIONS | MANAGE_GUILD


async def settings_command(
    fake: FakeDiscord, sub: str, permissions: int = MANAGER, **options: Any
) -> dict[str, Any]:
    """/settings <sub> as a member with ``permissions``: the reply's embed, or its text."""
    handle = await fake.send_slash_command(f"settings {sub}", options, permissions=permissions)
    first = await handle.response()
    assert first.ephemeral
    if first.type == 4:  # answered at once: a refusal
        return {"content": first.content}
    followup = await handle.followup()
    assert followup["flags"] & 64
    return (
        dict(followup["embeds"][0]) if followup.get("embeds") else {"content": followup["content"]}
    )


async def test_managers_change_settings_and_they_are_stored(tmp_path: Path) -> None:
    db = tmp_path / "namida.sqlite3"
    async with namida_on_fake(misses_db=db) as (fake, bot):
        shown = await settings_command(fake, "show")
        assert shown["title"] == "Settings on this server"
        assert shown["description"].splitlines() == [
            "• reveal_spoilers: no",
            "• language: each member's own",
            "• cooldown: the bot's default",
            "• mention_channels: every channel",
        ]
        saved = await settings_command(fake, "spoilers", reveal=True)
        assert saved["title"] == "Settings saved"
        assert "• reveal_spoilers: yes" in saved["description"]
        assert "within 30 s" in saved["description"]
        await settings_command(fake, "language", language="ja")
        await settings_command(fake, "cooldown", rate=2, seconds=60.0)
        expected = GuildSettings(
            reveal_spoilers=True, language=Language.JAPANESE, cooldown_rate=2, cooldown_seconds=60
        )
        assert bot.guild_settings.get(fake.guild.id) == expected  # this process: at once
        assert await bot.store.guild_settings(fake.guild.id) == expected
        await settings_command(fake, "cooldown")  # both empty: back to the default
        assert bot.guild_settings.get(fake.guild.id).cooldown_rate is None


@pytest.mark.parametrize("sub", ["show", "spoilers"])
async def test_members_without_manage_server_are_refused(sub: str) -> None:
    async with namida_on_fake() as (fake, bot):
        options = {"reveal": True} if sub == "spoilers" else {}
        reply = await settings_command(fake, sub, permissions=BASIC_PERMISSIONS, **options)
        assert reply == {"content": f"Only members with Manage Server can use /settings {sub}."}
        assert await bot.store.guild_settings(fake.guild.id) == GuildSettings()


async def test_the_server_cooldown_applies_to_commands_and_mentions() -> None:
    async with namida_on_fake(cooldown_rate=0) as (fake, _):
        await settings_command(fake, "cooldown", rate=1, seconds=600.0)
        first = await (await fake.send_slash_command("episode", {"episode": "8"})).response()
        assert first.embeds
        second = await (await fake.send_slash_command("episode", {"episode": "8"})).response()
        assert second.ephemeral and (second.content or "").startswith("Slow down")
        reply = await fake.send_mention("who played Aya?")
        assert reply is not None and reply["content"].startswith("Slow down")


async def test_mentions_only_where_the_server_wants_them(tmp_path: Path) -> None:
    async with namida_on_fake(misses_db=tmp_path / "n.sqlite3") as (fake, bot):
        elsewhere = GuildSettings(mention_channels=frozenset({fake.guild.channel_id + 1}))
        await bot.guild_settings.save(fake.guild.id, elsewhere)
        await fake.send_mention("who played Aya?", expect_reply=False)  # not this channel
        here = await settings_command(fake, "mentions", change="answer here too")
        assert f"{fake.guild.channel_id}" in here["description"]
        assert await fake.send_mention("who played Aya?")
        await settings_command(fake, "mentions", change="stop answering here")
        await fake.send_mention("who played Aya?", expect_reply=False)
        done = await settings_command(fake, "mentions", change="answer everywhere")
        assert "• mention_channels: every channel" in done["description"]
        assert await fake.send_mention("who played Aya?")
        # /ask is not a mention: it is always answered.
        assert (await (await fake.send_slash_command("ask", {"question": "x"})).response()).embeds


async def test_a_change_made_elsewhere_arrives_within_the_refresh(tmp_path: Path) -> None:
    db = tmp_path / "n.sqlite3"
    async with namida_on_fake(misses_db=db, settings_refresh_seconds=0.2) as (fake, bot):
        other_process = open_store(f"sqlite:///{db}")
        await other_process.save_guild_settings(fake.guild.id, GuildSettings(cooldown_rate=1))
        await other_process.close()
        await fake.wait_until(
            lambda: bot.guild_settings.get(fake.guild.id).cooldown_rate == 1, 5, "the refresh"
        )


async def test_settings_say_so_when_the_database_is_unavailable(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    async with namida_on_fake(misses_db=folder) as (fake, _):
        reply = await settings_command(fake, "spoilers", reveal=True)
        assert reply == {
            "content": "The settings could not be saved: the database is "
            "unavailable. Try again in a moment."
        }
        answer = await (await fake.send_slash_command("episode", {"episode": "8"})).response()
        assert answer.embeds  # answering goes on


# ----------------------------------------------------------------- namida settings


def run_settings(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["settings", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_namida_settings_shows_and_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "n.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    code, out, _ = run_settings(capsys, "42")
    assert code == 0 and out.splitlines() == [
        "Server 42:",
        "  reveal_spoilers: no",
        "  language: each member's own",
        "  cooldown: the bot's default",
        "  mention_channels: every channel",
    ]
    code, out, _ = run_settings(
        capsys, "42", "reveal_spoilers=yes", "cooldown_rate=3", "mention_channels=7,5"
    )
    assert code == 0
    assert "  cooldown: 3 answers per default s" in out
    assert "  mention_channels: 5, 7" in out

    async def stored() -> GuildSettings:
        store = open_store(f"sqlite:///{db}")
        try:
            return await store.guild_settings(42)
        finally:
            await store.close()

    assert asyncio.run(stored()) == GuildSettings(
        reveal_spoilers=True, cooldown_rate=3, mention_channels=frozenset({5, 7})
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["0"], "a server id is a positive number"),
        (["42", "colour=red"], "unknown setting 'colour'"),
        (["42", "language=fr"], "bad value for language: 'fr' (en, ja or default)"),
        (["42", "cooldown_rate=-1"], "bad value for cooldown_rate"),
        (["42", "reveal_spoilers"], "expected name=value"),
    ],
)
def test_namida_settings_refuses_bad_input(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run_settings(capsys, *args)
    assert (code, out) == (2, "") and message in err


def test_namida_settings_with_a_bad_database_url(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://root:hunter2@db/namida")
    code, _, err = run_settings(capsys, "42")
    assert code == 1
    assert "DATABASE_URL: must start with sqlite:/// (a file) or postgresql://" in err
    assert "hunter2" not in err
