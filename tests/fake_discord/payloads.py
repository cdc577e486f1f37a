"""Realistic Discord payload builders for the fake server.

discord.py silently drops gateway events whose objects are incomplete (the parser raises
inside the websocket loop), so these builders fill every field Discord sends, following the
shapes in Discord's API reference. Ids are snowflakes as strings, as on the wire.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

JSON = dict[str, Any]

DISCORD_EPOCH_MS = 1420070400000
_increment = itertools.count(1)

# Permission bits used below.
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_GUILD = 1 << 5
BASIC_PERMISSIONS = (
    VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY | USE_APPLICATION_COMMANDS
)


def snowflake(worker: int = 1) -> int:
    """A fresh, increasing snowflake for "now"."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | ((worker & 0x1F) << 17) | (next(_increment) & 0xFFF)


def snowflake_for_shard(shard_id: int, shard_count: int) -> int:
    """A guild id that Discord would route to ``shard_id``: ``(id >> 22) % count == shard``."""
    base = snowflake() >> 22
    base += (shard_id - base) % shard_count
    return (base << 22) | (next(_increment) & 0xFFF)


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


def user(user_id: int, username: str, *, bot: bool = False, global_name: str | None = None) -> JSON:
    return {
        "id": str(user_id),
        "username": username,
        "global_name": None if bot else (global_name or username.title()),
        "discriminator": "0",
        "avatar": None,
        "avatar_decoration_data": None,
        "banner": None,
        "accent_color": None,
        "public_flags": 0,
        "flags": 0,
        "bot": bot,
        "system": False,
        "primary_guild": None,
        "collectibles": None,
    }


def me_user(user_id: int, username: str) -> JSON:
    """``GET /users/@me`` for a bot account."""
    data = user(user_id, username, bot=True)
    data.update({"verified": True, "mfa_enabled": False, "locale": "en-US", "email": None})
    return data


def role(role_id: int, name: str, *, permissions: int, position: int = 0) -> JSON:
    return {
        "id": str(role_id),
        "name": name,
        "description": None,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": False,
        "flags": 0,
        "tags": {},
    }


def text_channel(
    channel_id: int, guild_id: int, name: str, *, position: int = 0, parent_id: int | None = None
) -> JSON:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None if parent_id is None else str(parent_id),
        "rate_limit_per_user": 0,
        "topic": "Talk about 1 Litre no Namida",
        "last_message_id": None,
        "last_pin_timestamp": None,
        "default_auto_archive_duration": 1440,
        "flags": 0,
        "icon_emoji": None,
        "theme_color": None,
    }


def category_channel(channel_id: int, guild_id: int, name: str, *, position: int = 0) -> JSON:
    return {
        "id": str(channel_id),
        "type": 4,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "flags": 0,
    }


def member(member_user: JSON, *, roles: list[int], permissions: int | None = None) -> JSON:
    data: JSON = {
        "user": member_user,
        "nick": None,
        "avatar": None,
        "banner": None,
        "roles": [str(r) for r in roles],
        "joined_at": "2024-04-01T12:00:00.000000+00:00",
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": 0,
        "communication_disabled_until": None,
        "avatar_decoration_data": None,
    }
    if permissions is not None:
        # Only interaction payloads carry the member's computed permissions.
        data["permissions"] = str(permissions)
    return data


