"""The `namida` command: one entry point for every way to run the project.

Each subcommand is a thin shim over the module that owns the feature, so
importing the CLI stays cheap (discord.py is only imported by commands that
talk to Discord).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import exits, output
from bot.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from bot.i18n import Lang
    from bot.knowledge.location import KnowledgeFile

# bot.i18n's languages, named here so that importing the CLI does not load Babel.
LANGUAGES = ("en", "ja")


def N_(message: str) -> str:
    """Mark a message for the catalog (gettext's name), as bot.i18n.N_ does."""
    return message


# Translated where it is printed.
NO_TOKEN = N_(
    "No DISCORD_TOKEN set: answering offline. "
    "Put the token in .env and run `namida run` to go on Discord."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="namida",
        description="Answers fans' questions about a drama from a sourced knowledge file.",
        epilog="With no command: runs on Discord when DISCORD_TOKEN is set,\n"
        "otherwise opens the offline console.\n\n"
        "knowledge file: --knowledge, else KNOWLEDGE_PATH, else\n"
        "knowledge/one-litre-of-tears.yaml in the working directory, else the\n"
        "copy shipped with namida. Each command says which one it read.\n\n" + exits.help_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # --knowledge reads the same before or after the command: `namida run --knowledge F`.
    knowledge = argparse.ArgumentParser(add_help=False)
    knowledge.add_argument(
        "--knowledge",
        type=Path,
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="knowledge file (default: see the end of `namida --help`)",
    )
    parser.add_argument(
        "--knowledge",
        type=Path,
        metavar="PATH",
        default=None,
        help="knowledge file (default: see below)",
    )
    # --lang, like --knowledge, reads the same before or after the command.
    lang_help = "answer in this language (default: LANGUAGE, LC_ALL, LC_MESSAGES or LANG)"
    for where, default in ((knowledge, argparse.SUPPRESS), (parser, None)):
        where.add_argument(
            "--lang", choices=LANGUAGES, metavar="LANG", default=default, help=lang_help
        )
    parser.add_argument(
        "--version", action=_VersionAction, nargs=0, help="show the version and exit"
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_sub_parser(knowledge)
    )

    p = sub.add_parser("check", help="validate a knowledge file and summarise it")
    p.add_argument("path", nargs="?", type=Path, help="the file (default: the shipped one)")

    p = sub.add_parser("schema", help="print the JSON Schema of the knowledge format")
    p.add_argument("--lexicon", action="store_true", help="the lexicon format's schema instead")

    p = sub.add_parser(
        "ask",
        help="answer one question and exit",
        epilog="Exits 0 with an answer, 3 when there is none, 1 if the knowledge file is broken.",
    )
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

    p = sub.add_parser("quiz", help="play the quiz in the terminal (offline)")
    p.add_argument(
        "--rounds", type=_rounds, default=10, metavar="N", help="how many questions (1-20)"
    )
    p.add_argument("--topic", choices=_TOPICS, default="all", help="what to ask about")
    p.add_argument(
        "--difficulty", choices=_DIFFICULTIES, default="normal", help="how close the choices are"
    )
    p.add_argument("--seed", type=int, help="the same seed asks the same questions")
    p.add_argument("--spoilers", action="store_true", help="also ask about spoiler plot points")

    sub.add_parser("run", help="run the bot on Discord (needs DISCORD_TOKEN)")

    p = sub.add_parser("sync", help="register the slash commands with Discord and exit")
    p.add_argument("--guild", type=_snowflake, metavar="ID", help="sync to one server (instant)")

    sub.add_parser("invite", help="print the URL that adds the bot to a server")

    p = sub.add_parser("misses", help="list the questions the bot could not answer")
    p.add_argument("--since", metavar="DATE", help="only misses on or after this date (YYYY-MM-DD)")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="how many (default 20)")

    p = sub.add_parser("db", help="the database: schema status, migrations, copying")
    db = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db.add_parser("status", help="the schema version; exits 1 if migrations are pending")
    db.add_parser("migrate", help="apply the pending migrations (the bot does at start-up)")
    p = db.add_parser("copy", help="copy everything from one database into another")
    p.add_argument("--from", dest="source", required=True, metavar="URL", help="sqlite:///…")
    p.add_argument("--to", dest="target", required=True, metavar="URL", help="postgresql://…")

    p = sub.add_parser("settings", help="show or change a server's settings (offline)")
    p.add_argument("guild", type=_snowflake, metavar="SERVER_ID", help="the server (guild) id")
    p.add_argument(
        "changes",
        nargs="*",
        metavar="NAME=VALUE",
        help="reveal_spoilers=yes|no, language=en|ja|default, cooldown_rate=N|default, "
        "cooldown_seconds=S|default, mention_channels=ID,ID (empty: every channel)",
    )
    return parser


# The quiz's choices, spelled out so the parser need not import the quiz.
_TOPICS = ("all", "cast", "episodes", "music", "special", "production")
_DIFFICULTIES = ("easy", "normal", "hard")


def _rounds(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 20:
        raise argparse.ArgumentTypeError("must be between 1 and 20")
    return value


def _snowflake(text: str) -> int:
    """A Discord id: a positive whole number (argparse turns the error into exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a server id: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"a server id is a positive number, not {value}")
    return value


def _sub_parser(common: argparse.ArgumentParser) -> type[argparse.ArgumentParser]:
    class SubParser(argparse.ArgumentParser):
        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("parents", [common])
            super().__init__(**kwargs)

    return SubParser


class _VersionAction(argparse.Action):
    """``--version``, reading the installed version only when asked (the lookup is slow)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("namida")
    except metadata.PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    output.make_safe()  # a cp1252 or ASCII terminal gets escapes, not a traceback
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
            from bot import i18n

            with i18n.using(_lang(args)):
                print(i18n._(NO_TOKEN), file=sys.stderr)

    if command == "check":
        return _check(args.path or _knowledge_file(args).path)
    if command == "schema":
        return _schema(lexicon=args.lexicon)
    if command in ("ask", "console"):
        from bot import console

        lang = _lang(args)
        spoilers = getattr(args, "spoilers", False)  # absent when no command was given
        path = _knowledge_file(args, say=True).path
        if command == "ask":
            return console.ask_once(
                " ".join(args.text),
                path,
                as_json=args.json,
                reveal_spoilers=spoilers,
                explain=args.explain,
                lang=lang,
            )
        return console.interactive(path, reveal_spoilers=spoilers, lang=lang)
    if command == "quiz":
        from bot import i18n
        from bot.quiz import console as quiz_console
        from bot.quiz.generate import Difficulty, Topic

        with i18n.using(_lang(args)):
            return quiz_console.play(
                _knowledge_file(args, say=True).path,
                rounds=args.rounds,
                topic=Topic(args.topic),
                difficulty=Difficulty(args.difficulty),
                seed=args.seed,
                allow_spoilers=args.spoilers,
            )
    if command in ("run", "sync", "invite"):
        from bot.discord_app import runner

        if command == "run":
            return runner.run(args.knowledge)
        if command == "sync":
            return runner.sync(args.guild, args.knowledge)
        return runner.invite()
    if command in ("misses", "db", "settings"):
        from bot.store import cli as store_cli

        if command == "misses":
            from bot import i18n

            with i18n.using(_lang(args)):
                return store_cli.misses_report(since=args.since, limit=args.limit)
        if command == "settings":
            from bot import i18n

            with i18n.using(_lang(args)):
                return store_cli.settings_command(args.guild, args.changes)
        from bot import i18n

        with i18n.using(_lang(args)):
            if args.db_command == "copy":
                return store_cli.db_copy(args.source, args.target)
            if args.db_command == "status":
                return store_cli.db_status()
            return store_cli.db_migrate()
    parser.print_usage(sys.stderr)
    return EXIT_USAGE


def _lang(args: argparse.Namespace) -> Lang:
    """--lang, else what the environment's locale says (English when it names none we have)."""
    from bot import i18n

    return i18n.parse(args.lang) if args.lang else i18n.from_environment()


def _knowledge_file(args: argparse.Namespace, *, say: bool = False) -> KnowledgeFile:
    """--knowledge, else KNOWLEDGE_PATH, else ./knowledge/, else the shipped file.

    With ``say``, which one it is goes to standard error (never to the answers).
    """
    from bot.knowledge.location import locate

    setting = None
    if args.knowledge is None and _may_be_set("KNOWLEDGE_PATH"):
        from bot.settings import Settings, SettingsError

        # A bad unrelated setting must not stop an offline answer.
        with contextlib.suppress(SettingsError):
            setting = Settings.load().knowledge_path
    chosen = locate(args.knowledge, setting)
    if say:
        print(f"Knowledge: {chosen}", file=sys.stderr)
    return chosen


def _may_be_set(name: str) -> bool:
    """Whether a setting can have a value: only the environment or .env give one.

    With neither, offline commands skip reading the settings, whose library
    takes longer to import than answering a question.
    """
    return Path(".env").is_file() or any(key.upper() == name for key in os.environ)


def _has_token() -> bool:
    if os.environ.get("DISCORD_TOKEN", "").strip():
        return True
    from bot.settings import Settings, SettingsError

    try:
        return Settings.load().has_token
    except SettingsError:
        return True  # let `namida run` explain what is wrong with the settings


def _check(path: Path) -> int:
    from bot.knowledge import loader
    from bot.knowledge.summary import summarize

    try:
        knowledge = loader.load(path)
    except loader.KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return EXIT_FAILED
    print(f"{path}: OK: {knowledge.series.title}: {summarize(knowledge)}")
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
