"""Answer → Embed: the one renderer every command and mention reply goes through.

Discord rejects a message whose embed breaks a limit, so :func:`build_embed`
clips every part to its limit and the whole to 6000 characters, marking the
footer when it had to shorten anything. The engine's text is plain prose, so
all of it is escaped: whatever a user typed and the engine echoes back (a
query in a "not found" title) shows literally and pings no one.

Limits count characters as Discord does: Unicode code points, which is what
Python's ``len`` counts (Discord's API is written in Python 3 and measures
strings that way, a Discord engineer explains in discord/discord-api-docs#1315;
so a kanji counts one, an emoji outside the BMP one, not two UTF-16 units).
Japanese text therefore needs no special counting.

Spoiler facts arrive masked: the field's name stays readable and its value
sits inside Discord's ``||…||``, so a reader opens it only by choice. The
value is escaped first (every ``|`` included) and clipped inside the mask, so
nothing in it can close the mask early and clipping never leaves it open.
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from collections.abc import Sequence
from typing import NamedTuple

import discord

from bot.engine.answers import Answer, Status
from bot.engine.text import clip as clip_text
from bot.i18n import N_, Lang, _, current

COLOUR = discord.Colour(0x7BA7D6)  # a pale tear blue, the same on every answer

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
TOTAL_MAX = 6000

SHORTENED_NOTE = N_("Shortened to fit Discord.")
# When the whole embed is too long, the description gives way down to this
# before facts are dropped: the facts are usually what was asked.
_DESCRIPTION_FLOOR = 1500
INLINE_MAX = 40  # a fact value this short sits beside others
MASK = "||"
SPOILER_NOTE = N_("Spoilers are hidden: tap a blacked-out value to read it.")
ESCAPED_KEPT = 4096  # escaped strings remembered (see escape)


class Field(NamedTuple):
    """One embed field; a ``spoiler`` field's value is sent masked."""

    name: str
    value: str
    inline: bool = False
    spoiler: bool = False


@functools.lru_cache(maxsize=ESCAPED_KEPT)
def escape(text: str) -> str:
    """Show text literally: no markdown, no pings (links are left intact).

    The same few thousand strings (the facts' names and values, titles) come
    back in answer after answer, and escaping one takes two regular-expression
    passes, so the latest escapes are kept.

    >>> print(escape("**Ann** @everyone"))
    \\*\\*Ann\\*\\* @\u200beveryone
    """
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


# A link as Discord would render it; inside <…> it stays text-sized, with no preview.
_BARE_LINK = re.compile(r"(?<!<)\b[a-z][a-z0-9+.-]*://[^\s<>()]+", re.IGNORECASE)


def echo(text: str) -> str:
    """What a user typed, shown back literally: no markdown, no pings, no link preview.

    >>> echo("**hi** ||x|| https://example.com @everyone")
    '\\\\*\\\\*hi\\\\*\\\\* \\\\|\\\\|x\\\\|\\\\| <https://example.com> @\\u200beveryone'
    """
    escaped = discord.utils.escape_markdown(text)
    escaped = _BARE_LINK.sub(lambda m: f"<{m.group(0)}>", escaped)
    return discord.utils.escape_mentions(escaped)


def seal(text: str) -> str:
    r"""Escaped text made safe inside ``||…||``: every ``|`` escaped, no lone ``\`` at the end.

    :func:`escape` leaves links as they are, and a link may hold ``|`` or end in
    a backslash; either would close or break the mask around it.

    >>> print(seal("a||b"))
    a\|\|b
    >>> print(seal(r"a\|b"))  # already escaped: unchanged
    a\|b
    """
    if "|" not in text and "\\" not in text:
        return text  # nothing to escape or keep paired (most values)
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            # An escape pair stays as it is; a backslash with nothing after it is escaped.
            out.append(text[i : i + 2] if i + 1 < len(text) else "\\\\")
            i += 2
            continue
        out.append("\\|" if char == "|" else char)
        i += 1
    return "".join(out)


def mask(text: str, limit: int) -> tuple[str, bool]:
    """``text`` (escaped) inside a closed spoiler mask of at most ``limit`` characters."""
    inner, cut = clip(seal(text) or "-", limit - 2 * len(MASK))
    return f"{MASK}{inner}{MASK}", cut


def clip(value: str, limit: int) -> tuple[str, bool]:
    """``value`` cut to ``limit`` characters ending in "…"; and whether it was cut."""
    shown = clip_text(value, limit)
    return shown, shown != value


