"""A loopback fake of Discord's REST API and gateway for the real discord.py client.

Run it in the test's event loop, point discord.py at it (see ``harness.pointed_at``), and
drive it: dispatch interactions and messages, inject faults, read what the bot sent.

Wire details that matter to discord.py:
- JSON responses carry exactly ``Content-Type: application/json`` (no charset), else
  discord.py treats the body as text.
- discord.py asks for ``compress=zlib-stream``; it only inflates *binary* frames, so the
  fake answers with plain-text JSON frames and the client reads them as they are.
- A 429 is retried only with a JSON ``retry_after`` and a ``Via`` header.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

from . import conformance, payloads
from .payloads import JSON, FakeGuild, snowflake

log = logging.getLogger("fake_discord")

T = TypeVar("T")

DEFAULT_TOKEN = "fake-bot-token.NAMIDA.test-only"

# Gateway opcodes.
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, RESUME, RECONNECT = 0, 1, 2, 3, 6, 7
REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 8, 9, 10, 11

# Interaction types.
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE = 2, 3, 4
BUTTON = 2  # component type

# Interaction callback types.
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 4, 5, 6, 7

# Option types for inferring ``options={"name": value}``.
_SUB_COMMAND, _SUB_COMMAND_GROUP = 1, 2
_PY_OPTION_TYPES: list[tuple[type, int]] = [(bool, 5), (int, 4), (float, 10), (str, 3)]

_ROUTE_ALIASES = {
    "callback": r"^/interactions/[^/]+/[^/]+/callback$",
    "followup": r"^/webhooks/[^/]+/[^/]+$",
    "original": r"^/webhooks/[^/]+/[^/]+/messages/@original$",
    "webhook": r"^/webhooks/",
    "channel_message": r"^/channels/[^/]+/messages$",
    "users_me": r"^/users/@me$",
    "application": r"^/oauth2/applications/@me$",
    "command_sync": r"^/applications/[^/]+/(guilds/[^/]+/)?commands$",
    "gateway_bot": r"^/gateway/bot$",
}


def json_response(
    data: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """JSON with exactly ``Content-Type: application/json``, as Discord sends it."""
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        content_type="application/json",
        headers=headers,
    )


def error_response(status: int, message: str, code: int = 0) -> web.Response:
    return json_response({"message": message, "code": code}, status=status)


@dataclass
class RecordedRequest:
    """One HTTP request the client made (Authorization header removed)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    status: int = 0
    violations: list[conformance.Violation] = field(default_factory=list)


@dataclass
class GatewayFrame:
    """One frame the client sent on the gateway."""

    connection: int
    shard: list[int] | None
    op: int
    d: Any


@dataclass
class MessageEdit:
    """One change the bot made to a message it had sent, however it made it."""

    message_id: str
    via: str  # "channel" (PATCH /channels/…), "webhook" (PATCH /webhooks/…), "callback" (type 7)
    body: JSON


@dataclass
class Fault:
    """A scripted misbehaviour for the next requests whose path matches."""

    pattern: re.Pattern[str]
    method: str | None
    times: int
    status: int = 0
    delay: float = 0.0
    retry_after: float = 0.05
    hold: asyncio.Event | None = None  # answer (already handled) only once this is set


@dataclass
class BotResponse:
    """The bot's first answer to an interaction (the callback body, parsed)."""

    type: int
    data: JSON | None
    body: JSON

    @property
    def content(self) -> str | None:
        return (self.data or {}).get("content")

    @property
    def embeds(self) -> list[JSON]:
        return list((self.data or {}).get("embeds") or [])

    @property
    def flags(self) -> int:
        return int((self.data or {}).get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & 64)

    @property
    def allowed_mentions(self) -> JSON | None:
        return (self.data or {}).get("allowed_mentions")

    @property
    def choices(self) -> list[JSON]:
        return list((self.data or {}).get("choices") or [])


class InteractionHandle:
    """An interaction the fake dispatched; await the bot's answers through it."""

    def __init__(self, fake: FakeDiscord, payload: JSON) -> None:
        self.fake = fake
        self.payload = payload
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.attempts = 0  # callback requests received, including faulted ones
        self.deliveries = 0  # callback requests answered with 2xx
        self.callback: RecordedRequest | None = None
        self.original: JSON | None = None  # the message the response created, as edited
        self.edits: list[JSON] = []
        self.followups: list[JSON] = []
        self.deleted_original = False

    async def response(self, timeout: float = 5.0) -> BotResponse:
        """The callback body; raises if the bot never answered or broke a rule."""
        await self.fake.wait_until(
            lambda: self.callback is not None, timeout, f"a response to interaction {self.id}"
        )
        assert self.callback is not None
        if self.callback.violations:
            raise conformance.ConformanceError(self.callback.violations)
        body = self.callback.body
        return BotResponse(type=body["type"], data=body.get("data"), body=body)

    async def followup(self, index: int = 0, timeout: float = 5.0) -> JSON:
        """The ``index``-th follow-up message the bot sent."""
        await self.fake.wait_until(
            lambda: len(self.followups) > index, timeout, f"follow-up #{index} to {self.id}"
        )
        return self.followups[index]

    async def edit(self, index: int = 0, timeout: float = 5.0) -> JSON:
        """The ``index``-th edit of the original response (body as sent)."""
        await self.fake.wait_until(
            lambda: len(self.edits) > index, timeout, f"edit #{index} of {self.id}'s response"
        )
        return self.edits[index]


