"""Settings: environment and .env, friendly forms, clear errors that never show the token."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError


def test_no_setting_leaks_in_from_the_shell() -> None:
    # tests/conftest.py clears every variable Settings reads, before every test.
    documented = {
        "DISCORD_TOKEN",
        "APPLICATION_ID",
        "KNOWLEDGE_PATH",
        "DEV_GUILD_ID",
        "OWNER_IDS",
        "LOG_LEVEL",
        "COOLDOWN_RATE",
        "COOLDOWN_SECONDS",
        "SHARD_COUNT",
        "SHARD_IDS",
        "MISSES_DB",
        "DATABASE_URL",
        "SETTINGS_REFRESH_SECONDS",
        "QUIZ_SECONDS",
        "QUIZ_PAUSE_SECONDS",
    }
    assert {name.upper() for name in Settings.model_fields} == documented
    assert not [name for name in os.environ if name.upper() in documented]
    assert not Path(".env").exists()


def test_defaults() -> None:
    settings = Settings.load()
    assert not settings.has_token and settings.discord_token is None
    assert settings.cooldown_rate == 5 and settings.cooldown_seconds == 10
    assert settings.log_level == "INFO" and settings.log_level_number == 20
    assert settings.owner_ids == frozenset() and settings.shard_ids is None
    assert not settings.sharded
    assert settings.misses_db == Path("namida-misses.sqlite3")


def test_environment_with_friendly_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "  abc.def  ")
    monkeypatch.setenv("OWNER_IDS", "111, 222,")
    monkeypatch.setenv("SHARD_COUNT", "4")
    monkeypatch.setenv("SHARD_IDS", "[2, 3]")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("KNOWLEDGE_PATH", "kb.yaml")
    settings = Settings.load()
    assert settings.has_token
    assert settings.owner_ids == {111, 222}
    assert settings.shard_count == 4 and settings.shard_ids == [2, 3] and settings.sharded
    assert settings.log_level == "DEBUG"
    assert settings.knowledge_path == Path("kb.yaml")


def test_dot_env_is_read_and_environment_wins(
    monkeypatch: pytest.MonkeyPatch, clean_env: Path
) -> None:
    (clean_env / ".env").write_text(
        "DISCORD_TOKEN=from-file\nCOOLDOWN_RATE=3\nDEV_GUILD_ID=\nOWNER_IDS=7\n", encoding="utf-8"
    )
    monkeypatch.setenv("COOLDOWN_RATE", "9")
    settings = Settings.load()
    assert settings.discord_token is not None
    assert settings.discord_token.get_secret_value() == "from-file"
    assert settings.cooldown_rate == 9
    assert settings.dev_guild_id is None  # blank means unset
    assert settings.owner_ids == {7}


def test_blank_token_is_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "   ")
    assert not Settings.load().has_token


def test_bad_values_are_explained_without_a_traceback_or_the_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "super-secret-token")
    monkeypatch.setenv("COOLDOWN_RATE", "lots")
    monkeypatch.setenv("OWNER_IDS", "12,abc")
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    with pytest.raises(SettingsError) as caught:
        Settings.load()
    message = str(caught.value)
    assert message.startswith("3 bad settings")
    assert "COOLDOWN_RATE:" in message and "OWNER_IDS:" in message and "LOG_LEVEL:" in message
    assert "super-secret-token" not in message and "lots" not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_each_bad_setting_is_one_line_however_many_entries_are_bad(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OWNER_IDS", "me,you")
    with pytest.raises(SettingsError) as caught:
        Settings.load()
    assert str(caught.value).splitlines() == [
        "1 bad setting (environment or .env):",
        "  OWNER_IDS: entries 1, 2: Input should be a valid integer, "
        "unable to parse string as an integer",
    ]
    monkeypatch.setenv("SHARD_COUNT", "2")
    monkeypatch.setenv("SHARD_IDS", "0,x")
    with pytest.raises(SettingsError) as caught:
        Settings.load()
    lines = str(caught.value).splitlines()
    assert lines[0] == "2 bad settings (environment or .env):"
    assert [line.split(":")[0] for line in lines[1:]] == ["  OWNER_IDS", "  SHARD_IDS"]
    assert "entry 2:" in lines[2]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"SHARD_IDS": "0"}, "SHARD_IDS needs SHARD_COUNT"),
        ({"SHARD_COUNT": "2", "SHARD_IDS": "0,2"}, "between 0 and 1"),
        ({"SHARD_COUNT": "0"}, "SHARD_COUNT:"),
        ({"COOLDOWN_SECONDS": "0"}, "COOLDOWN_SECONDS:"),
    ],
)
def test_shard_and_cooldown_rules(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=expected):
        Settings.load()


def test_env_example_documents_every_setting() -> None:
    example = Path(__file__).resolve().parents[1] / ".env.example"
    text = example.read_text(encoding="utf-8")
    documented = {line.split("=", 1)[0].lstrip("# ") for line in text.splitlines() if "=" in line}
    assert {name.upper() for name in Settings.model_fields} <= documented


@pytest.mark.parametrize(
    ("text", "ids"), [("0-3", [0, 1, 2, 3]), ("4-5,7", [4, 5, 7]), ("6-6", [6])]
)
def test_shard_ids_take_ranges_as_systemd_instances_name_them(
    monkeypatch: pytest.MonkeyPatch, text: str, ids: list[int]
) -> None:
    monkeypatch.setenv("SHARD_COUNT", "8")
    monkeypatch.setenv("SHARD_IDS", text)  # namida@0-3.service: Environment=SHARD_IDS=%i
    assert Settings.load().shard_ids == ids


def test_a_shard_range_past_the_count_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHARD_COUNT", "4")
    monkeypatch.setenv("SHARD_IDS", "2-5")
    with pytest.raises(SettingsError, match=r"between 0 and 3, got \[4, 5\]"):
        Settings.load()
