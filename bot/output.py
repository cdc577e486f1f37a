"""Printing that degrades instead of crashing when the terminal is not UTF-8.

Windows sends redirected output through the ANSI code page (cp1252 and the
like), and ``PYTHONIOENCODING=ascii`` does the same anywhere: a Japanese title
or a macron would stop the command with ``UnicodeEncodeError``. Text output
writes such a character as a Python escape (``\\u6d99``) instead; JSON output
uses JSON's own escapes, so it stays valid JSON with the same values.

>>> import io
>>> out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
>>> make_safe(out)
>>> print("Asō", file=out, end="")
>>> _ = out.seek(0); out.buffer.read()
b'As\\\\u014d'
>>> print(json_for('{"title": "涙"}', out))
{
  "title": "\\u6d99"
}
"""

from __future__ import annotations

import codecs
import json
import sys
from typing import TextIO


def make_safe(stream: TextIO | None = None) -> None:
    """Let ``stream`` (standard output by default) escape what its encoding cannot write."""
    stream = stream or sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    if codecs.lookup(encoding).name == "utf-8":
        return
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")


def json_for(text: str, stream: TextIO | None = None) -> str:
    """JSON ``text`` as is, or with non-ASCII characters escaped if ``stream`` can't write them."""
    stream = stream or sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=True)
    return text
