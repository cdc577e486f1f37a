"""The console and `namida ask` in Japanese: --lang, or the environment's locale."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import console
from bot.cli import main
from bot.i18n import Lang, from_environment

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> str:
    base = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT / "tests",
        env={**base, "PYTHONIOENCODING": "utf-8", **(env or {})},
        timeout=60,
        check=False,
    )
    assert result.returncode in (0, 3), result.stderr
    return result.stdout + result.stderr


def test_ask_lang_ja(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--lang", "ja", "/episode 8"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("第8話「1リットルの涙」\n")
    assert "  放送：2005年11月29日（火）（フジテレビ）" in out
    assert "  出典：" in out and "Sources" not in out


def test_lang_reads_before_the_command_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "ja", "ask", "who played Haruto?"]) == 0
    assert capsys.readouterr().out.startswith("麻生遥斗 — 錦戸亮")


def test_not_found_in_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--lang", "ja", "/episode 42"]) == 3
    out = capsys.readouterr().out
    assert out.startswith("第42話はありません")
    assert "  もしかして：第1話 · ある青春の始まり／第11話 · 遠くへ、涙の尽きた場所に" in out


def test_an_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--lang", "fr", "/episode 8"]) == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "ja_JP.UTF-8"}, Lang.JA),
        ({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, Lang.JA),
        ({"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"}, Lang.EN),  # LC_ALL wins
        ({"LC_MESSAGES": "ja_JP", "LANG": "C"}, Lang.JA),
        ({"LANGUAGE": "ja:en", "LANG": "en_GB.UTF-8"}, Lang.JA),
        ({"LANG": "fr_FR.UTF-8"}, Lang.EN),
        ({}, Lang.EN),
    ],
)
def test_the_environment_chooses(env: dict[str, str], lang: Lang) -> None:
    assert from_environment(env) is lang


def test_lang_env_in_a_real_process() -> None:
    assert run("ask", "/episode 8", env={"LANG": "ja_JP.UTF-8"}).startswith(
        "第8話「1リットルの涙」"
    )
    english = run("ask", "/episode 8", env={"LANG": "en_US.UTF-8"})
    assert english.startswith("Episode 8: 1 litre of tears")
    # --lang beats the environment either way.
    assert run("ask", "--lang", "en", "/episode 8", env={"LANG": "ja_JP.UTF-8"}).startswith(
        "Episode 8"
    )


def test_console_piped_in_japanese() -> None:
    out = run("console", "--lang", "ja", stdin="/episode 8\n主題歌は？\n")
    blocks = out.strip().split("\n\n")
    assert blocks[0].startswith("第8話「1リットルの涙」")
    assert blocks[1].startswith("Only Human") and "主題歌（エンディングテーマ）" in blocks[1]


def test_no_token_note_in_japanese() -> None:
    out = run(stdin="who played Haruto?\n", env={"DISCORD_TOKEN": "", "LANG": "ja_JP.UTF-8"})
    assert "DISCORD_TOKEN が設定されていないため" in out
    assert "麻生遥斗 — 錦戸亮" in out


def test_prompt_speaks_japanese(monkeypatch: pytest.MonkeyPatch) -> None:
    typed = iter(["第8話", "終了"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(typed))
    monkeypatch.setattr(console, "_start_history", lambda: lambda: None)
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert console.interactive(stdin=Terminal(), lang=Lang.JA) == 0
    text = out.getvalue()
    assert text.startswith("『1リットルの涙』について質問してください")
    assert "Ctrl-D で終了します。" in text and "第8話「1リットルの涙」" in text
