"""The exit statuses every `namida` command shares, and the text `--help` shows for them.

Scripts and service managers read these (systemd's ``RestartPreventExitStatus=1``
relies on 1 meaning "restarting won't help"), so each keeps its meaning
across commands.
"""

from __future__ import annotations

import textwrap
from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    FAILED = 1  # bad knowledge file or setting, no or rejected token, Discord unreachable
    USAGE = 2  # argparse's own status for a bad command line; also bad option values
    NOT_FOUND = 3  # `namida ask` had no answer
    INTERRUPTED = 130  # the shell's code for a job stopped by Ctrl+C


EXIT_OK = Exit.OK
EXIT_FAILED = Exit.FAILED
EXIT_USAGE = Exit.USAGE
EXIT_NOT_FOUND = Exit.NOT_FOUND
EXIT_INTERRUPTED = Exit.INTERRUPTED

MEANINGS = {
    Exit.OK: "done (for run: stopped by Ctrl+C or SIGTERM)",
    Exit.FAILED: "failed: a bad knowledge file or setting, no or a rejected token, "
    "Discord unreachable, the database unreachable or unreadable (db status: "
    "migrations pending)",
    Exit.USAGE: "usage error: a bad command, option or value (e.g. --guild 0)",
    Exit.NOT_FOUND: "ask: no answer to the question",
    Exit.INTERRUPTED: "sync or invite interrupted with Ctrl+C",
}


def help_text() -> str:
    """The exit statuses as lines for ``namida --help``."""
    lines = ["exit statuses:"]
    for code, text in MEANINGS.items():
        wrapped = textwrap.wrap(text, width=72)
        lines.append(f"  {int(code):<4} {wrapped[0]}")
        lines += [f"       {more}" for more in wrapped[1:]]
    return "\n".join(lines)
