"""docs/operating.md, "Running on several machines": the systemd template unit printed
there is accepted by ``systemd-analyze verify`` as printed (only the install folder is
moved into a temporary one), as a template with an instance."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "operating.md"
INSTALL = "/srv/namida"


def printed_unit() -> str:
    text = DOC.read_text(encoding="utf-8")
    [unit] = re.findall(r"```ini\n(# /etc/systemd/system/namida@\.service\n.*?)```", text, re.S)
    return unit


def test_the_unit_is_a_template_over_shard_ranges() -> None:
    unit = printed_unit()
    assert (
        "Environment=SHARD_IDS=%i" in unit and f"ExecStart={INSTALL}/.venv/bin/namida run" in unit
    )
    # systemd takes no comment after a value: every comment is a line of its own.
    for line in unit.splitlines():
        assert line.startswith("#") or "#" not in line, line


def test_systemd_analyze_verify_accepts_it(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        if os.environ.get("CI") == "true":
            pytest.fail("systemd-analyze is missing (CI=true)")
        pytest.skip("no systemd-analyze on this machine")
    install = tmp_path / "srv"
    (install / ".venv" / "bin").mkdir(parents=True)
    namida = install / ".venv" / "bin" / "namida"
    namida.write_text("#!/bin/sh\n")
    namida.chmod(0o755)
    units = tmp_path / "units"
    units.mkdir()
    (units / "namida@.service").write_text(printed_unit().replace(INSTALL, str(install)))
    (units / "namida@0-3.service").symlink_to("namida@.service")
    done = subprocess.run(
        [analyze, "verify", str(units / "namida@0-3.service")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # Warnings (a comment read as part of a value…) still exit 0: none is accepted.
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
