"""Discord's side of the languages: which one a user gets, and the commands' own words.

Commands are declared with ``locale_str`` (descriptions, option names and
option descriptions); :class:`CatalogTranslator` gives Discord their Japanese
from the same catalog as the answers when the commands are synced. Command
names are deliberately not translated (docs/translating.md says why): they are
plain strings, and the translator declines them.
"""

from __future__ import annotations

import functools
import re

import discord
from discord import app_commands

from bot.i18n import Lang, parse, translate_in

# Discord's rule for command and option names (docs: "Application Command Naming"):
# 1–32 characters, letters of any script, digits, "-" and "_", lower case where
# the letter has a lower case. \w is letters, digits and "_" in Python's re.
NAME = re.compile(r"^[-\w]{1,32}$")

# Japanese written in the question itself: hiragana, katakana (full and half
# width), CJK ideographs and the CJK punctuation block.
_JAPANESE_SCRIPT = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")


def valid_name(name: str) -> bool:
    """Whether Discord accepts ``name`` as a command or option name (or localisation)."""
    return bool(NAME.match(name)) and name == name.lower()


def lang_of(interaction: discord.Interaction) -> Lang:
    """The language of a slash command or autocomplete.

    The one the server chose with /settings language, else the user's Discord locale.
    """
    chosen = server_language(interaction.client, interaction.guild_id)
    return chosen or _of_locale(interaction.locale.value)


# Discord has some thirty locales: each is parsed once, not on every interaction.
_of_locale = functools.lru_cache(maxsize=64)(parse)


def lang_of_mention(client: discord.Client, message: discord.Message, question: str) -> Lang:
    """A mention carries no locale: the server's choice, else Japanese if the question is
    written in Japanese or the server's community language is, else English."""
    guild = message.guild
    chosen = server_language(client, guild.id if guild else None)
    if chosen is not None:
        return chosen
    if _JAPANESE_SCRIPT.search(question):
        return Lang.JA
    return parse(guild.preferred_locale.value) if guild is not None else Lang.EN


def server_language(client: discord.Client, guild_id: int | None) -> Lang | None:
    """The language a server chose for every answer (/settings language), or None."""
    settings = getattr(client, "guild_settings", None)
    if settings is None or guild_id is None:
        return None
    language = settings.get(guild_id).language
    return parse(language.value) if language is not None else None


# discord.py asks for every name, plain strings included; command names stay English.
_UNTRANSLATED = frozenset(
    {
        app_commands.TranslationContextLocation.command_name,
        app_commands.TranslationContextLocation.group_name,
    }
)


class CatalogTranslator(app_commands.Translator):
    """Commands' descriptions and option names for Discord, from the message catalogs."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        lang = parse(locale.value)
        if lang is Lang.EN:
            return None  # the English in the code is the default every locale falls back to
        if context.location in _UNTRANSLATED:
            return None  # "/episode 8" reads the same in every client

        translated = translate_in(lang, string.message)
        if translated == string.message:
            return None  # no translation on record: Discord shows the default
        return translated
