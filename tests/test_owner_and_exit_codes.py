"""Who may use the owner commands when OWNER_IDS is unset, and how interrupted jobs exit."""

from __future__ import annotations

import asyncio

import pytest
from discord_helpers import namida_on_fake

from bot.cli import main
from bot.discord_app import runner
from bot.knowledge import loader

EPHEMERAL = 64


async def test_without_owner_ids_the_application_owner_may_use_misses() -> None:
    async with namida_on_fake(owner_ids="") as live:
        # The fake's default invoker owns the application (GET /oauth2/applications/@me).
        handle = await live.fake.send_slash_command("misses")
        first = await handle.response()
        assert first.type == 5 and first.flags & EPHEMERAL  # deferred: allowed, not refused
        followup = await handle.followup()
        assert followup["flags"] & EPHEMERAL and followup["embeds"]


async def test_without_owner_ids_anyone_else_is_refused() -> None:
    async with namida_on_fake(owner_ids="") as live:
        fan = live.fake.make_user("haruto_fan")
        refused = await (await live.fake.send_slash_command("misses", user=fan)).response()
        assert refused.type == 4 and refused.flags & EPHEMERAL
        assert refused.content == "Only the bot's owners can use /misses."


async def test_owner_commands_refuse_everyone_else_before_doing_anything() -> None:
    async with namida_on_fake(owner_ids="") as live:
        fan = live.fake.make_user("haruto_fan")
        engine = live.client.engine
        for name in ("reload", "misses"):
            handle = await live.fake.send_slash_command(name, user=fan)
            refused = await handle.response()
            assert refused.type == 4 and refused.flags & EPHEMERAL
            assert refused.content == f"Only the bot's owners can use /{name}."
        assert live.client.engine is engine  # nothing was reloaded


# What an owner types as /misses since:, and how the refusal shows it: literally.
TYPED = [
    ("**bold**", "\\*\\*bold\\*\\*"),
    ("||hidden||", "\\|\\|hidden\\|\\|"),
    ("[click](https://a.example)", "\\[click](<https://a.example>)"),
    ("https://a.example", "<https://a.example>"),  # a link, but no preview
    ("@everyone", "@\u200beveryone"),
    ("# big", "\\# big"),
]


async def test_misses_since_is_shown_back_literally() -> None:
    async with namida_on_fake(owner_ids="") as live:
        for typed, shown in TYPED:
            handle = await live.fake.send_slash_command("misses", {"since": typed})
            reply = await handle.response()
            assert reply.flags & EPHEMERAL
            assert reply.content == (
                f"since must be a date like 2024-05-01 (YYYY-MM-DD), not “{shown}”."
            )


async def _interrupted() -> int:
    raise KeyboardInterrupt


def test_an_interrupted_one_off_job_is_not_a_success() -> None:
    assert runner._drive(_interrupted()) == runner.EXIT_INTERRUPTED != 0


def test_an_interrupted_bot_stopped_as_asked() -> None:
    assert runner._drive(_interrupted(), interrupted=runner.EXIT_OK) == 0


def test_knowledge_option_after_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    shipped = str(loader.default_path())
    assert main(["ask", "--knowledge", shipped, "/episode 8"]) == 0
    assert capsys.readouterr().out.startswith("Episode 8: 1 litre of tears")
    assert main(["ask", "--knowledge", "/nonexistent.yaml", "/episode 8"]) == 1
    assert "/nonexistent.yaml: (file): cannot read it" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("namida ")


def test_drive_closes_its_loop() -> None:
    # asyncio.run leaves no running loop behind for the next command.
    runner._drive(_interrupted())
    with pytest.raises(RuntimeError):
        asyncio.get_running_loop()
