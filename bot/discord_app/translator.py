"""Discord's side of the languages: which one a user gets, and the commands' own words.

Commands are declared with ``locale_str`` (descriptions, option names and
option descriptions); :class:`CatalogTranslator` gives Discord their Japanese
from the same catalog as the answers when the commands are synced. Command
names are deliberately not translated (docs/translating.md says why), so they
are plain strings and carry no localisations.
"""

from __future__ import annotations

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
    """The language of a slash command or autocomplete: the user's Discord locale."""
    return parse(interaction.locale.value)


def lang_of_mention(message: discord.Message, question: str) -> Lang:
    """A mention carries no locale: Japanese if the question is, or the server's language is."""
    if _JAPANESE_SCRIPT.search(question):
        return Lang.JA
    guild = message.guild
    return parse(guild.preferred_locale.value) if guild is not None else Lang.EN


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
        translated = translate_in(lang, string.message)
        if translated == string.message:
            return None  # no translation on record: Discord shows the default
        return translated
