"""What an unanswered question looks like when it is kept and when it is shown.

Each miss keeps the question as asked, with typed mentions of people, roles
and channels replaced by words (so no ids are kept), its normalised form for
grouping, the command it came through ("/ask", "/episode", "mention"…) and the
UTC time: nothing about who asked or where. Control characters (terminal escape
sequences, bidirectional overrides, zero-width marks) are taken out when a
question is stored and again when one is shown, so a stored question can
neither retitle the owner's terminal nor reorder a Discord line; a question
with nothing visible left is not kept at all.

Storing is :mod:`bot.store`'s business; listing them is ``namida misses``
(:mod:`bot.store.cli`) and ``/misses``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from bot.engine.normalize import normalize
from bot.engine.text import QUESTION_MAX
from bot.i18n import _, ngettext
from bot.store.api import Miss, MissSummary, utc_now

COMMAND_MAX = 32
READING_MAX = 400  # the reader's summary of a question of up to MAX_READ characters

# <@123>, <@!123>, <@&123>, <#123>: what a typed mention looks like in message text.
_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>")
_MENTION_WORD = {"@": "@someone", "@!": "@someone", "@&": "@role", "#": "#channel"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Letters that draw nothing although Unicode files them as letters or symbols
# (Hangul fillers, the blank Braille pattern): a question of only these is blank.
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def printable(text: str) -> str:
    """``text`` without control or format characters; line breaks and tabs become spaces.

    >>> printable("who\\x1b]0;pwned\\x07 is\\u200b\\u202e she?\\nok")
    'who]0;pwned is she? ok'
    """
    return "".join(
        " " if ch in "\t\n\r\v\f" else ch
        for ch in text
        if ch in "\t\n\r\v\f" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )


def scrub(question: str) -> str:
    """The question as kept: no ids, no control characters, one line, bounded length.

    >>> scrub("<@1234> who won\\n the <#99> cup?")
    '@someone who won the #channel cup?'
    """
    text = _MENTION.sub(lambda m: _MENTION_WORD[m.group(1)], printable(question))
    return " ".join(text.split())[:QUESTION_MAX]


def is_blank(text: str) -> bool:
    """True when nothing would show: spaces, control characters and invisible fillers.

    >>> is_blank("\\u200b \\u3164\\u3164"), is_blank("\\u3164a")
    (True, False)
    """
    return all(ch.isspace() or ch in _INVISIBLE for ch in printable(text))


def make_miss(
    question: str, command: str, when: datetime | None = None, reading: str | None = None
) -> Miss | None:
    """The row to keep for an unanswered ``question``, or None when it is blank.

    ``reading`` is how the question was read (``Answer.reading``); it quotes the
    words the reader could not place, so it is scrubbed like the question.

    >>> make_miss("<@1> who", "/ask", reading="intent=decline unexplained=<@1>").reading
    'intent=decline unexplained=@someone'
    """
    text = scrub(question)
    if is_blank(text):
        return None
    return Miss(
        question=text,
        normalized=normalize(text),
        command=printable(command)[:COMMAND_MAX],
        asked_at=when or utc_now(),
        reading=scrub(reading or "")[:READING_MAX],
    )


def parse_since(text: str | None) -> date | None:
    """``YYYY-MM-DD`` → a date; raises ValueError with a readable message."""
    if text is None:
        return None
    value = text.strip()
    try:
        if not _DATE.match(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _("--since must be a date like 2024-05-01 (YYYY-MM-DD), not {since!r}").format(
                since=text
            )
        ) from None


def describe(summary: MissSummary) -> str:
    """One line saying what the summary covers, in the current language.

    One whole sentence per shape (with or without a start date, all shown or
    the top few), so each translates as a sentence.
    """
    since = summary.since.isoformat() if summary.since else None
    if not summary.total:
        if since:
            return _("No unanswered questions recorded since {date}.").format(date=since)
        return _("No unanswered questions recorded.")
    shown, total = len(summary.groups), summary.total
    top = shown < summary.distinct
    if since and top:
        template = ngettext(
            "Unanswered questions since {date}: top {shown} of {distinct} distinct, "
            "{total} miss in all.",
            "Unanswered questions since {date}: top {shown} of {distinct} distinct, "
            "{total} misses in all.",
            total,
        )
    elif since:
        template = ngettext(
            "Unanswered questions since {date}: {distinct} distinct, {total} miss in all.",
            "Unanswered questions since {date}: {distinct} distinct, {total} misses in all.",
            total,
        )
    elif top:
        template = ngettext(
            "Unanswered questions: top {shown} of {distinct} distinct, {total} miss in all.",
            "Unanswered questions: top {shown} of {distinct} distinct, {total} misses in all.",
            total,
        )
    else:
        template = ngettext(
            "Unanswered questions: {distinct} distinct, {total} miss in all.",
            "Unanswered questions: {distinct} distinct, {total} misses in all.",
            total,
        )
    return template.format(date=since, shown=shown, distinct=summary.distinct, total=total)


def format_table(summary: MissSummary) -> str:
    """The summary as a plain text table for the terminal (control characters removed)."""
    lines = [describe(summary)]
    if not summary.groups:
        return lines[0]
    width = max(5, len(str(summary.groups[0].count)))
    header = _("{count}  {seen}  question (asked via)")
    lines.append(header.format(count=_("count").rjust(width), seen=_("last seen (UTC)").ljust(16)))
    for group in summary.groups:
        seen = group.last_seen.strftime("%Y-%m-%d %H:%M")
        via = printable(", ".join(group.commands))
        lines.append(f"{group.count:>{width}}  {seen:<16}  {printable(group.example)}  ({via})")
        if group.reading:
            read = _("read as: {reading}").format(reading=_short(group.reading))
            lines.append(f"{'':>{width}}  {'':<16}  {read}")
    return "\n".join(lines)


def _short(reading: str) -> str:
    """A reading for the table: its intent, rule, entities and unexplained words, one line.

    >>> _short("intent=decline rule=unexplained-words attribute=actor unexplained=zo")
    'decline (unexplained-words) unexplained=zo'
    """
    parts = dict(p.partition("=")[::2] for p in printable(reading).split(" ") if "=" in p)
    head = parts.pop("intent", "?")
    rule = parts.pop("rule", "")
    shown = [
        f"{key}={parts[key]}" for key in ("entities", "declined", "unexplained") if key in parts
    ]
    return " ".join([head + (f" ({rule})" if rule else ""), *shown])[:120]
