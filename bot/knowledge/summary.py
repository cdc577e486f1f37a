"""A one-line count of what a knowledge file holds, for `namida check` and /reload."""

from __future__ import annotations

from bot.i18n import _, ngettext
from bot.knowledge.models import Knowledge


def summarize(knowledge: Knowledge) -> str:
    """The counts of each section, e.g. "11 episodes, 19 tracks, 22 people, …".

    Said in the current language: ``/reload`` answers its owner in theirs.

    >>> from bot.i18n import Lang, using
    >>> from bot.knowledge import loader
    >>> k = loader.load()
    >>> summarize(k).split(", ")[0]
    '11 episodes'
    >>> with using(Lang.JA):
    ...     summarize(k).split("、")[0]
    '11話'
    """
    k = knowledge
    tracks = len(k.soundtrack.tracks) if k.soundtrack else 0
    counts = [
        (ngettext("{n} episode", "{n} episodes", len(k.episodes)), len(k.episodes)),
        (ngettext("{n} track", "{n} tracks", tracks), tracks),
        (ngettext("{n} person", "{n} people", len(k.people)), len(k.people)),
        (ngettext("{n} character", "{n} characters", len(k.characters)), len(k.characters)),
        (ngettext("{n} special", "{n} specials", len(k.specials)), len(k.specials)),
        (ngettext("{n} source", "{n} sources", len(k.sources)), len(k.sources)),
    ]
    return _(", ").join(template.format(n=n) for template, n in counts)
