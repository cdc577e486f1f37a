"""`namida db status`, `namida db migrate`, `namida db copy`: the schema and moving a log."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot import cli, misses
from bot.store import GuildSettings, Score, open_store

MAY_1 = "2024-05-01T09:30:00.000Z"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def namida_0_1_log(path: Path, count: int) -> None:
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """CREATE TABLE misses (id INTEGER PRIMARY KEY, asked_at TEXT NOT NULL,
                   command TEXT NOT NULL, question TEXT NOT NULL, normalized TEXT NOT NULL);
               PRAGMA user_version = 1;"""
        )
        conn.executemany(
            "INSERT INTO misses (asked_at, command, question, normalized) VALUES (?, ?, ?, ?)",
            [(MAY_1, "/ask", f"question {i % 4}", f"question {i % 4}") for i in range(count)],
        )


def test_status_and_migrate_an_old_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "namida-misses.sqlite3"
    monkeypatch.setenv("MISSES_DB", str(path))
    code, out, _ = run(capsys, "db", "status")
    assert (code, out.splitlines()[0]) == (1, f"sqlite:///{path}: schema version 0 of 4")
    assert not path.exists()  # asking never creates
    namida_0_1_log(path, 5)
    code, out, _ = run(capsys, "db", "status")
    assert code == 1 and out.splitlines() == [
        f"sqlite:///{path}: schema version 1 of 4",
        "  pending: 0002_scores_and_settings",
        "  pending: 0003_write_batches",
        "  pending: 0004_miss_readings",
        "Run `namida db migrate` (or start the bot) to apply them.",
    ]
    code, out, _ = run(capsys, "db", "migrate")
    assert (code, out) == (0, f"sqlite:///{path}: migrated from schema version 1 to 4\n")
    code, out, _ = run(capsys, "db", "migrate")
    assert (code, out) == (0, f"sqlite:///{path}: already at schema version 4\n")
    assert run(capsys, "db", "status")[:2] == (0, f"sqlite:///{path}: schema version 4 of 4\n")
    code, out, _ = run(capsys, "misses")
    assert code == 0 and "4 distinct, 5 misses in all" in out


def test_copy_a_sqlite_log_into_postgresql(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.sqlite3"
    namida_0_1_log(path, 12_345)

    async def add_more() -> None:
        store = open_store(f"sqlite:///{path}")
        await store.write(scores=[Score(9, 1, 3, True, misses.utc_now())])
        await store.save_guild_settings(9, GuildSettings(reveal_spoilers=True))
        await store.close()

    asyncio.run(add_more())
    code, out, err = run(capsys, "db", "copy", "--from", f"sqlite:///{path}", "--to", pg_url)
    assert (code, err) == (0, "")
    assert out.startswith("Copied 12345 misses, 1 quiz scores and the settings of 1 servers")
    monkeypatch.setenv("DATABASE_URL", pg_url)
    code, out, _ = run(capsys, "misses")
    assert out.splitlines()[0] == "Unanswered questions: 4 distinct, 12345 misses in all."
    assert run(capsys, "settings", "9")[1].splitlines()[1] == "  reveal_spoilers: yes"


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("sqlite:///{tmp}/none.sqlite3", "sqlite:///{tmp}/b.sqlite3", "holds nothing to copy"),
        ("sqlite:///{tmp}/a", "sqlite:///{tmp}/a", "are the same database"),
        ("oracle://x", "sqlite:///{tmp}/b.sqlite3", "must start with sqlite:/// or postgresql://"),
        (
            "sqlite:///{tmp}/none.sqlite3",
            "postgresql://namida:secret@127.0.0.1:1/namida",
            "holds nothing",
        ),
    ],
)
def test_copy_refuses_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, target: str, message: str
) -> None:
    code, out, err = run(
        capsys,
        "db",
        "copy",
        "--from",
        source.format(tmp=tmp_path),
        "--to",
        target.format(tmp=tmp_path),
    )
    assert code in (1, 2) and out == "" and message in err
    assert "Traceback" not in err and "secret" not in err


def test_an_unreachable_postgresql_is_one_line_without_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Port 1 on loopback: nothing listens, the refusal is immediate.
    monkeypatch.setenv("DATABASE_URL", "postgresql://namida:s3cret@127.0.0.1:1/namida")
    code, out, err = run(capsys, "db", "status")
    assert code == 1 and out == ""
    assert err.startswith("namida db status: postgresql://namida:***@127.0.0.1:1/namida: ")
    assert "s3cret" not in err and len(err.splitlines()) == 1


def test_tls_options_in_the_url_reach_the_driver(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The throwaway server has no TLS: "disable" connects, "require" is refused by asyncpg.
    monkeypatch.setenv("DATABASE_URL", f"{pg_url}?sslmode=disable")
    assert run(capsys, "db", "migrate")[0] == 0
    monkeypatch.setenv("DATABASE_URL", f"{pg_url}?sslmode=require")
    code, out, err = run(capsys, "db", "status")
    assert code == 1 and out == ""
    assert "SSL" in err and len(err.splitlines()) == 1


def test_db_status_speaks_the_owners_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "namida-misses.sqlite3"
    monkeypatch.setenv("MISSES_DB", str(path))
    namida_0_1_log(path, 2)
    code, out, _ = run(capsys, "--lang", "ja", "db", "status")
    assert code == 1 and out.splitlines()[:2] == [
        f"sqlite:///{path}：スキーマのバージョン 1（最新は 4）",
        "  未適用：0002_scores_and_settings",
    ]
    code, out, _ = run(capsys, "--lang", "ja", "db", "migrate")
    assert out == f"sqlite:///{path}：スキーマをバージョン 1 から 4 に移行しました\n"