@dataclass
class Session:
    session_id: str
    shard: list[int] | None
    seq: int = 0
    events: list[JSON] = field(default_factory=list)
    connection: GatewayConnection | None = None
    valid: bool = True

    @property
    def shard_id(self) -> int:
        return self.shard[0] if self.shard else 0

    @property
    def shard_count(self) -> int:
        return self.shard[1] if self.shard else 1

    def owns(self, guild_id: int) -> bool:
        return (guild_id >> 22) % self.shard_count == self.shard_id


@dataclass
class GatewayConnection:
    number: int
    ws: web.WebSocketResponse
    request: web.Request
    query: dict[str, str]
    session: Session | None = None


class FakeDiscord:
    """The fake: an aiohttp app on 127.0.0.1 with Discord's REST routes and gateway."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        shard_count: int = 1,
        guild_count: int = 1,
        heartbeat_interval: float = 1.0,
        check_conformance: bool = True,
        bot_name: str = "Namida",
    ) -> None:
        self.token = token
        self.shard_count = shard_count
        self.heartbeat_interval = heartbeat_interval
        self.check_conformance = check_conformance
        self.application_id = snowflake()
        self.bot_user = payloads.user(self.application_id, bot_name, bot=True)
        self.owner = payloads.user(snowflake(), "kito_fan")
        self.guilds = [
            FakeGuild.create(
                self.bot_user,
                self.owner,
                name=f"Namida fans {i}",
                guild_id=payloads.snowflake_for_shard(i % shard_count, shard_count),
            )
            for i in range(guild_count)
        ]
        self.reject_token = False

        self.requests: list[RecordedRequest] = []
        self.unknown_routes: list[RecordedRequest] = []
        self.violations: list[conformance.Violation] = []
        self.frames: list[GatewayFrame] = []
        self.connections: list[GatewayConnection] = []
        self.sessions: dict[str, Session] = {}
        self.commands: dict[int | None, list[JSON]] = {}
        self.interactions: dict[int, InteractionHandle] = {}
        self.channel_messages: list[JSON] = []
        self.message_edits: list[MessageEdit] = []
        self._command_ids: dict[tuple[int | None, str, int], int] = {}
        self._faults: list[Fault] = []
        self._message_records: dict[str, RecordedRequest] = {}
        self.watch: list[asyncio.Task[Any]] = []  # client tasks; waiting fails if one dies
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ----------------------------------------------------------------- lifecycle

    @property
    def guild(self) -> FakeGuild:
        return self.guilds[0]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.base_events.Server)
        self.port = server.sockets[0].getsockname()[1]
        log.debug("fake Discord listening on %s", self.port)

    async def stop(self) -> None:
        for conn in self.connections:
            if not conn.ws.closed:
                with contextlib.suppress(Exception):
                    await conn.ws.close(code=1001, message=b"fake shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def problems(self) -> list[str]:
        """Conformance violations and unknown routes seen so far, as readable lines."""
        out = [str(v) for v in self.violations]
        out += [f"unknown route: {r.method} {r.path}" for r in self.unknown_routes]
        return out

    # ----------------------------------------------------------------- waiting

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], T | None], timeout: float, what: str) -> T:
        """Wait until ``predicate()`` is truthy and return it; fail fast if the client died."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (result := predicate()):
            for task in self.watch:
                if task.done() and not task.cancelled() and task.exception() is not None:
                    raise RuntimeError(f"the client stopped while waiting for {what}") from (
                        task.exception()
                    )
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = ", ".join(f"{r.method} {r.path} -> {r.status}" for r in self.requests[-5:])
                raise TimeoutError(
                    f"timed out after {timeout}s waiting for {what}; last requests: {recent}"
                )
            # Also poll: the predicate may watch the client, which does not notify the fake.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.05))
        return result

    def ops(self, op: int, shard_id: int | None = None) -> list[GatewayFrame]:
        """Frames with opcode ``op`` the client sent (optionally for one shard)."""
        return [
            f
            for f in self.frames
            if f.op == op and (shard_id is None or (f.shard or [0])[0] == shard_id)
        ]

    async def wait_for_op(
        self, op: int, *, count: int = 1, shard_id: int | None = None, timeout: float = 5.0
    ) -> GatewayFrame:
        """Wait until the client has sent ``count`` frames with opcode ``op``."""
        await self.wait_until(
            lambda: len(self.ops(op, shard_id)) >= count, timeout, f"{count} gateway op {op}"
        )
        return self.ops(op, shard_id)[count - 1]

    def requests_to(self, method: str, pattern: str) -> list[RecordedRequest]:
        regex = re.compile(_ROUTE_ALIASES.get(pattern, pattern))
        return [r for r in self.requests if r.method == method and regex.search(r.path)]

    # ----------------------------------------------------------------- faults

    def fail_next(
        self,
        route: str,
        status: int,
        *,
        times: int = 1,
        method: str | None = None,
        retry_after: float = 0.05,
    ) -> None:
        """Answer the next ``times`` requests to ``route`` (alias or regex) with ``status``.

        429 answers carry Discord's JSON body, a ``Via`` header and X-RateLimit headers.
        """
        pattern = re.compile(_ROUTE_ALIASES.get(route, route))
        self._faults.append(Fault(pattern, method, times, status=status, retry_after=retry_after))

    def hold_next(self, route: str, *, method: str | None = None) -> asyncio.Event:
        """Handle the next request to ``route`` at once but answer it only when the event is set.

        What it creates (a message) exists on Discord's side while the client
        still waits for the answer, as under network latency.
        """
        pattern = re.compile(_ROUTE_ALIASES.get(route, route))
        release = asyncio.Event()
        self._faults.append(Fault(pattern, method, 1, hold=release))
        return release

    def delay_next(self, route: str, seconds: float, *, times: int = 1) -> None:
        """Hold the next ``times`` answers to ``route`` for ``seconds``."""
        pattern = re.compile(_ROUTE_ALIASES.get(route, route))
        self._faults.append(Fault(pattern, None, times, delay=seconds))

    def session_for(self, shard_id: int = 0) -> Session:
        for session in reversed(self.sessions.values()):
            if session.valid and session.shard_id == shard_id:
                return session
        raise LookupError(f"no gateway session for shard {shard_id}")

    def _connection_for(self, shard_id: int) -> GatewayConnection:
        conn = self.session_for(shard_id).connection
        if conn is None or conn.ws.closed:
            raise LookupError(f"shard {shard_id} is not connected")
        return conn

    async def drop_connection(self, shard_id: int = 0, code: int = 1006) -> None:
        """Cut the shard's websocket: 1006 = abrupt (no close frame), else close with ``code``."""
        conn = self._connection_for(shard_id)
        if code == 1006:
            transport = conn.request.transport
            if transport is not None:
                transport.abort()
        else:
            await conn.ws.close(code=code, message=b"fake: closed by test")

    async def send_reconnect(self, shard_id: int = 0) -> None:
        """Send op 7 RECONNECT."""
        await self._send(self._connection_for(shard_id), {"op": RECONNECT, "d": None})

    async def invalidate_session(self, shard_id: int = 0, *, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION; a non-resumable session is forgotten."""
        session = self.session_for(shard_id)
        conn = self._connection_for(shard_id)
        if not resumable:
            session.valid = False
        await self._send(conn, {"op": INVALID_SESSION, "d": resumable})

    # ----------------------------------------------------------------- gateway

    async def _send(self, conn: GatewayConnection, frame: JSON) -> None:
        if not conn.ws.closed:
            await conn.ws.send_str(json.dumps(frame))

    async def dispatch(
        self, event: str, data: JSON, *, guild_id: int | None = None, shard_id: int | None = None
    ) -> None:
        """Send a DISPATCH to the shard that owns ``guild_id`` (buffered while it is away).

        ``shard_id`` sends it to that shard instead, as after a reshard moved the guild.
        """
        sessions = [s for s in self.sessions.values() if s.valid]
        if shard_id is not None:
            sessions = [s for s in sessions if s.shard_id == shard_id]
        elif guild_id is not None:
            sessions = [s for s in sessions if s.owns(guild_id)]
        else:  # Discord sends DMs on shard 0
            sessions = [s for s in sessions if s.shard_id == 0]
        if not sessions:
            raise LookupError(f"no gateway session to deliver {event}; is the client connected?")
        await self._dispatch_to(sessions[-1], event, data)

    async def _dispatch_to(self, session: Session, event: str, data: JSON) -> None:
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.events.append(frame)
        if session.connection is not None:
            await self._send(session.connection, frame)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        conn = GatewayConnection(len(self.connections), ws, request, dict(request.query))
        self.connections.append(conn)
        self._notify()
        hello = {"heartbeat_interval": int(self.heartbeat_interval * 1000), "_trace": ["fake"]}
        await self._send(conn, {"op": HELLO, "d": hello})
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                await self._on_frame(conn, frame)
        finally:
            if conn.session is not None and conn.session.connection is conn:
                conn.session.connection = None
            self._notify()
        return ws

    async def _on_frame(self, conn: GatewayConnection, frame: JSON) -> None:
        op, d = frame.get("op"), frame.get("d")
        shard = conn.session.shard if conn.session else None
        if shard is None and op == IDENTIFY and isinstance(d, dict):
            shard = d.get("shard")
        if isinstance(d, dict) and "token" in d:
            d = dict(d, token="<redacted>" if d["token"] == self.token else "<wrong token>")
            token_ok = frame["d"]["token"] == self.token and not self.reject_token
        else:
            token_ok = True
        self.frames.append(GatewayFrame(conn.number, shard, int(op or 0), d))
        self._notify()
        if op == HEARTBEAT:
            await self._send(conn, {"op": HEARTBEAT_ACK})
        elif op in (IDENTIFY, RESUME) and not token_ok:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
        elif op == IDENTIFY:
            await self._identify(conn, frame["d"])
        elif op == RESUME:
            await self._resume(conn, frame["d"])
        elif op == REQUEST_MEMBERS:
            await self._members_chunk(conn, frame["d"])

    async def _identify(self, conn: GatewayConnection, d: JSON) -> None:
        shard = d.get("shard")
        session = Session(secrets.token_hex(16), shard, connection=conn)
        for old in self.sessions.values():
            if old.shard_id == session.shard_id:
                old.valid = False
        self.sessions[session.session_id] = session
        conn.session = session
        guilds = [g for g in self.guilds if session.owns(g.id)]
        ready = payloads.ready(
            session_id=session.session_id,
            resume_gateway_url=self.gateway_url,
            bot=self.bot_user,
            application_id=self.application_id,
            guilds=guilds,
            shard=shard,
        )
        await self._dispatch_to(session, "READY", ready)
        for guild in guilds:
            await self._dispatch_to(session, "GUILD_CREATE", guild.guild_create())

    async def _resume(self, conn: GatewayConnection, d: JSON) -> None:
        session = self.sessions.get(d.get("session_id") or "")
        if session is None or not session.valid:
            await self._send(conn, {"op": INVALID_SESSION, "d": False})
            return
        conn.session = session
        session.connection = conn
        last = d.get("seq") or 0
        for frame in session.events:
            if frame["s"] > last:
                await self._send(conn, frame)
        await self._dispatch_to(session, "RESUMED", {"_trace": ["fake"]})

    async def _members_chunk(self, conn: GatewayConnection, d: JSON) -> None:
        guild = next((g for g in self.guilds if str(g.id) == str(d.get("guild_id"))), None)
        if guild is None or conn.session is None:
            return
        chunk = {
            "guild_id": str(guild.id),
            "members": guild.members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
            "nonce": d.get("nonce"),
        }
        await self._dispatch_to(conn.session, "GUILD_MEMBERS_CHUNK", chunk)

    # ----------------------------------------------------------------- driving the bot

    def find_guild(self, guild_id: int | None) -> FakeGuild:
        if guild_id is None:
            return self.guild
        for guild in self.guilds:
            if guild.id == guild_id:
                return guild
        raise LookupError(f"the fake has no guild {guild_id}")

    def make_user(self, username: str = "aya_fan", *, bot: bool = False) -> JSON:
        """A new user (a fan by default, another bot with ``bot=True``)."""
        return payloads.user(snowflake(), username, bot=bot)

    def find_command(self, name: str, guild_id: int | None) -> JSON | None:
        for scope in (guild_id, None):
            for command in self.commands.get(scope, []):
                if command["name"] == name and command.get("type", 1) == 1:
                    return command
        return None

    def _build_options(
        self, schema: list[JSON], path: list[str], options: dict[str, Any] | list[JSON]
    ) -> list[JSON]:
        """Nest subcommand names and type the values (from the synced command if known)."""
        if path:
            sub = next((o for o in schema if o["name"] == path[0]), None)
            kind = sub["type"] if sub else (_SUB_COMMAND if len(path) == 1 else _SUB_COMMAND_GROUP)
            inner = self._build_options((sub or {}).get("options") or [], path[1:], options)
            return [{"name": path[0], "type": kind, "options": inner}]
        if isinstance(options, list):
            return options
        out = []
        for name, value in options.items():
            known = next((o for o in schema if o["name"] == name), None)
            if known is not None:
                kind = known["type"]
            else:
                kind = next(t for py, t in _PY_OPTION_TYPES if isinstance(value, py))
            out.append({"name": name, "type": kind, "value": value})
        return out

    async def _send_interaction(
        self,
        kind: int,
        name: str,
        options: dict[str, Any] | list[JSON] | None,
        *,
        guild_id: int | None,
        user: JSON | None,
        dm: bool,
        locale: str,
        focused: str | None = None,
        channel_id: int | None = None,
        permissions: int | None = None,
        shard_id: int | None = None,
    ) -> InteractionHandle:
        guild = None if dm else self.find_guild(guild_id)
        root, *path = name.split()
        command = self.find_command(root, None if guild is None else guild.id)
        if command is None:
            command = {"id": str(snowflake()), "name": root, "type": 1}
        built = self._build_options(command.get("options") or [], path, options or {})
        if focused is not None:
            _mark_focused(built, focused)
        data = payloads.command_data(command, built, guild)
        return await self._dispatch_interaction(
            kind,
            data,
            guild=guild,
            user=user,
            locale=locale,
            channel_id=channel_id,
            permissions=permissions,
            shard_id=shard_id,
        )

    async def _dispatch_interaction(
        self,
        kind: int,
        data: JSON,
        *,
        guild: FakeGuild | None,
        user: JSON | None,
        locale: str,
        channel_id: int | None,
        permissions: int | None,
        message: JSON | None = None,
        shard_id: int | None = None,
    ) -> InteractionHandle:
        payload = payloads.interaction(
            interaction_id=snowflake(),
            token="aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48),
            interaction_type=kind,
            application_id=self.application_id,
            data=data,
            guild=guild,
            invoker=user or self.owner,
            locale=locale,
            channel_id=channel_id,
            permissions=payloads.BASIC_PERMISSIONS if permissions is None else permissions,
            message=message,
        )
        handle = InteractionHandle(self, payload)
        self.interactions[handle.id] = handle
        await self.dispatch(
            "INTERACTION_CREATE", payload, guild_id=guild.id if guild else None, shard_id=shard_id
        )
        return handle

    async def send_slash_command(
        self,
        name: str,
        options: dict[str, Any] | list[JSON] | None = None,
        *,
        guild_id: int | None = None,
        user: JSON | None = None,
        dm: bool = False,
        locale: str = "en-US",
        channel_id: int | None = None,
        permissions: int | None = None,
        shard_id: int | None = None,
    ) -> InteractionHandle:
        """Dispatch a slash command (``"group sub"`` for subcommands); await ``.response()``.

        ``channel_id`` picks one of the guild's channels (default: its first);
        ``permissions`` are the invoking member's (default: a plain member's);
        ``shard_id``: deliver to that shard rather than the guild's own.
        """
        return await self._send_interaction(
            APPLICATION_COMMAND,
            name,
            options,
            guild_id=guild_id,
            user=user,
            dm=dm,
            locale=locale,
            channel_id=channel_id,
            permissions=permissions,
            shard_id=shard_id,
        )

    async def click(
        self,
        message: JSON | str | int,
        custom_id: str,
        *,
        user: JSON | None = None,
        permissions: int | None = None,
        locale: str = "en-US",
    ) -> InteractionHandle:
        """Dispatch a button click (interaction type 3) on a message the bot sent.

        The interaction carries the message as the fake holds it now, with the
        components the bot last sent; a custom id the message does not have is
        an error in the test, not something Discord would send.
        """
        message_id = message if isinstance(message, str | int) else message["id"]
        current = self.find_message(message_id)
        if current is None:
            raise LookupError(f"the bot sent no message {message_id}")
        buttons = [
            c for row in current.get("components") or [] for c in row.get("components") or []
        ]
        if not any(b.get("custom_id") == custom_id for b in buttons):
            raise LookupError(f"message {message_id} has no component {custom_id!r}")
        channel_id = int(current["channel_id"])
        guild = self._guild_of_channel(channel_id)
        data = {"custom_id": custom_id, "component_type": BUTTON}
        return await self._dispatch_interaction(
            MESSAGE_COMPONENT,
            data,
            guild=guild,
            user=user,
            locale=locale,
            channel_id=channel_id,
            permissions=permissions,
            message=json.loads(json.dumps(current)),  # a snapshot, as on the wire
        )

    async def send_autocomplete(
        self,
        name: str,
        focused_option: str,
        value: str | int | float,
        *,
        options: dict[str, Any] | None = None,
        guild_id: int | None = None,
        user: JSON | None = None,
        dm: bool = False,
        locale: str = "en-US",
        timeout: float = 5.0,
    ) -> list[JSON]:
        """Dispatch an autocomplete request and return the choices the bot answered."""
        all_options = dict(options or {})
        all_options[focused_option] = value
        handle = await self._send_interaction(
            AUTOCOMPLETE,
            name,
            all_options,
            guild_id=guild_id,
            user=user,
            dm=dm,
            locale=locale,
            focused=focused_option,
        )
        response = await handle.response(timeout)
        if response.type != 8:
            raise AssertionError(f"autocomplete answered with callback type {response.type}")
        return response.choices

    async def send_message(
        self,
        content: str,
        *,
        guild_id: int | None = None,
        author: JSON | None = None,
        mentions: list[JSON] | None = None,
    ) -> JSON:
        """Dispatch MESSAGE_CREATE in the guild's text channel; returns the message."""
        guild = self.find_guild(guild_id)
        message = payloads.message_create(
            message_id=snowflake(),
            guild=guild,
            author=author or self.owner,
            content=content,
            mentions=mentions or [],
        )
        await self.dispatch("MESSAGE_CREATE", message, guild_id=guild.id)
        return message

    async def wait_for_reply(self, message: JSON, timeout: float = 5.0) -> JSON:
        """The first message the bot posts in ``message``'s channel after it."""
        start = len(self.channel_messages)
        channel_id = message["channel_id"]
        for sent in self.channel_messages[:start]:
            if _replies_to(sent, message):
                return sent

        def found() -> JSON | None:
            for sent in self.channel_messages:
                if _replies_to(sent, message):
                    return sent
            for sent in self.channel_messages[start:]:
                if sent["channel_id"] == channel_id:
                    return sent
            return None

        what = f"a reply to message {message['id']}"
        reply = await self.wait_until(found, timeout, what)
        record = self._message_records.get(reply["id"])
        if record is not None and record.violations:
            raise conformance.ConformanceError(record.violations)
        return reply

    async def send_mention(
        self,
        text: str,
        *,
        guild_id: int | None = None,
        author: JSON | None = None,
        timeout: float = 5.0,
        expect_reply: bool = True,
    ) -> JSON | None:
        """Post ``<@BOT> text`` and return the bot's reply (None when none is expected)."""
        message = await self.send_message(
            f"<@{self.bot_user['id']}> {text}",
            guild_id=guild_id,
            author=author,
            mentions=[self.bot_user],
        )
        if expect_reply:
            return await self.wait_for_reply(message, timeout)
        await asyncio.sleep(min(timeout, 0.3))
        late = [m for m in self.channel_messages if _replies_to(m, message)]
        if late:
            raise AssertionError(f"the bot replied although no reply was expected: {late[0]}")
        return None

    # ----------------------------------------------------------------- REST

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body = await _read_body(request)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
        record = RecordedRequest(request.method, path, dict(request.query), headers, body)
        self.requests.append(record)
        if (
            self.check_conformance
            and body is not None
            and request.method in ("POST", "PUT", "PATCH")
        ):
            record.violations = conformance.violations(request.method, "/api/v10" + path, body)
            self.violations.extend(record.violations)
        response = await self._answer(request, record)
        record.status = response.status
        self._notify()
        return response

    async def _answer(self, request: web.Request, record: RecordedRequest) -> web.Response:
        path = record.path
        holds: list[asyncio.Event] = []
        for fault in list(self._faults):
            if fault.pattern.search(path) and fault.method in (None, request.method):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                if fault.hold is not None:
                    holds.append(fault.hold)
                    continue
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                    continue
                self._count_attempt(record)
                return _fault_response(fault)
        for method, regex, needs_auth, handler in self._routes():
            match = regex.match(path)
            if match and method == request.method:
                if needs_auth and not self._authorised(request):
                    return error_response(401, "401: Unauthorized")
                self._count_attempt(record)
                response = await handler(record, *match.groups())
                for hold in holds:
                    await hold.wait()
                return response
        self.unknown_routes.append(record)
        log.warning("fake Discord: unknown route %s %s", request.method, path)
        return error_response(404, "404: Not Found")

    def _authorised(self, request: web.Request) -> bool:
        return not self.reject_token and request.headers.get("Authorization") == f"Bot {self.token}"

    def _routes(
        self,
    ) -> list[tuple[str, re.Pattern[str], bool, Callable[..., Awaitable[web.Response]]]]:
        s, tok = r"(\d+)", r"([^/]+)"
        table: list[tuple[str, str, bool, Callable[..., Awaitable[web.Response]]]] = [
            ("GET", "/users/@me", True, self._users_me),
            ("GET", "/oauth2/applications/@me", True, self._application),
            ("GET", "/gateway", False, self._get_gateway),
            ("GET", "/gateway/bot", True, self._get_gateway_bot),
            ("PUT", f"/applications/{s}/commands", True, self._put_commands),
            ("GET", f"/applications/{s}/commands", True, self._get_commands),
            ("PUT", f"/applications/{s}/guilds/{s}/commands", True, self._put_commands),
            ("GET", f"/applications/{s}/guilds/{s}/commands", True, self._get_commands),
            ("POST", f"/interactions/{s}/{tok}/callback", False, self._callback),
            ("POST", f"/webhooks/{s}/{tok}", False, self._followup),
            ("GET", f"/webhooks/{s}/{tok}/messages/(@original|\\d+)", False, self._get_message),
            ("PATCH", f"/webhooks/{s}/{tok}/messages/(@original|\\d+)", False, self._edit_message),
            ("DELETE", f"/webhooks/{s}/{tok}/messages/(@original|\\d+)", False, self._del_message),
            ("POST", f"/channels/{s}/messages", True, self._channel_message),
            ("PATCH", f"/channels/{s}/messages/{s}", True, self._channel_edit),
            ("DELETE", f"/channels/{s}/messages/{s}", True, self._channel_delete),
            ("POST", f"/channels/{s}/typing", True, self._typing),
        ]
        return [(m, re.compile(f"^{p}$"), a, h) for m, p, a, h in table]

    def _count_attempt(self, record: RecordedRequest) -> None:
        match = re.match(r"^/interactions/(\d+)/", record.path)
        if match and (handle := self.interactions.get(int(match.group(1)))):
            handle.attempts += 1

    async def _users_me(self, record: RecordedRequest) -> web.Response:
        return json_response(payloads.me_user(self.application_id, self.bot_user["username"]))

    async def _application(self, record: RecordedRequest) -> web.Response:
        return json_response(payloads.application(self.application_id, self.bot_user, self.owner))

    async def _get_gateway(self, record: RecordedRequest) -> web.Response:
        return json_response({"url": self.gateway_url})

    async def _get_gateway_bot(self, record: RecordedRequest) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
        return json_response(
            {"url": self.gateway_url, "shards": self.shard_count, "session_start_limit": limit}
        )

    async def _put_commands(
        self, record: RecordedRequest, app_id: str, guild_id: str | None = None
    ) -> web.Response:
        if int(app_id) != self.application_id:
            return error_response(403, "Missing Access", 50001)
        if not isinstance(record.body, list):
            return error_response(400, "Invalid Form Body", 50035)
        scope = int(guild_id) if guild_id else None
        if scope is not None and all(g.id != scope for g in self.guilds):
            return error_response(403, "Missing Access", 50001)
        version = snowflake()
        stored = []
        for body in record.body:
            key = (scope, body["name"], body.get("type") or 1)
            command_id = self._command_ids.setdefault(key, snowflake())
            stored.append(
                payloads.command_object(
                    body,
                    command_id=command_id,
                    application_id=self.application_id,
                    guild_id=scope,
                    version=version,
                )
            )
        self.commands[scope] = stored
        return json_response(stored)

    async def _get_commands(
        self, record: RecordedRequest, app_id: str, guild_id: str | None = None
    ) -> web.Response:
        return json_response(self.commands.get(int(guild_id) if guild_id else None, []))

    def _handle_for_token(self, token: str) -> InteractionHandle | None:
        return next((h for h in self.interactions.values() if h.token == token), None)

    def _bot_message(
        self, handle: InteractionHandle, data: JSON, *, flags: int = 0, followup: bool = False
    ) -> JSON:
        guild_id = handle.payload.get("guild_id")
        guild = self.find_guild(int(guild_id)) if guild_id else None
        invoker = handle.payload.get("member", {}).get("user") or handle.payload.get("user")
        metadata: JSON = {
            "id": str(handle.id),
            "type": handle.payload["type"],
            "user": invoker,
            "authorizing_integration_owners": handle.payload["authorizing_integration_owners"],
        }
        if handle.payload["type"] == MESSAGE_COMPONENT:
            metadata["interacted_message_id"] = handle.payload["message"]["id"]
        else:
            metadata.update(name=handle.payload["data"]["name"], command_type=1)
        return payloads.message(
            message_id=snowflake(),
            channel_id=int(handle.payload["channel"]["id"]),
            author=self.bot_user,
            content=data.get("content") or "",
            guild=guild,
            embeds=data.get("embeds") or [],
            flags=flags | int(data.get("flags") or 0),
            message_type=0 if followup else 20,
            webhook_id=self.application_id,
            application_id=self.application_id,
            interaction_metadata=metadata,
            components=data.get("components") or [],
        )

    async def _callback(
        self, record: RecordedRequest, interaction_id: str, token: str
    ) -> web.Response:
        handle = self.interactions.get(int(interaction_id))
        if handle is None:
            return error_response(404, "Unknown interaction", 10062)
        if handle.token != token:
            return error_response(401, "Invalid Webhook Token", 50027)
        if handle.callback is not None:
            return error_response(400, "Interaction has already been acknowledged.", 40060)
        body = record.body if isinstance(record.body, dict) else {}
        kind = body.get("type")
        handle.callback = record
        handle.deliveries += 1
        message = None
        if kind in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            loading = 128 if kind == DEFERRED_CHANNEL_MESSAGE else 0
            message = self._bot_message(handle, body.get("data") or {}, flags=loading)
            handle.original = message
        elif kind in (DEFERRED_UPDATE, UPDATE_MESSAGE):
            target = handle.payload.get("message")
            if handle.payload["type"] != MESSAGE_COMPONENT or target is None:
                handle.callback = None
                handle.deliveries -= 1
                return error_response(400, "Interaction has no message to update", 50035)
            if kind == UPDATE_MESSAGE:
                self._apply_edit(target["id"], body.get("data") or {}, "callback")
        info: JSON = {
            "id": str(handle.id),
            "type": handle.payload["type"],
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(
                int((body.get("data") or {}).get("flags") or 0) & 64
            ),
        }
        if message is not None:
            info["response_message_id"] = message["id"]
        if record.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        response: JSON = {"interaction": info}
        if message is not None:
            response["resource"] = {"type": kind, "message": message}
        return json_response(response)

    async def _followup(self, record: RecordedRequest, app_id: str, token: str) -> web.Response:
        handle = self._handle_for_token(token)
        if handle is None or int(app_id) != self.application_id or handle.callback is None:
            return error_response(404, "Unknown Webhook", 10015)
        body = record.body if isinstance(record.body, dict) else {}
        message = self._bot_message(handle, body, followup=True)
        handle.followups.append(message)
        if record.query.get("wait") in ("1", "true", "True"):
            return json_response(message)
        return web.Response(status=204)

    def _find_webhook_message(self, handle: InteractionHandle, message_id: str) -> JSON | None:
        if message_id == "@original":
            if handle.original is None and handle.payload["type"] == MESSAGE_COMPONENT:
                # A button's interaction: its "original" is the message the button is on.
                return self.find_message(handle.payload["message"]["id"])
            return handle.original
        return next((m for m in handle.followups if m["id"] == message_id), None)

    async def _get_message(
        self, record: RecordedRequest, app_id: str, token: str, message_id: str
    ) -> web.Response:
        handle = self._handle_for_token(token)
        message = self._find_webhook_message(handle, message_id) if handle else None
        if message is None:
            return error_response(404, "Unknown Message", 10008)
        return json_response(message)

    async def _edit_message(
        self, record: RecordedRequest, app_id: str, token: str, message_id: str
    ) -> web.Response:
        handle = self._handle_for_token(token)
        message = self._find_webhook_message(handle, message_id) if handle else None
        if handle is None or message is None:
            return error_response(404, "Unknown Message", 10008)
        body = record.body if isinstance(record.body, dict) else {}
        for key in ("content", "embeds", "components", "flags"):
            if key in body:
                message[key] = body[key]
        message["flags"] = int(message.get("flags") or 0) & ~128  # no longer "thinking"
        message["edited_timestamp"] = payloads.iso_now()
        self.message_edits.append(MessageEdit(message["id"], "webhook", body))
        if message_id == "@original":
            handle.edits.append(body)
        return json_response(message)

    async def _del_message(
        self, record: RecordedRequest, app_id: str, token: str, message_id: str
    ) -> web.Response:
        handle = self._handle_for_token(token)
        if handle is None or self._find_webhook_message(handle, message_id) is None:
            return error_response(404, "Unknown Message", 10008)
        if message_id == "@original":
            handle.deleted_original = True
        else:
            handle.followups = [m for m in handle.followups if m["id"] != message_id]
        return web.Response(status=204)

    def _guild_of_channel(self, channel_id: int) -> FakeGuild | None:
        return next((g for g in self.guilds if channel_id in g.channel_ids), None)

    async def _channel_message(self, record: RecordedRequest, channel_id: str) -> web.Response:
        guild = self._guild_of_channel(int(channel_id))
        if guild is None:
            return error_response(404, "Unknown Channel", 10003)
        body = record.body if isinstance(record.body, dict) else {}
        reference = body.get("message_reference")
        message = payloads.message(
            message_id=snowflake(),
            channel_id=int(channel_id),
            author=self.bot_user,
            content=body.get("content") or "",
            guild=guild,
            embeds=body.get("embeds") or [],
            flags=int(body.get("flags") or 0),
            components=body.get("components") or [],
            message_type=19 if reference else 0,
            message_reference=(
                None
                if reference is None
                else {
                    "type": 0,
                    "message_id": str(reference["message_id"]),
                    "channel_id": str(reference.get("channel_id") or channel_id),
                    "guild_id": str(guild.id),
                }
            ),
        )
        self.channel_messages.append(message)
        self._message_records[message["id"]] = record
        return json_response(message)

    async def _channel_edit(
        self, record: RecordedRequest, channel_id: str, message_id: str
    ) -> web.Response:
        body = record.body if isinstance(record.body, dict) else {}
        message = self._apply_edit(message_id, body, "channel", channel_only=True)
        if message is None:
            return error_response(404, "Unknown Message", 10008)
        return json_response(message)

    def find_message(self, message_id: str | int) -> JSON | None:
        """A message the bot sent: in a channel, or as an interaction response or follow-up."""
        wanted = str(message_id)
        for message in self.channel_messages:
            if message["id"] == wanted:
                return message
        for handle in self.interactions.values():
            for message in (handle.original, *handle.followups):
                if message is not None and message["id"] == wanted:
                    return message
        return None

    def edits_of(self, message_id: str | int) -> list[MessageEdit]:
        return [e for e in self.message_edits if e.message_id == str(message_id)]

    def _apply_edit(
        self, message_id: str, body: JSON, via: str, *, channel_only: bool = False
    ) -> JSON | None:
        if channel_only:
            message = next((m for m in self.channel_messages if m["id"] == message_id), None)
        else:
            message = self.find_message(message_id)
        if message is None:
            return None
        for key in ("content", "embeds", "components", "flags"):
            if key in body:
                message[key] = body[key]
        message["edited_timestamp"] = payloads.iso_now()
        self.message_edits.append(MessageEdit(message_id, via, body))
        return message

    async def _channel_delete(
        self, record: RecordedRequest, channel_id: str, message_id: str
    ) -> web.Response:
        self.channel_messages = [m for m in self.channel_messages if m["id"] != message_id]
        return web.Response(status=204)

    async def _typing(self, record: RecordedRequest, channel_id: str) -> web.Response:
        return web.Response(status=204)


