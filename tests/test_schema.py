"""The JSON Schema that editors use agrees with the models and with the shipped file."""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import BaseModel, ValidationError

from bot import cli
from bot.knowledge import loader, models

REPO_ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE_FILE = REPO_ROOT / "knowledge" / "one-litre-of-tears.yaml"
SCHEMA_FILE = REPO_ROOT / "knowledge" / "knowledge.schema.json"
SCHEMA_COMMENT = "# yaml-language-server: $schema=./knowledge.schema.json"
REGENERATE = "namida schema > knowledge/knowledge.schema.json"


@pytest.fixture(scope="module")
def printed() -> str:
    """What `namida schema` prints."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["schema"]) == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def schema(printed: str) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(printed)
    return parsed


def as_json(value: Any) -> Any:
    """YAML values as JSON has them: dates become ISO strings."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def shipped_document() -> Any:
    return as_json(yaml.safe_load(KNOWLEDGE_FILE.read_text(encoding="utf-8")))


def validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_errors(schema: dict[str, Any], document: Any) -> list[jsonschema.ValidationError]:
    """Every error, including those inside anyOf (an optional section is ``X or null``)."""

    def walk(errors: Any) -> Iterator[jsonschema.ValidationError]:
        for error in errors:
            yield error
            yield from walk(error.context or ())

    return list(walk(validator(schema).iter_errors(document)))


def object_schemas(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get("type") == "object" or "properties" in node:
            yield where, node
        for key, value in node.items():
            yield from object_schemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from object_schemas(value, f"{where}/{i}")


def test_the_command_prints_json(printed: str) -> None:
    assert printed.startswith("{") and printed.endswith("}\n")


def test_the_shipped_file_validates_against_the_schema(schema: dict[str, Any]) -> None:
    errors = sorted(validator(schema).iter_errors(shipped_document()), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_the_committed_schema_is_the_printed_one(printed: str) -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == printed, (
        f"{SCHEMA_FILE.name} is out of date with the models; regenerate it with `{REGENERATE}`"
    )


def test_the_knowledge_file_points_editors_at_the_schema() -> None:
    first_line = KNOWLEDGE_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == SCHEMA_COMMENT
    assert (KNOWLEDGE_FILE.parent / "knowledge.schema.json").is_file()


def test_every_object_in_the_schema_forbids_extra_keys(schema: dict[str, Any]) -> None:
    objects = list(object_schemas(schema))
    models_defined = [d for d in schema["$defs"].values() if "enum" not in d]
    assert len(objects) >= len(models_defined) + 1
    open_ones = [where for where, node in objects if node.get("additionalProperties") is not False]
    assert not open_ones, f"these objects accept unknown keys: {open_ones}"


@pytest.mark.parametrize(
    ("where", "key"),
    [((), "sourcez"), (("series",), "yeer"), (("episodes", 7), "titel"), (("soundtrack",), "x")],
)
def test_the_schema_rejects_an_unknown_key(
    schema: dict[str, Any], where: tuple[str | int, ...], key: str
) -> None:
    document = shipped_document()
    target = document
    for part in where:
        target = target[part]
    target[key] = "oops"
    errors = schema_errors(schema, document)
    unexpected = [e for e in errors if e.validator == "additionalProperties"]
    assert [tuple(e.absolute_path) for e in unexpected] == [where]
    assert f"'{key}' was unexpected" in unexpected[0].message


@pytest.mark.parametrize(
    ("path", "value", "keyword"),
    [
        (("episodes", 10, "rating", "value"), 120.5, "maximum"),
        (("episodes", 0, "rating", "value"), -1, "minimum"),
        (("soundtrack", "track_count"), "twenty-three", "type"),
        (("series", "first_aired"), "11 Oct 2005", "format"),
        (("people", 4, "name"), "", "minLength"),
        (("people", 14, "confidence"), "low", "enum"),
        (("schema_version",), 1, "const"),
    ],
)
def test_the_schema_catches_what_an_editor_can_see(
    schema: dict[str, Any], path: tuple[str | int, ...], value: Any, keyword: str
) -> None:
    document = shipped_document()
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    errors = schema_errors(schema, document)
    assert errors, f"the schema accepts {value!r} at {path}"
    assert (keyword, path) in {(e.validator, tuple(e.absolute_path)) for e in errors}


def test_the_schema_declares_every_top_level_section(schema: dict[str, Any]) -> None:
    assert set(schema["properties"]) == set(models.Knowledge.model_fields)
    assert set(schema["required"]) == {"sources", "series", "episodes"}
    assert schema["additionalProperties"] is False


def model_classes() -> list[type[BaseModel]]:
    return [
        cls
        for _, cls in inspect.getmembers(models, inspect.isclass)
        if issubclass(cls, BaseModel) and cls.__module__ == models.__name__
    ]


@pytest.mark.parametrize("cls", model_classes(), ids=lambda cls: cls.__name__)
def test_every_model_is_frozen_and_closed(cls: type[BaseModel]) -> None:
    assert cls.model_config.get("frozen") is True
    assert cls.model_config.get("extra") == "forbid"


def test_loaded_knowledge_cannot_be_changed() -> None:
    knowledge = loader.load()
    with pytest.raises(ValidationError, match="frozen"):
        knowledge.series.title = "Another drama"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        knowledge.episodes[0].aired = dt.date(2005, 10, 12)  # type: ignore[misc]
    assert isinstance(knowledge.episodes, tuple)
    assert isinstance(knowledge.episodes[0].sources, tuple)
    with pytest.raises(TypeError):
        knowledge.episodes[0].sources[0] = "x"  # type: ignore[index]
    # Frozen models hash, so engines may use facts as dictionary keys.
    assert hash(knowledge.episodes[0]) == hash(loader.load().episodes[0])
