"""`namida check`: a one-line summary and exit 0, or every problem and exit 1."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot import cli
from bot.knowledge import loader
from bot.knowledge.models import Knowledge

REPO_ROOT = Path(__file__).resolve().parents[1]
SHIPPED = REPO_ROOT / "knowledge" / "one-litre-of-tears.yaml"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``namida`` as a process, from the test's empty working directory by default.

    Not from the checkout: there ``python -m bot`` would import the checkout's
    sources and read its knowledge/ folder, whatever is installed.
    """
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd or Path.cwd(),
    )


def assert_summary(line: str, path: Path, knowledge: Knowledge) -> None:
    """The summary names the file, says OK and gives the counts of what it holds."""
    assert line.startswith(f"{path}: OK: One Litre of Tears: "), line
    tracks = len(knowledge.soundtrack.tracks) if knowledge.soundtrack else 0
    counts = [
        f"{len(knowledge.episodes)} episodes",
        f"{tracks} tracks",
        f"{len(knowledge.people)} people",
        f"{len(knowledge.characters)} characters",
        f"{len(knowledge.sources)} sources",
    ]
    for count in counts:
        assert re.search(rf"\b{count}\b", line), f"{count!r} is not in {line!r}"
    assert re.search(rf"\b{len(knowledge.specials)} specials?\b", line), line
    # The seed page fixes these two.
    assert "11 episodes" in line and "19 tracks" in line


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return loader.load()


@pytest.fixture
def broken(tmp_path: Path) -> tuple[Path, list[str]]:
    """A copy of the shipped file with three mistakes, and the lines they are on."""
    text = SHIPPED.read_text(encoding="utf-8")
    edits = [
        ("played_by: fujiki-naohito", "played_by: fujiki-naoto"),
        ("      value: 13.5\n", "      value: 130.5\n"),
        ("    native_title: 今を生きる\n", "    nativ_title: 今を生きる\n"),
    ]
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    def line_of(snippet: str) -> int:
        return next(n for n, line in enumerate(lines, start=1) if snippet in line)

    expected = [
        f"  {path}:{line_of('fujiki-naoto')}: characters[7].played_by: "
        "unknown person id 'fujiki-naoto' (not in people)",
        f"  {path}:{line_of('value: 130.5')}: episodes[0].rating.value: "
        "Input should be less than or equal to 100 (got 130.5)",
        f"  {path}:{line_of('nativ_title')}: episodes[8].nativ_title: "
        "unknown key (check the spelling; allowed keys are in `namida schema`)",
    ]
    return path, expected


def test_check_the_shipped_file(capsys: pytest.CaptureFixture[str], knowledge: Knowledge) -> None:
    assert cli.main(["check"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.count("\n") == 1
    assert_summary(out.strip(), loader.default_path(), knowledge)


def test_check_a_named_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], knowledge: Knowledge
) -> None:
    path = tmp_path / "copy.yaml"
    shutil.copyfile(SHIPPED, path)
    assert cli.main(["check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert_summary(out.strip(), path, knowledge)


def test_check_uses_the_knowledge_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], knowledge: Knowledge
) -> None:
    path = tmp_path / "other.yaml"
    shutil.copyfile(SHIPPED, path)
    assert cli.main(["--knowledge", str(path), "check"]) == 0
    assert_summary(capsys.readouterr().out.strip(), path, knowledge)


def test_check_as_a_process(knowledge: Knowledge) -> None:
    done = run("check")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert_summary(done.stdout.strip(), loader.default_path(), knowledge)


def test_check_reads_the_knowledge_folder_in_the_working_directory(
    tmp_path: Path, knowledge: Knowledge
) -> None:
    # An owner's edited copy in ./knowledge/ wins over the one inside the package.
    local = tmp_path / "knowledge" / SHIPPED.name
    local.parent.mkdir()
    local.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    done = run("check", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert_summary(done.stdout.strip(), Path("knowledge") / SHIPPED.name, knowledge)
    # ...and a broken edit there is what check reports.
    local.write_text("series: [\n", encoding="utf-8")
    done = run("check", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[1].startswith(f"  knowledge/{SHIPPED.name}:2: (yaml)")


# What the offline commands must not import: Discord's client and its HTTP
# library, the settings' library (only the environment or .env can set
# KNOWLEDGE_PATH, and here neither does), Babel (English, and no date shown),
# logging (nothing goes wrong here that would be logged).
OFFLINE_UNUSED = ("discord", "aiohttp", "pydantic_settings", "asyncio", "babel", "logging")


@pytest.mark.parametrize(
    "argv",
    [["check"], ["ask", "who played haruto"], ["ask", "--lang", "en", "/cast"]],
    ids=["check", "ask", "ask-command"],
)
def test_offline_commands_import_only_what_they_use(argv: list[str], tmp_path: Path) -> None:
    code = (
        "import sys; from bot.cli import main; main(sys.argv[1:]); "
        f"print([m for m in {OFFLINE_UNUSED!r} if m in sys.modules])"
    )
    env = {k: v for k, v in os.environ.items() if k.upper() != "KNOWLEDGE_PATH"}
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(Path.cwd())},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


def test_a_broken_file_gives_every_problem_and_exit_1(
    broken: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, expected = broken
    assert cli.main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == ["3 problems in the knowledge file:", *expected]


def test_a_broken_file_as_a_process(broken: tuple[Path, list[str]]) -> None:
    path, expected = broken
    done = run("check", str(path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == ["3 problems in the knowledge file:", *expected]


def test_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "/nonexistent"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "1 problem in the knowledge file:\n"
        "  /nonexistent: (file): cannot read it: No such file or directory\n"
    )


def test_a_missing_file_as_a_process(tmp_path: Path) -> None:
    path = tmp_path / "gone.yaml"
    done = run("check", str(path))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{path}: (file): cannot read it: No such file or directory" in done.stderr


def test_a_directory_is_not_a_knowledge_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", str(tmp_path)]) == 1
    assert f"{tmp_path}: (file): cannot read it: Is a directory" in capsys.readouterr().err