@dataclass
class FakeGuild:
    """One guild the fake knows about, with a category, a text channel and two members."""

    id: int
    name: str
    channel_id: int
    category_id: int
    everyone_role_id: int
    member_role_id: int
    owner: JSON
    members: list[JSON] = field(default_factory=list)
    extra_channel_ids: list[int] = field(default_factory=list)

    @classmethod
    def create(
        cls, bot: JSON, owner: JSON, *, name: str = "Namida fans", guild_id: int | None = None
    ) -> FakeGuild:
        gid = guild_id or snowflake()
        guild = cls(
            id=gid,
            name=name,
            channel_id=snowflake(),
            category_id=snowflake(),
            everyone_role_id=gid,  # @everyone shares the guild id
            member_role_id=snowflake(),
            owner=owner,
        )
        guild.members = [
            member(bot, roles=[guild.member_role_id]),
            member(owner, roles=[guild.member_role_id]),
        ]
        return guild

    def channel(self, channel_id: int | None = None) -> JSON:
        """The text channel ``channel_id`` (default: the first one, "general")."""
        if channel_id is None or channel_id == self.channel_id:
            return text_channel(
                self.channel_id, self.id, "general", position=1, parent_id=self.category_id
            )
        position = 2 + self.extra_channel_ids.index(channel_id)
        return text_channel(
            channel_id, self.id, f"chat-{position}", position=position, parent_id=self.category_id
        )

    @property
    def channel_ids(self) -> list[int]:
        return [self.channel_id, *self.extra_channel_ids]

    def add_channel(self) -> int:
        """Another text channel (send GUILD_CREATE again, or add it before the client connects)."""
        channel_id = snowflake()
        self.extra_channel_ids.append(channel_id)
        return channel_id

    def unavailable(self) -> JSON:
        return {"id": str(self.id), "unavailable": True}

    def guild_create(self) -> JSON:
        """The full GUILD_CREATE payload."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "icon_hash": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": self.owner["id"],
            "region": None,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "widget_enabled": False,
            "widget_channel_id": None,
            "verification_level": 1,
            "default_message_notifications": 1,
            "explicit_content_filter": 2,
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": str(self.channel_id),
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "max_presences": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "nsfw": False,
            "features": [],
            "roles": [
                role(self.everyone_role_id, "@everyone", permissions=BASIC_PERMISSIONS),
                role(self.member_role_id, "fans", permissions=BASIC_PERMISSIONS, position=1),
            ],
            "emojis": [],
            "stickers": [],
            "soundboard_sounds": [],
            "incidents_data": None,
            "inventory_settings": None,
            "latest_onboarding_question_id": None,
            "home_header": None,
            "hub_type": None,
            "joined_at": "2024-04-01T12:00:00.000000+00:00",
            "large": False,
            "unavailable": False,
            "lazy": True,
            "member_count": len(self.members),
            "voice_states": [],
            "members": self.members,
            "channels": [
                category_channel(self.category_id, self.id, "Drama"),
                *(self.channel(c) for c in self.channel_ids),
            ],
            "threads": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "embedded_activities": [],
            "activity_instances": [],
            "application_command_counts": {},
        }


def ready(
    *,
    session_id: str,
    resume_gateway_url: str,
    bot: JSON,
    application_id: int,
    guilds: list[FakeGuild],
    shard: list[int] | None,
) -> JSON:
    data: JSON = {
        "v": 10,
        "user": dict(bot, verified=True, mfa_enabled=False, email=None, flags=0),
        "guilds": [g.unavailable() for g in guilds],
        "session_id": session_id,
        "session_type": "normal",
        "resume_gateway_url": resume_gateway_url,
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "guild_join_requests": [],
        "geo_ordered_rtc_regions": ["japan", "hongkong"],
        "user_settings": {},
        "auth_session_id_hash": "",
        "application": {"id": str(application_id), "flags": 1 << 23},
        "_trace": ['["gateway-prd-fake",{"micros":0}]'],
    }
    if shard is not None:
        data["shard"] = shard
    return data


def application(application_id: int, bot: JSON, owner: JSON) -> JSON:
    """``GET /oauth2/applications/@me``."""
    return {
        "id": str(application_id),
        "name": bot["username"],
        "icon": None,
        "description": "Answers questions about 1 Litre no Namida.",
        "summary": "",
        "type": None,
        "bot": bot,
        "is_monetized": False,
        "is_verified": False,
        "is_discoverable": False,
        "hook": True,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "owner": owner,
        "flags": 1 << 23,
        "team": None,
        "terms_of_service_url": None,
        "privacy_policy_url": None,
        "rpc_origins": [],
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "role_connections_verification_url": None,
        "tags": [],
        "install_params": None,
        "integration_types_config": {"0": {}},
        "custom_install_url": None,
        "approximate_guild_count": 1,
        "approximate_user_install_count": 0,
        "guild_id": None,
        "primary_sku_id": None,
        "slug": None,
        "cover_image": None,
        "explicit_content_filter": 0,
        "event_webhooks_url": None,
        "event_webhooks_status": 1,
        "event_webhooks_types": [],
    }


def _context_fields(
    guild: FakeGuild | None,
    invoker: JSON,
    application_id: int,
    *,
    channel_id: int | None = None,
    permissions: int = BASIC_PERMISSIONS,
) -> JSON:
    if guild is None:
        return {
            "context": 1,  # BOT_DM
            "authorizing_integration_owners": {"0": "0", "1": invoker["id"]},
            "user": invoker,
            "channel": {
                "id": str(snowflake()),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [invoker],
            },
        }
    return {
        "context": 0,  # GUILD
        "authorizing_integration_owners": {"0": str(guild.id)},
        "guild_id": str(guild.id),
        "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
        "guild_locale": "en-US",
        "channel": dict(guild.channel(channel_id), permissions=str(permissions)),
        "channel_id": str(channel_id or guild.channel_id),
        "member": member(invoker, roles=[guild.member_role_id], permissions=permissions),
    }


def interaction(
    *,
    interaction_id: int,
    token: str,
    interaction_type: int,
    application_id: int,
    data: JSON,
    guild: FakeGuild | None,
    invoker: JSON,
    locale: str = "en-US",
    channel_id: int | None = None,
    permissions: int = BASIC_PERMISSIONS,
    message: JSON | None = None,
) -> JSON:
    """An INTERACTION_CREATE payload (type 2 command, 3 component, 4 autocomplete).

    A component interaction carries the ``message`` its button is on.
    """
    payload: JSON = {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": interaction_type,
        "data": data,
        "token": token,
        "version": 1,
        "locale": locale,
        "app_permissions": str(BASIC_PERMISSIONS),
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    payload.update(
        _context_fields(
            guild, invoker, application_id, channel_id=channel_id, permissions=permissions
        )
    )
    if message is not None:
        payload["message"] = message
    return payload


def command_data(
    command: JSON, options: list[JSON], guild: FakeGuild | None, *, focused: str | None = None
) -> JSON:
    """``data`` of an application command interaction for a synced command object."""
    opts = []
    for opt in options:
        item = dict(opt)
        if focused is not None and item["name"] == focused:
            item["focused"] = True
        opts.append(item)
    data: JSON = {
        "id": command["id"],
        "name": command["name"],
        "type": command.get("type", 1),
        "options": opts,
    }
    if guild is not None and command.get("guild_id"):
        data["guild_id"] = command["guild_id"]
    return data


def message(
    *,
    message_id: int,
    channel_id: int,
    author: JSON,
    content: str,
    guild: FakeGuild | None = None,
    mentions: list[JSON] | None = None,
    embeds: list[JSON] | None = None,
    flags: int = 0,
    message_type: int = 0,
    message_reference: JSON | None = None,
    webhook_id: int | None = None,
    application_id: int | None = None,
    interaction_metadata: JSON | None = None,
    components: list[JSON] | None = None,
) -> JSON:
    data: JSON = {
        "id": str(message_id),
        "type": message_type,
        "channel_id": str(channel_id),
        "author": author,
        "content": content,
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": mentions or [],
        "mention_roles": [],
        "mention_channels": [],
        "attachments": [],
        "embeds": embeds or [],
        "reactions": [],
        "pinned": False,
        "flags": flags,
        "components": components or [],
        "nonce": None,
    }
    if guild is not None:
        data["guild_id"] = str(guild.id)
    if message_reference is not None:
        data["message_reference"] = message_reference
    if webhook_id is not None:
        data["webhook_id"] = str(webhook_id)
    if application_id is not None:
        data["application_id"] = str(application_id)
    if interaction_metadata is not None:
        data["interaction_metadata"] = interaction_metadata
    return data


def message_create(
    *,
    message_id: int,
    guild: FakeGuild,
    author: JSON,
    content: str,
    mentions: list[JSON],
) -> JSON:
    """A MESSAGE_CREATE event in a guild text channel (with the author's partial member)."""
    data = message(
        message_id=message_id,
        channel_id=guild.channel_id,
        author=author,
        content=content,
        guild=guild,
        mentions=[dict(m, member=member(m, roles=[guild.member_role_id])) for m in mentions],
    )
    author_member = member(author, roles=[guild.member_role_id])
    author_member.pop("user")
    data["member"] = author_member
    return data


def command_object(
    body: JSON, *, command_id: int, application_id: int, guild_id: int | None, version: int
) -> JSON:
    """The command object Discord returns for one entry of a bulk overwrite."""
    obj: JSON = {
        "id": str(command_id),
        "application_id": str(application_id),
        "version": str(version),
        "type": body.get("type") or 1,
        "name": body["name"],
        "name_localizations": body.get("name_localizations"),
        "description": body.get("description") or "",
        "description_localizations": body.get("description_localizations"),
        "default_member_permissions": body.get("default_member_permissions"),
        "dm_permission": body.get("dm_permission", True),
        "contexts": body.get("contexts"),
        "integration_types": body.get("integration_types") or [0],
        "nsfw": bool(body.get("nsfw", False)),
    }
    if body.get("options"):
        obj["options"] = body["options"]
    if guild_id is not None:
        obj["guild_id"] = str(guild_id)
    return obj
