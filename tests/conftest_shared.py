"""Find the read-only material that sits beside the repository (``../shared``).

The seed page and the research notes are not part of the repository, so a
test that needs them asks for them here. On CI (``CI=true``) a missing file is
a failure, because the checks it drives would silently vanish; on a developer
machine without it the test is skipped with one line saying why.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """The path of ``../shared/<parts>``; fail (CI) or skip (elsewhere) if it is missing."""
    path = SHARED_DIR.joinpath(*parts)
    if path.exists():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"missing shared material: {path} (CI expects ../shared beside the repo)")
    pytest.skip(f"no {path}: the shared material is not beside this checkout")
