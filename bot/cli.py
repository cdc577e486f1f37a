"""The `namida` command: one entry point for every way to run the project.

Each subcommand is a thin shim over the module that owns the feature, so
importing the CLI stays cheap (discord.py is only imported by commands that
talk to Discord).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="namida",
        description="Answers fans' questions about the drama 1 Litre no Namida.",
        epilog="With no command: runs on Discord when DISCORD_TOKEN is set, "
        "otherwise opens the offline console.",
    )
    # --knowledge reads the same before or after the command: `namida run --knowledge F`.
    knowledge = argparse.ArgumentParser(add_help=False)
    knowledge.add_argument(
        "--knowledge",
        type=Path,
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="knowledge file (default: KNOWLEDGE_PATH, else the shipped one)",
    )
    parser.add_argument(
        "--knowledge",
        type=Path,
        metavar="PATH",
        default=None,
        help="knowledge file (default: KNOWLEDGE_PATH, else the shipped one)",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()}", help="show the version"
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_sub_parser(knowledge)
    )

    p = sub.add_parser("check", help="validate a knowledge file and summarise it")
    p.add_argument("path", nargs="?", type=Path, help="the file (default: the shipped one)")

    p = sub.add_parser("schema", help="print the JSON Schema of the knowledge format")
    p.add_argument("--lexicon", action="store_true", help="the lexicon format's schema instead")

    p = sub.add_parser("ask", help="answer one question and exit")
    p.add_argument("text", nargs="+", help='a question or a command line, e.g. "/episode 8"')
    p.add_argument(
        "--json",
        action="store_true",
        help='print the answer as JSON (every value, spoilers marked "spoiler": true)',
    )
    p.add_argument("--spoilers", action="store_true", help="show spoilers instead of hiding them")
    p.add_argument("--explain", action="store_true", help="also print how the question was read")

    p = sub.add_parser("console", help="ask questions interactively (offline)")
    p.add_argument(
        "--spoilers",
        action="store_true",
        help="show spoilers from the start (:spoilers toggles them at the prompt)",
    )

    sub.add_parser("run", help="run the bot on Discord (needs DISCORD_TOKEN)")

    p = sub.add_parser("sync", help="register the slash commands with Discord and exit")
    p.add_argument("--guild", type=int, metavar="ID", help="sync to one server (instant)")

    sub.add_parser("invite", help="print the URL that adds the bot to a server")

    p = sub.add_parser("misses", help="list the questions the bot could not answer")
    p.add_argument("--since", metavar="DATE", help="only misses on or after this date (YYYY-MM-DD)")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="how many (default 20)")
    return parser


def _sub_parser(common: argparse.ArgumentParser) -> type[argparse.ArgumentParser]:
    class SubParser(argparse.ArgumentParser):
        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("parents", [common])
            super().__init__(**kwargs)

    return SubParser


def _version() -> str:
    try:
        return metadata.version("namida")
    except metadata.PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # `namida ask … | head` closed the pipe early: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)

    command = args.command
    if command is None:
        command = "run" if _has_token() else "console"
        if command == "console":
            print(
                "No DISCORD_TOKEN set: answering offline. "
                "Put the token in .env and run `namida run` to go on Discord.",
                file=sys.stderr,
            )

    if command == "check":
        return _check(args.path or _knowledge_path(args))
    if command == "schema":
        return _schema(lexicon=args.lexicon)
    if command in ("ask", "console"):
        from bot import console

        spoilers = getattr(args, "spoilers", False)  # absent when no command was given
        if command == "ask":
            return console.ask_once(
                " ".join(args.text),
                _knowledge_path(args),
                as_json=args.json,
                reveal_spoilers=spoilers,
                explain=args.explain,
            )
        return console.interactive(_knowledge_path(args), reveal_spoilers=spoilers)
    if command in ("run", "sync", "invite"):
        from bot.discord_app import runner

        if command == "run":
            return runner.run(args.knowledge)
        if command == "sync":
            return runner.sync(args.guild)
        return runner.invite()
    if command == "misses":
        from bot import misses

        return misses.report(since=args.since, limit=args.limit)
    parser.print_usage(sys.stderr)
    return EXIT_USAGE


def _knowledge_path(args: argparse.Namespace) -> Path | None:
    """--knowledge, else the KNOWLEDGE_PATH setting, else None (the shipped file)."""
    if args.knowledge is not None:
        return Path(args.knowledge)
    from bot.settings import Settings, SettingsError

    try:
        return Settings.load().knowledge_path
    except SettingsError:
        return None  # a bad unrelated setting must not stop an offline answer


def _has_token() -> bool:
    if os.environ.get("DISCORD_TOKEN", "").strip():
        return True
    from bot.settings import Settings, SettingsError

    try:
        return Settings.load().has_token
    except SettingsError:
        return True  # let `namida run` explain what is wrong with the settings


def _check(path: Path | None) -> int:
    from bot.knowledge import loader

    try:
        knowledge = loader.load(path)
    except loader.KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAILED
    shown = path or loader.default_path()
    tracks = len(knowledge.soundtrack.tracks) if knowledge.soundtrack else 0
    people = len(knowledge.people)
    print(
        f"{shown}: OK: {knowledge.series.title}: {len(knowledge.episodes)} episodes, "
        f"{_count(tracks, 'track')}, {_count(people, 'person', 'people')}, "
        f"{_count(len(knowledge.characters), 'character')}, "
        f"{_count(len(knowledge.specials), 'special')}, {_count(len(knowledge.sources), 'source')}"
    )
    return EXIT_OK


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _schema(lexicon: bool = False) -> int:
    if lexicon:
        from bot.engine.lexicon import json_schema

        print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return EXIT_OK
    from bot.knowledge.models import Knowledge

    print(json.dumps(Knowledge.model_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
