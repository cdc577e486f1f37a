"""A per-user rate limit shared by slash commands and mentions.

One bucket per user, whatever they use: a fan who alternates between `/episode`
and mentions is still limited to ``rate`` answers every ``per`` seconds.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

# Past this many users in memory, forget those whose window has passed.
_PRUNE_AT = 10_000


class UserCooldown:
    """Sliding window: at most ``rate`` hits per user in any ``per`` seconds (rate 0: off)."""

    def __init__(
        self, rate: int, per: float, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.per = per
        self._clock = clock
        self._hits: dict[int, deque[float]] = {}
        self._warned_until: dict[int, float] = {}

    def hit(self, user_id: int) -> float | None:
        """Count one use; ``None`` if allowed, otherwise the seconds left to wait."""
        if self.rate <= 0:
            return None
        now = self._clock()
        hits = self._hits.get(user_id)
        if hits is None:
            if len(self._hits) >= _PRUNE_AT:
                self._prune(now)
            hits = self._hits[user_id] = deque()
        while hits and hits[0] <= now - self.per:
            hits.popleft()
        if len(hits) >= self.rate:
            return max(hits[0] + self.per - now, 0.0)
        hits.append(now)
        return None

    def first_refusal(self, user_id: int, retry_after: float) -> bool:
        """True once per refused window: say "slow down" once, not to every message."""
        now = self._clock()
        if self._warned_until.get(user_id, 0.0) > now:
            return False
        self._warned_until[user_id] = now + retry_after
        return True

    def _prune(self, now: float) -> None:
        stale = [uid for uid, hits in self._hits.items() if not hits or hits[-1] <= now - self.per]
        for uid in stale:
            del self._hits[uid]
        self._warned_until = {u: t for u, t in self._warned_until.items() if t > now}
