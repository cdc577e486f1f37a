"""`python -m bot` is the same as `namida`."""

from bot.cli import main

raise SystemExit(main())