def build_embed(
    title: str,
    description: str = "",
    fields: Sequence[Field] = (),
    footer: str = "",
    url: str | None = None,
) -> discord.Embed:
    """An embed that Discord accepts, however long the parts are."""
    title, shortened = clip(title, TITLE_MAX)
    description, cut = clip(description, DESCRIPTION_MAX)
    shortened |= cut
    if len(fields) > FIELDS_MAX:
        shortened = True
    kept: list[Field] = []
    for field in fields[:FIELDS_MAX]:
        name, cut_name = clip(field.name or "\u200b", FIELD_NAME_MAX)
        if field.spoiler:
            value, cut_value = mask(field.value, FIELD_VALUE_MAX)
        else:
            value, cut_value = clip(field.value or "-", FIELD_VALUE_MAX)
        shortened |= cut_name or cut_value
        kept.append(Field(name, value, field.inline))
    note = _(SHORTENED_NOTE)
    note_room = len(" · " + note)
    footer, cut = clip(footer, FOOTER_MAX - note_room)
    shortened |= cut

    def others() -> int:
        parts = sum(len(f.name) + len(f.value) for f in kept)
        return len(title) + parts + len(footer)

    budget = TOTAL_MAX - note_room
    if others() + len(description) > budget:
        shortened = True
        floor = min(len(description), _DESCRIPTION_FLOOR)
        while kept and others() + floor > budget:
            kept.pop()
        description, _cut = clip(description, max(budget - others(), 0))
    if shortened:
        footer = f"{footer} · {note}" if footer else note

    embed = discord.Embed(title=title, description=description or None, colour=COLOUR, url=url)
    for field in kept:
        embed.add_field(name=field.name, value=field.value, inline=field.inline)
    if footer:
        embed.set_footer(text=footer)
    return embed


def render(answer: Answer, *, reveal_spoilers: bool = False) -> discord.Embed:
    """The embed for one answer: lines as the description, facts as fields.

    Spoiler facts are masked unless ``reveal_spoilers`` (a server's choice).
    """
    lines = [escape(line) for line in answer.lines]
    if answer.status is Status.AMBIGUOUS and answer.alternatives:
        others = _(", ").join(f"**{escape(name)}**" for name in answer.alternatives)
        also = _("Also matching: {others}. Ask again with the one you meant.")
        lines.append(also.format(others=others))
    if answer.status is Status.NOT_FOUND:
        if answer.suggestions:
            guesses = _(", ").join(f"**{escape(s)}**" for s in answer.suggestions)
            lines.append(_("Did you mean {guesses}?").format(guesses=guesses))
        if answer.hint:
            lines.append(f"*{escape(answer.hint)}*")
    masked = answer.spoilers and not reveal_spoilers
    if masked:
        note = _(SPOILER_NOTE)
        lines.append(f"*{note}*")
    fields = [
        Field(
            escape(f.name),
            escape(f.value),
            inline=_short(f.value),
            spoiler=f.spoiler and not reveal_spoilers,
        )
        for f in answer.facts
    ]
    footer = ""
    if answer.sources:
        cited = " · ".join(s.title or s.id for s in answer.sources)
        footer = _("Sources: {sources}").format(sources=cited)
    url = None
    if answer.status is not Status.NOT_FOUND:
        url = next((s.url for s in answer.sources if s.url.startswith("http")), None)
    return build_embed(escape(answer.title), "\n".join(lines), fields, footer, url)


class Rendered:
    """Embeds already made, so each card is rendered and escaped once, not per request.

    Answers are values: equal answers make equal embeds, in the same language
    and with the same spoiler choice, which is the key. The embeds belong to
    one engine: a reload builds a new one and the cache starts again. Misses
    are not kept (they echo whatever was typed), and at most ``size`` embeds
    are, the least recently used going first.

    The engine hands out the answers it made before as the same objects, so an
    answer seen before is first looked up by identity: hashing an answer walks
    every fact and source in it, which costs as much as the rest of a reply's
    own work. Each entry of that table holds its answer, so no other object
    can take its id while the entry lives.

    A cached embed is sent as it is and never changed: discord.py only reads
    it (``Embed.to_dict``) to build each request.
    """

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._owner: object = None
        self._embeds: OrderedDict[tuple[Answer, Lang, bool], discord.Embed] = OrderedDict()
        self._seen: OrderedDict[tuple[int, Lang, bool], tuple[Answer, discord.Embed]] = (
            OrderedDict()
        )

    def __len__(self) -> int:
        return len(self._embeds)

    def render(
        self, engine: object, answer: Answer, *, reveal_spoilers: bool = False
    ) -> discord.Embed:
        """``render(answer)`` in the current language, made once per ``engine``."""
        if answer.status is Status.NOT_FOUND:
            return render(answer, reveal_spoilers=reveal_spoilers)
        if engine is not self._owner:
            self._embeds.clear()
            self._seen.clear()
            self._owner = engine
        lang = current()
        seen_key = (id(answer), lang, reveal_spoilers)
        seen = self._seen.get(seen_key)
        if seen is not None and seen[0] is answer:
            self._seen.move_to_end(seen_key)
            return seen[1]
        key = (answer, lang, reveal_spoilers)
        embed = self._embeds.get(key)
        if embed is not None:
            self._embeds.move_to_end(key)
        else:
            embed = self._embeds[key] = render(answer, reveal_spoilers=reveal_spoilers)
            if len(self._embeds) > self.size:
                self._embeds.popitem(last=False)
        self._seen[seen_key] = (answer, embed)
        if len(self._seen) > self.size:
            self._seen.popitem(last=False)
        return embed


def is_private(answer: Answer) -> bool:
    """A miss is only of interest to the one who asked: shown to them alone."""
    return answer.status is Status.NOT_FOUND


def _short(value: str) -> bool:
    return len(value) <= INLINE_MAX and "\n" not in value
