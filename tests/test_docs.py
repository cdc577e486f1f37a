"""The README and docs/: short, linked, and true about what the bot and its commands do.

Unit files printed in the docs are checked twice: by a small parser that
refuses what systemd would misread (a ``#`` after a value is part of the
value, not a comment, and ``systemd-analyze verify`` itself accepts one in
``WorkingDirectory=``), and by ``systemd-analyze verify`` where it is installed.
"""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot import cli
from bot.engine.engine import Engine
from bot.exits import MEANINGS, Exit

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]


def fenced_blocks(path: Path) -> list[tuple[int, str, str]]:
    """(line, info string, body) of each fenced code block in a Markdown file."""
    blocks = []
    for found in re.finditer(
        r"^```(\w*)\n(.*?)^```$", path.read_text(encoding="utf-8"), re.M | re.S
    ):
        line = path.read_text(encoding="utf-8").count("\n", 0, found.start()) + 1
        blocks.append((line, found[1], found[2]))
    return blocks


# ----------------------------------------------------------------- shape and links


def test_the_readme_is_for_someone_deciding_to_run_the_bot() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 250
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert "Quick start" in headings
    for page in ("knowledge.md", "operating.md", "development.md"):
        assert f"(docs/{page})" in text, page


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_and_anchor_exists(page: Path) -> None:
    text = re.sub(r"^```.*?^```$", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+://", target):
            continue
        file_part, _, anchor = target.partition("#")
        linked = (page.parent / file_part).resolve() if file_part else page
        assert linked.exists(), f"{page.name}: broken link {target}"
        if anchor and linked.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.M)
            assert anchor in {_anchor(h) for h in headings}, f"{page.name}: no #{anchor}"


def test_the_readme_example_exchange_is_what_the_bot_says() -> None:
    """The transcript in the README: each question's answer starts as printed."""
    engine = Engine.from_path()
    transcript = next(body for _, _, body in fenced_blocks(README) if "namida> " in body)
    lines = transcript.splitlines()
    asked = 0
    for number, line in enumerate(lines):
        if line.startswith("namida> "):
            answer = engine.ask(line.removeprefix("namida> "))
            assert answer.title == lines[number + 1], line
            asked += 1
    assert asked >= 3


@pytest.mark.parametrize(
    "typed",
    # "with or without macrons (Asō, Asou, Aso), in either name order, in
    # Japanese script, or slightly misspelt", as the README promises.
    ["Asō Haruto", "Asou Haruto", "Aso Haruto", "Haruto Aso", "麻生遥斗", "Aso Harto"],
)
def test_the_readme_promise_about_spellings_holds(typed: str) -> None:
    assert "(Asō,\n  Asou, Aso), in either name order, in Japanese script" in README.read_text(
        encoding="utf-8"
    )
    answer = Engine.from_path().ask(f"/cast {typed}")
    assert answer.title == "Asō Haruto — Nishikido Ryo"


# ----------------------------------------------------------------- exit statuses


def test_help_lists_every_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "exit statuses:" in out
    for code in Exit:
        assert re.search(rf"^  {int(code)} +\S", out, re.M), f"status {int(code)} in --help"
    assert MEANINGS.keys() == set(Exit)


def test_ask_help_says_when_it_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ask", "--help"]) == 0
    assert "3 when there is none" in capsys.readouterr().out


def test_the_operating_docs_list_every_exit_status() -> None:
    text = (DOCS / "operating.md").read_text(encoding="utf-8")
    table = text[text.index("| Status | Meaning |") :].split("\n\n", 1)[0]
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", table, re.M)}
    assert documented == {int(code) for code in Exit}


# ----------------------------------------------------------------- systemd units


def unit_files() -> list[tuple[str, str]]:
    """(where, text) of every unit file printed in the docs."""
    units = []
    for page in PAGES:
        for line, _, body in fenced_blocks(page):
            if re.search(r"^\[(Unit|Service|Install)\]$", body, re.M):
                units.append((f"{page.relative_to(ROOT)}:{line}", body))
    return units


UNITS = unit_files()
SECTIONS = {"Unit", "Service", "Install", "Socket", "Timer", "Path"}


def unit_problems(text: str) -> list[str]:
    """What systemd would misread in a unit file, one message per line at fault."""
    problems = []
    section = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if header := re.fullmatch(r"\[(\w+)\]", stripped):
            section = header[1]
            if section not in SECTIONS:
                problems.append(f"line {number}: unknown section [{section}]")
            continue
        pair = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*)=(.*)", stripped)
        if pair is None:
            problems.append(f"line {number}: not Key=Value: {stripped!r}")
            continue
        key, value = pair.groups()
        if section is None:
            problems.append(f"line {number}: {key} outside any section")
        if comment := re.search(r"\s[#;].*$", value):
            problems.append(
                f'line {number}: {key}: "{comment[0].strip()}" is not a comment after a value: '
                "put it on its own line"
            )
        if key.startswith("Exec") and not value.lstrip("-@:+!").startswith("/"):
            problems.append(f"line {number}: {key} needs an absolute path")
    return problems


def test_the_docs_print_a_unit_file() -> None:
    assert UNITS, "docs/operating.md shows a systemd unit"


@pytest.mark.parametrize(("where", "text"), UNITS, ids=[w for w, _ in UNITS])
def test_unit_files_in_the_docs_read_as_written(where: str, text: str) -> None:
    assert unit_problems(text) == [], where


def _systemd_analyze() -> str | None:
    found = shutil.which("systemd-analyze")
    if found is None or not sys.platform.startswith("linux"):
        return None
    return found


@pytest.mark.skipif(_systemd_analyze() is None, reason="systemd-analyze is not installed")
@pytest.mark.parametrize(("where", "text"), UNITS, ids=[w for w, _ in UNITS])
def test_unit_files_in_the_docs_pass_systemd_analyze_verify(
    where: str, text: str, tmp_path: Path
) -> None:
    # verify insists that each command exists: stand in for the owner's install.
    stand_in = tmp_path / "bin" / "namida"
    stand_in.parent.mkdir()
    stand_in.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    stand_in.chmod(stand_in.stat().st_mode | stat.S_IXUSR)
    installed = re.search(r"^ExecStart=[-@:+!]*(\S+)", text, re.M)
    assert installed, where
    unit = tmp_path / "namida.service"
    unit.write_text(text.replace(installed[1], str(stand_in)), encoding="utf-8")
    done = subprocess.run(
        [str(_systemd_analyze()), "verify", "--man=no", str(unit)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr.strip()) == (0, ""), where


def test_the_parser_refuses_the_unit_the_readme_once_printed() -> None:
    old = (
        "[Service]\n"
        "WorkingDirectory=/srv/namida          # where .env and the misses database live\n"
        "ExecStart=/bin/true\n"
        "RestartPreventExitStatus=1            # a bad token or setting won't fix itself\n"
    )
    assert [p.split(":")[0] for p in unit_problems(old)] == ["line 2", "line 4"]
    assert unit_problems("[Service]\nExecStart=/bin/true\n") == []
    assert unit_problems("[Service]\nExecStart=namida run\n") == [
        "line 2: ExecStart needs an absolute path"
    ]
