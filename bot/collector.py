"""The garbage collector paused while a large structure is built.

Python's cycle collector runs a full pass over every object each time enough
new ones have survived, so building something as large as a 100,000-entity
knowledge base and its indexes spends almost half of its time scanning what
it has already built. Those objects live as long as the engine, and building
them leaves no garbage cycles worth collecting while it runs; whatever it does
leave is collected as usual once the collector runs again.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused() -> Iterator[None]:
    """No collection inside the block (nesting is fine; an already paused collector stays so)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def while_paused(build: Callable[P, R]) -> Callable[P, R]:
    """``build`` runs with the collector :func:`paused`."""

    @functools.wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return build(*args, **kwargs)

    return wrapper
