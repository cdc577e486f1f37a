"""The terminal front-end: `namida ask`, `namida console`, and `namida` with no token."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT / "tests",  # no .env here, whatever a developer keeps at the root
        env={**base, **(env or {})},
        timeout=60,
        check=False,
    )


def test_ask_found_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "who", "played", "Haruto?"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Asō Haruto — Nishikido Ryo")
    assert "Sources:" in out


def test_ask_not_found_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "who won the world cup"]) == 3
    assert "I don't know" in capsys.readouterr().out


def test_ask_slash_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "/track Konayuki"]) == 0
    assert capsys.readouterr().out.startswith("Track 22: Konayuki (Piano Version)")


def test_ask_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "/episode 8"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "found"
    assert data["title"] == "Episode 8: 1 litre of tears"
    assert data["sources"][0]["url"].startswith("https://")


def test_ask_without_text_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask"]) == 2
    assert "usage" in capsys.readouterr().err


def test_unknown_command_is_a_usage_error() -> None:
    assert main(["frobnicate"]) == 2


def test_ask_with_broken_knowledge_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("series: [\n", encoding="utf-8")
    assert main(["--knowledge", str(broken), "ask", "episode 8"]) == 1
    err = capsys.readouterr().err
    assert "broken.yaml:" in err and "Traceback" not in err


def test_console_piped_answers_each_line() -> None:
    result = run("console", stdin="/episode 8\n\nwho sings Konayuki\nwhat's the weather\n")
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.strip().split("\n\n")
    assert len(blocks) == 3
    assert blocks[0].startswith("Episode 8: 1 litre of tears")
    assert blocks[1].startswith("Konayuki (粉雪)")
    assert blocks[2].startswith("I don't know")


def test_no_arguments_and_no_token_opens_the_console() -> None:
    result = run(stdin="who played Haruto?\n", env={"DISCORD_TOKEN": ""})
    assert result.returncode == 0, result.stderr
    assert "No DISCORD_TOKEN" in result.stderr
    assert "Nishikido Ryo" in result.stdout


def test_ask_explain_prints_the_reading(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--explain", "when did episode 3 air"]) == 0
    out = capsys.readouterr().out
    reading, _, answer = out.partition("\n\n")
    assert reading.startswith("Reading:")
    for part in ("intent: episode", "number: 3", "attribute: aired", "unexplained: -"):
        assert part in reading
    assert "Episode 3" in answer


def test_ask_explain_names_what_it_could_not_place(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--explain", "is it on hulu"]) == 3
    assert "unexplained: hulu" in capsys.readouterr().out


def test_lexicon_schema_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--lexicon"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"entries", "stop_en", "stop_ja", "examples", "subjects"} <= set(schema["properties"])
