"""Isolation for every test: no setting from the developer's shell or `.env`, no stray files.

- Every environment variable :class:`bot.settings.Settings` would read is removed,
  and so are the locale variables (a Japanese shell must not turn answers Japanese),
  and each test runs in a fresh empty working directory (so no `.env` is found
  and anything written to a relative path lands there, not in the checkout).
  Tests that start ``python -m bot`` pass their own ``cwd``. The cache
  directory (``XDG_CACHE_HOME``) is the run's own.
- Processes started as ``python -m bot`` import the same ``bot`` as the tests
  (``PYTHONPATH``), so the suite tests an installed wheel as well as a checkout.
- Hypothesis keeps no example database (no ``.hypothesis/`` in the checkout); with
  ``CI=true`` it is also derandomized, so a CI run is reproducible.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from postgres_cluster import Cluster, running_cluster

import bot
from bot.settings import Settings

PACKAGE_HOME = Path(bot.__file__).resolve().parents[1]
CHECKOUT = Path(__file__).resolve().parents[1]

if os.environ.get("NAMIDA_TEST_INSTALLED") == "1" and PACKAGE_HOME == CHECKOUT:
    raise pytest.UsageError(
        f"NAMIDA_TEST_INSTALLED=1, but bot was imported from the checkout ({CHECKOUT}): "
        "run the installed pytest script, not `python -m pytest`, from the checkout"
    )

hypothesis_settings.register_profile("dev", database=None)
hypothesis_settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, print_blob=True
)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


def settings_env_names() -> frozenset[str]:
    """The variable names Settings reads, upper case (pydantic-settings ignores case)."""
    prefix = str(Settings.model_config.get("env_prefix") or "")
    names: set[str] = set()
    for name, field in Settings.model_fields.items():
        aliases: Iterable[object] = (field.alias, field.validation_alias)
        names.add(f"{prefix}{name}".upper())
        names.update(alias.upper() for alias in aliases if isinstance(alias, str))
    return frozenset(names)


ENV_NAMES = settings_env_names()
# The variables that choose the console's language (bot.i18n.from_environment).
LOCALE_NAMES = frozenset({"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"})


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """No Settings variable in the environment; the test runs in an empty directory.

    Returns that directory (a test may write a `.env` there).
    """
    for name in list(os.environ):
        if name.upper() in ENV_NAMES or name in LOCALE_NAMES:
            monkeypatch.delenv(name)
    workdir = tmp_path_factory.mktemp("cwd")
    monkeypatch.chdir(workdir)
    # `python -m bot` in a subprocess imports the same package as this process
    # (the checkout, or the installed wheel), whatever its working directory.
    pythonpath = [str(PACKAGE_HOME), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(pythonpath))
    # Cached knowledge and engines (bot.knowledge.cache) go to the run's own
    # directory, shared by its tests and processes, never the developer's.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
    return workdir


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One throwaway PostgreSQL server for the whole run (skipped without binaries)."""
    with running_cluster() as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """A fresh empty database on the shared server, for one test."""
    return pg_cluster.new_database()
