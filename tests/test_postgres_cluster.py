"""The throwaway PostgreSQL server the store's tests use: found, skipped or failed as promised."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import postgres_cluster
import pytest


def test_without_binaries_skip_in_one_line_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres_cluster, "find_bin_dir", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        postgres_cluster.require_bin_dir()
    assert str(skipped.value) == (
        "no PostgreSQL server binaries (initdb, pg_ctl) found: PostgreSQL tests skipped"
    )


def test_without_binaries_fail_on_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres_cluster, "find_bin_dir", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI installs Debian's postgresql package"):
        postgres_cluster.require_bin_dir()


def test_pg_bin_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("initdb", "pg_ctl"):
        (tmp_path / name).touch()
    monkeypatch.setenv("PG_BIN", str(tmp_path))
    assert postgres_cluster.find_bin_dir() == tmp_path


async def test_the_server_is_loopback_only_and_databases_are_fresh(pg_cluster: object) -> None:
    assert isinstance(pg_cluster, postgres_cluster.Cluster)
    assert pg_cluster.url().startswith("postgresql://namida@127.0.0.1:")
    first, second = pg_cluster.new_database(), pg_cluster.new_database()
    assert first != second
    conn = await asyncpg.connect(first)
    try:
        assert await conn.fetchval("SHOW listen_addresses") == "127.0.0.1"
        assert await conn.fetchval("SELECT count(*) FROM pg_tables WHERE schemaname='public'") == 0
    finally:
        await conn.close()
