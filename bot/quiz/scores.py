"""The periods a quiz leaderboard can cover; the points themselves live in the store.

Every judged answer is one row in the store's ``scores`` (see :mod:`bot.store`),
so a leaderboard can cover any period.

>>> from datetime import datetime, UTC
>>> Period.WEEK.since(datetime(2024, 5, 8, tzinfo=UTC)).isoformat()
'2024-05-01T00:00:00+00:00'
>>> Period.ALL.since(datetime(2024, 5, 8, tzinfo=UTC)) is None
True
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum


class Period(StrEnum):
    ALL = "all"
    MONTH = "month"
    WEEK = "week"

    def since(self, now: datetime) -> datetime | None:
        """The start of the period that ends ``now`` (None: all time)."""
        days = {Period.ALL: None, Period.MONTH: 30, Period.WEEK: 7}[self]
        return None if days is None else now - timedelta(days=days)
