"""One way to write every name, so that what fans type meets what the file says.

Both sides go through the same function: the names in the knowledge base when
the index is built, and the query when it is asked. Asō, Asou, Asoh and Aso all
become "aso"; ｱｿｳ and アソウ become あそう; "Kaito's grandma!" becomes "kaito s grandma".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Vowels with a macron or circumflex, as Hepburn romanisation writes long vowels.
_LONG_VOWELS = str.maketrans(
    {
        "ā": "a",
        "ī": "i",
        "ū": "u",
        "ē": "e",
        "ō": "o",
        "â": "a",
        "î": "i",
        "û": "u",
        "ê": "e",
        "ô": "o",
    }
)
# Katakana → hiragana, so either script finds the other.
_KATAKANA = str.maketrans({chr(c): chr(c - 0x60) for c in range(0x30A1, 0x30F7)})
# Long vowels spelled out in Latin letters: "ou", "oo", "oh" (at a word end), "uu".
_LATIN_LONG = re.compile(r"(?<=[a-z])(?:ou|oo|uu|oh\b)")
# Hepburn's n-apostrophe (Ken'ichi) splits syllables, not words.
_SYLLABLE_MARK = re.compile(r"(?<=[a-z]n)['’](?=[aeiouy])")
_SEPARATORS = re.compile(r"[^\w]+|_")
_MAX_INPUT = 500
# Each accented Latin letter (U+00C0–U+024F) as the first character of its NFD form.
_LATIN_BASE = {c: unicodedata.normalize("NFD", chr(c))[0] for c in range(0x00C0, 0x0250)}


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Casefolded, script-folded, punctuation-free words separated by single spaces."""
    text = unicodedata.normalize("NFKC", text[:_MAX_INPUT]).casefold()
    text = text.translate(_LONG_VOWELS).translate(_KATAKANA)
    text = _strip_latin_accents(text)
    text = _SYLLABLE_MARK.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    text = _LATIN_LONG.sub(lambda m: m.group(0)[0], text)
    return " ".join(text.split())


# A text every step of normalize() leaves as it is: ASCII letters and digits in words
# between single spaces (no long vowel spelt out either, checked apart).
_NORMAL = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


def normalized(text: str, words: dict[str, str] | None = None) -> str:
    """:func:`normalize`, quicker for a text in its normal form already (most names of a
    combined index are another index's normalised names), which it returns as it is,
    and for an ASCII text given ``words``, a memory of its words' forms: each step
    changes an ASCII text a space-separated word at a time, and names share words.

    >>> normalized("moki heryo"), normalized("Moki Heryo", {}), normalized("shoou")
    ('moki heryo', 'moki heryo', 'shou')
    """
    if len(text) > _MAX_INPUT or not text.isascii():
        return normalize(text)
    if _NORMAL.fullmatch(text) and not _LATIN_LONG.search(text):
        return text
    if words is None or " " not in text:
        return normalize(text)
    parts = []
    for part in text.split(" "):
        form = words.get(part)
        if form is None:
            form = words[part] = normalize(part)
        if form:
            parts.append(form)
    return " ".join(parts)


def _strip_latin_accents(text: str) -> str:
    """Drop accents on Latin letters only: Japanese voicing marks must stay."""
    if text.isascii():
        return text
    return text.translate(_LATIN_BASE)


def name_orders(normalized: str) -> tuple[str, ...]:
    """A two-word name in both orders: Japanese names are written either way round."""
    words = normalized.split(" ")
    if len(words) == 2:
        return normalized, f"{words[1]} {words[0]}"
    return (normalized,)
