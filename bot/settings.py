"""Configuration from the environment and `.env`, validated once at start-up.

Every setting is read from an environment variable of the same name in upper case
(``DISCORD_TOKEN``, ``COOLDOWN_RATE``…) or from a ``.env`` file in the working
directory; the environment wins. ``.env.example`` documents each one.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class SettingsError(Exception):
    """Settings that could not be read; the message names each bad setting and why."""


def _split_ids(value: Any) -> Any:
    """Accept "1, 2", "[1, 2]" or a real list; an empty string means none."""
    if not isinstance(value, str):
        return value
    text = value.strip().strip("[]")
    return [part.strip() for part in text.split(",") if part.strip()]


def _expand_ranges(value: Any) -> Any:
    """``["0-2", "5"]`` → ``["0", "1", "2", "5"]``: a systemd instance name can't hold commas.

    >>> _expand_ranges(["0-2", "5"])
    ['0', '1', '2', '5']
    """
    if not isinstance(value, list):
        return value
    out: list[Any] = []
    for part in value:
        first, dash, last = str(part).partition("-")
        if dash and first.strip().isdigit() and last.strip().isdigit():
            out += [str(i) for i in range(int(first), int(last) + 1)]
        else:
            out.append(part)
    return out


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
    )

    discord_token: SecretStr | None = None
    application_id: int | None = Field(default=None, gt=0)
    knowledge_path: Path | None = None
    dev_guild_id: int | None = Field(default=None, gt=0)
    owner_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    log_level: LogLevel = "INFO"
    cooldown_rate: int = Field(default=5, ge=0)
    cooldown_seconds: float = Field(default=10.0, gt=0)
    shard_count: int | None = Field(default=None, ge=1)
    shard_ids: Annotated[list[int] | None, NoDecode] = None
    misses_db: Path = Path("namida-misses.sqlite3")
    quiz_seconds: float = Field(default=20.0, ge=5, le=300)
    quiz_pause_seconds: float = Field(default=5.0, ge=0, le=60)
    # sqlite:///path or postgresql://…; unset: the SQLite file MISSES_DB.
    database_url: SecretStr | None = None
    settings_refresh_seconds: float = Field(default=30.0, gt=0, le=3600)

    @field_validator("owner_ids", mode="before")
    @classmethod
    def _owner_list(cls, value: Any) -> Any:
        return _split_ids(value)

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_list(cls, value: Any) -> Any:
        return _expand_ranges(_split_ids(value)) or None  # no ids: this process runs every shard

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator(
        "discord_token",
        "application_id",
        "knowledge_path",
        "dev_guild_id",
        "shard_count",
        "database_url",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        # `DISCORD_TOKEN=` in .env means "not set", not "an empty token".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            url = value.get_secret_value().strip()
            if not url.startswith(("sqlite:///", "postgresql://", "postgres://")):
                raise ValueError("must start with sqlite:/// (a file) or postgresql:// (a server)")
            return SecretStr(url)
        return value

    @model_validator(mode="after")
    def _shards_fit(self) -> Settings:
        if self.shard_ids is None:
            return self
        if self.shard_count is None:
            raise ValueError("SHARD_IDS needs SHARD_COUNT as well")
        bad = [i for i in self.shard_ids if not 0 <= i < self.shard_count]
        if bad:
            raise ValueError(f"SHARD_IDS must be between 0 and {self.shard_count - 1}, got {bad}")
        return self

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Read the settings; raise SettingsError (never a raw traceback) on bad values.

        ``overrides`` take precedence over the environment (tests use them).
        """
        try:
            return cls(**overrides)
        except ValidationError as exc:
            raise SettingsError(_explain(exc)) from None

    @property
    def has_token(self) -> bool:
        return self.discord_token is not None and bool(self.discord_token.get_secret_value())

    @property
    def store_url(self) -> str:
        """Where everything the bot writes goes (may hold a password: never log it)."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return f"sqlite:///{self.misses_db}"

    @property
    def sharded(self) -> bool:
        return self.shard_count is not None

    @property
    def log_level_number(self) -> int:
        return logging.getLevelNamesMapping()[self.log_level]


def _explain(exc: ValidationError) -> str:
    """One line per bad setting, naming the variable; the values themselves are never shown.

    A list setting with several bad entries (``OWNER_IDS=me,you``) is one bad
    setting: one line that says which entries are wrong.
    """
    problems: dict[str, dict[str, list[int]]] = {}  # setting -> message -> bad entries
    for error in exc.errors(include_input=False, include_url=False):
        loc = error["loc"]
        name = str(loc[0]).upper() if loc else ""
        message = error["msg"].removeprefix("Value error, ")
        entries = problems.setdefault(name, {}).setdefault(message, [])
        entries += [part + 1 for part in loc[1:2] if isinstance(part, int)]
    lines = []
    for name, messages in problems.items():
        for message, entries in messages.items():
            which = ""
            if entries:
                listed = ", ".join(map(str, entries))
                which = f"entr{'ies' if len(entries) > 1 else 'y'} {listed}: "
            lines.append(f"  {name}: {which}{message}" if name else f"  {message}")
    count = len(problems)
    header = f"{count} bad setting{'s' if count != 1 else ''} (environment or .env):"
    return "\n".join([header, *lines])
