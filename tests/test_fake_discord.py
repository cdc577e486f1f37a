"""The real discord.py client against the loopback fake Discord."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from fake_discord import BotUnderTest, bot_on_fake, fake_discord, fast_retries, running_client
from fake_discord.server import IDENTIFY, RESUME

pytestmark = pytest.mark.timeout(30)

CAST = ["Haruto Asou", "Aya Ikeuchi", "Shiori Kitō", "Asou Haruto (cello)"]


class EchoBot(discord.Client):
    """The smallest bot that exercises commands, autocomplete and mentions."""

    def __init__(self, **options: Any) -> None:
        super().__init__(
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.tree = app_commands.CommandTree(self)
        self.errors: list[BaseException] = []

        @self.tree.command(description="Repeat what you said")
        @app_commands.describe(text="What to repeat")
        async def echo(interaction: discord.Interaction, text: str) -> None:
            embed = discord.Embed(title="Echo", description=discord.utils.escape_markdown(text))
            await interaction.response.send_message(text, embed=embed)

        @echo.autocomplete("text")
        async def echo_text(interaction: discord.Interaction, current: str) -> list[Any]:
            hits = [name for name in CAST if current.casefold() in name.casefold()]
            return [app_commands.Choice(name=n, value=n) for n in hits[:25]]

        @self.tree.command(description="Answer later")
        async def later(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.followup.send("Konayuki")
            await interaction.edit_original_response(content="done")

        @self.tree.command(description="Two buttons")
        async def buttons(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("Pick one", view=Buttons())

        @self.tree.error
        async def on_tree_error(
            interaction: discord.Interaction, error: app_commands.AppCommandError
        ) -> None:
            self.errors.append(error)
            logging.getLogger("echo-bot").error("command failed: %r", error)

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.user is None or self.user not in message.mentions:
            return
        question = message.content.replace(self.user.mention, "").strip()
        await message.reply(f"You asked: {discord.utils.escape_markdown(question)}")


class Buttons(discord.ui.View):
    """One button answers by editing its message (type 7), one acknowledges first (type 6)."""

    @discord.ui.button(label="Update", custom_id="update")
    async def update(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await interaction.response.edit_message(content=f"Updated by {interaction.user.name}")

    @discord.ui.button(label="Later", custom_id="later")
    async def later(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content="Edited after a deferred update")


class ShardedEchoBot(EchoBot, discord.AutoShardedClient):
    pass


@pytest.fixture
async def bot() -> AsyncIterator[BotUnderTest]:
    async with bot_on_fake(EchoBot) as running:
        await running.client.tree.sync(guild=discord.Object(running.fake.guild.id))
        yield running


async def assert_echo_answered(fake: Any, text: str = "Konayuki") -> None:
    handle = await fake.send_slash_command("echo", {"text": text})
    reply = await handle.response()
    assert reply.type == 4
    assert reply.content == text
    assert handle.deliveries == 1


# ---------------------------------------------------------------- happy path


async def test_login_sync_and_answers(bot: BotUnderTest) -> None:
    fake, client = bot
    assert client.user is not None and client.user.id == fake.application_id
    # discord.py asks for zlib-stream but reads text frames as they are; the fake sends text.
    assert fake.connections[0].query == {"v": "10", "encoding": "json", "compress": "zlib-stream"}
    assert client.get_guild(fake.guild.id) is not None

    await client.tree.sync()  # global sync too
    syncs = fake.requests_to("PUT", "command_sync")
    assert len(syncs) == 2 and all(not r.violations for r in syncs)
    assert {c["name"] for c in fake.commands[None]} == {"echo", "later", "buttons"}
    assert all(c["version"] and c["application_id"] for c in fake.commands[None])

    handle = await fake.send_slash_command("echo", {"text": "*Konayuki*"})
    reply = await handle.response()
    assert reply.type == 4
    assert reply.content == "*Konayuki*"
    assert reply.embeds[0]["description"] == r"\*Konayuki\*"
    assert reply.allowed_mentions == {"parse": []}
    callback = fake.requests_to("POST", "callback")[0]
    assert callback.query.get("with_response") in ("1", "true")

    choices = await fake.send_autocomplete("echo", "text", "haru")
    assert [c["name"] for c in choices] == ["Haruto Asou", "Asou Haruto (cello)"]

    answer = await fake.send_mention("who played Haruto?")
    assert answer is not None
    assert answer["content"] == "You asked: who played Haruto?"
    assert answer["message_reference"]["channel_id"] == str(fake.guild.channel_id)
    assert not fake.problems()


async def test_defer_followup_and_edit(bot: BotUnderTest) -> None:
    fake, _ = bot
    handle = await fake.send_slash_command("later")
    reply = await handle.response()
    assert reply.type == 5
    followup = await handle.followup()
    assert followup["content"] == "Konayuki"
    edit = await handle.edit()
    assert edit["content"] == "done"
    assert handle.original is not None and handle.original["content"] == "done"


async def test_button_clicks_update_and_defer(bot: BotUnderTest) -> None:
    fake, _ = bot
    handle = await fake.send_slash_command("buttons")
    assert (await handle.response()).type == 4
    message = handle.original
    assert message is not None
    assert [b["custom_id"] for row in message["components"] for b in row["components"]] == [
        "update",
        "later",
    ]

    fan = fake.make_user("aya_fan")
    click = await fake.click(message, "update", user=fan)
    assert click.payload["type"] == 3 and click.payload["message"]["id"] == message["id"]
    update = await click.response()
    assert update.type == 7 and update.content == "Updated by aya_fan"
    assert message["content"] == "Updated by aya_fan"  # the fake applied the update
    assert [e.via for e in fake.edits_of(message["id"])] == ["callback"]

    deferred = await fake.click(message, "later")
    assert (await deferred.response()).type == 6
    await fake.wait_until(lambda: len(fake.edits_of(message["id"])) == 2, 5.0, "the edit")
    assert fake.edits_of(message["id"])[1].via == "webhook"
    assert message["content"] == "Edited after a deferred update"

    with pytest.raises(LookupError):
        await fake.click(message, "no-such-button")
    assert not fake.problems()


async def test_bot_authors_are_ignored(bot: BotUnderTest) -> None:
    fake, _ = bot
    other = fake.make_user("other_bot", bot=True)
    assert await fake.send_mention("who played Haruto?", author=other, expect_reply=False) is None


async def test_slash_command_in_dm(bot: BotUnderTest) -> None:
    fake, _ = bot
    handle = await fake.send_slash_command("echo", {"text": "Ichi"}, dm=True)
    assert (await handle.response()).content == "Ichi"


async def test_sharded_client_routes_guilds_to_shards() -> None:
    async with bot_on_fake(ShardedEchoBot, shard_count=2, guild_count=2) as (fake, client):
        assert client.shard_count == 2
        shards = sorted(tuple(f.d["shard"]) for f in fake.ops(IDENTIFY))
        assert shards == [(0, 2), (1, 2)]
        for index, guild in enumerate(fake.guilds):
            assert (guild.id >> 22) % 2 == index
            assert client.get_guild(guild.id) is not None
            assert client.get_guild(guild.id).shard_id == index
            handle = await fake.send_slash_command("echo", {"text": "x"}, guild_id=guild.id)
            assert (await handle.response()).content == "x"


# ---------------------------------------------------------------- gateway faults


@pytest.mark.parametrize("code", [1006, 4000])
async def test_dropped_socket_resumes(bot: BotUnderTest, code: int) -> None:
    fake, _ = bot
    await fake.drop_connection(code=code)
    resume = await fake.wait_for_op(RESUME)
    assert resume.d["session_id"] == fake.session_for(0).session_id
    assert resume.d["seq"] >= 2  # READY and GUILD_CREATE were seen
    await assert_echo_answered(fake)
    assert len(fake.ops(IDENTIFY)) == 1


async def test_events_missed_while_away_are_replayed(bot: BotUnderTest) -> None:
    fake, _ = bot
    await fake.drop_connection(code=4000)
    handle = await fake.send_slash_command("echo", {"text": "missed"})  # buffered
    assert (await handle.response()).content == "missed"
    assert len(fake.ops(RESUME)) == 1


async def test_reconnect_opcode(bot: BotUnderTest) -> None:
    fake, _ = bot
    await fake.send_reconnect()
    await fake.wait_for_op(RESUME)
    await assert_echo_answered(fake)


@pytest.mark.parametrize("resumable", [True, False])
async def test_invalid_session(bot: BotUnderTest, resumable: bool) -> None:
    fake, _ = bot
    await fake.invalidate_session(resumable=resumable)
    if resumable:
        await fake.wait_for_op(RESUME)
    else:
        await fake.wait_for_op(IDENTIFY, count=2)
    await assert_echo_answered(fake)


# ---------------------------------------------------------------- HTTP faults


async def test_rate_limited_callback_is_retried_once(bot: BotUnderTest) -> None:
    fake, _ = bot
    fake.fail_next("callback", 429)
    handle = await fake.send_slash_command("echo", {"text": "again"})
    assert (await handle.response()).content == "again"
    assert handle.attempts == 2
    assert handle.deliveries == 1


async def test_server_error_once_is_retried(bot: BotUnderTest) -> None:
    fake, _ = bot
    fake.fail_next("callback", 500)
    with fast_retries():
        handle = await fake.send_slash_command("echo", {"text": "retry"})
        assert (await handle.response()).content == "retry"
    assert (handle.attempts, handle.deliveries) == (2, 1)


async def test_persistent_server_error_is_logged(
    bot: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    fake, client = bot
    fake.fail_next("callback", 500, times=5)
    with fast_retries():
        handle = await fake.send_slash_command("echo", {"text": "lost"})
        await fake.wait_until(lambda: client.errors, 5.0, "the command error")
    assert handle.deliveries == 0 and handle.attempts == 5
    assert isinstance(client.errors[0].original, discord.DiscordServerError)
    assert "command failed" in caplog.text
    await assert_echo_answered(fake)


async def test_slow_answer_is_still_delivered(bot: BotUnderTest) -> None:
    fake, _ = bot
    fake.delay_next("callback", 0.3)
    started = time.monotonic()
    await assert_echo_answered(fake)
    assert time.monotonic() - started >= 0.3


async def test_bad_token(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "not-the-token.very-secret-value"
    async with fake_discord() as fake:
        with pytest.raises(discord.LoginFailure) as caught:
            async with running_client(fake, EchoBot, token=secret):
                pass
        fake.reject_token = True
        with pytest.raises(discord.LoginFailure):
            async with running_client(fake, EchoBot):
                pass
    assert secret not in caplog.text
    assert secret not in str(caught.value) and secret not in repr(caught.value.__cause__)
    assert all(secret not in str(r.headers) for r in fake.requests)


async def test_rest_wire_format() -> None:
    async with fake_discord(allow_unknown_routes=True) as fake, aiohttp.ClientSession() as http:
        auth = {"Authorization": f"Bot {fake.token}"}
        async with http.get(f"{fake.base_url}/users/@me", headers=auth) as response:
            assert response.headers["Content-Type"] == "application/json"
            assert (await response.json())["bot"] is True
        async with http.get(f"{fake.base_url}/users/@me") as response:
            assert response.status == 401
        async with http.get(f"{fake.base_url}/gateway/bot", headers=auth) as response:
            assert (await response.json())["url"] == fake.gateway_url
        async with http.get(f"{fake.base_url}/guilds/1/bans", headers=auth) as response:
            assert response.status == 404
            assert response.headers["Content-Type"] == "application/json"
        assert [(r.method, r.path) for r in fake.unknown_routes] == [("GET", "/guilds/1/bans")]
        assert all("Authorization" not in r.headers for r in fake.requests)

        async with http.ws_connect(fake.gateway_url) as ws:
            assert (await ws.receive_json())["op"] == 10
            await ws.send_json({"op": 1, "d": None})
            assert (await ws.receive_json())["op"] == 11
            await ws.send_json({"op": 2, "d": {"token": fake.token, "intents": 0}})
            ready = await ws.receive_json()
            assert (ready["t"], ready["s"]) == ("READY", 1)
            assert ready["d"]["resume_gateway_url"] == fake.gateway_url
            assert ready["d"]["guilds"] == [{"id": str(fake.guild.id), "unavailable": True}]
            assert (await ws.receive_json())["t"] == "GUILD_CREATE"
            handle = await fake.send_slash_command("echo", {"text": "hi"})
            event = await ws.receive_json()
            assert (event["t"], event["s"], event["d"]["id"]) == (
                "INTERACTION_CREATE",
                3,
                str(handle.id),
            )
        body = {"type": 4, "data": {"content": "hi", "allowed_mentions": {"parse": []}}}
        url = f"{fake.base_url}/interactions/{handle.id}/{handle.token}/callback"
        async with http.post(url, json=body) as response:
            assert response.status == 204
        async with http.post(url, json=body) as response:
            assert response.status == 400  # already acknowledged
        assert (handle.attempts, handle.deliveries) == (2, 1)
        assert (await handle.response()).content == "hi"


# ---------------------------------------------------------------- hygiene


async def test_teardown_leaves_nothing_behind() -> None:
    tasks_before = asyncio.all_tasks()
    threads_before = set(threading.enumerate())
    async with bot_on_fake(EchoBot) as (fake, _):
        port = fake.port
        await assert_echo_answered(fake)
        assert any(t.name.startswith("keep-alive") for t in threading.enumerate())
    await asyncio.sleep(0)
    assert [t for t in asyncio.all_tasks() - tasks_before if not t.done()] == []
    assert [t for t in set(threading.enumerate()) - threads_before if t.is_alive()] == []
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass
    assert discord.http.Route.BASE == "https://discord.com/api/v10"
    assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == "wss://gateway.discord.gg/"
