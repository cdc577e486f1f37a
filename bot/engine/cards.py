"""Cards made once: an entity's answer is the same every time it is asked for.

Describing an episode or a person formats dates, looks up sources and builds
a validated Answer, which costs more than finding the entity. An Engine keeps
the cards it made, keyed by what was described and the language it was
described in, so a question asked again (in any words that find the same
entity) is answered with the card made the first time. Answers are frozen, so
one card can be handed to any number of callers. A reload builds a new Engine
and with it an empty set of cards.

>>> from bot.engine.answers import Answer, Status
>>> cards = Cards(size=2)
>>> made = []
>>> def make() -> Answer:
...     made.append(1)
...     return Answer(status=Status.FOUND, kind="episode", title="Episode 8")
>>> cards.get(("episode", 8), make) is cards.get(("episode", 8), make), len(made)
(True, 1)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from bot.engine.answers import Answer
from bot.i18n import Lang, current

Value = TypeVar("Value")


class Memo(Generic[Value]):
    """At most ``size`` values; the least recently used goes first when one more is made.

    Keep only immutable values here (answers, tuples): each is handed out as it is.
    """

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._made: OrderedDict[tuple[Hashable, Lang], Value] = OrderedDict()
        self._lock = threading.Lock()  # front-ends may share one engine between threads

    def __len__(self) -> int:
        return len(self._made)

    def get(self, what: Hashable, make: Callable[[], Value]) -> Value:
        """The value for ``what`` in the current language: ``make()`` the first time."""
        key = (what, current())
        with self._lock:
            card = self._made.get(key)
            if card is not None:
                self._made.move_to_end(key)
                return card
        card = make()
        with self._lock:
            self._made[key] = card
            if len(self._made) > self.size:
                self._made.popitem(last=False)
        return card

    def cache_clear(self) -> None:
        """Forget everything (the benchmark's "never seen" measurements call this)."""
        with self._lock:
            self._made.clear()


Cards = Memo[Answer]
