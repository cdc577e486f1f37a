"""`python -m bot` is the same as `namida`."""

from bot.cli import run

run()