def _mark_focused(options: list[JSON], focused: str) -> None:
    for option in options:
        if option.get("type") in (_SUB_COMMAND, _SUB_COMMAND_GROUP):
            _mark_focused(option.get("options") or [], focused)
        elif option["name"] == focused:
            option["focused"] = True
            option["value"] = str(option["value"])  # Discord sends the partial input as text


def _replies_to(sent: JSON, message: JSON) -> bool:
    reference = sent.get("message_reference") or {}
    return str(reference.get("message_id")) == str(message["id"])


async def _read_body(request: web.Request) -> Any:
    if not request.can_read_body:
        return None
    if request.content_type == "application/json":
        return await request.json()
    if request.content_type == "multipart/form-data":
        form = await request.post()
        raw = form.get("payload_json")
        return json.loads(raw) if isinstance(raw, str) else None
    return (await request.read()).decode(errors="replace")


def _fault_response(fault: Fault) -> web.Response:
    if fault.status != 429:
        return error_response(fault.status, f"{fault.status}: injected by fake Discord")
    reset = time.time() + fault.retry_after
    headers = {
        "Via": "1.1 google",
        "Retry-After": str(max(1, round(fault.retry_after))),
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": f"{reset:.3f}",
        "X-RateLimit-Reset-After": f"{fault.retry_after:.3f}",
        "X-RateLimit-Bucket": "fake0bucket0" + secrets.token_hex(4),
        "X-RateLimit-Scope": "user",
    }
    body = {
        "message": "You are being rate limited.",
        "retry_after": fault.retry_after,
        "global": False,
    }
    return json_response(body, status=429, headers=headers)
