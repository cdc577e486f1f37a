"""How the front-ends name the series and which example they give, in the current language.

The title comes from the knowledge file and the examples from the series'
lexicon file, never from the code, so a bot loaded with another series
introduces that series. A reader of Japanese sees the native title first:

>>> from bot.i18n import Lang, using
>>> from bot.knowledge.models import Series
>>> s = Series.model_construct(title="Harbour Lights", native_title="港の灯",
...                            alternative_titles=("Minato no Akari", "港の灯"))
>>> title(s), other_titles(s)
('Harbour Lights', ['港の灯', 'Minato no Akari'])
>>> with using(Lang.JA):
...     title(s), other_titles(s)
('港の灯', ['Harbour Lights', 'Minato no Akari'])
"""

from __future__ import annotations

from bot.engine.lexicon import Examples
from bot.i18n import current
from bot.knowledge.models import Series


def title(series: Series) -> str:
    """The title a reader of the current language expects first."""
    if series.native_title and current().native_first:
        return series.native_title
    return series.title


def other_titles(series: Series) -> list[str]:
    """The other spellings worth showing beside it: the other script, then one more.

    One alternative title is enough to be recognised by (the romanised
    original, when the knowledge lists it first); the card lists them all.
    """
    shown = title(series)
    others = [t for t in (series.title, series.native_title) if t and t != shown]
    extra = [t for t in series.alternative_titles if t != shown and t not in others]
    return others + extra[:1]


def question(examples: Examples) -> str | None:
    """One example question in the current language, or None when the series gives none."""
    asked = examples.local().ask
    return asked[0] if asked else None
