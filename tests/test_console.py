"""The terminal front-end: `namida ask`, `namida console`, and `namida` with no token."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import console
from bot.cli import main
from bot.knowledge import loader

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "knowledge" / "one-litre-of-tears.yaml"


def run(
    *args: str,
    stdin: str = "",
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    encoding: str = "utf-8",
) -> subprocess.CompletedProcess[str]:
    """``namida`` as a process, by default in the test's empty working directory
    (no .env, no knowledge/ folder, whatever a developer keeps in the checkout)."""
    base = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding=encoding,  # strictly: anything the terminal could not show fails the test
        errors="strict",
        cwd=cwd or Path.cwd(),
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


# ----------------------------------------------------------------- which knowledge file


def edited_copy(folder: Path, title: str) -> Path:
    """The shipped file with episode 8 renamed, at ``folder/knowledge/``."""
    path = folder / "knowledge" / SHIPPED.name
    path.parent.mkdir(parents=True)
    text = SHIPPED.read_text(encoding="utf-8")
    old = "    title: 1 litre of tears\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, f"    title: {title}\n"), encoding="utf-8")
    return path


def test_ask_says_which_file_it_read_on_stderr_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "/episode 8"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Episode 8: 1 litre of tears")
    assert err == f"Knowledge: {loader.default_path()} (shipped with namida)\n"


def test_the_knowledge_folder_in_the_working_directory_wins_over_the_shipped_file(
    tmp_path: Path,
) -> None:
    edited_copy(tmp_path, "Edited in the checkout")
    local = f"knowledge/{SHIPPED.name}"
    done = run("ask", "/episode 8", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Episode 8: Edited in the checkout")
    assert f"Knowledge: {local} (in the working directory)" in done.stderr
    # The console (piped) reads the same file.
    done = run("console", stdin="/episode 8\n", cwd=tmp_path)
    assert done.stdout.startswith("Episode 8: Edited in the checkout"), done.stderr


def test_knowledge_path_wins_over_the_folder_and_the_option_over_both(tmp_path: Path) -> None:
    edited_copy(tmp_path, "Edited in the checkout")
    setting = edited_copy(tmp_path / "elsewhere", "Named by the setting")
    option = edited_copy(tmp_path / "other", "Named on the command line")
    env = {"KNOWLEDGE_PATH": str(setting)}
    done = run("ask", "/episode 8", cwd=tmp_path, env=env)
    assert done.stdout.startswith("Episode 8: Named by the setting"), done.stderr
    assert f"Knowledge: {setting} (from KNOWLEDGE_PATH)" in done.stderr
    done = run("ask", "--knowledge", str(option), "/episode 8", cwd=tmp_path, env=env)
    assert done.stdout.startswith("Episode 8: Named on the command line"), done.stderr
    assert f"Knowledge: {option} (from --knowledge)" in done.stderr


def test_json_output_stays_pure_json(tmp_path: Path) -> None:
    done = run("ask", "--json", "/episode 8")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == "Episode 8: 1 litre of tears"
    assert done.stderr.startswith("Knowledge: ")


# ----------------------------------------------------------------- terminals that are not UTF-8


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_ask_degrades_on_a_terminal_that_is_not_utf8(encoding: str) -> None:
    done = run("ask", "who played Haruto?", env={"PYTHONIOENCODING": encoding}, encoding=encoding)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Nishikido Ryo" in done.stdout
    assert "\\u9326" in done.stdout  # 錦, which neither encoding has, as an escape


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_json_is_still_the_same_json_on_a_terminal_that_is_not_utf8(encoding: str) -> None:
    utf8 = run("ask", "--json", "who played Haruto?")
    env = {"PYTHONIOENCODING": encoding}
    narrow = run("ask", "--json", "who played Haruto?", env=env, encoding=encoding)
    assert narrow.returncode == 0, narrow.stderr
    assert json.loads(narrow.stdout) == json.loads(utf8.stdout)
    narrow.stdout.encode("ascii")


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_console_degrades_on_a_terminal_that_is_not_utf8(encoding: str) -> None:
    env = {"PYTHONIOENCODING": encoding, "DISCORD_TOKEN": ""}
    done = run(stdin="who played Haruto?\n/track Konayuki\n", env=env, encoding=encoding)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Nishikido Ryo" in done.stdout and "Konayuki" in done.stdout


# ----------------------------------------------------------------- the prompt in a terminal


class Terminal(io.StringIO):
    """Standard input that says it is a terminal, so the console shows its prompt."""

    def isatty(self) -> bool:
        return True


def test_ctrl_c_at_the_prompt_clears_the_line_and_ctrl_d_quits(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # What input() does on each key press: Ctrl-C raises KeyboardInterrupt (the
    # terminal has already dropped what was typed), Ctrl-D raises EOFError.
    keys: list[str | type[BaseException]] = [KeyboardInterrupt, "/episode 8", EOFError]
    prompts: list[str] = []

    def typed(prompt: str = "") -> str:
        prompts.append(prompt)
        key = keys.pop(0)
        if isinstance(key, str):
            return key
        raise key

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))  # the history file goes here
    monkeypatch.setattr("builtins.input", typed)
    assert console.interactive(stdin=Terminal()) == 0
    assert keys == []  # still asking after Ctrl-C; Ctrl-D ended it
    assert prompts == [console.PROMPT] * 3
    out = capsys.readouterr().out
    assert "Ctrl-C clears the line, Ctrl-D quits." in out
    assert "Episode 8: 1 litre of tears" in out


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


def test_quit_ends_the_console_typed_in_any_case_or_piped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    keys = ["Quit", "/episode 8"]
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setattr("builtins.input", lambda prompt="": keys.pop(0))
    assert console.interactive(stdin=Terminal()) == 0
    assert keys == ["/episode 8"]  # "Quit" ended it; it was not read as a question
    assert "I don't know" not in capsys.readouterr().out
    piped = run("console", stdin="/episode 8\nEXIT\nwho sings Konayuki\n")
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith("Episode 8") and "Konayuki" not in piped.stdout
